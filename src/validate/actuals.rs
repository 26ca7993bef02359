//! The actuals table checked against a validated instance (README "Actuals"): every problem
//! of the file in one pass, each naming the file, the line, the column and what was expected.
//! A clean table becomes typed [`Actuals`]; [`apply`] attaches them to the instance.

use super::num;
use crate::actuals::{Actuals, Quantity};
use crate::error::{InputError, Problem};
use crate::input::RawActuals;
use crate::plant::*;
use std::collections::HashMap;

/// Most tonnes, hours or persons one actuals row may give (README "Numbers and their ranges").
const MAX_VALUE: f64 = 1e7;

/// The ids of an instance's entities, by kind, as rows name them.
struct Ids<'a> {
    inst: &'a Instance,
    areas: HashMap<&'a str, usize>,
    streams: HashMap<&'a str, usize>,
    sites: HashMap<&'a str, usize>,
    outlets: HashMap<&'a str, usize>,
    lots: HashMap<String, usize>,
}

impl<'a> Ids<'a> {
    fn new(inst: &'a Instance) -> Self {
        let p = &inst.plant;
        let map = |it: Vec<&'a str>| it.into_iter().enumerate().map(|(i, s)| (s, i)).collect();
        Ids {
            inst,
            areas: map(p.areas.iter().map(|a| a.id.as_str()).collect()),
            streams: map(p.streams.iter().map(|x| x.named.id.as_str()).collect()),
            sites: map(p.sites.iter().map(|x| x.named.id.as_str()).collect()),
            outlets: map(p.outlets.iter().map(|x| x.named.id.as_str()).collect()),
            lots: (0..p.lots.len())
                .map(|q| (lot_name(p, LotId(q)), q))
                .collect(),
        }
    }
}

/// A lot as rows name it: `fraction/category`.
pub fn lot_name(p: &Plant, q: LotId) -> String {
    let (f, c) = p.lots[q.0];
    format!(
        "{}/{}",
        p.fractions[f.0].named.id, p.categories[c.0].named.id
    )
}

/// One problem of one row.
struct Rows<'a> {
    raw: &'a RawActuals,
    problems: Vec<Problem>,
}

impl Rows<'_> {
    fn err(&mut self, line: usize, field: &str, msg: impl Into<String>) {
        self.problems
            .push(Problem::row(&self.raw.source, line, field, msg.into()));
    }
}

fn known(ids: &[&str]) -> String {
    let mut v = ids.to_vec();
    v.sort_unstable();
    v.join(", ")
}

/// Looks up an id of a kind; a problem on the column when it is unknown.
fn find(
    r: &mut Rows,
    line: usize,
    field: &str,
    what: &str,
    map: &HashMap<&str, usize>,
    id: &str,
) -> Option<usize> {
    let got = map.get(id).copied();
    if got.is_none() {
        let ids: Vec<&str> = map.keys().copied().collect();
        r.err(
            line,
            field,
            format!("unknown {what} \"{id}\", expected one of: {}", known(&ids)),
        );
    }
    got
}

/// The cell must be empty for this quantity.
fn empty(r: &mut Rows, line: usize, field: &str, q: Quantity, cell: &str) -> bool {
    if cell.is_empty() {
        return true;
    }
    r.err(
        line,
        field,
        format!(
            "got \"{cell}\", expected an empty {field} for {} (see README, \"Actuals\")",
            q.name()
        ),
    );
    false
}

/// Where a row's value goes: the grid of its quantity and the cell's index without the week.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Cell {
    Three(usize, usize),
    Four(usize, usize, usize),
}

