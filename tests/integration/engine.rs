//! The engine: store creation on first use, persistence, loading, queries, parameters, dumps,
//! exit codes and error messages.

use crate::helpers::{fixture, graph_triples, json_rows, synthetic_facts, TestStore, BIN};
use std::io::{Read, Write};
use std::process::{Command, Stdio};

const LABELS_OF_ACME: &str =
    "SELECT ?label WHERE { <http://example.org/sample/acme> <http://www.w3.org/2000/01/rdf-schema#label> ?label }";

#[test]
fn first_run_builds_the_store_from_the_bundled_files() {
    let store = TestStore::new();
    assert!(!store.path().exists());
    let run = store.run(&["stats", "--format", "json"]).expect(0);
    assert!(store.path().join("oxigraph").is_dir(), "RocksDB directory created");
    let stats: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let graphs: Vec<&str> = stats["graphs"].as_array().unwrap().iter().map(|g| g["graph"].as_str().unwrap()).collect();
    for bundled in [
        "ontology/actorgraph.ttl",
        "ontology/shapes.ttl",
        "data/entities.ttl",
        "data/facts-doc000.ttl",
        "data/facts-doc002.ttl",
    ] {
        assert!(graphs.iter().any(|g| g.ends_with(bundled)), "{bundled} missing from {graphs:?}");
    }
    assert!(graphs.contains(&"https://w3id.org/actorgraph/graph/derived"));
    assert!(stats["total_triples"].as_u64().unwrap() > 5000);
}

#[test]
fn the_store_location_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(BIN)
        .args(["query", "-e", "ASK { ?s a <https://w3id.org/actorgraph/ontology#State> }"])
        .env("ACTORGRAPH_STORE", dir.path().join("env-store"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(dir.path().join("env-store/oxigraph").is_dir());
}

#[test]
fn loaded_data_persists_across_invocations() {
    let store = TestStore::new();
    store.load_fixture("sample.ttl").expect(0);
    let run = store.run(&["query", "-e", LABELS_OF_ACME, "--format", "json"]).expect(0);
    let rows = json_rows(&run.stdout);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["label"], "Acme Trading");
}

#[test]
fn memory_store_holds_the_bundled_data_and_forgets_loads() {
    let dir = tempfile::tempdir().unwrap();
    let memory = |args: &[&str]| {
        let output = Command::new(BIN)
            .arg("--memory")
            .args(args)
            .current_dir(dir.path())
            .env_remove("ACTORGRAPH_STORE")
            .output()
            .unwrap();
        output.status.code().unwrap()
    };
    assert_eq!(memory(&["load", fixture("sample.ttl").to_str().unwrap()]), 0);
    assert_eq!(memory(&["query", "-e", LABELS_OF_ACME]), 1);
    assert_eq!(memory(&["query", "-e", "ASK { <https://w3id.org/actorgraph/data/China> ?p ?o }"]), 0);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "--memory must not write a store");
    let store = TestStore::new();
    let run = store.run(&["--memory", "stats"]).expect(2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}

#[test]
fn every_rdf_format_loads_into_its_own_graph() {
    for file in ["sample.ttl", "sample.nt", "sample.nq", "sample.trig", "sample.rdf", "sample.jsonld", "sample.n3"] {
        let store = TestStore::new();
        let before = store.triple_count();
        let run = store.load_fixture(file).expect(0);
        assert!(run.stdout.contains("loaded 3 triples"), "{file}: {}", run.stdout);
        assert_eq!(store.triple_count(), before + 3, "{file}");
        let graph = format!("file://{}", fixture(file).display());
        let ask = format!("ASK {{ GRAPH <{graph}> {{ <http://example.org/sample/acme> ?p ?o }} }}");
        store.run(&["query", "-e", &ask]).expect(0);
        // Queries see the union of graphs by default.
        store.run(&["query", "-e", LABELS_OF_ACME]).expect(0);
    }
}

#[test]
fn dataset_files_keep_their_named_graphs_and_reload_replaces_them() {
    let store = TestStore::new();
    store.load_fixture("sample.trig").expect(0);
    let inner = "ASK { GRAPH <http://example.org/sample/inner> { ?s ?p ?o } }";
    store.run(&["query", "-e", inner]).expect(0);
    let before = store.triple_count();
    let run = store.load_fixture("sample.trig").expect(0);
    assert!(run.stdout.starts_with("replaced with 3 triples"), "{}", run.stdout);
    assert_eq!(store.triple_count(), before, "a reload must replace, not add");
    store.run(&["query", "-e", inner]).expect(0);
}

