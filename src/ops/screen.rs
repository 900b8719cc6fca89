//! Screening counterparties: each row of a list (a name, and where known a country, a birth date
//! and identifiers) matched against the graph's actors, each match scored with its reasons, and
//! for each match the strongest sanctions-exposure paths, every hop with its evidence.

use super::countries::country_code;
use super::names::{legal_forms, NameIndex};
use super::paths::{find_paths_from_each, FilterSpec, PathLookup, PathRequest};
use super::OpsError;
use crate::graph::{NodeId, Projection};
use crate::rdf::dates::parse_day_range;
use crate::rdf::vocab;
use crate::search::Profile;
use crate::store::GraphStore;
use crate::views::hops::{node_view, NodeView, PathView};
use oxigraph::model::{NamedNode, Term};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The schema name of one screening record.
pub const SCREEN_SCHEMA: &str = "actorgraph.screen/1";

const PROPERTY_KINDS: &str = include_str!("../sparql/screen_property_kinds.rq");

/// One counterparty to screen, as the list gives it.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ScreenQuery {
    /// The name.
    pub name: String,
    /// A country, as the list writes it, when the list has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The country as FtM data writes it (the lower-case ISO 3166-1 alpha-2 code), the one
    /// matches are compared with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// A birth date (YYYY, YYYY-MM or YYYY-MM-DD), when the list has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// Identifiers (registration numbers, tax numbers...), when the list has them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<String>,
}

/// A row of the list, with its line number.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreenRow {
    /// The 1-based line of the row in its file; none for a name given on the command line.
    pub line: Option<usize>,
    /// What the row gives.
    pub query: ScreenQuery,
}

/// Why a list cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ScreenInputError {
    /// The file cannot be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A row or the header is wrong.
    #[error("{}:{line}: {message}", path.display())]
    Row {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// How a list is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    /// Comma-separated, with a header row.
    Csv,
    /// Tab-separated, with a header row.
    Tsv,
    /// One JSON object per line.
    JsonLines,
}

impl ListFormat {
    /// The layout a file name says (`.csv`, `.tsv`, `.jsonl`/`.json`/`.ndjson`).
    pub fn from_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(ListFormat::Csv),
            "tsv" | "tab" => Some(ListFormat::Tsv),
            "jsonl" | "json" | "ndjson" => Some(ListFormat::JsonLines),
            _ => None,
        }
    }
}

/// Which column holds what: the header names each list may use.
fn column_role(header: &str) -> Option<&'static str> {
    match header.trim().to_ascii_lowercase().replace([' ', '-'], "_").as_str() {
        "name" | "full_name" | "counterparty" | "entity" => Some("name"),
        "country" | "country_code" | "jurisdiction" | "nationality" => Some("country"),
        "birth_date" | "dob" | "date_of_birth" | "birthdate" => Some("birth_date"),
        "id" | "identifier" | "identifiers" | "registration_number" | "tax_number" | "inn" | "ogrn" => {
            Some("identifiers")
        }
        _ => None,
    }
}

fn query_from(fields: &BTreeMap<&'static str, Vec<String>>) -> ScreenQuery {
    let first = |role: &str| {
        fields.get(role).and_then(|v| v.iter().find(|s| !s.trim().is_empty())).map(|s| s.trim().to_owned())
    };
    ScreenQuery {
        name: first("name").unwrap_or_default(),
        country: first("country"),
        country_code: None,
        birth_date: first("birth_date"),
        identifiers: fields
            .get("identifiers")
            .into_iter()
            .flatten()
            .flat_map(|v| v.split([';', '|']))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect(),
    }
}

/// The line where a quoted field opens that never closes (CSV doubles quotes inside quotes, so
/// a well-formed file closes every one).
fn unclosed_quote(text: &[u8]) -> Option<usize> {
    let (mut line, mut opened) = (1, None);
    for &byte in text {
        match byte {
            b'"' => opened = if opened.is_some() { None } else { Some(line) },
            b'\n' => line += 1,
            _ => {}
        }
    }
    opened
}

