//! What does a constraint cost? Shadow prices of the LP, in business units.
//!
//! Sign convention. HiGHS reports, for a minimisation, the row dual `y = d(total cost) /
//! d(right-hand side)`. triplan turns it into the effect of one more unit of the resource or
//! of the requirement, always stated from the plant's side:
//! - capacities (line hours, storage, funded posts in agreed FTE, contract maximums): `saves_eur`, the total
//!   cost saved over the horizon by one more unit (>= 0 when binding);
//! - requirements (targets, insertion share, contract minimums): `costs_eur`, the total cost
//!   added by one more unit required (>= 0 when binding).
//!
//! For a MIP the prices come from the LP with the plan's whole-number decisions fixed at
//! their optimal values: the truck trips, and the staffing ([`fix_staffing`]: weekly and
//! opening headcounts, insertion entries and exits, advisers). Its duals are those of the
//! plan's own point: one more unit of a resource, the same people on the payroll.

use crate::formulation::{add, LpModel, Row, Var, Vars};
use crate::kpi::Kpis;
use crate::plan::Plan;
use crate::plant::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// The marginal value of one rule.
#[derive(Debug, Clone, Serialize)]
pub struct ShadowPrice {
    /// Constraint family.
    pub family: &'static str,
    /// The resource or requirement, in the plant's words.
    pub what: String,
    /// One more unit of what: e.g. `line-hour per week`, `t of storage`, `percentage point`.
    pub unit: &'static str,
    /// `saves` (capacity) or `costs` (requirement).
    pub effect: &'static str,
    /// EUR over the horizon saved or added by one more unit.
    pub eur: f64,
}

/// Shadow prices from row duals, aggregated to the rules a planner can change.
pub fn shadow_prices(
    inst: &Instance,
    labels: &[Row],
    duals: &[f64],
    plan: &Plan,
    k: &Kpis,
) -> Vec<ShadowPrice> {
    let p = &inst.plant;
    // key -> (family, what, unit, effect, value)
    let mut acc: BTreeMap<String, ShadowPrice> = BTreeMap::new();
    let mut put = |key: String,
                   family: &'static str,
                   what: String,
                   unit: &'static str,
                   effect: &'static str,
                   v: f64| {
        acc.entry(key)
            .or_insert(ShadowPrice {
                family,
                what,
                unit,
                effect,
                eur: 0.0,
            })
            .eur += v;
    };
    for (row, &y) in labels.iter().zip(duals) {
        if y == 0.0 {
            continue;
        }
        match *row {
            Row::LineCapacity(l, h, t) => {
                let line = &p.lines[l.0];
                let drhs = inst.availability[[line.site.0, t]] * line.availability;
                put(
                    format!("a{}:{}", l.0, h.0),
                    row.family(),
                    format!("line {}, shift {}", line.named.id, p.shifts[h.0].named.id),
                    "line-hour per week",
                    "saves",
                    -y * drhs,
                );
            }
            Row::IntakeStorage(s, _) => put(
                format!("b{}", s.0),
                row.family(),
                format!("intake storage at {}", p.sites[s.0].named.id),
                "t of capacity",
                "saves",
                -y,
            ),
            Row::OutputStorage(s, _) => put(
                format!("c{}", s.0),
                row.family(),
                format!("output storage at {}", p.sites[s.0].named.id),
                "t of capacity",
                "saves",
                -y,
            ),
            // The row caps the paid insertion hours at Nfund HFTE T/52: one more agreed FTE
            // raises its right-hand side by HFTE T/52 hours.
            Row::FundedPosts => put(
                "d".into(),
                row.family(),
                "state-funded insertion posts".into(),
                "agreed FTE",
                "saves",
                -y * p.social.full_time_h_per_year * inst.weeks as f64 / 52.0,
            ),
            Row::InsertionShare(s) => {
                let mut all = 0.0;
                for &l in p.lines_at(s) {
                    for kind in StaffKind::PRODUCTION {
                        all += plan
                            .line_hours
                            .slice(ndarray::s![kind.index(), l.0, .., ..])
                            .sum();
                    }
                }
                put(
                    format!("e{}", s.0),
                    row.family(),
                    format!("insertion share required at {}", p.sites[s.0].named.id),
                    "percentage point",
                    "costs",
                    y * 0.01 * all,
                );
            }
            Row::Recovery(c) | Row::Recycling(c) => {
                let r = k.scope(c.into());
                let what = if matches!(row, Row::Recovery(_)) {
                    "recovery"
                } else {
                    "recycling"
                };
                let whose = match c {
                    Some(c) => format!("category {}", p.categories[c.0].named.id),
                    None => "the whole plant".into(),
                };
                put(
                    format!("f{what}{whose}"),
                    row.family(),
                    format!("{what} target of {whose}"),
                    "percentage point",
                    "costs",
                    y * 0.01 * r.accountable_t,
                );
            }
            Row::OutletMin(o) => put(
                format!("g{}", o.0),
                row.family(),
                format!("contract minimum of outlet {}", p.outlets[o.0].named.id),
                "t",
                "costs",
                y,
            ),
            Row::OutletMax(o) => put(
                format!("h{}", o.0),
                row.family(),
                format!("contract maximum of outlet {}", p.outlets[o.0].named.id),
                "t",
                "saves",
                -y,
            ),
            _ => {}
        }
    }
    let mut out: Vec<ShadowPrice> = acc.into_values().filter(|s| s.eur.abs() > 1e-6).collect();
    out.sort_by(|a, b| b.eur.abs().total_cmp(&a.eur.abs()));
    out
}

/// Fixes the plan's whole-number staffing decisions with equality rows (family
/// `fixed_staffing`): the headcounts `N[s,k,t]` and `N0[s,k]`, the insertion entries and exits
/// `a[s,t]`, `x[s,t]` and the advisers `adv[s]`, each at the plan's value rounded to a whole
/// number. Built on a relaxed model, the rows make it the LP of the MIP plan's point, whose
/// duals price the other rows.
pub fn fix_staffing(model: &mut LpModel, vars: &Vars, plan: &Plan) {
    model.rows.family("fixed_staffing");
    let mut fix = |v: Option<Var>, x: f64| {
        if let Some(v) = v {
            let mut e = good_lp::Expression::with_capacity(1);
            add(&mut e, 1.0, Some(v));
            model.rows.eq(e, x.round(), Row::FixedStaffing(v.col));
        }
    };
    for ((s, k, t), &v) in vars.head.indexed_iter() {
        fix(v, plan.staff_n[[s, k, t]]);
    }
    for ((s, k), &v) in vars.open.indexed_iter() {
        fix(v, plan.opening_n[[s, k]]);
    }
    let ins = StaffKind::Insertion.index();
    for ((s, k, t), &v) in vars.hire.indexed_iter() {
        if k == ins {
            fix(v, plan.hires[[s, k, t]]);
        }
    }
    for ((s, k, t), &v) in vars.depart.indexed_iter() {
        if k == ins {
            fix(v, plan.departures[[s, k, t]]);
        }
    }
    for (s, &v) in vars.advisers.indexed_iter() {
        fix(v, plan.advisers[s]);
    }
}
