//! Bench: model sizes and solver timings on instances of growing size, one table row per
//! instance and backend, and a comparison of two tables to catch performance regressions.
//!
//! Sizes are the names of [`crate::generate::size`]: `S` is the reference instance
//! `instances/juratri-2014` (one site; looked up in the working directory, then in the
//! source tree), `M`, `L` and `XL` are generated into the work directory (10, 100 and 200
//! sites; seed 1). Any other name is taken as the path of an instance directory.
//!
//! Two kinds of rows (column `problem`). **LP rows**: every LP backend (`highs`,
//! `highs-simplex`, `highs-ipm`, `clarabel`) solves the LP relaxation (`--relax`), so that
//! they solve the same problem and the comparison is not about branch and bound. **MIP
//! rows**: every installed MIP engine (`scip`, `cbc`, `highs`; [`BenchOptions::mip_backends`])
//! solves the whole-people MIP to the default gap (1e-4), on the sizes of
//! [`BenchOptions::mip_sizes`]. Each solve runs [`crate::run`] without a MIP start: build,
//! solve and check, timed separately; the table holds the median of each over the repeats,
//! one solver thread, and a time limit per solve ([`BenchOptions::time_limit_s`], 600 s by
//! default). Engines not installed are left out of the table (the command says which).
//!
//! **Peak memory** is the process's resident high-water mark (`VmHWM` of `/proc/self/status`,
//! Linux only). It is process-wide: before each instance and backend it is reset by writing
//! `5` to `/proc/self/clear_refs`, so a row holds the peak of its own solves (including the
//! instance, which stays loaded); where the reset is refused the figure is the peak since the
//! process started, and rows only grow. Run sizes from small to large.
//!
//! # Regressions in CI
//!
//! Keep the table of the main branch as a build artifact (the CSV of [`write_table`]), run the
//! same sizes on the change with that table as the baseline:
//!
//! ```text
//! triplan bench --sizes S,M --repeats 5 --out main.csv                        # main branch, kept
//! triplan bench --sizes S,M --repeats 5 --baseline main.csv --tolerance 1.5   # the change
//! ```
//!
//! The second command checks its arguments and reads the baseline before any solve (a missing
//! or unreadable baseline, or one without rows, is refused with exit code 2), benchmarks, and
//! compares the new rows with the baseline's ([`compare_rows`]; `--out` is optional). It prints
//! one line either way ([`verdict`]): `no regression` with what was compared, or each
//! regression, and exits 1 on any.
//!
//! [`compare_rows`] reports, per (size, backend) row of the old table: a row missing from the
//! new one; a status that was `optimal` and is no longer, or a checker verdict that turned to
//! failed; an objective that moved by more than 1e-6 relative (when the model size is
//! unchanged: a different answer is a correctness change, not noise); and a slowdown. The
//! tolerance is a **ratio**: `solve_s` or `build_s` is a regression when it is above
//! `old × tolerance` **and** more than [`MIN_SECONDS`] (0.05 s) above the old figure; peak
//! memory when it is above `old × tolerance` and more than [`MIN_MIB`] (16 MiB) above. The two
//! floors keep noise out: a 10 ms solve that takes 30 ms on a busy runner, or a few MiB of
//! allocator slack, is not a regression. Timings of shared CI runners vary by 10-30 %: use
//! medians of 5 repeats or more and a tolerance of 1.25 or more, and compare tables from the
//! same machine type only.

use crate::error::{Error, InputError, Problem};
use crate::generate::{generate, size, GenerateOptions};
use crate::{build, load_instance, run, Backend, BuildOptions, RunOptions, SolveOptions};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One row of the table: one instance solved by one backend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchRow {
    /// Size name (`S`, `M`, ...) or the instance directory's name.
    pub size: String,
    /// Backend name as on the command line.
    pub backend: String,
    /// `lp` (the LP relaxation) or `mip` (whole people and trips); tables written before MIP
    /// rows existed read as `lp`.
    #[serde(default = "lp")]
    pub problem: String,
    /// Columns of the model.
    pub variables: usize,
    /// Rows of the model.
    pub constraints: usize,
    /// Non-zero coefficients of the rows.
    pub nonzeros: usize,
    /// Solves timed.
    pub repeats: usize,
    /// Median seconds building the model.
    pub build_s: f64,
    /// Median seconds solving (hand-over to the backend included).
    pub solve_s: f64,
    /// Median seconds in the checker.
    pub check_s: f64,
    /// Peak resident memory of the process, MiB (see the module documentation).
    pub peak_rss_mib: Option<f64>,
    /// Objective of the last solve (EUR), when it has a plan.
    pub objective: Option<f64>,
    /// Status of the last solve (`optimal`, `feasible`, `limit_no_solution`, ...).
    pub status: String,
    /// Whether the checker passed the last plan.
    pub check_passed: bool,
}

