//! A workbook to fill in for a plant model: the sheets an instance's `workbook` is read from
//! (`tonnage`, `prices`, `calendar`), with their headers, the tonnage rows' weeks and ids
//! written and their tonnes left empty, and a `README` sheet explaining each column and
//! listing the model's ids.
//!
//! The command line's `triplan template <model.toml> --weeks N --out FILE.xlsx` is
//! [`write_for_model`]; [`write`] is the writer alone.
//!
//! ```no_run
//! use std::path::Path;
//! triplan::input::template::write_for_model(
//!     Path::new("models/tutorial.toml"),
//!     52,
//!     Path::new("instances/mine/data.xlsx"),
//! )
//! .unwrap();
//! ```

use super::{check_sizes, read_toml, ModelFile, MAX_WEEKS};
use crate::error::Error;
use crate::validate::{limits, num};
use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// Most rows of a sheet in an `.xlsx` workbook (Excel's limit), the header's included.
pub const MAX_SHEET_ROWS: usize = 1_048_576;

/// One column of a sheet, as the README sheet explains it.
struct Column {
    sheet: &'static str,
    name: &'static str,
    meaning: &'static str,
    allowed: String,
}

/// The tables' columns and what they mean; the header rows are written from this list.
fn columns(weeks: usize) -> Vec<Column> {
    let c = |sheet, name, meaning, allowed: String| Column {
        sheet,
        name,
        meaning,
        allowed,
    };
    let week = || format!("whole number from 1 to {weeks}");
    vec![
        c("tonnage", "week", "Week of the horizon.", week()),
        c("tonnage", "area", "Collection area (an id of the model, listed below).", "area id".into()),
        c("tonnage", "stream", "Incoming stream (an id of the model, listed below).", "stream id".into()),
        c(
            "tonnage",
            "tonnes",
            "Tonnes collected in the area for the stream that week. Fill in every cell (0 for none) or delete the row; every week needs at least one row.",
            format!("number from 0 to {}", num(limits::TONNES)),
        ),
        c("prices", "week", "Optional sheet: each row overrides the model's price of a fraction at an outlet for one week. Leave only the header to keep the model's prices.", week()),
        c("prices", "outlet", "Outlet (an id of the model, listed below).", "outlet id".into()),
        c("prices", "fraction", "Fraction the outlet takes (listed below with each outlet).", "fraction id".into()),
        c(
            "prices",
            "price_eur_per_t",
            "Price paid per tonne that week (negative: a fee the plant pays).",
            format!("number from {} to {}", num(-limits::EUR_PER_T), num(limits::EUR_PER_T)),
        ),
        c("calendar", "week", "Optional sheet: each row sets a site's hours for one week; weeks without a row keep the normal hours.", week()),
        c("calendar", "site", "Site (an id of the model, listed below).", "site id".into()),
        c(
            "calendar",
            "availability",
            "Share of the site's normal hours available that week (0.8 for a public holiday, 0 when closed).",
            "number from 0 to 1".into(),
        ),
    ]
}

/// Reads the plant model at `model_path`, checks it, and writes its template for `weeks`
/// weeks to `out` ([`write`]).
pub fn write_for_model(model_path: &Path, weeks: usize, out: &Path) -> Result<(), Error> {
    let ext = out.extension().map(|e| e.to_string_lossy().to_lowercase());
    if ext.as_deref() != Some("xlsx") {
        return Err(Error::Usage(format!(
            "{}: --out names {}, expected a file name ending in .xlsx (the template is an Excel workbook; instance.toml then names it in `workbook`)",
            out.display(),
            ext.map_or("no extension".to_string(), |e| format!("a .{e} file"))
        )));
    }
    let model: ModelFile = read_toml(model_path)?;
    check_sizes(model_path, &model)?;
    crate::validate::validate_model(model_path, &model)?;
    write(&model, weeks, out)
}

