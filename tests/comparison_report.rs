//! The comparison page of the reference study (4 representative weeks, the files in
//! tests/golden/html/comparison/) rendered in headless Chromium at 1400 px: no console
//! message, no script error, nothing wider than the window, every chart laid out. The page
//! and its screenshot are kept in target/test-artefacts/.

mod common;

use common::browser;
use std::path::Path;

#[test]
fn comparison_page_renders_in_chromium() {
    let page =
        triplan::report::comparison_html(Path::new("tests/golden/html/comparison/comparison.csv"))
            .unwrap();
    // What a manager must see: what to build and when, how the years were found, the
    // residual value, the cash flow, the mission's cost, and which future each chart shows.
    for needle in [
        "Recommendation: build platform in 2015, wood_line in 2015, flat_line in 2020.",
        "Build years: the best of 1,000 build schedules",
        "id=\"full-year\"",
        "NPV in parts, future central",
        "Cash flow of “platform + flat_line@2020 + wood_line”, future central",
        "Cost of the social mission, future central",
        "Insertion jobs, future central",
    ] {
        assert!(page.contains(needle), "no {needle:?}");
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artefacts");
    std::fs::create_dir_all(&dir).unwrap();
    let html = dir.join("comparison.html");
    std::fs::write(&html, &page).unwrap();
    if !browser::have_chromium() {
        return;
    }
    // NPV per future, NPV in parts, cash flow, regret, mission, insertion jobs.
    browser::render(&html, &dir.join("comparison.png"), 6);
}
