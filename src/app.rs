//! Runs one parsed command: opens the store, calls the library, hands the result to a renderer.
//! Errors carry context for the user; `main` prints them.

use crate::cli::{
    Cli, Command, DotArgs, ExportCommand, HopFilterArgs, LoadArgs, NeighboursArgs, PathArgs, PathFormat, QueryArgs,
    RankDir, StoreArgs,
};
use actorgraph::catalog::NamedQuery;
use actorgraph::diagram::{self, Diagram, DiagramBuilder, DiagramOptions};
use actorgraph::formats::{RdfInputFormat, ReportFormat};
use actorgraph::hops::{self, NeighbourHop, NeighbourhoodReport, PathReport, NEIGHBOURS_SCHEMA, PATH_SCHEMA};
use actorgraph::param::{parse_param, Param};
use actorgraph::paths::{FoundPath, Goal, Hop, HopFilter, PathGraph, Search};
use actorgraph::projection::{NodeId, Projection, RelationKind};
use actorgraph::render::{self, dot::DotOptions, path_json::{BatchQuery, BatchRecord}};
use actorgraph::resolve::{nodes_of_class, resolve_class, resolve_node};
use actorgraph::store::{self, file_iri, GraphStore, LoadProgress, LoadSource, Location, QueryError};
use anyhow::{anyhow, bail, Context, Result};
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::{QueryEvaluationError, QueryResults};
use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// How a command ended when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Found,
    NothingFound,
}

impl Outcome {
    fn from_found(found: bool) -> Self {
        if found { Outcome::Found } else { Outcome::NothingFound }
    }
}

pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Query(args) => query(&cli.store, args),
        Command::Queries(args) => queries(args.format),
        Command::Load(args) => load(&cli.store, args),
        Command::Dump(args) => {
            let store = open_store(&cli.store)?;
            let graph = args.graph.as_deref().map(parse_graph_name).transpose()?;
            let mut out = output(args.output.as_deref())?;
            store.dump(&mut out, args.format.rdf_format(), graph.as_ref()).context("cannot dump the store")?;
            out.flush()?;
            Ok(Outcome::Found)
        }
        Command::Stats(args) => {
            let store = open_store(&cli.store)?;
            let stats = actorgraph::stats::compute(&store).context("cannot compute statistics")?;
            let mut out = output(None)?;
            match args.format {
                ReportFormat::Text => render::report::write_stats(&stats, &mut out)?,
                ReportFormat::Json => render::report::write_json(&stats, &mut out)?,
            }
            out.flush()?;
            Ok(Outcome::Found)
        }
        Command::Validate(args) => {
            let store = open_store(&cli.store)?;
            let report = actorgraph::validate::validate(&store, &args.shapes).context("cannot validate the store")?;
            let mut out = output(None)?;
            match args.format {
                ReportFormat::Text => render::report::write_validation(&report, &mut out)?,
                ReportFormat::Json => render::report::write_json(&report, &mut out)?,
            }
            out.flush()?;
            if report.conforms {
                Ok(Outcome::Found)
            } else {
                bail!("the store does not conform to the SHACL shapes ({} violations)", report.violations.len())
            }
        }
        Command::Path(args) => path(&cli.store, args),
        Command::Neighbours(args) => neighbours(&cli.store, args),
        Command::Export { what: ExportCommand::Dot(args) } => export_dot(&cli.store, args),
    }
}

fn open_store(args: &StoreArgs) -> Result<GraphStore> {
    let location = if args.memory {
        Location::Memory
    } else {
        match &args.store {
            Some(dir) => Location::Disk(dir.clone()),
            None => Location::Disk(default_store_dir()?),
        }
    };
    GraphStore::open(location).context("cannot open the store")
}

/// The platform data directory: ~/.local/share/actorgraph/store on Linux.
pub fn default_store_dir() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "actorgraph")
        .ok_or_else(|| anyhow!("cannot find a home directory for the store; use --store DIR or ACTORGRAPH_STORE"))?;
    Ok(dirs.data_dir().join("store"))
}

