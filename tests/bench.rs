//! `triplan bench` comparisons: the tolerance is a ratio beyond noise floors, the verdict is
//! printed either way, and arguments and the baseline are checked before any solve. No test
//! times anything: rows are fed to the comparison, and the CLI tests use made-up baselines.

mod common;

use common::*;
use std::path::Path;
use std::process::Output;
use triplan::bench::{
    check_tolerance, compare_rows, read_baseline, read_table, verdict, write_table, BenchRow,
    MIN_MIB, MIN_SECONDS,
};

fn row(size: &str, backend: &str, solve_s: f64) -> BenchRow {
    BenchRow {
        size: size.into(),
        backend: backend.into(),
        problem: "lp".into(),
        variables: 10_716,
        constraints: 6_884,
        nonzeros: 44_669,
        repeats: 5,
        build_s: 0.002,
        solve_s,
        check_s: 0.0004,
        peak_rss_mib: Some(40.0),
        objective: Some(1_234_567.89),
        status: "optimal".into(),
        check_passed: true,
    }
}

#[test]
fn a_solve_twice_as_slow_fails_at_tolerance_one_and_a_half() {
    let old = [row("M", "highs", 10.0)];
    let r = compare_rows(&old, &[row("M", "highs", 20.0)], 1.5);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].starts_with("M highs: solve_s 20.000 s"), "{r:?}");
    assert!(r[0].contains("x2.00, tolerance x1.5"), "{r:?}");
    // 1.2 times slower is within 1.5; so is exactly 1.5 times (flagged only above).
    assert!(compare_rows(&old, &[row("M", "highs", 12.0)], 1.5).is_empty());
    assert!(compare_rows(&old, &[row("M", "highs", 15.0)], 1.5).is_empty());
    // Just above the ratio is flagged.
    assert_eq!(compare_rows(&old, &[row("M", "highs", 15.1)], 1.5).len(), 1);
}

#[test]
fn a_slower_build_is_flagged_like_a_slower_solve() {
    let mut old = row("L", "highs-ipm", 400.0);
    old.build_s = 1.5;
    let mut new = old.clone();
    new.build_s = 3.0;
    let r = compare_rows(&[old.clone()], &[new], 1.5);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].contains("build_s 3.000 s"), "{r:?}");
    let mut new = old.clone();
    new.build_s = 1.8;
    assert!(compare_rows(&[old], &[new], 1.5).is_empty());
}

#[test]
fn slowdowns_under_the_seconds_floor_are_noise() {
    // Three times slower, but by 0.04 s (under the 0.05 s floor): not flagged.
    let old = [row("S", "highs", 0.02)];
    const { assert!(0.06 - 0.02 < MIN_SECONDS) };
    assert!(compare_rows(&old, &[row("S", "highs", 0.06)], 1.5).is_empty());
    // Four times slower and 0.06 s more: flagged.
    assert_eq!(compare_rows(&old, &[row("S", "highs", 0.08)], 1.5).len(), 1);
}

#[test]
fn memory_needs_the_ratio_and_the_mib_floor() {
    let old = [row("S", "highs", 0.2)];
    let with_mib = |mib: f64| {
        let mut r = row("S", "highs", 0.2);
        r.peak_rss_mib = Some(mib);
        r
    };
    // 40 -> 80 MiB: twice as much and 40 MiB more.
    let r = compare_rows(&old, &[with_mib(80.0)], 1.5);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].contains("peak memory 80 MiB (was 40 MiB"), "{r:?}");
    // 40 -> 48 MiB (1.2 times): within the ratio.
    assert!(compare_rows(&old, &[with_mib(48.0)], 1.5).is_empty());
    // Small tables: 5 -> 15 MiB is three times as much but only 10 MiB more.
    let mut small = row("S", "highs", 0.2);
    small.peak_rss_mib = Some(5.0);
    const { assert!(15.0 - 5.0 < MIN_MIB) };
    assert!(compare_rows(&[small], &[with_mib(15.0)], 1.5).is_empty());
}

#[test]
fn correctness_changes_are_flagged_whatever_the_tolerance() {
    let old = [row("S", "highs", 0.2)];
    let mut new = row("S", "highs", 0.2);
    new.objective = Some(1_234_600.0);
    new.status = "feasible".into();
    new.check_passed = false;
    let r = compare_rows(&old, &[new], 100.0);
    assert_eq!(r.len(), 3, "{r:?}");
    assert!(r[0].contains("status feasible (was optimal)"), "{r:?}");
    assert!(r[1].contains("checker failed"), "{r:?}");
    assert!(r[2].contains("objective"), "{r:?}");
}

