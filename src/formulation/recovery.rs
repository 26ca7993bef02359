//! Recovery and recycling targets, per category and plant-wide.
//!
//! Accounting rule: output is traced by lot, a fraction of one category. A lot shipped to
//! outlet o counts `rho[o]` of its tonnage as recovered and `sigma[o]` as recycled; tonnage of
//! stream p handed to the external contractor counts `rhoE[p]` and `sigmaE[p]` (default 0: a
//! fate we do not know is not counted). A category's rate is the tonnage so counted over the
//! horizon divided by the tonnage the enterprise is accountable for: its streams processed on
//! the lines, plus those sent to the contractor, plus its opening output stock. Output still in
//! stock at the end counts as not recovered. Sending work out therefore cannot dodge a target.

use super::{add, Row, Rows, Vars};
use crate::plant::*;
use good_lp::Expression;

/// Which figure a target row counts.
#[derive(Clone, Copy)]
enum Counted {
    Recovered,
    Recycled,
}

impl Counted {
    fn row(self, c: Option<CategoryId>) -> Row {
        match self {
            Counted::Recovered => Row::Recovery(c),
            Counted::Recycled => Row::Recycling(c),
        }
    }
    fn week_row(self, c: Option<CategoryId>, t: usize) -> Row {
        Row::TargetWeek(c, matches!(self, Counted::Recycled), t)
    }
}

/// The week-t part of the row `counted - target * accountable >= 0` for one category (or all).
fn week_terms(
    inst: &Instance,
    v: &Vars,
    category: Option<CategoryId>,
    counted: Counted,
    target: f64,
    t: usize,
) -> Expression {
    let share = |o: &Outlet| match counted {
        Counted::Recovered => o.recovered_share,
        Counted::Recycled => o.recycled_share,
    };
    let ext_share = |s: &Stream| match counted {
        Counted::Recovered => s.external_recovered_share,
        Counted::Recycled => s.external_recycled_share,
    };
    let p = &inst.plant;
    let mut e = Expression::with_capacity(256);
    let in_cat = |c: CategoryId| category.is_none_or(|k| k == c);
    // Lots(c) and Streams(c), or every lot and stream for the plant-wide row.
    let (lots, streams): (Vec<LotId>, Vec<StreamId>) = match category {
        Some(c) => (p.lots_of(c).to_vec(), p.streams_of(c).to_vec()),
        None => (
            (0..p.lots.len()).map(LotId).collect(),
            (0..p.streams.len()).map(StreamId).collect(),
        ),
    };
    for s in 0..p.sites.len() {
        for q in &lots {
            for (o, out) in p.outlets.iter().enumerate() {
                add(&mut e, share(out), v.ship[[s, o, q.0, t]]);
            }
        }
    }
    for (l, line) in p.lines.iter().enumerate() {
        for pr in &line.processes {
            if !in_cat(p.streams[pr.stream.0].category) {
                continue;
            }
            for h in 0..p.shifts.len() {
                add(&mut e, -target, v.x[[l, pr.stream.0, h, t]]);
            }
        }
    }
    for s in 0..p.sites.len() {
        for k in &streams {
            let stream = &p.streams[k.0];
            add(&mut e, ext_share(stream) - target, v.ext[[s, k.0, t]]);
        }
    }
    e
}

/// Emits a target's rows: one definition row per week of its weekly margin `g[t]` (a free
/// column), then the target row `sum_t g[t] >= target * opening output stock`. Written this
/// way each row holds one week's terms instead of the whole horizon's, which keeps the MIP's
/// cut separation cheap; the target row is the same constraint.
fn emit_target(
    inst: &Instance,
    v: &Vars,
    rows: &mut Rows,
    category: Option<CategoryId>,
    counted: Counted,
    target: f64,
) {
    let p = &inst.plant;
    let lots: Vec<LotId> = match category {
        Some(c) => p.lots_of(c).to_vec(),
        None => (0..p.lots.len()).map(LotId).collect(),
    };
    let mut total = Expression::with_capacity(inst.weeks);
    for t in 0..inst.weeks {
        let mut e = week_terms(inst, v, category, counted, target, t);
        let margin = rows.column(good_lp::variable());
        e.add_mul(-1.0, margin.var);
        total.add_mul(1.0, margin.var);
        rows.eq(e, 0.0, counted.week_row(category, t));
    }
    let mut opening = 0.0;
    for s in 0..p.sites.len() {
        for q in &lots {
            opening += p.output_stock[[s, q.0]].opening_t;
        }
    }
    rows.ge(total, target * opening, counted.row(category));
}

/// **category_targets**: each category's recovered and recycled tonnage reach their targets.
///
/// ```text
/// sum_{s,o,q in Lots(c),t} rho[o] y[s,o,q,t] + sum_{s,p in Streams(c),t} rhoE[p] e[s,p,t]
///   - Rrec[c] * ( sum_{l,p in Streams(c),h,t} x[l,p,h,t] + sum_{s,p in Streams(c),t} e[s,p,t] )
///                                                               >= Rrec[c] * sum_{s,q in Lots(c)} O0[s,q]
/// (the same with sigma[o], sigmaE[p] and Rcyc[c])          for all c with the target given
/// ```
pub fn category_targets(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("category_targets");
    for (c, cat) in inst.plant.categories.iter().enumerate() {
        for (target, counted) in [
            (cat.recovery_target, Counted::Recovered),
            (cat.recycling_target, Counted::Recycled),
        ] {
            if let Some(r) = target {
                emit_target(inst, v, rows, Some(CategoryId(c)), counted, r);
            }
        }
    }
}

/// **plant_targets**: the same over every category together.
///
/// ```text
/// the rows above summed over every category, with Rrec and Rcyc       if given
/// ```
pub fn plant_targets(inst: &Instance, v: &Vars, rows: &mut Rows) {
    rows.family("plant_targets");
    let p = &inst.plant;
    for (target, counted) in [
        (p.recovery_target, Counted::Recovered),
        (p.recycling_target, Counted::Recycled),
    ] {
        if let Some(r) = target {
            emit_target(inst, v, rows, None, counted, r);
        }
    }
}
