//! Which options to build, and when: the build schedule with the least expected net present
//! cost, over every start year of every option.
//!
//! Each year is planned on its own (no stock carries over between years), so a year's
//! operating cost depends only on the options in service that year. Once built, an option
//! stays in service to the end of the study (checked: every lifetime must reach the last year
//! from the option's earliest year). So the yearly costs of every valid option set, in every
//! year from its options' earliest years, are all a schedule needs: they are solved like the
//! comparison's combinations, then a dynamic program over the years picks, for each year, the
//! set in service, growing only (`S_{y-1} ⊆ S_y`), minimising
//!
//! ```text
//!   sum_y at_end(y) (sum_f w_f op[y, S_y, f] + fixed(S_y))
//! + sum_o [ at_start(s_o) (capital_o - grants_o) - at_end(Y - 1) residual_o(s_o) ]
//! ```
//!
//! This is exact for the study's model, but it is not one mixed-integer model over the years:
//! it enumerates the sets (at most 2^12) and decides the schedule by dynamic programming.

use super::evaluate::{evaluate_jobs, CompareOptions, Progress};
use super::finance::{at_end, at_start, linear_residual};
use super::study::{set_name, set_problems, InvestStudy, OptionSet};
use crate::error::Error;
use serde::Serialize;

/// The best build schedule.
#[derive(Debug, Clone, Serialize)]
pub struct Schedule {
    /// Options built, with their start years, in option order.
    pub starts: Vec<(String, i32)>,
    /// Name in the comparison's style (`a + b@2027`).
    pub name: String,
    /// Expected NPV against the status quo (EUR).
    pub expected_npv_eur: f64,
    /// NPV under each future (EUR).
    pub npv_eur: Vec<f64>,
    /// The set in service each year.
    pub in_service: Vec<Vec<String>>,
    /// Distinct instances solved.
    pub solves: usize,
}

/// Finds the build schedule of least expected net present cost (futures weighted).
pub fn optimise(
    st: &InvestStudy,
    opts: &CompareOptions,
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<Schedule, Error> {
    let last = st.last_year();
    for o in &st.options {
        if o.earliest_year + o.lifetime_years as i32 - 1 < last {
            return Err(Error::Usage(format!(
                "optimise: option \"{}\" would retire before {last} if built in {} (lifetime {} years); the schedule search assumes options stay in service to the end of the study",
                o.name, o.earliest_year, o.lifetime_years
            )));
        }
    }
    let n = st.options.len();
    if n > 12 {
        return Err(Error::Usage(format!(
            "optimise: {n} options, expected at most 12"
        )));
    }
    // Every valid set, its options at their earliest year; index 0 is the status quo.
    let mut masks = vec![0u32];
    let mut sets = vec![st.sets[0].clone()];
    for mask in 1u32..(1 << n) {
        let members: Vec<(usize, i32)> = (0..n)
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| (i, st.options[i].earliest_year))
            .collect();
        if set_problems(&st.options, &members, last).is_empty() {
            masks.push(mask);
            sets.push(OptionSet {
                name: set_name(&st.options, &members),
                options: members,
            });
        }
    }
    let mut study = st.clone();
    study.sets = sets;
    let (jobs, outcomes) = evaluate_jobs(&study, opts, on_progress, false)?;
    let (ns, nf, ny) = (masks.len(), st.futures.len(), st.years);
    let mut op = vec![vec![vec![None; ny]; nf]; ns];
    for j in &jobs {
        op[j.set][j.future][j.year] = outcomes[j.instance].operating_eur;
    }
    let r = st.discount_rate;
    let opt_in = |k: usize| {
        let m = masks[k];
        (0..n).filter(move |i| m & (1 << i) != 0)
    };
    let fixed = |k: usize| -> f64 { opt_in(k).map(|i| st.options[i].fixed_eur_per_year).sum() };
    let start_cost = |i: usize, y: usize| -> f64 {
        let o = &st.options[i];
        let residual = o
            .residual_value_eur
            .unwrap_or_else(|| linear_residual(o.capital_eur, o.lifetime_years, ny - y));
        at_start(r, y) * (o.capital_eur - o.grants_eur) - at_end(r, ny - 1) * residual
    };
    let weights: Vec<f64> = st.futures.iter().map(|f| f.weight).collect();
    // Expected yearly cost of set k in year y, when it may be in service then.
    let yearly = |k: usize, y: usize| -> Option<f64> {
        let cal = st.first_year + y as i32;
        if opt_in(k).any(|i| st.options[i].earliest_year > cal) {
            return None;
        }
        let mut e = 0.0;
        for (f, w) in weights.iter().enumerate() {
            e += w * op[k][f][y]?;
        }
        Some(e + fixed(k))
    };
    // cost[y][k]: least expected NPC of years 0..=y ending with set k in service in year y.
    let mut cost = vec![vec![f64::INFINITY; ns]; ny];
    let mut prev = vec![vec![0usize; ns]; ny];
    for y in 0..ny {
        for k in 0..ns {
            let Some(c) = yearly(k, y) else { continue };
            for p in 0..ns {
                if masks[p] & !masks[k] != 0 {
                    continue;
                }
                let before = if y == 0 {
                    if p == 0 {
                        0.0
                    } else {
                        continue;
                    }
                } else {
                    cost[y - 1][p]
                };
                let new: f64 = (0..n)
                    .filter(|&i| masks[k] & !masks[p] & (1 << i) != 0)
                    .map(|i| start_cost(i, y))
                    .sum();
                let total = before + new + at_end(r, y) * c;
                if total < cost[y][k] - 1e-9 {
                    cost[y][k] = total;
                    prev[y][k] = p;
                }
            }
        }
    }
    let (mut k, best) = cost[ny - 1]
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .map(|(k, v)| (k, *v))
        .expect("at least the status quo");
    if !best.is_finite() {
        return Err(Error::Solver(
            "optimise: no schedule has a usable plan in every year".into(),
        ));
    }
    let mut path = vec![0; ny];
    for y in (0..ny).rev() {
        path[y] = k;
        k = prev[y][k];
    }
    let mut starts: Vec<(usize, i32)> = Vec::new();
    for (y, &k) in path.iter().enumerate() {
        for i in opt_in(k) {
            if !starts.iter().any(|s| s.0 == i) {
                starts.push((i, st.first_year + y as i32));
            }
        }
    }
    starts.sort();
    // Per-future NPV of the schedule.
    let capital: f64 = starts
        .iter()
        .map(|&(i, s)| start_cost(i, (s - st.first_year) as usize))
        .sum();
    let npv_eur: Vec<f64> = (0..nf)
        .map(|f| {
            let mut sq = 0.0;
            let mut me = capital;
            for (y, &k) in path.iter().enumerate() {
                sq += at_end(r, y) * op[0][f][y].unwrap_or(f64::NAN);
                me += at_end(r, y) * (op[k][f][y].unwrap_or(f64::NAN) + fixed(k));
            }
            sq - me
        })
        .collect();
    let sq_expected: f64 = (0..ny)
        .map(|y| at_end(r, y) * yearly(0, y).unwrap_or(f64::NAN))
        .sum();
    Ok(Schedule {
        name: set_name(&st.options, &starts),
        starts: starts
            .iter()
            .map(|&(i, s)| (st.options[i].name.clone(), s))
            .collect(),
        expected_npv_eur: sq_expected - best,
        npv_eur,
        in_service: path
            .iter()
            .map(|&k| opt_in(k).map(|i| st.options[i].name.clone()).collect())
            .collect(),
        solves: outcomes.len(),
    })
}
