//! `triplan merge`: the summaries of shard directories joined into one.

use super::emit;
use std::path::PathBuf;

/// Arguments of `triplan merge`.
#[derive(clap::Args)]
pub struct Args {
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
}

/// Merges the shards' summaries into `--out`.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let n = triplan::sweep::merge(
        &a.dirs,
        &a.out,
        triplan::sweep::MergeOptions {
            partial: a.partial,
            force: a.force,
        },
    )?;
    emit(&format!(
        "merge: {n} scenarios into {}\n",
        a.out.join("summary.csv").display()
    ));
    Ok(0)
}
