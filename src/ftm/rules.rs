//! How an imported dataset's records are graded: the ontology's dataset rules (a pattern over the
//! dataset name and a confidence level, the first match deciding), and the user's overrides.

use super::FtmError;
use crate::store::GraphStore;
use oxigraph::model::{NamedNode, Term};
use regex::Regex;
use std::collections::HashMap;

const RULES: &str = include_str!("../sparql/ftm_dataset_rules.rq");

/// The dataset rules, in order, and overrides by dataset name.
#[derive(Debug, Clone)]
pub struct DatasetRules {
    rules: Vec<(Regex, NamedNode)>,
    overrides: HashMap<String, NamedNode>,
    fallback: NamedNode,
}

impl DatasetRules {
    /// Reads the rules from the ontology; `overrides` maps dataset names to confidence levels.
    pub fn read(store: &GraphStore, overrides: HashMap<String, NamedNode>) -> Result<Self, FtmError> {
        let mut rules = Vec::new();
        for row in store.select(RULES, &[])? {
            let (Some(Term::Literal(pattern)), Some(Term::NamedNode(level))) = (row.get("pattern"), row.get("level"))
            else {
                continue;
            };
            let regex = Regex::new(pattern.value())
                .map_err(|e| FtmError::Rule { pattern: pattern.value().to_owned(), message: e.to_string() })?;
            rules.push((regex, level.clone()));
        }
        let fallback = NamedNode::new_unchecked(crate::rdf::vocab::ag("Reported"));
        Ok(DatasetRules { rules, overrides, fallback })
    }

    /// The confidence level of a dataset's records.
    pub fn level_of(&self, dataset: &str) -> NamedNode {
        if let Some(level) = self.overrides.get(dataset) {
            return level.clone();
        }
        self.rules.iter().find(|(regex, _)| regex.is_match(dataset)).map_or(self.fallback.clone(), |(_, l)| l.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Access, Location};

    #[test]
    fn official_lists_registries_leaks_and_annotations_are_graded_apart() {
        let store = GraphStore::open(Location::Memory, Access::Read).unwrap();
        let rules = DatasetRules::read(&store, HashMap::new()).unwrap();
        let level = |d: &str| crate::rdf::vocab::local_name(rules.level_of(d).as_str()).to_owned();
        assert_eq!(level("us_ofac_sdn"), "Documented");
        assert_eq!(level("gb_fcdo_sanctions"), "Documented");
        assert_eq!(level("ext_ru_egrul"), "Reported");
        assert_eq!(level("icij_offshoreleaks"), "Alleged");
        assert_eq!(level("ann_graph_topics"), "Assessed");
        assert_eq!(level("something_else"), "Reported");
        let overridden = DatasetRules::read(
            &store,
            HashMap::from([("ext_ru_egrul".to_owned(), NamedNode::new_unchecked(crate::rdf::vocab::ag("Documented")))]),
        )
        .unwrap();
        assert!(overridden.level_of("ext_ru_egrul").as_str().ends_with("Documented"));
    }
}
