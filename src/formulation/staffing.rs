//! Staffing: whole persons on the payroll week by week, the hours they are at work, their
//! overtime and paid hours, agency hours, and the law's yearly limits.
//!
//! Payroll kinds (permanent, insertion, supervisor) have a weekly headcount `N[s,k,t]`;
//! temporary staff are bought as hours `P[s,tmp,t]`. Insertion entries and exits and the
//! contract lengths are in `pathway.rs`.

use super::{add, Row, Rows, Vars};
use crate::plant::*;
use good_lp::Expression;

/// Payroll kinds: a weekly headcount of persons paid their contract hours.
pub(crate) const PAYROLL: [StaffKind; 3] = [
    StaffKind::Permanent,
    StaffKind::Insertion,
    StaffKind::Supervisor,
];

/// The payroll groups of the plant, site by site, kinds in the order of [`PAYROLL`].
fn payroll(p: &Plant) -> impl Iterator<Item = (SiteId, StaffKind, &StaffGroup)> {
    (0..p.sites.len()).flat_map(move |s| {
        PAYROLL
            .into_iter()
            .filter_map(move |k| p.staff(SiteId(s), k).map(|g| (SiteId(s), k, g)))
    })
}

/// **headcount_flow**: a week's headcount is last week's plus hires (entries) less departures
/// (exits); week 0 is the opening headcount, a constant or the variable `N0`.
///
/// ```text
/// N[s,k,t] - N[s,k,t-1] - hire[s,k,t] + dep[s,k,t] = 0     for all (s,k) with k in PayKinds, t
///                                                          N[s,k,0] = N0[s,k]
/// ```
pub fn headcount_flow(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("headcount_flow");
    for (s, k, _) in payroll(&inst.plant) {
        let (si, ki) = (s.0, k.index());
        for t in 0..inst.weeks {
            let mut e = Expression::with_capacity(4);
            add(&mut e, 1.0, v.head[[si, ki, t]]);
            let rhs = if t == 0 {
                add(&mut e, -1.0, v.open[[si, ki]]);
                v.opening_const[[si, ki]]
            } else {
                add(&mut e, -1.0, v.head[[si, ki, t - 1]]);
                0.0
            };
            add(&mut e, -1.0, v.hire[[si, ki, t]]);
            add(&mut e, 1.0, v.depart[[si, ki, t]]);
            rows.eq(e, rhs, Row::HeadcountFlow(s, k, t));
        }
    }
}

/// `W[s,k,t]`: hours worked by kind k at site s in week t (on lines, or supervising), into `e`.
fn add_worked(inst: &Instance, v: &Vars, e: &mut Expression, s: SiteId, k: StaffKind, t: usize) {
    let p = &inst.plant;
    for h in 0..p.shifts.len() {
        if k == StaffKind::Supervisor {
            add(e, 1.0, v.v[[s.0, h, t]]);
        } else {
            for &l in p.lines_at(s) {
                add(e, 1.0, v.w[[k.index(), l.0, h, t]]);
            }
        }
    }
}

