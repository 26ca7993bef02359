//! What makes a sweep resumable: the stored result of each scenario and its key, the
//! directory's lock and its `sweep.json`.

use super::row::SweepRow;
use crate::error::Error;
use crate::scenario::{Scenario, Study};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The stored result of one scenario (`results/<id>.json`): the summary's columns and the
/// typed row (numbers as JSON numbers). A result of an earlier version, stored as text cells,
/// does not read as one: `--resume` solves that scenario again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioResult {
    /// Position in the study.
    pub id: usize,
    /// Hash of the resolved inputs and solve options.
    pub hash: String,
    /// Outcome class: `solved`, `infeasible` or `failed`.
    pub outcome: String,
    /// Summary columns.
    pub columns: Vec<String>,
    /// The summary row.
    pub row: SweepRow,
}

impl ScenarioResult {
    /// The stored form of a row of `study`.
    pub fn new(study: &Study, row: &SweepRow, outcome: &str) -> ScenarioResult {
        ScenarioResult {
            id: row.id,
            hash: row.hash.clone(),
            outcome: outcome.to_string(),
            columns: super::header(study),
            row: row.clone(),
        }
    }
}

/// The row of a scenario with what identifies it (id, name, input hash, parameters): a
/// stored result is reused only when they and the columns are unchanged.
pub(super) fn row_key(study: &Study, s: &Scenario, hash: &str) -> SweepRow {
    let columns = super::param_columns(study);
    let mut params = vec![None; columns.len()];
    for c in &s.changes {
        let factor = matches!(c.op, crate::params::Op::Scale(_));
        let name = super::param_header(&c.column, factor);
        if let Some(i) = columns.iter().position(|p| *p == name) {
            params[i] = Some(c.op.value());
        }
    }
    SweepRow::key(s.id, &s.name, hash, params, study.base.plant.lines.len())
}

/// Whether a stored result is this scenario's, with this study's columns and inputs.
pub(super) fn reusable(old: &ScenarioResult, study: &Study, s: &Scenario, hash: &str) -> bool {
    old.id == s.id
        && old.hash == hash
        && old.columns == super::header(study)
        && old.row.same_key(&row_key(study, s, hash))
        && old.row.util.len() == study.base.plant.lines.len()
}

pub(super) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

pub(super) fn result_path(dir: &Path, id: usize) -> PathBuf {
    dir.join("results").join(format!("{id:06}.json"))
}

/// Reads a stored result, if there is a readable one.
pub(super) fn read_result(path: &Path) -> Option<ScenarioResult> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// Holds the lock of an output directory (see the module documentation) until dropped.
#[derive(Debug)]
pub struct DirLock(#[allow(dead_code)] std::fs::File);

/// Takes the lock of a sweep directory (creating the directory), or says another sweep holds it.
pub fn lock_dir(out: &Path) -> Result<DirLock, Error> {
    std::fs::create_dir_all(out).map_err(io(out))?;
    let path = out.join(crate::output::LOCK);
    crate::output::refuse_symlink(&path)?;
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io(&path))?;
    match f.try_lock() {
        Ok(()) => Ok(DirLock(f)),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Usage(format!(
            "{}: another triplan sweep is writing into this directory (it holds {}); wait for it to end, or choose another directory",
            out.display(),
            path.display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::Io { path, source: e }),
    }
}

/// The shard a sweep directory's `sweep.json` names (`None`: the whole study).
pub(super) fn stored_shard(meta: &serde_json::Value) -> Option<(usize, usize)> {
    let (i, n) = meta.get("shard")?.as_str()?.split_once('/')?;
    Some((i.parse().ok()?, n.parse().ok()?))
}

pub(super) fn read_meta(dir: &Path) -> Option<serde_json::Value> {
    serde_json::from_slice(&std::fs::read(dir.join("sweep.json")).ok()?).ok()
}
