//! Text for the pages: escaping, and numbers the way a plant manager reads them (thousands
//! separators, tonnes with one decimal below 1,000, shares as percent).

use crate::Status;

/// Escapes text for HTML and SVG content and attribute values (`& < > " '`).
pub fn escape_html(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(ch),
        }
    }
    o
}

/// Short for [`escape_html`], used on every name and text that reaches the page.
pub(crate) fn esc(s: &str) -> String {
    escape_html(s)
}

/// `x` with `dec` decimals and thousands separators ("12,345.6"); "-" when not finite, and
/// no minus sign on a value that rounds to zero.
pub(crate) fn num(x: f64, dec: usize) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let s = format!("{:.*}", dec, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let mut out = String::new();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    if x < 0.0 && out.chars().any(|c| ('1'..='9').contains(&c)) {
        out.insert(0, '-');
    }
    out
}

/// Tonnes, hours, persons: no decimals from 1,000 up, one below.
pub(crate) fn qty(x: f64) -> String {
    num(x, if x.abs() >= 1000.0 { 0 } else { 1 })
}

/// Euros: whole units.
pub(crate) fn eur(x: f64) -> String {
    num(x, 0)
}

/// A share as percent with one decimal and a non-breaking space ("92.0 %").
pub(crate) fn pct(x: f64) -> String {
    format!("{}\u{a0}%", num(100.0 * x, 1))
}

/// "1 scenario", "2 scenarios".
pub(crate) fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// [`pct`], or "-" without a value.
pub(crate) fn opt_pct(x: Option<f64>) -> String {
    x.map_or("-".into(), pct)
}

/// A status as the JSON output spells it ("infeasible_or_unbounded").
pub(crate) fn status_name(st: Status) -> String {
    serde_json::to_value(st)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape_html("<script>alert(1)</script> & \"x\" 'y'"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;"
        );
        assert_eq!(escape_html("plain é"), "plain é");
        assert_eq!(esc("a&amp;b"), "a&amp;amp;b");
    }

    #[test]
    fn numbers_have_separators() {
        assert_eq!(num(21574.04, 0), "21,574");
        assert_eq!(num(-2665868.2, 0), "-2,665,868");
        assert_eq!(num(999.95, 1), "1,000.0");
        assert_eq!(num(123.0, 0), "123");
        assert_eq!(num(1234.5678, 2), "1,234.57");
        assert_eq!(num(-0.01, 1), "0.0");
        assert_eq!(num(f64::NAN, 1), "-");
        assert_eq!(num(f64::INFINITY, 0), "-");
        assert_eq!(pct(0.92), "92.0\u{a0}%");
    }

    #[test]
    fn quantities_drop_decimals_from_a_thousand() {
        assert_eq!(qty(999.94), "999.9");
        assert_eq!(qty(1000.4), "1,000");
        assert_eq!(qty(-1500.6), "-1,501");
        assert_eq!(eur(-2665868.2), "-2,665,868");
        assert_eq!(opt_pct(None), "-");
        assert_eq!(opt_pct(Some(0.125)), "12.5\u{a0}%");
    }

    #[test]
    fn plurals_and_status_names() {
        assert_eq!(plural(1, "scenario"), "1 scenario");
        assert_eq!(plural(0, "scenario"), "0 scenarios");
        assert_eq!(plural(3, "scenario"), "3 scenarios");
        assert_eq!(status_name(Status::Optimal), "optimal");
        assert_eq!(
            status_name(Status::InfeasibleOrUnbounded),
            "infeasible_or_unbounded"
        );
    }
}
