//! The raw applier: a parsed [`ParamPath`] applied to raw records before validation, so that
//! validation checks the model the changes produce. Investment options, trends and the
//! mission-free changes use it. Ids stay names: records come and go with the options in
//! service, and a change whose record is not in a year's model does nothing there. `weeks`
//! ranges are not supported here.

use super::{find, rounded, Extent, LawField, Op, Param, ParamPath, PathwayField, StaffField};
use crate::input::{ModelFile, PriceGrid, RawInstance, StaffRaw, TonnageGrid};
use crate::plant::StaffKind;
use ndarray::s;

/// What raw changes are resolved against: a model (the base, perhaps with options' patches)
/// and the base's weekly series, whose grids follow the model's order of records.
#[derive(Debug, Clone, Copy)]
pub struct RawBase<'a> {
    /// The model.
    pub model: &'a ModelFile,
    /// Weekly tonnage.
    pub tonnage: &'a TonnageGrid,
    /// Weekly price overrides.
    pub prices: Option<&'a PriceGrid>,
}

impl<'a> RawBase<'a> {
    /// A model with the series of a raw instance.
    pub fn new(model: &'a ModelFile, raw: &'a RawInstance) -> RawBase<'a> {
        RawBase {
            model,
            tonnage: &raw.tonnage,
            prices: raw.prices.as_ref(),
        }
    }
}

/// A parameter change on raw records.
#[derive(Debug, Clone, PartialEq)]
pub struct RawChange {
    /// The path as written.
    pub path: String,
    /// What it changes.
    pub target: ParamPath,
    /// Set or scale.
    pub op: Op,
}

/// Resolves a path against a model (its ids must exist there) and checks the values the
/// change would give, with the same checks and messages as the sweeps' [`super::typed`].
pub fn resolve(base: RawBase, path: &str, op: Op) -> Result<RawChange, String> {
    let pp = ParamPath::parse(path)?;
    pp.check_op(path, op)?;
    bind(base.model, &pp)?;
    pp.check_value(path, op, extent(base, &pp))?;
    Ok(RawChange {
        path: path.to_string(),
        target: pp,
        op,
    })
}

fn names<'a, T>(items: &'a [T], id: fn(&'a T) -> &'a str) -> impl Iterator<Item = &'a str> + Clone {
    items.iter().map(id)
}

/// Checks that the records a path names are in the model.
fn bind(m: &ModelFile, pp: &ParamPath) -> Result<(), String> {
    let id = |i: usize| pp.id(i);
    match pp.param {
        Param::AllTonnage | Param::InsertionShare | Param::FundedPosts | Param::Aid => {}
        Param::SupervisionRatio | Param::PlantRecovery | Param::PlantRecycling => {}
        Param::Law(_) | Param::Pathway(_) => {}
        Param::AidModulation | Param::AdviserRatio | Param::AdviserCost => {}
        Param::Tonnage | Param::ExternalCost => {
            find(names(&m.streams, |x| x.id.as_str()), id(0), "stream")?;
        }
        Param::Price => {
            let o = find(names(&m.outlets, |x| x.id.as_str()), id(0), "outlet")?;
            find(names(&m.fractions, |x| x.id.as_str()), id(1), "fraction")?;
            if !m.outlets[o].prices_eur_per_t.contains_key(id(1)) {
                return Err(super::not_taken(id(0), id(1)));
            }
        }
        Param::CategoryRecovery | Param::CategoryRecycling => {
            find(names(&m.categories, |x| x.id.as_str()), id(0), "category")?;
        }
        Param::Staff(_) => {
            find(names(&m.sites, |x| x.id.as_str()), id(0), "site")?;
            if staff(&m.staff, pp).is_none() {
                return Err(super::no_staff_group(id(0), id(1)));
            }
        }
        Param::LineAvailability | Param::LineRate | Param::LineRunningCost => {
            find(names(&m.lines, |x| x.id.as_str()), id(0), "line")?;
        }
        Param::IntakeCapacity | Param::OutputCapacity => {
            find(names(&m.sites, |x| x.id.as_str()), id(0), "site")?;
        }
        Param::ShiftHours => {
            find(names(&m.shifts, |x| x.id.as_str()), id(0), "shift")?;
        }
        Param::OutletMin | Param::OutletMax | Param::OutletWeekly => {
            find(names(&m.outlets, |x| x.id.as_str()), id(0), "outlet")?;
        }
    }
    Ok(())
}

