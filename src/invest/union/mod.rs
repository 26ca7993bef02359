//! One year of the multi-year model: the year's plant model with every option that may be in
//! service, each option's parts switched by its in-service variable `u[o]` (0 or 1).
//!
//! The year's model is built once per valid option set `S` (the same engine, the same
//! instance as the comparison), then each option's effect is read off by difference: `M_R`
//! against `M_{R + o}`, where `R` is what `o` requires. An option's effect is made of
//!
//! - **new columns** (a new line's tonnes and hours): `L_j u[o] <= x_j <= U_j u[o]`;
//! - **columns it removes**: `x_j <= U_j (1 - u[o])`;
//! - **new rows** (a new line's capacity): `a x <= b u[o]` when the row holds only the
//!   option's columns (exact), otherwise the row is switched off by a big-M,
//!   `a x <= b + M (1 - u[o])` with `M` the row's largest activity less `b`;
//! - **rows it removes**: `a x <= b + M u[o]`;
//! - **changed right-hand sides and bounds** (storage x2, funded posts 62 -> 68):
//!   `a x <= b + (b' - b) u[o]`, linear in `u[o]`;
//! - **changed coefficients and costs** (throughput +10 %, running cost -15 %): a product
//!   column `p = x_j u[o]` with the four McCormick rows, exact since `u[o]` is 0 or 1:
//!   `L u <= p <= U u`, `x - U (1 - u) <= p <= x - L (1 - u)`; the row gets `(a' - a) p`.
//!
//! An option's effect on another option's parts (a price change on a new site's shipments)
//! is read with the other option in service, `M_{C + o}` against `M_C`, on that option's
//! columns and rows only, and enters the same way (products `x_j u[o]`).
//!
//! `U_j` comes from the column's bounds and from bound propagation on every set's model
//! ([`super::named::propagated_bounds`]), so it holds in every set; without a finite one the
//! option cannot be switched and the study is refused with the column's name.
//!
//! **Aggregate bounds** tighten the relaxation: for each option and group of columns given by
//! the caller with a total `T_G` valid in every set (the processing columns of a stream, whose
//! tonnes over the horizon cannot exceed what is collected and in stock), the option's share
//! is bounded: `sum_{j in G} p[o,j] (or x_j for its new columns) <= T_G u[o]`.
//!
//! **Exactness is checked, not assumed.** For every valid set `S` the block, with `u = 1_S`
//! and `p = x u` substituted, is compared entry by entry with the model built directly for
//! `S`: columns, bounds, costs, rows, right-hand sides and coefficients. Options whose effects
//! do not add up (two options scaling the same coefficient) are refused with the entry that
//! differs. See `models/FORMULATION.md` §9.
//!
//! The builder reads in phases, one method each: the status quo ([`Union::new`]), each
//! option's own effect ([`Union::read_option`]), the options' effects on each other's parts
//! ([`Union::read_cross_effects`]); then [`emit`] writes the block's columns, rows and
//! aggregate bounds, and [`verify`] compares it with every set's model.

mod cross;
mod emit;
mod verify;

use super::named::{propagated_bounds, NamedLp};
use std::collections::HashMap;

/// A term of a block row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Term {
    /// A column of the block.
    Col(usize),
    /// A product column `x_j u[o]` of the block.
    Prod(usize),
    /// The in-service variable of an option (index into the study's options).
    On(usize),
}

/// A row `lo <= sum terms <= hi`.
#[derive(Debug, Clone)]
pub(crate) struct BlockRow {
    pub terms: Vec<(Term, f64)>,
    pub lo: f64,
    pub hi: f64,
}

/// A product column `p = x_j u[o]`: its bounds and objective coefficient.
#[derive(Debug, Clone)]
pub(crate) struct Prod {
    pub lo: f64,
    pub hi: f64,
    pub cost: f64,
}

/// One year (and the futures that share it) of the multi-year model.
#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    /// Columns: the status quo's, then each option's new ones.
    pub cols: Vec<String>,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    pub integer: Vec<bool>,
    pub cost: Vec<f64>,
    /// Objective constant of the status quo.
    pub offset: f64,
    /// Objective coefficient of `u[o]` (change of the objective constant).
    pub on_cost: Vec<(usize, f64)>,
    pub prods: Vec<Prod>,
    pub rows: Vec<BlockRow>,
    /// Option sets whose model was compared with the block.
    pub sets_verified: usize,
}