#[test]
fn load_into_a_chosen_graph_and_the_format_flag() {
    let store = TestStore::new();
    let copy = store.write("data.txt", &std::fs::read_to_string(fixture("sample.ttl")).unwrap());
    let run = store.run(&["load", copy.to_str().unwrap()]).expect(2);
    assert!(run.stderr.contains("cannot tell the RDF format") && run.stderr.contains("--format"), "{}", run.stderr);
    store.run(&["load", "--format", "turtle", "--graph", "http://example.org/g", copy.to_str().unwrap()]).expect(0);
    store.run(&["query", "-e", "ASK { GRAPH <http://example.org/g> { ?s ?p ?o } }"]).expect(0);
    store.run(&["dump", "--graph", "http://example.org/g", "--format", "ntriples"]).expect(0);
}

#[test]
fn a_syntax_error_names_file_line_and_column_and_changes_nothing() {
    for bulk in ["never", "always"] {
        let store = TestStore::new();
        store.load_fixture("sample.ttl").expect(0);
        let before = store.triple_count();
        let broken = fixture("broken.ttl");
        let good = fixture("sample.nt");
        let run = store.run(&["load", "--bulk", bulk, good.to_str().unwrap(), broken.to_str().unwrap()]).expect(2);
        let expected = format!("{}:4:", broken.display());
        assert!(run.stderr.contains(&expected), "bulk={bulk}: {}", run.stderr);
        assert!(run.stderr.contains("store is unchanged"), "{}", run.stderr);
        assert_eq!(store.triple_count(), before, "bulk={bulk}: a failed load must leave the store as it was");
        // The good file of the failed load did not land either.
        let graph = format!("file://{}", good.display());
        store.run(&["query", "-e", &format!("ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")]).expect(1);
    }
}

#[test]
fn bulk_loading_replaces_existing_graphs_atomically() {
    let store = TestStore::new();
    let file = store.write("bulk.nt", "<http://e.org/a> <http://e.org/p> \"one\" .\n");
    let run = store.run(&["load", "--bulk", "always", file.to_str().unwrap()]).expect(0);
    assert!(run.stdout.starts_with("loaded 1 triples"), "{}", run.stdout);
    let values = store.run(&["query", "-e", "SELECT ?v WHERE { ?s <http://e.org/p> ?v }", "-f", "csv"]).expect(0);
    assert_eq!(values.stdout.replace('\r', ""), "v\none\n", "a bulk load into a new graph keeps its data");
    std::fs::write(
        &file,
        "<http://e.org/a> <http://e.org/p> \"two\" .\n<http://e.org/b> <http://e.org/p> \"three\" .\n",
    )
    .unwrap();
    let run = store.run(&["load", "--bulk", "always", file.to_str().unwrap()]).expect(0);
    assert!(run.stdout.contains("replaced with 2 triples"), "{}", run.stdout);
    let values =
        store.run(&["query", "-e", "SELECT ?v WHERE { ?s <http://e.org/p> ?v } ORDER BY ?v", "-f", "csv"]).expect(0);
    assert_eq!(values.stdout.replace('\r', ""), "v\nthree\ntwo\n");
    // No staging graph is left behind or visible.
    let graphs =
        store.run(&["query", "-e", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "-f", "tsv"]).expect(0);
    assert!(!graphs.stdout.contains("staging"), "{}", graphs.stdout);
}

/// N-Triples of `lines` filler statements between a first and a last part that belong together:
/// a blank node named in both, and a fact whose supplier comes first and whose recipient last.
fn split_fact_file(lines: usize, last: &str) -> String {
    let mut text = String::from(
        "_:shared <http://e.org/first> \"start\" .\n\
         <http://e.org/flow> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/actorgraph/ontology#SupplyFlow> .\n\
         <http://e.org/flow> <https://w3id.org/actorgraph/ontology#supplier> <http://e.org/maker> .\n",
    );
    for n in 0..lines {
        text.push_str(&format!("<http://e.org/filler{n}> <http://e.org/value> \"filler line number {n}\" .\n"));
    }
    text.push_str(last);
    text
}

