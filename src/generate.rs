//! Generate: synthetic, realistic instances of any size, for scale tests and solver benchmarks.
//!
//! [`generate`] writes an instance directory (`model.toml`, `instance.toml`, `tonnage.csv`,
//! `calendar.csv` and, unless turned off, `prices.csv`) that `triplan solve DIR` accepts. Every
//! figure is drawn around the reference plant (`models/juratri.toml`, sources in
//! `models/juratri-assumptions.md`):
//!
//! - **Sites** on a plane (one per 80 km × 80 km square, about a French département each). The
//!   one-site instance has the reference plant's six lines at its tonnage; with several sites,
//!   each site gets a random subset of at least two of the six line types (each type at least
//!   at one site), processing 55-100 % of the reference tonnage of each of its lines. Rates,
//!   crews, yields, shifts, availabilities and running costs are the reference ones.
//! - **Staff**: permanent, insertion, temporary and supervisor groups at every site, with
//!   headcount ranges proportional to the site's person-hours of work (the reference plant's
//!   35-55, 56-62, 0-10 and 8-20 heads per 116,466 person-hours a year), wages of the
//!   reference model times a regional factor of 0.97-1.05; the state-funded posts are 95 % of
//!   the insertion headcount ceilings summed over the sites.
//! - **Areas**: two per site, a near one (the "Jura": 55 % of the site's WEEE, all its
//!   packaging, 65 % of its wood) and a far one (the "Haute-Saône": 45 % of the WEEE, 35 % of
//!   the wood), each also connected to up to two nearby sites. Inbound transport costs
//!   3 EUR/t + 0.15 EUR/t per road km (road = 1.25 × straight line): 8 and 25 EUR/t in the
//!   reference at about 30 and 140 km.
//! - **Outlets**: the reference plant's fourteen outlet types, in `1 + sites / 40` copies each
//!   (refiners and lead smelters: `1 + sites / 100`, 300-600 km away), each copy reachable
//!   from every site at 3 EUR/t + 0.10 EUR/t per road km, with prices within ±5 % of the
//!   reference. Contracts scale with the expected production: the scrap dealers take at least
//!   half the ferrous scrap, the plastics recyclers at most 125 % of the WEEE plastics, the
//!   particle-board plants 50-85 % of the wood chips. No outlet is served by whole trucks
//!   unless [`GenerateOptions::truck_outlets`] asks for some (they make the model a MIP).
//! - **Weekly series**: the reference tonnage shapes (spring WEEE peak, CRT decline, summer
//!   packaging peak, DIY-season wood, dips in holiday and Christmas weeks) with ±6 % noise,
//!   rounded to 0.1 t; a calendar with the French public-holiday weeks (0.8), a two-week summer
//!   closure starting in week 31, 32 or 33 per site (0.3) and Christmas week (0.5), repeated
//!   every 52 weeks; weekly prices with the reference's ferrous slide and copper and cable
//!   moves.
//!
//! External contractors cost what they cost in the reference (a safety valve far above the
//! in-house cost) and every line runs well below capacity, so the plans are feasible.
//!
//! All randomness comes from a SplitMix64 generator seeded by [`GenerateOptions::seed`]:
//! the same options give byte-identical files on every platform.

use crate::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Number of sites (at least 1).
    pub sites: usize,
    /// Weeks in the horizon (1 to 520; default 52).
    pub weeks: usize,
    /// Seed of the random generator: the same seed gives the same files.
    pub seed: u64,
    /// Write `prices.csv` with weekly metal prices (default true).
    pub prices: bool,
    /// Outlets served by whole truckloads (integer trips: a MIP). The first ones are the
    /// particle-board plants, then the lead smelters. Default 0: an LP.
    pub truck_outlets: usize,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            sites: 1,
            weeks: 52,
            seed: 1,
            prices: true,
            truck_outlets: 0,
        }
    }
}

/// The named sizes of the benchmarks: `S` (the reference plant, one site, about 11 k
/// variables), `M` (10 sites, about 65 k), `L` (100 sites, about 1.1 M), `XL` (200 sites, about
/// 3.4 M). Case-insensitive; `None` for any other name.
pub fn size(name: &str) -> Option<GenerateOptions> {
    let sites = match name.to_ascii_uppercase().as_str() {
        "S" => 1,
        "M" => 10,
        "L" => 100,
        "XL" => 200,
        _ => return None,
    };
    Some(GenerateOptions {
        sites,
        ..GenerateOptions::default()
    })
}

/// What [`generate`] wrote.
#[derive(Debug, Clone)]
pub struct GenerateSummary {
    /// The instance directory.
    pub dir: PathBuf,
    /// The files written, in writing order.
    pub files: Vec<PathBuf>,
    /// Sites.
    pub sites: usize,
    /// Collection areas.
    pub areas: usize,
    /// Lines.
    pub lines: usize,
    /// Outlets (all copies).
    pub outlets: usize,
    /// Weeks.
    pub weeks: usize,
    /// Tonnes collected over the horizon.
    pub tonnes: f64,
}

/// First line of every generated `instance.toml`: marks a directory [`generate`] may overwrite.
const MARKER: &str = "# Generated by triplan generate";
/// The files [`generate`] may write.
const FILES: [&str; 5] = [
    "model.toml",
    "instance.toml",
    "tonnage.csv",
    "calendar.csv",
    "prices.csv",
];

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

/// SplitMix64 (Steele, Lea and Flood 2014): small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in [lo, hi).
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }
    /// Uniform integer in [lo, hi].
    fn int(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }
}

// ---------------------------------------------------------------------------------------------
// Reference data (models/juratri.toml)
// ---------------------------------------------------------------------------------------------

struct CategoryRef {
    id: &'static str,
    name: &'static str,
    targets: Option<(f64, f64)>,
}

const CATEGORIES: [CategoryRef; 6] = [
    CategoryRef {
        id: "weee2_screens",
        name: "WEEE 2: screens and monitors",
        targets: Some((0.80, 0.70)),
    },
    CategoryRef {
        id: "weee4_large",
        name: "WEEE 4: large equipment (non cooling)",
        targets: Some((0.85, 0.80)),
    },
    CategoryRef {
        id: "weee5_small",
        name: "WEEE 5: small equipment",
        targets: Some((0.75, 0.55)),
    },
    CategoryRef {
        id: "weee6_it",
        name: "WEEE 6: small IT and telecom equipment",
        targets: Some((0.75, 0.55)),
    },
    CategoryRef {
        id: "packaging",
        name: "Household packaging from selective collection",
        targets: None,
    },
    CategoryRef {
        id: "wood",
        name: "Waste wood",
        targets: None,
    },
];

