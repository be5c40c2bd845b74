//! Word tokens with byte offsets, the common input of every analysis pass.
//!
//! Input: a unit's text. Output: [`Token`]s in order. A token is a maximal run
//! of letters and digits, with inner hyphens kept ("Kim Jong-un",
//! "Nord-Korea"). Offsets always fall on char boundaries of the text they
//! were made from, so slicing with them never panics.

use std::borrow::Cow;

/// One word of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// Byte offset of the first char.
    pub start: usize,
    /// Byte offset after the last char.
    pub end: usize,
    /// The word as written.
    pub text: &'a str,
    /// The word in lower case, when it was cut from the lower case of the
    /// whole text (see [`tokenize_lowered`]).
    pub lower: Option<&'a str>,
}

impl<'a> Token<'a> {
    /// Whether the word starts with an upper-case letter.
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether the word is an acronym ("USA", "NRK", "E24").
    pub fn is_acronym(&self) -> bool {
        let letters = self.text.chars().filter(|c| c.is_alphabetic()).count();
        letters >= 2
            && self
                .text
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit())
    }

    /// The word in lower case (borrowed when it has no capitals, as most words do).
    pub fn lower(&self) -> Cow<'a, str> {
        match self.lower {
            Some(lower) => Cow::Borrowed(lower),
            None => lowercase(self.text),
        }
    }

    /// Whether the word in lower case is `lower_word`, without allocating.
    pub fn is(&self, lower_word: &str) -> bool {
        if let Some(lower) = self.lower {
            return lower == lower_word;
        }
        if self.text.is_ascii() {
            return self.text.eq_ignore_ascii_case(lower_word)
                && !lower_word.bytes().any(|b| b.is_ascii_uppercase());
        }
        self.text
            .chars()
            .flat_map(char::to_lowercase)
            .eq(lower_word.chars())
    }
}

/// A word with its lower case: a [`Token`] may carry it, a bare string has
/// it worked out. The lexicon's lookups take either.
pub trait Word {
    /// The word as written.
    fn text(&self) -> &str;
    /// The word in lower case.
    fn lower(&self) -> Cow<'_, str>;
}

impl Word for str {
    fn text(&self) -> &str {
        self
    }

    fn lower(&self) -> Cow<'_, str> {
        lowercase(self)
    }
}

impl Word for Token<'_> {
    fn text(&self) -> &str {
        self.text
    }

    fn lower(&self) -> Cow<'_, str> {
        Token::lower(self)
    }
}

/// A text in lower case, borrowed when it is lower case already.
///
/// The same text as [`str::to_lowercase`], faster: ASCII and Latin-1 letters
/// (all of Norwegian) are folded here, other characters by the standard
/// library, and a text with a capital sigma (lower-cased by its context) is
/// left to [`str::to_lowercase`] whole.
pub fn lowercase(text: &str) -> Cow<'_, str> {
    lowercase_aligned(text).0
}

/// [`lowercase`], and whether every char of the text and of its lower case
/// have the same byte length and position, so that a span of the text is
/// the same span of the lower case. (Not so for a few letters such as
/// 'İ', whose lower case is two chars, or the Kelvin sign; and not assumed
/// for a text with a capital sigma, whose lower case depends on its
/// neighbours.)
pub fn lowercase_aligned(text: &str) -> (Cow<'_, str>, bool) {
    let bytes = text.as_bytes();
    // The first char that changes, found a word of plain ASCII at a time.
    let mut i = 0;
    let first = loop {
        i = next_capital_or_non_ascii(bytes, i);
        if i == bytes.len() {
            return (Cow::Borrowed(text), true);
        }
        if bytes[i].is_ascii_uppercase() {
            break i;
        }
        let c = char_at(text, i);
        if fold(c) != Fold::Same {
            break i;
        }
        i += c.len_utf8();
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut aligned = true;
    let mut i = first;
    while i < bytes.len() {
        let next = next_capital_or_non_ascii(bytes, i);
        out.push_str(&text[i..next]);
        i = next;
        if i == bytes.len() {
            break;
        }
        let b = bytes[i];
        if b.is_ascii_uppercase() {
            out.push(char::from(b.to_ascii_lowercase()));
            i += 1;
            continue;
        }
        let c = char_at(text, i);
        match fold(c) {
            Fold::Same => out.push(c),
            Fold::To(l) => out.push(l),
            Fold::Std if c == 'Σ' => return (Cow::Owned(text.to_lowercase()), false),
            Fold::Std => {
                let before = out.len();
                out.extend(c.to_lowercase());
                aligned &= out.len() - before == c.len_utf8();
            }
        }
        i += c.len_utf8();
    }
    (Cow::Owned(out), aligned)
}

/// The char that starts at byte `i` (a char boundary) of `text`.
/// `c.is_alphanumeric()`, with the Latin-1 letters (æ, ø, å, é, …), most of
/// the non-ASCII chars of Norwegian text, decided without a table search.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    latin1_letter(c).unwrap_or_else(|| c.is_alphanumeric())
}

