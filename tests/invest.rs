//! Investment comparison on the invest-tiny study, checked against hand computations, and
//! its bad-input errors.
//!
//! **The plant** (tests/fixtures/invest-tiny): the tiny fixture at its line's capacity,
//! 40 t a week over a 2-week horizon that stands for a year (figures x 52 / 2 = x 26). A tonne
//! processed costs 35 EUR (crew 2 h, half insertion at 30 EUR/h, half permanent at 20, 0.25 h
//! of supervision at 20: 55; running 10; metal 0.6 x (10 - 100) = -54; residual
//! 0.4 x (10 + 50) = 24); every tonne costs 5 EUR of inbound transport; a tonne the line
//! cannot take goes to the external contractor at E = 500 x 1.1^y EUR (trend +10 % a year).
//! Per week with T tonnes and capacity C: `5 T + 35 min(T, C) + E max(0, T - C)`.
//!
//! **Options**: `bench2` (a second line, C = 80; capital 10,000 less 2,000 of grants in 2030,
//! 500 a year fixed, life 10 years: residual 10,000 x (1 - 3/10) = 7,000) and `press` (metal
//! 20 % dearer: 35 -> 23 EUR per tonne processed; 3,000 in 2031, life 5: residual
//! 3,000 x (1 - 2/5) = 1,800). **Futures**: `flat` (T = 40) and `growth` (T = 40, 60, 90).
//!
//! Yearly operating costs (EUR):
//!
//! | set | flat, each year | growth 2030 | growth 2031 (E = 550) | growth 2032 (E = 605) |
//! |---|---|---|---|---|
//! | status quo | 52 (200 + 1,400) = 83,200 | 83,200 | 52 (300 + 1,400 + 11,000) = 660,400 | 52 (450 + 1,400 + 30,250) = 1,669,200 |
//! | bench2 | 83,200 | 83,200 | 52 (300 + 2,100) = 124,800 | 52 (450 + 2,800 + 6,050) = 483,600 |
//! | press (from 2031) | 83,200 then 52 (200 + 920) = 58,240 | 83,200 | 52 (300 + 920 + 11,000) = 635,440 | 52 (450 + 920 + 30,250) = 1,644,240 |
//! | both | 83,200 then 58,240 | 83,200 | 52 (300 + 1,380) = 87,360 | 52 (450 + 1,840 + 6,050) = 433,680 |
//!
//! Discounting at 10 %: capital at the start of its year (1.1^-s), operating and fixed costs at
//! the end of theirs (1.1^-(y+1)), residual at the end of 2032 (1.1^-3).

mod common;

use common::*;
use std::path::{Path, PathBuf};
use triplan::invest::{
    self, compare_file, load_study, CompareOptions, Comparison, OptimiseOptions,
};
use triplan::{Error, Problem};

const EPS: f64 = 1e-4;

fn d_end(y: usize) -> f64 {
    1.1f64.powi(-(y as i32 + 1))
}

fn d_start(y: usize) -> f64 {
    1.1f64.powi(-(y as i32))
}

/// Net present cost from yearly operating costs, fixed costs, net capital by year, residual.
fn npc(op: [f64; 3], fixed: [f64; 3], capital: [f64; 3], residual: f64) -> f64 {
    (0..3)
        .map(|y| d_end(y) * (op[y] + fixed[y]) + d_start(y) * capital[y])
        .sum::<f64>()
        - d_end(2) * residual
}

fn run(dir: &Path) -> Comparison {
    compare_file(
        &dir.join("study.toml"),
        None,
        &CompareOptions {
            jobs: 2,
            // The hand computation is about the study's own sets.
            schedule: false,
            ..Default::default()
        },
        &|_| {},
    )
    .unwrap()
}

fn set<'a>(c: &'a Comparison, name: &str) -> &'a invest::SetSummary {
    c.sets
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no set {name}"))
}

fn close(a: Option<f64>, b: f64) {
    let a = a.expect("a value");
    assert!((a - b).abs() < EPS * b.abs().max(1.0), "{a} != {b}");
}

fn fixture() -> PathBuf {
    root().join("tests/fixtures/invest-tiny")
}

