//! Parameter paths a scenario can vary, resolved to typed targets once, then applied.
//!
//! | path | meaning | range |
//! |---|---|---|
//! | `tonnage` | all collected tonnage (scale only) | factor >= 0 |
//! | `tonnage.<stream>` | a stream's weekly tonnage, all areas (`set`: total per week, split as in the base) | >= 0 |
//! | `price.<outlet>.<fraction>` | an outlet's price for a fraction | finite |
//! | `social.insertion_share_min` | least insertion share of production hours | 0 to 1 |
//! | `social.funded_posts` | state-funded insertion posts | >= 0 |
//! | `social.aid_eur_per_post_year` | state aid per full-time post | >= 0 |
//! | `social.insertion_workers_per_supervisor` | supervision ratio | > 0 |
//! | `targets.recovery`, `targets.recycling` | plant-wide targets | 0 to 1 |
//! | `category.<id>.recovery_target`, `.recycling_target` | a category's targets | 0 to 1 |
//! | `staff.<site>.<kind>.<field>` | `headcount_min`, `headcount_max`, `min_h_per_week`, `max_h_per_week`, `cost_eur_per_h`, `productivity` | >= 0 (productivity > 0) |
//! | `line.<id>.availability` | share of shift hours available | 0 to 1 |
//! | `line.<id>.rate` | every throughput of the line (scale only; `set` refused) | factor > 0 |
//! | `line.<id>.running_cost_eur_per_h` | running cost | >= 0 |
//! | `site.<id>.intake_capacity_t`, `.output_capacity_t` | storage capacities | >= 0 |
//! | `stream.<id>.external_cost_eur_per_t` | external contractor cost | finite |
//! | `shift.<id>.hours_per_week` | shift hours | 0 to 168 |
//! | `outlet.<id>.min_t`, `.max_t`, `.max_t_per_week` | contract bounds | >= 0 |

use crate::plant::*;
use ndarray::s;

/// How a change acts on the base value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    /// Replace it.
    Set(f64),
    /// Multiply it.
    Scale(f64),
}

impl Op {
    fn on(self, base: f64) -> f64 {
        match self {
            Op::Set(v) => v,
            Op::Scale(f) => base * f,
        }
    }
    /// Short label for names and summary cells.
    pub fn label(self) -> String {
        match self {
            Op::Set(v) => format!("{v}"),
            Op::Scale(f) => format!("x{f}"),
        }
    }
    /// The value as a number (the set value or the factor).
    pub fn value(self) -> f64 {
        match self {
            Op::Set(v) | Op::Scale(v) => v,
        }
    }
}

/// A resolved parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// All tonnage (scale).
    AllTonnage,
    /// One stream's tonnage, weeks `[from, to)` (0-based).
    Tonnage(StreamId, usize, usize),
    /// One outlet's price for one fraction, weeks `[from, to)`.
    Price(OutletId, FractionId, usize, usize),
    /// A scalar field, addressed by a closure-free enum.
    Scalar(Scalar),
}

/// Scalar parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar {
    /// `social.insertion_share_min`.
    InsertionShare,
    /// `social.funded_posts`.
    FundedPosts,
    /// `social.aid_eur_per_post_year`.
    Aid,
    /// `social.insertion_workers_per_supervisor`.
    SupervisionRatio,
    /// `targets.recovery`.
    PlantRecovery,
    /// `targets.recycling`.
    PlantRecycling,
    /// `category.<id>.recovery_target`.
    CategoryRecovery(CategoryId),
    /// `category.<id>.recycling_target`.
    CategoryRecycling(CategoryId),
    /// `staff.<site>.<kind>.<field>`.
    Staff(SiteId, StaffKind, StaffField),
    /// `line.<id>.availability`.
    LineAvailability(LineId),
    /// `line.<id>.rate` (scale).
    LineRate(LineId),
    /// `line.<id>.running_cost_eur_per_h`.
    LineRunningCost(LineId),
    /// `site.<id>.intake_capacity_t`.
    IntakeCapacity(SiteId),
    /// `site.<id>.output_capacity_t`.
    OutputCapacity(SiteId),
    /// `stream.<id>.external_cost_eur_per_t`.
    ExternalCost(StreamId),
    /// `shift.<id>.hours_per_week`.
    ShiftHours(ShiftId),
    /// `outlet.<id>.min_t`.
    OutletMin(OutletId),
    /// `outlet.<id>.max_t`.
    OutletMax(OutletId),
    /// `outlet.<id>.max_t_per_week`.
    OutletWeekly(OutletId),
}

