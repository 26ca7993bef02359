//! Solving one scenario of a sweep: its solve options, the base's basis to warm-start from,
//! the hash of what it depends on, and its row.

use super::resume::{row_key, ScenarioResult};
use super::row::{RowStatus, SweepRow, PAYROLL};
use super::SweepOptions;
use crate::error::Error;
use crate::plant::StaffKind;
use crate::scenario::{Scenario, Study};
use crate::solve::{Backend, Basis, SolveOptions, Status};
use crate::{run, BuildOptions, RunOptions};
use std::path::Path;
use std::sync::Arc;

/// Solves one scenario and returns its result (never panics on a model problem). With
/// `detail_dir`, its plan tables are written there first; a failed write is the error.
pub fn solve_scenario(
    study: &Study,
    s: &Scenario,
    opts: &SweepOptions,
    basis: Option<Arc<Basis>>,
    detail_dir: Option<&Path>,
) -> Result<ScenarioResult, Error> {
    let inst = study.instance(s);
    let ropts = RunOptions {
        build: BuildOptions {
            relax: study.relax,
            ..Default::default()
        },
        solve: solve_options(study, opts, basis),
        mip_start: true,
        shadow_prices: false,
    };
    let hash = solve_hash(study, &inst, opts);
    let mut row = row_key(study, s, &hash);
    let outcome = match run(&inst, &ropts) {
        Ok(r) => {
            fill(&mut row, &inst, &r);
            row.explanation = explanation(&inst, &r, &solve_options(study, opts, None));
            if let (Some(dir), true) = (detail_dir, r.plan.is_some()) {
                crate::report::write_dir(&dir.join(format!("{:06}", s.id)), &inst, &r)?;
            }
            outcome(r.status)
        }
        Err(e) => {
            row.status = RowStatus::Error;
            row.reason = e.to_string().replace('\n', " ");
            row.explanation = row.reason.clone();
            "failed"
        }
    };
    Ok(ScenarioResult::new(study, &row, outcome))
}

/// The outcome class of a status: `solved`, `infeasible` or `failed`.
fn outcome(status: Status) -> &'static str {
    match status {
        Status::Optimal | Status::Feasible => "solved",
        Status::Infeasible | Status::Unbounded | Status::InfeasibleOrUnbounded => "infeasible",
        Status::Rejected | Status::LimitNoSolution => "failed",
    }
}

/// Why a run with this status has no usable plan (empty when it has one).
fn reason(status: Status) -> String {
    match status {
        Status::Rejected => "the checker rejected the plan".to_string(),
        Status::LimitNoSolution => "a limit was hit before a plan was found".to_string(),
        Status::Infeasible | Status::InfeasibleOrUnbounded | Status::Unbounded => {
            format!("the model is {}", status.name())
        }
        _ => String::new(),
    }
}

/// The most relaxations (or violations) an explanation names.
const EXPLAINED: usize = 3;

/// What stands in the way of a plan (empty when there is a usable one): for an infeasible
/// model, the rules the elastic re-solve of [`crate::explain`] relaxes (solved only here, for
/// the infeasible scenarios); for a rejected plan, the checker's largest violations; else the
/// reason.
fn explanation(inst: &crate::Instance, r: &crate::Solved, so: &SolveOptions) -> String {
    match r.status {
        Status::Optimal | Status::Feasible => String::new(),
        Status::Infeasible | Status::InfeasibleOrUnbounded => {
            match crate::explain::explain(inst, so) {
                Ok(e) => crate::explain::brief(&e, EXPLAINED),
                Err(e) => format!("the elastic re-solve failed: {e}").replace('\n', " "),
            }
        }
        Status::Rejected => {
            let mut v: Vec<&crate::check::Violation> =
                r.check.iter().flat_map(|c| &c.violations).collect();
            v.sort_by(|a, b| b.amount.total_cmp(&a.amount));
            let named: Vec<String> = v
                .iter()
                .take(EXPLAINED)
                .map(|v| format!("{} at {} by {:.3}", v.check, v.at, v.amount))
                .collect();
            if named.is_empty() {
                reason(r.status)
            } else {
                format!("the checker rejected the plan: {}", named.join("; "))
            }
        }
        Status::Unbounded | Status::LimitNoSolution => {
            format!("{} (solver: {})", reason(r.status), r.solver_status)
        }
    }
}

