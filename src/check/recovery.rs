//! Recovery: the category and plant-wide targets, read from the key figures recomputed from
//! the plan (`crate::kpi`, in the accounting of `models/FORMULATION.md` §6).

use super::Checker;
use crate::kpi::Kpis;

/// **category_targets** (§4.16) and **plant_targets** (§4.17): for each category, then for the
/// plant as a whole (the key figures' row `plant`), counted tonnage reaches the target times
/// the accountable tonnage; recovery before recycling.
///
/// ```text
/// Rrec[c] * accountable[c] <= recovered[c]      Rcyc[c] * accountable[c] <= recycled[c]
/// Rrec * accountable <= recovered               Rcyc * accountable <= recycled
/// ```
pub(super) fn targets(c: &mut Checker, k: &Kpis) {
    for r in &k.categories {
        let check = if r.id == "plant" {
            "plant_targets"
        } else {
            "category_targets"
        };
        if let Some(target) = r.recovery_target {
            c.le(
                check,
                || format!("recovery[{}]", r.id),
                target * r.accountable_t,
                r.recovered_t,
            );
        }
        if let Some(target) = r.recycling_target {
            c.le(
                check,
                || format!("recycling[{}]", r.id),
                target * r.accountable_t,
                r.recycled_t,
            );
        }
    }
}
