//! The pathways-to-work tables of a plan: `openings` (each partner opening, covered and
//! missed), `skills` (each skill, its line hours or its module's trainees) and `training`
//! (the trainees of each module week by week), written like every plan table to CSV, the
//! JSON's `tables` and a workbook sheet each. A plant without partners has them empty.

use super::tables::{Cell, Table};
use crate::check::{module_hours_of, pathways, to_work};
use crate::plan::Plan;
use crate::plant::Instance;

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}
fn n(x: f64) -> Cell {
    Cell::Num(super::tables::clean(x))
}
fn opt<T: Into<f64>>(x: Option<T>) -> Cell {
    x.map_or(Cell::Empty, |v| n(v.into()))
}

/// `openings`, `skills` and `training`, in that order.
pub fn tables(inst: &Instance, plan: &Plan) -> [Table; 3] {
    let mut openings = Table::new(
        "openings",
        &[
            "week",
            "partner",
            "partner_name",
            "skill",
            "contract",
            "exit_week",
            "name_by_week",
            "asked",
            "placed",
            "missed",
        ],
    );
    let mut skills = Table::new(
        "skills",
        &[
            "skill",
            "name",
            "site",
            "line",
            "hours_per_holder",
            "line_hours",
            "module_weeks",
            "trainees",
            "training_hours",
            "training_fees_eur",
            "holders_possible",
            "placed",
        ],
    );
    let mut training = Table::new(
        "training",
        &[
            "week",
            "skill",
            "site",
            "trainees_starting",
            "hours_in_module",
        ],
    );
    let p = &inst.plant;
    let Some(w) = to_work(inst, plan, &pathways(inst, plan)) else {
        return [openings, skills, training];
    };
    for o in &w.openings {
        openings.rows.push(vec![
            Cell::Num(o.week as f64),
            t(&o.partner),
            t(&o.partner_name),
            t(&o.skill),
            t(o.contract),
            opt(o.exit_week.map(|x| x as f64)),
            Cell::Num(o.name_by_week as f64),
            n(o.count),
            n(o.placed),
            n(o.missed),
        ]);
    }
    for (k, x) in w.skills.iter().enumerate() {
        let sk = &p.skills[k];
        skills.rows.push(vec![
            t(&x.skill),
            t(&x.name),
            t(&p.sites[sk.site.0].named.id),
            x.line.as_deref().map_or(Cell::Empty, t),
            n(x.hours),
            n(x.line_hours),
            opt(x.module_weeks.map(|m| m as f64)),
            n(x.trainees),
            n(x.training_hours),
            n(x.training_fees_eur),
            n(x.holders_possible),
            n(x.placed),
        ]);
    }
    for week in 0..inst.weeks {
        for (k, sk) in p.skills.iter().enumerate() {
            if sk.module().is_none() {
                continue;
            }
            let start = plan.trainees[[k, week]];
            let hours = module_hours_of(inst, plan, k, week);
            if start > 1e-9 || hours > 1e-9 {
                training.rows.push(vec![
                    Cell::Num((week + 1) as f64),
                    t(&sk.named.id),
                    t(&p.sites[sk.site.0].named.id),
                    n(start),
                    n(hours),
                ]);
            }
        }
    }
    [openings, skills, training]
}
