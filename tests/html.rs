//! HTML input: saved article pages give the same units as the plain-text scrape
//! of the same article, the page's own metadata, and nothing of the markup.
//!
//! Pages: `tests/fixtures/html/NAME.html`, each built from the corpus article
//! `tests/fixtures/corpus/NAME.txt` (same text, the site's HTML around it).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use norbrief::model::{Document, InputFormat, Language, UnitKind};
use norbrief::{analyze_bytes, Options};
use proptest::prelude::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn analyze_file(path: &Path) -> Document {
    let bytes = std::fs::read(path).unwrap();
    let options = Options {
        source_name: Some(path.file_name().unwrap().to_string_lossy().into_owned()),
        ..Options::default()
    };
    analyze_bytes(&bytes, &options).unwrap()
}

fn norm(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn unit_texts(doc: &Document) -> Vec<(UnitKind, String)> {
    doc.units.iter().map(|u| (u.kind, norm(&u.text))).collect()
}

/// Every page, and what its metadata must say exactly.
struct Expected {
    name: &'static str,
    title: &'static str,
    published: &'static str,
    publisher: &'static str,
    language: Language,
    encoding: &'static str,
}

const PAGES: &[Expected] = &[
    Expected {
        name: "aftenposten-sikkerhetshull",
        title: "Alvorlig sikkerhetshull i kommunalt bookingsystem",
        published: "2024-03-07T06:00",
        publisher: "Aftenposten",
        language: Language::Nb,
        encoding: "utf-8",
    },
    Expected {
        name: "dn-kim-putin",
        title: "Kim Jong-un skal møte Putin i Russland, ifølge New York Times",
        published: "2023-09-05T06:38",
        publisher: "Dagens Næringsliv",
        language: Language::Nb,
        encoding: "utf-8",
    },
    Expected {
        name: "dr-da-cykelbro",
        title: "Ny cykelbro i Aarhus bliver et år forsinket",
        published: "2024-05-14T06:02",
        publisher: "DR",
        language: Language::Und,
        encoding: "utf-8",
    },
    Expected {
        name: "e24-kystlaks-cp1252",
        title: "Kystlaks skuffet i 3. kvartal – aksjen stuper",
        published: "2024-10-23T07:31",
        publisher: "E24",
        language: Language::Nb,
        encoding: "windows-1252",
    },
    Expected {
        name: "nrk-nn-ferjekaos",
        title: "Ferjekaos i Sogn: – Vi er lei av å bli haldne for narr",
        published: "2024-02-14T07:12",
        publisher: "NRK",
        language: Language::Nn,
        encoding: "utf-8",
    },
    Expected {
        name: "sognavis-nn-korps",
        title: "Korpset kan bli ståande utan øvingslokale før 17. mai",
        published: "2024-04-12T05:30",
        publisher: "Sogn Avis",
        language: Language::Nn,
        encoding: "utf-8",
    },
    Expected {
        name: "vg-brann-fredrikstad",
        title: "Ni evakuert etter brann i boligblokk: – Det smalt flere ganger",
        published: "2024-06-03T20:14",
        publisher: "VG",
        language: Language::Nb,
        encoding: "utf-8",
    },
];

#[test]
fn every_page_has_an_expectation() {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("html"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let expected: Vec<&str> = PAGES.iter().map(|p| p.name).collect();
    assert_eq!(names, expected);
}

#[test]
fn html_pages_give_the_units_of_their_plain_text_scrape() {
    for page in PAGES {
        let html = analyze_file(&fixtures().join(format!("html/{}.html", page.name)));
        let text = analyze_file(&fixtures().join(format!("corpus/{}.txt", page.name)));
        assert_eq!(html.meta.input_format, InputFormat::Html, "{}", page.name);
        let mut got = unit_texts(&html);
        let want = unit_texts(&text);
        // The DN scrape lost its headline; the page still has it.
        if want.first().map(|u| u.0) != Some(UnitKind::Heading)
            && got.first() == Some(&(UnitKind::Heading, page.title.to_string()))
        {
            got.remove(0);
        }
        assert_eq!(
            got, want,
            "{}: units differ from the plain-text scrape",
            page.name
        );
    }
}

#[test]
fn html_metadata_comes_from_the_page() {
    for page in PAGES {
        let doc = analyze_file(&fixtures().join(format!("html/{}.html", page.name)));
        let m = &doc.meta;
        assert_eq!(m.title.as_deref(), Some(page.title), "{}", page.name);
        assert_eq!(
            m.published.as_deref(),
            Some(page.published),
            "{}",
            page.name
        );
        assert_eq!(
            m.publisher.as_deref(),
            Some(page.publisher),
            "{}",
            page.name
        );
        assert_eq!(m.language, page.language, "{}", page.name);
        assert_eq!(m.encoding, page.encoding, "{}", page.name);
    }
}

#[test]
fn html_analysis_holds_the_contract_invariants() {
    for page in PAGES {
        let path = fixtures().join(format!("html/{}.html", page.name));
        let doc = analyze_file(&path);
        assert_eq!(doc.check(), Vec::<String>::new(), "{}", page.name);
        for r in &doc.removed {
            for u in &doc.units {
                assert!(
                    !u.text.contains(&r.text) || r.text.split_whitespace().count() == 1,
                    "{}: removed {:?} is in unit {}",
                    page.name,
                    r.text,
                    u.id
                );
            }
        }
        let again = analyze_file(&path);
        assert_eq!(
            serde_json::to_string(&doc).unwrap(),
            serde_json::to_string(&again).unwrap(),
            "{}: output is not deterministic",
            page.name
        );
    }
}

#[test]
fn visible_page_furniture_is_recorded_with_reasons() {
    use norbrief::model::RemovalReason as R;
    let doc = analyze_file(&fixtures().join("html/vg-brann-fredrikstad.html"));
    let has = |reason: R, text: &str| {
        doc.removed
            .iter()
            .any(|r| r.reason == reason && r.text.contains(text))
    };
    assert!(has(R::Navigation, "Rampelys"));
    assert!(has(R::AdMarker, "Artikkelen fortsetter under annonsen"));
    assert!(has(R::Caption, "Røykdykkere på vei inn i oppgangen"));
    assert!(has(R::RelatedLink, "Brannvesenet advarer"));
    assert!(has(R::Byline, "Jonas Berg Ødegård"));
    assert!(has(R::MediaTeaser, "Se bildene fra brannen"));
    // Scripts and styles are code, not dropped text.
    assert!(!doc
        .removed
        .iter()
        .any(|r| r.text.contains("__INITIAL_STATE__")));
    assert!(!doc.removed.iter().any(|r| r.text.contains("background")));
}

const HOSTILE: &str = r#"<!DOCTYPE html>
<html lang="nb" onload="evil()">
<head>
<title>Nyheter <script>alert('title')</script></title>
<meta property="og:title" content="Sak om brann<img src=x onerror=alert('og')>">
<style>body { background: url(javascript:alert('css')); } .x::after { content: "STYLETEXT" }</style>
<script>document.write("SCRIPTTEXT"); alert('head');</script>
</head>
<body onload="alert('body')">
<!-- COMMENTTEXT <p>Kommentert avsnitt.</p> -->
<script type="text/template"><p>TEMPLATETEXT</p></script>
<article>
<h1 onmouseover="alert('h1')">Brann i Fredrikstad sentrum</h1>
<p onclick="alert('p')">Brannvesenet rykket ut til en leilighet natt til søndag.<script>alert('inline')</script></p>
<p>Mer informasjon finnes på <a href="javascript:alert('link')">denne lenken</a> og <a href="https://example.no/" onclick="alert('a')">nettsiden</a>.</p>
<noscript>NOSCRIPTTEXT</noscript>
<svg><script>alert('svg')</script><text>SVGTEXT</text></svg>
<iframe src="javascript:alert('iframe')">IFRAMETEXT</iframe>
<template><p>TEMPLATE2TEXT</p></template>
<div style="display:none">HIDDENTEXT</div>
<p>Ingen ble skadet, opplyser politiet.</p>
<style>p { color: red } /* STYLE2TEXT */</style>
</article>
<script src="https://evil.example/x.js"></script>
</body>
</html>"#;

#[test]
fn hostile_page_leaks_no_markup_into_any_output() {
    let options = Options {
        source_name: Some("hostile.html".into()),
        ..Options::default()
    };
    let doc = analyze_bytes(HOSTILE.as_bytes(), &options).unwrap();
    let json = serde_json::to_string(&doc).unwrap();
    for bad in [
        "alert",
        "evil",
        "SCRIPTTEXT",
        "STYLETEXT",
        "STYLE2TEXT",
        "COMMENTTEXT",
        "Kommentert",
        "TEMPLATETEXT",
        "TEMPLATE2TEXT",
        "NOSCRIPTTEXT",
        "SVGTEXT",
        "IFRAMETEXT",
        "HIDDENTEXT",
        "javascript:",
        "onclick",
        "onerror",
        "onload",
        "<script",
        "<img",
        "background",
    ] {
        assert!(!json.contains(bad), "{bad:?} reached the output: {json}");
    }
    let units: Vec<&str> = doc.units.iter().map(|u| u.text.as_str()).collect();
    assert_eq!(
        units,
        [
            "Brann i Fredrikstad sentrum",
            "Brannvesenet rykket ut til en leilighet natt til søndag.",
            "Mer informasjon finnes på og nettsiden.",
            "Ingen ble skadet, opplyser politiet.",
        ]
    );
    assert_eq!(doc.meta.title.as_deref(), Some("Sak om brann"));
    assert!(doc.check().is_empty());
}

#[test]
fn deeply_nested_page_does_not_overflow() {
    let depth = 200_000;
    let page = format!(
        "<!DOCTYPE html><html><body>{}<p>Dypt nede står en setning.</p>{}</body></html>",
        "<div><span>".repeat(depth),
        "</span></div>".repeat(depth)
    );
    let doc = analyze_bytes(page.as_bytes(), &Options::default()).unwrap();
    assert_eq!(doc.units.len(), 1);
}

#[test]
fn html_on_stdin_is_detected_and_its_charset_used() {
    let bytes = std::fs::read(fixtures().join("html/e24-kystlaks-cp1252.html")).unwrap();
    let out = Command::cargo_bin("norbrief")
        .unwrap()
        .args(["analyze", "--format", "json", "-"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Document = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc.meta.input_format, InputFormat::Html);
    assert_eq!(doc.meta.encoding, "windows-1252");
    assert_eq!(doc.meta.publisher.as_deref(), Some("E24"));
}

#[test]
fn forced_html_input_reads_a_txt_named_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("side.txt");
    std::fs::copy(fixtures().join("html/nrk-nn-ferjekaos.html"), &path).unwrap();
    let out = Command::cargo_bin("norbrief")
        .unwrap()
        .args(["analyze", "--input", "html"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: Document = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc.meta.input_format, InputFormat::Html);
    assert_eq!(doc.meta.language, Language::Nn);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn arbitrary_text_as_html_never_panics(s in "\\PC{0,400}") {
        let options = Options { format: Some(InputFormat::Html), ..Options::default() };
        if let Ok(doc) = analyze_bytes(s.as_bytes(), &options) {
            prop_assert!(doc.check().is_empty());
        }
    }

    #[test]
    fn tag_soup_never_panics(parts in prop::collection::vec(prop::sample::select(vec![
        "<p>", "</p>", "<div class=\"ad\">", "</div>", "<article>", "</article>", "<h2>",
        "</h2>", "<li>", "<ul>", "</ul>", "<table>", "<tr>", "<td>", "</td>", "</tr>",
        "<script>", "</script>", "<!--", "-->", "<br>", "<figure><figcaption>", "</figcaption>",
        "Tekst her.", " – Sitat, sier hun.", "&amp;", "&lt;b&gt;", "æøå", "\n", "<time datetime=\"2024-01-01T10:00\">",
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":[", "<meta charset=utf-8>",
    ]), 0..60)) {
        let page = parts.concat();
        let options = Options { format: Some(InputFormat::Html), ..Options::default() };
        let doc = analyze_bytes(page.as_bytes(), &options).unwrap();
        prop_assert!(doc.check().is_empty());
        let again = analyze_bytes(page.as_bytes(), &options).unwrap();
        prop_assert_eq!(doc, again);
    }
}
