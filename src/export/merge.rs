//! The way back: reads a translated XLIFF 2.1, XLIFF 1.2 or TMX file and
//! checks that it belongs to the article.
//!
//! Input: the article's [`Document`] and the translated file's bytes. Output:
//! a [`Merged`] document (one [`MergedUnit`] per article unit, in order) that
//! [`crate::export::markdown`] and [`crate::export::tmx`] render.
//!
//! The format is detected from the root element. A file belongs to the
//! article when its source hash (if it carries one) equals
//! [`crate::export::source_hash`] and its units have the article's ids and
//! source texts, in order. Anything else is an [`ErrorKind::Merge`] error that
//! names the first differing unit: a partial merge is never produced.

use std::collections::BTreeMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::error::{Error, ErrorKind, Result};
use crate::export::{self, tmx, xliff, xliff12};
use crate::model::Document;

/// The format of a translated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TranslatedFormat {
    /// XLIFF 2.0 or 2.1.
    Xliff2,
    /// XLIFF 1.2.
    Xliff12,
    /// TMX 1.4.
    Tmx,
}

/// One unit read from a translated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslatedUnit {
    /// The unit id (`uK`).
    pub id: String,
    /// The source text, inline markup flattened.
    pub source: String,
    /// The target text, `None` when absent.
    pub target: Option<String>,
}

/// A translated file as read, before it is checked against the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    /// The detected format.
    pub format: TranslatedFormat,
    /// The source hash in the header, if any.
    pub source_hash: Option<String>,
    /// The source language stated by the file.
    pub source_lang: Option<String>,
    /// The target language stated by the file.
    pub target_lang: Option<String>,
    /// The units in file order.
    pub units: Vec<TranslatedUnit>,
}

/// A unit of the article with its translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedUnit {
    /// The unit id.
    pub id: String,
    /// The translation; `None` when the unit is untranslated (no or blank target).
    pub target: Option<String>,
}

/// An article merged with its translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The translated file's format.
    pub format: TranslatedFormat,
    /// The source language.
    pub source_lang: String,
    /// The target language.
    pub target_lang: String,
    /// One entry per article unit, in order.
    pub units: Vec<MergedUnit>,
    /// Ids of untranslated units.
    pub untranslated: Vec<String>,
    /// Problems that did not stop the merge (e.g. no source hash in the file).
    pub warnings: Vec<String>,
}

impl Merged {
    /// The translations by unit id.
    pub fn targets(&self) -> BTreeMap<String, String> {
        self.units
            .iter()
            .filter_map(|u| u.target.clone().map(|t| (u.id.clone(), t)))
            .collect()
    }

    /// The translation of unit `id`.
    pub fn target(&self, id: &str) -> Option<&str> {
        self.units
            .iter()
            .find(|u| u.id == id)
            .and_then(|u| u.target.as_deref())
    }
}

fn merge_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Merge, message)
}

/// Reads and checks a translated file against `doc`. `name` is the file name
/// used in errors.
pub fn merge(doc: &Document, bytes: &[u8], name: &str) -> Result<Merged> {
    let translated = read(bytes).map_err(|e| e.with_path(name))?;
    check(doc, translated).map_err(|e| e.with_path(name))
}

/// Checks a translated file against `doc` and pairs its targets with the units.
pub fn check(doc: &Document, t: Translated) -> Result<Merged> {
    let mut warnings = Vec::new();
    let expected = export::source_hash(doc);
    let difference = first_difference(doc, &t);
    match &t.source_hash {
        Some(h) if h.trim() != expected => {
            let detail = difference
                .map(|d| format!("; first difference: {d}"))
                .unwrap_or_default();
            return Err(merge_error(format!(
                "the file was made from a different article text (source hash {} in the file, \
                 {expected} for this article){detail}",
                h.trim()
            )));
        }
        Some(_) => {}
        None => warnings.push(
            "the file carries no source hash; checked unit ids and source texts only".to_string(),
        ),
    }
    if let Some(d) = difference {
        return Err(merge_error(d));
    }
    let mut units = Vec::with_capacity(doc.units.len());
    let mut untranslated = Vec::new();
    for (u, tu) in doc.units.iter().zip(&t.units) {
        let target = tu
            .target
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        if target.is_none() {
            untranslated.push(u.id.clone());
        }
        units.push(MergedUnit {
            id: u.id.clone(),
            target,
        });
    }
    let options = export::ExportOptions::default();
    let source_lang = match (&t.source_lang, export::source_language(doc, &options)) {
        (Some(l), _) => l.clone(),
        (None, Ok(l)) => l,
        (None, Err(_)) => doc.meta.language.code().to_string(),
    };
    Ok(Merged {
        format: t.format,
        source_lang,
        target_lang: t.target_lang.unwrap_or_else(|| "und".to_string()),
        units,
        untranslated,
        warnings,
    })
}

