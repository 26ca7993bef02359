//! Actuals (§4.24): the past of a plan is what happened. Every quantity the actuals give for a
//! past week is compared with the plan's own figure, recomputed from the plan's tables (hours
//! worked from line and supervisor hours, tonnes processed summed over shifts, intake from the
//! deliveries); counted stocks equal the counts; a count adjustment appears only in a counted
//! week, and the first week's balances start from a week-0 count. The balances with the
//! adjustments are re-checked by `intake_balance` and `output_balance` themselves.

use super::{wk, Checker};
use crate::actuals::Actuals;
use crate::formulation::Row;
use crate::plan::Plan;
use crate::plant::*;
use ndarray::s;

/// Checks a plan against its instance's actuals (without actuals, nothing: the balances then
/// read every count adjustment as 0, so a plan holding one fails there).
pub(super) fn actuals(c: &mut Checker, inst: &Instance, plan: &Plan) {
    let Some(a) = inst.actuals.as_deref() else {
        return;
    };
    adjustments_only_when_counted(c, inst, plan);
    past_intake(c, inst, plan, a);
    past_flows(c, inst, plan, a);
    stock_count(c, inst, plan, a);
    past_staffing(c, inst, plan, a);
}

/// **count_adjustment**: `adj[s,p,t] = 0` and `adj[s,q,t] = 0` in every week not counted, or
/// counted with a flow of the balance left to the plan.
///
/// ```text
/// adj[s,p,t] = 0   unless t in Past(intake_stock) and t in Past(intake), Past(processed), Past(external)
/// adj[s,q,t] = 0   unless t in Past(output_stock) and t in Past(processed), Past(shipped)
/// ```
fn adjustments_only_when_counted(c: &mut Checker, inst: &Instance, plan: &Plan) {
    let a = inst.actuals.as_deref();
    let counted = |t: usize, output: bool| {
        a.is_some_and(|a| {
            if output {
                a.adjusts_output(t)
            } else {
                a.adjusts_intake(t)
            }
        })
    };
    let p = &inst.plant;
    for ((s, k, t), &x) in plan.intake_adjust_t.indexed_iter() {
        if !counted(t, false) {
            c.viol(
                "count_adjustment",
                || {
                    format!(
                        "intake stock {} {} not counted in week {}, or counted with a flow left to the plan",
                        p.sites[s].named.id,
                        p.streams[k].named.id,
                        wk(t)
                    )
                },
                x.abs(),
                1.0,
            );
        }
    }
    for ((s, q, t), &x) in plan.output_adjust_t.indexed_iter() {
        if !counted(t, true) {
            c.viol(
                "count_adjustment",
                || {
                    format!(
                        "output stock {} lot {} not counted in week {}, or counted with a flow left to the plan",
                        p.sites[s].named.id,
                        q,
                        wk(t)
                    )
                },
                x.abs(),
                1.0,
            );
        }
    }
}

/// **past_intake**: the tonnes delivered from each area are its actual intake.
///
/// ```text
/// sum_s d[a,s,p,t] = D^[a,p,t]           for all a, p, t in Past(intake)
/// ```
fn past_intake(c: &mut Checker, inst: &Instance, plan: &Plan, a: &Actuals) {
    let p = &inst.plant;
    for t in a.intake.weeks() {
        for ar in 0..p.areas.len() {
            for k in 0..p.streams.len() {
                let got: f64 = plan.delivered_t.slice(s![ar, .., k, t]).sum();
                c.eq(
                    "past_intake",
                    || {
                        format!(
                            "intake {} {} week {}",
                            p.areas[ar].id,
                            p.streams[k].named.id,
                            wk(t)
                        )
                    },
                    got,
                    a.intake.values[[ar, k, t]],
                );
            }
        }
    }
}

/// **past_flows**: tonnes processed (all shifts), handed over and shipped are the actual ones.
///
/// ```text
/// sum_h x[l,p,h,t] = X^[l,p,t];   e[s,p,t] = E^[s,p,t];   y[s,o,q,t] = Y^[s,o,q,t]
/// ```
fn past_flows(c: &mut Checker, inst: &Instance, plan: &Plan, a: &Actuals) {
    let p = &inst.plant;
    for t in a.processed.weeks() {
        for l in 0..p.lines.len() {
            for k in 0..p.streams.len() {
                let got: f64 = plan.processed_t.slice(s![l, k, .., t]).sum();
                c.eq(
                    "past_flows",
                    || Row::PastProcessed(LineId(l), StreamId(k), t).key(p),
                    got,
                    a.processed.values[[l, k, t]],
                );
            }
        }
    }
    for t in a.external.weeks() {
        for s in 0..p.sites.len() {
            for k in 0..p.streams.len() {
                c.eq(
                    "past_flows",
                    || Row::PastExternal(SiteId(s), StreamId(k), t).key(p),
                    plan.external_t[[s, k, t]],
                    a.external.values[[s, k, t]],
                );
            }
        }
    }
    for t in a.shipped.weeks() {
        for ((s, o, q), &want) in a.shipped.values.slice(s![.., .., .., t]).indexed_iter() {
            c.eq(
                "past_flows",
                || Row::PastShipped(SiteId(s), OutletId(o), LotId(q), t).key(p),
                plan.shipped_t[[s, o, q, t]],
                want,
            );
        }
    }
}