/// `c.is_alphabetic()`, with the Latin-1 letters decided as in
/// [`is_alphanumeric`].
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    latin1_letter(c).unwrap_or_else(|| c.is_alphabetic())
}

/// For U+00C0–U+00FF, whether the char is a letter: all but × and ÷.
#[inline]
fn latin1_letter(c: char) -> Option<bool> {
    ('\u{C0}'..='\u{FF}')
        .contains(&c)
        .then_some(c != '\u{D7}' && c != '\u{F7}')
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or_default()
}

/// The position of the first ASCII capital or non-ASCII byte at or after
/// `from`, or the length: eight bytes at a time while they are plain.
fn next_capital_or_non_ascii(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // In a byte below 0x80, adding 0x80 - b'A' sets the high bit when the
    // byte is b'A' or more, adding 0x80 - b'[' when it is past b'Z'. A carry
    // out of a byte comes only from a byte whose high bit is set already,
    // which is marked itself: the lowest mark is exact.
    let marks = |x: u64| {
        let at_least_a = x.wrapping_add(ONES * u64::from(0x80 - b'A'));
        let past_z = x.wrapping_add(ONES * u64::from(0x80 - b'['));
        (x | (at_least_a & !past_z)) & HIGH
    };
    crate::swar::find(bytes, from, marks).unwrap_or(bytes.len())
}

/// How [`lowercase`] folds one non-ASCII character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fold {
    /// It is its own lower case.
    Same,
    /// Its lower case is this one character.
    To(char),
    /// Ask the standard library.
    Std,
}

fn fold(c: char) -> Fold {
    match u32::from(c) {
        // Latin-1 capitals, but not the multiplication sign.
        0xC0..=0xDE if c != '×' => Fold::To(char::from_u32(u32::from(c) + 0x20).unwrap_or(c)),
        0x80..=0xFF => Fold::Same,
        // General punctuation: spaces, dashes, quotes; nothing with a case.
        0x2000..=0x206F => Fold::Same,
        _ => {
            let mut lower = c.to_lowercase();
            if lower.len() == 1 && lower.next() == Some(c) {
                Fold::Same
            } else {
                Fold::Std
            }
        }
    }
}

/// Splits a text into word tokens, each with its lower case cut from
/// `lower`, the text's [`lowercase_aligned`], when that is aligned.
pub fn tokenize_lowered<'a>(text: &'a str, lower: &'a str, aligned: bool) -> Vec<Token<'a>> {
    let mut tokens = tokenize(text);
    if aligned && lower.len() == text.len() {
        for t in &mut tokens {
            t.lower = lower.get(t.start..t.end);
        }
    }
    tokens
}

