//! Weeks on the calendar: an instance with `first_monday` gives every weekly table its ISO
//! week and date after the week number, the JSON summary its first Monday and first and last
//! day, the text summary its period and the HTML page dated axes; without it the outputs
//! stay as they were.

mod common;

use common::root;
use triplan::report::{tables, Cell, Table};
use triplan::{load_instance, run, BuildOptions, Instance, RunOptions};

fn reference() -> Instance {
    load_instance(&root().join("instances/juratri-2014")).unwrap()
}

/// The reference plan as an LP (0.3 s).
fn relaxed() -> RunOptions {
    RunOptions {
        build: BuildOptions {
            relax: true,
            ..BuildOptions::default()
        },
        ..RunOptions::default()
    }
}

fn text(c: &Cell) -> &str {
    match c {
        Cell::Text(s) => s,
        other => panic!("expected text, got {other:?}"),
    }
}

/// The ISO week and date of the rows of week `wk` (at least one), which all agree.
fn dated_rows(tb: &Table, wk: f64) -> (String, String) {
    let rows: Vec<&Vec<Cell>> = tb
        .rows
        .iter()
        .filter(|r| matches!(r[0], Cell::Num(w) if w == wk))
        .collect();
    assert!(!rows.is_empty(), "{}: no row of week {wk}", tb.name);
    let (iso, date) = (text(&rows[0][1]), text(&rows[0][2]));
    for r in &rows {
        assert_eq!((text(&r[1]), text(&r[2])), (iso, date), "{}", tb.name);
    }
    (iso.to_string(), date.to_string())
}

#[test]
fn the_reference_instance_starts_on_monday_6_january_2014() {
    let inst = reference();
    let first = inst.first_monday.unwrap();
    assert_eq!(first.to_string(), "2014-01-06");
    assert_eq!(inst.week_monday(51).unwrap().to_string(), "2014-12-29");
    assert_eq!(inst.iso_week(51).unwrap().to_string(), "2015-W01");
    // The variant without the social mission is the same year.
    assert_eq!(inst.without_mission().first_monday, Some(first));
}

#[test]
fn weekly_tables_carry_iso_week_and_date_across_the_year_boundary() {
    let inst = reference();
    let s = run(&inst, &relaxed()).unwrap();
    let tabs = tables(&inst, s.plan.as_ref().unwrap());
    let mut weekly = 0;
    for tb in &tabs {
        if tb.columns.first() != Some(&"week") {
            assert!(!tb.columns.contains(&"iso_week"), "{}", tb.name);
            continue;
        }
        weekly += 1;
        assert_eq!(tb.columns[..3], ["week", "iso_week", "date"], "{}", tb.name);
        for r in &tb.rows {
            assert_eq!(r.len(), tb.columns.len(), "{}", tb.name);
        }
        // Stock and hour tables list every week; flow tables may skip a quiet one.
        if ["paid_hours", "staff_weeks", "intake_stock", "output_stock"].contains(&tb.name) {
            assert_eq!(
                dated_rows(tb, 1.0),
                ("2014-W02".into(), "2014-01-06".into())
            );
            assert_eq!(
                dated_rows(tb, 52.0),
                ("2015-W01".into(), "2014-12-29".into())
            );
            assert_eq!(
                dated_rows(tb, 27.0),
                ("2014-W28".into(), "2014-07-07".into())
            );
        }
    }
    assert_eq!(
        weekly, 14,
        "every table but headcount, social_balance and skills"
    );

    // The CSV file and the JSON records read the same.
    let tb = tabs.iter().find(|t| t.name == "intake_stock").unwrap();
    let mut csv = Vec::new();
    tb.write_csv_to(&mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.starts_with("week,iso_week,date,site,stream,tonnes\n"),
        "{csv}"
    );
    assert!(csv.contains("\n52,2015-W01,2014-12-29,"), "{csv}");
    let json = tb.to_json();
    let last = json.as_array().unwrap().last().unwrap();
    assert_eq!(last["week"], 52.0);
    assert_eq!(last["iso_week"], "2015-W01");
    assert_eq!(last["date"], "2014-12-29");
}

#[test]
fn summaries_name_the_period() {
    let inst = reference();
    let s = run(&inst, &relaxed()).unwrap();
    let doc = triplan::report::json(&inst, &s);
    assert_eq!(doc["first_monday"], "2014-01-06");
    assert_eq!(doc["first_day"], "2014-01-06");
    assert_eq!(doc["last_day"], "2015-01-04");
    let summary = triplan::report::text(&inst, &s);
    assert!(
        summary.contains("period: weeks 1-52, Monday 2014-01-06 to Sunday 2015-01-04\n"),
        "{summary}"
    );
    let page = triplan::report::html(&inst, &s);
    assert!(page.contains("52 weeks from Mon 6 Jan 2014 to Sun 4 Jan 2015"));
    // The x axes: every 4th week labelled, the first with its year; the last label, week
    // 52, is still in 2014 (no year under it).
    assert!(page.contains(">6 Jan<tspan"), "no dated first tick");
    assert!(page.contains(">2014</tspan>"));
    assert!(page.contains(">27 Jan</text>") && page.contains(">29 Dec</text>"));
    assert!(!page.contains(">2015</tspan>"));
    assert!(page.contains(">week starting</text>"));
    assert!(!page.contains(">week</text>"));
    assert!(page.contains("<title>Week 3 · 2014-W04 · Mon 20 Jan 2014"));
}

#[test]
fn without_first_monday_nothing_changes() {
    let mut inst = reference();
    inst.first_monday = None;
    let s = run(&inst, &relaxed()).unwrap();
    let tabs = tables(&inst, s.plan.as_ref().unwrap());
    assert!(tabs.iter().all(|t| !t.columns.contains(&"iso_week")));
    let doc = triplan::report::json(&inst, &s);
    assert!(doc.get("first_monday").is_none() && doc.get("last_day").is_none());
    assert!(!triplan::report::text(&inst, &s).contains("period:"));
    let page = triplan::report::html(&inst, &s);
    assert!(!page.contains("week starting") && !page.contains("2014-W"));
}
