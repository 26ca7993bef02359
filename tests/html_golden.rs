//! The HTML pages byte for byte against stored copies: the plan page of the tiny fixture
//! (with and without its weeks on the calendar), a
//! sweep page (categorical and numeric parameters, a rejected plan, a failed and an
//! infeasible scenario, markup in a value) and the comparison page of the reference study at
//! four representative weeks (`tests/golden/html/comparison/`: the files `triplan compare
//! --representative-weeks 4 --out DIR` wrote, `comparison.json` without its `yearly` and
//! `cashflow` arrays, which the page does not read). Any change to the pages shows here; when it is meant, write the
//! copies anew with `TRIPLAN_BLESS=1 cargo test --release --test html_golden` and review the
//! diff.

use std::path::Path;
use triplan::{load_instance, report, run, RunOptions};

const GOLDEN: &str = "tests/golden/html";

/// The page with the version number replaced, so that a release does not change the copies.
fn versionless(page: &str) -> String {
    page.replace(
        concat!("triplan ", env!("CARGO_PKG_VERSION")),
        "triplan VERSION",
    )
}

/// The run options of the pages: HiGHS, so that a page does not depend on the engines
/// installed (the engine and its version are on the page).
fn highs() -> RunOptions {
    let mut o = RunOptions::default();
    o.solve.backend = triplan::Backend::Highs;
    o
}

/// Compares `page` with the stored copy `name`, or writes it with `TRIPLAN_BLESS` set.
fn assert_golden(name: &str, page: &str) {
    let path = Path::new(GOLDEN).join(name);
    let page = versionless(page);
    if std::env::var_os("TRIPLAN_BLESS").is_some() {
        std::fs::write(&path, &page).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (write it with TRIPLAN_BLESS=1)", path.display()));
    if page != want {
        let (i, (got, exp)) = page
            .lines()
            .zip(want.lines())
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .unwrap_or((0, ("(lengths differ)", "")));
        let at = got
            .chars()
            .zip(exp.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let around = |s: &str| {
            s.chars()
                .skip(at.saturating_sub(60))
                .take(160)
                .collect::<String>()
        };
        panic!(
            "{} differs from the page at line {}, character {at}:\n  page:   {}\n  stored: {}\n(if the change is meant: TRIPLAN_BLESS=1)",
            path.display(),
            i + 1,
            around(got),
            around(exp)
        );
    }
}

#[test]
fn plan_page_of_the_tiny_fixture() {
    let inst = load_instance(Path::new("tests/fixtures/tiny")).unwrap();
    let mut s = run(&inst, &highs()).unwrap();
    // The solve time is the one figure that changes from run to run.
    s.timings.build = 0.0;
    s.timings.solve = 0.0;
    s.timings.check = 0.0;
    assert_golden("tiny-plan.html", &report::html(&inst, &s));
}

/// The same page with the weeks on the calendar (two weeks across the turn of 2014): the
/// stored copy differs from `tiny-plan.html` only in the header's dates, the x axes' labels
/// and title, the tooltips' week names and the plot heights that make room for the year.
#[test]
fn plan_page_of_the_tiny_fixture_with_dates() {
    let mut inst = load_instance(Path::new("tests/fixtures/tiny")).unwrap();
    inst.first_monday = Some(triplan::dates::Date::parse("2014-12-29").unwrap());
    let mut s = run(&inst, &highs()).unwrap();
    s.timings.build = 0.0;
    s.timings.solve = 0.0;
    s.timings.check = 0.0;
    assert_golden("tiny-plan-dated.html", &report::html(&inst, &s));
}

#[test]
fn sweep_page_with_categories_and_failures() {
    let page =
        report::sweep_html(Path::new("tests/golden/html/sweep-categories/summary.csv")).unwrap();
    assert_golden("sweep-categories.html", &page);
}

#[test]
fn comparison_page_of_the_reference_study() {
    let page =
        report::comparison_html(Path::new("tests/golden/html/comparison/comparison.csv")).unwrap();
    assert_golden("comparison.html", &page);
}

/// A scenario or option set named like a formula is written guarded (`'=x`, so that a
/// spreadsheet shows it as text) and shown on the pages as it was named (`=x`), not with the
/// guard.
#[test]
fn formula_guard_is_not_shown_on_the_pages() {
    use triplan::csvout::line;
    let dir = tempfile::tempdir().unwrap();
    let sweep = dir.path().join("summary.csv");
    let mut header = vec!["id", "name", "hash", "tonnage.mixed"];
    header.extend(triplan::sweep::COLUMNS);
    let mut row = vec!["1", "=x", "00", "x1.5", "optimal", "Optimal", "500"];
    row.resize(header.len(), "");
    std::fs::write(&sweep, line(&header) + &line(&row)).unwrap();
    assert!(std::fs::read_to_string(&sweep).unwrap().contains(",'=x,"));
    let page = report::sweep_html(&sweep).unwrap();
    assert!(page.contains("<td class=\"l\">=x</td>"), "{page}");
    assert!(!page.contains("'=x"), "{page}");

    let comparison = dir.path().join("comparison.csv");
    let text = std::fs::read_to_string("tests/golden/html/comparison/comparison.csv").unwrap();
    let text = text.replacen("\nstatus quo,", "\n'=x,", 1);
    std::fs::write(&comparison, text).unwrap();
    let page = report::comparison_html(&comparison).unwrap();
    assert!(page.contains("<td>=x</td>"), "{page}");
    assert!(!page.contains("'=x"), "{page}");
}
