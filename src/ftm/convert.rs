//! One FollowTheMoney entity (a JSON object, as OpenSanctions publishes them one per line) into
//! RDF in FtM's own vocabulary: its schema as class, every property by its FtM IRI with values
//! typed by the property's kind, its caption as label, and one evidence record per dataset that
//! asserts it (dataset, source URL, first and last seen, the dataset's confidence level).

use super::model::{FtmModel, ValueKind};
use super::rules::DatasetRules;
use crate::rdf::vocab;
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

/// Namespace of imported entities: `<ENTITY_NS><id>`.
pub const ENTITY_NS: &str = "https://w3id.org/actorgraph/ftm/entity/";
/// Namespace of the datasets imported entities come from.
pub const DATASET_NS: &str = "https://w3id.org/actorgraph/ftm/dataset/";

/// An entity as FtM's JSON form has it.
#[derive(Debug, Deserialize)]
pub(super) struct Entity {
    id: String,
    schema: String,
    #[serde(default)]
    caption: Option<String>,
    #[serde(default)]
    properties: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    datasets: Vec<String>,
    #[serde(default)]
    referents: Vec<String>,
    #[serde(default)]
    first_seen: Option<String>,
    #[serde(default)]
    last_seen: Option<String>,
    #[serde(default)]
    target: Option<bool>,
}

/// What can be wrong with one entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Problem {
    /// The line is not an FtM entity: the message says why.
    Invalid(String),
}

/// What an entity that still imports gets wrong, counted for the import's warnings; each holds
/// `Schema:property`.
pub(super) enum Warning {
    /// A property the schema does not have; its values are skipped.
    UnknownProperty(String),
    /// A value of a date property that is no date; it is kept as text.
    NotADate(String),
    /// A property FtM requires of the schema is missing.
    MissingRequired(String),
}

/// The IRI of an imported entity.
pub fn entity_iri(id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ENTITY_NS}{}", escape(id)))
}

/// The IRI of a dataset.
pub fn dataset_iri(name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{DATASET_NS}{}", escape(name)))
}

/// The id of an imported entity, from its IRI.
pub fn entity_id(iri: &str) -> Option<String> {
    unescape(iri.strip_prefix(ENTITY_NS)?)
}

/// The name of a dataset, from its IRI.
pub fn dataset_name(iri: &str) -> Option<String> {
    unescape(iri.strip_prefix(DATASET_NS)?)
}

