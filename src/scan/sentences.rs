//! Sentences across lines: where a sentence ends inside a line, when a line runs on into the
//! next (hard-wrapped text), and the clauses inside a sentence. The assembler collects what the
//! matcher found, sentence by sentence, in bounded memory.

use super::{DateMention, Quantity};

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "sen", "rep", "gov", "prof", "no", "vs", "inc", "ltd",
    "co", "corp", "jr", "sr", "fig", "approx", "e.g", "i.e", "cf", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
];

/// A sentence holding more than this many lines, bytes or items ends there.
const MAX_LINES: u64 = 12;
const MAX_TEXT: usize = 4000;
const MAX_ITEMS: usize = 400;

/// A line shorter than this that does not end a sentence is taken for a heading.
const WRAP_WIDTH: usize = 60;

/// Byte offsets in `line` where a new sentence starts (after `.`, `!` or `?` and a space before
/// a capital, digit, quote or bullet; at a table bar or a bullet in mid-line).
pub(crate) fn sentence_starts(line: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        match c {
            '.' | '!' | '?' => {
                let Some(&(_, next)) = chars.get(i + 1) else { continue };
                if !next.is_whitespace() {
                    continue;
                }
                let Some(&(start, first)) = chars[i + 1..].iter().find(|(_, c)| !c.is_whitespace()) else { continue };
                if !(first.is_uppercase() || first.is_ascii_digit() || "\"“‘'(-•[".contains(first)) {
                    continue;
                }
                if c == '.' {
                    let word: String =
                        line[..at].rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("").to_lowercase();
                    let single_letter = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
                    // "U.S." ends in a letter after a full stop: an abbreviation.
                    let dotted = word.contains('.') && word.chars().filter(|c| c.is_alphabetic()).count() <= 3;
                    if single_letter || dotted || ABBREVIATIONS.contains(&word.as_str()) {
                        continue;
                    }
                }
                starts.push(start);
            }
            '|' | '•' => {
                if let Some(&(start, _)) = chars[i + 1..].iter().find(|(_, c)| !c.is_whitespace()) {
                    starts.push(start);
                }
            }
            _ => {}
        }
    }
    starts.dedup();
    starts
}

/// Whether `c` (at byte `at` of `line`) separates clauses: `;`, `:`, a dash between spaces, brackets.
fn is_clause_break(line: &str, at: usize, c: char) -> bool {
    match c {
        ';' | ':' | '(' | ')' => true,
        '—' | '–' => true,
        '-' => line[..at].ends_with(' ') && line[at + 1..].starts_with(' '),
        _ => false,
    }
}

/// Whether a line ends its sentence: it ends with `.`, `!`, `?` (maybe before a quote or bracket).
fn ends_sentence(line: &str) -> bool {
    let trimmed = line.trim_end().trim_end_matches(['"', '”', '’', '\'', ')', ']', '*']);
    trimmed.ends_with(['.', '!', '?', ':'])
}

/// What a sentence holds, in text order.
#[derive(Debug, Clone)]
pub(crate) enum ItemKind {
    /// A known entity (only unambiguous names).
    Entity {
        entity: usize,
    },
    /// A cue word of a fact kind; `passive` when "by" follows it.
    Cue {
        cue: usize,
        passive: bool,
    },
    /// A hedge word.
    Hedge,
    Quantity(Quantity),
    Date(DateMention),
}

/// One thing found in a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) line: u64,
    /// Byte offset in its line (for ordering within a line).
    pub(crate) at: usize,
    pub(crate) clause: usize,
    /// The text as written.
    pub(crate) text: String,
    pub(crate) kind: ItemKind,
}

/// A sentence: its lines, its text (cut at `MAX_TEXT`) and what was found in it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sentence {
    pub(crate) first_line: u64,
    pub(crate) last_line: u64,
    pub(crate) text: String,
    pub(crate) items: Vec<Item>,
}

/// Collects items into sentences as lines come in.
#[derive(Debug, Default)]
pub(crate) struct Assembler {
    current: Sentence,
    clause: usize,
    /// Length of the previous line, when it ended without ending its sentence.
    open_line: Option<usize>,
}

