//! Investment comparison: which options to build, and when, across demand futures.
//!
//! A study names a base instance (the plant in the first year), the years, a discount rate,
//! investment options, yearly trends and demand futures. Each option set x future x year is
//! planned at weekly resolution by the same engine ([`crate::run`]); the yearly net operating
//! costs, together with each option's capital, grants, fixed costs and residual value, give
//! the net present cost of each set, its NPV against the status quo, its payback year, and
//! the regret of each set across futures.
//!
//! ```toml
//! base = ".."                     # instance, relative to this file: the plant in first_year
//! first_year = 2025
//! years = 10
//! discount_rate = 0.05
//! relax = true                    # LP relaxations (optional)
//! representative_weeks = 13       # solve 13 weeks of each year (optional, see below)
//! mission_free = []               # extra changes of the mission-free variant (optional)
//!
//! [[trend]]                       # every future: compound yearly rates on parameter paths
//! path = "tonnage.flat_screens"
//! rate = 0.08
//!
//! [[option]]
//! name = "flat_line"
//! patch = "flat-line.toml"        # [[line]], [[site]], [[staff]], ... added or replaced
//! change = [{ path = "social.funded_posts", set = 64 }]   # scenario paths, set or scale
//! capital_eur = 350000
//! grants_eur = 50000
//! lifetime_years = 10
//! fixed_eur_per_year = 10000
//! earliest_year = 2026
//! excludes = []
//! requires = []
//!
//! [[set]]                         # optional explicit sets (default: every combination)
//! name = "flat line in 2028"
//! options = ["flat_line"]
//! start = { flat_line = 2028 }
//!
//! [[future]]                      # extra trends multiplying with the study's
//! name = "low"
//! weight = 0.25
//! trend = [{ path = "tonnage.crt", rate = -0.40 }]
//! ```
//!
//! **Years and trends.** Year `y` (0 = `first_year`) multiplies each trend's parameter by
//! `(1 + rate)^y`; a future's trends multiply with the study's. An option is in service from
//! its start year (in a `[[set]]`, or its `earliest_year`) for `lifetime_years`; its patch and
//! changes apply to the raw model before validation, so an option not in service costs
//! nothing in model size. Order: option patches, option changes, trends, then (for the cost of
//! the mission) the `mission_free` changes and the classic-firm variant.
//!
//! **A year from the weekly horizon.** The base instance stands for one year. A plan over `W`
//! solved weeks gives the year's operating net cost as `objective * 52 / W`; tonnes and
//! insertion hours are scaled the same way, insertion FTE (paid hours over a full-time year,
//! already prorated by [`crate::kpi`]) and rates are not. With `representative_weeks = N`,
//! only the middle week of each of N equal slices of the base horizon is solved
//! ([`patch::representative_weeks`]; 52 weeks, N = 13: weeks 3, 7, ..., 51), as a horizon of
//! N consecutive weeks; horizon totals (outlet contract minimums and maximums) are scaled by
//! `N / W`; stock levels, capacities, headcounts and weekly figures stay as they are.
//!
//! **Money** (see [`finance`] for the timing): the net present cost (NPC) of a set under a
//! future is its discounted operating costs, fixed costs and capital less grants, less the
//! discounted residual value (linear depreciation unless `residual_value_eur` is given).
//! The **NPV of a set** is the status quo's NPC less the set's: discounted savings minus
//! discounted net investment (positive: the investment pays). Payback is the first year
//! whose cumulative undiscounted savings (net of fixed costs) reach the capital less grants.
//! Regret under a future is the best NPV under that future less the set's; the min-max
//! regret choice has the smallest largest regret.
//!
//! **Cost of the social mission**: each set is evaluated again in the central future with
//! the plant run as a classic firm ([`crate::plant::Instance::without_mission`]: no insertion
//! workers, cohorts, insertion share, agreed posts, aid or advisers; supervisors no longer
//! required; permanent staff and supervisors staffed from the start, permanent staff up to
//! their own largest headcount plus the insertion group's), against the plan with the
//! mission under the same opening rule ([`crate::mission::opening_chosen`]), so that neither
//! side picks its opening staff for free while the other pays to reshape its own (the
//! study's plans themselves keep the opening headcounts). The study's optional
//! `mission_free` list holds extra changes for that variant, applied to the raw model first
//! (after the trends), like an option's changes; by default there are none. The extra cost
//! per insertion job is the difference of the two NPCs (present EUR) over the difference of
//! discounted insertion FTE-years: EUR per insertion full-time-equivalent year, levelised.
//! The extra cost per exit to employment is the same NPC difference over the difference of
//! discounted exits to employment (`pathway.exit_to_employment_rate` times the insertion
//! exits of each year's plan, annualised like the costs).
//!
//! **When to build**: [`optimise`] solves one mixed-integer model over the years (HiGHS):
//! build and in-service variables per option and year, and every year's weekly model under
//! every future with each option's parts switched by its in-service variable
//! (`models/FORMULATION.md` §9). [`enumerate`] finds the same schedule by pricing every
//! schedule from the year plans of every option set; tests hold the two to the same answer.

