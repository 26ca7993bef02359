//! `triplan compare`: investment options over several years and demand futures, optionally
//! with the best build schedule (`--optimise`, `--enumerate`).

use super::{check_non_negative, emit, jobs_or_cores, parse_jobs, parse_kv};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;
use triplan::invest;
use triplan::{Backend, Error};

/// Arguments of `triplan compare`.
#[derive(clap::Args)]
pub struct Args {
    /// Study file (TOML).
    study: PathBuf,
    /// Output directory for comparison.csv, yearly.csv, cashflow.csv and comparison.json.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Years planned at once (default: the available cores; at most 4 times them).
    #[arg(long, value_parser = parse_jobs)]
    jobs: Option<usize>,
    /// Solve N representative weeks of each year instead of the study's setting (for the
    /// comparison, --optimise and --enumerate alike).
    #[arg(long, value_name = "N")]
    representative_weeks: Option<usize>,
    /// Plan LP relaxations of the year plans (persons and truck trips continuous) whatever
    /// the study says; without it or --mip the study's `relax` decides (whole people by
    /// default).
    #[arg(long, conflicts_with = "mip")]
    relax: bool,
    /// Plan whole people and truckloads (MIPs) in every year plan, even where the study
    /// says `relax = true`.
    #[arg(long)]
    mip: bool,
    /// Do not search the build years (by default every schedule is priced from the
    /// comparison's year plans, and the best is added to the compared sets).
    #[arg(long)]
    no_schedule_search: bool,
    /// With representative weeks, do not plan the recommended set and its runners-up again
    /// on the whole horizon (the ranking then rests on the sampled weeks alone).
    #[arg(long)]
    no_full_year_check: bool,
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
}

/// Compares the study's option sets, then finds the best schedule if asked; exit 1 when a
/// year could not be planned.
pub fn run(a: Args) -> anyhow::Result<u8> {
    // Every refusal before any work.
    check_non_negative("--time-limit", a.time_limit)?;
    check_non_negative("--mip-gap", Some(a.mip_gap))?;
    let guard = match &a.out {
        Some(dir) => Some(triplan::output::OutDir::check(
            dir,
            "compare",
            &triplan::output::source_of(&a.study),
            a.force,
            invest::FILES,
        )?),
        None => None,
    };
    let opts = invest::CompareOptions {
        jobs: jobs_or_cores(a.jobs),
        backend: a.solver.unwrap_or_else(Backend::default_for_build),
        schedule: !a.no_schedule_search,
        full_year_check: !a.no_full_year_check,
    };
    let start = Instant::now();
    let last = Mutex::new(Instant::now());
    let progress = |p: invest::Progress| {
        let mut l = last.lock().unwrap();
        if l.elapsed().as_secs_f64() >= 10.0 || p.done == p.total {
            *l = Instant::now();
            eprintln!("compare: {}/{} years planned", p.done, p.total);
        }
    };
    let mut st = invest::load_study(&a.study)?;
    if let Some(n) = a.representative_weeks {
        let w = st.base.instance.weeks;
        if n == 0 || n > w {
            return Err(Error::Usage(format!(
                "--representative-weeks {n}: expected 1 to {w} (the base instance's weeks)"
            ))
            .into());
        }
        st.representative_weeks = Some(n);
    }
    st.relax = (st.relax || a.relax) && !a.mip;
    eprintln!(
        "compare: year plans {}",
        if st.relax {
            "as LP relaxations (persons and truck trips continuous)"
        } else {
            "on whole people and truckloads (MIPs)"
        }
    );
    let c = invest::compare(&st, &opts, &progress)?;
    if let Some(g) = &guard {
        invest::write_into(&c, g)?;
    }
    let mut text = invest::text(&c);
    if a.optimise || a.enumerate {
        let mut found = Vec::new();
        if a.optimise {
            let o = invest::OptimiseOptions {
                jobs: opts.jobs,
                time_limit_s: a.time_limit,
                mip_gap: a.mip_gap,
                verbose: a.verbose,
                highs_options: a.highs_options,
            };
            // One model over every year and future holds every year plan: on whole people
            // it is out of reach, so its year models are the LP relaxations (the report's
            // schedule says so; --enumerate prices schedules from the comparison's plans).
            let mut lp = st.clone();
            if !lp.relax {
                eprintln!(
                    "compare: --optimise plans the years as LP relaxations inside its one model"
                );
                lp.relax = true;
            }
            found.push(invest::optimise(&lp, &o, &progress)?);
        }
        if a.enumerate {
            found.push(invest::enumerate(&st, &opts, &progress)?);
        }
        for s in &found {
            text += "\n";
            text += &invest::schedule_text(&st, s);
        }
        if let Some(dir) = a.out.as_deref() {
            invest::write_schedules(dir, &found)?;
        }
    }
    text += &format!("\ncompare: {:.1} s\n", start.elapsed().as_secs_f64());
    emit(&text);
    Ok(if c.failures.is_empty() { 0 } else { 1 })
}
