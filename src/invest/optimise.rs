//! Which options to build, and when: the build schedule of least expected net present cost.
//!
//! - [`optimise`] solves **one mixed-integer model over the years** ([`super::mip`]): build
//!   variables `b[o,t]`, in-service variables `u[o,y]`, and every year's weekly plant model
//!   under every future, each option's parts switched by `u[o,y]`. It then plans the chosen
//!   schedule again year by year with the ordinary engine and checker, and reports those
//!   figures (they must agree with the mixed-integer model's objective).
//! - [`enumerate`] is the reference it is tested against: every year plan of every option set
//!   that may be in service is solved, then every schedule (each option built in one of its
//!   years, or never) is priced from them, and the cheapest is kept.
//!
//! Both price a schedule the same way (timing as in [`super::finance`]):
//!
//! ```text
//! NPC_f = sum_y at_end(y) (op[y, S_y, f] + sum_{o in S_y} fixed_o)
//!       + sum_o [ at_start(t_o) (capital_o - grants_o) - at_end(Y - 1) residual_o(t_o) ]
//! ```
//!
//! where `S_y` is the set in service in year `y` (option `o` from its build year `t_o` for
//! `lifetime_o` years), and the expected NPC weights the futures. An option that requires
//! another may be in service only while that one is; options that exclude each other are
//! never both built.

use super::evaluate::{
    key, solve_cached, year_instance, year_problems, CompareOptions, PlanCache, Progress,
};
use super::finance::{at_end, at_start, linear_residual};
use super::mip;
use super::study::{closure, InvestStudy};
use super::YearOutcome;
use crate::error::{Error, InputError, Problem};
use crate::plant::Instance;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// Most option sets that may be in service in one year (the multi-year model verifies each).
pub const MAX_SETS_PER_YEAR: usize = 128;

/// The best build schedule.
#[derive(Debug, Clone, Serialize)]
pub struct Schedule {
    /// How it was found: `mip` or `enumeration`.
    pub method: String,
    /// Options built, with their start years, in option order.
    pub starts: Vec<(String, i32)>,
    /// Name in the comparison's style (`a + b@2027`).
    pub name: String,
    /// Expected NPV against the status quo (EUR), from the year plans solved one by one.
    pub expected_npv_eur: f64,
    /// NPV under each future (EUR).
    pub npv_eur: Vec<f64>,
    /// The set in service each year.
    pub in_service: Vec<Vec<String>>,
    /// Distinct year plans solved.
    pub solves: usize,
    /// Schedules priced (enumeration).
    pub schedules: usize,
    /// The multi-year model's figures (`mip` only).
    pub mip: Option<mip::MipFigures>,
}

/// Options of [`optimise`].
#[derive(Debug, Clone)]
pub struct OptimiseOptions {
    /// Threads: year models are built in parallel, the re-planning solves in parallel, and
    /// HiGHS gets as many.
    pub jobs: usize,
    /// Time limit of the mixed-integer solve (seconds).
    pub time_limit_s: Option<f64>,
    /// Relative MIP gap at which HiGHS stops.
    pub mip_gap: f64,
    /// Print HiGHS's log.
    pub verbose: bool,
    /// Further HiGHS options for the mixed-integer solve (name, value as text).
    pub highs_options: Vec<(String, String)>,
}

impl Default for OptimiseOptions {
    fn default() -> Self {
        OptimiseOptions {
            jobs: CompareOptions::default().jobs,
            time_limit_s: None,
            mip_gap: 1e-7,
            verbose: false,
            highs_options: Vec::new(),
        }
    }
}

/// Option indices of a mask.
pub(crate) fn members(mask: u32, n: usize) -> impl Iterator<Item = usize> {
    (0..n).filter(move |i| mask & (1 << i) != 0)
}

/// What each option requires, directly or not, as a mask without the option itself.
pub(crate) fn requires_masks(st: &InvestStudy) -> Vec<u32> {
    (0..st.options.len())
        .map(|i| {
            closure(&st.options, i)
                .into_iter()
                .filter(|&k| k != i)
                .fold(0u32, |m, k| m | 1 << k)
        })
        .collect()
}