/// Splits a text into word tokens: runs of alphanumeric chars, with a
/// hyphen inside a run kept when an alphanumeric char follows it.
///
/// ASCII bytes, most of a Norwegian text, are classified as bytes; other
/// chars are decoded where they start.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut out = Vec::with_capacity(n / 6 + 1);
    // Whether the char at `at` (a char boundary) is alphanumeric, and its length.
    let word_char = |at: usize| -> (bool, usize) {
        let b = bytes[at];
        if b.is_ascii() {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = char_at(text, at);
            (is_alphanumeric(c), c.len_utf8())
        }
    };
    let mut pos = 0;
    loop {
        // Past the chars between words: runs of ASCII spaces and punctuation
        // take one test per byte.
        while pos < n {
            let b = bytes[pos];
            if b.is_ascii_alphanumeric() {
                break;
            }
            if b.is_ascii() {
                pos += 1;
                continue;
            }
            let (is_word, len) = word_char(pos);
            if is_word {
                break;
            }
            pos += len;
        }
        if pos == n {
            return out;
        }
        let start = pos;
        // To the end of the word; a hyphen stays in it when a word char
        // follows.
        while pos < n {
            let b = bytes[pos];
            if b.is_ascii_alphanumeric() {
                pos += 1;
            } else if b == b'-' {
                if pos + 1 < n && word_char(pos + 1).0 {
                    pos += 1;
                } else {
                    break;
                }
            } else if b.is_ascii() {
                break;
            } else {
                let (is_word, len) = word_char(pos);
                if !is_word {
                    break;
                }
                pos += len;
            }
        }
        out.push(Token {
            start,
            end: pos,
            text: &text[start..pos],
            lower: None,
        });
    }
}

/// Whether `word` ends with `suffix`, as [`str::ends_with`]. The last bytes
/// are compared first: word lists are tried against many words, and most
/// pairs differ there. The rest is compared in line: suffixes and prefixes
/// are a few bytes long, shorter than a call to `memcmp` costs.
pub fn ends_with(word: &str, suffix: &str) -> bool {
    let (w, s) = (word.as_bytes(), suffix.as_bytes());
    match (w.last(), s.last()) {
        (_, None) => true,
        (Some(a), Some(b)) if a == b && w.len() >= s.len() => {
            same_bytes(&w[w.len() - s.len()..], s)
        }
        _ => false,
    }
}

/// Whether two slices of the same length hold the same bytes, compared
/// byte by byte from the end (where word-list entries differ most).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().rev().zip(b.iter().rev()).all(|(x, y)| x == y)
}

/// Whether `word` starts with `prefix`, as [`str::starts_with`], the first
/// bytes compared first (see [`ends_with`]).
pub fn starts_with(word: &str, prefix: &str) -> bool {
    let (w, p) = (word.as_bytes(), prefix.as_bytes());
    match (w.first(), p.first()) {
        (_, None) => true,
        (Some(a), Some(b)) if a == b && w.len() >= p.len() => same_bytes(&w[..p.len()], p),
        _ => false,
    }
}

/// The text between two offsets, or "" when they are not valid.
pub fn between(text: &str, a: usize, b: usize) -> &str {
    text.get(a..b).unwrap_or_default()
}

