//! XML writing for the translator files.
//!
//! Input: element names and attributes chosen by the format writers, and
//! article text. Output: well-formed XML 1.0 bytes.
//!
//! Invariants: all text and attribute values are escaped (`&`, `<`, `>`, quotes,
//! and CR/LF/TAB in attributes as character references, so `]]>` and line
//! ends survive a parser); characters XML 1.0 forbids (C0 controls other than
//! TAB/LF/CR, U+FFFE, U+FFFF) are dropped, because no escape can carry them.
//! Indentation is written only between structural elements, never inside
//! `<source>`/`<target>`/`<seg>`, where whitespace is content.

use std::borrow::Cow;

use crate::swar;

/// Whether `c` may appear in an XML 1.0 document.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `s` without the characters XML 1.0 forbids.
pub fn xml_safe(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

/// Appends `s` to `out`, escaped for element text or (with `attribute`) an
/// attribute value, without the characters XML 1.0 forbids.
///
/// Runs of plain chars are copied whole. Outside ASCII only U+FFFE and
/// U+FFFF are forbidden (a `str` holds no surrogates), and both start with
/// the byte 0xEF, so other non-ASCII bytes need no look.
fn escape_into(s: &str, attribute: bool, out: &mut Vec<u8>) {
    let bytes = s.as_bytes();
    // The start of the plain run not yet copied.
    let mut plain = 0;
    let mut i = 0;
    let look = if attribute {
        attribute_marks
    } else {
        text_marks
    };
    while let Some(at) = swar::find(bytes, i, look) {
        i = at;
        let b = bytes[i];
        let (replacement, len): (&str, usize) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            // A literal CR is turned into LF by every parser.
            b'\r' => ("&#13;", 1),
            b'"' if attribute => ("&quot;", 1),
            b'\n' if attribute => ("&#10;", 1),
            b'\t' if attribute => ("&#9;", 1),
            b'\t' | b'\n' => {
                i += 1;
                continue;
            }
            0x00..=0x1F => ("", 1),
            0xEF => {
                let c = s[i..].chars().next().unwrap_or_default();
                if is_xml_char(c) {
                    i += c.len_utf8();
                    continue;
                }
                ("", c.len_utf8())
            }
            _ => {
                i += 1;
                continue;
            }
        };
        // Every byte matched above starts a char, so the slices fall on
        // char boundaries.
        out.extend_from_slice(&bytes[plain..i]);
        out.extend_from_slice(replacement.as_bytes());
        i += len;
        plain = i;
    }
    out.extend_from_slice(&bytes[plain..]);
}

/// Marks the bytes [`escape_into`] looks at in element text: markup,
/// ASCII controls and 0xEF, which starts U+FFFE and U+FFFF.
#[inline]
fn text_marks(word: u64) -> u64 {
    swar::below(word, 0x20)
        | swar::eq(word, b'&')
        | swar::eq(word, b'<')
        | swar::eq(word, b'>')
        | swar::eq(word, 0xEF)
}

/// [`text_marks`] and the quote that closes an attribute value.
#[inline]
fn attribute_marks(word: u64) -> u64 {
    text_marks(word) | swar::eq(word, b'"')
}

/// An XML document being written.
///
/// Markup is written straight into the output buffer: an element costs no
/// allocation beyond the buffer's own growth (an event writer built a tag
/// buffer per element and grew it per attribute). Writing to memory cannot
/// fail, so no method returns an error.
#[derive(Debug)]
pub struct XmlWriter {
    out: Vec<u8>,
    depth: usize,
}

impl Default for XmlWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl XmlWriter {
    /// Starts a document with the XML declaration.
    pub fn new() -> Self {
        Self::with_capacity(16 * 1024)
    }

    /// [`XmlWriter::new`] with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        let mut out = Vec::with_capacity(capacity);
        out.extend_from_slice(br#"<?xml version="1.0" encoding="UTF-8"?>"#);
        XmlWriter { out, depth: 0 }
    }

    /// Writes raw markup that the caller guarantees is well-formed (a DOCTYPE).
    pub fn doctype(&mut self, doctype: &str) {
        self.newline();
        self.out.extend_from_slice(b"<!DOCTYPE ");
        self.out.extend_from_slice(doctype.as_bytes());
        self.out.push(b'>');
    }

