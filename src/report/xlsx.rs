//! The plan as an Excel workbook: a Summary sheet (run, costs, key figures, recovery per
//! category, lines, staff), a Social sheet (the social balance sheet and the staff week by
//! week), a Mission sheet (`--mission`) and a Pathways sheet (a plant with partner openings:
//! the funders' exit categories and the `--lasting-curve`), then one sheet per other plan table ([`super::tables`]), with the same columns as the
//! CSV files: numbers as numbers, a frozen header row with filters.

use super::tables::{clean, tables, Cell, Table};
use crate::check::Costs;
use crate::kpi::Kpis;
use crate::plant::{Instance, Plant};
use crate::{Solved, Status};
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// Sizing a table sheet's columns reads at most this many rows.
const WIDTH_SAMPLE: usize = 2000;

struct Formats {
    bold: Format,
    header: Format,
    week: Format,
    number: Format,
    eur: Format,
    share: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            bold: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_background_color("#DDE4EE")
                .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin),
            week: Format::new().set_num_format("0"),
            number: Format::new().set_num_format("#,##0.0##"),
            eur: Format::new().set_num_format("#,##0"),
            share: Format::new().set_num_format("0.0%"),
        }
    }
}

fn status_name(st: Status) -> String {
    st.name().to_string()
}

/// Writes the run as an `.xlsx` workbook at `path`: a `Summary` sheet, a `Social` sheet (the
/// tables [`SOCIAL_TABLES`]), then one sheet per other plan table, named like the CSV files
/// (`processing`, `staff_hours`, ...). Without a plan, only the Summary sheet, which says why.
pub fn write_xlsx(inst: &Instance, s: &Solved, path: &Path) -> Result<(), crate::Error> {
    let err = |e: XlsxError| crate::Error::Io {
        path: path.to_path_buf(),
        source: match e {
            XlsxError::IoError(io) => io,
            other => std::io::Error::other(other.to_string()),
        },
    };
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} — {}", inst.plant.name, inst.name))
            .set_comment(format!(
                "Plan written by triplan {}",
                env!("CARGO_PKG_VERSION")
            )),
    );
    let f = Formats::new();
    summary(wb.add_worksheet(), inst, s, &f).map_err(err)?;
    if let Some(plan) = &s.plan {
        let tabs = tables(inst, plan);
        social_sheet(wb.add_worksheet(), &tabs, &f).map_err(err)?;
        if let Some(m) = s.mission.as_deref() {
            mission_sheet(wb.add_worksheet(), m, &f).map_err(err)?;
        }
        if let Some(w) = s.check.as_ref().and_then(|c| c.to_work.as_ref()) {
            pathways_sheet(wb.add_worksheet(), w, s.lasting_curve.as_deref(), &f).map_err(err)?;
        }
        for t in tabs.iter().filter(|t| !SOCIAL_TABLES.contains(&t.name)) {
            table_sheet(wb.add_worksheet(), t, &f).map_err(err)?;
        }
    }
    wb.save(path).map_err(err)
}

