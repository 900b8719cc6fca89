//! Traversal edges derived from the ontology's property chains `( [ owl:inverseOf role1 ] role2 )`:
//! for a fact with `fact role1 x` and `fact role2 y` (x ≠ y), the edge `x property y`. All of
//! them after a change that can remove or redefine edges; only those of the touched facts after
//! a load that just adds data. Index scans and hash joins rather than SPARQL: this runs after
//! every write and must stay cheap on large stores.

use crate::rdf::vocab::{META_GRAPH, OWL_INVERSE_OF as INVERSE_OF, OWL_PROPERTY_CHAIN_AXIOM as PROPERTY_CHAIN_AXIOM};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{
    GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term, TermRef,
};
use oxigraph::store::{StorageError, Store, Transaction};
use rayon::prelude::*;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

/// Something quads can be read from: the store, or a transaction (which sees its own writes).
pub(super) trait QuadSource {
    fn quads<'a>(
        &'a self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
    ) -> Box<dyn Iterator<Item = Result<Quad, StorageError>> + 'a>;
}

impl QuadSource for Store {
    fn quads<'a>(
        &'a self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
    ) -> Box<dyn Iterator<Item = Result<Quad, StorageError>> + 'a> {
        Box::new(self.quads_for_pattern(subject, predicate, object, None))
    }
}

impl QuadSource for Transaction<'_> {
    fn quads<'a>(
        &'a self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
    ) -> Box<dyn Iterator<Item = Result<Quad, StorageError>> + 'a> {
        Box::new(self.quads_for_pattern(subject, predicate, object, None))
    }
}

/// The property chains the store declares.
pub(super) struct Chains {
    /// (derived property, role1, role2), sorted.
    chains: Vec<(NamedNode, NamedNode, NamedNode)>,
    roles: HashSet<NamedNode>,
}

impl Chains {
    pub(super) fn read(source: &impl QuadSource) -> Result<Self, StorageError> {
        let object = |subject: &NamedOrBlankNode, predicate: NamedNodeRef<'_>| -> Result<Option<Term>, StorageError> {
            Ok(source.quads(Some(subject.as_ref()), Some(predicate), None).next().transpose()?.map(|q| q.object))
        };
        let mut chains = Vec::new();
        for quad in source.quads(None, Some(PROPERTY_CHAIN_AXIOM), None) {
            let quad = quad?;
            let (NamedOrBlankNode::NamedNode(property), Some(list)) = (&quad.subject, as_subject(&quad.object)) else {
                continue;
            };
            let role1 = match object(&list, rdf::FIRST)?.as_ref().and_then(as_subject) {
                Some(first) => object(&first, INVERSE_OF)?,
                None => None,
            };
            let (role2, end) = match object(&list, rdf::REST)?.as_ref().and_then(as_subject) {
                Some(rest) => (object(&rest, rdf::FIRST)?, object(&rest, rdf::REST)?),
                None => (None, None),
            };
            if let (Some(Term::NamedNode(role1)), Some(Term::NamedNode(role2)), Some(Term::NamedNode(end))) =
                (role1, role2, end)
            {
                if end.as_ref() == rdf::NIL {
                    chains.push((property.clone(), role1, role2));
                }
            }
        }
        chains.sort_by(|a, b| {
            (a.0.as_str(), a.1.as_str(), a.2.as_str()).cmp(&(b.0.as_str(), b.1.as_str(), b.2.as_str()))
        });
        chains.dedup();
        let roles = chains.iter().flat_map(|(_, a, b)| [a.clone(), b.clone()]).collect();
        Ok(Chains { chains, roles })
    }

    /// The derived edges of every fact in the source.
    pub(super) fn derive_all(
        &self,
        source: &impl QuadSource,
        graph: NamedNodeRef<'_>,
    ) -> Result<Vec<Quad>, StorageError> {
        let mut players: HashMap<&NamedNode, HashMap<NamedOrBlankNode, Vec<Term>>> = HashMap::new();
        for role in &self.roles {
            let mut by_fact: HashMap<NamedOrBlankNode, Vec<Term>> = HashMap::new();
            for quad in source.quads(None, Some(role.as_ref()), None) {
                let quad = quad?;
                if quad.graph_name.as_ref() != GraphNameRef::NamedNode(META_GRAPH) {
                    by_fact.entry(quad.subject).or_default().push(quad.object);
                }
            }
            players.insert(role, by_fact);
        }
        let mut derived = Vec::new();
        for (property, role1, role2) in &self.chains {
            let (from, to) = (&players[role1], &players[role2]);
            for (fact, xs) in from {
                if let Some(ys) = to.get(fact) {
                    push_pairs(&mut derived, property, xs, ys, graph);
                }
            }
        }
        Ok(derived)
    }

    /// The derived edges of the given facts, reading every role value they have in the source.
    pub(super) fn derive_for<'f>(
        &self,
        source: &impl QuadSource,
        facts: impl IntoIterator<Item = &'f NamedOrBlankNode>,
        graph: NamedNodeRef<'_>,
    ) -> Result<Vec<Quad>, StorageError> {
        let mut derived = Vec::new();
        for fact in facts {
            // One read of everything the fact says, keeping its role values.
            let mut values: HashMap<NamedNode, Vec<Term>> = HashMap::new();
            for quad in source.quads(Some(fact.as_ref()), None, None) {
                let quad = quad?;
                if quad.graph_name.as_ref() == GraphNameRef::NamedNode(META_GRAPH)
                    || !self.roles.contains(&quad.predicate)
                {
                    continue;
                }
                let found = values.entry(quad.predicate).or_default();
                if !found.contains(&quad.object) {
                    found.push(quad.object);
                }
            }
            for (property, role1, role2) in &self.chains {
                if let (Some(xs), Some(ys)) = (values.get(role1), values.get(role2)) {
                    push_pairs(&mut derived, property, xs, ys, graph);
                }
            }
        }
        Ok(derived)
    }
}

