//! Whether a recommendation made on representative weeks holds on the whole horizon, and
//! the decision a comparison reports.
//!
//! Representative weeks only shortlist: the sets that matter for the verdicts (the three
//! best by maximum regret, the three best by expected NPV and the best build schedule of the
//! sampled search) are planned again over the base instance's whole horizon, with the status
//! quo for their NPVs, in every future. With [`CompareOptions::schedule`], the build years of
//! the shortlisted options are searched again on the whole horizon ([`super::optimise`]'s
//! enumeration, other options left unbuilt), so that a schedule that only pays on full years
//! is found and added to the checked sets. Expected NPVs and regrets (against the best of the
//! checked sets in each future) are recomputed, and the min-max regret choice among them is
//! the study's decision ([`Decision`]): the sampled answer is reported beside it, with a
//! warning in the first lines where the two differ in choice, schedule or NPV by more than
//! [`NPV_TOLERANCE`]. The cost of the mission is not recomputed.

use super::evaluate::{evaluate_jobs, CompareOptions, PlanCache, Progress};
use super::output::build_sentence;
use super::study::{self, OptionSet};
use super::{finance, optimise, set_money, Comparison, InvestStudy, JobIndex, ScheduleSearch};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// The sampled and the full-year expected NPVs of the decision differ "by more than a stated
/// tolerance" when they differ by more than this share of the larger of the two (or of
/// 10 kEUR, whichever is larger).
pub const NPV_TOLERANCE: f64 = 0.10;

/// One set planned again on the whole horizon.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FullYearSet {
    /// The set's name.
    pub set: String,
    /// Options with their start years.
    #[serde(default)]
    pub options: Vec<(String, i32)>,
    /// Expected NPV from the representative weeks (EUR; none for a set the full-year search
    /// added).
    pub sampled_expected_npv_eur: Option<f64>,
    /// Expected NPV on the whole horizon (EUR).
    pub expected_npv_eur: Option<f64>,
    /// Largest regret on the whole horizon, against the best checked set of each future.
    pub max_regret_eur: Option<f64>,
    /// Present value of the set's residual value (EUR).
    #[serde(default)]
    pub residual_pv_eur: f64,
    /// The min-max regret choice among the checked sets on the whole horizon.
    pub minmax_regret_choice: bool,
    /// The best expected NPV among the checked sets on the whole horizon.
    pub best_expected: bool,
}

/// The recommendation of a comparison on representative weeks, checked on the whole horizon.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FullYearCheck {
    /// Weeks solved per year in the comparison.
    pub sampled_weeks: usize,
    /// Weeks of the whole horizon.
    pub full_weeks: usize,
    /// The sets checked, the status quo first, in the comparison's order, then the set the
    /// full-year search added (if any).
    pub sets: Vec<FullYearSet>,
    /// The comparison's recommendation (its min-max regret choice).
    pub recommended: String,
    /// The min-max regret choice among the checked sets on the whole horizon.
    pub full_year_choice: Option<String>,
    /// Whether the recommendation holds on the whole horizon.
    pub holds: bool,
    /// Whether the checked sets rank in the same order by expected NPV on both.
    pub ranking_holds: bool,
    /// The build years searched again on the whole horizon, when they were.
    #[serde(default)]
    pub search: Option<ScheduleSearch>,
    /// Why the build years were not searched on the whole horizon (empty when they were).
    #[serde(default)]
    pub search_note: String,
    /// Distinct year plans solved for the check.
    pub solves: usize,
    /// Wall-clock seconds of the check.
    pub wall_s: f64,
}

impl FullYearCheck {
    /// What the check found, in one sentence.
    pub fn sentence(&self) -> String {
        let n = self.sets.len() - 1;
        let what = format!(
            "planned again on the whole horizon ({} weeks a year; {} year plans, {:.0} s) with the status quo, the {n} shortlisted set{}",
            self.full_weeks,
            self.solves,
            self.wall_s,
            if n == 1 { "" } else { "s" }
        );
        match (&self.full_year_choice, self.holds, self.ranking_holds) {
            (_, true, true) => format!(
                "The sampled recommendation holds: {what} keep \"{}\" first and rank the same.",
                self.recommended
            ),
            (_, true, false) => format!(
                "The sampled recommendation holds but the ranking changes: {what} keep \"{}\" as the min-max regret choice, but their order by expected NPV differs.",
                self.recommended
            ),
            (Some(c), false, _) => format!(
                "The sampled recommendation changes on the whole horizon: {what} make \"{c}\" the min-max regret choice instead of \"{}\".",
                self.recommended
            ),
            (None, false, _) => format!(
                "On the whole horizon a checked set has no usable plan in some year, so the recommendation \"{}\" from {} sampled weeks a year could not be confirmed.",
                self.recommended, self.sampled_weeks
            ),
        }
    }

