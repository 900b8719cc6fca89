//! SHACL validation: the bundled data conforms; broken facts are reported with node, path and
//! message. Data that does not conform is a negative answer (exit 1); broken shapes an error (2).

use crate::helpers::TestStore;

#[test]
fn the_bundled_data_conforms() {
    let store = TestStore::new();
    let run = store.run(&["validate"]).expect(0);
    assert!(run.stdout.starts_with("conforms"), "{}", run.stdout);
}

#[test]
fn violations_name_the_node_the_path_and_what_is_wrong() {
    let store = TestStore::new();
    store.load_fixture("invalid-facts.ttl").expect(0);
    let run = store.run(&["validate", "--format", "json"]).expect(1);
    assert!(run.stderr.contains("does not conform"), "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["conforms"], false);
    let violations = report["violations"].as_array().unwrap();
    let has = |focus: &str, path: &str, message: &str| {
        violations.iter().any(|v| {
            v["focus"].as_str().unwrap().contains(focus)
                && v["path"].as_str().unwrap_or("").contains(path)
                && v["message"].as_str().unwrap().contains(message)
        })
    };
    assert!(has("bad/flow", "supplier", "supply flow without a supplier"), "{violations:#?}");
    assert!(has("bad/sanction", "authority", "sanction without an authority"), "{violations:#?}");
    assert!(has("bad/membership", "evidence", "claim without source"), "{violations:#?}");
    let text = store.run(&["validate"]).expect(1);
    assert!(text.stdout.contains("path: ag:supplier"), "{}", text.stdout);
}

#[test]
fn extra_shapes_can_be_added() {
    let store = TestStore::new();
    let shapes = store.write(
        "extra.ttl",
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ag: <https://w3id.org/actorgraph/ontology#> .
         <http://example.org/shape> a sh:NodeShape ; sh:targetClass ag:State ;
           sh:property [ sh:path ag:wikidata ; sh:minCount 2 ; sh:message \"two wikidata links\" ] .",
    );
    let run = store.run(&["validate", "--shapes", shapes.to_str().unwrap()]).expect(1);
    assert!(run.stdout.contains("two wikidata links"), "{}", run.stdout);
    let broken = store.write("broken-shapes.ttl", "this is not turtle");
    let run = store.run(&["validate", "--shapes", broken.to_str().unwrap()]).expect(2);
    assert!(run.stderr.contains("broken-shapes.ttl"), "{}", run.stderr);
}
