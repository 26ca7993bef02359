//! Shadow prices against finite differences: each reported price is compared with the change
//! of the optimal cost when the rule's right-hand side is moved a little.
//!
//! The tiny fixture's hand computations count hours worked and paid alike. Under the working-
//! time rules a person is paid the contract hours every week, leave included, and works at
//! most the legal year: [`hours_as_worked`] sets the rules that keep those computations valid.
//! Headcounts stay whole (a MIP) unless a test says otherwise: its prices come from the LP with
//! the plan's trips and staffing fixed, and the finite differences move the MIP's optimum.

mod common;

use common::*;
use triplan::{load_instance, run, BuildOptions, Instance, RunOptions};

fn with_posts(posts: f64) -> String {
    INSERTION.replace(
        "insertion_workers_per_supervisor = 4",
        &format!("insertion_workers_per_supervisor = 4\nfunded_posts = {posts}"),
    )
}

/// The fixture under the hours rules of its hand computations: every group's contract is its
/// weekly maximum (`min_h_per_week = max_h_per_week`: no overtime), nobody is on paid leave or
/// absent (presence 1: every paid hour can be worked), and the legal year is 52 weeks of 40 h
/// (2080 h worked, so a 40 h contract is within it).
fn hours_as_worked(inst: &mut Instance) {
    inst.plant.law.worked_h_per_year = 2080.0;
    for g in inst.plant.staff.iter_mut().flatten() {
        g.min_h_per_week = g.max_h_per_week;
        g.paid_leave_weeks = 0.0;
        g.absenteeism = 0.0;
    }
}

/// The instance of a fixture directory under [`hours_as_worked`].
fn load(dir: &std::path::Path) -> Instance {
    let mut inst = load_instance(dir).unwrap();
    hours_as_worked(&mut inst);
    inst
}

/// Whole headcounts (the default run), or persons as fractions (`relax`).
fn options(relax: bool) -> RunOptions {
    RunOptions {
        build: BuildOptions {
            relax,
            ..Default::default()
        },
        ..Default::default()
    }
}

fn objective(inst: &Instance, relax: bool) -> f64 {
    run(inst, &options(relax)).unwrap().objective.unwrap()
}

/// The reported EUR of the first price whose family and description match.
fn price(inst: &Instance, relax: bool, family: &str, what: &str) -> (f64, &'static str) {
    let s = run(inst, &options(relax)).unwrap();
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

/// 50 t in week 1, intake storage for 5 t: the rest goes to the contractor at 500 EUR/t. Two
/// permanent persons staff the line's 40 h in week 1 and stay on the payroll in week 2 (no
/// hires or departures), where they process the stored tonnes: one more tonne stored costs no
/// more staff, and the MIP keeps its two persons when the storage grows by half a tonne.
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
    let mut inst = load(dir.path());
    let (eur, effect) = price(&inst, false, "storage_capacity", "intake storage at s");
    assert_eq!(effect, "saves");
    let base = objective(&inst, false);
    inst.plant.sites[0].intake_capacity_t += 0.5;
    close(eur, (base - objective(&inst, false)) / 0.5);
    assert!(
        eur > 400.0,
        "a tonne stored instead of outsourced saves most of 500 EUR: {eur}"
    );
}

/// 50 t a week with ample storage: the line's 40 h bind in both weeks. Three permanent persons
/// at least (`headcount_min = 3`, 120 h a week for the 80 person-hours of the line's crew), so
/// one more line hour is staffed by hours already paid, in the MIP as in its fixed LP.
#[test]
fn line_hour_saves_what_one_more_weekly_hour_saves() {
    let dir = copy_fixture("tiny");
    std::fs::write(
        dir.path().join("tonnage.csv"),
        "week,area,stream,tonnes\n1,a,mixed,50\n2,a,mixed,50\n",
    )
    .unwrap();
    let mut inst = load(dir.path());
    for g in inst.plant.staff.iter_mut().flatten() {
        g.headcount_min = 3.0;
    }
    let (eur, effect) = price(&inst, false, "line_capacity", "line bench, shift day");
    assert_eq!(effect, "saves");
    let base = objective(&inst, false);
    // One more hour a week on this line: availability 40/40 -> 40.2/40.
    inst.plant.lines[0].availability += 0.2 / 40.0;
    close(eur, (base - objective(&inst, false)) / 0.2);
}

