//! The built model as plain arrays: what a backend driven through a C API (SCIP, CBC) and the
//! exported files read, in one place.
//!
//! good_lp stores every row as `expression <= 0` or `expression = 0` with the constant inside
//! the expression; here a row is `lower <= a·x <= upper` with `lower = -inf` for an inequality
//! and `lower = upper` for an equality, columns in good_lp's order.

use crate::formulation::LpModel;
use good_lp::{IntoAffineExpression, Variable};
use std::collections::HashMap;

/// Columns, rows and objective of a built model.
#[derive(Debug, Clone, Default)]
pub struct SparseModel {
    /// Lower bound of each column (may be `-inf`).
    pub col_lower: Vec<f64>,
    /// Upper bound of each column (may be `+inf`).
    pub col_upper: Vec<f64>,
    /// Whether each column is integer.
    pub col_integer: Vec<bool>,
    /// Objective coefficient of each column (minimised).
    pub objective: Vec<f64>,
    /// Constant term of the objective.
    pub objective_offset: f64,
    /// Lower side of each row (`-inf` for `<=` rows).
    pub row_lower: Vec<f64>,
    /// Upper side of each row.
    pub row_upper: Vec<f64>,
    /// Coefficients of each row: `(column, value)`, by increasing column, no zeros.
    pub rows: Vec<Vec<(usize, f64)>>,
}

impl SparseModel {
    /// The arrays of a built model, exactly as good_lp holds it.
    pub fn of(m: &LpModel) -> SparseModel {
        let n = m.problem.len();
        let mut col_of: HashMap<Variable, usize> = HashMap::with_capacity(n);
        let mut s = SparseModel {
            col_lower: Vec::with_capacity(n),
            col_upper: Vec::with_capacity(n),
            col_integer: Vec::with_capacity(n),
            objective: vec![0.0; n],
            objective_offset: m.objective.constant(),
            ..SparseModel::default()
        };
        for (j, (var, def)) in m.problem.iter_variables_with_def().enumerate() {
            col_of.insert(var, j);
            s.col_lower.push(def.get_min());
            s.col_upper.push(def.get_max());
            s.col_integer.push(def.is_integer());
        }
        for (var, a) in (&m.objective).linear_coefficients() {
            s.objective[col_of[&var]] += a;
        }
        let nr = m.rows.constraints.len();
        s.rows.reserve(nr);
        s.row_lower.reserve(nr);
        s.row_upper.reserve(nr);
        for c in &m.rows.constraints {
            let e = c.expression();
            let mut coefs: Vec<(usize, f64)> = e
                .linear_coefficients()
                .filter(|&(_, a)| a != 0.0)
                .map(|(var, a)| (col_of[&var], a))
                .collect();
            coefs.sort_unstable_by_key(|&(j, _)| j);
            let b = -e.constant();
            s.row_upper.push(b);
            s.row_lower.push(if c.is_equality() {
                b
            } else {
                f64::NEG_INFINITY
            });
            s.rows.push(coefs);
        }
        s
    }

    /// Number of columns.
    pub fn num_cols(&self) -> usize {
        self.col_lower.len()
    }

    /// Number of rows.
    pub fn num_rows(&self) -> usize {
        self.rows.len()
    }

    /// The matrix in compressed sparse columns: `(start, row index, value)`, with
    /// `start.len() == num_cols() + 1`.
    pub fn csc(&self) -> (Vec<i32>, Vec<i32>, Vec<f64>) {
        let n = self.num_cols();
        let mut count = vec![0usize; n];
        for r in &self.rows {
            for &(j, _) in r {
                count[j] += 1;
            }
        }
        let mut start = Vec::with_capacity(n + 1);
        let mut acc = 0usize;
        start.push(0i32);
        for c in &count {
            acc += c;
            start.push(acc as i32);
        }
        let mut next: Vec<usize> = start[..n].iter().map(|&s| s as usize).collect();
        let mut index = vec![0i32; acc];
        let mut value = vec![0.0; acc];
        for (i, r) in self.rows.iter().enumerate() {
            for &(j, a) in r {
                index[next[j]] = i as i32;
                value[next[j]] = a;
                next[j] += 1;
            }
        }
        (start, index, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csc_lists_each_column_s_rows_in_order() {
        let s = SparseModel {
            col_lower: vec![0.0; 3],
            col_upper: vec![1.0; 3],
            col_integer: vec![false; 3],
            objective: vec![0.0; 3],
            row_lower: vec![f64::NEG_INFINITY, 1.0],
            row_upper: vec![4.0, 1.0],
            rows: vec![vec![(0, 1.0), (2, 2.0)], vec![(1, -1.0), (2, 3.0)]],
            ..SparseModel::default()
        };
        let (start, index, value) = s.csc();
        assert_eq!(start, vec![0, 1, 2, 4]);
        assert_eq!(index, vec![0, 1, 0, 1]);
        assert_eq!(value, vec![1.0, -1.0, 2.0, 3.0]);
        assert_eq!(s.row_lower[1], s.row_upper[1]);
    }
}
