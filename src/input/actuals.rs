//! The actuals table as written: one long table `week,quantity,site,id,detail,value` (README
//! "Actuals"), from a CSV file (`,` separators with decimal points, or `;` with decimal
//! commas) or the `actuals` sheet of a workbook. Rows are kept as text with their line;
//! [`crate::validate::actuals`] gives them meaning against the instance.

use super::workbook::{is_workbook, sheet_label};
use super::MAX_TOML_BYTES;
use crate::error::Problem;
use calamine::{Data, Reader, Xlsx};
use std::path::{Path, PathBuf};

/// The columns of an actuals table, in the order rows are read.
pub const ACTUALS_COLUMNS: [&str; 6] = ["week", "quantity", "site", "id", "detail", "value"];

/// Most rows of an actuals table (a year of a large plant's actuals is about 100 000).
pub const MAX_ACTUAL_ROWS: usize = 5_000_000;

/// Largest actuals CSV file read: 64 times the largest TOML file.
const MAX_ACTUALS_BYTES: u64 = 64 * MAX_TOML_BYTES;

/// One row of the table: its line (or sheet row), and its cells in the order of
/// [`ACTUALS_COLUMNS`], trimmed; a `;` file's decimal comma is already a decimal point.
#[derive(Debug, Clone, PartialEq)]
pub struct ActualRow {
    /// 1-based line of the file (row of the sheet).
    pub line: usize,
    /// `week, quantity, site, id, detail, value`.
    pub cells: [String; 6],
}

/// An actuals table read from disk, not yet validated.
#[derive(Debug, Clone, PartialEq)]
pub struct RawActuals {
    /// How messages name the table: the CSV file's path, or `<workbook>, sheet actuals`.
    pub source: PathBuf,
    /// The rows, in file order.
    pub rows: Vec<ActualRow>,
    /// Problems found while reading (no header, a wrong header, a row of the wrong width,
    /// a file that cannot be read).
    pub problems: Vec<Problem>,
}

/// Reads an actuals table: the sheet `actuals` of a workbook (a name ending in `.xlsx`), else a
/// CSV file. Never fails: what could not be read is in [`RawActuals::problems`].
pub fn read_actuals(path: &Path) -> RawActuals {
    match is_workbook(path) {
        Ok(true) => read_sheet(path),
        Ok(false) => read_csv(path),
        Err(m) => RawActuals {
            source: path.to_path_buf(),
            rows: Vec::new(),
            problems: vec![Problem::file(path, m)],
        },
    }
}

/// The header's column positions, or the problem with it.
fn columns(names: &[String], source: &Path, line: usize) -> Result<[usize; 6], Problem> {
    let mut at = [0; 6];
    let mut missing = Vec::new();
    for (i, c) in ACTUALS_COLUMNS.iter().enumerate() {
        match names.iter().position(|n| n.trim().eq_ignore_ascii_case(c)) {
            Some(p) => at[i] = p,
            None => missing.push(*c),
        }
    }
    if missing.is_empty() {
        Ok(at)
    } else {
        Err(Problem::row(
            source,
            line,
            "header",
            format!(
                "got the header \"{}\", missing {}; expected the columns {}",
                names.join(","),
                missing.join(", "),
                ACTUALS_COLUMNS.join(",")
            ),
        ))
    }
}

fn refused(source: &Path, p: Problem) -> RawActuals {
    RawActuals {
        source: source.to_path_buf(),
        rows: Vec::new(),
        problems: vec![p],
    }
}

fn too_many(source: &Path, line: usize) -> Problem {
    Problem::row(
        source,
        line,
        "week",
        format!("more than {MAX_ACTUAL_ROWS} rows, expected at most {MAX_ACTUAL_ROWS} (reading stopped here)"),
    )
}

