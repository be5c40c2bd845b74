//! Stage 1, decode: input bytes → normalised Unicode text.
//!
//! Input: raw bytes and an optional forced encoding. Output: [`Decoded`], the
//! text in NFC with LF line ends, ordinary spaces for every space variant, and
//! no soft hyphens, zero-width or control characters. No letter is ever lost:
//! undecodable input is an error, never replacement characters.
//!
//! Detection order: BOM (UTF-8, UTF-16LE/BE), valid UTF-8, then chardetng's guess
//! among legacy encodings (in practice Windows-1252 for Norwegian text).
//!
//! HTML pages ([`decode_html`]) add one step after the BOM, as browsers do: the
//! charset the page declares in its first 1024 bytes (`<meta charset>` or an
//! `http-equiv` Content-Type), see [`prescan_charset`].

use std::borrow::Cow;
use std::sync::LazyLock;

use encoding_rs::Encoding;
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, ErrorKind, Result};

/// Decoded, normalised input text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The normalised text.
    pub text: String,
    /// The WHATWG name of the encoding used (`utf-8`, `utf-16le`, `windows-1252`).
    pub encoding: String,
}

/// Looks up an encoding by any WHATWG label (`latin1`, `cp1252`, `utf8`, …).
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding> {
    let normalised = match label.trim().to_ascii_lowercase().as_str() {
        "cp1252" | "win1252" => "windows-1252".to_string(),
        "utf8" => "utf-8".to_string(),
        "latin-1" => "latin1".to_string(),
        other => other.to_string(),
    };
    Encoding::for_label(normalised.as_bytes()).ok_or_else(|| {
        Error::new(
            ErrorKind::UnknownEncoding,
            format!("unknown encoding '{label}' (try utf-8, windows-1252, iso-8859-1, utf-16le)"),
        )
    })
}

/// Decodes `bytes`, detecting the encoding unless `forced` is given, and normalises the text.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded> {
    let (text, encoding) = to_unicode(bytes, forced)?;
    Ok(Decoded {
        text: normalise_cow(text),
        encoding: encoding.name().to_ascii_lowercase(),
    })
}

/// Decodes an HTML page: a forced encoding or a BOM first, then the charset the
/// page declares ([`prescan_charset`]), then the detection of [`decode`]. A
/// declared charset the bytes are not valid in is ignored (pages that say
/// `utf-8` but were saved as Windows-1252 exist), and detection decides.
pub fn decode_html(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded> {
    if forced.is_none() && Encoding::for_bom(bytes).is_none() {
        if let Some(enc) = prescan_charset(bytes) {
            if !looks_binary(bytes) {
                if let Ok(text) = strict_decode(bytes, enc) {
                    return Ok(Decoded {
                        text: normalise_cow(text),
                        encoding: enc.name().to_ascii_lowercase(),
                    });
                }
            }
        }
    }
    decode(bytes, forced)
}

/// [`decode`], or [`decode_html`] for an HTML page, of bytes the caller hands
/// over: valid UTF-8 (without a BOM, and on a page without a declared
/// charset) becomes the text without being copied.
pub fn decode_owned(
    bytes: Vec<u8>,
    forced: Option<&'static Encoding>,
    html: bool,
) -> Result<Decoded> {
    let mut bytes = bytes;
    let plain_utf8_candidate = forced.is_none()
        && Encoding::for_bom(&bytes).is_none()
        && !(html && prescan_charset(&bytes).is_some())
        && !looks_binary(&bytes);
    if plain_utf8_candidate {
        // The path `decode` takes for these bytes, owning them.
        match String::from_utf8(bytes) {
            Ok(text) => {
                return Ok(Decoded {
                    text: normalise_cow(Cow::Owned(text)),
                    encoding: encoding_rs::UTF_8.name().to_ascii_lowercase(),
                })
            }
            Err(e) => bytes = e.into_bytes(),
        }
    }
    if html {
        decode_html(&bytes, forced)
    } else {
        decode(&bytes, forced)
    }
}

/// How many bytes the charset prescan reads, as in the HTML standard.
const PRESCAN_LEN: usize = 1024;

static META_OR_COMMENT: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(r"(?is-u)<!--.*?-->|<meta[\s/][^>]*>").expect("valid regex")
});

