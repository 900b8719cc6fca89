//! Reading a new text against the graph: which known entities it names on which lines, the
//! quantities and dates it gives, names the graph does not know yet, and draft facts where a
//! sentence ties two known entities with wording the ontology declares for a kind of fact.
//!
//! The file is read twice, each time as a stream: once to check it is UTF-8 text and take its
//! hash, once to scan it line by line; findings go to a [`ScanSink`] as they are made, so memory
//! stays bounded whatever the size of the file. Uses `rdf` and `store` (the lexicon, read once).

mod candidates;
mod coordination;
mod lexicon;
mod matcher;
pub mod measure;
mod numbers;
mod reader;
mod relations;
mod scanner;
mod sentences;
mod text;

pub use lexicon::{KnownDocument, Lexicon};
pub use scanner::Scanner;

use serde::Serialize;
use std::io;
use std::path::PathBuf;

/// The JSON schema name of a scan.
pub const SCAN_SCHEMA: &str = "actorgraph.scan/1";

/// Most distinct new names a scan keeps; names first seen after that are counted, not kept.
pub const MAX_NEW_NAMES: usize = 10_000;

/// Why a file cannot be scanned; every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The file cannot be opened.
    #[error("cannot open {}", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A directory was given.
    #[error("{} is a directory; give a text file", path.display())]
    Directory {
        /// The directory.
        path: PathBuf,
    },
    /// The file cannot be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The file has no bytes.
    #[error("{} is empty: there is no text to scan", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// A byte that is not UTF-8.
    #[error(
        "{}: line {line}, byte offset {byte}: byte 0x{value:02X} is not UTF-8; actorgraph scan reads UTF-8 text (convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8)",
        path.display()
    )]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// The line it is on (1-based).
        line: u64,
        /// Its offset in the file (0-based).
        byte: u64,
        /// The byte.
        value: u8,
    },
    /// A UTF-16 byte-order mark.
    #[error("{}: the file is UTF-16 text; actorgraph scan reads UTF-8 (convert it first, e.g. iconv -f UTF-16 -t UTF-8)", path.display())]
    Utf16 {
        /// The file.
        path: PathBuf,
    },
    /// A NUL byte: not a text file.
    #[error("{}: line {line}, byte offset {byte}: a NUL byte; this is not a text file", path.display())]
    Binary {
        /// The file.
        path: PathBuf,
        /// The line it is on (1-based).
        line: u64,
        /// Its offset in the file (0-based).
        byte: u64,
    },
    /// The file changed between the two passes.
    #[error("{} changed while it was being scanned; scan it again", path.display())]
    Changed {
        /// The file.
        path: PathBuf,
    },
    /// `--measure` was given a file the store describes no document for.
    #[error(
        "{}: the store describes no source document with this content or file name; --measure compares a scan with the curated evidence of a document the store knows",
        path.display()
    )]
    UnknownDocument {
        /// The file.
        path: PathBuf,
    },
    /// The store could not be read.
    #[error("cannot read the store")]
    Store(#[from] crate::store::QueryError),
    /// The findings could not be written.
    #[error("cannot write the findings")]
    Output(#[source] io::Error),
}

/// The scanned file, as the first pass saw it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentInfo {
    /// The path given.
    pub path: String,
    /// Its file name.
    pub file_name: String,
    /// SHA-256 of its bytes, lower-case hex.
    pub sha256: String,
    /// Its size.
    pub bytes: u64,
    /// Its number of lines.
    pub lines: u64,
    /// The document the store already describes with this content (or file name), if any.
    pub known: Option<KnownDocument>,
}

/// A known entity named in a line.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Mention {
    /// Column (1-based, in characters) where the name starts.
    pub column: usize,
    /// The name as the text writes it.
    pub text: String,
    /// The entity's IRI (the one whose own label it is, when several share the name).
    pub entity: String,
    /// The entity's label.
    pub label: String,
    /// Label of the entity's most specific class.
    pub class: String,
    /// Other entities that go by the same name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    /// The longer known name this one is part of ("UN General Assembly" within "UN General
    /// Assembly resolutions condemning Russian aggression"), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    /// The whole name a coordinated phrase gives it ("Emirati banks" in "Turkish, Emirati and
    /// Central Asian banks"), if that is how it was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_as: Option<String>,
}

/// A quantity with its unit or currency.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Quantity {
    /// Column (1-based, in characters) where it starts.
    pub column: usize,
    /// The quantity as the text writes it.
    pub text: String,
    /// Its value in the unit (a currency's whole units: $240 billion is 240000000000).
    pub value: f64,
    /// IRI of the unit or currency.
    pub unit: String,
    /// Label of the unit or currency.
    pub unit_label: String,
    /// Symbol of the unit, or the currency's code.
    pub symbol: String,
    /// ISO 4217 code, for an amount of money.
    pub currency: Option<String>,
    /// The counted noun phrase, for counted items ("152mm artillery shells").
    pub what: Option<String>,
    /// The text gives it as approximate ("about", "~").
    pub approximate: bool,
    /// The text gives it as a minimum ("over", "more than").
    pub lower_bound: bool,
    /// Byte range in its line.
    #[serde(skip)]
    pub(crate) span: (usize, usize),
}

