//! Outputs of a comparison: the terminal table and the CSV and JSON files.

use super::rows::{ComparisonRow, ComparisonTable, YearlyTable};
use super::Comparison;
use crate::error::Error;
use std::fmt::Write as _;
use std::path::Path;

/// The files `compare --out` writes (`schedule.json` only with `--optimise`/`--enumerate`).
pub const FILES: &[&str] = &[
    "comparison.csv",
    "yearly.csv",
    "comparison.json",
    "schedule.json",
];

/// Writes `comparison.csv`, `yearly.csv` and `comparison.json` (everything) into `dir`, under
/// the rule of [`crate::output`]: a new or empty directory, or an earlier comparison's (whose
/// files, a `report.html` included, are replaced together).
pub fn write_dir(c: &Comparison, dir: &Path) -> Result<(), Error> {
    let guard = crate::output::OutDir::check(dir, "compare", "", false, FILES)?;
    write_into(c, &guard)
}

/// [`write_dir`] into a directory already checked (by the command, before any work).
pub fn write_into(c: &Comparison, guard: &crate::output::OutDir) -> Result<(), Error> {
    let dir = guard.path.as_path();
    guard.begin(&FILES[..3], &[])?;
    let comparison = ComparisonTable::new(c).text();
    crate::output::write_atomic(&dir.join("comparison.csv"), comparison.as_bytes())?;
    let yearly = YearlyTable::new(c).text();
    crate::output::write_atomic(&dir.join("yearly.csv"), yearly.as_bytes())?;
    let json = serde_json::to_vec_pretty(c).expect("plain data");
    crate::output::write_atomic(&dir.join("comparison.json"), &json)
}

fn keur(x: Option<f64>) -> String {
    x.map(|v| format!("{:.0}", v / 1000.0))
        .unwrap_or_else(|| "-".into())
}

/// The comparison as a terminal table (money in kEUR).
pub fn text(c: &Comparison) -> String {
    let mut s = String::new();
    let futures: Vec<String> = c
        .futures
        .iter()
        .map(|(n, w)| format!("{n} ({:.0} %)", w * 100.0))
        .collect();
    let _ = writeln!(
        s,
        "Investment comparison: {} ({} to {}, discount rate {:.1} %)",
        c.study.display(),
        c.first_year,
        c.first_year + c.years as i32 - 1,
        c.discount_rate * 100.0
    );
    let _ = writeln!(s, "futures (weights): {}", futures.join(", "));
    let _ = writeln!(
        s,
        "{} jobs, {} distinct solves ({}, {} weeks a year), models {}-{} columns, {}-{} rows, {}-{} integer; {:.1} s wall, {:.1} s of solves",
        c.jobs,
        c.solves,
        if c.relaxed { "LP relaxations" } else { "MIP" },
        c.weeks_per_year,
        c.model_min.0,
        c.model_max.0,
        c.model_min.1,
        c.model_max.1,
        c.model_min.2,
        c.model_max.2,
        c.wall_s,
        c.solve_s_total
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "NPV against the status quo (kEUR, present value; positive = the investment pays)"
    );
    let _ = writeln!(
        s,
        "invest = capital less grants, resid. PV = present value of what the assets are worth at the end"
    );
    let w = c
        .sets
        .iter()
        .map(|x| x.name.len())
        .max()
        .unwrap_or(10)
        .max(10);
    let mut head = format!("  {:<w$} {:>9} {:>9}", "set", "invest", "resid. PV");
    for (f, _) in &c.futures {
        head += &format!(" {:>10}", truncate(f, 10));
    }
    head += &format!(
        " {:>9} {:>10} {:>8} {:>9} {:>9} {:>9}  choice",
        "expected", "max regret", "payback", "ins. FTE", "recovery", "ext. t/y"
    );
    let _ = writeln!(s, "{head}");
    let ci = c
        .futures
        .iter()
        .position(|(n, _)| n == &c.central_future)
        .unwrap_or(0);
    for row in &c.sets {
        let mut line = format!(
            "  {:<w$} {:>9} {:>9}",
            row.name,
            format!("{:.0}", row.net_investment_eur / 1000.0),
            format!("{:.0}", row.residual_pv_eur / 1000.0)
        );
        for f in &row.futures {
            line += &format!(" {:>10}", keur(f.npv_eur));
        }
        let cf = &row.futures[ci];
        line += &format!(
            " {:>9} {:>10} {:>8} {:>9.1} {:>9} {:>9.0}  {}",
            keur(row.expected_npv_eur),
            keur(row.max_regret_eur),
            cf.payback_year
                .map(|y| y.to_string())
                .unwrap_or_else(|| "-".into()),
            cf.insertion_fte_years / c.years as f64,
            cf.recovery_rate
                .map(|r| format!("{:.1} %", r * 100.0))
                .unwrap_or_else(|| "-".into()),
            cf.external_t / c.years as f64,
            ComparisonRow::new(row).choice()
        );
        let _ = writeln!(s, "{line}");
    }
    let _ = writeln!(
        s,
        "  (payback, insertion FTE a year, recovery and external tonnes a year: future \"{}\")",
        c.central_future
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Cost of the social mission (future \"{}\"): NPC with the mission less NPC without it",
        c.central_future
    );
    let _ = writeln!(
        s,
        "  {:<w$} {:>14} {:>14} {:>22} {:>16} {:>26}",
        "set",
        "extra NPC kEUR",
        "FTE-years",
        "EUR per FTE-year (lev.)",
        "exits to empl.",
        "EUR per exit to empl. (lev.)"
    );
    let eur = |v: Option<f64>| v.map_or_else(|| "-".into(), |v| format!("{v:.0}"));
    for row in &c.sets {
        let m = &row.mission;
        let _ = writeln!(
            s,
            "  {:<w$} {:>14} {:>14.1} {:>22} {:>16.1} {:>26}",
            row.name,
            keur(m.extra_npc_eur),
            m.fte_years,
            eur(m.eur_per_fte_year),
            m.exits_to_employment,
            eur(m.eur_per_exit_to_employment)
        );
    }
    if !c.failures.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "{} unusable years (no NPV for their set and future):",
            c.failures.len()
        );
        for f in c.failures.iter().take(20) {
            let _ = writeln!(s, "  {f}");
        }
    }
    s
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Writes the schedules found (`--optimise`, `--enumerate`) to `DIR/schedule.json`, a list
/// in the order they were computed. The directory was prepared by [`write_dir`].
pub fn write_schedules(dir: &Path, found: &[super::Schedule]) -> Result<(), Error> {
    let json = serde_json::to_vec_pretty(found).expect("plain data");
    crate::output::write_atomic(&dir.join("schedule.json"), &json)?;
    crate::output::register(dir, "schedule.json")
}

