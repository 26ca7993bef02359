//! Report: a text summary for people, one JSON object for programs, tidy CSV tables, a
//! self-contained HTML page and an Excel workbook.

mod html;
pub(crate) mod pathways;
pub mod roster;
pub(crate) mod tables;
pub(crate) mod text;
mod to_work;
mod xlsx;

pub use html::{comparison_html, escape_html, html, sweep_html};
pub use tables::{tables, Cell, Table};
pub use text::text;
pub use xlsx::write_xlsx;

use crate::plant::Instance;
use crate::Solved;
use serde_json::{json, Value};

/// The text of an explanation: which rules must give.
pub fn explanation_text(e: &crate::explain::Explanation, infeasible: bool) -> String {
    let mut o = String::from("\nWhy");
    if e.relaxations.is_empty() {
        if e.status.has_plan() {
            o += ": no target, contract, social rule or capacity has to give: every rule can be met.\n";
        } else {
            o += &format!(": even with every relaxable rule relaxed the model is {:?}; check the balances (supply, crews, outlets).\n", e.status);
        }
        return o;
    }
    o += &format!(
        ": {} these rules must give (elastic re-solve{}):\n",
        if infeasible {
            "the plan is infeasible;"
        } else {
            "with penalised slacks,"
        },
        if e.relaxed { ", LP relaxation" } else { "" }
    );
    for r in &e.relaxations {
        o += &format!("  - {} [{}]\n", r.message, r.family);
    }
    if infeasible {
        o += "Hint: relax these rules in the model or the instance (targets, contracts, capacities, social rules), then solve again.\n";
    }
    o
}

/// The checker's report on the plan of `s`: the one the run made, or, for a plan handed over
/// without it, a fresh check. The reports read key figures, costs and verdicts on targets
/// from it alone.
fn checked<'a>(
    inst: &Instance,
    s: &'a Solved,
    plan: &crate::plan::Plan,
) -> std::borrow::Cow<'a, crate::CheckReport> {
    match &s.check {
        Some(c) => std::borrow::Cow::Borrowed(c),
        None => std::borrow::Cow::Owned(crate::check(
            inst,
            plan,
            s.objective.unwrap_or(f64::NAN),
            !s.relaxed,
        )),
    }
}

/// The JSON summary of a run. Schema: see README, "JSON output".
pub fn json(inst: &Instance, s: &Solved) -> Value {
    let check = s.check.as_ref();
    let mut doc = json!({
        "instance": inst.name,
        "plant": inst.plant.name,
        "weeks": inst.weeks,
        "status": s.status,
        "solver": {
            "backend": s.backend.name(),
            "engine": s.backend.label(),
            "engine_note": s.engine_note,
            "status": s.solver_status,
            "mip_gap": s.mip_gap,
            "relaxed": s.relaxed,
            "mip_start_eur": s.mip_start_objective,
            "objective_eur": s.solver_objective,
            "time_limit_s": s.solve_time_limit_s,
            "retry": s.retry,
        },
        "objective_eur": s.objective,
        "costs_eur": check.map(|c| &c.costs),
        "kpis": check.map(|c| &c.kpis),
        "social": check.map(|c| &c.kpis.social),
        "check": check.map(|c| json!({
            "passed": c.passed,
            "max_violation": c.max_violation,
            "tolerance": crate::check::TOLERANCE,
            "checks": c.checks,
            "violation_count": c.violation_count,
            "violations": c.violations,
        })),
        "model": {
            "variables": s.model.variables,
            "constraints": s.model.constraints,
            "integer_variables": s.model.integer_variables,
            "families": s.model.families.iter().map(|(n, r)| json!({"name": n, "rows": r})).collect::<Vec<_>>(),
        },
        "shadow_prices": s.shadow_prices.as_ref().map(|sp| json!({
            "source": if s.model.integer_variables > 0 { "lp_with_trips_fixed" } else { "lp" },
            "convention": "eur: total cost over the horizon saved (effect saves) or added (effect costs) by one more unit",
            "prices": sp,
        })),
        "timings_s": s.timings,
    });
    if let Some(m) = s.mission.as_deref() {
        doc["mission"] = json!(m);
    }
    if let Some(w) = check.and_then(|c| c.to_work.as_ref()) {
        doc["pathways_to_work"] = json!(w);
    }
    if let Some(c) = s.lasting_curve.as_deref() {
        doc["lasting_curve"] = json!(c);
    }
    if let Some(y) = inst.plant.price_year {
        doc["price_year"] = json!(y);
    }
    // The calendar, when the instance gives it (the schema stays as it was without).
    if let Some((first, last)) = inst.horizon_days() {
        doc["first_monday"] = json!(first);
        doc["first_day"] = json!(first);
        doc["last_day"] = json!(last);
    }
    doc
}

