//! The Markdown briefing: snapshots of every corpus article, the hostile
//! article, a hand-made analysis with every section filled, front-matter round
//! trips, and the `brief` / `templates` commands run as a real binary.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use norbrief::model::Document;
use norbrief::render::{briefing, BriefOptions, FrontMatter, Ui};
use predicates::prelude::*;

const HOSTILE_ARTICLE: &str = "tests/fixtures/corpus/aftenposten-sikkerhetshull.txt";
const HOSTILE_ANALYSIS: &str = "tests/fixtures/brief/hostile-analysis.json";

fn analyze_file(path: &Path) -> Document {
    let bytes = std::fs::read(path).unwrap();
    let options = norbrief::Options {
        source_name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
        ..Default::default()
    };
    norbrief::analyze_bytes(&bytes, &options).unwrap()
}

fn hostile_analysis() -> Document {
    let json = std::fs::read_to_string(HOSTILE_ANALYSIS).unwrap();
    let doc: Document = serde_json::from_str(&json).unwrap();
    assert_eq!(doc.check(), Vec::<String>::new());
    doc
}

fn options(front_matter: FrontMatter, ui: Ui) -> BriefOptions {
    BriefOptions {
        front_matter,
        ui,
        templates: None,
    }
}

/// The Markdown body: everything after the front matter.
fn body(markdown: &str) -> &str {
    for delim in ["---\n", "+++\n"] {
        if let Some(rest) = markdown.strip_prefix(delim) {
            if let Some(end) = rest.find(&format!("\n{delim}")) {
                return &rest[end + 1 + delim.len()..];
            }
        }
    }
    markdown
}

fn front(markdown: &str) -> &str {
    let rest = &markdown[4..];
    &rest[..rest.find(&markdown[..4]).unwrap()]
}

fn assert_inert(markdown: &str) {
    for bad in ["<script", "<", "{{", "{%", "{{<", "{{%", "{:", "$$", "]("] {
        assert!(
            !markdown.contains(bad),
            "{bad:?} reached the Markdown:\n{markdown}"
        );
    }
    for line in markdown.lines() {
        assert!(
            !line.starts_with("    ") || line.starts_with("    - "),
            "indented code block: {line:?}"
        );
    }
}

#[test]
fn corpus_briefings_match_snapshots() {
    insta::glob!("fixtures/corpus/*.txt", |path| {
        let doc = analyze_file(path);
        let md = briefing(&doc, &BriefOptions::default()).unwrap();
        insta::assert_snapshot!(md);
    });
}

/// The corpus articles, sorted by name.
fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/fixtures/corpus")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 7);
    files
}

// Not `insta::glob!`: its failure count is shared with the snapshot test.
#[test]
fn corpus_briefings_are_inert_in_every_mode() {
    for path in corpus() {
        let doc = analyze_file(&path);
        for fm in [FrontMatter::Yaml, FrontMatter::Toml, FrontMatter::None] {
            for ui in [Ui::En, Ui::Nb] {
                let md = briefing(&doc, &options(fm, ui)).unwrap();
                assert!(md.ends_with('\n') && !md.ends_with("\n\n\n"));
                assert_inert(body(&md));
            }
        }
    }
}

#[test]
fn hostile_article_leaks_no_html_or_template_syntax() {
    let doc = analyze_file(Path::new(HOSTILE_ARTICLE));
    assert!(doc.clean_text.contains("<script>alert(1)</script>"));
    let md = briefing(&doc, &BriefOptions::default()).unwrap();
    assert!(!md.contains("<script"), "{md}");
    assert!(!md.contains("{{") && !md.contains("{%"), "{md}");
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{md}");
    assert!(md.contains("\\#StengHullet"), "{md}");
    assert!(md.contains("\\*\\*\\*\\*\\*\\*\\*\\*"), "{md}");
    assert!(
        md.contains("Fjellvik &#124; 12 400 &#124; 26. februar"),
        "{md}"
    );
}

