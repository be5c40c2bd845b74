//! The Markdown escaper for untrusted article text.
//!
//! Input: any string from the article (unit text, names, removed boilerplate).
//! Output: one line of Markdown that every target renders as the same plain
//! text: CommonMark/GFM (cmark-gfm, markdown-it, goldmark in Hugo,
//! pulldown-cmark in Zola), kramdown (Jekyll) and Python-Markdown (MkDocs), and
//! that no template engine of a static-site generator (Liquid, Hugo shortcodes,
//! Nunjucks, Zola/Tera shortcodes) acts on.
//!
//! Invariants of the output:
//! - no raw HTML: `<`, `>` and `&` become entities, so `<script>` is text;
//! - no template syntax: `{` becomes `&#123;`, so `{{`, `{%`, `{{<`, `{:`
//!   cannot appear;
//! - no line breaks: runs of ASCII whitespace (including newlines) collapse to
//!   one space and the ends are trimmed, so a value never starts a block
//!   (indented code, list, quote, heading) in the middle of a template line;
//! - inline markup is inert: emphasis, code, links, images, strikethrough and
//!   math delimiters are escaped with backslash escapes that CommonMark,
//!   kramdown and Python-Markdown all honour, or with numeric entities where
//!   one of them lacks the escape (`$`, `~`, `|`, `:`); parentheses stay as
//!   they are, since `[` and `]` are escaped and no link can form;
//! - a value placed at the start of a line cannot open a block: a leading
//!   `-`, `+`, `=`, `:` or `1.`/`1)` is escaped (`#`, `*`, `>` always are).

use std::borrow::Cow;

/// Escapes untrusted text for a Markdown briefing (see the module docs).
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Writing to a String cannot fail.
    let _ = write_markdown(text, &mut out);
    out
}

/// Writes `text` escaped for a Markdown briefing to `out` (see
/// [`markdown`]), without building the escaped text first.
///
/// Runs of plain bytes (letters, digits, spaces, everything outside ASCII)
/// are copied whole; only the ASCII punctuation below is looked at one by
/// one. Control characters are gone after `collapse_whitespace`.
pub fn write_markdown(text: &str, out: &mut impl std::fmt::Write) -> std::fmt::Result {
    let collapsed = collapse_whitespace(text);
    let ordered_marker_end = ordered_list_marker_end(&collapsed);
    let bytes = collapsed.as_bytes();
    // The bytes escaped only where they stand matter (a leading `-`, the `.`
    // of a leading `3.`) all sit in this head; past it only the bytes that
    // are always escaped, and a `(` after an escaped `]`, are looked at.
    let head = ordered_marker_end.map_or(1, |m| m + 1).min(bytes.len());
    // The start of the plain run not yet copied.
    let mut plain = 0;
    for i in 0..head {
        if let Some(escaped) = escape_at(bytes, i, ordered_marker_end) {
            // Every byte escaped is ASCII, so `plain..i` and `i + 1..` fall
            // on char boundaries.
            out.write_str(&collapsed[plain..i])?;
            out.write_str(escaped)?;
            plain = i + 1;
        }
    }
    let mut i = head;
    let mut after_bracket = head > 0 && bytes[head - 1] == b']';
    loop {
        if after_bracket && bytes.get(i) == Some(&b'(') {
            out.write_str(&collapsed[plain..i])?;
            out.write_str("\\(")?;
            i += 1;
            plain = i;
        }
        let Some(skip) = bytes[i..].iter().position(|&b| ALWAYS[usize::from(b)]) else {
            break;
        };
        i += skip;
        out.write_str(&collapsed[plain..i])?;
        out.write_str(always_escaped(bytes[i]))?;
        after_bracket = bytes[i] == b']';
        i += 1;
        plain = i;
    }
    out.write_str(&collapsed[plain..])
}

