//! The sweep page, from a sweep's `summary.csv`: counts, each main KPI against each varied
//! parameter as scatter plots, and the summary as a table.

use super::chart::scatter::{scatter, Pt, Scatter};
use super::chart::{legend, LegendItem, Mark, PALETTE};
use super::format::{esc, num, pct, plural};
use super::layout::{page_end, page_start};
use crate::solve::Status;
use crate::sweep::{Param, RowStatus, ShownRow, SweepRow};
use std::fmt::Write;
use std::path::Path;

/// A KPI charted against each parameter.
struct SweepKpi {
    /// Its column in `summary.csv`.
    column: &'static str,
    /// Its value in a row.
    value: fn(&SweepRow) -> Option<f64>,
    title: &'static str,
    axis_title: &'static str,
    /// A share, written as percent.
    percent: bool,
}

/// The KPIs charted against each parameter.
const SWEEP_KPIS: [SweepKpi; 4] = [
    SweepKpi {
        column: "objective_eur",
        value: |r| r.objective_eur,
        title: "Net cost",
        axis_title: "net cost (EUR)",
        percent: false,
    },
    SweepKpi {
        column: "recovery_rate",
        value: |r| r.kpis.recovery_rate,
        title: "Recovery rate",
        axis_title: "recovery rate",
        percent: true,
    },
    SweepKpi {
        column: "insertion_share",
        value: |r| r.kpis.insertion_share,
        title: "Insertion share",
        axis_title: "insertion share of hours",
        percent: true,
    },
    SweepKpi {
        column: "external_t",
        value: |r| r.kpis.external_t,
        title: "External tonnage",
        axis_title: "external contractor (tonnes)",
        percent: false,
    },
];

/// The most rows the page's table shows; `summary.csv` has them all.
const MAX_ROWS: usize = 5000;

/// A parameter cell's number: the value set, or the scale factor (`x1.5`), as the sweep
/// wrote it ([`crate::sweep::parse_op`]).
fn param_value(s: &str) -> Option<f64> {
    crate::sweep::parse_op(s).map(crate::params::Op::value)
}

/// A sweep summary as read: typed rows ([`crate::sweep::Summary::read_shown`]), and their
/// cells as the table shows them.
struct Summary<'a> {
    path: &'a Path,
    header: Vec<String>,
    rows: Vec<ShownRow>,
    /// Per row, its cells: parameters as written, figures as read (a figure that is not
    /// finite, possible only in a hand-edited file, shown as such).
    cells: Vec<Vec<String>>,
    /// The column `status`; the parameters lie between `hash` (column 2) and it.
    status: usize,
    params: Vec<usize>,
}

/// The column `hash`.
const HASH: usize = 2;

/// A figure as the table shows it: as the sweep writes it, or as read when not finite.
fn shown(x: Option<f64>) -> String {
    match x {
        Some(v) if !v.is_finite() => format!("{v}"),
        _ => x.map(crate::sweep::summary_num).unwrap_or_default(),
    }
}