#[test]
fn hostile_analysis_matches_snapshots() {
    let doc = hostile_analysis();
    for (name, fm, ui) in [
        ("hostile_yaml_en", FrontMatter::Yaml, Ui::En),
        ("hostile_toml_en", FrontMatter::Toml, Ui::En),
        ("hostile_none_nb", FrontMatter::None, Ui::Nb),
    ] {
        let md = briefing(&doc, &options(fm, ui)).unwrap();
        insta::assert_snapshot!(name, md);
    }
}

#[test]
fn hostile_analysis_body_is_inert() {
    let doc = hostile_analysis();
    for fm in [FrontMatter::Yaml, FrontMatter::Toml, FrontMatter::None] {
        for ui in [Ui::En, Ui::Nb] {
            let md = briefing(&doc, &options(fm, ui)).unwrap();
            assert_inert(body(&md));
        }
    }
}

#[test]
fn every_section_is_filled_from_the_analysis() {
    let md = briefing(&hostile_analysis(), &BriefOptions::default()).unwrap();
    for needle in [
        "## Summary\n\n- Kim reiser trolig",
        "    - source: anonyme kilder &#123;% include x %&#125;; hedges: trolig, ifølge",
        "- «Vi må handle &lt;script&gt;alert(1)&lt;/script&gt; nå» (u3)",
        "| s2 | Ola &#123;&#123;&lt; youtube x &gt;&#125;&#125; Nordmann | person |",
        "| Moskva | place | Moscow | 2 | u2 |",
        "The article is in Nynorsk",
        "i forrige uke (u2); mandag (u4)",
        "118,60 (u4)",
        "30\u{a0}000 (u4)",
        "| u7 | sentence | 11 | \\- Heller ikke dette",
        "| share | &#123;% raw %&#125;Del",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in:\n{md}");
    }
}

#[test]
fn norwegian_ui_uses_norwegian_headings() {
    let md = briefing(&hostile_analysis(), &options(FrontMatter::None, Ui::Nb)).unwrap();
    for heading in [
        "## Sammendrag",
        "## Hovedpåstander",
        "## Sitater",
        "## Kilder",
    ] {
        assert!(md.contains(heading), "{heading} missing");
    }
    assert!(!md.contains("## Summary"));
}

#[test]
fn yaml_front_matter_keeps_strings_strings() {
    let md = briefing(&hostile_analysis(), &BriefOptions::default()).unwrap();
    let fm: serde_json::Value = serde_saphyr::from_str(front(&md)).unwrap();
    assert_eq!(fm["title"], "no");
    assert_eq!(fm["slug"], "no");
    assert_eq!(fm["language"], "nn");
    assert_eq!(fm["draft"], false);
    assert_eq!(fm["date"], "2024-10-27T01:30:00+02:00");
    assert_eq!(fm["publisher"], "NRK {{ x }} | <i>Vestland</i>");
    assert_eq!(fm["tags"][1], "#Oslo | <b>");
    for line in front(&md).lines() {
        if let Some((_, value)) = line.split_once(": ") {
            assert!(
                value.starts_with(['\'', '"']) || value == "false",
                "unquoted value in {line:?}"
            );
        }
    }
}

#[test]
fn toml_front_matter_round_trips() {
    let md = briefing(&hostile_analysis(), &options(FrontMatter::Toml, Ui::En)).unwrap();
    assert!(md.starts_with("+++\n"));
    let fm: toml::Table = toml::from_str(front(&md)).unwrap();
    assert_eq!(fm["title"].as_str(), Some("no"));
    assert_eq!(
        fm["date"].as_datetime().map(|d| d.to_string()).as_deref(),
        Some("2024-10-27T01:30:00+02:00")
    );
    assert_eq!(fm["draft"].as_bool(), Some(false));
    assert_eq!(fm["tags"].as_array().map(Vec::len), Some(3));
}