/// The escape of the byte at `i`, if it needs one there.
fn escape_at(bytes: &[u8], i: usize, ordered_marker_end: Option<usize>) -> Option<&'static str> {
    let b = bytes[i];
    let at_start = i == 0;
    Some(match b {
        _ if ALWAYS[usize::from(b)] => always_escaped(b),
        b'-' if at_start => "\\-",
        b'+' if at_start => "\\+",
        b'=' if at_start => "&#61;",
        b':' if at_start => "&#58;",
        // `](` is no link once `]` is escaped, but link checkers that
        // ignore escapes still see one; escape that `(` too.
        b'(' if i > 0 && bytes[i - 1] == b']' => "\\(",
        // Other parentheses form no links; only a leading `3)` (an
        // ordered-list marker) needs an escape.
        b'.' if Some(i) == ordered_marker_end => "\\.",
        b')' if Some(i) == ordered_marker_end => "\\)",
        _ => return None,
    })
}

/// The escape of a byte that is escaped wherever it stands ([`ALWAYS`]).
fn always_escaped(b: u8) -> &'static str {
    ESCAPES[usize::from(b)]
}

/// The escape of every byte escaped wherever it stands; empty for the others.
static ESCAPES: [&str; 256] = {
    let mut escapes = [""; 256];
    let pairs: [(u8, &str); 17] = [
        (b'<', "&lt;"),
        (b'>', "&gt;"),
        (b'&', "&amp;"),
        (b'{', "&#123;"),
        (b'}', "&#125;"),
        (b'$', "&#36;"),
        (b'~', "&#126;"),
        (b'|', "&#124;"),
        (b'^', "&#94;"),
        (b'\\', "\\\\"),
        (b'`', "\\`"),
        (b'*', "\\*"),
        (b'_', "\\_"),
        (b'[', "\\["),
        (b']', "\\]"),
        (b'#', "\\#"),
        (b'!', "\\!"),
    ];
    let mut i = 0;
    while i < pairs.len() {
        escapes[pairs[i].0 as usize] = pairs[i].1;
        i += 1;
    }
    escapes
};

/// The bytes escaped wherever they stand: those with an entry in [`ESCAPES`].
static ALWAYS: [bool; 256] = {
    let mut always = [false; 256];
    let mut i = 0;
    while i < 256 {
        always[i] = !ESCAPES[i].is_empty();
        i += 1;
    }
    always
};

/// Collapses runs of ASCII whitespace to one space, drops other control
/// characters and trims the ends. Other
/// spaces (no-break, thin) are kept: they carry meaning in numbers ("30 000").
fn collapse_whitespace(text: &str) -> Cow<'_, str> {
    if is_tidy(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if ch.is_ascii_whitespace() {
            pending_space = !out.is_empty();
        } else if ch.is_control() {
            // Dropped here, not later, so that no space is left at either end.
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(ch);
        }
    }
    Cow::Owned(out)
}

/// Whether [`collapse_whitespace`] would leave the text as it is: no space at
/// either end, no two spaces in a row, and no control character. The control
/// characters are the ASCII ones (below 0x20 and 0x7F, which include every
/// ASCII space but ' ') and U+0080–U+009F, whose UTF-8 is 0xC2 0x80–0x9F.
fn is_tidy(bytes: &[u8]) -> bool {
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // Without short cuts, so that the compiler can test many bytes at once
    // (a substring searcher for the two spaces cost more to build than the
    // whole test of a short value).
    let no_ascii_control = bytes
        .iter()
        .fold(true, |ok, &b| ok & (b >= 0x20) & (b != 0x7F));
    let pairs = bytes.iter().zip(bytes.get(1..).unwrap_or_default());
    let no_double_space = pairs.fold(true, |ok, (&a, &b)| ok & ((a != b' ') | (b != b' ')));
    no_ascii_control
        && no_double_space
        && memchr::memchr_iter(0xC2, bytes).all(|i| bytes.get(i + 1).is_none_or(|&n| n >= 0xA0))
}

