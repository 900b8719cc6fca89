//! The change token of an endpoint: what the path-graph cache of a remote store is keyed on.
//! It hashes the number of triples in each named graph and in the default graph, and the
//! content hash `push` records in its own graph, so any push from actorgraph and any change
//! in a graph's size gives a new token. A change made by another tool that keeps every
//! graph's size is not seen: `--refresh` rebuilds the path graph regardless.

use super::push::{PUSH_GRAPH, PUSH_HASH};
use super::results::Answer;
use super::{Endpoint, RemoteError};
use oxigraph::model::Term;
use sha2::{Digest, Sha256};

const GRAPH_SIZES: &str = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g";

impl Endpoint {
    /// A number that changes when the endpoint's data changes (see the module's note).
    pub fn change_token(&self) -> Result<u64, RemoteError> {
        let mut hasher = Sha256::new();
        hasher.update(self.url().as_bytes());
        for query in [
            GRAPH_SIZES.to_owned(),
            format!("SELECT ?hash WHERE {{ GRAPH <{PUSH_GRAPH}> {{ ?record <{PUSH_HASH}> ?hash }} }}"),
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }".to_owned(),
        ] {
            if let Answer::Solutions(_, rows) = self.solutions(&query, false, "change token")? {
                for row in rows {
                    for value in row {
                        hasher.update(value.as_ref().map(Term::to_string).unwrap_or_default().as_bytes());
                        hasher.update([0]);
                    }
                    hasher.update([1]);
                }
            }
            hasher.update([2]);
        }
        let digest = hasher.finalize();
        Ok(u64::from_le_bytes(digest[..8].try_into().expect("8 bytes")))
    }
}
