//! Rules: the Norwegian word lists and boilerplate patterns, loaded from data files.
//!
//! The built-in files under `data/` are compiled into the binary with
//! `include_str!` and parsed once into [`Rules`] ([`Rules::builtin`]). Users add
//! their own boilerplate patterns with [`Rules::with_user_rules`]. Errors in a
//! rules file name the file and the line.
//!
//! Boilerplate rule file syntax (see `data/boilerplate.rules`):
//!
//! ```text
//! # comment
//! define DATE [0-9]{1,2}\.[0-9]{1,2}\.[0-9]{2,4}   # a sub-pattern, used as {DATE} below
//! [ad-marker]                                  # the removal reason of the entries below
//! inline  Artikkelen fortsetter under annonsen
//! line    (?i)annonse
//! ```
//!
//! Scopes: `line` (the regex matches a whole line: it is removed), `inline`
//! (every match is removed), `tail` (from the match to the end of the line),
//! `name-before` (like `line`, and the line before it goes too when it is a
//! person's name, as in a byline "Kari Nordmann / Journalist"). In `inline` and
//! `tail` a named group `cut` narrows what is removed to that group.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Arc, LazyLock, OnceLock};

use aho_corasick::AhoCorasick;
use foldhash::HashMap;

use regex::Regex;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::{MatchKind, Span};
use regex_syntax::hir::{Class, Hir, HirKind};

use crate::error::{Error, ErrorKind, Result};
use crate::model::RemovalReason;

/// Where a boilerplate rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The pattern must match a whole (trimmed) line.
    Line,
    /// Every match inside a line is removed.
    Inline,
    /// The match and everything after it on the line is removed.
    Tail,
    /// A whole-line match that also removes a name on the line before it.
    NameBefore,
}

/// One boilerplate pattern.
#[derive(Debug, Clone)]
pub struct BoilerplateRule {
    /// Where it applies.
    pub scope: Scope,
    /// The reason recorded in `removed`.
    pub reason: RemovalReason,
    /// The pattern (anchored for whole-line scopes).
    pub pattern: String,
    /// The pattern's syntax tree (read once, for [`LineRules`]).
    pub hir: Hir,
    /// `file:line` the rule came from, for `--explain`.
    pub origin: String,
}

/// The boilerplate rules compiled into sets, so that a line is read once
/// instead of once per rule.
///
/// A whole-line rule that opens with a run of any chars (`.*`, `.{0,80}`)
/// stays alive to the end of every line. In one automaton with the others,
/// such rules multiply its states (1.8 MB of them for the built-in rules,
/// against 0.4 MB without them), and a line cost as much as the rest of its
/// cleaning. They run on their own instead ([`LongRule`]), and only on lines
/// that hold the strings every match of theirs holds.
#[derive(Debug)]
pub struct LineRules {
    /// The other whole-line rules: pattern `k` of the set is
    /// `boilerplate()[rules[k]]`.
    pub set: regex::RegexSet,
    /// Indexes into [`Rules::boilerplate`], in rule order.
    pub rules: Vec<usize>,
    /// The whole-line rules that open with a run of any chars, in rule order.
    pub long: Vec<LongRule>,
    /// The inline and tail rules, in rule order, each with what a line
    /// must hold for it to match.
    pub cuts: Vec<CutRule>,
}

/// A whole-line rule that opens with a run of any chars.
#[derive(Debug)]
pub struct LongRule {
    /// Its index into [`Rules::boilerplate`].
    pub rule: usize,
    /// Its anchored pattern.
    pub regex: LazyRegex,
    /// What a line must hold for it to match ("Foto: …" needs the colon).
    pub needs: Needs,
}

/// An inline or tail rule.
#[derive(Debug)]
pub struct CutRule {
    /// Its index into [`Rules::boilerplate`].
    pub rule: usize,
    /// Its pattern.
    pub regex: LazyRegex,
    /// What a line must hold for it to match.
    pub needs: Needs,
}

/// A regex compiled when first needed.
///
/// For a rule that runs alone: most articles need few of them, and a
/// one-article run then compiles only those. The pattern was checked when
/// the rules were read; user rules are compiled at once
/// ([`Rules::with_user_rules`]), so that one too large to compile is an
/// error there. For a publisher's evidence: compiled when a text first
/// holds the strings it needs (the built-in patterns are compiled by a
/// unit test).
#[derive(Debug, Clone)]
pub struct LazyRegex {
    pattern: String,
    regex: OnceLock<Regex>,
}

impl LazyRegex {
    fn new(pattern: &str) -> LazyRegex {
        LazyRegex {
            pattern: pattern.to_string(),
            regex: OnceLock::new(),
        }
    }

    /// The compiled regex.
    pub fn get(&self) -> &Regex {
        self.regex.get_or_init(|| {
            Regex::new(&self.pattern)
                .expect("rules compile (built-in ones by unit tests, user ones when read)")
        })
    }

    /// Compiles the regex now, if it compiles.
    fn compile(&self) -> std::result::Result<(), regex::Error> {
        if self.regex.get().is_none() {
            let _ = self.regex.set(Regex::new(&self.pattern)?);
        }
        Ok(())
    }
}

