//! The bytes of a text file the user names, before any format is read: one check that the
//! path is a regular file (not a directory, a device or a pipe, which would grow without
//! bound or hang), and one decoder for the encodings spreadsheets save CSV files in.
//!
//! Encodings: UTF-8 (with or without a byte order mark); UTF-16 with its byte order mark
//! (Excel's "Unicode text"); any other file that is not valid UTF-8 is read as Windows-1252
//! (French Excel's plain "CSV (separator: semicolon)", where `é` is one byte `0xE9`). A zip
//! archive (an `.xlsx` workbook under another name) is refused with what to do instead.

use std::borrow::Cow;
use std::path::Path;

const BOM_UTF8: &[u8] = b"\xEF\xBB\xBF";
const BOM_UTF16LE: &[u8] = b"\xFF\xFE";
const BOM_UTF16BE: &[u8] = b"\xFE\xFF";
const ZIP: &[u8] = b"PK\x03\x04";

/// Checks that `path` names a regular file and returns its length; `Err` says what it is
/// instead (a message to follow the path: `is a directory`, `cannot read file: ...`).
pub(crate) fn regular_file(path: &Path) -> Result<u64, String> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(m.len()),
        Ok(m) if m.is_dir() => Err("is a directory, expected a file".into()),
        Ok(_) => Err(
            "is not a regular file (a device, a pipe or a socket), expected a file on disk".into(),
        ),
        Err(e) => Err(format!("cannot read file: {e}")),
    }
}

/// The encoding a file's bytes were found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

/// How the first bytes of a file read: a zip archive (refused), or text in an encoding.
/// `head` is the start of the file (the first megabyte is plenty); a file whose head is
/// valid UTF-8 (an incomplete last character aside) is taken as UTF-8.
pub(crate) fn sniff_encoding(head: &[u8]) -> Result<Encoding, String> {
    if head.starts_with(ZIP) {
        return Err("is a zip archive (an .xlsx workbook?), expected text: name a workbook with its .xlsx ending, or save the sheet as \"CSV UTF-8\"".into());
    }
    if head.starts_with(BOM_UTF16LE) {
        return Ok(Encoding::Utf16Le);
    }
    if head.starts_with(BOM_UTF16BE) {
        return Ok(Encoding::Utf16Be);
    }
    match std::str::from_utf8(head) {
        Ok(_) => Ok(Encoding::Utf8),
        Err(e) if e.error_len().is_none() => Ok(Encoding::Utf8),
        Err(_) => Ok(Encoding::Windows1252),
    }
}

/// A whole file's bytes as UTF-8 without a byte order mark, decoded from `enc`. UTF-16 that
/// does not decode (an odd length, a lone surrogate) is an `Err` naming the byte.
pub(crate) fn to_utf8(bytes: &[u8], enc: Encoding) -> Result<Cow<'_, [u8]>, String> {
    match enc {
        Encoding::Utf8 => Ok(Cow::Borrowed(bytes.strip_prefix(BOM_UTF8).unwrap_or(bytes))),
        Encoding::Windows1252 => Ok(Cow::Owned(
            bytes
                .iter()
                .map(|&b| windows_1252(b))
                .collect::<String>()
                .into_bytes(),
        )),
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let body = &bytes[2..];
            if body.len() % 2 == 1 {
                return Err(format!(
                    "is UTF-16 text of an odd number of bytes ({}), expected whole UTF-16 characters (or save it as \"CSV UTF-8\")",
                    bytes.len()
                ));
            }
            let units = body.chunks_exact(2).map(|c| {
                if enc == Encoding::Utf16Le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            });
            let mut out = String::with_capacity(body.len() / 2);
            for (i, c) in char::decode_utf16(units).enumerate() {
                match c {
                    Ok(c) => out.push(c),
                    Err(_) => {
                        return Err(format!(
                            "is UTF-16 text with a broken character at byte {}, expected valid UTF-16 (or save it as \"CSV UTF-8\")",
                            2 + 2 * i
                        ))
                    }
                }
            }
            Ok(Cow::Owned(out.into_bytes()))
        }
    }
}