/// Checks the entities a row names for its quantity and returns its cell, or `None` after
/// reporting the problems.
fn cell(r: &mut Rows, ids: &Ids, line: usize, q: Quantity, c: &[String; 6]) -> Option<Cell> {
    let p = &ids.inst.plant;
    let (site, id, detail) = (c[2].as_str(), c[3].as_str(), c[4].as_str());
    if q == Quantity::Intake {
        let ok = empty(r, line, "site", q, site);
        let a = find(r, line, "id", "area", &ids.areas, id);
        let k = find(r, line, "detail", "stream", &ids.streams, detail);
        ok.then_some(())?;
        return a.zip(k).map(|(a, k)| Cell::Three(a, k));
    }
    let s = find(r, line, "site", "site", &ids.sites, site);
    let staff = |r: &mut Rows, payroll: bool| -> Option<usize> {
        let k = StaffKind::parse(id);
        let Some(k) = k else {
            r.err(
                line,
                "id",
                format!(
                    "unknown staff kind \"{id}\", expected one of: {}",
                    if payroll {
                        "insertion, permanent, supervisor"
                    } else {
                        "insertion, permanent, supervisor, temporary"
                    }
                ),
            );
            return None;
        };
        if payroll && k == StaffKind::Temporary {
            r.err(line, "id", format!("got temporary for {}, expected a payroll kind (permanent, insertion, supervisor): agency staff are bought as hours, give them as worked_h", q.name()));
            return None;
        }
        let s = s?;
        if p.staff(SiteId(s), k).is_none() {
            r.err(
                line,
                "id",
                format!(
                    "site \"{site}\" has no {} staff in the model, expected a staff kind it employs",
                    k.name()
                ),
            );
            return None;
        }
        Some(k.index())
    };
    match q {
        Quantity::Intake => unreachable!("handled above"),
        Quantity::Processed => {
            let k = find(r, line, "detail", "stream", &ids.streams, detail);
            let s = s?;
            let Some(l) = p
                .lines_at(SiteId(s))
                .iter()
                .find(|l| p.lines[l.0].named.id == id)
            else {
                let here: Vec<&str> = p
                    .lines_at(SiteId(s))
                    .iter()
                    .map(|l| p.lines[l.0].named.id.as_str())
                    .collect();
                r.err(
                    line,
                    "id",
                    format!(
                        "unknown line \"{id}\" at site \"{site}\", expected one of: {}",
                        known(&here)
                    ),
                );
                return None;
            };
            let k = k?;
            if p.lines[l.0].process(StreamId(k)).is_none() {
                r.err(
                    line,
                    "detail",
                    format!(
                        "line \"{id}\" at site \"{site}\" is not equipped for stream \"{detail}\", expected a stream it processes"
                    ),
                );
                return None;
            }
            Some(Cell::Three(l.0, k))
        }
        Quantity::External | Quantity::IntakeStock => {
            let ok = empty(r, line, "detail", q, detail);
            let k = find(r, line, "id", "stream", &ids.streams, id);
            ok.then_some(())?;
            Some(Cell::Three(s?, k?))
        }
        Quantity::OutputStock => {
            let ok = empty(r, line, "detail", q, detail);
            let lots: HashMap<&str, usize> =
                ids.lots.iter().map(|(n, &q)| (n.as_str(), q)).collect();
            let lot = find(r, line, "id", "lot (fraction/category)", &lots, id);
            ok.then_some(())?;
            Some(Cell::Three(s?, lot?))
        }
        Quantity::Shipped => {
            let o = find(r, line, "id", "outlet", &ids.outlets, id);
            let lots: HashMap<&str, usize> =
                ids.lots.iter().map(|(n, &q)| (n.as_str(), q)).collect();
            let lot = find(r, line, "detail", "lot (fraction/category)", &lots, detail);
            let (s, o, q) = (s?, o?, lot?);
            let out = &p.outlets[o];
            if !out.accepts[p.lots[q].0 .0] {
                r.err(
                    line,
                    "detail",
                    format!("outlet \"{id}\" does not take \"{detail}\", expected a lot of a fraction it takes"),
                );
                return None;
            }
            if out.transport_eur_per_t[s].is_none() {
                r.err(
                    line,
                    "id",
                    format!("outlet \"{id}\" is not connected to site \"{site}\", expected an outlet the site ships to"),
                );
                return None;
            }
            Some(Cell::Four(s, o, q))
        }
        Quantity::WorkedHours | Quantity::PaidHours => {
            let ok = empty(r, line, "detail", q, detail);
            let k = staff(r, false);
            ok.then_some(())?;
            Some(Cell::Three(s?, k?))
        }
        Quantity::AbsenceHours | Quantity::Persons | Quantity::Entries | Quantity::Exits => {
            let ok = empty(r, line, "detail", q, detail);
            let k = staff(r, true);
            ok.then_some(())?;
            Some(Cell::Three(s?, k?))
        }
    }
}

/// Whether hires/entries (or departures/exits) of group (s,k) may happen in 0-based week t:
/// the weeks in which the model has the decision.
fn changes_allowed(inst: &Instance, s: usize, k: StaffKind, t: usize, entries: bool) -> bool {
    let p = &inst.plant;
    let Some(g) = p.staff(SiteId(s), k) else {
        return false;
    };
    let m = p.pathway.change_every_weeks;
    if k == StaffKind::Insertion {
        return t.is_multiple_of(m);
    }
    t >= g.notice_weeks && t.is_multiple_of(m) && if entries { g.hires() } else { g.departures() }
}

