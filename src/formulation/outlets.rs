//! Outlets: fractions produced, held, and shipped to buyers under contracts and truckloads.

use super::{add, Row, Rows, Vars};
use crate::plant::*;
use good_lp::Expression;

/// **output_balance**: per traced lot q = (fraction f, category c), output stock carried over
/// plus what the lines yield equals shipments plus stock carried on.
///
/// ```text
/// O[s,q,t-1] + sum_{l in Lines(s), p in Streams(l) ∩ Streams(c), h} gamma[l,p,f] * x[l,p,h,t]
///            - sum_o y[s,o,q,t] + adj[s,q,t] - O[s,q,t] = 0   for all (s,q) with a stock, t;  O[s,q,0] = O0[s,q]
///          (adj[s,q,t]: the count adjustment of a week whose stock was counted, see actuals.rs)
/// ```
pub fn output_balance(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("output_balance");
    let p = &inst.plant;
    for s in 0..p.sites.len() {
        for (q, &(f, c)) in p.lots.iter().enumerate() {
            if v.ostock[[s, q, 0]].is_none() {
                continue;
            }
            let opening = p.output_stock[[s, q]].opening_t;
            for t in 0..inst.weeks {
                let mut e = Expression::with_capacity(16);
                let mut rhs = 0.0;
                if t == 0 {
                    rhs -= opening;
                } else {
                    add(&mut e, 1.0, v.ostock[[s, q, t - 1]]);
                }
                for &l in p.lines_at(SiteId(s)) {
                    for pr in &p.lines[l.0].processes {
                        if p.streams[pr.stream.0].category != c || pr.yields[f.0] <= 0.0 {
                            continue;
                        }
                        for h in 0..p.shifts.len() {
                            add(&mut e, pr.yields[f.0], v.x[[l.0, pr.stream.0, h, t]]);
                        }
                    }
                }
                for o in 0..p.outlets.len() {
                    add(&mut e, -1.0, v.ship[[s, o, q, t]]);
                }
                add(&mut e, 1.0, v.oadj[[s, q, t]]);
                add(&mut e, -1.0, v.ostock[[s, q, t]]);
                rows.eq(e, rhs, Row::OutputBalance(SiteId(s), LotId(q), t));
            }
        }
    }
}

fn outlet_week(inst: &Instance, v: &Vars, o: usize, t: usize, e: &mut Expression) {
    for s in 0..inst.plant.sites.len() {
        for q in 0..inst.plant.lots.len() {
            add(e, 1.0, v.ship[[s, o, q, t]]);
        }
    }
}

/// **contracts**: an outlet's contract minimum and maximum over the horizon, and its weekly cap.
///
/// ```text
/// sum_{s,q,t} y[s,o,q,t] >= m[o]             for all o with m[o] > 0
/// sum_{s,q,t} y[s,o,q,t] <= M[o]             for all o with a maximum
/// sum_{s,q} y[s,o,q,t] <= W[o]               for all o with a weekly cap, t
/// ```
pub fn contracts(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("contracts");
    for (o, out) in inst.plant.outlets.iter().enumerate() {
        if out.min_t > 0.0 || out.max_t.is_some() {
            let mut e = Expression::with_capacity(64);
            for t in 0..inst.weeks {
                outlet_week(inst, v, o, t, &mut e);
            }
            if out.min_t > 0.0 {
                rows.ge(e.clone(), out.min_t, Row::OutletMin(OutletId(o)));
            }
            if let Some(max) = out.max_t {
                rows.le(e, max, Row::OutletMax(OutletId(o)));
            }
        }
        if let Some(cap) = out.max_t_per_week {
            for t in 0..inst.weeks {
                let mut e = Expression::with_capacity(16);
                outlet_week(inst, v, o, t, &mut e);
                rows.le(e, cap, Row::OutletWeekly(OutletId(o), t));
            }
        }
    }
}

/// **truckloads**: shipments to an outlet served by full trucks need whole trips.
///
/// ```text
/// sum_q y[s,o,q,t] - C[o] * z[s,o,t] <= 0        for all (s,o) with trucks, t;  z integer unless relaxed
/// ```
pub fn truckloads(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("truckloads");
    let p = &inst.plant;
    for s in 0..p.sites.len() {
        for (o, out) in p.outlets.iter().enumerate() {
            let Some(cap) = out.truck_capacity_t else {
                continue;
            };
            for t in 0..inst.weeks {
                if v.trips[[s, o, t]].is_none() {
                    continue;
                }
                let mut e = Expression::with_capacity(p.lots.len() + 1);
                for q in 0..p.lots.len() {
                    add(&mut e, 1.0, v.ship[[s, o, q, t]]);
                }
                add(&mut e, -cap, v.trips[[s, o, t]]);
                rows.le(e, 0.0, Row::Truck(SiteId(s), OutletId(o), t));
            }
        }
    }
}
