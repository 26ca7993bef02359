//! Variable families, as dense grids of `Option<Var>`: `None` where the decision does
//! not exist (a line not equipped for a stream, an outlet not reachable from a site).

use super::BuildOptions;
use crate::plant::*;
use good_lp::{variable, ProblemVariables, Variable, VariableDefinition};
use ndarray::{Array1, Array2, Array3, Array4};

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
    /// `N[s,k,t]`: persons of payroll kind k (permanent, insertion, supervisor) at site s in
    /// week t; integer unless relaxed.
    pub head: Array3<Option<Var>>,
    /// `N0[s,k]`: persons on the payroll before week 1, where the plan chooses them.
    pub open: Array2<Option<Var>>,
    /// `N0[s,k]` where it is given (`headcount_start`, or the `[[cohort]]` people): a constant.
    pub opening_const: Array2<f64>,
    /// `hire[s,k,t]`: hires (permanent, supervisor) or entries `a[s,t]` (insertion; integer
    /// unless relaxed).
    pub hire: Array3<Option<Var>>,
    /// `dep[s,k,t]`: departures (permanent, supervisor) or exits `x[s,t]` (insertion).
    pub depart: Array3<Option<Var>>,
    /// `EA[s,t]`, `EX[s,t]`: insertion entries and exits of weeks 1..=t at site s (cumulative).
    pub cum_entries: Array2<Option<Var>>,
    /// See `cum_entries`.
    pub cum_exits: Array2<Option<Var>>,
    /// `o[s,k,j,t]`: overtime hours of step j (0: first premium, 1: second).
    pub overtime: Array4<Option<Var>>,
    /// `adv[s]`: insertion advisers at site s over the horizon; integer unless relaxed.
    pub advisers: Array1<Option<Var>>,
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
    /// `adj[s,p,t]`: count adjustment of intake stock (count less book stock; free), in the
    /// weeks the actuals count it.
    pub iadj: Array3<Option<Var>>,
    /// `adj[s,q,t]`: count adjustment of output stock, in the weeks the actuals count it.
    pub oadj: Array3<Option<Var>>,
    /// `pl[j]`: people placed into opening j (integer unless relaxed), where its exit week
    /// lies in the horizon.
    pub place: Array1<Option<Var>>,
    /// `tr[k,t]`: people starting the training module of skill k in week t (integer unless
    /// relaxed), in the weeks from which it ends by the last naming week of an opening asking
    /// for k.
    pub train: Array2<Option<Var>>,
    /// `M`: the modulated part of the aid earned (EUR), where it is tied to the lasting exits.
    pub aid_mod: Option<Var>,
    /// Number of integer variables.
    pub integer_count: usize,
    /// `R[s,p]`: whether site s receives stream p (some area delivers it there or it holds stock).
    pub receives: Array2<bool>,
}

/// Sizes of the index sets the grids are dimensioned by.
struct Dims {
    ns: usize,
    na: usize,
    np: usize,
    nh: usize,
    nl: usize,
    no: usize,
    nq: usize,
    nt: usize,
    nk: usize,
}

impl Dims {
    fn of(inst: &Instance) -> Dims {
        let p = &inst.plant;
        Dims {
            ns: p.sites.len(),
            na: p.areas.len(),
            np: p.streams.len(),
            nh: p.shifts.len(),
            nl: p.lines.len(),
            no: p.outlets.len(),
            nq: p.lots.len(),
            nt: inst.weeks,
            nk: StaffKind::ALL.len(),
        }
    }
}

fn nonneg() -> VariableDefinition {
    variable().min(0.0)
}

