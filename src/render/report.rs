//! actorgraph's own reports as text or JSON: store statistics, the query catalogue, validation
//! results and load summaries.

use crate::graph::wording::group_thousands;
use crate::graph::CacheState;
use crate::ops::catalog::NamedQuery;
use crate::ops::import::ImportOutcome;
use crate::ops::link::{Link, LinkReport, LinkStatus};
use crate::rdf::vocab::display_iri;
use crate::store::{GraphOrigin, LoadReport};
use crate::views::integrity::IntegrityReport;
use crate::views::stats::Stats;
use crate::views::validate::ValidationReport;
use comfy_table::{presets, Table};
use std::io::{self, Write};

/// Writes any serialisable value as pretty-printed JSON, followed by a newline.
pub fn write_json<T: serde::Serialize>(value: &T, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// Writes store statistics: triples per graph, entities per class, then the path graph's size.
pub fn write_stats(stats: &Stats, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{} triples in {} graphs", group_thousands(&stats.total_triples.to_string()), stats.graphs.len())?;
    let mut graphs = Table::new();
    graphs.load_style(presets::UTF8_FULL_CONDENSED).set_header(["graph", "triples", "origin"]);
    for record in &stats.graphs {
        let origin = match &record.origin {
            GraphOrigin::Bundled { file } => format!("bundled {file}"),
            GraphOrigin::Derived => "derived from property chains".to_owned(),
            GraphOrigin::Loaded { file, format: _, loaded_at } => format!("loaded {file} at {loaded_at}"),
            GraphOrigin::Other => String::new(),
        };
        graphs.add_row([display_iri(&record.graph), group_thousands(&record.triples.to_string()), origin]);
    }
    writeln!(out, "{graphs}")?;
    writeln!(out, "\nEntities per class")?;
    let mut classes = Table::new();
    classes.load_style(presets::UTF8_FULL_CONDENSED).set_header(["class", "label", "entities"]);
    for class in &stats.classes {
        classes.add_row([display_iri(&class.class), class.label.clone(), group_thousands(&class.entities.to_string())]);
    }
    writeln!(out, "{classes}")?;
    let size = &stats.path_graph;
    writeln!(
        out,
        "\nPath graph: {} nodes, {} edges, {} facts",
        group_thousands(&size.nodes.to_string()),
        group_thousands(&size.edges.to_string()),
        group_thousands(&size.facts.to_string())
    )
}

/// Writes each named query with its purpose, parameters and columns.
pub fn write_catalogue(queries: &[NamedQuery], out: &mut dyn Write) -> io::Result<()> {
    for query in queries {
        writeln!(out, "{}", query.name)?;
        writeln!(out, "    {}", query.purpose)?;
        for param in &query.params {
            writeln!(out, "    --param {}=...  {}", param.name, param.description)?;
        }
        if !query.columns.is_empty() {
            writeln!(out, "    columns: {}", query.columns.join(", "))?;
        }
    }
    Ok(())
}

/// Writes whether the store conforms, then each violation with its focus node, path, value,
/// message and shape, then the warnings (drafts not yet checked among them).
pub fn write_validation(report: &ValidationReport, out: &mut dyn Write) -> io::Result<()> {
    if report.conforms {
        writeln!(out, "conforms: the store satisfies every shape in {}", report.shapes.join(", "))?;
    } else {
        writeln!(
            out,
            "{} violation{} of {}",
            report.violations.len(),
            if report.violations.len() == 1 { "" } else { "s" },
            report.shapes.join(", ")
        )?;
        write_results(&report.violations, out)?;
    }
    if !report.warnings.is_empty() {
        writeln!(
            out,
            "{} warning{} (they do not affect conformance):",
            report.warnings.len(),
            if report.warnings.len() == 1 { "" } else { "s" }
        )?;
        write_results(&report.warnings, out)?;
    }
    Ok(())
}

/// Each result with its focus node, path, value, message and shape.
fn write_results(results: &[crate::views::validate::Violation], out: &mut dyn Write) -> io::Result<()> {
    for violation in results {
        writeln!(out, "{}: {}", violation.severity, compact(&violation.focus))?;
        if let Some(path) = &violation.path {
            writeln!(out, "    path: {}", compact(path))?;
        }
        if let Some(value) = &violation.value {
            writeln!(out, "    value: {value}")?;
        }
        writeln!(out, "    {}", violation.message)?;
        if let Some(shape) = violation.shape.as_deref().filter(|s| !s.starts_with("_:")) {
            writeln!(out, "    shape: {}", compact(shape))?;
        }
    }
    Ok(())
}

/// Writes one line per target graph: how many triples were loaded or replaced, and from which files.
pub fn write_load(report: &LoadReport, out: &mut dyn Write) -> io::Result<()> {
    for graph in &report.graphs {
        let files: Vec<String> = graph.sources.iter().map(|p| p.display().to_string()).collect();
        writeln!(
            out,
            "{} {} triples from {} into <{}>{}",
            if graph.replaced { "replaced with" } else { "loaded" },
            group_thousands(&graph.triples.to_string()),
            files.join(", "),
            graph.graph.as_str(),
            if graph.extra_graphs.is_empty() {
                String::new()
            } else {
                format!(" (and {} named graphs it contains)", graph.extra_graphs.len())
            }
        )?;
    }
    Ok(())
}

/// An IRI as rudof prints it (bare or in <>), shortened with a known prefix where one fits.
fn compact(text: &str) -> String {
    let bare = text.trim_start_matches('<').trim_end_matches('>');
    crate::rdf::vocab::compact_iri(bare).unwrap_or_else(|| text.to_owned())
}

/// A store check as text: the counts, then each problem, or that the store is consistent.
pub fn write_check(report: &IntegrityReport, out: &mut dyn Write) -> io::Result<()> {
    let store = &report.store;
    writeln!(out, "generation {} (derived edges at {})", store.generation, store.derived_generation)?;
    writeln!(
        out,
        "derived edges: {} ({} missing, {} extra against a full re-derivation)",
        group_thousands(&store.derived_edges.to_string()),
        store.missing_edges,
        store.extra_edges
    )?;
    writeln!(out, "staging graphs left over: {}", store.staging_graphs)?;
    writeln!(out, "bundled data current: {}", if store.bundled_current { "yes" } else { "no" })?;
    let cache = match report.path_cache {
        CacheState::Absent => "absent (built on the next lookup)",
        CacheState::Current => "current",
        CacheState::Stale => "stale (rebuilt on the next lookup)",
        CacheState::Corrupt => "corrupt (ignored and rebuilt on the next lookup)",
    };
    writeln!(out, "path-graph cache: {cache}")?;
    if report.is_consistent() {
        writeln!(out, "consistent")
    } else {
        for problem in &store.problems {
            writeln!(out, "problem: {problem}")?;
        }
        writeln!(out, "run `actorgraph repair` to rebuild the derived edges and bundled graphs")
    }
}

/// An import's report: the load per graph, entities per schema, properties skipped.
pub fn write_import(outcome: &ImportOutcome, out: &mut dyn Write) -> io::Result<()> {
    write_load(&outcome.load, out)?;
    let schemata: Vec<String> = outcome.counts.entities.iter().map(|(schema, n)| format!("{schema} {n}")).collect();
    let total = outcome.counts.total();
    let noun = if total == 1 { "entity" } else { "entities" };
    writeln!(out, "{} {noun}: {}", group_thousands(&total.to_string()), schemata.join(", "))
}

/// What an import skipped or doubts, counted by `Schema:property`: values of properties their
/// schema lacks, date values that are no dates, properties FtM requires that are missing.
pub fn write_import_warnings(outcome: &ImportOutcome, out: &mut dyn Write) -> io::Result<()> {
    let counts = &outcome.counts;
    for (by_property, singular, plural, what) in [
        (&counts.unknown_properties, "value", "values", "skipped: their schema has no such property"),
        (&counts.not_dates, "value", "values", "of date properties kept as text: not YYYY, YYYY-MM or YYYY-MM-DD"),
        (&counts.missing_required, "property", "properties", "FtM requires missing"),
    ] {
        if by_property.is_empty() {
            continue;
        }
        let total: u64 = by_property.values().sum();
        let noun = if total == 1 { singular } else { plural };
        let names: Vec<String> = by_property.iter().map(|(property, n)| format!("{property} ({n})")).collect();
        writeln!(out, "warning: {total} {noun} {what}: {}", names.join(", "))?;
    }
    Ok(())
}

/// A linking's outcome: how many were compared, then each link and candidate.
pub fn write_links(report: &LinkReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "compared {} imported actors with {} of the graph's own: {} linked, {} candidate{} for review",
        group_thousands(&report.imported.to_string()),
        group_thousands(&report.curated.to_string()),
        report.count(LinkStatus::Applied) + report.count(LinkStatus::Accepted),
        report.count(LinkStatus::Candidate),
        if report.count(LinkStatus::Candidate) == 1 { "" } else { "s" }
    )?;
    write_link_list(&report.links, out)
}

/// Links and candidates, one per line with its id, score and reason.
pub fn write_link_list(links: &[Link], out: &mut dyn Write) -> io::Result<()> {
    if links.is_empty() {
        writeln!(out, "no links and no candidates: `actorgraph link` compares imported actors with the graph's own")?;
    }
    for link in links {
        let status = match link.status {
            LinkStatus::Applied => "linked",
            LinkStatus::Accepted => "accepted",
            LinkStatus::Candidate => "candidate",
            LinkStatus::Rejected => "rejected",
        };
        writeln!(
            out,
            "{status:9} {}  {:.2}  {} = {}\n                        {}",
            link.id, link.score, link.entity.label, link.actor.label, link.reason
        )?;
    }
    if links.iter().any(|l| l.status == LinkStatus::Candidate) {
        writeln!(out, "accept a candidate with `actorgraph links --accept ID`, or reject it with --reject ID")?;
    }
    Ok(())
}
