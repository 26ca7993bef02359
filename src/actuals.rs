//! Actuals: what happened in the weeks already past, as typed dense grids.
//!
//! The file a planner writes (one long table `week,quantity,site,id,detail,value`, README
//! "Actuals") is read by [`crate::input::read_actuals`] and checked by
//! [`crate::validate::actuals`] into [`Actuals`]. Weeks 1..=W ([`Actuals::past`]) are the past:
//! the model fixes every quantity given for them (`src/formulation/actuals.rs`), the checker
//! verifies it (`src/check/actuals.rs`). A quantity given for a week is complete for that week:
//! the ids it does not list are 0.

use ndarray::{Array, Dimension, Ix3, Ix4};
use serde::Serialize;
use std::path::PathBuf;

/// The quantities of an actuals table, as the `quantity` column names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// Tonnes collected: `id` = area, `detail` = stream (`site` empty).
    Intake,
    /// Tonnes processed, summed over shifts: `site`, `id` = line, `detail` = stream.
    Processed,
    /// Tonnes handed over to the external contractor: `site`, `id` = stream.
    External,
    /// Tonnes shipped: `site`, `id` = outlet, `detail` = lot (`fraction/category`).
    Shipped,
    /// Intake stock counted at the end of the week (week 0: the opening stock): `site`,
    /// `id` = stream.
    IntakeStock,
    /// Output stock counted at the end of the week (week 0: the opening stock): `site`,
    /// `id` = lot (`fraction/category`).
    OutputStock,
    /// Hours worked (on lines, or supervising; temporary staff: hours bought): `site`,
    /// `id` = staff kind.
    WorkedHours,
    /// Paid hours: `site`, `id` = staff kind.
    PaidHours,
    /// Hours of absence (sickness, accidents; not paid leave): `site`, `id` = payroll kind.
    AbsenceHours,
    /// Persons on the payroll: `site`, `id` = payroll kind.
    Persons,
    /// Hires (permanent, supervisor) or entries (insertion): `site`, `id` = payroll kind.
    Entries,
    /// Departures (permanent, supervisor) or exits (insertion): `site`, `id` = payroll kind.
    Exits,
}

impl Quantity {
    /// Every quantity, in the order reports list them.
    pub const ALL: [Quantity; 12] = [
        Quantity::Intake,
        Quantity::Processed,
        Quantity::External,
        Quantity::Shipped,
        Quantity::IntakeStock,
        Quantity::OutputStock,
        Quantity::WorkedHours,
        Quantity::PaidHours,
        Quantity::AbsenceHours,
        Quantity::Persons,
        Quantity::Entries,
        Quantity::Exits,
    ];
    /// The name written in the `quantity` column.
    pub fn name(self) -> &'static str {
        match self {
            Quantity::Intake => "intake",
            Quantity::Processed => "processed",
            Quantity::External => "external",
            Quantity::Shipped => "shipped",
            Quantity::IntakeStock => "intake_stock",
            Quantity::OutputStock => "output_stock",
            Quantity::WorkedHours => "worked_h",
            Quantity::PaidHours => "paid_h",
            Quantity::AbsenceHours => "absence_h",
            Quantity::Persons => "persons",
            Quantity::Entries => "entries",
            Quantity::Exits => "exits",
        }
    }
    /// Parses the `quantity` column.
    pub fn parse(s: &str) -> Option<Quantity> {
        Quantity::ALL.into_iter().find(|q| q.name() == s)
    }
    /// Stock counts: week 0 (the opening stock) is allowed, and weeks may be left out (a
    /// count every fourth week is usual). Flows must be given from week 1 without a hole.
    pub fn is_count(self) -> bool {
        matches!(self, Quantity::IntakeStock | Quantity::OutputStock)
    }
    /// The unit of its values.
    pub fn unit(self) -> &'static str {
        match self {
            Quantity::WorkedHours | Quantity::PaidHours | Quantity::AbsenceHours => "h",
            Quantity::Persons | Quantity::Entries | Quantity::Exits => "persons",
            _ => "t",
        }
    }
}

/// One quantity's actuals: a dense grid whose last axis is the week, and whether the quantity
/// is given for each week. Flows are indexed by the 0-based week (`t` = week `t + 1`); stock
/// counts by the week number itself (0: the opening stock, `w`: the end of week `w`).
#[derive(Debug, Clone, Serialize)]
pub struct Known<D: Dimension> {
    /// The values (0 where a given week does not list an id: given weeks are complete).
    pub values: Array<f64, D>,
    /// Whether the quantity is given for each week of the last axis.
    pub given: Vec<bool>,
}

impl<D: Dimension> Known<D> {
    /// Nothing given, in a grid of the given shape.
    pub fn none(shape: D) -> Self {
        let weeks = shape.slice().last().copied().unwrap_or(0);
        Known {
            values: Array::zeros(shape),
            given: vec![false; weeks],
        }
    }
    /// Whether the quantity is given for week index `t` of the last axis.
    pub fn at(&self, t: usize) -> bool {
        self.given.get(t).copied().unwrap_or(false)
    }
    /// The week indices of the last axis for which it is given.
    pub fn weeks(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.given.len()).filter(|&t| self.given[t])
    }
}

