//! Validate: raw records in, typed [`Instance`] out, or every problem found, each with file,
//! field or line, and what was expected. The model is checked entry kind by entry kind
//! (`plant.rs`: ids, sites, areas, categories, streams, fractions, shifts, staff, social rules,
//! targets; `lines.rs`: lines and processes, lots, outlets, stocks; `people.rs`: the staff
//! fields by kind and the law, cohorts and agreed posts); the weekly series here.

use crate::error::{InputError, Problem};
use crate::input::{ModelFile, RawInstance};
use crate::plant::*;
use ndarray::{Array2, Array3};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub mod actuals;
mod lines;
mod partners;
mod people;
mod plant;

use plant::build_plant;

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

/// Collects problems for one file (or one row of a table: its fields are then the row's
/// columns).
struct Collector {
    file: PathBuf,
    line: Option<usize>,
    problems: Vec<Problem>,
}

impl Collector {
    fn new(file: &Path) -> Self {
        Collector {
            file: file.to_path_buf(),
            line: None,
            problems: Vec::new(),
        }
    }
    /// A collector for the row at `line` of the table `file`.
    fn at_row(file: &Path, line: usize) -> Self {
        Collector {
            line: Some(line),
            ..Collector::new(file)
        }
    }
    fn err(&mut self, field: impl Into<String>, msg: impl Into<String>) {
        let p = match self.line {
            Some(line) => Problem::row(&self.file, line, &field.into(), msg.into()),
            None => Problem::field(&self.file, field, msg.into()),
        };
        self.problems.push(p);
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
    let first_monday = first_monday(&mut ci, raw.instance.first_monday.as_deref());
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
    let inst = Instance {
        name: raw.instance.name.clone(),
        plant,
        weeks,
        supply_t: supply,
        price_eur_per_t: price,
        availability,
        first_monday,
        actuals: None,
    };
    // The model's size, bounded before anything is built (README, "Numbers and their ranges").
    if let Some(msg) = crate::formulation::size::too_large(&inst) {
        return Err(InputError {
            problems: vec![Problem::file(&raw.model_path, msg)],
        });
    }
    let mut inst = inst;
    let mut found = partners::table_openings(&mut inst, raw.openings.as_ref());
    if found.is_empty() {
        found = partners::without_openings(&inst, &raw.model_path, raw.openings.as_ref());
    }
    if !found.is_empty() {
        return Err(InputError { problems: found });
    }
    if let Some(raw_actuals) = &raw.actuals {
        let a = actuals::actuals(&inst, raw_actuals)?;
        actuals::apply(&mut inst, a);
    }
    Ok(inst)
}

/// The instance's `first_monday`: a date written `YYYY-MM-DD` that is a Monday.
fn first_monday(c: &mut Collector, text: Option<&str>) -> Option<crate::dates::Date> {
    let text = text?;
    match crate::dates::Date::parse(text.trim()) {
        Ok(d) => match crate::dates::not_a_monday(d) {
            None => Some(d),
            Some(msg) => {
                c.err("first_monday", msg);
                None
            }
        },
        Err(e) => {
            c.err(
                "first_monday",
                e.expected("the Monday that week 1 starts on"),
            );
            None
        }
    }
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
