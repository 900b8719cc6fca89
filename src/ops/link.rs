//! Linking imported entities to the graph's own: the same actor when both name the same
//! Wikidata item, or when their names match once case, accents, punctuation, script
//! (transliteration) and legal-form words are set aside. Links at or above the threshold are
//! written as facts with their reason and score into actorgraph's links graph, so that paths
//! cross them; those below it are candidates for review, never traversed. A reviewer's accepting
//! or rejecting a candidate outlasts every later linking.

use super::names::{legal_forms, NameIndex};
use super::OpsError;
use crate::ftm::ENTITY_NS;
use crate::graph::{NodeId, Projection};
use crate::rdf::vocab::{self, LINKS_GRAPH};
use crate::store::GraphStore;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, NamedNode, Quad, Term};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

const WIKIDATA_ITEMS: &str = include_str!("../sparql/link_wikidata.rq");
const LINK_NS: &str = "https://w3id.org/actorgraph/link/";

/// Where links are drawn and where candidates start.
#[derive(Debug, Clone, Copy)]
pub struct LinkOptions {
    /// Scores at or above this become links that paths cross.
    pub threshold: f64,
    /// Scores at or above this (and below the threshold) are listed for review.
    pub candidates: f64,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions { threshold: 0.95, candidates: 0.85 }
    }
}

/// One end of a link.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LinkEnd {
    /// The node's IRI.
    pub iri: String,
    /// Its name.
    pub label: String,
}

/// What a link or candidate is in the store.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum LinkStatus {
    /// Drawn by the linking, crossed by paths.
    Applied,
    /// Accepted by a reviewer, crossed by paths.
    Accepted,
    /// Listed for review, not crossed.
    Candidate,
    /// Rejected by a reviewer, never proposed again.
    Rejected,
}

/// A link, or a candidate for one.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Link {
    /// Short id to accept or reject it by.
    pub id: String,
    /// The imported entity.
    pub entity: LinkEnd,
    /// The graph's own actor.
    pub actor: LinkEnd,
    /// How closely they match, 0 to 1.
    pub score: f64,
    /// Why they are taken for the same actor.
    pub reason: String,
    /// Whether it is applied, accepted, a candidate or rejected.
    pub status: LinkStatus,
}

/// The outcome of a linking.
#[derive(Debug, Clone, Serialize)]
pub struct LinkReport {
    /// Imported entities compared.
    pub imported: usize,
    /// The graph's own actors they were compared with.
    pub curated: usize,
    /// Every link and candidate, applied and accepted ones first.
    pub links: Vec<Link>,
}

impl LinkReport {
    /// How many links have this status.
    pub fn count(&self, status: LinkStatus) -> usize {
        self.links.iter().filter(|l| l.status == status).count()
    }
}

