//! The analysis word lists: speech verbs, hedges, role nouns, pronouns,
//! organisation suffixes, the gazetteer and the transliteration hints.
//!
//! Input: the data files under `data/`, compiled in with `include_str!`.
//! Output: one [`Lexicon`], parsed once ([`Lexicon::get`]). Every lookup key is
//! lower case unless the file says otherwise (upper-case organisation suffixes
//! such as `AS` match case-sensitively). A unit test checks that every list
//! loads and that the unordered ones are sorted and free of duplicates.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashSet};
use std::sync::LazyLock;

use super::phrases::{PhraseMatch, PhraseScan, PhraseSet};
use super::tokens::{ends_with, lowercase, starts_with, Word};
use crate::rules::data_lines;

/// The raw data files, by name.
pub mod files {
    /// Speech verbs with flags.
    pub const SPEECH_VERBS: &str = include_str!("../../data/speech-verbs.tsv");
    /// Hedges and evidentials.
    pub const HEDGES: &str = include_str!("../../data/hedges.txt");
    /// Phrases naming anonymous sources.
    pub const ANONYMOUS: &str = include_str!("../../data/anonymous-sources.txt");
    /// Role nouns for people.
    pub const ROLE_NOUNS: &str = include_str!("../../data/role-nouns.txt");
    /// Pronouns with gender.
    pub const PRONOUNS: &str = include_str!("../../data/pronouns.tsv");
    /// Definite nouns standing for organisations.
    pub const ORG_NOUNS: &str = include_str!("../../data/org-nouns.tsv");
    /// Nouns standing for a news medium.
    pub const MEDIA_NOUNS: &str = include_str!("../../data/media-nouns.txt");
    /// Nouns for documents.
    pub const DOCUMENT_NOUNS: &str = include_str!("../../data/document-nouns.txt");
    /// Indefinite determiners.
    pub const DETERMINERS: &str = include_str!("../../data/determiners.txt");
    /// Function words with their class.
    pub const GRAMMAR: &str = include_str!("../../data/grammar-words.tsv");
    /// Organisation and place name suffixes.
    pub const ORG_SUFFIXES: &str = include_str!("../../data/org-suffixes.tsv");
    /// Known names.
    pub const GAZETTEER: &str = include_str!("../../data/gazetteer.tsv");
    /// Transliteration hints.
    pub const TRANSLITERATION: &str = include_str!("../../data/transliteration.tsv");
    /// Stop words for ranking.
    pub const STOPWORDS: &str = include_str!("../../data/stopwords.txt");
    /// Word endings by class.
    pub const ENDINGS: &str = include_str!("../../data/endings.tsv");
    /// Verbs reporting decisions.
    pub const DECISION_VERBS: &str = include_str!("../../data/decision-verbs.txt");
    /// Sentence openers citing an unnamed source.
    pub const ANONYMOUS_OPENERS: &str = include_str!("../../data/anonymous-openers.txt");
    /// Measure words that make a number a figure.
    pub const MEASURE_UNITS: &str = include_str!("../../data/measure-units.txt");
    /// Prepositions before place names.
    pub const PLACE_PREPOSITIONS: &str = include_str!("../../data/place-prepositions.txt");
    /// Words that raise or lower a sentence's claim score, by class.
    pub const CLAIM_MARKERS: &str = include_str!("../../data/claim-markers.tsv");
}

/// A speech verb phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeechVerb {
    /// The words of the phrase, lower case.
    pub words: Vec<String>,
    /// Continues an earlier speech ("tilføyer").
    pub continues: bool,
    /// Takes a clause without the complementiser ("mener").
    pub bare_clause: bool,
}

/// The kind of a known name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameKind {
    /// A person.
    Person,
    /// A place.
    Place,
    /// An organisation.
    Organization,
    /// A news medium.
    Media,
    /// Anything else.
    Other,
}

/// A gazetteer entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownName {
    /// The name as written.
    pub name: String,
    /// Its words, lower case.
    pub words: Vec<String>,
    /// What it names.
    pub kind: NameKind,
    /// The English rendering.
    pub rendering: String,
}

/// An organisation or place name suffix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameSuffix {
    /// The suffix as written.
    pub word: String,
    /// What a name ending in it names.
    pub kind: NameKind,
    /// Rendering template; `{}` is the rest of the name.
    pub template: String,
    /// Whether the suffix has capitals ("AS"): then it matches only as a
    /// whole word in its own case, else also as the end of a compound.
    pub cased: bool,
}

