//! The rows of `yearly.csv`: one per option set, future, variant and year.

use super::*;
use crate::invest::YearRow;

/// The columns of `yearly.csv`.
pub const YEARLY_COLUMNS: [&str; 26] = [
    "set",
    "future",
    "variant",
    "year",
    "in_service",
    "status",
    "operating_eur",
    "fixed_eur",
    "capital_net_eur",
    "residual_eur",
    "savings_eur",
    "cumulative_savings_eur",
    "insertion_hours",
    "insertion_fte",
    "insertion_exits",
    "exits_to_employment",
    "recovery_rate",
    "recycling_rate",
    "external_t",
    "supply_t",
    "weeks_solved",
    "variables",
    "constraints",
    "integer_variables",
    "solve_s",
    "reason",
];

/// One row of `yearly.csv`: a set, a future, a variant, a year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct YearlyRow {
    /// Option set.
    pub set: String,
    /// Future.
    pub future: String,
    /// `plan`, `mission_opening_chosen` (the plan with the mission under the classic firm's
    /// opening rule) or `no_mission`.
    pub variant: String,
    /// Calendar year.
    pub year: i32,
    /// Options in service (` + ` between them).
    pub in_service: Vec<String>,
    /// The solve's status.
    pub status: String,
    /// Operating net cost of the year (EUR).
    pub operating_eur: Option<f64>,
    /// Fixed costs (EUR).
    pub fixed_eur: Option<f64>,
    /// Capital less grants (EUR).
    pub capital_net_eur: Option<f64>,
    /// Residual value (EUR).
    pub residual_eur: Option<f64>,
    /// Savings against the status quo (EUR).
    pub savings_eur: Option<f64>,
    /// Cumulative savings (EUR).
    pub cumulative_savings_eur: Option<f64>,
    /// Insertion hours.
    pub insertion_hours: Option<f64>,
    /// Insertion FTE.
    pub insertion_fte: Option<f64>,
    /// Insertion exits.
    pub insertion_exits: Option<f64>,
    /// Exits to employment.
    pub exits_to_employment: Option<f64>,
    /// Recovered over accountable tonnes.
    pub recovery_rate: Option<f64>,
    /// Recycled over accountable tonnes.
    pub recycling_rate: Option<f64>,
    /// Tonnes to the external contractor.
    pub external_t: Option<f64>,
    /// Tonnes supplied.
    pub supply_t: Option<f64>,
    /// Weeks solved.
    pub weeks_solved: usize,
    /// Model columns.
    pub variables: usize,
    /// Model rows.
    pub constraints: usize,
    /// Integer columns.
    pub integer_variables: usize,
    /// Seconds of solve.
    pub solve_s: f64,
    /// Why the year has no usable plan (empty when it has one).
    pub reason: String,
}

impl YearlyRow {
    /// The row of a year of a comparison.
    pub fn new(r: &YearRow) -> YearlyRow {
        let o = &r.outcome;
        let rate = |x: f64| (o.accountable_t > 1e-9 && o.usable).then(|| x / o.accountable_t);
        YearlyRow {
            set: r.set.clone(),
            future: r.future.clone(),
            variant: r.variant.clone(),
            year: r.year,
            in_service: r.in_service.clone(),
            status: o.status.clone(),
            operating_eur: o.operating_eur,
            fixed_eur: Some(r.fixed_eur),
            capital_net_eur: Some(r.capital_net_eur),
            residual_eur: Some(r.residual_eur),
            savings_eur: r.savings_eur,
            cumulative_savings_eur: r.cumulative_savings_eur,
            insertion_hours: Some(o.insertion_hours),
            insertion_fte: Some(o.insertion_fte),
            insertion_exits: Some(o.insertion_exits),
            exits_to_employment: Some(o.exits_to_employment),
            recovery_rate: rate(o.recovered_t),
            recycling_rate: rate(o.recycled_t),
            external_t: Some(o.external_t),
            supply_t: Some(o.supply_t),
            weeks_solved: o.weeks,
            variables: o.variables,
            constraints: o.constraints,
            integer_variables: o.integer_variables,
            solve_s: o.solve_s,
            reason: o.reason.clone(),
        }
    }