    /// The decision on the whole horizon (the full-year min-max regret choice).
    fn choice(&self) -> Option<&FullYearSet> {
        self.sets.iter().find(|s| s.minmax_regret_choice)
    }
}

/// The study's decision, the first thing its reports say: on the whole horizon whenever it
/// was planned there, otherwise on what the comparison solved.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Decision {
    /// What the decision was computed on: "whole horizon" or "N sampled weeks a year".
    pub basis: String,
    /// The set chosen (min-max regret).
    pub set: String,
    /// Its options with their start years.
    pub options: Vec<(String, i32)>,
    /// Its expected NPV (EUR).
    pub expected_npv_eur: Option<f64>,
    /// Its largest regret (EUR).
    pub max_regret_eur: Option<f64>,
    /// The present value of its residual value, part of the NPV (EUR).
    pub residual_pv_eur: f64,
    /// With representative weeks: the sampled choice, and its expected NPV there.
    pub sampled: Option<(String, Option<f64>)>,
    /// Where the sampled and the full-year answers differ (choice, schedule, NPV beyond
    /// [`NPV_TOLERANCE`]), or could not be compared: the report's first lines.
    pub warnings: Vec<String>,
}

impl Decision {
    /// The decision's first line: "Decision (whole horizon): \"platform@2022\": build
    /// platform in 2022; expected NPV 1,071 kEUR".
    pub fn sentence(&self) -> String {
        format!(
            "Decision ({}, min-max regret): \"{}\": {}; expected NPV {} kEUR",
            self.basis,
            self.set,
            build_sentence(&self.options),
            self.expected_npv_eur
                .map_or_else(|| "-".into(), |v| format!("{:.0}", v / 1000.0)),
        )
    }
}

impl Decision {
    /// The decision taken on the comparison's own set `s` (no full-year answer beside it).
    fn of_set(basis: String, s: &super::SetSummary, warnings: Vec<String>) -> Decision {
        Decision {
            basis,
            set: s.name.clone(),
            options: s.options.clone(),
            expected_npv_eur: s.expected_npv_eur,
            max_regret_eur: s.max_regret_eur,
            residual_pv_eur: s.residual_pv_eur,
            sampled: None,
            warnings,
        }
    }
}

/// The decision of `c`: the full-year choice when the check ran, the comparison's otherwise;
/// `None` when no set has an NPV in every future.
pub fn decision(c: &Comparison) -> Option<Decision> {
    let sampled = c.sets.iter().find(|r| r.minmax_regret_choice);
    let basis_sampled = match c.representative_weeks {
        Some(n) => format!("{n} sampled weeks a year"),
        None => "whole horizon".to_string(),
    };
    let Some(f) = &c.full_year else {
        let s = sampled?;
        let mut warnings = Vec::new();
        if let Some(n) = c.representative_weeks {
            warnings.push(format!("Warning: this decision rests on {n} sampled weeks a year and was not checked on the whole horizon (run without --no-full-year-check)."));
        }
        return Some(Decision::of_set(basis_sampled, s, warnings));
    };
    let mut warnings = Vec::new();
    let sampled_pair = sampled.map(|s| (s.name.clone(), s.expected_npv_eur));
    let Some(full) = f.choice() else {
        warnings.push(format!("Warning: {}", f.sentence()));
        let s = sampled?;
        return Some(Decision::of_set(basis_sampled, s, warnings));
    };
    if sampled.is_none() {
        warnings.push(format!(
            "Warning: on {} sampled weeks a year no set has an NPV in every future ({} unusable year plans); the decision is the whole horizon's alone.",
            f.sampled_weeks,
            c.failures.len()
        ));
    }
    if let Some(s) = sampled {
        let sn = f.sampled_weeks;
        if s.options != full.options {
            let same_options = {
                let names = |v: &[(String, i32)]| {
                    let mut n: Vec<&str> = v.iter().map(|(o, _)| o.as_str()).collect();
                    n.sort_unstable();
                    n.dedup();
                    n.join("+")
                };
                names(&s.options) == names(&full.options)
            };
            warnings.push(format!(
                "Warning: on {sn} sampled weeks a year the study would {} (\"{}\", expected NPV {} kEUR); on the whole horizon the {} differs: {} (\"{}\"). The sampled weeks only shortlisted; the decision is the whole horizon's.",
                build_sentence(&s.options),
                s.name,
                keur(s.expected_npv_eur),
                if same_options { "schedule" } else { "choice" },
                build_sentence(&full.options),
                full.set
            ));
        }
        if let (Some(a), Some(b)) = (s.expected_npv_eur, full.expected_npv_eur) {
            let tol = NPV_TOLERANCE * a.abs().max(b.abs()).max(10_000.0);
            if (a - b).abs() > tol {
                warnings.push(format!(
                    "Warning: the expected NPV moves from {:.0} kEUR on {sn} sampled weeks a year to {:.0} kEUR on the whole horizon (more than {:.0} % apart).",
                    a / 1000.0,
                    b / 1000.0,
                    NPV_TOLERANCE * 100.0
                ));
            }
        }
    }
    Some(Decision {
        basis: format!("whole horizon, {} weeks a year", f.full_weeks),
        set: full.set.clone(),
        options: full.options.clone(),
        expected_npv_eur: full.expected_npv_eur,
        max_regret_eur: full.max_regret_eur,
        residual_pv_eur: full.residual_pv_eur,
        sampled: sampled_pair,
        warnings,
    })
}

