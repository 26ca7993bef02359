//! Solve: hand a built model to a backend and report honestly what it said.
//!
//! good_lp builds the matrix; the backend's own model object is then driven directly so that
//! its exact termination status survives (good_lp folds "unbounded or infeasible" into
//! "infeasible" and every limit into "time limit").

use crate::error::Error;
use crate::formulation::LpModel;
use serde::Serialize;
use std::time::Instant;

/// LPs with more columns than this go to HiGHS's interior point under the default backend
/// (`highs`); smaller ones and MIPs to its own choice (dual simplex for LPs).
pub const IPM_ABOVE_COLUMNS: usize = 50_000;

/// A solver backend compiled into this build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Backend {
    /// HiGHS: dual simplex for LPs up to `IPM_ABOVE_COLUMNS` columns, interior point with
    /// crossover above; branch and cut for MIPs.
    Highs,
    /// HiGHS, dual simplex.
    HighsSimplex,
    /// HiGHS, interior point with crossover.
    HighsIpm,
    /// Clarabel, interior point, LP only (no integer variables: use `--relax`).
    Clarabel,
}

impl Backend {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Highs => "highs",
            Backend::HighsSimplex => "highs-simplex",
            Backend::HighsIpm => "highs-ipm",
            Backend::Clarabel => "clarabel",
        }
    }
    /// Whether this build includes the backend.
    pub fn available(self) -> bool {
        match self {
            Backend::Highs | Backend::HighsSimplex | Backend::HighsIpm => cfg!(feature = "highs"),
            Backend::Clarabel => cfg!(feature = "clarabel"),
        }
    }
    /// The default backend of this build: HiGHS where compiled in, else Clarabel.
    pub fn default_for_build() -> Backend {
        if cfg!(feature = "highs") {
            Backend::Highs
        } else {
            Backend::Clarabel
        }
    }
}

/// Options of one solve. Defaults: no limits, HiGHS's default relative MIP gap (1e-4), one thread.
#[derive(Debug, Clone, Serialize)]
pub struct SolveOptions {
    /// Backend.
    pub backend: Backend,
    /// Wall-clock limit in seconds.
    pub time_limit_s: Option<f64>,
    /// Relative MIP gap at which branch and bound stops.
    pub mip_gap: Option<f64>,
    /// Solver threads (1 when a sweep runs scenarios in parallel).
    pub threads: u32,
    /// Print the solver's log.
    pub verbose: bool,
    /// Extra HiGHS options as `name=value` pairs, passed through as given.
    pub highs_options: Vec<(String, String)>,
    /// A simplex basis to start from (HiGHS; used when its dimensions match the model).
    #[serde(skip)]
    pub warm_basis: Option<std::sync::Arc<Basis>>,
    /// Return the optimal basis (HiGHS LPs), to warm-start later solves.
    #[serde(skip)]
    pub return_basis: bool,
}

/// A simplex basis: HiGHS's status code of every column and row.
#[derive(Debug, Clone, PartialEq)]
pub struct Basis {
    /// Column statuses.
    pub cols: Vec<i32>,
    /// Row statuses.
    pub rows: Vec<i32>,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            backend: Backend::default_for_build(),
            time_limit_s: None,
            mip_gap: None,
            threads: 1,
            verbose: false,
            highs_options: Vec::new(),
            warm_basis: None,
            return_basis: false,
        }
    }
}

/// What the solver established, and nothing more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven optimal (for a MIP: within the relative gap).
    Optimal,
    /// A feasible plan, stopped by a limit before optimality was proven.
    Feasible,
    /// Proven infeasible.
    Infeasible,
    /// Proven unbounded.
    Unbounded,
    /// Infeasible or unbounded: the solver did not say which.
    InfeasibleOrUnbounded,
    /// A limit (time, iterations, memory) was hit with no usable plan.
    LimitNoSolution,
}

impl Status {
    /// Whether the outcome carries a plan.
    pub fn has_plan(self) -> bool {
        matches!(self, Status::Optimal | Status::Feasible)
    }
}

/// The result of a solve.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Our status.
    pub status: Status,
    /// The backend's own status, as it named it.
    pub solver_status: String,
    /// Column values, when a plan exists.
    pub values: Option<Vec<f64>>,
    /// Row duals (HiGHS sign convention), for LPs solved to optimality by HiGHS.
    pub row_duals: Option<Vec<f64>>,
    /// Objective value reported by the solver.
    pub objective: Option<f64>,
    /// Relative MIP gap reported by the solver (MIPs only).
    pub mip_gap: Option<f64>,
    /// The optimal basis, when asked for and available.
    pub basis: Option<Basis>,
    /// Seconds in the solver (including the hand-over of the matrix).
    pub solve_s: f64,
}

