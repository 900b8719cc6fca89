//! Turns what people type (an IRI, a prefixed name, a name or an alias in any case and with or
//! without accents) into nodes and classes of the projection, with candidates when it is
//! ambiguous and suggestions when it is unknown.

use crate::graph::{ClassId, NodeId, Projection};
use crate::rdf::names::normalise_name;
use crate::rdf::vocab;
use serde::Serialize;

/// A node offered to the user: to choose between, or as a suggestion.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Candidate {
    /// IRI of the node.
    pub iri: String,
    /// Display name of the node.
    pub label: String,
    /// Label of the node's most specific class (empty without one).
    pub class: String,
}

/// Why a name could not be turned into a node or a class.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// The name matches several nodes and no single one by its own label.
    #[error("'{input}' is ambiguous; it names {}:\n{}", .candidates.len(), candidate_list(.candidates))]
    Ambiguous {
        /// What the user typed.
        input: String,
        /// The nodes the name matches.
        candidates: Vec<Candidate>,
    },
    /// No node goes by this name.
    #[error("no node is called '{input}'{}", did_you_mean(.suggestions))]
    Unknown {
        /// What the user typed.
        input: String,
        /// Nodes with a similar name, best first (at most five).
        suggestions: Vec<Candidate>,
    },
    /// No class goes by this name.
    #[error("no class is called '{input}'{}", class_suggestions(.suggestions))]
    UnknownClass {
        /// What the user typed.
        input: String,
        /// Local names of similar classes, best first (at most five).
        suggestions: Vec<String>,
    },
    /// No node of the class (or of its subclasses) is in the graph.
    #[error("no node of class {class} is in the graph")]
    EmptyClass {
        /// Label of the class.
        class: String,
    },
}

fn candidate_list(candidates: &[Candidate]) -> String {
    candidates
        .iter()
        .map(|c| format!("  {}  {}  ({})", crate::rdf::vocab::display_iri(&c.iri), c.label, c.class))
        .collect::<Vec<_>>()
        .join("\n")
}

fn did_you_mean(candidates: &[Candidate]) -> String {
    if candidates.is_empty() {
        String::new()
    } else {
        format!("; did you mean:\n{}", candidate_list(candidates))
    }
}

fn class_suggestions(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}", names.join(", "))
    }
}

/// Finds the node `input` names.
pub fn resolve_node(projection: &Projection, input: &str) -> Result<NodeId, ResolveError> {
    let trimmed = input.trim();
    if let Some(iri) = as_iri(trimmed) {
        if let Some(id) = projection.node_by_iri(&iri) {
            return Ok(id);
        }
    }
    let wanted = normalise_name(trimmed);
    let matches = matching_nodes(projection, &wanted);
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(ResolveError::Unknown { input: input.to_owned(), suggestions: suggest(projection, &wanted) }),
        many => {
            // A node whose own name matches beats nodes matched only through an alias.
            let by_label: Vec<NodeId> =
                many.iter().copied().filter(|id| normalise_name(&projection.node(*id).label) == wanted).collect();
            if by_label.len() == 1 {
                return Ok(by_label[0]);
            }
            Err(ResolveError::Ambiguous {
                input: input.to_owned(),
                candidates: many.iter().map(|id| candidate(projection, *id)).collect(),
            })
        }
    }
}

