//! The one CSV writer of every table triplan writes (sweep summaries, plan tables, comparisons,
//! merged summaries).
//!
//! - A field holding a comma, a double quote, a carriage return or a line feed is quoted, its
//!   quotes doubled (RFC 4180), so every reader gets the same cells back.
//! - A text field that a spreadsheet would run as a formula (one starting with `=`, `+`, `-`,
//!   `@`, a tab or a carriage return) gets a leading `'`, which spreadsheets show as text.
//!   Numbers are left as numbers: a field that reads as a number (`-12.5`, `1e-9`) is never
//!   touched, and a field already starting with `'` is left alone, so writing a cell read back
//!   from a guarded file does not guard it twice.

use std::borrow::Cow;

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
}