/// Fills a row with a run's status, the checker's figures and costs, the utilisation of
/// each line and the staff of the checked plan, and its timings.
fn fill(row: &mut SweepRow, inst: &crate::Instance, r: &crate::Solved) {
    row.status = RowStatus::Solved(r.status);
    row.solver_status = r.solver_status.clone();
    row.objective_eur = r.objective;
    if let Some(c) = &r.check {
        let k = &c.kpis;
        row.kpis = super::row::Kpis {
            recovery_rate: k.recovery_rate,
            recycling_rate: k.recycling_rate,
            insertion_share: k.insertion_share,
            insertion_hours: Some(k.staff[StaffKind::Insertion.index()].worked_h),
            insertion_headcount: Some(k.insertion_headcount),
            processed_t: Some(k.processed_t),
            external_t: Some(k.external_t),
            temporary_h: Some(k.staff[StaffKind::Temporary.index()].paid_h),
            persons_peak: PAYROLL.map(|kind| Some(k.staff[kind.index()].headcount)),
            persons_mean: PAYROLL.map(|kind| {
                let weeks = inst.weeks.max(1) as f64;
                r.plan
                    .as_ref()
                    .map(|p| p.staff_n.slice(ndarray::s![.., kind.index(), ..]).sum() / weeks)
            }),
        };
        // A line without available hours has no utilisation.
        row.util = k
            .lines
            .iter()
            .map(|l| (l.available_h > 0.0).then_some(l.hours / l.available_h))
            .collect();
        row.set_costs(&c.costs);
        row.check_passed = Some(c.passed);
        row.max_violation = Some(c.max_violation);
    }
    row.build_s = Some(r.timings.build);
    row.solve_s = Some(r.timings.solve);
    row.reason = reason(r.status);
}

/// The solve options of every scenario of a study: one thread each, the study's limits.
pub(super) fn solve_options(
    study: &Study,
    opts: &SweepOptions,
    basis: Option<Arc<Basis>>,
) -> SolveOptions {
    SolveOptions {
        backend: opts.backend,
        time_limit_s: study.time_limit_s,
        mip_gap: study.mip_gap,
        threads: 1,
        verbose: false,
        presolve: true,
        highs_options: Vec::new(),
        warm_basis: basis,
        return_basis: false,
    }
}

/// The optimal basis of the base instance's LP, to warm-start every scenario from (LP studies
/// on HiGHS). Every scenario starts from the same basis, so results do not depend on the order
/// or the number of jobs.
pub(super) fn base_basis(study: &Study, opts: &SweepOptions) -> Option<Arc<Basis>> {
    if !base_basis_used(study, opts) {
        return None;
    }
    let mut so = solve_options(study, opts, None);
    so.return_basis = true;
    let f = crate::build(
        &study.base,
        BuildOptions {
            relax: true,
            ..Default::default()
        },
    );
    crate::solve(f.model, &so).ok()?.basis.map(Arc::new)
}

/// Whether LP scenarios start from the base's basis.
fn base_basis_used(study: &Study, opts: &SweepOptions) -> bool {
    opts.warm_start
        && study.relax
        && matches!(
            opts.backend.resolve(false),
            Ok((
                Backend::Highs | Backend::HighsSimplex | Backend::HighsIpm,
                _
            ))
        )
}

/// The hash `solve_scenario` computes, without solving.
pub(super) fn solve_hash(study: &Study, inst: &crate::Instance, opts: &SweepOptions) -> String {
    let solve = solve_options(study, opts, None);
    let mut bytes = serde_json::to_vec(inst).unwrap_or_default();
    let warm = base_basis_used(study, opts);
    bytes.extend(serde_json::to_vec(&(&solve, study.relax, warm)).unwrap_or_default());
    // The engine `auto` picks on this machine: a cached row from another engine is not reused.
    let engine = opts.backend.resolve(!study.relax).map(|(b, _)| b.name());
    bytes.extend(engine.unwrap_or("none").as_bytes());
    crate::hash::fnv_hex(&bytes)
}