/// The option sets that may be in service in year `y`: options available by then, with what
/// they require, none excluding another. The status quo (0) comes first.
pub(crate) fn valid_masks(st: &InvestStudy, y: usize) -> Result<Vec<u32>, Error> {
    let n = st.options.len();
    if n > 16 {
        return Err(Error::Usage(format!(
            "{}: optimise: {n} options, expected at most 16",
            st.path.display()
        )));
    }
    let cal = st.first_year + y as i32;
    let req = requires_masks(st);
    let avail: u32 = (0..n)
        .filter(|&i| st.options[i].earliest_year <= cal)
        .fold(0, |m, i| m | 1 << i);
    let mut out = Vec::new();
    for mask in 0u32..(1 << n) {
        if mask & !avail != 0 {
            continue;
        }
        let ok = members(mask, n).all(|i| {
            req[i] & !mask == 0 && !st.options[i].excludes.iter().any(|&x| mask & (1 << x) != 0)
        });
        if ok {
            out.push(mask);
        }
    }
    if out.len() > MAX_SETS_PER_YEAR {
        return Err(Error::Usage(format!(
            "{}: optimise: {} option sets may be in service in {cal}, expected at most {MAX_SETS_PER_YEAR}; add excludes or fewer options",
            st.path.display(),
            out.len()
        )));
    }
    Ok(out)
}

/// The instance of year `y` under future `f` with the options of `mask` in service.
pub(crate) fn set_instance(
    st: &InvestStudy,
    mask: u32,
    f: usize,
    y: usize,
) -> Result<Instance, Vec<Problem>> {
    let cal = st.first_year + y as i32;
    let m: Vec<(usize, i32)> = members(mask, st.options.len()).map(|i| (i, cal)).collect();
    year_instance(st, &m, f, y, false).map(|(i, _)| i)
}

/// Names of the options of a mask, joined (`status quo` when empty).
pub(crate) fn mask_name(st: &InvestStudy, mask: u32) -> String {
    let v: Vec<&str> = members(mask, st.options.len())
        .map(|i| st.options[i].name.as_str())
        .collect();
    if v.is_empty() {
        "status quo".into()
    } else {
        v.join(" + ")
    }
}

/// How a year plan is named in messages: `set "…", future "…", year 2015`.
pub(crate) fn year_label(st: &InvestStudy, mask: u32, f: usize, y: usize) -> String {
    format!(
        "set \"{}\", future \"{}\", year {}",
        mask_name(st, mask),
        st.futures[f].name,
        st.first_year + y as i32
    )
}

/// Year plans by `(option set mask, future, year)`.
pub(crate) type YearPlans = HashMap<(u32, usize, usize), YearOutcome>;

/// Builds the instances of `(mask, future, year)` (every problem reported together), solves
/// the distinct ones, and returns each one's outcome.
pub(crate) fn year_plans(
    st: &InvestStudy,
    wanted: &[(u32, usize, usize)],
    opts: &CompareOptions,
    on_progress: &(dyn Fn(Progress) + Sync),
    cache: &mut PlanCache,
) -> Result<(YearPlans, usize), Error> {
    let built: Vec<_> = wanted
        .par_iter()
        .map(|&(m, f, y)| set_instance(st, m, f, y).map(|i| (key(&i), i)))
        .collect();
    let mut problems = Vec::new();
    let mut distinct: Vec<(u64, Instance)> = Vec::new();
    let mut index: HashMap<u64, usize> = HashMap::new();
    let mut which = Vec::with_capacity(wanted.len());
    for (&(m, f, y), b) in wanted.iter().zip(built) {
        match b {
            Ok((k, inst)) => {
                let n = distinct.len();
                let i = *index.entry(k).or_insert(n);
                if i == n {
                    distinct.push((k, inst));
                }
                which.push(i);
            }
            Err(ps) => {
                year_problems(st, &year_label(st, m, f, y), ps, &mut problems);
                which.push(usize::MAX);
            }
        }
    }
    if !problems.is_empty() {
        return Err(InputError { problems }.into());
    }
    let n = distinct.len();
    let outcomes = solve_cached(st, distinct, opts, on_progress, cache)?;
    let map = wanted
        .iter()
        .zip(which)
        .map(|(&w, i)| (w, outcomes[i].clone()))
        .collect();
    Ok((map, n))
}

/// Capital less grants at the start of year `t`, less the discounted residual value at the
/// end of the study, of option `o` built in year `t` (present EUR).
pub(crate) fn build_cost(st: &InvestStudy, o: usize, t: usize) -> f64 {
    let opt = &st.options[o];
    let r = st.discount_rate;
    let ny = st.years;
    let residual = if opt.in_service(st.first_year + t as i32, st.last_year()) {
        opt.residual_value_eur
            .unwrap_or_else(|| linear_residual(opt.capital_eur, opt.lifetime_years, ny - t))
    } else {
        0.0
    };
    at_start(r, t) * (opt.capital_eur - opt.grants_eur) - at_end(r, ny - 1) * residual
}

/// The set in service each year of a schedule (`starts[o]`: build year index or none).
pub(crate) fn in_service_masks(st: &InvestStudy, starts: &[Option<usize>]) -> Vec<u32> {
    (0..st.years)
        .map(|y| {
            starts
                .iter()
                .enumerate()
                .filter(|(o, s)| {
                    s.is_some_and(|t| y >= t && y < t + st.options[*o].lifetime_years as usize)
                })
                .fold(0u32, |m, (o, _)| m | 1 << o)
        })
        .collect()
}