/// Checks an actuals table against an instance (weeks 1-based, week 0 only for stock counts,
/// at most the horizon; known quantities and ids; lines equipped for their streams; outlets
/// that take the lot and reach the site; staff kinds the site employs; entries and exits only
/// in weeks the model allows them; finite, non-negative values; one row per key; flows given
/// from week 1 without a hole). Returns the typed actuals, or every problem found.
pub fn actuals(inst: &Instance, raw: &RawActuals) -> Result<Actuals, InputError> {
    let ids = Ids::new(inst);
    let mut r = Rows {
        raw,
        problems: raw.problems.clone(),
    };
    let mut a = Actuals::empty(inst);
    a.source = raw.source.clone();
    let mut seen: HashMap<(usize, Quantity, Cell), usize> = HashMap::new();
    // Per quantity: the weeks given and the first line giving each.
    let mut weeks: HashMap<Quantity, std::collections::BTreeMap<usize, usize>> = HashMap::new();
    for row in &raw.rows {
        let (line, c) = (row.line, &row.cells);
        let q = Quantity::parse(&c[1]);
        if q.is_none() {
            let names: Vec<&str> = Quantity::ALL.iter().map(|q| q.name()).collect();
            r.err(
                line,
                "quantity",
                format!(
                    "unknown quantity \"{}\", expected one of: {}",
                    c[1],
                    names.join(", ")
                ),
            );
        }
        let week = match inst.week_number(&c[0]) {
            Ok(w) => Some(w),
            Err(e) => {
                r.err(
                    line,
                    "week",
                    format!(
                        "{e} (weeks 1 to {}; 0: the opening stock of a stock count)",
                        inst.weeks
                    ),
                );
                None
            }
        };
        let value = match c[5].parse::<f64>() {
            Ok(v) if v.is_finite() && (0.0..=MAX_VALUE).contains(&v) => Some(v),
            Ok(v) => {
                r.err(
                    line,
                    "value",
                    format!(
                        "got {}, expected a finite number from 0 to {}",
                        num(v),
                        num(MAX_VALUE)
                    ),
                );
                None
            }
            Err(_) => {
                r.err(
                    line,
                    "value",
                    format!("got \"{}\", expected a number (write 0 for none)", c[5]),
                );
                None
            }
        };
        let Some(q) = q else { continue };
        let week = week.filter(|&w| {
            let lo = if q.is_count() { 0 } else { 1 };
            let ok = (lo..=inst.weeks).contains(&w);
            if !ok {
                r.err(
                    line,
                    "week",
                    if w == 0 {
                        format!("got week 0 for {}, expected a week from 1 to {} (week 0 is only for stock counts: the opening stock)", q.name(), inst.weeks)
                    } else {
                        {
                        let got = if c[0].bytes().all(|b| b.is_ascii_digit()) {
                            format!("week {w}")
                        } else {
                            format!("\"{}\" (week {w} from week 1's Monday)", c[0])
                        };
                        format!("got {got}, beyond the horizon of {} weeks, expected a week from {lo} to {}", inst.weeks, inst.weeks)
                    }
                    },
                );
            }
            ok
        });
        let cellid = cell(&mut r, &ids, line, q, c);
        let (Some(w), Some(v), Some(at)) = (week, value, cellid) else {
            continue;
        };
        if let Some(first) = seen.insert((w, q, at.clone()), line) {
            r.err(
                line,
                "id",
                format!(
                    "a second {} row for the same week, site and ids as line {first}, expected one row per week and key",
                    q.name()
                ),
            );
            continue;
        }
        weeks.entry(q).or_default().entry(w).or_insert(line);
        // Flows are indexed by the 0-based week, counts by the week number.
        let t = if q.is_count() { w } else { w - 1 };
        if matches!(q, Quantity::Entries | Quantity::Exits) && v > 0.0 {
            if let Cell::Three(s, k) = at {
                let kind = StaffKind::ALL[k];
                if !changes_allowed(inst, s, kind, t, q == Quantity::Entries) {
                    r.err(
                        line,
                        "week",
                        format!(
                            "got {} {} of {} staff in week {w}, but the model allows none that week (changes every {} weeks from week 1, after {} weeks' notice, where the group hires or lets go); expected 0 or another week",
                            num(v),
                            q.name(),
                            kind.name(),
                            inst.plant.pathway.change_every_weeks,
                            inst.plant.staff(SiteId(s), kind).map_or(0, |g| g.notice_weeks)
                        ),
                    );
                    continue;
                }
            }
        }
        if !people(&mut r, inst, line, q, &at, w, v) {
            continue;
        }
        store(&mut a, q, &at, t, v);
    }
    holes(&mut r, &weeks);
    for q in Quantity::ALL {
        if let Some(ws) = weeks.get(&q) {
            for &w in ws.keys() {
                let t = if q.is_count() { w } else { w - 1 };
                mark(&mut a, q, t);
            }
        }
    }
    contradictions(&mut r, inst, &a, &seen, &weeks);
    if r.problems.is_empty() {
        a.set_past();
        Ok(a)
    } else {
        Err(InputError {
            problems: r.problems,
        })
    }
}

