//! Facts and their evidence, from what the builder gathered: every claim's values, its evidence
//! records with their sources, its wording (summary and qualifiers), validity, share, and the
//! edges it stands for. The work per claim runs on every core; what makes nodes and ids is done
//! in the claims' IRI order afterwards, so the projection is the same whatever the threads did.

use super::gather::{Gathered, Statement, Strings};
use super::{Builder, EvidenceRecord, FastMap, DOCUMENTS, UNITS};
use crate::graph::wording::{amount, qualifiers, wording, FactValues, Wording};
use crate::graph::{
    Amount, ClassId, Edge, Evidence, Fact, FactId, FamilyId, NodeId, ProjectionError, RelationId, RelationKind,
};
use crate::rdf::dates::Validity;
use crate::rdf::vocab;
use crate::store::{key_in, Source};
use rayon::prelude::*;
use std::collections::HashMap;

/// What a fact's values say beyond its summary and edges.
struct Particulars {
    validity: Validity,
    share: Option<f64>,
    qualifiers: Vec<String>,
    amount: Amount,
}

impl Builder {
    pub(super) fn read_facts<S: Source + ?Sized>(&mut self, store: &S) -> Result<(), ProjectionError> {
        for row in store.select(UNITS, &[])? {
            if let (Some(unit), Some(symbol)) = (key_in(&row, "unit"), key_in(&row, "symbol")) {
                self.symbols.insert(unit, symbol);
            }
        }
        // Claims are the nodes whose class is (under) ag:Claim, taken in the order of their IRIs
        // so that ids and ties come out the same every run.
        let claim = self.class_by_iri.get(vocab::CLAIM.as_str()).copied();
        let mut claims: Vec<String> = self
            .projection
            .nodes
            .iter()
            .filter(|n| claim.is_some_and(|c| n.classes.contains(&c)))
            .map(|n| n.iri.clone())
            .collect();
        claims.par_sort_unstable();
        let Gathered { evidence: links, mut statements, predicates, strings, .. } = std::mem::take(&mut self.gathered);
        // Each claim's number among the strings read (none when nothing was read about it), and
        // from it the claim's position.
        let claim_ids: Vec<Option<u32>> = claims.iter().map(|c| strings.find(c)).collect();
        let position: FastMap<u32, usize> =
            claim_ids.iter().enumerate().filter_map(|(i, id)| Some(((*id)?, i))).collect();
        // Evidence records, with the claims (their positions) that hold them.
        let mut holders: FastMap<u32, Vec<usize>> = FastMap::default();
        for (owner, record) in links {
            if let Some(&claim) = position.get(&owner) {
                holders.entry(record).or_default().push(claim);
            }
        }
        drop(position);
        // A value in another vocabulary counts as the actorgraph value it stands for (an FtM
        // start date as ag:startDate); a role keeps its own property.
        let value_property: Vec<(String, Option<String>)> = predicates
            .iter()
            .map(|p| {
                let actorgraph = self.value_of_property.get(p).filter(|a| a.starts_with(vocab::AG)).cloned();
                (p.clone(), actorgraph)
            })
            .collect();
        // Each claim's statements become its values, each record's its particulars, on every core.
        let claim_statements: Vec<Vec<Statement>> =
            claim_ids.into_iter().map(|id| id.and_then(|id| statements.remove(&id)).unwrap_or_default()).collect();
        let record_statements: Vec<(u32, Vec<Statement>)> =
            statements.into_iter().filter(|(subject, _)| holders.contains_key(subject)).collect();
        let (value_property, strings) = (&value_property, &strings);
        let values: Vec<FactValues<'_>> = claim_statements
            .into_par_iter()
            .map(|statements| fact_values(statements, value_property, strings))
            .collect();
        let mut records: Vec<(u32, EvidenceRecord<'_>)> = record_statements
            .into_par_iter()
            .map(|(record, statements)| (record, evidence_record(statements, value_property, strings)))
            .collect();
        records.par_sort_unstable_by(|a, b| strings.get(a.0).cmp(strings.get(b.0)));
        let mut documents: HashMap<String, (String, String)> = HashMap::new();
        for row in store.select(DOCUMENTS, &[])? {
            if let Some(source) = key_in(&row, "source") {
                let title = key_in(&row, "title").unwrap_or_else(|| source.clone());
                documents.insert(source, (title, key_in(&row, "file").unwrap_or_default()));
            }
        }
        let this = &*self;
        let items: Vec<(u32, Option<Evidence>)> = records
            .into_par_iter()
            .map(|(record, particulars)| (record, this.evidence(particulars, &documents)))
            .collect();
        // Each claim's evidence, in the order of the records' keys, each item once.
        // Each list made as long as its claim's records: a list grown by pushing holds room for
        // four, and an evidence item is 232 bytes (150 MB unused at a million edges).
        let mut held = vec![0usize; claims.len()];
        for &claim in holders.values().flatten() {
            held[claim] += 1;
        }
        let mut evidence: Vec<Vec<Evidence>> = held.into_iter().map(Vec::with_capacity).collect();
        for (record, item) in items {
            let Some(item) = item else { continue };
            // Moved into the last claim that holds it, cloned for the others (most records have one).
            let Some((&last, others)) = holders.get(&record).and_then(|claims| claims.split_last()) else { continue };
            for &claim in others {
                if !evidence[claim].contains(&item) {
                    evidence[claim].push(item.clone());
                }
            }
            if !evidence[last].contains(&item) {
                evidence[last].push(item);
            }
        }
        drop(holders);
        evidence.par_iter_mut().for_each(|records| {
            records.sort_by(|a, b| (b.rank, &a.source, a.lines).cmp(&(a.rank, &b.source, b.lines)))
        });
        // First make every claim a node, so that facts about facts can name each other.
        let mut facts: Vec<(NodeId, FactId, &FactValues<'_>)> = Vec::with_capacity(values.len());
        self.projection.facts.reserve_exact(values.len());
        for ((iri, records), fact_values) in claims.iter().zip(evidence).zip(&values) {
            let node = self.node_id(iri);
            let id = FactId::from_index(self.projection.facts.len());
            self.projection.nodes[node.index()].fact = Some(id);
            let class = self.projection.nodes[node.index()].class;
            let family = class.and_then(|c| self.closest_family(c));
            let best_rank = records.iter().map(|e| e.rank).max().unwrap_or(0);
            self.projection.facts.push(Fact {
                node,
                class,
                family,
                summary: String::new(),
                wording: Wording::default(),
                qualifiers: Vec::new(),
                validity: Validity::default(),
                amount: Amount::default(),
                evidence: records,
                best_rank,
                share: None,
            });
            facts.push((node, id, fact_values));
        }
        self.summarise_all(&facts);
        // Dates, share, qualifiers, amount and the edges each fact stands for, on every core; then
        // the edges are put in place one fact after another, a value no node stands for yet
        // becoming a node when its turn comes.
        let this = &*self;
        let planned: Vec<(Particulars, Vec<PlannedEdge>)> = facts
            .par_iter()
            .map(|(node, _, fact_values)| (this.particulars(*node, fact_values), this.plan_edges(*node, fact_values)))
            .collect();
        // The values are read: freed before the edges take their room (on every core: millions
        // of small allocations). The planned edges borrow only the strings read.
        let ids: Vec<FactId> = facts.iter().map(|(_, id, _)| *id).collect();
        drop(facts);
        values.into_par_iter().for_each(drop);
        self.projection.edges.reserve_exact(planned.iter().map(|(_, edges)| edges.len()).sum());
        for (fact, (particulars, edges)) in ids.into_iter().zip(planned) {
            let entry = &mut self.projection.facts[fact.index()];
            entry.validity = particulars.validity;
            entry.share = particulars.share;
            entry.qualifiers = particulars.qualifiers;
            entry.amount = particulars.amount;
            for (relation, from, to) in edges {
                let from = self.end(from);
                let to = self.end(to);
                self.projection.edges.push(Edge { from, to, relation, facts: vec![fact] });
            }
        }
        // Freeing millions of small strings is work too: on every core.
        claims.into_par_iter().for_each(drop);
        Ok(())
    }

    /// One evidence record as the projection keeps it; `None` without a source.
    fn evidence(&self, record: EvidenceRecord<'_>, documents: &HashMap<String, (String, String)>) -> Option<Evidence> {
        let source = record.source?;
        let lines = record.start.map(|start| [start, record.end.unwrap_or(start)]);
        let (confidence, rank) = record.confidence.and_then(|c| self.levels.get(c).cloned()).unwrap_or_default();
        let (title, file) = documents.get(source).cloned().unwrap_or_else(|| (source.to_owned(), String::new()));
        let mut cited: Vec<String> = record
            .cited
            .iter()
            .map(|c| match self.projection.node_index.get(*c) {
                Some(id) if !self.projection.nodes[id.index()].label.is_empty() => {
                    self.projection.nodes[id.index()].label.clone()
                }
                _ => vocab::local_name(c).to_owned(),
            })
            .collect();
        cited.sort();
        cited.dedup();
        Some(Evidence {
            title,
            file,
            source: source.to_owned(),
            lines,
            url: record.url.map(str::to_owned),
            first_seen: record.first_seen.map(str::to_owned),
            last_seen: record.last_seen.map(str::to_owned),
            confidence,
            rank,
            hedge: record.hedge.map(str::to_owned),
            cited,
        })
    }

    /// A fact's dates, share, qualifiers and amount, from its values.
    fn particulars(&self, node: NodeId, fact_values: &FactValues<'_>) -> Particulars {
        let first =
            |p: oxigraph::model::NamedNodeRef<'_>| fact_values.get(p.as_str()).and_then(|v| v.first()).map(|(s, _)| *s);
        // A listing date starts a designation when no start date is given.
        let listed = fact_values.get(vocab::ag("listingDate").as_str()).and_then(|v| v.first()).map(|(s, _)| *s);
        // Facts that last until lifted (designations) hold from their date on.
        let lasting = self.projection.nodes[node.index()]
            .class
            .is_some_and(|c| self.projection.class(c).ancestors.iter().any(|a| self.lasting.contains(a)));
        let (date, start) = match lasting {
            true => (None, first(vocab::START_DATE).or(listed).or(first(vocab::DATE))),
            false => (first(vocab::DATE), first(vocab::START_DATE).or(listed)),
        };
        let symbol = |unit: &str| self.symbols.get(unit).cloned().unwrap_or_else(|| vocab::local_name(unit).to_owned());
        Particulars {
            validity: Validity::from_dates(date, start, first(vocab::END_DATE)),
            share: fact_values
                .get(vocab::ag("share").as_str())
                .and_then(|v| v.first())
                .and_then(|(s, _)| s.trim().trim_end_matches('%').trim().parse().ok()),
            qualifiers: qualifiers(fact_values, symbol),
            amount: amount(fact_values, symbol),
        }
    }

    /// Every fact's summary. Facts naming other facts use their summaries, so two passes in IRI
    /// order settle them, each fact seeing the labels as the passes left them when its turn came.
    /// A fact naming no fact reads only labels no pass changes: it is worded once, on every core,
    /// and its wording put in place when its turn comes in the first pass.
    fn summarise_all(&mut self, facts: &[(NodeId, FactId, &FactValues<'_>)]) {
        let this = &*self;
        let names_a_fact: Vec<bool> = facts
            .par_iter()
            .map(|(_, _, fact_values)| {
                fact_values.values().flatten().any(|(value, literal)| {
                    !literal
                        && this
                            .projection
                            .node_index
                            .get(*value)
                            .is_some_and(|n| this.projection.nodes[n.index()].fact.is_some())
                })
            })
            .collect();
        let mut worded: Vec<Option<(Wording, String)>> = facts
            .par_iter()
            .zip(&names_a_fact)
            .map(|((_, fact, fact_values), names_a_fact)| (!names_a_fact).then(|| this.summary(*fact, fact_values)))
            .collect();
        for pass in 0..2 {
            for (i, (node, fact, fact_values)) in facts.iter().enumerate() {
                let (told, summary) = match (names_a_fact[i], pass) {
                    (false, 0) => worded[i].take().expect("worded above"),
                    (false, _) => continue,
                    (true, _) => self.summary(*fact, fact_values),
                };
                self.projection.facts[fact.index()].summary = summary.clone();
                self.projection.facts[fact.index()].wording = told;
                self.projection.nodes[node.index()].label = summary;
            }
        }
    }

    /// A fact's wording and the summary it tells.
    fn summary(&self, fact: FactId, values: &FactValues<'_>) -> (Wording, String) {
        let told = self.summarise(fact, values);
        let summary = told.tell(None);
        (told, summary)
    }

    fn closest_family(&self, class: ClassId) -> Option<FamilyId> {
        // The most specific class with a family wins: more ancestors = more specific.
        self.projection.classes[class.index()]
            .ancestors
            .iter()
            .filter_map(|c| self.class_family.get(c).map(|f| (self.projection.classes[c.index()].ancestors.len(), *f)))
            .max_by_key(|(depth, _)| *depth)
            .map(|(_, family)| family)
    }

    fn value_label(&self, value: &str, literal: bool) -> String {
        if literal {
            return value.to_owned();
        }
        match self.projection.node_index.get(value) {
            Some(id) if !self.projection.nodes[id.index()].label.is_empty() => {
                self.projection.nodes[id.index()].label.clone()
            }
            _ => vocab::compact_iri(value).unwrap_or_else(|| vocab::local_name(value).to_owned()),
        }
    }

    fn summarise(&self, fact: FactId, values: &FactValues<'_>) -> Wording {
        let class = self.projection.fact(fact).class;
        // The fact's own class's template first, then the closest ancestor's.
        let own = class.and_then(|c| self.templates.get(&c).cloned());
        let template = own.or_else(|| {
            class.and_then(|c| {
                self.projection
                    .class(c)
                    .ancestors
                    .iter()
                    .filter_map(|a| self.templates.get(a).map(|t| (self.projection.class(*a).ancestors.len(), t)))
                    .max_by_key(|(depth, _)| *depth)
                    .map(|(_, t)| t.clone())
            })
        });
        let node_of =
            |value: &str, literal: bool| if literal { None } else { self.projection.node_index.get(value).copied() };
        match template {
            Some((template, plural)) => wording(
                &template,
                plural.as_deref(),
                values,
                |value, literal| self.value_label(value, literal),
                node_of,
            ),
            None => {
                let node = &self.projection.node(self.projection.fact(fact).node).iri;
                let text = format!("{} {}", self.projection.class_label(class), vocab::local_name(node));
                Wording { template: text.trim().to_owned(), plural: None, slots: Vec::new() }
            }
        }
    }

    /// The edges a fact stands for: each chain's pairs of values (a fact's participants linked
    /// directly), then the fact to each value of its roles.
    fn plan_edges<'v>(&self, node: NodeId, values: &FactValues<'v>) -> Vec<PlannedEdge<'v>> {
        let resources =
            |property: &str| values.get(property).into_iter().flatten().filter(|(_, l)| !l).map(|(v, _)| *v);
        let known = |iri: &'v str| match self.projection.node_index.get(iri) {
            Some(id) => End::Node(*id),
            None => End::New(iri),
        };
        let mut edges = Vec::new();
        for (relation, role1, role2) in &self.chains {
            for x in resources(role1) {
                for y in resources(role2) {
                    if x != y {
                        edges.push((*relation, known(x), known(y)));
                    }
                }
            }
        }
        for (property, vs) in values {
            let Some(relation) = self.relation_by_iri.get(*property).copied() else { continue };
            if self.projection.relations[relation.index()].kind != RelationKind::Role {
                continue;
            }
            for (value, literal) in vs {
                if !literal {
                    edges.push((relation, End::Node(node), known(value)));
                }
            }
        }
        edges
    }

    /// A planned edge's end as a node, made now if the value was no node when planned.
    fn end(&mut self, end: End<'_>) -> NodeId {
        match end {
            End::Node(id) => id,
            End::New(iri) => self.node_id(iri),
        }
    }
}

/// An edge a fact stands for: its relation and ends, before values that are no node yet become
/// nodes.
type PlannedEdge<'v> = (RelationId, End<'v>, End<'v>);

/// One end of a planned edge.
#[derive(Clone, Copy)]
enum End<'v> {
    Node(NodeId),
    New(&'v str),
}

/// A claim's statements as its values: property IRI -> values in the order read, each once.
fn fact_values<'s>(
    statements: Vec<Statement>,
    value_property: &'s [(String, Option<String>)],
    strings: &'s Strings,
) -> FactValues<'s> {
    let mut fact_values = FactValues::new();
    for (predicate, value, literal) in statements {
        let (own, actorgraph) = &value_property[predicate as usize];
        let property = match actorgraph {
            Some(actorgraph) if literal => actorgraph,
            _ => own,
        };
        let value = strings.get(value);
        let entry = fact_values.entry(property.as_str()).or_default();
        if !entry.iter().any(|(v, l)| *v == value && *l == literal) {
            entry.push((value, literal));
        }
    }
    fact_values
}

/// An evidence record's statements as its particulars.
fn evidence_record<'s>(
    statements: Vec<Statement>,
    value_property: &[(String, Option<String>)],
    strings: &'s Strings,
) -> EvidenceRecord<'s> {
    let mut record = EvidenceRecord::default();
    for (predicate, value, _) in statements {
        let value = strings.get(value);
        match value_property[predicate as usize].0.strip_prefix(vocab::AG) {
            Some("source") => record.source = Some(value),
            Some("lineStart") => record.start = value.parse().ok(),
            Some("lineEnd") => record.end = value.parse().ok(),
            Some("confidence") => record.confidence = Some(value),
            Some("hedge") => record.hedge = Some(value),
            Some("citedSource") => record.cited.push(value),
            Some("sourceUrl") => record.url = Some(value),
            Some("firstSeen") => record.first_seen = Some(value),
            Some("lastSeen") => record.last_seen = Some(value),
            _ => {}
        }
    }
    record
}
