//! `actorgraph review`: facts beside the lines they cite, read from copies of the documents in a
//! directory; `--check` flags figures and dates not in the cited lines, hedged lines graded
//! documented, kept hedges the lines do not use, line spans outside the document and facts
//! without evidence, and exits 1 when it flags anything.

use crate::helpers::{fixture, seeds_dir, TestStore};

/// The seed documents the bundled data cites (see `helpers::seeds_dir`).
fn seeds() -> String {
    seeds_dir().to_str().expect("utf-8 path").to_owned()
}

fn fixture_dir() -> String {
    fixture("review").to_str().expect("utf-8 path").to_owned()
}

/// A store holding the bundled data and the review fixture's facts.
fn fixture_store() -> TestStore {
    let store = TestStore::new();
    store.load_fixture("review/facts.ttl").expect(0);
    store
}

#[test]
fn the_bundled_data_passes_the_check_against_the_seed_documents() {
    let run = TestStore::new().run(&["review", "--check", "--sources", &seeds()]).expect(0);
    assert!(run.stdout.starts_with("No findings: "), "{}", run.stdout);
    assert!(run.stdout.contains("000_b1e0b081c1b0a90a.txt (125 lines), 002_c95ef05383f2dd26.txt (120 lines)"));
}

#[test]
fn the_check_flags_a_wrong_figure_an_uncited_date_and_an_unhedged_grade() {
    let store = fixture_store();
    let run = store.run(&["review", "--check", "--sources", &fixture_dir(), "--file", "report.txt"]).expect(1);
    let ex = "http://example.org/review/";
    let expected = [
        format!("report.txt:3: <{ex}wrong-figure>: figure not in the cited lines: quantity 1520 (cited: report.txt:3)"),
        format!("report.txt:3: <{ex}uncited-date>: date not in the cited lines: date 2019 (cited: report.txt:3)"),
        format!("report.txt:4: <{ex}unhedged-grade>: documented, but the lines hedge: graded documented; line 4 says 'reportedly' (second-hand)"),
        format!("report.txt:3: <{ex}foreign-hedge>: hedge not in the lines: keeps 'possibly', which report.txt:3 does not use"),
        format!("report.txt:4: <{ex}lines-outside>: lines outside the document: cites lines 4-9; the copy has 5 lines"),
        format!("report.txt:5: <{ex}wrong-count>: figure not in the cited lines: '30,000' in summary"),
    ];
    for line in &expected {
        assert!(run.stdout.lines().any(|l| l.starts_with(line.as_str())), "missing {line:?} in:\n{}", run.stdout);
    }
    // Format variants pass: 1,250 tonnes = 1250 t, March 2021 = 2021-03; a hedge kept as confidence passes.
    for quiet in ["right-figure", "hedged-grade"] {
        assert!(!run.stdout.contains(&format!("{ex}{quiet}>")), "{quiet} flagged:\n{}", run.stdout);
    }
    let summary = format!(
        "6 findings on 6 of 12 facts and entities against the copies in {}: report.txt (5 lines).\n",
        fixture_dir()
    );
    assert!(run.stdout.ends_with(&summary), "{}", run.stdout);
    assert!(run.stderr.contains("6 findings"), "{}", run.stderr);
}

#[test]
fn the_check_flags_facts_without_evidence_and_documents_it_cannot_find() {
    let store = fixture_store();
    let run = store.run(&["review", "--check", "--sources", &fixture_dir()]).expect(1);
    assert!(
        run.stdout.contains(
            "<http://example.org/review/no-evidence>: no evidence: no document or lines say where this fact comes from"
        ),
        "{}",
        run.stdout
    );
    // The bundled data cites documents this directory does not hold.
    assert!(
        run.stdout.contains("000_b1e0b081c1b0a90a.txt: agd:doc000: document not found: not found in"),
        "{}",
        run.stdout
    );
}

#[test]
fn file_names_that_leave_the_sources_directory_are_not_read() {
    let store = TestStore::new();
    let data = store.write(
        "escape.ttl",
        "@prefix ag: <https://w3id.org/actorgraph/ontology#> . @prefix ex: <http://example.org/e/> .\n\
         ex:doc a ag:SourceDocument ; ag:fileName \"../report.txt\" .\n\
         ex:x a ag:Support ; ag:supporter ex:a ; ag:supported ex:b ;\n\
             ag:evidence [ ag:source ex:doc ; ag:lineStart 1 ; ag:confidence ag:Reported ] .\n",
    );
    store.run(&["load", data.to_str().unwrap()]).expect(0);
    let inner = store.dir.path().join("sources");
    std::fs::create_dir(&inner).unwrap();
    std::fs::write(store.dir.path().join("report.txt"), "outside the sources directory\n").unwrap();
    let run =
        store.run(&["review", "--check", "--sources", inner.to_str().unwrap(), "--file", "../report.txt"]).expect(1);
    assert!(run.stdout.contains("../report.txt: <http://example.org/e/doc>: source cannot be checked: the file name is not a plain file name"), "{}", run.stdout);
    let listing = store.run(&["review", "--sources", inner.to_str().unwrap(), "--file", "../report.txt"]).expect(0);
    assert!(!listing.stdout.contains("outside the sources directory"), "{}", listing.stdout);
}