/// Strings every match of a pattern holds: one string of each group.
///
/// A line without them cannot match, so most lines pass a rule by at the
/// cost of a substring search (a vectorised one) instead of a run of its
/// automaton over the line. Not every such string is found: a
/// case-insensitive word is a class per letter, which gives none.
#[derive(Debug)]
pub struct Needs {
    /// Single strings first, then groups of alternatives.
    groups: Vec<Need>,
}

#[derive(Debug)]
struct Need {
    strings: Vec<Vec<u8>>,
    /// A substring searcher for any of them: `memchr`'s for one string or a
    /// few bytes, a packed (SIMD) one for a few words.
    search: Prefilter,
}

/// The most alternatives a group may have: the packed searcher that makes
/// the test cheap takes up to 64 strings.
const MAX_ALTERNATIVES: usize = 64;

impl Needs {
    /// What every match of `hir` holds.
    pub fn of(hir: &Hir) -> Needs {
        let mut groups = required_groups(hir);
        groups.sort_by_key(|g| try_order(g));
        let groups = groups
            .into_iter()
            .filter_map(|strings| {
                // Any match will do; leftmost-first is the kind every searcher takes.
                let search = Prefilter::new(MatchKind::LeftmostFirst, &strings)?;
                Some(Need { strings, search })
            })
            .collect();
        Needs { groups }
    }

    /// Whether `text` holds what a match needs (it may still not match).
    pub fn admit(&self, text: &[u8]) -> bool {
        self.groups
            .iter()
            .all(|need| need.search.find(text, Span::from(0..text.len())).is_some())
    }

    /// The groups: a match holds one string of each.
    pub fn groups(&self) -> Vec<&[Vec<u8>]> {
        self.groups.iter().map(|n| n.strings.as_slice()).collect()
    }
}

/// Which of the rules that run alone ([`LineRules::long`], [`LineRules::cuts`])
/// can match anything in a document: those whose needs its text holds.
///
/// One search of the whole text per rule, instead of one per line: most
/// articles hold no "Copyright" or "Les også" at all, and then no line is
/// searched for them.
#[derive(Debug, Clone)]
pub struct InDocument {
    long: Vec<bool>,
    cuts: Vec<bool>,
}

impl InDocument {
    /// Whether cut rule `k` (of [`LineRules::cuts`]) can match in the document.
    pub fn cut(&self, k: usize) -> bool {
        self.cuts[k]
    }
}

impl LineRules {
    /// The rules that can match some line of `lines` (whitespace collapsed,
    /// as the lines the rules are tried on).
    ///
    /// The lines are searched joined, a block of about 64 KiB at a time (a
    /// large input is not copied whole). A line lies within one block, so
    /// a rule one of whose lines could match is found; strings that meet
    /// only across lines can at most make a rule tried needlessly.
    pub fn in_document<S: AsRef<str>>(&self, lines: &[S]) -> InDocument {
        const BLOCK: usize = 1 << 16;
        let mut doc = InDocument {
            long: vec![false; self.long.len()],
            cuts: vec![false; self.cuts.len()],
        };
        let size: usize = lines.iter().map(|l| l.as_ref().len() + 1).sum();
        let mut text: Vec<u8> = Vec::with_capacity(size.min(BLOCK));
        let mut search = |text: &mut Vec<u8>| {
            let long = self.long.iter().map(|r| &r.needs);
            let cuts = self.cuts.iter().map(|r| &r.needs);
            for (on, needs) in doc
                .long
                .iter_mut()
                .zip(long)
                .chain(doc.cuts.iter_mut().zip(cuts))
            {
                *on = *on || needs.admit(text);
            }
            text.clear();
        };
        for line in lines {
            text.extend_from_slice(line.as_ref().as_bytes());
            text.push(b'\n');
            if text.len() >= BLOCK {
                search(&mut text);
            }
        }
        if !text.is_empty() {
            search(&mut text);
        }
        doc
    }

    /// Every rule, as if the document held what each needs: for a line the
    /// document does not hold (what is left of one after a cut).
    pub fn anywhere(&self) -> InDocument {
        InDocument {
            long: vec![true; self.long.len()],
            cuts: vec![true; self.cuts.len()],
        }
    }

    /// The whole-line rules that match `text`, a line of `doc`, as indexes
    /// into [`Rules::boilerplate`], in rule order.
    pub fn matches(&self, text: &str, doc: &InDocument) -> Vec<usize> {
        let mut hits: Vec<usize> = Vec::new();
        if self.set.is_match(text) {
            hits.extend(self.set.matches(text).into_iter().map(|k| self.rules[k]));
        }
        let mut added = false;
        for (long, _) in self.long.iter().zip(&doc.long).filter(|(_, &on)| on) {
            if long.needs.admit(text.as_bytes()) && long.regex.get().is_match(text) {
                hits.push(long.rule);
                added = true;
            }
        }
        if added {
            hits.sort_unstable();
        }
        hits
    }
}