/// Fields of a staff group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StaffField {
    /// Least headcount.
    HeadcountMin,
    /// Largest headcount.
    HeadcountMax,
    /// Least weekly hours per person.
    MinHours,
    /// Most weekly hours per person.
    MaxHours,
    /// Hourly cost.
    Cost,
    /// Productivity.
    Productivity,
}

/// A resolved change.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// What it changes.
    pub target: Target,
    /// How.
    pub op: Op,
    /// Summary column name (the path as written).
    pub column: String,
}

fn find<T>(items: &[T], id: &str, name: impl Fn(&T) -> &str, what: &str) -> Result<usize, String> {
    items.iter().position(|x| name(x) == id).ok_or_else(|| {
        let known: Vec<&str> = items.iter().map(&name).collect();
        format!(
            "unknown {what} \"{id}\", expected one of: {}",
            known.join(", ")
        )
    })
}

/// Resolves a path against the base instance and checks the value it would take.
pub fn resolve(
    inst: &Instance,
    path: &str,
    op: Op,
    weeks: Option<[usize; 2]>,
) -> Result<Change, String> {
    let p = &inst.plant;
    scale_only(path, op)?;
    let parts: Vec<&str> = path.split('.').collect();
    let (from, to) = match weeks {
        Some([a, b]) if a >= 1 && a <= b && b <= inst.weeks => (a - 1, b),
        Some([a, b]) => {
            return Err(format!(
                "weeks [{a}, {b}]: expected 1 <= first <= last <= {}",
                inst.weeks
            ))
        }
        None => (0, inst.weeks),
    };
    let series = matches!(parts.first(), Some(&"tonnage") | Some(&"price"));
    if weeks.is_some() && !series {
        return Err(format!(
            "`weeks` applies to tonnage and price paths only, not \"{path}\""
        ));
    }
    let stream = |id: &str| find(&p.streams, id, |s| s.named.id.as_str(), "stream").map(StreamId);
    let line = |id: &str| find(&p.lines, id, |s| s.named.id.as_str(), "line").map(LineId);
    let site = |id: &str| find(&p.sites, id, |s| s.named.id.as_str(), "site").map(SiteId);
    let outlet = |id: &str| find(&p.outlets, id, |s| s.named.id.as_str(), "outlet").map(OutletId);
    let target = match parts.as_slice() {
        ["tonnage"] => Target::AllTonnage,
        ["tonnage", s] => Target::Tonnage(stream(s)?, from, to),
        ["price", o, f] => {
            let o = outlet(o)?;
            let f = FractionId(find(&p.fractions, f, |s| s.named.id.as_str(), "fraction")?);
            if !p.outlets[o.0].accepts[f.0] {
                return Err(format!("outlet \"{}\" does not take \"{}\", expected a fraction in its prices_eur_per_t", parts[1], parts[2]));
            }
            Target::Price(o, f, from, to)
        }
        ["social", "insertion_share_min"] => Target::Scalar(Scalar::InsertionShare),
        ["social", "funded_posts"] => Target::Scalar(Scalar::FundedPosts),
        ["social", "aid_eur_per_post_year"] => Target::Scalar(Scalar::Aid),
        ["social", "insertion_workers_per_supervisor"] => Target::Scalar(Scalar::SupervisionRatio),
        ["targets", "recovery"] => Target::Scalar(Scalar::PlantRecovery),
        ["targets", "recycling"] => Target::Scalar(Scalar::PlantRecycling),
        ["category", c, field] => {
            let c = CategoryId(find(&p.categories, c, |s| s.named.id.as_str(), "category")?);
            match *field {
                "recovery_target" => Target::Scalar(Scalar::CategoryRecovery(c)),
                "recycling_target" => Target::Scalar(Scalar::CategoryRecycling(c)),
                f => return Err(format!("unknown category field \"{f}\", expected recovery_target or recycling_target")),
            }
        }
        ["staff", s, k, field] => {
            let s = site(s)?;
            let kind = StaffKind::parse(k).ok_or_else(|| format!("unknown staff kind \"{k}\", expected permanent, insertion, temporary or supervisor"))?;
            if p.staff(s, kind).is_none() {
                return Err(format!("site \"{}\" has no {k} staff group", parts[1]));
            }
            let f = match *field {
                "headcount_min" => StaffField::HeadcountMin,
                "headcount_max" => StaffField::HeadcountMax,
                "min_h_per_week" => StaffField::MinHours,
                "max_h_per_week" => StaffField::MaxHours,
                "cost_eur_per_h" => StaffField::Cost,
                "productivity" => StaffField::Productivity,
                f => return Err(format!("unknown staff field \"{f}\", expected headcount_min, headcount_max, min_h_per_week, max_h_per_week, cost_eur_per_h or productivity")),
            };
            Target::Scalar(Scalar::Staff(s, kind, f))
        }
        ["line", l, field] => {
            let l = line(l)?;
            match *field {
                "availability" => Target::Scalar(Scalar::LineAvailability(l)),
                "rate" => Target::Scalar(Scalar::LineRate(l)),
                "running_cost_eur_per_h" => Target::Scalar(Scalar::LineRunningCost(l)),
                f => return Err(format!("unknown line field \"{f}\", expected availability, rate or running_cost_eur_per_h")),
            }
        }
        ["site", s, field] => {
            let s = site(s)?;
            match *field {
                "intake_capacity_t" => Target::Scalar(Scalar::IntakeCapacity(s)),
                "output_capacity_t" => Target::Scalar(Scalar::OutputCapacity(s)),
                f => return Err(format!("unknown site field \"{f}\", expected intake_capacity_t or output_capacity_t")),
            }
        }
        ["stream", s, "external_cost_eur_per_t"] => Target::Scalar(Scalar::ExternalCost(stream(s)?)),
        ["shift", h, "hours_per_week"] => {
            Target::Scalar(Scalar::ShiftHours(ShiftId(find(&p.shifts, h, |s| s.named.id.as_str(), "shift")?)))
        }
        ["outlet", o, field] => {
            let o = outlet(o)?;
            match *field {
                "min_t" => Target::Scalar(Scalar::OutletMin(o)),
                "max_t" => Target::Scalar(Scalar::OutletMax(o)),
                "max_t_per_week" => Target::Scalar(Scalar::OutletWeekly(o)),
                f => return Err(format!("unknown outlet field \"{f}\", expected min_t, max_t or max_t_per_week")),
            }
        }
        _ => return Err(format!("unknown parameter path \"{path}\", expected one of the paths listed in the README (tonnage.<stream>, price.<outlet>.<fraction>, social.insertion_share_min, ...)")),
    };
    let v = op.value();
    if !v.is_finite() {
        return Err(format!("got {v}, expected a finite number"));
    }
    let change = Change {
        target,
        op,
        column: path.to_string(),
    };
    check_value(inst, &change)?;
    Ok(change)
}

