//! Command-line definitions (clap). Parsing only: `main` hands the result to `cmd`. The value
//! enums here are the command line's names for library types; `values.rs` maps them.

mod examples;
mod values;

pub(crate) use values::{
    BulkMode, ClusterBy, CsvTable, GraphFormat, LayoutName, PageSizeName, PathFormat, PathProfile, QueryOutputFormat,
    RankDir, RdfInputFormat, RenderFormat, ReportFormat, ReviewFormat, ScreenInput, ScreenOutput, Shell,
};

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "actorgraph",
    version,
    about = "A knowledge graph of actors and their relationships, with the evidence behind every link",
    long_about = "actorgraph keeps a knowledge graph of states, firms, factions, people, goods and \
                  sanctions in an embedded Oxigraph store, answers SPARQL (named queries or your \
                  own), finds paths between actors hop by hop with the evidence for each hop, and \
                  draws Graphviz diagrams. The bundled ontology and dataset are loaded on first use.",
    after_help = examples::TOP
)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub(crate) struct StoreArgs {
    /// Store directory [default: the platform data directory, e.g. ~/.local/share/actorgraph/store]
    #[arg(long, global = true, env = "ACTORGRAPH_STORE", value_name = "DIR")]
    pub store: Option<PathBuf>,
    /// Use a throwaway in-memory store holding only the bundled ontology and data
    #[arg(long, global = true, conflicts_with = "store")]
    pub memory: bool,
    /// Commands that write wait this long for another writer to finish before giving up
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 5.0)]
    pub wait: f64,
}

