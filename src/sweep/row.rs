//! A row of `summary.csv`, typed: numbers stay numbers, a status is a [`Status`], a varied
//! parameter is the number its change sets or scales by (the column's name says which:
//! `<path>` for a value set, `<path>_factor` for a factor). [`SweepRow`] is stored with serde
//! in each scenario's result file; [`Summary`] is the whole `summary.csv`, written with typed
//! fields and read back by column name through [`crate::csvout`] (which undoes the formula
//! guard), for the sweep, `merge` and `report`.

use crate::check::{CostTerm, Costs};
use crate::params::Op;
use crate::solve::Status;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Fixed summary columns after the id, name, hash and parameters (the per-line utilisation
/// columns `util_<line>` stand between `persons_mean_supervisor` and the costs).
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
    "temporary_h",
    "persons_peak_permanent",
    "persons_peak_insertion",
    "persons_peak_supervisor",
    "persons_mean_permanent",
    "persons_mean_insertion",
    "persons_mean_supervisor",
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
    "explanation",
];

/// The columns a summary written before the staff, utilisation and explanation columns
/// lacks: read as empty.
const ADDED: &[&str] = &[
    "temporary_h",
    "persons_peak_permanent",
    "persons_peak_insertion",
    "persons_peak_supervisor",
    "persons_mean_permanent",
    "persons_mean_insertion",
    "persons_mean_supervisor",
    "explanation",
];