mod evaluate;
pub mod finance;
mod fullyear;
mod mip;
mod named;
mod optimise;
mod output;
pub mod patch;
mod rows;
mod study;
mod union;

pub use evaluate::{evaluate, CompareOptions, Job, PlanCache, Progress, YearOutcome};
pub use fullyear::{decision, Decision, FullYearCheck, FullYearSet, NPV_TOLERANCE};
pub use mip::MipFigures;
pub use optimise::{enumerate, optimise, OptimiseOptions, Schedule};
pub use output::{
    build_sentence, full_year_search_sentence, residual_sentence, schedule_text, text,
    without_residual, write_dir, write_into, write_schedules, FILES,
};
pub use rows::{
    comparison_header, CashFlowTable, ComparisonRow, ComparisonTable, FutureCells, YearlyRow,
    YearlyTable, CASHFLOW_COLUMNS, PER_FUTURE, YEARLY_COLUMNS,
};
pub use study::{load_study, Future, InvestOption, InvestStudy, OptionSet, StudyFile, Trend};

use crate::error::Error;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One row of `yearly.csv`: a set, a future, a year.
#[derive(Debug, Clone, Serialize)]
pub struct YearRow {
    /// Option set.
    pub set: String,
    /// Future.
    pub future: String,
    /// `plan`, or `no_mission` for the evaluation without the social mission.
    pub variant: String,
    /// Calendar year.
    pub year: i32,
    /// Options in service.
    pub in_service: Vec<String>,
    /// The solve's figures.
    pub outcome: YearOutcome,
    /// Fixed costs of the options in service (EUR).
    pub fixed_eur: f64,
    /// Capital less grants paid at the start of the year (EUR).
    pub capital_net_eur: f64,
    /// Residual value at the end of the study (last year only, EUR).
    pub residual_eur: f64,
    /// Operating savings against the status quo, net of fixed costs (EUR; `plan` rows).
    pub savings_eur: Option<f64>,
    /// Cumulative savings.
    pub cumulative_savings_eur: Option<f64>,
}

/// The parts of an NPV against the status quo (EUR, present value at the start of the first
/// year, timing as in [`finance`]); they sum to the NPV.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct NpvSplit {
    /// Discounted operating savings against the status quo, net of the options' fixed costs.
    pub operating_eur: f64,
    /// Discounted capital paid (negative or zero).
    pub capital_eur: f64,
    /// Discounted grants received.
    pub grants_eur: f64,
    /// Discounted residual value at the end of the study.
    pub residual_eur: f64,
}

impl NpvSplit {
    /// The sum of the parts: the NPV.
    pub fn total(&self) -> f64 {
        self.operating_eur + self.capital_eur + self.grants_eur + self.residual_eur
    }
}

/// One year of a set's cash flow against the status quo under one future (EUR, undiscounted
/// but for the cumulative column): a row of `cashflow.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CashFlowRow {
    /// Calendar year.
    pub year: i32,
    /// Option set.
    pub set: String,
    /// Future.
    pub future: String,
    /// Operating savings against the status quo, net of fixed costs (end of the year; none
    /// when a year has no usable plan).
    pub operating_eur: Option<f64>,
    /// Capital paid (start of the year; negative or zero).
    pub capital_eur: f64,
    /// Grants received (start of the year).
    pub grants_eur: f64,
    /// Residual value (end of the last year).
    pub residual_eur: f64,
    /// The sum of the four.
    pub net_eur: Option<f64>,
    /// Discounted net flows up to this year; the last year's is the NPV.
    pub cumulative_discounted_eur: Option<f64>,
}

