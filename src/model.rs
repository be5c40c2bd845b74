//! The document model: the typed form of the analysis contract (`norbrief/1`).
//!
//! Every output — JSON, the Markdown briefing, XLIFF, TMX, JSONL — is rendered
//! from a [`Document`]. Field names and meanings follow the contract; fields may
//! be added but never renamed. Only these types cross module boundaries.
//!
//! Invariants a finished [`Document`] holds (checked by [`Document::check`]):
//! - `clean_text[span] == text` for every unit; spans ascend and never overlap;
//! - no `removed` text is inside a unit;
//! - every id a quote, source, claim or entity refers to exists.

use serde::{Deserialize, Serialize};

pub use crate::blocks::Role;

/// The schema tag every document carries.
pub const SCHEMA: &str = "norbrief/1";

/// One analysed article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// What is known about the article itself.
    pub meta: Meta,
    /// The cleaned article body; every unit is a byte span of it.
    pub clean_text: String,
    /// Every piece of input that is not in `clean_text`, with the reason.
    pub removed: Vec<Removed>,
    /// Sentence-aligned translation units in reading order.
    pub units: Vec<Unit>,
    /// Direct and indirect quotes.
    pub quotes: Vec<Quote>,
    /// Everyone and everything the article attributes information to.
    pub sources: Vec<Source>,
    /// Key claims, best first.
    pub claims: Vec<Claim>,
    /// Named entities with suggested English renderings.
    pub entities: Vec<Entity>,
    /// Extractive summary: ids of two to four units, in article order.
    #[serde(default)]
    pub summary: Vec<String>,
    /// Problems that did not stop the analysis (e.g. "not Norwegian").
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// Article metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// The input file name as given, `None` for stdin.
    pub source_file: Option<String>,
    /// Language variety of the article.
    pub language: Language,
    /// The publishing site or outlet, when known.
    pub publisher: Option<String>,
    /// The article's own date, ISO 8601, as precise as the input allows.
    pub published: Option<String>,
    /// The article's title, when the input has one.
    pub title: Option<String>,
    /// The encoding the input was decoded from (WHATWG label, e.g. `utf-8`).
    pub encoding: String,
    /// Words in all units (the translator's word count).
    pub word_count: usize,
    /// The input format the text was read as.
    #[serde(default)]
    pub input_format: InputFormat,
}

/// Language variety of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Norwegian Bokmål.
    Nb,
    /// Norwegian Nynorsk.
    Nn,
    /// Not Norwegian, or not sure.
    #[default]
    Und,
}

impl Language {
    /// The BCP 47 code (`nb`, `nn`, `und`).
    pub fn code(self) -> &'static str {
        match self {
            Language::Nb => "nb",
            Language::Nn => "nn",
            Language::Und => "und",
        }
    }

    /// Whether this is a Norwegian variety.
    pub fn is_norwegian(self) -> bool {
        matches!(self, Language::Nb | Language::Nn)
    }
}

/// How the input text was interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Plain text, paragraphs separated by blank lines.
    #[default]
    Text,
    /// CommonMark / GitHub-flavoured Markdown.
    Markdown,
    /// An HTML page.
    Html,
}

/// A piece of input that was cut out of the article, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// The removed text (whitespace as in the normalised input).
    pub text: String,
    /// Why it was removed.
    pub reason: RemovalReason,
}

/// Why a piece of input was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RemovalReason {
    /// "Artikkelen fortsetter under annonsen", "Annonse".
    AdMarker,
    /// "Les også: …", "Les mer", "Se også", related links.
    RelatedLink,
    /// "Del", "Del artikkelen", follow prompts.
    Share,
    /// "VG+", "Logg inn for å lese" and other paywall teasers.
    Paywall,
    /// An embedded video or photo teaser.
    MediaTeaser,
    /// Photo credits, captions and gallery counters.
    Caption,
    /// Author names, roles and e-mail addresses.
    Byline,
    /// Publication and update stamps.
    Dateline,
    /// Wire-service markers such as "(NTB)".
    Wire,
    /// Stock tickers and ticker chips.
    Ticker,
    /// Copyright and terms footers.
    Footer,
    /// Lines a scraper added ("date 2023-09").
    ScraperMetadata,
    /// Site navigation, section names, tag lists.
    Navigation,
    /// Markup that is not article text (HTML scripts, styles, comments).
    Markup,
    /// A pattern from a user rules file.
    UserRule,
    /// Anything else that is not article text.
    Boilerplate,
}

impl RemovalReason {
    /// Every reason, in declaration order.
    pub const ALL: [RemovalReason; 16] = [
        RemovalReason::AdMarker,
        RemovalReason::RelatedLink,
        RemovalReason::Share,
        RemovalReason::Paywall,
        RemovalReason::MediaTeaser,
        RemovalReason::Caption,
        RemovalReason::Byline,
        RemovalReason::Dateline,
        RemovalReason::Wire,
        RemovalReason::Ticker,
        RemovalReason::Footer,
        RemovalReason::ScraperMetadata,
        RemovalReason::Navigation,
        RemovalReason::Markup,
        RemovalReason::UserRule,
        RemovalReason::Boilerplate,
    ];

