//! Outputs of a comparison: the terminal table and the CSV and JSON files.

use super::rows::{CashFlowTable, ComparisonRow, ComparisonTable, YearlyTable};
use super::{Comparison, SetSummary};
use crate::error::Error;
use std::fmt::Write as _;
use std::path::Path;

/// The files `compare --out` writes (`schedule.json` only with `--optimise`/`--enumerate`).
pub const FILES: &[&str] = &[
    "comparison.csv",
    "yearly.csv",
    "cashflow.csv",
    "comparison.json",
    "schedule.json",
];

/// Writes `comparison.csv`, `yearly.csv`, `cashflow.csv` and `comparison.json` (everything)
/// into `dir`, under
/// the rule of [`crate::output`]: a new or empty directory, or an earlier comparison's (whose
/// files, a `report.html` included, are replaced together).
pub fn write_dir(c: &Comparison, dir: &Path) -> Result<(), Error> {
    let guard = crate::output::OutDir::check(dir, "compare", "", false, FILES)?;
    write_into(c, &guard)
}

/// [`write_dir`] into a directory already checked (by the command, before any work).
pub fn write_into(c: &Comparison, guard: &crate::output::OutDir) -> Result<(), Error> {
    let dir = guard.path.as_path();
    guard.begin(&FILES[..4], &[])?;
    let comparison = ComparisonTable::new(c).text();
    crate::output::write_atomic(&dir.join("comparison.csv"), comparison.as_bytes())?;
    let yearly = YearlyTable::new(c).text();
    crate::output::write_atomic(&dir.join("yearly.csv"), yearly.as_bytes())?;
    let cashflow = CashFlowTable::new(c).text();
    crate::output::write_atomic(&dir.join("cashflow.csv"), cashflow.as_bytes())?;
    let json = serde_json::to_vec_pretty(c).expect("plain data");
    crate::output::write_atomic(&dir.join("comparison.json"), &json)
}

fn keur(x: Option<f64>) -> String {
    // Adding 0 turns a negative zero into zero ("0", not "-0").
    x.map(|v| format!("{:.0}", (v / 1000.0).round() + 0.0))
        .unwrap_or_else(|| "-".into())
}

/// What to build and when: "build platform in 2015, flat_line in 2020" (by year, then in the
/// options' order), or "build nothing".
pub fn build_sentence(options: &[(String, i32)]) -> String {
    if options.is_empty() {
        return "build nothing".into();
    }
    let mut v: Vec<&(String, i32)> = options.iter().collect();
    v.sort_by_key(|(_, y)| *y);
    let parts: Vec<String> = v.iter().map(|(o, y)| format!("{o} in {y}")).collect();
    format!("build {}", parts.join(", "))
}

/// When the residual value is most of a positive expected NPV: "786 of 815 kEUR is residual
/// value: the decision rests on the value of platform at the end of the horizon" (and, when
/// the NPV would be negative without it, so).
pub fn residual_sentence(
    expected_npv_eur: f64,
    residual_pv_eur: f64,
    options: &[(String, i32)],
) -> Option<String> {
    if expected_npv_eur <= 0.0 || residual_pv_eur <= 0.5 * expected_npv_eur {
        return None;
    }
    let names: Vec<&str> = options.iter().map(|(o, _)| o.as_str()).collect();
    let mut s = format!(
        "{:.0} of {:.0} kEUR is residual value: the decision rests on the value of {} at the end of the horizon",
        residual_pv_eur / 1000.0,
        expected_npv_eur / 1000.0,
        names.join(" and ")
    );
    if residual_pv_eur > expected_npv_eur {
        let _ = write!(
            s,
            "; without it the expected NPV would be {:.0} kEUR",
            (expected_npv_eur - residual_pv_eur) / 1000.0
        );
    }
    Some(s)
}