/// A group's paid-leave weeks: its own, else the law's (temporary staff: none).
fn paid_leave(g: &StaffRaw, m: &ModelFile) -> f64 {
    g.paid_leave_weeks
        .unwrap_or(match StaffKind::parse(&g.kind) {
            Some(StaffKind::Temporary) => 0.0,
            _ => m.law.paid_leave_weeks,
        })
}

fn staff<'a>(groups: &'a [StaffRaw], pp: &ParamPath) -> Option<&'a StaffRaw> {
    groups
        .iter()
        .find(|g| g.site == pp.id(0) && g.kind == pp.id(1))
}

/// The extent of the base values a bound path addresses (`None`: the base has no value).
fn extent(base: RawBase, pp: &ParamPath) -> Option<Extent> {
    let m = base.model;
    match pp.param {
        Param::AllTonnage => Some(Extent::of(base.tonnage.values.iter().copied())),
        Param::Tonnage => {
            let k = m.streams.iter().position(|s| s.id == pp.id(0))?;
            let g = &base.tonnage.values;
            let cells = (k < g.dim().1).then(|| g.slice(s![.., k, ..]));
            Some(Extent::of(cells.into_iter().flatten().copied()))
        }
        Param::Price => {
            let (oi, fi) = price_cell(m, pp)?;
            let model = m.outlets[oi].prices_eur_per_t.get(pp.id(1)).copied();
            let weekly = base
                .prices
                .filter(|p| oi < p.values.dim().0 && fi < p.values.dim().1)
                .map(|p| overrides(p, oi, fi))
                .unwrap_or_default();
            Some(Extent::of(model.into_iter().chain(weekly)))
        }
        Param::LineRate => {
            let l = m.lines.iter().find(|x| x.id == pp.id(0))?;
            Some(Extent::of(l.processes.iter().map(|p| p.rate_t_per_h)))
        }
        _ => get(m, pp).flatten().map(Extent::one),
    }
}

/// The grid indices of a price path's outlet and fraction (the model's order).
fn price_cell(m: &ModelFile, pp: &ParamPath) -> Option<(usize, usize)> {
    let oi = m.outlets.iter().position(|x| x.id == pp.id(0))?;
    let fi = m.fractions.iter().position(|x| x.id == pp.id(1))?;
    Some((oi, fi))
}

/// The weekly overrides of one outlet and fraction (cells a row wrote).
fn overrides(p: &PriceGrid, oi: usize, fi: usize) -> Vec<f64> {
    let lines = p.lines.slice(s![oi, fi, ..]);
    let values = p.values.slice(s![oi, fi, ..]);
    values
        .iter()
        .zip(lines.iter())
        .filter(|(_, &l)| l > 0)
        .map(|(&v, _)| v)
        .collect()
}

