//! Raw rows of the weekly CSV series and the instance file.

use serde::{Deserialize, Serialize};

/// `instance.toml`: names the plant model and the weekly series.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceFile {
    /// Display name.
    pub name: String,
    /// Path of the plant model (TOML), relative to this file.
    pub model: String,
    /// Number of weeks in the horizon (default 52).
    #[serde(default = "default_weeks")]
    pub weeks: usize,
    /// Weekly collected tonnage: columns `week,area,stream,tonnes`.
    #[serde(default = "default_tonnage")]
    pub tonnage_csv: String,
    /// Optional weekly outlet prices: `week,outlet,fraction,price_eur_per_t`.
    pub prices_csv: Option<String>,
    /// Optional weekly availability of hours: `week,site,availability` (0 to 1).
    pub calendar_csv: Option<String>,
}

fn default_weeks() -> usize {
    52
}

fn default_tonnage() -> String {
    "tonnage.csv".into()
}

/// One row of `tonnage.csv`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct TonnageRow {
    /// Week number, 1-based.
    pub week: i64,
    /// Collection area id.
    pub area: String,
    /// Stream id.
    pub stream: String,
    /// Tonnes collected that week.
    pub tonnes: f64,
}

/// One row of `prices.csv`: overrides an outlet's price for a fraction in one week.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PriceRow {
    /// Week number, 1-based.
    pub week: i64,
    /// Outlet id.
    pub outlet: String,
    /// Fraction id.
    pub fraction: String,
    /// Price paid by the outlet (negative: a fee paid to it).
    pub price_eur_per_t: f64,
}

/// One row of `calendar.csv`: the share of normal hours available at a site in one week
/// (holidays, summer closure). Applies to shift hours and to contract hours alike.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct CalendarRow {
    /// Week number, 1-based.
    pub week: i64,
    /// Site id.
    pub site: String,
    /// Share of normal hours, 0 to 1.
    pub availability: f64,
}
