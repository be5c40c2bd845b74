//! Key claims and their hedges.
//!
//! Input: the units, which of them are running text, the source each quoted
//! unit is attributed to, which units hold indirect or direct speech, and the
//! year the article was published (when known). Output: a score in 0..=1 for
//! every unit (0 for non-prose units) and the [`Claim`]s, best first: the six
//! best sentences, then every other sentence that carries a hedge, so that no
//! hedge the translator must keep is lost.
//!
//! A unit's score is the sum of the weighted features below, halved and
//! clamped to 0..=1. The features look for what editors pick as key claims
//! (the lead, attributed assertions, figures, decisions, causes) and against
//! what they leave out (side points, speculation, history, colour quotes).
//! Marker words come from `data/claim-markers.tsv`, decision verbs from
//! `data/decision-verbs.txt`, measure words from `data/measure-units.txt`.
//!
//! | feature                                                   | weight          |
//! |-----------------------------------------------------------|-----------------|
//! | TextRank centrality over light-stemmed content words (0..=1) | 0.3          |
//! | first prose sentence (the lead) / second one              | 0.6 / 0.1       |
//! | first sentence after a crosshead                          | 0.25            |
//! | opens a paragraph                                         | 0.1             |
//! | early in the article: 1 − position / sentence count       | × 0.2           |
//! | indirect speech / direct speech                           | 0.5 / 0.1       |
//! | follow-up attribution ("legg han til")                    | −0.2            |
//! | pronoun speaker ("Han medgir at …")                       | −0.15           |
//! | figure ("8 prosent", "412 mill. kroner"), each            | 0.25, ≤ 0.5     |
//! | hedge                                                     | 0.2             |
//! | decision verb ("foreslår", "stengjer")                    | 0.25            |
//! | cause ("skyldes", "som hovedårsaker", "pga.")             | 0.3             |
//! | additive side point ("også", "i tillegg")                 | −0.3            |
//! | conditional speculation ("dersom", "hvis")                | −0.2            |
//! | background: past-time words ("i forrige uke", "nylig"), or only years before the publication year | −0.4 |
//! | content word shared with a heading, each                  | 0.2, ≤ 0.4      |
//! | fewer than six words                                      | −1.0            |

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use foldhash::HashMap;
use regex::Regex;

use super::lexicon::Lexicon;
use super::phrases::PhraseMatch;
use super::tokens::{ends_with, lowercase, starts_with, Token};
use crate::model::Claim;

/// How many claims lead the list before the hedged extras.
const TOP: usize = 6;
const W_CENTRAL: f64 = 0.3;
const W_INDIRECT: f64 = 0.5;
const W_DIRECT: f64 = 0.1;
const W_FOLLOW_UP: f64 = 0.2;
const W_PRONOUN: f64 = 0.15;
const W_EARLY: f64 = 0.2;
const W_HEDGE: f64 = 0.2;
const W_FIGURE: f64 = 0.25;
const W_FIGURES_MAX: f64 = 0.5;
const W_DECISION: f64 = 0.25;
const W_CAUSE: f64 = 0.3;
const W_ADDITIVE: f64 = 0.3;
const W_CONDITIONAL: f64 = 0.2;
const W_BACKGROUND: f64 = 0.4;

/// A number with its decimal or thousands parts and any hyphenated suffix
/// ("2021", "118,60", "1800-tallet"); only a bare four-digit one is a year.
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]+(?:[.,][0-9]+)*(?:-\w+)?").expect("valid regex"));

/// Builds the ranking's regex now rather than on first use ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&NUMBER);
}

/// Whether a text names years and all of them lie before the year the
/// article was published: history, seldom the news.
fn past_years_only(text: &str, published_year: Option<i32>) -> bool {
    let Some(now) = published_year else {
        return false;
    };
    let mut years = NUMBER
        .find_iter(text)
        .filter(|m| m.as_str().len() == 4)
        .filter_map(|m| m.as_str().parse::<i32>().ok())
        .filter(|y| (1500..2100).contains(y))
        .peekable();
    years.peek().is_some() && years.all(|y| y < now)
}

