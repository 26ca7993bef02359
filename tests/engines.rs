//! The MIP engines: a named engine that cannot be used is a usage error naming why; `auto`
//! falls back to HiGHS and says what it passed over; every installed engine reaches the same
//! checked optimum and maps infeasible and time-limit outcomes to the same exit codes.
//!
//! Engines absent from the machine are skipped with a line on stderr, unless
//! `TRIPLAN_REQUIRE_ENGINES=1` (set by `.ci/run`, after `scripts/setup` installed them).

mod common;
use common::{copy_fixture, mutate, stderr, triplan_env};

fn code(o: &std::process::Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", String::from_utf8_lossy(&o.stdout), stderr(o)))
}

/// The engines to run: HiGHS always, SCIP and CBC where installed (or required).
fn engines() -> Vec<&'static str> {
    let require = std::env::var("TRIPLAN_REQUIRE_ENGINES").is_ok_and(|v| v == "1");
    let mut v = vec!["highs"];
    for e in ["scip", "cbc"] {
        let o = triplan_env(&["solve", "tests/fixtures/tiny", "--solver", e], &[]);
        if code(&o) == 2 && stderr(&o).contains(&format!("--solver {e}:")) {
            assert!(!require, "{e} is required here: {}", stderr(&o));
            eprintln!("skipping {e}: {}", stderr(&o));
        } else {
            v.push(e);
        }
    }
    v
}

#[test]
fn a_named_engine_that_is_missing_is_a_usage_error() {
    for (engine, var) in [("scip", "TRIPLAN_SCIP_LIB"), ("cbc", "TRIPLAN_CBC_LIB")] {
        let o = triplan_env(
            &["solve", "tests/fixtures/tiny", "--solver", engine],
            &[(var, "/no/such/libengine.so")],
        );
        assert_eq!(code(&o), 2, "{}", stderr(&o));
        let e = stderr(&o);
        assert!(
            e.contains(&format!(
                "--solver {engine}: {var}=/no/such/libengine.so: no such file"
            )),
            "{e}"
        );
        let o = triplan_env(
            &["solve", "tests/fixtures/tiny", "--solver", engine],
            &[(var, "none")],
        );
        assert_eq!(code(&o), 2, "{}", stderr(&o));
        assert!(stderr(&o).contains("switched off"), "{}", stderr(&o));
    }
}

#[test]
fn a_file_that_is_not_the_engine_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("libscip.so");
    std::fs::write(&fake, "not a shared library").unwrap();
    let f = fake.to_str().unwrap();
    let o = triplan_env(
        &["solve", "tests/fixtures/tiny", "--solver", "scip"],
        &[("TRIPLAN_SCIP_LIB", f)],
    );
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot load it as a shared library"),
        "{}",
        stderr(&o)
    );
    // A real shared library that is not SCIP: named by the symbol it lacks.
    for libc in [
        "/lib/x86_64-linux-gnu/libc.so.6",
        "/lib64/libc.so.6",
        "/usr/lib/libc.so.6",
    ] {
        if std::path::Path::new(libc).is_file() {
            let o = triplan_env(
                &["solve", "tests/fixtures/tiny", "--solver", "scip"],
                &[("TRIPLAN_SCIP_LIB", libc)],
            );
            assert_eq!(code(&o), 2, "{}", stderr(&o));
            assert!(
                stderr(&o).contains("not a SCIP library this build can drive"),
                "{}",
                stderr(&o)
            );
            break;
        }
    }
}

#[test]
fn auto_falls_back_to_highs_and_says_what_it_passed_over() {
    let env = [("TRIPLAN_SCIP_LIB", "none"), ("TRIPLAN_CBC_LIB", "none")];
    let o = triplan_env(&["solve", "instances/tutorial", "--format", "json"], &env);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["solver"]["backend"], "highs");
    let note = v["solver"]["engine_note"].as_str().unwrap();
    assert!(
        note.contains("SCIP is switched off") && note.contains("CBC is switched off"),
        "{note}"
    );
    let o = triplan_env(&["solve", "instances/tutorial"], &env);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("engine: HiGHS (built in) (faster engines passed over: SCIP is switched off"),
        "{out}"
    );
    let o = triplan_env(&["validate", "instances/tutorial"], &env);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("auto picks HiGHS (built in) for MIPs"),
        "{out}"
    );
}

#[test]
fn every_installed_engine_reaches_the_same_checked_optimum() {
    for e in engines() {
        let o = triplan_env(
            &[
                "solve",
                "instances/tutorial",
                "--solver",
                e,
                "--format",
                "json",
            ],
            &[],
        );
        assert_eq!(code(&o), 0, "{e}: {}", stderr(&o));
        let v = json(&o);
        assert_eq!(v["status"], "optimal", "{e}");
        assert_eq!(v["solver"]["backend"], e);
        assert_eq!(v["check"]["passed"], true, "{e}");
        let obj = v["objective_eur"].as_f64().unwrap();
        // The tutorial's optimum, within the default relative gap of 1e-4.
        assert!(
            (obj - 13_387.99).abs() <= 1e-4 * 13_387.99 + 0.01,
            "{e}: {obj}"
        );
        let gap = v["solver"]["mip_gap"].as_f64().unwrap();
        assert!((0.0..=1e-4 + 1e-9).contains(&gap), "{e}: gap {gap}");
    }
}

#[test]
fn every_installed_engine_reports_infeasible_and_time_limits_alike() {
    let dir = copy_fixture("tiny");
    mutate(
        dir.path(),
        "model.toml",
        "id = \"small\"",
        "id = \"small\"\nrecovery_target = 0.9",
    );
    let d = dir.path().to_str().unwrap();
    for e in engines() {
        let o = triplan_env(&["solve", d, "--solver", e], &[]);
        assert_eq!(code(&o), 3, "{e}: {}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains("Why: the plan is infeasible"), "{e}: {out}");
        let o = triplan_env(
            &[
                "solve",
                "instances/tutorial",
                "--solver",
                e,
                "--time-limit",
                "0",
                "--format",
                "json",
            ],
            &[],
        );
        assert_eq!(code(&o), 4, "{e}: {}", stderr(&o));
        let v = json(&o);
        assert_eq!(v["status"], "limit_no_solution", "{e}");
        assert!(v["objective_eur"].is_null(), "{e}");
    }
}

#[test]
fn highs_options_choose_highs_under_auto_and_are_refused_for_another_engine() {
    let o = triplan_env(
        &[
            "solve",
            "instances/tutorial",
            "--highs-option",
            "mip_heuristic_effort=0.1",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["solver"]["backend"], "highs");
    assert_eq!(
        v["solver"]["engine_note"],
        "--highs-option given, so HiGHS solves"
    );
    let o = triplan_env(
        &[
            "solve",
            "instances/tutorial",
            "--solver",
            "clarabel",
            "--relax",
            "--highs-option",
            "presolve=off",
        ],
        &[],
    );
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--highs-option applies to HiGHS only, not to --solver clarabel"),
        "{}",
        stderr(&o)
    );
}
