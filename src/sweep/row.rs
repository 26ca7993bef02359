//! A row of `summary.csv`, typed: numbers stay numbers, a status is a [`Status`], a varied
//! parameter is the [`Op`] applied to it. [`SweepRow::cells`] writes it and
//! [`SweepRow::from_cells`] reads it back; [`Summary`] is the whole file, written and read by
//! [`crate::csvout`] (which undoes the formula guard), for the sweep, `merge` and `report`.

use crate::check::{CostTerm, Costs};
use crate::params::Op;
use crate::solve::Status;
use std::path::Path;

/// Fixed summary columns after the id, name, hash and parameters.
pub const COLUMNS: &[&str] = &[
    "status",
    "solver_status",
    "objective_eur",
    "recovery_rate",
    "recycling_rate",
    "insertion_share",
    "insertion_hours",
    "insertion_headcount",
    "processed_t",
    "external_t",
    "cost_staff_eur",
    "cost_shift_premiums_eur",
    "cost_line_running_eur",
    "cost_transport_eur",
    "cost_truck_trips_eur",
    "cost_holding_eur",
    "cost_external_eur",
    "revenue_eur",
    "state_aid_eur",
    "check_passed",
    "max_violation",
    "build_s",
    "solve_s",
    "reason",
];

/// The figures of a row between `solver_status` and the costs, in [`COLUMNS`]' order.
const KPIS: usize = 8;
/// Where the cost columns start in [`COLUMNS`].
const FIRST_COST: usize = 2 + KPIS;

/// The summary column a cost term is added into: the one mapping from the checker's cost
/// table to the summary. Inbound and outbound transport share a column, and so do the staff
/// terms (paid, agency, overtime, hires and entries, advisers); the total is the
/// objective's column, so it has none here. Revenue and state aid are shown as amounts
/// received (positive), as [`Costs`] holds them.
pub fn cost_column(t: CostTerm) -> Option<&'static str> {
    Some(match t {
        CostTerm::Staff
        | CostTerm::Agency
        | CostTerm::OvertimePremiums
        | CostTerm::StaffChanges
        | CostTerm::Advisers => "cost_staff_eur",
        CostTerm::ShiftPremiums => "cost_shift_premiums_eur",
        CostTerm::LineRunning => "cost_line_running_eur",
        CostTerm::InboundTransport | CostTerm::OutboundTransport => "cost_transport_eur",
        CostTerm::TruckTrips => "cost_truck_trips_eur",
        CostTerm::Holding => "cost_holding_eur",
        CostTerm::External => "cost_external_eur",
        CostTerm::Revenue => "revenue_eur",
        CostTerm::StateAid => "state_aid_eur",
        CostTerm::Total => return None,
    })
}

/// The summary's cost columns, in [`CostTerm::ALL`]'s order, each with the terms it adds.
pub fn cost_columns() -> Vec<(&'static str, Vec<CostTerm>)> {
    let mut out: Vec<(&'static str, Vec<CostTerm>)> = Vec::new();
    for t in CostTerm::ALL {
        let Some(c) = cost_column(t) else { continue };
        match out.iter_mut().find(|(name, _)| *name == c) {
            Some((_, terms)) => terms.push(t),
            None => out.push((c, vec![t])),
        }
    }
    out
}

/// The value of each cost column of [`cost_columns`] for these costs.
fn cost_cells(c: &Costs) -> Vec<f64> {
    cost_columns()
        .iter()
        .map(|(_, terms)| {
            let mut v = terms.iter().map(|&t| c.get(t));
            let first = v.next().unwrap_or(0.0);
            v.fold(first, |a, b| a + b)
        })
        .collect()
}

/// A number as the summary writes it: rounded to 1e-9, shortest form; not finite: empty.
pub fn num(x: f64) -> String {
    if x.is_finite() {
        let r = (x * 1e9).round() / 1e9;
        format!("{r}")
    } else {
        String::new()
    }
}

fn opt(x: Option<f64>) -> String {
    x.map(num).unwrap_or_default()
}

/// A varied parameter's cell as written: `x0.5` for [`Op::Scale`], `3` for [`Op::Set`].
pub fn op_cell(op: Op) -> String {
    op.label()
}

/// Reads a parameter cell written by [`op_cell`] (`None` when it is not one).
pub fn parse_op(s: &str) -> Option<Op> {
    let t = s.trim();
    match t.strip_prefix('x') {
        Some(f) => f.parse().ok().map(Op::Scale),
        None => t.parse().ok().map(Op::Set),
    }
}

/// The status column: the solver's honest status, or `error` when the run itself failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStatus {
    /// The run ended with this status.
    Solved(Status),
    /// The run failed before a status (an input or solver error; the reason says which).
    Error,
}

