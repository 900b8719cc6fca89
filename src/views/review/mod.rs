//! Review of the data against the user's own copies of the documents it cites: each fact (and
//! each described entity) in words beside the lines its evidence cites, with confidence and
//! hedge, and the checks `review --check` runs (figures and dates found in the cited lines,
//! hedged lines not graded documented, line spans inside the document, evidence present).
//!
//! The documents' text is never part of actorgraph: it is read from the directory the user
//! names, by the file names the data gives (`ag:fileName`).

mod check;
pub mod figures;

use crate::graph::resolve::{resolve_class, ResolveError};
use crate::graph::{Projection, ProjectionError};
use crate::rdf::names::normalise_name;
use crate::rdf::vocab;
use crate::store::{key_in, GraphStore, QueryError};
use check::{Documents, Hedges};
use oxigraph::model::Term;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

pub use check::FindingKind;

const VALUES: &str = include_str!("../../sparql/review_values.rq");
const EVIDENCE: &str = include_str!("../../sparql/review_evidence.rq");
const HEDGES: &str = include_str!("../../sparql/review_hedges.rq");

/// The `schema` value of a review: names the JSON layout and its version.
pub const REVIEW_SCHEMA: &str = "actorgraph.review/1";

/// Why a review could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The path graph (wording, classes) could not be built.
    #[error(transparent)]
    Projection(#[from] ProjectionError),
    /// A query over the store failed.
    #[error("cannot read the facts and their evidence")]
    Query(#[from] QueryError),
    /// `--class` names no class.
    #[error(transparent)]
    Class(#[from] ResolveError),
    /// The sources directory cannot be read.
    #[error("cannot read the sources directory {path}")]
    Sources {
        /// The directory given.
        path: PathBuf,
        /// Why it cannot be read.
        source: std::io::Error,
    },
    /// `--confidence` names no confidence level.
    #[error("'{given}' is not a confidence level; the ontology declares: {known}")]
    Confidence {
        /// The level given.
        given: String,
        /// The levels the ontology declares.
        known: String,
    },
    /// `--fact` names an IRI the graph has no fact or entity for.
    #[error("no fact or entity is <{iri}>; give its IRI as `actorgraph query` shows it, or words of its wording")]
    UnknownItem {
        /// The IRI given.
        iri: String,
    },
}

/// What to review, and where the documents are.
#[derive(Debug, Clone, Default)]
pub struct ReviewRequest {
    /// The directory holding the user's copies of the cited documents.
    pub sources: PathBuf,
    /// Only facts citing this file (its name, or the source document's IRI).
    pub file: Option<String>,
    /// Only this fact (an IRI or prefixed name), or facts whose wording or IRI contains this text.
    pub fact: Option<String>,
    /// Only facts and entities of this class (or its subclasses).
    pub class: Option<String>,
    /// Only facts with evidence at this confidence level.
    pub confidence: Option<String>,
    /// Only facts the checks flag.
    pub flagged_only: bool,
}

/// Whether an item is a fact (a claim) or a described entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A claim: a relation, statement, assessment or motive.
    Fact,
    /// An entity the documents describe: an actor, good, place, event...
    Entity,
}

/// One stated value of a fact: the property's name and the value in words.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StatedValue {
    /// The property's label (its local name without one).
    pub property: String,
    /// The value: a literal's text, or a resource's label.
    pub value: String,
}

/// One line of a document copy.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Line {
    /// Line number, 1-based.
    pub number: u32,
    /// The line's text, as the copy has it.
    pub text: String,
}

/// One evidence record with the lines it cites, read from the user's copy.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Passage {
    /// IRI of the source document (empty when the record names none).
    pub source: String,
    /// Title of the source document.
    pub title: String,
    /// File name of the source document (empty when the data gives none).
    pub file: String,
    /// First and last cited line (0 when the record gives none).
    pub lines: [u32; 2],
    /// Key of the record's confidence level ("" when none is given).
    pub confidence: String,
    /// The hedge word the record keeps, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hedge: Option<String>,
    /// Who the source credits, by label.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cited: Vec<String>,
    /// The cited lines as the copy has them (those that exist).
    pub text: Vec<Line>,
}

impl Passage {
    /// "002_c95ef05383f2dd26.txt:8" or ":8-9".
    pub fn location(&self) -> String {
        let file = if self.file.is_empty() { vocab::display_iri(&self.source) } else { self.file.clone() };
        if self.lines[0] == self.lines[1] {
            format!("{file}:{}", self.lines[0])
        } else {
            format!("{file}:{}-{}", self.lines[0], self.lines[1])
        }
    }
}

/// Something the checks flag on an item.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The cited file the finding is about, when there is one.
    pub file: Option<String>,
    /// The cited line (the first of the span) the finding is about, when there is one.
    pub line: Option<u32>,
    /// The fact or entity flagged.
    pub node: String,
    /// What kind of problem it is.
    pub kind: FindingKind,
    /// What is wrong, in words.
    pub message: String,
}