/// The first unit where the file and the article disagree (id, source text,
/// a missing or an extra unit), described for an error message.
fn first_difference(doc: &Document, t: &Translated) -> Option<String> {
    for (i, u) in doc.units.iter().enumerate() {
        let Some(tu) = t.units.get(i) else {
            return Some(format!(
                "unit {} is missing from the file (the file has {} units, the article {})",
                u.id,
                t.units.len(),
                doc.units.len()
            ));
        };
        if tu.id != u.id {
            return Some(format!(
                "unit {} differs: expected id {} at position {}, found {}",
                u.id,
                u.id,
                i + 1,
                tu.id
            ));
        }
        // The writers drop characters XML cannot carry; compare what they wrote.
        if normalize(&tu.source) != normalize(&export::xml::xml_safe(&u.text)) {
            return Some(format!(
                "unit {} differs: the source text in the file is «{}», the article has «{}»",
                u.id,
                abbreviate(&tu.source),
                abbreviate(&u.text)
            ));
        }
    }
    t.units.get(doc.units.len()).map(|extra| {
        format!(
            "unit {} in the file is not in the article (the file has {} units, the article {})",
            extra.id,
            t.units.len(),
            doc.units.len()
        )
    })
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn abbreviate(s: &str) -> String {
    let mut out: String = s.chars().take(80).collect();
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}

/// A minimal element tree: enough to walk the three formats.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Element {
    /// Local name (prefix stripped).
    name: String,
    /// Attributes by qualified name (`xml:lang`, `id`), in document order.
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// Every descendant element named `name`, in document order, without
    /// descending into matches.
    fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            } else {
                e.find_all(name, out);
            }
        }
    }

    /// The text content, with inline markup flattened and native-code
    /// elements (which hold markup, not text) skipped.
    fn text(&self) -> String {
        let mut out = String::new();
        self.text_into(&mut out);
        out
    }

    fn text_into(&self, out: &mut String) {
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => {
                    if !matches!(e.name.as_str(), "bpt" | "ept" | "ph" | "it" | "ut" | "sub") {
                        e.text_into(out);
                    }
                }
            }
        }
    }
}

const MAX_DEPTH: usize = 200;

fn local(name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    match name.rsplit_once(':') {
        Some((_, l)) => l.to_string(),
        None => name.into_owned(),
    }
}

