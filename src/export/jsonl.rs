//! JSONL writer: one JSON object per unit and line.
//!
//! Input: a [`Document`]. Output: lines `{"id", "paragraph", "paragraph_id",
//! "kind", "text", "words", "notes"}` in reading order, each ending in `\n`.
//! `paragraph` is the contract's 0-based index, `paragraph_id` the `pN` id the
//! XLIFF files use, and `notes` the same translator notes the XLIFF files carry.

use std::borrow::Cow;

use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};
use crate::export::context::{self, Note};
use crate::model::{Document, Role, UnitKind};

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    paragraph: usize,
    paragraph_id: String,
    kind: UnitKind,
    text: &'a str,
    words: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<Role>,
    notes: Cow<'a, [Note]>,
}

/// Writes the units of `doc` as JSONL, with an annotator of `doc` that the
/// other exporters of the document share.
pub fn write(doc: &Document, annotator: &context::Annotator<'_>) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(super::size_hint(doc, 4));
    for u in &doc.units {
        let line = Line {
            id: &u.id,
            paragraph: u.paragraph,
            paragraph_id: crate::export::paragraph_id(u.paragraph),
            kind: u.kind,
            text: &u.text,
            words: u.words,
            role: u.role,
            notes: annotator.notes(u),
        };
        super::json::write_compact(&mut out, &line)
            .map_err(|e| Error::new(ErrorKind::Output, format!("cannot write JSONL: {e}")))?;
        out.push(b'\n');
    }
    Ok(out)
}
