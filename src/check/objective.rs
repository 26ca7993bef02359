//! Objective: the plan's costs recomputed term by term, and their sum against the solver's
//! objective.

use super::Checker;
use crate::plan::Plan;
use crate::plant::*;
use ndarray::s;
use serde::Serialize;

/// The costs of a plan, term by term (EUR over the horizon).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Costs {
    /// Transport from collection areas to sites.
    pub inbound_transport: f64,
    /// Paid hours of the payroll (permanent, insertion, supervisor) at base cost.
    pub staff: f64,
    /// Agency hours bought, at cost with the agency's mark-up.
    pub agency: f64,
    /// Overtime premiums.
    pub overtime_premiums: f64,
    /// Shift premiums on hours worked.
    pub shift_premiums: f64,
    /// Hires and departures (permanent, supervisor) and insertion entries.
    pub staff_changes: f64,
    /// Insertion advisers, pro rata of the horizon.
    pub advisers: f64,
    /// Fees of the training modules (`[skill].module.cost_eur` per trainee).
    pub training_modules: f64,
    /// Line running costs.
    pub line_running: f64,
    /// Holding intake and output stock.
    pub holding: f64,
    /// External contractor.
    pub external: f64,
    /// Transport to outlets.
    pub outbound_transport: f64,
    /// Truck trips.
    pub truck_trips: f64,
    /// Net sales to outlets (fees paid to outlets count negative).
    pub revenue: f64,
    /// With forecast prices (`price_foresight = false`): the change in value of the output
    /// stock held from one week to the next, at each week's best net price, charged so that
    /// holding for a price change gains nothing (0 with foresight).
    pub stock_revaluation: f64,
    /// State aid on paid insertion hours, modulated part included.
    pub state_aid: f64,
    /// The value of the placements with partner firms (`pathway.placement_value_eur` each;
    /// 0 where none is given).
    pub placement_value: f64,
    /// Costs less revenue less state aid: the objective.
    pub total: f64,
}

/// A term of the plan's costs: its key in the JSON output (`costs_eur`) and its label in the
/// reports. [`CostTerm::ALL`] is the reports' order; [`Costs::terms`] gives each term's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CostTerm {
    /// Paid hours of the payroll at base cost.
    Staff,
    /// Agency hours with the mark-up.
    Agency,
    /// Overtime premiums.
    OvertimePremiums,
    /// Shift premiums on hours worked.
    ShiftPremiums,
    /// Hires, departures and insertion entries.
    StaffChanges,
    /// Insertion advisers.
    Advisers,
    /// Fees of the training modules.
    TrainingModules,
    /// Line running costs.
    LineRunning,
    /// Transport from collection areas to sites.
    InboundTransport,
    /// Transport to outlets.
    OutboundTransport,
    /// Truck trips.
    TruckTrips,
    /// Holding intake and output stock.
    Holding,
    /// External contractor.
    External,
    /// Price changes on output stock held, charged back under forecast prices.
    StockRevaluation,
    /// Net sales to outlets: reduces the cost.
    Revenue,
    /// State aid for insertion posts: reduces the cost.
    StateAid,
    /// Value of placements with partner firms: reduces the cost.
    PlacementValue,
    /// The sum: the objective.
    Total,
}

impl CostTerm {
    /// Number of terms, the total included.
    pub const COUNT: usize = 18;

    /// Every term in the reports' order, the total last.
    pub const ALL: [CostTerm; CostTerm::COUNT] = [
        CostTerm::Staff,
        CostTerm::Agency,
        CostTerm::OvertimePremiums,
        CostTerm::ShiftPremiums,
        CostTerm::StaffChanges,
        CostTerm::Advisers,
        CostTerm::TrainingModules,
        CostTerm::LineRunning,
        CostTerm::InboundTransport,
        CostTerm::OutboundTransport,
        CostTerm::TruckTrips,
        CostTerm::Holding,
        CostTerm::External,
        CostTerm::StockRevaluation,
        CostTerm::Revenue,
        CostTerm::StateAid,
        CostTerm::PlacementValue,
        CostTerm::Total,
    ];