#[test]
fn a_large_ntriples_file_parsed_in_parts_is_read_as_one() {
    // About 300 KB: large enough to be cut into parts parsed on several threads where the machine
    // has more than one core; the answers must be those of a file read from start to end.
    let store = TestStore::new();
    let tail = "_:shared <http://e.org/last> \"end\" .\n\
                <http://e.org/flow> <https://w3id.org/actorgraph/ontology#recipient> <http://e.org/buyer> .\n";
    let file = store.write("large.nt", &split_fact_file(4_000, tail));
    let run = store.run(&["load", "--bulk", "always", file.to_str().unwrap()]).expect(0);
    assert!(run.stdout.starts_with("loaded 4,005 triples"), "{}", run.stdout);
    let shared = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s <http://e.org/first> ?a ; <http://e.org/last> ?b }";
    let count = store.run(&["query", "-e", shared, "-f", "csv"]).expect(0);
    assert_eq!(count.stdout.replace('\r', ""), "n\n1\n", "the blank node of the first and the last line is one node");
    let edge = "ASK { <http://e.org/maker> <https://w3id.org/actorgraph/ontology#suppliesTo> <http://e.org/buyer> }";
    store.run(&["query", "-e", edge]).expect(0);
    store.run(&["path", "http://e.org/maker", "http://e.org/buyer"]).expect(0);
    // Loaded again, the blank node is a new one, apart from the first load's.
    let again = store.write("again.nt", &std::fs::read_to_string(&file).unwrap());
    store.run(&["load", "--bulk", "always", again.to_str().unwrap()]).expect(0);
    let count = store.run(&["query", "-e", shared, "-f", "csv"]).expect(0);
    assert_eq!(count.stdout.replace('\r', ""), "n\n2\n", "two files' blank nodes stay apart");

    // A syntax error near the end is reported at its line in the whole file, and nothing lands.
    let before = store.triple_count();
    let broken = store.write("broken-large.nt", &split_fact_file(4_000, "<http://e.org/x> <http://e.org/p> oops .\n"));
    let run = store.run(&["load", "--bulk", "always", broken.to_str().unwrap()]).expect(2);
    let expected = format!("{}:4004:", broken.display());
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    assert_eq!(store.triple_count(), before);
    // So is a quad for one of actorgraph's own graphs in the last part of an N-Quads file.
    let reserved = "<http://e.org/x> <http://e.org/p> \"v\" <https://w3id.org/actorgraph/graph/meta> .\n";
    let quads = store.write("reserved-large.nq", &split_fact_file(4_000, reserved));
    let run = store.run(&["load", "--bulk", "always", quads.to_str().unwrap()]).expect(2);
    assert!(run.stderr.contains("is reserved for actorgraph's own data"), "{}", run.stderr);
    assert_eq!(store.triple_count(), before);
}

#[test]
fn loading_into_actorgraph_graphs_is_refused() {
    let store = TestStore::new();
    let run = store
        .run(&["load", "--graph", "https://w3id.org/actorgraph/graph/derived", fixture("sample.ttl").to_str().unwrap()])
        .expect(2);
    assert!(run.stderr.contains("reserved"), "{}", run.stderr);
    let run = store.run(&["load", "missing.ttl"]).expect(2);
    assert!(run.stderr.contains("missing.ttl: no such file"), "{}", run.stderr);
}

#[test]
fn parameters_are_bound_as_terms_not_spliced() {
    let store = TestStore::new();
    let nasty = "x\" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #";
    let data = format!(
        "<http://e.org/item> <http://e.org/name> \"{}\" .\n<http://e.org/other> <http://e.org/name> \"plain\" .\n",
        nasty.replace('\\', "\\\\").replace('"', "\\\"")
    );
    let file = store.write("nasty.nt", &data);
    store.run(&["load", file.to_str().unwrap()]).expect(0);
    let before = store.triple_count();
    let query = "SELECT ?item ?name WHERE { ?item <http://e.org/name> ?name }";
    // The value reaches the query as one literal: it matches exactly the item that carries it.
    let quoted = format!("\"{}\"", nasty.replace('\\', "\\\\").replace('"', "\\\""));
    let run = store.run(&["query", "-e", query, "--param", &format!("name={quoted}"), "-f", "json"]).expect(0);
    let rows = json_rows(&run.stdout);
    assert_eq!(rows.len(), 1, "{}", run.stdout);
    assert_eq!(rows[0]["item"], "http://e.org/item");
    // Unquoted, the whole text is still one plain literal.
    let run = store.run(&["query", "-e", query, "--param", &format!("name={nasty}"), "-f", "json"]).expect(0);
    assert_eq!(json_rows(&run.stdout).len(), 1);
    // A value shaped like an IRI with braces is not valid and is refused, not interpreted.
    let run = store.run(&["query", "-e", query, "--param", "item=<http://e.org/a> } UNION { ?s ?p ?o }"]).expect(2);
    assert!(run.stderr.contains("not a valid RDF term"), "{}", run.stderr);
    assert_eq!(store.triple_count(), before, "nothing was dropped");
}

