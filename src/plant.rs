//! The validated, typed plant and instance: ids are indices, series are dense grids.
//!
//! Names come back only in reports. Every grid is indexed by the typed ids below, in the
//! order the entities appear in the model file.

use ndarray::{Array2, Array3};
use serde::Serialize;

macro_rules! ids {
    ($($(#[$m:meta])* $name:ident),* $(,)?) => {$(
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub struct $name(pub usize);
    )*};
}

ids!(
    /// A site (plant or platform).
    SiteId,
    /// A collection area.
    AreaId,
    /// A waste category.
    CategoryId,
    /// An incoming stream.
    StreamId,
    /// An output fraction.
    FractionId,
    /// A shift.
    ShiftId,
    /// A processing line.
    LineId,
    /// An outlet.
    OutletId,
    /// A traced output lot: one fraction coming from one category.
    LotId,
);

/// Kinds of staff. The first three work on lines; supervisors cover insertion workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffKind {
    /// Permanent, qualified staff.
    Permanent,
    /// Insertion workers on state-aided contracts.
    Insertion,
    /// Temporary agency staff.
    Temporary,
    /// Technical supervisors and support workers of insertion workers.
    Supervisor,
}

impl StaffKind {
    /// All kinds, in index order.
    pub const ALL: [StaffKind; 4] = [
        StaffKind::Permanent,
        StaffKind::Insertion,
        StaffKind::Temporary,
        StaffKind::Supervisor,
    ];
    /// The kinds that work on lines.
    pub const PRODUCTION: [StaffKind; 3] = [
        StaffKind::Permanent,
        StaffKind::Insertion,
        StaffKind::Temporary,
    ];
    /// Index in [`StaffKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            StaffKind::Permanent => "permanent",
            StaffKind::Insertion => "insertion",
            StaffKind::Temporary => "temporary",
            StaffKind::Supervisor => "supervisor",
        }
    }
    /// Parses the name used in files.
    pub fn parse(s: &str) -> Option<StaffKind> {
        StaffKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// Treatment an outlet gives to what it receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Treatment {
    /// Preparation for re-use.
    Reuse,
    /// Material recycling.
    Recycling,
    /// Energy recovery (counts as recovered, not recycled).
    EnergyRecovery,
    /// Landfill or incineration without recovery.
    Disposal,
}

impl Treatment {
    /// Parses the name used in files.
    pub fn parse(s: &str) -> Option<Treatment> {
        Some(match s {
            "reuse" => Treatment::Reuse,
            "recycling" => Treatment::Recycling,
            "energy_recovery" => Treatment::EnergyRecovery,
            "disposal" => Treatment::Disposal,
            _ => return None,
        })
    }
    /// Default (recycled, recovered) shares of what the outlet receives.
    pub fn default_shares(self) -> (f64, f64) {
        match self {
            Treatment::Reuse | Treatment::Recycling => (1.0, 1.0),
            Treatment::EnergyRecovery => (0.0, 1.0),
            Treatment::Disposal => (0.0, 0.0),
        }
    }
}

/// The id under which outputs report plant-wide figures (the plant row of the recovery table,
/// the key `recovery[plant]` of the plant-wide target row): reserved, no category may use it.
pub const PLANT_ID: &str = "plant";

/// A named entity: id as written in the files and display name.
#[derive(Debug, Clone, Serialize)]
pub struct Named {
    /// Id in the files.
    pub id: String,
    /// Display name (the id when none was given).
    pub name: String,
}

/// A site.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    /// Names.
    pub named: Named,
    /// Intake storage capacity (t).
    pub intake_capacity_t: f64,
    /// Output storage capacity (t).
    pub output_capacity_t: f64,
}

/// A waste category with its targets.
#[derive(Debug, Clone, Serialize)]
pub struct Category {
    /// Names.
    pub named: Named,
    /// Least recovered share.
    pub recovery_target: Option<f64>,
    /// Least recycled share.
    pub recycling_target: Option<f64>,
}

/// An incoming stream.
#[derive(Debug, Clone, Serialize)]
pub struct Stream {
    /// Names.
    pub named: Named,
    /// Its category.
    pub category: CategoryId,
    /// Intake holding cost (EUR per t and week).
    pub holding_eur_per_t_week: f64,
    /// External contractor cost (EUR per t).
    pub external_cost_eur_per_t: f64,
    /// Share of external tonnage counted as recovered.
    pub external_recovered_share: f64,
    /// Share of external tonnage counted as recycled.
    pub external_recycled_share: f64,
}

/// An output fraction.
#[derive(Debug, Clone, Serialize)]
pub struct Fraction {
    /// Names.
    pub named: Named,
    /// Output holding cost (EUR per t and week).
    pub holding_eur_per_t_week: f64,
}

