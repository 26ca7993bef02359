//! Band charts: one or more series over a numeric x axis (or categories), each a line through
//! a middle value with a shaded band from the least to the largest value at each x: many
//! scenarios that share a parameter's value read as one band instead of a cloud of points.
//! Values missing at an x (scenarios without a plan) are marked by a cross on the x axis,
//! never left out silently.

use super::{svg_open, Scale};
use crate::report::html::format::esc;
use std::fmt::Write;

/// The values of a series at one x.
pub(crate) struct BandPt {
    pub x: f64,
    /// Least, middle (median) and largest value.
    pub lo: f64,
    pub mid: f64,
    pub hi: f64,
    pub tip: String,
}

/// A series: a line through the middles, a band from the least to the largest value.
pub(crate) struct BandSeries {
    pub name: String,
    pub color: String,
    pub pts: Vec<BandPt>,
}

/// Scenarios without a value at an x: a cross on the x axis.
pub(crate) struct Miss {
    pub x: f64,
    pub tip: String,
}

/// A band chart; `x_cats` names the categories when x is an index into them.
pub(crate) struct BandChart<'a> {
    pub label: &'a str,
    pub series: &'a [BandSeries],
    pub misses: &'a [Miss],
    pub x_cats: Option<&'a [String]>,
    pub x_title: &'a str,
    pub y_title: &'a str,
    pub y_percent: bool,
    /// The least value the y axis may show (0 for a quantity that cannot be negative).
    pub y_floor: Option<f64>,
    /// A dashed reference level (100 % of a line's hours, say) and its name.
    pub reference: Option<(f64, &'a str)>,
    pub w: f64,
    pub h: f64,
}

/// Where the plot lies in the SVG, and its scales.
struct Frame {
    left: f64,
    top: f64,
    pw: f64,
    ph: f64,
    sy: Scale,
    /// The numeric x scale, or the width of a category.
    sx: Result<Scale, f64>,
}

impl Frame {
    fn new(c: &BandChart) -> Frame {
        let (left, right, top, bottom) = (84.0, 12.0, 10.0, 40.0);
        let (pw, ph) = (c.w - left - right, c.h - top - bottom);
        let ys = c
            .series
            .iter()
            .flat_map(|s| s.pts.iter().flat_map(|p| [p.lo, p.hi]))
            .chain(c.reference.map(|r| r.0));
        let (ylo, yhi) = range(ys, 0.06);
        let sy = match c.y_floor {
            Some(f) => Scale::nice_above(ylo, yhi, 4.0, f),
            None => Scale::nice(ylo, yhi, 4.0),
        };
        let sx = match c.x_cats {
            Some(cats) => Err(pw / cats.len().max(1) as f64),
            None => {
                let xs = c
                    .series
                    .iter()
                    .flat_map(|s| s.pts.iter().map(|p| p.x))
                    .chain(c.misses.iter().map(|m| m.x));
                let (a, b) = range(xs, 0.04);
                Ok(Scale::nice(a, b, 5.0))
            }
        };
        Frame {
            left,
            top,
            pw,
            ph,
            sy,
            sx,
        }
    }
    fn y(&self, v: f64) -> f64 {
        self.top + self.ph * (1.0 - self.sy.at(v))
    }
    fn x(&self, v: f64) -> f64 {
        match self.sx {
            Ok(s) => self.left + self.pw * s.at(v),
            Err(band) => self.left + band * (v + 0.5),
        }
    }
}

/// The least and the largest finite value, widened by `pad` of the range; 0..1 without values.
fn range(values: impl Iterator<Item = f64>, pad: f64) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if lo > hi {
        (0.0, 1.0)
    } else {
        let pad = pad * (hi - lo);
        (lo - pad, hi + pad)
    }
}

/// The chart as SVG.
pub(crate) fn band(c: &BandChart) -> String {
    let f = Frame::new(c);
    let (left, top, pw, ph) = (f.left, f.top, f.pw, f.ph);
    let mut o = String::new();
    svg_open(&mut o, c.w, c.h, c.label);
    o.push_str("<g class=\"grid\">");
    for t in f.sy.ticks() {
        let yy = f.y(t);
        let _ = write!(
            o,
            "<line x1=\"{left:.1}\" x2=\"{:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\"/><text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left + pw,
            left - 5.0,
            yy + 4.0,
            f.sy.label(t, c.y_percent)
        );
    }
    match (f.sx, c.x_cats) {
        (Ok(s), _) => {
            for t in s.ticks() {
                let xx = f.x(t);
                let _ = write!(
                    o,
                    "<line x1=\"{xx:.1}\" x2=\"{xx:.1}\" y1=\"{top:.1}\" y2=\"{:.1}\"/><text class=\"tick\" x=\"{xx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                    top + ph,
                    top + ph + 15.0,
                    s.label(t, false)
                );
            }
        }
        (Err(_), Some(cats)) => {
            let every = cats.len().div_ceil(8).max(1);
            for (i, cat) in cats.iter().enumerate().filter(|(i, _)| i % every == 0) {
                let short: String = cat.chars().take(10).collect();
                let _ = write!(
                    o,
                    "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\"><title>{}</title>{}</text>",
                    f.x(i as f64),
                    top + ph + 15.0,
                    esc(cat),
                    esc(&short)
                );
            }
        }
        (Err(_), None) => {}
    }
    o.push_str("</g>");
    let _ = write!(
        o,
        "<text class=\"axis-title\" transform=\"translate(13 {:.1}) rotate(-90)\" text-anchor=\"middle\">{}</text><text class=\"axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text><rect class=\"frame\" x=\"{left:.1}\" y=\"{top:.1}\" width=\"{pw:.1}\" height=\"{ph:.1}\"/>",
        top + ph / 2.0,
        esc(c.y_title),
        left + pw / 2.0,
        c.h - 5.0,
        esc(c.x_title)
    );
    if let Some((v, name)) = c.reference {
        let yy = f.y(v);
        let _ = write!(
            o,
            "<line class=\"reference\" x1=\"{left:.1}\" x2=\"{:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\"><title>{}</title></line>",
            left + pw,
            esc(name)
        );
    }
    // Bands of several series would hide each other: lines only then.
    let bands = c.series.len() == 1;
    for s in c.series {
        series(&mut o, &f, s, bands);
    }
    for m in c.misses {
        // A cross on the x axis: scenarios at this x without a value.
        let (xx, yy) = (f.x(m.x), top + ph);
        let _ = write!(
            o,
            "<path class=\"miss\" d=\"M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}\" stroke=\"#cf222e\" stroke-width=\"2\" fill=\"none\"><title>{}</title></path>",
            xx - 4.5,
            yy - 4.5,
            xx + 4.5,
            yy + 4.5,
            xx - 4.5,
            yy + 4.5,
            xx + 4.5,
            yy - 4.5,
            esc(&m.tip)
        );
    }
    o.push_str("</svg>");
    o
}

