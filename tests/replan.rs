//! Re-planning with actuals: a hand-computed past on the tiny fixture, the checker's mutation
//! tests on it, the rolling replay of the tutorial's eight weeks, and annual rules that count
//! the past.

mod common;

use common::*;
use std::path::Path;
use triplan::replan;
use triplan::{BuildOptions, Instance, RunOptions, Solved, Status};

const HEADER: &str = "week,quantity,site,id,detail,value\n";

fn lp() -> RunOptions {
    RunOptions {
        build: BuildOptions {
            relax: true,
            ..Default::default()
        },
        shadow_prices: false,
        ..Default::default()
    }
}

/// Loads `dir` with the actuals `csv` written next to it.
fn with_csv(dir: &Path, csv: &str) -> Instance {
    let file = dir.join("actuals.csv");
    std::fs::write(&file, csv).unwrap();
    replan::load(dir, Some(&file), false).unwrap()
}

/// Whole people and truckloads, as the rolling replay executes them (an executed past holds
/// whole persons).
fn mip() -> RunOptions {
    RunOptions {
        shadow_prices: false,
        ..Default::default()
    }
}

fn solved(inst: &Instance) -> Solved {
    solved_with(inst, &lp())
}

fn solved_with(inst: &Instance, opts: &RunOptions) -> Solved {
    let s = triplan::run(inst, opts).unwrap();
    assert_eq!(s.status, Status::Optimal);
    let c = s.check.as_ref().unwrap();
    assert!(c.passed, "{:?}", c.violations);
    s
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// The tiny fixture (one line, 1 t/h with a crew of 2, 10 t a week for two weeks, the
/// external contractor at 500 EUR/t; its 5 permanent staff have a contract of 0 h, so every
/// hour is overtime within the yearly quota of 220 h, 42.31 h for 5 persons over 2 weeks) with
/// a past week 1: 12 t collected, 10 t processed, 4 t in the yard at the opening count and 5 t
/// at the end of week 1, nothing handed to the contractor. The books say 4 + 12 - 10 = 6 t:
/// every flow of the week is given, so the count adjustment is -1 t. Week 1 used 20 of the quota's
/// hours, which leaves 22.31 h, 11.15 t, for week 2; the rest of its 15 t (the closing stock
/// may not exceed the model's opening, 0) goes to the contractor.
const TINY_PAST: &str = "0,intake_stock,s,mixed,,4\n\
                         1,intake,,a,mixed,12\n\
                         1,processed,s,bench,mixed,10\n\
                         1,external,s,mixed,,0\n\
                         1,intake_stock,s,mixed,,5\n";

#[test]
fn the_past_is_the_actuals_and_a_count_shows_its_adjustment() {
    let dir = copy_fixture("tiny");
    let forecast = solved(&triplan::load_instance(dir.path()).unwrap());
    let fp = forecast.plan.as_ref().unwrap();
    assert!(
        close(fp.processed_t.sum() + fp.external_t.sum(), 20.0),
        "forecast: 20 t leave"
    );

    let inst = with_csv(dir.path(), &format!("{HEADER}{TINY_PAST}"));
    let a = inst.actuals.as_ref().unwrap();
    assert_eq!(a.past, 1);
    assert_eq!(
        inst.plant.intake_stock[[0, 0]].opening_t,
        4.0,
        "week 0 count is the opening"
    );
    let s = solved(&inst);
    let p = s.plan.as_ref().unwrap();
    assert!(
        close(p.delivered_t[[0, 0, 0, 0]], 12.0),
        "actual intake replaces the forecast"
    );
    assert!(
        close(p.delivered_t[[0, 0, 0, 1]], 10.0),
        "the future keeps the forecast"
    );
    assert!(close(p.processed_t[[0, 0, 0, 0]], 10.0));
    assert!(close(p.external_t[[0, 0, 0]], 0.0));
    assert!(
        close(p.intake_stock_t[[0, 0, 0]], 5.0),
        "the stock is the count"
    );
    assert!(
        close(p.intake_adjust_t[[0, 0, 0]], -1.0),
        "count 5 less book 6"
    );
    assert!(
        close(p.intake_adjust_t[[0, 0, 1]], 0.0),
        "week 2 is not counted"
    );
    let quota = 220.0 / 52.0 * 2.0 * 5.0;
    assert!(
        close(p.processed_t[[0, 0, 0, 1]], (quota - 20.0) / 2.0),
        "the quota counts week 1"
    );
    let out = p.processed_t[[0, 0, 0, 1]] + p.external_t[[0, 0, 1]];
    assert!(
        close(out, 15.0),
        "the 5 t left and the 10 t of week 2 leave: {out}"
    );

    // Only the opening count: 4 t more leave the site than in the forecast plan.
    let only_opening = with_csv(dir.path(), &format!("{HEADER}0,intake_stock,s,mixed,,4\n"));
    assert_eq!(only_opening.actuals.as_ref().unwrap().past, 0);
    let s0 = solved(&only_opening);
    let p0 = s0.plan.as_ref().unwrap();
    let gone = |p: &triplan::Plan| p.processed_t.sum() + p.external_t.sum();
    assert!(
        close(gone(p0), gone(fp) + 4.0),
        "{} vs {}",
        gone(p0),
        gone(fp)
    );

    // The report lists what is actual and what reconstructed.
    let pvp = replan::past_vs_plan(&inst, &s).unwrap();
    let actual: Vec<&str> = (pvp.quantities.iter())
        .filter(|q| !q.actual_weeks.is_empty())
        .map(|q| q.quantity)
        .collect();
    assert_eq!(actual, ["intake", "processed", "external", "intake_stock"]);
    assert!(pvp.opening_counted);
    assert!(close(pvp.to_date.received_t, 12.0));
    assert!(close(pvp.to_date.processed_t, 10.0));
    assert!(close(
        pvp.projected.processed_t,
        10.0 + (quota - 20.0) / 2.0
    ));
    assert!(close(pvp.count_adjustment_t[0], -1.0));
    let text = replan::text(&pvp);
    assert!(
        text.contains("reconstructed: shipped, output_stock"),
        "{text}"
    );
}

/// One number of a checked plan changed: the checker fails it under the named check.
#[test]
fn the_checker_rejects_a_plan_whose_past_is_not_the_actuals() {
    let dir = copy_fixture("tiny");
    let inst = with_csv(
        dir.path(),
        &format!("{HEADER}{TINY_PAST}1,persons,s,permanent,,5\n"),
    );
    let s = solved(&inst);
    let plan = s.plan.clone().unwrap();
    let obj = s.objective.unwrap();
    let fails = |p: &triplan::Plan, check: &str| {
        let r = triplan::check(&inst, p, obj, false);
        assert!(!r.passed, "{check}: the mutated plan passed");
        assert!(
            r.violations.iter().any(|v| v.check == check),
            "expected a {check} violation in {:?}",
            r.violations
        );
    };
    assert!(triplan::check(&inst, &plan, obj, false).passed);

    // Processed in week 1 moved from the actual (and the stock with it, so that the balance
    // still holds): past_flows catches it.
    let mut p = plan.clone();
    p.processed_t[[0, 0, 0, 0]] -= 0.5;
    p.intake_stock_t[[0, 0, 0]] += 0.5;
    fails(&p, "past_flows");
    // The stock at the counted week is not the count (the adjustment keeps the balance).
    let mut p = plan.clone();
    p.intake_stock_t[[0, 0, 0]] += 0.5;
    p.intake_adjust_t[[0, 0, 0]] += 0.5;
    fails(&p, "stock_count");
    // An adjustment in a week nobody counted.
    let mut p = plan.clone();
    p.intake_adjust_t[[0, 0, 1]] = 0.3;
    p.intake_stock_t[[0, 0, 1]] += 0.3;
    fails(&p, "count_adjustment");
    // The adjustment alone changed: the balance no longer holds.
    let mut p = plan.clone();
    p.intake_adjust_t[[0, 0, 0]] += 0.5;
    fails(&p, "intake_balance");
    // Persons of the past.
    let mut p = plan.clone();
    p.staff_n[[0, 0, 0]] += 1.0;
    fails(&p, "past_staffing");
    // Deliveries that are not the actual intake.
    let mut p = plan.clone();
    p.delivered_t[[0, 0, 0, 0]] -= 1.0;
    fails(&p, "past_intake");
}

/// The tutorial's forecast with a reproducible deviation: +-10 % by a fixed pattern, and flat
/// screens 30 % down in weeks 3-5.
fn deviating_intake(forecast: &Instance) -> String {
    let p = &forecast.plant;
    let mut csv = String::from(HEADER);
    for t in 0..forecast.weeks {
        for (k, stream) in p.streams.iter().enumerate() {
            let noise = 1.0 + 0.1 * (((t * 7 + k * 3) % 11) as f64 / 5.0 - 1.0);
            let drop = if stream.named.id == "flat_screens" && (2..5).contains(&t) {
                0.7
            } else {
                1.0
            };
            let v = (forecast.supply_t[[0, k, t]] * noise * drop * 1000.0).round() / 1000.0;
            csv += &format!("{},intake,,county,{},{v}\n", t + 1, stream.named.id);
        }
    }
    csv
}

#[test]
fn a_rolling_replay_of_the_tutorial_is_checked_every_week_and_replays_identically() {
    let dir = root().join("instances/tutorial");
    let forecast = replan::load(&dir, None, true).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("actual.csv");
    std::fs::write(&file, deviating_intake(&forecast)).unwrap();
    let actual = replan::read_actuals(&forecast, &file).unwrap();
    assert_eq!(actual.past, 8);
    let mut seen = Vec::new();
    let r = replan::rolling(&forecast, &actual, &mip(), |s| seen.push(s.week)).unwrap();
    assert_eq!(seen, (1..=8).collect::<Vec<_>>());
    assert!(r.first_checked);
    for s in &r.steps {
        assert!(s.checked, "week {}: a plan the checker rejected", s.week);
        assert_eq!(s.plan_status, Status::Optimal);
        assert_eq!(s.executed_status, Status::Optimal);
        assert!(close(
            s.actual_t,
            actual
                .intake
                .values
                .slice(ndarray::s![.., .., s.week - 1])
                .sum()
        ));
    }
    assert!(
        r.steps.iter().any(|s| !close(s.actual_t, s.forecast_t)),
        "intake deviates"
    );
    let (last_inst, last) = r.last.as_ref().unwrap();
    let lp_ = last.plan.as_ref().unwrap();
    // The last plan's past is the actual intake.
    for t in 0..8 {
        let got: f64 = lp_.delivered_t.slice(ndarray::s![.., .., .., t]).sum();
        let want: f64 = actual.intake.values.slice(ndarray::s![.., .., t]).sum();
        assert!(close(got, want), "week {}: {got} vs {want}", t + 1);
    }
    assert_eq!(last_inst.actuals.as_ref().unwrap().past, 8);

    // The executed past written as actuals replays identically.
    let executed = r.executed.as_ref().unwrap();
    let exe_file = tmp.path().join("actuals-executed.csv");
    std::fs::write(&exe_file, replan::actuals_csv(&forecast, executed)).unwrap();
    let replay = replan::load(&dir, Some(&exe_file), false).unwrap();
    let rs = solved_with(&replay, &mip());
    let rp = rs.plan.as_ref().unwrap();
    assert!(close(rs.objective.unwrap(), r.executed_eur.unwrap()));
    for (name, a, b) in [(
        "processed",
        &rp.processed_t.sum_axis(ndarray::Axis(2)),
        &lp_.processed_t.sum_axis(ndarray::Axis(2)),
    )] {
        for (x, y) in a.iter().zip(b.iter()) {
            assert!(close(*x, *y), "{name}: {x} vs {y}");
        }
    }
    for (x, y) in rp.shipped_t.iter().zip(lp_.shipped_t.iter()) {
        assert!(close(*x, *y), "shipped: {x} vs {y}");
    }
    for (x, y) in rp.intake_stock_t.iter().zip(lp_.intake_stock_t.iter()) {
        assert!(close(*x, *y), "intake stock: {x} vs {y}");
    }
    for (x, y) in rp.staff_n.iter().zip(lp_.staff_n.iter()) {
        assert!(close(*x, *y), "persons: {x} vs {y}");
    }
    let csv = replan::rolling_csv(&r, forecast.first_monday);
    assert_eq!(csv.lines().count(), 9, "a header and one row per week");
    // The tutorial starts on Monday 2026-01-05 (ISO week 2 of 2026).
    assert!(csv.starts_with("week,iso_week,date,plan_status,"), "{csv}");
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("1,2026-W02,2026-01-05,"),
        "{csv}"
    );
    assert!(
        csv.lines()
            .nth(8)
            .unwrap()
            .starts_with("8,2026-W09,2026-02-23,"),
        "{csv}"
    );
    assert!(!replan::rolling_csv(&r, None).contains("iso_week"));
}

