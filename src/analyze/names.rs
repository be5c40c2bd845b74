//! Name mentions: people, places, organisations and other proper names in
//! each unit.
//!
//! Input: the units' texts. Output: [`Mention`]s, in unit and text order, each
//! with its base form (genitive `-s` / `'` stripped when the bare form is
//! attested), a kind guess and the role noun that introduces it
//! ("operasjonsleder Tor Inge Myhre"). A capitalised word at the start of a
//! sentence only counts as a name when the article shows it capitalised
//! elsewhere, it is an acronym, a known name, or it carries an organisation
//! suffix ("Sogndal kommune"): sentence-initial common nouns are not names.

use foldhash::HashSet;

use super::lexicon::{Lexicon, NameKind};
use super::tokens::{between, lowercase, starts_clause, tokenize, Token};

/// One mention of a name in a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index of the unit.
    pub unit: usize,
    /// Byte offset in the unit text where the name starts.
    pub start: usize,
    /// Byte offset in the unit text after the name (and its genitive ending).
    pub end: usize,
    /// Index of the first token of the name in the unit's tokens.
    pub first_token: usize,
    /// Index of the last token of the name.
    pub last_token: usize,
    /// The base form: genitive stripped.
    pub base: String,
    /// Whether the mention is a genitive ("Putins").
    pub genitive: bool,
    /// The kind guess.
    pub kind: NameKind,
    /// The English rendering when the gazetteer or a suffix gives one.
    pub rendering: Option<String>,
    /// The role noun right before the name, lower case ("talsmann").
    pub role: Option<String>,
    /// Whether the gazetteer knows it as a news medium.
    pub media: bool,
}

