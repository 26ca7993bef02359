//! The plan as tidy tables: one row per week and entity, long format, weeks 1-based.
//! Flow tables list the non-zero rows; stock tables list every week.

use crate::plan::Plan;
use crate::plant::*;
use serde_json::Value;
use std::io::Write;
use std::path::Path;

/// Values below this are written as absent (flows) or 0 (stocks).
const ZERO: f64 = 1e-9;

/// A cell: text or number.
#[derive(Debug, Clone)]
pub enum Cell {
    /// An id or a label.
    Text(String),
    /// A number.
    Num(f64),
    /// No value (an empty CSV field, `null` in JSON, a blank cell).
    Empty,
}

/// One tidy table.
#[derive(Debug, Clone)]
pub struct Table {
    /// File stem.
    pub name: &'static str,
    /// Column names, with units.
    pub columns: Vec<&'static str>,
    /// Rows.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub(crate) fn new(name: &'static str, columns: &[&'static str]) -> Self {
        Table {
            name,
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }
    /// Adds the row of a flow `x`, only where it is not zero (flow tables list non-zero rows).
    fn flow(&mut self, x: f64, row: impl FnOnce() -> Vec<Cell>) {
        if x > ZERO {
            self.rows.push(row());
        }
    }
    /// Writes the table as CSV to `path` (atomically, never through a link).
    pub fn write_csv(&self, path: &Path) -> Result<(), crate::Error> {
        crate::output::write_atomic_with(path, |w| self.write_csv_to(w))
    }
    /// Writes the table as CSV ([`crate::csvout`]: quoted and guarded text, plain numbers).
    pub fn write_csv_to(&self, w: &mut impl Write) -> std::io::Result<()> {
        use crate::csvout::{fields, Field};
        w.write_all(fields(self.columns.iter().map(|c| Field::Text(c))).as_bytes())?;
        for r in &self.rows {
            let nums: Vec<String> = r
                .iter()
                .map(|c| match c {
                    Cell::Num(x) => format_num(*x),
                    Cell::Text(_) | Cell::Empty => String::new(),
                })
                .collect();
            let line = fields(r.iter().zip(&nums).map(|(c, n)| match c {
                Cell::Text(s) => Field::Text(s),
                Cell::Num(_) | Cell::Empty => Field::Num(n),
            }));
            w.write_all(line.as_bytes())?;
        }
        Ok(())
    }
    /// The table as a JSON array of records.
    pub fn to_json(&self) -> Value {
        Value::Array(
            self.rows
                .iter()
                .map(|r| {
                    Value::Object(
                        self.columns
                            .iter()
                            .zip(r)
                            .map(|(c, v)| {
                                let v = match v {
                                    Cell::Text(s) => Value::from(s.as_str()),
                                    Cell::Num(x) => Value::from(*x),
                                    Cell::Empty => Value::Null,
                                };
                                (c.to_string(), v)
                            })
                            .collect(),
                    )
                })
                .collect(),
        )
    }
}

fn format_num(x: f64) -> String {
    format!("{}", clean(x))
}

/// A plan's number as the tables give it: rounded to 1e-6, so that solver noise does not show
/// (`61.00000000000052` persons is 61, `-1e-12` t is 0); every table cell, in CSV, JSON and the
/// workbook alike.
pub fn clean(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// A text cell.
pub(super) fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}
/// A number cell, [`clean`]ed.
pub(super) fn n(x: f64) -> Cell {
    Cell::Num(clean(x))
}
fn w(week: usize) -> Cell {
    Cell::Num((week + 1) as f64)
}

/// Every table of a plan. When the instance gives `first_monday`, every weekly table has the
/// week's ISO week (`iso_week`, `2014-W02`) and Monday (`date`, `2014-01-06`) right after
/// `week`.
pub fn tables(inst: &Instance, plan: &Plan) -> Vec<Table> {
    let mut tabs = vec![
        processing(inst, plan),
        staff_hours(inst, plan),
        paid_hours(inst, plan),
        headcount(inst, plan),
        staff_weeks(inst, plan),
        social_balance(inst, &crate::kpi::social(inst, plan)),
        deliveries(inst, plan),
        external(inst, plan),
        intake_stock(inst, plan),
        output_stock(inst, plan),
        shipments(inst, plan),
        trips(inst, plan),
        super::roster::roster(inst, plan),
    ];
    tabs.extend(super::pathways::tables(inst, plan));
    if inst.first_monday.is_some() {
        for tb in &mut tabs {
            dated(inst, tb);
        }
    }
    tabs
}

