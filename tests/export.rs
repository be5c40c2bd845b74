//! Translator files: snapshots of every format for the seed article, the
//! properties every XML output keeps, and the merge checks.

use std::path::Path;

use norbrief::export::{merge, stats, write_units, ExportOptions, Format};
use norbrief::model::{Document, Language};
use norbrief::{ErrorKind, Options};
use proptest::prelude::*;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The seed article through the real pipeline.
fn seed() -> Document {
    let bytes = std::fs::read(fixture("corpus/dn-kim-putin.txt")).unwrap();
    let options = Options {
        source_name: Some("dn-kim-putin.txt".to_string()),
        ..Options::default()
    };
    norbrief::analyze_bytes(&bytes, &options).unwrap()
}

/// The seed article with a hand-made analysis (quotes, claims, hedges,
/// entities), so notes, glossary and protected names show up.
fn enriched() -> Document {
    let json = std::fs::read_to_string(fixture("export/dn-kim-putin.enriched.json")).unwrap();
    serde_json::from_str(&json).unwrap()
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(&regex::escape(norbrief::export::TOOL_VERSION), "[VERSION]");
    s.set_prepend_module_to_snapshot(false);
    s
}

fn formats() -> [(&'static str, Format, ExportOptions); 7] {
    let flat = ExportOptions {
        flat: true,
        ..ExportOptions::default()
    };
    let prefill = ExportOptions {
        prefill: true,
        ..ExportOptions::default()
    };
    [
        ("xliff2", Format::Xliff2, ExportOptions::default()),
        ("xliff2-flat", Format::Xliff2, flat),
        ("xliff2-prefill", Format::Xliff2, prefill.clone()),
        ("xliff12", Format::Xliff12, ExportOptions::default()),
        ("xliff12-prefill", Format::Xliff12, prefill.clone()),
        ("tmx-prefill", Format::Tmx, prefill),
        ("jsonl", Format::Jsonl, ExportOptions::default()),
    ]
}

#[test]
fn seed_article_snapshots() {
    let doc = seed();
    settings().bind(|| {
        for (name, format, options) in formats() {
            let out = text(write_units(&doc, format, &options).unwrap());
            insta::assert_snapshot!(format!("seed-{name}"), out);
        }
        insta::assert_snapshot!("seed-stats", stats::stats(&doc).to_text());
    });
}

#[test]
fn enriched_seed_snapshots_carry_notes_glossary_and_protected_names() {
    let doc = enriched();
    settings().bind(|| {
        for (name, format, options) in formats() {
            let out = text(write_units(&doc, format, &options).unwrap());
            insta::assert_snapshot!(format!("enriched-{name}"), out);
        }
    });
    let x2 = text(write_units(&doc, Format::Xliff2, &ExportOptions::default()).unwrap());
    assert!(x2.contains(r#"<mrk id="m1" translate="no">"#));
    assert!(x2.contains("<gls:translation>North Korea</gls:translation>"));
    assert!(x2.contains("keep the hedging: angivelig"));
    let x12 = text(write_units(&doc, Format::Xliff12, &ExportOptions::default()).unwrap());
    assert!(x12.contains(r#"<mrk mtype="protected">Adrienne Watson</mrk>"#));
    // A name with a different English form is a glossary entry, not locked.
    assert!(!x2.contains(r#"translate="no">Det hvite hus"#));
    assert!(x2.contains("<gls:translation>the White House</gls:translation>"));
}

/// Writes every format of the seed articles into `$NORBRIEF_DUMP_DIR`, for
/// checking them with external validators.
#[test]
fn dump_for_external_validators() {
    let Some(dir) = std::env::var_os("NORBRIEF_DUMP_DIR") else {
        return;
    };
    let dir = Path::new(&dir);
    for (label, doc) in [("seed", seed()), ("enriched", enriched())] {
        for (name, format, options) in formats() {
            let ext = match format {
                Format::Tmx => "tmx",
                Format::Jsonl => "jsonl",
                _ => "xlf",
            };
            let bytes = write_units(&doc, format, &options).unwrap();
            std::fs::write(dir.join(format!("{label}-{name}.{ext}")), bytes).unwrap();
        }
        let omegat = ExportOptions {
            prefill: true,
            omegat_tags: true,
            ..ExportOptions::default()
        };
        let bytes = write_units(&doc, Format::Tmx, &omegat).unwrap();
        std::fs::write(dir.join(format!("{label}-tmx-omegat.tmx")), bytes).unwrap();
    }
}

#[test]
fn same_input_gives_byte_identical_files() {
    for doc in [seed(), enriched()] {
        for (_, format, options) in formats() {
            assert_eq!(
                write_units(&doc, format, &options).unwrap(),
                write_units(&doc, format, &options).unwrap()
            );
        }
    }
}

#[test]
fn non_norwegian_article_is_refused_without_source_lang() {
    let bytes = std::fs::read(fixture("corpus/dr-da-cykelbro.txt")).unwrap();
    let doc = norbrief::analyze_bytes(&bytes, &Options::default()).unwrap();
    assert_eq!(doc.meta.language, Language::Und);
    for format in [Format::Xliff2, Format::Xliff12, Format::Tmx] {
        let err = write_units(&doc, format, &ExportOptions::default()).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::Language);
        assert!(err.message().contains("--source-lang"));
    }
    let da = ExportOptions {
        source_lang: Some("da".into()),
        ..ExportOptions::default()
    };
    let out = text(write_units(&doc, Format::Xliff2, &da).unwrap());
    assert!(out.contains(r#"srcLang="da""#));
}

#[test]
fn merge_refuses_a_file_of_another_article() {
    let doc = seed();
    let bytes = write_units(&doc, Format::Xliff2, &ExportOptions::default()).unwrap();
    let mut other = doc.clone();
    other.clean_text.push(' ');
    let err = merge::merge(&other, &bytes, "other.xlf").unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Merge);
    assert!(err.to_string().starts_with("other.xlf: "), "{err}");
    assert!(err.message().contains("different article text"), "{err}");
}

#[test]
fn merge_names_the_first_differing_unit() {
    let doc = seed();
    let xlf = text(write_units(&doc, Format::Xliff12, &ExportOptions::default()).unwrap());
    // A file without the hash, with the third unit's source changed.
    let start = xlf.find("<note from=\"norbrief\">source-hash").unwrap();
    let end = start + xlf[start..].find("</note>").unwrap() + "</note>".len();
    let mut edited = format!("{}{}", &xlf[..start], &xlf[end..]);
    let u3 = &doc.units[2].text;
    edited = edited.replacen(u3.as_str(), "Noe helt annet.", 1);
    let err = merge::merge(&doc, edited.as_bytes(), "t.xlf").unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Merge);
    assert!(err.message().starts_with("unit u3 differs"), "{err}");
}

#[test]
fn merge_reads_targets_back_from_every_format() {
    let doc = enriched();
    let prefill = ExportOptions {
        prefill: true,
        ..ExportOptions::default()
    };
    for (format, options) in [
        (Format::Xliff2, prefill.clone()),
        (
            Format::Xliff2,
            ExportOptions {
                flat: true,
                ..prefill.clone()
            },
        ),
        (Format::Xliff12, prefill.clone()),
        (Format::Tmx, prefill.clone()),
    ] {
        let bytes = write_units(&doc, format, &options).unwrap();
        let m = merge::merge(&doc, &bytes, "x").unwrap();
        assert!(m.untranslated.is_empty(), "{format:?}");
        for u in &doc.units {
            assert_eq!(
                m.target(&u.id),
                Some(u.text.as_str()),
                "{format:?} {}",
                u.id
            );
        }
    }
}

#[test]
fn bilingual_markdown_snapshot() {
    let doc = enriched();
    let bytes = write_units(
        &doc,
        Format::Xliff12,
        &ExportOptions {
            prefill: true,
            ..ExportOptions::default()
        },
    )
    .unwrap();
    let mut m = merge::merge(&doc, &bytes, "x").unwrap();
    for u in &mut m.units {
        u.target = u.target.take().map(|t| format!("EN: {t}"));
    }
    // Leave one unit untranslated.
    m.units[3].target = None;
    m.untranslated = vec![m.units[3].id.clone()];
    settings().bind(|| {
        insta::assert_snapshot!(
            "enriched-bilingual-md",
            norbrief::export::markdown::bilingual(&doc, &m)
        );
        insta::assert_snapshot!(
            "enriched-target-only-md",
            norbrief::export::markdown::target_only(&doc, &m)
        );
    });
}

/// Parses `xml` completely; returns the first error.
fn well_formed(xml: &[u8]) -> Result<(), String> {
    let mut r = quick_xml::Reader::from_reader(xml);
    r.config_mut().check_end_names = true;
    let mut buf = Vec::new();
    let mut depth = 0i64;
    loop {
        match r.read_event_into(&mut buf) {
            Err(e) => return Err(e.to_string()),
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Text(t)) => {
                let s = t.xml10_content().map_err(|e| e.to_string())?;
                if s.chars().any(|c| !norbrief::export::xml::is_xml_char(c)) {
                    return Err("a character XML 1.0 forbids".into());
                }
            }
            Ok(_) => {}
        }
        buf.clear();
    }
    if depth != 0 {
        return Err(format!("unbalanced: depth {depth}"));
    }
    Ok(())
}

fn article() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("]]>".to_string()),
        Just("&".to_string()),
        Just("<".to_string()),
        Just("&amp;".to_string()),
        Just("<script>".to_string()),
        Just("\n\n".to_string()),
        Just(". ".to_string()),
        Just("Putin".to_string()),
        "[\\x00-\\x1f\\u{7f}\\u{fffe}\\u{ffff}]",
        "[a-zæøåA-ZÆØÅ ,.!?«»–-]{0,12}",
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn xml_stays_well_formed_and_reads_back(text in article()) {
        let mut doc = match norbrief::analyze_bytes(text.as_bytes(), &Options::default()) {
            Ok(d) => d,
            Err(_) => return Ok(()),
        };
        doc.meta.language = Language::Nb;
        // Protect a name so <mrk> shows up in arbitrary text.
        doc.entities.push(norbrief::model::Entity {
            text: "Putin".into(),
            kind: norbrief::model::EntityKind::Person,
            count: 1,
            units: vec![],
            rendering: None,
        });
        doc.entities.push(norbrief::model::Entity {
            text: "]]>".into(),
            kind: norbrief::model::EntityKind::Place,
            count: 1,
            units: vec![],
            rendering: Some("\u{1}& <co>]]>".into()),
        });
        for (_, format, options) in formats() {
            let bytes = write_units(&doc, format, &options).unwrap();
            if format == Format::Jsonl {
                for line in String::from_utf8(bytes).unwrap().lines() {
                    prop_assert!(serde_json::from_str::<serde_json::Value>(line).is_ok());
                }
                continue;
            }
            prop_assert!(well_formed(&bytes).is_ok(), "{:?}: {:?}", format, well_formed(&bytes));
            let merged = merge::merge(&doc, &bytes, "x");
            prop_assert!(merged.is_ok(), "{:?}: {:?}", format, merged.err());
        }
    }

    #[test]
    fn merge_never_panics_on_arbitrary_files(
        body in article(),
        root in prop_oneof![
            Just("<xliff xmlns='urn:oasis:names:tc:xliff:document:2.0' version='2.1'>"),
            Just("<xliff version='1.2'><file><header><note>source-hash: x</note></header>"),
            Just("<tmx version='1.4'><header srclang='nb'><prop type='x-norbrief-inline'>omegat</prop></header>"),
            Just("<tmx><header/>"),
            Just(""),
        ],
        inner in prop_oneof![
            Just("<unit id='p1'><segment id='u1'><source>"),
            Just("<trans-unit id='u1'><source>"),
            Just("<tu tuid='u1'><tuv xml:lang='nb'><seg><m0>"),
            Just("<tu><tuv><seg>"),
            Just(""),
        ],
    ) {
        let doc = seed();
        let file = format!("{root}{inner}{body}");
        let _ = merge::merge(&doc, file.as_bytes(), "x");
        let _ = merge::merge(&doc, body.as_bytes(), "x");
    }

    #[test]
    fn markdown_never_lets_markup_through(text in article()) {
        let out = norbrief::export::markdown::escape_inline(&text);
        prop_assert!(!out.contains('<'));
        prop_assert!(!out.contains('>'));
        prop_assert!(!out.contains("{{"), "template start");
        prop_assert!(!out.contains("{%"), "template tag");
        prop_assert!(!out.contains('\n'));
    }
}