#[test]
fn untitled_article_gets_a_derived_title() {
    let doc = norbrief::analyze_bytes(
        "Kim reiser trolig til Moskva. Det sier kilder.".as_bytes(),
        &norbrief::Options::default(),
    )
    .unwrap();
    assert_eq!(doc.meta.title, None);
    let md = briefing(&doc, &BriefOptions::default()).unwrap();
    assert!(
        md.contains("title: 'Kim reiser trolig til Moskva. (derived title)'"),
        "{md}"
    );
    assert!(md.contains("derived from the text"), "{md}");
    assert!(
        !md.contains("\ndate:"),
        "no date without one in the article: {md}"
    );
}

#[test]
fn empty_article_renders() {
    let doc = norbrief::analyze_bytes(b"", &norbrief::Options::default()).unwrap();
    let md = briefing(&doc, &BriefOptions::default()).unwrap();
    assert!(md.contains("# Untitled article (derived title)"), "{md}");
    assert!(
        md.contains("No article text was left after cleaning."),
        "{md}"
    );
}

#[test]
fn same_input_gives_identical_output() {
    let doc = analyze_file(Path::new(HOSTILE_ARTICLE));
    let a = briefing(&doc, &BriefOptions::default()).unwrap();
    let b = briefing(&doc, &BriefOptions::default()).unwrap();
    assert_eq!(a, b);
}

// ---------------------------------------------------------------- CLI

fn norbrief() -> Command {
    Command::cargo_bin("norbrief").unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn cli_brief_prints_yaml_briefing() {
    norbrief()
        .args(["brief", HOSTILE_ARTICLE])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("---\ntitle: "))
        .stdout(predicate::str::contains("&lt;script&gt;"))
        .stdout(predicate::str::contains("<script").not());
}

#[test]
fn cli_brief_writes_toml_norwegian_briefing_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("brief.md");
    norbrief()
        .args([
            "brief",
            HOSTILE_ARTICLE,
            "--front-matter",
            "toml",
            "--ui",
            "nb",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.starts_with("+++\ntitle = "), "{md}");
    assert!(md.contains("## Sammendrag"), "{md}");
}

#[test]
fn cli_brief_without_front_matter_starts_with_the_title() {
    norbrief()
        .args(["brief", HOSTILE_ARTICLE, "--front-matter", "none"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "# Alvorlig sikkerhetshull i kommunalt bookingsystem\n",
        ));
}

#[test]
fn cli_brief_from_analysis_renders_every_section() {
    norbrief()
        .args(["brief", "--from-analysis", HOSTILE_ANALYSIS])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "| Moskva | place | Moscow | 2 | u2 |",
        ));
}

#[test]
fn cli_brief_rejects_a_broken_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.json", "{\"schema\": \"norbrief/1\"}");
    norbrief()
        .args(["brief", "--from-analysis"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.json"));
}

#[test]
fn cli_templates_dump_writes_the_builtin_template() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("tpl");
    norbrief()
        .args(["templates", "--dump"])
        .arg(&target)
        .assert()
        .success();
    let dumped = std::fs::read_to_string(target.join("briefing.md.j2")).unwrap();
    assert_eq!(dumped, norbrief::render::BUILTIN_TEMPLATES[0].1);
    // A second dump does not overwrite customised templates by accident.
    norbrief()
        .args(["templates", "--dump"])
        .arg(&target)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    norbrief()
        .args(["templates", "--force", "--dump"])
        .arg(&target)
        .assert()
        .success();
    // The dumped template renders the same briefing as the built-in one.
    let builtin = norbrief()
        .args(["brief", HOSTILE_ARTICLE])
        .output()
        .unwrap();
    let custom = norbrief()
        .args(["brief", HOSTILE_ARTICLE, "--templates"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(custom.status.success());
    assert_eq!(builtin.stdout, custom.stdout);
}

#[test]
fn cli_user_template_overrides_and_is_still_escaped() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "briefing.md.j2",
        "# {{ page.title }}\n\n{% for u in doc.units %}{{ u.text }}\n\n{% endfor %}",
    );
    let out = norbrief()
        .args([
            "brief",
            HOSTILE_ARTICLE,
            "--front-matter",
            "none",
            "--templates",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# Alvorlig sikkerhetshull"), "{md}");
    assert!(
        md.contains("&lt;script&gt;") && !md.contains("<script"),
        "{md}"
    );
}

#[test]
fn cli_broken_template_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "briefing.md.j2",
        "# {{ page.title }}\n\n{% for u in units %}\n{{ u.text }\n{% endfor %}\n",
    );
    norbrief()
        .args(["brief", HOSTILE_ARTICLE, "--templates"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("briefing.md.j2:4:"))
        .stderr(predicate::str::contains("syntax error"));
}

#[test]
fn cli_undefined_variable_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "briefing.md.j2",
        "# {{ page.title }}\n\n{{ page.no_such_field }}\n",
    );
    norbrief()
        .args(["brief", HOSTILE_ARTICLE, "--templates"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("briefing.md.j2:3:"))
        .stderr(predicate::str::contains("undefined"));
}