static CHARSET_ATTR: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(r#"(?i-u)charset\s*=\s*["']?\s*([a-z0-9_.:-]+)"#).expect("valid regex")
});

/// The encoding an HTML page declares in its first 1024 bytes: `<meta
/// charset="…">` or `<meta http-equiv="Content-Type" content="…; charset=…">`,
/// skipping comments. As in the HTML standard, a declared UTF-16 means UTF-8
/// (the bytes being read are ASCII-compatible) and `x-user-defined` means
/// Windows-1252. `None` when nothing known is declared.
pub fn prescan_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_LEN)];
    for m in META_OR_COMMENT.find_iter(head) {
        let tag = m.as_bytes();
        if tag.starts_with(b"<!--") {
            continue;
        }
        let Some(caps) = CHARSET_ATTR.captures(tag) else {
            continue;
        };
        let label = caps.get(1)?.as_bytes();
        let enc = Encoding::for_label(label)?;
        return Some(
            if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                encoding_rs::UTF_8
            } else if enc == encoding_rs::X_USER_DEFINED {
                encoding_rs::WINDOWS_1252
            } else {
                enc
            },
        );
    }
    None
}

/// The text of `bytes` in `forced` or the detected encoding, borrowed when the
/// bytes are valid UTF-8 as they stand.
fn to_unicode<'a>(
    bytes: &'a [u8],
    forced: Option<&'static Encoding>,
) -> Result<(Cow<'a, str>, &'static Encoding)> {
    if let Some(enc) = forced {
        let (bom_enc, bom_len) = Encoding::for_bom(bytes).unwrap_or((enc, 0));
        let enc = if bom_len > 0 { bom_enc } else { enc };
        return strict_decode(&bytes[bom_len..], enc).map(|t| (t, enc));
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return strict_decode(&bytes[bom_len..], enc).map(|t| (t, enc));
    }
    if looks_binary(bytes) {
        return Err(Error::new(
            ErrorKind::Binary,
            "input looks binary (NUL bytes or mostly control characters), not an article",
        ));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((Cow::Borrowed(s), encoding_rs::UTF_8));
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"no"), false);
    // chardetng never proposes UTF-8 here (the input is not valid UTF-8); anything
    // multi-byte for a Norwegian text is a misdetection, so prefer Windows-1252.
    let enc = if guess.is_single_byte() {
        guess
    } else {
        encoding_rs::WINDOWS_1252
    };
    strict_decode(bytes, enc).map(|t| (t, enc))
}

fn strict_decode<'a>(bytes: &'a [u8], enc: &'static Encoding) -> Result<Cow<'a, str>> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        let valid = match enc.decode_without_bom_handling_and_without_replacement(bytes) {
            Some(_) => 0,
            None => first_bad_offset(bytes, enc),
        };
        return Err(Error::new(
            ErrorKind::Undecodable,
            format!(
                "bytes are not valid {} (first bad byte near offset {valid}); use --encoding to choose another",
                enc.name()
            ),
        ));
    }
    if enc != encoding_rs::UTF_8 && text.contains('\0') {
        return Err(Error::new(
            ErrorKind::Binary,
            "input looks binary (NUL characters), not an article",
        ));
    }
    Ok(text)
}

fn first_bad_offset(bytes: &[u8], enc: &'static Encoding) -> usize {
    if enc == encoding_rs::UTF_8 {
        return std::str::from_utf8(bytes)
            .err()
            .map_or(0, |e| e.valid_up_to());
    }
    0
}

/// Binary input: a NUL byte, or more than 10 % control characters other than
/// tab, LF, CR and form feed.
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.contains(&0) {
        return true;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    !sample.is_empty() && controls * 10 > sample.len()
}

