//! Edge labels: the facts behind one relation said in one line — one fact's amount and date,
//! or how many facts of which kind over which years — with the strongest confidence.

use crate::graph::{FactId, Projection};
use crate::rdf::dates::civil_from_days;

/// The label of an edge standing for `facts` (strongest first): the relation on the first
/// line; on the second one fact's amount and date ("1,300 t · 2023") or the count, kind and
/// period of several ("8 supply flows · 2015–2024"), then the strongest confidence.
pub(super) fn edge_label(projection: &Projection, relation: &str, facts: &[FactId]) -> String {
    let Some(best) = facts.iter().copied().max_by_key(|f| (projection.fact(*f).best_rank, std::cmp::Reverse(*f)))
    else {
        return relation.to_owned();
    };
    let mut details: Vec<String> = Vec::new();
    if let [only] = facts {
        details.extend(projection.fact(*only).qualifiers.iter().filter(|q| !q.starts_with("role:")).take(2).cloned());
    } else {
        details.push(count_of(projection, facts));
        details.extend(period(projection, facts));
    }
    details.extend(projection.fact(best).evidence.first().map(|e| e.confidence.clone()).filter(|c| !c.is_empty()));
    if details.is_empty() {
        relation.to_owned()
    } else {
        format!("{relation}\n{}", details.join(" · "))
    }
}

/// "8 supply flows", or "3 facts" when they are of different kinds.
fn count_of(projection: &Projection, facts: &[FactId]) -> String {
    let mut kinds: Vec<&str> = facts.iter().map(|f| projection.class_label(projection.fact(*f).class)).collect();
    kinds.sort_unstable();
    kinds.dedup();
    match kinds.as_slice() {
        [kind] if !kind.is_empty() => format!("{} {}", facts.len(), plural(kind)),
        _ => format!("{} facts", facts.len()),
    }
}

/// The years the dated facts cover: "2023", "2015–2024", "since 2022"; None when none is dated.
fn period(projection: &Projection, facts: &[FactId]) -> Option<String> {
    let validities: Vec<_> =
        facts.iter().map(|f| projection.fact(*f).validity).filter(|v| v.from.is_some() || v.until.is_some()).collect();
    if validities.is_empty() {
        return None;
    }
    let year = |day: i64| civil_from_days(day).0;
    let first = validities.iter().filter_map(|v| v.from).min().map(year);
    let open = validities.iter().any(|v| v.until.is_none());
    let last = validities.iter().filter_map(|v| v.until).max().map(year);
    Some(match (first, last, open) {
        (Some(a), _, true) => format!("since {a}"),
        (Some(a), Some(b), false) if a == b => a.to_string(),
        (Some(a), Some(b), false) => format!("{a}–{b}"),
        (None, Some(b), _) => format!("until {b}"),
        _ => return None,
    })
}

/// The plural of an English noun phrase: its last word takes the ending.
pub(super) fn plural(noun: &str) -> String {
    if noun.ends_with('s') || noun.ends_with('x') || noun.ends_with("ch") || noun.ends_with("sh") {
        format!("{noun}es")
    } else if let Some(stem) = noun.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'i', 'o', 'u'])) {
        format!("{stem}ies")
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn plurals_of_fact_kinds() {
        assert_eq!(plural("supply flow"), "supply flows");
        assert_eq!(plural("policy"), "policies");
        assert_eq!(plural("bilateral trade"), "bilateral trades");
        assert_eq!(plural("secondary sanction"), "secondary sanctions");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("process"), "processes");
    }
}