fn parse(bytes: &[u8]) -> Result<Element> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|e| merge_error(format!("not UTF-8 XML: {e}")))?;
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let xml_err = |r: &Reader<&[u8]>, e: &dyn std::fmt::Display| {
        merge_error(format!(
            "not well-formed XML near byte {}: {e}",
            r.buffer_position()
        ))
    };
    let start = |r: &Reader<&[u8]>, e: &quick_xml::events::BytesStart<'_>| -> Result<Element> {
        let mut attrs = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|err| xml_err(r, &err))?;
            let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| xml_err(r, &err))?
                .into_owned();
            attrs.push((key, value));
        }
        Ok(Element {
            name: local(e.name().as_ref()),
            attrs,
            children: Vec::new(),
        })
    };
    loop {
        let event = reader.read_event().map_err(|e| xml_err(&reader, &e))?;
        match event {
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(merge_error("XML nested too deeply"));
                }
                let el = start(&reader, &e)?;
                stack.push(el);
            }
            Event::Empty(e) => {
                let el = start(&reader, &e)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let Some(el) = stack.pop() else {
                    return Err(merge_error("unbalanced end tag"));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                if let Some(parent) = stack.last_mut() {
                    let s = t.xml10_content().map_err(|e| xml_err(&reader, &e))?;
                    parent.children.push(Node::Text(s.into_owned()));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(parent) = stack.last_mut() {
                    let c = match r.resolve_char_ref().map_err(|e| xml_err(&reader, &e))? {
                        Some(c) => c,
                        None => {
                            let name = r.decode().map_err(|e| xml_err(&reader, &e))?;
                            match name.as_ref() {
                                "lt" => '<',
                                "gt" => '>',
                                "amp" => '&',
                                "apos" => '\'',
                                "quot" => '"',
                                other => {
                                    return Err(xml_err(
                                        &reader,
                                        &format!("unknown entity &{other};"),
                                    ))
                                }
                            }
                        }
                    };
                    parent.children.push(Node::Text(c.to_string()));
                }
            }
            Event::CData(t) => {
                if let Some(parent) = stack.last_mut() {
                    parent
                        .children
                        .push(Node::Text(String::from_utf8_lossy(&t).into_owned()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(merge_error("the XML ends inside an element"));
    }
    root.ok_or_else(|| merge_error("no root element"))
}

/// Reads a translated file: XLIFF 2.x, XLIFF 1.2 or TMX, told apart by the root.
pub fn read(bytes: &[u8]) -> Result<Translated> {
    let root = parse(bytes)?;
    match root.name.as_str() {
        "xliff" => match root.attr("version").unwrap_or("") {
            v if v.starts_with('2') => read_xliff2(&root),
            "1.2" | "1.1" => read_xliff12(&root),
            v => Err(merge_error(format!("unsupported XLIFF version '{v}'"))),
        },
        "tmx" => read_tmx(&root),
        other => Err(merge_error(format!(
            "not a translated file: the root element is <{other}>, expected <xliff> or <tmx>"
        ))),
    }
}

fn read_xliff2(root: &Element) -> Result<Translated> {
    let mut metas = Vec::new();
    root.find_all("meta", &mut metas);
    let source_hash = metas
        .iter()
        .find(|m| m.attr("type") == Some(xliff::META_SOURCE_HASH))
        .map(|m| m.text());
    let mut unit_els = Vec::new();
    root.find_all("unit", &mut unit_els);
    let mut units = Vec::new();
    for u in unit_els {
        let uid = u.attr("id").unwrap_or("");
        let segments: Vec<&Element> = u.elements().filter(|e| e.name == "segment").collect();
        for s in segments {
            let id = match s.attr("id") {
                Some(sid) if sid.starts_with('u') => sid,
                _ => uid,
            };
            units.push(TranslatedUnit {
                id: id.to_string(),
                source: s.child("source").map(Element::text).unwrap_or_default(),
                target: s.child("target").map(Element::text),
            });
        }
    }
    Ok(Translated {
        format: TranslatedFormat::Xliff2,
        source_hash,
        source_lang: root.attr("srcLang").map(str::to_string),
        target_lang: root.attr("trgLang").map(str::to_string),
        units,
    })
}

fn read_xliff12(root: &Element) -> Result<Translated> {
    let mut notes = Vec::new();
    if let Some(header) = root.child("file").and_then(|f| f.child("header")) {
        header.find_all("note", &mut notes);
    }
    let source_hash = notes.iter().find_map(|n| {
        n.text()
            .trim()
            .strip_prefix(xliff12::HASH_NOTE_PREFIX)
            .map(str::to_string)
    });
    let file = root.child("file");
    let mut tus = Vec::new();
    root.find_all("trans-unit", &mut tus);
    let units = tus
        .into_iter()
        .map(|tu| TranslatedUnit {
            id: tu.attr("id").unwrap_or("").to_string(),
            source: tu.child("source").map(Element::text).unwrap_or_default(),
            target: tu.child("target").map(Element::text),
        })
        .collect();
    Ok(Translated {
        format: TranslatedFormat::Xliff12,
        source_hash,
        source_lang: file
            .and_then(|f| f.attr("source-language"))
            .map(str::to_string),
        target_lang: file
            .and_then(|f| f.attr("target-language"))
            .map(str::to_string),
        units,
    })
}

fn read_tmx(root: &Element) -> Result<Translated> {
    let header = root
        .child("header")
        .ok_or_else(|| merge_error("TMX without <header>"))?;
    let srclang = header
        .attr("srclang")
        .ok_or_else(|| merge_error("TMX header without srclang"))?
        .to_string();
    let source_hash = header
        .elements()
        .find(|p| p.name == "prop" && p.attr("type") == Some(tmx::PROP_SOURCE_HASH))
        .map(Element::text);
    let omegat_tags = header.elements().any(|p| {
        p.name == "prop" && p.attr("type") == Some(tmx::PROP_INLINE) && p.text() == "omegat"
    });
    let seg_text = |tuv: &Element| {
        let text = tuv.child("seg").map(Element::text).unwrap_or_default();
        if omegat_tags {
            tmx::strip_omegat_tags(&text)
        } else {
            text
        }
    };
    let mut tus = Vec::new();
    root.find_all("tu", &mut tus);
    let mut units = Vec::new();
    let mut target_lang: Option<String> = None;
    // A unit as another tool segments it (written for that tool's matcher)
    // is not a unit of the article.
    let view = |tu: &&Element| {
        tu.elements()
            .any(|p| p.name == "prop" && p.attr("type") == Some(tmx::PROP_VIEW))
    };
    for (i, tu) in tus.into_iter().enumerate().filter(|(_, tu)| !view(tu)) {
        let id = tu
            .attr("tuid")
            .ok_or_else(|| merge_error(format!("TMX <tu> number {} has no tuid", i + 1)))?;
        let mut source = None;
        let mut target = None;
        for tuv in tu.elements().filter(|e| e.name == "tuv") {
            let lang = tuv
                .attr("xml:lang")
                .or_else(|| tuv.attr("lang"))
                .unwrap_or("");
            let seg = seg_text(tuv);
            if lang.eq_ignore_ascii_case(&srclang) && source.is_none() {
                source = Some(seg);
            } else if target.is_none() {
                if target_lang.is_none() {
                    target_lang = Some(lang.to_string());
                }
                target = Some(seg);
            }
        }
        let source = source.ok_or_else(|| {
            merge_error(format!(
                "TMX unit {id} has no <tuv> in the source language {srclang}"
            ))
        })?;
        units.push(TranslatedUnit {
            id: id.to_string(),
            source,
            target,
        });
    }
    Ok(Translated {
        format: TranslatedFormat::Tmx,
        source_hash,
        source_lang: Some(srclang),
        target_lang,
        units,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{write_units, ExportOptions, Format};

    fn doc() -> Document {
        let mut d = crate::analyze_bytes(
            "Overskrift her\n\nKim reiser trolig til Moskva. Det sier kilder.".as_bytes(),
            &crate::Options::default(),
        )
        .unwrap();
        d.meta.language = crate::model::Language::Nb;
        d
    }

    #[test]
    fn own_files_read_back_with_their_sources() {
        let d = doc();
        for f in [Format::Xliff2, Format::Xliff12, Format::Tmx] {
            let bytes = write_units(&d, f, &ExportOptions::default()).unwrap();
            let m = merge(&d, &bytes, "x").unwrap();
            assert_eq!(m.units.len(), d.units.len(), "{f:?}");
            assert_eq!(m.untranslated.len(), d.units.len(), "{f:?}");
        }
    }

    #[test]
    fn changed_source_text_names_the_unit() {
        let d = doc();
        let bytes = write_units(&d, Format::Xliff12, &ExportOptions::default()).unwrap();
        let mut other = d.clone();
        other.units[1].text = "Noe annet.".into();
        let err = check(&other, read(&bytes).unwrap()).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::Merge);
    }

    #[test]
    fn garbage_is_a_merge_error() {
        let d = doc();
        for bad in [
            &b"<html/>"[..],
            b"",
            b"<xliff version='2.1'><unit>",
            b"\xff\xfe",
        ] {
            assert_eq!(merge(&d, bad, "x").unwrap_err().kind(), &ErrorKind::Merge);
        }
    }
}