/// The base value of a scalar (None where the base has none, such as an absent target).
fn get(inst: &Instance, s: Scalar) -> Option<f64> {
    let p = &inst.plant;
    Some(match s {
        Scalar::InsertionShare => p.social.insertion_share_min,
        Scalar::FundedPosts => return p.social.funded_posts,
        Scalar::Aid => p.social.aid_eur_per_post_year,
        Scalar::SupervisionRatio => p.social.insertion_workers_per_supervisor,
        Scalar::PlantRecovery => return p.recovery_target,
        Scalar::PlantRecycling => return p.recycling_target,
        Scalar::CategoryRecovery(c) => return p.categories[c.0].recovery_target,
        Scalar::CategoryRecycling(c) => return p.categories[c.0].recycling_target,
        Scalar::Staff(site, k, f) => {
            let g = p.staff(site, k)?;
            match f {
                StaffField::HeadcountMin => g.headcount_min,
                StaffField::HeadcountMax => g.headcount_max,
                StaffField::MinHours => g.min_h_per_week,
                StaffField::MaxHours => g.max_h_per_week,
                StaffField::Cost => g.cost_eur_per_h,
                StaffField::Productivity => g.productivity,
            }
        }
        Scalar::LineAvailability(l) => p.lines[l.0].availability,
        Scalar::LineRate(_) => 1.0,
        Scalar::LineRunningCost(l) => p.lines[l.0].running_cost_eur_per_h,
        Scalar::IntakeCapacity(s) => p.sites[s.0].intake_capacity_t,
        Scalar::OutputCapacity(s) => p.sites[s.0].output_capacity_t,
        Scalar::ExternalCost(k) => p.streams[k.0].external_cost_eur_per_t,
        Scalar::ShiftHours(h) => p.shifts[h.0].hours_per_week,
        Scalar::OutletMin(o) => p.outlets[o.0].min_t,
        Scalar::OutletMax(o) => return p.outlets[o.0].max_t,
        Scalar::OutletWeekly(o) => return p.outlets[o.0].max_t_per_week,
    })
}

