//! Load: the files a user writes, read as they are (serde), before any validation.
//!
//! A plant model is a TOML file (`models/*.toml`); an instance is a directory holding
//! `instance.toml`, which names the model and the weekly CSV series. Nothing here checks
//! meaning: [`crate::validate`] turns these raw records into a typed [`crate::Instance`].

mod model;
mod series;

pub use model::*;
pub use series::*;

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
    /// length is out of range).
    pub tonnage: TonnageGrid,
    /// Optional weekly price overrides, `[outlet, fraction, week]`.
    pub prices: Option<PriceGrid>,
    /// Optional weekly availability of hours, `[site, week]`.
    pub calendar: Option<CalendarGrid>,
    /// Problems found while reading the series (unknown ids, weeks out of range, duplicate
    /// rows ...), reported by [`crate::validate`] together with the model's.
    pub series_problems: Vec<Problem>,
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
/// reported together; a missing model stops the load since nothing else can be read.
/// The series are streamed into grids shaped by the model's ids and the horizon.
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
    if weeks.is_none() {
        problems.push(Problem::field(
            &instance_path,
            "weeks",
            format!("got {}, expected 1 to {MAX_WEEKS} weeks", instance.weeks),
        ));
    }
    let mut series_problems = Vec::new();
    let ids =
        |f: &dyn Fn(&ModelFile) -> Vec<&str>| model.as_ref().map(|m| id_map(f(m).into_iter()));
    let len = |f: &dyn Fn(&ModelFile) -> usize| model.as_ref().map_or(0, f);
    let weeks_n = weeks.unwrap_or(0);
    let mut read = |field: &str,
                    file: &str,
                    columns: &[&str],
                    keys: Vec<(&str, Option<HashMap<&str, usize>>)>,
                    dims: &[usize]| {
        let p = dir.join(file);
        if let Err(e) = named_file(&instance_path, field, &p, "a CSV file") {
            problems.push(e);
            return None;
        }
        let cells = dims.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
        if cells.is_none_or(|c| c > MAX_GRID_CELLS) {
            problems.push(Problem::field(
                &instance_path,
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
            return None;
        }
        let layout = Layout {
            columns,
            keys,
            weeks,
        };
        let (grid, ps) = match dims {
            [a, b, c] => {
                let (g, ps) = read_grid(&p, &layout, ndarray::Dim([*a, *b, *c]));
                (g.map(Grids::Three), ps)
            }
            [a, b] => {
                let (g, ps) = read_grid(&p, &layout, ndarray::Dim([*a, *b]));
                (g.map(Grids::Two), ps)
            }
            _ => unreachable!("series grids have two or three axes"),
        };
        if grid.is_none() {
            problems.extend(ps);
        } else {
            series_problems.extend(ps);
        }
        grid
    };
    let tonnage = read(
        "tonnage_csv",
        &instance.tonnage_csv,
        &["week", "area", "stream", "tonnes"],
        vec![
            (
                "area",
                ids(&|m| m.areas.iter().map(|x| x.id.as_str()).collect()),
            ),
            (
                "stream",
                ids(&|m| m.streams.iter().map(|x| x.id.as_str()).collect()),
            ),
        ],
        &[len(&|m| m.areas.len()), len(&|m| m.streams.len()), weeks_n],
    );
    let prices = instance.prices_csv.as_ref().map(|f| {
        read(
            "prices_csv",
            f,
            &["week", "outlet", "fraction", "price_eur_per_t"],
            vec![
                (
                    "outlet",
                    ids(&|m| m.outlets.iter().map(|x| x.id.as_str()).collect()),
                ),
                (
                    "fraction",
                    ids(&|m| m.fractions.iter().map(|x| x.id.as_str()).collect()),
                ),
            ],
            &[
                len(&|m| m.outlets.len()),
                len(&|m| m.fractions.len()),
                weeks_n,
            ],
        )
    });
    let calendar = instance.calendar_csv.as_ref().map(|f| {
        read(
            "calendar_csv",
            f,
            &["week", "site", "availability"],
            vec![(
                "site",
                ids(&|m| m.sites.iter().map(|x| x.id.as_str()).collect()),
            )],
            &[len(&|m| m.sites.len()), weeks_n],
        )
    });
    let three = |g: Option<Grids>| match g {
        Some(Grids::Three(g)) => Some(g),
        _ => None,
    };
    let tonnage = three(tonnage);
    let prices = prices.map(three);
    let calendar = calendar.map(|g| match g {
        Some(Grids::Two(g)) => Some(g),
        _ => None,
    });
    let unread = tonnage.is_none()
        || prices.as_ref().is_some_and(Option::is_none)
        || calendar.as_ref().is_some_and(Option::is_none);
    match model {
        Some(model) if problems.is_empty() && !unread => Ok(RawInstance {
            instance_path,
            instance,
            model_path,
            model,
            tonnage: tonnage.expect("read"),
            prices: prices.flatten(),
            calendar: calendar.flatten(),
            series_problems,
        }),
        _ => {
            problems.extend(series_problems);
            Err(InputError { problems })
        }
    }
}

enum Grids {
    Two(CalendarGrid),
    Three(TonnageGrid),
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
    if let Ok(m) = std::fs::metadata(path) {
        if m.len() > MAX_TOML_BYTES {
            return Err(InputError::one(Problem::file(
                path,
                format!(
                    "{} bytes, expected a TOML file of at most {MAX_TOML_BYTES} bytes (16 MiB)",
                    m.len()
                ),
            )));
        }
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
