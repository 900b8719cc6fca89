//! The named queries answer the documents' questions with the figures the documents give.

use crate::helpers::{checkout, json_rows, TestStore, AGD};
use actorgraph::ops::catalog::NamedQuery;

fn rows(store: &TestStore, name: &str, params: &[&str]) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let mut args = vec!["query", name, "-f", "json"];
    for param in params {
        args.push("--param");
        args.push(param);
    }
    let run = store.run(&args);
    assert!(run.code == 0 || run.code == 1, "{name}: {}", run.stderr);
    json_rows(&run.stdout)
}

fn text(row: &serde_json::Map<String, serde_json::Value>, key: &str) -> String {
    row.get(key).and_then(|v| v.as_str()).unwrap_or("").to_owned()
}

fn agd(local: &str) -> String {
    format!("{AGD}{local}")
}

#[test]
fn every_named_query_documents_itself_and_binds_its_parameters() {
    let store = TestStore::new();
    let queries = NamedQuery::bundled();
    assert!(queries.len() >= 12, "{} named queries", queries.len());
    for query in &queries {
        assert!(!query.purpose.is_empty(), "{} has no purpose line", query.name);
        assert!(!query.columns.is_empty(), "{} has no columns line", query.name);
        // The documented columns are the columns the query returns.
        let run = store.run(&["query", &query.name, "-f", "tsv"]);
        assert!(run.code == 0 || run.code == 1, "{}: {}", query.name, run.stderr);
        let header: Vec<String> =
            run.stdout.lines().next().unwrap_or("").split('\t').map(|c| c.trim_start_matches('?').to_owned()).collect();
        assert_eq!(header, query.columns, "{}: header comment and SELECT disagree", query.name);
        // Every documented parameter can be bound.
        for param in &query.params {
            let run =
                store.run(&["query", &query.name, "--param", &format!("{}=<http://example.org/none>", param.name)]);
            assert!(run.code == 0 || run.code == 1, "{} --param {}: {}", query.name, param.name, run.stderr);
        }
    }
}

#[test]
fn every_named_query_answers_alike_from_two_stores_of_the_same_data() {
    // Each store gives the bundled data's blank nodes (the evidence records) ids of its own; the
    // answers, evidence lists and confidence levels included, must not depend on them.
    let (first, second) = (TestStore::new(), TestStore::new());
    for query in &NamedQuery::bundled() {
        let answer = |store: &TestStore| store.run(&["query", &query.name, "-f", "tsv"]).stdout;
        assert_eq!(answer(&first), answer(&second), "{}", query.name);
    }
    // Evidence in the order a reader looks it up: by document, then line by number.
    let stances = rows(&first, "stances", &["actor=agd:TheWest"]);
    let opposes = stances.iter().find(|r| text(r, "stance") == "opposes").expect("the West opposes the peace plan");
    let cites: Vec<String> = text(opposes, "evidence").split("; ").map(str::to_owned).collect();
    let lines: Vec<u32> =
        cites.iter().map(|c| c.split([':', ' ']).nth(1).and_then(|l| l.parse().ok()).expect("file:line")).collect();
    assert!(lines.len() > 1 && lines.windows(2).all(|w| w[0] < w[1]), "{cites:?}");
}

#[test]
fn a_second_copy_of_the_ontology_multiplies_no_row() {
    // Loading another store's dump brings the ontology's triples into a second graph, and the
    // union of all graphs then holds each confidence level twice.
    let (plain, doubled) = (TestStore::new(), TestStore::new());
    let ontology = checkout().join("ontology").join("actorgraph.ttl");
    doubled.run(&["load", ontology.to_str().unwrap()]).expect(0);
    for name in ["components-in-weapons", "factions", "influence", "production", "stances", "supply-flows"] {
        let answer = |store: &TestStore| store.run(&["query", name, "-f", "tsv"]).expect(0).stdout;
        assert_eq!(answer(&doubled), answer(&plain), "{name}");
    }
}

#[test]
fn nitrocellulose_tonnages_by_year() {
    let store = TestStore::new();
    let found =
        rows(&store, "tonnage-by-year", &["good=agd:Nitrocellulose", "supplier=agd:China", "recipient=agd:Russia"]);
    let years: Vec<(String, String, String)> =
        found.iter().map(|r| (text(r, "year"), text(r, "tonnes"), text(r, "approximate"))).collect();
    assert_eq!(
        years,
        [
            ("2022".into(), "700".into(), "true".into()),
            ("2023".into(), "1300".into(), "false".into()),
            ("2024".into(), "110".into(), "false".into()),
        ]
    );
    assert!(found
        .iter()
        .all(|r| text(r, "source") == "002_c95ef05383f2dd26.txt" && text(r, "confidence") == "documented"));
    assert_eq!(text(&found[1], "trend"), "more than doubled");
    assert_eq!(text(&found[2], "period_note"), "early 2024");
}

