//! The plan page's charts, one function per section: tonnage and staff hours per week, hours
//! per shift, line utilisation, storage levels, outlets, recovery and recycling against
//! targets, costs.

use super::storage::{intake_storage, output_storage};
use crate::check::{self, CheckReport, CostTerm, Costs, Verdicts};
use crate::kpi::Kpis;
use crate::plan::Plan;
use crate::plant::{Instance, Plant, StaffKind, Treatment};
use crate::report::html::chart::bars::{bar_chart, Bar, BarChart, Row, Seg, Target};
use crate::report::html::chart::weekly::{weekly_chart, WeekCalendar, Weekly};
use crate::report::html::chart::{
    legend, limit, paint, series_legend, LegendItem, Mark, Series, INK, PALETTE,
};
use crate::report::html::format::{eur, num, opt_pct, pct, qty};
use crate::report::html::layout::section_start;
use ndarray::{Array2, Axis};

/// The colour of a kind of staff, the same in every chart.
pub(super) fn kind_color(k: StaffKind) -> &'static str {
    match k {
        StaffKind::Permanent => "#4e79a7",
        StaffKind::Insertion => "#f28e2b",
        StaffKind::Temporary => "#76b7b2",
        StaffKind::Supervisor => "#b07aa1",
    }
}

/// How an outlet's treatment is named and coloured.
struct TreatmentStyle {
    name: &'static str,
    color: &'static str,
}

fn treatment(t: Treatment) -> TreatmentStyle {
    let (name, color) = match t {
        Treatment::Reuse => ("re-use", "#76b7b2"),
        Treatment::Recycling => ("recycling", "#59a14f"),
        Treatment::EnergyRecovery => ("energy recovery", "#f28e2b"),
        Treatment::Disposal => ("disposal", "#8c8c8c"),
    };
    TreatmentStyle { name, color }
}

/// Every chart section of the plan page, in order; side-by-side pairs in `grid2` blocks.
pub(super) fn charts(o: &mut String, inst: &Instance, plan: &Plan, c: &CheckReport) {
    let (p, k) = (&inst.plant, &c.kpis);
    let reduced = reduced_hours(inst);
    tonnage(o, inst, plan, k, &reduced);
    o.push('\n');
    let staff = staff_series(plan);
    staff_hours(o, k, &staff, &reduced, WeekCalendar::of(inst));
    o.push_str("\n<div class=\"grid2\">");
    shifts(o, p, k, &staff);
    lines(o, p, k);
    o.push_str("</div>\n<div class=\"grid2\">");
    intake_storage(o, inst, plan, &reduced);
    output_storage(o, inst, plan, &reduced);
    o.push_str("</div>\n<div class=\"grid2\">");
    outlets(o, p, k);
    recovery(o, k, &c.verdicts);
    o.push_str("</div>\n");
    cost_terms(o, &c.costs, inst.plant.price_year);
    o.push('\n');
}

/// Per week, the share of normal hours lost to the calendar, over the sites.
pub(super) fn reduced_hours(inst: &Instance) -> Vec<f64> {
    let n = inst.plant.sites.len().max(1) as f64;
    (0..inst.weeks)
        .map(|t| (1.0 - inst.availability.column(t).sum() / n).clamp(0.0, 1.0))
        .collect()
}

/// Whether any week has reduced hours (then charts shade them and legends say so).
pub(super) fn any_reduced(reduced: &[f64]) -> bool {
    reduced.iter().any(|&r| r > 0.005)
}

