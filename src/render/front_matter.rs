//! Front matter for static-site generators, serialised by YAML and TOML
//! libraries (never by string concatenation).
//!
//! Input: the [`Page`] data derived from a document. Output: a `---` YAML or
//! `+++` TOML block that Hugo, Zola, Jekyll, Eleventy and MkDocs read the same
//! way. Every string is quoted (so `no`, `yes`, `010`, `12:30`, date-like text
//! and ` #` stay strings in YAML 1.1 and 1.2 readers); `draft` is a boolean;
//! `tags` is a list; the date is RFC 3339 with an offset, or a plain
//! `YYYY-MM-DD`, and is left out when the article gives no full day.

use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};

/// Which front matter, if any, a briefing starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FrontMatter {
    /// `---` YAML: Hugo, Jekyll, Eleventy, MkDocs, Zola.
    #[default]
    Yaml,
    /// `+++` TOML: Hugo and Zola.
    Toml,
    /// No front matter.
    None,
}

/// The page data that goes into the front matter (and to the template as `page`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// The page title.
    pub title: String,
    /// The article's date, RFC 3339 with an offset or `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// A one- or two-sentence description.
    pub description: String,
    /// Tags (the most mentioned names).
    pub tags: Vec<String>,
    /// BCP 47 language code of the article.
    pub language: String,
    /// The publisher, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Always `false`: a briefing is meant to be built.
    pub draft: bool,
    /// URL slug (ASCII, lower case, hyphens).
    pub slug: String,
}

/// The TOML form: the date is a TOML datetime, not a string.
#[derive(Serialize)]
struct TomlPage<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<toml::value::Datetime>,
    description: &'a str,
    tags: &'a [String],
    language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'a str>,
    draft: bool,
    slug: &'a str,
}

/// Renders the front-matter block, delimiters and final newline included;
/// empty for [`FrontMatter::None`].
pub fn render(page: &Page, format: FrontMatter) -> Result<String> {
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        Error::new(
            ErrorKind::Output,
            format!("cannot serialise {what} front matter: {e}"),
        )
    };
    match format {
        FrontMatter::None => Ok(String::new()),
        FrontMatter::Yaml => {
            let mut options = serde_saphyr::SerializerOptions::default();
            options.quote_all = true;
            options.prefer_block_scalars = false;
            let body = serde_saphyr::to_string_with_options(page, options)
                .map_err(|e| fail("YAML", &e))?;
            Ok(format!("---\n{}---\n", with_newline(body)))
        }
        FrontMatter::Toml => {
            let date = match page.date.as_deref() {
                Some(d) => Some(
                    d.parse::<toml::value::Datetime>()
                        .map_err(|e| fail("TOML", &e))?,
                ),
                None => None,
            };
            let data = TomlPage {
                title: &page.title,
                date,
                description: &page.description,
                tags: &page.tags,
                language: &page.language,
                publisher: page.publisher.as_deref(),
                draft: page.draft,
                slug: &page.slug,
            };
            let body = toml::to_string(&data).map_err(|e| fail("TOML", &e))?;
            Ok(format!("+++\n{}+++\n", with_newline(body)))
        }
    }
}

fn with_newline(mut s: String) -> String {
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// The front-matter date for an article date (ISO 8601 as in `meta.published`):
/// a full date-time gets its offset (times without one are Norwegian local
/// time, Europe/Oslo); a date stays a date; anything less precise gives `None`.
pub fn date(published: &str) -> Option<String> {
    let s = published.trim();
    let (day, time) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let (y, m, d) = parse_day(day)?;
    let Some(time) = time else {
        return Some(format!("{y:04}-{m:02}-{d:02}"));
    };
    let (clock, offset) = split_offset(time);
    let (hh, mm, ss) = parse_clock(clock)?;
    let offset = match offset {
        Some(o) => normalise_offset(o)?,
        None => oslo_offset(y, m, d, hh).to_string(),
    };
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}{offset}"
    ))
}

fn parse_day(day: &str) -> Option<(i32, u32, u32)> {
    let mut parts = day.split('-');
    let y: i32 = parse_digits(parts.next()?, 4)?;
    let m: u32 = parse_digits(parts.next()?, 2)?;
    let d: u32 = parse_digits(parts.next()?, 2)?;
    if parts.next().is_some() || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some((y, m, d))
}

fn parse_digits<T: std::str::FromStr>(s: &str, len: usize) -> Option<T> {
    if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn split_offset(time: &str) -> (&str, Option<&str>) {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return (clock, Some("Z"));
    }
    match time.rfind(['+', '-']) {
        Some(i) => (&time[..i], Some(&time[i..])),
        None => (time, None),
    }
}

fn parse_clock(clock: &str) -> Option<(u32, u32, u32)> {
    // Fractional seconds are dropped: no generator shows them.
    let clock = clock.split(['.', ',']).next()?;
    let mut parts = clock.split(':');
    let hh: u32 = parse_digits(parts.next()?, 2)?;
    let mm: u32 = parse_digits(parts.next()?, 2)?;
    let ss: u32 = match parts.next() {
        Some(s) => parse_digits(s, 2)?,
        None => 0,
    };
    if parts.next().is_some() || hh > 23 || mm > 59 || ss > 59 {
        return None;
    }
    Some((hh, mm, ss))
}

