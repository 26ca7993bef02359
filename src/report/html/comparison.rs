//! The comparison page, from `comparison.csv` written by `triplan compare`: the min-max
//! regret choice, NPV per option set and future, expected NPV and maximum regret, insertion
//! jobs, and the table.

use super::chart::bars::{bar_chart, Bar, BarChart, Row, Seg};
use super::chart::{legend, LegendItem, Mark};
use super::format::{esc, eur, num};
use super::layout::{card, page_end, page_start, section_start};
use crate::invest::{ComparisonRow, ComparisonTable};
use std::fmt::Write;
use std::path::Path;

/// The colours of the futures, in the order of their columns.
const COLORS: [&str; 6] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1",
];

/// The report of an investment comparison (`comparison.csv` written by `triplan compare`):
/// NPV of every option set under every future, expected NPV, maximum regret, insertion jobs,
/// and the table.
pub fn comparison_html(comparison_csv: &Path) -> Result<String, crate::Error> {
    let c = ComparisonTable::read(comparison_csv)?;
    let mut o = String::new();
    page_start(&mut o, "Investment comparison");
    let _ = write!(
        o,
        "<header><div class=\"wrap\"><h1>Investment comparison</h1><div class=\"sub\">{} option sets under {} futures · NPV against the status quo (positive: the investment pays)</div></div></header>\n<main class=\"wrap\">\n",
        c.rows.len(),
        c.futures.len()
    );
    choice_card(&mut o, &c);
    npv_section(&mut o, &c);
    regret_section(&mut o, &c);
    if !c.futures.is_empty() {
        jobs_section(&mut o, &c, 0);
    }
    table(&mut o, &c);
    o.push_str("</main>");
    page_end(&mut o, true);
    Ok(o)
}

/// A card with the expected NPV of the min-max regret choice (the first row with a choice).
fn choice_card(o: &mut String, c: &ComparisonTable) {
    let Some(best) = c
        .rows
        .iter()
        .find(|r| r.minmax_regret_choice || r.best_expected)
    else {
        return;
    };
    let _ = write!(o, "<div class=\"cards\">");
    card(
        o,
        "choice",
        "Min-max regret choice: expected NPV",
        &format!("{} EUR", eur(best.expected_npv_eur.unwrap_or(0.0))),
        &format!("{} ({})", best.set, best.choice()),
        "good",
    );
    let _ = write!(o, "</div>");
}

/// A bar of one value in kEUR (or any unit), with its tooltip and end text.
fn single(value: f64, color: &str, tip: String, text: String) -> Bar {
    Bar {
        segs: vec![Seg {
            value,
            color: color.into(),
            tip,
        }],
        text,
        target: None,
    }
}

/// NPV per option set, one bar per future.
fn npv_section(o: &mut String, c: &ComparisonTable) {
    let rows: Vec<Row> = c
        .rows
        .iter()
        .map(|row| Row {
            label: row.set.clone(),
            tip: row.set.clone(),
            bars: c
                .futures
                .iter()
                .zip(&row.futures)
                .enumerate()
                .map(|(k, (f, fc))| {
                    let v = fc.npv_eur.unwrap_or(0.0) / 1000.0;
                    single(
                        v,
                        COLORS[k % COLORS.len()],
                        format!("{} under {f}: {} kEUR", row.set, num(v, 0)),
                        format!("{f}: {} k", num(v, 0)),
                    )
                })
                .collect(),
        })
        .collect();
    section_start(
        o,
        "npv",
        "NPV of each option set under each future",
        "kEUR, present value, against the status quo.",
    );
    o.push_str(&legend(
        &c.futures
            .iter()
            .enumerate()
            .map(|(k, f)| LegendItem::new(f.clone(), COLORS[k % COLORS.len()], Mark::Box))
            .collect::<Vec<_>>(),
    ));
    o.push_str(&bar_chart(&BarChart {
        label: "NPV per option set and future",
        rows: &rows,
        w: 1100.0,
        x_title: "kEUR",
        percent: false,
        labels_left: false,
    }));
    o.push_str("</section>");
}

/// Expected NPV and maximum regret per option set.
fn regret_section(o: &mut String, c: &ComparisonTable) {
    let rows: Vec<Row> = c
        .rows
        .iter()
        .map(|row| {
            let set = &row.set;
            let e = row.expected_npv_eur.unwrap_or(0.0) / 1000.0;
            let g = row.max_regret_eur.unwrap_or(0.0) / 1000.0;
            Row {
                label: set.clone(),
                tip: set.clone(),
                bars: vec![
                    single(
                        e,
                        "#59a14f",
                        format!("{set}: expected NPV {} kEUR", num(e, 0)),
                        format!("expected {} k", num(e, 0)),
                    ),
                    single(
                        g,
                        "#e15759",
                        format!("{set}: maximum regret {} kEUR", num(g, 0)),
                        format!("max regret {} k", num(g, 0)),
                    ),
                ],
            }
        })
        .collect();
    section_start(
        o,
        "regret",
        "Expected NPV and maximum regret",
        "Regret: how much less than the best set of a future the set yields in that future (kEUR); the min-max regret choice has the smallest maximum.",
    );
    o.push_str(&bar_chart(&BarChart {
        label: "Expected NPV and maximum regret",
        rows: &rows,
        w: 1100.0,
        x_title: "kEUR",
        percent: false,
        labels_left: false,
    }));
    o.push_str("</section>");
}

/// Insertion FTE-years per option set under one future (the `k`th).
fn jobs_section(o: &mut String, c: &ComparisonTable, k: usize) {
    let f = &c.futures[k];
    let rows: Vec<Row> = c
        .rows
        .iter()
        .map(|row: &ComparisonRow| {
            let set = &row.set;
            let v = row.futures[k].insertion_fte_years.unwrap_or(0.0);
            Row {
                label: set.clone(),
                tip: set.clone(),
                bars: vec![single(
                    v,
                    "#f28e2b",
                    format!("{set}: {} insertion FTE-years ({f})", num(v, 1)),
                    format!("{} FTE-years", num(v, 1)),
                )],
            }
        })
        .collect();
    section_start(
        o,
        "jobs",
        "Insertion jobs",
        &format!("Insertion full-time-equivalent years over the study, future {f}."),
    );
    o.push_str(&bar_chart(&BarChart {
        label: "Insertion FTE-years",
        rows: &rows,
        w: 1100.0,
        x_title: "FTE-years",
        percent: false,
        labels_left: true,
    }));
    o.push_str("</section>");
}

/// The comparison as a table, as in `comparison.csv`.
fn table(o: &mut String, c: &ComparisonTable) {
    section_start(o, "table", "The comparison table", "As in comparison.csv.");
    o.push_str("<div class=\"tablewrap\"><table><thead><tr>");
    for h in &c.header() {
        let _ = write!(o, "<th>{}</th>", esc(h));
    }
    o.push_str("</tr></thead><tbody>");
    for row in &c.rows {
        o.push_str("<tr>");
        for cell in &row.cells() {
            let _ = write!(o, "<td>{}</td>", esc(cell));
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table></div></section>");
}
