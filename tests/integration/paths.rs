//! Path lookups: real questions on the bundled data, and a small fixture with known paths for
//! ordering, direction, confidence and date filters, names, batch mode and the JSON schema.

use crate::helpers::{fixture, TestStore, AGD};
use serde_json::Value;

const EX: &str = "http://example.org/test/";

fn json(run: &crate::helpers::Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The node IRIs of each path, shortened.
fn routes(report: &Value) -> Vec<Vec<String>> {
    report["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["iri"].as_str().unwrap().replace(EX, "").replace(AGD, ""))
                .collect()
        })
        .collect()
}

fn fixture_store() -> TestStore {
    let store = TestStore::new();
    store.load_fixture("paths.ttl").expect(0);
    store
}

#[test]
fn firm_group_to_any_sanction() {
    let store = TestStore::new();
    let run = store
        .run(&["path", "Chinese electronics firms", "--to-type", "Sanction", "--as-of", "2024", "--format", "json"])
        .expect(0);
    let report = json(&run);
    assert_eq!(report["to_type"], "sanction");
    assert_eq!(routes(&report), [["ChineseElectronicsFirms", "sanction-us-chinese-firms"]]);
    let hop = &report["paths"][0]["hops"][0];
    assert_eq!(hop["direction"], "backward");
    assert_eq!(hop["wording"], "is targeted by");
    assert_eq!(hop["relation"]["family"], "sanction");
    let fact = &hop["facts"][0];
    // One sanction on three groups of firms; a hop from one group names it first.
    let summary = fact["summary"].as_str().unwrap();
    assert!(summary.starts_with("US Commerce and US Treasury sanctioned Chinese electronics firms, "), "{summary}");
    assert!(
        summary.contains("Chinese chemical companies") && summary.contains("Chinese trading entities"),
        "{summary}"
    );
    assert_eq!(
        fact["qualifiers"],
        serde_json::json!(["dozens of firms", "since 2023", "designations made in 2023-2025"])
    );
    assert_eq!(fact["evidence"][0]["file"], "000_b1e0b081c1b0a90a.txt");
    assert_eq!(fact["evidence"][0]["lines"], serde_json::json!([35, 35]));
}

#[test]
fn a_sanction_designated_in_2023_still_holds_in_2026() {
    // Designations made in 2023-2025 start the sanction; no source says it was lifted.
    let store = TestStore::new();
    for year in ["2023", "2025", "2026"] {
        let run = store
            .run(&["path", "Chinese electronics firms", "--to-type", "Sanction", "--as-of", year, "--format", "json"])
            .expect(0);
        assert_eq!(routes(&json(&run)), [["ChineseElectronicsFirms", "sanction-us-chinese-firms"]], "--as-of {year}");
    }
    // Before the first designation the firms reach a sanction only through Russia.
    let before = store
        .run(&["path", "Chinese electronics firms", "--to-type", "Sanction", "--as-of", "2022", "--format", "json"])
        .expect(0);
    assert_eq!(routes(&json(&before)), [["ChineseElectronicsFirms", "Russia", "sanction-west-russia"]]);
}

#[test]
fn multi_actor_facts_agree_in_number_and_name_the_hop_start_first() {
    let store = TestStore::new();
    let run = store.run(&["path", "NORINCO", "China", "--via", "location", "--format", "json"]).expect(0);
    let fact = &json(&run)["paths"][0]["hops"][0]["facts"][0];
    assert_eq!(fact["summary"], "NORINCO, AVIC and China Poly Group are in China");
    let run = store.run(&["path", "AVIC", "China", "--via", "location", "--format", "json"]).expect(0);
    assert_eq!(
        json(&run)["paths"][0]["hops"][0]["facts"][0]["summary"],
        "AVIC, China Poly Group and NORINCO are in China"
    );
    // One actor keeps the singular.
    let run = store.run(&["path", "Perm Gunpowder Plant", "Russia", "--via", "location", "--format", "json"]).expect(0);
    assert_eq!(json(&run)["paths"][0]["hops"][0]["facts"][0]["summary"], "Perm Gunpowder Plant is in Russia");
}

