//! The plan page's social section: insertion FTE used against the agreed posts, persons on
//! the payroll by kind, entries and exits, week by week, and the social balance sheet.

use super::charts::{any_reduced, kind_color};
use crate::kpi::{SocialKpis, PAYROLL};
use crate::plant::{Instance, StaffKind};
use crate::report::html::chart::weekly::{weekly_chart, Reference, WeekCalendar, Weekly};
use crate::report::html::chart::{legend, series_legend, LegendItem, Mark, Series, INK};
use crate::report::html::format::{esc, eur, num, qty};
use crate::report::html::layout::section_start;
use std::fmt::Write;

const BEFORE_COLOR: &str = "#59a14f";
const MAXIMUM_COLOR: &str = "#e15759";

/// Persons: a whole number when integral, else one decimal.
pub(super) fn persons(x: f64) -> String {
    if (x - x.round()).abs() < 1e-6 {
        num(x.round(), 0)
    } else {
        num(x, 1)
    }
}

/// The social section: three weekly charts and the balance sheet.
pub(super) fn social(o: &mut String, inst: &Instance, b: &SocialKpis, reduced: &[f64]) {
    let f = &b.insertion_fte;
    section_start(
        o,
        "social",
        "Social balance sheet",
        &format!(
            "Insertion full-time equivalents used each week (paid insertion hours over {} h a week){}; persons on the payroll by kind; entries and exits of insertion workers. {} FTE used over the horizon.",
            num(inst.plant.social.fte_h_per_week(), 1),
            f.agreed
                .map(|a| format!(" against the {} agreed posts (the rule holds over the horizon)", qty(a)))
                .unwrap_or_default(),
            num(f.horizon, 2)
        ),
    );
    let insertion = b.staff.iter().any(|s| s.kind == StaffKind::Insertion);
    if insertion {
        fte_chart(o, b, reduced, WeekCalendar::of(inst));
    }
    let heads: Vec<Series> = PAYROLL
        .iter()
        .filter_map(|&k| b.staff.iter().find(|s| s.kind == k))
        .map(|s| Series {
            name: s.kind.name().into(),
            color: kind_color(s.kind).into(),
            values: s.persons_by_week.clone(),
        })
        .filter(|s| s.values.iter().sum::<f64>() > 1e-9)
        .collect();
    o.push_str("<div class=\"grid2\"><div><h3>Persons on the payroll by kind</h3>");
    o.push_str(&legend(&series_legend(&heads)));
    o.push_str(&weekly_chart(&Weekly {
        label: "Persons on the payroll by kind, per week",
        series: &heads,
        areas: false,
        overlay: None,
        reference: None,
        reduced,
        y_title: "persons",
        unit: "persons",
        w: 580.0,
        h: 260.0,
        calendar: WeekCalendar::of(inst),
    }));
    o.push_str("</div>");
    if insertion {
        entries_exits(o, b, reduced, WeekCalendar::of(inst));
    }
    o.push_str("</div>");
    table(o, inst, b);
    o.push_str("</section>");
}

/// Entries (a line) and exits by cause (stacked bars) of insertion workers per week.
fn entries_exits(o: &mut String, b: &SocialKpis, reduced: &[f64], calendar: WeekCalendar) {
    let w = &b.pathways;
    let exits = [
        Series {
            name: "exits before the maximum".into(),
            color: BEFORE_COLOR.into(),
            values: (w.exits_by_week.iter())
                .zip(&w.exits_at_maximum_by_week)
                .map(|(x, m)| x - m)
                .collect(),
        },
        Series {
            name: "exits at the maximum length".into(),
            color: MAXIMUM_COLOR.into(),
            values: w.exits_at_maximum_by_week.clone(),
        },
    ];
    let entries = Series {
        name: "entries".into(),
        color: INK.into(),
        values: w.entries_by_week.clone(),
    };
    let mut items = series_legend(&exits);
    items.push(LegendItem::new("entries", INK, Mark::Line));
    o.push_str("<div><h3>Entries and exits of insertion workers</h3>");
    o.push_str(&legend(&items));
    o.push_str(&weekly_chart(&Weekly {
        label: "Entries and exits of insertion workers, per week",
        series: &exits,
        areas: false,
        overlay: Some(&entries),
        reference: None,
        reduced,
        y_title: "persons",
        unit: "persons",
        w: 580.0,
        h: 260.0,
        calendar,
    }));
    o.push_str("</div>");
}

/// Insertion FTE used per week, the agreed posts as a dashed level.
fn fte_chart(o: &mut String, b: &SocialKpis, reduced: &[f64], calendar: WeekCalendar) {
    let f = &b.insertion_fte;
    let shaded = any_reduced(reduced);
    let used = [Series {
        name: "insertion FTE used".into(),
        color: kind_color(StaffKind::Insertion).into(),
        values: f.by_week.clone(),
    }];
    let mut items = series_legend(&used);
    if f.agreed.is_some() {
        items.push(LegendItem::new("agreed posts", INK, Mark::Line));
    }
    if shaded {
        items.push(LegendItem::new("reduced hours", "", Mark::Shade));
    }
    o.push_str("<h3>Insertion FTE used against the agreed posts</h3>");
    o.push_str(&legend(&items));
    o.push_str(&weekly_chart(&Weekly {
        label: "Insertion FTE used per week against the agreed posts",
        series: &used,
        areas: false,
        overlay: None,
        reference: f.agreed.map(|a| Reference {
            value: a,
            label: format!("agreed {}", qty(a)),
        }),
        reduced,
        y_title: "FTE",
        unit: "FTE",
        w: 1200.0,
        h: 260.0,
        calendar,
    }));
}