/// The residual value is a choice the study makes (assets counted at their remaining value at
/// the end): the recommended set's expected NPV without it, and the set that leads by expected
/// NPV when no set counts it. `None` when the recommended set has no residual value.
pub fn without_residual(c: &Comparison, best: &super::SetSummary) -> Option<String> {
    let e = best.expected_npv_eur?;
    if best.residual_pv_eur <= 0.0 {
        return None;
    }
    let lead = c
        .sets
        .iter()
        .filter_map(|r| r.expected_npv_eur.map(|v| (r, v - r.residual_pv_eur)))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    let same = lead.0.name == best.name;
    Some(format!(
        "without residual value: expected NPV {:.0} kEUR; {}",
        (e - best.residual_pv_eur) / 1000.0,
        if same {
            "the recommended set still leads by expected NPV without it".to_string()
        } else {
            format!(
                "without it \"{}\" ({}) leads by expected NPV, {:.0} kEUR",
                lead.0.name,
                build_sentence(&lead.0.options),
                lead.1 / 1000.0
            )
        }
    ))
}

/// How the build years were found, in one sentence.
fn build_years_sentence(c: &Comparison) -> String {
    match &c.schedule_search {
        Some(s) => format!(
            "build years: the best of {} build schedules (each option built in one of its years, or never), priced from {} year plans ({} solved for the search, the rest the comparison's){}",
            s.schedules,
            s.year_plans,
            s.new_solves,
            if s.added {
                format!("; added to the compared sets as \"{}\"", s.best_set)
            } else {
                format!("; it is the compared set \"{}\"", s.best_set)
            }
        ),
        None => format!(
            "build years: as the study's sets give them (the schedule search did not run: {})",
            c.schedule_search_note
        ),
    }
}

/// The recommendation: the min-max regret choice, what to build and when, how the years were
/// found, the NPV's parts, and whether the sampled weeks are trusted.
fn recommendation(s: &mut String, c: &Comparison) {
    if let Some(d) = &c.decision {
        for w in &d.warnings {
            let _ = writeln!(s, "{w}");
        }
        if d.sampled.is_some() {
            let _ = writeln!(s, "{}", d.sentence());
            if let Some(line) = decision_residual(d) {
                let _ = writeln!(s, "  {line}");
            }
            if let Some(f) = &c.full_year {
                let _ = writeln!(s, "  {}", full_year_search_sentence(f));
            }
            let _ = writeln!(s);
        }
    }
    let Some(best) = c.sets.iter().find(|r| r.minmax_regret_choice) else {
        let _ = writeln!(s, "No recommendation: no set has an NPV in every future.");
        return;
    };
    let _ = writeln!(
        s,
        "{} (min-max regret choice): \"{}\": {}",
        match (&c.full_year, c.representative_weeks) {
            (Some(_), Some(n)) => format!("On {n} sampled weeks a year (the shortlist)"),
            _ => "Recommendation".to_string(),
        },
        best.name,
        build_sentence(&best.options)
    );
    let _ = writeln!(s, "  {}", build_years_sentence(c));
    if let Some(e) = best.expected_npv_eur {
        let p = expected_split(c, best);
        let _ = writeln!(
            s,
            "  expected NPV {:.0} kEUR = operating savings {:.0} + capital {:.0} + grants {:.0} + residual value {:.0}",
            e / 1000.0,
            p[0] / 1000.0,
            p[1] / 1000.0,
            p[2] / 1000.0,
            p[3] / 1000.0
        );
        if let Some(r) = residual_sentence(e, best.residual_pv_eur, &best.options) {
            let _ = writeln!(s, "  {r}.");
        }
    }
    if let Some(line) = without_residual(c, best) {
        let _ = writeln!(s, "  {line}");
    }
    if let Some(b) = c
        .sets
        .iter()
        .find(|r| r.best_expected && !r.minmax_regret_choice)
    {
        let _ = writeln!(
            s,
            "  best expected NPV: \"{}\" ({}), {} kEUR",
            b.name,
            build_sentence(&b.options),
            keur(b.expected_npv_eur)
        );
    }
    match (&c.full_year, c.representative_weeks) {
        (Some(f), _) => {
            let _ = writeln!(s, "  {}", f.sentence());
        }
        (None, Some(n)) => {
            let _ = writeln!(
                s,
                "  The ranking comes from {n} sampled weeks a year; it was not checked on the whole horizon."
            );
        }
        (None, None) => {}
    }
}

