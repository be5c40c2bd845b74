//! XML writing for the translator files: a thin layer over `quick_xml::Writer`.
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

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::error::{Error, ErrorKind, Result};

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

/// `s` escaped for element text or (with `attribute`) an attribute value,
/// without the characters XML 1.0 forbids.
///
/// Runs of plain chars are copied whole, and a text with nothing to escape
/// is borrowed as it is. Outside ASCII only U+FFFE and U+FFFF are forbidden
/// (a `str` holds no surrogates), and both start with the byte 0xEF, so
/// other non-ASCII bytes need no look.
fn escape(s: &str, attribute: bool) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    let mut out: Option<String> = None;
    // The start of the plain run not yet copied.
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
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
        let out = out.get_or_insert_with(|| String::with_capacity(s.len() + 8));
        out.push_str(&s[plain..i]);
        out.push_str(replacement);
        i += len;
        plain = i;
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut out) => {
            out.push_str(&s[plain..]);
            Cow::Owned(out)
        }
    }
}

/// An XML document being written.
pub struct XmlWriter {
    inner: Writer<Vec<u8>>,
    depth: usize,
}

impl std::fmt::Debug for XmlWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlWriter")
            .field("depth", &self.depth)
            .finish_non_exhaustive()
    }
}

fn output_error(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Output, format!("cannot write XML: {e}"))
}

impl XmlWriter {
    /// Starts a document with the XML declaration.
    pub fn new() -> Result<Self> {
        let mut inner = Writer::new(Vec::with_capacity(16 * 1024));
        inner
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
            .map_err(output_error)?;
        Ok(XmlWriter { inner, depth: 0 })
    }

    fn event(&mut self, e: Event<'_>) -> Result<()> {
        self.inner.write_event(e).map_err(output_error)
    }

    /// Writes raw markup that the caller guarantees is well-formed (a DOCTYPE).
    pub fn doctype(&mut self, doctype: &str) -> Result<()> {
        self.newline()?;
        self.event(Event::DocType(BytesText::from_escaped(doctype)))
    }

    fn start<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for (k, v) in attrs {
            start.push_attribute(quick_xml::events::attributes::Attribute {
                key: quick_xml::name::QName(k.as_bytes()),
                value: match escape(v, true) {
                    Cow::Borrowed(v) => Cow::Borrowed(v.as_bytes()),
                    Cow::Owned(v) => Cow::Owned(v.into_bytes()),
                },
            });
        }
        start
    }

    fn newline(&mut self) -> Result<()> {
        let mut ws = String::with_capacity(1 + 2 * self.depth);
        ws.push('\n');
        for _ in 0..self.depth {
            ws.push_str("  ");
        }
        self.event(Event::Text(BytesText::from_escaped(ws)))
    }

    /// Opens a structural element on a new, indented line.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
        self.newline()?;
        self.event(Event::Start(Self::start(name, attrs)))?;
        self.depth += 1;
        Ok(())
    }

    /// Closes a structural element opened with [`XmlWriter::open`].
    pub fn close(&mut self, name: &str) -> Result<()> {
        self.depth = self.depth.saturating_sub(1);
        self.newline()?;
        self.event(Event::End(BytesEnd::new(name)))
    }

    /// An element with only text on its own line: `<name attrs>text</name>`.
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> Result<()> {
        self.newline()?;
        self.inline_open(name, attrs)?;
        self.text(text)?;
        self.inline_close(name)
    }

    /// An empty element on its own line.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
        self.newline()?;
        self.event(Event::Empty(Self::start(name, attrs)))
    }

    /// Opens a content element (`<source>`, `<seg>`) on a new line; its
    /// content is written with [`XmlWriter::text`] and inline elements, and it
    /// is closed with [`XmlWriter::inline_close`].
    pub fn open_inline_leaf(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
        self.newline()?;
        self.inline_open(name, attrs)
    }

    /// Opens an element inside content, with no indentation.
    pub fn inline_open(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
        self.event(Event::Start(Self::start(name, attrs)))
    }

    /// Closes an element opened with [`XmlWriter::inline_open`].
    pub fn inline_close(&mut self, name: &str) -> Result<()> {
        self.event(Event::End(BytesEnd::new(name)))
    }

    /// Escaped character data.
    pub fn text(&mut self, text: &str) -> Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        self.event(Event::Text(BytesText::from_escaped(escape(text, false))))
    }

    /// Ends the document with a newline and returns its bytes.
    pub fn finish(mut self) -> Result<Vec<u8>> {
        self.event(Event::Text(BytesText::from_escaped("\n")))?;
        Ok(self.inner.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            proptest::prop_assert_eq!(escaped.as_ref(), reference(&s, attribute));
        }

        #[test]
        fn escape_agrees_on_any_string(s: String, attribute: bool) {
            let escaped = escape(&s, attribute);
            proptest::prop_assert_eq!(escaped.as_ref(), reference(&s, attribute));
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
        let mut w = XmlWriter::new().unwrap();
        w.open("a", &[("k", "v\"<&")]).unwrap();
        w.leaf("b", &[], "x ]]> \u{7} y").unwrap();
        w.close("a").unwrap();
        let bytes = w.finish().unwrap();
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
