//! Spreadsheets in: French CSV exports (`;` separators, decimal commas), `.xlsx` workbooks
//! (written here with rust_xlsxwriter from the CSV fixtures), the template workbook, and
//! problems of every table reported in one pass.

mod common;

use common::*;
use std::path::Path;
use triplan::{load_instance, run, RunOptions};

/// `validate` refuses the instance (exit 2) with every needle in its message, which it returns.
fn refused(dir: &Path, needles: &[&str]) -> String {
    let o = triplan(&["validate", dir.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{err}");
    for n in needles {
        assert!(err.contains(n), "expected {n:?} in:\n{err}");
    }
    err
}

/// `validate` accepts the instance; returns its one-line summary.
fn valid(dir: &Path) -> String {
    let o = triplan(&["validate", dir.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    out
}

/// The objective of the instance's plan, which the checker passes.
fn objective(dir: &Path) -> f64 {
    let inst = load_instance(dir).unwrap();
    let s = run(&inst, &RunOptions::default()).unwrap();
    assert!(s.check.as_ref().unwrap().passed, "{}", dir.display());
    s.objective.unwrap()
}

fn same(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-9 * a.abs().max(1.0), "{a} != {b}");
}

/// A CSV file's header and rows, comment lines left out.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .comment(Some(b'#'))
        .from_path(path)
        .unwrap();
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Writes a workbook with one sheet per `(name, rows)`: a cell that reads as a number is
/// written as a number, `'3` as the text `3`, `TRUE` as a TRUE cell, the rest as text.
fn write_workbook(out: &Path, sheets: &[(&str, Vec<Vec<String>>)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if let Some(text) = cell.strip_prefix('\'') {
                    ws.write_string(r, c, text).unwrap();
                } else if cell == "TRUE" {
                    ws.write_boolean(r, c, true).unwrap();
                } else if let Ok(v) = cell.parse::<f64>() {
                    ws.write_number(r, c, v).unwrap();
                } else if !cell.is_empty() {
                    ws.write_string(r, c, cell).unwrap();
                }
            }
        }
    }
    wb.save(out).unwrap();
}

/// An instance directory reading the tutorial's model, with `instance.toml` ending in `extra`.
fn tutorial_instance(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let model = root().join("models/tutorial.toml");
    let toml = format!(
        "name = \"tutorial, workbook\"\nmodel = {:?}\nweeks = 8\n{extra}",
        model.to_str().unwrap()
    );
    std::fs::write(dir.path().join("instance.toml"), toml).unwrap();
    dir
}

#[test]
fn french_export_of_the_tutorial_solves_to_the_same_objective() {
    let fr = root().join("tests/fixtures/tutorial-fr");
    let text = std::fs::read_to_string(fr.join("tonnage.csv")).unwrap();
    assert!(
        text.contains("1;county;small_appliances;9,5\r\n"),
        "a French export"
    );
    same(
        objective(&fr),
        objective(&root().join("instances/tutorial")),
    );
}

#[test]
fn semicolon_files_read_decimal_commas_and_skip_a_byte_order_mark() {
    let dir = copy_fixture("tiny");
    std::fs::write(
        dir.path().join("tonnage.csv"),
        "\u{feff}week;area;stream;tonnes\r\n1;a;mixed;10,5\r\n2;a;mixed;9\r\n",
    )
    .unwrap();
    assert!(valid(dir.path()).contains("19.5 t collected"));
    // Decimal points in a semicolon file are read too.
    std::fs::write(
        dir.path().join("tonnage.csv"),
        "week;area;stream;tonnes\n1;a;mixed;10.3\n2;a;mixed;9\n",
    )
    .unwrap();
    assert!(valid(dir.path()).contains("19.3 t collected"));
}

#[test]
fn rows_split_by_the_other_separator_are_one_problem() {
    // The header fixed by hand, the rows still as a French export wrote them: one problem
    // for the file, not one per row.
    let dir = copy_fixture("tiny");
    let rows: String = (0..24).map(|_| "1;a;mixed;12,5\n").collect();
    std::fs::write(
        dir.path().join("tonnage.csv"),
        format!("week,area,stream,tonnes\n{rows}"),
    )
    .unwrap();
    let err = refused(
        dir.path(),
        &[
            "1 input problem:",
            "tonnage.csv:2: the header separates its names with ',' but line 2 separates its cells with ';'",
            "write the header as week;area;stream;tonnes or the rows with ','",
        ],
    );
    assert!(!err.contains("found record"), "{err}");
}

#[test]
fn mixed_or_ambiguous_dialects_are_one_problem() {
    let dir = copy_fixture("tiny");
    let cases = [
        (
            "week;area;stream;tonnes\n1;a;mixed;10,5\n2;a;mixed;9.5\n",
            "tonnage.csv:3: tonnes: got \"9.5\" with a decimal point, but line 2 wrote \"10,5\" with a decimal comma; expected one decimal separator in the whole file",
        ),
        (
            "week;area,stream;tonnes\n1;a;mixed;10\n",
            "tonnage.csv:1: header: got the header \"week;area,stream;tonnes\", which has both ',' and ';' between its names; expected one separator: week,area,stream,tonnes (or week;area;stream;tonnes",
        ),
        (
            "# exported\nweek;area;stream;tonnes\n1;a;mixed;1.234,5\n2;a;mixed;1.234,5\n",
            "tonnage.csv:3: tonnes: got \"1.234,5\", a number with a thousands separator",
        ),
    ];
    for (csv, needle) in cases {
        std::fs::write(dir.path().join("tonnage.csv"), csv).unwrap();
        refused(dir.path(), &["1 input problem:", needle]);
    }
}

#[test]
fn a_header_after_comment_lines_is_named_on_its_own_line() {
    let dir = copy_fixture("tiny");
    append(dir.path(), "instance.toml", "prices_csv = \"prices.csv\"\n");
    std::fs::write(
        dir.path().join("prices.csv"),
        "# Weekly prices\n# (EUR/t)\nweek,outlet,fraction,price\n",
    )
    .unwrap();
    refused(
        dir.path(),
        &["prices.csv:3: header: got the header \"week,outlet,fraction,price\""],
    );
}

#[test]
fn workbook_of_the_tutorial_solves_to_the_same_objective() {
    let dir = tutorial_instance("workbook = \"data.xlsx\"\n");
    let mut rows = csv_rows(&root().join("instances/tutorial/tonnage.csv"));
    // Weeks as text cells in some rows: cells may be numbers or text.
    for row in rows.iter_mut().skip(1).step_by(3) {
        row[0] = format!("'{}", row[0]);
    }
    write_workbook(&dir.path().join("data.xlsx"), &[("tonnage", rows)]);
    same(
        objective(dir.path()),
        objective(&root().join("instances/tutorial")),
    );
}

#[test]
fn workbook_with_every_table_solves_like_its_csv_files() {
    // The truckload fixture's CSV files, with a price row added (its prices.csv has only
    // its header): the same instance as a workbook must solve to the same objective.
    let csv = copy_fixture("truckload-small");
    let original = objective(csv.path());
    append(
        csv.path(),
        "prices.csv",
        "2,nonferrous_dealer,copper,1500\n",
    );
    let with_price = objective(csv.path());
    assert!(
        (with_price - original).abs() > 1.0,
        "{original} {with_price}"
    );
    let dir = copy_fixture("truckload-small");
    let sheets: Vec<(&str, Vec<Vec<String>>)> = ["calendar", "tonnage", "prices"]
        .into_iter()
        .map(|t| (t, csv_rows(&csv.path().join(format!("{t}.csv")))))
        .collect();
    assert!(sheets.iter().all(|(_, rows)| rows.len() > 1));
    write_workbook(&dir.path().join("data.xlsx"), &sheets);
    for t in ["tonnage", "prices", "calendar"] {
        std::fs::remove_file(dir.path().join(format!("{t}.csv"))).unwrap();
    }
    let toml = std::fs::read_to_string(dir.path().join("instance.toml")).unwrap();
    let toml: String = toml
        .lines()
        .filter(|l| !l.contains("_csv"))
        .map(|l| format!("{l}\n"))
        .collect();
    // The tonnage named in its field, the other tables by the workbook.
    std::fs::write(
        dir.path().join("instance.toml"),
        format!("{toml}tonnage_csv = \"data.xlsx\"\nworkbook = \"data.xlsx\"\n"),
    )
    .unwrap();
    same(objective(dir.path()), with_price);
}

/// Rows of text cells.
fn rows(r: &[&[&str]]) -> Vec<Vec<String>> {
    r.iter()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn bad_workbook_cells_name_the_sheet_and_row() {
    let dir = copy_fixture("tiny");
    std::fs::remove_file(dir.path().join("tonnage.csv")).unwrap();
    append(dir.path(), "instance.toml", "workbook = \"data.xlsx\"\n");
    let header: &[&str] = &["week", "area", "stream", "tonnes"];
    // The tiny fixture's grid has two cells (two weeks of one area and stream): two rows
    // each, empty and comment rows left out.
    write_workbook(
        &dir.path().join("data.xlsx"),
        &[
            (
                "tonnage",
                rows(&[
                    header,
                    &["1", "a", "mixed", "-3"],
                    &[],
                    &["#", "a comment row"],
                    &["2", "b", "mixed", "1"],
                ]),
            ),
            (
                "calendar",
                rows(&[&["week", "site", "availability"], &["1", "s", "TRUE"]]),
            ),
        ],
    );
    let err = refused(
        dir.path(),
        &[
            "data.xlsx, sheet tonnage:2: tonnes: got -3, expected a tonnage of at least 0",
            "data.xlsx, sheet tonnage:5: area: unknown area \"b\"",
            "data.xlsx, sheet calendar:2: availability: got a TRUE cell, expected a number or text",
        ],
    );
    assert!(!err.contains("comment") && !err.contains(":3:"), "{err}");
    std::fs::remove_file(dir.path().join("data.xlsx")).unwrap();
    write_workbook(
        &dir.path().join("data.xlsx"),
        &[(
            "tonnage",
            rows(&[
                header,
                &["2", "a", "mixed", "abc"],
                &["1.5", "a", "mixed", "1", "", "stray"],
            ]),
        )],
    );
    refused(
        dir.path(),
        &[
            "data.xlsx, sheet tonnage:2: tonnes: got \"abc\", expected a number",
            "data.xlsx, sheet tonnage:3: header: cell F3 holds a value, but its column has no header",
            "data.xlsx, sheet tonnage:3: week: got 1.5, expected a week from 1 to 2",
        ],
    );
}

#[test]
fn workbooks_that_cannot_be_read_are_named() {
    let dir = copy_fixture("tiny");
    append(dir.path(), "instance.toml", "workbook = \"data.xlsx\"\n");
    std::fs::remove_file(dir.path().join("tonnage.csv")).unwrap();
    write_workbook(&dir.path().join("data.xlsx"), &[("Sheet1", vec![])]);
    refused(
        dir.path(),
        &["data.xlsx: no sheet named tonnage (the workbook has Sheet1), expected a sheet tonnage with the columns week,area,stream,tonnes"],
    );
    std::fs::write(dir.path().join("data.xlsx"), "week,area,stream,tonnes\n").unwrap();
    // Named once, though the workbook was to hold three tables.
    refused(
        dir.path(),
        &["1 input problem:", "data.xlsx: cannot read the workbook"],
    );
    mutate(dir.path(), "instance.toml", "data.xlsx", "data.ods");
    refused(
        dir.path(),
        &[
            "instance.toml: workbook: names",
            "data.ods, a spreadsheet in the .ods format, which triplan does not read",
        ],
    );
}

#[test]
fn every_table_and_the_model_are_reported_in_one_pass() {
    let dir = copy_fixture("tiny");
    mutate(
        dir.path(),
        "model.toml",
        "external_cost_eur_per_t = 500",
        "external_cost_eur_per_t = -1e308",
    );
    mutate(dir.path(), "tonnage.csv", "1,a,mixed,10", "1,a,mixed,-3");
    append(
        dir.path(),
        "instance.toml",
        "prices_csv = \"prices.csv\"\ncalendar_csv = \"calendar.csv\"\n",
    );
    std::fs::write(
        dir.path().join("prices.csv"),
        "week,outlet,fraction,price\n",
    )
    .unwrap();
    refused(
        dir.path(),
        &[
            "4 input problems:",
            "stream \"mixed\".external_cost_eur_per_t: got -1e308",
            "prices.csv:1: header: got the header \"week,outlet,fraction,price\"",
            "calendar_csv: names",
            "tonnage.csv:2: tonnes: got -3, expected a tonnage of at least 0",
        ],
    );
}

#[test]
fn template_lists_every_week_area_and_stream() {
    use calamine::{Data, Reader};
    let dir = tutorial_instance("workbook = \"data.xlsx\"\n");
    let out = dir.path().join("data.xlsx");
    let model = root().join("models/tutorial.toml");
    triplan::input::template::write_for_model(&model, 8, &out).unwrap();
    let m: triplan::input::ModelFile = triplan::input::read_toml(&model).unwrap();
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["README", "tonnage", "prices", "calendar"]
    );
    let t = wb.worksheet_range("tonnage").unwrap();
    let rows: Vec<Vec<String>> = t
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0], ["week", "area", "stream", "tonnes"]);
    assert_eq!(rows.len(), 1 + 8 * m.areas.len() * m.streams.len());
    let last = &rows[rows.len() - 1];
    assert_eq!(
        last[..3],
        [
            "8",
            m.areas.last().unwrap().id.as_str(),
            m.streams.last().unwrap().id.as_str()
        ]
    );
    assert!(t
        .rows()
        .skip(1)
        .all(|r| r.get(3).is_none_or(|c| *c == Data::Empty)));
    let p = wb.worksheet_range("prices").unwrap();
    assert_eq!(p.height(), 1);
    // Unfilled, it is refused for its empty tonnes only: its ids are the model's.
    let err = refused(
        dir.path(),
        &["data.xlsx, sheet tonnage:2: tonnes: got an empty cell, expected a number (write 0 for none)"],
    );
    assert!(!err.contains("unknown"), "{err}");
    // A template never overwrites a file.
    let before = std::fs::read(&out).unwrap();
    let e = triplan::input::template::write_for_model(&model, 8, &out).unwrap_err();
    assert!(e.to_string().contains("never overwrites"), "{e}");
    assert_eq!(std::fs::read(&out).unwrap(), before);
}

