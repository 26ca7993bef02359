//! The engine on the tiny fixture, whose optima are computed by hand below.
//!
//! Tiny fixture (tests/fixtures/tiny): one site, one area 5 EUR/t away, one stream, 10 t a week
//! for 2 weeks; one bench line at 1 t/h with a crew of 2, 40 h a week, 10 EUR per line-hour;
//! permanent staff at 20 EUR/h (at most 5 persons, 40 h a week each, no contract hours);
//! yields 0.6 metal (sold at 100 EUR/t) and 0.4 residual (landfill fee 50 EUR/t); outbound
//! transport 10 EUR/t; holding 1 EUR per t and week; external contractor 500 EUR/t.
//!
//! The hand computations below are about processing, storage, trucks and the insertion share,
//! not about working time: they run on the fixture made neutral for the working-time rules
//! ([`HOURS_AS_WORKED`], see there), where a paid hour is an hour worked. There, processing a
//! tonne costs: crew 2 h x 20 = 40, running 10, metal 0.6 x (10 - 100) = -54, residual
//! 0.4 x (10 + 50) = 24: net 20 EUR/t, far below 500, so everything is processed in the week
//! it arrives: per week 10 x 5 (inbound) + 10 x 20 = 250, over 2 weeks **500 EUR**.
//! `tiny_optimum_matches_hand_computation` also solves the fixture as shipped, under the
//! default law, and checks the working-time arithmetic there.

mod common;

use common::*;
use triplan::check::CostTerm;
use triplan::kpi::Scope;
use triplan::plant::{CategoryId, StaffKind};
use triplan::{load_instance, run, Backend, BuildOptions, RunOptions, SolveOptions, Status};

const TOL: f64 = 1e-6;

/// Working-time rules made neutral. The tiny fixture's staff have no contract hours
/// (`min_h_per_week` defaults to 0), so every hour they work is overtime, and their paid hours
/// are exactly those overtime hours. With no overtime premium, no paid leave (presence 1) and
/// an overtime quota of 40 h x 52 weeks = 2,080 h a year (40 h per person and week, the
/// group's `max_h_per_week`), a paid hour costs 20 EUR and is an hour worked, each person
/// works at most 40 h a week, and the headcount (at most 5, costing nothing by itself) only
/// caps the week at 200 h: the fractional hours model the hand computations assume.
const HOURS_AS_WORKED: &str = r#"
[law]
paid_leave_weeks = 0
overtime_premium_1 = 0
overtime_premium_2 = 0
overtime_quota_h_per_year = 2080
"#;

/// A copy of the tiny fixture with the working-time rules made neutral ([`HOURS_AS_WORKED`]).
fn neutral_tiny() -> tempfile::TempDir {
    let dir = copy_fixture("tiny");
    append(dir.path(), "model.toml", HOURS_AS_WORKED);
    dir
}

fn solve_dir(dir: &std::path::Path, backend: Backend, relax: bool) -> triplan::Solved {
    let inst = load_instance(dir).unwrap();
    let opts = RunOptions {
        build: BuildOptions {
            relax,
            ..Default::default()
        },
        solve: SolveOptions {
            backend,
            ..SolveOptions::default()
        },
        mip_start: true,
        shadow_prices: true,
    };
    run(&inst, &opts).unwrap()
}

#[test]
fn tiny_optimum_matches_hand_computation() {
    let dir = neutral_tiny();
    let s = solve_dir(dir.path(), Backend::Highs, false);
    assert_eq!(s.status, Status::Optimal);
    assert!(
        (s.objective.unwrap() - 500.0).abs() < TOL,
        "{:?}",
        s.objective
    );
    let plan = s.plan.as_ref().unwrap();
    // 10 t processed each week, 20 person-hours of permanent staff each week.
    for t in 0..2 {
        assert!((plan.processed_t[[0, 0, 0, t]] - 10.0).abs() < TOL);
        assert!((plan.line_hours[[StaffKind::Permanent.index(), 0, 0, t]] - 20.0).abs() < TOL);
        assert!(plan.external_t[[0, 0, t]].abs() < TOL);
    }
    // 6 t of metal to the scrap buyer (outlet 0) each week.
    let metal_lot = 0;
    assert!((plan.shipped_t[[0, 0, metal_lot, 0]] - 6.0).abs() < TOL);
    let c = s.check.unwrap();
    assert!(c.passed);
    assert!((c.costs.revenue - 800.0).abs() < TOL);
    assert!((c.kpis.recovery_rate.unwrap() - 0.6).abs() < TOL);
    // The plant's figures are their own scope, serialised after the categories' as the
    // JSON output documents (`kpis.categories[]`: per category, then `plant`).
    let plant = c.kpis.scope(Scope::Plant);
    assert_eq!(plant.scope, Scope::Plant);
    assert_eq!(plant.recovery_rate, c.kpis.recovery_rate);
    assert!((plant.accountable_t - 20.0).abs() < TOL);
    let small = c.kpis.category(CategoryId(0));
    assert_eq!(small.scope, Scope::Category(CategoryId(0)));
    assert!((small.recycled_t - 12.0).abs() < TOL);
    let v = serde_json::to_value(&c.kpis).unwrap();
    let rows = v["categories"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], "small");
    assert_eq!(rows[1]["id"], "plant");
    assert_eq!(rows[1]["name"], "Whole plant");
    assert!(rows[1].get("scope").is_none());
}

