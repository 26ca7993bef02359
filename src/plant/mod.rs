//! The validated, typed plant and instance: ids are indices, series are dense grids.
//!
//! Names come back only in reports. Every grid is indexed by the typed ids below, in the
//! order the entities appear in the model file.

mod pathways;

pub use pathways::*;

use crate::dates::{Date, IsoWeek};
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
    /// A skill learnt on a line.
    SkillId,
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
///
/// Permanent staff, insertion workers and supervisors are on the payroll: a weekly headcount
/// of whole persons, each paid the contract hours every week (paid leave and absence included),
/// with overtime on top. Temporary agency staff are bought as hours: no headcount, no idle
/// hours, the agency's mark-up on the hourly cost.
#[derive(Debug, Clone, Serialize)]
pub struct StaffGroup {
    /// Least headcount in every week (persons; temporary: unused).
    pub headcount_min: f64,
    /// Largest headcount in every week (temporary: the agency's pool, persons a week).
    pub headcount_max: f64,
    /// Contract hours per person and week: paid every week (temporary: unused).
    pub min_h_per_week: f64,
    /// Most hours one person works in a week, overtime included (at most the law's weekly maximum).
    pub max_h_per_week: f64,
    /// Loaded cost per hour (temporary: before the agency's mark-up).
    pub cost_eur_per_h: f64,
    /// Productivity factor.
    pub productivity: f64,
    /// Share of present time lost to absence (sickness, ...), paid but not worked, 0 to 1.
    pub absenteeism: f64,
    /// Paid-leave weeks per person and year (the law's by default; temporary: 0).
    pub paid_leave_weeks: f64,
    /// Persons on the payroll before week 1 (permanent, supervisor); `None`: chosen by the plan.
    /// Insertion groups open with their `[[cohort]]`s instead.
    pub headcount_start: Option<f64>,
    /// Cost of one hire (permanent, supervisor); `None`: no hire during the horizon.
    pub hire_cost_eur: Option<f64>,
    /// Cost of one departure (permanent, supervisor); `None`: no departure during the horizon.
    pub departure_cost_eur: Option<f64>,
    /// Weeks of notice: no hire or departure takes effect in weeks 1..=notice.
    pub notice_weeks: usize,
    /// Agency mark-up on the hourly cost (temporary), share.
    pub agency_markup: f64,
}

impl StaffGroup {
    /// Cost of one paid hour of kind k: the loaded cost, with the agency's mark-up for
    /// temporary staff.
    pub fn paid_hour_cost(&self, k: StaffKind) -> f64 {
        if k == StaffKind::Temporary {
            self.cost_eur_per_h * (1.0 + self.agency_markup)
        } else {
            self.cost_eur_per_h
        }
    }
    /// Cost of one hire (insertion: one entry, `pathway.entry_cost_eur`) and of one departure
    /// (insertion exits cost nothing) of kind k.
    pub fn change_costs(&self, k: StaffKind, pathway: &Pathway) -> (f64, f64) {
        if k == StaffKind::Insertion {
            (pathway.entry_cost_eur, 0.0)
        } else {
            (
                self.hire_cost_eur.unwrap_or(0.0),
                self.departure_cost_eur.unwrap_or(0.0),
            )
        }
    }
    /// Whether the headcount may change during the horizon by hires.
    pub fn hires(&self) -> bool {
        self.hire_cost_eur.is_some()
    }
    /// Whether the headcount may change during the horizon by departures.
    pub fn departures(&self) -> bool {
        self.departure_cost_eur.is_some()
    }
    /// Overtime hours per present person and week in the first step (+25 %) and second step
    /// (+50 %): `(min(step, max - contract), max - contract - step)`, each at least 0.
    pub fn overtime_caps(&self, law: &Law) -> [f64; 2] {
        let room = (self.max_h_per_week - self.min_h_per_week).max(0.0);
        let first = room.min(law.overtime_step_h);
        [first, (room - first).max(0.0)]
    }
}

/// Working-time law (`[law]`; French defaults, Code du travail).
#[derive(Debug, Clone, Serialize)]
pub struct Law {
    /// Legal full-time week (h).
    pub full_time_h_per_week: f64,
    /// Legal full-time year of hours worked (h).
    pub worked_h_per_year: f64,
    /// Most hours one person may work in one week (h).
    pub max_h_per_week: f64,
    /// Overtime hours per week paid at the first premium; beyond, the second (h).
    pub overtime_step_h: f64,
    /// First overtime premium, share of the hourly cost.
    pub overtime_premium_1: f64,
    /// Second overtime premium.
    pub overtime_premium_2: f64,
    /// Overtime quota per person and year (h).
    pub overtime_quota_h_per_year: f64,
    /// Paid-leave weeks per person and year.
    pub paid_leave_weeks: f64,
}