#[test]
fn capacity_estimates_are_typed_quantities_labelled_as_estimates() {
    let store = TestStore::new();
    // Doc 002 line 8: the 2023 nitrocellulose was enough to make over 200,000 shells.
    let found = rows(&store, "estimates", &["input=agd:Nitrocellulose"]);
    assert_eq!(found.len(), 1, "{found:?}");
    let shells = &found[0];
    assert_eq!(text(shells, "estimate"), agd("estimate-nc-shells-2023"));
    assert_eq!(text(shells, "kind"), "capacity estimate");
    assert_eq!(text(shells, "output"), agd("Shell152mm"));
    assert_eq!((text(shells, "quantity"), text(shells, "unit")), ("200000".into(), "piece".into()));
    assert_eq!(text(shells, "lower_bound"), "true");
    assert_eq!(text(shells, "year"), "2023");
    assert_eq!(text(shells, "basis"), agd("flow-nc-2023"));
    assert_eq!((text(shells, "basis_quantity"), text(shells, "basis_unit")), ("1300".into(), "tonne".into()));
    assert_eq!((text(shells, "lines"), text(shells, "confidence")), ("8".into(), "assessed".into()));
    // The figure is a typed quantity, queryable like the tonnages.
    store
        .run(&[
            "query",
            "-e",
            "ASK { ?e a/rdfs:subClassOf* ag:Estimate ; ag:output agd:Shell152mm ; ag:quantity ?n ; ag:unit ag:Piece .
                   FILTER(datatype(?n) = xsd:integer && ?n >= 200000) }",
        ])
        .expect(0);
    // An estimate, never a record that shells were made or supplied.
    let run = store.run(&[
        "query",
        "-e",
        "ASK { { ?f a ag:ComponentUse ; ag:component agd:Nitrocellulose ; ag:usedIn agd:Shell152mm }
               UNION { ?f a ag:SupplyFlow ; ag:good agd:Shell152mm } UNION { ?f a ag:Production ; ag:product agd:Shell152mm } }",
    ]);
    assert_eq!(run.stdout.trim(), "false");
    let path = store.run(&["path", "nitrocellulose", "152mm artillery shell", "--format", "json"]).expect(0);
    let report: serde_json::Value = serde_json::from_str(&path.stdout).unwrap();
    let hop = &report["paths"][0]["hops"][0];
    assert_eq!(hop["wording"], "is estimated to be enough to make");
    assert_eq!(hop["facts"][0]["summary"], "estimate: nitrocellulose enough to make 152mm artillery shell");
    assert_eq!(hop["facts"][0]["qualifiers"][0], "over 200,000 pcs");
}

#[test]
fn what_china_supplies_russia() {
    let store = TestStore::new();
    let found = rows(&store, "supply-flows", &["supplier=agd:China", "recipient=agd:Russia"]);
    let goods: std::collections::BTreeSet<String> = found.iter().map(|r| text(r, "good").replace(AGD, "")).collect();
    for good in ["Nitrocellulose", "MachineTools", "Electronics", "HouseholdGoods", "DualUseComponents"] {
        assert!(goods.contains(good), "missing {good}: {goods:?}");
    }
    let negligible = found.iter().find(|r| text(r, "period") == "2015..2021").expect("2015-2021 flow");
    assert_eq!(text(negligible, "note"), "negligible");
    // Microelectronics went to the defence industry, through no third country.
    let defence = rows(&store, "supply-flows", &["supplier=agd:China", "recipient=agd:RussianDefenceIndustry"]);
    assert_eq!(defence.len(), 1);
    assert_eq!(text(&defence[0], "good"), agd("Microelectronics"));
    assert_eq!(text(&defence[0], "confidence"), "documented");
}

#[test]
fn trade_totals_and_their_split() {
    let store = TestStore::new();
    let found = rows(&store, "trade-totals", &["economy=agd:China"]);
    let value = |period: &str, kind: &str| {
        found
            .iter()
            .find(|r| text(r, "period") == period && text(r, "kind") == kind)
            .map(|r| text(r, "value_usd"))
            .unwrap_or_else(|| panic!("no {kind} row for {period}"))
    };
    assert_eq!(value("2021", "total"), "147000000000");
    assert_eq!(value("2022", "total"), "185000000000");
    assert_eq!(value("2023", "total"), "240000000000");
    assert_eq!(value("2021", "exports"), "68000000000");
    assert_eq!(value("2021", "imports"), "79000000000");
    let energy = found.iter().find(|r| text(r, "period") == "2021" && text(r, "kind") == "imports").unwrap();
    assert_eq!(text(energy, "main_good"), agd("Energy"));
    assert!(found.iter().any(|r| text(r, "period") == "2024..2025" && text(r, "trend").contains("slowdown")));
}