/// Tonnage processed per line and week (stacked bars, external contractor on top) with the
/// tonnage collected as a line.
fn tonnage(o: &mut String, inst: &Instance, plan: &Plan, k: &Kpis, reduced: &[f64]) {
    let p = &inst.plant;
    let per_line: Array2<f64> = plan.processed_t.sum_axis(Axis(2)).sum_axis(Axis(1));
    let mut series: Vec<Series> = p
        .lines
        .iter()
        .enumerate()
        .map(|(l, line)| Series {
            name: line.named.name.clone(),
            color: String::new(),
            values: per_line.row(l).to_vec(),
        })
        .collect();
    paint(&mut series);
    let mut series = limit(series, PALETTE.len());
    let ext: Vec<f64> = plan.external_t.sum_axis(Axis(1)).sum_axis(Axis(0)).to_vec();
    if ext.iter().sum::<f64>() > 1e-6 {
        series.push(Series {
            name: "external contractor (not processed)".into(),
            color: "#5a5a5a".into(),
            values: ext,
        });
    }
    let collected = Series {
        name: "collected".into(),
        color: INK.into(),
        values: inst.supply_t.sum_axis(Axis(1)).sum_axis(Axis(0)).to_vec(),
    };
    let shaded = any_reduced(reduced);
    section_start(
        o,
        "tonnage",
        "Tonnage processed per line, per week",
        &format!(
            "Stacked bars: tonnes processed on each line; line: tonnes collected. {} t processed, {} t collected over {} weeks.{}",
            qty(k.processed_t),
            qty(k.supply_t),
            inst.weeks,
            if shaded { " Shaded weeks have reduced hours (calendar)." } else { "" }
        ),
    );
    let mut items = series_legend(&series);
    items.push(LegendItem::new("collected", INK, Mark::Line));
    if shaded {
        items.push(LegendItem::new("reduced hours", "", Mark::Shade));
    }
    o.push_str(&legend(&items));
    o.push_str(&weekly_chart(&Weekly {
        label: "Tonnage processed per line, per week",
        series: &series,
        areas: false,
        overlay: Some(&collected),
        reference: None,
        reduced,
        y_title: "tonnes per week",
        unit: "t",
        w: 1200.0,
        h: 360.0,
        calendar: WeekCalendar::of(inst),
    }));
    o.push_str("</section>");
}

/// Hours per kind of staff and week: production hours on the lines, supervision hours for
/// supervisors; kinds without hours left out.
fn staff_series(plan: &Plan) -> Vec<Series> {
    let prod: Array2<f64> = plan.line_hours.sum_axis(Axis(2)).sum_axis(Axis(1));
    let sup: Vec<f64> = plan
        .supervisor_h
        .sum_axis(Axis(1))
        .sum_axis(Axis(0))
        .to_vec();
    StaffKind::ALL
        .iter()
        .map(|&kind| Series {
            name: kind.name().into(),
            color: kind_color(kind).into(),
            values: if kind == StaffKind::Supervisor {
                sup.clone()
            } else {
                prod.row(kind.index()).to_vec()
            },
        })
        .filter(|s| s.values.iter().sum::<f64>() > 1e-6)
        .collect()
}

/// Staff hours per week, stacked by kind.
fn staff_hours(
    o: &mut String,
    k: &Kpis,
    staff: &[Series],
    reduced: &[f64],
    calendar: WeekCalendar,
) {
    let worked: f64 = k.staff.iter().map(|s| s.worked_h).sum();
    section_start(
        o,
        "staff",
        "Staff hours per week",
        &format!(
            "Hours worked on the lines by permanent, insertion and temporary staff, and supervision hours. {} h worked over the horizon.",
            qty(worked)
        ),
    );
    let mut items = series_legend(staff);
    if any_reduced(reduced) {
        items.push(LegendItem::new("reduced hours", "", Mark::Shade));
    }
    o.push_str(&legend(&items));
    o.push_str(&weekly_chart(&Weekly {
        label: "Staff hours per week",
        series: staff,
        areas: false,
        overlay: None,
        reference: None,
        reduced,
        y_title: "hours per week",
        unit: "h",
        w: 1200.0,
        h: 320.0,
        calendar,
    }));
    o.push_str("</section>");
}

/// Hours worked in each shift over the horizon, one bar per shift stacked by kind.
fn shifts(o: &mut String, p: &Plant, k: &Kpis, staff: &[Series]) {
    let rows: Vec<Row> = p
        .shifts
        .iter()
        .enumerate()
        .map(|(h, sh)| {
            let segs: Vec<Seg> = k
                .staff
                .iter()
                .filter(|st| st.worked_h > 1e-6)
                .map(|st| Seg {
                    value: st.worked_h_by_shift[h],
                    color: kind_color(st.kind).into(),
                    tip: format!(
                        "{}: {}: {} h",
                        sh.named.name,
                        st.kind.name(),
                        qty(st.worked_h_by_shift[h])
                    ),
                })
                .collect();
            let total: f64 = segs.iter().map(|s| s.value).sum();
            Row {
                label: sh.named.name.clone(),
                tip: format!(
                    "{} ({} h per normal week, premium {})",
                    sh.named.name,
                    num(sh.hours_per_week, 1),
                    pct(sh.wage_premium)
                ),
                bars: vec![Bar {
                    segs,
                    text: format!("{} h", qty(total)),
                    target: None,
                }],
            }
        })
        .collect();
    section_start(
        o,
        "shifts",
        "Staff hours per shift",
        "Hours worked over the horizon in each shift, by kind of staff.",
    );
    o.push_str(&legend(&series_legend(staff)));
    o.push_str(&bar_chart(&BarChart {
        label: "Staff hours per shift",
        rows: &rows,
        w: 580.0,
        x_title: "hours over the horizon",
        percent: false,
        labels_left: false,
    }));
    o.push_str("</section>");
}