#[test]
fn tiny_study_matches_hand_computation() {
    let c = run(&fixture());
    let names: Vec<&str> = c.sets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["status quo", "bench2", "press", "bench2 + press"]);
    assert!(c.failures.is_empty(), "{:?}", c.failures);
    assert_eq!(c.weeks_per_year, 2);

    // Yearly operating costs, as in the table above.
    let op = |s: &str, f: &str, y: i32| {
        c.yearly
            .iter()
            .find(|r| r.set == s && r.future == f && r.year == y && r.variant == "plan")
            .unwrap()
            .outcome
            .operating_eur
            .unwrap()
    };
    let table = [
        ("status quo", "growth", [83_200.0, 660_400.0, 1_669_200.0]),
        ("bench2", "growth", [83_200.0, 124_800.0, 483_600.0]),
        ("press", "growth", [83_200.0, 635_440.0, 1_644_240.0]),
        ("bench2 + press", "growth", [83_200.0, 87_360.0, 433_680.0]),
        ("press", "flat", [83_200.0, 58_240.0, 58_240.0]),
        ("bench2", "flat", [83_200.0; 3]),
    ];
    for (s, f, v) in table {
        for (year, cost) in (2030..).zip(v) {
            close(Some(op(s, f, year)), cost);
        }
    }

    // NPCs by hand, and NPV = NPC(status quo) - NPC(set).
    let sq_flat = npc([83_200.0; 3], [0.0; 3], [0.0; 3], 0.0);
    let sq_growth = npc([83_200.0, 660_400.0, 1_669_200.0], [0.0; 3], [0.0; 3], 0.0);
    let b_fixed = [500.0; 3];
    let b_cap = [8_000.0, 0.0, 0.0];
    let npv_b = [
        sq_flat - npc([83_200.0; 3], b_fixed, b_cap, 7_000.0),
        sq_growth - npc([83_200.0, 124_800.0, 483_600.0], b_fixed, b_cap, 7_000.0),
    ];
    let p_cap = [0.0, 3_000.0, 0.0];
    let npv_p = [
        sq_flat - npc([83_200.0, 58_240.0, 58_240.0], [0.0; 3], p_cap, 1_800.0),
        sq_growth - npc([83_200.0, 635_440.0, 1_644_240.0], [0.0; 3], p_cap, 1_800.0),
    ];
    let both_cap = [8_000.0, 3_000.0, 0.0];
    let npv_both = [
        sq_flat - npc([83_200.0, 58_240.0, 58_240.0], b_fixed, both_cap, 8_800.0),
        sq_growth - npc([83_200.0, 87_360.0, 433_680.0], b_fixed, both_cap, 8_800.0),
    ];
    // The same numbers written out (10 % discounting, rounded to the cent).
    assert!((npv_b[0] - -3_984.22).abs() < 0.01);
    assert!((npv_b[1] - 1_329_419.23).abs() < 0.01);
    assert!((npv_p[0] - 38_006.01).abs() < 0.01);
    assert!((npv_p[1] - 38_006.01).abs() < 0.01);
    assert!((npv_both[0] - 34_021.79).abs() < 0.01);
    assert!((npv_both[1] - 1_396_492.11).abs() < 0.01);
    for (name, npv) in [
        ("bench2", npv_b),
        ("press", npv_p),
        ("bench2 + press", npv_both),
    ] {
        let s = set(&c, name);
        close(s.futures[0].npv_eur, npv[0]);
        close(s.futures[1].npv_eur, npv[1]);
        close(s.expected_npv_eur, 0.5 * npv[0] + 0.5 * npv[1]);
    }
    let sq = set(&c, "status quo");
    assert_eq!(sq.futures[0].npv_eur, Some(0.0));
    close(sq.futures[0].npc_eur, sq_flat);

    // Payback: cumulative undiscounted savings (net of fixed costs) against capital - grants.
    // bench2, growth: -500 in 2030, then 660,400 - 124,800 - 500 > 8,000: 2031. Flat: never.
    assert_eq!(set(&c, "bench2").futures[1].payback_year, Some(2031));
    assert_eq!(set(&c, "bench2").futures[0].payback_year, None);
    // press: 0 in 2030 (not yet in service), 83,200 - 58,240 = 24,960 >= 3,000 in 2031.
    assert_eq!(set(&c, "press").futures[0].payback_year, Some(2031));
    assert_eq!(sq.futures[0].payback_year, None);

    // Regret: best NPV per future is press (flat) and both (growth).
    let best = [npv_p[0], npv_both[1]];
    let max_regret = |npv: [f64; 2]| (best[0] - npv[0]).max(best[1] - npv[1]);
    close(sq.max_regret_eur, max_regret([0.0, 0.0]));
    close(set(&c, "bench2").max_regret_eur, max_regret(npv_b));
    close(set(&c, "press").max_regret_eur, max_regret(npv_p));
    close(
        set(&c, "bench2 + press").max_regret_eur,
        max_regret(npv_both),
    );
    assert!((max_regret(npv_both) - 3_984.22).abs() < 0.01);
    let chosen: Vec<&str> = c
        .sets
        .iter()
        .filter(|s| s.minmax_regret_choice)
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(chosen, ["bench2 + press"]);
    assert!(set(&c, "bench2 + press").best_expected);

    // Insertion: one insertion hour per tonne processed; a full-time year is 2,080 h, so
    // 40 t a week is 1 FTE. Growth with bench2: 40, 60, 80 t a week processed: 4.5 FTE-years.
    close(Some(sq.futures[0].insertion_fte_years), 3.0);
    close(Some(set(&c, "bench2").futures[1].insertion_fte_years), 4.5);
    close(Some(sq.futures[1].external_t), 52.0 * (20.0 + 50.0));
    close(sq.futures[0].recovery_rate, 0.6);

    // The mission (future flat, the first): run as a classic firm (no insertion workers, no
    // insertion share, supervisors not required) every crew hour is permanent, 15 EUR per
    // tonne cheaper and 0 FTE. Extra cost 15 x 40 x 52 = 31,200 a year for 1 FTE: 31,200 EUR
    // per insertion FTE-year, in every set. Exits: one a plan (the opening cohort, see
    // model.toml), 26 a year, half of them to employment: 13 exits to employment a year
    // with the mission, none without, so 31,200 / 13 = 2,400 EUR per exit to employment.
    let years = d_end(0) + d_end(1) + d_end(2);
    for s in &c.sets {
        close(s.mission.eur_per_fte_year, 31_200.0);
        close(Some(s.mission.fte_years), 3.0);
        close(s.mission.extra_npc_eur, 31_200.0 * years);
        close(Some(s.mission.exits_to_employment), 3.0 * 13.0);
        close(Some(s.mission.discounted_exits_to_employment), 13.0 * years);
        close(s.mission.eur_per_exit_to_employment, 2_400.0);
    }
    let exits = |variant: &str| {
        c.yearly
            .iter()
            .filter(|r| r.variant == variant && r.future == "flat")
            .map(|r| r.outcome.insertion_exits)
            .collect::<Vec<f64>>()
    };
    assert!(
        exits("plan").iter().all(|&x| (x - 26.0).abs() < EPS),
        "{:?}",
        exits("plan")
    );
    assert!(exits("no_mission").iter().all(|&x| x == 0.0));
}

#[test]
fn options_out_of_service_add_nothing_to_the_model() {
    let c = run(&fixture());
    let vars = |s: &str, y: i32| {
        c.yearly
            .iter()
            .find(|r| r.set == s && r.year == y && r.future == "flat" && r.variant == "plan")
            .unwrap()
            .outcome
            .variables
    };
    assert!(vars("bench2", 2030) > vars("status quo", 2030));
    // press starts in 2031: its 2030 plan is the status quo's, solved once.
    assert_eq!(vars("press", 2030), vars("status quo", 2030));
    assert!(c.solves < c.jobs, "{} solves for {} jobs", c.solves, c.jobs);
    // Per set: every future and year, then the classic firm and the mission plan under its
    // opening rule (central future).
    assert_eq!(c.jobs, 4 * 2 * 3 + 2 * 4 * 3);
}