/// Undoes [`escape`].
fn unescape(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(first);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

/// Percent-encodes what an IRI path segment cannot hold.
fn escape(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~') {
            out.push(c);
        } else {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

/// Turns entities into quads of one graph, remembering the datasets it has described.
pub(super) struct Converter<'a> {
    model: &'a FtmModel,
    rules: &'a DatasetRules,
    graph: GraphName,
    datasets_described: HashSet<String>,
}

impl<'a> Converter<'a> {
    pub(super) fn new(model: &'a FtmModel, rules: &'a DatasetRules, graph: NamedNode) -> Self {
        Converter { model, rules, graph: graph.into(), datasets_described: HashSet::new() }
    }

    /// The quads of one JSON line, and the properties it names that its schema lacks.
    pub(super) fn convert(&mut self, line: &str) -> Result<Converted, Problem> {
        if line.starts_with('[') {
            return Err(Problem::Invalid(
                "a JSON array; FtM files hold one JSON object per line (JSON lines, as OpenSanctions publishes them)"
                    .into(),
            ));
        }
        let entity: Entity = serde_json::from_str(line).map_err(|e| Problem::Invalid(json_message(&e)))?;
        if entity.id.trim().is_empty() {
            return Err(Problem::Invalid("the entity has an empty \"id\"".into()));
        }
        let schema = self
            .model
            .schema(&entity.schema)
            .ok_or_else(|| Problem::Invalid(format!("unknown FtM schema '{}'", entity.schema)))?;
        if schema.is_abstract {
            return Err(Problem::Invalid(format!("schema '{}' is abstract: no entity can have it", entity.schema)));
        }
        let subject = entity_iri(&entity.id);
        let mut quads = Vec::new();
        let mut problems = Vec::new();
        let add = |quads: &mut Vec<Quad>, predicate: NamedNode, object: Term| {
            quads.push(Quad::new(subject.clone(), predicate, object, self.graph.clone()));
        };
        add(&mut quads, rdf::TYPE.into(), schema.iri.clone().into());
        add(&mut quads, vocab::FTM_ID.into_owned(), Literal::new_simple_literal(&entity.id).into());
        if let Some(caption) = entity.caption.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            if caption != schema.label {
                add(&mut quads, rdfs::LABEL.into(), Literal::new_simple_literal(caption).into());
            }
        }
        if entity.target == Some(true) {
            add(&mut quads, vocab::FTM_TARGET.into_owned(), Literal::from(true).into());
        }
        for referent in &entity.referents {
            add(&mut quads, vocab::FTM_REFERENT.into_owned(), Literal::new_simple_literal(referent).into());
        }
        let mut source_urls = Vec::new();
        for (name, values) in &entity.properties {
            let Some(property) = self.model.property(&entity.schema, name) else {
                problems.push(Warning::UnknownProperty(format!("{}:{name}", entity.schema)));
                continue;
            };
            if name == "sourceUrl" {
                source_urls.extend(values.iter().cloned());
            }
            for value in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
                let object: Term = match property.kind {
                    ValueKind::Entity => entity_iri(value).into(),
                    ValueKind::Date => {
                        let date = date_literal(value);
                        if date.datatype() == xsd::STRING {
                            problems.push(Warning::NotADate(format!("{}:{name}", entity.schema)));
                        }
                        date.into()
                    }
                    ValueKind::Number => number_literal(value).into(),
                    ValueKind::Url => Literal::new_typed_literal(value, xsd::ANY_URI).into(),
                    ValueKind::Text => Literal::new_simple_literal(value).into(),
                };
                add(&mut quads, property.iri.clone(), object);
            }
        }
        for required in self.model.required_of(&entity.schema) {
            let given = entity.properties.get(required).is_some_and(|v| v.iter().any(|v| !v.trim().is_empty()));
            if !given {
                problems.push(Warning::MissingRequired(format!("{}:{required}", entity.schema)));
            }
        }
        // One evidence record per dataset; its IRI is the entity's and the dataset's, so that
        // importing the same file again gives the very same triples.
        let mut datasets = entity.datasets.clone();
        datasets.sort();
        datasets.dedup();
        for dataset in &datasets {
            let record = NamedNode::new_unchecked(format!("{}#evidence-{}", subject.as_str(), escape(dataset)));
            add(&mut quads, vocab::EVIDENCE.into(), record.clone().into());
            let mut on_record = |predicate: NamedNode, object: Term| {
                quads.push(Quad::new(record.clone(), predicate, object, self.graph.clone()));
            };
            on_record(vocab::SOURCE.into_owned(), dataset_iri(dataset).into());
            on_record(vocab::CONFIDENCE.into_owned(), self.rules.level_of(dataset).into());
            // The same record whatever order the file lists the URLs in.
            if let Some(url) = source_urls.iter().min() {
                on_record(vocab::SOURCE_URL.into_owned(), Literal::new_typed_literal(url, xsd::ANY_URI).into());
            }
            if let Some(first) = &entity.first_seen {
                on_record(vocab::FIRST_SEEN.into_owned(), date_literal(first).into());
            }
            if let Some(last) = &entity.last_seen {
                on_record(vocab::LAST_SEEN.into_owned(), date_literal(last).into());
            }
            if self.datasets_described.insert(dataset.clone()) {
                let node = dataset_iri(dataset);
                quads.push(Quad::new(node.clone(), rdf::TYPE, vocab::DATASET, self.graph.clone()));
                quads.push(Quad::new(node, rdfs::LABEL, Literal::new_simple_literal(dataset), self.graph.clone()));
            }
        }
        Ok(Converted { schema: entity.schema, quads, problems })
    }
}

