//! `triplan replan`: the plan of the rest of the horizon with the past fixed to its actuals,
//! printed and written like `solve`'s, with a "past vs plan" block; or, with `--rolling`, a
//! week-by-week replay of the weeks whose actual intake is given.

use super::{emit, PlanOutputs, SolverArgs};
use clap::ValueEnum;
use std::path::PathBuf;
use triplan::output::{register, write_atomic, OutDir};
use triplan::{Error, RunOptions, Status};

/// Output format on standard output.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Arguments of `triplan replan`.
#[derive(clap::Args)]
pub struct Args {
    /// Instance directory (holding instance.toml) or instance file.
    instance: PathBuf,
    /// Actuals table (CSV, or an .xlsx workbook with an `actuals` sheet), replacing the one the
    /// instance names (README "Actuals").
    #[arg(long)]
    actuals: Option<PathBuf>,
    /// Replay week by week the weeks whose actual intake --actuals gives: each Monday's plan,
    /// then the week executed; writes rolling.csv and actuals-executed.csv into --out.
    #[arg(long, requires = "actuals", requires = "out")]
    rolling: bool,
    /// Write the plan's tables (CSV), plan.json and replan.json into this directory (with
    /// --rolling: rolling.csv, actuals-executed.csv, rolling.json).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write a self-contained HTML report of the plan to this file.
    #[arg(long, conflicts_with = "rolling")]
    html: Option<PathBuf>,
    /// Write the plan's tables as an Excel workbook to this file.
    #[arg(long, conflicts_with = "rolling")]
    xlsx: Option<PathBuf>,
    /// Output format on standard output.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    #[command(flatten)]
    solver: SolverArgs,
    /// Replace existing files and another run's results (see "Outputs" in the README).
    #[arg(long)]
    force: bool,
}

/// The files `replan --out` writes besides `solve`'s.
const REPLAN_FILES: [&str; 2] = ["replan.json", "count_adjustments.csv"];
/// The files `replan --rolling --out` writes.
const ROLLING_FILES: [&str; 3] = ["rolling.csv", "actuals-executed.csv", "rolling.json"];

/// Runs `triplan replan`; the exit code is the run's status's (with --rolling: 0 when the
/// checker passed every step's plans, 1 when it rejected one).
pub fn run(a: Args) -> anyhow::Result<u8> {
    let guard = check_outputs(&a)?;
    let opts = a.solver.run_options(!a.rolling)?;
    if a.rolling {
        return rolling(&a, &opts, guard.expect("--rolling requires --out"));
    }
    let inst = triplan::replan::load(&a.instance, a.actuals.as_deref(), false)?;
    if inst.actuals.is_none() {
        return Err(Error::Usage(format!(
            "{}: no actuals; expected --actuals FILE or an `actuals` table named in instance.toml (README \"Actuals\")",
            a.instance.display()
        ))
        .into());
    }
    let solved = triplan::run(&inst, &opts)?;
    let infeasible = matches!(
        solved.status,
        Status::Infeasible | Status::InfeasibleOrUnbounded
    );
    // As `solve`: an infeasible model says which rules must give (the past itself never does).
    let explanation = if infeasible {
        Some(triplan::explain::explain(&inst, &opts.solve)?)
    } else {
        None
    };
    let pvp = triplan::replan::past_vs_plan(&inst, &solved);
    let mut text = match a.format {
        Format::Text => {
            let mut t = triplan::report::text(&inst, &solved);
            if let Some(p) = &pvp {
                t += &triplan::replan::text(p);
            }
            if let Some(e) = &explanation {
                t += &triplan::report::explanation_text(e, infeasible);
                t += "The past is never relaxed: check that the actuals describe a past the plant model allows (a quantity given for a week is complete for it: the ids it does not list are 0 that week).\n";
            }
            t
        }
        Format::Json => {
            let mut v = triplan::report::json(&inst, &solved);
            v["past_vs_plan"] = serde_json::to_value(&pvp)?;
            if let Some(e) = &explanation {
                v["explanation"] = serde_json::to_value(e)?;
            }
            serde_json::to_string_pretty(&v)? + "\n"
        }
    };
    if let Some(g) = &guard {
        let mut files = triplan::report::write_into(g, &inst, &solved)?;
        let doc = serde_json::to_string_pretty(&pvp)?;
        let path = g.path.join(REPLAN_FILES[0]);
        write_atomic(&path, doc.as_bytes())?;
        register(&g.path, REPLAN_FILES[0])?;
        files.push(path);
        if let Some(plan) = &solved.plan {
            let path = g.path.join(REPLAN_FILES[1]);
            write_atomic(&path, adjustments_csv(&inst, plan).as_bytes())?;
            register(&g.path, REPLAN_FILES[1])?;
            files.push(path);
        }
        if matches!(a.format, Format::Text) {
            text += &format!("\nwrote {} files to {}\n", files.len(), g.path.display());
        }
    }
    outputs(&a).write_reports(&inst, &solved, guard.as_ref())?;
    emit(&text);
    if solved.status == Status::Rejected {
        eprintln!("error: the checker rejected the plan (see the violations above)");
    }
    Ok(solved.exit_code())
}

