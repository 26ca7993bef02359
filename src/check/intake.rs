//! Intake: collected tonnage reaches a connected site, and the intake stock recomputed week by
//! week from the flows matches the plan's.

use super::{storage, wk, Checker};
use crate::formulation::Row;
use crate::plan::Plan;
use crate::plant::*;
use ndarray::s;

/// **supply_split** (§4.1): all supply is delivered, and only to connected sites.
///
/// ```text
/// sum_{s in Sites(a)} d[a,s,p,t] = D[a,p,t]      for all a, p, t
/// d[a,s,p,t] = 0                                 for s not in Sites(a)
/// ```
pub(super) fn supply_split(c: &mut Checker, inst: &Instance, plan: &Plan) {
    let p = &inst.plant;
    for (a, area) in p.areas.iter().enumerate() {
        for k in 0..p.streams.len() {
            for t in 0..inst.weeks {
                let mut total = 0.0;
                for s in 0..p.sites.len() {
                    let d = plan.delivered_t[[a, s, k, t]];
                    if p.area_transport_eur_per_t[[a, s]].is_none() {
                        c.viol(
                            "supply_split",
                            || {
                                format!(
                                    "{} -> unconnected {} week {}",
                                    area.id,
                                    p.sites[s].named.id,
                                    wk(t)
                                )
                            },
                            d.abs(),
                            1.0,
                        );
                    }
                    total += d;
                }
                c.eq(
                    "supply_split",
                    || Row::Supply(AreaId(a), StreamId(k), t).key(p),
                    total,
                    inst.supply_t[[a, k, t]],
                );
            }
        }
    }
}

/// **intake_balance** (§4.2) at site `s`: the stock is recomputed from the opening stock and
/// the flows, compared with the plan's every week, and never negative; the closing stock it
/// ends with is then checked against its bounds (§4.21, [`storage::closing_stock`]).
///
/// ```text
/// I[s,p,t] = I[s,p,t-1] + sum_a d[a,s,p,t] - sum_{l in Lines(s), h} x[l,p,h,t] - e[s,p,t]
///            + adj[s,p,t]                for all p, t;  I[s,p,0] = I0[s,p]
///   (adj: the plan's count adjustments, read only for an instance with actuals, whose
///    checks verify it is 0 in weeks not counted; without actuals it is taken as 0, so that a
///    plan holding one fails here)
/// ```
pub(super) fn intake_balance(c: &mut Checker, inst: &Instance, plan: &Plan, site: SiteId) {
    let p = &inst.plant;
    let s = site.0;
    let id = &p.sites[s].named.id;
    for (k, stream) in p.streams.iter().enumerate() {
        let mut stock = p.intake_stock[[s, k]].opening_t;
        for t in 0..inst.weeks {
            let delivered: f64 = plan.delivered_t.slice(s![.., s, k, t]).sum();
            let processed: f64 = p
                .lines_at(site)
                .iter()
                .map(|l| plan.processed_t.slice(s![l.0, k, .., t]).sum())
                .sum();
            stock += delivered - processed - plan.external_t[[s, k, t]]
                + adjustment(inst, plan.intake_adjust_t[[s, k, t]]);
            c.eq(
                "intake_balance",
                || Row::IntakeBalance(site, StreamId(k), t).key(p),
                plan.intake_stock_t[[s, k, t]],
                stock,
            );
            c.viol(
                "intake_balance",
                || format!("negative stock {} {} week {}", id, stream.named.id, wk(t)),
                -stock,
                1.0,
            );
        }
        storage::closing_stock(
            c,
            p,
            [Row::ClosingIntakeMin, Row::ClosingIntakeMax].map(|r| r(site, StreamId(k))),
            p.intake_stock[[s, k]],
            stock,
        );
    }
}

/// A count adjustment of the plan as the balances read it: 0 for an instance without actuals.
pub(super) fn adjustment(inst: &Instance, adj: f64) -> f64 {
    if inst.actuals.is_some() {
        adj
    } else {
        0.0
    }
}
