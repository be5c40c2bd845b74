//! Stage 5, analyze: units → quotes, sources, claims, entities and a summary.
//!
//! Input: the segmented article ([`Segmented`]) and its language. Output: the
//! analysis fields of [`Document`](crate::model::Document). Every id the
//! output refers to exists in the units it was given, and the output depends
//! only on the input (no hash-map order reaches it).
//!
//! The passes: [`names`] finds name mentions; [`quotes`] finds direct and
//! indirect speech with unresolved speaker phrases; [`sources`] resolves the
//! speakers and builds the source list; [`claims`] ranks the sentences and
//! lists their hedges; [`entities`] groups the mentions; [`summary`] picks the
//! summary units. The word lists come from [`lexicon`].

pub mod claims;
pub mod entities;
pub mod lexicon;
pub mod names;
pub mod phrases;
pub mod quotes;
pub mod sources;
pub mod summary;
pub mod tokens;

use std::collections::BTreeMap;

use crate::blocks::Role;
use crate::model::{Claim, Entity, Language, Quote, QuoteKind, Source, UnitKind};
use crate::segment::Segmented;

/// The analysis part of a document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analysis {
    /// Direct and indirect quotes.
    pub quotes: Vec<Quote>,
    /// Sources, deduplicated.
    pub sources: Vec<Source>,
    /// Key claims, best first.
    pub claims: Vec<Claim>,
    /// Named entities.
    pub entities: Vec<Entity>,
    /// Summary unit ids in article order.
    pub summary: Vec<String>,
}

/// Builds the word lists and the ranking's regex now rather than on first
/// use ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    lexicon::Lexicon::get();
    claims::warm_up();
}

/// Analyses a segmented article.
///
/// The rules are written for Norwegian; other Scandinavian text (`und`) goes
/// through the same passes, since its attributions look much the same.
pub fn analyze(seg: &Segmented, _language: Language, published_year: Option<i32>) -> Analysis {
    let texts: Vec<&str> = seg.units.iter().map(|u| u.text.as_str()).collect();
    let unit_ids: Vec<String> = seg.units.iter().map(|u| u.id.clone()).collect();
    let prose: Vec<bool> = seg
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            u.kind == UnitKind::Sentence
                && matches!(
                    seg.roles.get(i),
                    Some(Role::Paragraph | Role::Quote | Role::Caption) | None
                )
        })
        .collect();
    // Every pass reads the same words: the units are tokenized once.
    let (lower, aligned): (Vec<std::borrow::Cow<'_, str>>, Vec<bool>) =
        texts.iter().map(|t| tokens::lowercase_aligned(t)).unzip();
    // Every token's lower case is cut from its unit's.
    let tokens: Vec<Vec<tokens::Token<'_>>> = texts
        .iter()
        .zip(lower.iter().zip(&aligned))
        .map(|(t, (l, &a))| tokens::tokenize_lowered(t, l, a))
        .collect();
    let mentions = names::find_in(&texts, &tokens);
    let views: Vec<quotes::UnitView<'_>> = seg
        .units
        .iter()
        .zip(&prose)
        .zip(tokens.iter().zip(&lower))
        .map(|((u, &p), (tokens, lower))| quotes::UnitView {
            text: &u.text,
            paragraph: u.paragraph,
            prose: p,
            tokens,
            lower,
        })
        .collect();
    let found = quotes::find(&views, &mentions);
    let mut direct = vec![false; texts.len()];
    let mut indirect = vec![false; texts.len()];
    let mut follow_up = vec![false; texts.len()];
    let mut pronoun_speaker = vec![false; texts.len()];
    for q in &found.quotes {
        if matches!(q.speaker, Some(quotes::SpeakerRef::Pronoun(_))) {
            if let Some(slot) = pronoun_speaker.get_mut(q.cited_in) {
                *slot = true;
            }
        }
        if q.continues {
            if let Some(slot) = follow_up.get_mut(q.cited_in) {
                *slot = true;
            }
        }
        for &u in &q.units {
            // Guillemets inside a narrative sentence ("kaller forsinkelsen
            // «dybt utilfredsstillende»") report speech like indirect quotes.
            let paragraph_quote = q.kind == QuoteKind::Direct
                && q.units
                    .first()
                    .and_then(|&f| texts.get(f))
                    .is_some_and(|t| quotes::opens_direct_speech(t));
            if let Some(slot) = if paragraph_quote {
                direct.get_mut(u)
            } else {
                indirect.get_mut(u)
            } {
                *slot = true;
            }
        }
    }
    let resolved = sources::resolve(
        &found.quotes,
        &found.citations,
        &mentions,
        &unit_ids,
        &direct,
        &prose,
    );
    let source_id = |idx: usize| resolved.sources.get(idx).map(|s| s.id.clone());
    let quotes: Vec<Quote> = found
        .quotes
        .iter()
        .zip(&resolved.speakers)
        .enumerate()
        .map(|(i, (q, (speaker, idx, description)))| {
            let mut units: Vec<usize> = q.units.clone();
            units.sort_unstable();
            units.dedup();
            Quote {
                id: format!("q{}", i + 1),
                units: units
                    .iter()
                    .filter_map(|&u| unit_ids.get(u).cloned())
                    .collect(),
                kind: q.kind,
                text: q.text.clone(),
                speaker: speaker.clone(),
                speaker_description: description.clone(),
                source: idx.and_then(source_id),
            }
        })
        .collect();
    let unit_sources: BTreeMap<usize, String> = resolved
        .unit_sources
        .iter()
        .filter_map(|(&u, &idx)| Some((u, source_id(idx)?)))
        .collect();
    let inputs: Vec<claims::ClaimInput<'_>> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| claims::ClaimInput {
            text: t,
            prose: prose[i],
            heading: seg.units[i].kind == UnitKind::Heading,
            paragraph_start: i == 0 || seg.units[i - 1].paragraph != seg.units[i].paragraph,
            indirect: indirect[i],
            direct: direct[i],
            follow_up: follow_up[i],
            pronoun_speaker: pronoun_speaker[i],
            tokens: &tokens[i],
            lower: &lower[i],
        })
        .collect();
    let phrases = claims::unit_phrases(&inputs);
    let scores = claims::score(&inputs, &phrases, published_year);
    let claims = claims::claims(&inputs, &phrases, &scores, &unit_ids, &unit_sources);
    Analysis {
        quotes,
        sources: resolved.sources,
        claims,
        entities: entities::collect(&mentions, &unit_ids),
        summary: summary::pick(&scores, &prose, &unit_ids),
    }
}

