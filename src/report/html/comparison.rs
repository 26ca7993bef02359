//! The comparison page, from `comparison.csv` written by `triplan compare` and, beside it,
//! `cashflow.csv` and `comparison.json` when present: the recommendation (what to build and
//! when, how the build years were found, whether representative weeks were trusted), NPV per
//! option set and future, the NPV in parts, the recommended set's cash flow, regret, the cost
//! of the social mission, insertion jobs, and the table. Single-future charts show the
//! central future and say so.

use super::chart::bars::{bar_chart, Bar, BarChart, Row, Seg};
use super::chart::cashflow::{cash_flow_chart, CashFlowChart, Part};
use super::chart::{legend, LegendItem, Mark, INK};
use super::format::{esc, eur, num};
use super::layout::{card, page_end, page_start, section_start};
use crate::invest::{
    build_sentence, residual_sentence, CashFlowTable, ComparisonRow, ComparisonTable, FullYearCheck,
};
use serde::Deserialize;
use std::fmt::Write;
use std::path::Path;

/// What the page reads from `comparison.json` (the rest of that file is ignored).
#[derive(Debug, Default, Deserialize)]
struct Meta {
    /// The future of single-future figures.
    #[serde(default)]
    central_future: Option<String>,
    /// How the build years were searched.
    #[serde(default)]
    schedule_search: Option<crate::invest::ScheduleSearch>,
    /// Why they were not.
    #[serde(default)]
    schedule_search_note: String,
    /// The check of a recommendation from representative weeks on the whole horizon.
    #[serde(default)]
    full_year: Option<FullYearCheck>,
    /// The study's decision and the warnings the page opens with.
    #[serde(default)]
    decision: Option<crate::invest::Decision>,
}

/// Everything the page is drawn from.
struct Data {
    c: ComparisonTable,
    meta: Meta,
    cash: Option<CashFlowTable>,
    /// Index of the central future among the table's futures.
    ci: usize,
}

impl Data {
    fn central(&self) -> &str {
        &self.c.futures[self.ci]
    }

    /// The recommended set: the min-max regret choice.
    fn recommended(&self) -> Option<&ComparisonRow> {
        self.c.rows.iter().find(|r| r.minmax_regret_choice)
    }
}

/// The colours of the futures, in the order of their columns.
const COLORS: [&str; 6] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1",
];

/// The report of an investment comparison (`comparison.csv` written by `triplan compare`):
/// NPV of every option set under every future, expected NPV, maximum regret, insertion jobs,
/// and the table.
pub fn comparison_html(comparison_csv: &Path) -> Result<String, crate::Error> {
    let c = ComparisonTable::read(comparison_csv)?;
    let dir = comparison_csv.parent().unwrap_or(Path::new("."));
    let json = dir.join("comparison.json");
    let meta: Meta = if json.is_file() {
        let text = std::fs::read_to_string(&json).map_err(|e| crate::Error::Io {
            path: json.clone(),
            source: e,
        })?;
        serde_json::from_str(&text).map_err(|e| {
            crate::Error::Input(crate::InputError::one(crate::Problem::file(
                &json,
                format!("expected the JSON of a comparison: {e}"),
            )))
        })?
    } else {
        Meta::default()
    };
    let cash_csv = dir.join("cashflow.csv");
    let cash = if cash_csv.is_file() {
        Some(CashFlowTable::read(&cash_csv)?)
    } else {
        None
    };
    let ci = meta
        .central_future
        .as_ref()
        .and_then(|n| c.futures.iter().position(|f| f == n))
        .or_else(|| c.futures.iter().position(|f| f == "central"))
        .unwrap_or(0);
    let d = Data { c, meta, cash, ci };
    let mut o = String::new();
    page_start(&mut o, "Investment comparison");
    let _ = write!(
        o,
        "<header><div class=\"wrap\"><h1>Investment comparison</h1><div class=\"sub\">{} option sets under {} futures · NPV against the status quo (positive: the investment pays) · single-future figures: future {}</div></div></header>\n<main class=\"wrap\">\n",
        d.c.rows.len(),
        d.c.futures.len(),
        esc(d.central())
    );
    recommendation(&mut o, &d);
    npv_section(&mut o, &d.c);
    split_section(&mut o, &d);
    cash_section(&mut o, &d);
    regret_section(&mut o, &d.c);
    mission_section(&mut o, &d);
    jobs_section(&mut o, &d);
    table(&mut o, &d);
    o.push_str("</main>");
    page_end(&mut o, true);
    Ok(o)
}

/// kEUR with separators, from EUR.
fn keur(x: f64) -> String {
    num(x / 1000.0, 0)
}

