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
        /// Output format on standard output.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Solver backend (default: highs where compiled in, else clarabel).
        #[arg(long, value_enum)]
        solver: Option<Backend>,
        /// Time limit in seconds.
        #[arg(long)]
        time_limit: Option<f64>,
        /// Relative MIP gap (default: HiGHS's 1e-4).
        #[arg(long)]
        mip_gap: Option<f64>,
        /// Solve the LP relaxation (truck trips continuous).
        #[arg(long)]
        relax: bool,
        /// Solver threads.
        #[arg(long, default_value_t = 1)]
        threads: u32,
        /// Print the solver's log.
        #[arg(long)]
        verbose: bool,
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
            let code = match e.downcast_ref::<Error>() {
                Some(Error::Input(_)) | Some(Error::Usage(_)) => 2,
                _ => 1,
            };
            ExitCode::from(code)
        }
    }
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
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
        } => {
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
                build: BuildOptions { relax },
                solve: SolveOptions {
                    backend: solver.unwrap_or_else(Backend::default_for_build),
                    time_limit_s: time_limit,
                    mip_gap,
                    threads,
                    verbose,
                },
            };
            let solved = triplan::run(&inst, &opts)?;
            let mut text = match format {
                Format::Text => triplan::report::text(&inst, &solved),
                Format::Json => {
                    serde_json::to_string_pretty(&triplan::report::json(&inst, &solved))? + "\n"
                }
            };
            if let Some(dir) = out {
                let files = triplan::report::write_dir(&dir, &inst, &solved)?;
                if matches!(format, Format::Text) {
                    text += &format!("\nwrote {} files to {}\n", files.len(), dir.display());
                }
            }
            emit(&text);
            Ok(match solved.status {
                Status::Optimal | Status::Feasible => {
                    if solved.check.as_ref().is_some_and(|c| c.passed) {
                        0
                    } else {
                        eprintln!(
                            "error: the checker rejected the plan (see the violations above)"
                        );
                        1
                    }
                }
                Status::Infeasible | Status::Unbounded | Status::InfeasibleOrUnbounded => 3,
                Status::LimitNoSolution => 4,
            })
        }
    }
}
