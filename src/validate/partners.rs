//! Pathways to work: `[[skill]]` (learnt on a line after so many hours) and `[[partner]]`
//! with its openings (a week, a skill, a number of people, a contract). Each problem names the
//! field and what was expected.

use super::people::whole;
use super::{limits, lookup, named, Collector};
use crate::input::ModelFile;
use crate::plant::{
    ContractType, Learnt, Line, Module, Opening, Partner, SiteId, Skill, StaffGroup, StaffKind,
};
use ndarray::Array2;
use std::collections::HashMap;

/// `[[skill]]`: unique ids, hours above 0, and learnt either on a known line at a site with
/// insertion staff or in a training module (weeks, fee, seats a month) at such a site.
pub(super) fn skills(
    c: &mut Collector,
    m: &ModelFile,
    lines: &[Line],
    site_ids: &HashMap<String, usize>,
    staff: &Array2<Option<StaffGroup>>,
) -> Vec<Skill> {
    let line_ids: HashMap<String, usize> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (l.named.id.clone(), i))
        .collect();
    let insertion = |s: usize| staff[[s, StaffKind::Insertion.index()]].is_some();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, k) in m.skills.iter().enumerate() {
        let f = format!("skill[{}]", i + 1);
        if let Some(j) = seen.insert(k.id.as_str(), i + 1) {
            c.err(
                format!("{f}.id"),
                format!(
                    "\"{}\" is also skill[{j}]'s id, expected unique skill ids",
                    k.id
                ),
            );
        }
        let hours = c.range(format!("{f}.hours"), k.hours, 0.0, Some(1e5));
        if hours.is_finite() && hours <= 0.0 {
            c.err(
                format!("{f}.hours"),
                "got 0 hours, expected the hours one person needs to hold the skill (above 0)",
            );
        }
        let learnt = match (&k.line, &k.module) {
            (Some(line), None) => {
                let Some(l) = lookup(c, format!("{f}.line"), &line_ids, "line", line) else {
                    continue;
                };
                let site = lines[l].site;
                if !insertion(site.0) {
                    c.err(
                        format!("{f}.line"),
                        format!("line \"{line}\" is at a site without insertion staff, expected a line insertion workers work on (a skill is learnt there)"),
                    );
                }
                if k.site
                    .as_ref()
                    .is_some_and(|x| *x != site_id(lines, l, site_ids))
                {
                    c.err(
                        format!("{f}.site"),
                        format!("got \"{}\", but line \"{line}\" is at site \"{}\": expected no site (a skill learnt on a line is learnt at the line's site)", k.site.as_deref().unwrap_or(""), site_id(lines, l, site_ids)),
                    );
                }
                (site, Learnt::Line(crate::plant::LineId(l)))
            }
            (None, Some(raw)) => {
                let Some(site) = module_site(c, &f, k.site.as_deref(), site_ids, &insertion) else {
                    continue;
                };
                let Some(module) = module(c, &f, raw) else {
                    continue;
                };
                (SiteId(site), Learnt::Module(module))
            }
            (Some(_), Some(_)) => {
                c.err(
                    format!("{f}.module"),
                    "got both a line and a module, expected one: line (learnt on a line after hours there) or module (a training module of hours)",
                );
                continue;
            }
            (None, None) => {
                c.err(
                    &f,
                    "no line and no module, expected where the skill is learnt: line = \"<line id>\" or module = { weeks, cost_eur, seats_per_month }",
                );
                continue;
            }
        };
        out.push(Skill {
            named: named(&k.id, &k.name),
            site: learnt.0,
            hours,
            learnt: learnt.1,
        });
    }
    out
}

/// The id of line `l`'s site.
fn site_id(lines: &[Line], l: usize, site_ids: &HashMap<String, usize>) -> String {
    let s = lines[l].site.0;
    (site_ids.iter())
        .find(|(_, &i)| i == s)
        .map_or_else(String::new, |(id, _)| id.clone())
}

/// The site of a module skill `f`: the one given, else the only site with insertion staff.
fn module_site(
    c: &mut Collector,
    f: &str,
    given: Option<&str>,
    site_ids: &HashMap<String, usize>,
    insertion: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    if let Some(id) = given {
        let s = lookup(c, format!("{f}.site"), site_ids, "site", id)?;
        if !insertion(s) {
            c.err(
                format!("{f}.site"),
                format!("site \"{id}\" has no insertion staff, expected the site whose insertion workers take the module"),
            );
        }
        return Some(s);
    }
    let mut with: Vec<usize> = site_ids
        .values()
        .copied()
        .filter(|&s| insertion(s))
        .collect();
    with.sort_unstable();
    match with[..] {
        [s] => Some(s),
        [] => {
            c.err(
                format!("{f}.module"),
                "no site has insertion staff, expected a module for the insertion workers of a site",
            );
            None
        }
        _ => {
            c.err(
                format!("{f}.site"),
                "missing, expected the site whose insertion workers take the module (several sites have insertion staff)",
            );
            None
        }
    }
}

