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
    fn new(name: &'static str, columns: &[&'static str]) -> Self {
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
                    Cell::Text(_) => String::new(),
                })
                .collect();
            let line = fields(r.iter().zip(&nums).map(|(c, n)| match c {
                Cell::Text(s) => Field::Text(s),
                Cell::Num(_) => Field::Num(n),
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
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 {
        "0".into()
    } else {
        format!("{r}")
    }
}

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}
fn n(x: f64) -> Cell {
    Cell::Num(x)
}
fn w(week: usize) -> Cell {
    Cell::Num((week + 1) as f64)
}

/// Every table of a plan.
pub fn tables(inst: &Instance, plan: &Plan) -> Vec<Table> {
    vec![
        processing(inst, plan),
        staff_hours(inst, plan),
        paid_hours(inst, plan),
        headcount(inst, plan),
        deliveries(inst, plan),
        external(inst, plan),
        intake_stock(inst, plan),
        output_stock(inst, plan),
        shipments(inst, plan),
        trips(inst, plan),
    ]
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
