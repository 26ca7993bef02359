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

/// Relative MIP gap at which every engine stops unless `--mip-gap` says otherwise: HiGHS's
/// default, set explicitly on SCIP (whose own default is 0) and CBC so engines agree.
pub const DEFAULT_MIP_GAP: f64 = 1e-4;

/// A solver backend: compiled into this build (HiGHS, Clarabel) or loaded at run time where
/// the machine has it (SCIP, CBC; see [`engines`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Backend {
    /// The fastest engine available: MIPs go to SCIP, else CBC, else HiGHS; LPs to HiGHS
    /// (else Clarabel). Measured in README, "Engines".
    Auto,
    /// SCIP 10 (MIP and LP), loaded at run time.
    Scip,
    /// CBC 2.10 (MIP and LP), loaded at run time.
    Cbc,
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
    /// Every backend, in the order `--solver` lists them.
    pub const ALL: [Backend; 7] = [
        Backend::Auto,
        Backend::Scip,
        Backend::Cbc,
        Backend::Highs,
        Backend::HighsSimplex,
        Backend::HighsIpm,
        Backend::Clarabel,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Auto => "auto",
            Backend::Scip => "scip",
            Backend::Cbc => "cbc",
            Backend::Highs => "highs",
            Backend::HighsSimplex => "highs-simplex",
            Backend::HighsIpm => "highs-ipm",
            Backend::Clarabel => "clarabel",
        }
    }

    /// The engine's name and version where it can be used on this machine, or why not.
    pub fn probe(self) -> Result<String, String> {
        match self {
            Backend::Auto => Ok("auto".into()),
            Backend::Scip => scip_backend::probe()
                .map(|v| format!("SCIP {v}"))
                .map_err(|e| e.0),
            Backend::Cbc => cbc_backend::probe()
                .map(|v| format!("CBC {v}"))
                .map_err(|e| e.0),
            Backend::Highs | Backend::HighsSimplex | Backend::HighsIpm => {
                if cfg!(feature = "highs") {
                    Ok("HiGHS (built in)".into())
                } else {
                    Err("HiGHS is not in this build; rebuild with `--features highs`".into())
                }
            }
            Backend::Clarabel => {
                if cfg!(feature = "clarabel") {
                    Ok("Clarabel (built in)".into())
                } else {
                    Err("Clarabel is not in this build; rebuild with `--features clarabel`".into())
                }
            }
        }
    }

    /// The engine's name and version for reports ("SCIP 10.0.1"), or its command-line name
    /// where it cannot be probed.
    pub fn label(self) -> String {
        self.probe().unwrap_or_else(|_| self.name().to_string())
    }

    /// One line per engine on this machine: what `auto` would pick for a MIP and an LP, then
    /// each engine with its version or why it cannot be used.
    pub fn engines_found() -> String {
        let pick = |mip| {
            Backend::Auto
                .resolve(mip)
                .map_or("none".to_string(), |(b, _)| b.label())
        };
        let mut o = format!(
            "auto picks {} for MIPs and {} for LPs (order: SCIP, CBC, HiGHS for MIPs; HiGHS, Clarabel for LPs)\n",
            pick(true),
            pick(false)
        );
        for b in [
            Backend::Scip,
            Backend::Cbc,
            Backend::Highs,
            Backend::Clarabel,
        ] {
            let what = match b.probe() {
                Ok(v) => v,
                Err(why) => format!("not available: {why}"),
            };
            o.push_str(&format!("  {:<9} {what}\n", b.name()));
        }
        o
    }

    /// Whether the backend can be used here (compiled in, or its library found and of the
    /// expected version).
    pub fn available(self) -> bool {
        self.probe().is_ok()
    }

    /// The default backend: [`Backend::Auto`].
    pub fn default_for_build() -> Backend {
        Backend::Auto
    }

    /// The engine that solves a model under this choice, with the reason when `auto` passed
    /// over a faster engine (it names what was missing). A named engine is itself.
    pub fn resolve(self, mip: bool) -> Result<(Backend, Option<String>), Error> {
        if self != Backend::Auto {
            return match self.probe() {
                Ok(_) => Ok((self, None)),
                Err(why) => Err(Error::Usage(format!("--solver {}: {why}", self.name()))),
            };
        }
        let order: &[Backend] = if mip {
            &[Backend::Scip, Backend::Cbc, Backend::Highs]
        } else {
            &[Backend::Highs, Backend::Clarabel]
        };
        let mut passed = Vec::new();
        for &b in order {
            match b.probe() {
                Ok(_) => {
                    let why = (!passed.is_empty()).then(|| passed.join("; "));
                    return Ok((b, why));
                }
                Err(why) => passed.push(why),
            }
        }
        Err(Error::Usage(format!(
            "no solver for this {} on this machine: {}",
            if mip { "MIP" } else { "LP" },
            passed.join("; ")
        )))
    }

    /// The engine for the LPs a run solves on the side (MIP starts, shadow prices): HiGHS
    /// where built in, as only it returns duals and a basis.
    pub fn for_side_lps(self) -> Backend {
        match self {
            Backend::HighsSimplex | Backend::HighsIpm => self,
            _ if cfg!(feature = "highs") => Backend::Highs,
            _ => self,
        }
    }
}