    /// The key in the JSON output's `costs_eur` (a field of [`Costs`]).
    pub fn key(self) -> &'static str {
        match self {
            CostTerm::Staff => "staff",
            CostTerm::Agency => "agency",
            CostTerm::OvertimePremiums => "overtime_premiums",
            CostTerm::ShiftPremiums => "shift_premiums",
            CostTerm::StaffChanges => "staff_changes",
            CostTerm::Advisers => "advisers",
            CostTerm::TrainingModules => "training_modules",
            CostTerm::LineRunning => "line_running",
            CostTerm::InboundTransport => "inbound_transport",
            CostTerm::OutboundTransport => "outbound_transport",
            CostTerm::TruckTrips => "truck_trips",
            CostTerm::Holding => "holding",
            CostTerm::External => "external",
            CostTerm::StockRevaluation => "stock_revaluation",
            CostTerm::Revenue => "revenue",
            CostTerm::StateAid => "state_aid",
            CostTerm::PlacementValue => "placement_value",
            CostTerm::Total => "total",
        }
    }

    /// The label in the text, HTML and Excel reports.
    pub fn label(self) -> &'static str {
        match self {
            CostTerm::Staff => "staff (paid hours)",
            CostTerm::Agency => "agency hours (with mark-up)",
            CostTerm::OvertimePremiums => "overtime premiums",
            CostTerm::ShiftPremiums => "shift premiums",
            CostTerm::StaffChanges => "hires, departures, entries",
            CostTerm::Advisers => "insertion advisers",
            CostTerm::TrainingModules => "training modules (fees)",
            CostTerm::LineRunning => "line running",
            CostTerm::InboundTransport => "inbound transport",
            CostTerm::OutboundTransport => "outbound transport",
            CostTerm::TruckTrips => "truck trips",
            CostTerm::Holding => "storage holding",
            CostTerm::External => "external contractor",
            CostTerm::StockRevaluation => "stock value change (forecasts)",
            CostTerm::Revenue => "sales to outlets (net of fees)",
            CostTerm::StateAid => "state aid, insertion hours",
            CostTerm::PlacementValue => "value of placements (input)",
            CostTerm::Total => "total (objective)",
        }
    }
}

impl Costs {
    /// The value of `term` as stored (revenue and state aid positive).
    pub fn get(&self, term: CostTerm) -> f64 {
        match term {
            CostTerm::Staff => self.staff,
            CostTerm::Agency => self.agency,
            CostTerm::OvertimePremiums => self.overtime_premiums,
            CostTerm::ShiftPremiums => self.shift_premiums,
            CostTerm::StaffChanges => self.staff_changes,
            CostTerm::Advisers => self.advisers,
            CostTerm::TrainingModules => self.training_modules,
            CostTerm::LineRunning => self.line_running,
            CostTerm::InboundTransport => self.inbound_transport,
            CostTerm::OutboundTransport => self.outbound_transport,
            CostTerm::TruckTrips => self.truck_trips,
            CostTerm::Holding => self.holding,
            CostTerm::External => self.external,
            CostTerm::StockRevaluation => self.stock_revaluation,
            CostTerm::Revenue => self.revenue,
            CostTerm::StateAid => self.state_aid,
            CostTerm::PlacementValue => self.placement_value,
            CostTerm::Total => self.total,
        }
    }

