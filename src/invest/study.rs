//! The study file: reading it, resolving every name and path, and checking it before any solve.

use super::patch::{self, PatchFile, RawBase, RawChange};
use crate::error::{Error, InputError, Problem};
use crate::input::RawInstance;
use crate::scenario::Op;
use crate::validate::limits;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A study file as written (see the module documentation of [`crate::invest`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudyFile {
    /// Base instance (directory or `instance.toml`), relative to the study file. It is the
    /// plant in the first year.
    pub base: String,
    /// First calendar year of the study.
    pub first_year: i32,
    /// Number of years.
    pub years: usize,
    /// Yearly discount rate (0.05 = 5 %).
    pub discount_rate: f64,
    /// Solve LP relaxations (truck trips continuous).
    #[serde(default)]
    pub relax: bool,
    /// Solve only this many weeks of each year (see [`patch::keep_weeks`]).
    pub representative_weeks: Option<usize>,
    /// Time limit per solve, in seconds.
    pub time_limit_s: Option<f64>,
    /// Relative MIP gap per solve.
    pub mip_gap: Option<f64>,
    /// Compare every combination of options that respects `excludes` and `requires` (default:
    /// true when there is no `[[set]]`, false otherwise).
    pub combinations: Option<bool>,
    /// The future of the cost-of-the-mission evaluation (default: `central`, else the first).
    pub central_future: Option<Spanned<String>>,
    /// Changes that lift the social mission, for its cost (default:
    /// `social.insertion_share_min` set to 0).
    pub mission_free: Option<Vec<ChangeEntry>>,
    /// Yearly trends of every future.
    #[serde(default, rename = "trend")]
    pub trends: Vec<TrendEntry>,
    /// Investment options.
    #[serde(default, rename = "option")]
    pub options: Vec<OptionEntry>,
    /// Explicit option sets.
    #[serde(default, rename = "set")]
    pub sets: Vec<SetEntry>,
    /// Demand futures.
    #[serde(default, rename = "future")]
    pub futures: Vec<FutureEntry>,
}

/// `{ path = "...", rate = -0.25 }`: a compound yearly rate on a parameter path.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendEntry {
    /// Parameter path.
    pub path: Spanned<String>,
    /// Compound yearly rate: the value in year `y` (0 = first year) is the base value times
    /// `(1 + rate)^y`.
    pub rate: f64,
}

/// `{ path = "...", set = v }` or `{ path = "...", scale = f }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeEntry {
    /// Parameter path.
    pub path: Spanned<String>,
    /// New value.
    pub set: Option<f64>,
    /// Factor.
    pub scale: Option<f64>,
}

/// `[[option]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionEntry {
    /// Name, unique in the study.
    pub name: Spanned<String>,
    /// Free text.
    #[serde(default)]
    pub description: String,
    /// Patch file (records added to or replacing records of the model), relative to the study.
    pub patch: Option<String>,
    /// Parameter changes while the option is in service.
    #[serde(default)]
    pub change: Vec<ChangeEntry>,
    /// Capital cost, paid at the start of the start year.
    #[serde(default)]
    pub capital_eur: f64,
    /// Grants and subsidies received at the start of the start year.
    #[serde(default)]
    pub grants_eur: f64,
    /// Years in service from the start year.
    pub lifetime_years: u32,
    /// Value at the end of the study (default: linear depreciation of the capital cost).
    pub residual_value_eur: Option<f64>,
    /// Fixed costs per year in service (maintenance, insurance, rent), at least 0; a saving is
    /// a parameter change (a lower running cost, say), which the plans then price.
    #[serde(default)]
    pub fixed_eur_per_year: f64,
    /// First year the option can be in service (default: the first year).
    pub earliest_year: Option<Spanned<i32>>,
    /// Options that cannot be chosen with this one.
    #[serde(default)]
    pub excludes: Vec<Spanned<String>>,
    /// Options that must be chosen with this one (and start no later).
    #[serde(default)]
    pub requires: Vec<Spanned<String>>,
}

/// `[[set]]`: an explicit option set.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetEntry {
    /// Name, unique in the study.
    pub name: Spanned<String>,
    /// Option names.
    pub options: Vec<Spanned<String>>,
    /// Start years by option (default: the option's earliest year).
    #[serde(default)]
    pub start: BTreeMap<String, i32>,
}

