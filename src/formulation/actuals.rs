//! Actuals: the weeks already past are fixed to what happened (`models/FORMULATION.md` §4.24).
//!
//! The actual intake replaces the forecast `D[a,p,t]` in the supply grid itself
//! ([`crate::validate::actuals::apply`]), a week-0 stock count the opening stock, and absence
//! hours enter `worked_within_paid` and `annual_hours` (`staffing.rs`). The rows here fix the
//! other quantities the actuals give, week by week: a quantity given for a week is complete
//! for that week (an id not listed is fixed at 0). Quantities not given are left to the model.
//! Every function does nothing for an instance without actuals.

use super::{add, Row, Rows, Vars};
use crate::actuals::Known;
use crate::plant::*;
use good_lp::{Expression, IntoAffineExpression};
use ndarray::Ix3;

/// `e = value`, unless `e` has no column and the value is 0 (nothing to fix). A value the
/// model has no column for stays a row: the model is then infeasible, as it should be.
fn fix(rows: &mut Rows, e: Expression, value: f64, label: Row) {
    let empty = (&e).linear_coefficients().next().is_none();
    if empty && value == 0.0 {
        return;
    }
    rows.eq(e, value, label);
}

/// **past_flows**: in the past weeks each flow is given for, tonnes processed per line and
/// stream (summed over shifts), handed to the external contractor, and shipped are the actual
/// ones.
///
/// ```text
/// sum_h x[l,p,h,t] = X^[l,p,t]          for all l, p in Streams(l), t in Past(processed)
/// e[s,p,t]         = E^[s,p,t]          for all (s,p) with R[s,p], t in Past(external)
/// y[s,o,q,t]       = Y^[s,o,q,t]        for all (s,o,q) with a route, t in Past(shipped)
/// ```
pub fn past_flows(inst: &Instance, v: &Vars, rows: &mut Rows) {
    let Some(a) = &inst.actuals else { return };
    rows.family("past_flows");
    let p = &inst.plant;
    for t in a.processed.weeks() {
        for (l, line) in p.lines.iter().enumerate() {
            for pr in &line.processes {
                let k = pr.stream.0;
                let mut e = Expression::with_capacity(p.shifts.len());
                for h in 0..p.shifts.len() {
                    add(&mut e, 1.0, v.x[[l, k, h, t]]);
                }
                let value = a.processed.values[[l, k, t]];
                fix(
                    rows,
                    e,
                    value,
                    Row::PastProcessed(LineId(l), StreamId(k), t),
                );
            }
        }
    }
    for t in a.external.weeks() {
        for s in 0..p.sites.len() {
            for k in 0..p.streams.len() {
                let mut e = Expression::with_capacity(1);
                add(&mut e, 1.0, v.ext[[s, k, t]]);
                let value = a.external.values[[s, k, t]];
                fix(rows, e, value, Row::PastExternal(SiteId(s), StreamId(k), t));
            }
        }
    }
    for t in a.shipped.weeks() {
        for s in 0..p.sites.len() {
            for o in 0..p.outlets.len() {
                for q in 0..p.lots.len() {
                    let mut e = Expression::with_capacity(1);
                    add(&mut e, 1.0, v.ship[[s, o, q, t]]);
                    let value = a.shipped.values[[s, o, q, t]];
                    let label = Row::PastShipped(SiteId(s), OutletId(o), LotId(q), t);
                    fix(rows, e, value, label);
                }
            }
        }
    }
}

/// **stock_count**: a stock counted at the end of a past week is the count; the difference
/// with the book stock is the count adjustment `adj`, a free column of that week's balance
/// (`intake_balance`, `output_balance`). Week 0's count is the opening stock `I0`, `O0`.
///
/// ```text
/// I[s,p,t] = C^I[s,p,t]                 for all (s,p) with R[s,p], t >= 1 in Past(intake_stock)
/// O[s,q,t] = C^O[s,q,t]                 for all (s,q) with a stock, t >= 1 in Past(output_stock)
/// ```
pub fn stock_count(inst: &Instance, v: &Vars, rows: &mut Rows) {
    let Some(a) = &inst.actuals else { return };
    rows.family("stock_count");
    let p = &inst.plant;
    for w in a.intake_count.weeks().filter(|&w| w >= 1) {
        for s in 0..p.sites.len() {
            for k in 0..p.streams.len() {
                let mut e = Expression::with_capacity(1);
                add(&mut e, 1.0, v.istock[[s, k, w - 1]]);
                let value = a.intake_count.values[[s, k, w]];
                fix(
                    rows,
                    e,
                    value,
                    Row::IntakeCount(SiteId(s), StreamId(k), w - 1),
                );
            }
        }
    }
    for w in a.output_count.weeks().filter(|&w| w >= 1) {
        for s in 0..p.sites.len() {
            for q in 0..p.lots.len() {
                let mut e = Expression::with_capacity(1);
                add(&mut e, 1.0, v.ostock[[s, q, w - 1]]);
                let value = a.output_count.values[[s, q, w]];
                fix(rows, e, value, Row::OutputCount(SiteId(s), LotId(q), w - 1));
            }
        }
    }
}

