//! Honest statuses: a solver's word is verified before it is reported.
//!
//! `tests/fixtures/truckload-small` is a generated truckload MIP (one site, four weeks, one
//! outlet served by whole trucks). Solved with `mip_feasibility_tolerance=0.2` passed through
//! `--highs-option`, HiGHS answers `Optimal` with gap 0 for a plan that ships part-loads and
//! breaks the output balances by about 0.1 t: before statuses were verified, that plan was
//! reported as `optimal`.

mod common;

use common::*;
use std::process::Command;
use triplan::solve::{objectives_agree, Deadline, ObjectiveCosts};
use triplan::{build, load_instance, run, BuildOptions, RunOptions, SolveOptions, Status};

fn fixture() -> triplan::Instance {
    load_instance(&root().join("tests/fixtures/truckload-small")).unwrap()
}

fn opts(highs_options: &[(&str, &str)]) -> RunOptions {
    RunOptions {
        solve: SolveOptions {
            highs_options: highs_options
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            // HiGHS: the engine the MIP start is built for, whose options these tests set.
            backend: triplan::Backend::Highs,
            ..SolveOptions::default()
        },
        shadow_prices: false,
        ..RunOptions::default()
    }
}

/// `c·x` of a plan as the checker sees it: its costs recomputed from the plan's numbers.
fn assert_objective_is_the_plans(s: &triplan::Solved) {
    let c = s.check.as_ref().expect("a checked plan");
    let obj = s.objective.expect("an objective");
    assert!(
        (obj - c.costs.total).abs() <= 1e-6 * c.costs.total.abs().max(1.0),
        "reported objective {obj} is not the plan's cost {}",
        c.costs.total
    );
}

#[test]
fn status_names_serialisation_and_exit_codes_agree() {
    let mut seen = std::collections::HashSet::new();
    for st in Status::ALL {
        assert!(seen.insert(st.name()), "{} named twice", st.name());
        assert_eq!(serde_json::to_value(st).unwrap(), st.name());
        assert_eq!(st.to_string(), st.name());
        let code = st.exit_code();
        assert_eq!(code == 0, st.has_plan(), "{st}");
    }
    assert_eq!(Status::Rejected.name(), "rejected");
    assert_eq!(Status::Rejected.exit_code(), 1);
    assert_eq!(Status::LimitNoSolution.exit_code(), 4);
    assert_eq!(Status::InfeasibleOrUnbounded.exit_code(), 3);
}

#[test]
fn objectives_agree_within_a_relative_millionth() {
    assert!(objectives_agree(36_000.0, 36_000.03));
    assert!(!objectives_agree(36_000.0, 36_000.1));
    // The audit's case: HiGHS about 5 % below the plan's cost.
    assert!(!objectives_agree(36_000.0, 34_200.0));
    assert!(!objectives_agree(1.0, f64::NAN));
    assert!(objectives_agree(0.0, 5e-7));
}

#[test]
fn the_objective_is_c_x_of_the_plan() {
    let inst = fixture();
    let s = run(&inst, &opts(&[])).unwrap();
    assert_eq!(s.status, Status::Optimal, "{}", s.solver_status);
    assert!(s.retry.is_none(), "{:?}", s.retry);
    assert!(s.check.as_ref().unwrap().passed);
    assert_objective_is_the_plans(&s);
    assert!(objectives_agree(
        s.objective.unwrap(),
        s.solver_objective.unwrap()
    ));
    // c·x from the model's own cost vector and the plan's trips: the trips are whole.
    let plan = s.plan.as_ref().unwrap();
    assert!(plan.trips.iter().all(|z| (z - z.round()).abs() < 1e-6));
    let f = build(&inst, BuildOptions::default());
    assert!(!ObjectiveCosts::of(&f.model).costs.is_empty());
}

