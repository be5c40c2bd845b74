//! Stage 2, read: normalised text → raw blocks, one per line of content.
//!
//! Input: the decoded text and its [`InputFormat`](crate::model::InputFormat). Output: [`Page`], a list of
//! [`RawBlock`]s in reading order plus any metadata the format itself carries
//! (Markdown has none; HTML pages have a title, dates and a language: see
//! [`crate::html`]).
//!
//! Plain text: paragraphs are separated by blank lines; every line of a
//! paragraph is a block of its own (scrapes put one paragraph, caption or byline
//! per line), except that a line starting in lower case continues a hard-wrapped
//! line before it. Lines that start with a list marker become list items (the
//! marker is dropped) and lines of a pipe table become table rows.
//!
//! Markdown: pulldown-cmark's blocks; headings, list items, block quotes and
//! table rows keep their roles, inline markup is dropped (link texts stay), so
//! no Markdown syntax reaches a unit.

use std::borrow::Cow;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag, TagEnd};
use regex::Regex;
use serde::{Deserialize, Serialize};

/// The role a block plays in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// A title or crosshead.
    Heading,
    /// Body text.
    #[default]
    Paragraph,
    /// An item of a bulleted or numbered list.
    ListItem,
    /// A row of a table (cells separated by ` | `).
    TableRow,
    /// A paragraph inside a block quote.
    Quote,
    /// A figure caption kept as content.
    Caption,
}

/// One line of input content before cleaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawBlock {
    /// The role the format states; `None` when the cleaner decides (plain text lines).
    pub role: Option<Role>,
    /// The line's text (trimmed, single-line).
    pub text: String,
    /// Index of the input paragraph (blank-line separated chunk) it came from.
    pub chunk: usize,
}

/// Metadata a page format states about itself (HTML); all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// The article's headline.
    pub title: Option<String>,
    /// ISO 8601 publication date.
    pub published: Option<String>,
    /// The site or outlet.
    pub publisher: Option<String>,
    /// `nb`, `nn` or another language tag from the page.
    pub language: Option<String>,
    /// ISO 8601 date of the last update, when the page states one.
    pub modified: Option<String>,
    /// Author names the page states (JSON-LD `author`).
    pub authors: Vec<String>,
}

/// The blocks of one input, and the metadata its format carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// Blocks in reading order.
    pub blocks: Vec<RawBlock>,
    /// Metadata stated by the format.
    pub meta: PageMeta,
    /// Pieces dropped while reading (HTML scripts, navigation …), with reasons.
    pub dropped: Vec<crate::model::Removed>,
}

static LIST_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[*•·▪◦‣●■□➢►–—-]|[0-9]{1,3}[.)])\s+").expect("valid regex"));

/// Reads plain text: see the module docs.
pub fn read_text(text: &str) -> Page {
    let mut blocks = Vec::new();
    text_blocks(text, |role, text, chunk| {
        blocks.push(RawBlock {
            role,
            text: text.into_owned(),
            chunk,
        })
    });
    Page {
        blocks,
        ..Page::default()
    }
}

/// The blocks [`read_text`] makes, each passed to `f` with its role and
/// chunk as it is found, borrowed from `text` unless lines were joined.
pub(crate) fn text_blocks<'a>(text: &'a str, mut f: impl FnMut(Option<Role>, Cow<'a, str>, usize)) {
    // One pass over the lines; a blank line (empty or only whitespace) ends a
    // paragraph, as in [`paragraphs`], which the tests hold this to.
    let mut lines: Vec<&'a str> = Vec::new();
    let mut blocks = Vec::new();
    let mut chunk = 0;
    let mut flush = |lines: &mut Vec<&'a str>, chunk: usize| {
        line_blocks(lines, None, &mut blocks);
        for (role, text) in blocks.drain(..) {
            f(role, text, chunk);
        }
        lines.clear();
    };
    let mut blank_before = false;
    for line in text.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            blank_before = true;
            continue;
        }
        if blank_before && !lines.is_empty() {
            flush(&mut lines, chunk);
            chunk += 1;
        }
        blank_before = false;
        lines.push(line);
    }
    if !lines.is_empty() {
        flush(&mut lines, chunk);
    }
}