/// The tiny fixture with a recovery target of 50 % for its category and an incinerator that
/// recovers residual at 80 EUR/t (the landfill costs 50 EUR/t).
fn tiny_with_target() -> tempfile::TempDir {
    let dir = copy_fixture("tiny");
    mutate(
        dir.path(),
        "model.toml",
        "id = \"small\"",
        "id = \"small\"\nrecovery_target = 0.5",
    );
    append(
        dir.path(),
        "model.toml",
        "\n[[outlet]]\nid = \"incinerator\"\ntreatment = \"energy_recovery\"\nprices_eur_per_t = { residual = -80 }\ntransport_eur_per_t = { s = 10 }\n",
    );
    dir
}

fn incinerated(s: &Solved, week: usize) -> f64 {
    let p = s.plan.as_ref().unwrap();
    p.shipped_t.slice(ndarray::s![0, 2, .., week]).sum()
}

#[test]
fn the_recovery_target_counts_the_past() {
    let dir = tiny_with_target();
    // Forecast: 20 t processed, 12 t of metal recovered, 60 % >= 50 %: residual to landfill.
    let forecast = solved(&triplan::load_instance(dir.path()).unwrap());
    assert!(close(
        incinerated(&forecast, 0) + incinerated(&forecast, 1),
        0.0
    ));
    // Week 1 went to the external contractor (nothing recovered): to reach 50 % of 20 t,
    // week 2 recovers 10 t of its 10 t: 6 t of metal and all 4 t of residual incinerated.
    let past = format!(
        "{HEADER}1,intake,,a,mixed,10\n1,external,s,mixed,,10\n1,processed,s,bench,mixed,0\n"
    );
    let inst = with_csv(dir.path(), &past);
    let s = solved(&inst);
    assert!(close(incinerated(&s, 1), 4.0), "{}", incinerated(&s, 1));
    let pvp = replan::past_vs_plan(&inst, &s).unwrap();
    let small = pvp.targets.iter().find(|t| t.scope == "small").unwrap();
    assert_eq!(small.to_date, Some(0.0));
    assert!(close(small.projected.unwrap(), 0.5));
}

