//! The HTML report: one self-contained file that a plant manager opens in a browser.
//!
//! Everything is inline: the style sheet, the charts (SVG drawn here, tooltips as SVG
//! `<title>`), and a few lines of script that only record errors (for the tests). A content
//! security policy forbids loading anything, so the page reads the same offline. Every name
//! that comes from the input files goes through [`escape_html`].

use crate::check::Costs;
use crate::kpi::Kpis;
use crate::plan::Plan;
use crate::plant::{Instance, StaffKind, Treatment};
use crate::{Solved, Status};
use ndarray::{Array2, Axis};
use std::fmt::Write;
use std::path::Path;

/// Escapes text for HTML and SVG content and attribute values (`& < > " '`).
pub fn escape_html(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(ch),
        }
    }
    o
}

fn esc(s: &str) -> String {
    escape_html(s)
}

// ---------------------------------------------------------------------------------------------
// Numbers

/// `x` with `dec` decimals and thousands separators ("12,345.6").
fn num(x: f64, dec: usize) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let s = format!("{:.*}", dec, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let mut out = String::new();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    if x < 0.0 && out.chars().any(|c| ('1'..='9').contains(&c)) {
        out.insert(0, '-');
    }
    out
}

/// Tonnes, hours, persons: no decimals from 1,000 up, one below.
fn qty(x: f64) -> String {
    num(x, if x.abs() >= 1000.0 { 0 } else { 1 })
}

fn eur(x: f64) -> String {
    num(x, 0)
}

fn pct(x: f64) -> String {
    format!("{}\u{a0}%", num(100.0 * x, 1))
}

/// "1 scenario", "2 scenarios".
fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn opt_pct(x: Option<f64>) -> String {
    x.map_or("-".into(), pct)
}

fn status_name(st: Status) -> String {
    st.name().to_string()
}

// ---------------------------------------------------------------------------------------------
// Colours

/// Tableau 10: distinguishable, and readable on white.
const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];
const OTHERS: &str = "#c7c7c7";
const INK: &str = "#24292f";

fn kind_color(k: StaffKind) -> &'static str {
    match k {
        StaffKind::Permanent => "#4e79a7",
        StaffKind::Insertion => "#f28e2b",
        StaffKind::Temporary => "#76b7b2",
        StaffKind::Supervisor => "#b07aa1",
    }
}

fn treatment(t: Treatment) -> (&'static str, &'static str) {
    match t {
        Treatment::Reuse => ("re-use", "#76b7b2"),
        Treatment::Recycling => ("recycling", "#59a14f"),
        Treatment::EnergyRecovery => ("energy recovery", "#f28e2b"),
        Treatment::Disposal => ("disposal", "#8c8c8c"),
    }
}

// ---------------------------------------------------------------------------------------------
// Chart primitives

/// A named series of values, one per week (or per point).
#[derive(Debug, Clone)]
struct Series {
    name: String,
    color: String,
    values: Vec<f64>,
}