/// A shift.
#[derive(Debug, Clone, Serialize)]
pub struct Shift {
    /// Names.
    pub named: Named,
    /// Hours per normal week.
    pub hours_per_week: f64,
    /// Wage premium as a share of the hourly cost.
    pub wage_premium: f64,
}

/// A group of staff of one kind at one site.
#[derive(Debug, Clone, Serialize)]
pub struct StaffGroup {
    /// Least headcount.
    pub headcount_min: f64,
    /// Largest headcount.
    pub headcount_max: f64,
    /// Least paid hours per person per normal week.
    pub min_h_per_week: f64,
    /// Most hours per person per normal week.
    pub max_h_per_week: f64,
    /// Loaded cost per hour.
    pub cost_eur_per_h: f64,
    /// Productivity factor.
    pub productivity: f64,
}

/// How a line processes one stream.
#[derive(Debug, Clone, Serialize)]
pub struct Process {
    /// The stream.
    pub stream: StreamId,
    /// Tonnes per line-hour.
    pub rate_t_per_h: f64,
    /// Persons per line-hour.
    pub crew_persons: f64,
    /// Yield of each fraction (dense over fractions, sums to 1).
    pub yields: Vec<f64>,
}

/// A processing line.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// Names.
    pub named: Named,
    /// Its site.
    pub site: SiteId,
    /// Whether it runs in each shift (dense over shifts).
    pub shifts: Vec<bool>,
    /// Running cost per line-hour.
    pub running_cost_eur_per_h: f64,
    /// Least share of permanent staff hours.
    pub min_qualified_share: f64,
    /// Availability factor.
    pub availability: f64,
    /// Processes, at most one per stream.
    pub processes: Vec<Process>,
}

impl Line {
    /// The process for a stream, if the line is equipped for it.
    pub fn process(&self, s: StreamId) -> Option<&Process> {
        self.processes.iter().find(|p| p.stream == s)
    }
}

/// An outlet.
#[derive(Debug, Clone, Serialize)]
pub struct Outlet {
    /// Names.
    pub named: Named,
    /// Treatment.
    pub treatment: Treatment,
    /// Share counted as recycled.
    pub recycled_share: f64,
    /// Share counted as recovered.
    pub recovered_share: f64,
    /// Whether it takes each fraction (dense over fractions).
    pub accepts: Vec<bool>,
    /// Transport cost per tonne from each site (dense over sites; `None`: not connected).
    pub transport_eur_per_t: Vec<Option<f64>>,
    /// Least tonnage over the horizon.
    pub min_t: f64,
    /// Most tonnage over the horizon.
    pub max_t: Option<f64>,
    /// Most tonnage per week.
    pub max_t_per_week: Option<f64>,
    /// Truck capacity, when served by whole truckloads.
    pub truck_capacity_t: Option<f64>,
    /// Cost per trip.
    pub cost_eur_per_trip: f64,
}

/// Social-employment rules.
#[derive(Debug, Clone, Serialize)]
pub struct Social {
    /// Least insertion share of production hours per site.
    pub insertion_share_min: f64,
    /// Insertion workers per supervisor.
    pub insertion_workers_per_supervisor: f64,
    /// State-funded posts (cap on insertion headcount, all sites).
    pub funded_posts: Option<f64>,
    /// State aid per full-time post and year.
    pub aid_eur_per_post_year: f64,
    /// Paid hours of a full-time post in a year.
    pub full_time_h_per_year: f64,
}

impl Social {
    /// State aid per paid insertion hour.
    pub fn aid_eur_per_paid_h(&self) -> f64 {
        self.aid_eur_per_post_year / self.full_time_h_per_year
    }
}

/// Opening and closing bounds of one stock.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct StockBounds {
    /// Opening stock (t).
    pub opening_t: f64,
    /// Least closing stock (t).
    pub closing_min_t: f64,
    /// Most closing stock (t).
    pub closing_max_t: f64,
}

impl Default for StockBounds {
    fn default() -> Self {
        StockBounds {
            opening_t: 0.0,
            closing_min_t: 0.0,
            closing_max_t: 0.0,
        }
    }
}

