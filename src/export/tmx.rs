//! TMX 1.4 writer: a translation memory of the article's units.
//!
//! Input: a [`Document`], optionally the translations of its units, and
//! [`ExportOptions`]. Output: a TMX 1.4 document with a `<tu tuid="uK">` per
//! unit, holding the source `<tuv>` and, when there is one, the target
//! `<tuv>` (the translation, or with `prefill` a copy of the source).
//!
//! The header has every attribute the DTD requires and a
//! `<prop type="x-norbrief-source-hash">`. Segments are plain text: TMX
//! readers match on text. OmegaT 3.6 shows a protected name of norbrief's
//! XLIFF 1.2 as `<m0>Name</m0>` and matches only TMX segments with that very
//! text (not `<bpt>`/`<ept>` codes), so `omegat_tags` writes protected names
//! that way and records it in `<prop type="x-norbrief-inline">omegat</prop>`,
//! which [`crate::export::merge`] reads to strip the tags again. OmegaT also
//! takes names off the ends of a segment, so such a TMX adds, after a unit
//! that starts or ends with one, the unit as OmegaT segments it
//! ([`PROP_VIEW`]), which `merge` skips.

use std::collections::BTreeMap;

use crate::error::Result;
use crate::export::xml::XmlWriter;
use crate::export::{self, context, ExportOptions};
use crate::model::Document;

/// The header `prop` type that holds the source hash.
pub const PROP_SOURCE_HASH: &str = "x-norbrief-source-hash";
/// The header `prop` type that says how protected names are written.
pub const PROP_INLINE: &str = "x-norbrief-inline";
/// The `prop` type of a `<tu>` that holds a unit as another tool segments
/// it (`omegat-segment`), not a unit of the article.
pub const PROP_VIEW: &str = "x-norbrief-view";
/// What the `tuid` of such a `<tu>` adds to its unit's id.
const OMEGAT_SEGMENT_SUFFIX: &str = "-omegat";

/// Writes a TMX of `doc`. `targets` maps unit ids to translations; without
/// it, units get a target only when `options.prefill` is set.
pub fn write(
    doc: &Document,
    targets: Option<&BTreeMap<String, String>>,
    options: &ExportOptions,
) -> Result<Vec<u8>> {
    write_with(doc, targets, options, &context::Annotator::new(doc))
}

/// [`write()`] with an annotator of `doc` that other exporters share.
pub fn write_with(
    doc: &Document,
    targets: Option<&BTreeMap<String, String>>,
    options: &ExportOptions,
    annotator: &context::Annotator<'_>,
) -> Result<Vec<u8>> {
    let src = export::source_language(doc, options)?;
    let trg = export::target_language(options)?;
    let mut w = XmlWriter::with_capacity(super::size_hint(doc, 5));
    w.doctype("tmx SYSTEM \"tmx14.dtd\"");
    w.open("tmx", &[("version", "1.4")]);
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
    );
    w.leaf(
        "prop",
        &[("type", PROP_SOURCE_HASH)],
        &export::source_hash(doc),
    );
    let original = export::original_name(doc);
    w.leaf("prop", &[("type", "x-norbrief-original")], &original);
    if options.omegat_tags {
        w.leaf("prop", &[("type", PROP_INLINE)], "omegat");
    }
    w.close("header");
    w.open("body", &[]);
    for u in &doc.units {
        let target = match targets {
            Some(t) => t.get(&u.id).map(String::as_str),
            None if options.prefill => Some(u.text.as_str()),
            None => None,
        };
        w.open("tu", &[("tuid", &u.id)]);
        w.leaf(
            "prop",
            &[("type", "x-norbrief-paragraph")],
            &export::paragraph_id(u.paragraph),
        );
        for n in annotator.notes(u).iter() {
            w.leaf("note", &[], &n.text);
        }
        let pieces = if options.omegat_tags {
            annotator.pieces(u)
        } else {
            Vec::new()
        };
        let names: Vec<&str> = pieces
            .iter()
            .filter(|p| p.protected)
            .map(|p| p.text)
            .collect();
        write_tuv(&mut w, &src, &omegat_tagged(&u.text, &names));
        if let Some(t) = target {
            write_tuv(&mut w, &trg, &omegat_tagged(t, &names));
        }
        w.close("tu");
        if let Some((source, target)) = target.and_then(|t| omegat_segment(&pieces, t)) {
            // The unit as OmegaT shows it, for its matcher; `merge` skips it.
            w.open(
                "tu",
                &[("tuid", &format!("{}{OMEGAT_SEGMENT_SUFFIX}", u.id))],
            );
            w.leaf("prop", &[("type", PROP_VIEW)], "omegat-segment");
            write_tuv(&mut w, &src, &source);
            write_tuv(&mut w, &trg, &target);
            w.close("tu");
        }
    }
    w.close("body");
    w.close("tmx");
    Ok(w.finish())
}

/// `<tuv xml:lang="lang"><seg>seg</seg></tuv>`.
fn write_tuv(w: &mut XmlWriter, lang: &str, seg: &str) {
    w.open("tuv", &[("xml:lang", lang)]);
    w.leaf("seg", &[], seg);
    w.close("tuv");
}

