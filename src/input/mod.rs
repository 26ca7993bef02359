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
    /// Weekly tonnage rows, with their file and line numbers.
    pub tonnage: Located<Vec<TonnageRow>>,
    /// Optional weekly price overrides.
    pub prices: Option<Located<Vec<PriceRow>>>,
    /// Optional weekly availability of hours.
    pub calendar: Option<Located<Vec<CalendarRow>>>,
}

/// Rows of a CSV file with the line number (1-based, header is line 1) of each.
#[derive(Debug, Clone)]
pub struct Located<T> {
    /// The file the rows come from.
    pub path: PathBuf,
    /// The rows.
    pub rows: T,
    /// Line number of each row in the file.
    pub lines: Vec<usize>,
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

/// Reads an instance and its model from disk. Syntax errors in several files are all
/// reported together; a missing model stops the load since nothing else can be read.
pub fn load(path: &Path) -> Result<RawInstance, InputError> {
    let instance_path = instance_file(path);
    let instance: InstanceFile = read_toml(&instance_path)?;
    let dir = instance_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let model_path = dir.join(&instance.model);
    let mut problems = Vec::new();
    let model = match read_toml::<ModelFile>(&model_path) {
        Ok(m) => Some(m),
        Err(e) => {
            problems.extend(e.problems);
            None
        }
    };
    let tonnage = read_csv::<TonnageRow>(&dir.join(&instance.tonnage_csv))
        .map_err(|e| problems.extend(e.problems))
        .ok();
    let prices = match &instance.prices_csv {
        Some(p) => read_csv::<PriceRow>(&dir.join(p))
            .map_err(|e| problems.extend(e.problems))
            .ok(),
        None => None,
    };
    let calendar = match &instance.calendar_csv {
        Some(p) => read_csv::<CalendarRow>(&dir.join(p))
            .map_err(|e| problems.extend(e.problems))
            .ok(),
        None => None,
    };
    match (model, tonnage) {
        (Some(model), Some(tonnage)) if problems.is_empty() => Ok(RawInstance {
            instance_path,
            instance,
            model_path,
            model,
            tonnage,
            prices,
            calendar,
        }),
        _ => Err(InputError { problems }),
    }
}

/// Reads and parses one TOML file; the error names the file and the line of the fault.
pub fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, InputError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        InputError::one(Problem::file(
            path,
            format!("cannot read file: {e} (expected a TOML file)"),
        ))
    })?;
    toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
        let msg = e.message().to_string();
        InputError::one(Problem {
            file: path.to_path_buf(),
            line,
            field: None,
            message: msg,
        })
    })
}

/// Reads a CSV file with a header into typed rows; every bad row is reported with its line.
pub fn read_csv<T: serde::de::DeserializeOwned>(
    path: &Path,
) -> Result<Located<Vec<T>>, InputError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_path(path)
        .map_err(|e| {
            InputError::one(Problem::file(
                path,
                format!("cannot read file: {e} (expected a CSV file with a header)"),
            ))
        })?;
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(InputError::one(Problem::file(
                path,
                format!("cannot read the header: {e}"),
            )))
        }
    };
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for rec in reader.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(Problem {
                    file: path.to_path_buf(),
                    line: e.position().map(|p| p.line() as usize),
                    field: None,
                    message: e.to_string(),
                });
                continue;
            }
        };
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        match rec.deserialize::<T>(Some(&headers)) {
            Ok(r) => {
                rows.push(r);
                lines.push(line);
            }
            Err(e) => {
                let (field, message) = match e.kind() {
                    csv::ErrorKind::Deserialize { err, .. } => (
                        err.field()
                            .and_then(|i| headers.get(i as usize))
                            .map(str::to_string),
                        format!(
                            "{} (expected columns: {})",
                            err.kind(),
                            headers.iter().collect::<Vec<_>>().join(",")
                        ),
                    ),
                    _ => (None, e.to_string()),
                };
                problems.push(Problem {
                    file: path.to_path_buf(),
                    line: Some(line),
                    field,
                    message,
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(Located {
            path: path.to_path_buf(),
            rows,
            lines,
        })
    } else {
        Err(InputError { problems })
    }
}
