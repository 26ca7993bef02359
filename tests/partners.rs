//! Pathways to work on a fixture solved by hand (`tests/fixtures/partners-small`): the
//! pathway-small fixture (tests/pathway.rs: optimum 8,750 EUR, cohort A's 2 persons leave in
//! week 3 at the longest contract, nobody else leaves) with a skill learnt on its bench after
//! 50 hours and a partner opening for 3 people holding it in week 3, each placement worth
//! 100 EUR.
//!
//! Placing A's two leavers costs nothing and earns 2 x 100: the line hours banked by week 3
//! (152 + 144 + 95 = 391 h) make up to 7.8 holders, more than the 4 people accompanied by
//! then, and placements are at most the week's exits (2). A third placement would take one of
//! cohort B off the line in week 3: its 28 h and the newcomers' ramp-up cost far more than
//! 100 EUR. So 2 placed, 1 missed, objective 8,750 - 200 = 8,550 EUR. With 200 hours per
//! holder, 391 h make 1.955 holders by week 3: 1 placement, objective 8,650 EUR.

mod common;

use common::*;
use triplan::check::check;
use triplan::plant::Instance;
use triplan::{load_instance, run, BuildOptions, RunOptions, Solved, Status};

fn inst() -> Instance {
    load_instance(&root().join("tests/fixtures/partners-small")).unwrap()
}

fn solved(inst: &Instance, relax: bool) -> Solved {
    let opts = RunOptions {
        build: BuildOptions {
            relax,
            ..Default::default()
        },
        shadow_prices: false,
        ..Default::default()
    };
    let s = run(inst, &opts).unwrap();
    assert_eq!(s.status, Status::Optimal);
    let c = s.check.as_ref().unwrap();
    assert!(c.passed, "{:?}", c.violations);
    s
}

#[test]
fn two_leavers_are_placed_and_the_third_opening_is_missed() {
    let s = solved(&inst(), false);
    assert!(
        (s.objective.unwrap() - 8550.0).abs() < 1e-6,
        "{:?}",
        s.objective
    );
    let w = s.check.as_ref().unwrap().to_work.as_ref().unwrap();
    let o = &w.openings[0];
    assert_eq!((o.placed, o.missed), (2.0, 1.0));
    assert_eq!((o.week, o.exit_week, o.name_by_week), (3, Some(3), 1));
    assert_eq!(w.skills[0].placed, 2.0);
    // 475 h on the bench over the horizon make 9 holders, capped at the 5 people accompanied.
    assert_eq!(w.skills[0].line_hours, 475.0);
    assert_eq!(w.skills[0].holders_possible, 5.0);
    // Both placements are permanent: lasting employment; nobody else leaves.
    let c = &w.categories;
    assert_eq!(
        (c.exits, c.placements, c.lasting, c.other),
        (2.0, 2.0, 2.0, 0.0)
    );
    let text = triplan::report::text(&inst(), &s);
    assert!(text.contains("Pathways to work"), "{text}");
    assert!(text.contains("Logistics firm"), "{text}");
    let json = triplan::report::json(&inst(), &s);
    assert_eq!(json["pathways_to_work"]["openings"][0]["placed"], 2.0);
}

/// With 200 hours per holder the candidates, named in week 1 (the opening's 2 weeks of
/// notice before week 3), hold the skill only if week 1's 152 h made them: 0.76 holders, no
/// placement. Named in week 3 (no notice), the 391 h of weeks 1-3 make 1.955: one placement.
#[test]
fn the_hours_on_the_line_by_the_naming_week_bound_the_holders() {
    let mut i = inst();
    i.plant.skills[0].hours = 200.0;
    let s = solved(&i, false);
    assert!(
        (s.objective.unwrap() - 8750.0).abs() < 1e-6,
        "{:?}",
        s.objective
    );
    assert_eq!(s.plan.as_ref().unwrap().placed[0], 0.0);
    i.plant.openings[0].notice_weeks = 0;
    let s = solved(&i, false);
    assert!(
        (s.objective.unwrap() - 8650.0).abs() < 1e-6,
        "{:?}",
        s.objective
    );
    let plan = s.plan.as_ref().unwrap();
    assert_eq!(plan.placed[0], 1.0);
    let w = s.check.as_ref().unwrap().to_work.as_ref().unwrap();
    assert_eq!(w.openings[0].name_by_week, 3);
}