fn link_id(entity: &str, actor: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{entity}\u{0}{actor}").as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

fn strings(store: &GraphStore, query: &str) -> Result<Vec<(String, String)>, OpsError> {
    let rows = store
        .select(query, &[])
        .map_err(|source| OpsError::Evaluation { source_name: "the linking's own query".into(), source })?;
    let text = |term: Option<&Term>| match term {
        Some(Term::NamedNode(n)) => n.as_str().to_owned(),
        Some(Term::Literal(l)) => l.value().to_owned(),
        _ => String::new(),
    };
    Ok(rows.iter().map(|row| (text(row.get("subject")), text(row.get("item")))).collect())
}

/// The links and candidates a reviewer decided on, kept across linkings.
fn reviewed(store: &GraphStore) -> Result<Vec<Link>, OpsError> {
    Ok(list(store)?.into_iter().filter(|l| matches!(l.status, LinkStatus::Accepted | LinkStatus::Rejected)).collect())
}

/// Compares every imported actor with the graph's own and scores the pairs worth a look.
pub fn compute(store: &GraphStore, projection: &Projection, options: LinkOptions) -> Result<LinkReport, OpsError> {
    let actor = projection.class_by_iri(&vocab::ag("Actor"));
    let person = projection.class_by_iri(&vocab::ag("Person"));
    let is_actor = |n: NodeId| actor.is_some_and(|a| projection.node(n).classes.contains(&a));
    let is_person = |n: NodeId| person.is_some_and(|p| projection.node(n).classes.contains(&p));
    let (mut imported, mut curated) = (Vec::new(), Vec::new());
    for node in projection.node_ids() {
        if projection.node(node).fact.is_some() || !is_actor(node) {
            continue;
        }
        if projection.node(node).iri.starts_with(ENTITY_NS) {
            imported.push(node);
        } else {
            curated.push(node);
        }
    }
    let index = NameIndex::new(projection, curated.clone(), legal_forms(store)?);
    // Wikidata items on both sides, as Q-numbers.
    let (mut wikidata_of_imported, mut curated_by_wikidata) = (HashMap::new(), HashMap::new());
    for (iri, item) in strings(store, WIKIDATA_ITEMS)? {
        let item = vocab::local_name(&item).to_owned();
        if iri.starts_with(ENTITY_NS) {
            wikidata_of_imported.insert(iri, item);
        } else if let Some(i) = curated.iter().position(|n| projection.node(*n).iri == iri) {
            curated_by_wikidata.insert(item, i);
        }
    }
    let decided = reviewed(store)?;
    let mut best: BTreeMap<(String, String), Link> = BTreeMap::new();
    for &entity in &imported {
        let entity_node = projection.node(entity);
        let mut scored: Vec<(usize, f64, String)> = Vec::new();
        if let Some(i) = wikidata_of_imported.get(&entity_node.iri).and_then(|q| curated_by_wikidata.get(q)) {
            let item = &wikidata_of_imported[&entity_node.iri];
            scored.push((*i, 1.0, format!("both name Wikidata item {item}")));
        }
        for found in index.matches(&index.keys_of(projection, entity), options.candidates) {
            if is_person(entity) != is_person(found.node) {
                continue;
            }
            let how = if found.exact {
                "match once case, accents, script, punctuation and legal forms are set aside"
            } else {
                "are alike"
            };
            let i = curated.iter().position(|n| *n == found.node).expect("indexed nodes are curated");
            scored.push((i, found.score, format!("names '{}' and '{}' {how}", found.name, found.matched)));
        }
        for (i, score, reason) in scored {
            let actor = projection.node(curated[i]);
            let pair = (entity_node.iri.clone(), actor.iri.clone());
            let status = if score >= options.threshold { LinkStatus::Applied } else { LinkStatus::Candidate };
            let link = Link {
                id: link_id(&pair.0, &pair.1),
                entity: LinkEnd { iri: pair.0.clone(), label: entity_node.label.clone() },
                actor: LinkEnd { iri: pair.1.clone(), label: actor.label.clone() },
                score: (score * 1000.0).round() / 1000.0,
                reason,
                status,
            };
            if best.get(&pair).is_none_or(|b| b.score < link.score) {
                best.insert(pair, link);
            }
        }
    }
    // A reviewer's decision stands.
    for link in decided {
        best.insert((link.entity.iri.clone(), link.actor.iri.clone()), link);
    }
    let mut links: Vec<Link> = best.into_values().collect();
    links.sort_by(|a, b| (a.status, &a.entity.label, &a.actor.label).cmp(&(b.status, &b.entity.label, &b.actor.label)));
    Ok(LinkReport { imported: imported.len(), curated: curated.len(), links })
}

fn ag(local: &str) -> NamedNode {
    NamedNode::new_unchecked(vocab::ag(local))
}

/// The links graph's content for these links.
fn quads(links: &[Link]) -> Vec<Quad> {
    let mut out = Vec::new();
    let graph = LINKS_GRAPH;
    for link in links {
        let node = NamedNode::new_unchecked(format!("{LINK_NS}{}", link.id));
        let entity = NamedNode::new_unchecked(link.entity.iri.clone());
        let actor = NamedNode::new_unchecked(link.actor.iri.clone());
        let mut add = |p: NamedNode, o: Term| out.push(Quad::new(node.clone(), p, o, graph));
        let (class, from, to) = match link.status {
            LinkStatus::Applied | LinkStatus::Accepted => ("SameActorLink", "linkedEntity", "linkedActor"),
            LinkStatus::Candidate => ("LinkCandidate", "candidateEntity", "candidateActor"),
            LinkStatus::Rejected => ("RejectedLink", "candidateEntity", "candidateActor"),
        };
        add(rdf::TYPE.into(), ag(class).into());
        add(ag(from), entity.into());
        add(ag(to), actor.into());
        add(ag("linkScore"), Literal::new_typed_literal(format!("{:.3}", link.score), xsd::DECIMAL).into());
        add(ag("linkReason"), Literal::new_simple_literal(&link.reason).into());
        if link.status == LinkStatus::Accepted || link.status == LinkStatus::Rejected {
            add(ag("reviewed"), Literal::from(true).into());
        }
        if matches!(link.status, LinkStatus::Applied | LinkStatus::Accepted) {
            let record = NamedNode::new_unchecked(format!("{}#evidence", node.as_str()));
            add(ag("evidence"), record.clone().into());
            out.push(Quad::new(record.clone(), ag("source"), ag("Linking"), graph));
            let level = if link.status == LinkStatus::Accepted { "Reported" } else { "Assessed" };
            out.push(Quad::new(record, ag("confidence"), ag(level), graph));
        }
    }
    out
}

/// Writes the links into the store, replacing the previous linking's.
pub fn apply(store: &mut GraphStore, report: &LinkReport) -> Result<(), crate::store::StoreError> {
    store.replace_managed_graph(LINKS_GRAPH, &quads(&report.links))
}

/// The links and candidates in the store.
pub fn list(store: &GraphStore) -> Result<Vec<Link>, OpsError> {
    let query = include_str!("../sparql/links.rq");
    let rows = store
        .select(query, &[])
        .map_err(|source| OpsError::Evaluation { source_name: "the links query".into(), source })?;
    let text = |row: &oxigraph::sparql::QuerySolution, v: &str| match row.get(v) {
        Some(Term::NamedNode(n)) => n.as_str().to_owned(),
        Some(Term::Literal(l)) => l.value().to_owned(),
        _ => String::new(),
    };
    let mut links = Vec::new();
    for row in &rows {
        let status = match (vocab::local_name(&text(row, "class")), text(row, "reviewed").as_str()) {
            ("SameActorLink", "true") => LinkStatus::Accepted,
            ("SameActorLink", _) => LinkStatus::Applied,
            ("RejectedLink", _) => LinkStatus::Rejected,
            _ => LinkStatus::Candidate,
        };
        links.push(Link {
            id: vocab::local_name(&text(row, "link")).to_owned(),
            entity: LinkEnd { iri: text(row, "entity"), label: text(row, "entityLabel") },
            actor: LinkEnd { iri: text(row, "actor"), label: text(row, "actorLabel") },
            score: text(row, "score").parse().unwrap_or(0.0),
            reason: text(row, "reason"),
            status,
        });
    }
    links.sort_by(|a, b| (a.status, &a.entity.label, &a.actor.label).cmp(&(b.status, &b.entity.label, &b.actor.label)));
    Ok(links)
}

/// A reviewer's decision on a candidate (or a link): accepted links are crossed by paths,
/// rejected ones never proposed again.
pub fn decide(store: &mut GraphStore, id: &str, accept: bool) -> Result<Link, LinkDecisionError> {
    let mut links = list(store)?;
    let Some(link) = links.iter_mut().find(|l| l.id == id) else {
        return Err(LinkDecisionError::Unknown(id.to_owned()));
    };
    link.status = if accept { LinkStatus::Accepted } else { LinkStatus::Rejected };
    let decided = link.clone();
    store.replace_managed_graph(LINKS_GRAPH, &quads(&links))?;
    Ok(decided)
}

/// Why a decision on a link could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum LinkDecisionError {
    /// No link or candidate has this id.
    #[error("no link or candidate has the id '{0}'; `actorgraph links` lists them")]
    Unknown(String),
    /// The links could not be read.
    #[error(transparent)]
    Ops(#[from] OpsError),
    /// The links could not be written.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}