#[test]
fn parameters_must_name_a_selected_variable() {
    let store = TestStore::new();
    let run = store.run(&["query", "-e", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "--param", "nothere=1"]).expect(2);
    assert!(run.stderr.contains("--param nothere") && run.stderr.contains("no variable ?nothere"), "{}", run.stderr);
    let run = store.run(&["query", "-e", "SELECT ?s WHERE { ?s ?p ?o }", "--param", "foo:bar"]).expect(2);
    assert!(run.stderr.contains("NAME=VALUE"), "{}", run.stderr);
    let run = store.run(&["query", "-e", "SELECT ?s WHERE { ?s ?p ?o }", "--param", "s=nope:x"]).expect(2);
    assert!(run.stderr.contains("unknown prefix 'nope'"), "{}", run.stderr);
    let twice = ["query", "supply-flows", "--param", "supplier=agd:China", "--param", "supplier=agd:Russia"];
    let run = store.run(&twice).expect(2);
    assert!(run.stderr.contains("--param supplier: given more than once"), "{}", run.stderr);
}

/// A parameter is bound where the query uses it: a filter and a `BIND` see its value, and an ASK
/// may use it in a filter only.
#[test]
fn parameters_reach_filters_and_expressions() {
    let store = TestStore::new();
    let file = store.write(
        "amounts.ttl",
        "<http://e.org/a> <http://e.org/amount> 5 .\n<http://e.org/b> <http://e.org/amount> 50 .\n",
    );
    store.run(&["load", file.to_str().unwrap()]).expect(0);
    let over = "SELECT ?s ?min WHERE { ?s <http://e.org/amount> ?n FILTER(?n > ?min) }";
    let rows = json_rows(&store.run(&["query", "-e", over, "--param", "min=10", "-f", "json"]).expect(0).stdout);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0]["s"].as_str(), rows[0]["min"].as_str()), (Some("http://e.org/b"), Some("10")));
    let times = "SELECT ?s ?by ?product WHERE { ?s <http://e.org/amount> ?n BIND(?n * ?by AS ?product) } ORDER BY ?s";
    let rows = json_rows(&store.run(&["query", "-e", times, "--param", "by=3", "-f", "json"]).expect(0).stdout);
    let products: Vec<_> = rows.iter().map(|r| r["product"].as_str().unwrap().to_owned()).collect();
    assert_eq!(products, ["15", "150"]);
    let ask = "ASK { ?s <http://e.org/amount> ?n FILTER(?n > ?min) }";
    store.run(&["query", "-e", ask, "--param", "min=10"]).expect(0);
    store.run(&["query", "-e", ask, "--param", "min=100"]).expect(1);
}

/// The bookkeeping graph stays hidden from a query that names its predicates, one that names
/// only other predicates (read from the union of all graphs) and one that names none.
#[test]
fn bookkeeping_stays_hidden_however_a_query_reads() {
    let store = TestStore::new();
    let meta = "SELECT ?s ?o WHERE { ?s <https://w3id.org/actorgraph/meta#generation> ?o }";
    store.run(&["query", "-e", meta]).expect(1);
    let hashes = "SELECT ?s WHERE { { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o } \
                  UNION { ?s <https://w3id.org/actorgraph/meta#contentHash> ?o } }";
    let run = store.run(&["query", "-e", hashes, "-f", "tsv"]).expect(0);
    assert!(!run.stdout.contains("graph/bundled"), "{}", run.stdout);
    let any = "SELECT ?p WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?p), \"https://w3id.org/actorgraph/meta#\")) }";
    store.run(&["query", "-e", any]).expect(1);
    // A bundled graph's name is a subject in the bookkeeping graph; described, it shows none of it.
    let graph = "https://w3id.org/actorgraph/graph/bundled/data/entities.ttl";
    let describe = format!("DESCRIBE <{graph}> WHERE {{ ?s rdfs:label ?l }}");
    let run = store.run(&["query", "-e", &describe, "-f", "ntriples"]).expect(1);
    assert!(!run.stdout.contains("actorgraph/meta#"), "{}", run.stdout);
}

