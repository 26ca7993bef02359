//! `triplan report`: the HTML report of a sweep or comparison directory, or a copy of a plan
//! directory's.

use super::emit;
use std::path::{Path, PathBuf};
use triplan::{output, Error};

/// Arguments of `triplan report`.
#[derive(clap::Args)]
pub struct Args {
    /// A sweep's or a plan's output directory.
    dir: PathBuf,
    /// The HTML file to write (default: DIR/report.html for a sweep).
    #[arg(long)]
    html: Option<PathBuf>,
    /// Replace existing files and another run's results (see "Outputs" in the README).
    #[arg(long)]
    force: bool,
}

/// Writes the report of `DIR` to `--html` or `DIR/report.html`.
pub fn run(a: Args) -> anyhow::Result<u8> {
    let dir = a.dir;
    let source = ["summary.csv", "comparison.csv", "report.html"]
        .into_iter()
        .map(|f| dir.join(f))
        .find(|p| p.is_file())
        .ok_or_else(|| Error::Usage(format!(
            "{}: expected a sweep output directory (with summary.csv), a comparison directory (with comparison.csv) or a plan directory written by `triplan solve --out` (with report.html)",
            dir.display()
        )))?;
    let own = dir.join("report.html");
    let target = a.html.unwrap_or_else(|| own.clone());
    let is_own = output::same_path(&target, &own);
    check_target(&dir, &source, &target, is_own, a.force)?;
    if source.ends_with("report.html") && is_own {
        emit(&format!("report: {}\n", target.display()));
        return Ok(0);
    }
    let page = if source.ends_with("summary.csv") {
        triplan::report::sweep_html(&source)?
    } else if source.ends_with("comparison.csv") {
        triplan::report::comparison_html(&source)?
    } else {
        std::fs::read_to_string(&source).map_err(|e| Error::Io {
            path: source.clone(),
            source: e,
        })?
    };
    output::write_atomic(&target, page.as_bytes())?;
    if is_own {
        output::register(&dir, "report.html")?;
    }
    emit(&format!("report: {}\n", target.display()));
    Ok(0)
}

/// Refuses a target that is the report's own source, a directory's `report.html` that triplan
/// did not write (without `--force`), or any other file already there (without `--force`).
fn check_target(
    dir: &Path,
    source: &Path,
    target: &Path,
    is_own: bool,
    force: bool,
) -> Result<(), Error> {
    if output::same_path(target, source) && !source.ends_with("report.html") {
        return Err(Error::Usage(format!(
            "--html {}: is the file this report is made from; expected another file name",
            target.display()
        )));
    }
    if is_own {
        // The directory's own report is triplan's to rewrite, unless the user put it there.
        output::refuse_symlink(target)?;
        if output::occupied(target)
            && !output::listed(dir, "report.html")
            && !force
            && !source.ends_with("report.html")
        {
            return Err(Error::Usage(format!(
                "{}: already exists and triplan did not write it; add --force to replace it, or give --html FILE",
                target.display()
            )));
        }
    } else {
        output::check_file(target, force)?;
    }
    Ok(())
}
