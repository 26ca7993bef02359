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

/// An aggregate bound being gathered: its terms and its total.
type Aggregate = (Vec<(Term, f64)>, f64);

/// A change an option makes to a row: a term and its coefficient.
type Delta = (usize, Term, f64);

struct URow {
    key: String,
    home: Option<usize>,
    eq: bool,
    rhs: f64,
    coefs: Vec<(usize, f64)>,
    deltas: Vec<Delta>,
    rhs_deltas: Vec<(usize, f64)>,
    gone_for: Vec<usize>,
}

struct UCol {
    home: Option<usize>,
    lower: f64,
    upper: f64,
    cost: f64,
    integer: bool,
    /// (option, change of lower, change of upper, change of cost)
    deltas: Vec<(usize, f64, f64, f64)>,
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
/// `names` names the options. Errors are plain messages.
pub(crate) fn block(
    models: &[(u32, NamedLp)],
    available: &[usize],
    requires: &[u32],
    names: &[String],
    groups: &HashMap<String, (String, f64)>,
) -> Result<Block, String> {
    let by_mask: HashMap<u32, &NamedLp> = models.iter().map(|(m, lp)| (*m, lp)).collect();
    let base = by_mask.get(&0).ok_or("the status quo's model is missing")?;
    // Largest upper and least lower bound of each column over every set.
    let mut ub: HashMap<&str, f64> = HashMap::new();
    let mut lb: HashMap<&str, f64> = HashMap::new();
    for (_, lp) in models {
        let (lo, up) = propagated_bounds(lp);
        for (j, name) in lp.cols.iter().enumerate() {
            let e = ub.entry(name.as_str()).or_insert(f64::NEG_INFINITY);
            *e = e.max(up[j]);
            let e = lb.entry(name.as_str()).or_insert(f64::INFINITY);
            *e = e.min(lo[j]);
        }
    }

    let mut cols: Vec<String> = base.cols.clone();
    let mut ucols: Vec<UCol> = (0..base.cols.len())
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
    let mut col_index: HashMap<String, usize> = base.col_index.clone();
    let mut urows: Vec<URow> = (0..base.rows.len())
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
    let mut row_index: HashMap<String, usize> = base.row_index.clone();
    let mut on_cost = Vec::new();

    for &o in available {
        let r = requires[o];
        let (Some(a), Some(b)) = (by_mask.get(&r), by_mask.get(&(r | 1 << o))) else {
            return Err(format!(
                "the model of option \"{}\" with what it requires is missing",
                names[o]
            ));
        };
        // Columns.
        for (jb, name) in b.cols.iter().enumerate() {
            match a.col_index.get(name) {
                None => {
                    if col_index.contains_key(name) {
                        return Err(format!("option \"{}\" adds column {name}, which another option or the status quo also has; give the option's parts their own ids", names[o]));
                    }
                    col_index.insert(name.clone(), cols.len());
                    cols.push(name.clone());
                    ucols.push(UCol {
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
                            names[o]
                        ));
                    }
                    if dl != 0.0 || du != 0.0 || dc != 0.0 {
                        let j = col_index[name];
                        ucols[j].deltas.push((o, dl, du, dc));
                    }
                }
            }
        }
        for name in &a.cols {
            if !b.col_index.contains_key(name) {
                let j = *col_index
                    .get(name)
                    .ok_or_else(|| format!("column {name} is unknown"))?;
                ucols[j].gone_for.push(o);
            }
        }
        // Rows.
        for (rb, key) in b.rows.iter().enumerate() {
            let ra = a
                .row_index
                .get(key)
                .copied()
                .filter(|&ra| a.eq[ra] == b.eq[rb]);
            let Some(ra) = ra else {
                if let Some(&u) = row_index.get(key) {
                    if a.row_index.contains_key(key) {
                        // Same key, other sense: the old row goes, a new one comes.
                        urows[u].gone_for.push(o);
                    } else {
                        return Err(format!("option \"{}\" adds row {key}, which another option or the status quo also has", names[o]));
                    }
                }
                let coefs = b.coefs[rb]
                    .iter()
                    .map(|&(j, v)| (col_index[&b.cols[j]], v))
                    .collect();
                let k = format!("{key}@{}", names[o]);
                row_index.insert(
                    if row_index.contains_key(key) {
                        k
                    } else {
                        key.clone()
                    },
                    urows.len(),
                );
                urows.push(URow {
                    key: key.clone(),
                    home: Some(o),
                    eq: b.eq[rb],
                    rhs: b.rhs[rb],
                    coefs,
                    deltas: Vec::new(),
                    rhs_deltas: Vec::new(),
                    gone_for: Vec::new(),
                });
                continue;
            };
            let u = *row_index
                .get(key)
                .ok_or_else(|| format!("row {key} is unknown"))?;
            let mut deltas = Vec::new();
            let a_of: HashMap<usize, f64> = a.coefs[ra].iter().copied().collect();
            let mut seen = Vec::with_capacity(b.coefs[rb].len());
            for &(jb, vb) in &b.coefs[rb] {
                let name = &b.cols[jb];
                let j = col_index[name];
                match a.col_index.get(name) {
                    None => deltas.push((o, Term::Col(j), vb)),
                    Some(ja) => {
                        seen.push(*ja);
                        let va = a_of.get(ja).copied().unwrap_or(0.0);
                        if vb != va {
                            deltas.push((o, Term::Prod(j), vb - va));
                        }
                    }
                }
            }
            for &(ja, va) in &a.coefs[ra] {
                if b.col_index.contains_key(&a.cols[ja]) && !seen.contains(&ja) {
                    deltas.push((o, Term::Prod(col_index[&a.cols[ja]]), -va));
                }
            }
            urows[u].deltas.extend(deltas);
            if b.rhs[rb] != a.rhs[ra] {
                urows[u].rhs_deltas.push((o, b.rhs[rb] - a.rhs[ra]));
            }
        }
        for (ra, key) in a.rows.iter().enumerate() {
            let kept = b.row_index.get(key).is_some_and(|&rb| b.eq[rb] == a.eq[ra]);
            if !kept && !b.row_index.contains_key(key) {
                let u = *row_index
                    .get(key)
                    .ok_or_else(|| format!("row {key} is unknown"))?;
                urows[u].gone_for.push(o);
            }
        }
        if b.offset != a.offset {
            on_cost.push((o, b.offset - a.offset));
        }
    }

