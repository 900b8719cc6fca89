//! The FollowTheMoney model as the bundled ontology describes it (`ontology/ftm/model.ttl`,
//! generated from FtM's schema files): schemata with their ordered parents, and properties
//! resolved the way FtM resolves them: a schema's own first, then each parent's in order, the
//! first one found winning.

use super::FtmError;
use crate::store::{text_in, GraphStore};
use oxigraph::model::NamedNode;
use std::collections::{BTreeMap, HashMap};

const PROPERTIES: &str = include_str!("../sparql/ftm_model.rq");
const SCHEMATA: &str = include_str!("../sparql/ftm_schemata.rq");
const REQUIRED: &str = include_str!("../sparql/ftm_required.rq");

/// What kind of values an FtM property holds, as far as the import cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Another entity, by id.
    Entity,
    /// A date or date-time, at any precision FtM allows (a year, a month, a day, a time).
    Date,
    /// A number (kept as text when it does not read as one).
    Number,
    /// A web address.
    Url,
    /// Anything else: names, identifiers, countries, free text.
    Text,
}

impl ValueKind {
    fn from_ftm(kind: &str) -> Self {
        match kind {
            "entity" => ValueKind::Entity,
            "date" => ValueKind::Date,
            "number" => ValueKind::Number,
            "url" => ValueKind::Url,
            _ => ValueKind::Text,
        }
    }
}

/// A property as an FtM schema has it.
#[derive(Debug, Clone)]
pub struct Property {
    /// Its IRI, named after the schema that declares it (`...#Ownership:owner`).
    pub iri: NamedNode,
    /// Its name (`owner`).
    pub name: String,
    /// The kind of values it holds.
    pub kind: ValueKind,
}

/// An FtM schema.
#[derive(Debug, Clone)]
pub struct Schema {
    /// The schema's name (`Company`).
    pub name: String,
    /// Its class IRI (`ftm:Company`).
    pub iri: NamedNode,
    /// Its label (`Company`), which FtM uses as the caption of entities without a better one.
    pub label: String,
    /// Abstract schemata have no entities of their own.
    pub is_abstract: bool,
    parents: Vec<String>,
    own: HashMap<String, Property>,
    required: Vec<String>,
}

/// The FtM model: every schema, and every property by (schema, name).
#[derive(Debug, Clone)]
pub struct FtmModel {
    schemata: HashMap<String, Schema>,
    resolved: HashMap<String, HashMap<String, Property>>,
    by_iri: HashMap<String, Property>,
    by_class: HashMap<String, String>,
}

impl FtmModel {
    /// Reads the model from the store's bundled ontology.
    pub fn read(store: &GraphStore) -> Result<Self, FtmError> {
        let mut by_iri: HashMap<String, String> = HashMap::new();
        let mut schemata: HashMap<String, Schema> = HashMap::new();
        let mut parents: HashMap<String, BTreeMap<u32, String>> = HashMap::new();
        for row in store.select(SCHEMATA, &[])? {
            let (Some(iri), Some(name)) = (text_in(&row, "schema"), text_in(&row, "name")) else { continue };
            by_iri.insert(iri.clone(), name.clone());
            let entry = schemata.entry(name.clone()).or_insert_with(|| Schema {
                name: name.clone(),
                iri: NamedNode::new_unchecked(iri),
                label: text_in(&row, "label").unwrap_or_else(|| name.clone()),
                is_abstract: text_in(&row, "abstract").as_deref() == Some("true"),
                parents: Vec::new(),
                own: HashMap::new(),
                required: Vec::new(),
            });
            entry.is_abstract |= text_in(&row, "abstract").as_deref() == Some("true");
            if let (Some(parent), Some(position)) =
                (text_in(&row, "parent"), text_in(&row, "position").and_then(|p| p.parse().ok()))
            {
                parents.entry(name).or_default().insert(position, parent);
            }
        }
        for (name, ordered) in parents {
            let list: Vec<String> = ordered.into_values().filter_map(|iri| by_iri.get(&iri).cloned()).collect();
            if let Some(schema) = schemata.get_mut(&name) {
                schema.parents = list;
            }
        }
        for row in store.select(PROPERTIES, &[])? {
            let (Some(iri), Some(schema), Some(name), Some(kind)) =
                (text_in(&row, "property"), text_in(&row, "schema"), text_in(&row, "name"), text_in(&row, "type"))
            else {
                continue;
            };
            let Some(schema) = by_iri.get(&schema).and_then(|s| schemata.get_mut(s)) else { continue };
            let property =
                Property { iri: NamedNode::new_unchecked(iri), name: name.clone(), kind: ValueKind::from_ftm(&kind) };
            schema.own.insert(name, property);
        }
        for row in store.select(REQUIRED, &[])? {
            let (Some(schema), Some(name)) = (text_in(&row, "schema"), text_in(&row, "name")) else { continue };
            if let Some(schema) = by_iri.get(&schema).and_then(|s| schemata.get_mut(s)) {
                schema.required.push(name);
            }
        }
        if schemata.is_empty() {
            return Err(FtmError::NoModel);
        }
        let mut resolved = HashMap::new();
        for name in schemata.keys() {
            let mut properties = HashMap::new();
            collect(&schemata, name, &mut properties, &mut Vec::new());
            resolved.insert(name.clone(), properties);
        }
        let by_iri =
            schemata.values().flat_map(|s| s.own.values()).map(|p| (p.iri.as_str().to_owned(), p.clone())).collect();
        let by_class = schemata.values().map(|s| (s.iri.as_str().to_owned(), s.name.clone())).collect();
        Ok(FtmModel { schemata, resolved, by_iri, by_class })
    }

