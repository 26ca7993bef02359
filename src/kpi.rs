//! Key figures of a plan, computed from the plan's numbers and the instance data alone.

use crate::plan::Plan;
use crate::plant::*;
use ndarray::s;
use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;

mod social;
pub use social::{
    social, Aid, GroupHours, InsertionFte, KindStaff, Pathways, Range, SocialKpis, PAYROLL,
};

/// Whose figure: the plant as a whole, or one category. The recovery and recycling targets
/// (`models/FORMULATION.md` §4.16-4.17) and their key figures come at both scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// All categories together.
    Plant,
    /// One category.
    Category(CategoryId),
}

impl From<Option<CategoryId>> for Scope {
    /// `None` is the plant, as the model's rows write it.
    fn from(c: Option<CategoryId>) -> Self {
        c.map_or(Scope::Plant, Scope::Category)
    }
}

impl Scope {
    /// The category, if the scope is one.
    pub fn category(self) -> Option<CategoryId> {
        match self {
            Scope::Plant => None,
            Scope::Category(c) => Some(c),
        }
    }
}

/// Recovery figures of one category (or the whole plant).
#[derive(Debug, Clone, Serialize)]
pub struct RecoveryKpi {
    /// Whose figures these are.
    #[serde(skip)]
    pub scope: Scope,
    /// Category id as reports and the JSON output print it (`plant` for the plant); never
    /// compared to find a row: use [`RecoveryKpi::scope`].
    pub id: String,
    /// Display name (`Whole plant` for the plant).
    pub name: String,
    /// Tonnes processed on the plant's lines.
    pub processed_t: f64,
    /// Tonnes sent to the external contractor.
    pub external_t: f64,
    /// Tonnes accounted for: processed + external + opening output stock.
    pub accountable_t: f64,
    /// Tonnes counted as recovered (shipments times the outlets' recovered share, plus the
    /// external contractor's recovered share).
    pub recovered_t: f64,
    /// Tonnes counted as recycled.
    pub recycled_t: f64,
    /// recovered / accountable (`None` when nothing is accountable).
    pub recovery_rate: Option<f64>,
    /// recycled / accountable.
    pub recycling_rate: Option<f64>,
    /// Recovery target.
    pub recovery_target: Option<f64>,
    /// Recycling target.
    pub recycling_target: Option<f64>,
}

/// Figures of one line.
#[derive(Debug, Clone, Serialize)]
pub struct LineKpi {
    /// Line id.
    pub id: String,
    /// Tonnes processed over the horizon.
    pub processed_t: f64,
    /// Line-hours run.
    pub hours: f64,
    /// Line-hours available (shift hours times availability).
    pub available_h: f64,
    /// hours / available.
    pub utilisation: f64,
}

/// Staff figures of one kind (all sites).
#[derive(Debug, Clone, Serialize)]
pub struct StaffKpi {
    /// Kind.
    pub kind: StaffKind,
    /// Headcount, all sites: each site's largest weekly headcount, summed (0 for temporary
    /// staff, bought as hours).
    pub headcount: f64,
    /// Hours worked, all sites (production hours on lines; supervision for supervisors).
    pub worked_h: f64,
    /// Hours paid.
    pub paid_h: f64,
    /// Hours worked per shift (dense over shifts).
    pub worked_h_by_shift: Vec<f64>,
}

/// Recovery figures per category and for the plant as a whole.
///
/// Serialised as one array, the categories in the model's order and then the plant (id
/// `plant`): the `kpis.categories[]` of the JSON output.
#[derive(Debug, Clone)]
pub struct RecoveryKpis {
    /// Per category, indexed by [`CategoryId`].
    pub categories: Vec<RecoveryKpi>,
    /// The plant as a whole.
    pub plant: RecoveryKpi,
}

impl RecoveryKpis {
    /// The figures of one scope.
    pub fn get(&self, scope: Scope) -> &RecoveryKpi {
        match scope {
            Scope::Plant => &self.plant,
            Scope::Category(c) => &self.categories[c.0],
        }
    }
    /// Every scope's figures: the categories in order, then the plant (the reports' order).
    pub fn iter(&self) -> impl Iterator<Item = &RecoveryKpi> {
        self.categories.iter().chain(std::iter::once(&self.plant))
    }
}

impl Serialize for RecoveryKpis {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut seq = ser.serialize_seq(Some(self.categories.len() + 1))?;
        for r in self.iter() {
            seq.serialize_element(r)?;
        }
        seq.end()
    }
}