    /// `<name a="v" …`, without the closing `>`.
    fn tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        for (k, v) in attrs {
            self.out.push(b' ');
            self.out.extend_from_slice(k.as_bytes());
            self.out.extend_from_slice(b"=\"");
            escape_into(v, true, &mut self.out);
            self.out.push(b'"');
        }
    }

    fn newline(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    /// Opens a structural element on a new, indented line.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.newline();
        self.inline_open(name, attrs);
        self.depth += 1;
    }

    /// Closes a structural element opened with [`XmlWriter::open`].
    pub fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.newline();
        self.inline_close(name);
    }

    /// An element with only text on its own line: `<name attrs>text</name>`.
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.newline();
        self.inline_open(name, attrs);
        self.text(text);
        self.inline_close(name);
    }

    /// An empty element on its own line.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.newline();
        self.tag(name, attrs);
        self.out.extend_from_slice(b"/>");
    }

    /// Opens a content element (`<source>`, `<seg>`) on a new line; its
    /// content is written with [`XmlWriter::text`] and inline elements, and it
    /// is closed with [`XmlWriter::inline_close`].
    pub fn open_inline_leaf(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.newline();
        self.inline_open(name, attrs);
    }

    /// Opens an element inside content, with no indentation.
    pub fn inline_open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.tag(name, attrs);
        self.out.push(b'>');
    }

    /// Closes an element opened with [`XmlWriter::inline_open`].
    pub fn inline_close(&mut self, name: &str) {
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'>');
    }

    /// Escaped character data.
    pub fn text(&mut self, text: &str) {
        escape_into(text, false, &mut self.out);
    }

    /// Ends the document with a newline and returns its bytes.
    pub fn finish(mut self) -> Vec<u8> {
        self.out.push(b'\n');
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escape(s: &str, attribute: bool) -> String {
        let mut out = Vec::new();
        escape_into(s, attribute, &mut out);
        String::from_utf8(out).expect("escaping keeps UTF-8")
    }

    /// The escaper as first written, char by char.
    fn reference(s: &str, attribute: bool) -> String {
        let mut out = String::new();
        for c in s.chars().filter(|&c| is_xml_char(c)) {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '\r' => out.push_str("&#13;"),
                '"' if attribute => out.push_str("&quot;"),
                '\n' if attribute => out.push_str("&#10;"),
                '\t' if attribute => out.push_str("&#9;"),
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn escape_agrees_with_the_char_by_char_escaper(
            s in "[\\x00-\\x7f\\u{80}-\\u{a0}æøå\\u{fffd}-\\u{ffff}\\u{10000}]{0,30}",
            attribute: bool,
        ) {
            let escaped = escape(&s, attribute);
            proptest::prop_assert_eq!(escaped, reference(&s, attribute));
        }

        #[test]
        fn escape_agrees_on_any_string(s: String, attribute: bool) {
            let escaped = escape(&s, attribute);
            proptest::prop_assert_eq!(escaped, reference(&s, attribute));
        }
    }

    #[test]
    fn escape_drops_forbidden_controls_and_keeps_cdata_end_safe() {
        assert_eq!(escape("a\u{1}b]]>&<", false), "ab]]&gt;&amp;&lt;");
        assert_eq!(escape("\"x\"\n\t\r", true), "&quot;x&quot;&#10;&#9;&#13;");
        assert_eq!(xml_safe("ok\u{FFFE}\u{0}"), "ok");
    }

    #[test]
    fn writer_output_parses() {
        use quick_xml::events::Event;
        let mut w = XmlWriter::new();
        w.open("a", &[("k", "v\"<&")]);
        w.leaf("b", &[], "x ]]> \u{7} y");
        w.close("a");
        let bytes = w.finish();
        let s = String::from_utf8(bytes).unwrap();
        let mut r = quick_xml::Reader::from_str(&s);
        loop {
            match r.read_event().unwrap() {
                Event::Eof => break,
                _ => continue,
            }
        }
        assert!(s.contains("x ]]&gt;  y"));
    }
}
