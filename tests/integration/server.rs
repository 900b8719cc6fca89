//! `actorgraph serve` over HTTP with a real client: the SPARQL protocol's formats and errors,
//! named queries, path lookups, neighbourhoods, names and diagrams answering exactly what the
//! command line answers, the workbench compiled in, tokens, all-or-nothing writes, limits,
//! concurrent readers, signals, and the store shared with the command line.

use crate::helpers::{fixture, graph_triples, require_graphviz, TestStore, AGD};
use crate::http::{client, encode, form, get, Answer, TestServer, TOKEN};
use std::time::{Duration, Instant};

const COUNT: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";

fn sparql_get(server: &TestServer, query: &str, accept: &str) -> Answer {
    get(&server.url(&format!("/sparql?query={}", encode(query))), accept)
}

fn update(server: &TestServer, text: &str, token: Option<&str>) -> Answer {
    let mut request = client().post(server.url("/sparql")).header("Content-Type", "application/sparql-update");
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    Answer::of(request.body(text.to_owned()).send().expect("POST update"))
}

fn count(server: &TestServer, query: &str) -> u64 {
    let answer = sparql_get(server, query, "application/sparql-results+json").expect(200);
    let json = answer.json();
    json["results"]["bindings"][0]["n"]["value"].as_str().expect("a count").parse().expect("a number")
}

#[test]
fn answers_are_negotiated_by_accept_with_q_values() {
    let server = TestServer::start();
    let select = "SELECT ?label WHERE { agd:China rdfs:label ?label }";
    let json = sparql_get(&server, select, "").expect(200);
    assert_eq!(json.content_type, "application/sparql-results+json");
    assert_eq!(json.json()["results"]["bindings"][0]["label"]["value"], "China");
    let xml = sparql_get(&server, select, "application/sparql-results+xml").expect(200);
    assert!(xml.body.contains("<literal>China</literal>"), "{}", xml.body);
    let csv = sparql_get(&server, select, "text/csv;q=0.9, text/tab-separated-values;q=0.5").expect(200);
    assert_eq!(csv.content_type, "text/csv; charset=utf-8");
    assert_eq!(csv.body.replace("\r\n", "\n"), "label\nChina\n");
    let tsv = sparql_get(&server, select, "text/csv;q=0.1, text/tab-separated-values").expect(200);
    assert_eq!(tsv.body, "?label\n\"China\"\n");
    let not_json = sparql_get(&server, select, "*/*, application/sparql-results+json;q=0").expect(200);
    assert_eq!(not_json.content_type, "application/sparql-results+xml");
    let refused = sparql_get(&server, select, "image/png").expect(406);
    assert!(refused.body.contains("application/sparql-results+json"), "{}", refused.body);

    let construct = "CONSTRUCT { agd:China rdfs:label ?l } WHERE { agd:China rdfs:label ?l }";
    let turtle = sparql_get(&server, construct, "").expect(200);
    assert_eq!(turtle.content_type, "text/turtle; charset=utf-8");
    assert!(turtle.body.contains("agd:China rdfs:label \"China\""), "{}", turtle.body);
    let rdfxml = sparql_get(&server, construct, "application/rdf+xml").expect(200);
    assert!(rdfxml.body.contains("<rdf:RDF"), "{}", rdfxml.body);
    let ntriples = sparql_get(&server, construct, "application/n-triples").expect(200);
    assert_eq!(ntriples.body.trim(), format!("<{AGD}China> <http://www.w3.org/2000/01/rdf-schema#label> \"China\" ."));
    let jsonld = sparql_get(&server, construct, "application/ld+json").expect(200);
    assert!(jsonld.json().is_array() || jsonld.json().is_object());
    sparql_get(&server, construct, "application/sparql-results+json").expect(406);
    let ask = sparql_get(&server, "ASK { agd:China ?p ?o }", "application/sparql-results+xml").expect(200);
    assert!(ask.body.contains("<boolean>true</boolean>"), "{}", ask.body);
}

