//! The three weekly tables of an instance (tonnage, prices, calendar): where each one's rows
//! come from (a CSV file or a workbook's sheet), and reading one into its grid.
//!
//! `instance.toml` names each table's file in `tonnage_csv`, `prices_csv`, `calendar_csv`; a
//! name ending in `.xlsx` is a workbook, read from the sheet named after the table. Its
//! `workbook` field names a workbook that holds every table not named otherwise: the
//! `tonnage` sheet is then required, the `prices` and `calendar` sheets are read when the
//! workbook has them. Without either, tonnage comes from `tonnage.csv`.

use super::delimited::read_csv;
use super::grid::Layout;
use super::named_file;
use super::series::{Grid, InstanceFile, MAX_GRID_CELLS};
use super::workbook::{is_workbook, read_sheet};
use crate::error::Problem;
use std::path::{Path, PathBuf};

/// One weekly table: its name (the sheet's, and the CSV file's without extension), the
/// instance field that names its file, and its columns.
pub(crate) struct Table {
    /// `tonnage`, `prices` or `calendar`.
    pub name: &'static str,
    /// The field of `instance.toml` naming its file (`tonnage_csv` ...).
    pub field: &'static str,
    /// Its columns: the week, the key columns, the value.
    pub columns: &'static [&'static str],
    /// Whether every instance has it.
    pub required: bool,
    /// The field's value in an instance file.
    named: fn(&InstanceFile) -> Option<&String>,
}

/// Weekly collected tonnage.
pub(crate) const TONNAGE: Table = Table {
    name: "tonnage",
    field: "tonnage_csv",
    columns: &["week", "area", "stream", "tonnes"],
    required: true,
    named: |i| i.tonnage_csv.as_ref(),
};

/// Weekly outlet prices overriding the model's.
pub(crate) const PRICES: Table = Table {
    name: "prices",
    field: "prices_csv",
    columns: &["week", "outlet", "fraction", "price_eur_per_t"],
    required: false,
    named: |i| i.prices_csv.as_ref(),
};

/// Weekly availability of hours.
pub(crate) const CALENDAR: Table = Table {
    name: "calendar",
    field: "calendar_csv",
    columns: &["week", "site", "availability"],
    required: false,
    named: |i| i.calendar_csv.as_ref(),
};

/// The actuals of past weeks (one long table, read row by row by `actuals.rs`, not into a grid).
pub(crate) const ACTUALS: Table = Table {
    name: "actuals",
    field: "actuals",
    columns: &super::actuals::ACTUALS_COLUMNS,
    required: false,
    named: |i| i.actuals.as_ref(),
};

/// The partner openings (one long table, read row by row by `openings.rs`, not into a grid).
pub(crate) const OPENINGS: Table = Table {
    name: "openings",
    field: "openings_csv",
    columns: &super::openings::OPENING_COLUMNS,
    required: false,
    named: |i| i.openings_csv.as_ref(),
};

/// Where a table's rows come from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Source {
    /// A CSV file.
    Csv(PathBuf),
    /// The sheet named after the table in a workbook.
    Sheet {
        /// The workbook's path.
        workbook: PathBuf,
        /// Whether the workbook must have the sheet (an optional table's sheet named only by
        /// the instance's `workbook` field may be left out).
        required: bool,
    },
}

/// Where one table of an instance comes from (`None`: an optional table the instance does
/// not give), with the field of `instance.toml` that says so and the file name written there.
pub(crate) fn source(
    inst: &InstanceFile,
    dir: &Path,
    t: &Table,
) -> Option<(&'static str, String, Source)> {
    let (field, file, required) = match ((t.named)(inst), &inst.workbook) {
        (Some(f), _) => (t.field, f.clone(), true),
        (None, Some(w)) => ("workbook", w.clone(), t.required),
        (None, None) if t.required => (t.field, format!("{}.csv", t.name), true),
        (None, None) => return None,
    };
    let path = dir.join(&file);
    let source = match is_workbook(&path) {
        Ok(true) => Source::Sheet {
            workbook: path,
            required,
        },
        // A format not read is reported when the table is read.
        _ => Source::Csv(path),
    };
    Some((field, file, source))
}

/// Reads one table into a grid of the given shape (`dims`: the key columns' sizes, then the
/// weeks). Returns `None` for an optional sheet the workbook does not have; else the grid
/// (absent when the table could not be read, or could not be shaped for want of the model's
/// ids or the horizon) and every problem found.
pub(crate) fn read_table<D: ndarray::Dimension>(
    instance_path: &Path,
    t: &Table,
    (field, file, source): (&str, &str, &Source),
    layout: &Layout,
    dims: D,
) -> Option<(Option<Grid<D>>, Vec<Problem>)> {
    let failed = |p: Problem| Some((None, vec![p]));
    let (path, what) = match source {
        Source::Csv(p) => (p, "a CSV file"),
        Source::Sheet { workbook, .. } => (workbook, "an .xlsx workbook"),
    };
    if let Err(m) = is_workbook(path) {
        return failed(Problem::field(instance_path, field, m));
    }
    if let Err(e) = named_file(instance_path, field, path, what) {
        return failed(e);
    }
    let cells = dims
        .slice()
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d));
    if cells.is_none_or(|c| c > MAX_GRID_CELLS) {
        let columns = layout.columns;
        return failed(Problem::field(
            instance_path,
            field,
            format!(
                "{file}'s grid would have {} cells ({}), expected at most {MAX_GRID_CELLS}",
                cells.map_or("too many".to_string(), |c| c.to_string()),
                columns[1..columns.len() - 1]
                    .iter()
                    .map(|c| format!("{c}s"))
                    .chain(["weeks".to_string()])
                    .collect::<Vec<_>>()
                    .join(" x ")
            ),
        ));
    }
    match source {
        Source::Csv(p) => Some(read_csv(p, layout, dims)),
        Source::Sheet { workbook, required } => {
            read_sheet(workbook, t.name, *required, layout, dims)
        }
    }
}
