//! Export: the MPS and LP files of a model, read back by HiGHS, give the objective that
//! `triplan::run` finds, on the same number of columns, rows and non-zeros.
#![cfg(feature = "highs")]

mod common;

use common::root;
use std::ffi::CString;
use std::path::Path;
use triplan::export::{matrix, write_lp, write_model, write_mps};
use triplan::{build, load_instance, run, BuildOptions, RunOptions, SolveOptions, Status};

/// What HiGHS makes of a model file: (status, objective, columns, rows, non-zeros).
fn highs_read_and_solve(path: &Path) -> (i32, f64, usize, usize, usize) {
    let file = CString::new(path.to_str().unwrap()).unwrap();
    let opt = |s: &str| CString::new(s).unwrap();
    // SAFETY: a fresh HiGHS instance, used and destroyed here; strings outlive the calls.
    unsafe {
        let h = highs_sys::Highs_create();
        assert_eq!(
            highs_sys::Highs_setBoolOptionValue(h, opt("output_flag").as_ptr(), 0),
            highs_sys::STATUS_OK
        );
        highs_sys::Highs_setDoubleOptionValue(h, opt("mip_rel_gap").as_ptr(), 0.0);
        let read = highs_sys::Highs_readModel(h, file.as_ptr());
        assert_eq!(
            read,
            highs_sys::STATUS_OK,
            "HiGHS could not read {path:?} cleanly"
        );
        let (nc, nr, nz) = (
            highs_sys::Highs_getNumCol(h) as usize,
            highs_sys::Highs_getNumRow(h) as usize,
            highs_sys::Highs_getNumNz(h) as usize,
        );
        assert_eq!(highs_sys::Highs_run(h), highs_sys::STATUS_OK);
        let status = highs_sys::Highs_getModelStatus(h) as i32;
        let obj = highs_sys::Highs_getObjectiveValue(h);
        highs_sys::Highs_destroy(h);
        (status, obj, nc, nr, nz)
    }
}

fn round_trip(instance: &Path, relax: bool) {
    let inst = load_instance(instance).unwrap();
    let opts = RunOptions {
        build: BuildOptions {
            relax,
            ..BuildOptions::default()
        },
        solve: SolveOptions {
            mip_gap: Some(0.0),
            ..SolveOptions::default()
        },
        ..RunOptions::default()
    };
    let solved = run(&inst, &opts).unwrap();
    assert_eq!(solved.status, Status::Optimal);
    let expected = solved.objective.unwrap();

    let f = build(&inst, opts.build);
    let m = matrix(&inst, &f);
    let dir = tempfile::tempdir().unwrap();
    for ext in ["mps", "lp"] {
        let path = dir.path().join(format!("model.{ext}"));
        if ext == "mps" {
            write_mps(&inst, &f, &path).unwrap();
        } else {
            write_lp(&inst, &f, &path).unwrap();
        }
        let (status, obj, nc, nr, nz) = highs_read_and_solve(&path);
        assert_eq!(status, highs_sys::MODEL_STATUS_OPTIMAL, "{ext}");
        assert_eq!(nc, f.model.num_variables(), "{ext} columns");
        assert_eq!(nr, f.model.num_constraints(), "{ext} rows");
        assert_eq!(nz, m.nonzeros(), "{ext} non-zeros");
        assert!(
            (obj - expected).abs() <= 1e-6 * expected.abs().max(1.0),
            "{instance:?} {ext}: HiGHS on the file says {obj}, triplan::run {expected}"
        );
    }
}

#[test]
fn tiny_round_trips() {
    round_trip(&root().join("tests/fixtures/tiny"), false);
}

#[test]
fn tutorial_mip_round_trips() {
    let inst = load_instance(&root().join("instances/tutorial")).unwrap();
    let f = build(&inst, BuildOptions::default());
    assert!(
        f.model.integer_variables > 0,
        "the tutorial has truck trips"
    );
    round_trip(&root().join("instances/tutorial"), false);
}

#[test]
fn tutorial_relaxation_round_trips() {
    round_trip(&root().join("instances/tutorial"), true);
}

#[test]
fn names_are_readable_and_unique() {
    let inst = load_instance(&root().join("instances/tutorial")).unwrap();
    let f = build(&inst, BuildOptions::default());
    let m = matrix(&inst, &f);
    let unique: std::collections::HashSet<_> = m.col_names.iter().collect();
    assert_eq!(unique.len(), m.col_names.len());
    let unique: std::collections::HashSet<_> = m.row_names.iter().collect();
    assert_eq!(unique.len(), m.row_names.len());
    for n in m.col_names.iter().chain(&m.row_names) {
        assert!(
            n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{n}"
        );
    }
    assert!(m
        .col_names
        .iter()
        .any(|n| n.starts_with("x_") && n.ends_with("_w1")));
    assert!(m.row_names.iter().any(|n| n == "crew_0"));
    // Integer trips are in MARKER blocks with an explicit infinite upper bound.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.mps");
    write_model(&inst, &f, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("'INTORG'") && text.contains("'INTEND'"));
    assert!(text.contains(" PL BND z_"));
    assert!(write_model(&inst, &f, &dir.path().join("m.txt")).is_err());
}

#[test]
fn elastic_model_round_trips_with_named_slacks() {
    let inst = load_instance(&root().join("instances/tutorial")).unwrap();
    let opts = BuildOptions {
        relax: true,
        elastic: true,
    };
    let f = build(&inst, opts);
    assert!(!f.model.rows.slacks.is_empty());
    let m = matrix(&inst, &f);
    assert!(m.col_names.iter().any(|n| n.starts_with("slack_")));
    assert!(!m.col_names.iter().any(|n| n.starts_with('c')));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("elastic.mps");
    write_mps(&inst, &f, &path).unwrap();
    let expected = triplan::solve(build(&inst, opts).model, &SolveOptions::default())
        .unwrap()
        .objective
        .unwrap();
    let (status, obj, ..) = highs_read_and_solve(&path);
    assert_eq!(status, highs_sys::MODEL_STATUS_OPTIMAL);
    assert!((obj - expected).abs() <= 1e-6 * expected.abs().max(1.0));
}

#[test]
fn a_newline_in_the_instance_name_stays_in_its_comment() {
    let mut inst = load_instance(&root().join("tests/fixtures/tiny")).unwrap();
    let f = build(&inst, BuildOptions::default());
    let plain = matrix(&inst, &f);
    let (mut lp0, mut mps0) = (Vec::new(), Vec::new());
    triplan::export::lp_to(&plain, &inst.name, &mut lp0).unwrap();
    triplan::export::mps_to(&plain, &inst.name, &mut mps0).unwrap();
    inst.name = "x\nSubject To\r\n bad: c0 >= 1\n".into();
    let (mut lp, mut mps) = (Vec::new(), Vec::new());
    triplan::export::lp_to(&plain, &inst.name, &mut lp).unwrap();
    triplan::export::mps_to(&plain, &inst.name, &mut mps).unwrap();
    let (lp, mps) = (
        String::from_utf8(lp).unwrap(),
        String::from_utf8(mps).unwrap(),
    );
    assert_eq!(
        lp.lines().count(),
        String::from_utf8(lp0).unwrap().lines().count()
    );
    assert_eq!(
        mps.lines().count(),
        String::from_utf8(mps0).unwrap().lines().count()
    );
    assert!(!lp.contains('\r') && !mps.contains('\r'));
    assert!(
        lp.starts_with("\\ triplan model: x Subject To"),
        "{}",
        &lp[..80]
    );
    assert!(!lp.contains("\n bad:"));
}
