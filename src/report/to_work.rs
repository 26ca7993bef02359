//! Pathways to work in the text report: openings covered and missed per partner, skills
//! held, and the funders' exit categories.

use crate::check::ToWork;
use std::fmt::Write;

/// Appends the section (nothing for a plant without skills or partners).
pub fn text(o: &mut String, w: Option<&ToWork>) {
    let Some(w) = w else { return };
    let _ = writeln!(
        o,
        "\nPathways to work (partner firms, skills learnt on the lines and in training modules)"
    );
    if !w.openings.is_empty() {
        let width = (w.openings.iter())
            .map(|x| x.partner_name.chars().count())
            .max()
            .unwrap_or(0)
            .max(7);
        let skill = (w.openings.iter())
            .map(|x| x.skill.chars().count())
            .max()
            .unwrap_or(0)
            .max(5);
        let _ = writeln!(
            o,
            "  {:<width$} {:>5} {:>5} {:>8} {:<skill$} {:<10} {:>6} {:>6} {:>6}",
            "partner", "week", "exit", "name by", "skill", "contract", "asked", "placed", "missed"
        );
        for x in &w.openings {
            let _ = writeln!(
                o,
                "  {:<width$} {:>5} {:>5} {:>8} {:<skill$} {:<10} {:>6} {:>6} {:>6}",
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
        let _ = match (&k.line, k.module_weeks) {
            (Some(line), _) => writeln!(
                o,
                "  skill {} ({} h on {line}): {} insertion hours there, enough for {} holders; {} placed",
                k.name,
                persons(k.hours),
                persons(k.line_hours.round()),
                persons(k.holders_possible),
                persons(k.placed)
            ),
            (None, weeks) => writeln!(
                o,
                "  skill {} (module of {} h over {}): {} {}, {} h off the lines, fees {} EUR; {} placed",
                k.name,
                persons(k.hours),
                match weeks.unwrap_or(0) {
                    1 => "1 week".to_string(),
                    n => format!("{n} weeks"),
                },
                persons(k.trainees),
                if (k.trainees - 1.0).abs() < 1e-6 { "trainee" } else { "trainees" },
                persons(k.training_hours.round()),
                crate::report::text::eur(k.training_fees_eur),
                persons(k.placed)
            ),
        };
    }
    let c = &w.categories;
    let _ = writeln!(
        o,
        "  exits: {} ({} placed with partners); lasting employment {}, transitional {}, positive (training) {}, other {} (the open market at the input rates)",
        persons(c.exits),
        persons(c.placements),
        persons(c.lasting),
        persons(c.transitional),
        persons(c.positive),
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
