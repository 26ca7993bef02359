//! People on the payroll: the checks between fields of a `[[staff]]` entry that depend on its
//! kind and on the working-time law, and between the opening cohorts, the headcount bounds and
//! the agreed posts. Each problem names the field and what was expected; ranges of single
//! numbers are checked where the entries are read (`plant.rs`).

use super::{num, Collector};
use crate::input::{LawRaw, ModelFile, StaffRaw};
use crate::plant::{Cohort, Social, StaffGroup, StaffKind};
use ndarray::Array2;

/// Reports `v` when it is a finite number with a fractional part (`what`: "persons",
/// "weeks"); returns it unchanged. Non-finite values are the range check's to report.
pub(super) fn whole(c: &mut Collector, field: impl Into<String>, v: f64, what: &str) -> f64 {
    if v.is_finite() && v.fract() != 0.0 {
        c.err(
            field,
            format!("got {}, expected a whole number of {what}", num(v)),
        );
    }
    v
}

/// The kinds a field of `[[staff]]` is for, as messages say it.
const PAYROLL_ONLY: &str = "only permanent and supervisor groups use it";

/// The checks of one `[[staff]]` entry (`f` names it) that depend on its kind or the law:
/// whole persons on the payroll, fields given to a kind that does not use them, the opening
/// headcount within the bounds, weekly hours within the law's maximum and contract hours
/// within the weekly maximum.
pub(super) fn staff_fields(
    c: &mut Collector,
    f: &str,
    g: &StaffRaw,
    kind: Option<StaffKind>,
    law: &LawRaw,
) {
    whole(c, format!("{f}.notice_weeks"), g.notice_weeks, "weeks");
    if g.max_h_per_week.is_finite()
        && law.max_h_per_week.is_finite()
        && g.max_h_per_week > law.max_h_per_week
    {
        c.err(
            format!("{f}.max_h_per_week"),
            format!(
                "got {} h, above law.max_h_per_week ({} h), expected at most the law's weekly maximum (overtime included)",
                num(g.max_h_per_week),
                num(law.max_h_per_week)
            ),
        );
    }
    if g.min_h_per_week.is_finite()
        && g.max_h_per_week.is_finite()
        && g.min_h_per_week > g.max_h_per_week
    {
        c.err(
            format!("{f}.min_h_per_week"),
            format!(
                "contract hours of {} h above max_h_per_week ({} h), expected contract hours of at most the weekly maximum",
                num(g.min_h_per_week),
                num(g.max_h_per_week)
            ),
        );
    }
    let Some(kind) = kind else { return };
    match kind {
        StaffKind::Permanent | StaffKind::Supervisor => {
            whole(c, format!("{f}.headcount_min"), g.headcount_min, "persons");
            whole(c, format!("{f}.headcount_max"), g.headcount_max, "persons");
            if let Some(n0) = g.headcount_start {
                whole(c, format!("{f}.headcount_start"), n0, "persons");
                if n0.is_finite() && (n0 < g.headcount_min || n0 > g.headcount_max) {
                    c.err(
                        format!("{f}.headcount_start"),
                        format!(
                            "got {}, expected a headcount from headcount_min ({}) to headcount_max ({})",
                            num(n0),
                            num(g.headcount_min),
                            num(g.headcount_max)
                        ),
                    );
                }
            }
        }
        StaffKind::Insertion => {
            whole(c, format!("{f}.headcount_min"), g.headcount_min, "persons");
            whole(c, format!("{f}.headcount_max"), g.headcount_max, "persons");
        }
        StaffKind::Temporary => {
            if g.headcount_min != 0.0 {
                c.err(
                    format!("{f}.headcount_min"),
                    format!("got {}, expected 0: temporary staff are bought as hours (headcount_max is the agency's pool)", num(g.headcount_min)),
                );
            }
        }
    }
    if matches!(kind, StaffKind::Insertion | StaffKind::Temporary) {
        let why = match kind {
            StaffKind::Insertion => {
                "insertion groups open with their [[cohort]]s and change by entries and exits"
            }
            _ => "temporary staff are bought as hours",
        };
        let given = [
            ("headcount_start", g.headcount_start),
            ("hire_cost_eur", g.hire_cost_eur),
            ("departure_cost_eur", g.departure_cost_eur),
            (
                "notice_weeks",
                (g.notice_weeks != 0.0).then_some(g.notice_weeks),
            ),
        ];
        for (field, v) in given {
            if let Some(v) = v {
                c.err(
                    format!("{f}.{field}"),
                    format!(
                        "got {} for {} group, expected no {field}: {PAYROLL_ONLY} ({why})",
                        num(v),
                        a_kind(kind)
                    ),
                );
            }
        }
    }
    if kind != StaffKind::Temporary && g.agency_markup != 0.0 {
        c.err(
            format!("{f}.agency_markup"),
            format!(
                "got {} for {} group, expected no agency_markup: only temporary groups use it (agency staff)",
                num(g.agency_markup),
                a_kind(kind)
            ),
        );
    }
}