/// Splits text at blank lines (lines that are empty or only whitespace).
pub fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        // Find the end of the paragraph: the first line that is blank.
        let mut end = rest.len();
        let mut next = rest.len();
        let mut pos = 0;
        while let Some(nl) = rest[pos..].find('\n') {
            let line_start = pos + nl + 1;
            let line_end = rest[line_start..]
                .find('\n')
                .map_or(rest.len(), |e| line_start + e);
            if rest[line_start..line_end].trim().is_empty() {
                end = pos + nl;
                next = line_end;
                break;
            }
            pos = line_start;
        }
        let para = rest[..end].trim();
        rest = &rest[next..];
        if !para.is_empty() {
            return Some(para);
        }
    })
}

/// Turns the lines of one paragraph into blocks, detecting list items and
/// table rows and re-joining hard-wrapped lines. `role` is the role every
/// ordinary line gets (`None`: decided later).
pub(crate) fn push_lines(
    out: &mut Vec<RawBlock>,
    lines: &[&str],
    chunk: usize,
    role: Option<Role>,
) {
    let mut blocks = Vec::with_capacity(lines.len());
    line_blocks(lines, role, &mut blocks);
    out.extend(blocks.into_iter().map(|(role, text)| RawBlock {
        role,
        text: text.into_owned(),
        chunk,
    }));
}

/// [`push_lines`] into `out` (empty), borrowing each block's text from its
/// line unless lines were joined.
fn line_blocks<'a>(
    lines: &[&'a str],
    role: Option<Role>,
    out: &mut Vec<(Option<Role>, Cow<'a, str>)>,
) {
    let marker_lines = lines.iter().filter(|l| list_marker(l).is_some()).count();
    let pipe_lines = lines.iter().filter(|l| is_pipe_row(l)).count();
    for &line in lines {
        let bullet = list_marker(line).filter(|m| {
            // "- Sitat, sier hun." alone is a dialogue dash, "1. mai …" a date:
            // a marker makes a list only when two lines in the paragraph carry one,
            // or when it is an unambiguous bullet.
            let unambiguous = matches!(
                line.chars().next(),
                Some('*' | '•' | '▪' | '◦' | '‣' | '●' | '■' | '□' | '➢' | '►')
            );
            let s = m.as_str();
            (unambiguous || marker_lines >= 2) && s.len() < line.len()
        });
        if let Some(m) = bullet {
            out.push((Some(Role::ListItem), Cow::Borrowed(line[m.end()..].trim())));
            continue;
        }
        if pipe_lines >= 2 && is_pipe_row(line) {
            if is_separator_row(line) {
                continue;
            }
            out.push((
                Some(Role::TableRow),
                Cow::Borrowed(line.trim_matches('|').trim()),
            ));
            continue;
        }
        if let Some((prev_role, prev_text)) = out.last_mut() {
            let continues = *prev_role == role
                && line.chars().next().is_some_and(char::is_lowercase)
                && !prev_text.ends_with(['.', '!', '?', ':', ';', '…', '»', '"', '”']);
            if continues {
                let joined = prev_text.to_mut();
                joined.push(' ');
                joined.push_str(line);
                continue;
            }
        }
        out.push((role, Cow::Borrowed(line)));
    }
}

/// Where a list marker starts `line`: [`LIST_MARKER`], asked only when the
/// first byte may start one (an ASCII digit, `*`, `-`, or any non-ASCII
/// character, among them the Unicode digits and bullets).
fn list_marker(line: &str) -> Option<regex::Match<'_>> {
    let first = *line.as_bytes().first()?;
    if first.is_ascii_digit() || first == b'*' || first == b'-' || !first.is_ascii() {
        LIST_MARKER.find(line)
    } else {
        None
    }
}

fn is_pipe_row(line: &str) -> bool {
    line.contains(" | ") || (line.starts_with('|') && line.ends_with('|') && line.len() > 2)
}

fn is_separator_row(line: &str) -> bool {
    line.chars()
        .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '+'))
}

