//! Rows of a weekly table, whatever their source (a CSV file or a workbook's sheet), streamed
//! into a dense grid.
//!
//! A [`GridBuilder`] checks the header, then takes one row at a time: the week, the key
//! columns (ids resolved to model indices) and the value. It keeps no row, only the grid and
//! the line (or sheet row) that wrote each cell, so memory is bounded by the grid; it refuses
//! a second row for a key and stops at the first row beyond the grid's cells.

use super::series::{Grid, MAX_PROBLEMS_PER_FILE};
use crate::error::Problem;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One table's layout: its columns, and the id lists its key columns refer to.
pub(crate) struct Layout<'a> {
    /// Column names: the week, the key columns (ids), the value.
    pub columns: &'a [&'a str],
    /// For each key column, what it names (`area`) and the ids in model order; `None` when the
    /// model could not be read (the file is then read for its syntax only).
    pub keys: Vec<(&'a str, Option<HashMap<&'a str, usize>>)>,
    /// Weeks in the horizon, when valid.
    pub weeks: Option<usize>,
}

impl Layout<'_> {
    /// The column holding the value (`tonnes`, `price_eur_per_t`, `availability`).
    pub fn value_column(&self) -> &str {
        self.columns[self.keys.len() + 1]
    }
}

/// Problems of one file, the first [`MAX_PROBLEMS_PER_FILE`] in full, the rest counted.
pub(crate) struct Capped {
    path: PathBuf,
    problems: Vec<Problem>,
    more: usize,
}

impl Capped {
    pub fn new(path: &Path) -> Self {
        Capped {
            path: path.to_path_buf(),
            problems: Vec::new(),
            more: 0,
        }
    }
    pub fn push(&mut self, p: Problem) {
        if self.problems.len() < MAX_PROBLEMS_PER_FILE {
            self.problems.push(p);
        } else {
            self.more += 1;
        }
    }
    pub fn row(&mut self, line: usize, field: &str, msg: String) {
        let p = Problem::row(&self.path, line, field, msg);
        self.push(p);
    }
    pub fn line(&mut self, line: usize, msg: String) {
        let p = Problem {
            file: self.path.clone(),
            line: Some(line),
            field: None,
            message: msg,
        };
        self.push(p);
    }
    fn finish(mut self) -> Vec<Problem> {
        if self.more > 0 {
            self.problems.push(Problem::file(
                &self.path,
                format!(
                    "{} more problem{} not shown (the first {MAX_PROBLEMS_PER_FILE} are listed)",
                    self.more,
                    if self.more == 1 { "" } else { "s" }
                ),
            ));
        }
        self.problems
    }
}

/// A week as written: a decimal whole number (no sign, no `0x` prefix) from 1 to `weeks`.
fn parse_week(s: &str, weeks: Option<usize>) -> Result<Option<usize>, String> {
    let w: Option<usize> = if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    };
    match (w, weeks) {
        (Some(w), Some(n)) if (1..=n).contains(&w) => Ok(Some(w - 1)),
        (Some(_), None) => Ok(None),
        (_, Some(n)) => Err(format!("got {s}, expected a week from 1 to {n}")),
        (None, None) => Err(format!("got {s}, expected a week number (1, 2, ...)")),
    }
}

/// A row's cell for one of the layout's columns: its text, or what is wrong with the cell
/// itself (not UTF-8, a date ...).
pub(crate) type CellText<'r> = Result<Cow<'r, str>, String>;

/// Fills one grid from rows, checking their structure (see the module's documentation).
pub(crate) struct GridBuilder<'a, D: ndarray::Dimension> {
    layout: &'a Layout<'a>,
    /// For each layout column, its position in the source's rows.
    col: Vec<usize>,
    measured: bool,
    shape: D,
    values: Vec<f64>,
    lines: Vec<u32>,
    capacity: usize,
    rows: usize,
    ix: Vec<usize>,
    out: Capped,
}

impl<'a, D: ndarray::Dimension> GridBuilder<'a, D> {
    /// Checks a header (`names`, on line `line` of `path`, written with `sep` between names):
    /// exactly the layout's columns, each once, in any order. `dims` is the grid's shape: the
    /// key columns' sizes, then the weeks.
    pub fn new(
        path: &Path,
        layout: &'a Layout<'a>,
        dims: D,
        line: usize,
        names: &[String],
        sep: &str,
    ) -> Result<Self, Problem> {
        let expected = layout.columns.join(",");
        let mut col = Vec::with_capacity(layout.columns.len());
        let mut missing = false;
        for c in layout.columns {
            match names.iter().position(|n| n == c) {
                Some(i) => col.push(i),
                None => missing = true,
            }
        }
        let unknown = names.iter().any(|n| !layout.columns.contains(&n.as_str()));
        if missing || unknown || names.len() != layout.columns.len() {
            let got = if names.iter().all(|n| n.is_empty()) {
                "an empty header".to_string()
            } else {
                format!("the header \"{}\"", names.join(sep))
            };
            return Err(Problem::row(
                path,
                line,
                "header",
                format!("got {got}, expected the columns {expected} (each once)"),
            ));
        }
        let measured = layout.weeks.is_some() && layout.keys.iter().all(|(_, k)| k.is_some());
        let shape = if measured {
            dims
        } else {
            D::zeros(dims.ndim())
        };
        let cells = shape.size();
        Ok(GridBuilder {
            layout,
            col,
            measured,
            ix: vec![0; shape.ndim()],
            shape,
            values: vec![0.0; cells],
            lines: vec![0; cells],
            capacity: if measured { cells } else { usize::MAX },
            rows: 0,
            out: Capped::new(path),
        })
    }

