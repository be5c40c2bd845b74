//! What a translator needs to know about each unit, taken from the analysis:
//! notes (heading, quote and speaker, key claim, hedges to keep), names that
//! must not be translated, and glossary entries (entity renderings).
//!
//! Input: a [`Document`] and one of its units. Output: [`Note`]s,
//! [`Piece`]s of the unit text (protected or not) and [`GlossEntry`]s, all in
//! a deterministic order (article order, then first mention).
//!
//! Invariants: the pieces of a unit concatenate to its text; protected pieces
//! never overlap and start and end on word boundaries.

use std::borrow::Cow;
use std::cell::OnceCell;

use memchr::memmem::Finder;

use crate::model::{Document, Entity, EntityKind, QuoteKind, Unit, UnitKind};

/// What a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NoteCategory {
    /// The unit is a title or crosshead.
    Heading,
    /// The unit is (part of) a quote.
    Quote,
    /// The unit is a key claim.
    Claim,
    /// The unit has hedges that must be kept.
    Hedge,
}

impl NoteCategory {
    /// The category name written into files.
    pub fn as_str(self) -> &'static str {
        match self {
            NoteCategory::Heading => "heading",
            NoteCategory::Quote => "quote",
            NoteCategory::Claim => "claim",
            NoteCategory::Hedge => "hedge",
        }
    }
}

/// A note for the translator about one unit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Note {
    /// The unit the note is about.
    pub unit: String,
    /// What the note is about.
    #[serde(serialize_with = "ser_category")]
    pub category: NoteCategory,
    /// The note text, starting with the unit id (`u3: …`).
    pub text: String,
}

fn ser_category<S: serde::Serializer>(c: &NoteCategory, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(c.as_str())
}

/// A run of unit text; protected runs are names that must not be translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece<'a> {
    /// The text of the run.
    pub text: &'a str,
    /// Whether the run is a protected name.
    pub protected: bool,
}

/// Entities whose mentions are protected: people and organisations, unless
/// the analysis suggests a different English form ("Det hvite hus" → "the
/// White House", "Dmitrij Peskov" → "Dmitry Peskov"): such a name must be
/// changed, so it is a glossary entry, not a locked span.
fn protects(e: &Entity) -> bool {
    matches!(e.kind, EntityKind::Person | EntityKind::Organization)
        && e.rendering.as_deref().is_none_or(|r| r == e.text)
}

fn word_boundary_before(text: &str, at: usize) -> bool {
    text.get(..at)
        .and_then(|s| s.chars().next_back())
        .is_none_or(|c| !c.is_alphanumeric())
}

/// After a name: a non-letter, or a genitive `s` that ends the word.
fn word_boundary_after(text: &str, at: usize) -> bool {
    let mut rest = text.get(at..).unwrap_or("").chars();
    match rest.next() {
        None => true,
        Some('s') => rest.next().is_none_or(|c| !c.is_alphanumeric()),
        Some(c) => !c.is_alphanumeric(),
    }
}

/// A glossary entry for a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossEntry {
    /// The term as the article writes it.
    pub term: String,
    /// The suggested rendering, when one is known.
    pub translation: Option<String>,
    /// A short definition (kind of name, whether to translate it).
    pub definition: String,
    /// Whether the term is a protected name.
    pub protected: bool,
}

/// The notes for `unit`, in a fixed order: heading, quotes, claim, hedges.
pub fn notes(doc: &Document, unit: &Unit) -> Vec<Note> {
    Annotator::new(doc).notes(unit).into_owned()
}

/// Byte ranges of protected names in `unit.text`, ascending, non-overlapping.
pub fn protected_ranges(doc: &Document, unit: &Unit) -> Vec<(usize, usize)> {
    Annotator::new(doc).protected_ranges(unit)
}

/// The unit text cut into protected and plain pieces.
pub fn pieces<'a>(doc: &Document, unit: &'a Unit) -> Vec<Piece<'a>> {
    Annotator::new(doc).pieces(unit)
}

