//! The text summary printed by `triplan solve`.

use crate::check::{CheckReport, Costs};
use crate::kpi::{Kpis, SocialKpis};
use crate::plant::{Instance, StaffKind};
use crate::Solved;
use std::fmt::Write;

pub(crate) fn eur(x: f64) -> String {
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
    costs(&mut o, &c.costs, inst.plant.price_year);
    tonnage(&mut o, &c.kpis);
    lines(&mut o, &c.kpis);
    staff(&mut o, inst, &c.kpis);
    social(&mut o, inst, &c.kpis, &c.costs);
    super::to_work::text(&mut o, c.to_work.as_ref());
    shadow_prices(&mut o, s);
    recovery(&mut o, &c.kpis);
    o
}

/// Title, solver status (and any retry), model size and timings.
fn status(o: &mut String, inst: &Instance, s: &Solved) {
    let p = &inst.plant;
    let _ = writeln!(o, "{} — {} ({} weeks)", p.name, inst.name, inst.weeks);
    if let Some(first) = inst.first_monday {
        let _ = writeln!(o, "period: {}", crate::dates::period(first, inst.weeks));
    }
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
    let _ = writeln!(
        o,
        "engine: {}{}",
        s.backend.label(),
        s.engine_note
            .as_ref()
            .map(|n| format!(" (faster engines passed over: {n})"))
            .unwrap_or_default()
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
fn costs(o: &mut String, k: &Costs, price_year: Option<i32>) {
    let _ = writeln!(
        o,
        "\nCosts over the horizon ({})",
        crate::mission::money(price_year)
    );
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

/// The social mission: insertion share and supervision, then the social balance sheet.
fn social(o: &mut String, inst: &Instance, q: &Kpis, k: &Costs) {
    let p = &inst.plant;
    let _ = writeln!(
        o,
        "\nInsertion: {} of production hours (least {}), state aid {} EUR",
        pct(q.insertion_share),
        pct(Some(p.social.insertion_share_min)),
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
    balance_sheet(o, inst, &q.social);
}

/// Persons: a whole number when integral, else one decimal.
fn persons(x: f64) -> String {
    if (x - x.round()).abs() < 1e-6 {
        format!("{:.0}", x.round() + 0.0)
    } else {
        format!("{x:.1}")
    }
}

/// The social balance sheet: staff by kind, insertion FTE against the agreed posts, aid
/// against its cap, pathways, training and support, hours against the working-time law.
fn balance_sheet(o: &mut String, inst: &Instance, b: &SocialKpis) {
    let p = &inst.plant;
    let _ = writeln!(o, "\nSocial balance sheet ({} weeks)", inst.weeks);
    let _ = writeln!(
        o,
        "  {:<12}{:>16}{:>8}{:>8}{:>12}",
        "staff", "persons min-peak", "mean", "FTE", "paid h"
    );
    for st in &b.staff {
        let (range, mean) = match &st.persons {
            Some(r) => (
                format!("{}-{}", persons(r.min), persons(r.peak)),
                format!("{:.1}", r.mean),
            ),
            None => ("hours only".into(), "-".into()),
        };
        let _ = writeln!(
            o,
            "  {:<12}{:>16}{:>8}{:>8.1}{:>12.0}",
            st.kind.name(),
            range,
            mean,
            st.fte,
            st.paid_h
        );
    }
    let f = &b.insertion_fte;
    let peak = f.by_week.iter().cloned().fold(0.0, f64::max);
    let _ = writeln!(
        o,
        "  insertion FTE used: {:.2} over the horizon{} (largest week {:.2}{})",
        f.horizon,
        f.agreed
            .map(|a| format!(" of {} agreed", persons(a)))
            .unwrap_or_else(|| ", no agreed posts".into()),
        peak,
        if f.weeks_above_agreed > 0 {
            format!(", {} weeks above the agreed posts", f.weeks_above_agreed)
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        o,
        "  state aid: {} EUR{} ({:.2} EUR per paid insertion hour{})",
        eur(b.aid.received_eur),
        b.aid
            .cap_eur
            .map(|c| format!(" of a {} EUR cap", eur(c)))
            .unwrap_or_default(),
        b.aid.eur_per_paid_h,
        b.aid
            .modulated_by_outcomes_eur
            .map(|m| format!(
                ", and {} EUR of modulated part earned by the lasting exits",
                eur(m)
            ))
            .unwrap_or_default()
    );
    let w = &b.pathways;
    let _ = writeln!(
        o,
        "  people accompanied: {} ({} on contract at the opening, {} entries)",
        persons(w.accompanied),
        persons(w.opening),
        persons(w.entries)
    );
    let _ = writeln!(
        o,
        "  exits: {} ({} at the maximum length of {} weeks, {} before); to employment: {:.1} (placements, and {} of the others)",
        persons(w.exits),
        persons(w.exits_at_maximum),
        p.pathway.max_contract_weeks,
        persons(w.exits_before_maximum),
        w.exits_to_employment,
        pct(Some(p.pathway.exit_to_employment_rate))
    );
    let weeks = |x: Option<f64>| x.map_or("-".into(), |v| format!("{v:.1}"));
    let _ = writeln!(
        o,
        "  on contract at the end: {}; mean weeks on contract: leavers {}, at the end {}{}",
        persons(w.on_contract_at_end),
        weeks(w.mean_contract_weeks_of_leavers),
        weeks(w.mean_tenure_at_end_weeks),
        if w.opening_unknown_tenure > 1e-9 {
            format!(
                " (the {} on contract at the opening without a [[cohort]] have no entry week)",
                persons(w.opening_unknown_tenure)
            )
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        o,
        "  training and support: {:.0} h; advisers: {}",
        b.training_h,
        persons(b.advisers)
    );
    working_time(o, p, b);
}

/// Hours against the working-time law, per payroll group, then overtime and its premiums.
fn working_time(o: &mut String, p: &crate::plant::Plant, b: &SocialKpis) {
    let _ = writeln!(
        o,
        "  {:<24}{:>10}{:>16}{:>14}{:>16}{:>14}",
        "hours per person",
        "contract",
        "at work / year",
        "legal+quota",
        "overtime/year",
        "largest week"
    );
    let h = |x: Option<f64>| x.map_or("-".into(), |v| format!("{v:.0}"));
    for g in &b.working_time {
        let _ = writeln!(
            o,
            "  {:<24}{:>10.1}{:>16}{:>14}{:>16}{:>14}",
            format!("{} {}", g.site, g.kind.name())
                .chars()
                .take(23)
                .collect::<String>(),
            g.contract_h_per_week,
            h(g.worked_h_per_person_year),
            format!(
                "{:.0}+{:.0}",
                g.legal_h_per_person_year, g.quota_h_per_person_year
            ),
            h(g.overtime_h_per_person_year),
            format!(
                "{} / {:.0}",
                g.max_weekly_h.map_or("-".into(), |v| format!("{v:.1}")),
                g.max_h_per_week
            )
        );
    }
    let _ = writeln!(
        o,
        "  overtime: {:.0} h at +{:.0} %, {:.0} h at +{:.0} %, premiums {} EUR; law: at most {:.0} h a week",
        b.overtime_step1_h,
        100.0 * p.law.overtime_premium_1,
        b.overtime_step2_h,
        100.0 * p.law.overtime_premium_2,
        eur(b.overtime_premium_eur),
        b.law_max_h_per_week
    );
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
            ", from the LP with trips and staffing fixed"
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