#[test]
fn bad_requests_get_the_right_status_and_say_what_is_wrong() {
    let server = TestServer::start();
    let syntax = sparql_get(&server, "SELECT * WHERE { ?s ?p", "").expect(400);
    assert!(syntax.body.contains("line 1, column"), "{}", syntax.body);
    let unknown_prefix = sparql_get(&server, "SELECT * WHERE { ?s zz:p ?o }", "").expect(400);
    assert!(unknown_prefix.body.contains("unknown prefix 'zz'"), "{}", unknown_prefix.body);
    // The place and the text found there, not the parser's list of every token it would take.
    assert!(!unknown_prefix.body.contains("expected one of"), "{}", unknown_prefix.body);
    let garbled = sparql_get(&server, "SELECT ) WHERE { ?s ?p ?o }", "").expect(400);
    assert!(garbled.body.contains("line 1, column ") && garbled.body.contains("(at '"), "{}", garbled.body);
    assert!(garbled.body.len() < 300, "{}", garbled.body);
    let twice = get(&server.url("/sparql?query=ASK%7B%7D&query=ASK%7B%7D"), "").expect(400);
    assert!(twice.body.contains("given 2 times"), "{}", twice.body);
    let update_by_get = get(&server.url("/sparql?update=CLEAR%20ALL"), "").expect(400);
    assert!(update_by_get.body.contains("POST"), "{}", update_by_get.body);
    let post = |content_type: Option<&str>, body: &str| {
        let mut request = client().post(server.url("/sparql"));
        if let Some(content_type) = content_type {
            request = request.header("Content-Type", content_type);
        }
        Answer::of(request.body(body.to_owned()).send().expect("POST"))
    };
    assert!(post(None, "ASK {}").expect(400).body.contains("Content-Type"));
    assert!(post(Some("text/plain"), "ASK {}").expect(415).body.contains("text/plain"));
    assert!(post(Some("application/sparql-query; charset=UTF-16"), "ASK {}").expect(415).body.contains("UTF-8"));
    post(Some("application/sparql-query"), "ASK {}").expect(200);
    post(Some("application/x-www-form-urlencoded"), &form(&[("query", "ASK {}")])).expect(200);
    let both = post(Some("application/x-www-form-urlencoded"), &form(&[("query", "ASK {}"), ("update", "CLEAR ALL")]));
    both.expect(400);
    let an_update = sparql_get(&server, "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", "").expect(400);
    assert!(an_update.body.contains("SPARQL Update"), "{}", an_update.body);
    let service = sparql_get(&server, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "");
    assert!(service.expect(400).body.contains("never sends a query to the network"));
    let put = Answer::of(client().put(server.url("/sparql")).body("ASK {}").send().expect("PUT"));
    assert_eq!(put.expect(405).headers["allow"], "GET, HEAD, POST");
    get(&server.url("/no/such/page"), "").expect(404);
}

#[test]
fn named_queries_bind_parameters_exactly_as_the_command_line_does() {
    let server = TestServer::start();
    let api =
        get(&server.url("/api/queries/supply-flows?supplier=agd%3AChina&good=agd%3ANitrocellulose"), "").expect(200);
    assert_eq!(api.content_type, "application/sparql-results+json");
    let cli = server.store.run(&[
        "query",
        "supply-flows",
        "--param",
        "supplier=agd:China",
        "--param",
        "good=agd:Nitrocellulose",
        "--format",
        "json",
    ]);
    assert_eq!(api.body, cli.expect(0).stdout, "the same rows, byte for byte");
    let rows = api.json()["results"]["bindings"].as_array().unwrap().len();
    assert!(rows >= 4, "{rows} nitrocellulose flows");
    // A value is a term, never query text: an injection attempt is a literal that matches nothing.
    let injected =
        get(&server.url(&format!("/api/queries/supply-flows?supplier={}", encode("x } UNION { ?flow ?p ?o"))), "")
            .expect(200);
    assert_eq!(injected.json()["results"]["bindings"].as_array().unwrap().len(), 0, "{}", injected.body);
    let bad_term = get(&server.url("/api/queries/supply-flows?supplier=zz%3AChina"), "").expect(400);
    assert!(bad_term.json()["error"].as_str().unwrap().contains("unknown prefix 'zz'"), "{}", bad_term.body);
    let unbound = get(&server.url("/api/queries/supply-flows?nosuchvariable=1"), "").expect(400);
    assert!(unbound.body.contains("nosuchvariable"), "{}", unbound.body);
    let unknown = get(&server.url("/api/queries/no-such-query"), "").expect(404);
    assert!(unknown.json()["error"].as_str().unwrap().contains("supply-flows"), "{}", unknown.body);
    let csv = get(&server.url("/api/queries/tonnage-by-year?good=agd%3ANitrocellulose"), "text/csv").expect(200);
    assert!(csv.content_type.starts_with("text/csv"), "{}", csv.content_type);
    let list = get(&server.url("/api/queries"), "").expect(200).json();
    let supply = list.as_array().unwrap().iter().find(|q| q["name"] == "supply-flows").expect("listed");
    assert_eq!(supply["params"][0]["name"], "supplier");
    assert!(supply["text"].as_str().unwrap().contains("ag:SupplyFlow"));
}