/// Classes of function words ([`files::GRAMMAR`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WordClass {
    /// "ifølge".
    According,
    /// "til", "overfor".
    Addressee,
    /// "i", "fra".
    Affiliation,
    /// "at".
    Complement,
    /// "det", "dette".
    Deictic,
    /// "som".
    Relative,
    /// "også".
    Also,
}

/// One transliteration step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Translit {
    /// Replace anywhere.
    Any(String, String),
    /// Replace at the end.
    End(String, String),
    /// Replace at the start.
    Start(String, String),
    /// "j" between a vowel and a consonant.
    VowelJ(String),
}

/// Every word list the analysis uses.
#[derive(Debug)]
pub struct Lexicon {
    /// Speech verbs, longest phrases first.
    pub speech_verbs: Vec<SpeechVerb>,
    /// First word of a speech verb → its indexes in `speech_verbs`, in order.
    pub speech_verb_starts: HashMap<String, Vec<usize>>,
    /// Hedges, by their canonical phrase.
    pub hedges: PhraseSet<()>,
    /// Anonymous-source phrases, as word lists, longest first.
    pub anonymous: Vec<Vec<String>>,
    /// Role nouns.
    pub role_nouns: Vec<String>,
    /// `role_nouns` by last byte, for the compound test ([`Lexicon::is_role_noun`]).
    role_ends: EndIndex,
    /// Pronoun → gender letter.
    pub pronouns: HashMap<String, char>,
    /// Definite organisation noun → name suffix it refers to.
    pub org_nouns: BTreeMap<String, String>,
    /// Media nouns.
    pub media_nouns: HashSet<String>,
    /// Document nouns.
    pub document_nouns: Vec<String>,
    /// Determiners, as word lists, longest first.
    pub determiners: Vec<Vec<String>>,
    /// Function word classes.
    pub grammar: HashMap<String, WordClass>,
    /// Name suffixes.
    pub suffixes: Vec<NameSuffix>,
    /// Gazetteer, longest names first.
    pub gazetteer: Vec<KnownName>,
    /// First word of a gazetteer name → its indexes in `gazetteer`, in order.
    gazetteer_starts: HashMap<String, Vec<usize>>,
    /// Endings that mark a Slavic name.
    pub slavic_markers: Vec<String>,
    /// Transliteration steps in order.
    pub translit: Vec<Translit>,
    /// Stop words.
    pub stopwords: HashSet<String>,
    /// Prepositions before place names.
    pub place_prepositions: HashSet<String>,
    /// Measure words after a figure.
    pub measure_units: Vec<String>,
    /// Sentence openers citing an unnamed source ("etter det DN erfarer").
    pub anonymous_openers: PhraseSet<()>,
    /// Verbs reporting decisions.
    pub decision_verbs: PhraseSet<()>,
    /// Claim markers ([`files::CLAIM_MARKERS`]) with their class.
    pub claim_markers: PhraseSet<String>,
    /// The anchor words of `hedges`, `decision_verbs` and `claim_markers`,
    /// which the claim ranking tries on every sentence: one scan for all three.
    claim_scan: PhraseScan,
    /// Word endings by class ("definite", "person", "plural", "stem",
    /// "common"), each in the order to try.
    pub endings: BTreeMap<String, Vec<String>>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::parse);

fn words_of(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_lowercase).collect()
}

/// First word → the indexes of the word lists that start with it, in order.
fn by_first_word<'a>(lists: impl Iterator<Item = &'a Vec<String>>) -> HashMap<String, Vec<usize>> {
    let mut index: HashMap<String, Vec<usize>> = HashMap::default();
    for (i, words) in lists.enumerate() {
        if let Some(first) = words.first() {
            index.entry(first.clone()).or_default().push(i);
        }
    }
    index
}

fn parse_kind(s: &str) -> NameKind {
    match s {
        "person" => NameKind::Person,
        "place" => NameKind::Place,
        "organization" => NameKind::Organization,
        "media" => NameKind::Media,
        _ => NameKind::Other,
    }
}

