//! The plan page's roster of next week: persons of each kind on each line and shift, whole
//! persons rounded as in `roster.csv` ([`crate::report::roster`]).

use crate::plan::Plan;
use crate::plant::{Instance, StaffKind};
use crate::report::html::format::{esc, num};
use crate::report::html::layout::section_start;
use crate::report::roster::{roster, roster_week};
use crate::report::tables::Cell;
use std::fmt::Write;

/// The section: one row per shift and line (supervisors: per shift and site), a column per kind.
pub(super) fn roster_section(o: &mut String, inst: &Instance, plan: &Plan) {
    let tb = roster(inst, plan);
    if tb.rows.is_empty() {
        return;
    }
    let tw = roster_week(inst);
    let when = inst
        .week_monday(tw)
        .map(|d| format!(" (from Monday {})", d.long()))
        .unwrap_or_default();
    section_start(
        o,
        "roster",
        &format!("Roster of week {}{when}", tw + 1),
        "Persons of each kind on each line and shift: the plan's hours over the shift's hours per week, rounded to whole persons per kind and shift by largest remainders (roster.csv gives the hours and the shares).",
    );
    let kinds = [
        StaffKind::Permanent,
        StaffKind::Insertion,
        StaffKind::Temporary,
        StaffKind::Supervisor,
    ];
    o.push_str("<div class=\"tablewrap\"><table id=\"roster-table\"><tr><th class=\"l\">shift</th><th class=\"l\">line</th>");
    for k in kinds {
        let _ = write!(o, "<th>{}</th>", esc(k.name()));
    }
    o.push_str("</tr>");
    let text = |c: &Cell| match c {
        Cell::Text(s) => s.clone(),
        _ => String::new(),
    };
    let mut keys: Vec<(String, String)> = Vec::new();
    for r in &tb.rows {
        let key = (text(&r[1]), text(&r[3]));
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    for (shift, line) in &keys {
        let _ = write!(
            o,
            "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td>",
            esc(shift),
            if line.is_empty() {
                "(supervising)".to_string()
            } else {
                esc(line)
            }
        );
        for k in kinds {
            let persons = tb
                .rows
                .iter()
                .find(|r| text(&r[1]) == *shift && text(&r[3]) == *line && text(&r[4]) == k.name())
                .and_then(|r| match r[7] {
                    Cell::Num(x) => Some(x),
                    _ => None,
                });
            let _ = write!(
                o,
                "<td>{}</td>",
                persons.map_or(String::new(), |x| num(x, 0))
            );
        }
        o.push_str("</tr>");
    }
    o.push_str("</table></div></section>\n");
}
