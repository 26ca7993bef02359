//! Sweeps: many scenarios of one study solved in parallel (rayon, one single-threaded solver
//! each), each finished result written durably to its own file, so a stopped sweep loses only
//! the scenarios in flight and `--resume` picks up the rest.
//!
//! Output directory:
//! - `triplan-output.json`: the manifest of [`crate::output`] (which run wrote the directory);
//! - `triplan.lock`: locked for the sweep's whole life, so a second sweep or a `--resume` of a
//!   running one is refused (the operating system releases it when the process ends, even on
//!   `kill -9`);
//! - `sweep.json`: what the directory holds (study file, shard, columns, MIP or LP and the
//!   engine), written first;
//! - `results/<id>.json`: one per finished scenario (atomic write: unique temporary file, fsync,
//!   rename);
//! - `summary.csv`: one row per scenario of this run's shard, in scenario order, written at the end;
//! - `detail/<id>/`: each scenario's plan tables with `--detail`, written before its result.
//!
//! `--resume` reuses a stored result only when everything its row shows is unchanged: the
//! input hash, the scenario's id, name and parameter cells, and the summary's columns. A failed
//! write (a result or a `--detail` table) stops the sweep at once: no further scenario starts,
//! those in flight finish, and the error names the path and the operating system's reason.
//!
//! A scenario *fails* when the solver errs, a limit stops it without a plan, or the checker
//! rejects its plan. Infeasible and unbounded are results, not failures.

mod merge;
mod resume;
mod row;
mod run;

pub use merge::{merge, MergeOptions};
pub use resume::{lock_dir, DirLock, ScenarioResult};
pub use row::{
    cost_column, cost_columns, param_header, param_name, parse_op, Kpis, Param, RowStatus,
    ShownRow, ShownSummary, Summary, SweepRow, COLUMNS, FACTOR, PAYROLL, UTIL,
};
pub use row::{header as summary_header, num as summary_num};
pub use run::solve_scenario;

use crate::error::Error;
use crate::scenario::{Scenario, Study};
use crate::solve::Backend;
use rayon::prelude::*;
use resume::{io, read_meta, read_result, result_path, reusable, stored_shard};
use run::{base_basis, solve_hash};
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Options of a sweep.
#[derive(Debug, Clone)]
pub struct SweepOptions {
    /// Scenarios solved at once.
    pub jobs: usize,
    /// Run only shard `i` of `n` (1-based): scenarios whose position modulo n is i - 1.
    pub shard: Option<(usize, usize)>,
    /// Skip scenarios whose result is on disk with the same input hash.
    pub resume: bool,
    /// Write each scenario's plan tables.
    pub detail: bool,
    /// Solver backend.
    pub backend: Backend,
    /// Warm-start LP scenarios from the base instance's optimal basis (HiGHS).
    pub warm_start: bool,
    /// Start over in a directory holding an earlier sweep (its files are removed), or resume
    /// one made from another scenario file or shard.
    pub force: bool,
}

/// How far a sweep has come, for progress display.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Scenarios done in this run (solved, infeasible or failed), skipped ones included.
    pub done: usize,
    /// Scenarios this run has to do.
    pub total: usize,
    /// Solved with a checked plan.
    pub solved: usize,
    /// Infeasible or unbounded.
    pub infeasible: usize,
    /// Failed.
    pub failed: usize,
    /// Skipped as already finished (`--resume`).
    pub skipped: usize,
}

/// The summary header of a study.
pub fn header(study: &Study) -> Vec<String> {
    row::header(&param_columns(study), &line_ids(study))
}

/// The parameter columns of a study's summary: per varied parameter, a column of the values
/// set (named as the parameter) and one of the factors (named with [`FACTOR`]), each only
/// where some scenario makes such a change, values first.
pub fn param_columns(study: &Study) -> Vec<String> {
    let mut out = Vec::new();
    for p in &study.parameters {
        let ops = || {
            study
                .scenarios
                .iter()
                .flat_map(|s| &s.changes)
                .filter(move |c| &c.column == p)
        };
        let sets = ops().any(|c| matches!(c.op, crate::params::Op::Set(_)));
        let scales = ops().any(|c| matches!(c.op, crate::params::Op::Scale(_)));
        if sets || !scales {
            out.push(param_header(p, false));
        }
        if scales {
            out.push(param_header(p, true));
        }
    }
    out
}

