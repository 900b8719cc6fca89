//! FollowTheMoney JSON lines as a load source: read lazily (plain, gzip or standard input), each
//! line converted by the model, bad lines reported with file and line, properties a schema lacks
//! counted. The store's load makes the whole import all or nothing.

use super::convert::{Converted, Converter, Problem, Warning};
use super::model::FtmModel;
use super::rules::DatasetRules;
use crate::store::{LoadError, LoadSource, QuadIter, QuadProducer};
use oxigraph::model::Quad;
use std::collections::{BTreeMap, VecDeque};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// What an import read, for its report.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ImportCounts {
    /// Entities read, by schema.
    pub entities: BTreeMap<String, u64>,
    /// Values skipped because their schema has no such property, by `Schema:property`.
    pub unknown_properties: BTreeMap<String, u64>,
    /// Values of date properties that are no dates, kept as text, by `Schema:property`.
    pub not_dates: BTreeMap<String, u64>,
    /// Entities lacking a property FtM requires of their schema, by `Schema:property`.
    pub missing_required: BTreeMap<String, u64>,
}

impl ImportCounts {
    /// Entities read in all.
    pub fn total(&self) -> u64 {
        self.entities.values().sum()
    }
}

/// Reads FtM entities for the store's load.
#[derive(Debug)]
pub struct FtmReader {
    model: Arc<FtmModel>,
    rules: Arc<DatasetRules>,
    counts: Mutex<ImportCounts>,
}

impl FtmReader {
    /// A reader converting with this model and grading datasets by these rules.
    pub fn new(model: Arc<FtmModel>, rules: Arc<DatasetRules>) -> Self {
        FtmReader { model, rules, counts: Mutex::new(ImportCounts::default()) }
    }

    /// What the reader has read so far.
    pub fn counts(&self) -> ImportCounts {
        self.counts.lock().map(|c| c.clone()).unwrap_or_default()
    }
}

/// Opens a file, gzip-compressed or not (by its first bytes), or standard input for `-`.
fn open(path: &Path) -> io::Result<Box<dyn BufRead>> {
    let raw: Box<dyn Read> =
        if path.as_os_str() == "-" { Box::new(io::stdin().lock()) } else { Box::new(File::open(path)?) };
    let mut reader = BufReader::with_capacity(1 << 16, raw);
    let gzip = reader.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if gzip { Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(reader))) } else { Box::new(reader) })
}

impl QuadProducer for FtmReader {
    fn quads<'a>(&'a self, source: &'a LoadSource) -> Result<QuadIter<'a>, LoadError> {
        let reader = open(&source.path).map_err(|e| LoadError::Read { path: source.path.clone(), source: e })?;
        Ok(Box::new(Lines {
            reader,
            converter: Converter::new(&self.model, &self.rules, source.graph.clone()),
            source,
            counts: &self.counts,
            line: 0,
            entities: 0,
            buffer: Vec::new(),
            pending: VecDeque::new(),
            failed: false,
        }))
    }

    fn size(&self, source: &LoadSource) -> Option<u64> {
        if source.path.as_os_str() == "-" {
            return None;
        }
        let size = std::fs::metadata(&source.path).ok()?.len();
        // Compressed JSON lines are about ten times larger once read.
        let compressed = source.path.extension().is_some_and(|e| e == "gz");
        Some(if compressed { size * 10 } else { size })
    }

    fn format_name(&self) -> &'static str {
        "ftm"
    }
}

/// The quads of an FtM file, line by line.
struct Lines<'a> {
    reader: Box<dyn BufRead>,
    converter: Converter<'a>,
    source: &'a LoadSource,
    counts: &'a Mutex<ImportCounts>,
    line: u64,
    entities: u64,
    buffer: Vec<u8>,
    pending: VecDeque<Quad>,
    failed: bool,
}

impl Lines<'_> {
    fn error(&mut self, message: String) -> LoadError {
        self.failed = true;
        LoadError::Invalid { path: self.source.path.clone(), line: self.line, message }
    }
}

impl Iterator for Lines<'_> {
    type Item = Result<Quad, LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(quad) = self.pending.pop_front() {
                return Some(Ok(quad));
            }
            if self.failed {
                return None;
            }
            self.buffer.clear();
            match self.reader.read_until(b'\n', &mut self.buffer) {
                // An empty file would empty its dataset's graph: surely not what was meant.
                Ok(0) if self.entities == 0 => {
                    return Some(Err(self.error("no FtM entities in the file; nothing imported".into())));
                }
                Ok(0) => return None,
                Ok(_) => self.line += 1,
                Err(error) => {
                    self.failed = true;
                    return Some(Err(LoadError::Read { path: self.source.path.clone(), source: error }));
                }
            }
            let text = match std::str::from_utf8(&self.buffer) {
                Ok(text) => text.trim(),
                Err(error) => {
                    let message = format!("not UTF-8 (byte {} of the line)", error.valid_up_to() + 1);
                    return Some(Err(self.error(message)));
                }
            };
            if text.is_empty() {
                continue;
            }
            let text = text.to_owned();
            match self.converter.convert(&text) {
                Ok(Converted { schema, quads, problems }) => {
                    self.entities += 1;
                    if let Ok(mut counts) = self.counts.lock() {
                        *counts.entities.entry(schema).or_default() += 1;
                        for problem in problems {
                            let (count, key) = match problem {
                                Warning::UnknownProperty(key) => (&mut counts.unknown_properties, key),
                                Warning::NotADate(key) => (&mut counts.not_dates, key),
                                Warning::MissingRequired(key) => (&mut counts.missing_required, key),
                            };
                            *count.entry(key).or_default() += 1;
                        }
                    }
                    self.pending.extend(quads);
                }
                Err(Problem::Invalid(message)) => {
                    return Some(Err(self.error(message)));
                }
            }
        }
    }
}
