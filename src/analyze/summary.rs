//! The extractive summary: two to four unit ids, in article order.
//!
//! Input: the claim scores of every unit (0 for units that are not running
//! text). Output: the ids of the lead sentence and the best-scored others,
//! three in all when the article has them, sorted into reading order.

/// How many units the summary aims for.
const SIZE: usize = 3;

/// Picks the summary units.
pub fn pick(scores: &[f64], prose: &[bool], unit_ids: &[String]) -> Vec<String> {
    let candidates: Vec<usize> = (0..scores.len())
        .filter(|&i| prose.get(i).copied().unwrap_or(false))
        .collect();
    let mut chosen: Vec<usize> = candidates.first().copied().into_iter().collect();
    let mut by_score = candidates.clone();
    by_score.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    for i in by_score {
        if chosen.len() >= SIZE {
            break;
        }
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    chosen
        .into_iter()
        .filter_map(|i| unit_ids.get(i).cloned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_keeps_the_lead_and_reading_order() {
        let ids: Vec<String> = (1..=5).map(|i| format!("u{i}")).collect();
        let s = pick(
            &[0.0, 0.1, 0.9, 0.2, 0.8],
            &[false, true, true, true, true],
            &ids,
        );
        assert_eq!(s, ["u2", "u3", "u5"]);
    }

    #[test]
    fn empty_article_gives_empty_summary() {
        assert!(pick(&[], &[], &[]).is_empty());
    }
}
