//! Pathways to work, recomputed from the plan's numbers (§4.7b): placements within the
//! openings, within the holders the line hours or the training modules make and within the
//! week's exits, the modules' seats, the least lasting exits; and the summary the reports print (openings covered and missed, skills,
//! the funders' exit categories).

use super::pathway::Pathways;
use super::Checker;
use crate::formulation::Row;
use crate::plan::Plan;
use crate::plant::*;
use serde::Serialize;

/// One opening of a partner and what the plan does with it.
#[derive(Debug, Clone, Serialize)]
pub struct OpeningOutcome {
    /// Partner id.
    pub partner: String,
    /// Partner name.
    pub partner_name: String,
    /// The week the people start at the partner (1-based).
    pub week: usize,
    /// The week they leave the plant (1-based; none beyond the horizon).
    pub exit_week: Option<usize>,
    /// The week by which candidates must be named (1-based, at least 1).
    pub name_by_week: usize,
    /// Skill id.
    pub skill: String,
    /// Contract offered: `permanent`, `fixed_6m` or `short`.
    pub contract: &'static str,
    /// People asked for.
    pub count: f64,
    /// People placed.
    pub placed: f64,
    /// People asked for and not placed.
    pub missed: f64,
}

/// A skill and what the plan makes of it.
#[derive(Debug, Clone, Serialize)]
pub struct SkillOutcome {
    /// Skill id.
    pub skill: String,
    /// Skill name.
    pub name: String,
    /// The line it is learnt on (none for a training module).
    pub line: Option<String>,
    /// Hours per holder: of insertion work on the line, or of the module.
    pub hours: f64,
    /// Hours insertion workers work on that line over the horizon (0 for a module).
    pub line_hours: f64,
    /// The module's weeks (none for a skill learnt on a line).
    pub module_weeks: Option<usize>,
    /// People who start the module over the horizon.
    pub trainees: f64,
    /// Hours the trainees spend in the module, off the lines.
    pub training_hours: f64,
    /// The module's fees (EUR).
    pub training_fees_eur: f64,
    /// The holders the line hours or the module can make, at most the people accompanied
    /// at the site.
    pub holders_possible: f64,
    /// Placed with a partner.
    pub placed: f64,
}

/// The funders' categories of the horizon's exits (all sites).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExitCategories {
    /// Every exit of the horizon.
    pub exits: f64,
    /// Placements with partners.
    pub placements: f64,
    /// Lasting employment: placements on permanent or 6-month-or-more contracts, plus the
    /// open market's expected lasting jobs.
    pub lasting: f64,
    /// Transitional employment: placements on shorter contracts, plus the open market's
    /// other expected jobs.
    pub transitional: f64,
    /// Positive exits: to a qualifying training (`pathway.exit_to_training_rate` of the exits
    /// other than placements).
    pub positive: f64,
    /// The other exits (no job or training expected).
    pub other: f64,
}

/// What the reports say of pathways to work.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ToWork {
    /// Every opening, partner by partner.
    pub openings: Vec<OpeningOutcome>,
    /// Every skill.
    pub skills: Vec<SkillOutcome>,
    /// The funders' exit categories.
    pub categories: ExitCategories,
}

/// The exit week of opening `j` (0-based), as the model places it.
fn exit_week(inst: &Instance, j: usize) -> Option<usize> {
    inst.plant.openings[j].exit_week(inst.weeks, inst.plant.pathway.change_every_weeks)
}

/// The week (0-based) by which the candidates of opening `j` are named and hold the skill.
fn name_week(inst: &Instance, j: usize) -> Option<usize> {
    inst.plant.openings[j].name_week(inst.weeks, inst.plant.pathway.change_every_weeks)
}

/// Insertion hours on line `l` in weeks `0..=t`.
fn line_hours(inst: &Instance, plan: &Plan, l: usize, t: usize) -> f64 {
    let ins = StaffKind::Insertion.index();
    let nh = inst.plant.shifts.len();
    (0..=t)
        .map(|u| {
            (0..nh)
                .map(|h| plan.line_hours[[ins, l, h, u]])
                .sum::<f64>()
        })
        .sum()
}

/// Trainees of skill `k`'s module who have ended it by the end of week `t`.
fn trained_by(inst: &Instance, plan: &Plan, k: usize, t: usize) -> f64 {
    let Some(m) = inst.plant.skills[k].module() else {
        return 0.0;
    };
    (0..(t + 1).saturating_sub(m.weeks - 1).min(inst.weeks))
        .map(|u| plan.trainees[[k, u]])
        .sum()
}