/// A known publisher and the evidence that names it.
#[derive(Debug, Clone)]
pub struct Publisher {
    /// Canonical name ("Dagens Næringsliv").
    pub name: String,
    /// Matches the evidence in boilerplate or content (`dn.no`, `Copyright Dagens Næringsliv`).
    /// Compiled the first time a text holds the strings it needs
    /// ([`PublisherScan`]): compiling them all was most of [`Rules::builtin`].
    pub evidence: LazyRegex,
}

/// For each publisher, strings one of which every match of its evidence
/// holds, all in one automaton: a text is searched once for every publisher,
/// and only those whose strings it holds run their regexes. Running the
/// fifteen regexes on every removed line and block, most of which name no
/// publisher, cost more than the rest of the metadata.
#[derive(Debug)]
pub struct PublisherScan {
    strings: AhoCorasick,
    /// The publisher (index into [`Rules::publishers`]) of each string.
    owner: Vec<usize>,
    /// Publishers for which no such strings were found: always tried.
    always: Vec<usize>,
}

impl PublisherScan {
    fn new(publishers: &[Publisher]) -> PublisherScan {
        let mut strings: Vec<Vec<u8>> = Vec::new();
        let mut owner = Vec::new();
        let mut always = Vec::new();
        for (i, p) in publishers.iter().enumerate() {
            let group = regex_syntax::parse(&p.evidence.pattern)
                .ok()
                .and_then(|hir| needed_group(&hir));
            match group {
                Some(group) => {
                    owner.extend(std::iter::repeat_n(i, group.len()));
                    strings.extend(group);
                }
                None => always.push(i),
            }
        }
        PublisherScan {
            strings: AhoCorasick::new(&strings).expect("publisher strings make an automaton"),
            owner,
            always,
        }
    }

    /// Marks in `may` (one flag per publisher, cleared first) the
    /// publishers whose evidence may match `text`.
    pub fn mark(&self, text: &str, may: &mut [bool]) {
        may.fill(false);
        for &i in &self.always {
            may[i] = true;
        }
        for m in self.strings.find_overlapping_iter(text) {
            may[self.owner[m.pattern().as_usize()]] = true;
        }
    }
}

/// Everything the pipeline reads from data files.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Boilerplate patterns, compiled on first use (segmenting alone needs none).
    boilerplate: Arc<OnceLock<Vec<BoilerplateRule>>>,
    /// The whole-line rules as one set, built from `boilerplate` on first use.
    line_rules: Arc<OnceLock<LineRules>>,
    /// Abbreviations that do not end a sentence (lower case, without the final dot).
    pub abbreviations: BTreeSet<String>,
    /// Abbreviations that end a sentence when a capital follows ("osv", no final dot).
    pub final_abbreviations: BTreeSet<String>,
    /// Known publishers.
    publishers: Vec<Publisher>,
    /// What their evidence needs, built from `publishers` on first use.
    publisher_scan: Arc<OnceLock<PublisherScan>>,
    /// Function-word profiles per language code (`nb`, `nn`, `da`, `sv`).
    pub language_profiles: BTreeMap<String, BTreeSet<String>>,
    /// Every profile word → the profiles that list it, as bits in the order
    /// of `language_profiles` (one lookup per word instead of one per profile).
    language_words: HashMap<String, u32>,
    /// The length in bytes of the longest profile word.
    language_longest: usize,
}

/// Iterates over the meaningful lines of a data file: `(1-based line, text)`,
/// trimmed, without blank lines and `#` comments.
pub fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

/// The built-in data files, by name.
pub mod builtin {
    /// Boilerplate patterns.
    pub const BOILERPLATE: &str = include_str!("../data/boilerplate.rules");
    /// Abbreviations that never end a sentence before a capital.
    pub const ABBREVIATIONS: &str = include_str!("../data/abbreviations.txt");
    /// Abbreviations that may end a sentence.
    pub const FINAL_ABBREVIATIONS: &str = include_str!("../data/abbreviations-final.txt");
    /// Publisher names and their evidence.
    pub const PUBLISHERS: &str = include_str!("../data/publishers.tsv");
    /// Function words per language.
    pub const LANGUAGES: &str = include_str!("../data/language-profiles.txt");
}

static BUILTIN: LazyLock<Rules> = LazyLock::new(|| {
    Rules::from_sources(
        builtin::ABBREVIATIONS,
        builtin::FINAL_ABBREVIATIONS,
        builtin::PUBLISHERS,
        builtin::LANGUAGES,
    )
    .expect("built-in rules are valid (checked by unit tests)")
});

