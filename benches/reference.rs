//! Criterion benchmarks on the reference instance, one stage each: model build, solve per
//! backend, checker. Run: `cargo bench --bench reference` (medians in target/criterion).

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
        ("solve/highs-mip", Backend::Highs, mip),
        ("solve/highs-simplex-lp", Backend::HighsSimplex, lp),
        ("solve/highs-ipm-lp", Backend::HighsIpm, lp),
        ("solve/clarabel-lp", Backend::Clarabel, lp),
    ] {
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

criterion_group!(benches, bench);
criterion_main!(benches);