/// Reads a whole text file of at most `max` bytes as UTF-8 (see the module's documentation);
/// `Err` is the message to follow the path.
pub(crate) fn read_text(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let len = regular_file(path)?;
    if len > max {
        return Err(format!("{len} bytes, expected at most {max}"));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read file: {e}"))?;
    let enc = sniff_encoding(&bytes)?;
    Ok(lone_cr_to_lf(to_utf8(&bytes, enc)?.into_owned()))
}

/// Whether a text ends its lines with a lone `\r` (old Mac spreadsheets' exports).
pub(crate) fn has_lone_cr(text: &[u8]) -> bool {
    text.iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && text.get(i + 1).is_some_and(|&n| n != b'\n'))
}

/// A text with every lone `\r` made a `\n`, so that the CSV reader (whose `#` comments end
/// at `\n`) sees the lines a spreadsheet wrote.
pub(crate) fn lone_cr_to_lf(text: Vec<u8>) -> Vec<u8> {
    if !has_lone_cr(&text) {
        return text;
    }
    let mut out = text;
    for i in 0..out.len() {
        if out[i] == b'\r' && out.get(i + 1).is_some_and(|&n| n != b'\n') {
            out[i] = b'\n';
        }
    }
    out
}

/// The lines of a text, each without its end: `\n`, `\r\n` or a lone `\r`.
pub(crate) fn lines(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = (!text.is_empty()).then_some(text);
    std::iter::from_fn(move || {
        let t = rest?;
        match t.iter().position(|&b| b == b'\n' || b == b'\r') {
            None => {
                rest = None;
                Some(t)
            }
            Some(i) => {
                let end = if t[i] == b'\r' && t.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                rest = Some(&t[end..]).filter(|r| !r.is_empty());
                Some(&t[..i])
            }
        }
    })
}

/// A Windows-1252 byte as a character (the five bytes the code page leaves undefined read as
/// the Latin-1 control of the same number, as the WHATWG encoding standard reads them).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2c6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8d}', '\u{17d}',
        '\u{8f}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2dc}', '\u{2122}', '\u{161}', '\u{203a}', '\u{153}', '\u{9d}', '\u{17e}',
        '\u{178}',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_excel_encodings_read_as_utf8() {
        let cp1252 = b"id;d\xe9tail\n1;0,5 \x80\n";
        let enc = sniff_encoding(cp1252).unwrap();
        assert_eq!(enc, Encoding::Windows1252);
        assert_eq!(
            to_utf8(cp1252, enc).unwrap().as_ref(),
            "id;détail\n1;0,5 €\n".as_bytes()
        );
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "week;é\n".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        let enc = sniff_encoding(&utf16).unwrap();
        assert_eq!(enc, Encoding::Utf16Le);
        assert_eq!(
            to_utf8(&utf16, enc).unwrap().as_ref(),
            "week;é\n".as_bytes()
        );
        let utf8 = "\u{feff}week;é".as_bytes();
        let enc = sniff_encoding(utf8).unwrap();
        assert_eq!(to_utf8(utf8, enc).unwrap().as_ref(), "week;é".as_bytes());
        // A head cut inside a character is still UTF-8.
        assert_eq!(
            sniff_encoding(&"é".as_bytes()[..1]).unwrap(),
            Encoding::Utf8
        );
        assert!(sniff_encoding(b"PK\x03\x04rest").is_err());
    }

    #[test]
    fn lines_end_with_any_of_the_three_endings() {
        let got: Vec<&[u8]> = lines(b"a\r\nb\rc\n\nd").collect();
        assert_eq!(got, [&b"a"[..], b"b", b"c", b"", b"d"]);
        assert_eq!(lines(b"").count(), 0);
        assert_eq!(lines(b"a\n").count(), 1);
        assert_eq!(lone_cr_to_lf(b"a\rb\r\nc\r".to_vec()), b"a\nb\r\nc\r");
    }
}