/// A change an option makes to a column's bounds and cost.
#[derive(Debug, Clone, Copy)]
struct ColDelta {
    option: usize,
    lower: f64,
    upper: f64,
    cost: f64,
}

/// A change an option makes to a row: a term and its coefficient.
#[derive(Debug, Clone, Copy)]
struct RowDelta {
    option: usize,
    term: Term,
    coef: f64,
}

/// A change an option makes to a row's right-hand side.
#[derive(Debug, Clone, Copy)]
struct RhsDelta {
    option: usize,
    change: f64,
}

/// A row of the union: the status quo's or an option's (`home`), with the changes other
/// options make to it and the options that remove it.
struct URow {
    key: String,
    home: Option<usize>,
    eq: bool,
    rhs: f64,
    coefs: Vec<(usize, f64)>,
    deltas: Vec<RowDelta>,
    rhs_deltas: Vec<RhsDelta>,
    gone_for: Vec<usize>,
}

/// A column of the union: the status quo's or an option's (`home`), with the changes options
/// make to its bounds and cost and the options that remove it.
struct UCol {
    home: Option<usize>,
    lower: f64,
    upper: f64,
    cost: f64,
    integer: bool,
    deltas: Vec<ColDelta>,
    gone_for: Vec<usize>,
}

fn close(a: f64, b: f64) -> bool {
    if a == b {
        return true;
    }
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn set_label(names: &[String], mask: u32) -> String {
    let v: Vec<&str> = (0..names.len())
        .filter(|i| mask & (1 << i) != 0)
        .map(|i| names[i].as_str())
        .collect();
    if v.is_empty() {
        "status quo".into()
    } else {
        v.join(" + ")
    }
}

/// Builds a year's block from the models of every valid option set (`models[0]` is the status
/// quo, mask 0). `requires[o]` is the mask of what option `o` requires (without `o`);
/// `names` names the options; `groups` maps a column to its aggregate group and the group's
/// total. Errors are plain messages.
pub(crate) fn block(
    models: &[(u32, NamedLp)],
    available: &[usize],
    requires: &[u32],
    names: &[String],
    groups: &HashMap<String, (String, f64)>,
) -> Result<Block, String> {
    let mut union = Union::new(models, names)?;
    for &o in available {
        union.read_option(o, requires)?;
    }
    union.read_cross_effects(available, requires);
    let mut out = emit::emit(&union, &Extremes::over(models), groups)?;
    for (mask, lp) in models {
        union
            .verify(*mask, lp)
            .map_err(|e| format!("option set \"{}\": {e}", set_label(names, *mask)))?;
        out.sets_verified += 1;
    }
    Ok(out)
}

/// The largest upper and least lower bound of each column over every set's model, after
/// bound propagation.
struct Extremes<'a> {
    upper: HashMap<&'a str, f64>,
    lower: HashMap<&'a str, f64>,
}

impl<'a> Extremes<'a> {
    fn over(models: &'a [(u32, NamedLp)]) -> Self {
        let mut ext = Extremes {
            upper: HashMap::new(),
            lower: HashMap::new(),
        };
        for (_, lp) in models {
            let (lo, up) = propagated_bounds(lp);
            for (j, name) in lp.cols.iter().enumerate() {
                let e = ext.upper.entry(name.as_str()).or_insert(f64::NEG_INFINITY);
                *e = e.max(up[j]);
                let e = ext.lower.entry(name.as_str()).or_insert(f64::INFINITY);
                *e = e.min(lo[j]);
            }
        }
        ext
    }
}

/// The union of every option set's model being read: columns and rows, each with its home
/// and the changes the options make to it.
struct Union<'a> {
    by_mask: HashMap<u32, &'a NamedLp>,
    base: &'a NamedLp,
    names: &'a [String],
    cols: Vec<String>,
    ucols: Vec<UCol>,
    col_index: HashMap<String, usize>,
    urows: Vec<URow>,
    row_index: HashMap<String, usize>,
    /// Change of the objective constant with each option.
    on_cost: Vec<(usize, f64)>,
}

