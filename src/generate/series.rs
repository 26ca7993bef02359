//! The weekly series of a generated instance (`tonnage.csv`, `calendar.csv`, `prices.csv`),
//! written with serde as rows of the columns the loader reads ([`crate::input::InstanceFile`]
//! names them), and its `instance.toml` as the loader's own record.

use super::network::{round1, Network};
use super::params::{self, Season};
use super::reference::Reference;
use super::rng::Rng;
use super::{GenerateOptions, MARKER};
use crate::input::InstanceFile;
use serde::Serialize;

/// A row of `tonnage.csv`: `week,area,stream,tonnes`.
#[derive(Serialize)]
struct TonnageRow<'a> {
    week: usize,
    area: &'a str,
    stream: &'a str,
    tonnes: f64,
}

/// A row of `calendar.csv`: `week,site,availability`.
#[derive(Serialize)]
struct CalendarRow<'a> {
    week: usize,
    site: &'a str,
    availability: f64,
}

/// A row of `prices.csv`: `week,outlet,fraction,price_eur_per_t`.
#[derive(Serialize)]
struct PriceRow<'a> {
    week: usize,
    outlet: &'a str,
    fraction: &'a str,
    price_eur_per_t: f64,
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
    if params::HOLIDAY_WEEKS.contains(&w) {
        f *= 0.9;
    }
    if w == 52 {
        f *= 0.7;
    }
    f
}

