//! The graph as FollowTheMoney entities: imported FtM entities written back as they came (schema,
//! properties, datasets, first and last seen), actorgraph's own entities and facts under the FtM
//! schema and properties the ontology's alignment gives them, what FtM has no schema for left
//! out and counted, entities made here that lack a property their schema requires left out and
//! counted.

use super::convert::{dataset_name, entity_id, ENTITY_NS};
use super::model::{FtmModel, ValueKind};
use super::FtmError;
use crate::rdf::vocab;
use crate::store::{term_text, text_in, GraphStore};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{NamedNode, Term};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

const CLASS_SCHEMATA: &str = include_str!("../sparql/ftm_export_classes.rq");
const PROPERTY_MAP: &str = include_str!("../sparql/ftm_export_properties.rq");
const SUBJECT: &str = include_str!("../sparql/ftm_export_subject.rq");
const GRAPH: &str = include_str!("../sparql/ftm_export_graph.rq");

/// The dataset name actorgraph's own entities are published under.
pub const OWN_DATASET: &str = "actorgraph";

/// One FtM entity, as FtM's JSON lines have it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FtmEntity {
    /// Its id: the imported id, or `agd-China` for actorgraph's own `agd:China`.
    pub id: String,
    /// Its FtM schema.
    pub schema: String,
    /// Its caption, when it has a label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Property values by property name, each list sorted.
    pub properties: BTreeMap<String, Vec<String>>,
    /// The datasets that publish it.
    pub datasets: Vec<String>,
    /// The ids it was merged from.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub referents: Vec<String>,
    /// When a dataset first published it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    /// When a dataset last published it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    /// FtM's flag for targets of sanctions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<bool>,
}

/// What an export wrote and what it left out.
#[derive(Debug, Clone, Default)]
pub struct FtmExport {
    /// The entities, ordered by id.
    pub entities: Vec<FtmEntity>,
    /// Entities and facts FtM has no schema for, counted by class (its local name).
    pub no_schema: BTreeMap<String, usize>,
    /// Entities left out for lack of a property their schema requires, by `Schema:property`.
    pub incomplete: BTreeMap<String, usize>,
}

/// What to export.
#[derive(Debug, Clone)]
pub enum ExportScope {
    /// Everything one import graph holds, as it holds it.
    Graph(NamedNode),
    /// These nodes (IRIs), and the entities their facts name.
    Nodes(Vec<String>),
}

/// The alignment the export writes by, read from the ontology.
struct Alignment {
    /// A class IRI to the FtM schemata it reaches.
    class_schemata: HashMap<String, Vec<String>>,
    /// An actorgraph property IRI to the FtM property IRIs it reaches.
    properties: HashMap<String, Vec<String>>,
}

impl Alignment {
    fn read(store: &GraphStore, model: &FtmModel) -> Result<Self, FtmError> {
        let mut class_schemata: HashMap<String, Vec<String>> = HashMap::new();
        for row in store.select(CLASS_SCHEMATA, &[])? {
            let (Some(class), Some(schema)) = (text_in(&row, "class"), text_in(&row, "schema")) else { continue };
            if let Some(schema) = model.schema_by_iri(&schema) {
                class_schemata.entry(class).or_default().push(schema.name.clone());
            }
        }
        let mut properties: HashMap<String, Vec<String>> = HashMap::new();
        for row in store.select(PROPERTY_MAP, &[])? {
            if let (Some(property), Some(ftm)) = (text_in(&row, "property"), text_in(&row, "ftm")) {
                properties.entry(property).or_default().push(ftm);
            }
        }
        Ok(Alignment { class_schemata, properties })
    }
}

/// The statements about each subject, as (predicate, object).
type Statements = HashMap<String, Vec<(String, Term)>>;

fn statements_of(store: &GraphStore, subject: &str) -> Result<Vec<(String, Term)>, FtmError> {
    let node = NamedNode::new_unchecked(subject);
    let mut out = Vec::new();
    for row in store.select(SUBJECT, &[("subject", node.into())])? {
        if let (Some(Term::NamedNode(p)), Some(o)) = (row.get("predicate"), row.get("object")) {
            out.push((p.as_str().to_owned(), o.clone()));
        }
    }
    Ok(out)
}

/// The id an exported entity has: an imported one keeps its own, actorgraph's own are named
/// after their prefixed name (`agd:China` is `agd-China`).
pub fn export_id(iri: &str) -> String {
    if let Some(id) = entity_id(iri) {
        return id;
    }
    match vocab::compact_iri(iri) {
        Some(compact) => compact.replace(':', "-"),
        None => {
            use sha2::{Digest, Sha256};
            let digest = Sha256::digest(iri.as_bytes());
            format!("ag-{}", digest.iter().take(10).map(|b| format!("{b:02x}")).collect::<String>())
        }
    }
}

