//! norbrief turns a scraped Norwegian news article into clean, sentence-aligned
//! translation units, an analysis (quotes, sources, claims, hedges, entities,
//! metadata), a Markdown briefing and translator files.
//!
//! The pipeline is a chain of stages, each a module with typed values between
//! them: [`decode`] (bytes → text) → [`blocks`] or, for HTML pages, [`html`]
//! (text → raw blocks and page metadata) → [`clean`]
//! (raw blocks → article blocks + removed pieces) → [`segment`] (blocks → units)
//! → [`analyze`] (units → analysis). [`analyze_bytes`] runs them all and returns
//! the [`model::Document`] of the contract; [`outline_bytes`] stops after
//! segmentation, with the units as spans of `clean_text` (what `norbrief
//! segment` and `norbrief clean` print). [`export`] renders a document as
//! translator files (XLIFF 2.1, XLIFF 1.2, TMX, JSONL) and merges a translated
//! file back; [`render`] makes the Markdown briefing for translators.
//!
//! ```
//! let doc = norbrief::analyze_bytes(
//!     "Artikkelen fortsetter under annonsen\n\nKim reiser trolig til Moskva. Det sier kilder.".as_bytes(),
//!     &norbrief::Options::default(),
//! ).unwrap();
//! assert_eq!(doc.units.len(), 2);
//! assert_eq!(doc.removed[0].reason, norbrief::model::RemovalReason::AdMarker);
//! ```
#![warn(missing_docs, missing_debug_implementations)]

pub mod alloc;
pub mod analyze;
pub mod batch;
pub mod blocks;
pub mod clean;
pub mod decode;
pub mod error;
pub mod export;
pub mod html;
pub mod lang;
pub mod meta;
pub mod model;
pub mod output;
pub mod render;
pub mod rules;
pub mod segment;
pub mod stream;
mod swar;

pub use error::{Error, ErrorKind, Result};
use model::{Document, InputFormat, Language, Meta, SCHEMA};
pub use rules::Rules;

/// Options for one run of the pipeline.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The input format; `None` detects it from the file name and content.
    pub format: Option<InputFormat>,
    /// A forced encoding; `None` detects it.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Rules to use; `None` uses the built-in rules.
    pub rules: Option<Rules>,
    /// The input's file name, recorded in `meta.source_file` and used to pick the format.
    pub source_name: Option<String>,
    /// Skip cleaning (keep every line, no heading detection).
    pub no_clean: bool,
    /// Stop after segmentation: quotes, sources, claims, entities and the
    /// summary stay empty (what `clean` and `segment` need, at a fraction of the cost).
    pub units_only: bool,
}

/// Builds now, on two threads (this one and one it starts), what the
/// pipeline otherwise builds on first use: the boilerplate rules of
/// `options`, the word lists, the built-in template and the regexes of dates
/// and notes. What is built already is not built again.
///
/// A batch calls it before its workers start. Otherwise the first article on
/// each worker asks for the same rules at once, and all but one worker wait
/// while one thread builds them alone.
pub fn warm_up(options: &Options) {
    std::thread::scope(|s| {
        s.spawn(|| {
            options.rules().line_rules();
        });
        analyze::warm_up();
        meta::warm_up();
        render::warm_up();
        options.rules().publisher_scan();
    });
}

impl Options {
    fn rules(&self) -> &Rules {
        self.rules.as_ref().unwrap_or_else(|| Rules::builtin())
    }

    /// The input format for `text`: the forced one, else by file extension, else
    /// by a look at the content.
    pub fn resolve_format(&self, text: &str) -> InputFormat {
        self.stated_format()
            .unwrap_or_else(|| sniff_format(text.as_bytes()))
    }

    /// The forced format, or the one the file extension names.
    fn stated_format(&self) -> Option<InputFormat> {
        if let Some(f) = self.format {
            return Some(f);
        }
        let ext = self
            .source_name
            .as_deref()
            .and_then(|n| std::path::Path::new(n).extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("md" | "markdown") => Some(InputFormat::Markdown),
            Some("html" | "htm" | "xhtml") => Some(InputFormat::Html),
            _ => None,
        }
    }
}

