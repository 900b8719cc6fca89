//! What the builder reads from the data, sorted by kind before the nodes and facts are known:
//! typings, names, evidence links and every subject's other statements. From one pass over the
//! stated data when the source's stated data holds everything (the store), from a scan per
//! kind otherwise (an endpoint, the part of one a walk reached). Subjects and values are kept
//! once each and named by number: a million facts repeat the same IRIs many times over.

use super::{FastMap, FastState};
use crate::graph::ClassId;
use crate::rdf::vocab;
use crate::store::{QueryError, Source};
use indexmap::IndexSet;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{BlankNodeRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, QuadRef, TermRef};
use rayon::prelude::*;
use std::collections::HashMap;

/// Threads at most for the one pass over the store.
const MAX_THREADS: usize = 4;

/// How many parts (threads) the build reads the store in: as many as the thread pool it runs
/// in when it runs in one (a test's), every core otherwise, at most `MAX_THREADS`. Asking rayon
/// outside a pool starts its global pool before the pass, which raised the build's peak memory
/// by 65 MiB (7%) on the 2.1M-triple store (measured; most likely the allocator arenas the
/// threads are given).
pub fn read_parts() -> usize {
    match rayon::current_thread_index() {
        Some(_) => rayon::current_num_threads(),
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    }
    .clamp(1, MAX_THREADS)
}

/// A subject's statement: its predicate (an index into `Gathered::predicates`), the value (a
/// literal's text or a resource's key, in `Gathered::strings`) and whether it is a literal.
pub(super) type Statement = (u32, u32, bool);

/// The strings read (resources' keys, literals' texts), each kept once and named by its number.
#[derive(Default)]
pub(super) struct Strings(IndexSet<Box<str>, FastState>);

impl Strings {
    /// The number of `text`, kept now if it is new.
    fn keep(&mut self, text: &str) -> u32 {
        let index = match self.0.get_index_of(text) {
            Some(index) => index,
            None => self.0.insert_full(text.into()).0,
        };
        u32::try_from(index).expect("fewer than 2^32 distinct strings (memory runs out long before)")
    }

    /// The number of `text`, if it was read.
    pub(super) fn find(&self, text: &str) -> Option<u32> {
        self.0.get_index_of(text).map(|index| index as u32)
    }

    /// The text numbered `id`.
    pub(super) fn get(&self, id: u32) -> &str {
        &self.0[id as usize]
    }

    /// The number of a resource's key (its IRI, or `_:id` for a blank node).
    fn keep_resource(&mut self, resource: NamedOrBlankNodeRef<'_>, scratch: &mut String) -> u32 {
        match resource {
            NamedOrBlankNodeRef::NamedNode(n) => self.keep(n.as_str()),
            NamedOrBlankNodeRef::BlankNode(b) => self.keep(blank_key(b, scratch)),
        }
    }
}

/// `_:id` for a blank node, written into `scratch` rather than allocated for every statement.
fn blank_key<'s>(blank: BlankNodeRef<'_>, scratch: &'s mut String) -> &'s str {
    scratch.clear();
    scratch.push_str("_:");
    scratch.push_str(blank.as_str());
    scratch
}

/// The data as the builder needs it.
#[derive(Default)]
pub(super) struct Gathered {
    /// (subject, class) for every typing with a class the ontology knows.
    pub(super) types: Vec<(u32, ClassId)>,
    /// (subject, alias?, name) for every English or untagged name.
    pub(super) names: Vec<(u32, bool, String)>,
    /// (owner, evidence record) for every `ag:evidence` link to a resource.
    pub(super) evidence: Vec<(u32, u32)>,
    /// Each subject's statements other than typings and evidence links, in the order read.
    pub(super) statements: FastMap<u32, Vec<Statement>>,
    /// The predicates statements name.
    pub(super) predicates: Vec<String>,
    predicate_index: FastMap<String, u32>,
    /// Every subject's key and value the other fields name by number.
    pub(super) strings: Strings,
    /// A blank node's key, written here rather than allocated for every statement read.
    key: String,
}