/// Line-hours run over line-hours available, per line; red above 95 %.
fn lines(o: &mut String, p: &Plant, k: &Kpis) {
    let rows: Vec<Row> = k
        .lines
        .iter()
        .zip(&p.lines)
        .map(|(l, line)| Row {
            label: line.named.name.clone(),
            tip: format!("{} ({})", line.named.name, line.named.id),
            bars: vec![Bar {
                segs: vec![Seg {
                    value: l.utilisation,
                    color: if l.utilisation > 0.95 {
                        "#e15759".into()
                    } else {
                        "#4e79a7".into()
                    },
                    tip: format!(
                        "{}: {} t in {} line-hours of {} available",
                        line.named.name,
                        qty(l.processed_t),
                        qty(l.hours),
                        qty(l.available_h)
                    ),
                }],
                text: format!("{} · {} t", pct(l.utilisation), qty(l.processed_t)),
                target: None,
            }],
        })
        .collect();
    section_start(
        o,
        "lines",
        "Line utilisation",
        "Line-hours run over line-hours available (shift hours times availability); the text gives the tonnes processed.",
    );
    o.push_str(&bar_chart(&BarChart {
        label: "Line utilisation",
        rows: &rows,
        w: 580.0,
        x_title: "share of available line-hours",
        percent: true,
        labels_left: false,
    }));
    o.push_str("</section>");
}

/// Tonnes shipped to each outlet, largest first, coloured by treatment.
fn outlets(o: &mut String, p: &Plant, k: &Kpis) {
    let shipped_to = |i: usize| -> f64 {
        let (_, t) = &k.shipped_t[i];
        *t
    };
    let mut order: Vec<usize> = (0..p.outlets.len()).collect();
    order.sort_by(|&a, &b| shipped_to(b).total_cmp(&shipped_to(a)));
    let rows: Vec<Row> = order
        .iter()
        .map(|&i| {
            let out = &p.outlets[i];
            let TreatmentStyle { name: tname, color } = treatment(out.treatment);
            let t = shipped_to(i);
            Row {
                label: out.named.name.clone(),
                tip: format!(
                    "{} ({}): {}, counts {} recycled and {} recovered",
                    out.named.name,
                    out.named.id,
                    tname,
                    pct(out.recycled_share),
                    pct(out.recovered_share)
                ),
                bars: vec![Bar {
                    segs: vec![Seg {
                        value: t,
                        color: color.into(),
                        tip: format!("{} ({tname}): {} t", out.named.name, qty(t)),
                    }],
                    text: format!("{} t", qty(t)),
                    target: None,
                }],
            }
        })
        .collect();
    let shipped: f64 = (0..k.shipped_t.len()).map(shipped_to).sum();
    section_start(
        o,
        "outlets",
        "Tonnage sent to each outlet",
        &format!(
            "Tonnes shipped over the horizon, coloured by the outlet's treatment; {} t in all.",
            qty(shipped)
        ),
    );
    let mut seen: Vec<LegendItem> = Vec::new();
    for out in &p.outlets {
        let style = treatment(out.treatment);
        if !seen.iter().any(|it| it.name == style.name) {
            seen.push(LegendItem::new(style.name, style.color, Mark::Box));
        }
    }
    o.push_str(&legend(&seen));
    o.push_str(&bar_chart(&BarChart {
        label: "Tonnage sent to each outlet",
        rows: &rows,
        w: 580.0,
        x_title: "tonnes over the horizon",
        percent: false,
        labels_left: false,
    }));
    o.push_str("</section>");
}

const RECOVERY_COLOR: &str = "#4e79a7";
const RECYCLING_COLOR: &str = "#59a14f";

/// One rate of a category against its target: red where the checker found it missed, the
/// target as a marker.
struct Rate<'a> {
    category: &'a str,
    accountable_t: f64,
    what: &'a str,
    value: Option<f64>,
    target: Option<f64>,
    missed: bool,
    color: &'a str,
    amount_t: f64,
}

