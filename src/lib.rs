//! # triplan
//!
//! Weekly planning of recycling plants run by work-integration enterprises. The pipeline
//! shows in the modules: [`input`] (load) → [`validate`] → [`formulation`] (build) →
//! [`solve`] → [`check`] → [`report`].
//!
//! ```no_run
//! use triplan::{load_instance, run, RunOptions};
//! let inst = load_instance("instances/tutorial".as_ref()).unwrap();
//! let solved = run(&inst, &RunOptions::default()).unwrap();
//! assert!(solved.check.as_ref().unwrap().passed);
//! println!("{}", triplan::report::text(&inst, &solved));
//! ```
#![deny(missing_docs)]

pub mod actuals;
pub mod bench;
pub mod check;
pub mod csvout;
pub mod dates;
pub mod error;
pub mod explain;
pub mod export;
pub mod formulation;
pub mod generate;
pub mod hash;
pub mod input;
pub mod invest;
pub mod kpi;
pub mod lasting;
pub mod mission;
pub mod output;
pub mod params;
pub mod plan;
pub mod plant;
pub mod replan;
pub mod report;
pub mod scenario;
pub mod sensitivity;
pub mod solve;
pub mod sweep;
pub mod validate;

pub use check::{check, CheckReport};
pub use error::{Error, InputError, Problem};
pub use formulation::{build, BuildOptions, Formulation, LpModel};
pub use plan::Plan;
pub use plant::Instance;
pub use solve::{solve, Backend, Outcome, SolveOptions, Status};

use serde::Serialize;
use std::path::Path;
use std::time::Instant;

/// Reads and validates an instance (a directory holding `instance.toml`, or that file).
pub fn load_instance(path: &Path) -> Result<Instance, Error> {
    let raw = input::load(path)?;
    Ok(validate::validate(&raw)?)
}

/// Options of a whole run: build, solve, check.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Model switches.
    pub build: BuildOptions,
    /// Solver options.
    pub solve: SolveOptions,
    /// Compute shadow prices (for a MIP, one more LP solve with the trips fixed).
    pub shadow_prices: bool,
    /// Before a MIP solved under a time limit, build a starting plan: solve the LP
    /// relaxation, round the truck trips, solve again with the trips fixed (see
    /// [`mip_start`]). Without a time limit the start is not built: measured to optimality
    /// it never paid (`scripts/bench-mip-start`, README "MIP start"); under a limit it gives
    /// the MIP an incumbent from the first second.
    pub mip_start: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            build: BuildOptions::default(),
            solve: SolveOptions::default(),
            mip_start: true,
            shadow_prices: true,
        }
    }
}

/// Size of a built model.
#[derive(Debug, Clone, Serialize)]
pub struct ModelSize {
    /// Columns.
    pub variables: usize,
    /// Rows.
    pub constraints: usize,
    /// Integer columns.
    pub integer_variables: usize,
    /// Rows per constraint family, in build order.
    pub families: Vec<(String, usize)>,
}

/// Wall-clock seconds of each stage.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timings {
    /// Building the model.
    pub build: f64,
    /// Solving it (including the hand-over to the backend).
    pub solve: f64,
    /// Running the checker.
    pub check: f64,
}

/// Why and how a MIP was solved a second time, and what the first solve said.
#[derive(Debug, Clone, Serialize)]
pub struct Retry {
    /// Why: the solver's objective disagreed with `c·x` of its plan, or the checker rejected
    /// the plan of a MIP started from [`mip_start`].
    pub reason: String,
    /// The first solve's status, as the solver gave it.
    pub first_status: Status,
    /// The objective the solver reported for its first plan (EUR).
    pub first_objective_eur: Option<f64>,
    /// `c·x` of the first plan (EUR).
    pub first_plan_objective_eur: Option<f64>,
    /// What the second solve did without: `mip_start` and `presolve`.
    pub without: Vec<&'static str>,
}

