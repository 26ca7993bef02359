//! Variable families, as dense grids of `Option<Var>`: `None` where the decision does
//! not exist (a line not equipped for a stream, an outlet not reachable from a site).

use super::BuildOptions;
use crate::plant::*;
use good_lp::{variable, ProblemVariables, Variable, VariableDefinition};
use ndarray::{Array2, Array3, Array4};

/// A model column: good_lp's variable and its column index in the solver's solution.
#[derive(Debug, Clone, Copy)]
pub struct Var {
    /// good_lp's handle.
    pub var: Variable,
    /// Column index.
    pub col: usize,
}

fn new_var(pb: &mut ProblemVariables, def: VariableDefinition) -> Option<Var> {
    let var = pb.add(def);
    Some(Var {
        var,
        col: pb.len() - 1,
    })
}

/// All decision variables, indexed by typed ids. Weeks are 0-based here.
pub struct Vars {
    /// `x[l,p,h,t]`: tonnes of stream p processed on line l in shift h, week t.
    pub x: Array4<Option<Var>>,
    /// `w[k,l,h,t]`: person-hours of production staff kind k on line l, shift h, week t.
    pub w: Array4<Option<Var>>,
    /// `v[s,h,t]`: supervisor hours at site s in shift h, week t.
    pub v: Array3<Option<Var>>,
    /// `P[s,k,t]`: paid hours of staff kind k at site s in week t.
    pub paid: Array3<Option<Var>>,
    /// `N[s,k]`: headcount of staff kind k at site s over the horizon.
    pub head: Array2<Option<Var>>,
    /// `d[a,s,p,t]`: tonnes of stream p delivered from area a to site s in week t.
    pub deliver: Array4<Option<Var>>,
    /// `e[s,p,t]`: tonnes of stream p sent from site s to an external contractor in week t.
    pub ext: Array3<Option<Var>>,
    /// `I[s,p,t]`: intake stock of stream p at site s at the end of week t.
    pub istock: Array3<Option<Var>>,
    /// `O[s,q,t]`: output stock of lot q at site s at the end of week t.
    pub ostock: Array3<Option<Var>>,
    /// `y[s,o,q,t]`: tonnes of lot q shipped from site s to outlet o in week t.
    pub ship: Array4<Option<Var>>,
    /// `z[s,o,t]`: truck trips from site s to outlet o in week t (integer unless relaxed).
    pub trips: Array3<Option<Var>>,
    /// Number of integer variables.
    pub integer_count: usize,
    /// `R[s,p]`: whether site s receives stream p (some area delivers it there or it holds stock).
    pub receives: Array2<bool>,
}