#[derive(Clone, Copy, PartialEq)]
enum Season {
    Weee,
    Crt,
    Flat,
    Packaging,
    Wood,
}

struct StreamRef {
    id: &'static str,
    name: &'static str,
    category: &'static str,
    holding: f64,
    external: f64,
    external_recovered: f64,
    external_recycled: f64,
    /// Tonnes a year at the reference plant.
    annual_t: f64,
    /// Opening intake stock at the reference plant.
    opening_t: f64,
    /// Share collected in the site's near area (the rest in its far area).
    near_share: f64,
    season: Season,
}

const STREAMS: [StreamRef; 7] = [
    StreamRef {
        id: "crt",
        name: "CRT televisions and monitors",
        category: "weee2_screens",
        holding: 1.0,
        external: 230.0,
        external_recovered: 0.8,
        external_recycled: 0.7,
        annual_t: 850.0,
        opening_t: 20.0,
        near_share: 0.55,
        season: Season::Crt,
    },
    StreamRef {
        id: "flat_screens",
        name: "Flat screens (LCD/plasma TVs and monitors)",
        category: "weee2_screens",
        holding: 1.0,
        external: 260.0,
        external_recovered: 0.8,
        external_recycled: 0.7,
        annual_t: 450.0,
        opening_t: 8.0,
        near_share: 0.55,
        season: Season::Flat,
    },
    StreamRef {
        id: "large_appliances",
        name: "Large appliances, non cooling",
        category: "weee4_large",
        holding: 1.0,
        external: 120.0,
        external_recovered: 0.85,
        external_recycled: 0.8,
        annual_t: 1900.0,
        opening_t: 35.0,
        near_share: 0.55,
        season: Season::Weee,
    },
    StreamRef {
        id: "small_appliances",
        name: "Small mixed appliances",
        category: "weee5_small",
        holding: 1.0,
        external: 190.0,
        external_recovered: 0.75,
        external_recycled: 0.55,
        annual_t: 1700.0,
        opening_t: 30.0,
        near_share: 0.55,
        season: Season::Weee,
    },
    StreamRef {
        id: "it_telecom",
        name: "Small IT and telecom",
        category: "weee6_it",
        holding: 1.0,
        external: 190.0,
        external_recovered: 0.75,
        external_recycled: 0.55,
        annual_t: 600.0,
        opening_t: 10.0,
        near_share: 0.55,
        season: Season::Weee,
    },
    StreamRef {
        id: "packaging",
        name: "Household packaging and papers from selective collection",
        category: "packaging",
        holding: 1.5,
        external: 180.0,
        external_recovered: 0.8,
        external_recycled: 0.75,
        annual_t: 10000.0,
        opening_t: 150.0,
        near_share: 1.0,
        season: Season::Packaging,
    },
    StreamRef {
        id: "wood",
        name: "Waste wood from recycling centres",
        category: "wood",
        holding: 0.5,
        external: 70.0,
        external_recovered: 0.9,
        external_recycled: 0.85,
        annual_t: 6000.0,
        opening_t: 80.0,
        near_share: 0.65,
        season: Season::Wood,
    },
];

const FRACTIONS: [(&str, &str, f64); 18] = [
    ("ferrous", "Ferrous scrap", 0.5),
    ("aluminium", "Aluminium", 1.5),
    ("copper", "Copper", 6.0),
    ("cables", "Insulated cables", 3.0),
    ("boards_low", "Circuit boards, low grade", 2.0),
    ("boards_high", "Circuit boards, high grade", 10.0),
    ("plastics", "Mixed WEEE plastics", 0.5),
    (
        "brominated_plastics",
        "Plastics with brominated flame retardants",
        0.5,
    ),
    ("crt_glass_panel", "CRT panel glass", 0.5),
    ("crt_glass_funnel_leaded", "CRT funnel and neck glass", 0.5),
    ("flat_panel_glass", "LCD panels", 0.5),
    ("hazardous", "Hazardous components", 0.5),
    ("concrete", "Concrete counterweights", 0.5),
    ("cardboard", "Cardboard packaging", 0.5),
    ("paper", "Newspapers and magazines", 0.5),
    ("packaging_plastics", "Plastic bottles and flasks", 0.5),
    ("wood_chips", "Wood chips for particle board", 0.3),
    ("residual", "Residual waste and sorting refusals", 0.5),
];

/// (id, name, hours per week, wage premium).
const SHIFTS: [(&str, &str, f64, f64); 3] = [
    ("morning", "Morning team, Monday to Friday", 35.0, 0.0),
    ("afternoon", "Afternoon team, Monday to Friday", 35.0, 0.05),
    ("saturday", "Saturday morning", 6.0, 0.25),
];

struct ProcessRef {
    stream: usize,
    rate: f64,
    crew: f64,
    yields: &'static [(&'static str, f64)],
}

struct LineRef {
    id: &'static str,
    name: &'static str,
    shifts: &'static [&'static str],
    running: f64,
    qualified: f64,
    availability: f64,
    processes: &'static [ProcessRef],
    /// Chance that a site of a multi-site instance has this line.
    chance: f64,
}

const TWO: &[&str] = &["morning", "afternoon"];
const THREE: &[&str] = &["morning", "afternoon", "saturday"];

