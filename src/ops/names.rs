//! Names compared the way screening and linking need: normalised (case, accents, punctuation,
//! script by transliteration), legal-form words set aside, words in order; an index that finds
//! the nodes whose names come close to a given one without comparing against every name.

use super::OpsError;
use crate::graph::{NodeId, Projection};
use crate::rdf::names::normalise_name;
use crate::store::GraphStore;
use oxigraph::model::Term;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

const LEGAL_FORMS: &str = include_str!("../sparql/legal_forms.rq");

/// The legal-form words names are compared without, longest first (so "joint stock company"
/// goes before "company"), each kept with a space either side as it is looked for.
#[derive(Debug, Clone)]
pub struct LegalForms(Vec<String>);

impl LegalForms {
    /// The words given, longest first.
    pub fn new(words: impl IntoIterator<Item = String>) -> LegalForms {
        let mut words: Vec<String> = words.into_iter().collect();
        words.sort_by_key(|f| std::cmp::Reverse(f.len()));
        LegalForms(words.into_iter().map(|word| format!(" {word} ")).collect())
    }
}

/// The ontology's legal-form words.
pub fn legal_forms(store: &GraphStore) -> Result<LegalForms, OpsError> {
    let rows = store
        .select(LEGAL_FORMS, &[])
        .map_err(|source| OpsError::Evaluation { source_name: "the legal-form words".into(), source })?;
    Ok(LegalForms::new(rows.iter().filter_map(|row| match row.get("word") {
        Some(Term::Literal(l)) => Some(l.value().to_owned()),
        _ => None,
    })))
}