/// Solves a formulation with the chosen backend.
pub fn solve(f: LpModel, opts: &SolveOptions) -> Result<Outcome, Error> {
    if !opts.backend.available() {
        return Err(Error::Usage(format!(
            "solver backend `{}` is not in this build; rebuild with `--features {}`",
            opts.backend.name(),
            if opts.backend == Backend::Clarabel {
                "clarabel"
            } else {
                "highs"
            }
        )));
    }
    match opts.backend {
        #[cfg(feature = "highs")]
        Backend::Highs | Backend::HighsSimplex | Backend::HighsIpm => highs_backend::solve(f, opts),
        #[cfg(feature = "clarabel")]
        Backend::Clarabel => clarabel_backend::solve(f, opts),
        #[allow(unreachable_patterns)]
        _ => unreachable!("availability checked above"),
    }
}

/// Sets a HiGHS option given as text (`--highs-option NAME=VALUE`): HiGHS options are typed,
/// so the value is tried as an integer, a number, a switch, then text.
#[cfg(feature = "highs")]
pub(crate) fn set_highs_option(model: &mut highs::Model, k: &str, v: &str) -> Result<(), Error> {
    let done = if let Ok(i) = v.parse::<i32>() {
        model.try_set_option(k, i).is_ok() || model.try_set_option(k, f64::from(i)).is_ok()
    } else if let Ok(x) = v.parse::<f64>() {
        model.try_set_option(k, x).is_ok()
    } else if let Ok(b) = v.parse::<bool>() {
        model.try_set_option(k, b).is_ok()
    } else {
        model.try_set_option(k, v).is_ok()
    };
    if done {
        Ok(())
    } else {
        Err(Error::Usage(format!("--highs-option {k}={v}: HiGHS rejected it, expected a HiGHS option name and a value of its type")))
    }
}

#[cfg(feature = "highs")]
mod highs_backend {
    use super::*;
    use highs::HighsModelStatus as M;
    use highs::HighsSolutionStatus;

    pub fn solve(f: LpModel, opts: &SolveOptions) -> Result<Outcome, Error> {
        let start = Instant::now();
        let LpModel {
            problem,
            rows,
            objective,
            integer_variables,
            start: mip_start,
        } = f;
        let mut pb = good_lp::solvers::highs::highs(problem.minimise(objective));
        for c in rows.constraints {
            good_lp::SolverModel::add_constraint(&mut pb, c);
        }
        let mut model = pb
            .try_into_inner()
            .map_err(|e| Error::Solver(format!("HiGHS rejected the model: {e}")))?;
        fn set<V: highs::HighsOptionValue>(
            m: &mut highs::Model,
            k: &str,
            v: V,
        ) -> Result<(), Error> {
            m.try_set_option(k, v)
                .map_err(|e| Error::Solver(format!("HiGHS option {k}: {e}")))
        }
        let (ncols, nrows) = (model.num_cols(), model.num_rows());
        set(&mut model, "output_flag", opts.verbose)?;
        set(&mut model, "threads", opts.threads.max(1) as i32)?;
        let method = match opts.backend {
            Backend::HighsSimplex => "simplex",
            Backend::HighsIpm => "ipm",
            // Measured (README, "Performance"): dual simplex is fastest on the reference plant,
            // interior point (with crossover, so plans stay vertex solutions) on larger LPs.
            Backend::Highs if integer_variables == 0 && ncols > IPM_ABOVE_COLUMNS => "ipm",
            _ => "choose",
        };
        set(&mut model, "solver", method)?;
        if let Some(t) = opts.time_limit_s {
            set(&mut model, "time_limit", t)?;
        }
        if let Some(g) = opts.mip_gap {
            set(&mut model, "mip_rel_gap", g)?;
        }
        for (k, v) in &opts.highs_options {
            set_highs_option(&mut model, k, v)?;
        }
        if let Some(b) = &opts.warm_basis {
            if b.cols.len() == model.num_cols() && b.rows.len() == model.num_rows() {
                // SAFETY: both arrays have exactly the model's column and row counts.
                unsafe {
                    highs_sys::Highs_setBasis(model.as_mut_ptr(), b.cols.as_ptr(), b.rows.as_ptr());
                }
            }
        }
        if let Some(cols) = &mip_start {
            // A rejected start only costs the solver its head start.
            let _ = model.try_set_solution(Some(cols), None, None, None);
        }
        let solved = model
            .try_solve()
            .map_err(|e| Error::Solver(format!("HiGHS failed: {e:?}")))?;
        let raw = solved.status();
        let has_primal = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
        let status = match raw {
            M::Optimal => Status::Optimal,
            M::Infeasible => Status::Infeasible,
            M::Unbounded => Status::Unbounded,
            M::UnboundedOrInfeasible => Status::InfeasibleOrUnbounded,
            M::ReachedTimeLimit
            | M::ReachedIterationLimit
            | M::ReachedSolutionLimit
            | M::ReachedInterrupt
            | M::ReachedMemoryLimit
            | M::ObjectiveBound
            | M::ObjectiveTarget => {
                if has_primal {
                    Status::Feasible
                } else {
                    Status::LimitNoSolution
                }
            }
            other => return Err(Error::Solver(format!("HiGHS ended with status {other:?}"))),
        };
        let mip_gap = (integer_variables > 0).then(|| solved.mip_gap());
        let basis = (opts.return_basis && integer_variables == 0 && status == Status::Optimal)
            .then(|| {
                let mut b = Basis {
                    cols: vec![0; ncols],
                    rows: vec![0; nrows],
                };
                // SAFETY: both arrays have exactly the model's column and row counts.
                let rc = unsafe {
                    highs_sys::Highs_getBasis(
                        solved.as_ptr(),
                        b.cols.as_mut_ptr(),
                        b.rows.as_mut_ptr(),
                    )
                };
                (rc == 0).then_some(b)
            })
            .flatten();
        let (values, row_duals) = if status.has_plan() && has_primal {
            let sol = solved.get_solution();
            let duals = (integer_variables == 0 && status == Status::Optimal)
                .then(|| sol.dual_rows().to_vec());
            (Some(sol.columns().to_vec()), duals)
        } else {
            (None, None)
        };
        let status = if status.has_plan() && values.is_none() {
            Status::LimitNoSolution
        } else {
            status
        };
        Ok(Outcome {
            status,
            solver_status: format!("{raw:?}"),
            objective: values.as_ref().map(|_| solved.objective_value()),
            values,
            row_duals,
            mip_gap,
            basis,
            solve_s: start.elapsed().as_secs_f64(),
        })
    }
}