/// `MH[s,t]`: the hours the trainees of site `s` spend in training modules in week `t`,
/// `H[k]/D[k]` a week for each trainee from the module's start week on, for `D[k]` weeks.
pub fn module_hours(inst: &Instance, plan: &Plan, s: SiteId, t: usize) -> f64 {
    (0..inst.plant.skills.len())
        .filter(|&k| inst.plant.skills[k].site == s)
        .map(|k| module_hours_of(inst, plan, k, t))
        .sum()
}

/// The hours the trainees of skill `k`'s module spend in it in week `t` (0 for a skill
/// learnt on a line).
pub fn module_hours_of(inst: &Instance, plan: &Plan, k: usize, t: usize) -> f64 {
    let skill = &inst.plant.skills[k];
    let Some(m) = skill.module() else {
        return 0.0;
    };
    let started: f64 = ((t + 1).saturating_sub(m.weeks)..=t)
        .map(|u| plan.trainees[[k, u]])
        .sum();
    skill.hours / m.weeks as f64 * started
}

/// What makes holders of skill `k` by week `t`, and what one holder takes: the line hours and
/// `H[k]` for a skill learnt on a line, the trainees who ended the module and 1 for a module.
fn holders_supply(inst: &Instance, plan: &Plan, k: usize, t: usize) -> (f64, f64) {
    let skill = &inst.plant.skills[k];
    match skill.line() {
        Some(l) => (line_hours(inst, plan, l.0, t), skill.hours),
        None => (trained_by(inst, plan, k, t), 1.0),
    }
}

/// **placements** (§4.7b): the rows of the family, recomputed from the plan's line hours,
/// trainees, placements and exits.
///
/// ```text
/// H[k] sum_{j in J(k), d(j)<=t} pl[j] <= sum_{u<=t} sum_h w[ins,l(k),h,u]   (placement_skill, on a line)
/// sum_{j in J(k), d(j)<=t} pl[j] <= sum_{u<=t-D[k]+1} tr[k,u]               (placement_skill, by module)
/// sum_{t in month m} tr[k,t] <= S[k];  tr[k,t] >= 0, whole                   (training_seats)
/// sum_{j at s, e(j)=t} pl[j] <= x[s,t];  0 <= pl[j] <= n[j], whole          (placement_exits)
/// lasting exits >= Lmin_exits                                                (lasting_exits)
/// ```
pub(super) fn placements(
    c: &mut Checker,
    inst: &Instance,
    plan: &Plan,
    paths: &Pathways,
    integral: bool,
) {
    let p = &inst.plant;
    let at_site = |j: usize| p.partners[p.openings[j].partner].site;
    for k in 0..p.skills.len() {
        for t in 0..inst.weeks {
            let of_k = |j: &usize| p.openings[*j].skill == k;
            if !(0..p.openings.len())
                .filter(of_k)
                .any(|j| name_week(inst, j) == Some(t))
            {
                continue;
            }
            let placed: f64 = (0..p.openings.len())
                .filter(of_k)
                .filter(|&j| name_week(inst, j).is_some_and(|w| w <= t))
                .map(|j| plan.placed[j])
                .sum();
            let (supply, per_holder) = holders_supply(inst, plan, k, t);
            c.le(
                "placements",
                || Row::PlacementSkill(SkillId(k), t).key(p),
                per_holder * placed,
                supply,
            );
        }
        training_seats(c, inst, plan, k, integral);
    }
    for (j, o) in p.openings.iter().enumerate() {
        let n = plan.placed[j];
        let at = |what: &'static str| {
            move || {
                format!(
                    "opening {} of partner \"{}\" (week {}) {what}",
                    j + 1,
                    p.partners[o.partner].named.id,
                    o.week
                )
            }
        };
        c.le("placements", at("above its count"), n, o.count);
        c.viol("placements", at("below 0"), -n, 1.0);
        if exit_week(inst, j).is_none() {
            c.viol("placements", at("beyond the horizon"), n, 1.0);
        }
        if integral {
            c.viol(
                "whole_persons",
                at("placements"),
                (n - n.round()).abs(),
                1.0,
            );
        }
    }
    for s in (0..p.sites.len()).map(SiteId) {
        let exits = paths.site(s).map(|x| x.exits.clone()).unwrap_or_default();
        for t in 0..inst.weeks {
            let placed: f64 = (0..p.openings.len())
                .filter(|&j| exit_week(inst, j) == Some(t) && at_site(j) == s)
                .map(|j| plan.placed[j])
                .sum();
            if placed > 0.0 {
                c.le(
                    "placements",
                    || Row::PlacementExits(s, t).key(p),
                    placed,
                    exits.get(t).copied().unwrap_or(0.0),
                );
            }
        }
    }
    if p.pathway.lasting_exits_min > 0.0 {
        let k = categories(inst, plan, paths);
        c.le(
            "placements",
            || Row::LastingExits.key(p),
            p.pathway.lasting_exits_min,
            k.lasting,
        );
    }
}