/// A skill's training module: whole weeks of at least 1, a fee of 0 or more, seats above 0.
fn module(c: &mut Collector, f: &str, raw: &crate::input::ModuleRaw) -> Option<Module> {
    let weeks = c.range(format!("{f}.module.weeks"), raw.weeks, 1.0, Some(104.0));
    whole(c, format!("{f}.module.weeks"), weeks, "weeks");
    let cost_eur = c.range(format!("{f}.module.cost_eur"), raw.cost_eur, 0.0, Some(1e6));
    let seats = c.range(
        format!("{f}.module.seats_per_month"),
        raw.seats_per_month,
        0.0,
        Some(limits::PERSONS),
    );
    whole(c, format!("{f}.module.seats_per_month"), seats, "persons");
    if seats.is_finite() && seats <= 0.0 {
        c.err(
            format!("{f}.module.seats_per_month"),
            "got 0 seats, expected the trainees who may start the module in a month (at least 1): a module with no seats teaches nobody",
        );
        return None;
    }
    if !(weeks.is_finite() && weeks >= 1.0 && cost_eur.is_finite() && seats.is_finite()) {
        return None;
    }
    Some(Module {
        weeks: weeks as usize,
        cost_eur,
        seats_per_month: seats,
    })
}

/// `[[partner]]` and its `[[partner.opening]]`s: unique ids, a known site with insertion
/// staff, and openings for a known skill learnt at that site, in a week of at least 1, for a
/// whole number of people, on a known contract.
pub(super) fn partners(
    c: &mut Collector,
    m: &ModelFile,
    site_ids: &HashMap<String, usize>,
    skills: &[Skill],
    staff: &Array2<Option<StaffGroup>>,
) -> (Vec<Partner>, Vec<Opening>) {
    let skill_ids: HashMap<String, usize> = skills
        .iter()
        .enumerate()
        .map(|(i, k)| (k.named.id.clone(), i))
        .collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let (mut partners, mut openings) = (Vec::new(), Vec::new());
    for (i, p) in m.partners.iter().enumerate() {
        let f = format!("partner[{}]", i + 1);
        if let Some(j) = seen.insert(p.id.as_str(), i + 1) {
            c.err(
                format!("{f}.id"),
                format!(
                    "\"{}\" is also partner[{j}]'s id, expected unique partner ids",
                    p.id
                ),
            );
        }
        let site = lookup(c, format!("{f}.site"), site_ids, "site", &p.site);
        if let Some(s) = site {
            if staff[[s, StaffKind::Insertion.index()]].is_none() {
                c.err(
                    format!("{f}.site"),
                    format!("site \"{}\" has no insertion staff, expected the site whose insertion workers the partner hires", p.site),
                );
            }
        }
        if p.openings.is_empty() {
            c.err(
                &f,
                "no [[partner.opening]], expected at least one opening (week, skill, count, contract)",
            );
        }
        let index = partners.len();
        for (j, o) in p.openings.iter().enumerate() {
            let g = format!("{f}.opening[{}]", j + 1);
            if let Some(x) = opening(c, &g, o, &skill_ids, skills, site, index) {
                openings.push(x);
            }
        }
        partners.push(Partner {
            named: named(&p.id, &p.name),
            sector: p.sector.clone(),
            site: SiteId(site.unwrap_or(0)),
        });
    }
    (partners, openings)
}

/// One opening `g` of a partner at `site`.
fn opening(
    c: &mut Collector,
    g: &str,
    o: &crate::input::OpeningRaw,
    skill_ids: &HashMap<String, usize>,
    skills: &[Skill],
    site: Option<usize>,
    partner: usize,
) -> Option<Opening> {
    let week = c.range(format!("{g}.week"), o.week, 1.0, Some(520.0));
    whole(c, format!("{g}.week"), week, "weeks");
    let count = c.range(format!("{g}.count"), o.count, 0.0, Some(limits::PERSONS));
    whole(c, format!("{g}.count"), count, "persons");
    if count.is_finite() && count <= 0.0 {
        c.err(
            format!("{g}.count"),
            "got 0 people, expected the number of people the opening hires (at least 1)",
        );
    }
    let notice = c.range(
        format!("{g}.notice_weeks"),
        o.notice_weeks,
        0.0,
        Some(520.0),
    );
    whole(c, format!("{g}.notice_weeks"), notice, "weeks");
    let contract = match o.contract.as_str() {
        "permanent" => Some(ContractType::Permanent),
        "fixed_6m" => Some(ContractType::FixedTerm6m),
        "short" => Some(ContractType::Short),
        other => {
            c.err(
                format!("{g}.contract"),
                format!("got \"{other}\", expected permanent, fixed_6m (fixed-term of 6 months or more) or short"),
            );
            None
        }
    };
    let skill = lookup(c, format!("{g}.skill"), skill_ids, "skill", &o.skill)?;
    if site.is_some_and(|s| skills[skill].site.0 != s) {
        c.err(
            format!("{g}.skill"),
            format!("skill \"{}\" is learnt at another site, expected a skill learnt at the partner's site", o.skill),
        );
    }
    if !(week.is_finite() && week >= 1.0 && count.is_finite() && count > 0.0) {
        return None;
    }
    Some(Opening {
        partner,
        week: week as usize,
        skill,
        count,
        contract: contract?,
        notice_weeks: notice.max(0.0) as usize,
    })
}
