//! The W3C SPARQL 1.1 Protocol, Graph Store Protocol and Service Description test manifests
//! (`reference/w3c-sparql11/` in the shared material, `../shared` or `$ACTORGRAPH_SHARED`),
//! read as RDF and run request by request against `actorgraph serve --writable` on loopback.
//!
//! Every case applies and runs: the 34 protocol tests (queries and updates, on one writable
//! server, the user's graphs dropped and the test's `ut:graphData` loaded through the Graph
//! Store Protocol before each), the 13 listed Graph Store Protocol tests plus
//! `head_non_existing_direct`, which the direct manifest defines but does not list, and the 3
//! service description tests. The manifests' paths `/sparql/` and `/gsp` map to the server's
//! `/sparql` and `/store`; requests carry the manifests' `Host: www.example`, so graph IRIs of
//! direct identification are `http://www.example/store/...`. What the service description
//! tests check is not in their manifest (names only): the checks here follow the W3C validator
//! (kasei/sparql11-sdvalidator): the description parses as RDF, has `sd:endpoint <URL fetched>`,
//! and every `sd:NamedGraph` has an `sd:name`.

use crate::helpers::shared_dir;
use crate::http::{client, TestServer, TOKEN};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{Graph, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Term, TermRef, Triple};
use std::path::{Path, PathBuf};

const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const HT: &str = "http://www.w3.org/2011/http#";
const HTS: &str = "http://www.w3.org/2011/http-statusCodes#";
const CNT: &str = "http://www.w3.org/2011/content#";
const UT: &str = "http://www.w3.org/2009/sparql/tests/test-update#";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const SD: &str = "http://www.w3.org/ns/sparql-service-description#";

/// Where the manifests are: `reference/w3c-sparql11` in the shared material (see
/// `helpers::shared_dir`).
fn suite_dir() -> PathBuf {
    let dir = shared_dir().join("reference/w3c-sparql11");
    assert!(
        dir.join("protocol/manifest.ttl").is_file(),
        "the W3C SPARQL 1.1 test manifests are not at {}; set ACTORGRAPH_SHARED to the shared directory",
        dir.display()
    );
    dir.canonicalize().expect("a canonical path")
}

fn iri(namespace: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{namespace}{local}"))
}

/// A manifest file (and what it includes) as one graph.
struct Manifest {
    graph: Graph,
    file: PathBuf,
}

impl Manifest {
    fn read(file: &Path) -> Self {
        let mut graph = Graph::new();
        Self::load(&mut graph, file);
        Manifest { graph, file: file.to_owned() }
    }

    fn load(graph: &mut Graph, file: &Path) {
        let text = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let base = format!("file://{}", file.display());
        for triple in RdfParser::from_format(RdfFormat::Turtle).with_base_iri(&base).expect("base IRI").for_slice(&text)
        {
            let quad = triple.unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            graph.insert(&Triple::new(quad.subject, quad.predicate, quad.object));
        }
    }

    fn object(&self, subject: &Term, predicate: &NamedNode) -> Option<Term> {
        let subject = as_subject(subject)?;
        self.graph.object_for_subject_predicate(subject, predicate).map(TermRef::into_owned)
    }

    fn objects(&self, subject: &Term, predicate: &NamedNode) -> Vec<Term> {
        match as_subject(subject) {
            Some(s) => self.graph.objects_for_subject_predicate(s, predicate).map(TermRef::into_owned).collect(),
            None => Vec::new(),
        }
    }

    fn text(&self, subject: &Term, predicate: &NamedNode) -> Option<String> {
        match self.object(subject, predicate)? {
            Term::Literal(l) => Some(l.value().to_owned()),
            Term::NamedNode(n) => Some(n.as_str().to_owned()),
            _ => None,
        }
    }

    /// The members of an RDF list.
    fn list(&self, head: &Term) -> Vec<Term> {
        let (first, rest, nil) = (iri(RDF, "first"), iri(RDF, "rest"), iri(RDF, "nil"));
        let mut items = Vec::new();
        let mut node = head.clone();
        while node != Term::NamedNode(nil.clone()) {
            items.push(self.object(&node, &first).expect("rdf:first"));
            node = self.object(&node, &rest).expect("rdf:rest");
        }
        items
    }

