//! Validate: raw records in, typed [`Instance`] out, or every problem found, each with file,
//! field or line, and what was expected.

use crate::error::{InputError, Problem};
use crate::input::{ModelFile, RawInstance};
use crate::plant::*;
use ndarray::{Array2, Array3};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Tolerance on yields summing to one.
const YIELD_TOL: f64 = 1e-6;

/// Ranges of numbers (by quantity kind) that HiGHS handles well; the README's table
/// "Numbers and their ranges" explains each. Values outside are refused in validation, so
/// that a typo such as `1e23` t never reaches the solver (where it ends as a bare "HiGHS
/// failed").
pub mod limits {
    /// Tonnes (tonnage, capacities, stocks, contract bounds, truck capacity): 0 to 1e7.
    pub const TONNES: f64 = 1e7;
    /// EUR per tonne (prices, transport, external cost, holding), in absolute value.
    pub const EUR_PER_T: f64 = 1e6;
    /// EUR per hour (staff cost, running cost of a line).
    pub const EUR_PER_H: f64 = 1e4;
    /// Fixed amounts in EUR (state aid per post and year, cost of a truck trip, an investment
    /// option's capital, grants, residual value and fixed yearly cost).
    pub const EUR: f64 = 1e9;
    /// Throughput of a process, tonnes per line-hour, at most.
    pub const RATE_T_PER_H: f64 = 1e4;
    /// Throughput of a process, tonnes per line-hour, at least.
    pub const MIN_RATE_T_PER_H: f64 = 1e-6;
    /// Persons (headcounts, funded posts).
    pub const PERSONS: f64 = 1e5;
    /// A trend's compound yearly rate: from -0.9 (-90 % a year) to 1 (doubling every year).
    pub const TREND_RATE: (f64, f64) = (-0.9, 1.0);
    /// A trend's factor over the whole study, `(1 + rate)^(years - 1)`, from 1e-6 to 1e6.
    pub const TREND_FACTOR: (f64, f64) = (1e-6, 1e6);
}

/// Collects problems for one file.
struct Collector {
    file: PathBuf,
    problems: Vec<Problem>,
}

impl Collector {
    fn new(file: &Path) -> Self {
        Collector {
            file: file.to_path_buf(),
            problems: Vec::new(),
        }
    }
    fn err(&mut self, field: impl Into<String>, msg: impl Into<String>) {
        self.problems
            .push(Problem::field(&self.file, field, msg.into()));
    }
    fn row(&mut self, line: usize, field: &str, msg: impl Into<String>) {
        self.problems
            .push(Problem::row(&self.file, line, field, msg.into()));
    }
    /// A finite number at least `lo` (and at most `hi` when given).
    fn range(&mut self, field: impl Into<String>, v: f64, lo: f64, hi: Option<f64>) -> f64 {
        let ok = v.is_finite() && v >= lo && hi.is_none_or(|h| v <= h);
        if !ok {
            let expected = match hi {
                Some(h) => format!("a number from {} to {}", num(lo), num(h)),
                None => format!("a finite number of at least {}", num(lo)),
            };
            self.err(field, format!("got {}, expected {expected}", num(v)));
        }
        v
    }
}

/// A number as a message shows it: huge and tiny ones in scientific notation (`1e308`, not
/// 309 digits).
pub(crate) fn num(v: f64) -> String {
    if v != 0.0 && v.is_finite() && !(1e-4..1e9).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Maps ids to indices, reporting duplicates and empty ids.
fn index(
    c: &mut Collector,
    what: &str,
    ids: impl Iterator<Item = String>,
) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            c.err(format!("{what}[{}].id", i + 1), "empty id, expected a name");
        } else if map.insert(id.clone(), i).is_some() {
            c.err(
                format!("{what}[{}].id", i + 1),
                format!("duplicate {what} id \"{id}\", expected each id once"),
            );
        }
    }
    map
}

fn lookup(
    c: &mut Collector,
    field: impl Into<String>,
    map: &HashMap<String, usize>,
    what: &str,
    id: &str,
) -> Option<usize> {
    let r = map.get(id).copied();
    if r.is_none() {
        let mut known: Vec<&str> = map.keys().map(String::as_str).collect();
        known.sort_unstable();
        c.err(
            field,
            format!(
                "unknown {what} \"{id}\", expected one of: {}",
                known.join(", ")
            ),
        );
    }
    r
}