/// Paths that stand for many values (`tonnage`: all collected tonnage; `line.<id>.rate`:
/// every throughput of a line) take `scale` only: one `set` value cannot replace them. The
/// one check, shared by sweep scenarios and investment changes.
pub(crate) fn scale_only(path: &str, op: Op) -> Result<(), String> {
    let parts: Vec<&str> = path.split('.').collect();
    let what = match parts.as_slice() {
        ["tonnage"] => "every tonnage of every stream; use tonnage.<stream> to set one stream",
        ["line", _, "rate"] => "every process throughput of the line",
        _ => return Ok(()),
    };
    match op {
        Op::Scale(_) => Ok(()),
        Op::Set(v) => Err(format!(
            "`set = {v}` on \"{path}\": this path takes `scale` only (a factor on {what}), not `set`"
        )),
    }
}

fn check_value(inst: &Instance, c: &Change) -> Result<(), String> {
    use crate::validate::limits;
    let range = |v: f64, lo: f64, hi: f64, strict: bool| -> Result<(), String> {
        let ok = v.is_finite() && if strict { v > lo } else { v >= lo } && v <= hi;
        if ok {
            Ok(())
        } else {
            let hi = if hi.is_finite() {
                format!(" and at most {hi}")
            } else {
                String::new()
            };
            Err(format!(
                "the value would be {}, expected {} {lo}{hi}",
                crate::validate::num(v),
                if strict { "more than" } else { "at least" }
            ))
        }
    };
    // The largest absolute value a scaled series would hold.
    let scaled_max = |cells: ndarray::ArrayView3<f64>, f: f64| {
        cells.iter().fold(0.0_f64, |m, v| m.max(v.abs())) * f.abs()
    };
    match &c.target {
        Target::AllTonnage => match c.op {
            Op::Scale(f) => {
                range(f, 0.0, f64::INFINITY, false)?;
                range(
                    scaled_max(inst.supply_t.view(), f),
                    0.0,
                    limits::TONNES,
                    false,
                )
            }
            Op::Set(_) => Err("`tonnage` takes `scale` only; use tonnage.<stream> to set".into()),
        },
        Target::Tonnage(k, from, to) => match c.op {
            Op::Set(v) => range(v, 0.0, limits::TONNES, false),
            Op::Scale(f) => {
                range(f, 0.0, f64::INFINITY, false)?;
                let cells = inst.supply_t.slice(s![.., k.0..k.0 + 1, *from..*to]);
                range(scaled_max(cells, f), 0.0, limits::TONNES, false)
            }
        },
        Target::Price(o, x, from, to) => {
            let v = match c.op {
                Op::Set(v) => v.abs(),
                Op::Scale(f) => scaled_max(
                    inst.price_eur_per_t
                        .slice(s![o.0..o.0 + 1, x.0..x.0 + 1, *from..*to]),
                    f,
                ),
            };
            range(v, 0.0, limits::EUR_PER_T, false)
                .map_err(|_| format!("the price would reach {v} EUR per tonne in absolute value, expected at most {}", limits::EUR_PER_T))
        }
        Target::Scalar(Scalar::LineRate(l)) => {
            let f = c.op.value();
            range(f, 0.0, f64::INFINITY, true)?;
            for p in &inst.plant.lines[l.0].processes {
                range(
                    p.rate_t_per_h * f,
                    limits::MIN_RATE_T_PER_H,
                    limits::RATE_T_PER_H,
                    false,
                )?;
            }
            Ok(())
        }
        Target::Scalar(s) => {
            let base = get(inst, *s);
            let v = match (base, c.op) {
                (_, Op::Set(v)) => v,
                (Some(b), Op::Scale(f)) => b * f,
                (None, Op::Scale(_)) => {
                    return Err("the base has no value to scale, expected `set`".into())
                }
            };
            match s {
                Scalar::InsertionShare
                | Scalar::PlantRecovery
                | Scalar::PlantRecycling
                | Scalar::CategoryRecovery(_)
                | Scalar::CategoryRecycling(_)
                | Scalar::LineAvailability(_) => range(v, 0.0, 1.0, false),
                Scalar::SupervisionRatio => range(v, 0.1, 1000.0, false),
                Scalar::LineRate(_) => unreachable!("handled above"),
                Scalar::Staff(_, _, StaffField::Productivity) => range(v, 0.0, 3.0, true),
                Scalar::Staff(_, _, StaffField::HeadcountMin | StaffField::HeadcountMax)
                | Scalar::FundedPosts => range(v, 0.0, limits::PERSONS, false),
                Scalar::Staff(_, _, StaffField::MinHours | StaffField::MaxHours) => {
                    range(v, 0.0, 80.0, false)
                }
                Scalar::Staff(_, _, StaffField::Cost) | Scalar::LineRunningCost(_) => {
                    range(v, 0.0, limits::EUR_PER_H, false)
                }
                Scalar::Aid => range(v, 0.0, limits::EUR, false),
                Scalar::ShiftHours(_) => range(v, 0.0, 168.0, false),
                Scalar::ExternalCost(_) => range(v, -limits::EUR_PER_T, limits::EUR_PER_T, false),
                Scalar::IntakeCapacity(_)
                | Scalar::OutputCapacity(_)
                | Scalar::OutletMin(_)
                | Scalar::OutletMax(_)
                | Scalar::OutletWeekly(_) => range(v, 0.0, limits::TONNES, false),
            }
        }
    }
}

