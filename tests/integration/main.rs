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
//! - `ftm`: FtM import on the real OpenSanctions entities, same-actor links, screening lists.
//! - `validation`: SHACL validation and its exit codes.
//! - `review`: facts beside their cited lines, and `review --check` on the bundled data and on a fixture.
//! - `help`: `--help` examples (each one run), completions, man pages, colour on terminals only.
//! - `scan`: reading texts against the graph, drafts, the measures on the seed documents, bad input.
//! - `readme`: the README's examples, output compared whole with insta snapshots.
//! - `remote`: a real Virtuoso on loopback answers as the embedded store (push, named queries,
//!   paths whole and walked, diagrams); network failures and credentials against a scripted endpoint.
//! - `reliability`: readers beside a writer, writers waiting, kills at random moments, a full disk.
//! - `server`: `actorgraph serve` over HTTP: the SPARQL protocol, the Graph Store Protocol, the JSON
//!   API, tokens, limits, signals, the store shared with the command line (`http` holds its helpers).
//! - `w3c`: the W3C SPARQL 1.1 Protocol, Graph Store and Service Description manifests, whole.
//! - `clients`: real clients against the server: SPARQLWrapper, rdflib, and the workbench in
//!   headless Chromium (Python and Chromium from `.ci/run`).

mod engines;
mod helpers;
mod http;

mod architecture;
mod clients;
mod corpus;
mod data;
mod diagrams;
mod engine;
mod exports;
mod ftm;
mod help;
mod named_queries;
mod paths;
mod readme;
mod reliability;
mod remote;
mod review;
mod scan;
mod server;
mod validation;
mod w3c;
