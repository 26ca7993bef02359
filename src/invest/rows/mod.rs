//! The rows of `comparison.csv` and `yearly.csv`, typed: numbers stay numbers, the futures'
//! figures are a vector with one entry per future, the choice is two flags.
//! [`ComparisonRow::cells`] and [`YearlyRow::cells`] write them, `from_cells` reads them back;
//! [`ComparisonTable`] and [`YearlyTable`] are the whole files, written and read through
//! [`crate::csvout`], for `triplan compare` and `triplan report`.

mod cashflow;
mod yearly;

pub use cashflow::{CashFlowTable, CASHFLOW_COLUMNS};
pub use yearly::{YearlyRow, YearlyTable, YEARLY_COLUMNS};

use super::{Comparison, SetSummary};
use std::path::Path;
use std::str::FromStr;

/// The figures of one future, in the order of their column groups (`npv_eur_<future>`, ...).
pub const PER_FUTURE: [&str; 7] = [
    "npv_eur",
    "regret_eur",
    "payback_year",
    "insertion_fte_years",
    "recovery_rate",
    "recycling_rate",
    "external_t",
];

/// The columns of `comparison.csv` before the futures' columns.
const LEADING: [&str; 4] = ["set", "options", "net_investment_eur", "residual_pv_eur"];

/// The columns of `comparison.csv` after the futures' columns.
const TRAILING: [&str; 10] = [
    "expected_npv_eur",
    "max_regret_eur",
    "choice",
    "mission_extra_npc_eur",
    "mission_fte_years",
    "mission_discounted_fte_years",
    "mission_eur_per_fte_year",
    "mission_exits_to_employment",
    "mission_discounted_exits_to_employment",
    "mission_eur_per_exit_to_employment",
];

/// The last columns of `TRAILING`, which a comparison written before them lacks (such a file
/// is still read, those figures none).
const ADDED_LAST: usize = 3;

/// The columns after `TRAILING` before the futures' operating savings.
const RECOMMENDATION: [&str; 2] = ["best_schedule", "representative_weeks"];

/// The per-future column of the NPV's operating part (`npv_operating_eur_<future>`).
const OPERATING: &str = "npv_operating_eur";

/// The last columns: the NPV's other parts and the check on the whole horizon.
const SPLIT_AND_CHECK: [&str; 5] = [
    "npv_capital_eur",
    "npv_grants_eur",
    "full_year_expected_npv_eur",
    "full_year_max_regret_eur",
    "full_year_choice",
];

/// How many columns a comparison written before the build years, the NPV's parts and the
/// check on the whole horizon lacks, for `futures` futures.
fn added_with_split(futures: usize) -> usize {
    RECOMMENDATION.len() + futures + SPLIT_AND_CHECK.len()
}

/// A number as the comparison writes it: rounded to 1e-6, shortest form; none or not finite:
/// empty.
fn num(x: Option<f64>) -> String {
    match x {
        Some(x) if x.is_finite() => format!("{}", (x * 1e6).round() / 1e6),
        _ => String::new(),
    }
}

/// The choice column's names of the two verdicts.
const MINMAX_REGRET: &str = "min-max regret";
const BEST_EXPECTED: &str = "best expected NPV";

/// Reads a row's cells left to right; an error names the column and what it expected.
struct Cursor<'a> {
    cells: &'a [String],
    header: &'a [String],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(cells: &'a [String], header: &'a [String]) -> Result<Cursor<'a>, String> {
        if cells.len() != header.len() {
            return Err(format!("{} cells, expected {}", cells.len(), header.len()));
        }
        Ok(Cursor {
            cells,
            header,
            at: 0,
        })
    }

    fn bad(&self, what: &str) -> String {
        let i = self.at - 1;
        format!(
            "column {}: expected {what}, found {:?}",
            self.header[i], self.cells[i]
        )
    }

    fn text(&mut self) -> &'a str {
        self.at += 1;
        &self.cells[self.at - 1]
    }

    /// A value of type `T`, or none for an empty cell.
    fn opt<T: FromStr>(&mut self, what: &str) -> Result<Option<T>, String> {
        match self.text().trim() {
            "" => Ok(None),
            c => c.parse().map(Some).map_err(|_| self.bad(what)),
        }
    }

    fn number(&mut self) -> Result<Option<f64>, String> {
        self.opt("a number")
    }

    /// A value that every row has.
    fn given<T: FromStr>(&mut self, what: &str) -> Result<T, String> {
        self.opt(what)?.ok_or_else(|| self.bad(what))
    }
}

