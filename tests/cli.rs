//! The command-line interface, run as a real process: stdout, stderr and exit codes.

mod common;

use common::{corpus_dir, norbrief};
use predicates::prelude::*;

#[test]
fn analyze_prints_the_contract() {
    let out = norbrief()
        .args(["analyze", "--format", "json"])
        .arg(corpus_dir().join("dn-kim-putin.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema"], "norbrief/1");
    assert_eq!(doc["meta"]["language"], "nb");
    assert_eq!(doc["meta"]["publisher"], "Dagens Næringsliv");
    assert_eq!(doc["meta"]["published"], "2023-09");
    assert!(doc["units"].as_array().unwrap().len() > 10);
}

#[test]
fn analyze_reads_stdin_and_records_no_file_name() {
    let out = norbrief()
        .args(["analyze", "-"])
        .write_stdin("Det var en gang en katt. Den bodde i Bergen.\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["meta"]["source_file"].is_null());
    assert_eq!(doc["units"].as_array().unwrap().len(), 2);
}

#[test]
fn windows_1252_input_is_decoded_and_reported() {
    let out = norbrief()
        .arg("analyze")
        .arg(corpus_dir().join("e24-kystlaks-cp1252.txt"))
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["meta"]["encoding"], "windows-1252");
    assert!(doc["clean_text"]
        .as_str()
        .unwrap()
        .contains("Lakseselskapet"));
}

#[test]
fn danish_article_is_und_with_a_warning() {
    norbrief()
        .arg("analyze")
        .arg(corpus_dir().join("dr-da-cykelbro.txt"))
        .assert()
        .success()
        .stdout(predicate::str::contains(r#""language": "und""#))
        .stderr(predicate::str::contains("warning").and(predicate::str::contains("Danish")));
}

#[test]
fn clean_explain_lists_removed_pieces_with_reasons() {
    norbrief()
        .args(["clean", "--explain"])
        .arg(corpus_dir().join("dn-kim-putin.txt"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Artikkelen fortsetter").not())
        .stdout(predicate::str::starts_with("Formålet med reisen"))
        .stderr(predicate::str::contains(
            "[ad-marker] Artikkelen fortsetter under annonsen",
        ))
        .stderr(predicate::str::contains("[footer] (Vilkår)Copyright"));
}

#[test]
fn segment_lines_puts_a_blank_line_between_paragraphs() {
    norbrief()
        .args(["segment", "--format", "lines", "--no-clean"])
        .write_stdin("Første setning. Andre setning.\n\nTredje, kl. 14.30 i dag.\n")
        .assert()
        .success()
        .stdout("Første setning.\nAndre setning.\n\nTredje, kl. 14.30 i dag.\n");
}

#[test]
fn segment_jsonl_has_spans_and_paragraphs() {
    let out = norbrief()
        .args(["segment", "--no-clean"])
        .write_stdin("A er her. B er der.\n\nC.\n")
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["text"], "B er der.");
    assert_eq!(lines[1]["span"], serde_json::json!([10, 19]));
    assert_eq!(lines[2]["paragraph"], 1);
}

#[test]
fn missing_file_is_a_clear_error() {
    norbrief()
        .args(["analyze", "no-such-article.txt"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("no-such-article.txt")
                .and(predicate::str::contains("cannot open")),
        );
}

#[test]
fn binary_input_is_refused_and_no_output_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("image.txt");
    std::fs::write(&input, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap();
    let out = dir.path().join("out.json");
    norbrief()
        .arg("analyze")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("image.txt").and(predicate::str::contains("binary")));
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temp file left"
    );
}

#[test]
fn forced_encoding_that_does_not_fit_is_a_clear_error() {
    norbrief()
        .args(["analyze", "--encoding", "utf-8"])
        .arg(corpus_dir().join("e24-kystlaks-cp1252.txt"))
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("e24-kystlaks-cp1252.txt")
                .and(predicate::str::contains("not valid UTF-8")),
        );
}

#[test]
fn unknown_encoding_is_a_clear_error() {
    norbrief()
        .args(["analyze", "--encoding", "klingon", "-"])
        .write_stdin("Hei.")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown encoding 'klingon'"));
}

#[test]
fn oversized_input_is_refused() {
    norbrief()
        .args(["analyze", "--max-bytes", "10", "-"])
        .write_stdin("Dette er mer enn ti byte.")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "larger than the limit of 10 bytes",
        ));
}

#[test]
fn user_rules_remove_more_and_bad_rules_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("site.rules");
    std::fs::write(
        &rules,
        "[share]\n# our site's newsletter prompt\nline Meld deg på nyhetsbrevet\n",
    )
    .unwrap();
    norbrief()
        .args(["clean", "--explain", "--rules"])
        .arg(&rules)
        .arg("-")
        .write_stdin("Meld deg på nyhetsbrevet\n\nEn setning.\n")
        .assert()
        .success()
        .stdout("En setning.\n")
        .stderr(predicate::str::contains("[share] Meld deg på nyhetsbrevet"));
    std::fs::write(&rules, "[share]\nline (unclosed\n").unwrap();
    norbrief()
        .args(["clean", "--rules"])
        .arg(&rules)
        .arg("-")
        .write_stdin("x")
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("site.rules:2").and(predicate::str::contains("invalid regex")),
        );
}

#[test]
fn output_file_is_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("analysis.json");
    norbrief()
        .args(["analyze", "-o"])
        .arg(&out)
        .arg(corpus_dir().join("vg-brann-fredrikstad.txt"))
        .assert()
        .success()
        .stdout("");
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(doc["meta"]["publisher"], "VG");
}

#[test]
fn markdown_input_keeps_no_markdown_syntax() {
    let out = norbrief()
        .args(["analyze", "--input", "markdown", "-"])
        .write_stdin("# Tittel her\n\nEt **fett** avsnitt. Med [lenke](https://x.no).\n\n* Punkt en\n* Punkt to\n")
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let texts: Vec<&str> = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Tittel her",
            "Et fett avsnitt.",
            "Med lenke.",
            "Punkt en",
            "Punkt to"
        ]
    );
    assert_eq!(doc["meta"]["title"], "Tittel her");
}

#[test]
fn usage_error_exits_2() {
    norbrief()
        .args(["analyze", "--format", "yaml"])
        .assert()
        .code(2);
}