/// **worked_within_paid**: the hours worked fit in the hours the payroll is at work: contract
/// hours of the persons present (not on leave, not absent), plus overtime. Insertion workers
/// also spend their training hours, new ones the share of their hours the ramp-up loses, and
/// trainees the hours of their training modules (§4.7b). Agency hours bought are hours worked.
///
/// ```text
/// W[s,k,t] - hc pres[s,k,t] N[s,k,t] - sum_j o[s,k,j,t] <= 0                     k in {perm, sup}
/// W[s,ins,t] + (tr - hc) pres N[s,ins,t] + hc pres sum_{tau=1..R} rl[tau] a[s,t-tau+1]
///     + sum_{k by module at s} H[k]/D[k] sum_{u=t-D[k]+1..t} tr[k,u]
///     - sum_j o[s,ins,j,t] <= - hc pres sum_{cohorts j at s, 1 <= t+tenure_j <= R} rl[t+tenure_j] people_j
///                             - A[s,ins,t]
///         (A[s,k,t]: absence hours of a past week given in the actuals, 0 otherwise; the
///          rate ab[s,k] then leaves pres[s,k,t]; the same -A[s,k,t] on the right for perm, sup)
/// W[s,tmp,t] - P[s,tmp,t] = 0
///         with W[s,k,t] = sum_{l in Lines(s),h} w[k,l,h,t], W[s,sup,t] = sum_h v[s,h,t]
/// ```
pub fn worked_within_paid(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("worked_within_paid");
    let p = &inst.plant;
    for s in (0..p.sites.len()).map(SiteId) {
        for k in StaffKind::ALL {
            let Some(g) = p.staff(s, k) else {
                continue;
            };
            let ki = k.index();
            for t in 0..inst.weeks {
                let mut e = Expression::with_capacity(16);
                add_worked(inst, v, &mut e, s, k, t);
                if k == StaffKind::Temporary {
                    add(&mut e, -1.0, v.paid[[s.0, ki, t]]);
                    rows.eq(e, 0.0, Row::Worked(s, k, t));
                    continue;
                }
                let at_work = g.min_h_per_week * inst.presence(s, k, t);
                // Absence hours of a past week (`A[s,k,t]`, actuals) replace the rate in `pres`.
                let mut rhs = -inst.absence_h(s, k, t).unwrap_or(0.0);
                if k == StaffKind::Insertion {
                    let tr = p.pathway.training_h_per_week * inst.presence(s, k, t);
                    add(&mut e, tr - at_work, v.head[[s.0, ki, t]]);
                    for tau in 1..=p.pathway.ramp_up.len().min(t + 1) {
                        add(
                            &mut e,
                            at_work * inst.ramp_loss(tau),
                            v.hire[[s.0, ki, t + 1 - tau]],
                        );
                    }
                    for c in p.cohorts.iter().filter(|c| c.site == s) {
                        rhs -= at_work * inst.ramp_loss(t + 1 + c.tenure_weeks) * c.people;
                    }
                    add_module_hours(inst, v, &mut e, s, t);
                } else {
                    add(&mut e, -at_work, v.head[[s.0, ki, t]]);
                }
                for j in 0..2 {
                    add(&mut e, -1.0, v.overtime[[s.0, ki, j, t]]);
                }
                rows.le(e, rhs, Row::Worked(s, k, t));
            }
        }
    }
}

/// `+ sum_{k by module at s} H[k]/D[k] sum_{u=t-D[k]+1..t} tr[k,u]`: the hours the
/// trainees of week t spend in training modules, off the lines.
fn add_module_hours(inst: &Instance, v: &Vars, e: &mut Expression, s: SiteId, t: usize) {
    for (k, skill) in inst.plant.skills.iter().enumerate() {
        let Some(m) = skill.module().filter(|_| skill.site == s) else {
            continue;
        };
        for u in (t + 1).saturating_sub(m.weeks)..=t {
            add(e, skill.hours / m.weeks as f64, v.train[[k, u]]);
        }
    }
}

/// **overtime**: each overtime step is worked by the persons present, up to its hours per
/// person: the first `step` hours beyond the contract at the first premium, the rest up to the
/// group's weekly maximum at the second.
///
/// ```text
/// o[s,k,j,t] - c_j[s,k] pres[s,k,t] N[s,k,t] <= 0       for all (s,k) with k in PayKinds, j with c_j > 0, t
///     c_1 = min(step, hmax - hc),  c_2 = hmax - hc - c_1
/// ```
pub fn overtime(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("overtime");
    for (s, k, g) in payroll(&inst.plant) {
        let caps = g.overtime_caps(&inst.plant.law);
        for t in 0..inst.weeks {
            for (j, &cap) in caps.iter().enumerate() {
                let o = v.overtime[[s.0, k.index(), j, t]];
                if o.is_none() {
                    continue;
                }
                let mut e = Expression::with_capacity(2);
                add(&mut e, 1.0, o);
                add(
                    &mut e,
                    -cap * inst.presence(s, k, t),
                    v.head[[s.0, k.index(), t]],
                );
                rows.le(e, 0.0, Row::Overtime(s, k, j, t));
            }
        }
    }
}

