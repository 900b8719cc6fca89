//! Fuzzes `--param NAME=VALUE` parsing: never a panic; an accepted IRI is a valid IRI.
#![no_main]
use actorgraph::rdf::param::{parse_param, parse_term};
use libfuzzer_sys::fuzz_target;
use oxigraph::model::{NamedNode, Term};

fuzz_target!(|text: &str| {
    if let Ok(Term::NamedNode(node)) = parse_term(text) {
        assert!(NamedNode::new(node.as_str()).is_ok());
    }
    let _ = parse_param(text);
});
