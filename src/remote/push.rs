//! `push`: copies the store's graphs (bundled ontology and data, user graphs, derived edges) to
//! an endpoint, graph by graph, in chunks that never split a blank node's triples, with the
//! Graph Store Protocol (the first chunk replaces the graph, the rest add to it) or, without a
//! Graph Store endpoint, SPARQL Update (`DROP SILENT GRAPH` and `INSERT DATA`). Every graph is
//! replaced whole, graphs an earlier push sent that the store no longer has are dropped, and
//! a record of what was pushed (its graphs and a content hash) is written last, so running it
//! twice leaves the endpoint as after once, and a push broken off is mended by running it again.

use super::http::Body;
use super::results::Answer;
use super::{Endpoint, RemoteError};
use crate::store::GraphStore;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term, Triple};
use reqwest::Method;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The graph `push` keeps its record in on the endpoint.
pub const PUSH_GRAPH: &str = "https://w3id.org/actorgraph/graph/pushed";
/// The property holding the content hash of the last push.
pub(crate) const PUSH_HASH: &str = "https://w3id.org/actorgraph/ontology#pushHash";
const PUSHED_GRAPH: &str = "https://w3id.org/actorgraph/ontology#pushedGraph";
const RECORD: &str = "https://w3id.org/actorgraph/graph/pushed#record";

/// How a push sends data.
#[derive(Debug, Clone, Copy)]
pub struct PushOptions {
    /// The most triples in one request (a blank node's triples are never split, so a chunk
    /// may hold more).
    pub chunk_triples: usize,
}

impl Default for PushOptions {
    fn default() -> Self {
        PushOptions { chunk_triples: 5_000 }
    }
}

/// What a push did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PushReport {
    /// The endpoint written to.
    pub endpoint: String,
    /// `graph-store` or `update`.
    pub method: &'static str,
    /// Each graph sent, with its number of triples.
    pub graphs: Vec<(String, usize)>,
    /// Graphs an earlier push sent that the store no longer has, dropped.
    pub dropped: Vec<String>,
    /// Requests sent.
    pub requests: usize,
    /// The content hash recorded on the endpoint.
    pub hash: String,
}

impl Endpoint {
    /// Copies every visible graph of the store to the endpoint; `progress` hears of each graph
    /// as it is sent (its IRI, triples sent so far, its size).
    pub fn push(
        &self,
        store: &GraphStore,
        options: PushOptions,
        progress: &mut dyn FnMut(&str, usize, usize),
    ) -> Result<PushReport, RemoteError> {
        let storage = |e: oxigraph::store::StorageError| RemoteError::Config(format!("cannot read the store: {e}"));
        let mut graphs: Vec<NamedNode> = Vec::new();
        for graph in store.visible_graphs().map_err(storage)? {
            if let NamedOrBlankNode::NamedNode(graph) = graph {
                graphs.push(graph);
            }
        }
        let before = self.pushed_graphs()?;
        let mut report = PushReport {
            endpoint: self.url().to_owned(),
            method: if self.config.graph_store_url.is_some() { "graph-store" } else { "update" },
            graphs: Vec::new(),
            dropped: Vec::new(),
            requests: 0,
            hash: String::new(),
        };
        let mut hasher = Sha256::new();
        for graph in &graphs {
            let triples = store.graph_triples(graph.as_ref()).map_err(storage)?;
            hasher.update(graph.as_str().as_bytes());
            hasher.update(b"\n");
            let mut lines: Vec<String> = triples.iter().map(|t| format!("{t} .\n")).collect();
            lines.sort();
            for line in &lines {
                hasher.update(line.as_bytes());
            }
            let total = triples.len();
            let mut sent = 0;
            progress(graph.as_str(), 0, total);
            let chunks = chunks(&triples, options.chunk_triples.max(1));
            if chunks.is_empty() {
                self.replace_graph(graph, "", true)?;
                report.requests += 1;
            }
            for (i, chunk) in chunks.iter().enumerate() {
                let text: String = chunk.iter().map(|t| format!("{t} .\n")).collect();
                self.replace_graph(graph, &text, i == 0)?;
                report.requests += 1;
                sent += chunk.len();
                progress(graph.as_str(), sent, total);
            }
            report.graphs.push((graph.as_str().to_owned(), total));
        }
        for old in before {
            if !graphs.iter().any(|g| g.as_str() == old.as_str()) {
                self.drop_graph(&old)?;
                report.requests += 1;
                report.dropped.push(old.as_str().to_owned());
            }
        }
        let hash: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
        let mut record = format!("<{RECORD}> <{PUSH_HASH}> \"{hash}\" .\n");
        for graph in &graphs {
            record.push_str(&format!("<{RECORD}> <{PUSHED_GRAPH}> {graph} .\n"));
        }
        self.replace_graph(&NamedNode::new_unchecked(PUSH_GRAPH), &record, true)?;
        report.requests += 1;
        report.hash = hash;
        Ok(report)
    }

