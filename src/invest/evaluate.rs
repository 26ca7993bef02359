//! Evaluation: one instance per option set x future x year (and per set x year without the
//! social mission: [`Instance::without_mission`]), identical instances solved once, all
//! solved in parallel.

use super::patch;
use super::study::{apply_options, InvestStudy};
use crate::error::{Error, InputError, Problem};
use crate::hash::{fnv, OFFSET};
use crate::plant::{Instance, StaffKind};
use crate::solve::{Backend, SolveOptions, Status};
use crate::{run, BuildOptions, RunOptions};
use ndarray::Axis;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Options of an evaluation (the study file holds the modelling choices).
#[derive(Debug, Clone)]
pub struct CompareOptions {
    /// Solves run at once (each single-threaded).
    pub jobs: usize,
    /// Solver backend.
    pub backend: Backend,
    /// Search the build years too: every schedule (each option built in one of its years,
    /// or never) priced from the year plans, the comparison's reused (see [`super::compare`]).
    pub schedule: bool,
    /// With representative weeks, plan the recommended set and its runners-up again on the
    /// whole horizon, and say whether the recommendation holds.
    pub full_year_check: bool,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            backend: Backend::default_for_build(),
            schedule: true,
            full_year_check: true,
        }
    }
}

/// Outcomes of the year plans solved so far, by instance key ([`key`]): a plan solved for
/// the comparison is not solved again for the schedule search.
pub type PlanCache = HashMap<u64, YearOutcome>;

/// Solves done so far, for progress display.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Distinct instances solved.
    pub done: usize,
    /// Distinct instances to solve.
    pub total: usize,
}

/// What one solve gave, annualised (figures per year of operation).
#[derive(Debug, Clone, Serialize)]
pub struct YearOutcome {
    /// `optimal`, `feasible`, `infeasible`, ..., or `error`.
    pub status: String,
    /// Whether the plan is usable: a plan the checker passed.
    pub usable: bool,
    /// Why not, when not.
    pub reason: String,
    /// Weeks solved.
    pub weeks: usize,
    /// Operating net cost of the year: the plan's objective times 52 / weeks solved.
    pub operating_eur: Option<f64>,
    /// Insertion hours worked in the year (annualised like the costs).
    pub insertion_hours: f64,
    /// Insertion full-time equivalents (paid insertion hours over a full-time year).
    pub insertion_fte: f64,
    /// Insertion exits in the year: the plan's exits of every insertion group (annualised
    /// like the costs).
    pub insertion_exits: f64,
    /// Exits to employment in the year: the placements with partner firms plus
    /// `pathway.exit_to_employment_rate` times the other exits.
    pub exits_to_employment: f64,
    /// Tonnes counted as recovered in the year.
    pub recovered_t: f64,
    /// Tonnes counted as recycled.
    pub recycled_t: f64,
    /// Tonnes accounted for (the denominator of the rates).
    pub accountable_t: f64,
    /// Tonnes sent to the external contractor.
    pub external_t: f64,
    /// Tonnes collected.
    pub supply_t: f64,
    /// Columns of the model.
    pub variables: usize,
    /// Rows of the model.
    pub constraints: usize,
    /// Integer columns.
    pub integer_variables: usize,
    /// Build and solve seconds.
    pub solve_s: f64,
}

/// One evaluated year of one option set under one future.
#[derive(Debug, Clone)]
pub struct Job {
    /// Set index.
    pub set: usize,
    /// Future index.
    pub future: usize,
    /// Year index (0 = first year).
    pub year: usize,
    /// The plant run as a classic firm: the study's `mission_free` changes applied, then
    /// [`Instance::without_mission`].
    pub mission_free: bool,
    /// The plan with the mission under the classic firm's opening rule (permanent staff and
    /// supervisors staffed from the start, [`crate::mission::opening_chosen`]): the side of
    /// the cost of the mission that is compared with the classic firm.
    pub opening_chosen: bool,
    /// Options in service that year.
    pub in_service: Vec<String>,
    /// Index of its instance among the distinct instances.
    pub instance: usize,
}

/// The raw instance of one job, validated.
fn instance_of(
    st: &InvestStudy,
    set: usize,
    future: usize,
    year: usize,
    variant: Variant,
) -> Result<(Instance, Vec<String>), Vec<Problem>> {
    let free = variant == Variant::Free;
    let (inst, on) = year_instance(st, &st.sets[set].options, future, year, free)?;
    match variant {
        Variant::OpeningChosen => Ok((crate::mission::opening_chosen(&inst), on)),
        _ => Ok((inst, on)),
    }
}

/// The three plans of a set and year: the study's plan, the classic firm, and the plan with
/// the mission under the classic firm's opening rule (the last two for the cost of the
/// mission, central future only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    Plan,
    Free,
    OpeningChosen,
}

