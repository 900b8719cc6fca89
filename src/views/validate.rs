//! SHACL validation of the store with rudof's `shacl` crate: the visible graphs together are the
//! data graph, the bundled `ontology/shapes.ttl` (plus any extra files) the shapes graph.

use crate::bundled::BundledFile;
use crate::store::GraphStore;
use oxigraph::model::{NamedOrBlankNode, Term};
use rudof_rdf::rdf_core::RDFFormat;
use rudof_rdf::rdf_impl::{OxigraphInMemory, ReaderMode};
use serde::Serialize;
use shacl::ir::IRSchema;
use shacl::rdf::ShaclParser;
use shacl::validator::processor::{GraphValidation, ShaclProcessor};
use shacl::validator::store::Graph;
use shacl::validator::{ShaclConfig, ShaclValidationMode};
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    #[error("cannot read shapes file {path}")]
    ReadShapes { path: PathBuf, source: std::io::Error },
    #[error("shapes {source_name} do not parse: {message}")]
    Shapes { source_name: String, message: String },
    #[error("cannot read the store")]
    Store(#[from] oxigraph::store::StorageError),
    #[error("SHACL validation failed: {0}")]
    Engine(String),
}

/// One violation: which node, which path, what is wrong.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    pub focus: String,
    pub path: Option<String>,
    pub message: String,
    pub severity: String,
    pub shape: Option<String>,
    pub value: Option<String>,
}

/// The outcome of a validation.
#[derive(Debug, Clone, Serialize)]
pub struct ValidationReport {
    pub conforms: bool,
    pub shapes: Vec<String>,
    pub violations: Vec<Violation>,
}

/// Validates the store against the bundled shapes and the `extra_shapes` files.
pub fn validate(store: &GraphStore, extra_shapes: &[PathBuf]) -> Result<ValidationReport, ValidateError> {
    let mut shapes_sources = vec![(BundledFile::shapes().path.to_owned(), BundledFile::shapes().contents.to_owned())];
    for path in extra_shapes {
        let text =
            std::fs::read_to_string(path).map_err(|source| ValidateError::ReadShapes { path: path.clone(), source })?;
        shapes_sources.push((path.display().to_string(), text));
    }
    let schema = compile_shapes(&shapes_sources)?;
    let mut processor = GraphValidation::from(Graph::from(data_graph(store)?));
    let outcome = processor
        .validate(&schema, &ShaclValidationMode::Native, &ShaclConfig::new())
        .map_err(|e| ValidateError::Engine(e.to_string()))?;
    let mut report = ValidationReport {
        conforms: true,
        shapes: shapes_sources.iter().map(|(name, _)| name.clone()).collect(),
        violations: Vec::new(),
    };
    for result in outcome.results() {
        let message = result
            .message()
            .get(None)
            .cloned()
            .or_else(|| result.message().messages().values().next().cloned())
            .unwrap_or_else(|| component_name(&result.constraint_component().to_string()));
        report.violations.push(Violation {
            focus: result.focus_node().to_string(),
            path: result.path().map(|p| p.to_string()),
            message,
            severity: result.severity().to_string(),
            shape: result.source().map(|s| s.to_string()),
            value: result.value().map(|v| v.to_string()),
        });
    }
    report.violations.sort();
    report.violations.dedup();
    report.conforms = report.violations.is_empty();
    Ok(report)
}

/// Reads every shapes file into one shapes graph and compiles it.
fn compile_shapes(sources: &[(String, String)]) -> Result<IRSchema, ValidateError> {
    let mut graph = OxigraphInMemory::new();
    for (name, text) in sources {
        graph
            .merge_from_reader(&mut text.as_bytes(), name, &RDFFormat::Turtle, None, &ReaderMode::Strict)
            .map_err(|e| ValidateError::Shapes { source_name: name.clone(), message: e.to_string() })?;
    }
    let all = || sources.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(", ");
    let ast = ShaclParser::new(graph)
        .parse()
        .map_err(|e| ValidateError::Shapes { source_name: all(), message: e.to_string() })?;
    IRSchema::compile(&ast).map_err(|e| ValidateError::Shapes { source_name: all(), message: e.to_string() })
}

/// The union of the visible graphs as rudof's in-memory graph.
fn data_graph(store: &GraphStore) -> Result<OxigraphInMemory, ValidateError> {
    let mut graph = OxigraphInMemory::new();
    for quad in store.visible_quads()? {
        let object: Term = quad.object;
        let subject: NamedOrBlankNode = quad.subject;
        graph.add_triple_ref(&subject, &quad.predicate, &object).map_err(|e| ValidateError::Engine(e.to_string()))?;
    }
    Ok(graph)
}

/// "sh:MinCountConstraintComponent" -> "MinCount constraint not met".
fn component_name(component: &str) -> String {
    let local = component.rsplit(['#', '/', ':']).next().unwrap_or(component).trim_end_matches('>');
    format!("{} constraint not met", local.trim_end_matches("ConstraintComponent"))
}
