//! The cost of the social mission: the plan against the same plant run as a classic firm.

use std::path::Path;
use triplan::{BuildOptions, RunOptions, Status};

fn relaxed() -> RunOptions {
    RunOptions {
        build: BuildOptions {
            relax: true,
            ..Default::default()
        },
        shadow_prices: false,
        ..Default::default()
    }
}

#[test]
fn the_classic_firm_has_no_insertion_workers_aid_or_social_rules() {
    let inst = triplan::load_instance(Path::new("instances/juratri-2014")).unwrap();
    let free = inst.without_mission();
    let p = &free.plant;
    for s in 0..p.sites.len() {
        assert!(p.staff[[s, 1]].is_none(), "no insertion group");
    }
    assert!(p.cohorts.is_empty());
    assert_eq!(p.social.insertion_share_min, 0.0);
    assert!(p.social.funded_posts.is_none());
    assert_eq!(p.social.aid_eur_per_post_year, 0.0);
    assert!(p.social.insertion_workers_per_adviser.is_none());
    let perm = |i: &triplan::plant::Instance| i.plant.staff[[0, 0]].clone().unwrap();
    let ins = inst.plant.staff[[0, 1]].clone().unwrap();
    assert_eq!(
        perm(&free).headcount_max,
        perm(&inst).headcount_max + ins.headcount_max
    );
}

#[test]
fn the_reference_mission_costs_money_and_its_terms_add_up() {
    let inst = triplan::load_instance(Path::new("instances/juratri-2014")).unwrap();
    let with = triplan::run(&inst, &relaxed()).unwrap();
    let free = inst.without_mission();
    let without = triplan::run(&free, &relaxed()).unwrap();
    assert_eq!(with.status, Status::Optimal);
    assert_eq!(without.status, Status::Optimal);
    let m = triplan::mission::mission_cost(&inst, &with, &free, &without).unwrap();
    let sum: f64 = m.breakdown.iter().map(|t| t.eur).sum();
    assert!((sum - m.extra_eur).abs() < 1e-6 * m.with_eur.abs());
    // Operations is what is left once the staff terms are taken out: it must be exactly the
    // difference of the checker's non-staff cost terms, so the staff terms (recomputed group by
    // group, with the training hours) account for every staff cost and nothing else.
    let ops = |s: &triplan::Solved| {
        let c = &s.check.as_ref().unwrap().costs;
        c.inbound_transport
            + c.line_running
            + c.holding
            + c.external
            + c.outbound_transport
            + c.truck_trips
            - c.revenue
    };
    let operations = m.breakdown.iter().find(|t| t.key == "operations").unwrap();
    let expected = ops(&with) - ops(&without);
    assert!(
        (operations.eur - expected).abs() < 1e-6 * m.with_eur.abs(),
        "operations {} against {expected}",
        operations.eur
    );
    assert!((m.extra_eur - (m.with_eur - m.without_eur)).abs() < 1e-9 * m.with_eur.abs());
    // On the reference plant the aid does not pay for the slower novices, the training, the
    // advisers and the supervisors: the mission costs money (on the tutorial it does not).
    assert!(m.extra_eur > 0.0, "{m:?}");
    let aid = m.breakdown.iter().find(|t| t.key == "state_aid").unwrap();
    let costs = &with.check.as_ref().unwrap().costs;
    assert!((aid.eur + costs.state_aid).abs() < 1e-6);
    let fte = m.insertion_fte_years;
    assert!((m.eur_per_fte_year.unwrap() * fte - m.extra_eur).abs() < 1e-6 * m.extra_eur);
    let rate = inst.plant.pathway.exit_to_employment_rate;
    assert!((m.exits_to_employment - rate * m.exits).abs() < 1e-9);
    assert!(
        m.exits > 0.0,
        "the reference's cohorts reach their longest contract"
    );
}

#[test]
fn solve_mission_prints_the_breakdown() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_triplan"))
        .args(["solve", "instances/juratri-2014", "--relax", "--mission"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for label in [
        "Cost of the social mission",
        "production wages above productivity",
        "supervision",
        "support and training",
        "state aid",
        "per insertion FTE-year",
        "per exit to employment",
    ] {
        assert!(text.contains(label), "{label} missing:\n{text}");
    }
}
