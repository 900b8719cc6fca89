//! How well a scan finds what the curated data already says about a document: the recall of the
//! (entity, lines) pairs the data's evidence records give, and the precision and recall of the
//! relation candidates against the curated facts with evidence in the document.
//!
//! An evidence pair counts as found when the scan names the entity on a line of the evidence's
//! span. Some evidence points at a line that describes an entity the text never names (the
//! curation's "unnamed experts on nitrocellulose quality"); a second recall leaves out the pairs
//! of entities the text never names (the scan finds them nowhere and none of their names occurs
//! in the folded text), which no scan by name can find. A candidate is right when a curated fact of the same relation family, with evidence on
//! lines the candidate's passage overlaps, has both of the candidate's first two entities among
//! its participants (roles are not compared). A curated fact counts as found when a right
//! candidate points to it; facts with fewer than two entities among their participants are left
//! out of the recall, since no pair can find them.

use super::lexicon::Lexicon;
use super::text::{fold_name, Folded};
use super::{DocumentInfo, LineFindings, RelationCandidate, ScanError, ScanSink, ScanSummary, Scanner};
use crate::store::{key_in, GraphStore};
use aho_corasick::{AhoCorasick, MatchKind};
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::QuerySolution;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, BufRead};
use std::path::Path;

const ENTITY_EVIDENCE: &str = include_str!("../sparql/measure_entity_evidence.rq");
const FACTS: &str = include_str!("../sparql/measure_facts.rq");

/// An evidence pair the scan did not find.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Missed {
    /// First line of the evidence.
    pub first_line: u64,
    /// Last line of the evidence.
    pub last_line: u64,
    /// The entity.
    pub entity: String,
    /// Its label.
    pub label: String,
}

/// Counts for one relation family.
#[derive(Debug, Clone, Serialize, Default, PartialEq, Eq)]
pub struct FamilyCounts {
    /// Candidates of the family.
    pub candidates: u64,
    /// Of which right.
    pub right: u64,
    /// Curated facts of the family with two entities or more.
    pub facts: u64,
    /// Of which found.
    pub found: u64,
}

/// The measures for one document (or all of them together).
#[derive(Debug, Clone, Serialize, Default)]
pub struct Measures {
    /// Evidence pairs (entity, line span) in the curated data.
    pub entity_pairs: u64,
    /// Of which the scan found.
    pub entity_pairs_found: u64,
    /// Evidence pairs of entities the text names somewhere (the scan finds them on some line, or
    /// one of their names occurs in the folded text): those a scan by name can find.
    pub named_pairs: u64,
    /// Of which the scan found.
    pub named_pairs_found: u64,
    /// Relation candidates the scan drafted.
    pub candidates: u64,
    /// Of which match a curated fact.
    pub candidates_right: u64,
    /// Curated facts with two entities or more among their participants.
    pub facts: u64,
    /// Of which a right candidate points to.
    pub facts_found: u64,
    /// Curated facts left out of the recall (fewer than two entities among their participants).
    pub facts_left_out: u64,
    /// Counts by relation family.
    pub families: BTreeMap<String, FamilyCounts>,
}

impl Measures {
    /// Share of evidence pairs found.
    pub fn entity_recall(&self) -> f64 {
        ratio(self.entity_pairs_found, self.entity_pairs)
    }
    /// Share of the evidence pairs of entities the text names that were found.
    pub fn named_recall(&self) -> f64 {
        ratio(self.named_pairs_found, self.named_pairs)
    }
    /// Share of candidates that are right.
    pub fn relation_precision(&self) -> f64 {
        ratio(self.candidates_right, self.candidates)
    }
    /// Share of curated facts found.
    pub fn relation_recall(&self) -> f64 {
        ratio(self.facts_found, self.facts)
    }