#[test]
fn who_sanctions_whom() {
    let store = TestStore::new();
    let belarus = rows(&store, "sanctions", &["target=agd:Belarus"]);
    assert_eq!(belarus.len(), 1);
    assert_eq!(text(&belarus[0], "authority"), agd("EU"));
    assert_eq!(text(&belarus[0], "period"), "2024-06");
    assert_eq!(text(&belarus[0], "kind"), "export control");
    assert!(text(&belarus[0], "provisions").contains("dual-use"));
    let treasury = rows(&store, "sanctions", &["authority=agd:USTreasury"]);
    let targets: Vec<String> = treasury.iter().map(|r| text(r, "target").replace(AGD, "")).collect();
    assert_eq!(targets, ["ChineseChemicalCompanies", "ChineseElectronicsFirms", "ChineseTradingEntities"]);
    // A designation date starts a sanction; it holds until a source says it was lifted.
    assert!(treasury.iter().all(|r| text(r, "period") == "2023.."), "{treasury:?}");
    let banks = rows(&store, "sanctions", &["authority=agd:UnitedStates"]);
    let secondary: Vec<String> = banks
        .iter()
        .filter(|r| text(r, "kind") == "secondary sanction")
        .map(|r| text(r, "target").replace(AGD, ""))
        .collect();
    assert_eq!(secondary, ["CentralAsianBanks", "EmiratiBanks", "TurkishBanks"]);
}

#[test]
fn firms_connect_to_sanctions_and_threats() {
    let store = TestStore::new();
    let found = rows(&store, "firms-to-sanctions", &[]);
    let links: std::collections::BTreeSet<(String, String)> =
        found.iter().map(|r| (text(r, "firm").replace(AGD, ""), text(r, "link"))).collect();
    assert!(links.contains(&("ChineseNitrocelluloseSuppliers".into(), "targeted".into())));
    assert!(links.contains(&("ChineseBanks".into(), "threatened".into())));
    assert!(links.contains(&("ChineseChipmakers".into(), "threatened".into())));
}

#[test]
fn chips_transit_through_third_countries() {
    let store = TestStore::new();
    let found = rows(&store, "transit-routes", &[]);
    let via: Vec<String> = found.iter().map(|r| text(r, "via").replace(AGD, "")).collect();
    assert_eq!(via, ["Belarus", "CentralAsia", "Turkey", "UAE"]);
    let turkey = found.iter().find(|r| text(r, "via") == agd("Turkey")).unwrap();
    assert_eq!(text(turkey, "supplier"), agd("ChineseShellCompanies"));
    assert_eq!(text(turkey, "recipient"), agd("RussianDefenceIndustry"));
}

#[test]
fn components_found_in_weapon_systems() {
    let store = TestStore::new();
    let found = rows(&store, "components-in-weapons", &["origin=agd:China"]);
    let pairs: std::collections::BTreeSet<(String, String)> =
        found.iter().map(|r| (text(r, "component").replace(AGD, ""), text(r, "system").replace(AGD, ""))).collect();
    for (component, system) in [
        ("Microprocessors", "ShahedDrone"),
        ("Microprocessors", "KhMissileNavigation"),
        ("Microprocessors", "EWSystems"),
        ("ChineseParts", "Polonez"),
        ("ChineseParts", "Buk"),
        ("MachineTools", "RussianAmmunitionLines"),
    ] {
        assert!(pairs.contains(&(component.into(), system.into())), "missing {component} in {system}");
    }
    // What the 2023 nitrocellulose would be enough to make is an estimate, not a use.
    assert!(!pairs.contains(&("Nitrocellulose".into(), "Shell152mm".into())));
    // The origin asked for is one the data states, never a label put on every component.
    assert!(found.iter().all(|r| text(r, "origin") == agd("China")), "{found:?}");
    let every = rows(&store, "components-in-weapons", &[]);
    assert!(found.len() < every.len(), "{} of {}", found.len(), every.len());
    assert!(rows(&store, "components-in-weapons", &["origin=agd:NoSuchPlace"]).is_empty());
}

