//! XLIFF 2.1 writer, with the metadata (`mda`) and glossary (`gls`) modules.
//!
//! Input: a [`Document`] and [`ExportOptions`]. Output: one `<file>` whose
//! `<mda:metadata>` carries the source hash and article metadata.
//!
//! Paragraph form (default): one `<unit id="pN">` per paragraph or heading,
//! one `<segment id="uK">` per sentence and the whitespace between sentences
//! as `<ignorable>`. Flat form (`flat`): one `<unit id="uK">` (segment without
//! id) per sentence inside `<group id="pN">`, because some readers keep only
//! one segment per unit.
//!
//! Invariants: segment ids are the contract's unit ids; `mrk` ids (`m1`, …)
//! are unique per unit; notes sit at unit level (inside `<segment>` they are
//! schema-invalid), each naming its sentence id.

use crate::error::Result;
use crate::export::context::{self, GlossEntry};
use crate::export::xml::XmlWriter;
use crate::export::{self, ExportOptions, Paragraph};
use crate::model::Document;

/// The XLIFF 2 core namespace.
pub const NS: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// The metadata module namespace.
pub const NS_MDA: &str = "urn:oasis:names:tc:xliff:metadata:2.0";
/// The glossary module namespace.
pub const NS_GLS: &str = "urn:oasis:names:tc:xliff:glossary:2.0";
/// The `mda:meta` type that holds the source hash.
pub const META_SOURCE_HASH: &str = "source-hash";

/// Writes `doc` as XLIFF 2.1, with an annotator of `doc` that the other
/// exporters of the document share.
pub fn write(
    doc: &Document,
    options: &ExportOptions,
    annotator: &context::Annotator<'_>,
) -> Result<Vec<u8>> {
    let src = export::source_language(doc, options)?;
    let trg = export::target_language(options)?;
    let mut w = XmlWriter::with_capacity(super::size_hint(doc, 9));
    w.open(
        "xliff",
        &[
            ("xmlns", NS),
            ("xmlns:mda", NS_MDA),
            ("xmlns:gls", NS_GLS),
            ("version", "2.1"),
            ("srcLang", &src),
            ("trgLang", &trg),
        ],
    );
    let original = export::original_name(doc);
    w.open("file", &[("id", "f1"), ("original", &original)]);
    write_metadata(&mut w, doc);
    let mut ctx = Ctx {
        doc,
        options,
        annotator,
    };
    for p in export::paragraphs(doc) {
        if options.flat {
            ctx.flat_group(&mut w, &p);
        } else {
            ctx.paragraph_unit(&mut w, &p);
        }
    }
    w.close("file");
    w.close("xliff");
    Ok(w.finish())
}

fn write_metadata(w: &mut XmlWriter, doc: &Document) {
    let hash = export::source_hash(doc);
    let words = doc.meta.word_count.to_string();
    let units = doc.units.len().to_string();
    let mut metas: Vec<(&str, &str)> = vec![
        (META_SOURCE_HASH, &hash),
        ("tool", export::TOOL_NAME),
        ("tool-version", export::TOOL_VERSION),
        ("language", doc.meta.language.code()),
        ("word-count", &words),
        ("unit-count", &units),
    ];
    for (k, v) in [
        ("publisher", &doc.meta.publisher),
        ("published", &doc.meta.published),
        ("title", &doc.meta.title),
    ] {
        if let Some(v) = v {
            metas.push((k, v));
        }
    }
    w.open("mda:metadata", &[]);
    w.open("mda:metaGroup", &[("category", "norbrief")]);
    for (k, v) in metas {
        w.leaf("mda:meta", &[("type", k)], v);
    }
    w.close("mda:metaGroup");
    w.close("mda:metadata")
}

/// `norbrief:` and the paragraph's [`Paragraph::block_type`].
fn unit_type(p: &Paragraph<'_>) -> String {
    format!("norbrief:{}", p.block_type())
}

struct Ctx<'a> {
    doc: &'a Document,
    options: &'a ExportOptions,
    annotator: &'a context::Annotator<'a>,
}

