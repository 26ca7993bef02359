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

pub mod bench;
pub mod check;
pub mod csvout;
pub mod error;
pub mod explain;
pub mod export;
pub mod formulation;
pub mod generate;
pub mod input;
pub mod invest;
pub mod kpi;
pub mod output;
pub mod params;
pub mod plan;
pub mod plant;
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
    /// Before a MIP, build a starting plan: solve the LP relaxation, round the truck trips,
    /// solve again with the trips fixed (see [`mip_start`]).
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

/// Everything a run produced.
#[derive(Debug, Clone)]
pub struct Solved {
    /// What the solver established.
    pub status: Status,
    /// The backend used.
    pub backend: Backend,
    /// The backend's own status name.
    pub solver_status: String,
    /// Objective reported for the plan (EUR).
    pub objective: Option<f64>,
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
    /// Model size.
    pub model: ModelSize,
    /// Stage timings.
    pub timings: Timings,
}

/// Builds, solves and checks an instance.
pub fn run(inst: &Instance, opts: &RunOptions) -> Result<Solved, Error> {
    let t0 = Instant::now();
    let Formulation {
        model: mut lp,
        vars,
    } = build(inst, opts.build);
    let model = ModelSize {
        variables: lp.num_variables(),
        constraints: lp.num_constraints(),
        integer_variables: lp.integer_variables,
        families: lp
            .rows
            .families
            .iter()
            .map(|fam| (fam.name.to_string(), fam.end - fam.start))
            .collect(),
    };
    let build_s = t0.elapsed().as_secs_f64();
    let t_start = Instant::now();
    let mut mip_start_objective = None;
    if lp.integer_variables > 0 && opts.solve.backend != Backend::Clarabel && opts.mip_start {
        if let Some((values, obj)) = mip_start(inst, opts) {
            lp.start = Some(values);
            mip_start_objective = Some(obj);
        }
    }
    let start_s = t_start.elapsed().as_secs_f64();
    let mut solve_opts = opts.solve.clone();
    if let Some(t) = solve_opts.time_limit_s.as_mut() {
        *t = (*t - start_s).max(0.0);
    }
    let labels = lp.rows.labels.clone();
    let integer = lp.integer_variables > 0;
    let outcome = solve(lp, &solve_opts)?;
    let t1 = Instant::now();
    let plan = outcome
        .values
        .as_deref()
        .map(|v| Plan::from_values(&vars, v));
    let report = plan.as_ref().map(|p| {
        check(
            inst,
            p,
            outcome.objective.unwrap_or(f64::NAN),
            !opts.build.relax,
        )
    });
    let check_s = t1.elapsed().as_secs_f64();
    let shadow_prices = match (&plan, &report, opts.shadow_prices) {
        (Some(p), Some(r), true) => {
            let duals = if integer {
                fixed_trip_duals(inst, opts, p)
            } else {
                outcome.row_duals.clone()
            };
            duals.map(|d| sensitivity::shadow_prices(inst, &labels, &d, p, &r.kpis))
        }
        _ => None,
    };
    Ok(Solved {
        status: outcome.status,
        backend: opts.solve.backend,
        solver_status: outcome.solver_status,
        objective: outcome.objective,
        mip_gap: outcome.mip_gap,
        relaxed: opts.build.relax,
        plan,
        check: report,
        model,
        mip_start_objective,
        shadow_prices,
        timings: Timings {
            build: build_s,
            solve: start_s + outcome.solve_s,
            check: check_s,
        },
    })
}

/// Builds a feasible plan to start a MIP from: solves the LP relaxation, rounds its truck
/// trips, and solves the LP again with the trips fixed. Trips are rounded down on the running
/// total (so loads wait in output stock until a truck is full) and up in the last week; where
/// storage cannot hold the waiting loads, each week's trips are rounded up instead (always
/// feasible, as it only adds capacity). Returns the column values and their objective, or
/// `None` when no start was found (the MIP then starts from nothing).
pub fn mip_start(inst: &Instance, opts: &RunOptions) -> Option<(Vec<f64>, f64)> {
    let lp_opts = SolveOptions {
        mip_gap: None,
        ..opts.solve.clone()
    };
    let relaxed = build(
        inst,
        BuildOptions {
            relax: true,
            ..Default::default()
        },
    );
    let out = solve(relaxed.model, &lp_opts).ok()?;
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
        let mut f = build(
            inst,
            BuildOptions {
                relax: false,
                ..Default::default()
            },
        );
        f.model.fix_trips(&f.vars, &trips);
        if let Ok(o) = solve(f.model, &lp_opts) {
            if let (true, Some(v), Some(obj)) = (o.status.has_plan(), o.values, o.objective) {
                return Some((v, obj));
            }
        }
    }
    None
}

/// Row duals of the LP with the truck trips fixed at a MIP plan's values (the fixing rows come
/// last, so the first rows are those of the MIP).
fn fixed_trip_duals(inst: &Instance, opts: &RunOptions, plan: &Plan) -> Option<Vec<f64>> {
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
    let so = SolveOptions {
        backend: if opts.solve.backend == Backend::Clarabel {
            Backend::Highs
        } else {
            opts.solve.backend
        },
        ..opts.solve.clone()
    };
    let out = solve(f.model, &so).ok()?;
    let mut d = out.row_duals?;
    d.truncate(n);
    Some(d)
}