/// The fixture as shipped, under the default law (5 weeks of paid leave, overtime at +25 % for
/// the first 8 h of a week and +50 % beyond, a quota of 220 h per person and year). The staff
/// have no contract hours (hc = 0), so the 20 person-hours a week are all overtime, and the
/// headcount N (whole, constant: no hires or departures) costs nothing by itself. Limits:
/// - leave share l = (5 x 2/52) / 2 = 0.0962, presence 0.9038; first-step overtime per week at
///   most 8 x 0.9038 N = 7.23 N, so 20 h need N >= 2.77;
/// - the quota (and the yearly hours, 1607 x min(1, 0/35) + 220 = 220 h): the horizon's 40
///   overtime hours at most 220/52 x (N + N) = 8.46 N, so N >= 4.73: **N = 5** (the largest
///   headcount allowed), which also leaves the first step room for all 20 h a week.
///
/// Cost: the 40 h at 20 EUR x 1.25 = 1,000 EUR instead of 800: **700 EUR** in all.
#[test]
fn tiny_optimum_under_the_default_law() {
    let s = solve_dir(&root().join("tests/fixtures/tiny"), Backend::Highs, false);
    assert_eq!(s.status, Status::Optimal);
    assert!(
        (s.objective.unwrap() - 700.0).abs() < TOL,
        "{:?}",
        s.objective
    );
    let plan = s.plan.as_ref().unwrap();
    let perm = StaffKind::Permanent.index();
    for t in 0..2 {
        assert!((plan.staff_n[[0, perm, t]] - 5.0).abs() < TOL);
        assert!((plan.overtime_h[[0, perm, 0, t]] - 20.0).abs() < TOL);
        assert!(plan.overtime_h[[0, perm, 1, t]].abs() < TOL);
        assert!((plan.paid_h[[0, perm, t]] - 20.0).abs() < TOL);
    }
    let c = s.check.unwrap();
    assert!(c.passed);
    assert!((c.costs.get(CostTerm::OvertimePremiums) - 200.0).abs() < TOL);
}

/// The cost table of the reports is the checker's costs, term by term: every key is a field
/// of `costs_eur`, revenue and state aid count negative, and the terms sum to the total.
#[test]
fn cost_terms_are_the_checkers_costs() {
    let s = solve_dir(&root().join("tests/fixtures/tiny"), Backend::Highs, false);
    let costs = &s.check.as_ref().unwrap().costs;
    let json = serde_json::to_value(costs).unwrap();
    let terms = costs.terms();
    assert_eq!(json.as_object().unwrap().len(), terms.len());
    let mut sum = 0.0;
    for (term, label, v) in terms {
        assert_eq!(label, term.label());
        let stored = json[term.key()].as_f64().unwrap();
        assert_eq!(stored, costs.get(term), "{}", term.key());
        let sign = match term {
            CostTerm::Revenue | CostTerm::StateAid => -1.0,
            _ => 1.0,
        };
        assert_eq!(v, sign * stored, "{}", term.key());
        if term != CostTerm::Total {
            sum += v;
        }
    }
    assert_eq!(terms.last().unwrap().0, CostTerm::Total);
    assert!((sum - costs.total).abs() < TOL, "{sum} vs {}", costs.total);
    // The tiny plan's sales: 12 t of metal at 100 EUR/t less 8 t of residual at 50 EUR/t.
    let (term, label, v) = terms[CostTerm::ALL
        .iter()
        .position(|&t| t == CostTerm::Revenue)
        .unwrap()];
    assert_eq!(
        (term, label),
        (CostTerm::Revenue, "sales to outlets (net of fees)")
    );
    assert!((v + 800.0).abs() < TOL, "{v}");
}

