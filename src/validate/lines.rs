//! The entries that refer to many others: lines and their processes, the lots they yield,
//! outlets, and stocks.

use super::plant::Ids;
use super::{limits, lookup, named, Collector, YIELD_TOL};
use crate::input::{ClosingStock, LineRaw, ModelFile, OutletRaw, ProcessRaw};
use crate::plant::*;
use ndarray::Array2;
use std::collections::HashMap;

/// `[[line]]`: a known site with production staff, known shifts, at least one process.
pub(super) fn lines(
    c: &mut Collector,
    m: &ModelFile,
    ids: &Ids,
    staff: &Array2<Option<StaffGroup>>,
) -> Vec<Line> {
    let mut lines = Vec::with_capacity(m.lines.len());
    for l in &m.lines {
        lines.push(line(c, m, ids, staff, l));
    }
    lines
}

fn line(
    c: &mut Collector,
    m: &ModelFile,
    ids: &Ids,
    staff: &Array2<Option<StaffGroup>>,
    l: &LineRaw,
) -> Line {
    let f = format!("line \"{}\"", l.id);
    let site = lookup(c, format!("{f}.site"), &ids.site, "site", &l.site).unwrap_or(0);
    let mut line_shifts = vec![false; m.shifts.len()];
    if l.shifts.is_empty() {
        c.err(
            format!("{f}.shifts"),
            "empty, expected at least one shift id",
        );
    }
    for s in &l.shifts {
        if let Some(s) = lookup(c, format!("{f}.shifts"), &ids.shift, "shift", s) {
            line_shifts[s] = true;
        }
    }
    if l.processes.is_empty() {
        c.err(
            format!("{f}.process"),
            "no [[line.process]], expected at least one stream it processes",
        );
    }
    let mut processes: Vec<Process> = Vec::new();
    for p in &l.processes {
        process(c, ids, m.fractions.len(), &f, p, &mut processes);
    }
    // `get`: a model without sites still gets its other problems reported.
    let has_staff = StaffKind::PRODUCTION
        .iter()
        .any(|k| staff.get([site, k.index()]).is_some_and(Option::is_some));
    if !has_staff && !m.sites.is_empty() {
        c.err(&f, format!("site \"{}\" has no permanent, insertion or temporary staff, expected staff to run the line", l.site));
    }
    Line {
        named: named(&l.id, &l.name),
        site: SiteId(site),
        shifts: line_shifts,
        running_cost_eur_per_h: c.range(
            format!("{f}.running_cost_eur_per_h"),
            l.running_cost_eur_per_h,
            0.0,
            Some(limits::EUR_PER_H),
        ),
        min_qualified_share: c.range(
            format!("{f}.min_qualified_share"),
            l.min_qualified_share,
            0.0,
            Some(1.0),
        ),
        availability: c.range(format!("{f}.availability"), l.availability, 0.0, Some(1.0)),
        processes,
    }
}

/// `[[line.process]]` of line `f`: a known stream, once per line; yields of known fractions
/// summing to one. Pushed onto `processes` when its stream is known.
fn process(
    c: &mut Collector,
    ids: &Ids,
    nf: usize,
    f: &str,
    p: &ProcessRaw,
    processes: &mut Vec<Process>,
) {
    let pf = format!("{f}.process \"{}\"", p.stream);
    let stream = lookup(c, format!("{pf}.stream"), &ids.stream, "stream", &p.stream);
    let mut yields = vec![0.0; nf];
    for (fid, &y) in &p.yields {
        let yf = format!("{pf}.yields.{fid}");
        if let Some(x) = lookup(c, &yf, &ids.fraction, "fraction", fid) {
            yields[x] = c.range(&yf, y, 0.0, Some(1.0));
        }
    }
    let total: f64 = p.yields.values().sum();
    if (total - 1.0).abs() > YIELD_TOL {
        c.err(
            format!("{pf}.yields"),
            format!("yields sum to {total:.6}, expected 1 (every tonne goes to some fraction)"),
        );
    }
    if let Some(s) = stream {
        if processes.iter().any(|q| q.stream.0 == s) {
            c.err(
                &pf,
                "stream listed twice on this line, expected one process per stream",
            );
        }
        processes.push(Process {
            stream: StreamId(s),
            rate_t_per_h: c.range(
                format!("{pf}.rate_t_per_h"),
                p.rate_t_per_h,
                limits::MIN_RATE_T_PER_H,
                Some(limits::RATE_T_PER_H),
            ),
            crew_persons: c.range(
                format!("{pf}.crew_persons"),
                p.crew_persons,
                0.0,
                Some(1000.0),
            ),
            yields,
        });
    }
}

