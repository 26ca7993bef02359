//! The shipped instances solve to optimal, pass the checker and meet every target.

mod common;

use common::root;
use triplan::{load_instance, run, RunOptions, Status};

fn solve_and_verify(dir: &str) -> triplan::Solved {
    let inst = load_instance(&root().join(dir)).unwrap();
    let s = run(&inst, &RunOptions::default()).unwrap();
    assert_eq!(s.status, Status::Optimal, "{dir}: {}", s.solver_status);
    let c = s.check.as_ref().unwrap();
    assert!(c.passed, "{dir}: {:?}", c.violations);
    let k = &c.kpis;
    for r in k.recovery.iter() {
        if let Some(t) = r.recovery_target {
            assert!(
                r.recovered_t >= t * r.accountable_t - 1e-6,
                "{dir}: {} recovery",
                r.id
            );
        }
        if let Some(t) = r.recycling_target {
            assert!(
                r.recycled_t >= t * r.accountable_t - 1e-6,
                "{dir}: {} recycling",
                r.id
            );
        }
    }
    let social = &inst.plant.social;
    assert!(k.insertion_share.unwrap() >= social.insertion_share_min - 1e-9);
    if let Some(posts) = social.funded_posts {
        assert!(k.insertion_headcount <= posts + 1e-9);
    }
    s
}

#[test]
fn tutorial_solves_and_meets_its_targets() {
    let s = solve_and_verify("instances/tutorial");
    assert!(s.model.integer_variables > 0);
}

#[test]
fn reference_plant_solves_and_meets_every_target() {
    let s = solve_and_verify("instances/juratri-2014");
    let k = &s.check.as_ref().unwrap().kpis;
    // The reference plant recovers 92 % plant-wide (its public figure) and every WEEE
    // category reaches its Annex V targets (asserted above).
    assert!(k.recovery_rate.unwrap() >= 0.92 - 1e-9);
    assert!(k.recovery.categories.len() >= 5);
}