/// How the build years were searched: every schedule priced from year plans
/// ([`enumerate`]'s method), the comparison's plans reused.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ScheduleSearch {
    /// Schedules priced (each option built in one of its years, or never).
    pub schedules: usize,
    /// Distinct year plans they were priced from.
    pub year_plans: usize,
    /// Of those, the plans the comparison had not solved already.
    pub new_solves: usize,
    /// The set of the comparison that is the best schedule.
    pub best_set: String,
    /// Whether that set was added to the study's sets (the best schedule was not one of them).
    pub added: bool,
}

/// Figures of one set under one future.
#[derive(Debug, Clone, Serialize)]
pub struct FutureFigures {
    /// Net present cost (EUR, present value at the start of the first year).
    pub npc_eur: Option<f64>,
    /// Status quo's NPC less this set's (EUR).
    pub npv_eur: Option<f64>,
    /// The NPV's parts (none when the NPV is unknown).
    pub split: Option<NpvSplit>,
    /// Regret: the best NPV in this future less this set's.
    pub regret_eur: Option<f64>,
    /// Payback calendar year.
    pub payback_year: Option<i32>,
    /// Insertion FTE-years over the study.
    pub insertion_fte_years: f64,
    /// Insertion hours over the study.
    pub insertion_hours: f64,
    /// Recovered over accountable tonnes, all years.
    pub recovery_rate: Option<f64>,
    /// Recycled over accountable tonnes, all years.
    pub recycling_rate: Option<f64>,
    /// Tonnes to the external contractor over the study.
    pub external_t: f64,
}

/// The cost of the social mission for one set (central future).
#[derive(Debug, Clone, Serialize)]
pub struct MissionCost {
    /// NPC with the mission less NPC without it (EUR).
    pub extra_npc_eur: Option<f64>,
    /// Insertion FTE-years with the mission less without it.
    pub fte_years: f64,
    /// The same, discounted like the costs.
    pub discounted_fte_years: f64,
    /// `extra_npc_eur / discounted_fte_years`: EUR per insertion FTE-year (None when the
    /// mission adds under 0.01 discounted FTE-years).
    pub eur_per_fte_year: Option<f64>,
    /// Exits to employment over the study with the mission less without it
    /// (`pathway.exit_to_employment_rate` times the insertion exits of the plans).
    pub exits_to_employment: f64,
    /// The same, discounted like the costs.
    pub discounted_exits_to_employment: f64,
    /// `extra_npc_eur / discounted_exits_to_employment`: EUR per exit to employment (None
    /// when the mission adds less than one discounted exit to employment: a cost per exit of
    /// a fraction of a person, as 4 representative weeks give, reads as millions of EUR).
    pub eur_per_exit_to_employment: Option<f64>,
}

/// One row of the comparison: an option set.
#[derive(Debug, Clone, Serialize)]
pub struct SetSummary {
    /// Name.
    pub name: String,
    /// Options with their start years.
    pub options: Vec<(String, i32)>,
    /// Capital less grants (EUR, undiscounted).
    pub net_investment_eur: f64,
    /// Present value of the residual value at the end of the study (EUR): the part of the
    /// NPV that rests on the assets' remaining value.
    pub residual_pv_eur: f64,
    /// Present value of the capital paid (EUR, negative or zero): a part of every NPV.
    pub capital_pv_eur: f64,
    /// Present value of the grants received (EUR): a part of every NPV.
    pub grants_pv_eur: f64,
    /// Per future, in the study's order.
    pub futures: Vec<FutureFigures>,
    /// Expected NPV (futures weighted).
    pub expected_npv_eur: Option<f64>,
    /// Largest regret across futures.
    pub max_regret_eur: Option<f64>,
    /// The min-max regret choice.
    pub minmax_regret_choice: bool,
    /// The best expected NPV.
    pub best_expected: bool,
    /// The best build schedule of the schedule search.
    pub best_schedule: bool,
    /// Cost of the social mission.
    pub mission: MissionCost,
}

