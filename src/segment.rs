//! Stage 4, segment: cleaned blocks → sentence-aligned units with byte spans.
//!
//! Input: [`Cleaned`] blocks and the [`Rules`] (abbreviation lists). Output: the
//! `clean_text` (blocks joined by a blank line) and its [`Unit`]s ([`segment`]),
//! or only where they lie in it ([`layout`], which [`Layout::write_jsonl`] and
//! [`Layout::write_lines`] print as `norbrief segment` does). Headings, list
//! items and table rows are one unit each; paragraphs are split into
//! sentences.
//!
//! Invariants: `clean_text[span] == text`; spans ascend and never overlap; every
//! non-whitespace character of `clean_text` lies in exactly one unit; unit text
//! never starts or ends with whitespace.
//!
//! A sentence ends after `.`, `!`, `?` or `…` (with any closing quotes or
//! brackets) followed by whitespace, unless what follows starts in lower case
//! ("– Hvor er katten min? ropte en kvinne"), or the full stop belongs to an
//! abbreviation ("bl.a.", "kl."), an initial ("Jonas G. Støre") or an ordinal
//! before a number. Abbreviations that often close a sentence ("osv.", "kr.")
//! end one when a capital follows.

use std::io::{self, Write};

use crate::blocks::Role;
use crate::clean::Cleaned;
use crate::model::{Unit, UnitKind};
use crate::rules::Rules;

/// `clean_text` and its units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segmented {
    /// The cleaned text.
    pub clean_text: String,
    /// The units, ids `u1`… in order.
    pub units: Vec<Unit>,
    /// The role of each unit's block, parallel to `units`.
    pub roles: Vec<Role>,
}

/// Where one unit lies in `clean_text`: a [`Unit`] without its own copy of the
/// text, id or word count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitSpan {
    /// Heading or sentence.
    pub kind: UnitKind,
    /// The role of the unit's block.
    pub role: Role,
    /// 0-based index of the block of `clean_text` the unit is in.
    pub paragraph: usize,
    /// Byte offsets into `clean_text`.
    pub span: [usize; 2],
}

/// `clean_text` and where its units lie: what [`segment`] makes its units from,
/// for callers that only print them and need no copies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// The cleaned text: blocks joined by a blank line.
    pub clean_text: String,
    /// The units in order; the unit at index `i` has the id `u{i + 1}`.
    pub units: Vec<UnitSpan>,
}

impl Layout {
    /// The text of `unit`, a slice of `clean_text`.
    pub fn text(&self, unit: &UnitSpan) -> &str {
        self.clean_text
            .get(unit.span[0]..unit.span[1])
            .unwrap_or_default()
    }