/// The figures of a row between `objective_eur` and the costs, in [`COLUMNS`]' order.
const KPIS: usize = 14;
/// Where the KPI columns start in [`COLUMNS`].
const FIRST_KPI: usize = 3;
/// Where the cost columns start in [`COLUMNS`].
const FIRST_COST: usize = FIRST_KPI + KPIS;
/// The prefix of a line's utilisation column.
pub const UTIL: &str = "util_";
/// The suffix of a parameter column holding scale factors.
pub const FACTOR: &str = "_factor";
/// The summary column a cost term is added into: the one mapping from the checker's cost
/// table to the summary. Inbound and outbound transport share a column, and so do the staff
/// terms (paid, agency, overtime, hires and entries, advisers), and holding with the stock
/// revaluation of forecast prices; the total is the
/// objective's column, so it has none here. The value of placements, where one is given,
/// stands beside the state aid: the outcome-linked part of the aid is what it models. Revenue and state aid are shown as amounts
/// received (positive), as [`Costs`] holds them.
pub fn cost_column(t: CostTerm) -> Option<&'static str> {
    Some(match t {
        CostTerm::Staff
        | CostTerm::Agency
        | CostTerm::OvertimePremiums
        | CostTerm::StaffChanges
        | CostTerm::Advisers
        | CostTerm::TrainingModules => "cost_staff_eur",
        CostTerm::ShiftPremiums => "cost_shift_premiums_eur",
        CostTerm::LineRunning => "cost_line_running_eur",
        CostTerm::InboundTransport | CostTerm::OutboundTransport => "cost_transport_eur",
        CostTerm::TruckTrips => "cost_truck_trips_eur",
        CostTerm::Holding | CostTerm::StockRevaluation => "cost_holding_eur",
        CostTerm::External => "cost_external_eur",
        CostTerm::Revenue => "revenue_eur",
        CostTerm::StateAid | CostTerm::PlacementValue => "state_aid_eur",
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

/// Reads a parameter cell: a number, or a factor as earlier summaries wrote it (`x0.5`, see
/// [`Op::label`]); `None` when it is neither.
pub fn parse_op(s: &str) -> Option<Op> {
    let t = s.trim();
    match t.strip_prefix('x') {
        Some(f) => f.parse().ok().map(Op::Scale),
        None => t.parse().ok().map(Op::Set),
    }
}

/// The header of a parameter column: the change's column name, with [`FACTOR`] when its
/// cells are scale factors.
pub fn param_header(name: &str, factor: bool) -> String {
    if factor {
        format!("{name}{FACTOR}")
    } else {
        name.to_string()
    }
}

/// Whether a parameter column holds scale factors, and the column's name without the suffix.
pub fn param_name(header: &str) -> (&str, bool) {
    match header.strip_suffix(FACTOR) {
        Some(n) if !n.is_empty() => (n, true),
        _ => (header, false),
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

    /// Solved with a plan (optimal or feasible).
    pub fn has_plan(self) -> bool {
        matches!(self, RowStatus::Solved(Status::Optimal | Status::Feasible))
    }

    /// Infeasible or unbounded: a result, not a failure.
    pub fn infeasible(self) -> bool {
        matches!(
            self,
            RowStatus::Solved(
                Status::Infeasible | Status::Unbounded | Status::InfeasibleOrUnbounded
            )
        )
    }
}

impl Serialize for RowStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for RowStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RowStatus, D::Error> {
        let s = String::deserialize(d)?;
        RowStatus::from_name(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown status {s:?}")))
    }
}

/// The figures the checker computed for a scenario's plan (persons from the checked plan's
/// weekly payroll).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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
    /// Hours of temporary (agency) staff bought over the horizon.
    pub temporary_h: Option<f64>,
    /// Per payroll kind (permanent, insertion, supervisor), all sites: each site's largest
    /// weekly headcount, summed.
    pub persons_peak: [Option<f64>; 3],
    /// Per payroll kind, all sites: persons on the payroll, the mean over the weeks.
    pub persons_mean: [Option<f64>; 3],
}

/// The staff kinds with persons on the payroll, in the order of [`Kpis::persons_peak`].
pub const PAYROLL: [crate::plant::StaffKind; 3] = [
    crate::plant::StaffKind::Permanent,
    crate::plant::StaffKind::Insertion,
    crate::plant::StaffKind::Supervisor,
];

impl Kpis {
    fn cells(&self) -> [Option<f64>; KPIS] {
        let [pp, pi, ps] = self.persons_peak;
        let [mp, mi, ms] = self.persons_mean;
        [
            self.recovery_rate,
            self.recycling_rate,
            self.insertion_share,
            self.insertion_hours,
            self.insertion_headcount,
            self.processed_t,
            self.external_t,
            self.temporary_h,
            pp,
            pi,
            ps,
            mp,
            mi,
            ms,
        ]
    }

    fn from_cells(v: [Option<f64>; KPIS]) -> Kpis {
        let [recovery_rate, recycling_rate, insertion_share, insertion_hours, insertion_headcount, processed_t, external_t, temporary_h, pp, pi, ps, mp, mi, ms] =
            v;
        Kpis {
            recovery_rate,
            recycling_rate,
            insertion_share,
            insertion_hours,
            insertion_headcount,
            processed_t,
            external_t,
            temporary_h,
            persons_peak: [pp, pi, ps],
            persons_mean: [mp, mi, ms],
        }
    }
}

/// One scenario's row of `summary.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepRow {
    /// Position in the study (1-based).
    pub id: usize,
    /// The scenario's name.
    pub name: String,
    /// Hash of the resolved inputs and solve options.
    pub hash: String,
    /// One per parameter column: the value set or the factor (the column's name says which),
    /// if the scenario changes it.
    pub params: Vec<Option<f64>>,
    /// The outcome.
    pub status: RowStatus,
    /// The solver's own words for its status.
    pub solver_status: String,
    /// The objective (EUR).
    pub objective_eur: Option<f64>,
    /// The checker's figures.
    pub kpis: Kpis,
    /// One per line of the summary: line-hours run over line-hours available over the horizon.
    pub util: Vec<Option<f64>>,
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
    /// For a scenario without a usable plan: what stands in the way (for an infeasible
    /// model, the rules an elastic re-solve relaxes, as `triplan solve --explain` names them;
    /// else the solver's or the checker's message).
    pub explanation: String,
}

/// One typed cell of a row.
enum Cell {
    Num(String),
    Text(String),
}

impl SweepRow {
    /// A row with what identifies the scenario and nothing else, for a summary of `lines` lines.
    pub fn key(
        id: usize,
        name: &str,
        hash: &str,
        params: Vec<Option<f64>>,
        lines: usize,
    ) -> SweepRow {
        SweepRow {
            id,
            name: name.to_string(),
            hash: hash.to_string(),
            params,
            status: RowStatus::Error,
            solver_status: String::new(),
            objective_eur: None,
            kpis: Kpis::default(),
            util: vec![None; lines],
            costs: vec![None; cost_columns().len()],
            check_passed: None,
            max_violation: None,
            build_s: None,
            solve_s: None,
            reason: String::new(),
            explanation: String::new(),
        }
    }

    /// Sets the costs of the checked plan.
    pub fn set_costs(&mut self, c: &Costs) {
        self.costs = cost_cells(c).into_iter().map(Some).collect();
    }

    /// What identifies the row: id, name, hash and parameters.
    pub fn same_key(&self, other: &SweepRow) -> bool {
        self.id == other.id
            && self.name == other.name
            && self.hash == other.hash
            && self.params == other.params
    }

    /// Solved with a plan the checker did not reject.
    pub fn solved(&self) -> bool {
        self.status.has_plan() && self.check_passed != Some(false)
    }

    fn cells(&self) -> Vec<Cell> {
        let n = |x: Option<f64>| Cell::Num(opt(x));
        let mut c = vec![
            Cell::Num(self.id.to_string()),
            Cell::Text(self.name.clone()),
            Cell::Text(self.hash.clone()),
        ];
        c.extend(self.params.iter().map(|&p| n(p)));
        c.push(Cell::Text(self.status.name().to_string()));
        c.push(Cell::Text(self.solver_status.clone()));
        c.push(n(self.objective_eur));
        c.extend(self.kpis.cells().map(n));
        c.extend(self.util.iter().map(|&u| n(u)));
        c.extend(self.costs.iter().map(|&x| n(x)));
        c.push(Cell::Text(
            self.check_passed.map(|p| p.to_string()).unwrap_or_default(),
        ));
        c.push(n(self.max_violation));
        let secs = |s: Option<f64>| Cell::Num(s.map(|s| format!("{s:.4}")).unwrap_or_default());
        c.push(secs(self.build_s));
        c.push(secs(self.solve_s));
        c.push(Cell::Text(self.reason.clone()));
        c.push(Cell::Text(self.explanation.clone()));
        c
    }

    /// The row's line of `summary.csv`: numbers written as numbers, text guarded and quoted.
    pub fn line(&self) -> String {
        let cells = self.cells();
        crate::csvout::fields(cells.iter().map(|c| match c {
            Cell::Num(s) => crate::csvout::Field::Num(s),
            Cell::Text(s) => crate::csvout::Field::Text(s),
        }))
    }
}

/// The summary header of a study with these parameter columns and lines.
pub fn header(params: &[String], lines: &[String]) -> Vec<String> {
    let mut h = vec!["id".to_string(), "name".to_string(), "hash".to_string()];
    h.extend(params.iter().cloned());
    h.extend(COLUMNS[..FIRST_COST].iter().map(|c| c.to_string()));
    h.extend(lines.iter().map(|l| format!("{UTIL}{l}")));
    h.extend(COLUMNS[FIRST_COST..].iter().map(|c| c.to_string()));
    h
}

/// A whole `summary.csv`: the parameter columns, the lines and the rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The parameter columns' names (a factor's with [`FACTOR`]).
    pub params: Vec<String>,
    /// The lines with a utilisation column, by id.
    pub lines: Vec<String>,
    /// The rows, in the file's order.
    pub rows: Vec<SweepRow>,
}