/// Reads Markdown: see the module docs.
pub fn read_markdown(text: &str) -> Page {
    let mut blocks: Vec<RawBlock> = Vec::new();
    let mut buf = String::new();
    let mut chunk = 0usize;
    let mut quote_depth = 0usize;
    let mut item_depth = 0usize;
    let mut in_heading = false;
    let mut in_table_cell = false;
    let mut row: Vec<String> = Vec::new();
    let mut in_image = 0usize;
    let mut dropped = Vec::new();

    let flush = |buf: &mut String, blocks: &mut Vec<RawBlock>, role: Option<Role>, chunk: usize| {
        let lines: Vec<String> = buf
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        buf.clear();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        match role {
            Some(Role::Heading) | Some(Role::ListItem) => {
                let joined = refs.join(" ");
                if !joined.is_empty() {
                    blocks.push(RawBlock {
                        role,
                        text: joined,
                        chunk,
                    });
                }
            }
            _ => push_lines(blocks, &refs, chunk, role),
        }
    };

    let opts = MdOptions::ENABLE_TABLES | MdOptions::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(text, opts) {
        let role = if in_heading {
            Some(Role::Heading)
        } else if item_depth > 0 {
            Some(Role::ListItem)
        } else if quote_depth > 0 {
            Some(Role::Quote)
        } else {
            None
        };
        match event {
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut buf, &mut blocks, role, chunk);
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => {
                flush(&mut buf, &mut blocks, Some(Role::Heading), chunk);
                in_heading = false;
                chunk += 1;
            }
            Event::Start(Tag::Item) => {
                flush(&mut buf, &mut blocks, role, chunk);
                item_depth += 1;
            }
            Event::End(TagEnd::Item) => {
                flush(&mut buf, &mut blocks, Some(Role::ListItem), chunk);
                item_depth = item_depth.saturating_sub(1);
            }
            Event::Start(Tag::BlockQuote(_)) => {
                flush(&mut buf, &mut blocks, role, chunk);
                quote_depth += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                flush(&mut buf, &mut blocks, role, chunk);
                quote_depth = quote_depth.saturating_sub(1);
                chunk += 1;
            }
            Event::Start(Tag::Paragraph) | Event::Start(Tag::CodeBlock(_)) => {
                flush(&mut buf, &mut blocks, role, chunk);
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::CodeBlock) => {
                flush(&mut buf, &mut blocks, role, chunk);
                if item_depth == 0 {
                    chunk += 1;
                }
            }
            Event::End(TagEnd::List(_)) if item_depth == 0 => chunk += 1,
            Event::Start(Tag::TableCell) => in_table_cell = true,
            Event::End(TagEnd::TableCell) => {
                in_table_cell = false;
                row.push(buf.split_whitespace().collect::<Vec<_>>().join(" "));
                buf.clear();
            }
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                let text = row.join(" | ");
                row.clear();
                if !text.trim().is_empty() {
                    blocks.push(RawBlock {
                        role: Some(Role::TableRow),
                        text,
                        chunk,
                    });
                }
            }
            Event::End(TagEnd::Table) => chunk += 1,
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => {
                in_image = in_image.saturating_sub(1);
            }
            Event::Text(t) | Event::Code(t) => {
                if in_image > 0 {
                    let alt = t.trim();
                    if !alt.is_empty() {
                        dropped.push(crate::model::Removed {
                            text: alt.to_string(),
                            reason: crate::model::RemovalReason::Caption,
                        });
                    }
                } else {
                    buf.push_str(&t);
                }
            }
            Event::InlineHtml(t)
            | Event::Html(t)
            | Event::InlineMath(t)
            | Event::DisplayMath(t) => buf.push_str(&t),
            Event::SoftBreak | Event::HardBreak => buf.push(if in_table_cell { ' ' } else { '\n' }),
            Event::Rule => {
                flush(&mut buf, &mut blocks, role, chunk);
                chunk += 1;
            }
            _ => {}
        }
    }
    flush(&mut buf, &mut blocks, None, chunk);
    Page {
        blocks,
        meta: PageMeta::default(),
        dropped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Page) -> Vec<(&str, Option<Role>)> {
        p.blocks.iter().map(|b| (b.text.as_str(), b.role)).collect()
    }

    #[test]
    fn every_line_of_a_paragraph_is_a_block() {
        let p = read_text("Kari Nordmann\nJournalist\n\nFørste avsnitt.");
        assert_eq!(p.blocks.len(), 3);
        assert_eq!(p.blocks[2].chunk, 1);
    }

    #[test]
    fn lower_case_line_continues_a_wrapped_line() {
        let p = read_text("Dette er en lang setning som\nfortsetter her.");
        assert_eq!(
            texts(&p),
            vec![("Dette er en lang setning som fortsetter her.", None)]
        );
    }

    #[test]
    fn bullets_become_list_items_without_marker() {
        let p = read_text("Tips:\n\n* Bytt passord.\n• Vær skeptisk.");
        assert_eq!(
            texts(&p)[1..],
            [
                ("Bytt passord.", Some(Role::ListItem)),
                ("Vær skeptisk.", Some(Role::ListItem))
            ]
        );
    }

    #[test]
    fn a_lone_dash_paragraph_is_not_a_list() {
        let p = read_text("- Det brenner, sier hun.");
        assert_eq!(texts(&p), vec![("- Det brenner, sier hun.", None)]);
        let p = read_text("1. mai er en fridag.");
        assert_eq!(p.blocks[0].role, None);
    }

    #[test]
    fn pipe_table_rows_are_rows() {
        let p = read_text("A | B\nc | d");
        assert_eq!(p.blocks[0].role, Some(Role::TableRow));
        assert_eq!(p.blocks[1].text, "c | d");
    }

    /// What [`read_text`] made before it read the text in one pass: the
    /// paragraphs of [`paragraphs`], their trimmed non-empty lines, and
    /// [`push_lines`].
    fn read_text_by_paragraphs(text: &str) -> Page {
        let mut blocks = Vec::new();
        for (chunk, para) in paragraphs(text).enumerate() {
            let lines: Vec<&str> = para
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            push_lines(&mut blocks, &lines, chunk, None);
        }
        Page {
            blocks,
            ..Page::default()
        }
    }

    #[test]
    fn one_pass_reading_keeps_paragraphs_lines_and_lists() {
        for text in [
            "",
            "\n\n",
            " \na\n\nb",
            "a\n \nb\n\t\n\n\nc\nd",
            "Tittel\n\nEn lang linje som\nfortsetter her.\n- ett\n- to\n\nA | B\n---|---\nc | d\n",
            "\u{3000}\n1. mai\n2) juni\n\n١. ein\n٢. to\n\n• punkt\n  \n· prikk",
            "a\r\nb\r\n\r\nc",
        ] {
            assert_eq!(read_text(text), read_text_by_paragraphs(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_reading_agrees_with_paragraphs(
            text in "([a-zA-Z0-9 .|:*•·–-]|\n|\n\n| \n|\t|\u{3000}){0,60}"
        ) {
            proptest::prop_assert_eq!(read_text(&text), read_text_by_paragraphs(&text));
        }
    }

    #[test]
    fn markdown_syntax_never_reaches_a_block() {
        let md = "# Tittel\n\nEt **fett** avsnitt med [lenke](https://x.no).\n\n- ett\n- to\n\n> sitat\n";
        let p = read_markdown(md);
        assert_eq!(
            texts(&p),
            vec![
                ("Tittel", Some(Role::Heading)),
                ("Et fett avsnitt med lenke.", None),
                ("ett", Some(Role::ListItem)),
                ("to", Some(Role::ListItem)),
                ("sitat", Some(Role::Quote)),
            ]
        );
    }

    #[test]
    fn markdown_tables_become_rows() {
        let p = read_markdown("| A | B |\n|---|---|\n| 1 | 2 |\n");
        assert_eq!(
            texts(&p),
            vec![
                ("A | B", Some(Role::TableRow)),
                ("1 | 2", Some(Role::TableRow))
            ]
        );
    }
}