/// Reads a list: a header row naming a `name` column (and optionally `country`, `birth_date`,
/// `identifiers`), or JSON objects with those keys. Every error names the file and line.
pub fn read_list(path: &Path, reader: impl Read, format: ListFormat) -> Result<Vec<ScreenRow>, ScreenInputError> {
    let row_error = |line: usize, message: String| ScreenInputError::Row { path: path.to_owned(), line, message };
    let mut rows = Vec::new();
    match format {
        ListFormat::JsonLines => {
            let mut text = String::new();
            let mut reader = reader;
            reader
                .read_to_string(&mut text)
                .map_err(|source| ScreenInputError::Read { path: path.to_owned(), source })?;
            for (i, line) in text.lines().enumerate() {
                let line = line.trim().trim_start_matches('\u{feff}');
                if line.is_empty() {
                    continue;
                }
                let value: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_str(line).map_err(|e| row_error(i + 1, format!("not a JSON object: {e}")))?;
                let mut fields: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
                for (key, value) in &value {
                    let Some(role) = column_role(key) else { continue };
                    let texts: Vec<String> = match value {
                        serde_json::Value::String(s) => vec![s.clone()],
                        serde_json::Value::Array(items) => {
                            items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
                        }
                        serde_json::Value::Null => Vec::new(),
                        other => vec![other.to_string()],
                    };
                    fields.entry(role).or_default().extend(texts);
                }
                rows.push(ScreenRow { line: Some(i + 1), query: query_from(&fields) });
            }
        }
        ListFormat::Csv | ListFormat::Tsv => {
            let mut text = Vec::new();
            let mut reader = reader;
            reader.read_to_end(&mut text).map_err(|source| ScreenInputError::Read { path: path.to_owned(), source })?;
            if let Some(line) = unclosed_quote(&text) {
                return Err(row_error(line, "a quote opens here and never closes".into()));
            }
            let reader = text.as_slice();
            let mut csv = csv::ReaderBuilder::new()
                .delimiter(if format == ListFormat::Csv { b',' } else { b'\t' })
                .flexible(true)
                .trim(csv::Trim::All)
                .from_reader(reader);
            let headers = csv.headers().map_err(|e| row_error(1, format!("cannot read the header row: {e}")))?.clone();
            let roles: Vec<Option<&'static str>> =
                headers.iter().map(|h| column_role(h.trim_start_matches('\u{feff}'))).collect();
            if !roles.contains(&Some("name")) {
                let found: Vec<&str> = headers.iter().collect();
                return Err(row_error(1, format!("no name column: the header has {found:?}; name one column `name`")));
            }
            for record in csv.records() {
                let record = record.map_err(|e| {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    row_error(line, format!("cannot read the row: {e}"))
                })?;
                let line = record.position().map_or(0, |p| p.line() as usize);
                let mut fields: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
                for (value, role) in record.iter().zip(&roles) {
                    if let Some(role) = role {
                        fields.entry(role).or_default().push(value.to_owned());
                    }
                }
                if record.iter().all(|v| v.is_empty()) {
                    continue;
                }
                rows.push(ScreenRow { line: Some(line), query: query_from(&fields) });
            }
        }
    }
    for row in &mut rows {
        let line = row.line.unwrap_or(0);
        if row.query.name.trim().is_empty() {
            return Err(row_error(line, "the row has no name".into()));
        }
        // A date or a country the screening cannot read would rule a true match out silently.
        if let Some(born) = &row.query.birth_date {
            parse_day_range(born).map_err(|e| row_error(line, format!("birth date {e}")))?;
        }
        if let Some(country) = &row.query.country {
            row.query.country_code = Some(country_code(country).map_err(|message| row_error(line, message))?);
        }
    }
    Ok(rows)
}

/// How a screening runs.
#[derive(Debug, Clone)]
pub struct ScreenOptions {
    /// The lowest name score that counts as a match.
    pub threshold: f64,
    /// At most this many matches per row, best first.
    pub max_matches: usize,
    /// At most this many exposure paths per match.
    pub paths: usize,
    /// The longest exposure path, in hops.
    pub max_hops: usize,
    /// The date facts must be in force at (default: today).
    pub as_of: Option<String>,
}

impl Default for ScreenOptions {
    fn default() -> Self {
        ScreenOptions { threshold: 0.88, max_matches: 3, paths: 3, max_hops: 4, as_of: None }
    }
}

/// One exposure path of a match.
#[derive(Debug, Clone, Serialize)]
pub struct ExposurePath {
    /// The path with its hops and their evidence (`actorgraph.path/1`'s path).
    #[serde(flatten)]
    pub path: PathView,
}

/// An actor a row matched, and its exposure.
#[derive(Debug, Clone, Serialize)]
pub struct ScreenMatch {
    /// The actor.
    pub entity: NodeView,
    /// How well it matches, 0 to 1.
    pub score: f64,
    /// Why it matches (or matches less).
    pub reasons: Vec<String>,
    /// Its sanctions-exposure paths, strongest kind first; empty when it has none.
    pub exposure: Vec<ExposurePath>,
    /// The lookup behind the paths, for diagrams.
    #[serde(skip)]
    pub lookup: Option<PathLookup>,
}

