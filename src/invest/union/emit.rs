//! Writing the block: each column's switching and changes, each row switched or changed, and
//! the aggregate bounds, from the union read by [`super::Union`].

use super::{Block, BlockRow, Extremes, Prod, Term, URow, Union};
use std::collections::HashMap;

/// An aggregate bound being gathered: its terms and its total `T_G`.
struct Aggregate {
    terms: Vec<(Term, f64)>,
    total: f64,
}

/// Writes the block of `union`: columns, rows, then the aggregate bounds of `groups`.
pub(super) fn emit(
    union: &Union,
    ext: &Extremes,
    groups: &HashMap<String, (String, f64)>,
) -> Result<Block, String> {
    let mut e = Emitter::new(union, ext);
    for j in 0..union.cols.len() {
        e.column(j)?;
    }
    for r in &union.urows {
        e.row(r)?;
    }
    e.aggregates(groups);
    Ok(e.out)
}

/// The block being written, with the bounds used for switching and the product columns made.
struct Emitter<'u, 'a> {
    union: &'u Union<'a>,
    /// Least lower bound of each column over the sets, 0 for a column an option adds or
    /// removes.
    lo: Vec<f64>,
    /// Largest upper bound of each column over the sets.
    hi: Vec<f64>,
    out: Block,
    /// The product column of (option, column).
    prod_of: HashMap<(usize, usize), usize>,
}

