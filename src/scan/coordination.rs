//! Names a coordinated phrase spells out only once: "Turkish, Emirati, and Central Asian banks"
//! names Turkish banks and Emirati banks too; "Chinese banks and chipmakers" names Chinese
//! chipmakers; "Chinese electronics, chemical, and trading firms" names Chinese chemical firms.
//! Each reading is offered as a whole name; only those the lexicon knows become mentions.

/// Words that end a conjunct: a coordinated name does not run over them.
const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "on",
    "in",
    "to",
    "for",
    "with",
    "by",
    "from",
    "at",
    "as",
    "and",
    "or",
    "that",
    "which",
    "who",
    "its",
    "their",
    "his",
    "her",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "include",
    "includes",
    "including",
    "such",
    "like",
    "between",
    "against",
    "over",
    "than",
    "then",
    "if",
    "but",
    "not",
    "no",
    "some",
    "many",
    "all",
    "both",
    "into",
    "via",
    "through",
    "while",
    "when",
    "after",
    "before",
    "these",
    "those",
    "this",
];

/// Longest conjunct, in words.
const MAX_WORDS: usize = 3;

/// A whole name read from a coordinated phrase, and the words of the line it stands on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expansion {
    /// Byte range of the conjunct's own words in the line.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The whole name: "Emirati banks".
    pub(crate) name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    Space,
    Comma,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    after: After,
}

fn tokens(line: &str) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut open: Option<usize> = None;
    let mut gap = String::new();
    let close = |words: &mut Vec<Word>, gap: &mut String| {
        if let Some(last) = words.last_mut() {
            last.after = if gap.trim().is_empty() {
                After::Space
            } else if gap.trim() == "," {
                After::Comma
            } else {
                After::Other
            };
        }
        gap.clear();
    };
    for (at, c) in line.char_indices() {
        let inner = c.is_alphanumeric() || (open.is_some() && "'’-".contains(c));
        match (inner, open) {
            (true, None) => {
                close(&mut words, &mut gap);
                open = Some(at);
            }
            (false, Some(start)) => {
                words.push(Word { start, end: at, after: After::Other });
                open = None;
                gap.push(c);
            }
            (false, None) => gap.push(c),
            (true, Some(_)) => {}
        }
    }
    if let Some(start) = open {
        words.push(Word { start, end: line.len(), after: After::Other });
    } else {
        gap.push('.');
        close(&mut words, &mut gap);
    }
    words
}

/// The whole names the coordinated phrases of `line` give.
pub(crate) fn expansions(line: &str) -> Vec<Expansion> {
    let words = tokens(line);
    let text = |w: &Word| &line[w.start..w.end];
    let stop = |w: &Word| STOP.contains(&text(w).to_lowercase().as_str());
    let mut found = Vec::new();
    for k in 1..words.len().saturating_sub(1) {
        if !matches!(text(&words[k]), "and" | "or") || words[k].after != After::Space {
            continue;
        }
        // The conjunct after the conjunction: up to three words joined by spaces.
        let mut right = vec![k + 1];
        while right.len() < MAX_WORDS {
            let last = *right.last().expect("a word");
            if words[last].after != After::Space || last + 1 >= words.len() || stop(&words[last + 1]) {
                break;
            }
            right.push(last + 1);
        }
        if stop(&words[k + 1]) {
            continue;
        }
        // The conjuncts before it, separated by commas, each up to three words.
        let mut items: Vec<Vec<usize>> = Vec::new();
        let mut end = k - 1;
        if !matches!(words[end].after, After::Space | After::Comma) {
            continue;
        }
        loop {
            if stop(&words[end]) {
                break;
            }
            let mut item = vec![end];
            while item.len() < MAX_WORDS && item[0] > 0 {
                let before = item[0] - 1;
                if words[before].after != After::Space || stop(&words[before]) {
                    break;
                }
                item.insert(0, before);
            }
            let first = item[0];
            items.insert(0, item);
            if first == 0 || words[first - 1].after != After::Comma {
                break;
            }
            end = first - 1;
        }
        if items.is_empty() {
            continue;
        }
        let span = |item: &[usize]| (words[item[0]].start, words[*item.last().expect("a word")].end);
        let join = |item: &[usize]| item.iter().map(|&i| text(&words[i])).collect::<Vec<_>>().join(" ");
        let mut add = |(start, end): (usize, usize), name: String| {
            let expansion = Expansion { start, end, name };
            if !found.contains(&expansion) {
                found.push(expansion);
            }
        };
        // Where the conjuncts end and the first begins is not marked: try each extent.
        for first_from in 0..items[0].len() {
            let first = &items[0][first_from..];
            // Words of the first conjunct before its last one may qualify every conjunct ("Chinese").
            let prefix = (first.len() > 1).then(|| join(&first[..first.len() - 1]));
            let lefts: Vec<&[usize]> = std::iter::once(first).chain(items[1..].iter().map(Vec::as_slice)).collect();
            for right_len in 1..=right.len() {
                let right = &right[..right_len];
                let head = text(&words[*right.last().expect("a word")]);
                for (i, item) in lefts.iter().enumerate() {
                    if right.len() > 1 {
                        // The head shared: "Emirati" + "banks".
                        add(span(item), format!("{} {head}", join(item)));
                        if let (Some(prefix), true) = (&prefix, i > 0) {
                            add(span(item), format!("{prefix} {} {head}", join(item)));
                        }
                    }
                    if let (Some(prefix), true) = (&prefix, i > 0) {
                        // The qualifier shared: "Russian" + "drones".
                        add(span(item), format!("{prefix} {}", join(item)));
                    }
                }
                if let Some(prefix) = &prefix {
                    add(span(right), format!("{prefix} {}", join(right)));
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<String> {
        expansions(line).into_iter().map(|e| e.name).collect()
    }

    #[test]
    fn shared_heads_and_qualifiers_are_spelled_out() {
        let read = names("US secondary sanctions on Turkish, Emirati, and Central Asian banks suspected");
        assert!(read.contains(&"Turkish banks".to_owned()) && read.contains(&"Emirati banks".to_owned()), "{read:?}");
        let read = names("sanctions on dozens of Chinese electronics, chemical, and trading firms documented");
        for name in ["Chinese electronics firms", "Chinese chemical firms", "Chinese trading firms"] {
            assert!(read.contains(&name.to_owned()), "{name}: {read:?}");
        }
        let read = names("financial sanctions on Chinese banks and chipmakers if China");
        assert!(read.contains(&"Chinese chipmakers".to_owned()), "{read:?}");
        let read = names("inside Russian missiles, drones, and electronic warfare systems captured by Ukraine");
        assert!(read.contains(&"Russian drones".to_owned()), "{read:?}");
        assert!(names("China and Russia").iter().all(|n| n != "China Russia"));
        let emirati =
            expansions("on Turkish, Emirati, and Central Asian banks").into_iter().find(|e| e.name == "Emirati banks");
        assert_eq!(emirati.map(|e| (e.start, e.end)), Some((12, 19)));
    }
}