    /// Copies every unit out into a [`Unit`], with its id and word count.
    pub fn into_segmented(self) -> Segmented {
        let units = self
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let text = self.text(u);
                Unit {
                    id: format!("u{}", i + 1),
                    kind: u.kind,
                    paragraph: u.paragraph,
                    span: u.span,
                    words: count_words(text),
                    text: text.to_string(),
                    role: match u.role {
                        Role::Paragraph | Role::Heading => None,
                        role => Some(role),
                    },
                }
            })
            .collect();
        Segmented {
            roles: self.units.iter().map(|u| u.role).collect(),
            clean_text: self.clean_text,
            units,
        }
    }

    /// Writes the units as JSON Lines, one object per unit: its `id`, `text`,
    /// `paragraph`, `span` and `kind`, in that order, as serde_json writes
    /// them (the output of `norbrief segment`). Writes in large pieces, so
    /// `out` needs no buffer of its own.
    pub fn write_jsonl(&self, mut out: impl Write) -> io::Result<()> {
        let mut buf = Vec::with_capacity(WRITE_CHUNK + 1024);
        let mut numbers = itoa::Buffer::new();
        for (i, u) in self.units.iter().enumerate() {
            buf.extend_from_slice(b"{\"id\":\"u");
            buf.extend_from_slice(numbers.format(i + 1).as_bytes());
            buf.extend_from_slice(b"\",\"text\":");
            write_json_string(&mut buf, self.text(u));
            buf.extend_from_slice(b",\"paragraph\":");
            buf.extend_from_slice(numbers.format(u.paragraph).as_bytes());
            buf.extend_from_slice(b",\"span\":[");
            buf.extend_from_slice(numbers.format(u.span[0]).as_bytes());
            buf.push(b',');
            buf.extend_from_slice(numbers.format(u.span[1]).as_bytes());
            buf.extend_from_slice(b"],\"kind\":");
            buf.extend_from_slice(match u.kind {
                UnitKind::Heading => b"\"heading\"}\n",
                UnitKind::Sentence => b"\"sentence\"}\n",
            });
            if buf.len() >= WRITE_CHUNK {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        out.write_all(&buf)?;
        out.flush()
    }

    /// Writes one unit per line, with an empty line between paragraphs (the
    /// output of `norbrief segment --format lines`).
    pub fn write_lines(&self, mut out: impl Write) -> io::Result<()> {
        let mut buf = Vec::with_capacity(WRITE_CHUNK + 1024);
        let mut last_paragraph = None;
        for u in &self.units {
            if last_paragraph.is_some_and(|p| p != u.paragraph) {
                buf.push(b'\n');
            }
            last_paragraph = Some(u.paragraph);
            buf.extend_from_slice(self.text(u).as_bytes());
            buf.push(b'\n');
            if buf.len() >= WRITE_CHUNK {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        out.write_all(&buf)?;
        out.flush()
    }
}

/// How much output is gathered before it is written.
const WRITE_CHUNK: usize = 256 * 1024;

/// Appends `text` as a JSON string, escaped exactly as serde_json does: `"`,
/// `\\` and the control characters below U+0020 (with the short forms `\\b`,
/// `\\f`, `\\n`, `\\r`, `\\t`), nothing else.
fn write_json_string(out: &mut Vec<u8>, text: &str) {
    fn needs_escape(b: u8) -> bool {
        (b < 0x20) | (b == b'"') | (b == b'\\')
    }
    let bytes = text.as_bytes();
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    loop {
        // Whole 16-byte blocks with nothing to escape, checked without an
        // early exit so that the check compiles to vector code.
        while let Some(block) = bytes.get(i..i + 16) {
            if block.iter().fold(false, |any, &b| any | needs_escape(b)) {
                break;
            }
            i += 16;
        }
        let Some(at) = bytes[i..].iter().position(|&b| needs_escape(b)) else {
            break;
        };
        i += at;
        out.extend_from_slice(&bytes[start..i]);
        let b = bytes[i];
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0C => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let hex = [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]];
                out.extend_from_slice(b"\\u00");
                out.extend_from_slice(&hex);
            }
        }
        i += 1;
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Builds `clean_text` from the blocks and splits it into units.
pub fn segment(cleaned: &Cleaned, rules: &Rules) -> Segmented {
    layout(cleaned, rules).into_segmented()
}

/// Builds `clean_text` from the blocks and finds its units, without copying
/// them out (see [`segment`] for the units themselves).
pub fn layout(cleaned: &Cleaned, rules: &Rules) -> Layout {
    let len = cleaned.blocks.iter().map(|b| b.text.len() + 2).sum();
    let mut builder = LayoutBuilder::new(rules, len);
    for block in &cleaned.blocks {
        builder.push(block.role, &block.text);
    }
    builder.finish().0
}

/// Builds a [`Layout`] one block at a time.
#[derive(Debug)]
pub(crate) struct LayoutBuilder<'r, 's> {
    rules: &'r Rules,
    table: Option<AbbreviationTable>,
    layout: Layout,
    paragraphs: usize,
    /// The sentence ranges of the current block (kept for its allocation).
    ranges: Vec<(usize, usize)>,
    /// The text the blocks were read from, as long as `clean_text` is the
    /// start of it (blocks one after the other, a blank line between them):
    /// until then `clean_text` is only measured, in `mirrored`, not copied.
    source: Option<&'s str>,
    mirrored: usize,
}

impl<'r, 's> LayoutBuilder<'r, 's> {
    /// A builder for about `len` bytes of `clean_text`.
    pub(crate) fn new(rules: &'r Rules, len: usize) -> Self {
        LayoutBuilder {
            rules,
            table: AbbreviationTable::new(rules),
            layout: Layout {
                clean_text: String::with_capacity(len),
                // Sentences run some 90 bytes in news text; reserving for them
                // spares the vector most of its regrowth.
                units: Vec::with_capacity(len / 64),
            },
            paragraphs: 0,
            ranges: Vec::new(),
            source: None,
            mirrored: 0,
        }
    }

    /// A builder for blocks read from `source`, which copies nothing into
    /// `clean_text` for as long as `clean_text` is the start of `source` (see
    /// [`finish`](Self::finish)).
    pub(crate) fn over(rules: &'r Rules, source: &'s str) -> Self {
        let mut builder = LayoutBuilder::new(rules, 0);
        builder.layout.units.reserve(source.len() / 64);
        builder.source = Some(source);
        builder
    }

    /// Appends a block (its text non-empty and collapsed, as [`Cleaned`] has
    /// them) and its units.
    pub(crate) fn push(&mut self, role: Role, text: &str) {
        let separator = if self.paragraphs > 0 { "\n\n" } else { "" };
        let base = match self.mirror(separator, text) {
            Some(base) => base,
            None => {
                let clean_text = &mut self.layout.clean_text;
                clean_text.push_str(separator);
                let base = clean_text.len();
                clean_text.push_str(text);
                base
            }
        };
        self.ranges.clear();
        match role {
            Role::Paragraph | Role::Quote | Role::Caption => match &self.table {
                Some(table) => split(text, table, &mut self.ranges),
                None => split(text, self.rules, &mut self.ranges),
            },
            Role::Heading | Role::ListItem | Role::TableRow => {
                self.ranges.extend(trimmed_range(text, 0, text.len()));
            }
        }
        let kind = if role == Role::Heading {
            UnitKind::Heading
        } else {
            UnitKind::Sentence
        };
        let paragraph = self.paragraphs;
        self.layout
            .units
            .extend(self.ranges.iter().map(|&(a, b)| UnitSpan {
                kind,
                role,
                paragraph,
                span: [base + a, base + b],
            }));
        self.paragraphs += 1;
    }

    /// Where `text` starts in `clean_text` when `separator` and `text` are
    /// what the source holds next, so that nothing needs copying; `None`
    /// otherwise, from when on `clean_text` is built (starting with a copy of
    /// the part that matched).
    fn mirror(&mut self, separator: &str, text: &str) -> Option<usize> {
        let source = self.source?;
        let at = self.mirrored;
        let base = at + separator.len();
        let end = base + text.len();
        if source.get(at..base) == Some(separator) && source.get(base..end) == Some(text) {
            self.mirrored = end;
            return Some(base);
        }
        let clean_text = &mut self.layout.clean_text;
        clean_text.reserve(source.len() + source.len() / 32);
        clean_text.push_str(&source[..at]);
        self.source = None;
        None
    }

    /// The layout of every block pushed. When `clean_text` is still the start
    /// of the source (see [`over`](Self::over)) it is left empty here, and its
    /// length comes back: the caller's own source, cut to that length, is it.
    pub(crate) fn finish(self) -> (Layout, Option<usize>) {
        let mirrored = self.source.map(|_| self.mirrored);
        (self.layout, mirrored)
    }
}

/// Translator word count: whitespace-separated tokens with a letter or digit.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn trimmed_range(text: &str, a: usize, b: usize) -> Option<(usize, usize)> {
    let piece = &text[a..b];
    let start = a + (piece.len() - piece.trim_start().len());
    let end = b - (piece.len() - piece.trim_end().len());
    (start < end).then_some((start, end))
}

/// Longer than any abbreviation in the data files (checked by a unit test).
const MAX_ABBREVIATION_BYTES: usize = 12;

const TERMINATORS: [char; 4] = ['.', '!', '?', '…'];
const CLOSERS: [char; 8] = ['»', '”', '"', '\'', '’', ')', ']', '›'];

/// Splits one paragraph into sentence byte ranges (trimmed, in order, covering
/// every non-whitespace character).
pub fn sentences(text: &str, rules: &Rules) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    split(text, rules, &mut out);
    out
}

