//! Speaker resolution and the source list.
//!
//! Input: the [`RawQuote`]s and [`Citation`]s of the quote pass and the name
//! [`Mention`]s. Output: [`Resolved`]: deduplicated [`Source`]s (ids `s1`… in
//! order of first citation), each quote's speaker name and source id, and the
//! source of every unit that carries a quote.
//!
//! Resolution rules: a surname ("sier Brekke") becomes the full name met in
//! the article ("Håkon Brekke"); a pronoun becomes the nearest earlier person
//! whose gender does not contradict it (genders are learned from earlier
//! pronouns); a definite role noun ("talspersonen", "korpsleiaren") becomes
//! the person the article gives that role, else the unnamed source with that
//! head noun ("naboen" = "en nabo"); a definite organisation noun ("politiet")
//! becomes the named organisation with the matching suffix ("Øst
//! politidistrikt"). Unnamed sources keep a `None` speaker.

use std::collections::BTreeMap;

use super::lexicon::{Lexicon, NameKind};
use super::names::Mention;
use super::quotes::{Citation, RawQuote, SpeakerRef};
use crate::model::{Source, SourceKind};

/// The resolved sources and speakers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolved {
    /// Sources, ids `s1`… in order of first citation.
    pub sources: Vec<Source>,
    /// Per quote: the speaker's name (`None` for unnamed sources) and the source index.
    pub speakers: Vec<(Option<String>, Option<usize>, Option<String>)>,
    /// Per unit index: the source index of the quote it carries.
    pub unit_sources: BTreeMap<usize, usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Name(String),
    Anonymous(String),
    Document(String),
}

struct Builder<'a> {
    mentions: &'a [Mention],
    unit_ids: &'a [String],
    keys: Vec<Key>,
    sources: Vec<Source>,
    genders: BTreeMap<String, char>,
    /// (unit, person) in the order they were met, for pronouns.
    timeline: Vec<(usize, String)>,
}

/// Resolves every quote's speaker and builds the source list.
pub fn resolve(
    quotes: &[RawQuote],
    citations: &[Citation],
    mentions: &[Mention],
    unit_ids: &[String],
    direct_units: &[bool],
    prose: &[bool],
) -> Resolved {
    let mut b = Builder {
        mentions,
        unit_ids,
        keys: Vec::new(),
        sources: Vec::new(),
        genders: BTreeMap::new(),
        timeline: Vec::new(),
    };
    // Person mentions outside direct speech, in reading order.
    let mut people: Vec<(usize, String)> = mentions
        .iter()
        .filter(|m| {
            m.kind == NameKind::Person
                && prose.get(m.unit).copied().unwrap_or(false)
                && !direct_units.get(m.unit).copied().unwrap_or(false)
        })
        .map(|m| (m.unit, b.full_name(&m.base, m.unit)))
        .collect();
    people.sort_by_key(|(u, _)| *u);
    // Events in unit order: citations first, then the quotes attributed there.
    let mut events: Vec<(usize, u8, usize)> = citations
        .iter()
        .enumerate()
        .map(|(i, c)| (c.unit, 0, i))
        .chain(quotes.iter().enumerate().map(|(i, q)| (q.cited_in, 1, i)))
        .collect();
    events.sort();
    let mut speakers = vec![(None, None, None); quotes.len()];
    let mut unit_sources = BTreeMap::new();
    let mut next_person = 0;
    for (unit, what, i) in events {
        while next_person < people.len() && people[next_person].0 < unit {
            b.timeline.push(people[next_person].clone());
            next_person += 1;
        }
        if what == 0 {
            if let Some((_, idx)) = b.resolve(&citations[i].speaker, unit) {
                b.cite(idx, unit);
            }
            continue;
        }
        let q = &quotes[i];
        let Some(who) = &q.speaker else { continue };
        let Some((name, idx)) = b.resolve(who, unit) else {
            continue;
        };
        for &u in q.units.iter().chain(std::iter::once(&q.cited_in)) {
            b.cite(idx, u);
            unit_sources.entry(u).or_insert(idx);
        }
        let description = match who {
            SpeakerRef::Name { description, .. } | SpeakerRef::Anonymous { description, .. } => {
                description.clone()
            }
            _ => None,
        };
        speakers[i] = (name, Some(idx), description);
    }
    Resolved {
        sources: b.sources,
        speakers,
        unit_sources,
    }
}

