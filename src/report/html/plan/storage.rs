//! The plan page's storage sections: stock levels at the end of each week against the
//! storage capacity, for intake (per stream) and output (per category).

use crate::plan::Plan;
use crate::plant::Instance;
use crate::report::html::chart::weekly::{weekly_chart, Reference, WeekCalendar, Weekly};
use crate::report::html::chart::{
    legend, limit, paint, series_legend, LegendItem, Mark, Series, PALETTE,
};
use crate::report::html::format::qty;
use crate::report::html::layout::section_start;
use ndarray::{Array2, Axis};

/// Intake stock per stream at the end of each week, summed over the sites.
pub(super) fn intake_storage(o: &mut String, inst: &Instance, plan: &Plan, reduced: &[f64]) {
    let p = &inst.plant;
    let intake: Array2<f64> = plan.intake_stock_t.sum_axis(Axis(0));
    let mut series: Vec<Series> = p
        .streams
        .iter()
        .enumerate()
        .map(|(j, st)| Series {
            name: st.named.name.clone(),
            color: String::new(),
            values: intake.row(j).to_vec(),
        })
        .filter(|s| s.values.iter().any(|&v| v > 1e-9))
        .collect();
    paint(&mut series);
    let series = limit(series, PALETTE.len());
    let cap: f64 = p.sites.iter().map(|s| s.intake_capacity_t).sum();
    let chart = Storage {
        id: "intake-stock",
        title: "Intake storage",
        by: "stream",
        cap,
        calendar: WeekCalendar::of(inst),
    };
    storage(o, &chart, &series, reduced);
}

/// Output stock per category (its lots summed) at the end of each week, over the sites.
pub(super) fn output_storage(o: &mut String, inst: &Instance, plan: &Plan, reduced: &[f64]) {
    let p = &inst.plant;
    let nt = inst.weeks;
    let out: Array2<f64> = plan.output_stock_t.sum_axis(Axis(0));
    let mut by_cat = vec![vec![0.0; nt]; p.categories.len()];
    for (q, &(_, c)) in p.lots.iter().enumerate() {
        for t in 0..nt {
            by_cat[c.0][t] += out[[q, t]];
        }
    }
    let mut series: Vec<Series> = p
        .categories
        .iter()
        .zip(by_cat)
        .map(|(c, values)| Series {
            name: c.named.name.clone(),
            color: String::new(),
            values,
        })
        .filter(|s| s.values.iter().any(|&v| v > 1e-9))
        .collect();
    paint(&mut series);
    let series = limit(series, PALETTE.len());
    let cap: f64 = p.sites.iter().map(|s| s.output_capacity_t).sum();
    let chart = Storage {
        id: "output-stock",
        title: "Output storage",
        by: "category",
        cap,
        calendar: WeekCalendar::of(inst),
    };
    storage(o, &chart, &series, reduced);
}

/// A storage section: its id, title, what the series are ("stream"), the capacity.
struct Storage<'a> {
    id: &'a str,
    title: &'a str,
    by: &'a str,
    cap: f64,
    calendar: WeekCalendar,
}

/// Stock levels as stacked areas, with the capacity as a dashed line when the highest level
/// reaches a fifth of it (else the note gives it).
fn storage(o: &mut String, c: &Storage, series: &[Series], reduced: &[f64]) {
    let cap = c.cap;
    let max = (0..reduced.len())
        .map(|t| series.iter().map(|s| s.values[t]).sum::<f64>())
        .fold(0.0, f64::max);
    let show_cap = cap > 0.0 && max >= 0.2 * cap;
    let note = if series.is_empty() {
        format!("No stock held. Capacity {} t.", qty(cap))
    } else {
        format!(
            "Tonnes in store at the end of each week, by {}; highest {} t, capacity {} t{}.",
            c.by,
            qty(max),
            qty(cap),
            if show_cap {
                " (dashed line)"
            } else {
                ", above the chart's scale"
            }
        )
    };
    section_start(o, c.id, c.title, &note);
    if series.is_empty() {
        o.push_str("</section>");
        return;
    }
    let mut items = series_legend(series);
    if show_cap {
        items.push(LegendItem::new("capacity", "#3d444d", Mark::Dash));
    }
    o.push_str(&legend(&items));
    o.push_str(&weekly_chart(&Weekly {
        label: c.title,
        series,
        areas: true,
        overlay: None,
        reference: show_cap.then(|| Reference {
            value: cap,
            label: format!("capacity {} t", qty(cap)),
        }),
        reduced,
        y_title: "tonnes at end of week",
        unit: "t",
        w: 580.0,
        h: 300.0,
        calendar: c.calendar,
    }));
    o.push_str("</section>");
}