#[test]
fn explicit_start_years_and_representative_weeks() {
    let dir = copy_fixture("invest-tiny");
    append(
        dir.path(),
        "study.toml",
        "\n[[set]]\nname = \"bench2 late\"\noptions = [\"bench2\"]\nstart = { bench2 = 2031 }\n",
    );
    mutate(
        dir.path(),
        "study.toml",
        "discount_rate = 0.1\n",
        "discount_rate = 0.1\ncombinations = true\nrepresentative_weeks = 1\n",
    );
    let c = run(dir.path());
    assert_eq!(c.weeks_per_year, 1);
    assert_eq!(c.sets.len(), 5);
    assert_eq!(c.sets.last().unwrap().name, "bench2 late");
    // Both weeks are alike, so one week times 52 is the same year as two weeks times 26.
    let sq_growth = npc([83_200.0, 660_400.0, 1_669_200.0], [0.0; 3], [0.0; 3], 0.0);
    // Built in 2031: capital 8,000 at the start of 2031, fixed 500 in 2031 and 2032, two
    // years of use leave 10,000 x 0.8 = 8,000.
    let late = npc(
        [83_200.0, 124_800.0, 483_600.0],
        [0.0, 500.0, 500.0],
        [0.0, 8_000.0, 0.0],
        8_000.0,
    );
    let s = set(&c, "bench2 late");
    close(s.futures[1].npv_eur, sq_growth - late);
    assert_eq!(s.futures[1].payback_year, Some(2031));
    assert_eq!(s.options, vec![("bench2".to_string(), 2031)]);
    close(set(&c, "bench2").futures[1].npv_eur, 1_329_419.233659);
}

#[test]
fn requires_and_excludes_prune_the_combinations() {
    let dir = copy_fixture("invest-tiny");
    mutate(
        dir.path(),
        "study.toml",
        "earliest_year = 2031\n",
        "earliest_year = 2031\nrequires = [\"bench2\"]\n",
    );
    let st = load_study(&dir.path().join("study.toml")).unwrap();
    let names: Vec<&str> = st.sets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["status quo", "bench2", "bench2 + press"]);

    let dir = copy_fixture("invest-tiny");
    mutate(
        dir.path(),
        "study.toml",
        "earliest_year = 2031\n",
        "earliest_year = 2031\nexcludes = [\"bench2\"]\n",
    );
    let st = load_study(&dir.path().join("study.toml")).unwrap();
    let names: Vec<&str> = st.sets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["status quo", "bench2", "press"]);
}

/// `comparison.csv` and `yearly.csv` read back as typed rows, and those rows write the same
/// bytes again: the one writer and the one reader agree.
#[test]
fn comparison_tables_read_back_as_typed_rows() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("cmp");
    let opts = CompareOptions {
        schedule: false,
        ..CompareOptions::default()
    };
    let c = compare_file(&fixture().join("study.toml"), Some(&dir), &opts, &|_| {}).unwrap();
    let text = std::fs::read_to_string(dir.join("comparison.csv")).unwrap();
    let t = invest::ComparisonTable::read(&dir.join("comparison.csv")).unwrap();
    assert_eq!(t.futures, ["flat", "growth"]);
    assert_eq!(t.rows.len(), c.sets.len());
    for (row, set) in t.rows.iter().zip(&c.sets) {
        assert_eq!(row.set, set.name);
        assert_eq!(row.options, set.options);
        assert_eq!(row.minmax_regret_choice, set.minmax_regret_choice);
        for (f, g) in row.futures.iter().zip(&set.futures) {
            assert_eq!(f.payback_year, g.payback_year);
            let (a, b) = (f.npv_eur.unwrap_or(0.0), g.npv_eur.unwrap_or(0.0));
            assert!((a - b).abs() <= 1e-6, "{a} {b}");
        }
    }
    assert_eq!(t.text(), text);
    let yearly = std::fs::read_to_string(dir.join("yearly.csv")).unwrap();
    let y = invest::YearlyTable::read(&dir.join("yearly.csv")).unwrap();
    assert_eq!(y.rows.len(), c.yearly.len());
    assert_eq!(y.text(), yearly);
    assert_eq!(y.rows[0].year, c.yearly[0].year);
}

/// A comparison cell that is not what its column holds is an input problem naming the file,
/// the line and the column, on the page as in the reader.
#[test]
fn a_bad_comparison_cell_is_named_by_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("comparison.csv");
    let text = std::fs::read_to_string(root().join("tests/golden/html/comparison/comparison.csv"))
        .unwrap();
    let bad = text.replacen(
        "platform,platform@2015,1400000,",
        "platform,platform@2015,lots,",
        1,
    );
    assert_ne!(bad, text);
    std::fs::write(&path, bad).unwrap();
    let e = triplan::report::comparison_html(&path).unwrap_err();
    assert!(matches!(e, Error::Input(_)), "{e}");
    let e = e.to_string();
    assert!(
        e.contains("comparison.csv") && e.contains("line 3") && e.contains("net_investment_eur"),
        "{e}"
    );
    std::fs::write(&path, "set,npv_eur_a\nx,1\n").unwrap();
    let e = invest::ComparisonTable::read(&path)
        .unwrap_err()
        .to_string();
    assert!(e.contains("expected a comparison"), "{e}");
}

#[test]
fn writes_the_tables_and_refuses_foreign_directories() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("cmp");
    let opts = CompareOptions {
        schedule: false,
        ..CompareOptions::default()
    };
    let c = compare_file(&fixture().join("study.toml"), Some(&dir), &opts, &|_| {}).unwrap();
    let mut r = csv::Reader::from_path(dir.join("comparison.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    for col in [
        "set",
        "npv_eur_flat",
        "npv_eur_growth",
        "expected_npv_eur",
        "max_regret_eur",
        "choice",
        "payback_year_growth",
        "mission_eur_per_fte_year",
        "mission_eur_per_exit_to_employment",
    ] {
        assert!(h.iter().any(|x| x == col), "no column {col}");
    }
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    let ci = h.iter().position(|x| x == "choice").unwrap();
    assert_eq!(&rows[3][ci], "min-max regret; best expected NPV");
    let yearly = std::fs::read_to_string(dir.join("yearly.csv")).unwrap();
    assert_eq!(yearly.lines().count(), 1 + c.yearly.len());
    assert_eq!(c.yearly.len(), 4 * 2 * 3 + 2 * 4 * 3);
    assert!(dir.join("comparison.json").exists());
    let cash = std::fs::read_to_string(dir.join("cashflow.csv")).unwrap();
    assert_eq!(
        cash.lines().count(),
        1 + 3 * 2 * 3,
        "3 sets, 2 futures, 3 years"
    );
    assert!(invest::text(&c).contains("min-max regret"));
    // Again into the same directory: allowed (its own files); into a foreign one: refused.
    compare_file(&fixture().join("study.toml"), Some(&dir), &opts, &|_| {}).unwrap();
    let foreign = out.path().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let e = compare_file(
        &fixture().join("study.toml"),
        Some(&foreign),
        &opts,
        &|_| {},
    );
    assert!(matches!(e, Err(Error::Usage(_))), "{e:?}");
}

