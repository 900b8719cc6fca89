//! Graph exports (GraphML, GEXF, Cytoscape.js JSON, CSV): each parsed by its reference reader
//! (networkx, jsonschema, the csv crate) and checked against what the store and the path
//! lookups say: counts, relations, facts, evidence, amounts and dates.
//!
//! The Python readers live in a virtual environment that `.ci/run` creates outside the clone;
//! the tests find its interpreter through `ACTORGRAPH_PYTHON`, or at
//! `~/.cache/actorgraph/venv/bin/python`, and fail with instructions when it is missing.

use crate::helpers::{checkout, json_rows, python, TestStore, AGD};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

const AG: &str = "https://w3id.org/actorgraph/ontology#";

/// The export in `file`, as networkx (and for Cytoscape, jsonschema) read it.
fn read(format: &str, file: &Path) -> Value {
    let output = Command::new(python("networkx, jsonschema"))
        .arg(checkout().join("tests/python/read_export.py"))
        .arg(format)
        .arg(file)
        .output()
        .expect("run the Python reader");
    assert!(
        output.status.success(),
        "the reference reader rejected the {format} export:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the reader prints JSON")
}

/// Runs `actorgraph export FORMAT ARGS -o FILE` and reads the file back with the reference reader.
fn export(store: &TestStore, format: &str, args: &[&str]) -> Value {
    let file = store.dir.path().join(format!("export.{format}"));
    let mut all = vec!["export", format];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", file.to_str().expect("utf-8 path")]);
    store.run(&all).expect(0);
    read(format, &file)
}

fn nodes(graph: &Value) -> &Vec<Value> {
    graph["nodes"].as_array().expect("nodes")
}

fn edges(graph: &Value) -> &Vec<Value> {
    graph["edges"].as_array().expect("edges")
}

fn node<'a>(graph: &'a Value, iri: &str) -> &'a Value {
    nodes(graph).iter().find(|n| n["iri"] == iri).unwrap_or_else(|| panic!("no node {iri} in the export"))
}

/// Splits a joined list attribute ("a; b"; Cytoscape keeps JSON arrays).
fn list(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().map(|i| i.as_str().expect("text").to_owned()).collect(),
        Value::String(text) => text.split("; ").map(str::to_owned).collect(),
        Value::Null => Vec::new(),
        other => panic!("not a list: {other}"),
    }
}

/// (relation, subject, object) of a hop, its edge read in the relation's direction.
type Hop = (String, String, String);