/// Everything a comparison produced.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The study file.
    pub study: PathBuf,
    /// Calendar years.
    pub first_year: i32,
    /// Number of years.
    pub years: usize,
    /// Discount rate.
    pub discount_rate: f64,
    /// Futures and their normalised weights.
    pub futures: Vec<(String, f64)>,
    /// The future of the cost of the mission.
    pub central_future: String,
    /// LP relaxations.
    pub relaxed: bool,
    /// Weeks solved per year.
    pub weeks_per_year: usize,
    /// Representative weeks solved per year (none: the base instance's whole horizon).
    pub representative_weeks: Option<usize>,
    /// One row per set.
    pub sets: Vec<SetSummary>,
    /// One row per set, future (and variant) and year.
    pub yearly: Vec<YearRow>,
    /// One row per set (but the status quo), future and year.
    pub cashflow: Vec<CashFlowRow>,
    /// The search of the build years, when it ran.
    pub schedule_search: Option<ScheduleSearch>,
    /// Why the build years were not searched (empty when they were).
    pub schedule_search_note: String,
    /// With representative weeks: the recommendation planned again on the whole horizon.
    pub full_year: Option<FullYearCheck>,
    /// The study's decision, on the whole horizon whenever it was planned there, with the
    /// warnings the reports open with (none when no set has an NPV in every future).
    pub decision: Option<Decision>,
    /// Jobs (set x future x year, plus the mission-free ones).
    pub jobs: usize,
    /// Distinct instances solved.
    pub solves: usize,
    /// Smallest and largest model: (columns, rows, integer columns).
    pub model_min: (usize, usize, usize),
    /// Largest model.
    pub model_max: (usize, usize, usize),
    /// Sum of the build and solve seconds of every solve.
    pub solve_s_total: f64,
    /// Wall-clock seconds of the evaluation.
    pub wall_s: f64,
    /// Years whose plan is unusable (their sets have no NPV under that future).
    pub failures: Vec<String>,
}

