//! The bundled dataset: every claim traceable to its document and lines, hedges kept,
//! official statements recorded as claims, traversal edges derived rather than typed by hand.

use crate::helpers::{json_rows, seeds_dir, TestStore};

fn select(store: &TestStore, query: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let run = store.run(&["query", "-e", query, "-f", "json"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    json_rows(&run.stdout)
}

fn number(row: &serde_json::Map<String, serde_json::Value>, key: &str) -> u64 {
    row[key].as_str().unwrap().parse().unwrap()
}

#[test]
fn every_evidence_line_span_lies_inside_its_document() {
    let store = TestStore::new();
    let rows = select(
        &store,
        "PREFIX ag: <https://w3id.org/actorgraph/ontology#>
         SELECT ?file ?count ?start ?end WHERE {
           ?e ag:source ?doc ; ag:lineStart ?start . OPTIONAL { ?e ag:lineEnd ?end }
           ?doc ag:fileName ?file ; ag:lineCount ?count }",
    );
    assert!(rows.len() > 500, "{} evidence records", rows.len());
    // The seed documents themselves.
    let seeds = seeds_dir();
    for row in &rows {
        let start = number(row, "start");
        let end = row.get("end").map(|_| number(row, "end")).unwrap_or(start);
        let count = number(row, "count");
        let file = row["file"].as_str().unwrap();
        assert!(1 <= start && start <= end && end <= count, "{file}: lines {start}-{end} outside 1-{count}");
        if let Ok(text) = std::fs::read_to_string(seeds.join(file)) {
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len() as u64, count, "{file}: ag:lineCount");
            assert!(
                (start..=end).any(|n| !lines[n as usize - 1].trim().is_empty()),
                "{file}: lines {start}-{end} are blank"
            );
        }
    }
}

#[test]
fn every_fact_and_entity_names_its_source() {
    let store = TestStore::new();
    let unsourced = select(
        &store,
        "PREFIX ag: <https://w3id.org/actorgraph/ontology#>
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         SELECT ?thing WHERE {
           ?thing a ?class . { ?class rdfs:subClassOf* ag:Claim } UNION { ?class rdfs:subClassOf* ag:Entity }
           FILTER NOT EXISTS { ?thing ag:evidence/ag:source/ag:fileName ?file }
         }",
    );
    assert!(unsourced.is_empty(), "without a source: {unsourced:?}");
}

#[test]
fn hedged_claims_keep_their_hedge_and_official_statements_are_claims() {
    let store = TestStore::new();
    // Every hedge word the data records sits on an 'alleged' evidence record.
    let hedged = select(
        &store,
        "PREFIX ag: <https://w3id.org/actorgraph/ontology#>
         SELECT ?hedge ?level WHERE { ?e ag:hedge ?hedge ; ag:confidence/ag:key ?level }",
    );
    assert!(hedged.len() >= 4);
    assert!(hedged.iter().all(|r| r["level"] == "alleged"), "{hedged:?}");
    let words: std::collections::BTreeSet<&str> = hedged.iter().map(|r| r["hedge"].as_str().unwrap()).collect();
    assert_eq!(words, ["either", "possibly", "reportedly"].into_iter().collect());
    // Official statements are claims of their speaker, never documented facts.
    let official = select(
        &store,
        "PREFIX ag: <https://w3id.org/actorgraph/ontology#>
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         SELECT ?statement ?level WHERE {
           ?statement a/rdfs:subClassOf* ag:Statement ; ag:official true ; ag:evidence/ag:confidence/ag:key ?level }",
    );
    assert!(official.len() >= 12);
    assert!(official.iter().all(|r| r["level"] == "claimed"), "{official:?}");
}

#[test]
fn traversal_edges_are_derived_not_typed_by_hand() {
    let store = TestStore::new();
    let by_hand = select(
        &store,
        "PREFIX owl: <http://www.w3.org/2002/07/owl#>
         SELECT ?s ?p ?o ?g WHERE {
           GRAPH ?ontology { ?p owl:propertyChainAxiom ?chain }
           GRAPH ?g { ?s ?p ?o }
           FILTER(?g != <https://w3id.org/actorgraph/graph/derived>)
         }",
    );
    assert!(by_hand.is_empty(), "derived properties asserted by hand: {by_hand:?}");
    // And queries see the supplier -> recipient edge derived from each supply flow.
    store
        .run(&[
            "query",
            "-e",
            "PREFIX ag: <https://w3id.org/actorgraph/ontology#> ASK { <https://w3id.org/actorgraph/data/China> ag:suppliesTo <https://w3id.org/actorgraph/data/Russia> }",
        ])
        .expect(0);
}

#[test]
fn both_documents_are_described_and_cited() {
    let store = TestStore::new();
    let documents = select(
        &store,
        "PREFIX ag: <https://w3id.org/actorgraph/ontology#>
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         SELECT ?file ?title (COUNT(DISTINCT ?claim) AS ?claims) WHERE {
           ?doc a ag:SourceDocument ; ag:fileName ?file ; rdfs:label ?title ; ag:subject ?subject ; ag:publicationContext ?context .
           ?claim ag:evidence/ag:source ?doc .
         } GROUP BY ?file ?title ORDER BY ?file",
    );
    let files: Vec<&str> = documents.iter().map(|r| r["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["000_b1e0b081c1b0a90a.txt", "002_c95ef05383f2dd26.txt"]);
    assert!(documents.iter().all(|r| number(r, "claims") > 100));
}

#[test]
fn contradictions_link_statements_to_the_evidence_against_them() {
    let store = TestStore::new();
    let found = select(
        &store,
        "PREFIX ag: <https://w3id.org/actorgraph/ontology#>
         SELECT ?statement ?fact WHERE { ?statement ag:contradictedBy ?fact }",
    );
    assert!(found.len() >= 8, "{found:?}");
    assert!(found.iter().any(|r| r["statement"].as_str().unwrap().ends_with("st-russia-denies-perm")));
}

#[test]
fn derived_edges_follow_loads_reloads_and_facts_split_across_files() {
    let store = TestStore::new();
    let prefix = "@prefix ag: <https://w3id.org/actorgraph/ontology#> . @prefix e: <http://example.org/d/> .\n";
    let flow = |id: &str, from: &str, to: &str| {
        format!("{prefix}e:{id} a ag:SupplyFlow ; ag:supplier e:{from} ; ag:recipient e:{to} ; ag:good e:g .\n")
    };
    let supplies = |from: &str, to: &str| {
        let ask = format!(
            "PREFIX ag: <https://w3id.org/actorgraph/ontology#> ASK {{ <http://example.org/d/{from}> ag:suppliesTo <http://example.org/d/{to}> }}"
        );
        store.run(&["query", "-e", &ask]).code == 0
    };
    for bulk in ["never", "always"] {
        let file = store
            .write(&format!("flows-{bulk}.ttl"), &flow(&format!("f-{bulk}"), &format!("a{bulk}"), &format!("b{bulk}")));
        store.run(&["load", "--bulk", bulk, file.to_str().unwrap()]).expect(0);
        assert!(supplies(&format!("a{bulk}"), &format!("b{bulk}")), "bulk={bulk}: edge of a new fact");
        std::fs::write(&file, flow(&format!("f-{bulk}"), &format!("a{bulk}"), &format!("c{bulk}"))).unwrap();
        store.run(&["load", "--bulk", bulk, file.to_str().unwrap()]).expect(0);
        assert!(!supplies(&format!("a{bulk}"), &format!("b{bulk}")), "bulk={bulk}: edge of a replaced fact is gone");
        assert!(supplies(&format!("a{bulk}"), &format!("c{bulk}")), "bulk={bulk}: edge of the new version");
    }
    // A fact whose supplier and recipient come in different files.
    let first =
        store.write("half1.ttl", &format!("{prefix}e:split a ag:SupplyFlow ; ag:supplier e:x ; ag:good e:g .\n"));
    let second = store.write("half2.ttl", &format!("{prefix}e:split ag:recipient e:y .\n"));
    store.run(&["load", first.to_str().unwrap()]).expect(0);
    assert!(!supplies("x", "y"));
    store.run(&["load", "--bulk", "always", second.to_str().unwrap()]).expect(0);
    assert!(supplies("x", "y"), "the fact's two halves meet");
}

#[test]
fn source_documents_record_the_content_hash_of_their_seed_file() {
    use sha2::{Digest, Sha256};
    let store = TestStore::new();
    let rows = select(
        &store,
        "PREFIX ag: <https://w3id.org/actorgraph/ontology#>
         SELECT ?file ?hash WHERE { ?document ag:fileName ?file ; ag:contentHash ?hash }",
    );
    assert_eq!(rows.len(), 2, "{rows:?}");
    for row in rows {
        let file = row["file"].as_str().unwrap();
        let bytes = std::fs::read(crate::helpers::seeds_dir().join(file)).expect("the seed document");
        let hash: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(row["hash"].as_str().unwrap(), hash, "{file}: ag:contentHash");
    }
}
