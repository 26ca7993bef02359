//! Clarabel, interior point, for LPs only.

use super::*;
use clarabel::solver::{IPSolver, SolverStatus as S};

pub fn solve(f: LpModel, opts: &SolveOptions) -> Result<Outcome, Error> {
    if f.integer_variables > 0 {
        return Err(Error::Usage(format!(
            "clarabel solves LPs only and this model has {} integer variables (truck trips): add --relax or use --solver highs",
            f.integer_variables
        )));
    }
    let start = Instant::now();
    let LpModel {
        problem,
        rows,
        objective,
        ..
    } = f;
    let mut pb = good_lp::solvers::clarabel::clarabel(problem.minimise(objective));
    {
        let s = pb.settings();
        s.verbose(opts.verbose)
            .max_iter(500)
            .tol_gap_abs(1e-9)
            .tol_gap_rel(1e-9)
            .tol_feas(1e-9);
        if let Some(t) = opts.time_limit_s {
            s.time_limit(t);
        }
    }
    for c in rows.constraints {
        good_lp::SolverModel::add_constraint(&mut pb, c);
    }
    let mut solver = pb
        .try_into_solver()
        .map_err(|e| Error::Solver(format!("Clarabel rejected the model: {e}")))?;
    solver.solve();
    let raw = solver.solution.status;
    let status = match raw {
        S::Solved => Status::Optimal,
        // Reduced accuracy: a plan, but not one we call optimal.
        S::AlmostSolved => Status::Feasible,
        S::PrimalInfeasible | S::AlmostPrimalInfeasible => Status::Infeasible,
        S::DualInfeasible | S::AlmostDualInfeasible => Status::Unbounded,
        S::MaxIterations | S::MaxTime => Status::LimitNoSolution,
        other => {
            return Err(Error::Solver(format!(
                "Clarabel ended with status {other:?}"
            )))
        }
    };
    let values = status.has_plan().then(|| solver.solution.x.clone());
    Ok(Outcome {
        engine: opts.backend,
        engine_note: None,
        status,
        solver_status: format!("{raw:?}"),
        objective: None,
        solver_objective: values.as_ref().map(|_| solver.solution.obj_val),
        values,
        row_duals: None,
        mip_gap: None,
        basis: None,
        solve_s: start.elapsed().as_secs_f64(),
    })
}
