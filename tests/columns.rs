//! Column order: the variable families come in a fixed order (line decisions, staff,
//! deliveries, intake, output, then the columns the rows add: the targets' weekly margins),
//! which exports and the solution's column indices show.

mod common;

use common::root;
use triplan::export::matrix;
use triplan::{build, load_instance, BuildOptions};

/// The family group of a column name: 0 line decisions (x, w), 1 staff (P, N0, N, hire, dep,
/// EA, EX, o1, o2, adv, v), 2 deliveries (d), 3 intake (ext, I), 4 output (O, y, z), 5 the
/// targets' weekly margins (g). Every column is named: an unnamed one (`c<index>`) fails.
fn group(name: &str) -> usize {
    match name.split('_').next().unwrap() {
        "x" | "w" => 0,
        "P" | "N0" | "N" | "hire" | "dep" | "EA" | "EX" | "o1" | "o2" | "adv" | "v" => 1,
        "d" => 2,
        "ext" | "I" => 3,
        "O" | "y" | "z" => 4,
        "g" => 5,
        other => panic!("unexpected column {name} ({other})"),
    }
}

#[test]
fn families_come_in_order() {
    for dir in ["instances/tutorial", "tests/fixtures/truckload-small"] {
        let inst = load_instance(&root().join(dir)).unwrap();
        let f = build(&inst, BuildOptions::default());
        let names = matrix(&inst, &f).col_names;
        let groups: Vec<usize> = names.iter().map(|n| group(n)).collect();
        for (i, pair) in groups.windows(2).enumerate() {
            assert!(
                pair[0] <= pair[1],
                "{dir}: column {} ({}) after column {i} ({})",
                i + 1,
                names[i + 1],
                names[i]
            );
        }
        for g in 0..6 {
            assert!(groups.contains(&g), "{dir}: no column of group {g}");
        }
        // The first column is a stream processed on the first line, in week 1.
        assert!(
            names[0].starts_with("x_") && names[0].ends_with("_w1"),
            "{}",
            names[0]
        );
    }
}