/// Keeps the `max - 1` largest series (by total, in their order) and sums the rest into
/// "others", so that no chart has more colours than the palette.
fn limit(series: Vec<Series>, max: usize) -> Vec<Series> {
    if series.len() <= max {
        return series;
    }
    let mut by_size: Vec<(usize, f64)> = series
        .iter()
        .enumerate()
        .map(|(i, s)| (i, s.values.iter().sum()))
        .collect();
    by_size.sort_by(|a, b| b.1.total_cmp(&a.1));
    let keep: Vec<usize> = by_size[..max - 1].iter().map(|x| x.0).collect();
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
fn paint(series: &mut [Series]) {
    for (i, s) in series.iter_mut().enumerate() {
        s.color = PALETTE[i % PALETTE.len()].to_string();
    }
}

/// A linear axis with round ticks.
#[derive(Debug, Clone, Copy)]
struct Scale {
    lo: f64,
    hi: f64,
    step: f64,
}

impl Scale {
    /// A scale covering `lo..hi` with about `target` round steps.
    fn nice(lo: f64, hi: f64, target: f64) -> Scale {
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
    fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round() as usize;
        (0..=n).map(|i| self.lo + i as f64 * self.step).collect()
    }
    /// Share of the way from `lo` to `hi`.
    fn at(&self, v: f64) -> f64 {
        (v - self.lo) / (self.hi - self.lo)
    }
    /// A tick label (percent: values are shares).
    fn label(&self, v: f64, percent: bool) -> String {
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
#[derive(Clone, Copy)]
enum Mark {
    Box,
    Line,
    Dash,
    Shade,
    Target,
}

fn legend(items: &[(String, String, Mark)]) -> String {
    let mut o = String::from("<div class=\"legend\">");
    for (name, color, mark) in items {
        let class = match mark {
            Mark::Box => "box",
            Mark::Line => "line",
            Mark::Dash => "dash",
            Mark::Shade => "shade",
            Mark::Target => "target",
        };
        let _ = write!(
            o,
            "<span><i class=\"{class}\" style=\"--c:{}\"></i>{}</span>",
            esc(color),
            esc(name)
        );
    }
    o.push_str("</div>");
    o
}

fn series_legend(series: &[Series]) -> Vec<(String, String, Mark)> {
    series
        .iter()
        .map(|s| (s.name.clone(), s.color.clone(), Mark::Box))
        .collect()
}

fn svg_open(o: &mut String, w: f64, h: f64, label: &str) {
    let _ = write!(
        o,
        "<svg class=\"chart\" viewBox=\"0 0 {w:.0} {h:.0}\" role=\"img\" aria-label=\"{}\">",
        esc(label)
    );
}

/// A chart over weeks: stacked bars or stacked areas, with an optional line on top (e.g.
/// tonnage collected), an optional dashed reference level (e.g. storage capacity) and shaded
/// weeks of reduced hours.
struct Weekly<'a> {
    label: &'a str,
    series: &'a [Series],
    areas: bool,
    overlay: Option<&'a Series>,
    reference: Option<(f64, String)>,
    /// Per week, the share of normal hours lost (0: a normal week); empty: none.
    reduced: &'a [f64],
    y_title: &'a str,
    unit: &'a str,
    w: f64,
    h: f64,
}

fn weekly_chart(c: &Weekly) -> String {
    let n = c
        .series
        .first()
        .map(|s| s.values.len())
        .or(c.overlay.map(|s| s.values.len()))
        .unwrap_or(0)
        .max(1);
    let (left, right, top, bottom) = (66.0, 14.0, 14.0, 42.0);
    let (pw, ph) = (c.w - left - right, c.h - top - bottom);
    let totals: Vec<f64> = (0..n)
        .map(|i| {
            c.series
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0.0).max(0.0))
                .sum()
        })
        .collect();
    let mut max = totals.iter().cloned().fold(0.0, f64::max);
    if let Some(ov) = c.overlay {
        max = ov.values.iter().cloned().fold(max, f64::max);
    }
    if let Some((r, _)) = &c.reference {
        max = max.max(*r);
    }
    let sc = Scale::nice(0.0, max, 5.0);
    let y = |v: f64| top + ph * (1.0 - sc.at(v));
    let band = pw / n as f64;
    let xc = |i: usize| left + band * (i as f64 + 0.5);
    let mut o = String::new();
    svg_open(&mut o, c.w, c.h, c.label);
    // Weeks of reduced hours.
    for (i, &r) in c.reduced.iter().enumerate().take(n) {
        if r > 0.005 {
            let _ = write!(
                o,
                "<rect class=\"reduced\" x=\"{:.1}\" y=\"{top:.1}\" width=\"{band:.2}\" height=\"{ph:.1}\" fill-opacity=\"{:.2}\"/>",
                left + band * i as f64,
                0.10 + 0.25 * r.min(1.0)
            );
        }
    }
    // Grid and y axis.
    o.push_str("<g class=\"grid\">");
    for t in sc.ticks() {
        let yy = y(t);
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
    let _ = write!(
        o,
        "<text class=\"axis-title\" transform=\"translate(14 {:.1}) rotate(-90)\" text-anchor=\"middle\">{}</text>",
        top + ph / 2.0,
        esc(c.y_title)
    );
    // x axis: week numbers.
    let every = if n <= 13 {
        1
    } else if n <= 26 {
        2
    } else if n <= 60 {
        4
    } else {
        n.div_ceil(13)
    };
    for i in 0..n {
        let wk = i + 1;
        if wk == 1 || wk % every == 0 {
            let _ = write!(
                o,
                "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{wk}</text>",
                xc(i),
                top + ph + 16.0
            );
        }
    }
    let _ = write!(
        o,
        "<text class=\"axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">week</text>",
        left + pw / 2.0,
        c.h - 6.0
    );
    // Hover columns: the whole week in one tooltip.
    for (i, total) in totals.iter().enumerate() {
        let mut tip = format!("Week {}", i + 1);
        if let Some(&r) = c.reduced.get(i) {
            if r > 0.005 {
                let _ = write!(tip, " ({} of normal hours)", pct(1.0 - r));
            }
        }
        for s in c.series {
            let v = s.values.get(i).copied().unwrap_or(0.0);
            if v.abs() > 1e-9 {
                let _ = write!(tip, "\n{}: {} {}", s.name, qty(v), c.unit);
            }
        }
        if c.series.len() > 1 {
            let _ = write!(tip, "\ntotal: {} {}", qty(*total), c.unit);
        }
        if let Some(ov) = c.overlay {
            let _ = write!(
                tip,
                "\n{}: {} {}",
                ov.name,
                qty(ov.values.get(i).copied().unwrap_or(0.0)),
                c.unit
            );
        }
        let _ = write!(
            o,
            "<rect class=\"hover\" x=\"{:.1}\" y=\"{top:.1}\" width=\"{band:.2}\" height=\"{ph:.1}\"><title>{}</title></rect>",
            left + band * i as f64,
            esc(&tip)
        );
    }
    // The data.
    if c.areas && n >= 2 {
        let mut base = vec![0.0; n];
        for s in c.series {
            let upper: Vec<f64> = (0..n)
                .map(|i| base[i] + s.values.get(i).copied().unwrap_or(0.0).max(0.0))
                .collect();
            let mut pts = String::new();
            for (i, v) in upper.iter().enumerate() {
                let _ = write!(pts, "{:.1},{:.1} ", xc(i), y(*v));
            }
            for i in (0..n).rev() {
                let _ = write!(pts, "{:.1},{:.1} ", xc(i), y(base[i]));
            }
            let peak = s.values.iter().cloned().fold(0.0, f64::max);
            let _ = write!(
                o,
                "<polygon class=\"s\" points=\"{}\" fill=\"{}\"><title>{}: up to {} {}</title></polygon>",
                pts.trim_end(),
                esc(&s.color),
                esc(&s.name),
                qty(peak),
                esc(c.unit)
            );
            base = upper;
        }
    } else {
        let bw = (band * 0.78).max(1.0);
        for i in 0..n {
            let mut acc = 0.0;
            for s in c.series {
                let v = s.values.get(i).copied().unwrap_or(0.0);
                if v <= 1e-9 {
                    continue;
                }
                let (y0, y1) = (y(acc), y(acc + v));
                let _ = write!(
                    o,
                    "<rect class=\"s\" x=\"{:.1}\" y=\"{y1:.1}\" width=\"{bw:.2}\" height=\"{:.2}\" fill=\"{}\"><title>Week {}: {}: {} {}</title></rect>",
                    xc(i) - bw / 2.0,
                    (y0 - y1).max(0.3),
                    esc(&s.color),
                    i + 1,
                    esc(&s.name),
                    qty(v),
                    esc(c.unit)
                );
                acc += v;
            }
        }
    }
    if let Some(ov) = c.overlay {
        let mut pts = String::new();
        for (i, v) in ov.values.iter().enumerate().take(n) {
            let _ = write!(pts, "{:.1},{:.1} ", xc(i), y(*v));
        }
        let _ = write!(
            o,
            "<polyline class=\"overlay\" points=\"{}\" stroke=\"{}\"/>",
            pts.trim_end(),
            esc(&ov.color)
        );
        for (i, v) in ov.values.iter().enumerate().take(n) {
            let _ = write!(
                o,
                "<circle class=\"overlay-pt\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.6\" fill=\"{}\"><title>Week {}: {}: {} {}</title></circle>",
                xc(i),
                y(*v),
                esc(&ov.color),
                i + 1,
                esc(&ov.name),
                qty(*v),
                esc(c.unit)
            );
        }
    }
    if let Some((r, label)) = &c.reference {
        let yy = y(*r);
        let _ = write!(
            o,
            "<line class=\"reference\" x1=\"{left:.1}\" x2=\"{:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\"><title>{}</title></line><text class=\"ref-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left + pw,
            esc(label),
            left + pw - 4.0,
            yy - 5.0,
            esc(label)
        );
    }
    let _ = write!(
        o,
        "<line class=\"axis\" x1=\"{left:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/><line class=\"axis\" x1=\"{left:.1}\" x2=\"{left:.1}\" y1=\"{top:.1}\" y2=\"{:.1}\"/>",
        left + pw,
        y(0.0),
        y(0.0),
        top + ph
    );
    o.push_str("</svg>");
    o
}

/// One segment of a horizontal bar.
struct Seg {
    value: f64,
    color: String,
    tip: String,
}

/// A horizontal bar: segments stacked from zero (negative ones to the left), a text at its
/// end, and an optional target marker.
struct Bar {
    segs: Vec<Seg>,
    text: String,
    target: Option<(f64, String)>,
}

/// A row: a label above one or more bars.
struct Row {
    label: String,
    tip: String,
    bars: Vec<Bar>,
}

/// Horizontal bars. Row labels stand above their bars (long names stay readable) or, with
/// `labels_left`, in a column on the left (short labels, one bar per row). With `percent`,
/// values are shares and the axis ends at 100 % unless a value is larger.
fn bar_chart(
    label: &str,
    rows: &[Row],
    w: f64,
    x_title: &str,
    percent: bool,
    labels_left: bool,
) -> String {
    let (bar_h, bar_gap, row_gap) = (15.0, 3.0, 9.0);
    let label_h = if labels_left { 0.0 } else { 17.0 };
    let label_w = if labels_left {
        let longest = rows
            .iter()
            .map(|r| r.label.chars().count())
            .max()
            .unwrap_or(0) as f64;
        (longest * 7.0 + 24.0).min(0.4 * w)
    } else {
        0.0
    };
    let mut lo: f64 = 0.0;
    let mut hi: f64 = 0.0;
    for b in rows.iter().flat_map(|r| &r.bars) {
        let pos: f64 = b.segs.iter().map(|s| s.value.max(0.0)).sum();
        let neg: f64 = b.segs.iter().map(|s| s.value.min(0.0)).sum();
        hi = hi.max(pos);
        lo = lo.min(neg);
        if let Some((t, _)) = &b.target {
            hi = hi.max(*t);
            lo = lo.min(*t);
        }
    }
    // Room for the texts at the bars' ends: in the right margin for shares, else by widening
    // the domain.
    let longest_text = rows
        .iter()
        .flat_map(|r| &r.bars)
        .map(|b| b.text.chars().count())
        .max()
        .unwrap_or(0) as f64;
    let (sc, right) = if percent {
        (
            Scale::nice(lo.min(0.0), hi.max(1.0), 5.0),
            longest_text * 6.6 + 14.0,
        )
    } else {
        let span = (hi - lo).max(1e-9);
        let pad = 0.1 + (longest_text * 6.6 / w).min(0.3);
        let dlo = if lo < 0.0 { lo - pad * span } else { lo };
        let dhi = if hi > 0.0 || lo >= 0.0 {
            hi + pad * span
        } else {
            hi
        };
        (Scale::nice(dlo, dhi, 6.0), 18.0)
    };
    let (left, top, bottom) = (14.0 + label_w, 8.0, 40.0);
    let pw = w - left - right;
    let x = |v: f64| left + pw * sc.at(v);
    let rows_h: f64 = rows
        .iter()
        .map(|r| label_h + r.bars.len() as f64 * (bar_h + bar_gap) + row_gap)
        .sum();
    let h = top + rows_h + bottom;
    let plot_bottom = top + rows_h;
    let mut o = String::new();
    svg_open(&mut o, w, h, label);
    o.push_str("<g class=\"grid\">");
    for t in sc.ticks() {
        let xx = x(t);
        let _ = write!(
            o,
            "<line x1=\"{xx:.1}\" x2=\"{xx:.1}\" y1=\"{top:.1}\" y2=\"{plot_bottom:.1}\"/><text class=\"tick\" x=\"{xx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            plot_bottom + 15.0,
            sc.label(t, percent)
        );
    }
    o.push_str("</g>");
    let _ = write!(
        o,
        "<text class=\"axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        left + pw / 2.0,
        h - 6.0,
        esc(x_title)
    );
    let mut yy = top;
    for r in rows {
        let (lx, ly) = if labels_left {
            (14.0, yy + bar_h - 3.0)
        } else {
            (x(0.0).max(left) + 4.0, yy + 12.5)
        };
        let _ = write!(
            o,
            "<text class=\"row-label\" x=\"{lx:.1}\" y=\"{ly:.1}\"><title>{}</title>{}</text>",
            esc(&r.tip),
            esc(&r.label)
        );
        yy += label_h;
        for b in &r.bars {
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
                    "<rect class=\"s\" x=\"{:.1}\" y=\"{yy:.1}\" width=\"{:.2}\" height=\"{bar_h:.1}\" fill=\"{}\"><title>{}</title></rect>",
                    x(a),
                    (x(z) - x(a)).max(0.5),
                    esc(&s.color),
                    esc(&s.tip)
                );
            }
            let (end, anchor, dx) = if pos <= 0.0 && neg < 0.0 {
                (x(neg), "end", -5.0)
            } else {
                (x(pos), "start", 5.0)
            };
            let _ = write!(
                o,
                "<text class=\"bar-text\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
                end + dx,
                yy + bar_h - 3.5,
                esc(&b.text)
            );
            if let Some((t, tip)) = &b.target {
                let _ = write!(
                    o,
                    "<line class=\"target\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"><title>{}</title></line>",
                    x(*t),
                    x(*t),
                    yy - 3.0,
                    yy + bar_h + 3.0,
                    esc(tip)
                );
            }
            yy += bar_h + bar_gap;
        }
        yy += row_gap;
    }
    let _ = write!(
        o,
        "<line class=\"axis\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{top:.1}\" y2=\"{plot_bottom:.1}\"/>",
        x(0.0),
        x(0.0)
    );
    o.push_str("</svg>");
    o
}

/// A point of a scatter plot.
struct Pt {
    x: f64,
    y: f64,
    color: String,
    tip: String,
}