fn lp() -> String {
    "lp".into()
}

impl BenchRow {
    /// The row's key in comparisons: `size backend`, with ` mip` for MIP rows.
    pub fn key(&self) -> String {
        if self.problem == "mip" {
            format!("{} {} mip", self.size, self.backend)
        } else {
            format!("{} {}", self.size, self.backend)
        }
    }

    fn same_row(&self, o: &BenchRow) -> bool {
        self.size == o.size && self.backend == o.backend && self.problem == o.problem
    }
}

/// Options of [`bench_with`].
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Solves per instance and backend (the table holds medians).
    pub repeats: usize,
    /// Where generated instances are written (one subdirectory per size).
    pub work_dir: PathBuf,
    /// Backends to compare on the LP relaxation (those not in this build are skipped).
    pub backends: Vec<Backend>,
    /// Engines to compare on the MIP (those not installed are skipped).
    pub mip_backends: Vec<Backend>,
    /// Sizes that also get MIP rows (each must be among the sizes benchmarked).
    pub mip_sizes: Vec<String>,
    /// Wall-clock limit per solve, seconds.
    pub time_limit_s: Option<f64>,
    /// Seed of generated instances.
    pub seed: u64,
}

impl BenchOptions {
    /// Defaults: all four LP backends, the three MIP engines on no size, 600 s per solve,
    /// seed 1.
    pub fn new(repeats: usize, work_dir: &Path) -> Self {
        BenchOptions {
            repeats,
            work_dir: work_dir.to_path_buf(),
            backends: vec![
                Backend::Highs,
                Backend::HighsSimplex,
                Backend::HighsIpm,
                Backend::Clarabel,
            ],
            mip_backends: vec![Backend::Scip, Backend::Cbc, Backend::Highs],
            mip_sizes: Vec::new(),
            time_limit_s: Some(600.0),
            seed: 1,
        }
    }
}

/// Benchmarks the sizes with every backend of this build (see the module documentation).
pub fn bench(sizes: &[&str], repeats: usize, work_dir: &Path) -> Result<Vec<BenchRow>, Error> {
    bench_with(sizes, &BenchOptions::new(repeats, work_dir))
}

