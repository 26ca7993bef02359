//! The cost of the social mission: the plan under its social rules against the same plant run
//! as a classic firm ([`Instance::without_mission`]), both solved and checked, explained term by
//! term from the two plans' numbers, with a range over the inputs it is most sensitive to.
//!
//! ```text
//! extra            = cost(with the mission, opening chosen) - cost(classic firm)
//!                  = production wages above productivity + staff changes + supervision
//!                    + support and training + operations - state aid
//! opening given    = cost(the plan, opening staff as given) - cost(with the mission, opening chosen)
//! per FTE-year     = extra / (sum_{s,t} P[s,ins,t] / HFTE)
//! per exit to work = extra / (xi * insertion exits over the horizon)
//! ```
//!
//! **The same rule for both.** The classic firm cannot start from the mission's opening staff:
//! its insertion workers, on fixed-term contracts that end at no cost, would become permanent
//! staff it pays to lay off. So both plans choose their opening permanent staff and supervisors
//! ([`opening_chosen`]); the insertion cohorts stay the mission's. What the given opening staff
//! costs beyond that (a transition of the horizon, not of the mission) is reported beside the
//! extra cost, not in it. Supervisors lead the production staff at the classic ratio
//! `workers_per_team_leader` in both plans, where the model gives it (§4.13).
//!
//! - **production wages above productivity**: the production staff's paid hours, overtime and
//!   shift premiums (permanent, insertion, temporary), less the insertion workers' training
//!   hours, with the mission less the classic firm's: the same work costs more when done by
//!   slower novices and on 35-h contracts paid through leave and absence;
//! - **staff changes**: hires, insertion entries and departures of every kind;
//! - **supervision**: supervisors' paid hours and premiums;
//! - **support and training**: the advisers, and the insertion workers' paid training hours
//!   (`tr pres N` at their hourly cost), which produce nothing;
//! - **operations**: lines, transport, storage, contractor, trips and sales: the two plans may
//!   process and ship differently (tonnes sent to the contractor are fees paid and sales lost);
//! - **state aid**: received with the mission only.
//!
//! **Range.** Each of insertion workers' productivity (central +- 0.1), the aid per post (+- 10 %,
//! the span of the modulated part) and insertion workers per supervisor (central +- 1) is moved
//! alone to its low and its high value; the plan with the mission is solved and checked again
//! (the classic firm has none of them, its plan stays).

use crate::check::Costs;
use crate::plan::Plan;
use crate::plant::*;
use crate::{Error, RunOptions, Solved, Status};
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
    /// What it is, from the two plans' numbers.
    pub note: String,
}

