//! The generated network: sites on a plane with their lines, collection areas and outlet
//! copies, drawn around the reference plant.

use super::params::{self, AreaRule};
use super::reference::Reference;
use super::rng::Rng;
use super::GenerateOptions;

/// A point on the plane, in km.
#[derive(Debug, Clone, Copy)]
pub(super) struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    /// Road distance in km ([`params::ROAD_FACTOR`] × straight line).
    pub(super) fn road_km(self, o: Point) -> f64 {
        params::ROAD_FACTOR * ((self.x - o.x).powi(2) + (self.y - o.y).powi(2)).sqrt()
    }
}

/// A generated site.
pub(super) struct Site {
    pub id: String,
    pub at: Point,
    /// Reference line indices with the share of the reference tonnage each processes.
    pub lines: Vec<(usize, f64)>,
    /// Staff cost factor.
    pub wage: f64,
    /// First week of the two-week summer closure.
    pub summer_closure: usize,
}

/// A generated collection area.
pub(super) struct Area {
    pub id: String,
    pub near: bool,
    /// Index of its home site.
    pub home: usize,
    /// (site, EUR/t), the home site first.
    pub transport: Vec<(usize, f64)>,
    /// (reference stream, tonnes a year).
    pub streams: Vec<(usize, f64)>,
}

/// A generated outlet: one copy of a reference outlet.
pub(super) struct Outlet {
    pub id: String,
    /// Reference outlet index.
    pub kind: usize,
    /// Copy number, from 0.
    pub copy: usize,
    pub at: Point,
    /// Factor on the reference's prices and trip cost.
    pub price_factor: f64,
    /// Served by whole trucks.
    pub truck: bool,
}

/// Everything drawn before the weekly series.
pub(super) struct Network {
    pub sites: Vec<Site>,
    pub areas: Vec<Area>,
    pub outlets: Vec<Outlet>,
}

/// Rounds to 0.1.
pub(super) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Draws the network. The order of the draws is part of the output: sites (position, lines,
/// wage, closure), line shares, areas, outlets.
pub(super) fn network(opts: &GenerateOptions, r: &Reference, rng: &mut Rng) -> Network {
    let side = params::SQUARE_KM * (opts.sites as f64).sqrt();
    let sites = sites(opts.sites, side, r, rng);
    let areas = areas(&sites, r, rng);
    let outlets = outlets(opts, side, r, rng);
    Network {
        sites,
        areas,
        outlets,
    }
}

fn sites(n: usize, side: f64, r: &Reference, rng: &mut Rng) -> Vec<Site> {
    let width = n.to_string().len().max(3);
    let mut sites: Vec<Site> = (0..n)
        .map(|i| {
            let at = Point {
                x: rng.range(0.0, side),
                y: rng.range(0.0, side),
            };
            let mut lines = Vec::new();
            for (l, line) in r.lines.iter().enumerate() {
                if n == 1 {
                    lines.push((l, 1.0));
                } else if rng.chance(line.chance) {
                    lines.push((l, 0.0));
                }
            }
            while lines.len() < 2 {
                let l = rng.int(0, r.lines.len() - 1);
                if !lines.iter().any(|&(k, _)| k == l) {
                    lines.push((l, 0.0));
                    lines.sort_by_key(|&(k, _)| k);
                }
            }
            let (lo, hi) = params::WAGE_FACTOR;
            let (first, last) = params::SUMMER_CLOSURE_WEEKS;
            Site {
                id: format!("s{:0width$}", i + 1),
                at,
                lines,
                wage: if n == 1 { 1.0 } else { rng.range(lo, hi) },
                summer_closure: rng.int(first, last),
            }
        })
        .collect();
    // Every line somewhere, so every stream has a line.
    for l in 0..r.lines.len() {
        if !sites.iter().any(|s| s.lines.iter().any(|&(k, _)| k == l)) {
            let s = &mut sites[l % n];
            s.lines.push((l, 0.0));
            s.lines.sort_by_key(|&(k, _)| k);
        }
    }
    if n > 1 {
        let (lo, hi) = params::LINE_SHARE;
        for s in &mut sites {
            for line in &mut s.lines {
                line.1 = (rng.range(lo, hi) * 100.0).round() / 100.0;
            }
        }
    }
    sites
}

/// A near and a far area per site.
fn areas(sites: &[Site], r: &Reference, rng: &mut Rng) -> Vec<Area> {
    let width = sites.len().to_string().len().max(3);
    let mut areas = Vec::with_capacity(2 * sites.len());
    for (i, site) in sites.iter().enumerate() {
        for (near, rule) in [(true, &params::NEAR_AREA), (false, &params::FAR_AREA)] {
            let at = area_point(site.at, rule, rng);
            let streams = area_streams(site, near, r);
            areas.push(Area {
                id: format!("a{:0width$}_{}", i + 1, if near { "near" } else { "far" }),
                near,
                home: i,
                transport: area_transport(at, i, sites, rule),
                streams,
            });
        }
    }
    areas
}

fn area_point(home: Point, rule: &AreaRule, rng: &mut Rng) -> Point {
    let angle = rng.range(0.0, 2.0 * std::f64::consts::PI);
    let d = rng.range(rule.road_km.0, rule.road_km.1) / params::ROAD_FACTOR;
    Point {
        x: home.x + d * angle.cos(),
        y: home.y + d * angle.sin(),
    }
}

/// The home site, then the nearest other sites within reach.
fn area_transport(at: Point, home: usize, sites: &[Site], rule: &AreaRule) -> Vec<(usize, f64)> {
    let (base, per_km) = params::INBOUND_EUR_PER_T;
    let cost = |p: Point| round1(base + per_km * at.road_km(p));
    let mut transport = vec![(home, cost(sites[home].at))];
    let mut near_sites: Vec<(f64, usize)> = sites
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != home)
        .map(|(j, s)| (at.road_km(s.at), j))
        .filter(|&(d, _)| d <= rule.reach_km)
        .collect();
    near_sites.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for &(_, j) in near_sites.iter().take(rule.other_sites) {
        transport.push((j, cost(sites[j].at)));
    }
    transport
}

