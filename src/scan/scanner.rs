//! The scan itself: read the file line by line, find what each line holds (known names, names
//! spelled out by coordination, cue words, hedges, amounts, dates, new names), gather sentences,
//! draft facts from them, and hand each line to the sink once the sentences that may end on it
//! have ended.

use super::lexicon::Lexicon;
use super::matcher::{Found, Matcher, Target};
use super::sentences::{Assembler, Item, ItemKind, Sentence};
use super::{
    candidates, coordination, numbers, reader, relations, text, DocumentInfo, LineFindings, Mention, NewName,
    RelationCandidate, ScanError, ScanSink, ScanSummary, MAX_NEW_NAMES,
};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// Words that deny what follows them.
const NEGATIONS: &[&str] = &[
    "not",
    "never",
    "no",
    "nor",
    "without",
    "avoid",
    "avoids",
    "avoided",
    "avoiding",
    "avoidance",
    "deny",
    "denies",
    "denied",
    "denying",
    "refuse",
    "refuses",
    "refused",
    "refusing",
    "cannot",
];

/// Whether one of the three words before a cue denies it ("has never provided", "hasn't sent").
fn negated(before: &str) -> bool {
    before.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).filter(|w| !w.is_empty()).rev().take(3).any(
        |w| {
            let w = w.to_lowercase();
            NEGATIONS.contains(&w.as_str()) || w.ends_with("n't") || w.ends_with("n’t")
        },
    )
}

/// Hands a complete line to the sink with the relation candidates of the sentences that ended
/// on it (or before it), unless it holds nothing.
fn flush(
    mut line: LineFindings,
    queue: &mut Vec<RelationCandidate>,
    summary: &mut ScanSummary,
    sink: &mut dyn ScanSink,
) -> Result<(), ScanError> {
    let (ready, later): (Vec<_>, Vec<_>) = queue.drain(..).partition(|c| c.last_line <= line.line);
    *queue = later;
    summary.relations += ready.len() as u64;
    line.relations = ready;
    if line.is_empty() {
        return Ok(());
    }
    line.mentions.sort_by_key(|m| m.column);
    sink.line(&line).map_err(ScanError::Output)
}

/// New names as they are counted, at most `MAX_NEW_NAMES` of them.
#[derive(Default)]
struct NameTable {
    by_key: HashMap<String, usize>,
    names: Vec<NewName>,
    truncated: bool,
}

impl NameTable {
    fn add(&mut self, lexicon: &Lexicon, hit: candidates::NameHit, line: u64) {
        let key = text::fold_name(&hit.text);
        if let Some(&at) = self.by_key.get(&key) {
            let name = &mut self.names[at];
            name.count += 1;
            if name.lines.len() < 20 && name.lines.last() != Some(&line) {
                name.lines.push(line);
            }
            return;
        }
        if self.names.len() >= MAX_NEW_NAMES {
            self.truncated = true;
            return;
        }
        self.by_key.insert(key, self.names.len());
        let class = hit.class.map(|c| &lexicon.classes[c]);
        self.names.push(NewName {
            text: hit.text,
            class: class.map(|c| c.iri.clone()),
            class_label: class.map(|c| c.label.clone()),
            count: 1,
            lines: vec![line],
        });
    }
}

/// What one line (or piece of a line) holds.
struct LineRead {
    findings: LineFindings,
    /// What sentences are made of: entities, cues, hedges, amounts, dates.
    items: Vec<Item>,
    /// Byte ranges of the known names (not those inside longer ones).
    known: Vec<(usize, usize)>,
}

/// Scans texts against one lexicon.
pub struct Scanner<'a> {
    lexicon: &'a Lexicon,
    matcher: Matcher,
}

impl<'a> Scanner<'a> {
    /// A scanner over the lexicon's names, cue words and units.
    pub fn new(lexicon: &'a Lexicon) -> Self {
        Scanner { lexicon, matcher: Matcher::new(lexicon) }
    }

