//! Assembling the multi-year model for HiGHS: the schedule's columns and rows, then every
//! year block's columns and rows.

use super::YearBlock;
use crate::invest::finance::at_end;
use crate::invest::optimise::build_cost;
use crate::invest::study::InvestStudy;
use crate::invest::union::Term;
use highs::Col;

/// The model being assembled: HiGHS's problem, each column's objective coefficient (so that a
/// block can change one), and the count of rows and non-zeros.
pub(super) struct Assembly {
    pub(super) pb: highs::RowProblem,
    pub(super) costs: Vec<f64>,
    pub(super) rows: usize,
    pub(super) nonzeros: usize,
}

impl Assembly {
    /// An empty model.
    pub(super) fn new() -> Self {
        Assembly {
            pb: highs::RowProblem::new(),
            costs: Vec::new(),
            rows: 0,
            nonzeros: 0,
        }
    }
    /// Adds a column.
    pub(super) fn col(&mut self, cost: f64, lo: f64, hi: f64, int: bool) -> Col {
        self.costs.push(cost);
        self.pb.add_column_with_integrality(cost, lo..=hi, int)
    }
    /// Adds `d` to the objective coefficient of column `c`.
    pub(super) fn add_cost(&mut self, c: Col, d: f64) {
        self.costs[c.index()] += d;
        self.pb.change_column_cost(c, self.costs[c.index()]);
    }
    /// Adds the row `lo <= sum terms <= hi`, terms of one column summed and zeros dropped.
    pub(super) fn row(&mut self, lo: f64, hi: f64, terms: &mut Vec<(Col, f64)>) {
        terms.sort_unstable_by_key(|t| t.0.index());
        terms.dedup_by(|a, b| {
            if a.0 == b.0 {
                b.1 += a.1;
                true
            } else {
                false
            }
        });
        terms.retain(|t| t.1 != 0.0);
        self.nonzeros += terms.len();
        self.rows += 1;
        self.pb.add_row(lo..=hi, terms.iter());
    }
}

/// The schedule's columns: build decisions `b[o,t]` and in-service variables `u[o,y]`, by
/// option and year; none before the option's earliest year.
pub(super) struct Decisions {
    pub(super) build: Vec<Vec<Option<Col>>>,
    pub(super) in_service: Vec<Vec<Option<Col>>>,
    pub(super) binaries: usize,
}

impl Decisions {
    /// `u[o,y]` of an option a block of year `y` may switch on.
    pub(super) fn on(&self, o: usize, y: usize) -> Col {
        self.in_service[o][y].expect("an option of the block is available")
    }
}

/// A block's columns in the model: the year model's columns and the product columns.
pub(super) struct BlockCols {
    pub(super) cols: Vec<Col>,
    pub(super) prods: Vec<Col>,
}

/// The schedule's columns: `b[o,t]` (binary, costing `c_{o,t}`) from each option's earliest
/// year, and `u[o,y]` (costing the discounted fixed cost) from the first year it can be built.
#[allow(clippy::needless_range_loop)] // (option, year) grids read best by index
pub(super) fn decisions(st: &InvestStudy, asm: &mut Assembly) -> Decisions {
    let (n, ny) = (st.options.len(), st.years);
    let mut dec = Decisions {
        build: vec![vec![None; ny]; n],
        in_service: vec![vec![None; ny]; n],
        binaries: 0,
    };
    for o in 0..n {
        for t in 0..ny {
            if st.first_year + t as i32 >= st.options[o].earliest_year {
                dec.build[o][t] = Some(asm.col(build_cost(st, o, t), 0.0, 1.0, true));
                dec.binaries += 1;
            }
        }
        for y in 0..ny {
            if (0..=y).any(|t| dec.build[o][t].is_some()) {
                let c = at_end(st.discount_rate, y) * st.options[o].fixed_eur_per_year;
                dec.in_service[o][y] = Some(asm.col(c, 0.0, 1.0, false));
            }
        }
    }
    dec
}

/// Every block's columns and product columns, their costs weighted by the futures' weight,
/// discounted to the year's end and scaled to a year; each option's change of the objective
/// constant goes on its `u[o,y]`. Returns the columns, the objective constant and the count of
/// integer columns of the blocks.
pub(super) fn block_columns(
    st: &InvestStudy,
    yb: &[YearBlock],
    dec: &Decisions,
    asm: &mut Assembly,
) -> (Vec<BlockCols>, f64, usize) {
    let mut offset = 0.0;
    let mut other_integers = 0;
    let mut block_cols = Vec::with_capacity(yb.len());
    for b in yb {
        let factor = b.weight * at_end(st.discount_rate, b.year) * b.scale;
        let k = &b.block;
        offset += factor * k.offset;
        let cols: Vec<Col> = (0..k.cols.len())
            .map(|j| {
                other_integers += usize::from(k.integer[j]);
                asm.col(factor * k.cost[j], k.lower[j], k.upper[j], k.integer[j])
            })
            .collect();
        let prods: Vec<Col> = k
            .prods
            .iter()
            .map(|p| asm.col(factor * p.cost, p.lo, p.hi, false))
            .collect();
        for &(o, d) in &k.on_cost {
            asm.add_cost(dec.on(o, b.year), factor * d);
        }
        block_cols.push(BlockCols { cols, prods });
    }
    (block_cols, offset, other_integers)
}

/// The schedule's rows, option by option: built at most once, in service during its lifetime
/// after being built, only with what it requires, never with what it excludes.
pub(super) fn schedule_rows(st: &InvestStudy, dec: &Decisions, asm: &mut Assembly) {
    type Terms = Vec<(Col, f64)>;
    for (o, option) in st.options.iter().enumerate() {
        let mut once: Terms = dec.build[o].iter().flatten().map(|&c| (c, 1.0)).collect();
        if once.len() > 1 {
            asm.row(f64::NEG_INFINITY, 1.0, &mut once);
        }
        let life = option.lifetime_years as usize;
        for y in 0..st.years {
            let Some(u) = dec.in_service[o][y] else {
                continue;
            };
            let mut t: Terms = vec![(u, 1.0)];
            for s in (y + 1).saturating_sub(life)..=y {
                if let Some(b) = dec.build[o][s] {
                    t.push((b, -1.0));
                }
            }
            asm.row(0.0, 0.0, &mut t);
            for &q in &option.requires {
                let mut t = vec![(u, 1.0)];
                if let Some(v) = dec.in_service[q][y] {
                    t.push((v, -1.0));
                }
                asm.row(f64::NEG_INFINITY, 0.0, &mut t);
            }
        }
        for &x in option.excludes.iter().filter(|&&x| x > o) {
            let mut t: Terms = dec.build[o]
                .iter()
                .chain(&dec.build[x])
                .flatten()
                .map(|&c| (c, 1.0))
                .collect();
            asm.row(f64::NEG_INFINITY, 1.0, &mut t);
        }
    }
}

/// Every block's rows, its terms mapped onto the model's columns.
pub(super) fn block_rows(
    yb: &[YearBlock],
    block_cols: &[BlockCols],
    dec: &Decisions,
    asm: &mut Assembly,
) {
    for (b, bc) in yb.iter().zip(block_cols) {
        for br in &b.block.rows {
            let mut t: Vec<(Col, f64)> = br
                .terms
                .iter()
                .map(|&(term, v)| {
                    let c = match term {
                        Term::Col(j) => bc.cols[j],
                        Term::Prod(k) => bc.prods[k],
                        Term::On(o) => dec.on(o, b.year),
                    };
                    (c, v)
                })
                .collect();
            asm.row(br.lo, br.hi, &mut t);
        }
    }
}