#[cfg(test)]
mod tests {
    use crate::{analyze_bytes, Options};
    use proptest::prelude::*;

    fn analyse(text: &str) -> crate::model::Document {
        analyze_bytes(text.as_bytes(), &Options::default()).expect("text input never fails")
    }

    #[test]
    fn tricky_inputs_keep_the_invariants() {
        for text in [
            "",
            "–",
            "– ,sier",
            "«",
            "Ifølge",
            "Det sier.",
            "– A, sier han. – B, legger til.",
            "Ho, sa at, at at.",
            "»Æ«, siger Ø. Å'. Putins' s.",
            "Kim Jong-un-- sa at «» ».",
        ] {
            let doc = analyse(text);
            assert!(doc.check().is_empty(), "{text:?}: {:?}", doc.check());
        }
    }

    #[test]
    fn sier_han_resolves_to_previous_person() {
        let doc = analyse(
            "Politiet har ingen mistanke, opplyser operasjonsleder Tor Inge Myhre.\n\n\
             – Vi utelukker ingenting, sier han.",
        );
        let q = doc.quotes.last().expect("a quote");
        assert_eq!(q.speaker.as_deref(), Some("Tor Inge Myhre"));
        assert_eq!(q.text, "Vi utelukker ingenting");
    }

    #[test]
    fn anonymous_speaker_is_null_with_an_anonymous_source() {
        let doc =
            analyse("Reisen gjelder våpen, opplyser ikke navngitte kilder til avisen mandag.");
        let q = &doc.quotes[0];
        assert_eq!(q.speaker, None);
        let s = doc
            .source(q.source.as_deref().expect("source"))
            .expect("exists");
        assert_eq!(s.kind, crate::model::SourceKind::Anonymous);
        assert_eq!(s.name, "ikke navngitte kilder");
    }

    #[test]
    fn politiet_resolves_to_the_named_police_district() {
        let doc = analyse(
            "Brannen slukket, opplyser Tor Inge Myhre i Øst politidistrikt.\n\n\
             Brannen startet i tredje etasje, ifølge politiet.",
        );
        assert_eq!(doc.quotes[1].speaker.as_deref(), Some("Øst politidistrikt"));
    }

    #[test]
    fn tilfoyer_talspersonen_resolves_to_the_named_spokesperson() {
        let doc = analyse(
            "Beboerne fikk hotell, opplyser talsperson Jan Erik Bråthen i Fredrikstad kommune.\n\n\
             – Vi følger opp alle, tilføyer talspersonen.",
        );
        assert_eq!(doc.quotes[1].speaker.as_deref(), Some("Jan Erik Bråthen"));
    }

    #[test]
    fn surname_only_resolves_to_the_full_name() {
        let doc = analyse(
            "Seksjonsleiar Håkon Brekke seier til NRK at delane må bestillast.\n\n\
             – Vi har bede om ei ny ferje, seier Brekke.",
        );
        assert_eq!(doc.quotes[1].speaker.as_deref(), Some("Håkon Brekke"));
        assert_eq!(doc.sources.len(), 1);
    }

    #[test]
    fn unnamed_spokesperson_subject_stays_anonymous() {
        let doc =
            analyse("En talsperson for departementet sier til NTB at saken er til behandling.");
        assert_eq!(doc.quotes[0].speaker, None);
        assert_eq!(doc.quotes[0].text, "saken er til behandling");
    }

    #[test]
    fn output_is_deterministic() {
        let text = "– Vi er lei, seier Marit Dale Instefjord.\n\nHo fortel at ho truleg tek fri.";
        let a = serde_json::to_string(&analyse(text)).expect("json");
        let b = serde_json::to_string(&analyse(text)).expect("json");
        assert_eq!(a, b);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn no_input_panics_or_breaks_references(text in "[A-Za-zÆØÅæøå0-9 ,.:;?!«»\"'–—\\-()\n]{0,300}") {
            let doc = analyse(&text);
            prop_assert!(doc.check().is_empty());
        }
    }
}
