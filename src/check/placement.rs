//! Pathways to work, recomputed from the plan's numbers (§4.7b): line hours banked towards
//! each skill and the holders they make, placements within the openings, the skills held and
//! the week's exits, the least lasting exits; and the summary the reports print (openings
//! covered and missed, skills held, the funders' exit categories).

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

/// A skill and its holders.
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
    /// People who came to hold it over the horizon.
    pub holders: f64,
    /// Of them, placed with a partner.
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

/// **placements** (§4.7b): the rows of the family, recomputed from the plan's line hours,
/// holders, placements, entries and exits.
///
/// ```text
/// B[k,t] = B[k,t-1] + sum_h w[ins,l(k),h,t] - H[k] learn[k,t] >= 0       (skill_bank)
/// sum_{u<=t} learn[k,u] <= people accompanied by week t                  (skill_holders)
/// sum_{j in J(k), e(j)<=t} pl[j] <= sum_{u<=t} learn[k,u]               (placement_skill)
/// sum_{j at s, e(j)=t} pl[j] <= x[s,t];  0 <= pl[j] <= n[j], whole      (placement_exits)
/// lasting exits >= Lmin_exits                                            (lasting_exits)
/// ```
pub(super) fn placements(
    c: &mut Checker,
    inst: &Instance,
    plan: &Plan,
    paths: &Pathways,
    integral: bool,
) {
    let p = &inst.plant;
    let ins = StaffKind::Insertion.index();
    for (k, skill) in p.skills.iter().enumerate() {
        let l = skill.line.0;
        let site = p.lines[l].site;
        let path = paths.site(site);
        let (mut bank, mut held, mut accompanied) = (0.0, 0.0, path.map_or(0.0, |x| x.opening));
        for t in 0..inst.weeks {
            let hours: f64 = (0..p.shifts.len())
                .map(|h| plan.line_hours[[ins, l, h, t]])
                .sum();
            bank += hours - skill.hours * plan.learnt[[k, t]];
            held += plan.learnt[[k, t]];
            accompanied += path.map_or(0.0, |x| x.entries[t]);
            c.eq(
                "placements",
                || Row::SkillBank(SkillId(k), t).key(p),
                plan.banked_h[[k, t]],
                bank,
            );
            c.viol(
                "placements",
                || {
                    format!(
                        "{} (hours banked below 0)",
                        Row::SkillBank(SkillId(k), t).key(p)
                    )
                },
                -bank,
                skill.hours,
            );
            c.viol(
                "placements",
                || format!("{} (holders below 0)", Row::SkillBank(SkillId(k), t).key(p)),
                -plan.learnt[[k, t]],
                1.0,
            );
            let due = (0..p.openings.len())
                .any(|j| p.openings[j].skill == k && exit_week(inst, j) == Some(t));
            if !due {
                continue;
            }
            c.le(
                "placements",
                || Row::SkillHolders(SkillId(k), t).key(p),
                held,
                accompanied,
            );
            let placed: f64 = (0..p.openings.len())
                .filter(|&j| p.openings[j].skill == k && exit_week(inst, j).is_some_and(|w| w <= t))
                .map(|j| plan.placed[j])
                .sum();
            c.le(
                "placements",
                || Row::PlacementSkill(SkillId(k), t).key(p),
                placed,
                held,
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
        let Some(path) = paths.site(s) else { continue };
        for t in 0..inst.weeks {
            let placed: f64 = (0..p.openings.len())
                .filter(|&j| {
                    exit_week(inst, j) == Some(t) && p.partners[p.openings[j].partner].site == s
                })
                .map(|j| plan.placed[j])
                .sum();
            if placed > 0.0 {
                c.le(
                    "placements",
                    || Row::PlacementExits(s, t).key(p),
                    placed,
                    path.exits[t],
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
    if p.skills.is_empty() && p.openings.is_empty() {
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
        .map(|(k, s)| SkillOutcome {
            skill: s.named.id.clone(),
            name: s.named.name.clone(),
            line: p.lines[s.line.0].named.id.clone(),
            hours: s.hours,
            holders: plan.learnt.row(k).sum(),
            placed: (0..p.openings.len())
                .filter(|&j| p.openings[j].skill == k)
                .map(|j| plan.placed[j])
                .sum(),
        })
        .collect();
    Some(ToWork {
        openings,
        skills,
        categories: categories(inst, plan, paths),
    })
}
