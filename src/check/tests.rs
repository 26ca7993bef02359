//! The checker on people and pathways: a small plan solved by the engine passes, and a
//! one-number mutation of the plan (or of the instance it is judged against) fails with the
//! check of the rule it breaks.
//!
//! The fixture is the tiny workshop (tests/fixtures/tiny) over 8 weeks at 10 t a week, with
//! every staff kind: permanent staff (2 at the start, hires at 500 EUR and departures at
//! 800 EUR after 2 weeks of notice, 35 h contracts up to 40 h), insertion workers (26 h up to
//! 35 h, a cohort of 2 with 3 weeks' tenure and one of 1 entering in week 1, contracts of 2 to
//! 4 weeks, half productive in their first week, 2 h of training a week, 100 EUR an entry),
//! supervisors, agency staff with a 30 % mark-up, 3 agreed posts and an adviser per 4
//! insertion workers at 50,000 EUR a year.

use super::*;
use crate::formulation::Row;
use crate::{load_instance, run, RunOptions, Status};

const WEEKS: usize = 8;
const S: usize = 0;
const PERM: usize = 0;
const INS: usize = 1;
const TMP: usize = 2;
const SUP: usize = 3;

const PEOPLE: &str = r#"
[social]
insertion_share_min = 0.5
insertion_workers_per_supervisor = 4
funded_posts = 3
aid_eur_per_post_year = 12000
insertion_workers_per_adviser = 4
adviser_cost_eur_per_year = 50000

[pathway]
min_contract_weeks = 2
max_contract_weeks = 4
ramp_up = [0.5]
training_h_per_week = 2
entry_cost_eur = 100

[[cohort]]
site = "s"
people = 2
tenure_weeks = 3

[[cohort]]
site = "s"
people = 1
tenure_weeks = 0

[[staff]]
site = "s"
kind = "insertion"
headcount_max = 10
min_h_per_week = 26
max_h_per_week = 35
cost_eur_per_h = 10
productivity = 0.5

[[staff]]
site = "s"
kind = "supervisor"
headcount_max = 2
min_h_per_week = 35
max_h_per_week = 39
cost_eur_per_h = 30

[[staff]]
site = "s"
kind = "temporary"
headcount_max = 2
max_h_per_week = 35
cost_eur_per_h = 18
agency_markup = 0.3
"#;

/// The fixture's instance, written into `dir`.
fn instance(dir: &std::path::Path) -> Instance {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let model = std::fs::read_to_string(root.join("tests/fixtures/tiny/model.toml")).unwrap();
    let model = model.replace(
        "max_h_per_week = 40\ncost_eur_per_h = 20\n",
        "min_h_per_week = 35\nmax_h_per_week = 40\ncost_eur_per_h = 20\nheadcount_start = 2\n\
         hire_cost_eur = 500\ndeparture_cost_eur = 800\nnotice_weeks = 2\n",
    );
    assert!(
        model.contains("headcount_start"),
        "the tiny permanent group changed"
    );
    std::fs::write(dir.join("model.toml"), model + PEOPLE).unwrap();
    let mut tonnage = String::from("week,area,stream,tonnes\n");
    for w in 1..=WEEKS {
        tonnage.push_str(&format!("{w},a,mixed,10\n"));
    }
    std::fs::write(dir.join("tonnage.csv"), tonnage).unwrap();
    std::fs::write(
        dir.join("instance.toml"),
        format!("name = \"people\"\nmodel = \"model.toml\"\nweeks = {WEEKS}\n"),
    )
    .unwrap();
    load_instance(dir).unwrap()
}

/// The fixture solved: its instance, plan and objective.
fn solved() -> (Instance, Plan, f64) {
    let dir = tempfile::tempdir().unwrap();
    let inst = instance(dir.path());
    let s = run(&inst, &RunOptions::default()).unwrap();
    assert_eq!(s.status, Status::Optimal);
    (inst, s.plan.unwrap(), s.objective.unwrap())
}

/// The checks that failed.
fn failed(r: &CheckReport) -> Vec<&'static str> {
    r.violations.iter().map(|v| v.check).collect()
}

/// Asserts that `r` failed `check` (and says what failed otherwise).
fn fails(r: &CheckReport, check: &str) {
    assert!(!r.passed);
    assert!(
        r.violations.iter().any(|v| v.check == check),
        "{check} not among {:?}",
        r.violations
    );
}