fn rate_bar(r: &Rate) -> Bar {
    let (v, t, what) = (r.value, r.target, r.what);
    Bar {
        segs: vec![Seg {
            value: v.unwrap_or(0.0),
            color: if r.missed {
                "#e15759".into()
            } else {
                r.color.into()
            },
            tip: format!(
                "{}: {what} {} ({} t of {} t accountable){}",
                r.category,
                opt_pct(v),
                qty(r.amount_t),
                qty(r.accountable_t),
                t.map(|t| format!(", target {}", pct(t)))
                    .unwrap_or_default()
            ),
        }],
        text: format!(
            "{}{}",
            opt_pct(v),
            t.map(|t| format!(" (target {})", pct(t)))
                .unwrap_or_default()
        ),
        target: t.map(|t| Target {
            value: t,
            tip: format!("{what} target: {}", pct(t)),
        }),
    }
}

/// Recovery and recycling rates per category, then for the plant, against their targets.
fn recovery(o: &mut String, k: &Kpis, verdicts: &Verdicts) {
    let rows: Vec<Row> = k
        .recovery
        .iter()
        .map(|r| {
            let rate = |what, value, target, goal, color, amount_t| {
                rate_bar(&Rate {
                    category: &r.name,
                    accountable_t: r.accountable_t,
                    what,
                    value,
                    target,
                    missed: verdicts.met(goal) == Some(false),
                    color,
                    amount_t,
                })
            };
            Row {
                label: r.name.clone(),
                tip: format!(
                    "{} ({}): {} t processed, {} t external",
                    r.name,
                    r.id,
                    qty(r.processed_t),
                    qty(r.external_t)
                ),
                bars: vec![
                    rate(
                        "recovery",
                        r.recovery_rate,
                        r.recovery_target,
                        check::Target::Recovery(r.scope),
                        RECOVERY_COLOR,
                        r.recovered_t,
                    ),
                    rate(
                        "recycling",
                        r.recycling_rate,
                        r.recycling_target,
                        check::Target::Recycling(r.scope),
                        RECYCLING_COLOR,
                        r.recycled_t,
                    ),
                ],
            }
        })
        .collect();
    section_start(
        o,
        "recovery",
        "Recovery and recycling rates against targets",
        "Share of the accountable tonnage (processed, external and opening output stock) counted as recovered and as recycled; the black mark is the target. Red: below target.",
    );
    o.push_str(&legend(&[
        LegendItem::new("recovery", RECOVERY_COLOR, Mark::Box),
        LegendItem::new("recycling", RECYCLING_COLOR, Mark::Box),
        LegendItem::new("target", INK, Mark::Target),
    ]));
    o.push_str(&bar_chart(&BarChart {
        label: "Recovery and recycling rates against targets",
        rows: &rows,
        w: 580.0,
        x_title: "share of accountable tonnage",
        percent: true,
        labels_left: false,
    }));
    o.push_str("</section>");
}

/// Each cost term as the checker recomputes it, sales and aid negative, and their sum.
fn cost_terms(o: &mut String, costs: &Costs, price_year: Option<i32>) {
    let (cost_c, gain_c) = ("#e15759", "#59a14f");
    let rows: Vec<Row> = costs
        .terms()
        .into_iter()
        .map(|(term, label, v)| {
            // The chart's last bar is the sum drawn in ink: named for what it is here.
            let (name, color) = match term {
                CostTerm::Total => ("net cost (objective)", INK),
                _ if v < 0.0 => (label, gain_c),
                _ => (label, cost_c),
            };
            Row {
                label: name.into(),
                tip: name.into(),
                bars: vec![Bar {
                    segs: vec![Seg {
                        value: v,
                        color: color.into(),
                        tip: format!("{name}: {} EUR", eur(v)),
                    }],
                    text: format!("{} EUR", eur(v)),
                    target: None,
                }],
            }
        })
        .collect();
    section_start(
        o,
        "costs",
        "Costs over the horizon",
        &format!("Each cost term as recomputed by the checker, {}; sales and state aid reduce the cost and are drawn negative. The last bar is their sum, the objective.", crate::mission::money(price_year)),
    );
    o.push_str(&legend(&[
        LegendItem::new("cost", cost_c, Mark::Box),
        LegendItem::new("revenue or aid", gain_c, Mark::Box),
        LegendItem::new("net cost", INK, Mark::Box),
    ]));
    o.push_str(&bar_chart(&BarChart {
        label: "Costs over the horizon",
        rows: &rows,
        w: 1200.0,
        x_title: "EUR over the horizon",
        percent: false,
        labels_left: true,
    }));
    o.push_str("</section>");
}
