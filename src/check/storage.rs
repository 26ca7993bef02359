//! Storage: the stock held at the end of each week fits the site's storage, and the stock left
//! at the end of the horizon lies within its bounds.

use super::Checker;
use crate::formulation::Row;
use crate::plan::Plan;
use crate::plant::*;
use ndarray::s;

/// **storage_capacity** (§4.20) at site `s`: intake, then output, every week.
///
/// ```text
/// sum_p I[s,p,t] <= CI[s]        for all t
/// sum_q O[s,q,t] <= CO[s]        for all t
/// ```
pub(super) fn capacity(c: &mut Checker, inst: &Instance, plan: &Plan, site: SiteId) {
    let s = site.0;
    let key = |row: Row| row.key(&inst.plant);
    let site_id = site;
    let site = &inst.plant.sites[s];
    for t in 0..inst.weeks {
        let total: f64 = plan.intake_stock_t.slice(s![s, .., t]).sum();
        c.le(
            "storage_capacity",
            || key(Row::IntakeStorage(site_id, t)),
            total,
            site.intake_capacity_t,
        );
        let total: f64 = plan.output_stock_t.slice(s![s, .., t]).sum();
        c.le(
            "storage_capacity",
            || key(Row::OutputStorage(site_id, t)),
            total,
            site.output_capacity_t,
        );
    }
}

/// **closing_stock** (§4.21) of one intake stock or output lot, named by its `[least, most]`
/// rows: the stock recomputed to the end of the horizon lies within its bounds, lower bound
/// first.
///
/// ```text
/// Imin[s,p] <= I[s,p,T] <= Imax[s,p]
/// Omin[s,q] <= O[s,q,T] <= Omax[s,q]
/// ```
pub(super) fn closing_stock(
    c: &mut Checker,
    p: &Plant,
    [least, most]: [Row; 2],
    bounds: StockBounds,
    stock: f64,
) {
    c.le(
        "closing_stock",
        || least.key(p),
        bounds.closing_min_t,
        stock,
    );
    c.le("closing_stock", || most.key(p), stock, bounds.closing_max_t);
}
