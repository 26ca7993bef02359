//! Scatter plots: points with tooltips over a numeric x axis, or over categories.

use super::{svg_open, Scale};
use crate::report::html::format::esc;
use std::fmt::Write;

/// A point of a scatter plot.
pub(crate) struct Pt {
    pub x: f64,
    pub y: f64,
    pub color: String,
    pub tip: String,
}

/// A scatter plot; `x_cats` names the categories when x is an index into them.
pub(crate) struct Scatter<'a> {
    pub label: &'a str,
    pub pts: &'a [Pt],
    pub x_cats: Option<&'a [String]>,
    pub x_title: &'a str,
    pub y_title: &'a str,
    pub y_percent: bool,
    pub w: f64,
    pub h: f64,
}

/// The x axis: a numeric scale, or categories of equal width.
#[derive(Clone, Copy)]
enum XAxis {
    Numeric(Scale),
    /// The width of one category.
    Categories(f64),
}

/// Where the plot lies in the SVG, and its scales.
struct Frame {
    left: f64,
    top: f64,
    pw: f64,
    ph: f64,
    sy: Scale,
    sx: XAxis,
}

/// The least and the largest value, widened by `pad` of the range; 0..1 without values.
fn padded_range(values: impl Iterator<Item = f64> + Clone, pad: f64) -> (f64, f64) {
    let lo = values.clone().fold(f64::INFINITY, f64::min);
    let hi = values.fold(f64::NEG_INFINITY, f64::max);
    if lo > hi {
        (0.0, 1.0)
    } else {
        let pad = pad * (hi - lo);
        (lo - pad, hi + pad)
    }
}

impl Frame {
    fn new(c: &Scatter) -> Frame {
        let (left, right, top, bottom) = (78.0, 16.0, 12.0, 44.0);
        let (pw, ph) = (c.w - left - right, c.h - top - bottom);
        let (ylo, yhi) = padded_range(c.pts.iter().map(|p| p.y), 0.06);
        let sx = match c.x_cats {
            Some(cats) => XAxis::Categories(pw / cats.len().max(1) as f64),
            None => {
                let (a, b) = padded_range(c.pts.iter().map(|p| p.x), 0.05);
                XAxis::Numeric(Scale::nice(a, b, 6.0))
            }
        };
        Frame {
            left,
            top,
            pw,
            ph,
            sy: Scale::nice(ylo, yhi, 5.0),
            sx,
        }
    }
    fn y(&self, v: f64) -> f64 {
        self.top + self.ph * (1.0 - self.sy.at(v))
    }
    fn x(&self, v: f64) -> f64 {
        match self.sx {
            XAxis::Numeric(s) => self.left + self.pw * s.at(v),
            XAxis::Categories(band) => self.left + band * (v + 0.5),
        }
    }
}

/// The plot as SVG.
pub(crate) fn scatter(c: &Scatter) -> String {
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
            left - 6.0,
            yy + 4.0,
            f.sy.label(t, c.y_percent)
        );
    }
    match (f.sx, c.x_cats) {
        (XAxis::Numeric(s), _) => numeric_ticks(&mut o, &f, s),
        (XAxis::Categories(_), Some(cats)) => category_ticks(&mut o, &f, cats),
        (XAxis::Categories(_), None) => {}
    }
    o.push_str("</g>");
    let _ = write!(
        o,
        "<text class=\"axis-title\" transform=\"translate(14 {:.1}) rotate(-90)\" text-anchor=\"middle\">{}</text><text class=\"axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        top + ph / 2.0,
        esc(c.y_title),
        left + pw / 2.0,
        c.h - 6.0,
        esc(c.x_title)
    );
    let _ = write!(
        o,
        "<rect class=\"frame\" x=\"{left:.1}\" y=\"{top:.1}\" width=\"{pw:.1}\" height=\"{ph:.1}\"/>"
    );
    for p in c.pts {
        let _ = write!(
            o,
            "<circle class=\"pt\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"{}\"><title>{}</title></circle>",
            f.x(p.x),
            f.y(p.y),
            esc(&p.color),
            esc(&p.tip)
        );
    }
    o.push_str("</svg>");
    o
}