/// The fewest facts whose edges a bulk load writes as a batch of their own: every batch adds
/// files to the store, which every later read looks into.
const FACTS_PER_PIECE: usize = 50_000;

/// What a load touches: facts that gained role values (with the values, as the parser hands
/// them over, so that a bulk load derives their edges without reading the store again), and
/// whether it brings property chains.
#[derive(Default)]
pub(super) struct Touched {
    /// Role values the load brings, by fact: (role, value).
    values: foldhash::HashMap<NamedOrBlankNode, Vec<(NamedNode, Term)>>,
    pub(super) chains_changed: bool,
}

impl Touched {
    pub(super) fn observe(&mut self, chains: &Chains, quad: &Quad) {
        if quad.predicate.as_ref() == PROPERTY_CHAIN_AXIOM {
            self.chains_changed = true;
        } else if chains.roles.contains(&quad.predicate) {
            if quad.graph_name.as_ref() == GraphNameRef::NamedNode(META_GRAPH) {
                return;
            }
            let values = self.values.entry(quad.subject.clone()).or_default();
            let value = (quad.predicate.clone(), quad.object.clone());
            if !values.contains(&value) {
                values.push(value);
            }
        }
    }

    /// The facts that gained role values.
    pub(super) fn facts(&self) -> impl Iterator<Item = &NamedOrBlankNode> {
        self.values.keys()
    }

    /// Adds what another part of the same load touched.
    pub(super) fn merge(&mut self, mut other: Touched) {
        self.chains_changed |= other.chains_changed;
        // The smaller table goes into the larger.
        if self.values.len() < other.values.len() {
            std::mem::swap(&mut self.values, &mut other.values);
        }
        for (fact, values) in other.values {
            match self.values.entry(fact) {
                Entry::Vacant(entry) => {
                    entry.insert(values);
                }
                Entry::Occupied(mut entry) => {
                    let known = entry.get_mut();
                    for value in values {
                        if !known.contains(&value) {
                            known.push(value);
                        }
                    }
                }
            }
        }
    }

