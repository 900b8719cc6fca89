//! Text folded for matching: lower case, accents spelled out, every run of punctuation and space
//! one space, with a map back to the original text. Names and cue words are folded the same way,
//! so "Russia’s", "RUSSIA'S" and "russia s" all hold the word "russia".

/// A line folded for matching, padded with a space at each end so that a pattern padded the same
/// way only matches whole words.
#[derive(Debug, Default)]
pub(crate) struct Folded {
    /// The folded text: ASCII lower-case letters and digits, single spaces, a space at each end.
    pub(crate) text: String,
    /// For each byte of `text`, the byte offset in the original of the character it came from.
    origin: Vec<usize>,
    /// Length of the original text in bytes.
    original_len: usize,
}

impl Folded {
    /// Folds `line`.
    pub(crate) fn new(line: &str) -> Self {
        let mut folded = Folded {
            text: String::with_capacity(line.len() + 2),
            origin: Vec::with_capacity(line.len() + 2),
            original_len: line.len(),
        };
        folded.push(' ', 0);
        for (at, c) in line.char_indices() {
            if c.is_ascii() {
                folded.push_folded(c, at);
            } else {
                match deunicode::deunicode_char(c) {
                    Some(spelled) => {
                        for s in spelled.chars() {
                            folded.push_folded(s, at);
                        }
                    }
                    None => folded.push_folded(' ', at),
                }
            }
        }
        folded.push(' ', line.len());
        folded
    }

    fn push_folded(&mut self, c: char, at: usize) {
        if c.is_ascii_alphanumeric() {
            self.push(c.to_ascii_lowercase(), at);
        } else if !self.text.ends_with(' ') {
            self.push(' ', at);
        }
    }

    fn push(&mut self, c: char, at: usize) {
        if c == ' ' && self.text.ends_with(' ') {
            return;
        }
        self.text.push(c);
        self.origin.push(at);
    }

    /// The byte range in the original text of the folded bytes `start..end` (a run of whole
    /// words, without the spaces around them).
    pub(crate) fn original_range(&self, line: &str, start: usize, end: usize) -> (usize, usize) {
        let from = self.origin[start];
        let last = self.origin[end - 1];
        let to = line[last..].chars().next().map_or(self.original_len, |c| last + c.len_utf8());
        (from, to)
    }
}

/// A name or cue word folded as text is, without the padding spaces: "Russia's war" -> "russia s war".
pub(crate) fn fold_name(name: &str) -> String {
    Folded::new(name).text.trim().to_owned()
}

/// Whether a name is written in capitals (an acronym such as US, PLA or U.S.): such a name only
/// matches text written in capitals, so that the pronoun "us" is not the United States.
pub(crate) fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// Whether every letter of `text` is a capital.
pub(crate) fn all_capitals(text: &str) -> bool {
    text.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase())
}

/// The 1-based column (in characters) of byte offset `at` of `line`.
pub(crate) fn column(line: &str, at: usize) -> usize {
    line[..at].chars().count() + 1
}

/// English plural forms of a folded name's last word, so that "Shahed-type drone" also matches
/// "Shahed-type drones": `s`, `es` after a sibilant, `ies` for a consonant and `y`.
pub(crate) fn plural_forms(folded: &str) -> Vec<String> {
    let last = folded.rsplit(' ').next().unwrap_or(folded);
    if last.len() < 3 || !last.chars().all(|c| c.is_ascii_lowercase()) || last.ends_with('s') {
        return Vec::new();
    }
    if ["x", "ch", "sh", "z"].iter().any(|end| last.ends_with(end)) {
        return vec![format!("{folded}es")];
    }
    if folded.ends_with('o') {
        return vec![format!("{folded}es"), format!("{folded}s")];
    }
    if let Some(stem) = folded.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) {
            return vec![format!("{stem}ies")];
        }
    }
    vec![format!("{folded}s")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_words_and_maps_back() {
        let line = "Since Russia’s full-scale invasion, “Zélensky” said";
        let folded = Folded::new(line);
        assert_eq!(folded.text, " since russia s full scale invasion zelensky said ");
        let at = folded.text.find("zelensky").unwrap();
        let (from, to) = folded.original_range(line, at, at + "zelensky".len());
        assert_eq!(&line[from..to], "Zélensky");
        let at = folded.text.find("russia").unwrap();
        let (from, to) = folded.original_range(line, at, at + "russia".len());
        assert_eq!(&line[from..to], "Russia");
    }

    #[test]
    fn names_fold_like_text() {
        assert_eq!(fold_name("People's Liberation Army"), "people s liberation army");
        assert_eq!(fold_name("U.S."), "u s");
        assert_eq!(fold_name("CCP Hardliners & Security"), "ccp hardliners security");
        assert_eq!(fold_name("  "), "");
    }

    #[test]
    fn acronyms_are_names_in_capitals() {
        assert!(is_acronym("US") && is_acronym("U.S.") && is_acronym("NORINCO"));
        assert!(!is_acronym("F-16") && !is_acronym("Xi") && !is_acronym("Belarus"));
        assert!(all_capitals("U.S.") && !all_capitals("us"));
    }

    #[test]
    fn plurals_of_the_last_word() {
        assert_eq!(plural_forms("shahed type drone"), ["shahed type drones"]);
        assert_eq!(plural_forms("strategic ambiguity"), ["strategic ambiguities"]);
        assert_eq!(plural_forms("match"), ["matches"]);
        assert_eq!(plural_forms("military cargo"), ["military cargoes", "military cargos"]);
        assert!(plural_forms("sanctions").is_empty());
        assert!(plural_forms("xi").is_empty());
    }
}
