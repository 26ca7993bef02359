//! A cash flow over years: one vertical bar per year stacked from signed parts (positive
//! ones above zero, negative ones below) and a line of the cumulative discounted total.

use super::{svg_open, Scale, INK};
use crate::report::html::format::{esc, num};
use std::fmt::Write;

/// One part of every year's bar (a value per year).
pub(crate) struct Part {
    pub name: String,
    pub color: String,
    pub values: Vec<f64>,
}

/// Bars per year and a cumulative line, in one unit (kEUR on the comparison page).
pub(crate) struct CashFlowChart<'a> {
    pub label: &'a str,
    pub years: &'a [i32],
    pub parts: &'a [Part],
    /// The cumulative line's name and values, one per year.
    pub line_name: &'a str,
    pub line: &'a [f64],
    pub unit: &'a str,
    pub w: f64,
}

/// The chart as SVG.
pub(crate) fn cash_flow_chart(c: &CashFlowChart) -> String {
    let n = c.years.len().max(1);
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for y in 0..c.years.len() {
        let pos: f64 = c.parts.iter().map(|p| p.values[y].max(0.0)).sum();
        let neg: f64 = c.parts.iter().map(|p| p.values[y].min(0.0)).sum();
        hi = hi.max(pos);
        lo = lo.min(neg);
    }
    for v in c.line {
        hi = hi.max(*v);
        lo = lo.min(*v);
    }
    let sc = Scale::nice(lo, hi, 6.0);
    let (left, right, top, bottom, h) = (64.0, 16.0, 10.0, 44.0, 330.0);
    let (pw, ph) = (c.w - left - right, h - top - bottom);
    let y_at = |v: f64| top + ph * (1.0 - sc.at(v));
    let slot = pw / n as f64;
    let x_mid = |k: usize| left + slot * (k as f64 + 0.5);
    let mut o = String::new();
    svg_open(&mut o, c.w, h, c.label);
    o.push_str("<g class=\"grid\">");
    for t in sc.ticks() {
        let yy = y_at(t);
        let _ = write!(
            o,
            "<line x1=\"{left:.1}\" x2=\"{:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\"/><text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left + pw,
            left - 6.0,
            yy + 4.0,
            sc.label(t, false)
        );
    }
    o.push_str("</g>");
    for (k, year) in c.years.iter().enumerate() {
        let bw = slot * 0.6;
        let x = x_mid(k) - bw / 2.0;
        let (mut pos, mut neg) = (0.0, 0.0);
        for p in c.parts {
            let v = p.values[k];
            if v.abs() < 1e-9 {
                continue;
            }
            let (a, z) = if v > 0.0 {
                pos += v;
                (pos - v, pos)
            } else {
                neg += v;
                (neg, neg - v)
            };
            let _ = write!(
                o,
                "<rect class=\"s\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{:.2}\" fill=\"{}\"><title>{year}: {} {} {}</title></rect>",
                y_at(z),
                (y_at(a) - y_at(z)).max(0.5),
                esc(&p.color),
                esc(&p.name),
                num(v, 0),
                esc(c.unit)
            );
        }
        let _ = write!(
            o,
            "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{year}</text>",
            x_mid(k),
            top + ph + 16.0
        );
    }
    let zero = y_at(0.0);
    let _ = write!(
        o,
        "<line class=\"axis\" x1=\"{left:.1}\" x2=\"{:.1}\" y1=\"{zero:.1}\" y2=\"{zero:.1}\"/>",
        left + pw
    );
    if !c.line.is_empty() {
        let pts: Vec<String> = c
            .line
            .iter()
            .enumerate()
            .map(|(k, v)| format!("{:.1},{:.1}", x_mid(k), y_at(*v)))
            .collect();
        let _ = write!(
            o,
            "<polyline class=\"overlay\" fill=\"none\" stroke=\"{INK}\" points=\"{}\"/>",
            pts.join(" ")
        );
        for (k, v) in c.line.iter().enumerate() {
            let _ = write!(
                o,
                "<circle class=\"pt\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{INK}\"><title>{}: {} {} {}</title></circle>",
                x_mid(k),
                y_at(*v),
                c.years[k],
                esc(c.line_name),
                num(*v, 0),
                esc(c.unit)
            );
        }
    }
    let _ = write!(
        o,
        "<text class=\"axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></svg>",
        left + pw / 2.0,
        h - 8.0,
        esc(c.unit)
    );
    o
}

#[cfg(test)]
mod tests {
    use super::super::tests::rects;
    use super::*;

    #[test]
    fn bars_stack_both_ways_and_the_line_follows_the_total() {
        let parts = [
            Part {
                name: "capital".into(),
                color: "#e15759".into(),
                values: vec![-100.0, 0.0],
            },
            Part {
                name: "savings".into(),
                color: "#59a14f".into(),
                values: vec![20.0, 50.0],
            },
        ];
        let svg = cash_flow_chart(&CashFlowChart {
            label: "cash",
            years: &[2020, 2021],
            parts: &parts,
            line_name: "cumulative",
            line: &[-80.0, -30.0],
            unit: "kEUR",
            w: 400.0,
        });
        // Scale -100..50 over y = 10..286 (zero at 102); x slots of 160 from 64.
        let r = rects(&svg, "s");
        assert_eq!(r.len(), 3);
        // The capital bar hangs from zero down to -100, the savings stand on zero.
        assert_eq!(r[0][1], 102.0);
        assert_eq!(r[0][1] + r[0][3], 286.0);
        assert_eq!(r[1][1] + r[1][3], 102.0);
        assert!(svg.contains("<title>2020: capital -100 kEUR</title>"));
        assert!(svg.contains("<title>2021: cumulative -30 kEUR</title>"));
        assert!(svg.contains("points=\"144.0,249.2 304.0,157.2\""));
        assert!(svg.contains(">2021</text>"));
    }
}