impl SolveOptions {
    /// The engine that solves a model under these options ([`Backend::resolve`]), where
    /// HiGHS options decide: under `auto` they choose HiGHS; with another engine named they
    /// are a usage error, as that engine would ignore them.
    pub fn engine(&self, mip: bool) -> Result<(Backend, Option<String>), Error> {
        if self.highs_options.is_empty() {
            return self.backend.resolve(mip);
        }
        match self.backend {
            Backend::Auto => Backend::Highs
                .resolve(mip)
                .map(|(b, _)| (b, Some("--highs-option given, so HiGHS solves".to_string()))),
            Backend::Highs | Backend::HighsSimplex | Backend::HighsIpm => self.backend.resolve(mip),
            other => Err(Error::Usage(format!(
                "--highs-option applies to HiGHS only, not to --solver {}",
                other.name()
            ))),
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
    /// Whether the engine presolves (off for the second solve of a distrusted MIP).
    pub presolve: bool,
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
    /// These options with the engine's presolve turned off (for HiGHS after any
    /// `--highs-option`, so it wins).
    pub fn without_presolve(&self) -> SolveOptions {
        SolveOptions {
            presolve: false,
            ..self.clone()
        }
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
            presolve: true,
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
    /// The engine that solved (under `auto`, the one it chose).
    pub engine: Backend,
    /// Why `auto` passed over a faster engine, when it did.
    pub engine_note: Option<String>,
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
    let (engine, engine_note) = opts.engine(f.integer_variables > 0)?;
    let costs = ObjectiveCosts::of(&f);
    let opts = &SolveOptions {
        backend: engine,
        ..opts.clone()
    };
    let mut out = match engine {
        Backend::Scip => scip_backend::solve(f, opts),
        Backend::Cbc => cbc_backend::solve(f, opts),
        #[cfg(feature = "highs")]
        Backend::Highs | Backend::HighsSimplex | Backend::HighsIpm => highs_backend::solve(f, opts),
        #[cfg(feature = "clarabel")]
        Backend::Clarabel => clarabel_backend::solve(f, opts),
        #[allow(unreachable_patterns)]
        _ => unreachable!("resolve returns only engines that are available"),
    }?;
    out.engine = engine;
    out.engine_note = engine_note;
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

mod cbc_backend;
#[cfg(feature = "clarabel")]
mod clarabel_backend;
pub mod engines;
#[cfg(feature = "highs")]
mod highs_backend;
mod scip_backend;
pub(crate) mod sparse;
