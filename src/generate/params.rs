//! Generator parameters: the figures a generated plant needs that the reference model
//! (`models/juratri.toml`) does not hold. Everything the reference model holds (categories,
//! streams, fractions, shifts, staff, lines, outlets, social rules, targets, storage, opening
//! stock) is read from it by [`super::reference`]; what is here is either data of the reference
//! *instance* (its weekly series) or a rule for varying the reference over many sites.
//!
//! Every entry is keyed by a reference id; [`super::reference::Reference::parse`] refuses a
//! reference model and a parameter table that do not name the same streams, lines and outlets.

// ---------------------------------------------------------------------------------------------
// Collection (the reference instance's tonnage.csv, not the model)
// ---------------------------------------------------------------------------------------------

/// The shape of a stream's weekly collection over the year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Season {
    /// WEEE: spring peak, January clear-outs, summer dip.
    Weee,
    /// CRT sets: the WEEE shape, declining over the horizon.
    Crt,
    /// Flat screens: the WEEE shape, rising over the horizon.
    Flat,
    /// Household packaging: summer peak, Christmas packaging.
    Packaging,
    /// Waste wood: the DIY season.
    Wood,
}

/// How one reference stream is collected.
pub(super) struct Collection {
    /// Stream id in the reference model.
    pub stream: &'static str,
    /// Tonnes a year at the reference plant.
    pub annual_t: f64,
    /// Share collected in a site's near area (the rest in its far area).
    pub near_share: f64,
    /// Shape over the year.
    pub season: Season,
}

/// The reference plant's yearly tonnage per stream and its split between the near area (the
/// Jura: 55 % of the WEEE, all the packaging, 65 % of the wood) and the far one (Haute-Saône).
pub(super) const COLLECTION: [Collection; 7] = [
    Collection {
        stream: "crt",
        annual_t: 850.0,
        near_share: 0.55,
        season: Season::Crt,
    },
    Collection {
        stream: "flat_screens",
        annual_t: 450.0,
        near_share: 0.55,
        season: Season::Flat,
    },
    Collection {
        stream: "large_appliances",
        annual_t: 1900.0,
        near_share: 0.55,
        season: Season::Weee,
    },
    Collection {
        stream: "small_appliances",
        annual_t: 1700.0,
        near_share: 0.55,
        season: Season::Weee,
    },
    Collection {
        stream: "it_telecom",
        annual_t: 600.0,
        near_share: 0.55,
        season: Season::Weee,
    },
    Collection {
        stream: "packaging",
        annual_t: 10000.0,
        near_share: 1.0,
        season: Season::Packaging,
    },
    Collection {
        stream: "wood",
        annual_t: 6000.0,
        near_share: 0.65,
        season: Season::Wood,
    },
];

/// Weekly collection noise: each week's figure is the seasonal shape times a draw in this range.
pub(super) const NOISE: (f64, f64) = (0.94, 1.06);

// ---------------------------------------------------------------------------------------------
// Calendar and prices (the reference instance's calendar.csv and prices.csv)
// ---------------------------------------------------------------------------------------------

/// Public-holiday weeks: hours at [`HOLIDAY_AVAILABILITY`], collection 10 % lower.
pub(super) const HOLIDAY_WEEKS: [usize; 8] = [1, 17, 18, 19, 22, 24, 29, 46];
/// Share of normal hours in a public-holiday week.
pub(super) const HOLIDAY_AVAILABILITY: f64 = 0.8;
/// Share of normal hours in the two summer-closure weeks.
pub(super) const SUMMER_AVAILABILITY: f64 = 0.3;
/// First week of a site's two-week summer closure: drawn in this range.
pub(super) const SUMMER_CLOSURE_WEEKS: (usize, usize) = (31, 33);
/// Share of normal hours in Christmas week (week 52).
pub(super) const CHRISTMAS_AVAILABILITY: f64 = 0.5;

/// Weekly price of a metal over the year, as (last week of a period, price in EUR/t); the
/// first period's price is the outlet's model price and later ones move it in proportion.
pub(super) const PRICE_PATHS: [(&str, &[(usize, f64)]); 3] = [
    (
        "ferrous",
        &[
            (9, 190.0),
            (19, 180.0),
            (29, 170.0),
            (39, 160.0),
            (47, 150.0),
            (52, 135.0),
        ],
    ),
    (
        "copper",
        &[
            (12, 3500.0),
            (25, 3400.0),
            (38, 3450.0),
            (46, 3350.0),
            (52, 3250.0),
        ],
    ),
    (
        "cables",
        &[
            (12, 1600.0),
            (25, 1560.0),
            (38, 1580.0),
            (46, 1540.0),
            (52, 1500.0),
        ],
    ),
];

// ---------------------------------------------------------------------------------------------
// Variation over many sites
// ---------------------------------------------------------------------------------------------

/// Side of the square (km) each site adds to the plane (about a French département).
pub(super) const SQUARE_KM: f64 = 80.0;
/// Road distance over straight-line distance.
pub(super) const ROAD_FACTOR: f64 = 1.25;