impl Law {
    /// The overtime premium of step 0 or 1.
    pub fn premium(&self, step: usize) -> f64 {
        if step == 0 {
            self.overtime_premium_1
        } else {
            self.overtime_premium_2
        }
    }
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
    /// Permanent and temporary production workers per supervisor (team leader); `None`: only
    /// insertion hours need supervision.
    pub workers_per_team_leader: Option<f64>,
    /// No departures of permanent staff or supervisors (`social.no_layoffs`; validation then
    /// drops their departure cost, so the groups have no departures).
    pub no_layoffs: bool,
    /// Agreed insertion posts, in full-time equivalents (all sites): the paid insertion hours
    /// of the horizon stay within them, pro rata of the horizon.
    pub funded_posts: Option<f64>,
    /// Least share of the agreed posts filled over the horizon (`phi`); `None`: no floor.
    pub funded_posts_min_share: Option<f64>,
    /// State aid per full-time insertion post and year.
    pub aid_eur_per_post_year: f64,
    /// Modulated part of the aid, share of the base amount (0 to 0.1).
    pub aid_modulation: f64,
    /// `L_mod`: the lasting exits at which the modulated part is earned in full, pro rata
    /// below (FORMULATION §4.15b); `None`: it is paid on every paid hour with the base.
    pub aid_modulation_lasting_exits: Option<f64>,
    /// Paid hours of one full-time post in a year (the unit of FTE; the aid is paid pro rata).
    pub full_time_h_per_year: f64,
    /// Insertion workers one adviser follows; `None`: no advisers.
    pub insertion_workers_per_adviser: Option<f64>,
    /// Loaded cost of one adviser per year.
    pub adviser_cost_eur_per_year: f64,
}

impl Social {
    /// State aid per paid insertion hour: the modulated part included, unless it is tied to
    /// the lasting exits ([`Social::outcome_modulation`]).
    pub fn aid_eur_per_paid_h(&self) -> f64 {
        let m = match self.outcome_modulation() {
            Some(_) => 0.0,
            None => self.aid_modulation,
        };
        self.aid_eur_per_post_year * (1.0 + m) / self.full_time_h_per_year
    }
    /// `L_mod` where the modulated part is tied to outcomes: `None` unless `aid_modulation`
    /// and `aid_modulation_lasting_exits` are given (validation requires `funded_posts` then).
    pub fn outcome_modulation(&self) -> Option<f64> {
        self.aid_modulation_lasting_exits
            .filter(|_| self.aid_modulation > 0.0 && self.funded_posts.is_some())
    }
    /// `(mod Aid / HFTE, kappa)` of [`Social::outcome_modulation`] for a horizon of `weeks`.
    pub fn modulation_rates(&self, weeks: usize) -> Option<(f64, f64)> {
        let target = self.outcome_modulation()?;
        let per_h = self.aid_modulation * self.aid_eur_per_post_year / self.full_time_h_per_year;
        let full = self.aid_modulation
            * self.aid_eur_per_post_year
            * self.funded_posts.unwrap_or(0.0)
            * weeks as f64
            / 52.0;
        Some((per_h, full / target))
    }
    /// Paid hours of one FTE in one week.
    pub fn fte_h_per_week(&self) -> f64 {
        self.full_time_h_per_year / 52.0
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
    /// The year of the prices (`[plant] price_year`), when stated.
    pub price_year: Option<i32>,
    /// Whether the weekly prices are known ahead (`[plant] price_foresight`); without,
    /// output stock is valued at each week's best net price ([`Instance::stock_value`]).
    pub price_foresight: bool,
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
    /// Working-time law.
    pub law: Law,
    /// Insertion pathways.
    pub pathway: Pathway,
    /// Insertion workers on contract before week 1, by site and tenure.
    pub cohorts: Vec<Cohort>,
    /// Skills learnt on the lines.
    pub skills: Vec<Skill>,
    /// Partner firms.
    pub partners: Vec<Partner>,
    /// Their openings, partner by partner.
    pub openings: Vec<Opening>,
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
    /// The Monday week 1 starts on, when the instance puts its weeks on the calendar.
    pub first_monday: Option<Date>,
    /// What happened in the weeks already past, fixed in the plan (README "Actuals"); applied
    /// by [`crate::validate::actuals::apply`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actuals: Option<Box<crate::actuals::Actuals>>,
}

impl Instance {
    /// The value of a tonne of lot `q` held at site `s` at the end of week `t`, where prices
    /// are forecasts (`price_foresight = false`): the best net price, price less transport,
    /// among the outlets that take the lot's fraction from the site that week (`P[s,q,t]`,
    /// FORMULATION §5). None where no outlet takes it.
    pub fn stock_value(&self, s: SiteId, q: LotId, t: usize) -> Option<f64> {
        let f = self.plant.lots[q.0].0;
        self.plant
            .outlets
            .iter()
            .enumerate()
            .filter(|(_, o)| o.accepts[f.0])
            .filter_map(|(o, out)| {
                let tau = out.transport_eur_per_t[s.0]?;
                Some(self.price_eur_per_t[[o, f.0, t]] - tau)
            })
            .reduce(f64::max)
    }