/// 50 t in week 1 and none in week 2: the line does 40 t in week 1 (its 40 h), 10 t wait one
/// week in intake stock (10 EUR): 250 inbound + 50 x 20 + 10 = **1,260 EUR** (working time
/// neutral: the 80 person-hours of week 1 and the 20 of week 2 are paid as worked, within the
/// constant headcount's 40 h a person: N >= 2, at no cost of its own).
#[test]
fn capacity_pushes_work_into_storage() {
    let dir = neutral_tiny();
    std::fs::write(
        dir.path().join("tonnage.csv"),
        "week,area,stream,tonnes\n1,a,mixed,50\n2,a,mixed,0\n",
    )
    .unwrap();
    let s = solve_dir(dir.path(), Backend::Highs, false);
    assert_eq!(s.status, Status::Optimal);
    assert!(
        (s.objective.unwrap() - 1260.0).abs() < TOL,
        "{:?}",
        s.objective
    );
    let plan = s.plan.unwrap();
    assert!((plan.intake_stock_t[[0, 0, 0]] - 10.0).abs() < TOL);
    assert!((plan.processed_t[[0, 0, 0, 0]] - 40.0).abs() < TOL);
}

/// Add insertion workers (10 EUR/h, productivity 0.5, no state aid), supervisors (30 EUR/h,
/// 1 per 4) and a 50 % insertion share. Per week, with permanent hours p and insertion hours i:
/// p + 0.5 i = 20 (crew), i >= p (share); cost 20 p + 10 i + 30 i / 4 = 400 + 7.5 i, least at
/// i = p = 40/3: 500 EUR a week, **700 EUR** in all (500 + the other 200 of the base case).
/// Working time neutral ([`HOURS_AS_WORKED`]; the insertion and supervisor groups have no
/// contract hours either), and the insertion workers need no entries: the plan opens with
/// them (no `[[cohort]]`, so the opening headcount is its choice, counted as entered long ago).
#[test]
fn insertion_share_and_supervision() {
    let dir = neutral_tiny();
    append(dir.path(), "model.toml", INSERTION);
    let s = solve_dir(dir.path(), Backend::Highs, false);
    assert_eq!(s.status, Status::Optimal);
    assert!(
        (s.objective.unwrap() - 700.0).abs() < 1e-5,
        "{:?}",
        s.objective
    );
    let c = s.check.unwrap();
    assert!(c.passed);
    assert!((c.kpis.insertion_share.unwrap() - 0.5).abs() < 1e-6);
    // The share holds over the horizon, so weeks may differ; the totals may not.
    let plan = s.plan.unwrap();
    let ins: f64 = plan
        .line_hours
        .slice(ndarray::s![StaffKind::Insertion.index(), .., .., ..])
        .sum();
    assert!((ins - 80.0 / 3.0).abs() < 1e-6, "{ins}");
    assert!((plan.supervisor_h.sum() - 20.0 / 3.0).abs() < 1e-6);
}

/// Scrap goes by 5 t trucks at 30 EUR a trip; 6 t of metal a week. Whole trips: ship 5 t in
/// week 1 (1 trip), hold 1 t (1 EUR), ship 7 t in week 2 (2 trips): 91 EUR, so **591 EUR**.
/// The LP relaxation pays 12/5 trips x 30 = 72 EUR and holds nothing: **572 EUR**.
/// Working time neutral ([`HOURS_AS_WORKED`]). Integer columns: the 2 weeks' trips, and the
/// permanent headcount, whole persons: N in each of the 2 weeks and N0 before week 1 (no
/// `headcount_start`, so the plan chooses it): 5; none when relaxed.
#[test]
fn truckloads_are_whole_unless_relaxed() {
    let dir = neutral_tiny();
    mutate(
        dir.path(),
        "model.toml",
        "prices_eur_per_t = { metal = 100 }",
        "prices_eur_per_t = { metal = 100 }\ntruck_capacity_t = 5\ncost_eur_per_trip = 30",
    );
    let mip = solve_dir(dir.path(), Backend::Highs, false);
    assert_eq!(mip.status, Status::Optimal);
    assert_eq!(mip.model.integer_variables, 5);
    assert!(
        (mip.objective.unwrap() - 591.0).abs() < 1e-6,
        "{:?}",
        mip.objective
    );
    let trips = &mip.plan.as_ref().unwrap().trips;
    assert!((trips[[0, 0, 0]] - 1.0).abs() < 1e-6 && (trips[[0, 0, 1]] - 2.0).abs() < 1e-6);
    assert!(mip.check.unwrap().passed);
    let lp = solve_dir(dir.path(), Backend::Highs, true);
    assert_eq!(lp.model.integer_variables, 0);
    assert!(
        (lp.objective.unwrap() - 572.0).abs() < 1e-6,
        "{:?}",
        lp.objective
    );
    assert!(lp.check.unwrap().passed);
}