#[test]
fn reference_study_loads() {
    let st = load_study(&root().join("instances/juratri-2014/invest/study.toml")).unwrap();
    assert_eq!(st.years, 10);
    assert_eq!(st.futures.len(), 3);
    assert_eq!(st.futures[st.central].name, "central");
    // 2^3 combinations and two later starts.
    assert_eq!(st.sets.len(), 10);
}

// ---------------------------------------------------------------------------------------
// Bad input: each a clear error naming the file, the field and what was expected.

/// The problems of loading a mutated copy of the fixture.
fn problems(edit: impl FnOnce(&Path)) -> Vec<Problem> {
    let dir = copy_fixture("invest-tiny");
    edit(dir.path());
    match load_study(&dir.path().join("study.toml")) {
        Err(Error::Input(e)) => e.problems,
        other => panic!("expected an input error, got {other:?}"),
    }
}

fn find<'a>(ps: &'a [Problem], needle: &str) -> &'a Problem {
    ps.iter()
        .find(|p| p.to_string().contains(needle))
        .unwrap_or_else(|| panic!("no problem mentions {needle:?}: {ps:#?}"))
}

fn line_of(dir_file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(fixture().join(dir_file)).unwrap();
    1 + text.lines().position(|l| l.contains(needle)).unwrap()
}

#[test]
fn unknown_required_or_excluded_option() {
    let ps = problems(|d| {
        mutate(
            d,
            "study.toml",
            "earliest_year = 2031\n",
            "earliest_year = 2031\nrequires = [\"nope\"]\nexcludes = [\"gone\"]\n",
        )
    });
    let p = find(&ps, "unknown option \"nope\"");
    assert!(p.file.ends_with("study.toml"));
    assert_eq!(p.field.as_deref(), Some("option \"press\".requires"));
    assert_eq!(
        p.line,
        Some(line_of("study.toml", "earliest_year = 2031") + 1)
    );
    assert!(p.message.contains("expected one of: bench2, press"), "{p}");
    let p = find(&ps, "unknown option \"gone\"");
    assert_eq!(p.field.as_deref(), Some("option \"press\".excludes"));
}

#[test]
fn earliest_year_outside_the_study() {
    let ps = problems(|d| {
        mutate(
            d,
            "study.toml",
            "earliest_year = 2031",
            "earliest_year = 2040",
        )
    });
    let p = find(&ps, "got 2040");
    assert_eq!(p.field.as_deref(), Some("option \"press\".earliest_year"));
    assert!(
        p.message
            .contains("expected a year of the study, 2030 to 2032"),
        "{p}"
    );
    assert_eq!(p.line, Some(line_of("study.toml", "earliest_year = 2031")));
}

#[test]
fn a_patch_that_breaks_the_model_names_the_option_and_its_file() {
    let ps = problems(|d| mutate(d, "bench2.toml", "site = \"s\"", "site = \"nowhere\""));
    let p = find(&ps, "nowhere");
    assert!(p.file.ends_with("bench2.toml"), "{p}");
    assert_eq!(p.line, Some(line_of("bench2.toml", "id = \"bench2\"")));
    assert!(
        p.field.as_deref().unwrap().starts_with("line \"bench2\""),
        "{p}"
    );
    assert!(p.message.contains("(option \"bench2\")"), "{p}");
}

#[test]
fn a_change_that_breaks_the_model_names_the_option() {
    // Each value in its own range, but the contract hours (min_h_per_week) above the most a
    // person works in a week: only the validation of the model with the option applied sees it.
    let ps = problems(|d| {
        mutate(
            d,
            "study.toml",
            "change = [{ path = \"price.scrap.metal\", scale = 1.2 }]",
            "change = [{ path = \"price.scrap.metal\", scale = 1.2 }, { path = \"staff.s.permanent.min_h_per_week\", set = 50 }]",
        )
    });
    let p = find(&ps, "min_h_per_week");
    assert!(p.file.ends_with("study.toml"));
    assert_eq!(p.field.as_deref(), Some("option \"press\""));
    assert!(
        p.message.contains("with this option the model is invalid"),
        "{p}"
    );
    assert!(
        p.message
            .contains("contract hours of 50 h above max_h_per_week (40 h)"),
        "{p}"
    );
}

#[test]
fn a_change_out_of_range_is_reported_at_its_line_like_in_sweeps() {
    let ps = problems(|d| {
        mutate(
            d,
            "study.toml",
            "change = [{ path = \"price.scrap.metal\", scale = 1.2 }]",
            "change = [{ path = \"price.scrap.metal\", scale = 1.2 }, { path = \"line.bench.availability\", set = 1.5 }]",
        )
    });
    let p = find(&ps, "the value would be 1.5");
    assert!(p.file.ends_with("study.toml"));
    assert_eq!(p.field.as_deref(), Some("option \"press\".change"));
    assert_eq!(
        p.message,
        "the value would be 1.5, expected at least 0 and at most 1"
    );
    assert_eq!(
        p.line,
        Some(line_of("study.toml", "path = \"price.scrap.metal\""))
    );
    assert!(
        !ps.iter().any(|p| p.message.contains("model is invalid")),
        "{ps:?}"
    );
}

#[test]
fn a_syntax_error_in_a_patch_names_its_line() {
    let ps = problems(|d| {
        mutate(
            d,
            "bench2.toml",
            "rate_t_per_h = 1",
            "rate_t_per_h = \"fast\"",
        )
    });
    let p = &ps[0];
    assert!(p.file.ends_with("bench2.toml"), "{p}");
    assert_eq!(p.line, Some(line_of("bench2.toml", "rate_t_per_h")));
}

#[test]
fn unknown_trend_paths() {
    let ps = problems(|d| {
        mutate(
            d,
            "study.toml",
            "path = \"stream.mixed.external_cost_eur_per_t\"",
            "path = \"stream.mixed.colour\"",
        );
        mutate(
            d,
            "study.toml",
            "path = \"tonnage.mixed\"",
            "path = \"tonnage.gold\"",
        );
    });
    let p = find(&ps, "unknown parameter path \"stream.mixed.colour\"");
    assert_eq!(p.field.as_deref(), Some("trend"));
    assert_eq!(p.line, Some(line_of("study.toml", "path = \"stream.mixed")));
    let p = find(&ps, "unknown stream \"gold\"");
    assert_eq!(p.field.as_deref(), Some("future \"growth\".trend"));
    assert!(p.message.contains("expected one of: mixed"), "{p}");
}

#[test]
fn a_trend_rate_of_minus_one_or_less() {
    let ps = problems(|d| mutate(d, "study.toml", "rate = 0.5", "rate = -1.0"));
    find(&ps, "expected above -1");
}

