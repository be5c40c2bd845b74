//! Markdown for a merged translation: a bilingual briefing (source and target
//! side by side per unit) or the translated article alone.
//!
//! Input: the article's [`Document`] and the [`Merged`] translation. Output:
//! CommonMark text.
//!
//! Invariants: article text never becomes markup. `&`, `<` and `>` become
//! entities (so no `<script>` reaches the output), Markdown punctuation that
//! could start emphasis, links or code is backslash-escaped, a leading `#`,
//! `>`, `+`, `-`, `=` or `1.` cannot start a block, `|` cannot end a table
//! cell, and `{{`/`{%` cannot reach a template engine.

use crate::export::merge::Merged;
use crate::model::{Document, Role, UnitKind};

/// Escapes article text for inline Markdown (a paragraph or a table cell).
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '{' if matches!(chars.peek(), Some('{' | '%' | '#')) => out.push_str("&#123;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if crate::export::xml::is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    escape_block_start(&out)
}

/// Keeps a line from starting a heading, quote, list or setext underline.
fn escape_block_start(s: &str) -> String {
    let trimmed = s.trim_start();
    let lead = &s[..s.len() - trimmed.len()];
    let first = trimmed.chars().next();
    match first {
        Some('#' | '+' | '-' | '=') => format!("{lead}\\{trimmed}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
            match trimmed[digits..].chars().next() {
                Some(d @ ('.' | ')')) => {
                    format!(
                        "{lead}{}\\{d}{}",
                        &trimmed[..digits],
                        &trimmed[digits + 1..]
                    )
                }
                _ => s.to_string(),
            }
        }
        _ => s.to_string(),
    }
}

fn heading_title(doc: &Document) -> String {
    doc.meta
        .title
        .clone()
        .unwrap_or_else(|| crate::export::original_name(doc))
}

/// The bilingual briefing: a table per paragraph (unit id, source, target),
/// then quotes and key claims in both languages, then untranslated units.
pub fn bilingual(doc: &Document, merged: &Merged) -> String {
    let (src, trg) = (&merged.source_lang, &merged.target_lang);
    let mut out = String::new();
    out.push_str(&format!(
        "# Bilingual article: {}\n\n",
        escape_inline(&heading_title(doc))
    ));
    out.push_str(&format!(
        "Source file: {} · {src} → {trg} · {} units, {} untranslated · source hash `{}`\n",
        escape_inline(&crate::export::original_name(doc)),
        doc.units.len(),
        merged.untranslated.len(),
        crate::export::source_hash(doc)
    ));
    for p in crate::export::paragraphs(doc) {
        let label = p.block_type().replace('-', " ");
        out.push_str(&format!("\n## {} ({label})\n\n", p.id));
        out.push_str(&format!("| unit | {src} | {trg} |\n|---|---|---|\n"));
        for u in &p.units {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                u.id,
                escape_inline(&u.text),
                target_cell(merged, &u.id)
            ));
        }
    }
    if !doc.quotes.is_empty() {
        out.push_str(&format!(
            "\n## Quotes\n\n| quote | speaker | {src} | {trg} (whole unit) |\n|---|---|---|---|\n"
        ));
        for q in &doc.quotes {
            let target: Vec<String> = q.units.iter().map(|id| target_cell(merged, id)).collect();
            out.push_str(&format!(
                "| {} ({}) | {} | {} | {} |\n",
                q.id,
                q.units.join(", "),
                escape_inline(q.speaker.as_deref().unwrap_or("(not named)")),
                escape_inline(&q.text),
                target.join(" ")
            ));
        }
    }
    if !doc.claims.is_empty() {
        out.push_str(&format!(
            "\n## Key claims\n\n| unit | hedges | {src} | {trg} |\n|---|---|---|---|\n"
        ));
        for c in &doc.claims {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                c.unit,
                escape_inline(&c.hedges.join(", ")),
                escape_inline(&c.text),
                target_cell(merged, &c.unit)
            ));
        }
    }
    push_untranslated(&mut out, merged);
    out
}

fn target_cell(merged: &Merged, id: &str) -> String {
    match merged.target(id) {
        Some(t) => escape_inline(t),
        None => "*(untranslated)*".to_string(),
    }
}

fn push_untranslated(out: &mut String, merged: &Merged) {
    out.push_str("\n## Untranslated units\n\n");
    if merged.untranslated.is_empty() {
        out.push_str("None: every unit has a translation.\n");
    } else {
        out.push_str(&format!("{}\n", merged.untranslated.join(", ")));
    }
}

