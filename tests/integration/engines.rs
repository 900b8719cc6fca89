//! SPARQL engines for the remote tests, on loopback only: a real Virtuoso (open source,
//! Debian's `virtuoso-opensource-7-bin`, which `.ci/run` installs) started in a temporary
//! directory on ephemeral ports and stopped when dropped, and a scripted endpoint that answers
//! each request as told and records what it was sent (for failures and authentication).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// A Virtuoso server of its own, killed when dropped.
pub(crate) struct Virtuoso {
    child: Child,
    pub dir: TempDir,
    pub http_port: u16,
    sql_port: u16,
}

/// A port free on loopback right now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind loopback").local_addr().expect("address").port()
}

fn find_binary(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|p| p.is_file())
}

impl Virtuoso {
    /// Starts Virtuoso with `max_rows` as its answer size limit (ResultSetMaxRows), grants
    /// SPARQL Update and the Graph Store Protocol to the anonymous user (loopback only), and
    /// waits until it answers.
    pub(crate) fn start(max_rows: usize) -> Self {
        // A port picked free may be taken before Virtuoso binds it: try again on others.
        for _ in 0..2 {
            if let Some(server) = Self::try_start(max_rows) {
                return server;
            }
        }
        Self::try_start(max_rows).unwrap_or_else(|| panic!("Virtuoso would not start three times over"))
    }

    fn try_start(max_rows: usize) -> Option<Self> {
        let binary = find_binary("virtuoso-t").unwrap_or_else(|| {
            panic!("these tests need Virtuoso's virtuoso-t (apt-get install virtuoso-opensource-7-bin); .ci/run installs it")
        });
        let dir = tempfile::tempdir().expect("temporary directory");
        let (sql_port, http_port) = (free_port(), free_port());
        let d = dir.path().display();
        let ini = format!(
            "[Database]\nDatabaseFile = {d}/virtuoso.db\nErrorLogFile = {d}/virtuoso.log\nLockFile = {d}/virtuoso.lck\n\
             TransactionFile = {d}/virtuoso.trx\nxa_persistent_file = {d}/virtuoso.pxa\nErrorLogLevel = 7\nFileExtend = 200\n\
             MaxCheckpointRemap = 2000\nStriping = 0\nTempStorage = TempDatabase\n\n\
             [TempDatabase]\nDatabaseFile = {d}/virtuoso-temp.db\nTransactionFile = {d}/virtuoso-temp.trx\nMaxCheckpointRemap = 2000\nStriping = 0\n\n\
             [Parameters]\nServerPort = 127.0.0.1:{sql_port}\nDisableUnixSocket = 1\nDirsAllowed = {d}\nNumberOfBuffers = 10000\n\
             MaxDirtyBuffers = 6000\nCheckpointInterval = 0\nServerThreads = 10\n\n\
             [HTTPServer]\nServerPort = 127.0.0.1:{http_port}\nServerRoot = {d}\nMaxClientConnections = 10\nServerThreads = 10\nEnabledDavVSP = 0\n\n\
             [SPARQL]\nResultSetMaxRows = {max_rows}\nMaxQueryExecutionTime = 120\nMaxQueryCostEstimationTime = 0\n"
        );
        std::fs::write(dir.path().join("virtuoso.ini"), ini).expect("write virtuoso.ini");
        let log = std::fs::File::create(dir.path().join("stdout.log")).expect("log file");
        let child = Command::new(binary)
            .args(["+foreground", "+configfile", "virtuoso.ini"])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("start virtuoso-t");
        let mut server = Virtuoso { child, dir, http_port, sql_port };
        if !server.wait_until_up() {
            return None;
        }
        server.isql("GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);");
        Some(server)
    }

    /// Whether the server came up; false when it exited (a port taken); panics when it hangs.
    fn wait_until_up(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(90);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("virtuoso status") {
                eprintln!("virtuoso-t exited ({status}):\n{}", self.log());
                return false;
            }
            if TcpStream::connect(("127.0.0.1", self.http_port)).is_ok() {
                let answer = Command::new("isql-vt")
                    .arg(format!("127.0.0.1:{}", self.sql_port))
                    .args(["dba", "dba", "exec=select 1;"])
                    .output();
                if answer.is_ok_and(|o| o.status.success()) {
                    return true;
                }
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("Virtuoso did not come up within 90 s:\n{}", self.log());
    }

    /// Runs SQL as the database administrator (the test's own server, on loopback).
    pub(crate) fn isql(&self, sql: &str) {
        let output = Command::new("isql-vt")
            .arg(format!("127.0.0.1:{}", self.sql_port))
            .args(["dba", "dba", &format!("exec={sql}")])
            .output()
            .expect("run isql-vt (virtuoso-opensource-7-bin)");
        assert!(output.status.success(), "isql-vt {sql}: {}", String::from_utf8_lossy(&output.stderr));
    }

    fn log(&self) -> String {
        let read = |name: &str| std::fs::read_to_string(self.dir.path().join(name)).unwrap_or_default();
        format!("{}{}", read("stdout.log"), read("virtuoso.log"))
    }

    /// The SPARQL endpoint.
    pub(crate) fn sparql(&self) -> String {
        format!("http://127.0.0.1:{}/sparql", self.http_port)
    }

    /// The Graph Store Protocol endpoint.
    pub(crate) fn graph_store(&self) -> String {
        format!("http://127.0.0.1:{}/sparql-graph-crud", self.http_port)
    }
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One scripted answer.
#[derive(Clone)]
pub(crate) enum Reply {
    /// Status, content type, body.
    Send(u16, &'static str, String),
    /// Read the request, then say nothing until the client gives up.
    Hang,
}

/// A loopback HTTP endpoint answering requests with its script, in order (the last answer
/// repeats), recording each request's head and body.
pub(crate) struct Scripted {
    pub url: String,
    pub requests: Arc<Mutex<Vec<String>>>,
}

impl Scripted {
    pub(crate) fn start(script: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let url = format!("http://127.0.0.1:{}/sparql", listener.local_addr().expect("address").port());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        std::thread::spawn(move || {
            for (i, stream) in listener.incoming().enumerate().take(50) {
                let Ok(stream) = stream else { continue };
                let reply = script.get(i).or(script.last()).cloned().expect("a script");
                let seen = seen.clone();
                std::thread::spawn(move || answer(stream, reply, &seen));
            }
        });
        Scripted { url, requests }
    }

    pub(crate) fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("requests").clone()
    }
}

fn answer(mut stream: TcpStream, reply: Reply, seen: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut head = String::new();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = value.trim().parse().unwrap_or(0);
        }
        let end = line == "\r\n";
        head.push_str(&line);
        if end {
            break;
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    seen.lock().expect("requests").push(format!("{head}{}", String::from_utf8_lossy(&body)));
    match reply {
        Reply::Hang => std::thread::sleep(Duration::from_secs(5)),
        Reply::Send(status, content_type, body) => {
            let response = format!(
                "HTTP/1.1 {status} Scripted\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    }
}
