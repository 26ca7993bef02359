//! The plant model, entity by entity: [`build_plant`] reads like the model file's table of
//! contents, one function per kind of entry, each pushing its problems into the collector in
//! the order the entries appear.

use super::lines::{lines, lots, outlets, reachable_outlets, stocks, unprocessed_streams};
use super::people::{agreed_posts, staff_fields, whole};
use super::{index, limits, lookup, named, num, Collector};
use crate::input::ModelFile;
use crate::plant::*;
use ndarray::Array2;
use std::collections::HashMap;

/// Indices of the ids that other entries refer to.
pub(super) struct Ids {
    pub site: HashMap<String, usize>,
    pub category: HashMap<String, usize>,
    pub stream: HashMap<String, usize>,
    pub fraction: HashMap<String, usize>,
    pub shift: HashMap<String, usize>,
}

/// Validates the model entity by entity; every problem goes to `c`.
pub(super) fn build_plant(c: &mut Collector, m: &ModelFile) -> Plant {
    let ids = ids(c, m);
    let sites = sites(c, m);
    let area_transport = areas(c, m, &ids);
    let categories = categories(c, m);
    let streams = streams(c, m, &ids);
    let fractions = fractions(c, m);
    let shifts = shifts(c, m);
    let mut staff = staff_groups(c, m, &ids);
    if m.social.no_layoffs {
        no_layoffs(&mut staff);
    }
    let lines = lines(c, m, &ids, &staff);
    unprocessed_streams(c, m, &lines);
    let lots = lots(&lines, &streams);
    let sets = IndexSets::new(sites.len(), categories.len(), &lines, &streams, &lots);
    let outlets = outlets(c, m, &ids);
    reachable_outlets(c, m, &sets, &lines, &outlets);
    let social = social(c, m);
    let law = law(c, m);
    let pathway = pathway(c, m);
    let cohorts = cohorts(c, m, &ids, &staff, &pathway);
    let skills = super::partners::skills(c, m, &lines, &ids.site, &staff);
    let (partners, openings) = super::partners::partners(c, m, &ids.site, &skills, &staff);
    training_within_contract(c, m, &staff, &pathway);
    social_staffing(c, m, &sets, &social, &staff, &lines);
    agreed_posts(c, m, &social, &staff, &cohorts);
    let (intake_stock, output_stock) = stocks(c, m, &ids, &lots);
    let (recovery_target, recycling_target) = targets(c, m);
    Plant {
        name: m.plant.name.clone(),
        price_year: m.plant.price_year.inspect(|&y| {
            c.range("plant.price_year", f64::from(y), 1900.0, Some(2200.0));
        }),
        price_foresight: m.plant.price_foresight,
        sites,
        areas: m.areas.iter().map(|a| named(&a.id, &a.name)).collect(),
        area_transport_eur_per_t: area_transport,
        categories,
        streams,
        fractions,
        lots,
        shifts,
        staff,
        lines,
        outlets,
        social,
        law,
        pathway,
        cohorts,
        skills,
        partners,
        openings,
        recovery_target,
        recycling_target,
        intake_stock,
        output_stock,
        sets,
    }
}

/// Ids of every kind: unique and non-empty, at least one entry of each kind that must have
/// one, and no category under the reserved id [`PLANT_ID`].
fn ids(c: &mut Collector, m: &ModelFile) -> Ids {
    let site = index(c, "site", m.sites.iter().map(|s| s.id.clone()));
    let _ = index(c, "area", m.areas.iter().map(|s| s.id.clone()));
    let category = index(c, "category", m.categories.iter().map(|s| s.id.clone()));
    let stream = index(c, "stream", m.streams.iter().map(|s| s.id.clone()));
    let fraction = index(c, "fraction", m.fractions.iter().map(|s| s.id.clone()));
    let shift = index(c, "shift", m.shifts.iter().map(|s| s.id.clone()));
    let _ = index(c, "line", m.lines.iter().map(|s| s.id.clone()));
    let _ = index(c, "outlet", m.outlets.iter().map(|s| s.id.clone()));
    for (what, n) in [
        ("site", m.sites.len()),
        ("stream", m.streams.len()),
        ("fraction", m.fractions.len()),
        ("shift", m.shifts.len()),
        ("line", m.lines.len()),
        ("outlet", m.outlets.len()),
        ("category", m.categories.len()),
    ] {
        if n == 0 {
            c.err(what, format!("no [[{what}]] entry, expected at least one"));
        }
    }
    for (i, k) in m.categories.iter().enumerate() {
        if k.id == PLANT_ID {
            c.err(
                format!("category[{}].id", i + 1),
                format!("id \"{PLANT_ID}\" is reserved: outputs report the plant-wide recovery and recycling under it (the recovery table's plant row, the rows recovery[{PLANT_ID}] and recycling[{PLANT_ID}]), expected another category id"),
            );
        }
    }
    Ids {
        site,
        category,
        stream,
        fraction,
        shift,
    }
}