/// The plant model, validated.
#[derive(Debug, Clone, Serialize)]
pub struct Plant {
    /// Display name.
    pub name: String,
    /// Sites.
    pub sites: Vec<Site>,
    /// Collection areas.
    pub areas: Vec<Named>,
    /// Transport cost area to site (`[area, site]`; `None`: not connected).
    pub area_transport_eur_per_t: Array2<Option<f64>>,
    /// Categories.
    pub categories: Vec<Category>,
    /// Streams.
    pub streams: Vec<Stream>,
    /// Fractions.
    pub fractions: Vec<Fraction>,
    /// Traced lots: (fraction, category) pairs some process produces.
    pub lots: Vec<(FractionId, CategoryId)>,
    /// Shifts.
    pub shifts: Vec<Shift>,
    /// Staff groups (`[site, kind]`).
    pub staff: Array2<Option<StaffGroup>>,
    /// Lines.
    pub lines: Vec<Line>,
    /// Outlets.
    pub outlets: Vec<Outlet>,
    /// Social rules.
    pub social: Social,
    /// Plant-wide recovery target.
    pub recovery_target: Option<f64>,
    /// Plant-wide recycling target.
    pub recycling_target: Option<f64>,
    /// Intake stock bounds (`[site, stream]`).
    pub intake_stock: Array2<StockBounds>,
    /// Output stock bounds (`[site, lot]`).
    pub output_stock: Array2<StockBounds>,
    /// The index sets of `models/FORMULATION.md` §1 derived from the tables above.
    #[serde(skip)]
    pub sets: IndexSets,
}

/// The derived index sets of `models/FORMULATION.md` §1, computed once by validation (or by
/// [`Plant::index`] after the plant's tables change): each is in ascending id order, the order
/// in which a filter over the whole table would visit them.
#[derive(Debug, Clone, Default)]
pub struct IndexSets {
    /// Lines(s): the lines at site s (`[site]`).
    lines_at: Vec<Vec<LineId>>,
    /// Streams(c): the streams of category c (`[category]`).
    streams_of: Vec<Vec<StreamId>>,
    /// Lots(c): the lots of category c (`[category]`).
    lots_of: Vec<Vec<LotId>>,
}

impl IndexSets {
    /// The sets of `sites` sites and `categories` categories. Entries whose site or category
    /// is out of range (in a model validation refuses) are left out.
    pub fn new(
        sites: usize,
        categories: usize,
        lines: &[Line],
        streams: &[Stream],
        lots: &[(FractionId, CategoryId)],
    ) -> Self {
        fn group<T>(n: usize, items: impl Iterator<Item = (usize, T)>) -> Vec<Vec<T>> {
            let mut sets: Vec<Vec<T>> = (0..n).map(|_| Vec::new()).collect();
            for (at, item) in items {
                if let Some(set) = sets.get_mut(at) {
                    set.push(item);
                }
            }
            sets
        }
        let lines_at = lines.iter().enumerate().map(|(l, x)| (x.site.0, LineId(l)));
        let streams_of = (streams.iter().enumerate()).map(|(k, x)| (x.category.0, StreamId(k)));
        let lots_of = lots.iter().enumerate().map(|(q, &(_, c))| (c.0, LotId(q)));
        IndexSets {
            lines_at: group(sites, lines_at),
            streams_of: group(categories, streams_of),
            lots_of: group(categories, lots_of),
        }
    }
    /// Lines(s): the lines at site s, in id order.
    pub fn lines_at(&self, s: SiteId) -> &[LineId] {
        &self.lines_at[s.0]
    }
}

impl Plant {
    /// Recomputes the derived index sets ([`IndexSets`]) from the plant's tables, after a
    /// change of a line's site, a stream's category or the lots.
    pub fn index(&mut self) {
        self.sets = IndexSets::new(
            self.sites.len(),
            self.categories.len(),
            &self.lines,
            &self.streams,
            &self.lots,
        );
    }
    /// Lines(s): the lines at site s, in id order.
    pub fn lines_at(&self, s: SiteId) -> &[LineId] {
        self.sets.lines_at(s)
    }
    /// Streams(c): the streams of category c, in id order.
    pub fn streams_of(&self, c: CategoryId) -> &[StreamId] {
        &self.sets.streams_of[c.0]
    }
    /// Lots(c): the lots of category c, in id order.
    pub fn lots_of(&self, c: CategoryId) -> &[LotId] {
        &self.sets.lots_of[c.0]
    }
    /// The staff group of a kind at a site.
    pub fn staff(&self, s: SiteId, k: StaffKind) -> Option<&StaffGroup> {
        self.staff[[s.0, k.index()]].as_ref()
    }
    /// The lot of a fraction from a category, if any process produces it.
    pub fn lot(&self, f: FractionId, c: CategoryId) -> Option<LotId> {
        self.lots.iter().position(|&l| l == (f, c)).map(LotId)
    }
}

/// A validated instance: a plant and its weekly series over the horizon.
#[derive(Debug, Clone, Serialize)]
pub struct Instance {
    /// Display name.
    pub name: String,
    /// The plant.
    pub plant: Plant,
    /// Number of weeks.
    pub weeks: usize,
    /// Collected tonnage (`[area, stream, week]`).
    pub supply_t: Array3<f64>,
    /// Outlet prices (`[outlet, fraction, week]`; 0 where the outlet does not take the fraction).
    pub price_eur_per_t: Array3<f64>,
    /// Share of normal hours available (`[site, week]`).
    pub availability: Array2<f64>,
}
