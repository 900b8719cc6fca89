//! The file and output formats the command line accepts, and their Oxigraph counterparts.

use clap::ValueEnum;
use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::QueryResultsFormat;
use std::path::Path;

/// RDF formats `load` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RdfInputFormat {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Rdfxml,
    Jsonld,
    N3,
}

impl RdfInputFormat {
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            Self::Turtle => RdfFormat::Turtle,
            Self::Ntriples => RdfFormat::NTriples,
            Self::Nquads => RdfFormat::NQuads,
            Self::Trig => RdfFormat::TriG,
            Self::Rdfxml => RdfFormat::RdfXml,
            Self::Jsonld => RdfFormat::JsonLd { profile: Default::default() },
            Self::N3 => RdfFormat::N3,
        }
    }

    /// The format a file's extension names (`.ttl`, `.nt`, `.nq`, `.trig`, `.rdf`, `.owl`, `.jsonld`...).
    pub fn from_path(path: &Path) -> Option<RdfFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "owl" | "xml" => Some(RdfFormat::RdfXml),
            "json" => Some(RdfFormat::JsonLd { profile: Default::default() }),
            // Oxigraph reads .txt as N-Triples; a text file is too often something else to guess.
            "txt" => None,
            other => RdfFormat::from_extension(other),
        }
    }
}

/// RDF formats `dump` and graph-valued queries write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Jsonld,
    Rdfxml,
}

impl GraphFormat {
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            Self::Turtle => RdfFormat::Turtle,
            Self::Ntriples => RdfFormat::NTriples,
            Self::Nquads => RdfFormat::NQuads,
            Self::Trig => RdfFormat::TriG,
            Self::Jsonld => RdfFormat::JsonLd { profile: Default::default() },
            Self::Rdfxml => RdfFormat::RdfXml,
        }
    }
}

/// Every format `query` can write; which ones fit depends on the query form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryOutputFormat {
    /// Aligned table for people
    Table,
    Csv,
    Tsv,
    /// SPARQL 1.1 query results JSON
    Json,
    /// SPARQL query results XML
    Xml,
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Jsonld,
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
    pub fn graph_format(self) -> Option<GraphFormat> {
        match self {
            Self::Turtle => Some(GraphFormat::Turtle),
            Self::Ntriples => Some(GraphFormat::Ntriples),
            Self::Nquads => Some(GraphFormat::Nquads),
            Self::Trig => Some(GraphFormat::Trig),
            Self::Jsonld => Some(GraphFormat::Jsonld),
            Self::Rdfxml => Some(GraphFormat::Rdfxml),
            _ => None,
        }
    }

    pub fn name(self) -> String {
        self.to_possible_value().map(|v| v.get_name().to_owned()).unwrap_or_default()
    }
}

/// Formats of actorgraph's own reports (stats, validation, the query catalogue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}