/// A fact or entity with its wording, stated values, evidence passages and findings.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReviewItem {
    /// IRI of the fact or entity.
    pub iri: String,
    /// Fact or entity.
    pub kind: ItemKind,
    /// Label of its most specific class.
    pub class: String,
    /// The fact in one line (its summary), or the entity's name.
    pub wording: String,
    /// Amount, value, period and role, as short phrases.
    pub qualifiers: Vec<String>,
    /// Everything the data states about it, property by property.
    pub values: Vec<StatedValue>,
    /// Key of its strongest evidence's confidence level.
    pub confidence: Option<String>,
    /// Its evidence, with the cited lines.
    pub passages: Vec<Passage>,
    /// What the checks flag on it.
    pub findings: Vec<Finding>,
}

/// A document copy the review read (or looked for).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentCopy {
    /// File name, as the data gives it.
    pub file: String,
    /// Number of lines of the copy (None when it was not found or not read).
    pub lines: Option<usize>,
}

/// The review: items in document order, with the findings of the checks.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Review {
    /// Always `actorgraph.review/1`.
    pub schema: &'static str,
    /// The sources directory read.
    pub sources: String,
    /// The document copies the evidence cites.
    pub documents: Vec<DocumentCopy>,
    /// How many facts and entities passed the filters and were checked.
    pub checked: usize,
    /// The items shown: all that passed the filters, or only flagged ones.
    pub items: Vec<ReviewItem>,
    /// Findings, across the checked items, sorted by file and line.
    pub findings: Vec<Finding>,
}

/// One value as the query gives it: literal text and datatype, or a resource and its label.
#[derive(Debug, Clone)]
pub(crate) struct RawValue {
    pub(crate) property: String,
    pub(crate) property_label: Option<String>,
    pub(crate) text: String,
    /// The datatype IRI of a literal; None for a resource.
    pub(crate) datatype: Option<String>,
    pub(crate) resource_label: Option<String>,
}

/// One evidence record as the query gives it.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawEvidence {
    pub(crate) source: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) file: Option<String>,
    pub(crate) line_count: Option<u64>,
    /// The source is a dataset (an FtM import), cited as a whole, not by lines.
    pub(crate) dataset: bool,
    pub(crate) start: Option<i64>,
    pub(crate) end: Option<i64>,
    pub(crate) level: Option<String>,
    pub(crate) hedge: Option<String>,
    pub(crate) cited: Vec<String>,
}

