//! Stage 3, clean: raw blocks → article blocks, with every removed piece recorded.
//!
//! Input: a [`Page`] and the [`Rules`]. Output: [`Cleaned`], the blocks that are
//! article text (each with its [`Role`]) and the `removed` list. A line is first
//! tested against the whole-line rules; if none matches, inline and tail rules
//! cut boilerplate glued to real text, and what is left is tested again. Nothing
//! is dropped without an entry in `removed` (whitespace aside).
//!
//! Lines without a role from the format are classified here: a short line with
//! no final punctuation between paragraphs is a heading (a crosshead, or the
//! title when it comes first); everything else is a paragraph.

use std::borrow::Cow;

use crate::blocks::{Page, RawBlock, Role};
use crate::model::{RemovalReason, Removed};
use crate::rules::{InDocument, Rules, Scope};

/// A block of article text after cleaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What the block is.
    pub role: Role,
    /// Its text: one line, whitespace collapsed.
    pub text: String,
}

/// The article text and what was removed from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// Article blocks in reading order.
    pub blocks: Vec<Block>,
    /// Removed pieces in input order.
    pub removed: Vec<Removed>,
}

impl Cleaned {
    /// The cleaned text: blocks separated by a blank line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, b) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            out.push_str(&b.text);
        }
        out
    }
}

enum Verdict {
    Keep(String),
    Drop(RemovalReason, bool),
}

/// Cleans a page: see the module docs.
pub fn clean(page: &Page, rules: &Rules) -> Cleaned {
    let mut removed: Vec<Removed> = page.dropped.clone();
    // Per raw block: the kept text, or None; plus the removals in order.
    let mut kept: Vec<Option<String>> = Vec::with_capacity(page.blocks.len());
    let mut pieces: Vec<Vec<Removed>> = Vec::with_capacity(page.blocks.len());
    let lines: Vec<String> = page.blocks.iter().map(|raw| collapse(&raw.text)).collect();
    let doc = rules.line_rules().in_document(&lines);
    for (i, (raw, line)) in page.blocks.iter().zip(lines).enumerate() {
        let mut local = Vec::new();
        let verdict = clean_line(line, rules, &doc, &mut local);
        match verdict {
            Verdict::Keep(text) => kept.push(Some(text)),
            Verdict::Drop(reason, name_before) => {
                if name_before {
                    drop_name_before(i, page, &mut kept, &mut pieces);
                }
                local.push(Removed {
                    text: raw.text.clone(),
                    reason,
                });
                kept.push(None);
            }
        }
        pieces.push(local);
    }
    let mut blocks = Vec::new();
    for ((raw, text), local) in page.blocks.iter().zip(kept).zip(pieces) {
        removed.extend(local);
        if let Some(text) = text.filter(|t| !t.is_empty()) {
            let role = raw.role.unwrap_or_else(|| classify(&text));
            blocks.push(Block { role, text });
        }
    }
    Cleaned { blocks, removed }
}

/// Keeps every block as it is (only whitespace is collapsed); lines without a
/// role are paragraphs. Used by `segment --no-clean`. Takes the page's blocks
/// and dropped pieces (its metadata stays behind), so that tidy lines move
/// into the result instead of being copied.
pub fn passthrough(page: &mut Page) -> Cleaned {
    Cleaned {
        blocks: std::mem::take(&mut page.blocks)
            .into_iter()
            .filter_map(|b| {
                let (role, text) = passthrough_block(b.role, Cow::Owned(b.text))?;
                Some(Block {
                    role,
                    text: text.into_owned(),
                })
            })
            .collect(),
        removed: std::mem::take(&mut page.dropped),
    }
}

/// What [`passthrough`] makes of one raw block: its role (a paragraph unless
/// stated) and its collapsed text; `None` when nothing is left.
pub(crate) fn passthrough_block(
    role: Option<Role>,
    text: Cow<'_, str>,
) -> Option<(Role, Cow<'_, str>)> {
    let text = collapsed(text);
    (!text.is_empty()).then(|| (role.unwrap_or(Role::Paragraph), text))
}