/// The fixture with the opening asking for a training module instead: 4 h in one week, fee
/// `fee`, `seats` a month (the fixture's four weeks are one month), named in week 3. Every
/// week of weeks 1-3 already works step-2 overtime with room left (8 of 20, 0 of 20, 2 of
/// 15 h), so a trainee's 4 h off the line are 4 h more of it at 15 EUR: 60 EUR, plus the fee,
/// against 100 EUR a placement.
fn with_module(fee: &str, seats: &str) -> Instance {
    let dir = copy_fixture("partners-small");
    mutate(
        dir.path(),
        "model.toml",
        "skill = \"sorting\"\ncount",
        "skill = \"forklift\"\ncount",
    );
    mutate(
        dir.path(),
        "model.toml",
        "notice_weeks = 2",
        "notice_weeks = 0",
    );
    append(
        dir.path(),
        "model.toml",
        &format!(
            "\n[[skill]]\nid = \"forklift\"\nhours = 4\nmodule = {{ weeks = 1, cost_eur = {fee}, seats_per_month = {seats} }}\n"
        ),
    );
    load_instance(dir.path()).unwrap()
}

/// Two trainees, both placed: 8,750 - 2 x 100 + 2 x (60 + 10) = 8,690 EUR.
#[test]
fn a_training_module_is_taken_when_a_placement_is_worth_its_hours_and_fee() {
    let i = with_module("10", "2");
    let s = solved(&i, false);
    assert!(
        (s.objective.unwrap() - 8690.0).abs() < 1e-6,
        "{:?}",
        s.objective
    );
    let plan = s.plan.as_ref().unwrap();
    assert_eq!(plan.placed[0], 2.0);
    assert_eq!(plan.trainees.row(1).sum(), 2.0);
    let c = s.check.as_ref().unwrap();
    assert!((c.costs.training_modules - 20.0).abs() < 1e-9);
    let k = &c.to_work.as_ref().unwrap().skills[1];
    assert_eq!(
        (k.trainees, k.training_hours, k.training_fees_eur),
        (2.0, 8.0, 20.0)
    );
    assert_eq!(k.line, None);
    let text = triplan::report::text(&i, &s);
    assert!(
        text.contains("(module of 4 h over 1 week): 2 trainees"),
        "{text}"
    );
}

/// One seat a month: one trainee, one placement, 8,750 - 100 + 70 = 8,720 EUR. A fee of
/// 50 EUR makes a trainee dearer (110 EUR) than a placement is worth: nobody trains.
#[test]
fn the_seats_and_the_fee_bound_the_trainees() {
    let s = solved(&with_module("10", "1"), false);
    assert!(
        (s.objective.unwrap() - 8720.0).abs() < 1e-6,
        "{:?}",
        s.objective
    );
    assert_eq!(s.plan.as_ref().unwrap().placed[0], 1.0);
    let s = solved(&with_module("50", "2"), false);
    assert!(
        (s.objective.unwrap() - 8750.0).abs() < 1e-6,
        "{:?}",
        s.objective
    );
    assert_eq!(s.plan.as_ref().unwrap().trainees.sum(), 0.0);
}

/// The checker recomputes the module rows: a placement without a trainee who ended the
/// module, trainees beyond the seats, and trainee hours the week's paid hours cannot hold.
#[test]
fn the_checker_rejects_placements_without_trainees_and_trainees_beyond_the_seats() {
    let i = with_module("10", "2");
    let s = solved(&i, false);
    let mut plan = s.plan.clone().unwrap();
    plan.trainees.fill(0.0);
    let r = check(&i, &plan, s.objective.unwrap() - 20.0, true);
    let at: Vec<&str> = r.violations.iter().map(|v| v.at.as_str()).collect();
    assert!(
        at.iter()
            .any(|a| a.starts_with("placement_skill[forklift,w3]")),
        "{at:?}"
    );
    let mut plan = s.plan.clone().unwrap();
    plan.trainees[[1, 0]] = 3.0;
    let r = check(&i, &plan, s.objective.unwrap() + 30.0, true);
    let at: Vec<&str> = r.violations.iter().map(|v| v.at.as_str()).collect();
    assert!(
        at.iter()
            .any(|a| a.starts_with("training_seats[forklift,w1]")),
        "{at:?}"
    );
    let mut plan = s.plan.clone().unwrap();
    plan.trainees[[1, 0]] += 50.0;
    let r = check(&i, &plan, s.objective.unwrap() + 500.0, true);
    let at: Vec<&str> = r.violations.iter().map(|v| v.at.as_str()).collect();
    assert!(
        at.iter()
            .any(|a| a.starts_with("worked_within_paid[s,insertion,w1]")),
        "{at:?}"
    );
}

