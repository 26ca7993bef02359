//! The frame every page shares: the document head with its assets and content security
//! policy, the footer, key-figure cards and section headings.

use super::assets::{CSS, SCRIPT};
use super::format::esc;
use std::fmt::Write;

/// Opens the document: head (charset, viewport, a policy that forbids loading anything, the
/// generator, `title`, the inline script and style) and `<body>`.
pub(crate) fn page_start(o: &mut String, title: &str) {
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
<meta name=\"generator\" content=\"triplan {}\">\n<title>{}</title>\n<script>{SCRIPT}</script>\n<style>{CSS}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        esc(title)
    );
}

/// Closes the document with a footer; with `charts`, the footer says that charts have
/// tooltips.
pub(crate) fn page_end(o: &mut String, charts: bool) {
    let _ = write!(
        o,
        "<footer>Written by triplan {}: a self-contained page{}.</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        if charts {
            "; hover over a chart for its numbers"
        } else {
            ""
        }
    );
}

/// A key-figure card `kpi-{id}`: a caption, the value, a line of context; `class` is "ok",
/// "bad" or empty.
pub(crate) fn card(o: &mut String, id: &str, key: &str, value: &str, text: &str, class: &str) {
    let _ = write!(
        o,
        "<div class=\"card {class}\" id=\"kpi-{id}\"><div class=\"k\">{}</div><div class=\"v\">{}</div><div class=\"t\">{}</div></div>",
        esc(key),
        esc(value),
        esc(text)
    );
}

/// Opens `<section id>` with its title and a note; the caller closes it.
pub(crate) fn section_start(o: &mut String, id: &str, title: &str, note: &str) {
    let _ = write!(
        o,
        "<section id=\"{id}\"><h2>{}</h2><p class=\"note\">{}</p>",
        esc(title),
        esc(note)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_loads_nothing_and_closes_what_it_opens() {
        let mut o = String::new();
        page_start(&mut o, "A & B");
        page_end(&mut o, false);
        assert!(o.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"));
        assert!(o.contains("content=\"default-src 'none';"));
        assert!(o.contains("<title>A &amp; B</title>"));
        assert!(o.contains(&format!("<style>{CSS}</style>")));
        assert!(o.ends_with("a self-contained page.</footer>\n</body>\n</html>\n"));
        let mut o = String::new();
        page_end(&mut o, true);
        assert!(o.contains("page; hover over a chart for its numbers.</footer>"));
    }

    #[test]
    fn cards_and_sections_escape_their_text() {
        let mut o = String::new();
        card(&mut o, "x", "K<", "1 t", "a \"b\"", "ok");
        assert_eq!(
            o,
            "<div class=\"card ok\" id=\"kpi-x\"><div class=\"k\">K&lt;</div><div class=\"v\">1 t</div><div class=\"t\">a &quot;b&quot;</div></div>"
        );
        let mut o = String::new();
        section_start(&mut o, "costs", "Costs & aid", "n'b");
        assert_eq!(
            o,
            "<section id=\"costs\"><h2>Costs &amp; aid</h2><p class=\"note\">n&#39;b</p>"
        );
    }
}