/// `R[s,p]`: some area with a route to site s supplies stream p, or s opens with stock of it.
fn receives(inst: &Instance, d: &Dims) -> Array2<bool> {
    let p = &inst.plant;
    let mut receives = Array2::from_elem((d.ns, d.np), false);
    for s in 0..d.ns {
        for k in 0..d.np {
            let delivered = (0..d.na).any(|a| {
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
    receives
}

impl Vars {
    /// Creates every variable the instance needs, and only those. Column indices follow
    /// the order of the families below (they show in exports): line decisions, staff,
    /// deliveries, intake, output.
    pub fn new(inst: &Instance, pb: &mut ProblemVariables, opts: BuildOptions) -> Vars {
        let d = Dims::of(inst);
        let mut v = Vars::empty(inst, &d);
        v.add_line_vars(inst, pb);
        v.add_staff_vars(inst, pb, opts);
        v.add_deliveries(inst, pb);
        v.add_intake_vars(pb);
        v.add_output_vars(inst, pb, opts);
        v.add_adjustments(inst, pb);
        v.add_pathways_to_work(inst, pb, opts);
        v
    }

    /// Every grid at its size, with no variable yet.
    fn empty(inst: &Instance, d: &Dims) -> Vars {
        Vars {
            x: Array4::from_elem((d.nl, d.np, d.nh, d.nt), None),
            w: Array4::from_elem((d.nk, d.nl, d.nh, d.nt), None),
            v: Array3::from_elem((d.ns, d.nh, d.nt), None),
            paid: Array3::from_elem((d.ns, d.nk, d.nt), None),
            head: Array3::from_elem((d.ns, d.nk, d.nt), None),
            open: Array2::from_elem((d.ns, d.nk), None),
            opening_const: Array2::zeros((d.ns, d.nk)),
            hire: Array3::from_elem((d.ns, d.nk, d.nt), None),
            depart: Array3::from_elem((d.ns, d.nk, d.nt), None),
            cum_entries: Array2::from_elem((d.ns, d.nt), None),
            cum_exits: Array2::from_elem((d.ns, d.nt), None),
            overtime: Array4::from_elem((d.ns, d.nk, 2, d.nt), None),
            advisers: Array1::from_elem(d.ns, None),
            deliver: Array4::from_elem((d.na, d.ns, d.np, d.nt), None),
            ext: Array3::from_elem((d.ns, d.np, d.nt), None),
            istock: Array3::from_elem((d.ns, d.np, d.nt), None),
            ostock: Array3::from_elem((d.ns, d.nq, d.nt), None),
            ship: Array4::from_elem((d.ns, d.no, d.nq, d.nt), None),
            trips: Array3::from_elem((d.ns, d.no, d.nt), None),
            iadj: Array3::from_elem((d.ns, d.np, d.nt), None),
            oadj: Array3::from_elem((d.ns, d.nq, d.nt), None),
            place: Array1::from_elem(inst.plant.openings.len(), None),
            train: Array2::from_elem((inst.plant.skills.len(), inst.weeks), None),
            aid_mod: None,
            integer_count: 0,
            receives: receives(inst, d),
        }
    }

    /// `x` and `w`: per line, open shift and week, the streams it processes (where its site
    /// receives them), then the production staff kinds its site employs.
    fn add_line_vars(&mut self, inst: &Instance, pb: &mut ProblemVariables) {
        let p = &inst.plant;
        for (l, line) in p.lines.iter().enumerate() {
            for h in (0..p.shifts.len()).filter(|&h| line.shifts[h]) {
                for t in 0..inst.weeks {
                    for pr in &line.processes {
                        if self.receives[[line.site.0, pr.stream.0]] {
                            self.x[[l, pr.stream.0, h, t]] = new_var(pb, nonneg());
                        }
                    }
                    for k in StaffKind::PRODUCTION {
                        if p.staff(line.site, k).is_some() {
                            self.w[[k.index(), l, h, t]] = new_var(pb, nonneg());
                        }
                    }
                }
            }
        }
    }

    /// Per site and staff kind it employs: `P` every week; for payroll kinds `N0` (where the
    /// plan chooses it), then week by week `N`, `hire`, `dep` and the overtime steps; then
    /// the advisers; then `v` in the shifts some of its lines work, where it employs
    /// supervisors.
    fn add_staff_vars(&mut self, inst: &Instance, pb: &mut ProblemVariables, opts: BuildOptions) {
        let p = &inst.plant;
        for s in 0..p.sites.len() {
            let sid = SiteId(s);
            for k in StaffKind::ALL {
                let Some(g) = p.staff(sid, k) else {
                    continue;
                };
                let ki = k.index();
                for t in 0..inst.weeks {
                    self.paid[[s, ki, t]] = new_var(pb, nonneg());
                }
                if k == StaffKind::Temporary {
                    continue;
                }
                self.add_opening(inst, pb, opts, sid, k, g);
                let caps = g.overtime_caps(&p.law);
                for t in 0..inst.weeks {
                    let n = self.whole(opts, variable().min(g.headcount_min).max(g.headcount_max));
                    self.head[[s, ki, t]] = new_var(pb, n);
                    let changes = t >= g.notice_weeks && t % p.pathway.change_every_weeks == 0;
                    if k == StaffKind::Insertion && t % p.pathway.change_every_weeks == 0 {
                        let a = self.whole(opts, nonneg());
                        self.hire[[s, ki, t]] = new_var(pb, a);
                        let x = self.whole(opts, nonneg());
                        self.depart[[s, ki, t]] = new_var(pb, x);
                    } else if k != StaffKind::Insertion && changes {
                        if g.hires() {
                            self.hire[[s, ki, t]] = new_var(pb, nonneg());
                        }
                        if g.departures() {
                            self.depart[[s, ki, t]] = new_var(pb, nonneg());
                        }
                    }
                    if k == StaffKind::Insertion {
                        let ea = self.whole(opts, nonneg());
                        self.cum_entries[[s, t]] = new_var(pb, ea);
                        let ex = self.whole(opts, nonneg());
                        self.cum_exits[[s, t]] = new_var(pb, ex);
                    }
                    for (j, &cap) in caps.iter().enumerate() {
                        if cap > 0.0 {
                            self.overtime[[s, ki, j, t]] = new_var(pb, nonneg());
                        }
                    }
                }
            }
            if p.staff(sid, StaffKind::Insertion).is_some()
                && p.social.insertion_workers_per_adviser.is_some()
            {
                let def = self.whole(opts, nonneg());
                self.advisers[s] = new_var(pb, def);
            }
            if p.staff(sid, StaffKind::Supervisor).is_some() {
                for h in 0..p.shifts.len() {
                    let used = p.lines_at(sid).iter().any(|l| p.lines[l.0].shifts[h]);
                    if used {
                        for t in 0..inst.weeks {
                            self.v[[s, h, t]] = new_var(pb, nonneg());
                        }
                    }
                }
            }
        }
    }

    /// `N0[s,k]`: a constant where the model gives it (`headcount_start`; the `[[cohort]]`
    /// people for insertion), else a variable the plan chooses, within the group's bounds
    /// (insertion: from 0, since the weekly bounds apply from week 1).
    fn add_opening(
        &mut self,
        inst: &Instance,
        pb: &mut ProblemVariables,
        opts: BuildOptions,
        s: SiteId,
        k: StaffKind,
        g: &StaffGroup,
    ) {
        let given = if k == StaffKind::Insertion {
            inst.cohort_people(s)
        } else {
            g.headcount_start
        };
        match given {
            Some(n) => self.opening_const[[s.0, k.index()]] = n,
            None => {
                let lo = if k == StaffKind::Insertion {
                    0.0
                } else {
                    g.headcount_min
                };
                let def = self.whole(opts, variable().min(lo).max(g.headcount_max));
                self.open[[s.0, k.index()]] = new_var(pb, def);
            }
        }
    }

    /// `def`, integer unless relaxed (counted).
    fn whole(&mut self, opts: BuildOptions, def: VariableDefinition) -> VariableDefinition {
        if opts.relax {
            def
        } else {
            self.integer_count += 1;
            def.integer()
        }
    }

    /// `d`: along every area-to-site route, in the weeks the area supplies the stream.
    fn add_deliveries(&mut self, inst: &Instance, pb: &mut ProblemVariables) {
        let p = &inst.plant;
        for a in 0..p.areas.len() {
            for s in 0..p.sites.len() {
                if p.area_transport_eur_per_t[[a, s]].is_none() {
                    continue;
                }
                for k in 0..p.streams.len() {
                    for t in 0..inst.weeks {
                        if inst.supply_t[[a, k, t]] > 0.0 {
                            self.deliver[[a, s, k, t]] = new_var(pb, nonneg());
                        }
                    }
                }
            }
        }
    }

    /// `e` and `I`, week by week, for every stream a site receives.
    fn add_intake_vars(&mut self, pb: &mut ProblemVariables) {
        let (ns, np, nt) = self.ext.dim();
        for s in 0..ns {
            for k in 0..np {
                if self.receives[[s, k]] {
                    for t in 0..nt {
                        self.ext[[s, k, t]] = new_var(pb, nonneg());
                        self.istock[[s, k, t]] = new_var(pb, nonneg());
                    }
                }
            }
        }
    }

    /// Site by site: `O` and `y` of its lots, then `z` towards outlets with a truck capacity.
    fn add_output_vars(&mut self, inst: &Instance, pb: &mut ProblemVariables, opts: BuildOptions) {
        for s in 0..inst.plant.sites.len() {
            self.add_lots_at(inst, pb, s);
            self.add_trips_at(inst, pb, opts, s);
        }
    }

    /// `O[s,q,t]` and `y[s,o,q,t]`: output lots exist at a site where one of its lines yields
    /// them, or where stock opens; they ship to the reachable outlets that accept them.
    fn add_lots_at(&mut self, inst: &Instance, pb: &mut ProblemVariables, s: usize) {
        let p = &inst.plant;
        for (q, &(f, c)) in p.lots.iter().enumerate() {
            let produced = p.lines_at(SiteId(s)).iter().any(|l| {
                p.lines[l.0].processes.iter().any(|pr| {
                    self.receives[[s, pr.stream.0]]
                        && p.streams[pr.stream.0].category == c
                        && pr.yields[f.0] > 0.0
                })
            });
            if !produced && p.output_stock[[s, q]].opening_t <= 0.0 {
                continue;
            }
            for t in 0..inst.weeks {
                self.ostock[[s, q, t]] = new_var(pb, nonneg());
                for (o, out) in p.outlets.iter().enumerate() {
                    if out.accepts[f.0] && out.transport_eur_per_t[s].is_some() {
                        self.ship[[s, o, q, t]] = new_var(pb, nonneg());
                    }
                }
            }
        }
    }

    /// `z[s,o,t]`: truck trips to each outlet with a truck capacity that some lot of site s
    /// ships to; integer unless relaxed.
    fn add_trips_at(
        &mut self,
        inst: &Instance,
        pb: &mut ProblemVariables,
        opts: BuildOptions,
        s: usize,
    ) {
        let p = &inst.plant;
        for (o, out) in p.outlets.iter().enumerate() {
            if out.truck_capacity_t.is_none() || out.transport_eur_per_t[s].is_none() {
                continue;
            }
            let used = (0..p.lots.len()).any(|q| self.ship[[s, o, q, 0]].is_some());
            if !used {
                continue;
            }
            for t in 0..inst.weeks {
                let def = if opts.relax {
                    nonneg()
                } else {
                    self.integer_count += 1;
                    nonneg().integer()
                };
                self.trips[[s, o, t]] = new_var(pb, def);
            }
        }
    }

    /// `adj`: a free column per stock counted at the end of a past week whose flows are all
    /// given ([`crate::actuals::Actuals::adjusts_intake`], `adjusts_output`; week 0's count is
    /// the opening stock, no adjustment), last so that the columns of a plan without actuals
    /// keep their indices.
    fn add_adjustments(&mut self, inst: &Instance, pb: &mut ProblemVariables) {
        let Some(a) = &inst.actuals else {
            return;
        };
        let weeks = a.intake_count.weeks().filter(|&w| w >= 1);
        for w in weeks.filter(|&w| a.adjusts_intake(w - 1)) {
            for ((s, k), stock) in self.istock.slice(ndarray::s![.., .., w - 1]).indexed_iter() {
                if stock.is_some() {
                    self.iadj[[s, k, w - 1]] = new_var(pb, variable());
                }
            }
        }
        let weeks = a.output_count.weeks().filter(|&w| w >= 1);
        for w in weeks.filter(|&w| a.adjusts_output(w - 1)) {
            for ((s, q), stock) in self.ostock.slice(ndarray::s![.., .., w - 1]).indexed_iter() {
                if stock.is_some() {
                    self.oadj[[s, q, w - 1]] = new_var(pb, variable());
                }
            }
        }
    }

    /// `pl` per opening whose exit week is in the horizon and whose site has exits that week,
    /// then `tr` per module skill and week; last, so that a model without partners keeps its
    /// columns.
    fn add_pathways_to_work(
        &mut self,
        inst: &Instance,
        pb: &mut ProblemVariables,
        opts: BuildOptions,
    ) {
        let p = &inst.plant;
        let ins = StaffKind::Insertion.index();
        for (j, o) in p.openings.iter().enumerate() {
            let site = p.partners[o.partner].site.0;
            let Some(t) = o.exit_week(inst.weeks, p.pathway.change_every_weeks) else {
                continue;
            };
            if self.depart[[site, ins, t]].is_none() {
                continue;
            }
            let def = self.whole(opts, nonneg().max(o.count));
            self.place[j] = new_var(pb, def);
        }
        for (k, skill) in p.skills.iter().enumerate() {
            let Some(m) = skill.module() else {
                continue;
            };
            let last = (0..p.openings.len())
                .filter(|&j| p.openings[j].skill == k && self.place[j].is_some())
                .filter_map(|j| p.openings[j].name_week(inst.weeks, p.pathway.change_every_weeks))
                .max();
            let Some(last) = last else {
                continue;
            };
            for t in 0..(last + 1).saturating_sub(m.weeks - 1) {
                let def = self.whole(opts, nonneg().max(m.seats_per_month));
                self.train[[k, t]] = new_var(pb, def);
            }
        }
        if inst.plant.social.outcome_modulation().is_some() {
            self.aid_mod = new_var(pb, nonneg());
        }
    }
}
