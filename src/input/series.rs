//! The instance file, and the weekly CSV series streamed into dense grids.
//!
//! A series file is read one record at a time into a grid indexed by the model's ids and the
//! week (`[area, stream, week]` for tonnage), never into a list of string records: memory is
//! bounded by the grid, whatever the file's size. Each cell remembers the line that wrote it,
//! so that later checks of its value still name the line. Reading checks the structure
//! (header, week numbers, known ids, numbers, one row per key, at most as many rows as the
//! grid has cells); [`crate::validate`] checks the values.

use crate::error::Problem;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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
    /// Weekly collected tonnage: columns `week,area,stream,tonnes`.
    #[serde(default = "default_tonnage")]
    pub tonnage_csv: String,
    /// Optional weekly outlet prices: `week,outlet,fraction,price_eur_per_t`.
    pub prices_csv: Option<String>,
    /// Optional weekly availability of hours: `week,site,availability` (0 to 1).
    pub calendar_csv: Option<String>,
}

fn default_weeks() -> usize {
    52
}

fn default_tonnage() -> String {
    "tonnage.csv".into()
}

/// Most weeks in a horizon.
pub const MAX_WEEKS: usize = 520;

/// Most cells in one series grid (weeks x areas x streams for tonnage, weeks x outlets x
/// fractions for prices): 50 million cells are 600 MB with their line numbers.
pub const MAX_GRID_CELLS: usize = 50_000_000;

/// Problems reported in full per series file; the rest are counted in one last problem.
pub const MAX_PROBLEMS_PER_FILE: usize = 50;

/// A weekly series as a dense grid: a value and the line (1-based; 0: no row) of each cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid<D: ndarray::Dimension> {
    /// The file the rows come from.
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

/// One series file's layout: its columns, and the id lists its key columns refer to.
pub(crate) struct Layout<'a> {
    /// Column names: the week, the key columns (ids), the value.
    pub columns: &'a [&'a str],
    /// For each key column, what it names (`area`) and the ids in model order; `None` when the
    /// model could not be read (the file is then read for its syntax only).
    pub keys: Vec<(&'a str, Option<HashMap<&'a str, usize>>)>,
    /// Weeks in the horizon, when valid.
    pub weeks: Option<usize>,
}

/// Problems of one file, the first [`MAX_PROBLEMS_PER_FILE`] in full, the rest counted.
struct Capped {
    path: PathBuf,
    problems: Vec<Problem>,
    more: usize,
}

