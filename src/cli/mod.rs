//! Command-line definitions (clap). Parsing only: `main` hands the result to `cmd`. The value
//! enums here are the command line's names for library types; `values.rs` maps them.

mod values;

pub(crate) use values::{
    BulkMode, ClusterBy, GraphFormat, PathFormat, QueryOutputFormat, RankDir, RdfInputFormat, RenderFormat,
    ReportFormat,
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
    after_help = "Exit status: 0 a positive answer (found, conforms), 1 a negative one (nothing found, does not conform), 2 an error."
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

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run a SPARQL query: a named query, a .rq file, inline text (-e) or standard input
    Query(QueryArgs),
    /// List the named queries with their purpose and parameters
    Queries(QueriesArgs),
    /// Load RDF files, each into its own named graph (a reload replaces the graph)
    Load(LoadArgs),
    /// Write the store, or one graph, in an RDF format
    Dump(DumpArgs),
    /// Triples per graph and entities per class
    Stats(StatsArgs),
    /// Check the store against the SHACL shapes
    Validate(ValidateArgs),
    /// Check that the store is consistent: derived edges, counters, leftovers of interrupted loads
    Check(StatsArgs),
    /// Rebuild the bundled graphs, the derived edges and the snapshot readers see
    Repair,
    /// Find how two nodes connect, hop by hop, with the evidence for each hop
    Path(PathArgs),
    /// List what is connected to a node, with evidence
    #[command(alias = "neighbors")]
    Neighbours(NeighboursArgs),
    /// Serve the store over HTTP: a SPARQL 1.1 endpoint, the Graph Store Protocol, a JSON API and
    /// the workbench (loopback and read-only unless told otherwise)
    Serve(ServeArgs),
    /// Export diagrams
    Export {
        #[command(subcommand)]
        what: ExportCommand,
    },
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
    #[command(flatten)]
    pub filter: HopFilterArgs,
    #[arg(short, long, value_enum, default_value_t = PathFormat::Text)]
    pub format: PathFormat,
    /// Read FROM<TAB>TO pairs from FILE (or - for stdin) and write one JSON result per line
    #[arg(long, value_name = "FILE", conflicts_with_all = ["from", "to", "from_type", "to_type"])]
    pub batch: Option<String>,
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
    /// Graphviz DOT of the whole graph, a neighbourhood (--focus) or a query result (--query)
    Dot(DotArgs),
}

#[derive(Debug, Args)]
pub(crate) struct DotArgs {
    /// Draw the neighbourhood of this node
    #[arg(long, value_name = "NODE", conflicts_with = "query")]
    pub focus: Option<String>,
    /// Neighbourhood radius, in hops
    #[arg(long, default_value_t = 1, value_name = "N", requires = "focus")]
    pub depth: usize,
    /// Draw the result of a query: a CONSTRUCT, or a SELECT with ?subject ?relation ?object columns
    #[arg(long, value_name = "NAME|FILE")]
    pub query: Option<String>,
    /// Bind a query variable (as in `actorgraph query`)
    #[arg(short, long = "param", value_name = "NAME=VALUE", requires = "query")]
    pub params: Vec<String>,
    #[command(flatten)]
    pub filter: HopFilterArgs,
    /// Draw each qualified fact (supply flow, sanction...) as one labelled edge instead of its own node
    #[arg(long)]
    pub collapse: bool,
    /// Group nodes into boxes by the state they belong to
    #[arg(long, value_enum, value_name = "BY")]
    pub cluster: Option<ClusterBy>,
    /// Layout direction
    #[arg(long, value_enum, default_value_t = RankDir::LR)]
    pub rankdir: RankDir,
    /// Leave out the legend
    #[arg(long)]
    pub no_legend: bool,
    /// Run Graphviz's `dot` to render this format (needs -o)
    #[arg(long, value_enum, requires = "output")]
    pub render: Option<RenderFormat>,
    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}