/// Writes the template workbook for `model` and a horizon of `weeks` weeks at `out`: a
/// `README` sheet, then `tonnage` with one row per week, area and stream (in the model's
/// order, tonnes empty), `prices` and `calendar` with their headers only. The ids are taken
/// as written; [`write_for_model`] checks the model first. Never overwrites a file: `out`
/// must not exist.
pub fn write(model: &ModelFile, weeks: usize, out: &Path) -> Result<(), Error> {
    let (na, ns) = (model.areas.len(), model.streams.len());
    let rows = weeks.checked_mul(na).and_then(|r| r.checked_mul(ns));
    let refused = |m: String| Err(Error::Usage(format!("a template's weeks: {m}")));
    if !(1..=MAX_WEEKS).contains(&weeks) {
        return refused(format!("got {weeks}, expected 1 to {MAX_WEEKS} weeks"));
    }
    match rows {
        Some(r) if r < MAX_SHEET_ROWS => {}
        _ => {
            return refused(format!(
                "{weeks} weeks x {na} areas x {ns} streams are more tonnage rows than a sheet holds ({})",
                MAX_SHEET_ROWS - 1
            ))
        }
    }
    let err = |e: XlsxError| Error::Io {
        path: out.to_path_buf(),
        source: match e {
            XlsxError::IoError(io) => io,
            other => std::io::Error::other(other.to_string()),
        },
    };
    let mut wb = Workbook::new();
    let bold = Format::new()
        .set_bold()
        .set_background_color("#DDE4EE")
        .set_border_bottom(FormatBorder::Thin);
    let columns = columns(weeks);
    readme(wb.add_worksheet(), model, weeks, &columns, &bold).map_err(err)?;
    for sheet in ["tonnage", "prices", "calendar"] {
        let ws = wb.add_worksheet();
        ws.set_name(sheet).map_err(err)?;
        for (c, col) in columns.iter().filter(|c| c.sheet == sheet).enumerate() {
            ws.write_string_with_format(0, c as u16, col.name, &bold)
                .map_err(err)?;
            ws.set_column_width(c as u16, 18).map_err(err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
        if sheet == "tonnage" {
            tonnage_rows(ws, model, weeks).map_err(err)?;
        }
    }
    let bytes = wb.save_to_buffer().map_err(err)?;
    let io = |source| Error::Io {
        path: out.to_path_buf(),
        source,
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Error::Usage(format!(
                "{} exists, expected a new file: a template never overwrites a file (remove it or choose another --out)",
                out.display()
            )),
            _ => io(e),
        })?;
    std::io::Write::write_all(&mut file, &bytes).map_err(io)
}

/// One row per week, area and stream, tonnes left empty.
fn tonnage_rows(ws: &mut Worksheet, m: &ModelFile, weeks: usize) -> Result<(), XlsxError> {
    let mut row = 1u32;
    for w in 1..=weeks {
        for a in &m.areas {
            for s in &m.streams {
                ws.write_number(row, 0, w as f64)?;
                ws.write_string(row, 1, &a.id)?;
                ws.write_string(row, 2, &s.id)?;
                row += 1;
            }
        }
    }
    Ok(())
}

/// The README sheet: how to use the workbook, each column, the model's ids.
fn readme(
    ws: &mut Worksheet,
    m: &ModelFile,
    weeks: usize,
    columns: &[Column],
    bold: &Format,
) -> Result<(), XlsxError> {
    ws.set_name("README")?;
    for (c, w) in [12, 18, 90, 28].into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    let mut r = 0u32;
    let mut line = |ws: &mut Worksheet, cells: &[&str], f: Option<&Format>| {
        for (c, text) in cells.iter().enumerate() {
            match f {
                Some(f) => ws.write_string_with_format(r, c as u16, *text, f),
                None => ws.write_string(r, c as u16, *text),
            }?;
        }
        r += 1;
        Ok::<_, XlsxError>(())
    };
    let title = format!("Weekly data for {} over {weeks} weeks", m.plant.name);
    line(ws, &[&title], Some(bold))?;
    for text in [
        "Fill in the sheets tonnage (required), prices and calendar (optional), then name this workbook in the instance's instance.toml:",
        "    workbook = \"<this file's name>.xlsx\"    (with name = \"...\", model = \"<the model's .toml>\" and weeks = ...)",
        "    first_monday = \"2026-01-05\"    (optional: the Monday week 1 starts on, YYYY-MM-DD; reports then give each week's ISO week and date)",
        "Each sheet's first row names its columns (any order). Cells are numbers or text; dates are refused. Rows whose first cell starts with # are skipped.",
        "One row per key at most: a second row for the same week and ids is refused. triplan validate <instance> lists every problem with its sheet and row.",
        "",
    ] {
        line(ws, &[text], None)?;
    }
    line(
        ws,
        &["sheet", "column", "meaning", "allowed values"],
        Some(bold),
    )?;
    for c in columns {
        line(ws, &[c.sheet, c.name, c.meaning, &c.allowed], None)?;
    }
    line(ws, &[""], None)?;
    line(
        ws,
        &["ids", "", "the model's ids, as the sheets write them"],
        Some(bold),
    )?;
    let ids = |v: Vec<&str>| v.join(", ");
    line(
        ws,
        &[
            "site",
            "",
            &ids(m.sites.iter().map(|x| x.id.as_str()).collect()),
        ],
        None,
    )?;
    line(
        ws,
        &[
            "area",
            "",
            &ids(m.areas.iter().map(|x| x.id.as_str()).collect()),
        ],
        None,
    )?;
    line(
        ws,
        &[
            "stream",
            "",
            &ids(m.streams.iter().map(|x| x.id.as_str()).collect()),
        ],
        None,
    )?;
    for o in &m.outlets {
        let takes = ids(o.prices_eur_per_t.keys().map(String::as_str).collect());
        line(
            ws,
            &["outlet", &o.id, &format!("takes the fractions {takes}")],
            None,
        )?;
    }
    Ok(())
}