/// Normalises decoded text: CRLF/CR → LF, NFC, space variants → space, soft
/// hyphens, zero-width and other invisible or control characters dropped.
pub fn normalise(text: &str) -> String {
    normalised(text).into_owned()
}

/// [`normalised`] for decoded text, copied only when it is not yet normal.
fn normalise_cow(text: Cow<'_, str>) -> String {
    let changed = match normalised(&text) {
        Cow::Owned(changed) => Some(changed),
        Cow::Borrowed(_) => None,
    };
    changed.unwrap_or_else(|| text.into_owned())
}

/// [`normalise`], borrowing the text when it is already normal (the common
/// case: one pass over the bytes, eight at a time through printable ASCII).
pub fn normalised(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    // Filled only from the first character that changes.
    let mut out = String::new();
    let mut last = 0;
    let mut i = 0;
    // Whether a kept character may be outside NFC (see `needs_nfc_check`).
    let mut suspicious = false;
    while i < bytes.len() {
        i = skip_plain(bytes, i);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if !may_need_mapping(b) {
            // A lead byte of U+0300 or above; none of them starts a character
            // of U+2000..U+2BFF, whose lead byte E2 may need mapping.
            suspicious |= b >= 0xCC;
            i += utf8_len(b);
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        let replacement: Option<&str> = match c {
            '\r' => {
                if bytes.get(i + 1) == Some(&b'\n') {
                    out.reserve(text.len());
                    out.push_str(&text[last..i]);
                    out.push('\n');
                    i += 2;
                    last = i;
                    continue;
                }
                Some("\n")
            }
            '\n' => None,
            '\u{2028}' | '\u{2029}' | '\u{0085}' => Some("\n"),
            '\t' | '\u{000B}' | '\u{000C}' => Some(" "),
            '\u{00A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}' => Some(" "),
            '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}' => Some(""),
            c if c.is_control() => Some(""),
            _ => None,
        };
        match replacement {
            Some(r) => {
                out.reserve(text.len());
                out.push_str(&text[last..i]);
                out.push_str(r);
                last = i + len;
            }
            None => suspicious |= needs_nfc_check(c),
        }
        i += len;
    }
    let out = if last == 0 {
        Cow::Borrowed(text)
    } else {
        out.push_str(&text[last..]);
        Cow::Owned(out)
    };
    if suspicious
        && unicode_normalization::is_nfc_quick(out.chars())
            != unicode_normalization::IsNormalized::Yes
    {
        Cow::Owned(out.nfc().collect())
    } else {
        out
    }
}

/// Whether a byte may start a character that [`normalise`] maps or drops:
/// CR, tab and other controls, and the lead bytes of the Latin-1 supplement
/// (NBSP, soft hyphen, C1 controls), U+1680/U+180E, the general punctuation
/// spaces and invisibles, U+3000 and U+FEFF.
fn may_need_mapping(b: u8) -> bool {
    b < 0x20 || b == 0x7f || matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF)
}

/// A cheap pre-check for NFC: text whose characters are all below U+0300, or
/// in the punctuation and symbol blocks, is in NFC; a character elsewhere
/// sends the whole text through the full quick check. In those blocks the
/// combining marks for symbols and the few signs NFC replaces (two quads,
/// OHM, KELVIN and ANGSTROM SIGN, the old angle brackets, U+2ADC) still need
/// the check.
fn needs_nfc_check(c: char) -> bool {
    c >= '\u{0300}'
        && (!('\u{2000}'..='\u{2BFF}').contains(&c)
            || matches!(
                c,
                '\u{2000}' | '\u{2001}' | '\u{20D0}'
                    ..='\u{20FF}'
                        | '\u{2126}'
                        | '\u{212A}'
                        | '\u{212B}'
                        | '\u{2329}'
                        | '\u{232A}'
                        | '\u{2ADC}'
            ))
}