/// A scalar's value: `None` when its record is not in the model, `Some(None)` when the
/// record has no value (an absent target or contract bound).
fn get(m: &ModelFile, pp: &ParamPath) -> Option<Option<f64>> {
    let id = pp.id(0);
    let v = match pp.param {
        Param::InsertionShare => m.social.insertion_share_min,
        Param::FundedPosts => return Some(m.social.funded_posts),
        Param::Aid => m.social.aid_eur_per_post_year,
        Param::SupervisionRatio => m.social.insertion_workers_per_supervisor,
        Param::PlantRecovery => return Some(m.targets.recovery),
        Param::PlantRecycling => return Some(m.targets.recycling),
        Param::CategoryRecovery | Param::CategoryRecycling => {
            let c = m.categories.iter().find(|x| x.id == id)?;
            return Some(match pp.param {
                Param::CategoryRecovery => c.recovery_target,
                _ => c.recycling_target,
            });
        }
        Param::Staff(f) => {
            let g = staff(&m.staff, pp)?;
            match f {
                StaffField::HeadcountMin => g.headcount_min,
                StaffField::HeadcountMax => g.headcount_max,
                StaffField::MinHours => g.min_h_per_week,
                StaffField::MaxHours => g.max_h_per_week,
                StaffField::Cost => g.cost_eur_per_h,
                StaffField::Productivity => g.productivity,
                StaffField::Absenteeism => g.absenteeism,
                StaffField::PaidLeave => paid_leave(g, m),
                StaffField::HireCost => return Some(g.hire_cost_eur),
                StaffField::DepartureCost => return Some(g.departure_cost_eur),
                StaffField::AgencyMarkup => g.agency_markup,
                StaffField::HeadcountStart => return Some(g.headcount_start),
            }
        }
        Param::Law(f) => {
            let l = &m.law;
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
        Param::Pathway(f) => {
            let w = &m.pathway;
            match f {
                PathwayField::MinContract => w.min_contract_weeks,
                PathwayField::MaxContract => w.max_contract_weeks,
                PathwayField::Training => w.training_h_per_week,
                PathwayField::EntryCost => w.entry_cost_eur,
                PathwayField::ExitRate => w.exit_to_employment_rate,
                PathwayField::EarlyExitRate => w.early_exit_rate_per_week,
            }
        }
        Param::AidModulation => m.social.aid_modulation,
        Param::AdviserRatio => return Some(m.social.insertion_workers_per_adviser),
        Param::AdviserCost => m.social.adviser_cost_eur_per_year,
        Param::LineAvailability => m.lines.iter().find(|x| x.id == id)?.availability,
        Param::LineRunningCost => m.lines.iter().find(|x| x.id == id)?.running_cost_eur_per_h,
        Param::IntakeCapacity => m.sites.iter().find(|x| x.id == id)?.intake_capacity_t,
        Param::OutputCapacity => m.sites.iter().find(|x| x.id == id)?.output_capacity_t,
        Param::ExternalCost => {
            m.streams
                .iter()
                .find(|x| x.id == id)?
                .external_cost_eur_per_t
        }
        Param::ShiftHours => m.shifts.iter().find(|x| x.id == id)?.hours_per_week,
        Param::OutletMin => m.outlets.iter().find(|x| x.id == id)?.min_t,
        Param::OutletMax => return Some(m.outlets.iter().find(|x| x.id == id)?.max_t),
        Param::OutletWeekly => return Some(m.outlets.iter().find(|x| x.id == id)?.max_t_per_week),
        Param::AllTonnage | Param::Tonnage | Param::Price | Param::LineRate => return None,
    };
    Some(Some(v))
}

/// Applies a change to a raw instance. Returns false when its target is not in this model
/// (a trend on a line that only an option brings, in a year or set without that option).
pub fn apply(raw: &mut RawInstance, c: &RawChange) -> bool {
    let op = c.op;
    let pp = &c.target;
    let id = pp.id(0).to_string();
    let m = &mut raw.model;
    let whole = pp.whole();
    let on = |v: &mut f64| *v = rounded(op.on(*v), whole);
    let on_optional = |v: &mut Option<f64>| *v = op.on_optional(*v).map(|x| rounded(x, whole));
    match pp.param {
        Param::AllTonnage => raw.tonnage.values.mapv_inplace(|v| op.on(v)),
        Param::Tonnage => return set_tonnage(raw, &id, op),
        Param::Price => return scale_price(raw, pp, op),
        Param::InsertionShare => on(&mut m.social.insertion_share_min),
        Param::FundedPosts => on_optional(&mut m.social.funded_posts),
        Param::Aid => on(&mut m.social.aid_eur_per_post_year),
        Param::SupervisionRatio => on(&mut m.social.insertion_workers_per_supervisor),
        Param::PlantRecovery => on_optional(&mut m.targets.recovery),
        Param::PlantRecycling => on_optional(&mut m.targets.recycling),
        Param::CategoryRecovery | Param::CategoryRecycling => {
            let Some(k) = m.categories.iter_mut().find(|x| x.id == id) else {
                return false;
            };
            on_optional(match pp.param {
                Param::CategoryRecovery => &mut k.recovery_target,
                _ => &mut k.recycling_target,
            });
        }
        Param::Staff(f) => {
            let Some(i) = m
                .staff
                .iter()
                .position(|g| g.site == pp.id(0) && g.kind == pp.id(1))
            else {
                return false;
            };
            let leave = paid_leave(&m.staff[i], m);
            let g = &mut m.staff[i];
            match f {
                StaffField::HeadcountMin => on(&mut g.headcount_min),
                StaffField::HeadcountMax => on(&mut g.headcount_max),
                StaffField::MinHours => on(&mut g.min_h_per_week),
                StaffField::MaxHours => on(&mut g.max_h_per_week),
                StaffField::Cost => on(&mut g.cost_eur_per_h),
                StaffField::Productivity => on(&mut g.productivity),
                StaffField::Absenteeism => on(&mut g.absenteeism),
                StaffField::PaidLeave => g.paid_leave_weeks = Some(op.on(leave)),
                StaffField::HireCost => on_optional(&mut g.hire_cost_eur),
                StaffField::DepartureCost => on_optional(&mut g.departure_cost_eur),
                StaffField::AgencyMarkup => on(&mut g.agency_markup),
                StaffField::HeadcountStart => on_optional(&mut g.headcount_start),
            }
        }
        Param::Law(LawField::PaidLeave) => {
            // Groups on the law's leave (by default or given equal) follow it, as in sweeps.
            let old = m.law.paid_leave_weeks;
            let new = op.on(old);
            let follow: Vec<bool> = m.staff.iter().map(|g| paid_leave(g, m) == old).collect();
            for (g, follows) in m.staff.iter_mut().zip(follow) {
                if follows {
                    g.paid_leave_weeks = Some(new);
                }
            }
            m.law.paid_leave_weeks = new;
        }
        Param::Law(f) => {
            let l = &mut m.law;
            on(match f {
                LawField::FullTimeWeek => &mut l.full_time_h_per_week,
                LawField::WorkedYear => &mut l.worked_h_per_year,
                LawField::MaxWeek => &mut l.max_h_per_week,
                LawField::OvertimeStep => &mut l.overtime_step_h,
                LawField::Premium1 => &mut l.overtime_premium_1,
                LawField::Premium2 => &mut l.overtime_premium_2,
                LawField::OvertimeQuota => &mut l.overtime_quota_h_per_year,
                LawField::PaidLeave => &mut l.paid_leave_weeks,
            });
        }
        Param::Pathway(f) => {
            let w = &mut m.pathway;
            on(match f {
                PathwayField::MinContract => &mut w.min_contract_weeks,
                PathwayField::MaxContract => &mut w.max_contract_weeks,
                PathwayField::Training => &mut w.training_h_per_week,
                PathwayField::EntryCost => &mut w.entry_cost_eur,
                PathwayField::ExitRate => &mut w.exit_to_employment_rate,
                PathwayField::EarlyExitRate => &mut w.early_exit_rate_per_week,
            });
        }
        Param::AidModulation => on(&mut m.social.aid_modulation),
        Param::AdviserRatio => on_optional(&mut m.social.insertion_workers_per_adviser),
        Param::AdviserCost => on(&mut m.social.adviser_cost_eur_per_year),
        Param::LineAvailability | Param::LineRate | Param::LineRunningCost => {
            let Some(l) = m.lines.iter_mut().find(|x| x.id == id) else {
                return false;
            };
            match pp.param {
                Param::LineAvailability => on(&mut l.availability),
                Param::LineRunningCost => on(&mut l.running_cost_eur_per_h),
                _ => l.processes.iter_mut().for_each(|p| on(&mut p.rate_t_per_h)),
            }
        }
        Param::IntakeCapacity | Param::OutputCapacity => {
            let Some(s) = m.sites.iter_mut().find(|x| x.id == id) else {
                return false;
            };
            on(match pp.param {
                Param::IntakeCapacity => &mut s.intake_capacity_t,
                _ => &mut s.output_capacity_t,
            });
        }
        Param::ExternalCost => {
            let Some(s) = m.streams.iter_mut().find(|x| x.id == id) else {
                return false;
            };
            on(&mut s.external_cost_eur_per_t);
        }
        Param::ShiftHours => {
            let Some(s) = m.shifts.iter_mut().find(|x| x.id == id) else {
                return false;
            };
            on(&mut s.hours_per_week);
        }
        Param::OutletMin | Param::OutletMax | Param::OutletWeekly => {
            let Some(o) = m.outlets.iter_mut().find(|x| x.id == id) else {
                return false;
            };
            match pp.param {
                Param::OutletMin => on(&mut o.min_t),
                Param::OutletMax => on_optional(&mut o.max_t),
                _ => on_optional(&mut o.max_t_per_week),
            }
        }
    }
    true
}

/// `price.<outlet>.<fraction>`: the model's price and every weekly override.
fn scale_price(raw: &mut RawInstance, pp: &ParamPath, op: Op) -> bool {
    let m = &mut raw.model;
    let Some(out) = m.outlets.iter_mut().find(|x| x.id == pp.id(0)) else {
        return false;
    };
    let Some(p) = out.prices_eur_per_t.get_mut(pp.id(1)) else {
        return false;
    };
    *p = op.on(*p);
    // Grid indices are the model's: patches replace records in place or append them.
    if let (Some(prices), Some((oi, fi))) = (raw.prices.as_mut(), price_cell(m, pp)) {
        let (no, nf, _) = prices.values.dim();
        if oi < no && fi < nf {
            let lines = prices.lines.slice(s![oi, fi, ..]);
            let mut values = prices.values.slice_mut(s![oi, fi, ..]);
            for (v, &l) in values.iter_mut().zip(lines.iter()) {
                if l > 0 {
                    *v = op.on(*v);
                }
            }
        }
    }
    true
}

/// `tonnage.<stream>`: `scale` multiplies every row; `set` makes each week's total the value,
/// split over areas as in the rows of that week (evenly where the week's rows sum to 0).
fn set_tonnage(raw: &mut RawInstance, stream: &str, op: Op) -> bool {
    let Some(k) = raw.model.streams.iter().position(|s| s.id == stream) else {
        return false;
    };
    let g = &mut raw.tonnage;
    if k >= g.values.dim().1 {
        return true;
    }
    for w in 0..g.values.dim().2 {
        let lines = g.lines.slice(s![.., k, w]);
        let mut col = g.values.slice_mut(s![.., k, w]);
        match op {
            Op::Scale(f) => col.mapv_inplace(|v| v * f),
            Op::Set(total) => {
                let n = lines.iter().filter(|&&l| l > 0).count();
                let sum: f64 = col.sum();
                for (v, &l) in col.iter_mut().zip(lines.iter()) {
                    if l > 0 {
                        *v = if sum > 0.0 {
                            total * *v / sum
                        } else {
                            total / n as f64
                        };
                    }
                }
            }
        }
    }
    true
}