/// Inserts the `iso_week` and `date` columns after `week` (a table without a `week` column
/// is left as it is). Rows hold their 1-based week as a number in that column.
fn dated(inst: &Instance, tb: &mut Table) {
    let Some(at) = tb.columns.iter().position(|&c| c == "week") else {
        return;
    };
    tb.columns.splice(at + 1..at + 1, ["iso_week", "date"]);
    for r in &mut tb.rows {
        let monday = match r[at] {
            Cell::Num(wk) if wk >= 1.0 => inst.week_monday(wk as usize - 1),
            _ => None,
        };
        let (iso, date) = match monday {
            Some(d) => (t(&d.iso_week().to_string()), t(&d.to_string())),
            None => (Cell::Empty, Cell::Empty),
        };
        r.splice(at + 1..at + 1, [iso, date]);
    }
}

fn site_id(p: &Plant, s: SiteId) -> &str {
    &p.sites[s.0].named.id
}

/// `processing`: tonnes of each stream per line and shift, with the line-hours they take.
fn processing(inst: &Instance, plan: &Plan) -> Table {
    let p = &inst.plant;
    let mut tb = Table::new(
        "processing",
        &[
            "week",
            "site",
            "line",
            "stream",
            "shift",
            "tonnes",
            "line_hours",
        ],
    );
    for tw in 0..inst.weeks {
        for (l, line) in p.lines.iter().enumerate() {
            for (h, shift) in p.shifts.iter().enumerate() {
                for pr in &line.processes {
                    let x = plan.processed_t[[l, pr.stream.0, h, tw]];
                    tb.flow(x, || {
                        vec![
                            w(tw),
                            t(site_id(p, line.site)),
                            t(&line.named.id),
                            t(&p.streams[pr.stream.0].named.id),
                            t(&shift.named.id),
                            n(x),
                            n(x / pr.rate_t_per_h),
                        ]
                    });
                }
            }
        }
    }
    tb
}

/// `staff_hours`: production staff hours per line and shift, then supervisor hours per site
/// (line left empty), week by week.
fn staff_hours(inst: &Instance, plan: &Plan) -> Table {
    let p = &inst.plant;
    let mut tb = Table::new(
        "staff_hours",
        &["week", "site", "line", "shift", "kind", "hours"],
    );
    for tw in 0..inst.weeks {
        for (l, line) in p.lines.iter().enumerate() {
            for (h, shift) in p.shifts.iter().enumerate() {
                for k in StaffKind::PRODUCTION {
                    let hrs = plan.line_hours[[k.index(), l, h, tw]];
                    tb.flow(hrs, || {
                        vec![
                            w(tw),
                            t(site_id(p, line.site)),
                            t(&line.named.id),
                            t(&shift.named.id),
                            t(k.name()),
                            n(hrs),
                        ]
                    });
                }
            }
        }
        for (s, st) in p.sites.iter().enumerate() {
            for (h, shift) in p.shifts.iter().enumerate() {
                let hrs = plan.supervisor_h[[s, h, tw]];
                tb.flow(hrs, || {
                    vec![
                        w(tw),
                        t(&st.named.id),
                        t(""),
                        t(&shift.named.id),
                        t("supervisor"),
                        n(hrs),
                    ]
                });
            }
        }
    }
    tb
}

/// The staff kinds each site employs, as (site index, site, kind).
fn employed(p: &Plant) -> impl Iterator<Item = (usize, &Site, StaffKind)> {
    p.sites.iter().enumerate().flat_map(move |(s, st)| {
        StaffKind::ALL
            .into_iter()
            .filter(move |&k| p.staff(SiteId(s), k).is_some())
            .map(move |k| (s, st, k))
    })
}

/// `paid_hours`: every week of every staff kind a site employs.
fn paid_hours(inst: &Instance, plan: &Plan) -> Table {
    let mut tb = Table::new("paid_hours", &["week", "site", "kind", "paid_hours"]);
    for (s, st, k) in employed(&inst.plant) {
        for tw in 0..inst.weeks {
            tb.rows.push(vec![
                w(tw),
                t(&st.named.id),
                t(k.name()),
                n(plan.paid_h[[s, k.index(), tw]]),
            ]);
        }
    }
    tb
}