const LINES: [LineRef; 6] = [
    LineRef {
        id: "crt_cutting",
        name: "CRT dismantling with hot-wire cutting station",
        shifts: TWO,
        running: 15.0,
        qualified: 0.2,
        availability: 0.95,
        chance: 0.45,
        processes: &[ProcessRef {
            stream: 0,
            rate: 0.40,
            crew: 5.0,
            yields: &[
                ("crt_glass_panel", 0.39),
                ("crt_glass_funnel_leaded", 0.21),
                ("plastics", 0.08),
                ("brominated_plastics", 0.12),
                ("ferrous", 0.08),
                ("copper", 0.03),
                ("boards_low", 0.06),
                ("cables", 0.015),
                ("hazardous", 0.005),
                ("residual", 0.01),
            ],
        }],
    },
    LineRef {
        id: "screen_dismantling",
        name: "Flat-screen dismantling benches",
        shifts: TWO,
        running: 6.0,
        qualified: 0.2,
        availability: 0.95,
        chance: 0.5,
        processes: &[ProcessRef {
            stream: 1,
            rate: 0.20,
            crew: 5.0,
            yields: &[
                ("plastics", 0.26),
                ("brominated_plastics", 0.10),
                ("ferrous", 0.32),
                ("flat_panel_glass", 0.13),
                ("boards_low", 0.07),
                ("boards_high", 0.03),
                ("aluminium", 0.04),
                ("cables", 0.015),
                ("hazardous", 0.005),
                ("residual", 0.03),
            ],
        }],
    },
    LineRef {
        id: "small_weee_bench",
        name: "Bench line for small appliances and IT/telecom",
        shifts: THREE,
        running: 20.0,
        qualified: 0.125,
        availability: 0.95,
        chance: 0.7,
        processes: &[
            ProcessRef {
                stream: 3,
                rate: 0.98,
                crew: 16.0,
                yields: &[
                    ("ferrous", 0.46),
                    ("plastics", 0.27),
                    ("brominated_plastics", 0.05),
                    ("copper", 0.05),
                    ("aluminium", 0.04),
                    ("boards_low", 0.02),
                    ("cables", 0.04),
                    ("hazardous", 0.015),
                    ("residual", 0.055),
                ],
            },
            ProcessRef {
                stream: 4,
                rate: 0.882,
                crew: 16.0,
                yields: &[
                    ("ferrous", 0.30),
                    ("plastics", 0.18),
                    ("brominated_plastics", 0.12),
                    ("boards_high", 0.06),
                    ("boards_low", 0.08),
                    ("copper", 0.04),
                    ("aluminium", 0.04),
                    ("cables", 0.08),
                    ("hazardous", 0.02),
                    ("residual", 0.08),
                ],
            },
        ],
    },
    LineRef {
        id: "large_weee",
        name: "Large-appliance depollution and dismantling",
        shifts: TWO,
        running: 30.0,
        qualified: 0.25,
        availability: 0.95,
        chance: 0.6,
        processes: &[ProcessRef {
            stream: 2,
            rate: 1.05,
            crew: 4.0,
            yields: &[
                ("ferrous", 0.56),
                ("concrete", 0.16),
                ("plastics", 0.12),
                ("copper", 0.04),
                ("aluminium", 0.02),
                ("cables", 0.02),
                ("boards_low", 0.01),
                ("hazardous", 0.01),
                ("residual", 0.06),
            ],
        }],
    },
    LineRef {
        id: "packaging_sorting",
        name: "Manual packaging sorting cabin with baler",
        shifts: THREE,
        running: 70.0,
        qualified: 0.125,
        availability: 0.92,
        chance: 0.5,
        processes: &[ProcessRef {
            stream: 5,
            rate: 3.5,
            crew: 16.0,
            yields: &[
                ("cardboard", 0.30),
                ("paper", 0.30),
                ("packaging_plastics", 0.15),
                ("ferrous", 0.04),
                ("aluminium", 0.01),
                ("residual", 0.20),
            ],
        }],
    },
    LineRef {
        id: "wood_shredding",
        name: "Wood sorting and shredding",
        shifts: TWO,
        running: 150.0,
        qualified: 0.34,
        availability: 0.90,
        chance: 0.5,
        processes: &[ProcessRef {
            stream: 6,
            rate: 6.0,
            crew: 3.0,
            yields: &[("wood_chips", 0.90), ("ferrous", 0.03), ("residual", 0.07)],
        }],
    },
];

/// How far an outlet type lies from the sites.
#[derive(Clone, Copy, PartialEq)]
enum Reach {
    /// Inside the region of the sites.
    Regional,
    /// A specialised plant 300-600 km away.
    National,
}

struct OutletRef {
    id: &'static str,
    name: &'static str,
    treatment: &'static str,
    shares: Option<(f64, f64)>,
    prices: &'static [(&'static str, f64)],
    reach: Reach,
}

const OUTLETS: [OutletRef; 14] = [
    OutletRef {
        id: "scrap_dealer",
        name: "Ferrous scrap dealer",
        treatment: "recycling",
        shares: None,
        prices: &[("ferrous", 190.0)],
        reach: Reach::Regional,
    },
    OutletRef {
        id: "nonferrous_dealer",
        name: "Non-ferrous metal dealer",
        treatment: "recycling",
        shares: None,
        prices: &[("copper", 3500.0), ("aluminium", 900.0), ("cables", 1600.0)],
        reach: Reach::Regional,
    },
    OutletRef {
        id: "board_refiner",
        name: "Precious-metal refiner (circuit boards)",
        treatment: "recycling",
        shares: None,
        prices: &[("boards_low", 1200.0), ("boards_high", 7000.0)],
        reach: Reach::National,
    },
    OutletRef {
        id: "plastics_recycler",
        name: "WEEE plastics recycler",
        treatment: "recycling",
        shares: None,
        prices: &[("plastics", 40.0)],
        reach: Reach::Regional,
    },
    OutletRef {
        id: "crt_glass_recycler",
        name: "CRT panel-glass recycler",
        treatment: "recycling",
        shares: None,
        prices: &[("crt_glass_panel", -70.0)],
        reach: Reach::Regional,
    },
    OutletRef {
        id: "lead_smelter",
        name: "Lead smelter (leaded funnel glass)",
        treatment: "recycling",
        shares: None,
        prices: &[("crt_glass_funnel_leaded", -180.0)],
        reach: Reach::National,
    },
    OutletRef {
        id: "hazardous_treatment",
        name: "Hazardous-waste treatment",
        treatment: "recycling",
        shares: Some((0.5, 0.6)),
        prices: &[("hazardous", -600.0)],
        reach: Reach::Regional,
    },
    OutletRef {
        id: "aggregate_recycler",
        name: "Inert-waste crusher (recycled aggregates)",
        treatment: "recycling",
        shares: None,
        prices: &[("concrete", -30.0)],
        reach: Reach::Regional,
    },
    OutletRef {
        id: "paper_mill",
        name: "Paper and board mill",
        treatment: "recycling",
        shares: None,
        prices: &[("cardboard", 85.0), ("paper", 75.0)],
        reach: Reach::Regional,
    },
    OutletRef {
        id: "packaging_plastics_buyer",
        name: "Packaging-plastics recycler",
        treatment: "recycling",
        shares: None,
        prices: &[("packaging_plastics", 150.0)],
        reach: Reach::Regional,
    },
    OutletRef {
        id: "particle_board",
        name: "Particle-board plant",
        treatment: "recycling",
        shares: None,
        prices: &[("wood_chips", 5.0)],
        reach: Reach::Regional,
    },
    OutletRef {
        id: "wood_energy",
        name: "Biomass boiler (class B wood)",
        treatment: "energy_recovery",
        shares: None,
        prices: &[("wood_chips", -10.0)],
        reach: Reach::Regional,
    },
    OutletRef {
        id: "incinerator",
        name: "Incinerator with energy recovery",
        treatment: "energy_recovery",
        shares: None,
        prices: &[
            ("residual", -95.0),
            ("plastics", -95.0),
            ("brominated_plastics", -120.0),
            ("flat_panel_glass", -110.0),
        ],
        reach: Reach::Regional,
    },
    OutletRef {
        id: "landfill",
        name: "Landfill (non-hazardous and inert)",
        treatment: "disposal",
        shares: None,
        prices: &[("residual", -85.0), ("concrete", -20.0)],
        reach: Reach::Regional,
    },
];

