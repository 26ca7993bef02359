//! The text summary printed by `triplan solve`.

use crate::check::{CheckReport, Costs};
use crate::kpi::Kpis;
use crate::plant::{Instance, StaffKind};
use crate::Solved;
use std::fmt::Write;

fn eur(x: f64) -> String {
    let neg = x < 0.0;
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if neg {
        format!("-{out}")
    } else {
        out
    }
}

fn pct(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| format!("{:.1} %", 100.0 * v))
}

/// A readable summary: status, checker verdict, costs, tonnage, lines, staff, social and
/// recovery figures against their targets.
pub fn text(inst: &Instance, s: &Solved) -> String {
    let mut o = String::new();
    status(&mut o, inst, s);
    let Some(c) = &s.check else {
        no_plan(&mut o, s);
        return o;
    };
    checker(&mut o, c);
    costs(&mut o, &c.costs);
    tonnage(&mut o, &c.kpis);
    lines(&mut o, &c.kpis);
    staff(&mut o, inst, &c.kpis);
    social(&mut o, inst, &c.kpis, &c.costs);
    shadow_prices(&mut o, s);
    recovery(&mut o, &c.kpis);
    o
}

/// Title, solver status (and any retry), model size and timings.
fn status(o: &mut String, inst: &Instance, s: &Solved) {
    let p = &inst.plant;
    let _ = writeln!(o, "{} — {} ({} weeks)", p.name, inst.name, inst.weeks);
    let gap = s
        .mip_gap
        .filter(|g| g.is_finite() && s.plan.is_some())
        .map(|g| format!(", MIP gap {:.2e}", g))
        .unwrap_or_default();
    let _ = writeln!(
        o,
        "status: {} ({} said {}{}){}",
        s.status.name(),
        s.backend.name(),
        s.solver_status,
        gap,
        if s.relaxed { ", LP relaxation" } else { "" }
    );
    if let Some(r) = &s.retry {
        let _ = writeln!(
            o,
            "retry: {}; solved again without {} (first solve: {}, objective {} EUR reported, {} EUR c·x)",
            r.reason,
            r.without.join(" and "),
            r.first_status.name(),
            r.first_objective_eur.map_or("-".into(), eur),
            r.first_plan_objective_eur.map_or("-".into(), eur)
        );
    }
    let _ = writeln!(
        o,
        "model: {} variables, {} constraints, {} integer; build {:.3} s, solve {:.3} s, check {:.3} s",
        s.model.variables, s.model.constraints, s.model.integer_variables, s.timings.build, s.timings.solve, s.timings.check
    );
}

/// Why there is no plan, from the status.
fn no_plan(o: &mut String, s: &Solved) {
    let _ = writeln!(
        o,
        "no plan: {}",
        match s.status {
            crate::Status::Infeasible => "the model is infeasible (see why below)",
            crate::Status::Unbounded =>
                "the model is unbounded (a price or cost makes unlimited profit possible)",
            crate::Status::InfeasibleOrUnbounded =>
                "the model is infeasible or unbounded (the solver did not say which)",
            _ => "a limit was hit before a feasible plan was found (raise --time-limit)",
        }
    );
}

/// The checker's verdict and its first violations.
fn checker(o: &mut String, c: &CheckReport) {
    let _ = writeln!(
        o,
        "checker: {} (largest violation {:.1e} over {} checks{})",
        if c.passed { "passed" } else { "FAILED" },
        c.max_violation,
        c.checks,
        if c.passed {
            String::new()
        } else {
            format!(", {} violations", c.violation_count)
        }
    );
    for v in c.violations.iter().take(10) {
        let _ = writeln!(o, "  violation: {} at {}: {:.3e}", v.check, v.at, v.amount);
    }
}

/// One line per cost term.
fn costs(o: &mut String, k: &Costs) {
    let _ = writeln!(o, "\nCosts over the horizon (EUR)");
    for (_, name, v) in k.terms() {
        let _ = writeln!(o, "  {:<32}{:>14}", name, eur(v));
    }
}

/// Tonnes collected, processed and sent to the external contractor.
fn tonnage(o: &mut String, q: &Kpis) {
    let _ = writeln!(
        o,
        "\nTonnage: {:.1} t collected, {:.1} t processed, {:.1} t to the external contractor ({:.1} %)",
        q.supply_t,
        q.processed_t,
        q.external_t,
        if q.supply_t > 0.0 { 100.0 * q.external_t / q.supply_t } else { 0.0 }
    );
}

