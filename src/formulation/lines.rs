//! Lines: shift hours, crews and qualified staff.

use super::{add, Row, Rows, Vars};
use crate::plant::*;
use good_lp::Expression;

/// **line_capacity**: the hours a line runs in a shift fit in the shift's available hours.
///
/// ```text
/// sum_{p in Streams(l)} x[l,p,h,t] / r[l,p] <= H[h] * alpha[s(l),t] * u[l]      for all l, h in Shifts(l), t
/// ```
pub fn line_capacity(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("line_capacity");
    let p = &inst.plant;
    for (l, line) in p.lines.iter().enumerate() {
        for (h, shift) in p.shifts.iter().enumerate() {
            if !line.shifts[h] {
                continue;
            }
            for t in 0..inst.weeks {
                let mut e = Expression::with_capacity(line.processes.len());
                for pr in &line.processes {
                    add(&mut e, 1.0 / pr.rate_t_per_h, v.x[[l, pr.stream.0, h, t]]);
                }
                let cap =
                    shift.hours_per_week * inst.availability[[line.site.0, t]] * line.availability;
                rows.le(e, cap, Row::LineCapacity(LineId(l), ShiftId(h), t));
            }
        }
    }
}

/// **crew**: the effective person-hours on a line equal what its processing needs.
///
/// ```text
/// sum_{k in ProdKinds} phi[s(l),k] * w[k,l,h,t] - sum_{p in Streams(l)} crew[l,p] / r[l,p] * x[l,p,h,t] = 0
///                                                                  for all l, h in Shifts(l), t
/// ```
pub fn crew(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("crew");
    let p = &inst.plant;
    for (l, line) in p.lines.iter().enumerate() {
        for h in (0..p.shifts.len()).filter(|&h| line.shifts[h]) {
            for t in 0..inst.weeks {
                let mut e = Expression::with_capacity(line.processes.len() + 3);
                for k in StaffKind::PRODUCTION {
                    if let Some(g) = p.staff(line.site, k) {
                        add(&mut e, g.productivity, v.w[[k.index(), l, h, t]]);
                    }
                }
                for pr in &line.processes {
                    add(
                        &mut e,
                        -pr.crew_persons / pr.rate_t_per_h,
                        v.x[[l, pr.stream.0, h, t]],
                    );
                }
                rows.eq(e, 0.0, Row::Crew(LineId(l), ShiftId(h), t));
            }
        }
    }
}

/// **qualified_share**: permanent staff work at least a share of a line's staff hours.
///
/// ```text
/// w[perm,l,h,t] - kappa[l] * sum_{k in ProdKinds} w[k,l,h,t] >= 0      for all l with kappa[l] > 0, h in Shifts(l), t
/// ```
pub fn qualified_share(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("qualified_share");
    let p = &inst.plant;
    for (l, line) in p.lines.iter().enumerate() {
        let q = line.min_qualified_share;
        if q <= 0.0 {
            continue;
        }
        for h in (0..p.shifts.len()).filter(|&h| line.shifts[h]) {
            for t in 0..inst.weeks {
                let mut e = Expression::with_capacity(3);
                for k in StaffKind::PRODUCTION {
                    let own = if k == StaffKind::Permanent { 1.0 } else { 0.0 };
                    add(&mut e, own - q, v.w[[k.index(), l, h, t]]);
                }
                rows.ge(e, 0.0, Row::Qualified(LineId(l), ShiftId(h), t));
            }
        }
    }
}