    /// Where the layout's columns are in the source's rows, in layout order.
    pub fn columns(&self) -> &[usize] {
        &self.col
    }

    /// The problems found so far, to add a source's own (a malformed record ...).
    pub fn problems(&mut self) -> &mut Capped {
        &mut self.out
    }

    /// Takes one row on `line`; `cell(k)` gives its cell in the layout's `k`-th column.
    /// Returns `false` when reading must stop: the row is one more than the grid has cells.
    pub fn row<'r>(&mut self, line: usize, cell: impl Fn(usize) -> CellText<'r>) -> bool {
        self.rows += 1;
        self.fill(line, &cell);
        if self.rows <= self.capacity {
            return true;
        }
        // After the row's own problems: reading stops at the first row too many.
        let per: Vec<&str> = self.layout.keys.iter().map(|(k, _)| *k).collect();
        self.out.line(
            line,
            format!(
                "more than {} rows, expected at most one row per {} and week ({} in all); reading stopped here",
                self.capacity,
                per.join(", "),
                self.capacity
            ),
        );
        false
    }

    /// Checks one row and writes its value into the grid.
    fn fill<'r>(&mut self, line: usize, cell: &impl Fn(usize) -> CellText<'r>) {
        let layout = self.layout;
        let nkeys = layout.keys.len();
        let mut ok = true;
        let week = match cell(0).and_then(|s| parse_week(&s, layout.weeks)) {
            Ok(w) => w,
            Err(m) => {
                self.out.row(line, "week", m);
                ok = false;
                None
            }
        };
        for (k, (what, ids)) in layout.keys.iter().enumerate() {
            match (cell(k + 1), ids) {
                (Ok(id), Some(ids)) => match ids.get(id.as_ref()) {
                    Some(&i) => self.ix[k] = i,
                    None => {
                        self.out.row(
                            line,
                            what,
                            format!(
                                "unknown {what} \"{id}\", expected an id declared in the model"
                            ),
                        );
                        ok = false;
                    }
                },
                (Ok(_), None) => {}
                (Err(m), _) => {
                    self.out.row(line, what, m);
                    ok = false;
                }
            }
        }
        let value_col = layout.value_column();
        let value = match cell(nkeys + 1).map(|s| (s.parse::<f64>(), s)) {
            Ok((Ok(v), _)) => Some(v),
            Ok((Err(_), s)) => {
                let expected = layout.columns.join(",");
                self.out.row(
                    line,
                    value_col,
                    format!("got \"{s}\", expected a number; expected columns: {expected}"),
                );
                None
            }
            Err(m) => {
                self.out.row(line, value_col, m);
                None
            }
        };
        let (Some(w), Some(v), true, true) = (week, value, ok, self.measured) else {
            return;
        };
        self.ix[nkeys] = w;
        let at = self
            .ix
            .iter()
            .zip(self.shape.slice())
            .fold(0, |acc, (&i, &n)| acc * n + i);
        let first = self.lines[at];
        if first != 0 {
            let key: Vec<String> = (1..=nkeys)
                .map(|k| {
                    let id = cell(k).map(Cow::into_owned).unwrap_or_default();
                    format!("{} \"{id}\"", layout.keys[k - 1].0)
                })
                .collect();
            self.out.row(
                line,
                "week",
                format!(
                    "second row for week {}, {} (first on line {first}), expected one row each",
                    w + 1,
                    key.join(", ")
                ),
            );
            return;
        }
        self.values[at] = v;
        self.lines[at] = u32::try_from(line).unwrap_or(u32::MAX);
    }

    /// The grid (absent when the model's ids or the horizon were unknown, so that no grid
    /// could be shaped) and every problem found.
    pub fn finish(self, path: &Path) -> (Option<Grid<D>>, Vec<Problem>) {
        let problems = self.out.finish();
        let grid = self.measured.then(|| Grid {
            path: path.to_path_buf(),
            values: ndarray::Array::from_shape_vec(self.shape.clone(), self.values).expect("shape"),
            lines: ndarray::Array::from_shape_vec(self.shape, self.lines).expect("shape"),
        });
        (grid, problems)
    }
}