#[test]
fn each_fact_is_shown_beside_its_cited_lines() {
    let store = fixture_store();
    let run = store
        .run(&["review", "--sources", &fixture_dir(), "--fact", "<http://example.org/review/right-figure>"])
        .expect(0);
    let expected = "<http://example.org/review/right-figure> — supply flow — documented
  Freedonia supplied widgets to Sylvania (1,250 t, 2021-03)
  states — date: 2021-03; good: widgets; quantity: 1250; recipient: Sylvania; supplier: Freedonia; unit: tonne
  report.txt:3 — documented
       3 │ In March 2021, Freedonia exported 1,250 tonnes of widgets to Sylvania.
";
    assert!(run.stdout.ends_with(expected), "{}", run.stdout);
    // The hedge is shown with the evidence.
    let hedged = store.run(&["review", "--sources", &fixture_dir(), "--fact", "hedged-grade"]).expect(0);
    assert!(hedged.stdout.contains("report.txt:4 — alleged ('reportedly')"), "{}", hedged.stdout);
}

#[test]
fn filters_by_file_class_and_confidence() {
    let store = fixture_store();
    let dir = fixture_dir();
    let count = |args: &[&str]| -> usize {
        let mut all = vec!["review", "--sources", dir.as_str(), "--format", "json"];
        all.extend_from_slice(args);
        let run = store.run(&all);
        let review: serde_json::Value =
            serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
        assert_eq!(review["schema"], "actorgraph.review/1");
        review["items"].as_array().unwrap().len()
    };
    assert_eq!(count(&["--file", "report.txt"]), 12);
    assert_eq!(count(&["--file", "report.txt", "--class", "SupplyFlow"]), 6);
    assert_eq!(count(&["--file", "report.txt", "--confidence", "documented"]), 2);
    assert_eq!(count(&["--file", "report.txt", "--class", "Entity"]), 4);
    assert_eq!(count(&["--file", "report.txt", "--fact", "no such fact"]), 0);
    // Unknown levels and classes are errors that name the input.
    let run = store.run(&["review", "--sources", &dir, "--confidence", "certain"]).expect(2);
    assert!(run.stderr.contains("'certain' is not a confidence level"), "{}", run.stderr);
    let run = store.run(&["review", "--sources", &dir, "--class", "Sanctoin"]).expect(2);
    assert!(run.stderr.contains("Sanctoin"), "{}", run.stderr);
    let run = store.run(&["review", "--sources", "no/such/dir"]).expect(2);
    assert!(run.stderr.contains("cannot read the sources directory no/such/dir"), "{}", run.stderr);
}

#[test]
fn markdown_and_html_for_a_reviewer_to_annotate() {
    let store = fixture_store();
    let dir = fixture_dir();
    let markdown =
        store.run(&["review", "--sources", &dir, "--fact", "unhedged-grade", "--format", "markdown"]).expect(0);
    for part in [
        "## \\<http://example.org/review/unhedged-grade\\> — supply flow",
        "| good | widgets |",
        "```text\n   4 │ Sylvania reportedly sold some of them on to Ruritania in 2022.\n```",
        "- ⚑ report.txt:4: documented, but the lines hedge: graded documented; line 4 says 'reportedly' (second-hand)",
        "- [ ] the cited lines say this, at this confidence",
    ] {
        assert!(markdown.stdout.contains(part), "missing {part:?} in:\n{}", markdown.stdout);
    }
    let html = store.run(&["review", "--sources", &dir, "--file", "report.txt", "--format", "html"]).expect(0);
    assert!(html.stdout.starts_with("<!DOCTYPE html>"));
    assert!(html
        .stdout
        .contains("<pre>   3 │ In March 2021, Freedonia exported 1,250 tonnes of widgets to Sylvania.</pre>"));
    assert!(html.stdout.contains("<li class=\"flag\">⚑ report.txt:3: figure not in the cited lines: quantity 1520"));
    assert!(html.stdout.contains("<textarea"));
    assert!(html.stdout.trim_end().ends_with("</html>"));
    // --check in Markdown keeps only the flagged facts.
    let flagged =
        store.run(&["review", "--check", "--sources", &dir, "--file", "report.txt", "--format", "markdown"]).expect(1);
    assert_eq!(flagged.stdout.matches("\n## ").count(), 6, "{}", flagged.stdout);
}

#[test]
fn bundled_facts_are_reviewed_against_the_seed_documents() {
    let run =
        TestStore::new().run(&["review", "--sources", &seeds(), "--fact", "agd:estimate-nc-shells-2023"]).expect(0);
    assert!(run.stdout.contains("agd:estimate-nc-shells-2023 — capacity estimate — assessed"), "{}", run.stdout);
    assert!(
        run.stdout.contains("estimate: nitrocellulose enough to make 152mm artillery shell (over 200,000 pcs, 2023"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("002_c95ef05383f2dd26.txt:8 — assessed\n       8 │ "), "{}", run.stdout);
}
