//! The typed applier: a parsed [`ParamPath`] bound to a validated [`Instance`] (ids resolved
//! to typed ids, weeks to a range), checked, then applied. Scenario sweeps use it.

use super::{find, rounded, Extent, LawField, Op, Param, ParamPath, PathwayField, StaffField};
use crate::plant::*;
use ndarray::s;

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
    /// `law.<field>`.
    Law(LawField),
    /// `pathway.<field>`.
    Pathway(PathwayField),
    /// `social.aid_modulation`.
    AidModulation,
    /// `social.insertion_workers_per_adviser`.
    AdviserRatio,
    /// `social.adviser_cost_eur_per_year`.
    AdviserCost,
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
    /// The value is a whole number ([`ParamPath::whole`]): stored rounded.
    pub whole: bool,
}

/// Resolves a path against the base instance and checks the value it would take.
pub fn resolve(
    inst: &Instance,
    path: &str,
    op: Op,
    weeks: Option<[usize; 2]>,
) -> Result<Change, String> {
    let pp = ParamPath::parse(path)?;
    pp.check_op(path, op)?;
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
    if weeks.is_some() && !pp.info().series {
        return Err(format!(
            "`weeks` applies to tonnage and price paths only, not \"{path}\""
        ));
    }
    let target = bind(inst, &pp, from, to)?;
    pp.check_value(path, op, base(inst, &target))?;
    Ok(Change {
        target,
        op,
        column: path.to_string(),
        whole: pp.whole(),
    })
}

/// Resolves the ids of a parsed path to typed ids of the instance.
fn bind(inst: &Instance, pp: &ParamPath, from: usize, to: usize) -> Result<Target, String> {
    let p = &inst.plant;
    let id = |i: usize| pp.id(i);
    let stream = |i| {
        find(
            p.streams.iter().map(|x| x.named.id.as_str()),
            id(i),
            "stream",
        )
    };
    let line = |i| find(p.lines.iter().map(|x| x.named.id.as_str()), id(i), "line");
    let site = |i| find(p.sites.iter().map(|x| x.named.id.as_str()), id(i), "site");
    let outlet = |i| {
        find(
            p.outlets.iter().map(|x| x.named.id.as_str()),
            id(i),
            "outlet",
        )
    };
    let category = |i| {
        find(
            p.categories.iter().map(|x| x.named.id.as_str()),
            id(i),
            "category",
        )
    };
    let scalar = match pp.param {
        Param::AllTonnage => return Ok(Target::AllTonnage),
        Param::Tonnage => return Ok(Target::Tonnage(StreamId(stream(0)?), from, to)),
        Param::Price => {
            let o = OutletId(outlet(0)?);
            let f = FractionId(find(
                p.fractions.iter().map(|x| x.named.id.as_str()),
                id(1),
                "fraction",
            )?);
            if !p.outlets[o.0].accepts[f.0] {
                return Err(super::not_taken(id(0), id(1)));
            }
            return Ok(Target::Price(o, f, from, to));
        }
        Param::InsertionShare => Scalar::InsertionShare,
        Param::FundedPosts => Scalar::FundedPosts,
        Param::Aid => Scalar::Aid,
        Param::SupervisionRatio => Scalar::SupervisionRatio,
        Param::PlantRecovery => Scalar::PlantRecovery,
        Param::PlantRecycling => Scalar::PlantRecycling,
        Param::CategoryRecovery => Scalar::CategoryRecovery(CategoryId(category(0)?)),
        Param::CategoryRecycling => Scalar::CategoryRecycling(CategoryId(category(0)?)),
        Param::Staff(f) => {
            let s = SiteId(site(0)?);
            let kind = pp.staff_kind().filter(|&k| p.staff(s, k).is_some());
            let kind = kind.ok_or_else(|| super::no_staff_group(id(0), id(1)))?;
            Scalar::Staff(s, kind, f)
        }
        Param::LineAvailability => Scalar::LineAvailability(LineId(line(0)?)),
        Param::LineRate => Scalar::LineRate(LineId(line(0)?)),
        Param::LineRunningCost => Scalar::LineRunningCost(LineId(line(0)?)),
        Param::IntakeCapacity => Scalar::IntakeCapacity(SiteId(site(0)?)),
        Param::OutputCapacity => Scalar::OutputCapacity(SiteId(site(0)?)),
        Param::ExternalCost => Scalar::ExternalCost(StreamId(stream(0)?)),
        Param::ShiftHours => Scalar::ShiftHours(ShiftId(find(
            p.shifts.iter().map(|x| x.named.id.as_str()),
            id(0),
            "shift",
        )?)),
        Param::OutletMin => Scalar::OutletMin(OutletId(outlet(0)?)),
        Param::OutletMax => Scalar::OutletMax(OutletId(outlet(0)?)),
        Param::OutletWeekly => Scalar::OutletWeekly(OutletId(outlet(0)?)),
        Param::Law(f) => Scalar::Law(f),
        Param::Pathway(f) => Scalar::Pathway(f),
        Param::AidModulation => Scalar::AidModulation,
        Param::AdviserRatio => Scalar::AdviserRatio,
        Param::AdviserCost => Scalar::AdviserCost,
    };
    Ok(Target::Scalar(scalar))
}