/// The recommendation: what to build and when (a banner), how the build years were found,
/// key figures, the residual value's share, and the representative weeks' caveat.
fn recommendation(o: &mut String, d: &Data) {
    if let Some(dec) = &d.meta.decision {
        for w in &dec.warnings {
            let _ = write!(
                o,
                "<div class=\"banner warn\" id=\"decision-warning\">{}</div>",
                esc(w)
            );
        }
        if dec.sampled.is_some() {
            let search = d
                .meta
                .full_year
                .as_ref()
                .map(crate::invest::full_year_search_sentence)
                .unwrap_or_default();
            let residual = if dec.residual_pv_eur > 0.0 {
                format!(
                    " Of which residual value {} kEUR (without it: {} kEUR).",
                    keur(dec.residual_pv_eur),
                    dec.expected_npv_eur
                        .map_or_else(|| "-".into(), |e| keur(e - dec.residual_pv_eur))
                )
            } else {
                String::new()
            };
            let _ = write!(
                o,
                "<div class=\"banner\" id=\"decision\"><b>Decision ({}): {}.</b> Option set “{}”, the min-max regret choice; expected NPV {} kEUR.{}<br><span class=\"note\">{}</span></div>",
                esc(&dec.basis),
                esc(&build_sentence(&dec.options)),
                esc(&dec.set),
                dec.expected_npv_eur.map_or_else(|| "-".into(), keur),
                esc(&residual),
                esc(&search)
            );
        }
    }
    let Some(best) = d.recommended() else {
        o.push_str("<div class=\"banner bad\">No recommendation: no option set has an NPV in every future.</div>");
        return;
    };
    let _ = write!(
        o,
        "<div class=\"banner\" id=\"recommendation\"><b>{}: {}.</b> Option set “{}”, the min-max regret choice{}.<br><span class=\"note\">{}</span></div>",
        if d.meta.decision.as_ref().is_some_and(|x| x.sampled.is_some()) {
            "On the sampled weeks (the shortlist)"
        } else {
            "Recommendation"
        },
        esc(&build_sentence(&best.options)),
        esc(&best.set),
        if best.best_expected {
            " and the best expected NPV"
        } else {
            ""
        },
        esc(&build_years(d))
    );
    if let Some(f) = &d.meta.full_year {
        let class = if f.holds && f.ranking_holds {
            "banner"
        } else {
            "banner warn"
        };
        let _ = write!(
            o,
            "<div class=\"{class}\" id=\"full-year\">{}</div>",
            esc(&f.sentence())
        );
    } else if let Some(n) = best.representative_weeks {
        let _ = write!(
            o,
            "<div class=\"banner warn\" id=\"full-year\">The ranking comes from {n} sampled weeks a year; it was not checked on the whole horizon.</div>"
        );
    }
    let _ = write!(o, "<div class=\"cards\">");
    let e = best.expected_npv_eur.unwrap_or(0.0);
    card(
        o,
        "choice",
        "Expected NPV",
        &format!("{} kEUR", keur(e)),
        &format!("{}: weighted over {} futures", best.set, d.c.futures.len()),
        "ok",
    );
    let pay = best.futures.get(d.ci).and_then(|f| f.payback_year);
    card(
        o,
        "payback",
        "Payback",
        &pay.map_or_else(|| "none".into(), |y| y.to_string()),
        &format!(
            "future {}: undiscounted savings reach the net investment",
            d.central()
        ),
        "",
    );
    if let Some(r) = best.residual_pv_eur {
        card(
            o,
            "residual",
            "Residual value",
            &format!("{} kEUR", keur(r)),
            &format!(
                "of {} kEUR expected NPV: what the assets are worth at the end",
                keur(e)
            ),
            if r > 0.5 * e { "bad" } else { "" },
        );
    }
    if let Some(m) = best.mission_eur_per_fte_year {
        card(
            o,
            "mission",
            "Social mission",
            &format!("{} EUR", eur(m)),
            &format!("per insertion FTE-year, future {}", d.central()),
            "",
        );
    }
    let _ = write!(o, "</div>");
    if let (Some(e), Some(r)) = (best.expected_npv_eur, best.residual_pv_eur) {
        if let Some(sentence) = residual_sentence(e, r, &best.options) {
            let _ = write!(
                o,
                "<div class=\"banner warn\" id=\"residual\">{}.</div>",
                esc(&sentence)
            );
        }
    }
}