/// (kind, reference headcount min, max, min h/week, max h/week, cost EUR/h, productivity).
const STAFF: [(&str, f64, f64, f64, f64, f64, f64); 4] = [
    ("permanent", 35.0, 55.0, 35.0, 39.0, 21.1, 1.0),
    ("insertion", 56.0, 62.0, 26.0, 35.0, 15.7, 0.75),
    ("temporary", 0.0, 10.0, 0.0, 35.0, 23.3, 0.9),
    ("supervisor", 8.0, 20.0, 35.0, 39.0, 25.3, 1.0),
];

/// Person-hours a year (at productivity 1) of the reference plant, for which the headcounts
/// of [`STAFF`] are sized.
const REFERENCE_PERSON_H: f64 = 116_466.0;
/// Tonnes a year of the reference plant, for which its storage is sized.
const REFERENCE_T: f64 = 21_500.0;

/// Public-holiday weeks (0.8 availability, and 10 % less collection).
const HOLIDAY_WEEKS: [usize; 8] = [1, 17, 18, 19, 22, 24, 29, 46];

// ---------------------------------------------------------------------------------------------
// The generated network
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
struct Point {
    x: f64,
    y: f64,
}

impl Point {
    /// Road distance in km (1.25 × straight line).
    fn road_km(self, o: Point) -> f64 {
        1.25 * ((self.x - o.x).powi(2) + (self.y - o.y).powi(2)).sqrt()
    }
}

struct Site {
    id: String,
    at: Point,
    /// Line type indices in [`LINES`] with the share of the reference tonnage processed.
    lines: Vec<(usize, f64)>,
    /// Staff cost factor.
    wage: f64,
    summer_closure: usize,
}

struct Area {
    id: String,
    near: bool,
    home: usize,
    /// (site, EUR/t).
    transport: Vec<(usize, f64)>,
    /// (stream, tonnes a year).
    streams: Vec<(usize, f64)>,
}

struct Outlet {
    id: String,
    kind: usize,
    copy: usize,
    at: Point,
    price_factor: f64,
    truck: bool,
}