/// Whether a token is the first word of a sentence or of a quote (nothing
/// before it but spaces, dashes, quote marks or a colon).
pub fn starts_clause(text: &str, tokens: &[Token<'_>], i: usize) -> bool {
    let before = match i {
        0 => between(text, 0, tokens.first().map_or(0, |t| t.start)),
        _ => between(text, tokens[i - 1].end, tokens[i].start),
    };
    if i == 0 {
        return true;
    }
    let trimmed = before.trim();
    !trimmed.is_empty()
        && trimmed.chars().last().is_some_and(|c| {
            matches!(
                c,
                '–' | '—' | '«' | '»' | '"' | '“' | '”' | ':' | '.' | '!' | '?'
            )
        })
}

/// Dash and quote characters that open a direct-speech paragraph.
pub fn is_quote_opener(c: char) -> bool {
    matches!(c, '–' | '—' | '-' | '«' | '»' | '"' | '“' | '”' | '„')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latin1_short_cut_agrees_with_std_for_every_char() {
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    /// The tokenizer as first written, char by char.
    fn reference(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let mut chars = text.char_indices().peekable();
        while let Some((pos, c)) = chars.next() {
            let inner_hyphen = c == '-'
                && start.is_some()
                && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
            if c.is_alphanumeric() || inner_hyphen {
                start.get_or_insert(pos);
            } else if let Some(s) = start.take() {
                out.push((s, pos));
            }
        }
        if let Some(s) = start {
            out.push((s, text.len()));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn tokens_agree_with_the_char_by_char_tokenizer(text in "[a-zA-Z0-9 .,-æøåÆ²½\u{2013}\u{a0}]{0,30}") {
            let spans: Vec<(usize, usize)> = tokenize(&text).iter().map(|t| (t.start, t.end)).collect();
            proptest::prop_assert_eq!(spans, reference(&text));
        }

        #[test]
        fn tokens_agree_on_any_string(text in proptest::prelude::any::<String>()) {
            let spans: Vec<(usize, usize)> = tokenize(&text).iter().map(|t| (t.start, t.end)).collect();
            proptest::prop_assert_eq!(spans, reference(&text));
        }
    }

    proptest::proptest! {
        #[test]
        fn affix_tests_agree_with_std(word in "[aeæø]{0,4}", affix in "[aeæø]{0,3}") {
            proptest::prop_assert_eq!(ends_with(&word, &affix), word.ends_with(affix.as_str()));
            proptest::prop_assert_eq!(starts_with(&word, &affix), word.starts_with(affix.as_str()));
        }
    }

    #[test]
    fn hyphenated_names_stay_one_token() {
        let t: Vec<&str> = tokenize("Kim Jong-un besøker Nord-Korea – i dag.")
            .iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(t, ["Kim", "Jong-un", "besøker", "Nord-Korea", "i", "dag"]);
    }

    #[test]
    fn offsets_fall_on_char_boundaries() {
        let text = "Ærlig sagt, sa Øyvind «Å» – ja.";
        for t in tokenize(text) {
            assert_eq!(&text[t.start..t.end], t.text);
        }
    }

    #[test]
    fn word_after_dash_starts_a_clause() {
        let text = "– Vi er lei, seier Marit.";
        let t = tokenize(text);
        assert!(starts_clause(text, &t, 0));
        assert!(!starts_clause(text, &t, 4));
    }

    #[test]
    fn lower_case_comparison_matches_to_lowercase() {
        for (word, listed, same) in [
            ("Sier", "sier", true),
            ("SIER", "sier", true),
            ("sier", "Sier", false),
            ("Sa", "sier", false),
            ("Øyvind", "øyvind", true),
            ("ØYVIND", "øyvind", true),
            ("Æ", "e", false),
        ] {
            let t = tokenize(word)[0];
            assert_eq!(t.is(listed), same, "{word} vs {listed}");
            assert_eq!(t.lower() == listed, same, "{word} lowered");
        }
        assert!(matches!(lowercase("sier"), Cow::Borrowed(_)));
        assert!(matches!(lowercase("blåbær"), Cow::Borrowed(_)));
        assert_eq!(lowercase("Blåbær"), "blåbær");
        assert_eq!(lowercase("ΟΔΟΣ Σ"), "ΟΔΟΣ Σ".to_lowercase());
        assert_eq!(lowercase("İstanbul ÀÞ×"), "İstanbul ÀÞ×".to_lowercase());
    }

    proptest::proptest! {
        #[test]
        fn lowercase_is_to_lowercase(text in "[a-zA-ZæøåÆØÅéÉüÜßΣσİK«»–… 0-9.,\\u{80}-\\u{3FF}\\u{1E00}-\\u{2200}]{0,40}") {
            let lower = lowercase(&text);
            proptest::prop_assert_eq!(lower.as_ref(), text.to_lowercase());
            proptest::prop_assert_eq!(matches!(lower, Cow::Borrowed(_)), text.to_lowercase() == text);
        }

        #[test]
        fn token_lower_case_is_the_lower_case_of_the_token(text in "[a-zA-ZæøåÆØÅéÉßΣσİK«»–'… 0-9.,\\u{80}-\\u{3FF}\\u{1E00}-\\u{2200}-]{0,40}") {
            let (lower, aligned) = lowercase_aligned(&text);
            for t in tokenize_lowered(&text, &lower, aligned) {
                proptest::prop_assert_eq!(t.lower(), t.text.to_lowercase());
                for word in ["sier", "kim", "σ", "i̇"] {
                    proptest::prop_assert_eq!(t.is(word), t.text.to_lowercase() == word);
                }
            }
        }

        #[test]
        fn lowercase_of_mostly_ascii_is_to_lowercase(text in "[\\x00-\\x7Fæ]{0,100}") {
            let lower = lowercase(&text);
            proptest::prop_assert_eq!(lower.as_ref(), text.to_lowercase());
        }
    }
}