impl RowStatus {
    /// The cell: [`Status::name`], or `error`.
    pub fn name(self) -> &'static str {
        match self {
            RowStatus::Solved(s) => s.name(),
            RowStatus::Error => "error",
        }
    }

    /// Reads a cell written by [`RowStatus::name`].
    pub fn from_name(s: &str) -> Option<RowStatus> {
        if s == "error" {
            return Some(RowStatus::Error);
        }
        Status::ALL
            .into_iter()
            .find(|st| st.name() == s)
            .map(RowStatus::Solved)
    }
}

/// The figures the checker computed for a scenario's plan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Kpis {
    /// Recovery rate.
    pub recovery_rate: Option<f64>,
    /// Recycling rate.
    pub recycling_rate: Option<f64>,
    /// Share of hours worked by insertion staff.
    pub insertion_share: Option<f64>,
    /// Hours worked by insertion staff.
    pub insertion_hours: Option<f64>,
    /// Insertion headcount.
    pub insertion_headcount: Option<f64>,
    /// Tonnes processed.
    pub processed_t: Option<f64>,
    /// Tonnes sent to the external contractor.
    pub external_t: Option<f64>,
}

impl Kpis {
    fn cells(&self) -> [Option<f64>; KPIS - 1] {
        [
            self.recovery_rate,
            self.recycling_rate,
            self.insertion_share,
            self.insertion_hours,
            self.insertion_headcount,
            self.processed_t,
            self.external_t,
        ]
    }

    fn from_cells(v: [Option<f64>; KPIS - 1]) -> Kpis {
        let [recovery_rate, recycling_rate, insertion_share, insertion_hours, insertion_headcount, processed_t, external_t] =
            v;
        Kpis {
            recovery_rate,
            recycling_rate,
            insertion_share,
            insertion_hours,
            insertion_headcount,
            processed_t,
            external_t,
        }
    }
}

/// One scenario's row of `summary.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRow {
    /// Position in the study (1-based).
    pub id: usize,
    /// The scenario's name.
    pub name: String,
    /// Hash of the resolved inputs and solve options.
    pub hash: String,
    /// One per parameter axis of the study: the change this scenario makes, if any.
    pub params: Vec<Option<Op>>,
    /// The outcome.
    pub status: RowStatus,
    /// The solver's own words for its status.
    pub solver_status: String,
    /// The objective (EUR).
    pub objective_eur: Option<f64>,
    /// The checker's figures.
    pub kpis: Kpis,
    /// One per column of [`cost_columns`] (EUR), empty without a checked plan.
    pub costs: Vec<Option<f64>>,
    /// The checker's verdict.
    pub check_passed: Option<bool>,
    /// The largest violation the checker found.
    pub max_violation: Option<f64>,
    /// Seconds to build the model.
    pub build_s: Option<f64>,
    /// Seconds to solve it.
    pub solve_s: Option<f64>,
    /// Why there is no usable plan (empty when there is one).
    pub reason: String,
}

