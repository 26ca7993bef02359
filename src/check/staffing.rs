//! Staffing: whole persons on the payroll week by week within their bounds, the headcount
//! flow, the hours at work within the hours paid, overtime, paid hours, agency hours and the
//! law's weekly and yearly limits.
//!
//! Payroll kinds (permanent, insertion, supervisor) have a weekly headcount `N[s,k,t]`;
//! temporary staff are bought as hours `P[s,tmp,t]` and have no headcount.

use super::pathway::SitePathways;
use super::{wk, Checker};
use crate::formulation::Row;
use crate::plan::Plan;
use crate::plant::*;
use ndarray::s;

/// One payroll group as the plan staffs it.
#[derive(Clone, Copy)]
struct Group<'a> {
    s: SiteId,
    k: StaffKind,
    g: &'a StaffGroup,
}

impl Group<'_> {
    /// `N[s,k,t]`.
    fn n(&self, plan: &Plan, t: usize) -> f64 {
        plan.staff_n[[self.s.0, self.k.index(), t]]
    }
    /// `sum_j o[s,k,j,t]`.
    fn overtime(&self, plan: &Plan, t: usize) -> f64 {
        plan.overtime_h
            .slice(s![self.s.0, self.k.index(), .., t])
            .sum()
    }
    /// `site kind`, for checks no row stands for.
    fn name(&self, p: &Plant) -> String {
        format!("{} {}", p.sites[self.s.0].named.id, self.k.name())
    }
}

/// The staff families at site `s`, kind by kind (perm, ins, tmp, sup). A kind without a group
/// has no hours, persons or overtime; temporary staff have hours only ([`worked_within_paid`],
/// [`agency_hours`]); payroll groups get [`headcount`], [`headcount_flow`],
/// [`worked_within_paid`], [`overtime`], [`paid_hours`] and [`annual_hours`]. `path` is the
/// site's insertion pathways (the ramp-up loss of the insertion hours at work); `integral`
/// asks for whole persons (false for `--relax`).
pub(super) fn staffing(
    c: &mut Checker,
    inst: &Instance,
    plan: &Plan,
    site: SiteId,
    path: Option<&SitePathways>,
    integral: bool,
) {
    let p = &inst.plant;
    for k in StaffKind::ALL {
        let Some(g) = p.staff(site, k) else {
            stray(c, inst, plan, site, k, true);
            continue;
        };
        if k == StaffKind::Temporary {
            stray(c, inst, plan, site, k, false);
            for t in 0..inst.weeks {
                worked_within_paid(c, inst, plan, site, k, t, None);
                agency_hours(c, inst, plan, site, g, t);
            }
            continue;
        }
        let group = Group { s: site, k, g };
        headcount(c, inst, plan, group, integral);
        headcount_flow(c, inst, plan, group);
        for t in 0..inst.weeks {
            worked_within_paid(c, inst, plan, site, k, t, Some((group, path)));
            overtime(c, inst, plan, group, t);
            paid_hours(c, inst, plan, group, t);
        }
        annual_hours(c, inst, plan, group);
    }
}

/// What a kind without a group (`none`), or temporary staff, must not have: hours (none),
/// persons, opening people, hires, departures, overtime.
fn stray(c: &mut Checker, inst: &Instance, plan: &Plan, site: SiteId, k: StaffKind, none: bool) {
    let p = &inst.plant;
    let (s, ki) = (site.0, k.index());
    let abs = |a: ndarray::ArrayView1<f64>| a.iter().map(|x| x.abs()).sum::<f64>();
    let mut stray = abs(plan.staff_n.slice(s![s, ki, ..]))
        + abs(plan.hires.slice(s![s, ki, ..]))
        + abs(plan.departures.slice(s![s, ki, ..]))
        + plan.opening_n[[s, ki]].abs()
        + plan
            .overtime_h
            .slice(s![s, ki, .., ..])
            .iter()
            .map(|x| x.abs())
            .sum::<f64>();
    if none {
        stray += abs(plan.paid_h.slice(s![s, ki, ..]));
    }
    let what = if none {
        "has no group"
    } else {
        "is bought as hours"
    };
    c.viol(
        "headcount",
        || {
            format!(
                "{} {} {what}: no persons, hires, departures or overtime",
                p.sites[s].named.id,
                k.name()
            )
        },
        stray,
        1.0,
    );
}