/// Runs several instances on `jobs` threads (each solve single-threaded when there are
/// several), without shadow prices: the extra plans a report compares (the cost of the
/// mission and its range, the lasting-exit curve). One result per instance, in order.
pub fn run_all(insts: &[&Instance], opts: &RunOptions, jobs: usize) -> Result<Vec<Solved>, Error> {
    use rayon::prelude::*;
    let mut o = RunOptions {
        shadow_prices: false,
        ..opts.clone()
    };
    if jobs > 1 {
        o.solve.threads = 1;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .map_err(|e| Error::Solver(format!("cannot start {jobs} worker threads: {e}")))?;
    pool.install(|| insts.par_iter().map(|i| run(i, &o)).collect())
}

/// Everything a run produced.
#[derive(Debug, Clone)]
pub struct Solved {
    /// What the run established: the solver's status, or [`Status::Rejected`] where the
    /// checker rejected the plan.
    pub status: Status,
    /// The engine that solved the plan (under `--solver auto`, the one it chose).
    pub backend: Backend,
    /// Why `auto` passed over a faster engine (what was missing), when it did.
    pub engine_note: Option<String>,
    /// The backend's own status name.
    pub solver_status: String,
    /// `c·x` of the reported plan (EUR), computed from the model's objective.
    pub objective: Option<f64>,
    /// The objective the solver reported for that plan (EUR).
    pub solver_objective: Option<f64>,
    /// Relative MIP gap, for MIPs.
    pub mip_gap: Option<f64>,
    /// Whether the LP relaxation was solved.
    pub relaxed: bool,
    /// The plan, when there is one.
    pub plan: Option<Plan>,
    /// The checker's verdict on the plan.
    pub check: Option<CheckReport>,
    /// Shadow prices (LP duals in business units; for a MIP, from the LP with trips fixed).
    pub shadow_prices: Option<Vec<sensitivity::ShadowPrice>>,
    /// Objective of the MIP start handed to the solver, when one was built.
    pub mip_start_objective: Option<f64>,
    /// The time limit handed to the last solve (what was left of `--time-limit` after
    /// building, the MIP start and any earlier solve), in seconds.
    pub solve_time_limit_s: Option<f64>,
    /// The second solve, when the first could not be trusted.
    pub retry: Option<Retry>,
    /// Model size.
    pub model: ModelSize,
    /// Stage timings.
    pub timings: Timings,
    /// The cost of the social mission, when asked for (`solve --mission`, [`mission::assess`]).
    pub mission: Option<Box<mission::MissionCost>>,
    /// What each extra lasting exit costs, when asked for (`solve --lasting-curve`).
    pub lasting_curve: Option<Box<lasting::LastingCurve>>,
}

impl Solved {
    /// The exit code of `triplan solve` for this run (README, "Exit codes").
    pub fn exit_code(&self) -> u8 {
        self.status.exit_code()
    }
}

/// The status of a run: the solver's, unless the checker rejected its plan.
pub fn judge(status: Status, check: Option<&CheckReport>) -> Status {
    match check {
        Some(c) if !c.passed => Status::Rejected,
        _ => status,
    }
}

/// One solve of a built model and the checker's verdict on its plan.
struct Attempt {
    outcome: Outcome,
    plan: Option<Plan>,
    check: Option<CheckReport>,
    time_limit_s: Option<f64>,
}

/// A backend call: [`solve`] in every run; a test can wrap it to play a solver that errs.
type SolveFn<'a> = &'a dyn Fn(LpModel, &SolveOptions) -> Result<Outcome, Error>;

fn attempt(
    inst: &Instance,
    opts: &RunOptions,
    f: Formulation,
    so: SolveOptions,
    check_s: &mut f64,
    solver: SolveFn,
) -> Result<Attempt, Error> {
    let Formulation { model, vars } = f;
    let time_limit_s = so.time_limit_s;
    let outcome = solver(model, &so)?;
    let t = Instant::now();
    let plan = outcome
        .values
        .as_deref()
        .map(|v| Plan::from_values(&vars, v));
    // The checker compares its costs with the solver's own figure: a solver whose objective
    // is not its plan's fails there.
    let check = plan.as_ref().map(|p| {
        check(
            inst,
            p,
            outcome.solver_objective.unwrap_or(f64::NAN),
            !opts.build.relax,
        )
    });
    *check_s += t.elapsed().as_secs_f64();
    Ok(Attempt {
        outcome,
        plan,
        check,
        time_limit_s,
    })
}

/// Why a MIP's first solve cannot be trusted, if it cannot.
fn distrust(a: &Attempt, started: bool) -> Option<String> {
    if !a.outcome.objective_agrees() {
        return Some(format!(
            "the solver reported objective {:.2} EUR for a plan whose c·x is {:.2} EUR",
            a.outcome.solver_objective.unwrap_or(f64::NAN),
            a.outcome.objective.unwrap_or(f64::NAN)
        ));
    }
    match &a.check {
        Some(c) if started && !c.passed => Some(format!(
            "the checker rejected the plan of the MIP started from the rounded LP ({} violations, largest {:.1e})",
            c.violation_count, c.max_violation
        )),
        _ => None,
    }
}

/// Builds, solves and checks an instance.
///
/// `opts.solve.time_limit_s` bounds the whole run: the MIP start's LPs, the MIP, a second
/// solve and the shadow prices' LP are each handed what is left of it. After a MIP, `c·x` of
/// the plan is compared with the solver's objective; on a mismatch, or where the checker
/// rejects the plan of a started MIP, the MIP is solved again without the start and with
/// presolve off (recorded in [`Solved::retry`]). The reported objective is always `c·x` of
/// the reported plan, and a plan the checker rejects is [`Status::Rejected`].
pub fn run(inst: &Instance, opts: &RunOptions) -> Result<Solved, Error> {
    run_with(inst, opts, &solve)
}

/// [`run`] with the backend call given: the seam through which the tests play a solver whose
/// word is wrong and check that the run recovers.
fn run_with(inst: &Instance, opts: &RunOptions, solver: SolveFn) -> Result<Solved, Error> {
    let t0 = Instant::now();
    let deadline = solve::Deadline::after(opts.solve.time_limit_s);
    let f = build(inst, opts.build);
    let model = ModelSize {
        variables: f.model.num_variables(),
        constraints: f.model.num_constraints(),
        integer_variables: f.model.integer_variables,
        families: f
            .model
            .rows
            .families
            .iter()
            .map(|fam| (fam.name.to_string(), fam.end - fam.start))
            .collect(),
    };
    let build_s = t0.elapsed().as_secs_f64();
    let t_solve = Instant::now();
    let labels = f.model.rows.labels.clone();
    let integer = f.model.integer_variables > 0;
    let mut f = f;
    let mut mip_start_objective = None;
    // Measured to optimality the start never paid (README, "MIP start"): it is built only
    // under a time limit, where it gives HiGHS an incumbent from the first second. SCIP and
    // CBC find their own within a second; the start's fixed-trip solve (whole people left
    // integer, solved by HiGHS) cost them 65 s of the reference's 75 (measured).
    let highs_solves = matches!(
        opts.solve.engine(integer),
        Ok((
            Backend::Highs | Backend::HighsSimplex | Backend::HighsIpm,
            _
        ))
    );
    if integer
        && highs_solves
        && opts.mip_start
        && opts.solve.time_limit_s.is_some()
        && !deadline.spent()
    {
        let within = RunOptions {
            solve: deadline.limit(&opts.solve),
            ..opts.clone()
        };
        if let Some((values, obj)) = mip_start(inst, &within) {
            f.model.start = Some(values);
            mip_start_objective = Some(obj);
        }
    }
    let started = f.model.start.is_some();
    let mut check_s = 0.0;
    let mut a = attempt(
        inst,
        opts,
        f,
        deadline.limit(&opts.solve),
        &mut check_s,
        solver,
    )?;
    let mut retry = None;
    if integer && !deadline.spent() {
        if let Some(reason) = distrust(&a, started) {
            let so = deadline.limit(&opts.solve).without_presolve();
            let second = attempt(
                inst,
                opts,
                build(inst, opts.build),
                so,
                &mut check_s,
                solver,
            )?;
            retry = Some(Retry {
                reason,
                first_status: a.outcome.status,
                first_objective_eur: a.outcome.solver_objective,
                first_plan_objective_eur: a.outcome.objective,
                without: if started {
                    vec!["mip_start", "presolve"]
                } else {
                    vec!["presolve"]
                },
            });
            a = second;
        }
    }
    let status = judge(a.outcome.status, a.check.as_ref());
    let solve_s = t_solve.elapsed().as_secs_f64() - check_s;
    let shadow_prices = match (&a.plan, &a.check, opts.shadow_prices && status.has_plan()) {
        (Some(p), Some(r), true) => {
            let duals = if integer {
                fixed_trip_duals(inst, opts, p, &deadline)
            } else {
                a.outcome.row_duals.clone()
            };
            duals.map(|d| sensitivity::shadow_prices(inst, &labels, &d, p, &r.kpis))
        }
        _ => None,
    };
    Ok(Solved {
        status,
        backend: a.outcome.engine,
        engine_note: a.outcome.engine_note.clone(),
        solver_status: a.outcome.solver_status,
        objective: a.outcome.objective,
        solver_objective: a.outcome.solver_objective,
        mip_gap: a.outcome.mip_gap,
        relaxed: opts.build.relax,
        plan: a.plan,
        check: a.check,
        model,
        mip_start_objective,
        solve_time_limit_s: a.time_limit_s,
        retry,
        shadow_prices,
        timings: Timings {
            build: build_s,
            solve: solve_s,
            check: check_s,
        },
        mission: None,
        lasting_curve: None,
    })
}

/// Builds a feasible plan to start a MIP from: solves the LP relaxation, rounds its truck
/// trips, and solves the LP again with the trips fixed. Trips are rounded down on the running
/// total (so loads wait in output stock until a truck is full) and up in the last week; where
/// storage cannot hold the waiting loads, each week's trips are rounded up instead (always
/// feasible, as it only adds capacity). `opts.solve.time_limit_s` bounds all of it: each LP
/// gets what is left, and no LP starts once it is spent. Returns the column values and their
/// objective (`c·x`), or `None` when no start was found in time (the MIP then starts from
/// nothing).
pub fn mip_start(inst: &Instance, opts: &RunOptions) -> Option<(Vec<f64>, f64)> {
    let deadline = solve::Deadline::after(opts.solve.time_limit_s);
    let lp_opts = SolveOptions {
        mip_gap: None,
        backend: opts.solve.backend.for_side_lps(),
        ..opts.solve.clone()
    };
    let relaxed = build(
        inst,
        BuildOptions {
            relax: true,
            ..Default::default()
        },
    );
    let out = solve(relaxed.model, &deadline.limit(&lp_opts)).ok()?;
    let values = out.values?;
    let z = relaxed.vars.trips.map(|v| v.map_or(0.0, |v| values[v.col]));
    let (ns, no, nt) = z.dim();
    let eps = 1e-6;
    let mut cumulative = z.clone();
    let mut weekly = z.clone();
    for s in 0..ns {
        for o in 0..no {
            let mut total = 0.0;
            let mut before = 0.0;
            for t in 0..nt {
                total += z[[s, o, t]];
                let upto = if t + 1 == nt {
                    (total - eps).ceil()
                } else {
                    (total + eps).floor()
                };
                cumulative[[s, o, t]] = (upto - before).max(0.0);
                before = upto;
                weekly[[s, o, t]] = (z[[s, o, t]] - eps).ceil().max(0.0);
            }
        }
    }
    for trips in [cumulative, weekly] {
        if deadline.spent() {
            return None;
        }
        let mut f = build(
            inst,
            BuildOptions {
                relax: false,
                ..Default::default()
            },
        );
        f.model.fix_trips(&f.vars, &trips);
        if let Ok(o) = solve(f.model, &deadline.limit(&lp_opts)) {
            if let (true, Some(v), Some(obj)) = (o.status.has_plan(), o.values, o.objective) {
                return Some((v, obj));
            }
        }
    }
    None
}

/// Row duals of the LP with the truck trips and the whole-number staffing fixed at a MIP
/// plan's values (the fixing rows come last, so the first rows are those of the MIP). Within what is left of the run's budget;
/// `None` once it is spent.
fn fixed_trip_duals(
    inst: &Instance,
    opts: &RunOptions,
    plan: &Plan,
    deadline: &solve::Deadline,
) -> Option<Vec<f64>> {
    if deadline.spent() {
        return None;
    }
    // Trips continuous but fixed: an LP, whose duals exist.
    let mut f = build(
        inst,
        BuildOptions {
            relax: true,
            ..opts.build
        },
    );
    let n = f.model.num_constraints();
    let trips = plan.trips.mapv(f64::round);
    f.model.fix_trips(&f.vars, &trips);
    sensitivity::fix_staffing(&mut f.model, &f.vars, plan);
    let so = SolveOptions {
        backend: opts.solve.backend.for_side_lps(),
        ..deadline.limit(&opts.solve)
    };
    let out = solve(f.model, &so).ok()?;
    let mut d = out.row_duals?;
    d.truncate(n);
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn truckload() -> Instance {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/truckload-small");
        load_instance(&dir).expect("the truckload fixture")
    }

    fn presolve_off(so: &SolveOptions) -> bool {
        !so.presolve
    }

    /// HiGHS's known failure, played: the first MIP solve says `Optimal` with an objective 5 %
    /// below its plan's `c·x` (as HiGHS did with a MIP start and presolve on). The run must not
    /// believe it: it solves again without presolve, reports the second plan as optimal with
    /// `c·x` as its objective, and records why.
    #[test]
    fn a_solver_objective_below_its_plans_cost_is_recovered_by_a_second_solve() {
        let inst = truckload();
        let opts = RunOptions {
            shadow_prices: false,
            ..RunOptions::default()
        };
        let calls = Cell::new(0);
        let lying = |m: LpModel, so: &SolveOptions| {
            calls.set(calls.get() + 1);
            let mut out = solve(m, so)?;
            if !presolve_off(so) {
                out.solver_objective = out.solver_objective.map(|z| z * 0.95);
            }
            Ok(out)
        };
        let s = run_with(&inst, &opts, &lying).unwrap();
        assert_eq!(
            calls.get(),
            2,
            "one solve believed nothing, a second was run"
        );
        let retry = s.retry.as_ref().expect("the second solve is reported");
        assert!(
            retry.reason.contains("reported objective"),
            "{}",
            retry.reason
        );
        assert_eq!(retry.without, vec!["presolve"]);
        let first_cx = retry.first_plan_objective_eur.unwrap();
        let first_said = retry.first_objective_eur.unwrap();
        assert!((first_said - 0.95 * first_cx).abs() <= 1e-6 * first_cx.abs());
        assert_eq!(s.status, Status::Optimal);
        let c = s.check.as_ref().expect("a checked plan");
        assert!(c.passed, "{:?}", c.violations);
        let obj = s.objective.unwrap();
        assert!((obj - c.costs.total).abs() <= 1e-6 * obj.abs().max(1.0));
        assert!((obj - first_cx).abs() <= 1e-6 * obj.abs().max(1.0));

        // A solver that repeats the lie on the second solve too: the checker, which compares
        // the plan's recomputed costs with the solver's figure, rejects it rather than let it
        // be called optimal.
        let always_lying = |m: LpModel, so: &SolveOptions| {
            let mut out = solve(m, so)?;
            out.solver_objective = out.solver_objective.map(|z| z * 0.95);
            Ok(out)
        };
        let s = run_with(&inst, &opts, &always_lying).unwrap();
        assert!(s.retry.is_some());
        assert_eq!(s.status, Status::Rejected);
        assert_eq!(s.exit_code(), 1);
    }
}