/// What happened in the past weeks of an instance: every quantity of README "Actuals".
#[derive(Debug, Clone, Serialize)]
pub struct Actuals {
    /// Where the rows came from (a CSV file, or `<workbook>, sheet actuals`).
    pub source: PathBuf,
    /// W: the last week (1-based) with actuals; weeks 1..=W are the past.
    pub past: usize,
    /// `[area, stream, t]` tonnes collected.
    pub intake: Known<Ix3>,
    /// `[line, stream, t]` tonnes processed (all shifts).
    pub processed: Known<Ix3>,
    /// `[site, stream, t]` tonnes to the external contractor.
    pub external: Known<Ix3>,
    /// `[site, outlet, lot, t]` tonnes shipped.
    pub shipped: Known<Ix4>,
    /// `[site, stream, w]` intake stock counted at the end of week w (w = 0: opening).
    pub intake_count: Known<Ix3>,
    /// `[site, lot, w]` output stock counted at the end of week w (w = 0: opening).
    pub output_count: Known<Ix3>,
    /// `[site, kind, t]` hours worked.
    pub worked_h: Known<Ix3>,
    /// `[site, kind, t]` paid hours.
    pub paid_h: Known<Ix3>,
    /// `[site, kind, t]` absence hours.
    pub absence_h: Known<Ix3>,
    /// `[site, kind, t]` persons on the payroll.
    pub persons: Known<Ix3>,
    /// `[site, kind, t]` hires or entries.
    pub entries: Known<Ix3>,
    /// `[site, kind, t]` departures or exits.
    pub exits: Known<Ix3>,
}

impl Actuals {
    /// No actuals, every grid shaped for the instance's entities and horizon.
    pub fn empty(inst: &crate::plant::Instance) -> Actuals {
        let p = &inst.plant;
        let (na, np, nl, ns, no, nq, nk, nt) = (
            p.areas.len(),
            p.streams.len(),
            p.lines.len(),
            p.sites.len(),
            p.outlets.len(),
            p.lots.len(),
            crate::plant::StaffKind::ALL.len(),
            inst.weeks,
        );
        let k3 = || Known::none(ndarray::Dim([ns, nk, nt]));
        Actuals {
            source: PathBuf::new(),
            past: 0,
            intake: Known::none(ndarray::Dim([na, np, nt])),
            processed: Known::none(ndarray::Dim([nl, np, nt])),
            external: Known::none(ndarray::Dim([ns, np, nt])),
            shipped: Known::none(ndarray::Dim([ns, no, nq, nt])),
            intake_count: Known::none(ndarray::Dim([ns, np, nt + 1])),
            output_count: Known::none(ndarray::Dim([ns, nq, nt + 1])),
            worked_h: k3(),
            paid_h: k3(),
            absence_h: k3(),
            persons: k3(),
            entries: k3(),
            exits: k3(),
        }
    }

    /// The weeks given of one quantity, as flags over the 0-based weeks of the horizon (a
    /// count at the end of week w marks week index w - 1; the opening count marks none).
    pub fn given(&self, q: Quantity) -> Vec<bool> {
        let flows = |g: &[bool]| g.to_vec();
        let counts = |g: &[bool]| g.iter().skip(1).copied().collect();
        match q {
            Quantity::Intake => flows(&self.intake.given),
            Quantity::Processed => flows(&self.processed.given),
            Quantity::External => flows(&self.external.given),
            Quantity::Shipped => flows(&self.shipped.given),
            Quantity::IntakeStock => counts(&self.intake_count.given),
            Quantity::OutputStock => counts(&self.output_count.given),
            Quantity::WorkedHours => flows(&self.worked_h.given),
            Quantity::PaidHours => flows(&self.paid_h.given),
            Quantity::AbsenceHours => flows(&self.absence_h.given),
            Quantity::Persons => flows(&self.persons.given),
            Quantity::Entries => flows(&self.entries.given),
            Quantity::Exits => flows(&self.exits.given),
        }
    }

    /// Whether the intake stock may carry a count adjustment in 0-based week `t`: counted at
    /// the end of week t + 1, with every flow of that week's intake balance given (intake,
    /// processed, handed over). Where one is left to the model, the reconstructed flows meet
    /// the count: a free adjustment beside a free flow would let the model create or destroy
    /// tonnes at will.
    pub fn adjusts_intake(&self, t: usize) -> bool {
        self.intake_count.at(t + 1)
            && self.intake.at(t)
            && self.processed.at(t)
            && self.external.at(t)
    }

    /// Whether the output stock may carry a count adjustment in 0-based week `t`: counted at
    /// the end of week t + 1, with processed and shipped tonnes given that week (see
    /// [`Actuals::adjusts_intake`]).
    pub fn adjusts_output(&self, t: usize) -> bool {
        self.output_count.at(t + 1) && self.processed.at(t) && self.shipped.at(t)
    }

    /// Absence hours of group (s,k) in 0-based week t, when given.
    pub fn absence(&self, s: usize, k: usize, t: usize) -> Option<f64> {
        self.absence_h
            .at(t)
            .then(|| self.absence_h.values[[s, k, t]])
    }

    /// Recomputes [`Actuals::past`]: the last week any quantity is given for.
    pub fn set_past(&mut self) {
        self.past = Quantity::ALL
            .into_iter()
            .filter_map(|q| self.given(q).iter().rposition(|&g| g).map(|t| t + 1))
            .max()
            .unwrap_or(0);
    }
}
