//! The code map holds: each library layer uses only the layers below it (ARCHITECTURE.md lists
//! them), the library never uses clap or the command line, and no source file outgrows one
//! concept (about 600 lines).

use crate::helpers::checkout;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Library layers, bottom up, and what each may use besides itself.
const LAYERS: &[(&str, &[&str])] = &[
    ("rdf", &[]),
    ("bundled", &["rdf"]),
    ("store", &["rdf", "bundled"]),
    ("remote", &["rdf", "bundled", "store"]),
    ("ftm", &["rdf", "bundled", "store"]),
    ("graph", &["rdf", "bundled", "store"]),
    ("search", &["rdf", "graph"]),
    ("views", &["rdf", "bundled", "store", "remote", "graph", "search"]),
    ("scan", &["rdf", "bundled", "store"]),
    ("ops", &["rdf", "bundled", "store", "remote", "ftm", "graph", "search", "views", "scan"]),
    ("render", &["rdf", "bundled", "store", "remote", "ftm", "graph", "search", "views", "scan", "ops"]),
];

/// The binary's own modules: the library never reaches them.
const BINARY: &[&str] = &["main", "cli", "cmd", "server"];

const MAX_LINES: usize = 650;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src dir") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to: `store` for `src/store/load.rs`.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).expect("under src");
    let first = relative.components().next().expect("a component").as_os_str().to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

/// Every top-level module a file names through `crate::...` (use lines and paths alike).
fn crate_references(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let tail = &rest[at + "crate::".len()..];
            let name: String = tail.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                found.push(name);
            }
            rest = tail;
        }
        // `use crate::{a, b}` style.
        if let Some(group) = line.trim_start().strip_prefix("use crate::{") {
            for name in group.split([',', '}']).map(|n| n.trim().split("::").next().unwrap_or("").to_owned()) {
                if name.chars().next().is_some_and(|c| c.is_alphabetic()) {
                    found.push(name);
                }
            }
        }
    }
    found
}

#[test]
fn library_layers_only_use_the_layers_below() {
    let src = checkout().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let allowed: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    let mut violations = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if module == "lib" || BINARY.contains(&module.as_str()) {
            continue;
        }
        let Some(may_use) = allowed.get(module.as_str()) else {
            violations.push(format!("{}: module '{module}' is not in the layer table", file.display()));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("readable source");
        for used in crate_references(&text) {
            if used != module && !may_use.contains(&used.as_str()) {
                violations.push(format!("{}: layer '{module}' uses '{used}'", file.display()));
            }
        }
        for line in text.lines() {
            let code = line.trim_start();
            if code.starts_with("use clap") || code.contains("clap::") && !code.starts_with("//") {
                violations.push(format!("{}: the library uses clap: {code}", file.display()));
            }
        }
    }
    assert!(violations.is_empty(), "layering violations:\n{}", violations.join("\n"));
}

#[test]
fn the_layer_checker_sees_forbidden_uses() {
    assert_eq!(
        crate_references("use crate::render::dot;\nlet x = crate::graph::Projection::build();"),
        ["render", "graph"]
    );
    assert_eq!(crate_references("use crate::{store, views::hops};"), ["store", "views"]);
    assert!(crate_references("// use crate::render").is_empty());
}

#[test]
fn every_module_says_what_it_is_for_and_stays_small() {
    let src = checkout().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable source");
        if !text.starts_with("//!") {
            problems.push(format!("{}: does not open with a //! line saying what it is for", file.display()));
        }
        let lines = text.lines().count();
        if lines > MAX_LINES {
            problems.push(format!("{}: {lines} lines; split it along its concerns", file.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