fn read_csv(path: &Path) -> RawActuals {
    let expected = ACTUALS_COLUMNS.join(",");
    let text = match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_ACTUALS_BYTES => {
            return refused(
                path,
                Problem::file(
                    path,
                    format!("{} bytes, expected at most {MAX_ACTUALS_BYTES}", m.len()),
                ),
            )
        }
        _ => match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                return refused(
                    path,
                    Problem::file(
                        path,
                        format!(
                        "cannot read file: {e} (expected a CSV file with the header {expected})"
                    ),
                    ),
                )
            }
        },
    };
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&text);
    let (header_line, header) = text
        .split(|&b| b == b'\n')
        .map(|l| l.trim_ascii())
        .enumerate()
        .find(|(_, l)| !l.is_empty() && !l.starts_with(b"#"))
        .map_or((1, &b""[..]), |(i, l)| (i + 1, l));
    let sep = if header.contains(&b';') && !header.contains(&b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(text);
    let names: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => {
            return refused(
                path,
                Problem::file(
                    path,
                    format!("cannot read the header: {e}, expected {expected}"),
                ),
            )
        }
    };
    let at = match columns(&names, path, header_line) {
        Ok(a) => a,
        Err(p) => return refused(path, p),
    };
    let mut out = RawActuals {
        source: path.to_path_buf(),
        rows: Vec::new(),
        problems: Vec::new(),
    };
    let mut rec = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                out.problems.push(Problem::row(
                    path,
                    line,
                    "week",
                    format!("{e}, expected the columns {expected}"),
                ));
                continue;
            }
        }
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.len() != names.len() {
            out.problems.push(Problem::row(
                path,
                line,
                "week",
                format!(
                    "got {} cells, expected {} (the columns {expected}, separated by '{}')",
                    rec.len(),
                    names.len(),
                    sep as char
                ),
            ));
            continue;
        }
        if out.rows.len() == MAX_ACTUAL_ROWS {
            out.problems.push(too_many(path, line));
            break;
        }
        let cell = |i: usize| rec.get(at[i]).unwrap_or("").to_string();
        let mut value = cell(5);
        if sep == b';' {
            value = value.replace(',', ".");
        }
        out.rows.push(ActualRow {
            line,
            cells: [cell(0), cell(1), cell(2), cell(3), cell(4), value],
        });
    }
    out
}

/// A cell's text, or what is wrong with it.
fn cell_text(v: &Data) -> Result<String, String> {
    match v {
        Data::Empty => Ok(String::new()),
        Data::Int(i) => Ok(i.to_string()),
        Data::Float(f) => Ok(f.to_string()),
        Data::String(s) => Ok(s.trim().to_string()),
        _ => Err("got a date, time, TRUE/FALSE or error cell, expected a number or text".into()),
    }
}

fn read_sheet(workbook: &Path) -> RawActuals {
    let label = sheet_label(workbook, "actuals");
    let mut wb: Xlsx<_> = match calamine::open_workbook(workbook) {
        Ok(wb) => wb,
        Err(e) => {
            return refused(
                workbook,
                Problem::file(
                    workbook,
                    format!("cannot read the workbook: {e}; expected an .xlsx workbook"),
                ),
            )
        }
    };
    let range = match wb.worksheet_range("actuals") {
        Ok(r) => r,
        Err(e) => {
            return refused(
                workbook,
                Problem::file(
                    workbook,
                    format!(
                        "cannot read the sheet actuals ({e}); expected a sheet actuals with the columns {}",
                        ACTUALS_COLUMNS.join(",")
                    ),
                ),
            )
        }
    };
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut out = RawActuals {
        source: label.clone(),
        rows: Vec::new(),
        problems: Vec::new(),
    };
    let mut at: Option<[usize; 6]> = None;
    for (i, row) in range.rows().enumerate() {
        let number = first_row + i + 1;
        let cells: Vec<Result<String, String>> = row.iter().map(cell_text).collect();
        let texts: Vec<String> = cells
            .iter()
            .map(|c| c.clone().unwrap_or_default())
            .collect();
        if texts.iter().all(String::is_empty) || texts[0].starts_with('#') {
            continue;
        }
        let Some(cols) = at else {
            match columns(&texts, &label, number) {
                Ok(c) => at = Some(c),
                Err(p) => return refused(&label, p),
            }
            continue;
        };
        let bad = cols
            .iter()
            .enumerate()
            .find_map(|(j, &c)| match cells.get(c) {
                Some(Err(m)) => Some((j, m.clone())),
                _ => None,
            });
        if let Some((j, m)) = bad {
            out.problems
                .push(Problem::row(&label, number, ACTUALS_COLUMNS[j], m));
            continue;
        }
        if out.rows.len() == MAX_ACTUAL_ROWS {
            out.problems.push(too_many(&label, number));
            break;
        }
        let cell = |j: usize| texts.get(cols[j]).cloned().unwrap_or_default();
        out.rows.push(ActualRow {
            line: number,
            cells: [cell(0), cell(1), cell(2), cell(3), cell(4), cell(5)],
        });
    }
    if at.is_none() {
        out.problems.push(Problem::file(
            &label,
            format!(
                "no header, expected the columns {}",
                ACTUALS_COLUMNS.join(",")
            ),
        ));
    }
    out
}
