//! The parameter paths of people on the payroll, the insertion pathway and the working-time
//! law: the sweeps' applier (validated instance) and the studies' applier (raw records, then
//! validated) agree on every verdict and on the values they give.

mod common;

use common::*;
use triplan::params::{raw, typed, Op};

fn people() -> (triplan::Instance, triplan::input::RawInstance) {
    let file = root().join("tests/fixtures/people/instance.toml");
    let inst = triplan::load_instance(&file).unwrap();
    let rawi = triplan::input::load(&file).unwrap();
    (inst, rawi)
}

/// Every new path, with `set` and `scale`: the same verdict from both appliers, word for word.
#[test]
fn both_appliers_give_the_same_verdicts_on_people_paths() {
    let (inst, rawi) = people();
    let base = raw::RawBase::new(&rawi.model, &rawi);
    let paths = [
        "law.full_time_h_per_week",
        "law.worked_h_per_year",
        "law.max_h_per_week",
        "law.overtime_step_h",
        "law.overtime_premium_1",
        "law.overtime_premium_2",
        "law.overtime_quota_h_per_year",
        "law.paid_leave_weeks",
        "pathway.min_contract_weeks",
        "pathway.max_contract_weeks",
        "pathway.training_h_per_week",
        "pathway.entry_cost_eur",
        "pathway.exit_to_employment_rate",
        "social.aid_modulation",
        "social.insertion_workers_per_adviser",
        "social.adviser_cost_eur_per_year",
        "staff.s.insertion.absenteeism",
        "staff.s.insertion.paid_leave_weeks",
        "staff.s.temporary.paid_leave_weeks",
        "staff.s.permanent.hire_cost_eur",
        "staff.s.supervisor.hire_cost_eur",
        "staff.s.permanent.departure_cost_eur",
        "staff.s.temporary.agency_markup",
        "staff.s.permanent.headcount_start",
        "staff.s.supervisor.headcount_start",
        "staff.s.temporary.headcount_max",
        "staff.s.insertion.headcount_max",
        "staff.s.temporary.hire_cost_eur",
        "staff.s.insertion.headcount_start",
        "staff.s.permanent.agency_markup",
    ];
    let ops = [
        Op::Set(0.0),
        Op::Set(0.05),
        Op::Set(3.0),
        Op::Set(2.5),
        Op::Set(60.0),
        Op::Set(1e12),
        Op::Set(-1.0),
        Op::Scale(0.5),
        Op::Scale(1.5),
        Op::Scale(2.0),
        Op::Scale(1e9),
    ];
    let mut refused = 0;
    for path in paths {
        for op in ops {
            let t = typed::resolve(&inst, path, op, None).map(|_| ());
            let r = raw::resolve(base, path, op).map(|_| ());
            assert_eq!(t, r, "{path} {op:?}");
            refused += t.is_err() as usize;
        }
    }
    // Neither all accepted nor all refused: the cases reach both sides of the checks.
    assert!(
        refused > 0 && refused < paths.len() * ops.len(),
        "{refused}"
    );
}

/// The messages of the new rules, once each.
#[test]
fn people_paths_say_what_they_expect() {
    let (inst, _) = people();
    let msg = |path, op| typed::resolve(&inst, path, op, None).unwrap_err();
    assert_eq!(
        msg("pathway.min_contract_weeks", Op::Scale(1.5)),
        "the value would be 25.5, expected a whole number"
    );
    assert_eq!(
        msg("pathway.max_contract_weeks", Op::Set(52.5)),
        "the value would be 52.5, expected a whole number"
    );
    assert_eq!(
        msg("staff.s.permanent.headcount_start", Op::Set(2.5)),
        "the value would be 2.5, expected a whole number"
    );
    assert_eq!(
        msg("staff.s.temporary.hire_cost_eur", Op::Set(100.0)),
        "\"staff.s.temporary.hire_cost_eur\": hire_cost_eur is not a field of temporary staff, expected a path on permanent and supervisor groups only"
    );
    assert_eq!(
        msg("staff.s.permanent.agency_markup", Op::Set(0.1)),
        "\"staff.s.permanent.agency_markup\": agency_markup is not a field of permanent staff, expected a path on temporary groups only"
    );
    assert_eq!(
        msg("social.aid_modulation", Op::Set(0.2)),
        "the value would be 0.2, expected at least 0 and at most 0.1"
    );
    assert_eq!(
        msg("law.max_h_per_week", Op::Scale(2.0)),
        "the value would be 96, expected at least 1 and at most 80"
    );
    // The temporary agency's pool bounds hours: part persons are fine there.
    assert!(typed::resolve(&inst, "staff.s.temporary.headcount_max", Op::Set(2.5), None).is_ok());
    // A value the base lacks cannot be scaled (the tiny model has no advisers, no hire cost).
    let tiny = triplan::load_instance(&root().join("tests/fixtures/tiny/instance.toml")).unwrap();
    assert_eq!(
        typed::resolve(&tiny, "social.insertion_workers_per_adviser", Op::Scale(2.0), None)
            .unwrap_err(),
        "\"social.insertion_workers_per_adviser\" has no value in the base to scale, expected `set`"
    );
    assert_eq!(
        typed::resolve(
            &tiny,
            "staff.s.permanent.hire_cost_eur",
            Op::Scale(2.0),
            None
        )
        .unwrap_err(),
        "\"staff.s.permanent.hire_cost_eur\" has no value in the base to scale, expected `set`"
    );
}