    /// The test entries in manifest order, with those of included manifests.
    fn entries(&self) -> Vec<Term> {
        let manifest = Term::NamedNode(NamedNode::new_unchecked(format!("file://{}", self.file.display())));
        match self.object(&manifest, &iri(MF, "entries")) {
            Some(head) => self.list(&head),
            None => Vec::new(),
        }
    }
}

fn as_subject(term: &Term) -> Option<NamedOrBlankNodeRef<'_>> {
    match term {
        Term::NamedNode(n) => Some(n.as_ref().into()),
        Term::BlankNode(b) => Some(b.as_ref().into()),
        _ => None,
    }
}

/// What one test gave.
struct Outcome {
    name: String,
    failure: Option<String>,
}

fn report(suite: &str, outcomes: &[Outcome]) {
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
    eprintln!("{suite}: {} run, {} passed, {} failed", outcomes.len(), outcomes.len() - failed.len(), failed.len());
    let details: Vec<String> =
        failed.iter().map(|o| format!("- {}: {}", o.name, o.failure.as_deref().unwrap_or(""))).collect();
    assert!(failed.is_empty(), "{suite}: failing tests:\n{}", details.join("\n"));
}

/// Maps the manifests' paths onto the server's.
fn server_path(path: &str) -> String {
    if let Some(rest) = path.strip_prefix("/sparql/") {
        return format!("/sparql{}", if rest.is_empty() { String::new() } else { format!("/{rest}") })
            .replace("/sparql/?", "/sparql?");
    }
    if let Some(rest) = path.strip_prefix("/gsp") {
        return format!("/store{rest}");
    }
    path.to_owned()
}

/// Sends one `ht:Request` and checks its `ht:resp`; returns the response's Location.
fn run_request(
    manifest: &Manifest,
    server: &TestServer,
    request: &Term,
    location: Option<&str>,
) -> Result<Option<String>, String> {
    let method = manifest.text(request, &iri(HT, "methodName")).expect("ht:methodName");
    let mut path = manifest.text(request, &iri(HT, "absolutePath")).expect("ht:absolutePath");
    if let Some(location) = location {
        path = path.replace("$LOCATION$", location);
    }
    let url = server.url(&server_path(&path));
    let mut builder = client()
        .request(reqwest::Method::from_bytes(method.as_bytes()).expect("method"), &url)
        .header("Host", "www.example")
        .header("Authorization", format!("Bearer {TOKEN}"));
    if let Some(headers) = manifest.object(request, &iri(HT, "headers")) {
        for header in manifest.list(&headers) {
            let name = manifest.text(&header, &iri(HT, "fieldName")).expect("ht:fieldName");
            let value = manifest.text(&header, &iri(HT, "fieldValue")).expect("ht:fieldValue");
            builder = builder.header(name, value);
        }
    }
    if let Some(body) = manifest.object(request, &iri(HT, "body")) {
        let chars = manifest.text(&body, &iri(CNT, "chars")).expect("cnt:chars");
        let encoding = manifest.text(&body, &iri(CNT, "characterEncoding")).unwrap_or_else(|| "UTF-8".into());
        let bytes = if encoding.eq_ignore_ascii_case("UTF-16") {
            // As Java and the W3C validator encode "UTF-16": big-endian with a byte order mark.
            let mut bytes = vec![0xFE, 0xFF];
            bytes.extend(chars.encode_utf16().flat_map(u16::to_be_bytes));
            bytes
        } else {
            chars.into_bytes()
        };
        builder = builder.body(bytes);
    }
    let response = builder.send().map_err(|e| format!("{method} {path}: {e}"))?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.bytes().map_err(|e| format!("{method} {path}: reading the body: {e}"))?.to_vec();
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let what = format!("{method} {path} → {status} {content_type}: {}", String::from_utf8_lossy(&body));
    let expected = manifest.object(request, &iri(HT, "resp")).expect("ht:resp");
    check_status(manifest, &expected, status).map_err(|e| format!("{e}; {what}"))?;
    if let Some(format) = manifest.text(&expected, &iri(MF, "expectedFormat")) {
        check_format(&format, &content_type, &body).map_err(|e| format!("{e}; {what}"))?;
    }
    if let Some(Term::Literal(value)) = manifest.object(&expected, &iri(MF, "expectedBoolean")) {
        let answer = boolean(&content_type, &body).map_err(|e| format!("{e}; {what}"))?;
        if answer.to_string() != value.value() {
            return Err(format!("the answer is {answer}, not {}; {what}", value.value()));
        }
    }
    if let Some(expected_headers) = manifest.object(&expected, &iri(HT, "headers")) {
        for header in manifest.list(&expected_headers) {
            let name = manifest.text(&header, &iri(HT, "fieldName")).expect("ht:fieldName");
            let value = manifest.text(&header, &iri(HT, "fieldValue")).expect("ht:fieldValue");
            let got = headers.get(name.as_str()).and_then(|v| v.to_str().ok()).unwrap_or("");
            if normalise_header(got) != normalise_header(&value) {
                return Err(format!("header {name} is {got:?}, not {value:?}; {what}"));
            }
        }
    }
    if let Some(expected_body) = manifest.object(&expected, &iri(HT, "body")) {
        let text = manifest.text(&expected_body, &iri(CNT, "chars")).expect("cnt:chars");
        let wanted =
            parse_graph(text.as_bytes(), RdfFormat::Turtle, &url).map_err(|e| format!("expected body: {e}"))?;
        let format = RdfFormat::from_media_type(content_type.split(';').next().unwrap_or("").trim())
            .ok_or_else(|| format!("{content_type} is not an RDF format; {what}"))?;
        let got = parse_graph(&body, format, &url).map_err(|e| format!("{e}; {what}"))?;
        if got != wanted {
            return Err(format!("the graph differs from the expected one; {what}"));
        }
    }
    Ok(headers.get("location").and_then(|v| v.to_str().ok()).map(str::to_owned))
}

