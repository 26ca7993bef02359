//! The readers of delimited files and sheets, as spreadsheets and shells hand them over: one
//! file check for every path, one number reader, one header rule, the encodings and line ends
//! French spreadsheets write, date and error cells, and a stray cell far away on a sheet.
//! Each case either reads as the user meant it or is refused (exit 2) with one clear line.

mod common;

use common::*;
use std::path::Path;

const HEADER: &str = "week,quantity,site,id,detail,value\n";

fn replan(actuals: &Path) -> (Option<i32>, String) {
    let o = triplan(&[
        "replan",
        "instances/tutorial",
        "--actuals",
        actuals.to_str().unwrap(),
        "--relax",
    ]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    (o.status.code(), err)
}

fn refused(actuals: &Path, needles: &[&str]) -> String {
    let (code, err) = replan(actuals);
    assert_eq!(code, Some(2), "{err}");
    for n in needles {
        assert!(err.contains(n), "expected {n:?} in:\n{err}");
    }
    err
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Class 2: a device or a pipe is refused before it is read (`/dev/zero` would grow without
/// bound, a FIFO would hang), for `--actuals` as for the files instance.toml names.
#[cfg(unix)]
#[test]
fn devices_and_pipes_are_refused_before_they_are_read() {
    refused(
        Path::new("/dev/zero"),
        &["/dev/zero: is not a regular file"],
    );
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("actuals.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    refused(&fifo, &["actuals.csv: is not a regular file"]);
    let o = triplan(&["validate", "/dev/null"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("is not a regular file"), "{err}");
}

/// Classes 6 and 14: a `;` file reads its numbers as the series files do: one decimal
/// separator in the whole file, thousands separators refused, the cell quoted as written.
#[test]
fn semicolon_actuals_read_numbers_like_the_series() {
    let dir = tempfile::tempdir().unwrap();
    let head = HEADER.replace(',', ";");
    let mixed = write(
        dir.path(),
        "mixed.csv",
        format!(
            "{head}1;intake;;county;small_appliances;10,4\n1;intake;;county;flat_screens;1.234\n"
        ),
    );
    refused(
        &mixed,
        &["mixed.csv:3: value: got \"1.234\" with a decimal point, but line 2 wrote \"10,4\""],
    );
    let thousands = write(
        dir.path(),
        "thousands.csv",
        format!("{head}1;intake;;county;small_appliances;1.234,5\n"),
    );
    refused(
        &thousands,
        &["got \"1.234,5\", a number with a thousands separator"],
    );
}

/// Class 9: the actuals header follows the series files' rule: each column once, nothing
/// else; and a week is digits only (`+1` is refused).
#[test]
fn the_actuals_header_and_weeks_follow_the_series_rules() {
    let dir = tempfile::tempdir().unwrap();
    let row = "1,intake,,county,small_appliances,10.4";
    let twice = write(
        dir.path(),
        "twice.csv",
        format!("week,quantity,site,id,detail,value,value\n{row},3\n"),
    );
    refused(&twice, &["twice.csv:1: header:", "value more than once"]);
    let extra = write(
        dir.path(),
        "extra.csv",
        format!("week,quantity,site,id,detail,value,note\n{row},x\n"),
    );
    refused(&extra, &["unknown column(s) \"note\""]);
    let signed = write(
        dir.path(),
        "signed.csv",
        format!("{HEADER}+1,intake,,county,small_appliances,10.4\n"),
    );
    refused(&signed, &["signed.csv:2: week: got \"+1\"", "digits only"]);
}

/// Class 15: Windows-1252 and UTF-16 files (French Excel's "CSV" and "Unicode text") read as
/// their UTF-8 twin: the same past, the same plan.
#[test]
fn windows_1252_and_utf16_actuals_read_like_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "# relevés de la semaine 1 (é is one byte in Windows-1252)\n{}1;intake;;county;small_appliances;10,4\n",
        HEADER.replace(',', ";")
    );
    let utf8 = write(dir.path(), "utf8.csv", &text);
    let cp1252: Vec<u8> = text
        .chars()
        .map(|c| if c == 'é' { 0xE9 } else { c as u8 })
        .collect();
    let cp = write(dir.path(), "cp1252.csv", cp1252);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let u16 = write(dir.path(), "utf16.csv", utf16);
    let tutorial = root().join("instances/tutorial");
    let want = triplan::replan::load(&tutorial, Some(&utf8), false).unwrap();
    for f in [&cp, &u16] {
        let got = triplan::replan::load(&tutorial, Some(f), false)
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert_eq!(got.supply_t, want.supply_t, "{}", f.display());
        assert_eq!(got.actuals.as_ref().unwrap().past, 1);
    }
}

/// Class 17: lines ended by a lone carriage return (old spreadsheets' exports), with `#`
/// comments, read as lines in the series files and the actuals alike.
#[test]
fn lone_carriage_returns_end_lines() {
    let dir = tempfile::tempdir().unwrap();
    let inst = dir.path().join("inst");
    std::fs::create_dir(&inst).unwrap();
    let tutorial = root().join("instances/tutorial");
    let toml = std::fs::read_to_string(tutorial.join("instance.toml"))
        .unwrap()
        .replace(
            "../../models/tutorial.toml",
            &root().join("models/tutorial.toml").display().to_string(),
        );
    let toml: String = toml
        .lines()
        .filter(|l| !l.starts_with("actuals"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(inst.join("instance.toml"), toml).unwrap();
    let tonnage = std::fs::read_to_string(tutorial.join("tonnage.csv")).unwrap();
    let cr = tonnage.replace(',', ";").replace('\n', "\r");
    std::fs::write(inst.join("tonnage.csv"), cr).unwrap();
    let o = triplan(&["validate", inst.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let actuals = write(
        dir.path(),
        "actuals.csv",
        format!(
            "# week 1\r{}\r1,intake,,county,small_appliances,10.4\r",
            HEADER.trim_end()
        ),
    );
    let got = triplan::replan::load(&tutorial, Some(&actuals), false).unwrap();
    assert_eq!(got.actuals.as_ref().unwrap().past, 1);
}

/// Class 18: a week written as an ISO week or a date is quoted as written with the week it
/// falls in; an impossible date keeps its reason; an id with an invisible character shows it.
#[test]
fn weeks_and_ids_are_quoted_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "a.csv",
        format!(
            "{HEADER}2026-W53,intake,,county,small_appliances,10.4\n\
             2026-02-30,intake,,county,flat_screens,3\n\
             1,intake,,county\u{200b},crt_screens,3\n"
        ),
    );
    refused(
        &f,
        &[
            "a.csv:2: week: got \"2026-W53\" (week 52 from week 1's Monday), beyond the horizon",
            "a.csv:3: week: got \"2026-02-30\", which is not a date: February 2026 has 28 days",
            "unknown area \"county\\u{200b}\"",
        ],
    );
}

/// Class 21 (input side): a zip archive (a workbook under a `.csv` name) is refused in one
/// line saying what it is, never dumped as text.
#[test]
fn a_workbook_under_a_csv_name_is_named_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("actuals").unwrap();
    wb.save(&book).unwrap();
    let csv = dir.path().join("actuals.csv");
    std::fs::copy(&book, &csv).unwrap();
    let err = refused(
        &csv,
        &["actuals.csv: is a zip archive (an .xlsx workbook?)"],
    );
    assert_eq!(
        err.lines().filter(|l| !l.trim().is_empty()).count(),
        2,
        "one problem, no bytes: {err}"
    );
}

fn actuals_sheet(path: &Path, fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("actuals").unwrap();
    for (c, h) in HEADER.trim_end().split(',').enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    fill(ws);
    wb.add_worksheet().set_name("notes").unwrap();
    wb.save(path).unwrap();
}

/// Classes 1 and 16: the actuals sheet is streamed (a stray cell at the sheet's last row and
/// column costs nothing and is named); a date cell is a week; an error cell is named with its
/// cell; a workbook without the sheet lists the sheets it has.
#[test]
fn actuals_sheets_are_streamed_and_their_cells_named() {
    let dir = tempfile::tempdir().unwrap();
    // Week 1 by the date of its Monday (the tutorial starts on 2026-01-05).
    let dated = dir.path().join("dated.xlsx");
    actuals_sheet(&dated, |ws| {
        let monday = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 1, 5).unwrap();
        let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        ws.write_datetime_with_format(1, 0, &monday, &fmt).unwrap();
        ws.write_string(1, 1, "intake").unwrap();
        ws.write_string(1, 3, "county").unwrap();
        ws.write_string(1, 4, "small_appliances").unwrap();
        ws.write_number(1, 5, 4.25).unwrap();
    });
    let tutorial = root().join("instances/tutorial");
    let got = triplan::replan::load(&tutorial, Some(&dated), false).unwrap();
    assert_eq!(got.actuals.as_ref().unwrap().past, 1);
    assert_eq!(got.supply_t[[0, 0, 0]], 4.25);

    let stray = dir.path().join("stray.xlsx");
    actuals_sheet(&stray, |ws| {
        ws.write_number(1, 0, 1.0).unwrap();
        ws.write_string(1, 1, "intake").unwrap();
        ws.write_string(1, 3, "county").unwrap();
        ws.write_string(1, 4, "small_appliances").unwrap();
        ws.write_formula(
            1,
            5,
            rust_xlsxwriter::Formula::new("=NA()").set_result("#N/A"),
        )
        .unwrap();
        ws.write_string(1_048_575, 16_383, "stray").unwrap();
    });
    refused(
        &stray,
        &[
            "stray.xlsx, sheet actuals:2: value: cell F2: got an error cell (#N/A)",
            "stray.xlsx, sheet actuals:1048576: header: cell XFD1048576 holds a value",
        ],
    );

    let none = dir.path().join("none.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("tonnage").unwrap();
    wb.add_worksheet().set_name("Actuals 2026").unwrap();
    wb.save(&none).unwrap();
    refused(
        &none,
        &["no sheet named actuals (the workbook has tonnage, Actuals 2026)"],
    );
}