/// The same change applied by the sweeps to the validated instance and by the studies to the
/// raw records (then validated) gives the same plant; whole numbers are stored whole.
#[test]
fn both_appliers_give_the_same_plant() {
    let (inst, rawi) = people();
    let cases: &[(&str, Op)] = &[
        ("law.full_time_h_per_week", Op::Set(36.0)),
        ("law.worked_h_per_year", Op::Scale(0.9)),
        ("law.max_h_per_week", Op::Set(44.0)),
        ("law.overtime_step_h", Op::Scale(0.5)),
        ("law.overtime_premium_1", Op::Set(0.1)),
        ("law.overtime_premium_2", Op::Scale(1.2)),
        ("law.overtime_quota_h_per_year", Op::Set(100.0)),
        ("law.paid_leave_weeks", Op::Set(6.0)),
        ("pathway.min_contract_weeks", Op::Scale(2.0)),
        ("pathway.max_contract_weeks", Op::Set(52.0)),
        ("pathway.training_h_per_week", Op::Set(4.0)),
        ("pathway.entry_cost_eur", Op::Scale(3.0)),
        ("pathway.exit_to_employment_rate", Op::Set(0.5)),
        ("social.aid_modulation", Op::Set(0.1)),
        ("social.insertion_workers_per_adviser", Op::Scale(0.5)),
        ("social.adviser_cost_eur_per_year", Op::Set(50000.0)),
        ("staff.s.insertion.absenteeism", Op::Scale(2.0)),
        ("staff.s.insertion.paid_leave_weeks", Op::Set(7.0)),
        ("staff.s.permanent.hire_cost_eur", Op::Scale(1.5)),
        ("staff.s.supervisor.departure_cost_eur", Op::Set(800.0)),
        ("staff.s.temporary.agency_markup", Op::Set(0.5)),
        ("staff.s.permanent.headcount_start", Op::Scale(1.5)),
        ("staff.s.supervisor.headcount_start", Op::Set(2.0)),
        ("staff.s.permanent.headcount_max", Op::Set(10.0)),
    ];
    for &(path, op) in cases {
        let mut t = inst.clone();
        let change =
            typed::resolve(&inst, path, op, None).unwrap_or_else(|e| panic!("{path}: {e}"));
        typed::apply(&mut t, &change);
        let mut r = rawi.clone();
        let base = raw::RawBase::new(&rawi.model, &rawi);
        let rc = raw::resolve(base, path, op).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(raw::apply(&mut r, &rc), "{path}");
        let r = triplan::validate::validate(&r).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(
            format!("{:?}", t.plant),
            format!("{:?}", r.plant),
            "{path} {op:?}"
        );
        assert_ne!(
            format!("{:?}", t.plant),
            format!("{:?}", inst.plant),
            "{path} changed nothing"
        );
    }
    // Law's leave: the groups on the law's 5 weeks follow it; the temporary group's 0 stays.
    let mut t = inst.clone();
    let c = typed::resolve(&inst, "law.paid_leave_weeks", Op::Set(6.0), None).unwrap();
    typed::apply(&mut t, &c);
    let leave = |k| {
        t.plant
            .staff(triplan::plant::SiteId(0), k)
            .unwrap()
            .paid_leave_weeks
    };
    assert_eq!(leave(triplan::plant::StaffKind::Permanent), 6.0);
    assert_eq!(leave(triplan::plant::StaffKind::Temporary), 0.0);
    // A whole number within rounding is stored whole: 100 x 0.07 = 7.000000000000001.
    assert_ne!(
        100.0 * 0.07,
        7.0,
        "the case needs a product that is not exactly 7"
    );
    let mut big = inst.clone();
    let c = typed::resolve(
        &inst,
        "staff.s.permanent.headcount_max",
        Op::Set(100.0),
        None,
    )
    .unwrap();
    typed::apply(&mut big, &c);
    let before = big.clone();
    let c = typed::resolve(
        &before,
        "staff.s.permanent.headcount_max",
        Op::Scale(0.07),
        None,
    )
    .unwrap();
    typed::apply(&mut big, &c);
    let g = big
        .plant
        .staff(
            triplan::plant::SiteId(0),
            triplan::plant::StaffKind::Permanent,
        )
        .unwrap();
    assert_eq!(g.headcount_max, 7.0);
}
