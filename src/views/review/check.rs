//! The checks of `review --check`: every figure and date a fact states is in its cited lines
//! (in any format), a fact graded at a hedge-free level (documented) does not rest on hedged
//! lines, a kept hedge word is in the lines, line spans lie inside the document copy, and every
//! fact has evidence. The document copies are read here, once each.

use super::figures::{self, CalendarDate, Figure, Mentions};
use super::{plain_file_name, Finding, ItemKind, Passage, RawEvidence, RawValue};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// What kind of problem a finding is.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A fact or entity without any evidence record.
    NoEvidence,
    /// An evidence record without a source document, or a source without a usable file name.
    UncheckableSource,
    /// A cited document is not in the sources directory.
    DocumentMissing,
    /// The copy's line count differs from the one the data records.
    DocumentDiffers,
    /// A cited line span without a first line, reversed, or beyond the end of the document.
    LinesOutside,
    /// A cited line span holding only blank lines.
    BlankLines,
    /// A number the fact states that its cited lines do not give.
    FigureNotInLines,
    /// A date the fact states that its cited lines do not give.
    DateNotInLines,
    /// A fact graded at a hedge-free level (documented) whose cited lines hedge.
    DocumentedButHedged,
    /// A hedge word kept with the evidence that its lines do not use.
    HedgeNotInLines,
}

impl FindingKind {
    /// The finding kind in a few words, as text output shows it.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::NoEvidence => "no evidence",
            FindingKind::UncheckableSource => "source cannot be checked",
            FindingKind::DocumentMissing => "document not found",
            FindingKind::DocumentDiffers => "document differs",
            FindingKind::LinesOutside => "lines outside the document",
            FindingKind::BlankLines => "blank lines cited",
            FindingKind::FigureNotInLines => "figure not in the cited lines",
            FindingKind::DateNotInLines => "date not in the cited lines",
            FindingKind::DocumentedButHedged => "documented, but the lines hedge",
            FindingKind::HedgeNotInLines => "hedge not in the lines",
        }
    }
}

enum Copy {
    Read(Vec<String>),
    Missing(String),
    NotPlain,
}

/// The document copies in the sources directory, read on first use, and what the data says of them.
pub(super) struct Documents {
    dir: PathBuf,
    copies: BTreeMap<String, Copy>,
    /// file -> (source IRI, line count the data records, records citing it)
    cited: BTreeMap<String, (String, Option<u64>, usize)>,
}

impl Documents {
    pub(super) fn new(dir: &Path) -> Self {
        Documents { dir: dir.to_owned(), copies: BTreeMap::new(), cited: BTreeMap::new() }
    }

    /// The lines of the copy of `file`, if it can be read.
    pub(super) fn lines(&mut self, file: &str) -> Option<&Vec<String>> {
        if file.is_empty() {
            return None;
        }
        let dir = &self.dir;
        let copy = self.copies.entry(file.to_owned()).or_insert_with(|| {
            if !plain_file_name(file) {
                return Copy::NotPlain;
            }
            match std::fs::read(dir.join(file)) {
                Ok(bytes) => Copy::Read(String::from_utf8_lossy(&bytes).lines().map(str::to_owned).collect()),
                Err(error) => Copy::Missing(error.to_string()),
            }
        });
        match copy {
            Copy::Read(lines) => Some(lines),
            _ => None,
        }
    }

    fn note(&mut self, record: &RawEvidence) {
        if let (Some(file), Some(source)) = (&record.file, &record.source) {
            let entry = self.cited.entry(file.clone()).or_insert_with(|| (source.clone(), record.line_count, 0));
            entry.2 += 1;
        }
    }