impl Lexicon {
    /// The built-in lexicon, parsed once.
    pub fn get() -> &'static Lexicon {
        &LEXICON
    }

    fn parse() -> Lexicon {
        let mut speech_verbs: Vec<SpeechVerb> = data_lines(files::SPEECH_VERBS)
            .map(|(_, l)| {
                let mut cols = l.split('\t');
                let words = words_of(cols.next().unwrap_or_default());
                let flags = cols.next().unwrap_or_default();
                SpeechVerb {
                    words,
                    continues: flags.contains('c'),
                    bare_clause: flags.contains('d'),
                }
            })
            .collect();
        speech_verbs.sort_by_key(|v| std::cmp::Reverse(v.words.len()));
        let speech_verb_starts = by_first_word(speech_verbs.iter().map(|v| &v.words));
        let hedges = PhraseSet::new(
            data_lines(files::HEDGES).map(|(_, l)| (l.to_string(), ())),
            false,
        );
        let mut anonymous: Vec<Vec<String>> = data_lines(files::ANONYMOUS)
            .map(|(_, l)| words_of(l))
            .collect();
        anonymous.sort_by_key(|a| std::cmp::Reverse(a.len()));
        let pairs = |text: &'static str| {
            data_lines(text).filter_map(|(_, l)| {
                let (a, b) = l.split_once('\t')?;
                Some((a.to_string(), b.to_string()))
            })
        };
        let pronouns = pairs(files::PRONOUNS)
            .filter_map(|(p, g)| Some((p, g.chars().next()?)))
            .collect();
        let org_nouns = pairs(files::ORG_NOUNS).collect();
        let grammar = pairs(files::GRAMMAR)
            .filter_map(|(w, c)| {
                let class = match c.as_str() {
                    "according" => WordClass::According,
                    "addressee" => WordClass::Addressee,
                    "affiliation" => WordClass::Affiliation,
                    "complement" => WordClass::Complement,
                    "deictic" => WordClass::Deictic,
                    "relative" => WordClass::Relative,
                    "also" => WordClass::Also,
                    _ => return None,
                };
                Some((w, class))
            })
            .collect();
        let suffixes = data_lines(files::ORG_SUFFIXES)
            .filter_map(|(_, l)| {
                let mut cols = l.split('\t');
                let word = cols.next()?.to_string();
                Some(NameSuffix {
                    cased: word.chars().any(char::is_uppercase),
                    word,
                    kind: parse_kind(cols.next()?),
                    template: cols.next()?.to_string(),
                })
            })
            .collect();
        let mut gazetteer: Vec<KnownName> = data_lines(files::GAZETTEER)
            .filter_map(|(_, l)| {
                let mut cols = l.split('\t');
                let name = cols.next()?.to_string();
                let kind = parse_kind(cols.next()?);
                let rendering = cols.next()?.to_string();
                Some(KnownName {
                    words: words_of(&name),
                    name,
                    kind,
                    rendering,
                })
            })
            .collect();
        gazetteer.sort_by_key(|g| std::cmp::Reverse(g.words.len()));
        let gazetteer_starts = by_first_word(gazetteer.iter().map(|g| &g.words));
        let mut slavic_markers = Vec::new();
        let mut translit = Vec::new();
        for (_, l) in data_lines(files::TRANSLITERATION) {
            let cols: Vec<&str> = l.split('\t').collect();
            match cols.as_slice() {
                ["marker", m] => slavic_markers.push(m.to_string()),
                ["any", a, b] => translit.push(Translit::Any(a.to_string(), b.to_string())),
                ["end", a, b] => translit.push(Translit::End(a.to_string(), b.to_string())),
                ["start", a, b] => translit.push(Translit::Start(a.to_string(), b.to_string())),
                ["vj", _, b] => translit.push(Translit::VowelJ(b.to_string())),
                _ => {}
            }
        }
        let list = |text: &'static str| data_lines(text).map(|(_, l)| l.to_lowercase());
        let mut determiners: Vec<Vec<String>> = data_lines(files::DETERMINERS)
            .map(|(_, l)| words_of(l))
            .collect();
        determiners.sort_by_key(|d| std::cmp::Reverse(d.len()));
        let decision_verbs = PhraseSet::new(
            data_lines(files::DECISION_VERBS).map(|(_, l)| (l.to_string(), ())),
            false,
        );
        let claim_markers = PhraseSet::new(pairs(files::CLAIM_MARKERS), false);
        let role_nouns: Vec<String> = list(files::ROLE_NOUNS).collect();
        Lexicon {
            speech_verbs,
            speech_verb_starts,
            anonymous,
            role_ends: EndIndex::new(&role_nouns),
            role_nouns,
            pronouns,
            org_nouns,
            media_nouns: list(files::MEDIA_NOUNS).collect(),
            document_nouns: list(files::DOCUMENT_NOUNS).collect(),
            determiners,
            grammar,
            suffixes,
            gazetteer,
            gazetteer_starts,
            slavic_markers,
            translit,
            stopwords: list(files::STOPWORDS).collect(),
            place_prepositions: list(files::PLACE_PREPOSITIONS).collect(),
            measure_units: list(files::MEASURE_UNITS).collect(),
            endings: {
                let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
                for (class, ending) in pairs(files::ENDINGS) {
                    m.entry(class).or_default().push(ending);
                }
                m
            },
            anonymous_openers: PhraseSet::new(
                data_lines(files::ANONYMOUS_OPENERS).map(|(_, l)| (l.to_string(), ())),
                true,
            ),
            claim_scan: PhraseScan::new(&[
                hedges.anchor_words(),
                decision_verbs.anchor_words(),
                claim_markers.anchor_words(),
            ]),
            hedges,
            decision_verbs,
            claim_markers,
        }
    }

    /// The speech verbs whose first word is `word`, longest first.
    pub fn speech_verbs_from<'l>(
        &'l self,
        word: &(impl Word + ?Sized),
    ) -> impl Iterator<Item = &'l SpeechVerb> {
        self.speech_verb_starts
            .get(&*word.lower())
            .into_iter()
            .flatten()
            .map(|&i| &self.speech_verbs[i])
    }

    /// The gazetteer entries that may start at `word`: those whose first word
    /// is `word` in lower case, or `word` without a genitive `s`; in list order.
    pub fn gazetteer_from(&self, word: &(impl Word + ?Sized)) -> Vec<&KnownName> {
        let lower = word.lower();
        let mut found: Vec<usize> = Vec::new();
        for key in [Some(&*lower), lower.strip_suffix('s')]
            .into_iter()
            .flatten()
        {
            if let Some(ids) = self.gazetteer_starts.get(key) {
                found.extend_from_slice(ids);
            }
        }
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(|i| &self.gazetteer[i]).collect()
    }

    /// The class of a function word, if it has one.
    pub fn class(&self, word: &(impl Word + ?Sized)) -> Option<WordClass> {
        self.grammar.get(&*word.lower()).copied()
    }

    /// Whether `word` is a role noun or a compound ending in one
    /// ("operasjonsleder"), in its indefinite form.
    pub fn is_role_noun(&self, word: &str) -> bool {
        self.role_ends.any_ends(&self.role_nouns, &lowercase(word))
    }

    /// The role noun a definite form stands for ("talspersonen" →
    /// "talsperson"), if any.
    pub fn definite_role(&self, word: &str) -> Option<String> {
        let w = lowercase(word);
        definite_stems(&w)
            .into_iter()
            .find(|stem| self.role_ends.any_ends(&self.role_nouns, stem))
    }

    /// The role noun a word stands for, whatever its form: "kildene",
    /// "naboen", "korpsleiaren" and "informatikkstudent" give "kilde",
    /// "nabo", "leiar" and "student". The longest matching noun wins.
    pub fn role_stem(&self, word: &str) -> Option<String> {
        let w = lowercase(word);
        let stems = definite_stems(&w);
        self.role_nouns
            .iter()
            .filter(|r| {
                ends_with(&w, r)
                    || (starts_with(&w, r) && w.len() <= r.len() + 3)
                    || stems.iter().any(|s| ends_with(s, r))
            })
            .max_by_key(|r| r.len())
            .cloned()
    }

    /// The document noun a word is or ends in, definite or not.
    pub fn document_stem(&self, word: &str) -> Option<String> {
        let w = lowercase(word);
        std::iter::once(w.to_string())
            .chain(definite_stems(&w))
            .find(|stem| self.document_nouns.iter().any(|d| ends_with(stem, d)))
    }

    /// The suffix entry a name's last word matches, if any.
    pub fn suffix_of(&self, last_word: &(impl Word + ?Sized)) -> Option<&NameSuffix> {
        let lower = last_word.lower();
        let last_word = last_word.text();
        self.suffixes.iter().find(|s| {
            if s.cased {
                s.word == last_word
            } else {
                lower == s.word || (lower.len() > s.word.len() + 2 && ends_with(&lower, &s.word))
            }
        })
    }
}

