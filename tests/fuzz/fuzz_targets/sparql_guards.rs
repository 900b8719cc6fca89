//! Fuzzes the checks a query passes before the SPARQL parser sees it: never a panic.
#![no_main]
use actorgraph::ops::query::nesting_depth;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = nesting_depth(text);
});