/// **headcount** (§3, the bounds and integrality of N and N0): every week's headcount lies
/// within the group's bounds; the group's headcount is its weekly peak; the opening people the
/// plan chooses lie within their bounds (insertion: from 0); persons (and insertion entries)
/// are whole unless relaxed.
///
/// ```text
/// Nmin[s,k] <= N[s,k,t] <= Nmax[s,k]          N integer unless relaxed
/// Nmin[s,k] <= N0[s,k] <= Nmax[s,k]           (insertion: 0 <= N0), where the plan chooses N0
/// ```
fn headcount(c: &mut Checker, inst: &Instance, plan: &Plan, group: Group, integral: bool) {
    let p = &inst.plant;
    let Group { s, k, g } = group;
    for t in 0..inst.weeks {
        let n = group.n(plan, t);
        let at = |what: &'static str| move || format!("{} {what}, week {}", group.name(p), wk(t));
        c.le("headcount", at("below minimum"), g.headcount_min, n);
        c.le("headcount", at("above maximum"), n, g.headcount_max);
        if integral {
            c.viol("whole_persons", at("headcount"), (n - n.round()).abs(), 1.0);
        }
    }
    let peak = (0..inst.weeks)
        .map(|t| group.n(plan, t))
        .fold(0.0, f64::max);
    c.eq(
        "headcount",
        || format!("{} headcount (the weekly peak)", group.name(p)),
        plan.headcount[[s.0, k.index()]],
        peak,
    );
    if opening_given(inst, s, k).is_none() {
        let n0 = plan.opening_n[[s.0, k.index()]];
        let lo = if k == StaffKind::Insertion {
            0.0
        } else {
            g.headcount_min
        };
        let at = |what: &'static str| move || format!("{} {what}", group.name(p));
        c.le("headcount", at("opening below minimum"), lo, n0);
        c.le(
            "headcount",
            at("opening above maximum"),
            n0,
            g.headcount_max,
        );
        if integral {
            c.viol("whole_persons", at("opening"), (n0 - n0.round()).abs(), 1.0);
        }
    }
    if integral && k == StaffKind::Insertion {
        for t in 0..inst.weeks {
            let a = plan.hires[[s.0, k.index(), t]];
            c.viol(
                "whole_persons",
                || format!("{} entries, week {}", group.name(p), wk(t)),
                (a - a.round()).abs(),
                1.0,
            );
        }
    }
}

/// `N0[s,k]` where the model gives it: `headcount_start` (permanent, supervisor), the
/// `[[cohort]]` people (insertion).
fn opening_given(inst: &Instance, s: SiteId, k: StaffKind) -> Option<f64> {
    if k == StaffKind::Insertion {
        inst.cohort_people(s)
    } else {
        inst.plant.staff(s, k).and_then(|g| g.headcount_start)
    }
}

