//! The properties the fuzz targets check. `tests/fuzz_regressions.rs` in the
//! main crate includes this file, so a saved crash input is checked by exactly
//! the code that found it.
//!
//! Input layout: the first byte picks the options (bits 0–1: format, text /
//! Markdown / HTML; bit 2: no cleaning; bit 3: Bokmål interface strings; bits
//! 4–5: export variant), the rest is the article.

use std::borrow::Cow;

use norbrief::export::{self, ExportOptions, Format};
use norbrief::model::{Document, InputFormat, Language};
use norbrief::render::{self, BriefOptions, FrontMatter, Ui};
use norbrief::Options;
use quick_xml::events::Event;
use quick_xml::Reader;

/// The fuzz input split into its option byte and the article bytes.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The option byte.
    pub flags: u8,
    /// The article.
    pub bytes: &'a [u8],
}

impl<'a> Input<'a> {
    /// Splits `data`; `None` when it is empty.
    pub fn new(data: &'a [u8]) -> Option<Input<'a>> {
        let (&flags, bytes) = data.split_first()?;
        Some(Input { flags, bytes })
    }

    /// The pipeline options the flags select.
    pub fn options(&self) -> Options {
        let format = match self.flags & 3 {
            1 => InputFormat::Markdown,
            2 => InputFormat::Html,
            _ => InputFormat::Text,
        };
        Options {
            format: Some(format),
            no_clean: self.flags & 4 != 0,
            ..Options::default()
        }
    }
}

/// Analyses the input twice: the results must be equal, and an analysed
/// document must satisfy the contract's invariants (`Document::check`). Its
/// JSON, pretty and compact, must be what `serde_json` writes, byte for byte.
pub fn check_analyze(data: &[u8]) -> Option<Document> {
    let input = Input::new(data)?;
    let options = input.options();
    let first = norbrief::analyze_bytes(input.bytes, &options);
    let second = norbrief::analyze_bytes(input.bytes, &options);
    assert_eq!(first, second, "two runs on the same input differ");
    let doc = first.ok()?;
    let problems = doc.check();
    assert!(problems.is_empty(), "contract violations: {problems:?}");
    let mut pretty = Vec::new();
    norbrief::export::json::write_pretty(&mut pretty, &doc).expect("JSON");
    assert_eq!(
        pretty,
        serde_json::to_vec_pretty(&doc).expect("JSON"),
        "pretty JSON differs"
    );
    let mut compact = Vec::new();
    norbrief::export::json::write_compact(&mut compact, &doc).expect("JSON");
    assert_eq!(
        compact,
        serde_json::to_vec(&doc).expect("JSON"),
        "compact JSON differs"
    );
    Some(doc)
}

/// Renders the briefing with every kind of front matter and checks what the
/// renderer and its escaper promise:
/// - the built-in template renders every analysed document;
/// - the front matter is a prefix of the output and the body after it does
///   not depend on the front-matter kind; YAML and TOML front matter parse
///   back with their libraries to the same title;
/// - the body (where every article value passes `escape::markdown`) has no
///   raw `<script` and no `{{` / `{%`;
/// - `escape::markdown` on the raw article text gives one line without `<`,
///   `>`, `{`, `}`.
pub fn check_render_brief(data: &[u8]) {
    let Some(input) = Input::new(data) else {
        return;
    };
    check_escaper(&String::from_utf8_lossy(input.bytes));
    let Some(doc) = check_analyze(data) else {
        return;
    };
    let ui = if input.flags & 8 != 0 { Ui::Nb } else { Ui::En };
    let brief = |front_matter| {
        let options = BriefOptions {
            front_matter,
            ui,
            templates: None,
        };
        render::briefing(&doc, &options)
            .unwrap_or_else(|e| panic!("briefing ({front_matter:?}) failed: {e}"))
    };
    let body = brief(FrontMatter::None);
    let lower = body.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "raw <script in the body");
    assert!(!body.contains("{{"), "{{{{ in the body");
    assert!(!body.contains("{%"), "{{% in the body");

    let yaml = brief(FrontMatter::Yaml);
    let front = yaml
        .strip_suffix(body.as_str())
        .expect("the YAML briefing ends with the body");
    let front = front
        .strip_prefix("---\n")
        .and_then(|f| f.strip_suffix("---\n"))
        .expect("YAML front matter between --- lines");
    let yaml_data: FrontData =
        serde_saphyr::from_str(front).unwrap_or_else(|e| panic!("YAML front matter: {e}"));

    let toml = brief(FrontMatter::Toml);
    let front = toml
        .strip_suffix(body.as_str())
        .expect("the TOML briefing ends with the body");
    let front = front
        .strip_prefix("+++\n")
        .and_then(|f| f.strip_suffix("+++\n"))
        .expect("TOML front matter between +++ lines");
    let toml_data: FrontData =
        toml::from_str(front).unwrap_or_else(|e| panic!("TOML front matter: {e}"));
    assert_eq!(yaml_data, toml_data, "YAML and TOML front matter differ");
}

