//! Option patches on the raw plant model, and parameter changes on raw records.
//!
//! An option's patch file holds records in the plant model's own syntax (`[[site]]`,
//! `[[area]]`, `[[fraction]]`, `[[shift]]`, `[[staff]]`, `[[line]]` with its
//! `[[line.process]]`, `[[outlet]]`, `[[stock]]`). A record whose key is new is added; a record
//! whose key already exists replaces the base record (an area or an outlet gaining a
//! connection to a new site, a line re-equipped for another stream). Keys: the `id`; for
//! `[[staff]]` the site and kind; for `[[stock]]` the site, stream, fraction and category.
//!
//! Parameter changes use the paths of [`crate::scenario`] (`line.<id>.rate`,
//! `social.funded_posts`, `tonnage.<stream>`, ...), applied here to the raw records before
//! validation, so that validation checks the values they produce. (The scenario module
//! applies the same paths to a validated instance; its resolver is private to it.)

use crate::input::{
    select_weeks, AreaRaw, FractionRaw, LineRaw, ModelFile, OutletRaw, RawInstance, ShiftRaw,
    SiteRaw, StaffRaw, StockRaw,
};
use crate::scenario::Op;
use ndarray::s;
use serde::Deserialize;
use std::collections::BTreeMap;

/// An option's patch file: records added to, or replacing records of, the plant model.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatchFile {
    /// Sites.
    #[serde(default, rename = "site")]
    pub sites: Vec<SiteRaw>,
    /// Collection areas.
    #[serde(default, rename = "area")]
    pub areas: Vec<AreaRaw>,
    /// Output fractions.
    #[serde(default, rename = "fraction")]
    pub fractions: Vec<FractionRaw>,
    /// Shifts.
    #[serde(default, rename = "shift")]
    pub shifts: Vec<ShiftRaw>,
    /// Staff groups.
    #[serde(default, rename = "staff")]
    pub staff: Vec<StaffRaw>,
    /// Lines with their processes.
    #[serde(default, rename = "line")]
    pub lines: Vec<LineRaw>,
    /// Outlets.
    #[serde(default, rename = "outlet")]
    pub outlets: Vec<OutletRaw>,
    /// Opening and closing stock.
    #[serde(default, rename = "stock")]
    pub stocks: Vec<StockRaw>,
}

impl PatchFile {
    /// The records of the patch, as `(section, key)` pairs (keys as in the module documentation).
    pub fn keys(&self) -> Vec<(&'static str, String)> {
        let mut k = Vec::new();
        k.extend(self.sites.iter().map(|r| ("site", r.id.clone())));
        k.extend(self.areas.iter().map(|r| ("area", r.id.clone())));
        k.extend(self.fractions.iter().map(|r| ("fraction", r.id.clone())));
        k.extend(self.shifts.iter().map(|r| ("shift", r.id.clone())));
        k.extend(self.staff.iter().map(|r| ("staff", staff_key(r))));
        k.extend(self.lines.iter().map(|r| ("line", r.id.clone())));
        k.extend(self.outlets.iter().map(|r| ("outlet", r.id.clone())));
        k.extend(self.stocks.iter().map(|r| ("stock", stock_key(r))));
        k
    }

    /// Strings by which validation messages name this patch's records (`line "x"`,
    /// `(insertion at s)`), to tell which problems come from the patch.
    pub fn signatures(&self) -> Vec<String> {
        let mut v = Vec::new();
        for (section, key) in self.keys() {
            match section {
                "staff" | "stock" => {}
                _ => v.push(format!("{section} \"{key}\"")),
            }
        }
        v.extend(
            self.staff
                .iter()
                .map(|g| format!("({} at {})", g.kind, g.site)),
        );
        v
    }
}

fn staff_key(r: &StaffRaw) -> String {
    format!("{}/{}", r.site, r.kind)
}

fn stock_key(r: &StockRaw) -> String {
    format!(
        "{}/{}/{}/{}",
        r.site,
        r.stream.as_deref().unwrap_or(""),
        r.fraction.as_deref().unwrap_or(""),
        r.category.as_deref().unwrap_or("")
    )
}