/// The decision's residual value as a choice: its share of the NPV and the NPV without it.
fn decision_residual(d: &super::Decision) -> Option<String> {
    let e = d.expected_npv_eur?;
    (d.residual_pv_eur > 0.0).then(|| {
        format!(
            "of which residual value {:.0} kEUR; without residual value: expected NPV {:.0} kEUR",
            d.residual_pv_eur / 1000.0,
            (e - d.residual_pv_eur) / 1000.0
        )
    })
}

/// How the full-year check found its build years, in one sentence.
pub fn full_year_search_sentence(f: &super::FullYearCheck) -> String {
    match &f.search {
        Some(x) => format!(
            "build years searched again on the whole horizon for the shortlisted options: the best of {} schedules, priced from {} full-year plans; {}",
            x.schedules,
            x.year_plans,
            if x.added {
                format!("a schedule the sampled weeks did not shortlist, added as \"{}\"", x.best_set)
            } else {
                format!("it is the shortlisted set \"{}\"", x.best_set)
            }
        ),
        None => format!(
            "build years on the whole horizon: those of the shortlisted sets (not searched again: {})",
            f.search_note
        ),
    }
}

/// The expected NPV's parts of a set: operating, capital, grants, residual (EUR).
fn expected_split(c: &Comparison, row: &SetSummary) -> [f64; 4] {
    let op: f64 = row
        .futures
        .iter()
        .zip(&c.futures)
        .map(|(f, (_, w))| w * f.split.map_or(0.0, |p| p.operating_eur))
        .sum();
    [
        op,
        row.capital_pv_eur,
        row.grants_pv_eur,
        row.residual_pv_eur,
    ]
}

/// The cash flow of the recommended set against the status quo (central future, kEUR).
fn cash_flow_text(s: &mut String, c: &Comparison) {
    let Some(best) = c.sets.iter().find(|r| r.minmax_regret_choice) else {
        return;
    };
    let rows: Vec<_> = c
        .cashflow
        .iter()
        .filter(|r| r.set == best.name && r.future == c.central_future)
        .collect();
    if rows.is_empty() {
        return;
    }
    let ci = c
        .futures
        .iter()
        .position(|(n, _)| n == &c.central_future)
        .unwrap_or(0);
    let _ = writeln!(
        s,
        "Cash flow of \"{}\" against the status quo (future \"{}\", kEUR; payback {})",
        best.name,
        c.central_future,
        best.futures[ci]
            .payback_year
            .map_or_else(|| "none within the study".into(), |y| y.to_string())
    );
    let _ = writeln!(
        s,
        "  {:>6} {:>10} {:>10} {:>10} {:>10} {:>10} {:>16}",
        "year", "operating", "capital", "grants", "residual", "net", "cum. discounted"
    );
    for r in rows {
        let _ = writeln!(
            s,
            "  {:>6} {:>10} {:>10} {:>10} {:>10} {:>10} {:>16}",
            r.year,
            keur(r.operating_eur),
            keur(Some(r.capital_eur)),
            keur(Some(r.grants_eur)),
            keur(Some(r.residual_eur)),
            keur(r.net_eur),
            keur(r.cumulative_discounted_eur)
        );
    }
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
    recommendation(&mut s, c);
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
            ComparisonRow::new(c, row).choice()
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
        "Expected NPV in parts (kEUR): operating savings net of fixed costs, capital, grants, residual value"
    );
    let _ = writeln!(
        s,
        "  {:<w$} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "set", "operating", "capital", "grants", "residual", "NPV"
    );
    for row in c.sets.iter().skip(1) {
        let p = expected_split(c, row);
        let _ = writeln!(
            s,
            "  {:<w$} {:>10.0} {:>10.0} {:>10.0} {:>10.0} {:>10}",
            row.name,
            p[0] / 1000.0,
            p[1] / 1000.0,
            p[2] / 1000.0,
            p[3] / 1000.0,
            keur(row.expected_npv_eur)
        );
    }
    let _ = writeln!(s);
    cash_flow_text(&mut s, c);
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
