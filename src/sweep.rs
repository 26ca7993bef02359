//! Sweeps: many scenarios of one study solved in parallel (rayon, one single-threaded solver
//! each), each finished result written durably to its own file, so a stopped sweep loses only
//! the scenarios in flight and `--resume` picks up the rest.
//!
//! Output directory:
//! - `triplan-output.json`: the manifest of [`crate::output`] (which run wrote the directory);
//! - `triplan.lock`: locked for the sweep's whole life, so a second sweep or a `--resume` of a
//!   running one is refused (the operating system releases it when the process ends, even on
//!   `kill -9`);
//! - `sweep.json`: what the directory holds (study file, shard, columns), written first;
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

use crate::csvout;
use crate::error::Error;
use crate::scenario::{Scenario, Study};
use crate::solve::{Backend, Basis, SolveOptions, Status};
use crate::{run, BuildOptions, RunOptions};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

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

/// The stored result of one scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioResult {
    /// Position in the study.
    pub id: usize,
    /// Hash of the resolved inputs and solve options.
    pub hash: String,
    /// Outcome class: `solved`, `infeasible` or `failed`.
    pub outcome: String,
    /// Summary columns.
    pub columns: Vec<String>,
    /// Summary cells, aligned with `columns`.
    pub cells: Vec<String>,
}

/// Fixed summary columns after the id, name and parameters.
pub const COLUMNS: &[&str] = &[
    "status",
    "solver_status",
    "objective_eur",
    "recovery_rate",
    "recycling_rate",
    "insertion_share",
    "insertion_hours",
    "insertion_headcount",
    "processed_t",
    "external_t",
    "cost_staff_eur",
    "cost_shift_premiums_eur",
    "cost_line_running_eur",
    "cost_transport_eur",
    "cost_truck_trips_eur",
    "cost_holding_eur",
    "cost_external_eur",
    "revenue_eur",
    "state_aid_eur",
    "check_passed",
    "max_violation",
    "build_s",
    "solve_s",
    "reason",
];

fn num(x: f64) -> String {
    if x.is_finite() {
        let r = (x * 1e9).round() / 1e9;
        format!("{r}")
    } else {
        String::new()
    }
}

fn opt(x: Option<f64>) -> String {
    x.map(num).unwrap_or_default()
}

/// The summary header of a study.
pub fn header(study: &Study) -> Vec<String> {
    let mut h = vec!["id".to_string(), "name".to_string(), "hash".to_string()];
    h.extend(study.parameters.iter().cloned());
    h.extend(COLUMNS.iter().map(|c| c.to_string()));
    h
}

/// The cells of a scenario's row that say what it is (id, name, input hash, parameters): a
/// stored result is reused only when they and the columns are unchanged.
fn row_key(study: &Study, s: &Scenario, hash: &str) -> Vec<String> {
    let mut params = vec![String::new(); study.parameters.len()];
    for c in &s.changes {
        if let Some(i) = study.parameters.iter().position(|p| p == &c.column) {
            params[i] = c.op.label();
        }
    }
    let mut cells: Vec<String> = vec![s.id.to_string(), s.name.clone(), hash.to_string()];
    cells.extend(params);
    cells
}

/// Whether a stored result is this scenario's, with this study's columns and inputs.
fn reusable(old: &ScenarioResult, study: &Study, s: &Scenario, hash: &str) -> bool {
    let key = row_key(study, s, hash);
    old.id == s.id
        && old.hash == hash
        && old.columns == header(study)
        && old.cells.len() == old.columns.len()
        && old.cells[..key.len()] == key[..]
}

