//! Writes SPARQL results: an aligned table, CSV, TSV, SPARQL JSON or XML for solutions and
//! booleans; Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML for graphs.

use crate::rdf::formats::QueryOutputFormat;
use crate::rdf::vocab;
use crate::render::term;
use comfy_table::{presets, ContentArrangement, Table};
use oxigraph::io::RdfSerializer;
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{QueryEvaluationError, QueryResults, QuerySolution};
use std::io::{self, Write};

/// Why query results could not be written.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The format does not fit the query form (a graph format for SELECT results, say).
    #[error("format {format} cannot show {form} results; use {fits}")]
    FormatMismatch {
        /// Name of the format asked for.
        format: String,
        /// The query form: `SELECT`, `ASK` or `CONSTRUCT/DESCRIBE`.
        form: &'static str,
        /// The formats that fit, listed for the message.
        fits: &'static str,
    },
    /// Reading the results failed while the query ran.
    #[error(transparent)]
    Evaluation(#[from] QueryEvaluationError),
    /// The results could not be written out.
    #[error("cannot write the results")]
    Io(#[from] io::Error),
}

const SOLUTION_FORMATS: &str = "table, csv, tsv, json or xml";
const GRAPH_FORMATS: &str = "turtle, ntriples, nquads, trig, jsonld or rdfxml";

/// How many results were written: rows, triples, or 1/0 for a true/false ASK.
pub type ResultCount = u64;

/// Writes `results` in `format` (or the default for the result form) and returns their count.
pub fn write_results(
    results: QueryResults<'_>,
    format: Option<QueryOutputFormat>,
    on_terminal: bool,
    out: &mut dyn Write,
) -> Result<ResultCount, RenderError> {
    match results {
        QueryResults::Solutions(solutions) => {
            let format = format.unwrap_or(if on_terminal { QueryOutputFormat::Table } else { QueryOutputFormat::Tsv });
            let variables = solutions.variables().to_vec();
            if format == QueryOutputFormat::Table {
                let rows = solutions.collect::<Result<Vec<_>, _>>()?;
                write_table(&variables, &rows, out)?;
                return Ok(rows.len() as u64);
            }
            let results_format = format.results_format().ok_or_else(|| RenderError::FormatMismatch {
                format: format.name().to_owned(),
                form: "SELECT",
                fits: SOLUTION_FORMATS,
            })?;
            let mut serializer =
                QueryResultsSerializer::from_format(results_format).serialize_solutions_to_writer(out, variables)?;
            let mut count = 0;
            for solution in solutions {
                serializer.serialize(&solution?)?;
                count += 1;
            }
            serializer.finish()?;
            Ok(count)
        }
        QueryResults::Boolean(value) => {
            match format.unwrap_or(QueryOutputFormat::Table) {
                QueryOutputFormat::Table => writeln!(out, "{value}")?,
                other => {
                    let results_format = other.results_format().ok_or_else(|| RenderError::FormatMismatch {
                        format: other.name().to_owned(),
                        form: "ASK",
                        fits: SOLUTION_FORMATS,
                    })?;
                    QueryResultsSerializer::from_format(results_format)
                        .serialize_boolean_to_writer(&mut *out, value)?;
                    if matches!(other, QueryOutputFormat::Csv | QueryOutputFormat::Tsv) {
                        writeln!(out)?;
                    }
                }
            }
            Ok(u64::from(value))
        }
        QueryResults::Graph(triples) => {
            let format = format.unwrap_or(QueryOutputFormat::Turtle);
            let graph_format = format.graph_format().ok_or_else(|| RenderError::FormatMismatch {
                format: format.name().to_owned(),
                form: "CONSTRUCT/DESCRIBE",
                fits: GRAPH_FORMATS,
            })?;
            let mut serializer = RdfSerializer::from_format(graph_format);
            for (prefix, namespace) in vocab::PREFIXES {
                serializer = serializer.with_prefix(*prefix, *namespace).expect("valid built-in prefixes");
            }
            let mut serializer = serializer.for_writer(out);
            let mut count = 0;
            for triple in triples {
                serializer.serialize_triple(&triple?)?;
                count += 1;
            }
            serializer.finish()?;
            Ok(count)
        }
    }
}

fn write_table(
    variables: &[oxigraph::sparql::Variable],
    rows: &[QuerySolution],
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    // Fit the terminal when its width is known and usable; otherwise let rows run long.
    if table.width().is_some_and(|width| width >= 40) {
        table.set_content_arrangement(ContentArrangement::Dynamic);
    }
    table.set_header(variables.iter().map(|v| v.as_str().to_owned()));
    for row in rows {
        table.add_row(variables.iter().map(|v| row.get(v).map(term::display).unwrap_or_default()));
    }
    writeln!(out, "{table}")?;
    writeln!(out, "{} row{}", rows.len(), if rows.len() == 1 { "" } else { "s" })
}