/// The string fields of the front matter, as a reader sees them.
#[derive(Debug, PartialEq, serde::Deserialize)]
struct FrontData {
    title: String,
    description: String,
    tags: Vec<String>,
    language: String,
    publisher: Option<String>,
    draft: bool,
    slug: String,
}

/// What `escape::markdown` promises about its output.
pub fn check_escaper(text: &str) {
    let out = render::escape::markdown(text);
    for bad in ['<', '>', '{', '}', '\n', '\r'] {
        assert!(!out.contains(bad), "{bad:?} in escaped text {out:?}");
    }
    assert_eq!(out.trim_matches(' '), out, "escaped text not trimmed");
}

/// The translator-file variants written for one document.
const EXPORTS: &[(Format, bool, bool, bool)] = &[
    // (format, flat, prefill, omegat_tags)
    (Format::Xliff2, false, false, false),
    (Format::Xliff2, true, false, false),
    (Format::Xliff2, false, true, false),
    (Format::Xliff2, true, true, false),
    (Format::Xliff12, false, false, false),
    (Format::Xliff12, false, true, false),
    (Format::Tmx, false, false, false),
    (Format::Tmx, false, false, true),
];

/// Writes every translator-file variant: each must be written, be well-formed
/// XML, and be read back by the merge functions without a panic.
pub fn check_render_xliff(data: &[u8]) {
    // Reading arbitrary bytes as a translated file must not panic either.
    if let Some(input) = Input::new(data) {
        let _ = export::merge::read(input.bytes);
    }
    let Some(mut doc) = check_analyze(data) else {
        return;
    };
    if doc.meta.language == Language::Und {
        doc.meta.language = Language::Nb;
    }
    for &(format, flat, prefill, omegat_tags) in EXPORTS {
        let options = ExportOptions {
            flat,
            prefill,
            omegat_tags,
            ..ExportOptions::default()
        };
        let out = export::write_units(&doc, format, &options)
            .unwrap_or_else(|e| panic!("{format:?} {options:?}: {e}"));
        let text = std::str::from_utf8(&out)
            .unwrap_or_else(|e| panic!("{format:?} {options:?}: not UTF-8: {e}"));
        if let Err(e) = well_formed(text) {
            panic!("{format:?} {options:?}: not well-formed: {e}\n{text}");
        }
        let _ = export::merge::read(&out);
        let _ = export::merge::merge(&doc, &out, "fuzz.xlf");
    }
}

/// Whether `c` is a `Char` of XML 1.0.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Checks that `text` is a well-formed XML 1.0 document (no DTD): one root
/// element, matching end tags, the predefined entities and valid character
/// references only, only XML characters.
pub fn well_formed(text: &str) -> Result<(), String> {
    if let Some(c) = text.chars().find(|&c| !xml_char(c)) {
        return Err(format!("character {c:?} is not allowed in XML"));
    }
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.check_comments = true;
    config.allow_unmatched_ends = false;
    config.allow_dangling_amp = false;
    let mut depth = 0usize;
    let mut roots = 0usize;
    let check_text = |raw: Cow<'_, str>, depth: usize| -> Result<(), String> {
        if raw.contains('<') {
            return Err(format!("'<' in text {raw:?}"));
        }
        if depth == 0 && !raw.trim().is_empty() {
            return Err(format!("text outside the root: {raw:?}"));
        }
        Ok(())
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("at {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                if depth == 0 {
                    roots += 1;
                }
                for attr in e.attributes().with_checks(true) {
                    let attr = attr.map_err(|e| format!("attribute: {e}"))?;
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                        .map_err(|e| format!("attribute value: {e}"))?;
                    if let Some(c) = value.chars().find(|&c| !xml_char(c)) {
                        return Err(format!("character reference {c:?} in an attribute"));
                    }
                    let raw = std::str::from_utf8(&attr.value).map_err(|e| e.to_string())?;
                    if raw.contains('<') {
                        return Err(format!("'<' in attribute value {raw:?}"));
                    }
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::End(_) => depth = depth.checked_sub(1).ok_or("unmatched end tag")?,
            Event::Text(t) => check_text(t.decode().map_err(|e| e.to_string())?, depth)?,
            Event::CData(_) if depth == 0 => return Err("CDATA outside the root".into()),
            Event::GeneralRef(r) => {
                if depth == 0 {
                    return Err("reference outside the root".into());
                }
                if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) if xml_char(c) => {}
                        other => return Err(format!("bad character reference: {other:?}")),
                    }
                } else {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    if !matches!(&*name, "amp" | "lt" | "gt" | "quot" | "apos") {
                        return Err(format!("undeclared entity &{name};"));
                    }
                }
            }
            // TMX names its DTD; nothing may follow the root.
            Event::DocType(_) if depth > 0 || roots > 0 => {
                return Err("DOCTYPE after the root element".into())
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err("the document ends inside an element".into());
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
}
