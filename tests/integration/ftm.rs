//! FollowTheMoney import, linking and screening on the real OpenSanctions entities in
//! `../shared/data/opensanctions/`: paths from people to sanctions with each dataset's evidence,
//! exposure by control only where shares and dates say so, all-or-nothing imports, same-actor
//! links with their reasons, and screening lists with their exit codes.

use crate::helpers::{fixture, python, shared_dir, Run, TestStore};
use std::io::Write;
use std::path::PathBuf;

/// A file of real OpenSanctions entities, in the shared material.
fn opensanctions(name: &str) -> PathBuf {
    let path = shared_dir().join("data/opensanctions").join(name);
    assert!(path.is_file(), "{} is missing", path.display());
    path
}

fn zala() -> String {
    opensanctions("zala_entities.ftm.json").to_str().expect("utf-8 path").to_owned()
}

/// A store with the zala entities imported.
fn zala_store() -> TestStore {
    let store = TestStore::new();
    let run = store.run(&["import", "ftm", &zala()]).expect(0);
    assert!(run.stdout.contains("91 entities"), "{}", run.stdout);
    store
}

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stdout))
}

fn json_lines(run: &Run) -> Vec<serde_json::Value> {
    run.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

#[test]
fn a_director_reaches_the_sanctions_on_his_company_with_each_datasets_evidence() {
    let store = zala_store();
    let run = store
        .run(&["path", "Абашкін Костянтин Ігорьович", "--to-type", "Sanction", "-k", "3", "--format", "json"])
        .expect(0);
    let report = json(&run);
    assert_eq!(report["schema"], "actorgraph.path/1");
    assert_eq!(report["profile"], "exposure");
    let paths = report["paths"].as_array().expect("paths");
    assert!(!paths.is_empty());
    for path in paths {
        let hops = path["hops"].as_array().expect("hops");
        assert_eq!(hops[0]["relation"]["family"], "directorship", "{path}");
        assert_eq!(hops[0]["to"]["label"], "LLC CST");
        assert_eq!(hops.last().unwrap()["to"]["class_label"], "Sanction");
        // The director of a sanctioned company is linked to it, not controlled by it.
        assert_eq!(path["exposure"]["kind"], "linked", "{path}");
        for hop in hops {
            for fact in hop["facts"].as_array().expect("facts") {
                let evidence = fact["evidence"].as_array().expect("evidence");
                assert!(!evidence.is_empty(), "a fact without evidence: {fact}");
                for record in evidence {
                    let source = record["source"].as_str().unwrap();
                    assert!(source.starts_with("https://w3id.org/actorgraph/ftm/dataset/"), "{record}");
                    assert!(record["first_seen"].is_string() && record["last_seen"].is_string(), "{record}");
                    assert!(["documented", "reported"].contains(&record["confidence"].as_str().unwrap()), "{record}");
                }
            }
        }
    }
    // The directorship comes from the Russian company register, the sanctions from their lists.
    let first = &paths[0]["hops"][0]["facts"][0]["evidence"][0];
    assert_eq!(first["title"], "ext_ru_egrul");
    assert_eq!(first["confidence"], "reported");
    let sanction = &paths[0]["hops"][1]["facts"][0];
    assert_eq!(sanction["confidence"], "documented", "{sanction}");
}

#[test]
fn control_passes_only_along_ownership_at_the_control_share_and_only_while_it_lasts() {
    let store = zala_store();
    // Zakharov owned 100% of Aeroscan from 2024-03-01 to 2024-03-24, and is sanctioned.
    let during = store
        .run(&["path", "Limited Liability Company Aeroscan", "--to-type", "Sanction", "--as-of", "2024-03-10"])
        .expect(0);
    assert!(during.stdout.contains("exposure: control"), "{}", during.stdout);
    assert!(during.stdout.contains("is owned by→ Alexander Vyacheslavovich ZAKHAROV"), "{}", during.stdout);
    assert!(during.stdout.contains("100%"), "{}", during.stdout);
    // After the ownership ended, it no longer transmits anything.
    let after = store.run(&["path", "Limited Liability Company Aeroscan", "--to-type", "Sanction"]).expect(1);
    assert!(after.stdout.contains("No exposure path"), "{}", after.stdout);
    // Every path, whatever it means, is still there for those who ask.
    store.run(&["path", "Limited Liability Company Aeroscan", "--to-type", "Sanction", "--profile", "all"]).expect(0);
    // An ownership whose share the source does not state is ownership, never control.
    let unstated = store
        .run(&["path", "Акціонерне товариство \"Зала Аеро\"", "--to-type", "Sanction", "--as-of", "2024-06-01"])
        .expect(0);
    assert!(unstated.stdout.contains("exposure: ownership"), "{}", unstated.stdout);
    assert!(!unstated.stdout.contains("exposure: control —"), "{}", unstated.stdout);
}

#[test]
fn imports_replace_their_graph_and_a_second_import_changes_nothing() {
    let store = zala_store();
    let once = store.triple_count();
    let run = store.run(&["import", "ftm", &zala()]).expect(0);
    assert!(run.stdout.contains("<https://w3id.org/actorgraph/ftm/graph/zala>"), "{}", run.stdout);
    assert_eq!(store.triple_count(), once);
    // The other file goes into its own graph beside it.
    let t1 = opensanctions("yente_t1_entities.ftm.json");
    store.run(&["import", "ftm", t1.to_str().unwrap()]).expect(0);
    let graphs = store.run(&["stats", "--format", "json"]).expect(0).stdout;
    assert!(graphs.contains("ftm/graph/zala") && graphs.contains("ftm/graph/yente_t1"), "{graphs}");
    // Bundled data and imports stay valid against the shapes.
    store.run(&["validate"]).expect(0);
}

#[test]
fn a_bad_line_names_its_file_and_line_and_leaves_the_store_as_it_was() {
    let store = zala_store();
    let before = store.triple_count();
    let mut lines: Vec<String> = std::fs::read_to_string(zala()).unwrap().lines().map(str::to_owned).collect();
    lines[39] = lines[39][..lines[39].len() / 2].to_owned();
    let broken = store.write("zala_entities.ftm.json", &(lines.join("\n") + "\n"));
    let run = store.run(&["import", "ftm", broken.to_str().unwrap()]).expect(2);
    assert!(run.stderr.contains("zala_entities.ftm.json:40:"), "{}", run.stderr);
    assert!(run.stderr.contains("store is unchanged"), "{}", run.stderr);
    assert_eq!(store.triple_count(), before);
    // An unknown schema is an error too, naming the schema.
    let unknown = store.write("odd.ftm.json", "{\"id\":\"x1\",\"schema\":\"Spaceship\",\"properties\":{}}\n");
    let run = store.run(&["import", "ftm", unknown.to_str().unwrap()]).expect(2);
    assert!(run.stderr.contains("odd.ftm.json:1:") && run.stderr.contains("Spaceship"), "{}", run.stderr);
    assert_eq!(store.triple_count(), before);
}

#[test]
fn an_unknown_property_is_a_counted_warning_and_the_rest_of_the_entity_is_kept() {
    let store = TestStore::new();
    let file = store.write(
        "odd.ftm.json",
        "{\"id\":\"p1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Ivan Example\"],\"shoeSize\":[\"44\"]},\"datasets\":[\"odd\"]}\n",
    );
    let run = store.run(&["import", "ftm", file.to_str().unwrap()]).expect(0);
    assert!(run.stderr.contains("warning: 1 value skipped: their schema has no such property"), "{}", run.stderr);
    assert!(run.stderr.contains("Person:shoeSize (1)"), "{}", run.stderr);
    // The person is there, under the name given.
    store.run(&["neighbours", "Ivan Example"]).expect(1);
    // A date that is no date, and a person without a name: imported, and said.
    let file = store.write(
        "doubtful.ftm.json",
        "{\"id\":\"p2\",\"schema\":\"Person\",\"properties\":{\"birthDate\":[\"not a date\"]},\"datasets\":[\"odd\"]}\n",
    );
    let run = store.run(&["import", "ftm", file.to_str().unwrap()]).expect(0);
    // Linked to nothing, the person is still part of the whole graph's exports.
    let everything = store.run(&["export", "ftm"]).expect(0);
    assert!(everything.stdout.contains("\"id\":\"p2\""), "{}", everything.stderr);
    assert!(run.stderr.contains("1 value of date properties kept as text"), "{}", run.stderr);
    assert!(run.stderr.contains("Person:birthDate (1)"), "{}", run.stderr);
    assert!(run.stderr.contains("1 property FtM requires missing: Person:name (1)"), "{}", run.stderr);
    assert!(run.stdout.contains("1 entity: Person 1"), "{}", run.stdout);
}

#[test]
fn compressed_files_and_standard_input_import_alike() {
    let t1 = std::fs::read(opensanctions("yente_t1_entities.ftm.json")).unwrap();
    let plain = TestStore::new();
    let piped = plain.run_with_input(&["import", "ftm", "--dataset", "t1", "-"], std::str::from_utf8(&t1).unwrap());
    piped.expect(0);
    let zipped = TestStore::new();
    let path = zipped.dir.path().join("t1").join("entities.ftm.json.gz");
    std::fs::create_dir(path.parent().unwrap()).unwrap();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&t1).unwrap();
    std::fs::write(&path, encoder.finish().unwrap()).unwrap();
    let run = zipped.run(&["import", "ftm", path.to_str().unwrap()]).expect(0);
    // An OpenSanctions `entities.ftm.json` is named after its directory.
    assert!(run.stdout.contains("ftm/graph/t1>"), "{}", run.stdout);
    assert_eq!(plain.triple_count(), zipped.triple_count());
    // Standard input needs a dataset name.
    let nameless = TestStore::new().run_with_input(&["import", "ftm", "-"], "");
    assert_eq!(nameless.code, 2);
    assert!(nameless.stderr.contains("--dataset"), "{}", nameless.stderr);
    // Nothing on standard input (a pipe that failed) must not empty the dataset's graph.
    let before = plain.triple_count();
    let empty = plain.run_with_input(&["import", "ftm", "--dataset", "t1", "-"], "\n");
    assert_eq!(empty.code, 2, "{}", empty.stdout);
    assert!(empty.stderr.contains("no FtM entities"), "{}", empty.stderr);
    assert_eq!(plain.triple_count(), before);
}