/// HTML when the input starts (after a BOM, whitespace and comments) with a
/// doctype or an `<html>`, `<head>` or `<meta>` tag; plain text otherwise.
fn sniff_format(bytes: &[u8]) -> InputFormat {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut head = &bytes[..bytes.len().min(1024)];
    loop {
        let start = head
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(head.len());
        head = &head[start..];
        if !head.starts_with(b"<!--") {
            break;
        }
        match head.windows(3).position(|w| w == b"-->") {
            Some(end) => head = &head[end + 3..],
            None => break,
        }
    }
    let lower = head.to_ascii_lowercase();
    let html = [&b"<!doctype html"[..], b"<html", b"<head", b"<meta "]
        .iter()
        .any(|p| lower.starts_with(p));
    if html {
        InputFormat::Html
    } else {
        InputFormat::Text
    }
}

/// Reads all of `reader`, refusing more than `max_bytes` (without reading past
/// the limit, so a huge or endless input costs no more than the limit).
pub fn read_limited(reader: impl std::io::Read, max_bytes: u64) -> Result<Vec<u8>> {
    read_limited_into(reader, max_bytes, Vec::new())
}

/// [`read_limited`] into a buffer that may already have room for the input.
fn read_limited_into(
    reader: impl std::io::Read,
    max_bytes: u64,
    mut bytes: Vec<u8>,
) -> Result<Vec<u8>> {
    use std::io::Read;
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::new(ErrorKind::Io, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > max_bytes {
        return Err(Error::new(
            ErrorKind::TooLarge,
            format!(
                "input is larger than the limit of {max_bytes} bytes (raise it with --max-bytes)"
            ),
        ));
    }
    Ok(bytes)
}

/// Reads a file with [`read_limited`]; errors name the file.
pub fn read_file(path: &std::path::Path, max_bytes: u64) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path)
        .map_err(|e| Error::new(ErrorKind::Io, format!("cannot open: {e}")).with_path(path))?;
    // Room for the whole file and the byte that would show it grew past the
    // limit: it is then read in one call instead of a run of growing ones.
    let size = file.metadata().map_or(0, |m| m.len()).min(max_bytes);
    let room = usize::try_from(size).unwrap_or(0).saturating_add(1);
    read_limited_into(file, max_bytes, Vec::with_capacity(room)).map_err(|e| e.with_path(path))
}

/// The cleaned article before analysis: what `norbrief clean` prints.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The decoded input.
    pub decoded: decode::Decoded,
    /// The format the input was read as.
    pub format: InputFormat,
    /// Metadata the format stated.
    pub page_meta: blocks::PageMeta,
    /// The cleaned blocks and removed pieces.
    pub cleaned: clean::Cleaned,
}

/// Decodes, reads and cleans an input.
pub fn prepare(bytes: &[u8], options: &Options) -> Result<Prepared> {
    Ok(prepare_decoded(decode_input(bytes, options)?, options))
}

/// Decodes an input as its format wants: the format must be known before
/// decoding, since an HTML page may declare its charset, and that declaration
/// wins over detection.
fn decode_input(bytes: &[u8], options: &Options) -> Result<decode::Decoded> {
    match input_format(bytes, options) {
        InputFormat::Html => decode::decode_html(bytes, options.encoding),
        _ => decode::decode(bytes, options.encoding),
    }
}

/// The format stated or, failing that, sniffed from the bytes.
fn input_format(bytes: &[u8], options: &Options) -> InputFormat {
    options
        .stated_format()
        .unwrap_or_else(|| sniff_format(bytes))
}

fn prepare_decoded(decoded: decode::Decoded, options: &Options) -> Prepared {
    // A UTF-16 page only shows it is HTML once decoded.
    let format = options.resolve_format(&decoded.text);
    let mut page = match format {
        InputFormat::Text => blocks::read_text(&decoded.text),
        InputFormat::Markdown => blocks::read_markdown(&decoded.text),
        InputFormat::Html => html::read_html(&decoded.text),
    };
    let cleaned = if options.no_clean {
        clean::passthrough(&mut page)
    } else {
        clean::clean(&page, options.rules())
    };
    Prepared {
        decoded,
        format,
        page_meta: page.meta,
        cleaned,
    }
}

/// Runs the whole pipeline on one input and returns the contract document.
pub fn analyze_bytes(bytes: &[u8], options: &Options) -> Result<Document> {
    let prepared = prepare(bytes, options)?;
    Ok(analyze_prepared(prepared, options))
}

