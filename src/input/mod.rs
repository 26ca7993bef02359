//! Load: the files a user writes, read as they are (serde), before any validation.
//!
//! A plant model is a TOML file (`models/*.toml`); an instance is a directory holding
//! `instance.toml`, which names the model and the weekly series: CSV files (`,` or `;`
//! separated: `delimited.rs`) or sheets of an `.xlsx` workbook (`workbook.rs`), as `tables.rs`
//! resolves them, each streamed into a dense grid (`grid.rs`). Nothing here checks meaning:
//! [`crate::validate`] turns these raw records into a typed [`crate::Instance`].
//! [`template`] writes a workbook to fill in for a plant model.

mod actuals;
mod delimited;
mod grid;
mod model;
mod openings;
mod records;
mod series;
mod tables;
pub mod template;
mod text;
mod workbook;

pub use actuals::{read_actuals, ActualRow, RawActuals, ACTUALS_COLUMNS};
pub use model::*;
pub use openings::{read_openings, OpeningRow, RawOpenings, OPENING_COLUMNS};
pub use series::*;
pub use workbook::{sheet_label, WORKBOOK_EXTENSIONS};

use grid::Layout;
use tables::{read_table, source, Source, Table, ACTUALS, CALENDAR, OPENINGS, PRICES, TONNAGE};

use crate::error::{InputError, Problem};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Everything read from disk for one instance, not yet validated.
#[derive(Debug, Clone)]
pub struct RawInstance {
    /// The instance's main file (`instance.toml`).
    pub instance_path: PathBuf,
    /// The instance file's contents.
    pub instance: InstanceFile,
    /// The plant model's path, resolved relative to the instance file.
    pub model_path: PathBuf,
    /// The plant model's contents.
    pub model: ModelFile,
    /// Weekly tonnage, `[area, stream, week]` in the model's order (empty when the horizon's
    /// length is out of range or the table could not be read: `series_problems` says why).
    pub tonnage: TonnageGrid,
    /// Optional weekly price overrides, `[outlet, fraction, week]`.
    pub prices: Option<PriceGrid>,
    /// Optional weekly availability of hours, `[site, week]`.
    pub calendar: Option<CalendarGrid>,
    /// Problems found while reading the series (a file that cannot be read, a wrong header,
    /// unknown ids, weeks out of range, duplicate rows ...), reported by [`crate::validate`]
    /// together with the model's; an instance with any is never valid.
    pub series_problems: Vec<Problem>,
    /// The actuals table the instance names (`actuals`, or the `actuals` sheet of its
    /// workbook), read but not validated: [`crate::validate`] checks it against the model.
    pub actuals: Option<RawActuals>,
    /// The openings table the instance names (`openings_csv`, or the `openings` sheet of its
    /// workbook), read but not validated.
    pub openings: Option<RawOpenings>,
}

/// Largest TOML file read (models, instances, scenario, study and patch files): 16 MiB,
/// about 20 times the largest generated model (`triplan generate --size XL`).
pub const MAX_TOML_BYTES: u64 = 16 << 20;

/// Most records of one kind (`[[site]]`, `[[line]]`, `[[stock]]` ...) in a plant model.
pub const MAX_RECORDS: usize = 100_000;

/// The 1-based line of a byte offset in a text (a TOML span's start). An offset at the start
/// of a line is on that line, not at the end of the one before.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let head = &text[..offset.min(text.len())];
    head.matches('\n').count() + 1
}

/// Resolves `<instance>` as given on the command line: a directory holding `instance.toml`,
/// or the instance file itself.
pub fn instance_file(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join("instance.toml")
    } else {
        path.to_path_buf()
    }
}

/// Every file a run on the instance at `path` reads: `instance.toml`, its model, and each
/// table it names (or would read by default), whether or not they exist yet. Outputs are
/// checked against them so that no output ever replaces an input of its own run.
pub fn input_files(path: &Path) -> Vec<PathBuf> {
    let instance_path = instance_file(path);
    let mut out = vec![instance_path.clone()];
    let Ok(text) = std::fs::read_to_string(&instance_path) else {
        return out;
    };
    let Ok(instance) = toml::from_str::<InstanceFile>(&text) else {
        return out;
    };
    let dir = instance_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    out.push(dir.join(&instance.model));
    for t in [&TONNAGE, &PRICES, &CALENDAR, &ACTUALS, &OPENINGS] {
        if let Some((_, file, _)) = source(&instance, &dir, t) {
            out.push(dir.join(file));
        }
    }
    out
}

/// The instance a sweep or study file names in its `base` field (relative to that file's
/// directory `dir`), checked to exist: a missing one is reported against the file and field.
pub fn base_instance_file(path: &Path, dir: &Path, base: &str) -> Result<PathBuf, InputError> {
    let base_file = instance_file(&dir.join(base));
    named_file(
        path,
        "base",
        &base_file,
        "an instance directory or its instance.toml",
    )
    .map_err(InputError::one)?;
    Ok(base_file)
}

