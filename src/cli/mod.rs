//! The commands of `triplan`, one module each: its clap arguments (`Args`) and `run`, which
//! checks them, calls the library and returns the exit code. What several commands share
//! (worker counts, limits, `NAME=VALUE` options, printing) lives here, checked in one place.

pub mod bench;
pub mod compare;
pub mod export;
pub mod generate;
pub mod merge;
pub mod replan;
pub mod report;
pub mod solve;
pub mod sweep;
pub mod template;
pub mod validate;

use triplan::Error;

/// Most worker threads (`--jobs`, `--threads`): 4 times the available cores. More only adds
/// memory (one model per job) and contention, never speed.
fn max_workers() -> usize {
    4 * cores()
}

/// The available cores (1 when unknown): the default of `--jobs`.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `--jobs`, or the available cores.
pub fn jobs_or_cores(jobs: Option<usize>) -> usize {
    jobs.unwrap_or_else(cores)
}

/// Parses `--jobs` and `--threads`: a whole number from 1 to [`max_workers`].
fn parse_workers(s: &str) -> Result<usize, String> {
    let max = max_workers();
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "got {s}, expected a whole number from 1 to {max} (4 times the {} available cores)",
            max / 4
        )),
    }
}

/// Parses `--jobs`.
pub fn parse_jobs(s: &str) -> Result<usize, String> {
    parse_workers(s)
}

/// Parses `--threads`.
pub fn parse_threads(s: &str) -> Result<u32, String> {
    parse_workers(s).map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// Parses `--highs-option NAME=VALUE`.
pub fn parse_kv(s: &str) -> Result<(String, String), String> {
    let (k, v) = s.split_once('=').ok_or("expected NAME=VALUE")?;
    Ok((k.trim().to_string(), v.trim().to_string()))
}

/// Parses `--shard I/N` (1-based).
pub fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (i, n) = s.split_once('/').ok_or("expected I/N, e.g. 2/4")?;
    let i: usize = i
        .trim()
        .parse()
        .map_err(|_| "expected I/N with whole numbers")?;
    let n: usize = n
        .trim()
        .parse()
        .map_err(|_| "expected I/N with whole numbers")?;
    if i == 0 || n == 0 || i > n {
        return Err(format!("got {i}/{n}, expected 1 <= I <= N"));
    }
    Ok((i, n))
}

/// Checks a time limit or a MIP gap (`--time-limit`, `--mip-gap` of every command): a finite
/// number from 0, when given.
pub fn check_non_negative(name: &str, v: Option<f64>) -> Result<(), Error> {
    match v {
        Some(v) if !(v.is_finite() && v >= 0.0) => Err(Error::Usage(format!(
            "{name}: got {v}, expected a non-negative number"
        ))),
        _ => Ok(()),
    }
}

/// `--solver`'s long help: the choice, and the engines found on this machine.
fn solver_help() -> String {
    format!(
        "Solver engine. Default: auto, the fastest installed on this model family (measured: \
         SCIP, then CBC, then HiGHS for MIPs; HiGHS for LPs); every report names the engine \
         that solved.\n\nOn this machine {}",
        triplan::Backend::engines_found()
    )
}

/// The solver options of `solve` and `replan`, and the run options they make.
#[derive(clap::Args)]
pub struct SolverArgs {
    /// Solver engine (default: auto, the fastest installed: SCIP, then CBC, then HiGHS for
    /// MIPs; HiGHS for LPs).
    #[arg(long, value_enum, long_help = solver_help())]
    solver: Option<triplan::Backend>,
    /// Time limit in seconds, for the whole run (MIP start, MIP, any second solve); with
    /// `replan --rolling`, for each step's.
    #[arg(long)]
    time_limit: Option<f64>,
    /// Relative MIP gap (default: HiGHS's 1e-4).
    #[arg(long)]
    mip_gap: Option<f64>,
    /// Solve the LP relaxation (truck trips and persons continuous).
    #[arg(long)]
    relax: bool,
    /// Solver threads (1 to 4 times the available cores).
    #[arg(long, default_value_t = 1, value_parser = parse_threads)]
    threads: u32,
    /// Print the solver's log.
    #[arg(long)]
    verbose: bool,
    /// Skip the MIP start (LP relaxation, rounded truck trips) handed to HiGHS under
    /// --time-limit (without a limit none is built).
    #[arg(long)]
    no_mip_start: bool,
    /// Pass an option to HiGHS, e.g. --highs-option mip_heuristic_effort=0.3 (repeatable).
    #[arg(long = "highs-option", value_parser = parse_kv)]
    highs_options: Vec<(String, String)>,
}

impl SolverArgs {
    /// The run options, once `--time-limit` and `--mip-gap` are checked.
    pub fn run_options(&self, shadow_prices: bool) -> Result<triplan::RunOptions, Error> {
        check_non_negative("--time-limit", self.time_limit)?;
        check_non_negative("--mip-gap", self.mip_gap)?;
        Ok(triplan::RunOptions {
            build: triplan::BuildOptions {
                relax: self.relax,
                ..Default::default()
            },
            solve: triplan::SolveOptions {
                backend: (self.solver).unwrap_or_else(triplan::Backend::default_for_build),
                time_limit_s: self.time_limit,
                mip_gap: self.mip_gap,
                threads: self.threads,
                verbose: self.verbose,
                highs_options: self.highs_options.clone(),
                ..triplan::SolveOptions::default()
            },
            mip_start: !self.no_mip_start,
            shadow_prices,
        })
    }
}