/// How the segmenter asks the abbreviation lists about the token before a
/// full stop.
trait Abbreviations {
    /// Whether `token` (as it stands in the text, at most
    /// [`MAX_ABBREVIATION_BYTES`] long), in lower case, is a listed
    /// abbreviation, and which list has it (the first list first).
    fn find(&self, token: &str) -> Option<Abbreviation>;
}

/// Which list an abbreviation is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Abbreviation {
    /// Never ends a sentence ("bl.a.", "kl.").
    Inner,
    /// Ends a sentence when a capital follows ("osv.", "kr.").
    Final,
}

fn lower_case(token: &str) -> std::borrow::Cow<'_, str> {
    if token.chars().any(char::is_uppercase) {
        token.to_lowercase().into()
    } else {
        token.into()
    }
}

impl Abbreviations for Rules {
    fn find(&self, token: &str) -> Option<Abbreviation> {
        let lower = lower_case(token);
        if self.abbreviations.contains(lower.as_ref()) {
            Some(Abbreviation::Inner)
        } else if self.final_abbreviations.contains(lower.as_ref()) {
            Some(Abbreviation::Final)
        } else {
            None
        }
    }
}

/// Both abbreviation lists as one sorted table of short keys (a short string
/// packed into an integer), so that a lookup compares integers instead of
/// strings. Built once per text; answers exactly as the lists do.
#[derive(Debug)]
struct AbbreviationTable {
    entries: Vec<(u128, Abbreviation)>,
}