/// Chance that a site of a multi-site plant has a line of each reference line; every site
/// has at least two lines and every line is somewhere.
pub(super) const LINE_CHANCE: [(&str, f64); 6] = [
    ("crt_cutting", 0.45),
    ("screen_dismantling", 0.5),
    ("small_weee_bench", 0.7),
    ("large_weee", 0.6),
    ("packaging_sorting", 0.5),
    ("wood_shredding", 0.5),
];
/// Share of the reference tonnage a line of a multi-site plant processes: drawn in this range
/// and rounded to 0.01.
pub(super) const LINE_SHARE: (f64, f64) = (0.55, 1.0);
/// Staff cost of a site of a multi-site plant: the reference's times a draw in this range.
pub(super) const WAGE_FACTOR: (f64, f64) = (0.97, 1.05);
/// State-funded posts of a multi-site plant: this share of the insertion ceilings summed over
/// the sites (at least the floors).
pub(super) const FUNDED_SHARE: f64 = 0.95;
/// Least storage of a site as a share of the reference's.
pub(super) const MIN_STORAGE_SHARE: f64 = 0.1;

/// A site's collection area.
pub(super) struct AreaRule {
    /// Road distance to the home site (km): drawn in this range.
    pub road_km: (f64, f64),
    /// Other sites it delivers to: the nearest ones within this road distance (km) ...
    pub reach_km: f64,
    /// ... at most this many.
    pub other_sites: usize,
}

/// The near area (the Jura of the reference) and the far one (Haute-Saône).
pub(super) const NEAR_AREA: AreaRule = AreaRule {
    road_km: (5.0, 35.0),
    reach_km: 50.0,
    other_sites: 1,
};
/// See [`NEAR_AREA`].
pub(super) const FAR_AREA: AreaRule = AreaRule {
    road_km: (60.0, 140.0),
    reach_km: 150.0,
    other_sites: 2,
};
/// Inbound transport: EUR/t fixed plus EUR/t per road km (8 and 25 EUR/t in the reference at
/// about 30 and 140 km).
pub(super) const INBOUND_EUR_PER_T: (f64, f64) = (3.0, 0.15);
/// Outbound transport to an outlet paid per tonne: EUR/t fixed plus EUR/t per road km.
pub(super) const OUTBOUND_EUR_PER_T: (f64, f64) = (3.0, 0.10);
/// Outbound transport to an outlet served by whole trucks (the trip cost is apart).
pub(super) const TRUCK_OUTBOUND_EUR_PER_T: (f64, f64) = (0.0, 0.04);

/// Outlets that are specialised plants far from the sites; the others are regional.
pub(super) const NATIONAL_OUTLETS: [&str; 2] = ["board_refiner", "lead_smelter"];
/// Copies of each regional outlet: `1 + sites / this`.
pub(super) const SITES_PER_REGIONAL_COPY: usize = 40;
/// Copies of each national outlet: `1 + sites / this`.
pub(super) const SITES_PER_NATIONAL_COPY: usize = 100;
/// Distance of a national outlet beyond the edge of the plane (km of road): drawn in this range.
pub(super) const NATIONAL_ROAD_KM: (f64, f64) = (300.0, 600.0);
/// Prices (and truck trip costs) of an outlet copy of a multi-site plant: the reference's
/// times a draw in this range, rounded to the euro.
pub(super) const PRICE_FACTOR: (f64, f64) = (0.95, 1.05);

/// A contract bound scaled with the expected production of a fraction, all sites together.
pub(super) struct Contract {
    /// Outlet id in the reference.
    pub outlet: &'static str,
    /// The fraction the bound is sized on.
    pub fraction: &'static str,
    /// Least share of the expected tonnage (`min_t`, rounded down), split over the copies.
    pub min_share: Option<f64>,
    /// Largest share (`max_t`, rounded up), split over the copies.
    pub max_share: Option<f64>,
}

/// The scrap dealers take at least half the ferrous scrap, the plastics recyclers at most
/// 125 % of the WEEE plastics, the particle-board plants 50-85 % of the wood chips.
pub(super) const CONTRACTS: [Contract; 3] = [
    Contract {
        outlet: "scrap_dealer",
        fraction: "ferrous",
        min_share: Some(0.5),
        max_share: None,
    },
    Contract {
        outlet: "plastics_recycler",
        fraction: "plastics",
        min_share: None,
        max_share: Some(1.25),
    },
    Contract {
        outlet: "particle_board",
        fraction: "wood_chips",
        min_share: Some(0.5),
        max_share: Some(0.85),
    },
];

/// Outlets served by whole trucks under `--truck-outlets K`: the first K copies of these, in
/// this order. Their truck capacity and trip cost are those of the reference's truck outlet.
pub(super) const TRUCK_ORDER: [&str; 2] = ["particle_board", "lead_smelter"];
/// Weekly cap of a truck outlet: this times its `max_t` spread over the weeks, at least
/// [`TRUCK_MIN_T_PER_WEEK`]. An outlet without `max_t` uses the expected tonnage of
/// [`TRUCK_BASIS_FRACTION`] per copy instead (the lead smelters too: their cap is generous).
pub(super) const TRUCK_WEEKLY_FACTOR: f64 = 1.6;
/// See [`TRUCK_WEEKLY_FACTOR`].
pub(super) const TRUCK_MIN_T_PER_WEEK: f64 = 50.0;
/// See [`TRUCK_WEEKLY_FACTOR`].
pub(super) const TRUCK_BASIS_FRACTION: &str = "wood_chips";