/// One future's figures in a row of `comparison.csv`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FutureCells {
    /// NPV against the status quo (EUR).
    pub npv_eur: Option<f64>,
    /// Regret (EUR).
    pub regret_eur: Option<f64>,
    /// Payback calendar year.
    pub payback_year: Option<i32>,
    /// Insertion FTE-years over the study.
    pub insertion_fte_years: Option<f64>,
    /// Recovery rate, all years.
    pub recovery_rate: Option<f64>,
    /// Recycling rate, all years.
    pub recycling_rate: Option<f64>,
    /// Tonnes to the external contractor over the study.
    pub external_t: Option<f64>,
}

impl FutureCells {
    /// The cell of the figure `PER_FUTURE[k]`.
    fn cell(&self, k: usize) -> String {
        match k {
            0 => num(self.npv_eur),
            1 => num(self.regret_eur),
            2 => self.payback_year.map(|y| y.to_string()).unwrap_or_default(),
            3 => num(self.insertion_fte_years),
            4 => num(self.recovery_rate),
            5 => num(self.recycling_rate),
            _ => num(self.external_t),
        }
    }

    /// Reads the cell of the figure `PER_FUTURE[k]` into its field.
    fn read(&mut self, k: usize, c: &mut Cursor) -> Result<(), String> {
        match k {
            0 => self.npv_eur = c.number()?,
            1 => self.regret_eur = c.number()?,
            2 => self.payback_year = c.opt("a year")?,
            3 => self.insertion_fte_years = c.number()?,
            4 => self.recovery_rate = c.number()?,
            5 => self.recycling_rate = c.number()?,
            _ => self.external_t = c.number()?,
        }
        Ok(())
    }
}

/// One row of `comparison.csv`: an option set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ComparisonRow {
    /// The set's name.
    pub set: String,
    /// Its options with their start years (`name@year`, separated by spaces).
    pub options: Vec<(String, i32)>,
    /// Capital less grants (EUR).
    pub net_investment_eur: Option<f64>,
    /// Present value of the residual value (EUR).
    pub residual_pv_eur: Option<f64>,
    /// One per future, in the file's order.
    pub futures: Vec<FutureCells>,
    /// Expected NPV (EUR).
    pub expected_npv_eur: Option<f64>,
    /// Largest regret (EUR).
    pub max_regret_eur: Option<f64>,
    /// The min-max regret choice.
    pub minmax_regret_choice: bool,
    /// The best expected NPV.
    pub best_expected: bool,
    /// Extra net present cost of the social mission (EUR).
    pub mission_extra_npc_eur: Option<f64>,
    /// Insertion FTE-years the mission adds.
    pub mission_fte_years: Option<f64>,
    /// The same, discounted.
    pub mission_discounted_fte_years: Option<f64>,
    /// EUR per insertion FTE-year, levelised.
    pub mission_eur_per_fte_year: Option<f64>,
    /// Exits to employment the mission adds.
    pub mission_exits_to_employment: Option<f64>,
    /// The same, discounted.
    pub mission_discounted_exits_to_employment: Option<f64>,
    /// EUR per exit to employment, levelised.
    pub mission_eur_per_exit_to_employment: Option<f64>,
    /// The best build schedule of the schedule search.
    pub best_schedule: bool,
    /// Representative weeks solved per year (none: the whole horizon).
    pub representative_weeks: Option<usize>,
    /// The NPV's operating part (discounted savings net of fixed costs), per future (EUR).
    pub npv_operating_eur: Vec<Option<f64>>,
    /// The NPV's capital part (EUR, negative or zero).
    pub npv_capital_eur: Option<f64>,
    /// The NPV's grants part (EUR).
    pub npv_grants_eur: Option<f64>,
    /// Expected NPV planned again on the whole horizon (checked sets only).
    pub full_year_expected_npv_eur: Option<f64>,
    /// Largest regret on the whole horizon among the checked sets.
    pub full_year_max_regret_eur: Option<f64>,
    /// The min-max regret choice among the checked sets on the whole horizon.
    pub full_year_minmax_regret_choice: bool,
    /// The best expected NPV among the checked sets on the whole horizon.
    pub full_year_best_expected: bool,
}