#[test]
fn factions_their_members_motives_and_influence() {
    let store = TestStore::new();
    let hawks = rows(&store, "factions", &["faction=agd:PLAHawks"]);
    let members: Vec<String> = hawks.iter().map(|r| text(r, "member").replace(AGD, "")).collect();
    // The General Staff Department is where many of the officers serve, not a member.
    assert_eq!(members, ["AcademyOfMilitarySciences", "SeniorPLAOfficers"]);
    let hardliners = rows(&store, "factions", &["faction=agd:CCPHardliners"]);
    let members: Vec<String> = hardliners.iter().map(|r| text(r, "member").replace(AGD, "")).collect();
    // "Top leadership in the PLA and the MSS", not the whole PLA and MSS.
    assert!(members.contains(&"PLALeadership".to_owned()) && members.contains(&"MSSLeadership".to_owned()));
    assert!(!members.contains(&"PLA".to_owned()) && !members.contains(&"MSS".to_owned()), "{members:?}");
    let mic = rows(&store, "factions", &["faction=agd:MilitaryIndustrialComplex"]);
    let members: Vec<String> = mic.iter().map(|r| text(r, "member").replace(AGD, "")).collect();
    assert_eq!(members, ["AVIC", "ChinaPolyGroup", "DefenceIndustryExecutives", "NORINCO"]);
    let motives = rows(&store, "motives", &["holder=agd:PLAHawks"]);
    assert_eq!(motives.len(), 3);
    assert!(motives.iter().all(|r| text(r, "category") == "strategic"));
    let technocrats = rows(&store, "motives", &["holder=agd:EconomicTechnocrats"]);
    assert!(
        text(&technocrats[0], "evidence").ends_with("alleged"),
        "the hedge 'reportedly' is kept: {:?}",
        technocrats[0]
    );
    let on_xi = rows(&store, "influence", &["influenced=agd:XiJinping"]);
    let influencers: Vec<String> = on_xi.iter().map(|r| text(r, "influencer").replace(AGD, "")).collect();
    assert_eq!(influencers, ["CCPHardliners", "MilitaryIndustrialComplex", "NationalistIntellectuals"]);
    let coalition = rows(&store, "influence", &["influencer=agd:UnitedStates", "influenced=agd:China"]);
    assert!(coalition
        .iter()
        .any(|r| text(r, "channels").contains("Japan") && text(r, "effect").contains("Limited success")));
}

#[test]
fn official_positions_against_documented_flows() {
    let store = TestStore::new();
    let found = rows(&store, "positions-vs-evidence", &["speaker=agd:LinJian"]);
    let facts: Vec<String> = found.iter().map(|r| text(r, "conflicting_fact").replace(AGD, "")).collect();
    assert_eq!(facts, ["flow-nc-2022", "flow-nc-2023", "flow-nc-2024"]);
    assert!(found.iter().all(|r| text(r, "fact_confidence") == "documented"));
    assert!(found.iter().all(|r| text(r, "statement_source") == "002_c95ef05383f2dd26.txt:12"));
    let statements = rows(&store, "statements", &["speaker=agd:LinJian"]);
    assert_eq!(text(&statements[0], "date"), "2025-04");
    assert_eq!(text(&statements[0], "kind"), "denial");
    assert!(text(&statements[0], "evidence").ends_with("claimed"));
}

#[test]
fn who_documented_what() {
    let store = TestStore::new();
    let kse = rows(&store, "who-documented-what", &["cited=agd:KSE"]);
    assert_eq!(kse.len(), 1);
    assert_eq!(text(&kse[0], "claim"), agd("flow-china-microelectronics"));
    assert_eq!(text(&kse[0], "lines"), "26");
    let times = rows(&store, "who-documented-what", &["cited=agd:TimesOfCentralAsia"]);
    assert_eq!(text(&times[0], "claim"), agd("st-diplomats-washington"));
}

#[test]
fn evidence_for_an_entity_and_coverage_per_document() {
    let store = TestStore::new();
    let found = rows(&store, "evidence-for", &["entity=agd:PermGunpowderPlant"]);
    assert!(found.iter().any(|r| text(r, "kind") == "location" && text(r, "lines") == "24"));
    let coverage = rows(&store, "coverage", &["document=agd:doc002"]);
    let flows =
        coverage.iter().find(|r| text(r, "kind") == "supply flow" && text(r, "confidence") == "documented").unwrap();
    assert_eq!(text(flows, "claims"), "4");
    let production = rows(&store, "production", &["producer=agd:Iran"]);
    assert_eq!(text(&production[0], "product"), agd("ShahedDrone"));
    let stances = rows(&store, "stances", &["actor=agd:Ukraine"]);
    assert_eq!(stances.len(), 2);
    let dual = rows(&store, "dual-use-goods", &["good=agd:Nitrocellulose"]);
    assert!(dual.len() >= 3);
}