#[test]
fn solved_people_plan_passes_and_counts_every_cost() {
    let (inst, plan, obj) = solved();
    let r = check(&inst, &plan, obj, true);
    assert!(r.passed, "{:?}", r.violations);
    // The plan uses the rules the fixture sets: insertion workers and their advisers.
    let ins: f64 = plan.staff_n.slice(ndarray::s![S, INS, ..]).sum();
    assert!(ins > 0.0);
    assert!(plan.advisers[S] >= 1.0);
    let k = &r.costs;
    let adv = 50000.0 * WEEKS as f64 / 52.0 * plan.advisers[S];
    assert!((k.advisers - adv).abs() < 1e-6, "{} vs {adv}", k.advisers);
    let entries: f64 = plan.hires.slice(ndarray::s![S, INS, ..]).sum();
    let perm_hires: f64 = plan.hires.slice(ndarray::s![S, PERM, ..]).sum();
    let perm_deps: f64 = plan.departures.slice(ndarray::s![S, PERM, ..]).sum();
    let changes = 100.0 * entries + 500.0 * perm_hires + 800.0 * perm_deps;
    assert!((k.staff_changes - changes).abs() < 1e-6);
    let paid_ins: f64 = plan.paid_h.slice(ndarray::s![.., INS, ..]).sum();
    assert!((k.state_aid - 12000.0 / 1820.0 * paid_ins).abs() < 1e-6);
    // The terms add up to the total, which is the solver's objective.
    let sum: f64 = k.terms()[..CostTerm::COUNT - 1].iter().map(|t| t.2).sum();
    assert!((sum - k.total).abs() < 1e-6 * k.total.abs().max(1.0));
    assert!((k.total - obj).abs() < 1e-6 * obj.abs().max(1.0));
    // The agreed posts are judged in FTE: the paid insertion hours over 8 weeks.
    let v = r.verdicts.get(Target::FundedPosts).unwrap();
    let used = paid_ins / (1820.0 * WEEKS as f64 / 52.0);
    assert!(v.met);
    assert!((v.margin - (3.0 - used)).abs() < 1e-9);
}

#[test]
fn headcount_bounds_and_whole_persons() {
    let (inst, plan, obj) = solved();
    let mut bad = plan.clone();
    bad.staff_n[[S, PERM, 4]] = 6.0; // headcount_max = 5
    fails(&check(&inst, &bad, obj, true), "headcount");

    let mut bad = plan.clone();
    bad.staff_n[[S, SUP, 3]] += 0.5;
    let r = check(&inst, &bad, obj, true);
    fails(&r, "whole_persons");
    // Relaxed, half a person is no violation of its own.
    let r = check(&inst, &bad, obj, false);
    assert!(!failed(&r).contains(&"whole_persons"));

    let mut bad = plan.clone();
    bad.hires[[S, INS, 5]] += 0.25;
    fails(&check(&inst, &bad, obj, true), "whole_persons");
}

#[test]
fn headcount_flow_and_notice() {
    let (inst, plan, obj) = solved();
    // A hire in week 1, within the two weeks of notice.
    let mut bad = plan.clone();
    bad.hires[[S, PERM, 0]] = 1.0;
    let r = check(&inst, &bad, obj, true);
    fails(&r, "headcount_flow");
    assert!(r
        .violations
        .iter()
        .any(|v| v.at == Row::HeadcountFlow(SiteId(S), StaffKind::Permanent, 0).key(&inst.plant)));
    assert!(r
        .violations
        .iter()
        .any(|v| v.at.contains("hires not allowed, week 1")));

    // The insertion opening people are the cohorts' 3.
    let mut bad = plan.clone();
    bad.opening_n[[S, INS]] = 4.0;
    fails(&check(&inst, &bad, obj, true), "headcount_flow");
}

