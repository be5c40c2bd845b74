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
//! define DATE \d{1,2}\.\d{1,2}\.\d{2,4}    # a sub-pattern, used as {DATE} below
//! [ad-marker]                              # the removal reason of the entries below
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

use foldhash::HashMap;

use regex::Regex;
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
    /// The compiled pattern of an inline or tail rule. Whole-line rules
    /// run only as part of [`LineRules`], so they are not compiled alone.
    pub regex: Option<Regex>,
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
/// that hold the literals every match of theirs holds.
#[derive(Debug)]
pub struct LineRules {
    /// The other whole-line rules: pattern `k` of the set is
    /// `boilerplate()[rules[k]]`.
    pub set: regex::RegexSet,
    /// Indexes into [`Rules::boilerplate`], in rule order.
    pub rules: Vec<usize>,
    /// The whole-line rules that open with a run of any chars, in rule order.
    pub long: Vec<LongRule>,
    /// The inline and tail rules together: a line that matches none of them
    /// is not tried rule by rule.
    pub cuts: regex::RegexSet,
}

/// A whole-line rule that opens with a run of any chars.
#[derive(Debug)]
pub struct LongRule {
    /// Its index into [`Rules::boilerplate`].
    pub rule: usize,
    /// Its anchored pattern, compiled.
    pub regex: Regex,
    /// Byte strings that every match contains: a line without one of them
    /// cannot match ("Foto: …" needs the colon).
    pub needs: Vec<Vec<u8>>,
    /// A searcher for each of `needs`, built once.
    finders: Vec<memchr::memmem::Finder<'static>>,
}

