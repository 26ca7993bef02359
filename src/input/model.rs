//! Raw records of a plant model file (TOML). Field names carry their units.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A plant model: sites, collection areas, streams, lines, staff, fractions, outlets, targets.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    /// Display name and description.
    pub plant: PlantInfo,
    /// Social-employment rules.
    #[serde(default)]
    pub social: SocialRaw,
    /// Plant-wide targets.
    #[serde(default)]
    pub targets: TargetsRaw,
    /// Working-time law.
    #[serde(default)]
    pub law: LawRaw,
    /// Insertion pathways.
    #[serde(default)]
    pub pathway: PathwayRaw,
    /// Insertion workers on contract before week 1.
    #[serde(default, rename = "cohort")]
    pub cohorts: Vec<CohortRaw>,
    /// Skills insertion workers learn on the lines.
    #[serde(default, rename = "skill")]
    pub skills: Vec<SkillRaw>,
    /// Partner firms that hire insertion workers at the end of their contracts.
    #[serde(default, rename = "partner")]
    pub partners: Vec<PartnerRaw>,
    /// Sites (plants, platforms).
    #[serde(default, rename = "site")]
    pub sites: Vec<SiteRaw>,
    /// Collection areas delivering tonnage.
    #[serde(default, rename = "area")]
    pub areas: Vec<AreaRaw>,
    /// Waste categories (WEEE categories and others) carrying recovery targets.
    #[serde(default, rename = "category")]
    pub categories: Vec<CategoryRaw>,
    /// Incoming streams.
    #[serde(default, rename = "stream")]
    pub streams: Vec<StreamRaw>,
    /// Output fractions.
    #[serde(default, rename = "fraction")]
    pub fractions: Vec<FractionRaw>,
    /// Shifts.
    #[serde(default, rename = "shift")]
    pub shifts: Vec<ShiftRaw>,
    /// Staff groups, one per site and kind.
    #[serde(default, rename = "staff")]
    pub staff: Vec<StaffRaw>,
    /// Processing lines.
    #[serde(default, rename = "line")]
    pub lines: Vec<LineRaw>,
    /// Outlets: buyers, recyclers, energy recovery, disposal.
    #[serde(default, rename = "outlet")]
    pub outlets: Vec<OutletRaw>,
    /// Opening and closing stock.
    #[serde(default, rename = "stock")]
    pub stocks: Vec<StockRaw>,
}

/// `[plant]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlantInfo {
    /// Display name.
    pub name: String,
    /// Free text.
    #[serde(default)]
    pub description: String,
    /// The year whose prices the model's money is in (costs, prices, aid); stated in the
    /// reports beside every amount.
    pub price_year: Option<i32>,
    /// Whether the weekly prices are known ahead (default true). With `false` they are
    /// forecasts the plan may not speculate on: output stock is valued at each week's best
    /// net price, so holding a lot for a known price change gains nothing (FORMULATION §5).
    #[serde(default = "yes")]
    pub price_foresight: bool,
    /// The stock left after the last week: `"at_most_opening"` (default: at most the opening
    /// stock, below it where the plan draws it down) or `"opening"` (each stock ends where it
    /// started, so the year processes and ships what it receives and hands the next year
    /// what it got). A `[[stock]]` entry's own `closing_min_t` (above 0) or `closing_max_t`
    /// wins.
    #[serde(default)]
    pub closing_stock: ClosingStock,
}

/// `[plant] closing_stock`: how the stock left after the last week is bounded (FORMULATION
/// §4.21).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosingStock {
    /// At most the opening stock.
    #[default]
    AtMostOpening,
    /// Equal to the opening stock.
    Opening,
}

fn yes() -> bool {
    true
}

