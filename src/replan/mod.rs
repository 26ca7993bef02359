//! Re-planning with actuals (`triplan replan`): the weeks already past are fixed to what
//! happened, the rest of the horizon starts from the actual stock and is optimised again, and
//! the checker verifies the past with the rest (README "Re-planning with actuals").
//!
//! [`load`] reads an instance with its actuals (its own `actuals` table, or another file);
//! [`crate::run`] solves it like any instance, since the actuals are part of the model;
//! [`past_vs_plan`] sets the figures of the past weeks beside the projected end of the horizon.
//! [`rolling`] replays a year week by week: each Monday's plan, then the week as executed
//! (`replay.rs`).

mod replay;

pub use replay::{deviation_text, rolling, rolling_csv, unused, Rolling, Step};

use crate::actuals::{Actuals, Known, Quantity};
use crate::check::{costs, CheckReport};
use crate::error::{Error, InputError};
use crate::kpi::{kpis, Kpis};
use crate::plan::{peak, Plan};
use crate::plant::*;
use crate::validate::actuals::lot_name;
use crate::{RunOptions, Solved, Status};
use ndarray::{Array, Array1, Axis, Dimension, RemoveAxis, Slice};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

/// Reads and validates an instance; `actuals` (a CSV file or an `.xlsx` workbook with an
/// `actuals` sheet), when given, replaces the table the instance names. With `forecast_only`,
/// no actuals are applied at all (the plan as forecast; [`rolling`] starts from it).
pub fn load(path: &Path, actuals: Option<&Path>, forecast_only: bool) -> Result<Instance, Error> {
    let mut raw = crate::input::load(path)?;
    if forecast_only {
        raw.actuals = None;
    } else if let Some(f) = actuals {
        raw.actuals = Some(crate::input::read_actuals(f));
    }
    Ok(crate::validate::validate(&raw)?)
}

/// Validates an actuals table against a forecast instance (one without actuals).
pub fn read_actuals(inst: &Instance, path: &Path) -> Result<Actuals, Error> {
    let raw = crate::input::read_actuals(path);
    Ok(crate::validate::actuals::actuals(inst, &raw)?)
}

/// The instance with actuals attached (see [`crate::validate::actuals::apply`]); `forecast`
/// must have none.
pub fn with_actuals(forecast: &Instance, a: Actuals) -> Instance {
    let mut inst = forecast.clone();
    crate::validate::actuals::apply(&mut inst, a);
    inst
}

/// Weeks `range` of a grid whose last axis is the week.
fn weeks_of<D: Dimension + RemoveAxis>(a: &Array<f64, D>, from: usize, to: usize) -> Array<f64, D> {
    let axis = Axis(a.ndim() - 1);
    a.slice_axis(axis, Slice::from(from..to)).to_owned()
}