/// The lines table: tonnes, hours and utilisation.
fn lines(o: &mut String, q: &Kpis) {
    let _ = writeln!(
        o,
        "\n  {:<24}{:>12}{:>12}{:>12}{:>12}",
        "line", "tonnes", "hours", "available", "utilisation"
    );
    for l in &q.lines {
        let _ = writeln!(
            o,
            "  {:<24}{:>12.1}{:>12.1}{:>12.1}{:>11.1} %",
            l.id,
            l.processed_t,
            l.hours,
            l.available_h,
            100.0 * l.utilisation
        );
    }
}

/// The staff table: headcount, paid and worked hours, hours per shift (kinds in use only).
fn staff(o: &mut String, inst: &Instance, q: &Kpis) {
    let _ = write!(
        o,
        "\n  {:<12}{:>10}{:>12}{:>12}",
        "staff", "headcount", "paid h", "worked h"
    );
    for sh in &inst.plant.shifts {
        let _ = write!(o, "{:>12}", sh.named.id);
    }
    let _ = writeln!(o);
    for st in &q.staff {
        if st.headcount <= 0.0 && st.paid_h <= 0.0 {
            continue;
        }
        let _ = write!(
            o,
            "  {:<12}{:>10.1}{:>12.0}{:>12.0}",
            st.kind.name(),
            st.headcount,
            st.paid_h,
            st.worked_h
        );
        for h in &st.worked_h_by_shift {
            let _ = write!(o, "{:>12.0}", h);
        }
        let _ = writeln!(o);
    }
}

/// The social mission: insertion share, posts and aid, then supervision.
fn social(o: &mut String, inst: &Instance, q: &Kpis, k: &Costs) {
    let p = &inst.plant;
    let posts = p
        .social
        .funded_posts
        .map(|v| format!(" of {v:.0} funded posts"))
        .unwrap_or_default();
    let _ = writeln!(
        o,
        "\nInsertion: {} of production hours (least {}), headcount {:.1}{}, {:.1} full-time equivalents, state aid {} EUR",
        pct(q.insertion_share),
        pct(Some(p.social.insertion_share_min)),
        q.insertion_headcount,
        posts,
        q.insertion_fte,
        eur(k.state_aid)
    );
    let sup = &q.staff[StaffKind::Supervisor.index()];
    let ins = &q.staff[StaffKind::Insertion.index()];
    if ins.worked_h > 0.0 {
        let _ = writeln!(
            o,
            "Supervision: {:.0} supervisor hours for {:.0} insertion hours (1 per {:.1}; rule 1 per {})",
            sup.worked_h,
            ins.worked_h,
            if sup.worked_h > 0.0 { ins.worked_h / sup.worked_h } else { f64::INFINITY },
            p.social.insertion_workers_per_supervisor
        );
    }
}

/// The first twelve shadow prices of binding rules, where the run has some.
fn shadow_prices(o: &mut String, s: &Solved) {
    let Some(sp) = s.shadow_prices.as_ref().filter(|sp| !sp.is_empty()) else {
        return;
    };
    let _ = writeln!(
        o,
        "\nWhat the binding rules cost (shadow prices{}, EUR over the horizon per unit)",
        if s.model.integer_variables > 0 {
            ", from the LP with truck trips fixed"
        } else {
            ""
        }
    );
    for p in sp.iter().take(12) {
        let _ = writeln!(
            o,
            "  {:<52}{} {:>12} per {}",
            p.what,
            p.effect,
            eur(p.eur),
            p.unit
        );
    }
    if sp.len() > 12 {
        let _ = writeln!(o, "  ... {} more in --format json", sp.len() - 12);
    }
}

/// The recovery table: rates against targets per category and for the whole plant.
fn recovery(o: &mut String, q: &Kpis) {
    let _ = writeln!(
        o,
        "\n  {:<28}{:>10}{:>11}{:>9}{:>11}{:>9}",
        "recovery", "processed", "recovered", "target", "recycled", "target"
    );
    for r in q.recovery.iter() {
        let _ = writeln!(
            o,
            "  {:<28}{:>10.1}{:>11}{:>9}{:>11}{:>9}",
            format!("{} {}", r.id, if r.id == r.name { "" } else { &r.name })
                .chars()
                .take(27)
                .collect::<String>(),
            r.processed_t,
            pct(r.recovery_rate),
            pct(r.recovery_target),
            pct(r.recycling_rate),
            pct(r.recycling_target)
        );
    }
}