/// A scatter plot; `x_cats` names the categories when x is an index into them.
#[allow(clippy::too_many_arguments)]
fn scatter(
    label: &str,
    pts: &[Pt],
    x_cats: Option<&[String]>,
    x_title: &str,
    y_title: &str,
    y_percent: bool,
    w: f64,
    h: f64,
) -> String {
    let (left, right, top, bottom) = (78.0, 16.0, 12.0, 44.0);
    let (pw, ph) = (w - left - right, h - top - bottom);
    let ys = pts.iter().map(|p| p.y);
    let (ylo, yhi) = (
        ys.clone().fold(f64::INFINITY, f64::min),
        ys.fold(f64::NEG_INFINITY, f64::max),
    );
    let (ylo, yhi) = if pts.is_empty() {
        (0.0, 1.0)
    } else {
        let pad = 0.06 * (yhi - ylo);
        (ylo - pad, yhi + pad)
    };
    let sy = Scale::nice(ylo, yhi, 5.0);
    let y = |v: f64| top + ph * (1.0 - sy.at(v));
    let (sx, band) = match x_cats {
        Some(c) => (None, pw / c.len().max(1) as f64),
        None => {
            let xs = pts.iter().map(|p| p.x);
            let (a, b) = (
                xs.clone().fold(f64::INFINITY, f64::min),
                xs.fold(f64::NEG_INFINITY, f64::max),
            );
            let (a, b) = if pts.is_empty() {
                (0.0, 1.0)
            } else {
                let pad = 0.05 * (b - a);
                (a - pad, b + pad)
            };
            (Some(Scale::nice(a, b, 6.0)), 0.0)
        }
    };
    let x = |v: f64| match sx {
        Some(s) => left + pw * s.at(v),
        None => left + band * (v + 0.5),
    };
    let mut o = String::new();
    svg_open(&mut o, w, h, label);
    o.push_str("<g class=\"grid\">");
    for t in sy.ticks() {
        let yy = y(t);
        let _ = write!(
            o,
            "<line x1=\"{left:.1}\" x2=\"{:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\"/><text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left + pw,
            left - 6.0,
            yy + 4.0,
            sy.label(t, y_percent)
        );
    }
    match (sx, x_cats) {
        (Some(s), _) => {
            for t in s.ticks() {
                let xx = x(t);
                let _ = write!(
                    o,
                    "<line x1=\"{xx:.1}\" x2=\"{xx:.1}\" y1=\"{top:.1}\" y2=\"{:.1}\"/><text class=\"tick\" x=\"{xx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                    top + ph,
                    top + ph + 16.0,
                    s.label(t, false)
                );
            }
        }
        (None, Some(cats)) => {
            let every = cats.len().div_ceil(12).max(1);
            for (i, c) in cats.iter().enumerate() {
                if i % every == 0 {
                    let short: String = c.chars().take(14).collect();
                    let _ = write!(
                        o,
                        "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\"><title>{}</title>{}</text>",
                        x(i as f64),
                        top + ph + 16.0,
                        esc(c),
                        esc(&short)
                    );
                }
            }
        }
        (None, None) => {}
    }
    o.push_str("</g>");
    let _ = write!(
        o,
        "<text class=\"axis-title\" transform=\"translate(14 {:.1}) rotate(-90)\" text-anchor=\"middle\">{}</text><text class=\"axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        top + ph / 2.0,
        esc(y_title),
        left + pw / 2.0,
        h - 6.0,
        esc(x_title)
    );
    let _ = write!(
        o,
        "<rect class=\"frame\" x=\"{left:.1}\" y=\"{top:.1}\" width=\"{pw:.1}\" height=\"{ph:.1}\"/>"
    );
    for p in pts {
        let _ = write!(
            o,
            "<circle class=\"pt\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"{}\"><title>{}</title></circle>",
            x(p.x),
            y(p.y),
            esc(&p.color),
            esc(&p.tip)
        );
    }
    o.push_str("</svg>");
    o
}

// ---------------------------------------------------------------------------------------------
// Page