/// Applies a resolved change to an instance.
pub fn apply(inst: &mut Instance, c: &Change) {
    let op = c.op;
    match &c.target {
        Target::AllTonnage => inst.supply_t.mapv_inplace(|v| op.on(v)),
        Target::Tonnage(k, from, to) => {
            for t in *from..*to {
                let mut col = inst.supply_t.slice_mut(s![.., k.0, t]);
                match op {
                    Op::Scale(f) => col.mapv_inplace(|v| v * f),
                    Op::Set(total) => {
                        let sum: f64 = col.sum();
                        let n = col.len() as f64;
                        if sum > 0.0 {
                            col.mapv_inplace(|v| total * v / sum);
                        } else {
                            col.fill(total / n);
                        }
                    }
                }
            }
        }
        Target::Price(o, f, from, to) => {
            for t in *from..*to {
                let v = &mut inst.price_eur_per_t[[o.0, f.0, t]];
                *v = op.on(*v);
            }
        }
        Target::Scalar(s) => {
            let base = get(inst, *s).unwrap_or(0.0);
            let v = op.on(base);
            let p = &mut inst.plant;
            match *s {
                Scalar::InsertionShare => p.social.insertion_share_min = v,
                Scalar::FundedPosts => p.social.funded_posts = Some(v),
                Scalar::Aid => p.social.aid_eur_per_post_year = v,
                Scalar::SupervisionRatio => p.social.insertion_workers_per_supervisor = v,
                Scalar::PlantRecovery => p.recovery_target = Some(v),
                Scalar::PlantRecycling => p.recycling_target = Some(v),
                Scalar::CategoryRecovery(c) => p.categories[c.0].recovery_target = Some(v),
                Scalar::CategoryRecycling(c) => p.categories[c.0].recycling_target = Some(v),
                Scalar::Staff(site, k, f) => {
                    if let Some(g) = p.staff[[site.0, k.index()]].as_mut() {
                        match f {
                            StaffField::HeadcountMin => g.headcount_min = v,
                            StaffField::HeadcountMax => g.headcount_max = v,
                            StaffField::MinHours => g.min_h_per_week = v,
                            StaffField::MaxHours => g.max_h_per_week = v,
                            StaffField::Cost => g.cost_eur_per_h = v,
                            StaffField::Productivity => g.productivity = v,
                        }
                    }
                }
                Scalar::LineAvailability(l) => p.lines[l.0].availability = v,
                Scalar::LineRate(l) => {
                    for pr in &mut p.lines[l.0].processes {
                        pr.rate_t_per_h = op.on(pr.rate_t_per_h);
                    }
                }
                Scalar::LineRunningCost(l) => p.lines[l.0].running_cost_eur_per_h = v,
                Scalar::IntakeCapacity(site) => p.sites[site.0].intake_capacity_t = v,
                Scalar::OutputCapacity(site) => p.sites[site.0].output_capacity_t = v,
                Scalar::ExternalCost(k) => p.streams[k.0].external_cost_eur_per_t = v,
                Scalar::ShiftHours(h) => p.shifts[h.0].hours_per_week = v,
                Scalar::OutletMin(o) => p.outlets[o.0].min_t = v,
                Scalar::OutletMax(o) => p.outlets[o.0].max_t = Some(v),
                Scalar::OutletWeekly(o) => p.outlets[o.0].max_t_per_week = Some(v),
            }
        }
    }
}