#[test]
fn output_formats_parse_back() {
    let store = TestStore::new();
    let query = "PREFIX ag: <https://w3id.org/actorgraph/ontology#> SELECT ?flow ?tonnes WHERE { ?flow a ag:SupplyFlow ; ag:quantity ?tonnes } ORDER BY ?tonnes";
    let json = store.run(&["query", "-e", query, "-f", "json"]).expect(0);
    let rows = json_rows(&json.stdout);
    let tonnes: Vec<&str> = rows.iter().map(|r| r["tonnes"].as_str().unwrap()).collect();
    assert_eq!(tonnes, ["110", "700", "1300"]);

    let csv = store.run(&["query", "-e", query, "-f", "csv"]).expect(0);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), ["flow", "tonnes"]);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 3);
    assert_eq!(&records[2][0], "https://w3id.org/actorgraph/data/flow-nc-2023");

    let tsv = store.run(&["query", "-e", query, "-f", "tsv"]).expect(0);
    assert_eq!(tsv.stdout.lines().next().unwrap(), "?flow\t?tonnes");
    assert_eq!(tsv.tsv_rows()[2], ["<https://w3id.org/actorgraph/data/flow-nc-2023>", "1300"]);

    let xml = store.run(&["query", "-e", query, "-f", "xml"]).expect(0);
    assert!(xml.stdout.contains("<sparql") && xml.stdout.matches("<result>").count() == 3);

    let table = store.run(&["query", "-e", query, "-f", "table"]).expect(0);
    assert!(table.stdout.contains("agd:flow-nc-2023") && table.stdout.contains("3 rows"), "{}", table.stdout);

    let construct = "PREFIX ag: <https://w3id.org/actorgraph/ontology#> CONSTRUCT { ?f ag:quantity ?q } WHERE { ?f a ag:SupplyFlow ; ag:quantity ?q }";
    for format in ["turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml"] {
        let run = store.run(&["query", "-e", construct, "-f", format]).expect(0);
        let file = store.write(&format!("out.{format}"), &run.stdout);
        let extension = match format {
            "turtle" => "ttl",
            "ntriples" => "nt",
            "nquads" => "nq",
            "rdfxml" => "rdf",
            other => other,
        };
        let renamed = file.with_extension(extension);
        std::fs::rename(&file, &renamed).unwrap();
        let loaded = store.run(&["load", renamed.to_str().unwrap()]).expect(0);
        assert!(loaded.stdout.contains("loaded 3 triples"), "{format}: {}", loaded.stdout);
    }
    let run = store.run(&["query", "-e", construct, "-f", "csv"]).expect(2);
    assert!(run.stderr.contains("cannot show CONSTRUCT/DESCRIBE results"), "{}", run.stderr);
}