    fn add(&mut self, other: &Measures) {
        self.entity_pairs += other.entity_pairs;
        self.entity_pairs_found += other.entity_pairs_found;
        self.named_pairs += other.named_pairs;
        self.named_pairs_found += other.named_pairs_found;
        self.candidates += other.candidates;
        self.candidates_right += other.candidates_right;
        self.facts += other.facts;
        self.facts_found += other.facts_found;
        self.facts_left_out += other.facts_left_out;
        for (family, counts) in &other.families {
            let mine = self.families.entry(family.clone()).or_default();
            mine.candidates += counts.candidates;
            mine.right += counts.right;
            mine.facts += counts.facts;
            mine.found += counts.found;
        }
    }
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// One document's measures and what was missed.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentMeasures {
    /// The file scanned.
    pub file: String,
    /// The source document it was matched to.
    pub document: String,
    /// The measures.
    pub measures: Measures,
    /// Evidence pairs not found.
    pub missed: Vec<Missed>,
    /// Draft facts no curated fact matches: errors of the scan, or facts the curation left out.
    pub unmatched: Vec<RelationCandidate>,
}

/// The measures of a scan of one or more documents the store describes.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureReport {
    /// Per document.
    pub documents: Vec<DocumentMeasures>,
    /// All documents together.
    pub total: Measures,
}

/// Keeps what the measures need from a scan.
#[derive(Default)]
struct Collect {
    document: Option<DocumentInfo>,
    lines_of: HashMap<String, BTreeSet<u64>>,
    candidates: Vec<RelationCandidate>,
}

impl ScanSink for Collect {
    fn start(&mut self, document: &DocumentInfo) -> io::Result<()> {
        self.document = Some(document.clone());
        Ok(())
    }
    fn line(&mut self, findings: &LineFindings) -> io::Result<()> {
        for mention in &findings.mentions {
            for entity in std::iter::once(&mention.entity).chain(&mention.also) {
                self.lines_of.entry(entity.clone()).or_default().insert(findings.line);
            }
        }
        self.candidates.extend(findings.relations.iter().cloned());
        Ok(())
    }
    fn finish(&mut self, _: &ScanSummary) -> io::Result<()> {
        Ok(())
    }
}

fn span(row: &QuerySolution) -> Option<(u64, u64)> {
    let start: u64 = key_in(row, "start")?.parse().ok()?;
    let end = key_in(row, "end").and_then(|e| e.parse().ok()).unwrap_or(start);
    Some((start, end))
}

/// A curated fact as the measure sees it.
#[derive(Default)]
struct Fact {
    families: BTreeSet<String>,
    participants: BTreeSet<String>,
    spans: BTreeSet<(u64, u64)>,
}

/// Which of `entities` the file names: one of their labels or aliases occurs in its folded text
/// (case, accents and punctuation aside), even inside a word; read line by line, apart from the
/// scan's matching with its word boundaries and longest matches.
fn named_in<'a>(lexicon: &Lexicon, path: &Path, entities: BTreeSet<&'a str>) -> Result<BTreeSet<&'a str>, ScanError> {
    let mut names: Vec<String> = Vec::new();
    let mut owner: Vec<&'a str> = Vec::new();
    for entry in &lexicon.names {
        if let Some(entity) = entities.get(lexicon.entities[entry.entity].iri.as_str()) {
            names.push(fold_name(&entry.name));
            owner.push(entity);
        }
    }
    let mut named = BTreeSet::new();
    if names.is_empty() {
        return Ok(named);
    }
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&names)
        .expect("an automaton over entity names builds");
    let read_error = |source| ScanError::Read { path: path.to_owned(), source };
    let file = std::fs::File::open(path).map_err(|source| ScanError::Open { path: path.to_owned(), source })?;
    for line in io::BufReader::new(file).lines() {
        for m in automaton.find_overlapping_iter(&Folded::new(&line.map_err(read_error)?).text) {
            named.insert(owner[m.pattern().as_usize()]);
        }
    }
    Ok(named)
}

