//! Generate: synthetic, realistic instances of any size, for scale tests and solver benchmarks.
//!
//! [`generate`] writes an instance directory (`model.toml`, `instance.toml`, `tonnage.csv`,
//! `calendar.csv` and, unless turned off, `prices.csv`) that `triplan solve DIR` accepts. Every
//! plant is derived from the reference model, `models/juratri.toml`, built into the binary and
//! read through the loader's own records ([`crate::input::ModelFile`]); the files are written
//! with serde. The figures the reference model does not hold (its weekly series, and the rules
//! for varying it over many sites) are the generator's parameters, all in one module
//! (`src/generate/params.rs`):
//!
//! - **Sites** on a plane (one per 80 km × 80 km square, about a French département each). The
//!   one-site instance has the reference plant's lines at its tonnage; with several sites,
//!   each site gets a random subset of at least two of the reference's lines (each line at
//!   least at one site), processing 55-100 % of the reference tonnage of each of its lines.
//!   Rates, crews, yields, shifts, availabilities and running costs are the reference ones;
//!   storage and opening intake stock scale with the site's tonnage.
//! - **Staff**: the reference's staff groups at every site, with headcount ranges proportional
//!   to the site's person-hours of work (the reference ranges for the reference's 116,466
//!   person-hours a year), wages of the reference model times a regional factor of 0.97-1.05;
//!   the state-funded posts are 95 % of the insertion headcount ceilings summed over the sites.
//! - **Areas**: two per site, a near one (the "Jura": 55 % of the site's WEEE, all its
//!   packaging, 65 % of its wood) and a far one (the "Haute-Saône": 45 % of the WEEE, 35 % of
//!   the wood), each also connected to up to two nearby sites. Inbound transport costs
//!   3 EUR/t + 0.15 EUR/t per road km (road = 1.25 × straight line): 8 and 25 EUR/t in the
//!   reference at about 30 and 140 km.
//! - **Outlets**: the reference plant's outlets, in `1 + sites / 40` copies each (refiners and
//!   lead smelters: `1 + sites / 100`, 300-600 km away), each copy reachable from every site at
//!   3 EUR/t + 0.10 EUR/t per road km, with prices within ±5 % of the reference. Contracts
//!   scale with the expected production: the scrap dealers take at least half the ferrous
//!   scrap, the plastics recyclers at most 125 % of the WEEE plastics, the particle-board
//!   plants 50-85 % of the wood chips. No outlet is served by whole trucks unless
//!   [`GenerateOptions::truck_outlets`] asks for some (they make the model a MIP); those take
//!   the reference truck outlet's capacity and trip cost.
//! - **Weekly series**: the reference tonnage shapes (spring WEEE peak, CRT decline, summer
//!   packaging peak, DIY-season wood, dips in holiday and Christmas weeks) with ±6 % noise,
//!   rounded to 0.1 t; a calendar with the French public-holiday weeks (0.8), a two-week summer
//!   closure starting in week 31, 32 or 33 per site (0.3) and Christmas week (0.5), repeated
//!   every 52 weeks; weekly prices with the reference's ferrous slide and copper and cable
//!   moves.
//!
//! External contractors cost what they cost in the reference (a safety valve far above the
//! in-house cost) and every line runs well below capacity, so the plans are feasible.
//!
//! All randomness comes from a SplitMix64 generator seeded by [`GenerateOptions::seed`]:
//! the same options give byte-identical files on every platform.

mod model;
mod network;
mod params;
mod reference;
mod rng;
mod series;

use crate::error::Error;
use reference::Reference;
use rng::Rng;
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Number of sites (at least 1).
    pub sites: usize,
    /// Weeks in the horizon (1 to 520; default 52).
    pub weeks: usize,
    /// Seed of the random generator: the same seed gives the same files.
    pub seed: u64,
    /// Write `prices.csv` with weekly metal prices (default true).
    pub prices: bool,
    /// Outlets served by whole truckloads (integer trips: a MIP). The first ones are the
    /// particle-board plants, then the lead smelters. Default 0: an LP.
    pub truck_outlets: usize,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            sites: 1,
            weeks: 52,
            seed: 1,
            prices: true,
            truck_outlets: 0,
        }
    }
}

/// The named sizes of the benchmarks: `S` (the reference plant, one site, about 11 k
/// variables), `M` (10 sites, about 65 k), `L` (100 sites, about 1.1 M), `XL` (200 sites, about
/// 3.4 M). Case-insensitive; `None` for any other name.
pub fn size(name: &str) -> Option<GenerateOptions> {
    let sites = match name.to_ascii_uppercase().as_str() {
        "S" => 1,
        "M" => 10,
        "L" => 100,
        "XL" => 200,
        _ => return None,
    };
    Some(GenerateOptions {
        sites,
        ..GenerateOptions::default()
    })
}

/// What [`generate`] wrote.
#[derive(Debug, Clone)]
pub struct GenerateSummary {
    /// The instance directory.
    pub dir: PathBuf,
    /// The files written, in writing order.
    pub files: Vec<PathBuf>,
    /// Sites.
    pub sites: usize,
    /// Collection areas.
    pub areas: usize,
    /// Lines.
    pub lines: usize,
    /// Outlets (all copies).
    pub outlets: usize,
    /// Weeks.
    pub weeks: usize,
    /// Tonnes collected over the horizon.
    pub tonnes: f64,
}

