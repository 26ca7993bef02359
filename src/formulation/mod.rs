//! Formulate: the typed instance in, a linear program out.
//!
//! [`build`] reads like the model's table of contents: variables, then one call per
//! constraint family, then the objective. Each family lives in its own module with its
//! equation in the doc comment, in the notation of `models/FORMULATION.md`.

mod actuals;
mod intake;
mod lines;
mod objective;
mod outlets;
mod pathway;
mod placement;
mod recovery;
mod rows;
pub mod size;
mod social;
mod staffing;
mod storage;
pub mod vars;

use crate::plant::{Instance, OutletId, SiteId};
use good_lp::{Expression, ProblemVariables};
pub use rows::{Auxiliary, Family, Row, Rows, Slack, SLACK_PENALTY};
pub use vars::{Var, Vars};

/// Switches that change the model's shape.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions {
    /// Solve the LP relaxation: truck trips become continuous.
    pub relax: bool,
    /// Elastic mode for `--explain`: relaxable rows get slacks penalised at
    /// [`SLACK_PENALTY`] EUR per unit.
    pub elastic: bool,
}

/// A built model: the linear program, and the typed grids to read a plan out of its solution.
pub struct Formulation {
    /// The linear program handed to a backend.
    pub model: LpModel,
    /// Typed grids of the variables.
    pub vars: Vars,
}

/// The linear program itself.
pub struct LpModel {
    /// good_lp's variable store.
    pub problem: ProblemVariables,
    /// Rows grouped by family.
    pub rows: Rows,
    /// The objective to minimise (EUR).
    pub objective: Expression,
    /// Number of integer variables.
    pub integer_variables: usize,
    /// A feasible starting solution (column values) handed to the MIP solver.
    pub start: Option<Vec<f64>>,
}

impl LpModel {
    /// Fixes truck trips to given values with equality rows (family `fixed_trips`), for the
    /// repair step of the MIP start.
    pub fn fix_trips(&mut self, vars: &Vars, values: &ndarray::Array3<f64>) {
        self.rows.family("fixed_trips");
        for ((s, o, t), v) in vars.trips.indexed_iter() {
            let x = values[[s, o, t]];
            if v.is_some() {
                let mut e = Expression::with_capacity(1);
                add(&mut e, 1.0, *v);
                self.rows
                    .eq(e, x, Row::FixedTrip(SiteId(s), OutletId(o), t));
            }
        }
    }

    /// Number of columns.
    pub fn num_variables(&self) -> usize {
        self.problem.len()
    }
    /// Number of rows.
    pub fn num_constraints(&self) -> usize {
        self.rows.constraints.len()
    }
}

/// Adds `c * v` to `e` when the variable exists.
#[inline]
pub(crate) fn add(e: &mut Expression, c: f64, v: Option<Var>) {
    if let Some(v) = v {
        if c != 0.0 {
            e.add_mul(c, v.var);
        }
    }
}

/// Builds the weekly plan model of an instance.
pub fn build(inst: &Instance, opts: BuildOptions) -> Formulation {
    let mut problem = ProblemVariables::new();
    let vars = Vars::new(inst, &mut problem, opts);
    let mut rows = Rows::new(problem, opts.elastic);

    intake::supply_split(inst, &vars, &mut rows);
    intake::intake_balance(inst, &vars, &mut rows);
    lines::line_capacity(inst, &vars, &mut rows);
    lines::crew(inst, &vars, &mut rows);
    lines::qualified_share(inst, &vars, &mut rows);
    staffing::headcount_flow(inst, &vars, &mut rows);
    pathway::cumulative_flows(inst, &vars, &mut rows);
    pathway::contract_length(inst, &vars, &mut rows);
    pathway::early_exits(inst, &vars, &mut rows);
    placement::placements(inst, &vars, &mut rows);
    staffing::worked_within_paid(inst, &vars, &mut rows);
    staffing::overtime(inst, &vars, &mut rows);
    staffing::paid_hours(inst, &vars, &mut rows);
    staffing::agency_hours(inst, &vars, &mut rows);
    staffing::annual_hours(inst, &vars, &mut rows);
    social::supervision(inst, &vars, &mut rows);
    social::insertion_share(inst, &vars, &mut rows);
    social::funded_posts(inst, &vars, &mut rows);
    social::advisers(inst, &vars, &mut rows);
    outlets::output_balance(inst, &vars, &mut rows);
    outlets::contracts(inst, &vars, &mut rows);
    outlets::truckloads(inst, &vars, &mut rows);
    storage::capacity(inst, &vars, &mut rows);
    storage::closing_stock(inst, &vars, &mut rows);
    recovery::category_targets(inst, &vars, &mut rows);
    recovery::plant_targets(inst, &vars, &mut rows);
    actuals::past_flows(inst, &vars, &mut rows);
    actuals::stock_count(inst, &vars, &mut rows);
    actuals::past_staffing(inst, &vars, &mut rows);

    let mut objective = objective::total_cost(inst, &vars);
    for s in &rows.slacks {
        objective.add_mul(SLACK_PENALTY, s.var.var);
    }
    let integer_variables = vars.integer_count;
    Formulation {
        model: LpModel {
            problem: std::mem::replace(&mut rows.problem, ProblemVariables::new()),
            rows,
            objective,
            integer_variables,
            start: None,
        },
        vars,
    }
}