#[test]
fn links_say_why_apply_above_the_threshold_and_wait_for_review_below_it() {
    let store = TestStore::new();
    let run = store.run(&["import", "ftm", fixture("ftm/linking.ftm.json").to_str().unwrap()]).expect(0);
    assert!(run.stdout.contains("2 linked, 1 candidate for review"), "{}", run.stdout);
    let links = json(&store.run(&["links", "--format", "json"]).expect(0));
    let links = links.as_array().expect("a list of links");
    let find = |entity: &str| links.iter().find(|l| l["entity"]["label"] == entity).cloned();
    let norinco = find("NORINCO LLC").expect("NORINCO LLC linked");
    assert_eq!(norinco["status"], "applied");
    assert_eq!(norinco["actor"]["label"], "NORINCO");
    assert!(norinco["reason"].as_str().unwrap().contains("legal forms"), "{norinco}");
    let prc = find("The PRC").expect("a link by Wikidata item");
    assert_eq!(prc["actor"]["label"], "China");
    assert!(prc["reason"].as_str().unwrap().contains("Q148"), "{prc}");
    // A transliterated name scores below the threshold: a candidate, not applied.
    let cyrillic = find("Норинко").expect("the Cyrillic name is a candidate");
    assert_eq!(cyrillic["status"], "candidate");
    assert!(cyrillic["score"].as_f64().unwrap() < 0.95);
    assert!(find("Blue Harbour Shipping Ltd").is_none());
    // The curated NORINCO reaches the imported sanction across the link.
    let path = store.run(&["path", "NORINCO", "--to-type", "Sanction"]).expect(0);
    assert!(path.stdout.contains("exposure: designated"), "{}", path.stdout);
    assert!(path.stdout.contains("Test Authority"), "{}", path.stdout);
    // Accepting the candidate applies it; the decision survives a new linking.
    let id = cyrillic["id"].as_str().unwrap();
    store.run(&["links", "--accept", id]).expect(0);
    store.run(&["link"]).expect(0);
    let again = json(&store.run(&["links", "--format", "json"]).expect(0));
    let accepted = again.as_array().unwrap().iter().find(|l| l["id"] == id).expect("still listed").clone();
    assert_eq!(accepted["status"], "accepted");
    let run = store.run(&["links", "--reject", "000000000000"]).expect(2);
    assert!(run.stderr.contains("000000000000"), "{}", run.stderr);
}

