//! Heatmaps: a value as colour on a grid of two parameters' values, the value written in
//! its cell where it fits; a cell without a value (a scenario without a plan) is crossed, one
//! no scenario covers is left blank.

use super::svg_open;
use crate::report::html::format::esc;
use std::fmt::Write;

/// One cell of a heatmap.
pub(crate) enum HeatCell {
    /// A value, its text (written in the cell where it fits) and its tooltip.
    Value { v: f64, text: String, tip: String },
    /// A scenario without a value: a cross.
    Missing { tip: String },
    /// No scenario.
    Empty,
}

/// A heatmap: `cells[row][column]`, rows from the top.
pub(crate) struct Heatmap<'a> {
    pub label: &'a str,
    pub x_labels: &'a [String],
    pub y_labels: &'a [String],
    pub cells: &'a [Vec<HeatCell>],
    pub x_title: &'a str,
    pub y_title: &'a str,
    /// The texts of the colour key's ends (least and largest value).
    pub key: (String, String),
    pub w: f64,
}

/// Light to dark blue: the colour of `t` in 0..1.
pub(crate) fn shade(t: f64) -> String {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (a, b) = ([239.0, 243.0, 255.0], [8.0, 69.0, 148.0]);
    let c: Vec<u8> = (0..3)
        .map(|i| (a[i] + (b[i] - a[i]) * t).round() as u8)
        .collect();
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// Cells at least this wide (and 16 high) carry their value as text.
const TEXT_W: f64 = 40.0;

/// The heatmap as SVG; its height follows from the rows.
pub(crate) fn heatmap(c: &Heatmap) -> String {
    let longest = c
        .y_labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(1) as f64;
    let left = (longest * 7.0 + 34.0).clamp(60.0, 0.35 * c.w);
    let (right, top) = (10.0, 8.0);
    let pw = c.w - left - right;
    let cols = c.x_labels.len().max(1) as f64;
    let rows = c.y_labels.len().max(1) as f64;
    let cw = pw / cols;
    let ch = (cw * 0.6).clamp(16.0, 34.0);
    let ph = ch * rows;
    let h = top + ph + 64.0;
    let values: Vec<f64> = c
        .cells
        .iter()
        .flatten()
        .filter_map(|x| match x {
            HeatCell::Value { v, .. } if v.is_finite() => Some(*v),
            _ => None,
        })
        .collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let t = |v: f64| if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
    let mut o = String::new();
    svg_open(&mut o, c.w, h, c.label);
    for (r, row) in c.cells.iter().enumerate() {
        let y = top + ch * r as f64;
        for (k, cell) in row.iter().enumerate() {
            let x = left + cw * k as f64;
            match cell {
                HeatCell::Value { v, text, tip } => {
                    let tv = t(*v);
                    let _ = write!(
                        o,
                        "<rect class=\"cell\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{cw:.1}\" height=\"{ch:.1}\" fill=\"{}\" stroke=\"#fff\"><title>{}</title></rect>",
                        shade(tv),
                        esc(tip)
                    );
                    // An inline style: the page's style sheet colours chart text, and
                    // beats a fill attribute.
                    if cw >= TEXT_W && text.chars().count() as f64 * 6.6 <= cw - 4.0 {
                        let _ = write!(
                            o,
                            "<text class=\"cell-text\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" style=\"fill:{}\" pointer-events=\"none\">{}</text>",
                            x + cw / 2.0,
                            y + ch / 2.0 + 4.0,
                            if tv > 0.55 { "#ffffff" } else { "#24292f" },
                            esc(text)
                        );
                    }
                }
                HeatCell::Missing { tip } => {
                    let (cx, cy, d) = (x + cw / 2.0, y + ch / 2.0, (ch / 2.0 - 3.0).min(7.0));
                    let _ = write!(
                        o,
                        "<rect class=\"cell missing\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{cw:.1}\" height=\"{ch:.1}\" fill=\"#fff0ee\" stroke=\"#fff\"><title>{}</title></rect><path class=\"miss\" d=\"M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}\" stroke=\"#cf222e\" stroke-width=\"2\" pointer-events=\"none\"/>",
                        esc(tip),
                        cx - d,
                        cy - d,
                        cx + d,
                        cy + d,
                        cx - d,
                        cy + d,
                        cx + d,
                        cy - d
                    );
                }
                HeatCell::Empty => {}
            }
        }
    }
    let _ = write!(
        o,
        "<rect class=\"frame\" x=\"{left:.1}\" y=\"{top:.1}\" width=\"{pw:.1}\" height=\"{ph:.1}\"/>"
    );
    for (r, l) in c.y_labels.iter().enumerate() {
        let _ = write!(
            o,
            "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left - 5.0,
            top + ch * (r as f64 + 0.5) + 4.0,
            esc(l)
        );
    }
    let every = (c.x_labels.len() as f64 / (pw / 48.0).max(1.0))
        .ceil()
        .max(1.0) as usize;
    for (k, l) in c
        .x_labels
        .iter()
        .enumerate()
        .filter(|(k, _)| k % every == 0)
    {
        let _ = write!(
            o,
            "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            left + cw * (k as f64 + 0.5),
            top + ph + 15.0,
            esc(l)
        );
    }
    let _ = write!(
        o,
        "<text class=\"axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text><text class=\"axis-title\" x=\"4\" y=\"{:.1}\" text-anchor=\"start\">{}</text>",
        left + pw / 2.0,
        top + ph + 32.0,
        esc(c.x_title),
        top + ph + 32.0,
        esc(c.y_title),
    );
    if values.is_empty() {
        o.push_str("</svg>");
        return o;
    }
    // The colour key: five steps from the least to the largest value.
    let ky = top + ph + 42.0;
    let kx = left + pw - 150.0;
    let _ = write!(
        o,
        "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
        kx - 5.0,
        ky + 10.0,
        esc(&c.key.0)
    );
    for i in 0..5 {
        let _ = write!(
            o,
            "<rect class=\"key\" x=\"{:.1}\" y=\"{ky:.1}\" width=\"20\" height=\"12\" fill=\"{}\"/>",
            kx + 20.0 * i as f64,
            shade(i as f64 / 4.0)
        );
    }
    let _ = write!(
        o,
        "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"start\">{}</text>",
        kx + 105.0,
        ky + 10.0,
        esc(&c.key.1)
    );
    o.push_str("</svg>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(v: f64) -> HeatCell {
        HeatCell::Value {
            v,
            text: format!("{v}"),
            tip: format!("v={v}"),
        }
    }

    #[test]
    fn cells_are_shaded_by_value_crossed_without_one_and_written_where_they_fit() {
        let cells = vec![
            vec![value(0.0), value(10.0)],
            vec![
                HeatCell::Missing {
                    tip: "infeasible".into(),
                },
                HeatCell::Empty,
            ],
        ];
        let xs = ["a".to_string(), "b".to_string()];
        let ys = ["p".to_string(), "q".to_string()];
        let svg = heatmap(&Heatmap {
            label: "h",
            x_labels: &xs,
            y_labels: &ys,
            cells: &cells,
            x_title: "x",
            y_title: "y",
            key: ("0".into(), "10".into()),
            w: 400.0,
        });
        assert_eq!(svg.matches("<rect class=\"cell\"").count(), 2);
        assert!(svg.contains(&format!("fill=\"{}\"", shade(0.0))));
        assert!(svg.contains(&format!("fill=\"{}\"", shade(1.0))));
        assert_eq!(svg.matches("<rect class=\"cell missing\"").count(), 1);
        assert!(svg.contains("<title>infeasible</title>"));
        // Cells 165 px wide: the values are written, the dark one in white.
        assert!(svg.contains("style=\"fill:#ffffff\" pointer-events=\"none\">10</text>"));
        assert!(svg.contains("style=\"fill:#24292f\" pointer-events=\"none\">0</text>"));
        assert_eq!(shade(0.0), "#eff3ff");
        assert_eq!(shade(1.0), "#084594");
        assert_eq!(shade(f64::NAN), shade(0.0));
    }

    #[test]
    fn narrow_cells_carry_no_text() {
        let cells = vec![(0..40).map(|i| value(i as f64)).collect::<Vec<_>>()];
        let xs: Vec<String> = (0..40).map(|i| i.to_string()).collect();
        let ys = ["p".to_string()];
        let svg = heatmap(&Heatmap {
            label: "h",
            x_labels: &xs,
            y_labels: &ys,
            cells: &cells,
            x_title: "x",
            y_title: "y",
            key: (String::new(), String::new()),
            w: 400.0,
        });
        assert!(!svg.contains("cell-text"));
        assert_eq!(svg.matches("<rect class=\"cell\"").count(), 40);
    }
}