/// The `Pathways` sheet: the funders' categories of the horizon's exits, then the trade-off
/// curve of `solve --lasting-curve` (the openings, skills and trainees have their own sheets).
fn pathways_sheet(
    ws: &mut Worksheet,
    w: &crate::check::ToWork,
    curve: Option<&crate::lasting::LastingCurve>,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name("Pathways")?;
    ws.set_column_width(0, 36)?;
    for c in 1..6 {
        ws.set_column_width(c, 16)?;
    }
    let mut sh = Sheet { ws, row: 0, f };
    let c = &w.categories;
    sh.title("Exits by the funders' categories (persons; the open market at the input rates)")?;
    sh.header(&["category", "persons"])?;
    for (name, x) in [
        ("lasting employment", c.lasting),
        ("transitional employment", c.transitional),
        ("positive exits (training)", c.positive),
        ("other exits", c.other),
        ("exits", c.exits),
        ("of which placed with partner firms", c.placements),
    ] {
        sh.cells(&[t(name), V::Num(x)])?;
    }
    let asked: f64 = w.openings.iter().map(|o| o.count).sum();
    let placed: f64 = w.openings.iter().map(|o| o.placed).sum();
    sh.cells(&[t("places asked for by the partners"), V::Num(asked)])?;
    sh.cells(&[t("places filled"), V::Num(placed)])?;
    let Some(k) = curve else {
        return Ok(());
    };
    sh.title("What each extra lasting exit costs (each point a solved and checked plan)")?;
    sh.header(&[
        "least lasting exits",
        "status",
        "lasting exits",
        "placements",
        "cost EUR",
        "EUR per extra lasting exit",
    ])?;
    let num = |x: Option<f64>| x.map_or(V::Share(None), V::Num);
    for p in &k.points {
        sh.cells(&[
            p.target.map_or(t("(the plan)"), V::Num),
            t(&p.status),
            num(p.lasting),
            num(p.placements),
            p.cost_eur.map_or(V::Share(None), V::Eur),
            p.eur_per_extra_lasting_exit.map_or(V::Share(None), V::Eur),
        ])?;
    }
    Ok(())
}

/// The `Mission` sheet: the cost of the social mission term by term, each with what it is,
/// then its range (`solve --mission`).
fn mission_sheet(
    ws: &mut Worksheet,
    m: &crate::mission::MissionCost,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name("Mission")?;
    ws.set_column_width(0, 50)?;
    ws.set_column_width(1, 14)?;
    ws.set_column_width(2, 100)?;
    let unit = crate::mission::money(m.price_year);
    let mut sh = Sheet { ws, row: 0, f };
    sh.title(&format!(
        "Cost of the social mission against the same plant run as a classic firm ({}), {unit}",
        m.without_status
    ))?;
    sh.header(&["term", "EUR", "what it is"])?;
    sh.cells(&[
        t("plan with the mission"),
        V::Eur(m.with_eur),
        t("opening permanent staff and supervisors chosen, as for the classic firm"),
    ])?;
    sh.cells(&[t("plan of the classic firm"), V::Eur(m.without_eur), t("")])?;
    for term in &m.breakdown {
        sh.cells(&[t(term.label), V::Eur(term.eur), t(&term.note)])?;
    }
    sh.cells(&[
        t("extra cost of the mission"),
        V::Eur(m.extra_eur),
        t("the sum of the terms"),
    ])?;
    let per = |x: Option<f64>| x.map_or(V::Share(None), V::Eur);
    sh.cells(&[
        t("per insertion FTE-year"),
        per(m.eur_per_fte_year),
        t(&format!("{:.1} FTE-years", m.insertion_fte_years)),
    ])?;
    sh.cells(&[
        t("per exit to employment"),
        per(m.eur_per_exit_to_employment),
        t(&format!(
            "{:.1} of {:.0} exits",
            m.exits_to_employment, m.exits
        )),
    ])?;
    sh.cells(&[
        t("per lasting exit"),
        per(m.eur_per_lasting_exit),
        t(&format!("{:.1} lasting exits", m.lasting_exits)),
    ])?;
    sh.cells(&[
        t("outside it: the opening staff as given"),
        V::Eur(m.opening_transition_eur),
        t("the reported plan's cost less the plan with the opening staff chosen"),
    ])?;
    if !m.range.is_empty() {
        sh.title(
            "Range: each input alone at its low and high value, each a solved and checked plan",
        )?;
        sh.header(&[
            "input",
            "central",
            "low",
            "high",
            "extra cost, low",
            "extra cost, high",
        ])?;
        for r in &m.range {
            sh.cells(&[
                t(r.label),
                V::Num(r.central),
                V::Num(r.low),
                V::Num(r.high),
                per(r.low_extra_eur),
                per(r.high_extra_eur),
            ])?;
        }
    }
    Ok(())
}

/// The tables the `Social` sheet holds (not repeated as sheets of their own).
pub const SOCIAL_TABLES: [&str; 2] = ["social_balance", "staff_weeks"];

