//! A small SVG chart kit: series and colours, round scales, legends, and charts
//! ([`weekly`] stacked bars or areas over weeks, [`bars`] horizontal bars, [`band`]
//! lines with least-to-largest bands over a parameter, [`heatmap`] grids, [`cashflow`] yearly
//! bars with a cumulative line). Charts are strings of SVG sized by a `viewBox`; every number
//! is written with a fixed number of decimals so that a page is the same from run to run. Tooltips are SVG
//! `<title>` elements: no script needed.

pub(crate) mod band;
pub(crate) mod bars;
pub(crate) mod cashflow;
pub(crate) mod heatmap;
pub(crate) mod waterfall;
pub(crate) mod weekly;

use super::format::{esc, num};
use std::fmt::Write;

/// Tableau 10: distinguishable, and readable on white.
pub(crate) const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];
/// The colour of the series that [`limit`] sums into "others".
pub(crate) const OTHERS: &str = "#c7c7c7";
/// Text colour, also for totals and targets.
pub(crate) const INK: &str = "#24292f";

/// A named series of values, one per week (or per point).
#[derive(Debug, Clone)]
pub(crate) struct Series {
    pub name: String,
    pub color: String,
    pub values: Vec<f64>,
}

/// Keeps the `max - 1` largest series (by total, in their order) and sums the rest into
/// "others", so that no chart has more colours than the palette.
pub(crate) fn limit(series: Vec<Series>, max: usize) -> Vec<Series> {
    if series.len() <= max {
        return series;
    }
    let mut by_size: Vec<(usize, f64)> = series
        .iter()
        .enumerate()
        .map(|(i, s)| (i, s.values.iter().sum()))
        .collect();
    by_size.sort_by(|(_, a), (_, b)| b.total_cmp(a));
    let keep: Vec<usize> = by_size[..max - 1].iter().map(|&(i, _)| i).collect();
    let n = series[0].values.len();
    let mut others = Series {
        name: format!("{} others", series.len() - keep.len()),
        color: OTHERS.into(),
        values: vec![0.0; n],
    };
    let mut out = Vec::new();
    for (i, s) in series.into_iter().enumerate() {
        if keep.contains(&i) {
            out.push(s);
        } else {
            for (o, v) in others.values.iter_mut().zip(&s.values) {
                *o += v;
            }
        }
    }
    out.push(others);
    out
}

/// Colours series from the palette, in order.
pub(crate) fn paint(series: &mut [Series]) {
    for (i, s) in series.iter_mut().enumerate() {
        s.color = PALETTE[i % PALETTE.len()].to_string();
    }
}

/// A linear axis with round ticks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
}

impl Scale {
    /// A scale covering `lo..hi` with about `target` round steps (1, 2, 2.5 or 5 times a power
    /// of ten). An empty range widens: upwards from zero, else by a tenth either side.
    pub fn nice(lo: f64, hi: f64, target: f64) -> Scale {
        let (mut lo, mut hi) = (lo.min(hi), lo.max(hi));
        if !lo.is_finite() || !hi.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        if hi - lo < 1e-12 {
            let pad = if lo.abs() > 1e-12 {
                lo.abs() * 0.1
            } else {
                1.0
            };
            if (0.0..1e-12).contains(&lo) {
                hi = lo + pad;
            } else {
                lo -= pad;
                hi += pad;
            }
        }
        let raw = (hi - lo) / target;
        let mag = 10f64.powf(raw.log10().floor());
        let n = raw / mag;
        let step = mag
            * if n <= 1.0 {
                1.0
            } else if n <= 2.0 {
                2.0
            } else if n <= 2.5 {
                2.5
            } else if n <= 5.0 {
                5.0
            } else {
                10.0
            };
        Scale {
            lo: (lo / step + 1e-9).floor() * step,
            hi: (hi / step - 1e-9).ceil() * step,
            step,
        }
    }

    /// As [`Scale::nice`], for a quantity that cannot be negative (tonnes, hours, persons,
    /// costs, shares): the axis never reaches below `floor` (usually 0), however the range
    /// was padded, and a range at the floor widens upwards.
    pub fn nice_above(lo: f64, hi: f64, target: f64, floor: f64) -> Scale {
        let (lo, hi) = (lo.max(floor), hi.max(floor));
        let s = Scale::nice(lo, hi, target);
        if s.lo >= floor {
            return s;
        }
        // Rounding (or an empty range's padding) went below the floor: start there.
        let mut s = Scale::nice(floor, s.hi.max(floor), target);
        s.lo = s.lo.max(floor);
        s
    }