    /// The weekly cost of a tonne of lot `q` held at site `s` at the end of week `t` for the
    /// change of its value to week `t + 1` (`P[s,q,t+1] - P[s,q,t]`): what holding it for a
    /// price change would gain, charged back so that it gains nothing. Zero with price
    /// foresight and in the last week.
    pub fn revaluation(&self, s: SiteId, q: LotId, t: usize) -> f64 {
        if self.plant.price_foresight || t + 1 >= self.weeks {
            return 0.0;
        }
        match (self.stock_value(s, q, t), self.stock_value(s, q, t + 1)) {
            (Some(a), Some(b)) => b - a,
            _ => 0.0,
        }
    }

    /// Whether site `s` has supervision rows (§4.13): it has insertion workers, or team leaders
    /// are asked for (`workers_per_team_leader`) and it has permanent or temporary staff.
    pub fn supervised(&self, s: SiteId) -> bool {
        let has = |k: StaffKind| self.plant.staff(s, k).is_some();
        has(StaffKind::Insertion)
            || (self.plant.social.workers_per_team_leader.is_some()
                && (has(StaffKind::Permanent) || has(StaffKind::Temporary)))
    }

    /// The same plant run as a classic firm, the variant the cost of the social mission is
    /// measured against: no insertion workers (no insertion group, no cohorts, no least
    /// insertion share, no agreed posts, no aid, no advisers, no skills or placements), supervisors no longer required
    /// for insertion workers (least headcount 0; they lead the production staff where
    /// `workers_per_team_leader` is given, §4.13), and permanent staff and supervisors staffed
    /// from the start (the plan chooses their opening headcount; [`crate::mission`] gives the
    /// plan with the mission the same rule), permanent staff up to their own largest headcount
    /// plus the insertion group's.
    pub fn without_mission(&self) -> Instance {
        let mut inst = self.clone();
        let p = &mut inst.plant;
        for s in 0..p.sites.len() {
            let ins = p.staff[[s, StaffKind::Insertion.index()]].take();
            if let Some(g) = p.staff[[s, StaffKind::Permanent.index()]].as_mut() {
                g.headcount_max += ins.as_ref().map_or(0.0, |i| i.headcount_max);
                g.headcount_start = None;
            }
            if let Some(g) = p.staff[[s, StaffKind::Supervisor.index()]].as_mut() {
                g.headcount_min = 0.0;
                g.headcount_start = None;
            }
        }
        p.cohorts.clear();
        // Placements are exits of insertion workers: a classic firm has none to place.
        p.skills.clear();
        p.partners.clear();
        p.openings.clear();
        p.pathway.lasting_exits_min = 0.0;
        p.social.insertion_share_min = 0.0;
        p.social.funded_posts = None;
        p.social.funded_posts_min_share = None;
        p.social.aid_eur_per_post_year = 0.0;
        p.social.aid_modulation_lasting_exits = None;
        p.social.insertion_workers_per_adviser = None;
        inst
    }