/// `[[site]]`: storage capacities.
fn sites(c: &mut Collector, m: &ModelFile) -> Vec<Site> {
    m.sites
        .iter()
        .map(|s| {
            let f = format!("site \"{}\"", s.id);
            Site {
                named: named(&s.id, &s.name),
                intake_capacity_t: c.range(
                    format!("{f}.intake_capacity_t"),
                    s.intake_capacity_t,
                    0.0,
                    Some(limits::TONNES),
                ),
                output_capacity_t: c.range(
                    format!("{f}.output_capacity_t"),
                    s.output_capacity_t,
                    0.0,
                    Some(limits::TONNES),
                ),
            }
        })
        .collect()
}

/// `[[area]]`: the sites each area delivers to, with the cost per tonne (`[area, site]`).
fn areas(c: &mut Collector, m: &ModelFile, ids: &Ids) -> Array2<Option<f64>> {
    let mut area_transport = Array2::from_elem((m.areas.len(), m.sites.len()), None);
    for (a, area) in m.areas.iter().enumerate() {
        if area.transport_eur_per_t.is_empty() {
            c.err(
                format!("area \"{}\".transport_eur_per_t", area.id),
                "no site listed, expected at least one site id with its cost per tonne",
            );
        }
        for (sid, &cost) in &area.transport_eur_per_t {
            let f = format!("area \"{}\".transport_eur_per_t.{sid}", area.id);
            if let Some(s) = lookup(c, &f, &ids.site, "site", sid) {
                area_transport[[a, s]] = Some(c.range(&f, cost, 0.0, Some(limits::EUR_PER_T)));
            }
        }
    }
    area_transport
}

/// `[[category]]`: targets are shares.
fn categories(c: &mut Collector, m: &ModelFile) -> Vec<Category> {
    m.categories
        .iter()
        .map(|k| {
            let f = format!("category \"{}\"", k.id);
            Category {
                named: named(&k.id, &k.name),
                recovery_target: k
                    .recovery_target
                    .map(|v| c.range(format!("{f}.recovery_target"), v, 0.0, Some(1.0))),
                recycling_target: k
                    .recycling_target
                    .map(|v| c.range(format!("{f}.recycling_target"), v, 0.0, Some(1.0))),
            }
        })
        .collect()
}

/// `[[stream]]`: a known category, costs, and the shares of external tonnage counted.
fn streams(c: &mut Collector, m: &ModelFile, ids: &Ids) -> Vec<Stream> {
    for s in &m.streams {
        if s.external_recycled_share > s.external_recovered_share {
            c.err(
                format!("stream \"{}\".external_recycled_share", s.id),
                "exceeds external_recovered_share, expected recycled to be part of recovered",
            );
        }
    }
    m.streams
        .iter()
        .map(|s| {
            let f = format!("stream \"{}\"", s.id);
            Stream {
                named: named(&s.id, &s.name),
                category: CategoryId(
                    lookup(
                        c,
                        format!("{f}.category"),
                        &ids.category,
                        "category",
                        &s.category,
                    )
                    .unwrap_or(0),
                ),
                holding_eur_per_t_week: c.range(
                    format!("{f}.holding_eur_per_t_week"),
                    s.holding_eur_per_t_week,
                    0.0,
                    Some(limits::EUR_PER_T),
                ),
                external_cost_eur_per_t: c.range(
                    format!("{f}.external_cost_eur_per_t"),
                    s.external_cost_eur_per_t,
                    -limits::EUR_PER_T,
                    Some(limits::EUR_PER_T),
                ),
                external_recovered_share: c.range(
                    format!("{f}.external_recovered_share"),
                    s.external_recovered_share,
                    0.0,
                    Some(1.0),
                ),
                external_recycled_share: c.range(
                    format!("{f}.external_recycled_share"),
                    s.external_recycled_share,
                    0.0,
                    Some(1.0),
                ),
            }
        })
        .collect()
}