/// `headcount`: of every staff kind a site employs.
fn headcount(inst: &Instance, plan: &Plan) -> Table {
    let mut tb = Table::new("headcount", &["site", "kind", "headcount"]);
    for (s, st, k) in employed(&inst.plant) {
        tb.rows.push(vec![
            t(&st.named.id),
            t(k.name()),
            n(plan.headcount[[s, k.index()]]),
        ]);
    }
    tb
}

/// `staff_weeks`: every week of every staff group: persons on the payroll, hires (entries of
/// insertion workers), departures (exits), paid hours, hours worked (on the lines; supervision
/// for supervisors), overtime hours at each premium and FTE (paid hours over
/// `social.full_time_h_per_year`/52). Temporary staff are bought as hours: no persons, hires,
/// departures or overtime (empty cells).
fn staff_weeks(inst: &Instance, plan: &Plan) -> Table {
    let p = &inst.plant;
    let mut tb = Table::new(
        "staff_weeks",
        &[
            "week",
            "site",
            "kind",
            "persons",
            "hires",
            "departures",
            "paid_hours",
            "worked_hours",
            "overtime_hours_1",
            "overtime_hours_2",
            "fte",
        ],
    );
    let fte_week = p.social.fte_h_per_week();
    for tw in 0..inst.weeks {
        for (s, st, k) in employed(p) {
            let ki = k.index();
            let worked: f64 = if k == StaffKind::Supervisor {
                plan.supervisor_h.slice(ndarray::s![s, .., tw]).sum()
            } else {
                (p.lines_at(SiteId(s)).iter())
                    .map(|l| plan.line_hours.slice(ndarray::s![ki, l.0, .., tw]).sum())
                    .sum()
            };
            let payroll = |x: f64| {
                if k == StaffKind::Temporary {
                    Cell::Empty
                } else {
                    n(x)
                }
            };
            let paid = plan.paid_h[[s, ki, tw]];
            tb.rows.push(vec![
                w(tw),
                t(&st.named.id),
                t(k.name()),
                payroll(plan.staff_n[[s, ki, tw]]),
                payroll(plan.hires[[s, ki, tw]]),
                payroll(plan.departures[[s, ki, tw]]),
                n(paid),
                n(worked),
                payroll(plan.overtime_h[[s, ki, 0, tw]]),
                payroll(plan.overtime_h[[s, ki, 1, tw]]),
                n(if fte_week > 0.0 { paid / fte_week } else { 0.0 }),
            ]);
        }
    }
    tb
}

