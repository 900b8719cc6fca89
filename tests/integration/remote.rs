//! A remote SPARQL engine (a real Virtuoso on loopback) gives the same answers as the embedded
//! store: `push` copies the bundled graphs (twice leaves it as once; Graph Store Protocol or
//! SPARQL Update), named queries, the README's path lookups (whole path graph, and `--walk`
//! level by level), neighbourhoods and diagrams compare equal; the path graph follows a push.
//! Network failures (retries, timeouts, 4xx messages, non-SPARQL answers) and authentication
//! are checked against a scripted loopback endpoint.

use crate::engines::{Reply, Scripted, Virtuoso};
use crate::helpers::{fixture, synthetic_facts, Run, TestStore};
use serde_json::Value;
use std::collections::BTreeMap;

/// Runs actorgraph with its caches in the test's directory and no endpoint settings from the
/// environment but `envs`.
fn run(store: &TestStore, args: &[&str], envs: &[(&str, &str)]) -> Run {
    let mut command = store.command();
    command.env("XDG_CACHE_HOME", store.dir.path().join("cache")).env("ACTORGRAPH_ENDPOINT_BACKOFF_MS", "20");
    for name in [
        "ACTORGRAPH_ENDPOINT",
        "ACTORGRAPH_UPDATE_ENDPOINT",
        "ACTORGRAPH_GRAPH_STORE",
        "ACTORGRAPH_CREDENTIALS",
        "ACTORGRAPH_ENDPOINT_TOKEN",
        "ACTORGRAPH_ENDPOINT_USER",
        "ACTORGRAPH_ENDPOINT_PASSWORD",
    ] {
        command.env_remove(name);
    }
    for (name, value) in envs {
        command.env(name, value);
    }
    Run::from_output(command.args(after_the_command(args)).output().expect("run actorgraph"))
}

/// The tests name the endpoint first (`--endpoint URL query ...`) so each call reads as where
/// and then what; actorgraph takes endpoint options after the command (`query --endpoint URL`),
/// where this moves them.
fn after_the_command<'a>(args: &[&'a str]) -> Vec<&'a str> {
    // Every endpoint option takes a value but --refresh.
    let mut leading = 0;
    while leading < args.len() && args[leading].starts_with("--") {
        leading += if args[leading] == "--refresh" { 1 } else { 2 };
    }
    let leading = leading.min(args.len());
    let (options, rest) = args.split_at(leading);
    if options.is_empty() {
        return args.to_vec();
    }
    let command_words = if rest.first() == Some(&"export") { 2 } else { 1 };
    let (command, rest) = rest.split_at(command_words.min(rest.len()));
    command.iter().chain(options).chain(rest).copied().collect()
}

/// Triples per actorgraph graph on the endpoint.
fn remote_sizes(store: &TestStore, endpoint: &str) -> BTreeMap<String, u64> {
    let query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"https://w3id.org/actorgraph/graph/\") || STRSTARTS(STR(?g), \"file:\")) } GROUP BY ?g";
    let out = run(store, &["--endpoint", endpoint, "query", "-e", query, "--format", "json"], &[]).expect(0);
    crate::helpers::json_rows(&out.stdout)
        .into_iter()
        .map(|row| (row["g"].as_str().unwrap().to_owned(), row["n"].as_str().unwrap().parse().unwrap()))
        .collect()
}

/// Triples per graph the store would push.
fn local_sizes(store: &TestStore) -> BTreeMap<String, u64> {
    let out = run(store, &["push", "--dry-run", "--format", "json"], &[]).expect(0);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    report["graphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g[0].as_str().unwrap().to_owned(), g[1].as_u64().unwrap()))
        .collect()
}

/// SPARQL JSON rows as a sorted list of sorted (variable, value) pairs, with what the standard
/// leaves to the engine made equal: the order of GROUP_CONCAT's parts (the named queries order
/// their input, which Oxigraph keeps and Virtuoso need not) and an aggregate over nothing given
/// as "" (Virtuoso) or left unbound (Oxigraph). A fact's confidence is its strongest level in
/// both.
fn normalised(json: &str) -> Vec<Vec<(String, String)>> {
    let value: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let mut rows: Vec<Vec<(String, String)>> = value["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let mut cells: Vec<(String, String)> = row
                .as_object()
                .unwrap()
                .iter()
                .filter_map(|(name, cell)| {
                    let text = cell["value"].as_str()?.to_owned();
                    if text.is_empty() {
                        return None;
                    }
                    let mut parts: Vec<&str> = text.split("; ").collect();
                    if parts.len() == 1 && text.split(' ').all(|p| p.starts_with("http")) {
                        parts = text.split(' ').collect();
                    }
                    parts.sort_unstable();
                    Some((name.clone(), parts.join("|")))
                })
                .collect();
            cells.sort();
            cells
        })
        .collect();
    rows.sort();
    rows
}