#[test]
fn hours_at_work_overtime_and_paid_hours() {
    let (inst, plan, obj) = solved();
    // Supervisors supervising longer than they are at work.
    let mut bad = plan.clone();
    bad.supervisor_h[[S, 0, 2]] += 100.0;
    let r = check(&inst, &bad, obj, true);
    fails(&r, "worked_within_paid");
    assert!(r
        .violations
        .iter()
        .any(|v| v.at == Row::Worked(SiteId(S), StaffKind::Supervisor, 2).key(&inst.plant)));

    // More first-step overtime than 5 h per present permanent worker.
    let mut bad = plan.clone();
    let n = plan.staff_n[[S, PERM, 1]];
    bad.overtime_h[[S, PERM, 0, 1]] = 5.0 * n + 1.0;
    fails(&check(&inst, &bad, obj, true), "overtime");

    // Paid hours that are not the contract hours plus overtime.
    let mut bad = plan.clone();
    bad.paid_h[[S, PERM, 6]] += 1.0;
    fails(&check(&inst, &bad, obj, true), "paid_hours");

    // More agency hours than its pool of 2 persons at 35 h.
    let mut bad = plan.clone();
    bad.paid_h[[S, TMP, 0]] = 71.0;
    fails(&check(&inst, &bad, obj, true), "agency_hours");
}

#[test]
fn insertion_hours_lose_training_and_ramp_up() {
    let (inst, plan, obj) = solved();
    // Week 1 by hand: the insertion workers present are at work 26 h each plus overtime, less
    // 2 h of training each, less half the week of the cohort entering in week 1 and of the
    // week's entries (ramp-up 0.5 in the first week).
    let pres = inst.presence(SiteId(S), StaffKind::Insertion, 0);
    let n = plan.staff_n[[S, INS, 0]];
    let over: f64 = plan.overtime_h.slice(ndarray::s![S, INS, .., 0]).sum();
    let novices = 1.0 + plan.hires[[S, INS, 0]];
    let room = 26.0 * pres * n + over - 2.0 * pres * n - 26.0 * pres * 0.5 * novices;
    let worked: f64 = plan.line_hours.slice(ndarray::s![INS, .., .., 0]).sum();
    let slack = room - worked;
    assert!(slack > -1e-6, "the solved plan fits: {slack}");
    let at = Row::Worked(SiteId(S), StaffKind::Insertion, 0).key(&inst.plant);
    let broken = |r: &CheckReport| r.violations.iter().any(|v| v.at == at);
    // Half an hour beyond the room fails, half an hour within it does not.
    let mut bad = plan.clone();
    bad.line_hours[[INS, 0, 0, 0]] += slack + 0.5;
    let r = check(&inst, &bad, obj, true);
    fails(&r, "worked_within_paid");
    assert!(broken(&r));
    let mut ok = plan.clone();
    ok.line_hours[[INS, 0, 0, 0]] += slack - 0.5;
    assert!(!broken(&check(&inst, &ok, obj, true)));
}

#[test]
fn annual_and_weekly_hours_of_the_law() {
    let (mut inst, plan, obj) = solved();
    // A legal year of 1,000 h: 35 h contracts less 5 weeks' leave exceed it.
    inst.plant.law.worked_h_per_year = 1000.0;
    let r = check(&inst, &plan, obj, true);
    fails(&r, "annual_hours");
    assert!(r
        .violations
        .iter()
        .any(|v| v.at == Row::HoursYear(SiteId(S), StaffKind::Permanent).key(&inst.plant)));

    let (mut inst, plan, obj) = solved();
    inst.plant.law.max_h_per_week = 38.0; // the permanent staff's 40 h is beyond it
    fails(&check(&inst, &plan, obj, true), "weekly_hours");
}

#[test]
fn agreed_posts_and_advisers() {
    let (mut inst, plan, obj) = solved();
    let mut bad = plan.clone();
    bad.advisers[S] -= 1.0;
    let r = check(&inst, &bad, obj, true);
    fails(&r, "advisers");

    // Against 0.5 agreed posts the plan's paid insertion hours are too many.
    inst.plant.social.funded_posts = Some(0.5);
    let r = check(&inst, &plan, obj, true);
    fails(&r, "funded_posts");
    let v = r.verdicts.get(Target::FundedPosts).unwrap();
    assert!(!v.met && v.margin < 0.0);
}