/// The key figures of a plan.
#[derive(Debug, Clone, Serialize)]
pub struct Kpis {
    /// Tonnes collected.
    pub supply_t: f64,
    /// Tonnes processed on the lines.
    pub processed_t: f64,
    /// Tonnes sent to the external contractor (the shortfall).
    pub external_t: f64,
    /// Recovered share of accountable tonnage, plant-wide.
    pub recovery_rate: Option<f64>,
    /// Recycled share of accountable tonnage, plant-wide.
    pub recycling_rate: Option<f64>,
    /// Insertion hours over production hours, all sites.
    pub insertion_share: Option<f64>,
    /// Insertion headcount, all sites: each site's largest weekly headcount, summed.
    pub insertion_headcount: f64,
    /// Insertion full-time equivalents used over the horizon (paid hours over
    /// `social.full_time_h_per_year`, pro rata of the horizon): what the agreed posts bound.
    pub insertion_fte: f64,
    /// Recovery and recycling per category and for the plant (serialised as `categories`:
    /// per category, then the plant).
    #[serde(rename = "categories")]
    pub recovery: RecoveryKpis,
    /// Per line.
    pub lines: Vec<LineKpi>,
    /// Per staff kind.
    pub staff: Vec<StaffKpi>,
    /// Tonnes shipped per outlet.
    pub shipped_t: Vec<(String, f64)>,
    /// The social balance sheet (the JSON output's top-level `social`, not under `kpis`).
    #[serde(skip)]
    pub social: SocialKpis,
}

impl Kpis {
    /// Recovery figures of the plant as a whole.
    pub fn plant(&self) -> &RecoveryKpi {
        &self.recovery.plant
    }
    /// Recovery figures of one category.
    pub fn category(&self, c: CategoryId) -> &RecoveryKpi {
        &self.recovery.categories[c.0]
    }
    /// Recovery figures of one scope.
    pub fn scope(&self, scope: Scope) -> &RecoveryKpi {
        self.recovery.get(scope)
    }
}

fn rate(num: f64, den: f64) -> Option<f64> {
    (den > 1e-9).then(|| num / den)
}

/// Computes the key figures.
pub fn kpis(inst: &Instance, plan: &Plan) -> Kpis {
    let p = &inst.plant;
    let recovery = recovery(inst, plan);
    let staff = staff(inst, plan);
    let production: f64 = staff[..3].iter().map(|k| k.worked_h).sum();
    let ins = &staff[StaffKind::Insertion.index()];
    Kpis {
        supply_t: inst.supply_t.sum(),
        processed_t: recovery.plant.processed_t,
        external_t: plan.external_t.sum(),
        recovery_rate: recovery.plant.recovery_rate,
        recycling_rate: recovery.plant.recycling_rate,
        insertion_share: rate(ins.worked_h, production),
        insertion_headcount: ins.headcount,
        insertion_fte: ins.paid_h / (p.social.full_time_h_per_year * inst.weeks as f64 / 52.0),
        recovery,
        lines: lines(inst, plan),
        shipped_t: shipped(inst, plan),
        staff,
        social: social(inst, plan),
    }
}