impl Rules {
    /// The built-in rules, parsed once.
    pub fn builtin() -> &'static Rules {
        &BUILTIN
    }

    /// Boilerplate patterns in order (user rules first, then the built-in file);
    /// the first whole-line match wins.
    pub fn boilerplate(&self) -> &[BoilerplateRule] {
        self.boilerplate.get_or_init(|| {
            parse_boilerplate(
                builtin::BOILERPLATE,
                "data/boilerplate.rules",
                RemovalReason::Boilerplate,
            )
            .expect("built-in boilerplate rules are valid (checked by unit tests)")
        })
    }

    /// The whole-line rules ([`Scope::Line`] and [`Scope::NameBefore`]) as one
    /// regex set (a line is read once instead of once per rule), and what a
    /// line must hold for each of the others to match.
    pub fn line_rules(&self) -> &LineRules {
        self.line_rules.get_or_init(|| {
            line_set(self.boilerplate())
                .expect("built-in whole-line rules form a valid set (checked by unit tests)")
        })
    }

    /// Known publishers, in file order.
    pub fn publishers(&self) -> &[Publisher] {
        &self.publishers
    }

    /// The strings the publishers' evidence needs, in one automaton.
    pub fn publisher_scan(&self) -> &PublisherScan {
        self.publisher_scan
            .get_or_init(|| PublisherScan::new(&self.publishers))
    }

    /// The built-in rules plus the boilerplate rules of a user file.
    pub fn with_user_rules(path: &Path) -> Result<Rules> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::new(ErrorKind::Io, format!("cannot read rules file: {e}")).with_path(path)
        })?;
        let mut rules = Rules::builtin().clone();
        let mut all =
            parse_boilerplate(&text, &path.display().to_string(), RemovalReason::UserRule)
                .map_err(|e| e.with_path(path))?;
        // User rules go first so that they can override a built-in whole-line match.
        all.extend_from_slice(Rules::builtin().boilerplate());
        // Built now, so that a rule too large to compile is an error here.
        let line = line_set(&all).map_err(|e| e.with_path(path))?;
        line.compile_all(&all).map_err(|e| e.with_path(path))?;
        rules.boilerplate = Arc::new(OnceLock::from(all));
        rules.line_rules = Arc::new(OnceLock::from(line));
        Ok(rules)
    }

    fn from_sources(
        abbreviations: &str,
        final_abbreviations: &str,
        publishers: &str,
        languages: &str,
    ) -> Result<Rules> {
        let at = |file: &'static str| move |e: Error| e.with_path(format!("data/{file}"));
        let language_profiles = parse_profiles(languages).map_err(at("language-profiles.txt"))?;
        Ok(Rules {
            boilerplate: Arc::new(OnceLock::new()),
            line_rules: Arc::new(OnceLock::new()),
            abbreviations: abbreviation_set(abbreviations),
            final_abbreviations: abbreviation_set(final_abbreviations),
            publishers: parse_publishers(publishers).map_err(at("publishers.tsv"))?,
            publisher_scan: Arc::new(OnceLock::new()),
            language_words: profile_words(&language_profiles),
            language_longest: language_profiles
                .values()
                .flatten()
                .map(String::len)
                .max()
                .unwrap_or(0),
            language_profiles,
        })
    }
}

fn profile_words(profiles: &BTreeMap<String, BTreeSet<String>>) -> HashMap<String, u32> {
    let mut words: HashMap<String, u32> = HashMap::default();
    for (i, list) in profiles.values().enumerate().take(32) {
        for w in list {
            *words.entry(w.clone()).or_default() |= 1 << i;
        }
    }
    words
}

impl Rules {
    /// The profiles listing `word` (lower case), as bits in the order of
    /// [`Rules::language_profiles`].
    pub fn language_bits(&self, word: &str) -> u32 {
        self.language_words.get(word).copied().unwrap_or(0)
    }

    /// The length in bytes of the longest word in any language profile.
    pub fn language_longest(&self) -> usize {
        self.language_longest
    }
}

/// Lower-cased abbreviations without their final dot, so that the segmenter can
/// look up the token before a full stop as it stands.
fn abbreviation_set(text: &str) -> BTreeSet<String> {
    data_lines(text)
        .map(|(_, l)| l.strip_suffix('.').unwrap_or(l).to_lowercase())
        .collect()
}

fn rules_error(line: usize, msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Rules, msg).with_line(line)
}

/// Parses a boilerplate rules file. Entries before any `[reason]` header get
/// `default_reason`.
pub fn parse_boilerplate(
    text: &str,
    name: &str,
    default_reason: RemovalReason,
) -> Result<Vec<BoilerplateRule>> {
    let mut defines: Vec<(String, String)> = Vec::new();
    let mut reason = default_reason;
    let mut out = Vec::new();
    for (line_no, line) in data_lines(text) {
        if let Some(header) = line.strip_prefix('[') {
            let header = header
                .strip_suffix(']')
                .ok_or_else(|| rules_error(line_no, "a section header must end with ']'"))?;
            reason = RemovalReason::parse(header.trim()).ok_or_else(|| {
                rules_error(
                    line_no,
                    format!(
                        "unknown removal reason '{header}' (known: {})",
                        known_reasons()
                    ),
                )
            })?;
            continue;
        }
        let (keyword, rest) = line
            .split_once(char::is_whitespace)
            .ok_or_else(|| rules_error(line_no, "expected 'SCOPE REGEX'"))?;
        let rest = rest.trim();
        if keyword == "define" {
            let (dname, pattern) = rest
                .split_once(char::is_whitespace)
                .ok_or_else(|| rules_error(line_no, "expected 'define NAME REGEX'"))?;
            let expanded = expand(pattern.trim(), &defines);
            defines.push((dname.to_string(), expanded));
            continue;
        }
        let scope = match keyword {
            "line" => Scope::Line,
            "inline" => Scope::Inline,
            "tail" => Scope::Tail,
            "name-before" => Scope::NameBefore,
            other => {
                return Err(rules_error(
                    line_no,
                    format!("unknown scope '{other}' (use line, inline, tail or name-before)"),
                ))
            }
        };
        let pattern = expand(rest, &defines);
        let anchored = match scope {
            Scope::Line | Scope::NameBefore => format!("^(?:{pattern})$"),
            Scope::Inline | Scope::Tail => pattern,
        };
        // Checked here; compiled in [`line_set`] (whole-line rules) or on
        // first use.
        let hir = regex_syntax::parse(&anchored)
            .map_err(|e| rules_error(line_no, format!("invalid regex: {e}")))?;
        out.push(BoilerplateRule {
            scope,
            reason,
            pattern: anchored,
            hir,
            origin: format!("{name}:{line_no}"),
        });
    }
    Ok(out)
}