/// Loads a study, evaluates it and, with `out`, writes `comparison.csv`, `yearly.csv` and
/// `comparison.json` there. This is what `triplan compare` runs.
pub fn compare_file(
    study: &Path,
    out: Option<&Path>,
    opts: &CompareOptions,
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<Comparison, Error> {
    let st = load_study(study)?;
    let c = compare(&st, opts, on_progress)?;
    if let Some(dir) = out {
        write_dir(&c, dir)?;
    }
    Ok(c)
}

/// Evaluates a loaded study and assembles the comparison.
///
/// With [`CompareOptions::schedule`], the build years are searched too: every schedule
/// (each option built in one of its years, or never) is priced from the year plans, those of
/// the comparison reused ([`enumerate`]'s method); when the best one is not among the
/// study's sets, it is added to them (its own years without the social mission are the only
/// new solves besides the search's), so that it is ranked, split and charted like the rest.
/// When the search cannot run (too many options or schedules, a year model that does not
/// build), the comparison goes on without it and says why.
///
/// With representative weeks and [`CompareOptions::full_year_check`], the recommendation is
/// checked on the whole horizon ([`FullYearCheck`]).
pub fn compare(
    st: &InvestStudy,
    opts: &CompareOptions,
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<Comparison, Error> {
    let t0 = Instant::now();
    let mut cache = PlanCache::new();
    let (mut jobs, mut outcomes) =
        evaluate::evaluate_jobs(st, opts, on_progress, true, &mut cache)?;
    let mut st2 = st.clone();
    let (mut search, mut note) = (None, String::new());
    if opts.schedule {
        let before = cache.len();
        match optimise::enumerate_cached(st, opts, on_progress, &mut cache) {
            Ok(found) => {
                let new_solves = cache.len() - before;
                let members: Vec<(usize, i32)> = found
                    .starts
                    .iter()
                    .filter_map(|(o, y)| {
                        let i = st.options.iter().position(|x| &x.name == o)?;
                        Some((i, *y))
                    })
                    .collect();
                let at = st.sets.iter().position(|x| x.options == members);
                let best_set = match at {
                    Some(i) => st.sets[i].name.clone(),
                    None => {
                        let mut name = study::set_name(&st.options, &members);
                        if st.sets.iter().any(|x| x.name == name) {
                            name += " (best schedule)";
                        }
                        st2.sets.push(OptionSet {
                            name: name.clone(),
                            options: members,
                        });
                        (jobs, outcomes) =
                            evaluate::evaluate_jobs(&st2, opts, on_progress, true, &mut cache)?;
                        name
                    }
                };
                search = Some(ScheduleSearch {
                    schedules: found.schedules,
                    year_plans: found.solves,
                    new_solves,
                    best_set,
                    added: at.is_none(),
                });
            }
            Err(e) => note = e.to_string(),
        }
    } else {
        note = "not asked for".into();
    }
    let wall_s = t0.elapsed().as_secs_f64();
    let mut c = assemble(&st2, &jobs, &outcomes, wall_s);
    c.solves = cache.len();
    if let Some(s) = &search {
        for row in &mut c.sets {
            row.best_schedule = row.name == s.best_set;
        }
    }
    c.schedule_search = search;
    c.schedule_search_note = note;
    if st2.representative_weeks.is_some() && opts.full_year_check {
        c.full_year = Some(fullyear::check(&st2, &c, opts, on_progress)?);
    }
    c.decision = fullyear::decision(&c);
    c.wall_s = t0.elapsed().as_secs_f64();
    Ok(c)
}

/// Per-year money of a set.
pub(crate) struct SetMoney {
    /// Fixed costs of the options in service, per year (EUR).
    pub(crate) fixed: Vec<f64>,
    /// Capital less grants paid at the start of each year (EUR).
    pub(crate) capital: Vec<f64>,
    /// Capital paid at the start of each year (EUR).
    gross: Vec<f64>,
    /// Grants received at the start of each year (EUR).
    grants: Vec<f64>,
    /// Residual value of the options at the end of the study (EUR).
    pub(crate) residual: f64,
}

/// Per-year money of a set: fixed costs, capital less grants, and the residual value at the end.
pub(crate) fn set_money(st: &InvestStudy, set: usize) -> SetMoney {
    let n = st.years;
    let mut fixed = vec![0.0; n];
    let mut capital = vec![0.0; n];
    let mut gross = vec![0.0; n];
    let mut grants = vec![0.0; n];
    let mut residual = 0.0;
    for &(i, start) in &st.sets[set].options {
        let o = &st.options[i];
        for (y, cal) in st.calendar().enumerate() {
            if o.in_service(start, cal) {
                fixed[y] += o.fixed_eur_per_year;
            }
        }
        let t = (start - st.first_year) as usize;
        capital[t] += o.capital_eur - o.grants_eur;
        gross[t] += o.capital_eur;
        grants[t] += o.grants_eur;
        if o.in_service(start, st.last_year()) {
            let used = (st.last_year() - start + 1) as usize;
            residual += o
                .residual_value_eur
                .unwrap_or_else(|| finance::linear_residual(o.capital_eur, o.lifetime_years, used));
        }
    }
    SetMoney {
        fixed,
        capital,
        gross,
        grants,
        residual,
    }
}

/// Which job holds each year's plan.
pub(crate) struct JobIndex {
    /// `[set][future][year]`: the plan with the social mission.
    pub(crate) plan: Vec<Vec<Vec<usize>>>,
    /// `[set][year]`: the plan without it (central future).
    free: Vec<Vec<usize>>,
    /// `[set][year]`: the plan with it under the classic firm's opening rule (central future).
    open: Vec<Vec<usize>>,
}

impl JobIndex {
    pub(crate) fn new(st: &InvestStudy, jobs: &[Job]) -> JobIndex {
        let (ns, nf, ny) = (st.sets.len(), st.futures.len(), st.years);
        let mut plan = vec![vec![vec![0usize; ny]; nf]; ns];
        let mut free = vec![vec![0usize; ny]; ns];
        let mut open = vec![vec![0usize; ny]; ns];
        for (k, j) in jobs.iter().enumerate() {
            if j.mission_free {
                free[j.set][j.year] = k;
            } else if j.opening_chosen {
                open[j.set][j.year] = k;
            } else {
                plan[j.set][j.future][j.year] = k;
            }
        }
        JobIndex { plan, free, open }
    }
}

/// Assembling a comparison from the solved years: the rows of `yearly.csv` and the failures
/// are collected set by set, in the order they are written.
struct Assembly<'a> {
    st: &'a InvestStudy,
    jobs: &'a [Job],
    outcomes: &'a [YearOutcome],
    index: JobIndex,
    money: Vec<SetMoney>,
    yearly: Vec<YearRow>,
    cashflow: Vec<CashFlowRow>,
    failures: Vec<String>,
}

/// One year's row, before its outcome and money are filled in.
struct YearKey<'a> {
    set: usize,
    future: &'a str,
    variant: &'static str,
    year: usize,
    job: usize,
}

