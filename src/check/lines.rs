//! Lines: processing only where a line is equipped and staffed, within its hours, by a crew of
//! the right size and qualification.

use super::Checker;
use crate::formulation::Row;
use crate::plan::Plan;
use crate::plant::*;
use ndarray::s;

/// **line_equipment** (§3, where `x` exists): a line processes only the streams it is equipped
/// for, in the shifts it can run in.
///
/// ```text
/// x[l,p,h,t] = 0        for p not in Streams(l) or h not in Shifts(l)
/// ```
pub(super) fn line_equipment(c: &mut Checker, inst: &Instance, plan: &Plan) {
    let p = &inst.plant;
    for (l, line) in p.lines.iter().enumerate() {
        for k in 0..p.streams.len() {
            for h in 0..p.shifts.len() {
                let allowed = line.shifts[h] && line.process(StreamId(k)).is_some();
                if !allowed {
                    let x = plan
                        .processed_t
                        .slice(s![l, k, h, ..])
                        .iter()
                        .map(|v| v.abs())
                        .sum::<f64>();
                    c.viol(
                        "line_equipment",
                        || {
                            format!(
                                "{} {} {}",
                                line.named.id, p.streams[k].named.id, p.shifts[h].named.id
                            )
                        },
                        x,
                        1.0,
                    );
                }
            }
        }
    }
}

/// One line, shift and week: where the three line families are checked.
struct Slot<'a> {
    line: &'a Line,
    l: usize,
    shift: &'a Shift,
    h: usize,
    t: usize,
}

impl Slot<'_> {
    /// The key of the slot's row of a line family (`Row::LineCapacity`, ...).
    fn at(&self, p: &Plant, row: fn(LineId, ShiftId, usize) -> Row) -> String {
        row(LineId(self.l), ShiftId(self.h), self.t).key(p)
    }
}

/// The line families, line by line, shift by shift, week by week: [`line_capacity`],
/// [`crew`], [`qualified_share`].
pub(super) fn lines(c: &mut Checker, inst: &Instance, plan: &Plan) {
    let p = &inst.plant;
    for (l, line) in p.lines.iter().enumerate() {
        for (h, shift) in p.shifts.iter().enumerate() {
            for t in 0..inst.weeks {
                let slot = Slot {
                    line,
                    l,
                    shift,
                    h,
                    t,
                };
                let crew_needed = line_capacity(c, inst, plan, &slot);
                crew(c, inst, plan, &slot, crew_needed);
                qualified_share(c, p, plan, &slot);
            }
        }
    }
}

/// **line_capacity** (§4.3): the line-hours run fit in the shift's hours, reduced by the site
/// calendar and the line's availability. Returns the person-hours the processing needs
/// (`sum_p crew[l,p] / r[l,p] * x[l,p,h,t]`), for [`crew`].
///
/// ```text
/// sum_{p in Streams(l)} x[l,p,h,t] / r[l,p] <= H[h] * alpha[s(l),t] * u[l]   (0 outside Shifts(l))
/// ```
fn line_capacity(c: &mut Checker, inst: &Instance, plan: &Plan, slot: &Slot) -> f64 {
    let Slot {
        line,
        l,
        shift,
        h,
        t,
    } = *slot;
    let mut hours = 0.0;
    let mut crew = 0.0;
    for pr in &line.processes {
        let x = plan.processed_t[[l, pr.stream.0, h, t]];
        hours += x / pr.rate_t_per_h;
        crew += x / pr.rate_t_per_h * pr.crew_persons;
    }
    let avail = if line.shifts[h] {
        shift.hours_per_week * inst.availability[[line.site.0, t]] * line.availability
    } else {
        0.0
    };
    let at = || slot.at(&inst.plant, Row::LineCapacity);
    c.le("line_capacity", at, hours, avail);
    crew
}

/// **crew** (§4.4): the effective person-hours on the line equal what its processing needs
/// (`needed`), and no hours are worked by a staff kind the site does not have.
///
/// ```text
/// sum_{k in ProdKinds} phi[s(l),k] * w[k,l,h,t] = sum_{p in Streams(l)} crew[l,p] / r[l,p] * x[l,p,h,t]
/// w[k,l,h,t] = 0                                  for (s(l),k) not in Groups
/// ```
fn crew(c: &mut Checker, inst: &Instance, plan: &Plan, slot: &Slot, needed: f64) {
    let Slot { line, l, h, t, .. } = *slot;
    let mut effective = 0.0;
    for k in StaffKind::PRODUCTION {
        let w = plan.line_hours[[k.index(), l, h, t]];
        match inst.plant.staff(line.site, k) {
            Some(g) => effective += g.productivity * w,
            None => c.viol(
                "crew",
                || format!("{} hours of absent {} staff", line.named.id, k.name()),
                w.abs(),
                1.0,
            ),
        }
    }
    c.eq(
        "crew",
        || slot.at(&inst.plant, Row::Crew),
        effective,
        needed,
    );
}

/// **qualified_share** (§4.5): permanent staff work at least the share kappa[l] of the line's
/// staff hours.
///
/// ```text
/// kappa[l] * sum_{k in ProdKinds} w[k,l,h,t] <= w[perm,l,h,t]
/// ```
fn qualified_share(c: &mut Checker, p: &Plant, plan: &Plan, slot: &Slot) {
    let Slot { line, l, h, t, .. } = *slot;
    let mut all = 0.0;
    for k in StaffKind::PRODUCTION {
        all += plan.line_hours[[k.index(), l, h, t]];
    }
    let perm = plan.line_hours[[StaffKind::Permanent.index(), l, h, t]];
    c.le(
        "qualified_share",
        || slot.at(p, Row::Qualified),
        line.min_qualified_share * all,
        perm,
    );
}
