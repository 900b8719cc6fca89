//! Fuzzes name normalisation: never a panic; the normal form is stable.
#![no_main]
use actorgraph::rdf::names::normalise_name;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let once = normalise_name(text);
    assert_eq!(normalise_name(&once), once);
});