/// The words of a list grouped by their last byte: whether a word ends in
/// one of them is asked of a handful of entries, not of the whole list.
#[derive(Debug)]
struct EndIndex {
    /// For each last byte, the indexes of the words ending in it.
    by_last: Vec<Vec<usize>>,
}

impl EndIndex {
    fn new(words: &[String]) -> EndIndex {
        let mut by_last = vec![Vec::new(); 256];
        for (i, w) in words.iter().enumerate() {
            if let Some(&b) = w.as_bytes().last() {
                by_last[usize::from(b)].push(i);
            }
        }
        EndIndex { by_last }
    }

    /// Whether `word` ends in one of `words` (the list the index was built
    /// from), as `words.iter().any(|e| ends_with(word, e))` with no empty
    /// entries.
    fn any_ends(&self, words: &[String], word: &str) -> bool {
        word.as_bytes().last().is_some_and(|&b| {
            self.by_last[usize::from(b)]
                .iter()
                .any(|&i| ends_with(word, &words[i]))
        })
    }
}

impl Lexicon {
    /// The classes of the claim markers a text holds ([`files::CLAIM_MARKERS`]).
    pub fn marker_classes(&self, text: &str) -> BTreeSet<&str> {
        self.marker_classes_folded(text, &lowercase(text))
    }

