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

/// A cell's text, or what is wrong with it.
fn cell_text(v: &DataRef) -> Result<String, String> {
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
        DataRef::DateTime(_) | DataRef::DateTimeIso(_) | DataRef::DurationIso(_) => Err(
            "got a date or time cell, expected a number or text (format the cell as a number)"
                .to_string(),
        ),
        DataRef::Error(e) => Err(format!(
            "got an error cell ({e}), expected a number or text"
        )),
    }
}

/// One row of a sheet: its cells in column order, empty ones left out.
#[derive(Default)]
struct Row {
    /// 1-based, as spreadsheets number rows.
    number: usize,
    cells: Vec<(u32, Result<String, String>)>,
}

impl Row {
    fn get(&self, column: usize) -> Cow<'_, Result<String, String>> {
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
    let refused = |message: String| Some((None, vec![Problem::file(workbook, message)]));
    let mut wb: Xlsx<_> = match calamine::open_workbook(workbook) {
        Ok(wb) => wb,
        Err(e) => {
            return refused(format!(
                "cannot read the workbook: {e}; expected an .xlsx workbook (Excel 2007 or later)"
            ))
        }
    };
    let names = wb.sheet_names();
    if !names.iter().any(|n| n == sheet) {
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
        });
    }
    let label = sheet_label(workbook, sheet);
    let cannot = |e: calamine::XlsxError| {
        Some((
            None,
            vec![Problem::file(&label, format!("cannot read the sheet: {e}"))],
        ))
    };
    let mut cells = match wb.worksheet_cells_reader(sheet) {
        Ok(r) => r,
        Err(e) => return cannot(e),
    };
    let mut grid: Option<GridBuilder<D>> = None;
    let mut row = Row::default();
    loop {
        let next = match cells.next_cell() {
            Ok(c) => c,
            Err(e) => return cannot(e),
        };
        let at = next.as_ref().map(|c| c.get_position().0 as usize + 1);
        if at != Some(row.number) && !row.skipped() {
            let go_on = match grid.as_mut() {
                Some(g) => data_row(g, &row, &label, layout),
                None => {
                    let names = header(&row);
                    match GridBuilder::new(&label, layout, dims.clone(), row.number, &names, ",") {
                        Ok(g) => grid = Some(g),
                        Err(p) => return Some((None, vec![p])),
                    }
                    true
                }
            };
            if !go_on {
                break;
            }
        }
        let Some(cell) = next else { break };
        if at != Some(row.number) {
            row = Row {
                number: at.unwrap_or(0),
                cells: Vec::new(),
            };
        }
        let value = cell_text(cell.get_value());
        if value.as_ref().is_ok_and(String::is_empty) {
            continue;
        }
        row.cells.push((cell.get_position().1, value));
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
fn header(row: &Row) -> Vec<String> {
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
                "cell {}{} holds a value, but its column has no header; expected the columns {} only",
                column_letters(*c),
                row.number,
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
        assert_eq!(cell_text(&DataRef::Float(3.0)).unwrap(), "3");
        assert_eq!(cell_text(&DataRef::Float(12.5)).unwrap(), "12.5");
        assert_eq!(cell_text(&DataRef::Int(7)).unwrap(), "7");
        assert_eq!(cell_text(&DataRef::SharedString(" a ")).unwrap(), "a");
        assert!(cell_text(&DataRef::Bool(true))
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
