//! The instance file, and the dense grids the weekly series are streamed into.
//!
//! A series (a CSV file, or a workbook's sheet) is read one row at a time into a grid indexed
//! by the model's ids and the week (`[area, stream, week]` for tonnage), never into a list of
//! string records: memory is bounded by the grid, whatever the file's size. Each cell
//! remembers the line (or sheet row) that wrote it, so that later checks of its value still
//! name it. Reading checks the structure (header, week numbers, known ids, numbers, one row
//! per key, at most as many rows as the grid has cells: `grid.rs`); [`crate::validate`]
//! checks the values.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::PathBuf;

/// `instance.toml`: names the plant model and the weekly series.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceFile {
    /// Display name.
    pub name: String,
    /// Path of the plant model (TOML), relative to this file.
    pub model: String,
    /// Number of weeks in the horizon (default 52).
    #[serde(default = "default_weeks")]
    pub weeks: usize,
    /// Weekly collected tonnage: columns `week,area,stream,tonnes` (default `tonnage.csv`,
    /// or the `tonnage` sheet of [`InstanceFile::workbook`] when that is given). A name
    /// ending in `.xlsx` is a workbook, read from its `tonnage` sheet.
    pub tonnage_csv: Option<String>,
    /// Optional weekly outlet prices: `week,outlet,fraction,price_eur_per_t` (a CSV file, or
    /// the `prices` sheet of a workbook named here or in [`InstanceFile::workbook`]).
    pub prices_csv: Option<String>,
    /// Optional weekly availability of hours: `week,site,availability` (0 to 1; a CSV file, or
    /// the `calendar` sheet of a workbook named here or in [`InstanceFile::workbook`]).
    pub calendar_csv: Option<String>,
    /// Optional `.xlsx` workbook holding the tables not named in the fields above, one sheet
    /// per table named `tonnage` (required), `prices`, `calendar` (read when present), with
    /// the CSV files' columns in their first row.
    pub workbook: Option<String>,
    /// Optional Monday that week 1 starts on, written `YYYY-MM-DD` (e.g. `"2014-01-06"`):
    /// reports then give each week's ISO week and date. Checked by [`crate::validate`].
    /// A TOML date (`first_monday = 2014-01-06`, unquoted) is read as its text too.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "date_text"
    )]
    pub first_monday: Option<String>,
    /// Optional actuals of the weeks already past: `week,quantity,site,id,detail,value`
    /// (README "Actuals"; a CSV file, or the `actuals` sheet of a workbook named here or in
    /// [`InstanceFile::workbook`]).
    pub actuals: Option<String>,
    /// Optional partner openings: `partner,week,skill,count,contract,notice_weeks` (a CSV file,
    /// or the `openings` sheet of a workbook named here or in [`InstanceFile::workbook`]),
    /// added to the model's `[[partner.opening]]`. The week is a week number, a date, an ISO
    /// week or a month `YYYY-MM` (its first week, on the calendar).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openings_csv: Option<String>,
}

/// A date field's text: a string, or a TOML date or date-time written out (validation then
/// checks it is a date); anything else is refused naming the field.
fn date_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match toml::Value::deserialize(d)? {
        toml::Value::String(s) => Ok(Some(s)),
        toml::Value::Datetime(t) => Ok(Some(t.to_string())),
        other => Err(serde::de::Error::custom(format!(
            "first_monday: got {} {other}, expected the Monday that week 1 starts on, written \"YYYY-MM-DD\"",
            other.type_str()
        ))),
    }
}

fn default_weeks() -> usize {
    52
}

/// Most weeks in a horizon.
pub const MAX_WEEKS: usize = 520;

/// Most cells in one series grid (weeks x areas x streams for tonnage, weeks x outlets x
/// fractions for prices): 50 million cells are 600 MB with their line numbers.
pub const MAX_GRID_CELLS: usize = 50_000_000;

/// Problems reported in full per series file; the rest are counted in one last problem.
pub const MAX_PROBLEMS_PER_FILE: usize = 50;

/// A weekly series as a dense grid: a value and the line or sheet row (1-based; 0: no row)
/// of each cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid<D: ndarray::Dimension> {
    /// Where the rows come from, as messages name it: a CSV file's path, or
    /// `<workbook>, sheet <name>` for a workbook's sheet ([`crate::input::sheet_label`]).
    pub path: PathBuf,
    /// The value of each cell (0 where no row wrote it).
    pub values: ndarray::Array<f64, D>,
    /// The line of the row that wrote each cell, 0 where none did.
    pub lines: ndarray::Array<u32, D>,
}

/// Weekly tonnage, `[area, stream, week]`, in the model's order of areas and streams.
pub type TonnageGrid = Grid<ndarray::Ix3>;
/// Weekly price overrides, `[outlet, fraction, week]`; a cell with line 0 has no override.
pub type PriceGrid = Grid<ndarray::Ix3>;
/// Weekly availability, `[site, week]`; a cell with line 0 keeps the normal hours.
pub type CalendarGrid = Grid<ndarray::Ix2>;

/// An id list as a map to model indices (the last of duplicate ids wins; the model's own
/// validation reports duplicates).
pub(crate) fn id_map<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    ids.enumerate().map(|(i, s)| (s, i)).collect()
}

/// Keeps the given weeks (0-based, in order) of a grid whose last axis is the week.
pub(crate) fn select_weeks<D: ndarray::Dimension + ndarray::RemoveAxis>(
    g: &mut Grid<D>,
    keep: &[usize],
) {
    let axis = ndarray::Axis(g.values.ndim() - 1);
    let keep: Vec<usize> = keep
        .iter()
        .copied()
        .filter(|&w| w < g.values.len_of(axis))
        .collect();
    g.values = g.values.select(axis, &keep);
    g.lines = g.lines.select(axis, &keep);
}