/// Adds or replaces records by key. `owner` remembers which patch last set each key, so that
/// two patches setting the same record are reported instead of one silently winning.
fn merge<T: Clone>(
    base: &mut Vec<T>,
    add: &[T],
    key: impl Fn(&T) -> String,
    section: &'static str,
    who: &str,
    owner: &mut BTreeMap<(&'static str, String), String>,
    conflicts: &mut Vec<String>,
) {
    for r in add {
        let k = key(r);
        if let Some(prev) = owner.insert((section, k.clone()), who.to_string()) {
            conflicts.push(format!(
                "options \"{prev}\" and \"{who}\" both define {section} \"{k}\"; expected them to exclude each other, or one option holding both changes"
            ));
        }
        match base.iter().position(|b| key(b) == k) {
            Some(i) => base[i] = r.clone(),
            None => base.push(r.clone()),
        }
    }
}

/// Applies patches to a model, in order. Returns the conflicts found (two patches setting
/// the same record).
pub fn apply_patches(model: &mut ModelFile, patches: &[(&str, &PatchFile)]) -> Vec<String> {
    let mut owner = BTreeMap::new();
    let mut c = Vec::new();
    for (who, p) in patches {
        let id = |s: &str| s.to_string();
        merge(
            &mut model.sites,
            &p.sites,
            |r| id(&r.id),
            "site",
            who,
            &mut owner,
            &mut c,
        );
        merge(
            &mut model.areas,
            &p.areas,
            |r| id(&r.id),
            "area",
            who,
            &mut owner,
            &mut c,
        );
        merge(
            &mut model.fractions,
            &p.fractions,
            |r| id(&r.id),
            "fraction",
            who,
            &mut owner,
            &mut c,
        );
        merge(
            &mut model.shifts,
            &p.shifts,
            |r| id(&r.id),
            "shift",
            who,
            &mut owner,
            &mut c,
        );
        merge(
            &mut model.staff,
            &p.staff,
            staff_key,
            "staff",
            who,
            &mut owner,
            &mut c,
        );
        merge(
            &mut model.lines,
            &p.lines,
            |r| id(&r.id),
            "line",
            who,
            &mut owner,
            &mut c,
        );
        merge(
            &mut model.outlets,
            &p.outlets,
            |r| id(&r.id),
            "outlet",
            who,
            &mut owner,
            &mut c,
        );
        merge(
            &mut model.stocks,
            &p.stocks,
            stock_key,
            "stock",
            who,
            &mut owner,
            &mut c,
        );
    }
    c
}

/// A parameter path resolved on raw records (ids stay names: records may come and go with
/// the options in service).
#[derive(Debug, Clone, PartialEq)]
pub enum RawTarget {
    /// `tonnage`: all collected tonnage.
    AllTonnage,
    /// `tonnage.<stream>`.
    Tonnage(String),
    /// `price.<outlet>.<fraction>`: the model's price and every weekly override.
    Price(String, String),
    /// `social.<field>`.
    Social(&'static str),
    /// `targets.recovery` (true) or `targets.recycling` (false).
    PlantTarget(bool),
    /// `category.<id>.recovery_target` (true) or `.recycling_target` (false).
    Category(String, bool),
    /// `staff.<site>.<kind>.<field>`.
    Staff(String, String, &'static str),
    /// `line.<id>.<field>` (`availability`, `rate`, `running_cost_eur_per_h`).
    Line(String, &'static str),
    /// `site.<id>.<field>`.
    Site(String, &'static str),
    /// `stream.<id>.external_cost_eur_per_t`.
    ExternalCost(String),
    /// `shift.<id>.hours_per_week`.
    ShiftHours(String),
    /// `outlet.<id>.<field>` (`min_t`, `max_t`, `max_t_per_week`).
    Outlet(String, &'static str),
}

/// A parameter change on raw records.
#[derive(Debug, Clone, PartialEq)]
pub struct RawChange {
    /// The path as written.
    pub path: String,
    /// What it changes.
    pub target: RawTarget,
    /// Set or scale.
    pub op: Op,
}

fn pick(field: &str, allowed: &[&'static str], what: &str) -> Result<&'static str, String> {
    allowed
        .iter()
        .find(|a| **a == field)
        .copied()
        .ok_or_else(|| {
            format!(
                "unknown {what} field \"{field}\", expected {}",
                allowed.join(", ")
            )
        })
}

fn known(ids: Vec<&str>, id: &str, what: &str) -> Result<String, String> {
    if ids.contains(&id) {
        Ok(id.to_string())
    } else {
        Err(format!(
            "unknown {what} \"{id}\", expected one of: {}",
            ids.join(", ")
        ))
    }
}

/// Resolves a path against a model (its ids must exist there). The paths and their meaning
/// are those of [`crate::scenario`]; `weeks` ranges are not supported here.
pub fn resolve(m: &ModelFile, path: &str, op: Op) -> Result<RawChange, String> {
    if !op.value().is_finite() {
        return Err(format!("got {}, expected a finite number", op.value()));
    }
    crate::scenario::scale_only(path, op)?;
    let parts: Vec<&str> = path.split('.').collect();
    let streams = || m.streams.iter().map(|s| s.id.as_str()).collect::<Vec<_>>();
    let outlets = || m.outlets.iter().map(|s| s.id.as_str()).collect::<Vec<_>>();
    let target = match parts.as_slice() {
        ["tonnage"] => RawTarget::AllTonnage,
        ["tonnage", s] => RawTarget::Tonnage(known(streams(), s, "stream")?),
        ["price", o, f] => {
            let o = known(outlets(), o, "outlet")?;
            let out = m.outlets.iter().find(|x| x.id == o).expect("known");
            if !out.prices_eur_per_t.contains_key(*f) {
                return Err(format!("outlet \"{o}\" does not take \"{f}\", expected a fraction in its prices_eur_per_t"));
            }
            RawTarget::Price(o, f.to_string())
        }
        ["social", f] => {
            let f = pick(
                f,
                &[
                    "insertion_share_min",
                    "funded_posts",
                    "aid_eur_per_post_year",
                    "insertion_workers_per_supervisor",
                ],
                "social",
            )?;
            if f == "funded_posts" && m.social.funded_posts.is_none() && matches!(op, Op::Scale(_))
            {
                return Err("the model has no funded_posts to scale, expected `set`".into());
            }
            RawTarget::Social(f)
        }
        ["targets", f] => {
            let f = pick(f, &["recovery", "recycling"], "targets")?;
            RawTarget::PlantTarget(f == "recovery")
        }
        ["category", c, f] => {
            let c = known(m.categories.iter().map(|x| x.id.as_str()).collect(), c, "category")?;
            let f = pick(f, &["recovery_target", "recycling_target"], "category")?;
            RawTarget::Category(c, f == "recovery_target")
        }
        ["staff", s, k, f] => {
            let s = known(m.sites.iter().map(|x| x.id.as_str()).collect(), s, "site")?;
            if !m.staff.iter().any(|g| g.site == s && g.kind == *k) {
                return Err(format!("site \"{s}\" has no {k} staff group"));
            }
            let f = pick(
                f,
                &[
                    "headcount_min",
                    "headcount_max",
                    "min_h_per_week",
                    "max_h_per_week",
                    "cost_eur_per_h",
                    "productivity",
                ],
                "staff",
            )?;
            RawTarget::Staff(s, k.to_string(), f)
        }
        ["line", l, f] => {
            let l = known(m.lines.iter().map(|x| x.id.as_str()).collect(), l, "line")?;
            let f = pick(f, &["availability", "rate", "running_cost_eur_per_h"], "line")?;
            RawTarget::Line(l, f)
        }
        ["site", s, f] => {
            let s = known(m.sites.iter().map(|x| x.id.as_str()).collect(), s, "site")?;
            RawTarget::Site(s, pick(f, &["intake_capacity_t", "output_capacity_t"], "site")?)
        }
        ["stream", s, "external_cost_eur_per_t"] => {
            RawTarget::ExternalCost(known(streams(), s, "stream")?)
        }
        ["shift", h, "hours_per_week"] => RawTarget::ShiftHours(known(
            m.shifts.iter().map(|x| x.id.as_str()).collect(),
            h,
            "shift",
        )?),
        ["outlet", o, f] => {
            let o = known(outlets(), o, "outlet")?;
            let f = pick(f, &["min_t", "max_t", "max_t_per_week"], "outlet")?;
            let out = m.outlets.iter().find(|x| x.id == o).expect("known");
            let absent = match f {
                "max_t" => out.max_t.is_none(),
                "max_t_per_week" => out.max_t_per_week.is_none(),
                _ => false,
            };
            if absent && matches!(op, Op::Scale(_)) {
                return Err(format!("outlet \"{o}\" has no {f} to scale, expected `set`"));
            }
            RawTarget::Outlet(o, f)
        }
        _ => return Err(format!("unknown parameter path \"{path}\", expected one of the scenario paths (tonnage, tonnage.<stream>, price.<outlet>.<fraction>, social.<field>, targets.<field>, category.<id>.<field>, staff.<site>.<kind>.<field>, line.<id>.<field>, site.<id>.<field>, stream.<id>.external_cost_eur_per_t, shift.<id>.hours_per_week, outlet.<id>.<field>)")),
    };
    Ok(RawChange {
        path: path.to_string(),
        target,
        op,
    })
}

fn on(op: Op, v: f64) -> f64 {
    match op {
        Op::Set(x) => x,
        Op::Scale(f) => v * f,
    }
}

/// Applies a change to a raw instance. Returns false when its target is not in this model
/// (a trend on a line that only an option brings, in a year or set without that option).
pub fn apply(raw: &mut RawInstance, c: &RawChange) -> bool {
    let op = c.op;
    let m = &mut raw.model;
    match &c.target {
        RawTarget::AllTonnage => raw.tonnage.values.mapv_inplace(|v| on(op, v)),
        RawTarget::Tonnage(s) => set_tonnage(raw, s, op),
        RawTarget::Price(o, f) => {
            let Some(out) = m.outlets.iter_mut().find(|x| &x.id == o) else {
                return false;
            };
            let Some(p) = out.prices_eur_per_t.get_mut(f) else {
                return false;
            };
            *p = on(op, *p);
            // Grid indices are the model's: patches replace records in place or append them.
            let oi = m.outlets.iter().position(|x| &x.id == o);
            let fi = m.fractions.iter().position(|x| &x.id == f);
            if let (Some(prices), Some(oi), Some(fi)) = (raw.prices.as_mut(), oi, fi) {
                let (no, nf, _) = prices.values.dim();
                if oi < no && fi < nf {
                    let lines = prices.lines.slice(s![oi, fi, ..]);
                    let mut values = prices.values.slice_mut(s![oi, fi, ..]);
                    for (v, &l) in values.iter_mut().zip(lines.iter()) {
                        if l > 0 {
                            *v = on(op, *v);
                        }
                    }
                }
            }
        }
        RawTarget::Social(f) => {
            let s = &mut m.social;
            match *f {
                "insertion_share_min" => s.insertion_share_min = on(op, s.insertion_share_min),
                "funded_posts" => s.funded_posts = Some(on(op, s.funded_posts.unwrap_or(0.0))),
                "aid_eur_per_post_year" => {
                    s.aid_eur_per_post_year = on(op, s.aid_eur_per_post_year)
                }
                _ => {
                    s.insertion_workers_per_supervisor = on(op, s.insertion_workers_per_supervisor)
                }
            }
        }
        RawTarget::PlantTarget(rec) => {
            let t = if *rec {
                &mut m.targets.recovery
            } else {
                &mut m.targets.recycling
            };
            *t = Some(on(op, t.unwrap_or(0.0)));
        }
        RawTarget::Category(id, rec) => {
            let Some(k) = m.categories.iter_mut().find(|x| &x.id == id) else {
                return false;
            };
            let t = if *rec {
                &mut k.recovery_target
            } else {
                &mut k.recycling_target
            };
            *t = Some(on(op, t.unwrap_or(0.0)));
        }
        RawTarget::Staff(site, kind, f) => {
            let Some(g) = m
                .staff
                .iter_mut()
                .find(|g| &g.site == site && &g.kind == kind)
            else {
                return false;
            };
            let v = match *f {
                "headcount_min" => &mut g.headcount_min,
                "headcount_max" => &mut g.headcount_max,
                "min_h_per_week" => &mut g.min_h_per_week,
                "max_h_per_week" => &mut g.max_h_per_week,
                "cost_eur_per_h" => &mut g.cost_eur_per_h,
                _ => &mut g.productivity,
            };
            *v = on(op, *v);
        }
        RawTarget::Line(id, f) => {
            let Some(l) = m.lines.iter_mut().find(|x| &x.id == id) else {
                return false;
            };
            match *f {
                "availability" => l.availability = on(op, l.availability),
                "running_cost_eur_per_h" => {
                    l.running_cost_eur_per_h = on(op, l.running_cost_eur_per_h)
                }
                _ => {
                    for p in &mut l.processes {
                        p.rate_t_per_h = on(op, p.rate_t_per_h);
                    }
                }
            }
        }
        RawTarget::Site(id, f) => {
            let Some(s) = m.sites.iter_mut().find(|x| &x.id == id) else {
                return false;
            };
            if *f == "intake_capacity_t" {
                s.intake_capacity_t = on(op, s.intake_capacity_t);
            } else {
                s.output_capacity_t = on(op, s.output_capacity_t);
            }
        }
        RawTarget::ExternalCost(id) => {
            let Some(s) = m.streams.iter_mut().find(|x| &x.id == id) else {
                return false;
            };
            s.external_cost_eur_per_t = on(op, s.external_cost_eur_per_t);
        }
        RawTarget::ShiftHours(id) => {
            let Some(s) = m.shifts.iter_mut().find(|x| &x.id == id) else {
                return false;
            };
            s.hours_per_week = on(op, s.hours_per_week);
        }
        RawTarget::Outlet(id, f) => {
            let Some(o) = m.outlets.iter_mut().find(|x| &x.id == id) else {
                return false;
            };
            match *f {
                "min_t" => o.min_t = on(op, o.min_t),
                "max_t" => o.max_t = Some(on(op, o.max_t.unwrap_or(0.0))),
                _ => o.max_t_per_week = Some(on(op, o.max_t_per_week.unwrap_or(0.0))),
            }
        }
    }
    true
}

/// `tonnage.<stream>`: `scale` multiplies every row; `set` makes each week's total the value,
/// split over areas as in the rows of that week (evenly where the week's rows sum to 0).
fn set_tonnage(raw: &mut RawInstance, stream: &str, op: Op) {
    let Some(k) = raw.model.streams.iter().position(|s| s.id == stream) else {
        return;
    };
    let g = &mut raw.tonnage;
    if k >= g.values.dim().1 {
        return;
    }
    for w in 0..g.values.dim().2 {
        let lines = g.lines.slice(s![.., k, w]);
        let mut col = g.values.slice_mut(s![.., k, w]);
        match op {
            Op::Scale(f) => col.mapv_inplace(|v| v * f),
            Op::Set(total) => {
                let n = lines.iter().filter(|&&l| l > 0).count();
                let sum: f64 = col.sum();
                for (v, &l) in col.iter_mut().zip(lines.iter()) {
                    if l > 0 {
                        *v = if sum > 0.0 {
                            total * *v / sum
                        } else {
                            total / n as f64
                        };
                    }
                }
            }
        }
    }
}

/// The weeks (1-based) of a `weeks`-week horizon that stand for it when only `n` are solved:
/// the middle week of each of `n` equal slices, `floor((2i + 1) weeks / 2n) + 1`.
pub fn representative_weeks(weeks: usize, n: usize) -> Vec<usize> {
    (0..n).map(|i| (2 * i + 1) * weeks / (2 * n) + 1).collect()
}

/// Keeps only the representative weeks of a raw instance, renumbered 1..n: tonnage, price
/// and calendar rows of the other weeks are dropped, and horizon totals (outlet contract
/// minimums and maximums over the horizon) are scaled by `n / weeks`. Stock levels, storage
/// capacities, headcounts and weekly figures are unchanged. The kept weeks become
/// consecutive, so stock carried between them is an approximation.
pub fn keep_weeks(raw: &mut RawInstance, n: usize) {
    let weeks = raw.instance.weeks;
    if n >= weeks {
        return;
    }
    let keep: Vec<usize> = representative_weeks(weeks, n)
        .into_iter()
        .map(|w| w - 1)
        .collect();
    select_weeks(&mut raw.tonnage, &keep);
    if let Some(p) = raw.prices.as_mut() {
        select_weeks(p, &keep);
    }
    if let Some(c) = raw.calendar.as_mut() {
        select_weeks(c, &keep);
    }
    let share = n as f64 / weeks as f64;
    for o in &mut raw.model.outlets {
        o.min_t *= share;
        if let Some(x) = o.max_t.as_mut() {
            *x *= share;
        }
    }
    raw.instance.weeks = n;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn representative_weeks_are_slice_middles() {
        assert_eq!(representative_weeks(52, 4), vec![7, 20, 33, 46]);
        assert_eq!(
            representative_weeks(52, 13),
            (0..13).map(|i| 3 + 4 * i).collect::<Vec<_>>()
        );
        assert_eq!(representative_weeks(52, 52), (1..=52).collect::<Vec<_>>());
        assert_eq!(representative_weeks(2, 1), vec![2]);
    }
}