    /// The schema whose class has this IRI.
    pub fn schema_by_iri(&self, iri: &str) -> Option<&Schema> {
        self.schemata.get(self.by_class.get(iri)?)
    }

    /// The property with this IRI, whichever schema declares it.
    pub fn property_by_iri(&self, iri: &str) -> Option<&Property> {
        self.by_iri.get(iri)
    }

    /// Whether `schema` is `other` or extends it, through any parent.
    pub fn is_a(&self, schema: &str, other: &str) -> bool {
        let mut stack = vec![schema];
        let mut seen = Vec::new();
        while let Some(name) = stack.pop() {
            if name == other {
                return true;
            }
            if seen.contains(&name) {
                continue;
            }
            seen.push(name);
            stack.extend(self.schemata.get(name).into_iter().flat_map(|s| s.parents.iter().map(String::as_str)));
        }
        false
    }

    /// The properties an entity of `schema` must have when someone makes one (FtM lets bulk data
    /// through without them, and does not pass them on to schemata that extend it).
    pub fn required(&self, schema: &str) -> &[String] {
        self.schemata.get(schema).map_or(&[], |s| s.required.as_slice())
    }

    /// The properties FtM requires of an entity of `schema`: its own and its ancestors'.
    pub fn required_of(&self, schema: &str) -> Vec<&String> {
        let mut required: Vec<&String> = self
            .schemata
            .iter()
            .filter(|(name, _)| self.is_a(schema, name))
            .flat_map(|(_, s)| s.required.iter())
            .collect();
        required.sort();
        required.dedup();
        required
    }

    /// The schema of this name.
    pub fn schema(&self, name: &str) -> Option<&Schema> {
        self.schemata.get(name)
    }

    /// The property `name` of entities of `schema`, inherited ones included.
    pub fn property(&self, schema: &str, name: &str) -> Option<&Property> {
        self.resolved.get(schema)?.get(name)
    }

    /// How many schemata the model has.
    pub fn len(&self) -> usize {
        self.schemata.len()
    }

    /// Whether the model has no schemata.
    pub fn is_empty(&self) -> bool {
        self.schemata.is_empty()
    }
}

/// A schema's own properties, then each parent's in order (recursively), the first kept.
fn collect(
    schemata: &HashMap<String, Schema>,
    name: &str,
    into: &mut HashMap<String, Property>,
    visiting: &mut Vec<String>,
) {
    if visiting.iter().any(|v| v == name) {
        return;
    }
    let Some(schema) = schemata.get(name) else { return };
    visiting.push(name.to_owned());
    for (property, definition) in &schema.own {
        into.entry(property.clone()).or_insert_with(|| definition.clone());
    }
    for parent in &schema.parents {
        collect(schemata, parent, into, visiting);
    }
    visiting.pop();
}