/// The source and target segments OmegaT 3.6 matches for a unit that starts
/// or ends with protected names, tagged as [`omegat_tagged`] tags them; `None`
/// for other units. OmegaT takes protected names (and the spaces next to
/// them) off either end of a segment, keeps them out of the editor, and
/// numbers the names left from 0; a segment that would be left without text
/// stays whole. Found with OmegaT's `console-createpseudotranslatetmx`:
/// `<m0>Aftenposten</m0> og <m1>NRK</m1> har …` becomes `og <m0>NRK</m0>
/// har …`, `Intervju med <m0>Jonas Gahr Støre</m0>` becomes `Intervju med`.
///
/// The translation must start and end with what OmegaT took off, as OmegaT
/// puts that back around its target; a translation that moved a name has
/// no such segment.
fn omegat_segment(pieces: &[context::Piece<'_>], target: &str) -> Option<(String, String)> {
    let plain_text = |p: &context::Piece<'_>| !p.protected && !p.text.trim().is_empty();
    let first = pieces.iter().position(plain_text)?;
    let last = pieces.iter().rposition(plain_text)?;
    let (head, tail) = (&pieces[..first], &pieces[last + 1..]);
    if !head.iter().any(|p| p.protected) && !tail.iter().any(|p| p.protected) {
        return None;
    }
    let prefix: String = head.iter().map(|p| p.text).collect();
    let suffix: String = tail.iter().map(|p| p.text).collect();
    let mut body: String = pieces[first..=last].iter().map(|p| p.text).collect();
    // The segment loses the spaces next to the names taken off; OmegaT's
    // target keeps its own, so the translation keeps them.
    if !head.is_empty() {
        body.drain(..body.len() - body.trim_start().len());
    }
    if !tail.is_empty() {
        body.truncate(body.trim_end().len());
    }
    let translated = target
        .strip_prefix(prefix.as_str())?
        .strip_suffix(suffix.as_str())?;
    let names: Vec<&str> = pieces[first..=last]
        .iter()
        .filter(|p| p.protected)
        .map(|p| p.text)
        .collect();
    Some((
        omegat_tagged(&body, &names),
        omegat_tagged(translated, &names),
    ))
}

/// `text` with each of `names`, found in order, wrapped as `<mN>…</mN>`
/// (N counting from 0 in the segment, as OmegaT numbers its tags). A name
/// missing from `text` (a translation that changed it) is skipped.
pub fn omegat_tagged(text: &str, names: &[&str]) -> String {
    if names.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16 * names.len());
    let mut at = 0;
    let mut n = 0;
    for name in names {
        let Some(pos) = text.get(at..).and_then(|rest| rest.find(name)) else {
            continue;
        };
        out.push_str(&text[at..at + pos]);
        out.push_str(&format!("<m{n}>{name}</m{n}>"));
        n += 1;
        at += pos + name.len();
    }
    out.push_str(&text[at..]);
    out
}

/// `text` without the `<mN>`/`</mN>` tags [`omegat_tagged`] adds.
pub fn strip_omegat_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('<') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let body = after.strip_prefix('/').unwrap_or(after);
        let digits = body
            .strip_prefix('m')
            .map(|b| b.chars().take_while(char::is_ascii_digit).count())
            .unwrap_or(0);
        let tag_len = (after.len() - body.len()) + 1 + digits;
        if digits > 0 && after[tag_len..].starts_with('>') {
            rest = &after[tag_len + 1..];
        } else {
            out.push('<');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The segments OmegaT 3.6 showed for these units
    /// (`console-createpseudotranslatetmx`), and translations that keep the
    /// names where they stand.
    #[test]
    fn omegat_segments_lose_the_names_at_their_ends() {
        fn piece(text: &str, protected: bool) -> context::Piece<'_> {
            context::Piece { text, protected }
        }
        let (a, nrk, jgs) = (
            piece("Aftenposten", true),
            piece("NRK", true),
            piece("Jonas Gahr Støre", true),
        );
        let opening = [
            a.clone(),
            piece(" og ", false),
            nrk.clone(),
            piece(" har omtalt saken, sier ", false),
            jgs.clone(),
            piece(".", false),
        ];
        assert_eq!(
            omegat_segment(
                &opening,
                "Aftenposten and NRK covered it, says Jonas Gahr Støre."
            ),
            Some((
                "og <m0>NRK</m0> har omtalt saken, sier <m1>Jonas Gahr Støre</m1>.".to_string(),
                " and <m0>NRK</m0> covered it, says <m1>Jonas Gahr Støre</m1>.".to_string()
            ))
        );
        // A translation that moved the opening name has no such segment.
        assert_eq!(omegat_segment(&opening, "Both Aftenposten and NRK …"), None);
        let closing = [piece("Intervju med ", false), jgs.clone()];
        assert_eq!(
            omegat_segment(&closing, "Interview with Jonas Gahr Støre"),
            Some(("Intervju med".to_string(), "Interview with ".to_string()))
        );
        let colon = [nrk.clone(), piece(": Saken er alvorlig.", false)];
        assert_eq!(
            omegat_segment(&colon, "NRK: The case is serious."),
            Some((
                ": Saken er alvorlig.".to_string(),
                ": The case is serious.".to_string()
            ))
        );
        // A name alone, and names only inside, stay whole segments.
        assert_eq!(
            omegat_segment(std::slice::from_ref(&jgs), "Jonas Gahr Støre"),
            None
        );
        let inside = [piece("Saken, sier ", false), jgs, piece(".", false)];
        assert_eq!(
            omegat_segment(&inside, "The case, says Jonas Gahr Støre."),
            None
        );
    }

    #[test]
    fn omegat_tags_wrap_names_in_order_and_strip_back() {
        let t = omegat_tagged(
            "sier Kari Nordmann til Ola <b>.",
            &["Kari Nordmann", "Ola", "Per"],
        );
        assert_eq!(t, "sier <m0>Kari Nordmann</m0> til <m1>Ola</m1> <b>.");
        assert_eq!(strip_omegat_tags(&t), "sier Kari Nordmann til Ola <b>.");
        assert_eq!(strip_omegat_tags("a <m> <m1 </m2"), "a <m> <m1 </m2");
    }
}
