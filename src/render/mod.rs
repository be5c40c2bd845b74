//! Rendering: a [`Document`] → the Markdown briefing for translators.
//!
//! Input: a finished document and [`BriefOptions`]. Output: one Markdown file,
//! optionally with YAML or TOML front matter, that static-site generators
//! (Hugo, Zola, Jekyll, Eleventy, MkDocs) build as one page.
//!
//! The body comes from the minijinja template `briefing.md.j2`, built in with
//! `include_str!` and replaceable by a file of the same name in a user folder.
//! Invariants:
//! - every value a template prints passes through the environment's formatter,
//!   which escapes it for Markdown and HTML ([`escape::markdown`]); only
//!   macro output and explicit `|safe` bypass it, so a template cannot forget
//!   to escape article text;
//! - undefined variables are errors (strict undefined behaviour); errors name
//!   the template file and line ([`ErrorKind::Template`]);
//! - the output depends only on the document and the options: no clock, no
//!   map order.
//!
//! ```
//! let doc = norbrief::analyze_bytes(
//!     "Kode i søkefeltet\n\nHun skrev <script>alert(1)</script> i går.".as_bytes(),
//!     &norbrief::Options::default(),
//! ).unwrap();
//! let md = norbrief::render::briefing(&doc, &norbrief::render::BriefOptions::default()).unwrap();
//! let (front_matter, body) = md[4..].split_once("\n---\n").unwrap();
//! assert!(front_matter.contains("title: 'Kode i søkefeltet'"));
//! // Front matter is data (quoted by the YAML library); the body is escaped.
//! assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
//! assert!(!body.contains("<script"));
//! ```

pub mod escape;
pub mod front_matter;
pub mod notes;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, OnceLock};

use minijinja::value::{Enumerator, Object, ObjectRepr, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Document, Language, QuoteKind, SourceKind, UnitKind};
pub use front_matter::{FrontMatter, Page};

/// The name of the briefing template.
pub const BRIEFING_TEMPLATE: &str = "briefing.md.j2";

/// The built-in templates: `(file name, source)`.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[(
    BRIEFING_TEMPLATE,
    include_str!("../../templates/briefing.md.j2"),
)];

/// The interface strings (`data/ui.toml`).
pub const UI_STRINGS: &str = include_str!("../../data/ui.toml");

static UI: LazyLock<BTreeMap<String, BTreeMap<String, String>>> = LazyLock::new(|| {
    toml::from_str(UI_STRINGS).expect("data/ui.toml is valid (checked by unit tests)")
});

/// The language of the briefing's headings and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ui {
    /// English.
    #[default]
    En,
    /// Norwegian Bokmål.
    Nb,
}

impl Ui {
    /// The table name in `data/ui.toml`.
    pub fn code(self) -> &'static str {
        match self {
            Ui::En => "en",
            Ui::Nb => "nb",
        }
    }

    fn strings(self) -> &'static BTreeMap<String, String> {
        static EMPTY: BTreeMap<String, String> = BTreeMap::new();
        UI.get(self.code()).unwrap_or(&EMPTY)
    }

    fn get(self, key: &str) -> &'static str {
        self.strings().get(key).map(String::as_str).unwrap_or("")
    }

    /// The strings as a template value, built once per process: passing the
    /// value on costs a reference count, not a map of 60 strings per briefing.
    fn value(self) -> Value {
        static VALUES: LazyLock<BTreeMap<&'static str, Value>> = LazyLock::new(|| {
            UI.iter()
                .map(|(code, strings)| (code.as_str(), UiStrings::value(strings)))
                .collect()
        });
        VALUES
            .get(self.code())
            .cloned()
            .unwrap_or_else(|| UiStrings::value(self.strings()))
    }
}

/// One language's interface strings as a template map. A template reads
/// some 60 of them per briefing; a hash lookup by name costs less than a
/// walk of the ordered map that serialising the table makes, which compares
/// template values at every step.
#[derive(Debug)]
struct UiStrings {
    by_key: foldhash::HashMap<&'static str, Value>,
    /// The keys in order, for templates that iterate over `ui`.
    keys: Vec<Value>,
}

impl UiStrings {
    fn value(strings: &'static BTreeMap<String, String>) -> Value {
        Value::from_object(UiStrings {
            by_key: strings
                .iter()
                .map(|(k, v)| (k.as_str(), label_value(v)))
                .collect(),
            keys: strings.keys().map(|k| Value::from(k.as_str())).collect(),
        })
    }
}

/// An interface string as a template value. One the escaper leaves as it is
/// (all the built-in ones) is marked safe, so that printing it skips the
/// escaper; printed, combined or filtered, it reads as before.
fn label_value(text: &str) -> Value {
    if escape::markdown(text) == text {
        Value::from_safe_string(text.to_string())
    } else {
        Value::from(text)
    }
}