/// Checks that a file named in another file's field can be read; the problem names the file
/// and the field that named it, and the path it resolved to.
pub fn named_file(
    named_in: &Path,
    field: &str,
    resolved: &Path,
    what: &str,
) -> Result<(), Problem> {
    match std::fs::metadata(resolved) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(_) => Err(Problem::field(
            named_in,
            field,
            format!(
                "names {}, which is not a file, expected {what}",
                resolved.display()
            ),
        )),
        Err(e) => Err(Problem::field(
            named_in,
            field,
            format!(
                "names {}: cannot read file ({e}), expected {what}",
                resolved.display()
            ),
        )),
    }
}

/// Reads an instance and its model from disk. Syntax errors in several files are all
/// reported together. A model that cannot be read stops the load (the series are then read
/// for their syntax only, and every problem is returned); otherwise the load succeeds, and
/// problems of the series (a file that cannot be read, a wrong header, unknown ids, a horizon
/// out of range ...) are left in [`RawInstance::series_problems`] for [`crate::validate`] to
/// report together with the model's. The series are streamed into grids shaped by the
/// model's ids and the horizon.
pub fn load(path: &Path) -> Result<RawInstance, InputError> {
    let instance_path = instance_file(path);
    let instance: InstanceFile = read_toml(&instance_path)?;
    let dir = instance_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let model_path = dir.join(&instance.model);
    let mut problems = Vec::new();
    let model = named_file(
        &instance_path,
        "model",
        &model_path,
        "a plant model (TOML file)",
    )
    .map_err(InputError::one)
    .and_then(|()| read_toml::<ModelFile>(&model_path))
    .and_then(|m| check_sizes(&model_path, &m).map(|()| m));
    let model = match model {
        Ok(m) => Some(m),
        Err(e) => {
            problems.extend(e.problems);
            None
        }
    };
    let weeks = Some(instance.weeks).filter(|w| (1..=MAX_WEEKS).contains(w));
    if weeks.is_none() && model.is_none() {
        // With a model, validation reports it.
        problems.push(Problem::field(
            &instance_path,
            "weeks",
            format!("got {}, expected 1 to {MAX_WEEKS} weeks", instance.weeks),
        ));
    }
    let cx = Series {
        instance_path: &instance_path,
        instance: &instance,
        dir: &dir,
        weeks,
    };
    let m = model.as_ref();
    let ids = |f: fn(&ModelFile) -> Vec<&str>| m.map(|m| id_map(f(m).into_iter()));
    let len = |f: fn(&ModelFile) -> usize| m.map_or(0, f);
    let nw = weeks.unwrap_or(0);
    let mut found = Found::default();
    let tonnage = cx.read(
        &TONNAGE,
        vec![
            (
                "area",
                ids(|m| m.areas.iter().map(|x| x.id.as_str()).collect()),
            ),
            (
                "stream",
                ids(|m| m.streams.iter().map(|x| x.id.as_str()).collect()),
            ),
        ],
        ndarray::Dim([len(|m| m.areas.len()), len(|m| m.streams.len()), nw]),
        &mut found,
    );
    let prices = cx.read(
        &PRICES,
        vec![
            (
                "outlet",
                ids(|m| m.outlets.iter().map(|x| x.id.as_str()).collect()),
            ),
            (
                "fraction",
                ids(|m| m.fractions.iter().map(|x| x.id.as_str()).collect()),
            ),
        ],
        ndarray::Dim([len(|m| m.outlets.len()), len(|m| m.fractions.len()), nw]),
        &mut found,
    );
    let calendar = cx.read(
        &CALENDAR,
        vec![(
            "site",
            ids(|m| m.sites.iter().map(|x| x.id.as_str()).collect()),
        )],
        ndarray::Dim([len(|m| m.sites.len()), nw]),
        &mut found,
    );
    // Tables that could not be read first, as when they stopped the load.
    let mut series_problems = found.unread;
    series_problems.append(&mut found.rows);
    let actuals = read_named(
        &instance_path,
        &instance,
        &dir,
        &ACTUALS,
        &mut series_problems,
    )
    .map(|p| read_actuals(&p));
    let openings = read_named(
        &instance_path,
        &instance,
        &dir,
        &OPENINGS,
        &mut series_problems,
    )
    .map(|p| read_openings(&p));
    let Some(model) = model else {
        problems.extend(series_problems);
        return Err(InputError { problems });
    };
    let tonnage = tonnage.unwrap_or_else(|label| Grid {
        path: label,
        values: ndarray::Array3::zeros((0, 0, 0)),
        lines: ndarray::Array3::zeros((0, 0, 0)),
    });
    Ok(RawInstance {
        instance_path,
        instance,
        model_path,
        model,
        tonnage,
        prices: prices.ok(),
        calendar: calendar.ok(),
        series_problems,
        actuals,
        openings,
    })
}

