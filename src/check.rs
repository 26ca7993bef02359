//! Check: an independent verifier. It takes the plan's numbers and the instance data, never
//! the model code, and recomputes balances, stocks, capacities, crews, staff hours, social
//! rules, contracts, targets and costs. A plan is reported only with this verdict.

use crate::kpi::{kpis, Kpis};
use crate::plan::Plan;
use crate::plant::*;
use ndarray::s;
use serde::Serialize;

/// Violations larger than this (scaled by `max(1, |size of the quantity|)`) fail the check.
pub const TOLERANCE: f64 = 1e-6;

/// The costs of a plan, term by term (EUR over the horizon).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Costs {
    /// Transport from collection areas to sites.
    pub inbound_transport: f64,
    /// Paid staff hours at base cost.
    pub staff: f64,
    /// Shift premiums on hours worked.
    pub shift_premiums: f64,
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
    /// State aid for insertion posts.
    pub state_aid: f64,
    /// Costs less revenue less state aid: the objective.
    pub total: f64,
}

/// One failed check.
#[derive(Debug, Clone, Serialize)]
pub struct Violation {
    /// The check, named after the constraint family it verifies.
    pub check: &'static str,
    /// Where (entity ids, 1-based week).
    pub at: String,
    /// By how much (in the quantity's unit).
    pub amount: f64,
}

/// The checker's verdict.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// Every check passed within the tolerance.
    pub passed: bool,
    /// Largest scaled violation found (0 when none).
    pub max_violation: f64,
    /// Number of checks evaluated.
    pub checks: usize,
    /// Violations beyond the tolerance (the first 50).
    pub violations: Vec<Violation>,
    /// Number of violations beyond the tolerance.
    pub violation_count: usize,
    /// Costs recomputed from the plan.
    pub costs: Costs,
    /// Key figures recomputed from the plan.
    pub kpis: Kpis,
}

struct Checker {
    max: f64,
    checks: usize,
    violations: Vec<Violation>,
    count: usize,
}

impl Checker {
    /// Records `amount` of violation (positive = violated) relative to `scale`.
    fn viol(&mut self, check: &'static str, at: impl FnOnce() -> String, amount: f64, scale: f64) {
        self.checks += 1;
        let scaled = if amount.is_nan() {
            f64::INFINITY
        } else {
            amount.max(0.0) / scale.abs().max(1.0)
        };
        self.max = self.max.max(scaled);
        if scaled > TOLERANCE {
            self.count += 1;
            if self.violations.len() < 50 {
                self.violations.push(Violation {
                    check,
                    at: at(),
                    amount,
                });
            }
        }
    }
    /// `a <= b`.
    fn le(&mut self, check: &'static str, at: impl FnOnce() -> String, a: f64, b: f64) {
        self.viol(check, at, a - b, a.abs().max(b.abs()));
    }
    /// `a == b`.
    fn eq(&mut self, check: &'static str, at: impl FnOnce() -> String, a: f64, b: f64) {
        self.viol(check, at, (a - b).abs(), a.abs().max(b.abs()));
    }
}

