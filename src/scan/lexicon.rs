//! What the scan knows, read from the store once: the entities and every name they go by, the
//! ontology's classes (which are facts, which entities, their families and roles), the cue words
//! it declares for fact classes, name words, hedges and units, and the source documents.

use crate::rdf::vocab;
use crate::store::{text_in, GraphStore, QueryError};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

const ENTITIES: &str = include_str!("../sparql/scan_entities.rq");
const CLASSES: &str = include_str!("../sparql/scan_classes.rq");
const CUE_WORDS: &str = include_str!("../sparql/scan_cue_words.rq");
const UNITS: &str = include_str!("../sparql/scan_units.rq");
const ROLES: &str = include_str!("../sparql/scan_roles.rq");
const DOCUMENTS: &str = include_str!("../sparql/scan_documents.rq");

/// A class of the ontology as the scan sees it.
#[derive(Debug, Clone)]
pub(crate) struct ClassInfo {
    pub(crate) iri: String,
    pub(crate) label: String,
    /// The class and every superclass, by index.
    pub(crate) supers: BTreeSet<usize>,
    /// The key of the nearest relation family the class or a superclass declares.
    pub(crate) family: Option<String>,
    pub(crate) template: Option<String>,
    pub(crate) is_fact: bool,
    pub(crate) is_entity: bool,
}

/// An entity a text may name.
#[derive(Debug, Clone)]
pub(crate) struct EntityInfo {
    pub(crate) iri: String,
    pub(crate) label: String,
    /// The most specific class, for display.
    pub(crate) class: Option<usize>,
    /// Every class and superclass.
    pub(crate) classes: BTreeSet<usize>,
}

/// One name an entity goes by.
#[derive(Debug, Clone)]
pub(crate) struct NameEntry {
    pub(crate) name: String,
    pub(crate) entity: usize,
    /// An `rdfs:label` or `skos:prefLabel` rather than an alias.
    pub(crate) preferred: bool,
}

/// A role of a fact class: the property and the class its value must belong to.
#[derive(Debug, Clone)]
pub(crate) struct RoleInfo {
    pub(crate) iri: String,
    pub(crate) label: String,
    pub(crate) range: Option<usize>,
}

/// A fact class cue words point to, with its roles in the order its summary template tells them.
#[derive(Debug, Clone)]
pub(crate) struct FactKind {
    pub(crate) class: usize,
    pub(crate) roles: Vec<RoleInfo>,
    /// How many of the roles (the first ones) the summary template names.
    pub(crate) told: usize,
}

/// A cue word of a fact kind.
#[derive(Debug, Clone)]
pub(crate) struct FactCue {
    pub(crate) word: String,
    /// Index into `Lexicon::fact_kinds`.
    pub(crate) kind: usize,
    /// The wording tells the fact from its second role's side ("bought" for a supply flow: the
    /// recipient first).
    pub(crate) inverse: bool,
}

/// A unit of measure or a currency.
#[derive(Debug, Clone)]
pub(crate) struct UnitInfo {
    pub(crate) iri: String,
    pub(crate) label: String,
    pub(crate) symbol: Option<String>,
    /// ISO 4217 code, for a currency.
    pub(crate) currency: Option<String>,
    /// Counted items (`ag:Piece`): the counted noun may follow a word or two after the number.
    pub(crate) countable: bool,
}

/// A source document the store describes.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct KnownDocument {
    /// Its IRI.
    pub iri: String,
    /// Its file name, if recorded.
    pub file_name: Option<String>,
    /// SHA-256 of its bytes, if recorded.
    pub hash: Option<String>,
    /// Its title, if recorded.
    pub title: Option<String>,
}

