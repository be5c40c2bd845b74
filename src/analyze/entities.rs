//! Entities: the name mentions grouped into people, places, organisations and
//! other names, with counts, units and a suggested English rendering.
//!
//! Input: the [`Mention`]s and the unit ids. Output: [`Entity`]s in order of
//! first mention. A lone first name or surname joins the one full person name
//! it belongs to ("Brekke" → "Håkon Brekke"). Renderings come from the
//! gazetteer or an organisation suffix template; people get their own name,
//! transliterated the English way when it looks like a Slavic name written
//! the Norwegian way ("Dmitrij" → "Dmitry"); places keep their name; other
//! names get `None`.

use std::collections::BTreeMap;

use super::lexicon::{Lexicon, NameKind, Translit};
use super::names::Mention;
use crate::model::{Entity, EntityKind};

/// The full person name a lone first name or surname stands for, when exactly
/// one full name fits.
pub fn expand<'a>(base: &'a str, mentions: &'a [Mention]) -> &'a str {
    if base.contains(' ') {
        return base;
    }
    let mut fits = mentions
        .iter()
        .filter(|m| m.kind == NameKind::Person && m.base.contains(' '))
        .filter(|m| {
            m.base.split(' ').next() == Some(base) || m.base.rsplit(' ').next() == Some(base)
        })
        .map(|m| m.base.as_str());
    match fits.next() {
        Some(first) if fits.all(|o| o == first) => first,
        _ => base,
    }
}

/// Groups the mentions into entities.
pub fn collect(mentions: &[Mention], unit_ids: &[String]) -> Vec<Entity> {
    let mut order: Vec<String> = Vec::new();
    let mut groups: BTreeMap<String, Vec<&Mention>> = BTreeMap::new();
    for m in mentions {
        let key = expand(&m.base, mentions).to_string();
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups.entry(key).or_default().push(m);
    }
    order
        .into_iter()
        .filter_map(|name| {
            let group = groups.get(&name)?;
            let full = group.iter().find(|m| m.base == name).or(group.first())?;
            let kind = if group.len() > 1 && full.kind == NameKind::Other {
                group
                    .iter()
                    .map(|m| m.kind)
                    .min()
                    .unwrap_or(NameKind::Other)
            } else {
                full.kind
            };
            let mut units: Vec<String> = Vec::new();
            for m in group {
                if let Some(id) = unit_ids.get(m.unit) {
                    if !units.contains(id) {
                        units.push(id.clone());
                    }
                }
            }
            let rendering = group
                .iter()
                .find_map(|m| m.rendering.clone())
                .or_else(|| match kind {
                    NameKind::Person => Some(transliterate(&name)),
                    NameKind::Place | NameKind::Organization => Some(name.clone()),
                    _ => None,
                });
            Some(Entity {
                text: name,
                kind: match kind {
                    NameKind::Person => EntityKind::Person,
                    NameKind::Place => EntityKind::Place,
                    NameKind::Organization | NameKind::Media => EntityKind::Organization,
                    NameKind::Other => EntityKind::Other,
                },
                count: group.len(),
                units,
                rendering,
            })
        })
        .collect()
}

fn is_vowel(c: char) -> bool {
    "aeiouyæøåAEIOUYÆØÅ".contains(c)
}

/// The English spelling of a Slavic name written the Norwegian way
/// ("Sergej Sjojgu" → "Sergei Shoigu"); other names are returned as they are.
pub fn transliterate(name: &str) -> String {
    let lex = Lexicon::get();
    let slavic = name.split([' ', '-']).any(|part| {
        let lower = part.to_lowercase();
        !lower.contains(['æ', 'ø', 'å'])
            && lex
                .slavic_markers
                .iter()
                .any(|m| lower.len() > m.len() + 1 && lower.ends_with(m.as_str()))
    });
    if !slavic {
        return name.to_string();
    }
    name.split(' ')
        .map(|part| {
            let mut w = part.to_string();
            for step in &lex.translit {
                w = match step {
                    Translit::Any(a, b) => {
                        let cap_a: String = capitalise(a);
                        w.replace(a.as_str(), b).replace(&cap_a, &capitalise(b))
                    }
                    Translit::End(a, b) => match w.strip_suffix(a.as_str()) {
                        Some(stem) => format!("{stem}{b}"),
                        None => w,
                    },
                    Translit::Start(a, b) => match w.strip_prefix(a.as_str()) {
                        Some(rest) => format!("{b}{rest}"),
                        None => w,
                    },
                    Translit::VowelJ(b) => {
                        let chars: Vec<char> = w.chars().collect();
                        let mut out = String::new();
                        for (i, &c) in chars.iter().enumerate() {
                            let prev_vowel = i > 0 && is_vowel(chars[i - 1]);
                            let next_consonant = chars
                                .get(i + 1)
                                .is_some_and(|n| n.is_alphabetic() && !is_vowel(*n));
                            if c == 'j' && prev_vowel && next_consonant {
                                out.push_str(b);
                            } else {
                                out.push(c);
                            }
                        }
                        out
                    }
                };
            }
            w
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::names;

    #[test]
    fn slavic_names_get_english_spelling() {
        assert_eq!(transliterate("Dmitrij Peskov"), "Dmitry Peskov");
        assert_eq!(transliterate("Sergej Sjojgu"), "Sergei Shoigu");
        assert_eq!(transliterate("Håkon Brekke"), "Håkon Brekke");
    }

    #[test]
    fn surname_mention_counts_for_the_full_name() {
        let texts = [
            "Seksjonsleiar Håkon Brekke i fylket seier nei.",
            "Det seier Brekke.",
        ];
        let m = names::find(&texts);
        let ids = vec!["u1".to_string(), "u2".to_string()];
        let e = collect(&m, &ids);
        let brekke = e.iter().find(|e| e.text == "Håkon Brekke").expect("entity");
        assert_eq!(brekke.count, 2);
        assert_eq!(brekke.units, ["u1", "u2"]);
        assert_eq!(brekke.kind, EntityKind::Person);
    }

    #[test]
    fn gazetteer_gives_exonyms() {
        let m = names::find(&["Han reiser til Moskva og Nord-Korea."]);
        let e = collect(&m, &["u1".to_string()]);
        assert_eq!(e[0].rendering.as_deref(), Some("Moscow"));
        assert_eq!(e[1].rendering.as_deref(), Some("North Korea"));
    }
}