/// A date, or a range of years.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DateMention {
    /// Column (1-based, in characters) where it starts.
    pub column: usize,
    /// The date as the text writes it.
    pub text: String,
    /// The date as xsd:date (2022-02-24), xsd:gYearMonth (2025-04) or xsd:gYear (2023).
    pub start: String,
    /// The last year of a range ("2024-25").
    pub end: Option<String>,
    /// Byte range in its line.
    #[serde(skip)]
    pub(crate) span: (usize, usize),
}

/// What one line holds.
#[derive(Debug, Clone, Serialize, Default)]
pub struct LineFindings {
    /// The line number (1-based).
    pub line: u64,
    /// Known entities it names.
    pub mentions: Vec<Mention>,
    /// Quantities with units.
    pub quantities: Vec<Quantity>,
    /// Dates.
    pub dates: Vec<DateMention>,
    /// Draft facts of the sentences that end on this line.
    pub relations: Vec<RelationCandidate>,
}

impl LineFindings {
    fn is_empty(&self) -> bool {
        self.mentions.is_empty() && self.quantities.is_empty() && self.dates.is_empty() && self.relations.is_empty()
    }
}

/// An entity in a role of a drafted fact.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RoleFill {
    /// IRI of the role property.
    pub role: String,
    /// Label of the role property.
    pub role_label: String,
    /// IRI of the entity.
    pub entity: String,
    /// Label of the entity.
    pub label: String,
    /// The name as the text writes it.
    pub text: String,
    /// The line it is on.
    pub line: u64,
}

/// A draft fact: a sentence ties two known entities with a cue word of a fact class.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RelationCandidate {
    /// IRI of the fact class the cue word belongs to.
    pub class: String,
    /// Its label.
    pub class_label: String,
    /// Key of its relation family.
    pub family: Option<String>,
    /// The cue word as the text writes it.
    pub cue: String,
    /// First line of the passage.
    pub first_line: u64,
    /// Last line of the passage.
    pub last_line: u64,
    /// The roles filled: the first role (subject), the second, then any others.
    pub roles: Vec<RoleFill>,
    /// The hedge word the sentence uses, if any; drafts are `alleged` either way.
    pub hedge: Option<String>,
    /// Quantities in the sentence.
    pub quantities: Vec<Quantity>,
    /// Dates in the sentence.
    pub dates: Vec<DateMention>,
    /// The sentence (cut after 4,000 bytes).
    pub sentence: String,
}

/// A name the graph does not know, with where it occurs.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NewName {
    /// The name as first written.
    pub text: String,
    /// IRI of the entity class a word of the name suggests ("Ministry": ag:Ministry).
    pub class: Option<String>,
    /// Label of that class.
    pub class_label: Option<String>,
    /// How often it occurs.
    pub count: u64,
    /// The lines it occurs on (the first 20).
    pub lines: Vec<u64>,
}

/// Totals of a scan, and the new names it found.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ScanSummary {
    /// Lines read.
    pub lines: u64,
    /// Mentions of known entities.
    pub mentions: u64,
    /// Distinct known entities named.
    pub entities: u64,
    /// Quantities found.
    pub quantities: u64,
    /// Dates found.
    pub dates: u64,
    /// Relation candidates drafted.
    pub relations: u64,
    /// The first non-blank line (up to 200 characters), a title until someone gives a better one.
    pub title: Option<String>,
    /// Names not in the graph, most frequent first.
    pub new_names: Vec<NewName>,
    /// More distinct new names occurred than were kept.
    pub new_names_truncated: bool,
}

/// Where findings go as the scan makes them.
pub trait ScanSink {
    /// Before the first line.
    fn start(&mut self, document: &DocumentInfo) -> io::Result<()>;
    /// Each line with something found in it, in order.
    fn line(&mut self, findings: &LineFindings) -> io::Result<()>;
    /// After the last line.
    fn finish(&mut self, summary: &ScanSummary) -> io::Result<()>;
}

/// Two sinks fed the same findings (a report and a draft file).
pub struct Both<'a>(pub &'a mut dyn ScanSink, pub &'a mut dyn ScanSink);

impl ScanSink for Both<'_> {
    fn start(&mut self, document: &DocumentInfo) -> io::Result<()> {
        self.0.start(document)?;
        self.1.start(document)
    }
    fn line(&mut self, findings: &LineFindings) -> io::Result<()> {
        self.0.line(findings)?;
        self.1.line(findings)
    }
    fn finish(&mut self, summary: &ScanSummary) -> io::Result<()> {
        self.0.finish(summary)?;
        self.1.finish(summary)
    }
}