/// The file of a long table `t` (actuals, openings) an instance names, if any; a file that
/// cannot be found is a problem of the instance's field.
fn read_named(
    instance_path: &Path,
    instance: &InstanceFile,
    dir: &Path,
    t: &Table,
    problems: &mut Vec<Problem>,
) -> Option<PathBuf> {
    let (field, _, source) = source(instance, dir, t)?;
    let path = match &source {
        Source::Csv(p) => p.clone(),
        Source::Sheet { workbook, required } => {
            if !*required && !workbook_has_sheet(workbook, t.name) {
                return None;
            }
            workbook.clone()
        }
    };
    if let Err(e) = named_file(
        instance_path,
        field,
        &path,
        "a CSV file or an .xlsx workbook",
    ) {
        problems.push(e);
        return None;
    }
    Some(path)
}

/// Whether a workbook has a sheet of that name (false when it cannot be read: reading its
/// other tables reports why).
fn workbook_has_sheet(workbook: &Path, sheet: &str) -> bool {
    use calamine::Reader;
    calamine::open_workbook::<calamine::Xlsx<_>, _>(workbook)
        .map(|wb| wb.sheet_names().iter().any(|n| n == sheet))
        .unwrap_or(false)
}

/// Problems of the series: of tables that could not be read, and of the rows of the others.
#[derive(Default)]
struct Found {
    unread: Vec<Problem>,
    rows: Vec<Problem>,
}

/// What reading an instance's series needs to know of the instance.
struct Series<'a> {
    instance_path: &'a Path,
    instance: &'a InstanceFile,
    dir: &'a Path,
    weeks: Option<usize>,
}

impl Series<'_> {
    /// Reads one table, its problems added to `found`. `Err` holds how messages name the
    /// table's source when there is no grid: the instance does not give the table, or it
    /// could not be read or shaped.
    fn read<D: ndarray::Dimension>(
        &self,
        t: &Table,
        keys: Vec<(&str, Option<HashMap<&str, usize>>)>,
        dims: D,
        found: &mut Found,
    ) -> Result<Grid<D>, PathBuf> {
        let Some((field, file, source)) = source(self.instance, self.dir, t) else {
            return Err(PathBuf::new());
        };
        let label = match &source {
            Source::Csv(p) => p.clone(),
            Source::Sheet { workbook, .. } => sheet_label(workbook, t.name),
        };
        let layout = Layout {
            columns: t.columns,
            keys,
            weeks: self.weeks,
        };
        let read = read_table(
            self.instance_path,
            t,
            (field, &file, &source),
            &layout,
            dims,
        );
        let (grid, mut ps) = read.unwrap_or((None, Vec::new()));
        match grid {
            Some(g) => {
                found.rows.append(&mut ps);
                Ok(g)
            }
            None => {
                // A workbook that cannot be read is named once, not once per table.
                ps.retain(|p| !found.unread.contains(p));
                found.unread.append(&mut ps);
                Err(label)
            }
        }
    }
}

/// Refuses models with more records of one kind than [`MAX_RECORDS`].
fn check_sizes(path: &Path, m: &ModelFile) -> Result<(), InputError> {
    let mut problems = Vec::new();
    let line_processes: usize = m.lines.iter().map(|l| l.processes.len()).sum();
    for (what, n) in [
        ("site", m.sites.len()),
        ("area", m.areas.len()),
        ("category", m.categories.len()),
        ("stream", m.streams.len()),
        ("fraction", m.fractions.len()),
        ("shift", m.shifts.len()),
        ("staff", m.staff.len()),
        ("line", m.lines.len()),
        ("line.process", line_processes),
        ("outlet", m.outlets.len()),
        ("stock", m.stocks.len()),
    ] {
        if n > MAX_RECORDS {
            problems.push(Problem::field(
                path,
                what,
                format!("{n} [[{what}]] records, expected at most {MAX_RECORDS}"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(InputError { problems })
    }
}

/// Reads and parses one TOML file; the error names the file and the line of the fault.
pub fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, InputError> {
    if let Ok(len) = text::regular_file(path) {
        if len > MAX_TOML_BYTES {
            return Err(InputError::one(Problem::file(
                path,
                format!(
                    "{len} bytes, expected a TOML file of at most {MAX_TOML_BYTES} bytes (16 MiB)"
                ),
            )));
        }
    }
    if let Err(m) = text::regular_file(path) {
        return Err(InputError::one(Problem::file(
            path,
            format!("{m} (expected a TOML file)"),
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        InputError::one(Problem::file(
            path,
            format!("cannot read file: {e} (expected a TOML file)"),
        ))
    })?;
    toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| line_of(&text, s.start));
        let msg = e.message().to_string();
        InputError::one(Problem {
            file: path.to_path_buf(),
            line,
            field: None,
            message: msg,
        })
    })
}