#[test]
fn filled_template_solves_like_the_tutorial() {
    use calamine::Reader;
    let dir = tutorial_instance("workbook = \"filled.xlsx\"\n");
    let template = dir.path().join("template.xlsx");
    triplan::input::template::write_for_model(&root().join("models/tutorial.toml"), 8, &template)
        .unwrap();
    let tonnes: std::collections::HashMap<Vec<String>, String> =
        csv_rows(&root().join("instances/tutorial/tonnage.csv"))
            .into_iter()
            .skip(1)
            .map(|r| (r[..3].to_vec(), r[3].clone()))
            .collect();
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&template).unwrap();
    let filled: Vec<Vec<String>> = wb
        .worksheet_range("tonnage")
        .unwrap()
        .rows()
        .enumerate()
        .map(|(i, r)| {
            let mut row: Vec<String> = r.iter().take(3).map(|c| c.to_string()).collect();
            let t = if i == 0 {
                "tonnes".into()
            } else {
                tonnes.get(&row).cloned().unwrap_or("0".into())
            };
            row.push(t);
            row
        })
        .collect();
    assert_eq!(
        filled.len(),
        tonnes.len() + 1,
        "the tutorial has one row per week, area and stream"
    );
    write_workbook(&dir.path().join("filled.xlsx"), &[("tonnage", filled)]);
    same(
        objective(dir.path()),
        objective(&root().join("instances/tutorial")),
    );
}

#[test]
fn a_template_is_refused_beyond_the_horizon() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.xlsx");
    let model = root().join("models/tutorial.toml");
    let e = triplan::input::template::write_for_model(&model, 0, &out).unwrap_err();
    assert!(
        e.to_string().contains("got 0, expected 1 to 520 weeks"),
        "{e}"
    );
    assert!(!out.exists());
}