#[test]
fn the_verdict_names_what_was_compared_or_what_regressed() {
    let base = Path::new("main.csv");
    let old = [row("S", "highs", 0.2), row("M", "highs", 10.0)];
    let new = [
        row("S", "highs", 0.2),
        row("M", "highs", 11.0),
        row("M", "clarabel", 100.0),
    ];
    let r = compare_rows(&old, &new, 1.5);
    assert!(r.is_empty(), "{r:?}");
    let line = verdict(base, &old, &new, 1.5, &r);
    assert!(
        line.starts_with("bench: no regression against main.csv (2 row(s) compared: S highs, M highs; tolerance x1.5, floors 0.05 s and 16 MiB; 1 new row(s) not in the baseline)"),
        "{line}"
    );
    assert_eq!(line.lines().count(), 1);

    let new = [row("S", "highs", 0.2), row("M", "highs", 20.0)];
    let r = compare_rows(&old, &new, 1.5);
    let line = verdict(base, &old, &new, 1.5, &r);
    assert!(
        line.starts_with(
            "bench: 1 regression(s) against main.csv (tolerance x1.5): M highs: solve_s 20.000 s"
        ),
        "{line}"
    );
    assert!(!line.contains("no regression"), "{line}");
    assert_eq!(line.lines().count(), 1);
}

#[test]
fn tolerances_are_ratios_of_one_or_more() {
    assert!(check_tolerance(1.5).is_ok());
    assert!(check_tolerance(1.0).is_ok());
    for bad in [0.25, 0.0, -1.0, f64::NAN, f64::INFINITY] {
        let e = check_tolerance(bad).unwrap_err().to_string();
        assert!(e.contains("expected a ratio of 1 or more"), "{bad}: {e}");
    }
}

#[test]
fn baselines_that_cannot_be_compared_are_refused_with_the_file_name() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("missing.csv");
    let e = read_baseline(&missing).unwrap_err().to_string();
    assert!(e.contains("missing.csv: cannot read file"), "{e}");

    let empty = tmp.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let e = read_baseline(&empty).unwrap_err().to_string();
    assert!(e.contains("empty.csv: no rows"), "{e}");

    let other = tmp.path().join("summary.csv");
    std::fs::write(&other, "id,name,status\n1,base,optimal\n").unwrap();
    let e = read_baseline(&other).unwrap_err().to_string();
    assert!(
        e.contains("summary.csv: row 1:") && e.contains("expected the columns of triplan bench"),
        "{e}"
    );

    let good = tmp.path().join("good.csv");
    let rows = vec![row("S", "highs", 0.2), row("M", "highs-ipm", 8.4)];
    write_table(&rows, Some(&good)).unwrap();
    assert_eq!(read_baseline(&good).unwrap(), rows);
    assert_eq!(read_table(&good).unwrap(), rows);
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A refusal before any solve: exit code 2, the message, and no table on standard output
/// (the table is printed only after the benchmark ran).
fn refused_before_running(o: &Output, message: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    assert!(stderr(o).contains(message), "{}", stderr(o));
    assert!(
        o.stdout.is_empty(),
        "nothing ran: {}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn bench_checks_its_arguments_and_baseline_before_any_solve() {
    let tmp = tempfile::tempdir().unwrap();
    // The sizes would take minutes (M is a 65 k-column LP per backend): every refusal below
    // comes before them.
    let missing = tmp.path().join("main.csv");
    let o = triplan(&["bench", "--sizes", "S,M", "--baseline", p(&missing)]);
    refused_before_running(&o, &format!("{}: cannot read file", p(&missing)));

    let garbage = tmp.path().join("garbage.csv");
    std::fs::write(&garbage, "not,a\nbench,table\n").unwrap();
    let o = triplan(&["bench", "--sizes", "S,M", "--baseline", p(&garbage)]);
    refused_before_running(&o, &format!("{}: row 1:", p(&garbage)));

    let header_only = tmp.path().join("header.csv");
    std::fs::write(
        &header_only,
        "size,backend,variables,constraints,nonzeros,repeats,build_s,solve_s,check_s,peak_rss_mib,objective,status,check_passed\n",
    )
    .unwrap();
    let o = triplan(&["bench", "--sizes", "S,M", "--baseline", p(&header_only)]);
    refused_before_running(&o, &format!("{}: no rows", p(&header_only)));

    let o = triplan(&["bench", "--sizes", "S,M", "--tolerance", "0.25"]);
    refused_before_running(&o, "--tolerance 0.25: expected a ratio of 1 or more");

    let o = triplan(&["bench", "--sizes", "S,M,nowhere"]);
    refused_before_running(&o, "unknown size \"nowhere\"");

    // An existing --out is refused before the run, and left as it was.
    let out = tmp.path().join("new.csv");
    std::fs::write(&out, "kept\n").unwrap();
    let o = triplan(&["bench", "--sizes", "S,M", "--out", p(&out)]);
    refused_before_running(&o, "already exists");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "kept\n");
}

