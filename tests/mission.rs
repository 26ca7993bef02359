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
            + c.stock_revaluation
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
    // Every term says what it is.
    assert!(m.breakdown.iter().all(|t| !t.note.is_empty()));
    let ops_note = &operations.note;
    assert!(ops_note.contains("t sent to the contractor"), "{ops_note}");
    let aid = m.breakdown.iter().find(|t| t.key == "state_aid").unwrap();
    let costs = &with.check.as_ref().unwrap().costs;
    // The aid, and the value of the placements with partner firms that stands beside it.
    assert!((aid.eur + costs.state_aid + costs.placement_value).abs() < 1e-6);
    assert!(costs.placement_value > 0.0 && aid.note.contains("per placement"));
    let fte = m.insertion_fte_years;
    assert!((m.eur_per_fte_year.unwrap() * fte - m.extra_eur).abs() < 1e-6 * m.extra_eur);
    // Placements are jobs; the other exits find one at the input rate.
    let rate = inst.plant.pathway.exit_to_employment_rate;
    let placed = with.plan.as_ref().unwrap().placed.sum();
    assert!((m.exits_to_employment - (placed + rate * (m.exits - placed))).abs() < 1e-9);
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
        "staff changes",
        "t sent to the contractor",
        "EUR, 2024 prices",
        "the opening staff as given",
        "range of the extra cost",
        "insertion workers' productivity (central 0.85)",
        "insertion workers per supervisor (central 4.00)",
        "state aid per post",
        "per insertion FTE-year",
        "per exit to employment",
    ] {
        assert!(text.contains(label), "{label} missing:\n{text}");
    }
}

/// The cost of the mission measured on the tutorial: both plans choose their opening staff,
/// the range's plans are solved and checked, and the transition is the reported plan's cost
/// less the plan with its opening chosen.
#[test]
fn the_mission_compares_like_with_like_and_gives_its_range() {
    let mut inst = triplan::load_instance(Path::new("instances/tutorial")).unwrap();
    for s in 0..inst.plant.sites.len() {
        if let Some(g) = inst.plant.staff[[s, 0]].as_mut() {
            g.headcount_start = Some(g.headcount_max);
        }
    }
    let opts = relaxed();
    let solved = triplan::run(&inst, &opts).unwrap();
    let m = triplan::mission::assess(&inst, &solved, &opts, 2)
        .unwrap()
        .unwrap();
    let base = triplan::mission::opening_chosen(&inst);
    assert!(base.plant.staff[[0, 0]]
        .as_ref()
        .unwrap()
        .headcount_start
        .is_none());
    let chosen = triplan::run(&base, &opts).unwrap();
    let cost = |s: &triplan::Solved| s.check.as_ref().unwrap().costs.total;
    assert!((m.with_eur - cost(&chosen)).abs() < 1e-6 * m.with_eur.abs());
    assert!((m.given_opening_eur - cost(&solved)).abs() < 1e-6);
    // Starting from the largest permanent staff costs more than choosing it.
    assert!(m.opening_transition_eur > 1.0, "{m:?}");
    assert!((m.opening_transition_eur - (m.given_opening_eur - m.with_eur)).abs() < 1e-6);
    let keys: Vec<&str> = m.range.iter().map(|r| r.key).collect();
    assert_eq!(
        keys,
        [
            "insertion_productivity",
            "insertion_workers_per_supervisor",
            "aid_eur_per_post_year"
        ]
    );
    for r in &m.range {
        assert!(r.low < r.central && r.central < r.high, "{r:?}");
        assert_eq!(r.statuses, ["optimal", "optimal"], "{r:?}");
    }
    // Slower insertion workers and more supervision cost the mission more; more aid less.
    let row = |k: &str| m.range.iter().find(|r| r.key == k).unwrap();
    let (p, n, a) = (
        row("insertion_productivity"),
        row("insertion_workers_per_supervisor"),
        row("aid_eur_per_post_year"),
    );
    assert!(p.low_extra_eur.unwrap() >= p.high_extra_eur.unwrap());
    assert!(n.low_extra_eur.unwrap() >= n.high_extra_eur.unwrap());
    assert!(a.low_extra_eur.unwrap() > a.high_extra_eur.unwrap());
    let all: Vec<f64> = m
        .range
        .iter()
        .flat_map(|r| [r.low_extra_eur.unwrap(), r.high_extra_eur.unwrap()])
        .chain([m.extra_eur])
        .collect();
    let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    assert_eq!(m.extra_span_eur, [lo, hi]);
}