/// Removes the previous line of the same input paragraph when it is a person's
/// name (a byline before a role or date line).
fn drop_name_before(
    i: usize,
    page: &Page,
    kept: &mut [Option<String>],
    pieces: &mut [Vec<Removed>],
) {
    let Some(j) = i.checked_sub(1) else { return };
    let (prev, cur): (&RawBlock, &RawBlock) = (&page.blocks[j], &page.blocks[i]);
    if prev.chunk != cur.chunk || prev.role.is_some() {
        return;
    }
    if let Some(text) = kept[j].as_deref() {
        if looks_like_name(text) {
            pieces[j].push(Removed {
                text: text.to_string(),
                reason: RemovalReason::Byline,
            });
            kept[j] = None;
        }
    }
}

/// Two to five capitalised words (initials allowed), nothing else.
fn looks_like_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && words.iter().all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\'' | '’'))
        })
}

fn whole_line_match(text: &str, rules: &Rules, doc: &InDocument) -> Option<(RemovalReason, bool)> {
    let all = rules.boilerplate();
    // Matches come in rule order: the first is the rule that wins.
    let hits = rules.line_rules().matches(text, doc);
    let mut hits = hits.iter().map(|&i| &all[i]);
    let first = hits.next()?;
    // A line that takes a byline name with it may have matched an earlier plain
    // rule first (a date line is a dateline either way): look on for one.
    let name_before =
        first.scope == Scope::NameBefore || hits.any(|r| r.scope == Scope::NameBefore);
    Some((first.reason, name_before))
}

/// Cleans one line of `doc`, whitespace already collapsed.
fn clean_line(
    text: String,
    rules: &Rules,
    doc: &InDocument,
    removed: &mut Vec<Removed>,
) -> Verdict {
    if text.is_empty() {
        return Verdict::Keep(text);
    }
    if let Some((reason, name_before)) = whole_line_match(&text, rules, doc) {
        return Verdict::Drop(reason, name_before);
    }
    let all = rules.boilerplate();
    let mut current = text;
    let mut was_cut = false;
    for (k, cut) in rules.line_rules().cuts.iter().enumerate() {
        let rule = &all[cut.rule];
        // Once cut, the line holds text the document did not (pieces now
        // side by side): ask the line itself.
        if !(was_cut || doc.cut(k)) || !cut.needs.admit(current.as_bytes()) {
            continue;
        }
        let regex = cut.regex.get();
        if !regex.is_match(&current) {
            continue;
        }
        let mut cuts: Vec<(usize, usize)> = Vec::new();
        for caps in regex.captures_iter(&current) {
            let m = caps
                .name("cut")
                .unwrap_or_else(|| caps.get(0).expect("group 0"));
            let end = if rule.scope == Scope::Tail {
                current.len()
            } else {
                m.end()
            };
            if m.start() < end {
                cuts.push((m.start(), end));
            }
            if rule.scope == Scope::Tail {
                break;
            }
        }
        if cuts.is_empty() {
            continue;
        }
        let mut next = String::with_capacity(current.len());
        let mut pos = 0;
        for (a, b) in cuts {
            if a < pos {
                continue;
            }
            next.push_str(&current[pos..a]);
            next.push(' ');
            let piece = current[a..b].trim();
            if !piece.is_empty() {
                removed.push(Removed {
                    text: piece.to_string(),
                    reason: rule.reason,
                });
            }
            pos = b;
        }
        next.push_str(&current[pos..]);
        current = collapse(&next);
        was_cut = true;
        if current.is_empty() {
            return Verdict::Keep(current);
        }
    }
    if !was_cut {
        return Verdict::Keep(current);
    }
    if let Some((reason, _)) = whole_line_match(&current, rules, &rules.line_rules().anywhere()) {
        // What is left after the inline cuts is boilerplate too: record it as such.
        removed.push(Removed {
            text: current,
            reason,
        });
        return Verdict::Keep(String::new());
    }
    Verdict::Keep(current)
}