fn num(x: f64) -> String {
    let x = if x == 0.0 { 0.0 } else { x };
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Week of the year (1..=52) of horizon week `w` (1-based).
fn week_of_year(w: usize) -> usize {
    (w - 1) % 52 + 1
}

/// Seasonal factor of a stream in week `w` of the year; `pos` is the position in the horizon
/// from 0 to 1 (the CRT decline and flat-screen rise).
fn seasonal(season: Season, w: usize, pos: f64) -> f64 {
    use std::f64::consts::PI;
    let c = |peak: f64, amp: f64| 1.0 + amp * (2.0 * PI * (w as f64 - peak) / 52.0).cos();
    let weee = || {
        let mut f = c(14.0, 0.12);
        if (2..=4).contains(&w) {
            f *= 1.10;
        }
        if (31..=34).contains(&w) {
            f *= 0.85;
        }
        f
    };
    let mut f = match season {
        Season::Weee => weee(),
        Season::Crt => weee() * (1.25 - 0.5 * pos),
        Season::Flat => weee() * (0.85 + 0.3 * pos),
        Season::Packaging => {
            let mut f = c(30.0, 0.10);
            if w <= 2 || w == 52 {
                f *= 1.15;
            }
            f
        }
        Season::Wood => c(22.0, 0.25),
    };
    if HOLIDAY_WEEKS.contains(&w) {
        f *= 0.9;
    }
    if w == 52 {
        f *= 0.7;
    }
    f
}

struct Network {
    sites: Vec<Site>,
    areas: Vec<Area>,
    outlets: Vec<Outlet>,
}

fn network(opts: &GenerateOptions, rng: &mut Rng) -> Network {
    let n = opts.sites;
    let side = 80.0 * (n as f64).sqrt();
    let width = n.to_string().len().max(3);
    let mut sites: Vec<Site> = (0..n)
        .map(|i| {
            let at = Point {
                x: rng.range(0.0, side),
                y: rng.range(0.0, side),
            };
            let mut lines = Vec::new();
            for (l, line) in LINES.iter().enumerate() {
                if n == 1 {
                    lines.push((l, 1.0));
                } else if rng.chance(line.chance) {
                    lines.push((l, 0.0));
                }
            }
            while lines.len() < 2 {
                let l = rng.int(0, LINES.len() - 1);
                if !lines.iter().any(|&(k, _)| k == l) {
                    lines.push((l, 0.0));
                    lines.sort_by_key(|&(k, _)| k);
                }
            }
            Site {
                id: format!("s{:0width$}", i + 1),
                at,
                lines,
                wage: if n == 1 { 1.0 } else { rng.range(0.97, 1.05) },
                summer_closure: rng.int(31, 33),
            }
        })
        .collect();
    // Every line type somewhere, so every stream has a line.
    for l in 0..LINES.len() {
        if !sites.iter().any(|s| s.lines.iter().any(|&(k, _)| k == l)) {
            let s = &mut sites[l % n];
            s.lines.push((l, 0.0));
            s.lines.sort_by_key(|&(k, _)| k);
        }
    }
    for s in &mut sites {
        for line in &mut s.lines {
            if n > 1 {
                line.1 = (rng.range(0.55, 1.0) * 100.0).round() / 100.0;
            }
        }
    }

    // Areas: a near and a far one per site.
    let mut areas = Vec::with_capacity(2 * n);
    for (i, site) in sites.iter().enumerate() {
        for near in [true, false] {
            let (lo, hi, radius, others) = if near {
                (5.0, 35.0, 50.0, 1)
            } else {
                (60.0, 140.0, 150.0, 2)
            };
            let angle = rng.range(0.0, 2.0 * std::f64::consts::PI);
            let r = rng.range(lo, hi) / 1.25;
            let at = Point {
                x: site.at.x + r * angle.cos(),
                y: site.at.y + r * angle.sin(),
            };
            let cost = |p: Point| round1(3.0 + 0.15 * at.road_km(p));
            let mut transport = vec![(i, cost(site.at))];
            let mut near_sites: Vec<(f64, usize)> = sites
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(j, s)| (at.road_km(s.at), j))
                .filter(|&(d, _)| d <= radius)
                .collect();
            near_sites.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            for &(_, j) in near_sites.iter().take(others) {
                transport.push((j, cost(sites[j].at)));
            }
            let mut streams = Vec::new();
            for &(l, u) in &site.lines {
                for pr in LINES[l].processes {
                    let st = &STREAMS[pr.stream];
                    let share = if near {
                        st.near_share
                    } else {
                        1.0 - st.near_share
                    };
                    if share > 0.0 {
                        streams.push((pr.stream, st.annual_t * u * share));
                    }
                }
            }
            streams.sort_by_key(|&(k, _)| k);
            areas.push(Area {
                id: format!("a{:0width$}_{}", i + 1, if near { "near" } else { "far" }),
                near,
                home: i,
                transport,
                streams,
            });
        }
    }

    // Outlets: copies of each type.
    let mut outlets = Vec::new();
    let mut trucks_left = opts.truck_outlets;
    let center = Point {
        x: side / 2.0,
        y: side / 2.0,
    };
    let mut by_kind: Vec<Vec<usize>> = vec![Vec::new(); OUTLETS.len()];
    for (k, o) in OUTLETS.iter().enumerate() {
        let copies = match o.reach {
            Reach::Regional => 1 + n / 40,
            Reach::National => 1 + n / 100,
        };
        for c in 0..copies {
            let at = match o.reach {
                Reach::Regional => Point {
                    x: rng.range(-0.1 * side, 1.1 * side),
                    y: rng.range(-0.1 * side, 1.1 * side),
                },
                Reach::National => {
                    let angle = rng.range(0.0, 2.0 * std::f64::consts::PI);
                    let r = (side / 2.0 + rng.range(300.0, 600.0)) / 1.25;
                    Point {
                        x: center.x + r * angle.cos(),
                        y: center.y + r * angle.sin(),
                    }
                }
            };
            by_kind[k].push(outlets.len());
            outlets.push(Outlet {
                id: if copies == 1 {
                    o.id.to_string()
                } else {
                    format!("{}_{}", o.id, c + 1)
                },
                kind: k,
                copy: c,
                at,
                price_factor: if n == 1 { 1.0 } else { rng.range(0.95, 1.05) },
                truck: false,
            });
        }
    }
    for kind in ["particle_board", "lead_smelter"] {
        let k = OUTLETS.iter().position(|o| o.id == kind).expect("known");
        for &o in &by_kind[k] {
            if trucks_left > 0 {
                outlets[o].truck = true;
                trucks_left -= 1;
            }
        }
    }
    Network {
        sites,
        areas,
        outlets,
    }
}

/// Expected tonnes of a fraction over the horizon, all sites together.
fn expected_fraction_t(net: &Network, fraction: &str, weeks: usize) -> f64 {
    let mut t = 0.0;
    for s in &net.sites {
        for &(l, u) in &s.lines {
            for pr in LINES[l].processes {
                let y: f64 = pr
                    .yields
                    .iter()
                    .filter(|(f, _)| *f == fraction)
                    .map(|p| p.1)
                    .sum();
                t += STREAMS[pr.stream].annual_t * u * y;
            }
        }
    }
    t * weeks as f64 / 52.0
}

/// Person-hours a year (at productivity 1) of a site's lines.
fn site_person_h(site: &Site) -> f64 {
    site.lines
        .iter()
        .flat_map(|&(l, u)| {
            LINES[l]
                .processes
                .iter()
                .map(move |pr| STREAMS[pr.stream].annual_t * u / pr.rate * pr.crew)
        })
        .sum()
}

fn site_t(site: &Site) -> f64 {
    site.lines
        .iter()
        .flat_map(|&(l, u)| {
            LINES[l]
                .processes
                .iter()
                .map(move |pr| STREAMS[pr.stream].annual_t * u)
        })
        .sum()
}

/// Headcount range of a staff kind at a site.
fn headcounts(kind: usize, person_h: f64, single: bool) -> (f64, f64) {
    let (_, lo, hi, ..) = STAFF[kind];
    if single {
        return (lo, hi);
    }
    let r = person_h / REFERENCE_PERSON_H;
    let min = (lo * r).floor();
    let min = if kind == 2 { 0.0 } else { min.max(1.0) };
    let max = (hi * r).ceil().max(min + 1.0);
    (min, max)
}

