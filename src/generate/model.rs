//! The generated plant model: the reference's tables, copied or scaled per site, as the
//! loader's own records ([`crate::input::ModelFile`]), ready for serde.

use super::network::{round1, Network, Site};
use super::params;
use super::reference::Reference;
use super::GenerateOptions;
use crate::input::{
    AreaRaw, LineRaw, ModelFile, OutletRaw, PlantInfo, SiteRaw, SocialRaw, StaffRaw, StockRaw,
};
use std::collections::BTreeMap;

/// The model of a generated network.
pub(super) fn model(opts: &GenerateOptions, net: &Network, r: &Reference) -> ModelFile {
    let reference = &r.model;
    ModelFile {
        plant: PlantInfo {
            name: format!(
                "Generated network, {} site(s), seed {}",
                net.sites.len(),
                opts.seed
            ),
            description: "Synthetic instance written by triplan generate around the Juratri \
                          reference plant."
                .into(),
            price_year: reference.plant.price_year,
            price_foresight: reference.plant.price_foresight,
            closing_stock: reference.plant.closing_stock,
        },
        social: SocialRaw {
            funded_posts: Some(funded_posts(net, r)),
            ..reference.social.clone()
        },
        targets: reference.targets.clone(),
        law: reference.law.clone(),
        pathway: reference.pathway.clone(),
        cohorts: Vec::new(),
        skills: Vec::new(),
        partners: Vec::new(),
        sites: net.sites.iter().map(|s| site(s, r)).collect(),
        areas: areas(net),
        categories: reference.categories.clone(),
        streams: reference.streams.clone(),
        fractions: reference.fractions.clone(),
        shifts: reference.shifts.clone(),
        staff: net.sites.iter().flat_map(|s| staff(s, net, r)).collect(),
        lines: net.sites.iter().flat_map(|s| lines(s, r)).collect(),
        outlets: outlets(opts, net, r),
        stocks: net.sites.iter().flat_map(|s| stocks(s, r)).collect(),
    }
}

/// Tonnes a year of a site's lines.
fn site_t(site: &Site, r: &Reference) -> f64 {
    site.lines
        .iter()
        .flat_map(|&(l, u)| r.lines[l].tonnes(&r.streams, u))
        .sum()
}

/// Person-hours a year (at productivity 1) of a site's lines.
fn site_person_h(site: &Site, r: &Reference) -> f64 {
    site.lines
        .iter()
        .flat_map(|&(l, u)| r.lines[l].person_h(&r.streams, u))
        .sum()
}

/// Storage in proportion to the site's tonnage.
fn site(s: &Site, r: &Reference) -> SiteRaw {
    let scale = site_t(s, r) / r.annual_t;
    let storage = |t: f64| {
        (t * scale)
            .round()
            .max((params::MIN_STORAGE_SHARE * t).round())
    };
    SiteRaw {
        id: s.id.clone(),
        name: format!("Site {} at ({:.0} km, {:.0} km)", s.id, s.at.x, s.at.y),
        intake_capacity_t: storage(r.site.intake_capacity_t),
        output_capacity_t: storage(r.site.output_capacity_t),
    }
}

fn areas(net: &Network) -> Vec<AreaRaw> {
    net.areas
        .iter()
        .map(|a| AreaRaw {
            id: a.id.clone(),
            name: format!(
                "{} collection area of site {}",
                if a.near { "Near" } else { "Far" },
                net.sites[a.home].id
            ),
            transport_eur_per_t: a
                .transport
                .iter()
                .map(|&(s, c)| (net.sites[s].id.clone(), c))
                .collect(),
        })
        .collect()
}

/// Headcount range of a reference staff group at a site: the reference's in a one-site plant,
/// else in proportion to the site's person-hours (at least one person of a kind the reference
/// employs, and a range of at least one).
fn headcounts(group: &StaffRaw, person_h: f64, single: bool, r: &Reference) -> (f64, f64) {
    let (lo, hi) = (group.headcount_min, group.headcount_max);
    if single {
        return (lo, hi);
    }
    let ratio = person_h / r.person_h;
    let min = (lo * ratio).floor();
    let min = if lo == 0.0 { 0.0 } else { min.max(1.0) };
    let max = (hi * ratio).ceil().max(min + 1.0);
    (min, max)
}

/// The reference's funded posts in a one-site plant, else a share of the insertion ceilings.
fn funded_posts(net: &Network, r: &Reference) -> f64 {
    let single = net.sites.len() == 1;
    if single {
        return r.funded_posts();
    }
    let (mut lo, mut hi) = (0.0, 0.0);
    for group in r.staff.iter().filter(|g| g.kind == "insertion") {
        for s in &net.sites {
            let (a, b) = headcounts(group, site_person_h(s, r), single, r);
            lo += a;
            hi += b;
        }
    }
    (params::FUNDED_SHARE * hi).round().max(lo)
}