#[test]
fn explicit_sets_that_break_the_rules() {
    let ps = problems(|d| {
        mutate(
            d,
            "study.toml",
            "earliest_year = 2031\n",
            "earliest_year = 2031\nrequires = [\"bench2\"]\n",
        );
        append(
            d,
            "study.toml",
            "\n[[set]]\nname = \"early press\"\noptions = [\"bench2\", \"press\"]\nstart = { press = 2030 }\n\
             \n[[set]]\nname = \"press alone\"\noptions = [\"press\"]\n\
             \n[[set]]\nname = \"press first\"\noptions = [\"bench2\", \"press\"]\nstart = { bench2 = 2032 }\n\
             \n[[set]]\nname = \"unknown\"\noptions = [\"crusher\"]\n",
        );
    });
    let p = find(&ps, "starts in 2030");
    assert_eq!(p.field.as_deref(), Some("set \"early press\""));
    assert!(p.message.contains("expected 2031 to 2032"), "{p}");
    let p = find(&ps, "requires \"bench2\", which is not in the set");
    assert_eq!(p.field.as_deref(), Some("set \"press alone\""));
    find(&ps, "requires \"bench2\", which starts later (2032)");
    find(&ps, "unknown option \"crusher\"");
}

#[test]
fn two_options_defining_the_same_record() {
    let ps = problems(|d| {
        mutate(
            d,
            "study.toml",
            "change = [{ path = \"price.scrap.metal\", scale = 1.2 }]",
            "patch = \"bench2.toml\"",
        )
    });
    let p = find(&ps, "both define line \"bench2\"");
    assert_eq!(p.field.as_deref(), Some("set \"bench2 + press\""));
}

#[test]
fn excluded_options_in_one_set() {
    let ps = problems(|d| {
        mutate(
            d,
            "study.toml",
            "earliest_year = 2031\n",
            "earliest_year = 2031\nexcludes = [\"bench2\"]\n",
        );
        append(
            d,
            "study.toml",
            "\n[[set]]\nname = \"both\"\noptions = [\"bench2\", \"press\"]\n",
        );
    });
    let p = find(&ps, "exclude each other");
    assert_eq!(p.field.as_deref(), Some("set \"both\""));
}

#[test]
fn a_trend_that_leaves_the_valid_range_in_a_later_year() {
    // The insertion share 0.5 grows by half a year: 1.125 in 2032, more than 1.
    let dir = copy_fixture("invest-tiny");
    append(
        dir.path(),
        "study.toml",
        "\n[[future]]\nname = \"zeal\"\ntrend = [{ path = \"social.insertion_share_min\", rate = 0.5 }]\n",
    );
    let e = compare_file(
        &dir.path().join("study.toml"),
        None,
        &CompareOptions::default(),
        &|_| {},
    );
    let Err(Error::Input(e)) = e else {
        panic!("expected an input error, got {e:?}")
    };
    let p = find(&e.problems, "insertion_share_min");
    assert!(p.file.ends_with("study.toml"));
    assert!(
        p.field
            .as_deref()
            .unwrap()
            .contains("future \"zeal\", year 2032"),
        "{p}"
    );
    assert!(p.message.contains("got 1.125"), "{p}");
    // 2031 (0.75) is fine.
    assert!(
        !e.problems.iter().any(|p| p.to_string().contains("2031")),
        "{e}"
    );
}

/// Every schedule of the tiny study, enumerated as explicit sets (bench2 from 2030, 2031 or
/// 2032 or never; press from 2031 or 2032 or never): the best expected NPV among them is the
/// schedule that the multi-year model and the enumeration both find.
#[test]
fn optimise_agrees_with_enumerating_every_start_year() {
    let dir = copy_fixture("invest-tiny");
    let mut sets = String::new();
    for b in [None, Some(2030), Some(2031), Some(2032)] {
        for p in [None, Some(2031), Some(2032)] {
            let mut opts = Vec::new();
            let mut start = Vec::new();
            for (name, y) in [("bench2", b), ("press", p)] {
                if let Some(y) = y {
                    opts.push(format!("\"{name}\""));
                    start.push(format!("{name} = {y}"));
                }
            }
            if !opts.is_empty() {
                sets += &format!(
                    "\n[[set]]\nname = \"{b:?} {p:?}\"\noptions = [{}]\nstart = {{ {} }}\n",
                    opts.join(", "),
                    start.join(", ")
                );
            }
        }
    }
    append(dir.path(), "study.toml", &sets);
    let c = run(dir.path());
    assert_eq!(c.sets.len(), 12);
    let best = c
        .sets
        .iter()
        .max_by(|a, b| {
            a.expected_npv_eur
                .unwrap()
                .total_cmp(&b.expected_npv_eur.unwrap())
        })
        .unwrap();

    let st = load_study(&fixture().join("study.toml")).unwrap();
    let s = invest::optimise(&st, &OptimiseOptions::default(), &|_| {}).unwrap();
    let e = invest::enumerate(&st, &CompareOptions::default(), &|_| {}).unwrap();
    assert_eq!(e.schedules, 4 * 3);
    for x in [&s, &e] {
        close(Some(x.expected_npv_eur), best.expected_npv_eur.unwrap());
        assert_eq!(x.starts, best.options);
        for (f, v) in x.npv_eur.iter().enumerate() {
            close(best.futures[f].npv_eur, *v);
        }
    }
    // Waiting a year with the second line saves its 2030 fixed cost and leaves more value at
    // the end; the baler comes as soon as it can.
    assert_eq!(
        s.starts,
        vec![("bench2".to_string(), 2031), ("press".to_string(), 2031)]
    );
    assert_eq!(s.in_service[0], Vec::<String>::new());
    let m = s.mip.as_ref().unwrap();
    assert_eq!(m.status, "Optimal");
    assert_eq!(m.binaries, 3 + 2, "bench2 in 2030-2032, press in 2031-2032");
    assert_eq!(m.plans_checked, 6, "3 years x 2 futures");
    assert!(m.sets_verified >= 2 + 2 * 4, "{m:?}");
    assert!((m.objective_eur - m.replanned_npc_eur).abs() < 1e-6 * m.replanned_npc_eur.abs());
    let text = invest::schedule_text(&st, &s);
    assert!(text.contains("build bench2 in 2031"), "{text}");
    assert!(text.contains("one mixed-integer model"), "{text}");
}