/// What screening one row found.
#[derive(Debug, Clone, Serialize)]
pub struct ScreenResult {
    /// Always `actorgraph.screen/1`.
    pub schema: &'static str,
    /// The row's line in its file; absent for a name given on the command line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// What the row gives.
    pub query: ScreenQuery,
    /// `exposed` (a match has an exposure path), `clear` (matches without exposure) or
    /// `no_match`.
    pub status: &'static str,
    /// The strongest exposure kind of any match (`designated`, `control`...), when exposed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strongest: Option<String>,
    /// The matches, best first.
    pub matches: Vec<ScreenMatch>,
}

impl ScreenResult {
    /// Whether some match is exposed.
    pub fn is_exposed(&self) -> bool {
        self.status == "exposed"
    }
}

/// An entity's countries, birth dates and identifiers, as the data gives them.
#[derive(Debug, Default)]
struct Particulars {
    countries: Vec<String>,
    birth_dates: Vec<String>,
    identifiers: Vec<String>,
}

/// The properties screening checks a match against, and what each holds (country, birth date,
/// identifier), by IRI.
fn property_kinds(store: &GraphStore) -> Result<HashMap<String, &'static str>, OpsError> {
    let rows = store
        .select(PROPERTY_KINDS, &[])
        .map_err(|source| OpsError::Evaluation { source_name: "the screening's property query".into(), source })?;
    let mut kinds = HashMap::new();
    for row in rows {
        let (Some(Term::NamedNode(property)), Some(Term::Literal(kind))) = (row.get("property"), row.get("kind"))
        else {
            continue;
        };
        let kind = match kind.value() {
            "country" => "country",
            "birth" => "birth",
            _ => "identifier",
        };
        kinds.insert(property.as_str().to_owned(), kind);
    }
    Ok(kinds)
}

/// An entity's countries, birth dates and identifiers, read from its statements by subject.
fn particulars(store: &GraphStore, kinds: &HashMap<String, &'static str>, node: &str) -> Result<Particulars, OpsError> {
    let mut found = Particulars::default();
    let statements = store
        .statements_about(NamedNode::new_unchecked(node).as_ref())
        .map_err(|e| OpsError::Invalid(format!("cannot read what the store says of <{node}>: {e}")))?;
    for quad in statements {
        let (Some(kind), Term::Literal(value)) = (kinds.get(quad.predicate.as_str()), &quad.object) else {
            continue;
        };
        let value = value.value().to_owned();
        match *kind {
            "country" => {
                let country = value.to_ascii_lowercase();
                if !found.countries.contains(&country) {
                    found.countries.push(country);
                }
            }
            "birth" => found.birth_dates.push(value),
            _ => found.identifiers.push(value),
        }
    }
    Ok(found)
}

/// Whether two birth dates can be the same day: their days overlap (1965 and 1965-09-21 do),
/// or, for a date the data writes otherwise, one text starts the other.
fn same_birth_date(given: &str, data: &str) -> bool {
    match (parse_day_range(given), parse_day_range(data)) {
        (Ok(a), Ok(b)) => a.first <= b.last && b.first <= a.last,
        _ => data.starts_with(given.trim()) || given.trim().starts_with(data),
    }
}

fn plain_identifier(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect()
}