/// "a permanent", "an insertion" ...
fn a_kind(kind: StaffKind) -> String {
    let article = if kind.name().starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {}", kind.name())
}

/// Full-time equivalents of `people` paid `contract_h` hours every week of a year.
fn fte(people: f64, contract_h: f64, social: &Social) -> f64 {
    people * contract_h * 52.0 / social.full_time_h_per_year
}

/// The opening cohorts within the insertion headcount and the agreed posts, the insertion
/// headcount floors within the agreed posts, and no adviser cost without a ratio to use it.
pub(super) fn agreed_posts(
    c: &mut Collector,
    m: &ModelFile,
    social: &Social,
    staff: &Array2<Option<StaffGroup>>,
    cohorts: &[Cohort],
) {
    let ins = |s: usize| {
        staff
            .get([s, StaffKind::Insertion.index()])
            .and_then(Option::as_ref)
    };
    let (mut opening_fte, mut opening_people) = (0.0, 0.0);
    let (mut floor_fte, mut floor_people) = (0.0, 0.0);
    for (s, site) in m.sites.iter().enumerate() {
        let Some(g) = ins(s) else { continue };
        let at: Vec<usize> = (cohorts.iter().enumerate())
            .filter(|(_, k)| k.site.0 == s)
            .map(|(i, _)| i)
            .collect();
        let people: f64 = at.iter().map(|&i| cohorts[i].people).sum();
        if people > g.headcount_max {
            let list: Vec<String> = at.iter().map(|i| format!("cohort[{}]", i + 1)).collect();
            c.err(
                format!("{}.people", list.join(", ")),
                format!(
                    "{} people on contract at the start at site \"{}\", more than the insertion group's headcount_max ({}), expected at most headcount_max",
                    num(people),
                    site.id,
                    num(g.headcount_max)
                ),
            );
        }
        opening_people += people;
        opening_fte += fte(people, g.min_h_per_week, social);
        floor_people += g.headcount_min;
        floor_fte += fte(g.headcount_min, g.min_h_per_week, social);
    }
    let tol = 1e-9;
    if let Some(posts) = social.funded_posts {
        if opening_fte > posts + tol {
            c.err(
                "social.funded_posts",
                format!(
                    "got {} FTE, fewer than the {} insertion workers on contract at the start ([[cohort]]s) take: contract hours x 52 / full_time_h_per_year ({} h) = {:.2} FTE, expected agreed posts of at least that",
                    num(posts),
                    num(opening_people),
                    num(social.full_time_h_per_year),
                    opening_fte
                ),
            );
        }
        if floor_fte > posts + tol {
            c.err(
                "social.funded_posts",
                format!(
                    "got {} FTE, fewer than the insertion headcount floors take: {} persons (headcount_min, all sites) x contract hours x 52 / full_time_h_per_year ({} h) = {:.2} FTE, expected agreed posts of at least that",
                    num(posts),
                    num(floor_people),
                    num(social.full_time_h_per_year),
                    floor_fte
                ),
            );
        }
    }
    if social.adviser_cost_eur_per_year > 0.0 && social.insertion_workers_per_adviser.is_none() {
        c.err(
            "social.adviser_cost_eur_per_year",
            format!(
                "got {} EUR with no insertion_workers_per_adviser, expected a ratio of insertion workers per adviser (without it there are no advisers and the cost never applies)",
                num(social.adviser_cost_eur_per_year)
            ),
        );
    }
}
