//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The folder of corpus fixtures (articles with gold annotations).
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

/// Every corpus article, sorted by name.
pub fn corpus_articles() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("corpus fixtures exist")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

/// The `norbrief` binary built for the tests.
pub fn norbrief() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("norbrief").expect("binary is built")
}

/// A corpus fixture by file name.
pub fn corpus(name: &str) -> PathBuf {
    corpus_dir().join(name)
}

/// The `norbrief` binary as a plain process, for tests that drive it with
/// other programs (translate-toolkit, OmegaT) in between.
pub fn norbrief_process() -> std::process::Command {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("norbrief"))
}