    /// The hedges, decision verbs and claim-marker classes of a text, from
    /// one scan of its lower case: as `hedges.matches_folded`,
    /// `decision_verbs.is_match_folded` and [`Lexicon::marker_classes_folded`].
    pub fn claim_phrases<'s, 't>(
        &'s self,
        text: &'t str,
        lower: &str,
    ) -> (Vec<PhraseMatch<'s, 't, ()>>, bool, BTreeSet<&'s str>) {
        let found = self.claim_scan.scan(lower);
        (
            self.hedges.matches_found(text, &found[0]),
            self.decision_verbs.is_match_found(text, &found[1]),
            self.claim_markers
                .values_in_found(text, &found[2])
                .into_iter()
                .map(String::as_str)
                .collect(),
        )
    }

    /// [`Lexicon::marker_classes`] with the text's lower case at hand.
    pub fn marker_classes_folded(&self, text: &str, lower: &str) -> BTreeSet<&str> {
        self.claim_markers
            .values_in_folded(text, lower)
            .into_iter()
            .map(String::as_str)
            .collect()
    }

    /// The endings of a class ([`files::ENDINGS`]), in the order to try.
    pub fn endings(&self, class: &str) -> &[String] {
        self.endings.get(class).map_or(&[], Vec::as_slice)
    }

    /// Whether a word ends in one of the endings of a class.
    pub fn ends_in(&self, word: &str, class: &str) -> bool {
        self.endings(class).iter().any(|e| ends_with(word, e))
    }
}

