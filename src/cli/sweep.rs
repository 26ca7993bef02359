//! `triplan sweep`: every scenario of a study solved in parallel, with progress on standard
//! error.

use super::{emit, jobs_or_cores, parse_jobs, parse_shard};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;
use triplan::sweep::{sweep, Progress, SweepOptions};
use triplan::Backend;

/// Arguments of `triplan sweep`.
#[derive(clap::Args)]
pub struct Args {
    /// Scenario file (TOML).
    scenarios: PathBuf,
    /// Output directory.
    #[arg(long)]
    out: PathBuf,
    /// Scenarios solved at once (default: the available cores; at most 4 times them).
    #[arg(long, value_parser = parse_jobs)]
    jobs: Option<usize>,
    /// Run shard I of N (1-based), e.g. 2/4.
    #[arg(long, value_parser = parse_shard)]
    shard: Option<(usize, usize)>,
    /// Continue an earlier sweep in DIR: skip scenarios already finished with the same inputs.
    #[arg(long)]
    resume: bool,
    /// Also write each scenario's plan tables under DIR/detail/.
    #[arg(long)]
    detail: bool,
    /// Solve every LP scenario from scratch instead of from the base's optimal basis.
    #[arg(long)]
    no_warm_start: bool,
    /// Start over in a directory holding an earlier sweep (removing its results), or
    /// resume one made from another scenario file or shard.
    #[arg(long)]
    force: bool,
    /// Solve LP relaxations (persons and truck trips continuous) whatever the scenario file
    /// says; without it, the file's `relax` decides (whole people and truckloads by default).
    #[arg(long)]
    relax: bool,
    /// Solver backend.
    #[arg(long, value_enum)]
    solver: Option<Backend>,
}

/// Runs the sweep; exit 1 when a scenario failed.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let mut study = triplan::scenario::load_study(&a.scenarios)?;
    let forced_relax = a.relax && !study.relax;
    study.relax |= a.relax;
    let opts = SweepOptions {
        jobs: jobs_or_cores(a.jobs),
        shard: a.shard,
        resume: a.resume,
        detail: a.detail,
        backend: a.solver.unwrap_or_else(Backend::default_for_build),
        warm_start: !a.no_warm_start,
        force: a.force,
    };
    let total = triplan::sweep::shard_of(&study, a.shard).len();
    let problems = if forced_relax {
        "LP relaxations (--relax)".to_string()
    } else if study.relax {
        "LP relaxations (relax = true in the scenario file)".to_string()
    } else {
        "whole people and truckloads (MIPs)".to_string()
    };
    let engine = opts
        .backend
        .resolve(!study.relax)
        .map_or_else(|e| e.to_string(), |(b, _)| b.label());
    eprintln!(
        "sweep: {} scenarios{} of {}: {problems}, solved by {engine}; {} jobs, into {}",
        total,
        a.shard
            .map(|(i, n)| format!(" (shard {i}/{n})"))
            .unwrap_or_default(),
        a.scenarios.display(),
        opts.jobs,
        a.out.display()
    );
    let start = Instant::now();
    let bar = std::io::stderr().is_terminal().then(|| progress_bar(total));
    let last = Mutex::new(Instant::now());
    let on_progress = |p: Progress| {
        let msg = format!(
            "solved {} infeasible {} failed {}",
            p.solved, p.infeasible, p.failed
        );
        match &bar {
            Some(b) => {
                b.set_position(p.done as u64);
                b.set_message(msg);
            }
            None => {
                let mut l = last.lock().unwrap();
                if l.elapsed().as_secs_f64() >= 10.0 || p.done == p.total {
                    *l = Instant::now();
                    let rate = p.done as f64 / start.elapsed().as_secs_f64().max(1e-9);
                    eprintln!("sweep: {}/{} done ({rate:.2}/s), {msg}", p.done, p.total);
                }
            }
        }
    };
    let p = sweep(&study, &a.out, &opts, &on_progress)?;
    if let Some(b) = bar {
        b.finish();
    }
    let secs = start.elapsed().as_secs_f64();
    emit(&format!(
        "sweep: {} scenarios in {:.1} s ({:.2}/s): {} solved, {} infeasible, {} failed{}; summary in {}\n",
        p.total,
        secs,
        (p.total - p.skipped) as f64 / secs.max(1e-9),
        p.solved,
        p.infeasible,
        p.failed,
        if p.skipped > 0 { format!(" ({} already done)", p.skipped) } else { String::new() },
        a.out.join("summary.csv").display()
    ));
    Ok(if p.failed > 0 { 1 } else { 0 })
}

/// The progress bar of a terminal.
fn progress_bar(total: usize) -> indicatif::ProgressBar {
    let b = indicatif::ProgressBar::new(total as u64);
    b.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} scenarios  {per_sec}  eta {eta}  {msg}",
        )
        .expect("valid template"),
    );
    b
}