    /// The kebab-case name used in JSON and rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            RemovalReason::AdMarker => "ad-marker",
            RemovalReason::RelatedLink => "related-link",
            RemovalReason::Share => "share",
            RemovalReason::Paywall => "paywall",
            RemovalReason::MediaTeaser => "media-teaser",
            RemovalReason::Caption => "caption",
            RemovalReason::Byline => "byline",
            RemovalReason::Dateline => "dateline",
            RemovalReason::Wire => "wire",
            RemovalReason::Ticker => "ticker",
            RemovalReason::Footer => "footer",
            RemovalReason::ScraperMetadata => "scraper-metadata",
            RemovalReason::Navigation => "navigation",
            RemovalReason::Markup => "markup",
            RemovalReason::UserRule => "user-rule",
            RemovalReason::Boilerplate => "boilerplate",
        }
    }

    /// Parses a kebab-case reason name.
    pub fn parse(name: &str) -> Option<RemovalReason> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// One translation unit: a heading or a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// Stable id, `u1`, `u2`, … in reading order.
    pub id: String,
    /// Heading or sentence.
    pub kind: UnitKind,
    /// 0-based index of the block of `clean_text` the unit is in.
    pub paragraph: usize,
    /// Byte offsets into `clean_text`.
    pub span: [usize; 2],
    /// `clean_text[span[0]..span[1]]`.
    pub text: String,
    /// Words in the unit (translator word count).
    pub words: usize,
    /// The block the unit is in when it is not body text or a heading: a
    /// list item, a table row, a block quote or a figure caption (`None`,
    /// and no `role` in JSON, for the others). The translated article keeps
    /// lists and tables by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
}

/// The kind of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// A title or crosshead.
    Heading,
    /// A sentence, list item or table row.
    Sentence,
}

/// A direct or indirect quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// `q1`, `q2`, …
    pub id: String,
    /// The units the quote spans.
    pub units: Vec<String>,
    /// Direct or reported speech.
    pub kind: QuoteKind,
    /// The quoted words only: no dash, quote marks or attribution.
    pub text: String,
    /// The resolved speaker's name; `None` when anonymous or unknown.
    pub speaker: Option<String>,
    /// How the article describes the speaker ("en talsperson for …").
    pub speaker_description: Option<String>,
    /// The id of the speaker in `sources`.
    pub source: Option<String>,
}

/// Direct or indirect speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Dash paragraphs, «…», "…".
    Direct,
    /// Reported speech: "sa at …", "ifølge X".
    Indirect,
}

/// Someone or something the article attributes information to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// `s1`, `s2`, …
    pub id: String,
    /// The name or, for anonymous sources, the phrase used.
    pub name: String,
    /// A description from the article (role, affiliation).
    pub description: Option<String>,
    /// What kind of source it is.
    pub kind: SourceKind,
    /// Units where the source is cited.
    pub units: Vec<String>,
}

/// The kind of a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// A named person.
    Person,
    /// An organisation, authority or company.
    Organization,
    /// An unnamed source.
    Anonymous,
    /// A news medium.
    Media,
    /// A report, ruling, press release or other document.
    Document,
}

/// A key claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// The unit the claim is in.
    pub unit: String,
    /// The claim text (the unit text).
    pub text: String,
    /// Source id, `None` when the article asserts it itself.
    pub source: Option<String>,
    /// Hedges and modality markers the translator must keep.
    pub hedges: Vec<String>,
    /// Ranking score in 0..=1, higher is more important.
    pub score: f64,
}

/// A named entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The base form (genitive stripped).
    pub text: String,
    /// Person, place, organisation or other.
    pub kind: EntityKind,
    /// Mentions in the units.
    pub count: usize,
    /// Units that mention it.
    pub units: Vec<String>,
    /// Suggested English rendering, `None` when none is known.
    pub rendering: Option<String>,
}

/// The kind of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A place.
    Place,
    /// An organisation.
    Organization,
    /// Any other name.
    Other,
}

impl Document {
    /// The unit with this id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// Checks the contract's invariants and returns every violation found.
    pub fn check(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut prev_end = 0;
        let mut ids = std::collections::BTreeSet::new();
        for u in &self.units {
            if !ids.insert(u.id.as_str()) {
                problems.push(format!("unit {}: duplicate id", u.id));
            }
            let [a, b] = u.span;
            match self.clean_text.get(a..b) {
                Some(t) if t == u.text => {}
                _ => problems.push(format!("unit {}: clean_text[span] != text", u.id)),
            }
            if a < prev_end {
                problems.push(format!("unit {}: span overlaps the previous one", u.id));
            }
            prev_end = prev_end.max(b);
        }
        let source_ids: std::collections::BTreeSet<&str> =
            self.sources.iter().map(|s| s.id.as_str()).collect();
        let mut check_units = |owner: &str, units: &[String]| {
            for id in units {
                if !ids.contains(id.as_str()) {
                    problems.push(format!("{owner}: unknown unit {id}"));
                }
            }
        };
        for q in &self.quotes {
            check_units(&q.id, &q.units);
        }
        for s in &self.sources {
            check_units(&s.id, &s.units);
        }
        for e in &self.entities {
            check_units(&e.text, &e.units);
        }
        check_units("summary", &self.summary);
        for c in &self.claims {
            if !ids.contains(c.unit.as_str()) {
                problems.push(format!("claim: unknown unit {}", c.unit));
            }
        }
        let src_refs = self
            .quotes
            .iter()
            .filter_map(|q| q.source.as_deref())
            .chain(self.claims.iter().filter_map(|c| c.source.as_deref()));
        for s in src_refs {
            if !source_ids.contains(s) {
                problems.push(format!("unknown source {s}"));
            }
        }
        problems
    }
}