/// Persons, entries and exits are whole people, and persons at most the group's headcount
/// maximum; reports a row that is not (and returns false).
fn people(
    r: &mut Rows,
    inst: &Instance,
    line: usize,
    q: Quantity,
    at: &Cell,
    w: usize,
    v: f64,
) -> bool {
    let (Quantity::Persons | Quantity::Entries | Quantity::Exits, Cell::Three(s, k)) = (q, at)
    else {
        return true;
    };
    let kind = StaffKind::ALL[*k];
    if v.fract() != 0.0 {
        r.err(
            line,
            "value",
            format!(
                "got {} {} of {} staff in week {w}, expected a whole number of persons (a part-time person counts as one)",
                num(v),
                q.name(),
                kind.name()
            ),
        );
        return false;
    }
    let group = inst.plant.staff(SiteId(*s), kind);
    if let (Quantity::Persons, Some(g)) = (q, group) {
        if v > g.headcount_max {
            r.err(
                line,
                "value",
                format!(
                    "got {} persons of {} staff at site {} in week {w}, above the group's headcount_max ({}), expected at most {}",
                    num(v),
                    kind.name(),
                    inst.plant.sites[*s].named.id,
                    num(g.headcount_max),
                    num(g.headcount_max)
                ),
            );
            return false;
        }
    }
    true
}

/// Actuals that contradict each other, found before any solve: exits above the persons there
/// were to leave, persons that are not last week's plus entries less exits, hours worked above
/// hours paid. Each names the line of the later row (or the first line of that week's rows of
/// the quantity, where the id is 0 by omission).
fn contradictions(
    r: &mut Rows,
    inst: &Instance,
    a: &Actuals,
    seen: &HashMap<(usize, Quantity, Cell), usize>,
    weeks: &HashMap<Quantity, std::collections::BTreeMap<usize, usize>>,
) {
    let line = |q: Quantity, w: usize, c: &Cell| {
        seen.get(&(w, q, c.clone()))
            .or_else(|| weeks.get(&q).and_then(|m| m.get(&w)))
            .copied()
            .unwrap_or(0)
    };
    let p = &inst.plant;
    let (ns, nk) = (p.sites.len(), StaffKind::ALL.len());
    let mut found = Vec::new();
    for t in 0..inst.weeks {
        let w = t + 1;
        for s in 0..ns {
            for k in 0..nk {
                let c = Cell::Three(s, k);
                let kind = StaffKind::ALL[k].name();
                let site = &p.sites[s].named.id;
                let (n, e, x) = (&a.persons, &a.entries, &a.exits);
                if t >= 1 && n.at(t - 1) && x.at(t) {
                    let there =
                        n.values[[s, k, t - 1]] + if e.at(t) { e.values[[s, k, t]] } else { 0.0 };
                    if x.values[[s, k, t]] > there + 1e-9 {
                        found.push((line(Quantity::Exits, w, &c), "value", format!(
                            "{} exits of {kind} staff at site {site} in week {w}, more than the {} persons there were to leave ({} persons in week {}{}), expected at most {}",
                            num(x.values[[s, k, t]]), num(there), num(n.values[[s, k, t - 1]]), w - 1,
                            if e.at(t) { format!(" and {} entries", num(e.values[[s, k, t]])) } else { String::new() },
                            num(there)
                        )));
                        continue;
                    }
                }
                if t >= 1 && n.at(t - 1) && n.at(t) && e.at(t) && x.at(t) {
                    let want = n.values[[s, k, t - 1]] + e.values[[s, k, t]] - x.values[[s, k, t]];
                    if (n.values[[s, k, t]] - want).abs() > 1e-9 {
                        found.push((line(Quantity::Persons, w, &c), "value", format!(
                            "{} persons of {kind} staff at site {site} in week {w}, but week {} had {}, with {} entries and {} exits in week {w}: expected {}",
                            num(n.values[[s, k, t]]), w - 1, num(n.values[[s, k, t - 1]]),
                            num(e.values[[s, k, t]]), num(x.values[[s, k, t]]), num(want)
                        )));
                    }
                }
                let (wh, ph) = (&a.worked_h, &a.paid_h);
                if wh.at(t) && ph.at(t) && wh.values[[s, k, t]] > ph.values[[s, k, t]] + 1e-9 {
                    found.push((line(Quantity::WorkedHours, w, &c), "value", format!(
                        "{} hours worked by {kind} staff at site {site} in week {w}, above the {} hours paid that week, expected hours worked at most the hours paid",
                        num(wh.values[[s, k, t]]), num(ph.values[[s, k, t]])
                    )));
                }
            }
        }
    }
    found.sort_by_key(|f| f.0);
    for (l, field, msg) in found {
        r.err(l, field, msg);
    }
}

