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

/// **contract_length**: nobody leaves before the least contract length, everybody has left
/// when the longest is reached. With `X(t) = sum_{v<=t} x[s,v]`:
///
/// ```text
/// X(t) - sum_{v <= t-Lmin} a[s,v] - N0[s,ins] <= A0(t - Lmin)      for all s with insertion staff, t   (min_length)
/// X(t) - sum_{v <= t-Lmax} a[s,v] >= A0(t - Lmax)                  where the row has a term or A0 > 0    (max_length)
/// ```
///
/// `A0(u)` counts the `[[cohort]]` people with entry week `1 - tenure_j <= u`. Opening people
/// the plan chooses (`N0`, a site without cohorts) count as entered long ago: in the least
/// length's row, never in the longest's.
pub fn contract_length(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("contract_length");
    let p = &inst.plant;
    let ins = StaffKind::Insertion.index();
    let lmin = p.pathway.min_contract_weeks as i64;
    let lmax = p.pathway.max_contract_weeks as i64;
    for s in (0..p.sites.len()).map(SiteId) {
        if p.staff(s, StaffKind::Insertion).is_none() {
            continue;
        }
        for t in 0..inst.weeks {
            let week = t as i64 + 1;
            let mut lo = Expression::with_capacity(2 * inst.weeks);
            for u in 0..=t {
                add(&mut lo, 1.0, v.depart[[s.0, ins, u]]);
            }
            let mut hi = lo.clone();
            for u in 0..inst.weeks {
                if (u as i64) < week - lmin {
                    add(&mut lo, -1.0, v.hire[[s.0, ins, u]]);
                }
            }
            add(&mut lo, -1.0, v.open[[s.0, ins]]);
            rows.le(
                lo,
                opening_entered_by(inst, s, week - lmin),
                Row::MinLength(s, t),
            );
            let forced = opening_entered_by(inst, s, week - lmax);
            if week - lmax >= 1 || forced > 0.0 {
                for u in 0..inst.weeks {
                    if (u as i64) < week - lmax {
                        add(&mut hi, -1.0, v.hire[[s.0, ins, u]]);
                    }
                }
                rows.ge(hi, forced, Row::MaxLength(s, t));
            }
        }
    }
}