#[test]
fn screening_finds_exact_misspelt_and_transliterated_names_and_its_exit_code_says_who_is_exposed() {
    let store = zala_store();
    let list = store.write(
        "counterparties.csv",
        "name,country\nLLC CST,ru\nAlexandr Vyacheslavovich Zaharov,\nKonstantin Igorevich Abashkin,\nAcme Widgets Ltd,gb\n",
    );
    let run = store.run(&["screen", list.to_str().unwrap()]).expect(1);
    let rows = json_lines(&run);
    assert_eq!(rows.len(), 4);
    for row in &rows {
        assert_eq!(row["schema"], "actorgraph.screen/1");
    }
    let status = |i: usize| (rows[i]["status"].as_str().unwrap(), rows[i]["strongest"].as_str().unwrap_or(""));
    assert_eq!(rows[0]["line"], 2);
    assert_eq!(status(0), ("exposed", "designated"), "exact name: {}", rows[0]);
    assert_eq!(status(1), ("exposed", "designated"), "misspelt name: {}", rows[1]);
    assert_eq!(rows[1]["matches"][0]["entity"]["label"], "Alexander Vyacheslavovich ZAKHAROV");
    assert!(rows[1]["matches"][0]["score"].as_f64().unwrap() < 1.0);
    assert_eq!(status(2), ("exposed", "linked"), "transliterated name: {}", rows[2]);
    // Only his Cyrillic names read so: the match is by transliteration.
    assert_eq!(rows[2]["matches"][0]["entity"]["label"], "Абашкін Костянтин Ігорьович");
    let reasons = rows[2]["matches"][0]["reasons"].to_string();
    assert!(reasons.contains("Абашкин Константин Игоревич") && reasons.contains("script"), "{reasons}");
    assert_eq!(status(3), ("no_match", ""), "unrelated name: {}", rows[3]);
    // Every exposure hop carries its evidence.
    for hop in rows[2]["matches"][0]["exposure"][0]["hops"].as_array().unwrap() {
        assert!(!hop["facts"][0]["evidence"].as_array().unwrap().is_empty(), "{hop}");
    }
    // A list of people nobody has heard of is clear: exit 0.
    store.run(&["screen", "--name", "Acme Widgets Ltd", "--name", "Jane Nobody"]).expect(0);
    // The report a person reads.
    let report = store.run(&["screen", list.to_str().unwrap(), "--format", "markdown"]).expect(1);
    assert!(report.stdout.contains("4 rows: 3 exposed"), "{}", report.stdout);
    assert!(report.stdout.contains("## LLC CST (line 2): **exposed** (designated)"), "{}", report.stdout);
    assert!(report.stderr.contains("3 of 4 rows exposed"), "{}", report.stderr);
    // A country however the list writes it (code, three letters, name), a birth date to the
    // year or the month: the same match, and the country's reason said once.
    let written = store.write(
        "countries.csv",
        "name,country,dob\nAlexandr Zaharov,ru,\nAlexandr Zaharov,RUS,\nAlexandr Zaharov,Russia,1965\n\
         Alexandr Zaharov,Russian Federation,1965-09\n",
    );
    let rows = json_lines(&store.run(&["screen", written.to_str().unwrap()]).expect(1));
    let best = |row: &serde_json::Value| row["matches"][0]["score"].as_f64().unwrap_or(0.0);
    assert!(best(&rows[0]) >= 0.9, "{}", rows[0]);
    for row in &rows {
        assert_eq!(row["status"], "exposed", "{row}");
        assert_eq!(best(row), best(&rows[0]), "{row}");
        let reasons = row["matches"][0]["reasons"].to_string();
        assert_eq!(reasons.matches("country ru is the same").count(), 1, "{reasons}");
    }
    // A birth date that agrees is a reason; one that differs rules the person out; a country
    // that differs lowers the score and says what the data holds.
    let differing = store.write(
        "differing.csv",
        "name,country,dob\nAlexandr Zaharov,,1965-09-21\nAlexandr Zaharov,,1971\nAlexandr Zaharov,gb,\n",
    );
    let rows = json_lines(&store.run(&["screen", differing.to_str().unwrap()]).expect(1));
    let zakharov = "Alexander Vyacheslavovich ZAKHAROV";
    assert_eq!(rows[0]["matches"][0]["entity"]["label"], zakharov, "{}", rows[0]);
    assert!(rows[0]["matches"][0]["reasons"].to_string().contains("born 1965-09-21, as given"), "{}", rows[0]);
    let labels: Vec<&str> =
        rows[1]["matches"].as_array().unwrap().iter().filter_map(|m| m["entity"]["label"].as_str()).collect();
    assert!(!labels.contains(&zakharov), "{}", rows[1]);
    assert_eq!(rows[2]["matches"][0]["entity"]["label"], zakharov, "{}", rows[2]);
    let reasons = rows[2]["matches"][0]["reasons"].to_string();
    assert!(reasons.contains("country differs: gb given, ru in the data"), "{reasons}");
    assert!(best(&rows[2]) < best(&rows[0]), "{} {}", rows[2], rows[0]);
}