/// Vertical grid lines and labels of a numeric x axis.
fn numeric_ticks(o: &mut String, f: &Frame, s: Scale) {
    let top = f.top;
    for t in s.ticks() {
        let xx = f.x(t);
        let _ = write!(
            o,
            "<line x1=\"{xx:.1}\" x2=\"{xx:.1}\" y1=\"{top:.1}\" y2=\"{:.1}\"/><text class=\"tick\" x=\"{xx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            top + f.ph,
            top + f.ph + 16.0,
            s.label(t, false)
        );
    }
}

/// Category names under the plot: at most about 12, cut to 14 characters (the whole name in
/// the tooltip).
fn category_ticks(o: &mut String, f: &Frame, cats: &[String]) {
    let every = cats.len().div_ceil(12).max(1);
    for (i, c) in cats.iter().enumerate() {
        if i % every == 0 {
            let short: String = c.chars().take(14).collect();
            let _ = write!(
                o,
                "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\"><title>{}</title>{}</text>",
                f.x(i as f64),
                f.top + f.ph + 16.0,
                esc(c),
                esc(&short)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(x: f64, y: f64, tip: &str) -> Pt {
        Pt {
            x,
            y,
            color: "#4e79a7".into(),
            tip: tip.into(),
        }
    }

    /// A 394 x 156 plot: the frame is 300 x 100 from (78, 12).
    fn plot<'a>(pts: &'a [Pt], x_cats: Option<&'a [String]>) -> String {
        scatter(&Scatter {
            label: "test",
            pts,
            x_cats,
            x_title: "x",
            y_title: "y",
            y_percent: false,
            w: 394.0,
            h: 156.0,
        })
    }

    #[test]
    fn numeric_axes_pad_and_round() {
        let svg = plot(&[pt(1.0, 10.0, "a"), pt(3.0, 20.0, "b")], None);
        // y: 9.4..20.6 rounds to 7.5..22.5 by 2.5; x: 0.9..3.1 rounds to 0.5..3.5 by 0.5.
        assert!(svg.contains(
            "<rect class=\"frame\" x=\"78.0\" y=\"12.0\" width=\"300.0\" height=\"100.0\"/>"
        ));
        assert!(svg.contains("<circle class=\"pt\" cx=\"128.0\" cy=\"95.3\" r=\"5\" fill=\"#4e79a7\"><title>a</title></circle>"));
        assert!(svg.contains("<circle class=\"pt\" cx=\"328.0\" cy=\"28.7\" r=\"5\""));
        assert!(svg.contains(
            "<text class=\"tick\" x=\"128.0\" y=\"128.0\" text-anchor=\"middle\">1.0</text>"
        ));
        assert!(svg.contains("text-anchor=\"end\">7.5</text>"));
        assert!(svg.contains("text-anchor=\"end\">22.5</text>"));
    }

    #[test]
    fn categories_share_the_width_and_long_names_are_cut() {
        let cats = ["alpha".to_string(), "a very long category name".to_string()];
        let svg = plot(&[pt(0.0, 1.0, "a"), pt(1.0, 2.0, "b")], Some(&cats));
        assert!(svg.contains("<circle class=\"pt\" cx=\"153.0\""));
        assert!(svg.contains("<circle class=\"pt\" cx=\"303.0\""));
        assert!(svg.contains("<text class=\"tick\" x=\"303.0\" y=\"128.0\" text-anchor=\"middle\"><title>a very long category name</title>a very long ca</text>"));
    }

    #[test]
    fn no_points_still_draw_a_frame() {
        let svg = plot(&[], None);
        assert!(svg.contains("<rect class=\"frame\""));
        assert!(!svg.contains("<circle"));
        assert!(svg.contains("text-anchor=\"end\">1.0</text>"));
        assert_eq!(padded_range(std::iter::empty(), 0.05), (0.0, 1.0));
    }
}
