//! The overwrite rule of every command that writes results (`solve --out/--html/--xlsx`,
//! `sweep --out`, `merge --out`, `compare --out`, `report`, `export`):
//!
//! **triplan never replaces a file the user wrote or another run's results without `--force`,
//! checks every target before any work, never writes through a symbolic link, and replaces a
//! file only by an atomic rename.**
//!
//! - A file target (`--html`, `--xlsx`, `--mps`) must be new, or `--force` is given; a symbolic
//!   link (dangling or not) or a directory there is refused in any case ([`check_file`]).
//! - An output directory must be new or empty, or hold the manifest [`MANIFEST`] of an earlier
//!   run of the same command on the same input (the same run again); another run's directory,
//!   or one holding files triplan did not write, needs `--force` ([`OutDir::check`]). A
//!   symbolic link as the directory or as one of the files the command writes is refused.
//! - When a run writes into a directory, the files the manifest lists (the earlier run's,
//!   including a `report.html` written by `triplan report`) are removed first, so no stale file
//!   survives next to fresh ones; files the manifest does not list are left alone.
//! - Every file is written to a unique temporary name in its directory, synced, then renamed
//!   over the target ([`write_atomic`]): a killed run leaves the old file or the new one, and
//!   two runs never share a temporary file.

use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The file, in every output directory, that says which run wrote it and which files are its.
pub const MANIFEST: &str = "triplan-output.json";

/// The lock file a sweep holds in its output directory for its whole life (released by the
/// operating system when the process ends, however it ends).
pub const LOCK: &str = "triplan.lock";

/// What an output directory holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// The command that wrote the directory (`solve`, `sweep`, `merge`, `compare`).
    pub command: String,
    /// Its input (the canonical path of the instance, scenario file or study), or empty.
    pub source: String,
    /// The entries the run wrote, relative to the directory (files or directories).
    pub files: Vec<String>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn usage(msg: String) -> Error {
    Error::Usage(msg)
}

/// Whether something (a link included, dangling or not) is at `path`.
pub fn occupied(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Refuses a symbolic link at `path` (triplan never writes through one).
pub fn refuse_symlink(path: &Path) -> Result<(), Error> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(usage(format!(
            "{}: is a symbolic link; triplan never writes through links (expected a plain file name)",
            path.display()
        ))),
        _ => Ok(()),
    }
}

/// Checks a file target: a new name, or an existing plain file with `force`.
pub fn check_file(path: &Path, force: bool) -> Result<(), Error> {
    refuse_symlink(path)?;
    match std::fs::symlink_metadata(path) {
        Err(_) => Ok(()),
        Ok(m) if m.is_dir() => Err(usage(format!(
            "{}: is a directory; expected a file name",
            path.display()
        ))),
        Ok(_) if force => Ok(()),
        Ok(_) => Err(usage(format!(
            "{}: already exists; triplan does not replace files without --force (or choose a new file name)",
            path.display()
        ))),
    }
}

/// Checks that distinct targets of one command are distinct files.
pub fn check_distinct(targets: &[&Path]) -> Result<(), Error> {
    for (i, a) in targets.iter().enumerate() {
        if targets[..i].iter().any(|b| same_path(a, b)) {
            return Err(usage(format!(
                "{}: given for two outputs; expected a separate file for each",
                a.display()
            )));
        }
    }
    Ok(())
}

/// Refuses an output `target` that is one of the run's `inputs` (forced or not: an output
/// never replaces what the run reads).
pub fn refuse_input(target: &Path, inputs: &[PathBuf]) -> Result<(), Error> {
    if inputs.iter().any(|i| same_path(target, i)) {
        return Err(usage(format!(
            "{}: is an input of this run; no output replaces an input, with --force or not (expected another file name)",
            target.display()
        )));
    }
    Ok(())
}

/// Refuses a file target whose directory does not exist, unless it is `created` (the
/// `--out` directory, made before the file is written): checked before any work.
pub fn check_parent(path: &Path, created: Option<&Path>) -> Result<(), Error> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => return Ok(()),
    };
    if parent.is_dir() || created.is_some_and(|d| same_path(parent, d)) {
        return Ok(());
    }
    Err(usage(format!(
        "{}: its directory {} does not exist; expected an existing directory (or the --out directory, which triplan creates)",
        path.display(),
        parent.display()
    )))
}