/// `count_adjustments.csv`: the count adjustments of the plan, one row per counted stock and
/// week (`week,site,stock,id,adjustment_t`).
fn adjustments_csv(inst: &triplan::Instance, plan: &triplan::Plan) -> String {
    let p = &inst.plant;
    let mut out = String::from("week,site,stock,id,adjustment_t\n");
    let counted = |w: usize, output: bool| {
        inst.actuals.as_ref().is_some_and(|a| {
            if output {
                a.output_count.at(w)
            } else {
                a.intake_count.at(w)
            }
        })
    };
    // Solver residue (-0, 1e-12) is written as 0.
    let clean = |v: f64| if v.abs() < 1e-9 { 0.0 } else { v };
    for ((s, k, t), &v) in plan.intake_adjust_t.indexed_iter() {
        let v = clean(v);
        if counted(t + 1, false) {
            out += &format!(
                "{},{},intake,{},{v}\n",
                t + 1,
                p.sites[s].named.id,
                p.streams[k].named.id
            );
        }
    }
    for ((s, q, t), &v) in plan.output_adjust_t.indexed_iter() {
        let v = clean(v);
        if counted(t + 1, true) {
            let name = triplan::validate::actuals::lot_name(p, triplan::plant::LotId(q));
            out += &format!("{},{},output,{name},{v}\n", t + 1, p.sites[s].named.id);
        }
    }
    out
}

/// `--rolling`: the replay, its files and its deviation summary.
fn rolling(a: &Args, opts: &RunOptions, guard: OutDir) -> anyhow::Result<u8> {
    let file = a.actuals.as_deref().expect("--rolling requires --actuals");
    let forecast = triplan::replan::load(&a.instance, None, true)?;
    let actual = triplan::replan::read_actuals(&forecast, file)?;
    let unused = triplan::replan::unused(&actual);
    if !unused.is_empty() {
        eprintln!(
            "warning: {}: a rolling replay uses the actual intake of weeks 1 to {} and the week-0 stock counts; it plans and executes the rest itself (actuals-executed.csv holds what it executed), so these rows are not used: {}. `triplan replan --actuals` without --rolling plans from the recorded past instead.",
            actual.source.display(),
            actual.intake.given.iter().take_while(|&&g| g).count(),
            unused.join("; ")
        );
    }
    let verbose = matches!(a.format, Format::Text);
    let r = triplan::replan::rolling(&forecast, &actual, opts, |s| {
        if verbose {
            let monday = (forecast.first_monday)
                .map(|d| format!(" ({})", d.add_days(7 * (s.week as i64 - 1)).iso_week()))
                .unwrap_or_default();
            eprintln!(
                "week {:>3}{monday}: plan {} {:.0} EUR, executed {}, {:.2} s{}",
                s.week,
                s.plan_status.name(),
                s.plan_objective_eur.unwrap_or(f64::NAN),
                s.executed_status.name(),
                s.wall_s,
                s.time_limit_s.map_or(String::new(), |l| format!(
                    " (no plan within --time-limit: solved again with {l} s)"
                ))
            );
        }
    })?;
    let names: Vec<&str> = ROLLING_FILES.to_vec();
    guard.begin(&names, &[])?;
    let dir = guard.path.as_path();
    write_atomic(
        &dir.join(ROLLING_FILES[0]),
        triplan::replan::rolling_csv(&r, forecast.first_monday).as_bytes(),
    )?;
    if let Some(ex) = &r.executed {
        let csv = triplan::replan::actuals_csv(&forecast, ex);
        write_atomic(&dir.join(ROLLING_FILES[1]), csv.as_bytes())?;
    }
    write_atomic(
        &dir.join(ROLLING_FILES[2]),
        serde_json::to_string_pretty(&r)?.as_bytes(),
    )?;
    let text = match a.format {
        Format::Text => {
            triplan::replan::deviation_text(&r)
                + &format!(
                    "\nwrote {} files to {}\n",
                    ROLLING_FILES.len(),
                    dir.display()
                )
        }
        Format::Json => serde_json::to_string_pretty(&r)? + "\n",
    };
    emit(&text);
    // Statuses short of optimal (a time limit) are in rolling.csv and the summary; a plan
    // the checker rejected fails the run.
    Ok(if r.first_checked && r.steps.iter().all(|s| s.checked) {
        0
    } else {
        1
    })
}

/// Where the plan (or the replay) goes.
fn outputs(a: &Args) -> PlanOutputs<'_> {
    PlanOutputs {
        html: a.html.as_deref(),
        xlsx: a.xlsx.as_deref(),
        out: a.out.as_deref(),
        force: a.force,
        actuals: a.actuals.as_deref(),
    }
}

/// Checks every output before any work; returns the `--out` directory's guard.
fn check_outputs(a: &Args) -> Result<Option<OutDir>, Error> {
    let (command, names): (&'static str, Vec<String>) = if a.rolling {
        ("replan-rolling", ROLLING_FILES.map(String::from).to_vec())
    } else {
        let mut v = triplan::report::plan_files();
        v.extend(REPLAN_FILES.map(String::from));
        ("replan", v)
    };
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    outputs(a).check(&a.instance, command, &names)
}