    /// The row's cells, aligned with [`YEARLY_COLUMNS`].
    pub fn cells(&self) -> Vec<String> {
        let mut cells = vec![
            self.set.clone(),
            self.future.clone(),
            self.variant.clone(),
            self.year.to_string(),
            self.in_service.join(" + "),
            self.status.clone(),
        ];
        cells.extend(self.figures().map(num));
        cells.extend(
            [
                self.weeks_solved,
                self.variables,
                self.constraints,
                self.integer_variables,
            ]
            .map(|n| n.to_string()),
        );
        cells.push(format!("{:.3}", self.solve_s));
        cells.push(self.reason.clone());
        cells
    }

    /// The figures from `operating_eur` to `supply_t`, in the columns' order.
    fn figures(&self) -> [Option<f64>; 14] {
        [
            self.operating_eur,
            self.fixed_eur,
            self.capital_net_eur,
            self.residual_eur,
            self.savings_eur,
            self.cumulative_savings_eur,
            self.insertion_hours,
            self.insertion_fte,
            self.insertion_exits,
            self.exits_to_employment,
            self.recovery_rate,
            self.recycling_rate,
            self.external_t,
            self.supply_t,
        ]
    }

    /// Reads the cells of a row of `yearly.csv`.
    pub fn from_cells(cells: &[String], header: &[String]) -> Result<YearlyRow, String> {
        let mut c = Cursor::new(cells, header)?;
        let (set, future, variant) = (c.text(), c.text(), c.text());
        let year = c.given("a year")?;
        let in_service = c.text();
        let status = c.text();
        let mut f = [None; 14];
        for v in &mut f {
            *v = c.number()?;
        }
        let [operating_eur, fixed_eur, capital_net_eur, residual_eur, savings_eur, cumulative_savings_eur, insertion_hours, insertion_fte, insertion_exits, exits_to_employment, recovery_rate, recycling_rate, external_t, supply_t] =
            f;
        Ok(YearlyRow {
            set: set.into(),
            future: future.into(),
            variant: variant.into(),
            year,
            in_service: in_service
                .split(" + ")
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            status: status.into(),
            operating_eur,
            fixed_eur,
            capital_net_eur,
            residual_eur,
            savings_eur,
            cumulative_savings_eur,
            insertion_hours,
            insertion_fte,
            insertion_exits,
            exits_to_employment,
            recovery_rate,
            recycling_rate,
            external_t,
            supply_t,
            weeks_solved: c.given("a count")?,
            variables: c.given("a count")?,
            constraints: c.given("a count")?,
            integer_variables: c.given("a count")?,
            solve_s: c.given("seconds")?,
            reason: c.text().into(),
        })
    }
}

/// A whole `yearly.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct YearlyTable {
    /// The rows, in the file's order.
    pub rows: Vec<YearlyRow>,
}

impl YearlyTable {
    /// The table of a comparison.
    pub fn new(c: &Comparison) -> YearlyTable {
        YearlyTable {
            rows: c.yearly.iter().map(YearlyRow::new).collect(),
        }
    }

    /// The file's text.
    pub fn text(&self) -> String {
        let mut s = crate::csvout::line(&YEARLY_COLUMNS);
        for r in &self.rows {
            s.push_str(&crate::csvout::line(&r.cells()));
        }
        s
    }

    /// Reads a file written by [`YearlyTable::text`]; problems name the file, line and column.
    pub fn read(path: &Path) -> Result<YearlyTable, crate::Error> {
        let t = crate::csvout::read(path)?;
        if t.header != YEARLY_COLUMNS {
            return Err(problem(
                path,
                format!(
                    "expected the yearly table of a comparison: columns {}",
                    YEARLY_COLUMNS.join(",")
                ),
            ));
        }
        let rows = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                YearlyRow::from_cells(r, &t.header)
                    .map_err(|e| problem(path, format!("line {}: {e}", i + 2)))
            })
            .collect::<Result<_, _>>()?;
        Ok(YearlyTable { rows })
    }
}
