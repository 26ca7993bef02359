//! The actuals table as written: one long table `week,quantity,site,id,detail,value` (README
//! "Actuals"), from a CSV file (`,` separators with decimal points, or `;` with decimal
//! commas) or the `actuals` sheet of a workbook. Rows are kept as text with their line;
//! [`crate::validate::actuals`] gives them meaning against the instance.

use super::delimited::Decimals;
use super::text::{lines, read_text};
use super::workbook::{header, is_workbook, sheet_label, stream_sheet, Sheet};
use super::MAX_TOML_BYTES;
use crate::error::Problem;
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

/// The header's column positions, or the problem with it: the six columns, each once and
/// nothing else, in any order (the rule of every series file).
fn columns(names: &[String], source: &Path, line: usize) -> Result<[usize; 6], Problem> {
    let mut at = [0; 6];
    let mut missing = Vec::new();
    for (i, c) in ACTUALS_COLUMNS.iter().enumerate() {
        match names.iter().position(|n| n.trim() == *c) {
            Some(p) => at[i] = p,
            None => missing.push(*c),
        }
    }
    let mut seen = Vec::new();
    let mut repeated = Vec::new();
    let mut unknown = Vec::new();
    for n in names.iter().map(|n| n.trim()) {
        if !ACTUALS_COLUMNS.contains(&n) {
            unknown.push(format!("\"{n}\""));
        } else if seen.contains(&n) {
            repeated.push(n);
        } else {
            seen.push(n);
        }
    }
    let mut wrong = Vec::new();
    if !missing.is_empty() {
        wrong.push(format!("missing {}", missing.join(", ")));
    }
    if !repeated.is_empty() {
        wrong.push(format!("{} more than once", repeated.join(", ")));
    }
    if !unknown.is_empty() {
        wrong.push(format!("unknown column(s) {}", unknown.join(", ")));
    }
    if wrong.is_empty() {
        return Ok(at);
    }
    let got = if names.iter().all(|n| n.trim().is_empty()) {
        "an empty header".to_string()
    } else {
        format!("the header \"{}\"", names.join(","))
    };
    Err(Problem::row(
        source,
        line,
        "header",
        format!(
            "got {got}: {}; expected the columns {} (each once)",
            wrong.join("; "),
            ACTUALS_COLUMNS.join(",")
        ),
    ))
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
    let text = match read_text(path, MAX_ACTUALS_BYTES) {
        Ok(t) => t,
        Err(m) => {
            return refused(
                path,
                Problem::file(
                    path,
                    format!("{m} (expected a CSV file with the header {expected})"),
                ),
            )
        }
    };
    let text = &text[..];
    let (header_line, header) = lines(text)
        .map(|l| l.trim_ascii())
        .enumerate()
        .find(|(_, l)| !l.is_empty() && !l.starts_with(b"#"))
        .map_or((1, &b""[..]), |(i, l)| (i + 1, l));
    if header.contains(&b';') && header.contains(&b',') {
        return refused(
            path,
            Problem::row(
                path,
                header_line,
                "header",
                format!(
                    "got the header \"{}\", which has both ',' and ';' between its names; expected one separator: {expected} (or {} in a spreadsheet's semicolon export)",
                    String::from_utf8_lossy(header),
                    ACTUALS_COLUMNS.join(";")
                ),
            ),
        );
    }
    let sep = if header.contains(&b';') { b';' } else { b',' };
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
    let mut decimals = Decimals::default();
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
            match decimals.read(path, "value", line, value.as_bytes()) {
                Ok(v) => value = String::from_utf8_lossy(&v).into_owned(),
                Err(p) => return refused(path, p),
            }
        }
        out.rows.push(ActualRow {
            line,
            cells: [cell(0), cell(1), cell(2), cell(3), cell(4), value],
        });
    }
    out
}

/// Reads the sheet `actuals` of a workbook, streamed row by row like the series sheets (a
/// stray cell far away costs nothing). Date cells in the week column read as their date.
fn read_sheet(workbook: &Path) -> RawActuals {
    let label = sheet_label(workbook, "actuals");
    let expected = ACTUALS_COLUMNS.join(",");
    let mut out = RawActuals {
        source: label.clone(),
        rows: Vec::new(),
        problems: Vec::new(),
    };
    let mut at: Option<[usize; 6]> = None;
    let mut stopped: Option<Problem> = None;
    let read = stream_sheet(workbook, "actuals", true, |row| {
        let Some(cols) = at else {
            match columns(&header(row), &label, row.number) {
                Ok(c) => at = Some(c),
                Err(p) => stopped = Some(p),
            }
            return stopped.is_none();
        };
        if let Some((c, _)) = row
            .cells
            .iter()
            .find(|(c, _)| !cols.contains(&(*c as usize)))
        {
            out.problems.push(Problem::row(
                &label,
                row.number,
                "header",
                format!(
                    "cell {} holds a value, but its column has no header; expected the columns {expected} only",
                    row.cell_name(*c)
                ),
            ));
            return true;
        }
        let mut cells: [String; 6] = Default::default();
        for (j, &c) in cols.iter().enumerate() {
            match row.get(c).into_owned() {
                Ok(t) => cells[j] = t,
                Err(m) => {
                    out.problems.push(Problem::row(
                        &label,
                        row.number,
                        ACTUALS_COLUMNS[j],
                        format!("cell {}: {m}", row.cell_name(c as u32)),
                    ));
                    return true;
                }
            }
        }
        if out.rows.len() == MAX_ACTUAL_ROWS {
            out.problems.push(too_many(&label, row.number));
            return false;
        }
        out.rows.push(ActualRow {
            line: row.number,
            cells,
        });
        true
    });
    let problem = match read {
        Err(p) => Some(p),
        Ok(Sheet::Missing(names)) => Some(Problem::file(
            workbook,
            format!(
                "no sheet named actuals (the workbook has {}), expected a sheet actuals with the columns {expected}",
                names.join(", ")
            ),
        )),
        Ok(Sheet::Read) if stopped.is_some() => stopped,
        Ok(Sheet::Read) if at.is_none() => Some(Problem::file(
            &label,
            format!("no header, expected the columns {expected}"),
        )),
        Ok(Sheet::Read) => None,
    };
    match problem {
        Some(p) => refused(&label, p),
        None => out,
    }
}
