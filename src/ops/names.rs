//! Names compared the way screening and linking need: normalised (case, accents, punctuation,
//! script by transliteration), legal-form words set aside, words in order; an index that finds
//! the nodes whose names come close to a given one without comparing against every name.

use super::OpsError;
use crate::graph::{NodeId, Projection};
use crate::rdf::names::normalise_name;
use crate::store::GraphStore;
use oxigraph::model::Term;
use std::collections::{HashMap, HashSet};

const LEGAL_FORMS: &str = include_str!("../sparql/legal_forms.rq");

/// The ontology's legal-form words, longest first (so "joint stock company" goes before "company").
pub fn legal_forms(store: &GraphStore) -> Result<Vec<String>, OpsError> {
    let rows = store
        .select(LEGAL_FORMS, &[])
        .map_err(|source| OpsError::Evaluation { source_name: "the legal-form words".into(), source })?;
    let mut forms: Vec<String> = rows
        .iter()
        .filter_map(|row| match row.get("word") {
            Some(Term::Literal(l)) => Some(l.value().to_owned()),
            _ => None,
        })
        .collect();
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    Ok(forms)
}

/// A name reduced for comparison: normalised, legal forms set aside, words in order.
pub fn comparable(name: &str, legal_forms: &[String]) -> String {
    let mut text = format!(" {} ", normalise_name(name));
    for form in legal_forms {
        while let Some(at) = text.find(&format!(" {form} ")) {
            text.replace_range(at..at + form.len() + 1, "");
        }
    }
    let mut words: Vec<&str> = text.split_whitespace().collect();
    words.sort_unstable();
    words.join(" ")
}

/// One node whose name comes close to a given one.
#[derive(Debug, Clone, PartialEq)]
pub struct NameMatch {
    /// The node.
    pub node: NodeId,
    /// How close, 0 to 1 (1: the same once reduced).
    pub score: f64,
    /// The name given.
    pub name: String,
    /// The node's name it matched.
    pub matched: String,
    /// Whether the two are the same once reduced.
    pub exact: bool,
}

/// The names of a set of nodes, found by any word's first three letters.
pub struct NameIndex {
    legal_forms: Vec<String>,
    nodes: Vec<NodeId>,
    keys: Vec<Vec<(String, String)>>,
    by_prefix: HashMap<String, HashSet<usize>>,
}

impl NameIndex {
    /// Indexes the labels and aliases of `nodes`.
    pub fn new(projection: &Projection, nodes: Vec<NodeId>, legal_forms: Vec<String>) -> Self {
        let keys: Vec<Vec<(String, String)>> =
            nodes.iter().map(|n| Self::keys_with(projection, *n, &legal_forms)).collect();
        let mut by_prefix: HashMap<String, HashSet<usize>> = HashMap::new();
        for (i, names) in keys.iter().enumerate() {
            for (_, key) in names {
                for word in key.split(' ') {
                    by_prefix.entry(word.chars().take(3).collect()).or_default().insert(i);
                }
            }
        }
        NameIndex { legal_forms, nodes, keys, by_prefix }
    }

    fn keys_with(projection: &Projection, node: NodeId, legal_forms: &[String]) -> Vec<(String, String)> {
        let n = projection.node(node);
        std::iter::once(&n.label)
            .chain(&n.aliases)
            .map(|name| (name.clone(), comparable(name, legal_forms)))
            .filter(|(_, key)| !key.is_empty())
            .collect()
    }

    /// A node's names with their reduced forms.
    pub fn keys_of(&self, projection: &Projection, node: NodeId) -> Vec<(String, String)> {
        Self::keys_with(projection, node, &self.legal_forms)
    }

    /// A name with its reduced form.
    pub fn key(&self, name: &str) -> (String, String) {
        (name.to_owned(), comparable(name, &self.legal_forms))
    }

    /// The indexed nodes any of `names` (name, reduced) comes at least `min` close to, each once
    /// with its best match, best first.
    pub fn matches(&self, names: &[(String, String)], min: f64) -> Vec<NameMatch> {
        let mut nearby: HashSet<usize> = HashSet::new();
        for (_, key) in names {
            for word in key.split(' ') {
                nearby.extend(self.by_prefix.get(&word.chars().take(3).collect::<String>()).into_iter().flatten());
            }
        }
        let mut best: HashMap<usize, NameMatch> = HashMap::new();
        for i in nearby {
            for (name, key) in names {
                for (their_name, their_key) in &self.keys[i] {
                    let exact = key == their_key;
                    let score = if exact { 1.0 } else { strsim::jaro_winkler(key, their_key) };
                    if score >= min && best.get(&i).is_none_or(|b| b.score < score) {
                        let found = NameMatch {
                            node: self.nodes[i],
                            score,
                            name: name.clone(),
                            matched: their_name.clone(),
                            exact,
                        };
                        best.insert(i, found);
                    }
                }
            }
        }
        let mut found: Vec<NameMatch> = best.into_values().collect();
        found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.matched.cmp(&b.matched)));
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case_accents_script_or_legal_forms() {
        let forms: Vec<String> =
            ["limited liability company", "llc", "ooo", "obshchestvo s ogranichennoi otvetstvennostiu"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        assert_eq!(comparable("NORINCO LLC", &forms), "norinco");
        assert_eq!(comparable("ООО «ЦСТ»", &forms), "tsst");
        assert_eq!(comparable("TsST OOO", &forms), "tsst");
        assert_eq!(comparable("Limited Liability Company Aeroscan", &forms), "aeroscan");
        assert_eq!(comparable("Zakharov, Alexander", &forms), comparable("Alexander ZAKHAROV", &forms));
    }
}