/// Candidate indefinite stems of a definite noun form, longest ending first.
pub fn definite_stems(word: &str) -> Vec<String> {
    Lexicon::get()
        .endings("definite")
        .iter()
        .filter_map(|suf| {
            let stem = word.strip_suffix(suf.as_str())?;
            (stem.chars().count() >= 3).then(|| stem.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check_sorted_unique;

    #[test]
    fn the_end_index_finds_what_a_scan_of_the_list_finds() {
        let lex = Lexicon::get();
        let mut words: Vec<String> = lex.role_nouns.clone();
        words.extend(lex.role_nouns.iter().map(|r| format!("prosjekt{r}")));
        words.extend(lex.role_nouns.iter().map(|r| format!("{r}en")));
        words.extend(
            lex.role_nouns
                .iter()
                .map(|r| r.chars().skip(1).collect::<String>()),
        );
        words.extend(["", "e", "sjef", "x", "æ", "leiar", "leder"].map(String::from));
        let mut hits = 0;
        for w in &words {
            let scan = lex.role_nouns.iter().any(|r| ends_with(w, r));
            assert_eq!(lex.role_ends.any_ends(&lex.role_nouns, w), scan, "{w}");
            hits += usize::from(scan);
        }
        assert!(hits >= 2 * lex.role_nouns.len(), "{hits}");
    }

    #[test]
    fn one_scan_finds_what_the_three_claim_sets_find() {
        let lex = Lexicon::get();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
        let mut lines = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            // Some fixtures are in other encodings: their Norwegian letters
            // are lost here, but the lines still test the scan.
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let lower = lowercase(line);
                let (hedges, decision, markers) = lex.claim_phrases(line, &lower);
                fn found(m: &[PhraseMatch<'_, '_, ()>]) -> Vec<(String, std::ops::Range<usize>)> {
                    m.iter()
                        .map(|m| (m.phrase.to_string(), m.found.range()))
                        .collect()
                }
                assert_eq!(
                    found(&hedges),
                    found(&lex.hedges.matches_folded(line, &lower)),
                    "{line}"
                );
                assert_eq!(decision, lex.decision_verbs.is_match_folded(line, &lower));
                assert_eq!(markers, lex.marker_classes_folded(line, &lower));
                lines += 1;
            }
        }
        assert!(lines > 100);
    }

    #[test]
    fn unordered_data_files_are_sorted_and_unique() {
        check_sorted_unique("speech-verbs.tsv", files::SPEECH_VERBS);
        check_sorted_unique("hedges.txt", files::HEDGES);
        check_sorted_unique("anonymous-sources.txt", files::ANONYMOUS);
        check_sorted_unique("role-nouns.txt", files::ROLE_NOUNS);
        check_sorted_unique("pronouns.tsv", files::PRONOUNS);
        check_sorted_unique("org-nouns.tsv", files::ORG_NOUNS);
        check_sorted_unique("media-nouns.txt", files::MEDIA_NOUNS);
        check_sorted_unique("document-nouns.txt", files::DOCUMENT_NOUNS);
        check_sorted_unique("determiners.txt", files::DETERMINERS);
        check_sorted_unique("grammar-words.tsv", files::GRAMMAR);
        check_sorted_unique("org-suffixes.tsv", files::ORG_SUFFIXES);
        check_sorted_unique("gazetteer.tsv", files::GAZETTEER);
        check_sorted_unique("stopwords.txt", files::STOPWORDS);
        check_sorted_unique("place-prepositions.txt", files::PLACE_PREPOSITIONS);
        check_sorted_unique("measure-units.txt", files::MEASURE_UNITS);
        check_sorted_unique("anonymous-openers.txt", files::ANONYMOUS_OPENERS);
        check_sorted_unique("decision-verbs.txt", files::DECISION_VERBS);
        check_sorted_unique("claim-markers.tsv", files::CLAIM_MARKERS);
    }

    #[test]
    fn every_list_loads() {
        let lex = Lexicon::get();
        assert!(lex.speech_verbs.iter().any(|v| v.words == ["sier"]));
        assert!(lex.speech_verbs.iter().any(|v| v.continues));
        assert!(lex.hedges.len() > 10);
        assert!(!lex.anonymous.is_empty());
        assert_eq!(lex.pronouns.get("ho"), Some(&'f'));
        assert!(lex.gazetteer.iter().any(|g| g.kind == NameKind::Media));
        assert!(!lex.slavic_markers.is_empty() && !lex.translit.is_empty());
        assert_eq!(lex.class("ifølge"), Some(WordClass::According));
        // Every line of the tab-separated files has all its columns.
        assert_eq!(lex.suffixes.len(), data_lines(files::ORG_SUFFIXES).count());
        assert_eq!(lex.gazetteer.len(), data_lines(files::GAZETTEER).count());
        assert_eq!(lex.grammar.len(), data_lines(files::GRAMMAR).count());
        for class in ["definite", "person", "plural", "stem", "common"] {
            assert!(!lex.endings(class).is_empty(), "endings.tsv lacks {class}");
        }
        assert_eq!(
            lex.claim_markers.len(),
            data_lines(files::CLAIM_MARKERS).count()
        );
        for class in ["additive", "cause", "conditional", "past"] {
            assert!(
                lex.claim_markers.iter().any(|(_, c)| c == class),
                "claim-markers.tsv lacks {class}"
            );
        }
    }

    #[test]
    fn etter_det_erfarer_hedge_matches_any_medium() {
        let lex = Lexicon::get();
        let found = lex.hedges.matches("Etter det DN erfarer, vil Kim reise.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].phrase, "etter det * erfarer");
    }

    #[test]
    fn definite_role_noun_finds_its_stem() {
        let lex = Lexicon::get();
        assert_eq!(
            lex.definite_role("talspersonen").as_deref(),
            Some("talsperson")
        );
        assert_eq!(lex.definite_role("Naboen").as_deref(), Some("nabo"));
        assert!(lex.is_role_noun("operasjonsleder"));
    }
}