impl ComparisonRow {
    /// The row of an option set of a comparison.
    pub fn new(c: &Comparison, s: &SetSummary) -> ComparisonRow {
        let full = c
            .full_year
            .as_ref()
            .and_then(|f| f.sets.iter().find(|x| x.set == s.name));
        ComparisonRow {
            set: s.name.clone(),
            options: s.options.clone(),
            net_investment_eur: Some(s.net_investment_eur),
            residual_pv_eur: Some(s.residual_pv_eur),
            futures: s
                .futures
                .iter()
                .map(|f| FutureCells {
                    npv_eur: f.npv_eur,
                    regret_eur: f.regret_eur,
                    payback_year: f.payback_year,
                    insertion_fte_years: Some(f.insertion_fte_years),
                    recovery_rate: f.recovery_rate,
                    recycling_rate: f.recycling_rate,
                    external_t: Some(f.external_t),
                })
                .collect(),
            expected_npv_eur: s.expected_npv_eur,
            max_regret_eur: s.max_regret_eur,
            minmax_regret_choice: s.minmax_regret_choice,
            best_expected: s.best_expected,
            mission_extra_npc_eur: s.mission.extra_npc_eur,
            mission_fte_years: Some(s.mission.fte_years),
            mission_discounted_fte_years: Some(s.mission.discounted_fte_years),
            mission_eur_per_fte_year: s.mission.eur_per_fte_year,
            mission_exits_to_employment: Some(s.mission.exits_to_employment),
            mission_discounted_exits_to_employment: Some(s.mission.discounted_exits_to_employment),
            mission_eur_per_exit_to_employment: s.mission.eur_per_exit_to_employment,
            best_schedule: s.best_schedule,
            representative_weeks: c.representative_weeks,
            npv_operating_eur: s
                .futures
                .iter()
                .map(|f| f.split.map(|p| p.operating_eur))
                .collect(),
            npv_capital_eur: Some(s.capital_pv_eur),
            npv_grants_eur: Some(s.grants_pv_eur),
            full_year_expected_npv_eur: full.and_then(|f| f.expected_npv_eur),
            full_year_max_regret_eur: full.and_then(|f| f.max_regret_eur),
            full_year_minmax_regret_choice: full.is_some_and(|f| f.minmax_regret_choice),
            full_year_best_expected: full.is_some_and(|f| f.best_expected),
        }
    }

    /// The choice cell: the verdicts this set wins, `; ` between them.
    pub fn choice(&self) -> String {
        verdicts(self.minmax_regret_choice, self.best_expected)
    }

    /// The NPV's parts under the `k`th future: operating, capital, grants, residual (EUR);
    /// none when one is unknown.
    pub fn split(&self, k: usize) -> Option<[f64; 4]> {
        Some([
            (*self.npv_operating_eur.get(k)?)?,
            self.npv_capital_eur?,
            self.npv_grants_eur?,
            self.residual_pv_eur?,
        ])
    }

    /// The options cell: `name@year`, separated by spaces.
    fn options_cell(&self) -> String {
        let v: Vec<String> = self
            .options
            .iter()
            .map(|(o, y)| format!("{o}@{y}"))
            .collect();
        v.join(" ")
    }