#[test]
fn screening_lists_in_every_layout_and_bad_lists_named_by_line() {
    let store = zala_store();
    let tsv = store.write("list.tsv", "full name\tdob\nLLC CST\t\n");
    let rows = json_lines(&store.run(&["screen", tsv.to_str().unwrap()]).expect(1));
    assert_eq!(rows[0]["status"], "exposed");
    let jsonl = store.write("list.jsonl", "{\"name\": \"Acme Widgets Ltd\", \"country\": \"gb\"}\n");
    let rows = json_lines(&store.run(&["screen", jsonl.to_str().unwrap()]).expect(0));
    assert_eq!(rows[0]["query"]["country"], "gb");
    let piped = store.run_with_input(&["screen", "-", "--input-format", "csv"], "name\nLLC CST\n").expect(1);
    assert_eq!(json_lines(&piped).len(), 1);
    let nameless = store.write("bad.csv", "name,country\nLLC CST,ru\n,ru\n");
    let run = store.run(&["screen", nameless.to_str().unwrap()]).expect(2);
    assert!(run.stderr.contains("bad.csv:3:"), "{}", run.stderr);
    let headless = store.write("bad2.csv", "firm,country\nLLC CST,ru\n");
    let run = store.run(&["screen", headless.to_str().unwrap()]).expect(2);
    assert!(run.stderr.contains("bad2.csv:1:") && run.stderr.contains("name"), "{}", run.stderr);
    let broken = store.write("bad.jsonl", "{\"name\": \"LLC CST\"}\n{\"name\": \n");
    let run = store.run(&["screen", broken.to_str().unwrap()]).expect(2);
    assert!(run.stderr.contains("bad.jsonl:2:"), "{}", run.stderr);
}