/// What an area collects: its share of the tonnage of its home site's lines.
fn area_streams(site: &Site, near: bool, r: &Reference) -> Vec<(usize, f64)> {
    let mut streams = Vec::new();
    for &(l, u) in &site.lines {
        for &k in &r.lines[l].streams {
            let st = &r.streams[k];
            let share = if near {
                st.near_share
            } else {
                1.0 - st.near_share
            };
            if share > 0.0 {
                streams.push((k, st.annual_t * u * share));
            }
        }
    }
    streams.sort_by_key(|&(k, _)| k);
    streams
}

/// Copies of every reference outlet, the truck ones marked.
fn outlets(opts: &GenerateOptions, side: f64, r: &Reference, rng: &mut Rng) -> Vec<Outlet> {
    let n = opts.sites;
    let center = Point {
        x: side / 2.0,
        y: side / 2.0,
    };
    let mut outlets = Vec::new();
    for (k, o) in r.outlets.iter().enumerate() {
        let copies = copies(o.national, n);
        for c in 0..copies {
            let at = if o.national {
                let angle = rng.range(0.0, 2.0 * std::f64::consts::PI);
                let (lo, hi) = params::NATIONAL_ROAD_KM;
                let d = (side / 2.0 + rng.range(lo, hi)) / params::ROAD_FACTOR;
                Point {
                    x: center.x + d * angle.cos(),
                    y: center.y + d * angle.sin(),
                }
            } else {
                Point {
                    x: rng.range(-0.1 * side, 1.1 * side),
                    y: rng.range(-0.1 * side, 1.1 * side),
                }
            };
            let (lo, hi) = params::PRICE_FACTOR;
            outlets.push(Outlet {
                id: if copies == 1 {
                    o.raw.id.clone()
                } else {
                    format!("{}_{}", o.raw.id, c + 1)
                },
                kind: k,
                copy: c,
                at,
                price_factor: if n == 1 { 1.0 } else { rng.range(lo, hi) },
                truck: false,
            });
        }
    }
    let mut trucks_left = opts.truck_outlets;
    for id in params::TRUCK_ORDER {
        for o in outlets.iter_mut() {
            if trucks_left > 0 && r.outlets[o.kind].raw.id == id {
                o.truck = true;
                trucks_left -= 1;
            }
        }
    }
    outlets
}

/// Copies of an outlet in a plant of `sites` sites.
fn copies(national: bool, sites: usize) -> usize {
    1 + sites
        / if national {
            params::SITES_PER_NATIONAL_COPY
        } else {
            params::SITES_PER_REGIONAL_COPY
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_somewhere_and_every_site_has_two() {
        let r = Reference::builtin().unwrap();
        for n in [2, 3, 7] {
            let opts = GenerateOptions {
                sites: n,
                ..GenerateOptions::default()
            };
            let net = network(&opts, &r, &mut Rng::new(3));
            for l in 0..r.lines.len() {
                assert!(net
                    .sites
                    .iter()
                    .any(|s| s.lines.iter().any(|&(k, _)| k == l)));
            }
            assert!(net.sites.iter().all(|s| s.lines.len() >= 2));
        }
    }
}