fn normalise_offset(offset: &str) -> Option<String> {
    if offset == "Z" {
        return Some("+00:00".to_string());
    }
    let (sign, rest) = offset.split_at(1);
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    let hh: u32 = parse_digits(digits.get(..2)?, 2)?;
    let mm: u32 = match digits.get(2..) {
        Some("") | None => 0,
        Some(m) => parse_digits(m, 2)?,
    };
    (hh <= 23 && mm <= 59).then(|| format!("{sign}{hh:02}:{mm:02}"))
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        _ => 28,
    }
}

/// Day of the week, 0 = Sunday (Sakamoto's method).
fn weekday(y: i32, m: u32, d: u32) -> u32 {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if m < 3 { y - 1 } else { y };
    let w = y + y / 4 - y / 100 + y / 400 + T[(m - 1) as usize] + d as i32;
    w.rem_euclid(7) as u32
}

fn last_sunday(y: i32, m: u32) -> u32 {
    let last = days_in_month(y, m);
    last - weekday(y, m, last)
}

/// Europe/Oslo's UTC offset for a local date and hour: summer time (+02:00)
/// from the last Sunday of March, 02:00, to the last Sunday of October, 03:00
/// (the repeated hour counts as summer time).
fn oslo_offset(y: i32, m: u32, d: u32, hour: u32) -> &'static str {
    let summer = match m {
        4..=9 => true,
        3 => {
            let start = last_sunday(y, 3);
            d > start || (d == start && hour >= 2)
        }
        10 => {
            let end = last_sunday(y, 10);
            d < end || (d == end && hour < 3)
        }
        _ => false,
    };
    if summer {
        "+02:00"
    } else {
        "+01:00"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Page {
        Page {
            title: "no".to_string(),
            date: Some("2024-03-07T06:00:00+01:00".to_string()),
            description: "Støre: «Vi må» – \"krise\" & #Oslo".to_string(),
            tags: vec!["yes".to_string(), "12:30".to_string()],
            language: "nb".to_string(),
            publisher: None,
            draft: false,
            slug: "no".to_string(),
        }
    }

    #[test]
    fn yaml_quotes_every_string() {
        let out = render(&page(), FrontMatter::Yaml).unwrap();
        assert!(
            out.starts_with("---\n") && out.ends_with("\n---\n"),
            "{out}"
        );
        for line in out.lines().filter(|l| l.contains(": ")) {
            let value = line.split_once(": ").unwrap().1;
            assert!(
                value.starts_with(['"', '\'', '[']) || value == "false",
                "unquoted: {line}"
            );
        }
        assert!(out.contains("draft: false"), "{out}");
        assert!(!out.contains("publisher"), "{out}");
    }

    #[test]
    fn toml_has_native_date_and_quoted_strings() {
        let out = render(&page(), FrontMatter::Toml).unwrap();
        assert!(
            out.starts_with("+++\n") && out.ends_with("\n+++\n"),
            "{out}"
        );
        assert!(out.contains("date = 2024-03-07T06:00:00+01:00"), "{out}");
        assert!(out.contains("title = \"no\""), "{out}");
        assert!(out.contains("draft = false"), "{out}");
    }

    #[test]
    fn no_front_matter_is_empty() {
        assert_eq!(render(&page(), FrontMatter::None).unwrap(), "");
    }

    #[test]
    fn date_gets_oslo_offset() {
        assert_eq!(
            date("2024-03-07T06:00").as_deref(),
            Some("2024-03-07T06:00:00+01:00")
        );
        assert_eq!(
            date("2024-02-14T07:12").as_deref(),
            Some("2024-02-14T07:12:00+01:00")
        );
        assert_eq!(
            date("2024-07-01 12:30:05").as_deref(),
            Some("2024-07-01T12:30:05+02:00")
        );
    }

    #[test]
    fn summer_time_switches_on_last_sundays() {
        // 2024: summer time from 31 March to 27 October.
        assert_eq!(
            date("2024-03-31T01:30").unwrap(),
            "2024-03-31T01:30:00+01:00"
        );
        assert_eq!(
            date("2024-03-31T03:30").unwrap(),
            "2024-03-31T03:30:00+02:00"
        );
        assert_eq!(
            date("2024-10-27T01:30").unwrap(),
            "2024-10-27T01:30:00+02:00"
        );
        assert_eq!(
            date("2024-10-27T03:30").unwrap(),
            "2024-10-27T03:30:00+01:00"
        );
    }

    #[test]
    fn stated_offset_is_kept() {
        assert_eq!(
            date("2024-03-07T06:00Z").unwrap(),
            "2024-03-07T06:00:00+00:00"
        );
        assert_eq!(
            date("2024-03-07T06:00:00-0500").unwrap(),
            "2024-03-07T06:00:00-05:00"
        );
    }

    #[test]
    fn date_without_day_is_left_out() {
        assert_eq!(date("2023-09"), None);
        assert_eq!(date("2023"), None);
        assert_eq!(date("2023-02-30"), None);
        assert_eq!(date("i går"), None);
        assert_eq!(date("2023-09-04").as_deref(), Some("2023-09-04"));
    }
}
