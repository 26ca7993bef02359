//! Pathways to work: `[[skill]]` (learnt on a line after so many hours) and `[[partner]]`
//! with its openings (a week, a skill, a number of people, a contract). Each problem names the
//! field and what was expected.

use super::people::whole;
use super::{limits, lookup, named, Collector};
use crate::input::ModelFile;
use crate::plant::{ContractType, Line, Opening, Partner, SiteId, Skill, StaffGroup, StaffKind};
use ndarray::Array2;
use std::collections::HashMap;

/// `[[skill]]`: unique ids, a known line at a site with insertion staff, hours above 0.
pub(super) fn skills(
    c: &mut Collector,
    m: &ModelFile,
    lines: &[Line],
    staff: &Array2<Option<StaffGroup>>,
) -> Vec<Skill> {
    let line_ids: HashMap<String, usize> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (l.named.id.clone(), i))
        .collect();
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
                "got 0 hours, expected the hours of insertion work on the line one person needs (above 0)",
            );
        }
        let Some(l) = lookup(c, format!("{f}.line"), &line_ids, "line", &k.line) else {
            continue;
        };
        let site = lines[l].site;
        if staff[[site.0, StaffKind::Insertion.index()]].is_none() {
            c.err(
                format!("{f}.line"),
                format!("line \"{}\" is at a site without insertion staff, expected a line insertion workers work on (a skill is learnt there)", k.line),
            );
        }
        out.push(Skill {
            named: named(&k.id, &k.name),
            line: crate::plant::LineId(l),
            hours,
        });
    }
    out
}

/// `[[partner]]` and its `[[partner.opening]]`s: unique ids, a known site with insertion
/// staff, and openings for a known skill learnt at that site, in a week of at least 1, for a
/// whole number of people, on a known contract.
pub(super) fn partners(
    c: &mut Collector,
    m: &ModelFile,
    site_ids: &HashMap<String, usize>,
    skills: &[Skill],
    lines: &[Line],
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
            if let Some(x) = opening(c, &g, o, &skill_ids, skills, lines, site, index) {
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
#[allow(clippy::too_many_arguments)]
fn opening(
    c: &mut Collector,
    g: &str,
    o: &crate::input::OpeningRaw,
    skill_ids: &HashMap<String, usize>,
    skills: &[Skill],
    lines: &[Line],
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
    if let Some(s) = site {
        let at = lines[skills[skill].line.0].site.0;
        if at != s {
            c.err(
                format!("{g}.skill"),
                format!("skill \"{}\" is learnt on a line of another site, expected a skill learnt at the partner's site", o.skill),
            );
        }
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