/// **headcount_flow** (§4.6): a week's headcount is last week's plus hires (entries) less
/// departures (exits), from the opening people; hires and departures only where the group
/// allows them (only in change weeks 1, 1+m, 1+2m, ... with m = `change_every_weeks`;
/// permanent and supervisor: a hire or departure cost given, after the notice weeks), and the
/// opening people as given.
///
/// ```text
/// N[s,k,t] = N[s,k,t-1] + hire[s,k,t] - dep[s,k,t]      N[s,k,0] = N0[s,k]
/// hire[s,k,t] = 0 without HC[s,k] or for t <= nw;  dep[s,k,t] = 0 without DC[s,k] or for t <= nw
/// hire[s,k,t] = dep[s,k,t] = 0 unless (t - 1) mod m = 0
/// ```
fn headcount_flow(c: &mut Checker, inst: &Instance, plan: &Plan, group: Group) {
    let p = &inst.plant;
    let Group { s, k, g } = group;
    let ki = k.index();
    let n0 = plan.opening_n[[s.0, ki]];
    if let Some(given) = opening_given(inst, s, k) {
        c.eq(
            "headcount_flow",
            || format!("{} opening people (given)", group.name(p)),
            n0,
            given,
        );
    }
    let mut last = n0;
    for t in 0..inst.weeks {
        let hire = plan.hires[[s.0, ki, t]];
        let dep = plan.departures[[s.0, ki, t]];
        let n = group.n(plan, t);
        c.eq(
            "headcount_flow",
            || Row::HeadcountFlow(s, k, t).key(p),
            n,
            last + hire - dep,
        );
        last = n;
        let change_week = t % p.pathway.change_every_weeks == 0;
        let open = change_week && (k == StaffKind::Insertion || t >= g.notice_weeks);
        let (hires_ok, departures_ok) = if k == StaffKind::Insertion {
            (open, open)
        } else {
            (open && g.hires(), open && g.departures())
        };
        for (amount, allowed, what) in [
            (hire, hires_ok, "hires"),
            (dep, departures_ok, "departures"),
        ] {
            if !allowed {
                c.viol(
                    "headcount_flow",
                    || format!("{} {what} not allowed, week {}", group.name(p), wk(t)),
                    amount.abs(),
                    1.0,
                );
            }
        }
    }
}

/// `W[s,k,t]`: hours worked by kind k at site s in week t, on the site's lines or supervising.
fn worked(inst: &Instance, plan: &Plan, s: SiteId, k: StaffKind, t: usize) -> f64 {
    if k == StaffKind::Supervisor {
        plan.supervisor_h.slice(s![s.0, .., t]).sum()
    } else {
        (inst.plant.lines_at(s).iter())
            .map(|l| plan.line_hours.slice(s![k.index(), l.0, .., t]).sum())
            .sum()
    }
}

/// **worked_within_paid** (§4.8): the hours worked fit in the hours the payroll is at work:
/// contract hours of the persons present plus overtime; insertion workers also spend their
/// training hours and their modules' hours, and new ones the share of their hours the ramp-up loses (from the pathways
/// rebuilt first in, first out: `RL[s,t] = sum rl[tenure]` over the people on contract).
/// Agency hours bought are hours worked.
///
/// ```text
/// W[s,k,t] <= hc pres[s,k,t] N[s,k,t] + sum_j o[s,k,j,t]                        k in {perm, sup}
/// W[s,ins,t] + tr pres N[s,ins,t] + hc pres RL[s,t] + MH[s,t] <= hc pres N[s,ins,t] + sum_j o[s,ins,j,t]
///     (MH[s,t]: the trainees' module hours in week t, H[k]/D[k] per trainee in a module)
/// W[s,tmp,t] = P[s,tmp,t]
/// ```
fn worked_within_paid(
    c: &mut Checker,
    inst: &Instance,
    plan: &Plan,
    s: SiteId,
    k: StaffKind,
    t: usize,
    payroll: Option<(Group, Option<&SitePathways>)>,
) {
    let p = &inst.plant;
    let w = worked(inst, plan, s, k, t);
    let at = || Row::Worked(s, k, t).key(p);
    let Some((group, path)) = payroll else {
        c.eq(
            "worked_within_paid",
            at,
            w,
            plan.paid_h[[s.0, k.index(), t]],
        );
        return;
    };
    let pres = inst.presence(s, k, t);
    let n = group.n(plan, t);
    let hc = group.g.min_h_per_week;
    // Absence hours given in the actuals replace the absenteeism rate in `pres`.
    let mut used = w + inst.absence_h(s, k, t).unwrap_or(0.0);
    if k == StaffKind::Insertion {
        used += p.pathway.training_h_per_week * pres * n;
        used += hc * pres * path.map_or(0.0, |x| x.ramp_loss_persons[t]);
        used += super::placement::module_hours(inst, plan, s, t);
    }
    c.le(
        "worked_within_paid",
        at,
        used,
        hc * pres * n + group.overtime(plan, t),
    );
}

