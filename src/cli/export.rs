//! `triplan export`: the model `solve` builds, as MPS or LP.

use super::emit;
use std::path::{Path, PathBuf};
use triplan::{BuildOptions, Error};

/// Arguments of `triplan export`.
#[derive(clap::Args)]
pub struct Args {
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
}

/// Checks every target, builds the model once and writes each file.
pub fn run(a: Args) -> anyhow::Result<u8> {
    if a.mps.is_none() && a.lp.is_none() {
        return Err(Error::Usage("expected --mps FILE and/or --lp FILE".into()).into());
    }
    let targets: Vec<&Path> = [&a.mps, &a.lp]
        .into_iter()
        .flatten()
        .map(|p| p.as_path())
        .collect();
    triplan::output::check_distinct(&targets)?;
    for t in &targets {
        triplan::output::check_file(t, a.force)?;
    }
    let inst = triplan::load_instance(&a.instance)?;
    let f = triplan::build(
        &inst,
        BuildOptions {
            relax: a.relax,
            ..Default::default()
        },
    );
    for path in [a.mps, a.lp].into_iter().flatten() {
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