#[test]
fn a_fact_about_a_group_on_a_members_path_says_so() {
    let store = TestStore::new();
    let run = store
        .run(&["path", "NORINCO", "nitrocellulose", "--via", "membership,supply", "--directed", "--format", "json"])
        .expect(0);
    let report = json(&run);
    assert_eq!(routes(&report), [["NORINCO", "MilitaryIndustrialComplex", "Nitrocellulose"]]);
    let hops = report["paths"][0]["hops"].as_array().unwrap();
    assert!(hops[0]["facts"][0].get("about_group").is_none(), "the membership itself is about NORINCO");
    let scope = &hops[1]["facts"][0]["about_group"];
    assert_eq!(scope["group"], "Military-Industrial Complex and State-Owned Enterprises");
    assert_eq!(scope["member"], "NORINCO");
    let text = store.run(&["path", "NORINCO", "nitrocellulose", "--via", "membership,supply", "--directed"]).expect(0);
    assert!(
        text.stdout.contains(
            "(a statement about Military-Industrial Complex and State-Owned Enterprises as a group, which NORINCO belongs to; not about NORINCO itself)"
        ),
        "{}",
        text.stdout
    );
}

#[test]
fn supplier_state_to_weapon_system() {
    let store = TestStore::new();
    let run = store.run(&["path", "China", "Shahed", "--via", "production", "--format", "json"]).expect(0);
    let report = json(&run);
    assert_eq!(routes(&report), [["China", "Microprocessors", "ShahedDrone"]]);
    let hops = report["paths"][0]["hops"].as_array().unwrap();
    assert_eq!(hops[0]["wording"], "is the origin of");
    assert_eq!(hops[1]["wording"], "is used in");
    assert!(hops.iter().all(|h| h["facts"][0]["confidence"] == "documented"));
}

#[test]
fn faction_to_the_head_of_state() {
    let store = TestStore::new();
    let run = store.run(&["path", "pla hawks", "xi jinping", "--via", "membership,influence", "--directed"]).expect(0);
    assert!(run.stdout.contains("PLA Hawks —belongs to→ CCP Hardliners and Security Apparatus"), "{}", run.stdout);
    assert!(run.stdout.contains("CCP Hardliners and Security Apparatus —influences→ Xi Jinping"), "{}", run.stdout);
    assert!(run.stdout.contains("002_c95ef05383f2dd26.txt:103-104, assessed"), "{}", run.stdout);
}

#[test]
fn chinese_nitrocellulose_to_a_russian_ammunition_plant() {
    let store = TestStore::new();
    let run = store.run(&["path", "nitrocellulose", "Perm Gunpowder Plant", "-k", "3", "--format", "json"]).expect(0);
    let report = json(&run);
    let found = routes(&report);
    assert!(
        found.contains(&vec!["Nitrocellulose".into(), "PermExplosion".into(), "PermGunpowderPlant".into()]),
        "{found:?}"
    );
    // The link through the explosion is only alleged: gone once alleged hops are dropped.
    let strict = store.run(&[
        "path",
        "nitrocellulose",
        "Perm Gunpowder Plant",
        "-k",
        "3",
        "--min-confidence",
        "reported",
        "--format",
        "json",
    ]);
    let strict = json(&strict.expect(0));
    assert!(!routes(&strict).iter().any(|r| r.contains(&"PermExplosion".to_owned())));
    // Supply hops show the flows as facts, amounts and years included.
    let text = store.run(&["path", "China", "Russia", "--via", "supply"]).expect(0);
    assert!(text.stdout.contains("China supplied nitrocellulose to Russia (1,300 t, 2023"), "{}", text.stdout);
}

#[test]
fn k_shortest_paths_come_shortest_first_then_best_evidenced() {
    let store = fixture_store();
    let run = store.run(&["path", "Alpha", "Delta Leader", "-k", "5", "--format", "json"]).expect(0);
    let report = json(&run);
    assert_eq!(
        routes(&report),
        [
            vec!["alpha", "delta"],
            vec!["alpha", "epsilon", "delta"],
            vec!["alpha", "epsilon", "delta"],
            vec!["alpha", "beta", "gamma", "delta"],
            vec!["alpha", "widget", "beta", "gamma", "delta"],
        ]
    );
    let lengths: Vec<u64> = report["paths"].as_array().unwrap().iter().map(|p| p["length"].as_u64().unwrap()).collect();
    assert_eq!(lengths, [1, 2, 2, 3, 4]);
    // Of the two 2-hop routes, the one through a reported sanction beats the alleged influence.
    assert_eq!(report["paths"][1]["hops"][0]["relation"]["family"], "sanction");
    assert_eq!(report["paths"][2]["hops"][0]["relation"]["family"], "influence");
    // Same answer every time.
    let again = store.run(&["path", "Alpha", "Delta Leader", "-k", "5", "--format", "json"]).expect(0);
    assert_eq!(again.stdout, run.stdout);
}