    /// Graphs the last push recorded.
    fn pushed_graphs(&self) -> Result<Vec<NamedNode>, RemoteError> {
        let query = format!("SELECT ?g WHERE {{ GRAPH <{PUSH_GRAPH}> {{ <{RECORD}> <{PUSHED_GRAPH}> ?g }} }}");
        let mut graphs = Vec::new();
        if let Answer::Solutions(_, rows) = self.solutions(&query, false, "the graphs of the last push")? {
            for row in rows {
                if let Some(Some(Term::NamedNode(graph))) = row.into_iter().next() {
                    graphs.push(graph);
                }
            }
        }
        Ok(graphs)
    }

    /// Sends N-Triples into a graph: replacing it (`first`) or adding to it.
    fn replace_graph(&self, graph: &NamedNode, ntriples: &str, first: bool) -> Result<(), RemoteError> {
        match &self.config.graph_store_url {
            Some(url) => {
                let method = if first { Method::PUT } else { Method::POST };
                let what = format!("{} graph {graph}", if first { "replacing" } else { "adding to" });
                let body = Body::Bytes { content_type: "application/n-triples", bytes: ntriples.as_bytes().to_vec() };
                self.http.send(method, &graph_url(url, graph)?, &what, None, &body)?;
            }
            None => {
                // Virtuoso refuses blank nodes in INSERT DATA (the standard allows them); an
                // INSERT template over the empty pattern makes the same triples everywhere.
                let insert = if ntriples.contains("_:") {
                    format!("INSERT {{ GRAPH {graph} {{\n{ntriples}}} }} WHERE {{}}")
                } else {
                    format!("INSERT DATA {{ GRAPH {graph} {{\n{ntriples}}} }}")
                };
                let text = if first { format!("DROP SILENT GRAPH {graph} ;\n{insert}") } else { insert };
                self.update(&text, &format!("{} graph {graph}", if first { "replacing" } else { "adding to" }))?;
            }
        }
        Ok(())
    }

    fn drop_graph(&self, graph: &NamedNode) -> Result<(), RemoteError> {
        match &self.config.graph_store_url {
            Some(url) => {
                match self.http.send(Method::DELETE, &graph_url(url, graph)?, "dropping a graph", None, &Body::Empty) {
                    Err(RemoteError::Status { status: 404, .. }) | Ok(_) => Ok(()),
                    Err(error) => Err(error),
                }
            }
            None => self.update(&format!("DROP SILENT GRAPH {graph}"), "dropping a graph"),
        }
    }
}

/// The Graph Store Protocol URL of a graph (`?graph=IRI`).
fn graph_url(base: &str, graph: &NamedNode) -> Result<String, RemoteError> {
    let mut url = reqwest::Url::parse(base).map_err(|e| RemoteError::Config(format!("'{base}': {e}")))?;
    url.query_pairs_mut().append_pair("graph", graph.as_str());
    Ok(url.to_string())
}

/// Triples in chunks of about `size`, the triples sharing a blank node always in one chunk
/// (each request gets fresh blank nodes, so a blank node split over two would become two).
fn chunks(triples: &[Triple], size: usize) -> Vec<Vec<Triple>> {
    // Union-find over blank node labels.
    let mut parent: Vec<usize> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut blanks_of = Vec::with_capacity(triples.len());
    for triple in triples {
        let mut blanks = Vec::new();
        if let NamedOrBlankNode::BlankNode(b) = &triple.subject {
            blanks.push(b.as_str());
        }
        if let Term::BlankNode(b) = &triple.object {
            blanks.push(b.as_str());
        }
        let ids: Vec<usize> = blanks
            .iter()
            .map(|label| {
                *index.entry(label).or_insert_with(|| {
                    parent.push(parent.len());
                    parent.len() - 1
                })
            })
            .collect();
        if let [a, b] = ids[..] {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            parent[ra] = rb;
        }
        blanks_of.push(ids.first().copied());
    }
    // Groups in the order of their first triple.
    let mut group_of_root: HashMap<usize, usize> = HashMap::new();
    let mut groups: Vec<Vec<Triple>> = Vec::new();
    for (triple, blank) in triples.iter().zip(blanks_of) {
        let group = match blank {
            Some(id) => {
                let root = find(&mut parent, id);
                *group_of_root.entry(root).or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                })
            }
            None => {
                groups.push(Vec::new());
                groups.len() - 1
            }
        };
        groups[group].push(triple.clone());
    }
    let mut chunks: Vec<Vec<Triple>> = Vec::new();
    for group in groups {
        match chunks.last_mut() {
            Some(last) if last.len() + group.len() <= size => last.extend(group),
            _ => chunks.push(group),
        }
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, Literal};

    #[test]
    fn chunks_never_split_a_blank_node() {
        let p = NamedNode::new_unchecked("http://e.org/p");
        let mut triples = Vec::new();
        for i in 0..10 {
            let fact = NamedNode::new_unchecked(format!("http://e.org/f{i}"));
            let record = BlankNode::new_unchecked(format!("r{i}"));
            triples.push(Triple::new(fact.clone(), p.clone(), record.clone()));
            triples.push(Triple::new(record.clone(), p.clone(), Literal::from(i)));
            triples.push(Triple::new(record, p.clone(), Literal::from(i + 100)));
        }
        let chunks = chunks(&triples, 4);
        assert_eq!(chunks.iter().map(Vec::len).sum::<usize>(), 30);
        for chunk in &chunks {
            assert!(chunk.len() % 3 == 0, "a record split: {chunk:?}");
        }
        assert!(chunks.len() >= 8);
    }
}