/// Tonnes processed, sent out, accountable, recovered and recycled per category (outlets and
/// the external contractor recover their shares), then their sums for the plant.
fn recovery(inst: &Instance, plan: &Plan) -> RecoveryKpis {
    let p = &inst.plant;
    let nc = p.categories.len();
    let mut processed_c = vec![0.0; nc];
    for (l, line) in p.lines.iter().enumerate() {
        for pr in &line.processes {
            processed_c[p.streams[pr.stream.0].category.0] +=
                plan.processed_t.slice(s![l, pr.stream.0, .., ..]).sum();
        }
    }
    let mut recovered_c = vec![0.0; nc];
    let mut recycled_c = vec![0.0; nc];
    for (o, out) in p.outlets.iter().enumerate() {
        for (q, &(_, c)) in p.lots.iter().enumerate() {
            let t = plan.shipped_t.slice(s![.., o, q, ..]).sum();
            recovered_c[c.0] += out.recovered_share * t;
            recycled_c[c.0] += out.recycled_share * t;
        }
    }
    let mut external_c = vec![0.0; nc];
    for (k, stream) in p.streams.iter().enumerate() {
        let e = plan.external_t.slice(s![.., k, ..]).sum();
        let c = stream.category.0;
        external_c[c] += e;
        recovered_c[c] += stream.external_recovered_share * e;
        recycled_c[c] += stream.external_recycled_share * e;
    }
    let mut accountable_c: Vec<f64> = (0..nc).map(|c| processed_c[c] + external_c[c]).collect();
    for s in 0..p.sites.len() {
        for (q, &(_, c)) in p.lots.iter().enumerate() {
            accountable_c[c.0] += p.output_stock[[s, q]].opening_t;
        }
    }
    let categories: Vec<RecoveryKpi> = p
        .categories
        .iter()
        .enumerate()
        .map(|(c, cat)| RecoveryKpi {
            scope: Scope::Category(CategoryId(c)),
            id: cat.named.id.clone(),
            name: cat.named.name.clone(),
            processed_t: processed_c[c],
            external_t: external_c[c],
            accountable_t: accountable_c[c],
            recovered_t: recovered_c[c],
            recycled_t: recycled_c[c],
            recovery_rate: rate(recovered_c[c], accountable_c[c]),
            recycling_rate: rate(recycled_c[c], accountable_c[c]),
            recovery_target: cat.recovery_target,
            recycling_target: cat.recycling_target,
        })
        .collect();
    let (pt, et, at, rt, ct): (f64, f64, f64, f64, f64) = (
        processed_c.iter().sum(),
        external_c.iter().sum(),
        accountable_c.iter().sum(),
        recovered_c.iter().sum(),
        recycled_c.iter().sum(),
    );
    let plant = RecoveryKpi {
        scope: Scope::Plant,
        id: "plant".into(),
        name: "Whole plant".into(),
        processed_t: pt,
        external_t: et,
        accountable_t: at,
        recovered_t: rt,
        recycled_t: ct,
        recovery_rate: rate(rt, at),
        recycling_rate: rate(ct, at),
        recovery_target: p.recovery_target,
        recycling_target: p.recycling_target,
    };
    RecoveryKpis { categories, plant }
}

/// Tonnes shipped per outlet.
fn shipped(inst: &Instance, plan: &Plan) -> Vec<(String, f64)> {
    let p = &inst.plant;
    p.outlets
        .iter()
        .enumerate()
        .map(|(o, out)| {
            let mut t = 0.0;
            for q in 0..p.lots.len() {
                t += plan.shipped_t.slice(s![.., o, q, ..]).sum();
            }
            (out.named.id.clone(), t)
        })
        .collect()
}

/// Tonnes, line-hours and available hours (open shifts times availability) per line.
fn lines(inst: &Instance, plan: &Plan) -> Vec<LineKpi> {
    let p = &inst.plant;
    p.lines
        .iter()
        .enumerate()
        .map(|(l, line)| {
            let mut hours = 0.0;
            for pr in &line.processes {
                hours += plan.processed_t.slice(s![l, pr.stream.0, .., ..]).sum() / pr.rate_t_per_h;
            }
            let mut available = 0.0;
            for (h, shift) in p.shifts.iter().enumerate() {
                if line.shifts[h] {
                    for t in 0..inst.weeks {
                        available += shift.hours_per_week
                            * inst.availability[[line.site.0, t]]
                            * line.availability;
                    }
                }
            }
            LineKpi {
                id: line.named.id.clone(),
                processed_t: plan.processed_t.slice(s![l, .., .., ..]).sum(),
                hours,
                available_h: available,
                utilisation: rate(hours, available).unwrap_or(0.0),
            }
        })
        .collect()
}

/// Headcount, paid and worked hours per staff kind (supervisors from their own hours).
fn staff(inst: &Instance, plan: &Plan) -> Vec<StaffKpi> {
    StaffKind::ALL
        .iter()
        .map(|&k| {
            let by_shift: Vec<f64> = (0..inst.plant.shifts.len())
                .map(|h| {
                    if k == StaffKind::Supervisor {
                        plan.supervisor_h.slice(s![.., h, ..]).sum()
                    } else {
                        plan.line_hours.slice(s![k.index(), .., h, ..]).sum()
                    }
                })
                .collect();
            StaffKpi {
                kind: k,
                headcount: plan.headcount.slice(s![.., k.index()]).sum(),
                worked_h: by_shift.iter().sum(),
                paid_h: plan.paid_h.slice(s![.., k.index(), ..]).sum(),
                worked_h_by_shift: by_shift,
            }
        })
        .collect()
}