/// Glossary entries for the entities mentioned in `units`, by first mention.
pub fn glossary(doc: &Document, units: &[&Unit]) -> Vec<GlossEntry> {
    Annotator::new(doc).glossary(units)
}

/// The notes, pieces and glossary of a document's units, with what every
/// unit needs prepared once per document: each exporter asks about every
/// unit, and finding a name with a searcher built for it is several times
/// faster than building the searcher for each unit. The notes of each of
/// the document's units are made once, so that the exporters of one
/// document can share an annotator (a batch writes XLIFF and JSONL).
#[derive(Debug)]
pub struct Annotator<'d> {
    doc: &'d Document,
    /// The notes of `doc.units[i]`, once asked for.
    notes: Vec<OnceCell<Vec<Note>>>,
    /// Protected names, each with its searcher.
    protected: Vec<Finder<'d>>,
    /// The entities that may enter a glossary (index, entity, protected),
    /// with a searcher for the name when it is not empty.
    glossed: Vec<(usize, &'d Entity, bool, Option<Finder<'d>>)>,
    /// For each of `glossed`: where its name first stands in each of the
    /// document's units, once asked for.
    first_mentions: OnceCell<Vec<Vec<Option<usize>>>>,
}

impl<'d> Annotator<'d> {
    /// Prepares the searches for `doc`.
    pub fn new(doc: &'d Document) -> Annotator<'d> {
        let protected = doc
            .entities
            .iter()
            .filter(|e| protects(e))
            .map(|e| e.text.trim())
            .filter(|name| !name.is_empty())
            .map(Finder::new)
            .collect();
        let glossed = doc
            .entities
            .iter()
            .enumerate()
            .filter_map(|(ei, e)| {
                let protected = protects(e);
                (e.rendering.is_some() || protected).then(|| {
                    let finder = (!e.text.is_empty()).then(|| Finder::new(e.text.as_str()));
                    (ei, e, protected, finder)
                })
            })
            .collect();
        Annotator {
            doc,
            notes: doc.units.iter().map(|_| OnceCell::new()).collect(),
            protected,
            glossed,
            first_mentions: OnceCell::new(),
        }
    }

    /// For each glossed entity and each of the document's units: the first
    /// position of its name in the unit, else `usize::MAX` when the entity
    /// lists the unit, else `None`. The unit texts are searched joined, one
    /// search per name instead of one per name and unit: they are joined by
    /// NUL, so a name without NUL cannot match across two units, and the
    /// first match within a unit's stretch is its first position in the unit.
    fn first_mentions(&self) -> &[Vec<Option<usize>>] {
        self.first_mentions.get_or_init(|| {
            if self.glossed.is_empty() {
                return Vec::new();
            }
            let units = &self.doc.units;
            let mut joined = Vec::with_capacity(units.iter().map(|u| u.text.len() + 1).sum());
            let mut starts = Vec::with_capacity(units.len());
            let by_id: foldhash::HashMap<&str, usize> = units
                .iter()
                .enumerate()
                .map(|(i, u)| (u.id.as_str(), i))
                .collect();
            for u in units {
                starts.push(joined.len());
                joined.extend_from_slice(u.text.as_bytes());
                joined.push(0);
            }
            self.glossed
                .iter()
                .map(|(_, e, _, finder)| {
                    let mut first = vec![None; units.len()];
                    match finder {
                        Some(f) if !f.needle().contains(&0) => {
                            for pos in f.find_iter(&joined) {
                                let ui = starts.partition_point(|&s| s <= pos) - 1;
                                first[ui].get_or_insert(pos - starts[ui]);
                            }
                        }
                        Some(f) => {
                            for (slot, u) in first.iter_mut().zip(units) {
                                *slot = f.find(u.text.as_bytes());
                            }
                        }
                        None => {}
                    }
                    for id in &e.units {
                        if let Some(i) = by_id.get(id.as_str()) {
                            first[*i].get_or_insert(usize::MAX);
                        }
                    }
                    first
                })
                .collect()
        })
    }

    /// The position of `unit` in the document's units, when it is one of
    /// them (the same value, not an equal one).
    fn position(&self, unit: &Unit) -> Option<usize> {
        let size = std::mem::size_of::<Unit>();
        let first = self.doc.units.as_ptr() as usize;
        let at = (unit as *const Unit as usize).checked_sub(first)?;
        (size > 0 && at % size == 0 && at / size < self.doc.units.len()).then_some(at / size)
    }

    /// The notes for `unit`, in a fixed order: heading, quotes, claim, hedges.
    /// Made once for each of the document's units.
    pub fn notes(&self, unit: &Unit) -> Cow<'_, [Note]> {
        match self.position(unit) {
            Some(i) => Cow::Borrowed(self.notes[i].get_or_init(|| self.make_notes(unit))),
            None => Cow::Owned(self.make_notes(unit)),
        }
    }