#[test]
fn exit_codes_tell_found_empty_and_error() {
    let store = TestStore::new();
    store.run(&["query", "-e", "ASK { <https://w3id.org/actorgraph/data/China> ?p ?o }"]).expect(0);
    let run = store.run(&["query", "-e", "ASK { <http://nowhere.example/x> ?p ?o }"]).expect(1);
    assert_eq!(run.stdout.trim(), "false");
    store.run(&["query", "-e", "SELECT * WHERE { <http://nowhere.example/x> ?p ?o }"]).expect(1);
    let run = store.run(&["query", "-e", "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(\n}"]).expect(2);
    assert!(run.stderr.contains("SPARQL syntax error at line 4, column"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "one clear line: {}", run.stderr);
    let run = store.run(&["query", "no-such-query"]).expect(2);
    assert!(
        run.stderr.contains("neither a file nor a named query") && run.stderr.contains("supply-flows"),
        "{}",
        run.stderr
    );
    store.run(&["frobnicate"]).expect(2);
}

#[test]
fn queries_come_from_files_and_standard_input() {
    let store = TestStore::new();
    let file =
        store.write("count.rq", "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/actorgraph/ontology#State> }");
    let run = store.run(&["query", file.to_str().unwrap(), "-f", "csv"]).expect(0);
    assert!(run.stdout.starts_with("n\r\n") || run.stdout.starts_with("n\n"), "{}", run.stdout);
    let run = store.run_with_input(&["query", "-", "-f", "csv"], "ASK { ?s ?p ?o }");
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn dump_round_trips_through_another_store() {
    let store = TestStore::new();
    store.load_fixture("sample.ttl").expect(0);
    // The whole store as N-Quads: every quad parses back, in its graph; bookkeeping stays private.
    let dump = store.run(&["dump", "--format", "nquads"]).expect(0);
    let quads: Vec<oxigraph::model::Quad> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NQuads)
        .for_slice(dump.stdout.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(quads.len() as u64, store.triple_count());
    assert!(!dump.stdout.contains("graph/meta"), "bookkeeping stays private");
    // One graph goes to another store and comes back whole.
    let graph = format!("file://{}", fixture("sample.ttl").display());
    let one = store.run(&["dump", "--graph", &graph, "--format", "turtle"]).expect(0);
    let file = store.write("acme.ttl", &one.stdout);
    let other = TestStore::new();
    other.run(&["load", file.to_str().unwrap()]).expect(0);
    other.run(&["query", "-e", LABELS_OF_ACME]).expect(0);
    // Reloading actorgraph's own graphs from a dump is refused rather than merged.
    let everything = store.write("everything.nq", &dump.stdout);
    let run = other.run(&["load", everything.to_str().unwrap()]).expect(2);
    assert!(run.stderr.contains("reserved for actorgraph's own data"), "{}", run.stderr);
    // A graph format over the whole store writes the union of its graphs.
    let turtle = store.run(&["dump", "--format", "turtle"]).expect(0);
    assert!(turtle.stdout.contains("@prefix agd:"));
    let run = store.run(&["dump", "--graph", "http://nowhere.example/g"]).expect(2);
    assert!(run.stderr.contains("not in the store"), "{}", run.stderr);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let store = TestStore::new();
    store.run(&["stats"]).expect(0);
    let mut child = store
        .command()
        .args(["dump", "--format", "ntriples"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn a_reader_holds_up_neither_other_readers_nor_writers() {
    let store = TestStore::new();
    store.run(&["stats"]).expect(0);
    // `path --batch -` keeps the store open while it waits for input; once it has answered a
    // first line, it certainly has it open.
    let mut holder = store
        .command()
        .args(["path", "--batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut input = holder.stdin.take().unwrap();
    input.write_all(b"China\tRussia\n").unwrap();
    input.flush().unwrap();
    let mut reader = std::io::BufReader::new(holder.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut reader, &mut line).unwrap();
    assert!(line.contains("\"status\":\"found\""), "{line}");
    store.run(&["stats"]).expect(0);
    store.load_fixture("sample.ttl").expect(0);
    store.run(&["query", "-e", LABELS_OF_ACME]).expect(0);
    // The long reader still answers from the state it opened.
    input.write_all(b"Iran\tRussia\n").unwrap();
    drop(input);
    assert!(holder.wait().unwrap().success());
}

#[test]
fn named_queries_are_listed_with_purpose_and_parameters() {
    let store = TestStore::new();
    let run = store.run(&["queries"]).expect(0);
    assert!(run.stdout.contains("supply-flows\n    Goods supplied between actors"), "{}", run.stdout);
    assert!(run.stdout.contains("--param supplier=..."), "{}", run.stdout);
    let json = store.run(&["queries", "--format", "json"]).expect(0);
    let list: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(list.as_array().unwrap().len() >= 12);
}

#[test]
fn stats_count_entities_per_class() {
    let store = TestStore::new();
    let run = store.run(&["stats", "--format", "json"]).expect(0);
    let stats: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let count = |class: &str| {
        stats["classes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["class"] == format!("https://w3id.org/actorgraph/ontology#{class}"))
            .map(|c| c["entities"].as_u64().unwrap())
            .unwrap_or(0)
    };
    assert_eq!(count("Faction"), 8);
    assert_eq!(count("SourceDocument"), 2);
    let text = store.run(&["stats"]).expect(0);
    assert!(text.stdout.contains("Entities per class"));
}

#[test]
fn stats_count_the_triples_of_every_graph_once() {
    let store = TestStore::new();
    let before = store.triple_count();
    // Two named graphs and a triple of the file's default graph (which a load puts into a graph
    // named after the file); the repeated statement is one triple.
    let file = store.write(
        "counted.nq",
        "<http://example.org/a> <http://example.org/p> \"1\" <http://example.org/g1> .\n\
         <http://example.org/a> <http://example.org/p> \"2\" <http://example.org/g1> .\n\
         <http://example.org/a> <http://example.org/p> \"2\" <http://example.org/g1> .\n\
         <http://example.org/b> <http://example.org/p> <http://example.org/a> <http://example.org/g2> .\n\
         <http://example.org/c> <http://example.org/p> \"x\" .\n",
    );
    store.run(&["load", file.to_str().unwrap()]).expect(0);
    let stats = store.stats();
    let graphs = stats["graphs"].as_array().unwrap();
    assert_eq!(graph_triples(&stats, "http://example.org/g1"), Some(2), "{graphs:?}");
    assert_eq!(graph_triples(&stats, "http://example.org/g2"), Some(1), "{graphs:?}");
    let total: u64 = graphs.iter().map(|g| g["triples"].as_u64().unwrap()).sum();
    assert_eq!(stats["total_triples"].as_u64(), Some(total));
    assert_eq!(total, before + 4, "{graphs:?}");
    // The bookkeeping graph is never listed, nor counted.
    assert!(graphs.iter().all(|g| !g["graph"].as_str().unwrap().contains("/graph/meta")), "{graphs:?}");
}

#[test]
fn exit_codes_mean_one_thing_each() {
    use crate::helpers::Test;
    Test::new()
        .args(["query", "-e", "ASK { ?s a <https://w3id.org/actorgraph/ontology#State> }"])
        .stdout("true\n")
        .run();
    Test::new().args(["query", "-e", "ASK { <http://example.org/no> ?p ?o }"]).status(1).stdout("false\n").run();
    Test::new().args(["query", "-e", "SELEC ?x"]).status(2).stderr_contains("the -e query: SPARQL syntax error").run();
    Test::new().args(["query", "-"]).stdin("ASK {}").stdout_contains("true").run();
}

#[test]
fn optimize_hands_readers_compacted_files_with_the_same_content_and_cache() {
    let store = TestStore::new();
    let data = store.write("flows.nt", &synthetic_facts(2_000));
    store.run(&["load", "--bulk", "always", data.to_str().unwrap()]).expect(0);
    let count = ["query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "tsv"];
    let lookup = ["path", "Synthetic Firm 3", "Synthetic Firm 150", "--format", "json"];
    let (triples, paths) = (store.run(&count).expect(0).stdout, store.run(&lookup).expect(0).stdout);
    let cache = store.path().join("projection.bin");
    let cached = std::fs::metadata(&cache).unwrap().modified().unwrap();
    // The files of the snapshot readers open.
    let snapshot_files = || {
        let pointer = std::fs::read_to_string(store.path().join("snapshots/current.json")).unwrap();
        let name = serde_json::from_str::<serde_json::Value>(&pointer).unwrap()["name"].as_str().unwrap().to_owned();
        let files = std::fs::read_dir(store.path().join("snapshots").join(&name)).unwrap();
        let tables = files.filter(|f| f.as_ref().unwrap().file_name().to_string_lossy().ends_with(".sst")).count();
        (name, tables)
    };
    let (published, tables) = snapshot_files();

    let run = store.run(&["optimize"]).expect(0);
    assert!(run.stdout.starts_with("compacted the store and published it for readers"), "{}", run.stdout);
    let (now_published, now_tables) = snapshot_files();
    assert_ne!(now_published, published, "readers are pointed at the compacted files");
    assert!(now_tables < tables, "{tables} files before, {now_tables} after");
    assert_eq!(store.run(&count).expect(0).stdout, triples);
    assert_eq!(store.run(&lookup).expect(0).stdout, paths);
    assert_eq!(std::fs::metadata(&cache).unwrap().modified().unwrap(), cached, "the path-graph cache still holds");
    store.run(&["check"]).expect(0);
    let memory = Command::new(BIN).args(["--memory", "optimize"]).env_remove("ACTORGRAPH_STORE").output().unwrap();
    assert_eq!(memory.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&memory.stderr).contains("no files to compact"));
}