/// `[[future]]`: a named demand future.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FutureEntry {
    /// Name, unique in the study.
    pub name: Spanned<String>,
    /// Weight in the expected NPV (normalised over the futures).
    #[serde(default = "one")]
    pub weight: f64,
    /// Extra trends, multiplying with the study's.
    #[serde(default)]
    pub trend: Vec<TrendEntry>,
}

fn one() -> f64 {
    1.0
}

/// A resolved trend.
#[derive(Debug, Clone)]
pub struct Trend {
    /// The parameter (its op is unused: the factor comes from the rate and the year).
    pub change: RawChange,
    /// Compound yearly rate.
    pub rate: f64,
}

/// A resolved investment option.
#[derive(Debug, Clone)]
pub struct InvestOption {
    /// Name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// The patch file, when there is one.
    pub patch_path: Option<PathBuf>,
    /// The patch (empty without a file).
    pub patch: PatchFile,
    /// Parameter changes.
    pub changes: Vec<RawChange>,
    /// Capital cost (EUR).
    pub capital_eur: f64,
    /// Grants (EUR).
    pub grants_eur: f64,
    /// Lifetime (years).
    pub lifetime_years: u32,
    /// Residual value at the end of the study, when given.
    pub residual_value_eur: Option<f64>,
    /// Fixed yearly cost (EUR).
    pub fixed_eur_per_year: f64,
    /// Earliest calendar year in service.
    pub earliest_year: i32,
    /// Indices of excluded options.
    pub excludes: Vec<usize>,
    /// Indices of required options.
    pub requires: Vec<usize>,
}

impl InvestOption {
    /// Whether the option, started in `start`, is in service in calendar year `year`.
    pub fn in_service(&self, start: i32, year: i32) -> bool {
        year >= start && year < start + self.lifetime_years as i32
    }
}

/// A set of options with their start years.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionSet {
    /// Name (`status quo` for the empty set).
    pub name: String,
    /// `(option index, start year)`, in option order.
    pub options: Vec<(usize, i32)>,
}

/// A resolved future.
#[derive(Debug, Clone)]
pub struct Future {
    /// Name.
    pub name: String,
    /// Weight, normalised so that the weights sum to 1.
    pub weight: f64,
    /// Extra trends.
    pub trends: Vec<Trend>,
}

/// A checked study, ready to evaluate.
#[derive(Debug, Clone)]
pub struct InvestStudy {
    /// The study file.
    pub path: PathBuf,
    /// The base instance as read (it validated).
    pub base: RawInstance,
    /// First calendar year.
    pub first_year: i32,
    /// Number of years.
    pub years: usize,
    /// Discount rate.
    pub discount_rate: f64,
    /// Solve LP relaxations.
    pub relax: bool,
    /// Weeks solved per year, when fewer than the base's.
    pub representative_weeks: Option<usize>,
    /// Time limit per solve.
    pub time_limit_s: Option<f64>,
    /// MIP gap per solve.
    pub mip_gap: Option<f64>,
    /// Trends of every future.
    pub trends: Vec<Trend>,
    /// Options.
    pub options: Vec<InvestOption>,
    /// Option sets; the first is the status quo.
    pub sets: Vec<OptionSet>,
    /// Futures (at least one).
    pub futures: Vec<Future>,
    /// Index of the future of the cost-of-the-mission evaluation.
    pub central: usize,
    /// Changes that lift the social mission.
    pub mission_free: Vec<RawChange>,
}

impl InvestStudy {
    /// Calendar years of the study.
    pub fn calendar(&self) -> std::ops::Range<i32> {
        self.first_year..self.first_year + self.years as i32
    }
    /// Last calendar year.
    pub fn last_year(&self) -> i32 {
        self.first_year + self.years as i32 - 1
    }
}


struct Ctx<'a> {
    path: &'a Path,
    text: String,
    problems: Vec<Problem>,
}

impl Ctx<'_> {
    fn at(
        &mut self,
        span: std::ops::Range<usize>,
        field: impl Into<String>,
        msg: impl Into<String>,
    ) {
        self.problems.push(Problem {
            file: self.path.to_path_buf(),
            line: Some(crate::input::line_of(&self.text, span.start)),
            field: Some(field.into()),
            message: msg.into(),
        });
    }
    fn field(&mut self, field: impl Into<String>, msg: impl Into<String>) {
        self.problems
            .push(Problem::field(self.path, field, msg.into()));
    }
}