impl<'a> Union<'a> {
    /// The status quo's columns and rows, unchanged by any option yet.
    fn new(models: &'a [(u32, NamedLp)], names: &'a [String]) -> Result<Self, String> {
        let by_mask: HashMap<u32, &NamedLp> = models.iter().map(|(m, lp)| (*m, lp)).collect();
        let base = *by_mask.get(&0).ok_or("the status quo's model is missing")?;
        let ucols = (0..base.cols.len())
            .map(|j| UCol {
                home: None,
                lower: base.lower[j],
                upper: base.upper[j],
                cost: base.cost[j],
                integer: base.integer[j],
                deltas: Vec::new(),
                gone_for: Vec::new(),
            })
            .collect();
        let urows = (0..base.rows.len())
            .map(|r| URow {
                key: base.rows[r].clone(),
                home: None,
                eq: base.eq[r],
                rhs: base.rhs[r],
                coefs: base.coefs[r].clone(),
                deltas: Vec::new(),
                rhs_deltas: Vec::new(),
                gone_for: Vec::new(),
            })
            .collect();
        Ok(Union {
            by_mask,
            base,
            names,
            cols: base.cols.clone(),
            ucols,
            col_index: base.col_index.clone(),
            urows,
            row_index: base.row_index.clone(),
            on_cost: Vec::new(),
        })
    }

    /// Option `o`'s own effect: `M_{R + o}` against `M_R`, `R` what `o` requires.
    fn read_option(&mut self, o: usize, requires: &[u32]) -> Result<(), String> {
        let r = requires[o];
        let (Some(&a), Some(&b)) = (self.by_mask.get(&r), self.by_mask.get(&(r | 1 << o))) else {
            return Err(format!(
                "the model of option \"{}\" with what it requires is missing",
                self.names[o]
            ));
        };
        self.option_columns(o, a, b)?;
        self.option_rows(o, a, b)?;
        if b.offset != a.offset {
            self.on_cost.push((o, b.offset - a.offset));
        }
        Ok(())
    }

    /// The columns `o` adds (`b` has, `a` has not), changes and removes.
    fn option_columns(&mut self, o: usize, a: &NamedLp, b: &NamedLp) -> Result<(), String> {
        for (jb, name) in b.cols.iter().enumerate() {
            match a.col_index.get(name) {
                None => {
                    if self.col_index.contains_key(name) {
                        return Err(format!("option \"{}\" adds column {name}, which another option or the status quo also has; give the option's parts their own ids", self.names[o]));
                    }
                    self.col_index.insert(name.clone(), self.cols.len());
                    self.cols.push(name.clone());
                    self.ucols.push(UCol {
                        home: Some(o),
                        lower: b.lower[jb],
                        upper: b.upper[jb],
                        cost: b.cost[jb],
                        integer: b.integer[jb],
                        deltas: Vec::new(),
                        gone_for: Vec::new(),
                    });
                }
                Some(&ja) => {
                    let (dl, du, dc) = (
                        b.lower[jb] - a.lower[ja],
                        b.upper[jb] - a.upper[ja],
                        b.cost[jb] - a.cost[ja],
                    );
                    let du = if b.upper[jb] == a.upper[ja] { 0.0 } else { du };
                    let dl = if b.lower[jb] == a.lower[ja] { 0.0 } else { dl };
                    if b.integer[jb] != a.integer[ja] {
                        return Err(format!(
                            "option \"{}\" changes whether column {name} is integer",
                            self.names[o]
                        ));
                    }
                    if dl != 0.0 || du != 0.0 || dc != 0.0 {
                        let j = self.col_index[name];
                        self.ucols[j].deltas.push(ColDelta {
                            option: o,
                            lower: dl,
                            upper: du,
                            cost: dc,
                        });
                    }
                }
            }
        }
        for name in &a.cols {
            if !b.col_index.contains_key(name) {
                let j = *self
                    .col_index
                    .get(name)
                    .ok_or_else(|| format!("column {name} is unknown"))?;
                self.ucols[j].gone_for.push(o);
            }
        }
        Ok(())
    }