/// What the ranking needs to know about one unit.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClaimInput<'a> {
    /// The unit text.
    pub text: &'a str,
    /// Whether the unit is running text (a claim candidate).
    pub prose: bool,
    /// Whether the unit is a heading (its words make sentences more central).
    pub heading: bool,
    /// Whether the unit opens its paragraph.
    pub paragraph_start: bool,
    /// Whether the unit holds reported (indirect) speech.
    pub indirect: bool,
    /// Whether the unit holds direct speech.
    pub direct: bool,
    /// Whether the unit's attribution only adds to an earlier speech
    /// ("legg han til"): a follow-up, seldom a key claim.
    pub follow_up: bool,
    /// Whether a pronoun is the speaker ("Han medgir at …"): an elaboration
    /// of what the speaker said before.
    pub pronoun_speaker: bool,
    /// The text's tokens ([`tokenize`](super::tokens::tokenize)).
    pub tokens: &'a [Token<'a>],
    /// The text in lower case ([`lowercase`]).
    pub lower: &'a str,
}

/// The hedges in a text, each once, in the data file's wording (or the
/// matched words for patterns such as "etter det * erfarer").
pub fn hedges_in(text: &str) -> Vec<String> {
    hedges_in_folded(text, &lowercase(text))
}

/// [`hedges_in`] with the text's lower case at hand.
fn hedges_in_folded(text: &str, lower: &str) -> Vec<String> {
    hedge_words(Lexicon::get().hedges.matches_folded(text, lower))
}

/// Each hedge found once, in the data file's wording (the matched words
/// for a phrase with a `*`).
fn hedge_words(found: Vec<PhraseMatch<'_, '_, ()>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in found {
        let word = if m.phrase.contains('*') {
            m.text()
        } else {
            m.phrase
        };
        if !out.iter().any(|w| w == word) {
            out.push(word.to_string());
        }
    }
    out
}

/// A crude stem of a lower-case word: without the first of `endings` (the
/// commonest inflection endings) that leaves four letters or more.
fn stem<'w>(lower: &'w str, endings: &[String]) -> &'w str {
    for suf in endings {
        if ends_with(lower, suf) {
            let s = &lower[..lower.len() - suf.len()];
            if has_chars(s, 4) {
                return s;
            }
        }
    }
    lower
}

/// Whether `s` has at least `n` chars; most words are decided by their
/// byte length alone (a char takes one to four bytes).
fn has_chars(s: &str, n: usize) -> bool {
    s.len() >= 4 * n || (s.len() >= n && s.chars().count() >= n)
}

/// The stems of a unit's content words, in reading order, repeats kept:
/// words of three or more letters that are not numbers or stop words.
fn content_words<'a>(tokens: &[Token<'a>], lex: &Lexicon) -> Vec<Cow<'a, str>> {
    let endings = lex.endings("stem");
    let mut out = Vec::with_capacity(tokens.len());
    for t in tokens {
        if !has_chars(t.text, 3) || t.text.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let lower = t.lower();
        if lex.stopwords.contains(&*lower) {
            continue;
        }
        out.push(match lower {
            Cow::Borrowed(w) => Cow::Borrowed(stem(w, endings)),
            Cow::Owned(mut w) => {
                // The stem is a prefix: cut the owned word rather than copy it.
                let n = stem(&w, endings).len();
                w.truncate(n);
                Cow::Owned(w)
            }
        });
    }
    out
}

/// The content words of the units, as numbers: overlaps are counted by a
/// merge of two sorted integer lists instead of string comparisons.
struct Bags<'a> {
    /// Each prose unit's word numbers, sorted; `None` for other units.
    bags: Vec<Option<Vec<u32>>>,
    /// The word behind each number.
    words: Vec<Cow<'a, str>>,
}

