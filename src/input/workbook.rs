//! Weekly tables read from an `.xlsx` workbook: one sheet per table, named like the CSV file
//! without its extension (`tonnage`, `prices`, `calendar`), with the same columns.
//!
//! The sheet is streamed cell by cell (calamine's cell reader) and handed to the same
//! [`GridBuilder`] as a CSV file's rows, so the checks and the row limit are the CSV ones; a
//! row is never kept. The header is the first row with a value; empty rows and rows whose
//! first cell starts with `#` are skipped. Cells may be numbers or text (a week may be `3` or
//! `"3"`); date, time, error and TRUE/FALSE cells are refused in id and number columns.
//! Messages name the workbook and the sheet as `data.xlsx, sheet tonnage`, then the row as
//! spreadsheets number it and the column's name.

use super::grid::{GridBuilder, Layout};
use super::series::Grid;
use super::text::regular_file;
use crate::error::Problem;
use calamine::{DataRef, Reader, Xlsx};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// File name endings read as workbooks (`xlsm`: a workbook with macros, which are ignored).
pub const WORKBOOK_EXTENSIONS: [&str; 2] = ["xlsx", "xlsm"];

/// Spreadsheet formats that are not read, with what to do instead.
const OTHER_FORMATS: [&str; 4] = ["xls", "xlsb", "ods", "numbers"];

/// How a file is read, from its name's ending: a workbook, a spreadsheet format that is not
/// read (`Err`: what to do instead), or a CSV file.
pub(crate) fn is_workbook(path: &Path) -> Result<bool, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if WORKBOOK_EXTENSIONS.contains(&ext.as_str()) {
        Ok(true)
    } else if OTHER_FORMATS.contains(&ext.as_str()) {
        Err(format!(
            "names {}, a spreadsheet in the .{ext} format, which triplan does not read; expected an .xlsx workbook (save it as \"Excel workbook (.xlsx)\") or a CSV file",
            path.display()
        ))
    } else {
        Ok(false)
    }
}

/// How messages name a workbook's sheet: `data.xlsx, sheet tonnage` (then `:12` for the row).
pub fn sheet_label(workbook: &Path, sheet: &str) -> PathBuf {
    PathBuf::from(format!("{}, sheet {sheet}", workbook.display()))
}

/// A spreadsheet's name of a 0-based column: `A`, ..., `Z`, `AA` ...
fn column_letters(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

/// A cell's text, or what is wrong with it. With `dates_as_text`, a date cell (a whole day,
/// no time) reads as its date `YYYY-MM-DD`, as a week may be written in the actuals.
fn cell_text(v: &DataRef, dates_as_text: bool) -> Result<String, String> {
    match v {
        DataRef::Empty => Ok(String::new()),
        DataRef::Int(i) => Ok(i.to_string()),
        DataRef::Float(f) => Ok(f.to_string()),
        DataRef::String(s) => Ok(s.trim().to_string()),
        DataRef::SharedString(s) => Ok(s.trim().to_string()),
        DataRef::Bool(b) => Err(format!(
            "got a {} cell, expected a number or text",
            if *b { "TRUE" } else { "FALSE" }
        )),
        DataRef::DateTime(d) if dates_as_text && d.is_datetime() => {
            let (y, m, day, h, min, sec, ms) = d.to_ymd_hms_milli();
            if (h, min, sec, ms) == (0, 0, 0, 0) {
                Ok(format!("{y:04}-{m:02}-{day:02}"))
            } else {
                Err(format!("got the date and time {y:04}-{m:02}-{day:02} {h:02}:{min:02}, expected a week number or a date without a time"))
            }
        }
        DataRef::DateTimeIso(t) if dates_as_text && t.len() == 10 => Ok(t.to_string()),
        DataRef::DateTime(_) | DataRef::DateTimeIso(_) | DataRef::DurationIso(_) => Err(
            "got a date or time cell, expected a number or text (format the cell as a number)"
                .to_string(),
        ),
        DataRef::Error(e) => Err(format!(
            "got an error cell ({e}), expected a number or text (the formula's result, or a value typed in)"
        )),
    }
}

/// One row of a sheet: its cells in column order, empty ones left out.
#[derive(Default)]
pub(crate) struct Row {
    /// 1-based, as spreadsheets number rows.
    pub number: usize,
    pub cells: Vec<(u32, Result<String, String>)>,
}

impl Row {
    /// The text of a 0-based column (empty where the row has no value).
    pub fn get(&self, column: usize) -> Cow<'_, Result<String, String>> {
        match self.cells.iter().find(|(c, _)| *c as usize == column) {
            Some((_, v)) => Cow::Borrowed(v),
            None => Cow::Owned(Ok(String::new())),
        }
    }
    /// Skipped: no value, or a `#` comment in its first cell.
    fn skipped(&self) -> bool {
        self.cells.is_empty()
            || matches!(self.cells.first(), Some((0, Ok(t))) if t.starts_with('#'))
    }
    /// The column letters of a 0-based column and this row: `C12`.
    pub fn cell_name(&self, column: u32) -> String {
        format!("{}{}", column_letters(column), self.number)
    }
}

