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

#[test]
fn omegat_pretranslates_xliff12_from_norbrief_tmx() {
    let has_omegat = Command::new("sh")
        .args(["-c", "command -v omegat"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !has_omegat {
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
    let mut translated = String::from_utf8(prefilled).unwrap();
    for u in &doc.units {
        let escaped = u
            .text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        translated = translated.replacen(
            &format!("<target>{escaped}</target>"),
            &format!("<target>PSEUDO-EN {escaped}</target>"),
            1,
        );
    }
    let translated_path = dir.path().join("translated.xlf");
    std::fs::write(&translated_path, translated).unwrap();
    norbrief()
        .arg("merge")
        .arg(&article)
        .arg(&translated_path)
        .args(["--format", "tmx", "-o"])
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

    let run = Command::new("omegat")
        .arg(&proj)
        .arg("--mode=console-translate")
        .env("JAVA_TOOL_OPTIONS", "-Djava.awt.headless=true")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "omegat failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
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