impl<'a> Summary<'a> {
    fn read(path: &'a Path) -> Result<Summary<'a>, crate::Error> {
        let (params, rows) = crate::sweep::Summary::read_shown(path)?;
        let header = crate::sweep::summary_header(&params);
        let cells = rows
            .iter()
            .map(|r| {
                let mut c = r.row.cells_with(shown);
                for (k, p) in r.params.iter().enumerate() {
                    c[HASH + 1 + k] = p.as_ref().map(Param::cell).unwrap_or_default();
                }
                c
            })
            .collect();
        Ok(Summary {
            path,
            status: HASH + 1 + params.len(),
            params: (HASH + 1..HASH + 1 + params.len()).collect(),
            header,
            rows,
            cells,
        })
    }

    /// Solved with a plan the checker did not reject.
    fn solved(&self, i: usize) -> bool {
        let r = &self.rows[i].row;
        matches!(
            r.status,
            RowStatus::Solved(Status::Optimal | Status::Feasible)
        ) && r.check_passed != Some(false)
    }

    fn infeasible(&self, i: usize) -> bool {
        matches!(
            self.rows[i].row.status,
            RowStatus::Solved(
                Status::Infeasible | Status::Unbounded | Status::InfeasibleOrUnbounded
            )
        )
    }

    /// The scenario's name, else "scenario {id}".
    fn label(&self, i: usize) -> String {
        let r = &self.rows[i].row;
        if r.name.is_empty() {
            format!("scenario {}", r.id)
        } else {
            r.name.clone()
        }
    }
}

/// The HTML report of a sweep, from its `summary.csv`: counts of solved, infeasible and
/// failed scenarios, scatter plots of the main KPIs (net cost, recovery rate, insertion share,
/// external tonnage) against each varied parameter (the columns between `hash` and `status`),
/// and the summary as a table. One self-contained page, like [`html`](super::html).
pub fn sweep_html(summary_csv: &Path) -> Result<String, crate::Error> {
    let s = Summary::read(summary_csv)?;
    let dir_name = summary_csv
        .parent()
        .and_then(|d| d.file_name())
        .map(|d| d.to_string_lossy().to_string())
        .unwrap_or_else(|| "sweep".into());
    let mut o = String::new();
    page_start(&mut o, &format!("Sweep {dir_name}"));
    header(&mut o, &s, &dir_name);
    // Each parameter against each KPI; without parameters, each scenario.
    if s.params.is_empty() {
        param_section(&mut o, &s, None);
    } else {
        for &c in &s.params {
            param_section(&mut o, &s, Some(c));
        }
    }
    table(&mut o, &s);
    o.push_str("</main>\n");
    page_end(&mut o, true);
    Ok(o)
}

/// The header: the directory, counts of scenarios and parameters, and badges of solved,
/// infeasible and failed scenarios; then opens `<main>`.
fn header(o: &mut String, s: &Summary, dir_name: &str) {
    let n_solved = (0..s.rows.len()).filter(|&i| s.solved(i)).count();
    let n_infeasible = (0..s.rows.len()).filter(|&i| s.infeasible(i)).count();
    let n_failed = s.rows.len() - n_solved - n_infeasible;
    let _ = write!(
        o,
        "<header><div class=\"wrap\"><h1>Sweep: {}</h1><div class=\"sub\">{} · {} scenarios · {} varied parameters</div><div class=\"badges\" id=\"counts\"><span class=\"badge ok\">{} solved</span><span class=\"badge {}\">{} infeasible</span><span class=\"badge {}\">{} failed</span></div></div></header>\n<main class=\"wrap\">\n",
        esc(dir_name),
        esc(&s.path.display().to_string()),
        s.rows.len(),
        s.params.len(),
        n_solved,
        if n_infeasible > 0 { "warn" } else { "ok" },
        n_infeasible,
        if n_failed > 0 { "bad" } else { "ok" },
        n_failed
    );
}

/// One section's x axis: a parameter (or, without parameters, the scenario), its values per
/// scenario, and how points are coloured.
struct XValues {
    /// The parameter's column; `None`: the scenarios themselves.
    axis: Option<usize>,
    title: String,
    x_title: String,
    /// Per scenario, the parameter's cell (or the scenario's label); empty: not set.
    raw: Vec<String>,
    /// How many scenarios set the parameter.
    given: usize,
    /// Every value given is a number (or a scale factor).
    numeric: bool,
    /// Without `numeric`, the distinct values in order of appearance.
    cats: Vec<String>,
    /// The scenarios shown: those that set the parameter.
    shown: Vec<usize>,
    /// The other parameter the points are coloured by, and its values in order.
    colour_by: Option<usize>,
    groups: Vec<String>,
}

impl XValues {
    fn new(s: &Summary, axis: Option<usize>) -> XValues {
        let title = axis.map_or("scenario".to_string(), |c| s.header[c].clone());
        // x values: numbers when every value given parses, else categories in order.
        let raw: Vec<String> = (0..s.rows.len())
            .map(|i| match axis {
                Some(c) => s.cells[i][c].clone(),
                None => s.label(i),
            })
            .collect();
        let given: Vec<&String> = raw.iter().filter(|v| !v.trim().is_empty()).collect();
        let numeric =
            axis.is_some() && !given.is_empty() && given.iter().all(|v| param_value(v).is_some());
        let mut cats: Vec<String> = Vec::new();
        if !numeric {
            for v in &given {
                if !cats.contains(v) {
                    cats.push((*v).clone());
                }
            }
        }
        let factor = numeric
            && given
                .iter()
                .all(|v| matches!(crate::sweep::parse_op(v), Some(crate::params::Op::Scale(_))));
        let x_title = if factor {
            format!("{title} (scale factor)")
        } else {
            title.clone()
        };
        let given = given.len();
        let shown: Vec<usize> = (0..s.rows.len())
            .filter(|&i| !raw[i].trim().is_empty())
            .collect();
        let colour_by = colour_by(s, axis, &shown);
        let mut groups: Vec<String> = Vec::new();
        if let Some(c) = colour_by {
            for &i in &shown {
                if !groups.contains(&s.cells[i][c]) {
                    groups.push(s.cells[i][c].clone());
                }
            }
        }
        XValues {
            axis,
            title,
            x_title,
            raw,
            given,
            numeric,
            cats,
            shown,
            colour_by,
            groups,
        }
    }