    /// The tick values, `lo` to `hi` by `step`.
    pub fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round() as usize;
        (0..=n).map(|i| self.lo + i as f64 * self.step).collect()
    }

    /// Share of the way from `lo` to `hi`.
    pub fn at(&self, v: f64) -> f64 {
        (v - self.lo) / (self.hi - self.lo)
    }

    /// A tick label with as many decimals as the step needs (percent: values are shares).
    pub fn label(&self, v: f64, percent: bool) -> String {
        let (v, step) = if percent {
            (100.0 * v, 100.0 * self.step)
        } else {
            (v, self.step)
        };
        let dec = (0..6)
            .find(|&d| {
                let m = step * 10f64.powi(d);
                (m - m.round()).abs() < 1e-6 * m.max(1.0)
            })
            .unwrap_or(6) as usize;
        let s = num(if v.abs() < step * 1e-6 { 0.0 } else { v }, dec);
        if percent {
            format!("{s}\u{a0}%")
        } else {
            s
        }
    }
}

/// How a legend entry is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// A filled square: a bar or an area.
    Box,
    /// A solid line: an overlay.
    Line,
    /// A dashed line: a reference level.
    Dash,
    /// A grey shade: weeks of reduced hours.
    Shade,
    /// A thin upright bar: a target marker.
    Target,
}

impl Mark {
    /// The CSS class of the marker.
    fn class(self) -> &'static str {
        match self {
            Mark::Box => "box",
            Mark::Line => "line",
            Mark::Dash => "dash",
            Mark::Shade => "shade",
            Mark::Target => "target",
        }
    }
}

/// One legend entry.
#[derive(Debug, Clone)]
pub(crate) struct LegendItem {
    pub name: String,
    pub color: String,
    pub mark: Mark,
}

impl LegendItem {
    pub fn new(name: impl Into<String>, color: impl Into<String>, mark: Mark) -> LegendItem {
        LegendItem {
            name: name.into(),
            color: color.into(),
            mark,
        }
    }
}

/// A legend as HTML (it sits above its chart, outside the SVG).
pub(crate) fn legend(items: &[LegendItem]) -> String {
    let mut o = String::from("<div class=\"legend\">");
    for it in items {
        let _ = write!(
            o,
            "<span><i class=\"{}\" style=\"--c:{}\"></i>{}</span>",
            it.mark.class(),
            esc(&it.color),
            esc(&it.name)
        );
    }
    o.push_str("</div>");
    o
}

/// One box per series, in its colour.
pub(crate) fn series_legend(series: &[Series]) -> Vec<LegendItem> {
    series
        .iter()
        .map(|s| LegendItem::new(s.name.clone(), s.color.clone(), Mark::Box))
        .collect()
}

