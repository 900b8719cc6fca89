//! Fuzzes `--as-of` dates: never a panic; a parsed range is not empty.
#![no_main]
use actorgraph::rdf::dates::parse_day_range;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(range) = parse_day_range(text) {
        assert!(range.first <= range.last);
    }
});
