//! Sweeps: scenario files, parallel runs, resume, shards and merge.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The summary without its timing columns (the only ones that differ between runs).
fn summary(dir: &Path) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(dir.join("summary.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let keep: Vec<usize> = (0..h.len()).filter(|&i| !h[i].ends_with("_s")).collect();
    let mut rows = vec![keep.iter().map(|&i| h[i].to_string()).collect()];
    for rec in r.records() {
        let rec = rec.unwrap();
        rows.push(keep.iter().map(|&i| rec[i].to_string()).collect());
    }
    rows
}

fn col(rows: &[Vec<String>], name: &str) -> Vec<String> {
    let i = rows[0].iter().position(|c| c == name).unwrap();
    rows[1..].iter().map(|r| r[i].clone()).collect()
}

/// A copy of the tiny fixture whose hours are paid as worked, as tests/engine.rs counts them
/// (tests/fixtures/hours-as-worked.toml says how).
fn tiny_hours_as_worked() -> tempfile::TempDir {
    let dir = copy_fixture("tiny");
    let rules =
        std::fs::read_to_string(root().join("tests/fixtures/hours-as-worked.toml")).unwrap();
    append(dir.path(), "model.toml", &rules);
    dir
}

#[test]
fn grid_and_list_solve_in_order_with_known_objectives() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let dir = tiny_hours_as_worked();
    let study = dir.path().join("sweep.toml");
    let o = triplan(&["sweep", p(&study), "--out", p(&out), "--jobs", "2"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rows = summary(&out);
    assert_eq!(rows.len(), 9);
    assert_eq!(
        col(&rows, "id"),
        (1..=8).map(|i| i.to_string()).collect::<Vec<_>>()
    );
    // Hours paid as worked: base 500 (see tests/engine.rs), 800 EUR of hours among its costs;
    // half and double tonnage scale every cost linearly; a
    // 50 EUR/t metal price loses 0.6 x 50 = 30 EUR per tonne processed.
    assert_eq!(
        col(&rows, "objective_eur"),
        ["500", "", "250", "550", "500", "1100", "1000", "2200"]
    );
    assert_eq!(col(&rows, "status")[1], "infeasible");
    assert!(String::from_utf8_lossy(&o.stdout).contains("7 solved, 1 infeasible, 0 failed"));
    // The base scenario and the grid point with the base's values are the same inputs.
    let hash = col(&rows, "hash");
    assert_eq!(hash[0], hash[4]);
    assert_ne!(hash[0], hash[2]);
}

#[test]
fn results_do_not_depend_on_jobs() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert_eq!(
        triplan(&[
            "sweep",
            "tests/fixtures/tiny/sweep.toml",
            "--out",
            p(&a),
            "--jobs",
            "1"
        ])
        .status
        .code(),
        Some(0)
    );
    assert_eq!(
        triplan(&[
            "sweep",
            "tests/fixtures/tiny/sweep.toml",
            "--out",
            p(&b),
            "--jobs",
            "2"
        ])
        .status
        .code(),
        Some(0)
    );
    assert_eq!(summary(&a), summary(&b));
}

#[test]
fn shards_merge_into_the_unsharded_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole");
    assert_eq!(
        triplan(&[
            "sweep",
            "tests/fixtures/tiny/sweep.toml",
            "--out",
            p(&whole)
        ])
        .status
        .code(),
        Some(0)
    );
    let mut shards = Vec::new();
    for i in 1..=3 {
        let d = tmp.path().join(format!("shard{i}"));
        let o = triplan(&[
            "sweep",
            "tests/fixtures/tiny/sweep.toml",
            "--out",
            p(&d),
            "--shard",
            &format!("{i}/3"),
        ]);
        assert_eq!(o.status.code(), Some(0));
        shards.push(d);
    }
    // Shard 1 of 3 holds scenarios 1, 4, 7.
    assert_eq!(col(&summary(&shards[0]), "id"), ["1", "4", "7"]);
    let merged = tmp.path().join("merged");
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(|d| p(d)));
    args.extend(["--out", p(&merged)]);
    assert_eq!(triplan(&args).status.code(), Some(0));
    assert_eq!(summary(&merged), summary(&whole));
    // A shard given twice is refused.
    let o = triplan(&[
        "merge",
        p(&shards[0]),
        p(&shards[0]),
        "--out",
        p(&tmp.path().join("twice")),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn resume_skips_finished_scenarios_and_redoes_changed_ones() {
    let dir = copy_fixture("tiny");
    let study = dir.path().join("sweep.toml");
    let out = dir.path().join("out");
    assert_eq!(
        triplan(&["sweep", p(&study), "--out", p(&out)])
            .status
            .code(),
        Some(0)
    );
    let first = summary(&out);
    // As if the sweep had been killed: two results lost (scenarios 3 and 8).
    std::fs::remove_file(out.join("results/000003.json")).unwrap();
    std::fs::remove_file(out.join("results/000008.json")).unwrap();
    // Without --resume the directory is not reused.
    assert_eq!(
        triplan(&["sweep", p(&study), "--out", p(&out)])
            .status
            .code(),
        Some(2)
    );
    let o = triplan(&["sweep", p(&study), "--out", p(&out), "--resume"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("(6 already done)"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(summary(&out), first);
    // Change one scenario's inputs: only it is solved again.
    mutate(dir.path(), "sweep.toml", "set = 0.9", "set = 0.5");
    let o = triplan(&["sweep", p(&study), "--out", p(&out), "--resume"]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("(7 already done)"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(col(&summary(&out), "status")[1], "optimal");
}

#[test]
fn faulty_scenario_entries_are_all_reported_before_solving() {
    let dir = copy_fixture("tiny");
    std::fs::write(
        dir.path().join("bad.toml"),
        r#"base = "."

[[scenario]]
name = "a"
change = [{ path = "tonnage.wood", scale = 2 }]

[[scenario]]
name = "b"
change = [{ path = "social.insertion_share_min", set = 1.5 }]

[[axis]]
path = "price.landfill.metal"
set = [1]
"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = triplan(&["sweep", p(&dir.path().join("bad.toml")), "--out", p(&out)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("3 input problems"), "{err}");
    assert!(
        err.contains("bad.toml:5: path: unknown stream \"wood\""),
        "{err}"
    );
    assert!(
        err.contains("bad.toml:9: path: the value would be 1.5"),
        "{err}"
    );
    assert!(
        err.contains("bad.toml:12: path: outlet \"landfill\" does not take \"metal\""),
        "{err}"
    );
    assert!(!out.exists(), "nothing solved, nothing written");
}

#[test]
fn warm_started_lp_sweep_matches_cold_objectives() {
    let dir = tiny_hours_as_worked();
    mutate(
        dir.path(),
        "sweep.toml",
        "base = \".\"",
        "base = \".\"\nrelax = true",
    );
    let (warm, cold) = (dir.path().join("warm"), dir.path().join("cold"));
    let study = dir.path().join("sweep.toml");
    assert_eq!(
        triplan(&["sweep", p(&study), "--out", p(&warm)])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        triplan(&["sweep", p(&study), "--out", p(&cold), "--no-warm-start"])
            .status
            .code(),
        Some(0)
    );
    let (w, c) = (summary(&warm), summary(&cold));
    assert_eq!(col(&w, "objective_eur"), col(&c, "objective_eur"));
    assert_eq!(col(&w, "objective_eur")[0], "500");
    // The warm start is part of the scenario's identity: resuming cold re-solves everything.
    assert_ne!(col(&w, "hash"), col(&c, "hash"));
}

fn ok(o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
fn resume_redoes_rows_whose_name_or_columns_changed() {
    let dir = copy_fixture("tiny");
    let study = dir.path().join("sweep.toml");
    let out = dir.path().join("out");
    ok(&triplan(&["sweep", p(&study), "--out", p(&out)]));
    // A renamed scenario: same inputs, but its row shows the new name.
    mutate(
        dir.path(),
        "sweep.toml",
        "name = \"base\"",
        "name = \"start\"",
    );
    let o = triplan(&["sweep", p(&study), "--out", p(&out), "--resume"]);
    ok(&o);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("(7 already done)"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(col(&summary(&out), "name")[0], "start");
    // A new axis: a new column, so no stored row fits the header any more.
    append(
        dir.path(),
        "sweep.toml",
        "\n[[axis]]\npath = \"price.landfill.residual\"\nset = [-50]\n",
    );
    let o = triplan(&["sweep", p(&study), "--out", p(&out), "--resume"]);
    ok(&o);
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains("already done"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let rows = summary(&out);
    assert!(rows[0].contains(&"price.landfill.residual".to_string()));
    assert_eq!(col(&rows, "price.landfill.residual")[2], "-50");
    assert_eq!(col(&rows, "price.landfill.residual")[0], "");
}

#[test]
fn a_locked_directory_is_refused_and_two_sweeps_never_mix() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    ok(&triplan(&[
        "sweep",
        "tests/fixtures/tiny/sweep.toml",
        "--out",
        p(&out),
    ]));
    let first = summary(&out);
    // As if a sweep were running: it holds the lock.
    let lock = std::fs::File::open(out.join("triplan.lock")).unwrap();
    lock.try_lock().unwrap();
    let o = triplan(&[
        "sweep",
        "tests/fixtures/tiny/sweep.toml",
        "--out",
        p(&out),
        "--resume",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("another triplan sweep"), "{}", err(&o));
    let o = triplan(&["merge", p(&out), "--out", p(&tmp.path().join("m"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("still writing"), "{}", err(&o));
    drop(lock);
    // Two sweeps started at once on one directory: one runs, the other is refused.
    let both = tmp.path().join("both");
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_triplan"))
            .args(["sweep", "tests/fixtures/tiny/sweep.toml", "--out", p(&both)])
            .current_dir(root())
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    let mut codes = [a.status.code(), b.status.code()];
    codes.sort();
    assert_eq!(codes, [Some(0), Some(2)], "{}{}", err(&a), err(&b));
    assert_eq!(summary(&both), first);
    let names: Vec<String> = std::fs::read_dir(both.join("results"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names.len(), 8, "no temporary file left: {names:?}");
}

#[test]
fn a_failed_result_write_stops_the_sweep_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let args = ["sweep", "tests/fixtures/tiny/sweep.toml", "--out", p(&out)];
    ok(&triplan(&args));
    for id in 3..=8 {
        std::fs::remove_file(out.join(format!("results/{id:06}.json"))).unwrap();
    }
    // Scenario 5's result cannot be written (a directory holds its name).
    let blocked = out.join("results/000005.json");
    std::fs::create_dir_all(blocked.join("x")).unwrap();
    let mut resume = args.to_vec();
    resume.extend(["--resume", "--jobs", "1"]);
    let o = triplan(&resume);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("000005.json"), "{}", err(&o));
    assert!(out.join("results/000004.json").exists());
    for id in 6..=8 {
        assert!(
            !out.join(format!("results/{id:06}.json")).exists(),
            "scenario {id} was solved after the failed write"
        );
    }
}

#[test]
fn a_failed_detail_write_fails_the_sweep() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let args = ["sweep", "tests/fixtures/tiny/sweep.toml", "--out", p(&out)];
    ok(&triplan(&args));
    std::fs::remove_file(out.join("results/000003.json")).unwrap();
    // `detail` is a file: no scenario's tables can be written under it.
    std::fs::write(out.join("detail"), "in the way").unwrap();
    let mut resume = args.to_vec();
    resume.extend(["--resume", "--detail"]);
    let o = triplan(&resume);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("detail"), "{}", err(&o));
}

#[test]
fn force_starts_over_in_an_earlier_sweep() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let args = ["sweep", "tests/fixtures/tiny/sweep.toml", "--out", p(&out)];
    ok(&triplan(&args));
    std::fs::write(out.join("results/000099.json"), "{}").unwrap();
    let mut again = args.to_vec();
    again.push("--force");
    let o = triplan(&again);
    ok(&o);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("already done"));
    assert!(
        !out.join("results/000099.json").exists(),
        "the earlier results are gone"
    );
}

#[test]
fn merge_refuses_missing_shards_and_its_own_input() {
    let tmp = tempfile::tempdir().unwrap();
    let mut shards = Vec::new();
    for i in [1, 3] {
        let d = tmp.path().join(format!("shard{i}"));
        ok(&triplan(&[
            "sweep",
            "tests/fixtures/tiny/sweep.toml",
            "--out",
            p(&d),
            "--shard",
            &format!("{i}/3"),
        ]));
        shards.push(d);
    }
    let merged = tmp.path().join("merged");
    let o = triplan(&["merge", p(&shards[0]), p(&shards[1]), "--out", p(&merged)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("missing shards 2/3"), "{}", err(&o));
    assert!(!merged.exists());
    let o = triplan(&[
        "merge",
        p(&shards[0]),
        p(&shards[1]),
        "--out",
        p(&merged),
        "--partial",
    ]);
    ok(&o);
    assert_eq!(col(&summary(&merged), "id"), ["1", "3", "4", "6", "7"]);
    // The output may not be one of the shards.
    let before = std::fs::read(shards[0].join("summary.csv")).unwrap();
    let o = triplan(&[
        "merge",
        p(&shards[0]),
        p(&shards[1]),
        "--out",
        p(&shards[0]),
        "--partial",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("is one of the shard directories"),
        "{}",
        err(&o)
    );
    assert_eq!(
        std::fs::read(shards[0].join("summary.csv")).unwrap(),
        before
    );
}

#[test]
fn merge_refuses_shards_of_different_or_edited_studies() {
    let fx = copy_fixture("tiny");
    let tmp = tempfile::tempdir().unwrap();
    let study = fx.path().join("sweep.toml");
    let shard = |i: usize, file: &Path| {
        let d = tmp.path().join(format!(
            "{}-{i}",
            file.file_stem().unwrap().to_str().unwrap()
        ));
        ok(&triplan(&[
            "sweep",
            p(file),
            "--out",
            p(&d),
            "--shard",
            &format!("{i}/2"),
            "--force",
        ]));
        d
    };
    let first = shard(1, &study);
    // The scenario file is edited before the second shard runs.
    mutate(
        fx.path(),
        "sweep.toml",
        "set = [100, 50]",
        "set = [100, 40]",
    );
    let second = shard(2, &study);
    let merged = tmp.path().join("merged");
    let o = triplan(&["merge", p(&first), p(&second), "--out", p(&merged)]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(
        err(&o).contains("shards of different studies"),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("edited between the runs"), "{}", err(&o));
    assert!(!merged.exists());
    // A shard of another scenario file with as many scenarios.
    let other = fx.path().join("other.toml");
    std::fs::copy(&study, &other).unwrap();
    mutate(
        fx.path(),
        "other.toml",
        "scale = [0.5, 1.0, 2.0]",
        "scale = [0.5, 1.0, 3.0]",
    );
    let third = shard(1, &other);
    let o = triplan(&["merge", p(&third), p(&second), "--out", p(&merged)]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("other.toml and"), "{}", err(&o));
    // Shards of one unchanged study still merge.
    let first = shard(1, &study);
    ok(&triplan(&[
        "merge",
        p(&first),
        p(&second),
        "--out",
        p(&merged),
    ]));
}

#[test]
fn odd_scenario_names_survive_the_summary_merge_and_report() {
    let dir = copy_fixture("tiny");
    std::fs::write(
        dir.path().join("odd.toml"),
        "base = \".\"\n\n[[scenario]]\nname = \"a\\rb, \\\"c\\\"\"\n\n[[scenario]]\nname = \"=HYPERLINK(1)\"\n\n[[axis]]\npath = \"price.scrap.metal\"\nset = [-5, 50]\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    ok(&triplan(&[
        "sweep",
        p(&dir.path().join("odd.toml")),
        "--out",
        p(&out),
    ]));
    let rows = summary(&out);
    assert_eq!(
        col(&rows, "name")[..2],
        ["a\rb, \"c\"".to_string(), "'=HYPERLINK(1)".to_string()]
    );
    // Numbers stay numbers, negative ones included.
    assert_eq!(col(&rows, "price.scrap.metal")[2], "-5");
    let merged = dir.path().join("merged");
    ok(&triplan(&["merge", p(&out), "--out", p(&merged)]));
    assert_eq!(summary(&merged), rows);
    ok(&triplan(&["report", p(&merged)]));
    ok(&triplan(&["report", p(&out)]));
}

/// `merge` reads typed rows: a summary cell that is not what its column holds (a hand-edited
/// objective, an unknown status) is an input problem naming the file, the line and the
/// column, with exit code 2 and no merged output.
#[test]
fn merge_names_the_cell_of_a_summary_it_cannot_read() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sweep");
    ok(&triplan(&[
        "sweep",
        "tests/fixtures/tiny/sweep.toml",
        "--out",
        p(&out),
    ]));
    let path = out.join("summary.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let rows = summary(&out);
    let objective = col(&rows, "objective_eur")[0].clone();
    assert!(!objective.is_empty());
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[1] = lines[1].replacen(&format!(",{objective},"), ",lots,", 1);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let merged = tmp.path().join("merged");
    let o = triplan(&["merge", p(&out), "--out", p(&merged)]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains("summary.csv") && e.contains("line 2") && e.contains("objective_eur"),
        "{e}"
    );
    assert!(!merged.join("summary.csv").exists());
}

/// A scenario is validated as a whole model (as `validate` and `compare` do), not only value
/// by value: a longest contract shorter than a cohort's tenure, a least contract shorter than
/// the ramp-up, each named with its scenario, before anything is solved.
#[test]
fn scenarios_that_break_a_check_between_fields_are_refused_by_name() {
    let fx = copy_fixture("people");
    let study = fx.path().join("sweep.toml");
    std::fs::write(
        &study,
        "base = \".\"\n\
         [[scenario]]\nname = \"as is\"\n\
         [[scenario]]\nname = \"short contracts\"\n\
         change = [{ path = \"pathway.max_contract_weeks\", set = 20 }]\n\
         [[scenario]]\nname = \"no least length\"\n\
         change = [{ path = \"pathway.min_contract_weeks\", set = 1 }]\n",
    )
    .unwrap();
    let out = fx.path().join("out");
    let o = triplan(&["sweep", p(&study), "--out", p(&out)]);
    let e = err(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains("scenario 2 \"short contracts\": the changed model is not valid"),
        "{e}"
    );
    assert!(e.contains("cohort[1].tenure_weeks: got 30 weeks"), "{e}");
    assert!(e.contains("scenario 3 \"no least length\""), "{e}");
    assert!(e.contains("pathway.ramp_up"), "{e}");
    assert!(!e.contains("scenario 1 "), "{e}");
    assert!(!out.join("summary.csv").exists());
}
