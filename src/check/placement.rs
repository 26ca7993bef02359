//! Pathways to work, recomputed from the plan's numbers (§4.7b): placements within the
//! openings, within the holders the line hours make and within the week's exits, the least
//! lasting exits; and the summary the reports print (openings covered and missed, skills,
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
    /// The line it is learnt on.
    pub line: String,
    /// Hours of insertion work on that line per holder.
    pub hours: f64,
    /// Hours insertion workers work on that line over the horizon.
    pub line_hours: f64,
    /// The holders those hours can make, at most the people accompanied at the site.
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
    /// The other exits (no job expected).
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

/// **placements** (§4.7b): the rows of the family, recomputed from the plan's line hours,
/// placements and exits.
///
/// ```text
/// H[k] sum_{j in J(k), e(j)<=t} pl[j] <= sum_{u<=t} sum_h w[ins,l(k),h,u]   (placement_skill)
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
    for (k, skill) in p.skills.iter().enumerate() {
        for t in 0..inst.weeks {
            let of_k = |j: &usize| p.openings[*j].skill == k;
            if !(0..p.openings.len())
                .filter(of_k)
                .any(|j| exit_week(inst, j) == Some(t))
            {
                continue;
            }
            let placed: f64 = (0..p.openings.len())
                .filter(of_k)
                .filter(|&j| exit_week(inst, j).is_some_and(|w| w <= t))
                .map(|j| plan.placed[j])
                .sum();
            c.le(
                "placements",
                || Row::PlacementSkill(SkillId(k), t).key(p),
                skill.hours * placed,
                line_hours(inst, plan, skill.line.0, t),
            );
        }
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

/// The funders' exit categories of a plan: placements by contract, and the other exits split
/// by the exit-to-employment rate xi and the lasting share lam of the open market's jobs.
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
    ExitCategories {
        exits,
        placements: lasting + short,
        lasting: lasting + jobs * pw.lasting_share_of_market_jobs,
        transitional: short + jobs * (1.0 - pw.lasting_share_of_market_jobs),
        other: market - jobs,
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
                name_by_week: o.week.saturating_sub(o.notice_weeks).max(1),
                skill: p.skills[o.skill].named.id.clone(),
                contract: o.contract.name(),
                count: o.count,
                placed: plan.placed[j],
                missed: (o.count - plan.placed[j]).max(0.0),
            }
        })
        .collect();
    let skills = (p.skills.iter().enumerate())
        .map(|(k, sk)| {
            let l = sk.line.0;
            let hours = line_hours(inst, plan, l, inst.weeks - 1);
            let people = paths.site(p.lines[l].site).map_or(0.0, |x| x.accompanied);
            SkillOutcome {
                skill: sk.named.id.clone(),
                name: sk.named.name.clone(),
                line: p.lines[l].named.id.clone(),
                hours: sk.hours,
                line_hours: hours,
                holders_possible: (hours / sk.hours).floor().min(people),
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