/// Everything the scan reads from the store.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub(crate) classes: Vec<ClassInfo>,
    pub(crate) entities: Vec<EntityInfo>,
    pub(crate) names: Vec<NameEntry>,
    pub(crate) fact_kinds: Vec<FactKind>,
    /// Cue words of fact kinds.
    pub(crate) fact_cues: Vec<FactCue>,
    /// Words in a name that suggest an entity class ("Ministry", "Bank").
    pub(crate) name_cues: Vec<(String, usize)>,
    pub(crate) hedges: Vec<String>,
    pub(crate) units: Vec<UnitInfo>,
    /// Unit word or symbol -> unit.
    pub(crate) unit_words: Vec<(String, usize)>,
    pub(crate) documents: Vec<KnownDocument>,
}

impl Lexicon {
    /// Reads the lexicon from the store's visible data.
    pub fn load(store: &GraphStore) -> Result<Self, QueryError> {
        let mut lexicon = Lexicon::default();
        let class_index = lexicon.load_classes(store)?;
        lexicon.load_entities(store, &class_index)?;
        lexicon.load_cue_words(store, &class_index)?;
        lexicon.load_documents(store)?;
        Ok(lexicon)
    }

    fn load_classes(&mut self, store: &GraphStore) -> Result<HashMap<String, usize>, QueryError> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut direct: Vec<BTreeSet<usize>> = Vec::new();
        let mut intern = |iri: &str, classes: &mut Vec<ClassInfo>, direct: &mut Vec<BTreeSet<usize>>| -> usize {
            *index.entry(iri.to_owned()).or_insert_with(|| {
                classes.push(ClassInfo {
                    iri: iri.to_owned(),
                    label: vocab::local_name(iri).to_owned(),
                    supers: BTreeSet::new(),
                    family: None,
                    template: None,
                    is_fact: false,
                    is_entity: false,
                });
                direct.push(BTreeSet::new());
                classes.len() - 1
            })
        };
        let mut own_family: HashMap<usize, String> = HashMap::new();
        for row in store.select(CLASSES, &[])? {
            let Some(iri) = text_in(&row, "class") else { continue };
            let class = intern(&iri, &mut self.classes, &mut direct);
            if let Some(super_iri) = text_in(&row, "super") {
                let parent = intern(&super_iri, &mut self.classes, &mut direct);
                direct[class].insert(parent);
            }
            if let Some(label) = text_in(&row, "label") {
                self.classes[class].label = label;
            }
            if let Some(family) = text_in(&row, "family") {
                own_family.insert(class, family);
            }
            if let Some(template) = text_in(&row, "template") {
                self.classes[class].template = Some(template);
            }
        }
        let relation = index.get(vocab::RELATION.as_str()).copied();
        let entity = index.get(vocab::ENTITY.as_str()).copied();
        for class in 0..self.classes.len() {
            // Every superclass, and the nearest declared family, breadth first.
            let mut seen = BTreeSet::from([class]);
            let mut level = vec![class];
            let mut family = None;
            while !level.is_empty() {
                if family.is_none() {
                    family = level.iter().find_map(|c| own_family.get(c).cloned());
                }
                let next: Vec<usize> =
                    level.iter().flat_map(|c| direct[*c].iter().copied()).filter(|c| seen.insert(*c)).collect();
                level = next;
            }
            let info = &mut self.classes[class];
            info.is_fact = relation.is_some_and(|r| seen.contains(&r));
            info.is_entity = entity.is_some_and(|e| seen.contains(&e));
            info.supers = seen;
            info.family = family;
        }
        Ok(index)
    }

    fn load_entities(&mut self, store: &GraphStore, classes: &HashMap<String, usize>) -> Result<(), QueryError> {
        // Entity -> (names, not preferred first; classes).
        type NamesAndTypes = (BTreeSet<(bool, String)>, BTreeSet<usize>);
        let mut found: BTreeMap<String, NamesAndTypes> = BTreeMap::new();
        for row in store.select(ENTITIES, &[])? {
            let (Some(entity), Some(name)) = (text_in(&row, "entity"), text_in(&row, "name")) else { continue };
            let preferred = text_in(&row, "preferred").is_some_and(|p| p == "true");
            let record = found.entry(entity).or_default();
            // Preferred names sort first: `false` < `true`, so store the negation.
            record.0.insert((!preferred, name));
            if let Some(class) = text_in(&row, "type").and_then(|t| classes.get(&t).copied()) {
                record.1.insert(class);
            }
        }
        for (iri, (names, types)) in found {
            let entity = self.entities.len();
            let class = types
                .iter()
                .copied()
                .filter(|c| self.classes[*c].is_entity)
                .max_by_key(|c| (self.classes[*c].supers.len(), std::cmp::Reverse(self.classes[*c].iri.clone())));
            let all: BTreeSet<usize> = types.iter().flat_map(|c| self.classes[*c].supers.iter().copied()).collect();
            let label = names.iter().next().map(|(_, n)| n.clone()).unwrap_or_else(|| iri.clone());
            for (not_preferred, name) in names {
                self.names.push(NameEntry { name, entity, preferred: !not_preferred });
            }
            self.entities.push(EntityInfo { iri, label, class, classes: all });
        }
        Ok(())
    }

    fn load_cue_words(&mut self, store: &GraphStore, classes: &HashMap<String, usize>) -> Result<(), QueryError> {
        let mut units: BTreeMap<String, UnitInfo> = BTreeMap::new();
        for row in store.select(UNITS, &[])? {
            let Some(iri) = text_in(&row, "unit") else { continue };
            let currency = text_in(&row, "kind").as_deref() == Some(vocab::CURRENCY_CLASS.as_str());
            let unit = units.entry(iri.clone()).or_insert_with(|| UnitInfo {
                label: vocab::local_name(&iri).to_owned(),
                countable: iri == vocab::PIECE.as_str(),
                iri: iri.clone(),
                symbol: None,
                currency: None,
            });
            if let Some(label) = text_in(&row, "label") {
                unit.label = label;
            }
            if let Some(symbol) = text_in(&row, "symbol") {
                unit.symbol = Some(symbol);
            }
            if currency {
                unit.currency = text_in(&row, "key").or_else(|| Some(vocab::local_name(&iri).to_owned()));
            }
        }
        let unit_index: HashMap<String, usize> = units.keys().enumerate().map(|(i, iri)| (iri.clone(), i)).collect();
        self.units = units.into_values().collect();

        let roles = self.roles_by_domain(store, classes)?;
        let mut kind_of_class: HashMap<usize, usize> = HashMap::new();
        let mut rows = store.select(CUE_WORDS, &[])?;
        rows.sort_by_key(|row| (text_in(row, "term"), text_in(row, "cue"), text_in(row, "inverse")));
        let mut seen = BTreeSet::new();
        for row in rows {
            let (Some(term), Some(cue)) = (text_in(&row, "term"), text_in(&row, "cue")) else { continue };
            let cue = cue.trim().to_owned();
            let inverse = text_in(&row, "inverse").is_some_and(|i| i == "true");
            if cue.is_empty() || !seen.insert((term.clone(), cue.clone(), inverse)) {
                continue;
            }
            let kind = text_in(&row, "type");
            if let Some(&class) = classes.get(&term) {
                let info = &self.classes[class];
                if info.is_fact {
                    let next = self.fact_kinds.len();
                    let fact_kind = *kind_of_class.entry(class).or_insert(next);
                    if fact_kind == next {
                        let (roles, told) = ordered_roles(info, &roles);
                        self.fact_kinds.push(FactKind { class, roles, told });
                    }
                    self.fact_cues.push(FactCue { word: cue, kind: fact_kind, inverse });
                } else if info.is_entity && !inverse {
                    self.name_cues.push((cue, class));
                }
            } else if inverse {
                continue;
            } else if let Some(&unit) = unit_index.get(&term) {
                self.unit_words.push((cue, unit));
            } else if kind.as_deref() == Some(vocab::CONFIDENCE_LEVEL.as_str()) && !self.hedges.contains(&cue) {
                self.hedges.push(cue);
            }
        }
        // Symbols name their units too.
        for (unit, info) in self.units.iter().enumerate() {
            if let Some(symbol) = &info.symbol {
                if !self.unit_words.iter().any(|(w, u)| w == symbol && *u == unit) {
                    self.unit_words.push((symbol.clone(), unit));
                }
            }
        }
        Ok(())
    }

    /// Role properties by the class they belong to.
    fn roles_by_domain(
        &self,
        store: &GraphStore,
        classes: &HashMap<String, usize>,
    ) -> Result<HashMap<usize, Vec<RoleInfo>>, QueryError> {
        let mut roles: HashMap<usize, Vec<RoleInfo>> = HashMap::new();
        let mut rows = store.select(ROLES, &[])?;
        rows.sort_by_key(|row| text_in(row, "role"));
        for row in rows {
            let (Some(iri), Some(domain)) = (text_in(&row, "role"), text_in(&row, "domain")) else { continue };
            let Some(&domain) = classes.get(&domain) else { continue };
            let range = text_in(&row, "range").and_then(|r| classes.get(&r).copied());
            let label = text_in(&row, "label").unwrap_or_else(|| vocab::local_name(&iri).to_owned());
            let list = roles.entry(domain).or_default();
            if !list.iter().any(|r| r.iri == iri) {
                list.push(RoleInfo { iri, label, range });
            }
        }
        Ok(roles)
    }

    fn load_documents(&mut self, store: &GraphStore) -> Result<(), QueryError> {
        let mut documents: BTreeMap<String, KnownDocument> = BTreeMap::new();
        for row in store.select(DOCUMENTS, &[])? {
            let Some(iri) = text_in(&row, "document") else { continue };
            let document = documents.entry(iri.clone()).or_insert_with(|| KnownDocument {
                iri,
                file_name: None,
                hash: None,
                title: None,
            });
            document.file_name = document.file_name.take().or_else(|| text_in(&row, "file"));
            document.hash = document.hash.take().or_else(|| text_in(&row, "hash").map(|h| h.to_ascii_lowercase()));
            document.title = document.title.take().or_else(|| text_in(&row, "title"));
        }
        self.documents = documents.into_values().collect();
        Ok(())
    }

    /// The document the store already describes with this content hash, or else with this file name.
    pub fn known_document(&self, sha256: &str, file_name: &str) -> Option<&KnownDocument> {
        self.documents.iter().find(|d| d.hash.as_deref() == Some(sha256)).or_else(|| {
            let named: Vec<&KnownDocument> =
                self.documents.iter().filter(|d| d.file_name.as_deref() == Some(file_name)).collect();
            // A file of that name with another recorded hash is another version of the text.
            match named.as_slice() {
                [one] if one.hash.is_none() => Some(*one),
                _ => None,
            }
        })
    }

    /// Whether an entity belongs to a class (or one of its subclasses).
    pub(crate) fn fits(&self, entity: usize, class: Option<usize>) -> bool {
        class.is_none_or(|c| self.entities[entity].classes.contains(&c))
    }

    /// The display label of an entity's most specific class.
    pub(crate) fn class_label(&self, entity: usize) -> String {
        self.entities[entity].class.map(|c| self.classes[c].label.clone()).unwrap_or_default()
    }
}

/// A fact class's roles: those its summary template names, in that order, then the others by
/// IRI; and how many the template names. Roles come from the class and its superclasses.
fn ordered_roles(class: &ClassInfo, roles: &HashMap<usize, Vec<RoleInfo>>) -> (Vec<RoleInfo>, usize) {
    let mut all: Vec<RoleInfo> = class.supers.iter().filter_map(|c| roles.get(c)).flatten().cloned().collect();
    all.sort_by(|a, b| a.iri.cmp(&b.iri));
    all.dedup_by(|a, b| a.iri == b.iri);
    let mut ordered = Vec::new();
    if let Some(template) = &class.template {
        for placeholder in template.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(name, _)| name)) {
            if let Some(at) = all.iter().position(|r| vocab::local_name(&r.iri) == placeholder) {
                ordered.push(all.remove(at));
            }
        }
    }
    let told = ordered.len();
    ordered.extend(all);
    (ordered, told)
}
