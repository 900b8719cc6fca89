//! The bad-input corpus (`tests/corpus/`): one bad input per file, grouped by where it enters (RDF
//! files, SPARQL, `--param` values, names, dates, batch files, texts to scan, FtM files,
//! screening lists). Each directory's
//! `cases.tsv` gives, per case, the exit code expected, what standard error must say (the file and
//! line, or the offending term) and the command. Every case runs against one store, and after each
//! the store must be unchanged and nothing may have panicked.
//!
//! A few cases are too big to keep as files and are generated here (`generated`); a case named
//! in the manifest that exists nowhere stands for a missing file.

use crate::helpers::{checkout, Run, TestStore};
use std::path::{Path, PathBuf};

/// Cases built at run time: large or deeply nested inputs.
fn generated(name: &str) -> Option<Vec<u8>> {
    Some(match name {
        "deep.jsonld" => {
            let depth = 20_000;
            let mut text = String::from("{\"@id\": \"http://example.org/a\", \"http://example.org/p\": ");
            text.push_str(&"[".repeat(depth));
            text.push_str(&"]".repeat(depth));
            text.push('}');
            text.into_bytes()
        }
        "huge-literal.ttl" => {
            let mut text = String::from("<http://example.org/a> <http://example.org/b> \"");
            text.push_str(&"x".repeat(8 * 1024 * 1024));
            text.push('\n');
            text.into_bytes()
        }
        "deep-nesting.rq" => {
            let depth = 100_000;
            format!("SELECT * WHERE {}?s ?p ?o{}", "{ ".repeat(depth), " }".repeat(depth)).into_bytes()
        }
        "huge-line.txt" => {
            let mut text = String::from("China ");
            text.push_str(&"é word ".repeat(400_000));
            text.push_str("Russia\n");
            text.into_bytes()
        }
        "huge-values.rq" => {
            let mut text = String::from("SELECT ?x WHERE { VALUES ?x {");
            for n in 0..100_000 {
                text.push_str(&format!(" <http://example.org/value/{n}>"));
            }
            text.push_str(" } }");
            text.into_bytes()
        }
        _ => return None,
    })
}

struct Case {
    file: String,
    exits: Vec<i32>,
    message: String,
    arguments: String,
}

fn cases(manifest: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(manifest).expect("readable manifest");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 4, "{}: a case needs four tab-separated fields: {line}", manifest.display());
            Case {
                file: fields[0].to_owned(),
                exits: fields[1].split(',').map(|c| c.trim().parse().expect("an exit code")).collect(),
                message: fields[2].to_owned(),
                arguments: fields[3].to_owned(),
            }
        })
        .collect()
}

/// Runs every case of one corpus directory; returns the failures, described.
fn run_directory(name: &str) -> (usize, Vec<String>) {
    let dir = checkout().join("tests/corpus").join(name);
    let store = TestStore::new();
    let before = store.triple_count();
    let mut failures = Vec::new();
    let cases = cases(&dir.join("cases.tsv"));
    for case in &cases {
        let mut path: PathBuf = dir.join(&case.file);
        if !path.exists() {
            if let Some(bytes) = generated(&case.file) {
                path = store.dir.path().join(&case.file);
                std::fs::write(&path, bytes).expect("write a generated case");
            }
        }
        let content = std::fs::read_to_string(&path).unwrap_or_default();
        let arguments: Vec<String> = case
            .arguments
            .split(' ')
            .map(|a| a.replace("{file}", &path.to_string_lossy()).replace("{content}", &content))
            .collect();
        let args: Vec<&str> = arguments.iter().map(String::as_str).collect();
        let run: Run = store.run(&args);
        let describe =
            |what: &str| format!("{name}/{}: {what}\nstdout: {}\nstderr: {}", case.file, run.stdout, run.stderr);
        if !case.exits.contains(&run.code) {
            failures.push(describe(&format!("exit {} (wanted {:?})", run.code, case.exits)));
        }
        if run.stderr.contains("panicked") || run.code == 101 || run.code < 0 {
            failures.push(describe("panicked or was killed"));
        }
        if run.code == 2 && !run.stderr.contains(&case.message) {
            failures.push(describe(&format!("stderr lacks {:?}", case.message)));
        }
        let now = store.triple_count();
        if now != before {
            failures.push(describe(&format!("the store changed: {before} triples before, {now} after")));
        }
    }
    (cases.len(), failures)
}

fn corpus(name: &str) {
    let (count, failures) = run_directory(name);
    assert!(count > 0, "no cases in tests/corpus/{name}");
    assert!(failures.is_empty(), "{} of {count} cases failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn bad_rdf_files() {
    corpus("rdf");
}

#[test]
fn bad_sparql() {
    corpus("sparql");
}

#[test]
fn bad_parameters() {
    corpus("params");
}

#[test]
fn bad_names() {
    corpus("names");
}

#[test]
fn bad_dates() {
    corpus("dates");
}

#[test]
fn bad_batch_files() {
    corpus("batch");
}

#[test]
fn bad_ftm_files() {
    corpus("ftm");
}

#[test]
fn bad_screening_lists() {
    corpus("lists");
}

#[test]
fn bad_texts_to_scan() {
    corpus("texts");
}