/// Verifies a plan against an instance. `objective` is the value the solver reported;
/// `integral_trips` asks that truck trips be whole numbers (false for `--relax`).
pub fn check(inst: &Instance, plan: &Plan, objective: f64, integral_trips: bool) -> CheckReport {
    let p = &inst.plant;
    let nt = inst.weeks;
    let mut c = Checker {
        max: 0.0,
        checks: 0,
        violations: Vec::new(),
        count: 0,
    };
    let wk = |t: usize| t + 1;

    // Every quantity is non-negative.
    for (name, arr) in [
        ("processed_t", plan.processed_t.view().into_dyn()),
        ("line_hours", plan.line_hours.view().into_dyn()),
        ("supervisor_h", plan.supervisor_h.view().into_dyn()),
        ("paid_h", plan.paid_h.view().into_dyn()),
        ("headcount", plan.headcount.view().into_dyn()),
        ("delivered_t", plan.delivered_t.view().into_dyn()),
        ("external_t", plan.external_t.view().into_dyn()),
        ("intake_stock_t", plan.intake_stock_t.view().into_dyn()),
        ("output_stock_t", plan.output_stock_t.view().into_dyn()),
        ("shipped_t", plan.shipped_t.view().into_dyn()),
        ("trips", plan.trips.view().into_dyn()),
    ] {
        let min = arr.iter().cloned().fold(0.0_f64, f64::min);
        let nan = arr.iter().any(|v| !v.is_finite());
        c.viol(
            "non_negative",
            || name.to_string(),
            if nan { f64::NAN } else { -min },
            1.0,
        );
    }

    // Deliveries: all supply delivered, only to connected sites.
    for (a, area) in p.areas.iter().enumerate() {
        for (k, stream) in p.streams.iter().enumerate() {
            for t in 0..nt {
                let mut total = 0.0;
                for s in 0..p.sites.len() {
                    let d = plan.delivered_t[[a, s, k, t]];
                    if p.area_transport_eur_per_t[[a, s]].is_none() {
                        c.viol(
                            "supply_split",
                            || {
                                format!(
                                    "{} -> unconnected {} week {}",
                                    area.id,
                                    p.sites[s].named.id,
                                    wk(t)
                                )
                            },
                            d.abs(),
                            1.0,
                        );
                    }
                    total += d;
                }
                c.eq(
                    "supply_split",
                    || format!("{} {} week {}", area.id, stream.named.id, wk(t)),
                    total,
                    inst.supply_t[[a, k, t]],
                );
            }
        }
    }

    // Processing only where equipped and in the line's shifts.
    for (l, line) in p.lines.iter().enumerate() {
        for k in 0..p.streams.len() {
            for h in 0..p.shifts.len() {
                let allowed = line.shifts[h] && line.process(StreamId(k)).is_some();
                if !allowed {
                    let x = plan
                        .processed_t
                        .slice(s![l, k, h, ..])
                        .iter()
                        .map(|v| v.abs())
                        .sum::<f64>();
                    c.viol(
                        "line_equipment",
                        || {
                            format!(
                                "{} {} {}",
                                line.named.id, p.streams[k].named.id, p.shifts[h].named.id
                            )
                        },
                        x,
                        1.0,
                    );
                }
            }
        }
    }

    // Intake stock, recomputed week by week from the flows.
    for (s, site) in p.sites.iter().enumerate() {
        for (k, stream) in p.streams.iter().enumerate() {
            let mut stock = p.intake_stock[[s, k]].opening_t;
            for t in 0..nt {
                let delivered: f64 = plan.delivered_t.slice(s![.., s, k, t]).sum();
                let processed: f64 = p
                    .lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.site.0 == s)
                    .map(|(l, _)| plan.processed_t.slice(s![l, k, .., t]).sum())
                    .sum();
                stock += delivered - processed - plan.external_t[[s, k, t]];
                c.eq(
                    "intake_balance",
                    || format!("{} {} week {}", site.named.id, stream.named.id, wk(t)),
                    plan.intake_stock_t[[s, k, t]],
                    stock,
                );
                c.viol(
                    "intake_balance",
                    || {
                        format!(
                            "negative stock {} {} week {}",
                            site.named.id,
                            stream.named.id,
                            wk(t)
                        )
                    },
                    -stock,
                    1.0,
                );
            }
            let b = p.intake_stock[[s, k]];
            c.le(
                "closing_stock",
                || format!("{} {} below minimum", site.named.id, stream.named.id),
                b.closing_min_t,
                stock,
            );
            c.le(
                "closing_stock",
                || format!("{} {} above maximum", site.named.id, stream.named.id),
                stock,
                b.closing_max_t,
            );
        }
        for t in 0..nt {
            let total: f64 = plan.intake_stock_t.slice(s![s, .., t]).sum();
            c.le(
                "storage_capacity",
                || format!("{} intake week {}", site.named.id, wk(t)),
                total,
                site.intake_capacity_t,
            );
            let total: f64 = plan.output_stock_t.slice(s![s, .., t]).sum();
            c.le(
                "storage_capacity",
                || format!("{} output week {}", site.named.id, wk(t)),
                total,
                site.output_capacity_t,
            );
        }
    }

    // Lines: hours, crews, qualified share.
    for (l, line) in p.lines.iter().enumerate() {
        for (h, shift) in p.shifts.iter().enumerate() {
            for t in 0..nt {
                let mut hours = 0.0;
                let mut crew = 0.0;
                for pr in &line.processes {
                    let x = plan.processed_t[[l, pr.stream.0, h, t]];
                    hours += x / pr.rate_t_per_h;
                    crew += x / pr.rate_t_per_h * pr.crew_persons;
                }
                let avail = if line.shifts[h] {
                    shift.hours_per_week * inst.availability[[line.site.0, t]] * line.availability
                } else {
                    0.0
                };
                c.le(
                    "line_capacity",
                    || format!("{} {} week {}", line.named.id, shift.named.id, wk(t)),
                    hours,
                    avail,
                );
                let mut effective = 0.0;
                let mut all = 0.0;
                for k in StaffKind::PRODUCTION {
                    let w = plan.line_hours[[k.index(), l, h, t]];
                    match p.staff(line.site, k) {
                        Some(g) => effective += g.productivity * w,
                        None => c.viol(
                            "crew",
                            || format!("{} hours of absent {} staff", line.named.id, k.name()),
                            w.abs(),
                            1.0,
                        ),
                    }
                    all += w;
                }
                c.eq(
                    "crew",
                    || format!("{} {} week {}", line.named.id, shift.named.id, wk(t)),
                    effective,
                    crew,
                );
                let perm = plan.line_hours[[StaffKind::Permanent.index(), l, h, t]];
                c.le(
                    "qualified_share",
                    || format!("{} {} week {}", line.named.id, shift.named.id, wk(t)),
                    line.min_qualified_share * all,
                    perm,
                );
            }
        }
    }

    // Staff: worked within paid, paid within contracts, headcounts within bounds.
    for (s, site) in p.sites.iter().enumerate() {
        for k in StaffKind::ALL {
            let Some(g) = p.staff(SiteId(s), k) else {
                let stray =
                    plan.paid_h.slice(s![s, k.index(), ..]).sum() + plan.headcount[[s, k.index()]];
                c.viol(
                    "contract_hours",
                    || format!("{} has no {} group", site.named.id, k.name()),
                    stray.abs(),
                    1.0,
                );
                continue;
            };
            let n = plan.headcount[[s, k.index()]];
            c.le(
                "headcount",
                || format!("{} {} below minimum", site.named.id, k.name()),
                g.headcount_min,
                n,
            );
            c.le(
                "headcount",
                || format!("{} {} above maximum", site.named.id, k.name()),
                n,
                g.headcount_max,
            );
            for t in 0..nt {
                let worked: f64 = if k == StaffKind::Supervisor {
                    plan.supervisor_h.slice(s![s, .., t]).sum()
                } else {
                    p.lines
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| l.site.0 == s)
                        .map(|(l, _)| plan.line_hours.slice(s![k.index(), l, .., t]).sum())
                        .sum()
                };
                let paid = plan.paid_h[[s, k.index(), t]];
                let alpha = inst.availability[[s, t]];
                c.le(
                    "worked_within_paid",
                    || format!("{} {} week {}", site.named.id, k.name(), wk(t)),
                    worked,
                    paid,
                );
                c.le(
                    "contract_hours",
                    || format!("{} {} minimum week {}", site.named.id, k.name(), wk(t)),
                    g.min_h_per_week * alpha * n,
                    paid,
                );
                c.le(
                    "contract_hours",
                    || format!("{} {} maximum week {}", site.named.id, k.name(), wk(t)),
                    paid,
                    g.max_h_per_week * alpha * n,
                );
            }
        }
        // Supervision per shift and week.
        let rho = p.social.insertion_workers_per_supervisor;
        for (h, shift) in p.shifts.iter().enumerate() {
            for t in 0..nt {
                let ins: f64 = p
                    .lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.site.0 == s)
                    .map(|(l, _)| plan.line_hours[[StaffKind::Insertion.index(), l, h, t]])
                    .sum();
                c.le(
                    "supervision",
                    || format!("{} {} week {}", site.named.id, shift.named.id, wk(t)),
                    ins / rho,
                    plan.supervisor_h[[s, h, t]],
                );
            }
        }
        // Insertion share over the horizon.
        let beta = p.social.insertion_share_min;
        if beta > 0.0 {
            let mut ins = 0.0;
            let mut all = 0.0;
            for (l, line) in p.lines.iter().enumerate() {
                if line.site.0 == s {
                    for k in StaffKind::PRODUCTION {
                        let w = plan.line_hours.slice(s![k.index(), l, .., ..]).sum();
                        all += w;
                        if k == StaffKind::Insertion {
                            ins += w;
                        }
                    }
                }
            }
            c.le("insertion_share", || site.named.id.clone(), beta * all, ins);
        }
    }
    if let Some(posts) = p.social.funded_posts {
        let n = plan
            .headcount
            .slice(s![.., StaffKind::Insertion.index()])
            .sum();
        c.le("funded_posts", || "all sites".into(), n, posts);
    }

    // Output lots: production recomputed from yields, stock week by week, shipments allowed.
    for (s, site) in p.sites.iter().enumerate() {
        for (q, &(f, cat)) in p.lots.iter().enumerate() {
            let mut stock = p.output_stock[[s, q]].opening_t;
            let lot = || {
                format!(
                    "{} {}/{}",
                    site.named.id, p.fractions[f.0].named.id, p.categories[cat.0].named.id
                )
            };
            for t in 0..nt {
                let mut produced = 0.0;
                for (l, line) in p.lines.iter().enumerate() {
                    if line.site.0 != s {
                        continue;
                    }
                    for pr in &line.processes {
                        if p.streams[pr.stream.0].category == cat {
                            produced += pr.yields[f.0]
                                * plan.processed_t.slice(s![l, pr.stream.0, .., t]).sum();
                        }
                    }
                }
                let mut shipped = 0.0;
                for (o, out) in p.outlets.iter().enumerate() {
                    let y = plan.shipped_t[[s, o, q, t]];
                    if !out.accepts[f.0] || out.transport_eur_per_t[s].is_none() {
                        c.viol(
                            "output_balance",
                            || {
                                format!(
                                    "{} shipped to {} which cannot take it, week {}",
                                    lot(),
                                    out.named.id,
                                    wk(t)
                                )
                            },
                            y.abs(),
                            1.0,
                        );
                    }
                    shipped += y;
                }
                stock += produced - shipped;
                c.eq(
                    "output_balance",
                    || format!("{} week {}", lot(), wk(t)),
                    plan.output_stock_t[[s, q, t]],
                    stock,
                );
                c.viol(
                    "output_balance",
                    || format!("negative stock {} week {}", lot(), wk(t)),
                    -stock,
                    1.0,
                );
            }
            let b = p.output_stock[[s, q]];
            c.le(
                "closing_stock",
                || format!("{} below minimum", lot()),
                b.closing_min_t,
                stock,
            );
            c.le(
                "closing_stock",
                || format!("{} above maximum", lot()),
                stock,
                b.closing_max_t,
            );
        }
    }

    // Contracts and trucks.
    for (o, out) in p.outlets.iter().enumerate() {
        let total = plan.shipped_t.slice(s![.., o, .., ..]).sum();
        c.le(
            "contracts",
            || format!("{} minimum", out.named.id),
            out.min_t,
            total,
        );
        if let Some(m) = out.max_t {
            c.le(
                "contracts",
                || format!("{} maximum", out.named.id),
                total,
                m,
            );
        }
        for t in 0..nt {
            if let Some(m) = out.max_t_per_week {
                let week = plan.shipped_t.slice(s![.., o, .., t]).sum();
                c.le(
                    "contracts",
                    || format!("{} weekly cap week {}", out.named.id, wk(t)),
                    week,
                    m,
                );
            }
            for (s, site) in p.sites.iter().enumerate() {
                let z = plan.trips[[s, o, t]];
                match out.truck_capacity_t {
                    Some(cap) => {
                        let y = plan.shipped_t.slice(s![s, o, .., t]).sum();
                        c.le(
                            "truckloads",
                            || format!("{} -> {} week {}", site.named.id, out.named.id, wk(t)),
                            y,
                            cap * z,
                        );
                        if integral_trips {
                            c.viol(
                                "truckloads",
                                || {
                                    format!(
                                        "fractional trips {} -> {} week {}",
                                        site.named.id,
                                        out.named.id,
                                        wk(t)
                                    )
                                },
                                (z - z.round()).abs(),
                                1.0,
                            );
                        }
                    }
                    None => c.viol(
                        "truckloads",
                        || format!("trips to {} which has no trucks", out.named.id),
                        z.abs(),
                        1.0,
                    ),
                }
            }
        }
    }

    // Targets, from key figures recomputed from the plan.
    let k = kpis(inst, plan);
    for r in &k.categories {
        if let Some(target) = r.recovery_target {
            let check = if r.id == "plant" {
                "plant_targets"
            } else {
                "category_targets"
            };
            c.le(
                check,
                || format!("{} recovery", r.id),
                target * r.accountable_t,
                r.recovered_t,
            );
        }
        if let Some(target) = r.recycling_target {
            let check = if r.id == "plant" {
                "plant_targets"
            } else {
                "category_targets"
            };
            c.le(
                check,
                || format!("{} recycling", r.id),
                target * r.accountable_t,
                r.recycled_t,
            );
        }
    }

    // Costs, term by term, and their sum against the solver's objective.
    let costs = costs(inst, plan);
    c.eq(
        "objective",
        || "costs recomputed from the plan vs the solver's objective".into(),
        costs.total,
        objective,
    );

    CheckReport {
        passed: c.count == 0,
        max_violation: c.max,
        checks: c.checks,
        violations: c.violations,
        violation_count: c.count,
        costs,
        kpis: k,
    }
}