impl AbbreviationTable {
    /// `None` when an abbreviation is too long for a key (no built-in one is).
    fn new(rules: &Rules) -> Option<Self> {
        let mut entries = Vec::new();
        // The first list wins where a key is in both: its entries go in
        // first, the sort is stable and `dedup_by_key` keeps the first of
        // equal keys.
        for (list, kind) in [
            (&rules.abbreviations, Abbreviation::Inner),
            (&rules.final_abbreviations, Abbreviation::Final),
        ] {
            for a in list {
                entries.push((key(a.as_bytes())?, kind));
            }
        }
        entries.sort_by_key(|&(k, _)| k);
        entries.dedup_by_key(|&mut (k, _)| k);
        Some(AbbreviationTable { entries })
    }
}

impl Abbreviations for AbbreviationTable {
    fn find(&self, token: &str) -> Option<Abbreviation> {
        let key = if token.is_ascii() {
            // `to_lowercase` changes nothing but A-Z in ASCII text.
            let mut lower = [0u8; KEY_BYTES];
            let lower = lower.get_mut(..token.len())?;
            lower.copy_from_slice(token.as_bytes());
            lower.make_ascii_lowercase();
            key(lower)?
        } else {
            key(lower_case(token).as_bytes())?
        };
        let i = self.entries.binary_search_by_key(&key, |&(k, _)| k).ok()?;
        Some(self.entries[i].1)
    }
}

/// The longest string a key holds: one byte of the 16 is its length.
const KEY_BYTES: usize = 15;

/// `bytes` and their length packed into an integer; `None` when too long.
fn key(bytes: &[u8]) -> Option<u128> {
    if bytes.len() > KEY_BYTES {
        return None;
    }
    let mut packed = [0u8; 16];
    packed[..bytes.len()].copy_from_slice(bytes);
    packed[KEY_BYTES] = bytes.len() as u8;
    Some(u128::from_le_bytes(packed))
}

/// Appends the sentence ranges of one paragraph to `out` (see [`sentences`]).
fn split(text: &str, abbreviations: &impl Abbreviations, out: &mut Vec<(usize, usize)>) {
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        // Only a few bytes can start a boundary: skip the rest without decoding.
        i = next_candidate(bytes, i);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        let c = match b {
            b'.' => '.',
            b'!' => '!',
            b'?' => '?',
            b':' => ':',
            0xE2 if text[i..].starts_with('…') => '…',
            _ => {
                i += 1;
                continue;
            }
        };
        if c == ':' {
            if let Some(next) = colon_boundary(text, start, i) {
                if let Some(r) = trimmed_range(text, start, i + 1) {
                    out.push(r);
                }
                start = next;
                i = next;
                continue;
            }
        }
        if c == ':' {
            i += 1;
            continue;
        }
        // The run of terminators, then closing quotes/brackets.
        let term_start = i;
        let mut j = i;
        while let Some(c) = text[j..].chars().next().filter(|c| TERMINATORS.contains(c)) {
            j += c.len_utf8();
        }
        let term_end = j;
        while let Some(c) = text[j..].chars().next().filter(|c| CLOSERS.contains(c)) {
            j += c.len_utf8();
        }
        let close_end = j;
        // Whitespace must follow.
        let ws_len = text[j..].len() - text[j..].trim_start().len();
        if ws_len == 0 || j + ws_len >= text.len() {
            i = close_end.max(term_end);
            continue;
        }
        let next_start = j + ws_len;
        if is_boundary(
            text,
            start,
            term_start,
            term_end,
            close_end,
            next_start,
            abbreviations,
        ) {
            if let Some(r) = trimmed_range(text, start, close_end) {
                out.push(r);
            }
            start = next_start;
        }
        i = next_start;
    }
    if let Some(r) = trimmed_range(text, start, text.len()) {
        out.push(r);
    }
}

