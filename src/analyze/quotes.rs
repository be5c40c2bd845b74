//! Quotes and attributions: who said what, before anyone is resolved.
//!
//! Input: the units (text, paragraph, block role) and their name
//! [`Mention`]s. Output: [`RawQuote`]s whose speakers are still phrases
//! ([`SpeakerRef`]: a name, a pronoun, "talspersonen", "ikke navngitte
//! kilder", …), plus [`Citation`]s of sources that are cited without a quote
//! of their own ("ifølge en nabo"). The sources pass resolves the phrases.
//!
//! Direct speech is a paragraph opened by a dash or a quote mark, or words in
//! guillemets that a speech verb introduces. Its text excludes the marks and
//! the attribution clause; a quote split by its attribution ("– A, sier X.
//! – B.") is one quote. Indirect speech is "X sier at …", "ifølge X …",
//! "…, opplyser X." and "… . Det opplyser X.". Every unit index in the output
//! is an index into the units given.

use super::lexicon::{Lexicon, SpeechVerb, WordClass};
use super::names::Mention;
use super::tokens::{between, is_quote_opener, Token};
use crate::model::QuoteKind;

/// A speaker as the text names it, before resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeakerRef {
    /// A proper name (the mention's base form) with the role words around it.
    Name {
        /// The name.
        name: String,
        /// The role or affiliation the text gives ("operasjonsleder").
        description: Option<String>,
    },
    /// "han", "ho", "hun": the gender letter.
    Pronoun(char),
    /// A definite role noun ("talspersonen").
    Role {
        /// The role stem ("talsperson").
        stem: String,
        /// The word as written, lower case.
        surface: String,
    },
    /// A definite noun for an organisation ("politiet"), lower case.
    OrgNoun(String),
    /// An unnamed source ("ikke navngitte kilder", "en nabo").
    Anonymous {
        /// The phrase used.
        phrase: String,
        /// The head noun's role stem, to merge "en nabo" with "naboen".
        stem: String,
        /// What follows the phrase ("for president Joe Bidens …").
        description: Option<String>,
        /// Whether a name later in the same speech may bind it.
        bindable: bool,
    },
    /// A noun for a news medium ("avisen").
    Media(String),
    /// A document ("et notat", "rapporten").
    Document {
        /// The phrase used.
        phrase: String,
        /// The document noun, to merge "et notat" with "notatet".
        stem: String,
    },
}

/// A quote whose speaker is not resolved yet.
#[derive(Debug, Clone, PartialEq)]
pub struct RawQuote {
    /// Indices of the units the quote spans.
    pub units: Vec<usize>,
    /// Direct or indirect.
    pub kind: QuoteKind,
    /// The quoted words.
    pub text: String,
    /// The speaker phrase, `None` when there is no attribution at all.
    pub speaker: Option<SpeakerRef>,
    /// The unit that holds the attribution.
    pub cited_in: usize,
    /// Whether the attribution verb continues an earlier speech.
    pub continues: bool,
}

/// A source cited without a quote of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The unit.
    pub unit: usize,
    /// Who is cited.
    pub speaker: SpeakerRef,
}

/// What the quote pass finds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// Quotes in article order.
    pub quotes: Vec<RawQuote>,
    /// Other citations.
    pub citations: Vec<Citation>,
}

/// One unit as the quote pass sees it.
#[derive(Debug, Clone, Copy)]
pub struct UnitView<'a> {
    /// The unit text.
    pub text: &'a str,
    /// Its paragraph.
    pub paragraph: usize,
    /// Whether it is running text (not a heading, list item or table row).
    pub prose: bool,
    /// The text's tokens ([`tokenize`](super::tokens::tokenize)).
    pub tokens: &'a [Token<'a>],
    /// The text in lower case ([`lowercase`](super::tokens::lowercase)).
    pub lower: &'a str,
}

struct Sentence<'a> {
    index: usize,
    text: &'a str,
    tokens: &'a [Token<'a>],
    lower: &'a str,
    mentions: Vec<&'a Mention>,
}

