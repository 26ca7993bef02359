//! Money over the years: discounting, residual value, NPV against the status quo, payback,
//! regret. Pure functions of the yearly figures, so that tests can check them by hand.
//!
//! Timing convention (years indexed from 0 = the study's first year, present value at the
//! start of year 0, discount rate r):
//! - capital less grants is paid at the **start** of the start year `s`: factor `(1 + r)^-s`;
//! - operating net cost and fixed costs of year `y` fall at the **end** of the year:
//!   factor `(1 + r)^-(y + 1)`;
//! - the residual value comes back at the end of the last year `Y - 1`: factor `(1 + r)^-Y`.

/// Discount factor of a flow at the start of year `y`.
pub fn at_start(r: f64, y: usize) -> f64 {
    (1.0 + r).powi(-(y as i32))
}

/// Discount factor of a flow at the end of year `y`.
pub fn at_end(r: f64, y: usize) -> f64 {
    (1.0 + r).powi(-(y as i32 + 1))
}

/// Value left at the end of the study of an asset costing `capital`, with a `lifetime`, in
/// service for `years_used` years: linear depreciation, `capital * max(0, 1 - used / life)`.
pub fn linear_residual(capital: f64, lifetime: u32, years_used: usize) -> f64 {
    capital * (1.0 - years_used as f64 / lifetime as f64).max(0.0)
}

/// Net present cost, `None` when a year has no operating cost (no usable plan):
///
/// ```text
/// sum_y at_end(y) (operating[y] + fixed[y]) + sum_y at_start(y) capital[y] - at_end(Y - 1) residual
/// ```
pub fn net_present_cost(
    r: f64,
    operating: &[Option<f64>],
    fixed: &[f64],
    capital: &[f64],
    residual: f64,
) -> Option<f64> {
    let n = operating.len();
    let mut total = 0.0;
    for y in 0..n {
        total += at_end(r, y) * (operating[y]? + fixed[y]) + at_start(r, y) * capital[y];
    }
    Some(total - at_end(r, n.saturating_sub(1)) * residual)
}

/// Payback: the first year (index) whose cumulative undiscounted savings reach the net
/// investment; `None` when they never do within the study.
pub fn payback(savings: &[Option<f64>], net_investment: f64) -> Option<usize> {
    let mut cum = 0.0;
    for (y, s) in savings.iter().enumerate() {
        cum += (*s)?;
        if cum >= net_investment - 1e-9 {
            return Some(y);
        }
    }
    None
}

/// Regret of each set under each future: the best NPV under that future less the set's.
/// `npv[set][future]`; `None` where an NPV is unknown (that set then has no regret there, and
/// the future's best ignores it).
pub fn regrets(npv: &[Vec<Option<f64>>]) -> Vec<Vec<Option<f64>>> {
    let nf = npv.first().map_or(0, Vec::len);
    let best: Vec<Option<f64>> = (0..nf)
        .map(|f| npv.iter().filter_map(|row| row[f]).reduce(f64::max))
        .collect();
    npv.iter()
        .map(|row| {
            row.iter()
                .zip(&best)
                .map(|(v, b)| Some(b.as_ref()? - v.as_ref()?))
                .collect()
        })
        .collect()
}

/// Largest regret across futures (`None` if any is unknown).
pub fn max_regret(regret: &[Option<f64>]) -> Option<f64> {
    regret
        .iter()
        .try_fold(f64::NEG_INFINITY, |m, r| r.map(|r| m.max(r)))
        .filter(|m| m.is_finite())
}

/// Weighted mean of the NPVs (`None` if any is unknown); weights sum to 1.
pub fn expected(npv: &[Option<f64>], weights: &[f64]) -> Option<f64> {
    npv.iter()
        .zip(weights)
        .try_fold(0.0, |acc, (v, w)| v.map(|v| acc + v * w))
}

/// Index of the smallest value among the known ones (the first on ties within 1e-6 EUR).
pub fn argmin(values: &[Option<f64>]) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v {
            if best.is_none_or(|(_, b)| *v < b - 1e-6) {
                best = Some((i, *v));
            }
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npc_of_a_two_year_project() {
        // 100 at the start, 10 a year of operation, residual 50: at 10 %,
        // 100 + 10/1.1 + 10/1.21 - 50/1.21.
        let v = net_present_cost(
            0.1,
            &[Some(10.0), Some(10.0)],
            &[0.0, 0.0],
            &[100.0, 0.0],
            50.0,
        )
        .unwrap();
        assert!((v - (100.0 + 10.0 / 1.1 + 10.0 / 1.21 - 50.0 / 1.21)).abs() < 1e-9);
    }

    #[test]
    fn payback_regret_and_ties() {
        assert_eq!(payback(&[Some(-1.0), Some(5.0), Some(10.0)], 4.0), Some(1));
        assert_eq!(payback(&[Some(1.0), Some(1.0)], 4.0), None);
        let r = regrets(&[vec![Some(0.0), Some(0.0)], vec![Some(-5.0), Some(20.0)]]);
        assert_eq!(r[0], vec![Some(0.0), Some(20.0)]);
        assert_eq!(r[1], vec![Some(5.0), Some(0.0)]);
        assert_eq!(max_regret(&r[1]), Some(5.0));
        assert_eq!(argmin(&[Some(3.0), Some(1.0), Some(1.0), None]), Some(1));
        assert_eq!(linear_residual(1000.0, 10, 3), 700.0);
        assert_eq!(linear_residual(1000.0, 2, 3), 0.0);
    }
}