fn assemble(st: &InvestStudy, jobs: &[Job], outcomes: &[YearOutcome], wall_s: f64) -> Comparison {
    let mut a = Assembly {
        st,
        jobs,
        outcomes,
        index: JobIndex::new(st, jobs),
        money: (0..st.sets.len()).map(|s| set_money(st, s)).collect(),
        yearly: Vec::new(),
        cashflow: Vec::new(),
        failures: Vec::new(),
    };
    let mut sets: Vec<SetSummary> = (0..st.sets.len()).map(|s| a.set_summary(s)).collect();
    rank(st, &mut sets);
    let solved: Vec<&YearOutcome> = outcomes.iter().filter(|o| o.variables > 0).collect();
    let size = |o: &YearOutcome| (o.variables, o.constraints, o.integer_variables);
    Comparison {
        study: st.path.clone(),
        first_year: st.first_year,
        years: st.years,
        discount_rate: st.discount_rate,
        futures: st
            .futures
            .iter()
            .map(|f| (f.name.clone(), f.weight))
            .collect(),
        central_future: st.futures[st.central].name.clone(),
        relaxed: st.relax,
        weeks_per_year: outcomes.first().map_or(0, |o| o.weeks),
        representative_weeks: st.representative_weeks,
        sets,
        yearly: a.yearly,
        cashflow: a.cashflow,
        schedule_search: None,
        schedule_search_note: String::new(),
        full_year: None,
        decision: None,
        jobs: jobs.len(),
        solves: outcomes.len(),
        model_min: solved.iter().map(|o| size(o)).min().unwrap_or_default(),
        model_max: solved.iter().map(|o| size(o)).max().unwrap_or_default(),
        solve_s_total: outcomes.iter().map(|o| o.solve_s).sum(),
        wall_s,
        failures: a.failures,
    }
}