/// Recomputes the plan's costs term by term.
pub fn costs(inst: &Instance, plan: &Plan) -> Costs {
    let p = &inst.plant;
    let nt = inst.weeks;
    let mut k = Costs::default();
    for a in 0..p.areas.len() {
        for s in 0..p.sites.len() {
            let tau = p.area_transport_eur_per_t[[a, s]].unwrap_or(0.0);
            k.inbound_transport += tau * plan.delivered_t.slice(s![a, s, .., ..]).sum();
        }
    }
    for s in 0..p.sites.len() {
        for kind in StaffKind::ALL {
            let Some(g) = p.staff(SiteId(s), kind) else {
                continue;
            };
            k.staff += g.cost_eur_per_h * plan.paid_h.slice(s![s, kind.index(), ..]).sum();
            for (h, shift) in p.shifts.iter().enumerate() {
                let worked = if kind == StaffKind::Supervisor {
                    plan.supervisor_h.slice(s![s, h, ..]).sum()
                } else {
                    p.lines
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| l.site.0 == s)
                        .map(|(l, _)| plan.line_hours.slice(s![kind.index(), l, h, ..]).sum())
                        .sum()
                };
                k.shift_premiums += g.cost_eur_per_h * shift.wage_premium * worked;
            }
        }
        for (j, stream) in p.streams.iter().enumerate() {
            k.holding +=
                stream.holding_eur_per_t_week * plan.intake_stock_t.slice(s![s, j, ..]).sum();
            k.external +=
                stream.external_cost_eur_per_t * plan.external_t.slice(s![s, j, ..]).sum();
        }
        for (q, &(f, _)) in p.lots.iter().enumerate() {
            k.holding += p.fractions[f.0].holding_eur_per_t_week
                * plan.output_stock_t.slice(s![s, q, ..]).sum();
            for (o, out) in p.outlets.iter().enumerate() {
                for t in 0..nt {
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
    k.state_aid = p.social.aid_eur_per_post_year / p.social.full_time_h_per_year * paid_insertion;
    k.total = k.inbound_transport
        + k.staff
        + k.shift_premiums
        + k.line_running
        + k.holding
        + k.external
        + k.outbound_transport
        + k.truck_trips
        - k.revenue
        - k.state_aid;
    k
}
