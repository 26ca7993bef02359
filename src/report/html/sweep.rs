//! The sweep page, from a sweep's `summary.csv`: counts, the scenarios without a plan with
//! their explanation, the main KPIs against the swept parameters in charts chosen by the
//! sweep's shape, the utilisation of each line (which line saturates first), and the summary
//! as a table.
//!
//! Shapes: two swept parameters give heatmaps (a KPI as colour on their grid, values written
//! in the cells); one, or more than two, give small multiples of band charts (per parameter
//! value, the median over the other parameters as a line and their least to largest value as
//! a band; many distinct values are binned). Scenarios without a plan are crossed on the x
//! axis (or in their cell), never dropped silently.

use super::chart::band::{band, BandChart, BandPt, BandSeries, Miss};
use super::chart::heatmap::{heatmap, HeatCell, Heatmap};
use super::chart::{legend, LegendItem, Mark, PALETTE};
use super::format::{esc, num, pct, plural};
use super::layout::{page_end, page_start};
use crate::sweep::{param_name, Param, ShownRow, SweepRow};
use std::fmt::Write;
use std::path::Path;

/// How a KPI's values read.
#[derive(Clone, Copy, PartialEq)]
enum Unit {
    /// EUR, possibly negative (a net cost).
    Eur,
    /// A share, written as percent; never negative.
    Share,
    /// Tonnes, hours or persons; never negative.
    Qty,
}

/// A KPI charted against the parameters.
struct SweepKpi {
    /// Its column in `summary.csv`.
    column: &'static str,
    /// Its value in a row.
    value: fn(&SweepRow) -> Option<f64>,
    title: &'static str,
    axis_title: &'static str,
    unit: Unit,
}

/// The KPIs charted against the parameters.
const SWEEP_KPIS: [SweepKpi; 6] = [
    SweepKpi {
        column: "objective_eur",
        value: |r| r.objective_eur,
        title: "Net cost",
        axis_title: "EUR",
        unit: Unit::Eur,
    },
    SweepKpi {
        column: "recovery_rate",
        value: |r| r.kpis.recovery_rate,
        title: "Recovery rate",
        axis_title: "recovery rate",
        unit: Unit::Share,
    },
    SweepKpi {
        column: "insertion_share",
        value: |r| r.kpis.insertion_share,
        title: "Insertion share",
        axis_title: "share of hours",
        unit: Unit::Share,
    },
    SweepKpi {
        column: "external_t",
        value: |r| r.kpis.external_t,
        title: "External tonnage",
        axis_title: "tonnes",
        unit: Unit::Qty,
    },
    SweepKpi {
        column: "temporary_h",
        value: |r| r.kpis.temporary_h,
        title: "Temporary staff",
        axis_title: "hours bought",
        unit: Unit::Qty,
    },
    SweepKpi {
        column: "persons_peak_insertion",
        value: |r| r.kpis.persons_peak[1],
        title: "Insertion workers",
        axis_title: "persons (peak week)",
        unit: Unit::Qty,
    },
];

/// The most rows the page's table shows; `summary.csv` has them all.
const MAX_ROWS: usize = 2000;
/// More distinct values than this on a numeric axis are binned.
const MAX_BINS: usize = 25;
/// Utilisation at or above this is 100 %.
const SATURATED: f64 = 0.999;
/// The most cells a heatmap axis takes.
const MAX_HEAT: usize = 30;