/// The instance directory of a size: the reference instance for `S`, a generated one for the
/// other named sizes, else the name itself as a path.
pub fn instance_dir(name: &str, work_dir: &Path, seed: u64) -> Result<PathBuf, Error> {
    if name.eq_ignore_ascii_case("S") {
        let here = PathBuf::from("instances/juratri-2014");
        if here.join("instance.toml").exists() {
            return Ok(here);
        }
        return Ok(Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/juratri-2014"));
    }
    if let Some(opts) = size(name) {
        let opts = GenerateOptions { seed, ..opts };
        let dir = work_dir.join(format!("{}-seed{}", name.to_ascii_uppercase(), seed));
        generate(&opts, &dir)?;
        return Ok(dir);
    }
    check_size(name)?;
    Ok(PathBuf::from(name))
}

/// Whether a size name is one that is generated (`M`, `L`, `XL`), not the reference or a
/// directory.
pub fn is_generated(name: &str) -> bool {
    !name.eq_ignore_ascii_case("S") && size(name).is_some()
}

/// Checks a size name without generating anything: `S`, `M`, `L`, `XL` or an existing
/// instance directory or file.
pub fn check_size(name: &str) -> Result<(), Error> {
    let p = Path::new(name);
    if name.eq_ignore_ascii_case("S") || size(name).is_some() || p.is_dir() || p.is_file() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "bench: unknown size \"{name}\", expected S, M, L, XL or an instance directory"
        )))
    }
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Resets the process's resident high-water mark (Linux); false where refused.
pub fn reset_peak_memory() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The process's resident high-water mark in MiB (`VmHWM`, Linux).
pub fn peak_memory_mib() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Benchmarks the sizes with the given options.
pub fn bench_with(sizes: &[&str], opts: &BenchOptions) -> Result<Vec<BenchRow>, Error> {
    let repeats = opts.repeats.max(1);
    // Every name is checked before the first (possibly long) solve.
    for name in sizes {
        check_size(name)?;
    }
    let mut rows = Vec::new();
    for &name in sizes {
        let dir = instance_dir(name, &opts.work_dir, opts.seed)?;
        let inst = load_instance(&dir)?;
        let label = if name.eq_ignore_ascii_case("S") || size(name).is_some() {
            name.to_ascii_uppercase()
        } else {
            dir.file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| name.to_string())
        };
        let mip = opts.mip_sizes.iter().any(|m| m == name);
        for (relax, backends) in [(true, &opts.backends), (false, &opts.mip_backends)] {
            if !relax && !mip {
                continue;
            }
            rows.extend(bench_instance(
                &inst, &label, relax, backends, repeats, opts,
            )?);
        }
    }
    Ok(rows)
}

/// The rows of one instance and problem (`relax`: the LP relaxation, else the MIP), one per
/// backend that can be used here.
fn bench_instance(
    inst: &crate::Instance,
    label: &str,
    relax: bool,
    backends: &[Backend],
    repeats: usize,
    opts: &BenchOptions,
) -> Result<Vec<BenchRow>, Error> {
    let mut rows = Vec::new();
    let bo = BuildOptions {
        relax,
        ..BuildOptions::default()
    };
    let nonzeros = crate::export::nonzeros(&build(inst, bo).model);
    for &backend in backends {
        if !backend.available() {
            continue;
        }
        let run_opts = RunOptions {
            build: bo,
            solve: SolveOptions {
                backend,
                time_limit_s: opts.time_limit_s,
                ..SolveOptions::default()
            },
            mip_start: false,
            shadow_prices: false,
        };
        reset_peak_memory();
        let (mut b, mut s, mut c) = (Vec::new(), Vec::new(), Vec::new());
        let mut last = None;
        for _ in 0..repeats {
            let solved = run(inst, &run_opts)?;
            b.push(solved.timings.build);
            s.push(solved.timings.solve);
            c.push(solved.timings.check);
            last = Some(solved);
        }
        let last = last.expect("at least one repeat");
        rows.push(BenchRow {
            size: label.to_string(),
            backend: backend.name().to_string(),
            problem: if relax { "lp" } else { "mip" }.to_string(),
            variables: last.model.variables,
            constraints: last.model.constraints,
            nonzeros,
            repeats,
            build_s: median(&mut b),
            solve_s: median(&mut s),
            check_s: median(&mut c),
            peak_rss_mib: peak_memory_mib(),
            objective: last.objective,
            status: last.status.name().to_string(),
            check_passed: last.check.as_ref().is_some_and(|c| c.passed),
        });
    }
    Ok(rows)
}

/// The table in Markdown.
pub fn markdown(rows: &[BenchRow]) -> String {
    let mut s = String::from(
        "| size | backend | problem | variables | constraints | nonzeros | build s | solve s | check s | build/solve | peak MiB | objective | status | check |\n\
         |---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n",
    );
    for r in rows {
        let share = if r.solve_s > 0.0 {
            format!("{:.2} %", 100.0 * r.build_s / r.solve_s)
        } else {
            "-".into()
        };
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {:.4} | {:.3} | {:.4} | {} | {} | {} | {} | {} |\n",
            r.size,
            r.backend,
            r.problem,
            r.variables,
            r.constraints,
            r.nonzeros,
            r.build_s,
            r.solve_s,
            r.check_s,
            share,
            r.peak_rss_mib.map_or("-".into(), |m| format!("{m:.0}")),
            r.objective.map_or("-".into(), |o| format!("{o:.2}")),
            r.status,
            if r.check_passed { "passed" } else { "failed" },
        ));
    }
    s
}