#[test]
fn path_exports_parse_and_hold_each_hop_with_its_facts_and_evidence() {
    let store = TestStore::new();
    let run = store.run(&["path", "PLA Hawks", "Xi Jinping", "-k", "3", "--format", "json"]).expect(0);
    let report: Value = serde_json::from_str(&run.stdout).expect("path JSON");
    // (relation, subject, object) -> (fact IRIs, evidence locations) for every hop of every path.
    let mut hops: BTreeMap<Hop, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    let mut path_nodes = BTreeSet::new();
    for path in report["paths"].as_array().expect("paths") {
        for n in path["nodes"].as_array().expect("nodes") {
            path_nodes.insert(n["iri"].as_str().expect("iri").to_owned());
        }
        for hop in path["hops"].as_array().expect("hops") {
            let (from, to) = (hop["from"]["iri"].as_str().unwrap(), hop["to"]["iri"].as_str().unwrap());
            let (subject, object) = if hop["direction"] == "forward" { (from, to) } else { (to, from) };
            let key = (hop["relation"]["iri"].as_str().unwrap().to_owned(), subject.to_owned(), object.to_owned());
            let entry = hops.entry(key).or_default();
            for fact in hop["facts"].as_array().expect("facts") {
                let qualifiers: Vec<&str> =
                    fact["qualifiers"].as_array().unwrap().iter().map(|q| q.as_str().unwrap()).collect();
                let summary = fact["summary"].as_str().unwrap();
                entry.0.insert(if qualifiers.is_empty() {
                    summary.to_owned()
                } else {
                    format!("{summary} ({})", qualifiers.join(", "))
                });
                for evidence in fact["evidence"].as_array().unwrap() {
                    let lines = evidence["lines"].as_array().unwrap();
                    let (a, b) = (lines[0].as_u64().unwrap(), lines[1].as_u64().unwrap());
                    let at = if a == b { format!("{a}") } else { format!("{a}-{b}") };
                    entry.1.insert(format!(
                        "{}:{at} ({})",
                        evidence["file"].as_str().unwrap(),
                        evidence["confidence"].as_str().unwrap()
                    ));
                }
            }
        }
    }
    assert_eq!(hops.len(), 6, "three paths, one hop shared: {hops:?}");
    let all_facts: BTreeSet<String> = hops.values().flat_map(|(facts, _)| facts.iter().cloned()).collect();
    for format in ["graphml", "gexf", "cytoscape"] {
        let graph = export(&store, format, &["--from", "PLA Hawks", "--to", "Xi Jinping", "-k", "3", "--collapse"]);
        assert_eq!(graph["directed"], true, "{format}");
        let iris: BTreeSet<String> = nodes(&graph).iter().map(|n| n["iri"].as_str().unwrap().to_owned()).collect();
        assert_eq!(iris, path_nodes, "{format}: the nodes are the paths' nodes");
        for n in ["PLAHawks", "XiJinping"] {
            assert_eq!(node(&graph, &format!("{AGD}{n}"))["focus"], true, "{format}: the ends are the subject");
        }
        for ((relation, subject, object), (facts, evidence)) in &hops {
            let edge = edges(&graph)
                .iter()
                .find(|e| e["relation"] == *relation && e["source_iri"] == *subject && e["target_iri"] == *object)
                .unwrap_or_else(|| panic!("{format}: no edge {subject} {relation} {object}"));
            assert_eq!(edge["facts"].as_u64(), Some(facts.len() as u64), "{format}: {relation}");
            let summaries: BTreeSet<String> = list(&edge["summary"]).into_iter().collect();
            assert_eq!(&summaries, facts, "{format}: {relation}");
            let exported: BTreeSet<String> = list(&edge["evidence"]).into_iter().collect();
            assert_eq!(&exported, evidence, "{format}: evidence of {relation}");
        }
        // No edge carries a fact that is not behind a hop of the paths.
        for edge in edges(&graph) {
            for summary in list(&edge["summary"]) {
                assert!(all_facts.contains(&summary), "{format}: stray fact {summary}");
            }
        }
    }
}

#[test]
fn fact_nodes_carry_the_stores_amounts_dates_and_evidence() {
    let store = TestStore::new();
    let rows = json_rows(
        &store
            .run(&[
                "query",
                "-e",
                "SELECT ?quantity ?date ?line ?file ?class WHERE { agd:flow-nc-2023 a ?class ; ag:quantity ?quantity ; \
                 ag:date ?date ; ag:evidence [ ag:lineStart ?line ; ag:source [ ag:fileName ?file ] ] }",
                "--format",
                "json",
            ])
            .expect(0)
            .stdout,
    );
    let row = &rows[0];
    let (quantity, date) = (row["quantity"].as_str().unwrap(), row["date"].as_str().unwrap());
    let evidence = format!("{}:{} (documented)", row["file"].as_str().unwrap(), row["line"].as_str().unwrap());
    for format in ["graphml", "gexf", "cytoscape"] {
        let graph = export(&store, format, &["--focus", "nitrocellulose"]);
        let flow = node(&graph, &format!("{AGD}flow-nc-2023"));
        assert_eq!(flow["class"], format!("{AG}SupplyFlow"), "{format}");
        assert_eq!(flow["quantity"].as_f64(), Some(quantity.parse().unwrap()), "{format}");
        assert_eq!(flow["unit"], "t", "{format}");
        assert_eq!(flow["amount"], "1,300 t", "{format}");
        assert_eq!(flow["start"], format!("{date}-01-01"), "{format}");
        assert_eq!(flow["end"], format!("{date}-12-31"), "{format}");
        assert_eq!(flow["confidence"], "documented", "{format}");
        assert_eq!(list(&flow["evidence"]), std::slice::from_ref(&evidence), "{format}");
        assert_eq!(list(&flow["documents"]), [row["file"].as_str().unwrap()], "{format}");
        let good = node(&graph, &format!("{AGD}Nitrocellulose"));
        assert_eq!((good["focus"].as_bool(), good["dual_use"].as_bool()), (Some(true), Some(true)), "{format}");
        assert_eq!(good["kind"], "good", "{format}");
        // Facts as nodes: role edges join the flow to its supplier, good and recipient.
        for participant in ["China", "Russia", "Nitrocellulose"] {
            let iri = format!("{AGD}{participant}");
            let flow_iri = format!("{AGD}flow-nc-2023");
            assert!(
                edges(&graph).iter().any(|e| (e["source_iri"] == iri && e["target_iri"] == flow_iri)
                    || (e["source_iri"] == flow_iri && e["target_iri"] == iri)),
                "{format}: {participant} is not joined to the flow"
            );
        }
    }
}

