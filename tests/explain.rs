//! `--explain`: infeasible variants of the tiny fixture, one cause each, name the right rule.

mod common;

use common::*;
use triplan::explain::{explain, week_ranges};
use triplan::{load_instance, SolveOptions, Status};

fn families(dir: &std::path::Path) -> Vec<(&'static str, String, f64)> {
    let inst = load_instance(dir).unwrap();
    let e = explain(&inst, &SolveOptions::default()).unwrap();
    assert_eq!(e.status, Status::Optimal);
    e.relaxations
        .iter()
        .map(|r| (r.family, r.message.clone(), r.amount))
        .collect()
}

#[test]
fn feasible_fixture_needs_no_relaxation() {
    assert!(families(&root().join("tests/fixtures/tiny")).is_empty());
}

/// At most 60 % of the 20 t can be recovered: a 90 % target is 6 t (30 points) short.
#[test]
fn recovery_target_is_named_with_its_shortfall() {
    let dir = copy_fixture("tiny");
    mutate(
        dir.path(),
        "model.toml",
        "id = \"small\"",
        "id = \"small\"\nrecovery_target = 0.9",
    );
    let f = families(dir.path());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "category_targets");
    assert!((f[0].2 - 6.0).abs() < 1e-6, "{f:?}");
    assert!(
        f[0].1.contains("recovery rate of category small")
            && f[0].1.contains("30.0 percentage points"),
        "{}",
        f[0].1
    );
    assert!(
        f[0].1.contains("60.0 % reachable against 90.0 % required"),
        "{}",
        f[0].1
    );
}

/// The scrap buyer's contract asks 100 t but only 12 t of metal exist: 88 t short.
#[test]
fn contract_minimum_is_named() {
    let dir = copy_fixture("tiny");
    mutate(
        dir.path(),
        "model.toml",
        "prices_eur_per_t = { metal = 100 }",
        "prices_eur_per_t = { metal = 100 }\nmin_t = 100",
    );
    let f = families(dir.path());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "contracts");
    assert!((f[0].2 - 88.0).abs() < 1e-6, "{f:?}");
    assert!(
        f[0].1.contains("contract minimum of outlet scrap"),
        "{}",
        f[0].1
    );
}

/// 150 t must be in stock at the end, but only 20 t arrive: 130 t short. (An insertion share
/// alone never makes the model infeasible: work can always go to the external contractor.)
#[test]
fn closing_stock_is_named() {
    let dir = copy_fixture("tiny");
    append(
        dir.path(),
        "model.toml",
        "\n[[stock]]\nsite = \"s\"\nstream = \"mixed\"\nclosing_min_t = 150\nclosing_max_t = 150\n",
    );
    mutate(
        dir.path(),
        "model.toml",
        "intake_capacity_t = 100",
        "intake_capacity_t = 200",
    );
    let f = families(dir.path());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "closing_stock");
    assert!((f[0].2 - 130.0).abs() < 1e-6, "{f:?}");
    assert!(
        f[0].1.contains("closing intake stock of mixed at s"),
        "{}",
        f[0].1
    );
}

/// Three insertion workers are required but the state funds one post.
#[test]
fn funded_posts_are_named() {
    let dir = copy_fixture("tiny");
    append(
        dir.path(),
        "model.toml",
        &INSERTION
            .replace(
                "insertion_share_min = 0.5",
                "insertion_share_min = 0.5\nfunded_posts = 1",
            )
            .replace(
                "headcount_max = 10",
                "headcount_min = 3\nheadcount_max = 10",
            ),
    );
    let f = families(dir.path());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "funded_posts");
    assert!((f[0].2 - 2.0).abs() < 1e-6, "{f:?}");
}

#[test]
fn week_lists_are_compact() {
    assert_eq!(week_ranges(&[3, 4, 5, 7, 9, 10]), "3-5, 7, 9-10");
    assert_eq!(week_ranges(&[]), "");
}
