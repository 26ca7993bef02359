//! The study file: reading it, resolving every name and path, and checking it before any solve.

mod changes;
mod load;
mod sets;

pub use load::load_study;
pub use sets::apply_options;
pub(crate) use sets::{closure, set_name};

use super::patch::{PatchFile, RawChange};
use crate::input::RawInstance;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use toml::Spanned;

/// A study file as written (see the module documentation of [`crate::invest`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudyFile {
    /// Base instance (directory or `instance.toml`), relative to the study file. It is the
    /// plant in the first year.
    pub base: String,
    /// First calendar year of the study.
    pub first_year: i32,
    /// Number of years.
    pub years: usize,
    /// Yearly discount rate (0.05 = 5 %).
    pub discount_rate: f64,
    /// Solve LP relaxations (truck trips continuous).
    #[serde(default)]
    pub relax: bool,
    /// Solve only this many weeks of each year (see [`crate::invest::patch::keep_weeks`]).
    pub representative_weeks: Option<usize>,
    /// Time limit per solve, in seconds.
    pub time_limit_s: Option<f64>,
    /// Relative MIP gap per solve.
    pub mip_gap: Option<f64>,
    /// Compare every combination of options that respects `excludes` and `requires` (default:
    /// true when there is no `[[set]]`, false otherwise).
    pub combinations: Option<bool>,
    /// The future of the cost-of-the-mission evaluation (default: `central`, else the first).
    pub central_future: Option<Spanned<String>>,
    /// Extra changes of the mission-free variant, for the cost of the mission, applied to the
    /// raw model before it is run as a classic firm
    /// ([`crate::plant::Instance::without_mission`]); default: none.
    pub mission_free: Option<Vec<ChangeEntry>>,
    /// Yearly trends of every future.
    #[serde(default, rename = "trend")]
    pub trends: Vec<TrendEntry>,
    /// Investment options.
    #[serde(default, rename = "option")]
    pub options: Vec<OptionEntry>,
    /// Explicit option sets.
    #[serde(default, rename = "set")]
    pub sets: Vec<SetEntry>,
    /// Demand futures.
    #[serde(default, rename = "future")]
    pub futures: Vec<FutureEntry>,
}

/// `{ path = "...", rate = -0.25 }`: a compound yearly rate on a parameter path.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendEntry {
    /// Parameter path.
    pub path: Spanned<String>,
    /// Compound yearly rate: the value in year `y` (0 = first year) is the base value times
    /// `(1 + rate)^y`.
    pub rate: f64,
}

/// `{ path = "...", set = v }` or `{ path = "...", scale = f }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeEntry {
    /// Parameter path.
    pub path: Spanned<String>,
    /// New value.
    pub set: Option<f64>,
    /// Factor.
    pub scale: Option<f64>,
}

/// `[[option]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionEntry {
    /// Name, unique in the study.
    pub name: Spanned<String>,
    /// Free text.
    #[serde(default)]
    pub description: String,
    /// Patch file (records added to or replacing records of the model), relative to the study.
    pub patch: Option<String>,
    /// Parameter changes while the option is in service.
    #[serde(default)]
    pub change: Vec<ChangeEntry>,
    /// Capital cost, paid at the start of the start year.
    #[serde(default)]
    pub capital_eur: f64,
    /// Grants and subsidies received at the start of the start year.
    #[serde(default)]
    pub grants_eur: f64,
    /// Years in service from the start year.
    pub lifetime_years: u32,
    /// Value at the end of the study (default: linear depreciation of the capital cost).
    pub residual_value_eur: Option<f64>,
    /// Fixed costs per year in service (maintenance, insurance, rent), at least 0; a saving is
    /// a parameter change (a lower running cost, say), which the plans then price.
    #[serde(default)]
    pub fixed_eur_per_year: f64,
    /// First year the option can be in service (default: the first year).
    pub earliest_year: Option<Spanned<i32>>,
    /// Options that cannot be chosen with this one.
    #[serde(default)]
    pub excludes: Vec<Spanned<String>>,
    /// Options that must be chosen with this one (and start no later).
    #[serde(default)]
    pub requires: Vec<Spanned<String>>,
}