/// `social_balance`: the social balance sheet ([`crate::kpi::SocialKpis`]) as one row per
/// figure: its section, its id, the site and kind it is about (empty: all), its value, the
/// reference it is measured against (agreed posts, aid cap, legal hours; empty: none) and the
/// unit.
fn social_balance(inst: &Instance, b: &crate::kpi::SocialKpis) -> Table {
    let mut tb = Table::new(
        "social_balance",
        &[
            "section",
            "figure",
            "site",
            "kind",
            "value",
            "reference",
            "unit",
        ],
    );
    let opt = |x: Option<f64>| x.map_or(Cell::Empty, n);
    let mut row = |section: &str,
                   figure: &str,
                   site: &str,
                   kind: &str,
                   value: Cell,
                   reference: Cell,
                   unit: &str| {
        tb.rows.push(vec![
            t(section),
            t(figure),
            t(site),
            t(kind),
            value,
            reference,
            t(unit),
        ])
    };
    for st in &b.staff {
        let kind = st.kind.name();
        if let Some(r) = &st.persons {
            row(
                "staff",
                "persons_min",
                "",
                kind,
                n(r.min),
                Cell::Empty,
                "persons",
            );
            row(
                "staff",
                "persons_mean",
                "",
                kind,
                n(r.mean),
                Cell::Empty,
                "persons",
            );
            row(
                "staff",
                "persons_peak",
                "",
                kind,
                n(r.peak),
                Cell::Empty,
                "persons",
            );
        }
        row(
            "staff",
            "paid_hours",
            "",
            kind,
            n(st.paid_h),
            Cell::Empty,
            "h",
        );
        row("staff", "fte", "", kind, n(st.fte), Cell::Empty, "FTE");
    }
    let f = &b.insertion_fte;
    let agreed = opt(f.agreed);
    let peak = f.by_week.iter().cloned().fold(0.0, f64::max);
    row(
        "insertion",
        "fte_used",
        "",
        "insertion",
        n(f.horizon),
        agreed.clone(),
        "FTE",
    );
    row(
        "insertion",
        "fte_used_largest_week",
        "",
        "insertion",
        n(peak),
        agreed,
        "FTE",
    );
    row(
        "insertion",
        "weeks_above_agreed",
        "",
        "insertion",
        n(f.weeks_above_agreed as f64),
        n(inst.weeks as f64),
        "weeks",
    );
    row(
        "insertion",
        "aid_received",
        "",
        "insertion",
        n(b.aid.received_eur),
        opt(b.aid.cap_eur),
        "EUR",
    );
    let w = &b.pathways;
    for (figure, value) in [
        ("opening", w.opening),
        ("opening_unknown_tenure", w.opening_unknown_tenure),
        ("entries", w.entries),
        ("accompanied", w.accompanied),
        ("exits", w.exits),
        ("exits_at_maximum", w.exits_at_maximum),
        ("exits_before_maximum", w.exits_before_maximum),
        ("exits_to_employment", w.exits_to_employment),
        ("on_contract_at_end", w.on_contract_at_end),
    ] {
        row(
            "pathways",
            figure,
            "",
            "insertion",
            n(value),
            Cell::Empty,
            "persons",
        );
    }
    row(
        "pathways",
        "mean_contract_weeks_of_leavers",
        "",
        "insertion",
        opt(w.mean_contract_weeks_of_leavers),
        n(inst.plant.pathway.max_contract_weeks as f64),
        "weeks",
    );
    row(
        "pathways",
        "mean_tenure_at_end_weeks",
        "",
        "insertion",
        opt(w.mean_tenure_at_end_weeks),
        n(inst.plant.pathway.max_contract_weeks as f64),
        "weeks",
    );
    row(
        "support",
        "training_hours",
        "",
        "insertion",
        n(b.training_h),
        Cell::Empty,
        "h",
    );
    row(
        "support",
        "advisers",
        "",
        "insertion",
        n(b.advisers),
        Cell::Empty,
        "persons",
    );
    for g in &b.working_time {
        let (site, kind) = (g.site.as_str(), g.kind.name());
        let limit = g.legal_h_per_person_year + g.quota_h_per_person_year;
        row(
            "working_time",
            "hours_at_work_per_person_year",
            site,
            kind,
            opt(g.worked_h_per_person_year),
            n(limit),
            "h",
        );
        row(
            "working_time",
            "legal_hours_per_person_year",
            site,
            kind,
            n(g.legal_h_per_person_year),
            Cell::Empty,
            "h",
        );
        row(
            "working_time",
            "overtime_hours_per_person_year",
            site,
            kind,
            opt(g.overtime_h_per_person_year),
            n(g.quota_h_per_person_year),
            "h",
        );
        row(
            "working_time",
            "overtime_hours_1",
            site,
            kind,
            n(g.overtime_step1_h),
            Cell::Empty,
            "h",
        );
        row(
            "working_time",
            "overtime_hours_2",
            site,
            kind,
            n(g.overtime_step2_h),
            Cell::Empty,
            "h",
        );
        row(
            "working_time",
            "overtime_premium",
            site,
            kind,
            n(g.overtime_premium_eur),
            Cell::Empty,
            "EUR",
        );
        row(
            "working_time",
            "largest_weekly_hours",
            site,
            kind,
            opt(g.max_weekly_h),
            n(g.max_h_per_week),
            "h",
        );
    }
    tb
}

/// `deliveries`: tonnes of each stream from each area to each site.
fn deliveries(inst: &Instance, plan: &Plan) -> Table {
    let p = &inst.plant;
    let mut tb = Table::new("deliveries", &["week", "area", "site", "stream", "tonnes"]);
    for tw in 0..inst.weeks {
        for (a, area) in p.areas.iter().enumerate() {
            for (s, st) in p.sites.iter().enumerate() {
                for (k, stream) in p.streams.iter().enumerate() {
                    let d = plan.delivered_t[[a, s, k, tw]];
                    tb.flow(d, || {
                        vec![
                            w(tw),
                            t(&area.id),
                            t(&st.named.id),
                            t(&stream.named.id),
                            n(d),
                        ]
                    });
                }
            }
        }
    }
    tb
}

