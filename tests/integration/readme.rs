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
    insta::assert_snapshot!(example(
        &["export", "dot", "--focus", "Perm Gunpowder Plant", "--depth", "2", "--collapse"],
        0
    ));
}

#[test]
fn readme_story_with_footnotes_dot() {
    insta::assert_snapshot!(example(
        &["export", "dot", "--from", "PLA Hawks", "--to", "Xi Jinping", "-k", "3", "--footnotes"],
        0
    ));
}

/// The pictures in the README are what their commands draw today.
#[test]
fn readme_pictures_are_current() {
    crate::helpers::require_graphviz();
    let readme = std::fs::read_to_string(crate::helpers::checkout().join("README.md")).expect("README.md");
    let mut checked = 0;
    for line in readme.lines().filter(|l| l.starts_with("`actorgraph export dot") && l.contains("-o data/diagrams/")) {
        let command = line.trim_matches(|c| c == '`' || c == '.');
        let words = shell_words(command.trim_start_matches("actorgraph "));
        let picture = words.last().expect("an output file").clone();
        let store = crate::helpers::TestStore::new();
        let fresh = store.dir.path().join("fresh.svg");
        let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
        let last = args.len() - 1;
        args[last] = fresh.to_str().unwrap();
        store.run(&args).expect(0);
        let committed =
            std::fs::read_to_string(crate::helpers::checkout().join(&picture)).expect("the committed picture");
        assert!(!svg_texts(&committed).is_empty(), "{picture} draws no text");
        // The words drawn, not the coordinates: another Graphviz version may place them apart.
        let fresh = std::fs::read_to_string(&fresh).unwrap();
        assert_eq!(svg_texts(&fresh), svg_texts(&committed), "{picture} is stale: run `{command}`");
        checked += 1;
    }
    assert_eq!(checked, 2, "the README shows two pictures with their commands");
}

/// Every text an SVG draws, sorted.
fn svg_texts(svg: &str) -> Vec<String> {
    let mut texts: Vec<String> = svg
        .split("<text")
        .skip(1)
        .filter_map(|t| {
            t.split_once('>').and_then(|(_, rest)| rest.split_once("</text>")).map(|(text, _)| text.to_owned())
        })
        .collect();
    texts.sort();
    texts
}

/// Splits a command line on spaces, keeping "quoted words" together.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
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