/// Named queries Virtuoso 7.2.5 answers otherwise than the standard (and Oxigraph): see the
/// README's section on remote engines. The same query text sent by hand gives the same rows.
const VIRTUOSO_DEVIATES: &[&str] = &["evidence-for", "firms-to-sanctions", "sanctions", "statements"];

/// The README's path lookups and neighbourhoods, and the diagrams of one.
const LOOKUPS: &[&[&str]] = &[
    &["path", "nitrocellulose", "Perm Gunpowder Plant", "-k", "3"],
    &["path", "Chinese electronics firms", "--to-type", "Sanction"],
    &["path", "PLA Hawks", "Xi Jinping", "--via", "membership,influence", "-k", "3"],
    &[
        "path",
        "China",
        "Russia",
        "--via",
        "supply",
        "--min-confidence",
        "documented",
        "--as-of",
        "2023",
        "--format",
        "json",
    ],
    &["path", "nitrocellulose", "Perm Gunpowder Plant", "--format", "tsv"],
    &["path", "PLA Hawks", "Xi Jinping", "-k", "3", "--format", "dot", "--footnotes"],
    &["path", "xi jinping", "Zelensky", "-k", "2"],
    &["neighbours", "Lin Jian", "--depth", "2"],
    &["neighbours", "Lin Jian", "--format", "tsv"],
];

