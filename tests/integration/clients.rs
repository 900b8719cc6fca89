//! Real clients against `actorgraph serve` on loopback: Python's SPARQLWrapper and rdflib, and the
//! workbench in headless Chromium driven by Selenium (scripts in `tests/python/`). `.ci/run`
//! installs Chromium, ChromeDriver and a virtual environment with `tests/python/requirements.txt`
//! and points `ACTORGRAPH_PYTHON` at it. The workbench test keeps a screenshot of each view in
//! `$CARGO_TARGET_TMPDIR/screenshots/`.

use crate::helpers::checkout;
use crate::http::{TestServer, TOKEN};
use std::path::PathBuf;
use std::process::Command;

/// The Python with the test requirements: `$ACTORGRAPH_PYTHON`, or the virtual environment
/// `.ci/run` makes.
fn python(modules: &str) -> PathBuf {
    let python = std::env::var_os("ACTORGRAPH_PYTHON").map(PathBuf::from).unwrap_or_else(|| {
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
        home.join(".cache/actorgraph/venv/bin/python")
    });
    let ready = Command::new(&python).args(["-c", &format!("import {modules}")]).output();
    assert!(
        ready.as_ref().is_ok_and(|o| o.status.success()),
        "these tests need Python with {modules} (tests/python/requirements.txt); .ci/run makes the virtual \
         environment and sets ACTORGRAPH_PYTHON (tried {})",
        python.display()
    );
    python
}

fn run_script(python: &PathBuf, script: &str, args: &[&str]) {
    let output = Command::new(python)
        .arg(checkout().join("tests/python").join(script))
        .args(args)
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .output()
        .expect("run python");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{script} failed\nstdout:\n{stdout}\nstderr:\n{stderr}");
    eprintln!("{script}: {}", stdout.trim());
}

#[test]
fn sparqlwrapper_and_rdflib_query_and_update_the_endpoint() {
    let python = python("SPARQLWrapper, rdflib");
    let server = TestServer::writable();
    run_script(&python, "sparql_clients.py", &[&server.base, TOKEN]);
}

#[test]
fn the_workbench_finds_paths_with_evidence_in_headless_chromium() {
    let python = python("selenium");
    for program in ["chromium", "chromedriver"] {
        let found = Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success());
        assert!(
            found,
            "this test needs Debian's {program} (apt-get install chromium chromium-driver); .ci/run installs it"
        );
    }
    crate::helpers::require_graphviz();
    let server = TestServer::start();
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    run_script(&python, "workbench.py", &[&server.base, shots.to_str().expect("utf-8 path")]);
    for view in ["home", "path", "entity", "query"] {
        let shot = shots.join(format!("{view}.png"));
        let bytes = std::fs::read(&shot).unwrap_or_else(|e| panic!("{}: {e}", shot.display()));
        assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000, "{} is not a screenshot", shot.display());
    }
    eprintln!("screenshots in {}", shots.display());
}