/// Whether two paths name the same file (by their canonical parents and names).
pub fn same_path(a: &Path, b: &Path) -> bool {
    absolute(a) == absolute(b)
}

/// The path with its existing parent resolved, for comparisons.
pub fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    match (p.parent(), p.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            parent
                .canonicalize()
                .map(|c| c.join(name))
                .unwrap_or_else(|_| p.to_path_buf())
        }
        _ => p.to_path_buf(),
    }
}

/// The identity of an input, for a manifest: its canonical path.
pub fn source_of(input: &Path) -> String {
    absolute(input).display().to_string()
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A temporary name next to `path`, unique to this process and call.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "out".into());
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    path.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()))
}

/// Whether a file name is one of [`write_atomic`]'s temporary names.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp")
}

/// Writes `path` durably: a unique temporary file, synced, renamed over `path`, the directory
/// synced. Refuses a symbolic link at `path`. The error names `path` and the OS error.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// [`write_atomic`] of what `fill` writes (streamed, not held in memory).
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut std::io::BufWriter<&std::fs::File>) -> std::io::Result<()>,
) -> Result<(), Error> {
    produce_atomic(path, |tmp| {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(tmp)
            .map_err(io(path))?;
        let mut w = std::io::BufWriter::new(&file);
        fill(&mut w).map_err(io(path))?;
        w.flush().map_err(io(path))?;
        drop(w);
        Ok(())
    })
}