/// A parameter cell of a summary as a page shows it: a number, or (in a hand-edited file)
/// text, which a page still shows rather than refuses.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// The value set or the factor.
    Num(f64),
    /// Anything else, as written.
    Text(String),
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

/// A summary as a page shows it ([`Summary::read_shown`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ShownSummary {
    /// The parameter columns' names (a factor's with [`FACTOR`]).
    pub params: Vec<String>,
    /// The lines with a utilisation column, by id.
    pub lines: Vec<String>,
    /// The rows, in the file's order.
    pub rows: Vec<ShownRow>,
}

/// Where each column of a summary's header is.
struct Layout {
    params: Vec<String>,
    lines: Vec<String>,
    /// Per column of [`COLUMNS`], its index in the file (`None`: an older summary's gap).
    fixed: Vec<Option<usize>>,
    util: Vec<usize>,
}

impl Layout {
    /// Reads a header: `id,name,hash`, the parameters up to `status`, then the fixed columns
    /// and `util_<line>` columns in any order. The columns added since the first summaries
    /// may be absent (read as empty); any other missing, repeated or unknown column is refused.
    fn of(h: &[String]) -> Result<Layout, String> {
        let expected =
            "expected a sweep summary: columns id,name,hash, the parameters, then status, ...";
        if h.len() < 4 || h[0] != "id" || h[1] != "name" || h[2] != "hash" {
            return Err(expected.into());
        }
        let status = h
            .iter()
            .position(|c| c == "status")
            .ok_or_else(|| format!("{expected} (no column status)"))?;
        let params = h[3..status].to_vec();
        let mut fixed = vec![None; COLUMNS.len()];
        let (mut lines, mut util) = (Vec::new(), Vec::new());
        for (i, c) in h.iter().enumerate().skip(status) {
            if let Some(k) = COLUMNS.iter().position(|f| f == c) {
                if fixed[k].is_some() {
                    return Err(format!("column {c} appears twice; {expected}"));
                }
                fixed[k] = Some(i);
            } else if let Some(l) = c.strip_prefix(UTIL).filter(|l| !l.is_empty()) {
                if lines.iter().any(|x| x == l) {
                    return Err(format!("column {c} appears twice; {expected}"));
                }
                lines.push(l.to_string());
                util.push(i);
            } else {
                return Err(format!(
                    "unknown column {c:?} after status; {expected} (a parameter column stands before status)"
                ));
            }
        }
        let missing: Vec<&str> = COLUMNS
            .iter()
            .zip(&fixed)
            .filter(|(c, f)| f.is_none() && !ADDED.contains(c))
            .map(|(c, _)| *c)
            .collect();
        if !missing.is_empty() {
            return Err(format!("{expected}; missing {}", missing.join(", ")));
        }
        Ok(Layout {
            params,
            lines,
            fixed,
            util,
        })
    }

