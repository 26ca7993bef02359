//! Pathways to work: placements of leavers into the openings of partner firms, each holding
//! a skill learnt on a line or in a training module (FORMULATION §4.7b).
//!
//! A skill k is learnt on line l(k) after H[k] hours of insertion work there, or in a
//! training module of H[k] hours over D[k] weeks with S[k] seats a month; an opening j of a
//! partner asks for n[j] people holding skill k(j), named by its naming week d(j), who leave
//! the plant in its exit week e(j) (the last change week at or before the start week).
//! Placements are exits: they are part of x[s,t], so the least contract length and first in,
//! first out hold for them as for every exit.

use super::{add, Row, Rows, Vars};
use crate::plant::*;
use good_lp::Expression;

/// The exit week (`name = false`) or the naming week (`name = true`) of each opening that
/// has a placement column, by opening.
fn weeks_of(inst: &Instance, v: &Vars, name: bool) -> Vec<Option<usize>> {
    let p = &inst.plant;
    let m = p.pathway.change_every_weeks;
    p.openings
        .iter()
        .enumerate()
        .map(|(j, o)| {
            v.place[j]?;
            if name {
                o.name_week(inst.weeks, m)
            } else {
                o.exit_week(inst.weeks, m)
            }
        })
        .collect()
}

/// **placements**: the people placed with a skill by a week hold it (the line hours worked
/// by then make that many holders), placements are within the week's exits, and the least
/// lasting exits.
///
/// ```text
/// H[k] sum_{j in J(k), d(j)<=t} pl[j] - sum_{u<=t} sum_h w[ins,l(k),h,u] <= 0   for all k on a line, t in D(k)   (placement_skill)
/// sum_{j in J(k), d(j)<=t} pl[j] - sum_{u<=t-D[k]+1} tr[k,u] <= 0                 for all k by module, t in D(k)
/// sum_{t in month m} tr[k,t] <= S[k]                                             for all k by module, m   (training_seats)
/// sum_{j at s, e(j)=t} pl[j] - x[s,t] <= 0                                      for all s, t with openings   (placement_exits)
/// sum_j (1[lasting j] - xi lam) pl[j] + xi lam sum_s EX[s,T] >= Lmin_exits        where Lmin_exits > 0   (lasting_exits)
/// ```
///
/// D(k) are the naming weeks d(j) of the openings asking for skill k (the start week less the
/// notice, at most the exit week e(j)), J(k) those openings, xi the
/// exit-to-employment rate and lam the lasting share of the open market's jobs.
pub fn placements(inst: &Instance, v: &Vars, rows: &mut Rows) {
    let p = &inst.plant;
    if p.openings.is_empty() && p.pathway.lasting_exits_min <= 0.0 {
        return;
    }
    rows.family("placements");
    let ins = StaffKind::Insertion.index();
    let exit = weeks_of(inst, v, false);
    let named = weeks_of(inst, v, true);
    for (k, skill) in p.skills.iter().enumerate() {
        let mut weeks: Vec<usize> = (0..p.openings.len())
            .filter(|&j| p.openings[j].skill == k)
            .filter_map(|j| named[j])
            .collect();
        weeks.sort_unstable();
        weeks.dedup();
        for &t in &weeks {
            let mut e = Expression::with_capacity((t + 1) * p.shifts.len() + 4);
            // A line skill counts in hours, a module skill in trainees who ended it.
            let per_holder = if skill.line().is_some() {
                skill.hours
            } else {
                1.0
            };
            for (j, o) in p.openings.iter().enumerate() {
                if o.skill == k && named[j].is_some_and(|w| w <= t) {
                    add(&mut e, per_holder, v.place[j]);
                }
            }
            match &skill.learnt {
                Learnt::Line(l) => {
                    for u in 0..=t {
                        for h in 0..p.shifts.len() {
                            add(&mut e, -1.0, v.w[[ins, l.0, h, u]]);
                        }
                    }
                }
                Learnt::Module(m) => {
                    for u in 0..(t + 1).saturating_sub(m.weeks - 1) {
                        add(&mut e, -1.0, v.train[[k, u]]);
                    }
                }
            }
            rows.le(e, 0.0, Row::PlacementSkill(SkillId(k), t));
        }
        training_seats(inst, v, rows, k);
    }
    for s in (0..p.sites.len()).map(SiteId) {
        for t in 0..inst.weeks {
            let here: Vec<usize> = (0..p.openings.len())
                .filter(|&j| exit[j] == Some(t) && p.partners[p.openings[j].partner].site == s)
                .collect();
            if here.is_empty() {
                continue;
            }
            let mut e = Expression::with_capacity(here.len() + 1);
            for &j in &here {
                add(&mut e, 1.0, v.place[j]);
            }
            add(&mut e, -1.0, v.depart[[s.0, ins, t]]);
            rows.le(e, 0.0, Row::PlacementExits(s, t));
        }
    }
    lasting_exits(inst, v, rows);
}

/// The seats of skill `k`'s training module (see [`placements`]): one row per month with
/// trainee columns, in month order.
fn training_seats(inst: &Instance, v: &Vars, rows: &mut Rows, k: usize) {
    let Some(m) = inst.plant.skills[k].module() else {
        return;
    };
    let mut t = 0;
    while t < inst.weeks {
        let month = inst.month_of(t);
        let first = t;
        let mut e = Expression::with_capacity(5);
        while t < inst.weeks && inst.month_of(t) == month {
            add(&mut e, 1.0, v.train[[k, t]]);
            t += 1;
        }
        if v.train[[k, first]].is_some() {
            rows.le(e, m.seats_per_month, Row::TrainingSeats(SkillId(k), first));
        }
    }
}

/// The least lasting exits of `[pathway] lasting_exits_min` (see [`placements`]).
fn lasting_exits(inst: &Instance, v: &Vars, rows: &mut Rows) {
    let pw = &inst.plant.pathway;
    if pw.lasting_exits_min <= 0.0 {
        return;
    }
    rows.ge(lasting(inst, v), pw.lasting_exits_min, Row::LastingExits);
}

/// The horizon's lasting exits, `sum_j (1[lasting j] - xi lam) pl[j] + xi lam sum_s EX[s,T]`:
/// placements on lasting contracts and the open market's expected lasting jobs of the other
/// exits.
pub(super) fn lasting(inst: &Instance, v: &Vars) -> Expression {
    let pw = &inst.plant.pathway;
    let market = pw.exit_to_employment_rate * pw.lasting_share_of_market_jobs;
    let mut e = Expression::with_capacity(inst.plant.openings.len() + inst.plant.sites.len());
    for (j, o) in inst.plant.openings.iter().enumerate() {
        let lasting = if o.contract.lasting() { 1.0 } else { 0.0 };
        add(&mut e, lasting - market, v.place[j]);
    }
    for s in 0..inst.plant.sites.len() {
        add(&mut e, market, v.cum_exits[[s, inst.weeks - 1]]);
    }
    e
}