/// 40 % of the output is residual sent to landfill, so at most 60 % is recovered: a 90 %
/// recovery target cannot be met. Sending the stream to the external contractor does not help:
/// its fate counts as not recovered (external_recovered_share defaults to 0).
#[test]
fn impossible_recovery_target_is_infeasible() {
    let dir = copy_fixture("tiny");
    mutate(
        dir.path(),
        "model.toml",
        "id = \"small\"",
        "id = \"small\"\nrecovery_target = 0.9",
    );
    let s = solve_dir(dir.path(), Backend::Highs, false);
    assert!(
        matches!(s.status, Status::Infeasible | Status::InfeasibleOrUnbounded),
        "{:?}",
        s.status
    );
    assert!(s.plan.is_none() && s.check.is_none());
    // 60 % is reachable exactly.
    let dir = copy_fixture("tiny");
    mutate(
        dir.path(),
        "model.toml",
        "id = \"small\"",
        "id = \"small\"\nrecovery_target = 0.6",
    );
    let s = solve_dir(dir.path(), Backend::Highs, false);
    assert_eq!(s.status, Status::Optimal);
}

#[test]
fn checker_rejects_a_tampered_plan() {
    let dir = root().join("tests/fixtures/tiny");
    let inst = load_instance(&dir).unwrap();
    let s = run(&inst, &RunOptions::default()).unwrap();
    let good = s.plan.unwrap();
    let obj = s.objective.unwrap();
    assert!(triplan::check(&inst, &good, obj, true).passed);

    // One more tonne processed in week 1 than arrived: intake balance and output balance break.
    let mut bad = good.clone();
    bad.processed_t[[0, 0, 0, 0]] += 1.0;
    let r = triplan::check(&inst, &bad, obj, true);
    assert!(!r.passed);
    assert!(r.violations.iter().any(|v| v.check == "intake_balance"));

    // A metal shipment moved to the landfill, which does not take metal.
    let mut bad = good.clone();
    bad.shipped_t[[0, 1, 0, 0]] = bad.shipped_t[[0, 0, 0, 0]];
    bad.shipped_t[[0, 0, 0, 0]] = 0.0;
    let r = triplan::check(&inst, &bad, obj, true);
    assert!(r.violations.iter().any(|v| v.check == "output_balance"));

    // Staff hours cut: the crew is short.
    let mut bad = good.clone();
    bad.line_hours[[0, 0, 0, 1]] -= 2.0;
    let r = triplan::check(&inst, &bad, obj, true);
    assert!(r.violations.iter().any(|v| v.check == "crew"));

    // The right plan with a wrong objective.
    let r = triplan::check(&inst, &good, obj + 1.0, true);
    assert!(r.violations.iter().any(|v| v.check == "objective"));
}

/// The LP (relaxed: whole persons make the tiny model a MIP, which Clarabel refuses) with
/// working time neutral: the 500 EUR of the hand computation, whichever backend.
#[test]
fn backends_agree_on_the_lp() {
    let dir = neutral_tiny();
    for backend in [Backend::HighsSimplex, Backend::HighsIpm, Backend::Clarabel] {
        let s = solve_dir(dir.path(), backend, true);
        assert_eq!(s.status, Status::Optimal, "{backend:?}");
        assert!(
            (s.objective.unwrap() - 500.0).abs() < 1e-5,
            "{backend:?}: {:?}",
            s.objective
        );
        assert!(s.check.unwrap().passed, "{backend:?}");
    }
}

#[test]
fn clarabel_refuses_integer_trips_without_relax() {
    let dir = copy_fixture("tiny");
    mutate(
        dir.path(),
        "model.toml",
        "prices_eur_per_t = { metal = 100 }",
        "prices_eur_per_t = { metal = 100 }\ntruck_capacity_t = 5\ncost_eur_per_trip = 30",
    );
    let inst = load_instance(dir.path()).unwrap();
    let opts = RunOptions {
        build: BuildOptions {
            relax: false,
            ..Default::default()
        },
        solve: SolveOptions {
            backend: Backend::Clarabel,
            ..SolveOptions::default()
        },
        mip_start: true,
        shadow_prices: true,
    };
    let err = run(&inst, &opts).unwrap_err();
    assert!(err.to_string().contains("--relax"), "{err}");
}
