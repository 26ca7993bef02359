//! Scenarios: named variations of a base instance, as an explicit list and/or a grid whose
//! axes combine as a Cartesian product. Every path and value is checked against the base
//! instance before any solve starts, and every faulty entry is reported with file and line.
//!
//! ```toml
//! base = "../juratri-2014"          # instance directory, relative to this file
//!
//! [[scenario]]
//! name = "CRT collapse"
//! change = [ { path = "tonnage.crt", scale = 0.5, weeks = [27, 52] } ]
//!
//! [[axis]]                           # grid axes: every combination is a scenario
//! path = "price.copper_buyer.copper"
//! scale = [1.0, 0.67]
//! ```

use crate::params::typed as paths;
pub use crate::params::typed::{Change, Scalar, Target};
pub use crate::params::Op;

use crate::error::{Error, InputError, Problem};
use crate::plant::Instance;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A scenario file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Base instance (directory or file), relative to the scenario file.
    pub base: String,
    /// Solve the LP relaxation in every scenario.
    #[serde(default)]
    pub relax: bool,
    /// Time limit per scenario, in seconds.
    pub time_limit_s: Option<f64>,
    /// Relative MIP gap per scenario (default: HiGHS's 1e-4).
    pub mip_gap: Option<f64>,
    /// Explicit scenarios.
    #[serde(default, rename = "scenario")]
    pub scenarios: Vec<ScenarioRaw>,
    /// Grid axes.
    #[serde(default, rename = "axis")]
    pub axes: Vec<AxisRaw>,
}

/// `[[scenario]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioRaw {
    /// Name, unique in the file.
    pub name: Spanned<String>,
    /// Changes to the base instance.
    #[serde(default)]
    pub change: Vec<ChangeRaw>,
}

/// One change: a parameter path and either `set` or `scale`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeRaw {
    /// Parameter path (see [`Target`]).
    pub path: Spanned<String>,
    /// New value.
    pub set: Option<f64>,
    /// Factor on the base value.
    pub scale: Option<f64>,
    /// First and last week (1-based) for tonnage and price changes.
    pub weeks: Option<[usize; 2]>,
}

/// `[[axis]]`: one grid axis, a path and a list of values to set or factors to scale by.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AxisRaw {
    /// Parameter path.
    pub path: Spanned<String>,
    /// Column name in the summary (default: the path).
    pub name: Option<String>,
    /// Values to set.
    pub set: Option<Vec<f64>>,
    /// Factors to scale by.
    pub scale: Option<Vec<f64>>,
    /// First and last week (1-based) for tonnage and price changes.
    pub weeks: Option<[usize; 2]>,
}

/// A resolved scenario: its place in the study, its name and its changes.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// 1-based position in the study (the order of the summary).
    pub id: usize,
    /// Name.
    pub name: String,
    /// Changes, applied in order.
    pub changes: Vec<Change>,
}

/// A study: the base instance and its scenarios, all checked.
#[derive(Debug, Clone)]
pub struct Study {
    /// The scenario file.
    pub path: PathBuf,
    /// The base instance.
    pub base: Instance,
    /// Scenarios in order.
    pub scenarios: Vec<Scenario>,
    /// Names of the varied parameters (summary columns), in order of first appearance.
    pub parameters: Vec<String>,
    /// Solve LP relaxations.
    pub relax: bool,
    /// Time limit per scenario.
    pub time_limit_s: Option<f64>,
    /// Relative MIP gap per scenario.
    pub mip_gap: Option<f64>,
}

/// Reads a scenario file and its base instance, resolving and checking every change.
pub fn load_study(path: &Path) -> Result<Study, Error> {
    let file: ScenarioFile = crate::input::read_toml(path)?;
    let base = read_base(path, &file)?;
    let mut ld = Loader {
        path,
        text: std::fs::read_to_string(path).unwrap_or_default(),
        base: &base,
        problems: Vec::new(),
        parameters: Vec::new(),
    };
    let mut scenarios = ld.explicit(&file.scenarios);
    let axes = ld.axes(&file.axes);
    scenarios.extend(ld.grid(&axes));
    if scenarios.is_empty() && ld.problems.is_empty() {
        ld.problems.push(Problem::file(
            path,
            "no [[scenario]] and no [[axis]], expected at least one scenario",
        ));
    }
    ld.check_limits(&file);
    let Loader {
        problems,
        parameters,
        ..
    } = ld;
    if !problems.is_empty() {
        return Err(InputError { problems }.into());
    }
    for (i, s) in scenarios.iter_mut().enumerate() {
        s.id = i + 1;
    }
    whole_models(path, &file, &scenarios)?;
    Ok(Study {
        path: path.to_path_buf(),
        base,
        scenarios,
        parameters,
        relax: file.relax,
        time_limit_s: file.time_limit_s,
        mip_gap: file.mip_gap,
    })
}