/// A parameter value as the page writes it: at most 6 significant digits, no float noise
/// (`0.30000000000000004` is `0.3`), no thousands separators.
fn value_text(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    if v == 0.0 {
        return "0".into();
    }
    let mag = v.abs().log10().floor() as i32;
    let dec = (5 - mag).clamp(0, 12) as usize;
    let s = format!("{v:.dec$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// A KPI value as the page writes it.
fn kpi_text(v: f64, unit: Unit) -> String {
    match unit {
        Unit::Share => pct(v),
        Unit::Eur | Unit::Qty => num(v, if v.abs() >= 100.0 { 0 } else { 1 }),
    }
}

/// The sweep as read, and what the page derives from it.
struct Sweep<'a> {
    path: &'a Path,
    params: Vec<String>,
    lines: Vec<String>,
    rows: Vec<ShownRow>,
}

impl Sweep<'_> {
    /// A parameter column's title: its name, "(factor)" for factors.
    fn param_title(&self, k: usize) -> String {
        match param_name(&self.params[k]) {
            (n, true) => format!("{n} (factor)"),
            (n, false) => n.to_string(),
        }
    }

    /// A row's cell of parameter `k` as the page writes it (empty: not set).
    fn param_text(&self, i: usize, k: usize) -> String {
        match &self.rows[i].params[k] {
            Some(Param::Num(v)) if param_name(&self.params[k]).1 => {
                format!("\u{d7}{}", value_text(*v))
            }
            Some(Param::Num(v)) => value_text(*v),
            Some(Param::Text(t)) => t.clone(),
            None => String::new(),
        }
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

    /// The parameters a row sets, as `name = value` lines (without `skip`).
    fn settings(&self, i: usize, skip: &[usize]) -> String {
        let mut s = String::new();
        for k in 0..self.params.len() {
            let t = self.param_text(i, k);
            if !skip.contains(&k) && !t.is_empty() {
                let _ = write!(s, "\n{} = {t}", param_name(&self.params[k]).0);
            }
        }
        s
    }

    fn solved(&self, i: usize) -> bool {
        self.rows[i].row.solved()
    }

    fn infeasible(&self, i: usize) -> bool {
        self.rows[i].row.status.infeasible()
    }
}

/// The x axis a parameter gives: numeric values (binned when many), or categories.
struct Axis {
    /// The parameter's column.
    k: usize,
    title: String,
    /// The x positions' labels, in order.
    labels: Vec<String>,
    /// Numeric: the x of each position; categories: `None`.
    xs: Option<Vec<f64>>,
    /// Per row, its position (`None`: the row does not set the parameter).
    pos: Vec<Option<usize>>,
    /// Binned: each position stands for a range of values.
    binned: bool,
}

impl Axis {
    /// The axis of parameter `k`; `None` when fewer than two distinct values are set.
    fn new(s: &Sweep, k: usize) -> Option<Axis> {
        let cells: Vec<Option<&Param>> = s.rows.iter().map(|r| r.params[k].as_ref()).collect();
        let numeric = cells.iter().flatten().all(|p| matches!(p, Param::Num(_)));
        if numeric {
            let mut vals: Vec<f64> = cells
                .iter()
                .flatten()
                .filter_map(|p| match p {
                    Param::Num(v) if v.is_finite() => Some(*v),
                    _ => None,
                })
                .collect();
            vals.sort_by(f64::total_cmp);
            vals.dedup();
            if vals.len() < 2 {
                return None;
            }
            let value = |p: Option<&Param>| match p {
                Some(Param::Num(v)) if v.is_finite() => Some(*v),
                _ => None,
            };
            let factor = param_name(&s.params[k]).1;
            let show = |v: f64| {
                if factor {
                    format!("\u{d7}{}", value_text(v))
                } else {
                    value_text(v)
                }
            };
            if vals.len() <= MAX_BINS {
                let pos = cells
                    .iter()
                    .map(|p| value(*p).and_then(|v| vals.iter().position(|&x| x == v)))
                    .collect();
                return Some(Axis {
                    k,
                    title: s.param_title(k),
                    labels: vals.iter().map(|&v| show(v)).collect(),
                    xs: Some(vals),
                    pos,
                    binned: false,
                });
            }
            // Many values (random scenarios): equal bins, each shown at its centre.
            let (lo, hi) = (vals[0], vals[vals.len() - 1]);
            let width = (hi - lo) / MAX_BINS as f64;
            let bin = |v: f64| (((v - lo) / width) as usize).min(MAX_BINS - 1);
            let pos = cells.iter().map(|p| value(*p).map(bin)).collect();
            let xs: Vec<f64> = (0..MAX_BINS)
                .map(|b| lo + width * (b as f64 + 0.5))
                .collect();
            let labels = (0..MAX_BINS)
                .map(|b| {
                    format!(
                        "{} to {}",
                        show(lo + width * b as f64),
                        show(lo + width * (b + 1) as f64)
                    )
                })
                .collect();
            return Some(Axis {
                k,
                title: s.param_title(k),
                labels,
                xs: Some(xs),
                pos,
                binned: true,
            });
        }
        let mut cats: Vec<String> = Vec::new();
        for i in 0..s.rows.len() {
            let t = s.param_text(i, k);
            if !t.is_empty() && !cats.contains(&t) {
                cats.push(t);
            }
        }
        if cats.len() < 2 {
            return None;
        }
        let pos = (0..s.rows.len())
            .map(|i| cats.iter().position(|c| *c == s.param_text(i, k)))
            .collect();
        Some(Axis {
            k,
            title: s.param_title(k),
            labels: cats,
            xs: None,
            pos,
            binned: false,
        })
    }

    /// The x coordinate of a position.
    fn x(&self, p: usize) -> f64 {
        self.xs.as_ref().map_or(p as f64, |xs| xs[p])
    }

    /// The rows at each position.
    fn groups(&self) -> Vec<Vec<usize>> {
        let mut g = vec![Vec::new(); self.labels.len()];
        for (i, p) in self.pos.iter().enumerate() {
            if let Some(p) = p {
                g[*p].push(i);
            }
        }
        g
    }

    /// How many rows do not set the parameter.
    fn unset(&self) -> usize {
        self.pos.iter().filter(|p| p.is_none()).count()
    }
}

/// The median of some values (sorted in place).
fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The HTML report of a sweep, from its `summary.csv`: counts of solved, infeasible and
/// failed scenarios; the scenarios without a plan and why; the main KPIs against the swept
/// parameters (heatmaps for two, small multiples otherwise); each line's utilisation and
/// which line saturates first; and the summary as a table. One self-contained page, like
/// [`html`](super::html).
pub fn sweep_html(summary_csv: &Path) -> Result<String, crate::Error> {
    let shown = crate::sweep::Summary::read_shown(summary_csv)?;
    let s = Sweep {
        path: summary_csv,
        params: shown.params,
        lines: shown.lines,
        rows: shown.rows,
    };
    let dir_name = summary_csv
        .parent()
        .and_then(|d| d.file_name())
        .map(|d| d.to_string_lossy().to_string())
        .unwrap_or_else(|| "sweep".into());
    let axes: Vec<Axis> = (0..s.params.len())
        .filter_map(|k| Axis::new(&s, k))
        .collect();
    let mut o = String::new();
    page_start(&mut o, &format!("Sweep {dir_name}"));
    header(&mut o, &s, &dir_name, &axes);
    no_plan(&mut o, &s);
    match axes.len() {
        0 => scenarios_section(&mut o, &s),
        2 if axes.iter().all(|a| a.labels.len() <= MAX_HEAT) => {
            heatmap_section(&mut o, &s, &axes[0], &axes[1])
        }
        _ => {
            for a in &axes {
                multiples_section(&mut o, &s, a);
            }
        }
    }
    utilisation_section(&mut o, &s, &axes);
    table(&mut o, &s);
    o.push_str("</main>\n");
    page_end(&mut o, true);
    Ok(o)
}

/// The header: the directory, counts of scenarios and swept parameters, and badges of
/// solved, infeasible and failed scenarios; then opens `<main>`.
fn header(o: &mut String, s: &Sweep, dir_name: &str, axes: &[Axis]) {
    let n = s.rows.len();
    let n_solved = (0..n).filter(|&i| s.solved(i)).count();
    let n_infeasible = (0..n).filter(|&i| s.infeasible(i)).count();
    let n_failed = n - n_solved - n_infeasible;
    let shape = if axes.is_empty() {
        "no parameter takes two values".to_string()
    } else {
        axes.iter()
            .map(|a| format!("{} ({} values)", a.title, a.labels.len()))
            .collect::<Vec<_>>()
            .join(" \u{d7} ")
    };
    let _ = write!(
        o,
        "<header><div class=\"wrap\"><h1>Sweep: {}</h1><div class=\"sub\" style=\"overflow-wrap:anywhere\">{} · {} · swept: {}</div><div class=\"badges\" id=\"counts\"><span class=\"badge ok\">{} solved</span><span class=\"badge {}\">{} infeasible</span><span class=\"badge {}\">{} failed</span></div></div></header>\n<main class=\"wrap\">\n",
        esc(dir_name),
        esc(&s.path.display().to_string()),
        plural(n, "scenario"),
        esc(&shape),
        n_solved,
        if n_infeasible > 0 { "warn" } else { "ok" },
        n_infeasible,
        if n_failed > 0 { "bad" } else { "ok" },
        n_failed
    );
}

/// The style of a table cell whose text wraps (long names, explanations).
const WRAP: &str = " style=\"white-space:normal;overflow-wrap:anywhere;min-width:22em\"";
/// The style of a parameter's heading, which wraps at its dots (see [`breakable`]).
const HEAD: &str = " style=\"white-space:normal;min-width:4em\"";
/// The most scenarios without a plan listed open; more are folded (a click shows them).
const OPEN_ROWS: usize = 12;

/// A parameter's name as HTML that may break after its dots.
fn breakable(name: &str) -> String {
    esc(name).replace('.', ".<wbr/>").replace('_', "_<wbr/>")
}
/// Names longer than this wrap.
const SHORT_NAME: usize = 32;

/// A name's cell: on one line when short, else wrapping.
fn name_cell(name: &str) -> String {
    let style = if name.chars().count() > SHORT_NAME {
        WRAP
    } else {
        ""
    };
    format!("<td class=\"l\"{style}>{}</td>", esc(name))
}

/// The scenarios without a usable plan: their parameters, status and explanation.
fn no_plan(o: &mut String, s: &Sweep) {
    let rows: Vec<usize> = (0..s.rows.len()).filter(|&i| !s.solved(i)).collect();
    if rows.is_empty() {
        return;
    }
    let _ = write!(
        o,
        "<section id=\"no-plan\"><h2>Scenarios without a plan</h2><p class=\"note\">{} infeasible, {} failed or rejected. For an infeasible scenario, the rules an elastic re-solve relaxes (as <code>triplan solve --explain</code> names them); else the solver's or the checker's words. In the charts they are crossed on the x axis (or in their cell).</p><details{}><summary>{}</summary><div class=\"tablewrap\"><table><tr><th>id</th><th class=\"l\">name</th>",
        rows.iter().filter(|&&i| s.infeasible(i)).count(),
        rows.iter().filter(|&&i| !s.infeasible(i)).count(),
        if rows.len() <= OPEN_ROWS { " open" } else { "" },
        if rows.len() <= OPEN_ROWS {
            "The scenarios".to_string()
        } else {
            format!("Show the {}", plural(rows.len(), "scenario"))
        }
    );
    for k in 0..s.params.len() {
        let _ = write!(o, "<th{HEAD}>{}</th>", breakable(&s.param_title(k)));
    }
    o.push_str("<th class=\"l\">status</th><th class=\"l\">explanation</th></tr>");
    for &i in rows.iter().take(MAX_ROWS) {
        let r = &s.rows[i].row;
        let _ = write!(
            o,
            "<tr data-id=\"{}\"><td>{}</td>{}",
            r.id,
            r.id,
            name_cell(&s.label(i))
        );
        for k in 0..s.params.len() {
            let _ = write!(o, "<td>{}</td>", esc(&s.param_text(i, k)));
        }
        let why = if r.explanation.is_empty() {
            &r.reason
        } else {
            &r.explanation
        };
        let status = if r.status.has_plan() && r.check_passed == Some(false) {
            "rejected"
        } else {
            r.status.name()
        };
        let _ = write!(
            o,
            "<td class=\"l bad\">{}</td><td class=\"l\" style=\"white-space:normal;overflow-wrap:anywhere;min-width:20em\">{}</td></tr>",
            esc(status),
            esc(why)
        );
    }
    o.push_str("</table></div></details></section>\n");
}

/// Opens a grid of small charts.
const MULTIPLES: &str = "<div class=\"multiples\" style=\"display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:8px 18px\">";

/// The band chart of one KPI (or a line's utilisation) against an axis: per position, the
/// median, least and largest value of the rows with a plan, and a cross for those without.
fn kpi_band(s: &Sweep, a: &Axis, kpi: &SweepKpi) -> (String, usize) {
    let mut pts = Vec::new();
    let mut misses = Vec::new();
    let mut missing = 0;
    for (p, rows) in a.groups().iter().enumerate() {
        let mut v: Vec<f64> = rows
            .iter()
            .filter(|&&i| s.solved(i))
            .filter_map(|&i| (kpi.value)(&s.rows[i].row))
            .filter(|v| v.is_finite())
            .collect();
        let without = rows.iter().filter(|&&i| !s.solved(i)).count();
        let at = format!("{} = {}", a.title, a.labels[p]);
        if without > 0 {
            missing += without;
            misses.push(Miss {
                x: a.x(p),
                tip: format!(
                    "{at}: {} of {} without a plan",
                    plural(without, "scenario"),
                    rows.len()
                ),
            });
        }
        if v.is_empty() {
            continue;
        }
        let n = v.len();
        let mid = median(&mut v);
        let (lo, hi) = (v[0], v[n - 1]);
        let tip = if n == 1 {
            let i = rows
                .iter()
                .copied()
                .find(|&i| s.solved(i))
                .unwrap_or(rows[0]);
            format!(
                "{}\n{at}\n{}: {}{}",
                s.label(i),
                kpi.title,
                kpi_text(mid, kpi.unit),
                s.settings(i, &[a.k])
            )
        } else {
            format!(
                "{at}\n{}: median {}, {} to {} ({})",
                kpi.title,
                kpi_text(mid, kpi.unit),
                kpi_text(lo, kpi.unit),
                kpi_text(hi, kpi.unit),
                plural(n, "scenario")
            )
        };
        pts.push(BandPt {
            x: a.x(p),
            lo,
            mid,
            hi,
            tip,
        });
    }
    let series = [BandSeries {
        name: kpi.title.to_string(),
        color: PALETTE[0].to_string(),
        pts,
    }];
    let svg = band(&BandChart {
        label: &format!("{} against {}", kpi.title, a.title),
        series: &series,
        misses: &misses,
        x_cats: a.xs.is_none().then_some(&a.labels[..]),
        x_title: &a.title,
        y_title: kpi.axis_title,
        y_percent: kpi.unit == Unit::Share,
        y_floor: (kpi.unit != Unit::Eur).then_some(0.0),
        reference: None,
        w: 400.0,
        h: 220.0,
    });
    (svg, missing)
}

/// The section of one swept parameter: a small chart per KPI.
fn multiples_section(o: &mut String, s: &Sweep, a: &Axis) {
    let per = s.rows.len() - a.unset();
    let _ =
        write!(
        o,
        "<section id=\"param-{}\" class=\"param\"><h2>Against {}</h2><p class=\"note\">{}{}{}</p>",
        a.k + 1,
        esc(&a.title),
        if per > a.labels.len() {
            "Line: the median over the other parameters; band: their least to largest value. "
        } else {
            ""
        },
        if a.binned {
            format!("{} distinct values, in {} bins. ", plural(per, "scenario"), a.labels.len())
        } else {
            String::new()
        },
        if a.unset() > 0 {
            format!(
                "{} at its base value not shown. ",
                plural(a.unset(), "scenario")
            )
        } else {
            String::new()
        }
    );
    o.push_str(MULTIPLES);
    for kpi in &SWEEP_KPIS {
        let (svg, missing) = kpi_band(s, a, kpi);
        let _ = write!(
            o,
            "<div class=\"plot\" data-kpi=\"{}\"><h3>{}</h3>{}{svg}</div>",
            kpi.column,
            kpi.title,
            if missing > 0 {
                format!(
                    "<p class=\"note\">\u{2715} on the axis: {} without a plan.</p>",
                    plural(missing, "scenario")
                )
            } else {
                String::new()
            }
        );
    }
    o.push_str("</div></section>\n");
}

/// Two swept parameters: a heatmap per KPI on their grid (the median where other
/// parameters vary too).
fn heatmap_section(o: &mut String, s: &Sweep, ax: &Axis, ay: &Axis) {
    let shown: Vec<usize> = (0..s.rows.len())
        .filter(|&i| ax.pos[i].is_some() && ay.pos[i].is_some())
        .collect();
    let _ = write!(
        o,
        "<section id=\"grid\" class=\"param\"><h2>{} against {}</h2><p class=\"note\">Each cell is the scenario with those two values (the median where several are); \u{2715}: no plan.{}</p>",
        esc(&ax.title),
        esc(&ay.title),
        if shown.len() < s.rows.len() {
            format!(
                " {} that {} not set both parameters not shown here.",
                plural(s.rows.len() - shown.len(), "scenario"),
                if s.rows.len() - shown.len() == 1 { "does" } else { "do" }
            )
        } else {
            String::new()
        }
    );
    o.push_str(MULTIPLES);
    for kpi in &SWEEP_KPIS {
        let mut cells: Vec<Vec<HeatCell>> = Vec::new();
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for py in 0..ay.labels.len() {
            let mut row = Vec::new();
            for px in 0..ax.labels.len() {
                let here: Vec<usize> = shown
                    .iter()
                    .copied()
                    .filter(|&i| ax.pos[i] == Some(px) && ay.pos[i] == Some(py))
                    .collect();
                let mut v: Vec<f64> = here
                    .iter()
                    .filter(|&&i| s.solved(i))
                    .filter_map(|&i| (kpi.value)(&s.rows[i].row))
                    .filter(|v| v.is_finite())
                    .collect();
                let at = format!(
                    "{} = {}\n{} = {}",
                    ax.title, ax.labels[px], ay.title, ay.labels[py]
                );
                // A cross only where no scenario has a plan; a plan without this figure
                // (an older summary's column) leaves the cell blank.
                let planless = here.iter().all(|&i| !s.solved(i));
                row.push(if here.is_empty() || (v.is_empty() && !planless) {
                    HeatCell::Empty
                } else if v.is_empty() {
                    let i = here[0];
                    let r = &s.rows[i].row;
                    HeatCell::Missing {
                        tip: format!(
                            "{}\n{at}\n{}: {}",
                            s.label(i),
                            r.status.name(),
                            if r.explanation.is_empty() {
                                &r.reason
                            } else {
                                &r.explanation
                            }
                        ),
                    }
                } else {
                    let n = v.len();
                    let m = median(&mut v);
                    lo = lo.min(m);
                    hi = hi.max(m);
                    HeatCell::Value {
                        v: m,
                        text: kpi_text(m, kpi.unit),
                        tip: format!(
                            "{}\n{at}\n{}: {}",
                            if n == 1 {
                                s.label(here[0])
                            } else {
                                format!("median of {n} scenarios")
                            },
                            kpi.title,
                            kpi_text(m, kpi.unit)
                        ),
                    }
                });
            }
            cells.push(row);
        }
        let key = if lo <= hi {
            (kpi_text(lo, kpi.unit), kpi_text(hi, kpi.unit))
        } else {
            ("-".into(), "-".into())
        };
        let _ = write!(
            o,
            "<div class=\"plot\" data-kpi=\"{}\"><h3>{}</h3>{}</div>",
            kpi.column,
            kpi.title,
            heatmap(&Heatmap {
                label: &format!("{} by {} and {}", kpi.title, ax.title, ay.title),
                x_labels: &ax.labels,
                y_labels: &ay.labels,
                cells: &cells,
                x_title: &ax.title,
                y_title: &ay.title,
                key,
                w: 400.0,
            })
        );
    }
    o.push_str("</div></section>\n");
}

/// Without swept parameters: each KPI per scenario.
fn scenarios_section(o: &mut String, s: &Sweep) {
    let axis = Axis {
        k: usize::MAX,
        title: "scenario".into(),
        labels: (0..s.rows.len()).map(|i| s.label(i)).collect(),
        xs: None,
        pos: (0..s.rows.len()).map(Some).collect(),
        binned: false,
    };
    o.push_str("<section id=\"scenarios\" class=\"param\"><h2>Per scenario</h2>");
    o.push_str(MULTIPLES);
    for kpi in &SWEEP_KPIS {
        let (svg, _) = kpi_band(s, &axis, kpi);
        let _ = write!(
            o,
            "<div class=\"plot\" data-kpi=\"{}\"><h3>{}</h3>{svg}</div>",
            kpi.column, kpi.title
        );
    }
    o.push_str("</div></section>\n");
}

/// Which line reaches 100 % first as the parameter rises: the first value (in increasing
/// order) at which a scenario saturates a line, and the line saturated in most scenarios
/// there; else the busiest line.
fn first_saturated(s: &Sweep, a: &Axis) -> String {
    let groups = a.groups();
    for (p, rows) in groups.iter().enumerate() {
        let mut count = vec![0usize; s.lines.len()];
        for &i in rows.iter().filter(|&&i| s.solved(i)) {
            for (l, u) in s.rows[i].row.util.iter().enumerate() {
                if u.is_some_and(|u| u >= SATURATED) {
                    count[l] += 1;
                }
            }
        }
        let Some((l, &n)) = count
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .max_by_key(|(l, &n)| (n, std::cmp::Reverse(*l)))
        else {
            continue;
        };
        let others: Vec<&str> = (0..s.lines.len())
            .filter(|&m| m != l && count[m] > 0)
            .map(|m| s.lines[m].as_str())
            .collect();
        return format!(
            "Line <b>{}</b> reaches 100 % first{}: at {} = <b>{}</b> (in {} of {} there){}.",
            esc(&s.lines[l]),
            if p == 0 {
                ", already at the lowest value"
            } else {
                ""
            },
            esc(&a.title),
            esc(&a.labels[p]),
            n,
            plural(rows.len(), "scenario"),
            if others.is_empty() {
                String::new()
            } else {
                format!(", with {}", esc(&others.join(", ")))
            }
        );
    }
    let busiest = (0..s.rows.len())
        .filter(|&i| s.solved(i) && a.pos[i].is_some())
        .flat_map(|i| {
            s.rows[i]
                .row
                .util
                .iter()
                .enumerate()
                .filter_map(move |(l, u)| u.map(|u| (u, l, i)))
        })
        .max_by(|x, y| x.0.total_cmp(&y.0));
    match busiest {
        Some((u, l, i)) => format!(
            "No line reaches 100 % against {}; the busiest is <b>{}</b> at {} ({}).",
            esc(&a.title),
            esc(&s.lines[l]),
            pct(u),
            esc(&s.label(i))
        ),
        None => format!("No scenario that sets {} has a plan.", esc(&a.title)),
    }
}

/// Each line's utilisation (hours run over hours available) against each swept parameter,
/// and which line reaches 100 % first.
fn utilisation_section(o: &mut String, s: &Sweep, axes: &[Axis]) {
    if s.lines.is_empty() || axes.is_empty() {
        return;
    }
    let _ = write!(
        o,
        "<section id=\"utilisation\"><h2>Line utilisation: which line saturates first?</h2><p class=\"note\">Line-hours run over line-hours available over the horizon, per line (<code>util_&lt;line&gt;</code> in summary.csv), the median over the other parameters. Dashed: 100 %. A line at 100 % is saturated: more work goes to other lines, agency hours or the external contractor.</p>"
    );
    let lines: Vec<usize> = (0..s.lines.len()).take(PALETTE.len()).collect();
    let items: Vec<LegendItem> = lines
        .iter()
        .map(|&l| LegendItem::new(s.lines[l].clone(), PALETTE[l], Mark::Line))
        .collect();
    o.push_str(&legend(&items));
    o.push_str("<ul class=\"findings\">");
    for a in axes {
        let _ = write!(o, "<li>{}</li>", first_saturated(s, a));
    }
    o.push_str("</ul>");
    if s.lines.len() > PALETTE.len() {
        let _ = write!(
            o,
            "<p class=\"note\">The first {} of {} lines charted; every line is in summary.csv.</p>",
            PALETTE.len(),
            s.lines.len()
        );
    }
    o.push_str(MULTIPLES);
    for a in axes {
        let groups = a.groups();
        let series: Vec<BandSeries> = lines
            .iter()
            .map(|&l| {
                let pts = groups
                    .iter()
                    .enumerate()
                    .filter_map(|(p, rows)| {
                        let mut v: Vec<f64> = rows
                            .iter()
                            .filter(|&&i| s.solved(i))
                            .filter_map(|&i| s.rows[i].row.util.get(l).copied().flatten())
                            .collect();
                        if v.is_empty() {
                            return None;
                        }
                        let n = v.len();
                        let mid = median(&mut v);
                        Some(BandPt {
                            x: a.x(p),
                            lo: v[0],
                            mid,
                            hi: v[n - 1],
                            tip: format!(
                                "line {}\n{} = {}\nutilisation: median {}, {} to {}",
                                s.lines[l],
                                a.title,
                                a.labels[p],
                                pct(mid),
                                pct(v[0]),
                                pct(v[n - 1])
                            ),
                        })
                    })
                    .collect();
                BandSeries {
                    name: s.lines[l].clone(),
                    color: PALETTE[l].to_string(),
                    pts,
                }
            })
            .collect();
        let misses: Vec<Miss> = groups
            .iter()
            .enumerate()
            .filter_map(|(p, rows)| {
                let without = rows.iter().filter(|&&i| !s.solved(i)).count();
                (without > 0).then(|| Miss {
                    x: a.x(p),
                    tip: format!(
                        "{} = {}: {} without a plan",
                        a.title,
                        a.labels[p],
                        plural(without, "scenario")
                    ),
                })
            })
            .collect();
        let _ = write!(
            o,
            "<div class=\"plot\" data-kpi=\"utilisation\"><h3>Against {}</h3>{}</div>",
            esc(&a.title),
            band(&BandChart {
                label: &format!("Line utilisation against {}", a.title),
                series: &series,
                misses: &misses,
                x_cats: a.xs.is_none().then_some(&a.labels[..]),
                x_title: &a.title,
                y_title: "utilisation",
                y_percent: true,
                y_floor: Some(0.0),
                reference: Some((1.0, "100 % of the available hours")),
                w: 400.0,
                h: 220.0,
            })
        );
    }
    o.push_str("</div></section>\n");
}

/// The summary as a table (the first [`MAX_ROWS`] rows): the scenario, its parameters, its
/// status and main figures, formatted; the hash in the id's tooltip; every column is in
/// summary.csv.
fn table(o: &mut String, s: &Sweep) {
    let n = s.rows.len();
    let _ = write!(
        o,
        "<section id=\"summary-table\"><h2>Summary</h2><p class=\"note\">{} Every column (costs, each line's utilisation, timings, hashes) is in summary.csv.</p><div class=\"tablewrap\"><table><tr><th>id</th><th class=\"l\">name</th>",
        if n > MAX_ROWS {
            format!("The first {MAX_ROWS} of {n} scenarios.")
        } else {
            format!("{}.", plural(n, "scenario"))
        }
    );
    for k in 0..s.params.len() {
        let _ = write!(o, "<th{HEAD}>{}</th>", breakable(&s.param_title(k)));
    }
    o.push_str("<th class=\"l\">status</th>");
    for kpi in &SWEEP_KPIS {
        let _ = write!(o, "<th>{}</th>", kpi.title);
    }
    o.push_str("<th>busiest line</th></tr>");
    for i in 0..n.min(MAX_ROWS) {
        let r = &s.rows[i].row;
        let _ = write!(
            o,
            "<tr><td title=\"hash {}\">{}</td>{}",
            esc(&r.hash),
            r.id,
            name_cell(&r.name)
        );
        for k in 0..s.params.len() {
            let _ = write!(o, "<td>{}</td>", esc(&s.param_text(i, k)));
        }
        let bad = if s.solved(i) { "" } else { " bad" };
        let status = if r.status.has_plan() && r.check_passed == Some(false) {
            "rejected"
        } else {
            r.status.name()
        };
        let _ = write!(o, "<td class=\"l{bad}\">{}</td>", esc(status));
        for kpi in &SWEEP_KPIS {
            let v = (kpi.value)(r)
                .map(|v| kpi_text(v, kpi.unit))
                .unwrap_or_default();
            let _ = write!(o, "<td>{}</td>", esc(&v));
        }
        let busiest = r
            .util
            .iter()
            .enumerate()
            .filter_map(|(l, u)| u.map(|u| (u, l)))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let _ = write!(
            o,
            "<td>{}</td></tr>",
            busiest
                .map(|(u, l)| format!("{} {}", esc(&s.lines[l]), pct(u)))
                .unwrap_or_default()
        );
    }
    o.push_str("</table></div></section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_values_are_written_without_float_noise() {
        assert_eq!(value_text(0.1 + 0.2), "0.3");
        assert_eq!(value_text(0.30000000000000004), "0.3");
        assert_eq!(value_text(1.0), "1");
        assert_eq!(value_text(-50.0), "-50");
        assert_eq!(value_text(1234567.0), "1234567");
        assert_eq!(value_text(0.000125), "0.000125");
        assert_eq!(value_text(2.0 / 3.0), "0.666667");
        assert_eq!(value_text(0.0), "0");
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
    }
}