/// Standard output (or a file), buffered.
fn output(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(path) => Box::new(BufWriter::new(File::create(path).with_context(|| format!("cannot create {}", path.display()))?)),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

fn parse_graph_name(iri: &str) -> Result<NamedNode> {
    let iri = iri.trim().trim_start_matches('<').trim_end_matches('>');
    let iri = actorgraph::vocab::expand_prefixed(iri).unwrap_or_else(|| iri.to_owned());
    NamedNode::new(&iri).with_context(|| format!("'{iri}' is not a valid graph IRI"))
}

/// The text of a query given as a name, a file, inline or on standard input, with a name for messages.
fn query_text(query: Option<&str>, expression: Option<&str>) -> Result<(String, String)> {
    if let Some(text) = expression {
        return Ok(("the -e query".to_owned(), text.to_owned()));
    }
    match query {
        Some("-") | None => {
            if query.is_none() && io::stdin().is_terminal() {
                bail!("give a named query, a .rq file, -e 'SPARQL' or a query on standard input (see `actorgraph queries`)");
            }
            let mut text = String::new();
            io::stdin().read_to_string(&mut text).context("cannot read the query from standard input")?;
            Ok(("standard input".to_owned(), text))
        }
        Some(name) => {
            let path = Path::new(name);
            if path.is_file() {
                let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
                return Ok((name.to_owned(), text));
            }
            if let Some(named) = NamedQuery::find(name) {
                return Ok((format!("query {name}"), named.text));
            }
            let known: Vec<String> = NamedQuery::bundled().into_iter().map(|q| q.name).collect();
            bail!("'{name}' is neither a file nor a named query; named queries: {}", known.join(", "))
        }
    }
}

/// Parses and binds a query, and runs it on the store.
fn run_query(store: &GraphStore, source: &str, text: &str, params: &[String]) -> Result<QueryResults<'static>> {
    let params: Vec<Param> = params.iter().map(|p| parse_param(p)).collect::<Result<_, _>>()?;
    let mut prepared = store::sparql_evaluator()
        .parse_query(text)
        .map_err(|e| anyhow!("{source}: SPARQL syntax {}", syntax_message(&e.to_string())))?;
    for param in &params {
        prepared = prepared.substitute_variable(param.variable.clone(), param.value.clone());
    }
    store.execute(prepared).map_err(|error| match error {
        QueryError::Evaluation(QueryEvaluationError::NotExistingSubstitutedVariable(variable)) => anyhow!(
            "--param {}: {source} has no variable ?{} it can bind (a SELECT query must select it)",
            variable.as_str(),
            variable.as_str()
        ),
        other => anyhow::Error::new(other).context(format!("{source} failed")),
    })
}

/// "error at 3:2: expected ..." -> "error at line 3, column 2: expected ...".
fn syntax_message(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("error at ") {
        if let Some((position, detail)) = rest.split_once(": ") {
            if let Some((line, column)) = position.split_once(':') {
                return format!("error at line {line}, column {column}: {detail}");
            }
        }
    }
    format!("error: {message}")
}

fn query(store_args: &StoreArgs, args: QueryArgs) -> Result<Outcome> {
    let (source, text) = query_text(args.query.as_deref(), args.expression.as_deref())?;
    let store = open_store(store_args)?;
    let results = run_query(&store, &source, &text, &args.params)?;
    let on_terminal = args.output.is_none() && io::stdout().is_terminal();
    let mut out = output(args.output.as_deref())?;
    let count = render::results::write_results(results, args.format, on_terminal, &mut out)?;
    out.flush()?;
    Ok(Outcome::from_found(count > 0))
}

fn queries(format: ReportFormat) -> Result<Outcome> {
    let queries = NamedQuery::bundled();
    let mut out = output(None)?;
    match format {
        ReportFormat::Text => render::report::write_catalogue(&queries, &mut out)?,
        ReportFormat::Json => render::report::write_json(&queries, &mut out)?,
    }
    out.flush()?;
    Ok(Outcome::Found)
}

