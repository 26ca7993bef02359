//! Reading a study file and checking it, phase by phase, before any solve.

use super::changes::{resolve_change, resolve_trends};
use super::sets::{apply_options, build_sets, closure};
use super::*;
use crate::error::{Error, InputError, Problem};
use crate::invest::patch::{self, RawBase};
use crate::validate::limits;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub(super) struct Ctx<'a> {
    path: &'a Path,
    text: String,
    problems: Vec<Problem>,
}

impl Ctx<'_> {
    pub(super) fn at(
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
    pub(super) fn field(&mut self, field: impl Into<String>, msg: impl Into<String>) {
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
    let base = read_base(path, &dir, &file)?;
    let mut cx = Ctx {
        path,
        text,
        problems: Vec::new(),
    };
    let first = file.first_year;
    let last = first + file.years as i32 - 1;
    check_settings(&mut cx, &file, &base);
    let mut options = read_options(&mut cx, &file, &dir, (first, last));
    resolve_option_changes(&mut cx, &file, &base, &mut options);
    // Trends, futures and the mission-free changes resolve against the base with every patch.
    let mut union = base.model.clone();
    let all: Vec<(&str, &PatchFile)> = options
        .iter()
        .map(|o| (o.name.as_str(), &o.patch))
        .collect();
    patch::apply_patches(&mut union, &all);
    let union = RawBase::new(&union, &base);
    let trends = resolve_trends(&mut cx, union, &file.trends, "trend", file.years);
    let futures = read_futures(&mut cx, &file, union);
    let central = central_future(&mut cx, &file, &futures);
    let mission_free = mission_free(&mut cx, &file, union);
    let sets = build_sets(&mut cx, &file, &options, last);
    check_options_apply(&mut cx, &file, &base, &options, &sets);
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

/// The base instance, read and validated.
fn read_base(path: &Path, dir: &Path, file: &StudyFile) -> Result<RawInstance, Error> {
    let base_file = crate::input::base_instance_file(path, dir, &file.base)?;
    let base = crate::input::load(&base_file)?;
    crate::validate::validate(&base)?;
    Ok(base)
}

/// The study-wide settings: years, discount rate, representative weeks, solve limits.
fn check_settings(cx: &mut Ctx, file: &StudyFile, base: &RawInstance) {
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
}

/// Every option, with exclusions made mutual.
fn read_options(
    cx: &mut Ctx,
    file: &StudyFile,
    dir: &Path,
    years: (i32, i32),
) -> Vec<InvestOption> {
    let names = option_names(cx, file);
    let mut options: Vec<InvestOption> = file
        .options
        .iter()
        .map(|o| read_option(cx, file, &names, o, dir, years))
        .collect();
    // Exclusion is mutual.
    for i in 0..options.len() {
        for j in options[i].excludes.clone() {
            if !options[j].excludes.contains(&i) {
                options[j].excludes.push(i);
            }
        }
    }

    options
}

/// Option names, checked first so that references can be resolved.
fn option_names(cx: &mut Ctx, file: &StudyFile) -> BTreeMap<String, usize> {
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
    names
}

/// The options `list` names (`excludes` or `requires` of option `me`).
fn refs(
    cx: &mut Ctx,
    names: &BTreeMap<String, usize>,
    list: &[Spanned<String>],
    me: &str,
    what: &str,
) -> Vec<usize> {
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
}

/// One option as written: its patch file, amounts, years and references, checked.
fn read_option(
    cx: &mut Ctx,
    file: &StudyFile,
    names: &BTreeMap<String, usize>,
    o: &OptionEntry,
    dir: &Path,
    (first, last): (i32, i32),
) -> InvestOption {
    let name = o.name.get_ref().clone();
    let f = |x: &str| format!("option \"{name}\".{x}");
    let patch_path = o.patch.as_ref().map(|p| dir.join(p));
    let patch = match &patch_path {
        Some(p) => match crate::input::named_file(cx.path, &f("patch"), p, "a patch file (TOML)")
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
    let excludes = refs(cx, names, &o.excludes, &name, "excludes");
    let requires = refs(cx, names, &o.requires, &name, "requires");
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
    InvestOption {
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
    }
}

/// Option changes resolve against the base with the option's patch and its requirements'.
fn resolve_option_changes(
    cx: &mut Ctx,
    file: &StudyFile,
    base: &RawInstance,
    options: &mut [InvestOption],
) {
    for (i, o) in file.options.iter().enumerate() {
        let mut m = base.model.clone();
        let ps: Vec<(&str, &PatchFile)> = closure(options, i)
            .into_iter()
            .map(|k| (options[k].name.as_str(), &options[k].patch))
            .collect();
        patch::apply_patches(&mut m, &ps);
        let mut changes = Vec::new();
        for c in &o.change {
            if let Some(ch) = resolve_change(
                cx,
                RawBase::new(&m, base),
                c,
                &format!("option \"{}\".change", options[i].name),
            ) {
                changes.push(ch);
            }
        }
        options[i].changes = changes;
    }
}

/// The futures (a `central` one when none is written), weights normalised.
fn read_futures(cx: &mut Ctx, file: &StudyFile, union: RawBase) -> Vec<Future> {
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
            cx,
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
    futures
}

/// The future of the cost-of-the-mission evaluation.
fn central_future(cx: &mut Ctx, file: &StudyFile, futures: &[Future]) -> usize {
    match &file.central_future {
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
    }
}

/// The study's extra changes of the mission-free variant (default: none; the variant is
/// [`crate::plant::Instance::without_mission`] of the year's model after them).
fn mission_free(cx: &mut Ctx, file: &StudyFile, union: RawBase) -> Vec<RawChange> {
    file.mission_free
        .iter()
        .flatten()
        .filter_map(|c| resolve_change(cx, union, c, "mission_free"))
        .collect()
}

/// Each option alone (with what it requires), in its earliest year's model: the patch and
/// the changes must give a valid model. Problems name the option. (Checked even when other
/// entries are wrong, so that one run reports every problem it can.) Two options of one set
/// must not define the same record.
fn check_options_apply(
    cx: &mut Ctx,
    file: &StudyFile,
    base: &RawInstance,
    options: &[InvestOption],
    sets: &[OptionSet],
) {
    for i in 0..options.len() {
        let members: Vec<(usize, i32)> = closure(options, i)
            .into_iter()
            .map(|k| (k, options[k].earliest_year))
            .collect();
        let mut raw = base.clone();
        let conflicts = apply_options(&mut raw, options, &members, None);
        for c in conflicts {
            cx.at(
                file.options[i].name.span(),
                format!("option \"{}\"", options[i].name),
                c,
            );
        }
        if let Err(e) = crate::validate::validate(&raw) {
            for p in e.problems {
                let line = text_line(cx, &file.options[i].name);
                cx.problems.push(attribute(cx.path, &line, &options[i], p));
            }
        }
    }
    // Two options of one set must not define the same record.
    for s in sets {
        let mut raw = base.clone();
        for c in apply_options(&mut raw, options, &s.options, None) {
            cx.field(format!("set \"{}\"", s.name), c);
        }
    }
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
