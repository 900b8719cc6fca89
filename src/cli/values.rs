//! The command line's names for formats and modes (clap value enums), and the library types
//! each stands for. The library itself knows nothing of clap.

use actorgraph::rdf::formats;
use actorgraph::render::dot::{Layout, PageSize};
use actorgraph::render::graphviz::ImageFormat;
use actorgraph::store;
use clap::ValueEnum;
use oxigraph::io::RdfFormat;

/// RDF formats `load` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RdfInputFormat {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Rdfxml,
    Jsonld,
    N3,
}

impl From<RdfInputFormat> for RdfFormat {
    fn from(format: RdfInputFormat) -> Self {
        match format {
            RdfInputFormat::Turtle => RdfFormat::Turtle,
            RdfInputFormat::Ntriples => RdfFormat::NTriples,
            RdfInputFormat::Nquads => RdfFormat::NQuads,
            RdfInputFormat::Trig => RdfFormat::TriG,
            RdfInputFormat::Rdfxml => RdfFormat::RdfXml,
            RdfInputFormat::Jsonld => RdfFormat::JsonLd { profile: Default::default() },
            RdfInputFormat::N3 => RdfFormat::N3,
        }
    }
}

/// RDF formats `dump` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Jsonld,
    Rdfxml,
}

impl From<GraphFormat> for RdfFormat {
    fn from(format: GraphFormat) -> Self {
        match format {
            GraphFormat::Turtle => RdfFormat::Turtle,
            GraphFormat::Ntriples => RdfFormat::NTriples,
            GraphFormat::Nquads => RdfFormat::NQuads,
            GraphFormat::Trig => RdfFormat::TriG,
            GraphFormat::Jsonld => RdfFormat::JsonLd { profile: Default::default() },
            GraphFormat::Rdfxml => RdfFormat::RdfXml,
        }
    }
}

/// Every format `query` can write; which ones fit depends on the query form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryOutputFormat {
    /// Aligned table for people
    Table,
    Csv,
    Tsv,
    /// SPARQL 1.1 query results JSON
    Json,
    /// SPARQL query results XML
    Xml,
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Jsonld,
    Rdfxml,
}

impl From<QueryOutputFormat> for formats::QueryOutputFormat {
    fn from(format: QueryOutputFormat) -> Self {
        match format {
            QueryOutputFormat::Table => Self::Table,
            QueryOutputFormat::Csv => Self::Csv,
            QueryOutputFormat::Tsv => Self::Tsv,
            QueryOutputFormat::Json => Self::Json,
            QueryOutputFormat::Xml => Self::Xml,
            QueryOutputFormat::Turtle => Self::Turtle,
            QueryOutputFormat::Ntriples => Self::Ntriples,
            QueryOutputFormat::Nquads => Self::Nquads,
            QueryOutputFormat::Trig => Self::Trig,
            QueryOutputFormat::Jsonld => Self::Jsonld,
            QueryOutputFormat::Rdfxml => Self::Rdfxml,
        }
    }
}

/// Formats of actorgraph's own reports (stats, validation, the query catalogue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    Text,
    Json,
}

/// Whether a load goes through Oxigraph's bulk loader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BulkMode {
    /// Bulk-load when the files together are larger than 8 MiB
    Auto,
    Always,
    Never,
}

impl From<BulkMode> for store::BulkMode {
    fn from(mode: BulkMode) -> Self {
        match mode {
            BulkMode::Auto => Self::Auto,
            BulkMode::Always => Self::Always,
            BulkMode::Never => Self::Never,
        }
    }
}

/// How path lookups and neighbourhoods are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PathFormat {
    Text,
    Json,
    Tsv,
    Dot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ClusterBy {
    Country,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[allow(clippy::upper_case_acronyms)]
pub(crate) enum RankDir {
    /// Left to right
    #[value(name = "LR", alias = "lr")]
    LR,
    /// Top down
    #[value(name = "TB", alias = "tb")]
    TB,
}

/// Picture formats `--render` writes through Graphviz.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    Svg,
    Png,
    Pdf,
}

impl From<RenderFormat> for ImageFormat {
    fn from(format: RenderFormat) -> Self {
        match format {
            RenderFormat::Svg => Self::Svg,
            RenderFormat::Png => Self::Png,
            RenderFormat::Pdf => Self::Pdf,
        }
    }
}

/// Which relations a path search follows, by what they mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PathProfile {
    /// Every relation; paths through a place or a group rank after the others
    All,
    /// No hop through a place, nor from a group to its members
    Strict,
    /// Sanctions exposure: control and ownership chains, direct links, facts in force
    Exposure,
}

impl From<PathProfile> for actorgraph::search::Profile {
    fn from(profile: PathProfile) -> Self {
        match profile {
            PathProfile::All => Self::All,
            PathProfile::Strict => Self::Strict,
            PathProfile::Exposure => Self::Exposure,
        }
    }
}

/// Graphviz layout engines `--layout` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutName {
    /// Layered: paths and chains
    Dot,
    /// Spring model: neighbourhoods, the subject in the middle
    Neato,
    /// Multiscale spring model: large graphs
    Sfdp,
    /// Spring model that keeps clusters
    Fdp,
    /// Radial: the subject in the middle, one ring per step
    Twopi,
    /// Circular
    Circo,
}

impl From<LayoutName> for Layout {
    fn from(name: LayoutName) -> Self {
        match name {
            LayoutName::Dot => Self::Dot,
            LayoutName::Neato => Self::Neato,
            LayoutName::Sfdp => Self::Sfdp,
            LayoutName::Fdp => Self::Fdp,
            LayoutName::Twopi => Self::Twopi,
            LayoutName::Circo => Self::Circo,
        }
    }
}

/// Formats `review` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReviewFormat {
    /// Plain text; with --check, one `file:line: fact: problem` line per finding.
    Text,
    /// Markdown, with a checkbox and a note line per fact for the reviewer.
    Markdown,
    /// One self-contained HTML page, with a checkbox and a note field per fact.
    Html,
    /// JSON (`actorgraph.review/1`).
    Json,
}

/// Page sizes `--size` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PageSizeName {
    /// An A4 page, landscape
    #[value(name = "A4", alias = "a4")]
    A4,
    /// An A3 page, landscape
    #[value(name = "A3", alias = "a3")]
    A3,
    /// A screen 1200 pixels wide
    Screen,
}

impl From<PageSizeName> for PageSize {
    fn from(name: PageSizeName) -> Self {
        match name {
            PageSizeName::A4 => Self::A4,
            PageSizeName::A3 => Self::A3,
            PageSizeName::Screen => Self::Screen,
        }
    }
}

/// The lists `export csv --table` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CsvTable {
    /// One row per node (Kumu's elements)
    Nodes,
    /// One row per edge (Kumu's connections)
    Edges,
}

/// Shells `completions` writes scripts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

/// How a screening list is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ScreenInput {
    Csv,
    Tsv,
    /// One JSON object per line
    Jsonl,
}

impl From<ScreenInput> for actorgraph::ops::screen::ListFormat {
    fn from(layout: ScreenInput) -> Self {
        match layout {
            ScreenInput::Csv => Self::Csv,
            ScreenInput::Tsv => Self::Tsv,
            ScreenInput::Jsonl => Self::JsonLines,
        }
    }
}

/// What `screen` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ScreenOutput {
    /// One JSON object per row (actorgraph.screen/1)
    Jsonl,
    /// A report in Markdown
    Markdown,
    /// A self-contained HTML report with a diagram per exposure path
    Html,
}
