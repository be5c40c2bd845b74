//! Translator notes: things in the units that a translator must handle with
//! care, found by word lists and number patterns.
//!
//! Input: the units of a document (and its claims, for hedges). Output:
//! [`Notes`], each finding with the ids of the units it is in. Findings are
//! sorted by text so the output does not depend on map order.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use regex_syntax::is_word_character;
use serde::Serialize;

use crate::analyze::phrases::stands_alone;
use crate::analyze::tokens::lowercase;
use crate::model::{Claim, Unit};
use crate::rules::data_lines;

/// Relative date and time expressions (`data/relative-dates.txt`).
pub const RELATIVE_DATES: &str = include_str!("../../data/relative-dates.txt");

/// One expression found in the units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The expression, lower-cased for words, as written for numbers.
    pub text: String,
    /// Ids of the units it occurs in, in reading order, without repeats.
    pub units: Vec<String>,
}

/// Everything the translator notes section lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Notes {
    /// Hedges and modal words from the key claims.
    pub hedges: Vec<Finding>,
    /// Relative dates ("mandag", "i går", "i forrige uke").
    pub relative_dates: Vec<Finding>,
    /// Numbers with a decimal comma ("118,60").
    pub decimal_commas: Vec<Finding>,
    /// Numbers with space-separated thousands ("30 000").
    pub thousands: Vec<Finding>,
}

impl Notes {
    /// Whether there is nothing to note.
    pub fn is_empty(&self) -> bool {
        self.hedges.is_empty()
            && self.relative_dates.is_empty()
            && self.decimal_commas.is_empty()
            && self.thousands.is_empty()
    }
}

/// The relative-date expressions as regex alternatives, longest first, so
/// that "i går kveld" wins over "i går".
fn relative_date_alternatives() -> String {
    let mut words: Vec<String> = data_lines(RELATIVE_DATES)
        .map(|(_, w)| {
            w.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.join("|")
}

/// The expressions as whole words: what the notes list. Tests hold the
/// faster search of [`relative_dates_in`] to it.
#[cfg(test)]
static RELATIVE_DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?:{})\b", relative_date_alternatives()))
        .expect("built-in relative-date list forms a valid regex (checked by unit tests)")
});

/// An expression that starts the text and ends a word. Every expression
/// opens with a word char, so one that starts a word as well is a match of
/// [`RELATIVE_DATE_RE`] there (see [`relative_dates_in`]).
static RELATIVE_DATE_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^(?:{})\b", relative_date_alternatives()))
        .expect("built-in relative-date list forms a valid regex (checked by unit tests)")
});

/// The same expressions without the word boundaries. Unicode `\b` keeps
/// the regex engine off its fast DFA on non-ASCII text, so this one finds
/// the candidates and the boundaries are checked by hand (see
/// [`relative_dates_in`]).
static RELATIVE_DATE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:{})", relative_date_alternatives()))
        .expect("built-in relative-date list forms a valid regex (checked by unit tests)")
});