/// A name reduced for comparison: normalised, legal forms set aside, words in order.
pub fn comparable(name: &str, legal_forms: &LegalForms) -> String {
    let mut text = format!(" {} ", normalise_name(name));
    for padded in &legal_forms.0 {
        // The form and the space before it go; the space after it stays.
        while let Some(at) = text.find(padded.as_str()) {
            text.replace_range(at..at + padded.len() - 1, "");
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
    legal_forms: LegalForms,
    nodes: Vec<NodeId>,
    keys: Vec<Vec<(String, String)>>,
    /// The letters of each of `keys`' reduced names.
    letters: Vec<Vec<Letters>>,
    by_prefix: HashMap<String, HashSet<usize>>,
}

/// The characters of a reduced name counted in 64 buckets (characters that share a bucket are
/// counted together, which can only raise the count two names share), and its length: enough
/// to rule out most candidates before working out their Jaro-Winkler similarity.
#[derive(Debug, Clone)]
struct Letters {
    counts: [u8; 64],
    length: usize,
    /// No bucket overflowed (a name of more than 255 characters may): the counts are exact.
    counted: bool,
}

impl Letters {
    fn of(key: &str) -> Letters {
        let mut letters = Letters { counts: [0; 64], length: 0, counted: true };
        for c in key.chars() {
            let bucket = ((c as u32).wrapping_mul(0x9E37_79B9) >> 26) as usize;
            match letters.counts[bucket].checked_add(1) {
                Some(count) => letters.counts[bucket] = count,
                None => letters.counted = false,
            }
            letters.length += 1;
        }
        letters
    }

    /// Whether the Jaro-Winkler similarity of the two names can reach `min`. Jaro pairs equal
    /// characters, each at most once, so the pairs are at most the characters the two share;
    /// with no transpositions and the names' common prefix (up to four characters) that gives
    /// the highest similarity the two could have.
    fn may_reach(&self, other: &Letters, prefix: usize, min: f64) -> bool {
        if !self.counted || !other.counted || self.length == 0 || other.length == 0 {
            return true;
        }
        // 64 counts of at most 255 each: the sum fits in 16 bits.
        let shared: u16 = self.counts.iter().zip(&other.counts).map(|(a, b)| u16::from(*a.min(b))).sum();
        if shared == 0 {
            return min <= 0.0;
        }
        let shared = f64::from(shared);
        let jaro = (shared / self.length as f64 + shared / other.length as f64 + 1.0) / 3.0;
        let highest = jaro + 0.1 * prefix as f64 * (1.0 - jaro);
        // A hair of slack for rounding: ruling out a name that could match would change answers.
        highest >= min - 1e-9
    }
}

/// How many of the first four characters two names share, as Jaro-Winkler counts its prefix.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().take(4).zip(b.chars()).take_while(|(x, y)| x == y).count()
}

impl NameIndex {
    /// Indexes the labels and aliases of `nodes`.
    pub fn new(projection: &Projection, nodes: Vec<NodeId>, legal_forms: LegalForms) -> Self {
        let keys: Vec<Vec<(String, String)>> =
            nodes.par_iter().map(|n| Self::keys_with(projection, *n, &legal_forms)).collect();
        let mut by_prefix: HashMap<String, HashSet<usize>> = HashMap::new();
        for (i, names) in keys.iter().enumerate() {
            for (_, key) in names {
                for word in key.split(' ') {
                    by_prefix.entry(word.chars().take(3).collect()).or_default().insert(i);
                }
            }
        }
        let letters = keys.par_iter().map(|names| names.iter().map(|(_, key)| Letters::of(key)).collect()).collect();
        NameIndex { legal_forms, nodes, keys, letters, by_prefix }
    }

    fn keys_with(projection: &Projection, node: NodeId, legal_forms: &LegalForms) -> Vec<(String, String)> {
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
        let mut nearby: Vec<usize> = Vec::new();
        for (_, key) in names {
            for word in key.split(' ') {
                nearby.extend(self.by_prefix.get(&word.chars().take(3).collect::<String>()).into_iter().flatten());
            }
        }
        nearby.sort_unstable();
        nearby.dedup();
        let given: Vec<Letters> = names.iter().map(|(_, key)| Letters::of(key)).collect();
        let mut best: HashMap<usize, NameMatch> = HashMap::new();
        for i in nearby {
            for ((name, key), letters) in names.iter().zip(&given) {
                for ((their_name, their_key), their_letters) in self.keys[i].iter().zip(&self.letters[i]) {
                    let exact = key == their_key;
                    let score = if exact {
                        1.0
                    } else if letters.may_reach(their_letters, common_prefix(key, their_key), min) {
                        strsim::jaro_winkler(key, their_key)
                    } else {
                        continue;
                    };
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
        found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.matched.cmp(&b.matched)).then(a.node.cmp(&b.node)));
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case_accents_script_or_legal_forms() {
        let forms = LegalForms::new(
            ["company", "llc", "limited liability company", "ooo", "obshchestvo s ogranichennoi otvetstvennostiu"]
                .iter()
                .map(|s| s.to_string()),
        );
        assert_eq!(comparable("NORINCO LLC", &forms), "norinco");
        assert_eq!(comparable("ООО «ЦСТ»", &forms), "tsst");
        assert_eq!(comparable("TsST OOO", &forms), "tsst");
        assert_eq!(comparable("Limited Liability Company Aeroscan", &forms), "aeroscan");
        assert_eq!(comparable("Zakharov, Alexander", &forms), comparable("Alexander ZAKHAROV", &forms));
    }

    proptest::proptest! {
        /// The letter counts only rule out names that cannot reach the score: over names from a
        /// small alphabet (so that many pairs come close) and from a larger one with Cyrillic.
        #[test]
        fn letters_never_rule_out_a_name_that_reaches_the_score(
            a in "[abc ]{0,12}|[a-zа-я0-9 ]{0,24}",
            b in "[abc ]{0,12}|[a-zа-я0-9 ]{0,24}",
            min in 0.0f64..1.0,
        ) {
            let score = strsim::jaro_winkler(&a, &b);
            let kept = Letters::of(&a).may_reach(&Letters::of(&b), common_prefix(&a, &b), min);
            proptest::prop_assert!(kept || score < min, "{a:?} and {b:?} score {score} but were ruled out at {min}");
        }
    }

    #[test]
    fn letters_rule_out_names_with_little_in_common() {
        let (a, b) = ("5 anna trading unrelated", "bolt trading");
        assert!(strsim::jaro_winkler(a, b) < 0.8);
        assert!(!Letters::of(a).may_reach(&Letters::of(b), common_prefix(a, b), 0.8));
        let (a, b) = ("rosoboronexport", "rosoboroneksport");
        assert!(Letters::of(a).may_reach(&Letters::of(b), common_prefix(a, b), 0.8));
    }
}