impl Object for UiStrings {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    /// What `ui.name` reads: without a template value made of the name.
    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.by_key.get(key).cloned()
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.keys.clone())
    }
}

/// Options for [`briefing`].
#[derive(Debug, Clone, Default)]
pub struct BriefOptions {
    /// The front matter to start with.
    pub front_matter: FrontMatter,
    /// The language of headings and labels.
    pub ui: Ui,
    /// A folder whose `briefing.md.j2` replaces the built-in template.
    pub templates: Option<PathBuf>,
}

/// Compiles the built-in template and builds the interface strings and the
/// notes' regexes now rather than on first use ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    // An error here is reported by the first briefing that needs the template.
    let _ = BUILTIN_ENVIRONMENT.get_template(BRIEFING_TEMPLATE);
    for ui in [Ui::En, Ui::Nb] {
        ui.value();
    }
    notes::warm_up();
}

/// Renders the Markdown briefing of a document.
///
/// The template sees the document through a shared reference, so this
/// copies it once; [`briefing_shared`] takes one already shared.
pub fn briefing(doc: &Document, options: &BriefOptions) -> Result<String> {
    briefing_shared(&Arc::new(doc.clone()), options)
}

/// [`briefing`] of a document already behind an [`Arc`]: rendered without a
/// copy of it.
pub fn briefing_shared(doc: &Arc<Document>, options: &BriefOptions) -> Result<String> {
    Briefer::new(options)?.render(doc)
}

/// Briefing options with their template compiled, for many documents: a
/// template folder is read and compiled once, not once per briefing.
#[derive(Debug)]
pub struct Briefer {
    options: BriefOptions,
    /// The user's templates; `None` for the built-in ones, which are
    /// compiled once per process.
    custom: Option<Environment<'static>>,
}

impl Briefer {
    /// Reads and compiles the briefing template of `options` (a template
    /// folder's, else the built-in one). An error names the template file
    /// and line; templates the briefing template includes are read when
    /// it first renders.
    pub fn new(options: &BriefOptions) -> Result<Briefer> {
        let custom = match &options.templates {
            Some(dir) if !dir.is_dir() => {
                return Err(
                    Error::new(ErrorKind::Template, "not a folder of templates").with_path(dir)
                );
            }
            Some(dir) => Some(environment(Some(dir.clone()))),
            None => None,
        };
        let briefer = Briefer {
            options: options.clone(),
            custom,
        };
        briefer
            .env()
            .get_template(BRIEFING_TEMPLATE)
            .map_err(|e| template_error(&e, options.templates.as_deref()))?;
        Ok(briefer)
    }

    fn env(&self) -> &Environment<'static> {
        self.custom.as_ref().unwrap_or(&BUILTIN_ENVIRONMENT)
    }

    /// Renders the briefing of a document (see [`briefing`]).
    pub fn render(&self, doc: &Arc<Document>) -> Result<String> {
        let dir = self.options.templates.as_deref();
        let context = Context::new(doc, self.options.ui);
        let front = front_matter::render(&context.page, self.options.front_matter)?;
        let template = self
            .env()
            .get_template(BRIEFING_TEMPLATE)
            .map_err(|e| template_error(&e, dir))?;
        let body = template
            .render(Value::from_serialize(&context))
            .map_err(|e| template_error(&e, dir))?;
        Ok(front + &body)
    }
}

/// Where a template comes from: the user's folder, else the built-in set.
fn template_path(name: &str, dir: Option<&Path>) -> PathBuf {
    match dir.and_then(|d| safe_join(d, name)) {
        Some(p) if p.is_file() => p,
        _ => Path::new("templates").join(name),
    }
}

fn template_error(err: &minijinja::Error, dir: Option<&Path>) -> Error {
    // The innermost error with a template name says where the problem is.
    let mut located: &minijinja::Error = err;
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(m) = e.downcast_ref::<minijinja::Error>() {
            if m.name().is_some() {
                located = m;
            }
        }
        cur = e.source();
    }
    let mut message = located.kind().to_string();
    if let Some(detail) = located.detail() {
        message.push_str(": ");
        message.push_str(detail);
    }
    let name = located.name().unwrap_or(BRIEFING_TEMPLATE);
    let mut error = Error::new(ErrorKind::Template, message).with_path(template_path(name, dir));
    if let Some(line) = located.line() {
        error = error.with_line(line);
    }
    error
}

/// The template environment: strict undefined, trailing newline kept, and the
/// Markdown escape formatter for every printed value.
static BUILTIN_ENVIRONMENT: std::sync::LazyLock<Environment<'static>> =
    std::sync::LazyLock::new(|| environment(None));