/// Screens every row: matches, scores with reasons, exposure paths.
pub fn screen(
    store: &GraphStore,
    projection: &Projection,
    rows: &[ScreenRow],
    options: &ScreenOptions,
) -> Result<Vec<ScreenResult>, OpsError> {
    let actor = projection.class_by_iri(&vocab::ag("Actor"));
    let actors: Vec<NodeId> = projection
        .node_ids()
        .filter(|n| projection.node(*n).fact.is_none())
        .filter(|n| actor.is_some_and(|a| projection.node(*n).classes.contains(&a)))
        .collect();
    let index = NameIndex::new(projection, actors, legal_forms(store)?);
    let kinds = property_kinds(store)?;
    // The rows are matched on every core; each keeps its best matches with their nodes.
    let matched: Vec<Vec<(NodeId, ScreenMatch)>> = rows
        .par_iter()
        .map(|row| -> Result<Vec<(NodeId, ScreenMatch)>, OpsError> {
            let query = &row.query;
            // The entity's particulars are read only when the row gives something to check them against.
            let checks = query.country_code.is_some() || query.birth_date.is_some() || !query.identifiers.is_empty();
            let wanted: Vec<String> = query.identifiers.iter().map(|i| plain_identifier(i)).collect();
            let mut matches = Vec::new();
            for found in index.matches(&[index.key(&query.name)], options.threshold.min(0.8)) {
                // Only an identifier in common raises a score; a name below the threshold without
                // one is out before its particulars are read.
                if found.score < options.threshold && wanted.is_empty() {
                    continue;
                }
                let data = if checks {
                    particulars(store, &kinds, &projection.node(found.node).iri)?
                } else {
                    Particulars::default()
                };
                let mut score = found.score;
                let mut reasons = vec![if found.exact {
                    format!(
                        "name '{}' is '{}' once case, accents, script and legal forms are set aside",
                        found.name, found.matched
                    )
                } else {
                    format!("name '{}' is close to '{}' ({:.2})", found.name, found.matched, found.score)
                }];
                if let Some(same) = data.identifiers.iter().find(|i| wanted.contains(&plain_identifier(i))) {
                    score = 1.0;
                    reasons.push(format!("identifier {same} is the same"));
                }
                if let Some(country) = &query.country_code {
                    if data.countries.contains(country) {
                        reasons.push(format!("country {country} is the same"));
                    } else if !data.countries.is_empty() {
                        score *= 0.9;
                        reasons.push(format!(
                            "country differs: {country} given, {} in the data",
                            data.countries.join(", ")
                        ));
                    }
                }
                if let Some(born) = &query.birth_date {
                    if data.birth_dates.iter().any(|d| same_birth_date(born, d)) {
                        reasons.push(format!("born {born}, as given"));
                    } else if !data.birth_dates.is_empty() {
                        // A birth date that differs rules a person out, whatever the name.
                        continue;
                    }
                }
                if score < options.threshold {
                    continue;
                }
                let entity = node_view(projection, found.node);
                let score = (score * 1000.0).round() / 1000.0;
                matches.push((found.node, ScreenMatch { entity, score, reasons, exposure: Vec::new(), lookup: None }));
            }
            matches.sort_by(|(_, a), (_, b)| b.score.total_cmp(&a.score).then(a.entity.label.cmp(&b.entity.label)));
            matches.truncate(options.max_matches);
            Ok(matches)
        })
        .collect::<Result<_, _>>()?;
    // Every match's exposure paths in one go: the sanctions and the filter worked out once, the
    // searches run on every core.
    let starts: Vec<NodeId> = matched.iter().flatten().map(|(node, _)| *node).collect();
    let request = PathRequest {
        from: None,
        to: None,
        from_type: None,
        to_type: Some("Sanction".into()),
        k: options.paths,
        max_hops: options.max_hops,
        filter: FilterSpec { as_of: options.as_of.clone(), ..FilterSpec::default() },
        profile: Some(Profile::Exposure),
    };
    // No match, no lookup: a list nobody matches is clear whatever the path options say.
    let mut lookups = if starts.is_empty() {
        None
    } else {
        match find_paths_from_each(projection, &request, &starts) {
            Ok(lookups) => Some(lookups.into_iter()),
            // No sanction in the graph at all: nobody is exposed.
            Err(OpsError::Resolve(crate::graph::resolve::ResolveError::EmptyClass { .. })) => None,
            Err(error) => return Err(error),
        }
    };
    let mut results = Vec::with_capacity(rows.len());
    for (row, matched) in rows.iter().zip(matched) {
        let mut matches = Vec::with_capacity(matched.len());
        for (_, mut found) in matched {
            if let Some(lookups) = lookups.as_mut() {
                let lookup = lookups.next().expect("one lookup per match");
                found.exposure = lookup.report.paths.iter().cloned().map(|path| ExposurePath { path }).collect();
                found.lookup = Some(lookup);
            }
            matches.push(found);
        }
        let strongest = matches
            .iter()
            .flat_map(|m| m.exposure.iter().filter_map(|e| e.path.exposure.as_ref()))
            .max_by_key(|e| e.rank)
            .map(|e| e.kind.clone());
        let status = if strongest.is_some() {
            "exposed"
        } else if matches.is_empty() {
            "no_match"
        } else {
            "clear"
        };
        results.push(ScreenResult {
            schema: SCREEN_SCHEMA,
            line: row.line,
            query: row.query.clone(),
            status,
            strongest,
            matches,
        });
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::same_birth_date;

    #[test]
    fn birth_dates_match_when_their_days_overlap() {
        assert!(same_birth_date("1965", "1965-09-21"));
        assert!(same_birth_date("1965-09", "1965-09-21"));
        assert!(same_birth_date("1965-09-21+02:00", "1965-09-21"));
        assert!(!same_birth_date("1966", "1965-09-21"));
        assert!(!same_birth_date("1965-09-22", "1965-09-21"));
    }
}
