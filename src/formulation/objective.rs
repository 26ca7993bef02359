//! The objective: total cost over the horizon, in EUR.

use super::{add, Vars};
use crate::plant::*;
use good_lp::Expression;

/// **total_cost** (minimised):
///
/// ```text
///   sum tau[a,s] d[a,s,p,t]                                   inbound transport
/// + sum cost[s,k] P[s,k,t]   (k in PayKinds)                  paid hours
/// + sum cost[s,tmp] (1 + mk[s]) P[s,tmp,t]                    agency hours, with the mark-up
/// + sum cost[s,k] pi_j o[s,k,j,t]                             overtime premiums
/// + sum HC[s,k] hire[s,k,t] + DC[s,k] dep[s,k,t] (perm, sup) + EC a[s,t]   hires, departures, entries
/// + sum CA T/52 adv[s]                                        insertion advisers
/// + sum cost[s,k] pi[h] w[k,l,h,t] + sum cost[s,sup] pi[h] v[s,h,t]   shift premiums
/// + sum g[l] x[l,p,h,t] / r[l,p]                              line running cost
/// + sum hI[p] I[s,p,t] + sum hO[f(q)] O[s,q,t]                holding
/// + sum E[p] e[s,p,t]                                         external contractor
/// + sum (tau[o,s] - price[o,f(q),t]) y[s,o,q,t]               outbound transport less revenue
/// + sum F[o] z[s,o,t]                                         truck trips
/// + sum_{t<T} (P[s,q,t+1] - P[s,q,t]) O[s,q,t]   (forecast prices only)   stock revaluation
/// - Aid (1 + mod) / HFTE * sum_{s,t} P[s,ins,t]               state aid, pro rata of paid insertion hours
/// - V sum_j pl[j]                                             value of placements (input)
/// + sum c[k] tr[k,t]                                          training modules' fees
/// - M                                                         modulated aid earned by the lasting exits (§4.15)
/// ```
pub fn total_cost(inst: &Instance, v: &Vars) -> Expression {
    let p = &inst.plant;
    let nt = inst.weeks;
    let mut e = Expression::with_capacity(v.x.len() / 2);
    for a in 0..p.areas.len() {
        for s in 0..p.sites.len() {
            let Some(tau) = p.area_transport_eur_per_t[[a, s]] else {
                continue;
            };
            for k in 0..p.streams.len() {
                for t in 0..nt {
                    add(&mut e, tau, v.deliver[[a, s, k, t]]);
                }
            }
        }
    }
    for s in 0..p.sites.len() {
        for k in StaffKind::ALL {
            let Some(g) = p.staff(SiteId(s), k) else {
                continue;
            };
            let ki = k.index();
            let hourly = g.paid_hour_cost(k);
            let (hire, depart) = g.change_costs(k, &p.pathway);
            for t in 0..nt {
                add(&mut e, hourly, v.paid[[s, ki, t]]);
                for j in 0..2 {
                    add(
                        &mut e,
                        g.cost_eur_per_h * p.law.premium(j),
                        v.overtime[[s, ki, j, t]],
                    );
                }
                add(&mut e, hire, v.hire[[s, ki, t]]);
                add(&mut e, depart, v.depart[[s, ki, t]]);
            }
            for (h, shift) in p.shifts.iter().enumerate() {
                let premium = g.cost_eur_per_h * shift.wage_premium;
                for t in 0..nt {
                    if k == StaffKind::Supervisor {
                        add(&mut e, premium, v.v[[s, h, t]]);
                    } else {
                        for &l in p.lines_at(SiteId(s)) {
                            add(&mut e, premium, v.w[[k.index(), l.0, h, t]]);
                        }
                    }
                }
            }
        }
        for (k, stream) in p.streams.iter().enumerate() {
            for t in 0..nt {
                add(&mut e, stream.holding_eur_per_t_week, v.istock[[s, k, t]]);
                add(&mut e, stream.external_cost_eur_per_t, v.ext[[s, k, t]]);
            }
        }
        for (q, &(f, _)) in p.lots.iter().enumerate() {
            let hold = p.fractions[f.0].holding_eur_per_t_week;
            for t in 0..nt {
                let revalue = inst.revaluation(SiteId(s), LotId(q), t);
                add(&mut e, hold + revalue, v.ostock[[s, q, t]]);
                for (o, out) in p.outlets.iter().enumerate() {
                    let tau = out.transport_eur_per_t[s].unwrap_or(0.0);
                    add(
                        &mut e,
                        tau - inst.price_eur_per_t[[o, f.0, t]],
                        v.ship[[s, o, q, t]],
                    );
                }
            }
        }
        for (o, out) in p.outlets.iter().enumerate() {
            for t in 0..nt {
                add(&mut e, out.cost_eur_per_trip, v.trips[[s, o, t]]);
            }
        }
        let adviser = p.social.adviser_cost_eur_per_year * nt as f64 / 52.0;
        add(&mut e, adviser, v.advisers[s]);
        let aid = p.social.aid_eur_per_paid_h();
        for t in 0..nt {
            add(&mut e, -aid, v.paid[[s, StaffKind::Insertion.index(), t]]);
        }
    }
    for j in 0..p.openings.len() {
        add(&mut e, -p.pathway.placement_value_eur, v.place[j]);
    }
    add(&mut e, -1.0, v.aid_mod);
    for (k, skill) in p.skills.iter().enumerate() {
        let Some(m) = skill.module() else { continue };
        for t in 0..nt {
            add(&mut e, m.cost_eur, v.train[[k, t]]);
        }
    }
    for (l, line) in p.lines.iter().enumerate() {
        for pr in &line.processes {
            for h in 0..p.shifts.len() {
                for t in 0..nt {
                    add(
                        &mut e,
                        line.running_cost_eur_per_h / pr.rate_t_per_h,
                        v.x[[l, pr.stream.0, h, t]],
                    );
                }
            }
        }
    }
    e
}
