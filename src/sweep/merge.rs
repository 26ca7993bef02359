//! `triplan merge`: the summaries of a sweep's shard directories joined into one.

use super::resume::{read_meta, stored_shard};
use super::row::{Summary, SweepRow};
use crate::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One shard directory given to [`merge`].
struct ShardDir {
    dir: PathBuf,
    shard: (usize, usize),
    scenarios: usize,
    /// The study's identity (`None` in a directory written before shards carried it) and
    /// scenario file.
    study: (Option<String>, String),
}

/// Reads what a shard directory says of itself, refusing one a sweep is still writing.
fn shard_dir(d: &Path) -> Result<ShardDir, Error> {
    let meta = read_meta(d).ok_or_else(|| {
        Error::Usage(format!(
            "{}: no readable sweep.json; expected the output directory of `triplan sweep`",
            d.display()
        ))
    })?;
    let lock = d.join(crate::output::LOCK);
    if let Ok(f) = std::fs::File::open(&lock) {
        if let Err(std::fs::TryLockError::WouldBlock) = f.try_lock_shared() {
            return Err(Error::Usage(format!(
                "{}: a sweep is still writing into it; merge it when it has ended",
                d.display()
            )));
        }
    }
    let shard = match meta.get("shard") {
        Some(serde_json::Value::Null) | None => (1, 1),
        Some(_) => stored_shard(&meta).ok_or_else(|| {
            Error::Usage(format!(
                "{}: `shard` is not I/N",
                d.join("sweep.json").display()
            ))
        })?,
    };
    let scenarios = meta
        .get("scenarios")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| {
            Error::Usage(format!(
                "{}: `scenarios` is not a count",
                d.join("sweep.json").display()
            ))
        })? as usize;
    let text = |k: &str| {
        meta.get(k)
            .and_then(serde_json::Value::as_str)
            .map(String::from)
    };
    Ok(ShardDir {
        dir: d.to_path_buf(),
        shard,
        scenarios,
        study: (text("study_id"), text("study").unwrap_or_default()),
    })
}

/// Refuses shards of different studies: another scenario file, or the same file (or its base
/// model) edited between the shards' runs.
fn same_study(shards: &[ShardDir]) -> Result<(), Error> {
    let first = &shards[0];
    for s in &shards[1..] {
        let (a, b) = (&first.study, &s.study);
        let differ = match (&a.0, &b.0) {
            (Some(x), Some(y)) => x != y,
            _ => a.1 != b.1,
        };
        if differ {
            let what = if a.1 == b.1 {
                format!(
                    "both of {}, but it or its base model was edited between the runs",
                    a.1
                )
            } else {
                format!("{} and {}", a.1, b.1)
            };
            return Err(Error::Usage(format!(
                "{} and {}: shards of different studies ({what}); merge shards of one study run \
                 from the same files, or run the changed shards again",
                first.dir.display(),
                s.dir.display()
            )));
        }
    }
    Ok(())
}

/// Options of [`merge`].
#[derive(Debug, Clone, Copy, Default)]
pub struct MergeOptions {
    /// Merge even when shards or scenarios are missing (the summary then lacks their rows).
    pub partial: bool,
    /// Replace the output of another run in `out`.
    pub force: bool,
}

