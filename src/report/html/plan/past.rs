//! The past beside the plan, on the page of an instance with actuals (a re-plan): which weeks
//! and quantities are actual, the figures to date against the end of the horizon, the rates
//! to date against their targets, and the count adjustments. The figures are
//! [`crate::replan::past_vs_plan`]'s, the same as the text report's block.

use crate::plant::Instance;
use crate::replan::PastVsPlan;
use crate::report::html::format::{esc, eur, opt_pct, pct, qty};
use crate::report::html::layout::section_start;
use crate::Solved;
use std::fmt::Write;

/// The section `past`, when the instance has actuals and the run a checked plan.
pub(super) fn past(o: &mut String, inst: &Instance, s: &Solved) {
    let Some(p) = crate::replan::past_vs_plan(inst, s) else {
        return;
    };
    let days = p
        .past_days
        .as_ref()
        .map_or(String::new(), |d| format!(" ({d})"));
    let note = if p.past_weeks == 0 {
        "No past week: the actuals give only the opening stock.".to_string()
    } else {
        format!(
            "Weeks 1-{}{days} are fixed to the actuals of {}; the weeks after them are the plan. The charts divide them with a line.",
            p.past_weeks, p.source
        )
    };
    section_start(o, "past", "Past vs plan", &note);
    quantities(o, &p);
    figures(o, &p);
    o.push_str("</section>\n");
}

/// Which quantities of the past are actual (their weeks) and which the model reconstructed.
fn quantities(o: &mut String, p: &PastVsPlan) {
    let mut actual = Vec::new();
    let mut rebuilt = Vec::new();
    for q in &p.quantities {
        match (q.actual_weeks.first(), q.actual_weeks.last()) {
            (Some(a), Some(b)) if a == b => actual.push(format!("{} (week {a})", q.quantity)),
            (Some(a), Some(b)) => actual.push(format!("{} (weeks {a}-{b})", q.quantity)),
            _ => rebuilt.push(q.quantity.to_string()),
        }
    }
    if p.opening_counted {
        actual.push("opening stock (week 0 count)".into());
    }
    let list = |v: &[String]| {
        if v.is_empty() {
            "-".to_string()
        } else {
            esc(&v.join(", "))
        }
    };
    let _ = write!(
        o,
        "<p><strong>Actual:</strong> {}<br><strong>Reconstructed by the model:</strong> {}</p>",
        list(&actual),
        list(&rebuilt)
    );
}

/// Figures to date and at the end of the horizon, then rates against targets.
fn figures(o: &mut String, p: &PastVsPlan) {
    let (a, b) = (&p.to_date, &p.projected);
    o.push_str("<div class=\"tablewrap\"><table id=\"past-figures\"><thead><tr><th class=\"l\"></th><th>to date</th><th>end of horizon</th><th>target</th></tr></thead><tbody>");
    let rows: [(&str, String, String); 6] = [
        (
            "received",
            qty(a.received_t) + " t",
            qty(b.received_t) + " t",
        ),
        (
            "processed",
            qty(a.processed_t) + " t",
            qty(b.processed_t) + " t",
        ),
        (
            "to the external contractor",
            qty(a.external_t) + " t",
            qty(b.external_t) + " t",
        ),
        (
            "recovered",
            qty(a.recovered_t) + " t",
            qty(b.recovered_t) + " t",
        ),
        (
            "insertion FTE",
            format!("{:.2}", a.insertion_fte),
            format!("{:.2}", b.insertion_fte),
        ),
        (
            "net cost",
            eur(a.cost_eur) + " EUR",
            eur(b.cost_eur) + " EUR",
        ),
    ];
    for (name, x, y) in rows {
        let _ = write!(
            o,
            "<tr><td class=\"l\">{name}</td><td>{x}</td><td>{y}</td><td></td></tr>"
        );
    }
    for t in &p.targets {
        let below = |r: Option<f64>| r.is_some_and(|r| r < t.target - 1e-9);
        let cls = |r| if below(r) { " class=\"bad\"" } else { "" };
        let _ = write!(
            o,
            "<tr><td class=\"l\">{} rate, {}</td><td{}>{}</td><td{}>{}</td><td>{}</td></tr>",
            esc(t.kind),
            esc(&t.scope),
            cls(t.to_date),
            opt_pct(t.to_date),
            cls(t.projected),
            opt_pct(t.projected),
            pct(t.target)
        );
    }
    let [i, out] = p.count_adjustment_t;
    let _ = write!(
        o,
        "<tr><td class=\"l\">count adjustments (count less book stock)</td><td>intake {} t, output {} t</td><td></td><td></td></tr></tbody></table></div>",
        qty(i),
        qty(out)
    );
}