/// An option that retires within the study: the multi-year model takes its service years
/// from the build year and the lifetime, as the enumeration does.
#[test]
fn optimise_handles_options_retiring_within_the_study() {
    let dir = copy_fixture("invest-tiny");
    mutate(
        dir.path(),
        "study.toml",
        "lifetime_years = 10",
        "lifetime_years = 1",
    );
    mutate(
        dir.path(),
        "study.toml",
        "grants_eur = 2000",
        "grants_eur = 9000",
    );
    let st = load_study(&dir.path().join("study.toml")).unwrap();
    let s = invest::optimise(&st, &OptimiseOptions::default(), &|_| {}).unwrap();
    let e = invest::enumerate(&st, &CompareOptions::default(), &|_| {}).unwrap();
    assert_eq!(s.starts, e.starts);
    close(Some(s.expected_npv_eur), e.expected_npv_eur);
    // bench2 serves one year: the year its growth pays most, 2032 (T = 90).
    assert_eq!(s.starts[0], ("bench2".to_string(), 2032), "{s:?}");
    assert!(s.in_service[1].iter().all(|o| o != "bench2"));
}

/// An option that adds a whole site (its staff with a headcount floor, a line, deliveries and
/// outlet routes): every part of it is switched by the build decision, and the model agrees
/// with the enumeration.
#[test]
fn optimise_switches_a_whole_new_site() {
    let dir = copy_fixture("invest-tiny");
    std::fs::write(
        dir.path().join("site2.toml"),
        r#"
[[site]]
id = "s2"
intake_capacity_t = 100
output_capacity_t = 100

[[area]]
id = "a"
transport_eur_per_t = { s = 5, s2 = 2 }

[[staff]]
site = "s2"
kind = "permanent"
headcount_min = 1
headcount_max = 5
min_h_per_week = 40
max_h_per_week = 40
cost_eur_per_h = 20

[[staff]]
site = "s2"
kind = "insertion"
headcount_max = 5
min_h_per_week = 40
max_h_per_week = 40
cost_eur_per_h = 30

[[staff]]
site = "s2"
kind = "supervisor"
headcount_max = 2
min_h_per_week = 40
max_h_per_week = 40
cost_eur_per_h = 20

[[line]]
id = "bench_s2"
site = "s2"
shifts = ["day"]
running_cost_eur_per_h = 10

  [[line.process]]
  stream = "mixed"
  rate_t_per_h = 1
  crew_persons = 2
  yields = { metal = 0.6, residual = 0.4 }

[[outlet]]
id = "scrap"
treatment = "recycling"
prices_eur_per_t = { metal = 100 }
transport_eur_per_t = { s = 10, s2 = 10 }

[[outlet]]
id = "landfill"
treatment = "disposal"
prices_eur_per_t = { residual = -50 }
transport_eur_per_t = { s = 10, s2 = 10 }
"#,
    )
    .unwrap();
    append(
        dir.path(),
        "study.toml",
        "\n[[option]]\nname = \"site2\"\npatch = \"site2.toml\"\ncapital_eur = 20000\nlifetime_years = 20\nfixed_eur_per_year = 1000\nexcludes = [\"bench2\"]\n",
    );
    let st = load_study(&dir.path().join("study.toml")).unwrap();
    let s = invest::optimise(&st, &OptimiseOptions::default(), &|_| {}).unwrap();
    let e = invest::enumerate(&st, &CompareOptions::default(), &|_| {}).unwrap();
    assert_eq!(s.starts, e.starts);
    close(Some(s.expected_npv_eur), e.expected_npv_eur);
    for (a, b) in s.npv_eur.iter().zip(&e.npv_eur) {
        close(Some(*a), *b);
    }
    let m = s.mip.unwrap();
    assert_eq!(m.plans_checked, 6);
    // Without the excludes the two lines' effects add up too.
    mutate(dir.path(), "study.toml", "excludes = [\"bench2\"]\n", "");
    let st = load_study(&dir.path().join("study.toml")).unwrap();
    let s = invest::optimise(&st, &OptimiseOptions::default(), &|_| {}).unwrap();
    let e = invest::enumerate(&st, &CompareOptions::default(), &|_| {}).unwrap();
    assert_eq!(s.starts, e.starts);
    close(Some(s.expected_npv_eur), e.expected_npv_eur);
    assert!(s.starts.iter().any(|(o, _)| o == "site2"), "{s:?}");
}

/// Bad studies for the multi-year model: each refused before any solve, naming the study
/// file and what is wrong.
#[test]
fn optimise_refuses_studies_it_cannot_represent() {
    // Two exclusive options adding a line with the same id: the model would need one column
    // for both.
    let dir = copy_fixture("invest-tiny");
    append(
        dir.path(),
        "study.toml",
        "\n[[option]]\nname = \"bench2b\"\npatch = \"bench2.toml\"\ncapital_eur = 9000\nlifetime_years = 10\nexcludes = [\"bench2\"]\n",
    );
    let st = load_study(&dir.path().join("study.toml")).unwrap();
    let e = invest::optimise(&st, &OptimiseOptions::default(), &|_| {}).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, Error::Usage(_)), "{e:?}");
    assert!(
        msg.contains("study.toml") && msg.contains("bench2b"),
        "{msg}"
    );
    assert!(msg.contains("adds column x_bench2_mixed_day_w1"), "{msg}");
    assert!(
        msg.contains("give the option's parts their own ids"),
        "{msg}"
    );

    // Eight options that may all be in service together: 256 sets a year, over the 128 the
    // model verifies.
    let dir = copy_fixture("invest-tiny");
    let mut extra = String::new();
    for i in 0..6 {
        extra += &format!(
            "\n[[option]]\nname = \"o{i}\"\nchange = [{{ path = \"price.scrap.metal\", scale = 1.01 }}]\ncapital_eur = 100\nlifetime_years = 5\n"
        );
    }
    append(dir.path(), "study.toml", &extra);
    let st = load_study(&dir.path().join("study.toml")).unwrap();
    let e = invest::optimise(&st, &OptimiseOptions::default(), &|_| {}).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, Error::Usage(_)), "{e:?}");
    assert!(
        msg.contains("study.toml") && msg.contains("256 option sets may be in service in 2031"),
        "{msg}"
    );
}