fn environment(dir: Option<PathBuf>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_keep_trailing_newline(true);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    // A custom auto-escape mode makes macro output and `{% set %}` blocks
    // safe strings, so the formatter does not escape them twice.
    env.set_auto_escape_callback(|_| AutoEscape::Custom("markdown"));
    env.set_formatter(|out, _state, value| {
        if value.is_undefined() || value.is_none() {
            return Ok(());
        }
        let written = if value.is_safe() {
            match value.as_str() {
                Some(s) => out.write_str(s),
                None => write!(out, "{value}"),
            }
        } else if let Some(s) = value.as_str() {
            escape::write_markdown(s, out)
        } else {
            escape::write_markdown(&value.to_string(), out)
        };
        written.map_err(minijinja::Error::from)
    });
    let escape_filter = |value: Value| -> Value {
        if value.is_safe() {
            value
        } else {
            Value::from_safe_string(escape::markdown(&value.to_string()))
        }
    };
    env.add_filter("escape", escape_filter);
    env.add_filter("e", escape_filter);
    env.set_loader(move |name| {
        if let Some(path) = dir.as_deref().and_then(|d| safe_join(d, name)) {
            match std::fs::read_to_string(&path) {
                Ok(source) => return Ok(Some(source)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("cannot read {}: {e}", path.display()),
                    ))
                }
            }
        }
        Ok(BUILTIN_TEMPLATES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, source)| source.to_string()))
    });
    env
}

/// The document as a template value that is converted when it is read, and
/// then only as far as it is read: the built-in template reads `doc.meta`
/// alone, and turning every unit, quote and entity into template values
/// cost more than the rest of the briefing's context together.
#[derive(Debug)]
struct LazyDocument {
    doc: Arc<Document>,
    meta: OnceLock<Value>,
    whole: OnceLock<Value>,
}

impl LazyDocument {
    fn value(doc: Arc<Document>) -> Value {
        Value::from_object(LazyDocument {
            doc,
            meta: OnceLock::new(),
            whole: OnceLock::new(),
        })
    }

    fn whole(&self) -> &Value {
        self.whole.get_or_init(|| Value::from_serialize(&*self.doc))
    }
}

impl Object for LazyDocument {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        if key.as_str() == Some("meta") {
            let meta = self
                .meta
                .get_or_init(|| Value::from_serialize(&self.doc.meta));
            return Some(meta.clone());
        }
        self.whole()
            .get_item(key)
            .ok()
            .filter(|v| !v.is_undefined())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let keys: Vec<Value> = self.whole().try_iter().into_iter().flatten().collect();
        Enumerator::Values(keys)
    }
}

/// What the template sees.
#[derive(Debug, Serialize)]
struct Context {
    /// The front-matter data (title, date, slug, …).
    page: Page,
    /// Whether the title was derived from the text.
    title_derived: bool,
    /// Interface strings for the chosen UI language.
    ui: Value,
    /// The whole document, as in the JSON contract.
    doc: Value,
    /// The input's file name without its folder, when known.
    source_name: Option<String>,
    /// Unit count.
    unit_count: usize,
    /// Language label ("Norwegian Bokmål").
    language_name: &'static str,
    /// The lists below are [`Rows`].
    summary: Value,
    claims: Value,
    quotes: Value,
    sources: Value,
    entities: Value,
    notes: notes::Notes,
    nynorsk: bool,
    not_norwegian: bool,
    units: Value,
    removed: Value,
}

impl Context {
    fn new(shared: &Arc<Document>, ui: Ui) -> Context {
        let doc: &Document = shared;
        let rows = |table| Rows::value(shared, ui, table, None);
        let (title, title_derived) = title(doc, ui);
        let page = Page {
            slug: slug(&title),
            title: if title_derived {
                format!("{title} {}", ui.get("derived_title"))
            } else {
                title
            },
            date: doc.meta.published.as_deref().and_then(front_matter::date),
            description: description(doc),
            tags: tags(doc),
            language: doc.meta.language.code().to_string(),
            publisher: doc.meta.publisher.clone(),
            draft: false,
        };
        let summary: Vec<usize> = doc
            .summary
            .iter()
            .filter_map(|id| doc.units.iter().position(|u| &u.id == id))
            .collect();
        Context {
            page,
            title_derived,
            ui: ui.value(),
            doc: LazyDocument::value(Arc::clone(shared)),
            source_name: doc.meta.source_file.as_deref().and_then(|f| {
                Path::new(f)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
            }),
            unit_count: doc.units.len(),
            language_name: ui.get(match doc.meta.language {
                Language::Nb => "lang_nb",
                Language::Nn => "lang_nn",
                Language::Und => "lang_und",
            }),
            summary: Rows::value(shared, ui, Table::Units, Some(summary)),
            claims: rows(Table::Claims),
            quotes: rows(Table::Quotes),
            sources: rows(Table::Sources),
            entities: rows(Table::Entities),
            notes: notes::collect(&doc.units, &doc.claims),
            nynorsk: doc.meta.language == Language::Nn,
            not_norwegian: !doc.meta.language.is_norwegian(),
            units: rows(Table::Units),
            removed: rows(Table::Removed),
        }
    }
}

