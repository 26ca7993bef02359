//! Criterion benchmarks of re-planning with actuals, one thing each: the 52-week rolling replay
//! of the reference (LP relaxation, the actual intake of 2014), and one re-plan of the
//! reference LP with its first 26 weeks executed. Run: `cargo bench --bench replan` (medians in
//! target/criterion).

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::Path;
use triplan::{replan, BuildOptions, RunOptions};

const REFERENCE: &str = "instances/juratri-2014";
const ACTUAL_INTAKE: &str = "instances/juratri-2014/actual-intake-2014.csv";

fn bench(c: &mut Criterion) {
    let forecast = replan::load(Path::new(REFERENCE), None, true).expect("reference instance");
    let actual = replan::read_actuals(&forecast, Path::new(ACTUAL_INTAKE)).expect("actuals");
    let lp = RunOptions {
        build: BuildOptions {
            relax: true,
            ..Default::default()
        },
        shadow_prices: false,
        ..RunOptions::default()
    };
    let mut g = c.benchmark_group("replan-juratri-2014");
    g.sample_size(10);
    g.bench_function("rolling-52-weeks-lp", |b| {
        b.iter(|| replan::rolling(&forecast, &actual, &lp, |_| {}).expect("replay"))
    });
    // The executed past of a replay's first 26 weeks, as a planner's actuals on Monday of week 27.
    let r = replan::rolling(&forecast, &actual, &lp, |_| {}).expect("replay");
    let (last, solved) = r.last.as_ref().expect("the last solve");
    let plan = solved.plan.as_ref().expect("a plan");
    let past = replan::executed(last, plan, 26);
    let inst = replan::with_actuals(&forecast, past);
    g.bench_function("replan-week-27-lp", |b| {
        b.iter(|| triplan::run(&inst, &lp).expect("replan"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
