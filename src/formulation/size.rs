//! Size: how large a model an instance makes, known before it is built.
//!
//! Building allocates the dense grids of [`super::Vars`] (one cell per index tuple, whether
//! the decision exists or not) and then one column per existing decision, with its rows. A
//! plant of a few hundred thousand records, or of many sites and areas, asks for more memory
//! than a machine has; this estimate refuses it at validation, before anything is allocated.
//! The bounds count the same index sets as `vars.rs`, from above: a decision is counted when
//! the plant's structure allows it, whatever the tonnage.

use crate::plant::{Instance, StaffKind};

/// Largest model built: 6 million columns (upper bound). The largest named generated size,
/// XL (200 sites), has 3.4 million columns (bounded here at 5.1 million) and peaks at 2.9 GB
/// while building; a model costs about 1 KB of memory per column while building, and more
/// while solving.
pub const MAX_COLUMNS: u64 = 6_000_000;

/// Most cells of the dense variable grids: 200 million (24 bytes each, 4.8 GB).
pub const MAX_GRID_CELLS: u64 = 200_000_000;

/// Upper bounds on a model's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeBound {
    /// Columns: existing decisions, counted from the plant's structure.
    pub columns: u64,
    /// Cells of the dense grids that hold the columns.
    pub grid_cells: u64,
}

/// Bounds the size of the model `inst` makes, without building it (saturating arithmetic:
/// absurd sizes stay comparable with the limits).
pub fn bound(inst: &Instance) -> SizeBound {
    let p = &inst.plant;
    let n = |x: usize| x as u64;
    let (ns, na, np, nh, nl, no, nq, nt) = (
        n(p.sites.len()),
        n(p.areas.len()),
        n(p.streams.len()),
        n(p.shifts.len()),
        n(p.lines.len()),
        n(p.outlets.len()),
        n(p.lots.len()),
        n(inst.weeks),
    );
    let nk = n(StaffKind::ALL.len());
    let prod = n(StaffKind::PRODUCTION.len());
    let mul = |xs: &[u64]| xs.iter().fold(1u64, |a, &b| a.saturating_mul(b));
    let grid_cells = [
        mul(&[nl, np, nh, nt]), // x
        mul(&[nk, nl, nh, nt]), // w
        mul(&[ns, nh, nt]),     // v
        mul(&[6, ns, nk, nt]),  // paid, head, hire, depart, overtime (2)
        mul(&[ns, nk + 1]),     // open, advisers
        mul(&[2, ns, nt]),      // cum_entries, cum_exits
        mul(&[na, ns, np, nt]), // deliver
        mul(&[2, ns, np, nt]),  // ext, istock
        mul(&[ns, nq, nt]),     // ostock
        mul(&[ns, no, nq, nt]), // ship
        mul(&[ns, no, nt]),     // trips
    ]
    .iter()
    .fold(0u64, |a, &b| a.saturating_add(b));

    let mut columns = 0u64;
    let mut add = |x: u64| columns = columns.saturating_add(x);
    for line in &p.lines {
        let shifts = n(line.shifts.iter().filter(|&&on| on).count());
        add(mul(&[shifts, n(line.processes.len()) + prod, nt])); // x, w
    }
    // v, paid, head, hire, depart, overtime (2), cum_entries, cum_exits; open, advisers
    add(mul(&[ns, nh + 6 * nk + 2, nt]).saturating_add(mul(&[ns, nk + 1])));
    let targets = p
        .categories
        .iter()
        .flat_map(|c| [c.recovery_target, c.recycling_target])
        .chain([p.recovery_target, p.recycling_target])
        .filter(Option::is_some)
        .count();
    add(mul(&[n(targets), nt])); // the targets' weekly margins (`Rows::column`)
    let reachable = n(p
        .area_transport_eur_per_t
        .iter()
        .filter(|c| c.is_some())
        .count());
    add(mul(&[reachable, np, nt])); // deliver
    add(mul(&[ns, 2 * np + nq, nt])); // ext, istock, ostock
    for out in &p.outlets {
        let sites = n(out
            .transport_eur_per_t
            .iter()
            .filter(|c| c.is_some())
            .count());
        let lots = n(p.lots.iter().filter(|(f, _)| out.accepts[f.0]).count());
        let truck = u64::from(out.truck_capacity_t.is_some());
        add(mul(&[sites, lots + truck, nt])); // ship, trips
    }
    SizeBound {
        columns,
        grid_cells,
    }
}

/// Why the model `inst` makes is too large to build, if it is.
pub fn too_large(inst: &Instance) -> Option<String> {
    let b = bound(inst);
    if b.columns > MAX_COLUMNS {
        Some(format!(
            "the model would have up to {} columns, expected at most {MAX_COLUMNS} (about 1 KB \
             of memory each while building; see README, \"Numbers and their ranges\"): fewer lines, sites, \
             areas, outlets or weeks",
            b.columns
        ))
    } else if b.grid_cells > MAX_GRID_CELLS {
        Some(format!(
            "the model's variable grids would have {} cells, expected at most {MAX_GRID_CELLS} \
             (24 bytes each; see README, \"Numbers and their ranges\"): fewer areas, sites, outlets, streams \
             or weeks",
            b.grid_cells
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{build, load_instance, BuildOptions};
    use std::path::Path;

    fn load(dir: &str) -> Instance {
        load_instance(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)).unwrap()
    }

    /// The bound is an upper bound of what `build` makes, and not a loose one: within a small
    /// factor of the real column count.
    #[test]
    fn the_bound_holds_and_is_close() {
        for dir in ["instances/tutorial", "instances/juratri-2014"] {
            let inst = load(dir);
            let b = bound(&inst);
            let f = build(&inst, BuildOptions::default());
            let cols = f.model.num_variables() as u64;
            assert!(b.columns >= cols, "{dir}: bound {} < {cols}", b.columns);
            assert!(
                b.columns <= 4 * cols,
                "{dir}: bound {} vs {cols}",
                b.columns
            );
            let v = &f.vars;
            let cells = [
                v.x.len(),
                v.w.len(),
                v.v.len(),
                v.paid.len(),
                v.head.len() + v.hire.len() + v.depart.len() + v.overtime.len(),
                v.open.len() + v.advisers.len(),
                v.cum_entries.len() + v.cum_exits.len(),
                v.deliver.len(),
                v.ext.len() + v.istock.len(),
                v.ostock.len(),
                v.ship.len(),
                v.trips.len(),
            ]
            .iter()
            .sum::<usize>() as u64;
            assert_eq!(b.grid_cells, cells, "{dir}");
            assert_eq!(too_large(&inst), None);
        }
    }

    /// A plant of 100,000 lines over a year is refused before anything is allocated, with the
    /// bound and the limit in the message.
    #[test]
    fn a_plant_of_a_hundred_thousand_lines_is_too_large() {
        let mut inst = load("instances/tutorial");
        let line = inst.plant.lines[0].clone();
        inst.plant.lines = vec![line; 100_000];
        inst.weeks = 52;
        let msg = too_large(&inst).expect("refused");
        assert!(msg.contains("columns, expected at most 6000000"), "{msg}");
    }
}
