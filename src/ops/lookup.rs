//! Names as people type them, looked up: completions while typing (for autocomplete boxes), and the node
//! a finished name stands for.

use super::OpsError;
use crate::graph::resolve::{complete as complete_names, resolve_node, Candidate};
use crate::graph::Projection;
use crate::views::hops::{self, NodeView};

/// The longest completion list handed out.
pub const MAX_COMPLETIONS: usize = 50;

/// Nodes whose name or alias matches what was typed so far, best first, at most `limit`
/// (capped at [`MAX_COMPLETIONS`]).
pub fn complete(projection: &Projection, typed: &str, limit: usize) -> Vec<Candidate> {
    complete_names(projection, typed, limit.min(MAX_COMPLETIONS))
}

/// The node a name, alias, IRI or prefixed name stands for, with candidates when it is
/// ambiguous and suggestions when it is unknown.
pub fn resolve(projection: &Projection, name: &str) -> Result<NodeView, OpsError> {
    let id = resolve_node(projection, name)?;
    Ok(hops::node_view(projection, id))
}
