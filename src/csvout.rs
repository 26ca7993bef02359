//! The one CSV writer of every table triplan writes (sweep summaries, plan tables, comparisons,
//! merged summaries), and the reader of those it reads back ([`read`]: sweep summaries and
//! comparisons for `triplan report`).
//!
//! - A field holding a comma, a double quote, a carriage return or a line feed is quoted, its
//!   quotes doubled (RFC 4180), so every reader gets the same cells back.
//! - A text field that a spreadsheet would run as a formula (one starting with `=`, `+`, `-`,
//!   `@`, a tab or a carriage return) gets a leading `'`, which spreadsheets show as text.
//!   Numbers are left as numbers: a field that reads as a number (`-12.5`, `1e-9`) is never
//!   touched, and a field already starting with `'` is left alone, so writing a cell read back
//!   from a guarded file does not guard it twice.
//! - [`read`] undoes the guard: a cell `'=x` reads back as the text `=x` that was written.

use std::borrow::Cow;
use std::path::Path;

/// A cell of a table: text or number.
#[derive(Debug, Clone, Copy)]
pub enum Field<'a> {
    /// Text (an id, a name, a status): quoted and guarded as needed.
    Text(&'a str),
    /// A number, already formatted: written as it is.
    Num(&'a str),
}

/// Whether a spreadsheet would take this text for a formula.
fn formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Whether the text reads as a number (then it is data, not a formula).
fn numeric(s: &str) -> bool {
    !s.is_empty() && s.trim() == s && s.parse::<f64>().is_ok()
}

/// One field as written: guarded against formulas, then quoted if needed.
pub fn field(f: Field<'_>) -> Cow<'_, str> {
    let s = match f {
        Field::Num(s) => s,
        Field::Text(s) => s,
    };
    let guarded: Cow<str> = match f {
        Field::Text(s) if formula_like(s) && !numeric(s) => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", guarded.replace('"', "\"\"")))
    } else {
        guarded
    }
}

/// A cell whose kind is not known to the writer (a stored summary cell): numbers stay numbers,
/// anything else is text.
pub fn auto(s: &str) -> Field<'_> {
    if numeric(s) {
        Field::Num(s)
    } else {
        Field::Text(s)
    }
}

/// One CSV line of string cells, with its line end (`\n`); each cell is a number if it reads as
/// one, else text.
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    fields(cells.iter().map(|c| auto(c.as_ref())))
}

/// One CSV line of typed fields, with its line end (`\n`).
pub fn fields<'a>(cells: impl IntoIterator<Item = Field<'a>>) -> String {
    let mut out = String::new();
    for (i, c) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field(c));
    }
    out.push('\n');
    out
}

/// A cell as it was before [`field`] guarded it: a leading `'` before text a spreadsheet would
/// take for a formula is dropped.
pub fn unguard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if formula_like(rest) && !numeric(rest) => rest,
        _ => s,
    }
}

/// A table read back from a file this module wrote: its header and its rows, every cell
/// unguarded.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The column names.
    pub header: Vec<String>,
    /// The rows, each as long as the header.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The position of a column.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

/// Reads a CSV file written by this module. A file that is not CSV, or whose rows differ in
/// length from its header, is an input problem naming the file (and the line).
pub fn read(path: &Path) -> Result<Table, crate::Error> {
    let problem =
        |msg: String| crate::Error::Input(crate::InputError::one(crate::Problem::file(path, msg)));
    let mut r = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(path)
        .map_err(|e| match e.into_kind() {
            csv::ErrorKind::Io(source) => crate::Error::Io {
                path: path.to_path_buf(),
                source,
            },
            other => problem(format!("cannot read it as CSV: {other:?}")),
        })?;
    let cells = |rec: &csv::StringRecord| rec.iter().map(|c| unguard(c).to_string()).collect();
    let header = cells(
        r.headers()
            .map_err(|e| problem(format!("cannot read its header: {e}")))?,
    );
    let mut rows = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| problem(format!("line {}: {e}", i + 2)))?;
        rows.push(cells(&rec));
    }
    Ok(Table { header, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_separators_quotes_and_line_ends() {
        assert_eq!(
            line(&["a,b", "say \"hi\"", "x\ry", "x\ny", "plain"]),
            "\"a,b\",\"say \"\"hi\"\"\",\"x\ry\",\"x\ny\",plain\n"
        );
    }

    #[test]
    fn guards_formulas_but_not_numbers() {
        assert_eq!(
            line(&["=1+1", "+cmd", "-2+3", "@sum", "\tx", "\rx", "-12.5", "+3", "1e-9", ""]),
            "'=1+1,'+cmd,'-2+3,'@sum,'\tx,\"'\rx\",-12.5,+3,1e-9,\n"
        );
        // A guarded cell read back and written again is not guarded twice.
        assert_eq!(line(&["'=1+1"]), "'=1+1\n");
        // A number given as such is never touched.
        assert_eq!(fields([Field::Num("-3"), Field::Text("-")]), "-3,'-\n");
    }

    #[test]
    fn every_line_reads_back_with_the_csv_crate() {
        let cells = ["a\rb", "=x", "c,\"d\"\n", "-1"];
        let text = line(&["h1", "h2", "h3", "h4"]) + &line(&cells);
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let rec = r.records().next().unwrap().unwrap();
        let got: Vec<&str> = rec.iter().collect();
        assert_eq!(got, ["a\rb", "'=x", "c,\"d\"\n", "-1"]);
    }

    #[test]
    fn read_undoes_the_guard() {
        let cells = ["=x", "+cmd", "-12.5", "'plain", "a,b", "@", "'=y"];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let text = line(&["h"; 7]) + &line(&cells);
        std::fs::write(&path, text).unwrap();
        let t = read(&path).unwrap();
        // Every cell comes back as written, except one that already looked guarded.
        assert_eq!(
            t.rows,
            [["=x", "+cmd", "-12.5", "'plain", "a,b", "@", "=y"]]
        );
        assert_eq!(
            unguard("'-3"),
            "'-3",
            "a guard is never put before a number"
        );
    }

    #[test]
    fn read_names_the_line_of_a_ragged_row() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "a,b\n1,2\n3\n").unwrap();
        let e = read(&path).unwrap_err().to_string();
        assert!(e.contains("t.csv") && e.contains("line 3"), "{e}");
    }
}