    /// The row's cells, aligned with [`comparison_header`] of as many futures.
    pub fn cells(&self) -> Vec<String> {
        let mut cells = vec![
            self.set.clone(),
            self.options_cell(),
            num(self.net_investment_eur),
            num(self.residual_pv_eur),
        ];
        for k in 0..PER_FUTURE.len() {
            cells.extend(self.futures.iter().map(|f| f.cell(k)));
        }
        cells.extend([
            num(self.expected_npv_eur),
            num(self.max_regret_eur),
            self.choice(),
            num(self.mission_extra_npc_eur),
            num(self.mission_fte_years),
            num(self.mission_discounted_fte_years),
            num(self.mission_eur_per_fte_year),
            num(self.mission_exits_to_employment),
            num(self.mission_discounted_exits_to_employment),
            num(self.mission_eur_per_exit_to_employment),
            if self.best_schedule { "yes" } else { "" }.into(),
            self.representative_weeks
                .map(|n| n.to_string())
                .unwrap_or_default(),
        ]);
        cells.extend(self.npv_operating_eur.iter().map(|v| num(*v)));
        cells.extend([
            num(self.npv_capital_eur),
            num(self.npv_grants_eur),
            num(self.full_year_expected_npv_eur),
            num(self.full_year_max_regret_eur),
            verdicts(
                self.full_year_minmax_regret_choice,
                self.full_year_best_expected,
            ),
        ]);
        cells
    }

    /// Reads the cells of a comparison of `futures` futures (`header` may lack the columns
    /// added last, as in a comparison written before them).
    pub fn from_cells(
        cells: &[String],
        futures: usize,
        header: &[String],
    ) -> Result<ComparisonRow, String> {
        let mut c = Cursor::new(cells, header)?;
        let mut row = ComparisonRow {
            set: c.text().to_string(),
            ..ComparisonRow::default()
        };
        let options = c.text();
        row.options = parse_options(options).ok_or_else(|| c.bad("name@year ..."))?;
        row.net_investment_eur = c.number()?;
        row.residual_pv_eur = c.number()?;
        row.futures = vec![FutureCells::default(); futures];
        for k in 0..PER_FUTURE.len() {
            for f in &mut row.futures {
                f.read(k, &mut c)?;
            }
        }
        row.expected_npv_eur = c.number()?;
        row.max_regret_eur = c.number()?;
        (row.minmax_regret_choice, row.best_expected) = read_verdicts(&mut c)?;
        row.mission_extra_npc_eur = c.number()?;
        row.mission_fte_years = c.number()?;
        row.mission_discounted_fte_years = c.number()?;
        row.mission_eur_per_fte_year = c.number()?;
        if c.at < cells.len() {
            row.mission_exits_to_employment = c.number()?;
            row.mission_discounted_exits_to_employment = c.number()?;
            row.mission_eur_per_exit_to_employment = c.number()?;
        }
        if c.at < cells.len() {
            row.best_schedule = match c.text() {
                "yes" => true,
                "" => false,
                _ => return Err(c.bad("yes or nothing")),
            };
            row.representative_weeks = c.opt("a number of weeks")?;
            for _ in 0..futures {
                let v = c.number()?;
                row.npv_operating_eur.push(v);
            }
            row.npv_capital_eur = c.number()?;
            row.npv_grants_eur = c.number()?;
            row.full_year_expected_npv_eur = c.number()?;
            row.full_year_max_regret_eur = c.number()?;
            (
                row.full_year_minmax_regret_choice,
                row.full_year_best_expected,
            ) = read_verdicts(&mut c)?;
        }
        Ok(row)
    }
}

/// A choice cell: the verdicts won, `; ` between them.
fn verdicts(minmax_regret: bool, best_expected: bool) -> String {
    let mut v = Vec::new();
    if minmax_regret {
        v.push(MINMAX_REGRET);
    }
    if best_expected {
        v.push(BEST_EXPECTED);
    }
    v.join("; ")
}

/// Reads a choice cell: (min-max regret, best expected NPV).
fn read_verdicts(c: &mut Cursor) -> Result<(bool, bool), String> {
    let (mut m, mut b) = (false, false);
    for part in c.text().split("; ").filter(|p| !p.is_empty()) {
        match part {
            MINMAX_REGRET => m = true,
            BEST_EXPECTED => b = true,
            _ => return Err(c.bad("min-max regret, best expected NPV or nothing")),
        }
    }
    Ok((m, b))
}