/// The matches of [`RELATIVE_DATE_RE`] in `text`, in order, found with the
/// faster [`RELATIVE_DATE_WORDS`]: where that one's leftmost match is
/// bounded by non-word chars on both sides, the bounded regex would match
/// the same (its leftmost start cannot lie earlier, and the first
/// alternative that fits there fits with its boundaries). Where it is not,
/// a whole-word match can still start there with another expression
/// ([`RELATIVE_DATE_AT`], anchored, reads only that far), or else only
/// later: the search goes on from the next char. Running the bounded regex
/// on from there instead cost about 100,000 instructions a time, as its
/// Unicode word boundaries keep it off the fast engines.
fn relative_dates_in(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(m) = RELATIVE_DATE_WORDS.find_at(text, pos) {
        let found = if stands_alone(text, m.start(), m.end()) {
            Some(m.range())
        } else {
            whole_words_at(text, m.start())
        };
        match found {
            Some(range) => {
                pos = range.end;
                out.push(&text[range]);
            }
            None => {
                pos = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    out
}

/// The match of [`RELATIVE_DATE_RE`] that starts at `at`, if one does.
fn whole_words_at(text: &str, at: usize) -> Option<std::ops::Range<usize>> {
    // Every expression opens with a word char: `\b` before it needs a
    // non-word char (or none) before `at`.
    if text[..at]
        .chars()
        .next_back()
        .is_some_and(is_word_character)
    {
        return None;
    }
    RELATIVE_DATE_AT
        .find(&text[at..])
        .map(|m| at + m.start()..at + m.end())
}

/// The longest word of each relative-date expression, lower case: a text
/// without any of them cannot match [`RELATIVE_DATE_RE`], whose Unicode word
/// boundaries make it slow on non-ASCII text.
static RELATIVE_DATE_ANCHORS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let anchors = data_lines(RELATIVE_DATES).filter_map(|(_, w)| {
        w.split_whitespace()
            .max_by_key(|w| w.len())
            .map(str::to_lowercase)
    });
    // Leftmost-longest finds every anchor that stands alone: an anchor is
    // all word chars, so a match that overlaps one bounded by non-word
    // chars starts where it does and cannot be longer.
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(anchors)
        .expect("relative-date words make a valid automaton")
});

static DECIMAL_COMMA_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[0-9]+,[0-9]+\b").expect("valid regex (checked by unit tests)")
});

static THOUSANDS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[0-9]{1,3}(?:[ \u{A0}\u{202F}\u{2009}][0-9]{3})+\b")
        .expect("valid regex (checked by unit tests)")
});

/// Builds the notes' regexes and searchers now rather than on first use
/// ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&RELATIVE_DATE_AT);
    LazyLock::force(&RELATIVE_DATE_WORDS);
    LazyLock::force(&RELATIVE_DATE_ANCHORS);
    LazyLock::force(&DECIMAL_COMMA_RE);
    LazyLock::force(&THOUSANDS_RE);
}

/// Collects the notes for these units and claims.
pub fn collect(units: &[Unit], claims: &[Claim]) -> Notes {
    let mut hedges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for claim in claims {
        for h in &claim.hedges {
            push_unit(
                hedges.entry(h.trim().to_lowercase()).or_default(),
                &claim.unit,
            );
        }
    }
    // Both number patterns need a numeric char on each side of a separator;
    // most units have none and are passed over with one look.
    let numeric: Vec<&Unit> = units.iter().filter(|u| has_numeric(&u.text)).collect();
    Notes {
        hedges: findings(hedges),
        relative_dates: scan(
            units.iter(),
            relative_dates_in,
            may_hold_relative_date,
            |m| {
                m.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            },
        ),
        decimal_commas: scan(
            numeric.iter().copied(),
            |t| DECIMAL_COMMA_RE.find_iter(t).map(|m| m.as_str()).collect(),
            |t| digits_around(t, b",", |c| c == ','),
            str::to_string,
        ),
        thousands: scan(
            numeric.iter().copied(),
            |t| THOUSANDS_RE.find_iter(t).map(|m| m.as_str()).collect(),
            |t| {
                digits_around(t, b" \xC2\xE2", |c| {
                    matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}')
                })
            },
            str::to_string,
        ),
    }
}

/// Whether the anchor word of some relative-date expression stands in
/// `text` as a whole word, which every match of [`RELATIVE_DATE_RE`] needs:
/// its words are separated by spaces and bounded by `\b`. Most units are
/// passed over without running that regex, whose Unicode word boundaries
/// make it slow on Norwegian text.
fn may_hold_relative_date(text: &str) -> bool {
    let lower = lowercase(text);
    RELATIVE_DATE_ANCHORS
        .find_iter(&*lower)
        .any(|m| stands_alone(&lower, m.start(), m.end()))
}

