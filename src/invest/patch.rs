//! Option patches on the raw plant model, and parameter changes on raw records.
//!
//! An option's patch file holds records in the plant model's own syntax (`[[site]]`,
//! `[[area]]`, `[[fraction]]`, `[[shift]]`, `[[staff]]`, `[[line]]` with its
//! `[[line.process]]`, `[[outlet]]`, `[[stock]]`). A record whose key is new is added; a record
//! whose key already exists replaces the base record (an area or an outlet gaining a
//! connection to a new site, a line re-equipped for another stream). Keys: the `id`; for
//! `[[staff]]` the site and kind; for `[[stock]]` the site, stream, fraction and category.
//!
//! Parameter changes (`line.<id>.rate`, `social.funded_posts`, `tonnage.<stream>`, ...) are
//! the language of [`crate::params`], applied to raw records by [`crate::params::raw`] and
//! re-exported here.

use crate::input::{
    select_weeks, AreaRaw, FractionRaw, LineRaw, ModelFile, OutletRaw, RawInstance, ShiftRaw,
    SiteRaw, StaffRaw, StockRaw,
};
pub use crate::params::raw::{apply, resolve, RawBase, RawChange};
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
    // The kept weeks are no longer consecutive: they have no calendar dates.
    raw.instance.first_monday = None;
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