/// The cost of the mission is on every output of `solve --mission`: JSON, the page (a
/// waterfall of its terms and the range) and the workbook.
#[test]
fn the_mission_is_on_the_page_the_workbook_and_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("plan.html");
    let xlsx = dir.path().join("plan.xlsx");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_triplan"))
        .args([
            "solve",
            "instances/tutorial",
            "--relax",
            "--mission",
            "--format",
            "json",
        ])
        .arg("--html")
        .arg(&html)
        .arg("--xlsx")
        .arg(&xlsx)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = &v["mission"];
    let terms = m["breakdown"].as_array().unwrap();
    let sum: f64 = terms.iter().map(|t| t["eur"].as_f64().unwrap()).sum();
    assert!((sum - m["extra_eur"].as_f64().unwrap()).abs() < 1e-6);
    assert_eq!(m["range"].as_array().unwrap().len(), 3);
    let page = std::fs::read_to_string(&html).unwrap();
    for needle in [
        "id=\"mission\"",
        "id=\"mission-terms\"",
        "id=\"mission-range\"",
        "<rect class=\"total\"",
        "data-key=\"operations\"",
    ] {
        assert!(page.contains(needle), "{needle} missing from the page");
    }
    assert_eq!(page.matches("<rect class=\"step\"").count(), terms.len());
    let bytes = std::fs::read(&xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut book = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut book).unwrap();
    assert!(book.contains("name=\"Mission\""), "{book}");
}

/// Team leaders (`social.workers_per_team_leader`, §4.13): supervisors cover the insertion hours
/// at one per nu and the permanent and agency hours at one per lambda, in the plan with the
/// mission and in the classic firm; the checker recomputes the rule from the plan's hours.
#[test]
fn team_leaders_lead_the_other_workers_in_both_plans() {
    let mut inst = triplan::load_instance(Path::new("instances/tutorial")).unwrap();
    let lambda = 3.0;
    inst.plant.social.workers_per_team_leader = Some(lambda);
    let nu = inst.plant.social.insertion_workers_per_supervisor;
    let opts = relaxed();
    let plain = triplan::run(
        &triplan::load_instance(Path::new("instances/tutorial")).unwrap(),
        &opts,
    )
    .unwrap();
    for (i, expect_ins) in [(inst.clone(), true), (inst.without_mission(), false)] {
        let s = triplan::run(&i, &opts).unwrap();
        assert_eq!(s.status, Status::Optimal);
        let plan = s.plan.as_ref().unwrap();
        let p = &i.plant;
        let mut tight = 0;
        for h in 0..p.shifts.len() {
            for t in 0..i.weeks {
                let hours = |k: usize| -> f64 {
                    p.lines_at(triplan::plant::SiteId(0))
                        .iter()
                        .map(|l| plan.line_hours[[k, l.0, h, t]])
                        .sum()
                };
                let need = hours(1) / nu + (hours(0) + hours(2)) / lambda;
                let have = plan.supervisor_h[[0, h, t]];
                assert!(have >= need - 1e-6, "shift {h}, week {t}: {have} < {need}");
                tight += usize::from(need > 1.0 && have - need < 1e-6);
            }
        }
        assert!(tight > 0, "the rule binds somewhere");
        let sup: f64 = plan.supervisor_h.sum();
        assert!(sup > 0.0, "supervisors lead (insertion: {expect_ins})");
        // Taking the supervisors off the lines' shifts breaks the rule, and the checker says so.
        let mut bad = plan.clone();
        bad.supervisor_h.fill(0.0);
        let r = triplan::check::check(&i, &bad, s.objective.unwrap(), false);
        assert!(!r.passed);
        assert!(r.violations.iter().any(|v| v.check == "supervision"));
    }
    // Leading the permanent staff costs the plan with the mission something.
    let led = triplan::run(&inst, &opts).unwrap();
    assert!(led.objective.unwrap() > plain.objective.unwrap() + 1.0);
}

/// `social.funded_posts_min_share` (§4.15): the agreed posts are filled to at least that share
/// over the horizon, and the checker refuses a plan that leaves them emptier.
#[test]
fn agreed_posts_are_filled_to_their_least_share() {
    let mut inst = triplan::load_instance(Path::new("instances/juratri-2014")).unwrap();
    assert_eq!(inst.plant.social.funded_posts_min_share, Some(1.0));
    let posts = inst.plant.social.funded_posts.unwrap();
    let fte = |s: &triplan::Solved| s.check.as_ref().unwrap().kpis.social.insertion_fte.horizon;
    let filled = triplan::run(&inst, &relaxed()).unwrap();
    assert_eq!(filled.status, Status::Optimal);
    assert!((fte(&filled) - posts).abs() < 1e-6, "{}", fte(&filled));
    // Without the floor the reference leaves part of a post empty.
    inst.plant.social.funded_posts_min_share = None;
    let free = triplan::run(&inst, &relaxed()).unwrap();
    assert!(fte(&free) < posts - 0.1, "{}", fte(&free));
    inst.plant.social.funded_posts_min_share = Some(1.0);
    assert!(filled.objective.unwrap() > free.objective.unwrap());
    let r = triplan::check::check(
        &inst,
        free.plan.as_ref().unwrap(),
        free.objective.unwrap(),
        false,
    );
    assert!(!r.passed);
    assert!(
        r.violations.iter().any(|v| v.at == "funded_posts[filled]"),
        "{:?}",
        r.violations
    );
}