/// Capitalised words seen away from the start of a sentence: evidence that a
/// sentence-initial word is a name.
fn evidence<'a>(texts: &[&'a str], tokens: &[Vec<Token<'a>>], lex: &Lexicon) -> HashSet<&'a str> {
    let mut seen = HashSet::default();
    for (text, tokens) in texts.iter().zip(tokens) {
        for (i, t) in tokens.iter().enumerate() {
            if !t.is_capitalised() || initial(text, tokens, i) {
                continue;
            }
            let lower = t.lower();
            if lex.stopwords.contains(&*lower) || lex.pronouns.contains_key(&*lower) {
                continue;
            }
            seen.insert(t.text);
        }
        // The capitalised first part of a compound is a name wherever it
        // stands ("Biden-administrasjonen", "Trondheim-baserte").
        for t in tokens {
            if let Some((prefix, _)) = t.text.split_once('-') {
                if prefix.chars().next().is_some_and(char::is_uppercase)
                    && prefix.chars().count() > 1
                {
                    seen.insert(prefix);
                }
            }
        }
    }
    seen
}

/// Like [`starts_clause`], but a word right after an opening guillemet is a
/// title or name ("MF «Fjordgløtt»"), not a sentence start.
fn initial(text: &str, tokens: &[Token<'_>], i: usize) -> bool {
    if !starts_clause(text, tokens, i) {
        return false;
    }
    if i == 0 {
        let before = between(text, 0, tokens.first().map_or(0, |t| t.start)).trim();
        return !before.ends_with('«');
    }
    let before = between(text, tokens[i - 1].end, tokens[i].start).trim();
    !before.ends_with('«')
}

fn gazetteer_match(
    text: &str,
    tokens: &[Token<'_>],
    i: usize,
    lex: &Lexicon,
) -> Option<(usize, String, NameKind, String)> {
    if !tokens.get(i)?.is_capitalised() {
        return None;
    }
    for entry in lex.gazetteer_from(&tokens[i]) {
        let n = entry.words.len();
        if i + n > tokens.len() {
            continue;
        }
        let ok = entry.words.iter().enumerate().all(|(k, w)| {
            let t = tokens[i + k].lower();
            // A genitive last word ("Russlands"); longer names that start
            // with one ("Bergens Tidende") are entries of their own and
            // match first.
            t == *w || (k + 1 == n && t.strip_suffix('s') == Some(w.as_str()))
        });
        if !ok {
            continue;
        }
        // Acronyms match in their own case ("DR", not "Dr."); short entries
        // ("Sp", "H") only count in parentheses: "(Sp)".
        let chars = entry.name.chars().count();
        let acronym = entry.name.chars().all(|c| !c.is_lowercase());
        if acronym && n == 1 && tokens[i].text.trim_end_matches('s') != entry.name {
            continue;
        }
        if chars == 1 || (chars == 2 && !acronym) {
            let before = between(text, 0, tokens[i].start).trim_end();
            if !before.ends_with('(') {
                continue;
            }
        }
        // The gap between the words must be plain spaces.
        let spaced =
            (1..n).all(|k| between(text, tokens[i + k - 1].end, tokens[i + k].start) == " ");
        if spaced {
            return Some((n, entry.name.clone(), entry.kind, entry.rendering.clone()));
        }
    }
    None
}

/// Finds the name mentions of every unit.
pub fn find(texts: &[&str]) -> Vec<Mention> {
    let tokens: Vec<Vec<Token<'_>>> = texts.iter().map(|t| tokenize(t)).collect();
    find_in(texts, &tokens)
}

/// Finds the name mentions of every unit, given each unit's tokens.
pub fn find_in<'a>(texts: &[&'a str], tokens: &[Vec<Token<'a>>]) -> Vec<Mention> {
    let lex = Lexicon::get();
    let seen = evidence(texts, tokens, lex);
    // Sized for every token up front: grown from empty, the set was rehashed
    // several times per article.
    let mut lower_words: HashSet<std::borrow::Cow<'a, str>> =
        HashSet::with_capacity_and_hasher(tokens.iter().map(Vec::len).sum(), Default::default());
    lower_words.extend(
        tokens
            .iter()
            .flatten()
            .filter(|t| !t.is_capitalised())
            .map(Token::lower),
    );
    let mut out = Vec::new();
    for (unit, (text, tokens)) in texts.iter().zip(tokens).enumerate() {
        let mut i = 0;
        while i < tokens.len() {
            if let Some(m) = mention_at(text, tokens, i, unit, lex, &seen, &lower_words) {
                i = m.last_token + 1;
                out.push(m);
            } else {
                i += 1;
            }
        }
    }
    out
}

fn has_evidence(t: &Token<'_>, seen: &HashSet<&str>) -> bool {
    if t.is_acronym() || seen.contains(t.text) {
        return true;
    }
    if let Some(bare) = t.text.strip_suffix('s') {
        if seen.contains(bare) {
            return true;
        }
    }
    if let Some((prefix, _)) = t.text.split_once('-') {
        if seen.contains(prefix) {
            return true;
        }
    }
    false
}

fn mention_at(
    text: &str,
    tokens: &[Token<'_>],
    i: usize,
    unit: usize,
    lex: &Lexicon,
    seen: &HashSet<&str>,
    lower_words: &HashSet<std::borrow::Cow<'_, str>>,
) -> Option<Mention> {
    let t = tokens[i];
    if !t.is_capitalised() {
        return None;
    }
    let role = role_before(tokens, i, lex);
    if let Some((n, name, kind, rendering)) = gazetteer_match(text, tokens, i, lex) {
        let last = i + n - 1;
        let (end, genitive) = genitive_end(text, &tokens[last]);
        let genitive =
            genitive || tokens[last].lower() != name.split_whitespace().last()?.to_lowercase();
        return Some(Mention {
            unit,
            start: t.start,
            end,
            first_token: i,
            last_token: last,
            base: name.to_string(),
            genitive,
            kind: if kind == NameKind::Media {
                NameKind::Organization
            } else {
                kind
            },
            rendering: Some(rendering),
            role,
            media: kind == NameKind::Media,
        });
    }
    // The run of capitalised words (initials such as "K." included).
    let mut j = i;
    loop {
        let next = j + 1;
        if next >= tokens.len() || !tokens[next].is_capitalised() {
            break;
        }
        let gap = between(text, tokens[j].end, tokens[next].start);
        let initial_dot = gap == ". " && tokens[j].text.chars().count() == 1;
        if gap != " " && !initial_dot {
            break;
        }
        if text
            .get(tokens[j].end..)
            .is_some_and(|r| r.starts_with('\''))
        {
            break;
        }
        j = next;
    }
    let mut first = i;
    if initial(text, tokens, i) && !has_evidence(&t, seen) {
        let common = lex.stopwords.contains(&*t.lower())
            || lex.class(&t).is_some()
            || lex.pronouns.contains_key(&*t.lower())
            || lower_words.contains(&*t.lower())
            || lex.is_role_noun(t.text);
        let followed_by_suffix = j == i
            && tokens
                .get(j + 1)
                .is_some_and(|n| !n.is_capitalised() && lex.suffix_of(n).is_some());
        if j == i && !followed_by_suffix {
            return None;
        }
        if j > i && (common || looks_like_common_noun(t.text)) {
            first = i + 1;
        } else if j == i && common {
            return None;
        }
    }
    // A lone single letter or function word ("«Vi har …»") is no name.
    if first == j
        && (tokens[first].text.chars().count() == 1
            || lex.stopwords.contains(&*tokens[first].lower())
            || lex.pronouns.contains_key(&*tokens[first].lower()))
        && tokens.get(j + 1).is_none_or(|n| lex.suffix_of(n).is_none())
    {
        return None;
    }
    let role = if first > i {
        Some(t.lower().into_owned()).filter(|r| lex.is_role_noun(r))
    } else {
        role
    };
    // An organisation suffix in lower case right after the name.
    let mut last = j;
    let mut kind = None;
    let mut rendering = None;
    if let Some(n) = tokens.get(j + 1) {
        if !n.is_capitalised() && between(text, tokens[j].end, n.start) == " " {
            if let Some(s) = lex.suffix_of(n).filter(|s| !s.cased) {
                last = j + 1;
                kind = Some(s.kind);
                let rest = between(text, tokens[first].start, tokens[j].end);
                // The template fits the suffix itself, not a compound of it
                // ("Voss ungdomsskule" keeps its own name).
                rendering = Some(if n.lower() == s.word.to_lowercase() {
                    s.template.replace("{}", rest)
                } else {
                    between(text, tokens[first].start, n.end).to_string()
                });
            }
        }
    }
    let (end, genitive) = if last == j {
        genitive_end(text, &tokens[last])
    } else {
        (tokens[last].end, false)
    };
    let start = tokens[first].start;
    let mut base = between(text, start, tokens[last].end).to_string();
    let mut is_genitive = genitive;
    if last == j && !genitive {
        if let Some(bare) = tokens[last].text.strip_suffix('s') {
            let followed_by_lower = tokens.get(last + 1).is_some_and(|n| {
                !n.is_capitalised() && between(text, tokens[last].end, n.start) == " "
            });
            if seen.contains(bare) && followed_by_lower && bare.chars().count() >= 2 {
                base.truncate(base.len() - 1);
                is_genitive = true;
            }
        }
    }
    if kind.is_none() {
        let last_word = &tokens[last];
        if let Some(s) = lex.suffix_of(last_word) {
            kind = Some(s.kind);
            let mut rest = base
                .strip_suffix(last_word.text)
                .map(|r| r.trim_end_matches([' ', '-']).to_string())
                .unwrap_or_default();
            // "Biden-administrasjonen": the suffix is the last part of a
            // hyphenated name, the rest is its first part.
            if let Some((head, tail)) = last_word.text.rsplit_once('-') {
                if rest.is_empty() && tail.to_lowercase() == s.word.to_lowercase() {
                    rest = head.to_string();
                }
            }
            if !rest.is_empty() {
                rendering = Some(s.template.replace("{}", &rest));
            }
        }
    }
    let media = kind == Some(NameKind::Media);
    if media {
        kind = Some(NameKind::Organization);
    }
    let kind = kind.unwrap_or_else(|| {
        if tokens[first].is_acronym() && first == last {
            NameKind::Organization
        } else if last > first {
            NameKind::Person
        } else if first > 0 && lex.place_prepositions.contains(&*tokens[first - 1].lower()) {
            NameKind::Place
        } else {
            NameKind::Other
        }
    });
    Some(Mention {
        unit,
        start,
        end,
        first_token: first,
        last_token: last,
        base,
        genitive: is_genitive,
        kind,
        rendering,
        role,
        media,
    })
}

/// The end of a name token with its genitive apostrophe, and whether it had one.
fn genitive_end(text: &str, t: &Token<'_>) -> (usize, bool) {
    match text.get(t.end..) {
        Some(rest) if rest.starts_with('\'') && t.text.ends_with('s') => (t.end + 1, true),
        _ => (t.end, false),
    }
}

/// A long word ending like a definite noun ("Lakseselskapet") is a common
/// noun, not a first name.
fn looks_like_common_noun(word: &str) -> bool {
    let lower = lowercase(word);
    lower.chars().count() > 7 && Lexicon::get().ends_in(&lower, "common")
}

/// The role noun within three lower-case words before token `i`
/// ("kommunalsjef for kultur Geir Ove Bøyum").
fn role_before(tokens: &[Token<'_>], i: usize, lex: &Lexicon) -> Option<String> {
    (i.saturating_sub(3)..i)
        .rev()
        .map(|k| tokens[k])
        .take_while(|t| !t.is_capitalised() || lex.is_role_noun(t.text))
        .find(|t| lex.is_role_noun(t.text))
        .map(|t| t.lower().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bases(texts: &[&str]) -> Vec<String> {
        find(texts).into_iter().map(|m| m.base).collect()
    }

    #[test]
    fn genitive_s_is_stripped_when_the_bare_name_occurs() {
        let b = bases(&["Putins talsmann talte.", "Han møtte Putin i går."]);
        assert_eq!(b, ["Putin", "Putin"]);
    }

    #[test]
    fn apostrophe_genitive_is_stripped() {
        let b = bases(&["Det skriver New York Times' kilder."]);
        assert_eq!(b, ["New York Times"]);
    }

    #[test]
    fn sentence_initial_role_noun_is_not_part_of_the_name() {
        let m = find(&["Konsernsjef Randi Sævik Moe peker på tallene."]);
        assert_eq!(m[0].base, "Randi Sævik Moe");
        assert_eq!(m[0].role.as_deref(), Some("konsernsjef"));
        assert_eq!(m[0].kind, NameKind::Person);
    }

    #[test]
    fn organisation_suffix_extends_the_name() {
        let m = find(&[
            "Sogndal kommune stengjer huset.",
            "Det seier Øst politidistrikt.",
        ]);
        assert_eq!(m[0].base, "Sogndal kommune");
        assert_eq!(m[0].kind, NameKind::Organization);
        assert_eq!(m[1].base, "Øst politidistrikt");
    }

    #[test]
    fn sentence_initial_common_noun_is_not_a_name() {
        assert!(bases(&["Korpset vart skipa i 1953."]).is_empty());
    }

    #[test]
    fn hyphenated_suffix_gets_its_template() {
        let m = find(&["Det mener Biden-administrasjonen."]);
        assert_eq!(m[0].kind, NameKind::Organization);
        assert_eq!(m[0].rendering.as_deref(), Some("the Biden administration"));
    }

    #[test]
    fn initials_stay_in_the_name() {
        assert_eq!(
            bases(&["Det sier analytiker Jørgen K. Aas i dag."]),
            ["Jørgen K. Aas"]
        );
    }
}