/// `[[set]]`: an explicit option set.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetEntry {
    /// Name, unique in the study.
    pub name: Spanned<String>,
    /// Option names.
    pub options: Vec<Spanned<String>>,
    /// Start years by option (default: the option's earliest year).
    #[serde(default)]
    pub start: BTreeMap<String, i32>,
}

/// `[[future]]`: a named demand future.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FutureEntry {
    /// Name, unique in the study.
    pub name: Spanned<String>,
    /// Weight in the expected NPV (normalised over the futures).
    #[serde(default = "one")]
    pub weight: f64,
    /// Extra trends, multiplying with the study's.
    #[serde(default)]
    pub trend: Vec<TrendEntry>,
}

fn one() -> f64 {
    1.0
}

/// A resolved trend.
#[derive(Debug, Clone)]
pub struct Trend {
    /// The parameter (its op is unused: the factor comes from the rate and the year).
    pub change: RawChange,
    /// Compound yearly rate.
    pub rate: f64,
}

/// A resolved investment option.
#[derive(Debug, Clone)]
pub struct InvestOption {
    /// Name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// The patch file, when there is one.
    pub patch_path: Option<PathBuf>,
    /// The patch (empty without a file).
    pub patch: PatchFile,
    /// Parameter changes.
    pub changes: Vec<RawChange>,
    /// Capital cost (EUR).
    pub capital_eur: f64,
    /// Grants (EUR).
    pub grants_eur: f64,
    /// Lifetime (years).
    pub lifetime_years: u32,
    /// Residual value at the end of the study, when given.
    pub residual_value_eur: Option<f64>,
    /// Fixed yearly cost (EUR).
    pub fixed_eur_per_year: f64,
    /// Earliest calendar year in service.
    pub earliest_year: i32,
    /// Indices of excluded options.
    pub excludes: Vec<usize>,
    /// Indices of required options.
    pub requires: Vec<usize>,
}

impl InvestOption {
    /// Whether the option, started in `start`, is in service in calendar year `year`.
    pub fn in_service(&self, start: i32, year: i32) -> bool {
        year >= start && year < start + self.lifetime_years as i32
    }
}

/// A set of options with their start years.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionSet {
    /// Name (`status quo` for the empty set).
    pub name: String,
    /// `(option index, start year)`, in option order.
    pub options: Vec<(usize, i32)>,
}

/// A resolved future.
#[derive(Debug, Clone)]
pub struct Future {
    /// Name.
    pub name: String,
    /// Weight, normalised so that the weights sum to 1.
    pub weight: f64,
    /// Extra trends.
    pub trends: Vec<Trend>,
}

/// A checked study, ready to evaluate.
#[derive(Debug, Clone)]
pub struct InvestStudy {
    /// The study file.
    pub path: PathBuf,
    /// The base instance as read (it validated).
    pub base: RawInstance,
    /// First calendar year.
    pub first_year: i32,
    /// Number of years.
    pub years: usize,
    /// Discount rate.
    pub discount_rate: f64,
    /// Solve LP relaxations.
    pub relax: bool,
    /// Weeks solved per year, when fewer than the base's.
    pub representative_weeks: Option<usize>,
    /// Time limit per solve.
    pub time_limit_s: Option<f64>,
    /// MIP gap per solve.
    pub mip_gap: Option<f64>,
    /// Trends of every future.
    pub trends: Vec<Trend>,
    /// Options.
    pub options: Vec<InvestOption>,
    /// Option sets; the first is the status quo.
    pub sets: Vec<OptionSet>,
    /// Futures (at least one).
    pub futures: Vec<Future>,
    /// Index of the future of the cost-of-the-mission evaluation.
    pub central: usize,
    /// Extra changes of the mission-free variant (before [`Instance::without_mission`]).
    ///
    /// [`Instance::without_mission`]: crate::plant::Instance::without_mission
    pub mission_free: Vec<RawChange>,
}

impl InvestStudy {
    /// Calendar years of the study.
    pub fn calendar(&self) -> std::ops::Range<i32> {
        self.first_year..self.first_year + self.years as i32
    }
    /// Last calendar year.
    pub fn last_year(&self) -> i32 {
        self.first_year + self.years as i32 - 1
    }
}
