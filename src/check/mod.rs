//! Check: an independent verifier. It takes the plan's numbers and the instance data, never
//! the model code, and recomputes balances, stocks, capacities, crews, staff hours, social
//! rules, contracts, targets and costs. A plan is reported only with this verdict.
//!
//! [`check`] reads like the checker's table of contents: one call per constraint family of
//! `models/FORMULATION.md` §4, each in its own module with the equation it re-checks in its
//! doc comment, then the objective (§5). Nothing is shared with `src/formulation/` but the
//! names of rows ([`crate::formulation::Row::key`]), so that a violation names the row it
//! re-checks as export and explanations do: every figure is recomputed from the plan's tables. The families run in a fixed order (the order
//! in which violations are listed); families checked per site run site by site.

mod actuals;
mod intake;
mod lines;
mod objective;
mod outlets;
mod pathway;
mod placement;
mod recovery;
mod social;
mod staffing;
mod storage;
#[cfg(test)]
mod tests;
mod verdict;

use crate::kpi::{kpis, Kpis};
use crate::plan::Plan;
use crate::plant::*;
use serde::Serialize;

pub use objective::{costs, group_costs, CostTerm, Costs, GroupCosts};
pub use pathway::{pathways, Departure, Pathways, SitePathways};
pub use placement::{
    categories, module_hours, module_hours_of, to_work, ExitCategories, OpeningOutcome,
    SkillOutcome, ToWork,
};
pub use verdict::{Target, Verdict, Verdicts};

/// Violations larger than this (scaled by `max(1, |size of the quantity|)`) fail the check.
pub const TOLERANCE: f64 = 1e-6;

/// One failed check.
#[derive(Debug, Clone, Serialize)]
pub struct Violation {
    /// The check, named after the constraint family it verifies.
    pub check: &'static str,
    /// Where: the key of the row re-checked (`intake_balance[site,stream,w3]`, see
    /// [`crate::formulation::Row::key`]), or for a check no row stands for, its entity ids and
    /// 1-based week in words.
    pub at: String,
    /// By how much (in the quantity's unit).
    pub amount: f64,
}

/// The checker's verdict.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// Every check passed within the tolerance.
    pub passed: bool,
    /// Largest scaled violation found (0 when none).
    pub max_violation: f64,
    /// Number of checks evaluated.
    pub checks: usize,
    /// Violations beyond the tolerance (the first 50).
    pub violations: Vec<Violation>,
    /// Number of violations beyond the tolerance.
    pub violation_count: usize,
    /// Costs recomputed from the plan.
    pub costs: Costs,
    /// Key figures recomputed from the plan.
    pub kpis: Kpis,
    /// The verdict on each target (recovery and recycling per scope, insertion share per
    /// site, funded posts): what reports show as met or missed.
    #[serde(skip)]
    pub verdicts: Verdicts,
    /// The insertion pathways rebuilt first in, first out from the plan (see [`pathways`]).
    #[serde(skip)]
    pub pathways: Pathways,
    /// Pathways to work: openings covered and missed, skills held, the funders' exit
    /// categories (none without skills or partners).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_work: Option<ToWork>,
}

/// The tally of checks: how many, the largest scaled violation, the violations kept, the
/// verdicts on targets.
#[derive(Default)]
struct Checker {
    max: f64,
    checks: usize,
    violations: Vec<Violation>,
    count: usize,
    verdicts: Vec<Verdict>,
}

impl Checker {
    /// Records `amount` of violation (positive = violated) relative to `scale`.
    #[inline]
    fn viol(&mut self, check: &'static str, at: impl FnOnce() -> String, amount: f64, scale: f64) {
        self.judge(check, at, amount, scale);
    }
    /// [`Checker::viol`], saying whether the violation is within the tolerance.
    #[inline]
    fn judge(
        &mut self,
        check: &'static str,
        at: impl FnOnce() -> String,
        amount: f64,
        scale: f64,
    ) -> bool {
        self.checks += 1;
        let scaled = if amount.is_nan() {
            f64::INFINITY
        } else {
            amount.max(0.0) / scale.abs().max(1.0)
        };
        self.max = self.max.max(scaled);
        if scaled > TOLERANCE {
            self.record(check, at, amount);
        }
        scaled <= TOLERANCE
    }
    /// A violation beyond the tolerance: counted, and kept among the first 50 (the rare path,
    /// out of line so that the checks themselves stay small).
    #[cold]
    #[inline(never)]
    fn record(&mut self, check: &'static str, at: impl FnOnce() -> String, amount: f64) {
        self.count += 1;
        if self.violations.len() < 50 {
            self.violations.push(Violation {
                check,
                at: at(),
                amount,
            });
        }
    }
    /// `a <= b`.
    #[inline]
    fn le(&mut self, check: &'static str, at: impl FnOnce() -> String, a: f64, b: f64) {
        self.viol(check, at, a - b, a.abs().max(b.abs()));
    }
    /// `a == b`.
    #[inline]
    fn eq(&mut self, check: &'static str, at: impl FnOnce() -> String, a: f64, b: f64) {
        self.viol(check, at, (a - b).abs(), a.abs().max(b.abs()));
    }
    /// `a <= b` for `target`, as [`Checker::le`], keeping the verdict (margin `b - a`).
    fn target(
        &mut self,
        target: Target,
        check: &'static str,
        at: impl FnOnce() -> String,
        a: f64,
        b: f64,
    ) {
        let met = self.judge(check, at, a - b, a.abs().max(b.abs()));
        self.verdicts.push(Verdict {
            target,
            met,
            margin: b - a,
        });
    }
}

