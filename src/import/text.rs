//! Bytes of an imported text file (CSV, JSON) to text, whatever encoding Excel or another
//! program saved it in: UTF-8 with or without a byte-order mark, UTF-16 LE/BE (Excel's
//! "Unicode Text", with or without a mark), or a legacy single-byte code page such as
//! Windows-1252 (Excel's plain "CSV" on a Western Windows).
//!
//! The byte-order marks and the code pages are encoding_rs's; guessing a legacy code page is
//! chardetng's (both by the author of Firefox's encoding code).

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// The text of a file and the encoding it was read in (for messages: "read as windows-1252").
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static Encoding,
}

/// Decodes `bytes`, dropping any byte-order mark. Never fails: bytes that are not valid in
/// the detected encoding become U+FFFD, which [`has_replacements`] reports.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    let encoding = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| utf16_without_bom(bytes))
        .unwrap_or_else(|| {
            if simdutf8::basic::from_utf8(bytes).is_ok() {
                UTF_8
            } else {
                guess_legacy(bytes)
            }
        });
    // `decode` sniffs and removes the mark itself, and borrows when the bytes are UTF-8.
    let (text, encoding, _) = encoding.decode(bytes);
    Decoded { text, encoding }
}

/// Whether decoding met bytes that the encoding could not read.
pub fn has_replacements(text: &str) -> bool {
    text.contains('\u{fffd}')
}

/// UTF-16 without a byte-order mark: text mostly in the Latin range has a zero in every
/// other byte. Requires it in most of the first 512 pairs, so a binary file is not taken.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let pairs: Vec<&[u8]> = bytes.chunks_exact(2).take(256).collect();
    if pairs.len() < 2 {
        return None;
    }
    let zeros_at = |i: usize| pairs.iter().filter(|p| p[i] == 0 && p[1 - i] != 0).count();
    let most = pairs.len() * 9 / 10;
    if zeros_at(1) >= most {
        Some(UTF_16LE)
    } else if zeros_at(0) >= most {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    // No top-level domain to hint with; allow UTF-8 so a file that is nearly UTF-8 stays it.
    detector.guess(None, chardetng::Utf8Detection::Allow)
}
