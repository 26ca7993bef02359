//! The plan page's cost of the social mission (`solve --mission`): the terms as a waterfall
//! from the classic firm's plan to the plan with the mission, each with its one-line
//! explanation, and the range over the inputs it is most sensitive to.

use crate::mission::{money, short, MissionCost};
use crate::report::html::chart::waterfall::{waterfall, Waterfall};
use crate::report::html::format::{esc, eur, num};
use crate::report::html::layout::section_start;
use std::fmt::Write;

/// The section, when the run computed the cost of the mission.
pub(super) fn mission(o: &mut String, m: &MissionCost) {
    let unit = money(m.price_year);
    section_start(
        o,
        "mission",
        "Cost of the social mission",
        &format!(
            "The plan with the mission against the same plant run as a classic firm (no insertion workers, aid or social rules; {}), {unit}. Both plans choose their opening permanent staff and supervisors; supervisors lead other workers at the same ratio in both. Extra cost {} EUR: {} EUR per insertion FTE-year, {} EUR per exit to employment.",
            m.without_status,
            eur(m.extra_eur),
            m.eur_per_fte_year.map_or("-".into(), eur),
            m.eur_per_exit_to_employment.map_or("-".into(), eur),
        ),
    );
    let steps: Vec<(String, f64)> = m
        .breakdown
        .iter()
        .map(|t| (t.label.to_string(), t.eur))
        .collect();
    o.push_str(&waterfall(&Waterfall {
        label: "Cost of the social mission, term by term",
        steps: &steps,
        total: "extra cost of the mission",
        unit: &unit,
        w: 1000.0,
    }));
    let _ = write!(
        o,
        "<div class=\"tablewrap\"><table id=\"mission-terms\"><tr><th class=\"l\">term</th><th>EUR</th><th class=\"l\">what it is</th></tr><tr><td class=\"l\">plan with the mission</td><td>{}</td><td class=\"l\"></td></tr><tr><td class=\"l\">plan of the classic firm</td><td>{}</td><td class=\"l\"></td></tr>",
        eur(m.with_eur),
        eur(m.without_eur)
    );
    for t in &m.breakdown {
        let _ = write!(
            o,
            "<tr data-key=\"{}\"><td class=\"l\">{}</td><td>{}</td><td class=\"l\">{}</td></tr>",
            t.key,
            esc(t.label),
            eur(t.eur),
            esc(&t.note)
        );
    }
    let _ = write!(
        o,
        "<tr><th class=\"l\">extra cost of the mission</th><th>{}</th><th class=\"l\">{} insertion FTE-years, {} exits to employment of {} exits</th></tr><tr><td class=\"l\">outside it: the opening staff as given</td><td>{}</td><td class=\"l\">the reported plan starts from the model's opening staff; this is what that transition costs over choosing it</td></tr></table></div>",
        eur(m.extra_eur),
        num(m.insertion_fte_years, 1),
        num(m.exits_to_employment, 1),
        num(m.exits, 0),
        eur(m.opening_transition_eur)
    );
    if m.range.is_empty() {
        o.push_str("</section>\n");
        return;
    }
    let _ = write!(
        o,
        "<h3>Range</h3><p class=\"note\">Each input alone at its low and high value; each a solved and checked plan with the mission (the classic firm has none of them). Extra cost from {} to {} EUR.</p><div class=\"tablewrap\"><table id=\"mission-range\"><tr><th class=\"l\">input</th><th>central</th><th>low</th><th>high</th><th>extra cost, low</th><th>extra cost, high</th></tr>",
        eur(m.extra_span_eur[0]),
        eur(m.extra_span_eur[1])
    );
    for r in &m.range {
        let cell = |x: Option<f64>, st: &str| x.map_or(format!("({st})"), eur);
        let _ = write!(
            o,
            "<tr data-key=\"{}\"><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            r.key,
            esc(r.label),
            short(r.central),
            short(r.low),
            short(r.high),
            cell(r.low_extra_eur, r.statuses[0]),
            cell(r.high_extra_eur, r.statuses[1])
        );
    }
    o.push_str("</table></div></section>\n");
}
