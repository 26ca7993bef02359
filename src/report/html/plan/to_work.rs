//! The plan page's pathways to work: the partner firms' openings covered and missed, month by
//! month, the skills that make the candidates (line hours, training modules), the funders'
//! exit categories, and, with `solve --lasting-curve`, what each extra lasting exit costs.

use crate::check::{pathways, ToWork};
use crate::lasting::LastingCurve;
use crate::mission::MissionCost;
use crate::plan::Plan;
use crate::plant::Instance;
use crate::report::html::chart::band::{band, BandChart, BandPt, BandSeries, Miss};
use crate::report::html::chart::PALETTE;
use crate::report::html::format::{esc, eur, num};
use crate::report::html::layout::section_start;
use crate::report::pathways::path_rows;
use std::fmt::Write;

/// People: whole where whole, else one decimal.
fn persons(x: f64) -> String {
    if (x - x.round()).abs() < 1e-6 {
        num(x.round(), 0)
    } else {
        num(x, 1)
    }
}

/// The section, for a plant with partner openings.
pub(super) fn to_work(
    o: &mut String,
    inst: &Instance,
    plan: &Plan,
    w: &ToWork,
    (curve, mission): (Option<&LastingCurve>, Option<&MissionCost>),
) {
    let asked: f64 = w.openings.iter().map(|x| x.count).sum();
    let placed: f64 = w.openings.iter().map(|x| x.placed).sum();
    let c = &w.categories;
    section_start(
        o,
        "pathways",
        "Pathways to work",
        &format!(
            "The partner firms' openings, the skills their candidates need and the funders' categories of exit. {} of the {} places asked for are filled; {} of the {} exits go to lasting employment (placements on lasting contracts and the open market's expected lasting jobs).",
            persons(placed),
            persons(asked),
            num(c.lasting, 1),
            persons(c.exits)
        ),
    );
    openings(o, inst, w);
    skills(o, w);
    let _ = write!(
        o,
        "<h3>Exits by the funders' categories</h3><div class=\"tablewrap\"><table id=\"exit-categories\"><tr><th class=\"l\">category</th><th>persons</th><th class=\"l\">what it counts</th></tr><tr data-key=\"lasting\"><td class=\"l\">lasting employment</td><td>{}</td><td class=\"l\">placements on permanent or 6-month-or-more contracts, and the open market's expected lasting jobs</td></tr><tr data-key=\"transitional\"><td class=\"l\">transitional employment</td><td>{}</td><td class=\"l\">placements on shorter contracts, and the open market's other expected jobs</td></tr><tr data-key=\"positive\"><td class=\"l\">positive exits</td><td>{}</td><td class=\"l\">to a qualifying training, at the input rate</td></tr><tr data-key=\"other\"><td class=\"l\">other exits</td><td>{}</td><td class=\"l\">no job or training expected at the input rates</td></tr><tr><th class=\"l\">exits</th><th>{}</th><th class=\"l\">{} placed with partners</th></tr>",
        num(c.lasting, 1),
        num(c.transitional, 1),
        num(c.positive, 1),
        num(c.other, 1),
        persons(c.exits),
        persons(c.placements)
    );
    if let Some(m) = mission {
        let _ = write!(
            o,
            "<tr data-key=\"mission\"><td class=\"l\">cost of the mission per lasting exit</td><td>{}</td><td class=\"l\">EUR; {} EUR per insertion FTE-year</td></tr>",
            m.eur_per_lasting_exit.map_or("-".into(), eur),
            m.eur_per_fte_year.map_or("-".into(), eur)
        );
    }
    o.push_str("</table></div>");
    if let Some(k) = curve {
        lasting_curve(o, k);
    }
    cohort_paths(o, inst, plan);
    o.push_str("</section>\n");
}

/// Each cohort's path (`paths` table): when its people entered, when they left after how
/// long, and where to; folded, since a year has many cohorts.
fn cohort_paths(o: &mut String, inst: &Instance, plan: &Plan) {
    let p = &inst.plant;
    let rows = path_rows(inst, plan, &pathways(inst, plan));
    let _ = write!(
        o,
        "<details id=\"paths\"><summary>Each cohort's path ({} rows)</summary><p class=\"note\">First in, first out, as the checker rebuilds it; a week's placements go to its first leavers. Which line each person works on and who takes a module are the plant's in the model, not a person's.</p><div class=\"tablewrap\"><table><tr><th class=\"l\">cohort entered</th><th>people</th><th>left in week</th><th>after weeks</th><th>people</th><th class=\"l\">destination</th></tr>",
        rows.len()
    );
    for r in &rows {
        let entered = match r.entered {
            None => "before week 1".to_string(),
            Some(c) if c <= 0 => format!("before week 1 (tenure {})", 1 - c),
            Some(c) => format!("week {c}"),
        };
        let destination = match (r.week, r.opening) {
            (None, _) => "on contract at the end".to_string(),
            (Some(_), Some(j)) => {
                let op = &p.openings[j];
                format!(
                    "placed: {}, {} ({})",
                    esc(&p.partners[op.partner].named.name),
                    esc(&p.skills[op.skill].named.id),
                    op.contract.name()
                )
            }
            (Some(_), None) => "open market".to_string(),
        };
        let _ = write!(
            o,
            "<tr><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"l\">{destination}</td></tr>",
            entered,
            persons(r.cohort),
            r.week.map_or("-".into(), |w| (w + 1).to_string()),
            r.tenure.map_or("-".into(), |x| x.to_string()),
            persons(r.people)
        );
    }
    o.push_str("</table></div></details>");
}