/// Which kinds one quad may feed.
#[derive(Clone, Copy)]
struct Kinds {
    types: bool,
    names: bool,
    evidence: bool,
    statements: bool,
}

impl Kinds {
    const ALL: Kinds = Kinds { types: true, names: true, evidence: true, statements: true };
    const NONE: Kinds = Kinds { types: false, names: false, evidence: false, statements: false };
}

impl Gathered {
    /// Reads `source` for the builder: `classes` are the classes worth a typing; `name_properties`
    /// the properties that name things, each with whether it gives a preferred name.
    pub(super) fn read<S: Source + ?Sized>(
        source: &S,
        classes: &HashMap<String, ClassId>,
        name_properties: &[(NamedNode, bool)],
    ) -> Result<Gathered, QueryError> {
        let mut gathered = Gathered::default();
        // A property listed both ways gives preferred names.
        let mut preferred: HashMap<&str, bool> = HashMap::new();
        for (property, is_preferred) in name_properties {
            *preferred.entry(property.as_str()).or_default() |= *is_preferred;
        }
        if source.stated_holds_everything() {
            // One pass, shared out between threads by predicate, each thread gathering its part.
            let mut parts: Vec<Gathered> = (0..read_parts()).map(|_| Gathered::default()).collect();
            {
                let preferred = &preferred;
                let mut takers: Vec<_> = parts
                    .iter_mut()
                    .map(|part| move |quad: QuadRef<'_>| part.take(quad, Kinds::ALL, classes, preferred))
                    .collect();
                let mut sinks: Vec<&mut (dyn FnMut(QuadRef<'_>) + Send)> =
                    takers.iter_mut().map(|taker| taker as &mut (dyn FnMut(QuadRef<'_>) + Send)).collect();
                source.scan_stated_shared(&mut sinks)?;
            }
            // The first part as it is, the others numbered into it.
            let mut parts = parts.into_iter();
            gathered = parts.next().unwrap_or_default();
            for part in parts {
                gathered.merge(part);
            }
            // A subject's statements in one order whichever thread read them: by predicate (each
            // predicate's own in the order read).
            let rank: Vec<usize> = {
                let mut order: Vec<usize> = (0..gathered.predicates.len()).collect();
                order.sort_by(|a, b| gathered.predicates[*a].cmp(&gathered.predicates[*b]));
                let mut rank = vec![0; order.len()];
                for (position, predicate) in order.into_iter().enumerate() {
                    rank[predicate] = position;
                }
                rank
            };
            gathered
                .statements
                .par_iter_mut()
                .for_each(|(_, statements)| statements.sort_by_key(|(predicate, _, _)| rank[*predicate as usize]));
            return Ok(gathered);
        }
        source.scan(Some(rdf::TYPE), &mut |quad| {
            gathered.take(quad.as_ref(), Kinds { types: true, ..Kinds::NONE }, classes, &preferred)
        })?;
        let mut properties: Vec<NamedNodeRef<'_>> = preferred.keys().map(|p| NamedNodeRef::new_unchecked(p)).collect();
        properties.sort();
        for property in properties {
            source.scan(Some(property), &mut |quad| {
                gathered.take(quad.as_ref(), Kinds { names: true, ..Kinds::NONE }, classes, &preferred)
            })?;
        }
        source.scan(Some(vocab::EVIDENCE), &mut |quad| {
            gathered.take(quad.as_ref(), Kinds { evidence: true, ..Kinds::NONE }, classes, &preferred)
        })?;
        source.scan_stated(&mut |quad| {
            gathered.take(quad.as_ref(), Kinds { statements: true, ..Kinds::NONE }, classes, &preferred)
        })?;
        Ok(gathered)
    }

    /// Adds what another thread gathered, its strings and predicates numbered anew.
    fn merge(&mut self, other: Gathered) {
        let strings: Vec<u32> = other.strings.0.iter().map(|text| self.strings.keep(text)).collect();
        let string = |id: u32| strings[id as usize];
        let predicates: Vec<u32> = other.predicates.iter().map(|p| self.intern(p)).collect();
        self.types.extend(other.types.into_iter().map(|(subject, class)| (string(subject), class)));
        self.names.extend(other.names.into_iter().map(|(subject, alias, name)| (string(subject), alias, name)));
        self.evidence.extend(other.evidence.into_iter().map(|(owner, record)| (string(owner), string(record))));
        self.statements.reserve(other.statements.len());
        for (subject, mut statements) in other.statements {
            for (predicate, value, _) in &mut statements {
                *predicate = predicates[*predicate as usize];
                *value = string(*value);
            }
            match self.statements.get_mut(&string(subject)) {
                Some(known) => known.append(&mut statements),
                None => {
                    self.statements.insert(string(subject), statements);
                }
            }
        }
    }

    fn intern(&mut self, predicate: &str) -> u32 {
        if let Some(index) = self.predicate_index.get(predicate) {
            return *index;
        }
        let index = self.predicates.len() as u32;
        self.predicates.push(predicate.to_owned());
        self.predicate_index.insert(predicate.to_owned(), index);
        index
    }

    fn take(
        &mut self,
        quad: QuadRef<'_>,
        kinds: Kinds,
        classes: &HashMap<String, ClassId>,
        names: &HashMap<&str, bool>,
    ) {
        if quad.predicate == rdf::TYPE {
            if kinds.types {
                if let TermRef::NamedNode(class) = quad.object {
                    if let Some(class) = classes.get(class.as_str()) {
                        let subject = self.strings.keep_resource(quad.subject, &mut self.key);
                        self.types.push((subject, *class));
                    }
                }
            }
            return;
        }
        if quad.predicate == vocab::EVIDENCE {
            if kinds.evidence {
                if let Some(record) = resource_of(quad.object) {
                    let owner = self.strings.keep_resource(quad.subject, &mut self.key);
                    let record = self.strings.keep_resource(record, &mut self.key);
                    self.evidence.push((owner, record));
                }
            }
            return;
        }
        if kinds.names {
            if let (Some(preferred), TermRef::Literal(name)) = (names.get(quad.predicate.as_str()), quad.object) {
                let english = name
                    .language()
                    .is_none_or(|l| l.eq_ignore_ascii_case("en") || l.to_ascii_lowercase().starts_with("en-"));
                if english {
                    let subject = self.strings.keep_resource(quad.subject, &mut self.key);
                    self.names.push((subject, !preferred, name.value().to_owned()));
                }
            }
        }
        if kinds.statements {
            let predicate = match self.predicate_index.get(quad.predicate.as_str()) {
                Some(index) => *index,
                None => self.intern(quad.predicate.as_str()),
            };
            let (value, literal) = match (quad.object, resource_of(quad.object)) {
                (TermRef::Literal(l), _) => (self.strings.keep(l.value()), true),
                (_, Some(resource)) => (self.strings.keep_resource(resource, &mut self.key), false),
                // Neither (a triple term, which this build of Oxigraph does not read): empty.
                (_, None) => (self.strings.keep(""), false),
            };
            let subject = self.strings.keep_resource(quad.subject, &mut self.key);
            self.statements.entry(subject).or_default().push((predicate, value, literal));
        }
    }
}

/// A term as a resource (an IRI or a blank node), if it is one.
fn resource_of(term: TermRef<'_>) -> Option<NamedOrBlankNodeRef<'_>> {
    match term {
        TermRef::NamedNode(n) => Some(n.into()),
        TermRef::BlankNode(b) => Some(b.into()),
        _ => None,
    }
}