/// Every stream has a line that processes it.
pub(super) fn unprocessed_streams(c: &mut Collector, m: &ModelFile, lines: &[Line]) {
    for (i, s) in m.streams.iter().enumerate() {
        if !lines.iter().any(|l| l.process(StreamId(i)).is_some()) {
            c.err(
                format!("stream \"{}\"", s.id),
                "no line processes this stream, expected a [[line.process]] for it",
            );
        }
    }
}

/// Lots: the (fraction, category) pairs some process yields, sorted.
pub(super) fn lots(lines: &[Line], streams: &[Stream]) -> Vec<(FractionId, CategoryId)> {
    let mut lots: Vec<(FractionId, CategoryId)> = Vec::new();
    for l in lines {
        for p in &l.processes {
            let cat = streams
                .get(p.stream.0)
                .map(|s| s.category)
                .unwrap_or(CategoryId(0));
            for (x, &y) in p.yields.iter().enumerate() {
                if y > 0.0 && !lots.contains(&(FractionId(x), cat)) {
                    lots.push((FractionId(x), cat));
                }
            }
        }
    }
    lots.sort();
    lots
}

/// `[[outlet]]`: treatment and shares, prices of known fractions, transport from known
/// sites, contract bounds in order.
pub(super) fn outlets(c: &mut Collector, m: &ModelFile, ids: &Ids) -> Vec<Outlet> {
    let mut outlets = Vec::with_capacity(m.outlets.len());
    for o in &m.outlets {
        outlets.push(outlet(c, m, ids, o));
    }
    outlets
}

fn outlet(c: &mut Collector, m: &ModelFile, ids: &Ids, o: &OutletRaw) -> Outlet {
    let f = format!("outlet \"{}\"", o.id);
    let treatment = Treatment::parse(&o.treatment).unwrap_or_else(|| {
        c.err(
            format!("{f}.treatment"),
            format!(
                "unknown treatment \"{}\", expected reuse, recycling, energy_recovery or disposal",
                o.treatment
            ),
        );
        Treatment::Disposal
    });
    let (rcy, rec) = treatment.default_shares();
    let recycled_share = c.range(
        format!("{f}.recycled_share"),
        o.recycled_share.unwrap_or(rcy),
        0.0,
        Some(1.0),
    );
    let recovered_share = c.range(
        format!("{f}.recovered_share"),
        o.recovered_share.unwrap_or(rec),
        0.0,
        Some(1.0),
    );
    if recycled_share > recovered_share + 1e-12 {
        c.err(&f, format!("recycled_share {recycled_share} exceeds recovered_share {recovered_share}, expected recycled to be part of recovered"));
    }
    let mut accepts = vec![false; m.fractions.len()];
    if o.prices_eur_per_t.is_empty() {
        c.err(
            format!("{f}.prices_eur_per_t"),
            "empty, expected the fractions it takes with their price per tonne",
        );
    }
    for (fid, &p) in &o.prices_eur_per_t {
        let pf = format!("{f}.prices_eur_per_t.{fid}");
        if let Some(x) = lookup(c, &pf, &ids.fraction, "fraction", fid) {
            c.range(&pf, p, -limits::EUR_PER_T, Some(limits::EUR_PER_T));
            accepts[x] = true;
        }
    }
    let mut transport = vec![None; m.sites.len()];
    if o.transport_eur_per_t.is_empty() {
        c.err(
            format!("{f}.transport_eur_per_t"),
            "empty, expected the sites that ship to it with the cost per tonne",
        );
    }
    for (sid, &t) in &o.transport_eur_per_t {
        let tf = format!("{f}.transport_eur_per_t.{sid}");
        if let Some(s) = lookup(c, &tf, &ids.site, "site", sid) {
            transport[s] = Some(c.range(&tf, t, 0.0, Some(limits::EUR_PER_T)));
        }
    }
    let t = Some(limits::TONNES);
    let min_t = c.range(format!("{f}.min_t"), o.min_t, 0.0, t);
    let max_t = o
        .max_t
        .map(|v| c.range(format!("{f}.max_t"), v, min_t.max(0.0), t));
    let truck = o
        .truck_capacity_t
        .map(|v| c.range(format!("{f}.truck_capacity_t"), v, 1e-3, t));
    Outlet {
        named: named(&o.id, &o.name),
        treatment,
        recycled_share,
        recovered_share,
        accepts,
        transport_eur_per_t: transport,
        min_t,
        max_t,
        max_t_per_week: o
            .max_t_per_week
            .map(|v| c.range(format!("{f}.max_t_per_week"), v, 0.0, t)),
        truck_capacity_t: truck,
        cost_eur_per_trip: c.range(
            format!("{f}.cost_eur_per_trip"),
            o.cost_eur_per_trip,
            0.0,
            Some(limits::EUR),
        ),
    }
}

