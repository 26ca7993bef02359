//! The partner openings as a long table `partner,week,skill,count,contract,notice_weeks` (a
//! CSV file, or the `openings` sheet of a workbook), beside or instead of the model's
//! `[[partner.opening]]`; read row by row by [`super::records`], checked against the model's
//! partners and skills by [`crate::validate`].

use super::records::{read_records, Kind, Record, Records};
use std::path::Path;

/// The columns of an openings table, in the order rows are read.
pub const OPENING_COLUMNS: [&str; 6] = [
    "partner",
    "week",
    "skill",
    "count",
    "contract",
    "notice_weeks",
];

/// The openings as a long table: the `openings` sheet, no decimals (counts and weeks are
/// whole), at most 100,000 rows.
const OPENINGS: Kind<6> = Kind {
    sheet: "openings",
    columns: OPENING_COLUMNS,
    decimal: None,
    max_rows: 100_000,
};

/// One row of an openings table.
pub type OpeningRow = Record<6>;

/// An openings table read from disk, not yet validated.
pub type RawOpenings = Records<6>;

/// Reads an openings table: the sheet `openings` of a workbook (a name ending in `.xlsx`),
/// else a CSV file. Never fails: what could not be read is in [`Records::problems`].
pub fn read_openings(path: &Path) -> RawOpenings {
    read_records(path, &OPENINGS)
}