/// The translated article: headings as `##`, paragraphs rebuilt from their
/// units, and the blocks the article had kept as such: list items as a
/// bulleted list, table rows as a table (the first row heads it, cells
/// split at `|`), block quotes as quotes. An untranslated unit keeps its
/// source text and is listed at the end.
pub fn target_only(doc: &Document, merged: &Merged) -> String {
    let mut out = String::new();
    // The role of the block before, when it was a list item or table row:
    // the next one of the same role continues its list or table.
    let mut open: Option<Role> = None;
    for p in crate::export::paragraphs(doc) {
        let text = p
            .units
            .iter()
            .map(|u| merged.target(&u.id).unwrap_or(&u.text))
            .collect::<Vec<_>>()
            .join(" ");
        let role = p.role();
        let continues = role.is_some() && role == open;
        if !out.is_empty() && !continues {
            out.push('\n');
        }
        match (p.kind, role) {
            (UnitKind::Heading, _) => out.push_str(&format!("## {}\n", escape_inline(&text))),
            (_, Some(Role::ListItem)) => out.push_str(&format!("- {}\n", escape_inline(&text))),
            (_, Some(Role::TableRow)) => {
                let cells: Vec<String> = text.split('|').map(|c| escape_inline(c.trim())).collect();
                out.push_str(&format!("| {} |\n", cells.join(" | ")));
                if !continues {
                    out.push('|');
                    out.push_str(&"---|".repeat(cells.len()));
                    out.push('\n');
                }
            }
            (_, Some(Role::Quote)) => out.push_str(&format!("> {}\n", escape_inline(&text))),
            _ => out.push_str(&format!("{}\n", escape_inline(&text))),
        }
        open = role.filter(|r| matches!(r, Role::ListItem | Role::TableRow));
    }
    if !merged.untranslated.is_empty() {
        out.push_str(&format!(
            "\n---\n\nUntranslated (source text kept): {}\n",
            merged.untranslated.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::merge::{MergedUnit, TranslatedFormat};

    /// `doc` merged with a translation of every unit but `missing`: the
    /// source text in capitals.
    fn capitals(doc: &Document, missing: &str) -> Merged {
        Merged {
            format: TranslatedFormat::Xliff2,
            source_lang: "nb".into(),
            target_lang: "en".into(),
            units: doc
                .units
                .iter()
                .map(|u| MergedUnit {
                    id: u.id.clone(),
                    target: (u.id != missing).then(|| u.text.to_uppercase()),
                })
                .collect(),
            untranslated: vec![missing.to_string()],
            warnings: Vec::new(),
        }
    }

    #[test]
    fn merged_markdown_keeps_lists_tables_and_quotes() {
        let text = "# Tittel på saken\n\nInnledningen er her. Den har to setninger.\n\n\
                    - Punkt en er her.\n- Punkt to er der.\n\n\
                    | Navn | Alder |\n|---|---|\n| Ola | 40 |\n| Kari | 38 |\n\n\
                    > Et sitat fra boka.\n\n- Et nytt punkt.\n\nSiste avsnitt, sier han.\n";
        let options = crate::Options {
            format: Some(crate::InputFormat::Markdown),
            ..crate::Options::default()
        };
        let doc = crate::analyze_bytes(text.as_bytes(), &options).unwrap();
        let roles: Vec<Option<Role>> = doc.units.iter().map(|u| u.role).collect();
        assert!(roles.contains(&Some(Role::ListItem)), "{roles:?}");
        assert!(roles.contains(&Some(Role::TableRow)), "{roles:?}");
        assert!(roles.contains(&Some(Role::Quote)), "{roles:?}");
        let bilingual = bilingual(&doc, &capitals(&doc, "u1"));
        for label in [
            "(heading)",
            "(paragraph)",
            "(list item)",
            "(table row)",
            "(quote)",
        ] {
            assert!(bilingual.contains(label), "{label}: {bilingual}");
        }
        let last = doc.units.last().unwrap().id.clone();
        assert_eq!(
            target_only(&doc, &capitals(&doc, &last)),
            format!(
                "## TITTEL PÅ SAKEN\n\n\
             INNLEDNINGEN ER HER. DEN HAR TO SETNINGER.\n\n\
             - PUNKT EN ER HER.\n- PUNKT TO ER DER.\n\n\
             | NAVN | ALDER |\n|---|---|\n| OLA | 40 |\n| KARI | 38 |\n\n\
             > ET SITAT FRA BOKA.\n\n- ET NYTT PUNKT.\n\n\
             Siste avsnitt, sier han.\n\n---\n\n\
             Untranslated (source text kept): {last}\n"
            )
        );
    }

    #[test]
    fn escape_inline_defuses_markup() {
        assert_eq!(
            escape_inline("<script>alert(1)</script> & {{ x }}"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#123;{ x }}"
        );
        assert_eq!(escape_inline("# Tag"), "\\# Tag");
        assert_eq!(escape_inline("1. mai"), "1\\. mai");
        assert_eq!(escape_inline("a | b *c*"), "a \\| b \\*c\\*");
        assert_eq!(escape_inline("{% if %}"), "&#123;% if %}");
    }
}