/// Two options scaling the same price do not add up (1.2 x 1.2 is not 1 + 0.2 + 0.2): the
/// multi-year model refuses the study and says where, instead of pricing a wrong set.
#[test]
fn optimise_refuses_options_whose_effects_do_not_add_up() {
    let dir = copy_fixture("invest-tiny");
    append(
        dir.path(),
        "study.toml",
        "\n[[option]]\nname = \"press2\"\nchange = [{ path = \"price.scrap.metal\", scale = 1.2 }]\ncapital_eur = 1000\nlifetime_years = 5\nearliest_year = 2031\n",
    );
    let st = load_study(&dir.path().join("study.toml")).unwrap();
    let e = invest::optimise(&st, &OptimiseOptions::default(), &|_| {}).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, Error::Usage(_)), "{e:?}");
    assert!(msg.contains("press + press2"), "{msg}");
    assert!(msg.contains("do not add up"), "{msg}");
    assert!(msg.contains("study.toml"), "{msg}");
    // Excluding each other, they are never in service together: the study is accepted.
    mutate(
        dir.path(),
        "study.toml",
        "earliest_year = 2031\n\n[[future]]",
        "earliest_year = 2031\nexcludes = [\"press2\"]\n\n[[future]]",
    );
    let st = load_study(&dir.path().join("study.toml")).unwrap();
    let s = invest::optimise(&st, &OptimiseOptions::default(), &|_| {}).unwrap();
    let e = invest::enumerate(&st, &CompareOptions::default(), &|_| {}).unwrap();
    assert_eq!(s.starts, e.starts);
    close(Some(s.expected_npv_eur), e.expected_npv_eur);
}

/// The reference study (four representative weeks a year, so that the test runs in seconds):
/// the multi-year model's schedule and NPV are the best of the enumeration of all 1,000
/// schedules.
#[test]
fn optimise_agrees_with_enumeration_on_the_reference_study() {
    reference_agreement(4);
}

/// The same at 13 representative weeks (144 s on 2 cores:
/// `cargo test --release --test invest -- --ignored`).
#[test]
#[ignore]
fn optimise_agrees_with_enumeration_on_the_reference_study_at_13_weeks() {
    reference_agreement(13);
}

fn reference_agreement(weeks: usize) {
    let mut st = load_study(&root().join("instances/juratri-2014/invest/study.toml")).unwrap();
    st.representative_weeks = Some(weeks);
    // The multi-year model plans LP years; the enumeration it is checked against must too
    // (the reference study itself plans whole people).
    st.relax = true;
    // On 4 sampled weeks the screens of 2019 on cannot reach their 70 % recycling target when
    // every stock must end where it started (the sampled weeks' mix; on full years they
    // can): this test is about the two methods agreeing, so it lets the stock be drawn down.
    st.base.model.plant.closing_stock = triplan::input::ClosingStock::AtMostOpening;
    let s = invest::optimise(&st, &OptimiseOptions::default(), &|_| {}).unwrap();
    let e = invest::enumerate(&st, &CompareOptions::default(), &|_| {}).unwrap();
    assert_eq!(e.schedules, 10 * 10 * 10);
    assert_eq!(s.starts, e.starts, "{s:#?}\n{e:#?}");
    assert!(
        (s.expected_npv_eur - e.expected_npv_eur).abs() < 1e-6 * e.expected_npv_eur.abs(),
        "{} against {}",
        s.expected_npv_eur,
        e.expected_npv_eur
    );
    for (a, b) in s.npv_eur.iter().zip(&e.npv_eur) {
        assert!((a - b).abs() < 1e-6 * b.abs().max(1.0), "{a} against {b}");
    }
    let m = s.mip.as_ref().unwrap();
    assert_eq!(m.status, "Optimal");
    assert_eq!(m.binaries, 3 * 9, "three options, 2015 to 2023");
    assert_eq!(m.plans_checked, 30);
    assert!(
        !s.starts.is_empty(),
        "some investment pays in the reference study"
    );
}