    /// Reads one line's cells; `text_params` keeps a parameter cell that is not a number as
    /// text instead of refusing it. An older summary's `x0.5` reads as the factor 0.5 (the
    /// column is then a factor column: see [`Summary::read_shown`]).
    fn row(
        &self,
        cells: &[String],
        header: &[String],
        text_params: bool,
    ) -> Result<ShownRow, String> {
        let bad = |i: usize, what: &str| {
            format!(
                "column {}: expected {what}, found {:?}",
                header[i], cells[i]
            )
        };
        let number = |i: Option<usize>| -> Result<Option<f64>, String> {
            let Some(i) = i else { return Ok(None) };
            let c = cells[i].trim();
            if c.is_empty() {
                return Ok(None);
            }
            c.parse().map(Some).map_err(|_| bad(i, "a number"))
        };
        let text = |k: usize| self.fixed[k].map(|i| cells[i].clone()).unwrap_or_default();
        let col = |name: &str| COLUMNS.iter().position(|c| *c == name).expect("a column");
        let id = cells[0].parse().map_err(|_| bad(0, "a scenario number"))?;
        let mut shown = Vec::new();
        for (i, cell) in cells.iter().enumerate().skip(3).take(self.params.len()) {
            shown.push(match cell.trim() {
                "" => None,
                c => match parse_op(c) {
                    Some(op) => Some(Param::Num(op.value())),
                    None if text_params => Some(Param::Text(cell.clone())),
                    None => return Err(bad(i, "a number")),
                },
            });
        }
        let params = shown
            .iter()
            .map(|p| match p {
                Some(Param::Num(v)) => Some(*v),
                _ => None,
            })
            .collect();
        let at = self.fixed[0].expect("status is there");
        let status = RowStatus::from_name(&cells[at]).ok_or_else(|| bad(at, "a status"))?;
        let mut kpis = [None; KPIS];
        for (k, v) in kpis.iter_mut().enumerate() {
            *v = number(self.fixed[FIRST_KPI + k])?;
        }
        let util = (self.util.iter())
            .map(|&i| number(Some(i)))
            .collect::<Result<_, _>>()?;
        let ncost = cost_columns().len();
        let costs = (0..ncost)
            .map(|k| number(self.fixed[FIRST_COST + k]))
            .collect::<Result<_, _>>()?;
        let cp = col("check_passed");
        let check_passed = match text(cp).as_str() {
            "" => None,
            "true" => Some(true),
            "false" => Some(false),
            _ => return Err(bad(self.fixed[cp].unwrap_or(0), "true or false")),
        };
        let row = SweepRow {
            id,
            name: cells[1].clone(),
            hash: cells[2].clone(),
            params,
            status,
            solver_status: text(col("solver_status")),
            objective_eur: number(self.fixed[col("objective_eur")])?,
            kpis: Kpis::from_cells(kpis),
            util,
            costs,
            check_passed,
            max_violation: number(self.fixed[col("max_violation")])?,
            build_s: number(self.fixed[col("build_s")])?,
            solve_s: number(self.fixed[col("solve_s")])?,
            reason: text(col("reason")),
            explanation: text(col("explanation")),
        };
        Ok(ShownRow { row, params: shown })
    }
}