/// The `Social` sheet: the social balance sheet, then the staff of every group week by week,
/// each under a title, with the columns of their CSV files.
fn social_sheet(ws: &mut Worksheet, tabs: &[Table], f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("Social")?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 34)?;
    for c in 2..12 {
        ws.set_column_width(c, 14)?;
    }
    let mut sh = Sheet { ws, row: 0, f };
    for (name, title) in [
        ("social_balance", "Social balance sheet (over the horizon; reference: what the figure is measured against)"),
        ("staff_weeks", "Staff week by week"),
    ] {
        let Some(t) = tabs.iter().find(|t| t.name == name) else {
            continue;
        };
        sh.title(title)?;
        sh.header(&t.columns)?;
        for r in &t.rows {
            let cells: Vec<V> = r
                .iter()
                .map(|c| match c {
                    Cell::Text(s) => V::Text(s.clone()),
                    Cell::Num(x) => V::Num(*x),
                    Cell::Empty => V::Share(None),
                })
                .collect();
            sh.cells(&cells)?;
        }
    }
    Ok(())
}

fn table_sheet(ws: &mut Worksheet, t: &Table, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(t.name)?;
    let mut widths: Vec<usize> = t.columns.iter().map(|c| c.len()).collect();
    for (c, name) in t.columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, &f.header)?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        let rr = (r + 1) as u32;
        for (c, cell) in row.iter().enumerate() {
            let cc = c as u16;
            let len = match cell {
                Cell::Text(s) => {
                    ws.write_string(rr, cc, s)?;
                    s.chars().count()
                }
                Cell::Empty => 0,
                Cell::Num(x) => {
                    let fmt = if t.columns[c] == "week" {
                        &f.week
                    } else {
                        &f.number
                    };
                    ws.write_number_with_format(rr, cc, *x, fmt)?;
                    format!("{:.3}", x).len() + 1
                }
            };
            if r < WIDTH_SAMPLE {
                widths[c] = widths[c].max(len);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w as f64 + 3.0).clamp(8.0, 50.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    if !t.columns.is_empty() {
        ws.autofilter(0, 0, t.rows.len() as u32, (t.columns.len() - 1) as u16)?;
    }
    Ok(())
}

/// A cursor over the Summary sheet.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    row: u32,
    f: &'a Formats,
}

/// A value of the Summary sheet.
enum V {
    Text(String),
    Num(f64),
    Eur(f64),
    Share(Option<f64>),
}

impl Sheet<'_> {
    fn title(&mut self, text: &str) -> Result<(), XlsxError> {
        if self.row > 0 {
            self.row += 1;
        }
        self.ws
            .write_string_with_format(self.row, 0, text, &self.f.bold)?;
        self.row += 1;
        Ok(())
    }
    fn header(&mut self, cols: &[&str]) -> Result<(), XlsxError> {
        for (c, name) in cols.iter().enumerate() {
            self.ws
                .write_string_with_format(self.row, c as u16, *name, &self.f.header)?;
        }
        self.row += 1;
        Ok(())
    }
    fn cells(&mut self, values: &[V]) -> Result<(), XlsxError> {
        for (c, v) in values.iter().enumerate() {
            let c = c as u16;
            match v {
                V::Text(s) => {
                    self.ws.write_string(self.row, c, s)?;
                }
                V::Num(x) => {
                    self.ws
                        .write_number_with_format(self.row, c, clean(*x), &self.f.number)?;
                }
                V::Eur(x) => {
                    self.ws
                        .write_number_with_format(self.row, c, clean(*x), &self.f.eur)?;
                }
                V::Share(Some(x)) => {
                    self.ws
                        .write_number_with_format(self.row, c, *x, &self.f.share)?;
                }
                V::Share(None) => {}
            }
        }
        self.row += 1;
        Ok(())
    }
    fn item(&mut self, name: &str, v: V, unit: &str) -> Result<(), XlsxError> {
        self.cells(&[V::Text(name.into()), v, V::Text(unit.into())])
    }
}

fn t(s: &str) -> V {
    V::Text(s.to_string())
}