/// Opens an `<svg class="chart">` of `w` by `h` user units, labelled for screen readers.
pub(crate) fn svg_open(o: &mut String, w: f64, h: f64, label: &str) {
    let _ = write!(
        o,
        "<svg class=\"chart\" viewBox=\"0 0 {w:.0} {h:.0}\" role=\"img\" aria-label=\"{}\">",
        esc(label)
    );
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The `[x, y, width, height]` of every `<rect class="{class}"` in an SVG string, in order.
    pub(crate) fn rects(svg: &str, class: &str) -> Vec<[f64; 4]> {
        let tag = format!("<rect class=\"{class}\" ");
        svg.match_indices(&tag)
            .map(|(i, _)| {
                let rest = &svg[i..];
                let rest = &rest[..rest.find('>').unwrap()];
                let attr = |name: &str| -> f64 {
                    let k = rest.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                    let v = &rest[k..];
                    v[..v.find('"').unwrap()].parse().unwrap()
                };
                [attr("x"), attr("y"), attr("width"), attr("height")]
            })
            .collect()
    }

    #[test]
    fn scales_are_round() {
        let s = Scale::nice(0.0, 437.0, 5.0);
        assert_eq!((s.lo, s.hi, s.step), (0.0, 500.0, 100.0));
        assert_eq!(s.ticks(), vec![0.0, 100.0, 200.0, 300.0, 400.0, 500.0]);
        assert_eq!(s.at(250.0), 0.5);
        let s = Scale::nice(0.0, 0.0, 5.0);
        assert_eq!((s.lo, s.hi, s.step), (0.0, 1.0, 0.2));
        let s = Scale::nice(50.0, 50.0, 5.0);
        assert_eq!((s.lo, s.hi, s.step), (44.0, 56.0, 2.0));
        let s = Scale::nice(-2.9e6, 4.1e6, 6.0);
        assert_eq!((s.lo, s.hi, s.step), (-4e6, 6e6, 2e6));
        let s = Scale::nice(f64::NEG_INFINITY, 3.0, 5.0);
        assert_eq!((s.lo, s.hi), (0.0, 1.0));
        assert_eq!(Scale::nice(0.0, 1.0, 5.0).label(0.2, true), "20\u{a0}%");
        assert_eq!(Scale::nice(0.0, 1.0, 4.0).label(0.25, false), "0.25");
        assert_eq!(Scale::nice(0.0, 9000.0, 5.0).label(4000.0, false), "4,000");
        // A tick that is zero but for rounding is written 0, not -0.0.
        let s = Scale::nice(-0.3, 0.3, 6.0);
        assert_eq!(s.label(-1e-17, false), "0.0");
        assert_eq!(s.label(-0.1, false), "-0.1");
    }

    /// An axis of tonnes (hours, persons, costs) never goes below zero: not when the values
    /// start at zero and are padded, not when they are all zero, not when rounding would.
    #[test]
    fn an_axis_of_a_quantity_never_goes_below_zero() {
        // Padded 0..437 by 6 %: nice() would start at -50.
        let plain = Scale::nice(-26.2, 463.2, 5.0);
        assert!(plain.lo < 0.0);
        let s = Scale::nice_above(-26.2, 463.2, 5.0, 0.0);
        assert_eq!((s.lo, s.hi, s.step), (0.0, 500.0, 100.0));
        assert_eq!(s.ticks()[0], 0.0);
        // All zero: 0..1, not -0.1..0.1.
        let s = Scale::nice_above(0.0, 0.0, 5.0, 0.0);
        assert_eq!((s.lo, s.hi), (0.0, 1.0));
        // A constant positive value keeps its padding above zero.
        let s = Scale::nice_above(50.0, 50.0, 5.0, 0.0);
        assert_eq!((s.lo, s.hi, s.step), (44.0, 56.0, 2.0));
        // Small positive values whose padded range dips below zero.
        let s = Scale::nice_above(-0.4, 9.0, 5.0, 0.0);
        assert!(s.lo == 0.0 && s.hi >= 9.0, "{s:?}");
        assert!(s.ticks().iter().all(|&t| t >= 0.0));
        // Far from zero the scale is the plain one.
        let a = Scale::nice_above(900.0, 1100.0, 5.0, 0.0);
        let b = Scale::nice(900.0, 1100.0, 5.0);
        assert_eq!((a.lo, a.hi, a.step), (b.lo, b.hi, b.step));
    }

    #[test]
    fn limit_keeps_the_largest_series() {
        let s: Vec<Series> = (0..12)
            .map(|i| Series {
                name: format!("s{i}"),
                color: String::new(),
                values: vec![i as f64, 1.0],
            })
            .collect();
        let l = limit(s.clone(), 10);
        assert_eq!(l.len(), 10);
        assert_eq!(l[0].name, "s3");
        assert_eq!(l[8].name, "s11");
        assert_eq!(l[9].name, "3 others");
        assert_eq!(l[9].color, OTHERS);
        assert_eq!(l[9].values, vec![3.0, 3.0]);
        assert_eq!(limit(s, 12).len(), 12);
    }

    #[test]
    fn paint_cycles_the_palette() {
        let mut s: Vec<Series> = (0..11)
            .map(|i| Series {
                name: format!("s{i}"),
                color: String::new(),
                values: vec![],
            })
            .collect();
        paint(&mut s);
        assert_eq!(s[0].color, PALETTE[0]);
        assert_eq!(s[9].color, PALETTE[9]);
        assert_eq!(s[10].color, PALETTE[0]);
    }

    #[test]
    fn legends_name_their_marks() {
        let html = legend(&[
            LegendItem::new("a<b", "#123456", Mark::Box),
            LegendItem::new("cap", "#3d444d", Mark::Dash),
            LegendItem::new("reduced hours", "", Mark::Shade),
        ]);
        assert_eq!(
            html,
            "<div class=\"legend\"><span><i class=\"box\" style=\"--c:#123456\"></i>a&lt;b</span><span><i class=\"dash\" style=\"--c:#3d444d\"></i>cap</span><span><i class=\"shade\" style=\"--c:\"></i>reduced hours</span></div>"
        );
        let s = [Series {
            name: "wood".into(),
            color: "#59a14f".into(),
            values: vec![1.0],
        }];
        let items = series_legend(&s);
        assert_eq!(items.len(), 1);
        assert_eq!(
            (
                items[0].name.as_str(),
                items[0].color.as_str(),
                items[0].mark
            ),
            ("wood", "#59a14f", Mark::Box)
        );
    }

    #[test]
    fn svg_opens_with_a_viewbox_and_label() {
        let mut o = String::new();
        svg_open(&mut o, 580.4, 300.0, "Costs & aid");
        assert_eq!(
            o,
            "<svg class=\"chart\" viewBox=\"0 0 580 300\" role=\"img\" aria-label=\"Costs &amp; aid\">"
        );
    }
}
