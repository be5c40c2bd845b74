//! OmegaT (console mode) pre-translates norbrief's XLIFF 1.2 from a TMX that
//! norbrief wrote, and `norbrief merge` reads OmegaT's output back.
//!
//! The TMX comes from the way back: an XLIFF 2.1 with pseudo-translated
//! targets (written here directly, as a CAT tool would) merged with
//! `norbrief merge --format tmx`. OmegaT extracts text from `<target>`, so the
//! XLIFF 1.2 is written with `--prefill`.
//!
//! Skips, with a message, when the `omegat` command is missing.

use std::path::Path;
use std::process::Command;

use assert_cmd::prelude::*;

const PROJECT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>NB</source_lang>
    <target_lang>EN</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneNorwegianTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"#;

fn norbrief() -> Command {
    Command::cargo_bin("norbrief").unwrap()
}

fn has_omegat() -> bool {
    Command::new("sh")
        .args(["-c", "command -v omegat"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn new_project(dir: &Path) -> std::path::PathBuf {
    let proj = dir.join("proj");
    for sub in [
        "source",
        "target",
        "tm/auto",
        "glossary",
        "dictionary",
        "omegat",
    ] {
        std::fs::create_dir_all(proj.join(sub)).unwrap();
    }
    std::fs::write(proj.join("omegat.project"), PROJECT).unwrap();
    proj
}

fn run_omegat(proj: &Path) {
    let run = Command::new("omegat")
        .arg(proj)
        .arg("--mode=console-translate")
        .env("JAVA_TOOL_OPTIONS", "-Djava.awt.headless=true")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "omegat failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// With protected names (`<mrk mtype="protected">`, which OmegaT shows as
/// `<m0>…</m0>`), the TMX must carry the names as OmegaT tags to match:
/// names inside a segment (the enriched DN article), names that open one
/// (three units of the Aftenposten article start with a name), and names at
/// either end, alone or before a colon (a short article made for it).
#[test]
fn omegat_matches_segments_with_protected_names_from_an_omegat_tagged_tmx() {
    if !has_omegat() {
        println!("SKIPPED: omegat not found (apt-get install omegat)");
        return;
    }
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let json = std::fs::read_to_string(fixtures.join("export/dn-kim-putin.enriched.json")).unwrap();
    let enriched: norbrief::model::Document = serde_json::from_str(&json).unwrap();
    let text = std::fs::read(fixtures.join("corpus/aftenposten-sikkerhetshull.txt")).unwrap();
    let analysed = norbrief::analyze_bytes(&text, &norbrief::Options::default()).unwrap();
    // Names at both ends, a unit that is a name alone, and a name before a colon.
    let ends = norbrief::analyze_bytes(
        "Intervju med Jonas Gahr Støre\n\nJonas Gahr Støre\n\n\
         Aftenposten og NRK har begge omtalt saken i dag, sier statsminister Jonas Gahr Støre.\n\n\
         Statsministeren sa dette til Aftenposten\n\n\
         NRK: Saken er alvorlig, sier Erna Solberg til Aftenposten.\n"
            .as_bytes(),
        &norbrief::Options::default(),
    )
    .unwrap();
    for (doc, opening_names) in [(enriched, false), (analysed, true), (ends, true)] {
        omegat_matches_protected_names(&doc, opening_names);
    }
}

fn omegat_matches_protected_names(doc: &norbrief::model::Document, opening_names: bool) {
    use norbrief::export::{tmx, write_units, ExportOptions, Format};
    let dir = tempfile::tempdir().unwrap();
    let proj = new_project(dir.path());
    let prefill = ExportOptions {
        prefill: true,
        ..Default::default()
    };
    let xlf = write_units(doc, Format::Xliff12, &prefill).unwrap();
    let xlf_text = String::from_utf8_lossy(&xlf);
    assert!(xlf_text.contains("<mrk mtype=\"protected\">"));
    assert_eq!(
        xlf_text.contains("<source><mrk mtype=\"protected\">"),
        opening_names
    );
    std::fs::write(proj.join("source/article.xlf"), &xlf).unwrap();
    // A pseudo-translation that keeps the protected names where they stand,
    // as a translation must for OmegaT to put back the names it keeps out
    // of a segment's ends.
    let targets: std::collections::BTreeMap<String, String> = doc
        .units
        .iter()
        .map(|u| {
            let pieces = norbrief::export::context::pieces(doc, u);
            let target: String = pieces
                .iter()
                .map(|p| {
                    if p.protected {
                        p.text.to_string()
                    } else {
                        p.text.to_uppercase()
                    }
                })
                .collect();
            (u.id.clone(), target)
        })
        .collect();
    // Every unit with a lower-case letter outside its names reads
    // differently translated, so OmegaT's copy of the source cannot pass for
    // a translation.
    for u in &doc.units {
        let plain_lower = norbrief::export::context::pieces(doc, u)
            .iter()
            .any(|p| !p.protected && p.text.chars().any(char::is_lowercase));
        assert_eq!(targets[&u.id] != u.text, plain_lower, "{}", u.text);
    }
    let tagged = ExportOptions {
        omegat_tags: true,
        ..Default::default()
    };
    let tm = tmx::write(doc, Some(&targets), &tagged).unwrap();
    std::fs::write(proj.join("tm/auto/article.tmx"), &tm).unwrap();
    // norbrief reads its own OmegaT-tagged TMX back.
    let back = norbrief::export::merge::merge(doc, &tm, "article.tmx").unwrap();
    assert_eq!(back.targets(), targets);

    run_omegat(&proj);
    let out = std::fs::read(proj.join("target/article.xlf")).unwrap();
    let merged = norbrief::export::merge::merge(doc, &out, "omegat.xlf").unwrap();
    assert_eq!(merged.targets(), targets);
}

#[test]
fn omegat_pretranslates_xliff12_from_norbrief_tmx() {
    if !has_omegat() {
        println!("SKIPPED: omegat not found (apt-get install omegat)");
        return;
    }
    let article =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/dn-kim-putin.txt");
    let doc = norbrief::analyze_bytes(
        &std::fs::read(&article).unwrap(),
        &norbrief::Options::default(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let proj = dir.path().join("proj");
    for sub in [
        "source",
        "target",
        "tm/auto",
        "glossary",
        "dictionary",
        "omegat",
    ] {
        std::fs::create_dir_all(proj.join(sub)).unwrap();
    }
    std::fs::write(proj.join("omegat.project"), PROJECT).unwrap();

    // A "translated" XLIFF 2.1: every target filled, as a CAT tool would.
    let prefilled = norbrief::export::write_units(
        &doc,
        norbrief::export::Format::Xliff2,
        &norbrief::export::ExportOptions {
            prefill: true,
            ..Default::default()
        },
    )
    .unwrap();
    // Every prefilled target is a copy of its source, protected names
    // (`<mrk>`) included, so prefixing each target translates it.
    let translated = String::from_utf8(prefilled)
        .unwrap()
        .replace("<target>", "<target>PSEUDO-EN ");
    let translated_path = dir.path().join("translated.xlf");
    std::fs::write(&translated_path, translated).unwrap();
    norbrief()
        .arg("merge")
        .arg(&article)
        .arg(&translated_path)
        .args(["--format", "tmx", "--omegat-tags", "-o"])
        .arg(proj.join("tm/auto/dn-kim-putin.tmx"))
        .assert()
        .success();
    norbrief()
        .arg("units")
        .arg(&article)
        .args(["--format", "xliff12", "--prefill", "-o"])
        .arg(proj.join("source/dn-kim-putin.xlf"))
        .assert()
        .success();

    run_omegat(&proj);
    let out = std::fs::read(proj.join("target/dn-kim-putin.xlf")).unwrap();
    let merged = norbrief::export::merge::merge(&doc, &out, "omegat.xlf").unwrap();
    assert!(merged.warnings.is_empty(), "{:?}", merged.warnings);
    for u in &doc.units {
        assert_eq!(
            merged.target(&u.id),
            Some(format!("PSEUDO-EN {}", u.text).as_str()),
            "{}",
            u.id
        );
    }
}