#[test]
fn early_exits_break_the_least_contract_length() {
    let (inst, plan, obj) = solved();
    // Three more exits in week 1: under first in, first out the one who entered in week 1
    // leaves after 0 weeks (or nobody is left to leave).
    let mut bad = plan.clone();
    bad.departures[[S, INS, 0]] += 3.0;
    let r = check(&inst, &bad, obj, true);
    fails(&r, "contract_length");
    let key = Row::MinLength(SiteId(S), 0).key(&inst.plant);
    assert!(
        r.violations.iter().any(|v| v.at.starts_with(&key)),
        "{:?}",
        r.violations
    );
}

/// A hand-made insertion history over the fixture's 8 weeks (Lmin 2, Lmax 4): the cohorts
/// (2 entered in week -2, 1 in week 1), 2 exits in week 2, 2 entries in week 3, exits of 1 in
/// weeks 5, 6 and 7, an entry in week 7.
fn history(plan: &mut Plan) {
    let entries = [0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 1.0, 0.0];
    let exits = [0.0, 2.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0];
    let mut n = 3.0;
    plan.opening_n[[S, INS]] = n;
    for t in 0..WEEKS {
        plan.hires[[S, INS, t]] = entries[t];
        plan.departures[[S, INS, t]] = exits[t];
        n += entries[t] - exits[t];
        plan.staff_n[[S, INS, t]] = n;
    }
}

#[test]
fn pathways_rebuilt_first_in_first_out() {
    let (inst, mut plan, _) = solved();
    history(&mut plan);
    let paths = pathways(&inst, &plan);
    let p = paths.site(SiteId(S)).unwrap();
    assert_eq!(p.opening, 3.0);
    assert_eq!(p.accompanied, 6.0);
    assert_eq!(p.left, 5.0);
    // Week 2: the first cohort after 4 weeks; week 5: the second cohort after 4 weeks;
    // week 6: one of week 3 after 3 weeks; week 7: the other after 4.
    assert_eq!(p.forced_exits, vec![0.0, 2.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
    assert_eq!(p.mean_length_left_weeks, Some(19.0 / 5.0));
    assert_eq!(p.on_contract_at_end, 1.0);
    assert_eq!(p.mean_tenure_at_end_weeks, Some(2.0));
    // Half a week lost by the cohort entering in week 1, by each of the 2 entering in week 3
    // and by the one entering in week 7.
    assert_eq!(
        p.ramp_loss_persons,
        vec![0.5, 0.0, 1.0, 0.0, 0.0, 0.0, 0.5, 0.0]
    );
    assert!(p.left_early.iter().all(|&x| x == 0.0));
    assert!(p.overdue.iter().all(|&x| x == 0.0));
    assert!(p.unmatched_exits.iter().all(|&x| x == 0.0));
}

#[test]
fn pathway_mutations_name_the_broken_length() {
    let (inst, mut plan, obj) = solved();
    history(&mut plan);
    let r = check(&inst, &plan, obj, true);
    assert!(
        !failed(&r).contains(&"contract_length"),
        "{:?}",
        r.violations
    );

    // Two exits in week 4: the cohort of week 1 (3 weeks), then one of week 3 after 1 week.
    let mut bad = plan.clone();
    bad.departures[[S, INS, 3]] = 2.0;
    let p = pathways(&inst, &bad);
    assert_eq!(p.sites[0].left_early[3], 1.0);
    let r = check(&inst, &bad, obj, true);
    let key = Row::MinLength(SiteId(S), 3).key(&inst.plant);
    assert!(r
        .violations
        .iter()
        .any(|v| v.check == "contract_length" && v.at == key));

    // One exit in week 2 instead of two: one of the first cohort is in a 5th week.
    let mut bad = plan.clone();
    bad.departures[[S, INS, 1]] = 1.0;
    let p = pathways(&inst, &bad);
    assert_eq!(p.sites[0].overdue[1], 1.0);
    let r = check(&inst, &bad, obj, true);
    let key = Row::MaxLength(SiteId(S), 1).key(&inst.plant);
    assert!(r
        .violations
        .iter()
        .any(|v| v.check == "contract_length" && v.at == key));
}

#[test]
fn tutorial_plan_passes_with_the_new_cost_terms() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let inst = load_instance(&root.join("instances/tutorial")).unwrap();
    let s = run(&inst, &RunOptions::default()).unwrap();
    let c = s.check.unwrap();
    assert!(c.passed, "{:?}", c.violations);
    assert!((c.costs.total - s.objective.unwrap()).abs() < 1e-6 * c.costs.total.abs());
}