/// Fixes one `[site, kind, t]` quantity of every staff group in its given weeks: `expr(s,k,t)`
/// builds the left-hand side.
fn fix_groups(
    inst: &Instance,
    rows: &mut Rows,
    known: &Known<Ix3>,
    kinds: &[StaffKind],
    mut expr: impl FnMut(SiteId, StaffKind, usize) -> Expression,
    label: impl Fn(SiteId, StaffKind, usize) -> Row,
) {
    for t in known.weeks() {
        for s in (0..inst.plant.sites.len()).map(SiteId) {
            for &k in kinds {
                if inst.plant.staff(s, k).is_none() {
                    continue;
                }
                let value = known.values[[s.0, k.index(), t]];
                fix(rows, expr(s, k, t), value, label(s, k, t));
            }
        }
    }
}

/// **past_staffing**: in the past weeks each is given for, the hours worked and paid of every
/// staff group, and the persons, entries (hires) and exits (departures) of every payroll group
/// are the actual ones.
///
/// ```text
/// W[s,k,t]    = W^[s,k,t]        for all (s,k), t in Past(worked_h)
/// P[s,k,t]    = P^[s,k,t]        for all (s,k), t in Past(paid_h)
/// N[s,k,t]    = N^[s,k,t]        for all (s,k) with k in PayKinds, t in Past(persons)
/// hire[s,k,t] = A^[s,k,t]        for all (s,k) with k in PayKinds, t in Past(entries)
/// dep[s,k,t]  = X^[s,k,t]        for all (s,k) with k in PayKinds, t in Past(exits)
///     with W[s,k,t] = sum_{l in Lines(s),h} w[k,l,h,t], W[s,sup,t] = sum_h v[s,h,t]
/// ```
pub fn past_staffing(inst: &Instance, v: &Vars, rows: &mut Rows) {
    let Some(a) = &inst.actuals else { return };
    rows.family("past_staffing");
    let p = &inst.plant;
    let worked = |s: SiteId, k: StaffKind, t: usize| {
        let mut e = Expression::with_capacity(8);
        for h in 0..p.shifts.len() {
            if k == StaffKind::Supervisor {
                add(&mut e, 1.0, v.v[[s.0, h, t]]);
            } else {
                for &l in p.lines_at(s) {
                    add(&mut e, 1.0, v.w[[k.index(), l.0, h, t]]);
                }
            }
        }
        e
    };
    fn one(
        g: &ndarray::Array3<Option<super::Var>>,
    ) -> impl Fn(SiteId, StaffKind, usize) -> Expression + '_ {
        move |s, k, t| {
            let mut e = Expression::with_capacity(1);
            add(&mut e, 1.0, g[[s.0, k.index(), t]]);
            e
        }
    }
    let all = &StaffKind::ALL;
    let payroll = &super::staffing::PAYROLL;
    fix_groups(inst, rows, &a.worked_h, all, worked, |s, k, t| {
        Row::PastHours(s, k, false, t)
    });
    fix_groups(inst, rows, &a.paid_h, all, one(&v.paid), |s, k, t| {
        Row::PastHours(s, k, true, t)
    });
    fix_groups(inst, rows, &a.persons, payroll, one(&v.head), |s, k, t| {
        Row::PastPeople(s, k, 0, t)
    });
    fix_groups(inst, rows, &a.entries, payroll, one(&v.hire), |s, k, t| {
        Row::PastPeople(s, k, 1, t)
    });
    fix_groups(inst, rows, &a.exits, payroll, one(&v.depart), |s, k, t| {
        Row::PastPeople(s, k, 2, t)
    });
}