impl SweepRow {
    /// A row with what identifies the scenario and nothing else.
    pub fn key(id: usize, name: &str, hash: &str, params: Vec<Option<Op>>) -> SweepRow {
        SweepRow {
            id,
            name: name.to_string(),
            hash: hash.to_string(),
            params,
            status: RowStatus::Error,
            solver_status: String::new(),
            objective_eur: None,
            kpis: Kpis::default(),
            costs: vec![None; cost_columns().len()],
            check_passed: None,
            max_violation: None,
            build_s: None,
            solve_s: None,
            reason: String::new(),
        }
    }

    /// Sets the costs of the checked plan.
    pub fn set_costs(&mut self, c: &Costs) {
        self.costs = cost_cells(c).into_iter().map(Some).collect();
    }

    /// The cells that say what the scenario is (id, name, hash, parameters).
    pub fn key_cells(&self) -> Vec<String> {
        let mut cells = vec![self.id.to_string(), self.name.clone(), self.hash.clone()];
        cells.extend(
            self.params
                .iter()
                .map(|p| p.map(op_cell).unwrap_or_default()),
        );
        cells
    }

    /// The row's cells, aligned with [`header`].
    pub fn cells(&self) -> Vec<String> {
        self.cells_with(opt)
    }

    /// The row's cells with the figures (not the seconds) written by `number`.
    pub fn cells_with(&self, number: fn(Option<f64>) -> String) -> Vec<String> {
        let opt = number;
        let mut cells = self.key_cells();
        cells.push(self.status.name().to_string());
        cells.push(self.solver_status.clone());
        cells.push(opt(self.objective_eur));
        cells.extend(self.kpis.cells().map(opt));
        cells.extend(self.costs.iter().map(|&c| opt(c)));
        cells.push(self.check_passed.map(|p| p.to_string()).unwrap_or_default());
        cells.push(opt(self.max_violation));
        let secs = |s: Option<f64>| s.map(|s| format!("{s:.4}")).unwrap_or_default();
        cells.push(secs(self.build_s));
        cells.push(secs(self.solve_s));
        cells.push(self.reason.clone());
        cells
    }

    /// Reads the cells of a summary with `params` parameter columns; the error names the
    /// column and what it expected.
    pub fn from_cells(
        cells: &[String],
        params: usize,
        header: &[String],
    ) -> Result<SweepRow, String> {
        if cells.len() != 3 + params + COLUMNS.len() {
            return Err(format!(
                "{} cells, expected {}",
                cells.len(),
                3 + params + COLUMNS.len()
            ));
        }
        let bad = |i: usize, what: &str| {
            format!(
                "column {}: expected {what}, found {:?}",
                header[i], cells[i]
            )
        };
        let number = |i: usize| -> Result<Option<f64>, String> {
            let c = cells[i].trim();
            if c.is_empty() {
                return Ok(None);
            }
            c.parse().map(Some).map_err(|_| bad(i, "a number"))
        };
        let id = cells[0].parse().map_err(|_| bad(0, "a scenario number"))?;
        let params: Vec<Option<Op>> = (3..3 + params)
            .map(|i| match cells[i].trim() {
                "" => Ok(None),
                c => parse_op(c)
                    .map(Some)
                    .ok_or_else(|| bad(i, "a value or a factor xF")),
            })
            .collect::<Result<_, _>>()?;
        let at = 3 + params.len();
        let status = RowStatus::from_name(&cells[at]).ok_or_else(|| bad(at, "a status"))?;
        let mut kpis = [None; KPIS - 1];
        for (k, v) in kpis.iter_mut().enumerate() {
            *v = number(at + 3 + k)?;
        }
        let ncost = cost_columns().len();
        let costs = (0..ncost)
            .map(|k| number(at + FIRST_COST + k))
            .collect::<Result<_, _>>()?;
        let rest = at + FIRST_COST + ncost;
        let check_passed = match cells[rest].as_str() {
            "" => None,
            "true" => Some(true),
            "false" => Some(false),
            _ => return Err(bad(rest, "true or false")),
        };
        Ok(SweepRow {
            id,
            name: cells[1].clone(),
            hash: cells[2].clone(),
            params,
            status,
            solver_status: cells[at + 1].clone(),
            objective_eur: number(at + 2)?,
            kpis: Kpis::from_cells(kpis),
            costs,
            check_passed,
            max_violation: number(rest + 1)?,
            build_s: number(rest + 2)?,
            solve_s: number(rest + 3)?,
            reason: cells[rest + 4].clone(),
        })
    }
}

