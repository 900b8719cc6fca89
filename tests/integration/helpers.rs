//! Shared test helpers: run the real `actorgraph` binary against a store in a temporary
//! directory and look at what it printed.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use tempfile::TempDir;

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_actorgraph");

/// A store in its own temporary directory; every command runs with `--store` pointing there.
pub(crate) struct TestStore {
    pub dir: TempDir,
}

/// What one invocation did.
pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub(crate) fn from_output(output: Output) -> Self {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts the exit code, showing both streams when it is not the expected one.
    #[track_caller]
    pub(crate) fn expect(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "exit code {} (wanted {code})\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Rows of a TSV output without its header, split into cells.
    pub(crate) fn tsv_rows(&self) -> Vec<Vec<String>> {
        self.stdout.lines().skip(1).map(|l| l.split('\t').map(str::to_owned).collect()).collect()
    }
}

impl TestStore {
    pub(crate) fn new() -> Self {
        TestStore { dir: tempfile::tempdir().expect("temporary directory") }
    }

    pub(crate) fn path(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    pub(crate) fn command(&self) -> Command {
        let mut command = Command::new(BIN);
        command.arg("--store").arg(self.path()).env_remove("ACTORGRAPH_STORE").current_dir(self.dir.path());
        command
    }

    /// Runs `actorgraph --store <dir> <args>`.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        Run::from_output(self.command().args(args).output().expect("run actorgraph"))
    }

    /// Runs with `input` on standard input.
    pub(crate) fn run_with_input(&self, args: &[&str], input: &str) -> Run {
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn actorgraph");
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
        Run::from_output(child.wait_with_output().expect("wait for actorgraph"))
    }

    /// Writes a file into the temporary directory and returns its path.
    pub(crate) fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("write fixture");
        path
    }

    /// What `stats --format json` reports.
    pub(crate) fn stats(&self) -> serde_json::Value {
        let run = self.run(&["stats", "--format", "json"]).expect(0);
        serde_json::from_str(&run.stdout).expect("stats JSON")
    }

    /// Number of triples the store holds, as `stats --format json` reports it.
    pub(crate) fn triple_count(&self) -> u64 {
        self.stats()["total_triples"].as_u64().expect("total_triples")
    }

    /// Loads a fixture from tests/fixtures.
    pub(crate) fn load_fixture(&self, name: &str) -> Run {
        self.run(&["load", fixture(name).to_str().expect("utf-8 path")])
    }
}

/// The checkout under test. Cargo sets `CARGO_MANIFEST_DIR` when it runs the tests, which stays
/// right even when a shared target dir holds a test binary compiled from another clone's path.
pub(crate) fn checkout() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

/// The triples `stats` counts in one graph (its name as `stats` prints it), if it lists the graph.
pub(crate) fn graph_triples(stats: &serde_json::Value, graph: &str) -> Option<u64> {
    stats["graphs"].as_array()?.iter().find(|g| g["graph"] == graph).and_then(|g| g["triples"].as_u64())
}

/// Path of a file in tests/fixtures.
pub(crate) fn fixture(name: &str) -> PathBuf {
    checkout().join("tests/fixtures").join(name)
}

/// Parses SPARQL JSON results into rows of variable -> value.
pub(crate) fn json_rows(text: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let value: serde_json::Value = serde_json::from_str(text).expect("SPARQL JSON results");
    value["results"]["bindings"]
        .as_array()
        .expect("bindings array")
        .iter()
        .map(|row| {
            row.as_object().expect("binding object").iter().map(|(k, v)| (k.clone(), v["value"].clone())).collect()
        })
        .collect()
}

pub(crate) const AGD: &str = "https://w3id.org/actorgraph/data/";

/// Whether Graphviz's `dot` is on PATH (CI installs it; see .ci/run).
pub(crate) fn require_graphviz() {
    let found = Command::new("dot").arg("-V").output().is_ok_and(|o| o.status.success());
    assert!(found, "these tests need Graphviz's `dot` (apt-get install graphviz); .ci/run installs it");
}

/// One invocation of the real binary, described step by step and checked when run, in the
/// manner of `just`'s test builder:
/// `Test::new().args(["path", "China", "Russia"]).status(0).stdout_contains("supplied").run()`.
pub(crate) struct Test {
    store: TestStore,
    args: Vec<String>,
    stdin: Option<String>,
    status: i32,
    stdout: Option<String>,
    stdout_contains: Vec<String>,
    stderr_contains: Vec<String>,
}

impl Test {
    /// A test on a fresh store in its own temporary directory.
    pub(crate) fn new() -> Self {
        Self::on(TestStore::new())
    }

    /// A test on an existing store (to load fixtures first).
    pub(crate) fn on(store: TestStore) -> Self {
        Test {
            store,
            args: Vec::new(),
            stdin: None,
            status: 0,
            stdout: None,
            stdout_contains: Vec::new(),
            stderr_contains: Vec::new(),
        }
    }

    pub(crate) fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    pub(crate) fn stdin(mut self, input: impl Into<String>) -> Self {
        self.stdin = Some(input.into());
        self
    }

    /// The exit status expected (0 unless said otherwise).
    pub(crate) fn status(mut self, code: i32) -> Self {
        self.status = code;
        self
    }

    /// The whole standard output expected.
    pub(crate) fn stdout(mut self, text: impl Into<String>) -> Self {
        self.stdout = Some(text.into());
        self
    }

    pub(crate) fn stdout_contains(mut self, text: impl Into<String>) -> Self {
        self.stdout_contains.push(text.into());
        self
    }

    pub(crate) fn stderr_contains(mut self, text: impl Into<String>) -> Self {
        self.stderr_contains.push(text.into());
        self
    }