/// Solves one scenario and returns its result (never panics on a model problem). With
/// `detail_dir`, its plan tables are written there first; a failed write is the error.
pub fn solve_scenario(
    study: &Study,
    s: &Scenario,
    opts: &SweepOptions,
    basis: Option<Arc<Basis>>,
    detail_dir: Option<&Path>,
) -> Result<ScenarioResult, Error> {
    let inst = study.instance(s);
    let solve = solve_options(study, opts, basis);
    let ropts = RunOptions {
        build: BuildOptions {
            relax: study.relax,
            ..Default::default()
        },
        solve: solve.clone(),
        mip_start: true,
        shadow_prices: false,
    };
    let hash = solve_hash(study, &inst, opts);
    let mut cells = row_key(study, s, &hash);
    let outcome;
    match run(&inst, &ropts) {
        Ok(r) => {
            let status = r.status.name().to_string();
            let passed = r.check.as_ref().map(|c| c.passed);
            outcome = match r.status {
                Status::Optimal | Status::Feasible => "solved",
                Status::Infeasible | Status::Unbounded | Status::InfeasibleOrUnbounded => {
                    "infeasible"
                }
                Status::Rejected | Status::LimitNoSolution => "failed",
            };
            let reason = match r.status {
                Status::Rejected => "the checker rejected the plan".to_string(),
                Status::LimitNoSolution => "a limit was hit before a plan was found".to_string(),
                Status::Infeasible | Status::InfeasibleOrUnbounded | Status::Unbounded => {
                    format!("the model is {status}")
                }
                _ => String::new(),
            };
            let (k, c) = match &r.check {
                Some(c) => (Some(&c.kpis), Some(&c.costs)),
                None => (None, None),
            };
            let ins_h = k.map(|k| k.staff[crate::plant::StaffKind::Insertion.index()].worked_h);
            cells.extend([
                status,
                r.solver_status.clone(),
                opt(r.objective),
                opt(k.and_then(|k| k.recovery_rate)),
                opt(k.and_then(|k| k.recycling_rate)),
                opt(k.and_then(|k| k.insertion_share)),
                opt(ins_h),
                opt(k.map(|k| k.insertion_headcount)),
                opt(k.map(|k| k.processed_t)),
                opt(k.map(|k| k.external_t)),
                opt(c.map(|c| c.staff)),
                opt(c.map(|c| c.shift_premiums)),
                opt(c.map(|c| c.line_running)),
                opt(c.map(|c| c.inbound_transport + c.outbound_transport)),
                opt(c.map(|c| c.truck_trips)),
                opt(c.map(|c| c.holding)),
                opt(c.map(|c| c.external)),
                opt(c.map(|c| c.revenue)),
                opt(c.map(|c| c.state_aid)),
                passed.map(|p| p.to_string()).unwrap_or_default(),
                opt(r.check.as_ref().map(|c| c.max_violation)),
                format!("{:.4}", r.timings.build),
                format!("{:.4}", r.timings.solve),
                reason,
            ]);
            if let (Some(dir), true) = (detail_dir, r.plan.is_some()) {
                crate::report::write_dir(&dir.join(format!("{:06}", s.id)), &inst, &r)?;
            }
        }
        Err(e) => {
            outcome = "failed";
            let mut rest = vec![String::new(); COLUMNS.len()];
            rest[0] = "error".into();
            *rest.last_mut().unwrap() = e.to_string().replace('\n', " ");
            cells.extend(rest);
        }
    }
    Ok(ScenarioResult {
        id: s.id,
        hash,
        outcome: outcome.to_string(),
        columns: header(study),
        cells,
    })
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The scenarios of a shard, in study order.
pub fn shard_of(study: &Study, shard: Option<(usize, usize)>) -> Vec<&Scenario> {
    study
        .scenarios
        .iter()
        .filter(|s| shard.is_none_or(|(i, n)| (s.id - 1) % n == i - 1))
        .collect()
}

fn result_path(dir: &Path, id: usize) -> PathBuf {
    dir.join("results").join(format!("{id:06}.json"))
}

/// Reads a stored result, if there is a readable one.
fn read_result(path: &Path) -> Option<ScenarioResult> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// The entries a sweep writes into its directory.
const WRITES: &[&str] = &["sweep.json", "results", "summary.csv", "detail"];

/// Holds the lock of an output directory (see the module documentation) until dropped.
#[derive(Debug)]
pub struct DirLock(#[allow(dead_code)] std::fs::File);

/// Takes the lock of a sweep directory (creating the directory), or says another sweep holds it.
pub fn lock_dir(out: &Path) -> Result<DirLock, Error> {
    std::fs::create_dir_all(out).map_err(io(out))?;
    let path = out.join(crate::output::LOCK);
    crate::output::refuse_symlink(&path)?;
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io(&path))?;
    match f.try_lock() {
        Ok(()) => Ok(DirLock(f)),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Usage(format!(
            "{}: another triplan sweep is writing into this directory (it holds {}); wait for it to end, or choose another directory",
            out.display(),
            path.display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::Io { path, source: e }),
    }
}

/// The shard a sweep directory's `sweep.json` names (`None`: the whole study).
fn stored_shard(meta: &serde_json::Value) -> Option<(usize, usize)> {
    let (i, n) = meta.get("shard")?.as_str()?.split_once('/')?;
    Some((i.parse().ok()?, n.parse().ok()?))
}

fn read_meta(dir: &Path) -> Option<serde_json::Value> {
    serde_json::from_slice(&std::fs::read(dir.join("sweep.json")).ok()?).ok()
}

/// Runs a sweep into `out`. Returns the final progress counts.
pub fn sweep(
    study: &Study,
    out: &Path,
    opts: &SweepOptions,
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<Progress, Error> {
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
    let _lock = lock_dir(out)?;
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
    let marker = out.join("sweep.json");
    let meta = serde_json::json!({
        "study": study.path,
        "shard": opts.shard.map(|(i, n)| format!("{i}/{n}")),
        "scenarios": study.scenarios.len(),
        "columns": header(study),
    });
    crate::output::write_atomic(
        &marker,
        serde_json::to_string_pretty(&meta).unwrap().as_bytes(),
    )?;
    let detail_root = out.join("detail");
    let detail = opts.detail.then_some(detail_root.as_path());

    let basis = base_basis(study, opts);
    let todo = shard_of(study, opts.shard);
    let total = todo.len();
    let counts = [
        AtomicUsize::new(0), // done
        AtomicUsize::new(0), // solved
        AtomicUsize::new(0), // infeasible
        AtomicUsize::new(0), // failed
        AtomicUsize::new(0), // skipped
    ];
    let snapshot = || Progress {
        done: counts[0].load(Ordering::SeqCst),
        total,
        solved: counts[1].load(Ordering::SeqCst),
        infeasible: counts[2].load(Ordering::SeqCst),
        failed: counts[3].load(Ordering::SeqCst),
        skipped: counts[4].load(Ordering::SeqCst),
    };
    let tally = |outcome: &str| {
        let k = match outcome {
            "solved" => 1,
            "infeasible" => 2,
            _ => 3,
        };
        counts[k].fetch_add(1, Ordering::SeqCst);
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build()
        .map_err(|e| Error::Solver(format!("cannot start {} worker threads: {e}", opts.jobs)))?;
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
            let path = result_path(out, s.id);
            let own_detail = detail_root.join(format!("{:06}", s.id));
            if opts.resume {
                if let Some(old) = read_result(&path) {
                    let inst = study.instance(s);
                    // Recompute the hash the cheap way: only a changed row solves again.
                    let fresh = solve_hash(study, &inst, opts);
                    if reusable(&old, study, s, &fresh) && (!opts.detail || own_detail.exists()) {
                        tally(&old.outcome);
                        counts[4].fetch_add(1, Ordering::SeqCst);
                        counts[0].fetch_add(1, Ordering::SeqCst);
                        on_progress(snapshot());
                        return;
                    }
                }
            }
            // An earlier run's tables of this scenario are stale now.
            if crate::output::occupied(&own_detail) {
                if let Err(e) = std::fs::remove_dir_all(&own_detail) {
                    return fail(Error::Io {
                        path: own_detail,
                        source: e,
                    });
                }
            }
            let r = match solve_scenario(study, s, opts, basis.clone(), detail) {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let bytes = serde_json::to_vec(&r).expect("plain data");
            if let Err(e) = crate::output::write_atomic(&path, &bytes) {
                return fail(e);
            }
            tally(&r.outcome);
            counts[0].fetch_add(1, Ordering::SeqCst);
            on_progress(snapshot());
        });
    });
    if let Some(e) = write_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    write_summary(study, out, &todo)?;
    Ok(snapshot())
}

/// The solve options of every scenario of a study: one thread each, the study's limits.
fn solve_options(study: &Study, opts: &SweepOptions, basis: Option<Arc<Basis>>) -> SolveOptions {
    SolveOptions {
        backend: opts.backend,
        time_limit_s: study.time_limit_s,
        mip_gap: study.mip_gap,
        threads: 1,
        verbose: false,
        highs_options: Vec::new(),
        warm_basis: basis,
        return_basis: false,
    }
}

/// The optimal basis of the base instance's LP, to warm-start every scenario from (LP studies
/// on HiGHS). Every scenario starts from the same basis, so results do not depend on the order
/// or the number of jobs.
fn base_basis(study: &Study, opts: &SweepOptions) -> Option<Arc<Basis>> {
    if !base_basis_used(study, opts) {
        return None;
    }
    let mut so = solve_options(study, opts, None);
    so.return_basis = true;
    let f = crate::build(
        &study.base,
        BuildOptions {
            relax: true,
            ..Default::default()
        },
    );
    crate::solve(f.model, &so).ok()?.basis.map(Arc::new)
}

/// Whether LP scenarios start from the base's basis.
fn base_basis_used(study: &Study, opts: &SweepOptions) -> bool {
    opts.warm_start && study.relax && opts.backend != Backend::Clarabel
}

/// The hash `solve_scenario` computes, without solving.
fn solve_hash(study: &Study, inst: &crate::Instance, opts: &SweepOptions) -> String {
    let solve = solve_options(study, opts, None);
    let mut bytes = serde_json::to_vec(inst).unwrap_or_default();
    let warm = base_basis_used(study, opts);
    bytes.extend(serde_json::to_vec(&(&solve, study.relax, warm)).unwrap_or_default());
    crate::hash::fnv_hex(&bytes)
}

/// Writes `summary.csv` from the stored results, in scenario order, one result in memory at a time.
fn write_summary(study: &Study, out: &Path, todo: &[&Scenario]) -> Result<(), Error> {
    let path = out.join("summary.csv");
    let mut missing = Vec::new();
    crate::output::write_atomic_with(&path, |w| {
        w.write_all(csvout::line(&header(study)).as_bytes())?;
        for s in todo {
            match read_result(&result_path(out, s.id)) {
                // This run wrote or checked every result under its lock; the key guards the row.
                Some(r) if reusable(&r, study, s, &r.hash) => {
                    w.write_all(csvout::line(&r.cells).as_bytes())?
                }
                _ => missing.push(s.id),
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

/// One shard directory given to [`merge`].
struct ShardDir {
    dir: PathBuf,
    shard: (usize, usize),
    scenarios: usize,
}

/// Reads what a shard directory says of itself, refusing one a sweep is still writing.
fn shard_dir(d: &Path) -> Result<ShardDir, Error> {
    let meta = read_meta(d).ok_or_else(|| {
        Error::Usage(format!(
            "{}: no readable sweep.json; expected the output directory of `triplan sweep`",
            d.display()
        ))
    })?;
    let lock = d.join(crate::output::LOCK);
    if let Ok(f) = std::fs::File::open(&lock) {
        if let Err(std::fs::TryLockError::WouldBlock) = f.try_lock_shared() {
            return Err(Error::Usage(format!(
                "{}: a sweep is still writing into it; merge it when it has ended",
                d.display()
            )));
        }
    }
    let shard = match meta.get("shard") {
        Some(serde_json::Value::Null) | None => (1, 1),
        Some(_) => stored_shard(&meta).ok_or_else(|| {
            Error::Usage(format!(
                "{}: `shard` is not I/N",
                d.join("sweep.json").display()
            ))
        })?,
    };
    let scenarios = meta
        .get("scenarios")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| {
            Error::Usage(format!(
                "{}: `scenarios` is not a count",
                d.join("sweep.json").display()
            ))
        })? as usize;
    Ok(ShardDir {
        dir: d.to_path_buf(),
        shard,
        scenarios,
    })
}

/// Options of [`merge`].
#[derive(Debug, Clone, Copy, Default)]
pub struct MergeOptions {
    /// Merge even when shards or scenarios are missing (the summary then lacks their rows).
    pub partial: bool,
    /// Replace the output of another run in `out`.
    pub force: bool,
}

/// Joins the `summary.csv` of several sweep directories (shards of one study) into one, in
/// scenario order. Headers must agree, no scenario may appear twice, and every shard (the
/// shards know I/N) with every scenario of it must be there unless `opts.partial`. The output
/// directory may not be one of the inputs. Returns the number of rows.
pub fn merge(dirs: &[PathBuf], out: &Path, opts: MergeOptions) -> Result<usize, Error> {
    for d in dirs {
        if crate::output::same_path(d, out) {
            return Err(Error::Usage(format!(
                "--out {}: is one of the shard directories; expected a directory of its own",
                out.display()
            )));
        }
    }
    let mut sources: Vec<String> = dirs.iter().map(|d| crate::output::source_of(d)).collect();
    sources.sort();
    let guard = crate::output::OutDir::check(
        out,
        "merge",
        &sources.join("\n"),
        opts.force,
        &["summary.csv", "sweep.json"],
    )?;
    let shards: Vec<ShardDir> = dirs
        .iter()
        .map(|d| shard_dir(d))
        .collect::<Result<_, _>>()?;
    let n = shards[0].shard.1;
    let scenarios = shards[0].scenarios;
    for s in &shards {
        if s.shard.1 != n || s.scenarios != scenarios {
            return Err(Error::Usage(format!(
                "{}: shard {}/{} of {} scenarios, but {} is shard {}/{n} of {scenarios}; expected shards of one sweep",
                s.dir.display(),
                s.shard.0,
                s.shard.1,
                s.scenarios,
                shards[0].dir.display(),
                shards[0].shard.0,
            )));
        }
    }
    let mut given: Vec<usize> = shards.iter().map(|s| s.shard.0).collect();
    given.sort_unstable();
    if let Some(w) = given.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::Usage(format!(
            "shard {}/{n} is given twice; expected each shard once",
            w[0]
        )));
    }
    let missing: Vec<String> = (1..=n)
        .filter(|i| !given.contains(i))
        .map(|i| format!("{i}/{n}"))
        .collect();
    if !missing.is_empty() && !opts.partial {
        return Err(Error::Usage(format!(
            "missing shards {}: the merged summary would lack their scenarios; give every shard's directory, or add --partial",
            missing.join(", ")
        )));
    }
    let mut header: Option<csv::StringRecord> = None;
    let mut rows: Vec<(usize, csv::StringRecord)> = Vec::new();
    for d in dirs {
        let path = d.join("summary.csv");
        let mut r = csv::Reader::from_path(&path)
            .map_err(|e| Error::Usage(format!("{}: cannot read: {e}", path.display())))?;
        let h = r
            .headers()
            .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?
            .clone();
        match &header {
            None => header = Some(h),
            Some(first) if *first != h => {
                return Err(Error::Usage(format!(
                    "{}: its columns differ from the first summary's; expected shards of one study",
                    path.display()
                )))
            }
            _ => {}
        }
        for (line, rec) in r.records().enumerate() {
            let rec = rec.map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
            let id: usize = rec.get(0).and_then(|v| v.parse().ok()).ok_or_else(|| {
                Error::Usage(format!(
                    "{}: line {}: expected a numeric id in the first column",
                    path.display(),
                    line + 2
                ))
            })?;
            rows.push((id, rec));
        }
    }
    rows.sort_by_key(|(id, _)| *id);
    if let Some(w) = rows.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(Error::Usage(format!(
            "scenario {} appears in two summaries; expected disjoint shards",
            w[0].0
        )));
    }
    let absent: Vec<usize> = (1..=scenarios)
        .filter(|id| given.contains(&((id - 1) % n + 1)))
        .filter(|id| rows.binary_search_by_key(id, |(i, _)| *i).is_err())
        .collect();
    if !absent.is_empty() && !opts.partial {
        return Err(Error::Usage(format!(
            "scenarios {absent:?} have no row in their shard's summary (an unfinished sweep?); resume those sweeps first, or add --partial"
        )));
    }
    guard.begin(&["summary.csv", "sweep.json"], &[])?;
    let path = out.join("summary.csv");
    crate::output::write_atomic_with(&path, |w| {
        if let Some(h) = &header {
            w.write_all(csvout::line(&h.iter().collect::<Vec<_>>()).as_bytes())?;
        }
        for (_, r) in &rows {
            w.write_all(csvout::line(&r.iter().collect::<Vec<_>>()).as_bytes())?;
        }
        Ok(())
    })?;
    let meta = serde_json::json!({
        "merged_from": dirs,
        "shard": serde_json::Value::Null,
        "shards": n,
        "missing_shards": missing,
        "scenarios": scenarios,
        "rows": rows.len(),
        "columns": header.as_ref().map(|h| h.iter().collect::<Vec<_>>()),
    });
    crate::output::write_atomic(
        &out.join("sweep.json"),
        serde_json::to_string_pretty(&meta).unwrap().as_bytes(),
    )?;
    Ok(rows.len())
}