/// The index of the first byte from `i` on that [`normalised`] must look at
/// (see [`needs_a_look`]), or of one of the last seven bytes, or
/// `bytes.len()`; 32 bytes at a time through the many that need no look, then 8.
fn skip_plain(bytes: &[u8], mut i: usize) -> usize {
    while let Some(block) = bytes.get(i..).and_then(<[u8]>::first_chunk::<32>) {
        let [a, b, c, d] = words(block);
        if needs_a_look(a) | needs_a_look(b) | needs_a_look(c) | needs_a_look(d) != 0 {
            break;
        }
        i += 32;
    }
    while let Some(chunk) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let marked = needs_a_look(u64::from_le_bytes(*chunk));
        if marked != 0 {
            return i + marked.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    i
}

/// Four little-endian words.
fn words(block: &[u8; 32]) -> [u64; 4] {
    let mut words = [0u64; 4];
    for (word, bytes) in words.iter_mut().zip(block.chunks_exact(8)) {
        let mut b = [0u8; 8];
        b.copy_from_slice(bytes);
        *word = u64::from_le_bytes(b);
    }
    words
}

/// The high bit of each byte of `w` that [`normalised`] must look at: a
/// control character (below 0x20, or 0x7F), 0xC2 (the lead byte of NBSP, the
/// soft hyphen and the C1 controls) or a lead byte of U+0300 and above (0xCC
/// or more: the characters to map among them, and those the NFC pre-check
/// must see). Everything else — ASCII text, continuation bytes, the lead bytes
/// of æ, ø, å and the rest of Latin-1 — is passed by. Each byte is tested
/// on its own (no carry crosses a byte).
fn needs_a_look(w: u64) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let low = w & LOW7;
    let ascii = !w & HI;
    let control = !(low + LO * 0x60) & ascii;
    let delete = (low + LO) & ascii;
    let x = w ^ (LO * 0xC2);
    let c2 = !(((x & LOW7) + LOW7) | x) & HI;
    let from_cc = (low + LO * 0x34) & w & HI;
    control | delete | c2 | from_cc
}

