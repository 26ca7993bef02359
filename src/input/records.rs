//! Long tables read row by row, not into a grid: the actuals (`week,quantity,site,id,detail,
//! value`, README "Actuals") and the partner openings (`partner,week,skill,count,contract,
//! notice_weeks`), from a CSV file (`,` separators with decimal points, or `;` with decimal
//! commas) or the sheet named after the table in a workbook. Rows are kept as text with their
//! line; [`crate::validate`] gives them meaning against the instance.

use super::delimited::Decimals;
use super::text::{lines, read_text};
use super::workbook::{header, is_workbook, sheet_label, stream_sheet, Sheet};
use super::MAX_TOML_BYTES;
use crate::error::Problem;
use std::path::{Path, PathBuf};

/// Largest long-table CSV file read: 64 times the largest TOML file.
const MAX_RECORDS_BYTES: u64 = 64 * MAX_TOML_BYTES;

/// What a long table is: the sheet it is read from, its columns in the order rows are kept,
/// the column whose `;`-file decimal comma becomes a point, the most rows.
#[derive(Debug, Clone, Copy)]
pub struct Kind<const N: usize> {
    /// The sheet's name in a workbook (`actuals`, `openings`).
    pub sheet: &'static str,
    /// The columns.
    pub columns: [&'static str; N],
    /// The column holding decimals (read with the file's decimal comma), if any.
    pub decimal: Option<usize>,
    /// Most rows.
    pub max_rows: usize,
}

/// One row of a table: its line (or sheet row), and its cells in the order of the kind's
/// columns, trimmed; a `;` file's decimal comma is already a decimal point.
#[derive(Debug, Clone, PartialEq)]
pub struct Record<const N: usize> {
    /// 1-based line of the file (row of the sheet).
    pub line: usize,
    /// The cells.
    pub cells: [String; N],
}

/// A long table read from disk, not yet validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Records<const N: usize> {
    /// How messages name the table: the CSV file's path, or `<workbook>, sheet <name>`.
    pub source: PathBuf,
    /// The rows, in file order.
    pub rows: Vec<Record<N>>,
    /// Problems found while reading (no header, a wrong header, a row of the wrong width,
    /// a file that cannot be read).
    pub problems: Vec<Problem>,
}

/// Reads a long table: the sheet named after it in a workbook (a name ending in `.xlsx`), else
/// a CSV file. Never fails: what could not be read is in [`Records::problems`].
pub fn read_records<const N: usize>(path: &Path, kind: &Kind<N>) -> Records<N> {
    match is_workbook(path) {
        Ok(true) => read_sheet(path, kind),
        Ok(false) => read_csv(path, kind),
        Err(m) => Records {
            source: path.to_path_buf(),
            rows: Vec::new(),
            problems: vec![Problem::file(path, m)],
        },
    }
}

/// The header's column positions, or the problem with it: the six columns, each once and
/// nothing else, in any order (the rule of every series file).
fn columns<const N: usize>(
    names: &[String],
    kind: &Kind<N>,
    source: &Path,
    line: usize,
) -> Result<[usize; N], Problem> {
    let mut at = [0; N];
    let mut missing = Vec::new();
    for (i, c) in kind.columns.iter().enumerate() {
        match names.iter().position(|n| n.trim() == *c) {
            Some(p) => at[i] = p,
            None => missing.push(*c),
        }
    }
    let mut seen = Vec::new();
    let mut repeated = Vec::new();
    let mut unknown = Vec::new();
    for n in names.iter().map(|n| n.trim()) {
        if !kind.columns.contains(&n) {
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
            kind.columns.join(",")
        ),
    ))
}

fn refused<const N: usize>(source: &Path, p: Problem) -> Records<N> {
    Records {
        source: source.to_path_buf(),
        rows: Vec::new(),
        problems: vec![p],
    }
}

fn too_many<const N: usize>(kind: &Kind<N>, source: &Path, line: usize) -> Problem {
    let max = kind.max_rows;
    Problem::row(
        source,
        line,
        kind.columns[0],
        format!("more than {max} rows, expected at most {max} (reading stopped here)"),
    )
}

fn read_csv<const N: usize>(path: &Path, kind: &Kind<N>) -> Records<N> {
    let expected = kind.columns.join(",");
    let text = match read_text(path, MAX_RECORDS_BYTES) {
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
                    kind.columns.join(";")
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
    let at = match columns(&names, kind, path, header_line) {
        Ok(a) => a,
        Err(p) => return refused(path, p),
    };
    let first = kind.columns[0];
    let mut out = Records {
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
                    first,
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
                first,
                format!(
                    "got {} cells, expected {} (the columns {expected}, separated by '{}')",
                    rec.len(),
                    names.len(),
                    sep as char
                ),
            ));
            continue;
        }
        if out.rows.len() == kind.max_rows {
            out.problems.push(too_many(kind, path, line));
            break;
        }
        let mut cells: [String; N] =
            std::array::from_fn(|i| rec.get(at[i]).unwrap_or("").to_string());
        if let Some(d) = kind.decimal.filter(|_| sep == b';') {
            match decimals.read(path, kind.columns[d], line, cells[d].as_bytes()) {
                Ok(v) => cells[d] = String::from_utf8_lossy(&v).into_owned(),
                Err(p) => return refused(path, p),
            }
        }
        out.rows.push(Record { line, cells });
    }
    out
}

/// Reads the kind's sheet of a workbook, streamed row by row like the series sheets (a
/// stray cell far away costs nothing). Date cells in the week column read as their date.
fn read_sheet<const N: usize>(workbook: &Path, kind: &Kind<N>) -> Records<N> {
    let sheet = kind.sheet;
    let label = sheet_label(workbook, sheet);
    let expected = kind.columns.join(",");
    let mut out = Records {
        source: label.clone(),
        rows: Vec::new(),
        problems: Vec::new(),
    };
    let mut at: Option<[usize; N]> = None;
    let mut stopped: Option<Problem> = None;
    let read = stream_sheet(workbook, sheet, true, |row| {
        let Some(cols) = at else {
            match columns(&header(row), kind, &label, row.number) {
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
        let mut cells: [String; N] = std::array::from_fn(|_| String::new());
        for (j, &c) in cols.iter().enumerate() {
            match row.get(c).into_owned() {
                Ok(t) => cells[j] = t,
                Err(m) => {
                    out.problems.push(Problem::row(
                        &label,
                        row.number,
                        kind.columns[j],
                        format!("cell {}: {m}", row.cell_name(c as u32)),
                    ));
                    return true;
                }
            }
        }
        if out.rows.len() == kind.max_rows {
            out.problems.push(too_many(kind, &label, row.number));
            return false;
        }
        out.rows.push(Record {
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
                "no sheet named {sheet} (the workbook has {}), expected a sheet {sheet} with the columns {expected}",
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
