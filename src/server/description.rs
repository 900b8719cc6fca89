//! The SPARQL 1.1 Service Description a GET on `/sparql` without parameters answers: the
//! endpoint, the languages (SPARQL 1.1 Query, and Update when writable), the result formats,
//! the features (the default graph is the union of all graphs), and the graphs it holds.

use super::conneg::{content_type, negotiate, GRAPHS};
use super::error::ApiError;
use super::state::Backend;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use oxigraph::io::RdfSerializer;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{BlankNode, NamedNode, NamedOrBlankNode, Term, Triple};
use std::sync::Arc;

const SD: &str = "http://www.w3.org/ns/sparql-service-description#";
const FORMATS: &str = "http://www.w3.org/ns/formats/";

fn sd(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SD}{local}"))
}

/// The description of the endpoint at `endpoint`, in the format `accept` prefers (Turtle by
/// default).
pub(crate) async fn answer(backend: &Arc<Backend>, endpoint: &str, accept: Option<&str>) -> Result<Response, ApiError> {
    let format = negotiate(accept, GRAPHS)?;
    let endpoint = endpoint.to_owned();
    let bytes = backend
        .run(move |backend| {
            let graphs = backend.read(|store, _| store.visible_graphs()).map_err(ApiError::internal)?;
            let triples = describe(&endpoint, backend.writable(), &graphs);
            let graph_format = format.graph_format().expect("graph offers have graph formats");
            let mut serializer = RdfSerializer::from_format(graph_format)
                .with_prefix("sd", SD)
                .expect("valid prefix")
                .with_prefix("formats", FORMATS)
                .expect("valid prefix")
                .for_writer(Vec::new());
            for triple in &triples {
                serializer.serialize_triple(triple).map_err(ApiError::internal)?;
            }
            serializer.finish().map_err(ApiError::internal)
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, content_type(format)), (header::VARY, "Accept")], bytes).into_response())
}

fn describe(endpoint: &str, writable: bool, graphs: &[NamedOrBlankNode]) -> Vec<Triple> {
    let service = BlankNode::default();
    let mut triples = Vec::new();
    let mut add = |s: &NamedOrBlankNode, p: NamedNode, o: Term| triples.push(Triple::new(s.clone(), p, o));
    let s: NamedOrBlankNode = service.into();
    add(&s, rdf::TYPE.into_owned(), sd("Service").into());
    add(&s, sd("endpoint"), NamedNode::new_unchecked(endpoint).into());
    add(&s, sd("supportedLanguage"), sd("SPARQL10Query").into());
    add(&s, sd("supportedLanguage"), sd("SPARQL11Query").into());
    if writable {
        add(&s, sd("supportedLanguage"), sd("SPARQL11Update").into());
    }
    for format in ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV"]
        .into_iter()
        .chain(["Turtle", "N-Triples", "RDF_XML", "JSON-LD", "TriG", "N-Quads"])
    {
        add(&s, sd("resultFormat"), NamedNode::new_unchecked(format!("{FORMATS}{format}")).into());
    }
    add(&s, sd("feature"), sd("UnionDefaultGraph").into());
    add(&s, sd("feature"), sd("EmptyGraphs").into());
    add(&s, sd("defaultEntailmentRegime"), NamedNode::new_unchecked("http://www.w3.org/ns/entailment/Simple").into());
    let dataset: NamedOrBlankNode = BlankNode::default().into();
    add(&s, sd("defaultDataset"), dataset.clone().into());
    add(&dataset, rdf::TYPE.into_owned(), sd("Dataset").into());
    let default: NamedOrBlankNode = BlankNode::default().into();
    add(&dataset, sd("defaultGraph"), default.clone().into());
    add(&default, rdf::TYPE.into_owned(), sd("Graph").into());
    for graph in graphs {
        let NamedOrBlankNode::NamedNode(name) = graph else { continue };
        let named: NamedOrBlankNode = BlankNode::default().into();
        add(&dataset, sd("namedGraph"), named.clone().into());
        add(&named, rdf::TYPE.into_owned(), sd("NamedGraph").into());
        add(&named, sd("name"), name.clone().into());
    }
    triples
}
