//! The `units` and `merge` commands as a user runs them: exit codes, output
//! files and error messages.

mod common;

use std::process::Command;

use assert_cmd::prelude::*;
use predicates::prelude::*;

use common::corpus;

fn norbrief() -> Command {
    common::norbrief_process()
}

#[test]
fn units_refuses_a_danish_article_without_source_lang() {
    norbrief()
        .arg("units")
        .arg(corpus("dr-da-cykelbro.txt"))
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("not Norwegian Bokmål or Nynorsk"))
        .stderr(predicate::str::contains("--source-lang"));
}

#[test]
fn units_writes_danish_with_source_lang() {
    norbrief()
        .arg("units")
        .arg(corpus("dr-da-cykelbro.txt"))
        .args(["--source-lang", "da", "--format", "xliff12"])
        .assert()
        .success()
        .stdout(predicate::str::contains(r#"source-language="da""#));
}

#[test]
fn units_refuses_macro_norwegian_target_tag() {
    norbrief()
        .arg("units")
        .arg(corpus("dn-kim-putin.txt"))
        .args(["--target-lang", "no"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("use nb (Bokmål) or nn (Nynorsk)"));
}

#[test]
fn units_writes_the_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.xlf");
    norbrief()
        .arg("units")
        .arg(corpus("dn-kim-putin.txt"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let xml = std::fs::read_to_string(&out).unwrap();
    assert!(xml.contains(r#"srcLang="nb" trgLang="en""#));
    assert!(xml.contains(r#"<segment id="u1""#));
}

#[test]
fn units_stats_counts_words() {
    norbrief()
        .arg("units")
        .arg(corpus("dn-kim-putin.txt"))
        .arg("--stats")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "segments: 16 (16 new, 0 repeated)",
        ));
}

#[test]
fn merge_of_another_articles_file_fails_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let xlf = dir.path().join("nrk.xlf");
    norbrief()
        .arg("units")
        .arg(corpus("nrk-nn-ferjekaos.txt"))
        .arg("-o")
        .arg(&xlf)
        .assert()
        .success();
    norbrief()
        .arg("merge")
        .arg(corpus("dn-kim-putin.txt"))
        .arg(&xlf)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("nrk.xlf"))
        .stderr(predicate::str::contains("different article text"));
}

#[test]
fn merge_of_an_untranslated_file_lists_every_unit() {
    let dir = tempfile::tempdir().unwrap();
    let xlf = dir.path().join("dn.xlf");
    norbrief()
        .arg("units")
        .arg(corpus("dn-kim-putin.txt"))
        .args(["--format", "xliff12", "-o"])
        .arg(&xlf)
        .assert()
        .success();
    norbrief()
        .arg("merge")
        .arg(corpus("dn-kim-putin.txt"))
        .arg(&xlf)
        .assert()
        .success()
        .stdout(predicate::str::contains("## Untranslated units"))
        .stderr(predicate::str::contains("16 of 16 units untranslated"));
}

#[test]
fn merge_rejects_a_file_that_is_not_xliff_or_tmx() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("page.html");
    std::fs::write(&f, "<html><body>hei</body></html>").unwrap();
    norbrief()
        .arg("merge")
        .arg(corpus("dn-kim-putin.txt"))
        .arg(&f)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("page.html"))
        .stderr(predicate::str::contains("expected <xliff> or <tmx>"));
}