/// Segments and analyses a prepared input.
pub fn analyze_prepared(prepared: Prepared, options: &Options) -> Document {
    let rules = options.rules();
    let Prepared {
        decoded,
        format,
        page_meta,
        cleaned,
    } = prepared;
    let seg = segment::segment(&cleaned, rules);
    let mut warnings = Vec::new();
    let language = settle_language(&page_meta, &seg.clean_text, rules, &mut warnings);
    if seg.units.is_empty() {
        warnings.push(NO_TEXT_LEFT.to_string());
    }
    let published = meta::pick(
        page_meta.published.as_ref(),
        meta::published(&cleaned.removed),
    );
    let published_year = published
        .as_deref()
        .and_then(|p| p.get(..4))
        .and_then(|y| y.parse().ok());
    let analysis = if options.units_only {
        analyze::Analysis::default()
    } else {
        analyze::analyze(&seg, language, published_year)
    };
    let meta = Meta {
        source_file: options.source_name.clone(),
        language,
        publisher: meta::pick(
            page_meta.publisher.as_ref(),
            meta::publisher(&cleaned.removed, &cleaned.blocks, rules),
        ),
        published,
        title: meta::pick(page_meta.title.as_ref(), meta::title(&cleaned.blocks)),
        encoding: decoded.encoding,
        word_count: seg.units.iter().map(|u| u.words).sum(),
        input_format: format,
    };
    Document {
        schema: SCHEMA.to_string(),
        meta,
        clean_text: seg.clean_text,
        removed: cleaned.removed,
        units: seg.units,
        quotes: analysis.quotes,
        sources: analysis.sources,
        claims: analysis.claims,
        entities: analysis.entities,
        summary: analysis.summary,
        warnings,
    }
}

/// The cleaned article and where its units lie, with the warnings its
/// analysis would carry: what `norbrief segment` and `norbrief clean` print,
/// without copying every unit out of `clean_text` or analysing anything.
#[derive(Debug, Clone)]
pub struct Outline {
    /// `clean_text` and its unit spans (ids, paragraphs and spans as in the
    /// [`Document`] of the same input).
    pub layout: segment::Layout,
    /// Removed pieces in input order.
    pub removed: Vec<model::Removed>,
    /// The warnings [`analyze_bytes`] gives for the same input.
    pub warnings: Vec<String>,
}

/// Decodes, reads, cleans and segments an input, stopping before the units are
/// copied out and analysed (see [`Outline`]).
///
/// ```
/// let outline = norbrief::outline_bytes(
///     "Kim reiser trolig til Moskva. Det sier kilder.".as_bytes(),
///     &norbrief::Options::default(),
/// ).unwrap();
/// let texts: Vec<&str> = outline.layout.units.iter().map(|u| outline.layout.text(u)).collect();
/// assert_eq!(texts, ["Kim reiser trolig til Moskva.", "Det sier kilder."]);
/// ```
pub fn outline_bytes(bytes: &[u8], options: &Options) -> Result<Outline> {
    Ok(outline_decoded(decode_input(bytes, options)?, options))
}

/// [`outline_bytes`] for bytes the caller hands over, which spares a copy of
/// the text when it is UTF-8 already (see [`decode::decode_owned`]).
pub fn outline_owned(bytes: Vec<u8>, options: &Options) -> Result<Outline> {
    let html = input_format(&bytes, options) == InputFormat::Html;
    let decoded = decode::decode_owned(bytes, options.encoding, html)?;
    Ok(outline_decoded(decoded, options))
}

fn outline_decoded(decoded: decode::Decoded, options: &Options) -> Outline {
    if options.no_clean && options.resolve_format(&decoded.text) == InputFormat::Text {
        // Plain text kept as it is: the blocks of `read_text`, as `passthrough`
        // keeps them, go straight into `clean_text` without a copy of their
        // own, and text laid out as `clean_text` is (one line per paragraph,
        // a blank line between them) becomes `clean_text` without any copy.
        let rules = options.rules();
        let (mut layout, mirrored) = {
            let mut builder = segment::LayoutBuilder::over(rules, &decoded.text);
            blocks::text_blocks(&decoded.text, |role, block, _| {
                if let Some((role, block)) = clean::passthrough_block(role, block) {
                    builder.push(role, &block);
                }
            });
            builder.finish()
        };
        if let Some(len) = mirrored {
            let mut text = decoded.text;
            text.truncate(len);
            layout.clean_text = text;
        }
        return finish_outline(layout, Vec::new(), &blocks::PageMeta::default(), rules);
    }
    outline_prepared(prepare_decoded(decoded, options), options)
}