impl Assembly<'_> {
    fn out(&self, k: usize) -> &YearOutcome {
        &self.outcomes[self.jobs[k].instance]
    }

    fn op(&self, k: usize) -> Option<f64> {
        self.out(k).operating_eur
    }

    /// Net present cost of set `s` over the years of jobs `ks`.
    fn npc(&self, s: usize, ks: &[usize]) -> Option<f64> {
        let ops: Vec<Option<f64>> = ks.iter().map(|&k| self.op(k)).collect();
        let m = &self.money[s];
        finance::net_present_cost(
            self.st.discount_rate,
            &ops,
            &m.fixed,
            &m.capital,
            m.residual,
        )
    }

    /// A set's summary: its figures in every future, then the cost of its social mission.
    /// Regrets and choices come later, from all the sets ([`rank`]).
    fn set_summary(&mut self, s: usize) -> SetSummary {
        let st = self.st;
        let figures: Vec<FutureFigures> = (0..st.futures.len())
            .map(|f| self.future_figures(s, f))
            .collect();
        let mission = self.mission(s);
        let m = &self.money[s];
        SetSummary {
            name: st.sets[s].name.clone(),
            options: st.sets[s]
                .options
                .iter()
                .map(|&(i, y)| (st.options[i].name.clone(), y))
                .collect(),
            net_investment_eur: m.capital.iter().sum(),
            residual_pv_eur: finance::at_end(st.discount_rate, st.years - 1) * m.residual,
            capital_pv_eur: -(0..st.years)
                .map(|y| finance::at_start(st.discount_rate, y) * m.gross[y])
                .sum::<f64>(),
            grants_pv_eur: (0..st.years)
                .map(|y| finance::at_start(st.discount_rate, y) * m.grants[y])
                .sum(),
            futures: figures,
            expected_npv_eur: None,
            max_regret_eur: None,
            minmax_regret_choice: false,
            best_expected: false,
            best_schedule: false,
            mission,
        }
    }

    /// Set `s` under future `f`: NPC and NPV against the status quo (set 0), payback, and
    /// the social and recovery figures summed over the years; one `plan` row per year.
    fn future_figures(&mut self, s: usize, f: usize) -> FutureFigures {
        let (st, ny) = (self.st, self.st.years);
        let ks = self.index.plan[s][f].clone();
        let sq = &self.index.plan[0][f];
        let my = self.npc(s, &ks);
        let base = self.npc(0, sq);
        let fixed = &self.money[s].fixed;
        let savings: Vec<Option<f64>> = (0..ny)
            .map(|y| Some(self.op(sq[y])? - self.op(ks[y])? - fixed[y]))
            .collect();
        let pay = if st.sets[s].options.is_empty() {
            None
        } else {
            let net_investment: f64 = self.money[s].capital.iter().sum();
            finance::payback(&savings, net_investment).map(|y| st.first_year + y as i32)
        };
        let mut cum = Some(0.0);
        let (mut rec, mut recy, mut acc) = (0.0, 0.0, 0.0);
        let (mut fte, mut hours, mut ext) = (0.0, 0.0, 0.0);
        for (y, &k) in ks.iter().enumerate() {
            cum = cum.zip(savings[y]).map(|(a, b)| a + b);
            let o = self.out(k);
            rec += o.recovered_t;
            recy += o.recycled_t;
            acc += o.accountable_t;
            fte += o.insertion_fte;
            hours += o.insertion_hours;
            ext += o.external_t;
            let key = YearKey {
                set: s,
                future: &st.futures[f].name,
                variant: "plan",
                year: y,
                job: k,
            };
            self.push_year(key, "", savings[y], cum);
        }
        let split = self.cash_flow(s, f, &savings);
        let rate = |x: f64| (acc > 1e-9).then(|| x / acc);
        FutureFigures {
            npc_eur: my,
            npv_eur: base.zip(my).map(|(b, m)| b - m),
            split,
            regret_eur: None,
            payback_year: pay,
            insertion_fte_years: fte,
            insertion_hours: hours,
            recovery_rate: rate(rec),
            recycling_rate: rate(recy),
            external_t: ext,
        }
    }

    /// The cash flow of set `s` under future `f` against the status quo, year by year (rows
    /// of `cashflow.csv`, none for the status quo itself), and the NPV's parts; `savings` are
    /// the operating savings net of fixed costs.
    fn cash_flow(&mut self, s: usize, f: usize, savings: &[Option<f64>]) -> Option<NpvSplit> {
        let (st, m) = (self.st, &self.money[s]);
        let r = st.discount_rate;
        let mut split = Some(NpvSplit::default());
        let mut cum = Some(0.0);
        for (y, sv) in savings.iter().enumerate() {
            let residual = if y + 1 == st.years { m.residual } else { 0.0 };
            let (start, end) = (finance::at_start(r, y), finance::at_end(r, y));
            split = split.zip(*sv).map(|(p, sv)| NpvSplit {
                operating_eur: p.operating_eur + end * sv,
                capital_eur: p.capital_eur - start * m.gross[y],
                grants_eur: p.grants_eur + start * m.grants[y],
                residual_eur: p.residual_eur + end * residual,
            });
            cum = cum
                .zip(*sv)
                .map(|(c, sv)| c + end * (sv + residual) + start * (m.grants[y] - m.gross[y]));
            if s > 0 {
                self.cashflow.push(CashFlowRow {
                    year: st.first_year + y as i32,
                    set: st.sets[s].name.clone(),
                    future: st.futures[f].name.clone(),
                    operating_eur: *sv,
                    capital_eur: 0.0 - m.gross[y],
                    grants_eur: m.grants[y],
                    residual_eur: residual,
                    net_eur: sv.map(|sv| sv - m.gross[y] + m.grants[y] + residual),
                    cumulative_discounted_eur: cum,
                });
            }
        }
        split
    }

    /// The cost of the social mission of set `s` in the central future: NPC, insertion
    /// FTE-years and exits to employment with it less without it, both under the same opening
    /// rule (permanent staff and supervisors staffed from the start, as the classic firm is);
    /// one `mission_opening_chosen` and one `no_mission` row per year.
    fn mission(&mut self, s: usize) -> MissionCost {
        let st = self.st;
        let c = st.central;
        let ks = self.index.free[s].clone();
        let ko = self.index.open[s].clone();
        let without = self.npc(s, &ks);
        let with = self.npc(s, &ko);
        let (mut dfte, mut dfte_disc) = (0.0, 0.0);
        let (mut dexit, mut dexit_disc) = (0.0, 0.0);
        for (y, &k) in ks.iter().enumerate() {
            let key = YearKey {
                set: s,
                future: &st.futures[c].name,
                variant: "mission_opening_chosen",
                year: y,
                job: ko[y],
            };
            self.push_year(
                key,
                " with the social mission, opening staff chosen",
                None,
                None,
            );
            let (with_m, free) = (self.out(ko[y]), self.out(k));
            let disc = finance::at_end(st.discount_rate, y);
            let d = with_m.insertion_fte - free.insertion_fte;
            dfte += d;
            dfte_disc += disc * d;
            let d = with_m.exits_to_employment - free.exits_to_employment;
            dexit += d;
            dexit_disc += disc * d;
            let key = YearKey {
                set: s,
                future: &st.futures[c].name,
                variant: "no_mission",
                year: y,
                job: k,
            };
            self.push_year(key, " without the social mission", None, None);
        }
        let extra = with.zip(without).map(|(a, b)| a - b);
        MissionCost {
            extra_npc_eur: extra,
            fte_years: dfte,
            discounted_fte_years: dfte_disc,
            eur_per_fte_year: extra.filter(|_| dfte_disc > 0.01).map(|e| e / dfte_disc),
            exits_to_employment: dexit,
            discounted_exits_to_employment: dexit_disc,
            eur_per_exit_to_employment: extra.filter(|_| dexit_disc >= 1.0).map(|e| e / dexit_disc),
        }
    }

    /// Adds a year's row to `yearly.csv` and, where its plan is unusable, a failure (`what`
    /// names the variant in the message).
    fn push_year(
        &mut self,
        key: YearKey,
        what: &str,
        savings: Option<f64>,
        cumulative: Option<f64>,
    ) {
        let st = self.st;
        let (o, m) = (self.out(key.job), &self.money[key.set]);
        let (y, year) = (key.year, st.first_year + key.year as i32);
        let failure = (!o.usable).then(|| {
            format!(
                "set \"{}\", future \"{}\", year {year}{what}: {}",
                st.sets[key.set].name, key.future, o.reason
            )
        });
        let row = YearRow {
            set: st.sets[key.set].name.clone(),
            future: key.future.to_string(),
            variant: key.variant.into(),
            year,
            in_service: self.jobs[key.job].in_service.clone(),
            outcome: o.clone(),
            fixed_eur: m.fixed[y],
            capital_net_eur: m.capital[y],
            residual_eur: if y + 1 == st.years { m.residual } else { 0.0 },
            savings_eur: savings,
            cumulative_savings_eur: cumulative,
        };
        self.failures.extend(failure);
        self.yearly.push(row);
    }
}