/// The ids of the study's lines: one utilisation column each.
pub fn line_ids(study: &Study) -> Vec<String> {
    study
        .base
        .plant
        .lines
        .iter()
        .map(|l| l.named.id.clone())
        .collect()
}

/// The scenarios of a shard, in study order.
pub fn shard_of(study: &Study, shard: Option<(usize, usize)>) -> Vec<&Scenario> {
    study
        .scenarios
        .iter()
        .filter(|s| shard.is_none_or(|(i, n)| (s.id - 1) % n == i - 1))
        .collect()
}

/// The entries a sweep writes into its directory.
const WRITES: &[&str] = &["sweep.json", "results", "summary.csv", "detail"];

/// Runs a sweep into `out`. Returns the final progress counts.
pub fn sweep(
    study: &Study,
    out: &Path,
    opts: &SweepOptions,
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<Progress, Error> {
    let _lock = prepare(study, out, opts)?;
    let todo = shard_of(study, opts.shard);
    let counts = Counts::default();
    let snapshot = || counts.progress(todo.len());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build()
        .map_err(|e| Error::Solver(format!("cannot start {} worker threads: {e}", opts.jobs)))?;
    let basis = base_basis(study, opts);
    let write_error: std::sync::Mutex<Option<Error>> = std::sync::Mutex::new(None);
    let stop = AtomicBool::new(false);
    let fail = |e: Error| {
        stop.store(true, Ordering::SeqCst);
        let mut slot = write_error.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none() {
            *slot = Some(e);
        }
    };
    pool.install(|| {
        todo.par_iter().with_max_len(1).for_each(|s| {
            if stop.load(Ordering::SeqCst) {
                return;
            }
            match one(study, s, out, opts, basis.clone()) {
                Ok((outcome, skipped)) => {
                    counts.tally(outcome, skipped);
                    on_progress(snapshot());
                }
                Err(e) => fail(e),
            }
        });
    });
    if let Some(e) = write_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    write_summary(study, out, &todo)?;
    Ok(snapshot())
}

/// Checks the shard and the output directory, takes its lock, clears what a new sweep
/// replaces (keeping results and details to resume) and writes `sweep.json`. The directory
/// stays locked while the returned lock lives.
fn prepare(study: &Study, out: &Path, opts: &SweepOptions) -> Result<DirLock, Error> {
    if let Some((i, n)) = opts.shard {
        if n == 0 || i == 0 || i > n {
            return Err(Error::Usage(format!(
                "--shard {i}/{n}: expected I/N with 1 <= I <= N"
            )));
        }
    }
    let source = crate::output::source_of(&study.path);
    // Before anything is created: a link, a file or a foreign directory is refused.
    crate::output::OutDir::check(out, "sweep", &source, opts.force, WRITES)?;
    let lock = lock_dir(out)?;
    // Again under the lock: another sweep may have written the directory meanwhile.
    let guard = crate::output::OutDir::check(out, "sweep", &source, opts.force, WRITES)?;
    let earlier_sweep = guard.earlier.as_ref().is_some_and(|m| m.command == "sweep");
    if guard.earlier.is_some() && !opts.resume && !opts.force {
        return Err(Error::Usage(format!(
            "--out {}: holds an earlier sweep; add --resume to continue it, --force to start over, or choose another directory",
            out.display()
        )));
    }
    if opts.resume && earlier_sweep && !opts.force {
        let old = read_meta(out).and_then(|m| stored_shard(&m));
        if old != opts.shard {
            let name = |s: Option<(usize, usize)>| {
                s.map_or("the whole study".to_string(), |(i, n)| {
                    format!("shard {i}/{n}")
                })
            };
            return Err(Error::Usage(format!(
                "--out {}: holds {} of the study, not {}; resume with the same --shard (or --force)",
                out.display(),
                name(old),
                name(opts.shard)
            )));
        }
    }
    let keep: &[&str] = if opts.resume && earlier_sweep {
        &["results", "detail"]
    } else {
        &[]
    };
    guard.begin(WRITES, keep)?;
    let results = out.join("results");
    std::fs::create_dir_all(&results).map_err(io(&results))?;
    // Temporary files of a killed run (no other writer exists: the lock is ours).
    for e in std::fs::read_dir(&results).map_err(io(&results))?.flatten() {
        if crate::output::is_temp_name(&e.file_name().to_string_lossy()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
    let meta = serde_json::json!({
        "study": study.path,
        "shard": opts.shard.map(|(i, n)| format!("{i}/{n}")),
        "scenarios": study.scenarios.len(),
        "columns": header(study),
        "study_id": study_id(study),
        "problems": if study.relax { "lp" } else { "mip" },
        "engine": opts.backend.resolve(!study.relax).ok().map(|(b, _)| b.label()),
    });
    crate::output::write_atomic(
        &out.join("sweep.json"),
        serde_json::to_string_pretty(&meta).unwrap().as_bytes(),
    )?;
    Ok(lock)
}

/// The identity of a study: a hash of its scenario file's bytes, its resolved base instance
/// and whether it solves relaxations. Shards of one study share it; `merge` refuses a mix
/// (two scenario files, or a file or base model edited between shards).
pub fn study_id(study: &Study) -> String {
    let mut bytes = std::fs::read(&study.path).unwrap_or_default();
    bytes.extend(serde_json::to_vec(&study.base).unwrap_or_default());
    bytes.push(u8::from(study.relax));
    crate::hash::fnv_hex(&bytes)
}

/// One scenario of a sweep: reused when `--resume` finds its current result, else solved
/// and its result written. Returns its outcome class and whether it was reused.
fn one(
    study: &Study,
    s: &Scenario,
    out: &Path,
    opts: &SweepOptions,
    basis: Option<std::sync::Arc<crate::solve::Basis>>,
) -> Result<(String, bool), Error> {
    let path = result_path(out, s.id);
    let detail_root = out.join("detail");
    let own_detail = detail_root.join(format!("{:06}", s.id));
    if opts.resume {
        if let Some(old) = read_result(&path) {
            let inst = study.instance(s);
            // Recompute the hash the cheap way: only a changed row solves again.
            let fresh = solve_hash(study, &inst, opts);
            if reusable(&old, study, s, &fresh) && (!opts.detail || own_detail.exists()) {
                return Ok((old.outcome, true));
            }
        }
    }
    // An earlier run's tables of this scenario are stale now.
    if crate::output::occupied(&own_detail) {
        std::fs::remove_dir_all(&own_detail).map_err(io(&own_detail))?;
    }
    let detail = opts.detail.then_some(detail_root.as_path());
    let r = solve_scenario(study, s, opts, basis, detail)?;
    let bytes = serde_json::to_vec(&r).expect("plain data");
    crate::output::write_atomic(&path, &bytes)?;
    Ok((r.outcome, false))
}

/// The counts behind [`Progress`], shared by the workers.
#[derive(Default)]
struct Counts {
    done: AtomicUsize,
    solved: AtomicUsize,
    infeasible: AtomicUsize,
    failed: AtomicUsize,
    skipped: AtomicUsize,
}

impl Counts {
    /// Counts one scenario done with this outcome class (`solved`, `infeasible`, else failed).
    fn tally(&self, outcome: String, skipped: bool) {
        let k = match outcome.as_str() {
            "solved" => &self.solved,
            "infeasible" => &self.infeasible,
            _ => &self.failed,
        };
        k.fetch_add(1, Ordering::SeqCst);
        if skipped {
            self.skipped.fetch_add(1, Ordering::SeqCst);
        }
        self.done.fetch_add(1, Ordering::SeqCst);
    }

    fn progress(&self, total: usize) -> Progress {
        Progress {
            done: self.done.load(Ordering::SeqCst),
            total,
            solved: self.solved.load(Ordering::SeqCst),
            infeasible: self.infeasible.load(Ordering::SeqCst),
            failed: self.failed.load(Ordering::SeqCst),
            skipped: self.skipped.load(Ordering::SeqCst),
        }
    }
}

/// Writes `summary.csv` from the stored results, in scenario order, one result in memory at a time.
fn write_summary(study: &Study, out: &Path, todo: &[&Scenario]) -> Result<(), Error> {
    let path = out.join("summary.csv");
    let mut missing = Vec::new();
    crate::output::write_atomic_with(&path, |w| {
        w.write_all(crate::csvout::line(&header(study)).as_bytes())?;
        for s in todo {
            let stored = read_result(&result_path(out, s.id));
            // This run wrote or checked every result under its lock; the key guards the row.
            match stored.filter(|r| reusable(r, study, s, &r.hash)) {
                Some(r) => w.write_all(r.row.line().as_bytes())?,
                None => missing.push(s.id),
            }
        }
        Ok(())
    })?;
    if !missing.is_empty() {
        return Err(Error::Solver(format!(
            "{}: no current result for scenarios {:?}; run the sweep again with --resume",
            path.display(),
            missing
        )));
    }
    Ok(())
}
