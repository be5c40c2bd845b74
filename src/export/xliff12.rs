//! XLIFF 1.2 writer (strict schema), for OmegaT, Trados and memoQ.
//!
//! Input: a [`Document`] and [`ExportOptions`]. Output: one `<file>` with a
//! `<group id="pN">` per paragraph and a `<trans-unit id="uK">` per sentence.
//!
//! The source hash goes into a header `<note from="norbrief">source-hash: …`
//! because the strict schema has no `<prop-group>`. Protected names are
//! `<mrk mtype="protected">`. With `prefill`, `<target>` is a copy of the
//! source (state `needs-translation`): OmegaT extracts text from the target.

use crate::error::Result;
use crate::export::context;
use crate::export::xml::XmlWriter;
use crate::export::{self, ExportOptions};
use crate::model::Document;

/// The XLIFF 1.2 namespace.
pub const NS: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// The prefix of the header note that holds the source hash.
pub const HASH_NOTE_PREFIX: &str = "source-hash: ";

/// Writes `doc` as XLIFF 1.2, with an annotator of `doc` that the other
/// exporters of the document share.
pub fn write(
    doc: &Document,
    options: &ExportOptions,
    annotator: &context::Annotator<'_>,
) -> Result<Vec<u8>> {
    let src = export::source_language(doc, options)?;
    let trg = export::target_language(options)?;
    let mut w = XmlWriter::with_capacity(super::size_hint(doc, 5));
    w.open("xliff", &[("version", "1.2"), ("xmlns", NS)]);
    let original = export::original_name(doc);
    w.open(
        "file",
        &[
            ("original", &original),
            ("source-language", &src),
            ("target-language", &trg),
            ("datatype", "plaintext"),
            ("tool-id", export::TOOL_NAME),
        ],
    );
    w.open("header", &[]);
    w.empty(
        "tool",
        &[
            ("tool-id", export::TOOL_NAME),
            ("tool-name", export::TOOL_NAME),
            ("tool-version", export::TOOL_VERSION),
        ],
    );
    let hash = format!("{HASH_NOTE_PREFIX}{}", export::source_hash(doc));
    w.leaf("note", &[("from", export::TOOL_NAME)], &hash);
    w.close("header");
    w.open("body", &[]);
    for p in export::paragraphs(doc) {
        let restype = format!("x-{}", p.block_type());
        w.open("group", &[("id", &p.id), ("restype", &restype)]);
        for u in &p.units {
            w.open("trans-unit", &[("id", &u.id)]);
            let pieces = annotator.pieces(u);
            w.open_inline_leaf("source", &[]);
            write_pieces(&mut w, &pieces);
            w.inline_close("source");
            if options.prefill {
                w.open_inline_leaf("target", &[("state", "needs-translation")]);
                write_pieces(&mut w, &pieces);
                w.inline_close("target");
            }
            for n in annotator.notes(u).iter() {
                let priority = if n.category == context::NoteCategory::Hedge {
                    "1"
                } else {
                    "2"
                };
                w.leaf(
                    "note",
                    &[("from", export::TOOL_NAME), ("priority", priority)],
                    &n.text,
                );
            }
            w.close("trans-unit");
        }
        w.close("group");
    }
    w.close("body");
    w.close("file");
    w.close("xliff");
    Ok(w.finish())
}

fn write_pieces(w: &mut XmlWriter, pieces: &[context::Piece<'_>]) {
    for p in pieces {
        if p.protected {
            w.inline_open("mrk", &[("mtype", "protected")]);
            w.text(p.text);
            w.inline_close("mrk");
        } else {
            w.text(p.text);
        }
    }
}
