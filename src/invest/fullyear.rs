//! Whether a recommendation made on representative weeks holds on the whole horizon.
//!
//! The cheapest honest check: the sets that matter for the verdicts (the two best by
//! maximum regret and the two best by expected NPV, so the recommendation and its
//! runners-up) are planned again over the base instance's whole horizon, with the status
//! quo for their NPVs, in every future; their expected NPVs and regrets (against the best of
//! the checked sets in each future) are recomputed, and the min-max regret choice among them
//! is compared with the recommendation. The cost of the mission is not recomputed.

use super::evaluate::{evaluate_jobs, CompareOptions, PlanCache, Progress};
use super::{finance, set_money, Comparison, InvestStudy, JobIndex};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// One set planned again on the whole horizon.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FullYearSet {
    /// The set's name.
    pub set: String,
    /// Expected NPV from the representative weeks (EUR).
    pub sampled_expected_npv_eur: Option<f64>,
    /// Expected NPV on the whole horizon (EUR).
    pub expected_npv_eur: Option<f64>,
    /// Largest regret on the whole horizon, against the best checked set of each future.
    pub max_regret_eur: Option<f64>,
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
    /// The sets checked, the status quo first, in the comparison's order.
    pub sets: Vec<FullYearSet>,
    /// The comparison's recommendation (its min-max regret choice).
    pub recommended: String,
    /// The min-max regret choice among the checked sets on the whole horizon.
    pub full_year_choice: Option<String>,
    /// Whether the recommendation holds on the whole horizon.
    pub holds: bool,
    /// Whether the checked sets rank in the same order by expected NPV on both.
    pub ranking_holds: bool,
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
            "planned again on the whole horizon ({} weeks a year; {} year plans, {:.0} s) with the status quo, the {n} leading set{} (recommended and runners-up)",
            self.full_weeks,
            self.solves,
            self.wall_s,
            if n == 1 { "" } else { "s" }
        );
        match (&self.full_year_choice, self.holds, self.ranking_holds) {
            (_, true, true) => format!(
                "The recommendation holds: {what} keep \"{}\" first and rank the same.",
                self.recommended
            ),
            (_, true, false) => format!(
                "The recommendation holds but the ranking changes: {what} keep \"{}\" as the min-max regret choice, but their order by expected NPV differs.",
                self.recommended
            ),
            (Some(c), false, _) => format!(
                "Warning: the recommendation changes on the whole horizon: {what} make \"{c}\" the min-max regret choice instead of \"{}\"; the ranking from {} sampled weeks a year is not reliable here.",
                self.recommended, self.sampled_weeks
            ),
            (None, false, _) => format!(
                "Warning: on the whole horizon a checked set has no usable plan in some year, so the recommendation \"{}\" from {} sampled weeks a year could not be confirmed.",
                self.recommended, self.sampled_weeks
            ),
        }
    }
}

/// The indices of the sets to check: the status quo, then the two best by maximum regret and
/// the two best by expected NPV, in the comparison's order.
fn leading(c: &Comparison) -> Vec<usize> {
    let by = |key: &dyn Fn(usize) -> Option<f64>| {
        let mut v: Vec<(usize, f64)> = (0..c.sets.len())
            .filter_map(|i| key(i).map(|k| (i, k)))
            .collect();
        v.sort_by(|a, b| a.1.total_cmp(&b.1));
        v.into_iter().take(2).map(|(i, _)| i).collect::<Vec<_>>()
    };
    let mut keep = vec![0];
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
    let npv: Vec<Vec<Option<f64>>> = (0..keep.len())
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
    let sets: Vec<FullYearSet> = keep
        .iter()
        .enumerate()
        .map(|(k, &i)| FullYearSet {
            set: c.sets[i].name.clone(),
            sampled_expected_npv_eur: c.sets[i].expected_npv_eur,
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
    let order = |v: &dyn Fn(&FullYearSet) -> Option<f64>| {
        let mut o: Vec<(usize, f64)> = sets
            .iter()
            .enumerate()
            .map(|(k, s)| (k, v(s).unwrap_or(f64::NEG_INFINITY)))
            .collect();
        o.sort_by(|a, b| b.1.total_cmp(&a.1));
        o.into_iter().map(|(k, _)| k).collect::<Vec<_>>()
    };
    let ranking_holds = order(&|s| s.sampled_expected_npv_eur) == order(&|s| s.expected_npv_eur)
        && expected.iter().all(Option::is_some);
    Ok(FullYearCheck {
        sampled_weeks: c.weeks_per_year,
        full_weeks: st.base.instance.weeks,
        holds: full_year_choice.as_deref() == Some(recommended.as_str()),
        ranking_holds,
        sets,
        recommended,
        full_year_choice,
        solves: cache.len(),
        wall_s: t0.elapsed().as_secs_f64(),
    })
}
