//! Recovery: the category and plant-wide targets, read from the key figures recomputed from
//! the plan (`crate::kpi`, in the accounting of `models/FORMULATION.md` §6).

use super::{Checker, Target};
use crate::kpi::{Kpis, Scope};

/// **category_targets** (§4.22) and **plant_targets** (§4.23): for each category, then for the
/// plant as a whole, counted tonnage reaches the target times the accountable tonnage;
/// recovery before recycling. Each target set gets a verdict.
///
/// ```text
/// Rrec[c] * accountable[c] <= recovered[c]      Rcyc[c] * accountable[c] <= recycled[c]
/// Rrec * accountable <= recovered               Rcyc * accountable <= recycled
/// ```
pub(super) fn targets(c: &mut Checker, k: &Kpis) {
    for r in k.recovery.iter() {
        let check = match r.scope {
            Scope::Plant => "plant_targets",
            Scope::Category(_) => "category_targets",
        };
        if let Some(target) = r.recovery_target {
            c.target(
                Target::Recovery(r.scope),
                check,
                || format!("recovery[{}]", r.id),
                target * r.accountable_t,
                r.recovered_t,
            );
        }
        if let Some(target) = r.recycling_target {
            c.target(
                Target::Recycling(r.scope),
                check,
                || format!("recycling[{}]", r.id),
                target * r.accountable_t,
                r.recycled_t,
            );
        }
    }
}