/// The index of the first byte from `i` on that may start a sentence end
/// (`.`, `!`, `?`, `:` or the lead byte 0xE2 of `…`), or `bytes.len()`.
/// Looks at eight bytes at a time.
fn next_candidate(bytes: &[u8], i: usize) -> usize {
    use crate::swar::eq;
    crate::swar::find(bytes, i, |w| {
        eq(w, b'.') | eq(w, b'!') | eq(w, b'?') | eq(w, b':') | eq(w, 0xE2)
    })
    .unwrap_or(bytes.len())
}

/// What follows the last whitespace in `text` (all of it when there is none):
/// `text.rsplit(char::is_whitespace).next()`, stepping back a byte at a time
/// through ASCII.
fn last_word(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut start = bytes.len();
    while let Some(&b) = start.checked_sub(1).and_then(|i| bytes.get(i)) {
        if b.is_ascii() {
            if b == b' ' || (b'\t'..=b'\r').contains(&b) {
                break;
            }
            start -= 1;
        } else {
            let Some(c) = text[..start].chars().next_back() else {
                break;
            };
            if c.is_whitespace() {
                break;
            }
            start -= c.len_utf8();
        }
    }
    &text[start..]
}

/// A colon ends a sentence when a full clause stands before it and a new
/// capitalised clause follows ("Det ble rene ord: Han var …"). Labels ("Fakta:
/// …", "F.v.: …") and lists after a colon stay in the sentence. Returns where
/// the next sentence starts.
fn colon_boundary(text: &str, sent_start: usize, colon: usize) -> Option<usize> {
    let after = &text[colon + 1..];
    let ws = after.len() - after.trim_start().len();
    if ws == 0 {
        return None;
    }
    let next_start = colon + 1 + ws;
    let next = &text[next_start..];
    let n = next.chars().next()?;
    if !(n.is_uppercase() || matches!(n, '«' | '"' | '“' | '–' | '—' | '-')) {
        return None;
    }
    // Inside an open «title: subtitle» the colon is part of the name. Titles are
    // short, so a bounded look back keeps long colon-rich sentences linear.
    let mut window_start = colon.saturating_sub(COLON_LOOKBACK).max(sent_start);
    while !text.is_char_boundary(window_start) {
        window_start += 1;
    }
    let before = &text[window_start..colon];
    if before.matches('«').count() > before.matches('»').count() {
        return None;
    }
    let before_words = text[sent_start..colon]
        .split_whitespace()
        .take(MIN_COLON_CLAUSE)
        .count();
    // Words of the clause after the colon, up to its first full stop; only the
    // first few are looked at, so that this stays linear.
    let mut after_words = 0;
    for w in next.split_whitespace().take(MIN_COLON_CLAUSE) {
        if !w.starts_with(['.', '!', '?']) {
            after_words += 1;
        }
        if w.contains(['.', '!', '?']) {
            break;
        }
    }
    (before_words >= MIN_COLON_CLAUSE && after_words >= MIN_COLON_CLAUSE).then_some(next_start)
}

/// How far back (in bytes) an open guillemet is looked for before a colon.
const COLON_LOOKBACK: usize = 200;

/// Words a clause needs on each side of a sentence-ending colon.
const MIN_COLON_CLAUSE: usize = 3;

