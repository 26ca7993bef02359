//! Pathways to work: `[[skill]]` (learnt on a line after so many hours) and `[[partner]]`
//! with its openings (a week, a skill, a number of people, a contract). Each problem names the
//! field and what was expected.

use super::people::whole;
use super::{limits, lookup, named, Collector};
use crate::error::Problem;
use crate::input::{ModelFile, OpeningRaw, RawOpenings};
use crate::plant::{
    ContractType, Instance, Learnt, Line, Module, Opening, Partner, SiteId, Skill, StaffGroup,
    StaffKind,
};
use ndarray::Array2;
use std::collections::HashMap;
use std::path::Path;

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
        let index = partners.len();
        for (j, o) in p.openings.iter().enumerate() {
            let g = format!("{f}.opening[{}]", j + 1);
            let field = |col: &str| format!("{g}.{col}");
            if let Some(x) = opening(c, &field, o, &skill_ids, skills, site, index) {
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

/// One opening of a partner at `site`; `field` names its fields (`partner[1].opening[2].week`
/// in the model, the column in a table's row).
fn opening(
    c: &mut Collector,
    field: &dyn Fn(&str) -> String,
    o: &crate::input::OpeningRaw,
    skill_ids: &HashMap<String, usize>,
    skills: &[Skill],
    site: Option<usize>,
    partner: usize,
) -> Option<Opening> {
    let week = c.range(field("week"), o.week, 1.0, Some(520.0));
    whole(c, field("week"), week, "weeks");
    let count = c.range(field("count"), o.count, 0.0, Some(limits::PERSONS));
    whole(c, field("count"), count, "persons");
    if count.is_finite() && count <= 0.0 {
        c.err(
            field("count"),
            "got 0 people, expected the number of people the opening hires (at least 1)",
        );
    }
    let notice = c.range(field("notice_weeks"), o.notice_weeks, 0.0, Some(520.0));
    whole(c, field("notice_weeks"), notice, "weeks");
    let contract = match o.contract.as_str() {
        "permanent" => Some(ContractType::Permanent),
        "fixed_6m" => Some(ContractType::FixedTerm6m),
        "short" => Some(ContractType::Short),
        other => {
            c.err(
                field("contract"),
                format!("got \"{other}\", expected permanent, fixed_6m (fixed-term of 6 months or more) or short"),
            );
            None
        }
    };
    let skill = lookup(c, field("skill"), skill_ids, "skill", &o.skill)?;
    if site.is_some_and(|s| skills[skill].site.0 != s) {
        c.err(
            field("skill"),
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

/// The rows of an instance's openings table (`openings_csv`, or the `openings` sheet), added to
/// the plant's openings: a known partner, a week cell (a week number, a date, an ISO week, or a
/// month `YYYY-MM` for its first week), and the model's rules for the rest. Every problem
/// names the table, the line and the column.
pub(super) fn table_openings(inst: &mut Instance, raw: Option<&RawOpenings>) -> Vec<Problem> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    let mut problems = raw.problems.clone();
    let p = &inst.plant;
    let partner_ids: HashMap<String, usize> = (p.partners.iter().enumerate())
        .map(|(i, x)| (x.named.id.clone(), i))
        .collect();
    let skill_ids: HashMap<String, usize> = (p.skills.iter().enumerate())
        .map(|(i, k)| (k.named.id.clone(), i))
        .collect();
    let mut added = Vec::new();
    for row in &raw.rows {
        let mut c = Collector::at_row(&raw.source, row.line);
        let [partner, week, skill, count, contract, notice] = &row.cells;
        let field = |col: &str| col.to_string();
        let partner = lookup(&mut c, "partner", &partner_ids, "partner", partner);
        let week = match week_cell(inst, week) {
            Ok(w) => w as f64,
            Err(m) => {
                c.err("week", m);
                f64::NAN
            }
        };
        let number = |c: &mut Collector, col: &str, text: &str, empty: Option<f64>| match (
            text.trim(),
            empty,
        ) {
            ("", Some(v)) => v,
            (t, _) => t.parse::<f64>().unwrap_or_else(|_| {
                c.err(col, format!("got \"{t}\", expected a whole number"));
                f64::NAN
            }),
        };
        let raw_opening = OpeningRaw {
            week,
            skill: skill.clone(),
            count: number(&mut c, "count", count, None),
            contract: contract.clone(),
            notice_weeks: number(&mut c, "notice_weeks", notice, Some(0.0)),
        };
        if let Some(j) = partner {
            let site = Some(p.partners[j].site.0);
            let ok = week.is_finite() && raw_opening.count.is_finite();
            let skills = &p.skills;
            if let Some(o) = opening(&mut c, &field, &raw_opening, &skill_ids, skills, site, j) {
                if ok && raw_opening.notice_weeks.is_finite() {
                    added.push(o);
                }
            }
        }
        problems.append(&mut c.problems);
    }
    if problems.is_empty() {
        inst.plant.openings.extend(added);
    }
    problems
}

/// A week cell of the openings table: what [`Instance::week_number`] reads, or a month
/// `YYYY-MM` (the first week of the horizon whose Monday falls in it, on the calendar); 1 to
/// 520, as in the model.
fn week_cell(inst: &Instance, text: &str) -> Result<usize, String> {
    let t = text.trim();
    let month = t.split_once('-').filter(|(y, m)| {
        y.len() == 4 && m.len() == 2 && (y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
    });
    let week = match month {
        Some((y, m)) => {
            let (y, m) = (y.parse::<i32>().unwrap_or(0), m.parse::<u8>().unwrap_or(0));
            if !(1..=12).contains(&m) {
                return Err(format!("got \"{t}\", which is not a month, expected YYYY-MM with a month from 01 to 12"));
            }
            (0..inst.weeks)
                .find(|&w| inst.week_monday(w).is_some_and(|d| d.year == y && d.month == m))
                .map(|w| w + 1)
                .ok_or_else(|| match inst.first_monday {
                    None => format!("got the month \"{t}\", but the instance gives no first_monday: write the week number, or set first_monday in instance.toml"),
                    Some(_) => format!("got the month \"{t}\", in which no week of the horizon starts, expected a month of weeks 1 to {}", inst.weeks),
                })?
        }
        None => inst.week_number(t)?,
    };
    if week == 0 || week > 520 {
        return Err(format!(
            "got week {week}, expected a week from 1 to 520 (openings beyond the horizon of {} weeks are listed, not planned)",
            inst.weeks
        ));
    }
    Ok(week)
}

/// Every partner has an opening, in the model or in the openings table.
pub(super) fn without_openings(
    inst: &Instance,
    model: &Path,
    table: Option<&RawOpenings>,
) -> Vec<Problem> {
    let p = &inst.plant;
    (0..p.partners.len())
        .filter(|&i| !p.openings.iter().any(|o| o.partner == i))
        .map(|i| {
            let also = table.map_or(String::new(), |t| {
                format!(" and no row in {}", t.source.display())
            });
            Problem::field(
                model,
                format!("partner[{}]", i + 1),
                format!("partner \"{}\" has no [[partner.opening]]{also}, expected at least one opening (week, skill, count, contract)", p.partners[i].named.id),
            )
        })
        .collect()
}
