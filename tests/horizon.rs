//! Rules that keep a plan from exploiting its own horizon: early exits by tenure (people do
//! not all stay to the longest contract), forecast prices (no holding for a price change the
//! plant cannot know) and the closing stock at the opening level (no end-of-year dump).

mod common;

use common::root;
use triplan::check::check;
use triplan::plant::{Instance, LotId, SiteId, StaffKind};
use triplan::{load_instance, run, BuildOptions, RunOptions, Solved, Status};

fn opts(relax: bool) -> RunOptions {
    RunOptions {
        build: BuildOptions {
            relax,
            ..Default::default()
        },
        shadow_prices: false,
        ..Default::default()
    }
}

fn solved(inst: &Instance, relax: bool) -> Solved {
    let s = run(inst, &opts(relax)).unwrap();
    assert_eq!(s.status, Status::Optimal);
    let c = s.check.as_ref().unwrap();
    assert!(c.passed, "{:?}", c.violations);
    s
}

fn small(rate: f64) -> Instance {
    let mut inst = load_instance(&root().join("tests/fixtures/pathway-small")).unwrap();
    inst.plant.pathway.early_exit_rate_per_week = rate;
    inst
}

/// Exits by week t (1-based) at the fixture's only site.
fn exits_by(s: &Solved, week: usize) -> f64 {
    let plan = s.plan.as_ref().unwrap();
    (0..week)
        .map(|t| plan.departures[[0, StaffKind::Insertion.index(), t]])
        .sum()
}

#[test]
fn the_early_exit_share_follows_tenure() {
    let p = small(0.5).plant.pathway;
    // Lmin = 2, Lmax = 6. An entrant of week 1 is at risk from week 3.
    assert_eq!(p.early_exit_share(1, 2), 0.0);
    assert_eq!(p.early_exit_share(1, 3), 0.5);
    assert_eq!(p.early_exit_share(1, 4), 0.75);
    assert_eq!(
        p.early_exit_share(1, 7),
        1.0,
        "the longest length ends every contract"
    );
    // A cohort person with 4 weeks of tenure (entry week -3) is at risk from week 1.
    assert_eq!(p.early_exit_share(-3, 1), 0.5);
    assert_eq!(p.early_exit_share(-3, 2), 0.75);
    assert_eq!(small(0.0).plant.pathway.early_exit_share(-3, 2), 0.0);
}

/// The fixture's optimum without early exits keeps cohort B (2 persons, tenure 1) to the end
/// and lets cohort A (2 persons, tenure 4) go in week 3 only, at the longest length. At a rate
/// of 0.5, 2 x 0.75 (A) + 2 x 0.5 (B) = 2.5 exits are due by week 2: 3 whole persons.
#[test]
fn early_exits_are_due_by_tenure_and_checked() {
    let without = solved(&small(0.0), false);
    assert_eq!(exits_by(&without, 2), 0.0);
    let with = solved(&small(0.5), false);
    assert!(exits_by(&with, 1) >= 1.0, "1 of 2 x 0.5 due in week 1");
    assert!(
        exits_by(&with, 2) >= 3.0 - 1e-9,
        "2.5 due by week 2, rounded up"
    );
    assert!(with.objective.unwrap() > without.objective.unwrap());
    // The plan without early exits, judged under the rule, is rejected at week 1.
    let strict = small(0.5);
    let plan = without.plan.as_ref().unwrap();
    let report = check(&strict, plan, without.objective.unwrap(), true);
    assert!(!report.passed);
    assert!(
        report
            .violations
            .iter()
            .any(|v| v.at.starts_with("early_exits[s,w1]")),
        "{:?}",
        report.violations
    );
}

#[test]
fn early_exits_shorten_the_reference_contracts() {
    let inst = load_instance(&root().join("instances/juratri-2014")).unwrap();
    assert!(inst.plant.pathway.early_exit_rate_per_week > 0.0);
    let with = solved(&inst, true);
    let mut none = inst.clone();
    none.plant.pathway.early_exit_rate_per_week = 0.0;
    let without = solved(&none, true);
    let left = |s: &Solved| s.check.as_ref().unwrap().pathways.sites[0].left;
    assert!(
        left(&with) > 2.0 * left(&without),
        "{} exits with the rule, {} without",
        left(&with),
        left(&without)
    );
}

