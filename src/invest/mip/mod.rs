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

#[cfg(feature = "highs")]
mod assemble;

use super::evaluate::year_problems;
use super::named::named_lp;
use super::optimise::{
    keys_hash, requires_masks, set_instance, valid_masks, year_label, OptimiseOptions,
};
use super::study::InvestStudy;
use super::union::{block, Block};
use crate::error::{Error, InputError, Problem};
use crate::formulation::{build, BuildOptions};
use crate::plant::Instance;
#[cfg(feature = "highs")]
use assemble::{
    block_columns, block_rows, decisions, schedule_rows, Assembly, BlockCols, Decisions,
};
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
                            year_problems(st, &year_label(st, m, f, y), ps, &mut problems);
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

/// Builds and solves the multi-year model, then checks every year plan of its solution.
#[cfg(feature = "highs")]
fn solve_highs(st: &InvestStudy, opts: &OptimiseOptions) -> Result<Solved, Error> {
    let t0 = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build()
        .map_err(|e| Error::Solver(format!("cannot start {} worker threads: {e}", opts.jobs)))?;
    let yb = blocks(st, &pool)?;

    let mut asm = Assembly::new();
    let dec = decisions(st, &mut asm);
    let (block_cols, offset, other_integers) = block_columns(st, &yb, &dec, &mut asm);
    schedule_rows(st, &dec, &mut asm);
    block_rows(&yb, &block_cols, &dec, &mut asm);
    let (columns, rows, nonzeros) = (asm.pb.num_cols(), asm.rows, asm.nonzeros);
    let build_s = t0.elapsed().as_secs_f64();
    if opts.verbose {
        eprintln!(
            "optimise: {columns} columns ({} binary), {rows} rows, {nonzeros} nonzeros, {} blocks, built in {build_s:.1} s",
            dec.binaries,
            yb.len()
        );
    }

    let t1 = Instant::now();
    let solved = run_highs(asm.pb, opts)?;
    let solve_s = t1.elapsed().as_secs_f64();
    let status = solved.status();
    let gap = solved.mip_gap();
    let sol = solved.get_solution();
    let x = sol.columns();
    let objective_eur = solved.objective_value() + offset;

    let starts = read_schedule(&dec, x);
    let plans_checked = check_plans(st, &pool, &yb, &block_cols, &dec, &starts, x)?;
    Ok(Solved {
        starts,
        figures: MipFigures {
            columns,
            rows,
            nonzeros,
            binaries: dec.binaries,
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

/// Solves the model with the study's HiGHS options; an error unless it ends optimal or with a
/// feasible schedule (a time limit, a gap): [`Error::NoSolution`] when HiGHS finds the model
/// infeasible or unbounded, [`Error::Solver`] otherwise.
#[cfg(feature = "highs")]
fn run_highs(pb: highs::RowProblem, opts: &OptimiseOptions) -> Result<highs::SolvedModel, Error> {
    use crate::solve::Status;
    use highs::HighsModelStatus as M;
    let mut model = pb.optimise(highs::Sense::Minimise);
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
    let status = solved.status();
    let has_plan = solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
    let no_solution = |status: Status, message: String| Error::NoSolution { status, message };
    match status {
        M::Optimal => {}
        M::Infeasible => {
            return Err(no_solution(
                Status::Infeasible,
                "the multi-year model is infeasible: no schedule has a usable plan in every year and future".into(),
            ))
        }
        M::UnboundedOrInfeasible => {
            return Err(no_solution(
                Status::InfeasibleOrUnbounded,
                format!("the multi-year model ended {status:?}"),
            ))
        }
        M::Unbounded => {
            return Err(no_solution(
                Status::Unbounded,
                format!("the multi-year model ended {status:?}"),
            ))
        }
        _ if has_plan => {}
        other => {
            return Err(Error::Solver(format!(
                "the multi-year model ended {other:?} without a schedule"
            )))
        }
    }
    Ok(solved)
}

/// The build year of each option in the solution `x` (the last year whose `b[o,t]` is set).
#[cfg(feature = "highs")]
fn read_schedule(dec: &Decisions, x: &[f64]) -> Vec<Option<usize>> {
    dec.build
        .iter()
        .map(|years| {
            let mut start = None;
            for (t, b) in years.iter().enumerate() {
                if b.is_some_and(|c| x[c.index()] > 0.5) {
                    start = Some(t);
                }
            }
            start
        })
        .collect()
}

/// Checks every year plan of the solution `x` in its own model: the set in service that year,
/// built directly, under each future of the block, by the independent checker. Returns the
/// number of plans checked.
#[cfg(feature = "highs")]
fn check_plans(
    st: &InvestStudy,
    pool: &rayon::ThreadPool,
    yb: &[YearBlock],
    block_cols: &[BlockCols],
    dec: &Decisions,
    starts: &[Option<usize>],
    x: &[f64],
) -> Result<usize, Error> {
    let n = st.options.len();
    let masks = super::optimise::in_service_masks(st, starts);
    let checked: Vec<Result<usize, Error>> = pool.install(|| {
        yb.par_iter()
            .zip(block_cols)
            .map(|(b, bc)| {
                let m = masks[b.year];
                for o in super::optimise::members(m, n) {
                    let on = dec.in_service[o][b.year].map_or(0.0, |c| x[c.index()]);
                    if on < 0.5 {
                        return Err(Error::Solver("the multi-year model's in-service variables disagree with its build decisions".into()));
                    }
                }
                let value: HashMap<&str, f64> = b
                    .block
                    .cols
                    .iter()
                    .zip(&bc.cols)
                    .map(|(name, c)| (name.as_str(), x[c.index()]))
                    .collect();
                let mut n_checked = 0;
                for &f in &b.futures {
                    check_plan(st, b.year, m, f, &value)?;
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
    Ok(plans_checked)
}

/// Checks the plan of year `y` under future `f`, with option set `m` in service, read from the
/// solution's values by column name.
#[cfg(feature = "highs")]
fn check_plan(
    st: &InvestStudy,
    y: usize,
    m: u32,
    f: usize,
    value: &HashMap<&str, f64>,
) -> Result<(), Error> {
    let inst = set_instance(st, m, f, y)
        .map_err(|_| Error::Solver("a year's model changed between builds".into()))?;
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
            st.first_year + y as i32,
            st.futures[f].name,
            report.violation_count
        )));
    }
    Ok(())
}