impl Ctx<'_> {
    fn paragraph_unit(&mut self, w: &mut XmlWriter, p: &Paragraph<'_>) {
        w.open("unit", &[("id", &p.id), ("type", &unit_type(p))]);
        let glossary = self.annotator.glossary(&p.units);
        let mut mrk = MrkIds::default();
        // The glossary refers to the first mrk of a protected term, so the
        // ids are assigned in the same order as the segments below.
        let spans: Vec<_> = p
            .units
            .iter()
            .map(|u| (u, self.annotator.pieces(u)))
            .collect();
        let first_refs: Vec<Option<String>> = glossary
            .iter()
            .map(|g| {
                first_mrk(
                    &spans
                        .iter()
                        .map(|(_, ps)| ps.as_slice())
                        .collect::<Vec<_>>(),
                    g,
                )
            })
            .collect();
        write_glossary(w, &glossary, &first_refs);
        let notes: Vec<_> = p.units.iter().map(|u| self.annotator.notes(u)).collect();
        write_notes(w, notes.iter().flat_map(|n| n.iter()));
        for (i, (u, pieces)) in spans.iter().enumerate() {
            self.segment(w, pieces, Some(&u.id), &mut mrk);
            if let Some(gap) = p.gap_after(self.doc, i).filter(|g| !g.is_empty()) {
                w.open("ignorable", &[]);
                w.leaf("source", &[("xml:space", "preserve")], gap);
                if self.options.prefill {
                    w.leaf("target", &[("xml:space", "preserve")], gap);
                }
                w.close("ignorable");
            }
        }
        w.close("unit")
    }

    fn flat_group(&mut self, w: &mut XmlWriter, p: &Paragraph<'_>) {
        w.open("group", &[("id", &p.id), ("type", &unit_type(p))]);
        for u in &p.units {
            w.open("unit", &[("id", &u.id)]);
            let pieces = self.annotator.pieces(u);
            let glossary = self.annotator.glossary(&[u]);
            let refs: Vec<Option<String>> = glossary
                .iter()
                .map(|g| first_mrk(&[pieces.as_slice()], g))
                .collect();
            write_glossary(w, &glossary, &refs);
            write_notes(w, self.annotator.notes(u).iter());
            self.segment(w, &pieces, None, &mut MrkIds::default());
            w.close("unit");
        }
        w.close("group")
    }

    fn segment(
        &mut self,
        w: &mut XmlWriter,
        pieces: &[context::Piece<'_>],
        id: Option<&str>,
        mrk: &mut MrkIds,
    ) {
        match id {
            Some(id) => w.open("segment", &[("id", id), ("state", "initial")]),
            None => w.open("segment", &[("state", "initial")]),
        }
        let first = mrk.next;
        w.open_inline_leaf("source", &[]);
        write_pieces(w, pieces, mrk);
        w.inline_close("source");
        if self.options.prefill {
            // The target copy repeats the same mrk ids: XLIFF 2 pairs a
            // target mrk with the source mrk of the same id.
            mrk.next = first;
            w.open_inline_leaf("target", &[]);
            write_pieces(w, pieces, mrk);
            w.inline_close("target");
        }
        w.close("segment")
    }
}

#[derive(Debug, Default)]
struct MrkIds {
    next: usize,
}

fn write_pieces(w: &mut XmlWriter, pieces: &[context::Piece<'_>], mrk: &mut MrkIds) {
    for piece in pieces {
        if piece.protected {
            mrk.next += 1;
            let id = format!("m{}", mrk.next);
            w.inline_open("mrk", &[("id", &id), ("translate", "no")]);
            w.text(piece.text);
            w.inline_close("mrk");
        } else {
            w.text(piece.text);
        }
    }
}

/// The id of the first mrk around `g.term` in the unit's segments, counting
/// mrks in document order exactly as [`write_pieces`] numbers them.
fn first_mrk(segments: &[&[context::Piece<'_>]], g: &GlossEntry) -> Option<String> {
    if !g.protected {
        return None;
    }
    let mut n = 0;
    for pieces in segments {
        for p in pieces.iter().filter(|p| p.protected) {
            n += 1;
            if p.text == g.term {
                return Some(format!("#m{n}"));
            }
        }
    }
    None
}

fn write_glossary(w: &mut XmlWriter, entries: &[GlossEntry], refs: &[Option<String>]) {
    if entries.is_empty() {
        return;
    }
    w.open("gls:glossary", &[]);
    for (g, r) in entries.iter().zip(refs) {
        match r {
            Some(r) => w.open("gls:glossEntry", &[("ref", r)]),
            None => w.open("gls:glossEntry", &[]),
        }
        w.leaf("gls:term", &[], &g.term);
        if let Some(t) = &g.translation {
            w.leaf("gls:translation", &[], t);
        }
        w.leaf("gls:definition", &[], &g.definition);
        w.close("gls:glossEntry");
    }
    w.close("gls:glossary")
}

fn write_notes<'n>(w: &mut XmlWriter, notes: impl Iterator<Item = &'n context::Note>) {
    let mut notes = notes.peekable();
    if notes.peek().is_none() {
        return;
    }
    w.open("notes", &[]);
    for (i, n) in notes.enumerate() {
        let id = format!("n{}", i + 1);
        w.leaf(
            "note",
            &[("id", &id), ("category", n.category.as_str())],
            &n.text,
        );
    }
    w.close("notes")
}
