//! Names a text gives that the graph does not know yet: runs of capitalised words ("Kyiv School
//! of Economics", "NORINCO") outside known names, leaving out title-case headings, words that
//! only start a sentence and adjectives of nationality. A word of the name that the ontology
//! declares for an entity class ("Ministry", "Bank", "Institute") suggests the new entity's class.

use super::lexicon::Lexicon;
use super::sentences::sentence_starts;
use super::text::{column, is_acronym};

/// Small words that may join the capitalised words of one name.
const CONNECTORS: &[&str] = &["of", "and", "for", "the", "de", "du", "la", "le", "von", "van", "al", "&"];

/// Capitalised words that are not names.
const NOT_NAMES: &[&str] = &[
    "I",
    "A",
    "An",
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "You",
    "Our",
    "Their",
    "His",
    "Her",
    "In",
    "On",
    "At",
    "By",
    "For",
    "Of",
    "To",
    "And",
    "But",
    "Or",
    "If",
    "As",
    "Yet",
    "So",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Endings of adjectives of nationality or doctrine (Chinese, Russian, European, Western, Maoist).
const ADJECTIVE_ENDINGS: &[&str] = &["ese", "ian", "ians", "ican", "icans", "ean", "eans", "ish", "ern", "ist", "ists"];

/// A possible new name in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameHit {
    pub(crate) text: String,
    pub(crate) column: usize,
    /// An entity class one of its words suggests.
    pub(crate) class: Option<usize>,
}

#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    capitalised: bool,
    connector: bool,
    known: bool,
    sentence_start: bool,
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && word.chars().any(char::is_alphabetic)
}

/// Whether a stretch of text is a title-case heading: most of its longer words capitalised, and
/// no full stop at its end.
fn is_title_case(text: &str) -> bool {
    if text.trim_end().ends_with(['.', '!', '?']) {
        return false;
    }
    let long: Vec<&str> =
        text.split_whitespace().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4).collect();
    let capitalised =
        long.iter().filter(|w| is_capitalised(w.trim_start_matches(|c: char| !c.is_alphabetic()))).count();
    long.len() >= 2 && capitalised * 10 >= long.len() * 7
}

/// Splits `line[from..to]` into words (letters, digits, `&`, and the `'`, `’`, `-`, `.` inside
/// them) and punctuation marks, which end a run of words (`start == end`). The first word with a
/// letter starts the sentence.
fn words(line: &str, from: usize, to: usize, known: &[(usize, usize)]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut seen_letters = false;
    let mut restart = false;
    let mut push = |start: usize, end: usize, words: &mut Vec<Word>, restart: &mut bool| {
        let word = line[start..end].trim_end_matches(['\'', '’', '-', '.']);
        if word.is_empty() {
            return;
        }
        let end = start + word.len();
        let has_letters = word.chars().any(char::is_alphabetic);
        words.push(Word {
            start,
            end,
            capitalised: is_capitalised(word) && !NOT_NAMES.contains(&word),
            connector: CONNECTORS.contains(&word),
            known: known.iter().any(|&(s, e)| start < e && s < end),
            sentence_start: has_letters && (!seen_letters || *restart),
        });
        seen_letters |= has_letters;
        *restart &= !has_letters;
    };
    let mut open: Option<usize> = None;
    for (i, c) in line[from..to].char_indices() {
        let at = from + i;
        let inner = c.is_alphanumeric() || c == '&' || (open.is_some() && "'’-.".contains(c));
        if inner {
            open.get_or_insert(at);
            continue;
        }
        if let Some(start) = open.take() {
            push(start, at, &mut words, &mut restart);
        }
        if !c.is_whitespace() {
            words.push(Word {
                start: at,
                end: at,
                capitalised: false,
                connector: false,
                known: false,
                sentence_start: false,
            });
            // What follows a colon or a bracket starts afresh ("Profits: Supplying...", "(1) Secondary").
            if matches!(c, ':' | '(' | ')') {
                restart = true;
            }
        }
    }
    if let Some(start) = open {
        push(start, to, &mut words, &mut restart);
    }
    words
}