    /// The cost table the reports print: each term in [`CostTerm::ALL`]'s order with its label
    /// and its value as a cost (revenue and state aid negative), the total last.
    pub fn terms(&self) -> [(CostTerm, &'static str, f64); CostTerm::COUNT] {
        CostTerm::ALL.map(|t| {
            let v = self.get(t);
            let signed = match t {
                CostTerm::Revenue | CostTerm::StateAid | CostTerm::PlacementValue => -v,
                _ => v,
            };
            (t, t.label(), signed)
        })
    }
}

/// **objective** (§5): the costs recomputed from the plan equal the objective the solver
/// reported.
///
/// ```text
/// total (see [`costs`]) = the solver's objective
/// ```
pub(super) fn objective(c: &mut Checker, costs: &Costs, objective: f64) {
    c.eq(
        "objective",
        || "costs recomputed from the plan vs the solver's objective".into(),
        costs.total,
        objective,
    );
}

/// Recomputes the plan's costs term by term (§5).
///
/// ```text
///   sum tau[a,s] d[a,s,p,t]                                   inbound transport
/// + sum cost[s,k] P[s,k,t]   (k in PayKinds)                  paid hours
/// + sum cost[s,tmp] (1 + mk[s]) P[s,tmp,t]                    agency hours, with the mark-up
/// + sum cost[s,k] pi_j o[s,k,j,t]                             overtime premiums
/// + sum cost[s,k] pi[h] w[k,l,h,t] + sum cost[s,sup] pi[h] v[s,h,t]   shift premiums
/// + sum HC[s,k] hire[s,k,t] + DC[s,k] dep[s,k,t] (perm, sup) + EC a[s,t]   hires, departures, entries
/// + sum CA T/52 adv[s]                                        insertion advisers
/// + sum g[l] x[l,p,h,t] / r[l,p]                              line running cost
/// + sum hI[p] I[s,p,t] + sum hO[f(q)] O[s,q,t]                holding
/// + sum E[p] e[s,p,t]                                         external contractor
/// + sum (tau[o,s] - price[o,f(q),t]) y[s,o,q,t]               outbound transport less revenue
/// + sum F[o] z[s,o,t]                                         truck trips
/// + sum_{t<T} (P[s,q,t+1] - P[s,q,t]) O[s,q,t]   (forecast prices only)   stock revaluation
/// - Aid (1 + mod) / HFTE * sum_{s,t} P[s,ins,t]  (or Aid / HFTE ... - M, §4.15)   state aid
/// - V sum_j pl[j]                                             value of placements
/// + sum c[k] tr[k,t]                                          training modules' fees
/// ```
pub fn costs(inst: &Instance, plan: &Plan) -> Costs {
    let p = &inst.plant;
    let mut k = Costs::default();
    for a in 0..p.areas.len() {
        for s in 0..p.sites.len() {
            let tau = p.area_transport_eur_per_t[[a, s]].unwrap_or(0.0);
            k.inbound_transport += tau * plan.delivered_t.slice(s![a, s, .., ..]).sum();
        }
    }
    for s in 0..p.sites.len() {
        staff_costs(inst, plan, SiteId(s), &mut k);
        stock_and_outlet_costs(inst, plan, SiteId(s), &mut k);
    }
    for (l, line) in p.lines.iter().enumerate() {
        for pr in &line.processes {
            let x = plan.processed_t.slice(s![l, pr.stream.0, .., ..]).sum();
            k.line_running += line.running_cost_eur_per_h * x / pr.rate_t_per_h;
        }
    }
    let paid_insertion = plan
        .paid_h
        .slice(s![.., StaffKind::Insertion.index(), ..])
        .sum();
    k.state_aid = p.social.aid_eur_per_paid_h() * paid_insertion + plan.aid_modulation_eur;
    k.placement_value = p.pathway.placement_value_eur * plan.placed.sum();
    k.training_modules = (p.skills.iter().enumerate())
        .filter_map(|(i, sk)| Some(sk.module()?.cost_eur * plan.trainees.row(i).sum()))
        .sum();
    k.total = k.inbound_transport
        + k.staff
        + k.agency
        + k.overtime_premiums
        + k.shift_premiums
        + k.staff_changes
        + k.advisers
        + k.training_modules
        + k.line_running
        + k.holding
        + k.external
        + k.outbound_transport
        + k.truck_trips
        + k.stock_revaluation
        - k.revenue
        - k.state_aid
        - k.placement_value;
    k
}

/// The staff cost of one group over the horizon, term by term (EUR).
#[derive(Debug, Clone, Copy, Default)]
pub struct GroupCosts {
    /// Paid hours at the paid-hour cost (temporary: with the agency's mark-up).
    pub paid: f64,
    /// Overtime premiums.
    pub overtime_premiums: f64,
    /// Hires and departures, or insertion entries.
    pub changes: f64,
    /// Shift premiums on the hours worked.
    pub shift_premiums: f64,
}

impl GroupCosts {
    /// All four terms.
    pub fn total(&self) -> f64 {
        self.paid + self.overtime_premiums + self.changes + self.shift_premiums
    }
}

/// The costs of the group of kind `kind` at `site`, recomputed from the plan (zero where the
/// site has no such group).
pub fn group_costs(inst: &Instance, plan: &Plan, site: SiteId, kind: StaffKind) -> GroupCosts {
    let p = &inst.plant;
    let s = site.0;
    let Some(g) = p.staff(site, kind) else {
        return GroupCosts::default();
    };
    let ki = kind.index();
    let mut c = GroupCosts {
        paid: g.paid_hour_cost(kind) * plan.paid_h.slice(s![s, ki, ..]).sum(),
        ..GroupCosts::default()
    };
    for j in 0..2 {
        let o = plan.overtime_h.slice(s![s, ki, j, ..]).sum();
        c.overtime_premiums += g.cost_eur_per_h * p.law.premium(j) * o;
    }
    let (hire, depart) = g.change_costs(kind, &p.pathway);
    c.changes = hire * plan.hires.slice(s![s, ki, ..]).sum()
        + depart * plan.departures.slice(s![s, ki, ..]).sum();
    for (h, shift) in p.shifts.iter().enumerate() {
        let worked = if kind == StaffKind::Supervisor {
            plan.supervisor_h.slice(s![s, h, ..]).sum()
        } else {
            p.lines_at(site)
                .iter()
                .map(|l| plan.line_hours.slice(s![ki, l.0, h, ..]).sum())
                .sum()
        };
        c.shift_premiums += g.cost_eur_per_h * shift.wage_premium * worked;
    }
    c
}

/// Paid and agency hours, overtime and shift premiums, hires, departures and entries, and
/// advisers at site `s`, added to `k`.
fn staff_costs(inst: &Instance, plan: &Plan, site: SiteId, k: &mut Costs) {
    let p = &inst.plant;
    for kind in StaffKind::ALL {
        let c = group_costs(inst, plan, site, kind);
        if kind == StaffKind::Temporary {
            k.agency += c.paid;
        } else {
            k.staff += c.paid;
        }
        k.overtime_premiums += c.overtime_premiums;
        k.staff_changes += c.changes;
        k.shift_premiums += c.shift_premiums;
    }
    k.advisers +=
        p.social.adviser_cost_eur_per_year * inst.weeks as f64 / 52.0 * plan.advisers[site.0];
}

/// Holding, external contractor, outbound transport, revenue and truck trips at site `s`,
/// added to `k`.
fn stock_and_outlet_costs(inst: &Instance, plan: &Plan, site: SiteId, k: &mut Costs) {
    let p = &inst.plant;
    let s = site.0;
    for (j, stream) in p.streams.iter().enumerate() {
        k.holding += stream.holding_eur_per_t_week * plan.intake_stock_t.slice(s![s, j, ..]).sum();
        k.external += stream.external_cost_eur_per_t * plan.external_t.slice(s![s, j, ..]).sum();
    }
    for (q, &(f, _)) in p.lots.iter().enumerate() {
        k.holding +=
            p.fractions[f.0].holding_eur_per_t_week * plan.output_stock_t.slice(s![s, q, ..]).sum();
        for t in 0..inst.weeks {
            k.stock_revaluation +=
                inst.revaluation(site, LotId(q), t) * plan.output_stock_t[[s, q, t]];
        }
        for (o, out) in p.outlets.iter().enumerate() {
            for t in 0..inst.weeks {
                let y = plan.shipped_t[[s, o, q, t]];
                k.outbound_transport += out.transport_eur_per_t[s].unwrap_or(0.0) * y;
                k.revenue += inst.price_eur_per_t[[o, f.0, t]] * y;
            }
        }
    }
    for (o, out) in p.outlets.iter().enumerate() {
        k.truck_trips += out.cost_eur_per_trip * plan.trips.slice(s![s, o, ..]).sum();
    }
}