/// Flows must be given from week 1 on without a hole: a week given after a week left out is a
/// problem on the first line of that later week.
fn holes(r: &mut Rows, weeks: &HashMap<Quantity, std::collections::BTreeMap<usize, usize>>) {
    for q in Quantity::ALL.into_iter().filter(|q| !q.is_count()) {
        let Some(ws) = weeks.get(&q) else { continue };
        let mut expect = 1;
        for (&w, &line) in ws {
            if w != expect {
                let missing: Vec<String> = (expect..w).map(|m| m.to_string()).collect();
                r.err(
                    line,
                    "week",
                    format!(
                        "{} is given for week {w} but not for week(s) {}; expected every week from 1 to the last week given (a quantity of the past is given for all of its weeks, or left to the model for all of them)",
                        q.name(),
                        missing.join(", ")
                    ),
                );
            }
            expect = w + 1;
        }
    }
}

fn store(a: &mut Actuals, q: Quantity, at: &Cell, t: usize, v: f64) {
    match (q, at) {
        (Quantity::Shipped, &Cell::Four(s, o, l)) => a.shipped.values[[s, o, l, t]] = v,
        (_, &Cell::Three(i, j)) => {
            let grid = match q {
                Quantity::Intake => &mut a.intake.values,
                Quantity::Processed => &mut a.processed.values,
                Quantity::External => &mut a.external.values,
                Quantity::IntakeStock => &mut a.intake_count.values,
                Quantity::OutputStock => &mut a.output_count.values,
                Quantity::WorkedHours => &mut a.worked_h.values,
                Quantity::PaidHours => &mut a.paid_h.values,
                Quantity::AbsenceHours => &mut a.absence_h.values,
                Quantity::Persons => &mut a.persons.values,
                Quantity::Entries => &mut a.entries.values,
                Quantity::Exits => &mut a.exits.values,
                Quantity::Shipped => return,
            };
            grid[[i, j, t]] = v;
        }
        _ => {}
    }
}

fn mark(a: &mut Actuals, q: Quantity, t: usize) {
    let g = match q {
        Quantity::Intake => &mut a.intake.given,
        Quantity::Processed => &mut a.processed.given,
        Quantity::External => &mut a.external.given,
        Quantity::Shipped => &mut a.shipped.given,
        Quantity::IntakeStock => &mut a.intake_count.given,
        Quantity::OutputStock => &mut a.output_count.given,
        Quantity::WorkedHours => &mut a.worked_h.given,
        Quantity::PaidHours => &mut a.paid_h.given,
        Quantity::AbsenceHours => &mut a.absence_h.given,
        Quantity::Persons => &mut a.persons.given,
        Quantity::Entries => &mut a.entries.given,
        Quantity::Exits => &mut a.exits.given,
    };
    g[t] = true;
}

/// Attaches actuals to an instance: the actual intake replaces the forecast `D[a,p,t]` in the
/// weeks it is given, a week-0 stock count replaces the model's opening stock. The forecast it
/// replaces is not kept: pass an instance without actuals (as [`crate::replan::with_actuals`]
/// does with a clone of the forecast).
pub fn apply(inst: &mut Instance, a: Actuals) {
    for t in a.intake.weeks() {
        inst.supply_t
            .slice_mut(ndarray::s![.., .., t])
            .assign(&a.intake.values.slice(ndarray::s![.., .., t]));
    }
    let p = &mut inst.plant;
    if a.intake_count.at(0) {
        for ((s, k), b) in p.intake_stock.indexed_iter_mut() {
            b.opening_t = a.intake_count.values[[s, k, 0]];
        }
    }
    if a.output_count.at(0) {
        for ((s, q), b) in p.output_stock.indexed_iter_mut() {
            b.opening_t = a.output_count.values[[s, q, 0]];
        }
    }
    inst.actuals = Some(Box::new(a));
}
