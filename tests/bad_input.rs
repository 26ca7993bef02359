//! Regression tests for input that once panicked, was accepted silently, or reached the
//! solver: each must now exit with code 2 and a message naming the file, the field or line,
//! and what was expected.

mod common;

use common::*;
use std::path::Path;

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Runs `args` (with `{}` replaced by `target`) and asserts exit code 2 and every needle in
/// the error output.
fn refused(args: &[&str], target: &Path, needles: &[&str]) -> String {
    let args: Vec<&str> = args
        .iter()
        .map(|a| if *a == "{}" { p(target) } else { a })
        .collect();
    let o = triplan(&args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: expected {n:?} in:\n{err}");
    }
    err
}

/// `validate` and `solve` on a mutated copy of the tiny fixture both refuse it.
fn tiny_refused(edit: impl FnOnce(&Path), needles: &[&str]) -> String {
    let dir = copy_fixture("tiny");
    edit(dir.path());
    refused(&["solve", "{}"], dir.path(), needles);
    refused(&["validate", "{}"], dir.path(), needles)
}

fn with_prices(dir: &Path, csv: &str) {
    append(dir, "instance.toml", "prices_csv = \"prices.csv\"\n");
    std::fs::write(dir.join("prices.csv"), csv).unwrap();
}

fn with_calendar(dir: &Path, csv: &str) {
    append(dir, "instance.toml", "calendar_csv = \"calendar.csv\"\n");
    std::fs::write(dir.join("calendar.csv"), csv).unwrap();
}

#[test]
fn model_without_sites_is_reported_not_a_panic() {
    tiny_refused(
        |d| {
            mutate(
                d,
                "model.toml",
                "[[site]]\nid = \"s\"\nintake_capacity_t = 100\noutput_capacity_t = 100\n",
                "",
            )
        },
        &["model.toml: site: no [[site]] entry, expected at least one"],
    );
}

#[test]
fn conflicting_duplicate_price_rows_are_refused() {
    tiny_refused(
        |d| {
            with_prices(
                d,
                "week,outlet,fraction,price_eur_per_t\n1,scrap,metal,90\n1,scrap,metal,80\n",
            )
        },
        &["prices.csv:3: week: second row for week 1, outlet \"scrap\", fraction \"metal\" (first on line 2)"],
    );
}

#[test]
fn identical_duplicate_calendar_rows_are_refused() {
    tiny_refused(
        |d| with_calendar(d, "week,site,availability\n2,s,0.5\n2,s,0.5\n"),
        &["calendar.csv:3: week: second row for week 2, site \"s\" (first on line 2)"],
    );
}

#[test]
fn duplicate_stock_entries_are_refused() {
    tiny_refused(
        |d| {
            append(
                d,
                "model.toml",
                "\n[[stock]]\nsite = \"s\"\nstream = \"mixed\"\nopening_t = 5\n\n[[stock]]\nsite = \"s\"\nstream = \"mixed\"\nopening_t = 7\n",
            )
        },
        &["model.toml: stock[2]: second [[stock]] for stream \"mixed\" at site \"s\" (the first is stock[1])"],
    );
}

#[test]
fn garbage_header_without_rows_is_refused() {
    tiny_refused(
        |d| with_prices(d, "foo;bar\n"),
        &[
            "prices.csv:1: header: got the header \"foo;bar\"",
            "expected the columns week,outlet,fraction,price_eur_per_t",
        ],
    );
    tiny_refused(
        |d| with_calendar(d, ""),
        &["calendar.csv:1: header: got an empty header, expected the columns week,site,availability"],
    );
}

#[test]
fn hexadecimal_week_is_refused() {
    tiny_refused(
        |d| mutate(d, "tonnage.csv", "2,a,mixed,10", "0x2,a,mixed,10"),
        &["tonnage.csv:3: week: got 0x2, expected a week from 1 to 2"],
    );
    tiny_refused(
        |d| mutate(d, "tonnage.csv", "2,a,mixed,10", "+2,a,mixed,10"),
        &["tonnage.csv:3: week: got +2, expected a week from 1 to 2"],
    );
}