    /// One finding per document that is missing, unreadable or of another length than recorded.
    pub(super) fn findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        for (file, (source, declared, records)) in &self.cited {
            let finding = |kind, message: String| Finding {
                file: Some(file.clone()),
                line: None,
                node: source.clone(),
                kind,
                message,
            };
            match self.copies.get(file) {
                Some(Copy::Read(lines)) => {
                    if let Some(declared) = declared.filter(|d| *d != lines.len() as u64) {
                        out.push(finding(
                            FindingKind::DocumentDiffers,
                            format!(
                                "the copy in {} has {} lines, the data records {declared} (ag:lineCount): another version of the document?",
                                self.dir.display(),
                                lines.len()
                            ),
                        ));
                    }
                }
                Some(Copy::Missing(error)) => out.push(finding(
                    FindingKind::DocumentMissing,
                    format!("not found in {} ({error}); {records} evidence records cite it", self.dir.display()),
                )),
                Some(Copy::NotPlain) => out.push(finding(
                    FindingKind::UncheckableSource,
                    "the file name is not a plain file name, so it was not read".to_owned(),
                )),
                None => {}
            }
        }
        out
    }

    /// The copies the evidence cites, with their line counts when read.
    pub(super) fn copies(&self) -> Vec<super::DocumentCopy> {
        self.cited
            .keys()
            .map(|file| super::DocumentCopy {
                file: file.clone(),
                lines: match self.copies.get(file) {
                    Some(Copy::Read(lines)) => Some(lines.len()),
                    _ => None,
                },
            })
            .collect()
    }
}

/// The hedge phrases the ontology declares and the levels hedged lines cannot support.
#[derive(Debug, Default)]
pub(super) struct Hedges {
    /// (phrase in lower case, kind), longest first.
    phrases: Vec<(String, String)>,
    hedge_free: Vec<String>,
}

impl Hedges {
    pub(super) fn add_phrase(&mut self, phrase: &str, kind: String) {
        let phrase = phrase.trim().to_lowercase();
        if !phrase.is_empty() && !self.phrases.iter().any(|(p, _)| *p == phrase) {
            self.phrases.push((phrase, kind));
            self.phrases.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        }
    }

    pub(super) fn add_hedge_free(&mut self, level: &str) {
        self.hedge_free.push(level.to_lowercase());
    }

    fn hedge_free(&self, level: Option<&str>) -> bool {
        level.is_some_and(|l| self.hedge_free.iter().any(|h| h.eq_ignore_ascii_case(l)))
    }

    /// The first hedge phrase `text` uses, with its kind.
    fn find(&self, text: &str) -> Option<(&str, &str)> {
        self.phrases.iter().find(|(phrase, _)| uses(text, phrase)).map(|(p, k)| (p.as_str(), k.as_str()))
    }
}

