//! The solution as typed dense tables, in the units of the plant (t, h, persons, trips).
//! Weeks are 0-based in the grids and 1-based in every report.

use crate::formulation::Vars;
use ndarray::{Array, Array1, Array2, Array3, Array4, Dimension};
use serde::Serialize;

/// A weekly plan: every decision's value. Entries for decisions that do not exist are 0.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// `[line, stream, shift, week]` tonnes processed.
    pub processed_t: Array4<f64>,
    /// `[kind, line, shift, week]` person-hours of production staff (kinds: permanent, insertion, temporary).
    pub line_hours: Array4<f64>,
    /// `[site, shift, week]` supervisor hours.
    pub supervisor_h: Array3<f64>,
    /// `[site, kind, week]` paid hours (all four kinds; temporary: hours bought).
    pub paid_h: Array3<f64>,
    /// `[site, kind, week]` persons on the payroll (permanent, insertion, supervisor; 0 for
    /// temporary staff, bought as hours).
    pub staff_n: Array3<f64>,
    /// `[site, kind]` persons on the payroll before week 1 (given, or chosen by the plan).
    pub opening_n: Array2<f64>,
    /// `[site, kind, week]` hires (permanent, supervisor) and entries (insertion).
    pub hires: Array3<f64>,
    /// `[site, kind, week]` departures (permanent, supervisor) and exits (insertion).
    pub departures: Array3<f64>,
    /// `[site, kind, step, week]` overtime hours at the first (+25 %) and second (+50 %) premium.
    pub overtime_h: Array4<f64>,
    /// `[site]` insertion advisers.
    pub advisers: Array1<f64>,
    /// `[site, kind]` the largest weekly headcount (derived from `staff_n`; the persons a
    /// director signs for).
    pub headcount: Array2<f64>,
    /// `[area, site, stream, week]` tonnes delivered.
    pub delivered_t: Array4<f64>,
    /// `[site, stream, week]` tonnes sent to the external contractor.
    pub external_t: Array3<f64>,
    /// `[site, stream, week]` intake stock at the end of the week.
    pub intake_stock_t: Array3<f64>,
    /// `[site, lot, week]` output stock at the end of the week.
    pub output_stock_t: Array3<f64>,
    /// `[site, outlet, lot, week]` tonnes shipped.
    pub shipped_t: Array4<f64>,
    /// `[site, outlet, week]` truck trips.
    pub trips: Array3<f64>,
    /// `[site, stream, week]` count adjustment of intake stock: the stock counted at the end of
    /// a past week less the book stock (0 in weeks not counted; README "Actuals").
    pub intake_adjust_t: Array3<f64>,
    /// `[site, lot, week]` count adjustment of output stock.
    pub output_adjust_t: Array3<f64>,
    /// `[opening]` people placed into each partner opening.
    pub placed: Array1<f64>,
    /// `[skill, week]` people starting the skill's training module (0 for skills learnt on a
    /// line).
    pub trainees: Array2<f64>,
    /// The modulated part of the aid earned by the lasting exits (EUR; 0 where it is paid on
    /// the hours, with the base).
    pub aid_modulation_eur: f64,
}

fn values<D: Dimension>(
    grid: &Array<Option<crate::formulation::Var>, D>,
    vals: &[f64],
) -> Array<f64, D> {
    grid.map(|v| v.map_or(0.0, |v| vals[v.col]))
}

/// `[site, kind]` the largest value over the weeks of a `[site, kind, week]` grid.
pub fn peak(staff_n: &Array3<f64>) -> Array2<f64> {
    let (ns, nk, _) = staff_n.dim();
    Array2::from_shape_fn((ns, nk), |(s, k)| {
        staff_n
            .slice(ndarray::s![s, k, ..])
            .iter()
            .fold(0.0, |m: f64, &x| m.max(x))
    })
}

impl Plan {
    /// Reads a plan out of a solver's column values.
    pub fn from_values(v: &Vars, vals: &[f64]) -> Plan {
        let staff_n = values(&v.head, vals);
        let headcount = peak(&staff_n);
        Plan {
            processed_t: values(&v.x, vals),
            line_hours: values(&v.w, vals),
            supervisor_h: values(&v.v, vals),
            paid_h: values(&v.paid, vals),
            staff_n,
            opening_n: Array2::from_shape_fn(v.open.dim(), |(s, k)| match v.open[[s, k]] {
                Some(x) => vals[x.col],
                None => v.opening_const[[s, k]],
            }),
            hires: values(&v.hire, vals),
            departures: values(&v.depart, vals),
            overtime_h: values(&v.overtime, vals),
            advisers: values(&v.advisers, vals),
            headcount,
            delivered_t: values(&v.deliver, vals),
            external_t: values(&v.ext, vals),
            intake_stock_t: values(&v.istock, vals),
            output_stock_t: values(&v.ostock, vals),
            shipped_t: values(&v.ship, vals),
            trips: values(&v.trips, vals),
            intake_adjust_t: values(&v.iadj, vals),
            output_adjust_t: values(&v.oadj, vals),
            placed: values(&v.place, vals),
            trainees: values(&v.train, vals),
            aid_modulation_eur: v.aid_mod.map_or(0.0, |x| vals[x.col]),
        }
    }
}
