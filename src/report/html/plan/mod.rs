//! The plan page: the report of one run, with its status, the checker's verdict, key
//! figures, charts of the plan week by week and the tables behind them.

mod charts;
mod figures;
mod mission;
mod past;
mod roster;
mod social;
mod storage;
mod to_work;

use super::format::{esc, eur, num, opt_pct, pct, qty, status_name};
use super::layout::{card, page_end, page_start};
use crate::check::{CheckReport, Target};
use crate::kpi::Scope;
use crate::plant::{Instance, StaffKind};
use crate::{Solved, Status};
use std::fmt::Write;

/// The HTML report of a run: one self-contained page (inline CSS and SVG, no network) with
/// the status, the checker's verdict and key figures, then charts of the plan week by week
/// (tonnage per line, staff hours, storage levels), tonnage per outlet, recovery and recycling
/// rates against targets, the cost breakdown, and tables of the figures. Without a plan the
/// page says why.
pub fn html(inst: &Instance, s: &Solved) -> String {
    let mut o = String::new();
    page_start(&mut o, &format!("{} — {}", inst.plant.name, inst.name));
    header(&mut o, inst, s);
    let Some(plan) = &s.plan else {
        let _ = write!(
            o,
            "<div class=\"banner bad\" id=\"no-plan\"><strong>No plan.</strong> {}</div>",
            esc(no_plan_reason(s.status))
        );
        o.push_str("</main>\n");
        page_end(&mut o, false);
        return o;
    };
    if let Some(c) = s.check.as_ref().filter(|c| !c.passed) {
        checker_banner(&mut o, c);
    }
    let c = crate::report::checked(inst, s, plan);
    cards(&mut o, inst, s, &c);
    past::past(&mut o, inst, s);
    charts::charts(&mut o, inst, plan, &c);
    social::social(&mut o, inst, &c.kpis.social, &charts::reduced_hours(inst));
    roster::roster_section(&mut o, inst, plan);
    if let Some(m) = s.mission.as_deref() {
        mission::mission(&mut o, m);
    }
    if let Some(w) = s.check.as_ref().and_then(|c| c.to_work.as_ref()) {
        let extras = (s.lasting_curve.as_deref(), s.mission.as_deref());
        to_work::to_work(&mut o, inst, plan, w, extras);
    }
    o.push('\n');
    figures::figures(&mut o, inst, &c);
    o.push_str("</main>\n");
    page_end(&mut o, true);
    o
}

/// The header: plant and instance, status and checker badges, model size and solve time;
/// then opens `<main>`.
fn header(o: &mut String, inst: &Instance, s: &Solved) {
    let p = &inst.plant;
    let status = status_name(s.status);
    let (status_class, status_text) = match s.status {
        Status::Optimal => ("ok", "optimal plan".to_string()),
        Status::Feasible => (
            "warn",
            "feasible plan (a limit stopped the solver)".to_string(),
        ),
        Status::Rejected => ("bad", "plan rejected by the checker".to_string()),
        _ => ("bad", format!("no plan: {}", status.replace('_', " "))),
    };
    let _ = write!(
        o,
        "<header><div class=\"wrap\"><h1>{}</h1><div class=\"sub\">{} · {} weeks{} · plant report</div><div class=\"badges\" id=\"status\" data-status=\"{}\"><span class=\"badge {status_class}\">{}</span>",
        esc(&p.name),
        esc(&inst.name),
        inst.weeks,
        inst.horizon_days()
            .map(|(a, b)| format!(" from {} to {}", a.long(), b.long()))
            .unwrap_or_default(),
        esc(&status),
        esc(&status_text)
    );
    match &s.check {
        Some(c) if c.passed => o.push_str(
            "<span class=\"badge ok\" id=\"checker\" data-passed=\"true\">checker: passed</span>",
        ),
        Some(c) => {
            let _ = write!(
                o,
                "<span class=\"badge bad\" id=\"checker\" data-passed=\"false\">checker: REJECTED ({} violations)</span>",
                c.violation_count
            );
        }
        None => {
            o.push_str("<span class=\"badge warn\" id=\"checker\">checker: no plan to check</span>")
        }
    }
    if s.relaxed {
        o.push_str(
            "<span class=\"badge warn\">LP relaxation: truck trips may be fractional</span>",
        );
    }
    o.push_str("</div>");
    let gap = s
        .mip_gap
        .map(|g| format!(", MIP gap {g:.1e}"))
        .unwrap_or_default();
    let checked = s
        .check
        .as_ref()
        .map(|c| {
            format!(
                " · checker: largest violation {:.1e} over {} checks",
                c.max_violation,
                num(c.checks as f64, 0)
            )
        })
        .unwrap_or_default();
    let _ = write!(
        o,
        "<div class=\"meta\">Model: {} variables, {} constraints, {} integer · solved by {} ({}{}) in {:.1} s{}{}</div></div></header>\n<main class=\"wrap\">\n",
        num(s.model.variables as f64, 0),
        num(s.model.constraints as f64, 0),
        num(s.model.integer_variables as f64, 0),
        esc(&s.backend.label()),
        esc(&s.solver_status),
        gap,
        s.timings.build + s.timings.solve + s.timings.check,
        checked,
        s.engine_note
            .as_ref()
            .map(|n| format!(" · faster engines passed over: {}", esc(n)))
            .unwrap_or_default()
    );
}

