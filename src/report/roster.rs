//! Next week's roster: how many people of each kind work on each line and shift in the first
//! week still to come (week 1, or the week after the actuals), in whole persons.
//!
//! The plan gives hours: `w[k,l,h,t]` on lines, `v[s,h,t]` supervising. A person on shift h
//! works its `hours_per_week` there, so `hours / hours_per_week` is the persons' share of the
//! line-shift (FTE). The roster rounds those shares to whole persons per kind and shift by
//! largest remainders, so that each kind's persons in a shift add up to its FTE in that shift
//! rounded to the nearest whole (a part share goes to the line that needs it most). Agency
//! staff are hours bought, listed the same way. Supervisors are one row per shift and site:
//! their share rounded to the nearest whole, and at least one where they have hours.

use super::tables::{clean, Cell, Table};
use crate::plan::Plan;
use crate::plant::*;

/// The week the roster is for (0-based): the first week after the actuals.
pub fn roster_week(inst: &Instance) -> usize {
    inst.actuals
        .as_ref()
        .map_or(0, |a| a.past)
        .min(inst.weeks.saturating_sub(1))
}

/// Rounds `shares` to whole numbers summing to `round(sum)`, largest remainders first (ties:
/// the earlier entry).
pub fn whole(shares: &[f64]) -> Vec<u64> {
    let total = shares.iter().sum::<f64>().round().max(0.0) as u64;
    let mut out: Vec<u64> = shares.iter().map(|x| x.max(0.0).floor() as u64).collect();
    let mut left = total.saturating_sub(out.iter().sum());
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| {
        let r = |i: usize| shares[i].max(0.0) - shares[i].max(0.0).floor();
        r(b).total_cmp(&r(a)).then(a.cmp(&b))
    });
    for i in order {
        if left == 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    out
}

/// The roster table: week, shift, site, line (empty for supervisors), kind, hours, FTE on the
/// line-shift and whole persons.
pub fn roster(inst: &Instance, plan: &Plan) -> Table {
    let p = &inst.plant;
    let tw = roster_week(inst);
    let mut tb = Table {
        name: "roster",
        columns: vec![
            "week", "shift", "site", "line", "kind", "hours", "fte", "persons",
        ],
        rows: Vec::new(),
    };
    for (h, shift) in p.shifts.iter().enumerate() {
        if shift.hours_per_week <= 0.0 {
            continue;
        }
        for (s, site) in p.sites.iter().enumerate() {
            for k in StaffKind::PRODUCTION {
                let lines: Vec<usize> = p
                    .lines_at(SiteId(s))
                    .iter()
                    .map(|l| l.0)
                    .filter(|&l| plan.line_hours[[k.index(), l, h, tw]] > 1e-6)
                    .collect();
                let hours: Vec<f64> = lines
                    .iter()
                    .map(|&l| plan.line_hours[[k.index(), l, h, tw]])
                    .collect();
                let fte: Vec<f64> = hours.iter().map(|x| x / shift.hours_per_week).collect();
                let persons = whole(&fte);
                for (i, &l) in lines.iter().enumerate() {
                    tb.rows.push(vec![
                        Cell::Num((tw + 1) as f64),
                        Cell::Text(shift.named.id.clone()),
                        Cell::Text(site.named.id.clone()),
                        Cell::Text(p.lines[l].named.id.clone()),
                        Cell::Text(k.name().into()),
                        Cell::Num(clean(hours[i])),
                        Cell::Num(clean(fte[i])),
                        Cell::Num(persons[i] as f64),
                    ]);
                }
            }
            let v = plan.supervisor_h[[s, h, tw]];
            if v > 1e-6 {
                let fte = v / shift.hours_per_week;
                tb.rows.push(vec![
                    Cell::Num((tw + 1) as f64),
                    Cell::Text(shift.named.id.clone()),
                    Cell::Text(site.named.id.clone()),
                    Cell::Empty,
                    Cell::Text(StaffKind::Supervisor.name().into()),
                    Cell::Num(clean(v)),
                    Cell::Num(clean(fte)),
                    Cell::Num(fte.round().max(1.0)),
                ]);
            }
        }
    }
    tb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_to_whole_persons_by_largest_remainder() {
        assert_eq!(whole(&[1.6, 1.6, 0.8]), vec![2, 1, 1]);
        assert_eq!(whole(&[2.0, 3.0]), vec![2, 3]);
        assert_eq!(whole(&[0.4, 0.4, 0.4]), vec![1, 0, 0]);
        assert_eq!(whole(&[]), Vec::<u64>::new());
        let s = [0.3, 2.45, 1.25, 0.4];
        assert_eq!(whole(&s).iter().sum::<u64>(), 4);
    }
}