/// Copper and cables: the lots whose prices move in the reference's prices.csv.
fn metal_stock(inst: &Instance, s: &Solved, week: usize) -> f64 {
    let p = &inst.plant;
    let plan = s.plan.as_ref().unwrap();
    (0..p.lots.len())
        .filter(|&q| {
            let id = &p.fractions[p.lots[q].0 .0].named.id;
            id == "copper" || id == "cables"
        })
        .map(|q| plan.output_stock_t[[0, q, week - 1]])
        .sum()
}

/// With perfect foresight the reference plan holds copper and cables before the week-26 rise;
/// with forecast prices it does not, and the revaluation term is what the checker recomputes.
#[test]
fn forecast_prices_stop_holding_metal_for_a_known_rise() {
    let inst = load_instance(&root().join("instances/juratri-2014")).unwrap();
    assert!(!inst.plant.price_foresight);
    let mut seer = inst.clone();
    seer.plant.price_foresight = true;
    let foresight = solved(&seer, true);
    let forecast = solved(&inst, true);
    assert!(
        metal_stock(&seer, &foresight, 25) > 10.0,
        "held with foresight: {}",
        metal_stock(&seer, &foresight, 25)
    );
    assert!(
        metal_stock(&inst, &forecast, 25) < 1.0,
        "held on forecasts: {}",
        metal_stock(&inst, &forecast, 25)
    );
    // The charge is P[t+1] - P[t] on the stock of week t: copper's best net price rises by
    // 50 EUR/t from week 25 to 26.
    let q = (0..inst.plant.lots.len())
        .find(|&q| inst.plant.fractions[inst.plant.lots[q].0 .0].named.id == "copper")
        .unwrap();
    assert!((inst.revaluation(SiteId(0), LotId(q), 24) - 50.0).abs() < 1e-9);
    assert_eq!(seer.revaluation(SiteId(0), LotId(q), 24), 0.0);
    assert_eq!(inst.revaluation(SiteId(0), LotId(q), 51), 0.0, "last week");
    // Holding metal over the rise, as the foresight plan does, is charged under forecasts.
    let plan = foresight.plan.as_ref().unwrap();
    let costs = triplan::check::costs(&inst, plan);
    assert!(
        costs.stock_revaluation > 500.0,
        "{}",
        costs.stock_revaluation
    );
}

/// The reference ends every stock where it started; with the default rule (at most the
/// opening stock) the plan draws the yards down.
#[test]
fn the_closing_stock_is_the_opening_stock() {
    let inst = load_instance(&root().join("instances/juratri-2014")).unwrap();
    let s = solved(&inst, true);
    let plan = s.plan.as_ref().unwrap();
    let p = &inst.plant;
    let last = inst.weeks - 1;
    let mut seen = 0;
    for k in 0..p.streams.len() {
        let b = p.intake_stock[[0, k]];
        assert_eq!(b.closing_min_t, b.opening_t);
        if b.opening_t > 0.0 {
            seen += 1;
            assert!((plan.intake_stock_t[[0, k, last]] - b.opening_t).abs() < 1e-6);
        }
    }
    for q in 0..p.lots.len() {
        let b = p.output_stock[[0, q]];
        assert_eq!(b.closing_min_t, b.opening_t);
        assert!((plan.output_stock_t[[0, q, last]] - b.opening_t).abs() < 1e-6);
    }
    assert_eq!(seen, 7);
    let mut loose = inst.clone();
    for b in loose.plant.intake_stock.iter_mut() {
        b.closing_min_t = 0.0;
    }
    let drawn = solved(&loose, true);
    let closing: f64 = (0..p.streams.len())
        .map(|k| drawn.plan.as_ref().unwrap().intake_stock_t[[0, k, last]])
        .sum();
    let opening: f64 = p.intake_stock.iter().map(|b| b.opening_t).sum();
    assert!(closing < opening - 50.0, "{closing} of {opening} t");
}
