//! The parameter-path language: one table, one parser, two appliers (sweeps on validated
//! instances, investment studies on raw records) that agree on every check and message.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;
use triplan::params::{self, raw, typed, Op, ParamPath, PATHS};

const BEGIN: &str = "<!-- params table: begin -->\n";
const END: &str = "<!-- params table: end -->";

/// The README's table of paths is the code's. `TRIPLAN_BLESS=1` rewrites it from the code.
#[test]
fn readme_table_is_the_code_table() {
    let path = root().join("README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let a = text.find(BEGIN).expect("README marks the table's start") + BEGIN.len();
    let b = text.find(END).expect("README marks the table's end");
    let table = params::markdown_table();
    if std::env::var_os("TRIPLAN_BLESS").is_some() {
        std::fs::write(&path, format!("{}{table}{}", &text[..a], &text[b..])).unwrap();
        return;
    }
    assert_eq!(
        &text[a..b],
        table,
        "README's table of paths differs from params::PATHS (TRIPLAN_BLESS=1 rewrites it)"
    );
    for row in PATHS {
        assert!(text[a..b].contains(&format!("`{}`", row.pattern)));
    }
}

/// Every pattern of the table parses back to its own row, ids in placeholder order.
#[test]
fn every_pattern_parses_to_its_row() {
    for row in PATHS {
        // A kind the field is for (hire costs: permanent; agency mark-up: temporary).
        let kind = match row.param {
            params::Param::Staff(f) => f.kinds().map_or("insertion", |(k, _)| k[0].name()),
            _ => "insertion",
        };
        let path = row.pattern.replace("<kind>", kind).replace(['<', '>'], "");
        let p = ParamPath::parse(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(p.param, row.param, "{path}");
        assert_eq!(p.ids.len(), row.pattern.matches('<').count(), "{path}");
    }
    let e = ParamPath::parse("line.x.colour").unwrap_err();
    assert_eq!(
        e,
        "unknown line field \"colour\", expected availability, rate or running_cost_eur_per_h"
    );
    let e = ParamPath::parse("staff.s.wizard.productivity").unwrap_err();
    assert!(e.starts_with("unknown staff kind \"wizard\""), "{e}");
    let e = ParamPath::parse("nothing").unwrap_err();
    assert!(e.contains("staff.<site>.<kind>.<field>"), "{e}");
}

/// The same change, checked by the sweeps' applier on the validated tiny instance and by the
/// studies' applier on its raw records: the same verdict, word for word.
#[test]
fn both_appliers_give_the_same_verdicts() {
    let file = root().join("tests/fixtures/tiny/instance.toml");
    let inst = triplan::load_instance(&file).unwrap();
    let rawi = triplan::input::load(&file).unwrap();
    let base = raw::RawBase::new(&rawi.model, &rawi);
    let cases: &[(&str, Op)] = &[
        ("tonnage", Op::Scale(2.0)),
        ("tonnage", Op::Set(5.0)),
        ("tonnage", Op::Scale(-1.0)),
        ("tonnage", Op::Scale(1e30)),
        ("tonnage.mixed", Op::Set(30.0)),
        ("tonnage.mixed", Op::Set(-3.0)),
        ("tonnage.wood", Op::Scale(2.0)),
        ("price.scrap.metal", Op::Scale(1e9)),
        ("price.scrap.residual", Op::Set(1.0)),
        ("price.scrap.gold", Op::Set(1.0)),
        ("price.nobody.metal", Op::Set(1.0)),
        ("social.insertion_share_min", Op::Set(1.5)),
        ("social.funded_posts", Op::Scale(2.0)),
        ("social.funded_posts", Op::Set(3.0)),
        ("social.colour", Op::Set(1.0)),
        ("targets.recovery", Op::Scale(1.0)),
        ("targets.recycling", Op::Set(0.5)),
        ("category.small.recovery_target", Op::Set(2.0)),
        ("category.big.recovery_target", Op::Set(0.5)),
        ("staff.s.permanent.productivity", Op::Set(0.005)),
        ("staff.s.permanent.cost_eur_per_h", Op::Scale(2.0)),
        ("staff.s.insertion.headcount_max", Op::Set(3.0)),
        ("staff.s.wizard.headcount_max", Op::Set(3.0)),
        ("line.bench.rate", Op::Set(2.0)),
        ("line.bench.rate", Op::Scale(0.0)),
        ("line.bench.rate", Op::Scale(1e5)),
        ("line.bench.rate", Op::Scale(1.5)),
        ("line.bench.availability", Op::Set(f64::NAN)),
        ("site.s.intake_capacity_t", Op::Scale(-1.0)),
        ("stream.mixed.external_cost_eur_per_t", Op::Set(2e6)),
        ("shift.day.hours_per_week", Op::Set(200.0)),
        ("shift.night.hours_per_week", Op::Set(20.0)),
        ("outlet.scrap.max_t", Op::Scale(2.0)),
        ("outlet.scrap.max_t_per_week", Op::Set(10.0)),
        ("outlet.landfill.min_t", Op::Set(-1.0)),
        ("stream.mixed.colour", Op::Set(1.0)),
    ];
    for &(path, op) in cases {
        let t = typed::resolve(&inst, path, op, None).map(|_| ());
        let r = raw::resolve(base, path, op).map(|_| ());
        assert_eq!(t, r, "{path} {op:?}");
    }
    // The values the checks expect, once each.
    let msg = |path, op| typed::resolve(&inst, path, op, None).unwrap_err();
    assert_eq!(
        msg("staff.s.permanent.productivity", Op::Set(0.005)),
        "the value would be 0.005, expected at least 0.01 and at most 3"
    );
    assert_eq!(
        msg("targets.recovery", Op::Scale(1.0)),
        "\"targets.recovery\" has no value in the base to scale, expected `set`"
    );
}

/// A scale of a value the base lacks (no plant-wide target in the tiny model) is refused in
/// studies as in sweeps; it used to set the target to 0.
#[test]
fn scaling_an_absent_target_in_a_study_is_refused() {
    let dir = copy_fixture("invest-tiny");
    mutate(
        dir.path(),
        "study.toml",
        "change = [{ path = \"price.scrap.metal\", scale = 1.2 }]",
        "change = [{ path = \"price.scrap.metal\", scale = 1.2 }, { path = \"targets.recycling\", scale = 1.1 }]",
    );
    let e = match triplan::invest::load_study(&dir.path().join("study.toml")) {
        Err(triplan::Error::Input(e)) => e.problems,
        other => panic!("expected an input error, got {other:?}"),
    };
    assert!(
        e.iter().any(|p| p.message
            == "\"targets.recycling\" has no value in the base to scale, expected `set`"),
        "{e:?}"
    );
}

fn stderr_of(args: &[&str]) -> (Option<i32>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_triplan"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A TOML error whose span starts a line (an unknown key) is on that line, in sweep and study
/// files alike; so is a path error, one shared line counter for both kinds of file.
#[test]
fn errors_name_their_line_in_sweep_and_study_files() {
    let dir = copy_fixture("invest-tiny");
    let d = dir.path();
    // Line 5: an unknown key at the start of the line.
    std::fs::write(
        d.join("sweep.toml"),
        "base = \".\"\n\n[[scenario]]\nname = \"a\"\ncolour = \"red\"\n",
    )
    .unwrap();
    let (code, err) = stderr_of(&["sweep", p(&d.join("sweep.toml")), "--out", p(&d.join("o"))]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("sweep.toml:5: unknown field `colour`"),
        "{err}"
    );
    // Line 4: a path error, on the line of the path.
    std::fs::write(
        d.join("paths.toml"),
        "base = \".\"\n\n[[scenario]]\nname = \"a\"\nchange = [{ path = \"line.bench.colour\", set = 1 }]\n",
    )
    .unwrap();
    let (_, err) = stderr_of(&["sweep", p(&d.join("paths.toml")), "--out", p(&d.join("o"))]);
    assert!(
        err.contains("paths.toml:5: path: unknown line field"),
        "{err}"
    );
    // The study: an unknown key on line 7 of an option, a path error on line 8 of a trend.
    let study = "base = \".\"\nfirst_year = 2030\nyears = 2\ndiscount_rate = 0.1\n\n[[option]]\ncolour = 1\n";
    std::fs::write(d.join("s1.toml"), study).unwrap();
    let (code, err) = stderr_of(&["compare", p(&d.join("s1.toml"))]);
    assert_eq!(code, Some(2));
    assert!(err.contains("s1.toml:7: unknown field `colour`"), "{err}");
    let study = "base = \".\"\nfirst_year = 2030\nyears = 2\ndiscount_rate = 0.1\n\n[[trend]]\nrate = 0.1\npath = \"line.bench.colour\"\n";
    std::fs::write(d.join("s2.toml"), study).unwrap();
    let (_, err) = stderr_of(&["compare", p(&d.join("s2.toml"))]);
    assert!(
        err.contains("s2.toml:8: trend: unknown line field"),
        "{err}"
    );
}