/// The checker's rejection: counts, the largest violation and the first 20 violations.
fn checker_banner(o: &mut String, c: &CheckReport) {
    let _ = write!(
        o,
        "<div class=\"banner bad\" id=\"checker-failed\"><strong>The independent checker rejected this plan</strong>: {} violations, the largest {:.2e} (scaled). Do not use it before the cause is found.<div class=\"tablewrap\"><table><tr><th class=\"l\">check</th><th class=\"l\">at</th><th>amount</th></tr>",
        c.violation_count, c.max_violation
    );
    for v in c.violations.iter().take(20) {
        let _ = write!(
            o,
            "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{:.3e}</td></tr>",
            esc(v.check),
            esc(&v.at),
            v.amount
        );
    }
    o.push_str("</table></div></div>");
}

/// Why there is no plan, and what to do.
fn no_plan_reason(st: Status) -> &'static str {
    match st {
        Status::Infeasible => "The model is infeasible: no plan meets every constraint. Run triplan validate on the instance, then relax a target, a contract or a capacity.",
        Status::Unbounded => "The model is unbounded: a price or a cost makes unlimited profit possible.",
        Status::InfeasibleOrUnbounded => "The model is infeasible or unbounded (the solver did not say which).",
        _ => "A limit was hit before a feasible plan was found (raise --time-limit).",
    }
}