/// The openings, partner by partner, with the month they start in where the instance is on
/// the calendar.
fn openings(o: &mut String, inst: &Instance, w: &ToWork) {
    o.push_str("<h3>Openings covered and missed</h3><div class=\"tablewrap\"><table id=\"openings\"><tr><th class=\"l\">partner</th><th class=\"l\">month</th><th>start week</th><th>leaves the plant</th><th>named by</th><th class=\"l\">skill</th><th class=\"l\">contract</th><th>asked</th><th>placed</th><th>missed</th></tr>");
    for x in &w.openings {
        let month = inst.week_monday(x.week - 1).map_or("-".to_string(), |d| {
            format!("{} {}", d.month_short(), d.year)
        });
        let _ = write!(
            o,
            "<tr data-partner=\"{}\"{}><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&x.partner),
            if x.missed > 1e-6 { " class=\"missed\"" } else { "" },
            esc(&x.partner_name),
            month,
            x.week,
            x.exit_week.map_or("-".into(), |e| format!("week {e}")),
            x.name_by_week,
            esc(&x.skill),
            x.contract,
            persons(x.count),
            persons(x.placed),
            persons(x.missed)
        );
    }
    o.push_str("</table></div>");
}

/// The skills: where each is learnt, what the plan makes of it.
fn skills(o: &mut String, w: &ToWork) {
    o.push_str("<h3>Skills</h3><div class=\"tablewrap\"><table id=\"skills\"><tr><th class=\"l\">skill</th><th class=\"l\">learnt</th><th>hours per holder</th><th>insertion hours on the line</th><th>trainees</th><th>module fees, EUR</th><th>holders possible</th><th>placed</th></tr>");
    for k in &w.skills {
        let learnt = match (&k.line, k.module_weeks) {
            (Some(l), _) => format!("on line {}", esc(l)),
            (None, m) => format!("module of {} weeks", m.unwrap_or(0)),
        };
        let _ = write!(
            o,
            "<tr data-key=\"{}\"><td class=\"l\">{}</td><td class=\"l\">{learnt}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&k.skill),
            esc(&k.name),
            num(k.hours, 0),
            if k.line.is_some() { num(k.line_hours, 0) } else { "-".into() },
            if k.line.is_some() { "-".into() } else { persons(k.trainees) },
            if k.line.is_some() { "-".into() } else { eur(k.training_fees_eur) },
            persons(k.holders_possible),
            persons(k.placed)
        );
    }
    o.push_str("</table></div>");
}

/// The trade-off curve: the plan's cost against its lasting exits, each point a solved and
/// checked plan; targets no plan met are crosses on the axis.
fn lasting_curve(o: &mut String, k: &LastingCurve) {
    let mut pts = Vec::new();
    let mut misses = Vec::new();
    for p in &k.points {
        match (p.lasting, p.cost_eur) {
            (Some(l), Some(c)) => pts.push(BandPt {
                x: l,
                lo: c,
                mid: c,
                hi: c,
                tip: format!(
                    "{} lasting exits: {} EUR{}",
                    num(l, 1),
                    eur(c),
                    p.eur_per_extra_lasting_exit
                        .map_or(String::new(), |e| format!(
                            ", {} EUR per extra lasting exit",
                            eur(e)
                        ))
                ),
            }),
            _ => misses.push(Miss {
                x: p.target.unwrap_or(0.0),
                tip: format!(
                    "at least {} lasting exits: {}",
                    num(p.target.unwrap_or(0.0), 0),
                    p.status
                ),
            }),
        }
    }
    let series = [BandSeries {
        name: "cost of the plan".into(),
        color: PALETTE[0].to_string(),
        pts,
    }];
    let _ = write!(
        o,
        "<h3>What each extra lasting exit costs</h3><p class=\"note\">The plan, then one more lasting exit asked for at a time (each a solved and checked plan); a cross marks a target no plan meets.</p><figure class=\"chart\">{}</figure>",
        band(&BandChart {
            label: "Cost of the plan against its lasting exits",
            series: &series,
            misses: &misses,
            x_cats: None,
            x_title: "lasting exits",
            y_title: "cost of the plan, EUR",
            y_percent: false,
            y_floor: None,
            reference: None,
            w: 640.0,
            h: 240.0,
        })
    );
    o.push_str("<div class=\"tablewrap\"><table id=\"lasting-curve\"><tr><th>least lasting exits</th><th class=\"l\">status</th><th>lasting exits</th><th>placements</th><th>cost, EUR</th><th>EUR per extra lasting exit</th></tr>");
    for p in &k.points {
        let _ = write!(
            o,
            "<tr><td>{}</td><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            p.target.map_or("(the plan)".into(), |t| num(t, 0)),
            esc(&p.status),
            p.lasting.map_or("-".into(), |x| num(x, 1)),
            p.placements.map_or("-".into(), persons),
            p.cost_eur.map_or("-".into(), eur),
            p.eur_per_extra_lasting_exit.map_or("-".into(), eur)
        );
    }
    o.push_str("</table></div>");
}
