//! The README's examples on the bundled data, output compared whole with insta snapshots:
//! these outputs are the contract people and scripts rely on (text, JSON, TSV and DOT).

use crate::helpers::{fixture, Test, TestStore};

/// Runs the README example and returns its standard output.
fn example(args: &[&str], status: i32) -> String {
    Test::new().args(args.iter().copied()).status(status).run().stdout
}

#[test]
fn readme_main_job_path_text() {
    insta::assert_snapshot!(example(&["path", "nitrocellulose", "Perm Gunpowder Plant", "-k", "3"], 0));
}

#[test]
fn readme_queries_catalogue() {
    insta::assert_snapshot!(example(&["queries"], 0));
}

#[test]
fn readme_supply_flows_tsv() {
    insta::assert_snapshot!(example(
        &["query", "supply-flows", "--param", "supplier=agd:China", "--param", "good=agd:Nitrocellulose"],
        0
    ));
}

#[test]
fn readme_sanctions_json() {
    insta::assert_snapshot!(example(&["query", "sanctions", "--param", "target=agd:Belarus", "--format", "json"], 0));
}

#[test]
fn readme_firms_to_any_sanction_text() {
    insta::assert_snapshot!(example(&["path", "Chinese electronics firms", "--to-type", "Sanction"], 0));
}

#[test]
fn readme_factions_to_xi_text() {
    insta::assert_snapshot!(example(
        &["path", "PLA Hawks", "Xi Jinping", "--via", "membership,influence", "-k", "3"],
        0
    ));
}

#[test]
fn readme_documented_supply_in_2023_json() {
    insta::assert_snapshot!(example(
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
            "json"
        ],
        0
    ));
}

#[test]
fn readme_neighbours_text() {
    insta::assert_snapshot!(example(&["neighbours", "Lin Jian", "--depth", "2"], 0));
}

#[test]
fn readme_neighbours_tsv() {
    insta::assert_snapshot!(example(&["neighbours", "Lin Jian", "--format", "tsv"], 0));
}

#[test]
fn readme_path_tsv() {
    insta::assert_snapshot!(example(&["path", "nitrocellulose", "Perm Gunpowder Plant", "--format", "tsv"], 0));
}

#[test]
fn readme_path_dot() {
    insta::assert_snapshot!(example(&["path", "PLA Hawks", "Xi Jinping", "-k", "3", "--format", "dot"], 0));
}

#[test]
fn readme_focus_diagram_dot() {
    insta::assert_snapshot!(example(&["export", "dot", "--focus", "nitrocellulose", "--collapse"], 0));
}

#[test]
fn readme_validate_text() {
    insta::assert_snapshot!(example(&["validate"], 0));
}

#[test]
fn readme_stats_json() {
    insta::assert_snapshot!(example(&["stats", "--format", "json"], 0));
}

#[test]
fn readme_scan_text() {
    let store = TestStore::new();
    let copy = store.dir.path().join("tests/fixtures/unseen-report.txt");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(fixture("unseen-report.txt"), &copy).unwrap();
    insta::assert_snapshot!(Test::on(store).args(["scan", "tests/fixtures/unseen-report.txt"]).run().stdout);
}
