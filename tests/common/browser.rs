//! Rendering a report in headless Chromium (Debian package `chromium`) at 1400 px: a
//! screenshot, then the DOM after load, whose `<html>` attributes the page's own script set.
#![allow(dead_code)]

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Where the tests look for Chromium; the browser tests are skipped without it.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Whether Chromium is installed (prints why a test is skipped when it is not).
pub fn have_chromium() -> bool {
    let ok = Path::new(CHROMIUM).exists();
    if !ok {
        println!("skipped: {CHROMIUM} is absent (Debian package `chromium`)");
    }
    ok
}

/// Runs Chromium headless on a page; returns (stdout, stderr). Kills it after a minute.
pub fn chromium(profile: &Path, extra: &[&str], page: &Path) -> (String, String) {
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,3000",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push(format!("file://{}", page.display()));
    let mut child = Command::new(CHROMIUM)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let t_out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (t_out.join().unwrap(), t_err.join().unwrap())
}

/// Renders a page: a screenshot into `png`, then the DOM after load, whose attributes the
/// page's own script set; asserts that every chart was laid out and nothing failed.
pub fn render(page: &Path, png: &Path, charts: usize) -> String {
    let profile = tempfile::tempdir().unwrap();
    let _ = std::fs::remove_file(png);
    let shot = format!("--screenshot={}", png.display());
    let (_, err) = chromium(profile.path(), &[&shot], page);
    let bytes =
        std::fs::read(png).unwrap_or_else(|_| panic!("no screenshot; chromium said:\n{err}"));
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert!(bytes.len() > 50_000, "an almost empty screenshot");
    let profile = tempfile::tempdir().unwrap();
    let (dom, err) = chromium(
        profile.path(),
        &[
            "--dump-dom",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=3000",
        ],
        page,
    );
    let console: Vec<&str> = err.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    // The page's script records into attributes of <html>.
    let at = dom.find("<html").expect("an <html> element");
    let root_tag = &dom[at..at + dom[at..].find('>').unwrap()];
    assert!(!root_tag.contains("data-errors"), "errors: {root_tag}");
    assert!(
        !root_tag.contains("data-overflow"),
        "elements wider than the 1400 px window: {root_tag}"
    );
    assert!(
        root_tag.contains(&format!("data-charts-rendered=\"{charts}\"")),
        "{charts} charts laid out: {root_tag}"
    );
    dom
}
