//! Helpers for the server tests: `actorgraph serve` on an ephemeral loopback port over a store
//! in a temporary directory, a real HTTP client, and a clean stop with SIGTERM.

use crate::helpers::TestStore;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The write token the writable test servers use.
pub(crate) const TOKEN: &str = "test-token-0123456789abcdef";

/// A running `actorgraph serve`.
pub(crate) struct TestServer {
    pub store: TestStore,
    child: Option<Child>,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    stderr: Arc<Mutex<String>>,
    stdout: Arc<Mutex<String>>,
}

impl TestServer {
    /// A read-only server on a fresh store.
    pub(crate) fn start() -> Self {
        Self::on(TestStore::new(), &[])
    }

    /// A writable server (token in a file) on a fresh store.
    pub(crate) fn writable() -> Self {
        Self::writable_on(TestStore::new(), &[])
    }

    /// A writable server on `store`, with more `serve` arguments.
    pub(crate) fn writable_on(store: TestStore, extra: &[&str]) -> Self {
        let token_file = store.write("token", &format!("{TOKEN}\n"));
        let mut args = vec!["--writable", "--token-file", token_file.to_str().expect("utf-8 path")];
        args.extend_from_slice(extra);
        Self::on(store, &args)
    }

    /// `actorgraph --store DIR serve --bind 127.0.0.1:0 EXTRA...` on `store`, once it listens.
    pub(crate) fn on(store: TestStore, extra: &[&str]) -> Self {
        let mut child = store
            .command()
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(extra)
            .env_remove("ACTORGRAPH_TOKEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn actorgraph serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let stdout = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().expect("stderr");
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = err.read_to_string(&mut text);
            sink.lock().unwrap().push_str(&text);
        });
        let (sender, receiver) = std::sync::mpsc::channel();
        let out = BufReader::new(child.stdout.take().expect("stdout"));
        let sink = stdout.clone();
        std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                if let Some(address) = line.split("listening on http://").nth(1) {
                    let _ = sender.send(address.split('/').next().unwrap_or("").to_owned());
                }
                sink.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let address = match receiver.recv_timeout(Duration::from_secs(60)) {
            Ok(address) => address,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                std::thread::sleep(Duration::from_millis(200));
                panic!("the server did not start; stderr:\n{}", stderr.lock().unwrap());
            }
        };
        TestServer { store, child: Some(child), base: format!("http://{address}"), stderr, stdout }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends SIGTERM (unless the process already exited) and waits for the server to exit.
    pub(crate) fn stop(mut self) -> Stopped {
        let mut child = self.child.take().expect("running");
        let status = terminate(&mut child);
        // Let the reader threads take the last lines.
        std::thread::sleep(Duration::from_millis(200));
        Stopped {
            status,
            stdout: self.stdout.lock().unwrap().clone(),
            stderr: self.stderr.lock().unwrap().clone(),
            store: std::mem::replace(&mut self.store, TestStore::new()),
        }
    }

    /// The server's process id.
    pub(crate) fn pid(&self) -> u32 {
        self.child.as_ref().expect("running").id()
    }
}

/// A server that exited: its status, what it printed, and its store for more commands.
pub(crate) struct Stopped {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub store: TestStore,
}

/// SIGTERM, then SIGKILL if the process has not exited after 30 s.
fn terminate(child: &mut Child) -> ExitStatus {
    if let Some(status) = child.try_wait().expect("wait for the server") {
        return status;
    }
    let _ = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().expect("wait for the server") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            return child.wait().expect("wait for the server");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            terminate(&mut child);
        }
    }
}

/// An HTTP client that talks to loopback directly (no proxy from the environment).
pub(crate) fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder().no_proxy().timeout(Duration::from_secs(120)).build().expect("HTTP client")
}

/// A response read whole: status, content type and body.
pub(crate) struct Answer {
    pub status: u16,
    pub content_type: String,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Answer {
    pub(crate) fn of(response: reqwest::blocking::Response) -> Self {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let body = response.text().expect("response body");
        Answer { status, content_type, headers, body }
    }

    /// Asserts the status, showing the body when it is not the expected one.
    #[track_caller]
    pub(crate) fn expect(self, status: u16) -> Self {
        assert_eq!(self.status, status, "status {} (wanted {status}); body:\n{}", self.status, self.body);
        self
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.body))
    }
}

/// GET `url` with an `Accept` header (none when empty).
pub(crate) fn get(url: &str, accept: &str) -> Answer {
    let mut request = client().get(url);
    if !accept.is_empty() {
        request = request.header("Accept", accept);
    }
    Answer::of(request.send().expect("GET"))
}

/// `application/x-www-form-urlencoded` body of the pairs.
pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&encode(name));
        out.push('=');
        out.push_str(&encode(value));
    }
    out
}

/// Percent-encodes everything but unreserved characters.
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}