/// Which of the document's lists a [`Rows`] reads, and how its rows read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Units,
    Claims,
    Quotes,
    Sources,
    Entities,
    Removed,
}

impl Table {
    /// The interface strings of the kinds of this table's rows, looked up
    /// once per list rather than once per row ([`Rows::label`]).
    fn label_keys(self) -> &'static [&'static str] {
        match self {
            Table::Units => &["kind_heading", "kind_sentence"],
            Table::Quotes => &["kind_direct", "kind_indirect"],
            Table::Sources => &[
                "source_person",
                "source_organization",
                "source_anonymous",
                "source_media",
                "source_document",
            ],
            Table::Entities => &[
                "entity_person",
                "entity_place",
                "entity_organization",
                "entity_other",
            ],
            Table::Claims | Table::Removed => &[],
        }
    }

    /// The fields of a row, in the order a template iterates them.
    fn fields(self) -> &'static [&'static str] {
        match self {
            Table::Units => &["id", "kind", "words", "text"],
            Table::Claims => &["unit", "text", "source", "hedges", "score"],
            Table::Quotes => &[
                "id",
                "kind",
                "text",
                "speaker",
                "speaker_description",
                "source",
                "units",
            ],
            Table::Sources => &["id", "name", "kind", "description", "units"],
            Table::Entities => &["text", "kind", "count", "rendering", "units"],
            Table::Removed => &["reason", "text"],
        }
    }
}

/// One of the document's lists as a template sequence whose rows are made,
/// and whose fields are converted, only when the template reads them.
/// Serialising every unit, quote and entity into template maps up front
/// cost about 6 % more instructions per briefing than reading the rows. A
/// row reads like a map of its [`Table::fields`]: indexed, iterated,
/// printed and serialised alike.
#[derive(Debug)]
struct Rows {
    doc: Arc<Document>,
    table: Table,
    /// The interface strings of [`Table::label_keys`], in their order.
    labels: [&'static str; 5],
    /// The rows' indexes into the table's list when not all of it (the
    /// summary's units).
    picked: Option<Vec<usize>>,
}

impl Rows {
    fn value(doc: &Arc<Document>, ui: Ui, table: Table, picked: Option<Vec<usize>>) -> Value {
        let mut labels = [""; 5];
        for (label, key) in labels.iter_mut().zip(table.label_keys()) {
            *label = ui.get(key);
        }
        Value::from_object(Rows {
            doc: Arc::clone(doc),
            table,
            labels,
            picked,
        })
    }

    fn len(&self) -> usize {
        if let Some(picked) = &self.picked {
            return picked.len();
        }
        let doc = &self.doc;
        match self.table {
            Table::Units => doc.units.len(),
            Table::Claims => doc.claims.len(),
            Table::Quotes => doc.quotes.len(),
            Table::Sources => doc.sources.len(),
            Table::Entities => doc.entities.len(),
            Table::Removed => doc.removed.len(),
        }
    }

