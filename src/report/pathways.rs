//! The pathways-to-work tables of a plan: `openings` (each partner opening, covered and
//! missed), `skills` (each skill, its line hours or its module's trainees), `training` (the
//! trainees of each module week by week) and `paths` (each cohort's path: who entered when,
//! left when after how long, and where to), written like every plan table to CSV, the JSON's
//! `tables` and a workbook sheet each. A plant without partners has the first three empty.

use super::tables::{n, t, Cell, Table};
use crate::check::{module_hours_of, pathways, to_work, Departure, Pathways};
use crate::plan::Plan;
use crate::plant::Instance;

fn opt<T: Into<f64>>(x: Option<T>) -> Cell {
    x.map_or(Cell::Empty, |v| n(v.into()))
}

/// `openings`, `skills`, `training` and `paths`, in that order.
pub fn tables(inst: &Instance, plan: &Plan) -> [Table; 4] {
    let paths = pathways(inst, plan);
    let [a, b, c] = to_work_tables(inst, plan, &paths);
    [a, b, c, cohort_paths(inst, plan, &paths)]
}

/// `openings`, `skills` and `training`.
fn to_work_tables(inst: &Instance, plan: &Plan, paths: &Pathways) -> [Table; 3] {
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
    let Some(w) = to_work(inst, plan, paths) else {
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

/// One row of a cohort's path.
#[derive(Debug, Clone)]
pub struct PathRow {
    /// The site.
    pub site: usize,
    /// The week the cohort entered (1-based; 0 or less before week 1, `1 - tenure`; `None`:
    /// opening people the plan chose, entered on a date not known).
    pub entered: Option<i64>,
    /// People of the cohort.
    pub cohort: f64,
    /// The week they left (0-based; `None`: on contract at the end).
    pub week: Option<usize>,
    /// Weeks on contract when they left (or at the end of the horizon).
    pub tenure: Option<i64>,
    /// People.
    pub people: f64,
    /// The opening they were placed into (`None`: the open market, or still on contract).
    pub opening: Option<usize>,
}

/// Each cohort's path, first in, first out as the checker rebuilds it: the people who
/// entered in a week (or were on contract before week 1) and, row by row, those of them who
/// left in a week after so many weeks, placed with a partner (the week's placements go to its
/// first leavers) or to the open market, and those still on contract at the end; by site,
/// cohort and week. Which line each person works on and who takes a module are the plant's,
/// not a person's, in the model (FORMULATION §4.7b): the rows do not say.
pub fn path_rows(inst: &Instance, plan: &Plan, paths: &Pathways) -> Vec<PathRow> {
    let p = &inst.plant;
    let mut out = Vec::new();
    for sp in &paths.sites {
        // Each week's placements at the site, in opening order: (people, opening).
        let mut placements: Vec<Vec<(f64, usize)>> = vec![Vec::new(); inst.weeks];
        for (j, o) in p.openings.iter().enumerate() {
            let at = p.partners[o.partner].site == sp.site;
            if let (true, Some(t)) = (at, o.exit_week(inst.weeks, p.pathway.change_every_weeks)) {
                if plan.placed[j] > 1e-9 {
                    placements[t].push((plan.placed[j], j));
                }
            }
        }
        let mut rows: Vec<PathRow> = Vec::new();
        let row = |entered: Option<i64>, week: Option<usize>, people: f64, opening| {
            let end = week.map_or(inst.weeks as i64 + 1, |w| w as i64 + 1);
            PathRow {
                site: sp.site.0,
                entered,
                cohort: 0.0,
                week,
                tenure: entered.map(|c| end - c),
                people,
                opening,
            }
        };
        for &Departure {
            entered,
            week,
            people,
        } in &sp.departures
        {
            let mut left = people;
            while left > 1e-9 {
                let Some((rest, j)) = placements[week].first_mut() else {
                    break;
                };
                let k = rest.min(left);
                rows.push(row(entered, Some(week), k, Some(*j)));
                *rest -= k;
                left -= k;
                if *rest <= 1e-9 {
                    placements[week].remove(0);
                }
            }
            if left > 1e-9 {
                rows.push(row(entered, Some(week), left, None));
            }
        }
        for &(entered, people) in sp.at_end.iter().filter(|(_, n)| *n > 1e-9) {
            rows.push(row(entered, None, people, None));
        }
        rows.sort_by_key(|r| (r.entered.unwrap_or(i64::MIN), r.week.unwrap_or(usize::MAX)));
        for i in 0..rows.len() {
            let size = (rows.iter())
                .filter(|r| r.entered == rows[i].entered)
                .map(|r| r.people)
                .sum();
            rows[i].cohort = size;
        }
        out.extend(rows);
    }
    out
}

/// `paths`: [`path_rows`] as a table.
fn cohort_paths(inst: &Instance, plan: &Plan, paths: &Pathways) -> Table {
    let mut tb = Table::new(
        "paths",
        &[
            "week",
            "site",
            "entered_week",
            "cohort_people",
            "tenure_weeks",
            "people",
            "destination",
            "partner",
            "skill",
            "contract",
        ],
    );
    let p = &inst.plant;
    let int = |x: Option<i64>| x.map_or(Cell::Empty, |v| Cell::Num(v as f64));
    for r in path_rows(inst, plan, paths) {
        let o = r.opening.map(|j| &p.openings[j]);
        let destination = match (r.week, o) {
            (None, _) => "on contract at the end",
            (Some(_), Some(_)) => "placed",
            (Some(_), None) => "open market",
        };
        tb.rows.push(vec![
            r.week.map_or(Cell::Empty, |w| Cell::Num((w + 1) as f64)),
            t(&p.sites[r.site].named.id),
            int(r.entered),
            n(r.cohort),
            int(r.tenure),
            n(r.people),
            t(destination),
            o.map_or(Cell::Empty, |o| t(&p.partners[o.partner].named.id)),
            o.map_or(Cell::Empty, |o| t(&p.skills[o.skill].named.id)),
            o.map_or(Cell::Empty, |o| t(o.contract.name())),
        ]);
    }
    tb
}