    /// The derived edges of the touched facts, from the role values the load brought and those
    /// the store held before it (`source` must not see the load yet). The store is read only
    /// for the facts it already knows, found by scanning its role values when there are fewer
    /// of them than touched facts, by looking the facts up one by one otherwise. The edges come
    /// in up to `threads` parts of about equal size (each from at least `FACTS_PER_PIECE`
    /// facts), each worked out on a thread of its own.
    pub(super) fn derive(
        mut self,
        chains: &Chains,
        source: &impl QuadSource,
        graph: NamedNodeRef<'_>,
        threads: usize,
    ) -> Result<Vec<Vec<Quad>>, StorageError> {
        let mut earlier: Vec<(NamedOrBlankNode, NamedNode, Term)> = Vec::new();
        let budget = self.values.len();
        let mut scanned_all = true;
        'roles: for role in &chains.roles {
            for quad in source.quads(None, Some(role.as_ref()), None) {
                let quad = quad?;
                if earlier.len() >= budget {
                    scanned_all = false;
                    break 'roles;
                }
                if quad.graph_name.as_ref() != GraphNameRef::NamedNode(META_GRAPH) {
                    earlier.push((quad.subject, quad.predicate, quad.object));
                }
            }
        }
        if scanned_all {
            for (fact, role, value) in earlier {
                if let Some(values) = self.values.get_mut(&fact) {
                    if !values.iter().any(|(r, v)| *r == role && *v == value) {
                        values.push((role, value));
                    }
                }
            }
        } else {
            for (fact, known) in &mut self.values {
                for quad in source.quads(Some(fact.as_ref()), None, None) {
                    let quad = quad?;
                    if quad.graph_name.as_ref() != GraphNameRef::NamedNode(META_GRAPH)
                        && chains.roles.contains(&quad.predicate)
                        && !known.iter().any(|(r, v)| *r == quad.predicate && *v == quad.object)
                    {
                        known.push((quad.predicate, quad.object));
                    }
                }
            }
        }
        // Each chain under its first role, so that a fact's values meet only the chains they start.
        let mut by_first_role: HashMap<&NamedNode, Vec<(&NamedNode, &NamedNode)>> = HashMap::new();
        for (property, role1, role2) in &chains.chains {
            by_first_role.entry(role1).or_default().push((property, role2));
        }
        let facts: Vec<&Vec<(NamedNode, Term)>> = self.values.values().collect();
        let pieces = threads.min(facts.len() / FACTS_PER_PIECE).max(1);
        let size = facts.len().div_ceil(pieces).max(1);
        Ok(facts
            .par_chunks(size)
            .map(|chunk| {
                let mut derived = Vec::new();
                for values in chunk {
                    for (role1, x) in values.iter() {
                        let Some(subject) = as_subject(x) else { continue };
                        for (property, role2) in by_first_role.get(role1).into_iter().flatten() {
                            for (role, y) in values.iter() {
                                if role == *role2 && x != y {
                                    derived.push(Quad::new(subject.clone(), (*property).clone(), y.clone(), graph));
                                }
                            }
                        }
                    }
                }
                derived
            })
            .collect())
    }
}

fn push_pairs(out: &mut Vec<Quad>, property: &NamedNode, xs: &[Term], ys: &[Term], graph: NamedNodeRef<'_>) {
    for x in xs {
        let Some(subject) = as_subject(x) else { continue };
        for y in ys {
            if x != y {
                out.push(Quad::new(subject.clone(), property.clone(), y.clone(), graph));
            }
        }
    }
}

/// A term that can stand as a subject (or a graph's name): an IRI or a blank node.
pub(super) fn as_subject(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::RdfFormat;
    use oxigraph::model::GraphName;

    #[test]
    fn new_facts_edges_come_in_pieces_that_together_hold_each_edge_once() {
        let store = Store::new().unwrap();
        let ontology = "@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix ex: <http://ex/> .
            ex:suppliesTo owl:propertyChainAxiom ( [ owl:inverseOf ex:supplier ] ex:recipient ) .";
        store.load_from_slice(RdfFormat::Turtle, ontology).unwrap();
        let chains = Chains::read(&store).unwrap();
        let ex = |s: String| NamedNode::new_unchecked(format!("http://ex/{s}"));
        let graph = NamedNodeRef::new_unchecked("http://ex/derived");
        // Enough facts for two pieces; every fact has one supplier and one recipient (and one
        // names the same firm twice, which makes no edge).
        let facts = 2 * FACTS_PER_PIECE;
        let derive = |threads: usize| {
            let mut touched = Touched::default();
            for i in 0..facts {
                let fact = ex(format!("fact{i}"));
                let (supplier, recipient) = (ex(format!("firm{}", i % 997)), ex(format!("firm{}", i % 991)));
                for (role, value) in [("supplier", supplier), ("recipient", recipient)] {
                    let quad = Quad::new(fact.clone(), ex(role.into()), value, GraphName::DefaultGraph);
                    touched.observe(&chains, &quad);
                }
            }
            touched.derive(&chains, &store, graph, threads).unwrap()
        };
        let pieces = derive(2);
        assert_eq!(pieces.len(), 2);
        assert!(pieces.iter().all(|piece| !piece.is_empty()));
        let together: Vec<Quad> = pieces.into_iter().flatten().collect();
        let expected = (0..facts).filter(|i| i % 997 != i % 991).count();
        assert_eq!(together.len(), expected);
        assert!(together.iter().all(|q| q.predicate.as_str() == "http://ex/suppliesTo"));
        // The same edges as one piece on one thread.
        let mut one: Vec<Quad> = derive(1).into_iter().flatten().collect();
        let mut together = together;
        one.sort_by_key(|q| q.to_string());
        together.sort_by_key(|q| q.to_string());
        assert_eq!(one, together);
    }
}