/// **stock_count**: stocks at the end of a counted week are the counts; where week 0 is
/// counted, the first week's balance starts from the count.
///
/// ```text
/// I[s,p,t] = C^I[s,p,t], O[s,q,t] = C^O[s,q,t]          for t >= 1 counted
/// I[s,p,1] = C^I[s,p,0] + sum_a d - sum_{l,h} x - e + adj[s,p,1]          where week 0 is counted
/// O[s,q,1] = C^O[s,q,0] + sum gamma x - sum_o y + adj[s,q,1]               (likewise)
/// ```
fn stock_count(c: &mut Checker, inst: &Instance, plan: &Plan, a: &Actuals) {
    let p = &inst.plant;
    for w in a.intake_count.weeks().filter(|&w| w >= 1) {
        for ((s, k), &want) in a.intake_count.values.slice(s![.., .., w]).indexed_iter() {
            c.eq(
                "stock_count",
                || Row::IntakeCount(SiteId(s), StreamId(k), w - 1).key(p),
                plan.intake_stock_t[[s, k, w - 1]],
                want,
            );
        }
    }
    for w in a.output_count.weeks().filter(|&w| w >= 1) {
        for ((s, q), &want) in a.output_count.values.slice(s![.., .., w]).indexed_iter() {
            c.eq(
                "stock_count",
                || Row::OutputCount(SiteId(s), LotId(q), w - 1).key(p),
                plan.output_stock_t[[s, q, w - 1]],
                want,
            );
        }
    }
    if inst.weeks == 0 {
        return;
    }
    if a.intake_count.at(0) {
        for s in 0..p.sites.len() {
            for k in 0..p.streams.len() {
                let delivered: f64 = plan.delivered_t.slice(s![.., s, k, 0]).sum();
                let processed: f64 = p
                    .lines_at(SiteId(s))
                    .iter()
                    .map(|l| plan.processed_t.slice(s![l.0, k, .., 0]).sum())
                    .sum();
                let stock = a.intake_count.values[[s, k, 0]] + delivered
                    - processed
                    - plan.external_t[[s, k, 0]]
                    + plan.intake_adjust_t[[s, k, 0]];
                c.eq(
                    "stock_count",
                    || {
                        format!(
                            "opening count {} {}",
                            p.sites[s].named.id, p.streams[k].named.id
                        )
                    },
                    plan.intake_stock_t[[s, k, 0]],
                    stock,
                );
            }
        }
    }
    if a.output_count.at(0) {
        for s in 0..p.sites.len() {
            for (q, &(f, cat)) in p.lots.iter().enumerate() {
                let mut produced = 0.0;
                for &l in p.lines_at(SiteId(s)) {
                    for pr in &p.lines[l.0].processes {
                        if p.streams[pr.stream.0].category == cat {
                            produced += pr.yields[f.0]
                                * plan.processed_t.slice(s![l.0, pr.stream.0, .., 0]).sum();
                        }
                    }
                }
                let shipped: f64 = plan.shipped_t.slice(s![s, .., q, 0]).sum();
                let stock = a.output_count.values[[s, q, 0]] + produced - shipped
                    + plan.output_adjust_t[[s, q, 0]];
                c.eq(
                    "stock_count",
                    || format!("opening count {} lot {q}", p.sites[s].named.id),
                    plan.output_stock_t[[s, q, 0]],
                    stock,
                );
            }
        }
    }
}

/// Hours worked by group (s,k) in week t, from the plan's line and supervisor hours.
fn worked(inst: &Instance, plan: &Plan, s: SiteId, k: StaffKind, t: usize) -> f64 {
    if k == StaffKind::Supervisor {
        return plan.supervisor_h.slice(s![s.0, .., t]).sum();
    }
    inst.plant
        .lines_at(s)
        .iter()
        .map(|l| plan.line_hours.slice(s![k.index(), l.0, .., t]).sum())
        .sum()
}

/// **past_staffing**: hours worked and paid, persons, entries and exits are the actual ones.
///
/// ```text
/// W[s,k,t] = W^;  P[s,k,t] = P^;  N[s,k,t] = N^;  hire[s,k,t] = A^;  dep[s,k,t] = X^
/// ```
fn past_staffing(c: &mut Checker, inst: &Instance, plan: &Plan, a: &Actuals) {
    let p = &inst.plant;
    for s in (0..p.sites.len()).map(SiteId) {
        for k in StaffKind::ALL {
            if p.staff(s, k).is_none() {
                continue;
            }
            let ki = k.index();
            for t in a.worked_h.weeks() {
                c.eq(
                    "past_staffing",
                    || Row::PastHours(s, k, false, t).key(p),
                    worked(inst, plan, s, k, t),
                    a.worked_h.values[[s.0, ki, t]],
                );
            }
            for t in a.paid_h.weeks() {
                c.eq(
                    "past_staffing",
                    || Row::PastHours(s, k, true, t).key(p),
                    plan.paid_h[[s.0, ki, t]],
                    a.paid_h.values[[s.0, ki, t]],
                );
            }
            if k == StaffKind::Temporary {
                continue;
            }
            for (j, known, got) in [
                (0, &a.persons, &plan.staff_n),
                (1, &a.entries, &plan.hires),
                (2, &a.exits, &plan.departures),
            ] {
                for t in known.weeks() {
                    c.eq(
                        "past_staffing",
                        || Row::PastPeople(s, k, j, t).key(p),
                        got[[s.0, ki, t]],
                        known.values[[s.0, ki, t]],
                    );
                }
            }
        }
    }
}
