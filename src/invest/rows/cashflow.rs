//! The rows of `cashflow.csv`: one per option set (but the status quo), future and year.

use super::*;
use crate::invest::CashFlowRow;

/// The columns of `cashflow.csv`.
pub const CASHFLOW_COLUMNS: [&str; 9] = [
    "year",
    "set",
    "future",
    "operating_eur",
    "capital_eur",
    "grants_eur",
    "residual_eur",
    "net_eur",
    "cumulative_discounted_eur",
];

impl CashFlowRow {
    /// The row's cells, aligned with [`CASHFLOW_COLUMNS`].
    fn cells(&self) -> Vec<String> {
        vec![
            self.year.to_string(),
            self.set.clone(),
            self.future.clone(),
            num(self.operating_eur),
            num(Some(self.capital_eur)),
            num(Some(self.grants_eur)),
            num(Some(self.residual_eur)),
            num(self.net_eur),
            num(self.cumulative_discounted_eur),
        ]
    }

    /// Reads the cells of a row of `cashflow.csv`.
    fn from_cells(cells: &[String], header: &[String]) -> Result<CashFlowRow, String> {
        let mut c = Cursor::new(cells, header)?;
        Ok(CashFlowRow {
            year: c.given("a year")?,
            set: c.text().into(),
            future: c.text().into(),
            operating_eur: c.number()?,
            capital_eur: c.given("a number")?,
            grants_eur: c.given("a number")?,
            residual_eur: c.given("a number")?,
            net_eur: c.number()?,
            cumulative_discounted_eur: c.number()?,
        })
    }
}

/// A whole `cashflow.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct CashFlowTable {
    /// The rows, in the file's order (set by set, future by future, year by year).
    pub rows: Vec<CashFlowRow>,
}

impl CashFlowTable {
    /// The table of a comparison.
    pub fn new(c: &Comparison) -> CashFlowTable {
        CashFlowTable {
            rows: c.cashflow.clone(),
        }
    }

    /// The file's text.
    pub fn text(&self) -> String {
        let mut s = crate::csvout::line(&CASHFLOW_COLUMNS);
        for r in &self.rows {
            s.push_str(&crate::csvout::line(&r.cells()));
        }
        s
    }

    /// Reads a file written by [`CashFlowTable::text`]; problems name the file, line and
    /// column.
    pub fn read(path: &Path) -> Result<CashFlowTable, crate::Error> {
        let t = crate::csvout::read(path)?;
        if t.header != CASHFLOW_COLUMNS {
            return Err(problem(
                path,
                format!(
                    "expected the cash flow of a comparison: columns {}",
                    CASHFLOW_COLUMNS.join(",")
                ),
            ));
        }
        let rows = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                CashFlowRow::from_cells(r, &t.header)
                    .map_err(|e| problem(path, format!("line {}: {e}", i + 2)))
            })
            .collect::<Result<_, _>>()?;
        Ok(CashFlowTable { rows })
    }

    /// The rows of one set under one future, in year order.
    pub fn of<'a>(
        &'a self,
        set: &'a str,
        future: &'a str,
    ) -> impl Iterator<Item = &'a CashFlowRow> {
        self.rows
            .iter()
            .filter(move |r| r.set == set && r.future == future)
    }
}
