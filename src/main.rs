//! `triplan`: the command line over the library. Exit codes: 0 solved (a checked plan),
//! 1 internal error (including a plan the checker rejects), 2 bad input or usage,
//! 3 infeasible or unbounded, 4 limit hit without a usable plan.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use triplan::{Backend, BuildOptions, Error, RunOptions, SolveOptions, Status};

#[derive(Parser)]
#[command(
    name = "triplan",
    version,
    about = "Weekly plans for recycling plants run by work-integration enterprises"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Build, solve and check the weekly plan of an instance.
    Solve {
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
        /// Solver backend (default: highs where compiled in, else clarabel).
        #[arg(long, value_enum)]
        solver: Option<Backend>,
        /// Time limit in seconds, for the whole run (MIP start, MIP, any second solve).
        #[arg(long)]
        time_limit: Option<f64>,
        /// Relative MIP gap (default: HiGHS's 1e-4).
        #[arg(long)]
        mip_gap: Option<f64>,
        /// Solve the LP relaxation (truck trips continuous).
        #[arg(long)]
        relax: bool,
        /// Solver threads (1 to 4 times the available cores).
        #[arg(long, default_value_t = 1, value_parser = parse_threads)]
        threads: u32,
        /// Print the solver's log.
        #[arg(long)]
        verbose: bool,
        /// Re-solve with penalised slacks on targets, contracts, social rules, capacities and
        /// storage, and report which must give (automatic when the model is infeasible).
        #[arg(long)]
        explain: bool,
        /// Skip the MIP start (LP relaxation, rounded truck trips) handed to HiGHS under
        /// --time-limit (without a limit none is built).
        #[arg(long)]
        no_mip_start: bool,
        /// Pass an option to HiGHS, e.g. --highs-option mip_heuristic_effort=0.3 (repeatable).
        #[arg(long = "highs-option", value_parser = parse_kv)]
        highs_options: Vec<(String, String)>,
        /// Replace existing files and another run's results (see "Outputs" in the README).
        #[arg(long)]
        force: bool,
    },
    /// Solve every scenario of a study in parallel; results go to DIR as they finish.
    Sweep {
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
        /// Solver backend.
        #[arg(long, value_enum)]
        solver: Option<Backend>,
    },
    /// Write the HTML report of a sweep output directory (KPIs against the varied parameters) or
    /// of a comparison directory (NPV per option and future), or copy the report of a plan
    /// directory written by `solve --out`.
    Report {
        /// A sweep's or a plan's output directory.
        dir: PathBuf,
        /// The HTML file to write (default: DIR/report.html for a sweep).
        #[arg(long)]
        html: Option<PathBuf>,
        /// Replace existing files and another run's results (see "Outputs" in the README).
        #[arg(long)]
        force: bool,
    },
    /// Write a realistic instance of N sites (the same seed gives the same files).
    Generate {
        /// Number of sites.
        #[arg(long, required_unless_present = "size")]
        sites: Option<usize>,
        /// A named size instead: S, M (10 sites), L (100 sites), XL.
        #[arg(long)]
        size: Option<String>,
        /// Weeks in the horizon.
        #[arg(long, default_value_t = 52)]
        weeks: usize,
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Outlets served by whole truckloads (makes a MIP).
        #[arg(long, default_value_t = 0)]
        truck_outlets: usize,
        /// Output directory (new, or empty).
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the exact model `solve` builds as MPS or LP (by the file's extension).
    Export {
        /// Instance directory or file.
        instance: PathBuf,
        /// MPS file to write.
        #[arg(long)]
        mps: Option<PathBuf>,
        /// LP file to write.
        #[arg(long)]
        lp: Option<PathBuf>,
        /// Export the LP relaxation (truck trips continuous).
        #[arg(long)]
        relax: bool,
        /// Replace existing files and another run's results (see "Outputs" in the README).
        #[arg(long)]
        force: bool,
    },
    /// Benchmark instance sizes and backends; write a table (CSV) for CI to keep and compare.
    Bench {
        /// Sizes: S (the reference plant), M, L, XL, or instance directories.
        #[arg(long, value_delimiter = ',', default_value = "S,M")]
        sizes: Vec<String>,
        /// Solves per instance and backend (medians are reported).
        #[arg(long, default_value_t = 3)]
        repeats: usize,
        /// CSV table to write (also printed as Markdown).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Where generated instances go.
        #[arg(long, default_value = "target/bench-instances")]
        work_dir: PathBuf,
        /// Compare against an earlier table (read before any solve): exit 1 on a regression.
        #[arg(long)]
        baseline: Option<PathBuf>,
        /// Slowdown ratio flagged in --baseline comparisons (1.5: 1.5 times slower), beyond
        /// floors of 0.05 s and 16 MiB.
        #[arg(long, default_value_t = 1.5)]
        tolerance: f64,
    },
    /// Compare investment options over several years and demand futures: NPV, payback, regret,
    /// insertion jobs, recovery (see instances/juratri-2014/invest/).
    Compare {
        /// Study file (TOML).
        study: PathBuf,
        /// Output directory for comparison.csv, yearly.csv and comparison.json.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Years planned at once (default: the available cores; at most 4 times them).
        #[arg(long, value_parser = parse_jobs)]
        jobs: Option<usize>,
        /// Solve N representative weeks of each year instead of the study's setting (for the
        /// comparison, --optimise and --enumerate alike).
        #[arg(long, value_name = "N")]
        representative_weeks: Option<usize>,
        /// Also decide which options to build and when, by one mixed-integer model over the
        /// years (HiGHS).
        #[arg(long)]
        optimise: bool,
        /// Also find the best schedule by enumerating every schedule (a cross-check of
        /// --optimise; solves the year plan of every option set in every year).
        #[arg(long)]
        enumerate: bool,
        /// Time limit of the --optimise model (seconds).
        #[arg(long)]
        time_limit: Option<f64>,
        /// Relative gap at which the --optimise model stops.
        #[arg(long, default_value_t = 1e-7)]
        mip_gap: f64,
        /// Print HiGHS's log of the --optimise model.
        #[arg(long)]
        verbose: bool,
        /// Pass an option to HiGHS for the --optimise model, e.g.
        /// --highs-option mip_lp_solver=ipm (repeatable).
        #[arg(long = "highs-option", value_parser = parse_kv)]
        highs_options: Vec<(String, String)>,
        /// Solver backend.
        #[arg(long, value_enum)]
        solver: Option<Backend>,
        /// Replace existing files and another run's results (see "Outputs" in the README).
        #[arg(long)]
        force: bool,
    },
    /// Join the summaries of shard directories into one (every shard must be there).
    Merge {
        /// Shard output directories.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// Merge even if shards or scenarios are missing (their rows are then absent).
        #[arg(long)]
        partial: bool,
        /// Replace existing files and another run's results (see "Outputs" in the README).
        #[arg(long)]
        force: bool,
    },
    /// Report every problem of an instance's input files; exit 0 when clean.
    Validate {
        /// Instance directory (holding instance.toml) or instance file.
        instance: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e}");
            let code = e.downcast_ref::<Error>().map_or(1, Error::exit_code);
            ExitCode::from(code)
        }
    }
}