/// `external`: tonnes of each stream a site sends to the external contractor.
fn external(inst: &Instance, plan: &Plan) -> Table {
    let p = &inst.plant;
    let mut tb = Table::new("external", &["week", "site", "stream", "tonnes"]);
    for tw in 0..inst.weeks {
        for (s, st) in p.sites.iter().enumerate() {
            for (k, stream) in p.streams.iter().enumerate() {
                let e = plan.external_t[[s, k, tw]];
                tb.flow(e, || {
                    vec![w(tw), t(&st.named.id), t(&stream.named.id), n(e)]
                });
            }
        }
    }
    tb
}

/// `intake_stock`: every week, at every site, of each stream collected somewhere or held at
/// the site's opening.
fn intake_stock(inst: &Instance, plan: &Plan) -> Table {
    let p = &inst.plant;
    let mut tb = Table::new("intake_stock", &["week", "site", "stream", "tonnes"]);
    for tw in 0..inst.weeks {
        for (s, st) in p.sites.iter().enumerate() {
            for (k, stream) in p.streams.iter().enumerate() {
                if inst.supply_t.slice(ndarray::s![.., k, ..]).sum() > 0.0
                    || p.intake_stock[[s, k]].opening_t > 0.0
                {
                    tb.rows.push(vec![
                        w(tw),
                        t(&st.named.id),
                        t(&stream.named.id),
                        n(plan.intake_stock_t[[s, k, tw]]),
                    ]);
                }
            }
        }
    }
    tb
}

/// `output_stock`: every week, at every site, of every lot.
fn output_stock(inst: &Instance, plan: &Plan) -> Table {
    let p = &inst.plant;
    let mut tb = Table::new(
        "output_stock",
        &["week", "site", "fraction", "category", "tonnes"],
    );
    for tw in 0..inst.weeks {
        for (s, st) in p.sites.iter().enumerate() {
            for (q, &(f, c)) in p.lots.iter().enumerate() {
                tb.rows.push(vec![
                    w(tw),
                    t(&st.named.id),
                    t(&p.fractions[f.0].named.id),
                    t(&p.categories[c.0].named.id),
                    n(plan.output_stock_t[[s, q, tw]]),
                ]);
            }
        }
    }
    tb
}

/// `shipments`: tonnes of each lot from each site to each outlet, at the week's price.
fn shipments(inst: &Instance, plan: &Plan) -> Table {
    let p = &inst.plant;
    let mut tb = Table::new(
        "shipments",
        &[
            "week",
            "site",
            "outlet",
            "fraction",
            "category",
            "tonnes",
            "price_eur_per_t",
        ],
    );
    for tw in 0..inst.weeks {
        for (s, st) in p.sites.iter().enumerate() {
            for (q, &(f, c)) in p.lots.iter().enumerate() {
                for (o, out) in p.outlets.iter().enumerate() {
                    let y = plan.shipped_t[[s, o, q, tw]];
                    tb.flow(y, || {
                        vec![
                            w(tw),
                            t(&st.named.id),
                            t(&out.named.id),
                            t(&p.fractions[f.0].named.id),
                            t(&p.categories[c.0].named.id),
                            n(y),
                            n(inst.price_eur_per_t[[o, f.0, tw]]),
                        ]
                    });
                }
            }
        }
    }
    tb
}

/// `trips`: truck trips from each site to each outlet.
fn trips(inst: &Instance, plan: &Plan) -> Table {
    let p = &inst.plant;
    let mut tb = Table::new("trips", &["week", "site", "outlet", "trips"]);
    for tw in 0..inst.weeks {
        for (s, st) in p.sites.iter().enumerate() {
            for (o, out) in p.outlets.iter().enumerate() {
                let z = plan.trips[[s, o, tw]];
                tb.flow(z, || vec![w(tw), t(&st.named.id), t(&out.named.id), n(z)]);
            }
        }
    }
    tb
}

#[cfg(test)]
mod clean_tests {
    use super::*;

    #[test]
    fn solver_noise_is_cleaned_from_every_cell() {
        assert_eq!(clean(61.00000000000052), 61.0);
        assert_eq!(clean(-1e-12).to_bits(), 0.0f64.to_bits());
        assert_eq!(clean(0.08), 0.08);
        assert!(matches!(n(61.00000000000052), Cell::Num(x) if x == 61.0));
        assert_eq!(format_num(2.5e-7), "0");
    }
}