/// Every scenario validated as a whole model, as `validate` and `compare` do: the checks
/// between fields (a longest contract shorter than a cohort's tenure, a least contract shorter
/// than the ramp-up, too few agreed posts for the cohorts, a weekly maximum above the law's,
/// ...) that a change of one value can break. The changes are applied to the base's raw
/// records (weekly series changes aside: no check between fields reads them) and each problem
/// is named with its scenario.
fn whole_models(path: &Path, file: &ScenarioFile, scenarios: &[Scenario]) -> Result<(), Error> {
    use crate::params::raw;
    let wanted = |c: &Change| !(c.column.starts_with("tonnage.") || c.column.starts_with("price."));
    if !scenarios.iter().any(|s| s.changes.iter().any(wanted)) {
        return Ok(());
    }
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let base_file = crate::input::base_instance_file(path, &dir, &file.base)?;
    let base = crate::input::load(&base_file)?;
    let mut problems = Vec::new();
    for s in scenarios.iter().filter(|s| s.changes.iter().any(wanted)) {
        let mut r = base.clone();
        for c in s.changes.iter().filter(|c| wanted(c)) {
            // The typed change resolved against the base; its raw twin does too.
            if let Ok(rc) = raw::resolve(raw::RawBase::new(&r.model, &r), &c.column, c.op) {
                raw::apply(&mut r, &rc);
            }
        }
        if let Err(e) = crate::validate::validate(&r) {
            problems.extend(e.problems.into_iter().map(|p| Problem {
                file: path.to_path_buf(),
                line: None,
                field: Some(format!("scenario {} \"{}\"", s.id, s.name)),
                message: format!("the changed model is not valid: {p}"),
            }));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(InputError { problems }.into())
    }
}

/// The base instance named by `base`, relative to the scenario file's directory.
fn read_base(path: &Path, file: &ScenarioFile) -> Result<Instance, Error> {
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let base_file = crate::input::base_instance_file(path, &dir, &file.base)?;
    crate::load_instance(&base_file)
}

/// The state of resolving one scenario file against its base: every problem found so far
/// and the varied parameters in order of first appearance.
struct Loader<'a> {
    path: &'a Path,
    /// The file's text, for line numbers.
    text: String,
    base: &'a Instance,
    problems: Vec<Problem>,
    parameters: Vec<String>,
}

