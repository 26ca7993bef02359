//! Horizontal bars: rows of one or more bars, each bar stacked from segments (negative ones
//! to the left of zero), a text at its end and an optional target marker.

use super::{svg_open, Scale};
use crate::report::html::format::esc;
use std::fmt::Write;

/// One segment of a horizontal bar.
pub(crate) struct Seg {
    pub value: f64,
    pub color: String,
    pub tip: String,
}

/// A target marker across a bar.
pub(crate) struct Target {
    pub value: f64,
    pub tip: String,
}

/// A horizontal bar: segments stacked from zero (negative ones to the left), a text at its
/// end, and an optional target marker.
pub(crate) struct Bar {
    pub segs: Vec<Seg>,
    pub text: String,
    pub target: Option<Target>,
}

/// A row: a label above one or more bars.
pub(crate) struct Row {
    pub label: String,
    pub tip: String,
    pub bars: Vec<Bar>,
}

/// Horizontal bars. Row labels stand above their bars (long names stay readable) or, with
/// `labels_left`, in a column on the left (short labels, one bar per row). With `percent`,
/// values are shares and the axis ends at 100 % unless a value is larger.
pub(crate) struct BarChart<'a> {
    pub label: &'a str,
    pub rows: &'a [Row],
    pub w: f64,
    pub x_title: &'a str,
    pub percent: bool,
    pub labels_left: bool,
}

/// Bar height, gap between the bars of a row, gap between rows.
const BAR_H: f64 = 15.0;
const BAR_GAP: f64 = 3.0;
const ROW_GAP: f64 = 9.0;

/// Where the bars lie in the SVG, and the x scale.
struct Frame {
    sc: Scale,
    left: f64,
    top: f64,
    /// Plot width.
    pw: f64,
    /// Height of a row label above its bars (0 with labels on the left).
    label_h: f64,
    /// The bottom of the last row.
    plot_bottom: f64,
    /// The whole chart's height.
    h: f64,
}

impl Frame {
    fn new(c: &BarChart) -> Frame {
        let label_h = if c.labels_left { 0.0 } else { 17.0 };
        let label_w = if c.labels_left {
            let longest = c
                .rows
                .iter()
                .map(|r| r.label.chars().count())
                .max()
                .unwrap_or(0) as f64;
            (longest * 7.0 + 24.0).min(0.4 * c.w)
        } else {
            0.0
        };
        let (sc, right) = scale(c);
        let (left, top, bottom) = (14.0 + label_w, 8.0, 40.0);
        let rows_h: f64 = c
            .rows
            .iter()
            .map(|r| label_h + r.bars.len() as f64 * (BAR_H + BAR_GAP) + ROW_GAP)
            .sum();
        Frame {
            sc,
            left,
            top,
            pw: c.w - left - right,
            label_h,
            plot_bottom: top + rows_h,
            h: top + rows_h + bottom,
        }
    }
    /// The x coordinate of a value.
    fn x(&self, v: f64) -> f64 {
        self.left + self.pw * self.sc.at(v)
    }
}

/// The x scale and the right margin. The domain holds every bar's positive and negative sums
/// and targets; the texts at the bars' ends go in the right margin for shares, else the
/// domain widens for them.
fn scale(c: &BarChart) -> (Scale, f64) {
    let mut lo: f64 = 0.0;
    let mut hi: f64 = 0.0;
    for b in c.rows.iter().flat_map(|r| &r.bars) {
        let pos: f64 = b.segs.iter().map(|s| s.value.max(0.0)).sum();
        let neg: f64 = b.segs.iter().map(|s| s.value.min(0.0)).sum();
        hi = hi.max(pos);
        lo = lo.min(neg);
        if let Some(t) = &b.target {
            hi = hi.max(t.value);
            lo = lo.min(t.value);
        }
    }
    let longest_text = c
        .rows
        .iter()
        .flat_map(|r| &r.bars)
        .map(|b| b.text.chars().count())
        .max()
        .unwrap_or(0) as f64;
    if c.percent {
        (
            Scale::nice(lo.min(0.0), hi.max(1.0), 5.0),
            longest_text * 6.6 + 14.0,
        )
    } else {
        let span = (hi - lo).max(1e-9);
        let pad = 0.1 + (longest_text * 6.6 / c.w).min(0.3);
        let dlo = if lo < 0.0 { lo - pad * span } else { lo };
        let dhi = if hi > 0.0 || lo >= 0.0 {
            hi + pad * span
        } else {
            hi
        };
        (Scale::nice(dlo, dhi, 6.0), 18.0)
    }
}