fn model_toml(opts: &GenerateOptions, net: &Network) -> String {
    let n = net.sites.len();
    let single = n == 1;
    let mut m = String::with_capacity(4096 + 6000 * n);
    let w = &mut m;
    let _ = writeln!(
        w,
        "{MARKER} (seed {}, {} site{}): a synthetic network of plants with the lines, yields,\n\
         # rates, crews, wages, shifts and prices of the reference model (models/juratri.toml).\n",
        opts.seed,
        n,
        if single { "" } else { "s" }
    );
    let _ = writeln!(w, "[plant]");
    let _ = writeln!(
        w,
        "name = \"Generated network, {n} site(s), seed {}\"",
        opts.seed
    );
    let _ = writeln!(
        w,
        "description = \"Synthetic instance written by triplan generate around the Juratri reference plant.\"\n"
    );

    let ins_max_total: f64 = net
        .sites
        .iter()
        .map(|s| headcounts(1, site_person_h(s), single).1)
        .sum();
    let ins_min_total: f64 = net
        .sites
        .iter()
        .map(|s| headcounts(1, site_person_h(s), single).0)
        .sum();
    let funded = if single {
        62.0
    } else {
        (0.95 * ins_max_total).round().max(ins_min_total)
    };
    let _ = writeln!(w, "[social]");
    let _ = writeln!(w, "insertion_share_min = 0.5");
    let _ = writeln!(w, "insertion_workers_per_supervisor = 4.0");
    let _ = writeln!(w, "funded_posts = {}", num(funded));
    let _ = writeln!(w, "aid_eur_per_post_year = 12218");
    let _ = writeln!(w, "full_time_h_per_year = 1607\n");
    let _ = writeln!(w, "[targets]\nrecovery = 0.92\n");

    for s in &net.sites {
        let scale = site_t(s) / REFERENCE_T;
        let _ = writeln!(w, "[[site]]");
        let _ = writeln!(w, "id = \"{}\"", s.id);
        let _ = writeln!(
            w,
            "name = \"Site {} at ({:.0} km, {:.0} km)\"",
            s.id, s.at.x, s.at.y
        );
        let _ = writeln!(
            w,
            "intake_capacity_t = {}",
            num((1500.0 * scale).round().max(150.0))
        );
        let _ = writeln!(
            w,
            "output_capacity_t = {}\n",
            num((600.0 * scale).round().max(60.0))
        );
    }

    for a in &net.areas {
        let _ = writeln!(w, "[[area]]");
        let _ = writeln!(w, "id = \"{}\"", a.id);
        let _ = writeln!(
            w,
            "name = \"{} collection area of site {}\"",
            if a.near { "Near" } else { "Far" },
            net.sites[a.home].id
        );
        let mut t: Vec<(usize, f64)> = a.transport.clone();
        t.sort_by_key(|&(s, _)| s);
        let list: Vec<String> = t
            .iter()
            .map(|&(s, c)| format!("{} = {}", net.sites[s].id, num(c)))
            .collect();
        let _ = writeln!(w, "transport_eur_per_t = {{ {} }}\n", list.join(", "));
    }

    for c in &CATEGORIES {
        let _ = writeln!(w, "[[category]]");
        let _ = writeln!(w, "id = \"{}\"", c.id);
        let _ = writeln!(w, "name = \"{}\"", c.name);
        if let Some((rec, cyc)) = c.targets {
            let _ = writeln!(w, "recovery_target = {}", num(rec));
            let _ = writeln!(w, "recycling_target = {}", num(cyc));
        }
        let _ = writeln!(w);
    }

    for s in &STREAMS {
        let _ = writeln!(w, "[[stream]]");
        let _ = writeln!(w, "id = \"{}\"", s.id);
        let _ = writeln!(w, "name = \"{}\"", s.name);
        let _ = writeln!(w, "category = \"{}\"", s.category);
        let _ = writeln!(w, "holding_eur_per_t_week = {}", num(s.holding));
        let _ = writeln!(w, "external_cost_eur_per_t = {}", num(s.external));
        let _ = writeln!(
            w,
            "external_recovered_share = {}",
            num(s.external_recovered)
        );
        let _ = writeln!(
            w,
            "external_recycled_share = {}\n",
            num(s.external_recycled)
        );
    }

    for (id, name, hold) in FRACTIONS {
        let _ = writeln!(
            w,
            "[[fraction]]\nid = \"{id}\"\nname = \"{name}\"\nholding_eur_per_t_week = {}\n",
            num(hold)
        );
    }

    for (id, name, h, premium) in SHIFTS {
        let _ = writeln!(
            w,
            "[[shift]]\nid = \"{id}\"\nname = \"{name}\"\nhours_per_week = {}\nwage_premium = {}\n",
            num(h),
            num(premium)
        );
    }

    for s in &net.sites {
        let person_h = site_person_h(s);
        for (k, &(kind, _, _, hmin, hmax, cost, prod)) in STAFF.iter().enumerate() {
            let (lo, hi) = headcounts(k, person_h, single);
            let _ = writeln!(w, "[[staff]]");
            let _ = writeln!(w, "site = \"{}\"", s.id);
            let _ = writeln!(w, "kind = \"{kind}\"");
            let _ = writeln!(w, "headcount_min = {}", num(lo));
            let _ = writeln!(w, "headcount_max = {}", num(hi));
            let _ = writeln!(w, "min_h_per_week = {}", num(hmin));
            let _ = writeln!(w, "max_h_per_week = {}", num(hmax));
            let _ = writeln!(w, "cost_eur_per_h = {}", num(round1(cost * s.wage)));
            let _ = writeln!(w, "productivity = {}\n", num(prod));
        }
    }

    for s in &net.sites {
        for &(l, _) in &s.lines {
            let line = &LINES[l];
            let _ = writeln!(w, "[[line]]");
            let _ = writeln!(w, "id = \"{}_{}\"", line.id, s.id);
            let _ = writeln!(w, "name = \"{} ({})\"", line.name, s.id);
            let _ = writeln!(w, "site = \"{}\"", s.id);
            let shifts: Vec<String> = line.shifts.iter().map(|h| format!("\"{h}\"")).collect();
            let _ = writeln!(w, "shifts = [{}]", shifts.join(", "));
            let _ = writeln!(w, "running_cost_eur_per_h = {}", num(line.running));
            let _ = writeln!(w, "min_qualified_share = {}", num(line.qualified));
            let _ = writeln!(w, "availability = {}\n", num(line.availability));
            for pr in line.processes {
                let ys: Vec<String> = pr
                    .yields
                    .iter()
                    .map(|(f, y)| format!("{f} = {}", num(*y)))
                    .collect();
                let _ = writeln!(w, "  [[line.process]]");
                let _ = writeln!(w, "  stream = \"{}\"", STREAMS[pr.stream].id);
                let _ = writeln!(w, "  rate_t_per_h = {}", num(pr.rate));
                let _ = writeln!(w, "  crew_persons = {}", num(pr.crew));
                let _ = writeln!(w, "  yields = {{ {} }}\n", ys.join(", "));
            }
        }
    }

    let weeks = opts.weeks;
    let ferrous = expected_fraction_t(net, "ferrous", weeks);
    let plastics = expected_fraction_t(net, "plastics", weeks);
    let chips = expected_fraction_t(net, "wood_chips", weeks);
    for o in &net.outlets {
        let r = &OUTLETS[o.kind];
        let copies = net.outlets.iter().filter(|x| x.kind == o.kind).count() as f64;
        let _ = writeln!(w, "[[outlet]]");
        let _ = writeln!(w, "id = \"{}\"", o.id);
        let _ = writeln!(
            w,
            "name = \"{} {} at ({:.0} km, {:.0} km)\"",
            r.name,
            o.copy + 1,
            o.at.x,
            o.at.y
        );
        let _ = writeln!(w, "treatment = \"{}\"", r.treatment);
        if let Some((cyc, rec)) = r.shares {
            let _ = writeln!(w, "recycled_share = {}", num(cyc));
            let _ = writeln!(w, "recovered_share = {}", num(rec));
        }
        let prices: Vec<String> = r
            .prices
            .iter()
            .map(|(f, p)| format!("{f} = {}", num((p * o.price_factor).round())))
            .collect();
        let _ = writeln!(w, "prices_eur_per_t = {{ {} }}", prices.join(", "));
        let per_km = if o.truck { 0.04 } else { 0.10 };
        let base = if o.truck { 0.0 } else { 3.0 };
        let transport: Vec<String> = net
            .sites
            .iter()
            .map(|s| {
                format!(
                    "{} = {}",
                    s.id,
                    num(round1(base + per_km * s.at.road_km(o.at)))
                )
            })
            .collect();
        let _ = writeln!(w, "transport_eur_per_t = {{ {} }}", transport.join(", "));
        let mut max_t = None;
        match r.id {
            "scrap_dealer" => {
                let _ = writeln!(w, "min_t = {}", num((0.5 * ferrous / copies).floor()));
            }
            "plastics_recycler" => {
                max_t = Some((1.25 * plastics / copies).ceil());
            }
            "particle_board" => {
                let _ = writeln!(w, "min_t = {}", num((0.5 * chips / copies).floor()));
                max_t = Some((0.85 * chips / copies).ceil());
            }
            _ => {}
        }
        if let Some(m) = max_t {
            let _ = writeln!(w, "max_t = {}", num(m));
        }
        if o.truck {
            let m = max_t.unwrap_or(chips / copies);
            let _ = writeln!(w, "truck_capacity_t = 25");
            let _ = writeln!(
                w,
                "cost_eur_per_trip = {}",
                num((350.0 * o.price_factor).round())
            );
            let _ = writeln!(
                w,
                "max_t_per_week = {}",
                num((1.6 * m / weeks as f64).ceil().max(50.0))
            );
        }
        let _ = writeln!(w);
    }

    for s in &net.sites {
        for &(l, u) in &s.lines {
            for pr in LINES[l].processes {
                let st = &STREAMS[pr.stream];
                let _ = writeln!(
                    w,
                    "[[stock]]\nsite = \"{}\"\nstream = \"{}\"\nopening_t = {}\n",
                    s.id,
                    st.id,
                    num(round1(st.opening_t * u))
                );
            }
        }
    }
    m
}