    fn make_notes(&self, unit: &Unit) -> Vec<Note> {
        let doc = self.doc;
        let mut out = Vec::new();
        // The note text is "u3: " and the parts, put together without the
        // formatting machinery: a document has dozens of notes per exporter.
        let mut push = |category: NoteCategory, parts: &[&str]| {
            let len = unit.id.len() + 2 + parts.iter().map(|p| p.len()).sum::<usize>();
            let mut text = String::with_capacity(len);
            text.push_str(&unit.id);
            text.push_str(": ");
            parts.iter().for_each(|p| text.push_str(p));
            out.push(Note {
                unit: unit.id.clone(),
                category,
                text,
            });
        };
        if unit.kind == UnitKind::Heading {
            let is_title = doc.units.first().map(|u| u.id.as_str()) == Some(unit.id.as_str())
                && doc.meta.title.as_deref() == Some(unit.text.as_str());
            push(
                NoteCategory::Heading,
                &[if is_title {
                    "title of the article; keep it short."
                } else {
                    "crosshead (heading); keep it short."
                }],
            );
        }
        for q in doc.quotes.iter().filter(|q| q.units.contains(&unit.id)) {
            let kind = match q.kind {
                QuoteKind::Direct => "direct quote ",
                QuoteKind::Indirect => "reported speech ",
            };
            let across = if q.units.len() > 1 {
                q.units.join(", ")
            } else {
                String::new()
            };
            let span: &[&str] = if across.is_empty() {
                &[]
            } else {
                &[" across ", &across]
            };
            let speaker: &[&str] = match (&q.speaker, &q.speaker_description) {
                (Some(s), Some(d)) => &["speaker: ", s, " (", d, ")"],
                (Some(s), None) => &["speaker: ", s],
                (None, Some(d)) => &["speaker not named: ", d],
                (None, None) => &["speaker not named"],
            };
            let parts: Vec<&str> =
                [&[kind, q.id.as_str()][..], span, &["; "], speaker, &["."]].concat();
            push(NoteCategory::Quote, &parts);
        }
        for (rank, c) in doc.claims.iter().enumerate() {
            if c.unit != unit.id {
                continue;
            }
            let mut number = itoa::Buffer::new();
            let source: &[&str] = match c.source.as_deref().and_then(|s| doc.source(s)) {
                Some(s) => &["attributed to ", &s.name],
                None => &["asserted by the article itself"],
            };
            let parts: Vec<&str> = [
                &["key claim #", number.format(rank + 1), "; "][..],
                source,
                &["."],
            ]
            .concat();
            push(NoteCategory::Claim, &parts);
            if !c.hedges.is_empty() {
                push(
                    NoteCategory::Hedge,
                    &["keep the hedging: ", &c.hedges.join(", "), "."],
                );
            }
        }
        out
    }

