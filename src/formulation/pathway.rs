//! Insertion pathways: contracts between a least and a longest length.
//!
//! Entries `a[s,t]` and exits `x[s,t]` are `hire` and `dep` of the insertion group. A person
//! who enters in week c is on contract from week c; an exit in week t ends a contract of
//! t - c weeks. The conditions are written on cumulative entries and exits: first in, first
//! out is without loss of generality, since any plan whose cumulative flows meet them can be
//! assigned person by person in entry order (the checker rebuilds that assignment).

use super::{add, Row, Rows, Vars};
use crate::plant::*;
use good_lp::Expression;

/// `A0(u)`: opening people at site s who entered in week u or before (entry week
/// `c_j = 1 - tenure_j`, weeks 1-based), for the `[[cohort]]`s.
fn opening_entered_by(inst: &Instance, s: SiteId, u: i64) -> f64 {
    (inst.plant.cohorts.iter())
        .filter(|c| c.site == s && 1 - c.tenure_weeks as i64 <= u)
        .map(|c| c.people)
        .sum()
}

/// **cumulative_flows**: `EA[s,t]` and `EX[s,t]` count the entries and exits of weeks 1..=t.
///
/// ```text
/// EA[s,t] - EA[s,t-1] - a[s,t] = 0,   EX[s,t] - EX[s,t-1] - x[s,t] = 0
///                                     for all s with insertion staff, t;  EA[s,0] = EX[s,0] = 0
/// ```
pub fn cumulative_flows(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("cumulative_flows");
    let ins = StaffKind::Insertion.index();
    for s in (0..inst.plant.sites.len()).map(SiteId) {
        if inst.plant.staff(s, StaffKind::Insertion).is_none() {
            continue;
        }
        for t in 0..inst.weeks {
            for (cum, flow, exits) in [
                (&v.cum_entries, &v.hire, false),
                (&v.cum_exits, &v.depart, true),
            ] {
                let mut e = Expression::with_capacity(3);
                add(&mut e, 1.0, cum[[s.0, t]]);
                if t > 0 {
                    add(&mut e, -1.0, cum[[s.0, t - 1]]);
                }
                add(&mut e, -1.0, flow[[s.0, ins, t]]);
                rows.eq(e, 0.0, Row::Cumulative(s, exits, t));
            }
        }
    }
}

/// **contract_length**: nobody leaves before the least contract length, everybody has left
/// when the longest is reached:
///
/// ```text
/// EX[s,t] - EA[s,t-Lmin] - N0[s,ins] <= A0(t - Lmin)      for all s with insertion staff, t   (min_length)
/// EX[s,t] - EA[s,t-Lmax] - N0[s,ins] [t >= Lmax] >= A0(t - Lmax)
///                     where t > Lmax, A0(t - Lmax) > 0, or N0 is a column and t >= Lmax     (max_length)
/// ```
///
/// `EA[s,u]` is 0 for u <= 0. `A0(u)` counts the `[[cohort]]` people with entry week
/// `1 - tenure_j <= u`. Opening people the plan chooses (`N0`, a site without cohorts) entered
/// in week 0 or before, on a date not known: they may leave from week 1 (the least length's
/// row counts them as entered long ago) and have all left by week Lmax (the longest's row
/// counts them from week Lmax on), and their exits never stand for a newcomer's.
pub fn contract_length(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("contract_length");
    let p = &inst.plant;
    let ins = StaffKind::Insertion.index();
    let lmin = p.pathway.min_contract_weeks as i64;
    let lmax = p.pathway.max_contract_weeks as i64;
    let entered = |s: SiteId, week: i64| match usize::try_from(week) {
        Ok(w) if w >= 1 => v.cum_entries[[s.0, w - 1]],
        _ => None,
    };
    for s in (0..p.sites.len()).map(SiteId) {
        if p.staff(s, StaffKind::Insertion).is_none() {
            continue;
        }
        for t in 0..inst.weeks {
            let week = t as i64 + 1;
            let mut lo = Expression::with_capacity(3);
            add(&mut lo, 1.0, v.cum_exits[[s.0, t]]);
            add(&mut lo, -1.0, entered(s, week - lmin));
            add(&mut lo, -1.0, v.open[[s.0, ins]]);
            rows.le(
                lo,
                opening_entered_by(inst, s, week - lmin),
                Row::MinLength(s, t),
            );
            let forced = opening_entered_by(inst, s, week - lmax);
            let open = v.open[[s.0, ins]].filter(|_| week >= lmax);
            if week - lmax >= 1 || forced > 0.0 || open.is_some() {
                let mut hi = Expression::with_capacity(3);
                add(&mut hi, 1.0, v.cum_exits[[s.0, t]]);
                add(&mut hi, -1.0, entered(s, week - lmax));
                add(&mut hi, -1.0, open);
                rows.ge(hi, forced, Row::MaxLength(s, t));
            }
        }
    }
}

/// **contract_length**, early exits: where `[pathway] early_exit_rate_per_week` h is above 0,
/// the exits by each week at least match the early exits due by tenure:
///
/// ```text
/// EX[s,t] - sum_{c=1..t} F(c,t) a[s,c] - F(0,t) N0[s,ins] >= sum_j F(1 - tenure_j, t) people_j
///                     for all s with insertion staff, t a change week with a due term   (early_exits)
/// ```
///
/// `F(c,t)` ([`Pathway::early_exit_share`]) is the share of an entry week's people gone by
/// week t: 0 before Lmin weeks of contract, `1 - (1-h)^n` after n weeks at risk, 1 from Lmax
/// on. Cohort people count from week 1 on (they are on contract then); opening people the
/// plan chooses count as entered in week 0. Exits happen only in change weeks, so the row
/// stands there; with whole persons the exits meet the fractional due amount rounded up.
pub fn early_exits(inst: &Instance, v: &Vars, rows: &mut Rows) {
    let pw = &inst.plant.pathway;
    if pw.early_exit_rate_per_week <= 0.0 {
        return;
    }
    let ins = StaffKind::Insertion.index();
    for s in (0..inst.plant.sites.len()).map(SiteId) {
        if inst.plant.staff(s, StaffKind::Insertion).is_none() {
            continue;
        }
        for t in 0..inst.weeks {
            if v.depart[[s.0, ins, t]].is_none() {
                continue;
            }
            let week = t as i64 + 1;
            let due: f64 = (inst.plant.cohorts.iter())
                .filter(|c| c.site == s)
                .map(|c| pw.early_exit_share(1 - c.tenure_weeks as i64, week) * c.people)
                .sum();
            let mut e = Expression::with_capacity(t + 3);
            add(&mut e, 1.0, v.cum_exits[[s.0, t]]);
            let mut terms = 0;
            for c in 1..=week {
                let f = pw.early_exit_share(c, week);
                if f > 0.0 && v.hire[[s.0, ins, c as usize - 1]].is_some() {
                    add(&mut e, -f, v.hire[[s.0, ins, c as usize - 1]]);
                    terms += 1;
                }
            }
            let f0 = pw.early_exit_share(0, week);
            if f0 > 0.0 && v.open[[s.0, ins]].is_some() {
                add(&mut e, -f0, v.open[[s.0, ins]]);
                terms += 1;
            }
            if terms > 0 || due > 0.0 {
                rows.ge(e, due, Row::EarlyExits(s, t));
            }
        }
    }
}
