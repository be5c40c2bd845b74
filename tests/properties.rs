//! Property tests: the contract's invariants, determinism, and no panics on
//! arbitrary input.

use norbrief::model::Document;
use norbrief::{analyze_bytes, Options};
use proptest::prelude::*;

fn assert_invariants(doc: &Document) {
    assert_eq!(doc.check(), Vec::<String>::new());
    // Every non-whitespace character of clean_text lies in exactly one unit.
    let mut covered = vec![false; doc.clean_text.len()];
    for u in &doc.units {
        assert!(
            doc.clean_text.is_char_boundary(u.span[0])
                && doc.clean_text.is_char_boundary(u.span[1])
        );
        assert_eq!(u.text, u.text.trim(), "unit {} is not trimmed", u.id);
        for c in covered.iter_mut().take(u.span[1]).skip(u.span[0]) {
            assert!(!*c, "overlap");
            *c = true;
        }
    }
    for (i, ch) in doc.clean_text.char_indices() {
        if !ch.is_whitespace() {
            assert!(covered[i], "character {ch:?} at {i} is in no unit");
        }
    }
}

/// Article-like text: words, punctuation, quotes, dashes, abbreviations, newlines.
fn article_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("Oslo".to_string()),
        Just("sier".to_string()),
        Just("hun".to_string()),
        Just("bl.a.".to_string()),
        Just("kl. 14.30".to_string()),
        Just("17. mai".to_string()),
        Just("–".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just(".".to_string()),
        Just("?".to_string()),
        Just("!".to_string()),
        Just(":".to_string()),
        Just("…".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("* ".to_string()),
        Just(" | ".to_string()),
        Just("Artikkelen fortsetter under annonsen".to_string()),
        Just("Foto: NTB".to_string()),
        Just("Del".to_string()),
        "[a-zæøåA-ZÆØÅ]{1,10}",
        "[0-9]{1,4}",
    ];
    prop::collection::vec(token, 0..80).prop_map(|t| t.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn article_like_text_holds_the_invariants(text in article_text()) {
        let doc = analyze_bytes(text.as_bytes(), &Options::default()).unwrap();
        assert_invariants(&doc);
    }

    #[test]
    fn any_string_holds_the_invariants_and_is_deterministic(text in "\\PC*") {
        let a = analyze_bytes(text.as_bytes(), &Options::default());
        let b = analyze_bytes(text.as_bytes(), &Options::default());
        prop_assert_eq!(&a, &b);
        if let Ok(doc) = a {
            assert_invariants(&doc);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = analyze_bytes(&bytes, &Options::default());
        let md = Options { format: Some(norbrief::model::InputFormat::Markdown), ..Options::default() };
        let _ = analyze_bytes(&bytes, &md);
    }

    #[test]
    fn markdown_input_holds_the_invariants(text in article_text()) {
        let md = Options { format: Some(norbrief::model::InputFormat::Markdown), ..Options::default() };
        let doc = analyze_bytes(text.as_bytes(), &md).unwrap();
        assert_invariants(&doc);
    }
}