/// The instance and plan restricted to weeks `from..to` (0-based): the figures of those weeks
/// alone (costs of horizon-long items such as advisers pro rata of the weeks).
pub fn slice(inst: &Instance, plan: &Plan, from: usize, to: usize) -> (Instance, Plan) {
    let mut i = inst.clone();
    i.weeks = to - from;
    i.supply_t = weeks_of(&inst.supply_t, from, to);
    i.price_eur_per_t = weeks_of(&inst.price_eur_per_t, from, to);
    i.availability = weeks_of(&inst.availability, from, to);
    i.actuals = None;
    if from > 0 {
        for ((s, k), b) in i.plant.intake_stock.indexed_iter_mut() {
            b.opening_t = plan.intake_stock_t[[s, k, from - 1]];
        }
        for ((s, q), b) in i.plant.output_stock.indexed_iter_mut() {
            b.opening_t = plan.output_stock_t[[s, q, from - 1]];
        }
    }
    let staff_n = weeks_of(&plan.staff_n, from, to);
    let p = Plan {
        processed_t: weeks_of(&plan.processed_t, from, to),
        line_hours: weeks_of(&plan.line_hours, from, to),
        supervisor_h: weeks_of(&plan.supervisor_h, from, to),
        paid_h: weeks_of(&plan.paid_h, from, to),
        headcount: peak(&staff_n),
        staff_n,
        opening_n: plan.opening_n.clone(),
        hires: weeks_of(&plan.hires, from, to),
        departures: weeks_of(&plan.departures, from, to),
        overtime_h: weeks_of(&plan.overtime_h, from, to),
        advisers: plan.advisers.clone(),
        delivered_t: weeks_of(&plan.delivered_t, from, to),
        external_t: weeks_of(&plan.external_t, from, to),
        intake_stock_t: weeks_of(&plan.intake_stock_t, from, to),
        output_stock_t: weeks_of(&plan.output_stock_t, from, to),
        shipped_t: weeks_of(&plan.shipped_t, from, to),
        trips: weeks_of(&plan.trips, from, to),
        intake_adjust_t: weeks_of(&plan.intake_adjust_t, from, to),
        output_adjust_t: weeks_of(&plan.output_adjust_t, from, to),
        // Skills and placements are the horizon's: a slice of weeks holds none of them.
        placed: Array1::zeros(0),
        trainees: ndarray::Array2::zeros((0, to - from)),
        aid_modulation_eur: plan.aid_modulation_eur * (to - from) as f64 / inst.weeks as f64,
    };
    i.plant.skills.clear();
    i.plant.partners.clear();
    i.plant.openings.clear();
    i.plant.pathway.lasting_exits_min = 0.0;
    (i, p)
}

/// One quantity of the past: given in the actuals (for which weeks) or reconstructed.
#[derive(Debug, Clone, Serialize)]
pub struct PastQuantity {
    /// The quantity's name, as the actuals table writes it.
    pub quantity: &'static str,
    /// The weeks (1-based) it is given for; empty: reconstructed by the model in every past
    /// week.
    pub actual_weeks: Vec<usize>,
}

/// A target's rate to date and at the end of the horizon.
#[derive(Debug, Clone, Serialize)]
pub struct TargetToDate {
    /// `recovery` or `recycling`.
    pub kind: &'static str,
    /// The category's id, or `plant`.
    pub scope: String,
    /// The target share.
    pub target: f64,
    /// The rate over the past weeks (None: nothing accountable yet).
    pub to_date: Option<f64>,
    /// The rate over the whole horizon, past and plan.
    pub projected: Option<f64>,
}

/// Figures of a stretch of weeks.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    /// Tonnes received (delivered to the sites).
    pub received_t: f64,
    /// Tonnes processed.
    pub processed_t: f64,
    /// Tonnes handed to the external contractor.
    pub external_t: f64,
    /// Tonnes recovered.
    pub recovered_t: f64,
    /// Insertion full-time equivalents (paid insertion hours over the weeks' FTE hours).
    pub insertion_fte: f64,
    /// Costs less revenue less aid (EUR).
    pub cost_eur: f64,
}

impl Figures {
    fn of(inst: &Instance, plan: &Plan, k: &Kpis) -> Figures {
        Figures {
            received_t: plan.delivered_t.sum(),
            processed_t: k.processed_t,
            external_t: k.external_t,
            recovered_t: k.plant().recovered_t,
            insertion_fte: k.insertion_fte,
            cost_eur: costs(inst, plan).total,
        }
    }
}

/// The past beside the plan: what is actual, the figures to date, and the end of the horizon.
#[derive(Debug, Clone, Serialize)]
pub struct PastVsPlan {
    /// W: weeks 1..=W are the past.
    pub past_weeks: usize,
    /// The past's days (`Monday 2026-01-05 to Sunday 2026-01-25`), when the instance gives
    /// `first_monday`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub past_days: Option<String>,
    /// Where the actuals came from.
    pub source: String,
    /// Each quantity of the past: actual (its weeks) or reconstructed.
    pub quantities: Vec<PastQuantity>,
    /// Figures of weeks 1..=W.
    pub to_date: Figures,
    /// Figures of the whole horizon (past and plan).
    pub projected: Figures,
    /// Whether the opening stock is a count (week 0) rather than the model's.
    pub opening_counted: bool,
    /// Count adjustments of the past (t): intake stock, output stock.
    pub count_adjustment_t: [f64; 2],
    /// Recovery and recycling rates against their targets.
    pub targets: Vec<TargetToDate>,
}

