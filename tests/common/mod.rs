//! Test helpers: copies of fixtures with one-field mutations.
#![allow(dead_code)]

pub mod browser;

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the `triplan` binary from the repository root.
pub fn triplan(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_triplan"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

/// A command's standard error, as text.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Copies a fixture directory into a fresh temporary directory.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("tests/fixtures").join(name);
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    dir
}

/// Replaces exactly one occurrence of `from` in a file (panics if it is not there once).
pub fn mutate(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} should occur once in {file}"
    );
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Appends text to a file.
pub fn append(dir: &Path, file: &str, extra: &str) {
    let path = dir.join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(extra);
    std::fs::write(&path, text).unwrap();
}

/// Insertion workers (10 EUR/h, productivity 0.5, no state aid), supervisors (30 EUR/h, one
/// per 4 insertion workers) and a 50 % insertion share, to append to the tiny fixture's model.
pub const INSERTION: &str = r#"
[social]
insertion_share_min = 0.5
insertion_workers_per_supervisor = 4

[[staff]]
site = "s"
kind = "insertion"
headcount_max = 10
max_h_per_week = 35
cost_eur_per_h = 10
productivity = 0.5

[[staff]]
site = "s"
kind = "supervisor"
headcount_max = 2
max_h_per_week = 40
cost_eur_per_h = 30
"#;

/// Runs the `triplan` binary from the repository root with extra environment variables.
pub fn triplan_env(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_triplan"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .output()
        .unwrap()
}