/// Finds the quotes and citations of an article.
pub fn find<'a>(units: &[UnitView<'a>], mentions: &'a [Mention]) -> Found {
    let lex = Lexicon::get();
    let mut found = Found::default();
    let mut i = 0;
    let mut prev_direct: Option<(usize, Option<SpeakerRef>)> = None;
    while i < units.len() {
        if !units[i].prose {
            i += 1;
            continue;
        }
        let para = units[i].paragraph;
        let mut j = i;
        while j < units.len() && units[j].prose && units[j].paragraph == para {
            j += 1;
        }
        let sentences: Vec<Sentence<'_>> = (i..j)
            .map(|k| Sentence {
                index: k,
                text: units[k].text,
                tokens: units[k].tokens,
                lower: units[k].lower,
                mentions: mentions.iter().filter(|m| m.unit == k).collect(),
            })
            .collect();
        if opens_direct_speech(units[i].text) {
            let inherited = prev_direct
                .as_ref()
                .filter(|(p, _)| para > 0 && *p + 1 >= para)
                .and_then(|(_, s)| s.clone());
            if let Some(q) = direct_paragraph(&sentences, inherited, lex, &mut found.citations) {
                prev_direct = Some((para, q.speaker.clone()));
                found.quotes.push(q);
            }
        } else {
            prev_direct = None;
            for (k, s) in sentences.iter().enumerate() {
                let before = k.checked_sub(1).map(|p| &sentences[p]);
                indirect_sentence(s, before, lex, &mut found);
            }
        }
        i = j;
    }
    bind_descriptions(&mut found.quotes);
    found
}

/// A description left unnamed by one quote ("sier en talsperson for …") is
/// bound to the named speaker of the next quote when that one continues the
/// speech ("tilføyer Adrienne Watson").
fn bind_descriptions(quotes: &mut [RawQuote]) {
    for k in 1..quotes.len() {
        let (head, tail) = quotes.split_at_mut(k);
        let (prev, next) = (&mut head[k - 1], &tail[0]);
        if !next.continues || next.kind != QuoteKind::Direct || prev.kind != QuoteKind::Direct {
            continue;
        }
        let Some(SpeakerRef::Name { name, .. }) = &next.speaker else {
            continue;
        };
        if let Some(SpeakerRef::Anonymous {
            phrase,
            description,
            bindable: true,
            ..
        }) = &prev.speaker
        {
            let full = match description {
                Some(d) => format!("{phrase} {d}"),
                None => phrase.clone(),
            };
            prev.speaker = Some(SpeakerRef::Name {
                name: name.clone(),
                description: Some(full),
            });
        }
    }
}

/// Whether a unit opens a direct-speech paragraph (a dash or quote mark).
pub fn opens_direct_speech(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some('-') => chars.next().is_some_and(char::is_whitespace),
        Some(c) => is_quote_opener(c),
        None => false,
    }
}

/// A quote part without its opening dash or mark and its closing mark or
/// comma; a full stop stays ([`finish`] drops the last one).
fn strip_quote_text(s: &str) -> String {
    s.trim()
        .trim_start_matches(|c: char| is_quote_opener(c) || c.is_whitespace())
        .trim_end_matches(|c: char| {
            matches!(c, ',' | '«' | '»' | '"' | '”' | '“' | ':') || c.is_whitespace()
        })
        .trim()
        .to_string()
}

/// The final quote text: without a closing full stop ("?" and "!" stay).
fn finish(s: &str) -> String {
    s.trim_end_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string()
}

/// A speech verb starting at token `i`: the verb, the index after it, and
/// the particle still expected after the speaker ("legger Moe til").
fn verb_at<'l>(
    tokens: &[Token<'_>],
    i: usize,
    lex: &'l Lexicon,
) -> Option<(&'l SpeechVerb, usize, Option<&'l str>)> {
    let first = tokens.get(i)?;
    for v in lex.speech_verbs_from(first) {
        let n = v.words.len();
        if i + n <= tokens.len() && (1..n).all(|k| tokens[i + k].is(&v.words[k])) {
            return Some((v, i + n, None));
        }
    }
    lex.speech_verbs_from(first)
        .find(|v| v.words.len() == 2)
        .map(|v| (v, i + 1, Some(v.words[1].as_str())))
}

/// Whether the gap before token `i` is a clause break (",", "?", "!", "…",
/// possibly with a closing quote mark) — the place for "…, sier X".
fn comma_before(s: &Sentence<'_>, i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let gap = between(s.text, s.tokens[i - 1].end, s.tokens[i].start)
        .trim()
        .trim_end_matches(['«', '»', '"', '”', '“']);
    gap.ends_with([',', '?', '!', '…'])
}

