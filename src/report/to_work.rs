//! Pathways to work in the text report: openings covered and missed per partner, skills
//! held, and the funders' exit categories.

use crate::check::ToWork;
use std::fmt::Write;

/// Appends the section (nothing for a plant without skills or partners).
pub fn text(o: &mut String, w: Option<&ToWork>) {
    let Some(w) = w else { return };
    let _ = writeln!(
        o,
        "\nPathways to work (partner firms, skills learnt on the lines)"
    );
    if !w.openings.is_empty() {
        let _ = writeln!(
            o,
            "  {:<30} {:>5} {:>5} {:>8} {:<14} {:<10} {:>6} {:>6} {:>6}",
            "partner", "week", "exit", "name by", "skill", "contract", "asked", "placed", "missed"
        );
        for x in &w.openings {
            let _ = writeln!(
                o,
                "  {:<30} {:>5} {:>5} {:>8} {:<14} {:<10} {:>6} {:>6} {:>6}",
                x.partner_name,
                x.week,
                x.exit_week.map_or_else(|| "-".into(), |e| e.to_string()),
                x.name_by_week,
                x.skill,
                x.contract,
                persons(x.count),
                persons(x.placed),
                persons(x.missed)
            );
        }
    }
    for k in &w.skills {
        let _ = writeln!(
            o,
            "  skill {} ({} h on {}): {} insertion hours there, enough for {} holders; {} placed",
            k.name,
            persons(k.hours),
            k.line,
            persons(k.line_hours.round()),
            persons(k.holders_possible),
            persons(k.placed)
        );
    }
    let c = &w.categories;
    let _ = writeln!(
        o,
        "  exits: {} ({} placed with partners); lasting employment {}, transitional {}, other {} (open-market jobs at the input rates)",
        persons(c.exits),
        persons(c.placements),
        persons(c.lasting),
        persons(c.transitional),
        persons(c.other)
    );
}

/// Persons with one decimal where they are not whole (relaxed plans, expected values).
fn persons(x: f64) -> String {
    if (x - x.round()).abs() < 1e-6 {
        format!("{:.0}", x.round() + 0.0)
    } else {
        format!("{x:.1}")
    }
}