/// Reads an options cell: `name@year` separated by spaces (a name may hold spaces: the words
/// up to one ending in `@year` make one option).
fn parse_options(s: &str) -> Option<Vec<(String, i32)>> {
    let mut out = Vec::new();
    let mut name = String::new();
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        if !name.is_empty() {
            name.push(' ');
        }
        match word
            .rsplit_once('@')
            .and_then(|(n, y)| Some((n, y.parse().ok()?)))
        {
            Some((n, y)) => {
                name.push_str(n);
                out.push((std::mem::take(&mut name), y));
            }
            None => name.push_str(word),
        }
    }
    name.is_empty().then_some(out)
}

/// The header of `comparison.csv` for these futures.
pub fn comparison_header(futures: &[String]) -> Vec<String> {
    let mut h: Vec<String> = LEADING.map(String::from).to_vec();
    for p in PER_FUTURE {
        h.extend(futures.iter().map(|f| format!("{p}_{f}")));
    }
    h.extend(TRAILING.map(String::from));
    h.extend(RECOMMENDATION.map(String::from));
    h.extend(futures.iter().map(|f| format!("{OPERATING}_{f}")));
    h.extend(SPLIT_AND_CHECK.map(String::from));
    h
}

/// An input problem about the file `path`.
fn problem(path: &Path, msg: String) -> crate::Error {
    crate::Error::Input(crate::InputError::one(crate::Problem::file(path, msg)))
}

/// A whole `comparison.csv`: the futures and a row per option set.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonTable {
    /// The futures, in the order of their columns.
    pub futures: Vec<String>,
    /// The option sets, in the file's order.
    pub rows: Vec<ComparisonRow>,
}

impl ComparisonTable {
    /// The table of a comparison.
    pub fn new(c: &Comparison) -> ComparisonTable {
        ComparisonTable {
            futures: c.futures.iter().map(|(f, _)| f.clone()).collect(),
            rows: c.sets.iter().map(|s| ComparisonRow::new(c, s)).collect(),
        }
    }

    /// The header of the file.
    pub fn header(&self) -> Vec<String> {
        comparison_header(&self.futures)
    }

    /// The file's text.
    pub fn text(&self) -> String {
        let mut s = crate::csvout::line(&self.header());
        for r in &self.rows {
            s.push_str(&crate::csvout::line(&r.cells()));
        }
        s
    }