/// The validated instance of a year under a future, with the options of `members`
/// (`(option, start year)`) that are in service that year; and their names. With `free`, the
/// mission-free variant: the study's `mission_free` changes apply to the raw model (after
/// the trends), and the validated instance is run as a classic firm
/// ([`Instance::without_mission`]).
pub(crate) fn year_instance(
    st: &InvestStudy,
    members: &[(usize, i32)],
    future: usize,
    year: usize,
    free: bool,
) -> Result<(Instance, Vec<String>), Vec<Problem>> {
    let cal = st.first_year + year as i32;
    let mut raw = st.base.clone();
    apply_options(&mut raw, &st.options, members, Some(cal));
    let in_service = members
        .iter()
        .filter(|&&(i, s)| st.options[i].in_service(s, cal))
        .map(|&(i, _)| st.options[i].name.clone())
        .collect();
    for t in st.trends.iter().chain(&st.futures[future].trends) {
        let mut c = t.change.clone();
        c.op = crate::scenario::Op::Scale((1.0 + t.rate).powi(year as i32));
        patch::apply(&mut raw, &c);
    }
    if free {
        for c in &st.mission_free {
            patch::apply(&mut raw, c);
        }
    }
    if let Some(n) = st.representative_weeks {
        patch::keep_weeks(&mut raw, n);
    }
    crate::validate::validate(&raw)
        .map(|inst| {
            let inst = if free { inst.without_mission() } else { inst };
            (inst, in_service)
        })
        .map_err(|e| e.problems)
}

/// Adds the problems of an invalid year model to `into`, each once, naming the study file
/// and `what` (the set, future and year).
pub(crate) fn year_problems(
    st: &InvestStudy,
    what: &str,
    ps: Vec<Problem>,
    into: &mut Vec<Problem>,
) {
    for p in ps {
        let q = Problem::field(&st.path, what, format!("the year's model is invalid: {p}"));
        if !into.iter().any(|x: &Problem| x.message == q.message) {
            into.push(q);
        }
    }
}

/// FNV-1a over the instance's JSON: identical instances (a set before its options start,
/// the same set under futures that do not differ yet) are solved once.
pub(crate) fn key(inst: &Instance) -> u64 {
    fnv(OFFSET, &serde_json::to_vec(inst).unwrap_or_default())
}

/// Builds every job's instance (all problems reported together, before any solve), then
/// solves the distinct ones in parallel. Returns the jobs and one outcome per distinct instance.
pub fn evaluate(
    st: &InvestStudy,
    opts: &CompareOptions,
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Vec<Job>, Vec<YearOutcome>), Error> {
    evaluate_jobs(st, opts, on_progress, true, &mut PlanCache::new())
}

