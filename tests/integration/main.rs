//! Integration tests: the real `actorgraph` binary, stores in temporary directories.

mod helpers;

mod data;
mod diagrams;
mod engine;
mod named_queries;
mod paths;
mod validation;