/// **paid_hours**: everyone on the payroll is paid the contract hours every week (paid leave,
/// absence and closed weeks included), plus the overtime worked.
///
/// ```text
/// P[s,k,t] - hc[s,k] N[s,k,t] - sum_j o[s,k,j,t] = 0       for all (s,k) with k in PayKinds, t
/// ```
pub fn paid_hours(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("paid_hours");
    for (s, k, g) in payroll(&inst.plant) {
        let ki = k.index();
        for t in 0..inst.weeks {
            let mut e = Expression::with_capacity(4);
            add(&mut e, 1.0, v.paid[[s.0, ki, t]]);
            add(&mut e, -g.min_h_per_week, v.head[[s.0, ki, t]]);
            for j in 0..2 {
                add(&mut e, -1.0, v.overtime[[s.0, ki, j, t]]);
            }
            rows.eq(e, 0.0, Row::PaidHours(s, k, t));
        }
    }
}

/// **agency_hours**: the agency supplies at most its pool of persons at their weekly hours.
///
/// ```text
/// P[s,tmp,t] <= Nmax[s,tmp] hmax[s,tmp] alpha[s,t]       for all s with temporary staff, t
/// ```
pub fn agency_hours(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("agency_hours");
    let p = &inst.plant;
    for s in (0..p.sites.len()).map(SiteId) {
        let Some(g) = p.staff(s, StaffKind::Temporary) else {
            continue;
        };
        for t in 0..inst.weeks {
            let mut e = Expression::with_capacity(1);
            add(&mut e, 1.0, v.paid[[s.0, StaffKind::Temporary.index(), t]]);
            let cap = g.headcount_max * g.max_h_per_week * inst.availability[[s.0, t]];
            rows.le(e, cap, Row::AgencyHours(s, t));
        }
    }
}

/// **annual_hours**: over the horizon, the hours a group is at work stay within the legal
/// year (pro rata of the contract hours) plus the overtime quota, and its overtime within the
/// quota, both per person-week on the payroll (pro rata of the horizon).
///
/// ```text
/// sum_t ( hc pres[s,k,t] N[s,k,t] + sum_j o[s,k,j,t] )
///       - (Ylaw min(1, hc/hFT) + Q) / 52 * sum_t N[s,k,t] <= sum_t A[s,k,t]   for all (s,k) with k in PayKinds
/// sum_{t,j} o[s,k,j,t] - Q / 52 * sum_t N[s,k,t] <= 0                   for all (s,k) with overtime
/// ```
pub fn annual_hours(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("annual_hours");
    let law = &inst.plant.law;
    for (s, k, g) in payroll(&inst.plant) {
        let ki = k.index();
        let hc = g.min_h_per_week;
        let year = (law.worked_h_per_year * (hc / law.full_time_h_per_week).min(1.0)
            + law.overtime_quota_h_per_year)
            / 52.0;
        let mut hours = Expression::with_capacity(3 * inst.weeks);
        let mut quota = Expression::with_capacity(3 * inst.weeks);
        let mut any_overtime = false;
        let mut absent = 0.0;
        for t in 0..inst.weeks {
            absent += inst.absence_h(s, k, t).unwrap_or(0.0);
            let n = v.head[[s.0, ki, t]];
            add(&mut hours, hc * inst.presence(s, k, t) - year, n);
            add(&mut quota, -law.overtime_quota_h_per_year / 52.0, n);
            for j in 0..2 {
                let o = v.overtime[[s.0, ki, j, t]];
                any_overtime |= o.is_some();
                add(&mut hours, 1.0, o);
                add(&mut quota, 1.0, o);
            }
        }
        rows.le(hours, absent, Row::HoursYear(s, k));
        if any_overtime {
            rows.le(quota, 0.0, Row::OvertimeQuota(s, k));
        }
    }
}