/// **overtime** (§4.9): each overtime step is worked by the persons present, up to its hours
/// per person.
///
/// ```text
/// o[s,k,j,t] <= c_j[s,k] pres[s,k,t] N[s,k,t]      c_1 = min(step, hmax - hc), c_2 = hmax - hc - c_1
/// ```
fn overtime(c: &mut Checker, inst: &Instance, plan: &Plan, group: Group, t: usize) {
    let p = &inst.plant;
    let Group { s, k, g } = group;
    let pres = inst.presence(s, k, t);
    let n = group.n(plan, t);
    for (j, cap) in g.overtime_caps(&p.law).into_iter().enumerate() {
        c.le(
            "overtime",
            || Row::Overtime(s, k, j, t).key(p),
            plan.overtime_h[[s.0, k.index(), j, t]],
            cap * pres * n,
        );
    }
}

/// **paid_hours** (§4.10): everyone on the payroll is paid the contract hours every week,
/// plus the overtime worked.
///
/// ```text
/// P[s,k,t] = hc[s,k] N[s,k,t] + sum_j o[s,k,j,t]
/// ```
fn paid_hours(c: &mut Checker, inst: &Instance, plan: &Plan, group: Group, t: usize) {
    let Group { s, k, g } = group;
    c.eq(
        "paid_hours",
        || Row::PaidHours(s, k, t).key(&inst.plant),
        plan.paid_h[[s.0, k.index(), t]],
        g.min_h_per_week * group.n(plan, t) + group.overtime(plan, t),
    );
}

/// **agency_hours** (§4.11): the agency supplies at most its pool of persons at their weekly
/// hours.
///
/// ```text
/// P[s,tmp,t] <= Nmax[s,tmp] hmax[s,tmp] alpha[s,t]
/// ```
fn agency_hours(
    c: &mut Checker,
    inst: &Instance,
    plan: &Plan,
    s: SiteId,
    g: &StaffGroup,
    t: usize,
) {
    c.le(
        "agency_hours",
        || Row::AgencyHours(s, t).key(&inst.plant),
        plan.paid_h[[s.0, StaffKind::Temporary.index(), t]],
        g.headcount_max * g.max_h_per_week * inst.availability[[s.0, t]],
    );
}

/// **annual_hours** (§4.12): over the horizon, the hours at work per person-week on the
/// payroll stay within the legal year (pro rata of the contract hours) plus the overtime
/// quota, and the overtime within the quota; in every week, the hours of a present person
/// stay within the group's weekly maximum, itself within the law's.
///
/// ```text
/// sum_t (hc pres[t] N[t] + sum_j o[j,t]) <= (Ylaw min(1, hc/hFT) + Q) / 52 * sum_t N[t]
/// sum_{t,j} o[j,t] <= Q / 52 * sum_t N[t]
/// hc pres[t] N[t] + sum_j o[j,t] <= hmax pres[t] N[t]          for all t;   hmax <= Hmax
/// ```
fn annual_hours(c: &mut Checker, inst: &Instance, plan: &Plan, group: Group) {
    let p = &inst.plant;
    let law = &p.law;
    let Group { s, k, g } = group;
    let hc = g.min_h_per_week;
    let mut at_work = 0.0;
    let mut over = 0.0;
    let mut person_weeks = 0.0;
    for t in 0..inst.weeks {
        let pres = inst.presence(s, k, t);
        let n = group.n(plan, t);
        let o = group.overtime(plan, t);
        at_work += hc * pres * n + o - inst.absence_h(s, k, t).unwrap_or(0.0);
        over += o;
        person_weeks += n;
        c.le(
            "weekly_hours",
            || format!("{} hours per present person, week {}", group.name(p), wk(t)),
            hc * pres * n + o,
            g.max_h_per_week * pres * n,
        );
    }
    let year = law.worked_h_per_year * (hc / law.full_time_h_per_week).min(1.0)
        + law.overtime_quota_h_per_year;
    c.le(
        "annual_hours",
        || Row::HoursYear(s, k).key(p),
        at_work,
        year / 52.0 * person_weeks,
    );
    c.le(
        "annual_hours",
        || Row::OvertimeQuota(s, k).key(p),
        over,
        law.overtime_quota_h_per_year / 52.0 * person_weeks,
    );
    c.le(
        "weekly_hours",
        || format!("{} max_h_per_week within the law's", group.name(p)),
        g.max_h_per_week,
        law.max_h_per_week,
    );
}