/// One series: its band (with `bands`, where any x has more than one value), its line and
/// its points.
fn series(o: &mut String, f: &Frame, s: &BandSeries, bands: bool) {
    let color = esc(&s.color);
    let _ = write!(o, "<g class=\"series\" data-name=\"{}\">", esc(&s.name));
    if bands && s.pts.iter().any(|p| p.hi > p.lo) {
        let upper = s.pts.iter().map(|p| (f.x(p.x), f.y(p.hi)));
        let lower = s.pts.iter().rev().map(|p| (f.x(p.x), f.y(p.lo)));
        let pts: Vec<String> = upper
            .chain(lower)
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = write!(
            o,
            "<polygon class=\"band\" points=\"{}\" fill=\"{color}\" fill-opacity=\"0.18\" stroke=\"none\"/>",
            pts.join(" ")
        );
    }
    if s.pts.len() > 1 {
        let pts: Vec<String> = s
            .pts
            .iter()
            .map(|p| format!("{:.1},{:.1}", f.x(p.x), f.y(p.mid)))
            .collect();
        let _ = write!(
            o,
            "<polyline class=\"overlay\" points=\"{}\" stroke=\"{color}\"/>",
            pts.join(" ")
        );
    }
    for p in &s.pts {
        let _ = write!(
            o,
            "<circle class=\"pt\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{color}\"><title>{}</title></circle>",
            f.x(p.x),
            f.y(p.mid),
            esc(&p.tip)
        );
    }
    o.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(x: f64, lo: f64, mid: f64, hi: f64) -> BandPt {
        BandPt {
            x,
            lo,
            mid,
            hi,
            tip: format!("x={x}"),
        }
    }

    /// A 396 x 150 chart: the plot is 300 x 100 from (84, 10).
    fn chart(series: &[BandSeries], misses: &[Miss], floor: Option<f64>) -> String {
        band(&BandChart {
            label: "test",
            series,
            misses,
            x_cats: None,
            x_title: "x",
            y_title: "t",
            y_percent: false,
            y_floor: floor,
            reference: None,
            w: 396.0,
            h: 150.0,
        })
    }

    #[test]
    fn a_band_spans_least_to_largest_and_the_line_joins_the_middles() {
        let s = [BandSeries {
            name: "a".into(),
            color: "#4e79a7".into(),
            pts: vec![pt(0.0, 10.0, 20.0, 30.0), pt(1.0, 20.0, 25.0, 40.0)],
        }];
        let svg = chart(&s, &[], Some(0.0));
        assert_eq!(svg.matches("<polygon class=\"band\"").count(), 1);
        assert_eq!(svg.matches("<polyline class=\"overlay\"").count(), 1);
        assert_eq!(svg.matches("<circle class=\"pt\"").count(), 2);
        // y: 10..40 padded to 8.2..41.8, rounds to 0..50 by 10 (from zero: tonnes).
        assert!(svg.contains("text-anchor=\"end\">0</text>"), "{svg}");
        assert!(svg.contains("text-anchor=\"end\">50</text>"), "{svg}");
    }

    #[test]
    fn one_value_per_x_draws_no_band_and_misses_are_crossed_on_the_axis() {
        let s = [BandSeries {
            name: "a".into(),
            color: "#4e79a7".into(),
            pts: vec![pt(1.0, 5.0, 5.0, 5.0), pt(2.0, 0.0, 0.0, 0.0)],
        }];
        let m = [Miss {
            x: 3.0,
            tip: "1 infeasible".into(),
        }];
        let svg = chart(&s, &m, Some(0.0));
        assert!(!svg.contains("<polygon"));
        assert!(svg.contains("<path class=\"miss\""));
        assert!(svg.contains("<title>1 infeasible</title>"));
        // The cross sits on the x axis (the plot's bottom, y = 110).
        assert!(svg.contains(" 105.5L"), "{svg}");
        // Values at zero: the axis starts at zero, not below.
        assert!(!svg.contains(">-"), "{svg}");
    }
}
