//! The parameter-path language: `line.<id>.rate`, `tonnage.<stream>`, `social.funded_posts` ...
//! with `set` (replace the value) or `scale` (multiply it).
//!
//! A path is parsed once, against the table [`PATHS`], into a [`ParamPath`]: which parameter
//! ([`Param`]) and the ids it names. The table says, for each parameter, what it means, its
//! unit, whether it takes `set` or only `scale`, and the range its values must stay in
//! ([`crate::validate::limits`]). Two appliers bind a parsed path to data and share these
//! checks and their messages:
//!
//! - [`typed`]: on a validated [`crate::Instance`] (scenario sweeps), ids resolved to typed ids;
//! - [`raw`]: on raw records before validation (investment options, trends, the
//!   mission-free changes), ids kept as names since records come and go with the options.
//!
//! The README's table of paths is [`markdown_table`] (a test keeps them equal).

pub mod raw;
mod table;
pub mod typed;

pub use table::{markdown_table, ParamInfo, PATHS};

use crate::plant::StaffKind;

/// How a change acts on the base value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    /// Replace it.
    Set(f64),
    /// Multiply it.
    Scale(f64),
}

impl Op {
    /// The value after the change, from the base value.
    pub fn on(self, base: f64) -> f64 {
        match self {
            Op::Set(v) => v,
            Op::Scale(f) => base * f,
        }
    }
    /// The value after the change of a value the base may lack: `set` gives one, `scale`
    /// leaves an absent value absent (there is nothing to multiply).
    pub fn on_optional(self, base: Option<f64>) -> Option<f64> {
        match self {
            Op::Set(v) => Some(v),
            Op::Scale(f) => base.map(|b| b * f),
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

/// The operations a path takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ops {
    /// `set` and `scale`.
    SetOrScale,
    /// `scale` only: the path stands for many values (all tonnage, every throughput of a
    /// line), which one `set` value cannot replace. The text says what the factor acts on.
    ScaleOnly(&'static str),
}

/// A closed or half-open interval of allowed values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// Lower bound.
    pub lo: f64,
    /// Upper bound (infinite: none).
    pub hi: f64,
    /// The lower bound itself is excluded.
    pub strict: bool,
}

impl Range {
    /// `lo` to `hi`, both included.
    pub const fn new(lo: f64, hi: f64) -> Range {
        Range {
            lo,
            hi,
            strict: false,
        }
    }
    /// At least `lo`.
    pub const fn at_least(lo: f64) -> Range {
        Range::new(lo, f64::INFINITY)
    }
    /// More than `lo`.
    pub const fn above(lo: f64) -> Range {
        Range {
            lo,
            hi: f64::INFINITY,
            strict: true,
        }
    }
    /// Whether `v` is allowed (never for NaN or infinities).
    pub fn contains(&self, v: f64) -> bool {
        v.is_finite()
            && if self.strict {
                v > self.lo
            } else {
                v >= self.lo
            }
            && v <= self.hi
    }
    /// `Ok` when `v` is allowed, else the message every applier gives.
    pub fn check(&self, v: f64) -> Result<(), String> {
        if self.contains(v) {
            return Ok(());
        }
        let hi = if self.hi.is_finite() {
            format!(" and at most {}", self.hi)
        } else {
            String::new()
        };
        Err(format!(
            "the value would be {}, expected {} {}{hi}",
            crate::validate::num(v),
            if self.strict { "more than" } else { "at least" },
            self.lo
        ))
    }
    /// The range as the README's table writes it.
    pub fn text(&self) -> String {
        let n = |v: f64| {
            if v != 0.0 && !(1e-3..1e5).contains(&v.abs()) {
                format!("{v:e}")
            } else {
                format!("{v}")
            }
        };
        match (self.strict, self.hi.is_finite()) {
            (false, true) => format!("{} to {}", n(self.lo), n(self.hi)),
            (false, false) => format!(">= {}", n(self.lo)),
            (true, true) => format!("> {} to {}", n(self.lo), n(self.hi)),
            (true, false) => format!("> {}", n(self.lo)),
        }
    }
}

/// The smallest and largest of the base values a path addresses (a series, the throughputs
/// of a line, or one value).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    /// Smallest.
    pub min: f64,
    /// Largest.
    pub max: f64,
}

impl Extent {
    /// One value.
    pub fn one(v: f64) -> Extent {
        Extent { min: v, max: v }
    }
    /// The extent of some values (none: an empty extent, which every check passes).
    pub fn of(values: impl IntoIterator<Item = f64>) -> Extent {
        values.into_iter().fold(
            Extent {
                min: f64::INFINITY,
                max: f64::NEG_INFINITY,
            },
            |e, v| Extent {
                min: e.min.min(v),
                max: e.max.max(v),
            },
        )
    }
    /// Whether it holds no value.
    pub fn is_empty(&self) -> bool {
        self.min > self.max
    }
}

/// The parameters a path can name: one per row of [`PATHS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// `tonnage`.
    AllTonnage,
    /// `tonnage.<stream>`.
    Tonnage,
    /// `price.<outlet>.<fraction>`.
    Price,
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
    /// `category.<category>.recovery_target`.
    CategoryRecovery,
    /// `category.<category>.recycling_target`.
    CategoryRecycling,
    /// `staff.<site>.<kind>.<field>`.
    Staff(StaffField),
    /// `line.<line>.availability`.
    LineAvailability,
    /// `line.<line>.rate`.
    LineRate,
    /// `line.<line>.running_cost_eur_per_h`.
    LineRunningCost,
    /// `site.<site>.intake_capacity_t`.
    IntakeCapacity,
    /// `site.<site>.output_capacity_t`.
    OutputCapacity,
    /// `stream.<stream>.external_cost_eur_per_t`.
    ExternalCost,
    /// `shift.<shift>.hours_per_week`.
    ShiftHours,
    /// `outlet.<outlet>.min_t`.
    OutletMin,
    /// `outlet.<outlet>.max_t`.
    OutletMax,
    /// `outlet.<outlet>.max_t_per_week`.
    OutletWeekly,
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

/// Fields of the working-time law (`[law]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LawField {
    /// Legal full-time week.
    FullTimeWeek,
    /// Legal full-time year of hours worked.
    WorkedYear,
    /// Most hours one person works in a week.
    MaxWeek,
    /// Overtime hours per week at the first premium.
    OvertimeStep,
    /// First overtime premium.
    Premium1,
    /// Second overtime premium.
    Premium2,
    /// Overtime quota per person and year.
    OvertimeQuota,
    /// Paid-leave weeks per person and year.
    PaidLeave,
}