/// The most specific of several schemata: one no other extends, concrete before abstract,
/// deeper before shallower, then by name.
fn most_specific(model: &FtmModel, candidates: &BTreeSet<String>) -> Option<String> {
    let depth = |name: &str| candidates.iter().filter(|c| model.is_a(name, c)).count();
    candidates
        .iter()
        .filter(|c| !candidates.iter().any(|d| d != *c && model.is_a(d, c)))
        .max_by(|a, b| {
            let concrete = |n: &str| model.schema(n).is_some_and(|s| !s.is_abstract);
            (concrete(a), depth(a)).cmp(&(concrete(b), depth(b))).then_with(|| b.cmp(a))
        })
        .cloned()
}

/// Writes entities as FtM, following the alignment.
struct Exporter<'a> {
    store: &'a GraphStore,
    model: &'a FtmModel,
    alignment: Alignment,
    statements: Statements,
    result: FtmExport,
}

impl Exporter<'_> {
    /// The statements about `subject`, from the graph read or from the store.
    fn about(&mut self, subject: &str) -> Result<Vec<(String, Term)>, FtmError> {
        if let Some(found) = self.statements.get(subject) {
            return Ok(found.clone());
        }
        let found = statements_of(self.store, subject)?;
        self.statements.insert(subject.to_owned(), found.clone());
        Ok(found)
    }

    /// A referenced node's label, for FtM properties that hold text (a sanction's authority).
    fn label_of(&mut self, iri: &str) -> Result<String, FtmError> {
        let label =
            self.about(iri)?.into_iter().find(|(p, _)| p == rdfs::LABEL.as_str()).and_then(|(_, o)| term_text(&o));
        Ok(label.unwrap_or_else(|| vocab::local_name(iri).to_owned()))
    }

    /// The entity for `subject`, and the entities its values name; None when left out.
    fn entity(&mut self, subject: &str, named: &mut Vec<String>) -> Result<Option<FtmEntity>, FtmError> {
        let statements = self.about(subject)?;
        let types: Vec<String> =
            statements.iter().filter(|(p, _)| p == rdf::TYPE.as_str()).filter_map(|(_, o)| term_text(o)).collect();
        let imported: BTreeSet<String> =
            types.iter().filter_map(|t| self.model.schema_by_iri(t)).map(|s| s.name.clone()).collect();
        let entity = if imported.is_empty() {
            let reached: BTreeSet<String> = types
                .iter()
                .flat_map(|t| self.alignment.class_schemata.get(t).into_iter().flatten())
                .cloned()
                .collect();
            match most_specific(self.model, &reached) {
                Some(schema) => self.own_entity(subject, schema, &statements, named)?,
                None => {
                    if let Some(class) = types.iter().find(|t| t.starts_with(vocab::AG)) {
                        *self.result.no_schema.entry(vocab::local_name(class).to_owned()).or_default() += 1;
                    }
                    return Ok(None);
                }
            }
        } else {
            let Some(schema) = most_specific(self.model, &imported) else { return Ok(None) };
            self.imported_entity(subject, schema, &statements, named)?
        };
        // Imported entities go back as they came; the ones the export makes must be complete.
        if imported.is_empty() {
            for required in self.model.required(&entity.schema) {
                if entity.properties.get(required).is_none_or(Vec::is_empty) {
                    *self.result.incomplete.entry(format!("{}:{required}", entity.schema)).or_default() += 1;
                    return Ok(None);
                }
            }
        }
        Ok(Some(entity))
    }

    /// An imported entity, as it came: its FtM properties, datasets and dates.
    fn imported_entity(
        &mut self,
        subject: &str,
        schema: String,
        statements: &[(String, Term)],
        named: &mut Vec<String>,
    ) -> Result<FtmEntity, FtmError> {
        let mut entity = FtmEntity {
            id: export_id(subject),
            schema,
            caption: None,
            properties: BTreeMap::new(),
            datasets: Vec::new(),
            referents: Vec::new(),
            first_seen: None,
            last_seen: None,
            target: None,
        };
        let mut datasets = BTreeSet::new();
        for (predicate, object) in statements {
            let value = term_text(object);
            match predicate.as_str() {
                p if p == vocab::FTM_ID.as_str() => entity.id = value.unwrap_or_default(),
                p if p == rdfs::LABEL.as_str() => entity.caption = value,
                p if p == vocab::FTM_TARGET.as_str() => entity.target = Some(value.as_deref() == Some("true")),
                p if p == vocab::FTM_REFERENT.as_str() => entity.referents.extend(value),
                p if p == vocab::EVIDENCE.as_str() => {
                    let Some(record) = value else { continue };
                    for (p, o) in self.about(&record)? {
                        let v = term_text(&o);
                        match p.as_str() {
                            p if p == vocab::SOURCE.as_str() => datasets.extend(v.as_deref().and_then(dataset_name)),
                            p if p == vocab::FIRST_SEEN.as_str() => entity.first_seen = v,
                            p if p == vocab::LAST_SEEN.as_str() => entity.last_seen = v,
                            _ => {}
                        }
                    }
                }
                p => {
                    let Some(property) = self.model.property_by_iri(p) else { continue };
                    let Some(value) = value else { continue };
                    let value = match property.kind {
                        ValueKind::Entity => {
                            let id = export_id(&value);
                            named.push(value);
                            id
                        }
                        _ => value,
                    };
                    entity.properties.entry(property.name.clone()).or_default().push(value);
                }
            }
        }
        entity.datasets = datasets.into_iter().collect();
        entity.referents.sort();
        entity.referents.dedup();
        for values in entity.properties.values_mut() {
            values.sort();
            values.dedup();
        }
        Ok(entity)
    }

    /// One of actorgraph's own entities or facts, under the schema its classes reach.
    fn own_entity(
        &mut self,
        subject: &str,
        schema: String,
        statements: &[(String, Term)],
        named: &mut Vec<String>,
    ) -> Result<FtmEntity, FtmError> {
        let wikidata = vocab::ag("wikidata");
        let mut properties: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut caption = None;
        for (predicate, object) in statements {
            if predicate == rdfs::LABEL.as_str() {
                caption = term_text(object);
            }
            let Some(targets) = self.alignment.properties.get(predicate).cloned() else { continue };
            for target in targets {
                let Some(property) = self.model.property_by_iri(&target).cloned() else { continue };
                // Only properties the schema has, as FtM resolves them.
                if self.model.property(&schema, &property.name).is_none_or(|p| p.iri != property.iri) {
                    continue;
                }
                let value = match (object, property.kind) {
                    (Term::NamedNode(node), ValueKind::Entity) => {
                        named.push(node.as_str().to_owned());
                        export_id(node.as_str())
                    }
                    (Term::NamedNode(node), _) if *predicate == wikidata => vocab::local_name(node.as_str()).to_owned(),
                    (Term::NamedNode(node), _) => self.label_of(node.as_str())?,
                    (Term::Literal(_), ValueKind::Entity) => continue,
                    (Term::Literal(literal), _) => literal.value().to_owned(),
                    _ => continue,
                };
                properties.entry(property.name.clone()).or_default().insert(value);
            }
        }
        Ok(FtmEntity {
            id: export_id(subject),
            schema,
            caption,
            properties: properties.into_iter().map(|(k, v)| (k, v.into_iter().collect())).collect(),
            datasets: vec![OWN_DATASET.to_owned()],
            referents: Vec::new(),
            first_seen: None,
            last_seen: None,
            target: None,
        })
    }
}

