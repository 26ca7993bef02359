//! Exactness: the block at `u = 1_S` (and `p = x u`) equals the model built directly for `S`,
//! entry by entry.

use super::{close, NamedLp, Term, UCol, Union};
use std::collections::HashMap;

const WHY: &str = "the options' effects do not add up (two options changing the same figure?), so the multi-year model cannot represent this set";

impl Union<'_> {
    /// Compares the union with options `mask` in service with `lp`, the model of that set:
    /// columns, bounds and costs, rows, senses, right-hand sides and coefficients, and the
    /// objective constant.
    pub(super) fn verify(&self, mask: u32, lp: &NamedLp) -> Result<(), String> {
        let on = |o: usize| mask & (1 << o) != 0;
        self.verify_columns(&on, lp)?;
        self.verify_rows(&on, lp)?;
        let off = self.base.offset
            + self
                .on_cost
                .iter()
                .filter(|d| on(d.0))
                .map(|d| d.1)
                .sum::<f64>();
        if !close(off, lp.offset) {
            return Err(format!(
                "the objective constant is {} in the set's model, {off} in the multi-year model; {WHY}",
                lp.offset
            ));
        }
        Ok(())
    }

    /// Every column in service is in `lp` with the same bounds and cost, and no other.
    fn verify_columns(&self, on: &dyn Fn(usize) -> bool, lp: &NamedLp) -> Result<(), String> {
        let mut cols = vec![""; self.ucols.len()];
        for (name, &j) in &self.col_index {
            cols[j] = name.as_str();
        }
        let mut ncols = 0;
        for (j, c) in self.ucols.iter().enumerate() {
            if !active_col(c, on) {
                continue;
            }
            ncols += 1;
            let Some(&k) = lp.col_index.get(cols[j]) else {
                return Err(format!(
                    "column {} is missing from the set's model; {WHY}",
                    cols[j]
                ));
            };
            let (mut l, mut u, mut cost) = (c.lower, c.upper, c.cost);
            for d in c.deltas.iter().filter(|d| on(d.option)) {
                l += d.lower;
                u += d.upper;
                cost += d.cost;
            }
            for (what, want, got) in [
                ("lower bound", l, lp.lower[k]),
                ("upper bound", u, lp.upper[k]),
                ("cost", cost, lp.cost[k]),
            ] {
                if !close(want, got) {
                    return Err(format!(
                        "the {what} of column {} is {got} in the set's model, {want} in the multi-year model; {WHY}",
                        cols[j]
                    ));
                }
            }
        }
        if ncols != lp.cols.len() {
            return Err(format!(
                "the set's model has {} columns, the multi-year model {ncols}; {WHY}",
                lp.cols.len()
            ));
        }
        Ok(())
    }

    /// Every row in service is in `lp` with the same sense, right-hand side and coefficients,
    /// and no other.
    fn verify_rows(&self, on: &dyn Fn(usize) -> bool, lp: &NamedLp) -> Result<(), String> {
        let mut nrows = 0;
        let mut want: HashMap<usize, f64> = HashMap::new();
        for r in &self.urows {
            if !r.home.is_none_or(on) || r.gone_for.iter().any(|&g| on(g)) {
                continue;
            }
            nrows += 1;
            let Some(&k) = lp.row_index.get(&r.key) else {
                return Err(format!(
                    "row {} is missing from the set's model; {WHY}",
                    r.key
                ));
            };
            if lp.eq[k] != r.eq {
                return Err(format!("row {} changes sense; {WHY}", r.key));
            }
            let rhs = r.rhs
                + r.rhs_deltas
                    .iter()
                    .filter(|d| on(d.option))
                    .map(|d| d.change)
                    .sum::<f64>();
            if !close(rhs, lp.rhs[k]) {
                return Err(format!(
                    "the right-hand side of row {} is {} in the set's model, {rhs} in the multi-year model; {WHY}",
                    r.key, lp.rhs[k]
                ));
            }
            want.clear();
            for &(j, v) in &r.coefs {
                if active_col(&self.ucols[j], on) {
                    *want.entry(j).or_insert(0.0) += v;
                }
            }
            for d in r.deltas.iter().filter(|d| on(d.option)) {
                if let Term::Col(j) | Term::Prod(j) = d.term {
                    if active_col(&self.ucols[j], on) {
                        *want.entry(j).or_insert(0.0) += d.coef;
                    }
                }
            }
            let mut matched = 0;
            for &(jl, got) in &lp.coefs[k] {
                let w = self
                    .col_index
                    .get(&lp.cols[jl])
                    .and_then(|j| want.get(j))
                    .copied()
                    .unwrap_or(0.0);
                if !close(w, got) {
                    return Err(format!(
                        "the coefficient of {} in row {} is {got} in the set's model, {w} in the multi-year model; {WHY}",
                        lp.cols[jl], r.key
                    ));
                }
                matched += 1;
            }
            let nonzero = want.values().filter(|v| !close(**v, 0.0)).count();
            if nonzero != matched {
                return Err(format!(
                    "row {} has {matched} coefficients in the set's model, {nonzero} in the multi-year model; {WHY}",
                    r.key
                ));
            }
        }
        if nrows != lp.rows.len() {
            return Err(format!(
                "the set's model has {} rows, the multi-year model {nrows}; {WHY}",
                lp.rows.len()
            ));
        }
        Ok(())
    }
}

/// A column in service: its option's in service (or it is the status quo's) and no option
/// that removes it is.
fn active_col(c: &UCol, on: &dyn Fn(usize) -> bool) -> bool {
    c.home.is_none_or(on) && !c.gone_for.iter().any(|&g| on(g))
}