/// Would fail before statuses were verified: the plan below was reported `optimal`. The time
/// limit, far above the second this takes, makes the run build its MIP start.
#[test]
fn a_plan_broken_by_a_loosened_tolerance_is_rejected_not_optimal() {
    let inst = fixture();
    let mut o = opts(&[("mip_feasibility_tolerance", "0.2")]);
    o.solve.time_limit_s = Some(600.0);
    let s = run(&inst, &o).unwrap();
    assert!(s.mip_start_objective.is_some(), "a started MIP");
    assert_eq!(s.solver_status, "Optimal", "HiGHS's own word is kept");
    let c = s.check.as_ref().unwrap();
    assert!(!c.passed, "the plan breaks rules by about 0.1 t");
    assert_eq!(s.status, Status::Rejected);
    assert_eq!(s.exit_code(), 1);
    // The first plan came from a started MIP: it was solved again, without the start and
    // without presolve, and said so; under the user's tolerance the second plan fails too.
    let r = s.retry.as_ref().expect("a second solve");
    assert!(r.reason.contains("checker rejected"), "{}", r.reason);
    assert_eq!(r.without, ["mip_start", "presolve"]);
    assert_eq!(r.first_status, Status::Optimal);
    assert_objective_is_the_plans(&s);
    let text = triplan::report::text(&inst, &s);
    assert!(
        text.contains("status: rejected (highs said Optimal"),
        "{text}"
    );
    assert!(text.contains("retry: the checker rejected"), "{text}");
    assert!(!text.contains("status: optimal"), "{text}");
    let json = triplan::report::json(&inst, &s);
    assert_eq!(json["status"], "rejected");
    assert_eq!(json["solver"]["retry"]["first_status"], "optimal");
    assert_eq!(json["objective_eur"].as_f64(), s.objective);
}

#[test]
fn without_a_start_a_rejected_plan_is_rejected_without_a_retry() {
    let inst = fixture();
    let s = run(&inst, &opts(&[("mip_feasibility_tolerance", "0.2")])).unwrap();
    assert!(
        s.mip_start_objective.is_none(),
        "no start without a time limit"
    );
    assert_eq!(s.status, Status::Rejected);
    assert!(
        s.retry.is_none(),
        "HiGHS's objective is its plan's: nothing to retry"
    );
    assert_objective_is_the_plans(&s);
}

#[test]
fn the_mip_start_is_built_only_under_a_time_limit() {
    let inst = fixture();
    let free = run(&inst, &opts(&[])).unwrap();
    assert!(free.mip_start_objective.is_none());
    let mut o = opts(&[]);
    o.solve.time_limit_s = Some(600.0);
    let limited = run(&inst, &o).unwrap();
    let start = limited.mip_start_objective.expect("a start under a limit");
    assert_eq!(limited.status, Status::Optimal);
    // The start is a feasible plan of the same MIP: never better than its optimum.
    assert!(start >= limited.objective.unwrap() - 1e-6 * start.abs());
    assert!((limited.objective.unwrap() - free.objective.unwrap()).abs() <= 1e-4 * start.abs());
}

#[test]
fn solve_exits_1_and_says_rejected_for_a_rejected_plan() {
    let o = Command::new(env!("CARGO_BIN_EXE_triplan"))
        .args([
            "solve",
            "tests/fixtures/truckload-small",
            "--format",
            "json",
            "--highs-option",
            "mip_feasibility_tolerance=0.2",
            "--time-limit",
            "600",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["status"], "rejected");
    assert_eq!(v["check"]["passed"], false);
    assert!(v["solver"]["retry"]["reason"].is_string());
    assert!(String::from_utf8_lossy(&o.stderr).contains("the checker rejected the plan"));
}

#[test]
fn a_spent_budget_hands_the_solver_no_time() {
    let d = Deadline::after(Some(0.0));
    assert!(d.spent());
    assert_eq!(d.limit(&SolveOptions::default()).time_limit_s, Some(0.0));
    let none = Deadline::after(None);
    assert!(!none.spent());
    assert_eq!(none.limit(&SolveOptions::default()).time_limit_s, None);
}

/// The reference plant's MIP takes seconds; under a half-second budget the MIP is handed only
/// what the build and the MIP start left, and the status says a limit stopped it.
#[test]
fn a_tiny_time_limit_bounds_the_start_and_the_mip_and_stays_honest() {
    let inst = load_instance(&root().join("instances/juratri-2014")).unwrap();
    let limit = 0.5;
    let mut o = opts(&[]);
    o.solve.time_limit_s = Some(limit);
    let s = run(&inst, &o).unwrap();
    let handed = s.solve_time_limit_s.expect("a limit handed to the MIP");
    assert!(handed < limit, "the MIP was handed {handed} s of {limit} s");
    assert!(
        matches!(s.status, Status::Feasible | Status::LimitNoSolution),
        "{} ({})",
        s.status,
        s.solver_status
    );
    if s.status == Status::Feasible {
        assert!(s.check.as_ref().unwrap().passed);
        assert_objective_is_the_plans(&s);
    }
}