/// The insertion share of the hand-solved variant (tests/engine.rs): raise it by a hundredth of
/// a percentage point and compare. Persons as fractions (relaxed), so that hours follow the
/// share continuously as in the hand computation.
#[test]
fn insertion_share_point_costs_what_the_finite_difference_says() {
    let dir = copy_fixture("tiny");
    append(dir.path(), "model.toml", &with_posts(10.0));
    let mut inst = load(dir.path());
    let (eur, effect) = price(
        &inst,
        true,
        "insertion_share",
        "insertion share required at s",
    );
    assert_eq!(effect, "costs");
    let h = 1e-4;
    inst.plant.social.insertion_share_min = 0.5 + h;
    let up = objective(&inst, true);
    inst.plant.social.insertion_share_min = 0.5 - h;
    let down = objective(&inst, true);
    // Central difference per percentage point (0.01 of share).
    close(eur, (up - down) / (2.0 * h) * 0.01);
    // By hand: insertion hours i = 20 b / (1 - b/2) a week, 7.5 EUR per hour net of the
    // permanent hours they replace: d/db at b = 0.5 is 20 / 0.5625 h, x 7.5 x 2 weeks x 0.01.
    close(eur, 20.0 / 0.5625 * 7.5 * 2.0 * 0.01);
}

/// Funded posts are agreed FTE: 0.3 FTE caps the paid insertion hours of the 2 weeks at
/// 0.3 x 1820 x 2/52 = 21 h, less than the 53.3 h the share needs to staff the whole tonnage.
/// Each extra FTE (70 paid insertion hours over the horizon) lets insertion work, and the
/// permanent hours the share then allows, replace outsourcing. Persons as fractions (relaxed):
/// whole persons would be paid 70 h each over the horizon, more than the cap.
#[test]
fn funded_post_saves_what_one_more_post_saves() {
    let dir = copy_fixture("tiny");
    append(dir.path(), "model.toml", &with_posts(0.3));
    let mut inst = load(dir.path());
    let s = run(&inst, &options(true)).unwrap();
    let sp = s.shadow_prices.unwrap();
    let p = sp.iter().find(|p| p.family == "funded_posts").unwrap();
    assert_eq!((p.effect, p.unit), ("saves", "agreed FTE"));
    let eur = p.eur;
    let base = s.objective.unwrap();
    // One hundredth of an FTE more: 0.7 paid insertion hours more over the horizon.
    inst.plant.social.funded_posts = Some(0.3 + 0.01);
    close(eur, (base - objective(&inst, true)) / 0.01);
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
    let mut inst = load(dir.path());
    let (eur, effect) = price(
        &inst,
        false,
        "category_targets",
        "recovery target of category small",
    );
    assert_eq!(effect, "costs");
    close(eur, 6.0);
    let base = objective(&inst, false);
    inst.plant.categories[0].recovery_target = Some(0.81);
    close(eur, objective(&inst, false) - base);
}

/// Whole trips and whole persons: the prices come from the LP with both fixed at the MIP's
/// plan. Three permanent persons at least, as in the line-hour test, so that a line hour is
/// worth its tonne in that LP (with the persons fixed, a line hour without paid hours to staff
/// it would be worth nothing).
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
    let mut inst = load(dir.path());
    for g in inst.plant.staff.iter_mut().flatten() {
        g.headcount_min = 3.0;
    }
    let s = run(&inst, &options(false)).unwrap();
    assert!(s.model.integer_variables > 0);
    let plan = s.plan.as_ref().unwrap();
    assert!(plan.staff_n.iter().all(|n| (n - n.round()).abs() < 1e-6));
    let sp = s.shadow_prices.unwrap();
    assert!(sp.iter().any(|p| p.family == "line_capacity"), "{sp:?}");
}
