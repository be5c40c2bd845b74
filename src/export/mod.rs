//! Stage 6, export: a [`Document`] → translator files, and the way back.
//!
//! Input: an analysed [`Document`] and [`ExportOptions`]. Output: the bytes of
//! one translator file ([`write_units`]): XLIFF 2.1 ([`xliff`]), XLIFF 1.2
//! ([`xliff12`]), TMX 1.4 ([`tmx`]) or JSONL ([`jsonl`]). [`stats`] counts the
//! words a translator quotes a price on; [`merge`] reads a translated file back,
//! checks that it belongs to the article and renders it as Markdown or TMX.
//!
//! Invariants:
//! - every output is a pure function of its input: the same document and
//!   options give byte-identical files (no clock, no hash-map order);
//! - every XML file is well-formed: text goes through an escaping writer
//!   ([`xml`]) that also drops the characters XML 1.0 forbids;
//! - translation-unit ids are the contract's unit ids (`u1`, `u2`, …), and
//!   paragraph ids are `p1`, `p2`, … (`p{paragraph + 1}`);
//! - every file carries [`source_hash`] so that [`merge`] can tell whether a
//!   translated file was made from this article's text.

use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Document, Language, Role, Unit, UnitKind};

pub mod context;
pub mod json;
pub mod jsonl;
pub mod markdown;
pub mod merge;
pub mod stats;
pub mod tmx;
pub mod xliff;
pub mod xliff12;
pub mod xml;

/// The tool name written into file headers.
pub const TOOL_NAME: &str = "norbrief";
/// The tool version written into file headers.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A translator file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// XLIFF 2.1 with the metadata and glossary modules.
    Xliff2,
    /// XLIFF 1.2 (strict schema), for OmegaT, Trados and memoQ.
    Xliff12,
    /// TMX 1.4 translation memory.
    Tmx,
    /// One JSON object per unit and line.
    Jsonl,
}

/// How translator files are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// The target language (BCP 47), `en` by default.
    pub target_lang: String,
    /// Overrides the source language; needed when the article is not Norwegian.
    pub source_lang: Option<String>,
    /// XLIFF 2.1: one `<unit>` per sentence inside a paragraph `<group>`.
    pub flat: bool,
    /// Copy the source into `<target>` (OmegaT translates from the target).
    pub prefill: bool,
    /// TMX: write protected names as OmegaT tags (`<m0>…</m0>` as text), the
    /// form OmegaT 3.6 gives the `<mrk>`s of norbrief's XLIFF 1.2, so that its
    /// exact matches work. Other TMX readers see the tags as text.
    pub omegat_tags: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            target_lang: "en".to_string(),
            source_lang: None,
            flat: false,
            prefill: false,
            omegat_tags: false,
        }
    }
}

/// Writes the units of `doc` as a translator file.
///
/// ```
/// use norbrief::export::{write_units, ExportOptions, Format};
/// let mut doc = norbrief::analyze_bytes(
///     "Kim reiser trolig til Moskva. Det sier kilder.".as_bytes(),
///     &norbrief::Options::default(),
/// ).unwrap();
/// // Too short to tell Bokmål from Danish, so say which it is.
/// doc.meta.language = norbrief::model::Language::Nb;
/// let xlf = write_units(&doc, Format::Xliff2, &ExportOptions::default()).unwrap();
/// let xlf = String::from_utf8(xlf).unwrap();
/// assert!(xlf.contains(r#"<segment id="u2" state="initial">"#));
/// ```
pub fn write_units(doc: &Document, format: Format, options: &ExportOptions) -> Result<Vec<u8>> {
    write_units_with(doc, format, options, &context::Annotator::new(doc))
}

/// [`write_units`] with an annotator of `doc`, so that several formats of
/// one document find its notes and prepare its name searches once.
pub fn write_units_with(
    doc: &Document,
    format: Format,
    options: &ExportOptions,
    annotator: &context::Annotator<'_>,
) -> Result<Vec<u8>> {
    match format {
        Format::Xliff2 => xliff::write(doc, options, annotator),
        Format::Jsonl => jsonl::write(doc, annotator),
        Format::Xliff12 => xliff12::write(doc, options, annotator),
        Format::Tmx => tmx::write_with(doc, None, options, annotator),
    }
}

/// A buffer size for an output of `doc` that is about `per_byte` bytes per
/// byte of its text (measured on the corpus and an archive, with room to
/// spare): written into a buffer of that size, an output is not copied
/// while it grows. Capped, so that a huge input does not reserve in advance
/// what it may not need.
pub fn size_hint(doc: &Document, per_byte: usize) -> usize {
    doc.clean_text
        .len()
        .saturating_mul(per_byte)
        .saturating_add(4096)
        .min(64 << 20)
}