/// `[[fraction]]`: holding cost.
fn fractions(c: &mut Collector, m: &ModelFile) -> Vec<Fraction> {
    m.fractions
        .iter()
        .map(|x| Fraction {
            named: named(&x.id, &x.name),
            holding_eur_per_t_week: c.range(
                format!("fraction \"{}\".holding_eur_per_t_week", x.id),
                x.holding_eur_per_t_week,
                0.0,
                Some(limits::EUR_PER_T),
            ),
        })
        .collect()
}

/// `[[shift]]`: hours within a week, premium.
fn shifts(c: &mut Collector, m: &ModelFile) -> Vec<Shift> {
    m.shifts
        .iter()
        .map(|s| {
            let f = format!("shift \"{}\"", s.id);
            Shift {
                named: named(&s.id, &s.name),
                hours_per_week: c.range(
                    format!("{f}.hours_per_week"),
                    s.hours_per_week,
                    0.0,
                    Some(168.0),
                ),
                wage_premium: c.range(format!("{f}.wage_premium"), s.wage_premium, 0.0, Some(5.0)),
            }
        })
        .collect()
}

/// `[[staff]]`: one group per site and kind (`[site, kind]`), bounds in order.
fn staff_groups(c: &mut Collector, m: &ModelFile, ids: &Ids) -> Array2<Option<StaffGroup>> {
    let mut staff = Array2::from_elem((m.sites.len(), StaffKind::ALL.len()), None);
    for (i, g) in m.staff.iter().enumerate() {
        let f = format!("staff[{}] ({} at {})", i + 1, g.kind, g.site);
        let site = lookup(c, format!("{f}.site"), &ids.site, "site", &g.site);
        let kind = StaffKind::parse(&g.kind);
        if kind.is_none() {
            c.err(
                format!("{f}.kind"),
                format!("unknown staff kind \"{}\", expected permanent, insertion, temporary or supervisor", g.kind),
            );
        }
        let hmax = c.range(
            format!("{f}.headcount_max"),
            g.headcount_max,
            0.0,
            Some(limits::PERSONS),
        );
        let hmin = c.range(
            format!("{f}.headcount_min"),
            g.headcount_min,
            0.0,
            Some(hmax.max(0.0)),
        );
        let wmax = c.range(
            format!("{f}.max_h_per_week"),
            g.max_h_per_week,
            0.0,
            Some(80.0),
        );
        let wmin = c.range(
            format!("{f}.min_h_per_week"),
            g.min_h_per_week,
            0.0,
            Some(80.0),
        );
        staff_fields(c, &f, g, kind, &m.law);
        let group = StaffGroup {
            headcount_min: hmin,
            headcount_max: hmax,
            min_h_per_week: wmin,
            max_h_per_week: wmax,
            cost_eur_per_h: c.range(
                format!("{f}.cost_eur_per_h"),
                g.cost_eur_per_h,
                0.0,
                Some(limits::EUR_PER_H),
            ),
            productivity: c.range(format!("{f}.productivity"), g.productivity, 0.01, Some(3.0)),
            absenteeism: c.range(format!("{f}.absenteeism"), g.absenteeism, 0.0, Some(0.9)),
            paid_leave_weeks: match (g.paid_leave_weeks, kind) {
                (Some(v), _) => c.range(format!("{f}.paid_leave_weeks"), v, 0.0, Some(52.0)),
                (None, Some(StaffKind::Temporary)) => 0.0,
                (None, _) => m.law.paid_leave_weeks,
            },
            headcount_start: g.headcount_start.map(|v| {
                c.range(
                    format!("{f}.headcount_start"),
                    v,
                    0.0,
                    Some(limits::PERSONS),
                )
            }),
            hire_cost_eur: g
                .hire_cost_eur
                .map(|v| c.range(format!("{f}.hire_cost_eur"), v, 0.0, Some(limits::EUR))),
            departure_cost_eur: g
                .departure_cost_eur
                .map(|v| c.range(format!("{f}.departure_cost_eur"), v, 0.0, Some(limits::EUR))),
            notice_weeks: c.range(
                format!("{f}.notice_weeks"),
                g.notice_weeks,
                0.0,
                Some(520.0),
            ) as usize,
            agency_markup: c.range(
                format!("{f}.agency_markup"),
                g.agency_markup,
                0.0,
                Some(5.0),
            ),
        };
        if let (Some(s), Some(k)) = (site, kind) {
            if staff[[s, k.index()]].is_some() {
                c.err(
                    &f,
                    format!(
                        "second {} group at site \"{}\", expected one group per site and kind",
                        k.name(),
                        g.site
                    ),
                );
            }
            staff[[s, k.index()]] = Some(group);
        }
    }
    staff
}

