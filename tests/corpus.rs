//! Snapshot tests: the analysis JSON of every corpus article, and the contract's
//! invariants on each.

mod common;

use norbrief::{analyze_bytes, Options};

fn analyze(path: &std::path::Path) -> norbrief::model::Document {
    let bytes = std::fs::read(path).unwrap();
    let options = Options {
        source_name: Some(path.file_name().unwrap().to_string_lossy().into_owned()),
        ..Options::default()
    };
    analyze_bytes(&bytes, &options).unwrap()
}

#[test]
fn corpus_analysis_snapshots() {
    for path in common::corpus_articles() {
        let doc = analyze(&path);
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_json_snapshot!(format!("analysis-{name}"), doc);
    }
}

#[test]
fn corpus_articles_hold_the_contract_invariants() {
    for path in common::corpus_articles() {
        let doc = analyze(&path);
        assert_eq!(doc.check(), Vec::<String>::new(), "{}", path.display());
        for r in &doc.removed {
            for u in &doc.units {
                assert!(
                    !(r.text.split_whitespace().count() > 1 && u.text.contains(&r.text)),
                    "{}: removed {:?} is in unit {}",
                    path.display(),
                    r.text,
                    u.id
                );
            }
        }
    }
}

#[test]
fn corpus_units_match_the_gold_units() {
    for path in common::corpus_articles() {
        let doc = analyze(&path);
        let gold: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path.with_extension("gold.json")).unwrap())
                .unwrap();
        let strings = |k: &str| -> Vec<String> {
            gold[k]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect()
        };
        let headings: Vec<String> = doc
            .units
            .iter()
            .filter(|u| u.kind == norbrief::model::UnitKind::Heading)
            .map(|u| u.text.clone())
            .collect();
        let sentences: Vec<String> = doc
            .units
            .iter()
            .filter(|u| u.kind == norbrief::model::UnitKind::Sentence)
            .map(|u| u.text.clone())
            .collect();
        assert_eq!(headings, strings("headings"), "{}", path.display());
        assert_eq!(sentences, strings("sentences"), "{}", path.display());
        assert_eq!(
            doc.meta.language.code(),
            gold["language"],
            "{}",
            path.display()
        );
        assert_eq!(
            doc.meta.title.as_deref(),
            gold["title"].as_str(),
            "{}",
            path.display()
        );
        let published = gold["published"].as_str().unwrap_or("");
        assert!(
            doc.meta
                .published
                .as_deref()
                .unwrap_or("")
                .starts_with(published),
            "{}",
            path.display()
        );
    }
}
