//! `triplan generate`: a realistic instance of N sites.

use super::emit;
use std::path::PathBuf;
use triplan::Error;

/// Arguments of `triplan generate`.
#[derive(clap::Args)]
pub struct Args {
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
}

/// Writes the instance into `--out` and prints what it holds.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let mut opts = match (&a.size, a.sites) {
        (Some(name), _) => triplan::generate::size(name)
            .ok_or_else(|| Error::Usage(format!("--size {name}: expected S, M, L or XL")))?,
        (None, Some(n)) => triplan::generate::GenerateOptions {
            sites: n,
            weeks: a.weeks,
            ..Default::default()
        },
        (None, None) => return Err(Error::Usage("expected --sites N or --size NAME".into()).into()),
    };
    opts.seed = a.seed;
    opts.truck_outlets = a.truck_outlets;
    if a.size.is_none() {
        opts.weeks = a.weeks;
    }
    let g = triplan::generate::generate(&opts, &a.out)?;
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