/// [`evaluate`], with or without the jobs of the cost of the mission; instances already in
/// `cache` are not solved again, and those solved are added to it.
pub(crate) fn evaluate_jobs(
    st: &InvestStudy,
    opts: &CompareOptions,
    on_progress: &(dyn Fn(Progress) + Sync),
    mission: bool,
    cache: &mut PlanCache,
) -> Result<(Vec<Job>, Vec<YearOutcome>), Error> {
    let mut specs = Vec::new();
    for set in 0..st.sets.len() {
        for future in 0..st.futures.len() {
            for year in 0..st.years {
                specs.push((set, future, year, Variant::Plan));
            }
        }
        if mission {
            for variant in [Variant::Free, Variant::OpeningChosen] {
                for year in 0..st.years {
                    specs.push((set, st.central, year, variant));
                }
            }
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build()
        .map_err(|e| Error::Solver(format!("cannot start {} worker threads: {e}", opts.jobs)))?;
    let built: Vec<_> = pool.install(|| {
        specs
            .par_iter()
            .map(|&(s, f, y, v)| instance_of(st, s, f, y, v).map(|(i, on)| (key(&i), i, on)))
            .collect()
    });
    let mut problems = Vec::new();
    let mut jobs = Vec::new();
    let mut distinct: Vec<(u64, Instance)> = Vec::new();
    let mut index: HashMap<u64, usize> = HashMap::new();
    for (&(set, future, year, variant), b) in specs.iter().zip(built) {
        match b {
            Ok((k, inst, in_service)) => {
                let n = distinct.len();
                let instance = *index.entry(k).or_insert(n);
                if instance == n {
                    distinct.push((k, inst));
                }
                jobs.push(Job {
                    set,
                    future,
                    year,
                    mission_free: variant == Variant::Free,
                    opening_chosen: variant == Variant::OpeningChosen,
                    in_service,
                    instance,
                });
            }
            Err(ps) => {
                let what = format!(
                    "set \"{}\", future \"{}\", year {}{}",
                    st.sets[set].name,
                    st.futures[future].name,
                    st.first_year + year as i32,
                    match variant {
                        Variant::Free => ", without the social mission",
                        Variant::OpeningChosen => ", with the social mission, opening staff chosen",
                        Variant::Plan => "",
                    }
                );
                year_problems(st, &what, ps, &mut problems);
            }
        }
    }
    if !problems.is_empty() {
        return Err(InputError { problems }.into());
    }
    let outcomes = solve_cached(st, distinct, opts, on_progress, cache)?;
    Ok((jobs, outcomes))
}

/// Solves the instances (keyed, distinct) that `cache` lacks, adds them to it, and returns
/// every instance's outcome in order.
pub(crate) fn solve_cached(
    st: &InvestStudy,
    distinct: Vec<(u64, Instance)>,
    opts: &CompareOptions,
    on_progress: &(dyn Fn(Progress) + Sync),
    cache: &mut PlanCache,
) -> Result<Vec<YearOutcome>, Error> {
    let keys: Vec<u64> = distinct.iter().map(|(k, _)| *k).collect();
    let (todo_keys, todo): (Vec<u64>, Vec<Instance>) = distinct
        .into_iter()
        .filter(|(k, _)| !cache.contains_key(k))
        .unzip();
    let solved = solve_distinct(st, &todo, opts, on_progress)?;
    cache.extend(todo_keys.into_iter().zip(solved));
    Ok(keys.iter().map(|k| cache[k].clone()).collect())
}

/// Solves distinct year instances in parallel, as the study asks (relaxed or not, its limits),
/// each single-threaded; one outcome each, in order.
pub(crate) fn solve_distinct(
    st: &InvestStudy,
    distinct: &[Instance],
    opts: &CompareOptions,
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<Vec<YearOutcome>, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build()
        .map_err(|e| Error::Solver(format!("cannot start {} worker threads: {e}", opts.jobs)))?;
    let ropts = RunOptions {
        build: BuildOptions {
            relax: st.relax,
            ..Default::default()
        },
        solve: SolveOptions {
            backend: opts.backend,
            time_limit_s: st.time_limit_s,
            mip_gap: st.mip_gap,
            threads: 1,
            ..SolveOptions::default()
        },
        mip_start: true,
        shadow_prices: false,
    };
    if !opts.backend.available() {
        return Err(Error::Usage(format!(
            "backend {} is not compiled into this build",
            opts.backend.name()
        )));
    }
    let done = AtomicUsize::new(0);
    let total = distinct.len();
    let outcomes: Vec<YearOutcome> = pool.install(|| {
        distinct
            .par_iter()
            .with_max_len(1)
            .map(|inst| {
                let o = solve_one(inst, &ropts);
                let d = done.fetch_add(1, Ordering::SeqCst) + 1;
                on_progress(Progress { done: d, total });
                o
            })
            .collect()
    });
    Ok(outcomes)
}

fn solve_one(inst: &Instance, ropts: &RunOptions) -> YearOutcome {
    let year = 52.0 / inst.weeks as f64;
    let mut o = YearOutcome {
        status: "error".into(),
        usable: false,
        reason: String::new(),
        weeks: inst.weeks,
        operating_eur: None,
        insertion_hours: 0.0,
        insertion_fte: 0.0,
        insertion_exits: 0.0,
        exits_to_employment: 0.0,
        recovered_t: 0.0,
        recycled_t: 0.0,
        accountable_t: 0.0,
        external_t: 0.0,
        supply_t: inst.supply_t.sum() * year,
        variables: 0,
        constraints: 0,
        integer_variables: 0,
        solve_s: 0.0,
    };
    let r = match run(inst, ropts) {
        Ok(r) => r,
        Err(e) => {
            o.reason = e.to_string().replace('\n', " ");
            return o;
        }
    };
    o.status = r.status.name().to_string();
    o.variables = r.model.variables;
    o.constraints = r.model.constraints;
    o.integer_variables = r.model.integer_variables;
    o.solve_s = r.timings.build + r.timings.solve;
    match (r.status, &r.check) {
        (Status::Optimal | Status::Feasible, Some(c)) => {
            let k = &c.kpis;
            let plant = k.plant();
            o.usable = true;
            o.operating_eur = r.objective.map(|v| v * year);
            o.insertion_hours = k.staff[StaffKind::Insertion.index()].worked_h * year;
            o.insertion_fte = k.insertion_fte;
            if let Some(plan) = &r.plan {
                let exits = plan
                    .departures
                    .index_axis(Axis(1), StaffKind::Insertion.index())
                    .sum();
                o.insertion_exits = exits * year;
                let placed = plan.placed.sum() * year;
                o.exits_to_employment = placed
                    + inst.plant.pathway.exit_to_employment_rate * (o.insertion_exits - placed);
            }
            o.recovered_t = plant.recovered_t * year;
            o.recycled_t = plant.recycled_t * year;
            o.accountable_t = plant.accountable_t * year;
            o.external_t = k.external_t * year;
        }
        (Status::Rejected, _) => o.reason = "the checker rejected the plan".into(),
        (Status::LimitNoSolution, _) => o.reason = "a limit was hit before a plan was found".into(),
        _ => o.reason = format!("the model is {}", o.status),
    }
    o
}
