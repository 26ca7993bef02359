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

pub mod check;
pub mod error;
pub mod formulation;
pub mod input;
pub mod kpi;
pub mod plan;
pub mod plant;
pub mod report;
pub mod scenario;
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
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Model switches.
    pub build: BuildOptions,
    /// Solver options.
    pub solve: SolveOptions,
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
    /// Model size.
    pub model: ModelSize,
    /// Stage timings.
    pub timings: Timings,
}

/// Builds, solves and checks an instance.
pub fn run(inst: &Instance, opts: &RunOptions) -> Result<Solved, Error> {
    let t0 = Instant::now();
    let Formulation { model: lp, vars } = build(inst, opts.build);
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
    let outcome = solve(lp, &opts.solve)?;
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
        timings: Timings {
            build: build_s,
            solve: outcome.solve_s,
            check: check_s,
        },
    })
}