/// `[social]`: the rules' numbers.
fn social(c: &mut Collector, m: &ModelFile) -> Social {
    let s = &m.social;
    Social {
        insertion_share_min: c.range(
            "social.insertion_share_min",
            s.insertion_share_min,
            0.0,
            Some(1.0),
        ),
        insertion_workers_per_supervisor: c.range(
            "social.insertion_workers_per_supervisor",
            s.insertion_workers_per_supervisor,
            0.1,
            Some(1000.0),
        ),
        no_layoffs: s.no_layoffs,
        workers_per_team_leader: s
            .workers_per_team_leader
            .map(|v| c.range("social.workers_per_team_leader", v, 0.1, Some(1000.0))),
        funded_posts: s
            .funded_posts
            .map(|v| c.range("social.funded_posts", v, 0.0, Some(limits::PERSONS))),
        funded_posts_min_share: s.funded_posts_min_share.map(|v| {
            if s.funded_posts.is_none() {
                c.err(
                    "social.funded_posts_min_share",
                    "is given but social.funded_posts is not, expected agreed posts to fill or no least share",
                );
            }
            c.range("social.funded_posts_min_share", v, 0.0, Some(1.0))
        }),
        aid_eur_per_post_year: c.range(
            "social.aid_eur_per_post_year",
            s.aid_eur_per_post_year,
            0.0,
            Some(limits::EUR),
        ),
        aid_modulation: c.range("social.aid_modulation", s.aid_modulation, 0.0, Some(0.1)),
        aid_modulation_lasting_exits: s.aid_modulation_lasting_exits.map(|v| {
            let f = "social.aid_modulation_lasting_exits";
            if s.funded_posts.is_none() {
                c.err(f, "is given but social.funded_posts is not, expected the agreed posts whose aid's modulated part the lasting exits earn");
            }
            let v = c.range(f, v, 0.0, Some(limits::PERSONS));
            if v == 0.0 {
                c.err(f, "got 0, expected the lasting exits (above 0) at which the modulated part is earned in full");
            }
            v
        }),
        full_time_h_per_year: c.range(
            "social.full_time_h_per_year",
            s.full_time_h_per_year,
            1.0,
            Some(8760.0),
        ),
        insertion_workers_per_adviser: s
            .insertion_workers_per_adviser
            .map(|v| c.range("social.insertion_workers_per_adviser", v, 0.1, Some(1000.0))),
        adviser_cost_eur_per_year: c.range(
            "social.adviser_cost_eur_per_year",
            s.adviser_cost_eur_per_year,
            0.0,
            Some(limits::EUR),
        ),
    }
}