/// Parses the speaker phrase starting at token `i`; returns it and the index
/// of the first token after it.
fn parse_speaker(s: &Sentence<'_>, i: usize, lex: &Lexicon) -> Option<(SpeakerRef, usize)> {
    let t = s.tokens.get(i)?;
    let lower = t.lower().into_owned();
    if let Some(&g) = lex.pronouns.get(&lower) {
        return Some((SpeakerRef::Pronoun(g), i + 1));
    }
    // Phrases that are anonymous by themselves.
    for phrase in &lex.anonymous {
        let n = phrase.len();
        if i + n <= s.tokens.len() && (0..n).all(|k| s.tokens[i + k].is(&phrase[k])) {
            let words = between(s.text, t.start, s.tokens[i + n - 1].end).to_string();
            let stem = lex
                .role_stem(&phrase[n - 1])
                .unwrap_or_else(|| phrase[n - 1].clone());
            return Some((
                SpeakerRef::Anonymous {
                    phrase: words,
                    stem,
                    description: None,
                    bindable: false,
                },
                i + n,
            ));
        }
    }
    // "en nabo", "en annen analytiker", "et notat".
    for det in &lex.determiners {
        let n = det.len();
        if i + n < s.tokens.len() && (0..n).all(|k| s.tokens[i + k].is(&det[k])) {
            let head_at = i + n;
            for h in head_at..(head_at + 2).min(s.tokens.len()) {
                let head = &s.tokens[h];
                if head.is_capitalised() {
                    break;
                }
                if let Some(stem) = lex.document_stem(head.text) {
                    // "en pressemelding fra Nav".
                    let mut end = h;
                    if s.tokens
                        .get(h + 1)
                        .is_some_and(|a| lex.class(a) == Some(WordClass::Affiliation))
                    {
                        if let Some(org) = s.mentions.iter().find(|m| m.first_token == h + 2) {
                            end = org.last_token;
                        }
                    }
                    let phrase = between(s.text, t.start, s.tokens[end].end).to_string();
                    return Some((
                        SpeakerRef::Document {
                            phrase: lowercase_first(&phrase),
                            stem,
                        },
                        end + 1,
                    ));
                }
                if lex.is_role_noun(head.text) {
                    let phrase = between(s.text, t.start, head.end).to_string();
                    let stem = lex
                        .role_stem(head.text)
                        .unwrap_or_else(|| head.lower().into_owned());
                    let (description, next) = trailing_description(s, h + 1, lex);
                    return Some((
                        SpeakerRef::Anonymous {
                            phrase: lowercase_first(&phrase),
                            stem,
                            description,
                            bindable: true,
                        },
                        next,
                    ));
                }
            }
            return None;
        }
    }
    if lex.media_nouns.contains(&lower) {
        return Some((SpeakerRef::Media(lower), i + 1));
    }
    if let Some(stem) = lex
        .document_stem(&lower)
        .filter(|_| !t.is_capitalised() || i == 0)
    {
        if lower != stem {
            return Some((
                SpeakerRef::Document {
                    phrase: lower.clone(),
                    stem,
                },
                i + 1,
            ));
        }
    }
    if lex.org_nouns.contains_key(&lower) {
        return Some((SpeakerRef::OrgNoun(lower), i + 1));
    }
    let mention_here = s.mentions.iter().find(|m| m.first_token == i);
    if mention_here.is_none() {
        if let Some(stem) = lex
            .definite_role(&lower)
            .and_then(|_| lex.role_stem(&lower))
        {
            let next_is_name = s.mentions.iter().any(|m| m.first_token == i + 1);
            if !next_is_name {
                return Some((
                    SpeakerRef::Role {
                        stem,
                        surface: lower,
                    },
                    i + 1,
                ));
            }
        }
        // Any other singular definite noun of the common gender closing an
        // attribution ("…, seier forelderen."): a person by role the word
        // lists do not know. Plural and neuter forms ("…, viser tallene")
        // are mostly things, so they are left out.
        let closes = s
            .tokens
            .get(i + 1)
            .is_none_or(|n| lex.class(n) == Some(WordClass::Addressee));
        let plain = !t.is_capitalised()
            && lex.class(lower.as_str()).is_none()
            && !lex.stopwords.contains(&lower)
            && !lex.speech_verbs.iter().any(|v| v.words[0] == lower)
            && lex.ends_in(&lower, "person")
            && !lex.ends_in(&lower, "plural");
        if closes && plain && i > 0 {
            if let Some(stem) = super::lexicon::definite_stems(&lower).into_iter().next() {
                return Some((
                    SpeakerRef::Role {
                        stem,
                        surface: lower,
                    },
                    i + 1,
                ));
            }
        }
    }
    // A name, possibly after role words ("operasjonsleder Tor Inge Myhre",
    // "Putins talsmann Dmitrij Peskov", "kommunalsjef for kultur Geir Ove Bøyum").
    let mut k = i;
    let mut saw_role = false;
    while k < s.tokens.len() && k < i + 5 {
        if let Some(m) = s.mentions.iter().find(|m| m.first_token == k) {
            let followed_by_role = s
                .tokens
                .get(m.last_token + 1)
                .is_some_and(|n| !n.is_capitalised() && lex.is_role_noun(n.text));
            // "New York Times' kilder": the medium's unnamed sources.
            if m.genitive && !followed_by_role {
                if let Some(n) = s
                    .tokens
                    .get(m.last_token + 1)
                    .filter(|n| !n.is_capitalised())
                {
                    let name_follows = s.mentions.iter().any(|o| o.first_token == m.last_token + 2);
                    if let (Some(stem), false) = (lex.role_stem(n.text), name_follows) {
                        return Some((
                            SpeakerRef::Anonymous {
                                phrase: between(s.text, m.start, n.end).to_string(),
                                stem,
                                description: None,
                                bindable: false,
                            },
                            m.last_token + 2,
                        ));
                    }
                }
            }
            if m.genitive && followed_by_role {
                saw_role = true;
                k = m.last_token + 1;
                continue;
            }
            let role_words = between(s.text, t.start, m.start).trim();
            let mut description = (!role_words.is_empty()).then(|| role_words.to_string());
            let mut next = m.last_token + 1;
            // Skip "(34)" or "(Sp)" right after the name.
            if between(
                s.text,
                s.tokens[m.last_token].end,
                s.tokens.get(next).map_or(0, |n| n.start),
            )
            .trim()
                == "("
            {
                while next < s.tokens.len()
                    && !between(s.text, s.tokens[next - 1].end, s.tokens[next].start).contains(')')
                {
                    next += 1;
                }
            }
            // "… i Øst politidistrikt" joins the description.
            if let Some(a) = s.tokens.get(next) {
                if lex.class(a) == Some(WordClass::Affiliation) {
                    if let Some(org) = s.mentions.iter().find(|o| o.first_token == next + 1) {
                        let aff = between(s.text, a.start, org.end);
                        description = Some(match description {
                            Some(d) => format!("{d} {aff}"),
                            None => aff.to_string(),
                        });
                        next = org.last_token + 1;
                    }
                }
            }
            return Some((
                SpeakerRef::Name {
                    name: m.base.clone(),
                    description,
                },
                next,
            ));
        }
        let tk = &s.tokens[k];
        let role = lex.is_role_noun(tk.text);
        saw_role |= role;
        // Up to two lower-case title words before a name ("sier rektor
        // Ingrid Dale"), known as role nouns or not.
        let title_word = k < i + 2 && !tk.is_capitalised() && lex.class(tk).is_none();
        let allowed = role
            || title_word
            || (saw_role && !tk.is_capitalised())
            || (k == i
                && tk.is_capitalised()
                && s.tokens
                    .get(k + 1)
                    .is_some_and(|n| lex.is_role_noun(n.text)));
        if !allowed {
            return None;
        }
        k += 1;
    }
    None
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "for president Joe Bidens nasjonale sikkerhetsråd" after an unnamed role
/// noun, up to the end of the clause.
fn trailing_description(s: &Sentence<'_>, i: usize, lex: &Lexicon) -> (Option<String>, usize) {
    let Some(first) = s.tokens.get(i) else {
        return (None, i);
    };
    if lex.class(first) != Some(WordClass::Affiliation) {
        return (None, i);
    }
    // Up to the end of the clause or the speech verb ("en talsperson for
    // departementet sier …").
    let mut end = i;
    while end + 1 < s.tokens.len() {
        let gap = between(s.text, s.tokens[end].end, s.tokens[end + 1].start);
        if gap.trim().is_empty() && verb_at(s.tokens, end + 1, lex).is_none() {
            end += 1;
        } else {
            break;
        }
    }
    let text = between(s.text, first.start, s.tokens[end].end).to_string();
    (Some(text), end + 1)
}

/// After a speaker: skip "til NRK", and the particle of a split verb.
fn after_speaker(s: &Sentence<'_>, mut next: usize, particle: Option<&str>) -> Option<usize> {
    if let Some(p) = particle {
        if s.tokens.get(next).is_some_and(|t| t.is(p)) {
            next += 1;
        } else {
            return None;
        }
    }
    Some(next)
}

fn direct_paragraph(
    sentences: &[Sentence<'_>],
    inherited: Option<SpeakerRef>,
    lex: &Lexicon,
    citations: &mut Vec<Citation>,
) -> Option<RawQuote> {
    let mut parts = Vec::new();
    let mut units = Vec::new();
    let mut speaker = None;
    let mut attributed = false;
    let mut cited_in = sentences.first()?.index;
    let mut continues = false;
    for s in sentences {
        if attributed {
            if opens_direct_speech(s.text) {
                parts.push(strip_quote_text(s.text));
                units.push(s.index);
                continue;
            }
            break;
        }
        let mut hit = None;
        for v in 1..s.tokens.len() {
            if !comma_before(s, v) {
                continue;
            }
            let Some((verb, after, particle)) = verb_at(s.tokens, v, lex) else {
                continue;
            };
            if let Some((who, next)) = parse_speaker(s, after, lex) {
                if after_speaker(s, next, particle).is_some() {
                    hit = Some((v, verb.continues, who, next));
                    break;
                }
            }
        }
        units.push(s.index);
        match hit {
            Some((v, cont, who, next)) => {
                let gap = between(s.text, s.tokens[v - 1].end, s.tokens[v].start);
                let mut piece = between(s.text, 0, s.tokens[v - 1].end).to_string();
                piece.extend(gap.chars().filter(|c| matches!(c, '?' | '!' | '…')));
                parts.push(strip_quote_text(&piece));
                speaker = Some(who);
                continues = cont;
                attributed = true;
                cited_in = s.index;
                cite_according(s, next, lex, citations);
                cite_addressee(s, next, lex, citations);
                // "– A, sier X. – B." inside one unit.
                if let Some(rest) = s
                    .text
                    .get(s.tokens.get(next).map_or(s.text.len(), |t| t.start)..)
                {
                    if let Some(pos) = rest.find(". – ") {
                        parts.push(strip_quote_text(&rest[pos + 1..]));
                    }
                }
            }
            None => parts.push(strip_quote_text(s.text)),
        }
    }
    let text = finish(
        &parts
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    );
    if text.is_empty() {
        return None;
    }
    if !attributed {
        speaker = inherited;
    }
    Some(RawQuote {
        units,
        kind: QuoteKind::Direct,
        text,
        speaker,
        cited_in,
        continues,
    })
}

/// "… til avisen": the medium the speaker talked to, when the text names it
/// by a noun (a paper never calls itself "avisen"; "til NRK" is the
/// publisher's own interview and no source).
fn cite_addressee(s: &Sentence<'_>, from: usize, lex: &Lexicon, citations: &mut Vec<Citation>) {
    let (Some(a), Some(n)) = (s.tokens.get(from), s.tokens.get(from + 1)) else {
        return;
    };
    if lex.class(a) == Some(WordClass::Addressee) && lex.media_nouns.contains(&*n.lower()) {
        citations.push(Citation {
            unit: s.index,
            speaker: SpeakerRef::Media(n.lower().into_owned()),
        });
    }
}

/// "ifølge en nabo" in an attribution's tail: a citation of its own.
fn cite_according(s: &Sentence<'_>, from: usize, lex: &Lexicon, citations: &mut Vec<Citation>) {
    for k in from..s.tokens.len() {
        if lex.class(s.tokens[k].text) == Some(WordClass::According) {
            if let Some((who, _)) = parse_speaker(s, k + 1, lex) {
                citations.push(Citation {
                    unit: s.index,
                    speaker: who,
                });
            }
        }
    }
}

fn sentence_body(s: &Sentence<'_>, from_token: usize, to_offset: usize) -> String {
    let start = s.tokens.get(from_token).map_or(s.text.len(), |t| t.start);
    finish(&strip_quote_text(between(s.text, start, to_offset)))
}

fn indirect(
    s: &Sentence<'_>,
    text: String,
    speaker: SpeakerRef,
    continues: bool,
) -> Option<RawQuote> {
    text.split_whitespace().nth(1).is_some().then(|| RawQuote {
        units: vec![s.index],
        kind: QuoteKind::Indirect,
        text,
        speaker: Some(speaker),
        cited_in: s.index,
        continues,
    })
}

fn indirect_sentence(
    s: &Sentence<'_>,
    before: Option<&Sentence<'_>>,
    lex: &Lexicon,
    found: &mut Found,
) {
    let toks = &s.tokens;
    if toks.is_empty() {
        return;
    }
    // "Etter det DN erfarer, vil …": an unnamed source.
    for m in lex.anonymous_openers.matches_folded(s.text, s.lower) {
        let phrase = m.found;
        let rest = s.text.get(phrase.end()..).unwrap_or_default();
        if rest.starts_with(',') {
            let text = finish(&strip_quote_text(rest.trim_start_matches([',', ' '])));
            let words = lowercase_first(phrase.as_str());
            let who = SpeakerRef::Anonymous {
                stem: words.to_lowercase(),
                phrase: words,
                description: None,
                bindable: false,
            };
            if let Some(q) = indirect(s, text, who, false) {
                found.quotes.push(q);
                return;
            }
        }
    }
    // "Ifølge X kan …".
    if lex.class(&toks[0]) == Some(WordClass::According) {
        if let Some((who, next)) = parse_speaker(s, 1, lex) {
            if let Some(q) = indirect(s, sentence_body(s, next, s.text.len()), who, false) {
                found.quotes.push(q);
                return;
            }
        }
    }
    // "Det opplyser Aarhus kommune." after the sentence it attributes.
    if toks.len() >= 3 && lex.class(&toks[0]) == Some(WordClass::Deictic) {
        if let Some((verb, after, particle)) = verb_at(toks, 1, lex) {
            if let Some((who, next)) = parse_speaker(s, after, lex) {
                let rest_ok = after_speaker(s, next, particle).is_some_and(|n| {
                    n >= toks.len() || lex.class(&toks[n]) == Some(WordClass::Addressee)
                });
                if rest_ok {
                    if let Some(prev) = before {
                        let already = found.quotes.iter().any(|q| q.units.contains(&prev.index));
                        if !already {
                            if let Some(mut q) = indirect(
                                prev,
                                finish(&strip_quote_text(prev.text)),
                                who,
                                verb.continues,
                            ) {
                                q.cited_in = s.index;
                                q.units.push(s.index);
                                found.quotes.push(q);
                            }
                        }
                    }
                    return;
                }
            }
        }
    }
    // "…, opplyser X." and "…, ifølge X[, som også sier …]".
    for v in 1..toks.len() {
        if !comma_before(s, v) {
            continue;
        }
        let according = lex.class(&toks[v]) == Some(WordClass::According);
        let (after, particle, cont) = if according {
            (v + 1, None, false)
        } else if let Some((verb, after, particle)) = verb_at(toks, v, lex) {
            (after, particle, verb.continues)
        } else {
            continue;
        };
        let Some((who, next)) = parse_speaker(s, after, lex) else {
            continue;
        };
        let Some(next) = after_speaker(s, next, particle) else {
            continue;
        };
        cite_addressee(s, next, lex, &mut found.citations);
        if let Some(q) = indirect(s, sentence_body(s, 0, toks[v - 1].end), who.clone(), cont) {
            found.quotes.push(q);
        }
        // "…, som også sier det er mulig …": the same source says more.
        let mut k = next;
        if toks
            .get(k)
            .is_some_and(|t| lex.class(t) == Some(WordClass::Relative))
        {
            k += 1;
            while toks
                .get(k)
                .is_some_and(|t| lex.class(t) == Some(WordClass::Also))
            {
                k += 1;
            }
            if let Some((verb, after2, None)) = verb_at(toks, k, lex) {
                let mut from = after2;
                if toks
                    .get(from)
                    .is_some_and(|t| lex.class(t) == Some(WordClass::Complement))
                {
                    from += 1;
                }
                if let Some(q) =
                    indirect(s, sentence_body(s, from, s.text.len()), who, verb.continues)
                {
                    found.quotes.push(q);
                }
            }
        }
        return;
    }
    // "X sier (til NRK) at …", "X mener …".
    for v in 0..toks.len() {
        let Some((verb, after, None)) = verb_at(toks, v, lex) else {
            continue;
        };
        let Some(who) = subject_before(s, v, lex) else {
            continue;
        };
        // Guillemets the verb introduces: "kaller forsinkelsen «dybt utilfredsstillende»".
        if let Some(q) = guillemet_quote(s, after, who.clone(), lex) {
            found.quotes.push(q);
            return;
        }
        let mut k = after;
        let mut saw_at = false;
        let mut skipped = 0;
        while k < toks.len() && skipped <= 3 {
            let class = lex.class(&toks[k]);
            if class == Some(WordClass::Complement) {
                saw_at = true;
                k += 1;
                break;
            }
            if class == Some(WordClass::Addressee) {
                // "til NRK", "overfor Aftenposten".
                k += 2;
                continue;
            }
            if comma_before(s, k) {
                break;
            }
            skipped += 1;
            k += 1;
        }
        let from = if saw_at {
            k
        } else if verb.bare_clause && !comma_before(s, v) {
            let mut f = after;
            if toks
                .get(f)
                .is_some_and(|t| lex.class(t) == Some(WordClass::Addressee))
            {
                f += 2;
            }
            f
        } else {
            // "Kommunen anbefaler følgende:": cited, with nothing to quote.
            found.citations.push(Citation {
                unit: s.index,
                speaker: who,
            });
            return;
        };
        if let Some(q) = indirect(s, sentence_body(s, from, s.text.len()), who, verb.continues) {
            found.quotes.push(q);
        }
        return;
    }
}

/// The subject of the speech verb at token `v`: the phrase that opens the
/// sentence, or the one right before the verb ("og korpsleiaren seier").
fn subject_before(s: &Sentence<'_>, v: usize, lex: &Lexicon) -> Option<SpeakerRef> {
    if v == 0 {
        return None;
    }
    if let Some((who, next)) = parse_speaker(s, 0, lex) {
        if next <= v {
            return Some(who);
        }
    }
    for start in (v.saturating_sub(4)..v).rev() {
        if let Some((who, next)) = parse_speaker(s, start, lex) {
            if next == v {
                return Some(who);
            }
        }
    }
    None
}

/// A «…» (or »…«, "…") quote of two words or more after the verb, with no
/// complementiser before it.
fn guillemet_quote(
    s: &Sentence<'_>,
    after: usize,
    who: SpeakerRef,
    lex: &Lexicon,
) -> Option<RawQuote> {
    let from = s.tokens.get(after)?.start;
    let rest = s.text.get(from..)?;
    let (open, close) = rest.char_indices().find_map(|(p, c)| match c {
        '«' => Some((p, '»')),
        '»' => Some((p, '«')),
        '“' => Some((p, '”')),
        '"' => Some((p, '"')),
        _ => None,
    })?;
    let before = &rest[..open];
    if before
        .split_whitespace()
        .any(|w| lex.class(w) == Some(WordClass::Complement))
    {
        return None;
    }
    let inner_start = open + rest[open..].chars().next()?.len_utf8();
    let inner_len = rest[inner_start..].find(close)?;
    let inner = rest[inner_start..inner_start + inner_len].trim();
    // At least two words.
    inner.split_whitespace().nth(1)?;
    Some(RawQuote {
        units: vec![s.index],
        kind: QuoteKind::Direct,
        text: inner.to_string(),
        speaker: Some(who),
        cited_in: s.index,
        continues: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::names;
    use crate::analyze::tokens::tokenize;

    fn run(paragraphs: &[&[&str]]) -> Found {
        let texts: Vec<&str> = paragraphs.iter().flat_map(|p| p.iter().copied()).collect();
        let tokens: Vec<Vec<Token>> = texts.iter().map(|t| tokenize(t)).collect();
        let lower: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
        let mut units = Vec::new();
        let mut k = 0;
        for (p, sents) in paragraphs.iter().enumerate() {
            for s in sents.iter() {
                units.push(UnitView {
                    text: s,
                    paragraph: p,
                    prose: true,
                    tokens: &tokens[k],
                    lower: &lower[k],
                });
                k += 1;
            }
        }
        let mentions = names::find(&texts);
        find(&units, &mentions)
    }

    #[test]
    fn quote_split_by_its_attribution_is_one_quote() {
        let f = run(&[&[
            "– Dette kunne gått galt, sier Myhre.",
            "– Vi er glade for det.",
        ]]);
        assert_eq!(f.quotes.len(), 1);
        assert_eq!(
            f.quotes[0].text,
            "Dette kunne gått galt Vi er glade for det"
        );
        assert_eq!(f.quotes[0].units, [0, 1]);
    }

    #[test]
    fn dash_quote_text_excludes_dash_and_attribution() {
        let f = run(&[&[
            "– Vi er lei.",
            "Dette er tredje gongen, seier Marit Dale Instefjord, som pendlar.",
        ]]);
        assert_eq!(f.quotes[0].text, "Vi er lei. Dette er tredje gongen");
        assert_eq!(
            f.quotes[0].speaker,
            Some(SpeakerRef::Name {
                name: "Marit Dale Instefjord".into(),
                description: None
            })
        );
    }

    #[test]
    fn question_mark_before_lower_case_attribution_stays_in_the_quote() {
        let f = run(&[&["– Hvor er katten min? ropte en kvinne, ifølge en nabo."]]);
        assert_eq!(f.quotes[0].text, "Hvor er katten min?");
        assert!(matches!(
            f.quotes[0].speaker,
            Some(SpeakerRef::Anonymous { .. })
        ));
        assert_eq!(f.citations.len(), 1);
    }

    #[test]
    fn indirect_speech_drops_the_complementiser() {
        let f = run(&[&["Han sa tysdag kveld at sambandet truleg ikkje er tilbake."]]);
        assert_eq!(f.quotes[0].text, "sambandet truleg ikkje er tilbake");
        assert_eq!(f.quotes[0].speaker, Some(SpeakerRef::Pronoun('m')));
    }

    #[test]
    fn verb_second_attribution_quotes_the_clause_before_it() {
        let f = run(&[&["Politiet har ingen mistanke, opplyser Myhre."]]);
        assert_eq!(f.quotes[0].text, "Politiet har ingen mistanke");
        assert_eq!(f.quotes[0].kind, QuoteKind::Indirect);
    }

    #[test]
    fn description_binds_to_the_name_that_continues_the_speech() {
        let f = run(&[
            &["– Forhandlingene fortsetter, sier en talsperson for rådet."],
            &["– Vi vet mer, tilføyer Adrienne Watson."],
        ]);
        assert_eq!(
            f.quotes[0].speaker,
            Some(SpeakerRef::Name {
                name: "Adrienne Watson".into(),
                description: Some("en talsperson for rådet".into())
            })
        );
    }

    #[test]
    fn det_opplyser_attributes_the_previous_sentence() {
        let f = run(&[&[
            "Broen blir et år forsinket.",
            "Det opplyser Aarhus kommune.",
        ]]);
        assert_eq!(f.quotes[0].text, "Broen blir et år forsinket");
        assert_eq!(f.quotes[0].units, [0, 1]);
    }

    #[test]
    fn etter_det_erfarer_is_an_unnamed_source() {
        let f = run(&[&["Etter det DN erfarer, vil Equinor kutte 200 stillinger."]]);
        assert_eq!(f.quotes[0].text, "vil Equinor kutte 200 stillinger");
        assert!(matches!(
            &f.quotes[0].speaker,
            Some(SpeakerRef::Anonymous { phrase, .. }) if phrase == "etter det DN erfarer"
        ));
    }

    #[test]
    fn document_phrase_keeps_its_issuer() {
        let f = run(&[&["Ifølge en pressemelding fra Nav er ledigheten 2,1 prosent."]]);
        assert_eq!(f.quotes[0].text, "er ledigheten 2,1 prosent");
    }

    #[test]
    fn scare_quotes_without_speech_verb_are_not_quotes() {
        let f = run(&[&["Systemet «Bookbart» brukes av fem kommuner."]]);
        assert!(f.quotes.is_empty());
    }
}
