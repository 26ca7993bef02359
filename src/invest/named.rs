//! A year's model as named data, so that the models of one year under different option sets
//! can be compared entry by entry: columns keyed by their exported names
//! ([`crate::export::column_names`]), rows by their keys ([`Row::key`](crate::formulation::Row::key):
//! `line_capacity[recycling_centre,crt_cutting,morning,w3]`), and every inequality as `<=`.

use crate::export;
use crate::formulation::Formulation;
use crate::plant::Instance;
use std::collections::HashMap;

/// A linear program with named columns and rows; rows are `a x <= b` or `a x = b`.
#[derive(Debug, Clone)]
pub(crate) struct NamedLp {
    /// Column names.
    pub cols: Vec<String>,
    /// Column index by name.
    pub col_index: HashMap<String, usize>,
    /// Lower bounds.
    pub lower: Vec<f64>,
    /// Upper bounds.
    pub upper: Vec<f64>,
    /// Integer columns.
    pub integer: Vec<bool>,
    /// Objective coefficients.
    pub cost: Vec<f64>,
    /// Objective constant.
    pub offset: f64,
    /// Row keys.
    pub rows: Vec<String>,
    /// Row index by key.
    pub row_index: HashMap<String, usize>,
    /// Equality rows.
    pub eq: Vec<bool>,
    /// Right-hand sides.
    pub rhs: Vec<f64>,
    /// Coefficients of each row, by column, no zeros.
    pub coefs: Vec<Vec<(usize, f64)>>,
}

/// Appends `#2`, `#3`, ... to repeated keys (in order, so that two models agree).
fn unique(keys: Vec<String>) -> (Vec<String>, HashMap<String, usize>) {
    let mut index = HashMap::with_capacity(keys.len());
    let mut out = Vec::with_capacity(keys.len());
    for (i, k) in keys.into_iter().enumerate() {
        let mut key = k.clone();
        let mut n = 1;
        while index.contains_key(&key) {
            n += 1;
            key = format!("{k}#{n}");
        }
        index.insert(key.clone(), i);
        out.push(key);
    }
    (out, index)
}

/// The named form of a built model.
pub(crate) fn named_lp(inst: &Instance, f: &Formulation) -> NamedLp {
    let m = export::matrix(inst, f);
    let (cols, col_index) = unique(m.col_names);
    let keys = f
        .model
        .rows
        .labels
        .iter()
        .map(|l| l.key(&inst.plant))
        .collect();
    let (rows, row_index) = unique(keys);
    let mut eq = Vec::with_capacity(m.rows.len());
    let mut rhs = Vec::with_capacity(m.rows.len());
    let mut coefs = Vec::with_capacity(m.rows.len());
    for ((mut c, sense), b) in m.rows.into_iter().zip(m.row_sense).zip(m.rhs) {
        match sense {
            export::Sense::Ge => {
                for (_, a) in &mut c {
                    *a = -*a;
                }
                eq.push(false);
                rhs.push(-b);
            }
            export::Sense::Le => {
                eq.push(false);
                rhs.push(b);
            }
            export::Sense::Eq => {
                eq.push(true);
                rhs.push(b);
            }
        }
        coefs.push(c);
    }
    NamedLp {
        cols,
        col_index,
        lower: m.col_lower,
        upper: m.col_upper,
        integer: m.col_integer,
        cost: m.objective,
        offset: m.objective_offset,
        rows,
        row_index,
        eq,
        rhs,
        coefs,
    }
}

/// Column bounds implied by the rows (activity-based bound propagation, a few passes): every
/// feasible point of the model lies within them. Tightenings are rounded outwards, so the
/// bounds stay valid despite rounding.
pub(crate) fn propagated_bounds(lp: &NamedLp) -> (Vec<f64>, Vec<f64>) {
    let mut lo = lp.lower.clone();
    let mut up = lp.upper.clone();
    let loosen = |x: f64| x.abs() * 1e-9 + 1e-9;
    for _ in 0..30 {
        let mut changed = false;
        for (r, row) in lp.coefs.iter().enumerate() {
            let senses: &[f64] = if lp.eq[r] { &[1.0, -1.0] } else { &[1.0] };
            for &sign in senses {
                let b = sign * lp.rhs[r];
                // Least activity of sign * row, with the count of unbounded terms.
                let mut least = 0.0;
                let mut unbounded = 0;
                let mut which = usize::MAX;
                for &(j, a) in row {
                    let c = sign * a;
                    let m = if c > 0.0 { c * lo[j] } else { c * up[j] };
                    if m.is_finite() {
                        least += m;
                    } else {
                        unbounded += 1;
                        which = j;
                    }
                }
                if unbounded > 1 {
                    continue;
                }
                for &(j, a) in row {
                    let c = sign * a;
                    let own = if c > 0.0 { c * lo[j] } else { c * up[j] };
                    let rest = if unbounded == 0 {
                        least - own
                    } else if which == j {
                        least
                    } else {
                        continue;
                    };
                    let v = (b - rest) / c;
                    if c > 0.0 {
                        let v = v + loosen(v);
                        if up[j].is_infinite() || v < up[j] - 1e-7 * up[j].abs().max(1.0) {
                            up[j] = v.max(lo[j]);
                            changed = true;
                        }
                    } else {
                        let v = v - loosen(v);
                        if lo[j].is_infinite() || v > lo[j] + 1e-7 * lo[j].abs().max(1.0) {
                            lo[j] = v.min(up[j]);
                            changed = true;
                        }
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    (lo, up)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row: coefficients, equality, right-hand side.
    type TestRow = (Vec<(usize, f64)>, bool, f64);

    fn lp(rows: Vec<TestRow>, n: usize) -> NamedLp {
        let cols: Vec<String> = (0..n).map(|j| format!("x{j}")).collect();
        NamedLp {
            col_index: cols.iter().cloned().zip(0..).collect(),
            cols,
            lower: vec![0.0; n],
            upper: vec![f64::INFINITY; n],
            integer: vec![false; n],
            cost: vec![0.0; n],
            offset: 0.0,
            rows: (0..rows.len()).map(|i| format!("r{i}")).collect(),
            row_index: HashMap::new(),
            eq: rows.iter().map(|r| r.1).collect(),
            rhs: rows.iter().map(|r| r.2).collect(),
            coefs: rows.into_iter().map(|r| r.0).collect(),
        }
    }

    #[test]
    fn bounds_follow_from_capacities_and_balances() {
        // x0 / 2 <= 10 (x0 <= 20); 3 x1 - x0 = 0 (x1 <= 20/3); x2 free above: no bound.
        let m = lp(
            vec![
                (vec![(0, 0.5)], false, 10.0),
                (vec![(0, -1.0), (1, 3.0)], true, 0.0),
            ],
            3,
        );
        let (lo, up) = propagated_bounds(&m);
        assert!((up[0] - 20.0).abs() < 1e-6 && up[0] >= 20.0);
        assert!((up[1] - 20.0 / 3.0).abs() < 1e-6 && up[1] >= 20.0 / 3.0);
        assert!(up[2].is_infinite());
        assert_eq!(lo, vec![0.0; 3]);
    }
}