/// Segments a prepared input into an [`Outline`].
pub fn outline_prepared(prepared: Prepared, options: &Options) -> Outline {
    let rules = options.rules();
    let layout = segment::layout(&prepared.cleaned, rules);
    finish_outline(layout, prepared.cleaned.removed, &prepared.page_meta, rules)
}

fn finish_outline(
    layout: segment::Layout,
    removed: Vec<model::Removed>,
    page_meta: &blocks::PageMeta,
    rules: &Rules,
) -> Outline {
    let mut warnings = Vec::new();
    settle_language(page_meta, &layout.clean_text, rules, &mut warnings);
    if layout.units.is_empty() {
        warnings.push(NO_TEXT_LEFT.to_string());
    }
    Outline {
        layout,
        removed,
        warnings,
    }
}

const NO_TEXT_LEFT: &str = "no article text left after cleaning";

/// The article's language: what the page states, else what the text shows;
/// a warning when it is neither Bokmål nor Nynorsk.
fn settle_language(
    page_meta: &blocks::PageMeta,
    clean_text: &str,
    rules: &Rules,
    warnings: &mut Vec<String>,
) -> Language {
    let detection = lang::detect(clean_text, rules);
    let language = stated_language(page_meta.language.as_deref())
        .or_else(|| stated_norwegian(page_meta.language.as_deref(), &detection))
        .unwrap_or(detection.language);
    if language == Language::Und {
        let what = match detection.best.as_deref() {
            Some("da") => "looks Danish".to_string(),
            Some("sv") => "looks Swedish".to_string(),
            _ => "could not be identified".to_string(),
        };
        warnings.push(format!(
            "the article is not Norwegian Bokmål or Nynorsk ({what}); language set to 'und'"
        ));
    }
    language
}

/// A page that says only "Norwegian" (`no`, `nor`): the variety the text
/// leans to, even when the detector's margin is too thin to decide alone.
fn stated_norwegian(tag: Option<&str>, detection: &lang::Detection) -> Option<Language> {
    let tag = tag?.to_ascii_lowercase();
    if !matches!(tag.split(['-', '_']).next()?, "no" | "nor") {
        return None;
    }
    if detection.language.is_norwegian() {
        return Some(detection.language);
    }
    let score = |k: &str| detection.scores.get(k).copied().unwrap_or(0.0);
    Some(if score("nn") > score("nb") {
        Language::Nn
    } else {
        Language::Nb
    })
}