/// The Summary sheet: the run, then (with a plan) costs, key figures, recovery, lines, staff
/// and shipments, one block each.
fn summary(ws: &mut Worksheet, inst: &Instance, s: &Solved, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("Summary")?;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 44)?;
    for c in 2..14 {
        ws.set_column_width(c, 15)?;
    }
    let mut sh = Sheet { ws, row: 0, f };
    run(&mut sh, inst, s)?;
    let Some(plan) = &s.plan else {
        return no_plan(&mut sh, s.status);
    };
    let checked = super::checked(inst, s, plan);
    let (k, p) = (&checked.kpis, &inst.plant);
    costs(&mut sh, &checked.costs, inst.plant.price_year)?;
    key_figures(&mut sh, p, k)?;
    recovery(&mut sh, k)?;
    lines(&mut sh, p, k)?;
    staff(&mut sh, p, k)?;
    shipped(&mut sh, p, k)
}

/// Run: plant, instance, solver status and the checker's verdict.
fn run(sh: &mut Sheet, inst: &Instance, s: &Solved) -> Result<(), XlsxError> {
    sh.title("Run")?;
    sh.header(&["item", "value", "unit"])?;
    sh.item("plant", t(&inst.plant.name), "")?;
    sh.item("instance", t(&inst.name), "")?;
    sh.item("weeks", V::Num(inst.weeks as f64), "weeks")?;
    sh.item("status", t(&status_name(s.status)), "")?;
    sh.item(
        "solver",
        V::Text(format!("{} ({})", s.backend.label(), s.solver_status)),
        "",
    )?;
    if let Some(n) = &s.engine_note {
        sh.item("faster engines passed over", t(n), "")?;
    }
    if let Some(g) = s.mip_gap {
        sh.item("MIP gap", V::Num(g), "relative")?;
    }
    sh.item("LP relaxation", t(if s.relaxed { "yes" } else { "no" }), "")?;
    if let Some(obj) = s.objective {
        sh.item(
            "objective (net cost)",
            V::Eur(obj),
            &crate::mission::money(inst.plant.price_year),
        )?;
    }
    match &s.check {
        Some(c) => {
            sh.item(
                "checker",
                t(if c.passed { "passed" } else { "REJECTED" }),
                "",
            )?;
            sh.item("largest violation", V::Num(c.max_violation), "scaled")?;
            sh.item("violations", V::Num(c.violation_count as f64), "")
        }
        None => sh.item("checker", t("no plan to check"), ""),
    }
}

/// Why there is no plan, from the status.
fn no_plan(sh: &mut Sheet, status: Status) -> Result<(), XlsxError> {
    sh.item(
        "no plan",
        t(match status {
            Status::Infeasible => "the model is infeasible",
            Status::Unbounded => "the model is unbounded",
            Status::InfeasibleOrUnbounded => "the model is infeasible or unbounded",
            _ => "a limit was hit before a feasible plan was found",
        }),
        "",
    )
}

/// One row per cost term.
fn costs(sh: &mut Sheet, c: &Costs, price_year: Option<i32>) -> Result<(), XlsxError> {
    sh.title("Costs over the horizon (revenue and aid negative)")?;
    sh.header(&["term", &crate::mission::money(price_year)])?;
    for (_, name, v) in c.terms() {
        sh.cells(&[t(name), V::Eur(v)])?;
    }
    Ok(())
}