/// The rules of `all` compiled for a line at a time: the whole-line rules
/// as a set, and what a line must hold for each of the others.
fn line_set(all: &[BoilerplateRule]) -> Result<LineRules> {
    let mut rules: Vec<usize> = Vec::new();
    let mut long: Vec<LongRule> = Vec::new();
    let mut cuts: Vec<CutRule> = Vec::new();
    for (i, r) in all.iter().enumerate() {
        if matches!(r.scope, Scope::Inline | Scope::Tail) {
            cuts.push(CutRule {
                rule: i,
                regex: LazyRegex::new(&r.pattern),
                needs: Needs::of(&r.hir),
            });
        } else if opens_with_any_run(&r.hir) {
            long.push(LongRule {
                rule: i,
                regex: LazyRegex::new(&r.pattern),
                needs: Needs::of(&r.hir),
            });
        } else {
            rules.push(i);
        }
    }
    Ok(LineRules {
        set: whole_line_set(all, &rules)?,
        rules,
        long,
        cuts,
    })
}

impl LineRules {
    /// Compiles every rule that runs alone now: an error names the first
    /// that does not compile (one too large for the size limit).
    fn compile_all(&self, all: &[BoilerplateRule]) -> Result<()> {
        let alone = self
            .long
            .iter()
            .map(|l| (l.rule, &l.regex))
            .chain(self.cuts.iter().map(|c| (c.rule, &c.regex)));
        let mut alone: Vec<(usize, &LazyRegex)> = alone.collect();
        alone.sort_by_key(|&(rule, _)| rule);
        for (rule, regex) in alone {
            regex.compile().map_err(|e| {
                Error::new(
                    ErrorKind::Rules,
                    format!("rule {} does not compile: {e}", all[rule].origin),
                )
            })?;
        }
        Ok(())
    }
}

/// The whole-line rules `rules` (indices into `all`) as one set.
fn whole_line_set(all: &[BoilerplateRule], rules: &[usize]) -> Result<regex::RegexSet> {
    regex::RegexSet::new(rules.iter().map(|&i| all[i].pattern.as_str())).map_err(|e| {
        // Name the rule that does not compile on its own (a size limit),
        // if one does.
        let culprit = rules.iter().map(|&i| &all[i]).find_map(|r| {
            Regex::new(&r.pattern)
                .err()
                .map(|e| format!("rule {} does not compile: {e}", r.origin))
        });
        Error::new(
            ErrorKind::Rules,
            culprit.unwrap_or_else(|| format!("the whole-line rules do not compile together: {e}")),
        )
    })
}

/// Whether a pattern opens (after its anchors) with a run of any chars that
/// may be empty: `.*`, `.*?`, `.{0,80}`.
fn opens_with_any_run(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Concat(items) => items
            .iter()
            .find(|h| !matches!(h.kind(), HirKind::Look(_)))
            .is_some_and(opens_with_any_run),
        HirKind::Capture(c) => opens_with_any_run(&c.sub),
        HirKind::Repetition(r) => r.min == 0 && is_any_char(&r.sub),
        _ => false,
    }
}

/// Whether a pattern is a class of (nearly) every char, as `.` is.
fn is_any_char(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            let chars: u64 = c
                .ranges()
                .iter()
                .map(|r| u64::from(r.end()) - u64::from(r.start()) + 1)
                .sum();
            chars > 0x10000
        }
        HirKind::Class(Class::Bytes(c)) => {
            let bytes: u32 = c
                .ranges()
                .iter()
                .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
                .sum();
            bytes >= 255
        }
        _ => false,
    }
}

/// The order in which [`Needs`] tries a pattern's groups: single strings
/// before groups of alternatives, longer strings first, as they are rarer.
fn try_order(group: &[Vec<u8>]) -> (usize, std::cmp::Reverse<usize>) {
    (group.len(), std::cmp::Reverse(group[0].len()))
}