/// The entities of `scope` as FtM.
pub fn export(store: &GraphStore, model: &FtmModel, scope: &ExportScope) -> Result<FtmExport, FtmError> {
    let alignment = Alignment::read(store, model)?;
    let mut exporter = Exporter { store, model, alignment, statements: HashMap::new(), result: FtmExport::default() };
    let mut queue: VecDeque<String> = VecDeque::new();
    let follow_names = match scope {
        ExportScope::Graph(graph) => {
            for row in store.select(GRAPH, &[("graph", graph.clone().into())])? {
                let (Some(Term::NamedNode(s)), Some(Term::NamedNode(p)), Some(o)) =
                    (row.get("subject"), row.get("predicate"), row.get("object"))
                else {
                    continue;
                };
                exporter.statements.entry(s.as_str().to_owned()).or_default().push((p.as_str().to_owned(), o.clone()));
            }
            let mut subjects: Vec<String> =
                exporter.statements.keys().filter(|s| s.starts_with(ENTITY_NS) && !s.contains('#')).cloned().collect();
            subjects.sort();
            queue.extend(subjects);
            false
        }
        ExportScope::Nodes(nodes) => {
            queue.extend(nodes.iter().cloned());
            true
        }
    };
    let mut done = BTreeSet::new();
    let mut entities = BTreeMap::new();
    while let Some(subject) = queue.pop_front() {
        if !done.insert(subject.clone()) {
            continue;
        }
        let mut named = Vec::new();
        if let Some(entity) = exporter.entity(&subject, &mut named)? {
            entities.insert(entity.id.clone(), entity);
        }
        if follow_names {
            queue.extend(named);
        }
    }
    exporter.result.entities = entities.into_values().collect();
    Ok(exporter.result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Access, Location};

    #[test]
    fn the_most_specific_schema_wins_and_ids_are_stable() {
        let store = GraphStore::open(Location::Memory, Access::Read).unwrap();
        let model = FtmModel::read(&store).unwrap();
        let set = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<BTreeSet<_>>();
        assert_eq!(
            most_specific(&model, &set(&["LegalEntity", "Organization", "Company"])).as_deref(),
            Some("Company")
        );
        assert_eq!(most_specific(&model, &set(&["Thing", "LegalEntity"])).as_deref(), Some("LegalEntity"));
        assert_eq!(export_id("https://w3id.org/actorgraph/data/China"), "agd-China");
        assert_eq!(export_id("https://w3id.org/actorgraph/ftm/entity/NK-abc"), "NK-abc");
        assert!(export_id("http://example.org/x y").starts_with("ag-"));
    }
}