#[test]
fn the_html_screening_report_draws_each_exposure() {
    crate::helpers::require_graphviz();
    let store = zala_store();
    let out = store.dir.path().join("screening.html");
    store.run(&["screen", "--name", "Zala Aero", "--format", "html", "-o", out.to_str().unwrap()]).expect(1);
    let html = std::fs::read_to_string(out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..100.min(html.len())]);
    assert!(html.contains("<svg"), "no diagram");
    assert!(html.contains("LLC CST"));
}

/// Rows of a SELECT on the bundled ontology, first column only.
fn first_column(query: &str) -> Vec<String> {
    // Exit 1 is an answer: no rows.
    let run = TestStore::new().run(&["query", "-e", query, "--format", "tsv"]);
    assert!(run.code == 0 || run.code == 1, "{query}: {}", run.stderr);
    run.tsv_rows().into_iter().map(|row| row[0].clone()).collect()
}

#[test]
fn every_ftm_schema_has_its_place_in_the_graph() {
    let prefixes = "PREFIX ag: <https://w3id.org/actorgraph/ontology#>
        PREFIX ftm: <https://schema.followthemoney.tech/#>
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>";
    // FtM's whole model is there, not a hand-picked subset.
    let schemata = first_column(&format!("{prefixes} SELECT ?s WHERE {{ ?s a ag:FtmSchema }}"));
    assert!(schemata.len() >= 70, "{} FtM schemata", schemata.len());
    // Every thing an entity of the graph, or declared not to be one.
    let homeless = first_column(&format!(
        "{prefixes} SELECT ?s WHERE {{ ?s a ag:FtmSchema ; rdfs:subClassOf* ftm:Thing .
           FILTER NOT EXISTS {{ ?s ag:ftmAbstract true }}
           FILTER NOT EXISTS {{ ?s rdfs:subClassOf* ag:Entity }}
           FILTER NOT EXISTS {{ ?s rdfs:subClassOf*/ag:notAnEntity true }} }}"
    ));
    assert_eq!(homeless, Vec::<String>::new(), "FtM things that are neither entities nor declared not to be");
    for actor in ["Person", "Company", "Organization", "LegalEntity", "PublicBody", "Vessel", "Airplane"] {
        let rows = first_column(&format!(
            "{prefixes} SELECT ?s WHERE {{ ftm:{actor} rdfs:subClassOf+ ?s FILTER(?s = ag:Actor) }}"
        ));
        assert_eq!(rows.len(), 1, "ftm:{actor} is not an actor");
    }
    // Every edge schema derives a traversal relation from its source role, with a family.
    let underived = first_column(&format!(
        "{prefixes} SELECT ?s WHERE {{ ?s ag:ftmEdgeSource ?source .
           FILTER NOT EXISTS {{ ?p owl:propertyChainAxiom ?chain ; ag:relationFamily ?family .
                               ?chain rdf:rest*/rdf:first/owl:inverseOf ?source }} }}"
    ));
    assert_eq!(underived, Vec::<String>::new(), "FtM edge schemata without a derived relation");
    // The model is FtM's own, as its schema files say.
    let schema_dir = shared_dir().join("reference/ftm/schema");
    let status = std::process::Command::new(python("yaml"))
        .arg(crate::helpers::checkout().join("ontology/ftm/generate.py"))
        .arg("--check")
        .arg(schema_dir)
        .status()
        .expect("run generate.py");
    assert!(status.success(), "ontology/ftm/model.ttl is not what FtM's schema files generate");
}