/// Regrets, expected NPVs and the two choices (min-max regret, best expected NPV), from
/// the NPVs of all the sets.
fn rank(st: &InvestStudy, sets: &mut [SetSummary]) {
    let npv: Vec<Vec<Option<f64>>> = sets
        .iter()
        .map(|s| s.futures.iter().map(|f| f.npv_eur).collect())
        .collect();
    let regret = finance::regrets(&npv);
    let weights: Vec<f64> = st.futures.iter().map(|f| f.weight).collect();
    for (s, row) in sets.iter_mut().enumerate() {
        for (f, fig) in row.futures.iter_mut().enumerate() {
            fig.regret_eur = regret[s][f];
        }
        row.max_regret_eur = finance::max_regret(&regret[s]);
        row.expected_npv_eur = finance::expected(&npv[s], &weights);
    }
    let mr: Vec<Option<f64>> = sets.iter().map(|s| s.max_regret_eur).collect();
    if let Some(i) = finance::argmin(&mr) {
        sets[i].minmax_regret_choice = true;
    }
    let neg: Vec<Option<f64>> = sets
        .iter()
        .map(|s| s.expected_npv_eur.map(|v| -v))
        .collect();
    if let Some(i) = finance::argmin(&neg) {
        sets[i].best_expected = true;
    }
}
