//! A large sweep and its page: 400 LP scenarios of a six-line fixture, part of them
//! infeasible. `summary.csv` answers "which line saturates first" (per-line utilisation,
//! staff, external tonnage, numeric parameters, an explanation per scenario without a plan),
//! agrees with a direct solve, and the page shows the infeasible scenarios, draws small
//! multiples and renders in Chromium without overflow.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use triplan::report;

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// 20 tonnages x 5 recovery targets x 4 insertion shares of `truckload-small` (six lines,
/// four weeks) as LP relaxations; high targets and shares are out of reach.
const STUDY: &str = r#"base = "BASE"
relax = true

[[axis]]
path = "tonnage"
scale = [0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1, 2.2, 2.3, 2.4, 2.5]

[[axis]]
path = "targets.recovery"
set = [0.85, 0.9, 0.92, 0.95, 0.98]

[[axis]]
path = "social.insertion_share_min"
set = [0.3, 0.5, 0.7, 0.9]
"#;

/// The summary as a header and rows of cells.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (h, rows)
}

fn col(h: &[String], name: &str) -> usize {
    h.iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name} in {h:?}"))
}

#[test]
fn a_400_scenario_sweep_answers_which_line_saturates_first() {
    let tmp = tempfile::tempdir().unwrap();
    let study = tmp.path().join("study.toml");
    let base = root().join("tests/fixtures/truckload-small");
    std::fs::write(&study, STUDY.replace("BASE", p(&base))).unwrap();
    let out = tmp.path().join("out");
    let o = triplan(&["sweep", p(&study), "--out", p(&out), "--jobs", "2"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let (h, rows) = read_csv(&out.join("summary.csv"));
    assert_eq!(rows.len(), 400);

    // Parameters are numbers, one column per swept path (factors named so).
    let (tonnage, target) = (col(&h, "tonnage_factor"), col(&h, "targets.recovery"));
    assert_eq!(
        h[3..6],
        [
            "tonnage_factor",
            "targets.recovery",
            "social.insertion_share_min"
        ]
    );
    for r in &rows {
        for c in &r[3..6] {
            c.parse::<f64>()
                .unwrap_or_else(|_| panic!("{c:?} not a number"));
        }
    }
    assert_eq!(rows[0][tonnage], "0.6");
    assert_eq!(rows[399][target], "0.98");

    // One utilisation column per line, staff per kind, temporary hours, external tonnage,
    // written as numbers for every scenario with a plan.
    let inst = triplan::load_instance(&base).unwrap();
    let util: Vec<usize> = inst
        .plant
        .lines
        .iter()
        .map(|l| col(&h, &format!("util_{}", l.named.id)))
        .collect();
    assert_eq!(util.len(), 6);
    let status = col(&h, "status");
    let figures = [
        "external_t",
        "temporary_h",
        "persons_peak_permanent",
        "persons_peak_insertion",
        "persons_peak_supervisor",
        "persons_mean_permanent",
        "persons_mean_insertion",
        "persons_mean_supervisor",
    ];
    let solved: Vec<&Vec<String>> = rows.iter().filter(|r| r[status] == "optimal").collect();
    let infeasible: Vec<&Vec<String>> = rows.iter().filter(|r| r[status] == "infeasible").collect();
    assert!(
        solved.len() > 100 && infeasible.len() > 50,
        "{} / {}",
        solved.len(),
        infeasible.len()
    );
    assert_eq!(solved.len() + infeasible.len(), 400);
    for r in &solved {
        for f in figures {
            let v: f64 = r[col(&h, f)].parse().unwrap();
            assert!(v >= 0.0, "{f} = {v}");
        }
        for &u in &util {
            let v: f64 = r[u].parse().unwrap();
            assert!((0.0..=1.0 + 1e-6).contains(&v), "utilisation {v}");
        }
        // The peak week has at least the mean week's persons.
        for k in ["permanent", "insertion", "supervisor"] {
            let peak: f64 = r[col(&h, &format!("persons_peak_{k}"))].parse().unwrap();
            let mean: f64 = r[col(&h, &format!("persons_mean_{k}"))].parse().unwrap();
            assert!(peak + 1e-6 >= mean, "{k}: peak {peak} < mean {mean}");
        }
    }
    // More tonnage, more work: some line saturates within the sweep, none at the start.
    let max_util = |r: &Vec<String>| {
        util.iter()
            .map(|&u| r[u].parse::<f64>().unwrap())
            .fold(0.0, f64::max)
    };
    assert!(solved.iter().any(|r| max_util(r) >= 0.999));
    assert!(solved
        .iter()
        .filter(|r| r[tonnage] == "0.6")
        .all(|r| max_util(r) < 0.999));

    // Every infeasible scenario says which rules must give, in the plant's words; the figures
    // stay empty.
    let explanation = col(&h, "explanation");
    for r in &infeasible {
        assert!(!r[explanation].is_empty(), "{r:?}");
        assert!(r[col(&h, "external_t")].is_empty());
    }
    assert!(infeasible
        .iter()
        .any(|r| r[explanation].contains("recovery rate of the whole plant short by")));
    assert!(infeasible
        .iter()
        .any(|r| r[explanation].contains("insertion share at site s001")));
    assert!(solved.iter().all(|r| r[explanation].is_empty()));

    // The row agrees with the checked plan of the same scenario solved directly.
    let st = triplan::scenario::load_study(&study).unwrap();
    let s = &st.scenarios[0];
    let mut opts = triplan::RunOptions::default();
    opts.build.relax = true;
    let direct = triplan::run(&st.instance(s), &opts).unwrap();
    let k = &direct.check.as_ref().unwrap().kpis;
    for (l, &u) in util.iter().enumerate() {
        let v: f64 = rows[0][u].parse().unwrap();
        let want = k.lines[l].hours / k.lines[l].available_h;
        assert!((v - want).abs() < 1e-6, "{}: {v} vs {want}", k.lines[l].id);
    }
    let ext: f64 = rows[0][col(&h, "external_t")].parse().unwrap();
    assert!((ext - k.external_t).abs() < 1e-6);
    let temp: f64 = rows[0][col(&h, "temporary_h")].parse().unwrap();
    assert!((temp - k.staff[2].paid_h).abs() < 1e-6);

    // The page: three parameters, small multiples of six KPIs each, a utilisation chart per
    // parameter, the scenarios without a plan listed with their explanation.
    let html = report::sweep_html(&out.join("summary.csv")).unwrap();
    for id in [
        "no-plan",
        "param-1",
        "param-2",
        "param-3",
        "utilisation",
        "summary-table",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    let charts = html.matches("<svg class=\"chart\"").count();
    assert_eq!(charts, 3 * 6 + 3);
    assert_eq!(html.matches("<tr data-id=").count(), infeasible.len());
    assert!(html.contains("recovery rate of the whole plant short by"));
    // Scenarios without a plan are crossed on the axis, never dropped silently.
    assert!(html.matches("<path class=\"miss\"").count() > 10);
    assert!(html.contains("without a plan"));
    // Which line saturates first, in words.
    assert!(html.contains("reaches 100 % first"), "no finding");
    // Parameters formatted: no float noise, factors as such.
    assert!(!html.contains("0000000"), "float noise on the page");
    assert!(html.contains("\u{d7}1.3"));
    // Axes of tonnes, hours and persons start at zero or above.
    for kpi in ["external_t", "temporary_h", "persons_peak_insertion"] {
        for part in html.split(&format!("data-kpi=\"{kpi}\"")).skip(1) {
            let svg = &part[..part.find("</svg>").unwrap()];
            assert!(
                !svg.contains("text-anchor=\"end\">-"),
                "{kpi}: a negative tick"
            );
        }
    }

    if !browser::have_chromium() {
        return;
    }
    let dir: PathBuf = root().join("target/test-artefacts");
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("sweep-large.html");
    std::fs::write(&page, &html).unwrap();
    let dom = browser::render(&page, &dir.join("sweep-large.png"), charts);
    assert!(dom.contains("<section id=\"no-plan\">"));
}

/// A result stored by an earlier version (cells as text) is not reused: `--resume` solves
/// that scenario again and the summary is the same as a fresh sweep's.
#[test]
fn resume_solves_again_a_result_of_an_earlier_layout() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let o = triplan(&["sweep", "tests/fixtures/tiny/sweep.toml", "--out", p(&out)]);
    assert_eq!(o.status.code(), Some(0));
    let first = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let strip = |t: &str| -> Vec<String> {
        // Without the timing columns build_s, solve_s (the 4th and 3rd from the end).
        t.lines()
            .map(|l| {
                let mut r = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(l.as_bytes());
                let rec = r.records().next().unwrap().unwrap();
                let n = rec.len();
                rec.iter()
                    .enumerate()
                    .filter(|(i, _)| *i != n - 4 && *i != n - 3)
                    .map(|(_, c)| c.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect()
    };
    let old = r#"{"id":3,"hash":"HASH","outcome":"solved","columns":["id"],"cells":["3"]}"#;
    let path = out.join("results/000003.json");
    let stored: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let hash = stored["hash"].as_str().unwrap();
    std::fs::write(&path, old.replace("HASH", hash)).unwrap();
    let o = triplan(&[
        "sweep",
        "tests/fixtures/tiny/sweep.toml",
        "--out",
        p(&out),
        "--resume",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("(7 already done)"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let again = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(strip(&again), strip(&first));
}

/// A summary with a column the reader does not know is refused by `report` and `merge`
/// with exit code 2, naming the file and the column; one of an earlier layout (no staff,
/// utilisation or explanation columns, factors written `x0.5`) is shown.
#[test]
fn report_refuses_an_unknown_column_and_shows_an_older_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let o = triplan(&["sweep", "tests/fixtures/tiny/sweep.toml", "--out", p(&out)]);
    assert_eq!(o.status.code(), Some(0));
    let path = out.join("summary.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen(",util_bench,", ",usage_bench,", 1)).unwrap();
    for args in [
        vec!["report", p(&out)],
        vec!["merge", p(&out), "--out", p(&tmp.path().join("m"))],
    ] {
        let o = triplan(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(
            e.contains("summary.csv") && e.contains("unknown column \"usage_bench\""),
            "{e}"
        );
    }
    // The golden page's summary has the earlier layout.
    let old = root().join("tests/golden/html/sweep-categories/summary.csv");
    let html = report::sweep_html(&old).unwrap();
    assert!(html.contains("tonnage.mixed (factor)"));
    assert!(html.contains("\u{d7}0.5"));
}
