//! The multi-year mixed-integer model of `triplan compare --optimise` (`models/FORMULATION.md`
//! §9): which options to build, and when, with every year's weekly plant plan under every
//! future in one model, solved by HiGHS.
//!
//! ```text
//! min  sum_{o,t} c_{o,t} b[o,t] + sum_{o,y} at_end(y) fixed_o u[o,y]
//!    + sum_{y,f} w_f at_end(y) (52 / W) (cost of the year's plan, x[y,f])
//! s.t. sum_t b[o,t] <= 1                                  built at most once
//!      u[o,y] = sum_{t <= y < t + life_o} b[o,t]          in service
//!      sum_t b[o,t] + sum_t b[o',t] <= 1                  o excludes o'
//!      u[o,y] <= u[r,y]                                   o requires r
//!      x[y,f] in the year's model, options switched by u[., y]   (see `union`)
//!      b binary; b[o,t] = 0 before o's earliest year
//! ```
//!
//! with `c_{o,t} = at_start(t) (capital_o - grants_o) - at_end(Y - 1) residual_o(t)`. Futures
//! whose models agree in a year (the first year, before trends diverge) share one block with
//! their weights summed.
//!
//! The plan of every year and future in the solution is read back into the year's own model
//! (the set in service that year, built directly) and verified by the independent checker.

use super::evaluate::year_problems;
use super::finance::at_end;
use super::named::named_lp;
use super::optimise::{
    build_cost, keys_hash, mask_name, requires_masks, set_instance, valid_masks, OptimiseOptions,
};
use super::study::InvestStudy;
use super::union::{block, Block, Term};
use crate::error::{Error, InputError, Problem};
use crate::formulation::{build, BuildOptions};
use crate::plant::Instance;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::time::Instant;

/// Size and outcome of the multi-year model.
#[derive(Debug, Clone, Serialize)]
pub struct MipFigures {
    /// Columns.
    pub columns: usize,
    /// Rows.
    pub rows: usize,
    /// Non-zero coefficients.
    pub nonzeros: usize,
    /// Build decisions `b[o,t]` (binary).
    pub binaries: usize,
    /// Other integer columns (truck trips, when the study is not relaxed).
    pub other_integers: usize,
    /// Year blocks (year x futures that differ).
    pub blocks: usize,
    /// Option sets whose year model was compared with its block (all matched).
    pub sets_verified: usize,
    /// Seconds to build the year models and assemble the model.
    pub build_s: f64,
    /// Seconds HiGHS took.
    pub solve_s: f64,
    /// HiGHS's status.
    pub status: String,
    /// Relative MIP gap reached.
    pub gap: f64,
    /// Objective: expected net present cost of the schedule (EUR).
    pub objective_eur: f64,
    /// The same, from the schedule planned again year by year (EUR).
    pub replanned_npc_eur: f64,
    /// Year plans of the solution verified by the checker.
    pub plans_checked: usize,
}

/// The model's answer.
pub(crate) struct Solved {
    /// Build year index of each option, or none.
    pub starts: Vec<Option<usize>>,
    pub figures: MipFigures,
}

struct YearBlock {
    year: usize,
    futures: Vec<usize>,
    weight: f64,
    scale: f64,
    block: Block,
}