    /// Scans the file at `path`, handing findings to `sink` as they are made.
    pub fn scan_file(&self, path: &Path, sink: &mut dyn ScanSink) -> Result<ScanSummary, ScanError> {
        let facts = reader::inspect(path)?;
        if facts.bytes == 0 {
            return Err(ScanError::Empty { path: path.to_owned() });
        }
        let file_name =
            path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let document = DocumentInfo {
            path: path.display().to_string(),
            known: self.lexicon.known_document(&facts.sha256, &file_name).cloned(),
            file_name,
            sha256: facts.sha256,
            bytes: facts.bytes,
            lines: facts.lines,
        };
        sink.start(&document).map_err(ScanError::Output)?;
        let mut summary = ScanSummary { lines: facts.lines, ..ScanSummary::default() };
        let mut entities = BTreeSet::new();
        let mut names = NameTable::default();
        let mut assembler = Assembler::default();
        let mut sentences: Vec<Sentence> = Vec::new();
        let mut queue: Vec<RelationCandidate> = Vec::new();
        let mut lines = reader::Lines::open(path)?;
        // The line being read (several pieces for a very long one), and the last complete line,
        // which waits for the sentences that may still end on it.
        let mut current: Option<LineFindings> = None;
        let mut waiting: Option<LineFindings> = None;
        while let Some(piece) = lines.next_piece()? {
            if summary.title.is_none() && !piece.text.trim().is_empty() {
                summary.title = Some(piece.text.trim().chars().take(200).collect());
            }
            let read = self.read_line(piece.line, piece.text, piece.chars_before);
            for hit in candidates::new_names(self.lexicon, piece.text, &read.known) {
                names.add(self.lexicon, hit, piece.line);
            }
            let findings = read.findings;
            summary.mentions += findings.mentions.len() as u64;
            summary.quantities += findings.quantities.len() as u64;
            summary.dates += findings.dates.len() as u64;
            entities.extend(findings.mentions.iter().map(|m| m.entity.clone()));
            match &mut current {
                Some(open) => {
                    open.mentions.extend(findings.mentions);
                    open.quantities.extend(findings.quantities);
                    open.dates.extend(findings.dates);
                }
                None => current = Some(findings),
            }
            assembler.push_line(piece.line, piece.text, piece.continued, read.items, &mut |s| sentences.push(s));
            for sentence in sentences.drain(..) {
                queue.extend(relations::candidates(self.lexicon, &sentence));
            }
            if let Some(line) = waiting.take() {
                flush(line, &mut queue, &mut summary, sink)?;
            }
            if !piece.continued {
                waiting = current.take();
            }
        }
        assembler.end(&mut |s| sentences.push(s));
        for sentence in sentences.drain(..) {
            queue.extend(relations::candidates(self.lexicon, &sentence));
        }
        if let Some(line) = waiting.take().or(current.take()) {
            flush(line, &mut queue, &mut summary, sink)?;
        }
        summary.entities = entities.len() as u64;
        names.names.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.lines.cmp(&b.lines)));
        summary.new_names = names.names;
        summary.new_names_truncated = names.truncated;
        sink.finish(&summary).map_err(ScanError::Output)?;
        Ok(summary)
    }

    /// What one line (or piece of one, whose earlier pieces held `chars_before` characters) holds.
    fn read_line(&self, line_no: u64, line: &str, chars_before: usize) -> LineRead {
        let mut read = LineRead {
            findings: LineFindings { line: line_no, ..LineFindings::default() },
            items: Vec::new(),
            known: Vec::new(),
        };
        let item =
            |at: usize, text: &str, kind: ItemKind| Item { line: line_no, at, clause: 0, text: text.to_owned(), kind };
        let all = self.matcher.find(line);
        // Known names read whole: (start, end, entity).
        let mut whole: Vec<(usize, usize, usize)> = Vec::new();
        for (at, found) in all.iter().enumerate() {
            let text = &line[found.start..found.end];
            if let Some((mention, entity)) = self.mention(line, found, chars_before) {
                read.findings.mentions.push(mention);
                if found.within.is_some() {
                    continue;
                }
                read.known.push((found.start, found.end));
                if let Some(entity) = entity {
                    whole.push((found.start, found.end, entity));
                    if !possessor(line, &all, at) {
                        read.items.push(item(found.start, text, ItemKind::Entity { entity }));
                    }
                }
                continue;
            }
            for target in &found.targets {
                match *target {
                    Target::Cue { cue } => {
                        let after = line[found.end..].trim_start();
                        let passive = after.get(..3).is_some_and(|by| by.eq_ignore_ascii_case("by "));
                        // "has never provided", "does not sell": no fact to draft.
                        if !negated(&line[..found.start]) {
                            read.items.push(item(found.start, text, ItemKind::Cue { cue, passive }));
                        }
                    }
                    Target::Hedge { .. } => read.items.push(item(found.start, text, ItemKind::Hedge)),
                    Target::Entity { .. } => {}
                }
            }
        }
        for expansion in coordination::expansions(line) {
            let Some(Target::Entity { entity, .. }) = self.matcher.entities_named(&expansion.name).first().copied()
            else {
                continue;
            };
            // Read whole already ("Central Asian banks" is a name of its own), or read this way.
            let iri = &self.lexicon.entities[entity].iri;
            if whole.iter().any(|&(s, e, known)| known == entity && s <= expansion.start && expansion.start < e)
                || read
                    .findings
                    .mentions
                    .iter()
                    .any(|m| &m.entity == iri && m.read_as.as_deref() == Some(&expansion.name))
            {
                continue;
            }
            let mut mention = self.entity_mention(entity, line, expansion.start, expansion.end, chars_before);
            mention.read_as = Some(expansion.name.clone());
            read.findings.mentions.push(mention);
            // For relations the whole name stands where its own words are.
            read.items.retain(|i| {
                !(matches!(i.kind, ItemKind::Entity { .. }) && expansion.start <= i.at && i.at < expansion.end)
            });
            read.items.push(item(expansion.start, &expansion.name, ItemKind::Entity { entity }));
        }
        let mut quantities = numbers::quantities(self.lexicon, line);
        let mut dates = numbers::dates(line, &quantities);
        for quantity in &mut quantities {
            read.items.push(item(quantity.span.0, &quantity.text, ItemKind::Quantity(quantity.clone())));
            quantity.column += chars_before;
        }
        for date in &mut dates {
            read.items.push(item(date.span.0, &date.text, ItemKind::Date(date.clone())));
            date.column += chars_before;
        }
        read.findings.quantities = quantities;
        read.findings.dates = dates;
        read
    }

    /// The mention a match of entity names makes, and the entity it stands for in sentences:
    /// the only one, or the one whose own label it is; none when several share the name.
    fn mention(&self, line: &str, found: &Found, chars_before: usize) -> Option<(Mention, Option<usize>)> {
        let entities: Vec<(usize, bool)> = found
            .targets
            .iter()
            .filter_map(|t| match t {
                Target::Entity { entity, preferred } => Some((*entity, *preferred)),
                _ => None,
            })
            .collect();
        let &(first, _) = entities.first()?;
        let preferred: Vec<usize> = entities.iter().filter(|(_, p)| *p).map(|(e, _)| *e).collect();
        let chosen = match (entities.len(), preferred.as_slice()) {
            (1, _) => Some(first),
            (_, [one]) => Some(*one),
            _ => None,
        };
        let main = chosen.unwrap_or(first);
        let mut mention = self.entity_mention(main, line, found.start, found.end, chars_before);
        mention.also =
            entities.iter().filter(|(e, _)| *e != main).map(|(e, _)| self.lexicon.entities[*e].iri.clone()).collect();
        mention.within = found.within.map(|(from, to)| line[from..to].to_owned());
        Some((mention, chosen))
    }

    fn entity_mention(&self, entity: usize, line: &str, start: usize, end: usize, chars_before: usize) -> Mention {
        let info = &self.lexicon.entities[entity];
        Mention {
            column: text::column(line, start) + chars_before,
            text: line[start..end].to_owned(),
            entity: info.iri.clone(),
            label: info.label.clone(),
            class: self.lexicon.class_label(entity),
            also: Vec::new(),
            within: None,
            read_as: None,
        }
    }
}

/// Whether the match `at` is a possessor right before another name ("China's 12-point plan"):
/// it qualifies the other name, which is what the sentence is about.
fn possessor(line: &str, all: &[Found], at: usize) -> bool {
    let found = &all[at];
    let rest = &line[found.end..];
    let after = rest.strip_prefix("'s ").or_else(|| rest.strip_prefix("’s "));
    after.is_some_and(|after| {
        let next = found.end + (rest.len() - after.len());
        all.iter().any(|f| f.within.is_none() && f.start == next)
    })
}