/// `[law]`: the working-time law's numbers; the weekly maximum at least the full-time week.
fn law(c: &mut Collector, m: &ModelFile) -> Law {
    let l = &m.law;
    let law = Law {
        full_time_h_per_week: c.range(
            "law.full_time_h_per_week",
            l.full_time_h_per_week,
            1.0,
            Some(80.0),
        ),
        worked_h_per_year: c.range(
            "law.worked_h_per_year",
            l.worked_h_per_year,
            1.0,
            Some(4000.0),
        ),
        max_h_per_week: c.range("law.max_h_per_week", l.max_h_per_week, 1.0, Some(80.0)),
        overtime_step_h: c.range("law.overtime_step_h", l.overtime_step_h, 0.0, Some(80.0)),
        overtime_premium_1: c.range(
            "law.overtime_premium_1",
            l.overtime_premium_1,
            0.0,
            Some(5.0),
        ),
        overtime_premium_2: c.range(
            "law.overtime_premium_2",
            l.overtime_premium_2,
            0.0,
            Some(5.0),
        ),
        overtime_quota_h_per_year: c.range(
            "law.overtime_quota_h_per_year",
            l.overtime_quota_h_per_year,
            0.0,
            Some(4000.0),
        ),
        paid_leave_weeks: c.range("law.paid_leave_weeks", l.paid_leave_weeks, 0.0, Some(52.0)),
    };
    if law.full_time_h_per_week > law.max_h_per_week {
        c.err(
            "law.max_h_per_week",
            format!("got {} h, below full_time_h_per_week ({} h), expected a weekly maximum of at least the full-time week", num(law.max_h_per_week), num(law.full_time_h_per_week)),
        );
    }
    law
}

/// `[pathway]`: insertion contracts, ramp-up and support. Contract lengths are whole weeks,
/// the least at most the longest; the ramp-up is a list of productivity shares in (0, 1], no
/// longer than the least contract (the model counts every worker in ramp-up as still on
/// contract).
fn pathway(c: &mut Collector, m: &ModelFile) -> Pathway {
    let p = &m.pathway;
    let lmax = c.range(
        "pathway.max_contract_weeks",
        p.max_contract_weeks,
        1.0,
        Some(520.0),
    );
    let lmin = c.range(
        "pathway.min_contract_weeks",
        p.min_contract_weeks,
        0.0,
        Some(520.0),
    );
    whole(c, "pathway.max_contract_weeks", lmax, "weeks");
    whole(c, "pathway.min_contract_weeks", lmin, "weeks");
    whole(
        c,
        "pathway.change_every_weeks",
        p.change_every_weeks,
        "weeks",
    );
    if lmin.is_finite() && lmax.is_finite() && lmax < lmin {
        c.err(
            "pathway.max_contract_weeks",
            format!("got {} weeks, shorter than min_contract_weeks ({} weeks), expected the longest contract to be at least the least contract", num(lmax), num(lmin)),
        );
    }
    let mut ramp_up = Vec::with_capacity(p.ramp_up.len());
    for (i, &r) in p.ramp_up.iter().enumerate() {
        if !(r.is_finite() && r > 0.0 && r <= 1.0) {
            let why = if r > 1.0 {
                " (a ramp-up above 100 % would make a novice more productive than an experienced worker)"
            } else {
                ""
            };
            c.err(
                format!("pathway.ramp_up[{}]", i + 1),
                format!("got {} in tenure week {}, expected a productivity share above 0 and at most 1{why}", num(r), i + 1),
            );
        }
        ramp_up.push(r);
    }
    if lmin.is_finite() && lmin >= 0.0 && p.ramp_up.len() as f64 > lmin {
        c.err(
            "pathway.ramp_up",
            format!("{} weeks of ramp-up, more than min_contract_weeks ({}), expected at most min_contract_weeks entries (a worker still in ramp-up is always on contract)", p.ramp_up.len(), num(lmin)),
        );
    }
    Pathway {
        min_contract_weeks: lmin as usize,
        max_contract_weeks: lmax as usize,
        ramp_up,
        training_h_per_week: c.range(
            "pathway.training_h_per_week",
            p.training_h_per_week,
            0.0,
            Some(80.0),
        ),
        change_every_weeks: c
            .range(
                "pathway.change_every_weeks",
                p.change_every_weeks,
                1.0,
                Some(52.0),
            )
            .max(1.0) as usize,
        entry_cost_eur: c.range(
            "pathway.entry_cost_eur",
            p.entry_cost_eur,
            0.0,
            Some(limits::EUR),
        ),
        placement_value_eur: c.range(
            "pathway.placement_value_eur",
            p.placement_value_eur,
            0.0,
            Some(limits::EUR),
        ),
        lasting_exits_min: c.range(
            "pathway.lasting_exits_min",
            p.lasting_exits_min,
            0.0,
            Some(limits::PERSONS),
        ),
        lasting_share_of_market_jobs: c.range(
            "pathway.lasting_share_of_market_jobs",
            p.lasting_share_of_market_jobs,
            0.0,
            Some(1.0),
        ),
        early_exit_rate_per_week: c.range(
            "pathway.early_exit_rate_per_week",
            p.early_exit_rate_per_week,
            0.0,
            Some(1.0),
        ),
        exit_to_employment_rate: c.range(
            "pathway.exit_to_employment_rate",
            p.exit_to_employment_rate,
            0.0,
            Some(1.0),
        ),
        exit_to_training_rate: exit_to_training(c, p),
    }
}

