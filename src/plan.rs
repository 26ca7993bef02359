//! The solution as typed dense tables, in the units of the plant (t, h, persons, trips).
//! Weeks are 0-based in the grids and 1-based in every report.

use crate::formulation::Vars;
use ndarray::{Array, Array2, Array3, Array4, Dimension};
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
    /// `[site, kind, week]` paid hours (all four kinds).
    pub paid_h: Array3<f64>,
    /// `[site, kind]` headcount.
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
}

fn values<D: Dimension>(
    grid: &Array<Option<crate::formulation::Var>, D>,
    vals: &[f64],
) -> Array<f64, D> {
    grid.map(|v| v.map_or(0.0, |v| vals[v.col]))
}

impl Plan {
    /// Reads a plan out of a solver's column values.
    pub fn from_values(v: &Vars, vals: &[f64]) -> Plan {
        Plan {
            processed_t: values(&v.x, vals),
            line_hours: values(&v.w, vals),
            supervisor_h: values(&v.v, vals),
            paid_h: values(&v.paid, vals),
            headcount: values(&v.head, vals),
            delivered_t: values(&v.deliver, vals),
            external_t: values(&v.ext, vals),
            intake_stock_t: values(&v.istock, vals),
            output_stock_t: values(&v.ostock, vals),
            shipped_t: values(&v.ship, vals),
            trips: values(&v.trips, vals),
        }
    }
}