/// The past-vs-plan figures of a solved instance with actuals (`None` without actuals or
/// without a checked plan).
pub fn past_vs_plan(inst: &Instance, solved: &Solved) -> Option<PastVsPlan> {
    let a = inst.actuals.as_deref()?;
    let plan = solved.plan.as_ref()?;
    let check: &CheckReport = solved.check.as_ref()?;
    let w = a.past.min(inst.weeks);
    let (hi, hp) = slice(inst, plan, 0, w);
    let kd = kpis(&hi, &hp);
    let quantities = Quantity::ALL
        .into_iter()
        .map(|q| PastQuantity {
            quantity: q.name(),
            actual_weeks: (a.given(q).iter().enumerate())
                .filter(|&(t, &g)| g && t < w)
                .map(|(t, _)| t + 1)
                .collect(),
        })
        .collect();
    let mut targets = Vec::new();
    for (now, end) in kd.recovery.iter().zip(check.kpis.recovery.iter()) {
        if let Some(t) = end.recovery_target {
            targets.push(TargetToDate {
                kind: "recovery",
                scope: end.id.clone(),
                target: t,
                to_date: now.recovery_rate,
                projected: end.recovery_rate,
            });
        }
        if let Some(t) = end.recycling_target {
            targets.push(TargetToDate {
                kind: "recycling",
                scope: end.id.clone(),
                target: t,
                to_date: now.recycling_rate,
                projected: end.recycling_rate,
            });
        }
    }
    Some(PastVsPlan {
        past_weeks: w,
        past_days: (inst.first_monday)
            .filter(|_| w > 0)
            .map(|d| crate::dates::span(d, w)),
        source: a.source.display().to_string(),
        quantities,
        to_date: Figures::of(&hi, &hp, &kd),
        projected: Figures::of(inst, plan, &check.kpis),
        opening_counted: a.intake_count.at(0) || a.output_count.at(0),
        count_adjustment_t: [
            weeks_of(&plan.intake_adjust_t, 0, w).sum(),
            weeks_of(&plan.output_adjust_t, 0, w).sum(),
        ],
        targets,
    })
}

fn pct(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| format!("{:.1} %", 100.0 * v))
}

/// The "past vs plan" block of `triplan replan`'s text report.
pub fn text(p: &PastVsPlan) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "\nPast vs plan (actuals: {})", p.source);
    if p.past_weeks == 0 {
        let _ = writeln!(s, "  no past week: the actuals give only the opening stock");
    } else {
        let days = p
            .past_days
            .as_ref()
            .map_or(String::new(), |d| format!(" ({d})"));
        let _ = writeln!(s, "  weeks 1-{}{days} are the past", p.past_weeks);
    }
    let mut actual = Vec::new();
    let mut rebuilt = Vec::new();
    for q in &p.quantities {
        match (q.actual_weeks.first(), q.actual_weeks.last()) {
            (Some(a), Some(b)) if a == b => actual.push(format!("{} (week {a})", q.quantity)),
            (Some(a), Some(b)) => actual.push(format!("{} (weeks {a}-{b})", q.quantity)),
            _ => rebuilt.push(q.quantity),
        }
    }
    if p.opening_counted {
        actual.push("opening stock (week 0 count)".into());
    }
    let _ = writeln!(
        s,
        "  actual:        {}",
        if actual.is_empty() {
            "-".into()
        } else {
            actual.join(", ")
        }
    );
    let _ = writeln!(
        s,
        "  reconstructed: {}",
        if rebuilt.is_empty() {
            "-".into()
        } else {
            rebuilt.join(", ")
        }
    );
    let _ = writeln!(s, "  {:<28} {:>14} {:>14}", "", "to date", "end of horizon");
    let rows: [(&str, f64, f64); 6] = [
        ("received (t)", p.to_date.received_t, p.projected.received_t),
        (
            "processed (t)",
            p.to_date.processed_t,
            p.projected.processed_t,
        ),
        ("external (t)", p.to_date.external_t, p.projected.external_t),
        (
            "recovered (t)",
            p.to_date.recovered_t,
            p.projected.recovered_t,
        ),
        (
            "insertion FTE",
            p.to_date.insertion_fte,
            p.projected.insertion_fte,
        ),
        ("cost (EUR)", p.to_date.cost_eur, p.projected.cost_eur),
    ];
    for (name, a, b) in rows {
        let _ = writeln!(s, "  {name:<28} {a:>14.1} {b:>14.1}");
    }
    for t in &p.targets {
        let _ = writeln!(
            s,
            "  {:<28} {:>14} {:>14}   target {}",
            format!("{} rate {}", t.kind, t.scope),
            pct(t.to_date),
            pct(t.projected),
            pct(Some(t.target))
        );
    }
    let _ = writeln!(
        s,
        "  count adjustments (t): intake stock {:+.2}, output stock {:+.2}",
        p.count_adjustment_t[0], p.count_adjustment_t[1]
    );
    s
}