/// The possible new names in `line`, given the byte ranges of the known names found in it.
pub(crate) fn new_names(lexicon: &Lexicon, line: &str, known: &[(usize, usize)]) -> Vec<NameHit> {
    let mut hits = Vec::new();
    let starts = sentence_starts(line);
    let bounds: Vec<(usize, usize)> = std::iter::once(0)
        .chain(starts.iter().copied())
        .zip(starts.iter().copied().chain(std::iter::once(line.len())))
        .collect();
    for (from, to) in bounds {
        if is_title_case(&line[from..to]) {
            continue;
        }
        // A title-case lead-in before a colon ("Strategic Rivalry with the West: they...").
        let from = match line[from..to].find(':') {
            Some(colon)
                if line[from..from + colon].split_whitespace().count() <= 8
                    && is_title_case(&line[from..from + colon]) =>
            {
                from + colon + 1
            }
            _ => from,
        };
        let words = words(line, from, to, known);
        let mut i = 0;
        while i < words.len() {
            if !words[i].capitalised || words[i].known {
                i += 1;
                continue;
            }
            // A run of capitalised words, joined by connectors.
            let mut run = vec![i];
            let mut j = i + 1;
            while j < words.len() {
                let word = words[j];
                if word.start == word.end || word.known {
                    break;
                }
                if word.capitalised {
                    run.push(j);
                    j += 1;
                } else if word.connector && words.get(j + 1).is_some_and(|w| w.capitalised && !w.known) {
                    // "and" joins two names unless what follows names a kind of body
                    // ("National Development and Reform Commission").
                    let joins = !matches!(&line[word.start..word.end], "and" | "&")
                        || words[j + 1..]
                            .iter()
                            .take_while(|w| w.capitalised && !w.known)
                            .any(|w| lexicon.name_cues.iter().any(|(cue, _)| cue == &line[w.start..w.end]));
                    if !joins {
                        break;
                    }
                    run.push(j);
                    j += 1;
                } else {
                    break;
                }
            }
            i = j;
            let followed_by_colon = line[words[*run.last().expect("a word")].end..].trim_start().starts_with(':');
            let class_of = |run: &[usize]| {
                run.iter().rev().find_map(|&k| {
                    let word = &line[words[k].start..words[k].end];
                    lexicon.name_cues.iter().find(|(cue, _)| cue == word).map(|(_, class)| *class)
                })
            };
            if words[run[0]].sentence_start {
                // A lead-in ("Strategic Rivalry:") or a lone word that only starts its sentence.
                let acronym =
                    run.len() == 1 && is_acronym(line[words[run[0]].start..words[run[0]].end].trim_end_matches('s'));
                if followed_by_colon || (run.len() == 1 && !acronym) {
                    continue;
                }
                if class_of(&run).is_none() && !acronym {
                    run.remove(0);
                    while run.first().is_some_and(|&k| words[k].connector) {
                        run.remove(0);
                    }
                }
            }
            if run.is_empty() {
                continue;
            }
            let (start, end) = (words[run[0]].start, words[*run.last().expect("a word")].end);
            let text = &line[start..end];
            if run.len() == 1 {
                let lower = text.to_lowercase();
                // "Chinese-backed", "Maoist-style": adjectives, not names.
                let compound_adjective = text
                    .rsplit(['-', '‑'])
                    .next()
                    .is_some_and(|last| last.chars().next().is_some_and(char::is_lowercase));
                if text.chars().count() < 2
                    || compound_adjective
                    || ADJECTIVE_ENDINGS.iter().any(|e| lower.ends_with(e))
                {
                    continue;
                }
            }
            hits.push(NameHit { text: text.to_owned(), column: column(line, start), class: class_of(&run) });
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str, known: &[&str]) -> Vec<String> {
        let known: Vec<(usize, usize)> =
            known.iter().map(|k| line.find(k).map(|at| (at, at + k.len())).expect("known name in line")).collect();
        new_names(&Lexicon::default(), line, &known).into_iter().map(|h| h.text).collect()
    }

    #[test]
    fn capitalised_runs_outside_known_names() {
        assert_eq!(
            names("Sanctions hit the Bank of Kunlun and Rosoboronexport, says Reuters.", &[]),
            ["Bank of Kunlun", "Rosoboronexport", "Reuters"]
        );
        assert_eq!(
            names("Experts at the Kyiv School of Economics agree.", &["Kyiv School of Economics"]),
            Vec::<String>::new()
        );
        assert_eq!(names("Chinese exports to Western firms rose.", &[]), Vec::<String>::new());
        assert_eq!(names("Strategic Rivalry: they view the war", &[]), Vec::<String>::new());
        assert_eq!(names("The Trade Explosion: $240 Billion and Counting", &[]), Vec::<String>::new());
        assert_eq!(names("Key Chinese interests are at stake at Almaz-Antey.", &[]), ["Almaz-Antey"]);
        assert_eq!(names("• Poland and “Lithuania” warn; the UN agrees", &["Poland", "Lithuania"]), ["UN"]);
    }
}