/// The byte offset of the `.` or `)` of an ordered-list marker the text starts
/// with (`12. februar`, `3) tre`), if any. CommonMark allows 1–9 digits;
/// Python-Markdown any number, so every digit run counts.
fn ordered_list_marker_end(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    match text.as_bytes().get(digits) {
        Some(b'.' | b')') => Some(digits),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::markdown;
    use proptest::prelude::*;

    /// The escaper as first written, char by char: the fast one must agree
    /// with it on every input.
    fn reference(text: &str) -> String {
        let mut out = String::new();
        let mut collapsed = String::new();
        let mut pending_space = false;
        for ch in text.chars() {
            if ch.is_ascii_whitespace() {
                pending_space = !collapsed.is_empty();
            } else if !ch.is_control() {
                if pending_space {
                    collapsed.push(' ');
                    pending_space = false;
                }
                collapsed.push(ch);
            }
        }
        let ordered_marker_end = super::ordered_list_marker_end(&collapsed);
        let mut prev = None;
        for (i, ch) in collapsed.char_indices() {
            let at_start = i == 0;
            let after_bracket = prev == Some(']');
            prev = Some(ch);
            match ch {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '{' => out.push_str("&#123;"),
                '}' => out.push_str("&#125;"),
                '$' => out.push_str("&#36;"),
                '~' => out.push_str("&#126;"),
                '|' => out.push_str("&#124;"),
                '^' => out.push_str("&#94;"),
                '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' => {
                    out.push('\\');
                    out.push(ch);
                }
                '-' | '+' if at_start => {
                    out.push('\\');
                    out.push(ch);
                }
                '=' if at_start => out.push_str("&#61;"),
                ':' if at_start => out.push_str("&#58;"),
                '(' if after_bracket => out.push_str("\\("),
                '.' | ')' if Some(i) == ordered_marker_end => {
                    out.push('\\');
                    out.push(ch);
                }
                c if c.is_control() => {}
                c => out.push(c),
            }
        }
        out
    }

    proptest! {
        #[test]
        fn agrees_with_the_char_by_char_escaper(text in "[ -~\\t\\n\\r\\x00-\\x1f\\x7f-\\u{a0}æøåÆØÅ«»–\\u{2028}]{0,40}") {
            prop_assert_eq!(markdown(&text), reference(&text));
        }

        #[test]
        fn agrees_where_position_matters(text in "[0-9\\].()\\-+=:#a ]{0,12}") {
            prop_assert_eq!(markdown(&text), reference(&text));
        }

        #[test]
        fn agrees_on_any_string(text in any::<String>()) {
            prop_assert_eq!(markdown(&text), reference(&text));
        }
    }

    #[test]
    fn script_tag_becomes_text() {
        assert_eq!(
            markdown("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
    }

    #[test]
    fn html_entities_are_shown_literally() {
        assert_eq!(markdown("AT&T &nbsp;"), "AT&amp;T &amp;nbsp;");
    }

    #[test]
    fn liquid_and_jinja_syntax_is_neutralised() {
        let out = markdown("{{ site.title }} {% include x %} {%- raw -%}");
        assert!(!out.contains("{{") && !out.contains("{%"), "{out}");
        assert!(!out.contains('{'), "{out}");
    }

    #[test]
    fn hugo_and_zola_shortcodes_are_neutralised() {
        for s in [
            "{{< youtube abc >}}",
            "{{% note %}}",
            "{{ get_env(name=\"HOME\") }}",
        ] {
            let out = markdown(s);
            assert!(!out.contains('{') && !out.contains('<'), "{out}");
        }
    }

    #[test]
    fn kramdown_attribute_lists_are_neutralised() {
        assert!(!markdown("tekst {: .klasse}").contains("{:"));
        assert!(!markdown("{::comment}").contains("{:"));
    }

    #[test]
    fn pipe_cannot_split_a_table_cell() {
        assert_eq!(markdown("a | b"), "a &#124; b");
    }

    #[test]
    fn leading_hash_is_not_a_heading() {
        assert_eq!(markdown("#StengHullet ble"), "\\#StengHullet ble");
        assert_eq!(markdown("Tittel #"), "Tittel \\#");
    }

    #[test]
    fn leading_list_markers_are_escaped() {
        assert_eq!(markdown("* Bytt passord"), "\\* Bytt passord");
        assert_eq!(markdown("- punkt"), "\\- punkt");
        assert_eq!(markdown("+ punkt"), "\\+ punkt");
    }

    #[test]
    fn inner_hyphen_is_kept() {
        assert_eq!(markdown("Nord-Korea"), "Nord-Korea");
    }

    #[test]
    fn leading_number_dot_is_not_an_ordered_list() {
        assert_eq!(markdown("12. februar"), "12\\. februar");
        assert_eq!(markdown("3) tre"), "3\\) tre");
        assert_eq!(markdown("2026 var"), "2026 var");
        assert_eq!(markdown("kl. 14.30"), "kl. 14.30");
    }

    #[test]
    fn leading_quote_marker_is_not_a_blockquote() {
        assert_eq!(markdown("> sitat"), "&gt; sitat");
    }

    #[test]
    fn setext_and_definition_markers_are_escaped() {
        assert_eq!(markdown("==="), "&#61;==");
        assert_eq!(markdown(": definisjon"), "&#58; definisjon");
    }

    #[test]
    fn emphasis_code_and_links_are_inert() {
        assert_eq!(
            markdown("*fet* _kursiv_ `kode` [lenke](https://x) ![b](y)"),
            "\\*fet\\* \\_kursiv\\_ \\`kode\\` \\[lenke\\]\\(https://x) \\!\\[b\\]\\(y)"
        );
    }

    #[test]
    fn no_text_looks_like_a_link_destination() {
        let out = markdown("[klikk](javascript:alert(1)) (Ap)");
        assert_eq!(out, "\\[klikk\\]\\(javascript:alert(1)) (Ap)");
        assert!(!out.contains("]("));
    }

    #[test]
    fn dollar_and_tilde_are_entities() {
        assert_eq!(markdown("$$5$$ ~40"), "&#36;&#36;5&#36;&#36; &#126;40");
    }

    #[test]
    fn passwords_of_asterisks_stay_visible() {
        assert_eq!(markdown("********"), "\\*\\*\\*\\*\\*\\*\\*\\*");
    }

    #[test]
    fn backslash_is_doubled() {
        assert_eq!(markdown("C:\\Users\\ola"), "C:\\\\Users\\\\ola");
    }

    #[test]
    fn newlines_and_indentation_collapse() {
        assert_eq!(markdown("  en\n\n    # to\r\n"), "en \\# to");
    }

    #[test]
    fn number_spaces_are_kept() {
        assert_eq!(
            markdown("30\u{a0}000 og 30\u{202f}000"),
            "30\u{a0}000 og 30\u{202f}000"
        );
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(markdown("a\u{0}b\u{7}c"), "abc");
    }

    proptest::proptest! {
        #[test]
        fn any_text_escapes_to_one_inert_line(text in "\\PC*|[<>{}#*|$~`\\\\ \n0-9.-]*") {
            let out = markdown(&text);
            let raw = ['<', '>', '{', '}', '\n', '\r', '|', '$', '~'];
            proptest::prop_assert!(!out.contains(raw), "raw character in {:?}", out);
            let block_start = [' ', '-', '+', '=', ':'];
            proptest::prop_assert!(!out.starts_with(block_start), "block start in {:?}", out);
            proptest::prop_assert!(!out.ends_with(' '), "trailing space in {:?}", out);
        }
    }

    #[test]
    fn control_characters_leave_no_leading_space() {
        assert_eq!(markdown("\u{7} - x \u{7}"), "\\- x");
    }

    #[test]
    fn empty_stays_empty() {
        assert_eq!(markdown(""), "");
        assert_eq!(markdown(" \n "), "");
    }
}
