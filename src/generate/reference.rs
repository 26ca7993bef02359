//! The reference plant, `models/juratri.toml`, built into the binary and read through the same
//! serde records as any model file ([`crate::input::ModelFile`]), then joined with the
//! generator's own parameters ([`super::params`]) by id.

use super::params::{self, Season};
use crate::error::{Error, InputError, Problem};
use crate::input::{LineRaw, ModelFile, OutletRaw, SiteRaw, StaffRaw};
use std::path::Path;

/// The reference model's text, as shipped in `models/`.
pub(super) const REFERENCE_TOML: &str = include_str!("../../models/juratri.toml");
/// How errors name the built-in reference.
const REFERENCE_PATH: &str = "models/juratri.toml (built into triplan)";

/// A reference stream with its collection.
pub(super) struct StreamRef {
    /// Stream id.
    pub id: String,
    /// Tonnes a year at the reference plant.
    pub annual_t: f64,
    /// Share collected in the near area.
    pub near_share: f64,
    /// Shape over the year.
    pub season: Season,
    /// Opening intake stock at the reference site (0 without a `[[stock]]`).
    pub opening_t: f64,
}

/// A reference line with its processes' streams resolved.
pub(super) struct LineRef {
    /// The line as the reference model writes it.
    pub raw: LineRaw,
    /// Index in [`Reference::streams`] of each process's stream.
    pub streams: Vec<usize>,
    /// Chance that a site of a multi-site plant has this line.
    pub chance: f64,
}

/// A reference outlet.
pub(super) struct OutletRef {
    /// The outlet as the reference model writes it.
    pub raw: OutletRaw,
    /// Its name without the place (the part after the first comma): copies lie elsewhere.
    pub name: String,
    /// A specialised plant far from the sites.
    pub national: bool,
}

/// The reference model, indexed for the generator.
pub(super) struct Reference {
    /// The whole parsed model: categories, streams, fractions, shifts, social rules and
    /// targets are copied from it unchanged.
    pub model: ModelFile,
    /// Its one site.
    pub site: SiteRaw,
    /// Its streams, in model order.
    pub streams: Vec<StreamRef>,
    /// Its lines, in model order.
    pub lines: Vec<LineRef>,
    /// Its outlets, in model order.
    pub outlets: Vec<OutletRef>,
    /// Its staff groups, in model order.
    pub staff: Vec<StaffRaw>,
    /// Truck capacity (t) and trip cost (EUR) of its truck outlet.
    pub truck: (f64, f64),
    /// Tonnes a year over all streams.
    pub annual_t: f64,
    /// Person-hours a year (at productivity 1, whole hours) its lines need for that tonnage.
    pub person_h: f64,
}

impl Reference {
    /// The built-in reference.
    pub(super) fn builtin() -> Result<Reference, Error> {
        Reference::parse(REFERENCE_TOML)
    }

    /// Parses a reference model and joins it with the generator's parameters; every problem
    /// (a stream, line or outlet the parameters do not know, or the other way round) at once.
    pub(super) fn parse(text: &str) -> Result<Reference, Error> {
        let path = Path::new(REFERENCE_PATH);
        let model: ModelFile = toml::from_str(text).map_err(|e| {
            InputError::one(Problem::file(
                path,
                format!("expected a plant model: {}", e.message()),
            ))
        })?;
        let mut problems = Problems(Vec::new());
        if model.sites.len() != 1 {
            problems.add(
                "site",
                format!("expected one site, got {}", model.sites.len()),
            );
        }
        let site = model.sites.first().cloned();
        let site_id = site.as_ref().map(|s| s.id.clone()).unwrap_or_default();
        let streams = join_streams(&model, &site_id, &mut problems);
        let lines = join_lines(&model, &streams, &mut problems);
        let outlets = join_outlets(&model, &mut problems);
        let truck = model
            .outlets
            .iter()
            .find_map(|o| o.truck_capacity_t.map(|c| (c, o.cost_eur_per_trip)));
        if truck.is_none() {
            problems.add(
                "outlet.truck_capacity_t",
                "expected an outlet served by trucks (its capacity and trip cost size the \
                 generated ones)"
                    .into(),
            );
        }
        let staff: Vec<StaffRaw> = model
            .staff
            .iter()
            .filter(|s| s.site == site_id)
            .cloned()
            .collect();
        if !staff.iter().any(|s| s.kind == "insertion") {
            problems.add("staff", "expected an insertion staff group".into());
        }
        if model.social.funded_posts.is_none() {
            problems.add("social.funded_posts", "expected the funded posts".into());
        }
        let (Some(site), Some(truck), true) = (site, truck, problems.0.is_empty()) else {
            return Err(InputError {
                problems: problems.0,
            }
            .into());
        };
        let annual_t = streams.iter().map(|s| s.annual_t).sum();
        let person_h = lines
            .iter()
            .flat_map(|l| l.person_h(&streams, 1.0))
            .sum::<f64>()
            .floor();
        Ok(Reference {
            model,
            site,
            streams,
            lines,
            outlets,
            staff,
            truck,
            annual_t,
            person_h,
        })
    }

    /// The reference's funded insertion posts.
    pub(super) fn funded_posts(&self) -> f64 {
        self.model.social.funded_posts.unwrap_or_default()
    }
}

/// Problems with the reference, all reported together.
struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, field: &str, message: String) {
        self.0
            .push(Problem::field(Path::new(REFERENCE_PATH), field, message));
    }
}