fn normalise_header(value: &str) -> String {
    value.to_ascii_lowercase().split(';').map(str::trim).collect::<Vec<_>>().join(";")
}

fn check_status(manifest: &Manifest, expected: &Term, status: u16) -> Result<(), String> {
    let allowed = manifest.objects(expected, &iri(MF, "expectedStatus"));
    let ok = allowed.iter().any(|code| {
        let Term::NamedNode(code) = code else { return false };
        match code.as_str().strip_prefix(HTS) {
            Some("StatusCode2xx") => (200..300).contains(&status),
            Some("StatusCode3xx") => (300..400).contains(&status),
            Some("StatusCode4xx") => (400..500).contains(&status),
            Some("StatusCode5xx") => (500..600).contains(&status),
            Some("OK") => status == 200,
            Some("Created") => status == 201,
            Some("NoContent") => status == 204,
            Some("NotFound") => status == 404,
            other => panic!("unknown expected status {other:?}"),
        }
    });
    let names: Vec<&str> = allowed
        .iter()
        .filter_map(|t| match t {
            Term::NamedNode(n) => n.as_str().strip_prefix(HTS),
            _ => None,
        })
        .collect();
    if ok {
        Ok(())
    } else {
        Err(format!("status {status}, expected {}", names.join(" or ")))
    }
}

fn essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

fn check_format(format: &str, content_type: &str, body: &[u8]) -> Result<(), String> {
    let essence = essence(content_type);
    let fits = match format {
        "boolean" => ["application/sparql-results+json", "application/sparql-results+xml"].contains(&essence.as_str()),
        "tabular" => [
            "application/sparql-results+json",
            "application/sparql-results+xml",
            "text/csv",
            "text/tab-separated-values",
        ]
        .contains(&essence.as_str()),
        "RDF" => match RdfFormat::from_media_type(&essence) {
            Some(rdf) => parse_graph(body, rdf, "http://www.example/sparql").is_ok(),
            None => false,
        },
        other => panic!("unknown expected format {other}"),
    };
    if fits {
        Ok(())
    } else {
        Err(format!("{content_type} is not a {format} format"))
    }
}

