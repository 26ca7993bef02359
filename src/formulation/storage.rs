//! Storage: capacities of intake and output stock, and the stock left at the end.

use super::{add, Row, Rows, Vars};
use crate::plant::*;
use good_lp::Expression;

/// **storage_capacity**: stock held at the end of each week fits the site's storage.
///
/// ```text
/// sum_p I[s,p,t] <= CI[s]        for all s, t
/// sum_q O[s,q,t] <= CO[s]        for all s, t
/// ```
pub fn capacity(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("storage_capacity");
    let p = &inst.plant;
    for (s, site) in p.sites.iter().enumerate() {
        for t in 0..inst.weeks {
            let mut e = Expression::with_capacity(p.streams.len());
            for k in 0..p.streams.len() {
                add(&mut e, 1.0, v.istock[[s, k, t]]);
            }
            rows.le(e, site.intake_capacity_t, Row::IntakeStorage(SiteId(s), t));
            let mut e = Expression::with_capacity(p.lots.len());
            for q in 0..p.lots.len() {
                add(&mut e, 1.0, v.ostock[[s, q, t]]);
            }
            rows.le(e, site.output_capacity_t, Row::OutputStorage(SiteId(s), t));
        }
    }
}

/// **closing_stock**: the stock left after the last week lies within its closing bounds
/// (by default at most the opening stock, so the plan does not push work past the horizon).
///
/// ```text
/// Imin[s,p] <= I[s,p,T] <= Imax[s,p]      for all (s,p) with R[s,p]
/// Omin[s,q] <= O[s,q,T] <= Omax[s,q]      for all (s,q) with a stock
/// ```
pub fn closing_stock(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("closing_stock");
    let p = &inst.plant;
    let last = inst.weeks - 1;
    let mut bound = |var, b: StockBounds, min: Row, max: Row| {
        if b.closing_min_t > 0.0 {
            let mut e = Expression::with_capacity(1);
            add(&mut e, 1.0, var);
            rows.ge(e, b.closing_min_t, min);
        }
        let mut e = Expression::with_capacity(1);
        add(&mut e, 1.0, var);
        rows.le(e, b.closing_max_t, max);
    };
    for s in 0..p.sites.len() {
        for k in 0..p.streams.len() {
            if v.istock[[s, k, last]].is_some() {
                let (site, stream) = (SiteId(s), StreamId(k));
                bound(
                    v.istock[[s, k, last]],
                    p.intake_stock[[s, k]],
                    Row::ClosingIntakeMin(site, stream),
                    Row::ClosingIntakeMax(site, stream),
                );
            }
        }
        for q in 0..p.lots.len() {
            if v.ostock[[s, q, last]].is_some() {
                let (site, lot) = (SiteId(s), LotId(q));
                bound(
                    v.ostock[[s, q, last]],
                    p.output_stock[[s, q]],
                    Row::ClosingOutputMin(site, lot),
                    Row::ClosingOutputMax(site, lot),
                );
            }
        }
    }
}