impl Builder<'_> {
    /// The full person name a name stands for: "Brekke" → "Håkon Brekke".
    fn full_name(&self, name: &str, unit: usize) -> String {
        if name.contains(' ') {
            return name.to_string();
        }
        let mut best: Option<(&Mention, bool)> = None;
        for m in self
            .mentions
            .iter()
            .filter(|m| m.kind == NameKind::Person && m.base.contains(' '))
        {
            let words: Vec<&str> = m.base.split(' ').collect();
            if words.last() == Some(&name) || words.first() == Some(&name) {
                let before = m.unit <= unit;
                best = match best {
                    None => Some((m, before)),
                    Some((b, b_before)) if before && (!b_before || m.unit >= b.unit) => {
                        Some((m, before))
                    }
                    keep => keep,
                };
            }
        }
        best.map_or_else(|| name.to_string(), |(m, _)| m.base.clone())
    }

    fn cite(&mut self, idx: usize, unit: usize) {
        if let (Some(s), Some(id)) = (self.sources.get_mut(idx), self.unit_ids.get(unit)) {
            if !s.units.contains(id) {
                s.units.push(id.clone());
                s.units
                    .sort_by_key(|u| u.trim_start_matches('u').parse::<usize>().unwrap_or(0));
            }
        }
    }

    fn add(
        &mut self,
        key: Key,
        name: &str,
        kind: SourceKind,
        description: Option<String>,
    ) -> usize {
        if let Some(i) = self.keys.iter().position(|k| *k == key) {
            if self.sources[i].description.is_none() {
                self.sources[i].description = description;
            }
            return i;
        }
        self.keys.push(key);
        self.sources.push(Source {
            id: format!("s{}", self.sources.len() + 1),
            name: name.to_string(),
            description,
            kind,
            units: Vec::new(),
        });
        self.sources.len() - 1
    }

    fn kind_of_name(&self, name: &str) -> SourceKind {
        let lex = Lexicon::get();
        let m = self.mentions.iter().find(|m| m.base == name);
        match m {
            Some(m) if m.media => SourceKind::Media,
            Some(m) => match m.kind {
                NameKind::Person => SourceKind::Person,
                NameKind::Organization | NameKind::Place => SourceKind::Organization,
                NameKind::Media => SourceKind::Media,
                NameKind::Other => {
                    if name
                        .split_whitespace()
                        .last()
                        .and_then(|w| lex.suffix_of(w))
                        .is_some()
                    {
                        SourceKind::Organization
                    } else {
                        SourceKind::Person
                    }
                }
            },
            None => SourceKind::Person,
        }
    }

    fn person(&mut self, name: &str, unit: usize, description: Option<String>) -> usize {
        let full = self.full_name(name, unit);
        let kind = self.kind_of_name(&full);
        let idx = self.add(Key::Name(full.clone()), &full, kind, description);
        if kind == SourceKind::Person {
            self.timeline.push((unit, full));
        }
        idx
    }

    fn anonymous(&mut self, phrase: &str, stem: &str, description: Option<String>) -> usize {
        self.add(
            Key::Anonymous(stem.to_string()),
            phrase,
            SourceKind::Anonymous,
            description,
        )
    }

    /// Resolves a speaker phrase: the speaker's name (`None` when unnamed) and
    /// the source index.
    fn resolve(&mut self, who: &SpeakerRef, unit: usize) -> Option<(Option<String>, usize)> {
        let lex = Lexicon::get();
        match who {
            SpeakerRef::Name { name, description } => {
                let idx = self.person(name, unit, description.clone());
                Some((Some(self.sources[idx].name.clone()), idx))
            }
            SpeakerRef::Pronoun(g) => {
                let found = self
                    .timeline
                    .iter()
                    .rev()
                    .find(|(u, p)| *u <= unit && self.genders.get(p).is_none_or(|known| known == g))
                    .map(|(_, p)| p.clone())?;
                self.genders.entry(found.clone()).or_insert(*g);
                let idx = self.person(&found, unit, None);
                Some((Some(found), idx))
            }
            SpeakerRef::Role { stem, surface } => {
                if let Some(name) = self.person_with_role(stem, unit) {
                    let idx = self.person(&name, unit, None);
                    return Some((Some(name), idx));
                }
                let idx = self.anonymous(surface, stem, None);
                Some((None, idx))
            }
            SpeakerRef::OrgNoun(noun) => {
                let suffix = lex
                    .org_nouns
                    .get(noun)
                    .map(|s| s.to_lowercase())
                    .unwrap_or_default();
                let org = self
                    .nearest(unit, |m| {
                        m.kind != NameKind::Person
                            && !suffix.is_empty()
                            && m.base.to_lowercase().ends_with(&suffix)
                    })
                    .map(|m| m.base.clone());
                let name = org.unwrap_or_else(|| noun.clone());
                let idx = self.add(
                    Key::Name(name.clone()),
                    &name,
                    SourceKind::Organization,
                    None,
                );
                Some((Some(name), idx))
            }
            SpeakerRef::Media(noun) => {
                let medium = self.nearest(unit, |m| m.media).map(|m| m.base.clone());
                let name = medium.unwrap_or_else(|| noun.clone());
                let idx = self.add(Key::Name(name.clone()), &name, SourceKind::Media, None);
                Some((Some(name), idx))
            }
            SpeakerRef::Document { phrase, stem } => {
                let idx = self.add(
                    Key::Document(stem.clone()),
                    phrase,
                    SourceKind::Document,
                    None,
                );
                Some((Some(self.sources[idx].name.clone()), idx))
            }
            SpeakerRef::Anonymous {
                phrase,
                stem,
                description,
                ..
            } => {
                // "New York Times' kilder": the medium is cited too.
                let media: Vec<String> = self
                    .mentions
                    .iter()
                    .filter(|m| {
                        m.media && m.genitive && m.unit == unit && phrase.contains(m.base.as_str())
                    })
                    .map(|m| m.base.clone())
                    .collect();
                let idx = self.anonymous(phrase, stem, description.clone());
                for name in media {
                    let mi = self.add(Key::Name(name.clone()), &name, SourceKind::Media, None);
                    self.cite(mi, unit);
                }
                Some((None, idx))
            }
        }
    }

    /// The person the article gives a role ("talsperson"), nearest before the
    /// unit, else nearest after it.
    fn person_with_role(&self, stem: &str, unit: usize) -> Option<String> {
        let lex = Lexicon::get();
        let m = self.nearest(unit, |m| {
            m.kind == NameKind::Person
                && m.role
                    .as_deref()
                    .and_then(|r| lex.role_stem(r))
                    .is_some_and(|r| r == stem)
        })?;
        Some(self.full_name(&m.base, m.unit))
    }

    /// The mention matching `pred` nearest before `unit` (inclusive), else the
    /// first one after it.
    fn nearest(&self, unit: usize, pred: impl Fn(&Mention) -> bool) -> Option<&Mention> {
        let before = self
            .mentions
            .iter()
            .filter(|m| m.unit <= unit && pred(m))
            .last();
        before.or_else(|| self.mentions.iter().find(|m| m.unit > unit && pred(m)))
    }
}
