//! Staffing: hours worked are paid, paid hours respect each person's contract.

use super::{add, Row, Rows, Vars};
use crate::plant::*;
use good_lp::Expression;

/// **worked_within_paid**: hours worked by a staff kind fit in its paid hours.
///
/// ```text
/// sum_{l in Lines(s), h} w[k,l,h,t] - P[s,k,t] <= 0        for all s, k in ProdKinds with a group, t
/// sum_h v[s,h,t] - P[s,sup,t] <= 0                         for all s with supervisors, t
/// ```
pub fn worked_within_paid(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("worked_within_paid");
    let p = &inst.plant;
    let nh = p.shifts.len();
    for s in 0..p.sites.len() {
        for k in StaffKind::ALL {
            if p.staff(SiteId(s), k).is_none() {
                continue;
            }
            for t in 0..inst.weeks {
                let mut e = Expression::with_capacity(16);
                if k == StaffKind::Supervisor {
                    for h in 0..nh {
                        add(&mut e, 1.0, v.v[[s, h, t]]);
                    }
                } else {
                    for &l in p.lines_at(SiteId(s)) {
                        for h in 0..nh {
                            add(&mut e, 1.0, v.w[[k.index(), l.0, h, t]]);
                        }
                    }
                }
                add(&mut e, -1.0, v.paid[[s, k.index(), t]]);
                rows.le(e, 0.0, Row::Worked(SiteId(s), k, t));
            }
        }
    }
}

/// **contract_hours**: paid hours lie between the contract minimum and maximum of the
/// headcount, scaled by the week's availability.
///
/// ```text
/// P[s,k,t] - hmin[s,k] * alpha[s,t] * N[s,k] >= 0       for all s, k with a group, t
/// P[s,k,t] - hmax[s,k] * alpha[s,t] * N[s,k] <= 0       for all s, k with a group, t
/// ```
pub fn contract_hours(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("contract_hours");
    let p = &inst.plant;
    for s in 0..p.sites.len() {
        for k in StaffKind::ALL {
            let Some(g) = p.staff(SiteId(s), k) else {
                continue;
            };
            for t in 0..inst.weeks {
                let alpha = inst.availability[[s, t]];
                let mut lo = Expression::with_capacity(2);
                add(&mut lo, 1.0, v.paid[[s, k.index(), t]]);
                add(&mut lo, -g.min_h_per_week * alpha, v.head[[s, k.index()]]);
                rows.ge(lo, 0.0, Row::ContractMinHours(SiteId(s), k, t));
                let mut hi = Expression::with_capacity(2);
                add(&mut hi, 1.0, v.paid[[s, k.index(), t]]);
                add(&mut hi, -g.max_h_per_week * alpha, v.head[[s, k.index()]]);
                rows.le(hi, 0.0, Row::ContractMaxHours(SiteId(s), k, t));
            }
        }
    }
}