/// One group of strings every match of `hir` holds one of (the one
/// [`Needs`] would try first), if there is one.
fn needed_group(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    required_groups(hir)
        .into_iter()
        .filter(|g| !g.is_empty() && g.iter().all(|s| !s.is_empty()))
        .min_by_key(|g| try_order(g))
}

/// Groups of byte strings such that every match of a pattern holds one
/// string of each group (not all such groups: case-insensitive words are
/// classes, which give none).
fn required_groups(hir: &Hir) -> Vec<Vec<Vec<u8>>> {
    let single = |bytes: Vec<u8>| vec![vec![bytes]];
    let mut out: Vec<Vec<Vec<u8>>> = match hir.kind() {
        HirKind::Literal(lit) => single(lit.0.to_vec()),
        HirKind::Class(Class::Unicode(c)) => match c.ranges() {
            [r] if r.start() == r.end() => single(r.start().to_string().into_bytes()),
            _ => Vec::new(),
        },
        HirKind::Class(Class::Bytes(c)) => match c.ranges() {
            [r] if r.start() == r.end() => single(vec![r.start()]),
            _ => Vec::new(),
        },
        HirKind::Capture(c) => required_groups(&c.sub),
        HirKind::Repetition(r) if r.min > 0 => required_groups(&r.sub),
        HirKind::Concat(items) => items.iter().flat_map(required_groups).collect(),
        HirKind::Alternation(branches) => alternatives(branches),
        _ => Vec::new(),
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// What every match of one of `branches` holds: the groups all of them
/// hold, or else one group that unites a group of each.
fn alternatives(branches: &[Hir]) -> Vec<Vec<Vec<u8>>> {
    let each: Vec<Vec<Vec<Vec<u8>>>> = branches.iter().map(required_groups).collect();
    let Some((first, rest)) = each.split_first() else {
        return Vec::new();
    };
    let common: Vec<Vec<Vec<u8>>> = first
        .iter()
        .filter(|g| rest.iter().all(|other| other.contains(g)))
        .cloned()
        .collect();
    if !common.is_empty() {
        return common;
    }
    let mut any: Vec<Vec<u8>> = Vec::new();
    for groups in &each {
        // The group whose shortest string is longest is the rarest.
        let Some(best) = groups
            .iter()
            .max_by_key(|g| (g.iter().map(Vec::len).min(), std::cmp::Reverse(g.len())))
        else {
            // A branch that needs nothing: neither does the alternation.
            return Vec::new();
        };
        any.extend(best.iter().cloned());
    }
    any.sort_unstable();
    any.dedup();
    // A string that holds another of the group adds nothing to the test.
    let kept: Vec<Vec<u8>> = any
        .iter()
        .filter(|s| {
            !any.iter()
                .any(|t| t.len() < s.len() && memchr::memmem::find(s, t).is_some())
        })
        .cloned()
        .collect();
    if kept.len() > MAX_ALTERNATIVES {
        return Vec::new();
    }
    vec![kept]
}

fn known_reasons() -> String {
    RemovalReason::ALL
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn expand(pattern: &str, defines: &[(String, String)]) -> String {
    let mut out = pattern.to_string();
    for (name, value) in defines.iter().rev() {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

fn parse_publishers(text: &str) -> Result<Vec<Publisher>> {
    data_lines(text)
        .map(|(line_no, line)| {
            let (name, evidence) = line
                .split_once('\t')
                .ok_or_else(|| rules_error(line_no, "expected 'NAME<TAB>REGEX'"))?;
            // Built-in data only: a unit test compiles every pattern.
            Ok(Publisher {
                name: name.trim().to_string(),
                evidence: LazyRegex::new(evidence.trim()),
            })
        })
        .collect()
}

fn parse_profiles(text: &str) -> Result<BTreeMap<String, BTreeSet<String>>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (line_no, line) in data_lines(text) {
        let (lang, words) = line
            .split_once(':')
            .ok_or_else(|| rules_error(line_no, "expected 'LANG: word word …'"))?;
        out.entry(lang.trim().to_string())
            .or_default()
            .extend(words.split_whitespace().map(str::to_lowercase));
    }
    Ok(out)
}

/// Test helper: fails unless the data file's entries are sorted
/// (case-insensitively), unique, and free of trailing whitespace.
#[cfg(test)]
pub(crate) fn check_sorted_unique(name: &str, text: &str) {
    let items: Vec<&str> = data_lines(text).map(|(_, l)| l).collect();
    let mut sorted = items.clone();
    sorted.sort_by_key(|s| s.to_lowercase());
    sorted.dedup_by_key(|s| s.to_lowercase());
    assert_eq!(
        items, sorted,
        "{name} must be sorted and free of duplicates"
    );
    for raw in text.lines() {
        assert_eq!(
            raw,
            raw.trim_end(),
            "{name}: trailing whitespace in {raw:?}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load() {
        let r = Rules::builtin();
        assert!(r.boilerplate().len() > 20);
        assert!(r.abbreviations.contains("bl.a"));
        assert!(r.final_abbreviations.contains("osv"));
        assert!(r.language_profiles.contains_key("nn"));
        assert!(!r.publishers.is_empty());
    }

    #[test]
    fn publisher_patterns_compile() {
        for p in &Rules::builtin().publishers {
            assert!(p.evidence.compile().is_ok(), "{}", p.name);
        }
    }

    #[test]
    fn the_publisher_scan_marks_every_publisher_whose_evidence_matches() {
        let rules = Rules::builtin();
        let scan = rules.publisher_scan();
        assert!(scan.always.is_empty(), "no strings for {:?}", scan.always);
        let texts = [
            "Copyright Aftenposten",
            "Les mer på aftenposten.no.",
            "© DR 2024",
            "Dagens Næringsliv",
            "DN+",
            "e24.no",
            "(© NTB)",
            "( NTB)",
            "Foto: NRK",
            "Stavanger Aftenblad",
            "tv2.no",
            "| VG",
            "VG+ Verdens Gang",
            "Sogn Avis",
            "Ingen avis her.",
            "",
        ];
        let mut may = vec![false; rules.publishers().len()];
        for text in texts {
            scan.mark(text, &mut may);
            for (i, p) in rules.publishers().iter().enumerate() {
                if p.evidence.get().is_match(text) {
                    assert!(may[i], "{} in {text:?} not marked", p.name);
                }
            }
        }
        scan.mark("Ingen avis her.", &mut may);
        assert!(may.iter().all(|&m| !m), "marked without evidence");
    }

    #[test]
    fn abbreviation_lists_are_sorted_and_unique() {
        check_sorted_unique("abbreviations.txt", builtin::ABBREVIATIONS);
        check_sorted_unique("abbreviations-final.txt", builtin::FINAL_ABBREVIATIONS);
        for (_, a) in data_lines(builtin::ABBREVIATIONS) {
            assert!(a.ends_with('.'), "{a} must end with a dot");
        }
    }

    #[test]
    fn no_abbreviation_is_in_both_lists() {
        let r = Rules::builtin();
        let both: Vec<_> = r
            .abbreviations
            .intersection(&r.final_abbreviations)
            .collect();
        assert!(both.is_empty(), "in both lists: {both:?}");
    }

    #[test]
    fn rules_error_names_the_line() {
        let err = parse_boilerplate("[ad-marker]\nline (unclosed", "x", RemovalReason::UserRule)
            .unwrap_err();
        assert_eq!(err.line(), Some(2));
        assert!(err.to_string().contains("invalid regex"));
        let err = parse_boilerplate("[nope]", "x", RemovalReason::UserRule).unwrap_err();
        assert!(err.to_string().contains("unknown removal reason"));
    }

    /// Unicode `\d` and `\b` make the rules slow to compile or to run (see
    /// the head of `boilerplate.rules`); the built-in ones keep to ASCII.
    #[test]
    fn builtin_rules_write_digits_and_boundaries_in_ascii() {
        for r in Rules::builtin().boilerplate() {
            assert!(!r.pattern.contains(r"\d"), "{}: \\d", r.origin);
            let bare_b = r.pattern.matches(r"\b").count();
            let ascii_b = r.pattern.matches(r"(?-u:\b)").count();
            assert_eq!(bare_b, ascii_b, "{}: Unicode \\b", r.origin);
        }
    }

    #[test]
    fn every_builtin_rule_compiles() {
        let rules = Rules::builtin();
        rules.line_rules().compile_all(rules.boilerplate()).unwrap();
    }

    /// User rules from `text`, and their line rules.
    fn user_line_rules(text: &str) -> (Vec<BoilerplateRule>, LineRules) {
        let rules = parse_boilerplate(text, "x", RemovalReason::UserRule).unwrap();
        let set = line_set(&rules).unwrap();
        (rules, set)
    }

    /// The error of a user rules file `big.rules` holding `text`.
    fn user_rules_error(text: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.rules");
        std::fs::write(&path, text).unwrap();
        Rules::with_user_rules(&path).unwrap_err().to_string()
    }

    #[test]
    fn a_user_rule_too_large_to_compile_is_an_error_naming_it() {
        // A whole-line rule (compiled in the set) and an inline one (compiled
        // alone, at once for user rules).
        for scope in ["line", "inline"] {
            let message = user_rules_error(&format!(
                "[ad-marker]\n{scope} Annonse\n{scope} x(?:\\w{{100}}){{100}}\n"
            ));
            assert!(message.contains("big.rules:3"), "{scope}: {message}");
            assert!(message.contains("does not compile"), "{scope}: {message}");
        }
    }

    #[test]
    fn defines_expand_in_later_entries() {
        let (rules, set) = user_line_rules("define D \\d+\n[dateline]\nline x{D}");
        let any = set.anywhere();
        assert_eq!(set.matches("x42", &any), [0]);
        assert!(set.matches("x42 y", &any).is_empty());
        assert_eq!(rules[0].reason, RemovalReason::Dateline);
    }

    #[test]
    fn rules_that_open_with_any_chars_run_alone_and_keep_rule_order() {
        let (_, set) = user_line_rules("[caption]\nline .*Foto: \\w+\n[ad-marker]\nline (?i)annonse\nline .{0,20}›.*\nline (?i)foto: .*");
        let long: Vec<usize> = set.long.iter().map(|l| l.rule).collect();
        assert_eq!(long, [0, 2]);
        assert_eq!(set.rules, [1, 3]);
        assert_eq!(set.long[0].needs.groups(), [[b"Foto: ".to_vec()]]);
        assert_eq!(set.long[1].needs.groups(), [["›".as_bytes().to_vec()]]);
        // Both kinds match, and come out in rule order.
        let matches = |line: &str| set.matches(line, &set.in_document(&["Tekst", line]));
        assert_eq!(matches("Foto: NTB"), [0, 3]);
        assert_eq!(matches("Hjem › Nyheter"), [2]);
        assert_eq!(matches("ANNONSE"), [1]);
        assert!(matches("Han tok foto: Ola").is_empty());
        // A document without "›" has the rule needing it skipped.
        assert!(set
            .matches("Hjem › Nyheter", &set.in_document(&["Hjem Nyheter"]))
            .is_empty());
    }

    fn groups(p: &str) -> Vec<Vec<Vec<u8>>> {
        required_groups(&regex_syntax::parse(p).unwrap())
    }

    fn bytes(strings: &[&str]) -> Vec<Vec<u8>> {
        strings.iter().map(|s| s.as_bytes().to_vec()).collect()
    }

    #[test]
    fn a_long_document_is_searched_a_block_at_a_time() {
        let (_, set) =
            user_line_rules("[navigation]\nline .{0,20}›.*\n[wire]\ninline \\((?:NTB|ANB)\\)");
        let filler = vec!["Ein heilt vanleg setning utan noko spesielt i seg."; 5000];
        let with = |extra: &[&str]| {
            let mut lines = filler.clone();
            lines.extend_from_slice(extra);
            set.in_document(&lines)
        };
        // Past the first blocks, a line holding what a rule needs is found.
        let doc = with(&["Hjem › Nyheter", "Oslo (NTB)"]);
        assert!(doc.long[0] && doc.cut(0));
        let doc = with(&[]);
        assert!(!doc.long[0] && !doc.cut(0));
    }

    #[test]
    fn required_groups_are_what_every_match_holds() {
        // Strings every branch holds are needed alone.
        assert_eq!(groups(r"(?:x\s*:|y\s*:)"), [bytes(&[":"])]);
        // Otherwise one string of each branch, together.
        assert_eq!(
            groups(r"a(?:xb|yb)c"),
            [bytes(&["a"]), bytes(&["c"]), bytes(&["xb", "yb"])]
        );
        assert_eq!(
            groups(r"x(?:Foto|Bilde)\s*:"),
            [bytes(&[":"]), bytes(&["Bilde", "Foto"]), bytes(&["x"])]
        );
        // A string holding another of its group is left out.
        assert_eq!(
            groups(r"(?:TV 2|TV 2 Danmark|NRK)"),
            [bytes(&["NRK", "TV 2"])]
        );
        // A branch needing nothing makes the alternation need nothing.
        assert_eq!(groups(r"(?:b:|c:)d?|e*"), Vec::<Vec<Vec<u8>>>::new());
        assert!(groups(r"(?:a|)").is_empty());
        // Case-insensitive letters are classes and give nothing.
        assert_eq!(groups(r"(?i)foto:"), [bytes(&[":"])]);
        assert_eq!(groups(r"x*(?:yz)+"), [bytes(&["yz"])]);
    }

    #[test]
    fn needs_admit_what_holds_a_string_of_each_group() {
        let needs = Needs::of(&regex_syntax::parse(r"\((?:NTB|Reuters)\)").unwrap());
        assert_eq!(
            needs.groups(),
            [bytes(&["("]), bytes(&[")"]), bytes(&["NTB", "Reuters"])]
        );
        assert!(needs.admit(b"Oslo (NTB)"));
        assert!(needs.admit(b"(x) Reuters"));
        assert!(!needs.admit(b"Oslo NTB)"));
        assert!(!needs.admit(b"(AFP)"));
        assert!(Needs::of(&regex_syntax::parse(r"\w+").unwrap()).admit(b""));
    }

    /// Every line of the corpus fixtures that a built-in rule matches holds
    /// what the rule needs: a test that would fail if a need were wrong.
    #[test]
    fn every_fixture_line_a_rule_matches_holds_its_needs() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
        let mut lines: Vec<String> = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let bytes = std::fs::read(&path).unwrap();
                let text = String::from_utf8_lossy(&bytes);
                lines.extend(text.lines().map(crate::clean::collapse));
            }
        }
        let mut matched = 0;
        for rule in Rules::builtin().boilerplate() {
            let regex = Regex::new(&rule.pattern).unwrap();
            let needs = Needs::of(&regex_syntax::parse(&rule.pattern).unwrap());
            for line in lines.iter().filter(|l| regex.is_match(l)) {
                matched += 1;
                assert!(needs.admit(line.as_bytes()), "{} on {line:?}", rule.origin);
            }
        }
        assert!(matched > 50, "only {matched} matches");
    }
}