/// The answer of an ASK in SPARQL JSON or XML results.
fn boolean(content_type: &str, body: &[u8]) -> Result<bool, String> {
    let text = String::from_utf8_lossy(body);
    match essence(content_type).as_str() {
        "application/sparql-results+json" => {
            let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
            value["boolean"].as_bool().ok_or_else(|| "no boolean in the JSON results".into())
        }
        "application/sparql-results+xml" => {
            if text.contains("<boolean>true</boolean>") {
                Ok(true)
            } else if text.contains("<boolean>false</boolean>") {
                Ok(false)
            } else {
                Err("no boolean in the XML results".into())
            }
        }
        other => Err(format!("{other} cannot carry a boolean")),
    }
}

/// A graph, canonicalized so that isomorphic graphs compare equal.
fn parse_graph(bytes: &[u8], format: RdfFormat, base: &str) -> Result<Graph, String> {
    let mut graph = Graph::new();
    for quad in RdfParser::from_format(format).with_base_iri(base).map_err(|e| e.to_string())?.for_slice(bytes) {
        let quad = quad.map_err(|e| e.to_string())?;
        graph.insert(&Triple::new(quad.subject, quad.predicate, quad.object));
    }
    graph.canonicalize(CanonicalizationAlgorithm::Unstable);
    Ok(graph)
}

/// Drops every user graph (and empties the default graph) through the protocol itself.
fn reset(server: &TestServer) {
    let response = client()
        .post(server.url("/sparql"))
        .header("Content-Type", "application/sparql-update")
        .header("Authorization", format!("Bearer {TOKEN}"))
        .body("DROP ALL")
        .send()
        .expect("reset");
    assert_eq!(response.status().as_u16(), 204, "DROP ALL: {}", response.text().unwrap_or_default());
}

/// Loads a test's `ut:graphData` files into their named graphs with the Graph Store Protocol.
fn load_graph_data(manifest: &Manifest, server: &TestServer, test: &Term, dir: &Path) {
    for data in manifest.objects(test, &iri(UT, "graphData")) {
        let file = manifest.text(&data, &iri(UT, "graph")).expect("ut:graph");
        let name = manifest.text(&data, &iri(RDFS, "label")).expect("rdfs:label");
        let path = dir.join(file.rsplit('/').next().expect("a file name"));
        let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let response = client()
            .put(server.url(&format!("/store?graph={}", crate::http::encode(&name))))
            .header("Content-Type", "application/n-triples")
            .header("Authorization", format!("Bearer {TOKEN}"))
            .body(text)
            .send()
            .expect("load graph data");
        assert!(response.status().is_success(), "loading {name}: {}", response.status());
    }
}

/// Runs every test of a manifest: reset, graph data, then the requests in order.
fn run_manifest(server: &TestServer, files: &[PathBuf], extra_tests: &[&str]) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    for file in files {
        let manifest = Manifest::read(file);
        let mut tests = manifest.entries();
        for local in extra_tests {
            let test = Term::NamedNode(NamedNode::new_unchecked(format!(
                "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/http-rdf-update/manifest#{local}"
            )));
            if manifest.object(&test, &iri(MF, "name")).is_some() && !tests.contains(&test) {
                tests.push(test);
            }
        }
        for test in tests {
            let name = manifest.text(&test, &iri(MF, "name")).unwrap_or_else(|| test.to_string());
            let local = test.to_string().rsplit('#').next().unwrap_or_default().trim_end_matches('>').to_owned();
            reset(server);
            load_graph_data(&manifest, server, &test, file.parent().expect("a directory"));
            let action = manifest.object(&test, &iri(MF, "action")).expect("mf:action");
            let requests = manifest.list(&manifest.object(&action, &iri(HT, "requests")).expect("ht:requests"));
            let mut location = None;
            let mut failure = None;
            for (index, request) in requests.iter().enumerate() {
                match run_request(&manifest, server, request, location.as_deref()) {
                    Ok(Some(new_location)) => location = Some(new_location),
                    Ok(None) => {}
                    Err(error) => {
                        failure = Some(format!("request {}: {error}", index + 1));
                        break;
                    }
                }
            }
            outcomes.push(Outcome { name: format!("{local} ({name})"), failure });
        }
    }
    outcomes
}

