//! Criterion benchmarks, one thing each: on the reference instance, model build, solve per
//! backend (the MIP with each installed engine, the LP relaxation with each LP backend) and
//! checker; and a whole small sweep. Run: `cargo bench --bench reference`
//! (medians in target/criterion).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::path::Path;
use triplan::{build, check, load_instance, solve, Backend, BuildOptions, Plan, SolveOptions};

const REFERENCE: &str = "instances/juratri-2014";

fn bench(c: &mut Criterion) {
    let inst = load_instance(Path::new(REFERENCE)).expect("reference instance");
    let mip = BuildOptions {
        relax: false,
        ..Default::default()
    };
    let lp = BuildOptions {
        relax: true,
        ..Default::default()
    };

    let mut g = c.benchmark_group("juratri-2014");
    g.sample_size(10);
    g.bench_function("build", |b| b.iter(|| build(&inst, mip)));

    for (name, backend, opts) in [
        ("solve/scip-mip", Backend::Scip, mip),
        ("solve/cbc-mip", Backend::Cbc, mip),
        ("solve/highs-mip", Backend::Highs, mip),
        ("solve/highs-simplex-lp", Backend::HighsSimplex, lp),
        ("solve/highs-ipm-lp", Backend::HighsIpm, lp),
        ("solve/clarabel-lp", Backend::Clarabel, lp),
    ] {
        // SCIP and CBC are loaded at run time: a machine without them has no such row.
        if !backend.available() {
            eprintln!("{name}: skipped, {}", backend.probe().unwrap_err());
            continue;
        }
        // Build outside the timed section: only the solve is measured.
        g.bench_function(name, |b| {
            b.iter_batched(
                || build(&inst, opts),
                |f| {
                    let so = SolveOptions {
                        backend,
                        ..SolveOptions::default()
                    };
                    solve(f.model, &so).expect("solve")
                },
                BatchSize::LargeInput,
            )
        });
    }

    let f = build(&inst, mip);
    let vars = f.vars;
    let out = solve(f.model, &SolveOptions::default()).expect("solve");
    let values = out.values.expect("plan");
    let obj = out.objective.unwrap();
    g.bench_function("check", |b| {
        b.iter_batched(
            || Plan::from_values(&vars, &values),
            |plan| check(&inst, &plan, obj, true),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

/// A whole small sweep: the tiny fixture's 8 scenarios, one job, into a fresh directory.
fn sweep(c: &mut Criterion) {
    use triplan::sweep::{sweep, SweepOptions};
    let study =
        triplan::scenario::load_study(Path::new("tests/fixtures/tiny/sweep.toml")).expect("study");
    let opts = SweepOptions {
        jobs: 1,
        shard: None,
        resume: false,
        detail: false,
        backend: Backend::Highs,
        warm_start: true,
        force: false,
    };
    let mut g = c.benchmark_group("sweep");
    g.sample_size(20);
    g.bench_function("tiny-8-scenarios", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temp dir"),
            |dir| sweep(&study, &dir.path().join("out"), &opts, &|_| {}).expect("sweep"),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, bench, sweep);
criterion_main!(benches);