#[cfg(feature = "clarabel")]
mod clarabel_backend {
    use super::*;
    use clarabel::solver::{IPSolver, SolverStatus as S};

    pub fn solve(f: LpModel, opts: &SolveOptions) -> Result<Outcome, Error> {
        if f.integer_variables > 0 {
            return Err(Error::Usage(format!(
                "clarabel solves LPs only and this model has {} integer variables (truck trips): add --relax or use --solver highs",
                f.integer_variables
            )));
        }
        let start = Instant::now();
        let LpModel {
            problem,
            rows,
            objective,
            ..
        } = f;
        let mut pb = good_lp::solvers::clarabel::clarabel(problem.minimise(objective));
        {
            let s = pb.settings();
            s.verbose(opts.verbose)
                .max_iter(500)
                .tol_gap_abs(1e-9)
                .tol_gap_rel(1e-9)
                .tol_feas(1e-9);
            if let Some(t) = opts.time_limit_s {
                s.time_limit(t);
            }
        }
        for c in rows.constraints {
            good_lp::SolverModel::add_constraint(&mut pb, c);
        }
        let mut solver = pb
            .try_into_solver()
            .map_err(|e| Error::Solver(format!("Clarabel rejected the model: {e}")))?;
        solver.solve();
        let raw = solver.solution.status;
        let status = match raw {
            S::Solved => Status::Optimal,
            // Reduced accuracy: a plan, but not one we call optimal.
            S::AlmostSolved => Status::Feasible,
            S::PrimalInfeasible | S::AlmostPrimalInfeasible => Status::Infeasible,
            S::DualInfeasible | S::AlmostDualInfeasible => Status::Unbounded,
            S::MaxIterations | S::MaxTime => Status::LimitNoSolution,
            other => {
                return Err(Error::Solver(format!(
                    "Clarabel ended with status {other:?}"
                )))
            }
        };
        let values = status.has_plan().then(|| solver.solution.x.clone());
        Ok(Outcome {
            status,
            solver_status: format!("{raw:?}"),
            objective: values.as_ref().map(|_| solver.solution.obj_val),
            values,
            row_duals: None,
            mip_gap: None,
            basis: None,
            solve_s: start.elapsed().as_secs_f64(),
        })
    }
}
