//! Explain: why a plan is infeasible. The model is solved again in elastic mode, where every
//! relaxable row (targets, contract minimums and maximums, social rules, capacities, storage,
//! closing stock) has a slack penalised at `SLACK_PENALTY` EUR per unit; the slacks the
//! solver needs say which rules must give, and by how much, in the plant's words.

use crate::error::Error;
use crate::formulation::{build, BuildOptions, Row};
use crate::plan::Plan;
use crate::plant::*;
use crate::solve::{solve, SolveOptions, Status};
use serde::Serialize;
use std::collections::BTreeMap;

/// Slack below this (t or h) is noise.
const SLACK_TOL: f64 = 1e-6;

/// One rule that must give.
#[derive(Debug, Clone, Serialize)]
pub struct Relaxation {
    /// Constraint family, as in `models/FORMULATION.md`.
    pub family: &'static str,
    /// What must give, in the plant's words.
    pub message: String,
    /// By how much, in `unit`, over the horizon.
    pub amount: f64,
    /// `t` or `h` (or `posts`).
    pub unit: &'static str,
    /// Weeks concerned (1-based), for weekly rules.
    pub weeks: Vec<usize>,
}

/// The outcome of an explanation.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// Status of the elastic model (`optimal` when the relaxations found a plan).
    pub status: Status,
    /// The rules that must give, largest first; empty when the model is feasible as it is.
    pub relaxations: Vec<Relaxation>,
    /// Whether the explanation was computed on the LP relaxation (truck trips continuous).
    pub relaxed: bool,
}

/// Compact week list: `3-7, 12`.
pub fn week_ranges(weeks: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < weeks.len() {
        let mut j = i;
        while j + 1 < weeks.len() && weeks[j + 1] == weeks[j] + 1 {
            j += 1;
        }
        out.push(if i == j {
            format!("{}", weeks[i])
        } else {
            format!("{}-{}", weeks[i], weeks[j])
        });
        i = j + 1;
    }
    out.join(", ")
}

/// The rule a row belongs to, without its week: slacks of one rule are summed over weeks.
fn subject(row: &Row) -> (Row, Option<usize>) {
    use Row::*;
    match *row {
        LineCapacity(l, h, t) => (LineCapacity(l, h, 0), Some(t)),
        Qualified(l, h, t) => (Qualified(l, h, 0), Some(t)),
        AgencyHours(s, t) => (AgencyHours(s, 0), Some(t)),
        Supervision(s, h, t) => (Supervision(s, h, 0), Some(t)),
        OutletWeekly(o, t) => (OutletWeekly(o, 0), Some(t)),
        IntakeStorage(s, t) => (IntakeStorage(s, 0), Some(t)),
        OutputStorage(s, t) => (OutputStorage(s, 0), Some(t)),
        other => (other, None),
    }
}

/// Re-solves the instance in elastic mode and names the rules that must give.
pub fn explain(inst: &Instance, solve_opts: &SolveOptions) -> Result<Explanation, Error> {
    let f = build(
        inst,
        BuildOptions {
            relax: true,
            elastic: true,
        },
    );
    let slacks = f.model.rows.slacks.clone();
    let labels = f.model.rows.labels.clone();
    let vars = f.vars;
    let out = solve(f.model, solve_opts)?;
    let Some(values) = out.values else {
        return Ok(Explanation {
            status: out.status,
            relaxations: Vec::new(),
            relaxed: true,
        });
    };
    let plan = Plan::from_values(&vars, &values);
    let k = crate::kpi::kpis(inst, &plan);

    let mut groups: BTreeMap<String, (Row, f64, f64, Vec<usize>)> = BTreeMap::new();
    for s in &slacks {
        let v = values[s.var.col];
        if v <= SLACK_TOL {
            continue;
        }
        let (subj, week) = subject(&labels[s.row]);
        let g = groups
            .entry(format!("{subj:?}"))
            .or_insert((subj, 0.0, 0.0, Vec::new()));
        g.1 += v;
        g.2 = g.2.max(v);
        if let Some(t) = week {
            g.3.push(t + 1);
        }
    }
    let id = |n: &Named| n.id.clone();
    let mut relaxations: Vec<Relaxation> = groups
        .into_values()
        .map(|(row, total, max, mut weeks)| {
            weeks.sort_unstable();
            let over = if weeks.is_empty() {
                String::new()
            } else {
                let days = match (inst.first_monday, weeks.first(), weeks.last()) {
                    (Some(d), Some(&a), Some(&b)) => format!(
                        " ({})",
                        crate::dates::span(d.add_days(7 * (a as i64 - 1)), b + 1 - a)
                    ),
                    _ => String::new(),
                };
                format!(" in weeks {}{days}", week_ranges(&weeks))
            };
            let (unit, message) = describe(inst, &k, &plan, &row, total, max, &over, &id);
            Relaxation {
                family: row.family(),
                message,
                amount: total,
                unit,
                weeks,
            }
        })
        .collect();
    relaxations.sort_by(|a, b| b.amount.total_cmp(&a.amount));
    Ok(Explanation {
        status: out.status,
        relaxations,
        relaxed: true,
    })
}

