//! What a connection means, read from the ontology into the projection: the kinds of sanctions
//! exposure, the exposure each relation passes on (kind, direction, control share, or that a
//! role names a sanction's target) and when a hop over a relation is only a weak connection.

use super::build::Draft;
use super::{ExposureKind, ProjectionError, RelationExposure, RelationId, Weakness};
use crate::store::{text_in, Source};
use std::collections::HashMap;

const MEANING: &str = include_str!("../sparql/projection_meaning.rq");
const KINDS: &str = include_str!("../sparql/projection_exposure_kinds.rq");
const SANCTIONED_PARTY: &str = "https://w3id.org/actorgraph/ontology#SanctionedParty";
const SAME_ACTOR: &str = "https://w3id.org/actorgraph/ontology#SameActor";

/// Reads exposure kinds and each relation's exposure and weakness into the projection.
pub(super) fn read<S: Source + ?Sized>(
    store: &S,
    projection: &mut Draft,
    relation_by_iri: &HashMap<String, RelationId, impl std::hash::BuildHasher>,
) -> Result<(), ProjectionError> {
    for row in store.select(KINDS, &[])? {
        let (Some(iri), Some(key), Some(rank)) =
            (text_in(&row, "kind"), text_in(&row, "key"), text_in(&row, "rank").and_then(|r| r.parse().ok()))
        else {
            continue;
        };
        let label = text_in(&row, "label").unwrap_or_else(|| key.clone());
        let description = text_in(&row, "comment").unwrap_or_default();
        projection.exposure_kinds.push(ExposureKind { iri, key, rank, label, description });
    }
    let mut rows = store.select(MEANING, &[])?;
    rows.sort_by_key(|r| (text_in(r, "property"), text_in(r, "exposure"), text_in(r, "weak")));
    for row in rows {
        let Some(relation) = text_in(&row, "property").and_then(|p| relation_by_iri.get(&p).copied()) else { continue };
        let entry = &mut projection.relations[relation.index()];
        if let Some(weak) = text_in(&row, "weak") {
            entry.weak = entry.weak.or(match weak.as_str() {
                "any" => Some(Weakness::Any),
                "backward" => Some(Weakness::Backward),
                _ => None,
            });
        }
        let Some(exposure) = text_in(&row, "exposure") else { continue };
        if entry.exposure.is_some() {
            continue;
        }
        entry.exposure = Some(if exposure == SANCTIONED_PARTY {
            RelationExposure::SanctionedParty
        } else if exposure == SAME_ACTOR {
            RelationExposure::SameActor
        } else {
            let kind = text_in(&row, "exposureKey").unwrap_or_default();
            RelationExposure::Passes {
                kind,
                forward: matches!(text_in(&row, "flow").as_deref(), Some("forward" | "both")),
                backward: matches!(text_in(&row, "flow").as_deref(), Some("backward" | "both")),
                control_share: text_in(&row, "controlShare").and_then(|s| s.parse().ok()),
            }
        });
    }
    Ok(())
}