/// The reference streams with their collection parameters and opening stock.
fn join_streams(model: &ModelFile, site: &str, problems: &mut Problems) -> Vec<StreamRef> {
    let mut streams = Vec::new();
    for s in &model.streams {
        let Some(c) = params::COLLECTION.iter().find(|c| c.stream == s.id) else {
            problems.add(
                "stream",
                format!(
                    "`{}` has no collection among the generator's parameters",
                    s.id
                ),
            );
            continue;
        };
        let opening_t = model
            .stocks
            .iter()
            .find(|k| k.site == site && k.stream.as_deref() == Some(s.id.as_str()))
            .map_or(0.0, |k| k.opening_t);
        streams.push(StreamRef {
            id: s.id.clone(),
            annual_t: c.annual_t,
            near_share: c.near_share,
            season: c.season,
            opening_t,
        });
    }
    for c in &params::COLLECTION {
        if !model.streams.iter().any(|s| s.id == c.stream) {
            problems.add(
                "stream",
                format!(
                    "the generator collects `{}`, expected a stream of that id",
                    c.stream
                ),
            );
        }
    }
    streams
}

/// The reference lines with their chances and their processes' streams.
fn join_lines(model: &ModelFile, streams: &[StreamRef], problems: &mut Problems) -> Vec<LineRef> {
    let mut lines = Vec::new();
    for l in &model.lines {
        let Some(&(_, chance)) = params::LINE_CHANCE.iter().find(|(id, _)| *id == l.id) else {
            problems.add(
                "line",
                format!("`{}` has no chance among the generator's parameters", l.id),
            );
            continue;
        };
        let mut idx = Vec::new();
        for p in &l.processes {
            match streams.iter().position(|s| s.id == p.stream) {
                Some(k) => idx.push(k),
                None => problems.add(
                    "line.process.stream",
                    format!(
                        "line `{}` processes `{}`, expected a stream",
                        l.id, p.stream
                    ),
                ),
            }
        }
        lines.push(LineRef {
            raw: l.clone(),
            streams: idx,
            chance,
        });
    }
    for (id, _) in params::LINE_CHANCE {
        if !model.lines.iter().any(|l| l.id == id) {
            problems.add(
                "line",
                format!("the generator places `{id}`, expected a line of that id"),
            );
        }
    }
    lines
}

/// The reference outlets with their reach; every outlet the parameters name must exist.
fn join_outlets(model: &ModelFile, problems: &mut Problems) -> Vec<OutletRef> {
    let outlets: Vec<OutletRef> = model
        .outlets
        .iter()
        .map(|o| OutletRef {
            raw: o.clone(),
            name: o
                .name
                .split(',')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string(),
            national: params::NATIONAL_OUTLETS.contains(&o.id.as_str()),
        })
        .collect();
    let named = params::NATIONAL_OUTLETS
        .iter()
        .chain(&params::TRUCK_ORDER)
        .chain(params::CONTRACTS.iter().map(|c| &c.outlet));
    for id in named {
        if !outlets.iter().any(|o| o.raw.id == *id) {
            problems.add(
                "outlet",
                format!("the generator uses `{id}`, expected an outlet of that id"),
            );
        }
    }
    outlets
}

impl LineRef {
    /// Person-hours a year (at productivity 1) of each process at `share` of the reference
    /// tonnage.
    pub(super) fn person_h<'a>(
        &'a self,
        streams: &'a [StreamRef],
        share: f64,
    ) -> impl Iterator<Item = f64> + 'a {
        self.raw
            .processes
            .iter()
            .zip(&self.streams)
            .map(move |(p, &k)| streams[k].annual_t * share / p.rate_t_per_h * p.crew_persons)
    }

    /// Tonnes a year of each process at `share` of the reference tonnage.
    pub(super) fn tonnes<'a>(
        &'a self,
        streams: &'a [StreamRef],
        share: f64,
    ) -> impl Iterator<Item = f64> + 'a {
        self.streams
            .iter()
            .map(move |&k| streams[k].annual_t * share)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_reference_joins_its_parameters() {
        let r = Reference::builtin().unwrap();
        assert_eq!(r.streams.len(), 7);
        assert_eq!(r.lines.len(), 6);
        assert_eq!(r.outlets.len(), 14);
        assert_eq!(r.annual_t, 21_500.0);
        // The reference's lines need 116,466.9 person-hours for its 21,500 t.
        assert_eq!(r.person_h, 116_466.0);
        assert_eq!(r.truck, (25.0, 350.0));
        assert_eq!(r.outlets[0].name, "Ferrous scrap dealer");
        assert_eq!(r.streams[0].opening_t, 20.0);
    }

    #[test]
    fn a_reference_the_parameters_do_not_fit_is_refused_with_every_problem() {
        let text = REFERENCE_TOML
            .replace("id = \"crt\"", "id = \"tubes\"")
            .replace("id = \"wood_shredding\"", "id = \"chipper\"");
        let err = Reference::parse(&text).err().expect("refused").to_string();
        for part in [
            "models/juratri.toml",
            "`tubes` has no collection",
            "the generator collects `crt`",
            "`chipper` has no chance",
            "line `crt_cutting` processes `crt`, expected a stream",
        ] {
            assert!(err.contains(part), "{part} missing from: {err}");
        }
        let err = Reference::parse("plant = 3")
            .err()
            .expect("refused")
            .to_string();
        assert!(err.contains("expected a plant model"), "{err}");
    }
}
