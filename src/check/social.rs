//! Social employment: supervision of insertion workers, the insertion share of production
//! hours and the state-funded posts.

use super::{Checker, Target};
use crate::formulation::Row;
use crate::plan::Plan;
use crate::plant::*;
use ndarray::s;

/// **supervision** (§4.8) at site `s`: supervisors present in a shift cover the insertion hours
/// worked in it, pooled over the site's lines; every shift and week.
///
/// ```text
/// (1 / nu) * sum_{l in Lines(s)} w[ins,l,h,t] <= v[s,h,t]      for all h, t
/// ```
pub(super) fn supervision(c: &mut Checker, inst: &Instance, plan: &Plan, site: SiteId) {
    let p = &inst.plant;
    let s = site.0;
    let rho = p.social.insertion_workers_per_supervisor;
    for h in 0..p.shifts.len() {
        for t in 0..inst.weeks {
            let ins: f64 = p
                .lines_at(site)
                .iter()
                .map(|l| plan.line_hours[[StaffKind::Insertion.index(), l.0, h, t]])
                .sum();
            c.le(
                "supervision",
                || Row::Supervision(site, ShiftId(h), t).key(p),
                ins / rho,
                plan.supervisor_h[[s, h, t]],
            );
        }
    }
}

/// **insertion_share** (§4.9) at site `s`, if beta > 0: insertion workers do at least the share
/// beta of the site's production hours over the horizon.
///
/// ```text
/// beta * sum_{l in Lines(s),h,t} sum_{k in ProdKinds} w[k,l,h,t] <= sum_{l in Lines(s),h,t} w[ins,l,h,t]
/// ```
pub(super) fn insertion_share(c: &mut Checker, inst: &Instance, plan: &Plan, site: SiteId) {
    let p = &inst.plant;
    let s = site.0;
    let beta = p.social.insertion_share_min;
    if beta > 0.0 {
        let mut ins = 0.0;
        let mut all = 0.0;
        for &l in p.lines_at(site) {
            for k in StaffKind::PRODUCTION {
                let w = plan.line_hours.slice(s![k.index(), l.0, .., ..]).sum();
                all += w;
                if k == StaffKind::Insertion {
                    ins += w;
                }
            }
        }
        c.target(
            Target::InsertionShare(site),
            "insertion_share",
            || p.sites[s].named.id.clone(),
            beta * all,
            ins,
        );
    }
}

/// **funded_posts** (§4.10), if Nfund is given: the insertion headcount of all sites together
/// stays within the state-funded posts.
///
/// ```text
/// sum_s N[s,ins] <= Nfund
/// ```
pub(super) fn funded_posts(c: &mut Checker, inst: &Instance, plan: &Plan) {
    if let Some(posts) = inst.plant.social.funded_posts {
        let n = plan
            .headcount
            .slice(s![.., StaffKind::Insertion.index()])
            .sum();
        c.target(
            Target::FundedPosts,
            "funded_posts",
            || "all sites".into(),
            n,
            posts,
        );
    }
}