/// The length of the UTF-8 sequence that `lead` starts (1 for ASCII).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_stripped_and_reported_as_utf8() {
        let d = decode(b"\xEF\xBB\xBFHei p\xC3\xA5 deg", None).unwrap();
        assert_eq!(d.text, "Hei på deg");
        assert_eq!(d.encoding, "utf-8");
    }

    #[test]
    fn windows_1252_is_detected() {
        let d = decode(b"Bl\xE5b\xE6r og r\xF8dt \x96 sier hun.", None).unwrap();
        assert_eq!(d.text, "Blåbær og rødt – sier hun.");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Æ ø å".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, "Æ ø å");
        assert_eq!(d.encoding, "utf-16le");
    }

    #[test]
    fn nul_bytes_are_binary() {
        let err = decode(b"PK\x03\x04\x00\x00abc", None).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::Binary);
    }

    #[test]
    fn forced_utf8_rejects_bad_bytes() {
        let err = decode(b"abc \xE6\xF8", Some(encoding_rs::UTF_8)).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::Undecodable);
        assert!(err.to_string().contains("offset 4"));
    }

    #[test]
    fn normalise_handles_line_ends_spaces_and_invisibles() {
        assert_eq!(normalise("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(normalise("kl.\u{00A0}14\u{202F}30"), "kl. 14 30");
        assert_eq!(normalise("fot\u{00AD}ball\u{200B}"), "fotball");
        // Decomposed å (a + ring) becomes the precomposed letter.
        assert_eq!(normalise("a\u{030A}"), "å");
    }

    #[test]
    fn normal_text_is_borrowed_not_copied() {
        let text = "Blåbær «og» rødt – sier hun.\nNeste linje med § og é.";
        assert!(matches!(normalised(text), Cow::Borrowed(_)));
        assert!(matches!(normalised("a\u{00A0}b"), Cow::Owned(_)));
    }

    #[test]
    fn combining_mark_after_a_dropped_character_still_composes() {
        assert_eq!(normalise("x\u{00AD}a\u{030A}"), "xå");
        assert_eq!(normalise("fot\u{00AD}ball a\u{030A}"), "fotball å");
    }

    #[test]
    fn needs_a_look_marks_exactly_the_bytes_to_look_at() {
        for b in 0..=255u8 {
            let expected = b < 0x20 || b == 0x7F || b == 0xC2 || b >= 0xCC;
            for at in 0..8 {
                let mut w = *b"abcdefgh";
                w[at] = b;
                let marked = needs_a_look(u64::from_le_bytes(w));
                assert_eq!(
                    marked,
                    u64::from(expected) << (8 * at + 7),
                    "{b:#04x} at {at}"
                );
            }
        }
        let text = "Blåbær og rødt – kl.\u{00A0}14, i år.\nNeste linje med § og é, og enda litt mer tekst.";
        let bytes = text.as_bytes();
        for start in 0..=bytes.len() {
            let next = skip_plain(bytes, start);
            assert!(next <= bytes.len());
            let marked = |b: u8| b < 0x20 || b == 0x7F || b == 0xC2 || b >= 0xCC;
            assert!(
                bytes[start..next].iter().all(|&b| !marked(b)),
                "from {start}"
            );
            let first = (start..bytes.len()).find(|&i| marked(bytes[i]));
            assert!(
                next + 8 > bytes.len() || Some(next) == first,
                "from {start}"
            );
        }
    }

    /// The definition [`normalised`] implements, a character at a time.
    fn normalise_by_chars(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    chars.next_if_eq(&'\n');
                    out.push('\n');
                }
                '\n' => out.push('\n'),
                '\u{2028}' | '\u{2029}' | '\u{0085}' => out.push('\n'),
                '\t' | '\u{000B}' | '\u{000C}' => out.push(' '),
                '\u{00A0}'
                | '\u{1680}'
                | '\u{2000}'..='\u{200A}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}' => out.push(' '),
                '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}' => {}
                c if c.is_control() => {}
                c => out.push(c),
            }
        }
        if out.chars().any(needs_nfc_check)
            && unicode_normalization::is_nfc_quick(out.chars())
                != unicode_normalization::IsNormalized::Yes
        {
            out.nfc().collect()
        } else {
            out
        }
    }

    #[test]
    fn the_nfc_pre_check_passes_over_no_character_nfc_would_touch() {
        use unicode_normalization::char::canonical_combining_class;
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            let alone = c.to_string();
            let touched = unicode_normalization::is_nfc_quick(alone.chars())
                != unicode_normalization::IsNormalized::Yes
                || canonical_combining_class(c) != 0;
            assert!(!touched || needs_nfc_check(c), "U+{:04X}", u32::from(c));
        }
        assert_eq!(normalised("\u{212B}ngstr\u{F6}m"), "\u{C5}ngstr\u{F6}m");
        assert_eq!(normalised("2 k\u{2126}"), "2 k\u{3A9}");
    }

    #[test]
    fn normalised_agrees_with_the_definition_for_every_character() {
        let chars = (0..=0x3100u32)
            .chain(0xFE00..=0xFFFF)
            .chain([0x1_0000, 0x1_F600, 0x10_FFFF])
            .filter_map(char::from_u32);
        for c in chars {
            for text in [
                format!("{c}"),
                format!("abcdefgh{c}ijklmnop"),
                format!("a\r{c}\u{030A}"),
                format!("\u{FEFF}\u{212B}{c}x"),
            ] {
                assert_eq!(normalised(&text), normalise_by_chars(&text), "{text:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn normalised_agrees_with_the_definition(
            text in "[a-zA-Z0-9 .,æøåÅ«»–\r\n\t\u{0}\u{7f}\u{85}\u{a0}\u{ad}\u{301}\u{30a}\u{1680}\u{2009}\u{200b}\u{2028}\u{202f}\u{212b}\u{3000}\u{feff}]{0,40}"
        ) {
            proptest::prop_assert_eq!(normalised(&text), normalise_by_chars(&text));
        }

        #[test]
        fn normalised_agrees_with_the_definition_on_any_text(text in "\\PC{0,40}|.{0,40}") {
            proptest::prop_assert_eq!(normalised(&text), normalise_by_chars(&text));
        }
    }

    #[test]
    fn owned_bytes_decode_as_borrowed_ones() {
        let cases: [(&[u8], Option<&'static Encoding>); 8] = [
            (b"Bl\xC3\xA5 og r\xC3\xB8dt.\r\n", None),
            (b"\xEF\xBB\xBFHei p\xC3\xA5 deg", None),
            (b"Bl\xE5b\xE6r og r\xF8dt \x96 sier hun.", None),
            (b"abc \xE6\xF8", Some(encoding_rs::UTF_8)),
            (b"Bl\xE5", Some(encoding_rs::WINDOWS_1252)),
            (b"PK\x03\x04\x00\x00abc", None),
            (b"<meta charset=windows-1252><p>Bl\xC3\xA5</p>", None),
            (b"<meta charset=utf-8><p>Bl\xE5b\xE6r og r\xF8dt</p>", None),
        ];
        for (bytes, forced) in cases {
            let owned =
                |html| decode_owned(bytes.to_vec(), forced, html).map_err(|e| e.to_string());
            let borrowed = decode(bytes, forced).map_err(|e| e.to_string());
            assert_eq!(owned(false), borrowed, "{bytes:?}");
            let borrowed = decode_html(bytes, forced).map_err(|e| e.to_string());
            assert_eq!(owned(true), borrowed, "{bytes:?}");
        }
    }

    #[test]
    fn meta_charset_is_used_for_html() {
        let page = b"<!DOCTYPE html><html><head><meta charset=\"windows-1252\"></head><body><p>Bl\xE5 \x96 r\xF8d</p></body></html>";
        let d = decode_html(page, None).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("Blå – rød"));
    }

    #[test]
    fn http_equiv_content_type_is_read() {
        let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">";
        assert_eq!(prescan_charset(page), Some(encoding_rs::WINDOWS_1252));
    }

    #[test]
    fn charset_in_a_comment_is_ignored() {
        let page = b"<!-- <meta charset=\"koi8-r\"> --><meta charset=utf-8>";
        assert_eq!(prescan_charset(page), Some(encoding_rs::UTF_8));
    }

    #[test]
    fn declared_utf16_means_utf8() {
        assert_eq!(
            prescan_charset(b"<meta charset=utf-16>"),
            Some(encoding_rs::UTF_8)
        );
    }

    #[test]
    fn charset_after_the_first_1024_bytes_is_not_read() {
        let mut page = vec![b' '; 1100];
        page.extend_from_slice(b"<meta charset=windows-1252>");
        assert_eq!(prescan_charset(&page), None);
    }

    #[test]
    fn bom_wins_over_declared_charset() {
        let d = decode_html(
            b"\xEF\xBB\xBF<meta charset=windows-1252><p>\xC3\xA5</p>",
            None,
        )
        .unwrap();
        assert_eq!(d.encoding, "utf-8");
        assert!(d.text.contains('å'));
    }

    #[test]
    fn wrong_declared_utf8_falls_back_to_detection() {
        let d = decode_html(b"<meta charset=utf-8><p>Bl\xE5b\xE6r og r\xF8dt</p>", None).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("Blåbær"));
    }

    #[test]
    fn labels_resolve() {
        assert_eq!(encoding_for_label("cp1252").unwrap().name(), "windows-1252");
        assert_eq!(encoding_for_label("latin1").unwrap().name(), "windows-1252");
        assert!(encoding_for_label("klingon").is_err());
    }
}
