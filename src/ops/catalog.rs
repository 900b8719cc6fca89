//! The named queries in `queries/`: each file's header comment gives its purpose, parameters
//! and columns, in lines of the form `# purpose: ...`, `# param NAME: ...`, `# columns: ...`.

use crate::bundled::BundledFile;
use serde::Serialize;

/// A named query and what its header says about it.
#[derive(Debug, Clone, Serialize)]
pub struct NamedQuery {
    /// Name of the query: its file name without `queries/` and `.rq`.
    pub name: String,
    /// What the query is for, from its `# purpose:` line.
    pub purpose: String,
    /// Parameters it takes, from its `# param` lines.
    pub params: Vec<ParamDoc>,
    /// Names of the columns it returns, from its `# columns:` line.
    pub columns: Vec<String>,
    /// The full SPARQL text, header included.
    #[serde(skip)]
    pub text: String,
}

/// One documented parameter.
#[derive(Debug, Clone, Serialize)]
pub struct ParamDoc {
    /// Variable name, without the leading `?`.
    pub name: String,
    /// What the parameter means.
    pub description: String,
}

impl NamedQuery {
    /// Reads the header of a query text.
    pub fn parse(name: &str, text: &str) -> Self {
        let mut query = NamedQuery {
            name: name.to_owned(),
            purpose: String::new(),
            params: Vec::new(),
            columns: Vec::new(),
            text: text.to_owned(),
        };
        for line in text.lines().map(str::trim).take_while(|l| l.starts_with('#') || l.is_empty()) {
            let line = line.trim_start_matches('#').trim();
            if let Some(purpose) = line.strip_prefix("purpose:") {
                query.purpose = purpose.trim().to_owned();
            } else if let Some(rest) = line.strip_prefix("param ") {
                if let Some((name, description)) = rest.split_once(':') {
                    query.params.push(ParamDoc {
                        name: name.trim().trim_start_matches('?').to_owned(),
                        description: description.trim().to_owned(),
                    });
                }
            } else if let Some(columns) = line.strip_prefix("columns:") {
                query.columns = columns.split(',').map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect();
            }
        }
        query
    }

    /// Every bundled named query, by name.
    pub fn bundled() -> Vec<NamedQuery> {
        BundledFile::queries()
            .map(|file| {
                let name = file.path.trim_start_matches("queries/").trim_end_matches(".rq");
                NamedQuery::parse(name, file.contents)
            })
            .collect()
    }

    /// The bundled query of this name.
    pub fn find(name: &str) -> Option<NamedQuery> {
        Self::bundled().into_iter().find(|q| q.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_header() {
        let q =
            NamedQuery::parse("x", "# purpose: Find things.\n# param ?who: the actor\n# columns: a, b\nSELECT * {}");
        assert_eq!(q.purpose, "Find things.");
        assert_eq!(q.params[0].name, "who");
        assert_eq!(q.params[0].description, "the actor");
        assert_eq!(q.columns, ["a", "b"]);
    }
}