impl Summary {
    /// Reads a summary written by a sweep or `merge` (this one or an earlier one, whose
    /// missing columns read as empty and whose `x0.5` parameter cells read as factors): a
    /// file whose columns are not a summary's, or a cell that is not what its column holds,
    /// is an input problem naming the file, the line and the column.
    pub fn read(path: &Path) -> Result<Summary, crate::Error> {
        let s = read_rows(path, false)?;
        Ok(Summary {
            params: s.params,
            lines: s.lines,
            rows: s.rows.into_iter().map(|r| r.row).collect(),
        })
    }

    /// Reads a summary to show it: as [`Summary::read`], except that a parameter cell that is
    /// not a number is kept as [`Param::Text`] instead of refused.
    pub fn read_shown(path: &Path) -> Result<ShownSummary, crate::Error> {
        read_rows(path, true)
    }

    /// The header line.
    pub fn header_line(&self) -> String {
        crate::csvout::line(&header(&self.params, &self.lines))
    }

    /// The whole file's text.
    pub fn text(&self) -> String {
        let mut s = self.header_line();
        for r in &self.rows {
            s.push_str(&r.line());
        }
        s
    }
}

/// Reads a summary's parameter columns, lines and rows. A parameter column of an older
/// summary whose cells are factors (`x0.5`) is renamed with [`FACTOR`]; one mixing factors
/// and values is refused.
fn read_rows(path: &Path, text_params: bool) -> Result<ShownSummary, crate::Error> {
    let problem =
        |msg: String| crate::Error::Input(crate::InputError::one(crate::Problem::file(path, msg)));
    let t = crate::csvout::read(path)?;
    let layout = Layout::of(&t.header).map_err(problem)?;
    let rows: Vec<ShownRow> = (t.rows.iter().enumerate())
        .map(|(i, r)| {
            layout
                .row(r, &t.header, text_params)
                .map_err(|e| problem(format!("line {}: {e}", i + 2)))
        })
        .collect::<Result<_, _>>()?;
    let mut params = layout.params.clone();
    for (k, p) in params.iter_mut().enumerate() {
        let cells = || {
            t.rows
                .iter()
                .map(|r| r[3 + k].trim())
                .filter(|c| !c.is_empty())
        };
        let factors = cells().filter(|c| c.starts_with('x')).count();
        let numbers = cells().filter(|c| c.parse::<f64>().is_ok()).count();
        if factors > 0 && numbers > 0 {
            return Err(problem(format!(
                "column {p}: mixes factors (x0.5) and values; expected one kind per column"
            )));
        }
        if factors > 0 && !param_name(p).1 {
            *p = param_header(p, true);
        }
    }
    Ok(ShownSummary {
        params,
        lines: layout.lines,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_columns_come_from_the_cost_terms_in_the_summary_order() {
        let names: Vec<&str> = cost_columns().iter().map(|(c, _)| *c).collect();
        assert_eq!(names, COLUMNS[FIRST_COST..FIRST_COST + names.len()]);
        assert_eq!(COLUMNS[FIRST_COST + names.len()], "check_passed");
        assert_eq!(COLUMNS[FIRST_KPI], "recovery_rate");
        assert_eq!(COLUMNS[FIRST_COST - 1], "persons_mean_supervisor");
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
            assert_eq!(parse_op(&op.label()), Some(op));
        }
        assert_eq!(param_header("tonnage.crt", true), "tonnage.crt_factor");
        assert_eq!(param_name("tonnage.crt_factor"), ("tonnage.crt", true));
        assert_eq!(param_name("price.a.b"), ("price.a.b", false));
        assert_eq!(param_name("_factor"), ("_factor", false));
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

    fn a_row() -> SweepRow {
        let mut r = SweepRow::key(7, "a, b", "00ff", vec![Some(0.5), None], 2);
        r.status = RowStatus::Solved(Status::Optimal);
        r.solver_status = "Optimal".into();
        r.objective_eur = Some(-12.25);
        r.kpis.recovery_rate = Some(0.6);
        r.kpis.persons_peak = [Some(3.0), Some(12.0), Some(1.0)];
        r.kpis.temporary_h = Some(0.0);
        r.util = vec![Some(1.0), None];
        r.costs[3] = Some(300.0);
        r.check_passed = Some(true);
        r.build_s = Some(0.0012);
        r.explanation = "=odd".into();
        r
    }

    fn write(dir: &Path, text: &str) -> std::path::PathBuf {
        let p = dir.join("summary.csv");
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn a_summary_reads_back_as_written_with_numbers_as_numbers() {
        let s = Summary {
            params: vec!["tonnage_factor".into(), "price".into()],
            lines: vec!["l1".into(), "l2".into()],
            rows: vec![a_row()],
        };
        let text = s.text();
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        assert!(header.starts_with("id,name,hash,tonnage_factor,price,status,"));
        assert!(header.contains(",persons_mean_supervisor,util_l1,util_l2,cost_staff_eur,"));
        assert!(header.ends_with(",reason,explanation"));
        let row = lines.next().unwrap();
        assert!(row.starts_with("7,\"a, b\",00ff,0.5,,optimal,Optimal,-12.25,0.6,"));
        assert!(row.contains(",3,12,1,,,,1,,"), "{row}");
        assert!(row.ends_with(",'=odd"), "{row}");
        let dir = tempfile::tempdir().unwrap();
        let back = Summary::read(&write(dir.path(), &text)).unwrap();
        assert_eq!(back, s);
        // The stored result round-trips through serde with numbers as numbers.
        let json = serde_json::to_string(&a_row()).unwrap();
        assert!(json.contains("\"objective_eur\":-12.25"), "{json}");
        assert!(json.contains("\"status\":\"optimal\""), "{json}");
        assert_eq!(serde_json::from_str::<SweepRow>(&json).unwrap(), a_row());
    }

    #[test]
    fn a_cell_that_is_not_its_columns_kind_is_named() {
        let s = Summary {
            params: vec!["price".into()],
            lines: vec!["l1".into()],
            rows: vec![SweepRow::key(1, "", "00", vec![Some(3.0)], 1)],
        };
        let dir = tempfile::tempdir().unwrap();
        let text = s.text().replace("\n1,,00,3,error", "\n1,,00,many,error");
        let e = Summary::read(&write(dir.path(), &text))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("line 2") && e.contains("column price") && e.contains("many"),
            "{e}"
        );
        let text = s.text().replace("util_l1", "usage_l1");
        let e = Summary::read(&write(dir.path(), &text))
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown column \"usage_l1\""), "{e}");
        // A missing column (here: its header and its cells gone) is named.
        let drop = |l: &str| {
            let mut c: Vec<&str> = l.split(',').collect();
            c.remove(6);
            c.join(",")
        };
        let text: Vec<String> = s.text().lines().map(drop).collect();
        let e = Summary::read(&write(dir.path(), &(text.join("\n") + "\n")))
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing objective_eur"), "{e}");
    }

    /// A summary written before the staff, utilisation and explanation columns (and with
    /// factors written `x0.5`) still reads: the new columns empty, the factor column renamed.
    #[test]
    fn an_older_summary_reads_with_its_factors_and_without_the_new_columns() {
        let old: Vec<&str> = COLUMNS
            .iter()
            .copied()
            .filter(|c| !ADDED.contains(c))
            .collect();
        let mut text = format!("id,name,hash,tonnage.crt,price\n{}\n", old.join(","));
        text = text.replacen('\n', ",", 1);
        let mut cells = vec!["1", "s", "ab", "x0.5", "30", "optimal", "Optimal", "12"];
        cells.resize(5 + old.len(), "");
        text.push_str(&(cells.join(",") + "\n"));
        let dir = tempfile::tempdir().unwrap();
        let s = Summary::read(&write(dir.path(), &text)).unwrap();
        assert_eq!(s.params, ["tonnage.crt_factor", "price"]);
        assert!(s.lines.is_empty());
        assert_eq!(s.rows[0].params, [Some(0.5), Some(30.0)]);
        assert_eq!(s.rows[0].objective_eur, Some(12.0));
        assert_eq!(s.rows[0].kpis.temporary_h, None);
        assert_eq!(s.rows[0].explanation, "");
        // Factors and values in one column: refused.
        let mixed = text.replace(",x0.5,30,", ",x0.5,x2,");
        let second = mixed.lines().nth(1).unwrap().replace(",x2,", ",2,");
        let mixed = mixed + &second + "\n";
        let e = Summary::read(&write(dir.path(), &mixed))
            .unwrap_err()
            .to_string();
        assert!(e.contains("column price: mixes factors"), "{e}");
    }

    #[test]
    fn parameter_cells_of_a_hand_edited_summary_read_as_text() {
        let s = Summary {
            params: vec!["price".into()],
            lines: Vec::new(),
            rows: vec![SweepRow::key(1, "", "00", vec![Some(3.0)], 0)],
        };
        let dir = tempfile::tempdir().unwrap();
        let text = s.text().replace("\n1,,00,3,", "\n1,,00,high <b>,");
        let rows = Summary::read_shown(&write(dir.path(), &text)).unwrap().rows;
        assert_eq!(rows[0].params, [Some(Param::Text("high <b>".into()))]);
        assert_eq!(rows[0].row.params, [None]);
    }
}
