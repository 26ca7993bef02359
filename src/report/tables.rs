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
    let p = &inst.plant;
    let nt = inst.weeks;
    let site = |s: SiteId| p.sites[s.0].named.id.as_str();

    let mut processing = Table::new(
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
    let mut staff = Table::new(
        "staff_hours",
        &["week", "site", "line", "shift", "kind", "hours"],
    );
    for tw in 0..nt {
        for (l, line) in p.lines.iter().enumerate() {
            for (h, shift) in p.shifts.iter().enumerate() {
                for pr in &line.processes {
                    let x = plan.processed_t[[l, pr.stream.0, h, tw]];
                    if x > ZERO {
                        processing.rows.push(vec![
                            w(tw),
                            t(site(line.site)),
                            t(&line.named.id),
                            t(&p.streams[pr.stream.0].named.id),
                            t(&shift.named.id),
                            n(x),
                            n(x / pr.rate_t_per_h),
                        ]);
                    }
                }
                for k in StaffKind::PRODUCTION {
                    let hrs = plan.line_hours[[k.index(), l, h, tw]];
                    if hrs > ZERO {
                        staff.rows.push(vec![
                            w(tw),
                            t(site(line.site)),
                            t(&line.named.id),
                            t(&shift.named.id),
                            t(k.name()),
                            n(hrs),
                        ]);
                    }
                }
            }
        }
        for (s, st) in p.sites.iter().enumerate() {
            for (h, shift) in p.shifts.iter().enumerate() {
                let hrs = plan.supervisor_h[[s, h, tw]];
                if hrs > ZERO {
                    staff.rows.push(vec![
                        w(tw),
                        t(&st.named.id),
                        t(""),
                        t(&shift.named.id),
                        t("supervisor"),
                        n(hrs),
                    ]);
                }
            }
        }
    }

    let mut paid = Table::new("paid_hours", &["week", "site", "kind", "paid_hours"]);
    let mut head = Table::new("headcount", &["site", "kind", "headcount"]);
    for (s, st) in p.sites.iter().enumerate() {
        for k in StaffKind::ALL {
            if p.staff(SiteId(s), k).is_none() {
                continue;
            }
            head.rows.push(vec![
                t(&st.named.id),
                t(k.name()),
                n(plan.headcount[[s, k.index()]]),
            ]);
            for tw in 0..nt {
                paid.rows.push(vec![
                    w(tw),
                    t(&st.named.id),
                    t(k.name()),
                    n(plan.paid_h[[s, k.index(), tw]]),
                ]);
            }
        }
    }

    let mut deliveries = Table::new("deliveries", &["week", "area", "site", "stream", "tonnes"]);
    let mut external = Table::new("external", &["week", "site", "stream", "tonnes"]);
    let mut istock = Table::new("intake_stock", &["week", "site", "stream", "tonnes"]);
    for tw in 0..nt {
        for (a, area) in p.areas.iter().enumerate() {
            for (s, st) in p.sites.iter().enumerate() {
                for (k, stream) in p.streams.iter().enumerate() {
                    let d = plan.delivered_t[[a, s, k, tw]];
                    if d > ZERO {
                        deliveries.rows.push(vec![
                            w(tw),
                            t(&area.id),
                            t(&st.named.id),
                            t(&stream.named.id),
                            n(d),
                        ]);
                    }
                }
            }
        }
        for (s, st) in p.sites.iter().enumerate() {
            for (k, stream) in p.streams.iter().enumerate() {
                let e = plan.external_t[[s, k, tw]];
                if e > ZERO {
                    external
                        .rows
                        .push(vec![w(tw), t(&st.named.id), t(&stream.named.id), n(e)]);
                }
                if inst.supply_t.slice(ndarray::s![.., k, ..]).sum() > 0.0
                    || p.intake_stock[[s, k]].opening_t > 0.0
                {
                    istock.rows.push(vec![
                        w(tw),
                        t(&st.named.id),
                        t(&stream.named.id),
                        n(plan.intake_stock_t[[s, k, tw]]),
                    ]);
                }
            }
        }
    }

    let mut ostock = Table::new(
        "output_stock",
        &["week", "site", "fraction", "category", "tonnes"],
    );
    let mut ships = Table::new(
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
    let mut trips = Table::new("trips", &["week", "site", "outlet", "trips"]);
    for tw in 0..nt {
        for (s, st) in p.sites.iter().enumerate() {
            for (q, &(f, c)) in p.lots.iter().enumerate() {
                let (fid, cid) = (&p.fractions[f.0].named.id, &p.categories[c.0].named.id);
                ostock.rows.push(vec![
                    w(tw),
                    t(&st.named.id),
                    t(fid),
                    t(cid),
                    n(plan.output_stock_t[[s, q, tw]]),
                ]);
                for (o, out) in p.outlets.iter().enumerate() {
                    let y = plan.shipped_t[[s, o, q, tw]];
                    if y > ZERO {
                        ships.rows.push(vec![
                            w(tw),
                            t(&st.named.id),
                            t(&out.named.id),
                            t(fid),
                            t(cid),
                            n(y),
                            n(inst.price_eur_per_t[[o, f.0, tw]]),
                        ]);
                    }
                }
            }
            for (o, out) in p.outlets.iter().enumerate() {
                let z = plan.trips[[s, o, tw]];
                if z > ZERO {
                    trips
                        .rows
                        .push(vec![w(tw), t(&st.named.id), t(&out.named.id), n(z)]);
                }
            }
        }
    }
    vec![
        processing, staff, paid, head, deliveries, external, istock, ostock, ships, trips,
    ]
}