    /// The rows `o` adds, changes and removes.
    fn option_rows(&mut self, o: usize, a: &NamedLp, b: &NamedLp) -> Result<(), String> {
        for (rb, key) in b.rows.iter().enumerate() {
            let ra = a
                .row_index
                .get(key)
                .copied()
                .filter(|&ra| a.eq[ra] == b.eq[rb]);
            match ra {
                None => self.add_option_row(o, a, b, rb)?,
                Some(ra) => self.option_row_deltas(o, (a, ra), (b, rb))?,
            }
        }
        for (ra, key) in a.rows.iter().enumerate() {
            let kept = b.row_index.get(key).is_some_and(|&rb| b.eq[rb] == a.eq[ra]);
            if !kept && !b.row_index.contains_key(key) {
                let u = *self
                    .row_index
                    .get(key)
                    .ok_or_else(|| format!("row {key} is unknown"))?;
                self.urows[u].gone_for.push(o);
            }
        }
        Ok(())
    }

    /// Row `rb` of `b`, new with `o` (or of another sense than `a`'s row of the same key, which
    /// then goes with `o`).
    fn add_option_row(
        &mut self,
        o: usize,
        a: &NamedLp,
        b: &NamedLp,
        rb: usize,
    ) -> Result<(), String> {
        let key = &b.rows[rb];
        if let Some(&u) = self.row_index.get(key) {
            if a.row_index.contains_key(key) {
                // Same key, other sense: the old row goes, a new one comes.
                self.urows[u].gone_for.push(o);
            } else {
                return Err(format!(
                    "option \"{}\" adds row {key}, which another option or the status quo also has",
                    self.names[o]
                ));
            }
        }
        let coefs = b.coefs[rb]
            .iter()
            .map(|&(j, v)| (self.col_index[&b.cols[j]], v))
            .collect();
        let k = format!("{key}@{}", self.names[o]);
        self.row_index.insert(
            if self.row_index.contains_key(key) {
                k
            } else {
                key.clone()
            },
            self.urows.len(),
        );
        self.urows.push(URow {
            key: key.clone(),
            home: Some(o),
            eq: b.eq[rb],
            rhs: b.rhs[rb],
            coefs,
            deltas: Vec::new(),
            rhs_deltas: Vec::new(),
            gone_for: Vec::new(),
        });
        Ok(())
    }

    /// The changes `o` makes to a row both `a` and `b` have: coefficients of its new columns,
    /// changed coefficients (as products), and the right-hand side.
    fn option_row_deltas(
        &mut self,
        o: usize,
        (a, ra): (&NamedLp, usize),
        (b, rb): (&NamedLp, usize),
    ) -> Result<(), String> {
        let key = &b.rows[rb];
        let u = *self
            .row_index
            .get(key)
            .ok_or_else(|| format!("row {key} is unknown"))?;
        let mut deltas = Vec::new();
        let a_of: HashMap<usize, f64> = a.coefs[ra].iter().copied().collect();
        let mut seen = Vec::with_capacity(b.coefs[rb].len());
        let delta = |term, coef| RowDelta {
            option: o,
            term,
            coef,
        };
        for &(jb, vb) in &b.coefs[rb] {
            let name = &b.cols[jb];
            let j = self.col_index[name];
            match a.col_index.get(name) {
                None => deltas.push(delta(Term::Col(j), vb)),
                Some(ja) => {
                    seen.push(*ja);
                    let va = a_of.get(ja).copied().unwrap_or(0.0);
                    if vb != va {
                        deltas.push(delta(Term::Prod(j), vb - va));
                    }
                }
            }
        }
        for &(ja, va) in &a.coefs[ra] {
            if b.col_index.contains_key(&a.cols[ja]) && !seen.contains(&ja) {
                deltas.push(delta(Term::Prod(self.col_index[&a.cols[ja]]), -va));
            }
        }
        self.urows[u].deltas.extend(deltas);
        if b.rhs[rb] != a.rhs[ra] {
            self.urows[u].rhs_deltas.push(RhsDelta {
                option: o,
                change: b.rhs[rb] - a.rhs[ra],
            });
        }
        Ok(())
    }
}