/// Comment lines, the header, then the rows as CSV: the header is written even without rows
/// (a short horizon may have no price moves), since the loader requires it.
fn csv_text<T: Serialize>(comment: &str, header: &[&str], rows: &[T]) -> Result<String, String> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(comment.as_bytes().to_vec());
    w.write_record(header).map_err(|e| e.to_string())?;
    for row in rows {
        w.serialize(row).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// Weekly tonnage per (area, stream): shape × noise, renormalised to the yearly total and
/// rounded to 0.1 t; with the tonnes written.
pub(super) fn tonnage_csv(
    opts: &GenerateOptions,
    net: &Network,
    r: &Reference,
    rng: &mut Rng,
) -> Result<(String, f64), String> {
    let weeks = opts.weeks;
    let (lo, hi) = params::NOISE;
    let mut series: Vec<Vec<Vec<f64>>> = Vec::with_capacity(net.areas.len());
    let mut total = 0.0;
    for a in &net.areas {
        let mut per_stream = Vec::with_capacity(a.streams.len());
        for &(k, annual) in &a.streams {
            let season = r.streams[k].season;
            let raw: Vec<f64> = (1..=weeks)
                .map(|t| {
                    let pos = if weeks > 1 {
                        (t - 1) as f64 / (weeks - 1) as f64
                    } else {
                        0.0
                    };
                    seasonal(season, week_of_year(t), pos) * rng.range(lo, hi)
                })
                .collect();
            let sum: f64 = raw.iter().sum();
            let target = annual * weeks as f64 / 52.0;
            let v: Vec<f64> = raw.iter().map(|x| round1(x * target / sum)).collect();
            total += v.iter().sum::<f64>();
            per_stream.push(v);
        }
        series.push(per_stream);
    }
    let mut rows = Vec::with_capacity(weeks * net.areas.len() * 6);
    for t in 0..weeks {
        for (area, per_stream) in net.areas.iter().zip(&series) {
            for (&(k, _), v) in area.streams.iter().zip(per_stream) {
                rows.push(TonnageRow {
                    week: t + 1,
                    area: &area.id,
                    stream: &r.streams[k].id,
                    tonnes: v[t],
                });
            }
        }
    }
    let comment = "# Weekly collected tonnage per area and stream (generated: reference \
                   seasonality, ±6 % noise).\n";
    Ok((
        csv_text(comment, &["week", "area", "stream", "tonnes"], &rows)?,
        total,
    ))
}

/// Weeks with fewer hours than normal at each site.
pub(super) fn calendar_csv(opts: &GenerateOptions, net: &Network) -> Result<String, String> {
    let mut rows = Vec::new();
    for t in 1..=opts.weeks {
        let w = week_of_year(t);
        for s in &net.sites {
            let mut a: f64 = 1.0;
            if params::HOLIDAY_WEEKS.contains(&w) {
                a = a.min(params::HOLIDAY_AVAILABILITY);
            }
            if w == s.summer_closure || w == s.summer_closure + 1 {
                a = a.min(params::SUMMER_AVAILABILITY);
            }
            if w == 52 {
                a = a.min(params::CHRISTMAS_AVAILABILITY);
            }
            if a < 1.0 {
                rows.push(CalendarRow {
                    week: t,
                    site: &s.id,
                    availability: a,
                });
            }
        }
    }
    let comment = "# Share of normal hours: 0.8 in public-holiday weeks, 0.3 in the two-week \
                   summer closure,\n# 0.5 in Christmas week (generated, repeated every 52 weeks).\n";
    csv_text(comment, &["week", "site", "availability"], &rows)
}

/// Price of a fraction in week `w` of the year as a share of its week-1 price (1 for a
/// fraction without a path).
fn price_path(fraction: &str, w: usize) -> f64 {
    let Some((_, path)) = params::PRICE_PATHS.iter().find(|(f, _)| *f == fraction) else {
        return 1.0;
    };
    let first = path[0].1;
    let p = path
        .iter()
        .find(|&&(last, _)| w <= last)
        .map_or(path[path.len() - 1].1, |&(_, p)| p);
    p / first
}

/// Weekly prices of the outlets' fractions that have a price path, in the weeks they differ
/// from the model's price.
pub(super) fn prices_csv(
    opts: &GenerateOptions,
    net: &Network,
    r: &Reference,
) -> Result<String, String> {
    let mut rows = Vec::new();
    for t in 1..=opts.weeks {
        let w = week_of_year(t);
        for o in &net.outlets {
            for (f, p) in &r.outlets[o.kind].raw.prices_eur_per_t {
                let factor = price_path(f, w);
                if factor != 1.0 {
                    let base = (p * o.price_factor).round();
                    rows.push(PriceRow {
                        week: t,
                        outlet: &o.id,
                        fraction: f,
                        price_eur_per_t: (base * factor).round(),
                    });
                }
            }
        }
    }
    let comment = "# Weekly metal prices (EUR/t): the reference's ferrous slide and copper and \
                   cable moves;\n# weeks without a row keep the model's price.\n";
    let header = ["week", "outlet", "fraction", "price_eur_per_t"];
    csv_text(comment, &header, &rows)
}

/// `instance.toml`, starting with the marker line.
pub(super) fn instance_toml(opts: &GenerateOptions) -> Result<String, String> {
    let file = InstanceFile {
        name: format!("generated-{}-sites-seed-{}", opts.sites, opts.seed),
        model: "model.toml".into(),
        weeks: opts.weeks,
        tonnage_csv: Some("tonnage.csv".into()),
        prices_csv: opts.prices.then(|| "prices.csv".into()),
        calendar_csv: Some("calendar.csv".into()),
        workbook: None,
        first_monday: None,
        actuals: None,
        openings_csv: None,
    };
    let body = toml::to_string(&file).map_err(|e| e.to_string())?;
    Ok(format!(
        "{MARKER} (seed {}, {} site(s), {} weeks). Regenerate with the same options to get\n\
         # the same files; triplan generate overwrites this directory only while it holds its own \
         files.\n{body}",
        opts.seed, opts.sites, opts.weeks
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_paths_follow_the_reference_year() {
        assert_eq!(price_path("ferrous", 1), 1.0);
        assert_eq!(price_path("ferrous", 10), 180.0 / 190.0);
        assert_eq!(price_path("ferrous", 52), 135.0 / 190.0);
        assert_eq!(price_path("copper", 13), 3400.0 / 3500.0);
        assert_eq!(price_path("cables", 47), 1500.0 / 1600.0);
        assert_eq!(price_path("paper", 30), 1.0);
    }
}