fn tonnage_csv(opts: &GenerateOptions, net: &Network, rng: &mut Rng) -> (String, f64) {
    let weeks = opts.weeks;
    // Weekly figures per (area, stream): shape x noise, renormalised to the yearly total.
    let mut series: Vec<Vec<Vec<f64>>> = Vec::with_capacity(net.areas.len());
    let mut total = 0.0;
    for a in &net.areas {
        let mut per_stream = Vec::with_capacity(a.streams.len());
        for &(k, annual) in &a.streams {
            let season = STREAMS[k].season;
            let raw: Vec<f64> = (1..=weeks)
                .map(|t| {
                    let pos = if weeks > 1 {
                        (t - 1) as f64 / (weeks - 1) as f64
                    } else {
                        0.0
                    };
                    seasonal(season, week_of_year(t), pos) * rng.range(0.94, 1.06)
                })
                .collect();
            let sum: f64 = raw.iter().sum();
            let target = annual * weeks as f64 / 52.0;
            let v: Vec<f64> = raw.iter().map(|r| round1(r * target / sum)).collect();
            total += v.iter().sum::<f64>();
            per_stream.push(v);
        }
        series.push(per_stream);
    }
    let mut out = String::with_capacity(weeks * net.areas.len() * 6 * 28 + 256);
    out.push_str(
        "# Weekly collected tonnage per area and stream (generated: reference seasonality, ±6 % noise).\n",
    );
    out.push_str("week,area,stream,tonnes\n");
    for t in 0..weeks {
        for (area, per_stream) in net.areas.iter().zip(&series) {
            for (&(k, _), v) in area.streams.iter().zip(per_stream) {
                let _ = writeln!(out, "{},{},{},{:.1}", t + 1, area.id, STREAMS[k].id, v[t]);
            }
        }
    }
    (out, total)
}

fn calendar_csv(opts: &GenerateOptions, net: &Network) -> String {
    let mut out = String::from(
        "# Share of normal hours: 0.8 in public-holiday weeks, 0.3 in the two-week summer closure,\n\
         # 0.5 in Christmas week (generated, repeated every 52 weeks).\n\
         week,site,availability\n",
    );
    for t in 1..=opts.weeks {
        let w = week_of_year(t);
        for s in &net.sites {
            let mut a: f64 = 1.0;
            if HOLIDAY_WEEKS.contains(&w) {
                a = a.min(0.8);
            }
            if w == s.summer_closure || w == s.summer_closure + 1 {
                a = a.min(0.3);
            }
            if w == 52 {
                a = a.min(0.5);
            }
            if a < 1.0 {
                let _ = writeln!(out, "{t},{},{}", s.id, num(a));
            }
        }
    }
    out
}