/// The files `solve --out` writes: one CSV per table, `report.html`, `plan.xlsx`, `plan.json`.
pub fn plan_files() -> Vec<String> {
    let mut v: Vec<String> = TABLES.iter().map(|t| format!("{t}.csv")).collect();
    v.extend(["report.html", "plan.xlsx", "plan.json"].map(String::from));
    v
}

/// The names of the plan's tables, in order (see [`tables`]).
pub const TABLES: &[&str] = &[
    "processing",
    "staff_hours",
    "paid_hours",
    "headcount",
    "staff_weeks",
    "social_balance",
    "deliveries",
    "external",
    "intake_stock",
    "output_stock",
    "shipments",
    "trips",
    "roster",
    "openings",
    "skills",
    "training",
    "paths",
];

/// Writes `plan.json` (the summary plus every table) and one CSV per table into `dir`, under
/// the rule of [`crate::output`]: a new or empty directory, or one an earlier `solve --out`
/// wrote (its files are replaced together, a `report.html` included); anything else is refused.
pub fn write_dir(
    dir: &std::path::Path,
    inst: &Instance,
    s: &Solved,
) -> Result<Vec<std::path::PathBuf>, crate::Error> {
    let files = plan_files();
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    let guard = crate::output::OutDir::check(dir, "solve", "", false, &names)?;
    write_into(&guard, inst, s)
}

/// [`write_dir`] into a directory already checked (by the command, before any work).
pub fn write_into(
    guard: &crate::output::OutDir,
    inst: &Instance,
    s: &Solved,
) -> Result<Vec<std::path::PathBuf>, crate::Error> {
    use crate::output::{produce_atomic, write_atomic, write_atomic_with};
    let dir = guard.path.as_path();
    let files = plan_files();
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    guard.begin(&names, &[])?;
    let mut written = Vec::new();
    let tabs = s.plan.as_ref().map(|p| tables(inst, p)).unwrap_or_default();
    for t in &tabs {
        let path = dir.join(format!("{}.csv", t.name));
        write_atomic_with(&path, |w| t.write_csv_to(w))?;
        written.push(path);
    }
    if let Some(c) = s.lasting_curve.as_deref() {
        let path = dir.join("lasting_curve.csv");
        write_atomic(&path, c.csv().as_bytes())?;
        written.push(path);
        // Listed, so that the next run into the directory removes it as its own.
        crate::output::register(dir, "lasting_curve.csv")?;
    }
    let path = dir.join("report.html");
    write_atomic(&path, html(inst, s).as_bytes())?;
    written.push(path);
    let path = dir.join("plan.xlsx");
    produce_atomic(&path, |tmp| write_xlsx(inst, s, tmp))?;
    written.push(path);
    let mut doc = json(inst, s);
    doc["tables"] = Value::Object(
        tabs.iter()
            .map(|t| (t.name.to_string(), t.to_json()))
            .collect(),
    );
    let path = dir.join("plan.json");
    let text = serde_json::to_string_pretty(&doc).expect("JSON of plain data");
    write_atomic(&path, text.as_bytes())?;
    written.push(path);
    Ok(written)
}
