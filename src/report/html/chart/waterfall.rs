//! A waterfall: signed steps from zero, each bar floating from the running total before it to
//! the total after it (rises red, falls green), and the final total as a solid bar.

use super::{svg_open, Scale, INK};
use crate::report::html::format::{esc, num};
use std::fmt::Write;

/// Rises (the mission costs more).
pub(crate) const RISE: &str = "#e15759";
/// Falls (the mission costs less).
pub(crate) const FALL: &str = "#59a14f";

/// Steps and their total, in one unit.
pub(crate) struct Waterfall<'a> {
    pub label: &'a str,
    /// (name, signed value) of each step, in order.
    pub steps: &'a [(String, f64)],
    /// The total's name; its value is the sum of the steps.
    pub total: &'a str,
    pub unit: &'a str,
    pub w: f64,
}

/// The chart as SVG: one row per step, then the total.
pub(crate) fn waterfall(c: &Waterfall) -> String {
    let (mut lo, mut hi, mut run) = (0.0f64, 0.0f64, 0.0f64);
    for (_, v) in c.steps {
        run += v;
        lo = lo.min(run);
        hi = hi.max(run);
    }
    let sc = Scale::nice(lo, hi, 6.0);
    let n = c.steps.len() + 1;
    let (left, right, top, row, bottom) = (300.0, 20.0, 8.0, 30.0, 30.0);
    let h = top + row * n as f64 + bottom;
    let pw = c.w - left - right;
    let x_at = |v: f64| left + pw * sc.at(v);
    let mut o = String::new();
    svg_open(&mut o, c.w, h, c.label);
    o.push_str("<g class=\"grid\">");
    for t in sc.ticks() {
        let x = x_at(t);
        let _ = write!(
            o,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{top:.1}\" y2=\"{:.1}\"/><text class=\"tick\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            top + row * n as f64,
            h - 10.0,
            sc.label(t, false)
        );
    }
    o.push_str("</g>");
    let bar = |o: &mut String,
               i: usize,
               name: &str,
               a: f64,
               b: f64,
               class: &str,
               color: &str,
               v: f64| {
        let y = top + row * i as f64 + 5.0;
        let (x0, x1) = (x_at(a.min(b)), x_at(a.max(b)));
        let _ = write!(
            o,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect class=\"{class}\" x=\"{x0:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{color}\"><title>{}: {} {}</title></rect>",
            left - 8.0,
            y + row * 0.5,
            esc(name),
            (x1 - x0).max(1.0),
            row - 10.0,
            esc(name),
            num(v, 0),
            esc(c.unit)
        );
    };
    let mut run = 0.0;
    for (i, (name, v)) in c.steps.iter().enumerate() {
        let color = if *v >= 0.0 { RISE } else { FALL };
        bar(&mut o, i, name, run, run + v, "step", color, *v);
        run += v;
    }
    bar(&mut o, c.steps.len(), c.total, 0.0, run, "total", INK, run);
    o.push_str("</svg>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::html::chart::tests::rects;

    #[test]
    fn each_step_floats_from_the_running_total_and_the_total_is_their_sum() {
        let steps = vec![("a".to_string(), 300.0), ("b".to_string(), -500.0)];
        let svg = waterfall(&Waterfall {
            label: "t",
            steps: &steps,
            total: "sum",
            unit: "EUR",
            w: 800.0,
        });
        let s = rects(&svg, "step");
        let t = rects(&svg, "total");
        assert_eq!((s.len(), t.len()), (2, 1));
        // a rises from 0 to 300; b falls from 300 to -200: its left end is the total's.
        let zero = s[0][0];
        assert!((s[0][0] + s[0][2] - (s[1][0] + s[1][2])).abs() < 0.2);
        assert!((s[1][0] - t[0][0]).abs() < 0.2);
        assert!((t[0][0] + t[0][2] - zero).abs() < 0.2);
        assert!(svg.contains(RISE) && svg.contains(FALL));
    }
}