#[test]
fn hops_say_which_way_they_go_and_directed_forbids_going_back() {
    let store = fixture_store();
    let run = store.run(&["path", "Alpha", "Delta Leader", "--format", "json"]).expect(0);
    let hop = &json(&run)["paths"][0]["hops"][0];
    assert_eq!(hop["direction"], "backward");
    assert_eq!(hop["wording"], "was the subject of a statement by");
    let directed = store.run(&["path", "Alpha", "Delta Leader", "--directed", "--format", "json"]).expect(0);
    assert_eq!(routes(&json(&directed))[0], ["alpha", "epsilon", "delta"]);
    // Beta reaches Alpha in one hop against the supply flow, in three along the edges.
    let undirected = store.run(&["path", "Beta Industries", "Alpha", "--format", "json"]).expect(0);
    assert_eq!(routes(&json(&undirected)), [["beta", "alpha"]]);
    let directed = store.run(&["path", "Beta Industries", "Alpha", "--directed", "--format", "json"]).expect(0);
    assert_eq!(routes(&json(&directed)), [["beta", "gamma", "delta", "alpha"]]);
}

#[test]
fn weak_claims_and_out_of_date_facts_can_be_left_out() {
    let store = fixture_store();
    let strong = store
        .run(&["path", "Alpha", "Delta Leader", "-k", "5", "--min-confidence", "reported", "--format", "json"])
        .expect(0);
    assert_eq!(routes(&json(&strong)), [["alpha", "epsilon", "delta"]]);
    let none = store.run(&["path", "Alpha", "Delta Leader", "--min-confidence", "documented"]).expect(1);
    assert!(none.stdout.contains("No path from Alpha to Délta Leader"), "{}", none.stdout);
    // The support from Epsilon holds in 2023 only; the 2020 supply holds in 2020 only.
    let in_2022 =
        store.run(&["path", "Alpha", "Delta Leader", "-k", "5", "--as-of", "2022", "--format", "json"]).expect(0);
    assert_eq!(routes(&json(&in_2022)), [["alpha", "delta"]]);
    let in_2020 =
        store.run(&["path", "Alpha", "Delta Leader", "-k", "5", "--as-of", "2020-06-01", "--format", "json"]).expect(0);
    assert_eq!(
        routes(&json(&in_2020)),
        [
            vec!["alpha", "delta"],
            vec!["alpha", "beta", "gamma", "delta"],
            vec!["alpha", "widget", "beta", "gamma", "delta"]
        ]
    );
    let in_2023 =
        store.run(&["path", "Alpha", "Delta Leader", "-k", "5", "--as-of", "2023-07", "--format", "json"]).expect(0);
    assert_eq!(routes(&json(&in_2023)), [vec!["alpha", "delta"], vec!["alpha", "epsilon", "delta"]]);
    let bad = store.run(&["path", "Alpha", "Delta Leader", "--as-of", "last year"]).expect(2);
    assert!(bad.stderr.contains("'last year' is not a date"), "{}", bad.stderr);
    let bad = store.run(&["path", "Alpha", "Delta Leader", "--min-confidence", "certain"]).expect(2);
    assert!(
        bad.stderr.contains("unknown confidence level 'certain'") && bad.stderr.contains("documented"),
        "{}",
        bad.stderr
    );
}

#[test]
fn relation_families_restrict_the_hops() {
    let store = fixture_store();
    let run = store
        .run(&["path", "Alpha", "Delta Leader", "--via", "supply,membership,influence", "--format", "json"])
        .expect(0);
    assert_eq!(routes(&json(&run)), [["alpha", "beta", "gamma", "delta"]]);
    let run = store
        .run(&["path", "Alpha", "Delta Leader", "-k", "5", "--exclude", "statement", "--format", "json"])
        .expect(0);
    assert_eq!(routes(&json(&run)).len(), 4);
    let bad = store.run(&["path", "Alpha", "Delta Leader", "--via", "bribery"]).expect(2);
    assert!(
        bad.stderr.contains("unknown relation family 'bribery'") && bad.stderr.contains("supply"),
        "{}",
        bad.stderr
    );
}

#[test]
fn bounds_and_unreachable_nodes() {
    let store = fixture_store();
    store.run(&["path", "Alpha", "Zeta Isolated"]).expect(1);
    let run = store.run(&["path", "Beta Industries", "Delta Leader", "--max-hops", "1", "--directed"]).expect(1);
    assert!(run.stdout.starts_with("No path"), "{}", run.stdout);
    store.run(&["path", "Beta Industries", "Delta Leader", "--max-hops", "2", "--directed"]).expect(0);
}

