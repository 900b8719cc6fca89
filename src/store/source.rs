//! What the projection builder reads data through: SPARQL SELECTs and quads by predicate. The
//! embedded store implements it with Oxigraph's indexes; a remote SPARQL endpoint
//! (`crate::remote`) with paged queries, so the path graph is built the same way from either.

use super::{GraphStore, QueryError};
use oxigraph::model::{NamedNodeRef, Quad, QuadRef, Term};
use oxigraph::sparql::QuerySolution;

/// Read access to RDF data for the library's own bulk reads.
pub trait Source {
    /// Runs one of actorgraph's own SELECT queries over the union of the data's graphs, with
    /// variables bound to terms, and collects its rows.
    fn select(&self, query: &str, bindings: &[(&str, Term)]) -> Result<Vec<QuerySolution>, QueryError>;

    /// Hands every quad (with `predicate`, when given) to `f`. A quad in several graphs may come
    /// more than once; callers deduplicate.
    fn scan(&self, predicate: Option<NamedNodeRef<'_>>, f: &mut dyn FnMut(Quad)) -> Result<(), QueryError>;

    /// Hands every quad the data states to `f`; a source that keeps the derived edges apart
    /// leaves them out (they can be worked out again from the data), others hand over all.
    fn scan_stated(&self, f: &mut dyn FnMut(Quad)) -> Result<(), QueryError> {
        self.scan(None, f)
    }

    /// Hands every quad the data states to one of `sinks`, on a thread each where the source can
    /// read in parallel: all the quads of one predicate to the same sink, in `scan_stated`'s
    /// order. Others hand everything to the first sink.
    fn scan_stated_shared(&self, sinks: &mut [&mut (dyn FnMut(QuadRef<'_>) + Send)]) -> Result<(), QueryError> {
        match sinks.first_mut() {
            Some(sink) => self.scan_stated(&mut |quad| sink(quad.as_ref())),
            None => Ok(()),
        }
    }

    /// Whether `scan_stated` hands over every quad a `scan` by predicate would (the typings, names
    /// and evidence links included), so that one pass can read them all. Not so for a source that
    /// answers some scans about more nodes than others (the part of an endpoint a walk reached).
    fn stated_holds_everything(&self) -> bool {
        false
    }
}

impl Source for GraphStore {
    fn select(&self, query: &str, bindings: &[(&str, Term)]) -> Result<Vec<QuerySolution>, QueryError> {
        GraphStore::select(self, query, bindings)
    }

    fn scan(&self, predicate: Option<NamedNodeRef<'_>>, f: &mut dyn FnMut(Quad)) -> Result<(), QueryError> {
        Ok(GraphStore::scan(self, predicate, f)?)
    }

    fn scan_stated(&self, f: &mut dyn FnMut(Quad)) -> Result<(), QueryError> {
        Ok(GraphStore::scan_stated(self, f)?)
    }

    fn scan_stated_shared(&self, sinks: &mut [&mut (dyn FnMut(QuadRef<'_>) + Send)]) -> Result<(), QueryError> {
        GraphStore::scan_stated_shared(self, sinks)
    }

    fn stated_holds_everything(&self) -> bool {
        // The derived graph it leaves out holds only derived edges.
        true
    }
}