const CSS: &str = r#"
:root{--fg:#24292f;--muted:#57606a;--line:#d0d7de;--bg:#f3f5f7;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans","DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
header{background:#fff;border-bottom:1px solid var(--line)}
.wrap{max-width:1320px;margin:0 auto;padding:18px 28px}
main.wrap{padding-top:4px;padding-bottom:40px}
h1{font-size:24px;margin:0 0 2px}
h2{font-size:16.5px;margin:0 0 2px}
h3{font-size:14px;margin:14px 0 4px}
.sub,.note,.meta{color:var(--muted)}
.note{font-size:12.5px;margin:0 0 6px}
.meta{font-size:12.5px;margin-top:8px}
.badges{margin-top:10px}
.badge{display:inline-block;padding:2px 11px;border-radius:12px;font-weight:600;font-size:13px;margin:0 6px 4px 0;border:1px solid transparent}
.badge.ok{background:#dafbe1;color:var(--ok);border-color:#aceebb}
.badge.bad{background:#ffebe9;color:var(--bad);border-color:#ffcecb}
.badge.warn{background:#fff8c5;color:var(--warn);border-color:#f5e08a}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px;margin:16px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.card .k{color:var(--muted);font-size:11.5px;text-transform:uppercase;letter-spacing:.04em}
.card .v{font-size:22px;font-weight:650;white-space:nowrap}
.card .t{color:var(--muted);font-size:12.5px}
.card.ok{border-left:4px solid var(--ok)}
.card.bad{border-left:4px solid var(--bad)}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:16px 0;break-inside:avoid}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:16px;margin:16px 0}
.grid2>section{margin:0}
@media (max-width:1000px){.grid2{grid-template-columns:1fr}}
.banner{padding:14px 18px;border-radius:8px;margin:16px 0;font-size:15px;background:#fff}
.banner.bad{background:#ffebe9;border:1px solid #ff8182}
.banner.warn{background:#fff8c5;border:1px solid #d4a72c}
.legend{display:flex;flex-wrap:wrap;gap:3px 16px;font-size:12.5px;margin:4px 0 6px}
.legend span{white-space:nowrap}
.legend i{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px;border-radius:2px;background:var(--c)}
.legend i.line{height:0;border-top:2.5px solid var(--c);border-radius:0;background:none;vertical-align:3px;width:16px}
.legend i.dash{height:0;border-top:2px dashed var(--c);border-radius:0;background:none;vertical-align:3px;width:18px}
.legend i.shade{background:#9aa4ae;opacity:.4}
.legend i.target{width:3px;height:14px;background:var(--c);border-radius:0;vertical-align:-2px}
svg.chart{width:100%;height:auto;display:block;overflow:visible}
svg.chart text{font-size:12px;fill:#3d444d}
svg.chart .axis-title{font-size:12px;fill:var(--muted)}
svg.chart .row-label{font-size:12.5px;fill:var(--fg)}
svg.chart .bar-text{font-size:11.5px;fill:#3d444d}
svg.chart .ref-label{font-size:11.5px;fill:#3d444d}
svg.chart .grid line{stroke:#e6e9ed;stroke-width:1}
svg.chart .axis{stroke:#8c959f;stroke-width:1}
svg.chart .frame{fill:none;stroke:#d0d7de}
svg.chart .reduced{fill:#9aa4ae}
svg.chart .hover{fill:transparent}
svg.chart .hover:hover{fill:rgba(84,174,255,.10)}
svg.chart .s{stroke:#fff;stroke-width:.5}
svg.chart polygon.s{fill-opacity:.88}
svg.chart .s:hover,svg.chart .pt:hover{opacity:.75}
svg.chart .overlay{fill:none;stroke-width:1.8}
svg.chart .reference{stroke:#3d444d;stroke-width:1.5;stroke-dasharray:6 4}
svg.chart .target{stroke:#24292f;stroke-width:3}
svg.chart .pt{stroke:#fff;stroke-width:1;fill-opacity:.9}
.tablewrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px;font-variant-numeric:tabular-nums}
th,td{padding:4px 8px;border-bottom:1px solid #eaeef2;text-align:right;white-space:nowrap}
th{font-weight:600;color:var(--muted);border-bottom:1px solid var(--line)}
th.l,td.l{text-align:left}
td.bad{color:var(--bad);font-weight:600}
footer{color:var(--muted);font-size:12px;text-align:center;padding:8px 0 24px}
@media print{body{background:#fff}section,.card{border-color:#bbb}.grid2{grid-template-columns:1fr 1fr}}
"#;

/// Records script errors, blocked loads and the number of charts laid out, as attributes of
/// `<html>` (`data-errors`, `data-charts-rendered`), for automated checks of the page.
const SCRIPT: &str = "(function(){var d=document.documentElement;function rec(m){d.setAttribute('data-errors',(d.getAttribute('data-errors')||'')+m+'\\n');}\
window.addEventListener('error',function(e){rec(e.message||('cannot load '+((e.target&&(e.target.src||e.target.href))||'a resource')));},true);\
document.addEventListener('securitypolicyviolation',function(e){rec('blocked '+e.blockedURI);});\
window.addEventListener('load',function(){var n=0;document.querySelectorAll('svg.chart').forEach(function(s){var b=s.getBBox();if(b.width>0&&b.height>0)n++;});d.setAttribute('data-charts-rendered',String(n));});})();";

fn page_start(o: &mut String, title: &str) {
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
<meta name=\"generator\" content=\"triplan {}\">\n<title>{}</title>\n<script>{SCRIPT}</script>\n<style>{CSS}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        esc(title)
    );
}

fn page_end(o: &mut String, charts: bool) {
    let _ = write!(
        o,
        "<footer>Written by triplan {}: a self-contained page{}.</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        if charts {
            "; hover over a chart for its numbers"
        } else {
            ""
        }
    );
}

fn card(o: &mut String, id: &str, key: &str, value: &str, text: &str, class: &str) {
    let _ = write!(
        o,
        "<div class=\"card {class}\" id=\"kpi-{id}\"><div class=\"k\">{}</div><div class=\"v\">{}</div><div class=\"t\">{}</div></div>",
        esc(key),
        esc(value),
        esc(text)
    );
}

fn section_start(o: &mut String, id: &str, title: &str, note: &str) {
    let _ = write!(
        o,
        "<section id=\"{id}\"><h2>{}</h2><p class=\"note\">{}</p>",
        esc(title),
        esc(note)
    );
}

fn no_plan_reason(st: Status) -> &'static str {
    match st {
        Status::Infeasible => "The model is infeasible: no plan meets every constraint. Run triplan validate on the instance, then relax a target, a contract or a capacity.",
        Status::Unbounded => "The model is unbounded: a price or a cost makes unlimited profit possible.",
        Status::InfeasibleOrUnbounded => "The model is infeasible or unbounded (the solver did not say which).",
        _ => "A limit was hit before a feasible plan was found (raise --time-limit).",
    }
}

/// The HTML report of a run: one self-contained page (inline CSS and SVG, no network) with
/// the status, the checker's verdict and key figures, then charts of the plan week by week
/// (tonnage per line, staff hours, storage levels), tonnage per outlet, recovery and recycling
/// rates against targets, the cost breakdown, and tables of the figures. Without a plan the
/// page says why.
pub fn html(inst: &Instance, s: &Solved) -> String {
    let p = &inst.plant;
    let mut o = String::new();
    page_start(&mut o, &format!("{} — {}", p.name, inst.name));
    let status = status_name(s.status);
    let (status_class, status_text) = match s.status {
        Status::Optimal => ("ok", "optimal plan".to_string()),
        Status::Feasible => (
            "warn",
            "feasible plan (a limit stopped the solver)".to_string(),
        ),
        Status::Rejected => ("bad", "plan rejected by the checker".to_string()),
        _ => ("bad", format!("no plan: {}", status.replace('_', " "))),
    };
    let _ = write!(
        o,
        "<header><div class=\"wrap\"><h1>{}</h1><div class=\"sub\">{} · {} weeks · plant report</div><div class=\"badges\" id=\"status\" data-status=\"{}\"><span class=\"badge {status_class}\">{}</span>",
        esc(&p.name),
        esc(&inst.name),
        inst.weeks,
        esc(&status),
        esc(&status_text)
    );
    match &s.check {
        Some(c) if c.passed => o.push_str(
            "<span class=\"badge ok\" id=\"checker\" data-passed=\"true\">checker: passed</span>",
        ),
        Some(c) => {
            let _ = write!(
                o,
                "<span class=\"badge bad\" id=\"checker\" data-passed=\"false\">checker: REJECTED ({} violations)</span>",
                c.violation_count
            );
        }
        None => {
            o.push_str("<span class=\"badge warn\" id=\"checker\">checker: no plan to check</span>")
        }
    }
    if s.relaxed {
        o.push_str(
            "<span class=\"badge warn\">LP relaxation: truck trips may be fractional</span>",
        );
    }
    o.push_str("</div>");
    let gap = s
        .mip_gap
        .map(|g| format!(", MIP gap {g:.1e}"))
        .unwrap_or_default();
    let checked = s
        .check
        .as_ref()
        .map(|c| {
            format!(
                " · checker: largest violation {:.1e} over {} checks",
                c.max_violation,
                num(c.checks as f64, 0)
            )
        })
        .unwrap_or_default();
    let _ = write!(
        o,
        "<div class=\"meta\">Model: {} variables, {} constraints, {} integer · solved by {} ({}{}) in {:.1} s{}</div></div></header>\n<main class=\"wrap\">\n",
        num(s.model.variables as f64, 0),
        num(s.model.constraints as f64, 0),
        num(s.model.integer_variables as f64, 0),
        esc(s.backend.name()),
        esc(&s.solver_status),
        gap,
        s.timings.build + s.timings.solve + s.timings.check,
        checked
    );

    let Some(plan) = &s.plan else {
        let _ = write!(
            o,
            "<div class=\"banner bad\" id=\"no-plan\"><strong>No plan.</strong> {}</div>",
            esc(no_plan_reason(s.status))
        );
        o.push_str("</main>\n");
        page_end(&mut o, false);
        return o;
    };
    let (k, costs) = match &s.check {
        Some(c) => (c.kpis.clone(), c.costs.clone()),
        None => (
            crate::kpi::kpis(inst, plan),
            crate::check::costs(inst, plan),
        ),
    };
    if let Some(c) = s.check.as_ref().filter(|c| !c.passed) {
        let _ = write!(
            o,
            "<div class=\"banner bad\" id=\"checker-failed\"><strong>The independent checker rejected this plan</strong>: {} violations, the largest {:.2e} (scaled). Do not use it before the cause is found.<div class=\"tablewrap\"><table><tr><th class=\"l\">check</th><th class=\"l\">at</th><th>amount</th></tr>",
            c.violation_count, c.max_violation
        );
        for v in c.violations.iter().take(20) {
            let _ = write!(
                o,
                "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{:.3e}</td></tr>",
                esc(v.check),
                esc(&v.at),
                v.amount
            );
        }
        o.push_str("</table></div></div>");
    }
    cards(&mut o, inst, s, &k, &costs);
    charts(&mut o, inst, plan, &k, &costs);
    figures(&mut o, inst, &k);
    o.push_str("</main>\n");
    page_end(&mut o, true);
    o
}

fn cards(o: &mut String, inst: &Instance, s: &Solved, k: &Kpis, costs: &Costs) {
    let p = &inst.plant;
    o.push_str("<div class=\"cards\" id=\"key-figures\">");
    card(
        o,
        "objective",
        "Net cost of the plan",
        &format!("{} EUR", eur(s.objective.unwrap_or(costs.total))),
        &format!(
            "costs {} less sales {} and state aid {}",
            eur(costs.total + costs.revenue + costs.state_aid),
            eur(costs.revenue),
            eur(costs.state_aid)
        ),
        "",
    );
    card(
        o,
        "collected",
        "Tonnage collected",
        &format!("{} t", qty(k.supply_t)),
        &format!("{} t processed on the lines", qty(k.processed_t)),
        "",
    );
    let ext_share = if k.supply_t > 0.0 {
        k.external_t / k.supply_t
    } else {
        0.0
    };
    card(
        o,
        "external",
        "External contractor",
        &format!("{} t", qty(k.external_t)),
        &format!("{} of the tonnage collected", pct(ext_share)),
        if k.external_t > 1e-6 { "bad" } else { "ok" },
    );
    let meets = |v: Option<f64>, t: Option<f64>| match (v, t) {
        (Some(v), Some(t)) if v + 1e-9 >= t => "ok",
        (_, Some(_)) => "bad",
        _ => "",
    };
    card(
        o,
        "recovery",
        "Recovery rate",
        &opt_pct(k.recovery_rate),
        &p.recovery_target
            .map_or("no plant-wide target".into(), |t| {
                format!("target {}", pct(t))
            }),
        meets(k.recovery_rate, p.recovery_target),
    );
    card(
        o,
        "recycling",
        "Recycling rate",
        &opt_pct(k.recycling_rate),
        &p.recycling_target
            .map_or("no plant-wide target".into(), |t| {
                format!("target {}", pct(t))
            }),
        meets(k.recycling_rate, p.recycling_target),
    );
    card(
        o,
        "insertion",
        "Insertion share of hours",
        &opt_pct(k.insertion_share),
        &format!(
            "least {} of production hours",
            pct(p.social.insertion_share_min)
        ),
        meets(k.insertion_share, Some(p.social.insertion_share_min)),
    );
    card(
        o,
        "headcount",
        "Insertion headcount",
        &qty(k.insertion_headcount),
        &format!(
            "{}{} full-time equivalents",
            p.social
                .funded_posts
                .map(|f| format!("of {} funded posts · ", qty(f)))
                .unwrap_or_default(),
            qty(k.insertion_fte)
        ),
        "",
    );
    let sup = &k.staff[StaffKind::Supervisor.index()];
    let ins = &k.staff[StaffKind::Insertion.index()];
    if ins.worked_h > 0.0 {
        card(
            o,
            "supervision",
            "Supervision",
            &if sup.worked_h > 0.0 {
                format!("1 per {}", num(ins.worked_h / sup.worked_h, 1))
            } else {
                "none".into()
            },
            &format!(
                "insertion hours per supervisor hour; rule 1 per {}",
                num(p.social.insertion_workers_per_supervisor, 1)
            ),
            "",
        );
    }
    let total_head: f64 = k.staff.iter().map(|s| s.headcount).sum();
    card(
        o,
        "staff",
        "Staff",
        &format!("{} persons", qty(total_head)),
        &k.staff
            .iter()
            .filter(|s| s.headcount > 1e-9)
            .map(|s| format!("{} {}", s.kind.name(), qty(s.headcount)))
            .collect::<Vec<_>>()
            .join(" · "),
        "",
    );
    o.push_str("</div>\n");
}

fn charts(o: &mut String, inst: &Instance, plan: &Plan, k: &Kpis, costs: &Costs) {
    let p = &inst.plant;
    let nt = inst.weeks;
    let reduced: Vec<f64> = (0..nt)
        .map(|t| {
            let n = p.sites.len().max(1) as f64;
            (1.0 - inst.availability.column(t).sum() / n).clamp(0.0, 1.0)
        })
        .collect();
    let any_reduced = reduced.iter().any(|&r| r > 0.005);

    // Tonnage per line and week.
    let per_line: Array2<f64> = plan.processed_t.sum_axis(Axis(2)).sum_axis(Axis(1));
    let mut series: Vec<Series> = p
        .lines
        .iter()
        .enumerate()
        .map(|(l, line)| Series {
            name: line.named.name.clone(),
            color: String::new(),
            values: per_line.row(l).to_vec(),
        })
        .collect();
    paint(&mut series);
    let mut series = limit(series, PALETTE.len());
    let ext: Vec<f64> = plan.external_t.sum_axis(Axis(1)).sum_axis(Axis(0)).to_vec();
    if ext.iter().sum::<f64>() > 1e-6 {
        series.push(Series {
            name: "external contractor (not processed)".into(),
            color: "#5a5a5a".into(),
            values: ext,
        });
    }
    let collected = Series {
        name: "collected".into(),
        color: INK.into(),
        values: inst.supply_t.sum_axis(Axis(1)).sum_axis(Axis(0)).to_vec(),
    };
    section_start(
        o,
        "tonnage",
        "Tonnage processed per line, per week",
        &format!(
            "Stacked bars: tonnes processed on each line; line: tonnes collected. {} t processed, {} t collected over {} weeks.{}",
            qty(k.processed_t),
            qty(k.supply_t),
            nt,
            if any_reduced { " Shaded weeks have reduced hours (calendar)." } else { "" }
        ),
    );
    let mut items = series_legend(&series);
    items.push(("collected".into(), INK.into(), Mark::Line));
    if any_reduced {
        items.push(("reduced hours".into(), String::new(), Mark::Shade));
    }
    o.push_str(&legend(&items));
    o.push_str(&weekly_chart(&Weekly {
        label: "Tonnage processed per line, per week",
        series: &series,
        areas: false,
        overlay: Some(&collected),
        reference: None,
        reduced: &reduced,
        y_title: "tonnes per week",
        unit: "t",
        w: 1200.0,
        h: 360.0,
    }));
    o.push_str("</section>\n");

    // Staff hours per kind and week.
    let prod: Array2<f64> = plan.line_hours.sum_axis(Axis(2)).sum_axis(Axis(1));
    let sup: Vec<f64> = plan
        .supervisor_h
        .sum_axis(Axis(1))
        .sum_axis(Axis(0))
        .to_vec();
    let staff: Vec<Series> = StaffKind::ALL
        .iter()
        .map(|&kind| Series {
            name: kind.name().into(),
            color: kind_color(kind).into(),
            values: if kind == StaffKind::Supervisor {
                sup.clone()
            } else {
                prod.row(kind.index()).to_vec()
            },
        })
        .filter(|s| s.values.iter().sum::<f64>() > 1e-6)
        .collect();
    let worked: f64 = k.staff.iter().map(|s| s.worked_h).sum();
    section_start(
        o,
        "staff",
        "Staff hours per week",
        &format!(
            "Hours worked on the lines by permanent, insertion and temporary staff, and supervision hours. {} h worked over the horizon.",
            qty(worked)
        ),
    );
    let mut items = series_legend(&staff);
    if any_reduced {
        items.push(("reduced hours".into(), String::new(), Mark::Shade));
    }
    o.push_str(&legend(&items));
    o.push_str(&weekly_chart(&Weekly {
        label: "Staff hours per week",
        series: &staff,
        areas: false,
        overlay: None,
        reference: None,
        reduced: &reduced,
        y_title: "hours per week",
        unit: "h",
        w: 1200.0,
        h: 320.0,
    }));
    o.push_str("</section>\n<div class=\"grid2\">");

    // Hours per shift.
    let rows: Vec<Row> = p
        .shifts
        .iter()
        .enumerate()
        .map(|(h, sh)| {
            let segs: Vec<Seg> = k
                .staff
                .iter()
                .filter(|st| st.worked_h > 1e-6)
                .map(|st| Seg {
                    value: st.worked_h_by_shift[h],
                    color: kind_color(st.kind).into(),
                    tip: format!(
                        "{}: {}: {} h",
                        sh.named.name,
                        st.kind.name(),
                        qty(st.worked_h_by_shift[h])
                    ),
                })
                .collect();
            let total: f64 = segs.iter().map(|s| s.value).sum();
            Row {
                label: sh.named.name.clone(),
                tip: format!(
                    "{} ({} h per normal week, premium {})",
                    sh.named.name,
                    num(sh.hours_per_week, 1),
                    pct(sh.wage_premium)
                ),
                bars: vec![Bar {
                    segs,
                    text: format!("{} h", qty(total)),
                    target: None,
                }],
            }
        })
        .collect();
    section_start(
        o,
        "shifts",
        "Staff hours per shift",
        "Hours worked over the horizon in each shift, by kind of staff.",
    );
    o.push_str(&legend(&series_legend(&staff)));
    o.push_str(&bar_chart(
        "Staff hours per shift",
        &rows,
        580.0,
        "hours over the horizon",
        false,
        false,
    ));
    o.push_str("</section>");

    // Line utilisation.
    let rows: Vec<Row> = k
        .lines
        .iter()
        .zip(&p.lines)
        .map(|(l, line)| Row {
            label: line.named.name.clone(),
            tip: format!("{} ({})", line.named.name, line.named.id),
            bars: vec![Bar {
                segs: vec![Seg {
                    value: l.utilisation,
                    color: if l.utilisation > 0.95 {
                        "#e15759".into()
                    } else {
                        "#4e79a7".into()
                    },
                    tip: format!(
                        "{}: {} t in {} line-hours of {} available",
                        line.named.name,
                        qty(l.processed_t),
                        qty(l.hours),
                        qty(l.available_h)
                    ),
                }],
                text: format!("{} · {} t", pct(l.utilisation), qty(l.processed_t)),
                target: None,
            }],
        })
        .collect();
    section_start(
        o,
        "lines",
        "Line utilisation",
        "Line-hours run over line-hours available (shift hours times availability); the text gives the tonnes processed.",
    );
    o.push_str(&bar_chart(
        "Line utilisation",
        &rows,
        580.0,
        "share of available line-hours",
        true,
        false,
    ));
    o.push_str("</section></div>\n<div class=\"grid2\">");

    // Storage levels.
    let intake: Array2<f64> = plan.intake_stock_t.sum_axis(Axis(0));
    let mut iseries: Vec<Series> = p
        .streams
        .iter()
        .enumerate()
        .map(|(j, st)| Series {
            name: st.named.name.clone(),
            color: String::new(),
            values: intake.row(j).to_vec(),
        })
        .filter(|s| s.values.iter().any(|&v| v > 1e-9))
        .collect();
    paint(&mut iseries);
    let iseries = limit(iseries, PALETTE.len());
    let icap: f64 = p.sites.iter().map(|s| s.intake_capacity_t).sum();
    storage(
        o,
        "intake-stock",
        "Intake storage",
        "stream",
        &iseries,
        icap,
        &reduced,
    );
    let out: Array2<f64> = plan.output_stock_t.sum_axis(Axis(0));
    let mut by_cat = vec![vec![0.0; nt]; p.categories.len()];
    for (q, &(_, c)) in p.lots.iter().enumerate() {
        for t in 0..nt {
            by_cat[c.0][t] += out[[q, t]];
        }
    }
    let mut oseries: Vec<Series> = p
        .categories
        .iter()
        .zip(by_cat)
        .map(|(c, values)| Series {
            name: c.named.name.clone(),
            color: String::new(),
            values,
        })
        .filter(|s| s.values.iter().any(|&v| v > 1e-9))
        .collect();
    paint(&mut oseries);
    let oseries = limit(oseries, PALETTE.len());
    let ocap: f64 = p.sites.iter().map(|s| s.output_capacity_t).sum();
    storage(
        o,
        "output-stock",
        "Output storage",
        "category",
        &oseries,
        ocap,
        &reduced,
    );
    o.push_str("</div>\n<div class=\"grid2\">");

    // Outlets.
    let mut order: Vec<usize> = (0..p.outlets.len()).collect();
    order.sort_by(|&a, &b| k.shipped_t[b].1.total_cmp(&k.shipped_t[a].1));
    let rows: Vec<Row> = order
        .iter()
        .map(|&o_| {
            let out = &p.outlets[o_];
            let (tname, color) = treatment(out.treatment);
            let t = k.shipped_t[o_].1;
            Row {
                label: out.named.name.clone(),
                tip: format!(
                    "{} ({}): {}, counts {} recycled and {} recovered",
                    out.named.name,
                    out.named.id,
                    tname,
                    pct(out.recycled_share),
                    pct(out.recovered_share)
                ),
                bars: vec![Bar {
                    segs: vec![Seg {
                        value: t,
                        color: color.into(),
                        tip: format!("{} ({tname}): {} t", out.named.name, qty(t)),
                    }],
                    text: format!("{} t", qty(t)),
                    target: None,
                }],
            }
        })
        .collect();
    let shipped: f64 = k.shipped_t.iter().map(|x| x.1).sum();
    section_start(
        o,
        "outlets",
        "Tonnage sent to each outlet",
        &format!(
            "Tonnes shipped over the horizon, coloured by the outlet's treatment; {} t in all.",
            qty(shipped)
        ),
    );
    let mut seen = Vec::new();
    for out in &p.outlets {
        let (name, color) = treatment(out.treatment);
        if !seen
            .iter()
            .any(|(n, _, _): &(String, String, Mark)| n == name)
        {
            seen.push((name.to_string(), color.to_string(), Mark::Box));
        }
    }
    o.push_str(&legend(&seen));
    o.push_str(&bar_chart(
        "Tonnage sent to each outlet",
        &rows,
        580.0,
        "tonnes over the horizon",
        false,
        false,
    ));
    o.push_str("</section>");

    // Recovery and recycling against targets.
    let (rec_c, cyc_c) = ("#4e79a7", "#59a14f");
    let rows: Vec<Row> = k
        .categories
        .iter()
        .map(|r| {
            let bar = |what: &str, v: Option<f64>, t: Option<f64>, color: &str, amount: f64| {
                let below = matches!((v, t), (Some(v), Some(t)) if v + 1e-9 < t);
                Bar {
                    segs: vec![Seg {
                        value: v.unwrap_or(0.0),
                        color: if below {
                            "#e15759".into()
                        } else {
                            color.into()
                        },
                        tip: format!(
                            "{}: {what} {} ({} t of {} t accountable){}",
                            r.name,
                            opt_pct(v),
                            qty(amount),
                            qty(r.accountable_t),
                            t.map(|t| format!(", target {}", pct(t)))
                                .unwrap_or_default()
                        ),
                    }],
                    text: format!(
                        "{}{}",
                        opt_pct(v),
                        t.map(|t| format!(" (target {})", pct(t)))
                            .unwrap_or_default()
                    ),
                    target: t.map(|t| (t, format!("{what} target: {}", pct(t)))),
                }
            };
            Row {
                label: r.name.clone(),
                tip: format!(
                    "{} ({}): {} t processed, {} t external",
                    r.name,
                    r.id,
                    qty(r.processed_t),
                    qty(r.external_t)
                ),
                bars: vec![
                    bar(
                        "recovery",
                        r.recovery_rate,
                        r.recovery_target,
                        rec_c,
                        r.recovered_t,
                    ),
                    bar(
                        "recycling",
                        r.recycling_rate,
                        r.recycling_target,
                        cyc_c,
                        r.recycled_t,
                    ),
                ],
            }
        })
        .collect();
    section_start(
        o,
        "recovery",
        "Recovery and recycling rates against targets",
        "Share of the accountable tonnage (processed, external and opening output stock) counted as recovered and as recycled; the black mark is the target. Red: below target.",
    );
    o.push_str(&legend(&[
        ("recovery".into(), rec_c.into(), Mark::Box),
        ("recycling".into(), cyc_c.into(), Mark::Box),
        ("target".into(), INK.into(), Mark::Target),
    ]));
    o.push_str(&bar_chart(
        "Recovery and recycling rates against targets",
        &rows,
        580.0,
        "share of accountable tonnage",
        true,
        false,
    ));
    o.push_str("</section></div>\n");

    // Costs.
    let (cost_c, gain_c) = ("#e15759", "#59a14f");
    let items = [
        ("staff (paid hours)", costs.staff),
        ("shift premiums", costs.shift_premiums),
        ("line running", costs.line_running),
        ("inbound transport", costs.inbound_transport),
        ("outbound transport", costs.outbound_transport),
        ("truck trips", costs.truck_trips),
        ("storage holding", costs.holding),
        ("external contractor", costs.external),
        ("sales to outlets (net of fees)", -costs.revenue),
        ("state aid, insertion posts", -costs.state_aid),
        ("net cost (objective)", costs.total),
    ];
    let rows: Vec<Row> = items
        .iter()
        .enumerate()
        .map(|(i, &(name, v))| {
            let color = if i + 1 == items.len() {
                INK
            } else if v < 0.0 {
                gain_c
            } else {
                cost_c
            };
            Row {
                label: name.into(),
                tip: name.into(),
                bars: vec![Bar {
                    segs: vec![Seg {
                        value: v,
                        color: color.into(),
                        tip: format!("{name}: {} EUR", eur(v)),
                    }],
                    text: format!("{} EUR", eur(v)),
                    target: None,
                }],
            }
        })
        .collect();
    section_start(
        o,
        "costs",
        "Costs over the horizon",
        "Each cost term as recomputed by the checker; sales and state aid reduce the cost and are drawn negative. The last bar is their sum, the objective.",
    );
    o.push_str(&legend(&[
        ("cost".into(), cost_c.into(), Mark::Box),
        ("revenue or aid".into(), gain_c.into(), Mark::Box),
        ("net cost".into(), INK.into(), Mark::Box),
    ]));
    o.push_str(&bar_chart(
        "Costs over the horizon",
        &rows,
        1200.0,
        "EUR over the horizon",
        false,
        true,
    ));
    o.push_str("</section>\n");
}

fn storage(
    o: &mut String,
    id: &str,
    title: &str,
    by: &str,
    series: &[Series],
    cap: f64,
    reduced: &[f64],
) {
    let max = (0..reduced.len())
        .map(|t| series.iter().map(|s| s.values[t]).sum::<f64>())
        .fold(0.0, f64::max);
    let show_cap = cap > 0.0 && max >= 0.2 * cap;
    let note = if series.is_empty() {
        format!("No stock held. Capacity {} t.", qty(cap))
    } else {
        format!(
            "Tonnes in store at the end of each week, by {by}; highest {} t, capacity {} t{}.",
            qty(max),
            qty(cap),
            if show_cap {
                " (dashed line)"
            } else {
                ", above the chart's scale"
            }
        )
    };
    section_start(o, id, title, &note);
    if series.is_empty() {
        o.push_str("</section>");
        return;
    }
    let mut items = series_legend(series);
    if show_cap {
        items.push(("capacity".into(), "#3d444d".into(), Mark::Dash));
    }
    o.push_str(&legend(&items));
    o.push_str(&weekly_chart(&Weekly {
        label: title,
        series,
        areas: true,
        overlay: None,
        reference: show_cap.then(|| (cap, format!("capacity {} t", qty(cap)))),
        reduced,
        y_title: "tonnes at end of week",
        unit: "t",
        w: 580.0,
        h: 300.0,
    }));
    o.push_str("</section>");
}

fn figures(o: &mut String, inst: &Instance, k: &Kpis) {
    let p = &inst.plant;
    section_start(
        o,
        "figures",
        "Figures",
        "The numbers behind the charts, over the whole horizon.",
    );
    o.push_str("<h3>Lines</h3><div class=\"tablewrap\"><table><tr><th class=\"l\">line</th><th class=\"l\">id</th><th>tonnes</th><th>line-hours</th><th>available h</th><th>utilisation</th></tr>");
    for (l, line) in k.lines.iter().zip(&p.lines) {
        let _ = write!(
            o,
            "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&line.named.name),
            esc(&l.id),
            qty(l.processed_t),
            qty(l.hours),
            qty(l.available_h),
            pct(l.utilisation)
        );
    }
    o.push_str("</table></div><h3>Staff</h3><div class=\"tablewrap\"><table><tr><th class=\"l\">kind</th><th>headcount</th><th>paid h</th><th>worked h</th>");
    for sh in &p.shifts {
        let _ = write!(o, "<th>{} h</th>", esc(&sh.named.name));
    }
    o.push_str("</tr>");
    for st in &k.staff {
        let _ = write!(
            o,
            "<tr><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td>",
            st.kind.name(),
            qty(st.headcount),
            qty(st.paid_h),
            qty(st.worked_h)
        );
        for h in &st.worked_h_by_shift {
            let _ = write!(o, "<td>{}</td>", qty(*h));
        }
        o.push_str("</tr>");
    }
    o.push_str("</table></div><h3>Recovery and recycling</h3><div class=\"tablewrap\"><table><tr><th class=\"l\">category</th><th>processed t</th><th>external t</th><th>accountable t</th><th>recovered t</th><th>recovery</th><th>target</th><th>recycled t</th><th>recycling</th><th>target</th></tr>");
    for r in &k.categories {
        let cls = |v: Option<f64>, t: Option<f64>| match (v, t) {
            (Some(v), Some(t)) if v + 1e-9 < t => " class=\"bad\"",
            _ => "",
        };
        let _ = write!(
            o,
            "<tr><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td{}>{}</td><td>{}</td><td>{}</td><td{}>{}</td><td>{}</td></tr>",
            esc(&r.name),
            qty(r.processed_t),
            qty(r.external_t),
            qty(r.accountable_t),
            qty(r.recovered_t),
            cls(r.recovery_rate, r.recovery_target),
            opt_pct(r.recovery_rate),
            opt_pct(r.recovery_target),
            qty(r.recycled_t),
            cls(r.recycling_rate, r.recycling_target),
            opt_pct(r.recycling_rate),
            opt_pct(r.recycling_target)
        );
    }
    o.push_str("</table></div></section>\n");
}

// ---------------------------------------------------------------------------------------------
// Sweeps

/// The KPIs charted against each parameter: column, title, axis title, percent.
const SWEEP_KPIS: [(&str, &str, &str, bool); 4] = [
    ("objective_eur", "Net cost", "net cost (EUR)", false),
    ("recovery_rate", "Recovery rate", "recovery rate", true),
    (
        "insertion_share",
        "Insertion share",
        "insertion share of hours",
        true,
    ),
    (
        "external_t",
        "External tonnage",
        "external contractor (tonnes)",
        false,
    ),
];

/// Parses a parameter cell: a number, or a scale factor written `x1.5`.
fn param_value(s: &str) -> Option<f64> {
    let t = s.trim();
    t.strip_prefix('x').unwrap_or(t).parse::<f64>().ok()
}

/// The HTML report of a sweep, from its `summary.csv`: counts of solved, infeasible and
/// failed scenarios, scatter plots of the main KPIs (net cost, recovery rate, insertion share,
/// external tonnage) against each varied parameter (the columns between `hash` and `status`),
/// and the summary as a table. One self-contained page, like [`html`].
pub fn sweep_html(summary_csv: &Path) -> Result<String, crate::Error> {
    let problem = |msg: String| {
        crate::Error::Input(crate::InputError::one(crate::Problem::file(
            summary_csv,
            msg,
        )))
    };
    let mut r = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(summary_csv)
        .map_err(|e| match e.into_kind() {
            csv::ErrorKind::Io(source) => crate::Error::Io {
                path: summary_csv.to_path_buf(),
                source,
            },
            other => problem(format!("cannot read it as CSV: {other:?}")),
        })?;
    let header: Vec<String> = r
        .headers()
        .map_err(|e| problem(format!("cannot read its header: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(hash), Some(status)) = (col("hash"), col("status")) else {
        return Err(problem(
            "expected a sweep summary: columns id,name,hash, the parameters, then status, ..."
                .into(),
        ));
    };
    if status < hash {
        return Err(problem("expected the column `hash` before `status`".into()));
    }
    let params: Vec<usize> = (hash + 1..status).collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| problem(format!("line {}: {e}", i + 2)))?;
        rows.push(rec.iter().map(str::to_string).collect());
    }
    let cell = |row: &Vec<String>, c: Option<usize>| -> String {
        c.and_then(|c| row.get(c).cloned()).unwrap_or_default()
    };
    let (id_c, name_c, passed_c) = (col("id"), col("name"), col("check_passed"));
    let solved = |row: &Vec<String>| {
        matches!(row[status].as_str(), "optimal" | "feasible") && cell(row, passed_c) != "false"
    };
    let infeasible = |row: &Vec<String>| {
        matches!(
            row[status].as_str(),
            "infeasible" | "unbounded" | "infeasible_or_unbounded"
        )
    };
    let n_solved = rows.iter().filter(|r| solved(r)).count();
    let n_infeasible = rows.iter().filter(|r| infeasible(r)).count();
    let n_failed = rows.len() - n_solved - n_infeasible;
    let dir_name = summary_csv
        .parent()
        .and_then(|d| d.file_name())
        .map(|d| d.to_string_lossy().to_string())
        .unwrap_or_else(|| "sweep".into());

    let mut o = String::new();
    page_start(&mut o, &format!("Sweep {dir_name}"));
    let _ = write!(
        o,
        "<header><div class=\"wrap\"><h1>Sweep: {}</h1><div class=\"sub\">{} · {} scenarios · {} varied parameters</div><div class=\"badges\" id=\"counts\"><span class=\"badge ok\">{} solved</span><span class=\"badge {}\">{} infeasible</span><span class=\"badge {}\">{} failed</span></div></div></header>\n<main class=\"wrap\">\n",
        esc(&dir_name),
        esc(&summary_csv.display().to_string()),
        rows.len(),
        params.len(),
        n_solved,
        if n_infeasible > 0 { "warn" } else { "ok" },
        n_infeasible,
        if n_failed > 0 { "bad" } else { "ok" },
        n_failed
    );

    // Each parameter against each KPI; without parameters, each scenario.
    let scenario_label = |row: &Vec<String>| {
        let name = cell(row, name_c);
        if name.is_empty() {
            format!("scenario {}", cell(row, id_c))
        } else {
            name
        }
    };
    let axes: Vec<Option<usize>> = if params.is_empty() {
        vec![None]
    } else {
        params.iter().map(|&c| Some(c)).collect()
    };
    for axis in &axes {
        let title = axis.map_or("scenario".to_string(), |c| header[c].clone());
        let id = format!("param-{}", axis.map_or(0, |c| c - hash));
        // x values: numbers when every value given parses, else categories in order.
        let raw: Vec<String> = rows
            .iter()
            .map(|r| match axis {
                Some(c) => r[*c].clone(),
                None => scenario_label(r),
            })
            .collect();
        let given: Vec<&String> = raw.iter().filter(|v| !v.trim().is_empty()).collect();
        let numeric =
            axis.is_some() && !given.is_empty() && given.iter().all(|v| param_value(v).is_some());
        let mut cats: Vec<String> = Vec::new();
        if !numeric {
            for v in &given {
                if !cats.contains(v) {
                    cats.push((*v).clone());
                }
            }
        }
        let factor = numeric && given.iter().all(|v| v.trim().starts_with('x'));
        let x_title = if factor {
            format!("{title} (scale factor)")
        } else {
            title.clone()
        };
        // Colour by the other parameter that takes the most values (2 to 10) among the
        // scenarios shown.
        let shown: Vec<usize> = (0..rows.len())
            .filter(|&i| !raw[i].trim().is_empty())
            .collect();
        let distinct = |c: usize| {
            let mut d: Vec<&String> = shown.iter().map(|&i| &rows[i][c]).collect();
            d.sort();
            d.dedup();
            d.len()
        };
        let colour_by = params
            .iter()
            .copied()
            .filter(|&c| Some(c) != *axis && (2..=PALETTE.len()).contains(&distinct(c)))
            .max_by_key(|&c| (distinct(c), std::cmp::Reverse(c)));
        let mut groups: Vec<String> = Vec::new();
        if let Some(c) = colour_by {
            for &i in &shown {
                if !groups.contains(&rows[i][c]) {
                    groups.push(rows[i][c].clone());
                }
            }
        }
        let with_plan = shown.iter().filter(|&&i| solved(&rows[i])).count();
        let no_value = raw.len() - given.len();
        let _ = write!(
            o,
            "<section id=\"{id}\" class=\"param\"><h2>Against {}</h2><p class=\"note\">{}{}</p>",
            esc(&title),
            if colour_by.is_some() {
                "Points coloured by another parameter. "
            } else {
                ""
            },
            if no_value > 0 && axis.is_some() {
                format!(
                    "{} {} this parameter at its base value and {} not shown.",
                    plural(no_value, "scenario"),
                    if no_value == 1 { "leaves" } else { "leave" },
                    if no_value == 1 { "is" } else { "are" }
                )
            } else {
                String::new()
            }
        );
        if with_plan == 0 {
            o.push_str("<p class=\"banner warn\">No scenario that sets this parameter has a plan: nothing to chart.</p></section>\n");
            continue;
        }
        if let Some(c) = colour_by {
            let items: Vec<(String, String, Mark)> = groups
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    (
                        format!("{} = {}", header[c], if g.is_empty() { "base" } else { g }),
                        PALETTE[i % PALETTE.len()].to_string(),
                        Mark::Box,
                    )
                })
                .collect();
            o.push_str(&legend(&items));
        }
        o.push_str("<div class=\"grid2\">");
        for (kcol, ktitle, ytitle, percent) in SWEEP_KPIS {
            let Some(kc) = col(kcol) else { continue };
            let mut pts = Vec::new();
            let mut missing = 0;
            for (r, xr) in rows.iter().zip(&raw) {
                if xr.trim().is_empty() {
                    continue;
                }
                let Ok(yv) = r[kc].trim().parse::<f64>() else {
                    missing += 1;
                    continue;
                };
                let xv = if numeric {
                    param_value(xr).unwrap_or(0.0)
                } else {
                    cats.iter().position(|c| c == xr).unwrap_or(0) as f64
                };
                let color = match colour_by {
                    Some(c) => {
                        let g = groups.iter().position(|g| g == &r[c]).unwrap_or(0);
                        PALETTE[g % PALETTE.len()].to_string()
                    }
                    None => PALETTE[0].to_string(),
                };
                let shown = if percent {
                    pct(yv)
                } else {
                    num(yv, if yv.abs() >= 100.0 { 0 } else { 2 })
                };
                let mut tip = format!("{}\n{title} = {xr}\n{ktitle}: {shown}", scenario_label(r));
                for &pc in &params {
                    if Some(pc) != *axis && !r[pc].is_empty() {
                        let _ = write!(tip, "\n{} = {}", header[pc], r[pc]);
                    }
                }
                pts.push(Pt {
                    x: xv,
                    y: yv,
                    color,
                    tip,
                });
            }
            let _ = write!(
                o,
                "<div class=\"plot\" data-kpi=\"{kcol}\"><h3>{ktitle}</h3>{}",
                if missing > 0 {
                    format!(
                        "<p class=\"note\">{} without a plan not shown.</p>",
                        plural(missing, "scenario")
                    )
                } else {
                    String::new()
                }
            );
            o.push_str(&scatter(
                &format!("{ktitle} against {title}"),
                &pts,
                (!numeric).then_some(&cats[..]),
                &x_title,
                ytitle,
                percent,
                580.0,
                300.0,
            ));
            o.push_str("</div>");
        }
        o.push_str("</div></section>\n");
    }

    // The table.
    const MAX_ROWS: usize = 5000;
    let _ = write!(
        o,
        "<section id=\"summary-table\"><h2>Summary</h2><p class=\"note\">{}</p><div class=\"tablewrap\"><table><tr>",
        if rows.len() > MAX_ROWS {
            format!("The first {MAX_ROWS} of {} scenarios; all are in summary.csv.", rows.len())
        } else {
            format!("{} scenarios, as in summary.csv.", rows.len())
        }
    );
    // Text columns align left, numbers right.
    let text_col: Vec<bool> = (0..header.len())
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .any(|v| !v.is_empty() && v.parse::<f64>().is_err())
        })
        .collect();
    for (c, h) in header.iter().enumerate() {
        let class = if text_col[c] { " class=\"l\"" } else { "" };
        let _ = write!(o, "<th{class}>{}</th>", esc(h));
    }
    o.push_str("</tr>");
    for r in rows.iter().take(MAX_ROWS) {
        o.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let class = if i == status && !solved(r) {
                " class=\"l bad\""
            } else if text_col[i] {
                " class=\"l\""
            } else {
                ""
            };
            let _ = write!(o, "<td{class}>{}</td>", esc(c));
        }
        o.push_str("</tr>");
    }
    o.push_str("</table></div></section>\n</main>\n");
    page_end(&mut o, true);
    Ok(o)
}

/// The report of an investment comparison (`comparison.csv` written by `triplan compare`):
/// NPV of every option set under every future, expected NPV, maximum regret, insertion jobs,
/// and the table.
pub fn comparison_html(comparison_csv: &Path) -> Result<String, crate::Error> {
    let problem = |msg: String| {
        crate::Error::Input(crate::InputError::one(crate::Problem::file(
            comparison_csv,
            msg,
        )))
    };
    let mut r = csv::Reader::from_path(comparison_csv).map_err(|e| match e.into_kind() {
        csv::ErrorKind::Io(source) => crate::Error::Io {
            path: comparison_csv.to_path_buf(),
            source,
        },
        other => problem(format!("cannot read it as CSV: {other:?}")),
    })?;
    let header: Vec<String> = r
        .headers()
        .map_err(|e| problem(format!("cannot read its header: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(set), Some(expected), Some(regret), Some(choice)) = (
        col("set"),
        col("expected_npv_eur"),
        col("max_regret_eur"),
        col("choice"),
    ) else {
        return Err(problem(
            "expected a comparison: columns set, npv_eur_<future>..., expected_npv_eur, max_regret_eur, choice".into(),
        ));
    };
    let futures: Vec<(usize, String)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.strip_prefix("npv_eur_").map(|f| (i, f.to_string())))
        .collect();
    let fte: Vec<(usize, String)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            h.strip_prefix("insertion_fte_years_")
                .map(|f| (i, f.to_string()))
        })
        .collect();
    let mut recs: Vec<Vec<String>> = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| problem(format!("bad row: {e}")))?;
        recs.push(rec.iter().map(str::to_string).collect());
    }
    let val = |row: &[String], i: usize| row.get(i).and_then(|v| v.parse::<f64>().ok());
    const COLORS: [&str; 6] = [
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1",
    ];

    let mut o = String::new();
    page_start(&mut o, "Investment comparison");
    let _ = write!(
        o,
        "<header><div class=\"wrap\"><h1>Investment comparison</h1><div class=\"sub\">{} option sets under {} futures · NPV against the status quo (positive: the investment pays)</div></div></header>\n<main class=\"wrap\">\n",
        recs.len(),
        futures.len()
    );
    if let Some(best) = recs
        .iter()
        .find(|r| r.get(choice).is_some_and(|c| !c.is_empty()))
    {
        let _ = write!(o, "<div class=\"cards\">");
        card(
            &mut o,
            "choice",
            "Min-max regret choice: expected NPV",
            &format!("{} EUR", eur(val(best, expected).unwrap_or(0.0))),
            &format!(
                "{} ({})",
                best[set],
                best.get(choice).map(String::as_str).unwrap_or("")
            ),
            "good",
        );
        let _ = write!(o, "</div>");
    }
    let npv_rows: Vec<Row> = recs
        .iter()
        .map(|row| Row {
            label: row[set].clone(),
            tip: row[set].clone(),
            bars: futures
                .iter()
                .enumerate()
                .map(|(k, (i, f))| {
                    let v = val(row, *i).unwrap_or(0.0) / 1000.0;
                    Bar {
                        segs: vec![Seg {
                            value: v,
                            color: COLORS[k % COLORS.len()].into(),
                            tip: format!("{} under {f}: {} kEUR", row[set], num(v, 0)),
                        }],
                        text: format!("{f}: {} k", num(v, 0)),
                        target: None,
                    }
                })
                .collect(),
        })
        .collect();
    section_start(
        &mut o,
        "npv",
        "NPV of each option set under each future",
        "kEUR, present value, against the status quo.",
    );
    o.push_str(&legend(
        &futures
            .iter()
            .enumerate()
            .map(|(k, (_, f))| (f.clone(), COLORS[k % COLORS.len()].to_string(), Mark::Box))
            .collect::<Vec<_>>(),
    ));
    o.push_str(&bar_chart(
        "NPV per option set and future",
        &npv_rows,
        1100.0,
        "kEUR",
        false,
        false,
    ));
    o.push_str("</section>");

    let regret_rows: Vec<Row> = recs
        .iter()
        .map(|row| {
            let e = val(row, expected).unwrap_or(0.0) / 1000.0;
            let g = val(row, regret).unwrap_or(0.0) / 1000.0;
            Row {
                label: row[set].clone(),
                tip: row[set].clone(),
                bars: vec![
                    Bar {
                        segs: vec![Seg {
                            value: e,
                            color: "#59a14f".into(),
                            tip: format!("{}: expected NPV {} kEUR", row[set], num(e, 0)),
                        }],
                        text: format!("expected {} k", num(e, 0)),
                        target: None,
                    },
                    Bar {
                        segs: vec![Seg {
                            value: g,
                            color: "#e15759".into(),
                            tip: format!("{}: maximum regret {} kEUR", row[set], num(g, 0)),
                        }],
                        text: format!("max regret {} k", num(g, 0)),
                        target: None,
                    },
                ],
            }
        })
        .collect();
    section_start(
        &mut o,
        "regret",
        "Expected NPV and maximum regret",
        "Regret: how much less than the best set of a future the set yields in that future (kEUR); the min-max regret choice has the smallest maximum.",
    );
    o.push_str(&bar_chart(
        "Expected NPV and maximum regret",
        &regret_rows,
        1100.0,
        "kEUR",
        false,
        false,
    ));
    o.push_str("</section>");

    if let Some((i, f)) = fte.first() {
        let rows: Vec<Row> = recs
            .iter()
            .map(|row| {
                let v = val(row, *i).unwrap_or(0.0);
                Row {
                    label: row[set].clone(),
                    tip: row[set].clone(),
                    bars: vec![Bar {
                        segs: vec![Seg {
                            value: v,
                            color: "#f28e2b".into(),
                            tip: format!("{}: {} insertion FTE-years ({f})", row[set], num(v, 1)),
                        }],
                        text: format!("{} FTE-years", num(v, 1)),
                        target: None,
                    }],
                }
            })
            .collect();
        section_start(
            &mut o,
            "jobs",
            "Insertion jobs",
            &format!("Insertion full-time-equivalent years over the study, future {f}."),
        );
        o.push_str(&bar_chart(
            "Insertion FTE-years",
            &rows,
            1100.0,
            "FTE-years",
            false,
            true,
        ));
        o.push_str("</section>");
    }

    section_start(
        &mut o,
        "table",
        "The comparison table",
        "As in comparison.csv.",
    );
    o.push_str("<div class=\"tablewrap\"><table><thead><tr>");
    for h in &header {
        let _ = write!(o, "<th>{}</th>", esc(h));
    }
    o.push_str("</tr></thead><tbody>");
    for row in &recs {
        o.push_str("<tr>");
        for c in row {
            let _ = write!(o, "<td>{}</td>", esc(c));
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table></div></section></main>");
    page_end(&mut o, true);
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape_html("<script>alert(1)</script> & \"x\" 'y'"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;"
        );
        assert_eq!(escape_html("plain é"), "plain é");
    }

    #[test]
    fn numbers_have_separators() {
        assert_eq!(num(21574.04, 0), "21,574");
        assert_eq!(num(-2665868.2, 0), "-2,665,868");
        assert_eq!(num(999.95, 1), "1,000.0");
        assert_eq!(num(-0.01, 1), "0.0");
        assert_eq!(num(f64::NAN, 1), "-");
        assert_eq!(pct(0.92), "92.0\u{a0}%");
    }

    #[test]
    fn scales_are_round() {
        let s = Scale::nice(0.0, 437.0, 5.0);
        assert_eq!((s.lo, s.hi, s.step), (0.0, 500.0, 100.0));
        assert_eq!(s.ticks().len(), 6);
        let s = Scale::nice(0.0, 0.0, 5.0);
        assert!(s.hi > s.lo);
        let s = Scale::nice(-2.9e6, 4.1e6, 6.0);
        assert!(s.lo <= -2.9e6 && s.hi >= 4.1e6);
        assert_eq!(Scale::nice(0.0, 1.0, 5.0).label(0.2, true), "20\u{a0}%");
        assert_eq!(Scale::nice(0.0, 1.0, 4.0).label(0.25, false), "0.25");
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
        let l = limit(s, 10);
        assert_eq!(l.len(), 10);
        assert_eq!(l[0].name, "s3");
        assert_eq!(l[9].name, "3 others");
        assert_eq!(l[9].values, vec![3.0, 3.0]);
    }

    #[test]
    fn parameter_values_parse() {
        assert_eq!(param_value("x1.5"), Some(1.5));
        assert_eq!(param_value("100"), Some(100.0));
        assert_eq!(param_value(""), None);
        assert_eq!(param_value("abc"), None);
    }
}
