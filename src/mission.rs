//! The cost of the social mission: the plan under its social rules against the same plant run
//! as a classic firm ([`Instance::without_mission`]), both solved and checked, explained term by
//! term from the two plans' numbers.
//!
//! ```text
//! extra            = cost(with the mission) - cost(classic firm)
//!                  = production wages above productivity + supervision + support and training
//!                    + operations - state aid
//! per FTE-year     = extra / (sum_{s,t} P[s,ins,t] / HFTE)
//! per exit to work = extra / (xi * insertion exits over the horizon)
//! ```
//!
//! - **supervision**: supervisors' cost (paid hours, overtime and shift premiums, hires and
//!   departures) with the mission less without it;
//! - **support and training**: the advisers, and the insertion workers' paid training hours
//!   (`tr pres N` at their hourly cost), which produce nothing;
//! - **production wages above productivity**: the production staff's cost (permanent,
//!   insertion, temporary; premiums, entries, hires and departures included) with the mission,
//!   less its training hours, less the production staff's cost of the classic firm: what the
//!   same work costs more when done by slower novices and on 35-h contracts paid through leave
//!   and absence;
//! - **operations**: lines, transport, storage, contractor, trips and sales: the two plans may
//!   process and ship differently;
//! - **state aid**: received with the mission only.

use crate::check::Costs;
use crate::plan::Plan;
use crate::plant::*;
use crate::{Solved, Status};
use serde::Serialize;

/// One term of the breakdown.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// Key (JSON).
    pub key: &'static str,
    /// Label (text).
    pub label: &'static str,
    /// EUR over the horizon (positive: the mission costs more).
    pub eur: f64,
}

/// The cost of the social mission over the horizon.
#[derive(Debug, Clone, Serialize)]
pub struct MissionCost {
    /// Total cost of the plan with the mission (EUR).
    pub with_eur: f64,
    /// Total cost of the classic firm's plan (EUR).
    pub without_eur: f64,
    /// The status of the classic firm's run.
    pub without_status: &'static str,
    /// `with - without` (EUR).
    pub extra_eur: f64,
    /// The breakdown; its terms sum to `extra_eur`.
    pub breakdown: Vec<Term>,
    /// Insertion FTE-years paid with the mission.
    pub insertion_fte_years: f64,
    /// Insertion exits over the horizon.
    pub exits: f64,
    /// Exits to employment: `exit_to_employment_rate x exits`.
    pub exits_to_employment: f64,
    /// `extra / FTE-years` (EUR), when any FTE was paid.
    pub eur_per_fte_year: Option<f64>,
    /// `extra / exits to employment` (EUR), when any.
    pub eur_per_exit_to_employment: Option<f64>,
}

/// Staff cost of one kind at every site: paid hours (temporary: with the agency mark-up),
/// overtime premiums, shift premiums on hours worked, hires and departures or entries.
fn kind_cost(inst: &Instance, plan: &Plan, k: StaffKind) -> f64 {
    (0..inst.plant.sites.len())
        .map(|s| crate::check::group_costs(inst, plan, SiteId(s), k).total())
        .sum()
}

/// Insertion workers' paid training hours at their hourly cost.
fn training_cost(inst: &Instance, plan: &Plan) -> f64 {
    let p = &inst.plant;
    let k = StaffKind::Insertion;
    let mut eur = 0.0;
    for s in 0..p.sites.len() {
        let Some(g) = p.staff(SiteId(s), k) else {
            continue;
        };
        for t in 0..inst.weeks {
            let h = p.pathway.training_h_per_week
                * inst.presence(SiteId(s), k, t)
                * plan.staff_n[[s, k.index(), t]];
            eur += g.cost_eur_per_h * h;
        }
    }
    eur
}

/// The figures of one checked plan the breakdown needs.
struct Side {
    total: f64,
    production: f64,
    supervision: f64,
    training: f64,
    advisers: f64,
    aid: f64,
}

