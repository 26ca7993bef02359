//! Intake: collected tonnage reaches a site, waits in intake stock, is processed or sent out.

use super::{add, Row, Rows, Vars};
use crate::plant::*;
use good_lp::Expression;

/// **supply_split**: every tonne collected in an area goes to some connected site.
///
/// ```text
/// sum_{s in Sites(a)} d[a,s,p,t] = D[a,p,t]      for all a, p, t with D[a,p,t] > 0
/// ```
pub fn supply_split(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("supply_split");
    let p = &inst.plant;
    for a in 0..p.areas.len() {
        for k in 0..p.streams.len() {
            for t in 0..inst.weeks {
                let supply = inst.supply_t[[a, k, t]];
                if supply <= 0.0 {
                    continue;
                }
                let mut e = Expression::with_capacity(p.sites.len());
                for s in 0..p.sites.len() {
                    add(&mut e, 1.0, v.deliver[[a, s, k, t]]);
                }
                rows.eq(e, supply, Row::Supply(AreaId(a), StreamId(k), t));
            }
        }
    }
}

/// **intake_balance**: stock carried over plus deliveries equals processing, external
/// hand-over and stock carried on.
///
/// ```text
/// I[s,p,t-1] + sum_a d[a,s,p,t] - sum_{l in Lines(s), h} x[l,p,h,t] - e[s,p,t] + adj[s,p,t] - I[s,p,t] = 0
///                                        for all (s,p) with R[s,p], all t;  I[s,p,0] = I0[s,p]
///          (adj[s,p,t]: the count adjustment of a week whose stock was counted, see actuals.rs)
/// ```
pub fn intake_balance(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("intake_balance");
    let p = &inst.plant;
    let nh = p.shifts.len();
    for s in 0..p.sites.len() {
        for k in 0..p.streams.len() {
            if !v.receives[[s, k]] {
                continue;
            }
            let opening = p.intake_stock[[s, k]].opening_t;
            for t in 0..inst.weeks {
                let mut e = Expression::with_capacity(8);
                let mut rhs = 0.0;
                if t == 0 {
                    rhs -= opening;
                } else {
                    add(&mut e, 1.0, v.istock[[s, k, t - 1]]);
                }
                for a in 0..p.areas.len() {
                    add(&mut e, 1.0, v.deliver[[a, s, k, t]]);
                }
                for &l in p.lines_at(SiteId(s)) {
                    for h in 0..nh {
                        add(&mut e, -1.0, v.x[[l.0, k, h, t]]);
                    }
                }
                add(&mut e, -1.0, v.ext[[s, k, t]]);
                add(&mut e, 1.0, v.iadj[[s, k, t]]);
                add(&mut e, -1.0, v.istock[[s, k, t]]);
                rows.eq(e, rhs, Row::IntakeBalance(SiteId(s), StreamId(k), t));
            }
        }
    }
}
