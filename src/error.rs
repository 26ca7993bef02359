//! Error types of the library. Input problems are collected, never thrown one at a time.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in the user's input: where it is and what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The file at fault.
    pub file: PathBuf,
    /// Line in the file, where known.
    pub line: Option<usize>,
    /// The field (TOML path or CSV column), where known.
    pub field: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl Problem {
    /// A problem with a whole file.
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        Problem {
            file: path.to_path_buf(),
            line: None,
            field: None,
            message: message.into(),
        }
    }

    /// A problem with a field of a file.
    pub fn field(path: &Path, field: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            file: path.to_path_buf(),
            line: None,
            field: Some(field.into()),
            message: message.into(),
        }
    }

    /// A problem on a line of a CSV file.
    pub fn row(path: &Path, line: usize, field: &str, message: impl Into<String>) -> Self {
        Problem {
            file: path.to_path_buf(),
            line: Some(line),
            field: Some(field.to_string()),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in an input, reported together.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    /// The problems, in file order.
    pub problems: Vec<Problem>,
}

impl InputError {
    /// An error with a single problem.
    pub fn one(p: Problem) -> Self {
        InputError { problems: vec![p] }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(f, "{n} input problem{}:", if n == 1 { "" } else { "s" })?;
        for p in &self.problems {
            writeln!(f, "  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// Errors of the library API.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input files are wrong (exit code 2).
    #[error("{0}")]
    Input(#[from] InputError),
    /// A request the build cannot serve, such as a backend not compiled in (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// Writing outputs failed (exit code 1).
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path written to.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The solver failed in a way that is not a property of the model (exit code 1).
    #[error("solver error: {0}")]
    Solver(String),
}
