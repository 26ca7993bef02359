//! `triplan solve`: build, solve and check the weekly plan of an instance; print it, and
//! write its tables and reports.

use super::{emit, PlanOutputs, SolverArgs};
use clap::ValueEnum;
use std::path::PathBuf;
use triplan::output::OutDir;
use triplan::Status;

/// Output format on standard output.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Arguments of `triplan solve`.
#[derive(clap::Args)]
pub struct Args {
    /// Instance directory (holding instance.toml) or instance file.
    instance: PathBuf,
    /// Write the plan's tables (CSV) and plan.json into this directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write a self-contained HTML report of the plan to this file.
    #[arg(long)]
    html: Option<PathBuf>,
    /// Write the plan's tables as an Excel workbook to this file.
    #[arg(long)]
    xlsx: Option<PathBuf>,
    /// Output format on standard output.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    #[command(flatten)]
    solver: SolverArgs,
    /// Re-solve with penalised slacks on targets, contracts, social rules, capacities and
    /// storage, and report which must give (automatic when the model is infeasible).
    #[arg(long)]
    explain: bool,
    /// Also solve the same plant run as a classic firm (no insertion workers, aid or social
    /// rules) and report the cost of the social mission, term by term.
    #[arg(long)]
    mission: bool,
    /// Also solve the plan asking for 1, 2, ... N more lasting exits than it has, and report
    /// what each extra lasting exit costs (the curve; `lasting_curve.csv` with `--out`).
    #[arg(long, value_name = "N")]
    lasting_curve: Option<usize>,
    /// Replace existing files and another run's results (see "Outputs" in the README).
    #[arg(long)]
    force: bool,
}

/// Solves the instance, prints the plan (and why it is infeasible, or with `--explain`), and
/// writes the files asked for; the exit code is the run's status's.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let guard = check_outputs(&a)?;
    let inst = triplan::load_instance(&a.instance)?;
    let opts = a.solver.run_options(true)?;
    let solved = triplan::run(&inst, &opts)?;
    let infeasible = matches!(
        solved.status,
        Status::Infeasible | Status::InfeasibleOrUnbounded
    );
    let explanation = if a.explain || infeasible {
        Some(triplan::explain::explain(&inst, &opts.solve)?)
    } else {
        None
    };
    let mut solved = solved;
    if a.mission {
        let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
        match triplan::mission::assess(&inst, &solved, &opts, jobs)? {
            Ok(m) => solved.mission = Some(Box::new(m)),
            Err(why) => eprintln!("warning: no cost of the mission: {why}"),
        }
    }
    if let Some(n) = a.lasting_curve {
        let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
        let c = triplan::lasting::curve(&inst, &solved, &opts, n, jobs)?;
        solved.lasting_curve = Some(Box::new(c));
    }
    let mission = solved.mission.as_deref();
    let mut text = match a.format {
        Format::Text => {
            let mut t = triplan::report::text(&inst, &solved);
            if let Some(m) = mission {
                t += &triplan::mission::text(m);
            }
            if let Some(c) = solved.lasting_curve.as_deref() {
                t += &c.text();
            }
            if let Some(e) = &explanation {
                t += &triplan::report::explanation_text(e, infeasible);
            }
            t
        }
        Format::Json => {
            let mut v = triplan::report::json(&inst, &solved);
            if let Some(e) = &explanation {
                v["explanation"] = serde_json::to_value(e)?;
            }
            serde_json::to_string_pretty(&v)? + "\n"
        }
    };
    if let Some(g) = &guard {
        let files = triplan::report::write_into(g, &inst, &solved)?;
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

/// Where the plan goes.
fn outputs(a: &Args) -> PlanOutputs<'_> {
    PlanOutputs {
        html: a.html.as_deref(),
        xlsx: a.xlsx.as_deref(),
        out: a.out.as_deref(),
        force: a.force,
        actuals: None,
    }
}

/// Checks every output before any work; returns the `--out` directory's guard.
fn check_outputs(a: &Args) -> Result<Option<OutDir>, triplan::Error> {
    let files = triplan::report::plan_files();
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    outputs(a).check(&a.instance, "solve", &names)
}