/// Reviews the facts and entities `request` selects against the copies in `request.sources`.
pub fn review(store: &GraphStore, projection: &Projection, request: &ReviewRequest) -> Result<Review, ReviewError> {
    let metadata = std::fs::metadata(&request.sources)
        .map_err(|source| ReviewError::Sources { path: request.sources.clone(), source })?;
    if !metadata.is_dir() {
        let source = std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a directory");
        return Err(ReviewError::Sources { path: request.sources.clone(), source });
    }
    let class = request.class.as_deref().map(|c| resolve_class(projection, c)).transpose()?;
    if let Some(level) = &request.confidence {
        if projection.confidence_rank(level).is_none() {
            let known = projection.confidence_levels.iter().rev().map(|l| l.key.as_str()).collect::<Vec<_>>();
            return Err(ReviewError::Confidence { given: level.clone(), known: known.join(", ") });
        }
    }
    let values = read_values(store)?;
    let evidence = read_evidence(store)?;
    let hedges = read_hedges(store)?;
    let mut documents = Documents::new(&request.sources);

    let fact_filter = request.fact.as_deref().map(|f| FactFilter::new(f.trim()));
    if let Some(iri) = fact_filter.as_ref().and_then(|f| f.iri.as_deref()) {
        if projection.node_by_iri(iri).is_none() {
            return Err(ReviewError::UnknownItem { iri: iri.to_owned() });
        }
    }
    let mut items = Vec::new();
    let mut checked = 0;
    let mut findings = Vec::new();
    for id in projection.node_ids() {
        let node = projection.node(id);
        let kind = if node.fact.is_some() {
            ItemKind::Fact
        } else if node.classes.iter().any(|c| projection.class(*c).iri == vocab::ENTITY.as_str()) {
            ItemKind::Entity
        } else {
            continue;
        };
        if class.is_some_and(|c| !node.classes.contains(&c)) {
            continue;
        }
        let records = evidence.get(&node.iri).map(Vec::as_slice).unwrap_or_default();
        if let Some(file) = &request.file {
            let cites = |r: &RawEvidence| {
                r.file.as_deref() == Some(file.as_str()) || r.source.as_deref() == Some(file.as_str())
            };
            if !records.iter().any(cites) {
                continue;
            }
        }
        if let Some(level) = &request.confidence {
            if !records.iter().any(|r| r.level.as_deref().is_some_and(|l| l.eq_ignore_ascii_case(level))) {
                continue;
            }
        }
        let raw_values = values.get(&node.iri).map(Vec::as_slice).unwrap_or_default();
        let (wording, qualifiers) = match node.fact {
            Some(fact) => (told(projection, fact, raw_values), projection.fact(fact).qualifiers.clone()),
            None => (node.label.clone(), Vec::new()),
        };
        if let Some(filter) = &fact_filter {
            if !filter.matches(&node.iri, &wording) {
                continue;
            }
        }
        checked += 1;
        let passages: Vec<Passage> = records.iter().map(|r| passage(r, &mut documents)).collect();
        let mut item_findings =
            check::check_item(&node.iri, kind, raw_values, records, &passages, &mut documents, &hedges);
        if let Some(file) = &request.file {
            item_findings.retain(|f| f.file.as_ref().is_none_or(|f| f == file));
        }
        findings.extend(item_findings.iter().cloned());
        if request.flagged_only && item_findings.is_empty() {
            continue;
        }
        let mut shown = passages;
        if let Some(file) = &request.file {
            shown.retain(|p| &p.file == file || &p.source == file);
        }
        items.push(ReviewItem {
            iri: node.iri.clone(),
            kind,
            class: projection.class_label(node.class).to_owned(),
            wording,
            qualifiers,
            values: stated_values(projection, raw_values),
            confidence: best_level(projection, records),
            passages: shown,
            findings: item_findings,
        });
    }
    findings.extend(
        documents
            .findings()
            .into_iter()
            .filter(|f| request.file.as_ref().is_none_or(|file| f.file.as_ref() == Some(file))),
    );
    findings.sort();
    findings.dedup();
    // Document order: by the first passage's file and line; items without evidence first.
    items.sort_by(|a, b| {
        let key = |i: &ReviewItem| i.passages.first().map(|p| (p.file.clone(), p.lines[0])).unwrap_or_default();
        key(a).cmp(&key(b)).then_with(|| a.iri.cmp(&b.iri))
    });
    Ok(Review {
        schema: REVIEW_SCHEMA,
        sources: request.sources.display().to_string(),
        documents: documents.copies(),
        checked,
        items,
        findings,
    })
}

/// A fact in words: its summary template filled in, or for a claim without a template (a motive,
/// an assessment) what it says (`ag:summary`).
fn told(projection: &Projection, fact: crate::graph::FactId, values: &[RawValue]) -> String {
    let fact = projection.fact(fact);
    if fact.wording.slots.is_empty() {
        let summary = vocab::ag("summary");
        if let Some(said) = values.iter().find(|v| v.property == summary && v.datatype.is_some()) {
            return said.text.trim_end_matches(['.', ' ']).to_owned();
        }
    }
    fact.summary.clone()
}

/// `--fact`: an IRI or prefixed name, else text the wording or IRI contains.
struct FactFilter {
    iri: Option<String>,
    words: String,
}

impl FactFilter {
    fn new(input: &str) -> Self {
        let inner = input.strip_prefix('<').and_then(|s| s.strip_suffix('>')).unwrap_or(input);
        let iri = vocab::expand_prefixed(inner).or_else(|| inner.contains("://").then(|| inner.to_owned()));
        FactFilter { iri, words: normalise_name(input) }
    }

    fn matches(&self, iri: &str, wording: &str) -> bool {
        match &self.iri {
            Some(wanted) => wanted == iri,
            None => {
                // Every word given, in the wording or the IRI's local name, in any order.
                let (wording, local) = (normalise_name(wording), normalise_name(vocab::local_name(iri)));
                !self.words.is_empty()
                    && self.words.split_whitespace().all(|word| wording.contains(word) || local.contains(word))
            }
        }
    }
}

fn best_level(projection: &Projection, records: &[RawEvidence]) -> Option<String> {
    records
        .iter()
        .filter_map(|r| r.level.as_deref())
        .max_by_key(|l| projection.confidence_rank(l).unwrap_or(0))
        .map(str::to_owned)
}

fn stated_values(projection: &Projection, values: &[RawValue]) -> Vec<StatedValue> {
    let mut out: Vec<StatedValue> = values
        .iter()
        .map(|v| {
            let property = v.property_label.clone().unwrap_or_else(|| vocab::local_name(&v.property).to_owned());
            let value = match &v.datatype {
                Some(_) => v.text.clone(),
                None => projection
                    .node_by_iri(&v.text)
                    .map(|id| projection.node(id).label.clone())
                    .or_else(|| v.resource_label.clone())
                    .unwrap_or_else(|| vocab::display_iri(&v.text)),
            };
            StatedValue { property, value }
        })
        .collect();
    out.sort_by(|a, b| (&a.property, &a.value).cmp(&(&b.property, &b.value)));
    out.dedup();
    out
}