fn is_boundary(
    text: &str,
    sent_start: usize,
    term_start: usize,
    term_end: usize,
    close_end: usize,
    next_start: usize,
    abbreviations: &impl Abbreviations,
) -> bool {
    let term = &text[term_start..term_end];
    let next = &text[next_start..];
    let Some(n) = next.chars().next() else {
        return false;
    };
    // A lower-case continuation never starts a new sentence.
    if n.is_lowercase() {
        return false;
    }
    let next_is_opener = n.is_uppercase()
        || matches!(
            n,
            '–' | '—' | '-' | '«' | '"' | '“' | '„' | '\'' | '(' | '['
        );
    if term != "." {
        // ?, !, …, "?!", "..." : a boundary before a capital, dash, quote or digit.
        return next_is_opener || n.is_ascii_digit();
    }
    if close_end > term_end {
        // "på.» Neste" — a full stop inside closing quotes.
        return true;
    }
    // The token before the full stop.
    let mut token = last_word(&text[sent_start..term_start]);
    while let Some(c) = token
        .chars()
        .next()
        .filter(|&c| matches!(c, '(' | '[' | '«' | '"' | '“' | '\'' | '‘' | '–' | '—'))
    {
        token = &token[c.len_utf8()..];
    }
    if token.is_empty() {
        return next_is_opener;
    }
    // Every listed abbreviation is short: longer tokens need no lookup.
    if token.len() <= MAX_ABBREVIATION_BYTES {
        match abbreviations.find(token) {
            Some(Abbreviation::Inner) => return false,
            Some(Abbreviation::Final) => return next_is_opener,
            None => {}
        }
    }
    let mut tchars = token.chars();
    let first = tchars.next().unwrap_or(' ');
    // Initials: "Jonas G. Støre", "A. Hansen".
    if first.is_uppercase() && tchars.next().is_none() && n.is_uppercase() {
        return false;
    }
    // Ordinals and dates: "den 17. mai", "3. kvartal" are caught by the lower-case
    // rule; before a number ("3. 4. og 5. klasse") a number is an ordinal.
    if token.chars().all(|c| c.is_ascii_digit()) && n.is_ascii_digit() {
        return false;
    }
    // Abbreviation-shaped tokens with inner dots that are not in the lists
    // ("a.m.", "f.Kr.") end a sentence only before a capital or dash.
    next_is_opener || n.is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text, Rules::builtin())
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect()
    }

    #[test]
    fn abbreviation_does_not_end_sentence() {
        assert_eq!(
            split("Systemet brukes bl.a. av Fjellvik. Det er nytt."),
            ["Systemet brukes bl.a. av Fjellvik.", "Det er nytt."]
        );
        assert_eq!(
            split("Det koster ca. 590 mill. kroner."),
            ["Det koster ca. 590 mill. kroner."]
        );
        assert_eq!(
            split("Han bor i St. Olavs gate."),
            ["Han bor i St. Olavs gate."]
        );
    }

    #[test]
    fn time_and_ordinal_do_not_end_sentence_but_real_end_does() {
        assert_eq!(
            split("Dei kom ikkje over før nærare kl. 09. Køen heldt seg."),
            ["Dei kom ikkje over før nærare kl. 09.", "Køen heldt seg."]
        );
        assert_eq!(
            split("Det skjedde den 17. mai i fjor."),
            ["Det skjedde den 17. mai i fjor."]
        );
        assert_eq!(
            split("Møtet er kl. 14.30 i dag."),
            ["Møtet er kl. 14.30 i dag."]
        );
    }

    #[test]
    fn initials_do_not_end_sentence() {
        assert_eq!(
            split("Jonas G. Støre kom. Han gikk."),
            ["Jonas G. Støre kom.", "Han gikk."]
        );
    }

    #[test]
    fn question_inside_quote_before_attribution_is_one_sentence() {
        assert_eq!(
            split("– Hvor er katten min? ropte en kvinne gjentatte ganger."),
            ["– Hvor er katten min? ropte en kvinne gjentatte ganger."]
        );
        assert_eq!(split("– Brann!, roper hun."), ["– Brann!, roper hun."]);
        assert_eq!(
            split("– Vi gir oss ikkje! Om vi så må øve ute."),
            ["– Vi gir oss ikkje!", "Om vi så må øve ute."]
        );
    }

    #[test]
    fn dialogue_dash_starts_a_sentence() {
        assert_eq!(
            split("– Dette kunne gått galt, sier Myhre. – Vi er glade."),
            ["– Dette kunne gått galt, sier Myhre.", "– Vi er glade."]
        );
    }

    #[test]
    fn full_stop_inside_guillemets_ends_sentence() {
        assert_eq!(
            split("«Han var et rovdyr. Det var grusomt å høre på.» Neste setning."),
            [
                "«Han var et rovdyr.",
                "Det var grusomt å høre på.»",
                "Neste setning."
            ]
        );
    }

    #[test]
    fn urls_emails_and_ellipses_stay_inside() {
        assert_eq!(
            split("Skriv til sikkerhet@bookbart.no, legger han til. Se www.vg.no for mer."),
            [
                "Skriv til sikkerhet@bookbart.no, legger han til.",
                "Se www.vg.no for mer."
            ]
        );
        assert_eq!(
            split("Et år med overraskelser … og ikke mange hyggelige."),
            ["Et år med overraskelser … og ikke mange hyggelige."]
        );
    }

    #[test]
    fn final_abbreviation_ends_sentence_before_capital() {
        assert_eq!(
            split("Vi kjøpte epler, pærer osv. Det var dyrt."),
            ["Vi kjøpte epler, pærer osv.", "Det var dyrt."]
        );
        assert_eq!(
            split("Avlusing, vaksinering o.l., noe som koster."),
            ["Avlusing, vaksinering o.l., noe som koster."]
        );
    }

    #[test]
    fn colon_before_a_new_clause_ends_sentence_but_labels_and_titles_do_not() {
        assert_eq!(
            split("Han sa det han har sagt mange ganger: – Forbann spriten!"),
            [
                "Han sa det han har sagt mange ganger:",
                "– Forbann spriten!"
            ]
        );
        assert_eq!(
            split("Vi har innført en egen adresse: sikkerhet@bookbart.no, sier han."),
            ["Vi har innført en egen adresse: sikkerhet@bookbart.no, sier han."]
        );
        assert_eq!(
            split("Fakta: Kjørnes skulekorps er gammelt."),
            ["Fakta: Kjørnes skulekorps er gammelt."]
        );
        assert_eq!(
            split("Begge spillene «Guitar Hero: World Tour» er på markedet."),
            ["Begge spillene «Guitar Hero: World Tour» er på markedet."]
        );
    }

    /// A line of `write_jsonl` as serde_json writes it.
    #[derive(serde::Serialize)]
    struct SerdeLine<'a> {
        id: String,
        text: &'a str,
        paragraph: usize,
        span: [usize; 2],
        kind: UnitKind,
    }

    fn jsonl_by_serde(layout: &Layout) -> String {
        let mut out = String::new();
        for (i, u) in layout.units.iter().enumerate() {
            let line = SerdeLine {
                id: format!("u{}", i + 1),
                text: layout.text(u),
                paragraph: u.paragraph,
                span: u.span,
                kind: u.kind,
            };
            out.push_str(&serde_json::to_string(&line).expect("serialisable"));
            out.push('\n');
        }
        out
    }

    fn layout_of(blocks: &[(Role, &str)]) -> Layout {
        let cleaned = Cleaned {
            blocks: blocks
                .iter()
                .map(|&(role, text)| crate::clean::Block {
                    role,
                    text: text.to_string(),
                })
                .collect(),
            removed: Vec::new(),
        };
        layout(&cleaned, Rules::builtin())
    }

    fn jsonl(layout: &Layout) -> String {
        let mut out = Vec::new();
        layout.write_jsonl(&mut out).expect("writes to a Vec");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn jsonl_is_what_serde_json_writes() {
        let layout = layout_of(&[
            (Role::Heading, "Tittel «med» \"sitat\""),
            (
                Role::Paragraph,
                "Sti C:\\temp\\fil. Kontroll \u{1}\u{8}\u{c}\u{1f}\u{7f} her.",
            ),
            (Role::ListItem, "Punkt \u{2028} og æøå"),
            (
                Role::Paragraph,
                "0123456789abcdef0123456789abcdef\"0123456789abcdef\\",
            ),
        ]);
        assert_eq!(jsonl(&layout), jsonl_by_serde(&layout));
        let mut lines = Vec::new();
        layout.write_lines(&mut lines).expect("writes to a Vec");
        assert!(String::from_utf8(lines)
            .expect("UTF-8")
            .starts_with("Tittel «med» \"sitat\"\n\n"));
    }

    #[test]
    fn every_ascii_byte_is_escaped_as_serde_json_does() {
        for b in 0..0x80u8 {
            let c = char::from(b);
            let text = format!("a{c}b 0123456789abcdef{c}0123456789abcdef{c}");
            let mut ours = Vec::new();
            write_json_string(&mut ours, &text);
            assert_eq!(
                String::from_utf8(ours).expect("UTF-8"),
                serde_json::to_string(&text).expect("serialisable"),
                "byte {b:#04x}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn jsonl_matches_serde_json(
            texts in proptest::collection::vec("[a-zæ .!?\"\\\\\u{0}-\u{1f}\u{7f}\u{2028}«»]{1,40}", 1..6)
        ) {
            let blocks: Vec<(Role, &str)> = texts.iter().map(|t| (Role::Paragraph, t.as_str())).collect();
            let layout = layout_of(&blocks);
            proptest::prop_assert_eq!(jsonl(&layout), jsonl_by_serde(&layout));
        }
    }

    #[test]
    fn abbreviation_table_answers_as_the_lists_do() {
        let rules = Rules::builtin();
        let table = AbbreviationTable::new(rules).expect("built-in abbreviations are short");
        let listed = rules.abbreviations.iter().chain(&rules.final_abbreviations);
        let tokens = [
            "",
            "Kl",
            "KL",
            "kl",
            "bl.a",
            "BL.A",
            "osv",
            "Osv",
            "St",
            "ca",
            "Ca",
            "ÆØÅ",
            "fv",
            "mill",
            "x",
            "İ",
            "kroner",
            "123456789012",
        ];
        for token in listed.map(String::as_str).chain(tokens) {
            for t in [token.to_string(), token.to_uppercase()] {
                if t.len() <= MAX_ABBREVIATION_BYTES {
                    assert_eq!(table.find(&t), rules.find(&t), "{t:?}");
                }
            }
        }
        assert_eq!(table.find("kl"), Some(Abbreviation::Inner));
        assert_eq!(table.find("Osv"), Some(Abbreviation::Final));
    }

    #[test]
    fn first_list_wins_when_an_abbreviation_is_in_both() {
        let mut rules = Rules::builtin().clone();
        rules.final_abbreviations.insert("kl".to_string());
        let table = AbbreviationTable::new(&rules).expect("short abbreviations");
        assert_eq!(table.find("kl"), Some(Abbreviation::Inner));
        assert_eq!(rules.find("kl"), Some(Abbreviation::Inner));
    }

    #[test]
    fn long_abbreviations_fall_back_to_the_lists() {
        let mut rules = Rules::builtin().clone();
        rules.abbreviations.insert("sixteen.bytes.ab".to_string());
        assert!(AbbreviationTable::new(&rules).is_none());
    }

    #[test]
    fn next_candidate_finds_the_first_possible_sentence_end() {
        let text = "Ingen slutt her, men her. Og så … til sist: nå! Eller? «Ja»";
        let bytes = text.as_bytes();
        let mut expected = Vec::new();
        let mut found = Vec::new();
        for start in 0..=bytes.len() {
            expected.push(
                (start..bytes.len())
                    .find(|&i| matches!(bytes[i], b'.' | b'!' | b'?' | b':' | 0xE2))
                    .unwrap_or(bytes.len()),
            );
            found.push(next_candidate(bytes, start));
        }
        assert_eq!(found, expected);
        assert_eq!(next_candidate(b"", 0), 0);
        assert_eq!(next_candidate(b"abc", 7), 3);
    }

    #[test]
    fn last_word_is_what_follows_the_last_whitespace() {
        for text in [
            "",
            " ",
            "ord",
            "to ord",
            "slutt ",
            "tab\tskilt",
            "linje\nskift",
            "vt\u{b}og ff\u{c}ord",
            "fil\u{1c}sep",
            "nbsp\u{a0}ord",
            "tynn\u{2009}ord",
            "ideo\u{3000}ord",
            "«Sitat",
            "æøå ÆØÅ",
            "ingen\u{2060}mellomrom",
        ] {
            assert_eq!(
                last_word(text),
                text.rsplit(char::is_whitespace).next().unwrap_or(""),
                "{text:?}"
            );
        }
    }

    #[test]
    fn layout_over_its_source_copies_nothing_while_it_can() {
        let rules = Rules::builtin();
        let build = |source: &str, blocks: &[&str]| {
            let mut over = LayoutBuilder::over(rules, source);
            let mut copying = LayoutBuilder::new(rules, 0);
            for block in blocks {
                over.push(Role::Paragraph, block);
                copying.push(Role::Paragraph, block);
            }
            let (mut layout, mirrored) = over.finish();
            if let Some(len) = mirrored {
                assert!(layout.clean_text.is_empty());
                layout.clean_text = source[..len].to_string();
            }
            assert_eq!(layout, copying.finish().0, "{source:?}");
            mirrored
        };
        let source = "Ett. To.\n\nTre.\n";
        assert_eq!(build(source, &["Ett. To.", "Tre."]), Some(source.len() - 1));
        assert_eq!(build("Ett.\nTo.", &["Ett.", "To."]), None);
        assert_eq!(build(" Ett.\n\nTo.", &["Ett.", "To."]), None);
        assert_eq!(build("Ett.\n\nTo.\n\nTre.", &["Ett.", "To", "Tre."]), None);
        assert_eq!(build("Ett.", &[]), Some(0));
    }

    #[test]
    fn every_abbreviation_fits_the_lookup_limit() {
        let r = Rules::builtin();
        for a in r.abbreviations.iter().chain(&r.final_abbreviations) {
            assert!(a.len() <= MAX_ABBREVIATION_BYTES, "{a} is too long");
        }
    }
}