/// Scans each file and measures the scan against the curated evidence of its document.
pub fn measure(store: &GraphStore, lexicon: &Lexicon, files: &[&Path]) -> Result<MeasureReport, ScanError> {
    let scanner = Scanner::new(lexicon);
    let family_of: HashMap<&str, Option<&String>> =
        lexicon.classes.iter().map(|c| (c.iri.as_str(), c.family.as_ref())).collect();
    let label_of: HashMap<&str, &str> = lexicon.entities.iter().map(|e| (e.iri.as_str(), e.label.as_str())).collect();
    let mut report = MeasureReport { documents: Vec::new(), total: Measures::default() };
    for path in files {
        let mut collect = Collect::default();
        scanner.scan_file(path, &mut collect)?;
        let known = collect.document.as_ref().and_then(|d| d.known.clone());
        let Some(known) = known else { return Err(ScanError::UnknownDocument { path: path.to_path_buf() }) };
        let document = Term::from(NamedNode::new_unchecked(known.iri.clone()));
        let mut measures = Measures::default();
        let mut missed = Vec::new();

        let mut pairs = BTreeSet::new();
        for row in store.select(ENTITY_EVIDENCE, &[("document", document.clone())])? {
            if let (Some(entity), Some(evidence), Some(lines)) =
                (key_in(&row, "entity"), key_in(&row, "evidence"), span(&row))
            {
                pairs.insert((entity, evidence, lines));
            }
        }
        // Entities the text names somewhere: the scan finds them on some line, or one of their
        // names occurs in the text.
        let mut named = named_in(lexicon, path, pairs.iter().map(|(entity, _, _)| entity.as_str()).collect())?;
        named.extend(pairs.iter().map(|(entity, _, _)| entity.as_str()).filter(|e| collect.lines_of.contains_key(*e)));
        for (entity, _, (first, last)) in &pairs {
            let found = collect
                .lines_of
                .get(entity)
                .is_some_and(|lines| lines.range(*first.min(last)..=*first.max(last)).next().is_some());
            measures.entity_pairs += 1;
            measures.entity_pairs_found += u64::from(found);
            if named.contains(entity.as_str()) {
                measures.named_pairs += 1;
                measures.named_pairs_found += u64::from(found);
            }
            if !found {
                let label = label_of.get(entity.as_str()).map_or_else(|| entity.clone(), |l| (*l).to_owned());
                missed.push(Missed { first_line: *first, last_line: *last, entity: entity.clone(), label });
            }
        }
        missed.sort();
        missed.dedup();

        let mut facts: BTreeMap<String, Fact> = BTreeMap::new();
        for row in store.select(FACTS, &[("document", document)])? {
            let (Some(iri), Some(kind), Some(participant), Some(lines)) =
                (key_in(&row, "fact"), key_in(&row, "type"), key_in(&row, "participant"), span(&row))
            else {
                continue;
            };
            let fact = facts.entry(iri).or_default();
            if let Some(Some(family)) = family_of.get(kind.as_str()) {
                fact.families.insert((*family).clone());
            }
            fact.participants.insert(participant);
            fact.spans.insert(lines);
        }
        let matches = |candidate: &RelationCandidate, fact: &Fact| {
            candidate.family.as_ref().is_some_and(|f| fact.families.contains(f))
                && candidate.roles.iter().take(2).all(|r| fact.participants.contains(&r.entity))
                && fact.spans.iter().any(|&(first, last)| candidate.first_line <= last && first <= candidate.last_line)
        };
        let mut found_facts = BTreeSet::new();
        let mut unmatched = Vec::new();
        for candidate in &collect.candidates {
            let family = candidate.family.clone().unwrap_or_default();
            measures.candidates += 1;
            measures.families.entry(family.clone()).or_default().candidates += 1;
            let right: Vec<&String> = facts.iter().filter(|(_, f)| matches(candidate, f)).map(|(iri, _)| iri).collect();
            if !right.is_empty() {
                measures.candidates_right += 1;
                measures.families.entry(family).or_default().right += 1;
                found_facts.extend(right.into_iter().cloned());
            } else {
                unmatched.push(candidate.clone());
            }
        }
        for (iri, fact) in &facts {
            if fact.participants.len() < 2 {
                measures.facts_left_out += 1;
                continue;
            }
            let found = found_facts.contains(iri);
            measures.facts += 1;
            measures.facts_found += u64::from(found);
            for family in &fact.families {
                let counts = measures.families.entry(family.clone()).or_default();
                counts.facts += 1;
                counts.found += u64::from(found);
            }
        }
        report.total.add(&measures);
        report.documents.push(DocumentMeasures {
            file: path.display().to_string(),
            document: known.iri,
            measures,
            missed,
            unmatched,
        });
    }
    Ok(report)
}