/// Most worker threads (`--jobs`, `--threads`): 4 times the available cores. More only adds
/// memory (one model per job) and contention, never speed.
fn max_workers() -> usize {
    4 * std::thread::available_parallelism().map_or(1, |n| n.get())
}

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

fn parse_jobs(s: &str) -> Result<usize, String> {
    parse_workers(s)
}

fn parse_threads(s: &str) -> Result<u32, String> {
    parse_workers(s).map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

fn parse_kv(s: &str) -> Result<(String, String), String> {
    let (k, v) = s.split_once('=').ok_or("expected NAME=VALUE")?;
    Ok((k.trim().to_string(), v.trim().to_string()))
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
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

/// Switches of `triplan sweep`.
struct SweepFlags {
    resume: bool,
    detail: bool,
    warm_start: bool,
    force: bool,
}

fn sweep_cmd(
    scenarios: PathBuf,
    out: PathBuf,
    jobs: Option<usize>,
    shard: Option<(usize, usize)>,
    flags: SweepFlags,
    solver: Option<Backend>,
) -> anyhow::Result<u8> {
    use std::io::IsTerminal;
    use triplan::sweep::{sweep, Progress, SweepOptions};
    let study = triplan::scenario::load_study(&scenarios)?;
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let opts = SweepOptions {
        jobs,
        shard,
        resume: flags.resume,
        detail: flags.detail,
        backend: solver.unwrap_or_else(Backend::default_for_build),
        warm_start: flags.warm_start,
        force: flags.force,
    };
    let total = triplan::sweep::shard_of(&study, shard).len();
    eprintln!(
        "sweep: {} scenarios{} of {}, {} jobs, into {}",
        total,
        shard
            .map(|(i, n)| format!(" (shard {i}/{n})"))
            .unwrap_or_default(),
        scenarios.display(),
        jobs,
        out.display()
    );
    let start = std::time::Instant::now();
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(total as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} scenarios  {per_sec}  eta {eta}  {msg}",
            )
            .expect("valid template"),
        );
        b
    });
    let last = std::sync::Mutex::new(std::time::Instant::now());
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
                    *l = std::time::Instant::now();
                    let rate = p.done as f64 / start.elapsed().as_secs_f64().max(1e-9);
                    eprintln!("sweep: {}/{} done ({rate:.2}/s), {msg}", p.done, p.total);
                }
            }
        }
    };
    let p = sweep(&study, &out, &opts, &on_progress)?;
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
        out.join("summary.csv").display()
    ));
    Ok(if p.failed > 0 { 1 } else { 0 })
}

