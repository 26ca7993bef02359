//! Solve: hand a built model to a backend and report honestly what it said.
//!
//! good_lp builds the matrix; the backend's own model object is then driven directly so that
//! its exact termination status survives (good_lp folds "unbounded or infeasible" into
//! "infeasible" and every limit into "time limit").

use crate::error::Error;
use crate::formulation::LpModel;
use serde::{Serialize, Serializer};
use std::collections::HashMap;
use std::time::{Duration, Instant};

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

impl SolveOptions {
    /// These options with HiGHS's presolve turned off (after any `--highs-option`, so it wins).
    pub fn without_presolve(&self) -> SolveOptions {
        let mut o = self.clone();
        o.highs_options.push(("presolve".into(), "off".into()));
        o
    }
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

/// What a run established, and nothing more: the solver's word, and the checker's verdict
/// where it rejected the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Proven optimal (for a MIP: within the relative gap).
    Optimal,
    /// A feasible plan, stopped by a limit before optimality was proven.
    Feasible,
    /// The solver returned a plan and the independent checker rejected it (a violated rule, or
    /// costs that do not add up to the solver's objective). The plan is kept for inspection
    /// only: it is neither optimal nor feasible.
    Rejected,
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
    /// Every status, in the order of the README's table.
    pub const ALL: [Status; 7] = [
        Status::Optimal,
        Status::Feasible,
        Status::Rejected,
        Status::Infeasible,
        Status::Unbounded,
        Status::InfeasibleOrUnbounded,
        Status::LimitNoSolution,
    ];