/// The summary header of a study with these parameter columns.
pub fn header(params: &[String]) -> Vec<String> {
    let mut h = vec!["id".to_string(), "name".to_string(), "hash".to_string()];
    h.extend(params.iter().cloned());
    h.extend(COLUMNS.iter().map(|c| c.to_string()));
    h
}

/// A whole `summary.csv`: the parameter columns and the rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The parameter axes, one column each.
    pub params: Vec<String>,
    /// The rows, in the file's order.
    pub rows: Vec<SweepRow>,
}

impl Summary {
    /// Reads a summary written by [`Summary::text`] (or by an earlier sweep): a file whose
    /// columns are not a summary's, or a cell that is not what its column holds, is an input
    /// problem naming the file, the line and the column.
    pub fn read(path: &Path) -> Result<Summary, crate::Error> {
        let problem = |msg: String| {
            crate::Error::Input(crate::InputError::one(crate::Problem::file(path, msg)))
        };
        let t = crate::csvout::read(path)?;
        let n = t.header.len();
        let params = n.saturating_sub(3 + COLUMNS.len());
        if n < 3 + COLUMNS.len() || t.header != header(&t.header[3..3 + params]) {
            return Err(problem(
                "expected a sweep summary: columns id,name,hash, the parameters, then status, ..."
                    .into(),
            ));
        }
        let rows = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                SweepRow::from_cells(r, params, &t.header)
                    .map_err(|e| problem(format!("line {}: {e}", i + 2)))
            })
            .collect::<Result<_, _>>()?;
        Ok(Summary {
            params: t.header[3..3 + params].to_vec(),
            rows,
        })
    }

    /// The header line.
    pub fn header_line(&self) -> String {
        crate::csvout::line(&header(&self.params))
    }

    /// One row's line.
    pub fn row_line(row: &SweepRow) -> String {
        crate::csvout::line(&row.cells())
    }
}

/// A parameter cell of a summary as a page shows it: the change a sweep wrote, or text.
/// A sweep writes only changes ([`Op`]: scenario values are TOML numbers); text comes from a
/// hand-edited summary, which a page still shows rather than refuses.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// A value set or a factor, as the sweep writes it.
    Op(Op),
    /// Anything else, as written.
    Text(String),
}

impl Param {
    /// Reads a cell; an empty one is no parameter.
    pub fn read(s: &str) -> Option<Param> {
        match s.trim() {
            "" => None,
            t => Some(parse_op(t).map_or_else(|| Param::Text(s.to_string()), Param::Op)),
        }
    }

    /// The cell as written.
    pub fn cell(&self) -> String {
        match self {
            Param::Op(op) => op_cell(*op),
            Param::Text(t) => t.clone(),
        }
    }
}

/// A summary row as a page shows it: the typed row, and its parameter cells (which a
/// hand-edited file may have filled with text; the row's own `params` then hold `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct ShownRow {
    /// The row; a text parameter is `None` in its `params`.
    pub row: SweepRow,
    /// One per parameter column.
    pub params: Vec<Option<Param>>,
}

