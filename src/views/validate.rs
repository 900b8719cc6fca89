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

/// Why the store could not be validated.
#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    /// An extra shapes file cannot be read.
    #[error("cannot read shapes file {path}")]
    ReadShapes {
        /// The file.
        path: PathBuf,
        /// Why it cannot be read.
        source: std::io::Error,
    },
    /// The shapes do not parse or compile.
    #[error("shapes {source_name} do not parse: {message}")]
    Shapes {
        /// The shapes file, or all of them when the combined shapes fail.
        source_name: String,
        /// The SHACL parser's message.
        message: String,
    },
    /// The store could not be read.
    #[error("cannot read the store")]
    Store(#[from] oxigraph::store::StorageError),
    /// The SHACL engine failed; holds its message.
    #[error("SHACL validation failed: {0}")]
    Engine(String),
}

/// One violation: which node, which path, what is wrong.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    /// The node that violates a shape.
    pub focus: String,
    /// The property path of the constraint, if any.
    pub path: Option<String>,
    /// What is wrong: the shape's message, or else the constraint that is not met.
    pub message: String,
    /// Severity of the result, as the SHACL engine names it.
    pub severity: String,
    /// The shape the result comes from, if known.
    pub shape: Option<String>,
    /// The offending value, if any.
    pub value: Option<String>,
}

/// The outcome of a validation.
#[derive(Debug, Clone, Serialize)]
pub struct ValidationReport {
    /// Whether the store satisfies every shape (no result of severity Violation).
    pub conforms: bool,
    /// Names of the shapes files checked: the bundled one first, then the extra ones.
    pub shapes: Vec<String>,
    /// Every violation, sorted, without duplicates.
    pub violations: Vec<Violation>,
    /// Results of a lesser severity (Warning, Info), which do not affect conformance: among them
    /// the facts `actorgraph scan` drafted that no analyst has checked yet (`ag:DraftShape`).
    pub warnings: Vec<Violation>,
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
        warnings: Vec::new(),
    };
    for result in outcome.results() {
        let message = result
            .message()
            .get(None)
            .cloned()
            .or_else(|| result.message().messages().values().next().cloned())
            .unwrap_or_else(|| component_name(&result.constraint_component().to_string()));
        let violation = Violation {
            focus: result.focus_node().to_string(),
            path: result.path().map(|p| p.to_string()),
            message,
            severity: result.severity().to_string(),
            shape: result.source().map(|s| s.to_string()),
            value: result.value().map(|v| v.to_string()),
        };
        if *result.severity() == shacl::types::Severity::Violation {
            report.violations.push(violation);
        } else {
            report.warnings.push(violation);
        }
    }
    for results in [&mut report.violations, &mut report.warnings] {
        results.sort();
        results.dedup();
    }
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
