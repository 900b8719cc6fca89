//! IRIs of the actorgraph ontology and of the graphs actorgraph manages. The ontology file
//! (`ontology/actorgraph.ttl`) is the source of truth; these constants only name its terms.

use oxigraph::model::NamedNodeRef;

/// Namespace of the ontology's classes and properties.
pub const AG: &str = "https://w3id.org/actorgraph/ontology#";
/// Namespace of the bundled dataset's entities and facts.
pub const AGD: &str = "https://w3id.org/actorgraph/data/";
/// Namespace of graph names actorgraph manages itself.
pub const GRAPH_NS: &str = "https://w3id.org/actorgraph/graph/";

/// Prefixes understood in queries, parameters and node names, and used when printing IRIs.
pub const PREFIXES: &[(&str, &str)] = &[
    ("ag", AG),
    ("agd", AGD),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("sh", "http://www.w3.org/ns/shacl#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("ftm", "https://schema.followthemoney.tech/#"),
    ("wd", "http://www.wikidata.org/entity/"),
];

macro_rules! ag_terms {
    ($($(#[$doc:meta])* $name:ident = $local:literal;)*) => {
        $($(#[$doc])*
        pub const $name: NamedNodeRef<'static> =
            NamedNodeRef::new_unchecked(concat!("https://w3id.org/actorgraph/ontology#", $local));)*
    };
}

ag_terms! {
    /// `ag:Entity`: anything actorgraph describes and draws.
    ENTITY = "Entity";
    /// `ag:Relation`: a qualified fact between things, a node in its own right.
    RELATION = "Relation";
    /// `ag:Claim`: anything asserted by a source.
    CLAIM = "Claim";
    /// `ag:Statement`: a statement or official position, a claim by its speaker.
    STATEMENT = "Statement";
    /// `ag:SourceDocument`: a document claims are drawn from.
    SOURCE_DOCUMENT = "SourceDocument";
    /// `ag:relationFamily`: the family a fact class or traversal property belongs to.
    RELATION_FAMILY = "relationFamily";
    /// `ag:key`: the command-line name of a relation family or confidence level.
    KEY = "key";
    /// `ag:rank`: the order of a confidence level; higher is stronger support.
    RANK = "rank";
    /// `ag:inverseLabel`: the wording of a property read from object to subject.
    INVERSE_LABEL = "inverseLabel";
    /// `ag:summaryTemplate`: how a fact of a class is told in one line.
    SUMMARY_TEMPLATE = "summaryTemplate";
    /// `ag:RoleProperty`: the class of properties linking a fact node to its participants.
    ROLE_PROPERTY = "RoleProperty";
    /// `ag:evidence`: links a claim or entity to an evidence record.
    EVIDENCE = "evidence";
    /// `ag:date`: when a fact, statement or event happened.
    DATE = "date";
    /// `ag:startDate`: the start of the period a fact holds.
    START_DATE = "startDate";
    /// `ag:endDate`: the end of the period a fact holds, inclusive.
    END_DATE = "endDate";
    /// `ag:locatedEntity`: what a location fact places.
    LOCATED_ENTITY = "locatedEntity";
    /// `ag:place`: where a location fact places it.
    PLACE = "place";
    /// `ag:State`: a sovereign state.
    STATE = "State";
    /// `ag:MembershipFamily`: belonging to an organisation, faction or group.
    MEMBERSHIP_FAMILY = "MembershipFamily";
}

ag_terms! {
    // Terms `actorgraph scan` reads from the store and writes into its drafts.
    /// `ag:cueWord`: wording by which a text signals a fact class, a confidence level or a unit.
    CUE_WORD = "cueWord";
    /// `ag:Draft`: a fact drafted by `actorgraph scan`, not yet checked by an analyst.
    DRAFT = "Draft";
    /// `ag:cue`: the cue word a draft fact was found by.
    CUE = "cue";
    /// `ag:contentHash`: SHA-256 of a source document's bytes.
    CONTENT_HASH = "contentHash";
    /// `ag:fileName`: a source document's file name.
    FILE_NAME = "fileName";
    /// `ag:lineCount`: how many lines a source document has.
    LINE_COUNT = "lineCount";
    /// `ag:source`: the source document of an evidence record.
    SOURCE = "source";
    /// `ag:lineStart`: the first line of an evidence record's passage.
    LINE_START = "lineStart";
    /// `ag:lineEnd`: the last line of an evidence record's passage.
    LINE_END = "lineEnd";
    /// `ag:confidence`: how firmly an evidence record's passage supports its claim.
    CONFIDENCE = "confidence";
    /// `ag:hedge`: the hedge word a source uses for a claim.
    HEDGE = "hedge";
    /// `ag:Alleged`: the confidence level of hedged claims, and of drafts.
    ALLEGED = "Alleged";
    /// `ag:Piece`: the unit of counted items.
    PIECE = "Piece";
    /// `ag:quantity`: an amount of goods, in `ag:unit`.
    QUANTITY = "quantity";
    /// `ag:unit`: the unit of `ag:quantity`.
    UNIT = "unit";
    /// `ag:value`: a monetary value, in `ag:currency`.
    VALUE = "value";
    /// `ag:currency`: the ISO 4217 code of `ag:value`.
    CURRENCY = "currency";
    /// `ag:approximate`: the source gives the figure as approximate.
    APPROXIMATE = "approximate";
    /// `ag:lowerBound`: the source gives the figure as a minimum.
    LOWER_BOUND = "lowerBound";
    /// `ag:Unit`: a unit of measure.
    UNIT_CLASS = "Unit";
    /// `ag:Currency`: a currency, keyed by its ISO 4217 code.
    CURRENCY_CLASS = "Currency";
    /// `ag:ConfidenceLevel`: how strongly a source supports a claim.
    CONFIDENCE_LEVEL = "ConfidenceLevel";
    /// `ag:ftmId`: the id an imported FtM entity has in its dataset.
    FTM_ID = "ftmId";
    /// `ag:ftmTarget`: the FtM entity is a target of sanctions (FtM's `target` flag).
    FTM_TARGET = "ftmTarget";
    /// `ag:ftmReferent`: an id the FtM entity was merged from.
    FTM_REFERENT = "ftmReferent";
    /// `ag:firstSeen`: when a dataset first published a record.
    FIRST_SEEN = "firstSeen";
    /// `ag:lastSeen`: when a dataset last published a record.
    LAST_SEEN = "lastSeen";
    /// `ag:sourceUrl`: where the record behind evidence can be read.
    SOURCE_URL = "sourceUrl";
    /// `ag:Dataset`: a published dataset asserting entities as records.
    DATASET = "Dataset";
}

/// `skos:prefLabel`: an entity's preferred name.
pub const SKOS_PREF_LABEL: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#prefLabel");
/// `skos:altLabel`: another name an entity goes by.
pub const SKOS_ALT_LABEL: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#altLabel");
/// `owl:propertyChainAxiom`: how the ontology declares a derived traversal edge.
pub const OWL_PROPERTY_CHAIN_AXIOM: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#propertyChainAxiom");
/// `owl:inverseOf`.
pub const OWL_INVERSE_OF: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#inverseOf");

/// Graph holding the edges derived from the ontology's property chains.
pub const DERIVED_GRAPH: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/graph/derived");
/// Graph holding actorgraph's own bookkeeping (content hashes, load records). Never shown to queries.
pub const META_GRAPH: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/graph/meta");
/// Graph holding the same-actor links between imported and curated entities.
pub const LINKS_GRAPH: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/graph/links");
/// Prefix of the graphs a bulk load writes before they replace the graphs they are meant for.
pub const STAGING_GRAPH_PREFIX: &str = "https://w3id.org/actorgraph/graph/staging/";
/// Prefix of the graphs holding the bundled ontology and data files.
pub const BUNDLED_GRAPH_PREFIX: &str = "https://w3id.org/actorgraph/graph/bundled/";

/// Shortens an IRI to `prefix:local` when a known prefix matches and the rest is a plain name.
pub fn compact_iri(iri: &str) -> Option<String> {
    PREFIXES.iter().find_map(|(prefix, namespace)| {
        let local = iri.strip_prefix(namespace)?;
        let plain = !local.is_empty()
            && local.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !local.ends_with('.');
        plain.then(|| format!("{prefix}:{local}"))
    })
}

/// Expands `prefix:local` with a known prefix to a full IRI.
pub fn expand_prefixed(name: &str) -> Option<String> {
    let (prefix, local) = name.split_once(':')?;
    if local.starts_with("//") {
        return None;
    }
    PREFIXES.iter().find(|(p, _)| *p == prefix).map(|(_, namespace)| format!("{namespace}{local}"))
}

/// An IRI as a prefixed name where a known prefix fits, otherwise in angle brackets.
pub fn display_iri(iri: &str) -> String {
    compact_iri(iri).unwrap_or_else(|| format!("<{iri}>"))
}

/// The IRI of a term of the ontology from its local name (`ag:` namespace).
pub fn ag(local: &str) -> String {
    format!("{AG}{local}")
}

/// The part of an IRI after its last `#` or `/`.
pub fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compacts_and_expands_known_prefixes() {
        assert_eq!(compact_iri("https://w3id.org/actorgraph/data/China").as_deref(), Some("agd:China"));
        assert_eq!(compact_iri("http://example.com/x"), None);
        assert_eq!(compact_iri("https://w3id.org/actorgraph/data/a b"), None);
        assert_eq!(expand_prefixed("agd:China").as_deref(), Some("https://w3id.org/actorgraph/data/China"));
        assert_eq!(expand_prefixed("http://example.com"), None);
        assert_eq!(expand_prefixed("nope:x"), None);
        assert_eq!(local_name("https://w3id.org/actorgraph/ontology#suppliesTo"), "suppliesTo");
    }
}