    /// The x coordinate of a cell: its number, or its category's index.
    fn x(&self, cell: &str) -> f64 {
        if self.numeric {
            param_value(cell).unwrap_or(0.0)
        } else {
            self.cats.iter().position(|c| c == cell).unwrap_or(0) as f64
        }
    }

    /// The colour of a scenario: its group's, else the first of the palette.
    fn color(&self, row: &[String]) -> String {
        match self.colour_by {
            Some(c) => {
                let g = self.groups.iter().position(|g| g == &row[c]).unwrap_or(0);
                PALETTE[g % PALETTE.len()].to_string()
            }
            None => PALETTE[0].to_string(),
        }
    }
}

/// The other parameter that takes the most values (2 to 10) among the scenarios shown; ties
/// go to the leftmost column.
fn colour_by(s: &Summary, axis: Option<usize>, shown: &[usize]) -> Option<usize> {
    let distinct = |c: usize| {
        let mut d: Vec<&String> = shown.iter().map(|&i| &s.cells[i][c]).collect();
        d.sort();
        d.dedup();
        d.len()
    };
    s.params
        .iter()
        .copied()
        .filter(|&c| Some(c) != axis && (2..=PALETTE.len()).contains(&distinct(c)))
        .max_by_key(|&c| (distinct(c), std::cmp::Reverse(c)))
}

/// The section of one parameter: a note, the colour legend, and one plot per KPI.
fn param_section(o: &mut String, s: &Summary, axis: Option<usize>) {
    let xv = XValues::new(s, axis);
    let id = format!("param-{}", axis.map_or(0, |c| c - HASH));
    let with_plan = xv.shown.iter().filter(|&&i| s.solved(i)).count();
    let no_value = xv.raw.len() - xv.given;
    let _ = write!(
        o,
        "<section id=\"{id}\" class=\"param\"><h2>Against {}</h2><p class=\"note\">{}{}</p>",
        esc(&xv.title),
        if xv.colour_by.is_some() {
            "Points coloured by another parameter. "
        } else {
            ""
        },
        if no_value > 0 && axis.is_some() {
            format!(
                "{} {} this parameter at its base value and {} not shown.",
                plural(no_value, "scenario"),
                if no_value == 1 { "leaves" } else { "leave" },
                if no_value == 1 { "is" } else { "are" }
            )
        } else {
            String::new()
        }
    );
    if with_plan == 0 {
        o.push_str("<p class=\"banner warn\">No scenario that sets this parameter has a plan: nothing to chart.</p></section>\n");
        return;
    }
    if let Some(c) = xv.colour_by {
        let items: Vec<LegendItem> = xv
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| {
                LegendItem::new(
                    format!(
                        "{} = {}",
                        s.header[c],
                        if g.is_empty() { "base" } else { g }
                    ),
                    PALETTE[i % PALETTE.len()],
                    Mark::Box,
                )
            })
            .collect();
        o.push_str(&legend(&items));
    }
    o.push_str("<div class=\"grid2\">");
    for kpi in &SWEEP_KPIS {
        kpi_plot(o, s, &xv, kpi);
    }
    o.push_str("</div></section>\n");
}

