//! Staffing: headcounts within their bounds, hours worked within hours paid, paid hours within
//! the contracts of the headcount.

use super::Checker;
use crate::formulation::Row;
use crate::plan::Plan;
use crate::plant::*;
use ndarray::s;

/// One staff group as the plan staffs it: its site, kind, parameters and headcount.
struct Group<'a> {
    s: usize,
    id: &'a str,
    k: StaffKind,
    g: &'a StaffGroup,
    n: f64,
}

/// The staff families at site `s`, kind by kind (perm, ins, tmp, sup): a kind without a group
/// has neither paid hours nor headcount; otherwise [`headcount`], then week by week
/// [`worked_within_paid`] and [`contract_hours`].
pub(super) fn staffing(c: &mut Checker, inst: &Instance, plan: &Plan, site: SiteId) {
    let s = site.0;
    let id = &inst.plant.sites[s].named.id;
    for k in StaffKind::ALL {
        let Some(g) = inst.plant.staff(site, k) else {
            let stray =
                plan.paid_h.slice(s![s, k.index(), ..]).sum() + plan.headcount[[s, k.index()]];
            c.viol(
                "contract_hours",
                || format!("{} has no {} group", id, k.name()),
                stray.abs(),
                1.0,
            );
            continue;
        };
        let group = Group {
            s,
            id,
            k,
            g,
            n: plan.headcount[[s, k.index()]],
        };
        headcount(c, &group);
        for t in 0..inst.weeks {
            let paid = plan.paid_h[[s, k.index(), t]];
            worked_within_paid(c, inst, plan, &group, t, paid);
        }
    }
}

/// **headcount** (§3, the bounds of N): the headcount of a group lies within its bounds.
///
/// ```text
/// Nmin[s,k] <= N[s,k] <= Nmax[s,k]
/// ```
fn headcount(c: &mut Checker, group: &Group) {
    let Group { id, k, g, n, .. } = *group;
    c.le(
        "headcount",
        || format!("{} {} below minimum", id, k.name()),
        g.headcount_min,
        n,
    );
    c.le(
        "headcount",
        || format!("{} {} above maximum", id, k.name()),
        n,
        g.headcount_max,
    );
}

/// **worked_within_paid** (§4.6): hours worked (on the site's lines, or supervising) are paid.
///
/// ```text
/// sum_{l in Lines(s), h} w[k,l,h,t] <= P[s,k,t]        k in ProdKinds
/// sum_h v[s,h,t] <= P[s,sup,t]
/// ```
fn worked_within_paid(
    c: &mut Checker,
    inst: &Instance,
    plan: &Plan,
    group: &Group,
    t: usize,
    paid: f64,
) {
    let Group { s, k, .. } = *group;
    let worked: f64 = if k == StaffKind::Supervisor {
        plan.supervisor_h.slice(s![s, .., t]).sum()
    } else {
        inst.plant
            .lines_at(SiteId(s))
            .iter()
            .map(|l| plan.line_hours.slice(s![k.index(), l.0, .., t]).sum())
            .sum()
    };
    c.le(
        "worked_within_paid",
        || Row::Worked(SiteId(s), k, t).key(&inst.plant),
        worked,
        paid,
    );
}