#[test]
fn cli_missing_template_folder_is_an_error() {
    norbrief()
        .args(["brief", HOSTILE_ARTICLE, "--templates", "no/such/folder"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no/such/folder"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    #[test]
    fn any_article_renders_an_inert_briefing(
        text in "([A-ZÆØÅa-zæøå0-9 ,.:;!?«»–\\-#*>|<{}%$~`_\\[\\]()\\\\&\"']{0,40}\n{0,2}){0,12}"
    ) {
        if let Ok(doc) = norbrief::analyze_bytes(text.as_bytes(), &norbrief::Options::default()) {
            let md = briefing(&doc, &BriefOptions::default()).unwrap();
            assert_inert(body(&md));
        }
    }
}

/// A template folder holding `briefing.md.j2` with `source`, and a folder
/// for a batch's output.
fn batch_folders(source: &str) -> (tempfile::TempDir, tempfile::TempDir) {
    let templates = tempfile::tempdir().unwrap();
    write(templates.path(), "briefing.md.j2", source);
    (templates, tempfile::tempdir().unwrap())
}

#[test]
fn cli_batch_writes_briefings_with_the_brief_options() {
    let (templates, out) = batch_folders(
        "# CUSTOM {{ page.title }}\n\n{% for u in doc.units %}{{ u.text }}\n\n{% endfor %}",
    );
    let root = out.path().join("out");
    norbrief()
        .args([
            "batch",
            HOSTILE_ARTICLE,
            "--quiet",
            "--formats",
            "brief,json",
        ])
        .args(["--front-matter", "toml", "--ui", "nb", "--templates"])
        .arg(templates.path())
        .arg("-o")
        .arg(&root)
        .assert()
        .success();
    let folder = root.join(Path::new(HOSTILE_ARTICLE).file_stem().unwrap());
    let md = std::fs::read_to_string(folder.join("briefing.md")).unwrap();
    assert!(md.starts_with("+++\n"), "{md}");
    assert!(md.contains("\n# CUSTOM Alvorlig sikkerhetshull"), "{md}");
    // The same briefing `brief` writes with the same options.
    let single = norbrief()
        .args([
            "brief",
            HOSTILE_ARTICLE,
            "--front-matter",
            "toml",
            "--ui",
            "nb",
        ])
        .arg("--templates")
        .arg(templates.path())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(single.stdout).unwrap(), md);
}

#[test]
fn cli_batch_with_a_broken_template_stops_before_any_article() {
    let (templates, out) =
        batch_folders("# {{ page.title }}\n\n{% for u in units %}\n{{ u.text }\n{% endfor %}\n");
    let root = out.path().join("out");
    norbrief()
        .args(["batch", HOSTILE_ARTICLE, "--quiet", "--templates"])
        .arg(templates.path())
        .arg("-o")
        .arg(&root)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("briefing.md.j2:4:"))
        .stderr(predicate::str::contains("syntax error"));
    assert!(
        !root.exists(),
        "nothing is written when the template is broken"
    );
    // A batch that writes no briefing does not read the templates.
    norbrief()
        .args([
            "batch",
            HOSTILE_ARTICLE,
            "--quiet",
            "--formats",
            "json",
            "--templates",
        ])
        .arg(templates.path())
        .arg("-o")
        .arg(&root)
        .assert()
        .success();
}
