//! MIP engines loaded at run time: SCIP and CBC are shared libraries found on the machine,
//! not linked into the build, so a build without them is the same build and a machine without
//! them still plans with HiGHS.
//!
//! Where each library is looked for, in order (the first that exists is loaded; a library
//! named by the environment variable must load, it is never skipped for the next):
//!
//! | engine | variable | then |
//! |---|---|---|
//! | SCIP 10 | `TRIPLAN_SCIP_LIB` | `$TRIPLAN_TOOLS/scip/lib/libscip.so` (where `scripts/setup` puts it; `TRIPLAN_TOOLS` defaults to `~/.cache/triplan-tools`), then `libscip.so.10.0`, `libscip.so` on the loader's path |
//! | CBC 2.10 | `TRIPLAN_CBC_LIB` | `libCbcSolver.so.3`, `libCbcSolver.so` on the loader's path (Debian's `coinor-libcbc3`) |
//!
//! Setting a variable to `none` hides that engine (as on a machine without it).

use std::path::{Path, PathBuf};

/// Why an engine cannot be used: missing, not the expected library, or the wrong version.
#[derive(Debug, Clone)]
pub struct EngineError(pub String);

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The folder `scripts/setup` installs tools into.
pub fn tools_dir() -> Option<PathBuf> {
    match std::env::var_os("TRIPLAN_TOOLS") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache/triplan-tools")),
    }
}

/// A library that loaded, with where it came from.
pub struct Loaded {
    /// The library.
    pub lib: libloading::Library,
    /// The file or name it was loaded from.
    pub from: String,
}

/// Loads an engine's library: from `$var` when set (an error if it does not load), else the
/// first of `files` that exists, else the first of `names` the loader finds.
pub fn load(
    engine: &str,
    var: &str,
    files: &[PathBuf],
    names: &[&str],
) -> Result<Loaded, EngineError> {
    let open = |what: &str| {
        // SAFETY: loading runs the library's initialisers; SCIP and CBC have no unsound ones,
        // and a file named by the user is the user's choice of engine.
        unsafe { libloading::Library::new(what) }.map(|lib| Loaded {
            lib,
            from: what.to_string(),
        })
    };
    if let Some(v) = std::env::var_os(var) {
        let v = v.to_string_lossy().into_owned();
        if v == "none" {
            return Err(EngineError(format!(
                "{engine} is switched off ({var}=none)"
            )));
        }
        if !Path::new(&v).is_file() {
            return Err(EngineError(format!(
                "{var}={v}: no such file, expected the path of the {engine} shared library"
            )));
        }
        return open(&v).map_err(|e| {
            EngineError(format!(
                "{var}={v}: cannot load it as a shared library: {e}"
            ))
        });
    }
    for f in files {
        if f.is_file() {
            let s = f.display().to_string();
            return open(&s).map_err(|e| EngineError(format!("{s}: cannot load {engine}: {e}")));
        }
    }
    for n in names {
        if let Ok(l) = open(n) {
            return Ok(l);
        }
    }
    Err(EngineError(format!(
        "{engine} is not installed (looked for {}; `scripts/setup` installs it, or set {var} to the library's path)",
        files
            .iter()
            .map(|f| f.display().to_string())
            .chain(names.iter().map(|n| n.to_string()))
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

/// Looks up a symbol of a loaded library as a function pointer of type `T`.
///
/// # Safety
/// `T` must be the function's true C signature.
pub unsafe fn symbol<T: Copy>(l: &Loaded, engine: &str, name: &str) -> Result<T, EngineError> {
    let mut z = name.as_bytes().to_vec();
    z.push(0);
    // SAFETY: the caller vouches for the signature; the pointer lives as long as `l.lib`,
    // which the engines keep for the whole process.
    unsafe { l.lib.get::<T>(&z) }.map(|s| *s).map_err(|_| {
        EngineError(format!(
            "{}: not a {engine} library this build can drive (it has no {name})",
            l.from
        ))
    })
}