impl Summary {
    /// Reads a summary to show it: as [`Summary::read`], except that a parameter cell that is
    /// not a change is kept as [`Param::Text`] instead of refused.
    pub fn read_shown(path: &Path) -> Result<(Vec<String>, Vec<ShownRow>), crate::Error> {
        let problem = |msg: String| {
            crate::Error::Input(crate::InputError::one(crate::Problem::file(path, msg)))
        };
        let t = crate::csvout::read(path)?;
        let n = t.header.len();
        let np = n.saturating_sub(3 + COLUMNS.len());
        if n < 3 + COLUMNS.len() || t.header != header(&t.header[3..3 + np]) {
            return Err(problem(
                "expected a sweep summary: columns id,name,hash, the parameters, then status, ..."
                    .into(),
            ));
        }
        let mut rows = Vec::new();
        for (i, r) in t.rows.iter().enumerate() {
            let params: Vec<Option<Param>> =
                r.iter().skip(3).take(np).map(|c| Param::read(c)).collect();
            let mut cells = r.clone();
            for (k, p) in params.iter().enumerate() {
                if let Some(Param::Text(_)) = p {
                    cells[3 + k].clear();
                }
            }
            let row = SweepRow::from_cells(&cells, np, &t.header)
                .map_err(|e| problem(format!("line {}: {e}", i + 2)))?;
            rows.push(ShownRow { row, params });
        }
        Ok((t.header[3..3 + np].to_vec(), rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_columns_come_from_the_cost_terms_in_the_summary_order() {
        let names: Vec<&str> = cost_columns().iter().map(|(c, _)| *c).collect();
        assert_eq!(names, COLUMNS[FIRST_COST..FIRST_COST + names.len()]);
        assert_eq!(COLUMNS[FIRST_COST + names.len()], "check_passed");
        let transport = &cost_columns()[3].1;
        assert_eq!(
            transport,
            &[CostTerm::InboundTransport, CostTerm::OutboundTransport]
        );
    }

    #[test]
    fn parameter_cells_read_back_as_their_operation() {
        assert_eq!(parse_op("x1.5"), Some(Op::Scale(1.5)));
        assert_eq!(parse_op(" x0.8 "), Some(Op::Scale(0.8)));
        assert_eq!(parse_op("100"), Some(Op::Set(100.0)));
        assert_eq!(parse_op("-5"), Some(Op::Set(-5.0)));
        assert_eq!(parse_op(""), None);
        assert_eq!(parse_op("abc"), None);
        for op in [
            Op::Scale(0.1),
            Op::Set(0.75),
            Op::Set(-3.0),
            Op::Scale(1e-7),
        ] {
            assert_eq!(parse_op(&op_cell(op)), Some(op));
        }
    }

    #[test]
    fn statuses_read_back_by_name() {
        for s in Status::ALL {
            let r = RowStatus::Solved(s);
            assert_eq!(RowStatus::from_name(r.name()), Some(r));
        }
        assert_eq!(RowStatus::from_name("error"), Some(RowStatus::Error));
        assert_eq!(RowStatus::from_name("fine"), None);
    }

    #[test]
    fn a_row_reads_back_from_its_cells() {
        let mut r = SweepRow::key(7, "a, b", "00ff", vec![Some(Op::Scale(0.5)), None]);
        r.status = RowStatus::Solved(Status::Optimal);
        r.solver_status = "Optimal".into();
        r.objective_eur = Some(-12.25);
        r.kpis.recovery_rate = Some(0.6);
        r.costs[3] = Some(300.0);
        r.check_passed = Some(true);
        r.build_s = Some(0.0012);
        let params = ["tonnage".to_string(), "price".to_string()];
        let cells = r.cells();
        assert_eq!(cells[3], "x0.5");
        assert_eq!(cells[4], "");
        let back = SweepRow::from_cells(&cells, 2, &header(&params)).unwrap();
        assert_eq!(back, r);
        let mut wrong = cells.clone();
        wrong[7] = "many".into();
        let e = SweepRow::from_cells(&wrong, 2, &header(&params)).unwrap_err();
        assert!(e.contains("objective_eur") && e.contains("many"), "{e}");
    }

    #[test]
    fn parameter_cells_of_a_hand_edited_summary_read_as_text() {
        assert_eq!(Param::read(" x0.5"), Some(Param::Op(Op::Scale(0.5))));
        assert_eq!(Param::read("3"), Some(Param::Op(Op::Set(3.0))));
        assert_eq!(Param::read(""), None);
        let p = Param::read("high <b>").unwrap();
        assert_eq!(p, Param::Text("high <b>".into()));
        assert_eq!(p.cell(), "high <b>");
    }
}
