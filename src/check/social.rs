//! Social employment: supervision of insertion workers, the insertion share of production
//! hours, the agreed posts (FTE) and the aid they bound, and the insertion advisers.

use super::{Checker, Target};
use crate::formulation::Row;
use crate::plan::Plan;
use crate::plant::*;
use ndarray::s;

/// **supervision** (§4.13) at site `s`: supervisors present in a shift cover the insertion hours
/// worked in it, and, with team leaders, the permanent and temporary hours, pooled over the
/// site's lines; every shift and week.
///
/// ```text
/// (1 / nu) * sum_{l in Lines(s)} w[ins,l,h,t]
///   + (1 / lambda) * sum_{l in Lines(s)} sum_{k in {perm,tmp}} w[k,l,h,t] <= v[s,h,t]
/// ```
pub(super) fn supervision(c: &mut Checker, inst: &Instance, plan: &Plan, site: SiteId) {
    if !inst.supervised(site) {
        return;
    }
    let p = &inst.plant;
    let s = site.0;
    let rho = p.social.insertion_workers_per_supervisor;
    let lambda = p.social.workers_per_team_leader;
    let worked = |k: StaffKind, h: usize, t: usize| -> f64 {
        p.lines_at(site)
            .iter()
            .map(|l| plan.line_hours[[k.index(), l.0, h, t]])
            .sum()
    };
    for h in 0..p.shifts.len() {
        for t in 0..inst.weeks {
            let mut need = worked(StaffKind::Insertion, h, t) / rho;
            if let Some(lambda) = lambda {
                need += (worked(StaffKind::Permanent, h, t) + worked(StaffKind::Temporary, h, t))
                    / lambda;
            }
            c.le(
                "supervision",
                || Row::Supervision(site, ShiftId(h), t).key(p),
                need,
                plan.supervisor_h[[s, h, t]],
            );
        }
    }
}

/// **insertion_share** (§4.14) at site `s`, if beta > 0: insertion workers do at least the share
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

/// **funded_posts** (§4.15), if Nfund is given: the paid insertion hours of all sites stay
/// within the agreed posts (FTE), pro rata of the horizon; the verdict is in FTE (used over
/// the horizon against agreed). The state aid, recomputed on these hours, stays within its cap.
///
/// ```text
/// sum_{s,t} P[s,ins,t] / (HFTE T / 52) <= Nfund
/// Aid (1 + mod) / HFTE * sum_{s,t} P[s,ins,t] <= Aid (1 + mod) Nfund T / 52
/// ```
pub(super) fn funded_posts(c: &mut Checker, inst: &Instance, plan: &Plan) {
    let p = &inst.plant;
    let Some(posts) = p.social.funded_posts else {
        return;
    };
    let paid = plan
        .paid_h
        .slice(s![.., StaffKind::Insertion.index(), ..])
        .sum();
    let years = inst.weeks as f64 / 52.0;
    let used_fte = paid / (p.social.full_time_h_per_year * years);
    c.target(
        Target::FundedPosts,
        "funded_posts",
        || Row::FundedPosts.key(p),
        used_fte,
        posts,
    );
    if let Some(phi) = p.social.funded_posts_min_share {
        c.le(
            "funded_posts",
            || Row::FundedPostsFilled.key(p),
            phi * posts,
            used_fte,
        );
    }
    let aid = p.social.aid_eur_per_paid_h() * paid + plan.aid_modulation_eur;
    let cap = p.social.aid_eur_per_post_year * (1.0 + p.social.aid_modulation) * posts * years;
    c.le(
        "funded_posts",
        || "state aid within its cap (agreed posts)".into(),
        aid,
        cap,
    );
}

/// **funded_posts**, the modulated part of the aid tied to outcomes (§4.15): earned at most
/// on the hours paid and pro rata of the lasting exits, recomputed from the plan's paid hours,
/// placements and exits; 0 where it is paid on the hours with the base.
///
/// ```text
/// 0 <= M <= mod Aid / HFTE sum_{s,t} P[s,ins,t]          (aid_modulation_hours)
/// M <= mod Aid Nfund (T/52) / L_mod * lasting exits       (aid_modulation_outcomes)
/// ```
pub(super) fn aid_modulation(
    c: &mut Checker,
    inst: &Instance,
    plan: &Plan,
    paths: &super::Pathways,
) {
    let p = &inst.plant;
    let m = plan.aid_modulation_eur;
    let Some((per_h, kappa)) = p.social.modulation_rates(inst.weeks) else {
        if m != 0.0 {
            c.viol(
                "funded_posts",
                || "modulated aid earned, but not tied to the lasting exits".into(),
                m.abs(),
                1.0,
            );
        }
        return;
    };
    c.viol(
        "funded_posts",
        || "modulated aid earned below 0".into(),
        -m,
        1.0,
    );
    let paid = plan
        .paid_h
        .slice(s![.., StaffKind::Insertion.index(), ..])
        .sum();
    c.le(
        "funded_posts",
        || Row::AidModulation(false).key(p),
        m,
        per_h * paid,
    );
    let lasting = super::categories(inst, plan, paths).lasting;
    c.le(
        "funded_posts",
        || Row::AidModulation(true).key(p),
        m,
        kappa * lasting,
    );
}

/// **advisers** (§4.16) at site `s`: with an insertion group and nuA given, the advisers
/// follow its insertion workers, one per nuA of them, in every week, and are whole persons
/// unless relaxed; otherwise the site has none.
///
/// ```text
/// adv[s] >= N[s,ins,t] / nuA          for all t;  adv[s] integer unless relaxed
/// ```
pub(super) fn advisers(
    c: &mut Checker,
    inst: &Instance,
    plan: &Plan,
    site: SiteId,
    integral: bool,
) {
    let p = &inst.plant;
    let s = site.0;
    let adv = plan.advisers[s];
    let id = &p.sites[s].named.id;
    let ratio = p.social.insertion_workers_per_adviser;
    let (Some(ratio), Some(_)) = (ratio, p.staff(site, StaffKind::Insertion)) else {
        c.viol(
            "advisers",
            || format!("{id} has advisers but no insertion group or no workers per adviser"),
            adv.abs(),
            1.0,
        );
        return;
    };
    for t in 0..inst.weeks {
        c.le(
            "advisers",
            || Row::Advisers(site, t).key(p),
            plan.staff_n[[s, StaffKind::Insertion.index(), t]] / ratio,
            adv,
        );
    }
    if integral {
        c.viol(
            "whole_persons",
            || format!("{id} advisers"),
            (adv - adv.round()).abs(),
            1.0,
        );
    }
}