#[test]
fn names_resolve_by_label_alias_iri_and_prefix_without_case_or_accents() {
    let store = fixture_store();
    for name in [
        "Délta Leader",
        "delta leader",
        "DELTA LEADER",
        "<http://example.org/test/delta>",
        "http://example.org/test/delta",
    ] {
        store.run(&["path", "Alpha", name]).expect(0);
    }
    let bundled = TestStore::new();
    bundled.run(&["path", "agd:China", "Beijing"]).expect(2);
    bundled.run(&["path", "Moscow", "beijing"]).expect(0);
}

#[test]
fn ambiguous_and_unknown_names_explain_themselves() {
    let store = fixture_store();
    let run = store.run(&["path", "Alpha", "twin works ltd"]).expect(1);
    assert!(run.stdout.starts_with("No path"));
    // "Twin Works" is one node's name and another's alias: the name wins.
    let run = store.run(&["path", "Twin Works", "Alpha"]).expect(1);
    assert!(run.stdout.starts_with("No path from Twin Works to Alpha"), "{}", run.stdout);
    let run = store.run(&["path", "Alpha", "Works"]).expect(2);
    assert!(run.stderr.contains("no node is called 'Works'") && run.stderr.contains("did you mean"), "{}", run.stderr);
    assert!(run.stderr.contains("Twin Works"), "{}", run.stderr);
    let run = store.run(&["path", "Alpah", "Delta Leader"]).expect(2);
    assert!(run.stderr.contains("did you mean") && run.stderr.contains("Alpha"), "{}", run.stderr);
    let run = store.run(&["path", "Alpha", "--to-type", "Sanktion"]).expect(2);
    assert!(run.stderr.contains("no class is called 'Sanktion'") && run.stderr.contains("Sanction"), "{}", run.stderr);
}

#[test]
fn two_nodes_with_the_same_name_are_listed_as_candidates() {
    let store = fixture_store();
    let twins = store.write(
        "same.ttl",
        "@prefix ag: <https://w3id.org/actorgraph/ontology#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
         <http://example.org/test/m1> a ag:Firm ; rdfs:label \"Mirror Co\" .\n<http://example.org/test/m2> a ag:Bank ; rdfs:label \"mirror co.\" .\n",
    );
    store.run(&["load", twins.to_str().unwrap()]).expect(0);
    let run = store.run(&["path", "Mirror Co", "Alpha"]).expect(2);
    assert!(run.stderr.contains("'Mirror Co' is ambiguous; it names 2"), "{}", run.stderr);
    assert!(run.stderr.contains("<http://example.org/test/m1>") && run.stderr.contains("(bank)"), "{}", run.stderr);
}

#[test]
fn from_and_to_types() {
    let store = fixture_store();
    let run = store.run(&["path", "Epsilon Traders", "--to-type", "ag:Sanction", "--format", "json"]).expect(0);
    assert_eq!(routes(&json(&run)), [["epsilon", "f7"]]);
    // Every faction (the fixture's and the bundled ones) to any person.
    let run =
        store.run(&["path", "--from-type", "Faction", "--to-type", "person", "-k", "50", "--format", "json"]).expect(0);
    let report = json(&run);
    assert!(routes(&report).contains(&vec!["gamma".to_owned(), "delta".to_owned()]));
    let paths = report["paths"].as_array().unwrap();
    assert!(paths.windows(2).all(|w| w[0]["length"].as_u64() <= w[1]["length"].as_u64()), "shortest first");
    for path in paths {
        let nodes = path["nodes"].as_array().unwrap();
        assert_eq!(nodes[0]["class_label"], "political faction");
        assert_eq!(nodes.last().unwrap()["class_label"], "person");
    }
    let run = store.run(&["path", "Alpha"]).expect(2);
    assert!(run.stderr.contains("give the end: a node, or a class of nodes (to-type)"), "{}", run.stderr);
    let run = store.run(&["path", "Alpha", "alpha"]).expect(2);
    assert!(run.stderr.contains("same node"), "{}", run.stderr);
}

#[test]
fn batch_lookups_write_one_json_record_per_line() {
    let store = fixture_store();
    let input = "# from\tto\nAlpha\tDelta Leader\n\nAlpha\tZeta Isolated\nAlpha\tNowhere\nBeta Industries\n";
    let run = store.run_with_input(&["path", "--batch", "-", "-k", "2"], input);
    assert_eq!(run.code, 2, "an unresolvable line makes the batch exit 2: {}", run.stderr);
    let records: Vec<Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), 4);
    assert_eq!(records[0]["status"], "found");
    assert_eq!(records[0]["line"], 2);
    assert_eq!(records[0]["schema"], "actorgraph.path/1");
    assert_eq!(records[0]["paths"].as_array().unwrap().len(), 2);
    assert_eq!(records[1]["status"], "none");
    assert_eq!(records[2]["status"], "error");
    assert!(records[2]["error"].as_str().unwrap().contains("no node is called 'Nowhere'"));
    assert_eq!(records[3]["status"], "error");
    let file = store.write("pairs.tsv", "Alpha\tDelta Leader\nGamma Faction\tDelta Leader\n");
    let run = store.run(&["path", "--batch", file.to_str().unwrap()]).expect(0);
    assert_eq!(run.stdout.lines().count(), 2);
    let run = store.run_with_input(&["path", "--batch", "-"], "Alpha\tZeta Isolated\n");
    assert_eq!(run.code, 1);
}

