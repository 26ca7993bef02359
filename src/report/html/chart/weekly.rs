//! A chart over weeks: stacked bars or stacked areas, an optional line on top, an optional
//! dashed reference level, shaded weeks of reduced hours, and one tooltip per week. When the
//! weeks are on the calendar, the x axis gives each labelled week's Monday (`6 Jan`, the year
//! under the first label and wherever it changes) and the tooltips the ISO week and date.

use super::{svg_open, Scale, Series};
use crate::dates::Date;
use crate::report::html::format::{esc, pct, qty};
use std::fmt::Write;

/// A dashed horizontal level with its label (e.g. a storage capacity).
pub(crate) struct Reference {
    pub value: f64,
    pub label: String,
}

/// A chart over weeks: stacked bars or stacked areas, with an optional line on top (e.g.
/// tonnage collected), an optional dashed reference level (e.g. storage capacity) and shaded
/// weeks of reduced hours.
pub(crate) struct Weekly<'a> {
    pub label: &'a str,
    pub series: &'a [Series],
    pub areas: bool,
    pub overlay: Option<&'a Series>,
    pub reference: Option<Reference>,
    /// Per week, the share of normal hours lost (0: a normal week); empty: none.
    pub reduced: &'a [f64],
    pub y_title: &'a str,
    pub unit: &'a str,
    pub w: f64,
    pub h: f64,
    /// Where the weeks fall: week 1's Monday, and the weeks already past.
    pub calendar: WeekCalendar,
}

/// Where a weekly chart's weeks fall: the Monday week 1 starts on (the instance's
/// `first_monday`; `None`: weeks by number), and the weeks 1..=past whose figures are actuals
/// (a re-plan), divided from the plan by a line at the end of week `past` (0: none).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WeekCalendar {
    pub first_monday: Option<Date>,
    pub past: usize,
}

impl WeekCalendar {
    /// The calendar of an instance's weeks.
    pub fn of(inst: &crate::plant::Instance) -> WeekCalendar {
        WeekCalendar {
            first_monday: inst.first_monday,
            past: inst.actuals.as_ref().map_or(0, |a| a.past.min(inst.weeks)),
        }
    }
}

/// Where a weekly chart's plot lies in the SVG, and its y scale.
struct Frame {
    /// Weeks (at least 1).
    n: usize,
    left: f64,
    top: f64,
    /// Plot width and height.
    pw: f64,
    ph: f64,
    /// Width of one week.
    band: f64,
    sc: Scale,
}

impl Frame {
    fn new(c: &Weekly, totals: &[f64]) -> Frame {
        let n = totals.len();
        // Dates take a second line under the ticks (the year).
        let bottom = if c.calendar.first_monday.is_some() {
            54.0
        } else {
            42.0
        };
        let (left, right, top) = (66.0, 14.0, 14.0);
        let (pw, ph) = (c.w - left - right, c.h - top - bottom);
        let mut max = totals.iter().cloned().fold(0.0, f64::max);
        if let Some(ov) = c.overlay {
            max = ov.values.iter().cloned().fold(max, f64::max);
        }
        if let Some(r) = &c.reference {
            max = max.max(r.value);
        }
        Frame {
            n,
            left,
            top,
            pw,
            ph,
            band: pw / n as f64,
            sc: Scale::nice(0.0, max, 5.0),
        }
    }
    /// The y coordinate of a value.
    fn y(&self, v: f64) -> f64 {
        self.top + self.ph * (1.0 - self.sc.at(v))
    }
    /// The x coordinate of the middle of week `i` (from 0).
    fn xc(&self, i: usize) -> f64 {
        self.left + self.band * (i as f64 + 0.5)
    }
    /// The x coordinate of the left edge of week `i`.
    fn x0(&self, i: usize) -> f64 {
        self.left + self.band * i as f64
    }
}