/// The fingerprint of an article's text: `sha256:` and the hex SHA-256 of
/// `clean_text`. Every translator file carries it; [`merge`] compares it.
pub fn source_hash(doc: &Document) -> String {
    let digest = Sha256::digest(doc.clean_text.as_bytes());
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest {
        out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
    }
    out
}

/// The source language for translator files: `nb` or `nn` from the analysis,
/// or the override. A non-Norwegian article without an override is refused:
/// writing `und` or `no` would make CAT tools pick the wrong resources.
pub fn source_language(doc: &Document, options: &ExportOptions) -> Result<String> {
    if let Some(tag) = &options.source_lang {
        return check_language_tag(tag, "source");
    }
    match doc.meta.language {
        Language::Nb | Language::Nn => Ok(doc.meta.language.code().to_string()),
        Language::Und => {
            let err = Error::new(
                ErrorKind::Language,
                "the article is not Norwegian Bokmål or Nynorsk (language 'und'), so it has no \
                 source language for a translator file; pass --source-lang with its BCP 47 tag \
                 (e.g. --source-lang da) if you know it",
            );
            Err(match &doc.meta.source_file {
                Some(f) => err.with_path(f),
                None => err,
            })
        }
    }
}

/// The checked target language.
pub fn target_language(options: &ExportOptions) -> Result<String> {
    check_language_tag(&options.target_lang, "target")
}

/// Checks that `tag` is a plain BCP 47 tag a CAT tool accepts, and returns it.
///
/// `no`, `nor`, `nob` and `nno` are refused in favour of `nb`/`nn`, `und` because
/// it names no language, and `_` because BCP 47 uses `-`.
pub fn check_language_tag(tag: &str, which: &str) -> Result<String> {
    let bad = |why: &str| {
        Err(Error::new(
            ErrorKind::Language,
            format!("invalid {which} language '{tag}': {why}"),
        ))
    };
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    if tag.contains('_') {
        return bad("BCP 47 tags use '-', not '_' (e.g. en-GB)");
    }
    if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return bad("expected a BCP 47 tag such as en, en-GB, nb or de");
    }
    match primary.to_ascii_lowercase().as_str() {
        "no" | "nor" | "nob" | "nno" => return bad("use nb (Bokmål) or nn (Nynorsk)"),
        "und" => return bad("'und' names no language"),
        _ => {}
    }
    for sub in parts {
        if !(1..=8).contains(&sub.len()) || !sub.chars().all(|c| c.is_ascii_alphanumeric()) {
            return bad("expected a BCP 47 tag such as en, en-GB, nb or de");
        }
    }
    Ok(tag.to_string())
}

/// The file name (no folders) the article came from, for `original` attributes.
pub fn original_name(doc: &Document) -> String {
    doc.meta
        .source_file
        .as_deref()
        .and_then(|f| std::path::Path::new(f).file_name())
        .and_then(|f| f.to_str())
        .unwrap_or("stdin")
        .to_string()
}

/// One paragraph (block) of the article with its units, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph<'a> {
    /// The paragraph id, `p1`, `p2`, …
    pub id: String,
    /// The contract's 0-based paragraph index.
    pub index: usize,
    /// Heading when every unit is a heading, else sentence.
    pub kind: UnitKind,
    /// The units of the paragraph.
    pub units: Vec<&'a Unit>,
}

impl<'a> Paragraph<'a> {
    /// The role of the paragraph's block when it is a list item, a table
    /// row, a block quote or a caption; `None` for headings and body text.
    pub fn role(&self) -> Option<Role> {
        match self.kind {
            UnitKind::Heading => None,
            UnitKind::Sentence => self.units.first().and_then(|u| u.role),
        }
    }

    /// What the paragraph is, for translator files: `heading`, `paragraph`,
    /// or its [`Paragraph::role`] (`list-item`, `table-row`, `quote`,
    /// `caption`).
    pub fn block_type(&self) -> &'static str {
        match (self.kind, self.role()) {
            (UnitKind::Heading, _) => "heading",
            (_, Some(Role::ListItem)) => "list-item",
            (_, Some(Role::TableRow)) => "table-row",
            (_, Some(Role::Quote)) => "quote",
            (_, Some(Role::Caption)) => "caption",
            _ => "paragraph",
        }
    }

    /// The text between unit `i` and unit `i + 1` of this paragraph.
    pub fn gap_after(&self, doc: &'a Document, i: usize) -> Option<&'a str> {
        let a = self.units.get(i)?.span[1];
        let b = self.units.get(i + 1)?.span[0];
        doc.clean_text.get(a..b)
    }
}