/// `[social]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SocialRaw {
    /// Least share of production hours worked by insertion workers, per site over the horizon.
    #[serde(default)]
    pub insertion_share_min: f64,
    /// Insertion workers one supervisor can cover (hours of supervision per insertion hour = 1 / this).
    #[serde(default = "default_ratio")]
    pub insertion_workers_per_supervisor: f64,
    /// Permanent and temporary production workers one supervisor (team leader) leads; none:
    /// only insertion hours need supervision, and the classic firm of `--mission` leads its
    /// workers with no team leader.
    pub workers_per_team_leader: Option<f64>,
    /// No layoffs: permanent staff and supervisors do not leave during the horizon (a
    /// cooperative's rule), whatever their `departure_cost_eur`.
    #[serde(default)]
    pub no_layoffs: bool,
    /// Agreed insertion posts in full-time equivalents, all sites together: the paid insertion
    /// hours of the horizon stay within them, pro rata of the horizon.
    pub funded_posts: Option<f64>,
    /// Least share of the agreed posts filled over the horizon (paid insertion FTE at least
    /// this share of `funded_posts`); none: posts may stay empty.
    pub funded_posts_min_share: Option<f64>,
    /// State aid per full-time insertion post and year.
    #[serde(default)]
    pub aid_eur_per_post_year: f64,
    /// Modulated part of the aid, share of the base amount (0 to 0.1).
    #[serde(default)]
    pub aid_modulation: f64,
    /// The lasting exits over the horizon at which the modulated part is earned in full;
    /// given, it is earned pro rata of the plan's lasting exits up to them (and at most on the
    /// hours paid) instead of on every paid hour.
    #[serde(default)]
    pub aid_modulation_lasting_exits: Option<f64>,
    /// Paid hours of one full-time post in a year: the unit of FTE (the aid is paid pro rata of
    /// paid hours). 35 h x 52 weeks: paid leave and public holidays are paid hours.
    #[serde(default = "full_time")]
    pub full_time_h_per_year: f64,
    /// Insertion workers one adviser follows (none: no advisers).
    pub insertion_workers_per_adviser: Option<f64>,
    /// Loaded cost of one insertion adviser per year.
    #[serde(default)]
    pub adviser_cost_eur_per_year: f64,
}

fn full_time() -> f64 {
    1820.0
}

/// `[law]`: working-time law (French defaults, Code du travail).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct LawRaw {
    /// Legal full-time week (h).
    pub full_time_h_per_week: f64,
    /// Legal full-time year of hours worked (h).
    pub worked_h_per_year: f64,
    /// Most hours one person may work in one week (h).
    pub max_h_per_week: f64,
    /// Overtime hours per week paid at the first premium (h).
    pub overtime_step_h: f64,
    /// First overtime premium, share of the hourly cost.
    pub overtime_premium_1: f64,
    /// Second overtime premium, share of the hourly cost.
    pub overtime_premium_2: f64,
    /// Overtime quota per person and year (h).
    pub overtime_quota_h_per_year: f64,
    /// Paid-leave weeks per person and year.
    pub paid_leave_weeks: f64,
}

impl Default for LawRaw {
    fn default() -> Self {
        LawRaw {
            full_time_h_per_week: 35.0,
            worked_h_per_year: 1607.0,
            max_h_per_week: 48.0,
            overtime_step_h: 8.0,
            overtime_premium_1: 0.25,
            overtime_premium_2: 0.5,
            overtime_quota_h_per_year: 220.0,
            paid_leave_weeks: 5.0,
        }
    }
}

/// `[pathway]`: insertion contracts and the support they carry.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PathwayRaw {
    /// Least contract length (weeks).
    pub min_contract_weeks: f64,
    /// Longest contract length (weeks).
    pub max_contract_weeks: f64,
    /// Productivity share of a new insertion worker in tenure weeks 1, 2, ...
    pub ramp_up: Vec<f64>,
    /// Paid training and support hours per insertion worker and present week.
    pub training_h_per_week: f64,
    /// Entries, exits, hires and departures take effect only every this many weeks (1: any week).
    pub change_every_weeks: f64,
    /// Cost of one entry (recruitment, induction).
    pub entry_cost_eur: f64,
    /// Share of exits that go to employment.
    pub exit_to_employment_rate: f64,
    /// Share of exits that go to a qualifying training (the funders' positive exits).
    pub exit_to_training_rate: f64,
    /// Weekly rate of early exits once the least contract length is reached (0: none).
    pub early_exit_rate_per_week: f64,
    /// Value of one placement with a partner, EUR (0: none; counted against the cost).
    pub placement_value_eur: f64,
    /// Least lasting exits over the horizon (placements on lasting contracts plus the open
    /// market's expected lasting jobs); 0: no target.
    pub lasting_exits_min: f64,
    /// Share of the open market's jobs (exits to employment other than placements) that are
    /// lasting (permanent, or fixed-term of 6 months or more).
    pub lasting_share_of_market_jobs: f64,
}

impl Default for PathwayRaw {
    fn default() -> Self {
        PathwayRaw {
            min_contract_weeks: 17.0,
            max_contract_weeks: 104.0,
            ramp_up: Vec::new(),
            training_h_per_week: 0.0,
            change_every_weeks: 1.0,
            entry_cost_eur: 0.0,
            exit_to_employment_rate: 0.37,
            exit_to_training_rate: 0.0,
            early_exit_rate_per_week: 0.0,
            placement_value_eur: 0.0,
            lasting_exits_min: 0.0,
            lasting_share_of_market_jobs: 0.5,
        }
    }
}