/// Fields of the insertion pathway (`[pathway]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathwayField {
    /// Least contract length (whole weeks).
    MinContract,
    /// Longest contract length (whole weeks).
    MaxContract,
    /// Paid training hours per insertion worker and present week.
    Training,
    /// Cost of one entry.
    EntryCost,
    /// Share of exits that go to employment.
    ExitRate,
    /// Weekly rate of early exits by tenure.
    EarlyExitRate,
}

/// Fields of a staff group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Share of present time lost to absence.
    Absenteeism,
    /// Paid-leave weeks per person and year.
    PaidLeave,
    /// Cost of one hire (permanent, supervisor; absent: no hires).
    HireCost,
    /// Cost of one departure (permanent, supervisor; absent: no departures).
    DepartureCost,
    /// Agency mark-up on the hourly cost (temporary).
    AgencyMarkup,
    /// Persons on the payroll before week 1 (permanent, supervisor; absent: chosen by the plan).
    HeadcountStart,
}

impl StaffField {
    /// The staff kinds that use the field, as a message says it (`None`: every kind).
    pub fn kinds(self) -> Option<(&'static [StaffKind], &'static str)> {
        const PAYROLL: &[StaffKind] = &[StaffKind::Permanent, StaffKind::Supervisor];
        match self {
            StaffField::HireCost | StaffField::DepartureCost | StaffField::HeadcountStart => {
                Some((PAYROLL, "permanent and supervisor groups"))
            }
            StaffField::AgencyMarkup => Some((&[StaffKind::Temporary], "temporary groups")),
            _ => None,
        }
    }
}

/// A parsed path: the parameter and the ids it names, in the order of its pattern's
/// placeholders (`staff.<site>.<kind>.cost_eur_per_h`: the site, then the kind).
#[derive(Debug, Clone, PartialEq)]
pub struct ParamPath {
    /// The parameter.
    pub param: Param,
    /// The ids, as written.
    pub ids: Vec<String>,
}

impl ParamPath {
    /// Parses a path against [`PATHS`]. Staff kinds are checked here (they are a closed
    /// list); other ids are checked by the applier against its data.
    pub fn parse(path: &str) -> Result<ParamPath, String> {
        let parts: Vec<&str> = path.split('.').collect();
        for row in PATHS {
            if let Some(ids) = row.matches(&parts) {
                if let Param::Staff(f) = row.param {
                    let kind = staff_kind(ids[1])?;
                    if let Some((_, which)) = f.kinds().filter(|(k, _)| !k.contains(&kind)) {
                        let field = row.pattern.rsplit('.').next().unwrap_or("");
                        return Err(format!(
                            "\"{path}\": {field} is not a field of {} staff, expected a path on {which} only",
                            kind.name()
                        ));
                    }
                }
                return Ok(ParamPath {
                    param: row.param,
                    ids: ids.into_iter().map(str::to_string).collect(),
                });
            }
        }
        Err(table::unknown_path(path, &parts))
    }