/// Groups the units of `doc` by paragraph, in reading order.
pub fn paragraphs(doc: &Document) -> Vec<Paragraph<'_>> {
    let mut out: Vec<Paragraph<'_>> = Vec::new();
    for u in &doc.units {
        match out.last_mut() {
            Some(p) if p.index == u.paragraph => {
                p.units.push(u);
                if u.kind != UnitKind::Heading {
                    p.kind = UnitKind::Sentence;
                }
            }
            _ => out.push(Paragraph {
                id: paragraph_id(u.paragraph),
                index: u.paragraph,
                kind: u.kind,
                units: vec![u],
            }),
        }
    }
    out
}

/// The id of the paragraph with 0-based index `index`: `p{index + 1}`.
pub fn paragraph_id(index: usize) -> String {
    format!("p{}", index.saturating_add(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translator_files_say_what_block_a_paragraph_is() {
        let text = "# Tittel på saken\n\nInnledningen er her.\n\n- Punkt en er her.\n\n\
                    | Navn | Alder |\n|---|---|\n| Ola | 40 |\n\n> Et sitat fra boka.\n";
        let options = crate::Options {
            format: Some(crate::InputFormat::Markdown),
            ..crate::Options::default()
        };
        let doc = crate::analyze_bytes(text.as_bytes(), &options).unwrap();
        let types: Vec<&str> = paragraphs(&doc).iter().map(Paragraph::block_type).collect();
        assert_eq!(
            types,
            [
                "heading",
                "paragraph",
                "list-item",
                "table-row",
                "table-row",
                "quote"
            ]
        );
        let write = |format| {
            // Too short to tell Bokmål from the other languages.
            let options = ExportOptions {
                source_lang: Some("nb".into()),
                ..ExportOptions::default()
            };
            let bytes = write_units(&doc, format, &options).unwrap();
            String::from_utf8(bytes).unwrap()
        };
        let xliff = write(Format::Xliff2);
        for t in ["heading", "paragraph", "list-item", "table-row", "quote"] {
            assert!(
                xliff.contains(&format!("type=\"norbrief:{t}\"")),
                "{t}: {xliff}"
            );
        }
        let xliff12 = write(Format::Xliff12);
        for t in ["heading", "paragraph", "list-item", "table-row", "quote"] {
            assert!(
                xliff12.contains(&format!("restype=\"x-{t}\"")),
                "{t}: {xliff12}"
            );
        }
        let jsonl = write(Format::Jsonl);
        let roles: Vec<Option<String>> = jsonl
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v.get("role").and_then(|r| r.as_str()).map(str::to_string)
            })
            .collect();
        let expected: Vec<Option<String>> = doc
            .units
            .iter()
            .map(|u| {
                u.role.map(|r| {
                    serde_json::to_value(r)
                        .unwrap()
                        .as_str()
                        .unwrap()
                        .to_string()
                })
            })
            .collect();
        assert_eq!(roles, expected);
        assert!(
            roles.iter().flatten().any(|r| r == "list-item"),
            "{roles:?}"
        );
    }

    #[test]
    fn language_tags_refuse_macro_norwegian_and_underscores() {
        for bad in [
            "no", "nob", "nno", "nor", "und", "nb_NO", "", "e", "english",
        ] {
            assert!(check_language_tag(bad, "target").is_err(), "{bad}");
        }
        for good in ["en", "en-GB", "de", "nb", "nn", "da", "zh-Hant-TW"] {
            assert_eq!(check_language_tag(good, "target").unwrap(), good);
        }
    }

    #[test]
    fn size_hints_grow_with_the_text_and_stop_at_the_cap() {
        let mut doc = crate::analyze_bytes(b"Kim reiser til Moskva.", &crate::Options::default())
            .expect("analysis");
        let small = size_hint(&doc, 10);
        assert_eq!(small, doc.clean_text.len() * 10 + 4096);
        doc.clean_text = "x".repeat(10 << 20);
        assert_eq!(size_hint(&doc, 10), 64 << 20);
    }

    #[test]
    fn source_hash_is_sha256_of_clean_text() {
        let doc = crate::analyze_bytes(b"Hei.", &crate::Options::default()).unwrap();
        let h = source_hash(&doc);
        assert!(h.starts_with("sha256:"));
        assert_eq!(h.len(), 7 + 64);
        assert_eq!(h, source_hash(&doc));
    }
}
