//! CSV series files and their dialects: `,` separators with decimal points, or a French
//! spreadsheet export's `;` separators with decimal commas (`12,5`).
//!
//! The separator is read from the header line: `;` when the header holds `;` and no `,`,
//! else `,`. Decimal commas are read only in a `;` file's value column (with `,` separators a
//! decimal comma would split the cell). A file whose dialect is ambiguous or mixed (a header
//! with both separators, rows split by the other separator than the header's, decimal commas
//! and decimal points in one file, thousands separators) is refused with one problem that
//! names what to change, never one problem per row. A UTF-8 byte order mark (written by
//! spreadsheets' "CSV UTF-8" exports) is skipped.

use super::grid::{CellText, GridBuilder, Layout};
use super::series::Grid;
use super::text::{
    has_lone_cr, lines, lone_cr_to_lf, regular_file, sniff_encoding, to_utf8, Encoding,
};
use crate::error::Problem;
use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Most bytes read to find the header line (comment lines included) before giving up on
/// finding a separator (the header is then read as comma-separated).
const MAX_SNIFF_BYTES: u64 = 1 << 20;

/// Largest file read in another encoding than UTF-8 (decoded in memory before it is read).
const MAX_DECODED_BYTES: u64 = 1 << 30;

/// Streams a CSV series file into a grid of the given shape (`dims`: the key columns' sizes,
/// then the weeks). Returns the grid (absent when the file cannot be read, its header is
/// wrong or its dialect is ambiguous) and every problem found.
pub(crate) fn read_csv<D: ndarray::Dimension>(
    path: &Path,
    layout: &Layout,
    dims: D,
) -> (Option<Grid<D>>, Vec<Problem>) {
    let expected = layout.columns.join(",");
    let refused = |p: Problem| (None, vec![p]);
    let cannot_read = |e: &dyn std::fmt::Display| {
        Problem::file(
            path,
            format!("cannot read file: {e} (expected a CSV file with the header {expected})"),
        )
    };
    if let Err(m) = regular_file(path) {
        return refused(Problem::file(
            path,
            format!("{m} (expected a CSV file with the header {expected})"),
        ));
    }
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return refused(cannot_read(&e)),
    };
    let mut head = Vec::new();
    if let Err(e) = (&mut file).take(MAX_SNIFF_BYTES).read_to_end(&mut head) {
        return refused(cannot_read(&e));
    }
    let enc = match sniff_encoding(&head) {
        Ok(e) => e,
        Err(m) => return refused(Problem::file(path, m)),
    };
    if enc == Encoding::Utf8 && !has_lone_cr(&head) {
        if let Err(e) = file.rewind() {
            return refused(cannot_read(&e));
        }
        return parse(path, layout, dims, &head, file);
    }
    // Another encoding than UTF-8, or lines ended by a lone `\r`: the whole file is decoded
    // in memory, then read alike.
    if let Err(e) = (&mut file).take(MAX_DECODED_BYTES).read_to_end(&mut head) {
        return refused(cannot_read(&e));
    }
    if head.len() as u64 >= MAX_DECODED_BYTES {
        return refused(Problem::file(
            path,
            format!("is not UTF-8 text with \\n line ends and larger than {MAX_DECODED_BYTES} bytes, expected a larger file to be saved as \"CSV UTF-8\""),
        ));
    }
    let text = match to_utf8(&head, enc) {
        Ok(t) => lone_cr_to_lf(t.into_owned()),
        Err(m) => return refused(Problem::file(path, m)),
    };
    let sniffed: Vec<u8> = text[..text.len().min(MAX_SNIFF_BYTES as usize)].to_vec();
    parse(path, layout, dims, &sniffed, std::io::Cursor::new(text))
}

/// Reads a CSV series whose first bytes are `head` from `src` (positioned at its start).
fn parse<D: ndarray::Dimension, R: Read + Seek>(
    path: &Path,
    layout: &Layout,
    dims: D,
    head: &[u8],
    mut src: R,
) -> (Option<Grid<D>>, Vec<Problem>) {
    let expected = layout.columns.join(",");
    let refused = |p: Problem| (None, vec![p]);
    let cannot_read = |e: &dyn std::fmt::Display| {
        Problem::file(
            path,
            format!("cannot read file: {e} (expected a CSV file with the header {expected})"),
        )
    };
    let (skip, sep, header_line) = match sniff(head, path, layout) {
        Ok(s) => s,
        Err(p) => return refused(p),
    };
    if let Err(e) = src.seek(SeekFrom::Start(skip)) {
        return refused(cannot_read(&e));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(src);
    let header = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return refused(Problem::file(
                path,
                format!("cannot read the header: {e}, expected {expected}"),
            ))
        }
    };
    let names: Vec<String> = header
        .iter()
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    let sep_text = (sep as char).to_string();
    let mut grid = match GridBuilder::new(path, layout, dims, header_line, &names, &sep_text) {
        Ok(g) => g,
        Err(p) => return refused(p),
    };
    let col = grid.columns().to_vec();
    let value_at = col[layout.keys.len() + 1];
    let mut decimals = Decimals::default();
    let mut rec = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                if let Some(p) = other_separator(path, layout, sep, &rec, line) {
                    return refused(p);
                }
                grid.problems()
                    .line(line, format!("{e}, expected the columns {expected}"));
                if !matches!(
                    e.kind(),
                    csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }
                ) {
                    break;
                }
                continue;
            }
        }
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        let value = if sep == b';' {
            match decimals.read(path, layout.value_column(), line, &rec[value_at]) {
                Ok(v) => v,
                Err(p) => return refused(p),
            }
        } else {
            Cow::Borrowed(&rec[value_at])
        };
        let cell = |k: usize| {
            if col[k] == value_at {
                text(&value)
            } else {
                text(&rec[col[k]])
            }
        };
        if !grid.row(line, cell) {
            break;
        }
    }
    grid.finish(path)
}