impl Capped {
    fn push(&mut self, p: Problem) {
        if self.problems.len() < MAX_PROBLEMS_PER_FILE {
            self.problems.push(p);
        } else {
            self.more += 1;
        }
    }
    fn row(&mut self, line: usize, field: &str, msg: String) {
        let p = Problem::row(&self.path, line, field, msg);
        self.push(p);
    }
    fn line(&mut self, line: usize, msg: String) {
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

/// Streams a series file into a grid of the given shape (`dims`: the key columns' sizes, then
/// the weeks). Returns the grid (absent when the file cannot be read or its header is wrong)
/// and every problem found.
pub(crate) fn read_grid<D: ndarray::Dimension>(
    path: &Path,
    layout: &Layout,
    dims: D,
) -> (Option<Grid<D>>, Vec<Problem>) {
    let expected = layout.columns.join(",");
    let mut reader = match csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_path(path)
    {
        Ok(r) => r,
        Err(e) => {
            return (
                None,
                vec![Problem::file(
                    path,
                    format!(
                        "cannot read file: {e} (expected a CSV file with the header {expected})"
                    ),
                )],
            )
        }
    };
    let header = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return (
                None,
                vec![Problem::file(
                    path,
                    format!("cannot read the header: {e}, expected {expected}"),
                )],
            )
        }
    };
    let names: Vec<String> = header
        .iter()
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    let mut col = Vec::with_capacity(layout.columns.len());
    let mut missing = Vec::new();
    for c in layout.columns {
        match names.iter().position(|n| n == c) {
            Some(i) => col.push(i),
            None => missing.push(*c),
        }
    }
    let unknown: Vec<&str> = names
        .iter()
        .filter(|n| !layout.columns.contains(&n.as_str()))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() || !unknown.is_empty() || names.len() != layout.columns.len() {
        let got = if names.iter().all(|n| n.is_empty()) {
            "an empty header".to_string()
        } else {
            format!("the header \"{}\"", names.join(","))
        };
        return (
            None,
            vec![Problem::row(
                path,
                1,
                "header",
                format!("got {got}, expected the columns {expected} (each once)"),
            )],
        );
    }
    let measured = layout.weeks.is_some() && layout.keys.iter().all(|(_, k)| k.is_some());
    let shape = if measured {
        dims
    } else {
        D::zeros(dims.ndim())
    };
    let (cells, shape_v) = (shape.size(), shape.slice().to_vec());
    let mut values = vec![0.0; cells];
    let mut lines = vec![0u32; cells];
    let capacity = if measured { cells } else { usize::MAX };
    let mut out = Capped {
        path: path.to_path_buf(),
        problems: Vec::new(),
        more: 0,
    };
    let nkeys = layout.keys.len();
    let value_col = layout.columns[nkeys + 1];
    let mut rec = csv::ByteRecord::new();
    let mut rows = 0usize;
    let mut ix = vec![0usize; shape_v.len()];
    loop {
        match reader.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                out.line(line, format!("{e}, expected the columns {expected}"));
                if !matches!(
                    e.kind(),
                    csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }
                ) {
                    break;
                }
                continue;
            }
        }
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        rows += 1;
        let over = rows > capacity;
        'row: {
            let field = |i: usize| -> Result<&str, String> {
                std::str::from_utf8(&rec[col[i]]).map_err(|_| "not valid UTF-8 text".to_string())
            };
            let mut ok = true;
            let week = match field(0).and_then(|s| parse_week(s, layout.weeks)) {
                Ok(w) => w,
                Err(m) => {
                    out.row(line, "week", m);
                    ok = false;
                    None
                }
            };
            for (k, (what, ids)) in layout.keys.iter().enumerate() {
                match field(k + 1) {
                    Ok(id) => {
                        if let Some(ids) = ids {
                            match ids.get(id) {
                                Some(&i) => ix[k] = i,
                                None => {
                                    out.row(
                                        line,
                                        what,
                                        format!("unknown {what} \"{id}\", expected an id declared in the model"),
                                    );
                                    ok = false;
                                }
                            }
                        }
                    }
                    Err(m) => {
                        out.row(line, what, m);
                        ok = false;
                    }
                }
            }
            let value = match field(nkeys + 1).map(|s| (s, s.parse::<f64>())) {
                Ok((_, Ok(v))) => Some(v),
                Ok((s, Err(_))) => {
                    out.row(
                        line,
                        value_col,
                        format!("got \"{s}\", expected a number; expected columns: {expected}"),
                    );
                    None
                }
                Err(m) => {
                    out.row(line, value_col, m);
                    None
                }
            };
            let (Some(w), Some(v), true, true) = (week, value, ok, measured) else {
                break 'row;
            };
            ix[nkeys] = w;
            let cell = ix.iter().zip(&shape_v).fold(0, |acc, (&i, &n)| acc * n + i);
            let first = lines[cell];
            if first != 0 {
                let key: Vec<String> = (1..=nkeys)
                    .map(|k| {
                        let id = String::from_utf8_lossy(&rec[col[k]]).into_owned();
                        format!("{} \"{id}\"", layout.keys[k - 1].0)
                    })
                    .collect();
                out.row(
                    line,
                    "week",
                    format!(
                        "second row for week {}, {} (first on line {first}), expected one row each",
                        w + 1,
                        key.join(", ")
                    ),
                );
                break 'row;
            }
            values[cell] = v;
            lines[cell] = u32::try_from(line).unwrap_or(u32::MAX);
        }
        if over {
            // After the row's own problems: reading stops at the first row too many.
            let per: Vec<&str> = layout.keys.iter().map(|(k, _)| *k).collect();
            out.line(
                line,
                format!(
                    "more than {capacity} rows, expected at most one row per {} and week ({capacity} in all); reading stopped here",
                    per.join(", ")
                ),
            );
            break;
        }
    }
    let problems = out.finish();
    let grid = measured.then(|| Grid {
        path: path.to_path_buf(),
        values: ndarray::Array::from_shape_vec(shape.clone(), values).expect("shape"),
        lines: ndarray::Array::from_shape_vec(shape, lines).expect("shape"),
    });
    (grid, problems)
}

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