/// Collapses whitespace runs to one space and trims.
pub fn collapse(text: &str) -> String {
    if is_tidy(text) {
        return text.to_string();
    }
    join_words(text)
}

/// [`collapse`] that keeps the text (borrowed or owned) when it is already tidy.
fn collapsed(text: Cow<'_, str>) -> Cow<'_, str> {
    if is_tidy(&text) {
        text
    } else {
        Cow::Owned(join_words(&text))
    }
}

fn join_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Whether [`collapse`] may return `text` as it is: no ASCII whitespace at
/// either end, none but single spaces inside, and no non-ASCII space.
fn is_tidy(text: &str) -> bool {
    let b = text.as_bytes();
    let (Some(first), Some(last)) = (b.first(), b.last()) else {
        return true;
    };
    if first.is_ascii_whitespace() || last.is_ascii_whitespace() {
        return false;
    }
    // Every byte with the two after it (zeros past the end), in blocks without
    // an early exit, which the compiler turns into vector code.
    const BLOCK: usize = 64;
    let n = b.len();
    let whole = n.saturating_sub(2);
    let mut start = 0;
    while start < whole {
        let end = (start + BLOCK).min(whole);
        let window = b[start..end]
            .iter()
            .zip(&b[start + 1..end + 1])
            .zip(&b[start + 2..end + 2]);
        if window.fold(false, |bad, ((&x, &y), &z)| bad | untidy_at(x, y, z)) {
            return false;
        }
        start = end;
    }
    !(whole..n).any(|i| {
        let after = |k: usize| b.get(i + k).copied().unwrap_or(0);
        untidy_at(b[i], after(1), after(2))
    })
}

/// Whether the bytes `x y z` start what [`collapse`] changes: ASCII whitespace
/// other than the space, two spaces, or a non-ASCII space (U+0085, U+00A0,
/// U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000). The
/// vertical tab is left alone, as `u8::is_ascii_whitespace` does.
#[inline]
fn untidy_at(x: u8, y: u8, z: u8) -> bool {
    matches!(x, b'\t' | b'\n' | 0x0C | b'\r')
        | ((x == b' ') & (y == b' '))
        | ((x == 0xC2) & ((y == 0x85) | (y == 0xA0)))
        | ((x == 0xE1) & (y == 0x9A) & (z == 0x80))
        | ((x == 0xE2) & (y == 0x80) & ((z <= 0x8A) | (z == 0xA8) | (z == 0xA9) | (z == 0xAF)))
        | ((x == 0xE2) & (y == 0x81) & (z == 0x9F))
        | ((x == 0xE3) & (y == 0x80) & (z == 0x80))
}

/// Headings: at most 14 words and 120 bytes, no final punctuation, starting with a
/// capital, a digit, a dash or a quote mark.
pub fn classify(text: &str) -> Role {
    // The cheap tests first: most lines are long sentences.
    let short = || text.len() <= 120 && text.split_whitespace().nth(14).is_none();
    let starts_ok = || {
        text.chars().next().is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '–' | '—' | '-' | '«' | '"' | '“')
        })
    };
    let ends_open = !text.ends_with(['.', '!', '?', ':', ';', ',', '…']);
    if ends_open && starts_ok() && short() {
        Role::Heading
    } else {
        Role::Paragraph
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::read_text;

    fn run(text: &str) -> Cleaned {
        clean(&read_text(text), Rules::builtin())
    }

    #[test]
    fn glued_ad_marker_is_cut_from_a_title() {
        let c = run("Ni evakuert etter brann Artikkelen fortsetter under annonsen\n\nTekst her.");
        assert_eq!(c.blocks[0].text, "Ni evakuert etter brann");
        assert_eq!(c.blocks[0].role, Role::Heading);
        assert_eq!(c.removed[0].reason, RemovalReason::AdMarker);
    }

    #[test]
    fn copyright_footer_glued_to_last_sentence_is_cut() {
        let c = run("Krigen i Ukraina.(Vilkår)Copyright Dagens Næringsliv AS og/eller våre leverandører. Vi vil gjerne.");
        assert_eq!(c.blocks[0].text, "Krigen i Ukraina.");
        assert_eq!(c.removed[0].reason, RemovalReason::Footer);
    }

    #[test]
    fn byline_name_before_role_line_is_removed() {
        let c = run("Kari Nordmann\nJournalist\nPublisert: 07.03.2024 06:00\n\nEn setning.");
        assert_eq!(c.blocks.len(), 1);
        let reasons: Vec<_> = c.removed.iter().map(|r| r.reason).collect();
        assert_eq!(
            reasons,
            [
                RemovalReason::Byline,
                RemovalReason::Byline,
                RemovalReason::Dateline
            ]
        );
    }

    #[test]
    fn ticker_chip_inside_a_sentence_is_cut() {
        let c = run("Kystlaks KYLA -7,84 % fikk et resultat.");
        assert_eq!(c.blocks[0].text, "Kystlaks fikk et resultat.");
    }

    #[test]
    fn video_teaser_with_duration_and_stamp_is_removed_whole() {
        let c = run("Her viser Kim frem datteren. 01:09 Publisert: 30.08.23 — 08:42");
        assert!(c.blocks.is_empty());
        assert_eq!(c.removed[0].reason, RemovalReason::MediaTeaser);
    }

    #[test]
    fn crosshead_is_a_heading_and_sentences_are_not() {
        assert_eq!(classify("Har advart"), Role::Heading);
        assert_eq!(
            classify("USA gjentok mandag sin bekymring."),
            Role::Paragraph
        );
        assert_eq!(classify("berre små bokstavar"), Role::Paragraph);
    }

    /// The definition [`is_tidy`] implements, a byte pair at a time.
    fn tidy_by_definition(text: &str) -> bool {
        let b = text.as_bytes();
        !b.first().is_some_and(u8::is_ascii_whitespace)
            && !b.last().is_some_and(u8::is_ascii_whitespace)
            && !b
                .windows(2)
                .any(|w| w[0].is_ascii_whitespace() && (w[1].is_ascii_whitespace() || w[0] != b' '))
            && !text.contains(|c: char| !c.is_ascii() && c.is_whitespace())
    }

    #[test]
    fn tidy_agrees_with_the_definition_for_every_character() {
        for c in (0..=0x3100u32)
            .chain(0xFE00..=0xFFFF)
            .filter_map(char::from_u32)
        {
            for text in [
                format!("{c}"),
                format!("a{c}"),
                format!("{c}b"),
                format!("a {c}b"),
                format!("{c}{c} and a sentence longer than one block of sixty-four bytes {c}z"),
            ] {
                assert_eq!(is_tidy(&text), tidy_by_definition(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn tidy_text_is_kept_and_untidy_text_collapsed() {
        let tidy = "Det brant. «Ja» – sa hun.";
        assert!(matches!(collapsed(Cow::Borrowed(tidy)), Cow::Borrowed(t) if t == tidy));
        assert_eq!(
            collapse("  Det\tbrant\u{00A0}\u{00A0}i  går "),
            "Det brant i går"
        );
        assert_eq!(collapse("a\u{2009}b\u{3000}c"), "a b c");
        assert_eq!(collapse(""), "");
    }

    proptest::proptest! {
        #[test]
        fn tidy_agrees_with_the_definition(
            text in "[a-zæøå .«»–\t\n\r\u{b}\u{c}\u{85}\u{a0}\u{1680}\u{1681}\u{2000}\u{200a}\u{200b}\u{2028}\u{202f}\u{205f}\u{3000}\u{3001}]{0,80}"
        ) {
            proptest::prop_assert_eq!(is_tidy(&text), tidy_by_definition(&text));
        }
    }

    #[test]
    fn markup_like_content_survives() {
        let c = run("Strengen <script>alert(1)</script> ble kjørt.\n\n#StengHullet ble populær.");
        assert_eq!(c.blocks.len(), 2);
        assert!(c.removed.is_empty());
    }
}
