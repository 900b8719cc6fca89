//! Integration tests: the real `actorgraph` binary, stores in temporary directories. One test
//! binary; shared helpers (the `Test` builder, `TestStore`, fixtures) live in `helpers`.
//!
//! What belongs where:
//! - `architecture`: the code map holds (layers, module docs, file sizes); reads `src/`.
//! - `corpus`: the bad-input corpus in `tests/corpus/`, case by case from each `cases.tsv`.
//! - `engine`: store creation, persistence, loads, queries, parameters, dumps, exit codes.
//! - `data`: the bundled ontology and data say what the seed documents say, on the cited lines.
//! - `named_queries`: each named query's rows on the bundled data.
//! - `paths`: path lookups, neighbourhoods, filters, names, batch mode, the JSON schema.
//! - `diagrams`: Graphviz DOT in every mode, valid for any label; hubs, stories, legends, sizes.
//! - `exports`: GraphML, GEXF, Cytoscape.js JSON and CSV, read back by their reference readers.
//! - `validation`: SHACL validation and its exit codes.
//! - `review`: facts beside their cited lines, and `review --check` on the bundled data and on a fixture.
//! - `help`: `--help` examples (each one run), completions, man pages, colour on terminals only.
//! - `scan`: reading texts against the graph, drafts, the measures on the seed documents, bad input.
//! - `readme`: the README's examples, output compared whole with insta snapshots.
//! - `remote`: a real Virtuoso on loopback answers as the embedded store (push, named queries,
//!   paths whole and walked, diagrams); network failures and credentials against a scripted endpoint.
//! - `reliability`: readers beside a writer, writers waiting, kills at random moments, a full disk.

mod engines;
mod helpers;

mod architecture;
mod corpus;
mod data;
mod diagrams;
mod engine;
mod exports;
mod help;
mod named_queries;
mod paths;
mod readme;
mod reliability;
mod remote;
mod review;
mod scan;
mod validation;