/// Every fraction a site produces has an outlet reachable from that site.
pub(super) fn reachable_outlets(
    c: &mut Collector,
    m: &ModelFile,
    sets: &IndexSets,
    lines: &[Line],
    outlets: &[Outlet],
) {
    for (s, site) in m.sites.iter().enumerate() {
        for x in 0..m.fractions.len() {
            let produced = sets
                .lines_at(SiteId(s))
                .iter()
                .flat_map(|l| &lines[l.0].processes)
                .any(|p| p.yields[x] > 0.0);
            let outlet = outlets
                .iter()
                .any(|o| o.accepts[x] && o.transport_eur_per_t[s].is_some());
            if produced && !outlet {
                c.err(
                    format!("fraction \"{}\"", m.fractions[x].id),
                    format!("produced at site \"{}\" but no outlet takes it from there, expected an [[outlet]] with this fraction in prices_eur_per_t and this site in transport_eur_per_t", site.id),
                );
            }
        }
    }
}

/// `[[stock]]`: opening and closing bounds of an intake stream (`[site, stream]`) or an
/// output lot (`[site, lot]`), one entry each.
pub(super) fn stocks(
    c: &mut Collector,
    m: &ModelFile,
    ids: &Ids,
    lots: &[(FractionId, CategoryId)],
) -> (Array2<StockBounds>, Array2<StockBounds>) {
    let ns = m.sites.len();
    let mut intake_stock = Array2::from_elem((ns, m.streams.len()), StockBounds::default());
    let mut output_stock = Array2::from_elem((ns, lots.len()), StockBounds::default());
    // The first [[stock]] of each (site, stream) or (site, lot): a second one is refused,
    // identical or not, rather than one silently replacing the other.
    let mut first_stock: HashMap<(usize, bool, usize), usize> = HashMap::new();
    for (i, st) in m.stocks.iter().enumerate() {
        let f = format!("stock[{}]", i + 1);
        let site = lookup(c, format!("{f}.site"), &ids.site, "site", &st.site);
        let opening = c.range(
            format!("{f}.opening_t"),
            st.opening_t,
            0.0,
            Some(limits::TONNES),
        );
        let cmax = c.range(
            format!("{f}.closing_max_t"),
            st.closing_max_t.unwrap_or(opening),
            0.0,
            Some(limits::TONNES),
        );
        let least = match m.plant.closing_stock {
            ClosingStock::Opening if st.closing_min_t <= 0.0 => opening.min(cmax),
            _ => st.closing_min_t,
        };
        let cmin = c.range(
            format!("{f}.closing_min_t"),
            least,
            0.0,
            Some(cmax.max(0.0)),
        );
        let bounds = StockBounds {
            opening_t: opening,
            closing_min_t: cmin,
            closing_max_t: cmax,
        };
        match (&st.stream, &st.fraction, &st.category) {
            (Some(sid), None, None) => {
                if let (Some(s), Some(k)) = (site, lookup(c, format!("{f}.stream"), &ids.stream, "stream", sid)) {
                    if let Some(j) = first_of(&mut first_stock, (s, true, k), i + 1) {
                        c.err(&f, format!("second [[stock]] for stream \"{sid}\" at site \"{}\" (the first is stock[{j}]), expected one entry each", st.site));
                    }
                    intake_stock[[s, k]] = bounds;
                }
            }
            (None, Some(fid), Some(cid)) => {
                let x = lookup(c, format!("{f}.fraction"), &ids.fraction, "fraction", fid);
                let k = lookup(c, format!("{f}.category"), &ids.category, "category", cid);
                if let (Some(s), Some(x), Some(k)) = (site, x, k) {
                    match lots.iter().position(|&l| l == (FractionId(x), CategoryId(k))) {
                        Some(lot) => {
                            if let Some(j) = first_of(&mut first_stock, (s, false, lot), i + 1) {
                                c.err(&f, format!("second [[stock]] for fraction \"{fid}\" of category \"{cid}\" at site \"{}\" (the first is stock[{j}]), expected one entry each", st.site));
                            }
                            output_stock[[s, lot]] = bounds
                        }
                        None => c.err(&f, format!("no process yields fraction \"{fid}\" from category \"{cid}\", expected a lot some line produces")),
                    }
                }
            }
            _ => c.err(&f, "expected either `stream` (intake stock) or `fraction` and `category` (output stock)"),
        }
    }
    (intake_stock, output_stock)
}

/// The entry already recorded for a key, or None after recording this one.
fn first_of<K: std::hash::Hash + Eq>(
    seen: &mut HashMap<K, usize>,
    key: K,
    at: usize,
) -> Option<usize> {
    match seen.get(&key) {
        Some(&j) => Some(j),
        None => {
            seen.insert(key, at);
            None
        }
    }
}