    /// The one name of a status, as JSON, CSV rows, reports and the text summary write it.
    pub fn name(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
            Status::Rejected => "rejected",
            Status::Infeasible => "infeasible",
            Status::Unbounded => "unbounded",
            Status::InfeasibleOrUnbounded => "infeasible_or_unbounded",
            Status::LimitNoSolution => "limit_no_solution",
        }
    }

    /// Whether the status stands for a usable plan (optimal or feasible). A rejected plan is
    /// kept for inspection but is not one.
    pub fn has_plan(self) -> bool {
        matches!(self, Status::Optimal | Status::Feasible)
    }

    /// The exit code of `triplan solve` for a run that ended with this status (README, "Exit
    /// codes"): 0 a usable plan, 1 a rejected plan, 3 infeasible or unbounded, 4 a limit hit
    /// before a plan was found.
    pub fn exit_code(self) -> u8 {
        match self {
            Status::Optimal | Status::Feasible => 0,
            Status::Rejected => 1,
            Status::Infeasible | Status::Unbounded | Status::InfeasibleOrUnbounded => 3,
            Status::LimitNoSolution => 4,
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// Relative tolerance between the objective a solver reports and `c·x` of its plan:
/// they agree when `|reported - c·x| <= OBJECTIVE_TOLERANCE * max(1, |c·x|)`.
pub const OBJECTIVE_TOLERANCE: f64 = 1e-6;

/// Whether a solver's reported objective agrees with `c·x` of its plan (see
/// [`OBJECTIVE_TOLERANCE`]). A missing or non-finite figure never agrees.
pub fn objectives_agree(plan_objective: f64, reported: f64) -> bool {
    plan_objective.is_finite()
        && reported.is_finite()
        && (reported - plan_objective).abs() <= OBJECTIVE_TOLERANCE * plan_objective.abs().max(1.0)
}

/// The objective as a sparse cost vector over the model's columns, plus its constant: what
/// `c·x` of a plan is computed from, independently of what the solver says.
#[derive(Debug, Clone, Default)]
pub struct ObjectiveCosts {
    /// `(column, cost)` for every column with a cost.
    pub costs: Vec<(usize, f64)>,
    /// The constant term.
    pub constant: f64,
}

impl ObjectiveCosts {
    /// The costs of a built model's objective.
    pub fn of(m: &LpModel) -> ObjectiveCosts {
        use good_lp::IntoAffineExpression;
        let col: HashMap<good_lp::Variable, usize> = m
            .problem
            .iter_variables_with_def()
            .enumerate()
            .map(|(j, (v, _))| (v, j))
            .collect();
        ObjectiveCosts {
            costs: (&m.objective)
                .linear_coefficients()
                .filter_map(|(v, c)| col.get(&v).map(|&j| (j, c)))
                .collect(),
            constant: m.objective.constant(),
        }
    }

    /// `c·x + constant` of column values `x` (NaN when `x` is too short for the model).
    pub fn value(&self, x: &[f64]) -> f64 {
        self.costs.iter().fold(self.constant, |acc, &(j, c)| {
            acc + c * x.get(j).copied().unwrap_or(f64::NAN)
        })
    }
}

/// A wall-clock budget shared by every solve of a run (`--time-limit`): each solve is handed
/// what is left of it.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    end: Option<Instant>,
}

impl Deadline {
    /// A budget of `seconds` from now; `None` is no limit.
    pub fn after(seconds: Option<f64>) -> Deadline {
        Deadline {
            end: seconds.map(|s| Instant::now() + Duration::from_secs_f64(s.clamp(0.0, 1e9))),
        }
    }
    /// Seconds left (0 once spent), or `None` without a limit.
    pub fn remaining(&self) -> Option<f64> {
        self.end
            .map(|e| e.saturating_duration_since(Instant::now()).as_secs_f64())
    }
    /// Whether the budget is spent.
    pub fn spent(&self) -> bool {
        self.remaining().is_some_and(|r| r <= 0.0)
    }
    /// `opts` with the time limit set to what is left of the budget.
    pub fn limit(&self, opts: &SolveOptions) -> SolveOptions {
        SolveOptions {
            time_limit_s: self.remaining(),
            ..opts.clone()
        }
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
    /// `c·x` of the returned plan, computed from the model's objective (never the solver's
    /// figure).
    pub objective: Option<f64>,
    /// The objective value the solver reported for its plan.
    pub solver_objective: Option<f64>,
    /// Relative MIP gap reported by the solver (MIPs only).
    pub mip_gap: Option<f64>,
    /// The optimal basis, when asked for and available.
    pub basis: Option<Basis>,
    /// Seconds in the solver (including the hand-over of the matrix).
    pub solve_s: f64,
}

/// Solves a formulation with the chosen backend. The outcome's `objective` is `c·x` of the
/// returned plan, computed here from the model's objective; the backend's own figure is kept
/// in `solver_objective`.
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
    let costs = ObjectiveCosts::of(&f);
    let mut out = match opts.backend {
        #[cfg(feature = "highs")]
        Backend::Highs | Backend::HighsSimplex | Backend::HighsIpm => highs_backend::solve(f, opts),
        #[cfg(feature = "clarabel")]
        Backend::Clarabel => clarabel_backend::solve(f, opts),
        #[allow(unreachable_patterns)]
        _ => unreachable!("availability checked above"),
    }?;
    out.objective = out.values.as_deref().map(|x| costs.value(x));
    Ok(out)
}

impl Outcome {
    /// Whether the solver's reported objective agrees with `c·x` of its plan (true without a
    /// plan: there is nothing to disagree about).
    pub fn objective_agrees(&self) -> bool {
        match (self.objective, self.solver_objective) {
            (Some(cx), Some(rep)) => objectives_agree(cx, rep),
            (None, _) => true,
            (Some(_), None) => false,
        }
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
            objective: None,
            solver_objective: values.as_ref().map(|_| solved.objective_value()),
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
            objective: None,
            solver_objective: values.as_ref().map(|_| solver.solution.obj_val),
            values,
            row_duals: None,
            mip_gap: None,
            basis: None,
            solve_s: start.elapsed().as_secs_f64(),
        })
    }
}