#[test]
fn replan_on_the_command_line_writes_the_plan_and_the_past() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("plan");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_triplan"))
        .args(["replan", "instances/tutorial", "--relax", "--out"])
        .arg(&dir)
        .args(["--actuals", "instances/tutorial/actuals.csv"])
        .current_dir(root())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        text.contains("Past vs plan")
            && text.contains("weeks 1-3 (Monday 2026-01-05 to Sunday 2026-01-25) are the past"),
        "{text}"
    );
    assert!(text.contains("intake stock -0.50"), "{text}");
    let adj = std::fs::read_to_string(dir.join("count_adjustments.csv")).unwrap();
    assert!(
        adj.contains("2,workshop,intake,small_appliances,-0.5"),
        "{adj}"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("replan.json")).unwrap()).unwrap();
    assert_eq!(doc["past_weeks"], 3);
    // The page: the past beside the plan, and a line after week 3 in the weekly charts.
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(
        html.contains("<section id=\"past\">"),
        "a past-vs-plan section"
    );
    assert!(html.contains("Weeks 1-3 (Monday 2026-01-05 to Sunday 2026-01-25) are fixed"));
    assert!(html.contains(
        "<td class=\"l\">count adjustments (count less book stock)</td><td>intake -0.5 t"
    ));
    let week4 = html.matches("<line class=\"now\"").count();
    assert!(week4 >= 5, "the divider in every weekly chart: {week4}");
    if common::browser::have_chromium() {
        let art = root().join("target/test-artefacts");
        std::fs::create_dir_all(&art).unwrap();
        let page = art.join("replan.html");
        std::fs::write(&page, &html).unwrap();
        let charts = html.matches("<svg class=\"chart\"").count();
        common::browser::render(&page, &art.join("replan.png"), charts);
    }
    // A plan without actuals has neither.
    let plain = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_triplan"))
        .args(["solve", "instances/tutorial", "--relax", "--out"])
        .arg(plain.path().join("p"))
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let html = std::fs::read_to_string(plain.path().join("p/report.html")).unwrap();
    assert!(!html.contains("id=\"past\"") && !html.contains("class=\"now\""));
    // Without actuals, replan says what it needs.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_triplan"))
        .args(["replan", "instances/tutorial", "--relax"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--actuals FILE"));
}

/// A count whose week leaves a flow to the model (FORMULATION §4.24): the reconstructed flows
/// meet it, with no adjustment. An output count after week 0 with the shipments left to the
/// model made the re-plan unbounded (a free adjustment paid for endless sales); a count of
/// the intake stock whose hand-over is not given now reconstructs the hand-over.
#[test]
fn a_count_with_a_flow_left_to_the_model_is_met_by_that_flow() {
    let tmp = tempfile::tempdir().unwrap();
    let actuals = tmp.path().join("actuals.csv");
    let mut csv = std::fs::read_to_string(root().join("instances/tutorial/actuals.csv")).unwrap();
    csv += "2,output_stock,workshop,ferrous/small_equipment,,1.5\n";
    std::fs::write(&actuals, &csv).unwrap();
    let out = tmp.path().join("out");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_triplan"))
        .args(["replan", "instances/tutorial", "--relax", "--actuals"])
        .arg(&actuals)
        .arg("--out")
        .arg(&out)
        .current_dir(root())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let adj = std::fs::read_to_string(out.join("count_adjustments.csv")).unwrap();
    let output: Vec<&str> = adj.lines().filter(|l| l.contains(",output,")).collect();
    assert!(
        !output.is_empty() && output.iter().all(|l| l.ends_with(",0")),
        "{adj}"
    );
    // The intake count of week 2, its hand-over left to the model: met by handing over.
    let csv = csv.replace("2,external,workshop,small_appliances,,0\n", "");
    std::fs::write(&actuals, &csv).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_triplan"))
        .args([
            "replan",
            "instances/tutorial",
            "--relax",
            "--force",
            "--actuals",
        ])
        .arg(&actuals)
        .arg("--out")
        .arg(&out)
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let adj = std::fs::read_to_string(out.join("count_adjustments.csv")).unwrap();
    assert!(
        adj.contains("2,workshop,intake,small_appliances,0\n"),
        "{adj}"
    );
    assert!(!adj.contains("-0"), "{adj}");
}

#[test]
fn without_actuals_a_count_adjustment_breaks_the_balance() {
    let dir = copy_fixture("tiny");
    let inst = triplan::load_instance(dir.path()).unwrap();
    let s = solved(&inst);
    let mut p = s.plan.clone().unwrap();
    p.intake_adjust_t[[0, 0, 0]] = 1.0;
    p.intake_stock_t[[0, 0, 0]] += 1.0;
    let r = triplan::check(&inst, &p, s.objective.unwrap(), false);
    assert!(!r.passed);
    assert!(
        r.violations.iter().any(|v| v.check == "intake_balance"),
        "{:?}",
        r.violations
    );
    // And the unchanged plan passes with the same number of checks as before actuals existed.
    let r0 = triplan::check(&inst, s.plan.as_ref().unwrap(), s.objective.unwrap(), false);
    assert!(r0.passed);
    assert_eq!(r0.checks, r.checks);
}

#[test]
fn rolling_on_the_command_line_writes_its_files_and_the_executed_past_replays() {
    let tmp = tempfile::tempdir().unwrap();
    let forecast = replan::load(&root().join("instances/tutorial"), None, true).unwrap();
    let file = tmp.path().join("actual.csv");
    std::fs::write(&file, deviating_intake(&forecast)).unwrap();
    let out = tmp.path().join("roll");
    let run = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_triplan"))
            .args(args)
            .current_dir(root())
            .output()
            .unwrap()
    };
    let o = run(&[
        "replan".as_ref(),
        "instances/tutorial".as_ref(),
        "--rolling".as_ref(),
        "--actuals".as_ref(),
        file.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        text.contains("Deviation summary (8 weeks replayed"),
        "{text}"
    );
    assert!(text.contains("solves checked:       9 of 9"), "{text}");
    let rolling = std::fs::read_to_string(out.join("rolling.csv")).unwrap();
    assert_eq!(rolling.lines().count(), 9);
    let executed = out.join("actuals-executed.csv");
    let o = run(&[
        "replan".as_ref(),
        "instances/tutorial".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--actuals".as_ref(),
        executed.as_os_str(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let replayed = doc["objective_eur"].as_f64().unwrap();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("rolling.json")).unwrap()).unwrap();
    let executed_eur = summary["executed_eur"].as_f64().unwrap();
    assert!(
        close(replayed, executed_eur),
        "{replayed} vs {executed_eur}"
    );
    assert_eq!(doc["past_vs_plan"]["past_weeks"], 8);
    // --rolling without --out is a usage error.
    let o = run(&[
        "replan".as_ref(),
        "instances/tutorial".as_ref(),
        "--rolling".as_ref(),
        "--actuals".as_ref(),
        file.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

/// Absence hours of a past week replace the absenteeism rate that week and come off the hours
/// at work: 150 h of insertion absence in week 1 of the tutorial.
#[test]
fn absence_hours_lower_the_hours_at_work_of_their_week() {
    use triplan::plant::{SiteId, StaffKind};
    let dir = root().join("instances/tutorial");
    let forecast = triplan::load_instance(&dir).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a.csv");
    std::fs::write(
        &file,
        format!("{HEADER}1,absence_h,workshop,insertion,,150\n"),
    )
    .unwrap();
    let inst = replan::load(&dir, Some(&file), false).unwrap();
    let (s, k) = (SiteId(0), StaffKind::Insertion);
    assert_eq!(inst.absence_h(s, k, 0), Some(150.0));
    assert_eq!(inst.absence_h(s, k, 1), None);
    let g = inst.plant.staff(s, k).unwrap();
    // The tutorial has no absenteeism rate: presence is the same; only the 150 h come off.
    assert_eq!(g.absenteeism, 0.0);
    assert!(close(inst.presence(s, k, 0), forecast.presence(s, k, 0)));
    let sv = solved(&inst);
    let p = sv.plan.as_ref().unwrap();
    let ki = k.index();
    let worked: f64 = p.line_hours.slice(ndarray::s![ki, .., .., 0]).sum();
    let overtime: f64 = p.overtime_h.slice(ndarray::s![0, ki, .., 0]).sum();
    let at_work = g.min_h_per_week * inst.presence(s, k, 0) * p.staff_n[[0, ki, 0]] + overtime;
    // Training hours and the ramp-up of new workers use hours at work too: at most what is left.
    assert!(
        worked <= at_work - 150.0 + 1e-6,
        "{worked} > {at_work} - 150"
    );
    let fs = solved(&forecast);
    let fworked: f64 = fs
        .plan
        .as_ref()
        .unwrap()
        .line_hours
        .slice(ndarray::s![ki, .., .., 0])
        .sum();
    assert!(
        worked < fworked,
        "150 h absent: {worked} h worked, {fworked} h planned"
    );

    // With an absenteeism rate, the week's given hours replace it: presence without the rate
    // in week 1 only.
    let mut rated = forecast.clone();
    rated.plant.staff[[0, ki]].as_mut().unwrap().absenteeism = 0.05;
    let a = replan::read_actuals(&rated, &file).unwrap();
    let with = replan::with_actuals(&rated, a);
    assert!(close(
        with.presence(s, k, 0),
        rated.presence(s, k, 0) / 0.95
    ));
    assert!(close(with.presence(s, k, 1), rated.presence(s, k, 1)));
}

/// A sweep's tonnage change is a change of the forecast: the weeks the actuals give keep what
/// was collected, the weeks after them are scaled, and the plan passes the checker (which
/// compares deliveries with the actual intake).
#[test]
fn a_tonnage_change_scales_the_forecast_not_the_past() {
    let dir = root().join("instances/tutorial");
    let file = dir.join("actuals.csv");
    let forecast = replan::load(&dir, None, true).unwrap();
    let mut inst = replan::load(&dir, Some(&file), false).unwrap();
    let before = inst.supply_t.clone();
    let change =
        triplan::params::typed::resolve(&inst, "tonnage", triplan::params::Op::Scale(1.2), None)
            .unwrap();
    triplan::params::typed::apply(&mut inst, &change);
    let past = inst.actuals.as_ref().unwrap().past;
    assert_eq!(past, 3);
    for ((a, k, t), v) in inst.supply_t.indexed_iter() {
        if t < past {
            assert_eq!(*v, before[[a, k, t]], "week {} is the past", t + 1);
        } else {
            assert!(
                close(*v, 1.2 * forecast.supply_t[[a, k, t]]),
                "week {}",
                t + 1
            );
        }
    }
    let s = triplan::run(&inst, &lp()).unwrap();
    assert_eq!(s.status, Status::Optimal);
    assert!(s.check.as_ref().unwrap().passed);
}