/// Writes the table as CSV to `path` (when given) and as Markdown to standard output.
pub fn write_table(rows: &[BenchRow], path: Option<&Path>) -> Result<(), Error> {
    if let Some(path) = path {
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut w = csv::Writer::from_path(path).map_err(|e| io(e.into()))?;
        for r in rows {
            w.serialize(r).map_err(|e| io(e.into()))?;
        }
        w.flush().map_err(io)?;
    }
    print!("{}", markdown(rows));
    Ok(())
}

/// Reads a table written by [`write_table`].
pub fn read_table(path: &Path) -> Result<Vec<BenchRow>, Error> {
    let bad = |msg: String| Error::Input(InputError::one(Problem::file(path, msg)));
    let mut r = csv::Reader::from_path(path).map_err(|e| {
        bad(format!(
            "cannot read file: {e} (expected a bench table CSV)"
        ))
    })?;
    r.deserialize()
        .enumerate()
        .map(|(i, row)| {
            row.map_err(|e| {
                bad(format!(
                    "row {}: {e} (expected the columns of triplan bench)",
                    i + 1
                ))
            })
        })
        .collect()
}

/// Seconds by which a solve or build must grow before it counts as a regression (below: noise).
pub const MIN_SECONDS: f64 = 0.05;
/// MiB by which peak memory must grow before it counts as a regression (below: noise).
pub const MIN_MIB: f64 = 16.0;

/// Checks a `--tolerance`: a finite ratio of at least 1 (1.5: flag a run 1.5 times slower).
pub fn check_tolerance(tolerance: f64) -> Result<(), Error> {
    if tolerance.is_finite() && tolerance >= 1.0 {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "--tolerance {tolerance}: expected a ratio of 1 or more (1.5 flags a run 1.5 times slower than the baseline)"
        )))
    }
}

/// Reads a baseline table for a comparison: like [`read_table`], and a table without rows is
/// refused (it would compare nothing and always pass).
pub fn read_baseline(path: &Path) -> Result<Vec<BenchRow>, Error> {
    let rows = read_table(path)?;
    if rows.is_empty() {
        return Err(Error::Input(InputError::one(Problem::file(
            path,
            "no rows (expected a bench table CSV written by triplan bench --out)",
        ))));
    }
    Ok(rows)
}

/// Compares two tables and lists the regressions of `new` against `old` (empty: none); see
/// the module documentation for the rules. `tolerance` is the slowdown ratio allowed (1.5: a
/// run 1.5 times slower than the old one is flagged, beyond the noise floors).
pub fn compare(old: &Path, new: &Path, tolerance: f64) -> Result<Vec<String>, Error> {
    check_tolerance(tolerance)?;
    Ok(compare_rows(
        &read_baseline(old)?,
        &read_table(new)?,
        tolerance,
    ))
}

/// The one-line outcome of a comparison against the baseline file `baseline`: `no regression`
/// with the rows compared, or the number of regressions and each of them (`regressions` as
/// [`compare_rows`] returned them for `old` and `new`).
pub fn verdict(
    baseline: &Path,
    old: &[BenchRow],
    new: &[BenchRow],
    tolerance: f64,
    regressions: &[String],
) -> String {
    let matched: Vec<String> = old
        .iter()
        .filter(|o| new.iter().any(|n| n.same_row(o)))
        .map(BenchRow::key)
        .collect();
    let unknown = new
        .iter()
        .filter(|n| !old.iter().any(|o| n.same_row(o)))
        .count();
    let extra = if unknown > 0 {
        format!("; {unknown} new row(s) not in the baseline")
    } else {
        String::new()
    };
    if regressions.is_empty() {
        format!(
            "bench: no regression against {} ({} row(s) compared: {}; tolerance x{tolerance}, floors {MIN_SECONDS} s and {MIN_MIB} MiB{extra})",
            baseline.display(),
            matched.len(),
            matched.join(", "),
        )
    } else {
        format!(
            "bench: {} regression(s) against {} (tolerance x{tolerance}): {}",
            regressions.len(),
            baseline.display(),
            regressions.join("; "),
        )
    }
}