/// The best build schedule as text (money in kEUR).
pub fn schedule_text(st: &super::InvestStudy, s: &super::Schedule) -> String {
    let first_year = st.first_year;
    let mut out = String::new();
    match &s.mip {
        Some(m) => {
            let _ = writeln!(
                out,
                "Best build schedule, one mixed-integer model over the years (HiGHS {}, gap {:.1e}):",
                m.status, m.gap
            );
            let _ = writeln!(
                out,
                "  model: {} columns ({} binary build decisions, {} other integer), {} rows, {} nonzeros, {} year blocks; built in {:.1} s, solved in {:.1} s",
                m.columns, m.binaries, m.other_integers, m.rows, m.nonzeros, m.blocks, m.build_s, m.solve_s
            );
            let _ = writeln!(
                out,
                "  every block matched the models of its {} option sets; {} year plans of the solution passed the checker",
                m.sets_verified, m.plans_checked
            );
            let _ = writeln!(
                out,
                "  expected net present cost {:.0} kEUR in the model, {:.0} kEUR planned again year by year ({} solves)",
                m.objective_eur / 1000.0,
                m.replanned_npc_eur / 1000.0,
                s.solves
            );
        }
        None => {
            let _ = writeln!(
                out,
                "Best build schedule by enumeration ({} schedules priced from {} distinct year plans):",
                s.schedules, s.solves
            );
        }
    }
    if s.starts.is_empty() {
        let _ = writeln!(out, "  build nothing (status quo)");
    }
    for (o, y) in &s.starts {
        let _ = writeln!(out, "  build {o} in {y}");
    }
    let per: Vec<String> = st
        .futures
        .iter()
        .zip(&s.npv_eur)
        .map(|(f, v)| format!("{} {:.0}", f.name, v / 1000.0))
        .collect();
    let _ = writeln!(
        out,
        "  expected NPV {:.0} kEUR ({})",
        s.expected_npv_eur / 1000.0,
        per.join(", ")
    );
    for (y, set) in s.in_service.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}: {}",
            first_year + y as i32,
            if set.is_empty() {
                "-".to_string()
            } else {
                set.join(" + ")
            }
        );
    }
    out
}
