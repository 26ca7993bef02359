//! Error types of the library. Input problems are collected, never thrown one at a time.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

/// [`escape`] line by line: a message of several lines (an explanation) keeps its line
/// breaks.
pub fn escape_lines(text: &str) -> String {
    text.split('\n').map(escape).collect::<Vec<_>>().join("\n")
}

/// User text made safe to print: control characters (terminal escape sequences, carriage
/// returns, newlines, NUL ...), the Unicode controls that reorder text on screen and the
/// characters that cannot be seen (no-break and other odd spaces, zero-width characters, soft
/// hyphens, byte order marks: an id that differs from the model's only by one) are written as
/// Rust escapes (`\u{1b}`), so that an id or a path in a message cannot rewrite
/// the terminal or hide part of the message. Every message of this module goes through it.
pub fn escape(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(
                c,
                '\u{a0}'
                    | '\u{ad}'
                    | '\u{180e}'
                    | '\u{2000}'..='\u{200f}'
                    | '\u{2028}'..='\u{202f}'
                    | '\u{205f}'..='\u{206f}'
                    | '\u{3000}'
                    | '\u{feff}'
            )
    };
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

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
        write!(f, "{}", escape(&self.file.display().to_string()))?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {}", escape(field))?;
        }
        write!(f, ": {}", escape(&self.message))
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
    #[error("{}", escape(.0))]
    Usage(String),
    /// Writing outputs failed (exit code 1).
    #[error("cannot write {}: {}", escape(&.path.display().to_string()), escape(&.source.to_string()))]
    Io {
        /// The path written to.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The solver failed in a way that is not a property of the model (exit code 1).
    #[error("solver error: {}", escape(.0))]
    Solver(String),
    /// The model has no solution: infeasible or unbounded, as the solver said (exit code 3,
    /// [`Status::exit_code`](crate::Status::exit_code)).
    #[error("{}", escape_lines(.message))]
    NoSolution {
        /// What the solver said.
        status: crate::solve::Status,
        /// Which model, and what it means.
        message: String,
    },
}

impl Error {
    /// The exit code of the command line for this error: 2 for bad input or usage, 3 for a
    /// model without a solution, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) | Error::Usage(_) => 2,
            Error::NoSolution { status, .. } => status.exit_code(),
            Error::Io { .. } | Error::Solver(_) => 1,
        }
    }
}