    /// The table row of this path.
    pub fn info(&self) -> &'static ParamInfo {
        table::info(self.param)
    }

    /// The `i`-th id ("" where the pattern has fewer).
    pub fn id(&self, i: usize) -> &str {
        self.ids.get(i).map_or("", String::as_str)
    }

    /// Whether its values are whole numbers (contract weeks; persons on the payroll, not
    /// the temporary agency's pool, which bounds hours).
    pub fn whole(&self) -> bool {
        self.info().whole && self.staff_kind() != Some(StaffKind::Temporary)
    }

    /// The staff kind of a `staff.` path.
    pub fn staff_kind(&self) -> Option<StaffKind> {
        match self.param {
            Param::Staff(_) => StaffKind::parse(self.id(1)),
            _ => None,
        }
    }

    /// Checks an operation on this path before any data is looked at: the value is finite,
    /// and a scale-only path gets `scale`. `path` is the path as written.
    pub fn check_op(&self, path: &str, op: Op) -> Result<(), String> {
        if let (Ops::ScaleOnly(what), Op::Set(v)) = (self.info().ops, op) {
            return Err(format!(
                "`set = {v}` on \"{path}\": this path takes `scale` only (a factor on {what}), not `set`"
            ));
        }
        let v = op.value();
        if !v.is_finite() {
            return Err(format!("got {v}, expected a finite number"));
        }
        Ok(())
    }

    /// Checks the values an operation would give, from the extent of the base values
    /// (`None`: the base has no value). The one range check of both appliers.
    pub fn check_value(&self, path: &str, op: Op, base: Option<Extent>) -> Result<(), String> {
        let info = self.info();
        match op {
            Op::Set(v) => info.range.check(v),
            Op::Scale(f) => {
                if let Some(r) = info.factor {
                    r.check(f)?;
                }
                let Some(e) = base else {
                    return Err(format!(
                        "\"{path}\" has no value in the base to scale, expected `set`"
                    ));
                };
                if e.is_empty() {
                    return Ok(());
                }
                let (a, b) = (e.min * f, e.max * f);
                let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
                info.range.check(hi).and_then(|()| info.range.check(lo))?;
                if self.whole() && e.min == e.max {
                    whole(a)?;
                }
                Ok(())
            }
        }
        .and_then(|()| match op {
            Op::Set(v) if self.whole() => whole(v),
            _ => Ok(()),
        })
    }
}

/// Values closer to a whole number than this count as whole (a scale by 0.07 of 100 gives
/// 7.000000000000001); the appliers then store the whole number.
const WHOLE_TOL: f64 = 1e-9;

/// `Ok` for a whole number (within [`WHOLE_TOL`]), else the message both appliers give.
fn whole(v: f64) -> Result<(), String> {
    if (v - v.round()).abs() <= WHOLE_TOL * v.abs().max(1.0) {
        return Ok(());
    }
    Err(format!(
        "the value would be {}, expected a whole number",
        crate::validate::num(v)
    ))
}

/// The value an operation gives on a whole-number parameter: rounded to the whole number
/// [`whole`] accepted, so that validation and the model see no `7.000000000000001`.
pub(crate) fn rounded(v: f64, whole: bool) -> f64 {
    if whole {
        v.round()
    } else {
        v
    }
}

fn staff_kind(k: &str) -> Result<StaffKind, String> {
    StaffKind::parse(k).ok_or_else(|| {
        format!(
            "unknown staff kind \"{k}\", expected permanent, insertion, temporary or supervisor"
        )
    })
}

/// Finds an id among names, or says which names there are. Both appliers use it.
pub fn find<'a>(
    names: impl Iterator<Item = &'a str> + Clone,
    id: &str,
    what: &str,
) -> Result<usize, String> {
    names.clone().position(|n| n == id).ok_or_else(|| {
        format!(
            "unknown {what} \"{id}\", expected one of: {}",
            names.collect::<Vec<_>>().join(", ")
        )
    })
}

/// The message for a price path whose outlet does not take the fraction.
pub(crate) fn not_taken(outlet: &str, fraction: &str) -> String {
    format!(
        "outlet \"{outlet}\" does not take \"{fraction}\", expected a fraction in its prices_eur_per_t"
    )
}

/// The message for a staff path whose site has no group of that kind.
pub(crate) fn no_staff_group(site: &str, kind: &str) -> String {
    format!("site \"{site}\" has no {kind} staff group")
}