/// The export in `file`, as the `followthemoney` package reads and validates it.
fn validated_by_ftm(file: &std::path::Path) -> serde_json::Value {
    let output = std::process::Command::new(python("followthemoney"))
        .arg(crate::helpers::checkout().join("tests/python/validate_ftm.py"))
        .arg(file)
        .output()
        .expect("run validate_ftm.py");
    assert!(output.status.success(), "FtM rejects {}:\n{}", file.display(), String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("the validator's JSON")
}

#[test]
fn the_curated_graph_exports_as_entities_ftm_itself_accepts() {
    let store = TestStore::new();
    let file = store.dir.path().join("all.ftm.json");
    let run = store.run(&["export", "ftm", "-o", file.to_str().unwrap()]).expect(0);
    // What FtM has no schema for is named, not dropped silently.
    assert!(run.stderr.contains("that FtM has no schema for") && run.stderr.contains("SupplyFlow"), "{}", run.stderr);
    let read = validated_by_ftm(&file);
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(read["entities"].as_u64().unwrap() as usize, text.lines().count());
    for schema in ["Person", "Company", "PublicBody", "Sanction", "Membership"] {
        assert!(read["schemata"][schema].as_u64().unwrap_or(0) > 0, "no {schema}: {}", read["schemata"]);
    }
    // Every membership of the store is there, member to organisation.
    let memberships = first_column(
        "PREFIX ag: <https://w3id.org/actorgraph/ontology#>
         SELECT DISTINCT ?m WHERE { ?m a ag:Membership ; ag:member [] ; ag:organisation [] }",
    );
    assert_eq!(read["schemata"]["Membership"].as_u64().unwrap() as usize, memberships.len());
    let edges = read["edges"].as_array().unwrap();
    assert!(edges.contains(&serde_json::json!(["Membership", "agd-Biden", "agd-UnitedStates"])), "{edges:?}");
    // A sanction names its target, and the target is in the file.
    let sanction: serde_json::Value = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|e| e["schema"] == "Sanction")
        .unwrap();
    assert!(!sanction["properties"]["entity"].as_array().unwrap().is_empty(), "{sanction}");
    // The same store exports the same bytes.
    let again = store.run(&["export", "ftm"]).expect(0);
    assert_eq!(again.stdout, text);
}

