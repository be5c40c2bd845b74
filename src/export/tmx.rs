//! TMX 1.4 writer: a translation memory of the article's units.
//!
//! Input: a [`Document`], optionally the translations of its units, and
//! [`ExportOptions`]. Output: a TMX 1.4 document with a `<tu tuid="uK">` per
//! unit, holding the source `<tuv>` and, when there is one, the target
//! `<tuv>` (the translation, or with `prefill` a copy of the source).
//!
//! The header has every attribute the DTD requires and a
//! `<prop type="x-norbrief-source-hash">`. Segments are plain text: TMX
//! readers match on text, and OmegaT does not match a TMX segment carrying
//! inline codes against a plain one.

use std::collections::BTreeMap;

use crate::error::Result;
use crate::export::xml::XmlWriter;
use crate::export::{self, context, ExportOptions};
use crate::model::Document;

/// The header `prop` type that holds the source hash.
pub const PROP_SOURCE_HASH: &str = "x-norbrief-source-hash";

/// Writes a TMX of `doc`. `targets` maps unit ids to translations; without
/// it, units get a target only when `options.prefill` is set.
pub fn write(
    doc: &Document,
    targets: Option<&BTreeMap<String, String>>,
    options: &ExportOptions,
) -> Result<Vec<u8>> {
    let src = export::source_language(doc, options)?;
    let trg = export::target_language(options)?;
    let mut w = XmlWriter::new()?;
    w.doctype("tmx SYSTEM \"tmx14.dtd\"")?;
    w.open("tmx", &[("version", "1.4")])?;
    w.open(
        "header",
        &[
            ("creationtool", export::TOOL_NAME),
            ("creationtoolversion", export::TOOL_VERSION),
            ("segtype", "sentence"),
            ("o-tmf", export::TOOL_NAME),
            ("adminlang", "en"),
            ("srclang", &src),
            ("datatype", "plaintext"),
        ],
    )?;
    w.leaf(
        "prop",
        &[("type", PROP_SOURCE_HASH)],
        &export::source_hash(doc),
    )?;
    let original = export::original_name(doc);
    w.leaf("prop", &[("type", "x-norbrief-original")], &original)?;
    w.close("header")?;
    w.open("body", &[])?;
    for u in &doc.units {
        let target = match targets {
            Some(t) => t.get(&u.id).map(String::as_str),
            None if options.prefill => Some(u.text.as_str()),
            None => None,
        };
        w.open("tu", &[("tuid", &u.id)])?;
        w.leaf(
            "prop",
            &[("type", "x-norbrief-paragraph")],
            &export::paragraph_id(u.paragraph),
        )?;
        for n in context::notes(doc, u) {
            w.leaf("note", &[], &n.text)?;
        }
        w.open("tuv", &[("xml:lang", &src)])?;
        w.leaf("seg", &[], &u.text)?;
        w.close("tuv")?;
        if let Some(t) = target {
            w.open("tuv", &[("xml:lang", &trg)])?;
            w.leaf("seg", &[], t)?;
            w.close("tuv")?;
        }
        w.close("tu")?;
    }
    w.close("body")?;
    w.close("tmx")?;
    w.finish()
}
