//! Sweeps: many scenarios of one study solved in parallel (rayon, one single-threaded solver
//! each), each finished result written durably to its own file, so a stopped sweep loses only
//! the scenarios in flight and `--resume` picks up the rest.
//!
//! Output directory:
//! - `sweep.json`: what the directory holds (study file, shard), written first;
//! - `results/<id>.json`: one per finished scenario (atomic write: temporary file, fsync, rename);
//! - `summary.csv`: one row per scenario of this run's shard, in scenario order, written at the end;
//! - `detail/<id>/`: each scenario's plan tables with `--detail`.
//!
//! A scenario *fails* when the solver errs, a limit stops it without a plan, or the checker
//! rejects its plan. Infeasible and unbounded are results, not failures.

use crate::error::Error;
use crate::scenario::{Scenario, Study};
use crate::solve::{Backend, Basis, SolveOptions, Status};
use crate::{run, BuildOptions, RunOptions};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// FNV-1a, 64 bits: a stable hash of the resolved inputs (std's hasher may change between
/// Rust versions).
fn fnv(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

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

/// Solves one scenario and returns its result (never panics on a model problem).
pub fn solve_scenario(
    study: &Study,
    s: &Scenario,
    opts: &SweepOptions,
    basis: Option<Arc<Basis>>,
    detail_dir: Option<&Path>,
) -> ScenarioResult {
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

    let mut params = vec![String::new(); study.parameters.len()];
    for c in &s.changes {
        if let Some(i) = study.parameters.iter().position(|p| p == &c.column) {
            params[i] = c.op.label();
        }
    }
    let mut cells: Vec<String> = vec![s.id.to_string(), s.name.clone(), hash.clone()];
    cells.extend(params);
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
                let _ = crate::report::write_dir(&dir.join(format!("{:06}", s.id)), &inst, &r);
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
    ScenarioResult {
        id: s.id,
        hash,
        outcome: outcome.to_string(),
        columns: header(study),
        cells,
    }
}

/// Writes a file durably: temporary file, fsync, rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
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
    let marker = out.join("sweep.json");
    if out.exists() {
        let nonempty = std::fs::read_dir(out).map_err(io(out))?.next().is_some();
        if nonempty && !marker.exists() {
            return Err(Error::Usage(format!(
                "--out {}: the directory holds files that triplan did not write; expected a new or empty directory, or an earlier sweep's",
                out.display()
            )));
        }
        if nonempty && !opts.resume {
            return Err(Error::Usage(format!(
                "--out {}: holds an earlier sweep; add --resume to continue it, or choose another directory",
                out.display()
            )));
        }
    }
    std::fs::create_dir_all(out.join("results")).map_err(io(out))?;
    let meta = serde_json::json!({
        "study": study.path,
        "shard": opts.shard.map(|(i, n)| format!("{i}/{n}")),
        "scenarios": study.scenarios.len(),
        "columns": header(study),
    });
    write_atomic(
        &marker,
        serde_json::to_string_pretty(&meta).unwrap().as_bytes(),
    )
    .map_err(io(&marker))?;
    let detail = opts.detail.then(|| out.join("detail"));

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
    pool.install(|| {
        todo.par_iter().with_max_len(1).for_each(|s| {
            let path = result_path(out, s.id);
            if opts.resume {
                if let Some(old) = read_result(&path) {
                    let inst = study.instance(s);
                    // Recompute the hash the cheap way: only a changed input solves again.
                    let fresh = solve_hash(study, &inst, opts);
                    if old.hash == fresh {
                        tally(&old.outcome);
                        counts[4].fetch_add(1, Ordering::SeqCst);
                        counts[0].fetch_add(1, Ordering::SeqCst);
                        on_progress(snapshot());
                        return;
                    }
                }
            }
            let r = solve_scenario(study, s, opts, basis.clone(), detail.as_deref());
            let bytes = serde_json::to_vec(&r).expect("plain data");
            if let Err(e) = write_atomic(&path, &bytes) {
                *write_error.lock().unwrap() = Some(Error::Io {
                    path: path.clone(),
                    source: e,
                });
            }
            tally(&r.outcome);
            counts[0].fetch_add(1, Ordering::SeqCst);
            on_progress(snapshot());
        });
    });
    if let Some(e) = write_error.into_inner().unwrap() {
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
    fnv(&bytes)
}

/// One CSV line (no line end), quoting cells that need it.
pub(crate) fn csv_line(cells: &[String]) -> String {
    cells
        .iter()
        .map(|c| {
            if c.contains([',', '"', '\n']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Writes `summary.csv` from the stored results, in scenario order, one result in memory at a time.
fn write_summary(study: &Study, out: &Path, todo: &[&Scenario]) -> Result<(), Error> {
    let path = out.join("summary.csv");
    let tmp = out.join("summary.csv.tmp");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(io(&tmp))?);
    writeln!(w, "{}", csv_line(&header(study))).map_err(io(&tmp))?;
    for s in todo {
        if let Some(r) = read_result(&result_path(out, s.id)) {
            writeln!(w, "{}", csv_line(&r.cells)).map_err(io(&tmp))?;
        }
    }
    w.flush().map_err(io(&tmp))?;
    drop(w);
    std::fs::rename(&tmp, &path).map_err(io(&path))
}

/// Joins the `summary.csv` of several sweep directories (shards of one study) into one, in
/// scenario order. Headers must agree and no scenario may appear twice.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<usize, Error> {
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
        for rec in r.records() {
            let rec = rec.map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
            let id: usize = rec.get(0).and_then(|v| v.parse().ok()).ok_or_else(|| {
                Error::Usage(format!("{}: a row without a numeric id", path.display()))
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
    if out.exists()
        && std::fs::read_dir(out).map_err(io(out))?.next().is_some()
        && !out.join("summary.csv").exists()
    {
        return Err(Error::Usage(format!(
            "--out {}: the directory holds files that triplan did not write",
            out.display()
        )));
    }
    std::fs::create_dir_all(out).map_err(io(out))?;
    let path = out.join("summary.csv");
    let mut w = csv::Writer::from_path(&path)
        .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
    if let Some(h) = &header {
        w.write_record(h).map_err(|e| Error::Usage(e.to_string()))?;
    }
    for (_, r) in &rows {
        w.write_record(r).map_err(|e| Error::Usage(e.to_string()))?;
    }
    w.flush().map_err(io(&path))?;
    Ok(rows.len())
}
