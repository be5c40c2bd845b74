//! Saved inputs for the fuzz targets in `fuzz/`, checked by the very code the
//! targets run (`fuzz/src/lib.rs`). Each folder `tests/fixtures/fuzz/<target>/`
//! holds inputs in the targets' format: the first byte picks the options, the
//! rest is the article. Crash inputs go there with a note in
//! `docs/fuzzing.md`; a few hand-written inputs keep the checks exercised.

use std::path::{Path, PathBuf};

#[path = "../fuzz/src/lib.rs"]
mod checks;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no inputs in {}", dir.display());
    paths
        .into_iter()
        .map(|p| {
            let data = std::fs::read(&p).unwrap();
            (p, data)
        })
        .collect()
}

fn run(target: &str, check: fn(&[u8])) {
    for (path, data) in inputs(target) {
        eprintln!("{}", path.display());
        check(&data);
    }
}

#[test]
fn analyze_inputs() {
    run("analyze", |data| {
        let _ = checks::check_analyze(data);
    });
}

#[test]
fn render_brief_inputs() {
    run("render_brief", checks::check_render_brief);
}

#[test]
fn render_xliff_inputs() {
    run("render_xliff", checks::check_render_xliff);
}

#[test]
fn well_formedness_check_rejects_broken_xml() {
    assert!(checks::well_formed("<a><b/></a>").is_ok());
    for bad in [
        "<a><b></a>",
        "<a/><b/>",
        "<a>&nbsp;</a>",
        "<a>&#1;</a>",
        "<a>\u{1}</a>",
        "<a x=\"<\"/>",
        "<a>",
        "text<a/>",
    ] {
        assert!(checks::well_formed(bad).is_err(), "accepted {bad:?}");
    }
}