fn pct(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

#[allow(clippy::too_many_arguments)]
fn describe(
    inst: &Instance,
    k: &crate::kpi::Kpis,
    plan: &Plan,
    row: &Row,
    total: f64,
    max: f64,
    over: &str,
    id: &dyn Fn(&Named) -> String,
) -> (&'static str, String) {
    let p = &inst.plant;
    let cat_name = |c: Option<CategoryId>| match c {
        Some(c) => format!(
            "category {} ({})",
            p.categories[c.0].named.id, p.categories[c.0].named.name
        ),
        None => "the whole plant".to_string(),
    };
    let target_msg = |what: &str, c: Option<CategoryId>, recycling: bool| {
        let r = k.scope(c.into());
        let (achieved, target) = if recycling {
            (r.recycling_rate, r.recycling_target)
        } else {
            (r.recovery_rate, r.recovery_target)
        };
        let pp = if r.accountable_t > 0.0 {
            100.0 * total / r.accountable_t
        } else {
            0.0
        };
        format!(
            "{what} rate of {} short by {pp:.1} percentage points ({total:.1} t): {} reachable against {} required",
            cat_name(c),
            achieved.map(pct).unwrap_or_else(|| "-".into()),
            target.map(pct).unwrap_or_else(|| "-".into()),
        )
    };
    use Row::*;
    match *row {
        Recovery(c) => (
            "t",
            target_msg("recovery", c, false),
        ),
        Recycling(c) => (
            "t",
            target_msg("recycling", c, true),
        ),
        InsertionShare(s) => {
            let mut ins = 0.0;
            let mut all = 0.0;
            for &l in p.lines_at(s) {
                for kind in StaffKind::PRODUCTION {
                    let w = plan.line_hours.slice(ndarray::s![kind.index(), l.0, .., ..]).sum();
                    all += w;
                    if kind == StaffKind::Insertion {
                        ins += w;
                    }
                }
            }
            let reachable = if all > 0.0 { ins / all } else { 0.0 };
            (
                "h",
                format!(
                    "insertion share at site {} {} against {} required ({total:.0} h of insertion work short)",
                    id(&p.sites[s.0].named),
                    pct(reachable),
                    pct(p.social.insertion_share_min)
                ),
            )
        }
        FundedPosts => {
            // The row caps the horizon's paid insertion hours at the agreed FTE pro rata.
            let fte_h = p.social.full_time_h_per_year * inst.weeks as f64 / 52.0;
            (
                "h",
                format!(
                    "paid insertion FTE {:.2} exceeds the {} agreed (state-funded) posts by {:.2} FTE ({total:.0} paid hours over the horizon)",
                    k.insertion_fte,
                    p.social.funded_posts.unwrap_or(0.0),
                    total / fte_h
                ),
            )
        }
        FundedPostsFilled => {
            let fte_h = p.social.full_time_h_per_year * inst.weeks as f64 / 52.0;
            (
                "h",
                format!(
                    "agreed posts filled to {:.2} FTE against the least {:.2} (funded_posts_min_share {} of {}), short by {:.2} FTE ({total:.0} paid hours)",
                    k.insertion_fte,
                    p.social.funded_posts_min_share.unwrap_or(0.0) * p.social.funded_posts.unwrap_or(0.0),
                    p.social.funded_posts_min_share.unwrap_or(0.0),
                    p.social.funded_posts.unwrap_or(0.0),
                    total / fte_h
                ),
            )
        }
        LineCapacity(l, h, _) => (
            "h",
            format!(
                "line {}, shift {}: {total:.1} line-hours beyond its available hours{over}",
                id(&p.lines[l.0].named),
                id(&p.shifts[h.0].named)
            ),
        ),
        Qualified(l, h, _) => (
            "h",
            format!(
                "qualified (permanent) staff on line {}, shift {}: {total:.1} h short{over}",
                id(&p.lines[l.0].named),
                id(&p.shifts[h.0].named)
            ),
        ),
        AgencyHours(s, _) => (
            "h",
            format!(
                "temporary staff at {}: {total:.0} agency hours beyond the agency's pool{over} (raise headcount_max)",
                id(&p.sites[s.0].named)
            ),
        ),
        HoursYear(s, kind) => (
            "h",
            format!(
                "{} staff at {}: {total:.0} h beyond the legal year and the overtime quota (hire, or raise headcount_max)",
                kind.name(),
                id(&p.sites[s.0].named)
            ),
        ),
        OvertimeQuota(s, kind) => (
            "h",
            format!(
                "{} staff at {}: {total:.0} overtime hours beyond the yearly quota (hire, or raise headcount_max)",
                kind.name(),
                id(&p.sites[s.0].named)
            ),
        ),
        Supervision(s, h, _) => (
            "h",
            format!(
                "supervision at {}, shift {}: {total:.1} supervisor hours short{over}",
                id(&p.sites[s.0].named),
                id(&p.shifts[h.0].named)
            ),
        ),
        OutletMin(o) => (
            "t",
            format!(
                "contract minimum of outlet {} short by {total:.1} t ({:.0} t required)",
                id(&p.outlets[o.0].named),
                p.outlets[o.0].min_t
            ),
        ),
        OutletMax(o) => (
            "t",
            format!(
                "contract maximum of outlet {} exceeded by {total:.1} t ({:.0} t allowed)",
                id(&p.outlets[o.0].named),
                p.outlets[o.0].max_t.unwrap_or(0.0)
            ),
        ),
        OutletWeekly(o, _) => (
            "t",
            format!(
                "weekly cap of outlet {} exceeded by {total:.1} t in all (up to {max:.1} t a week){over}",
                id(&p.outlets[o.0].named)
            ),
        ),
        IntakeStorage(s, _) => (
            "t",
            format!(
                "intake storage at {} over capacity by up to {max:.1} t{over}",
                id(&p.sites[s.0].named)
            ),
        ),
        OutputStorage(s, _) => (
            "t",
            format!(
                "output storage at {} over capacity by up to {max:.1} t{over}",
                id(&p.sites[s.0].named)
            ),
        ),
        ClosingIntakeMin(s, k2) | ClosingIntakeMax(s, k2) => (
            "t",
            format!(
                "closing intake stock of {} at {} off its bounds by {total:.1} t",
                id(&p.streams[k2.0].named),
                id(&p.sites[s.0].named)
            ),
        ),
        ClosingOutputMin(s, q) | ClosingOutputMax(s, q) => {
            let (f, c) = p.lots[q.0];
            (
                "t",
                format!(
                    "closing output stock of {} from {} at {} off its bounds by {total:.1} t",
                    id(&p.fractions[f.0].named),
                    id(&p.categories[c.0].named),
                    id(&p.sites[s.0].named)
                ),
            )
        }
        other => ("", format!("{other:?} relaxed by {total:.3}")),
    }
}

/// An explanation in one line, for a sweep's summary: the `max` largest relaxations'
/// messages, joined by "; ", and how many more there are. Says so when the elastic model
/// found no plan or needed no relaxation.
pub fn brief(e: &Explanation, max: usize) -> String {
    if e.relaxations.is_empty() {
        return if matches!(e.status, Status::Optimal | Status::Feasible) {
            "the elastic re-solve relaxes no rule (the model is feasible within its tolerances)"
                .to_string()
        } else {
            format!("the elastic re-solve is {} too", e.status.name())
        };
    }
    let mut s = e
        .relaxations
        .iter()
        .take(max)
        .map(|r| r.message.clone())
        .collect::<Vec<_>>()
        .join("; ");
    if e.relaxations.len() > max {
        s.push_str(&format!("; and {} more", e.relaxations.len() - max));
    }
    s
}

#[cfg(test)]
mod brief_tests {
    use super::*;

    fn relaxation(message: &str, amount: f64) -> Relaxation {
        Relaxation {
            family: "recovery",
            message: message.into(),
            amount,
            unit: "t",
            weeks: Vec::new(),
        }
    }

    #[test]
    fn brief_names_the_largest_relaxations_and_counts_the_rest() {
        let e = Explanation {
            status: Status::Optimal,
            relaxations: vec![
                relaxation("a", 3.0),
                relaxation("b", 2.0),
                relaxation("c", 1.0),
            ],
            relaxed: true,
        };
        assert_eq!(brief(&e, 2), "a; b; and 1 more");
        assert_eq!(brief(&e, 3), "a; b; c");
        let none = Explanation {
            status: Status::Infeasible,
            relaxations: Vec::new(),
            relaxed: true,
        };
        assert_eq!(brief(&none, 3), "the elastic re-solve is infeasible too");
    }
}
