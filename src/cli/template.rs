//! `triplan template`: a workbook to fill in for a plant model.

use std::path::PathBuf;

/// Arguments of `triplan template`.
#[derive(clap::Args)]
pub struct Args {
    /// The plant model (TOML) the workbook is for.
    model: PathBuf,
    /// Weeks of the horizon: one tonnage row per week, area and stream.
    #[arg(long, default_value_t = 52)]
    weeks: usize,
    /// The workbook to write (.xlsx); an existing file is never replaced.
    #[arg(long, value_name = "FILE.xlsx")]
    out: PathBuf,
}

/// Checks the model, then writes the workbook (sheets README, tonnage, prices, calendar).
pub fn run(a: Args) -> anyhow::Result<u8> {
    triplan::input::template::write_for_model(&a.model, a.weeks, &a.out)?;
    eprintln!(
        "template: {} written for {} ({} weeks); fill in the tonnage sheet, then name it in \
         instance.toml (workbook = \"{}\")",
        a.out.display(),
        a.model.display(),
        a.weeks,
        a.out
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    );
    Ok(0)
}