fn stated_language(tag: Option<&str>) -> Option<Language> {
    let tag = tag?.to_ascii_lowercase();
    match tag.split(['-', '_']).next()? {
        "nb" | "nob" => Some(Language::Nb),
        "nn" | "nno" => Some(Language::Nn),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `clean_text`, each unit's id, paragraph, span and text, and the warnings.
    type Printed = (
        String,
        Vec<(String, usize, [usize; 2], String)>,
        Vec<String>,
    );

    /// The outline by way of the full document, as `segment` printed it before.
    fn by_document(bytes: &[u8], options: &Options) -> Printed {
        let doc = analyze_bytes(bytes, options).expect("text input never fails");
        let units = doc
            .units
            .into_iter()
            .map(|u| (u.id, u.paragraph, u.span, u.text))
            .collect();
        (doc.clean_text, units, doc.warnings)
    }

    fn by_outline(outline: Outline) -> Printed {
        let layout = &outline.layout;
        let units = layout
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                (
                    format!("u{}", i + 1),
                    u.paragraph,
                    u.span,
                    layout.text(u).to_string(),
                )
            })
            .collect();
        (outline.layout.clean_text.clone(), units, outline.warnings)
    }

    fn check_outline(text: &str) {
        for no_clean in [false, true] {
            let options = Options {
                no_clean,
                units_only: true,
                ..Options::default()
            };
            let expected = by_document(text.as_bytes(), &options);
            let owned = outline_owned(text.as_bytes().to_vec(), &options).expect("text");
            let borrowed = outline_bytes(text.as_bytes(), &options).expect("text");
            // The plain-text path of `--no-clean` against the general one.
            let general =
                outline_prepared(prepare(text.as_bytes(), &options).expect("text"), &options);
            assert_eq!(owned.removed, general.removed);
            assert_eq!(owned.layout, general.layout);
            assert_eq!(by_outline(owned), expected, "no_clean {no_clean}: {text:?}");
            assert_eq!(
                by_outline(borrowed),
                expected,
                "no_clean {no_clean}: {text:?}"
            );
            assert_eq!(
                by_outline(general),
                expected,
                "no_clean {no_clean}: {text:?}"
            );
        }
    }

    #[test]
    fn outline_matches_the_document() {
        for text in [
            "",
            "Artikkelen fortsetter under annonsen\n\nKim reiser trolig til Moskva. Det sier kilder.",
            "Tittel\n\nEn lang linje som\nfortsetter her.  To  mellomrom.\n- ett\n- to\n\nA | B\nc | d\n",
            "Hej med dig, det er en dansk tekst om noget helt andet end Norge.",
            // Laid out as clean_text is, and ways of leaving that layout early
            // or late.
            "Første avsnitt. Med to setninger.\n\nAndre avsnitt.\n\nTredje.",
            "Første avsnitt.\n\nAndre avsnitt.\n",
            "Første avsnitt.\n\n\nAndre avsnitt.",
            "Første avsnitt.\nAndre linje.\n\nTredje.",
            "  Første avsnitt.\n\nAndre.",
            "Første avsnitt.\n\nAndre  avsnitt.\n\nTredje.",
            "Første avsnitt.\n\nAndre avsnitt som\nfortsetter.\n\nTredje.",
            "Første avsnitt.\n\n- ett\n- to\n\nTredje.",
            "Første avsnitt.\n\nAndre avsnitt. \n\nTredje.",
        ] {
            check_outline(text);
        }
    }

    /// Text laid out as clean_text is, now and then with a piece that is not.
    fn clean_shaped_text() -> impl Strategy<Value = String> {
        let sentence = prop_oneof![
            Just("Det brant i natt.".to_string()),
            Just("– Vi er glade, sier Myhre.".to_string()),
            Just("Han bor i St. Olavs gate.".to_string()),
            Just("Tittel uten punktum".to_string()),
            Just("«Sitat.» Neste.".to_string()),
        ];
        let paragraph = proptest::collection::vec(sentence, 1..4).prop_map(|s| s.join(" "));
        let separator = prop_oneof![
            8 => Just("\n\n".to_string()),
            1 => Just("\n".to_string()),
            1 => Just("\n\n\n".to_string()),
            1 => Just(" \n\n".to_string()),
        ];
        (
            proptest::collection::vec((paragraph, separator), 0..8),
            prop_oneof![Just(""), Just("\n"), Just("\n\n")],
        )
            .prop_map(|(parts, end)| {
                let mut text: String = parts.into_iter().map(|(p, s)| p + &s).collect();
                text.truncate(text.trim_end().len());
                text + end
            })
    }

    fn article_text() -> impl Strategy<Value = String> {
        let token = prop_oneof![
            Just("Oslo".to_string()),
            Just("sier hun".to_string()),
            Just("bl.a.".to_string()),
            Just("kl. 14.30".to_string()),
            Just("–".to_string()),
            Just("«".to_string()),
            Just("»".to_string()),
            Just(".".to_string()),
            Just("?".to_string()),
            Just(":".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just(" \n ".to_string()),
            Just("  ".to_string()),
            Just("* ".to_string()),
            Just("1. ".to_string()),
            Just(" | ".to_string()),
            Just("\u{a0}".to_string()),
            Just("Artikkelen fortsetter under annonsen".to_string()),
            "[a-zæøåA-ZÆØÅ]{1,10}",
        ];
        proptest::collection::vec(token, 0..60).prop_map(|t| t.join(" "))
    }

    proptest! {
        #[test]
        fn outline_matches_the_document_for_any_article(text in article_text()) {
            check_outline(&text);
        }

        #[test]
        fn outline_matches_the_document_for_clean_shaped_text(text in clean_shaped_text()) {
            check_outline(&text);
        }
    }
}