    /// Runs the binary and checks every expectation, showing both streams on failure.
    #[track_caller]
    pub(crate) fn run(self) -> Run {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        let run = match &self.stdin {
            Some(input) => self.store.run_with_input(&args, input),
            None => self.store.run(&args),
        }
        .expect(self.status);
        if let Some(expected) = &self.stdout {
            assert_eq!(&run.stdout, expected, "stdout of {args:?}\nstderr:\n{}", run.stderr);
        }
        for part in &self.stdout_contains {
            assert!(run.stdout.contains(part.as_str()), "stdout of {args:?} lacks {part:?}:\n{}", run.stdout);
        }
        for part in &self.stderr_contains {
            assert!(run.stderr.contains(part.as_str()), "stderr of {args:?} lacks {part:?}:\n{}", run.stderr);
        }
        run
    }
}

/// N-Triples of `facts` supply flows between 200 synthetic firms, each with its evidence, in the
/// bundled ontology's terms: a large, valid load for reliability tests.
pub(crate) fn synthetic_facts(facts: usize) -> String {
    const AG: &str = "https://w3id.org/actorgraph/ontology#";
    const BX: &str = "http://bench.example/";
    const TYPE: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
    const LABEL: &str = "<http://www.w3.org/2000/01/rdf-schema#label>";
    let mut out = String::with_capacity(facts * 700);
    out.push_str(&format!("<{BX}doc> {TYPE} <{AG}SourceDocument> .\n<{BX}doc> {LABEL} \"Synthetic document\" .\n"));
    let evidence = |out: &mut String, subject: &str, n: usize| {
        out.push_str(&format!("{subject} <{AG}evidence> _:e{n} .\n_:e{n} <{AG}source> <{BX}doc> .\n"));
        out.push_str(&format!(
            "_:e{n} <{AG}lineStart> \"{}\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n",
            n % 400 + 1
        ));
        out.push_str(&format!("_:e{n} <{AG}confidence> <{AG}Reported> .\n"));
    };
    for firm in 0..200 {
        let subject = format!("<{BX}firm{firm}>");
        out.push_str(&format!("{subject} {TYPE} <{AG}Firm> .\n{subject} {LABEL} \"Synthetic Firm {firm}\" .\n"));
        evidence(&mut out, &subject, firm);
    }
    let good = format!("<{BX}good>");
    out.push_str(&format!("{good} {TYPE} <{AG}Good> .\n{good} {LABEL} \"synthetic goods\" .\n"));
    evidence(&mut out, &good, 200);
    for fact in 0..facts {
        let subject = format!("<{BX}flow{fact}>");
        let (supplier, recipient) = (fact % 200, (fact * 7 + 1) % 200);
        out.push_str(&format!("{subject} {TYPE} <{AG}SupplyFlow> .\n"));
        out.push_str(&format!("{subject} <{AG}supplier> <{BX}firm{supplier}> .\n"));
        out.push_str(&format!("{subject} <{AG}recipient> <{BX}firm{recipient}> .\n"));
        out.push_str(&format!("{subject} <{AG}good> {good} .\n"));
        out.push_str(&format!(
            "{subject} <{AG}date> \"{}\"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n",
            2015 + fact % 10
        ));
        evidence(&mut out, &subject, 201 + fact);
    }
    out
}

/// The shared material (`../shared` from the project root, as CI has it: the seed documents,
/// OpenSanctions entities, the W3C SPARQL tests): `ACTORGRAPH_SHARED`, else the nearest `shared`
/// holding the seed documents beside the checkout or one of its parents. Tests that measure
/// against it fail, rather than pass unseen, when it is missing.
pub(crate) fn shared_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ACTORGRAPH_SHARED") {
        return PathBuf::from(dir);
    }
    let root = checkout();
    root.ancestors()
        .map(|dir| dir.join("shared"))
        .find(|dir| dir.join("seeds").join(SEED_MARKER).is_file())
        .unwrap_or_else(|| {
            panic!("the shared material is not in shared/ beside {} or a parent; set ACTORGRAPH_SHARED", root.display())
        })
}

/// The seed documents: `ACTORGRAPH_SEEDS`, else `seeds` in [`shared_dir`]; checked to hold them.
pub(crate) fn seeds_dir() -> PathBuf {
    let dir = match std::env::var_os("ACTORGRAPH_SEEDS") {
        Some(dir) => PathBuf::from(dir),
        None => shared_dir().join("seeds"),
    };
    assert!(
        dir.join(SEED_MARKER).is_file(),
        "the seed documents are not in {} (set ACTORGRAPH_SEEDS or ACTORGRAPH_SHARED)",
        dir.display()
    );
    dir
}

/// One of the seed documents, to know a directory of them when one is seen.
const SEED_MARKER: &str = "000_b1e0b081c1b0a90a.txt";

/// The Python of the tests' virtual environment (`ACTORGRAPH_PYTHON`, else
/// `~/.cache/actorgraph/venv/bin/python`, made by `.ci/run` from tests/python/requirements.txt),
/// checked to import `modules` (comma-separated, as an `import` statement lists them).
pub(crate) fn python(modules: &str) -> PathBuf {
    let path = match std::env::var_os("ACTORGRAPH_PYTHON") {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cache/actorgraph/venv/bin/python"),
    };
    let ready =
        Command::new(&path).args(["-c", &format!("import {modules}")]).output().is_ok_and(|o| o.status.success());
    assert!(
        ready,
        "these tests need Python with {modules} at {} (set ACTORGRAPH_PYTHON to use another): run .ci/run, or \
         `python3 -m venv ~/.cache/actorgraph/venv && ~/.cache/actorgraph/venv/bin/pip install -r \
         tests/python/requirements.txt`",
        path.display()
    );
    path
}
