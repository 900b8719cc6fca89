//! The project's ontology, data and named queries, compiled into the binary by `build.rs`.

use sha2::{Digest, Sha256};

/// One file of `ontology/`, `data/` or `queries/`, with its path relative to the project root.
#[derive(Debug, Clone, Copy)]
pub struct BundledFile {
    /// Path relative to the project root, such as `ontology/shapes.ttl`.
    pub path: &'static str,
    /// The file's text.
    pub contents: &'static str,
}

/// Every bundled file, sorted by path.
pub const FILES: &[BundledFile] = include!(concat!(env!("OUT_DIR"), "/bundled_files.rs"));

impl BundledFile {
    /// One hash of all bundled RDF files: which bundled data a store or snapshot holds.
    pub fn stamp() -> String {
        let mut hasher = Sha256::new();
        for file in Self::rdf() {
            hasher.update(file.path.as_bytes());
            hasher.update([0]);
            hasher.update(file.contents.as_bytes());
        }
        hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The RDF files (ontology and data) that make up the bundled graphs.
    pub fn rdf() -> impl Iterator<Item = &'static BundledFile> {
        FILES.iter().filter(|f| f.path.ends_with(".ttl"))
    }

    /// The named SPARQL queries.
    pub fn queries() -> impl Iterator<Item = &'static BundledFile> {
        FILES.iter().filter(|f| f.path.starts_with("queries/") && f.path.ends_with(".rq"))
    }

    /// The SHACL shapes `actorgraph validate` checks against.
    pub fn shapes() -> &'static BundledFile {
        FILES.iter().find(|f| f.path == "ontology/shapes.ttl").expect("build.rs bundles ontology/shapes.ttl")
    }

    /// Name of the graph this file is loaded into.
    pub fn graph_iri(&self) -> String {
        format!("{}{}", crate::rdf::vocab::BUNDLED_GRAPH_PREFIX, self.path)
    }

    /// SHA-256 of the contents, in hex: how the store notices a changed file.
    pub fn content_hash(&self) -> String {
        Sha256::digest(self.contents.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }
}