/// Joins the `summary.csv` of several sweep directories (shards of one study) into one, in
/// scenario order. Headers must agree, no scenario may appear twice, and every shard (the
/// shards know I/N) with every scenario of it must be there unless `opts.partial`. The output
/// directory may not be one of the inputs. Returns the number of rows.
pub fn merge(dirs: &[PathBuf], out: &Path, opts: MergeOptions) -> Result<usize, Error> {
    for d in dirs {
        if crate::output::same_path(d, out) {
            return Err(Error::Usage(format!(
                "--out {}: is one of the shard directories; expected a directory of its own",
                out.display()
            )));
        }
    }
    let mut sources: Vec<String> = dirs.iter().map(|d| crate::output::source_of(d)).collect();
    sources.sort();
    let guard = crate::output::OutDir::check(
        out,
        "merge",
        &sources.join("\n"),
        opts.force,
        &["summary.csv", "sweep.json"],
    )?;
    let shards: Vec<ShardDir> = dirs
        .iter()
        .map(|d| shard_dir(d))
        .collect::<Result<_, _>>()?;
    same_study(&shards)?;
    let (n, scenarios) = (shards[0].shard.1, shards[0].scenarios);
    let (given, missing) = check_shards(&shards, opts)?;
    let (params, lines, rows) = read_rows(dirs)?;
    let absent: Vec<usize> = (1..=scenarios)
        .filter(|id| given.contains(&((id - 1) % n + 1)))
        .filter(|id| rows.binary_search_by_key(id, |r| r.id).is_err())
        .collect();
    if !absent.is_empty() && !opts.partial {
        return Err(Error::Usage(format!(
            "scenarios {absent:?} have no row in their shard's summary (an unfinished sweep?); resume those sweeps first, or add --partial"
        )));
    }
    guard.begin(&["summary.csv", "sweep.json"], &[])?;
    let merged = Summary {
        params,
        lines,
        rows,
    };
    crate::output::write_atomic_with(&out.join("summary.csv"), |w| {
        w.write_all(merged.header_line().as_bytes())?;
        for r in &merged.rows {
            w.write_all(r.line().as_bytes())?;
        }
        Ok(())
    })?;
    let meta = serde_json::json!({
        "merged_from": dirs,
        "shard": serde_json::Value::Null,
        "shards": n,
        "missing_shards": missing,
        "scenarios": scenarios,
        "rows": merged.rows.len(),
        "columns": dirs.first().map(|_| super::row::header(&merged.params, &merged.lines)),
    });
    crate::output::write_atomic(
        &out.join("sweep.json"),
        serde_json::to_string_pretty(&meta).unwrap().as_bytes(),
    )?;
    Ok(merged.rows.len())
}

/// Checks that the shards are of one sweep, each given once, and (unless `opts.partial`) all
/// there. Returns the shards given, sorted, and the missing ones as `I/N`.
fn check_shards(
    shards: &[ShardDir],
    opts: MergeOptions,
) -> Result<(Vec<usize>, Vec<String>), Error> {
    same_study(shards)?;
    let (n, scenarios) = (shards[0].shard.1, shards[0].scenarios);
    for s in shards {
        if s.shard.1 != n || s.scenarios != scenarios {
            return Err(Error::Usage(format!(
                "{}: shard {}/{} of {} scenarios, but {} is shard {}/{n} of {scenarios}; expected shards of one sweep",
                s.dir.display(),
                s.shard.0,
                s.shard.1,
                s.scenarios,
                shards[0].dir.display(),
                shards[0].shard.0,
            )));
        }
    }
    let mut given: Vec<usize> = shards.iter().map(|s| s.shard.0).collect();
    given.sort_unstable();
    if let Some(w) = given.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::Usage(format!(
            "shard {}/{n} is given twice; expected each shard once",
            w[0]
        )));
    }
    let missing: Vec<String> = (1..=n)
        .filter(|i| !given.contains(i))
        .map(|i| format!("{i}/{n}"))
        .collect();
    if !missing.is_empty() && !opts.partial {
        return Err(Error::Usage(format!(
            "missing shards {}: the merged summary would lack their scenarios; give every shard's directory, or add --partial",
            missing.join(", ")
        )));
    }
    Ok((given, missing))
}

/// The parameter columns, the lines and the rows of summaries.
type Rows = (Vec<String>, Vec<String>, Vec<SweepRow>);

/// Reads the summaries of the directories: their parameter and utilisation columns must
/// agree and no scenario may appear twice. Returns the parameters, the lines and the rows in
/// scenario order.
fn read_rows(dirs: &[PathBuf]) -> Result<Rows, Error> {
    let mut columns: Option<(Vec<String>, Vec<String>)> = None;
    let mut rows: Vec<SweepRow> = Vec::new();
    for d in dirs {
        let path = d.join("summary.csv");
        let s = Summary::read(&path)?;
        let these = (s.params, s.lines);
        match &columns {
            None => columns = Some(these),
            Some(first) if *first != these => {
                return Err(Error::Usage(format!(
                    "{}: its columns differ from the first summary's; expected shards of one study",
                    path.display()
                )))
            }
            _ => {}
        }
        rows.extend(s.rows);
    }
    rows.sort_by_key(|r| r.id);
    if let Some(w) = rows.windows(2).find(|w| w[0].id == w[1].id) {
        return Err(Error::Usage(format!(
            "scenario {} appears in two summaries; expected disjoint shards",
            w[0].id
        )));
    }
    let (params, lines) = columns.unwrap_or_default();
    Ok((params, lines, rows))
}