#[test]
fn without_a_value_or_a_target_nothing_pays_for_a_placement_and_the_plan_is_the_old_one() {
    let mut i = inst();
    i.plant.pathway.placement_value_eur = 0.0;
    let s = solved(&i, false);
    assert!((s.objective.unwrap() - 8750.0).abs() < 1e-6);
}

#[test]
fn a_least_number_of_lasting_exits_is_met() {
    let mut i = inst();
    i.plant.pathway.placement_value_eur = 0.0;
    i.plant.pathway.lasting_exits_min = 2.0;
    let s = solved(&i, false);
    let w = s.check.as_ref().unwrap().to_work.as_ref().unwrap();
    assert!(w.categories.lasting >= 2.0 - 1e-9);
    // The two leavers placed meet it at no cost: the optimum stays 8,750 EUR.
    assert!((s.objective.unwrap() - 8750.0).abs() < 1e-6);
}

#[test]
fn the_checker_rejects_placements_beyond_the_exits_or_the_opening() {
    let i = inst();
    let s = solved(&i, false);
    let mut plan = s.plan.clone().unwrap();
    plan.placed[0] = 3.0;
    let r = check(&i, &plan, s.objective.unwrap() - 100.0, true);
    assert!(!r.passed);
    let at: Vec<&str> = r.violations.iter().map(|v| v.at.as_str()).collect();
    assert!(
        at.iter().any(|a| a.starts_with("placement_exits[s,w3]")),
        "{at:?}"
    );
    plan.placed[0] = 4.0;
    let r = check(&i, &plan, s.objective.unwrap() - 200.0, true);
    assert!(
        r.violations
            .iter()
            .any(|v| v.at.contains("above its count")),
        "{:?}",
        r.violations
    );
}

#[test]
fn the_classic_firm_has_no_placements() {
    let free = inst().without_mission();
    assert!(free.plant.openings.is_empty() && free.plant.skills.is_empty());
}