/// Tonnes, plant-wide rates against targets, and the social figures.
fn key_figures(sh: &mut Sheet, p: &Plant, k: &Kpis) -> Result<(), XlsxError> {
    sh.title("Key figures")?;
    sh.header(&["figure", "value", "unit"])?;
    sh.item("collected", V::Num(k.supply_t), "tonnes")?;
    sh.item("processed", V::Num(k.processed_t), "tonnes")?;
    sh.item("external contractor", V::Num(k.external_t), "tonnes")?;
    sh.item("recovery rate", V::Share(k.recovery_rate), "share")?;
    sh.item("recovery target", V::Share(p.recovery_target), "share")?;
    sh.item("recycling rate", V::Share(k.recycling_rate), "share")?;
    sh.item("recycling target", V::Share(p.recycling_target), "share")?;
    sh.item(
        "insertion share of production hours",
        V::Share(k.insertion_share),
        "share",
    )?;
    sh.item(
        "least insertion share",
        V::Share(Some(p.social.insertion_share_min)),
        "share",
    )?;
    let b = &k.social;
    sh.item(
        "insertion headcount (largest week, summed over sites)",
        V::Num(k.insertion_headcount),
        "persons",
    )?;
    sh.item(
        "insertion FTE used over the horizon",
        V::Num(b.insertion_fte.horizon),
        "FTE",
    )?;
    if let Some(posts) = p.social.funded_posts {
        sh.item("agreed insertion posts", V::Num(posts), "FTE")?;
    }
    sh.item("state aid received", V::Eur(b.aid.received_eur), "EUR")?;
    if let Some(cap) = b.aid.cap_eur {
        sh.item("state aid cap", V::Eur(cap), "EUR")?;
    }
    sh.item(
        "people accompanied",
        V::Num(b.pathways.accompanied),
        "persons",
    )
}

/// Recovery and recycling per category, then the whole plant.
fn recovery(sh: &mut Sheet, k: &Kpis) -> Result<(), XlsxError> {
    sh.title("Recovery and recycling by category")?;
    sh.header(&[
        "category",
        "name",
        "processed_tonnes",
        "external_tonnes",
        "accountable_tonnes",
        "recovered_tonnes",
        "recycled_tonnes",
        "recovery_rate",
        "recovery_target",
        "recycling_rate",
        "recycling_target",
    ])?;
    for r in k.recovery.iter() {
        sh.cells(&[
            t(&r.id),
            t(&r.name),
            V::Num(r.processed_t),
            V::Num(r.external_t),
            V::Num(r.accountable_t),
            V::Num(r.recovered_t),
            V::Num(r.recycled_t),
            V::Share(r.recovery_rate),
            V::Share(r.recovery_target),
            V::Share(r.recycling_rate),
            V::Share(r.recycling_target),
        ])?;
    }
    Ok(())
}

/// Tonnes, hours and utilisation per line.
fn lines(sh: &mut Sheet, p: &Plant, k: &Kpis) -> Result<(), XlsxError> {
    sh.title("Lines")?;
    sh.header(&[
        "line",
        "name",
        "processed_tonnes",
        "line_hours",
        "available_hours",
        "utilisation",
    ])?;
    for (l, line) in k.lines.iter().zip(&p.lines) {
        sh.cells(&[
            t(&l.id),
            t(&line.named.name),
            V::Num(l.processed_t),
            V::Num(l.hours),
            V::Num(l.available_h),
            V::Share(Some(l.utilisation)),
        ])?;
    }
    Ok(())
}

/// Headcount, paid and worked hours, and hours per shift of every staff kind.
fn staff(sh: &mut Sheet, p: &Plant, k: &Kpis) -> Result<(), XlsxError> {
    sh.title("Staff (all sites)")?;
    let mut cols: Vec<String> = ["kind", "headcount", "paid_hours", "worked_hours"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    cols.extend(p.shifts.iter().map(|h| format!("hours_{}", h.named.id)));
    sh.header(&cols.iter().map(String::as_str).collect::<Vec<_>>())?;
    for st in &k.staff {
        let mut v = vec![
            t(st.kind.name()),
            V::Num(st.headcount),
            V::Num(st.paid_h),
            V::Num(st.worked_h),
        ];
        v.extend(st.worked_h_by_shift.iter().map(|h| V::Num(*h)));
        sh.cells(&v)?;
    }
    Ok(())
}

/// Tonnes shipped per outlet.
fn shipped(sh: &mut Sheet, p: &Plant, k: &Kpis) -> Result<(), XlsxError> {
    sh.title("Tonnes shipped per outlet")?;
    sh.header(&["outlet", "name", "tonnes"])?;
    for ((id, tonnes), out) in k.shipped_t.iter().zip(&p.outlets) {
        sh.cells(&[t(id), t(&out.named.name), V::Num(*tonnes)])?;
    }
    Ok(())
}