fn load(store_args: &StoreArgs, args: LoadArgs) -> Result<Outcome> {
    let graph = args.graph.as_deref().map(parse_graph_name).transpose()?;
    let mut sources = Vec::new();
    for path in &args.files {
        if !path.is_file() {
            bail!("{}: no such file", path.display());
        }
        let format = match args.format {
            Some(format) => format.rdf_format(),
            None => RdfInputFormat::from_path(path).ok_or_else(|| {
                anyhow!("{}: cannot tell the RDF format from the file name; give --format", path.display())
            })?,
        };
        let graph = match &graph {
            Some(g) => g.clone(),
            None => NamedNode::new(file_iri(path)).with_context(|| format!("{}: no graph IRI for this path", path.display()))?,
        };
        sources.push(LoadSource { path: path.clone(), format, graph });
    }
    let mut store = open_store(store_args)?;
    let bar = io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(indicatif::ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("valid template"));
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    let progress = |step: LoadProgress| {
        if let Some(bar) = &bar {
            bar.set_message(match step {
                LoadProgress::Parsed(count) => format!("{} triples loaded", render::term::group_thousands(&count.to_string())),
                LoadProgress::Finishing => "committing, replacing graphs and deriving edges".to_owned(),
            });
            bar.tick();
        }
    };
    let report = store.load(&sources, args.bulk, &progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = report.context("load failed; the store is unchanged")?;
    let mut out = output(None)?;
    render::report::write_load(&report, &mut out)?;
    out.flush()?;
    Ok(Outcome::Found)
}

fn hop_filter(projection: &Projection, args: &HopFilterArgs) -> Result<HopFilter> {
    Ok(HopFilter::parse(
        projection,
        &args.via,
        &args.exclude,
        args.directed,
        args.min_confidence.as_deref(),
        args.as_of.as_deref(),
    )?)
}

fn path(store_args: &StoreArgs, args: PathArgs) -> Result<Outcome> {
    if args.k == 0 {
        bail!("-k must be at least 1");
    }
    let store = open_store(store_args)?;
    let projection = Projection::load_or_build(&store)?;
    let filter = hop_filter(&projection, &args.filter)?;
    let graph = PathGraph::new(&projection);
    let mut search = Search::new(&graph, &filter);
    if let Some(batch) = &args.batch {
        return path_batch(&projection, &filter, &mut search, batch, &args);
    }
    let (sources, from_view, from_type) = match (&args.from, &args.from_type) {
        (Some(from), _) => {
            let id = resolve_node(&projection, from)?;
            (vec![id], Some(hops::node_view(&projection, id)), None)
        }
        (None, Some(class)) => {
            let class = resolve_class(&projection, class)?;
            (nodes_of_class(&projection, class)?, None, Some(projection.classes[class as usize].label.clone()))
        }
        (None, None) => bail!("give FROM, or --from-type CLASS"),
    };
    let (goal, to_view, to_type) = match (&args.to, &args.to_type) {
        (Some(to), None) => {
            let id = resolve_node(&projection, to)?;
            (Goal::Node(id), Some(hops::node_view(&projection, id)), None)
        }
        (None, Some(class)) => {
            let class = resolve_class(&projection, class)?;
            let nodes: HashSet<NodeId> = nodes_of_class(&projection, class)?.into_iter().collect();
            (Goal::AnyOf(nodes), None, Some(projection.classes[class as usize].label.clone()))
        }
        (Some(_), Some(_)) => bail!("give either TO or --to-type, not both"),
        (None, None) => bail!("give TO, or --to-type CLASS"),
    };
    if let ([source], Goal::Node(target)) = (sources.as_slice(), &goal) {
        if source == target {
            bail!("FROM and TO are the same node ({})", projection.node(*source).label);
        }
    }
    let found = search.k_shortest(&sources, &goal, args.k, args.max_hops);
    let report = PathReport {
        schema: PATH_SCHEMA,
        from: from_view,
        to: to_view,
        from_type,
        to_type,
        paths: found.iter().map(|p| hops::path_view(&projection, &filter, p)).collect(),
    };
    let mut out = output(None)?;
    match args.format {
        PathFormat::Text => render::path_text::write_paths(&report, &mut out)?,
        PathFormat::Json => render::path_json::write_paths(&report, &mut out)?,
        PathFormat::Tsv => render::path_tsv::write_paths(&report, &mut out)?,
        PathFormat::Dot => {
            let starts = found.iter().map(|p| p.start);
            let hops = found.iter().flat_map(|p| p.hops.iter().copied());
            write_hops_dot(&projection, &filter, starts, hops, &mut out)?;
        }
    }
    out.flush()?;
    Ok(Outcome::from_found(!found.is_empty()))
}

/// `path --batch`: FROM<TAB>TO per line in, one JSON record per line out.
fn path_batch(
    projection: &Projection,
    filter: &HopFilter,
    search: &mut Search<'_, '_>,
    batch: &str,
    args: &PathArgs,
) -> Result<Outcome> {
    let reader: Box<dyn BufRead> = if batch == "-" {
        Box::new(BufReader::new(io::stdin().lock()))
    } else {
        Box::new(BufReader::new(File::open(batch).with_context(|| format!("cannot open batch file {batch}"))?))
    };
    let mut out = output(None)?;
    let (mut any_error, mut any_none) = (false, false);
    for (number, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("cannot read line {} of {batch}", number + 1))?;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (from, to) = line.split_once('\t').unwrap_or((line.as_str(), ""));
        let query = BatchQuery { from: from.trim(), to: to.trim() };
        let result = (|| -> Result<(Vec<FoundPath>, NodeId, NodeId)> {
            if query.to.is_empty() {
                bail!("expected FROM<TAB>TO");
            }
            let from = resolve_node(projection, query.from)?;
            let to = resolve_node(projection, query.to)?;
            if from == to {
                bail!("FROM and TO are the same node ({})", projection.node(from).label);
            }
            Ok((search.k_shortest(&[from], &Goal::Node(to), args.k, args.max_hops), from, to))
        })();
        match result {
            Ok((found, from, to)) => {
                let report = PathReport {
                    schema: PATH_SCHEMA,
                    from: Some(hops::node_view(projection, from)),
                    to: Some(hops::node_view(projection, to)),
                    from_type: None,
                    to_type: None,
                    paths: found.iter().map(|p| hops::path_view(projection, filter, p)).collect(),
                };
                any_none |= found.is_empty();
                let status = if found.is_empty() { "none" } else { "found" };
                let record = BatchRecord { line: number + 1, query, status, error: None, report: Some(&report) };
                render::path_json::write_batch_record(&record, &mut out)?;
                // One record per input line as soon as it is known, for scripts on a pipe.
                out.flush()?;
            }
            Err(error) => {
                any_error = true;
                let record = BatchRecord { line: number + 1, query, status: "error", error: Some(format!("{error:#}")), report: None };
                render::path_json::write_batch_record(&record, &mut out)?;
                out.flush()?;
            }
        }
    }
    out.flush()?;
    if any_error {
        bail!("some lines of {batch} could not be looked up (see their \"error\" fields)");
    }
    Ok(Outcome::from_found(!any_none))
}