fn staff(s: &Site, net: &Network, r: &Reference) -> Vec<StaffRaw> {
    let person_h = site_person_h(s, r);
    let single = net.sites.len() == 1;
    r.staff
        .iter()
        .map(|g| {
            let (lo, hi) = headcounts(g, person_h, single, r);
            StaffRaw {
                site: s.id.clone(),
                headcount_min: lo,
                headcount_max: hi,
                cost_eur_per_h: round1(g.cost_eur_per_h * s.wage),
                // The reference's opening headcount holds for itself only.
                headcount_start: if single { g.headcount_start } else { None },
                ..g.clone()
            }
        })
        .collect()
}

fn lines(s: &Site, r: &Reference) -> Vec<LineRaw> {
    s.lines
        .iter()
        .map(|&(l, _)| {
            let line = &r.lines[l].raw;
            LineRaw {
                id: format!("{}_{}", line.id, s.id),
                name: format!("{} ({})", line.name, s.id),
                site: s.id.clone(),
                ..line.clone()
            }
        })
        .collect()
}

/// Opening intake stock in proportion to the line's share of the reference tonnage.
fn stocks(s: &Site, r: &Reference) -> Vec<StockRaw> {
    s.lines
        .iter()
        .flat_map(|&(l, u)| {
            r.lines[l].streams.iter().map(move |&k| StockRaw {
                site: s.id.clone(),
                stream: Some(r.streams[k].id.clone()),
                fraction: None,
                category: None,
                opening_t: round1(r.streams[k].opening_t * u),
                closing_min_t: 0.0,
                closing_max_t: None,
            })
        })
        .collect()
}

/// Expected tonnes of a fraction over the horizon, all sites together.
fn expected_fraction_t(net: &Network, r: &Reference, fraction: &str, weeks: usize) -> f64 {
    let mut t = 0.0;
    for s in &net.sites {
        for &(l, u) in &s.lines {
            let line = &r.lines[l];
            for (p, &k) in line.raw.processes.iter().zip(&line.streams) {
                let y = p.yields.get(fraction).copied().unwrap_or(0.0);
                t += r.streams[k].annual_t * u * y;
            }
        }
    }
    t * weeks as f64 / 52.0
}

fn outlets(opts: &GenerateOptions, net: &Network, r: &Reference) -> Vec<OutletRaw> {
    let weeks = opts.weeks;
    let mut expected = BTreeMap::new();
    let fractions = params::CONTRACTS
        .iter()
        .map(|c| c.fraction)
        .chain([params::TRUCK_BASIS_FRACTION]);
    for f in fractions {
        expected.insert(f, expected_fraction_t(net, r, f, weeks));
    }
    net.outlets
        .iter()
        .map(|o| {
            let reference = &r.outlets[o.kind];
            let raw = &reference.raw;
            let copies = net.outlets.iter().filter(|x| x.kind == o.kind).count() as f64;
            let (mut min_t, mut max_t) = (0.0, None);
            for c in params::CONTRACTS.iter().filter(|c| c.outlet == raw.id) {
                let t = expected[c.fraction];
                if let Some(share) = c.min_share {
                    min_t = (share * t / copies).floor();
                }
                if let Some(share) = c.max_share {
                    max_t = Some((share * t / copies).ceil());
                }
            }
            let (base, per_km) = if o.truck {
                params::TRUCK_OUTBOUND_EUR_PER_T
            } else {
                params::OUTBOUND_EUR_PER_T
            };
            let (capacity, trip) = r.truck;
            let basis = max_t.unwrap_or(expected[params::TRUCK_BASIS_FRACTION] / copies);
            let weekly = (params::TRUCK_WEEKLY_FACTOR * basis / weeks as f64)
                .ceil()
                .max(params::TRUCK_MIN_T_PER_WEEK);
            OutletRaw {
                id: o.id.clone(),
                name: format!(
                    "{} {} at ({:.0} km, {:.0} km)",
                    reference.name,
                    o.copy + 1,
                    o.at.x,
                    o.at.y
                ),
                treatment: raw.treatment.clone(),
                recycled_share: raw.recycled_share,
                recovered_share: raw.recovered_share,
                prices_eur_per_t: raw
                    .prices_eur_per_t
                    .iter()
                    .map(|(f, p)| (f.clone(), (p * o.price_factor).round()))
                    .collect(),
                transport_eur_per_t: net
                    .sites
                    .iter()
                    .map(|s| (s.id.clone(), round1(base + per_km * s.at.road_km(o.at))))
                    .collect(),
                min_t,
                max_t,
                max_t_per_week: o.truck.then_some(weekly),
                truck_capacity_t: o.truck.then_some(capacity),
                cost_eur_per_trip: if o.truck {
                    (trip * o.price_factor).round()
                } else {
                    0.0
                },
            }
        })
        .collect()
}
