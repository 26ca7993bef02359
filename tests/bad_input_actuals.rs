//! Bad actuals tables (README "Actuals"): every problem of the file in one run, each naming
//! the file, the line and the column and what was expected; exit code 2, never a panic.

mod common;

use common::*;

const HEADER: &str = "week,quantity,site,id,detail,value\n";

/// `replan --actuals` and `validate` (with the table named in instance.toml) on the tutorial
/// both refuse `csv` with exit code 2, and name every needle.
fn refused(csv: &str, needles: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("actuals.csv");
    std::fs::write(&file, csv).unwrap();
    let o = triplan(&[
        "replan",
        "instances/tutorial",
        "--actuals",
        file.to_str().unwrap(),
        "--relax",
    ]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{err}");
    for n in needles {
        assert!(err.contains(n), "expected {n:?} in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn line(err: &str, file_line: &str) -> bool {
    err.lines().any(|l| l.contains(file_line))
}

#[test]
fn every_problem_of_the_file_is_named_with_its_line_and_column() {
    let csv = format!(
        "{HEADER}\
         1,intake,,county,small_appliances,10\n\
         1,tonnage,workshop,bench,small_appliances,3\n\
         1,processed,workshop,lathe,small_appliances,3\n\
         1,processed,workshop,bench,flat_screens,3\n\
         1,external,workshop,plutonium,,1\n\
         0,processed,workshop,bench,small_appliances,3\n\
         9,intake,,county,small_appliances,10\n\
         1,persons,workshop,permanent,,-1\n\
         1,persons,workshop,insertion,,NaN\n\
         1,intake,,county,small_appliances,11\n\
         1,persons,workshop,temporary,,2\n\
         x,external,workshop,crt_screens,,1\n"
    );
    let err = refused(&csv, &["input problems"]);
    let f = "actuals.csv";
    for (l, needle) in [
        (3, "unknown quantity \"tonnage\""),
        (4, "unknown line \"lathe\" at site \"workshop\""),
        (5, "not equipped for stream \"flat_screens\""),
        (6, "unknown stream \"plutonium\""),
        (7, "week 0 is only for stock counts"),
        (8, "beyond the horizon of 8 weeks"),
        (9, "expected a finite number from 0"),
        (10, "expected a finite number from 0"),
        (11, "as line 2"),
        (12, "expected a payroll kind"),
        (13, "expected a week number"),
    ] {
        assert!(
            line(&err, &format!("{f}:{l}:")) && err.contains(needle),
            "line {l}: expected {needle:?} in\n{err}"
        );
    }
    assert!(err.contains(":9: value:"), "the column is named: {err}");
    assert!(err.contains(":4: id:"), "{err}");
    assert!(err.contains(":5: detail:"), "{err}");
}

#[test]
fn a_hole_in_a_flow_is_refused_at_the_week_after_it() {
    let csv = format!(
        "{HEADER}\
         1,intake,,county,small_appliances,10\n\
         2,intake,,county,small_appliances,10\n\
         4,intake,,county,small_appliances,10\n\
         5,intake,,county,small_appliances,10\n"
    );
    let err = refused(
        &csv,
        &[
            "actuals.csv:4: week:",
            "given for week 4 but not for week(s) 3",
        ],
    );
    assert_eq!(err.matches("not for week(s)").count(), 1, "{err}");
}

#[test]
fn stock_counts_may_skip_weeks_but_not_name_unknown_lots() {
    // Counts at week 0 and week 3 only: no hole. A lot that no process yields is unknown.
    let csv = format!(
        "{HEADER}\
         0,intake_stock,workshop,small_appliances,,3\n\
         3,intake_stock,workshop,small_appliances,,1\n\
         3,output_stock,workshop,crt_glass/small_equipment,,1\n"
    );
    let err = refused(
        &csv,
        &[
            "actuals.csv:4: id:",
            "unknown lot (fraction/category) \"crt_glass/small_equipment\"",
        ],
    );
    assert!(!err.contains("not for week(s)"), "{err}");
}

#[test]
fn shipments_to_an_outlet_that_does_not_take_the_fraction_are_refused() {
    let csv = format!(
        "{HEADER}\
         1,shipped,workshop,nowhere,ferrous/screens,1\n\
         1,shipped,workshop,landfill,ferrous/screens,1\n"
    );
    refused(
        &csv,
        &[
            "actuals.csv:2: id:",
            "unknown outlet \"nowhere\"",
            "actuals.csv:3: detail:",
            "outlet \"landfill\" does not take \"ferrous/screens\"",
        ],
    );
}

#[test]
fn entries_in_a_week_the_model_allows_none_are_refused() {
    // The tutorial's permanent staff have no hiring cost: the model never hires them.
    let csv = format!(
        "{HEADER}\
         1,entries,workshop,insertion,,0\n\
         2,entries,workshop,permanent,,1\n"
    );
    refused(&csv, &["actuals.csv:3: week:", "allows none that week"]);
}

#[test]
fn a_wrong_header_and_a_missing_file_are_refused() {
    refused(
        "week,quantity,site,id,value\n1,intake,,county,1\n",
        &["actuals.csv:1: header:", "missing detail"],
    );
    let o = triplan(&[
        "replan",
        "instances/tutorial",
        "--actuals",
        "/nonexistent/actuals.csv",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("/nonexistent/actuals.csv") && err.contains("cannot read file"),
        "{err}"
    );
}

#[test]
fn a_semicolon_file_with_decimal_commas_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("actuals.csv");
    std::fs::write(
        &file,
        "week;quantity;site;id;detail;value\n1;intake;;county;small_appliances;10,5\n1;intake;;county;flat_screens;3,25\n1;intake;;county;crt_screens;0\n",
    )
    .unwrap();
    let inst =
        triplan::replan::load(&root().join("instances/tutorial"), Some(&file), false).unwrap();
    let a = inst.actuals.as_ref().expect("actuals attached");
    assert_eq!(a.past, 1);
    assert_eq!(inst.supply_t[[0, 0, 0]], 10.5);
    assert_eq!(inst.supply_t[[0, 1, 0]], 3.25);
}

#[test]
fn an_actuals_table_named_in_the_instance_is_validated_with_it() {
    let dir = copy_fixture("tiny");
    append(dir.path(), "instance.toml", "actuals = \"actuals.csv\"\n");
    std::fs::write(
        dir.path().join("actuals.csv"),
        format!("{HEADER}1,processed,s,bench,mixed,-2\n"),
    )
    .unwrap();
    let o = triplan(&["validate", dir.path().to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("actuals.csv:2: value:") && err.contains("got -2"),
        "{err}"
    );
    // A file the instance names but that is not there is a problem of its field.
    std::fs::remove_file(dir.path().join("actuals.csv")).unwrap();
    let o = triplan(&["validate", dir.path().to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("instance.toml: actuals:"), "{err}");
}

#[test]
fn a_workbook_sheet_of_actuals_is_read_and_its_bad_cells_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("actuals").unwrap();
    for (c, h) in ["week", "quantity", "site", "id", "detail", "value"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    type Row<'a> = (f64, &'a str, &'a str, &'a str, &'a str, Option<f64>);
    let rows: [Row; 3] = [
        (1.0, "intake", "", "county", "small_appliances", Some(10.5)),
        (1.0, "intake", "", "county", "flat_screens", None),
        (1.0, "intake", "", "county", "crt_screens", Some(3.0)),
    ];
    for (r, (w, q, s, id, d, v)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_number(r, 0, *w).unwrap();
        ws.write_string(r, 1, *q).unwrap();
        if !s.is_empty() {
            ws.write_string(r, 2, *s).unwrap();
        }
        ws.write_string(r, 3, *id).unwrap();
        ws.write_string(r, 4, *d).unwrap();
        match v {
            Some(v) => ws.write_number(r, 5, *v).unwrap(),
            None => ws.write_boolean(r, 5, true).unwrap(),
        };
    }
    wb.save(&book).unwrap();
    let o = triplan(&[
        "replan",
        "instances/tutorial",
        "--relax",
        "--actuals",
        book.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("book.xlsx, sheet actuals:3: value:"), "{err}");

    // The same sheet with a number there is read: week 1 is the past, its intake the actual.
    let good = dir.path().join("good.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("actuals").unwrap();
    for (c, h) in ["week", "quantity", "site", "id", "detail", "value"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (w, q, _, id, d, v)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_number(r, 0, *w).unwrap();
        ws.write_string(r, 1, *q).unwrap();
        ws.write_string(r, 3, *id).unwrap();
        ws.write_string(r, 4, *d).unwrap();
        ws.write_number(r, 5, v.unwrap_or(4.25)).unwrap();
    }
    wb.save(&good).unwrap();
    let inst =
        triplan::replan::load(&root().join("instances/tutorial"), Some(&good), false).unwrap();
    assert_eq!(inst.actuals.as_ref().unwrap().past, 1);
    assert_eq!(inst.supply_t[[0, 1, 0]], 4.25);
}

/// The week column may name a week by a date within it or by its ISO week when the instance
/// gives `first_monday` (the tutorial starts on Monday 2026-01-05): the same actuals written
/// with dates give the same plan as with week numbers.
#[test]
fn weeks_named_by_date_or_iso_week_give_the_same_plan() {
    let numbered = std::fs::read_to_string(root().join("instances/tutorial/actuals.csv")).unwrap();
    // Week 1 by its Wednesday, week 2 by its ISO week (2026-W03), week 3 by its Monday.
    let dated: String = numbered
        .lines()
        .map(|l| {
            let l = l
                .strip_prefix("1,")
                .map_or(l.to_string(), |r| format!("2026-01-07,{r}"));
            let l = l
                .strip_prefix("2,")
                .map_or(l.clone(), |r| format!("2026-W03,{r}"));
            let l = l
                .strip_prefix("3,")
                .map_or(l.clone(), |r| format!("2026-01-19,{r}"));
            l + "\n"
        })
        .collect();
    assert!(dated.contains("2026-W03,intake_stock"), "{dated}");
    let dir = tempfile::tempdir().unwrap();
    let objective = |csv: &str, name: &str| {
        let file = dir.path().join(name);
        std::fs::write(&file, csv).unwrap();
        let out = dir.path().join(format!("{name}.out"));
        let o = triplan(&[
            "replan",
            "instances/tutorial",
            "--actuals",
            file.to_str().unwrap(),
            "--relax",
            "--out",
            out.to_str().unwrap(),
        ]);
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{text}{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap();
        json["objective_eur"].as_f64().expect("an objective")
    };
    let a = objective(&numbered, "numbered.csv");
    let b = objective(&dated, "dated.csv");
    assert!((a - b).abs() < 1e-6, "{a} vs {b}");
}

#[test]
fn dates_outside_the_horizon_or_not_iso_weeks_are_refused() {
    let err = refused(
        &format!(
            "{HEADER}2025-12-29,intake,,county,small_appliances,1\n2026-W54,intake,,county,flat_screens,1\n2026-13-01,intake,,county,crt_screens,1\n2026-03-02,intake,,county,crt_screens,1\n"
        ),
        &[
            "before week 1 (from Monday 2026-01-05)",
            "\"2026-W54\", which is not an ISO week of 2026",
            "got \"2026-13-01\", which is not a date: month 13 does not exist",
            "beyond the horizon",
        ],
    );
    assert!(
        line(&err, ":2") && line(&err, ":3") && line(&err, ":4") && line(&err, ":5"),
        "{err}"
    );
}

#[test]
fn part_persons_and_persons_above_the_headcount_maximum_are_refused() {
    let csv = format!(
        "{HEADER}\
         1,persons,workshop,insertion,,4.5\n\
         1,entries,workshop,insertion,,0.5\n\
         1,persons,workshop,permanent,,7\n"
    );
    let err = refused(&csv, &["input problems"]);
    for (l, needle) in [
        (2, "got 4.5 persons of insertion staff in week 1, expected a whole number of persons"),
        (3, "got 0.5 entries of insertion staff in week 1, expected a whole number of persons"),
        (4, "got 7 persons of permanent staff at site workshop in week 1, above the group's headcount_max (6)"),
    ] {
        assert!(line(&err, &format!("actuals.csv:{l}: value: {needle}")), "line {l}: {err}");
    }
}

#[test]
fn actuals_that_contradict_each_other_are_refused_before_any_solve() {
    let csv = format!(
        "{HEADER}\
         1,persons,workshop,insertion,,6\n\
         1,entries,workshop,insertion,,0\n\
         1,exits,workshop,insertion,,0\n\
         2,persons,workshop,insertion,,5\n\
         2,entries,workshop,insertion,,1\n\
         2,exits,workshop,insertion,,1\n\
         3,persons,workshop,insertion,,0\n\
         3,entries,workshop,insertion,,0\n\
         3,exits,workshop,insertion,,9\n\
         1,worked_h,workshop,permanent,,200\n\
         1,paid_h,workshop,permanent,,150\n"
    );
    let err = refused(&csv, &["input problems"]);
    for (l, needle) in [
        (5, "5 persons of insertion staff at site workshop in week 2, but week 1 had 6, with 1 entries and 1 exits in week 2: expected 6"),
        (10, "9 exits of insertion staff at site workshop in week 3, more than the 5 persons there were to leave"),
        (11, "200 hours worked by permanent staff at site workshop in week 1, above the 150 hours paid"),
    ] {
        assert!(line(&err, &format!("actuals.csv:{l}: value: {needle}")), "line {l}: {err}");
    }
}

/// A rolling step made infeasible by its actual intake (ten times what the tiny plant can
/// process or store, under a plant-wide recovery target) names the step and the rule that
/// must give, not one generic line; exit code 3.
#[test]
fn an_infeasible_rolling_step_is_explained() {
    let dir = copy_fixture("tiny");
    let d = dir.path();
    append(d, "model.toml", "\n[targets]\nrecovery = 0.5\n");
    let file = d.join("actual.csv");
    std::fs::write(&file, format!("{HEADER}1,intake,,a,mixed,1000\n")).unwrap();
    let out = d.join("res");
    let o = triplan(&[
        "replan",
        d.to_str().unwrap(),
        "--actuals",
        file.to_str().unwrap(),
        "--rolling",
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    for n in [
        "the execution of week 1: no plan (infeasible)\nWhy: the plan is infeasible; these rules must give",
        "  - recovery rate of the whole plant short by",
        "[plant_targets]",
        "The past is never relaxed",
    ] {
        assert!(err.contains(n), "expected {n:?} in:\n{err}");
    }
}
