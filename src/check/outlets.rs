//! Outlets: output lots recomputed from the yields and shipped only where they may go,
//! contracts with the outlets, and truckloads.

use super::{storage, wk, Checker};
use crate::formulation::Row;
use crate::plan::Plan;
use crate::plant::*;
use ndarray::s;

/// **output_balance** (§4.17), site by site and lot by lot: production recomputed from the
/// yields, shipments only to outlets that take the fraction and are connected to the site, the
/// stock recomputed week by week, compared with the plan's and never negative; then the closing
/// stock against its bounds (§4.21, [`storage::closing_stock`]).
///
/// ```text
/// O[s,q,t] = O[s,q,t-1] + sum_{l in Lines(s), p in Streams(l) ∩ Streams(c), h} gamma[l,p,f] * x[l,p,h,t]
///          - sum_o y[s,o,q,t] + adj[s,q,t]       for all s, q = (f, c), t;  O[s,q,0] = O0[s,q]
/// y[s,o,q,t] = 0                                 where o does not take f or tau[o,s] is absent
/// ```
pub(super) fn output_balance(c: &mut Checker, inst: &Instance, plan: &Plan) {
    let p = &inst.plant;
    for (s, site) in p.sites.iter().enumerate() {
        for (q, &(f, cat)) in p.lots.iter().enumerate() {
            let mut stock = p.output_stock[[s, q]].opening_t;
            let lot = || {
                format!(
                    "{} {}/{}",
                    site.named.id, p.fractions[f.0].named.id, p.categories[cat.0].named.id
                )
            };
            for t in 0..inst.weeks {
                let produced = produced(inst, plan, s, f, cat, t);
                let mut shipped = 0.0;
                for (o, out) in p.outlets.iter().enumerate() {
                    let y = plan.shipped_t[[s, o, q, t]];
                    if !out.accepts[f.0] || out.transport_eur_per_t[s].is_none() {
                        c.viol(
                            "output_balance",
                            || {
                                format!(
                                    "{} shipped to {} which cannot take it, week {}",
                                    lot(),
                                    out.named.id,
                                    wk(t)
                                )
                            },
                            y.abs(),
                            1.0,
                        );
                    }
                    shipped += y;
                }
                stock += produced - shipped
                    + super::intake::adjustment(inst, plan.output_adjust_t[[s, q, t]]);
                c.eq(
                    "output_balance",
                    || Row::OutputBalance(SiteId(s), LotId(q), t).key(p),
                    plan.output_stock_t[[s, q, t]],
                    stock,
                );
                c.viol(
                    "output_balance",
                    || format!("negative stock {} week {}", lot(), wk(t)),
                    -stock,
                    1.0,
                );
            }
            let bounds = [Row::ClosingOutputMin, Row::ClosingOutputMax];
            let rows = bounds.map(|r| r(SiteId(s), LotId(q)));
            storage::closing_stock(c, p, rows, p.output_stock[[s, q]], stock);
        }
    }
}

/// Tonnes of fraction `f` that site `s`'s lines yield from streams of category `cat` in
/// week `t`.
fn produced(
    inst: &Instance,
    plan: &Plan,
    s: usize,
    f: FractionId,
    cat: CategoryId,
    t: usize,
) -> f64 {
    let p = &inst.plant;
    let mut produced = 0.0;
    for &l in p.lines_at(SiteId(s)) {
        for pr in &p.lines[l.0].processes {
            if p.streams[pr.stream.0].category == cat {
                produced +=
                    pr.yields[f.0] * plan.processed_t.slice(s![l.0, pr.stream.0, .., t]).sum();
            }
        }
    }
    produced
}

/// The outlet families, outlet by outlet: [`contracts`] over the horizon, then week by week
/// the weekly cap ([`weekly_cap`]) and the [`truckloads`] from each site.
pub(super) fn contracts_and_truckloads(
    c: &mut Checker,
    inst: &Instance,
    plan: &Plan,
    integral_trips: bool,
) {
    let p = &inst.plant;
    for (o, out) in p.outlets.iter().enumerate() {
        contracts(c, p, plan, o, out);
        for t in 0..inst.weeks {
            weekly_cap(c, p, plan, o, out, t);
            for s in 0..p.sites.len() {
                truckloads(c, p, plan, s, (o, out), t, integral_trips);
            }
        }
    }
}

/// **contracts** (§4.18), over the horizon: the outlet's minimum, then its maximum if given.
///
/// ```text
/// m[o] <= sum_{s,q,t} y[s,o,q,t] <= M[o]
/// ```
fn contracts(c: &mut Checker, p: &Plant, plan: &Plan, o: usize, out: &Outlet) {
    let total = plan.shipped_t.slice(s![.., o, .., ..]).sum();
    c.le(
        "contracts",
        || Row::OutletMin(OutletId(o)).key(p),
        out.min_t,
        total,
    );
    if let Some(m) = out.max_t {
        c.le("contracts", || Row::OutletMax(OutletId(o)).key(p), total, m);
    }
}

/// **contracts** (§4.18), the weekly cap if given.
///
/// ```text
/// sum_{s,q} y[s,o,q,t] <= W[o]
/// ```
fn weekly_cap(c: &mut Checker, p: &Plant, plan: &Plan, o: usize, out: &Outlet, t: usize) {
    if let Some(m) = out.max_t_per_week {
        let week = plan.shipped_t.slice(s![.., o, .., t]).sum();
        c.le(
            "contracts",
            || Row::OutletWeekly(OutletId(o), t).key(p),
            week,
            m,
        );
    }
}

/// **truckloads** (§4.19) from site `s` to outlet `o` in week `t`: shipments fit in the trips,
/// trips are whole unless relaxed, and there are no trips to an outlet without trucks.
///
/// ```text
/// sum_q y[s,o,q,t] <= C[o] * z[s,o,t];  z[s,o,t] integer unless relaxed;  z = 0 without C[o]
/// ```
fn truckloads(
    c: &mut Checker,
    p: &Plant,
    plan: &Plan,
    s: usize,
    (o, out): (usize, &Outlet),
    t: usize,
    integral_trips: bool,
) {
    let z = plan.trips[[s, o, t]];
    match out.truck_capacity_t {
        Some(cap) => {
            let y = plan.shipped_t.slice(s![s, o, .., t]).sum();
            c.le(
                "truckloads",
                || Row::Truck(SiteId(s), OutletId(o), t).key(p),
                y,
                cap * z,
            );
            if integral_trips {
                c.viol(
                    "truckloads",
                    || {
                        format!(
                            "fractional trips {} -> {} week {}",
                            p.sites[s].named.id,
                            out.named.id,
                            wk(t)
                        )
                    },
                    (z - z.round()).abs(),
                    1.0,
                );
            }
        }
        None => c.viol(
            "truckloads",
            || format!("trips to {} which has no trucks", out.named.id),
            z.abs(),
            1.0,
        ),
    }
}