/// How the build years were found, in one sentence.
fn build_years(d: &Data) -> String {
    match &d.meta.schedule_search {
        Some(s) => format!(
            "Build years: the best of {} build schedules (each option built in one of its years, or never), priced from {} year plans{}.",
            num(s.schedules as f64, 0),
            num(s.year_plans as f64, 0),
            if s.added {
                format!("; this schedule was not among the study's sets and was added as “{}”", s.best_set)
            } else {
                format!("; it is the study's set “{}”", s.best_set)
            }
        ),
        None if d.meta.schedule_search_note.is_empty() => "Build years: as the study's option sets give them (this comparison's files do not say whether they were searched).".into(),
        None => format!(
            "Build years: as the study's option sets give them; the schedule search did not run ({}).",
            d.meta.schedule_search_note
        ),
    }
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

/// The four parts of an NPV: their names and colours.
const PARTS: [(&str, &str); 4] = [
    ("operating savings", "#59a14f"),
    ("capital", "#e15759"),
    ("grants", "#76b7b2"),
    ("residual value", "#edc948"),
];

/// The NPV of every set but the status quo in parts, central future: one stacked bar per set.
fn split_section(o: &mut String, d: &Data) {
    let rows: Vec<Row> =
        d.c.rows
            .iter()
            .filter(|r| !r.options.is_empty())
            .filter_map(|row| {
                let p = row.split(d.ci)?;
                let total: f64 = p.iter().sum();
                Some(Row {
                    label: row.set.clone(),
                    tip: row.set.clone(),
                    bars: vec![Bar {
                        segs: p
                            .iter()
                            .zip(PARTS)
                            .map(|(v, (name, color))| Seg {
                                value: v / 1000.0,
                                color: color.into(),
                                tip: format!("{}: {name} {} kEUR", row.set, keur(*v)),
                            })
                            .collect(),
                        text: format!("NPV {} k", keur(total)),
                        target: None,
                    }],
                })
            })
            .collect();
    if rows.is_empty() {
        return;
    }
    section_start(
        o,
        "split",
        &format!("NPV in parts, future {}", d.central()),
        &format!(
            "kEUR, present value, future {}: discounted operating savings (net of the options' fixed costs), capital paid, grants received and the residual value at the end of the study add up to the NPV.",
            d.central()
        ),
    );
    o.push_str(&legend(
        &PARTS
            .iter()
            .map(|(n, c)| LegendItem::new(*n, *c, Mark::Box))
            .collect::<Vec<_>>(),
    ));
    o.push_str(&bar_chart(&BarChart {
        label: "NPV in parts per option set",
        rows: &rows,
        w: 1100.0,
        x_title: "kEUR",
        percent: false,
        labels_left: false,
    }));
    o.push_str("</section>");
}

/// The recommended set's cash flow against the status quo, central future: bars per year
/// and the cumulative discounted line.
fn cash_section(o: &mut String, d: &Data) {
    let (Some(best), Some(cash)) = (d.recommended(), &d.cash) else {
        return;
    };
    let rows: Vec<_> = cash.of(&best.set, d.central()).collect();
    section_start(
        o,
        "cashflow",
        &format!("Cash flow of “{}”, future {}", best.set, d.central()),
        &format!(
            "kEUR a year against the status quo, future {}: bars stack operating savings, capital, grants and the residual value; the line is the cumulative discounted total, which ends at the NPV. Payback (undiscounted savings reach the net investment): {}. Every set and future: cashflow.csv.",
            d.central(),
            best.futures
                .get(d.ci)
                .and_then(|f| f.payback_year)
                .map_or_else(|| "none within the study".into(), |y| y.to_string())
        ),
    );
    if rows.is_empty() {
        o.push_str("<p class=\"note\">Nothing is built: no cash flow against the status quo.</p></section>");
        return;
    }
    let years: Vec<i32> = rows.iter().map(|r| r.year).collect();
    let get = |f: &dyn Fn(&crate::invest::CashFlowRow) -> f64| -> Vec<f64> {
        rows.iter().map(|r| f(r) / 1000.0).collect()
    };
    let parts = [
        get(&|r| r.operating_eur.unwrap_or(0.0)),
        get(&|r| r.capital_eur),
        get(&|r| r.grants_eur),
        get(&|r| r.residual_eur),
    ];
    let parts: Vec<Part> = parts
        .into_iter()
        .zip(PARTS)
        .map(|(values, (name, color))| Part {
            name: name.into(),
            color: color.into(),
            values,
        })
        .collect();
    let line = get(&|r| r.cumulative_discounted_eur.unwrap_or(f64::NAN));
    let mut items: Vec<LegendItem> = PARTS
        .iter()
        .map(|(n, c)| LegendItem::new(*n, *c, Mark::Box))
        .collect();
    items.push(LegendItem::new("cumulative discounted", INK, Mark::Line));
    o.push_str(&legend(&items));
    o.push_str(&cash_flow_chart(&CashFlowChart {
        label: "Cash flow by year",
        years: &years,
        parts: &parts,
        line_name: "cumulative discounted",
        line: &line,
        unit: "kEUR",
        w: 1100.0,
    }));
    o.push_str("</section>");
}

/// The cost of the social mission per set (central future): EUR per insertion FTE-year and
/// per exit to employment, levelised.
fn mission_section(o: &mut String, d: &Data) {
    let f = d.central();
    let rows: Vec<Row> =
        d.c.rows
            .iter()
            .map(|row| {
                let set = &row.set;
                let mut bars = Vec::new();
                if let Some(v) = row.mission_eur_per_fte_year {
                    bars.push(single(
                        v,
                        "#b07aa1",
                        format!("{set}: {} EUR per insertion FTE-year (future {f})", eur(v)),
                        format!("{} EUR per FTE-year", eur(v)),
                    ));
                }

                Row {
                    label: set.clone(),
                    tip: set.clone(),
                    bars,
                }
            })
            .filter(|r| !r.bars.is_empty())
            .collect();
    if rows.is_empty() {
        return;
    }
    section_start(
        o,
        "mission",
        &format!("Cost of the social mission, future {f}"),
        &format!(
            "EUR per insertion FTE-year, levelised, future {f}: the net present cost with the mission less that of the same plant run as a classic firm, over the discounted insertion FTE-years it adds. Per exit to employment (a few exits make it large): the table."
        ),
    );
    o.push_str(&bar_chart(&BarChart {
        label: "Cost of the social mission",
        rows: &rows,
        w: 1100.0,
        x_title: "EUR",
        percent: false,
        labels_left: false,
    }));
    o.push_str("</section>");
}

/// Insertion FTE-years per option set, central future.
fn jobs_section(o: &mut String, d: &Data) {
    let f = d.central();
    let rows: Vec<Row> =
        d.c.rows
            .iter()
            .map(|row: &ComparisonRow| {
                let set = &row.set;
                let v = row.futures[d.ci].insertion_fte_years.unwrap_or(0.0);
                Row {
                    label: set.clone(),
                    tip: set.clone(),
                    bars: vec![single(
                        v,
                        "#f28e2b",
                        format!("{set}: {} insertion FTE-years (future {f})", num(v, 1)),
                        format!("{} FTE-years", num(v, 1)),
                    )],
                }
            })
            .collect();
    section_start(
        o,
        "jobs",
        &format!("Insertion jobs, future {f}"),
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

/// The comparison as a table of formatted figures (every figure, unrounded: comparison.csv).
fn table(o: &mut String, d: &Data) {
    let c = &d.c;
    let f = d.central();
    section_start(
        o,
        "table",
        "The comparison table",
        &format!("kEUR unless named; payback, FTE-years and the mission's cost: future {f}. Every figure, unrounded: comparison.csv."),
    );
    o.push_str("<div class=\"tablewrap\"><table><thead><tr><th>set</th><th>build</th>");
    for fu in &c.futures {
        let _ = write!(o, "<th>NPV {}</th>", esc(fu));
    }
    o.push_str("<th>expected NPV</th><th>of which residual</th><th>max regret</th><th>payback</th><th>FTE-years</th><th>EUR per FTE-year</th><th>EUR per exit</th>");
    let checked = c
        .rows
        .iter()
        .any(|r| r.full_year_expected_npv_eur.is_some());
    if checked {
        o.push_str("<th>whole-horizon expected NPV</th>");
    }
    o.push_str("<th>choice</th></tr></thead><tbody>");
    let k = |x: Option<f64>| x.map_or_else(|| "-".to_string(), keur);
    let e = |x: Option<f64>| x.map_or_else(|| "-".to_string(), eur);
    for row in &c.rows {
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td>",
            esc(&row.set),
            esc(&build_sentence(&row.options))
        );
        for fc in &row.futures {
            let _ = write!(o, "<td>{}</td>", k(fc.npv_eur));
        }
        let fc = &row.futures[d.ci];
        let _ = write!(
            o,
            "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
            k(row.expected_npv_eur),
            k(row.residual_pv_eur),
            k(row.max_regret_eur),
            fc.payback_year
                .map_or_else(|| "-".into(), |y| y.to_string()),
            fc.insertion_fte_years
                .map_or_else(|| "-".into(), |v| num(v, 1)),
            e(row.mission_eur_per_fte_year),
            e(row.mission_eur_per_exit_to_employment),
        );
        if checked {
            let _ = write!(o, "<td>{}</td>", k(row.full_year_expected_npv_eur));
        }
        let mut choice = row.choice();
        if row.best_schedule {
            choice += if choice.is_empty() {
                "best schedule"
            } else {
                "; best schedule"
            };
        }
        let _ = write!(o, "<td>{}</td></tr>", esc(&choice));
    }
    o.push_str("</tbody></table></div></section>");
}