/// The key-figure cards: net cost, tonnage, external contractor, rates against targets (as
/// the checker judged them), insertion, supervision, staff.
fn cards(o: &mut String, inst: &Instance, s: &Solved, c: &CheckReport) {
    let (p, k, costs) = (&inst.plant, &c.kpis, &c.costs);
    o.push_str("<div class=\"cards\" id=\"key-figures\">");
    card(
        o,
        "objective",
        "Net cost of the plan",
        &format!("{} EUR", eur(s.objective.unwrap_or(costs.total))),
        &format!(
            "costs {} less sales {} and state aid {}{}",
            eur(costs.total + costs.revenue + costs.state_aid),
            eur(costs.revenue),
            eur(costs.state_aid),
            p.price_year
                .map(|y| format!(" · {y} prices"))
                .unwrap_or_default()
        ),
        "",
    );
    card(
        o,
        "collected",
        "Tonnage collected",
        &format!("{} t", qty(k.supply_t)),
        &format!("{} t processed on the lines", qty(k.processed_t)),
        "",
    );
    let ext_share = if k.supply_t > 0.0 {
        k.external_t / k.supply_t
    } else {
        0.0
    };
    card(
        o,
        "external",
        "External contractor",
        &format!("{} t", qty(k.external_t)),
        &format!("{} of the tonnage collected", pct(ext_share)),
        if k.external_t > 1e-6 { "bad" } else { "ok" },
    );
    let meets = |met: Option<bool>| match met {
        Some(true) => "ok",
        Some(false) => "bad",
        None => "",
    };
    card(
        o,
        "recovery",
        "Recovery rate",
        &opt_pct(k.recovery_rate),
        &p.recovery_target
            .map_or("no plant-wide target".into(), |t| {
                format!("target {}", pct(t))
            }),
        meets(c.verdicts.met(Target::Recovery(Scope::Plant))),
    );
    card(
        o,
        "recycling",
        "Recycling rate",
        &opt_pct(k.recycling_rate),
        &p.recycling_target
            .map_or("no plant-wide target".into(), |t| {
                format!("target {}", pct(t))
            }),
        meets(c.verdicts.met(Target::Recycling(Scope::Plant))),
    );
    card(
        o,
        "insertion",
        "Insertion share of hours",
        &opt_pct(k.insertion_share),
        &format!(
            "least {} of production hours",
            pct(p.social.insertion_share_min)
        ),
        // Judged per site; a least share of 0 is no rule and cannot be missed.
        meets(Some(c.verdicts.insertion_share_met().unwrap_or(true))),
    );
    let fte = &k.social.insertion_fte;
    card(
        o,
        "insertion-fte",
        "Insertion FTE used",
        &num(fte.horizon, 2),
        &format!(
            "{}largest week {} persons; aid {} EUR",
            p.social
                .funded_posts
                .map(|f| format!("of {} agreed posts · ", qty(f)))
                .unwrap_or_default(),
            qty(k.insertion_headcount),
            eur(k.social.aid.received_eur)
        ),
        match fte.agreed {
            Some(a) if fte.horizon > a + 1e-6 => "bad",
            Some(_) => "ok",
            None => "",
        },
    );
    let sup = &k.staff[StaffKind::Supervisor.index()];
    let ins = &k.staff[StaffKind::Insertion.index()];
    if ins.worked_h > 0.0 {
        card(
            o,
            "supervision",
            "Supervision",
            &if sup.worked_h > 0.0 {
                format!("1 per {}", num(ins.worked_h / sup.worked_h, 1))
            } else {
                "none".into()
            },
            &format!(
                "insertion hours per supervisor hour; rule 1 per {}",
                num(p.social.insertion_workers_per_supervisor, 1)
            ),
            "",
        );
    }
    staff_card(o, inst, k);
    o.push_str("</div>\n");
}

/// The staff card: persons on the payroll (all payroll kinds) in the least and the largest
/// week, and each kind's largest week.
fn staff_card(o: &mut String, inst: &Instance, k: &crate::kpi::Kpis) {
    let mut weekly = vec![0.0; inst.weeks];
    for st in k
        .social
        .staff
        .iter()
        .filter(|st| st.kind != StaffKind::Temporary)
    {
        for (w, x) in weekly.iter_mut().zip(&st.persons_by_week) {
            *w += x;
        }
    }
    let lo = weekly.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = weekly.iter().copied().fold(0.0, f64::max);
    card(
        o,
        "staff",
        "Staff on the payroll",
        &if weekly.is_empty() || (hi - lo).abs() < 0.5 {
            format!("{} persons", social::persons(hi))
        } else {
            format!("{} to {} persons", social::persons(lo), social::persons(hi))
        },
        &format!(
            "least and largest week of the {} weeks; largest week per kind: {}",
            inst.weeks,
            k.staff
                .iter()
                .filter(|s| s.headcount > 1e-9)
                .map(|s| format!("{} {}", s.kind.name(), social::persons(s.headcount)))
                .collect::<Vec<_>>()
                .join(" · ")
        ),
        "",
    );
}
