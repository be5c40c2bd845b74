//! Metadata: publisher, the article's own date and the title.
//!
//! Input: the removed pieces, the cleaned blocks and what the input format
//! stated ([`PageMeta`](crate::blocks::PageMeta)). Output: publisher, published date and title for
//! [`crate::model::Meta`]. Stated metadata wins over evidence; evidence in
//! boilerplate (footers, credits, site suffixes) wins over mentions in content.
//! Only dateline and scraper stamps give the date: a video teaser's or a related
//! link's "Publisert:" is removed with another reason and never counts.

use std::sync::LazyLock;

use regex::Regex;

use crate::blocks::Role;
use crate::clean::Block;
use crate::model::{RemovalReason, Removed};
use crate::rules::Rules;

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?:
            (?P<iy>[0-9]{4})-(?P<im>[0-9]{2})(?:-(?P<id>[0-9]{2}))?(?:[T\s](?P<ih>[0-9]{2}):(?P<imin>[0-9]{2}))?
          | (?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?P<y>[0-9]{4}|[0-9]{2})
          | (?P<nd>[0-9]{1,2})\.\s*(?P<nm>jan|feb|mar|apr|mai|maj|jun|jul|aug|sep|okt|oct|nov|des|dec)[a-zæøå]*\.?\s*(?P<ny>[0-9]{4})
        )
        (?:\s*[,—–-]?\s*(?:kl\.?\s*)?(?P<h>[0-9]{1,2})[:.](?P<min>[0-9]{2}))?",
    )
    .expect("valid regex")
});

static UPDATE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)oppdatert|opdateret|endret|uppdaterad").expect("valid regex")
});

fn month_number(name: &str) -> u32 {
    match &name.to_lowercase()[..3] {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "mai" | "maj" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "okt" | "oct" => 10,
        "nov" => 11,
        _ => 12,
    }
}

/// Builds the date regexes now rather than on first use ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&DATE);
    LazyLock::force(&UPDATE_WORD);
}

/// Parses the first date (and time) in `text` into ISO 8601 (`2024-06-03T20:14`,
/// `2023-09`).
pub fn parse_date(text: &str) -> Option<String> {
    let c = DATE.captures(text)?;
    let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
    let (y, m, d) = if let Some(y) = num("iy") {
        (y, num("im")?, num("id"))
    } else if let Some(y) = num("y") {
        let y = if y < 100 { 2000 + y } else { y };
        (y, num("m")?, num("d"))
    } else {
        (num("ny")?, month_number(c.name("nm")?.as_str()), num("nd"))
    };
    if !(1..=12).contains(&m) || d.is_some_and(|d| !(1..=31).contains(&d)) {
        return None;
    }
    let mut out = format!("{y:04}-{m:02}");
    if let Some(d) = d {
        out.push_str(&format!("-{d:02}"));
        let (h, mi) = match (num("ih"), num("imin")) {
            (Some(h), Some(mi)) => (Some(h), Some(mi)),
            _ => (num("h"), num("min")),
        };
        if let (Some(h), Some(mi)) = (h, mi) {
            if h < 24 && mi < 60 {
                out.push_str(&format!("T{h:02}:{mi:02}"));
            }
        }
    }
    Some(out)
}

/// The article's own publication date from its dateline or scraper stamp.
pub fn published(removed: &[Removed]) -> Option<String> {
    let stamps: Vec<&Removed> = removed
        .iter()
        .filter(|r| {
            matches!(
                r.reason,
                RemovalReason::Dateline | RemovalReason::ScraperMetadata | RemovalReason::Byline
            )
        })
        .collect();
    // "Publisert: X Oppdatert: Y" gives X; a lone "Oppdatert" only when nothing else does.
    let first_publish = stamps.iter().find_map(|r| {
        let head = match UPDATE_WORD.find(&r.text) {
            Some(m) => &r.text[..m.start()],
            None => &r.text,
        };
        parse_date(head)
    });
    first_publish.or_else(|| stamps.iter().find_map(|r| parse_date(&r.text)))
}

/// The publisher named by boilerplate evidence, or failing that by content.
pub fn publisher(removed: &[Removed], blocks: &[Block], rules: &Rules) -> Option<String> {
    let publishers = rules.publishers();
    let scan = rules.publisher_scan();
    let mut may = vec![false; publishers.len()];
    let mut votes = vec![0usize; publishers.len()];
    for r in removed {
        scan.mark(&r.text, &mut may);
        for (i, p) in publishers.iter().enumerate() {
            if may[i] && p.evidence.get().is_match(&r.text) {
                votes[i] += 1;
            }
        }
    }
    if votes.iter().all(|&v| v == 0) {
        // Mentions in the body ("sier … til NRK"): the first blocks are enough.
        for b in blocks.iter().take(200) {
            scan.mark(&b.text, &mut may);
            for (i, p) in publishers.iter().enumerate() {
                if may[i] {
                    votes[i] += p.evidence.get().find_iter(&b.text).count();
                }
            }
        }
    }
    let best = votes
        .iter()
        .enumerate()
        .filter(|(_, &v)| v > 0)
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
    Some(publishers[best.0].name.clone())
}

/// The title: the first block when it is a heading that comes before any body text.
pub fn title(blocks: &[Block]) -> Option<String> {
    blocks
        .first()
        .filter(|b| b.role == Role::Heading)
        .map(|b| b.text.clone())
}

/// Merges stated page metadata over the evidence.
pub fn pick(stated: Option<&String>, found: Option<String>) -> Option<String> {
    stated.cloned().or(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_site_formats_parse() {
        assert_eq!(
            parse_date("Publisert: 03.06.24 20:14").as_deref(),
            Some("2024-06-03T20:14")
        );
        assert_eq!(
            parse_date("Publisert 14. feb. 2024 kl. 07:12").as_deref(),
            Some("2024-02-14T07:12")
        );
        assert_eq!(parse_date("date 2023-09").as_deref(), Some("2023-09"));
        assert_eq!(
            parse_date("14. maj 2024 kl. 06.02").as_deref(),
            Some("2024-05-14T06:02")
        );
        assert_eq!(
            parse_date("Publisert 12.04.2024 kl. 05:30").as_deref(),
            Some("2024-04-12T05:30")
        );
        assert_eq!(
            parse_date("2024-03-07T06:00:00+01:00").as_deref(),
            Some("2024-03-07T06:00")
        );
    }

    #[test]
    fn update_stamp_does_not_win_over_publish_stamp() {
        let removed = vec![Removed {
            text: "Oppdatert: 03.06.24 22:41 Publisert: 03.06.24 20:14".into(),
            reason: RemovalReason::Dateline,
        }];
        // Only an update stamp before the date: fall back to the first date.
        assert_eq!(published(&removed).as_deref(), Some("2024-06-03T22:41"));
        let removed = vec![Removed {
            text: "Publisert: 03.06.24 20:14 Oppdatert: 03.06.24 22:41".into(),
            reason: RemovalReason::Dateline,
        }];
        assert_eq!(published(&removed).as_deref(), Some("2024-06-03T20:14"));
    }

    #[test]
    fn teaser_stamp_is_not_the_article_date() {
        let removed = vec![Removed {
            text: "Video 01:09 Publisert: 30.08.23 — 08:42".into(),
            reason: RemovalReason::MediaTeaser,
        }];
        assert_eq!(published(&removed), None);
    }
}