/// Whether a schedule respects excludes (never both built) and requires (in service only
/// while what it requires is).
/// `req` is [`requires_masks`].
pub(crate) fn schedule_allowed(
    st: &InvestStudy,
    req: &[u32],
    starts: &[Option<usize>],
    masks: &[u32],
) -> bool {
    for (o, s) in starts.iter().enumerate() {
        if s.is_some() && st.options[o].excludes.iter().any(|&x| starts[x].is_some()) {
            return false;
        }
    }
    masks
        .iter()
        .all(|&m| members(m, st.options.len()).all(|o| req[o] & !m == 0))
}

/// Net present cost of a schedule under each future, from yearly operating costs
/// `op(mask, future, year)`; `None` when a year has no usable plan.
pub(crate) fn schedule_npc(
    st: &InvestStudy,
    starts: &[Option<usize>],
    masks: &[u32],
    op: &dyn Fn(u32, usize, usize) -> Option<f64>,
) -> Option<Vec<f64>> {
    let r = st.discount_rate;
    let n = st.options.len();
    let capital: f64 = starts
        .iter()
        .enumerate()
        .filter_map(|(o, s)| s.map(|t| build_cost(st, o, t)))
        .sum();
    (0..st.futures.len())
        .map(|f| {
            let mut total = capital;
            for (y, &m) in masks.iter().enumerate() {
                let fixed: f64 = members(m, n)
                    .map(|o| st.options[o].fixed_eur_per_year)
                    .sum();
                total += at_end(r, y) * (op(m, f, y)? + fixed);
            }
            Some(total)
        })
        .collect()
}

fn expected(st: &InvestStudy, per: &[f64]) -> f64 {
    st.futures.iter().zip(per).map(|(f, v)| f.weight * v).sum()
}

fn schedule_from(
    st: &InvestStudy,
    method: &str,
    starts: &[Option<usize>],
    npc: &[f64],
    sq: &[f64],
    solves: usize,
    schedules: usize,
) -> Schedule {
    let masks = in_service_masks(st, starts);
    let built: Vec<(usize, i32)> = starts
        .iter()
        .enumerate()
        .filter_map(|(o, s)| s.map(|t| (o, st.first_year + t as i32)))
        .collect();
    let npv_eur: Vec<f64> = sq.iter().zip(npc).map(|(a, b)| a - b).collect();
    Schedule {
        method: method.into(),
        name: super::study::set_name(&st.options, &built),
        starts: built
            .iter()
            .map(|&(o, y)| (st.options[o].name.clone(), y))
            .collect(),
        expected_npv_eur: expected(st, &npv_eur),
        npv_eur,
        in_service: masks
            .iter()
            .map(|&m| {
                members(m, st.options.len())
                    .map(|o| st.options[o].name.clone())
                    .collect()
            })
            .collect(),
        solves,
        schedules,
        mip: None,
    }
}

/// Most schedules [`enumerate`] prices.
pub const MAX_SCHEDULES: u64 = 10_000_000;