/// Finds the class `input` names: an IRI, a prefixed name, or a class label or local name.
pub fn resolve_class(projection: &Projection, input: &str) -> Result<ClassId, ResolveError> {
    let trimmed = input.trim();
    let iri = as_iri(trimmed).unwrap_or_else(|| format!("{}{trimmed}", vocab::AG));
    if let Some(id) = projection.classes.iter().position(|c| c.iri == iri) {
        return Ok(ClassId::from_index(id));
    }
    let wanted = normalise_name(trimmed);
    let found: Vec<usize> = projection
        .classes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.iri.starts_with(vocab::AG))
        .filter(|(_, c)| normalise_name(&c.label) == wanted || normalise_name(vocab::local_name(&c.iri)) == wanted)
        .map(|(i, _)| i)
        .collect();
    if let [one] = found.as_slice() {
        return Ok(ClassId::from_index(*one));
    }
    let mut scored: Vec<(f64, String)> = projection
        .classes
        .iter()
        .filter(|c| c.iri.starts_with(vocab::AG))
        .map(|c| {
            (
                strsim::jaro_winkler(&wanted, &normalise_name(vocab::local_name(&c.iri))),
                vocab::local_name(&c.iri).to_owned(),
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Err(ResolveError::UnknownClass {
        input: input.to_owned(),
        suggestions: scored.into_iter().take(5).map(|(_, n)| n).collect(),
    })
}

/// Completions of a name being typed: nodes whose name or alias is what was typed, starts with
/// it, has a word starting with it, or contains it (in that order, then by label), at most
/// `limit` of them.
pub fn complete(projection: &Projection, input: &str, limit: usize) -> Vec<Candidate> {
    let wanted = normalise_name(input);
    if wanted.is_empty() || limit == 0 {
        return Vec::new();
    }
    let mut rank: std::collections::HashMap<NodeId, u8> = std::collections::HashMap::new();
    let mut keep = |id: NodeId, r: u8| {
        let entry = rank.entry(id).or_insert(r);
        *entry = (*entry).min(r);
    };
    // The names are sorted: those starting with what was typed follow the first not before it.
    let names = &projection.names;
    let (mut low, mut high) = (0, names.len());
    while low < high {
        let middle = (low + high) / 2;
        if names.get(middle).0.as_str() < wanted.as_str() {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    for (name, id) in (low..names.len()).map(|i| names.get(i)).take_while(|(name, _)| name.starts_with(&wanted)) {
        keep(*id, if *name == wanted { 0 } else { 1 });
    }
    let word = format!(" {wanted}");
    for (name, id) in names.iter() {
        if name.contains(&word) {
            keep(*id, 2);
        } else if name.contains(&wanted) {
            keep(*id, 3);
        }
    }
    let mut found: Vec<(u8, NodeId)> = rank.into_iter().map(|(id, r)| (r, id)).collect();
    found.sort_by(|a, b| {
        let (la, lb) = (&projection.node(a.1).label, &projection.node(b.1).label);
        a.0.cmp(&b.0).then_with(|| la.len().cmp(&lb.len())).then_with(|| la.cmp(lb)).then_with(|| a.1.cmp(&b.1))
    });
    found.into_iter().take(limit).map(|(_, id)| candidate(projection, id)).collect()
}

/// Every node of the class (or its subclasses).
pub fn nodes_of_class(projection: &Projection, class: ClassId) -> Result<Vec<NodeId>, ResolveError> {
    let nodes: Vec<NodeId> = projection
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.classes.contains(&class))
        .map(|(i, _)| NodeId::from_index(i))
        .collect();
    if nodes.is_empty() {
        return Err(ResolveError::EmptyClass { class: projection.classes[class.index()].label.clone() });
    }
    Ok(nodes)
}

/// The node as offered to the user: its IRI, label and class label.
pub fn candidate(projection: &Projection, id: NodeId) -> Candidate {
    let node = projection.node(id);
    Candidate { iri: node.iri.clone(), label: node.label.clone(), class: projection.class_label(node.class).to_owned() }
}

/// The IRI `input` spells, as `<IRI>`, a bare IRI or a known prefixed name; None for a name.
pub fn as_iri(input: &str) -> Option<String> {
    if let Some(inner) = input.strip_prefix('<').and_then(|s| s.strip_suffix('>')) {
        return Some(inner.to_owned());
    }
    if input.contains("://") || input.starts_with("urn:") {
        return Some(input.to_owned());
    }
    vocab::expand_prefixed(input)
}

fn matching_nodes(projection: &Projection, wanted: &str) -> Vec<NodeId> {
    projection.nodes_named(wanted)
}

fn suggest(projection: &Projection, wanted: &str) -> Vec<Candidate> {
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut best: Vec<(f64, NodeId)> = Vec::new();
    for (name, id) in &projection.names {
        let contains = name.contains(wanted) || (wanted.len() > 3 && wanted.contains(name.as_str()));
        let score = if contains { 0.95 } else { strsim::jaro_winkler(wanted, name) };
        if score >= 0.85 {
            match best.iter_mut().find(|(_, existing)| existing == id) {
                Some(entry) => entry.0 = entry.0.max(score),
                None => best.push((score, *id)),
            }
        }
    }
    best.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| projection.node(a.1).label.cmp(&projection.node(b.1).label)));
    best.into_iter().take(5).map(|(_, id)| candidate(projection, id)).collect()
}

/// Name resolution: labels, aliases, IRIs, prefixes, ambiguity and suggestions.
#[cfg(test)]
mod tests {
    use super::{resolve_class, resolve_node, ResolveError};
    use crate::graph::testing::{node, projection_with, PATHS_FIXTURE};

    #[test]
    fn names_resolve_whatever_the_case_accents_and_spelling_of_the_iri() {
        let projection = projection_with(PATHS_FIXTURE);
        let delta = node(&projection, "delta");
        for name in [
            "Délta Leader",
            "delta leader",
            "  DELTA   LEADER ",
            "<http://example.org/test/delta>",
            "http://example.org/test/delta",
        ] {
            assert_eq!(resolve_node(&projection, name).unwrap(), delta, "{name}");
        }
        let china = projection.node_by_iri("https://w3id.org/actorgraph/data/China").unwrap();
        assert_eq!(resolve_node(&projection, "agd:China").unwrap(), china);
        assert_eq!(resolve_node(&projection, "beijing").unwrap(), china, "an alias");
    }

    #[test]
    fn a_name_beats_an_alias_and_unknown_names_get_suggestions() {
        let projection = projection_with(PATHS_FIXTURE);
        assert_eq!(resolve_node(&projection, "Twin Works").unwrap(), node(&projection, "twin1"));
        match resolve_node(&projection, "Alpah") {
            Err(ResolveError::Unknown { suggestions, .. }) => assert!(suggestions.iter().any(|c| c.label == "Alpha")),
            other => panic!("{other:?}"),
        }
        match resolve_node(&projection, "") {
            Err(ResolveError::Unknown { suggestions, .. }) => assert!(suggestions.is_empty()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn completions_put_whole_names_and_prefixes_before_inner_words() {
        let projection = projection_with(PATHS_FIXTURE);
        let labels = |typed: &str| -> Vec<String> {
            super::complete(&projection, typed, 10).into_iter().map(|c| c.label).collect()
        };
        assert_eq!(labels("alpha").first().map(String::as_str), Some("Alpha"));
        assert!(labels("lead").iter().any(|l| l == "Délta Leader"), "{:?}", labels("lead"));
        assert!(labels("DEL").iter().any(|l| l == "Délta Leader"));
        assert!(labels("").is_empty());
        assert!(labels("zzzz-nothing").is_empty());
        assert_eq!(super::complete(&projection, "a", 2).len(), 2);
    }

    #[test]
    fn classes_resolve_by_local_name_label_or_iri_with_suggestions() {
        let projection = projection_with(PATHS_FIXTURE);
        let sanction = resolve_class(&projection, "Sanction").unwrap();
        assert_eq!(resolve_class(&projection, "ag:Sanction").unwrap(), sanction);
        assert_eq!(resolve_class(&projection, "sanction").unwrap(), sanction);
        match resolve_class(&projection, "Sanktion") {
            Err(ResolveError::UnknownClass { suggestions, .. }) => {
                assert!(suggestions.contains(&"Sanction".to_owned()))
            }
            other => panic!("{other:?}"),
        }
    }
}