fn neighbours(store_args: &StoreArgs, args: NeighboursArgs) -> Result<Outcome> {
    let store = open_store(store_args)?;
    let projection = Projection::load_or_build(&store)?;
    let filter = hop_filter(&projection, &args.filter)?;
    let graph = PathGraph::new(&projection);
    let mut search = Search::new(&graph, &filter);
    let node = resolve_node(&projection, &args.node)?;
    let found = search.neighbourhood(node, args.depth);
    let report = NeighbourhoodReport {
        schema: NEIGHBOURS_SCHEMA,
        node: hops::node_view(&projection, node),
        depth: args.depth,
        hops: found.iter().map(|(depth, hop)| NeighbourHop { depth: *depth, hop: hops::hop_view(&projection, &filter, *hop) }).collect(),
    };
    let mut out = output(None)?;
    match args.format {
        PathFormat::Text => render::path_text::write_neighbours(&report, &mut out)?,
        PathFormat::Json => render::path_json::write_neighbours(&report, &mut out)?,
        PathFormat::Tsv => render::path_tsv::write_neighbours(&report, &mut out)?,
        PathFormat::Dot => write_hops_dot(&projection, &filter, [node], found.iter().map(|(_, hop)| *hop), &mut out)?,
    }
    out.flush()?;
    Ok(Outcome::from_found(!found.is_empty()))
}

/// `path` and `neighbours` as a diagram: the given start nodes and hops, facts as nodes.
fn write_hops_dot(
    projection: &Projection,
    filter: &HopFilter,
    starts: impl IntoIterator<Item = NodeId>,
    hops: impl IntoIterator<Item = Hop>,
    out: &mut dyn Write,
) -> Result<()> {
    let mut builder = DiagramBuilder::new(projection, filter, DiagramOptions::default());
    for start in starts {
        builder.add_node(start);
    }
    builder.add_hops(hops);
    render::dot::write(&builder.build(), DotOptions { left_to_right: true, legend: true }, out)?;
    Ok(())
}