/// Builds the blocks: every year and future, the model of every set that may be in service.
fn blocks(st: &InvestStudy, pool: &rayon::ThreadPool) -> Result<Vec<YearBlock>, Error> {
    let (ny, nf) = (st.years, st.futures.len());
    let masks: Vec<Vec<u32>> = (0..ny)
        .map(|y| valid_masks(st, y))
        .collect::<Result<_, _>>()?;
    let pairs: Vec<(usize, usize)> = (0..ny).flat_map(|y| (0..nf).map(move |f| (y, f))).collect();
    // Every set's instance, once; futures whose instances all agree in a year share a block.
    let built: Vec<Result<Vec<Instance>, Vec<Problem>>> = pool.install(|| {
        pairs
            .par_iter()
            .map(|&(y, f)| {
                let mut insts = Vec::with_capacity(masks[y].len());
                let mut problems = Vec::new();
                for &m in &masks[y] {
                    match set_instance(st, m, f, y) {
                        Ok(i) => insts.push(i),
                        Err(ps) => {
                            let what = format!(
                                "set \"{}\", future \"{}\", year {}",
                                mask_name(st, m),
                                st.futures[f].name,
                                st.first_year + y as i32
                            );
                            year_problems(st, &what, ps, &mut problems);
                        }
                    }
                }
                if problems.is_empty() {
                    Ok(insts)
                } else {
                    Err(problems)
                }
            })
            .collect()
    });
    let mut problems = Vec::new();
    let mut groups: Vec<(usize, u64, Vec<usize>, Vec<Instance>)> = Vec::new();
    for (&(y, f), b) in pairs.iter().zip(built) {
        match b {
            Ok(insts) => {
                let k = keys_hash(&insts);
                match groups.iter_mut().find(|g| g.0 == y && g.1 == k) {
                    Some(g) => g.2.push(f),
                    None => groups.push((y, k, vec![f], insts)),
                }
            }
            Err(ps) => {
                for p in ps {
                    if !problems.iter().any(|x: &Problem| x.message == p.message) {
                        problems.push(p);
                    }
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(InputError { problems }.into());
    }
    let req = requires_masks(st);
    let names: Vec<String> = st.options.iter().map(|o| o.name.clone()).collect();
    let opts = BuildOptions {
        relax: st.relax,
        elastic: false,
    };
    pool.install(|| {
        groups
            .par_iter()
            .map(|(y, _, futures, insts)| {
                let y = *y;
                let mut models = Vec::with_capacity(insts.len());
                let mut weeks = 0;
                let mut streams: HashMap<String, (String, f64)> = HashMap::new();
                for (&m, inst) in masks[y].iter().zip(insts) {
                    weeks = inst.weeks;
                    let f = build(inst, opts);
                    let lp = named_lp(inst, &f);
                    stream_groups(inst, &f, &lp, &mut streams);
                    models.push((m, lp));
                }
                let cal = st.first_year + y as i32;
                let available: Vec<usize> = (0..names.len())
                    .filter(|&o| st.options[o].earliest_year <= cal)
                    .collect();
                let b = block(&models, &available, &req, &names, &streams).map_err(|e| {
                    Error::Usage(format!("{}: optimise, year {cal}: {e}", st.path.display()))
                })?;
                Ok(YearBlock {
                    year: y,
                    weight: futures.iter().map(|&f| st.futures[f].weight).sum(),
                    futures: futures.clone(),
                    scale: 52.0 / weeks.max(1) as f64,
                    block: b,
                })
            })
            .collect()
    })
}

/// Groups the processing columns `x[l,p,h,t]` by stream, each with the most tonnes of the
/// stream that can be processed over the horizon: what is collected plus the opening stocks
/// (the intake balances summed over the weeks). The largest over the sets is kept.
fn stream_groups(
    inst: &Instance,
    f: &crate::Formulation,
    lp: &super::named::NamedLp,
    groups: &mut HashMap<String, (String, f64)>,
) {
    let p = &inst.plant;
    let cap: Vec<f64> = (0..p.streams.len())
        .map(|k| {
            inst.supply_t.slice(ndarray::s![.., k, ..]).sum()
                + (0..p.sites.len())
                    .map(|s| p.intake_stock[[s, k]].opening_t)
                    .sum::<f64>()
        })
        .collect();
    for ((_, k, _, _), x) in f.vars.x.indexed_iter() {
        if let Some(v) = x {
            let name = &lp.cols[v.col];
            let e = groups
                .entry(name.clone())
                .or_insert_with(|| (p.streams[k].named.id.clone(), cap[k]));
            e.1 = e.1.max(cap[k]);
        }
    }
}

/// Builds and solves the multi-year model, then checks every year plan of its solution.
pub(crate) fn solve(st: &InvestStudy, opts: &OptimiseOptions) -> Result<Solved, Error> {
    #[cfg(not(feature = "highs"))]
    {
        let _ = (st, opts);
        return Err(Error::Usage(
            "--optimise needs HiGHS, which is not compiled into this build".into(),
        ));
    }
    #[cfg(feature = "highs")]
    solve_highs(st, opts)
}

#[cfg(feature = "highs")]
#[allow(clippy::needless_range_loop)] // (option, year) grids read best by index
fn solve_highs(st: &InvestStudy, opts: &OptimiseOptions) -> Result<Solved, Error> {
    use highs::{Col, HighsModelStatus as M, RowProblem, Sense};
    let t0 = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build()
        .map_err(|e| Error::Solver(format!("cannot start {} worker threads: {e}", opts.jobs)))?;
    let yb = blocks(st, &pool)?;
    let (n, ny) = (st.options.len(), st.years);
    let r = st.discount_rate;

    let mut pb = RowProblem::new();
    let mut costs: Vec<f64> = Vec::new();
    let add =
        |pb: &mut RowProblem, costs: &mut Vec<f64>, cost: f64, lo: f64, hi: f64, int: bool| {
            costs.push(cost);
            pb.add_column_with_integrality(cost, lo..=hi, int)
        };
    // Build and in-service decisions.
    let mut bcol: Vec<Vec<Option<Col>>> = vec![vec![None; ny]; n];
    let mut ucol: Vec<Vec<Option<Col>>> = vec![vec![None; ny]; n];
    let mut binaries = 0;
    for o in 0..n {
        for t in 0..ny {
            if st.first_year + t as i32 >= st.options[o].earliest_year {
                bcol[o][t] = Some(add(
                    &mut pb,
                    &mut costs,
                    build_cost(st, o, t),
                    0.0,
                    1.0,
                    true,
                ));
                binaries += 1;
            }
        }
        for y in 0..ny {
            if (0..=y).any(|t| bcol[o][t].is_some()) {
                let c = at_end(r, y) * st.options[o].fixed_eur_per_year;
                ucol[o][y] = Some(add(&mut pb, &mut costs, c, 0.0, 1.0, false));
            }
        }
    }
    // Block columns.
    let mut offset = 0.0;
    let mut other_integers = 0;
    let mut block_cols: Vec<(Vec<Col>, Vec<Col>)> = Vec::with_capacity(yb.len());
    for b in &yb {
        let factor = b.weight * at_end(r, b.year) * b.scale;
        let k = &b.block;
        offset += factor * k.offset;
        let cols: Vec<Col> = (0..k.cols.len())
            .map(|j| {
                other_integers += usize::from(k.integer[j]);
                add(
                    &mut pb,
                    &mut costs,
                    factor * k.cost[j],
                    k.lower[j],
                    k.upper[j],
                    k.integer[j],
                )
            })
            .collect();
        let prods: Vec<Col> = k
            .prods
            .iter()
            .map(|p| add(&mut pb, &mut costs, factor * p.cost, p.lo, p.hi, false))
            .collect();
        for &(o, d) in &k.on_cost {
            let c = ucol[o][b.year].expect("an option of the block is available");
            costs[c.index()] += factor * d;
            pb.change_column_cost(c, costs[c.index()]);
        }
        block_cols.push((cols, prods));
    }
    // Rows.
    let mut nonzeros = 0;
    let mut rows = 0;
    let mut row = |pb: &mut RowProblem, lo: f64, hi: f64, terms: &mut Vec<(Col, f64)>| {
        terms.sort_unstable_by_key(|t| t.0.index());
        terms.dedup_by(|a, b| {
            if a.0 == b.0 {
                b.1 += a.1;
                true
            } else {
                false
            }
        });
        terms.retain(|t| t.1 != 0.0);
        nonzeros += terms.len();
        rows += 1;
        pb.add_row(lo..=hi, terms.iter());
    };
    for o in 0..n {
        let mut once: Vec<(Col, f64)> = bcol[o].iter().flatten().map(|&c| (c, 1.0)).collect();
        if once.len() > 1 {
            row(&mut pb, f64::NEG_INFINITY, 1.0, &mut once);
        }
        let life = st.options[o].lifetime_years as usize;
        for y in 0..ny {
            let Some(u) = ucol[o][y] else { continue };
            let mut t: Vec<(Col, f64)> = vec![(u, 1.0)];
            for s in (y + 1).saturating_sub(life)..=y {
                if let Some(b) = bcol[o][s] {
                    t.push((b, -1.0));
                }
            }
            row(&mut pb, 0.0, 0.0, &mut t);
            for &q in &st.options[o].requires {
                let mut t = vec![(u, 1.0)];
                if let Some(v) = ucol[q][y] {
                    t.push((v, -1.0));
                }
                row(&mut pb, f64::NEG_INFINITY, 0.0, &mut t);
            }
        }
        for &x in st.options[o].excludes.iter().filter(|&&x| x > o) {
            let mut t: Vec<(Col, f64)> = bcol[o]
                .iter()
                .chain(&bcol[x])
                .flatten()
                .map(|&c| (c, 1.0))
                .collect();
            row(&mut pb, f64::NEG_INFINITY, 1.0, &mut t);
        }
    }
    for (b, (cols, prods)) in yb.iter().zip(&block_cols) {
        for br in &b.block.rows {
            let mut t: Vec<(Col, f64)> = br
                .terms
                .iter()
                .map(|&(term, v)| {
                    let c = match term {
                        Term::Col(j) => cols[j],
                        Term::Prod(k) => prods[k],
                        Term::On(o) => {
                            ucol[o][b.year].expect("an option of the block is available")
                        }
                    };
                    (c, v)
                })
                .collect();
            row(&mut pb, br.lo, br.hi, &mut t);
        }
    }
    let columns = pb.num_cols();
    let build_s = t0.elapsed().as_secs_f64();
    if opts.verbose {
        eprintln!(
            "optimise: {columns} columns ({binaries} binary), {rows} rows, {nonzeros} nonzeros, {} blocks, built in {build_s:.1} s",
            yb.len()
        );
    }

    // Solve.
    let t1 = Instant::now();
    let mut model = pb.optimise(Sense::Minimise);
    let set = |m: &mut highs::Model, k: &str, v: f64| {
        m.try_set_option(k, v)
            .map_err(|e| Error::Solver(format!("HiGHS option {k}: {e}")))
    };
    for k in ["output_flag", "log_to_console"] {
        model
            .try_set_option(k, opts.verbose)
            .map_err(|e| Error::Solver(format!("HiGHS option {k}: {e}")))?;
    }
    model
        .try_set_option("threads", opts.jobs.max(1) as i32)
        .map_err(|e| Error::Solver(format!("HiGHS option threads: {e}")))?;
    set(&mut model, "mip_rel_gap", opts.mip_gap)?;
    if let Some(t) = opts.time_limit_s {
        set(&mut model, "time_limit", t)?;
    }
    for (k, v) in &opts.highs_options {
        crate::solve::set_highs_option(&mut model, k, v)?;
    }
    let solved = model
        .try_solve()
        .map_err(|e| Error::Solver(format!("HiGHS failed on the multi-year model: {e:?}")))?;
    let solve_s = t1.elapsed().as_secs_f64();
    let status = solved.status();
    let has_plan = solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
    match status {
        M::Optimal => {}
        M::Infeasible => {
            return Err(Error::Solver(
                "the multi-year model is infeasible: no schedule has a usable plan in every year and future".into(),
            ))
        }
        M::UnboundedOrInfeasible | M::Unbounded => {
            return Err(Error::Solver(format!(
                "the multi-year model ended {status:?}"
            )))
        }
        _ if has_plan => {}
        other => {
            return Err(Error::Solver(format!(
                "the multi-year model ended {other:?} without a schedule"
            )))
        }
    }
    let gap = solved.mip_gap();
    let sol = solved.get_solution();
    let x = sol.columns();
    let objective_eur = solved.objective_value() + offset;

    // Read the schedule.
    let mut starts = vec![None; n];
    for o in 0..n {
        for t in 0..ny {
            if bcol[o][t].is_some_and(|c| x[c.index()] > 0.5) {
                starts[o] = Some(t);
            }
        }
    }
    // Check every year plan in its own model.
    let masks = super::optimise::in_service_masks(st, &starts);
    let checked: Vec<Result<usize, Error>> = pool.install(|| {
        yb.par_iter()
            .zip(&block_cols)
            .map(|(b, (cols, _))| {
                let m = masks[b.year];
                for o in super::optimise::members(m, n) {
                    let on = ucol[o][b.year].map_or(0.0, |c| x[c.index()]);
                    if on < 0.5 {
                        return Err(Error::Solver("the multi-year model's in-service variables disagree with its build decisions".into()));
                    }
                }
                let value: HashMap<&str, f64> = b
                    .block
                    .cols
                    .iter()
                    .zip(cols)
                    .map(|(name, c)| (name.as_str(), x[c.index()]))
                    .collect();
                let mut n_checked = 0;
                for &f in &b.futures {
                    let inst = set_instance(st, m, f, b.year).map_err(|_| {
                        Error::Solver("a year's model changed between builds".into())
                    })?;
                    let form = build(
                        &inst,
                        BuildOptions {
                            relax: st.relax,
                            elastic: false,
                        },
                    );
                    let lp = named_lp(&inst, &form);
                    let vals: Vec<f64> = lp
                        .cols
                        .iter()
                        .map(|c| value.get(c.as_str()).copied().unwrap_or(0.0))
                        .collect();
                    let cost: f64 = lp.offset + lp.cost.iter().zip(&vals).map(|(c, v)| c * v).sum::<f64>();
                    let plan = crate::plan::Plan::from_values(&form.vars, &vals);
                    let report = crate::check::check(&inst, &plan, cost, !st.relax);
                    if !report.passed {
                        let first = report
                            .violations
                            .first()
                            .map(|v| format!("{v:?}"))
                            .unwrap_or_default();
                        return Err(Error::Solver(format!(
                            "the checker rejected the multi-year model's plan for {} under \"{}\" ({} violations, first: {first})",
                            st.first_year + b.year as i32,
                            st.futures[f].name,
                            report.violation_count
                        )));
                    }
                    n_checked += 1;
                }
                Ok(n_checked)
            })
            .collect()
    });
    let mut plans_checked = 0;
    for c in checked {
        plans_checked += c?;
    }
    Ok(Solved {
        starts,
        figures: MipFigures {
            columns,
            rows,
            nonzeros,
            binaries,
            other_integers,
            blocks: yb.len(),
            sets_verified: yb.iter().map(|b| b.block.sets_verified).sum(),
            build_s,
            solve_s,
            status: format!("{status:?}"),
            gap,
            objective_eur,
            replanned_npc_eur: f64::NAN,
            plans_checked,
        },
    })
}