fn passage(record: &RawEvidence, documents: &mut Documents) -> Passage {
    let start = record.start.unwrap_or(0).clamp(0, u32::MAX as i64) as u32;
    let end = record.end.map_or(start, |e| e.clamp(0, u32::MAX as i64) as u32);
    let file = record.file.clone().unwrap_or_default();
    let text = documents
        .lines(&file)
        .map(|lines| {
            (start.max(1)..=end)
                .filter_map(|n| lines.get(n as usize - 1).map(|t| Line { number: n, text: t.clone() }))
                .collect()
        })
        .unwrap_or_default();
    let source = record.source.clone().unwrap_or_default();
    Passage {
        title: record.title.clone().unwrap_or_else(|| source.clone()),
        source,
        file,
        lines: [start, end],
        confidence: record.level.clone().unwrap_or_default(),
        hedge: record.hedge.clone(),
        cited: record.cited.clone(),
        text,
    }
}

fn read_values(store: &GraphStore) -> Result<HashMap<String, Vec<RawValue>>, QueryError> {
    let mut out: HashMap<String, Vec<RawValue>> = HashMap::new();
    store.for_each_row(VALUES, &[], |row| {
        let (Some(node), Some(property), Some(value)) =
            (key_in(&row, "node"), key_in(&row, "property"), row.get("value"))
        else {
            return;
        };
        let Some(text_value) = key_in(&row, "value") else { return };
        let datatype = match value {
            Term::Literal(l) => Some(l.datatype().as_str().to_owned()),
            _ => None,
        };
        let list = out.entry(node).or_default();
        if list.iter().any(|v| v.property == property && v.text == text_value && v.datatype == datatype) {
            return;
        }
        list.push(RawValue {
            property,
            property_label: key_in(&row, "propertyLabel"),
            text: text_value,
            datatype,
            resource_label: key_in(&row, "valueLabel"),
        });
    })?;
    Ok(out)
}

fn read_evidence(store: &GraphStore) -> Result<HashMap<String, Vec<RawEvidence>>, QueryError> {
    // node -> record -> evidence, records in a stable order.
    let mut by_node: HashMap<String, BTreeMap<String, RawEvidence>> = HashMap::new();
    store.for_each_row(EVIDENCE, &[], |row| {
        let (Some(node), Some(record)) = (key_in(&row, "node"), key_in(&row, "record")) else { return };
        let entry = by_node.entry(node).or_default().entry(record).or_default();
        let integer = |v: &str| key_in(&row, v).and_then(|t| t.trim().parse::<i64>().ok());
        entry.source = entry.source.take().or_else(|| key_in(&row, "source"));
        entry.title = entry.title.take().or_else(|| key_in(&row, "title"));
        entry.file = entry.file.take().or_else(|| key_in(&row, "file"));
        entry.dataset |= key_in(&row, "dataset").is_some();
        entry.line_count = entry.line_count.or_else(|| integer("lineCount").and_then(|n| u64::try_from(n).ok()));
        entry.start = entry.start.or_else(|| integer("start"));
        entry.end = entry.end.or_else(|| integer("end"));
        entry.level = entry.level.take().or_else(|| key_in(&row, "level"));
        entry.hedge = entry.hedge.take().or_else(|| key_in(&row, "hedge"));
        if let Some(cited) = key_in(&row, "cited") {
            let label = key_in(&row, "citedLabel").unwrap_or_else(|| vocab::local_name(&cited).to_owned());
            if !entry.cited.contains(&label) {
                entry.cited.push(label);
            }
        }
    })?;
    Ok(by_node
        .into_iter()
        .map(|(node, records)| {
            let mut list: Vec<RawEvidence> = records.into_values().collect();
            for r in &mut list {
                r.cited.sort();
            }
            list.sort_by(|a, b| (&a.file, a.start, a.end, &a.level).cmp(&(&b.file, b.start, b.end, &b.level)));
            (node, list)
        })
        .collect())
}

fn read_hedges(store: &GraphStore) -> Result<Hedges, QueryError> {
    let mut hedges = Hedges::default();
    store.for_each_row(HEDGES, &[], |row| {
        if let Some(phrase) = key_in(&row, "phrase") {
            hedges.add_phrase(&phrase, key_in(&row, "kind").unwrap_or_default());
        }
        if let Some(level) = key_in(&row, "level") {
            hedges.add_hedge_free(&level);
        }
    })?;
    Ok(hedges)
}

/// Whether `name` is a plain file name (no directories, no `..`): only such names are read.
pub(crate) fn plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\'])
        && Path::new(name).file_name().is_some()
}