/// First line of every generated `instance.toml`: marks a directory [`generate`] may overwrite.
const MARKER: &str = "# Generated by triplan generate";
/// The files [`generate`] may write.
const FILES: [&str; 5] = [
    "model.toml",
    "instance.toml",
    "tonnage.csv",
    "calendar.csv",
    "prices.csv",
];

/// `model.toml`: a comment naming its origin, then the model as serde writes it.
fn model_toml(opts: &GenerateOptions, model: &crate::input::ModelFile) -> Result<String, String> {
    let body = toml::to_string(model).map_err(|e| e.to_string())?;
    let n = opts.sites;
    Ok(format!(
        "{MARKER} (seed {}, {n} site{}): a synthetic network of plants with the lines, yields,\n\
         # rates, crews, wages, shifts and prices of the reference model (models/juratri.toml).\n\n\
         {body}",
        opts.seed,
        if n == 1 { "" } else { "s" }
    ))
}

/// Refuses a directory that holds anything but the files of an earlier [`generate`].
fn check_dir(dir: &Path) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    if !dir.exists() {
        return Ok(());
    }
    let refuse = || {
        Error::Usage(format!(
            "{}: the directory holds files that triplan generate did not write; expected a new or empty directory, or one from an earlier triplan generate",
            dir.display()
        ))
    };
    let mut names = Vec::new();
    for e in std::fs::read_dir(dir).map_err(io)? {
        names.push(e.map_err(io)?.file_name());
    }
    if names.is_empty() {
        return Ok(());
    }
    if names
        .iter()
        .any(|n| !FILES.iter().any(|f| std::ffi::OsStr::new(f) == n))
    {
        return Err(refuse());
    }
    let marked = std::fs::read_to_string(dir.join("instance.toml"))
        .map(|s| s.starts_with(MARKER))
        .unwrap_or(false);
    if marked {
        Ok(())
    } else {
        Err(refuse())
    }
}

/// A file that serde could not write (an error of the generator, not of its options).
fn unwritable<'a>(out: &'a Path, name: &'static str) -> impl Fn(String) -> Error + 'a {
    move |e| Error::Io {
        path: out.join(name),
        source: std::io::Error::other(e),
    }
}

/// Writes a generated instance into `out` (created if needed). Refuses a directory holding
/// files it did not write (a new or empty directory, or one from an earlier `generate`, is
/// fine). Same options, same bytes.
pub fn generate(opts: &GenerateOptions, out: &Path) -> Result<GenerateSummary, Error> {
    if opts.sites == 0 {
        return Err(Error::Usage(
            "generate: got 0 sites, expected at least 1".into(),
        ));
    }
    if opts.weeks == 0 || opts.weeks > 520 {
        return Err(Error::Usage(format!(
            "generate: got {} weeks, expected 1 to 520",
            opts.weeks
        )));
    }
    check_dir(out)?;
    let reference = Reference::builtin()?;
    let mut rng = Rng::new(opts.seed);
    let net = network::network(opts, &reference, &mut rng);
    let model = model::model(opts, &net, &reference);
    let model = model_toml(opts, &model).map_err(unwritable(out, "model.toml"))?;
    let (tonnage, tonnes) = series::tonnage_csv(opts, &net, &reference, &mut rng)
        .map_err(unwritable(out, "tonnage.csv"))?;
    let calendar = series::calendar_csv(opts, &net).map_err(unwritable(out, "calendar.csv"))?;
    let instance = series::instance_toml(opts).map_err(unwritable(out, "instance.toml"))?;
    let mut files: Vec<(&str, String)> = vec![
        ("model.toml", model),
        ("instance.toml", instance),
        ("tonnage.csv", tonnage),
        ("calendar.csv", calendar),
    ];
    if opts.prices {
        let prices =
            series::prices_csv(opts, &net, &reference).map_err(unwritable(out, "prices.csv"))?;
        files.push(("prices.csv", prices));
    }
    std::fs::create_dir_all(out).map_err(|source| Error::Io {
        path: out.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    for (name, text) in &files {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    // A file of an earlier run that this run does not write (prices.csv) would be stale.
    for name in FILES {
        if !files.iter().any(|(n, _)| *n == name) {
            let path = out.join(name);
            if path.exists() {
                std::fs::remove_file(&path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
            }
        }
    }
    Ok(GenerateSummary {
        dir: out.to_path_buf(),
        files: written,
        sites: net.sites.len(),
        areas: net.areas.len(),
        lines: net.sites.iter().map(|s| s.lines.len()).sum(),
        outlets: net.outlets.len(),
        weeks: opts.weeks,
        tonnes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(size("s").unwrap().sites, 1);
        assert_eq!(size("M").unwrap().sites, 10);
        assert_eq!(size("L").unwrap().sites, 100);
        assert!(size("XL").unwrap().sites > 100);
        assert!(size("XXL").is_none());
    }
}