/// The extent of the base values a target addresses (`None`: the base has no value).
fn base(inst: &Instance, t: &Target) -> Option<Extent> {
    let cells = |v: ndarray::ArrayView1<f64>| Extent::of(v.iter().copied());
    match t {
        Target::AllTonnage => Some(Extent::of(inst.supply_t.iter().copied())),
        Target::Tonnage(k, from, to) => Some(Extent::of(
            inst.supply_t.slice(s![.., k.0, *from..*to]).iter().copied(),
        )),
        Target::Price(o, f, from, to) => {
            Some(cells(inst.price_eur_per_t.slice(s![o.0, f.0, *from..*to])))
        }
        Target::Scalar(Scalar::LineRate(l)) => Some(Extent::of(
            inst.plant.lines[l.0]
                .processes
                .iter()
                .map(|p| p.rate_t_per_h),
        )),
        Target::Scalar(s) => get(inst, *s).map(Extent::one),
    }
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
                StaffField::Absenteeism => g.absenteeism,
                StaffField::PaidLeave => g.paid_leave_weeks,
                StaffField::HireCost => return g.hire_cost_eur,
                StaffField::DepartureCost => return g.departure_cost_eur,
                StaffField::AgencyMarkup => g.agency_markup,
                StaffField::HeadcountStart => return g.headcount_start,
            }
        }
        Scalar::Law(f) => {
            let l = &p.law;
            match f {
                LawField::FullTimeWeek => l.full_time_h_per_week,
                LawField::WorkedYear => l.worked_h_per_year,
                LawField::MaxWeek => l.max_h_per_week,
                LawField::OvertimeStep => l.overtime_step_h,
                LawField::Premium1 => l.overtime_premium_1,
                LawField::Premium2 => l.overtime_premium_2,
                LawField::OvertimeQuota => l.overtime_quota_h_per_year,
                LawField::PaidLeave => l.paid_leave_weeks,
            }
        }
        Scalar::Pathway(f) => {
            let w = &p.pathway;
            match f {
                PathwayField::MinContract => w.min_contract_weeks as f64,
                PathwayField::MaxContract => w.max_contract_weeks as f64,
                PathwayField::Training => w.training_h_per_week,
                PathwayField::EntryCost => w.entry_cost_eur,
                PathwayField::ExitRate => w.exit_to_employment_rate,
                PathwayField::EarlyExitRate => w.early_exit_rate_per_week,
            }
        }
        Scalar::AidModulation => p.social.aid_modulation,
        Scalar::AdviserRatio => return p.social.insertion_workers_per_adviser,
        Scalar::AdviserCost => p.social.adviser_cost_eur_per_year,
        Scalar::LineAvailability(l) => p.lines[l.0].availability,
        Scalar::LineRate(_) => return None,
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

/// Applies a resolved change to an instance. Tonnage changes change the forecast only: the
/// weeks whose intake the instance's actuals give keep what was collected.
pub fn apply(inst: &mut Instance, c: &Change) {
    change(inst, c);
    if matches!(c.target, Target::AllTonnage | Target::Tonnage(..)) {
        if let Some(a) = inst.actuals.as_deref() {
            for t in a.intake.weeks() {
                inst.supply_t
                    .slice_mut(s![.., .., t])
                    .assign(&a.intake.values.slice(s![.., .., t]));
            }
        }
    }
}

fn change(inst: &mut Instance, c: &Change) {
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
            let v = rounded(op.on(base), c.whole);
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
                            StaffField::Absenteeism => g.absenteeism = v,
                            StaffField::PaidLeave => g.paid_leave_weeks = v,
                            StaffField::HireCost => g.hire_cost_eur = Some(v),
                            StaffField::DepartureCost => g.departure_cost_eur = Some(v),
                            StaffField::AgencyMarkup => g.agency_markup = v,
                            StaffField::HeadcountStart => g.headcount_start = Some(v),
                        }
                    }
                }
                Scalar::Law(f) => {
                    let l = &mut p.law;
                    match f {
                        LawField::FullTimeWeek => l.full_time_h_per_week = v,
                        LawField::WorkedYear => l.worked_h_per_year = v,
                        LawField::MaxWeek => l.max_h_per_week = v,
                        LawField::OvertimeStep => l.overtime_step_h = v,
                        LawField::Premium1 => l.overtime_premium_1 = v,
                        LawField::Premium2 => l.overtime_premium_2 = v,
                        LawField::OvertimeQuota => l.overtime_quota_h_per_year = v,
                        LawField::PaidLeave => {
                            // Groups on the law's leave follow it (see the table's meaning).
                            for g in p.staff.iter_mut().flatten() {
                                if g.paid_leave_weeks == base {
                                    g.paid_leave_weeks = v;
                                }
                            }
                            l.paid_leave_weeks = v;
                        }
                    }
                }
                Scalar::Pathway(f) => {
                    let w = &mut p.pathway;
                    match f {
                        PathwayField::MinContract => w.min_contract_weeks = v as usize,
                        PathwayField::MaxContract => w.max_contract_weeks = v as usize,
                        PathwayField::Training => w.training_h_per_week = v,
                        PathwayField::EntryCost => w.entry_cost_eur = v,
                        PathwayField::ExitRate => w.exit_to_employment_rate = v,
                        PathwayField::EarlyExitRate => w.early_exit_rate_per_week = v,
                    }
                }
                Scalar::AidModulation => p.social.aid_modulation = v,
                Scalar::AdviserRatio => p.social.insertion_workers_per_adviser = Some(v),
                Scalar::AdviserCost => p.social.adviser_cost_eur_per_year = v,
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
