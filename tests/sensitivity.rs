//! Shadow prices against finite differences: each reported price is compared with the change
//! of the optimal cost when the rule's right-hand side is moved a little.

mod common;

use common::*;
use triplan::{load_instance, run, Instance, RunOptions};

fn with_posts(posts: f64) -> String {
    INSERTION.replace(
        "insertion_workers_per_supervisor = 4",
        &format!("insertion_workers_per_supervisor = 4\nfunded_posts = {posts}"),
    )
}

fn objective(inst: &Instance) -> f64 {
    run(inst, &RunOptions::default())
        .unwrap()
        .objective
        .unwrap()
}

/// The reported EUR of the first price whose family and description match.
fn price(inst: &Instance, family: &str, what: &str) -> (f64, &'static str) {
    let s = run(inst, &RunOptions::default()).unwrap();
    let sp = s.shadow_prices.expect("an LP has shadow prices");
    let p = sp
        .iter()
        .find(|p| p.family == family && p.what.contains(what))
        .unwrap_or_else(|| panic!("no {family} price for {what}: {sp:?}"));
    (p.eur, p.effect)
}

fn close(a: f64, b: f64) {
    assert!(
        (a - b).abs() <= 1e-4 * a.abs().max(b.abs()).max(1.0),
        "reported {a} vs finite difference {b}"
    );
}

/// 50 t in week 1, intake storage for 5 t: the rest goes to the contractor at 500 EUR/t.
#[test]
fn storage_capacity_saves_what_one_more_tonne_saves() {
    let dir = copy_fixture("tiny");
    std::fs::write(
        dir.path().join("tonnage.csv"),
        "week,area,stream,tonnes\n1,a,mixed,50\n2,a,mixed,0\n",
    )
    .unwrap();
    mutate(
        dir.path(),
        "model.toml",
        "intake_capacity_t = 100",
        "intake_capacity_t = 5",
    );
    let mut inst = load_instance(dir.path()).unwrap();
    let (eur, effect) = price(&inst, "storage_capacity", "intake storage at s");
    assert_eq!(effect, "saves");
    let base = objective(&inst);
    inst.plant.sites[0].intake_capacity_t += 0.5;
    close(eur, (base - objective(&inst)) / 0.5);
    assert!(
        eur > 400.0,
        "a tonne stored instead of outsourced saves most of 500 EUR: {eur}"
    );
}

/// Same week-1 peak with ample storage: the line's 40 h bind in week 1.
#[test]
fn line_hour_saves_what_one_more_weekly_hour_saves() {
    let dir = copy_fixture("tiny");
    std::fs::write(
        dir.path().join("tonnage.csv"),
        "week,area,stream,tonnes\n1,a,mixed,50\n2,a,mixed,50\n",
    )
    .unwrap();
    let mut inst = load_instance(dir.path()).unwrap();
    let (eur, effect) = price(&inst, "line_capacity", "line bench, shift day");
    assert_eq!(effect, "saves");
    let base = objective(&inst);
    // One more hour a week on this line: availability 40/40 -> 40.2/40.
    inst.plant.lines[0].availability += 0.2 / 40.0;
    close(eur, (base - objective(&inst)) / 0.2);
}

/// The insertion share of the hand-solved variant (tests/engine.rs): raise it by a hundredth of
/// a percentage point and compare.
#[test]
fn insertion_share_point_costs_what_the_finite_difference_says() {
    let dir = copy_fixture("tiny");
    append(dir.path(), "model.toml", &with_posts(10.0));
    let mut inst = load_instance(dir.path()).unwrap();
    let (eur, effect) = price(&inst, "insertion_share", "insertion share required at s");
    assert_eq!(effect, "costs");
    let h = 1e-4;
    inst.plant.social.insertion_share_min = 0.5 + h;
    let up = objective(&inst);
    inst.plant.social.insertion_share_min = 0.5 - h;
    let down = objective(&inst);
    // Central difference per percentage point (0.01 of share).
    close(eur, (up - down) / (2.0 * h) * 0.01);
    // By hand: insertion hours i = 20 b / (1 - b/2) a week, 7.5 EUR per hour net of the
    // permanent hours they replace: d/db at b = 0.5 is 20 / 0.5625 h, x 7.5 x 2 weeks x 0.01.
    close(eur, 20.0 / 0.5625 * 7.5 * 2.0 * 0.01);
}

/// A third of a funded post for what needs more: each extra post lets insertion work replace
/// outsourcing.
#[test]
fn funded_post_saves_what_one_more_post_saves() {
    let dir = copy_fixture("tiny");
    append(dir.path(), "model.toml", &with_posts(0.3));
    let mut inst = load_instance(dir.path()).unwrap();
    let (eur, effect) = price(&inst, "funded_posts", "state-funded");
    assert_eq!(effect, "saves");
    let base = objective(&inst);
    inst.plant.social.funded_posts = Some(0.3 + 0.01);
    close(eur, (base - objective(&inst)) / 0.01);
    assert!(eur > 0.0);
}

/// Residual can go to an incinerator with energy recovery (fee 80 EUR/t instead of 50 at the
/// landfill): an 80 % recovery target sends 4 t there, at 30 EUR/t more, so one percentage
/// point (0.2 t) costs 6 EUR.
#[test]
fn recovery_point_costs_what_the_finite_difference_says() {
    let dir = copy_fixture("tiny");
    mutate(
        dir.path(),
        "model.toml",
        "id = \"small\"",
        "id = \"small\"\nrecovery_target = 0.8",
    );
    append(
        dir.path(),
        "model.toml",
        "\n[[outlet]]\nid = \"incinerator\"\ntreatment = \"energy_recovery\"\nprices_eur_per_t = { residual = -80 }\ntransport_eur_per_t = { s = 10 }\n",
    );
    let mut inst = load_instance(dir.path()).unwrap();
    let (eur, effect) = price(
        &inst,
        "category_targets",
        "recovery target of category small",
    );
    assert_eq!(effect, "costs");
    close(eur, 6.0);
    let base = objective(&inst);
    inst.plant.categories[0].recovery_target = Some(0.81);
    close(eur, objective(&inst) - base);
}

#[test]
fn mip_prices_come_from_the_lp_with_trips_fixed() {
    let dir = copy_fixture("tiny");
    mutate(
        dir.path(),
        "model.toml",
        "prices_eur_per_t = { metal = 100 }",
        "prices_eur_per_t = { metal = 100 }\ntruck_capacity_t = 5\ncost_eur_per_trip = 30",
    );
    std::fs::write(
        dir.path().join("tonnage.csv"),
        "week,area,stream,tonnes\n1,a,mixed,50\n2,a,mixed,50\n",
    )
    .unwrap();
    let inst = load_instance(dir.path()).unwrap();
    let s = run(&inst, &RunOptions::default()).unwrap();
    assert!(s.model.integer_variables > 0);
    let sp = s.shadow_prices.unwrap();
    assert!(sp.iter().any(|p| p.family == "line_capacity"), "{sp:?}");
}