#[test]
fn a_virtuoso_endpoint_answers_as_the_embedded_store() {
    let virtuoso = Virtuoso::start(100_000);
    let endpoint = virtuoso.sparql();
    let store = TestStore::new();
    let on = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--endpoint".to_owned(), endpoint.clone()];
        all.extend(args.iter().map(|a| a.to_string()));
        all
    };
    let local = local_sizes(&store);
    assert!(local.len() >= 8 && local.contains_key("https://w3id.org/actorgraph/graph/derived"), "{local:?}");

    // Push with SPARQL Update, twice: the endpoint holds exactly the store's graphs.
    let pushed = run(&store, &["--endpoint", &endpoint, "push"], &[]).expect(0);
    assert!(pushed.stdout.contains("with SPARQL Update"), "{}", pushed.stdout);
    let once = remote_sizes(&store, &endpoint);
    run(&store, &["--endpoint", &endpoint, "push"], &[]).expect(0);
    assert_eq!(remote_sizes(&store, &endpoint), once, "pushing twice leaves the endpoint as once");
    for (graph, size) in &local {
        assert_eq!(once.get(graph), Some(size), "{graph} on the endpoint");
    }
    // The Graph Store Protocol gives the same graphs, evidence records (blank nodes) intact.
    let gsp = run(
        &store,
        &["--endpoint", &endpoint, "--graph-store", &virtuoso.graph_store(), "push", "--chunk", "700"],
        &[],
    )
    .expect(0);
    assert!(gsp.stdout.contains("with the Graph Store Protocol"), "{}", gsp.stdout);
    assert_eq!(remote_sizes(&store, &endpoint), once);
    let records = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?f ag:evidence ?r . ?r ag:source ?s }";
    let local_records = run(&store, &["query", "-e", records], &[]).expect(0).stdout;
    let remote_records =
        run(&store, &on(&["query", "-e", records]).iter().map(String::as_str).collect::<Vec<_>>(), &[])
            .expect(0)
            .stdout;
    assert_eq!(
        local_records,
        remote_records.replace("\"^^<http://www.w3.org/2001/XMLSchema#integer>", "").replace('"', "")
    );

    // Every named query, parameters bound in the parsed query.
    let catalogue: Value =
        serde_json::from_str(&run(&store, &["queries", "--format", "json"], &[]).expect(0).stdout).unwrap();
    let mut compared = 0;
    for query in catalogue.as_array().unwrap() {
        let name = query["name"].as_str().unwrap();
        let args = ["query", name, "--format", "json"];
        let here = run(&store, &args, &[]);
        let there = run(&store, &on(&args).iter().map(String::as_str).collect::<Vec<_>>(), &[]);
        assert_eq!(
            there.code,
            if VIRTUOSO_DEVIATES.contains(&name) { there.code } else { here.code },
            "{name}: {}",
            there.stderr
        );
        assert!(there.code <= 1, "{name}: {}", there.stderr);
        if !VIRTUOSO_DEVIATES.contains(&name) {
            assert_eq!(normalised(&here.stdout), normalised(&there.stdout), "named query {name}");
            compared += 1;
        }
    }
    assert!(compared >= 15, "{compared} named queries compared");
    let with_params = [
        "query",
        "supply-flows",
        "--param",
        "supplier=agd:China",
        "--param",
        "good=agd:Nitrocellulose",
        "--format",
        "json",
    ];
    let here = run(&store, &with_params, &[]).expect(0);
    let there = run(&store, &on(&with_params).iter().map(String::as_str).collect::<Vec<_>>(), &[]).expect(0);
    assert_eq!(normalised(&here.stdout), normalised(&there.stdout));
    assert_eq!(normalised(&there.stdout).len(), 4, "the four yearly nitrocellulose flows");
    // ASK: Virtuoso answers with a one-row table; it reads as true or false all the same.
    let ask = |text: &str| run(&store, &["--endpoint", &endpoint, "query", "-e", text], &[]);
    assert_eq!(ask("ASK { agd:China a ag:State }").expect(0).stdout.trim(), "true");
    assert_eq!(ask("ASK { agd:China a ag:Firm }").expect(1).stdout.trim(), "false");

    // The README's lookups: byte for byte the same, from the whole path graph and walking.
    for lookup in LOOKUPS {
        let here = run(&store, lookup, &[]);
        let there = run(&store, &on(lookup).iter().map(String::as_str).collect::<Vec<_>>(), &[]);
        assert_eq!((there.code, &there.stdout), (here.code, &here.stdout), "{lookup:?}\n{}", there.stderr);
        let mut walking = on(lookup);
        walking.push("--walk".into());
        let walked = run(&store, &walking.iter().map(String::as_str).collect::<Vec<_>>(), &[]);
        assert_eq!((walked.code, &walked.stdout), (here.code, &here.stdout), "{lookup:?} --walk\n{}", walked.stderr);
    }
    // Diagrams and exports of the whole graph and of a neighbourhood.
    for args in [
        &["export", "dot", "--focus", "Perm Gunpowder Plant", "--depth", "2", "--collapse"][..],
        &["export", "graphml"][..],
    ] {
        let here = run(&store, args, &[]).expect(0);
        let there = run(&store, &on(args).iter().map(String::as_str).collect::<Vec<_>>(), &[]).expect(0);
        assert_eq!(here.stdout, there.stdout, "{args:?}");
    }

    // A diagram of a CONSTRUCT: graph answers read from the engine's N-Triples.
    let construct = store.write(
        "supply.rq",
        "CONSTRUCT { ?s ag:suppliesTo ?o } WHERE { GRAPH <https://w3id.org/actorgraph/graph/derived> { ?s ag:suppliesTo ?o } }",
    );
    let args = ["export", "dot", "--query", construct.to_str().unwrap()];
    let here = run(&store, &args, &[]).expect(0);
    let there = run(&store, &on(&args).iter().map(String::as_str).collect::<Vec<_>>(), &[]).expect(0);
    assert_eq!(here.stdout, there.stdout);
    assert!(here.stdout.contains("Nitrocellulose") || here.stdout.contains("nitrocellulose"));

    // The path graph follows the endpoint: a loaded graph pushed is found by the next lookup.
    run(&store, &["load", fixture("paths.ttl").to_str().unwrap()], &[]).expect(0);
    let lookup = ["path", "Alpha", "Délta Leader", "-k", "3"];
    let before = run(&store, &on(&lookup).iter().map(String::as_str).collect::<Vec<_>>(), &[]);
    assert_eq!(before.code, 2, "not pushed yet: {}", before.stdout);
    run(&store, &["--endpoint", &endpoint, "push"], &[]).expect(0);
    let here = run(&store, &lookup, &[]).expect(0);
    let there = run(&store, &on(&lookup).iter().map(String::as_str).collect::<Vec<_>>(), &[]).expect(0);
    assert_eq!(here.stdout, there.stdout);
}

