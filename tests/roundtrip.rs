//! Round trip through a real CAT-tool library: norbrief writes XLIFF 2.1
//! (paragraph and flat form) and XLIFF 1.2, translate-toolkit (Python) fills
//! every target with a pseudo-translation that names its unit, and
//! `norbrief merge` reads the file back. Every target must land on its unit.
//!
//! Skips, with a message, when python3 or translate-toolkit is missing.

mod common;

use std::process::Command;

use assert_cmd::prelude::*;

/// Fills every target: `⟦uK⟧ ` + the source text, where uK is the norbrief
/// unit id derived from translate-toolkit's id (`p2::u1`, `u1`).
const FILL: &str = r#"
import sys
kind, path = sys.argv[1], sys.argv[2]
if kind == "xliff2":
    from translate.storage.xliff2 import Xliff2File as Store
else:
    from translate.storage.xliff import xlifffile as Store
with open(path, "rb") as f:
    store = Store.parsestring(f.read())
n = 0
for unit in store.units:
    if not unit.source:
        continue
    uid = unit.getid().split("\x04")[-1].split("::")[-1]
    # A prefilled target may hold protected names (<mrk>): replace the whole
    # target, as a CAT tool does, not only its leading text.
    if unit.target:
        unit.target = None
    unit.target = "\u27e6" + uid + "\u27e7 " + unit.source
    n += 1
with open(path, "wb") as f:
    f.write(bytes(store))
print(n)
"#;

fn python_with_toolkit() -> Option<String> {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string());
    let ok = Command::new(&python)
        .args([
            "-c",
            "import translate.storage.xliff2, translate.storage.xliff",
        ])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    ok.then_some(python)
}

use common::corpus;

fn norbrief() -> Command {
    common::norbrief_process()
}

fn roundtrip(python: &str, article: &str, format: &str, extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let xlf = dir.path().join("out.xlf");
    let article = corpus(article);
    norbrief()
        .arg("units")
        .arg(&article)
        .args(["--format", format, "-o"])
        .arg(&xlf)
        .args(extra)
        .assert()
        .success();
    let kind = if format == "xliff" {
        "xliff2"
    } else {
        "xliff12"
    };
    let fill = Command::new(python)
        .args(["-c", FILL, kind])
        .arg(&xlf)
        .output()
        .unwrap();
    assert!(
        fill.status.success(),
        "translate-toolkit failed: {}",
        String::from_utf8_lossy(&fill.stderr)
    );
    let filled: usize = String::from_utf8_lossy(&fill.stdout)
        .trim()
        .parse()
        .unwrap();

    // The library view: every unit has exactly its own pseudo-translation.
    let doc = norbrief::analyze_bytes(
        &std::fs::read(&article).unwrap(),
        &norbrief::Options::default(),
    )
    .unwrap();
    assert_eq!(filled, doc.units.len(), "{format} {extra:?}");
    let merged =
        norbrief::export::merge::merge(&doc, &std::fs::read(&xlf).unwrap(), "out.xlf").unwrap();
    assert!(merged.untranslated.is_empty(), "{format} {extra:?}");
    // translate-toolkit keeps the header, so the source hash is checked too.
    assert!(
        merged.warnings.is_empty(),
        "{format} {extra:?}: {:?}",
        merged.warnings
    );
    for u in &doc.units {
        let want = format!("\u{27e6}{}\u{27e7} {}", u.id, u.text);
        assert_eq!(
            merged.target(&u.id),
            Some(want.as_str()),
            "{format} {extra:?}"
        );
    }

    // The command: the bilingual briefing and the translated article.
    let md = norbrief()
        .arg("merge")
        .arg(&article)
        .arg(&xlf)
        .assert()
        .success();
    let md = String::from_utf8(md.get_output().stdout.clone()).unwrap();
    assert!(md.contains("None: every unit has a translation."), "{md}");
    let target = norbrief()
        .arg("merge")
        .arg(&article)
        .arg(&xlf)
        .arg("--target-only")
        .assert()
        .success();
    let target = String::from_utf8(target.get_output().stdout.clone()).unwrap();
    for u in &doc.units {
        assert!(
            target.contains(&format!("\u{27e6}{}\u{27e7}", u.id)),
            "{} missing from the translated article",
            u.id
        );
    }
    // And an aligned TMX from the translated file.
    let tmx = dir.path().join("aligned.tmx");
    norbrief()
        .arg("merge")
        .arg(&article)
        .arg(&xlf)
        .args(["--format", "tmx", "-o"])
        .arg(&tmx)
        .assert()
        .success();
    let back =
        norbrief::export::merge::merge(&doc, &std::fs::read(&tmx).unwrap(), "a.tmx").unwrap();
    assert_eq!(back.targets(), merged.targets());
}

#[test]
fn translate_toolkit_fills_targets_and_merge_puts_each_on_its_unit() {
    let Some(python) = python_with_toolkit() else {
        println!(
            "SKIPPED: python3 with translate-toolkit not found \
             (pip install translate-toolkit==3.20.4)"
        );
        return;
    };
    for article in [
        "dn-kim-putin.txt",
        "nrk-nn-ferjekaos.txt",
        "aftenposten-sikkerhetshull.txt",
    ] {
        roundtrip(&python, article, "xliff", &[]);
        roundtrip(&python, article, "xliff", &["--flat"]);
        roundtrip(&python, article, "xliff12", &[]);
        roundtrip(&python, article, "xliff12", &["--prefill"]);
    }
}