/// One input of the range: the extra cost with the input at its low and its high value.
#[derive(Debug, Clone, Serialize)]
pub struct RangeRow {
    /// Key (JSON).
    pub key: &'static str,
    /// What moves.
    pub label: &'static str,
    /// Its central value (the model's; productivity: the first insertion group's).
    pub central: f64,
    /// Its low value.
    pub low: f64,
    /// Its high value.
    pub high: f64,
    /// Extra cost of the mission with the low value, when that plan was solved and checked.
    pub low_extra_eur: Option<f64>,
    /// Extra cost of the mission with the high value, when that plan was solved and checked.
    pub high_extra_eur: Option<f64>,
    /// Statuses of the low and high runs.
    pub statuses: [&'static str; 2],
}

/// The cost of the social mission over the horizon.
#[derive(Debug, Clone, Serialize)]
pub struct MissionCost {
    /// The prices' year, when the model states it.
    pub price_year: Option<i32>,
    /// Total cost of the plan with the mission, opening staff chosen (EUR).
    pub with_eur: f64,
    /// Total cost of the plan as reported, from its given opening staff (EUR).
    pub given_opening_eur: f64,
    /// `given_opening_eur - with_eur`: the opening staff's transition, outside the extra cost.
    pub opening_transition_eur: f64,
    /// Total cost of the classic firm's plan (EUR).
    pub without_eur: f64,
    /// The status of the classic firm's run.
    pub without_status: &'static str,
    /// `with - without` (EUR).
    pub extra_eur: f64,
    /// The breakdown; its terms sum to `extra_eur`.
    pub breakdown: Vec<Term>,
    /// The range: each input alone at its low and high value.
    pub range: Vec<RangeRow>,
    /// Smallest and largest extra cost over the range's solved plans (and the central one).
    pub extra_span_eur: [f64; 2],
    /// Insertion FTE-years paid with the mission.
    pub insertion_fte_years: f64,
    /// Insertion exits over the horizon.
    pub exits: f64,
    /// Exits to employment: the placements with partner firms, and
    /// `exit_to_employment_rate` times the other exits.
    pub exits_to_employment: f64,
    /// Lasting exits: placements on lasting contracts and the open market's expected lasting
    /// jobs (FORMULATION §4.7b).
    pub lasting_exits: f64,
    /// `extra / lasting exits` (EUR), when any.
    pub eur_per_lasting_exit: Option<f64>,
    /// `extra / FTE-years` (EUR), when any FTE was paid.
    pub eur_per_fte_year: Option<f64>,
    /// `extra / exits to employment` (EUR), when any.
    pub eur_per_exit_to_employment: Option<f64>,
}

/// The plant with its opening permanent staff and supervisors chosen by the plan (no
/// `headcount_start`): the rule both sides of the comparison follow.
pub fn opening_chosen(inst: &Instance) -> Instance {
    let mut inst = inst.clone();
    for k in [StaffKind::Permanent, StaffKind::Supervisor] {
        for s in 0..inst.plant.sites.len() {
            if let Some(g) = inst.plant.staff[[s, k.index()]].as_mut() {
                g.headcount_start = None;
            }
        }
    }
    inst
}

/// The variants of the range: (key, label, central, low, high, the instance at low and high).
type Variant = (&'static str, &'static str, f64, f64, f64, [Instance; 2]);

/// The range's variants of `base` (the mission's plant, opening chosen); an input the plant
/// does not use (no insertion staff, no aid) has none.
fn variants(base: &Instance) -> Vec<Variant> {
    let p = &base.plant;
    let ins = StaffKind::Insertion.index();
    let groups: Vec<f64> = (0..p.sites.len())
        .filter_map(|s| p.staff[[s, ins]].as_ref().map(|g| g.productivity))
        .collect();
    let mut out = Vec::new();
    if let Some(&central) = groups.first() {
        let at = |d: f64| {
            let mut i = base.clone();
            for s in 0..p.sites.len() {
                if let Some(g) = i.plant.staff[[s, ins]].as_mut() {
                    g.productivity = (g.productivity + d).clamp(0.01, 3.0);
                }
            }
            i
        };
        out.push((
            "insertion_productivity",
            "insertion workers' productivity",
            central,
            (central - 0.1).max(0.01),
            (central + 0.1).min(3.0),
            [at(-0.1), at(0.1)],
        ));
        let nu = p.social.insertion_workers_per_supervisor;
        let (lo, hi) = ((nu - 1.0).max(0.5), nu + 1.0);
        let at = |v: f64| {
            let mut i = base.clone();
            i.plant.social.insertion_workers_per_supervisor = v;
            i
        };
        out.push((
            "insertion_workers_per_supervisor",
            "insertion workers per supervisor",
            nu,
            lo,
            hi,
            [at(lo), at(hi)],
        ));
    }
    let aid = p.social.aid_eur_per_post_year;
    if aid > 0.0 && !groups.is_empty() {
        let at = |f: f64| {
            let mut i = base.clone();
            i.plant.social.aid_eur_per_post_year = aid * f;
            i
        };
        out.push((
            "aid_eur_per_post_year",
            "state aid per post",
            aid,
            0.9 * aid,
            1.1 * aid,
            [at(0.9), at(1.1)],
        ));
    }
    out
}

/// Whether a run has a checked plan.
fn usable(s: &Solved) -> bool {
    matches!(s.status, Status::Optimal | Status::Feasible) && s.plan.is_some() && s.check.is_some()
}

/// The cost of the mission of `inst`, whose plan `solved` was solved with `opts`: solves the
/// mission's plant with its opening staff chosen, the classic firm, and the range's variants
/// (in parallel on `jobs` threads, one solver thread each), each checked. `Ok(None)`, with the
/// reason, unless the plan, the opening-chosen plan and the classic firm's plan are all usable.
pub fn assess(
    inst: &Instance,
    solved: &Solved,
    opts: &RunOptions,
    jobs: usize,
) -> Result<Result<MissionCost, String>, Error> {
    if !usable(solved) {
        return Ok(Err(format!(
            "the run with the mission is {}",
            solved.status.name()
        )));
    }
    let base = opening_chosen(inst);
    let free = base.without_mission();
    let vars = variants(&base);
    let mut runs: Vec<&Instance> = vec![&base, &free];
    for v in &vars {
        runs.extend(v.5.iter());
    }
    let solved_all = crate::run_all(&runs, opts, jobs)?;
    let (with, without) = (&solved_all[0], &solved_all[1]);
    let Some(mut m) = mission_cost(&base, with, &free, without) else {
        return Ok(Err(format!(
            "the plan with the mission and its opening staff chosen is {}, the classic firm's {}",
            with.status.name(),
            without.status.name()
        )));
    };
    m.given_opening_eur = solved.check.as_ref().map_or(f64::NAN, |c| c.costs.total);
    m.opening_transition_eur = m.given_opening_eur - m.with_eur;
    let classic = m.without_eur;
    let extra = |s: &Solved| usable(s).then(|| s.check.as_ref().map(|c| c.costs.total - classic));
    let mut span = [m.extra_eur, m.extra_eur];
    for (i, v) in vars.iter().enumerate() {
        let (lo, hi) = (&solved_all[2 + 2 * i], &solved_all[3 + 2 * i]);
        let row = RangeRow {
            key: v.0,
            label: v.1,
            central: v.2,
            low: v.3,
            high: v.4,
            low_extra_eur: extra(lo).flatten(),
            high_extra_eur: extra(hi).flatten(),
            statuses: [lo.status.name(), hi.status.name()],
        };
        for x in [row.low_extra_eur, row.high_extra_eur]
            .into_iter()
            .flatten()
        {
            span = [span[0].min(x), span[1].max(x)];
        }
        m.range.push(row);
    }
    m.extra_span_eur = span;
    Ok(Ok(m))
}

/// Staff costs of one kind at every site.
fn kind_costs(inst: &Instance, plan: &Plan, k: StaffKind) -> crate::check::GroupCosts {
    let mut t = crate::check::GroupCosts::default();
    for s in 0..inst.plant.sites.len() {
        let c = crate::check::group_costs(inst, plan, SiteId(s), k);
        t.paid += c.paid;
        t.overtime_premiums += c.overtime_premiums;
        t.changes += c.changes;
        t.shift_premiums += c.shift_premiums;
    }
    t
}

/// Insertion workers' paid training hours and their cost: the support and training hours of
/// every week, and the hours of their training modules (§4.7b).
fn training(inst: &Instance, plan: &Plan) -> (f64, f64) {
    let p = &inst.plant;
    let k = StaffKind::Insertion;
    let (mut hours, mut eur) = (0.0, 0.0);
    for s in 0..p.sites.len() {
        let Some(g) = p.staff(SiteId(s), k) else {
            continue;
        };
        for t in 0..inst.weeks {
            let h = p.pathway.training_h_per_week
                * inst.presence(SiteId(s), k, t)
                * plan.staff_n[[s, k.index(), t]]
                + crate::check::module_hours(inst, plan, SiteId(s), t);
            hours += h;
            eur += g.cost_eur_per_h * h;
        }
    }
    (hours, eur)
}

/// The figures of one checked plan the breakdown needs.
struct Side {
    total: f64,
    production: f64,
    changes: f64,
    supervision: f64,
    training_h: f64,
    training: f64,
    modules: f64,
    advisers: f64,
    aid: f64,
    worked_h: f64,
    insertion_h: f64,
    supervisor_h: f64,
    entries: f64,
    exits: f64,
    hires: f64,
    departures: f64,
    external_t: f64,
    revenue: f64,
}

impl Side {
    fn of(inst: &Instance, plan: &Plan, costs: &Costs) -> Side {
        let (mut production, mut changes) = (0.0, 0.0);
        for k in StaffKind::PRODUCTION {
            let c = kind_costs(inst, plan, k);
            production += c.total() - c.changes;
            changes += c.changes;
        }
        let sup = kind_costs(inst, plan, StaffKind::Supervisor);
        changes += sup.changes;
        let (training_h, training) = self::training(inst, plan);
        let ins = ndarray::s![.., StaffKind::Insertion.index(), ..];
        let worked = |k: StaffKind| {
            plan.line_hours
                .slice(ndarray::s![k.index(), .., .., ..])
                .sum()
        };
        Side {
            total: costs.total,
            production,
            changes,
            supervision: sup.total() - sup.changes,
            training_h,
            training,
            modules: costs.training_modules,
            advisers: costs.advisers,
            // The value of placements with partner firms, where given, stands for the
            // outcome-linked part of the aid: it goes with the aid.
            aid: costs.state_aid + costs.placement_value,
            worked_h: StaffKind::PRODUCTION.into_iter().map(worked).sum(),
            insertion_h: worked(StaffKind::Insertion),
            supervisor_h: plan.supervisor_h.sum(),
            entries: plan.hires.slice(ins).sum(),
            exits: plan.departures.slice(ins).sum(),
            hires: plan.hires.sum() - plan.hires.slice(ins).sum(),
            departures: plan.departures.sum() - plan.departures.slice(ins).sum(),
            external_t: plan.external_t.sum(),
            revenue: costs.revenue,
        }
    }
    /// Everything that is not staff, advisers, training modules or aid:
    /// `total - staff - advisers - modules + aid`.
    fn operations(&self) -> f64 {
        self.total
            - self.production
            - self.changes
            - self.supervision
            - self.advisers
            - self.modules
            + self.aid
    }
}

/// A figure of a note, with thousands separators.
fn k(x: f64) -> String {
    crate::report::text::eur(x)
}

/// The cost of the mission from the run with the mission (`with`, on `inst`) and the run of
/// the classic firm (`without`, on `inst.without_mission()`); no range (see [`assess`]). The
/// plan as reported is taken to be `with` itself. `None` unless both runs have a checked plan.
pub fn mission_cost(
    inst: &Instance,
    with: &Solved,
    free: &Instance,
    without: &Solved,
) -> Option<MissionCost> {
    if !usable(with) || !usable(without) {
        return None;
    }
    let (wp, wc) = (with.plan.as_ref()?, &with.check.as_ref()?.costs);
    let (fp, fc) = (without.plan.as_ref()?, &without.check.as_ref()?.costs);
    let a = Side::of(inst, wp, wc);
    let b = Side::of(free, fp, fc);
    let lambda = inst.plant.social.workers_per_team_leader;
    let breakdown = vec![
        Term {
            key: "wages_above_productivity",
            label: "production wages above productivity",
            eur: a.production - a.training - b.production,
            note: format!(
                "{} production hours worked with the mission ({} by insertion workers) against {} in the classic firm",
                k(a.worked_h),
                k(a.insertion_h),
                k(b.worked_h)
            ),
        },
        Term {
            key: "staff_changes",
            label: "staff changes (hires, entries, departures)",
            eur: a.changes - b.changes,
            note: format!(
                "{:.0} insertion entries and {:.0} exits; {:.0} hires and {:.0} departures of permanent staff and supervisors with the mission, {:.0} and {:.0} in the classic firm",
                a.entries, a.exits, a.hires, a.departures, b.hires, b.departures
            ),
        },
        Term {
            key: "supervision",
            label: "supervision",
            eur: a.supervision - b.supervision,
            note: format!(
                "{} supervisor hours worked against {} (one per {} insertion workers; {})",
                k(a.supervisor_h),
                k(b.supervisor_h),
                inst.plant.social.insertion_workers_per_supervisor,
                lambda.map_or("no team leaders for other workers: social.workers_per_team_leader not given".to_string(), |l| format!("team leaders: one per {l} other workers, in both plans"))
            ),
        },
        Term {
            key: "support_and_training",
            label: "support and training (advisers, training hours, modules)",
            eur: a.training + a.advisers + a.modules - b.advisers - b.modules,
            note: format!(
                "advisers {} EUR, {} paid training hours {} EUR (training modules included), module fees {} EUR",
                k(a.advisers),
                k(a.training_h),
                k(a.training),
                k(a.modules)
            ),
        },
        Term {
            key: "operations",
            label: "operations (lines, transport, storage, sales)",
            eur: a.operations() - b.operations(),
            note: format!(
                "{} t sent to the contractor with the mission against {} t (fees paid, sales lost); net sales {} EUR against {} EUR",
                k(a.external_t),
                k(b.external_t),
                k(a.revenue),
                k(b.revenue)
            ),
        },
        Term {
            key: "state_aid",
            label: "state aid",
            eur: -(a.aid - b.aid),
            note: {
                let mut n = format!(
                    "{} EUR per post-year on the paid insertion hours",
                    k(inst.plant.social.aid_eur_per_post_year * (1.0 + inst.plant.social.aid_modulation))
                );
                let placed = inst.plant.pathway.placement_value_eur;
                if placed > 0.0 {
                    n += &format!("; and {} EUR per placement with a partner firm", k(placed));
                }
                n
            },
        },
    ];
    let extra = a.total - b.total;
    let ins = StaffKind::Insertion.index();
    let fte_years: f64 =
        wp.paid_h.slice(ndarray::s![.., ins, ..]).sum() / inst.plant.social.full_time_h_per_year;
    let exits: f64 = wp.departures.slice(ndarray::s![.., ins, ..]).sum();
    let placed = wp.placed.sum().min(exits);
    let to_work = placed + inst.plant.pathway.exit_to_employment_rate * (exits - placed);
    let lasting = crate::check::categories(inst, wp, &with.check.as_ref()?.pathways).lasting;
    let per = |n: f64| (n > 1e-9).then(|| extra / n);
    Some(MissionCost {
        price_year: inst.plant.price_year,
        with_eur: a.total,
        given_opening_eur: a.total,
        opening_transition_eur: 0.0,
        without_eur: b.total,
        without_status: without.status.name(),
        extra_eur: extra,
        breakdown,
        range: Vec::new(),
        extra_span_eur: [extra, extra],
        insertion_fte_years: fte_years,
        exits,
        exits_to_employment: to_work,
        eur_per_fte_year: per(fte_years),
        eur_per_exit_to_employment: per(to_work),
        lasting_exits: lasting,
        eur_per_lasting_exit: per(lasting),
    })
}

/// "EUR" with the prices' year, when the model states it.
pub fn money(price_year: Option<i32>) -> String {
    price_year.map_or("EUR".to_string(), |y| format!("EUR, {y} prices"))
}

/// The text block of the summary.
pub fn text(m: &MissionCost) -> String {
    use std::fmt::Write;
    let eur = crate::report::text::eur;
    let per = |x: Option<f64>| x.map_or("-".to_string(), eur);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "\nCost of the social mission, against the same plant run as a classic firm ({}), {}",
        m.without_status,
        money(m.price_year)
    );
    let _ = writeln!(
        o,
        "  both plans choose their opening permanent staff and supervisors; the insertion cohorts stay"
    );
    let line = |o: &mut String, label: &str, value: String| {
        let _ = writeln!(o, "  {label:<52}{value:>12}");
    };
    line(&mut o, "plan with the mission", eur(m.with_eur));
    line(&mut o, "plan of the classic firm", eur(m.without_eur));
    for t in &m.breakdown {
        line(&mut o, &format!("  {}", t.label), eur(t.eur));
        let _ = writeln!(o, "      {}", t.note);
    }
    line(&mut o, "extra cost of the mission", eur(m.extra_eur));
    line(
        &mut o,
        &format!(
            "per insertion FTE-year ({:.1} FTE-years)",
            m.insertion_fte_years
        ),
        per(m.eur_per_fte_year),
    );
    line(
        &mut o,
        &format!(
            "per exit to employment ({:.1} of {:.0} exits)",
            m.exits_to_employment, m.exits
        ),
        per(m.eur_per_exit_to_employment),
    );
    line(
        &mut o,
        &format!("per lasting exit ({:.1} lasting exits)", m.lasting_exits),
        per(m.eur_per_lasting_exit),
    );
    line(
        &mut o,
        "outside it: the opening staff as given (transition)",
        eur(m.opening_transition_eur),
    );
    if !m.range.is_empty() {
        let _ = writeln!(
            o,
            "  range of the extra cost, each input alone (low / high), each a solved and checked plan:"
        );
        let cell = |x: Option<f64>, st: &str| x.map_or(format!("({st})"), eur);
        for r in &m.range {
            let _ = writeln!(
                o,
                "    {:<52}{:>7} / {:<7}{:>10} / {}",
                format!("{} (central {})", r.label, short(r.central)),
                short(r.low),
                short(r.high),
                cell(r.low_extra_eur, r.statuses[0]),
                cell(r.high_extra_eur, r.statuses[1]),
            );
        }
        let _ = writeln!(
            o,
            "    extra cost from {} to {}",
            eur(m.extra_span_eur[0]),
            eur(m.extra_span_eur[1])
        );
    }
    o
}

/// A figure of an input, short: two decimals below 10, whole above.
pub fn short(x: f64) -> String {
    if x.abs() < 10.0 {
        format!("{x:.2}")
    } else {
        crate::report::text::eur(x)
    }
}
