//! Graphviz export: deterministic DOT that Graphviz accepts for any label, in every mode.

use crate::helpers::{require_graphviz, TestStore};
use std::io::Write;
use std::process::{Command, Stdio};

/// Renders DOT with Graphviz and returns the SVG, failing the test if `dot` rejects it.
fn svg_of(dot: &str) -> String {
    require_graphviz();
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dot");
    child.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "dot rejected the DOT: {stderr}\n{dot}");
    assert!(!stderr.contains("syntax error"), "{stderr}");
    String::from_utf8(output.stdout).unwrap()
}

/// SVG escapes text as XML; this undoes the escapes the checks care about.
fn svg_text(svg: &str) -> String {
    svg.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&#45;", "-")
}

fn labels_store() -> TestStore {
    let store = TestStore::new();
    store.load_fixture("labels.ttl").expect(0);
    store
}

#[test]
fn labels_with_quotes_backslashes_newlines_brackets_and_other_scripts_survive() {
    let store = labels_store();
    let run = store.run(&["export", "dot", "--focus", "<http://example.org/labels/chinese>", "--depth", "2"]).expect(0);
    let svg = svg_text(&svg_of(&run.stdout));
    for label in [
        "He said \"hi\"",
        "back\\slash \\N end",
        "<b>bold</b> & co {x} [y] // not a comment",
        "中华人民共和国",
        "Министерство обороны",
    ] {
        assert!(svg.contains(label), "{label} missing from the SVG");
    }
    // A newline in a label becomes a line break: both lines are in the picture.
    assert!(svg.contains("line one") && svg.contains("line two"));
}

#[test]
fn the_same_graph_gives_the_same_bytes() {
    let store = labels_store();
    let first = store.run(&["export", "dot"]).expect(0);
    let second = store.run(&["export", "dot"]).expect(0);
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn focus_diagram_snapshot() {
    let store = labels_store();
    let run =
        store.run(&["export", "dot", "--focus", "<http://example.org/labels/cyrillic>", "--depth", "1"]).expect(0);
    insta::assert_snapshot!("dot_focus_cyrillic", run.stdout);
}

#[test]
fn collapsed_diagram_snapshot() {
    let store = labels_store();
    let run = store
        .run(&[
            "export",
            "dot",
            "--focus",
            "<http://example.org/labels/chinese>",
            "--collapse",
            "--rankdir",
            "TB",
            "--no-legend",
        ])
        .expect(0);
    insta::assert_snapshot!("dot_collapsed_chinese", run.stdout);
}

#[test]
fn every_mode_renders_with_graphviz() {
    let store = TestStore::new();
    store.load_fixture("paths.ttl").expect(0);
    // The whole graph, filtered and clustered by country.
    let whole = store.run(&["export", "dot", "--via", "supply,sanction", "--cluster", "country"]).expect(0);
    let svg = svg_text(&svg_of(&whole.stdout));
    assert!(svg.contains("China") && svg.contains("nitrocellulose") && svg.contains("cluster_"), "whole graph");
    // The legend lists the kinds drawn.
    assert!(svg.contains(">group of firms<") && svg.contains(">supply<"), "legend");
    // A neighbourhood.
    let focus = store.run(&["export", "dot", "--focus", "Alpha", "--depth", "1"]).expect(0);
    let svg = svg_text(&svg_of(&focus.stdout));
    for label in ["Alpha", "Beta Industries", "Epsilon Traders", "Délta Leader", "widgets"] {
        assert!(svg.contains(label), "{label} missing from the neighbourhood");
    }
    // A CONSTRUCT query.
    let construct = store.write(
        "construct.rq",
        "PREFIX ag: <https://w3id.org/actorgraph/ontology#> CONSTRUCT { ?a ag:sanctions ?b } WHERE { ?a ag:sanctions ?b }",
    );
    let run = store.run(&["export", "dot", "--query", construct.to_str().unwrap()]).expect(0);
    let svg = svg_text(&svg_of(&run.stdout));
    assert!(svg.contains("Belarus") && svg.contains("European Union") && svg.contains("sanctioned"));
    // A named SELECT query whose columns are subject, relation and object.
    let select = store.write(
        "select.rq",
        "PREFIX ag: <https://w3id.org/actorgraph/ontology#> SELECT ?subject ?relation ?object WHERE { ?subject ?relation ?object . ?relation ag:relationFamily ag:InfluenceFamily }",
    );
    let run = store.run(&["export", "dot", "--query", select.to_str().unwrap()]).expect(0);
    assert!(svg_text(&svg_of(&run.stdout)).contains("Xi Jinping"));
    let run = store.run(&["export", "dot", "--query", "sanctions"]).expect(2);
    assert!(run.stderr.contains("?subject ?relation ?object"), "{}", run.stderr);
    // Paths, through the same module.
    let path = store.run(&["path", "Alpha", "Delta Leader", "-k", "3", "--format", "dot"]).expect(0);
    let svg = svg_text(&svg_of(&path.stdout));
    assert!(svg.contains("Alpha") && svg.contains("Délta Leader") && svg.contains("Epsilon Traders"));
    let neighbours = store.run(&["neighbours", "Gamma Faction", "--format", "dot"]).expect(0);
    assert!(svg_text(&svg_of(&neighbours.stdout)).contains("Gamma Faction"));
}

#[test]
fn styles_carry_class_family_and_confidence() {
    let store = TestStore::new();
    store.load_fixture("paths.ttl").expect(0);
    let run = store.run(&["export", "dot", "--focus", "Alpha", "--collapse"]).expect(0);
    let dot = run.stdout;
    // A state is a double octagon; a sanction edge is red; an alleged claim is dotted; a claim is dashed.
    assert!(dot.contains("\"http://example.org/test/alpha\"[label=\"Alpha\" shape=\"doubleoctagon\""), "{dot}");
    assert!(dot.contains("label=\"sanctioned\\n2024-05 · reported\" color=\"#cb181d\""), "{dot}");
    assert!(
        dot.contains("label=\"influences\\nalleged\" color=\"#6a51a3\" fontcolor=\"#6a51a3\" style=\"dotted\""),
        "{dot}"
    );
    assert!(dot.contains("style=\"dashed\""), "{dot}");
    // Evidence goes into tooltips.
    assert!(dot.contains("fixture.txt:8 (reported)"), "{dot}");
    // Uncollapsed, the sanction is its own node.
    let expanded = store.run(&["export", "dot", "--focus", "Alpha"]).expect(0);
    assert!(
        expanded.stdout.contains("\"http://example.org/test/f7\"[label=\"sanction\\n2024-05\" shape=\"octagon\""),
        "{}",
        expanded.stdout
    );
}

#[test]
fn render_runs_graphviz_or_says_how_to_install_it() {
    require_graphviz();
    let store = TestStore::new();
    let svg = store.dir.path().join("china.svg");
    store.run(&["export", "dot", "--focus", "China", "--render", "svg", "-o", svg.to_str().unwrap()]).expect(0);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("<svg") && text.contains("China"));
    let empty = tempfile::tempdir().unwrap();
    let run = crate::helpers::Run::from_output(
        store
            .command()
            .args(["export", "dot", "--focus", "China", "--render", "png", "-o", "x.png"])
            .env("PATH", empty.path())
            .output()
            .unwrap(),
    )
    .expect(2);
    assert!(
        run.stderr.contains("Install Graphviz") && run.stderr.contains("apt-get install graphviz"),
        "{}",
        run.stderr
    );
    let run = store.run(&["export", "dot", "--render", "svg"]).expect(2);
    assert!(run.stderr.contains("--output"), "{}", run.stderr);
}
