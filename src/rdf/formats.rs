//! The file and output formats actorgraph reads and writes, and their Oxigraph counterparts.
//! Front ends map their own names (command-line values, media types) onto these.

use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::QueryResultsFormat;
use std::path::Path;

/// The RDF format a file's extension names (`.ttl`, `.nt`, `.nq`, `.trig`, `.rdf`, `.owl`,
/// `.jsonld`...), or None when the extension does not say.
pub fn rdf_format_from_path(path: &Path) -> Option<RdfFormat> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "owl" | "xml" => Some(RdfFormat::RdfXml),
        "json" => Some(RdfFormat::JsonLd { profile: Default::default() }),
        // Oxigraph reads .txt as N-Triples; a text file is too often something else to guess.
        "txt" => None,
        other => RdfFormat::from_extension(other),
    }
}

/// Every format `query` can write; which ones fit depends on the query form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryOutputFormat {
    /// Aligned table for people.
    Table,
    /// Comma-separated values (SELECT and ASK).
    Csv,
    /// Tab-separated values (SELECT and ASK).
    Tsv,
    /// SPARQL 1.1 query results JSON.
    Json,
    /// SPARQL query results XML.
    Xml,
    /// Turtle (CONSTRUCT and DESCRIBE).
    Turtle,
    /// N-Triples (CONSTRUCT and DESCRIBE).
    Ntriples,
    /// N-Quads (CONSTRUCT and DESCRIBE).
    Nquads,
    /// TriG (CONSTRUCT and DESCRIBE).
    Trig,
    /// JSON-LD (CONSTRUCT and DESCRIBE).
    Jsonld,
    /// RDF/XML (CONSTRUCT and DESCRIBE).
    Rdfxml,
}

impl QueryOutputFormat {
    /// The SPARQL results format, for SELECT and ASK.
    pub fn results_format(self) -> Option<QueryResultsFormat> {
        match self {
            Self::Csv => Some(QueryResultsFormat::Csv),
            Self::Tsv => Some(QueryResultsFormat::Tsv),
            Self::Json => Some(QueryResultsFormat::Json),
            Self::Xml => Some(QueryResultsFormat::Xml),
            _ => None,
        }
    }

    /// The RDF format, for CONSTRUCT and DESCRIBE.
    pub fn graph_format(self) -> Option<RdfFormat> {
        match self {
            Self::Turtle => Some(RdfFormat::Turtle),
            Self::Ntriples => Some(RdfFormat::NTriples),
            Self::Nquads => Some(RdfFormat::NQuads),
            Self::Trig => Some(RdfFormat::TriG),
            Self::Jsonld => Some(RdfFormat::JsonLd { profile: Default::default() }),
            Self::Rdfxml => Some(RdfFormat::RdfXml),
            _ => None,
        }
    }

    /// The name people give this format (`table`, `json`, `turtle`...).
    pub fn name(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Csv => "csv",
            Self::Tsv => "tsv",
            Self::Json => "json",
            Self::Xml => "xml",
            Self::Turtle => "turtle",
            Self::Ntriples => "ntriples",
            Self::Nquads => "nquads",
            Self::Trig => "trig",
            Self::Jsonld => "jsonld",
            Self::Rdfxml => "rdfxml",
        }
    }
}
