//! HiGHS, driven through its C API so that its exact termination status survives.

use super::*;
use highs::HighsModelStatus as M;
use highs::HighsSolutionStatus;

pub fn solve(f: LpModel, opts: &SolveOptions) -> Result<Outcome, Error> {
    let start = Instant::now();
    let LpModel {
        problem,
        rows,
        objective,
        integer_variables,
        start: mip_start,
    } = f;
    let mut pb = good_lp::solvers::highs::highs(problem.minimise(objective));
    for c in rows.constraints {
        good_lp::SolverModel::add_constraint(&mut pb, c);
    }
    let mut model = pb
        .try_into_inner()
        .map_err(|e| Error::Solver(format!("HiGHS rejected the model: {e}")))?;
    fn set<V: highs::HighsOptionValue>(m: &mut highs::Model, k: &str, v: V) -> Result<(), Error> {
        m.try_set_option(k, v)
            .map_err(|e| Error::Solver(format!("HiGHS option {k}: {e}")))
    }
    let (ncols, nrows) = (model.num_cols(), model.num_rows());
    set(&mut model, "output_flag", opts.verbose)?;
    set(&mut model, "threads", opts.threads.max(1) as i32)?;
    let method = match opts.backend {
        Backend::HighsSimplex => "simplex",
        Backend::HighsIpm => "ipm",
        // Measured (README, "Performance"): dual simplex is fastest on the reference plant,
        // interior point (with crossover, so plans stay vertex solutions) on larger LPs.
        Backend::Highs if integer_variables == 0 && ncols > IPM_ABOVE_COLUMNS => "ipm",
        _ => "choose",
    };
    set(&mut model, "solver", method)?;
    if let Some(t) = opts.time_limit_s {
        set(&mut model, "time_limit", t)?;
    }
    set(
        &mut model,
        "mip_rel_gap",
        opts.mip_gap.unwrap_or(DEFAULT_MIP_GAP),
    )?;
    for (k, v) in &opts.highs_options {
        set_highs_option(&mut model, k, v)?;
    }
    if !opts.presolve {
        set(&mut model, "presolve", "off")?;
    }
    if let Some(b) = &opts.warm_basis {
        if b.cols.len() == model.num_cols() && b.rows.len() == model.num_rows() {
            // SAFETY: both arrays have exactly the model's column and row counts.
            unsafe {
                highs_sys::Highs_setBasis(model.as_mut_ptr(), b.cols.as_ptr(), b.rows.as_ptr());
            }
        }
    }
    if let Some(cols) = &mip_start {
        // A rejected start only costs the solver its head start.
        let _ = model.try_set_solution(Some(cols), None, None, None);
    }
    let solved = model
        .try_solve()
        .map_err(|e| Error::Solver(format!("HiGHS failed: {e:?}")))?;
    let raw = solved.status();
    let has_primal = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let status = match raw {
        M::Optimal => Status::Optimal,
        M::Infeasible => Status::Infeasible,
        M::Unbounded => Status::Unbounded,
        M::UnboundedOrInfeasible => Status::InfeasibleOrUnbounded,
        M::ReachedTimeLimit
        | M::ReachedIterationLimit
        | M::ReachedSolutionLimit
        | M::ReachedInterrupt
        | M::ReachedMemoryLimit
        | M::ObjectiveBound
        | M::ObjectiveTarget => {
            if has_primal {
                Status::Feasible
            } else {
                Status::LimitNoSolution
            }
        }
        other => return Err(Error::Solver(format!("HiGHS ended with status {other:?}"))),
    };
    let mip_gap = (integer_variables > 0).then(|| solved.mip_gap());
    let basis = (opts.return_basis && integer_variables == 0 && status == Status::Optimal)
        .then(|| {
            let mut b = Basis {
                cols: vec![0; ncols],
                rows: vec![0; nrows],
            };
            // SAFETY: both arrays have exactly the model's column and row counts.
            let rc = unsafe {
                highs_sys::Highs_getBasis(solved.as_ptr(), b.cols.as_mut_ptr(), b.rows.as_mut_ptr())
            };
            (rc == 0).then_some(b)
        })
        .flatten();
    let (values, row_duals) = if status.has_plan() && has_primal {
        let sol = solved.get_solution();
        let duals =
            (integer_variables == 0 && status == Status::Optimal).then(|| sol.dual_rows().to_vec());
        (Some(sol.columns().to_vec()), duals)
    } else {
        (None, None)
    };
    let status = if status.has_plan() && values.is_none() {
        Status::LimitNoSolution
    } else {
        status
    };
    Ok(Outcome {
        engine: opts.backend,
        engine_note: None,
        status,
        solver_status: format!("{raw:?}"),
        objective: None,
        solver_objective: values.as_ref().map(|_| solved.objective_value()),
        values,
        row_duals,
        mip_gap,
        basis,
        solve_s: start.elapsed().as_secs_f64(),
    })
}
