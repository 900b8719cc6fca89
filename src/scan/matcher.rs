//! One Aho-Corasick automaton over every entity name, cue word and hedge, folded: a line is read
//! once and yields whole-word matches, longest first where they overlap.

use super::lexicon::Lexicon;
use super::text::{all_capitals, fold_name, is_acronym, plural_forms, Folded};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// What a folded pattern stands for (a pattern may stand for several things).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// A name of an entity; `preferred` for its label rather than an alias.
    Entity { entity: usize, preferred: bool },
    /// A cue word of a fact kind; `cue` indexes `Lexicon::fact_cues`.
    Cue { cue: usize },
    /// A hedge; indexes `Lexicon::hedges`.
    Hedge { hedge: usize },
}

#[derive(Debug, Default)]
struct Pattern {
    targets: Vec<Target>,
    /// Written in capitals in the store: matches only text in capitals.
    acronym: bool,
    /// Written with a final full stop in the store ("U.S."): the match takes the text's one too.
    dotted: bool,
}

/// A match in a line: the original byte range and what it stands for.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) targets: Vec<Target>,
    /// For an entity name inside a longer match ("UN General Assembly" in "UN General Assembly
    /// resolutions condemning Russian aggression"): the longer match's byte range.
    pub(crate) within: Option<(usize, usize)>,
}

/// The automaton and what each of its patterns stands for.
pub(crate) struct Matcher {
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
    /// Folded text (prefixed `A` for acronyms, `a` otherwise) -> pattern.
    index: HashMap<String, usize>,
}

impl Matcher {
    /// Builds the automaton from the lexicon's names, cue words and hedges.
    pub(crate) fn new(lexicon: &Lexicon) -> Self {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut add = |name: &str, target: Target, plurals: bool| {
            let folded = fold_name(name);
            if folded.is_empty() {
                return;
            }
            let acronym = is_acronym(name);
            let mut forms = vec![folded.clone()];
            if plurals && !acronym {
                forms.extend(plural_forms(&folded));
            }
            for form in forms {
                // The same text as an acronym and as a plain word are two patterns.
                let key = format!("{}{form}", if acronym { "A" } else { "a" });
                let at = *index.entry(key).or_insert_with(|| {
                    texts.push(format!(" {form} "));
                    patterns.push(Pattern { targets: Vec::new(), acronym, dotted: false });
                    patterns.len() - 1
                });
                patterns[at].dotted |= name.ends_with('.');
                if !patterns[at].targets.contains(&target) {
                    patterns[at].targets.push(target);
                }
            }
        };
        for entry in &lexicon.names {
            add(&entry.name, Target::Entity { entity: entry.entity, preferred: entry.preferred }, true);
        }
        for (cue, fact_cue) in lexicon.fact_cues.iter().enumerate() {
            add(&fact_cue.word, Target::Cue { cue }, false);
        }
        for (hedge, word) in lexicon.hedges.iter().enumerate() {
            add(word, Target::Hedge { hedge }, false);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&texts)
            .expect("an Aho-Corasick automaton over folded names builds");
        Matcher { automaton, patterns, index }
    }

    /// The entities a whole name stands for, looked up as the automaton would match it.
    pub(crate) fn entities_named(&self, name: &str) -> Vec<Target> {
        let folded = fold_name(name);
        let mut keys = vec![format!("a{folded}")];
        if all_capitals(name) {
            keys.push(format!("A{folded}"));
        }
        keys.iter()
            .filter_map(|key| self.index.get(key))
            .flat_map(|&at| self.patterns[at].targets.iter().copied())
            .filter(|t| matches!(t, Target::Entity { .. }))
            .collect()
    }

    /// Every whole-word match in `line`: overlapping matches give way to the longest (then the
    /// leftmost); names in capitals only match text in capitals. Entity names inside a longer
    /// match come too, marked `within` it. Sorted by position.
    pub(crate) fn find(&self, line: &str) -> Vec<Found> {
        let folded = Folded::new(line);
        let mut raw: Vec<(usize, usize, usize)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(&folded.text) {
            // The pattern is padded: the words are inside the spaces.
            let (start, end) = (m.start() + 1, m.end() - 1);
            let pattern = &self.patterns[m.pattern().as_usize()];
            if pattern.acronym {
                let (from, to) = folded.original_range(line, start, end);
                if !all_capitals(&line[from..to]) {
                    continue;
                }
            }
            raw.push((start, end, m.pattern().as_usize()));
        }
        raw.sort_by_key(|&(start, end, _)| (std::cmp::Reverse(end - start), start));
        let mut taken = vec![false; folded.text.len()];
        let mut inner_taken = vec![false; folded.text.len()];
        let mut outer: Vec<(usize, usize, usize)> = Vec::new();
        let mut found = Vec::new();
        for (start, end, pattern) in raw {
            let targets = &self.patterns[pattern].targets;
            let (from, mut to) = folded.original_range(line, start, end);
            if self.patterns[pattern].dotted && line[to..].starts_with('.') {
                to += 1;
            }
            if !taken[start..end].iter().any(|t| *t) {
                taken[start..end].iter_mut().for_each(|t| *t = true);
                outer.push((start, end, pattern));
                found.push(Found { start: from, end: to, targets: targets.clone(), within: None });
                continue;
            }
            // Inside one longer match (not straddling two), and not overlapping another inner name.
            let Some(at) = outer.iter().position(|&(s, e, _)| s <= start && end <= e && end - start < e - s) else {
                continue;
            };
            let (s, e, outer_pattern) = outer[at];
            // Names of other entities than the longer name's own ("Buk" in "Buk air defense systems" is not).
            let outer_targets = &self.patterns[outer_pattern].targets;
            let entities: Vec<Target> = targets
                .iter()
                .filter(|t| match t {
                    Target::Entity { entity, .. } => !outer_targets
                        .iter()
                        .any(|o| matches!(o, Target::Entity { entity: other, .. } if other == entity)),
                    _ => false,
                })
                .copied()
                .collect();
            if entities.is_empty() || inner_taken[start..end].iter().any(|t| *t) {
                continue;
            }
            inner_taken[start..end].iter_mut().for_each(|t| *t = true);
            let within = folded.original_range(line, s, e);
            found.push(Found { start: from, end: to, targets: entities, within: Some(within) });
        }
        found.sort_by_key(|f| (f.start, f.within.is_some()));
        found
    }
}