#[test]
fn path_lookups_neighbourhoods_and_names_answer_what_the_command_line_answers() {
    let server = TestServer::start();
    let api = get(&server.url("/api/path?from=nitrocellulose&to=Perm%20Gunpowder%20Plant&k=3"), "").expect(200);
    let cli = server.store.run(&["path", "nitrocellulose", "Perm Gunpowder Plant", "-k", "3", "--format", "json"]);
    let cli: serde_json::Value = serde_json::from_str(&cli.expect(0).stdout).unwrap();
    assert_eq!(api.json(), cli);
    assert_eq!(api.json()["schema"], "actorgraph.path/1");
    let evidence = &api.json()["paths"][0]["hops"][0]["facts"][0]["evidence"][0];
    assert!(evidence["file"].as_str().unwrap().ends_with(".txt"), "{evidence}");

    let filtered = "from=China&to=Russia&via=supply&min_confidence=documented&as_of=2023&k=2";
    let api = get(&server.url(&format!("/api/path?{filtered}")), "").expect(200);
    let cli = server.store.run(&[
        "path",
        "China",
        "Russia",
        "--via",
        "supply",
        "--min-confidence",
        "documented",
        "--as-of",
        "2023",
        "-k",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(api.json(), serde_json::from_str::<serde_json::Value>(&cli.expect(0).stdout).unwrap());

    let neighbours = get(&server.url("/api/neighbours?node=Xi%20Jinping&depth=2"), "").expect(200);
    let cli = server.store.run(&["neighbours", "Xi Jinping", "--depth", "2", "--format", "json"]);
    assert_eq!(neighbours.json(), serde_json::from_str::<serde_json::Value>(&cli.expect(0).stdout).unwrap());

    let unknown = get(&server.url("/api/path?from=Chyna&to=Russia"), "").expect(404).json();
    assert!(unknown["error"].as_str().unwrap().contains("Chyna"), "{unknown}");
    assert!(unknown["candidates"].as_array().unwrap().iter().any(|c| c["label"] == "China"), "{unknown}");
    let bad_family = get(&server.url("/api/path?from=China&to=Russia&via=gossip"), "").expect(400).json();
    assert!(bad_family["error"].as_str().unwrap().contains("gossip"), "{bad_family}");
    get(&server.url("/api/path?from=China&to=Russia&k=1000"), "").expect(400);
    let strict = get(&server.url("/api/path?from=China&to=Russia&k=2&profile=strict"), "").expect(200);
    let cli = server.store.run(&["path", "China", "Russia", "-k", "2", "--profile", "strict", "--format", "json"]);
    assert_eq!(strict.json(), serde_json::from_str::<serde_json::Value>(&cli.expect(0).stdout).unwrap());
    let bad_profile = get(&server.url("/api/path?from=China&to=Russia&profile=loose"), "").expect(400).json();
    assert!(bad_profile["error"].as_str().unwrap().contains("profile=loose"), "{bad_profile}");

    let names = get(&server.url("/api/names?q=nitro"), "").expect(200).json();
    assert_eq!(names[0]["iri"], format!("{AGD}Nitrocellulose"), "{names}");
    let resolved = get(&server.url("/api/resolve?name=beijing"), "").expect(200).json();
    assert_eq!(resolved["iri"], format!("{AGD}China"));
    assert_eq!(get(&server.url("/api/names?q="), "").expect(200).json(), serde_json::json!([]));
    let vocabulary = get(&server.url("/api/vocabulary"), "").expect(200).json();
    assert!(vocabulary["families"].as_array().unwrap().iter().any(|f| f["key"] == "supply"));
    assert_eq!(vocabulary["confidence"][0]["key"], "documented", "strongest first");
}

#[test]
fn diagrams_are_the_command_lines_drawn_by_graphviz() {
    require_graphviz();
    let server = TestServer::start();
    let dot = get(&server.url("/api/diagram?kind=path&from=nitrocellulose&to=Perm%20Gunpowder%20Plant&format=dot"), "")
        .expect(200);
    assert_eq!(dot.content_type, "text/vnd.graphviz; charset=utf-8");
    let cli = server.store.run(&["path", "nitrocellulose", "Perm Gunpowder Plant", "--format", "dot"]);
    assert_eq!(dot.body, cli.expect(0).stdout);
    let focus =
        get(&server.url("/api/diagram?kind=focus&node=Perm%20Gunpowder%20Plant&depth=1&format=dot"), "").expect(200);
    let cli = server.store.run(&["export", "dot", "--focus", "Perm Gunpowder Plant", "--depth", "1"]);
    assert_eq!(focus.body, cli.expect(0).stdout);
    let svg = get(&server.url("/api/diagram?kind=focus&node=agd%3APermGunpowderPlant"), "").expect(200);
    assert_eq!(svg.content_type, "image/svg+xml");
    assert!(svg.body.contains("<svg") && svg.body.contains("Perm Gunpowder Plant"), "{}", &svg.body[..200]);
    let construct =
        "CONSTRUCT { ?f ag:supplier ?s } WHERE { ?f a ag:SupplyFlow ; ag:supplier ?s ; ag:good agd:Nitrocellulose }";
    let query = get(&server.url(&format!("/api/diagram?kind=query&format=dot&sparql={}", encode(construct))), "");
    let file = server.store.write("nitro.rq", construct);
    let cli = server.store.run(&["export", "dot", "--query", file.to_str().unwrap()]);
    assert_eq!(query.expect(200).body, cli.expect(0).stdout);
    let select = get(&server.url("/api/diagram?kind=query&query=sanctions&param.target=agd%3ABelarus"), "").expect(400);
    let cli = server.store.run(&["export", "dot", "--query", "sanctions", "--param", "target=agd:Belarus"]);
    let message = select.json()["error"].as_str().unwrap().to_owned();
    assert!(message.contains("?subject ?relation ?object") && cli.expect(2).stderr.contains(&message), "{message}");
    get(&server.url("/api/diagram?kind=nonsense&node=China"), "").expect(400);
}

#[test]
fn the_workbench_is_served_from_the_binary_without_the_network() {
    let server = TestServer::start();
    for page in ["/", "/query", "/path", "/entity"] {
        let html = get(&server.url(page), "text/html").expect(200);
        assert_eq!(html.content_type, "text/html; charset=utf-8");
        assert!(html.body.contains("actorgraph workbench"), "{page}");
        let elsewhere: Vec<&str> =
            html.body.split(['"', '\'']).filter(|s| s.starts_with("http") || s.starts_with("//")).collect();
        assert!(elsewhere.is_empty(), "{page} refers to {elsewhere:?}: everything must come from the server itself");
    }
    for asset in [
        "/assets/app.js",
        "/assets/app.css",
        "/assets/vendor/yasgui/yasqe.min.js",
        "/assets/vendor/yasgui/yasr.min.css",
        "/assets/vendor/yasgui/LICENSE",
        "/assets/vendor/yasgui/THIRD-PARTY-LICENSES.txt",
    ] {
        let answer = get(&server.url(asset), "").expect(200);
        assert!(!answer.body.is_empty(), "{asset}");
    }
    assert!(get(&server.url("/assets/app.js"), "").content_type.starts_with("text/javascript"));
    get(&server.url("/assets/no-such-file.js"), "").expect(404);
    let prefixes = get(&server.url("/api/prefixes"), "").expect(200).json();
    assert_eq!(prefixes["agd"], AGD);
}

#[test]
fn the_service_description_says_what_the_server_accepts() {
    let reader = TestServer::start();
    let description = get(&reader.url("/sparql"), "").expect(200);
    assert_eq!(description.content_type, "text/turtle; charset=utf-8");
    assert!(description.body.contains(&format!("sd:endpoint <{}>", reader.url("/sparql"))), "{}", description.body);
    assert!(description.body.contains("sd:SPARQL11Query") && !description.body.contains("SPARQL11Update"));
    assert!(description.body.contains("sd:UnionDefaultGraph"));
    assert!(description.body.contains("graph/bundled/data/entities.ttl"), "lists the graphs");
    drop(reader);
    let writer = TestServer::writable();
    let description = get(&writer.url("/sparql"), "application/n-triples").expect(200);
    assert!(description.body.contains("sparql-service-description#SPARQL11Update"), "{}", description.body);
}

#[test]
fn stats_count_what_an_update_wrote_into_the_default_graph() {
    // Only SPARQL Update reaches the store's own default graph (a load puts a file's default
    // graph into a graph named after the file).
    let server = TestServer::writable();
    let insert = "INSERT DATA { <http://e/a> <http://e/b> 1 , 2 . GRAPH <http://e/g> { <http://e/a> <http://e/b> 3 } }";
    update(&server, insert, Some(TOKEN)).expect(204);
    let stats = server.store.stats();
    assert_eq!(graph_triples(&stats, "(default graph)"), Some(2), "{stats}");
    assert_eq!(graph_triples(&stats, "http://e/g"), Some(1), "{stats}");
}

#[test]
fn writes_need_a_writable_server_and_the_token() {
    let reader = TestServer::start();
    let refused = update(&reader, "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", Some(TOKEN)).expect(403);
    assert!(refused.body.contains("--writable"), "{}", refused.body);
    let put = client()
        .put(reader.url("/store?graph=http%3A%2F%2Fe%2Fg"))
        .header("Content-Type", "text/turtle")
        .body("<http://e/a> <http://e/b> <http://e/c> .")
        .send()
        .expect("PUT");
    assert_eq!(put.status().as_u16(), 403);
    drop(reader);

    let server = TestServer::writable();
    let insert = "INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/b> \"written\" } }";
    let anonymous = update(&server, insert, None).expect(401);
    assert_eq!(anonymous.headers["www-authenticate"], "Bearer realm=\"actorgraph\"");
    update(&server, insert, Some("not-the-token-at-all-000")).expect(403);
    assert_eq!(count(&server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://e/g> { ?s ?p ?o } }"), 0);
    update(&server, insert, Some(TOKEN)).expect(204);
    assert_eq!(count(&server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://e/g> { ?s ?p ?o } }"), 1);
    let form_update = client()
        .post(server.url("/sparql"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form(&[("update", "DROP GRAPH <http://e/g>")]))
        .send()
        .expect("POST");
    assert_eq!(form_update.status().as_u16(), 401, "a form update needs the token too");
    // The command line reads the server's writes from the snapshot it publishes.
    let cli = server.store.run(&["query", "-e", "SELECT ?o WHERE { GRAPH <http://e/g> { ?s ?p ?o } }"]).expect(0);
    assert!(cli.stdout.contains("written"), "{}", cli.stdout);
}

#[test]
fn writes_are_all_or_nothing_and_never_touch_actorgraphs_own_graphs() {
    let server = TestServer::writable();
    let put = |graph: &str, body: &str| {
        Answer::of(
            client()
                .put(server.url(&format!("/store?graph={}", encode(graph))))
                .header("Content-Type", "text/turtle")
                .header("Authorization", format!("Bearer {TOKEN}"))
                .body(body.to_owned())
                .send()
                .expect("PUT"),
        )
    };
    put("http://e/g", "<http://e/a> <http://e/b> \"first\" .").expect(201);
    let broken = put("http://e/g", "<http://e/a> <http://e/b> \"second\" .\n<http://e/a> <http://e/b> .\n").expect(400);
    assert!(broken.body.contains("request body:2:"), "{}", broken.body);
    let graph = get(&server.url("/store?graph=http%3A%2F%2Fe%2Fg"), "application/n-triples").expect(200);
    assert_eq!(graph.body.trim(), "<http://e/a> <http://e/b> \"first\" .", "the failed PUT changed nothing");

    let before = count(&server, COUNT);
    let half = "INSERT DATA { GRAPH <http://e/h> { <http://e/x> <http://e/y> 1 } } ; CREATE GRAPH <http://e/g>";
    update(&server, half, Some(TOKEN)).expect(400);
    assert_eq!(count(&server, COUNT), before, "the first operation of a failed update is undone");

    let bundled = "https://w3id.org/actorgraph/graph/bundled/data/entities.ttl";
    for refused in [
        format!("CLEAR GRAPH <{bundled}>"),
        "INSERT DATA { GRAPH <https://w3id.org/actorgraph/graph/meta> { <http://e/a> <http://e/b> 1 } }".to_owned(),
        format!("INSERT {{ GRAPH ?g {{ <http://e/a> <http://e/b> 1 }} }} WHERE {{ BIND(<{bundled}> AS ?g) }}"),
        format!("DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = <{bundled}>) }}"),
        "LOAD <http://example.org/data.ttl>".to_owned(),
    ] {
        let answer = update(&server, &refused, Some(TOKEN)).expect(403);
        assert!(answer.body.contains("reserved") || answer.body.contains("network"), "{refused}: {}", answer.body);
    }
    put(bundled, "<http://e/a> <http://e/b> 1 .").expect(403);
    assert_eq!(count(&server, COUNT), before, "nothing changed");
    // DROP ALL drops the user's graphs only: the bundled data stays.
    update(&server, "DROP ALL", Some(TOKEN)).expect(204);
    get(&server.url("/store?graph=http%3A%2F%2Fe%2Fg"), "").expect(404);
    assert!(count(&server, "SELECT (COUNT(*) AS ?n) WHERE { agd:China ?p ?o }") > 0);
    server.store.run(&["check"]).expect(0);
    let path = get(&server.url("/api/path?from=nitrocellulose&to=Perm%20Gunpowder%20Plant"), "").expect(200);
    assert_eq!(path.json()["paths"].as_array().unwrap().len(), 1);
}

#[test]
fn writes_derive_edges_so_path_lookups_see_them_at_once() {
    let server = TestServer::writable();
    let facts = std::fs::read_to_string(fixture("paths.ttl")).expect("fixture");
    let answer = Answer::of(
        client()
            .put(server.url("/store?graph=http%3A%2F%2Fe%2Fpaths"))
            .header("Content-Type", "text/turtle")
            .header("Authorization", format!("Bearer {TOKEN}"))
            .body(facts)
            .send()
            .expect("PUT"),
    );
    answer.expect(201);
    let path = get(&server.url("/api/path?from=Alpha&to=D%C3%A9lta%20Leader"), "").expect(200).json();
    assert_eq!(path["paths"][0]["length"], 1, "{path}");
    // The edges derived for the new facts alone are those a full derivation gives.
    server.store.run(&["check"]).expect(0);
    let cli = server.store.run(&["path", "Alpha", "Délta Leader", "--format", "json"]);
    assert_eq!(path, serde_json::from_str::<serde_json::Value>(&cli.expect(0).stdout).unwrap());
    let delete = client()
        .delete(server.url("/store?graph=http%3A%2F%2Fe%2Fpaths"))
        .header("Authorization", format!("Bearer {TOKEN}"))
        .send()
        .expect("DELETE");
    assert_eq!(delete.status().as_u16(), 204);
    get(&server.url("/api/path?from=Alpha&to=D%C3%A9lta%20Leader"), "").expect(404);
}

#[test]
fn while_a_writable_server_runs_cli_reads_work_and_cli_writes_say_what_to_do() {
    let server = TestServer::writable();
    server.store.run(&["query", "supply-flows", "--param", "supplier=agd:China"]).expect(0);
    server.store.run(&["path", "China", "Russia"]).expect(0);
    let load = server.store.run(&["--wait", "0", "load", fixture("sample.ttl").to_str().unwrap()]).expect(2);
    assert!(load.stderr.contains("serve"), "{}", load.stderr);
    assert!(load.stderr.contains("stop the server first, or send the data to its endpoint"), "{}", load.stderr);
}

#[test]
fn a_read_only_server_sees_what_the_command_line_loads() {
    let server = TestServer::start();
    let before = count(&server, COUNT);
    get(&server.url("/api/path?from=Alpha&to=Beta%20Industries"), "").expect(404);
    server.store.load_fixture("paths.ttl").expect(0);
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(&server, COUNT) == before {
        assert!(Instant::now() < deadline, "the server never saw the load");
        std::thread::sleep(Duration::from_millis(100));
    }
    let path = get(&server.url("/api/path?from=Alpha&to=D%C3%A9lta%20Leader"), "").expect(200).json();
    assert_eq!(path["paths"][0]["length"], 1, "the path graph of the new snapshot: {path}");
}

#[test]
fn slow_huge_and_oversized_requests_are_stopped_and_the_server_keeps_answering() {
    let server = TestServer::on(
        TestStore::new(),
        &["--query-timeout", "2", "--workers", "1", "--max-result-mib", "1", "--max-body-mib", "1"],
    );
    let started = Instant::now();
    let slow = sparql_get(&server, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "");
    let slow = slow.expect(503);
    assert!(slow.body.contains("--query-timeout"), "{}", slow.body);
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());
    // The only worker is handed on at the time limit: the next query is answered at once.
    let started = Instant::now();
    assert!(count(&server, COUNT) > 1000);
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    // The stopped query ends by itself: its cancellation is checked each time it reads the store.
    let deadline = Instant::now() + Duration::from_secs(120);
    while get(&server.url("/api/status"), "").expect(200).json()["running"] != 1 {
        assert!(Instant::now() < deadline, "the stopped query never ended");
        std::thread::sleep(Duration::from_millis(200));
    }
    let huge = sparql_get(&server, "SELECT * WHERE { ?s ?p ?o }", "").expect(503);
    assert!(huge.body.contains("--max-result-mib"), "{}", huge.body);
    let body = format!("query={}", "x".repeat(2 * 1024 * 1024));
    let oversized = client()
        .post(server.url("/sparql"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .expect("POST");
    assert_eq!(oversized.status().as_u16(), 413);
    assert!(count(&server, COUNT) > 1000, "still answering");
}

#[test]
fn many_concurrent_readers_get_consistent_answers() {
    let server = TestServer::start();
    let expected_count = count(&server, COUNT);
    let expected_path = get(&server.url("/api/path?from=China&to=Russia&k=2"), "").expect(200).body;
    let base = server.base.clone();
    let threads: Vec<_> = (0..32)
        .map(|i| {
            let base = base.clone();
            let expected_path = expected_path.clone();
            std::thread::spawn(move || {
                for _ in 0..5 {
                    if i % 2 == 0 {
                        let answer =
                            get(&format!("{base}/sparql?query={}", encode(COUNT)), "application/sparql-results+json");
                        let json = answer.expect(200).json();
                        let n: u64 = json["results"]["bindings"][0]["n"]["value"].as_str().unwrap().parse().unwrap();
                        assert_eq!(n, expected_count);
                    } else {
                        let answer = get(&format!("{base}/api/path?from=China&to=Russia&k=2"), "").expect(200);
                        assert_eq!(answer.body, expected_path);
                    }
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("a reader thread panicked");
    }
}

#[test]
fn sigterm_and_sigint_stop_the_server_cleanly_and_release_the_store() {
    let server = TestServer::writable();
    update(&server, "INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/b> 1 } }", Some(TOKEN)).expect(204);
    let stopped = server.stop();
    assert_eq!(stopped.status.code(), Some(0), "{}", stopped.stderr);
    assert!(stopped.stderr.contains("shutting down, finishing the requests under way"), "{}", stopped.stderr);
    assert!(stopped.stdout.contains("actorgraph serve: stopped"), "{}", stopped.stdout);
    // The store is consistent, holds the write, and is free for the command line to write.
    let store = stopped.store;
    store.run(&["check"]).expect(0);
    let ask = store.run(&["query", "-e", "ASK { GRAPH <http://e/g> { <http://e/a> <http://e/b> 1 } }"]);
    assert_eq!(ask.expect(0).stdout.trim(), "true");
    store.run(&["--wait", "0", "load", fixture("sample.ttl").to_str().unwrap()]).expect(0);
    // Again with SIGINT (Ctrl-C) on the same store.
    let server = TestServer::writable_on(store, &[]);
    let interrupted = std::process::Command::new("kill").args(["-INT", &server.pid().to_string()]).status().unwrap();
    assert!(interrupted.success());
    let stopped = server.stop();
    assert_eq!(stopped.status.code(), Some(0), "{}", stopped.stderr);
    stopped.store.run(&["check"]).expect(0);
}

#[test]
fn serve_refuses_unsafe_or_impossible_options() {
    let store = TestStore::new();
    let no_token = store.run(&["serve", "--writable", "--bind", "127.0.0.1:0"]).expect(2);
    assert!(no_token.stderr.contains("ACTORGRAPH_TOKEN"), "{}", no_token.stderr);
    let short = store.write("short-token", "abc\n");
    let weak = store.run(&["serve", "--writable", "--token-file", short.to_str().unwrap(), "--bind", "127.0.0.1:0"]);
    let weak = weak.expect(2);
    assert!(weak.stderr.contains("at least 16 characters"), "{}", weak.stderr);
    let timeout = store.run(&["serve", "--query-timeout", "0", "--bind", "127.0.0.1:0"]).expect(2);
    assert!(timeout.stderr.contains("--query-timeout"), "{}", timeout.stderr);
}