/// One row of the balance sheet: figure, value, what it is measured against.
fn row(o: &mut String, figure: &str, value: &str, against: &str) {
    let _ = write!(
        o,
        "<tr><td class=\"l\">{}</td><td>{}</td><td class=\"l\">{}</td></tr>",
        esc(figure),
        esc(value),
        esc(against)
    );
}

/// The balance sheet as tables: the figures over the horizon, then hours per payroll group.
fn table(o: &mut String, inst: &Instance, b: &SocialKpis) {
    let p = &inst.plant;
    o.push_str("<h3>Over the horizon</h3><div class=\"tablewrap\"><table id=\"social-balance\"><tr><th class=\"l\">figure</th><th>value</th><th class=\"l\">against</th></tr>");
    for st in &b.staff {
        let range = st.persons.map_or("hours only".into(), |r| {
            format!(
                "{}–{} persons (mean {})",
                persons(r.min),
                persons(r.peak),
                num(r.mean, 1)
            )
        });
        row(
            o,
            &format!("{} staff", st.kind.name()),
            &format!("{range}, {} FTE", num(st.fte, 2)),
            &format!("{} paid h", qty(st.paid_h)),
        );
    }
    let f = &b.insertion_fte;
    row(
        o,
        "insertion FTE used",
        &num(f.horizon, 2),
        &f.agreed.map_or("no agreed posts".into(), |a| {
            format!("{} agreed; {} weeks above", qty(a), f.weeks_above_agreed)
        }),
    );
    row(
        o,
        "state aid received",
        &format!("{} EUR", eur(b.aid.received_eur)),
        &b.aid
            .cap_eur
            .map_or("no cap without agreed posts".into(), |c| {
                format!("cap {} EUR", eur(c))
            }),
    );
    let w = &b.pathways;
    row(
        o,
        "people accompanied",
        &persons(w.accompanied),
        &format!(
            "{} at the opening, {} entries",
            persons(w.opening),
            persons(w.entries)
        ),
    );
    row(
        o,
        "exits",
        &persons(w.exits),
        &format!(
            "{} at the maximum length ({} weeks), {} before",
            persons(w.exits_at_maximum),
            p.pathway.max_contract_weeks,
            persons(w.exits_before_maximum)
        ),
    );
    row(
        o,
        "exits to employment",
        &num(w.exits_to_employment, 1),
        &format!(
            "{} of exits",
            crate::report::html::format::pct(p.pathway.exit_to_employment_rate)
        ),
    );
    let weeks = |x: Option<f64>| x.map_or("-".into(), |v| format!("{} weeks", num(v, 1)));
    row(
        o,
        "mean contract length of leavers",
        &weeks(w.mean_contract_weeks_of_leavers),
        "first in, first out",
    );
    row(
        o,
        "on contract at the end",
        &persons(w.on_contract_at_end),
        &format!("mean tenure {}", weeks(w.mean_tenure_at_end_weeks)),
    );
    row(
        o,
        "training and support",
        &format!("{} h", qty(b.training_h)),
        "",
    );
    row(o, "advisers", &persons(b.advisers), "");
    row(
        o,
        "overtime",
        &format!(
            "{} h + {} h",
            qty(b.overtime_step1_h),
            qty(b.overtime_step2_h)
        ),
        &format!(
            "at +{} and +{}; premiums {} EUR",
            num(100.0 * p.law.overtime_premium_1, 0) + " %",
            num(100.0 * p.law.overtime_premium_2, 0) + " %",
            eur(b.overtime_premium_eur)
        ),
    );
    o.push_str("</table></div><h3>Hours against the working-time law</h3><div class=\"tablewrap\"><table id=\"social-hours\"><tr><th class=\"l\">site</th><th class=\"l\">kind</th><th>contract h/week</th><th>at work h/person-year</th><th>legal + quota</th><th>overtime h/person-year</th><th>largest week h</th><th>most h/week</th></tr>");
    let h = |x: Option<f64>| x.map_or("-".into(), qty);
    for g in &b.working_time {
        let over = g
            .worked_h_per_person_year
            .is_some_and(|v| v > g.legal_h_per_person_year + g.quota_h_per_person_year + 1e-6);
        let _ = write!(
            o,
            "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td><td{}>{}</td><td>{} + {}</td><td>{}</td><td>{}</td><td>{} (law {})</td></tr>",
            esc(&g.site),
            g.kind.name(),
            qty(g.contract_h_per_week),
            if over { " class=\"bad\"" } else { "" },
            h(g.worked_h_per_person_year),
            qty(g.legal_h_per_person_year),
            qty(g.quota_h_per_person_year),
            h(g.overtime_h_per_person_year),
            h(g.max_weekly_h),
            qty(g.max_h_per_week),
            qty(b.law_max_h_per_week)
        );
    }
    o.push_str("</table></div>");
}