impl<'u, 'a> Emitter<'u, 'a> {
    /// The bounds used for switching (the columns' own, tightened by propagation over every
    /// set) and the block's columns.
    fn new(union: &'u Union<'a>, ext: &Extremes) -> Self {
        let (ucols, cols) = (&union.ucols, &union.cols);
        let big = |j: usize| -> f64 {
            let own = ucols[j]
                .deltas
                .iter()
                .fold(ucols[j].upper, |u, d| u + d.upper.max(0.0));
            own.min(
                ext.upper
                    .get(cols[j].as_str())
                    .copied()
                    .unwrap_or(f64::INFINITY),
            )
        };
        let least = |j: usize| -> f64 {
            let own = ucols[j]
                .deltas
                .iter()
                .fold(ucols[j].lower, |l, d| l + d.lower.min(0.0));
            let l = own.max(
                ext.lower
                    .get(cols[j].as_str())
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
        let lo: Vec<f64> = (0..nc).map(least).collect();
        let hi: Vec<f64> = (0..nc).map(big).collect();
        let mut out = Block {
            cols: cols.clone(),
            lower: lo.clone(),
            upper: vec![f64::INFINITY; nc],
            integer: ucols.iter().map(|c| c.integer).collect(),
            cost: ucols.iter().map(|c| c.cost).collect(),
            offset: union.base.offset,
            on_cost: union.on_cost.clone(),
            prods: Vec::new(),
            rows: Vec::new(),
            sets_verified: 0,
        };
        for (j, c) in ucols.iter().enumerate() {
            // The widest of the column's bounds over the sets; rows below narrow it per set.
            let up = c.deltas.iter().fold(c.upper, |u, d| u + d.upper.max(0.0));
            out.upper[j] = up.min(hi[j]).max(out.lower[j]);
        }
        Emitter {
            union,
            lo,
            hi,
            out,
            prod_of: HashMap::new(),
        }
    }

    /// The finite upper bound of column `j`, needed to `why`.
    fn need(&self, j: usize, why: &str) -> Result<f64, String> {
        let u = self.hi[j];
        if u.is_finite() {
            Ok(u)
        } else {
            Err(format!("column {} has no upper bound in any option set's model, and the multi-year model needs one to {why}", self.union.cols[j]))
        }
    }

    /// The product column `p = x_j u[o]`, made with its McCormick rows on first use.
    fn prod(&mut self, o: usize, j: usize) -> Result<usize, String> {
        if let Some(&k) = self.prod_of.get(&(o, j)) {
            return Ok(k);
        }
        let hi = self.need(
            j,
            &format!("apply option \"{}\"'s change to it", self.union.names[o]),
        )?;
        let lo = self.lo[j];
        if !lo.is_finite() {
            return Err(format!("column {} has no lower bound", self.union.cols[j]));
        }
        let out = &mut self.out;
        let k = out.prods.len();
        out.prods.push(Prod {
            lo: lo.min(0.0),
            hi: hi.max(0.0),
            cost: 0.0,
        });
        self.prod_of.insert((o, j), k);
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
    }

    /// Column `j`: switched on by its option, off by the options that remove it; its bounds
    /// per set; its cost changes, on products.
    fn column(&mut self, j: usize) -> Result<(), String> {
        self.switch_column(j)?;
        self.upper_changes(j)?;
        self.lower_changes(j)?;
        let union = self.union;
        let c = &union.ucols[j];
        for d in c.deltas.iter().filter(|d| d.cost != 0.0) {
            let k = self.prod(d.option, j)?;
            self.out.prods[k].cost += d.cost;
        }
        Ok(())
    }

    /// `L u[h] <= x <= U u[h]` for a column of option `h`; `x <= U (1 - u[g])` (and its lower
    /// bound likewise) for each option `g` that removes it.
    fn switch_column(&mut self, j: usize) -> Result<(), String> {
        let union = self.union;
        let c = &union.ucols[j];
        if let Some(h) = c.home {
            let u = self.need(
                j,
                &format!("switch it off with option \"{}\"", union.names[h]),
            )?;
            self.out.rows.push(BlockRow {
                terms: vec![(Term::Col(j), 1.0), (Term::On(h), -u)],
                lo: f64::NEG_INFINITY,
                hi: 0.0,
            });
            if c.lower > 0.0 {
                self.out.rows.push(BlockRow {
                    terms: vec![(Term::Col(j), 1.0), (Term::On(h), -c.lower)],
                    lo: 0.0,
                    hi: f64::INFINITY,
                });
            }
        }
        for &g in &c.gone_for {
            let u = self.need(j, &format!("remove it with option \"{}\"", union.names[g]))?;
            self.out.rows.push(BlockRow {
                terms: vec![(Term::Col(j), 1.0), (Term::On(g), u)],
                lo: f64::NEG_INFINITY,
                hi: u,
            });
            if c.lower > 0.0 && c.home.is_none() {
                self.out.rows.push(BlockRow {
                    terms: vec![(Term::Col(j), 1.0), (Term::On(g), c.lower)],
                    lo: c.lower,
                    hi: f64::INFINITY,
                });
            }
        }
        Ok(())
    }

    /// `x - sum_o (U'_o - U) u[o] <= U` when options change the upper bound, an infinite bound
    /// standing as the propagated one.
    fn upper_changes(&mut self, j: usize) -> Result<(), String> {
        let union = self.union;
        let c = &union.ucols[j];
        let upper_changes: Vec<(usize, f64)> = c
            .deltas
            .iter()
            .filter(|d| d.upper != 0.0)
            .map(|d| (d.option, d.upper))
            .collect();
        if upper_changes.is_empty() {
            return Ok(());
        }
        let cap = |v: f64| if v.is_finite() { v } else { self.hi[j] };
        let own = cap(c.upper);
        let mut terms = vec![(Term::Col(j), 1.0)];
        for (o, d) in upper_changes {
            let new = cap(c.upper + d);
            if !own.is_finite() || !new.is_finite() {
                self.need(
                    j,
                    &format!("change its bound with option \"{}\"", union.names[o]),
                )?;
            }
            terms.push((Term::On(o), -(new - own)));
        }
        self.out.rows.push(BlockRow {
            terms,
            lo: f64::NEG_INFINITY,
            hi: own,
        });
        Ok(())
    }

    /// `x - sum_o (L'_o - L) u[o] >= L` when options change the lower bound.
    fn lower_changes(&mut self, j: usize) -> Result<(), String> {
        let union = self.union;
        let c = &union.ucols[j];
        let lower_changes: Vec<(usize, f64)> = c
            .deltas
            .iter()
            .filter(|d| d.lower != 0.0)
            .map(|d| (d.option, d.lower))
            .collect();
        if lower_changes.is_empty() {
            return Ok(());
        }
        if !c.lower.is_finite() || lower_changes.iter().any(|d| !d.1.is_finite()) {
            return Err(format!(
                "an option makes the lower bound of {} infinite",
                union.cols[j]
            ));
        }
        let mut terms = vec![(Term::Col(j), 1.0)];
        for (o, d) in lower_changes {
            terms.push((Term::On(o), -d));
        }
        self.out.rows.push(BlockRow {
            terms,
            lo: c.lower,
            hi: f64::INFINITY,
        });
        Ok(())
    }

    /// Row `r` with the options' changes: as is when no option adds or removes it, `a x <= b
    /// u[h]` when it holds only its option's columns, else switched by a big-M.
    fn row(&mut self, r: &URow) -> Result<(), String> {
        let mut terms: Vec<(Term, f64)> = r.coefs.iter().map(|&(j, v)| (Term::Col(j), v)).collect();
        for d in &r.deltas {
            let t = match d.term {
                Term::Prod(j) => Term::Prod(self.prod(d.option, j)?),
                t => t,
            };
            terms.push((t, d.coef));
        }
        for d in &r.rhs_deltas {
            terms.push((Term::On(d.option), -d.change));
        }
        let gated = r.home.is_some() || !r.gone_for.is_empty();
        if !gated {
            let lo = if r.eq { r.rhs } else { f64::NEG_INFINITY };
            self.out.rows.push(BlockRow {
                terms,
                lo,
                hi: r.rhs,
            });
            return Ok(());
        }
        let ucols = &self.union.ucols;
        let own_only = r.gone_for.is_empty()
            && r.deltas.is_empty()
            && r.rhs_deltas.is_empty()
            && r.coefs.iter().all(|&(j, _)| ucols[j].home == r.home);
        if let (true, Some(h)) = (own_only, r.home) {
            // a x <= b u[h]: exact, the option's columns being 0 when it is off.
            terms.push((Term::On(h), -r.rhs));
            self.out.rows.push(BlockRow {
                terms,
                lo: if r.eq { 0.0 } else { f64::NEG_INFINITY },
                hi: 0.0,
            });
            return Ok(());
        }
        self.big_m(r, &terms)
    }

    /// Row `r` (with `terms`) switched by a big-M: it holds whatever the plan when it is
    /// switched off; both sides of an equality.
    fn big_m(&mut self, r: &URow, terms: &[(Term, f64)]) -> Result<(), String> {
        let range = |t: Term| -> (f64, f64) {
            match t {
                Term::Col(j) => (self.lo[j], self.hi[j]),
                Term::Prod(k) => (self.out.prods[k].lo, self.out.prods[k].hi),
                Term::On(_) => (0.0, 1.0),
            }
        };
        let (mut most, mut fewest) = (0.0, 0.0);
        for &(t, v) in terms {
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
            self.out.rows.push(BlockRow {
                terms: t,
                lo: f64::NEG_INFINITY,
                hi,
            });
        }
        Ok(())
    }

    /// Aggregate bounds: sum_{j in G} x_j <= T_G in every set (tonnes of a stream processed
    /// over the horizon at most what is collected and in stock), so the option's share of them
    /// is at most T_G u[o]. Valid at integer points, and it keeps the relaxation from taking a
    /// whole option's effect on a lightly used line for a fraction of its cost.
    fn aggregates(&mut self, groups: &HashMap<String, (String, f64)>) {
        let cols = &self.union.cols;
        let mut agg: HashMap<(usize, &str), Aggregate> = HashMap::new();
        let new = |total: f64| Aggregate {
            terms: Vec::new(),
            total,
        };
        for (&(o, j), &k) in &self.prod_of {
            if let Some((g, cap)) = groups.get(&cols[j]) {
                let e = agg.entry((o, g.as_str())).or_insert_with(|| new(*cap));
                e.terms.push((Term::Prod(k), 1.0));
            }
        }
        for (j, c) in self.union.ucols.iter().enumerate() {
            if let (Some(h), Some((g, cap))) = (c.home, groups.get(&cols[j])) {
                let e = agg.entry((h, g.as_str())).or_insert_with(|| new(*cap));
                e.terms.push((Term::Col(j), 1.0));
            }
        }
        let mut agg: Vec<_> = agg.into_iter().collect();
        agg.sort_by(|a, b| a.0.cmp(&b.0));
        for ((o, _), Aggregate { mut terms, total }) in agg {
            if terms.len() > 1 && total.is_finite() {
                terms.sort_by_key(|t| match t.0 {
                    Term::Col(j) | Term::Prod(j) | Term::On(j) => j,
                });
                terms.push((Term::On(o), -total));
                self.out.rows.push(BlockRow {
                    terms,
                    lo: f64::NEG_INFINITY,
                    hi: 0.0,
                });
            }
        }
    }
}
