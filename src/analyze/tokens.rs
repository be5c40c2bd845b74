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
        lowercase(self.text)
    }

    /// Whether the word in lower case is `lower_word`, without allocating.
    pub fn is(&self, lower_word: &str) -> bool {
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

/// A text in lower case, borrowed when it is lower case already.
pub fn lowercase(text: &str) -> Cow<'_, str> {
    let lower_already = if text.is_ascii() {
        !text.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        !text
            .chars()
            .any(|c| c.is_uppercase() || c.to_lowercase().next() != Some(c))
    };
    if lower_already {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.to_lowercase())
    }
}

/// Splits a text into word tokens.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((pos, c)) = chars.next() {
        let inner_hyphen =
            c == '-' && start.is_some() && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner_hyphen {
            if start.is_none() {
                start = Some(pos);
            }
        } else if let Some(s) = start.take() {
            out.push(Token {
                start: s,
                end: pos,
                text: &text[s..pos],
            });
        }
    }
    if let Some(s) = start {
        out.push(Token {
            start: s,
            end: text.len(),
            text: &text[s..],
        });
    }
    out
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
    }
}
