//! Objective: the plan's costs recomputed term by term, and their sum against the solver's
//! objective.

use super::{Checker, Costs};
use crate::plan::Plan;
use crate::plant::*;
use ndarray::s;

/// **objective** (§5): the costs recomputed from the plan equal the objective the solver
/// reported.
///
/// ```text
/// total (see [`costs`]) = the solver's objective
/// ```
pub(super) fn objective(c: &mut Checker, costs: &Costs, objective: f64) {
    c.eq(
        "objective",
        || "costs recomputed from the plan vs the solver's objective".into(),
        costs.total,
        objective,
    );
}

/// Recomputes the plan's costs term by term (§5).
///
/// ```text
///   sum tau[a,s] d[a,s,p,t]                                   inbound transport
/// + sum cost[s,k] P[s,k,t]                                    paid hours
/// + sum cost[s,k] pi[h] w[k,l,h,t] + sum cost[s,sup] pi[h] v[s,h,t]   shift premiums
/// + sum g[l] x[l,p,h,t] / r[l,p]                              line running cost
/// + sum hI[p] I[s,p,t] + sum hO[f(q)] O[s,q,t]                holding
/// + sum E[p] e[s,p,t]                                         external contractor
/// + sum (tau[o,s] - price[o,f(q),t]) y[s,o,q,t]               outbound transport less revenue
/// + sum F[o] z[s,o,t]                                         truck trips
/// - Aid / Hyear * sum_{s,t} P[s,ins,t]                        state aid
/// ```
pub fn costs(inst: &Instance, plan: &Plan) -> Costs {
    let p = &inst.plant;
    let mut k = Costs::default();
    for a in 0..p.areas.len() {
        for s in 0..p.sites.len() {
            let tau = p.area_transport_eur_per_t[[a, s]].unwrap_or(0.0);
            k.inbound_transport += tau * plan.delivered_t.slice(s![a, s, .., ..]).sum();
        }
    }
    for s in 0..p.sites.len() {
        staff_costs(inst, plan, SiteId(s), &mut k);
        stock_and_outlet_costs(inst, plan, SiteId(s), &mut k);
    }
    for (l, line) in p.lines.iter().enumerate() {
        for pr in &line.processes {
            let x = plan.processed_t.slice(s![l, pr.stream.0, .., ..]).sum();
            k.line_running += line.running_cost_eur_per_h * x / pr.rate_t_per_h;
        }
    }
    let paid_insertion = plan
        .paid_h
        .slice(s![.., StaffKind::Insertion.index(), ..])
        .sum();
    k.state_aid = p.social.aid_eur_per_post_year / p.social.full_time_h_per_year * paid_insertion;
    k.total = k.inbound_transport
        + k.staff
        + k.shift_premiums
        + k.line_running
        + k.holding
        + k.external
        + k.outbound_transport
        + k.truck_trips
        - k.revenue
        - k.state_aid;
    k
}

/// Paid hours and shift premiums at site `s`, added to `k`.
fn staff_costs(inst: &Instance, plan: &Plan, site: SiteId, k: &mut Costs) {
    let p = &inst.plant;
    let s = site.0;
    for kind in StaffKind::ALL {
        let Some(g) = p.staff(site, kind) else {
            continue;
        };
        k.staff += g.cost_eur_per_h * plan.paid_h.slice(s![s, kind.index(), ..]).sum();
        for (h, shift) in p.shifts.iter().enumerate() {
            let worked = if kind == StaffKind::Supervisor {
                plan.supervisor_h.slice(s![s, h, ..]).sum()
            } else {
                p.lines_at(SiteId(s))
                    .iter()
                    .map(|l| plan.line_hours.slice(s![kind.index(), l.0, h, ..]).sum())
                    .sum()
            };
            k.shift_premiums += g.cost_eur_per_h * shift.wage_premium * worked;
        }
    }
}

/// Holding, external contractor, outbound transport, revenue and truck trips at site `s`,
/// added to `k`.
fn stock_and_outlet_costs(inst: &Instance, plan: &Plan, site: SiteId, k: &mut Costs) {
    let p = &inst.plant;
    let s = site.0;
    for (j, stream) in p.streams.iter().enumerate() {
        k.holding += stream.holding_eur_per_t_week * plan.intake_stock_t.slice(s![s, j, ..]).sum();
        k.external += stream.external_cost_eur_per_t * plan.external_t.slice(s![s, j, ..]).sum();
    }
    for (q, &(f, _)) in p.lots.iter().enumerate() {
        k.holding +=
            p.fractions[f.0].holding_eur_per_t_week * plan.output_stock_t.slice(s![s, q, ..]).sum();
        for (o, out) in p.outlets.iter().enumerate() {
            for t in 0..inst.weeks {
                let y = plan.shipped_t[[s, o, q, t]];
                k.outbound_transport += out.transport_eur_per_t[s].unwrap_or(0.0) * y;
                k.revenue += inst.price_eur_per_t[[o, f.0, t]] * y;
            }
        }
    }
    for (o, out) in p.outlets.iter().enumerate() {
        k.truck_trips += out.cost_eur_per_trip * plan.trips.slice(s![s, o, ..]).sum();
    }
}