/// `pathway.exit_to_training_rate`: a share, at most what the exits to employment leave.
fn exit_to_training(c: &mut Collector, p: &crate::input::PathwayRaw) -> f64 {
    let rate = c.range(
        "pathway.exit_to_training_rate",
        p.exit_to_training_rate,
        0.0,
        Some(1.0),
    );
    if rate.is_finite()
        && p.exit_to_employment_rate.is_finite()
        && rate + p.exit_to_employment_rate > 1.0
    {
        c.err(
            "pathway.exit_to_training_rate",
            format!(
                "got {rate}, which with exit_to_employment_rate = {} makes more than every exit, expected at most {}",
                p.exit_to_employment_rate,
                (1.0 - p.exit_to_employment_rate).max(0.0)
            ),
        );
    }
    rate
}

/// `[[cohort]]`: insertion workers on contract before week 1, whole people with a whole
/// tenure shorter than the longest contract, at a site with insertion staff.
fn cohorts(
    c: &mut Collector,
    m: &ModelFile,
    ids: &Ids,
    staff: &Array2<Option<StaffGroup>>,
    pathway: &Pathway,
) -> Vec<Cohort> {
    let mut out = Vec::new();
    for (i, k) in m.cohorts.iter().enumerate() {
        let f = format!("cohort[{}]", i + 1);
        let site = lookup(c, format!("{f}.site"), &ids.site, "site", &k.site);
        let people = c.range(format!("{f}.people"), k.people, 0.0, Some(limits::PERSONS));
        whole(c, format!("{f}.people"), people, "persons");
        let tenure = c.range(
            format!("{f}.tenure_weeks"),
            k.tenure_weeks,
            0.0,
            Some(520.0),
        );
        whole(c, format!("{f}.tenure_weeks"), tenure, "weeks");
        let lmax = m.pathway.max_contract_weeks;
        if tenure.is_finite() && lmax.is_finite() && tenure >= lmax {
            c.err(
                format!("{f}.tenure_weeks"),
                format!("got {} weeks, past the longest contract at the start (pathway.max_contract_weeks = {} weeks), expected fewer weeks than the longest contract", num(tenure), num(lmax)),
            );
        }
        let Some(s) = site else { continue };
        if staff[[s, StaffKind::Insertion.index()]].is_none() {
            c.err(
                format!("{f}.site"),
                format!("site \"{}\" has no insertion staff group, expected a site with a [[staff]] of kind insertion", k.site),
            );
        }
        out.push(Cohort {
            site: SiteId(s),
            people,
            tenure_weeks: tenure.clamp(0.0, pathway.max_contract_weeks as f64) as usize,
        });
    }
    out
}

/// `social.no_layoffs`: no departure of permanent staff or supervisors during the horizon
/// (FORMULATION §2: their `dep` columns do not exist), whatever `departure_cost_eur` says.
fn no_layoffs(staff: &mut Array2<Option<StaffGroup>>) {
    for k in [StaffKind::Permanent, StaffKind::Supervisor] {
        for g in staff.column_mut(k.index()).iter_mut().flatten() {
            g.departure_cost_eur = None;
        }
    }
}