#[test]
fn bench_compares_with_a_baseline_without_out_and_says_so_either_way() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first.csv");
    let o = triplan(&[
        "bench",
        "--sizes",
        "tests/fixtures/tiny",
        "--repeats",
        "1",
        "--out",
        p(&first),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = read_table(&first).unwrap();
    assert!(!rows.is_empty());

    // A baseline far slower than any run: no regression, whatever the machine's load.
    let slow = tmp.path().join("slow.csv");
    let slow_rows: Vec<BenchRow> = rows
        .iter()
        .map(|r| BenchRow {
            build_s: 100.0,
            solve_s: 100.0,
            peak_rss_mib: Some(100_000.0),
            ..r.clone()
        })
        .collect();
    write_table(&slow_rows, Some(&slow)).unwrap();
    let o = triplan(&[
        "bench",
        "--sizes",
        "tests/fixtures/tiny",
        "--repeats",
        "1",
        "--baseline",
        p(&slow),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "bench: no regression against {} ({} row(s) compared: tiny highs",
            p(&slow),
            rows.len()
        )),
        "{err}"
    );

    // A baseline with another objective on the same model: a regression, exit 1.
    let moved = tmp.path().join("moved.csv");
    let moved_rows: Vec<BenchRow> = slow_rows
        .iter()
        .map(|r| BenchRow {
            objective: r.objective.map(|o| o + 50.0),
            ..r.clone()
        })
        .collect();
    write_table(&moved_rows, Some(&moved)).unwrap();
    let o = triplan(&[
        "bench",
        "--sizes",
        "tests/fixtures/tiny",
        "--repeats",
        "1",
        "--baseline",
        p(&moved),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "bench: {} regression(s) against {}",
            rows.len(),
            p(&moved)
        )),
        "{err}"
    );
    assert!(
        err.contains("tiny highs: objective") && err.contains("on a model of the same size"),
        "{err}"
    );
}

#[test]
fn mip_rows_are_compared_with_mip_rows_and_old_tables_read_as_lp() {
    let lp = row("S", "highs", 1.0);
    let mip = BenchRow {
        problem: "mip".into(),
        solve_s: 100.0,
        ..row("S", "highs", 1.0)
    };
    // The MIP row is not the LP row's successor: a slow MIP is no LP regression.
    let r = compare_rows(std::slice::from_ref(&lp), &[mip.clone(), lp.clone()], 1.5);
    assert!(r.is_empty(), "{r:?}");
    let r = compare_rows(std::slice::from_ref(&mip), std::slice::from_ref(&lp), 1.5);
    assert_eq!(r, ["S highs mip: missing from the new table"]);

    // A table written before the problem column existed.
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join("old.csv");
    std::fs::write(
        &old,
        "size,backend,variables,constraints,nonzeros,repeats,build_s,solve_s,check_s,peak_rss_mib,objective,status,check_passed\n\
         S,highs,10,5,20,3,0.01,1.0,0.001,100,5.0,optimal,true\n",
    )
    .unwrap();
    let rows = read_table(&old).unwrap();
    assert_eq!(rows[0].problem, "lp");
    assert_eq!(rows[0].key(), "S highs");
}

#[test]
fn bench_gives_mip_rows_per_installed_engine() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("t.csv");
    let o = triplan(&[
        "bench",
        "--sizes",
        "instances/tutorial",
        "--mip-sizes",
        "instances/tutorial",
        "--lp-backends",
        "highs",
        "--repeats",
        "1",
        "--out",
        p(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = read_table(&out).unwrap();
    assert_eq!(rows[0].key(), "tutorial highs");
    let mips: Vec<&BenchRow> = rows.iter().filter(|r| r.problem == "mip").collect();
    assert!(mips.iter().any(|r| r.backend == "highs"), "{rows:?}");
    for r in &mips {
        assert!(r.check_passed && r.status == "optimal", "{r:?}");
        assert!((r.objective.unwrap() - 13_387.99).abs() <= 1e-4 * 13_387.99 + 0.01);
    }
    // The LP relaxation is a lower bound of the MIP.
    assert!(rows[0].objective.unwrap() <= mips[0].objective.unwrap() + 1e-6);
}