impl Vars {
    /// Creates every variable the instance needs, and only those.
    pub fn new(inst: &Instance, pb: &mut ProblemVariables, opts: BuildOptions) -> Vars {
        let p = &inst.plant;
        let (ns, na, np, nh, nl, no, nq, nt) = (
            p.sites.len(),
            p.areas.len(),
            p.streams.len(),
            p.shifts.len(),
            p.lines.len(),
            p.outlets.len(),
            p.lots.len(),
            inst.weeks,
        );
        let nk = StaffKind::ALL.len();
        let nonneg = || variable().min(0.0);

        // Which site receives which stream.
        let mut receives = Array2::from_elem((ns, np), false);
        for s in 0..ns {
            for k in 0..np {
                let delivered = (0..na).any(|a| {
                    p.area_transport_eur_per_t[[a, s]].is_some()
                        && inst
                            .supply_t
                            .slice(ndarray::s![a, k, ..])
                            .iter()
                            .any(|&t| t > 0.0)
                });
                receives[[s, k]] = delivered || p.intake_stock[[s, k]].opening_t > 0.0;
            }
        }

        let mut x = Array4::from_elem((nl, np, nh, nt), None);
        let mut w = Array4::from_elem((nk, nl, nh, nt), None);
        for (l, line) in p.lines.iter().enumerate() {
            for h in (0..nh).filter(|&h| line.shifts[h]) {
                for t in 0..nt {
                    for pr in &line.processes {
                        if receives[[line.site.0, pr.stream.0]] {
                            x[[l, pr.stream.0, h, t]] = new_var(pb, nonneg());
                        }
                    }
                    for k in StaffKind::PRODUCTION {
                        if p.staff(line.site, k).is_some() {
                            w[[k.index(), l, h, t]] = new_var(pb, nonneg());
                        }
                    }
                }
            }
        }

        let mut v = Array3::from_elem((ns, nh, nt), None);
        let mut paid = Array3::from_elem((ns, nk, nt), None);
        let mut head = Array2::from_elem((ns, nk), None);
        for s in 0..ns {
            let sid = SiteId(s);
            for k in StaffKind::ALL {
                if let Some(g) = p.staff(sid, k) {
                    head[[s, k.index()]] =
                        new_var(pb, variable().min(g.headcount_min).max(g.headcount_max));
                    for t in 0..nt {
                        paid[[s, k.index(), t]] = new_var(pb, nonneg());
                    }
                }
            }
            if p.staff(sid, StaffKind::Supervisor).is_some() {
                for h in 0..nh {
                    let used = p.lines_at(sid).iter().any(|l| p.lines[l.0].shifts[h]);
                    if used {
                        for t in 0..nt {
                            v[[s, h, t]] = new_var(pb, nonneg());
                        }
                    }
                }
            }
        }

        let mut deliver = Array4::from_elem((na, ns, np, nt), None);
        for a in 0..na {
            for s in 0..ns {
                if p.area_transport_eur_per_t[[a, s]].is_none() {
                    continue;
                }
                for k in 0..np {
                    for t in 0..nt {
                        if inst.supply_t[[a, k, t]] > 0.0 {
                            deliver[[a, s, k, t]] = new_var(pb, nonneg());
                        }
                    }
                }
            }
        }

        let mut ext = Array3::from_elem((ns, np, nt), None);
        let mut istock = Array3::from_elem((ns, np, nt), None);
        for s in 0..ns {
            for k in 0..np {
                if receives[[s, k]] {
                    for t in 0..nt {
                        ext[[s, k, t]] = new_var(pb, nonneg());
                        istock[[s, k, t]] = new_var(pb, nonneg());
                    }
                }
            }
        }

        // Output lots exist at a site where one of its lines yields them, or where stock opens.
        let mut ostock = Array3::from_elem((ns, nq, nt), None);
        let mut ship = Array4::from_elem((ns, no, nq, nt), None);
        let mut trips = Array3::from_elem((ns, no, nt), None);
        let mut integer_count = 0;
        for s in 0..ns {
            for (q, &(f, c)) in p.lots.iter().enumerate() {
                let produced = p.lines_at(SiteId(s)).iter().any(|l| {
                    p.lines[l.0].processes.iter().any(|pr| {
                        receives[[s, pr.stream.0]]
                            && p.streams[pr.stream.0].category == c
                            && pr.yields[f.0] > 0.0
                    })
                });
                if !produced && p.output_stock[[s, q]].opening_t <= 0.0 {
                    continue;
                }
                for t in 0..nt {
                    ostock[[s, q, t]] = new_var(pb, nonneg());
                    for (o, out) in p.outlets.iter().enumerate() {
                        if out.accepts[f.0] && out.transport_eur_per_t[s].is_some() {
                            ship[[s, o, q, t]] = new_var(pb, nonneg());
                        }
                    }
                }
            }
            for (o, out) in p.outlets.iter().enumerate() {
                if out.truck_capacity_t.is_none() || out.transport_eur_per_t[s].is_none() {
                    continue;
                }
                let used = (0..nq).any(|q| ship[[s, o, q, 0]].is_some());
                if !used {
                    continue;
                }
                for t in 0..nt {
                    let def = if opts.relax {
                        nonneg()
                    } else {
                        integer_count += 1;
                        nonneg().integer()
                    };
                    trips[[s, o, t]] = new_var(pb, def);
                }
            }
        }

        Vars {
            x,
            w,
            v,
            paid,
            head,
            deliver,
            ext,
            istock,
            ostock,
            ship,
            trips,
            integer_count,
            receives,
        }
    }
}