fn keur(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |v| format!("{:.0}", v / 1000.0))
}

/// Sets the shortlist keeps by maximum regret and by expected NPV (each).
const SHORTLIST: usize = 3;

/// The indices of the sets to check: the status quo, then the [`SHORTLIST`] best by maximum
/// regret and by expected NPV, the best schedule of the sampled search and every set the
/// sampled weeks could not price, in the
/// comparison's order.
fn leading(c: &Comparison) -> Vec<usize> {
    let by = |key: &dyn Fn(usize) -> Option<f64>| {
        let mut v: Vec<(usize, f64)> = (0..c.sets.len())
            .filter_map(|i| key(i).map(|k| (i, k)))
            .collect();
        v.sort_by(|a, b| a.1.total_cmp(&b.1));
        v.into_iter()
            .take(SHORTLIST)
            .map(|(i, _)| i)
            .collect::<Vec<_>>()
    };
    let mut keep = vec![0];
    keep.extend(c.sets.iter().position(|r| r.best_schedule));
    // A set the sampled weeks could not price (a year without a usable plan there) has no
    // rank to be left out by: it is checked on the whole horizon.
    keep.extend((0..c.sets.len()).filter(|&i| c.sets[i].expected_npv_eur.is_none()));
    keep.extend(by(&|i| c.sets[i].max_regret_eur));
    keep.extend(by(&|i| c.sets[i].expected_npv_eur.map(|v| -v)));
    keep.sort_unstable();
    keep.dedup();
    keep
}