/// The seats of skill `k`'s module month by month, and its trainees whole and at least 0;
/// trainees of a skill learnt on a line are refused.
fn training_seats(c: &mut Checker, inst: &Instance, plan: &Plan, k: usize, integral: bool) {
    let p = &inst.plant;
    let at = |t: usize, what: &'static str| {
        move || {
            format!(
                "trainees of skill \"{}\" in week {} {what}",
                p.skills[k].named.id,
                t + 1
            )
        }
    };
    let Some(m) = p.skills[k].module() else {
        for t in 0..inst.weeks {
            c.viol(
                "placements",
                at(t, "(a skill learnt on a line)"),
                plan.trainees[[k, t]].abs(),
                1.0,
            );
        }
        return;
    };
    let mut t = 0;
    while t < inst.weeks {
        let (first, month) = (t, inst.month_of(t));
        let mut started = 0.0;
        while t < inst.weeks && inst.month_of(t) == month {
            let n = plan.trainees[[k, t]];
            started += n;
            c.viol("placements", at(t, "below 0"), -n, 1.0);
            if integral {
                c.viol(
                    "whole_persons",
                    at(t, "(modules)"),
                    (n - n.round()).abs(),
                    1.0,
                );
            }
            t += 1;
        }
        c.le(
            "placements",
            || Row::TrainingSeats(SkillId(k), first).key(p),
            started,
            m.seats_per_month,
        );
    }
}

/// The funders' exit categories of a plan: placements by contract, and the other exits split
/// by the exit-to-employment rate xi (its jobs by the lasting share lam), the exit-to-training
/// rate (positive exits) and the rest.
pub fn categories(inst: &Instance, plan: &Plan, paths: &Pathways) -> ExitCategories {
    let pw = &inst.plant.pathway;
    let exits: f64 = paths.sites.iter().map(|s| s.left).sum();
    let (mut lasting, mut short) = (0.0, 0.0);
    for (j, o) in inst.plant.openings.iter().enumerate() {
        if o.contract.lasting() {
            lasting += plan.placed[j];
        } else {
            short += plan.placed[j];
        }
    }
    let market = (exits - lasting - short).max(0.0);
    let jobs = market * pw.exit_to_employment_rate;
    let training = market * pw.exit_to_training_rate;
    ExitCategories {
        exits,
        placements: lasting + short,
        lasting: lasting + jobs * pw.lasting_share_of_market_jobs,
        transitional: short + jobs * (1.0 - pw.lasting_share_of_market_jobs),
        positive: training,
        other: market - jobs - training,
    }
}

/// The summary of pathways to work, `None` for a plant without skills or partners.
pub fn to_work(inst: &Instance, plan: &Plan, paths: &Pathways) -> Option<ToWork> {
    let p = &inst.plant;
    if p.openings.is_empty() {
        return None;
    }
    let openings = (p.openings.iter().enumerate())
        .map(|(j, o)| {
            let partner = &p.partners[o.partner];
            OpeningOutcome {
                partner: partner.named.id.clone(),
                partner_name: partner.named.name.clone(),
                week: o.week,
                exit_week: exit_week(inst, j).map(|t| t + 1),
                name_by_week: name_week(inst, j)
                    .map_or(o.week.saturating_sub(o.notice_weeks).max(1), |t| t + 1),
                skill: p.skills[o.skill].named.id.clone(),
                contract: o.contract.name(),
                count: o.count,
                placed: plan.placed[j],
                missed: (o.count - plan.placed[j]).max(0.0),
            }
        })
        .collect();
    let last = inst.weeks - 1;
    let skills = (p.skills.iter().enumerate())
        .map(|(k, sk)| {
            let people = paths.site(sk.site).map_or(0.0, |x| x.accompanied);
            let (supply, per_holder) = holders_supply(inst, plan, k, last);
            let trainees = plan.trainees.row(k).sum();
            let module = sk.module();
            SkillOutcome {
                skill: sk.named.id.clone(),
                name: sk.named.name.clone(),
                line: sk.line().map(|l| p.lines[l.0].named.id.clone()),
                hours: sk.hours,
                line_hours: sk.line().map_or(0.0, |_| supply),
                module_weeks: module.map(|m| m.weeks),
                trainees,
                training_hours: module.map_or(0.0, |_| trainees * sk.hours),
                training_fees_eur: module.map_or(0.0, |m| trainees * m.cost_eur),
                holders_possible: (supply / per_holder + 1e-9).floor().min(people),
                placed: (0..p.openings.len())
                    .filter(|&j| p.openings[j].skill == k)
                    .map(|j| plan.placed[j])
                    .sum(),
            }
        })
        .collect();
    Some(ToWork {
        openings,
        skills,
        categories: categories(inst, plan, paths),
    })
}