/// The chart as SVG.
pub(crate) fn weekly_chart(c: &Weekly) -> String {
    let n = c
        .series
        .first()
        .map(|s| s.values.len())
        .or(c.overlay.map(|s| s.values.len()))
        .unwrap_or(0)
        .max(1);
    let totals: Vec<f64> = (0..n)
        .map(|i| {
            c.series
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0.0).max(0.0))
                .sum()
        })
        .collect();
    let f = Frame::new(c, &totals);
    let mut o = String::new();
    svg_open(&mut o, c.w, c.h, c.label);
    reduced_weeks(&mut o, c, &f);
    y_axis(&mut o, c, &f);
    past_divider(&mut o, c, &f);
    week_axis(&mut o, c, &f);
    hover_columns(&mut o, c, &f, &totals);
    if c.areas && n >= 2 {
        stacked_areas(&mut o, c, &f);
    } else {
        stacked_bars(&mut o, c, &f);
    }
    if let Some(ov) = c.overlay {
        overlay(&mut o, c, &f, ov);
    }
    if let Some(r) = &c.reference {
        reference(&mut o, &f, r);
    }
    let (left, top) = (f.left, f.top);
    let _ = write!(
        o,
        "<line class=\"axis\" x1=\"{left:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/><line class=\"axis\" x1=\"{left:.1}\" x2=\"{left:.1}\" y1=\"{top:.1}\" y2=\"{:.1}\"/>",
        left + f.pw,
        f.y(0.0),
        f.y(0.0),
        top + f.ph
    );
    o.push_str("</svg>");
    o
}

/// The end of the past (a re-plan): a line after week `past`, "actual" to its left and
/// "plan" to its right.
fn past_divider(o: &mut String, c: &Weekly, f: &Frame) {
    let past = c.calendar.past;
    if past == 0 || past >= f.n {
        return;
    }
    let x = f.x0(past);
    let (top, bottom) = (f.top, f.top + f.ph);
    let _ = write!(
        o,
        "<line class=\"now\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{top:.1}\" y2=\"{bottom:.1}\"><title>weeks 1-{past} are actuals, the weeks after them the plan</title></line><text class=\"now\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">actual</text><text class=\"now\" x=\"{:.1}\" y=\"{:.1}\">plan</text>",
        x - 4.0,
        top + 10.0,
        x + 4.0,
        top + 10.0
    );
}

/// Weeks of reduced hours, shaded by the share of hours lost.
fn reduced_weeks(o: &mut String, c: &Weekly, f: &Frame) {
    let (top, band, ph) = (f.top, f.band, f.ph);
    for (i, &r) in c.reduced.iter().enumerate().take(f.n) {
        if r > 0.005 {
            let _ = write!(
                o,
                "<rect class=\"reduced\" x=\"{:.1}\" y=\"{top:.1}\" width=\"{band:.2}\" height=\"{ph:.1}\" fill-opacity=\"{:.2}\"/>",
                f.x0(i),
                0.10 + 0.25 * r.min(1.0)
            );
        }
    }
}

/// Grid lines, tick labels and the title of the y axis.
fn y_axis(o: &mut String, c: &Weekly, f: &Frame) {
    let left = f.left;
    o.push_str("<g class=\"grid\">");
    for t in f.sc.ticks() {
        let yy = f.y(t);
        let _ = write!(
            o,
            "<line x1=\"{left:.1}\" x2=\"{:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\"/><text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left + f.pw,
            left - 6.0,
            yy + 4.0,
            f.sc.label(t, false)
        );
    }
    o.push_str("</g>");
    let _ = write!(
        o,
        "<text class=\"axis-title\" transform=\"translate(14 {:.1}) rotate(-90)\" text-anchor=\"middle\">{}</text>",
        f.top + f.ph / 2.0,
        esc(c.y_title)
    );
}

/// How often a week number is written: every week up to 13 weeks, then every 2nd, 4th, or
/// so that about 13 are.
fn week_label_every(n: usize) -> usize {
    if n <= 13 {
        1
    } else if n <= 26 {
        2
    } else if n <= 60 {
        4
    } else {
        n.div_ceil(13)
    }
}

/// How often a date is written: as often as [`week_label_every`], halved until the labels
/// (`24 Mar`, about 40 px) are at least 48 px apart.
fn date_label_every(n: usize, band: f64) -> usize {
    let mut every = week_label_every(n);
    while every < n && every as f64 * band < 48.0 {
        every *= 2;
    }
    every
}