/// `[[skill]]`: a skill an insertion worker learns on a line after so many hours there.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SkillRaw {
    /// Id.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// The line it is learnt on (or give `module`).
    #[serde(default)]
    pub line: Option<String>,
    /// Hours one person needs to hold it: of insertion work on the line, or of the module.
    pub hours: f64,
    /// The training module that teaches it, off the lines (or give `line`).
    #[serde(default)]
    pub module: Option<ModuleRaw>,
    /// The site whose insertion workers take the module (default: the only site with
    /// insertion staff); a skill learnt on a line is learnt at the line's site.
    #[serde(default)]
    pub site: Option<String>,
}

/// A training module (`[skill].module`): a forklift or driving licence, a home-care
/// certificate; its hours are taken off the lines over its weeks.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleRaw {
    /// Weeks of the pathway it takes (its hours are spread evenly over them).
    pub weeks: f64,
    /// Fee per trainee (EUR), paid when the module starts.
    #[serde(default)]
    pub cost_eur: f64,
    /// Trainees who may start it in a month.
    pub seats_per_month: f64,
}

/// `[[partner]]`: a partner firm of the cluster and its openings.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerRaw {
    /// Id.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Sector (free text: "electronics subcontracting").
    #[serde(default)]
    pub sector: String,
    /// The site whose insertion workers it hires.
    pub site: String,
    /// Its openings.
    #[serde(default, rename = "opening")]
    pub openings: Vec<OpeningRaw>,
}

/// An opening of a partner: how many people with a skill it hires in a week, on what contract.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningRaw {
    /// The week of the horizon (1-based) the people start at the partner.
    pub week: f64,
    /// The skill the opening asks for.
    pub skill: String,
    /// People it hires.
    pub count: f64,
    /// `permanent`, `fixed_6m` (fixed-term of 6 months or more) or `short`.
    pub contract: String,
    /// Weeks before the start a candidate must be named.
    #[serde(default)]
    pub notice_weeks: f64,
}

/// `[[cohort]]`: insertion workers already on contract before week 1.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CohortRaw {
    /// Site id.
    pub site: String,
    /// Persons.
    pub people: f64,
    /// Weeks already on contract before week 1.
    pub tenure_weeks: f64,
}

impl Default for SocialRaw {
    fn default() -> Self {
        SocialRaw {
            insertion_share_min: 0.0,
            insertion_workers_per_supervisor: default_ratio(),
            workers_per_team_leader: None,
            no_layoffs: false,
            funded_posts: None,
            funded_posts_min_share: None,
            aid_eur_per_post_year: 0.0,
            aid_modulation: 0.0,
            aid_modulation_lasting_exits: None,
            full_time_h_per_year: full_time(),
            insertion_workers_per_adviser: None,
            adviser_cost_eur_per_year: 0.0,
        }
    }
}

fn default_ratio() -> f64 {
    4.0
}

/// `[targets]`: plant-wide targets over all categories.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TargetsRaw {
    /// Least recovered share of all tonnage processed.
    pub recovery: Option<f64>,
    /// Least recycled (and prepared for re-use) share of all tonnage processed.
    pub recycling: Option<f64>,
}

/// `[[site]]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteRaw {
    /// Id.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Intake storage capacity, all streams together.
    pub intake_capacity_t: f64,
    /// Output storage capacity, all fractions together.
    pub output_capacity_t: f64,
}

/// `[[area]]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AreaRaw {
    /// Id.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Transport cost to each site it can deliver to, keyed by site id.
    pub transport_eur_per_t: BTreeMap<String, f64>,
}

/// `[[category]]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryRaw {
    /// Id.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Least recovered share of the category's processed tonnage.
    pub recovery_target: Option<f64>,
    /// Least recycled (and prepared for re-use) share of the category's processed tonnage.
    pub recycling_target: Option<f64>,
}

/// `[[stream]]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StreamRaw {
    /// Id.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Category id.
    pub category: String,
    /// Cost of holding one tonne in intake storage for one week.
    #[serde(default)]
    pub holding_eur_per_t_week: f64,
    /// Cost per tonne handed to an external contractor when the plant cannot process it.
    pub external_cost_eur_per_t: f64,
    /// Share of what the external contractor receives that counts as recovered (default 0:
    /// unknown fate counts as not recovered).
    #[serde(default)]
    pub external_recovered_share: f64,
    /// Share of what the external contractor receives that counts as recycled (default 0).
    #[serde(default)]
    pub external_recycled_share: f64,
}

/// `[[fraction]]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FractionRaw {
    /// Id.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Cost of holding one tonne in output storage for one week.
    #[serde(default)]
    pub holding_eur_per_t_week: f64,
}

/// `[[shift]]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftRaw {
    /// Id.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Hours a line can run in this shift in a normal week.
    pub hours_per_week: f64,
    /// Extra pay for hours worked in this shift, as a share of the hourly cost (0.25 = +25 %).
    #[serde(default)]
    pub wage_premium: f64,
}