/// The executed past of a plan as actuals: every quantity of weeks `0..upto` (0-based), and
/// the opening stock as week-0 counts, so that a replan from them fixes exactly this past.
pub fn executed(inst: &Instance, plan: &Plan, upto: usize) -> Actuals {
    let p = &inst.plant;
    let mut a = Actuals::empty(inst);
    let clean = |x: f64| if x > 0.0 { x } else { 0.0 };
    for t in 0..upto {
        for ((ar, k), v) in a
            .intake
            .values
            .slice_mut(ndarray::s![.., .., t])
            .indexed_iter_mut()
        {
            *v = clean(plan.delivered_t.slice(ndarray::s![ar, .., k, t]).sum());
        }
        for ((l, k), v) in a
            .processed
            .values
            .slice_mut(ndarray::s![.., .., t])
            .indexed_iter_mut()
        {
            *v = clean(plan.processed_t.slice(ndarray::s![l, k, .., t]).sum());
        }
        a.external
            .values
            .slice_mut(ndarray::s![.., .., t])
            .assign(&plan.external_t.slice(ndarray::s![.., .., t]).mapv(clean));
        a.shipped
            .values
            .slice_mut(ndarray::s![.., .., .., t])
            .assign(&plan.shipped_t.slice(ndarray::s![.., .., .., t]).mapv(clean));
        for s in (0..p.sites.len()).map(SiteId) {
            for k in StaffKind::ALL {
                if p.staff(s, k).is_none() {
                    continue;
                }
                let ki = k.index();
                let worked = if k == StaffKind::Supervisor {
                    plan.supervisor_h.slice(ndarray::s![s.0, .., t]).sum()
                } else {
                    (p.lines_at(s).iter())
                        .map(|l| plan.line_hours.slice(ndarray::s![ki, l.0, .., t]).sum())
                        .sum()
                };
                a.worked_h.values[[s.0, ki, t]] = clean(worked);
                a.paid_h.values[[s.0, ki, t]] = clean(plan.paid_h[[s.0, ki, t]]);
                a.persons.values[[s.0, ki, t]] = clean(plan.staff_n[[s.0, ki, t]]);
                a.entries.values[[s.0, ki, t]] = clean(plan.hires[[s.0, ki, t]]);
                a.exits.values[[s.0, ki, t]] = clean(plan.departures[[s.0, ki, t]]);
                // Absence beyond the rate is not known of an executed plan: left to the rate.
            }
        }
    }
    for ((s, k), b) in p.intake_stock.indexed_iter() {
        a.intake_count.values[[s, k, 0]] = b.opening_t;
    }
    for ((s, q), b) in p.output_stock.indexed_iter() {
        a.output_count.values[[s, q, 0]] = b.opening_t;
    }
    a.intake_count.given[0] = true;
    a.output_count.given[0] = true;
    for known in [
        &mut a.intake,
        &mut a.processed,
        &mut a.external,
        &mut a.worked_h,
        &mut a.paid_h,
        &mut a.persons,
        &mut a.entries,
        &mut a.exits,
    ] {
        mark_weeks(known, upto);
    }
    mark_weeks(&mut a.shipped, upto);
    a.source = "executed plan".into();
    a.set_past();
    a
}