/// A CSV cell's text.
fn text(bytes: &[u8]) -> CellText<'_> {
    std::str::from_utf8(bytes)
        .map(Cow::Borrowed)
        .map_err(|_| "not valid UTF-8 text".to_string())
}

/// Finds the header line (the first line neither empty nor a `#` comment) in the file's first
/// bytes and the separator it uses; returns the bytes to skip (a byte order mark), the
/// separator and the header's line (1 when the file has none). Lines end with `\n`, `\r\n`
/// or a lone `\r` (old spreadsheets' exports).
fn sniff(head: &[u8], path: &Path, layout: &Layout) -> Result<(u64, u8, usize), Problem> {
    let (skip, body) = match head.strip_prefix(BOM) {
        Some(rest) => (BOM.len() as u64, rest),
        None => (0, head),
    };
    for (i, buf) in lines(body).enumerate() {
        let line = i + 1;
        let text = buf.trim_ascii();
        if text.is_empty() || text.starts_with(b"#") {
            continue;
        }
        return match (text.contains(&b';'), text.contains(&b',')) {
            (true, true) => Err(Problem::row(
                path,
                line,
                "header",
                format!(
                    "got the header \"{}\", which has both ',' and ';' between its names; expected one separator: {} (or {} in a spreadsheet's semicolon export)",
                    String::from_utf8_lossy(text),
                    layout.columns.join(","),
                    layout.columns.join(";")
                ),
            )),
            (true, false) => Ok((skip, b';', line)),
            _ => Ok((skip, b',', line)),
        };
    }
    Ok((skip, b',', 1))
}

/// A record with the wrong number of fields that the other separator would split into the
/// header's columns: the file mixes separators, refused with one problem.
fn other_separator(
    path: &Path,
    layout: &Layout,
    sep: u8,
    rec: &csv::ByteRecord,
    line: usize,
) -> Option<Problem> {
    let other = if sep == b';' { b',' } else { b';' };
    let joined = rec.iter().collect::<Vec<_>>().join(&sep);
    let n = layout.columns.len();
    if rec.len() == n || joined.split(|&b| b == other).count() != n {
        return None;
    }
    let (s, o) = (sep as char, other as char);
    Some(Problem {
        file: path.to_path_buf(),
        line: Some(line),
        field: None,
        message: format!(
            "the header separates its names with '{s}' but line {line} separates its cells with '{o}', expected one separator in the whole file: write the header as {} or the rows with '{s}' (reading stopped here)",
            layout.columns.join(&o.to_string())
        ),
    })
}

/// The decimal separator of a `;` file's value column: the first cell written with a decimal
/// comma or a decimal point fixes it for the file.
#[derive(Default)]
pub(crate) struct Decimals {
    /// The first line with a decimal comma, and its cell.
    comma: Option<(usize, String)>,
    /// The first line with a decimal point, and its cell.
    point: Option<(usize, String)>,
}

impl Decimals {
    /// A value cell as a number's text (`12,5` becomes `12.5`), or the one problem that
    /// refuses the file.
    pub(crate) fn read<'r>(
        &mut self,
        path: &Path,
        column: &str,
        line: usize,
        cell: &'r [u8],
    ) -> Result<Cow<'r, [u8]>, Problem> {
        let numeric = cell.iter().any(u8::is_ascii_digit)
            && cell
                .iter()
                .all(|b| b.is_ascii_digit() || b"+-.,eE".contains(b));
        if !numeric {
            return Ok(Cow::Borrowed(cell));
        }
        let commas = cell.iter().filter(|&&b| b == b',').count();
        let points = cell.iter().filter(|&&b| b == b'.').count();
        let shown = String::from_utf8_lossy(cell).into_owned();
        if commas > 0 && points > 0 {
            return Err(Problem::row(
                path,
                line,
                column,
                format!("got \"{shown}\", a number with a thousands separator; expected numbers without one (1234,5 or 1234.5), refused for the whole file"),
            ));
        }
        let (mine, theirs, name) = match (commas, points) {
            (1, 0) => (&mut self.comma, &self.point, "decimal comma"),
            (0, 1) => (&mut self.point, &self.comma, "decimal point"),
            _ => return Ok(Cow::Borrowed(cell)),
        };
        if let Some((first, was)) = theirs {
            let other = if commas == 1 {
                "decimal point"
            } else {
                "decimal comma"
            };
            return Err(Problem::row(
                path,
                line,
                column,
                format!(
                    "got \"{shown}\" with a {name}, but line {first} wrote \"{was}\" with a {other}; expected one decimal separator in the whole file (a semicolon export writes decimal commas throughout)"
                ),
            ));
        }
        mine.get_or_insert((line, shown));
        Ok(if commas == 1 {
            Cow::Owned(
                cell.iter()
                    .map(|&b| if b == b',' { b'.' } else { b })
                    .collect(),
            )
        } else {
            Cow::Borrowed(cell)
        })
    }
}