/// Whether a separator stands between two digits somewhere in `text` (what
/// the number patterns need): most sentences are passed over without a regex.
/// Only the places where a separator stands are looked at: `first_bytes`
/// holds the first UTF-8 byte of every separator.
fn digits_around(text: &str, first_bytes: &[u8], separator: impl Fn(char) -> bool) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(skip) = bytes[from..].iter().position(|b| first_bytes.contains(b)) {
        let at = from + skip;
        // `at` starts a char: every separator's first byte is a lead byte.
        let mut after = text[at..].chars();
        let sep = after.next().unwrap_or_default();
        if separator(sep)
            && after.next().is_some_and(char::is_numeric)
            && text[..at].chars().next_back().is_some_and(char::is_numeric)
        {
            return true;
        }
        from = at + sep.len_utf8().max(1);
    }
    false
}

/// Whether `text` holds a numeric char (what `char::is_numeric` says), found
/// a block of bytes at a time for ASCII digits.
fn has_numeric(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Each block folds to one flag without a branch per byte.
    let ascii_digit = bytes.chunks(32).any(|block| {
        block
            .iter()
            .fold(false, |seen, b| seen | b.is_ascii_digit())
    });
    // The only numeric chars below U+0100 besides the ASCII digits are ²,
    // ³, ¹, ¼, ½ and ¾: the Latin-1 letters (æ, ø, å …) skip the Unicode
    // table.
    ascii_digit
        || (!text.is_ascii()
            && text.chars().any(|c| {
                matches!(c, '\u{B2}' | '\u{B3}' | '\u{B9}' | '\u{BC}'..='\u{BE}')
                    || (c > '\u{FF}' && c.is_numeric())
            }))
}

/// The findings of `find` in every unit; `may_match` passes over units that
/// cannot match.
fn scan<'u>(
    units: impl Iterator<Item = &'u Unit>,
    find: impl for<'t> Fn(&'t str) -> Vec<&'t str>,
    may_match: impl Fn(&str) -> bool,
    key: impl Fn(&str) -> String,
) -> Vec<Finding> {
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for unit in units.filter(|u| may_match(&u.text)) {
        for m in find(&unit.text) {
            push_unit(found.entry(key(m)).or_default(), &unit.id);
        }
    }
    findings(found)
}

fn push_unit(units: &mut Vec<String>, id: &str) {
    if !units.iter().any(|u| u == id) {
        units.push(id.to_string());
    }
}

