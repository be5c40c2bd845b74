//! Language identification: Bokmål, Nynorsk, or `und`.
//!
//! Input: the cleaned text. Output: a [`Language`] and, for text in a
//! neighbouring language, the name of the language it looks like. The detector
//! counts function words from `data/language-profiles.txt`; a word found in
//! several profiles counts for each of them by 1/n, so only words that tell the
//! languages apart decide. Danish and Swedish come out `und`.

use std::collections::BTreeMap;

use crate::analyze::tokens::{is_alphabetic, lowercase};
use crate::model::Language;
use crate::rules::Rules;

/// The outcome of language identification.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// The contract's language value.
    pub language: Language,
    /// The best-scoring profile (`nb`, `nn`, `da`, `sv`), `None` when no evidence.
    pub best: Option<String>,
    /// Profile scores, for diagnostics.
    pub scores: BTreeMap<String, f64>,
}

/// How much of a text the detector reads.
const SAMPLE_BYTES: usize = 64 * 1024;

/// Identifies the language of `text`.
pub fn detect(text: &str, rules: &Rules) -> Detection {
    let profiles = &rules.language_profiles;
    // Per profile, in key order (the order of the bits).
    let mut totals = vec![0.0f64; profiles.len()];
    let mut swedish_letters = 0usize;
    let longest = rules.language_longest();
    // The first 64 KiB say which language an article is in; more only costs time.
    let mut cut = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    // An ASCII word is lower-cased into this buffer, without an allocation.
    let mut folded = String::with_capacity(longest);
    for word in alphabetic_words(&text[..cut]) {
        let ascii = word.is_ascii();
        if !ascii && word.contains(['ä', 'ö', 'Ä', 'Ö']) {
            swedish_letters += 1;
        }
        // Function words are short: longer words need no lookup.
        if word.len() > longest {
            continue;
        }
        let bits = if ascii {
            folded.clear();
            folded.push_str(word);
            folded.make_ascii_lowercase();
            rules.language_bits(&folded)
        } else {
            rules.language_bits(&lowercase(word))
        };
        let hits = bits.count_ones() as usize;
        if hits == 0 || hits == profiles.len() {
            continue;
        }
        let w = 1.0 / hits as f64;
        for (i, score) in totals.iter_mut().enumerate() {
            if bits & (1 << i) != 0 {
                *score += w;
            }
        }
    }
    let mut scores: BTreeMap<String, f64> = profiles.keys().cloned().zip(totals).collect();
    if let Some(sv) = scores.get_mut("sv") {
        *sv += swedish_letters as f64 * 0.5;
    }
    let mut ranked: Vec<(&String, &f64)> = scores.iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
    let (best, best_score) = match ranked.first() {
        Some((k, v)) if **v >= 2.0 => ((*k).clone(), **v),
        _ => {
            return Detection {
                language: Language::Und,
                best: None,
                scores,
            }
        }
    };
    let second = ranked.get(1).map_or(0.0, |(_, v)| **v);
    let language = match best.as_str() {
        "nb" if best_score > second * 1.1 => Language::Nb,
        "nn" if best_score > second * 1.1 => Language::Nn,
        _ => Language::Und,
    };
    Detection {
        language,
        best: Some(best),
        scores,
    }
}

/// The runs of alphabetic chars in `text`, as
/// `text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty())`
/// gives them, with ASCII bytes classified as bytes and only other chars
/// decoded.
fn alphabetic_words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let mut start = None;
        while i < bytes.len() {
            let b = bytes[i];
            let (alphabetic, len) = if b < 0x80 {
                (b.is_ascii_alphabetic(), 1)
            } else {
                let c = text[i..].chars().next().expect("a char starts here");
                (is_alphabetic(c), c.len_utf8())
            };
            match (alphabetic, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let word = &text[s..i];
                    i += len;
                    return Some(word);
                }
                _ => {}
            }
            i += len;
        }
        start.map(|s| &text[s..])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn alphabetic_words_split_as_chars_do(text in "(?s)[a-zA-Z æøåÆØÅäö0-9.,\\-\u{a0}\u{300}\u{2009}\u{1f600}]{0,60}|(?s).{0,60}") {
            let expected: Vec<&str> = text
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
                .collect();
            prop_assert_eq!(alphabetic_words(&text).collect::<Vec<_>>(), expected);
        }
    }

    fn lang(text: &str) -> Language {
        detect(text, Rules::builtin()).language
    }

    #[test]
    fn bokmal_and_nynorsk_are_told_apart() {
        assert_eq!(
            lang("Hun sier at det ikke er noe hun kan gjøre nå, fordi de ble stoppet."),
            Language::Nb
        );
        assert_eq!(
            lang("Ho seier at det ikkje er noko ho kan gjere no, fordi dei vart stoppa."),
            Language::Nn
        );
    }

    #[test]
    fn danish_and_swedish_are_und() {
        assert_eq!(lang("Det oplyser kommunen, og prisen er steget efter at arbejdet blev stoppet af arkæologer. Han siger at det bliver meget dyrt."), Language::Und);
        assert_eq!(
            lang("Hon säger att det inte är något hon kan göra nu, eftersom de blev stoppade."),
            Language::Und
        );
    }

    #[test]
    fn too_little_text_is_und() {
        assert_eq!(lang("Oslo"), Language::Und);
    }
}