#[test]
fn an_imported_dataset_goes_back_to_ftm_as_it_came() {
    let first = zala_store();
    let file = first.dir.path().join("zala.out.json");
    first.run(&["export", "ftm", "--dataset", "zala", "-o", file.to_str().unwrap()]).expect(0);
    let read = validated_by_ftm(&file);
    assert_eq!(read["entities"], 91);
    assert_eq!(read["schemata"]["Sanction"], 41);
    assert_eq!(read["schemata"]["Ownership"], 14);
    // Importing the export gives the very same graph.
    let second = TestStore::new();
    second.run(&["import", "ftm", "--no-link", "--dataset", "zala", file.to_str().unwrap()]).expect(0);
    let graph = "https://w3id.org/actorgraph/ftm/graph/zala";
    let dump = |store: &TestStore| {
        let mut lines: Vec<String> = store
            .run(&["dump", "--graph", graph, "--format", "ntriples"])
            .expect(0)
            .stdout
            .lines()
            .map(str::to_owned)
            .collect();
        lines.sort();
        lines
    };
    let (before, after) = (dump(&first), dump(&second));
    assert!(before.len() > 3000, "{} triples", before.len());
    assert_eq!(before, after);
    // A dataset that was never imported is an error naming the ones that were.
    let run = first.run(&["export", "ftm", "--dataset", "zal"]).expect(2);
    assert!(run.stderr.contains("no imported dataset 'zal'") && run.stderr.contains("zala"), "{}", run.stderr);
}

#[test]
fn a_neighbourhood_exports_with_the_entities_its_facts_name() {
    let store = TestStore::new();
    let run = store.run(&["export", "ftm", "--focus", "Biden"]).expect(0);
    let ids: Vec<String> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_owned())
        .collect();
    for id in ["agd-Biden", "agd-UnitedStates", "agd-mem-biden-us"] {
        assert!(ids.iter().any(|i| i == id), "{id} missing from {ids:?}");
    }
    let file = store.write("biden.ftm.json", &run.stdout);
    validated_by_ftm(&file);
}

#[test]
fn imported_data_leaves_the_document_review_alone_and_scans_know_its_names() {
    let store = zala_store();
    let seeds = crate::helpers::seeds_dir();
    // Records citing a dataset name no lines to read back: the review of the documents is as clean as before.
    let review = store.run(&["review", "--check", "--sources", seeds.to_str().unwrap()]).expect(0);
    assert!(review.stdout.contains("No findings"), "{}", review.stdout);
    let unknown = store.run(&["review", "--sources", seeds.to_str().unwrap(), "--fact", "agd:NoSuchFact"]).expect(2);
    assert!(
        unknown.stderr.contains("no fact or entity is <https://w3id.org/actorgraph/data/NoSuchFact>"),
        "{}",
        unknown.stderr
    );
    // A text naming imported people and firms: known entities, not new names.
    let text = store.write("note.txt", "Alexander Zakharov of Zala Aero met officials of Kalashnikov Concern.\n");
    let scan = json(&store.run(&["scan", text.to_str().unwrap(), "--format", "json"]).expect(0));
    let mentions = scan["lines"][0]["mentions"].as_array().unwrap();
    for name in ["Alexander Zakharov", "Zala Aero", "Kalashnikov Concern"] {
        let known =
            mentions.iter().any(|m| m["text"] == name && m["entity"].as_str().unwrap().contains("/ftm/entity/"));
        assert!(known, "{name} not known: {mentions:?}");
    }
    assert_eq!(scan["summary"]["new_names"], serde_json::json!([]), "{}", scan["summary"]);
    // Nothing linked: said, and answered 1.
    let links = store.run(&["links"]).expect(1);
    assert!(links.stdout.contains("no links and no candidates"), "{}", links.stdout);
}