#[test]
fn numbers_out_of_range_are_refused_in_validation() {
    tiny_refused(
        |d| mutate(d, "tonnage.csv", "1,a,mixed,10", "1,a,mixed,1e23"),
        &["tonnage.csv:2: tonnes: got 1e23, expected a tonnage of at least 0 and at most 10000000"],
    );
    tiny_refused(
        |d| mutate(d, "model.toml", "metal = 100 }", "metal = 1e308 }"),
        &["outlet \"scrap\".prices_eur_per_t.metal: got 1e308, expected a number from -1000000 to 1000000"],
    );
    tiny_refused(
        |d| {
            mutate(
                d,
                "model.toml",
                "external_cost_eur_per_t = 500",
                "external_cost_eur_per_t = -1e308",
            )
        },
        &["stream \"mixed\".external_cost_eur_per_t: got -1e308, expected a number from -1000000 to 1000000"],
    );
    tiny_refused(
        |d| {
            mutate(
                d,
                "model.toml",
                "intake_capacity_t = 100",
                "intake_capacity_t = 1e23",
            )
        },
        &["site \"s\".intake_capacity_t: got 1e23, expected a number from 0 to 10000000"],
    );
    tiny_refused(
        |d| {
            mutate(
                d,
                "model.toml",
                "cost_eur_per_h = 20",
                "cost_eur_per_h = 1e12",
            )
        },
        &["cost_eur_per_h: got 1e12, expected a number from 0 to 10000"],
    );
    tiny_refused(
        |d| {
            with_prices(
                d,
                "week,outlet,fraction,price_eur_per_t\n1,scrap,metal,1e308\n",
            )
        },
        &["prices.csv:2: price_eur_per_t: got 1e308, expected a price from -1000000 to 1000000 EUR per tonne"],
    );
}

#[test]
fn trend_rates_beyond_the_range_are_refused() {
    let dir = copy_fixture("invest-tiny");
    mutate(dir.path(), "study.toml", "rate = 0.5", "rate = 1e15");
    refused(
        &["compare", "{}"],
        &dir.path().join("study.toml"),
        &["future \"growth\".trend: tonnage.mixed: rate 1e15 expected above -1, and from -0.9 to 1"],
    );
}

#[test]
fn negative_fixed_cost_of_an_option_is_refused() {
    let dir = copy_fixture("invest-tiny");
    mutate(
        dir.path(),
        "study.toml",
        "fixed_eur_per_year = 500",
        "fixed_eur_per_year = -500",
    );
    refused(
        &["compare", "{}"],
        &dir.path().join("study.toml"),
        &["option \"bench2\".fixed_eur_per_year: got -500, expected a non-negative amount"],
    );
}

#[test]
fn set_on_a_scale_only_path_is_refused_in_sweeps_and_options() {
    let dir = copy_fixture("tiny");
    std::fs::write(
        dir.path().join("rate.toml"),
        "base = \".\"\n\n[[scenario]]\nname = \"fast\"\nchange = [{ path = \"line.bench.rate\", set = 2 }]\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    refused(
        &["sweep", "{}", "--out", p(&out)],
        &dir.path().join("rate.toml"),
        &["rate.toml:5: path: `set = 2` on \"line.bench.rate\": this path takes `scale` only"],
    );
    assert!(!out.exists(), "nothing is written for a refused study");

    let dir = copy_fixture("invest-tiny");
    mutate(
        dir.path(),
        "study.toml",
        "{ path = \"price.scrap.metal\", scale = 1.2 }",
        "{ path = \"line.bench.rate\", set = 2 }",
    );
    refused(
        &["compare", "{}"],
        &dir.path().join("study.toml"),
        &["option \"press\".change: `set = 2` on \"line.bench.rate\": this path takes `scale` only"],
    );
}

#[test]
fn two_axes_on_one_path_are_refused() {
    let dir = copy_fixture("tiny");
    append(
        dir.path(),
        "sweep.toml",
        "\n[[axis]]\npath = \"price.scrap.metal\"\nscale = [1.0, 2.0]\n",
    );
    refused(
        &["sweep", "{}", "--out", p(&dir.path().join("out"))],
        &dir.path().join("sweep.toml"),
        &["sweep.toml:20: path: axis 3 (line 20) varies \"price.scrap.metal\" like axis 2 (line 16)"],
    );
}

