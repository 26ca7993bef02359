//! The instance's `first_monday`: a date that does not exist, is not written `YYYY-MM-DD`,
//! or is not a Monday is refused before any solve, by `triplan validate` and `triplan solve`
//! alike: exit code 2, the instance file and the field named, and what was expected. Each
//! test adds the field to a copy of the tiny fixture (tests/fixtures/tiny).

mod common;

use common::*;

/// `solve` and `validate` on the tiny fixture with `line` added to its instance file both
/// exit with code 2 and write every needle.
fn refused(line: &str, needles: &[&str]) {
    let dir = copy_fixture("tiny");
    append(dir.path(), "instance.toml", &format!("{line}\n"));
    let target = dir.path().to_str().unwrap();
    for cmd in ["solve", "validate"] {
        let o = triplan(&[cmd, target]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {err}");
        for n in needles {
            assert!(err.contains(n), "{cmd}: expected {n:?} in:\n{err}");
        }
    }
}

#[test]
fn a_day_that_does_not_exist_is_refused() {
    refused(
        "first_monday = \"2026-02-30\"",
        &["instance.toml: first_monday: got \"2026-02-30\", expected the Monday that week 1 starts on written YYYY-MM-DD (February 2026 has 28 days)"],
    );
    refused(
        "first_monday = \"2026-13-05\"",
        &[
            "instance.toml: first_monday: got \"2026-13-05\"",
            "month 13 does not exist",
        ],
    );
}

#[test]
fn a_date_in_another_form_is_refused() {
    refused(
        "first_monday = \"06/01/2014\"",
        &["instance.toml: first_monday: got \"06/01/2014\", expected the Monday that week 1 starts on written YYYY-MM-DD, e.g. 2026-01-05"],
    );
}

#[test]
fn a_day_that_is_not_a_monday_is_refused() {
    refused(
        "first_monday = \"2026-01-06\"",
        &["instance.toml: first_monday: 2026-01-06 is a Tuesday, expected the Monday that week 1 starts on, e.g. 2026-01-05"],
    );
    refused(
        "first_monday = \"2014-01-05\"",
        &["instance.toml: first_monday: 2014-01-05 is a Sunday, expected the Monday that week 1 starts on, e.g. 2013-12-30"],
    );
}

#[test]
fn a_value_that_is_not_a_date_is_refused() {
    refused(
        "first_monday = 20140106",
        &["instance.toml:4: first_monday: got integer 20140106, expected the Monday that week 1 starts on, written \"YYYY-MM-DD\""],
    );
    // A TOML date-time is read as its text, which is not a date.
    refused(
        "first_monday = 2014-01-06T08:00:00",
        &["instance.toml: first_monday: got \"2014-01-06T08:00:00\", expected the Monday that week 1 starts on written YYYY-MM-DD, e.g. 2026-01-05"],
    );
    refused(
        "first_monday = 2014-01-07",
        &["instance.toml: first_monday: 2014-01-07 is a Tuesday"],
    );
}

#[test]
fn an_unquoted_toml_date_is_taken() {
    let dir = copy_fixture("tiny");
    append(dir.path(), "instance.toml", "first_monday = 2014-01-06\n");
    let o = triplan(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Monday 2014-01-06 to Sunday 2014-01-19"));
}

#[test]
fn a_monday_is_taken_and_the_summary_names_the_period() {
    let dir = copy_fixture("tiny");
    append(
        dir.path(),
        "instance.toml",
        "first_monday = \"2014-12-29\"\n",
    );
    let o = triplan(&["validate", dir.path().to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        out.contains("(2 weeks, Monday 2014-12-29 to Sunday 2015-01-11, 1 sites"),
        "{out}"
    );
}