/// The x axis and its title: the labelled weeks (the first, then every
/// [`week_label_every`]) by number, or by the day and month of their Monday with the year on
/// a second line under the first label and wherever the year changes.
fn week_axis(o: &mut String, c: &Weekly, f: &Frame) {
    let every = match c.calendar.first_monday {
        None => week_label_every(f.n),
        Some(_) => date_label_every(f.n, f.band),
    };
    let y = f.top + f.ph + 16.0;
    let mut year = None;
    for i in 0..f.n {
        let wk = i + 1;
        if wk != 1 && wk % every != 0 {
            continue;
        }
        let x = f.xc(i);
        match c.calendar.first_monday.map(|d| d.add_days(7 * i as i64)) {
            None => {
                let _ = write!(
                    o,
                    "<text class=\"tick\" x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"middle\">{wk}</text>"
                );
            }
            Some(d) => {
                let _ = write!(
                    o,
                    "<text class=\"tick\" x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"middle\">{}",
                    d.day_month()
                );
                if year != Some(d.year) {
                    let _ = write!(o, "<tspan x=\"{x:.1}\" dy=\"13\">{}</tspan>", d.year);
                    year = Some(d.year);
                }
                o.push_str("</text>");
            }
        }
    }
    let _ = write!(
        o,
        "<text class=\"axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        f.left + f.pw / 2.0,
        c.h - 6.0,
        if c.calendar.first_monday.is_some() {
            "week starting"
        } else {
            "week"
        }
    );
}

/// How a tooltip names week `i` (from 0): `Week 3`, or with the calendar
/// `Week 3 · 2014-W04 · Mon 20 Jan 2014`.
fn week_name(c: &Weekly, i: usize) -> String {
    match c.calendar.first_monday.map(|d| d.add_days(7 * i as i64)) {
        None => format!("Week {}", i + 1),
        Some(d) => format!("Week {} · {} · {}", i + 1, d.iso_week(), d.long()),
    }
}

/// The tooltip of week `i`: hours lost, each series, the total and the overlay.
fn week_tip(c: &Weekly, i: usize, total: f64) -> String {
    let mut tip = week_name(c, i);
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
        let _ = write!(tip, "\ntotal: {} {}", qty(total), c.unit);
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
    tip
}

/// Transparent full-height columns: the whole week in one tooltip.
fn hover_columns(o: &mut String, c: &Weekly, f: &Frame, totals: &[f64]) {
    let (top, band, ph) = (f.top, f.band, f.ph);
    for (i, total) in totals.iter().enumerate() {
        let _ = write!(
            o,
            "<rect class=\"hover\" x=\"{:.1}\" y=\"{top:.1}\" width=\"{band:.2}\" height=\"{ph:.1}\"><title>{}</title></rect>",
            f.x0(i),
            esc(&week_tip(c, i, *total))
        );
    }
}

