//! Stage 5, analyze: units → quotes, sources, claims, entities and a summary.
//!
//! Input: the segmented article ([`Segmented`]) and its language. Output: the
//! analysis fields of [`Document`]. Every id the output refers to exists in the
//! units it was given.

use crate::model::{Claim, Entity, Language, Quote, Source};
use crate::segment::Segmented;

/// The analysis part of a document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analysis {
    /// Direct and indirect quotes.
    pub quotes: Vec<Quote>,
    /// Sources, deduplicated.
    pub sources: Vec<Source>,
    /// Key claims, best first.
    pub claims: Vec<Claim>,
    /// Named entities.
    pub entities: Vec<Entity>,
    /// Summary unit ids in article order.
    pub summary: Vec<String>,
}

/// Analyses a segmented article.
pub fn analyze(_seg: &Segmented, _language: Language) -> Analysis {
    Analysis::default()
}