/// The chart as SVG.
pub(crate) fn bar_chart(c: &BarChart) -> String {
    let f = Frame::new(c);
    let mut o = String::new();
    svg_open(&mut o, c.w, f.h, c.label);
    x_axis(&mut o, c, &f);
    let mut yy = f.top;
    for r in c.rows {
        let (lx, ly) = if c.labels_left {
            (14.0, yy + BAR_H - 3.0)
        } else {
            (f.x(0.0).max(f.left) + 4.0, yy + 12.5)
        };
        let _ = write!(
            o,
            "<text class=\"row-label\" x=\"{lx:.1}\" y=\"{ly:.1}\"><title>{}</title>{}</text>",
            esc(&r.tip),
            esc(&r.label)
        );
        yy += f.label_h;
        for b in &r.bars {
            bar(&mut o, &f, b, yy);
            yy += BAR_H + BAR_GAP;
        }
        yy += ROW_GAP;
    }
    let (top, plot_bottom) = (f.top, f.plot_bottom);
    let _ = write!(
        o,
        "<line class=\"axis\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{top:.1}\" y2=\"{plot_bottom:.1}\"/>",
        f.x(0.0),
        f.x(0.0)
    );
    o.push_str("</svg>");
    o
}

/// Vertical grid lines with their tick labels under the plot, and the axis title.
fn x_axis(o: &mut String, c: &BarChart, f: &Frame) {
    let (top, plot_bottom) = (f.top, f.plot_bottom);
    o.push_str("<g class=\"grid\">");
    for t in f.sc.ticks() {
        let xx = f.x(t);
        let _ = write!(
            o,
            "<line x1=\"{xx:.1}\" x2=\"{xx:.1}\" y1=\"{top:.1}\" y2=\"{plot_bottom:.1}\"/><text class=\"tick\" x=\"{xx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            plot_bottom + 15.0,
            f.sc.label(t, c.percent)
        );
    }
    o.push_str("</g>");
    let _ = write!(
        o,
        "<text class=\"axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        f.left + f.pw / 2.0,
        f.h - 6.0,
        esc(c.x_title)
    );
}