/// The best schedule by enumeration: the year plan of every set that may be in service, in
/// every year and future, then every schedule priced from them.
pub fn enumerate(
    st: &InvestStudy,
    opts: &CompareOptions,
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<Schedule, Error> {
    enumerate_cached(st, opts, on_progress, &mut PlanCache::new())
}

/// [`enumerate`], reusing the year plans of `cache` (and adding those it solves).
pub(crate) fn enumerate_cached(
    st: &InvestStudy,
    opts: &CompareOptions,
    on_progress: &(dyn Fn(Progress) + Sync),
    cache: &mut PlanCache,
) -> Result<Schedule, Error> {
    let (n, ny, nf) = (st.options.len(), st.years, st.futures.len());
    let mut wanted = Vec::new();
    for y in 0..ny {
        for m in valid_masks(st, y)? {
            for f in 0..nf {
                wanted.push((m, f, y));
            }
        }
    }
    // Build years of each option: none, or a year from its earliest.
    let choices: Vec<Vec<Option<usize>>> = st
        .options
        .iter()
        .map(|o| {
            std::iter::once(None)
                .chain(
                    (0..ny)
                        .filter(|&t| st.first_year + t as i32 >= o.earliest_year)
                        .map(Some),
                )
                .collect()
        })
        .collect();
    let count = choices
        .iter()
        .try_fold(1u64, |a, c| a.checked_mul(c.len() as u64))
        .filter(|&c| c <= MAX_SCHEDULES)
        .ok_or_else(|| {
            Error::Usage(format!(
                "{}: enumeration: more than {MAX_SCHEDULES} schedules; use the mixed-integer model (--optimise) alone",
                st.path.display()
            ))
        })?;
    let (plans, solves) = year_plans(st, &wanted, opts, on_progress, cache)?;
    let op = |m: u32, f: usize, y: usize| {
        plans
            .get(&(m, f, y))
            .filter(|o| o.usable)
            .and_then(|o| o.operating_eur)
    };
    let req = requires_masks(st);
    let mut best: Option<(f64, Vec<Option<usize>>, Vec<f64>)> = None;
    let mut pick = vec![0usize; n];
    for _ in 0..count {
        let starts: Vec<Option<usize>> = (0..n).map(|o| choices[o][pick[o]]).collect();
        let masks = in_service_masks(st, &starts);
        if schedule_allowed(st, &req, &starts, &masks) {
            if let Some(npc) = schedule_npc(st, &starts, &masks, &op) {
                let e = expected(st, &npc);
                if best
                    .as_ref()
                    .is_none_or(|b| e < b.0 - 1e-9 * e.abs().max(1.0))
                {
                    best = Some((e, starts, npc));
                }
            }
        }
        for o in 0..n {
            pick[o] += 1;
            if pick[o] < choices[o].len() {
                break;
            }
            pick[o] = 0;
        }
    }
    let sq_starts = vec![None; n];
    let sq =
        schedule_npc(st, &sq_starts, &in_service_masks(st, &sq_starts), &op).ok_or_else(|| {
            Error::Solver("enumeration: the status quo has no usable plan in some year".into())
        })?;
    let (_, starts, npc) = best.ok_or_else(|| {
        Error::Solver("enumeration: no schedule has a usable plan in every year".into())
    })?;
    Ok(schedule_from(
        st,
        "enumeration",
        &starts,
        &npc,
        &sq,
        solves,
        count as usize,
    ))
}

/// The best schedule by the multi-year mixed-integer model, re-planned year by year.
pub fn optimise(
    st: &InvestStudy,
    opts: &OptimiseOptions,
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<Schedule, Error> {
    let solved = mip::solve(st, opts)?;
    // Plan the chosen schedule and the status quo year by year, each plan checked.
    let masks = in_service_masks(st, &solved.starts);
    let mut wanted = Vec::new();
    for (y, &m) in masks.iter().enumerate() {
        for f in 0..st.futures.len() {
            wanted.push((m, f, y));
            wanted.push((0, f, y));
        }
    }
    let copts = CompareOptions {
        jobs: opts.jobs,
        ..CompareOptions::default()
    };
    let (plans, solves) = year_plans(st, &wanted, &copts, on_progress, &mut PlanCache::new())?;
    let mut unusable = Vec::new();
    for ((m, f, y), o) in &plans {
        if !o.usable {
            unusable.push(format!(
                "{} in {} under \"{}\": {}",
                mask_name(st, *m),
                st.first_year + *y as i32,
                st.futures[*f].name,
                o.reason
            ));
        }
    }
    if !unusable.is_empty() {
        unusable.sort();
        return Err(Error::Solver(format!(
            "the schedule of the multi-year model could not be planned year by year: {}",
            unusable.join("; ")
        )));
    }
    let op = |m: u32, f: usize, y: usize| plans.get(&(m, f, y)).and_then(|o| o.operating_eur);
    let npc = schedule_npc(st, &solved.starts, &masks, &op).expect("every plan is usable");
    let sq_starts = vec![None; st.options.len()];
    let sq = schedule_npc(st, &sq_starts, &in_service_masks(st, &sq_starts), &op)
        .expect("every plan is usable");
    let mut s = schedule_from(st, "mip", &solved.starts, &npc, &sq, solves, 0);
    let mut fig = solved.figures;
    fig.replanned_npc_eur = expected(st, &npc);
    // The model's objective is this schedule's cost, up to the gap it was solved to.
    let tol = (fig.gap.max(0.0) + 1e-6) * fig.replanned_npc_eur.abs().max(1.0);
    if (fig.objective_eur - fig.replanned_npc_eur).abs() > tol {
        return Err(Error::Solver(format!(
            "the multi-year model's objective ({:.2} EUR) differs from its schedule planned year by year ({:.2} EUR) by more than its gap",
            fig.objective_eur, fig.replanned_npc_eur
        )));
    }
    s.mip = Some(fig);
    Ok(s)
}

/// A hash of several instances together (blocks of futures that agree in a year are merged).
pub(crate) fn keys_hash(insts: &[Instance]) -> u64 {
    insts.iter().fold(crate::hash::OFFSET, |h, i| {
        crate::hash::fnv(h, &key(i).to_le_bytes())
    })
}