impl LineRules {
    /// The whole-line rules that match `text`, as indexes into
    /// [`Rules::boilerplate`], in rule order.
    pub fn matches(&self, text: &str) -> Vec<usize> {
        let mut hits: Vec<usize> = Vec::new();
        if self.set.is_match(text) {
            hits.extend(self.set.matches(text).into_iter().map(|k| self.rules[k]));
        }
        let mut added = false;
        for long in &self.long {
            let possible = long
                .finders
                .iter()
                .all(|f| f.find(text.as_bytes()).is_some());
            if possible && long.regex.is_match(text) {
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
    pub evidence: Regex,
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
    pub publishers: Vec<Publisher>,
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
    /// regex set, and the inline and tail rules as another: a line is read
    /// once instead of once per rule.
    pub fn line_rules(&self) -> &LineRules {
        self.line_rules.get_or_init(|| {
            line_set(self.boilerplate())
                .expect("built-in whole-line rules form a valid set (checked by unit tests)")
        })
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
        let invalid =
            |e: &dyn std::fmt::Display| rules_error(line_no, format!("invalid regex: {e}"));
        let regex = match scope {
            Scope::Line | Scope::NameBefore => {
                // Checked here, compiled once with the others in [`line_set`].
                regex_syntax::parse(&anchored).map_err(|e| invalid(&e))?;
                None
            }
            Scope::Inline | Scope::Tail => Some(Regex::new(&anchored).map_err(|e| invalid(&e))?),
        };
        out.push(BoilerplateRule {
            scope,
            reason,
            pattern: anchored,
            regex,
            origin: format!("{name}:{line_no}"),
        });
    }
    Ok(out)
}

/// The rules of `all` compiled into sets: the whole-line rules, and the
/// inline and tail rules.
fn line_set(all: &[BoilerplateRule]) -> Result<LineRules> {
    let compile_error = |r: &BoilerplateRule, e: &dyn std::fmt::Display| {
        Error::new(
            ErrorKind::Rules,
            format!("rule {} does not compile: {e}", r.origin),
        )
    };
    let mut rules: Vec<usize> = Vec::new();
    let mut long: Vec<(usize, Hir)> = Vec::new();
    for (i, r) in all.iter().enumerate() {
        if !matches!(r.scope, Scope::Line | Scope::NameBefore) {
            continue;
        }
        let hir = regex_syntax::parse(&r.pattern).map_err(|e| compile_error(r, &e))?;
        if opens_with_any_run(&hir) {
            long.push((i, hir));
        } else {
            rules.push(i);
        }
    }
    // The whole-line set is the largest build; the long rules and the inline
    // and tail set are built beside it, on another thread when one is free
    // (in the caller's rayon pool, or rayon's global pool outside one).
    let (set, (long, cuts)) = rayon::join(
        || whole_line_set(all, &rules),
        || {
            let long: Result<Vec<LongRule>> = long
                .into_iter()
                .map(|(i, hir)| {
                    let needs = required_literals(&hir);
                    Ok(LongRule {
                        rule: i,
                        regex: Regex::new(&all[i].pattern)
                            .map_err(|e| compile_error(&all[i], &e))?,
                        finders: needs
                            .iter()
                            .map(|n| memchr::memmem::Finder::new(n).into_owned())
                            .collect(),
                        needs,
                    })
                })
                .collect();
            (long, cut_set(all))
        },
    );
    // Errors in rule order: the long rules were compiled first before.
    let long = long?;
    Ok(LineRules {
        set: set?,
        rules,
        long,
        cuts: cuts?,
    })
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

/// The inline and tail rules of `all` as one set.
fn cut_set(all: &[BoilerplateRule]) -> Result<regex::RegexSet> {
    regex::RegexSet::new(
        all.iter()
            .filter(|r| matches!(r.scope, Scope::Inline | Scope::Tail))
            .map(|r| r.pattern.as_str()),
    )
    .map_err(|e| {
        Error::new(
            ErrorKind::Rules,
            format!("the inline and tail rules do not compile together: {e}"),
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

/// Byte strings that every match of a pattern contains (not all of them:
/// case-insensitive words are classes, which give none).
fn required_literals(hir: &Hir) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = match hir.kind() {
        HirKind::Literal(lit) => vec![lit.0.to_vec()],
        HirKind::Class(Class::Unicode(c)) => match c.ranges() {
            [r] if r.start() == r.end() => vec![r.start().to_string().into_bytes()],
            _ => Vec::new(),
        },
        HirKind::Class(Class::Bytes(c)) => match c.ranges() {
            [r] if r.start() == r.end() => vec![vec![r.start()]],
            _ => Vec::new(),
        },
        HirKind::Capture(c) => required_literals(&c.sub),
        HirKind::Repetition(r) if r.min > 0 => required_literals(&r.sub),
        HirKind::Concat(items) => items.iter().flat_map(required_literals).collect(),
        HirKind::Alternation(branches) => {
            let mut each = branches.iter().map(required_literals);
            let first = each.next().unwrap_or_default();
            each.fold(first, |mut kept, other| {
                kept.retain(|lit| other.contains(lit));
                kept
            })
        }
        _ => Vec::new(),
    };
    out.sort_unstable();
    out.dedup();
    out
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
            let evidence = Regex::new(evidence.trim())
                .map_err(|e| rules_error(line_no, format!("invalid regex: {e}")))?;
            Ok(Publisher {
                name: name.trim().to_string(),
                evidence,
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

    #[test]
    fn a_user_rule_too_large_to_compile_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.rules");
        std::fs::write(&path, "[ad-marker]\nline Annonse\nline (?:\\w{100}){100}\n").unwrap();
        let err = Rules::with_user_rules(&path).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("big.rules:3"), "{message}");
        assert!(message.contains("does not compile"), "{message}");
    }

    #[test]
    fn defines_expand_in_later_entries() {
        let rules = parse_boilerplate(
            "define D \\d+\n[dateline]\nline x{D}",
            "x",
            RemovalReason::UserRule,
        )
        .unwrap();
        let set = line_set(&rules).unwrap();
        assert_eq!(set.matches("x42"), [0]);
        assert!(set.matches("x42 y").is_empty());
        assert_eq!(rules[0].reason, RemovalReason::Dateline);
    }

    #[test]
    fn rules_that_open_with_any_chars_run_alone_and_keep_rule_order() {
        let rules = parse_boilerplate(
            "[caption]\nline .*Foto: \\w+\n[ad-marker]\nline (?i)annonse\nline .{0,20}›.*\nline (?i)foto: .*",
            "x",
            RemovalReason::UserRule,
        )
        .unwrap();
        let set = line_set(&rules).unwrap();
        let long: Vec<usize> = set.long.iter().map(|l| l.rule).collect();
        assert_eq!(long, [0, 2]);
        assert_eq!(set.rules, [1, 3]);
        assert_eq!(set.long[0].needs, [b"Foto: ".to_vec()]);
        assert_eq!(set.long[1].needs, ["›".as_bytes().to_vec()]);
        // Both kinds match, and come out in rule order.
        assert_eq!(set.matches("Foto: NTB"), [0, 3]);
        assert_eq!(set.matches("Hjem › Nyheter"), [2]);
        assert_eq!(set.matches("ANNONSE"), [1]);
        assert!(set.matches("Han tok foto: Ola").is_empty());
    }

    #[test]
    fn required_literals_are_what_every_match_holds() {
        let lits = |p: &str| required_literals(&regex_syntax::parse(p).unwrap());
        assert_eq!(lits(r"a(?:xb|yb)c"), [b"a".to_vec(), b"c".to_vec()]);
        assert_eq!(lits(r"(?:b:|c:)d?"), Vec::<Vec<u8>>::new());
        assert_eq!(lits(r"(?:b|c):"), [b":".to_vec()]);
        assert_eq!(lits(r"(?i)foto:"), [b":".to_vec()]);
        assert_eq!(lits(r"x*(?:yz)+"), [b"yz".to_vec()]);
    }
}