/// One KPI against the section's parameter: a point per scenario with a
/// value, its tooltip naming the scenario and its other parameters.
fn kpi_plot(o: &mut String, s: &Summary, xv: &XValues, kpi: &SweepKpi) {
    let (title, ktitle) = (&xv.title, kpi.title);
    let mut pts = Vec::new();
    let mut missing = 0;
    for (i, xr) in xv.raw.iter().enumerate() {
        let r = &s.cells[i];
        if xr.trim().is_empty() {
            continue;
        }
        let Some(yv) = (kpi.value)(&s.rows[i].row) else {
            missing += 1;
            continue;
        };
        let shown = if kpi.percent {
            pct(yv)
        } else {
            num(yv, if yv.abs() >= 100.0 { 0 } else { 2 })
        };
        let mut tip = format!("{}\n{title} = {xr}\n{ktitle}: {shown}", s.label(i));
        for &pc in &s.params {
            if Some(pc) != xv.axis && !r[pc].is_empty() {
                let _ = write!(tip, "\n{} = {}", s.header[pc], r[pc]);
            }
        }
        pts.push(Pt {
            x: xv.x(xr),
            y: yv,
            color: xv.color(r),
            tip,
        });
    }
    let _ = write!(
        o,
        "<div class=\"plot\" data-kpi=\"{}\"><h3>{ktitle}</h3>{}",
        kpi.column,
        if missing > 0 {
            format!(
                "<p class=\"note\">{} without a plan not shown.</p>",
                plural(missing, "scenario")
            )
        } else {
            String::new()
        }
    );
    o.push_str(&scatter(&Scatter {
        label: &format!("{ktitle} against {title}"),
        pts: &pts,
        x_cats: (!xv.numeric).then_some(&xv.cats[..]),
        x_title: &xv.x_title,
        y_title: kpi.axis_title,
        y_percent: kpi.percent,
        w: 580.0,
        h: 300.0,
    }));
    o.push_str("</div>");
}

/// The summary as a table (the first [`MAX_ROWS`] rows): text columns left, numbers right,
/// the status of scenarios without a usable plan in red.
fn table(o: &mut String, s: &Summary) {
    let rows = &s.cells;
    let _ = write!(
        o,
        "<section id=\"summary-table\"><h2>Summary</h2><p class=\"note\">{}</p><div class=\"tablewrap\"><table><tr>",
        if rows.len() > MAX_ROWS {
            format!("The first {MAX_ROWS} of {} scenarios; all are in summary.csv.", rows.len())
        } else {
            format!("{} scenarios, as in summary.csv.", rows.len())
        }
    );
    let text_col: Vec<bool> = (0..s.header.len())
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .any(|v| !v.is_empty() && v.parse::<f64>().is_err())
        })
        .collect();
    for (c, h) in s.header.iter().enumerate() {
        let class = if text_col[c] { " class=\"l\"" } else { "" };
        let _ = write!(o, "<th{class}>{}</th>", esc(h));
    }
    o.push_str("</tr>");
    for (k, r) in rows.iter().take(MAX_ROWS).enumerate() {
        o.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let class = if i == s.status && !s.solved(k) {
                " class=\"l bad\""
            } else if text_col[i] {
                " class=\"l\""
            } else {
                ""
            };
            let _ = write!(o, "<td{class}>{}</td>", esc(c));
        }
        o.push_str("</tr>");
    }
    o.push_str("</table></div></section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_values_parse() {
        assert_eq!(param_value("x1.5"), Some(1.5));
        assert_eq!(param_value(" x0.8 "), Some(0.8));
        assert_eq!(param_value("100"), Some(100.0));
        assert_eq!(param_value(""), None);
        assert_eq!(param_value("abc"), None);
    }
}