impl<'a> Bags<'a> {
    fn new(units: &[ClaimInput<'a>], lex: &Lexicon) -> Bags<'a> {
        // Sized for every word up front, so that it is never rehashed.
        let most: usize = units
            .iter()
            .filter(|u| u.prose)
            .map(|u| u.tokens.len())
            .sum();
        let mut numbers: HashMap<Cow<'a, str>, u32> =
            HashMap::with_capacity_and_hasher(most, Default::default());
        let mut words: Vec<Cow<'a, str>> = Vec::new();
        let bags = units
            .iter()
            .map(|u| {
                u.prose.then(|| {
                    let mut bag: Vec<u32> = content_words(u.tokens, lex)
                        .into_iter()
                        .map(|w| {
                            *numbers.entry(w).or_insert_with_key(|w| {
                                words.push(w.clone());
                                words.len() as u32 - 1
                            })
                        })
                        .collect();
                    // Sorted and deduplicated as numbers: cheaper than as strings.
                    bag.sort_unstable();
                    bag.dedup();
                    bag
                })
            })
            .collect();
        Bags { bags, words }
    }
}

/// How many units TextRank looks at; later ones get no centrality, which
/// keeps very long inputs fast (the graph is quadratic).
const MAX_RANKED: usize = 400;

/// TextRank centrality of the candidate sentences, scaled to 0..=1.
///
/// The graph is kept sparse: each unit lists only the units it shares a
/// word with, in index order, so that every sum adds the same terms in the
/// same order as over the full matrix (the skipped terms are zeros).
fn textrank(bags: &[Option<Vec<u32>>]) -> Vec<f64> {
    let n = bags.len().min(MAX_RANKED);
    let edges = edges(&bags[..n]);
    let out_sum: Vec<f64> = edges
        .iter()
        .map(|row| row.iter().fold(0.0, |sum, &(_, w)| sum + w))
        .collect();
    // What one unit passes to a neighbour per unit of rank.
    let shares: Vec<Vec<(usize, f64)>> = edges
        .iter()
        .map(|row| {
            row.iter()
                .filter(|&&(j, _)| out_sum[j] > 0.0)
                .map(|&(j, w)| (j, 0.85 * w / out_sum[j]))
                .collect()
        })
        .collect();
    let mut rank = vec![1.0f64; n];
    let mut next = vec![0.0f64; n];
    for _ in 0..40 {
        for (slot, row) in next.iter_mut().zip(&shares) {
            *slot = row
                .iter()
                .fold(0.15, |sum, &(j, share)| sum + share * rank[j]);
        }
        std::mem::swap(&mut rank, &mut next);
    }
    let max = rank.iter().cloned().fold(0.0f64, f64::max);
    let mut out: Vec<f64> = rank
        .iter()
        .zip(bags)
        .map(|(r, b)| {
            if b.is_some() && max > 0.0 {
                r / max
            } else {
                0.0
            }
        })
        .collect();
    out.resize(bags.len(), 0.0);
    out
}

/// The weighted edges of the TextRank graph: for each unit, the units it
/// shares a word with, in index order, and the weight (shared words over the
/// sum of the logs of the bag sizes).
fn edges(bags: &[Option<Vec<u32>>]) -> Vec<Vec<(usize, f64)>> {
    let n = bags.len();
    let mut edges: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut postings = Postings::new(bags);
    // How many words unit `i` shares with each later unit, counted through
    // the units each of its words is in, not by comparing every pair.
    let mut common = vec![0u32; n];
    for i in 0..n {
        let Some(a) = &bags[i] else { continue };
        for &w in a {
            for &j in postings.after(w) {
                common[j as usize] += 1;
            }
        }
        for j in (i + 1)..n {
            let shared = std::mem::take(&mut common[j]);
            if let (Some(b), true) = (&bags[j], shared > 0) {
                let norm = (a.len() as f64 + 1.0).ln() + (b.len() as f64 + 1.0).ln();
                if norm > 0.0 {
                    let weight = f64::from(shared) / norm;
                    // The weight is symmetric: ln a + ln b == ln b + ln a exactly.
                    edges[i].push((j, weight));
                    edges[j].push((i, weight));
                }
            }
        }
    }
    edges
}

/// For each word number, the units whose bag holds it, in unit order, all in
/// one array; read in unit order, with a cursor per word.
struct Postings {
    /// Where each word's units start in `units` (one more entry than words).
    starts: Vec<u32>,
    units: Vec<u32>,
    /// Per word, the next of its units not yet passed.
    cursor: Vec<u32>,
}

impl Postings {
    fn new(bags: &[Option<Vec<u32>>]) -> Postings {
        let words = bags
            .iter()
            .flatten()
            .flat_map(|b| b.iter().copied())
            .max()
            .map_or(0, |w| w as usize + 1);
        let mut starts = vec![0u32; words + 1];
        for &w in bags.iter().flatten().flatten() {
            starts[w as usize + 1] += 1;
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut units = vec![0u32; starts[words] as usize];
        let mut cursor = starts[..words].to_vec();
        for (u, bag) in bags.iter().enumerate() {
            for &w in bag.iter().flatten() {
                units[cursor[w as usize] as usize] = u as u32;
                cursor[w as usize] += 1;
            }
        }
        cursor.copy_from_slice(&starts[..words]);
        Postings {
            starts,
            units,
            cursor,
        }
    }

    /// The units after the current one that hold word `w`. Called once per
    /// word of each bag, bags in order: the current unit is the word's next.
    fn after(&mut self, w: u32) -> &[u32] {
        let w = w as usize;
        let here = self.cursor[w] as usize + 1;
        self.cursor[w] += 1;
        &self.units[here..self.starts[w + 1] as usize]
    }
}

/// How many figures a text holds: numbers followed by a measure word ("8
/// prosent", "412 mill. kroner").
fn figures(text: &str, tokens: &[Token<'_>], lex: &Lexicon) -> usize {
    let measured = tokens
        .windows(2)
        .filter(|w| {
            w[0].text.chars().all(|c| c.is_ascii_digit())
                && lex
                    .measure_units
                    .iter()
                    .any(|m| starts_with(&w[1].lower(), m))
        })
        .count();
    measured + text.matches('%').count()
}

/// Whether two stems are the same word or one ends a compound of the other.
fn stems_meet(a: &str, b: &str) -> bool {
    // Both ways need the same last byte: most pairs differ there, and are
    // told apart without a comparison of the words.
    if a.as_bytes().last() != b.as_bytes().last() {
        return false;
    }
    a == b || (a.len() >= 5 && b.len() >= 5 && (ends_with(a, b) || ends_with(b, a)))
}

/// What the phrase lists find in one prose unit, from one scan of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitPhrases {
    /// Its hedges ([`hedges_in`]).
    pub hedges: Vec<String>,
    /// Whether it holds a decision verb.
    pub decision: bool,
    /// The classes of its claim markers.
    pub markers: BTreeSet<&'static str>,
}

/// The phrases of every prose unit (nothing for other units), found once
/// for the ranking and the claims.
pub fn unit_phrases(units: &[ClaimInput<'_>]) -> Vec<UnitPhrases> {
    let lex = Lexicon::get();
    units
        .iter()
        .map(|u| {
            if !u.prose {
                return UnitPhrases::default();
            }
            let (hedges, decision, markers) = lex.claim_phrases(u.text, u.lower);
            UnitPhrases {
                hedges: hedge_words(hedges),
                decision,
                markers,
            }
        })
        .collect()
}

/// Scores every unit: 0 for non-prose units, else in 0..=1. `phrases` is
/// [`unit_phrases`] of the units.
pub fn score(
    units: &[ClaimInput<'_>],
    phrases: &[UnitPhrases],
    published_year: Option<i32>,
) -> Vec<f64> {
    let lex = Lexicon::get();
    let Bags { bags, words } = Bags::new(units, lex);
    let mut heading_words: Vec<Cow<'_, str>> = units
        .iter()
        .filter(|u| u.heading)
        .flat_map(|u| content_words(u.tokens, lex))
        .collect();
    heading_words.sort_unstable();
    heading_words.dedup();
    // Whether each word meets a heading word, decided once per word.
    let in_heading: Vec<bool> = words
        .iter()
        .map(|w| heading_words.iter().any(|h| stems_meet(w, h)))
        .collect();
    let central = textrank(&bags);
    let prose_count = units.iter().filter(|u| u.prose).count().max(1) as f64;
    let mut position = 0;
    let mut after_heading = false;
    units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            if u.heading {
                after_heading = true;
            }
            if !u.prose {
                return 0.0;
            }
            let mut s = W_CENTRAL * central[i];
            s += match position {
                0 => 0.6,
                1 => 0.1,
                _ => 0.0,
            };
            if after_heading && position > 0 {
                s += 0.25;
            }
            after_heading = false;
            position += 1;
            if u.paragraph_start {
                s += 0.1;
            }
            if u.indirect {
                s += W_INDIRECT;
            } else if u.direct {
                s += W_DIRECT;
            }
            if u.follow_up {
                s -= W_FOLLOW_UP;
            }
            if u.pronoun_speaker {
                s -= W_PRONOUN;
            }
            s += W_EARLY * (1.0 - position as f64 / prose_count);
            s += (W_FIGURE * figures(u.text, u.tokens, lex) as f64).min(W_FIGURES_MAX);
            let UnitPhrases {
                hedges,
                decision,
                markers,
            } = &phrases[i];
            if !hedges.is_empty() {
                s += W_HEDGE;
            }
            if *decision {
                s += W_DECISION;
            }
            if markers.contains("cause") {
                s += W_CAUSE;
            }
            if markers.contains("additive") {
                s -= W_ADDITIVE;
            }
            if markers.contains("conditional") {
                s -= W_CONDITIONAL;
            }
            if markers.contains("past") || past_years_only(u.text, published_year) {
                s -= W_BACKGROUND;
            }
            if let Some(bag) = &bags[i] {
                let shared = bag.iter().filter(|&&w| in_heading[w as usize]).count();
                s += (0.2 * shared as f64).min(0.4);
            }
            // Fewer than six words: the sixth is never looked for past.
            if u.text.split_whitespace().nth(5).is_none() {
                s -= 1.0;
            }
            (s / 2.0).clamp(0.0, 1.0)
        })
        .collect()
}

/// The claims, best first: the top sentences, then every other hedged one.
/// `phrases` is [`unit_phrases`] of the units.
pub fn claims(
    units: &[ClaimInput<'_>],
    phrases: &[UnitPhrases],
    scores: &[f64],
    unit_ids: &[String],
    unit_sources: &BTreeMap<usize, String>,
) -> Vec<Claim> {
    let mut order: Vec<usize> = (0..units.len()).filter(|&i| units[i].prose).collect();
    // Stable: ties keep reading order.
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut picked: Vec<usize> = order.iter().copied().take(TOP).collect();
    for &i in &order {
        if !picked.contains(&i) && !phrases[i].hedges.is_empty() {
            picked.push(i);
        }
    }
    picked
        .into_iter()
        .filter_map(|i| {
            Some(Claim {
                unit: unit_ids.get(i)?.clone(),
                text: units[i].text.to_string(),
                source: unit_sources.get(&i).cloned(),
                hedges: phrases[i].hedges.clone(),
                score: (scores[i] * 1000.0).round() / 1000.0,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::tokens::tokenize;
    use proptest::prelude::*;

    /// The graph as it was built before the postings: every pair of bags
    /// merged.
    fn edges_pairwise(bags: &[Option<Vec<u32>>]) -> Vec<Vec<(usize, f64)>> {
        fn overlap(a: &[u32], b: &[u32]) -> usize {
            a.iter().filter(|w| b.binary_search(w).is_ok()).count()
        }
        let n = bags.len();
        let mut edges: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for i in 0..n {
            for j in (i + 1)..n {
                if let (Some(a), Some(b)) = (&bags[i], &bags[j]) {
                    let common = overlap(a, b) as f64;
                    let norm = (a.len() as f64 + 1.0).ln() + (b.len() as f64 + 1.0).ln();
                    if common > 0.0 && norm > 0.0 {
                        edges[i].push((j, common / norm));
                        edges[j].push((i, common / norm));
                    }
                }
            }
        }
        edges
    }

    proptest! {
        #[test]
        fn the_graph_from_postings_is_the_pairwise_graph(
            bags in proptest::collection::vec(
                proptest::option::weighted(0.8, proptest::collection::btree_set(0u32..40, 0..12)),
                0..30,
            )
        ) {
            let bags: Vec<Option<Vec<u32>>> = bags
                .into_iter()
                .map(|b| b.map(|set| set.into_iter().collect()))
                .collect();
            let got = edges(&bags);
            let want = edges_pairwise(&bags);
            // Bit for bit: the ranks are summed over these in this order.
            let bits = |e: &Vec<Vec<(usize, f64)>>| -> Vec<Vec<(usize, u64)>> {
                e.iter().map(|r| r.iter().map(|&(j, w)| (j, w.to_bits())).collect()).collect()
            };
            prop_assert_eq!(bits(&got), bits(&want));
        }
    }

    #[test]
    fn only_past_years_make_background() {
        let y = Some(2024);
        assert!(past_years_only("Korpset vart skipa i 1953.", y));
        assert!(past_years_only("Det skjedde i 2020 og 2021.", y));
        assert!(!past_years_only(
            "Broen blir ferdig i 2026, ikke i 2025.",
            y
        ));
        assert!(!past_years_only("Pæler fra 1800-tallet.", y));
        assert!(!past_years_only("Aksjen falt til 118,60 kroner.", y));
        assert!(!past_years_only("Korpset vart skipa i 1953.", None));
    }

    #[test]
    fn markers_shift_the_score() {
        // The score of a second sentence after the same lead, so that only
        // the marker differs.
        let second = |text: &str| {
            let texts = ["Bybrua blir stengd i fire veker frå måndag.", text];
            let tokens: Vec<Vec<Token>> = texts.iter().map(|t| tokenize(t)).collect();
            let lower: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
            let units: Vec<ClaimInput> = texts
                .iter()
                .zip(&tokens)
                .zip(&lower)
                .map(|((t, tokens), lower)| ClaimInput {
                    text: t,
                    prose: true,
                    tokens,
                    lower,
                    ..ClaimInput::default()
                })
                .collect();
            score(&units, &unit_phrases(&units), None)[1]
        };
        let plain = second("Bybrua blir stengd etter funn av rust i kablane.");
        assert!(second("Bybrua blir stengd på grunn av rust i kablane.") > plain);
        assert!(second("Bybrua blir også stengd etter funn av rust i kablane.") < plain);
        assert!(second("Bybrua blir stengd dersom dei finn rust i kablane.") < plain);
        assert!(second("Bybrua vart stengd i forrige uke etter funn av rust.") < plain);
    }

    #[test]
    fn hedges_are_found_at_word_boundaries() {
        assert_eq!(
            hedges_in("Kims plan er angivelig å reise, trolig med tog."),
            ["angivelig", "trolig"]
        );
        assert!(hedges_in("Han er utrolig glad.").is_empty());
    }

    #[test]
    fn mulig_men_ikke_sikkert_is_one_hedge() {
        let h = hedges_in("Det er mulig, men ikke sikkert, at Kim reiser.");
        assert_eq!(h, ["mulig, men ikke sikkert"]);
    }

    #[test]
    fn etter_det_erfarer_keeps_the_medium() {
        assert_eq!(
            hedges_in("Etter det DN erfarer, reiser han."),
            ["Etter det DN erfarer"]
        );
    }

    #[test]
    fn hedged_sentence_outside_the_top_is_still_a_claim() {
        let texts = [
            "Ferjene står etter et motorhavari i Lavik tysdag kveld.",
            "Fylket sier at ferjene står lenge.",
            "Fylket sier at reservedelene kommer fra Tyskland.",
            "Fylket sier at leigeferja kommer i mars.",
            "Fylket sier at pendlarane får kompensasjon.",
            "Fylket sier at snøggbåten går frå torsdag.",
            "Fylket sier at ruteplanen blir ny.",
            "Feilen skal ha oppstått under ein test.",
        ];
        let tokens: Vec<Vec<Token>> = texts.iter().map(|t| tokenize(t)).collect();
        let lower: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
        let units: Vec<ClaimInput> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| ClaimInput {
                text: t,
                prose: true,
                indirect: (1..7).contains(&i),
                tokens: &tokens[i],
                lower: &lower[i],
                ..ClaimInput::default()
            })
            .collect();
        let ids: Vec<String> = (1..=texts.len()).map(|i| format!("u{i}")).collect();
        let h = unit_phrases(&units);
        let s = score(&units, &h, None);
        let c = claims(&units, &h, &s, &ids, &BTreeMap::new());
        let hedged = c
            .iter()
            .find(|c| c.unit == "u8")
            .expect("hedged claim listed");
        assert_eq!(hedged.hedges, ["skal ha"]);
    }
}
