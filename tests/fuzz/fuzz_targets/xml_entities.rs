//! Fuzzes the RDF/XML entity guard: never a panic, never unbounded work.
#![no_main]
use actorgraph::rdf::xml_entities::check_entities;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = check_entities(bytes);
});
