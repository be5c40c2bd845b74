//! Hostile input: odd file names, empty and binary files, boilerplate-only
//! articles, huge lines, deep nesting, and a batch killed half-way.

mod common;

use common::{corpus_dir, norbrief};
use predicates::prelude::*;

#[test]
fn file_names_with_spaces_quotes_and_leading_dashes_work() {
    let dir = tempfile::tempdir().unwrap();
    let name = "-en \"rar\" fil 'her'.txt";
    std::fs::write(dir.path().join(name), "Det var en gang. Slutt.").unwrap();
    norbrief()
        .current_dir(dir.path())
        .args(["analyze", "--", name])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            r#""source_file": "-en \"rar\" fil 'her'.txt""#,
        ));
    let out = dir.path().join("ut data");
    norbrief()
        .arg("batch")
        .arg(dir.path().join(name))
        .arg("-o")
        .arg(&out)
        .arg("--formats")
        .arg("json")
        .assert()
        .success();
    assert!(out.join("-en \"rar\" fil 'her'/analysis.json").exists());
}

#[test]
fn empty_file_is_a_warning_not_a_pretend_article() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tom.txt");
    std::fs::write(&path, "").unwrap();
    norbrief()
        .arg("analyze")
        .arg(&path)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("tom.txt")
                .and(predicate::str::contains("no article text left")),
        );
}

#[test]
fn boilerplate_only_file_warns_that_no_article_text_is_left() {
    norbrief()
        .args(["analyze", "-"])
        .write_stdin("Artikkelen fortsetter under annonsen\n\nDel\n\nLes også: Noe annet her\n")
        .assert()
        .success()
        .stdout(predicate::str::contains(r#""units": []"#))
        .stderr(predicate::str::contains("no article text left"));
}

#[test]
fn a_directory_given_as_article_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    norbrief()
        .arg("analyze")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is a directory"));
}

#[cfg(unix)]
#[test]
fn batch_reports_unreadable_entries_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("ok.txt"), "En setning her. En til.").unwrap();
    std::fs::write(input.join("bin.txt"), b"\x00\x01\x02binary").unwrap();
    std::os::unix::fs::symlink(input.join("missing.txt"), input.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink(&input, input.join("loop")).unwrap();
    let out = dir.path().join("out");
    norbrief()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["--formats", "json,jsonl"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("dangling.txt")
                .and(predicate::str::contains("bin.txt"))
                .and(predicate::str::contains("binary"))
                .and(predicate::str::contains("1 written")),
        );
    assert!(out.join("ok/analysis.json").exists());
    assert!(!out.join("bin").exists());
}

#[test]
fn a_very_long_line_and_many_sentences_are_handled() {
    let long_line = "ord ".repeat(500_000) + ".";
    norbrief()
        .args(["segment", "--no-clean", "--format", "lines", "-"])
        .write_stdin(long_line)
        .assert()
        .success();
    let many = "Setning her. ".repeat(100_000);
    let out = norbrief()
        .args(["segment", "--no-clean", "-"])
        .write_stdin(many)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().count(),
        100_000
    );
    let colons = "Han sa: ".repeat(50_000);
    norbrief()
        .args(["segment", "--no-clean", "-"])
        .write_stdin(colons)
        .assert()
        .success();
}

#[test]
fn deeply_nested_markdown_does_not_overflow_the_stack() {
    let nested = ">".repeat(50_000) + " dypt sitat.\n\n" + &"- ".repeat(20_000) + "liste\n";
    norbrief()
        .args(["analyze", "--input", "markdown", "-"])
        .write_stdin(nested)
        .assert()
        .success();
}

#[cfg(unix)]
#[test]
fn a_killed_batch_leaves_no_partial_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("archive");
    std::fs::create_dir(&input).unwrap();
    let article = std::fs::read(corpus_dir().join("dn-kim-putin.txt")).unwrap();
    for i in 0..600 {
        std::fs::write(input.join(format!("a{i:05}.txt")), &article).unwrap();
    }
    let out = dir.path().join("out");
    let bin = assert_cmd::cargo::cargo_bin("norbrief");
    let mut child = std::process::Command::new(bin)
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["--formats", "json,brief,xliff,jsonl", "--quiet"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it has written something, while it is still writing.
    for _ in 0..500 {
        if out.exists() && std::fs::read_dir(&out).map(|d| d.count()).unwrap_or(0) > 20 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let mut complete = 0;
    for folder in std::fs::read_dir(&out).unwrap() {
        let folder = folder.unwrap().path();
        if folder
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(".norbrief-")
        {
            continue; // an unfinished temporary folder, never an article's
        }
        let mut names = vec![];
        for file in std::fs::read_dir(&folder).unwrap() {
            let path = file.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with(".norbrief-") {
                continue; // an unfinished temporary file, never an output
            }
            let bytes = std::fs::read(&path).unwrap();
            names.push(name.clone());
            match name.as_str() {
                "analysis.json" => {
                    serde_json::from_slice::<serde_json::Value>(&bytes).expect("complete JSON");
                    complete += 1;
                }
                "briefing.md" => assert!(String::from_utf8(bytes)
                    .unwrap()
                    .contains("## Removed by cleaning")),
                "units.xlf" => assert!(String::from_utf8(bytes)
                    .unwrap()
                    .trim_end()
                    .ends_with("</xliff>")),
                "units.jsonl" => {
                    for line in String::from_utf8(bytes).unwrap().lines() {
                        serde_json::from_str::<serde_json::Value>(line).expect("complete line");
                    }
                }
                other => panic!("unexpected file {other}"),
            }
        }
        // A new article folder is renamed into place whole: all or nothing.
        names.sort();
        assert_eq!(
            names,
            ["analysis.json", "briefing.md", "units.jsonl", "units.xlf"],
            "{}",
            folder.display()
        );
    }
    assert!(complete > 0, "the batch wrote nothing before it was killed");
    // A rerun finishes the job and sweeps the leftovers.
    norbrief()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["--formats", "json,brief,xliff,jsonl", "--quiet"])
        .assert()
        .success();
    for folder in std::fs::read_dir(&out).unwrap() {
        let folder = folder.unwrap();
        assert!(
            !folder
                .file_name()
                .to_string_lossy()
                .starts_with(".norbrief-"),
            "a temporary folder was left: {:?}",
            folder.file_name()
        );
        let files: Vec<String> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(files.len(), 4, "{files:?}");
    }
}

#[test]
fn boilerplate_only_article_gets_no_briefing_and_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("briefing.md");
    norbrief()
        .args(["brief", "-o"])
        .arg(&out)
        .arg("-")
        .write_stdin("Artikkelen fortsetter under annonsen\n\nDel artikkelen\n")
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("<stdin>")
                .and(predicate::str::contains("no article text left")),
        );
    assert!(!out.exists());
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("tom.txt"), "").unwrap();
    std::fs::copy(
        corpus_dir().join("vg-brann-fredrikstad.txt"),
        input.join("ok.txt"),
    )
    .unwrap();
    let out = dir.path().join("out");
    norbrief()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("tom.txt")
                .and(predicate::str::contains("no article text left")),
        );
    assert!(!out.join("tom").exists());
    for file in ["analysis.json", "briefing.md", "units.xlf", "units.jsonl"] {
        assert!(out.join("ok").join(file).exists(), "{file}");
    }
}