    /// The Monday week t (0-based) starts on, when the instance gives `first_monday`.
    pub fn week_monday(&self, t: usize) -> Option<Date> {
        (self.first_monday).map(|d| d.add_days(7 * t as i64))
    }
    /// The ISO week of week t (0-based), when the instance gives `first_monday`.
    pub fn iso_week(&self, t: usize) -> Option<IsoWeek> {
        self.week_monday(t).map(Date::iso_week)
    }
    /// The 1-based week a week cell names: a week number (`12`), a date within the week
    /// (`2014-03-17`) or an ISO week (`2014-W12`); the last two need `first_monday`. The
    /// error says what was expected; the range (0 or 1 to the horizon) is the caller's check.
    pub fn week_number(&self, text: &str) -> Result<usize, String> {
        let text = text.trim();
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(w) = text.parse::<usize>() {
                return Ok(w);
            }
        }
        let date = if let Some((y, w)) = text.split_once("-W") {
            let (Ok(y), Ok(w)) = (y.parse::<i32>(), w.parse::<i64>()) else {
                return Err(format!("got \"{text}\", expected a week number, a date YYYY-MM-DD or an ISO week YYYY-Www"));
            };
            let jan4 = Date::new(y, 1, 4).map_err(|e| format!("got \"{text}\": {e}"))?;
            let monday = jan4.monday().add_days(7 * (w.clamp(1, 53) - 1));
            if !(1..=53).contains(&w) || monday.iso_week().year != y {
                return Err(format!("got \"{text}\", which is not an ISO week of {y}"));
            }
            monday
        } else {
            Date::parse(text).map_err(|e| {
                if e.reason.is_empty() {
                    format!("got \"{text}\", expected a week number (digits only), a date YYYY-MM-DD or an ISO week YYYY-Www")
                } else {
                    format!("got \"{text}\", which is not a date: {}", e.reason)
                }
            })?
        };
        let Some(first) = self.first_monday else {
            return Err(format!(
                "got the date \"{text}\", but the instance gives no first_monday: write the week number, or set first_monday in instance.toml"
            ));
        };
        let days = date.days_since_epoch() - first.days_since_epoch();
        if days < 0 {
            return Err(format!(
                "got \"{text}\", before week 1 (from Monday {first}): write week 0 for the opening stock"
            ));
        }
        Ok(days as usize / 7 + 1)
    }
    /// The month (0 for week 1's) week t (0-based) counts in, for the seats a month of
    /// training modules: the calendar month of its Monday where the instance gives
    /// `first_monday`, else months of 52/12 weeks (`t * 12 / 52`).
    pub fn month_of(&self, t: usize) -> usize {
        let Some(first) = self.first_monday else {
            return t * 12 / 52;
        };
        let index = |d: Date| d.year as i64 * 12 + d.month as i64;
        let monday = first.add_days(7 * t as i64);
        (index(monday) - index(first)).max(0) as usize
    }

    /// The horizon's first day (week 1's Monday) and last day (the last week's Sunday), when
    /// the instance gives `first_monday`.
    pub fn horizon_days(&self) -> Option<(Date, Date)> {
        (self.first_monday).map(|d| (d, d.add_days(7 * self.weeks as i64 - 1)))
    }

    /// The share of present weeks a person of group (s,k) spends on paid leave, where the
    /// site's closed time does not already cover the leave:
    /// `l[s,k] = max(0, LW[s,k] T/52 - sum_t (1 - alpha[s,t])) / sum_t alpha[s,t]`.
    pub fn leave_share(&self, s: SiteId, k: StaffKind) -> f64 {
        let Some(g) = self.plant.staff(s, k) else {
            return 0.0;
        };
        let open: f64 = self.availability.row(s.0).sum();
        let closed = self.weeks as f64 - open;
        let owed = g.paid_leave_weeks * self.weeks as f64 / 52.0;
        if open <= 0.0 {
            return 0.0;
        }
        ((owed - closed).max(0.0) / open).min(1.0)
    }
    /// The share of week t a person of group (s,k) is at work:
    /// `pres[s,k,t] = alpha[s,t] (1 - l[s,k]) (1 - ab[s,k])`. In a past week whose absence
    /// hours are given, the rate `ab` gives way to them (`pres` without it, see
    /// [`Instance::absence_h`]).
    pub fn presence(&self, s: SiteId, k: StaffKind, t: usize) -> f64 {
        let Some(g) = self.plant.staff(s, k) else {
            return 0.0;
        };
        let ab = match self.absence_h(s, k, t) {
            Some(_) => 0.0,
            None => g.absenteeism,
        };
        self.availability[[s.0, t]] * (1.0 - self.leave_share(s, k)) * (1.0 - ab)
    }
    /// `A[s,k,t]`: the absence hours of group (s,k) in a past week, where the actuals give them.
    pub fn absence_h(&self, s: SiteId, k: StaffKind, t: usize) -> Option<f64> {
        self.actuals
            .as_ref()
            .and_then(|a| a.absence(s.0, k.index(), t))
    }
    /// The productivity shortfall of an insertion worker in tenure week `tau` (1-based):
    /// `1 - r[tau]` within the ramp-up, 0 after it.
    pub fn ramp_loss(&self, tau: usize) -> f64 {
        match tau
            .checked_sub(1)
            .and_then(|i| self.plant.pathway.ramp_up.get(i))
        {
            Some(r) => 1.0 - r,
            None => 0.0,
        }
    }
    /// People of the `[[cohort]]`s at site s: their count and whether any were given.
    pub fn cohort_people(&self, s: SiteId) -> Option<f64> {
        let mut any = false;
        let mut n = 0.0;
        for c in self.plant.cohorts.iter().filter(|c| c.site == s) {
            any = true;
            n += c.people;
        }
        any.then_some(n)
    }
}