/// The staff groups the social rules and the lines need: insertion staff where an insertion
/// share is required, aid below the insertion cost, permanent staff for a qualified share,
/// supervisors for insertion workers.
fn social_staffing(
    c: &mut Collector,
    m: &ModelFile,
    sets: &IndexSets,
    social: &Social,
    staff: &Array2<Option<StaffGroup>>,
    lines: &[Line],
) {
    for (i, site) in m.sites.iter().enumerate() {
        let has_lines = !sets.lines_at(SiteId(i)).is_empty();
        if has_lines
            && social.insertion_share_min > 0.0
            && staff[[i, StaffKind::Insertion.index()]].is_none()
        {
            c.err(
                format!("site \"{}\"", site.id),
                format!("social.insertion_share_min is {} but the site has no insertion staff group, expected a [[staff]] of kind insertion", social.insertion_share_min),
            );
        }
    }
    for (i, site) in m.sites.iter().enumerate() {
        if let Some(g) = &staff[[i, StaffKind::Insertion.index()]] {
            let aid = social.aid_eur_per_paid_h();
            if aid >= g.cost_eur_per_h && aid > 0.0 {
                c.err(
                    "social.aid_eur_per_post_year",
                    format!("state aid of {aid:.2} EUR per paid hour (aid_eur_per_post_year x (1 + aid_modulation) / full_time_h_per_year) is at least the insertion hourly cost at site \"{}\" ({} EUR/h), expected aid below cost (else paying idle hours would be profitable)", site.id, g.cost_eur_per_h),
                );
            }
        }
    }
    for l in lines {
        if l.min_qualified_share > 0.0
            && staff
                .get([l.site.0, StaffKind::Permanent.index()])
                .is_some_and(|g| g.is_none())
        {
            c.err(
                format!("line \"{}\".min_qualified_share", l.named.id),
                "needs permanent staff but its site has no permanent staff group, expected a [[staff]] of kind permanent or a share of 0",
            );
        }
    }
    for (i, site) in m.sites.iter().enumerate() {
        if staff[[i, StaffKind::Supervisor.index()]].is_some() {
            continue;
        }
        let has = |k: StaffKind| staff[[i, k.index()]].is_some();
        if has(StaffKind::Insertion) {
            c.err(
                format!("site \"{}\"", site.id),
                "has insertion workers but no supervisor staff group, expected a [[staff]] of kind supervisor",
            );
        }
        if social.workers_per_team_leader.is_some()
            && (has(StaffKind::Permanent) || has(StaffKind::Temporary))
        {
            c.err(
                format!("site \"{}\"", site.id),
                "social.workers_per_team_leader asks for team leaders but the site has no supervisor staff group, expected a [[staff]] of kind supervisor or no workers_per_team_leader",
            );
        }
    }
}

/// Paid training comes out of the contract hours (`worked_within_paid`): an insertion worker
/// trained longer than their contract would work negative hours, so a site could employ none.
fn training_within_contract(
    c: &mut Collector,
    m: &ModelFile,
    staff: &Array2<Option<StaffGroup>>,
    pathway: &Pathway,
) {
    let tr = pathway.training_h_per_week;
    for (i, g) in m.staff.iter().enumerate() {
        let Some(site) = m.sites.iter().position(|s| s.id == g.site) else {
            continue;
        };
        if StaffKind::parse(&g.kind) != Some(StaffKind::Insertion) {
            continue;
        }
        let Some(group) = &staff[[site, StaffKind::Insertion.index()]] else {
            continue;
        };
        if tr > group.min_h_per_week {
            c.err(
                "pathway.training_h_per_week",
                format!(
                    "got {} h per week, more than the contract hours of insertion workers at site \"{}\" (staff[{}].min_h_per_week = {} h), expected training to fit in the paid contract hours",
                    num(tr),
                    g.site,
                    i + 1,
                    num(group.min_h_per_week)
                ),
            );
        }
    }
}

/// `[targets]`: the plant-wide recovery and recycling targets, shares.
fn targets(c: &mut Collector, m: &ModelFile) -> (Option<f64>, Option<f64>) {
    let t = &m.targets;
    (
        t.recovery
            .map(|v| c.range("targets.recovery", v, 0.0, Some(1.0))),
        t.recycling
            .map(|v| c.range("targets.recycling", v, 0.0, Some(1.0))),
    )
}