/// [`compare`] on tables in memory.
pub fn compare_rows(old: &[BenchRow], new: &[BenchRow], tolerance: f64) -> Vec<String> {
    let mut out = Vec::new();
    for o in old {
        let at = o.key();
        let Some(n) = new.iter().find(|n| n.same_row(o)) else {
            out.push(format!("{at}: missing from the new table"));
            continue;
        };
        if o.status == "optimal" && n.status != "optimal" {
            out.push(format!("{at}: status {} (was optimal)", n.status));
        }
        if o.check_passed && !n.check_passed {
            out.push(format!("{at}: the checker failed the plan (it passed)"));
        }
        let same_model = o.variables == n.variables && o.constraints == n.constraints;
        if let (true, Some(a), Some(b)) = (same_model, o.objective, n.objective) {
            if (a - b).abs() > 1e-6 * a.abs().max(1.0) {
                out.push(format!(
                    "{at}: objective {b} (was {a}) on a model of the same size"
                ));
            }
        }
        let slower = |what: &str, a: f64, b: f64, out: &mut Vec<String>| {
            if b > a * tolerance && b - a > MIN_SECONDS {
                out.push(format!(
                    "{at}: {what} {b:.3} s (was {a:.3} s, x{:.2}, tolerance x{tolerance})",
                    b / a.max(1e-9),
                ));
            }
        };
        slower("solve_s", o.solve_s, n.solve_s, &mut out);
        slower("build_s", o.build_s, n.build_s, &mut out);
        if let (Some(a), Some(b)) = (o.peak_rss_mib, n.peak_rss_mib) {
            if b > a * tolerance && b - a > MIN_MIB {
                out.push(format!(
                    "{at}: peak memory {b:.0} MiB (was {a:.0} MiB, x{:.2}, tolerance x{tolerance})",
                    b / a.max(1e-9),
                ));
            }
        }
        if !same_model {
            if let Some(last) = out.last_mut().filter(|l| l.starts_with(&at)) {
                last.push_str(&format!(
                    " [model size changed: {}x{} -> {}x{}]",
                    o.variables, o.constraints, n.variables, n.constraints
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(size: &str, solve_s: f64, obj: f64) -> BenchRow {
        BenchRow {
            size: size.into(),
            backend: "highs".into(),
            problem: "lp".into(),
            variables: 10,
            constraints: 5,
            nonzeros: 20,
            repeats: 3,
            build_s: 0.01,
            solve_s,
            check_s: 0.001,
            peak_rss_mib: Some(100.0),
            objective: Some(obj),
            status: "optimal".into(),
            check_passed: true,
        }
    }

    #[test]
    fn medians() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
    }

    #[test]
    fn regressions_need_both_thresholds() {
        let old = vec![row("M", 1.0, 100.0), row("S", 0.01, 5.0)];
        // 20 % slower: within 25 %. S 3x slower but by 0.02 s only: noise.
        let new = vec![row("M", 1.2, 100.0), row("S", 0.03, 5.0)];
        assert!(compare_rows(&old, &new, 1.25).is_empty());
        let new = vec![row("M", 1.5, 100.0)];
        let r = compare_rows(&old, &new, 1.25);
        assert_eq!(r.len(), 2, "{r:?}");
        assert!(r[0].contains("solve_s"));
        assert!(r[1].contains("missing"));
        let mut bad = row("M", 1.0, 101.0);
        bad.status = "feasible".into();
        let r = compare_rows(&old[..1], &[bad], 1.25);
        assert_eq!(r.len(), 2, "{r:?}");
    }

    #[test]
    fn table_round_trips() {
        let dir = std::env::temp_dir().join(format!("triplan-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.csv");
        let mut r = row("M", 1.0, 100.0);
        r.peak_rss_mib = None;
        r.objective = None;
        let rows = vec![r, row("L", 2.0, 3.5)];
        write_table(&rows, Some(&path)).unwrap();
        assert_eq!(read_table(&path).unwrap(), rows);
        assert!(compare(&path, &path, 1.1).unwrap().is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn memory_is_readable_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(peak_memory_mib().unwrap() > 0.0);
        }
    }
}