    // Effects of one option on another's parts (a dearer metal on the new site's shipments):
    // read with the other option in service, `M_{C + o}` against `M_C`, `C` = what both need
    // and `h`. Only entries on `h`'s own columns and rows are taken; the rest were read above.
    for &o in available {
        for &h in available {
            if h == o {
                continue;
            }
            let c = requires[o] | requires[h] | 1 << h;
            if c & (1 << o) != 0 {
                continue;
            }
            let (Some(a), Some(b)) = (by_mask.get(&c), by_mask.get(&(c | 1 << o))) else {
                continue;
            };
            // Columns of h: bounds and costs.
            for (jb, name) in b.cols.iter().enumerate() {
                let Some(&ja) = a.col_index.get(name) else {
                    continue;
                };
                if col_index
                    .get(name)
                    .is_none_or(|&j| ucols[j].home != Some(h))
                {
                    continue;
                }
                let dl = if b.lower[jb] == a.lower[ja] {
                    0.0
                } else {
                    b.lower[jb] - a.lower[ja]
                };
                let du = if b.upper[jb] == a.upper[ja] {
                    0.0
                } else {
                    b.upper[jb] - a.upper[ja]
                };
                let dc = b.cost[jb] - a.cost[ja];
                if dl != 0.0 || du != 0.0 || dc != 0.0 {
                    let j = col_index[name];
                    ucols[j].deltas.push((o, dl, du, dc));
                }
            }
            // Rows: entries on h's columns, and h's rows.
            for (rb, key) in b.rows.iter().enumerate() {
                let Some(&u) = row_index.get(key) else {
                    continue;
                };
                match a.row_index.get(key) {
                    Some(&ra) if a.eq[ra] == b.eq[rb] => {
                        let own = urows[u].home == Some(h);
                        let a_of: HashMap<&str, f64> = a.coefs[ra]
                            .iter()
                            .map(|&(j, v)| (a.cols[j].as_str(), v))
                            .collect();
                        let mut deltas = Vec::new();
                        for &(jb, vb) in &b.coefs[rb] {
                            let name = b.cols[jb].as_str();
                            let Some(&j) = col_index.get(name) else {
                                continue;
                            };
                            if !a.col_index.contains_key(name) {
                                if own {
                                    deltas.push((o, Term::Col(j), vb));
                                }
                                continue;
                            }
                            if !(own || ucols[j].home == Some(h)) {
                                continue;
                            }
                            let va = a_of.get(name).copied().unwrap_or(0.0);
                            if vb != va {
                                deltas.push((o, Term::Prod(j), vb - va));
                            }
                        }
                        for &(ja, va) in &a.coefs[ra] {
                            let name = a.cols[ja].as_str();
                            let Some(&j) = col_index.get(name) else {
                                continue;
                            };
                            let in_b = b
                                .col_index
                                .get(name)
                                .is_some_and(|&jb| b.coefs[rb].iter().any(|&(k, _)| k == jb));
                            if b.col_index.contains_key(name)
                                && !in_b
                                && (own || ucols[j].home == Some(h))
                            {
                                deltas.push((o, Term::Prod(j), -va));
                            }
                        }
                        urows[u].deltas.extend(deltas);
                        if own && b.rhs[rb] != a.rhs[ra] {
                            urows[u].rhs_deltas.push((o, b.rhs[rb] - a.rhs[ra]));
                        }
                    }
                    _ if urows[u].home == Some(o) => {
                        // o's own row, with h's columns in it.
                        for &(jb, vb) in &b.coefs[rb] {
                            let name = b.cols[jb].as_str();
                            if let Some(&j) = col_index.get(name) {
                                if ucols[j].home == Some(h)
                                    && !urows[u].coefs.iter().any(|&(k, _)| k == j)
                                {
                                    urows[u].coefs.push((j, vb));
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    // Bounds used for switching: the columns' own, tightened by propagation over every set.
    let big = |j: usize| -> f64 {
        let own = ucols[j]
            .deltas
            .iter()
            .fold(ucols[j].upper, |u, d| u + d.2.max(0.0));
        own.min(ub.get(cols[j].as_str()).copied().unwrap_or(f64::INFINITY))
    };
    let least = |j: usize| -> f64 {
        let own = ucols[j]
            .deltas
            .iter()
            .fold(ucols[j].lower, |l, d| l + d.1.min(0.0));
        let l = own.max(
            lb.get(cols[j].as_str())
                .copied()
                .unwrap_or(f64::NEG_INFINITY),
        );
        if ucols[j].home.is_some() || !ucols[j].gone_for.is_empty() {
            l.min(0.0)
        } else {
            l
        }
    };
    let nc = cols.len();
    let col_lo: Vec<f64> = (0..nc).map(least).collect();
    let col_hi: Vec<f64> = (0..nc).map(big).collect();
    let need = |j: usize, why: &str| -> Result<f64, String> {
        let u = col_hi[j];
        if u.is_finite() {
            Ok(u)
        } else {
            Err(format!("column {} has no upper bound in any option set's model, and the multi-year model needs one to {why}", cols[j]))
        }
    };

    let mut out = Block {
        cols: cols.clone(),
        lower: col_lo.clone(),
        upper: vec![f64::INFINITY; nc],
        integer: ucols.iter().map(|c| c.integer).collect(),
        cost: ucols.iter().map(|c| c.cost).collect(),
        offset: base.offset,
        on_cost,
        prods: Vec::new(),
        rows: Vec::new(),
        sets_verified: 0,
    };
    for (j, c) in ucols.iter().enumerate() {
        // The widest of the column's bounds over the sets; rows below narrow it per set.
        let up = c.deltas.iter().fold(c.upper, |u, d| u + d.2.max(0.0));
        out.upper[j] = up.min(col_hi[j]).max(out.lower[j]);
    }
    let mut prod_of: HashMap<(usize, usize), usize> = HashMap::new();
    let prod = |out: &mut Block,
                prod_of: &mut HashMap<(usize, usize), usize>,
                o: usize,
                j: usize|
     -> Result<usize, String> {
        if let Some(&k) = prod_of.get(&(o, j)) {
            return Ok(k);
        }
        let hi = need(j, &format!("apply option \"{}\"'s change to it", names[o]))?;
        let lo = col_lo[j];
        if !lo.is_finite() {
            return Err(format!("column {} has no lower bound", cols[j]));
        }
        let k = out.prods.len();
        out.prods.push(Prod {
            lo: lo.min(0.0),
            hi: hi.max(0.0),
            cost: 0.0,
        });
        prod_of.insert((o, j), k);
        // McCormick: lo u <= p <= hi u; x - hi (1 - u) <= p <= x - lo (1 - u).
        let (p, x, u) = (Term::Prod(k), Term::Col(j), Term::On(o));
        out.rows.push(BlockRow {
            terms: vec![(p, 1.0), (u, -hi)],
            lo: f64::NEG_INFINITY,
            hi: 0.0,
        });
        if lo != 0.0 {
            out.rows.push(BlockRow {
                terms: vec![(p, 1.0), (u, -lo)],
                lo: 0.0,
                hi: f64::INFINITY,
            });
        }
        out.rows.push(BlockRow {
            terms: vec![(p, 1.0), (x, -1.0), (u, -lo)],
            lo: f64::NEG_INFINITY,
            hi: -lo,
        });
        out.rows.push(BlockRow {
            terms: vec![(p, 1.0), (x, -1.0), (u, -hi)],
            lo: -hi,
            hi: f64::INFINITY,
        });
        Ok(k)
    };

    // Columns: switching, bounds per set, cost changes.
    for j in 0..nc {
        let c = &ucols[j];
        if let Some(h) = c.home {
            let u = need(j, &format!("switch it off with option \"{}\"", names[h]))?;
            out.rows.push(BlockRow {
                terms: vec![(Term::Col(j), 1.0), (Term::On(h), -u)],
                lo: f64::NEG_INFINITY,
                hi: 0.0,
            });
            if c.lower > 0.0 {
                out.rows.push(BlockRow {
                    terms: vec![(Term::Col(j), 1.0), (Term::On(h), -c.lower)],
                    lo: 0.0,
                    hi: f64::INFINITY,
                });
            }
        }
        for &g in &c.gone_for {
            let u = need(j, &format!("remove it with option \"{}\"", names[g]))?;
            out.rows.push(BlockRow {
                terms: vec![(Term::Col(j), 1.0), (Term::On(g), u)],
                lo: f64::NEG_INFINITY,
                hi: u,
            });
            if c.lower > 0.0 && c.home.is_none() {
                out.rows.push(BlockRow {
                    terms: vec![(Term::Col(j), 1.0), (Term::On(g), c.lower)],
                    lo: c.lower,
                    hi: f64::INFINITY,
                });
            }
        }
        let upper_changes: Vec<(usize, f64)> = c
            .deltas
            .iter()
            .filter(|d| d.2 != 0.0)
            .map(|d| (d.0, d.2))
            .collect();
        if !upper_changes.is_empty() {
            // x - sum_o (U'_o - U) u[o] <= U, an infinite bound standing as the propagated one.
            let cap = |v: f64| if v.is_finite() { v } else { col_hi[j] };
            let own = cap(c.upper);
            let mut terms = vec![(Term::Col(j), 1.0)];
            for (o, d) in upper_changes {
                let new = cap(c.upper + d);
                if !own.is_finite() || !new.is_finite() {
                    need(j, &format!("change its bound with option \"{}\"", names[o]))?;
                }
                terms.push((Term::On(o), -(new - own)));
            }
            out.rows.push(BlockRow {
                terms,
                lo: f64::NEG_INFINITY,
                hi: own,
            });
        }
        let lower_changes: Vec<(usize, f64)> = c
            .deltas
            .iter()
            .filter(|d| d.1 != 0.0)
            .map(|d| (d.0, d.1))
            .collect();
        if !lower_changes.is_empty() {
            if !c.lower.is_finite() || lower_changes.iter().any(|d| !d.1.is_finite()) {
                return Err(format!(
                    "an option makes the lower bound of {} infinite",
                    cols[j]
                ));
            }
            let mut terms = vec![(Term::Col(j), 1.0)];
            for (o, d) in lower_changes {
                terms.push((Term::On(o), -d));
            }
            out.rows.push(BlockRow {
                terms,
                lo: c.lower,
                hi: f64::INFINITY,
            });
        }
        for d in c.deltas.iter().filter(|d| d.3 != 0.0) {
            let k = prod(&mut out, &mut prod_of, d.0, j)?;
            out.prods[k].cost += d.3;
        }
    }

    // Rows.
    for r in &urows {
        let mut terms: Vec<(Term, f64)> = r.coefs.iter().map(|&(j, v)| (Term::Col(j), v)).collect();
        for &(o, t, v) in &r.deltas {
            let t = match t {
                Term::Prod(j) => Term::Prod(prod(&mut out, &mut prod_of, o, j)?),
                t => t,
            };
            terms.push((t, v));
        }
        for &(o, d) in &r.rhs_deltas {
            terms.push((Term::On(o), -d));
        }
        let gated = r.home.is_some() || !r.gone_for.is_empty();
        if !gated {
            let lo = if r.eq { r.rhs } else { f64::NEG_INFINITY };
            out.rows.push(BlockRow {
                terms,
                lo,
                hi: r.rhs,
            });
            continue;
        }
        let own_only = r.gone_for.is_empty()
            && r.deltas.is_empty()
            && r.rhs_deltas.is_empty()
            && r.coefs.iter().all(|&(j, _)| ucols[j].home == r.home);
        if let (true, Some(h)) = (own_only, r.home) {
            // a x <= b u[h]: exact, the option's columns being 0 when it is off.
            terms.push((Term::On(h), -r.rhs));
            out.rows.push(BlockRow {
                terms,
                lo: if r.eq { 0.0 } else { f64::NEG_INFINITY },
                hi: 0.0,
            });
            continue;
        }
        // Big-M: the row holds whatever the plan when it is switched off.
        let range = |t: Term| -> (f64, f64) {
            match t {
                Term::Col(j) => (col_lo[j], col_hi[j]),
                Term::Prod(k) => (out.prods[k].lo, out.prods[k].hi),
                Term::On(_) => (0.0, 1.0),
            }
        };
        let (mut most, mut fewest) = (0.0, 0.0);
        for &(t, v) in &terms {
            let (l, u) = range(t);
            if v > 0.0 {
                most += v * u;
                fewest += v * l;
            } else {
                most += v * l;
                fewest += v * u;
            }
        }
        let mut sides = vec![(1.0, most)];
        if r.eq {
            sides.push((-1.0, -fewest));
        }
        for (sign, act) in sides {
            let m = act - sign * r.rhs;
            if !m.is_finite() {
                return Err(format!(
                    "row {} cannot be switched by an option: its activity has no finite bound",
                    r.key
                ));
            }
            let m = m.max(0.0);
            let mut t: Vec<(Term, f64)> = terms.iter().map(|&(t, v)| (t, sign * v)).collect();
            let mut hi = sign * r.rhs;
            if let Some(h) = r.home {
                t.push((Term::On(h), m));
                hi += m;
            }
            for &g in &r.gone_for {
                t.push((Term::On(g), -m));
            }
            out.rows.push(BlockRow {
                terms: t,
                lo: f64::NEG_INFINITY,
                hi,
            });
        }
    }

    // Aggregate bounds: sum_{j in G} x_j <= T_G in every set (tonnes of a stream processed
    // over the horizon at most what is collected and in stock), so the option's share of them
    // is at most T_G u[o]. Valid at integer points, and it keeps the relaxation from taking a
    // whole option's effect on a lightly used line for a fraction of its cost.
    let mut agg: HashMap<(usize, &str), Aggregate> = HashMap::new();
    for (&(o, j), &k) in &prod_of {
        if let Some((g, cap)) = groups.get(&cols[j]) {
            let e = agg.entry((o, g.as_str())).or_insert((Vec::new(), *cap));
            e.0.push((Term::Prod(k), 1.0));
        }
    }
    for (j, c) in ucols.iter().enumerate() {
        if let (Some(h), Some((g, cap))) = (c.home, groups.get(&cols[j])) {
            let e = agg.entry((h, g.as_str())).or_insert((Vec::new(), *cap));
            e.0.push((Term::Col(j), 1.0));
        }
    }
    let mut agg: Vec<_> = agg.into_iter().collect();
    agg.sort_by(|a, b| a.0.cmp(&b.0));
    for ((o, _), (mut terms, cap)) in agg {
        if terms.len() > 1 && cap.is_finite() {
            terms.sort_by_key(|t| match t.0 {
                Term::Col(j) | Term::Prod(j) | Term::On(j) => j,
            });
            terms.push((Term::On(o), -cap));
            out.rows.push(BlockRow {
                terms,
                lo: f64::NEG_INFINITY,
                hi: 0.0,
            });
        }
    }

    // Exactness: the block at u = 1_S equals the model built for S.
    for (mask, lp) in models {
        verify(
            *mask,
            lp,
            &col_index,
            &ucols,
            &urows,
            base.offset,
            &out.on_cost,
        )
        .map_err(|e| format!("option set \"{}\": {e}", set_label(names, *mask)))?;
        out.sets_verified += 1;
    }
    Ok(out)
}

fn verify(
    mask: u32,
    lp: &NamedLp,
    col_index: &HashMap<String, usize>,
    ucols: &[UCol],
    urows: &[URow],
    offset: f64,
    on_cost: &[(usize, f64)],
) -> Result<(), String> {
    let on = |o: usize| mask & (1 << o) != 0;
    let active_col = |c: &UCol| c.home.is_none_or(on) && !c.gone_for.iter().any(|&g| on(g));
    let why = "the options' effects do not add up (two options changing the same figure?), so the multi-year model cannot represent this set";
    let mut cols = vec![""; ucols.len()];
    for (name, &j) in col_index {
        cols[j] = name.as_str();
    }
    let mut ncols = 0;
    for (j, c) in ucols.iter().enumerate() {
        if !active_col(c) {
            continue;
        }
        ncols += 1;
        let Some(&k) = lp.col_index.get(cols[j]) else {
            return Err(format!(
                "column {} is missing from the set's model; {why}",
                cols[j]
            ));
        };
        let (mut l, mut u, mut cost) = (c.lower, c.upper, c.cost);
        for d in c.deltas.iter().filter(|d| on(d.0)) {
            l += d.1;
            u += d.2;
            cost += d.3;
        }
        for (what, want, got) in [
            ("lower bound", l, lp.lower[k]),
            ("upper bound", u, lp.upper[k]),
            ("cost", cost, lp.cost[k]),
        ] {
            if !close(want, got) {
                return Err(format!(
                    "the {what} of column {} is {got} in the set's model, {want} in the multi-year model; {why}",
                    cols[j]
                ));
            }
        }
    }
    if ncols != lp.cols.len() {
        return Err(format!(
            "the set's model has {} columns, the multi-year model {ncols}; {why}",
            lp.cols.len()
        ));
    }
    let mut nrows = 0;
    let mut want: HashMap<usize, f64> = HashMap::new();
    for r in urows {
        if !r.home.is_none_or(on) || r.gone_for.iter().any(|&g| on(g)) {
            continue;
        }
        nrows += 1;
        let Some(&k) = lp.row_index.get(&r.key) else {
            return Err(format!(
                "row {} is missing from the set's model; {why}",
                r.key
            ));
        };
        if lp.eq[k] != r.eq {
            return Err(format!("row {} changes sense; {why}", r.key));
        }
        let rhs = r.rhs
            + r.rhs_deltas
                .iter()
                .filter(|d| on(d.0))
                .map(|d| d.1)
                .sum::<f64>();
        if !close(rhs, lp.rhs[k]) {
            return Err(format!(
                "the right-hand side of row {} is {} in the set's model, {rhs} in the multi-year model; {why}",
                r.key, lp.rhs[k]
            ));
        }
        want.clear();
        for &(j, v) in &r.coefs {
            if active_col(&ucols[j]) {
                *want.entry(j).or_insert(0.0) += v;
            }
        }
        for &(_, t, v) in r.deltas.iter().filter(|d| on(d.0)) {
            if let Term::Col(j) | Term::Prod(j) = t {
                if active_col(&ucols[j]) {
                    *want.entry(j).or_insert(0.0) += v;
                }
            }
        }
        let mut matched = 0;
        for &(jl, got) in &lp.coefs[k] {
            let w = col_index
                .get(&lp.cols[jl])
                .and_then(|j| want.get(j))
                .copied()
                .unwrap_or(0.0);
            if !close(w, got) {
                return Err(format!(
                    "the coefficient of {} in row {} is {got} in the set's model, {w} in the multi-year model; {why}",
                    lp.cols[jl], r.key
                ));
            }
            matched += 1;
        }
        let nonzero = want.values().filter(|v| !close(**v, 0.0)).count();
        if nonzero != matched {
            return Err(format!(
                "row {} has {matched} coefficients in the set's model, {nonzero} in the multi-year model; {why}",
                r.key
            ));
        }
    }
    if nrows != lp.rows.len() {
        return Err(format!(
            "the set's model has {} rows, the multi-year model {nrows}; {why}",
            lp.rows.len()
        ));
    }
    let off = offset + on_cost.iter().filter(|d| on(d.0)).map(|d| d.1).sum::<f64>();
    if !close(off, lp.offset) {
        return Err(format!(
            "the objective constant is {} in the set's model, {off} in the multi-year model; {why}",
            lp.offset
        ));
    }
    Ok(())
}