/// One entity as quads.
pub(super) struct Converted {
    /// The entity's schema.
    pub(super) schema: String,
    /// Its statements.
    pub(super) quads: Vec<Quad>,
    /// What it gets wrong without failing the import.
    pub(super) problems: Vec<Warning>,
}

/// A date at the precision given: `xsd:gYear`, `xsd:gYearMonth`, `xsd:date` or
/// `xsd:dateTime`; anything else stays text.
fn date_literal(value: &str) -> Literal {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let parts: Vec<&str> = value.split('-').collect();
    let datatype = match (value.len(), parts.as_slice()) {
        (4, [y]) if digits(y) => Some(xsd::G_YEAR),
        (7, [y, m]) if digits(y) && digits(m) => Some(xsd::G_YEAR_MONTH),
        (10, [y, m, d]) if digits(y) && digits(m) && digits(d) => Some(xsd::DATE),
        _ if value.len() > 10 && value.as_bytes().get(10) == Some(&b'T') => Some(xsd::DATE_TIME),
        _ => None,
    };
    match datatype {
        Some(datatype) => {
            let literal = Literal::new_typed_literal(value, datatype);
            // A value that only looks like a date (month 13) stays text rather than an invalid date.
            if crate::rdf::dates::parse_day_range(&value[..value.len().min(10)]).is_ok() || datatype == xsd::G_YEAR {
                literal
            } else {
                Literal::new_simple_literal(value)
            }
        }
        None => Literal::new_simple_literal(value),
    }
}

/// A number as `xsd:decimal` when it reads as one; text otherwise (FtM data is not always typed).
fn number_literal(value: &str) -> Literal {
    let plain = value.trim();
    let is_decimal = {
        let digits = plain.strip_prefix(['-', '+']).unwrap_or(plain);
        let mut parts = digits.splitn(2, '.');
        let whole = parts.next().unwrap_or("");
        let fraction = parts.next();
        !whole.is_empty()
            && whole.chars().all(|c| c.is_ascii_digit())
            && fraction.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
    };
    if is_decimal {
        Literal::new_typed_literal(plain, xsd::DECIMAL)
    } else {
        Literal::new_simple_literal(value)
    }
}

/// serde's message without its own position (the import names file and line itself).
fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_back_from_their_iris() {
        for id in ["NK-2Tbri3s6GgNtAwsSXh4qpL", "ru-a92/85 ü?#%", "Норинко"] {
            assert_eq!(entity_id(entity_iri(id).as_str()).as_deref(), Some(id));
            assert_eq!(dataset_name(dataset_iri(id).as_str()).as_deref(), Some(id));
        }
        assert_eq!(entity_id("https://w3id.org/actorgraph/data/China"), None);
    }

    #[test]
    fn dates_keep_their_precision_and_numbers_their_text_when_not_numbers() {
        assert_eq!(date_literal("2023").datatype(), xsd::G_YEAR);
        assert_eq!(date_literal("2023-02").datatype(), xsd::G_YEAR_MONTH);
        assert_eq!(date_literal("2023-02-24").datatype(), xsd::DATE);
        assert_eq!(date_literal("2023-04-20T18:00:25").datatype(), xsd::DATE_TIME);
        assert_eq!(date_literal("2023-13-01").datatype(), xsd::STRING);
        assert_eq!(date_literal("soon").datatype(), xsd::STRING);
        assert_eq!(number_literal("6401.77").datatype(), xsd::DECIMAL);
        assert_eq!(number_literal("Три роки").datatype(), xsd::STRING);
        assert_eq!(escape("NK-a b/ü"), "NK-a%20b%2F%C3%BC");
    }
}