    /// Reads a file written by [`ComparisonTable::text`]: columns that are not a comparison's,
    /// or a cell that is not what its column holds, are an input problem naming the file, the
    /// line and the column.
    pub fn read(path: &Path) -> Result<ComparisonTable, crate::Error> {
        let t = crate::csvout::read(path)?;
        let futures: Vec<String> = t
            .header
            .iter()
            .filter_map(|h| h.strip_prefix("npv_eur_").map(String::from))
            .collect();
        let full = comparison_header(&futures);
        let older = full.len() - added_with_split(futures.len());
        if t.header != full
            && t.header[..] != full[..older]
            && t.header[..] != full[..older - ADDED_LAST]
        {
            return Err(problem(
                path,
                "expected a comparison: columns set, options, net_investment_eur, residual_pv_eur, npv_eur_<future>..., expected_npv_eur, max_regret_eur, choice, mission_...".into(),
            ));
        }
        let rows = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                ComparisonRow::from_cells(r, futures.len(), &t.header)
                    .map_err(|e| problem(path, format!("line {}: {e}", i + 2)))
            })
            .collect::<Result<_, _>>()?;
        Ok(ComparisonTable { futures, rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_read_back_even_with_spaces_in_names() {
        assert_eq!(parse_options(""), Some(vec![]));
        assert_eq!(
            parse_options("platform@2015 flat line@2016"),
            Some(vec![("platform".into(), 2015), ("flat line".into(), 2016)])
        );
        assert_eq!(parse_options("a@b@2020"), Some(vec![("a@b".into(), 2020)]));
        assert_eq!(parse_options("platform"), None);
    }

    #[test]
    fn a_comparison_row_reads_back_from_its_cells() {
        let futures = ["slow".to_string(), "fast".to_string()];
        let row = ComparisonRow {
            set: "a, b".into(),
            options: vec![("press".into(), 2016)],
            net_investment_eur: Some(1400000.0),
            residual_pv_eur: Some(0.5),
            futures: vec![
                FutureCells {
                    npv_eur: Some(-3.25),
                    payback_year: Some(2019),
                    ..FutureCells::default()
                },
                FutureCells {
                    recovery_rate: Some(0.92),
                    ..FutureCells::default()
                },
            ],
            minmax_regret_choice: true,
            best_expected: true,
            best_schedule: true,
            representative_weeks: Some(4),
            npv_operating_eur: vec![Some(-1.5), None],
            npv_grants_eur: Some(2.0),
            full_year_minmax_regret_choice: true,
            ..ComparisonRow::default()
        };
        let h = comparison_header(&futures);
        let cells = row.cells();
        assert_eq!(
            cells[h.iter().position(|c| c == "npv_eur_slow").unwrap()],
            "-3.25"
        );
        assert_eq!(
            cells[h.iter().position(|c| c == "choice").unwrap()],
            "min-max regret; best expected NPV"
        );
        assert_eq!(ComparisonRow::from_cells(&cells, 2, &h).unwrap(), row);
        let mut wrong = cells.clone();
        wrong[h.iter().position(|c| c == "payback_year_fast").unwrap()] = "soon".into();
        let e = ComparisonRow::from_cells(&wrong, 2, &h).unwrap_err();
        assert!(e.contains("payback_year_fast") && e.contains("soon"), "{e}");
    }

    /// A comparison written before the cost per exit to employment still reads, those
    /// figures none; a header missing other columns does not.
    #[test]
    fn a_comparison_without_the_exit_columns_still_reads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("comparison.csv");
        let row = ComparisonRow {
            set: "status quo".into(),
            futures: vec![FutureCells::default()],
            mission_eur_per_fte_year: Some(-2001.5),
            mission_eur_per_exit_to_employment: Some(9.0),
            ..ComparisonRow::default()
        };
        let h = comparison_header(&["central".to_string()]);
        let keep = h.len() - added_with_split(1) - ADDED_LAST;
        let mut text = crate::csvout::line(&h[..keep]);
        text.push_str(&crate::csvout::line(&row.cells()[..keep]));
        std::fs::write(&path, &text).unwrap();
        let t = ComparisonTable::read(&path).unwrap();
        assert_eq!(t.rows[0].mission_eur_per_fte_year, Some(-2001.5));
        assert_eq!(t.rows[0].mission_eur_per_exit_to_employment, None);
        let mut text = crate::csvout::line(&h[..keep - 1]);
        text.push_str(&crate::csvout::line(&row.cells()[..keep - 1]));
        std::fs::write(&path, &text).unwrap();
        let e = ComparisonTable::read(&path).unwrap_err().to_string();
        assert!(e.contains("expected a comparison"), "{e}");
    }

    #[test]
    fn a_yearly_row_reads_back_from_its_cells() {
        let row = YearlyRow {
            set: "status quo".into(),
            future: "slow".into(),
            variant: "plan".into(),
            year: 2014,
            in_service: vec!["press".into(), "bench".into()],
            status: "optimal".into(),
            operating_eur: Some(782681.726037),
            recovery_rate: Some(0.92),
            weeks_solved: 4,
            variables: 828,
            solve_s: 0.012,
            ..YearlyRow::default()
        };
        let h = YEARLY_COLUMNS.map(String::from);
        let cells = row.cells();
        assert_eq!(cells[4], "press + bench");
        assert_eq!(YearlyRow::from_cells(&cells, &h).unwrap(), row);
        let mut wrong = cells.clone();
        wrong[h.iter().position(|c| c == "variables").unwrap()] = "-1".into();
        let e = YearlyRow::from_cells(&wrong, &h).unwrap_err();
        assert!(e.contains("variables"), "{e}");
    }
}
