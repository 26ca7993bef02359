//! The plan page's last section: the figures behind the charts as tables (lines, staff,
//! recovery and recycling per category).

use crate::check::{CheckReport, Target};
use crate::plant::Instance;
use crate::report::html::format::{esc, opt_pct, pct, qty};
use crate::report::html::layout::section_start;
use std::fmt::Write;

/// The tables of lines, staff (with hours per shift) and categories; rates the checker found
/// below their target in red.
pub(super) fn figures(o: &mut String, inst: &Instance, c: &CheckReport) {
    let (p, k) = (&inst.plant, &c.kpis);
    section_start(
        o,
        "figures",
        "Figures",
        "The numbers behind the charts, over the whole horizon.",
    );
    o.push_str("<h3>Lines</h3><div class=\"tablewrap\"><table><tr><th class=\"l\">line</th><th class=\"l\">id</th><th>tonnes</th><th>line-hours</th><th>available h</th><th>utilisation</th></tr>");
    for (l, line) in k.lines.iter().zip(&p.lines) {
        let _ = write!(
            o,
            "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&line.named.name),
            esc(&l.id),
            qty(l.processed_t),
            qty(l.hours),
            qty(l.available_h),
            pct(l.utilisation)
        );
    }
    o.push_str("</table></div><h3>Staff</h3><div class=\"tablewrap\"><table><tr><th class=\"l\">kind</th><th>headcount</th><th>paid h</th><th>worked h</th>");
    for sh in &p.shifts {
        let _ = write!(o, "<th>{} h</th>", esc(&sh.named.name));
    }
    o.push_str("</tr>");
    for st in &k.staff {
        let _ = write!(
            o,
            "<tr><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td>",
            st.kind.name(),
            qty(st.headcount),
            qty(st.paid_h),
            qty(st.worked_h)
        );
        for h in &st.worked_h_by_shift {
            let _ = write!(o, "<td>{}</td>", qty(*h));
        }
        o.push_str("</tr>");
    }
    o.push_str("</table></div><h3>Recovery and recycling</h3><div class=\"tablewrap\"><table><tr><th class=\"l\">category</th><th>processed t</th><th>external t</th><th>accountable t</th><th>recovered t</th><th>recovery</th><th>target</th><th>recycled t</th><th>recycling</th><th>target</th></tr>");
    for r in k.recovery.iter() {
        let cls = |target| match c.verdicts.met(target) {
            Some(false) => " class=\"bad\"",
            _ => "",
        };
        let _ = write!(
            o,
            "<tr><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td{}>{}</td><td>{}</td><td>{}</td><td{}>{}</td><td>{}</td></tr>",
            esc(&r.name),
            qty(r.processed_t),
            qty(r.external_t),
            qty(r.accountable_t),
            qty(r.recovered_t),
            cls(Target::Recovery(r.scope)),
            opt_pct(r.recovery_rate),
            opt_pct(r.recovery_target),
            qty(r.recycled_t),
            cls(Target::Recycling(r.scope)),
            opt_pct(r.recycling_rate),
            opt_pct(r.recycling_target)
        );
    }
    o.push_str("</table></div></section>\n");
}