    /// Byte ranges of protected names in `unit.text`, ascending,
    /// non-overlapping.
    pub fn protected_ranges(&self, unit: &Unit) -> Vec<(usize, usize)> {
        let text = unit.text.as_str();
        let mut found: Vec<(usize, usize)> = Vec::new();
        for finder in &self.protected {
            let len = finder.needle().len();
            let mut from = 0;
            while let Some(pos) = text
                .get(from..)
                .and_then(|rest| finder.find(rest.as_bytes()))
            {
                let a = from + pos;
                let b = a + len;
                if word_boundary_before(text, a) && word_boundary_after(text, b) {
                    found.push((a, b));
                }
                from = b;
            }
        }
        // Longest first at each start, then drop overlaps left to right.
        found.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
        let mut out: Vec<(usize, usize)> = Vec::new();
        for r in found {
            if out.last().is_none_or(|last| r.0 >= last.1) {
                out.push(r);
            }
        }
        out
    }

    /// The unit text cut into protected and plain pieces.
    pub fn pieces<'a>(&self, unit: &'a Unit) -> Vec<Piece<'a>> {
        let text = unit.text.as_str();
        let mut out = Vec::new();
        let mut at = 0;
        for (a, b) in self.protected_ranges(unit) {
            if let Some(plain) = text.get(at..a).filter(|s| !s.is_empty()) {
                out.push(Piece {
                    text: plain,
                    protected: false,
                });
            }
            if let Some(name) = text.get(a..b) {
                out.push(Piece {
                    text: name,
                    protected: true,
                });
            }
            at = b;
        }
        if let Some(plain) = text.get(at..).filter(|s| !s.is_empty()) {
            out.push(Piece {
                text: plain,
                protected: false,
            });
        }
        out
    }

    /// Glossary entries for the entities mentioned in `units`, by first
    /// mention.
    pub fn glossary(&self, units: &[&Unit]) -> Vec<GlossEntry> {
        let mut seen: Vec<(usize, usize, usize, GlossEntry)> = Vec::new();
        let positions: Vec<Option<usize>> = units.iter().map(|u| self.position(u)).collect();
        // The table covers the document's own units only.
        let first_mentions = if positions.iter().all(Option::is_some) {
            self.first_mentions()
        } else {
            &[]
        };
        for (gi, (ei, e, protected, finder)) in self.glossed.iter().enumerate() {
            let first = units.iter().enumerate().find_map(|(ui, u)| {
                match (positions[ui], first_mentions.get(gi)) {
                    (Some(i), Some(first)) => first[i],
                    _ => finder
                        .as_ref()
                        .and_then(|f| f.find(u.text.as_bytes()))
                        .or_else(|| e.units.contains(&u.id).then_some(usize::MAX)),
                }
                .map(|pos| (ui, pos))
            });
            let Some((ui, pos)) = first else { continue };
            seen.push((ui, pos, *ei, gloss_entry(e, *protected)));
        }
        seen.sort_by_key(|&(ui, pos, ei, _)| (ui, pos, ei));
        seen.into_iter().map(|(_, _, _, g)| g).collect()
    }
}

/// The glossary entry of an entity.
fn gloss_entry(e: &Entity, protected: bool) -> GlossEntry {
    GlossEntry {
        term: e.text.clone(),
        translation: e.rendering.clone(),
        definition: definition(e.kind, protected).to_string(),
        protected,
    }
}