#[test]
fn the_json_schema_is_stable() {
    let store = fixture_store();
    let run = store.run(&["path", "Alpha", "Beta Industries", "--format", "json"]).expect(0);
    insta::assert_snapshot!("path_alpha_beta_json", run.stdout);
}

#[test]
fn tsv_has_one_row_per_fact_behind_each_hop() {
    let store = fixture_store();
    let run = store.run(&["path", "Alpha", "Delta Leader", "-k", "4", "--format", "tsv"]).expect(0);
    let header = run.stdout.lines().next().unwrap();
    assert!(header.starts_with("path\thop\tfrom\tfrom_label\twording"), "{header}");
    let rows = run.tsv_rows();
    assert_eq!(rows.len(), 1 + 2 + 2 + 3);
    assert!(rows.iter().all(|r| r.len() == 15));
    assert_eq!(rows[0][11], "Délta Leader: Alpha is a friend");
}

#[test]
fn neighbours_list_what_is_connected_with_evidence() {
    let store = fixture_store();
    let run = store.run(&["neighbours", "Alpha", "--format", "json"]).expect(0);
    let report = json(&run);
    assert_eq!(report["schema"], "actorgraph.neighbours/1");
    let others: std::collections::BTreeSet<String> =
        report["hops"].as_array().unwrap().iter().map(|h| h["to"]["iri"].as_str().unwrap().replace(EX, "")).collect();
    assert_eq!(others, ["beta", "delta", "epsilon", "widget"].into_iter().map(String::from).collect());
    let deeper = store.run(&["neighbours", "Alpha", "--depth", "2", "--format", "json"]).expect(0);
    assert!(json(&deeper)["hops"].as_array().unwrap().iter().any(|h| h["depth"] == 2));
    let only = store.run(&["neighbours", "Alpha", "--via", "sanction"]).expect(0);
    assert!(only.stdout.contains("Alpha —sanctioned→ Epsilon Traders"), "{}", only.stdout);
    assert!(only.stdout.contains("fixture.txt:8, reported"), "{}", only.stdout);
    store.run(&["neighbours", "Zeta Isolated"]).expect(1);
    let tsv = store.run(&["neighbours", "Alpha", "--format", "tsv"]).expect(0);
    assert!(tsv.stdout.starts_with("depth\tfrom"));
}

#[test]
fn the_projection_is_cached_and_refreshed_when_the_store_changes() {
    let store = fixture_store();
    let cache = store.path().join("projection.bin");
    store.run(&["path", "Alpha", "Beta Industries"]).expect(0);
    let first = std::fs::metadata(&cache).expect("cache written").modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    store.run(&["path", "Alpha", "Beta Industries"]).expect(0);
    assert_eq!(std::fs::metadata(&cache).unwrap().modified().unwrap(), first, "a lookup reuses the cache");
    let extra = store.write(
        "more.ttl",
        "@prefix ag: <https://w3id.org/actorgraph/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
         <http://example.org/test/omega> a ag:Firm ; rdfs:label \"Omega\" .\n\
         <http://example.org/test/f9> a ag:Membership ; ag:member <http://example.org/test/omega> ; ag:organisation <http://example.org/test/zeta> ;\n\
           ag:evidence [ ag:source <http://example.org/test/doc> ; ag:lineStart 9 ; ag:confidence ag:Reported ] .\n",
    );
    store.run(&["path", "Omega", "Zeta Isolated"]).expect(2);
    store.run(&["load", extra.to_str().unwrap()]).expect(0);
    store.run(&["path", "Omega", "Zeta Isolated"]).expect(0);
    assert_ne!(std::fs::metadata(&cache).unwrap().modified().unwrap(), first, "a load invalidates the cache");
    // A corrupt cache is rebuilt, not trusted.
    std::fs::write(&cache, b"garbage").unwrap();
    store.run(&["path", "Omega", "Zeta Isolated"]).expect(0);
    let _ = fixture("paths.ttl");
}
