//! Word-count analysis: the figures a translator quotes a price on.
//!
//! Input: a [`Document`]. Output: [`Stats`]: words per unit, the total, and
//! repetitions. A unit whose text (whitespace collapsed) was already seen
//! earlier in the article is a repetition; the first occurrence counts as new.

use serde::Serialize;

use crate::model::Document;

/// Words of one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitWords {
    /// The unit id.
    pub id: String,
    /// Words in the unit.
    pub words: usize,
    /// The id of the earlier unit with the same text, if this is a repetition.
    pub repeats: Option<String>,
}

/// The word-count analysis of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Per unit, in reading order.
    pub units: Vec<UnitWords>,
    /// Number of units.
    pub segments: usize,
    /// All words.
    pub total_words: usize,
    /// Units whose text occurs for the first time.
    pub new_segments: usize,
    /// Words in those units.
    pub new_words: usize,
    /// Units that repeat an earlier unit's text.
    pub repeated_segments: usize,
    /// Words in those units.
    pub repeated_words: usize,
}

fn key(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Counts the words of `doc`.
pub fn stats(doc: &Document) -> Stats {
    let mut first: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
    let mut s = Stats {
        units: Vec::with_capacity(doc.units.len()),
        segments: doc.units.len(),
        total_words: 0,
        new_segments: 0,
        new_words: 0,
        repeated_segments: 0,
        repeated_words: 0,
    };
    for u in &doc.units {
        let k = key(&u.text);
        let repeats = first.get(&k).map(|id| id.to_string());
        if repeats.is_some() {
            s.repeated_segments += 1;
            s.repeated_words += u.words;
        } else {
            first.insert(k, &u.id);
            s.new_segments += 1;
            s.new_words += u.words;
        }
        s.total_words += u.words;
        s.units.push(UnitWords {
            id: u.id.clone(),
            words: u.words,
            repeats,
        });
    }
    s
}

impl Stats {
    /// A plain-text report: one line per unit, then the totals.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        out.push_str("unit   words  repeats\n");
        for u in &self.units {
            out.push_str(&format!(
                "{:<6} {:>5}  {}\n",
                u.id,
                u.words,
                u.repeats.as_deref().unwrap_or("-")
            ));
        }
        out.push_str(&format!(
            "\nsegments: {} ({} new, {} repeated)\nwords:    {} ({} new, {} in repetitions)\n",
            self.segments,
            self.new_segments,
            self.repeated_segments,
            self.total_words,
            self.new_words,
            self.repeated_words
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_unit_counts_once_as_new() {
        let doc = crate::analyze_bytes(
            "Det brenner. Alle må ut.\n\nDet brenner. Nå.".as_bytes(),
            &crate::Options::default(),
        )
        .unwrap();
        let s = stats(&doc);
        assert_eq!(s.segments, 4);
        assert_eq!(s.repeated_segments, 1);
        assert_eq!(s.units[2].repeats.as_deref(), Some("u1"));
        assert_eq!(s.new_words + s.repeated_words, s.total_words);
        assert_eq!(s.repeated_words, 2);
    }
}