    /// Field `name` of row `row` (`row` < [`Rows::len`]).
    fn field(&self, row: usize, name: &str) -> Option<Value> {
        let doc = &*self.doc;
        let label = |n: usize| Value::from(self.labels[n]);
        let i = self.picked.as_ref().map_or(row, |p| p[row]);
        let text = |s: &str| Value::from(s);
        let optional = |s: Option<&str>| s.map_or(Value::from(()), Value::from);
        let source_name =
            |id: Option<&str>| optional(id.and_then(|id| doc.source(id)).map(|s| s.name.as_str()));
        let list = |items: &[String]| Value::from_serialize(items);
        Some(match self.table {
            Table::Units => {
                let u = &doc.units[i];
                match name {
                    "id" => text(&u.id),
                    "kind" => label(match u.kind {
                        UnitKind::Heading => 0,
                        UnitKind::Sentence => 1,
                    }),
                    "words" => Value::from(u.words),
                    "text" => text(&u.text),
                    _ => return None,
                }
            }
            Table::Claims => {
                let c = &doc.claims[i];
                match name {
                    "unit" => text(&c.unit),
                    "text" => text(&c.text),
                    "source" => source_name(c.source.as_deref()),
                    "hedges" => list(&c.hedges),
                    "score" => Value::from(c.score),
                    _ => return None,
                }
            }
            Table::Quotes => {
                let q = &doc.quotes[i];
                match name {
                    "id" => text(&q.id),
                    "kind" => label(match q.kind {
                        QuoteKind::Direct => 0,
                        QuoteKind::Indirect => 1,
                    }),
                    "text" => text(&q.text),
                    "speaker" => optional(q.speaker.as_deref()),
                    "speaker_description" => optional(q.speaker_description.as_deref()),
                    "source" => source_name(q.source.as_deref()),
                    "units" => list(&q.units),
                    _ => return None,
                }
            }
            Table::Sources => {
                let s = &doc.sources[i];
                match name {
                    "id" => text(&s.id),
                    "name" => text(&s.name),
                    "kind" => label(match s.kind {
                        SourceKind::Person => 0,
                        SourceKind::Organization => 1,
                        SourceKind::Anonymous => 2,
                        SourceKind::Media => 3,
                        SourceKind::Document => 4,
                    }),
                    "description" => optional(s.description.as_deref()),
                    "units" => list(&s.units),
                    _ => return None,
                }
            }
            Table::Entities => {
                let e = &doc.entities[i];
                match name {
                    "text" => text(&e.text),
                    "kind" => label(match e.kind {
                        crate::model::EntityKind::Person => 0,
                        crate::model::EntityKind::Place => 1,
                        crate::model::EntityKind::Organization => 2,
                        crate::model::EntityKind::Other => 3,
                    }),
                    "count" => Value::from(e.count),
                    "rendering" => optional(e.rendering.as_deref()),
                    "units" => list(&e.units),
                    _ => return None,
                }
            }
            Table::Removed => {
                let r = &doc.removed[i];
                match name {
                    "reason" => text(r.reason.as_str()),
                    "text" => text(&r.text),
                    _ => return None,
                }
            }
        })
    }
}

impl Object for Rows {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let index = key.as_usize()?;
        (index < self.len()).then(|| {
            Value::from_object(Row {
                rows: Arc::clone(self),
                index,
            })
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.len())
    }
}

/// One row of [`Rows`].
#[derive(Debug)]
struct Row {
    rows: Arc<Rows>,
    index: usize,
}

impl Object for Row {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.rows.field(self.index, key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.rows.field(self.index, key)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(self.rows.table.fields())
    }
}

/// The article's title, or one derived from its lead, the first unit (`true`
/// when derived). A crosshead further down names one section, not the article,
/// so it is not used: an untitled scrape's lead says what the story is.
fn title(doc: &Document, ui: Ui) -> (String, bool) {
    if let Some(t) = doc
        .meta
        .title
        .as_deref()
        .map(collapse)
        .filter(|t| !t.is_empty())
    {
        return (t, false);
    }
    let first = doc
        .units
        .first()
        .map(|u| shorten(&collapse(&u.text), 80))
        .filter(|t| !t.is_empty());
    (
        first.unwrap_or_else(|| ui.get("untitled").to_string()),
        true,
    )
}

/// The description: the summary sentences, else the first sentence, shortened.
fn description(doc: &Document) -> String {
    let summary: Vec<&str> = doc
        .summary
        .iter()
        .filter_map(|id| doc.unit(id))
        .map(|u| u.text.as_str())
        .collect();
    let text = if summary.is_empty() {
        doc.units
            .iter()
            .find(|u| u.kind == UnitKind::Sentence)
            .map(|u| u.text.clone())
            .unwrap_or_default()
    } else {
        summary.join(" ")
    };
    shorten(&collapse(&text), 200)
}

/// Tags: the five most mentioned names, ties by name.
fn tags(doc: &Document) -> Vec<String> {
    let mut entities: Vec<_> = doc.entities.iter().collect();
    entities.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    let mut tags: Vec<String> = Vec::new();
    for e in entities {
        let t = collapse(&e.text);
        if !t.is_empty() && !tags.contains(&t) {
            tags.push(t);
        }
        if tags.len() == 5 {
            break;
        }
    }
    tags
}

/// Collapses whitespace and drops control characters.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        // A word of control characters alone leaves no word, and no space.
        let start = out.len();
        if start > 0 {
            out.push(' ');
        }
        let kept = out.len();
        out.extend(word.chars().filter(|c| !c.is_control()));
        if out.len() == kept {
            out.truncate(start);
        }
    }
    out
}

/// Cuts `text` to at most `max` characters at a word boundary, adding "…".
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > max.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(max.saturating_sub(1)).collect();
    }
    out.push('…');
    out
}

