//! Reserved ids: outputs report plant-wide figures under the id `plant` (the recovery table's
//! plant row, the target rows `recovery[plant]` and `recycling[plant]`), so a category of that
//! id would be mistaken for the whole plant. Validation refuses it.

mod common;

use common::*;
use std::process::Command;

/// A category named `plant` was accepted, and its recovery figures were read as the
/// plant-wide ones; now `validate` and `solve` exit with code 2 naming file, field and id.
#[test]
fn a_category_named_plant_is_refused() {
    let dir = copy_fixture("tiny");
    let path = dir.path().join("model.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches("\"small\"").count(), 2);
    std::fs::write(&path, text.replace("\"small\"", "\"plant\"")).unwrap();
    for cmd in ["validate", "solve"] {
        let o = Command::new(env!("CARGO_BIN_EXE_triplan"))
            .args([cmd, dir.path().to_str().unwrap()])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {err}");
        for needle in [
            "model.toml",
            "category[1].id",
            "id \"plant\" is reserved",
            "recovery[plant]",
            "expected another category id",
        ] {
            assert!(
                err.contains(needle),
                "{cmd}: expected {needle:?} in:\n{err}"
            );
        }
        assert_eq!(err.matches("is reserved").count(), 1, "{err}");
    }
    // The same model with another category id is valid.
    std::fs::write(&path, text.replace("\"small\"", "\"plants\"")).unwrap();
    assert!(triplan::load_instance(dir.path()).is_ok());
}