/// Whether a sheet was read, or is missing from the workbook (with the sheets it has).
pub(crate) enum Sheet {
    Read,
    Missing(Vec<String>),
}

/// Streams the rows of sheet `sheet` of `workbook` (cell by cell, so that a stray cell far
/// away costs nothing), handing each row that is not skipped (empty, or a `#` comment) to
/// `each` until it returns `false`. `Err` is the problem that stopped reading: the file is
/// not a workbook, or the sheet cannot be read.
pub(crate) fn stream_sheet(
    workbook: &Path,
    sheet: &str,
    dates_as_text: bool,
    mut each: impl FnMut(&Row) -> bool,
) -> Result<Sheet, Problem> {
    if let Err(m) = regular_file(workbook) {
        return Err(Problem::file(
            workbook,
            format!("{m} (expected an .xlsx workbook)"),
        ));
    }
    let mut wb: Xlsx<_> = calamine::open_workbook(workbook).map_err(|e| {
        Problem::file(
            workbook,
            format!(
                "cannot read the workbook: {e}; expected an .xlsx workbook (Excel 2007 or later)"
            ),
        )
    })?;
    let names = wb.sheet_names();
    if !names.iter().any(|n| n == sheet) {
        return Ok(Sheet::Missing(names));
    }
    let label = sheet_label(workbook, sheet);
    let cannot =
        |e: calamine::XlsxError| Problem::file(&label, format!("cannot read the sheet: {e}"));
    let mut cells = wb.worksheet_cells_reader(sheet).map_err(cannot)?;
    let mut row = Row::default();
    loop {
        let next = cells.next_cell().map_err(cannot)?;
        let at = next.as_ref().map(|c| c.get_position().0 as usize + 1);
        if at != Some(row.number) && !row.skipped() && !each(&row) {
            break;
        }
        let Some(cell) = next else { break };
        if at != Some(row.number) {
            row = Row {
                number: at.unwrap_or(0),
                cells: Vec::new(),
            };
        }
        let value = cell_text(cell.get_value(), dates_as_text);
        if value.as_ref().is_ok_and(String::is_empty) {
            continue;
        }
        row.cells.push((cell.get_position().1, value));
    }
    Ok(Sheet::Read)
}