/// A glossary entry's definition: the kind of name, and whether to
/// translate it.
fn definition(kind: EntityKind, protected: bool) -> &'static str {
    match (kind, protected) {
        (EntityKind::Person, true) => "person name; do not translate.",
        (EntityKind::Person, false) => "person name; use the English form.",
        (EntityKind::Place, true) => "place name; do not translate.",
        (EntityKind::Place, false) => "place name.",
        (EntityKind::Organization, true) => "organisation name; do not translate.",
        (EntityKind::Organization, false) => "organisation name; use the English form.",
        (EntityKind::Other, true) => "name; do not translate.",
        (EntityKind::Other, false) => "name.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_with(text: &str, entities: &[(&str, EntityKind)]) -> Document {
        let mut doc = crate::analyze_bytes(text.as_bytes(), &crate::Options::default()).unwrap();
        doc.entities = entities
            .iter()
            .map(|(t, k)| Entity {
                text: t.to_string(),
                kind: *k,
                count: 1,
                units: vec!["u1".into()],
                rendering: None,
            })
            .collect();
        doc
    }

    #[test]
    fn an_annotator_makes_each_units_notes_once_and_alike() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/corpus/dn-kim-putin.txt"
        ))
        .unwrap();
        let doc = crate::analyze_bytes(text.as_bytes(), &crate::Options::default()).unwrap();
        let annotator = Annotator::new(&doc);
        let mut noted = 0;
        for unit in &doc.units {
            let first = annotator.notes(unit);
            // The document's own unit is answered from the store, the second
            // time without making the notes again.
            assert!(matches!(first, Cow::Borrowed(_)));
            let again = annotator.notes(unit);
            assert!(std::ptr::eq(first.as_ptr(), again.as_ptr()));
            // An equal unit from elsewhere gets the same notes, made anew.
            let copy = unit.clone();
            let fresh = annotator.notes(&copy);
            assert!(matches!(fresh, Cow::Owned(_)));
            assert_eq!(fresh, first);
            noted += first.len();
        }
        assert!(noted > 0, "the seed article has notes");
    }

    #[test]
    fn glossaries_from_the_joined_search_match_those_unit_by_unit() {
        let mut checked = 0;
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let name = path.display().to_string();
            let bytes = std::fs::read(&path).unwrap();
            let doc = crate::analyze_bytes(&bytes, &crate::Options::default()).unwrap();
            let annotator = Annotator::new(&doc);
            // Copies are not the document's units: they take the search of
            // each name in each unit.
            let copies: Vec<Unit> = doc.units.clone();
            for window in [1, 3, doc.units.len()] {
                for (own, copy) in doc.units.chunks(window).zip(copies.chunks(window)) {
                    let own: Vec<&Unit> = own.iter().collect();
                    let copy: Vec<&Unit> = copy.iter().collect();
                    let joined = annotator.glossary(&own);
                    assert_eq!(joined, annotator.glossary(&copy), "{name}");
                    checked += joined.len();
                }
            }
        }
        assert!(checked > 0, "the corpus articles have glossary entries");
    }

    #[test]
    fn protected_names_respect_word_boundaries_and_genitive() {
        let doc = doc_with(
            "Putins talsmann møtte Putinsen og Kim Jong-un i Moskva.",
            &[
                ("Putin", EntityKind::Person),
                ("Kim Jong-un", EntityKind::Person),
                ("Kim", EntityKind::Person),
            ],
        );
        let u = &doc.units[0];
        let names: Vec<&str> = pieces(&doc, u)
            .into_iter()
            .filter(|p| p.protected)
            .map(|p| p.text)
            .collect();
        assert_eq!(names, ["Putin", "Kim Jong-un"]);
        let joined: String = pieces(&doc, u).iter().map(|p| p.text).collect();
        assert_eq!(joined, u.text);
    }

    #[test]
    fn names_with_a_different_english_form_are_not_locked() {
        let mut doc = doc_with(
            "Det hvite hus svarte Kari Nordmann.",
            &[
                ("Det hvite hus", EntityKind::Organization),
                ("Kari Nordmann", EntityKind::Person),
            ],
        );
        doc.entities[0].rendering = Some("the White House".into());
        doc.entities[1].rendering = Some("Kari Nordmann".into());
        let names: Vec<&str> = pieces(&doc, &doc.units[0])
            .into_iter()
            .filter(|p| p.protected)
            .map(|p| p.text)
            .collect();
        assert_eq!(names, ["Kari Nordmann"]);
    }

    #[test]
    fn places_are_not_protected() {
        let doc = doc_with("Kim reiser til Moskva.", &[("Moskva", EntityKind::Place)]);
        assert!(protected_ranges(&doc, &doc.units[0]).is_empty());
    }
}
