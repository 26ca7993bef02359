//! Row naming: one family and one key per row, shared by export, explanations, shadow prices,
//! the checker's violations and the investment model's row keys.

mod common;

use common::*;
use std::collections::HashSet;
use triplan::export::row_names;
use triplan::formulation::Row;
use triplan::plant::{CategoryId, LineId, ShiftId, SiteId, StreamId};
use triplan::{build, load_instance, run, BuildOptions, RunOptions};

const BUILDS: [BuildOptions; 2] = [
    BuildOptions {
        relax: false,
        elastic: false,
    },
    BuildOptions {
        relax: true,
        elastic: true,
    },
];

/// Every row lies in the block its family opened, and export's names are
/// `<block name>_<index in the block>`, as they were when export read the blocks.
#[test]
fn every_row_lies_in_the_block_of_its_family() {
    for dir in [
        "instances/juratri-2014",
        "instances/tutorial",
        "tests/fixtures/tiny",
    ] {
        let inst = load_instance(&root().join(dir)).unwrap();
        for opts in BUILDS {
            let f = build(&inst, opts);
            let rows = &f.model.rows;
            let mut covered = 0;
            let names = row_names(&f.model);
            for fam in &rows.families {
                for (i, r) in (fam.start..fam.end).enumerate() {
                    assert_eq!(rows.labels[r].family(), fam.name, "{dir}: row {r}");
                    assert_eq!(names[r], format!("{}_{i}", fam.name), "{dir}: row {r}");
                    covered += 1;
                }
            }
            assert_eq!(covered, rows.labels.len(), "{dir}: rows outside any family");
        }
    }
}

/// Keys name a row's entities by id, the week 1-based, and tell every row of a model apart.
#[test]
fn row_keys_are_unique_and_readable() {
    let inst = load_instance(&root().join("instances/juratri-2014")).unwrap();
    let f = build(&inst, BUILDS[0]);
    let keys: Vec<String> = f
        .model
        .rows
        .labels
        .iter()
        .map(|r| r.key(&inst.plant))
        .collect();
    let unique: HashSet<&String> = keys.iter().collect();
    assert_eq!(unique.len(), keys.len());

    let dir = copy_fixture("tiny");
    mutate(
        dir.path(),
        "model.toml",
        "id = \"small\"",
        "id = \"small\"\nrecovery_target = 0.5",
    );
    append(dir.path(), "model.toml", "\n[targets]\nrecycling = 0.4\n");
    let inst = load_instance(dir.path()).unwrap();
    let p = &inst.plant;
    let line = Row::LineCapacity(LineId(0), ShiftId(0), 1);
    assert_eq!(line.key(p), "line_capacity[s,bench,day,w2]");
    assert_eq!(line.family(), "line_capacity");
    let balance = Row::IntakeBalance(SiteId(0), StreamId(0), 0);
    assert_eq!(balance.key(p), "intake_balance[s,mixed,w1]");
    let cat = Row::Recovery(Some(CategoryId(0)));
    assert_eq!(
        (cat.key(p), cat.family()),
        ("recovery[small]".into(), "category_targets")
    );
    let all = Row::Recycling(None);
    assert_eq!(
        (all.key(p), all.family()),
        ("recycling[plant]".into(), "plant_targets")
    );
    assert_eq!(Row::FundedPosts.key(p), "funded_posts");
    let keys: Vec<String> = build(&inst, BUILDS[0])
        .model
        .rows
        .labels
        .iter()
        .map(|r| r.key(p))
        .collect();
    for k in [
        "recovery[small]",
        "recycling[plant]",
        "line_capacity[s,bench,day,w1]",
    ] {
        assert!(keys.iter().any(|x| x == k), "{k} not in {keys:?}");
    }
}

/// The checker names a violation by the key of the row it re-checks.
#[test]
fn checker_names_violations_by_row_key() {
    let inst = load_instance(&root().join("tests/fixtures/tiny")).unwrap();
    let s = run(&inst, &RunOptions::default()).unwrap();
    let mut bad = s.plan.unwrap();
    bad.processed_t[[0, 0, 0, 0]] += 1.0;
    let r = triplan::check(&inst, &bad, s.objective.unwrap(), true);
    let v = r
        .violations
        .iter()
        .find(|v| v.check == "intake_balance")
        .expect("an intake balance violation");
    assert_eq!(v.at, "intake_balance[s,mixed,w1]");
    let v = r
        .violations
        .iter()
        .find(|v| v.check == "output_balance")
        .expect("an output balance violation");
    assert!(
        v.at.starts_with("output_balance[s,metal/small,w1]"),
        "{}",
        v.at
    );
}
