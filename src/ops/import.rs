//! Importing FollowTheMoney files: which graph each file goes into, the confidence overrides
//! people give, and the load itself, all files together, all or nothing.

use super::OpsError;
use crate::ftm::{DatasetRules, FtmModel, FtmReader, ImportCounts};
use crate::store::{BulkMode, GraphStore, LoadProgress, LoadReport, LoadSource, SourceFormat};
use oxigraph::model::NamedNode;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Namespace of the graphs imported datasets go into.
pub const IMPORT_GRAPH_NS: &str = "https://w3id.org/actorgraph/ftm/graph/";

/// One import request.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    /// The files (`-` for standard input).
    pub files: Vec<PathBuf>,
    /// The dataset the files are an export of, when the file names do not say it.
    pub dataset: Option<String>,
    /// `DATASET=LEVEL` confidence overrides.
    pub confidence: Vec<String>,
    /// Whether to go through the bulk loader.
    pub bulk: BulkMode,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    /// The load's report (graphs replaced, triples).
    pub load: LoadReport,
    /// Entities read and properties skipped.
    pub counts: ImportCounts,
}

/// The dataset a file is an export of: `--dataset`, else the directory of an OpenSanctions
/// `entities.ftm.json`, else the file's name without its extensions and an `_entities` ending
/// (`zala_entities.ftm.json` is the `zala` dataset).
pub fn dataset_of(path: &Path, dataset: Option<&str>) -> Result<String, OpsError> {
    if let Some(dataset) = dataset {
        return Ok(dataset.to_owned());
    }
    if path.as_os_str() == "-" {
        return Err(OpsError::Invalid(
            "standard input has no file name to take the dataset from; give --dataset NAME".into(),
        ));
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = name.split('.').next().unwrap_or(&name).to_owned();
    if stem == "entities" {
        if let Some(parent) = path
            .canonicalize()
            .ok()
            .and_then(|p| p.parent().and_then(|d| d.file_name()).map(|n| n.to_string_lossy().into_owned()))
        {
            return Ok(parent);
        }
    }
    let stem = ["_entities", "-entities"]
        .iter()
        .find_map(|ending| stem.strip_suffix(ending).filter(|s| !s.is_empty()))
        .map_or(stem.clone(), str::to_owned);
    if stem.is_empty() {
        return Err(OpsError::Invalid(format!(
            "{}: cannot take a dataset name from this file name; give --dataset NAME",
            path.display()
        )));
    }
    Ok(stem)
}

/// The confidence levels the ontology declares.
const CONFIDENCE_LEVELS: &str = include_str!("../sparql/projection_confidence.rq");

/// The graph a dataset's import goes into.
pub fn import_graph(dataset: &str) -> NamedNode {
    let escaped: String = dataset
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c.to_string()
            } else {
                format!("%{:02X}", c as u32 & 0xff)
            }
        })
        .collect();
    NamedNode::new_unchecked(format!("{IMPORT_GRAPH_NS}{escaped}"))
}

/// Reads `DATASET=LEVEL` overrides against the ontology's confidence levels.
fn overrides(store: &GraphStore, given: &[String]) -> Result<HashMap<String, NamedNode>, OpsError> {
    let levels: HashMap<String, NamedNode> = store
        .select(CONFIDENCE_LEVELS, &[])
        .map_err(|source| OpsError::Evaluation { source_name: "the confidence levels".into(), source })?
        .iter()
        .filter_map(|row| match (row.get("key"), row.get("level")) {
            (Some(oxigraph::model::Term::Literal(key)), Some(oxigraph::model::Term::NamedNode(level))) => {
                Some((key.value().to_owned(), level.clone()))
            }
            _ => None,
        })
        .collect();
    let mut out = HashMap::new();
    for item in given {
        let (dataset, level) = item
            .split_once('=')
            .ok_or_else(|| OpsError::Invalid(format!("--confidence {item}: write DATASET=LEVEL")))?;
        let level = level.trim().to_ascii_lowercase();
        let Some(iri) = levels.get(&level) else {
            let mut known: Vec<&str> = levels.keys().map(String::as_str).collect();
            known.sort_unstable();
            return Err(OpsError::Invalid(format!(
                "--confidence {item}: unknown level '{level}'; known: {}",
                known.join(", ")
            )));
        };
        out.insert(dataset.trim().to_owned(), iri.clone());
    }
    Ok(out)
}

/// Imports the files, each into its dataset's graph (replacing what an earlier import of that
/// dataset put there). All or nothing: a bad line anywhere leaves the store as it was.
pub fn import(
    store: &mut GraphStore,
    request: &ImportRequest,
    progress: &(dyn Fn(LoadProgress) + Sync),
) -> Result<ImportOutcome, ImportError> {
    let model = Arc::new(FtmModel::read(store)?);
    let rules = Arc::new(DatasetRules::read(store, overrides(store, &request.confidence)?)?);
    let reader = Arc::new(FtmReader::new(model, rules));
    let mut sources = Vec::new();
    for path in &request.files {
        if path.as_os_str() != "-" && !path.is_file() {
            let what = if path.is_dir() { "a directory, not a file of FtM entities" } else { "no such file" };
            return Err(OpsError::Invalid(format!("{}: {what}", path.display())).into());
        }
        let dataset = dataset_of(path, request.dataset.as_deref())?;
        sources.push(LoadSource {
            path: path.clone(),
            format: SourceFormat::Produced(reader.clone()),
            graph: import_graph(&dataset),
        });
    }
    let load = store.load(&sources, request.bulk, progress)?;
    Ok(ImportOutcome { load, counts: reader.counts() })
}

/// Why an import failed; the store is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The request itself is wrong.
    #[error(transparent)]
    Ops(#[from] OpsError),
    /// The FtM model or rules cannot be read.
    #[error(transparent)]
    Ftm(#[from] crate::ftm::FtmError),
    /// A file cannot be read or has a bad line.
    #[error(transparent)]
    Load(#[from] crate::store::LoadError),
}
