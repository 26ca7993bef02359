//! Social employment: supervision, insertion share, the agreed posts and the advisers.

use super::{add, Row, Rows, Vars};
use crate::plant::*;
use good_lp::Expression;

/// **supervision**: supervisors present in a shift cover the insertion hours worked in it, one
/// hour per nu, and, where team leaders are asked for, the permanent and temporary hours, one
/// hour per lambda.
///
/// ```text
/// v[s,h,t] - (1 / nu) * sum_{l in Lines(s)} w[ins,l,h,t]
///          - (1 / lambda) * sum_{l in Lines(s)} sum_{k in {perm,tmp}} w[k,l,h,t] >= 0
///          for all s in Supervised, h in Shifts(l) for some l in Lines(s), t
///          (the lambda term only if workers_per_team_leader is given)
/// ```
pub fn supervision(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("supervision");
    let p = &inst.plant;
    let ins = StaffKind::Insertion.index();
    let inv = 1.0 / p.social.insertion_workers_per_supervisor;
    let lead = p.social.workers_per_team_leader.map(|l| 1.0 / l);
    for s in 0..p.sites.len() {
        if !inst.supervised(SiteId(s)) {
            continue;
        }
        for h in 0..p.shifts.len() {
            let lines: Vec<usize> = (p.lines_at(SiteId(s)).iter())
                .map(|l| l.0)
                .filter(|&l| p.lines[l].shifts[h])
                .collect();
            if lines.is_empty() {
                continue;
            }
            for t in 0..inst.weeks {
                let mut e = Expression::with_capacity(3 * lines.len() + 1);
                add(&mut e, 1.0, v.v[[s, h, t]]);
                for &l in &lines {
                    add(&mut e, -inv, v.w[[ins, l, h, t]]);
                    if let Some(lead) = lead {
                        for k in [StaffKind::Permanent, StaffKind::Temporary] {
                            add(&mut e, -lead, v.w[[k.index(), l, h, t]]);
                        }
                    }
                }
                rows.ge(e, 0.0, Row::Supervision(SiteId(s), ShiftId(h), t));
            }
        }
    }
}

/// **insertion_share**: insertion workers do at least a share of each site's production hours
/// over the horizon.
///
/// ```text
/// sum_{l in Lines(s),h,t} ( w[ins,l,h,t] - beta * sum_{k in ProdKinds} w[k,l,h,t] ) >= 0
///                                                   for all s with a line, if beta > 0
/// ```
pub fn insertion_share(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("insertion_share");
    let p = &inst.plant;
    let beta = p.social.insertion_share_min;
    if beta <= 0.0 {
        return;
    }
    for s in 0..p.sites.len() {
        let lines: Vec<usize> = p.lines_at(SiteId(s)).iter().map(|l| l.0).collect();
        if lines.is_empty() {
            continue;
        }
        let mut e = Expression::with_capacity(lines.len() * p.shifts.len() * inst.weeks * 3);
        for &l in &lines {
            for h in 0..p.shifts.len() {
                for t in 0..inst.weeks {
                    for k in StaffKind::PRODUCTION {
                        let own = if k == StaffKind::Insertion { 1.0 } else { 0.0 };
                        add(&mut e, own - beta, v.w[[k.index(), l, h, t]]);
                    }
                }
            }
        }
        rows.ge(e, 0.0, Row::InsertionShare(SiteId(s)));
    }
}

/// **funded_posts**: the paid insertion hours of all sites stay within the agreed posts (FTE),
/// pro rata of the horizon. The aid, paid on these hours, therefore stays within its cap.
/// Where a least share phi of the posts must be filled, they also reach it.
///
/// ```text
/// sum_{s,t} P[s,ins,t] <= Nfund * HFTE * T / 52            if Nfund is given
/// sum_{s,t} P[s,ins,t] >= phi * Nfund * HFTE * T / 52      if Nfund and phi are given
/// M - mod Aid / HFTE sum_{s,t} P[s,ins,t] <= 0              if mod > 0, L_mod given   (aid_modulation_hours)
/// M - mod Aid Nfund (T/52) / L_mod * LE <= 0                if mod > 0, L_mod given   (aid_modulation_outcomes)
/// ```
///
/// LE is the horizon's lasting exits ([`super::placement`]); M the modulated part earned.
pub fn funded_posts(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("funded_posts");
    let p = &inst.plant;
    let Some(posts) = p.social.funded_posts else {
        return;
    };
    let mut e = Expression::with_capacity(p.sites.len() * inst.weeks);
    for s in 0..p.sites.len() {
        for t in 0..inst.weeks {
            add(&mut e, 1.0, v.paid[[s, StaffKind::Insertion.index(), t]]);
        }
    }
    let cap = posts * p.social.full_time_h_per_year * inst.weeks as f64 / 52.0;
    if let Some(phi) = p.social.funded_posts_min_share {
        rows.ge(e.clone(), phi * cap, Row::FundedPostsFilled);
    }
    if let Some((per_h, kappa)) = p.social.modulation_rates(inst.weeks) {
        let mut hours = e.clone() * -per_h;
        add(&mut hours, 1.0, v.aid_mod);
        rows.le(hours, 0.0, Row::AidModulation(false));
        let mut outcomes = super::placement::lasting(inst, v) * -kappa;
        add(&mut outcomes, 1.0, v.aid_mod);
        rows.le(outcomes, 0.0, Row::AidModulation(true));
    }
    rows.le(e, cap, Row::FundedPosts);
}

/// **advisers**: a site's insertion advisers follow its insertion workers, one adviser per
/// nuA of them, in every week.
///
/// ```text
/// adv[s] - N[s,ins,t] / nuA >= 0          for all s with insertion staff, t, if nuA is given
/// ```
pub fn advisers(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("advisers");
    let p = &inst.plant;
    let Some(ratio) = p.social.insertion_workers_per_adviser else {
        return;
    };
    for s in 0..p.sites.len() {
        if v.advisers[s].is_none() {
            continue;
        }
        for t in 0..inst.weeks {
            let mut e = Expression::with_capacity(2);
            add(&mut e, 1.0, v.advisers[s]);
            add(
                &mut e,
                -1.0 / ratio,
                v.head[[s, StaffKind::Insertion.index(), t]],
            );
            rows.ge(e, 0.0, Row::Advisers(SiteId(s), t));
        }
    }
}