/// Reads a study file, its base instance and the options' patch files, and checks
/// everything: names, references, years, paths, and the model with each option applied.
pub fn load_study(path: &Path) -> Result<InvestStudy, Error> {
    let file: StudyFile = crate::input::read_toml(path)?;
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let base_file = crate::input::instance_file(&dir.join(&file.base));
    crate::input::named_file(
        path,
        "base",
        &base_file,
        "an instance directory or its instance.toml",
    )
    .map_err(InputError::one)?;
    let base = crate::input::load(&base_file)?;
    crate::validate::validate(&base)?;
    let mut cx = Ctx {
        path,
        text,
        problems: Vec::new(),
    };
    let first = file.first_year;
    let last = first + file.years as i32 - 1;
    if !(1..=100).contains(&file.years) {
        cx.field(
            "years",
            format!("got {}, expected 1 to 100 years", file.years),
        );
    }
    if !(file.discount_rate.is_finite() && file.discount_rate > -1.0 && file.discount_rate < 1.0) {
        cx.field(
            "discount_rate",
            format!(
                "got {}, expected a yearly rate above -1 and below 1 (0.05 = 5 %)",
                file.discount_rate
            ),
        );
    }
    if let Some(n) = file.representative_weeks {
        let w = base.instance.weeks;
        if n == 0 || n > w {
            cx.field(
                "representative_weeks",
                format!("got {n}, expected 1 to {w} (the base instance's weeks)"),
            );
        }
    }
    for (f, v) in [
        ("time_limit_s", file.time_limit_s),
        ("mip_gap", file.mip_gap),
    ] {
        if let Some(t) = v {
            if !(t.is_finite() && t >= 0.0) {
                cx.field(f, format!("got {t}, expected a non-negative number"));
            }
        }
    }

    // Options: names first, so that references can be resolved.
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    for (i, o) in file.options.iter().enumerate() {
        let n = o.name.get_ref();
        if n.trim().is_empty() || n.contains(['+', '@', ',']) {
            cx.at(
                o.name.span(),
                "option.name",
                format!("\"{n}\": expected a non-empty name without '+', '@' or ','"),
            );
        } else if names.insert(n.clone(), i).is_some() {
            cx.at(
                o.name.span(),
                "option.name",
                format!("duplicate option name \"{n}\", expected each name once"),
            );
        }
    }
    let refs = |cx: &mut Ctx, list: &[Spanned<String>], me: &str, what: &str| -> Vec<usize> {
        let mut out = Vec::new();
        for r in list {
            match names.get(r.get_ref()) {
                Some(&j) if r.get_ref() == me => {
                    let _ = j;
                    cx.at(
                        r.span(),
                        format!("option \"{me}\".{what}"),
                        "an option cannot name itself",
                    );
                }
                Some(&j) => out.push(j),
                None => cx.at(
                    r.span(),
                    format!("option \"{me}\".{what}"),
                    format!(
                        "unknown option \"{}\", expected one of: {}",
                        r.get_ref(),
                        names.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                ),
            }
        }
        out
    };
    let mut options = Vec::new();
    for o in &file.options {
        let name = o.name.get_ref().clone();
        let f = |x: &str| format!("option \"{name}\".{x}");
        let patch_path = o.patch.as_ref().map(|p| dir.join(p));
        let patch = match &patch_path {
            Some(p) => match crate::input::named_file(path, &f("patch"), p, "a patch file (TOML)")
                .map_err(InputError::one)
                .and_then(|()| crate::input::read_toml::<PatchFile>(p))
            {
                Ok(x) => x,
                Err(e) => {
                    cx.problems.extend(e.problems);
                    PatchFile::default()
                }
            },
            None => PatchFile::default(),
        };
        if o.grants_eur > o.capital_eur {
            cx.at(
                o.name.span(),
                f("grants_eur"),
                format!(
                    "grants of {} exceed the capital cost of {}, expected at most the capital cost",
                    o.grants_eur, o.capital_eur
                ),
            );
        }
        if o.lifetime_years == 0 {
            cx.at(
                o.name.span(),
                f("lifetime_years"),
                "got 0, expected at least 1 year",
            );
        }
        if let Some(r) = o.residual_value_eur {
            if !(r.is_finite() && r >= 0.0 && r <= o.capital_eur) {
                cx.at(
                    o.name.span(),
                    f("residual_value_eur"),
                    format!(
                        "got {r}, expected 0 to the capital cost ({})",
                        o.capital_eur
                    ),
                );
            }
        }
        let money = [
            ("capital_eur", o.capital_eur),
            ("grants_eur", o.grants_eur),
            ("fixed_eur_per_year", o.fixed_eur_per_year),
        ];
        for (k, v) in money {
            if !(v.is_finite() && (0.0..=limits::EUR).contains(&v)) {
                cx.at(
                    o.name.span(),
                    f(k),
                    format!(
                        "got {}, expected a non-negative amount of at most {} EUR{}",
                        crate::validate::num(v),
                        crate::validate::num(limits::EUR),
                        if k == "fixed_eur_per_year" {
                            " (a saving is a parameter change, such as a lower running cost)"
                        } else {
                            ""
                        }
                    ),
                );
            }
        }
        let earliest = match &o.earliest_year {
            Some(y) => {
                let v = *y.get_ref();
                if v < first || v > last {
                    cx.at(
                        y.span(),
                        f("earliest_year"),
                        format!("got {v}, expected a year of the study, {first} to {last}"),
                    );
                }
                v
            }
            None => first,
        };
        let excludes = refs(&mut cx, &o.excludes, &name, "excludes");
        let requires = refs(&mut cx, &o.requires, &name, "requires");
        for r in &requires {
            if excludes.contains(r) {
                cx.at(
                    o.name.span(),
                    f("requires"),
                    format!(
                        "\"{}\" is both required and excluded",
                        file.options[*r].name.get_ref()
                    ),
                );
            }
        }
        options.push(InvestOption {
            name,
            description: o.description.clone(),
            patch_path,
            patch,
            changes: Vec::new(),
            capital_eur: o.capital_eur,
            grants_eur: o.grants_eur,
            lifetime_years: o.lifetime_years,
            residual_value_eur: o.residual_value_eur,
            fixed_eur_per_year: o.fixed_eur_per_year,
            earliest_year: earliest,
            excludes,
            requires,
        });
    }
    // Exclusion is mutual.
    for i in 0..options.len() {
        for j in options[i].excludes.clone() {
            if !options[j].excludes.contains(&i) {
                options[j].excludes.push(i);
            }
        }
    }

    // Option changes resolve against the base with the option's patch and its requirements'.
    for (i, o) in file.options.iter().enumerate() {
        let mut m = base.model.clone();
        let ps: Vec<(&str, &PatchFile)> = closure(&options, i)
            .into_iter()
            .map(|k| (options[k].name.as_str(), &options[k].patch))
            .collect();
        patch::apply_patches(&mut m, &ps);
        let mut changes = Vec::new();
        for c in &o.change {
            if let Some(ch) = resolve_change(
                &mut cx,
                RawBase::new(&m, &base),
                c,
                &format!("option \"{}\".change", options[i].name),
            ) {
                changes.push(ch);
            }
        }
        options[i].changes = changes;
    }

    // Trends and the mission-free changes resolve against the base with every patch.
    let mut union = base.model.clone();
    let all: Vec<(&str, &PatchFile)> = options
        .iter()
        .map(|o| (o.name.as_str(), &o.patch))
        .collect();
    patch::apply_patches(&mut union, &all);
    let union = RawBase::new(&union, &base);
    let trends = resolve_trends(&mut cx, union, &file.trends, "trend", file.years);
    let mut futures = Vec::new();
    let mut fnames = BTreeSet::new();
    for f in &file.futures {
        let n = f.name.get_ref().clone();
        if !fnames.insert(n.clone()) {
            cx.at(
                f.name.span(),
                "future.name",
                format!("duplicate future name \"{n}\", expected each name once"),
            );
        }
        if !(f.weight.is_finite() && f.weight >= 0.0) {
            cx.at(
                f.name.span(),
                format!("future \"{n}\".weight"),
                format!("got {}, expected a non-negative weight", f.weight),
            );
        }
        let trends = resolve_trends(
            &mut cx,
            union,
            &f.trend,
            &format!("future \"{n}\".trend"),
            file.years,
        );
        futures.push(Future {
            name: n,
            weight: f.weight,
            trends,
        });
    }
    if futures.is_empty() {
        futures.push(Future {
            name: "central".into(),
            weight: 1.0,
            trends: Vec::new(),
        });
    }
    let total_w: f64 = futures.iter().map(|f| f.weight).sum();
    if total_w > 0.0 {
        for f in &mut futures {
            f.weight /= total_w;
        }
    } else if total_w == 0.0 {
        cx.field(
            "future.weight",
            "every weight is 0, expected at least one positive weight",
        );
    }
    let central = match &file.central_future {
        Some(n) => futures
            .iter()
            .position(|f| &f.name == n.get_ref())
            .unwrap_or_else(|| {
                cx.at(
                    n.span(),
                    "central_future",
                    format!(
                        "unknown future \"{}\", expected one of: {}",
                        n.get_ref(),
                        futures
                            .iter()
                            .map(|f| f.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                0
            }),
        None => futures
            .iter()
            .position(|f| f.name == "central")
            .unwrap_or(0),
    };
    let mission_free = match &file.mission_free {
        Some(list) => list
            .iter()
            .filter_map(|c| resolve_change(&mut cx, union, c, "mission_free"))
            .collect(),
        None => vec![
            patch::resolve(union, "social.insertion_share_min", Op::Set(0.0))
                .expect("a path every model has"),
        ],
    };

    let sets = build_sets(&mut cx, &file, &options, last);

    // Each option alone (with what it requires), in its earliest year's model: the patch and
    // the changes must give a valid model. Problems name the option. (Checked even when
    // other entries are wrong, so that one run reports every problem it can.)
    {
        for i in 0..options.len() {
            let members: Vec<(usize, i32)> = closure(&options, i)
                .into_iter()
                .map(|k| (k, options[k].earliest_year))
                .collect();
            let mut raw = base.clone();
            let conflicts = apply_options(&mut raw, &options, &members, None);
            for c in conflicts {
                cx.at(
                    file.options[i].name.span(),
                    format!("option \"{}\"", options[i].name),
                    c,
                );
            }
            if let Err(e) = crate::validate::validate(&raw) {
                for p in e.problems {
                    cx.problems.push(attribute(
                        path,
                        &text_line(&cx, &file.options[i].name),
                        &options[i],
                        p,
                    ));
                }
            }
        }
        // Two options of one set must not define the same record.
        for s in &sets {
            let mut raw = base.clone();
            for c in apply_options(&mut raw, &options, &s.options, None) {
                cx.field(format!("set \"{}\"", s.name), c);
            }
        }
    }
    if !cx.problems.is_empty() {
        dedup(&mut cx.problems);
        return Err(InputError {
            problems: cx.problems,
        }
        .into());
    }
    Ok(InvestStudy {
        path: path.to_path_buf(),
        base,
        first_year: first,
        years: file.years,
        discount_rate: file.discount_rate,
        relax: file.relax,
        representative_weeks: file.representative_weeks,
        time_limit_s: file.time_limit_s,
        mip_gap: file.mip_gap,
        trends,
        options,
        sets,
        futures,
        central,
        mission_free,
    })
}

/// An option and every option it requires, directly or not.
pub(crate) fn closure(options: &[InvestOption], i: usize) -> Vec<usize> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![i];
    while let Some(k) = todo.pop() {
        if seen.insert(k) {
            todo.extend(options[k].requires.iter().copied());
        }
    }
    seen.into_iter().collect()
}

fn text_line(cx: &Ctx, name: &Spanned<String>) -> usize {
    crate::input::line_of(&cx.text, name.span().start)
}

fn dedup(problems: &mut Vec<Problem>) {
    let mut seen = Vec::new();
    problems.retain(|p| {
        if seen.contains(p) {
            false
        } else {
            seen.push(p.clone());
            true
        }
    });
}

/// Names the option in a validation problem of the model with the option applied: a problem
/// about one of the patch's records points at the patch file; any other at the option's
/// entry in the study file, quoting the original problem.
fn attribute(study: &Path, line: &usize, o: &InvestOption, p: Problem) -> Problem {
    let field = p.field.clone().unwrap_or_default();
    let in_patch = o
        .patch
        .signatures()
        .iter()
        .any(|s| field.starts_with(s.as_str()) || field.contains(s.as_str()));
    match (&o.patch_path, in_patch) {
        (Some(pp), true) => Problem {
            file: pp.clone(),
            line: record_line(pp, &field),
            field: p.field,
            message: format!("{} (option \"{}\")", p.message, o.name),
        },
        _ => Problem {
            file: study.to_path_buf(),
            line: Some(*line),
            field: Some(format!("option \"{}\"", o.name)),
            message: format!("with this option the model is invalid: {p}"),
        },
    }
}

/// The line of the record a validation field names (`line "x".site`: the line holding
/// `id = "x"`), in a patch file.
fn record_line(patch: &Path, field: &str) -> Option<usize> {
    let id = field.split('"').nth(1)?;
    let text = std::fs::read_to_string(patch).ok()?;
    text.lines()
        .position(|l| {
            let l: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            l.starts_with(&format!("id=\"{id}\""))
        })
        .map(|i| i + 1)
}

fn resolve_change(cx: &mut Ctx, m: RawBase, c: &ChangeEntry, field: &str) -> Option<RawChange> {
    let op = match (c.set, c.scale) {
        (Some(v), None) => Op::Set(v),
        (None, Some(f)) => Op::Scale(f),
        _ => {
            cx.at(
                c.path.span(),
                field,
                format!(
                    "{}: expected exactly one of `set` or `scale`",
                    c.path.get_ref()
                ),
            );
            return None;
        }
    };
    match patch::resolve(m, c.path.get_ref(), op) {
        Ok(ch) => Some(ch),
        Err(msg) => {
            cx.at(c.path.span(), field, msg);
            None
        }
    }
}

fn resolve_trends(
    cx: &mut Ctx,
    m: RawBase,
    list: &[TrendEntry],
    field: &str,
    years: usize,
) -> Vec<Trend> {
    let mut out = Vec::new();
    for t in list {
        let (lo, hi) = limits::TREND_RATE;
        if !(t.rate.is_finite() && (lo..=hi).contains(&t.rate)) {
            cx.at(
                t.path.span(),
                field,
                format!(
                    "{}: rate {} expected above -1, and from {lo} to {hi} (-0.25 = -25 % a year)",
                    t.path.get_ref(),
                    crate::validate::num(t.rate)
                ),
            );
            continue;
        }
        let factor = (1.0 + t.rate).powi(years.clamp(1, 1000) as i32 - 1);
        let (flo, fhi) = limits::TREND_FACTOR;
        if !(flo..=fhi).contains(&factor) {
            cx.at(
                t.path.span(),
                field,
                format!(
                    "{}: rate {} compounds to a factor of {factor:e} over {years} years, expected a factor from {flo:e} to {fhi:e}",
                    t.path.get_ref(),
                    t.rate
                ),
            );
            continue;
        }
        match patch::resolve(m, t.path.get_ref(), Op::Scale(1.0)) {
            Ok(change) => out.push(Trend {
                change,
                rate: t.rate,
            }),
            Err(msg) => cx.at(t.path.span(), field, msg),
        }
    }
    out
}

/// Applies the patches and changes of the given options (those in service in `year`, or all
/// with `None`) to a raw instance. Returns the patch conflicts.
pub fn apply_options(
    raw: &mut RawInstance,
    options: &[InvestOption],
    members: &[(usize, i32)],
    year: Option<i32>,
) -> Vec<String> {
    let on: Vec<usize> = members
        .iter()
        .filter(|&&(i, s)| year.is_none_or(|y| options[i].in_service(s, y)))
        .map(|&(i, _)| i)
        .collect();
    let ps: Vec<(&str, &PatchFile)> = on
        .iter()
        .map(|&i| (options[i].name.as_str(), &options[i].patch))
        .collect();
    let conflicts = patch::apply_patches(&mut raw.model, &ps);
    for &i in &on {
        for c in &options[i].changes {
            patch::apply(raw, c);
        }
    }
    conflicts
}

pub(crate) fn set_name(options: &[InvestOption], members: &[(usize, i32)]) -> String {
    if members.is_empty() {
        return "status quo".into();
    }
    members
        .iter()
        .map(|&(i, s)| {
            if s == options[i].earliest_year {
                options[i].name.clone()
            } else {
                format!("{}@{s}", options[i].name)
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Checks a set's members against excludes, requires and years; returns the problems.
pub(crate) fn set_problems(
    options: &[InvestOption],
    members: &[(usize, i32)],
    last: i32,
) -> Vec<String> {
    let mut out = Vec::new();
    let start = |i: usize| members.iter().find(|m| m.0 == i).map(|m| m.1);
    for &(i, s) in members {
        let o = &options[i];
        if s < o.earliest_year || s > last {
            out.push(format!("option \"{}\" starts in {s}, expected {} to {last} (its earliest year to the study's last)", o.name, o.earliest_year));
        }
        for &x in &o.excludes {
            if start(x).is_some() && x > i {
                out.push(format!(
                    "options \"{}\" and \"{}\" exclude each other",
                    o.name, options[x].name
                ));
            }
        }
        for &r in &o.requires {
            match start(r) {
                None => out.push(format!(
                    "option \"{}\" requires \"{}\", which is not in the set",
                    o.name, options[r].name
                )),
                Some(rs) if rs > s => out.push(format!(
                    "option \"{}\" starts in {s} but requires \"{}\", which starts later ({rs})",
                    o.name, options[r].name
                )),
                _ => {}
            }
        }
    }
    out
}

fn build_sets(
    cx: &mut Ctx,
    file: &StudyFile,
    options: &[InvestOption],
    last: i32,
) -> Vec<OptionSet> {
    let mut sets = vec![OptionSet {
        name: "status quo".into(),
        options: Vec::new(),
    }];
    let mut explicit: Vec<OptionSet> = Vec::new();
    for s in &file.sets {
        let name = s.name.get_ref().clone();
        let mut members = Vec::new();
        for o in &s.options {
            match options.iter().position(|x| &x.name == o.get_ref()) {
                Some(i) if members.iter().any(|m: &(usize, i32)| m.0 == i) => {
                    cx.at(
                        o.span(),
                        format!("set \"{name}\".options"),
                        format!("option \"{}\" listed twice", o.get_ref()),
                    );
                }
                Some(i) => {
                    let start = s
                        .start
                        .get(o.get_ref())
                        .copied()
                        .unwrap_or(options[i].earliest_year);
                    members.push((i, start));
                }
                None => cx.at(
                    o.span(),
                    format!("set \"{name}\".options"),
                    format!(
                        "unknown option \"{}\", expected one of: {}",
                        o.get_ref(),
                        options
                            .iter()
                            .map(|x| x.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            }
        }
        for k in s.start.keys() {
            if !s.options.iter().any(|o| o.get_ref() == k) {
                cx.at(
                    s.name.span(),
                    format!("set \"{name}\".start"),
                    format!("start year for \"{k}\", which is not among the set's options"),
                );
            }
        }
        members.sort();
        for msg in set_problems(options, &members, last) {
            cx.at(s.name.span(), format!("set \"{name}\""), msg);
        }
        if sets.iter().chain(&explicit).any(|x| x.name == name) {
            cx.at(s.name.span(), "set.name", format!("duplicate set name \"{name}\", expected each name once (\"status quo\" is reserved)"));
        }
        if let Some(prev) = sets.iter().chain(&explicit).find(|x| x.options == members) {
            cx.at(
                s.name.span(),
                format!("set \"{name}\""),
                format!("the same options and years as set \"{}\"", prev.name),
            );
        }
        explicit.push(OptionSet {
            name,
            options: members,
        });
    }
    let combos = file.combinations.unwrap_or(file.sets.is_empty());
    let n = options.len();
    if combos && n > 12 {
        cx.field("combinations", format!("{n} options make {} combinations, expected at most 12 options (list [[set]] entries and set combinations = false)", 1u64 << n));
    } else if combos {
        for mask in 1u32..(1 << n) {
            let members: Vec<(usize, i32)> = (0..n)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| (i, options[i].earliest_year))
                .collect();
            // Combinations that break a rule are left out; one that a [[set]] names keeps
            // that set's name and place.
            if !set_problems(options, &members, last).is_empty()
                || explicit.iter().any(|x| x.options == members)
            {
                continue;
            }
            sets.push(OptionSet {
                name: set_name(options, &members),
                options: members,
            });
        }
    }
    sets.extend(explicit);
    sets
}