/// Refuses to replace a file the user already has.
fn refuse_existing(path: &std::path::Path) -> Result<(), Error> {
    if path.exists() {
        return Err(Error::Usage(format!(
            "{}: already exists; expected a new file name (triplan does not overwrite files)",
            path.display()
        )));
    }
    Ok(())
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Sweep {
            scenarios,
            out,
            jobs,
            shard,
            resume,
            detail,
            no_warm_start,
            solver,
            force,
        } => sweep_cmd(
            scenarios,
            out,
            jobs,
            shard,
            SweepFlags {
                resume,
                detail,
                warm_start: !no_warm_start,
                force,
            },
            solver,
        ),
        Command::Report { dir, html, force } => {
            use triplan::output;
            let source = ["summary.csv", "comparison.csv", "report.html"]
                .into_iter()
                .map(|f| dir.join(f))
                .find(|p| p.is_file())
                .ok_or_else(|| Error::Usage(format!(
                    "{}: expected a sweep output directory (with summary.csv), a comparison directory (with comparison.csv) or a plan directory written by `triplan solve --out` (with report.html)",
                    dir.display()
                )))?;
            let own = dir.join("report.html");
            let target = html.unwrap_or_else(|| own.clone());
            let is_own = output::same_path(&target, &own);
            if output::same_path(&target, &source) && !source.ends_with("report.html") {
                return Err(Error::Usage(format!(
                    "--html {}: is the file this report is made from; expected another file name",
                    target.display()
                ))
                .into());
            }
            if is_own {
                // The directory's own report is triplan's to rewrite, unless the user put it there.
                output::refuse_symlink(&target)?;
                if output::occupied(&target)
                    && !output::listed(&dir, "report.html")
                    && !force
                    && !source.ends_with("report.html")
                {
                    return Err(Error::Usage(format!(
                        "{}: already exists and triplan did not write it; add --force to replace it, or give --html FILE",
                        target.display()
                    ))
                    .into());
                }
            } else {
                output::check_file(&target, force)?;
            }
            if source.ends_with("report.html") && is_own {
                emit(&format!("report: {}\n", target.display()));
                return Ok(0);
            }
            let page = if source.ends_with("summary.csv") {
                triplan::report::sweep_html(&source)?
            } else if source.ends_with("comparison.csv") {
                triplan::report::comparison_html(&source)?
            } else {
                std::fs::read_to_string(&source).map_err(|e| Error::Io {
                    path: source.clone(),
                    source: e,
                })?
            };
            output::write_atomic(&target, page.as_bytes())?;
            if is_own {
                output::register(&dir, "report.html")?;
            }
            emit(&format!("report: {}\n", target.display()));
            Ok(0)
        }
        Command::Generate {
            sites,
            size,
            weeks,
            seed,
            truck_outlets,
            out,
        } => {
            let mut opts = match (&size, sites) {
                (Some(name), _) => triplan::generate::size(name).ok_or_else(|| {
                    Error::Usage(format!("--size {name}: expected S, M, L or XL"))
                })?,
                (None, Some(n)) => triplan::generate::GenerateOptions {
                    sites: n,
                    weeks,
                    ..Default::default()
                },
                (None, None) => {
                    return Err(Error::Usage("expected --sites N or --size NAME".into()).into())
                }
            };
            opts.seed = seed;
            opts.truck_outlets = truck_outlets;
            if size.is_none() {
                opts.weeks = weeks;
            }
            let g = triplan::generate::generate(&opts, &out)?;
            emit(&format!(
                "generate: {} sites, {} areas, {} lines, {} outlets, {} weeks, {:.0} t into {}\n",
                g.sites,
                g.areas,
                g.lines,
                g.outlets,
                g.weeks,
                g.tonnes,
                g.dir.display()
            ));
            Ok(0)
        }
        Command::Export {
            instance,
            mps,
            lp,
            relax,
            force,
        } => {
            if mps.is_none() && lp.is_none() {
                return Err(Error::Usage("expected --mps FILE and/or --lp FILE".into()).into());
            }
            let targets: Vec<&std::path::Path> = [&mps, &lp]
                .into_iter()
                .flatten()
                .map(|p| p.as_path())
                .collect();
            triplan::output::check_distinct(&targets)?;
            for t in &targets {
                triplan::output::check_file(t, force)?;
            }
            let inst = triplan::load_instance(&instance)?;
            let f = triplan::build(
                &inst,
                BuildOptions {
                    relax,
                    ..Default::default()
                },
            );
            for path in [mps, lp].into_iter().flatten() {
                triplan::export::write_model(&inst, &f, &path)?;
                emit(&format!(
                    "export: {} ({} variables, {} constraints, {} integer)\n",
                    path.display(),
                    f.model.num_variables(),
                    f.model.num_constraints(),
                    f.model.integer_variables
                ));
            }
            Ok(0)
        }
        Command::Bench {
            sizes,
            repeats,
            out,
            work_dir,
            baseline,
            tolerance,
        } => {
            // Arguments and the baseline are checked before the first solve.
            if let Some(path) = &out {
                refuse_existing(path)?;
            }
            let names: Vec<&str> = sizes.iter().map(String::as_str).collect();
            for name in &names {
                triplan::bench::check_size(name)?;
            }
            triplan::bench::check_tolerance(tolerance)?;
            let old = match &baseline {
                Some(path) => Some((path, triplan::bench::read_baseline(path)?)),
                None => None,
            };
            let rows = triplan::bench::bench(&names, repeats, &work_dir)?;
            triplan::bench::write_table(&rows, out.as_deref())?;
            if let Some((path, old)) = old {
                let regressions = triplan::bench::compare_rows(&old, &rows, tolerance);
                eprintln!(
                    "{}",
                    triplan::bench::verdict(path, &old, &rows, tolerance, &regressions)
                );
                return Ok(if regressions.is_empty() { 0 } else { 1 });
            }
            Ok(0)
        }
        Command::Compare {
            study,
            out,
            jobs,
            representative_weeks,
            optimise,
            enumerate,
            time_limit,
            mip_gap,
            verbose,
            highs_options,
            solver,
            force,
        } => {
            use triplan::invest;
            // Every refusal before any work.
            let guard = match &out {
                Some(dir) => Some(triplan::output::OutDir::check(
                    dir,
                    "compare",
                    &triplan::output::source_of(&study),
                    force,
                    &[
                        "comparison.csv",
                        "yearly.csv",
                        "comparison.json",
                        "schedule.json",
                    ],
                )?),
                None => None,
            };
            let opts = invest::CompareOptions {
                jobs: jobs
                    .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
                backend: solver.unwrap_or_else(Backend::default_for_build),
            };
            let start = std::time::Instant::now();
            let last = std::sync::Mutex::new(std::time::Instant::now());
            let progress = |p: invest::Progress| {
                let mut l = last.lock().unwrap();
                if l.elapsed().as_secs_f64() >= 10.0 || p.done == p.total {
                    *l = std::time::Instant::now();
                    eprintln!("compare: {}/{} years planned", p.done, p.total);
                }
            };
            if !(mip_gap >= 0.0 && mip_gap.is_finite()) {
                return Err(triplan::Error::Usage(format!(
                    "--mip-gap {mip_gap}: expected a number from 0"
                ))
                .into());
            }
            let mut st = invest::load_study(&study)?;
            if let Some(n) = representative_weeks {
                let w = st.base.instance.weeks;
                if n == 0 || n > w {
                    return Err(triplan::Error::Usage(format!(
                        "--representative-weeks {n}: expected 1 to {w} (the base instance's weeks)"
                    ))
                    .into());
                }
                st.representative_weeks = Some(n);
            }
            let c = invest::compare(&st, &opts, &progress)?;
            if let Some(g) = &guard {
                invest::write_into(&c, g)?;
            }
            let mut text = invest::text(&c);
            if optimise || enumerate {
                let mut found = Vec::new();
                if optimise {
                    let o = invest::OptimiseOptions {
                        jobs: opts.jobs,
                        time_limit_s: time_limit,
                        mip_gap,
                        verbose,
                        highs_options: highs_options.clone(),
                    };
                    found.push(invest::optimise(&st, &o, &progress)?);
                }
                if enumerate {
                    found.push(invest::enumerate(&st, &opts, &progress)?);
                }
                for s in &found {
                    text += "\n";
                    text += &invest::schedule_text(&st, s);
                }
                if let Some(dir) = out.as_deref() {
                    invest::write_schedules(dir, &found)?;
                }
            }
            text += &format!("\ncompare: {:.1} s\n", start.elapsed().as_secs_f64());
            emit(&text);
            Ok(if c.failures.is_empty() { 0 } else { 1 })
        }
        Command::Merge {
            dirs,
            out,
            partial,
            force,
        } => {
            let n = triplan::sweep::merge(
                &dirs,
                &out,
                triplan::sweep::MergeOptions { partial, force },
            )?;
            emit(&format!(
                "merge: {n} scenarios into {}\n",
                out.join("summary.csv").display()
            ));
            Ok(0)
        }
        Command::Validate { instance } => {
            let inst = triplan::load_instance(&instance)?;
            emit(&format!(
                "{}: valid ({} weeks, {} sites, {} lines, {} streams, {} outlets, {:.1} t collected)\n",
                instance.display(),
                inst.weeks,
                inst.plant.sites.len(),
                inst.plant.lines.len(),
                inst.plant.streams.len(),
                inst.plant.outlets.len(),
                inst.supply_t.sum()
            ));
            Ok(0)
        }
        Command::Solve {
            instance,
            out,
            format,
            solver,
            time_limit,
            mip_gap,
            relax,
            threads,
            verbose,
            highs_options,
            no_mip_start,
            explain,
            html,
            xlsx,
            force,
        } => {
            // Every output is checked before any work (see "Outputs" in the README).
            let targets: Vec<&std::path::Path> = [&html, &xlsx, &out]
                .into_iter()
                .flatten()
                .map(|p| p.as_path())
                .collect();
            triplan::output::check_distinct(&targets)?;
            for f in [&html, &xlsx].into_iter().flatten() {
                triplan::output::check_file(f, force)?;
            }
            let guard = match &out {
                Some(dir) => {
                    let files = triplan::report::plan_files();
                    let names: Vec<&str> = files.iter().map(String::as_str).collect();
                    Some(triplan::output::OutDir::check(
                        dir,
                        "solve",
                        &triplan::output::source_of(&instance),
                        force,
                        &names,
                    )?)
                }
                None => None,
            };
            for (name, v) in [("--time-limit", time_limit), ("--mip-gap", mip_gap)] {
                if let Some(v) = v {
                    if !(v.is_finite() && v >= 0.0) {
                        return Err(Error::Usage(format!(
                            "{name}: got {v}, expected a non-negative number"
                        ))
                        .into());
                    }
                }
            }
            let inst = triplan::load_instance(&instance)?;
            let opts = RunOptions {
                build: BuildOptions {
                    relax,
                    ..Default::default()
                },
                solve: SolveOptions {
                    backend: solver.unwrap_or_else(Backend::default_for_build),
                    time_limit_s: time_limit,
                    mip_gap,
                    threads,
                    verbose,
                    highs_options,
                    ..SolveOptions::default()
                },
                mip_start: !no_mip_start,
                shadow_prices: true,
            };
            let solved = triplan::run(&inst, &opts)?;
            let infeasible = matches!(
                solved.status,
                Status::Infeasible | Status::InfeasibleOrUnbounded
            );
            let explanation = if explain || infeasible {
                Some(triplan::explain::explain(&inst, &opts.solve)?)
            } else {
                None
            };
            let mut text = match format {
                Format::Text => {
                    let mut t = triplan::report::text(&inst, &solved);
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
            if let Some(path) = &html {
                triplan::output::write_atomic(
                    path,
                    triplan::report::html(&inst, &solved).as_bytes(),
                )?;
            }
            if let Some(path) = &xlsx {
                triplan::output::produce_atomic(path, |tmp| {
                    triplan::report::write_xlsx(&inst, &solved, tmp)
                })?;
            }
            if let Some(g) = &guard {
                let files = triplan::report::write_into(g, &inst, &solved)?;
                if matches!(format, Format::Text) {
                    text += &format!("\nwrote {} files to {}\n", files.len(), g.path.display());
                }
            }
            emit(&text);
            if solved.status == Status::Rejected {
                eprintln!("error: the checker rejected the plan (see the violations above)");
            }
            Ok(solved.exit_code())
        }
    }
}