#[test]
fn missing_files_are_named_by_the_file_and_field_that_name_them() {
    let err = tiny_refused(
        |d| {
            mutate(
                d,
                "instance.toml",
                "weeks = 2",
                "weeks = 2\ntonnage_csv = \"t.csv\"",
            )
        },
        &[
            "instance.toml: tonnage_csv: names ",
            "t.csv: cannot read file",
        ],
    );
    assert!(err.contains("expected a CSV file"), "{err}");
    let dir = copy_fixture("tiny");
    mutate(
        dir.path(),
        "sweep.toml",
        "base = \".\"",
        "base = \"elsewhere\"",
    );
    refused(
        &["sweep", "{}", "--out", p(&dir.path().join("out"))],
        &dir.path().join("sweep.toml"),
        &["sweep.toml: base: names ", "elsewhere", "cannot read file"],
    );
    let dir = copy_fixture("invest-tiny");
    mutate(
        dir.path(),
        "study.toml",
        "patch = \"bench2.toml\"",
        "patch = \"bench3.toml\"",
    );
    refused(
        &["compare", "{}"],
        &dir.path().join("study.toml"),
        &[
            "study.toml: option \"bench2\".patch: names ",
            "bench3.toml: cannot read file",
        ],
    );
}

#[test]
fn control_characters_in_ids_are_escaped() {
    let err = tiny_refused(
        |d| {
            mutate(
                d,
                "tonnage.csv",
                "2,a,mixed,10",
                "2,a,\x1b[2J\x1b[31mmixed\x07,10",
            )
        },
        &["unknown stream \"\\u{1b}[2J\\u{1b}[31mmixed\\u{7}\""],
    );
    assert!(!err.contains('\x1b'), "raw escape sequence in: {err:?}");
    assert!(!err.contains('\x07'), "raw bell in: {err:?}");
}

#[test]
fn more_rows_than_the_grid_holds_stop_the_read() {
    // Two weeks x one area x one stream: a third row cannot be right, and reading stops there.
    tiny_refused(
        |d| append(d, "tonnage.csv", "1,a,mixed,3\n2,a,mixed,4\n"),
        &[
            "tonnage.csv:4: week: second row for week 1",
            "tonnage.csv:4: more than 2 rows, expected at most one row per area, stream and week",
        ],
    );
}

#[test]
fn too_many_model_records_are_refused() {
    let dir = copy_fixture("tiny");
    let mut extra = String::new();
    for i in 0..100_001 {
        extra.push_str(&format!("[[fraction]]\nid = \"f{i}\"\n"));
    }
    append(dir.path(), "model.toml", &extra);
    refused(
        &["validate", "{}"],
        dir.path(),
        &["model.toml: fraction: 100003 [[fraction]] records, expected at most 100000"],
    );
}

#[test]
fn jobs_and_threads_are_bounded() {
    let o = triplan(&["solve", "tests/fixtures/tiny", "--threads", "100000"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--threads <THREADS>': got 100000, expected a whole number from 1 to"),
        "{}",
        stderr(&o)
    );
    let o = triplan(&["solve", "tests/fixtures/tiny", "--threads", "0"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let out = tempfile::tempdir().unwrap();
    let o = triplan(&[
        "sweep",
        "tests/fixtures/tiny/sweep.toml",
        "--out",
        p(&out.path().join("s")),
        "--jobs",
        "100000",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("got 100000, expected a whole number from 1 to"));
    let o = triplan(&[
        "compare",
        "tests/fixtures/invest-tiny/study.toml",
        "--jobs",
        "100000",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// A plant whose model would be too large to build (200 sites over two years: about ten
/// million columns) is refused by `validate` and `solve` before anything is built.
#[test]
fn a_model_too_large_to_build_is_refused_before_building() {
    let dir = tempfile::tempdir().unwrap();
    let inst = dir.path().join("big");
    let g = triplan(&[
        "generate",
        "--sites",
        "200",
        "--weeks",
        "104",
        "--out",
        p(&inst),
    ]);
    assert_eq!(g.status.code(), Some(0), "{}", stderr(&g));
    for cmd in ["validate", "solve"] {
        let o = triplan(&[cmd, p(&inst)]);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(e.contains("model.toml"), "{e}");
        assert!(e.contains("columns, expected at most 6000000"), "{e}");
    }
}