fn mark_weeks<D: Dimension>(k: &mut Known<D>, upto: usize) {
    for g in k.given.iter_mut().take(upto) {
        *g = true;
    }
}

/// Writes actuals in the format of README "Actuals": every key of every given week (zeros
/// included, so that each week reads as given), numbers written to round-trip exactly.
pub fn actuals_csv(inst: &Instance, a: &Actuals) -> String {
    let p = &inst.plant;
    let mut out = String::from("week,quantity,site,id,detail,value\n");
    let mut row = |w: usize, q: Quantity, site: &str, id: &str, detail: &str, v: f64| {
        let _ = writeln!(out, "{w},{},{site},{id},{detail},{v}", q.name());
    };
    let site = |s: usize| p.sites[s].named.id.as_str();
    let stream = |k: usize| p.streams[k].named.id.as_str();
    for t in a.intake.weeks() {
        for ((ar, k), &v) in a.intake.values.slice(ndarray::s![.., .., t]).indexed_iter() {
            if inst
                .plant
                .area_transport_eur_per_t
                .row(ar)
                .iter()
                .any(Option::is_some)
            {
                row(t + 1, Quantity::Intake, "", &p.areas[ar].id, stream(k), v);
            }
        }
    }
    for t in a.processed.weeks() {
        for (l, line) in p.lines.iter().enumerate() {
            for pr in &line.processes {
                let v = a.processed.values[[l, pr.stream.0, t]];
                row(
                    t + 1,
                    Quantity::Processed,
                    site(line.site.0),
                    &line.named.id,
                    stream(pr.stream.0),
                    v,
                );
            }
        }
    }
    for t in a.external.weeks() {
        for ((s, k), &v) in a
            .external
            .values
            .slice(ndarray::s![.., .., t])
            .indexed_iter()
        {
            row(t + 1, Quantity::External, site(s), stream(k), "", v);
        }
    }
    for t in a.shipped.weeks() {
        for ((s, o), out_) in (0..p.sites.len())
            .flat_map(|s| (0..p.outlets.len()).map(move |o| (s, o)))
            .map(|(s, o)| ((s, o), &p.outlets[o]))
        {
            if out_.transport_eur_per_t[s].is_none() {
                continue;
            }
            for (q, &(f, _)) in p.lots.iter().enumerate() {
                if out_.accepts[f.0] {
                    let v = a.shipped.values[[s, o, q, t]];
                    row(
                        t + 1,
                        Quantity::Shipped,
                        site(s),
                        &out_.named.id,
                        &lot_name(p, LotId(q)),
                        v,
                    );
                }
            }
        }
    }
    for w in a.intake_count.weeks() {
        for ((s, k), &v) in a
            .intake_count
            .values
            .slice(ndarray::s![.., .., w])
            .indexed_iter()
        {
            row(w, Quantity::IntakeStock, site(s), stream(k), "", v);
        }
    }
    for w in a.output_count.weeks() {
        for ((s, q), &v) in a
            .output_count
            .values
            .slice(ndarray::s![.., .., w])
            .indexed_iter()
        {
            row(
                w,
                Quantity::OutputStock,
                site(s),
                &lot_name(p, LotId(q)),
                "",
                v,
            );
        }
    }
    let staff = [
        (Quantity::WorkedHours, &a.worked_h, false),
        (Quantity::PaidHours, &a.paid_h, false),
        (Quantity::AbsenceHours, &a.absence_h, true),
        (Quantity::Persons, &a.persons, true),
        (Quantity::Entries, &a.entries, true),
        (Quantity::Exits, &a.exits, true),
    ];
    for (q, known, payroll) in staff {
        for t in known.weeks() {
            for s in 0..p.sites.len() {
                for k in StaffKind::ALL {
                    if p.staff(SiteId(s), k).is_none() || (payroll && k == StaffKind::Temporary) {
                        continue;
                    }
                    let v = known.values[[s, k.index(), t]];
                    row(t + 1, q, site(s), k.name(), "", v);
                }
            }
        }
    }
    out
}