#[test]
fn w3c_sparql11_protocol_manifest_passes_whole() {
    let dir = suite_dir();
    let server = TestServer::writable();
    let outcomes = run_manifest(&server, &[dir.join("protocol/manifest.ttl")], &[]);
    assert_eq!(outcomes.len(), 34, "the protocol manifest lists 34 tests");
    report("W3C SPARQL 1.1 Protocol", &outcomes);
}

#[test]
fn w3c_graph_store_protocol_manifests_pass_whole() {
    let dir = suite_dir().join("graph-store-protocol");
    let server = TestServer::writable();
    let outcomes = run_manifest(
        &server,
        &[dir.join("manifest-direct.ttl"), dir.join("manifest-indirect.ttl")],
        &["head_non_existing_direct"],
    );
    assert_eq!(outcomes.len(), 14, "13 listed tests and head_non_existing_direct");
    report("W3C SPARQL 1.1 Graph Store Protocol", &outcomes);
}

#[test]
fn w3c_service_description_manifest_passes_whole() {
    let dir = suite_dir().join("service-description");
    let manifest = Manifest::read(&dir.join("manifest.ttl"));
    let server = TestServer::start();
    let endpoint = server.url("/sparql");
    // As the W3C validator fetches it: a plain GET asking for the RDF formats it reads.
    let response = client()
        .get(&endpoint)
        .header("Accept", "application/rdf+xml, text/turtle;q=0.9, application/n-triples;q=0.8")
        .send()
        .expect("GET the endpoint");
    let status = response.status().as_u16();
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let body = response.bytes().expect("body").to_vec();
    let description = RdfFormat::from_media_type(&essence(&content_type))
        .ok_or_else(|| format!("{content_type} is not an RDF format"))
        .and_then(|format| parse_graph(&body, format, &endpoint));
    let mut outcomes = Vec::new();
    for test in manifest.entries() {
        let name = manifest.text(&test, &iri(MF, "name")).expect("mf:name");
        let local = test.to_string().rsplit('#').next().unwrap_or_default().trim_end_matches('>').to_owned();
        let failure = match (local.as_str(), &description) {
            (_, Err(error)) => Some(format!("status {status}, {content_type}: {error}")),
            ("returns-rdf", Ok(_)) => (status != 200).then(|| format!("status {status}")),
            ("has-endpoint-triple", Ok(graph)) => {
                let found = graph
                    .triples_for_predicate(NamedNodeRef::new_unchecked(&format!("{SD}endpoint")))
                    .any(|t| t.object == TermRef::NamedNode(NamedNodeRef::new_unchecked(&endpoint)));
                (!found).then(|| format!("no sd:endpoint <{endpoint}>"))
            }
            ("conforms-to-schema", Ok(graph)) => {
                let rdf_type = iri(RDF, "type");
                let named_graph = iri(SD, "NamedGraph");
                let name_property = iri(SD, "name");
                let unnamed: Vec<String> = graph
                    .subjects_for_predicate_object(&rdf_type, &named_graph)
                    .filter(|s| graph.object_for_subject_predicate(*s, &name_property).is_none())
                    .map(|s| s.to_string())
                    .collect();
                (!unnamed.is_empty()).then(|| format!("sd:NamedGraph without sd:name: {unnamed:?}"))
            }
            (other, _) => Some(format!("no check is known for service description test {other}")),
        };
        outcomes.push(Outcome { name: format!("{local} ({name})"), failure });
    }
    assert_eq!(outcomes.len(), 3);
    report("W3C SPARQL 1.1 Service Description", &outcomes);
}
