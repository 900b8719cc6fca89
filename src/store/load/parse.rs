//! Reading load sources as quads: one lazy parser per file, or, for a large N-Triples or
//! N-Quads file, parsers for its parts to run on several threads. Blank nodes are renamed apart
//! from every other file's, the same way in every part; syntax errors name the file and line.

use super::{LoadSource, QuadIter, SourceFormat};
use crate::rdf::xml_entities::check_entities;
use crate::store::LoadError;
use oxigraph::io::{RdfFormat, RdfParseError, RdfParser};
use oxigraph::model::{BlankNode, GraphName, NamedOrBlankNode, Quad, Term};
use std::fs::File;
use std::hash::BuildHasher;
use std::io::{self, BufReader, Read, Take};
use std::path::{Path, PathBuf};

/// Parses one file lazily: the default graph goes to the target graph, blank nodes are renamed
/// apart from every other file's.
pub(super) fn parse_quads(source: &LoadSource) -> Result<QuadIter<'_>, LoadError> {
    let format = match &source.format {
        SourceFormat::Rdf(format) => *format,
        SourceFormat::Produced(producer) => return producer.quads(source),
    };
    let file = File::open(&source.path).map_err(|e| LoadError::Read { path: source.path.clone(), source: e })?;
    let base = file_iri(&source.path);
    let quads = parse_reader(&source.path, BufReader::new(file), format, source.graph.clone().into(), Some(&base))?;
    Ok(Box::new(quads))
}

/// Parsers for the parts of a large N-Triples or N-Quads file, at most `parts` of them, cut at
/// line ends; `None` for any other source (another format, standard input, one part only).
/// Their errors carry positions within their part: the file is read again from its start for
/// the real one.
pub(super) fn split_for_parallel_parsing(
    source: &LoadSource,
    parts: usize,
) -> Result<Option<Vec<PartParser>>, LoadError> {
    let SourceFormat::Rdf(format @ (RdfFormat::NTriples | RdfFormat::NQuads)) = source.format else {
        return Ok(None);
    };
    if parts < 2 || source.path == Path::new("-") || !source.path.is_file() {
        return Ok(None);
    }
    let parsers = RdfParser::from_format(format)
        .with_default_graph(source.graph.clone())
        .split_file_for_parallel_parsing(&source.path, parts)
        .map_err(|e| LoadError::Read { path: source.path.clone(), source: e })?;
    if parsers.len() < 2 {
        return Ok(None);
    }
    let blank_nodes = BlankNodeRenamer::default();
    Ok(Some(
        parsers
            .into_iter()
            .map(|parser| PartParser { parser, blank_nodes: blank_nodes.clone(), path: source.path.clone() })
            .collect(),
    ))
}

/// The parser of one part of a file.
pub(super) struct PartParser {
    parser: oxigraph::io::ReaderQuadParser<Take<File>>,
    blank_nodes: BlankNodeRenamer,
    path: PathBuf,
}

impl Iterator for PartParser {
    type Item = Result<Quad, LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(match self.parser.next()? {
            Ok(quad) => Ok(self.blank_nodes.rename(quad)),
            Err(error) => Err(parse_error(&self.path, error)),
        })
    }
}

/// Renames a file's blank nodes to ids drawn from a key chosen per file: the same label gets
/// the same id in every part of the file, and ids differ from every other file's.
#[derive(Clone, Default)]
struct BlankNodeRenamer {
    high: std::collections::hash_map::RandomState,
    low: std::collections::hash_map::RandomState,
}

impl BlankNodeRenamer {
    fn node(&self, node: &BlankNode) -> BlankNode {
        let id = (u128::from(self.high.hash_one(node.as_str())) << 64) | u128::from(self.low.hash_one(node.as_str()));
        BlankNode::new_from_unique_id(id)
    }

    fn rename(&self, mut quad: Quad) -> Quad {
        if let NamedOrBlankNode::BlankNode(b) = &quad.subject {
            quad.subject = self.node(b).into();
        }
        if let Term::BlankNode(b) = &quad.object {
            quad.object = self.node(b).into();
        }
        if let GraphName::BlankNode(b) = &quad.graph_name {
            quad.graph_name = self.node(b).into();
        }
        quad
    }
}
/// Parses RDF from any reader lazily: its default graph goes to `graph`, relative IRIs resolve
/// against `base`, blank nodes are renamed apart; errors name `name` (a file, "request body").
pub(in crate::store) fn parse_reader<'a>(
    name: &'a Path,
    mut reader: impl Read + 'a,
    format: RdfFormat,
    graph: GraphName,
    base: Option<&str>,
) -> Result<impl Iterator<Item = Result<Quad, LoadError>> + 'a, LoadError> {
    let read_error = |e| LoadError::Read { path: name.to_owned(), source: e };
    // The prolog of RDF/XML, with any internal DTD subset, comes before the first element.
    let mut head = Vec::new();
    if format == RdfFormat::RdfXml {
        (&mut reader).take(1024 * 1024).read_to_end(&mut head).map_err(read_error)?;
        check_entities(&head)
            .map_err(|e| LoadError::SyntaxWithoutPosition { path: name.to_owned(), message: e.to_string() })?;
    }
    let mut parser = RdfParser::from_format(format);
    if let Some(base) = base {
        parser = parser.with_base_iri(base).map_err(|e| LoadError::BaseIri { path: name.to_owned(), source: e })?;
    }
    let parser = parser.with_default_graph(graph).rename_blank_nodes();
    Ok(parser.for_reader(io::Cursor::new(head).chain(reader)).map(move |quad| quad.map_err(|e| parse_error(name, e))))
}

fn parse_error(path: &Path, error: RdfParseError) -> LoadError {
    match error {
        RdfParseError::Syntax(e) => match e.location() {
            Some(range) => LoadError::Syntax {
                path: path.to_owned(),
                line: range.start.line + 1,
                column: range.start.column + 1,
                message: strip_position(&e.to_string()),
            },
            None => LoadError::SyntaxWithoutPosition { path: path.to_owned(), message: e.to_string() },
        },
        RdfParseError::Io(e) => LoadError::Read { path: path.to_owned(), source: e },
    }
}

/// Oxigraph's messages repeat the position we already print in front ("Parser error at line
/// 3 column 5: ..."); keep only the explanation.
fn strip_position(message: &str) -> String {
    match message.split_once(": ") {
        Some((head, rest)) if head.contains("line") || head.contains("column") => rest.to_owned(),
        _ => message.to_owned(),
    }
}

/// `file://` IRI of a path: the default graph name and base IRI of a loaded file.
pub fn file_iri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut iri = String::from("file://");
    for c in absolute.to_string_lossy().chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '/' | '-' | '_' | '.' | '~' => iri.push(c),
            '\\' => iri.push('/'),
            other => {
                let mut buffer = [0; 4];
                for byte in other.encode_utf8(&mut buffer).bytes() {
                    iri.push_str(&format!("%{byte:02X}"));
                }
            }
        }
    }
    iri
}