impl Side {
    fn of(inst: &Instance, plan: &Plan, costs: &Costs) -> Side {
        let production = [
            StaffKind::Permanent,
            StaffKind::Insertion,
            StaffKind::Temporary,
        ]
        .into_iter()
        .map(|k| kind_cost(inst, plan, k))
        .sum();
        Side {
            total: costs.total,
            production,
            supervision: kind_cost(inst, plan, StaffKind::Supervisor),
            training: training_cost(inst, plan),
            advisers: costs.advisers,
            aid: costs.state_aid,
        }
    }
    /// Everything that is not staff, advisers or aid: `total - staff - advisers + aid`.
    fn operations(&self) -> f64 {
        self.total - self.production - self.supervision - self.advisers + self.aid
    }
}

/// The cost of the mission from the run with the mission (`with`, on `inst`) and the run of
/// the classic firm (`without`, on `inst.without_mission()`). `None` unless both runs have a
/// checked plan (optimal or feasible).
pub fn mission_cost(
    inst: &Instance,
    with: &Solved,
    free: &Instance,
    without: &Solved,
) -> Option<MissionCost> {
    let usable = |s: &Solved| matches!(s.status, Status::Optimal | Status::Feasible);
    if !usable(with) || !usable(without) {
        return None;
    }
    let (wp, wc) = (with.plan.as_ref()?, &with.check.as_ref()?.costs);
    let (fp, fc) = (without.plan.as_ref()?, &without.check.as_ref()?.costs);
    let a = Side::of(inst, wp, wc);
    let b = Side::of(free, fp, fc);
    let breakdown = vec![
        Term {
            key: "wages_above_productivity",
            label: "production wages above productivity",
            eur: a.production - a.training - b.production,
        },
        Term {
            key: "supervision",
            label: "supervision",
            eur: a.supervision - b.supervision,
        },
        Term {
            key: "support_and_training",
            label: "support and training (advisers, training hours)",
            eur: a.training + a.advisers - b.advisers,
        },
        Term {
            key: "operations",
            label: "operations (lines, transport, storage, sales)",
            eur: a.operations() - b.operations(),
        },
        Term {
            key: "state_aid",
            label: "state aid",
            eur: -(a.aid - b.aid),
        },
    ];
    let extra = a.total - b.total;
    let ins = StaffKind::Insertion.index();
    let fte_years: f64 =
        wp.paid_h.slice(ndarray::s![.., ins, ..]).sum() / inst.plant.social.full_time_h_per_year;
    let exits: f64 = wp.departures.slice(ndarray::s![.., ins, ..]).sum();
    let to_work = inst.plant.pathway.exit_to_employment_rate * exits;
    let per = |n: f64| (n > 1e-9).then(|| extra / n);
    Some(MissionCost {
        with_eur: a.total,
        without_eur: b.total,
        without_status: without.status.name(),
        extra_eur: extra,
        breakdown,
        insertion_fte_years: fte_years,
        exits,
        exits_to_employment: to_work,
        eur_per_fte_year: per(fte_years),
        eur_per_exit_to_employment: per(to_work),
    })
}

/// The text block of the summary.
pub fn text(m: &MissionCost) -> String {
    use std::fmt::Write;
    let eur = crate::report::text::eur;
    let per = |x: Option<f64>| x.map_or("-".to_string(), eur);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "\nCost of the social mission, against the same plant run as a classic firm ({}), EUR",
        m.without_status
    );
    let mut line = |label: &str, value: String| {
        let _ = writeln!(o, "  {label:<52}{value:>12}");
    };
    line("plan with the mission", eur(m.with_eur));
    line("plan of the classic firm", eur(m.without_eur));
    for t in &m.breakdown {
        line(&format!("  {}", t.label), eur(t.eur));
    }
    line("extra cost of the mission", eur(m.extra_eur));
    line(
        &format!(
            "per insertion FTE-year ({:.1} FTE-years)",
            m.insertion_fte_years
        ),
        per(m.eur_per_fte_year),
    );
    line(
        &format!(
            "per exit to employment ({:.1} of {:.0} exits)",
            m.exits_to_employment, m.exits
        ),
        per(m.eur_per_exit_to_employment),
    );
    o
}
