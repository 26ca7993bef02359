//! `triplan`: the command line over the library. Exit codes: 0 solved (a checked plan),
//! 1 internal error (including a plan the checker rejects), 2 bad input or usage,
//! 3 infeasible or unbounded, 4 limit hit without a usable plan.
//!
//! This file holds the command tree and the dispatch; each command's arguments and body are
//! in `src/cli/<command>.rs`.

mod cli;

use clap::{Parser, Subcommand};
use std::process::ExitCode;
use triplan::Error;

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

#[derive(Subcommand)]
enum Command {
    /// Build, solve and check the weekly plan of an instance.
    Solve(cli::solve::Args),
    /// Re-plan the rest of the horizon with the past fixed to its actuals, or replay a year
    /// week by week (--rolling).
    Replan(cli::replan::Args),
    /// Solve every scenario of a study in parallel; results go to DIR as they finish.
    Sweep(cli::sweep::Args),
    /// Write the HTML report of a sweep output directory (KPIs against the varied parameters) or
    /// of a comparison directory (NPV per option and future), or copy the report of a plan
    /// directory written by `solve --out`.
    Report(cli::report::Args),
    /// Write a realistic instance of N sites (the same seed gives the same files).
    Generate(cli::generate::Args),
    /// Write the exact model `solve` builds as MPS or LP (by the file's extension).
    Export(cli::export::Args),
    /// Benchmark instance sizes and backends; write a table (CSV) for CI to keep and compare.
    Bench(cli::bench::Args),
    /// Compare investment options over several years and demand futures: NPV, payback, regret,
    /// insertion jobs, recovery (see instances/juratri-2014/invest/).
    Compare(cli::compare::Args),
    /// Join the summaries of shard directories into one (every shard must be there).
    Merge(cli::merge::Args),
    /// Report every problem of an instance's input files; exit 0 when clean.
    Validate(cli::validate::Args),
    /// Write a workbook to fill in for a plant model (tonnage, prices and calendar sheets).
    Template(cli::template::Args),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Solve(a) => cli::solve::run(a),
        Command::Replan(a) => cli::replan::run(a),
        Command::Sweep(a) => cli::sweep::run(a),
        Command::Report(a) => cli::report::run(a),
        Command::Generate(a) => cli::generate::run(a),
        Command::Export(a) => cli::export::run(a),
        Command::Bench(a) => cli::bench::run(a),
        Command::Compare(a) => cli::compare::run(a),
        Command::Merge(a) => cli::merge::run(a),
        Command::Validate(a) => cli::validate::run(a),
        Command::Template(a) => cli::template::run(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.downcast_ref::<Error>().map_or(1, Error::exit_code))
        }
    }
}
