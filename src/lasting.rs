//! What each extra lasting exit costs: the trade-off curve of the plan's cost against its
//! lasting exits (placements with partner firms on lasting contracts, and the open market's
//! expected lasting jobs; FORMULATION §4.7b).
//!
//! The plan as solved is the first point. Each further point asks for one more lasting exit
//! than the one before (`pathway.lasting_exits_min`, from the plan's own lasting exits rounded
//! down, plus 1, 2, ...), and is a solved and checked plan; the curve stops at the first target
//! no plan can meet. The cost of an extra lasting exit is the rise of the objective from the
//! previous point over the rise of the lasting exits.

use crate::check::categories;
use crate::error::Error;
use crate::plant::Instance;
use crate::{RunOptions, Solved, Status};
use serde::Serialize;
use std::fmt::Write as _;

/// One point of the curve.
#[derive(Debug, Clone, Serialize)]
pub struct CurvePoint {
    /// The least lasting exits asked for (none: the plan as solved).
    pub target: Option<f64>,
    /// The run's status.
    pub status: String,
    /// The lasting exits of the plan.
    pub lasting: Option<f64>,
    /// Placements with partner firms.
    pub placements: Option<f64>,
    /// The plan's cost (objective, EUR).
    pub cost_eur: Option<f64>,
    /// The rise of the cost from the previous point over the rise of the lasting exits (EUR
    /// per lasting exit).
    pub eur_per_extra_lasting_exit: Option<f64>,
}

/// The curve, in order of rising target.
#[derive(Debug, Clone, Serialize)]
pub struct LastingCurve {
    /// The points, the plan as solved first.
    pub points: Vec<CurvePoint>,
}

/// The point of a run whose plan the checker passed.
fn point(inst: &Instance, target: Option<f64>, s: &Solved) -> CurvePoint {
    let ok = matches!(s.status, Status::Optimal | Status::Feasible) && s.check.is_some();
    let (mut lasting, mut placements) = (None, None);
    if let (true, Some(plan), Some(c)) = (ok, &s.plan, &s.check) {
        let k = categories(inst, plan, &c.pathways);
        lasting = Some(k.lasting);
        placements = Some(k.placements);
    }
    CurvePoint {
        target,
        status: s.status.name().to_string(),
        lasting,
        placements,
        cost_eur: if ok { s.objective } else { None },
        eur_per_extra_lasting_exit: None,
    }
}

/// The curve of `inst`, whose plan is `solved`, over `steps` more lasting exits, solved on
/// `jobs` threads (each solve single-threaded when there are several).
pub fn curve(
    inst: &Instance,
    solved: &Solved,
    opts: &RunOptions,
    steps: usize,
    jobs: usize,
) -> Result<LastingCurve, Error> {
    let first = point(inst, None, solved);
    let Some(l0) = first.lasting else {
        return Ok(LastingCurve {
            points: vec![first],
        });
    };
    let base = (l0 + 1e-9)
        .floor()
        .max(inst.plant.pathway.lasting_exits_min);
    let runs: Vec<(f64, Instance)> = (1..=steps)
        .map(|i| {
            let mut x = inst.clone();
            x.plant.pathway.lasting_exits_min = base + i as f64;
            (base + i as f64, x)
        })
        .collect();
    let insts: Vec<&Instance> = runs.iter().map(|(_, i)| i).collect();
    let solved_all = crate::run_all(&insts, opts, jobs)?;
    let mut points = vec![first];
    for ((target, i), s) in runs.iter().zip(&solved_all) {
        let mut p = point(i, Some(*target), s);
        let prev = points.last().expect("the first point");
        if let (Some(c0), Some(l0), Some(c1), Some(l1)) =
            (prev.cost_eur, prev.lasting, p.cost_eur, p.lasting)
        {
            if l1 - l0 > 1e-6 {
                p.eur_per_extra_lasting_exit = Some((c1 - c0) / (l1 - l0));
            }
        }
        let stop = p.cost_eur.is_none();
        points.push(p);
        if stop {
            break;
        }
    }
    Ok(LastingCurve { points })
}

impl LastingCurve {
    /// The curve as a terminal table.
    pub fn text(&self) -> String {
        let mut o = String::from(
            "\nWhat each extra lasting exit costs (each point a solved and checked plan)\n",
        );
        let _ = writeln!(
            o,
            "  {:>8} {:>9} {:>11} {:>14} {:>18}  status",
            "target", "lasting", "placements", "cost EUR", "EUR per extra exit"
        );
        let f = |x: Option<f64>, d: usize| x.map_or_else(|| "-".into(), |v| format!("{v:.d$}"));
        for p in &self.points {
            let _ = writeln!(
                o,
                "  {:>8} {:>9} {:>11} {:>14} {:>18}  {}",
                p.target
                    .map_or_else(|| "plan".into(), |t| format!("{t:.0}")),
                f(p.lasting, 1),
                f(p.placements, 0),
                f(p.cost_eur, 0),
                f(p.eur_per_extra_lasting_exit, 0),
                p.status
            );
        }
        o
    }

    /// The curve as CSV (`lasting_curve.csv`).
    pub fn csv(&self) -> String {
        let mut o = String::from(
            "target,status,lasting_exits,placements,cost_eur,eur_per_extra_lasting_exit\n",
        );
        let f = |x: Option<f64>| x.map_or_else(String::new, |v| format!("{v}"));
        for p in &self.points {
            let _ = writeln!(
                o,
                "{},{},{},{},{},{}",
                f(p.target),
                p.status,
                f(p.lasting),
                f(p.placements),
                f(p.cost_eur),
                f(p.eur_per_extra_lasting_exit)
            );
        }
        o
    }
}