#[test]
fn an_engine_row_limit_does_not_cut_the_path_graph() {
    // Virtuoso answers at most 3,000 rows and says so only in a header; the store holds more
    // than that in one predicate, so pages must shrink to the limit to read it all.
    let virtuoso = Virtuoso::start(3_000);
    let endpoint = virtuoso.sparql();
    let store = TestStore::new();
    let data = store.write("synthetic.nt", &synthetic_facts(1_500));
    run(&store, &["load", data.to_str().unwrap()], &[]).expect(0);
    run(&store, &["--endpoint", &endpoint, "--graph-store", &virtuoso.graph_store(), "push"], &[]).expect(0);
    let lookup = ["path", "Synthetic Firm 3", "Synthetic Firm 150", "-k", "3", "--format", "json"];
    let here = run(&store, &lookup, &[]).expect(0);
    let mut remote = vec!["--endpoint", endpoint.as_str()];
    remote.extend(lookup);
    let there = run(&store, &remote, &[]).expect(0);
    assert_eq!(here.stdout, there.stdout);
    remote.push("--walk");
    assert_eq!(run(&store, &remote, &[]).expect(0).stdout, here.stdout);
}

const ROWS: &str = r#"{"head":{"vars":["state"]},"results":{"bindings":[{"state":{"type":"uri","value":"https://w3id.org/actorgraph/data/China"}}]}}"#;

#[test]
fn network_failures_are_retried_or_explained() {
    let store = TestStore::new();
    let query = |url: &str, extra: &[&str]| {
        let mut args = vec!["--endpoint", url];
        args.extend(extra);
        args.extend(["query", "-e", "SELECT ?state WHERE { ?state a ag:State }"]);
        run(&store, &args, &[])
    };
    // 5xx and 429 are tried again, with backoff, until the endpoint answers.
    let flaky = Scripted::start(vec![
        Reply::Send(503, "text/plain", "busy".into()),
        Reply::Send(429, "text/plain", "slow down".into()),
        Reply::Send(200, "application/sparql-results+json", ROWS.into()),
    ]);
    let ok = query(&flaky.url, &[]).expect(0);
    assert!(ok.stdout.contains("data/China"), "{}", ok.stdout);
    assert_eq!(flaky.requests().len(), 3);
    // ... but not forever: the last status and the endpoint's message are shown.
    let down = Scripted::start(vec![Reply::Send(502, "text/plain", "upstream gone".into())]);
    let failed = query(&down.url, &["--retries", "2"]).expect(2);
    assert!(failed.stderr.contains("HTTP 502: upstream gone"), "{}", failed.stderr);
    assert_eq!(down.requests().len(), 3);
    // A 4xx is not retried; its body is the endpoint's own explanation.
    let refused = Scripted::start(vec![Reply::Send(
        400,
        "text/plain",
        "Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error".into(),
    )]);
    let failed = query(&refused.url, &[]).expect(2);
    assert!(failed.stderr.contains(&format!("POST {}", refused.url)), "{}", failed.stderr);
    assert!(failed.stderr.contains("HTTP 400: Virtuoso 37000 Error SP030"), "{}", failed.stderr);
    assert_eq!(refused.requests().len(), 1);
    // A 200 that is not SPARQL results (Virtuoso's HTML page) is an error, not an empty answer.
    let page =
        Scripted::start(vec![Reply::Send(200, "text/html", "<html><body>SPARQL Query Editor</body></html>".into())]);
    let failed = query(&page.url, &[]).expect(2);
    assert!(
        failed.stderr.contains("not SPARQL JSON results") && failed.stderr.contains("SPARQL Query Editor"),
        "{}",
        failed.stderr
    );
    // An endpoint that does not answer in time.
    let silent = Scripted::start(vec![Reply::Hang]);
    let failed = query(&silent.url, &["--timeout", "1"]).expect(2);
    assert!(failed.stderr.contains("no answer within 1 s"), "{}", failed.stderr);
    // Nobody listening: tried again, then said so.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}/sparql", listener.local_addr().unwrap().port())
    };
    let failed = query(&closed, &["--retries", "1"]).expect(2);
    assert!(failed.stderr.contains("cannot connect after 2 attempts"), "{}", failed.stderr);
}