fn findings(map: BTreeMap<String, Vec<String>>) -> Vec<Finding> {
    map.into_iter()
        .filter(|(text, _)| !text.is_empty())
        .map(|(text, units)| Finding { text, units })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::UnitKind;

    fn unit(id: &str, text: &str) -> Unit {
        Unit {
            id: id.to_string(),
            kind: UnitKind::Sentence,
            paragraph: 0,
            span: [0, text.len()],
            text: text.to_string(),
            words: text.split_whitespace().count(),
            role: None,
        }
    }

    fn texts(f: &[Finding]) -> Vec<&str> {
        f.iter().map(|f| f.text.as_str()).collect()
    }

    #[test]
    fn relative_date_list_is_sorted_unique_and_lower_case() {
        let items: Vec<&str> = data_lines(RELATIVE_DATES).map(|(_, l)| l).collect();
        let mut sorted = items.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(
            items, sorted,
            "relative-dates.txt must be sorted and unique"
        );
        for item in items {
            assert_eq!(item, item.to_lowercase());
        }
        for raw in RELATIVE_DATES.lines() {
            assert_eq!(raw, raw.trim_end(), "trailing whitespace in {raw:?}");
        }
        // The leftmost-longest anchor search finds every anchor that stands
        // alone only if anchors are made of word chars alone.
        for word in data_lines(RELATIVE_DATES).flat_map(|(_, l)| l.split_whitespace()) {
            assert!(
                word.chars().all(regex_syntax::is_word_character),
                "{word:?} has a char that is not a word char"
            );
        }
        LazyLock::force(&RELATIVE_DATE_RE);
        LazyLock::force(&RELATIVE_DATE_AT);
        LazyLock::force(&DECIMAL_COMMA_RE);
        LazyLock::force(&THOUSANDS_RE);
    }

    proptest::proptest! {
        #[test]
        fn fast_relative_dates_agree_with_the_bounded_regex(
            text in "((i|I|går|GÅR|kveld|kvelden|dag|man|mandag|MANDAG|måndag|fredagens|ø|s|-|_|1| |  |\\.|,)){0,14}"
        ) {
            let slow: Vec<&str> = RELATIVE_DATE_RE.find_iter(&text).map(|m| m.as_str()).collect();
            proptest::prop_assert_eq!(relative_dates_in(&text), slow);
        }
    }

    #[test]
    fn relative_dates_are_found_as_whole_words() {
        let units = [
            unit("u1", "Det skjedde i går kveld, sa hun mandag."),
            unit("u2", "I forrige uke kom Mandag-bladet ut."),
            unit("u3", "Dagens mandagsmøte."),
        ];
        let notes = collect(&units, &[]);
        assert_eq!(
            texts(&notes.relative_dates),
            ["i forrige uke", "i går kveld", "mandag"]
        );
        assert_eq!(notes.relative_dates[2].units, ["u1", "u2"]);
    }

    #[test]
    fn decimal_commas_and_thousands_are_found() {
        let units = [unit(
            "u1",
            "Aksjen steg til 118,60 kroner, og 30 000 og 12\u{a0}400 brukere er berørt i 2021.",
        )];
        let notes = collect(&units, &[]);
        assert_eq!(texts(&notes.decimal_commas), ["118,60"]);
        assert_eq!(texts(&notes.thousands), ["12\u{a0}400", "30 000"]);
    }

    #[test]
    fn hedges_come_from_claims() {
        let claims = [Claim {
            unit: "u2".to_string(),
            text: "x".to_string(),
            source: None,
            hedges: vec!["Trolig".to_string(), "angivelig".to_string()],
            score: 0.5,
        }];
        let notes = collect(&[], &claims);
        assert_eq!(texts(&notes.hedges), ["angivelig", "trolig"]);
        assert_eq!(notes.hedges[0].units, ["u2"]);
    }

    /// The first version: every window of three chars.
    fn digits_around_reference(text: &str, separator: impl Fn(char) -> bool) -> bool {
        let chars: Vec<char> = text.chars().collect();
        chars
            .windows(3)
            .any(|w| w[0].is_numeric() && separator(w[1]) && w[2].is_numeric())
    }

    #[test]
    fn has_numeric_agrees_with_is_numeric_on_every_char() {
        for c in (0..=0x2FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(has_numeric(&text), c.is_numeric(), "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn has_numeric_reads_like_is_numeric(text in "[0-9a-zæøå ,.½²¹¾µ¿ÿ±٣\u{A0}]{0,80}") {
            proptest::prop_assert_eq!(has_numeric(&text), text.chars().any(char::is_numeric));
        }

        #[test]
        fn leftmost_longest_anchors_find_what_overlapping_ones_do(
            text in "((i|I|går|GÅR|forgårs|dag|mandag|Mandag|man|dagen|neste|nest|-|_|1| |\\.)){0,14}"
        ) {
            let anchors: Vec<String> = data_lines(RELATIVE_DATES)
                .filter_map(|(_, w)| w.split_whitespace().max_by_key(|w| w.len()).map(str::to_lowercase))
                .collect();
            let overlapping = AhoCorasick::new(anchors).unwrap();
            let lower = lowercase(&text);
            let reference = overlapping
                .find_overlapping_iter(&*lower)
                .any(|m| stands_alone(&lower, m.start(), m.end()));
            proptest::prop_assert_eq!(may_hold_relative_date(&text), reference);
        }

        #[test]
        fn digits_around_looks_at_every_separator(text in "[0-9a ,.\u{A0}\u{202F}\u{2009}\u{2028}½²Ââ]{0,30}") {
            let comma = |c| c == ',';
            let space = |c| matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}');
            proptest::prop_assert_eq!(
                digits_around(&text, b",", comma),
                digits_around_reference(&text, comma)
            );
            proptest::prop_assert_eq!(
                digits_around(&text, b" \xC2\xE2", space),
                digits_around_reference(&text, space)
            );
        }
    }
}