/// An ASCII URL slug: Norwegian letters spelled out (æ → ae, ø → oe, å → aa),
/// other accents dropped, words joined by hyphens, at most 60 characters.
pub fn slug(title: &str) -> String {
    let mut spelled = String::new();
    for ch in title.chars().flat_map(char::to_lowercase) {
        match ch {
            'æ' => spelled.push_str("ae"),
            'ø' => spelled.push_str("oe"),
            'å' => spelled.push_str("aa"),
            'ß' => spelled.push_str("ss"),
            c if c.is_ascii_alphanumeric() => spelled.push(c),
            c => {
                let base: String = std::iter::once(c)
                    .nfd()
                    .filter(char::is_ascii_alphanumeric)
                    .collect();
                spelled.push_str(if base.is_empty() { " " } else { &base });
            }
        }
    }
    let mut out = spelled.split_whitespace().collect::<Vec<_>>().join("-");
    if out.len() > 60 {
        let cut = out[..60].rfind('-').unwrap_or(60);
        out.truncate(cut);
    }
    if out.is_empty() {
        "briefing".to_string()
    } else {
        out
    }
}

/// Joins a template name to a folder, refusing names that leave it.
fn safe_join(dir: &Path, name: &str) -> Option<PathBuf> {
    let mut path = dir.to_path_buf();
    for part in name.split(['/', '\\']) {
        if part.is_empty() || part == "." || part == ".." || part.contains(':') {
            return None;
        }
        path.push(part);
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ui_tables_load_and_have_the_same_keys() {
        let en: Vec<&String> = Ui::En.strings().keys().collect();
        let nb: Vec<&String> = Ui::Nb.strings().keys().collect();
        assert!(en.len() > 20);
        assert_eq!(en, nb);
        for (key, value) in Ui::En.strings().iter().chain(Ui::Nb.strings()) {
            assert!(!value.trim().is_empty(), "{key} is empty");
        }
    }

    #[test]
    fn ui_strings_read_like_the_serialised_table() {
        let table = Ui::Nb.strings();
        let ui = Ui::Nb.value();
        for (key, value) in table {
            assert_eq!(ui.get_attr(key).unwrap().as_str(), Some(value.as_str()));
        }
        assert!(ui.get_attr("no_such_key").unwrap().is_undefined());
        let source = "{% for k in ui %}{{ k }}={{ ui[k] }};{% endfor %}{{ ui | length }}";
        assert_eq!(
            render_str(source, minijinja::context! { ui => ui }),
            render_str(
                source,
                minijinja::context! { ui => Value::from_serialize(table) }
            )
        );
    }

    #[test]
    fn built_in_labels_need_no_escape_and_skip_the_escaper() {
        for ui in [Ui::En, Ui::Nb] {
            for (key, text) in ui.strings() {
                let value = ui.value().get_attr(key).unwrap();
                assert!(
                    value.is_safe(),
                    "{key}: {text:?} would be changed by the escaper"
                );
            }
        }
        assert!(!label_value("*fet*").is_safe());
    }

    #[test]
    fn a_briefer_reads_its_template_folder_once() {
        let doc = Arc::new(
            crate::analyze_bytes(
                "Tittel\n\nOla Nordmann sier at saken er viktig.".as_bytes(),
                &crate::Options::default(),
            )
            .unwrap(),
        );
        let dir = tempfile::tempdir().unwrap();
        let template = dir.path().join(BRIEFING_TEMPLATE);
        std::fs::write(&template, "# {{ page.title }}\n").unwrap();
        let options = BriefOptions {
            front_matter: FrontMatter::None,
            templates: Some(dir.path().to_path_buf()),
            ..BriefOptions::default()
        };
        let briefer = Briefer::new(&options).unwrap();
        let first = briefer.render(&doc).unwrap();
        assert_eq!(first, briefing_shared(&doc, &options).unwrap());
        // Compiled once: a change to the file does not reach this briefer.
        std::fs::write(&template, "changed\n").unwrap();
        assert_eq!(briefer.render(&doc).unwrap(), first);
        assert_eq!(briefing_shared(&doc, &options).unwrap(), "changed\n");
    }

    #[test]
    fn builtin_template_parses() {
        let env = environment(None);
        env.get_template(BRIEFING_TEMPLATE).unwrap();
    }

    fn render_str(source: &str, ctx: Value) -> String {
        let mut env = environment(None);
        env.add_template_owned("t.md.j2", source.to_string())
            .unwrap();
        env.get_template("t.md.j2").unwrap().render(ctx).unwrap()
    }

    #[test]
    fn formatter_escapes_every_printed_value() {
        let ctx = minijinja::context! { x => "<b>{{ y }}</b> | #", n => 3 };
        assert_eq!(
            render_str("{{ x }} {{ n }}\n", ctx),
            "&lt;b&gt;&#123;&#123; y &#125;&#125;&lt;/b&gt; &#124; \\# 3\n"
        );
    }

    #[test]
    fn the_lazy_document_reads_like_the_whole_one() {
        let text = "Tittel\n\nStatsministeren sier at skatten trolig går ned. \
                    – Vi er klare, sier Jonas Gahr Støre til NRK.\n";
        let doc = crate::analyze_bytes(text.as_bytes(), &crate::Options::default()).unwrap();
        let source = "{{ doc.meta.language }} {{ doc.meta.word_count }} \
                      {{ doc.units | length }} {{ doc.units[1].text }} {{ doc.quotes[0].speaker }} \
                      {{ doc['sources'] | map(attribute='name') | join(',') }} \
                      {% for k in doc %}{{ k }},{% endfor %} {{ doc | length }} \
                      {{ doc.meta == doc['meta'] }} {{ doc.nope is undefined }} \
                      {{ doc.meta | string }} {{ doc | string }} {{ doc | items | length }}";
        let lazy = render_str(
            source,
            minijinja::context! { doc => LazyDocument::value(Arc::new(doc.clone())) },
        );
        let whole = render_str(
            source,
            minijinja::context! { doc => Value::from_serialize(&doc) },
        );
        assert_eq!(lazy, whole);
        assert!(lazy.starts_with("nb "), "{lazy}");
        assert!(lazy.contains("Jonas Gahr Støre"), "{lazy}");
    }

    /// The rows read like the structs they replaced, serialised: the same
    /// fields in the same order, indexed, iterated, printed and serialised
    /// alike, for every list of an article that has all of them.
    #[test]
    fn rows_read_like_serialised_structs() {
        #[derive(Serialize)]
        struct UnitView<'a> {
            id: &'a str,
            kind: &'static str,
            words: usize,
            text: &'a str,
        }
        #[derive(Serialize)]
        struct ClaimView<'a> {
            unit: &'a str,
            text: &'a str,
            source: Option<&'a str>,
            hedges: &'a [String],
            score: f64,
        }
        #[derive(Serialize)]
        struct QuoteView<'a> {
            id: &'a str,
            kind: &'static str,
            text: &'a str,
            speaker: Option<&'a str>,
            speaker_description: Option<&'a str>,
            source: Option<&'a str>,
            units: &'a [String],
        }
        #[derive(Serialize)]
        struct SourceView<'a> {
            id: &'a str,
            name: &'a str,
            kind: &'static str,
            description: Option<&'a str>,
            units: &'a [String],
        }
        #[derive(Serialize)]
        struct EntityView<'a> {
            text: &'a str,
            kind: &'static str,
            count: usize,
            rendering: Option<&'a str>,
            units: &'a [String],
        }
        #[derive(Serialize)]
        struct RemovedView<'a> {
            reason: &'static str,
            text: &'a str,
        }
        let text = include_str!("../../tests/fixtures/corpus/dn-kim-putin.txt");
        let doc =
            Arc::new(crate::analyze_bytes(text.as_bytes(), &crate::Options::default()).unwrap());
        let ui = Ui::Nb;
        let label = |key: &str| ui.get(key);
        fn json_name(kind: impl Serialize) -> String {
            serde_json::to_value(kind)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        }
        let source_name = |id: &Option<String>| {
            id.as_deref()
                .and_then(|id| doc.source(id))
                .map(|s| s.name.as_str())
        };
        fn unit_view(u: &crate::model::Unit, ui: Ui) -> UnitView<'_> {
            UnitView {
                id: &u.id,
                kind: ui.get(match u.kind {
                    UnitKind::Heading => "kind_heading",
                    UnitKind::Sentence => "kind_sentence",
                }),
                words: u.words,
                text: &u.text,
            }
        }
        let serialised = [
            Value::from_serialize(
                doc.units
                    .iter()
                    .map(|u| unit_view(u, ui))
                    .collect::<Vec<_>>(),
            ),
            Value::from_serialize(
                doc.summary
                    .iter()
                    .filter_map(|id| doc.unit(id))
                    .map(|u| unit_view(u, ui))
                    .collect::<Vec<_>>(),
            ),
            Value::from_serialize(
                doc.claims
                    .iter()
                    .map(|c| ClaimView {
                        unit: &c.unit,
                        text: &c.text,
                        source: source_name(&c.source),
                        hedges: &c.hedges,
                        score: c.score,
                    })
                    .collect::<Vec<_>>(),
            ),
            Value::from_serialize(
                doc.quotes
                    .iter()
                    .map(|q| QuoteView {
                        id: &q.id,
                        kind: label(match q.kind {
                            QuoteKind::Direct => "kind_direct",
                            QuoteKind::Indirect => "kind_indirect",
                        }),
                        text: &q.text,
                        speaker: q.speaker.as_deref(),
                        speaker_description: q.speaker_description.as_deref(),
                        source: source_name(&q.source),
                        units: &q.units,
                    })
                    .collect::<Vec<_>>(),
            ),
            Value::from_serialize(
                doc.sources
                    .iter()
                    .map(|s| SourceView {
                        id: &s.id,
                        name: &s.name,
                        kind: label(&format!("source_{}", json_name(s.kind))),
                        description: s.description.as_deref(),
                        units: &s.units,
                    })
                    .collect::<Vec<_>>(),
            ),
            Value::from_serialize(
                doc.entities
                    .iter()
                    .map(|e| EntityView {
                        text: &e.text,
                        kind: label(&format!("entity_{}", json_name(e.kind))),
                        count: e.count,
                        rendering: e.rendering.as_deref(),
                        units: &e.units,
                    })
                    .collect::<Vec<_>>(),
            ),
            Value::from_serialize(
                doc.removed
                    .iter()
                    .map(|r| RemovedView {
                        reason: r.reason.as_str(),
                        text: &r.text,
                    })
                    .collect::<Vec<_>>(),
            ),
        ];
        let summary = doc
            .summary
            .iter()
            .filter_map(|id| doc.units.iter().position(|u| &u.id == id))
            .collect();
        let rows = [
            Rows::value(&doc, ui, Table::Units, None),
            Rows::value(&doc, ui, Table::Units, Some(summary)),
            Rows::value(&doc, ui, Table::Claims, None),
            Rows::value(&doc, ui, Table::Quotes, None),
            Rows::value(&doc, ui, Table::Sources, None),
            Rows::value(&doc, ui, Table::Entities, None),
            Rows::value(&doc, ui, Table::Removed, None),
        ];
        let probe = "{{ xs | length }} {{ xs is sequence }} {{ xs[-1] }} {{ xs | first }} \
                     {{ xs[1:3] }} {{ xs | reverse | list | length }} {{ xs[0].nope is undefined }} \
                     {{ xs[999] is undefined }} {{ xs[0] | length }} {{ xs[0] | items | list }} \
                     {% for x in xs %}{{ loop.index }}: {{ x }} \
                     {% for k in x %}{{ k }}={{ x[k] }}/{{ x | attr(k) }},{% endfor %}\
                     {{ x == xs[loop.index0] }}\n{% endfor %}{{ xs }}";
        for (rows, serialised) in rows.into_iter().zip(serialised) {
            assert!(serialised.len().unwrap_or(0) > 0, "{serialised}");
            let expected = render_str(probe, minijinja::context! { xs => serialised.clone() });
            let got = render_str(probe, minijinja::context! { xs => rows.clone() });
            assert_eq!(got, expected);
            assert_eq!(
                serde_json::to_string(&rows).unwrap(),
                serde_json::to_string(&serialised).unwrap()
            );
        }
    }

    #[test]
    fn escape_filter_and_macros_do_not_escape_twice() {
        let ctx = minijinja::context! { x => "<b>" };
        let source =
            "{% macro m(t) %}[{{ t }}]{% endmacro %}{{ m(x) }} {{ x | e }} {{ x | e | e }}";
        assert_eq!(render_str(source, ctx), "[&lt;b&gt;] &lt;b&gt; &lt;b&gt;");
    }

    #[test]
    fn undefined_variables_are_errors_with_a_line() {
        let mut env = environment(None);
        env.add_template_owned("t.md.j2", "ok\n{{ nope }}".to_string())
            .unwrap();
        let err = env
            .get_template("t.md.j2")
            .unwrap()
            .render(minijinja::context! {})
            .unwrap_err();
        let err = template_error(&err, None);
        assert_eq!(err.kind(), &ErrorKind::Template);
        assert_eq!(err.line(), Some(2));
        assert_eq!(err.path(), Some(Path::new("templates/t.md.j2")));
    }

    #[test]
    fn template_names_cannot_leave_the_folder() {
        let dir = Path::new("tpl");
        assert_eq!(safe_join(dir, "a.j2"), Some(dir.join("a.j2")));
        assert_eq!(safe_join(dir, "../a.j2"), None);
        assert_eq!(safe_join(dir, "/etc/passwd"), None);
        assert_eq!(safe_join(dir, "x/./a"), None);
    }

    #[test]
    fn slug_spells_out_norwegian_letters() {
        assert_eq!(slug("Støre: «Vi må handle nå»"), "stoere-vi-maa-handle-naa");
        assert_eq!(
            slug("Ærlig talt – Crème brûlée"),
            "aerlig-talt-creme-brulee"
        );
        assert_eq!(slug("«»"), "briefing");
        assert!(slug(&"lang ".repeat(40)).len() <= 60);
    }

    proptest::proptest! {
        #[test]
        fn collapse_joins_the_words_left_after_control_chars(text in "[ a\\u{1}\\u{85}\\u{a0}\\n\\tæ-]{0,24}") {
            // As first written: word by word, then joined.
            let reference = text
                .split_whitespace()
                .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            proptest::prop_assert_eq!(collapse(&text), reference);
        }
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        assert_eq!(shorten("en to tre", 20), "en to tre");
        assert_eq!(shorten("en to tre fire", 8), "en to…");
        assert_eq!(shorten("abcdefghij", 5), "abcd…");
    }
}
