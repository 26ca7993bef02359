//! Option sets: requirements, exclusions, names, and the sets a study compares.

use super::load::Ctx;
use super::{InvestOption, OptionSet, StudyFile};
use crate::input::RawInstance;
use crate::invest::patch::{self, PatchFile};
use std::collections::BTreeSet;

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

pub(super) fn build_sets(
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