impl Loader<'_> {
    /// Records a problem at a place of the file.
    fn problem(&mut self, span: std::ops::Range<usize>, field: &str, message: String) {
        self.problems.push(Problem {
            file: self.path.to_path_buf(),
            line: Some(crate::input::line_of(&self.text, span.start)),
            field: Some(field.to_string()),
            message,
        });
    }

    /// Resolves a path and an operation against the base, or records why it cannot.
    fn resolve(
        &mut self,
        raw_path: &Spanned<String>,
        op: Op,
        weeks: Option<[usize; 2]>,
    ) -> Option<Change> {
        match paths::resolve(self.base, raw_path.get_ref(), op, weeks) {
            Ok(c) => Some(c),
            Err(msg) => {
                self.problem(raw_path.span(), "path", msg);
                None
            }
        }
    }

    /// Adds a summary column the first time it is seen.
    fn note_parameter(&mut self, column: &str) {
        if !self.parameters.iter().any(|p| p == column) {
            self.parameters.push(column.to_string());
        }
    }

    /// `[[scenario]]` entries: unique names, each change with exactly one of set or scale.
    fn explicit(&mut self, raw: &[ScenarioRaw]) -> Vec<Scenario> {
        let mut scenarios = Vec::new();
        let mut names = std::collections::HashSet::new();
        for s in raw {
            if !names.insert(s.name.get_ref().clone()) {
                self.problem(
                    s.name.span(),
                    "name",
                    format!(
                        "duplicate scenario name \"{}\", expected each name once",
                        s.name.get_ref()
                    ),
                );
            }
            let mut changes = Vec::new();
            for c in &s.change {
                let op = match (c.set, c.scale) {
                    (Some(v), None) => Op::Set(v),
                    (None, Some(f)) => Op::Scale(f),
                    _ => {
                        self.problem(
                            c.path.span(),
                            c.path.get_ref(),
                            "expected exactly one of `set` or `scale`".to_string(),
                        );
                        continue;
                    }
                };
                if let Some(ch) = self.resolve(&c.path, op, c.weeks) {
                    self.note_parameter(&ch.column);
                    changes.push(ch);
                }
            }
            scenarios.push(Scenario {
                id: 0,
                name: s.name.get_ref().clone(),
                changes,
            });
        }
        scenarios
    }

    /// `[[axis]]` entries, each resolved to its list of changes: one axis per path, exactly
    /// one non-empty list of values to set or scale by. A faulty axis is left out.
    fn axes(&mut self, raw: &[AxisRaw]) -> Vec<Vec<Change>> {
        let mut axes: Vec<Vec<Change>> = Vec::new();
        let mut axis_of_path: std::collections::HashMap<&str, (usize, usize)> =
            std::collections::HashMap::new();
        for (i, a) in raw.iter().enumerate() {
            let line = crate::input::line_of(&self.text, a.path.span().start);
            let key = a.path.get_ref().trim();
            if let Some(&(j, first)) = axis_of_path.get(key) {
                self.problem(
                    a.path.span(),
                    "path",
                    format!(
                        "axis {} (line {line}) varies \"{key}\" like axis {j} (line {first}): two axes on one path would compose while the summary shows one column, expected each path on one axis (list all its values there)",
                        i + 1
                    ),
                );
                continue;
            }
            axis_of_path.insert(key, (i + 1, line));
            let values: Vec<Op> = match (&a.set, &a.scale) {
                (Some(v), None) => v.iter().map(|&x| Op::Set(x)).collect(),
                (None, Some(v)) => v.iter().map(|&x| Op::Scale(x)).collect(),
                _ => {
                    self.problem(
                        a.path.span(),
                        a.path.get_ref(),
                        "expected exactly one of `set` or `scale` (a list of values)".into(),
                    );
                    continue;
                }
            };
            if values.is_empty() {
                self.problem(
                    a.path.span(),
                    a.path.get_ref(),
                    "empty list of values, expected at least one".into(),
                );
                continue;
            }
            let mut axis = Vec::new();
            for op in values {
                if let Some(mut ch) = self.resolve(&a.path, op, a.weeks) {
                    if let Some(n) = &a.name {
                        ch.column = n.clone();
                    }
                    axis.push(ch);
                }
            }
            if let Some(first) = axis.first() {
                let column = first.column.clone();
                self.note_parameter(&column);
            }
            axes.push(axis);
        }
        axes
    }

    /// The grid: the Cartesian product of the axes, the last axis varying fastest; none
    /// where an axis has no valid value, a problem above a million points.
    fn grid(&mut self, axes: &[Vec<Change>]) -> Vec<Scenario> {
        if axes.is_empty() || axes.iter().any(|a| a.is_empty()) {
            return Vec::new();
        }
        let total: usize = axes.iter().map(Vec::len).product();
        if total > 1_000_000 {
            self.problems.push(Problem::field(
                self.path,
                "axis",
                format!("the grid has {total} points, expected at most 1,000,000"),
            ));
            return Vec::new();
        }
        (0..total)
            .map(|i| {
                let mut rest = i;
                let mut idx = vec![0; axes.len()];
                for (k, a) in axes.iter().enumerate().rev() {
                    idx[k] = rest % a.len();
                    rest /= a.len();
                }
                let changes: Vec<Change> = idx
                    .iter()
                    .enumerate()
                    .map(|(k, &j)| axes[k][j].clone())
                    .collect();
                let name = changes
                    .iter()
                    .map(|c| format!("{}={}", c.column, c.op.label()))
                    .collect::<Vec<_>>()
                    .join(" ");
                Scenario {
                    id: 0,
                    name,
                    changes,
                }
            })
            .collect()
    }

    /// The per-scenario solver limits: non-negative numbers.
    fn check_limits(&mut self, file: &ScenarioFile) {
        for (field, v) in [
            ("time_limit_s", file.time_limit_s),
            ("mip_gap", file.mip_gap),
        ] {
            if let Some(t) = v {
                if !(t.is_finite() && t >= 0.0) {
                    self.problems.push(Problem::field(
                        self.path,
                        field,
                        format!("got {t}, expected a non-negative number"),
                    ));
                }
            }
        }
    }
}

impl Study {
    /// The instance of one scenario: the base with the scenario's changes applied. It keeps
    /// the base's name, so that two scenarios with the same inputs are the same instance.
    pub fn instance(&self, s: &Scenario) -> Instance {
        let mut inst = self.base.clone();
        for c in &s.changes {
            paths::apply(&mut inst, c);
        }
        inst
    }
}