#[test]
fn credentials_come_from_a_file_or_the_environment_never_the_command_line() {
    let store = TestStore::new();
    let endpoint = Scripted::start(vec![Reply::Send(200, "application/sparql-results+json", ROWS.into())]);
    let args = ["--endpoint", endpoint.url.as_str(), "query", "-e", "SELECT ?state WHERE { ?state a ag:State }"];
    run(&store, &args, &[("ACTORGRAPH_ENDPOINT_TOKEN", "t0k3n")]).expect(0);
    let file = store.write("credentials", "# for the team's endpoint\nbasic analyst:s3cret\n");
    let mut with_file = vec!["--credentials", file.to_str().unwrap()];
    with_file.extend(args);
    run(&store, &with_file, &[]).expect(0);
    run(&store, &args, &[("ACTORGRAPH_ENDPOINT_USER", "analyst"), ("ACTORGRAPH_ENDPOINT_PASSWORD", "pw")]).expect(0);
    let requests = endpoint.requests().join("\n").to_ascii_lowercase();
    assert!(requests.contains("authorization: bearer t0k3n"), "{requests}");
    // base64("analyst:s3cret") and base64("analyst:pw")
    assert!(requests.contains("authorization: basic yw5hbhlzddpzm2nyzxq="), "{requests}");
    assert!(requests.contains("authorization: basic yw5hbhlzddpwdw=="), "{requests}");
    // A password in the URL is refused, and not repeated back.
    let leaky = endpoint.url.replace("http://", "http://analyst:hunter2@");
    let failed = run(&store, &["--endpoint", &leaky, "query", "supply-flows"], &[]).expect(2);
    assert!(
        failed.stderr.contains("credentials do not belong in the URL") && !failed.stderr.contains("hunter2"),
        "{}",
        failed.stderr
    );
    let bad = store.write("bad-credentials", "token abc\n");
    let failed = run(
        &store,
        &["--credentials", bad.to_str().unwrap(), "--endpoint", &endpoint.url, "query", "supply-flows"],
        &[],
    )
    .expect(2);
    assert!(failed.stderr.contains("bad-credentials: expected a line 'bearer TOKEN'"), "{}", failed.stderr);
}

#[test]
fn updates_go_to_the_update_endpoint_where_the_engine_keeps_one() {
    let store = TestStore::new();
    let empty = r#"{"head":{"vars":["g"]},"results":{"bindings":[]}}"#;
    let queries = Scripted::start(vec![Reply::Send(200, "application/sparql-results+json", empty.into())]);
    let updates = Scripted::start(vec![Reply::Send(204, "text/plain", String::new())]);
    let pushed = run(&store, &["--endpoint", &queries.url, "--update-endpoint", &updates.url, "push"], &[]).expect(0);
    assert!(pushed.stdout.contains("with SPARQL Update"), "{}", pushed.stdout);
    let sent = updates.requests();
    assert!(sent.len() >= 10, "{} updates", sent.len());
    assert!(sent.iter().all(|r| r.starts_with("POST /sparql") && r.contains("update=")), "{sent:?}");
    assert!(sent.iter().any(|r| r.contains("DROP+SILENT+GRAPH") || r.contains("DROP%20SILENT%20GRAPH")));
    assert!(queries.requests().iter().all(|r| r.contains("query=") && !r.contains("update=")));
}

#[test]
fn only_commands_that_can_run_on_an_endpoint_take_one() {
    let store = TestStore::new();
    // A screening must never look remote while it reads the local store.
    let screen =
        run(&store, &["screen", "--name", "NORINCO", "--endpoint", "http://127.0.0.1:9/sparql"], &[]).expect(2);
    assert!(screen.stderr.contains("--endpoint"), "{}", screen.stderr);
    for command in [&["serve", "--help"][..], &["screen", "--help"], &["load", "--help"]] {
        let help = run(&store, command, &[]).expect(0).stdout;
        assert!(!help.contains("--endpoint") && !help.contains("--graph-store"), "{command:?}: {help}");
    }
    for command in [&["query", "--help"][..], &["path", "--help"], &["export", "graphml", "--help"]] {
        let help = run(&store, command, &[]).expect(0).stdout;
        assert!(help.contains("--endpoint") && !help.contains("--graph-store"), "{command:?}: {help}");
    }
    assert!(run(&store, &["push", "--help"], &[]).expect(0).stdout.contains("--graph-store"));
    // The variable set for the commands that use it: the others say they read the local store.
    let env = [("ACTORGRAPH_ENDPOINT", "http://127.0.0.1:9/sparql")];
    let screened = run(&store, &["screen", "--name", "Nobody In Particular"], &env).expect(0);
    assert!(screened.stderr.contains("ACTORGRAPH_ENDPOINT is set"), "{}", screened.stderr);
    let listed = run(&store, &["queries"], &env).expect(0);
    assert!(!listed.stderr.contains("ACTORGRAPH_ENDPOINT"), "{}", listed.stderr);
    // --walk without an endpoint is refused before the store is opened.
    let walk = run(&store, &["path", "China", "Russia", "--walk"], &[]).expect(2);
    assert!(walk.stderr.contains("--walk goes with --endpoint"), "{}", walk.stderr);
}