fn named(id: &str, name: &str) -> Named {
    Named {
        id: id.to_string(),
        name: if name.is_empty() {
            id.to_string()
        } else {
            name.to_string()
        },
    }
}

/// Validates a plant model on its own.
pub fn validate_model(path: &Path, m: &ModelFile) -> Result<Plant, InputError> {
    let mut c = Collector::new(path);
    let plant = build_plant(&mut c, m);
    if c.problems.is_empty() {
        Ok(plant)
    } else {
        Err(InputError {
            problems: c.problems,
        })
    }
}

fn build_plant(c: &mut Collector, m: &ModelFile) -> Plant {
    let site_ix = index(c, "site", m.sites.iter().map(|s| s.id.clone()));
    let _area_ix = index(c, "area", m.areas.iter().map(|s| s.id.clone()));
    let cat_ix = index(c, "category", m.categories.iter().map(|s| s.id.clone()));
    let stream_ix = index(c, "stream", m.streams.iter().map(|s| s.id.clone()));
    let frac_ix = index(c, "fraction", m.fractions.iter().map(|s| s.id.clone()));
    let shift_ix = index(c, "shift", m.shifts.iter().map(|s| s.id.clone()));
    let _line_ix = index(c, "line", m.lines.iter().map(|s| s.id.clone()));
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
    let (ns, nf) = (m.sites.len(), m.fractions.len());

    let sites: Vec<Site> = m
        .sites
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
        .collect();

    let mut area_transport = Array2::from_elem((m.areas.len(), ns), None);
    for (a, area) in m.areas.iter().enumerate() {
        if area.transport_eur_per_t.is_empty() {
            c.err(
                format!("area \"{}\".transport_eur_per_t", area.id),
                "no site listed, expected at least one site id with its cost per tonne",
            );
        }
        for (sid, &cost) in &area.transport_eur_per_t {
            let f = format!("area \"{}\".transport_eur_per_t.{sid}", area.id);
            if let Some(s) = lookup(c, &f, &site_ix, "site", sid) {
                area_transport[[a, s]] = Some(c.range(&f, cost, 0.0, Some(limits::EUR_PER_T)));
            }
        }
    }

    let categories: Vec<Category> = m
        .categories
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
        .collect();

    for s in &m.streams {
        if s.external_recycled_share > s.external_recovered_share {
            c.err(
                format!("stream \"{}\".external_recycled_share", s.id),
                "exceeds external_recovered_share, expected recycled to be part of recovered",
            );
        }
    }
    let streams: Vec<Stream> = m
        .streams
        .iter()
        .map(|s| {
            let f = format!("stream \"{}\"", s.id);
            Stream {
                named: named(&s.id, &s.name),
                category: CategoryId(
                    lookup(c, format!("{f}.category"), &cat_ix, "category", &s.category)
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
        .collect();

    let fractions: Vec<Fraction> = m
        .fractions
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
        .collect();

    let shifts: Vec<Shift> = m
        .shifts
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
        .collect();

    let mut staff = Array2::from_elem((ns, StaffKind::ALL.len()), None);
    for (i, g) in m.staff.iter().enumerate() {
        let f = format!("staff[{}] ({} at {})", i + 1, g.kind, g.site);
        let site = lookup(c, format!("{f}.site"), &site_ix, "site", &g.site);
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
            Some(wmax.max(0.0)),
        );
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

    let mut lines = Vec::with_capacity(m.lines.len());
    for l in &m.lines {
        let f = format!("line \"{}\"", l.id);
        let site = lookup(c, format!("{f}.site"), &site_ix, "site", &l.site).unwrap_or(0);
        let mut line_shifts = vec![false; m.shifts.len()];
        if l.shifts.is_empty() {
            c.err(
                format!("{f}.shifts"),
                "empty, expected at least one shift id",
            );
        }
        for s in &l.shifts {
            if let Some(s) = lookup(c, format!("{f}.shifts"), &shift_ix, "shift", s) {
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
            let pf = format!("{f}.process \"{}\"", p.stream);
            let stream = lookup(c, format!("{pf}.stream"), &stream_ix, "stream", &p.stream);
            let mut yields = vec![0.0; nf];
            for (fid, &y) in &p.yields {
                let yf = format!("{pf}.yields.{fid}");
                if let Some(x) = lookup(c, &yf, &frac_ix, "fraction", fid) {
                    yields[x] = c.range(&yf, y, 0.0, Some(1.0));
                }
            }
            let total: f64 = p.yields.values().sum();
            if (total - 1.0).abs() > YIELD_TOL {
                c.err(
                    format!("{pf}.yields"),
                    format!(
                        "yields sum to {total:.6}, expected 1 (every tonne goes to some fraction)"
                    ),
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
        // `get`: a model without sites still gets its other problems reported.
        let has_staff = StaffKind::PRODUCTION
            .iter()
            .any(|k| staff.get([site, k.index()]).is_some_and(Option::is_some));
        if !has_staff && !m.sites.is_empty() {
            c.err(&f, format!("site \"{}\" has no permanent, insertion or temporary staff, expected staff to run the line", l.site));
        }
        lines.push(Line {
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
        });
    }

    for (i, s) in m.streams.iter().enumerate() {
        if !lines.iter().any(|l| l.process(StreamId(i)).is_some()) {
            c.err(
                format!("stream \"{}\"", s.id),
                "no line processes this stream, expected a [[line.process]] for it",
            );
        }
    }

    // Lots: (fraction, category) pairs some process yields.
    let mut lots: Vec<(FractionId, CategoryId)> = Vec::new();
    for l in &lines {
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

    let mut outlets = Vec::with_capacity(m.outlets.len());
    for o in &m.outlets {
        let f = format!("outlet \"{}\"", o.id);
        let treatment = Treatment::parse(&o.treatment).unwrap_or_else(|| {
            c.err(format!("{f}.treatment"), format!("unknown treatment \"{}\", expected reuse, recycling, energy_recovery or disposal", o.treatment));
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
        let mut accepts = vec![false; nf];
        if o.prices_eur_per_t.is_empty() {
            c.err(
                format!("{f}.prices_eur_per_t"),
                "empty, expected the fractions it takes with their price per tonne",
            );
        }
        for (fid, &p) in &o.prices_eur_per_t {
            let pf = format!("{f}.prices_eur_per_t.{fid}");
            if let Some(x) = lookup(c, &pf, &frac_ix, "fraction", fid) {
                c.range(&pf, p, -limits::EUR_PER_T, Some(limits::EUR_PER_T));
                accepts[x] = true;
            }
        }
        let mut transport = vec![None; ns];
        if o.transport_eur_per_t.is_empty() {
            c.err(
                format!("{f}.transport_eur_per_t"),
                "empty, expected the sites that ship to it with the cost per tonne",
            );
        }
        for (sid, &t) in &o.transport_eur_per_t {
            let tf = format!("{f}.transport_eur_per_t.{sid}");
            if let Some(s) = lookup(c, &tf, &site_ix, "site", sid) {
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
        outlets.push(Outlet {
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
        });
    }

    // Every fraction a site produces must have an outlet reachable from that site.
    for (s, site) in m.sites.iter().enumerate() {
        for x in 0..nf {
            let produced = lines
                .iter()
                .filter(|l| l.site.0 == s)
                .flat_map(|l| &l.processes)
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

    let s = &m.social;
    let social = Social {
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
        funded_posts: s
            .funded_posts
            .map(|v| c.range("social.funded_posts", v, 0.0, Some(limits::PERSONS))),
        aid_eur_per_post_year: c.range(
            "social.aid_eur_per_post_year",
            s.aid_eur_per_post_year,
            0.0,
            Some(limits::EUR),
        ),
        full_time_h_per_year: c.range(
            "social.full_time_h_per_year",
            s.full_time_h_per_year,
            1.0,
            Some(8760.0),
        ),
    };
    for (i, site) in m.sites.iter().enumerate() {
        let has_lines = lines.iter().any(|l| l.site.0 == i);
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
            let aid = social.aid_eur_per_post_year / social.full_time_h_per_year;
            if aid >= g.cost_eur_per_h && aid > 0.0 {
                c.err(
                    "social.aid_eur_per_post_year",
                    format!("state aid of {aid:.2} EUR per paid hour is at least the insertion hourly cost at site \"{}\" ({} EUR/h), expected aid below cost (else paying idle hours would be profitable)", site.id, g.cost_eur_per_h),
                );
            }
        }
    }
    for l in &lines {
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
        if staff[[i, StaffKind::Insertion.index()]].is_some()
            && staff[[i, StaffKind::Supervisor.index()]].is_none()
        {
            c.err(
                format!("site \"{}\"", site.id),
                "has insertion workers but no supervisor staff group, expected a [[staff]] of kind supervisor",
            );
        }
    }

    let mut intake_stock = Array2::from_elem((ns, m.streams.len()), StockBounds::default());
    let mut output_stock = Array2::from_elem((ns, lots.len()), StockBounds::default());
    // The first [[stock]] of each (site, stream) or (site, lot): a second one is refused,
    // identical or not, rather than one silently replacing the other.
    let mut first_stock: HashMap<(usize, bool, usize), usize> = HashMap::new();
    for (i, st) in m.stocks.iter().enumerate() {
        let f = format!("stock[{}]", i + 1);
        let site = lookup(c, format!("{f}.site"), &site_ix, "site", &st.site);
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
        let cmin = c.range(
            format!("{f}.closing_min_t"),
            st.closing_min_t,
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
                if let (Some(s), Some(k)) = (site, lookup(c, format!("{f}.stream"), &stream_ix, "stream", sid)) {
                    if let Some(j) = first_of(&mut first_stock, (s, true, k), i + 1) {
                        c.err(&f, format!("second [[stock]] for stream \"{sid}\" at site \"{}\" (the first is stock[{j}]), expected one entry each", st.site));
                    }
                    intake_stock[[s, k]] = bounds;
                }
            }
            (None, Some(fid), Some(cid)) => {
                let x = lookup(c, format!("{f}.fraction"), &frac_ix, "fraction", fid);
                let k = lookup(c, format!("{f}.category"), &cat_ix, "category", cid);
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

    let mut plant = Plant {
        name: m.plant.name.clone(),
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
        recovery_target: m
            .targets
            .recovery
            .map(|v| c.range("targets.recovery", v, 0.0, Some(1.0))),
        recycling_target: m
            .targets
            .recycling
            .map(|v| c.range("targets.recycling", v, 0.0, Some(1.0))),
        intake_stock,
        output_stock,
        sets: IndexSets::default(),
    };
    plant.index();
    plant
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

/// Validates a whole instance: its model and its weekly series. Reports every problem.
pub fn validate(raw: &RawInstance) -> Result<Instance, InputError> {
    let mut problems = Vec::new();
    let plant = match validate_model(&raw.model_path, &raw.model) {
        Ok(p) => Some(p),
        Err(e) => {
            problems.extend(e.problems);
            None
        }
    };
    let mut ci = Collector::new(&raw.instance_path);
    let weeks = raw.instance.weeks;
    if weeks == 0 || weeks > crate::input::MAX_WEEKS {
        ci.err(
            "weeks",
            format!(
                "got {weeks}, expected 1 to {} weeks",
                crate::input::MAX_WEEKS
            ),
        );
    }
    problems.append(&mut ci.problems);
    // Problems of the series' structure, then their values: checked even when the model is
    // broken, so that one run shows every problem it can.
    problems.extend(raw.series_problems.iter().cloned());
    problems.extend(check_series(raw));
    let Some(plant) = plant.filter(|_| problems.is_empty()) else {
        return Err(InputError { problems });
    };
    let m = &raw.model;
    let (na, ns, nw) = (plant.areas.len(), plant.streams.len(), weeks);

    // The raw grid may be smaller than the model when an option's patch added areas.
    let t = &raw.tonnage;
    let mut supply = Array3::<f64>::zeros((na, ns, nw));
    fill3(&mut supply, &t.values);
    let mut c = Collector::new(&t.path);
    for ((a, k, w), &line) in t.lines.indexed_iter() {
        let nowhere = || {
            plant
                .area_transport_eur_per_t
                .row(a)
                .iter()
                .all(Option::is_none)
        };
        if line > 0 && t.values[[a, k, w]] > 0.0 && nowhere() {
            c.row(
                line as usize,
                "area",
                format!("area \"{}\" delivers to no site", m.areas[a].id),
            );
        }
    }
    problems.append(&mut c.problems);

    let mut price = Array3::<f64>::zeros((plant.outlets.len(), plant.fractions.len(), nw));
    for (o, out) in m.outlets.iter().enumerate() {
        for (fid, &p) in &out.prices_eur_per_t {
            if let Some(x) = m.fractions.iter().position(|f| &f.id == fid) {
                price.slice_mut(ndarray::s![o, x, ..]).fill(p);
            }
        }
    }
    if let Some(p) = &raw.prices {
        let mut c = Collector::new(&p.path);
        for ((o, x, w), &line) in p.lines.indexed_iter() {
            if line == 0 || o >= plant.outlets.len() || x >= plant.fractions.len() || w >= nw {
                continue;
            }
            if !plant.outlets[o].accepts[x] {
                c.row(line as usize, "fraction", format!("outlet \"{}\" does not take \"{}\" in the model, expected a fraction listed in its prices_eur_per_t", m.outlets[o].id, m.fractions[x].id));
            }
            price[[o, x, w]] = p.values[[o, x, w]];
        }
        problems.append(&mut c.problems);
    }

    let mut availability = Array2::<f64>::ones((plant.sites.len(), nw));
    if let Some(cal) = &raw.calendar {
        for ((s, w), &line) in cal.lines.indexed_iter() {
            if line > 0 && s < plant.sites.len() && w < nw {
                availability[[s, w]] = cal.values[[s, w]];
            }
        }
    }

    if !problems.is_empty() {
        return Err(InputError { problems });
    }
    Ok(Instance {
        name: raw.instance.name.clone(),
        plant,
        weeks,
        supply_t: supply,
        price_eur_per_t: price,
        availability,
    })
}

/// Copies a grid into the top-left corner of a larger one.
fn fill3(to: &mut Array3<f64>, from: &Array3<f64>) {
    let (a, b, c) = from.dim();
    let (x, y, z) = to.dim();
    let (a, b, c) = (a.min(x), b.min(y), c.min(z));
    to.slice_mut(ndarray::s![..a, ..b, ..c])
        .assign(&from.slice(ndarray::s![..a, ..b, ..c]));
}

/// Checks the values of the series grids (and that every week has tonnage rows), naming the
/// line of each faulty value. Needs only the raw model's ids, so it runs when the model is
/// broken too.
fn check_series(raw: &RawInstance) -> Vec<Problem> {
    let mut problems = Vec::new();
    let t = &raw.tonnage;
    let mut c = Collector::new(&t.path);
    let weeks = t.values.dim().2;
    let mut week_seen = vec![false; weeks];
    for ((_, _, w), &line) in t.lines.indexed_iter() {
        week_seen[w] |= line > 0;
    }
    for (&v, &line) in t.values.iter().zip(&t.lines) {
        if line > 0 && !(v.is_finite() && (0.0..=limits::TONNES).contains(&v)) {
            c.row(
                line as usize,
                "tonnes",
                format!(
                    "got {}, expected a tonnage of at least 0 and at most {}",
                    num(v),
                    num(limits::TONNES)
                ),
            );
        }
    }
    let missing: Vec<String> = (0..weeks)
        .filter(|&w| !week_seen[w])
        .map(|w| (w + 1).to_string())
        .collect();
    if !missing.is_empty() && !t.lines.is_empty() {
        c.problems.push(Problem::field(
            &t.path,
            "week",
            format!(
                "no rows for week(s) {}, expected every week from 1 to {weeks} (write 0 tonnes for an empty week)",
                missing.join(", ")
            ),
        ));
    }
    problems.append(&mut c.problems);
    if let Some(p) = &raw.prices {
        let mut c = Collector::new(&p.path);
        for (&v, &line) in p.values.iter().zip(&p.lines) {
            if line > 0 && !(v.is_finite() && v.abs() <= limits::EUR_PER_T) {
                c.row(
                    line as usize,
                    "price_eur_per_t",
                    format!(
                        "got {}, expected a price from {} to {} EUR per tonne",
                        num(v),
                        num(-limits::EUR_PER_T),
                        num(limits::EUR_PER_T)
                    ),
                );
            }
        }
        problems.append(&mut c.problems);
    }
    if let Some(cal) = &raw.calendar {
        let mut c = Collector::new(&cal.path);
        for (&v, &line) in cal.values.iter().zip(&cal.lines) {
            if line > 0 && !(v.is_finite() && (0.0..=1.0).contains(&v)) {
                c.row(
                    line as usize,
                    "availability",
                    format!("got {v}, expected a share of normal hours from 0 to 1"),
                );
            }
        }
        problems.append(&mut c.problems);
    }
    problems
}
