//! Shared test helpers: run the real `actorgraph` binary against a store in a temporary
//! directory and look at what it printed.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_actorgraph");

/// A store in its own temporary directory; every command runs with `--store` pointing there.
pub struct TestStore {
    pub dir: TempDir,
}

/// What one invocation did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn from_output(output: Output) -> Self {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts the exit code, showing both streams when it is not the expected one.
    #[track_caller]
    pub fn expect(self, code: i32) -> Self {
        assert_eq!(self.code, code, "exit code {} (wanted {code})\nstdout:\n{}\nstderr:\n{}", self.code, self.stdout, self.stderr);
        self
    }

    /// Rows of a TSV output without its header, split into cells.
    pub fn tsv_rows(&self) -> Vec<Vec<String>> {
        self.stdout.lines().skip(1).map(|l| l.split('\t').map(str::to_owned).collect()).collect()
    }
}

impl TestStore {
    pub fn new() -> Self {
        TestStore { dir: tempfile::tempdir().expect("temporary directory") }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    pub fn command(&self) -> Command {
        let mut command = Command::new(BIN);
        command.arg("--store").arg(self.path()).env_remove("ACTORGRAPH_STORE").current_dir(self.dir.path());
        command
    }

    /// Runs `actorgraph --store <dir> <args>`.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::from_output(self.command().args(args).output().expect("run actorgraph"))
    }

    /// Runs with `input` on standard input.
    pub fn run_with_input(&self, args: &[&str], input: &str) -> Run {
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
    pub fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("write fixture");
        path
    }

    /// Number of triples the store holds, as `stats --format json` reports it.
    pub fn triple_count(&self) -> u64 {
        let run = self.run(&["stats", "--format", "json"]).expect(0);
        let stats: serde_json::Value = serde_json::from_str(&run.stdout).expect("stats JSON");
        stats["total_triples"].as_u64().expect("total_triples")
    }

    /// Loads a fixture from tests/fixtures.
    pub fn load_fixture(&self, name: &str) -> Run {
        self.run(&["load", fixture(name).to_str().expect("utf-8 path")])
    }
}

/// The checkout under test. Cargo sets `CARGO_MANIFEST_DIR` when it runs the tests, which stays
/// right even when a shared target dir holds a test binary compiled from another clone's path.
pub fn checkout() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

/// Path of a file in tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    checkout().join("tests/fixtures").join(name)
}

/// Parses SPARQL JSON results into rows of variable -> value.
pub fn json_rows(text: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let value: serde_json::Value = serde_json::from_str(text).expect("SPARQL JSON results");
    value["results"]["bindings"]
        .as_array()
        .expect("bindings array")
        .iter()
        .map(|row| {
            row.as_object()
                .expect("binding object")
                .iter()
                .map(|(k, v)| (k.clone(), v["value"].clone()))
                .collect()
        })
        .collect()
}

pub const AGD: &str = "https://w3id.org/actorgraph/data/";

/// Whether Graphviz's `dot` is on PATH (CI installs it; see .ci/run).
pub fn require_graphviz() {
    let found = Command::new("dot").arg("-V").output().is_ok_and(|o| o.status.success());
    assert!(found, "these tests need Graphviz's `dot` (apt-get install graphviz); .ci/run installs it");
}