fn export_dot(store_args: &StoreArgs, args: DotArgs) -> Result<Outcome> {
    let store = open_store(store_args)?;
    let projection = Projection::load_or_build(&store)?;
    let filter = hop_filter(&projection, &args.filter)?;
    let options = DiagramOptions { collapse: args.collapse, cluster_by_country: args.cluster.is_some() };
    let diagram: Diagram = if let Some(query) = &args.query {
        let (source, text) = query_text(Some(query.as_str()), None)?;
        let results = run_query(&store, &source, &text, &args.params)?;
        let triples = query_triples(results, &source)?;
        let triples: Vec<_> = triples
            .into_iter()
            .filter(|(_, p, _)| {
                let family = projection.relations.iter().find(|r| r.iri == *p).and_then(|r| r.family);
                let only = filter.only.as_ref().is_none_or(|only| family.is_some_and(|f| only.contains(&f)));
                only && !family.is_some_and(|f| filter.exclude.contains(&f))
            })
            .collect();
        let mut diagram = diagram::from_triples(&projection, &triples);
        if options.cluster_by_country {
            // Query diagrams have no projection hops to cluster by; leave them flat.
            diagram.clusters.clear();
        }
        diagram
    } else {
        let graph = PathGraph::new(&projection);
        let mut search = Search::new(&graph, &filter);
        let mut builder = DiagramBuilder::new(&projection, &filter, options);
        match &args.focus {
            Some(focus) => {
                let node = resolve_node(&projection, focus)?;
                builder.add_node(node);
                builder.add_hops(search.neighbourhood(node, args.depth).into_iter().map(|(_, hop)| hop));
            }
            None => {
                for (id, edge) in projection.edges.iter().enumerate() {
                    if projection.relation(edge.relation).kind != RelationKind::Role && filter.allows_edge(&projection, edge) {
                        builder.add_edge(id as u32);
                    }
                }
            }
        }
        builder.build()
    };
    let dot_options = DotOptions { left_to_right: args.rankdir == RankDir::LR, legend: !args.no_legend };
    let mut dot = Vec::new();
    render::dot::write(&diagram, dot_options, &mut dot)?;
    match args.render {
        Some(format) => {
            let path = args.output.as_deref().expect("clap requires --output with --render");
            render_with_graphviz(&dot, format, path)?;
        }
        None => {
            let mut out = output(args.output.as_deref())?;
            out.write_all(&dot)?;
            out.flush()?;
        }
    }
    Ok(Outcome::from_found(!diagram.nodes.is_empty()))
}

/// (subject, relation, object) of a CONSTRUCT result, or of a SELECT with such columns.
fn query_triples(results: QueryResults<'_>, source: &str) -> Result<Vec<(String, String, String)>> {
    let text = |term: &Term| match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_owned(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    };
    match results {
        QueryResults::Graph(triples) => {
            let mut out = Vec::new();
            for triple in triples {
                let triple = triple?;
                out.push((text(&triple.subject.into()), triple.predicate.as_str().to_owned(), text(&triple.object)));
            }
            Ok(out)
        }
        QueryResults::Solutions(solutions) => {
            let variables: Vec<String> = solutions.variables().iter().map(|v| v.as_str().to_owned()).collect();
            let pick = |names: &[&str]| names.iter().find(|n| variables.iter().any(|v| v == *n)).map(|n| n.to_string());
            let (Some(s), Some(p), Some(o)) = (
                pick(&["subject", "s", "from", "source"]),
                pick(&["relation", "predicate", "p", "property"]),
                pick(&["object", "o", "to", "target"]),
            ) else {
                bail!("{source}: to draw a SELECT, name its columns ?subject ?relation ?object (it has ?{})", variables.join(" ?"));
            };
            let mut out = Vec::new();
            for row in solutions {
                let row = row?;
                if let (Some(a), Some(b), Some(c)) = (row.get(s.as_str()), row.get(p.as_str()), row.get(o.as_str())) {
                    out.push((text(a), text(b), text(c)));
                }
            }
            Ok(out)
        }
        QueryResults::Boolean(_) => bail!("{source}: an ASK query has nothing to draw; use CONSTRUCT or SELECT ?subject ?relation ?object"),
    }
}

fn render_with_graphviz(dot: &[u8], format: crate::cli::RenderFormat, path: &Path) -> Result<()> {
    let format = match format {
        crate::cli::RenderFormat::Svg => "svg",
        crate::cli::RenderFormat::Png => "png",
        crate::cli::RenderFormat::Pdf => "pdf",
    };
    let mut child = match std::process::Command::new("dot")
        .arg(format!("-T{format}"))
        .arg("-o")
        .arg(path)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(error) if error.kind() == io::ErrorKind::NotFound => bail!(
            "Graphviz's `dot` is not installed (or not on PATH). Install Graphviz — Debian/Ubuntu: `sudo apt-get install graphviz`, \
             Fedora: `sudo dnf install graphviz`, macOS: `brew install graphviz` — or drop --render to write DOT text"
        ),
        Err(error) => return Err(error).context("cannot run Graphviz's dot"),
    };
    child.stdin.take().expect("piped stdin").write_all(dot).context("cannot send the diagram to dot")?;
    let result = child.wait_with_output().context("dot did not finish")?;
    if !result.status.success() {
        bail!("dot failed: {}", String::from_utf8_lossy(&result.stderr).trim());
    }
    Ok(())
}