impl Assembler {
    /// Adds one line (or piece of a line) and its items, sorted by position; hands every
    /// sentence that ends to `emit`.
    pub(crate) fn push_line(
        &mut self,
        line_no: u64,
        line: &str,
        continued: bool,
        mut items: Vec<Item>,
        emit: &mut dyn FnMut(Sentence),
    ) {
        if line.trim().is_empty() {
            self.end(emit);
            self.open_line = None;
            return;
        }
        if let Some(previous) = self.open_line.take() {
            let first = line.trim_start().chars().next().unwrap_or(' ');
            let bullet = "-•*".contains(first) || first.is_ascii_digit();
            let runs_on = !bullet && (first.is_lowercase() || previous >= WRAP_WIDTH);
            if !runs_on {
                self.end(emit);
            }
        }
        items.sort_by_key(|item| item.at);
        let mut items = items.into_iter().peekable();
        let starts = sentence_starts(line);
        let mut from = 0;
        for end in starts.iter().copied().chain(std::iter::once(line.len())) {
            if self.current.items.is_empty() && self.current.text.is_empty() {
                self.current.first_line = line_no;
            }
            self.current.last_line = line_no;
            let breaks = |from: usize, to: usize| {
                line[from..to].char_indices().filter(|(i, c)| is_clause_break(line, from + i, *c)).count()
            };
            let mut clause_at = from;
            while let Some(mut item) = items.next_if(|item| item.at < end) {
                let at = item.at.max(clause_at);
                self.clause += breaks(clause_at, at);
                clause_at = at;
                item.clause = self.clause;
                if self.current.items.len() < MAX_ITEMS {
                    self.current.items.push(item);
                }
            }
            self.clause += breaks(clause_at, end);
            let segment = line[from..end].trim();
            if self.current.text.len() + segment.len() < MAX_TEXT {
                if !self.current.text.is_empty() {
                    self.current.text.push(' ');
                }
                self.current.text.push_str(segment);
            }
            if end < line.len() {
                self.end(emit);
            }
            from = end;
        }
        if continued {
            return;
        }
        if ends_sentence(line)
            || self.current.last_line - self.current.first_line + 1 >= MAX_LINES
            || self.current.text.len() >= MAX_TEXT
        {
            self.end(emit);
        } else {
            self.open_line = Some(line.trim().chars().count());
        }
    }

    /// Ends the sentence in progress, if any.
    pub(crate) fn end(&mut self, emit: &mut dyn FnMut(Sentence)) {
        let sentence = std::mem::take(&mut self.current);
        self.clause = 0;
        if !sentence.items.is_empty() {
            emit(sentence);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_full_stops_before_capitals() {
        let line = "The U.S. has sanctioned firms. Europe is wary! e.g. this. 3 more | Next cell";
        let starts = sentence_starts(line);
        let pieces: Vec<&str> = starts.iter().map(|s| &line[*s..]).collect();
        assert_eq!(pieces.len(), 3, "{pieces:?}");
        assert!(pieces[0].starts_with("Europe is wary!"));
        assert!(pieces[1].starts_with("3 more"));
        assert!(pieces[2].starts_with("Next cell"));
    }

    fn entity(line: u64, at: usize) -> Item {
        Item { line, at, clause: 0, text: String::new(), kind: ItemKind::Entity { entity: 0 } }
    }

    #[test]
    fn wrapped_lines_make_one_sentence_and_headings_stand_alone() {
        let mut sentences = Vec::new();
        let mut emit = |s: Sentence| sentences.push((s.first_line, s.last_line, s.items.len()));
        let mut assembler = Assembler::default();
        assembler.push_line(1, "A Short Heading", false, vec![entity(1, 2)], &mut emit);
        assembler.push_line(
            2,
            "China supplied nitrocellulose to Russia over the whole of the year",
            false,
            vec![entity(2, 0)],
            &mut emit,
        );
        assembler.push_line(
            3,
            "and Belarus; the volume grew. Then it fell",
            false,
            vec![entity(3, 4), entity(3, 35)],
            &mut emit,
        );
        assembler.push_line(4, "", false, vec![], &mut emit);
        assert_eq!(sentences, [(1, 1, 1), (2, 3, 2), (3, 3, 1)]);
    }

    #[test]
    fn clauses_are_counted_within_a_sentence() {
        let mut clauses = Vec::new();
        let mut emit = |s: Sentence| clauses.extend(s.items.iter().map(|i| i.clause));
        let mut assembler = Assembler::default();
        let line = "China (and Iran) supply Russia; Belarus - too.";
        let at = |w: &str| line.find(w).unwrap();
        let items =
            vec![entity(1, at("China")), entity(1, at("Iran")), entity(1, at("Russia")), entity(1, at("Belarus"))];
        assembler.push_line(1, line, false, items, &mut emit);
        assert_eq!(clauses, [0, 1, 2, 3]);
    }
}