/// `[[staff]]`: one group of staff of one kind at one site.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StaffRaw {
    /// Site id.
    pub site: String,
    /// `permanent`, `insertion`, `temporary` or `supervisor`.
    pub kind: String,
    /// Least headcount (persons employed over the horizon).
    #[serde(default)]
    pub headcount_min: f64,
    /// Largest headcount.
    pub headcount_max: f64,
    /// Least paid hours per person in a normal week (contract hours).
    #[serde(default)]
    pub min_h_per_week: f64,
    /// Most hours per person in a normal week.
    pub max_h_per_week: f64,
    /// Loaded hourly cost.
    pub cost_eur_per_h: f64,
    /// Output per hour relative to an experienced worker (1.0); insertion workers in training are slower.
    #[serde(default = "one")]
    pub productivity: f64,
    /// Share of present time lost to absence, paid but not worked.
    #[serde(default)]
    pub absenteeism: f64,
    /// Paid-leave weeks per person and year (default: the law's; temporary staff: 0).
    pub paid_leave_weeks: Option<f64>,
    /// Persons on the payroll before week 1 (permanent, supervisor); none: chosen by the plan.
    pub headcount_start: Option<f64>,
    /// Cost of one hire (permanent, supervisor); none: no hire during the horizon.
    pub hire_cost_eur: Option<f64>,
    /// Cost of one departure (permanent, supervisor); none: no departure during the horizon.
    pub departure_cost_eur: Option<f64>,
    /// Weeks of notice before a hire or departure takes effect.
    #[serde(default)]
    pub notice_weeks: f64,
    /// Agency mark-up on the hourly cost (temporary staff).
    #[serde(default)]
    pub agency_markup: f64,
}

fn one() -> f64 {
    1.0
}

/// `[[line]]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LineRaw {
    /// Id.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Site id.
    pub site: String,
    /// Shift ids this line can run in.
    pub shifts: Vec<String>,
    /// Running cost per line-hour (energy, wear, consumables).
    #[serde(default)]
    pub running_cost_eur_per_h: f64,
    /// Least share of the line's staff hours worked by permanent (qualified) staff.
    #[serde(default)]
    pub min_qualified_share: f64,
    /// Share of shift hours the line is available (maintenance), 0 to 1.
    #[serde(default = "one")]
    pub availability: f64,
    /// The streams this line can process and how.
    #[serde(default, rename = "process")]
    pub processes: Vec<ProcessRaw>,
}

/// `[[line.process]]`: how one line processes one stream.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessRaw {
    /// Stream id.
    pub stream: String,
    /// Throughput in tonnes per line-hour.
    pub rate_t_per_h: f64,
    /// Persons needed per line-hour (at productivity 1).
    pub crew_persons: f64,
    /// Output share of each fraction, keyed by fraction id; sums to 1.
    pub yields: BTreeMap<String, f64>,
}

/// `[[outlet]]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutletRaw {
    /// Id.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// `reuse`, `recycling`, `energy_recovery` or `disposal`.
    pub treatment: String,
    /// Share of what it receives that counts as recycled (default by treatment).
    pub recycled_share: Option<f64>,
    /// Share of what it receives that counts as recovered (default by treatment).
    pub recovered_share: Option<f64>,
    /// Fractions it takes, with the price it pays per tonne (negative: a fee).
    pub prices_eur_per_t: BTreeMap<String, f64>,
    /// Transport cost per tonne from each site that can ship to it.
    pub transport_eur_per_t: BTreeMap<String, f64>,
    /// Least tonnage over the horizon (contract).
    #[serde(default)]
    pub min_t: f64,
    /// Most tonnage over the horizon (contract).
    pub max_t: Option<f64>,
    /// Most tonnage in one week.
    pub max_t_per_week: Option<f64>,
    /// Truck capacity when the outlet is served by whole truckloads.
    pub truck_capacity_t: Option<f64>,
    /// Cost of one truck trip (with `truck_capacity_t`).
    #[serde(default)]
    pub cost_eur_per_trip: f64,
}

/// `[[stock]]`: opening and closing stock of a stream (intake) or a fraction of a category (output).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StockRaw {
    /// Site id.
    pub site: String,
    /// Stream id, for intake stock.
    pub stream: Option<String>,
    /// Fraction id, for output stock (with `category`).
    pub fraction: Option<String>,
    /// Category the output stock comes from (with `fraction`).
    pub category: Option<String>,
    /// Stock at the start of week 1.
    #[serde(default)]
    pub opening_t: f64,
    /// Least stock at the end of the horizon.
    #[serde(default)]
    pub closing_min_t: f64,
    /// Most stock at the end of the horizon (default: the opening stock).
    pub closing_max_t: Option<f64>,
}