/// A contract no option set can meet (the baler's buyer takes at least 1,000,000 t, the plant
/// collects a few hundred): the multi-year model is infeasible, which is the model's property
/// (exit code 3), not a solver failure (exit code 1).
#[test]
fn optimise_reports_an_infeasible_multi_year_model_as_infeasible() {
    let dir = copy_fixture("invest-tiny");
    mutate(
        dir.path(),
        "model.toml",
        "prices_eur_per_t = { metal = 100 }",
        "prices_eur_per_t = { metal = 100 }\nmin_t = 1000000",
    );
    let st = load_study(&dir.path().join("study.toml")).unwrap();
    let e = invest::optimise(&st, &OptimiseOptions::default(), &|_| {}).unwrap_err();
    assert!(
        matches!(
            e,
            Error::NoSolution {
                status: triplan::Status::Infeasible,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.exit_code(), 3);
    assert!(
        e.to_string()
            .starts_with("the multi-year model is infeasible"),
        "{e}"
    );
}

/// The tiny study compared with the default options (build years searched).
fn run_default(weeks: Option<usize>, full_year_check: bool) -> (Comparison, invest::InvestStudy) {
    let mut st = invest::load_study(&fixture().join("study.toml")).unwrap();
    st.representative_weeks = weeks;
    let opts = CompareOptions {
        jobs: 2,
        full_year_check,
        ..Default::default()
    };
    (invest::compare(&st, &opts, &|_| {}).unwrap(), st)
}

/// The NPV's parts in comparison.csv add up to its NPV, and the cash flow in cashflow.csv
/// ends, discounted and summed, at the same NPV (both read back from the written files).
#[test]
fn npv_parts_and_cash_flow_add_up_in_the_written_files() {
    let (c, _) = run_default(None, true);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    invest::write_dir(&c, &out).unwrap();
    let t = invest::ComparisonTable::read(&out.join("comparison.csv")).unwrap();
    let cash = invest::CashFlowTable::read(&out.join("cashflow.csv")).unwrap();
    let tol = |v: f64| 1e-6 * v.abs().max(1.0);
    let mut checked = 0;
    for row in &t.rows {
        for (k, f) in t.futures.iter().enumerate() {
            let npv = row.futures[k].npv_eur.unwrap();
            let parts = row.split(k).unwrap();
            let sum: f64 = parts.iter().sum();
            assert!(
                (sum - npv).abs() <= tol(npv),
                "{} {f}: {parts:?} sum {sum}, NPV {npv}",
                row.set
            );
            if row.options.is_empty() {
                assert_eq!(cash.of(&row.set, f).count(), 0);
                continue;
            }
            let years: Vec<_> = cash.of(&row.set, f).collect();
            assert_eq!(years.len(), c.years);
            for y in &years {
                let net = y.operating_eur.unwrap() + y.capital_eur + y.grants_eur + y.residual_eur;
                assert!((net - y.net_eur.unwrap()).abs() <= 1e-5);
            }
            let last = years.last().unwrap().cumulative_discounted_eur.unwrap();
            assert!(
                (last - npv).abs() <= tol(npv),
                "{} {f}: cash flow ends at {last}, NPV {npv}",
                row.set
            );
            checked += 1;
        }
    }
    assert!(checked >= 6, "{checked}");
    // A capital part is paid, a grant received: the split is not all operating savings.
    assert!(t.rows.iter().any(|r| r.npv_capital_eur.unwrap() < 0.0));
}

/// By default the build years are searched: the best schedule of the enumeration is a set of
/// the comparison, marked, and the text says what to build and when.
#[test]
fn the_best_schedule_joins_the_comparison_by_default() {
    let (c, st) = run_default(None, true);
    let e = invest::enumerate(
        &st,
        &CompareOptions {
            jobs: 2,
            ..Default::default()
        },
        &|_| {},
    )
    .unwrap();
    let s = c.schedule_search.as_ref().expect("searched");
    assert_eq!(s.schedules, e.schedules);
    let best: Vec<_> = c.sets.iter().filter(|r| r.best_schedule).collect();
    assert_eq!(best.len(), 1);
    assert_eq!(best[0].options, e.starts);
    assert_eq!(best[0].name, s.best_set);
    let text = invest::text(&c);
    let rec = c.sets.iter().find(|r| r.minmax_regret_choice).unwrap();
    assert!(
        text.contains(&invest::build_sentence(&rec.options)),
        "{text}"
    );
    assert!(text.contains("build years: the best of"), "{text}");
    // Without the search, the comparison says so and keeps the study's sets.
    let mut st2 = st.clone();
    st2.representative_weeks = None;
    let opts = CompareOptions {
        jobs: 2,
        schedule: false,
        ..Default::default()
    };
    let c2 = invest::compare(&st2, &opts, &|_| {}).unwrap();
    assert_eq!(c2.sets.len(), st.sets.len());
    assert!(invest::text(&c2).contains("the schedule search did not run: not asked for"));
    assert_eq!(invest::build_sentence(&[]), "build nothing");
    assert_eq!(
        invest::build_sentence(&[("b".into(), 2031), ("a".into(), 2030)]),
        "build a in 2030, b in 2031"
    );
}

/// On representative weeks the recommendation is planned again on the whole horizon, and the
/// verdict reaches the text, comparison.csv and comparison.json; without the check, the text
/// says the ranking rests on the sampled weeks.
#[test]
fn representative_weeks_are_checked_on_the_whole_horizon() {
    let (c, _) = run_default(Some(1), true);
    let f = c.full_year.as_ref().expect("checked");
    assert_eq!((f.sampled_weeks, f.full_weeks), (1, 2));
    assert!(f.sets.iter().any(|s| s.set == f.recommended));
    assert_eq!(
        f.holds,
        f.full_year_choice.as_deref() == Some(f.recommended.as_str())
    );
    let text = invest::text(&c);
    assert!(text.contains(&f.sentence()), "{text}");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    invest::write_dir(&c, &out).unwrap();
    let t = invest::ComparisonTable::read(&out.join("comparison.csv")).unwrap();
    assert!(t.rows.iter().all(|r| r.representative_weeks == Some(1)));
    assert!(t.rows.iter().any(|r| r.full_year_minmax_regret_choice));
    let json = std::fs::read_to_string(out.join("comparison.json")).unwrap();
    assert!(json.contains("\"full_year\": {"), "no check in the JSON");
    assert!(json.contains("\"decision\": {"), "no decision in the JSON");
    // The decision is the whole horizon's, and the text opens with it.
    let d = c.decision.as_ref().expect("a decision");
    assert_eq!(d.basis, "whole horizon, 2 weeks a year");
    assert_eq!(Some(d.set.as_str()), f.full_year_choice.as_deref());
    let at = text.find(&d.sentence()).expect("the decision line");
    let sampled = text
        .find("On 1 sampled weeks a year (the shortlist)")
        .unwrap();
    assert!(at < sampled, "{text}");
    // The shortlist holds the three best by regret and by expected NPV (the fixture's sets
    // that have them, the status quo first), and the search ran on full years.
    let ranked = c.sets.iter().filter(|r| r.max_regret_eur.is_some()).count();
    assert!(f.sets.len() >= ranked.min(4), "{:?}", f.sets);
    assert!(f.search.is_some(), "{}", f.search_note);
    // Where the two answers differ, the first lines say so.
    let mut other = c.clone();
    let fy = other.full_year.as_mut().unwrap();
    let k = fy.sets.iter().position(|s| s.set != f.recommended).unwrap();
    for (i, s) in fy.sets.iter_mut().enumerate() {
        s.minmax_regret_choice = i == k;
    }
    let want = fy.sets[k].set.clone();
    let d = invest::decision(&other).unwrap();
    assert_eq!(d.set, want);
    assert!(
        d.warnings[0].starts_with("Warning: on 1 sampled weeks a year the study would"),
        "{:?}",
        d.warnings
    );
    other.decision = Some(d.clone());
    let first = invest::text(&other);
    let w = first.find(&d.warnings[0]).unwrap();
    assert!(w < first.find("NPV against the status quo").unwrap());
    let (c, _) = run_default(Some(1), false);
    assert!(c.full_year.is_none());
    assert!(invest::text(&c)
        .contains("The ranking comes from 1 sampled weeks a year; it was not checked"));
}

/// The residual value is a stated choice: the text gives the recommended set's expected NPV
/// without it, and which set leads by expected NPV when no set counts it.
#[test]
fn the_recommendation_states_its_npv_without_residual_value() {
    let (c, _) = run_default(None, false);
    let best = c.sets.iter().find(|r| r.minmax_regret_choice).unwrap();
    let text = invest::text(&c);
    // The fixture's recommended set holds an option with a residual value.
    assert!(best.residual_pv_eur > 0.0, "{best:?}");
    let e = best.expected_npv_eur.unwrap();
    let want = format!(
        "without residual value: expected NPV {:.0} kEUR",
        (e - best.residual_pv_eur) / 1000.0
    );
    assert!(text.contains(&want), "{want} missing:\n{text}");
    let lead = c
        .sets
        .iter()
        .max_by(|a, b| {
            let v = |r: &invest::SetSummary| r.expected_npv_eur.unwrap() - r.residual_pv_eur;
            v(a).total_cmp(&v(b))
        })
        .unwrap();
    if lead.name == best.name {
        assert!(
            text.contains("still leads by expected NPV without it"),
            "{text}"
        );
    } else {
        assert!(
            text.contains(&format!("without it \"{}\"", lead.name)),
            "{text}"
        );
    }
}