/// Whether `text` uses `phrase` as whole words, in any case. A month name followed by a number
/// ("May 2024") is a date, not the word.
fn uses(text: &str, phrase: &str) -> bool {
    let lower = text.to_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(phrase) {
        let start = from + found;
        let end = start + phrase.len();
        let before = lower[..start].chars().next_back();
        let after = lower[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        let date =
            figures::month(phrase).is_some() && lower[end..].trim_start().starts_with(|c: char| c.is_ascii_digit());
        if boundary(before) && boundary(after) && !date {
            return true;
        }
        from = start + phrase.len().max(1);
    }
    false
}

/// Something the fact states that its lines must give.
enum Stated {
    Date(CalendarDate),
    Figure(Figure),
    Year(i32),
}

impl Stated {
    fn given_by(&self, lines: &Mentions) -> bool {
        match self {
            Stated::Date(date) => lines.states(date),
            Stated::Figure(figure) if figure.year_like => {
                lines.gives(figure) || lines.states(&CalendarDate { year: figure.value as i32, month: None, day: None })
            }
            Stated::Figure(figure) => lines.gives(figure),
            Stated::Year(year) => lines.states(&CalendarDate { year: *year, month: None, day: None }),
        }
    }
}

/// Everything a value states, with how to name it in a finding.
fn stated(value: &RawValue) -> Vec<(Stated, String)> {
    let property =
        value.property_label.clone().unwrap_or_else(|| crate::rdf::vocab::local_name(&value.property).to_owned());
    let Some(datatype) = value.datatype.as_deref() else { return Vec::new() };
    match datatype.strip_prefix(XSD) {
        Some("date" | "gYear" | "gYearMonth") => CalendarDate::parse_typed(&value.text)
            .map(|d| vec![(Stated::Date(d), format!("{property} {d}"))])
            .unwrap_or_default(),
        Some(
            "integer" | "decimal" | "double" | "float" | "int" | "long" | "nonNegativeInteger" | "positiveInteger",
        ) => figures::typed_figure(&value.text)
            .map(|f| vec![(Stated::Figure(f), format!("{property} {}", value.text))])
            .unwrap_or_default(),
        Some("boolean" | "anyURI") => Vec::new(),
        _ => {
            let read = figures::read(&value.text);
            let quote = format!("{property} ('{}')", shorten(&value.text));
            let mut out: Vec<(Stated, String)> = read
                .figures
                .into_iter()
                .map(|f| (format!("'{}' in {quote}", f.written), f))
                .map(|(n, f)| (Stated::Figure(f), n))
                .collect();
            let years: Vec<i32> = out
                .iter()
                .filter_map(|(s, _)| match s {
                    Stated::Figure(f) if f.year_like => Some(f.value as i32),
                    _ => None,
                })
                .collect();
            for date in read.dates {
                if date.month.is_some() {
                    out.push((Stated::Date(date), format!("'{date}' in {quote}")));
                } else if !years.contains(&date.year) {
                    out.push((Stated::Year(date.year), format!("'{}' in {quote}", date.year)));
                }
            }
            out
        }
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= 60 {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(57).collect::<String>())
    }
}

/// Clauses of a line: split at sentence ends, semicolons, colons and dashes between words.
fn clauses(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let separators = [". ", "; ", ": ", " — ", " – ", " - ", "? ", "! "];
    let mut i = 0;
    while i < line.len() {
        if let Some(sep) = separators.iter().find(|s| line[i..].starts_with(**s)) {
            out.push(&line[start..i]);
            start = i + sep.len();
            i = start;
        } else {
            i += line[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push(&line[start..]);
    out.into_iter().filter(|c| !c.trim().is_empty()).collect()
}

/// Checks one fact or entity; `passages` are its `records` with their lines read.
pub(super) fn check_item(
    node: &str,
    kind: ItemKind,
    values: &[RawValue],
    records: &[RawEvidence],
    passages: &[Passage],
    documents: &mut Documents,
    hedges: &Hedges,
) -> Vec<Finding> {
    let finding = |file: Option<&str>, line: Option<u32>, kind, message: String| Finding {
        file: file.map(str::to_owned),
        line,
        node: node.to_owned(),
        kind,
        message,
    };
    if records.is_empty() {
        let what = match kind {
            ItemKind::Fact => "no document or lines say where this fact comes from",
            ItemKind::Entity => "no document or lines describe this entity",
        };
        return vec![finding(None, None, FindingKind::NoEvidence, what.to_owned())];
    }
    let mut out = Vec::new();
    let statements: Vec<(Stated, String)> = values.iter().flat_map(stated).collect();
    let mut all_lines = String::new();
    let mut readable = Vec::new();
    for (record, passage) in records.iter().zip(passages) {
        documents.note(record);
        let file = record.file.as_deref();
        let at = |p: &Passage| Some(p.lines[0]).filter(|l| *l > 0);
        let Some(source) = &record.source else {
            out.push(finding(
                None,
                None,
                FindingKind::UncheckableSource,
                "evidence names no source document (ag:source)".into(),
            ));
            continue;
        };
        let Some(file) = file else {
            // A record citing a dataset (an FtM import) names no lines: nothing to read back.
            if record.dataset {
                continue;
            }
            let message = format!(
                "source {} has no file name (ag:fileName), so its lines cannot be checked",
                crate::rdf::vocab::display_iri(source)
            );
            out.push(finding(None, at(passage), FindingKind::UncheckableSource, message));
            continue;
        };
        let Some(lines) = documents.lines(file) else { continue };
        let count = lines.len() as i64;
        let (start, end) = (record.start, record.end.or(record.start));
        let span = match (start, end) {
            (None, _) | (_, None) => Err("evidence gives no first line (ag:lineStart)".to_owned()),
            (Some(s), Some(e)) if s < 1 || e < s || e > count => {
                Err(format!("cites lines {s}-{e}; the copy has {count} lines"))
            }
            (Some(s), Some(e)) => Ok((s as usize, e as usize)),
        };
        let (s, e) = match span {
            Ok(span) => span,
            Err(message) => {
                out.push(finding(Some(file), at(passage), FindingKind::LinesOutside, message));
                continue;
            }
        };
        let text = lines[s - 1..e].join("\n");
        if text.trim().is_empty() {
            out.push(finding(
                Some(file),
                Some(s as u32),
                FindingKind::BlankLines,
                format!("cites lines {s}-{e}, which are blank"),
            ));
            continue;
        }
        if let Some(hedge) = &record.hedge {
            if !uses(&text, &hedge.to_lowercase()) {
                let message = format!("keeps '{hedge}', which {} does not use", passage.location());
                out.push(finding(Some(file), Some(s as u32), FindingKind::HedgeNotInLines, message));
            }
        }
        if hedges.hedge_free(record.level.as_deref()) {
            // Where the fact's own figures sit in some clauses of a line, only those are read.
            for (n, line) in lines[s - 1..e].iter().enumerate() {
                let parts = clauses(line);
                let own: Vec<&str> = parts
                    .iter()
                    .copied()
                    .filter(|c| {
                        let mentions = figures::read(c);
                        statements.iter().any(|(st, _)| st.given_by(&mentions))
                    })
                    .collect();
                let read = if own.is_empty() { parts } else { own };
                if let Some((phrase, kind)) = read.iter().find_map(|c| hedges.find(c)) {
                    let level = record.level.as_deref().unwrap_or_default();
                    let number = (s + n) as u32;
                    let message = format!("graded {level}; line {number} says '{phrase}' ({kind})");
                    out.push(finding(Some(file), Some(number), FindingKind::DocumentedButHedged, message));
                }
            }
        }
        all_lines.push_str(&text);
        all_lines.push('\n');
        readable.push(passage);
    }
    if let Some(first) = readable.first() {
        let mentions = figures::read(&all_lines);
        let cited: Vec<String> = readable.iter().map(|p| p.location()).collect();
        for (statement, name) in &statements {
            if !statement.given_by(&mentions) {
                let kind = match statement {
                    Stated::Figure(_) => FindingKind::FigureNotInLines,
                    Stated::Date(_) | Stated::Year(_) => FindingKind::DateNotInLines,
                };
                let message = format!("{name} (cited: {})", cited.join(", "));
                out.push(finding(Some(&first.file), Some(first.lines[0]), kind, message));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hedges_are_whole_words_and_months_are_not_hedges() {
        assert!(uses("China's nitrocellulose is reportedly of poor quality", "reportedly"));
        assert!(uses("Enough to produce shells", "enough to"));
        assert!(!uses("unreportedly", "reportedly"));
        assert!(!uses("In May 2024 the EU acted", "may"));
        assert!(uses("the EU may act", "may"));
    }

    proptest::proptest! {
        #[test]
        fn any_line_splits_and_matches_without_panic(line in proptest::prelude::any::<String>(), phrase in "[a-zé ]{1,8}") {
            let _ = clauses(&line);
            let _ = uses(&line, &phrase);
        }
    }

    #[test]
    fn lines_split_into_clauses() {
        assert_eq!(
            clauses("- In 2023, exports doubled to 1,300 tons — enough to produce shells."),
            ["- In 2023, exports doubled to 1,300 tons", "enough to produce shells."]
        );
        assert_eq!(clauses("Targets: firms; banks. Done"), ["Targets", "firms", "banks", "Done"]);
    }
}