/// Price of a metal in week `w` of the year as a share of its week-1 price (the reference's
/// `prices.csv`: ferrous slides over the year, copper and cables dip, recover and fall).
fn price_path(fraction: &str, w: usize) -> f64 {
    match fraction {
        "ferrous" => {
            let p = match w {
                1..=9 => 190.0,
                10..=19 => 180.0,
                20..=29 => 170.0,
                30..=39 => 160.0,
                40..=47 => 150.0,
                _ => 135.0,
            };
            p / 190.0
        }
        "copper" => {
            let p = match w {
                1..=12 => 3500.0,
                13..=25 => 3400.0,
                26..=38 => 3450.0,
                39..=46 => 3350.0,
                _ => 3250.0,
            };
            p / 3500.0
        }
        "cables" => {
            let p = match w {
                1..=12 => 1600.0,
                13..=25 => 1560.0,
                26..=38 => 1580.0,
                39..=46 => 1540.0,
                _ => 1500.0,
            };
            p / 1600.0
        }
        _ => 1.0,
    }
}

fn prices_csv(opts: &GenerateOptions, net: &Network) -> String {
    let mut out = String::from(
        "# Weekly metal prices (EUR/t): the reference's ferrous slide and copper and cable moves;\n\
         # weeks without a row keep the model's price.\n\
         week,outlet,fraction,price_eur_per_t\n",
    );
    for t in 1..=opts.weeks {
        let w = week_of_year(t);
        for o in &net.outlets {
            for (f, p) in OUTLETS[o.kind].prices {
                let factor = price_path(f, w);
                if factor != 1.0 {
                    let base = (p * o.price_factor).round();
                    let _ = writeln!(out, "{t},{},{f},{}", o.id, num((base * factor).round()));
                }
            }
        }
    }
    out
}

fn instance_toml(opts: &GenerateOptions) -> String {
    let mut s = format!(
        "{MARKER} (seed {}, {} site(s), {} weeks). Regenerate with the same options to get\n\
         # the same files; triplan generate overwrites this directory only while it holds its own files.\n",
        opts.seed, opts.sites, opts.weeks
    );
    let _ = writeln!(
        s,
        "name = \"generated-{}-sites-seed-{}\"",
        opts.sites, opts.seed
    );
    s.push_str("model = \"model.toml\"\n");
    let _ = writeln!(s, "weeks = {}", opts.weeks);
    s.push_str("tonnage_csv = \"tonnage.csv\"\n");
    if opts.prices {
        s.push_str("prices_csv = \"prices.csv\"\n");
    }
    s.push_str("calendar_csv = \"calendar.csv\"\n");
    s
}

/// Refuses a directory that holds anything but the files of an earlier [`generate`].
fn check_dir(dir: &Path) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    if !dir.exists() {
        return Ok(());
    }
    let refuse = || {
        Error::Usage(format!(
            "{}: the directory holds files that triplan generate did not write; expected a new or empty directory, or one from an earlier triplan generate",
            dir.display()
        ))
    };
    let mut names = Vec::new();
    for e in std::fs::read_dir(dir).map_err(io)? {
        names.push(e.map_err(io)?.file_name());
    }
    if names.is_empty() {
        return Ok(());
    }
    if names
        .iter()
        .any(|n| !FILES.iter().any(|f| std::ffi::OsStr::new(f) == n))
    {
        return Err(refuse());
    }
    let marked = std::fs::read_to_string(dir.join("instance.toml"))
        .map(|s| s.starts_with(MARKER))
        .unwrap_or(false);
    if marked {
        Ok(())
    } else {
        Err(refuse())
    }
}

/// Writes a generated instance into `out` (created if needed). Refuses a directory holding
/// files it did not write (a new or empty directory, or one from an earlier `generate`, is
/// fine). Same options, same bytes.
pub fn generate(opts: &GenerateOptions, out: &Path) -> Result<GenerateSummary, Error> {
    if opts.sites == 0 {
        return Err(Error::Usage(
            "generate: got 0 sites, expected at least 1".into(),
        ));
    }
    if opts.weeks == 0 || opts.weeks > 520 {
        return Err(Error::Usage(format!(
            "generate: got {} weeks, expected 1 to 520",
            opts.weeks
        )));
    }
    check_dir(out)?;
    let mut rng = Rng::new(opts.seed);
    let net = network(opts, &mut rng);
    let model = model_toml(opts, &net);
    let (tonnage, tonnes) = tonnage_csv(opts, &net, &mut rng);
    let calendar = calendar_csv(opts, &net);
    let mut files: Vec<(&str, String)> = vec![
        ("model.toml", model),
        ("instance.toml", instance_toml(opts)),
        ("tonnage.csv", tonnage),
        ("calendar.csv", calendar),
    ];
    if opts.prices {
        files.push(("prices.csv", prices_csv(opts, &net)));
    }
    std::fs::create_dir_all(out).map_err(|source| Error::Io {
        path: out.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    for (name, text) in &files {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    // A file of an earlier run that this run does not write (prices.csv) would be stale.
    for name in FILES {
        if !files.iter().any(|(n, _)| *n == name) {
            let path = out.join(name);
            if path.exists() {
                std::fs::remove_file(&path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
            }
        }
    }
    Ok(GenerateSummary {
        dir: out.to_path_buf(),
        files: written,
        sites: net.sites.len(),
        areas: net.areas.len(),
        lines: net.sites.iter().map(|s| s.lines.len()).sum(),
        outlets: net.outlets.len(),
        weeks: opts.weeks,
        tonnes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_stable() {
        // First outputs of SplitMix64 from state 0 after our seed scrambling must never change:
        // they fix every generated file.
        let mut r = Rng(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        for _ in 0..1000 {
            let x = a.f64();
            assert!((0.0..1.0).contains(&x));
            let k = a.int(3, 5);
            assert!((3..=5).contains(&k));
        }
    }

    #[test]
    fn numbers_are_plain() {
        assert_eq!(num(35.0), "35");
        assert_eq!(num(0.125), "0.125");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(1.0 / 3.0), "0.3333");
    }

    #[test]
    fn sizes() {
        assert_eq!(size("s").unwrap().sites, 1);
        assert_eq!(size("M").unwrap().sites, 10);
        assert_eq!(size("L").unwrap().sites, 100);
        assert!(size("XL").unwrap().sites > 100);
        assert!(size("XXL").is_none());
    }

    #[test]
    fn every_stream_has_a_line() {
        for n in [2, 3, 7] {
            let opts = GenerateOptions {
                sites: n,
                ..GenerateOptions::default()
            };
            let net = network(&opts, &mut Rng::new(3));
            for l in 0..LINES.len() {
                assert!(net
                    .sites
                    .iter()
                    .any(|s| s.lines.iter().any(|&(k, _)| k == l)));
            }
        }
    }
}