/// Where `solve` and `replan` write a plan: `--html`, `--xlsx` and the `--out` directory.
pub struct PlanOutputs<'a> {
    /// `--html FILE`.
    pub html: Option<&'a std::path::Path>,
    /// `--xlsx FILE`.
    pub xlsx: Option<&'a std::path::Path>,
    /// `--out DIR`.
    pub out: Option<&'a std::path::Path>,
    /// `--force`.
    pub force: bool,
    /// `--actuals FILE` (`replan`), an input besides the instance's.
    pub actuals: Option<&'a std::path::Path>,
}

impl PlanOutputs<'_> {
    /// Checks every output before any work (see "Outputs" in the README): distinct paths,
    /// files that may be written, and the `--out` directory for `command`'s files `names`,
    /// whose guard is returned.
    pub fn check(
        &self,
        instance: &std::path::Path,
        command: &'static str,
        names: &[&str],
    ) -> Result<Option<triplan::output::OutDir>, Error> {
        let targets: Vec<&std::path::Path> = [self.html, self.xlsx, self.out]
            .into_iter()
            .flatten()
            .collect();
        triplan::output::check_distinct(&targets)?;
        let inputs = self.inputs(instance);
        let guard = match self.out {
            Some(dir) => Some(triplan::output::OutDir::check(
                dir,
                command,
                &triplan::output::source_of(instance),
                self.force,
                names,
            )?),
            None => None,
        };
        for f in [self.html, self.xlsx].into_iter().flatten() {
            triplan::output::refuse_input(f, &inputs)?;
            triplan::output::check_parent(f, self.out)?;
            // A page an earlier run of the same command wrote into `--out` is replaced with
            // the rest of that directory.
            if !guard.as_ref().is_some_and(|g| earlier_wrote(g, f)) {
                triplan::output::check_file(f, self.force)?;
            }
        }
        let Some(guard) = guard else {
            return Ok(None);
        };
        // The directory's own files and those an earlier run left there (removed at `begin`).
        let earlier = guard.earlier.iter().flat_map(|m| m.files.iter());
        for name in names.iter().copied().chain(earlier.map(String::as_str)) {
            triplan::output::refuse_input(&guard.path.join(name), &inputs)?;
        }
        Ok(Some(guard))
    }

    /// The files this run reads: the instance's (`triplan::input::input_files`) and
    /// `--actuals`.
    fn inputs(&self, instance: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut v = triplan::input::input_files(instance);
        v.extend(self.actuals.map(std::path::Path::to_path_buf));
        v
    }

    /// Writes the plan's HTML report and workbook where asked, after the `--out` directory's
    /// files (`guard`): a file written into that directory is listed in its manifest.
    pub fn write_reports(
        &self,
        inst: &triplan::Instance,
        solved: &triplan::Solved,
        guard: Option<&triplan::output::OutDir>,
    ) -> anyhow::Result<()> {
        if let Some(path) = self.html {
            triplan::output::write_atomic(path, triplan::report::html(inst, solved).as_bytes())?;
            register_in(guard, path)?;
        }
        if let Some(path) = self.xlsx {
            triplan::output::produce_atomic(path, |tmp| {
                triplan::report::write_xlsx(inst, solved, tmp)
            })?;
            register_in(guard, path)?;
        }
        Ok(())
    }
}

/// The name of `path` when it lies directly in the `--out` directory of `g`.
fn name_in(g: &triplan::output::OutDir, path: &std::path::Path) -> Option<String> {
    let name = path.file_name()?;
    let parent = match path.parent()? {
        p if p.as_os_str().is_empty() => std::path::Path::new("."),
        p => p,
    };
    triplan::output::same_path(parent, &g.path).then(|| name.to_string_lossy().to_string())
}

/// Whether the earlier run in `g`'s directory (accepted by its check) wrote `path`.
fn earlier_wrote(g: &triplan::output::OutDir, path: &std::path::Path) -> bool {
    let Some(name) = name_in(g, path) else {
        return false;
    };
    g.earlier.as_ref().is_some_and(|m| m.files.contains(&name))
}

/// Lists `path` in the `--out` directory's manifest when it was written there.
fn register_in(
    guard: Option<&triplan::output::OutDir>,
    path: &std::path::Path,
) -> Result<(), Error> {
    if let Some((g, name)) = guard.and_then(|g| name_in(g, path).map(|n| (g, n))) {
        triplan::output::register(&g.path, &name)?;
    }
    Ok(())
}

/// Refuses to replace a file the user already has.
pub fn refuse_existing(path: &std::path::Path) -> Result<(), Error> {
    if path.exists() {
        return Err(Error::Usage(format!(
            "{}: already exists; expected a new file name (triplan does not overwrite files)",
            path.display()
        )));
    }
    Ok(())
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
pub fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}
