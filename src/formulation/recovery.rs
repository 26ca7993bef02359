//! Recovery and recycling targets, per category and plant-wide.
//!
//! Accounting rule: output is traced by lot, a fraction of one category. A lot shipped to
//! outlet o counts `rho[o]` of its tonnage as recovered and `sigma[o]` as recycled. A
//! category's rate is what its lots' shipments count over the horizon, divided by the tonnage
//! of its streams processed on the plant's lines over the horizon. Output still in stock at the
//! end counts as not recovered; tonnage sent to an external contractor is not processed here
//! and is in neither term.

use super::{add, Rows, Vars};
use crate::plant::*;
use good_lp::Expression;

/// Adds `share(o) * y[s,o,q,t]` for lots of the category (or all lots) and subtracts
/// `target * x[l,p,h,t]` for streams of the category (or all streams).
fn target_row(
    inst: &Instance,
    v: &Vars,
    category: Option<CategoryId>,
    share: impl Fn(&Outlet) -> f64,
    target: f64,
) -> Expression {
    let p = &inst.plant;
    let mut e = Expression::with_capacity(1024);
    let in_cat = |c: CategoryId| category.is_none_or(|k| k == c);
    for t in 0..inst.weeks {
        for s in 0..p.sites.len() {
            for (q, &(_, c)) in p.lots.iter().enumerate() {
                if !in_cat(c) {
                    continue;
                }
                for (o, out) in p.outlets.iter().enumerate() {
                    add(&mut e, share(out), v.ship[[s, o, q, t]]);
                }
            }
        }
        for (l, line) in p.lines.iter().enumerate() {
            for pr in &line.processes {
                if !in_cat(p.streams[pr.stream.0].category) {
                    continue;
                }
                for h in 0..p.shifts.len() {
                    add(&mut e, -target, v.x[[l, pr.stream.0, h, t]]);
                }
            }
        }
    }
    e
}

/// **category_targets**: each category's recovered and recycled tonnage reach their targets.
///
/// ```text
/// sum_{s,o,q in Q(c),t} rho[o] * y[s,o,q,t] - Rrec[c] * sum_{l,p in P(c),h,t} x[l,p,h,t] >= 0
/// sum_{s,o,q in Q(c),t} sigma[o] * y[s,o,q,t] - Rcyc[c] * sum_{l,p in P(c),h,t} x[l,p,h,t] >= 0
///                                                         for all c with the target given
/// ```
pub fn category_targets(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("category_targets");
    for (c, cat) in inst.plant.categories.iter().enumerate() {
        if let Some(r) = cat.recovery_target {
            rows.ge(target_row(inst, v, Some(CategoryId(c)), |o| o.recovered_share, r), 0.0);
        }
        if let Some(r) = cat.recycling_target {
            rows.ge(target_row(inst, v, Some(CategoryId(c)), |o| o.recycled_share, r), 0.0);
        }
    }
}

/// **plant_targets**: the same over every category together.
///
/// ```text
/// sum_{s,o,q,t} rho[o] * y[s,o,q,t] - Rrec * sum_{l,p,h,t} x[l,p,h,t] >= 0     if Rrec is given
/// sum_{s,o,q,t} sigma[o] * y[s,o,q,t] - Rcyc * sum_{l,p,h,t} x[l,p,h,t] >= 0   if Rcyc is given
/// ```
pub fn plant_targets(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("plant_targets");
    let p = &inst.plant;
    if let Some(r) = p.recovery_target {
        rows.ge(target_row(inst, v, None, |o| o.recovered_share, r), 0.0);
    }
    if let Some(r) = p.recycling_target {
        rows.ge(target_row(inst, v, None, |o| o.recycled_share, r), 0.0);
    }
}
