//! Measures whether warm-starting HiGHS's dual simplex from the basis of a neighbouring
//! scenario speeds up a sweep of LP relaxations.
//!
//! `cargo run --release --example warm_start -- [STUDY] [N]` (default: the 200-scenario
//! benchmark study, first 60 scenarios). For each scenario the LP is solved twice from
//! scratch (cold) and from the optimal basis of the study's first scenario (warm, the
//! deterministic choice a parallel sweep could use), and the median solve times are printed.

use good_lp::SolverModel;
use std::path::PathBuf;
use std::time::Instant;
use triplan::scenario::load_study;
use triplan::{build, BuildOptions};

type Basis = (Vec<i32>, Vec<i32>);

fn solve(inst: &triplan::Instance, basis: Option<&Basis>) -> (f64, f64, Option<Basis>) {
    let f = build(
        inst,
        BuildOptions {
            relax: true,
            ..Default::default()
        },
    );
    let lp = f.model;
    let mut pb = good_lp::solvers::highs::highs(lp.problem.minimise(lp.objective));
    for c in lp.rows.constraints {
        pb.add_constraint(c);
    }
    let mut model = pb.try_into_inner().expect("model");
    model.set_option("output_flag", false);
    model.set_option("threads", 1);
    model.set_option("solver", "simplex");
    let (nc, nr) = (model.num_cols(), model.num_rows());
    if let Some((cols, rows)) = basis {
        if cols.len() == nc && rows.len() == nr {
            // SAFETY: the arrays have the model's column and row counts.
            unsafe { highs_sys::Highs_setBasis(model.as_mut_ptr(), cols.as_ptr(), rows.as_ptr()) };
        }
    }
    let t = Instant::now();
    let solved = model.solve();
    let secs = t.elapsed().as_secs_f64();
    let mut cols = vec![0i32; nc];
    let mut rows = vec![0i32; nr];
    // SAFETY: as above, sized to the model.
    let ok =
        unsafe { highs_sys::Highs_getBasis(solved.as_ptr(), cols.as_mut_ptr(), rows.as_mut_ptr()) };
    (
        secs,
        solved.objective_value(),
        (ok == 0).then_some((cols, rows)),
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let study_path = PathBuf::from(args.get(1).map_or(
        "instances/juratri-2014/sweeps/bench-200.toml",
        String::as_str,
    ));
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(60);
    let study = load_study(&study_path).expect("study");
    let base = study.instance(&study.scenarios[0]);
    let (_, _, basis) = solve(&base, None);
    let basis = basis.expect("basis of the first scenario");
    let (mut cold, mut warm) = (Vec::new(), Vec::new());
    let mut max_diff: f64 = 0.0;
    for s in study.scenarios.iter().take(n) {
        let inst = study.instance(s);
        let (tc, oc, _) = solve(&inst, None);
        let (tw, ow, _) = solve(&inst, Some(&basis));
        max_diff = max_diff.max((oc - ow).abs() / oc.abs().max(1.0));
        cold.push(tc);
        warm.push(tw);
    }
    println!("scenarios: {}", cold.len());
    println!(
        "cold start: median {:.4} s, total {:.2} s",
        median(cold.clone()),
        cold.iter().sum::<f64>()
    );
    println!(
        "warm start: median {:.4} s, total {:.2} s",
        median(warm.clone()),
        warm.iter().sum::<f64>()
    );
    println!("largest relative objective difference: {max_diff:.2e}");
}