/// "2023" -> ("2023-01-01", "2023-12-31"); "2015-01" -> the month's first and last day.
fn day_range(date: &str, last: bool) -> String {
    match (date.len(), last) {
        (4, false) => format!("{date}-01-01"),
        (4, true) => format!("{date}-12-31"),
        (7, false) => format!("{date}-01"),
        (10, _) => date.to_owned(),
        _ => panic!("a date this test does not expect: {date}"),
    }
}

#[test]
fn gexf_plays_supply_flows_over_time_as_their_dated_intervals() {
    let store = TestStore::new();
    let rows = json_rows(
        &store
            .run(&[
                "query",
                "-e",
                "SELECT ?flow ?date ?start ?end WHERE { ?flow a ag:SupplyFlow ; ag:supplier agd:China ; \
                 ag:good agd:Nitrocellulose . OPTIONAL { ?flow ag:date ?date } OPTIONAL { ?flow ag:startDate ?start } \
                 OPTIONAL { ?flow ag:endDate ?end } }",
                "--format",
                "json",
            ])
            .expect(0)
            .stdout,
    );
    let expected: BTreeSet<(String, String)> = rows
        .iter()
        .map(|row| match (row.get("date"), row.get("start"), row.get("end")) {
            (Some(d), _, _) => (day_range(d.as_str().unwrap(), false), day_range(d.as_str().unwrap(), true)),
            (None, Some(s), Some(e)) => (day_range(s.as_str().unwrap(), false), day_range(e.as_str().unwrap(), true)),
            other => panic!("an undated flow this test does not expect: {other:?}"),
        })
        .collect();
    assert!(expected.len() >= 4, "the bundled data dates four nitrocellulose flows: {expected:?}");
    let graph = export(&store, "gexf", &["--focus", "nitrocellulose", "--collapse"]);
    assert_eq!(graph["graph"]["mode"], "dynamic");
    let edge = edges(&graph)
        .iter()
        .find(|e| {
            e["source_iri"] == format!("{AGD}China")
                && e["target_iri"] == format!("{AGD}Nitrocellulose")
                && e["relation"] == format!("{AG}suppliesGood")
        })
        .expect("China's supply edge to nitrocellulose");
    let spells: BTreeSet<(String, String)> = edge["spells"]
        .as_array()
        .expect("spells")
        .iter()
        .map(|s| (s[0].as_str().unwrap().to_owned(), s[1].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(spells, expected);
    assert_eq!(edge["start"], expected.iter().map(|s| s.0.clone()).min().unwrap());
    assert_eq!(edge["end"], expected.iter().map(|s| s.1.clone()).max().unwrap());
}

#[test]
fn csv_lists_have_the_kumu_and_maltego_columns_and_the_same_graph() {
    let store = TestStore::new();
    let dir = store.dir.path().join("kumu");
    store.run(&["export", "csv", "--focus", "nitrocellulose", "-o", dir.to_str().unwrap()]).expect(0);
    let read_csv = |name: &str| -> (Vec<String>, Vec<Vec<String>>) {
        let mut reader = csv::Reader::from_path(dir.join(name)).expect("a CSV file");
        let headers = reader.headers().expect("headers").iter().map(str::to_owned).collect();
        let rows = reader.records().map(|r| r.expect("a row").iter().map(str::to_owned).collect()).collect();
        (headers, rows)
    };
    let (node_headers, node_rows) = read_csv("nodes.csv");
    let (edge_headers, edge_rows) = read_csv("edges.csv");
    assert_eq!(node_headers[..5], ["ID", "Label", "Type", "Description", "Tags"], "Kumu's element columns");
    assert_eq!(edge_headers[..6], ["ID", "From", "To", "Type", "Label", "Direction"], "Kumu's connection columns");
    for maltego in ["From label", "From type", "To label", "To type"] {
        assert!(edge_headers.iter().any(|h| h == maltego), "{maltego} for Maltego");
    }
    let column = |headers: &[String], name: &str| headers.iter().position(|h| h == name).expect(name);
    let ids: BTreeSet<&str> = node_rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids.len(), node_rows.len(), "node IDs are unique");
    for row in &edge_rows {
        assert!(ids.contains(row[1].as_str()) && ids.contains(row[2].as_str()), "{row:?} names a missing node");
        assert_eq!(row[column(&edge_headers, "Direction")], "directed");
    }
    let nitro = node_rows.iter().find(|r| r[0] == format!("{AGD}Nitrocellulose")).expect("nitrocellulose");
    assert_eq!(nitro[1], "nitrocellulose");
    assert_eq!(nitro[column(&node_headers, "Tags")], "dual-use|focus");
    let flow = node_rows.iter().find(|r| r[0] == format!("{AGD}flow-nc-2023")).expect("the 2023 flow");
    assert_eq!(flow[column(&node_headers, "Quantity")], "1300");
    assert_eq!(flow[column(&node_headers, "Evidence")], "002_c95ef05383f2dd26.txt:8 (documented)");
    // The same selection as GraphML: the same nodes and edges.
    let graph = export(&store, "graphml", &["--focus", "nitrocellulose"]);
    assert_eq!((nodes(&graph).len(), edges(&graph).len()), (node_rows.len(), edge_rows.len()));
    // One list to standard output.
    let run = store.run(&["export", "csv", "--focus", "nitrocellulose", "--table", "edges"]).expect(0);
    assert_eq!(csv::Reader::from_reader(run.stdout.as_bytes()).records().count(), edge_rows.len());
    let run = store.run(&["export", "csv", "--focus", "nitrocellulose"]).expect(2);
    assert!(run.stderr.contains("-o DIR") && run.stderr.contains("--table"), "{}", run.stderr);
}

#[test]
fn every_export_is_deterministic_and_valid_for_any_label() {
    let store = TestStore::new();
    store.load_fixture("labels.ttl").expect(0);
    for format in ["graphml", "gexf", "cytoscape"] {
        let first = store.run(&["export", format]).expect(0).stdout;
        let second = store.run(&["export", format]).expect(0).stdout;
        assert_eq!(first, second, "{format} is not deterministic");
        let graph = export(&store, format, &[]);
        let labels: BTreeSet<&str> = nodes(&graph).iter().filter_map(|n| n["label"].as_str()).collect();
        for label in
            ["He said \"hi\"", "<b>bold</b> & co {x} [y] // not a comment", "中华人民共和国", "line one\nline two"]
        {
            assert!(labels.contains(label), "{format}: {label:?} did not survive: {labels:?}");
        }
    }
    let csv = store.run(&["export", "csv", "--table", "nodes"]).expect(0).stdout;
    assert_eq!(csv, store.run(&["export", "csv", "--table", "nodes"]).expect(0).stdout);
}

#[test]
fn neighbourhood_exports_mark_unexpanded_hubs_and_selections_are_checked() {
    let store = TestStore::new();
    let graph = export(&store, "graphml", &["--focus", "Perm Gunpowder Plant", "--depth", "2", "--collapse"]);
    let russia = node(&graph, &format!("{AGD}Russia"));
    assert!(russia["hidden_links"].as_i64().is_some_and(|h| h > 20), "{russia}");
    let expanded = export(
        &store,
        "graphml",
        &["--focus", "Perm Gunpowder Plant", "--depth", "2", "--collapse", "--expand", "Russia"],
    );
    assert!(node(&expanded, &format!("{AGD}Russia")).get("hidden_links").is_none());
    assert!(nodes(&expanded).len() > nodes(&graph).len() + 20);
    let run = store.run(&["export", "graphml", "--to", "Russia"]).expect(2);
    assert!(run.stderr.contains("--from"), "{}", run.stderr);
    let run = store.run(&["export", "gexf", "--focus", "Atlantis"]).expect(2);
    assert!(run.stderr.contains("Atlantis"), "{}", run.stderr);
}
