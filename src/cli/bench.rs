//! `triplan bench`: instance sizes and backends timed into a table.

use super::refuse_existing;
use std::path::PathBuf;

/// Arguments of `triplan bench`.
#[derive(clap::Args)]
pub struct Args {
    /// Sizes: S (the reference plant), M, L, XL, or instance directories.
    #[arg(long, value_delimiter = ',', default_value = "S,M")]
    sizes: Vec<String>,
    /// Sizes that also get MIP rows, one per installed MIP engine (default: the sizes given
    /// that are S or instance directories; generated M, L, XL only when named here, as
    /// their MIPs run for minutes; `none`: no MIP rows).
    #[arg(long, value_delimiter = ',')]
    mip_sizes: Option<Vec<String>>,
    /// LP backends timed on the LP relaxation.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "highs,highs-simplex,highs-ipm,clarabel"
    )]
    lp_backends: Vec<triplan::Backend>,
    /// MIP engines timed on the MIP (those not installed are left out, with a line saying so).
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "scip,cbc,highs"
    )]
    mip_backends: Vec<triplan::Backend>,
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
}

/// Runs the benchmark; with `--baseline`, exit 1 on a regression.
pub fn run(a: Args) -> anyhow::Result<u8> {
    // Arguments and the baseline are checked before the first solve.
    if let Some(path) = &a.out {
        refuse_existing(path)?;
    }
    let names: Vec<&str> = a.sizes.iter().map(String::as_str).collect();
    for name in &names {
        triplan::bench::check_size(name)?;
    }
    triplan::bench::check_tolerance(a.tolerance)?;
    let old = match &a.baseline {
        Some(path) => Some((path, triplan::bench::read_baseline(path)?)),
        None => None,
    };
    let mip_sizes: Vec<String> = match &a.mip_sizes {
        Some(m) if m.len() == 1 && m[0] == "none" => Vec::new(),
        Some(m) => m.clone(),
        None => (a.sizes.iter())
            .filter(|s| !triplan::bench::is_generated(s))
            .cloned()
            .collect(),
    };
    for m in &mip_sizes {
        if !a.sizes.contains(m) {
            return Err(triplan::Error::Usage(format!(
                "--mip-sizes {m}: not among --sizes ({})",
                a.sizes.join(",")
            ))
            .into());
        }
    }
    for b in &a.mip_backends {
        if let Err(why) = b.probe() {
            eprintln!("bench: no MIP rows for {}: {why}", b.name());
        }
    }
    let opts = triplan::bench::BenchOptions {
        backends: a.lp_backends.clone(),
        mip_backends: a.mip_backends.clone(),
        mip_sizes,
        ..triplan::bench::BenchOptions::new(a.repeats, &a.work_dir)
    };
    let rows = triplan::bench::bench_with(&names, &opts)?;
    triplan::bench::write_table(&rows, a.out.as_deref())?;
    if let Some((path, old)) = old {
        let regressions = triplan::bench::compare_rows(&old, &rows, a.tolerance);
        eprintln!(
            "{}",
            triplan::bench::verdict(path, &old, &rows, a.tolerance, &regressions)
        );
        return Ok(if regressions.is_empty() { 0 } else { 1 });
    }
    Ok(0)
}
