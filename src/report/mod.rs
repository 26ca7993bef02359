//! Report: a text summary for people, one JSON object for programs, tidy CSV tables, a
//! self-contained HTML page and an Excel workbook.

mod html;
mod tables;
mod text;
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

/// The JSON summary of a run. Schema: see README, "JSON output".
pub fn json(inst: &Instance, s: &Solved) -> Value {
    let check = s.check.as_ref();
    json!({
        "instance": inst.name,
        "plant": inst.plant.name,
        "weeks": inst.weeks,
        "status": s.status,
        "solver": {
            "backend": s.backend.name(),
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
    })
}

/// Writes `plan.json` (the summary plus every table) and one CSV per table into `dir`.
///
/// The directory is created if needed. To keep what the user wrote, a directory that already
/// holds files is used only if it holds a `plan.json` from an earlier run; files of earlier runs
/// with the same names are replaced, nothing else is touched.
pub fn write_dir(
    dir: &std::path::Path,
    inst: &Instance,
    s: &Solved,
) -> Result<Vec<std::path::PathBuf>, crate::Error> {
    let io = |path: &std::path::Path| {
        let path = path.to_path_buf();
        move |source| crate::Error::Io { path, source }
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        let nonempty = entries.next().is_some();
        if nonempty && !dir.join("plan.json").exists() {
            return Err(crate::Error::Usage(format!(
                "--out {}: the directory holds files that triplan did not write; expected a new or empty directory, or one from an earlier run",
                dir.display()
            )));
        }
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut written = Vec::new();
    let tabs = s.plan.as_ref().map(|p| tables(inst, p)).unwrap_or_default();
    for t in &tabs {
        let path = dir.join(format!("{}.csv", t.name));
        t.write_csv(&path).map_err(io(&path))?;
        written.push(path);
    }
    let path = dir.join("report.html");
    std::fs::write(&path, html(inst, s)).map_err(io(&path))?;
    written.push(path);
    let path = dir.join("plan.xlsx");
    write_xlsx(inst, s, &path)?;
    written.push(path);
    let mut doc = json(inst, s);
    doc["tables"] = Value::Object(
        tabs.iter()
            .map(|t| (t.name.to_string(), t.to_json()))
            .collect(),
    );
    let path = dir.join("plan.json");
    let text = serde_json::to_string_pretty(&doc).expect("JSON of plain data");
    std::fs::write(&path, text).map_err(io(&path))?;
    written.push(path);
    Ok(written)
}
