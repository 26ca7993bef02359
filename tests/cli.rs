//! The `triplan` binary: exit codes, messages naming file and field, output files.

mod common;

use common::*;
use std::path::Path;
use std::process::Output;

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The tiny fixture under the default law costs 700 EUR: the 500 EUR of processing plus the
/// 25 % premium on its 40 h of overtime (staff without contract hours), computed by hand in
/// tests/engine.rs (`tiny_optimum_under_the_default_law`).
#[test]
fn solve_prints_a_checked_summary() {
    let o = triplan(&["solve", "tests/fixtures/tiny"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("status: optimal"), "{out}");
    assert!(out.contains("checker: passed"), "{out}");
    assert!(
        out.contains("total (objective)                          700"),
        "{out}"
    );
}

/// The tiny model, counted by hand over its 2 weeks. Columns (27): x 2, w 2, P 2, N0 1 (no
/// `headcount_start`), N 2, overtime o1 and o2 4 (no contract hours: 8 h at +25 %, 32 h at
/// +50 %), d 2, ext 2, I 2, O 4 (metal and residual), y 4; no hires or departures (no costs
/// given). Rows (31): supply_split 2, intake_balance 2, line_capacity 2, crew 2,
/// headcount_flow 2, worked_within_paid 2, overtime 4, paid_hours 2, annual_hours 2 (hours of
/// the year and overtime quota), output_balance 4, storage_capacity 4 (intake and output per
/// week), closing_stock 3. Integer: the whole persons N0, N[w1], N[w2]. Objective: 700 EUR
/// (see `solve_prints_a_checked_summary`).
#[test]
fn json_output_has_the_documented_fields() {
    let o = triplan(&["solve", "tests/fixtures/tiny", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["status"], "optimal");
    assert!((v["objective_eur"].as_f64().unwrap() - 700.0).abs() < 1e-6);
    assert!((v["kpis"]["recovery_rate"].as_f64().unwrap() - 0.6).abs() < 1e-9);
    assert!((v["kpis"]["recycling_rate"].as_f64().unwrap() - 0.6).abs() < 1e-9);
    assert!(v["kpis"]["insertion_share"].is_number());
    assert_eq!(v["kpis"]["categories"][0]["id"], "small");
    assert_eq!(v["check"]["passed"], true);
    assert!(v["check"]["max_violation"].as_f64().unwrap() <= 1e-6);
    assert_eq!(v["model"]["variables"], 27);
    assert_eq!(v["model"]["constraints"], 31);
    assert_eq!(v["model"]["integer_variables"], 3);
    for k in ["build", "solve", "check"] {
        assert!(v["timings_s"][k].as_f64().unwrap() >= 0.0);
    }
}

#[test]
fn out_dir_gets_tables_and_plan_json_and_spares_foreign_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plan");
    let o = triplan(&["solve", "tests/fixtures/tiny", "--out", p(&out)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let processing = std::fs::read_to_string(out.join("processing.csv")).unwrap();
    assert_eq!(
        processing,
        "week,site,line,stream,shift,tonnes,line_hours\n1,s,bench,mixed,day,10,10\n2,s,bench,mixed,day,10,10\n"
    );
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap();
    assert_eq!(plan["tables"]["shipments"].as_array().unwrap().len(), 4);
    // A second run into the same directory replaces its own files.
    assert_eq!(
        code(&triplan(&[
            "solve",
            "tests/fixtures/tiny",
            "--out",
            p(&out)
        ])),
        0
    );
    // A directory holding someone else's files is refused, and the files are untouched.
    let foreign = tmp.path().join("mine");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "keep me").unwrap();
    let o = triplan(&["solve", "tests/fixtures/tiny", "--out", p(&foreign)]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("did not write"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(std::fs::read_dir(&foreign).unwrap().count(), 1);
}

#[test]
fn validate_accepts_the_fixture() {
    let o = triplan(&["validate", "tests/fixtures/tiny"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("valid (2 weeks"));
}

#[test]
fn impossible_target_exits_3() {
    let dir = copy_fixture("tiny");
    mutate(
        dir.path(),
        "model.toml",
        "id = \"small\"",
        "id = \"small\"\nrecovery_target = 0.9",
    );
    let o = triplan(&["solve", p(dir.path())]);
    assert_eq!(code(&o), 3, "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("infeasible"), "{}", stdout(&o));
}

/// Each class of bad input: exit 2, a message naming the file, the field or line, and what
/// was expected. `validate` and `solve` agree.
fn bad_input(file: &str, from: &str, to: &str, expect: &[&str]) {
    let dir = copy_fixture("tiny");
    mutate(dir.path(), file, from, to);
    for cmd in ["validate", "solve"] {
        let o = triplan(&[cmd, p(dir.path())]);
        assert_eq!(code(&o), 2, "{cmd}: {}{}", stdout(&o), stderr(&o));
        let err = stderr(&o);
        for e in expect {
            assert!(err.contains(e), "{cmd}: expected {e:?} in:\n{err}");
        }
    }
}

#[test]
fn unknown_stream_in_tonnage() {
    bad_input(
        "tonnage.csv",
        "2,a,mixed,10",
        "2,a,mixd,10",
        &["tonnage.csv:3: stream: unknown stream \"mixd\""],
    );
}

#[test]
fn yields_not_summing_to_one() {
    bad_input(
        "model.toml",
        "residual = 0.4 }",
        "residual = 0.3 }",
        &[
            "model.toml",
            "line \"bench\".process \"mixed\".yields",
            "sum to 0.9",
            "expected 1",
        ],
    );
}

#[test]
fn negative_tonnage() {
    bad_input(
        "tonnage.csv",
        "1,a,mixed,10",
        "1,a,mixed,-3",
        &["tonnage.csv:2: tonnes: got -3", "at least 0"],
    );
}

#[test]
fn nan_tonnage() {
    bad_input(
        "tonnage.csv",
        "1,a,mixed,10",
        "1,a,mixed,NaN",
        &["tonnage.csv:2: tonnes: got NaN"],
    );
}

#[test]
fn text_where_a_number_is_expected() {
    bad_input(
        "tonnage.csv",
        "1,a,mixed,10",
        "1,a,mixed,ten",
        &["tonnage.csv:2: tonnes:", "expected columns"],
    );
}

#[test]
fn missing_week() {
    bad_input(
        "tonnage.csv",
        "2,a,mixed,10\n",
        "",
        &[
            "tonnage.csv: week: no rows for week(s) 2",
            "every week from 1 to 2",
        ],
    );
}

#[test]
fn week_out_of_range() {
    bad_input(
        "tonnage.csv",
        "2,a,mixed,10",
        "2,a,mixed,10\n9,a,mixed,1",
        &["tonnage.csv:4: week: got 9, expected a week from 1 to 2"],
    );
}

#[test]
fn stream_no_line_processes() {
    bad_input(
        "model.toml",
        "[[fraction]]\nid = \"metal\"",
        "[[stream]]\nid = \"wood\"\ncategory = \"small\"\nexternal_cost_eur_per_t = 10\n\n[[fraction]]\nid = \"metal\"",
        &["stream \"wood\": no line processes this stream"],
    );
}

#[test]
fn unknown_reference_in_model() {
    bad_input(
        "model.toml",
        "shifts = [\"day\"]",
        "shifts = [\"night\"]",
        &["model.toml: line \"bench\".shifts: unknown shift \"night\", expected one of: day"],
    );
}

#[test]
fn share_out_of_range() {
    bad_input(
        "model.toml",
        "rate_t_per_h = 1",
        "rate_t_per_h = 1\n  crew_persons_typo = 2",
        &["model.toml:", "unknown field `crew_persons_typo`"],
    );
    bad_input(
        "model.toml",
        "[plant]",
        "[social]\ninsertion_share_min = 1.5\n\n[plant]",
        &["social.insertion_share_min: got 1.5, expected a number from 0 to 1"],
    );
}

#[test]
fn toml_syntax_error_names_the_line() {
    bad_input(
        "model.toml",
        "intake_capacity_t = 100",
        "intake_capacity_t = = 100",
        &["model.toml:7:"],
    );
}

#[test]
fn missing_model_file() {
    bad_input(
        "instance.toml",
        "model = \"model.toml\"",
        "model = \"nowhere.toml\"",
        &["nowhere.toml: cannot read file"],
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let dir = copy_fixture("tiny");
    mutate(dir.path(), "tonnage.csv", "1,a,mixed,10", "1,a,mixed,-1");
    mutate(
        dir.path(),
        "model.toml",
        "residual = 0.4 }",
        "residual = 0.5 }",
    );
    // The model is broken, and the tonnage file is still checked against its ids.
    let o = triplan(&["validate", p(dir.path())]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("2 input problems"), "{err}");
    assert!(
        err.contains("yields sum to 1.1") && err.contains("tonnes: got -1"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let o = triplan(&["solve", "tests/fixtures/tiny", "--time-limit", "-1"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let o = triplan(&["solve", "tests/fixtures/tiny", "--solver", "cplex"]);
    assert_eq!(code(&o), 2);
    let o = triplan(&["solve", "no/such/instance"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("no/such/instance: cannot read file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn time_limit_without_a_plan_exits_4() {
    let o = triplan(&[
        "solve",
        "tests/fixtures/tiny",
        "--time-limit",
        "0",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 4, "{}{}", stdout(&o), stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["status"], "limit_no_solution");
    // Each engine names its time limit in its own words (HiGHS "ReachedTimeLimit", SCIP
    // "time_limit", CBC "time limit"); triplan's status is the one word they map to.
    let said = v["solver"]["status"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .replace(['_', ' '], "");
    assert!(said.contains("timelimit"), "{said}");
    assert!(v["check"].is_null() && v["objective_eur"].is_null());
}

#[test]
fn infeasible_solve_explains_itself() {
    let dir = copy_fixture("tiny");
    mutate(
        dir.path(),
        "model.toml",
        "id = \"small\"",
        "id = \"small\"\nrecovery_target = 0.9",
    );
    let o = triplan(&["solve", p(dir.path())]);
    assert_eq!(code(&o), 3);
    let out = stdout(&o);
    assert!(out.contains("Why: the plan is infeasible"), "{out}");
    assert!(
        out.contains(
            "recovery rate of category small (small) short by 30.0 percentage points (6.0 t)"
        ),
        "{out}"
    );
    let o = triplan(&["solve", p(dir.path()), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["explanation"]["relaxations"][0]["family"],
        "category_targets"
    );
}

#[test]
fn html_and_xlsx_reports_are_written_and_never_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    let (html, xlsx) = (tmp.path().join("plan.html"), tmp.path().join("plan.xlsx"));
    let o = triplan(&[
        "solve",
        "tests/fixtures/tiny",
        "--html",
        p(&html),
        "--xlsx",
        p(&xlsx),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.starts_with("<!DOCTYPE html>") && page.contains("<svg"),
        "{}",
        &page[..200.min(page.len())]
    );
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..2], b"PK");
    // A second run does not replace the user's files.
    std::fs::write(&html, "mine").unwrap();
    let o = triplan(&["solve", "tests/fixtures/tiny", "--html", p(&html)]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&html).unwrap(), "mine");
}

#[test]
fn report_command_renders_a_sweep_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sweep");
    assert_eq!(
        code(&triplan(&[
            "sweep",
            "tests/fixtures/tiny/sweep.toml",
            "--out",
            p(&out)
        ])),
        0
    );
    let o = triplan(&["report", p(&out)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(page.contains("price.scrap.metal") && page.contains("<svg"));
    let o = triplan(&["report", p(tmp.path())]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("expected a sweep output directory"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn generate_export_and_bench_commands() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for d in [&a, &b] {
        let o = triplan(&[
            "generate",
            "--sites",
            "2",
            "--weeks",
            "8",
            "--seed",
            "7",
            "--out",
            p(d),
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    for f in ["model.toml", "tonnage.csv", "instance.toml"] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
    let o = triplan(&["solve", p(&a)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mps = tmp.path().join("m.mps");
    let o = triplan(&["export", p(&a), "--mps", p(&mps)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(std::fs::read_to_string(&mps).unwrap().contains("\nROWS\n"));
    assert_eq!(
        code(&triplan(&["export", p(&a), "--mps", p(&mps)])),
        2,
        "no overwrite"
    );
    assert_eq!(
        code(&triplan(&[
            "generate",
            "--size",
            "Q",
            "--out",
            p(&tmp.path().join("q"))
        ])),
        2
    );
    let table = tmp.path().join("bench.csv");
    let o = triplan(&[
        "bench",
        "--sizes",
        p(&a),
        "--repeats",
        "1",
        "--out",
        p(&table),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(&table).unwrap();
    assert!(
        text.starts_with("size,backend,problem,variables,constraints,nonzeros"),
        "{text}"
    );
    let lp = text.lines().filter(|l| l.contains(",lp,")).count();
    let mip: Vec<&str> = text.lines().filter(|l| l.contains(",mip,")).collect();
    assert_eq!(lp, 4, "four LP backends: {text}");
    // MIP rows: one per installed engine, HiGHS always among them.
    assert!(mip.iter().any(|l| l.starts_with("a,highs,mip,")), "{text}");
    assert_eq!(text.lines().count(), 1 + lp + mip.len(), "{text}");
}

#[test]
fn compare_command_writes_the_comparison() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("cmp");
    let o = triplan(&[
        "compare",
        "tests/fixtures/invest-tiny/study.toml",
        "--out",
        p(&out),
        "--optimise",
        "--enumerate",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("min-max regret"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("one mixed-integer model over the years")
            && stdout(&o).contains("by enumeration (12 schedules"),
        "{}",
        stdout(&o)
    );
    let found: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("schedule.json")).unwrap()).unwrap();
    assert_eq!(found[0]["method"], "mip");
    assert_eq!(found[1]["method"], "enumeration");
    assert_eq!(found[0]["starts"], found[1]["starts"]);
    assert_eq!(found[0]["mip"]["plans_checked"], 6);
    let o = triplan(&[
        "compare",
        "tests/fixtures/invest-tiny/study.toml",
        "--representative-weeks",
        "3",
    ]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("--representative-weeks 3: expected 1 to 2"),
        "{}",
        stderr(&o)
    );
    let o = triplan(&[
        "compare",
        "tests/fixtures/invest-tiny/study.toml",
        "--optimise",
        "--mip-gap=-1",
    ]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("--mip-gap: got -1, expected a non-negative number"),
        "{}",
        stderr(&o)
    );
    // Checked as `solve` checks it, before any work (it once reached HiGHS as a solver error).
    for bad in ["--time-limit=-1", "--time-limit=nan"] {
        let o = triplan(&[
            "compare",
            "tests/fixtures/invest-tiny/study.toml",
            "--optimise",
            bad,
        ]);
        assert_eq!(code(&o), 2, "{}", stderr(&o));
        assert!(
            stderr(&o).contains("error: --time-limit: got ")
                && stderr(&o).contains(", expected a non-negative number")
                && !stderr(&o).contains("years planned"),
            "{}",
            stderr(&o)
        );
    }
    let csv = std::fs::read_to_string(out.join("comparison.csv")).unwrap();
    assert!(csv.lines().count() >= 5, "{csv}");
    let o = triplan(&["report", p(&out)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(page.contains("NPV of each option set under each future") && page.contains("<svg"));
    assert!(page.contains("bench2 + press"), "the option sets are named");
    let o = triplan(&["compare", "tests/fixtures/invest-tiny/nowhere.toml"]);
    assert_eq!(code(&o), 2);
}

#[test]
fn solve_checks_every_output_before_solving() {
    let tmp = tempfile::tempdir().unwrap();
    let html = tmp.path().join("plan.html");
    let foreign = tmp.path().join("mine");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "keep me").unwrap();
    let o = triplan(&[
        "solve",
        "tests/fixtures/tiny",
        "--html",
        p(&html),
        "--out",
        p(&foreign),
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("did not write"), "{}", stderr(&o));
    assert!(!html.exists(), "nothing written before the refusal");
    assert!(stdout(&o).is_empty(), "nothing solved: {}", stdout(&o));
    // The same file for two outputs.
    let o = triplan(&[
        "solve",
        "tests/fixtures/tiny",
        "--html",
        p(&html),
        "--xlsx",
        p(&html),
    ]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("given for two outputs"),
        "{}",
        stderr(&o)
    );
    // --force replaces the user's file.
    std::fs::write(&html, "mine").unwrap();
    let o = triplan(&[
        "solve",
        "tests/fixtures/tiny",
        "--html",
        p(&html),
        "--force",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
}

#[test]
fn another_instances_plan_is_not_replaced_without_force() {
    let dir = copy_fixture("tiny");
    let out = dir.path().join("plan");
    let o = triplan(&["solve", "tests/fixtures/tiny", "--out", p(&out)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // The manifest lists exactly the files the run wrote.
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("triplan-output.json")).unwrap()).unwrap();
    let mut listed: Vec<String> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    let mut present: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n != "triplan-output.json")
        .collect();
    listed.sort();
    present.sort();
    assert_eq!(listed, present);
    let before = std::fs::read(out.join("plan.json")).unwrap();
    let o = triplan(&["solve", p(dir.path()), "--out", p(&out)]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("another run"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "refused before solving");
    assert_eq!(std::fs::read(out.join("plan.json")).unwrap(), before);
    // A stale report is replaced along with the plan.
    std::fs::write(out.join("report.html"), "stale").unwrap();
    let o = triplan(&["solve", p(dir.path()), "--out", p(&out), "--force"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_ne!(
        std::fs::read_to_string(out.join("report.html")).unwrap(),
        "stale"
    );
}

#[cfg(unix)]
#[test]
fn outputs_never_go_through_symbolic_links() {
    let tmp = tempfile::tempdir().unwrap();
    let victim = tmp.path().join("victim.txt");
    // A dangling link: writing through it would create the victim.
    let link = tmp.path().join("plan.html");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    for flag in ["--html", "--xlsx"] {
        let o = triplan(&["solve", "tests/fixtures/tiny", flag, p(&link), "--force"]);
        assert_eq!(code(&o), 2);
        assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    }
    assert!(!victim.exists());
    // A link planted in an earlier plan directory.
    let out = tmp.path().join("plan");
    assert_eq!(
        code(&triplan(&[
            "solve",
            "tests/fixtures/tiny",
            "--out",
            p(&out)
        ])),
        0
    );
    std::fs::write(&victim, "keep me").unwrap();
    std::fs::remove_file(out.join("plan.json")).unwrap();
    std::os::unix::fs::symlink(&victim, out.join("plan.json")).unwrap();
    let o = triplan(&["solve", "tests/fixtures/tiny", "--out", p(&out)]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
}

#[test]
fn report_never_overwrites_the_sweeps_own_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sweep");
    assert_eq!(
        code(&triplan(&[
            "sweep",
            "tests/fixtures/tiny/sweep.toml",
            "--out",
            p(&out)
        ])),
        0
    );
    let summary = std::fs::read(out.join("summary.csv")).unwrap();
    let target = out.join("summary.csv");
    for force in [false, true] {
        let mut args = vec!["report", p(&out), "--html", p(&target)];
        if force {
            args.push("--force");
        }
        let o = triplan(&args);
        assert_eq!(code(&o), 2);
    }
    assert_eq!(std::fs::read(out.join("summary.csv")).unwrap(), summary);
    // Another existing file needs --force.
    let mine = tmp.path().join("mine.html");
    std::fs::write(&mine, "mine").unwrap();
    assert_eq!(code(&triplan(&["report", p(&out), "--html", p(&mine)])), 2);
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "mine");
    // The sweep's own report is rewritten freely.
    for _ in 0..2 {
        assert_eq!(code(&triplan(&["report", p(&out)])), 0);
    }
}

#[test]
fn compare_into_an_earlier_comparison_leaves_no_stale_report() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("cmp");
    let args = [
        "compare",
        "tests/fixtures/invest-tiny/study.toml",
        "--out",
        p(&out),
    ];
    assert_eq!(code(&triplan(&args)), 0);
    let o = triplan(&["report", p(&out)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(out.join("report.html").exists());
    let o = triplan(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        !out.join("report.html").exists(),
        "the report of the earlier comparison is stale"
    );
    assert!(out.join("comparison.csv").exists());
}

/// `compare --optimise` on a study no schedule can satisfy exits 3 (infeasible), as `solve`
/// does, and says so without calling it a solver error.
#[test]
fn infeasible_multi_year_model_exits_3() {
    let dir = copy_fixture("invest-tiny");
    mutate(
        dir.path(),
        "model.toml",
        "prices_eur_per_t = { metal = 100 }",
        "prices_eur_per_t = { metal = 100 }\nmin_t = 1000000",
    );
    let study = dir.path().join("study.toml");
    let o = triplan(&["compare", p(&study), "--optimise"]);
    assert_eq!(code(&o), 3, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("error: the multi-year model is infeasible"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("solver error"), "{}", stderr(&o));
}

/// `triplan template` writes a workbook whose unfilled tonnage sheet an instance can name (it
/// is then refused only for its empty tonnes), and never replaces a file.
#[test]
fn template_writes_a_workbook_once() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("data.xlsx");
    let o = triplan(&[
        "template",
        "models/tutorial.toml",
        "--weeks",
        "8",
        "--out",
        p(&book),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let written = std::fs::read(&book).unwrap();
    std::fs::write(
        dir.path().join("instance.toml"),
        format!(
            "name = \"t\"\nmodel = \"{}\"\nweeks = 8\nworkbook = \"data.xlsx\"\n",
            root().join("models/tutorial.toml").display()
        ),
    )
    .unwrap();
    let v = triplan(&["validate", p(dir.path())]);
    assert_eq!(code(&v), 2, "{}", stderr(&v));
    assert!(stderr(&v).contains("sheet tonnage"), "{}", stderr(&v));

    let again = triplan(&["template", "models/tutorial.toml", "--out", p(&book)]);
    assert_eq!(code(&again), 2);
    assert!(
        stderr(&again).contains("never overwrites"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read(&book).unwrap(), written);
    let bad = triplan(&[
        "template",
        "models/tutorial.toml",
        "--weeks",
        "0",
        "--out",
        p(&dir.path().join("b.xlsx")),
    ]);
    assert_eq!(code(&bad), 2);
    // A workbook under a text name would later be read as zip bytes: refused, nothing written.
    for name in ["t.csv", "t", "t.xls"] {
        let target = dir.path().join(name);
        let o = triplan(&["template", "models/tutorial.toml", "--out", p(&target)]);
        assert_eq!(code(&o), 2, "{name}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("expected a file name ending in .xlsx"),
            "{name}: {}",
            stderr(&o)
        );
        assert!(!target.exists(), "{name}");
    }
}
