//! Outputs never replace the run's inputs, forced or not, and a file's directory is checked
//! before any work: each case runs `triplan` on a copy of the tiny fixture and looks at the
//! exit code, the message and the files left on disk.

mod common;

use common::*;
use std::path::Path;

const PAST: &str = "week,quantity,site,id,detail,value\n\
                    0,intake_stock,s,mixed,,4\n\
                    1,intake,,a,mixed,12\n\
                    1,processed,s,bench,mixed,10\n\
                    1,external,s,mixed,,0\n\
                    1,intake_stock,s,mixed,,5\n";

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Runs `args`, expects exit 2 and `needle` on stderr.
fn refused(args: &[&str], needle: &str) {
    let o = triplan(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        err.contains(needle),
        "{args:?}: expected {needle:?} in:\n{err}"
    );
}

#[test]
fn html_and_xlsx_never_replace_an_input_even_with_force() {
    let dir = copy_fixture("tiny");
    let d = dir.path();
    let actuals = d.join("past.csv");
    std::fs::write(&actuals, PAST).unwrap();
    let before: Vec<(String, Vec<u8>)> = ["instance.toml", "model.toml", "tonnage.csv", "past.csv"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(d.join(f)).unwrap()))
        .collect();
    let needle = "is an input of this run; no output replaces an input, with --force or not";
    for target in ["instance.toml", "model.toml", "tonnage.csv"] {
        let t = d.join(target);
        refused(&["solve", p(d), "--html", p(&t), "--force"], needle);
        refused(&["solve", p(d), "--xlsx", p(&t), "--force"], needle);
    }
    refused(
        &[
            "replan",
            p(d),
            "--actuals",
            p(&actuals),
            "--html",
            p(&actuals),
            "--force",
        ],
        needle,
    );
    refused(
        &[
            "replan",
            p(d),
            "--actuals",
            p(&actuals),
            "--xlsx",
            p(&actuals),
            "--force",
        ],
        needle,
    );
    for (f, bytes) in before {
        assert_eq!(std::fs::read(d.join(&f)).unwrap(), bytes, "{f} was changed");
    }
}

#[test]
fn a_rolling_replay_never_writes_over_its_own_actuals() {
    let dir = copy_fixture("tiny");
    let d = dir.path();
    let out = d.join("res");
    std::fs::create_dir(&out).unwrap();
    // The executed actuals of an earlier replay, fed back as this replay's actuals.
    let actuals = out.join("actuals-executed.csv");
    std::fs::write(&actuals, PAST).unwrap();
    refused(
        &[
            "replan",
            p(d),
            "--actuals",
            p(&actuals),
            "--rolling",
            "--out",
            p(&out),
            "--force",
        ],
        "actuals-executed.csv: is an input of this run",
    );
    assert_eq!(std::fs::read_to_string(&actuals).unwrap(), PAST);
}

#[test]
fn a_page_in_a_missing_directory_is_refused_before_the_solve() {
    let dir = copy_fixture("tiny");
    let d = dir.path();
    let page = d.join("nowhere").join("report.html");
    refused(
        &["solve", p(d), "--html", p(&page)],
        "report.html: its directory",
    );
    refused(
        &["solve", p(d), "--html", p(&page)],
        "nowhere does not exist; expected an existing directory (or the --out directory, which triplan creates)",
    );
    assert!(!d.join("nowhere").exists());
}

#[test]
fn a_page_inside_the_new_out_directory_is_written_and_replaced_on_the_next_run() {
    let dir = copy_fixture("tiny");
    let d = dir.path();
    let out = d.join("res");
    let page = out.join("report.html");
    let book = out.join("plan-copy.xlsx");
    for run in 1..=2 {
        let o = triplan(&[
            "solve",
            p(d),
            "--out",
            p(&out),
            "--html",
            p(&page),
            "--xlsx",
            p(&book),
        ]);
        assert_eq!(o.status.code(), Some(0), "run {run}: {}", stderr(&o));
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(html.contains("<html"), "run {run}");
        assert!(std::fs::metadata(&book).unwrap().len() > 0);
        let manifest = std::fs::read_to_string(out.join("triplan-output.json")).unwrap();
        assert!(manifest.contains("report.html"), "{manifest}");
        assert!(manifest.contains("plan-copy.xlsx"), "{manifest}");
    }
}

#[test]
fn plan_files_into_the_instance_directory_keep_its_inputs() {
    let dir = copy_fixture("tiny");
    let d = dir.path();
    let model = std::fs::read(d.join("model.toml")).unwrap();
    let o = triplan(&["solve", p(d), "--out", p(d), "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(d.join("plan.json").exists());
    assert_eq!(std::fs::read(d.join("model.toml")).unwrap(), model);
    assert!(d.join("instance.toml").exists() && d.join("tonnage.csv").exists());
}

#[test]
fn a_rolling_replay_names_the_actuals_it_does_not_use() {
    let dir = copy_fixture("tiny");
    let d = dir.path();
    let actuals = d.join("past.csv");
    std::fs::write(&actuals, PAST).unwrap();
    let out = d.join("res");
    let o = triplan(&[
        "replan",
        p(d),
        "--actuals",
        p(&actuals),
        "--rolling",
        "--out",
        p(&out),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    for needle in [
        "past.csv: a rolling replay uses the actual intake of weeks 1 to 1 and the week-0 stock counts",
        "so these rows are not used: processed (week 1); external (week 1); intake_stock (counts after week 0, week 1).",
    ] {
        assert!(err.contains(needle), "expected {needle:?} in:\n{err}");
    }
    let json = std::fs::read_to_string(out.join("rolling.json")).unwrap();
    assert!(json.contains("\"unused_actuals\""), "{json}");
    assert!(json.contains("processed (week 1)"), "{json}");
}
