//! Graphviz export: deterministic DOT that Graphviz accepts for any label, in every mode.

use crate::helpers::{require_graphviz, TestStore};
use std::collections::BTreeSet;
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

/// The node statements of a DOT text: (id, attributes).
fn dot_nodes(dot: &str) -> Vec<(String, String)> {
    dot.lines()
        .map(str::trim)
        .filter(|l| l.starts_with('"') && !l.contains("\" -> \""))
        .filter_map(|l| {
            let end = l[1..].find("\"[")? + 1;
            Some((l[1..end].to_owned(), l[end + 1..].to_owned()))
        })
        .collect()
}

/// The edge statements of a DOT text.
fn dot_edges(dot: &str) -> Vec<&str> {
    dot.lines().map(str::trim).filter(|l| l.starts_with('"') && l.contains("\" -> \"")).collect()
}

#[test]
fn a_neighbourhood_shows_hubs_without_going_through_them() {
    let store = TestStore::new();
    let focus = ["export", "dot", "--focus", "Perm Gunpowder Plant", "--depth", "2"];
    for extra in [&[][..], &["--collapse"][..]] {
        let dot = store.run(&[&focus[..], extra].concat()).expect(0).stdout;
        let nodes = dot_nodes(&dot);
        assert!(nodes.len() < 25, "{extra:?}: {} nodes\n{dot}", nodes.len());
        assert!(dot.contains("Hubs not expanded: Russia (+"), "{dot}");
        assert!(dot.contains("layout=\"neato\""), "a neighbourhood is laid out around its subject");
        let (_, plant) = nodes.iter().find(|(id, _)| id.ends_with("/PermGunpowderPlant")).expect("the plant");
        assert!(plant.contains("penwidth=\"3\"") && plant.contains("pos=\"0,0!\""), "the subject stands out: {plant}");
    }
    // The number of links left out is Russia's neighbours that are not drawn.
    let dot = store.run(&[&focus[..], &["--collapse"][..]].concat()).expect(0).stdout;
    let drawn: BTreeSet<String> = dot_nodes(&dot).into_iter().map(|(id, _)| id).collect();
    let run = store.run(&["neighbours", "Russia", "--format", "json"]).expect(0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let neighbours: BTreeSet<String> =
        report["hops"].as_array().unwrap().iter().map(|h| h["to"]["iri"].as_str().unwrap().to_owned()).collect();
    let hidden = neighbours.iter().filter(|n| !drawn.contains(*n)).count();
    assert!(dot.contains(&format!("label=\"Russia\\n+{hidden} more\"")), "+{hidden} more\n{dot}");
    assert!(hidden > 30, "Russia is a hub: {hidden}");
    // --expand Russia brings its neighbours back.
    let expanded = store.run(&[&focus[..], &["--collapse", "--expand", "Russia"][..]].concat()).expect(0).stdout;
    let expanded_nodes: BTreeSet<String> = dot_nodes(&expanded).into_iter().map(|(id, _)| id).collect();
    assert!(!expanded.contains("Hubs not expanded"), "{expanded}");
    assert!(neighbours.iter().all(|n| expanded_nodes.contains(n)), "every neighbour of Russia is drawn");
    assert!(expanded_nodes.len() >= drawn.len() + hidden);
    // A node people can name is a hub only above the degree they give.
    let low = store.run(&[&focus[..], &["--collapse", "--hub-degree", "1000"][..]].concat()).expect(0).stdout;
    assert!(!low.contains("Hubs not expanded") && dot_nodes(&low).len() == expanded_nodes.len());
    let run = store.run(&[&focus[..], &["--expand", "Atlantis"][..]].concat()).expect(2);
    assert!(run.stderr.contains("Atlantis"), "{}", run.stderr);
}

#[test]
fn a_path_diagram_tells_each_path_as_a_row_with_one_edge_per_hop() {
    let store = TestStore::new();
    let args = ["path", "PLA Hawks", "Xi Jinping", "-k", "3"];
    let json = store.run(&[&args[..], &["--format", "json"][..]].concat()).expect(0).stdout;
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let lengths: Vec<usize> =
        report["paths"].as_array().unwrap().iter().map(|p| p["length"].as_u64().unwrap() as usize).collect();
    let dot = store.run(&[&args[..], &["--format", "dot"][..]].concat()).expect(0).stdout;
    assert_eq!(dot_edges(&dot).len(), lengths.iter().sum::<usize>(), "one edge per hop\n{dot}");
    assert!(dot.contains("layout=\"dot\"") && dot.contains("rankdir=\"LR\""), "paths read left to right");
    for (i, length) in lengths.iter().enumerate() {
        assert!(dot.contains(&format!("label=\"Path {} · {length} hops\"", i + 1)), "row {}", i + 1);
    }
    // The supply hop behind the China-Russia step: its eight flows on one edge, counted, with the
    // strongest evidence on the label and every flow in the tooltip.
    let supply = dot_edges(&dot).into_iter().find(|e| e.contains("supplied\\n")).expect("the supply hop");
    assert!(supply.contains("label=\"supplied\\n8 supply flows · 2015–2024\\ndocumented\""), "{supply}");
    assert!(supply.contains("dir=\"back\""), "the hop goes against the relation: {supply}");
    let tooltip = &supply[supply.find("tooltip=").unwrap()..];
    assert_eq!(tooltip.matches("China supplied").count(), 8, "{tooltip}");
    // The legend has only what is drawn.
    let legend = &dot[dot.find("label=<").unwrap()..dot.find("labelloc").unwrap()];
    for drawn in [">state<", ">faction<", ">person<", ">supply<", ">membership<", ">documented<", ">claimed<"] {
        assert!(legend.contains(drawn), "{drawn} missing from the legend");
    }
    for absent in [">good<", ">sanction<", ">firm / organisation<", ">alleged<"] {
        assert!(!legend.contains(absent), "{absent} is in the legend but not drawn");
    }
    // Footnotes: numbers on the labels, each fact with its document and lines in the table; a
    // hop on two paths has one number.
    let noted = store.run(&[&args[..], &["--format", "dot", "--footnotes"][..]].concat()).expect(0).stdout;
    assert!(noted.contains("supports\\nassessed [3]\""), "{noted}");
    assert_eq!(noted.matches("supports\\nassessed [3]\"").count(), 2, "{noted}");
    assert!(noted.contains("<B>[5]</B>") && !noted.contains("<B>[7]</B>"), "six numbered hops");
    for (mark, source) in
        [("5a", "002_c95ef05383f2dd26.txt:5 (documented)"), ("5c", "002_c95ef05383f2dd26.txt:8 (documented)")]
    {
        let row = noted.lines().find(|l| l.contains(&format!(">{mark}<"))).unwrap_or_else(|| panic!("row {mark}"));
        assert!(row.contains(source), "{mark}: {row}");
    }
    let svg = svg_text(&svg_of(&noted));
    assert!(svg.contains("Sources") && svg.contains("002_c95ef05383f2dd26.txt:8 (documented)"));
    // The same story through `export dot`.
    let export = store.run(&["export", "dot", "--from", "PLA Hawks", "--to", "Xi Jinping", "-k", "3"]).expect(0).stdout;
    assert_eq!(export, dot);
}

#[test]
fn size_and_layout_are_the_users_to_choose() {
    let store = TestStore::new();
    let focus = ["export", "dot", "--focus", "nitrocellulose", "--collapse"];
    let a4 = store.run(&focus).expect(0).stdout;
    assert!(a4.contains("size=\"10.7,7.2\""), "A4 by default");
    let screen = store.run(&[&focus[..], &["--size", "screen"][..]].concat()).expect(0).stdout;
    assert!(screen.contains("size=\"12.5,8.3\""));
    // PNGs fit the page at its resolution: 1200 pixels for a screen, A4 at 150 per inch.
    for (size, widest) in [("screen", 1200), ("A4", 1605)] {
        let png = store.dir.path().join(format!("{size}.png"));
        store
            .run(&[&focus[..], &["--size", size, "--render", "png", "-o", png.to_str().unwrap()][..]].concat())
            .expect(0);
        let bytes = std::fs::read(&png).unwrap();
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        assert!(width <= widest && width > widest / 2, "{size}: {width} pixels wide");
    }
    // SVGs keep Graphviz's points: an A4 drawing is at most 10.7 inches wide.
    let svg = svg_of(&a4);
    let width: f64 = svg.split("<svg width=\"").nth(1).unwrap().split("pt").next().unwrap().parse().unwrap();
    assert!(width <= 10.7 * 72.0 + 1.0, "{width}pt");
    let a3 = store.run(&[&focus[..], &["--size", "A3"][..]].concat()).expect(0).stdout;
    assert!(a3.contains("size=\"15.3,10.5\""));
    let twopi = store.run(&[&focus[..], &["--layout", "twopi"][..]].concat()).expect(0).stdout;
    assert!(twopi.contains("layout=\"twopi\"") && twopi.contains("root=\"true\""), "{twopi}");
    // Long names wrap to the page.
    let wrapped = store.run(&["export", "dot", "--focus", "Russia", "--collapse"]).expect(0).stdout;
    assert!(wrapped.contains("label=\"Military-Industrial\\nComplex and\\nState-Owned\\nEnterprises\""), "{wrapped}");
    // Each layout renders.
    for layout in ["dot", "neato", "sfdp", "fdp", "twopi", "circo"] {
        let run = store.run(&[&focus[..], &["--layout", layout][..]].concat()).expect(0);
        svg_of(&run.stdout);
    }
}
