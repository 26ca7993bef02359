//! `triplan validate`: every problem of an instance's input files.

use super::emit;
use std::path::PathBuf;

/// Arguments of `triplan validate`.
#[derive(clap::Args)]
pub struct Args {
    /// Instance directory (holding instance.toml) or instance file.
    instance: PathBuf,
}

/// Loads the instance (every problem reported together) and prints its size.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let inst = triplan::load_instance(&a.instance)?;
    let period = (inst.first_monday)
        .map(|d| format!(", {}", triplan::dates::span(d, inst.weeks)))
        .unwrap_or_default();
    emit(&format!(
        "{}: valid ({} weeks{period}, {} sites, {} lines, {} streams, {} outlets, {:.1} t collected)\n",
        a.instance.display(),
        inst.weeks,
        inst.plant.sites.len(),
        inst.plant.lines.len(),
        inst.plant.streams.len(),
        inst.plant.outlets.len(),
        inst.supply_t.sum()
    ));
    emit(&format!("engines: {}", triplan::Backend::engines_found()));
    Ok(0)
}