/// A remote SPARQL endpoint to run on instead of the local store, for the commands that can
/// (query, path, neighbours, the graph exports, push). Credentials never come from the command
/// line: a file (--credentials) or the environment.
#[derive(Debug, Args)]
#[command(next_help_heading = "Remote endpoint")]
pub(crate) struct EndpointArgs {
    /// Run against this SPARQL 1.1 endpoint instead of the local store (push: copy the store there)
    #[arg(long, env = "ACTORGRAPH_ENDPOINT", value_name = "URL")]
    pub endpoint: Option<String>,
    /// A file holding 'bearer TOKEN' or 'basic USER:PASSWORD' [default: ACTORGRAPH_ENDPOINT_TOKEN,
    /// or ACTORGRAPH_ENDPOINT_USER and ACTORGRAPH_ENDPOINT_PASSWORD]
    #[arg(long, env = "ACTORGRAPH_CREDENTIALS", value_name = "FILE")]
    pub credentials: Option<PathBuf>,
    /// Seconds one request to the endpoint may take
    #[arg(long, default_value_t = 60.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// Times a request is tried again after a connection error, 429 or 5xx answer (with backoff)
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub retries: u32,
    /// Rebuild the path graph from the endpoint even when its change token is the cached one
    #[arg(long, requires = "endpoint")]
    pub refresh: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run a SPARQL query: a named query, a .rq file, inline text (-e) or standard input
    #[command(after_help = examples::QUERY)]
    Query(QueryArgs),
    /// List the named queries with their purpose and parameters
    #[command(after_help = examples::QUERIES)]
    Queries(QueriesArgs),
    /// Load RDF files, each into its own named graph (a reload replaces the graph)
    #[command(after_help = examples::LOAD)]
    Load(LoadArgs),
    /// Import data from other tools: FollowTheMoney JSON lines (OpenSanctions, Aleph)
    #[command(after_help = examples::IMPORT)]
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// Link imported entities to the graph's own: same Wikidata item, or names alike once case,
    /// accents, script, punctuation and legal forms are set aside
    #[command(after_help = examples::LINK)]
    Link(LinkArgs),
    /// List the same-actor links and the candidates left for review; accept or reject one
    #[command(after_help = examples::LINKS)]
    Links(LinksArgs),
    /// Screen a list of counterparties for sanctions exposure: matches with their reasons, and
    /// exposure paths with the evidence for each hop (exit 0: nobody exposed, 1: someone is)
    #[command(after_help = examples::SCREEN)]
    Screen(ScreenArgs),
    /// Write the store, or one graph, in an RDF format
    #[command(after_help = examples::DUMP)]
    Dump(DumpArgs),
    /// Triples per graph and entities per class
    #[command(after_help = examples::STATS)]
    Stats(StatsArgs),
    /// Check the store against the SHACL shapes
    #[command(after_help = examples::VALIDATE)]
    Validate(ValidateArgs),
    /// Each fact beside the lines it cites, read from your copies of the documents; --check flags
    /// figures and dates not in the cited lines, hedged lines graded documented, bad line spans
    #[command(after_help = examples::REVIEW)]
    Review(ReviewArgs),
    /// Check that the store is consistent: derived edges, counters, leftovers of interrupted loads
    #[command(after_help = examples::CHECK)]
    Check(StatsArgs),
    /// Rebuild the bundled graphs, the derived edges and the snapshot readers see
    #[command(after_help = examples::REPAIR)]
    Repair,
    /// Compact the store's files and hand them to readers: after a large bulk load, the path
    /// graph builds and queries read faster (a few seconds per million triples, once)
    #[command(after_help = examples::OPTIMIZE)]
    Optimize,
    /// Find how two nodes connect, hop by hop, with the evidence for each hop
    #[command(after_help = examples::PATH)]
    Path(PathArgs),
    /// List what is connected to a node, with evidence
    #[command(alias = "neighbors", after_help = examples::NEIGHBOURS)]
    Neighbours(NeighboursArgs),
    /// Copy the store's graphs (ontology, data, your graphs, derived edges) to a SPARQL endpoint
    #[command(after_help = examples::PUSH)]
    Push(PushArgs),
    /// Read a text file against the graph: known entities, amounts, dates, new names, draft facts
    #[command(after_help = examples::SCAN)]
    Scan(ScanArgs),
    /// Serve the store over HTTP: a SPARQL 1.1 endpoint, the Graph Store Protocol, a JSON API and
    /// the workbench (loopback and read-only unless told otherwise)
    #[command(after_help = examples::SERVE)]
    Serve(ServeArgs),
    /// Export diagrams (DOT, SVG, PNG, PDF) and graphs (GraphML, GEXF, Cytoscape.js JSON, CSV, FtM)
    #[command(after_help = examples::EXPORT)]
    Export {
        #[command(subcommand)]
        what: ExportCommand,
    },
    /// Print a shell completion script
    #[command(after_help = examples::COMPLETIONS)]
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one page per command into a directory
    #[command(after_help = examples::MAN)]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// Write actorgraph.1 and one page per command (actorgraph-path.1...) into this directory
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct QueryArgs {
    /// Named query (see `actorgraph queries`), path to a .rq file, or - for standard input
    #[arg(value_name = "QUERY", conflicts_with = "expression")]
    pub query: Option<String>,
    /// Query text given inline
    #[arg(short = 'e', long = "expression", value_name = "SPARQL")]
    pub expression: Option<String>,
    /// Bind a variable to an RDF term: <IRI>, prefix:name, "literal", "text"@lang, 42, true
    #[arg(short, long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Output format [default: table on a terminal, tsv otherwise; turtle for graphs]
    #[arg(short, long, value_enum)]
    pub format: Option<QueryOutputFormat>,
    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub endpoint: EndpointArgs,
}

#[derive(Debug, Args)]
pub(crate) struct QueriesArgs {
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub(crate) struct LoadArgs {
    /// Files to load
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Format of every file [default: from each file's extension]
    #[arg(short, long, value_enum)]
    pub format: Option<RdfInputFormat>,
    /// Load every file into this graph instead of one graph per file (file:// IRI of the path)
    #[arg(short, long, value_name = "IRI")]
    pub graph: Option<String>,
    /// Use Oxigraph's bulk loader (auto: for loads over 8 MiB)
    #[arg(long, value_enum, default_value_t = BulkMode::Auto)]
    pub bulk: BulkMode,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ImportCommand {
    /// FollowTheMoney entities, one JSON object per line (entities.ftm.json, also .gz, or - for stdin)
    #[command(after_help = concat!("Each file goes into the graph of its dataset (the directory of an OpenSanctions \
entities.ftm.json, else the file name, or --dataset); importing a newer file of a dataset replaces its graph. \
A bad line anywhere gives FILE:LINE: message, exit 2, and leaves the store unchanged; properties a schema \
lacks are skipped and counted.\n\n", "Examples:
  actorgraph import ftm ../shared/data/opensanctions/zala_entities.ftm.json
  actorgraph import ftm --confidence ext_ru_egrul=documented ../shared/data/*/zala*.json
  actorgraph import ftm --dataset eu_fsf ../shared/data/*/yente*.json"))]
    Ftm(ImportFtmArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ImportFtmArgs {
    /// Files to import (- for standard input)
    #[arg(required = true, value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,
    /// The dataset the files are an export of [default: from the file's directory or name]
    #[arg(long, value_name = "NAME")]
    pub(crate) dataset: Option<String>,
    /// Grade a dataset's records at this confidence level instead of the ontology's rule
    #[arg(long, value_name = "DATASET=LEVEL")]
    pub(crate) confidence: Vec<String>,
    /// Use Oxigraph's bulk loader (auto: for imports over 8 MiB)
    #[arg(long, value_enum, default_value_t = BulkMode::Auto)]
    pub(crate) bulk: BulkMode,
    /// Do not link the imported entities to the graph's own (see `actorgraph links`)
    #[arg(long)]
    pub(crate) no_link: bool,
}

#[derive(Debug, Args)]
pub(crate) struct LinkArgs {
    /// Pairs scoring at least this are linked, and paths cross the link (0 to 1)
    #[arg(long, default_value_t = 0.95, value_name = "SCORE")]
    pub(crate) threshold: f64,
    /// Pairs scoring at least this (below the threshold) are listed for review (0 to 1)
    #[arg(long, default_value_t = 0.85, value_name = "SCORE")]
    pub(crate) candidates: f64,
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text)]
    pub(crate) format: ReportFormat,
}

#[derive(Debug, Args)]
pub(crate) struct LinksArgs {
    /// Accept this candidate (by its id): paths then cross it
    #[arg(long, value_name = "ID", conflicts_with = "reject")]
    pub(crate) accept: Option<String>,
    /// Reject this candidate or link (by its id): never proposed again
    #[arg(long, value_name = "ID")]
    pub(crate) reject: Option<String>,
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text)]
    pub(crate) format: ReportFormat,
}

#[derive(Debug, Args)]
pub(crate) struct ScreenArgs {
    /// The list: CSV or TSV with a header naming a `name` column (and optionally `country`,
    /// `birth_date`, `identifiers`), or JSON Lines with those keys; - for standard input
    #[arg(value_name = "FILE", required_unless_present = "name")]
    pub(crate) file: Option<PathBuf>,
    /// Screen this name (repeat for more), instead of or besides a list
    #[arg(long, value_name = "NAME")]
    pub(crate) name: Vec<String>,
    /// How the list is laid out [default: from the file's extension]
    #[arg(long, value_enum, value_name = "LAYOUT")]
    pub(crate) input_format: Option<ScreenInput>,
    /// Output: JSON Lines (actorgraph.screen/1), or a report in Markdown or HTML
    #[arg(short, long, value_enum, default_value_t = ScreenOutput::Jsonl)]
    pub(crate) format: ScreenOutput,
    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// The lowest name score (0 to 1) that counts as a match
    #[arg(long, default_value_t = 0.88, value_name = "SCORE")]
    pub(crate) threshold: f64,
    /// At most this many matches per row
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub(crate) max_matches: usize,
    /// At most this many exposure paths per match
    #[arg(short = 'k', long = "paths", default_value_t = 3, value_name = "N")]
    pub(crate) paths: usize,
    /// The longest exposure path, in hops
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub(crate) max_hops: usize,
    /// Facts in force at this date count (YYYY, YYYY-MM or YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct PushArgs {
    #[command(flatten)]
    pub endpoint: EndpointArgs,
    /// The SPARQL Update endpoint, where the engine keeps it apart [default: --endpoint]
    #[arg(long, env = "ACTORGRAPH_UPDATE_ENDPOINT", value_name = "URL")]
    pub update_endpoint: Option<String>,
    /// The Graph Store Protocol endpoint to write graphs to (Virtuoso: /sparql-graph-crud,
    /// Oxigraph: /store) [default: SPARQL Update]
    #[arg(long, env = "ACTORGRAPH_GRAPH_STORE", value_name = "URL")]
    pub graph_store: Option<String>,
    /// The most triples in one request; a blank node's triples stay together [default: 5000
    /// with --graph-store, 500 with SPARQL Update]
    #[arg(long, value_name = "N")]
    pub chunk: Option<usize>,
    /// Say what would be sent, send nothing
    #[arg(long)]
    pub dry_run: bool,
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub(crate) struct DumpArgs {
    /// Output format; graph formats (turtle, ntriples, rdfxml) merge all graphs unless --graph is given
    #[arg(short, long, value_enum, default_value_t = GraphFormat::Trig)]
    pub format: GraphFormat,
    /// Only this graph
    #[arg(short, long, value_name = "IRI")]
    pub graph: Option<String>,
    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct StatsArgs {
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// Extra SHACL shapes (Turtle) to check besides the bundled ones
    #[arg(long, value_name = "FILE")]
    pub shapes: Vec<PathBuf>,
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub(crate) struct ReviewArgs {
    /// Directory holding your copies of the cited documents (by the file names the data gives)
    #[arg(long, value_name = "DIR")]
    pub sources: PathBuf,
    /// Check instead of listing: print only the findings, exit 1 when there are any
    #[arg(long)]
    pub check: bool,
    /// Only facts citing this file (its name, e.g. 002_c95ef05383f2dd26.txt)
    #[arg(long, value_name = "FILE")]
    pub file: Option<String>,
    /// Only this fact (an IRI or prefixed name), or facts whose wording or name contains this text
    #[arg(long, value_name = "FACT")]
    pub fact: Option<String>,
    /// Only facts and entities of this class or its subclasses (e.g. Sanction, Claim, Entity)
    #[arg(long, value_name = "CLASS")]
    pub class: Option<String>,
    /// Only facts with evidence at this level: documented, reported, assessed, claimed, alleged
    #[arg(long, value_name = "LEVEL")]
    pub confidence: Option<String>,
    /// Output format [default: text]
    #[arg(short, long, value_enum, default_value_t = ReviewFormat::Text)]
    pub format: ReviewFormat,
    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ScanArgs {
    /// The text file (UTF-8); several only with --measure
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Also write the draft facts, with their document and evidence, as Turtle to this file
    #[arg(long, value_name = "OUT.ttl", conflicts_with = "measure")]
    pub draft: Option<PathBuf>,
    /// Measure the scan against the curated evidence of the documents the store describes for these files
    #[arg(long)]
    pub measure: bool,
}

/// Filters shared by path lookups, neighbourhoods and diagrams.
#[derive(Debug, Args, Clone, Default)]
pub struct HopFilterArgs {
    /// Only hops of these relation families (comma-separated: supply,sanction,influence...)
    #[arg(long, value_delimiter = ',', value_name = "FAMILY")]
    pub via: Vec<String>,
    /// No hops of these relation families
    #[arg(long, value_delimiter = ',', value_name = "FAMILY")]
    pub exclude: Vec<String>,
    /// Follow edges in their own direction only
    #[arg(long)]
    pub directed: bool,
    /// Drop hops whose best evidence is weaker: documented, reported, assessed, claimed, alleged
    #[arg(long, value_name = "LEVEL")]
    pub min_confidence: Option<String>,
    /// Keep only hops valid at this date (YYYY, YYYY-MM or YYYY-MM-DD) where the data dates them
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct PathArgs {
    /// Start: an IRI, a prefixed name (agd:China) or a name or alias
    #[arg(value_name = "FROM")]
    pub from: Option<String>,
    /// End: an IRI, a prefixed name or a name or alias
    #[arg(value_name = "TO")]
    pub to: Option<String>,
    /// Start from every node of this class instead of FROM
    #[arg(long, value_name = "CLASS", conflicts_with = "from")]
    pub from_type: Option<String>,
    /// End at any node of this class instead of TO (e.g. Sanction)
    #[arg(long, value_name = "CLASS")]
    pub to_type: Option<String>,
    /// Number of shortest loopless paths
    #[arg(short = 'k', long = "paths", default_value_t = 1, value_name = "N")]
    pub k: usize,
    /// Longest path to consider, in hops
    #[arg(long, default_value_t = 6, value_name = "N")]
    pub max_hops: usize,
    /// Which relations to follow by what they mean [default: exposure for --to-type Sanction
    /// without --via, all otherwise]
    #[arg(long, value_enum, value_name = "PROFILE")]
    pub profile: Option<PathProfile>,
    /// Leave out hops through a place or from a group to its members (--profile strict)
    #[arg(long, conflicts_with = "profile")]
    pub strict: bool,
    #[command(flatten)]
    pub filter: HopFilterArgs,
    #[arg(short, long, value_enum, default_value_t = PathFormat::Text)]
    pub format: PathFormat,
    #[command(flatten)]
    pub picture: PictureArgs,
    /// Read FROM<TAB>TO pairs from FILE (or - for stdin) and write one JSON result per line
    #[arg(long, value_name = "FILE", conflicts_with_all = ["from", "to", "from_type", "to_type", "walk"])]
    pub batch: Option<String>,
    /// On an endpoint: search by fetching neighbourhoods level by level instead of copying the
    /// whole path graph (for graphs too large to copy)
    #[arg(long)]
    pub walk: bool,
    #[command(flatten)]
    pub endpoint: EndpointArgs,
}

#[derive(Debug, Args)]
pub(crate) struct NeighboursArgs {
    /// The node: an IRI, a prefixed name or a name or alias
    pub node: String,
    /// How many hops out
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub depth: usize,
    #[command(flatten)]
    pub filter: HopFilterArgs,
    #[arg(short, long, value_enum, default_value_t = PathFormat::Text)]
    pub format: PathFormat,
    #[command(flatten)]
    pub picture: PictureArgs,
    /// On an endpoint: search by fetching neighbourhoods level by level instead of copying the
    /// whole path graph (for graphs too large to copy)
    #[arg(long)]
    pub walk: bool,
    #[command(flatten)]
    pub endpoint: EndpointArgs,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free one); another interface than loopback
    /// makes the store reachable from other machines
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDRESS:PORT")]
    pub bind: std::net::SocketAddr,
    /// Accept SPARQL Update and Graph Store writes, from requests carrying the write token as
    /// `Authorization: Bearer TOKEN`; the server then holds the store's write lock
    #[arg(long)]
    pub writable: bool,
    /// File holding the write token [default: the ACTORGRAPH_TOKEN environment variable]
    #[arg(long, value_name = "FILE", requires = "writable")]
    pub token_file: Option<PathBuf>,
    /// Longest a query, path lookup or diagram may take, waiting for a worker included
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    pub query_timeout: f64,
    /// Largest answer a query may produce, in MiB
    #[arg(long, default_value_t = 64, value_name = "MIB")]
    pub max_result_mib: usize,
    /// Largest request body (query, update, upload), in MiB
    #[arg(long, default_value_t = 32, value_name = "MIB")]
    pub max_body_mib: usize,
    /// Queries and lookups run at once; others wait their turn [default: 2 per CPU]
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ExportCommand {
    /// Graphviz DOT (or SVG, PNG, PDF) of the whole graph, a neighbourhood, a query result or paths
    #[command(after_help = examples::DOT)]
    Dot(DotArgs),
    /// GraphML for Gephi, yEd, networkx and igraph, every attribute declared
    #[command(after_help = examples::GRAPHML)]
    Graphml(GraphExportArgs),
    /// GEXF 1.3 for Gephi, facts' validity as time intervals for the timeline
    #[command(after_help = examples::GEXF)]
    Gexf(GraphExportArgs),
    /// Cytoscape.js JSON for Cytoscape desktop and web
    #[command(after_help = examples::CYTOSCAPE)]
    Cytoscape(GraphExportArgs),
    /// CSV node and edge lists for Kumu and Maltego's tabular import
    #[command(after_help = examples::CSV)]
    Csv(CsvArgs),
    /// FollowTheMoney JSON lines for Aleph and OpenSanctions' tools: actors and the facts FtM has
    /// schemata for; an imported dataset as it came (--dataset)
    #[command(after_help = examples::FTM)]
    Ftm(FtmExportArgs),
}

/// What a diagram or an export shows: the whole graph (no option), the neighbourhood of a
/// node (--focus), a query result (--query) or paths (--from/--to).
#[derive(Debug, Args)]
pub(crate) struct SelectionArgs {
    /// The neighbourhood of this node: an IRI, a prefixed name or a name or alias
    #[arg(long, value_name = "NODE", conflicts_with_all = ["query", "from", "from_type"])]
    pub focus: Option<String>,
    /// Neighbourhood radius, in hops
    #[arg(long, default_value_t = 1, value_name = "N", requires = "focus")]
    pub depth: usize,
    /// Go through this hub all the same (hubs are shown, not gone through); repeat or separate with commas
    #[arg(long, value_name = "NODE", value_delimiter = ',', requires = "focus")]
    pub expand: Vec<String>,
    /// A node with at least N neighbours is a hub [default: from the graph's degrees]
    #[arg(long, value_name = "N", requires = "focus")]
    pub hub_degree: Option<usize>,
    /// The result of a query: a CONSTRUCT, or a SELECT with ?subject ?relation ?object columns
    #[arg(long, value_name = "NAME|FILE", conflicts_with_all = ["from", "from_type"])]
    pub query: Option<String>,
    /// Bind a query variable (as in `actorgraph query`)
    #[arg(short, long = "param", value_name = "NAME=VALUE", requires = "query")]
    pub params: Vec<String>,
    /// Paths from this node (as `actorgraph path FROM TO`)
    #[arg(long, value_name = "NODE")]
    pub from: Option<String>,
    /// Paths to this node
    #[arg(long, value_name = "NODE", conflicts_with = "to_type")]
    pub to: Option<String>,
    /// Paths from every node of this class
    #[arg(long, value_name = "CLASS", conflicts_with = "from")]
    pub from_type: Option<String>,
    /// Paths to any node of this class
    #[arg(long, value_name = "CLASS")]
    pub to_type: Option<String>,
    /// Number of shortest loopless paths
    #[arg(short = 'k', long = "paths", default_value_t = 1, value_name = "N")]
    pub k: usize,
    /// Longest path to consider, in hops
    #[arg(long, default_value_t = 6, value_name = "N")]
    pub max_hops: usize,
    #[command(flatten)]
    pub filter: HopFilterArgs,
    /// Draw each qualified fact (supply flow, sanction...) as one labelled edge instead of its own node
    #[arg(long)]
    pub collapse: bool,
}

/// How a picture is laid out and decorated.
#[derive(Debug, Args, Clone)]
pub(crate) struct PictureArgs {
    /// Graphviz layout engine [default: dot for paths, neato for neighbourhoods, sfdp for large graphs]
    #[arg(long, value_enum)]
    pub layout: Option<LayoutName>,
    /// The page the picture is made for: label sizes, wrapping and the largest drawing size
    #[arg(long, value_enum, default_value_t = PageSizeName::A4)]
    pub size: PageSizeName,
    /// Number the edges and add a table listing each fact behind them with its document and lines
    #[arg(long)]
    pub footnotes: bool,
    /// Leave out the legend
    #[arg(long)]
    pub no_legend: bool,
}

#[derive(Debug, Args)]
pub(crate) struct DotArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,
    #[command(flatten)]
    pub picture: PictureArgs,
    /// Group nodes into boxes by the state they belong to
    #[arg(long, value_enum, value_name = "BY")]
    pub cluster: Option<ClusterBy>,
    /// Direction of `dot` layouts (paths always run left to right)
    #[arg(long, value_enum, default_value_t = RankDir::LR)]
    pub rankdir: RankDir,
    /// Run Graphviz to render this format (needs -o)
    #[arg(long, value_enum, requires = "output")]
    pub render: Option<RenderFormat>,
    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub endpoint: EndpointArgs,
}

#[derive(Debug, Args)]
pub(crate) struct GraphExportArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub endpoint: EndpointArgs,
}

#[derive(Debug, Args)]
pub(crate) struct FtmExportArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Only the entities of this imported dataset, as they came (see `actorgraph stats`)
    #[arg(long, value_name = "NAME", conflicts_with_all = ["focus", "query", "from", "from_type"])]
    pub dataset: Option<String>,
    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct CsvArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Write only this list (to standard output or -o FILE) instead of both into -o DIR
    #[arg(long, value_enum)]
    pub table: Option<CsvTable>,
    /// The directory to write nodes.csv and edges.csv into (created if missing), or with --table the file
    #[arg(short, long, value_name = "DIR|FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub endpoint: EndpointArgs,
}