/// The 1-based week of a 0-based week index, as violations name it.
fn wk(t: usize) -> usize {
    t + 1
}

/// Verifies a plan against an instance. `objective` is the value the solver reported;
/// `integral` asks that truck trips and persons (headcounts, opening people, insertion entries,
/// advisers) be whole numbers (false for `--relax`).
pub fn check(inst: &Instance, plan: &Plan, objective: f64, integral: bool) -> CheckReport {
    let p = &inst.plant;
    let mut c = Checker::default();

    non_negative(&mut c, plan);
    intake::supply_split(&mut c, inst, plan);
    lines::line_equipment(&mut c, inst, plan);
    for s in 0..p.sites.len() {
        intake::intake_balance(&mut c, inst, plan, SiteId(s));
        storage::capacity(&mut c, inst, plan, SiteId(s));
    }
    lines::lines(&mut c, inst, plan);
    let paths = pathways(inst, plan);
    for s in (0..p.sites.len()).map(SiteId) {
        let path = paths.site(s);
        staffing::staffing(&mut c, inst, plan, s, path, integral);
        if let Some(path) = path {
            pathway::contract_length(&mut c, inst, path);
            pathway::early_exits(&mut c, inst, path);
        }
        social::supervision(&mut c, inst, plan, s);
        social::insertion_share(&mut c, inst, plan, s);
        social::advisers(&mut c, inst, plan, s, integral);
    }
    placement::placements(&mut c, inst, plan, &paths, integral);
    social::funded_posts(&mut c, inst, plan);
    social::aid_modulation(&mut c, inst, plan, &paths);
    outlets::output_balance(&mut c, inst, plan);
    outlets::contracts_and_truckloads(&mut c, inst, plan, integral);
    actuals::actuals(&mut c, inst, plan);

    let k = kpis(inst, plan);
    recovery::targets(&mut c, &k);
    let costs = costs(inst, plan);
    objective::objective(&mut c, &costs, objective);

    CheckReport {
        passed: c.count == 0,
        max_violation: c.max,
        checks: c.checks,
        violations: c.violations,
        violation_count: c.count,
        costs,
        kpis: k,
        verdicts: Verdicts(c.verdicts),
        to_work: placement::to_work(inst, plan, &paths),
        pathways: paths,
    }
}

/// **non_negative**: every quantity of the plan is finite and non-negative (§3: all variables
/// are `>= 0`). One check per table.
fn non_negative(c: &mut Checker, plan: &Plan) {
    for (name, arr) in [
        ("processed_t", plan.processed_t.view().into_dyn()),
        ("line_hours", plan.line_hours.view().into_dyn()),
        ("supervisor_h", plan.supervisor_h.view().into_dyn()),
        ("paid_h", plan.paid_h.view().into_dyn()),
        ("staff_n", plan.staff_n.view().into_dyn()),
        ("opening_n", plan.opening_n.view().into_dyn()),
        ("hires", plan.hires.view().into_dyn()),
        ("departures", plan.departures.view().into_dyn()),
        ("overtime_h", plan.overtime_h.view().into_dyn()),
        ("advisers", plan.advisers.view().into_dyn()),
        ("headcount", plan.headcount.view().into_dyn()),
        ("delivered_t", plan.delivered_t.view().into_dyn()),
        ("external_t", plan.external_t.view().into_dyn()),
        ("intake_stock_t", plan.intake_stock_t.view().into_dyn()),
        ("output_stock_t", plan.output_stock_t.view().into_dyn()),
        ("shipped_t", plan.shipped_t.view().into_dyn()),
        ("trips", plan.trips.view().into_dyn()),
        ("placed", plan.placed.view().into_dyn()),
        ("trainees", plan.trainees.view().into_dyn()),
    ] {
        let min = arr.iter().cloned().fold(0.0_f64, f64::min);
        let nan = arr.iter().any(|v| !v.is_finite());
        c.viol(
            "non_negative",
            || name.to_string(),
            if nan { f64::NAN } else { -min },
            1.0,
        );
    }
}