/// Stacked areas, one polygon per series (negative values count as zero).
fn stacked_areas(o: &mut String, c: &Weekly, f: &Frame) {
    let n = f.n;
    let mut base = vec![0.0; n];
    for s in c.series {
        let upper: Vec<f64> = (0..n)
            .map(|i| base[i] + s.values.get(i).copied().unwrap_or(0.0).max(0.0))
            .collect();
        let mut pts = String::new();
        for (i, v) in upper.iter().enumerate() {
            let _ = write!(pts, "{:.1},{:.1} ", f.xc(i), f.y(*v));
        }
        for i in (0..n).rev() {
            let _ = write!(pts, "{:.1},{:.1} ", f.xc(i), f.y(base[i]));
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
}

/// Stacked bars, one rectangle per week and series with a positive value.
fn stacked_bars(o: &mut String, c: &Weekly, f: &Frame) {
    let bw = (f.band * 0.78).max(1.0);
    for i in 0..f.n {
        let mut acc = 0.0;
        for s in c.series {
            let v = s.values.get(i).copied().unwrap_or(0.0);
            if v <= 1e-9 {
                continue;
            }
            let (y0, y1) = (f.y(acc), f.y(acc + v));
            let _ = write!(
                o,
                "<rect class=\"s\" x=\"{:.1}\" y=\"{y1:.1}\" width=\"{bw:.2}\" height=\"{:.2}\" fill=\"{}\"><title>{}: {}: {} {}</title></rect>",
                f.xc(i) - bw / 2.0,
                (y0 - y1).max(0.3),
                esc(&s.color),
                week_name(c, i),
                esc(&s.name),
                qty(v),
                esc(c.unit)
            );
            acc += v;
        }
    }
}

/// A line with a dot per week, each dot with its tooltip.
fn overlay(o: &mut String, c: &Weekly, f: &Frame, ov: &Series) {
    let mut pts = String::new();
    for (i, v) in ov.values.iter().enumerate().take(f.n) {
        let _ = write!(pts, "{:.1},{:.1} ", f.xc(i), f.y(*v));
    }
    let _ = write!(
        o,
        "<polyline class=\"overlay\" points=\"{}\" stroke=\"{}\"/>",
        pts.trim_end(),
        esc(&ov.color)
    );
    for (i, v) in ov.values.iter().enumerate().take(f.n) {
        let _ = write!(
            o,
            "<circle class=\"overlay-pt\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.6\" fill=\"{}\"><title>{}: {}: {} {}</title></circle>",
            f.xc(i),
            f.y(*v),
            esc(&ov.color),
            week_name(c, i),
            esc(&ov.name),
            qty(*v),
            esc(c.unit)
        );
    }
}

/// The dashed reference level, labelled at its right end.
fn reference(o: &mut String, f: &Frame, r: &Reference) {
    let (left, yy) = (f.left, f.y(r.value));
    let _ = write!(
        o,
        "<line class=\"reference\" x1=\"{left:.1}\" x2=\"{:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\"><title>{}</title></line><text class=\"ref-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
        left + f.pw,
        esc(&r.label),
        left + f.pw - 4.0,
        yy - 5.0,
        esc(&r.label)
    );
}

#[cfg(test)]
mod tests {
    use super::super::tests::rects;
    use super::*;

    fn series(name: &str, values: &[f64]) -> Series {
        Series {
            name: name.into(),
            color: "#123456".into(),
            values: values.to_vec(),
        }
    }

    /// A 280 x 156 chart: the plot is 200 x 100 from (66, 14), two weeks of 100 each.
    fn chart<'a>(series: &'a [Series], reduced: &'a [f64], areas: bool) -> Weekly<'a> {
        Weekly {
            label: "test",
            series,
            areas,
            overlay: None,
            reference: None,
            reduced,
            y_title: "tonnes",
            unit: "t",
            w: 280.0,
            h: 156.0,
            calendar: WeekCalendar::default(),
        }
    }

    #[test]
    fn bars_stack_at_known_coordinates() {
        let s = [series("a", &[10.0, 30.0]), series("b", &[10.0, 0.0])];
        let svg = weekly_chart(&chart(&s, &[0.0, 1.0], false));
        // Scale 0..30: y(v) = 14 + 100 (1 - v/30); bars 78 wide, centred on 116 and 216.
        assert_eq!(
            rects(&svg, "s"),
            vec![
                [77.0, 80.7, 78.0, 33.33],
                [77.0, 47.3, 78.0, 33.33],
                [177.0, 14.0, 78.0, 100.0],
            ]
        );
        assert_eq!(rects(&svg, "reduced"), vec![[166.0, 14.0, 100.0, 100.0]]);
        assert!(svg.contains("fill-opacity=\"0.35\""));
        assert_eq!(rects(&svg, "hover").len(), 2);
        assert!(svg.contains("<title>Week 1\na: 10.0 t\nb: 10.0 t\ntotal: 20.0 t</title>"));
        assert!(svg.contains(
            "<title>Week 2 (0.0\u{a0}% of normal hours)\na: 30.0 t\ntotal: 30.0 t</title>"
        ));
        // Ticks 0, 10, 20, 30; week numbers under the bars; the axes meet at (66, 114).
        assert!(svg.contains("text-anchor=\"end\">30</text>"));
        assert!(svg.contains(
            "<text class=\"tick\" x=\"216.0\" y=\"130.0\" text-anchor=\"middle\">2</text>"
        ));
        assert!(svg.ends_with("<line class=\"axis\" x1=\"66.0\" x2=\"266.0\" y1=\"114.0\" y2=\"114.0\"/><line class=\"axis\" x1=\"66.0\" x2=\"66.0\" y1=\"14.0\" y2=\"114.0\"/></svg>"));
    }

    #[test]
    fn areas_stack_and_the_reference_widens_the_scale() {
        let s = [series("a", &[10.0, 30.0])];
        let mut c = chart(&s, &[], true);
        c.reference = Some(Reference {
            value: 60.0,
            label: "capacity".into(),
        });
        let svg = weekly_chart(&c);
        // Scale 0..60: y(10) = 97.3, y(30) = 64, y(0) = 114, y(60) = 14.
        assert!(svg.contains("<polygon class=\"s\" points=\"116.0,97.3 216.0,64.0 216.0,114.0 116.0,114.0\" fill=\"#123456\"><title>a: up to 30.0 t</title></polygon>"));
        assert!(svg.contains("<line class=\"reference\" x1=\"66.0\" x2=\"266.0\" y1=\"14.0\" y2=\"14.0\"><title>capacity</title></line><text class=\"ref-label\" x=\"262.0\" y=\"9.0\" text-anchor=\"end\">capacity</text>"));
        assert!(rects(&svg, "s").is_empty());
        assert!(rects(&svg, "reduced").is_empty());
    }

    #[test]
    fn the_overlay_is_a_line_with_dots() {
        let s = [series("a", &[10.0, 30.0])];
        let ov = series("collected", &[40.0, 20.0]);
        let mut c = chart(&s, &[], false);
        c.overlay = Some(&ov);
        let svg = weekly_chart(&c);
        // Scale 0..40: y(40) = 14, y(20) = 64.
        assert!(svg.contains(
            "<polyline class=\"overlay\" points=\"116.0,14.0 216.0,64.0\" stroke=\"#123456\"/>"
        ));
        assert_eq!(svg.matches("<circle class=\"overlay-pt\"").count(), 2);
        assert!(svg.contains("<title>Week 2\na: 30.0 t\ncollected: 20.0 t</title>"));
    }

    #[test]
    fn dated_weeks_label_the_axis_and_the_tooltips() {
        // Three weeks from Monday 2014-12-22: the year under the first label and at 2015.
        let s = [series("a", &[10.0, 30.0, 20.0])];
        let ov = series("collected", &[40.0, 20.0, 10.0]);
        let mut c = chart(&s, &[], false);
        c.overlay = Some(&ov);
        c.calendar.first_monday = Some(Date::parse("2014-12-22").unwrap());
        c.h = 168.0;
        let svg = weekly_chart(&c);
        // The plot keeps its 100 high with 12 more at the bottom for the year: ticks at 130.
        assert!(svg.contains("<text class=\"tick\" x=\"99.3\" y=\"130.0\" text-anchor=\"middle\">22 Dec<tspan x=\"99.3\" dy=\"13\">2014</tspan></text>"), "{svg}");
        assert!(svg.contains(
            "<text class=\"tick\" x=\"166.0\" y=\"130.0\" text-anchor=\"middle\">29 Dec</text>"
        ));
        assert!(svg.contains("<text class=\"tick\" x=\"232.7\" y=\"130.0\" text-anchor=\"middle\">5 Jan<tspan x=\"232.7\" dy=\"13\">2015</tspan></text>"));
        assert!(svg.contains(">week starting</text>"));
        assert!(!svg.contains(">week</text>"));
        // 2014-12-29 is in ISO week 2015-W01.
        assert!(svg.contains(
            "<title>Week 2 · 2015-W01 · Mon 29 Dec 2014\na: 30.0 t\ncollected: 20.0 t</title>"
        ));
        assert!(svg.contains("<title>Week 3 · 2015-W02 · Mon 5 Jan 2015: a: 20.0 t</title>"));
        assert!(
            svg.contains("<title>Week 1 · 2014-W52 · Mon 22 Dec 2014: collected: 40.0 t</title>")
        );
        // Without the calendar: numbers and "week".
        c.calendar.first_monday = None;
        let svg = weekly_chart(&c);
        assert!(svg.contains(">week</text>") && !svg.contains("tspan") && !svg.contains("W01"));
    }

    #[test]
    fn week_numbers_thin_out() {
        assert_eq!(week_label_every(13), 1);
        assert_eq!(week_label_every(14), 2);
        assert_eq!(week_label_every(52), 4);
        assert_eq!(week_label_every(61), 5);
        assert_eq!(week_label_every(104), 8);
        // Dates need 48 px: a year on 1120 px every 4th week, on 500 px every 8th.
        assert_eq!(date_label_every(52, 1120.0 / 52.0), 4);
        assert_eq!(date_label_every(52, 500.0 / 52.0), 8);
        assert_eq!(date_label_every(3, 200.0 / 3.0), 1);
        assert_eq!(date_label_every(2, 10.0), 2);
    }
}
