//! The actuals table as written: one long table `week,quantity,site,id,detail,value` (README
//! "Actuals"), read row by row by [`super::records`]; [`crate::validate::actuals`] gives the
//! rows meaning against the instance.

use super::records::{read_records, Kind, Record, Records};
use std::path::Path;

/// The columns of an actuals table, in the order rows are read.
pub const ACTUALS_COLUMNS: [&str; 6] = ["week", "quantity", "site", "id", "detail", "value"];

/// Most rows of an actuals table (a year of a large plant's actuals is about 100 000).
pub const MAX_ACTUAL_ROWS: usize = 5_000_000;

/// The actuals as a long table: the `actuals` sheet, the value a decimal.
const ACTUALS: Kind<6> = Kind {
    sheet: "actuals",
    columns: ACTUALS_COLUMNS,
    decimal: Some(5),
    max_rows: MAX_ACTUAL_ROWS,
};

/// One row of an actuals table: `week, quantity, site, id, detail, value`.
pub type ActualRow = Record<6>;

/// An actuals table read from disk, not yet validated.
pub type RawActuals = Records<6>;

/// Reads an actuals table: the sheet `actuals` of a workbook (a name ending in `.xlsx`), else a
/// CSV file. Never fails: what could not be read is in [`Records::problems`].
pub fn read_actuals(path: &Path) -> RawActuals {
    read_records(path, &ACTUALS)
}
