//! Fuzzes batch lines (`path --batch`): never a panic.
#![no_main]
use actorgraph::ops::paths::BatchLine;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for (number, line) in text.lines().enumerate() {
        let _ = BatchLine::parse(number + 1, line);
    }
});