/// Plans the leading sets of `c` (a comparison of `st` on representative weeks) again on the
/// whole horizon and compares the verdicts.
pub(crate) fn check(
    st: &InvestStudy,
    c: &Comparison,
    opts: &CompareOptions,
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<FullYearCheck, Error> {
    let t0 = Instant::now();
    let keep = leading(c);
    let mut full = st.clone();
    full.representative_weeks = None;
    full.sets = keep.iter().map(|&i| st.sets[i].clone()).collect();
    let mut cache = PlanCache::new();
    let (search, search_note) = if opts.schedule {
        research(&mut full, opts, on_progress, &mut cache)
    } else {
        (None, "not asked for".to_string())
    };
    let (jobs, outcomes) = evaluate_jobs(&full, opts, on_progress, false, &mut cache)?;
    let index = JobIndex::new(&full, &jobs);
    let r = full.discount_rate;
    let npc = |s: usize, f: usize| {
        let m = set_money(&full, s);
        let ops: Vec<Option<f64>> = index.plan[s][f]
            .iter()
            .map(|&k| {
                let o = &outcomes[jobs[k].instance];
                o.usable.then_some(o.operating_eur).flatten()
            })
            .collect();
        finance::net_present_cost(r, &ops, &m.fixed, &m.capital, m.residual)
    };
    let nf = full.futures.len();
    let npv: Vec<Vec<Option<f64>>> = (0..full.sets.len())
        .map(|s| {
            (0..nf)
                .map(|f| npc(0, f).zip(npc(s, f)).map(|(b, m)| b - m))
                .collect()
        })
        .collect();
    let weights: Vec<f64> = full.futures.iter().map(|f| f.weight).collect();
    let regret = finance::regrets(&npv);
    let max_regret: Vec<Option<f64>> = regret.iter().map(|r| finance::max_regret(r)).collect();
    let expected: Vec<Option<f64>> = npv.iter().map(|n| finance::expected(n, &weights)).collect();
    let choice = finance::argmin(&max_regret);
    let neg: Vec<Option<f64>> = expected.iter().map(|v| v.map(|v| -v)).collect();
    let best = finance::argmin(&neg);
    let sets: Vec<FullYearSet> = (0..full.sets.len())
        .map(|k| FullYearSet {
            set: full.sets[k].name.clone(),
            options: full.sets[k]
                .options
                .iter()
                .map(|&(i, y)| (full.options[i].name.clone(), y))
                .collect(),
            sampled_expected_npv_eur: keep.get(k).and_then(|&i| c.sets[i].expected_npv_eur),
            residual_pv_eur: finance::at_end(r, full.years - 1) * set_money(&full, k).residual,
            expected_npv_eur: expected[k],
            max_regret_eur: max_regret[k],
            minmax_regret_choice: choice == Some(k),
            best_expected: best == Some(k),
        })
        .collect();
    let recommended = c
        .sets
        .iter()
        .find(|s| s.minmax_regret_choice)
        .map_or_else(String::new, |s| s.name.clone());
    let full_year_choice = choice.map(|k| sets[k].set.clone());
    let sampled_sets = &sets[..keep.len()];
    let order_of = |v: &dyn Fn(&FullYearSet) -> Option<f64>| {
        let mut o: Vec<(usize, f64)> = sampled_sets
            .iter()
            .enumerate()
            .map(|(k, s)| (k, v(s).unwrap_or(f64::NEG_INFINITY)))
            .collect();
        o.sort_by(|a, b| b.1.total_cmp(&a.1));
        o.into_iter().map(|(k, _)| k).collect::<Vec<_>>()
    };
    let ranking_holds = order_of(&|s| s.sampled_expected_npv_eur)
        == order_of(&|s| s.expected_npv_eur)
        && expected.iter().all(Option::is_some);
    Ok(FullYearCheck {
        sampled_weeks: c.weeks_per_year,
        full_weeks: st.base.instance.weeks,
        holds: full_year_choice.as_deref() == Some(recommended.as_str()),
        ranking_holds,
        sets,
        search,
        search_note,
        recommended,
        full_year_choice,
        solves: cache.len(),
        wall_s: t0.elapsed().as_secs_f64(),
    })
}

/// Searches the build years of the shortlisted options again on the whole horizon (every
/// schedule priced from year plans, [`optimise`]'s enumeration; options no shortlisted set
/// uses, nor requires, stay unbuilt) and adds the best schedule to `full`'s sets when it is
/// not one of them. A search that cannot run leaves the sets as they are and says why.
fn research(
    full: &mut InvestStudy,
    opts: &CompareOptions,
    on_progress: &(dyn Fn(Progress) + Sync),
    cache: &mut PlanCache,
) -> (Option<ScheduleSearch>, String) {
    let mut used = vec![false; full.options.len()];
    for set in &full.sets {
        for &(i, _) in &set.options {
            for k in study::closure(&full.options, i) {
                used[k] = true;
            }
        }
    }
    let mut sub = full.clone();
    let never = full.last_year() + 1;
    for (o, &u) in sub.options.iter_mut().zip(&used) {
        if !u {
            o.earliest_year = never;
        }
    }
    let before = cache.len();
    let found = match optimise::enumerate_cached(&sub, opts, on_progress, cache) {
        Ok(f) => f,
        Err(e) => return (None, e.to_string()),
    };
    let members: Vec<(usize, i32)> = found
        .starts
        .iter()
        .filter_map(|(o, y)| Some((full.options.iter().position(|x| &x.name == o)?, *y)))
        .collect();
    let at = full.sets.iter().position(|x| x.options == members);
    let best_set = match at {
        Some(i) => full.sets[i].name.clone(),
        None => {
            let mut name = study::set_name(&full.options, &members);
            if full.sets.iter().any(|x| x.name == name) {
                name += " (full-year schedule)";
            }
            full.sets.push(OptionSet {
                name: name.clone(),
                options: members,
            });
            name
        }
    };
    let search = ScheduleSearch {
        schedules: found.schedules,
        year_plans: found.solves,
        new_solves: cache.len() - before,
        best_set,
        added: at.is_none(),
    };
    (Some(search), String::new())
}