/// Has `make` write a new file at a unique temporary path, then syncs it and renames it over
/// `path` (for writers that want a path, such as the workbook's).
pub fn produce_atomic(
    path: &Path,
    make: impl FnOnce(&Path) -> Result<(), Error>,
) -> Result<(), Error> {
    refuse_symlink(path)?;
    let tmp = temp_path(path);
    let result = make(&tmp).and_then(|()| {
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(io(path))?;
        std::fs::rename(&tmp, path).map_err(io(path))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return result;
    }
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Reads a directory's manifest, if it has a readable one.
pub fn read_manifest(dir: &Path) -> Option<Manifest> {
    serde_json::from_slice(&std::fs::read(dir.join(MANIFEST)).ok()?).ok()
}

fn write_manifest(dir: &Path, m: &Manifest) -> Result<(), Error> {
    let bytes = serde_json::to_vec_pretty(m).expect("plain data");
    write_atomic(&dir.join(MANIFEST), &bytes)
}

/// Adds an entry to the manifest of `dir` (when it has one): a file written later, such as the
/// `report.html` of `triplan report`, so the next run into the directory removes it as stale.
pub fn register(dir: &Path, name: &str) -> Result<(), Error> {
    if let Some(mut m) = read_manifest(dir) {
        if !m.files.iter().any(|f| f == name) {
            m.files.push(name.to_string());
            write_manifest(dir, &m)?;
        }
    }
    Ok(())
}

/// Whether `name` is listed in the manifest of `dir`.
pub fn listed(dir: &Path, name: &str) -> bool {
    read_manifest(dir).is_some_and(|m| m.files.iter().any(|f| f == name))
}

/// An output directory, checked: see the module documentation.
#[derive(Debug, Clone)]
pub struct OutDir {
    /// The directory.
    pub path: PathBuf,
    /// The command writing it.
    pub command: &'static str,
    /// Its input's identity ([`source_of`]).
    pub source: String,
    /// The earlier run's manifest, if any.
    pub earlier: Option<Manifest>,
}

impl OutDir {
    /// Checks `dir` as the output directory of `command` on `source`, before any work: refuses
    /// a link, a file, a directory holding files triplan did not write or another run's
    /// results (unless `force`), and a link in place of one of the entries in `writes`.
    pub fn check(
        dir: &Path,
        command: &'static str,
        source: &str,
        force: bool,
        writes: &[&str],
    ) -> Result<OutDir, Error> {
        let out = OutDir {
            path: dir.to_path_buf(),
            command,
            source: source.to_string(),
            earlier: None,
        };
        refuse_symlink(dir)?;
        let meta = match std::fs::symlink_metadata(dir) {
            Err(_) => return Ok(out),
            Ok(m) => m,
        };
        if !meta.is_dir() {
            return Err(usage(format!(
                "{}: is a file; expected a directory (new, empty, or an earlier run's)",
                dir.display()
            )));
        }
        for name in writes.iter().copied().chain([MANIFEST]) {
            refuse_symlink(&dir.join(name))?;
        }
        let entries: Vec<String> = std::fs::read_dir(dir)
            .map_err(io(dir))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n != LOCK && !is_temp_name(n))
            .collect();
        if entries.is_empty() {
            return Ok(out);
        }
        let earlier = read_manifest(dir);
        match &earlier {
            Some(m) if m.command == command && m.source == source => {}
            _ if force => {}
            Some(m) => {
                return Err(usage(format!(
                    "{}: holds the results of another run (`triplan {}` of {}); add --force to replace them, or choose another directory",
                    dir.display(),
                    m.command,
                    if m.source.is_empty() { "another input" } else { &m.source }
                )))
            }
            None => {
                return Err(usage(format!(
                    "{}: the directory holds files that triplan did not write; expected a new or empty directory or an earlier run's (--force writes into it anyway, replacing files of the same names)",
                    dir.display()
                )))
            }
        }
        Ok(OutDir { earlier, ..out })
    }

    /// Creates the directory, removes the earlier run's entries except `keep`, and records this
    /// run's manifest listing `files` (and the kept entries).
    pub fn begin(&self, files: &[&str], keep: &[&str]) -> Result<(), Error> {
        std::fs::create_dir_all(&self.path).map_err(io(&self.path))?;
        let mut listed: Vec<String> = files.iter().map(|f| f.to_string()).collect();
        if let Some(old) = &self.earlier {
            for name in &old.files {
                if keep.contains(&name.as_str()) {
                    if !listed.contains(name) {
                        listed.push(name.clone());
                    }
                    continue;
                }
                if name.contains(['/', '\\']) || name == ".." || name == MANIFEST {
                    continue;
                }
                let p = self.path.join(name);
                match std::fs::symlink_metadata(&p) {
                    Ok(m) if m.is_dir() => std::fs::remove_dir_all(&p).map_err(io(&p))?,
                    Ok(_) => std::fs::remove_file(&p).map_err(io(&p))?,
                    Err(_) => {}
                }
            }
        }
        write_manifest(
            &self.path,
            &Manifest {
                command: self.command.to_string(),
                source: self.source.clone(),
                files: listed,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_leave_no_temporary_file_and_refuse_links() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("a.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            let link = tmp.path().join("link");
            std::os::unix::fs::symlink(tmp.path().join("nowhere"), &link).unwrap();
            assert!(write_atomic(&link, b"x").is_err());
            assert!(check_file(&link, true).is_err());
            assert!(!tmp.path().join("nowhere").exists());
        }
    }

    #[test]
    fn another_runs_directory_needs_force_and_stale_files_go() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path().join("d");
        let g = OutDir::check(&d, "compare", "a", false, &["x.csv"]).unwrap();
        g.begin(&["x.csv", "y.csv"], &[]).unwrap();
        write_atomic(&d.join("x.csv"), b"x").unwrap();
        write_atomic(&d.join("y.csv"), b"y").unwrap();
        register(&d, "report.html").unwrap();
        write_atomic(&d.join("report.html"), b"r").unwrap();
        std::fs::write(d.join("notes.txt"), "mine").unwrap();
        assert!(OutDir::check(&d, "compare", "b", false, &[]).is_err());
        assert!(OutDir::check(&d, "solve", "a", false, &[]).is_err());
        let g = OutDir::check(&d, "compare", "a", false, &["x.csv"]).unwrap();
        g.begin(&["x.csv"], &[]).unwrap();
        assert!(!d.join("y.csv").exists() && !d.join("report.html").exists());
        assert_eq!(
            std::fs::read_to_string(d.join("notes.txt")).unwrap(),
            "mine"
        );
        let m = read_manifest(&d).unwrap();
        assert_eq!(m.files, ["x.csv"]);
        OutDir::check(&d, "compare", "b", true, &[]).unwrap();
    }
}