/// `validate` on a copy of the fixture with one edit: exit 2, the file and field named.
fn refused(from: &str, to: &str, needles: &[&str]) {
    let dir = copy_fixture("partners-small");
    mutate(dir.path(), "model.toml", from, to);
    let o = triplan(&["validate", dir.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("model.toml"), "{err}");
    for n in needles {
        assert!(err.contains(n), "expected {n:?} in:\n{err}");
    }
}

#[test]
fn an_opening_for_an_unknown_skill_is_refused() {
    refused(
        "skill = \"sorting\"\ncount",
        "skill = \"welding\"\ncount",
        &["partner[1].opening[1].skill", "welding"],
    );
}

#[test]
fn a_skill_on_an_unknown_line_is_refused() {
    refused(
        "line = \"bench\"\nhours",
        "line = \"press\"\nhours",
        &["skill[1].line", "press"],
    );
}

#[test]
fn a_training_module_with_no_seats_or_a_skill_learnt_nowhere_or_twice_is_refused() {
    let module = "line = \"bench\"\nhours = 50";
    refused(
        module,
        "hours = 50\nmodule = { weeks = 2, cost_eur = 100, seats_per_month = 0 }",
        &["skill[1].module.seats_per_month", "no seats"],
    );
    refused(
        module,
        "hours = 50\nmodule = { weeks = 0.5, seats_per_month = 1 }",
        &["skill[1].module.weeks"],
    );
    refused(module, "hours = 50", &["skill[1]", "no line and no module"]);
    refused(
        module,
        "line = \"bench\"\nhours = 50\nmodule = { weeks = 2, seats_per_month = 1 }",
        &["skill[1].module", "both a line and a module"],
    );
}

#[test]
fn a_skill_of_no_hours_is_refused() {
    refused("hours = 50", "hours = 0", &["skill[1].hours", "above 0"]);
}

#[test]
fn openings_of_no_people_part_people_or_unknown_contracts_are_refused() {
    refused(
        "count = 3",
        "count = 0",
        &["partner[1].opening[1].count", "at least 1"],
    );
    refused("count = 3", "count = 2.5", &["partner[1].opening[1].count"]);
    refused(
        "contract = \"permanent\"",
        "contract = \"forever\"",
        &["partner[1].opening[1].contract", "fixed_6m"],
    );
    refused(
        "week = 3\nskill",
        "week = 0\nskill",
        &["partner[1].opening[1].week"],
    );
}

#[test]
fn a_partner_at_an_unknown_site_or_without_openings_is_refused() {
    refused(
        "sector = \"logistics\"\nsite = \"s\"",
        "sector = \"logistics\"\nsite = \"x\"",
        &["partner[1].site"],
    );
    let dir = copy_fixture("partners-small");
    let path = dir.path().join("model.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let cut = text.find("[[partner.opening]]").unwrap();
    std::fs::write(&path, &text[..cut]).unwrap();
    let o = triplan(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no [[partner.opening]]"),
        "{}",
        stderr(&o)
    );
}

/// The trade-off curve: the plan (2 lasting exits), then one more asked for at a time, each
/// a solved and checked plan whose cost does not fall; it stops at the first target no plan
/// meets (the fixture has 4 people and one opening of 3).
#[test]
fn the_lasting_curve_rises_and_stops_where_no_plan_meets_the_target() {
    let i = inst();
    let s = solved(&i, false);
    let c = triplan::lasting::curve(&i, &s, &RunOptions::default(), 5, 2).unwrap();
    let p = &c.points;
    assert_eq!(p[0].target, None);
    assert_eq!(p[0].lasting, Some(2.0));
    assert_eq!(p[1].target, Some(3.0));
    assert!(p[1].lasting.unwrap() >= 3.0 - 1e-9);
    assert!(p[1].cost_eur.unwrap() >= p[0].cost_eur.unwrap());
    let per = p[1].eur_per_extra_lasting_exit.unwrap();
    let want = (p[1].cost_eur.unwrap() - p[0].cost_eur.unwrap())
        / (p[1].lasting.unwrap() - p[0].lasting.unwrap());
    assert!((per - want).abs() < 1e-9);
    let last = p.last().unwrap();
    assert_eq!(last.status, "infeasible");
    assert!(c.csv().starts_with("target,status,lasting_exits"));
}

/// `solve --out --lasting-curve`: the openings, skills and training tables, the page's
/// pathways section with the curve, the workbook's Pathways sheet.
#[test]
fn the_outputs_show_the_openings_the_skills_the_trainees_and_the_curve() {
    let dir = copy_fixture("partners-small");
    append(
        dir.path(),
        "model.toml",
        "\n[[skill]]\nid = \"forklift\"\nhours = 4\nmodule = { weeks = 2, cost_eur = 10, seats_per_month = 2 }\n\n[[partner]]\nid = \"depot\"\nname = \"Depot\"\nsite = \"s\"\nopening = [{ week = 3, skill = \"forklift\", count = 1, contract = \"short\" }]\n",
    );
    let out = tempfile::tempdir().unwrap();
    let o = triplan(&[
        "solve",
        dir.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--lasting-curve",
        "2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |f: &str| std::fs::read_to_string(out.path().join(f)).unwrap();
    let openings = read("openings.csv");
    assert!(
        openings.starts_with(
            "week,partner,partner_name,skill,contract,exit_week,name_by_week,asked,placed,missed\n"
        ),
        "{openings}"
    );
    assert!(
        openings.contains("3,logistics,Logistics firm,sorting,permanent,3,1,3,"),
        "{openings}"
    );
    assert!(
        openings.contains("3,depot,Depot,forklift,short,3,3,1,"),
        "{openings}"
    );
    let skills = read("skills.csv");
    assert!(skills.contains("forklift,forklift,s,,4,0,2,"), "{skills}");
    assert!(read("training.csv").starts_with("week,skill,site,trainees_starting,hours_in_module"));
    // Cohort A (2 people, tenure 4: entered in week -3) leaves in week 3 after 6 weeks, placed
    // with the logistics firm; cohort B (tenure 1: week 0) and week 3's newcomer stay on.
    let paths = read("paths.csv");
    assert!(
        paths.starts_with("week,site,entered_week,cohort_people,tenure_weeks,people,destination,partner,skill,contract\n"),
        "{paths}"
    );
    assert!(
        paths.contains("3,s,-3,2,6,2,placed,logistics,sorting,permanent\n"),
        "{paths}"
    );
    assert!(
        paths.contains(",s,0,2,5,2,on contract at the end,,,\n"),
        "{paths}"
    );
    assert!(
        paths.contains(",s,3,1,2,1,on contract at the end,,,\n"),
        "{paths}"
    );
    let page = read("report.html");
    for id in [
        "id=\"pathways\"",
        "id=\"paths\"",
        "id=\"openings\"",
        "id=\"skills\"",
        "id=\"exit-categories\"",
        "id=\"lasting-curve\"",
        "<svg",
    ] {
        assert!(page.contains(id), "{id} missing from the page");
    }
    assert!(read("plan.json").contains("\"openings\""));
    assert!(out.path().join("plan.xlsx").exists());
}

/// The funders' categories add up to the exits: with no placement, the 2 exits of the
/// fixture go 37 % to jobs (half lasting), 25 % to training, the rest nowhere.
#[test]
fn the_funders_categories_split_the_exits_that_are_not_placements() {
    let mut i = inst();
    let s = solved(&i, false);
    let mut plan = s.plan.clone().unwrap();
    plan.placed[0] = 0.0;
    i.plant.pathway.exit_to_training_rate = 0.25;
    let paths = &s.check.as_ref().unwrap().pathways;
    let k = triplan::check::categories(&i, &plan, paths);
    let near = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(near(k.exits, 2.0) && near(k.placements, 0.0));
    assert!(near(k.lasting, 0.37) && near(k.transitional, 0.37), "{k:?}");
    assert!(near(k.positive, 0.5) && near(k.other, 0.76), "{k:?}");
    assert!(near(
        k.lasting + k.transitional + k.positive + k.other,
        k.exits
    ));
}

#[test]
fn exits_to_training_and_to_employment_beyond_every_exit_are_refused() {
    refused(
        "placement_value_eur = 100",
        "placement_value_eur = 100\nexit_to_training_rate = 0.7",
        &["pathway.exit_to_training_rate", "at most 0.63"],
    );
}

/// The fixture with its opening moved from the model into `openings.csv` (the instance's
/// `openings_csv`), written `text`.
fn with_openings_table(text: &str) -> tempfile::TempDir {
    let dir = copy_fixture("partners-small");
    let path = dir.path().join("model.toml");
    let model = std::fs::read_to_string(&path).unwrap();
    let cut = model.find("[[partner.opening]]").unwrap();
    std::fs::write(&path, &model[..cut]).unwrap();
    std::fs::write(dir.path().join("openings.csv"), text).unwrap();
    append(
        dir.path(),
        "instance.toml",
        "openings_csv = \"openings.csv\"\n",
    );
    dir
}

/// The same opening from a table, with `,` or `;` and the columns in any order: the same
/// plan, 8,550 EUR.
#[test]
fn openings_read_from_a_table_plan_as_the_models_own() {
    for text in [
        "partner,week,skill,count,contract,notice_weeks\nlogistics,3,sorting,3,permanent,2\n",
        "# openings of the cluster\nskill;contract;partner;count;week;notice_weeks\nsorting;permanent;logistics;3;3;2\n",
    ] {
        let dir = with_openings_table(text);
        let i = load_instance(dir.path()).unwrap();
        assert_eq!(i.plant.openings.len(), 1);
        let s = solved(&i, false);
        assert!((s.objective.unwrap() - 8550.0).abs() < 1e-6, "{text}: {:?}", s.objective);
    }
}

/// Bad rows of the openings table: exit 2, the file, the line and the column named.
#[test]
fn bad_rows_of_the_openings_table_are_refused_naming_the_line_and_column() {
    let header = "partner,week,skill,count,contract,notice_weeks\n";
    for (row, needles) in [
        (
            "carrier,3,sorting,3,permanent,2",
            &["openings.csv:2: partner", "carrier"][..],
        ),
        (
            "logistics,2014-06,sorting,3,permanent,2",
            &["openings.csv:2: week", "no first_monday"],
        ),
        (
            "logistics,3,welding,3,permanent,2",
            &["openings.csv:2: skill", "welding"],
        ),
        (
            "logistics,3,sorting,three,permanent,2",
            &["openings.csv:2: count", "three"],
        ),
        (
            "logistics,3,sorting,3,forever,2",
            &["openings.csv:2: contract", "fixed_6m"],
        ),
        (
            "logistics,0,sorting,3,permanent,2",
            &["openings.csv:2: week"],
        ),
    ] {
        let dir = with_openings_table(&format!("{header}{row}\n"));
        let o = triplan(&["validate", dir.path().to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{row}: {err}");
        for n in needles {
            assert!(err.contains(n), "{row}: expected {n:?} in:\n{err}");
        }
    }
    let dir = with_openings_table("partner,week,skill,count\nlogistics,3,sorting,3\n");
    let err = stderr(&triplan(&["validate", dir.path().to_str().unwrap()]));
    assert!(err.contains("missing contract, notice_weeks"), "{err}");
    // A partner with no opening anywhere: the model and the table named.
    let dir = with_openings_table("partner,week,skill,count,contract,notice_weeks\n");
    let err = stderr(&triplan(&["validate", dir.path().to_str().unwrap()]));
    assert!(
        err.contains("no [[partner.opening]] and no row in"),
        "{err}"
    );
}

/// The openings from the `openings` sheet of a workbook (`openings_csv = "openings.xlsx"`),
/// numbers as numbers: the same plan.
#[test]
fn openings_read_from_a_workbook_sheet_plan_as_the_models_own() {
    let dir = with_openings_table("");
    std::fs::remove_file(dir.path().join("openings.csv")).unwrap();
    mutate(
        dir.path(),
        "instance.toml",
        "openings_csv = \"openings.csv\"",
        "openings_csv = \"openings.xlsx\"",
    );
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("openings").unwrap();
    for (c, h) in triplan::input::OPENING_COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "logistics").unwrap();
    ws.write_number(1, 1, 3.0).unwrap();
    ws.write_string(1, 2, "sorting").unwrap();
    ws.write_number(1, 3, 3.0).unwrap();
    ws.write_string(1, 4, "permanent").unwrap();
    ws.write_number(1, 5, 2.0).unwrap();
    wb.save(dir.path().join("openings.xlsx")).unwrap();
    let s = solved(&load_instance(dir.path()).unwrap(), false);
    assert!(
        (s.objective.unwrap() - 8550.0).abs() < 1e-6,
        "{:?}",
        s.objective
    );
}

/// The modulated part of the aid tied to outcomes (`social.aid_modulation_lasting_exits`):
/// 10 % of a base aid of 3,640 EUR per post-year on 10 agreed posts over the fixture's 4 weeks
/// is 280 EUR in full, earned pro rata of the lasting exits up to 10 (28 EUR each) and at
/// most on the hours paid (0.2 EUR an hour). The plan's 2 lasting exits earn 56 EUR, below
/// the 0.2 EUR on its 518 paid hours; the checker refuses more.
#[test]
fn the_modulated_aid_is_earned_by_the_lasting_exits() {
    let mut i = inst();
    let soc = &mut i.plant.social;
    soc.funded_posts = Some(10.0);
    soc.aid_eur_per_post_year = 3640.0;
    soc.aid_modulation = 0.1;
    soc.aid_modulation_lasting_exits = Some(10.0);
    let s = solved(&i, false);
    let plan = s.plan.as_ref().unwrap();
    let c = s.check.as_ref().unwrap();
    let paid: f64 = plan.paid_h.slice(ndarray::s![.., 1, ..]).sum();
    let lasting = c.to_work.as_ref().unwrap().categories.lasting;
    assert!((lasting - 2.0).abs() < 1e-9);
    let want = (0.2 * paid).min(28.0 * lasting);
    assert!(
        (plan.aid_modulation_eur - 56.0).abs() < 1e-6,
        "{}",
        plan.aid_modulation_eur
    );
    assert!((plan.aid_modulation_eur - want).abs() < 1e-6);
    assert!((c.costs.state_aid - (2.0 * paid + 56.0)).abs() < 1e-6);
    let kpi = &c.kpis.social.aid;
    assert_eq!(kpi.modulated_by_outcomes_eur.map(|m| m.round()), Some(56.0));
    let mut more = plan.clone();
    more.aid_modulation_eur = 80.0;
    let r = check(&i, &more, s.objective.unwrap() - 24.0, true);
    let at: Vec<&str> = r.violations.iter().map(|v| v.at.as_str()).collect();
    assert!(at.contains(&"aid_modulation_outcomes"), "{at:?}");
    // Paid flat on the hours instead, the modulated part is 0.2 EUR on every paid hour.
    i.plant.social.aid_modulation_lasting_exits = None;
    let s = solved(&i, false);
    assert_eq!(s.plan.as_ref().unwrap().aid_modulation_eur, 0.0);
}

#[test]
fn a_modulation_tied_to_outcomes_without_agreed_posts_is_refused() {
    refused(
        "[social]\n",
        "[social]\naid_modulation = 0.1\naid_modulation_lasting_exits = 5\n",
        &["social.aid_modulation_lasting_exits", "social.funded_posts"],
    );
}