/// Reads the sheet `sheet` of `workbook` into a grid of the given shape. Returns `None` when
/// the workbook has no such sheet and the sheet is optional (`required` false); else the grid
/// (absent when the workbook or the sheet cannot be read or the header is wrong) and every
/// problem found.
pub(crate) fn read_sheet<D: ndarray::Dimension>(
    workbook: &Path,
    sheet: &str,
    required: bool,
    layout: &Layout,
    dims: D,
) -> Option<(Option<Grid<D>>, Vec<Problem>)> {
    let expected = layout.columns.join(",");
    let label = sheet_label(workbook, sheet);
    let mut grid: Option<GridBuilder<D>> = None;
    let mut stopped: Option<Problem> = None;
    let read = stream_sheet(workbook, sheet, false, |row| match grid.as_mut() {
        Some(g) => data_row(g, row, &label, layout),
        None => {
            match GridBuilder::new(&label, layout, dims.clone(), row.number, &header(row), ",") {
                Ok(g) => grid = Some(g),
                Err(p) => stopped = Some(p),
            }
            stopped.is_none()
        }
    });
    match read {
        Err(p) => return Some((None, vec![p])),
        Ok(Sheet::Missing(names)) => {
            return required.then(|| {
                (
                    None,
                    vec![Problem::file(
                        workbook,
                        format!(
                            "no sheet named {sheet} (the workbook has {}), expected a sheet {sheet} with the columns {expected}",
                            names.join(", ")
                        ),
                    )],
                )
            })
        }
        Ok(Sheet::Read) => {}
    }
    if let Some(p) = stopped {
        return Some((None, vec![p]));
    }
    match grid {
        Some(g) => Some(g.finish(&label)),
        None => {
            let g = GridBuilder::new(&label, layout, dims, 1, &[], ",");
            Some((None, vec![g.err().expect("an empty header is refused")]))
        }
    }
}

/// The header row's names, in column order (a gap is an empty name).
pub(crate) fn header(row: &Row) -> Vec<String> {
    let width = row
        .cells
        .iter()
        .map(|(c, _)| *c as usize + 1)
        .max()
        .unwrap_or(0);
    (0..width)
        .map(|c| row.get(c).into_owned().unwrap_or_default())
        .collect()
}

/// Hands one data row to the grid; a value in a column without a header is a problem of its
/// own. Returns `false` when reading must stop.
fn data_row<D: ndarray::Dimension>(
    grid: &mut GridBuilder<D>,
    row: &Row,
    label: &Path,
    layout: &Layout,
) -> bool {
    let width = layout.columns.len() as u32;
    if let Some((c, _)) = row.cells.iter().find(|(c, _)| *c >= width) {
        grid.problems().push(Problem::row(
            label,
            row.number,
            "header",
            format!(
                "cell {} holds a value, but its column has no header; expected the columns {} only",
                row.cell_name(*c),
                layout.columns.join(",")
            ),
        ));
    }
    let col = grid.columns().to_vec();
    let value = layout.keys.len() + 1;
    grid.row(row.number, |k| match row.get(col[k]).into_owned() {
        Ok(t) if t.is_empty() && k == value => {
            Err("got an empty cell, expected a number (write 0 for none)".to_string())
        }
        cell => cell.map(Cow::Owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_like_spreadsheets() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(names, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn numbers_read_back_as_written() {
        assert_eq!(cell_text(&DataRef::Float(3.0), false).unwrap(), "3");
        assert_eq!(cell_text(&DataRef::Float(12.5), false).unwrap(), "12.5");
        assert_eq!(cell_text(&DataRef::Int(7), false).unwrap(), "7");
        assert_eq!(
            cell_text(&DataRef::SharedString(" a "), false).unwrap(),
            "a"
        );
        assert!(cell_text(&DataRef::Bool(true), false)
            .unwrap_err()
            .contains("TRUE"));
    }

    #[test]
    fn spreadsheet_formats_not_read_are_named() {
        assert_eq!(is_workbook(Path::new("a/data.XLSX")), Ok(true));
        assert_eq!(is_workbook(Path::new("tonnage.csv")), Ok(false));
        assert!(is_workbook(Path::new("data.ods"))
            .unwrap_err()
            .contains("save it as"));
    }
}