/// One bar at height `yy`: its segments, its text beyond its end, its target.
fn bar(o: &mut String, f: &Frame, b: &Bar, yy: f64) {
    let (mut pos, mut neg) = (0.0, 0.0);
    for s in &b.segs {
        if s.value.abs() < 1e-12 {
            continue;
        }
        let (a, z) = if s.value > 0.0 {
            pos += s.value;
            (pos - s.value, pos)
        } else {
            neg += s.value;
            (neg, neg - s.value)
        };
        let _ = write!(
            o,
            "<rect class=\"s\" x=\"{:.1}\" y=\"{yy:.1}\" width=\"{:.2}\" height=\"{BAR_H:.1}\" fill=\"{}\"><title>{}</title></rect>",
            f.x(a),
            (f.x(z) - f.x(a)).max(0.5),
            esc(&s.color),
            esc(&s.tip)
        );
    }
    let (end, anchor, dx) = if pos <= 0.0 && neg < 0.0 {
        (f.x(neg), "end", -5.0)
    } else {
        (f.x(pos), "start", 5.0)
    };
    let _ = write!(
        o,
        "<text class=\"bar-text\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
        end + dx,
        yy + BAR_H - 3.5,
        esc(&b.text)
    );
    if let Some(t) = &b.target {
        let _ = write!(
            o,
            "<line class=\"target\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"><title>{}</title></line>",
            f.x(t.value),
            f.x(t.value),
            yy - 3.0,
            yy + BAR_H + 3.0,
            esc(&t.tip)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::rects;
    use super::*;

    fn one(value: f64, text: &str, target: Option<f64>) -> Bar {
        Bar {
            segs: vec![Seg {
                value,
                color: "#4e79a7".into(),
                tip: "tip".into(),
            }],
            text: text.into(),
            target: target.map(|value| Target {
                value,
                tip: "target".into(),
            }),
        }
    }

    #[test]
    fn a_share_with_its_target() {
        let rows = [Row {
            label: "A".into(),
            tip: "row A".into(),
            bars: vec![one(0.5, "50 %", Some(0.6))],
        }];
        let svg = bar_chart(&BarChart {
            label: "shares",
            rows: &rows,
            w: 500.0,
            x_title: "share",
            percent: true,
            labels_left: false,
        });
        // Scale 0..1 over x = 14..459.6 (the right margin holds the 4-letter text);
        // one row: a 17-high label, a 15-high bar, 3 + 9 of gaps.
        assert!(svg.starts_with("<svg class=\"chart\" viewBox=\"0 0 500 92\""));
        assert_eq!(rects(&svg, "s"), vec![[14.0, 25.0, 222.8, 15.0]]);
        assert!(svg.contains(
            "<text class=\"row-label\" x=\"18.0\" y=\"20.5\"><title>row A</title>A</text>"
        ));
        assert!(svg.contains(
            "<text class=\"bar-text\" x=\"241.8\" y=\"36.5\" text-anchor=\"start\">50 %</text>"
        ));
        assert!(svg.contains("<line class=\"target\" x1=\"281.4\" x2=\"281.4\" y1=\"22.0\" y2=\"43.0\"><title>target</title></line>"));
        assert!(svg.contains(">100\u{a0}%</text>"));
        assert!(svg.ends_with(
            "<line class=\"axis\" x1=\"14.0\" x2=\"14.0\" y1=\"8.0\" y2=\"52.0\"/></svg>"
        ));
    }

    #[test]
    fn negative_bars_grow_left_of_zero() {
        let rows = [
            Row {
                label: "cost".into(),
                tip: "cost".into(),
                bars: vec![one(100.0, "100 EUR", None)],
            },
            Row {
                label: "aid".into(),
                tip: "aid".into(),
                bars: vec![one(-50.0, "-50 EUR", None)],
            },
        ];
        let svg = bar_chart(&BarChart {
            label: "costs",
            rows: &rows,
            w: 400.0,
            x_title: "EUR",
            percent: false,
            labels_left: true,
        });
        // Labels in a 52-wide column; the domain -82..132 (room for the texts) rounds to
        // -100..150 by 50 over x = 66..382: zero at 192.4.
        assert_eq!(
            rects(&svg, "s"),
            vec![[192.4, 8.0, 126.4, 15.0], [129.2, 35.0, 63.2, 15.0]]
        );
        assert!(svg.contains("<text class=\"row-label\" x=\"14.0\" y=\"20.0\">"));
        assert!(svg.contains("x=\"323.8\" y=\"19.5\" text-anchor=\"start\">100 EUR</text>"));
        assert!(svg.contains("x=\"124.2\" y=\"46.5\" text-anchor=\"end\">-50 EUR</text>"));
        assert!(svg.contains(">-100</text>"));
        assert!(svg.contains(">150</text>"));
        assert!(
            svg.contains("<line class=\"axis\" x1=\"192.4\" x2=\"192.4\" y1=\"8.0\" y2=\"62.0\"/>")
        );
    }
}
