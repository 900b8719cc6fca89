//! What a path means for sanctions exposure, and whether it connects only weakly.
//!
//! Exposure, after OpenSanctions' rules and the ontology's declarations: a path ending in a
//! sanction's target role is *designated* when the start is the target itself; *control* or
//! *ownership* when every hop before the target goes against the flow of a control or ownership
//! relation (the start owned or directed, through each hop, by the sanctioned party), control
//! when every ownership on the way reaches the control share; and, one hop away only, the kind
//! the relation declares in its direction (membership of a sanctioned group, supplying a
//! sanctioned party) or else *linked*. Any other path is not an exposure path.

use crate::graph::{FactId, Projection, RelationExposure, Weakness};
use crate::search::{FoundPath, Hop, HopFilter};
use serde::Serialize;

/// The exposure a path shows.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExposureView {
    /// Key of the exposure kind (`designated`, `control`, `ownership`, `linked`, `membership`, `trade`).
    pub kind: String,
    /// The kind as people read it.
    pub label: String,
    /// Its strength: a higher rank is a stronger kind.
    pub rank: u8,
    /// What the kind means.
    pub meaning: String,
    /// The path in one sentence, never saying more than the hops do.
    pub wording: String,
}

/// The exposure a path to a sanction shows, or None when it is not an exposure path.
pub fn classify(projection: &Projection, filter: &HopFilter, path: &FoundPath) -> Option<ExposureView> {
    let (last, before) = path.hops.split_last()?;
    let last_relation = projection.relation(projection.edge(last.edge).relation);
    if last_relation.exposure != Some(RelationExposure::SanctionedParty) {
        return None;
    }
    // A link between two records of one actor changes nothing: leave such hops out.
    let before: Vec<Hop> = before
        .iter()
        .copied()
        .filter(|hop| {
            projection.relation(projection.edge(hop.edge).relation).exposure != Some(RelationExposure::SameActor)
        })
        .collect();
    let before = before.as_slice();
    let kind = match before {
        [] => "designated".to_owned(),
        [only] => single_hop_kind(projection, filter, *only)?,
        many => {
            let mut kind = "control";
            for hop in many {
                match chain_hop_kind(projection, filter, *hop)? {
                    "control" => {}
                    _ => kind = "ownership",
                }
            }
            kind.to_owned()
        }
    };
    let declared = projection.exposure_kinds.iter().find(|k| k.key == kind);
    Some(ExposureView {
        label: declared.map_or_else(|| kind.clone(), |k| k.label.clone()),
        rank: declared.map_or(0, |k| k.rank),
        meaning: declared.map_or_else(String::new, |k| k.description.clone()),
        wording: wording(projection, filter, path),
        kind,
    })
}

/// A hop against the flow of a control or ownership relation: `control` when it reaches the
/// control share (or the relation always passes control), `ownership` otherwise.
fn chain_hop_kind(projection: &Projection, filter: &HopFilter, hop: Hop) -> Option<&'static str> {
    let edge = projection.edge(hop.edge);
    let Some(RelationExposure::Passes { kind, forward, backward, control_share }) =
        &projection.relation(edge.relation).exposure
    else {
        return None;
    };
    // Walking from the exposed party towards the sanctioned one goes against the flow.
    let against_flow = (*forward && !hop.forward) || (*backward && hop.forward);
    if !against_flow {
        return None;
    }
    match kind.as_str() {
        "control" => Some("control"),
        "ownership" => {
            let share = best_share(projection, filter, &edge.facts);
            Some(if control_share.zip(share).is_some_and(|(needed, held)| held >= needed) {
                "control"
            } else {
                "ownership"
            })
        }
        _ => None,
    }
}

/// The one hop next to the sanctioned party: a chain hop's kind, the relation's own kind in its
/// direction, or `linked`.
fn single_hop_kind(projection: &Projection, filter: &HopFilter, hop: Hop) -> Option<String> {
    if let Some(kind) = chain_hop_kind(projection, filter, hop) {
        return Some(kind.to_owned());
    }
    let edge = projection.edge(hop.edge);
    match &projection.relation(edge.relation).exposure {
        Some(RelationExposure::Passes { kind, forward, backward, .. }) => {
            let against_flow = (*forward && !hop.forward) || (*backward && hop.forward);
            if against_flow && kind != "control" && kind != "ownership" {
                Some(kind.clone())
            } else {
                Some("linked".to_owned())
            }
        }
        _ => None,
    }
}

/// The largest share stated by a fact behind the edge that passes the filter.
fn best_share(projection: &Projection, filter: &HopFilter, facts: &[FactId]) -> Option<f64> {
    facts
        .iter()
        .filter(|f| filter.allows_fact(projection, **f))
        .filter_map(|f| projection.fact(*f).share)
        .max_by(|a, b| a.total_cmp(b))
}

/// "LLC CST is owned by Alexander ZAKHAROV (51%); Alexander ZAKHAROV is sanctioned by ...".
fn wording(projection: &Projection, filter: &HopFilter, path: &FoundPath) -> String {
    let nodes = path.nodes(projection);
    path.hops
        .iter()
        .enumerate()
        .map(|(i, hop)| {
            let relation = projection.relation(projection.edge(hop.edge).relation);
            // The sanction itself reads as its own summary.
            if relation.exposure == Some(RelationExposure::SanctionedParty) {
                return projection.node(nodes[i + 1]).label.clone();
            }
            let verb = if hop.forward { &relation.label } else { &relation.inverse_label };
            let share = best_share(projection, filter, &projection.edge(hop.edge).facts)
                .map(|s| format!(" ({s}%)"))
                .unwrap_or_default();
            format!("{} {verb} {}{share}", projection.node(nodes[i]).label, projection.node(nodes[i + 1]).label)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why a path connects only weakly, or None: it passes through a place or a group (the object
/// of a weak relation, such as the place of a location or the group of a membership) that is
/// neither of its ends, so that its two sides are only located in, or members of, the same.
pub fn weak_note(projection: &Projection, path: &FoundPath) -> Option<String> {
    let nodes = path.nodes(projection);
    let (first, last) = (nodes[0], nodes[nodes.len() - 1]);
    let mut through = Vec::new();
    for hop in &path.hops {
        let edge = projection.edge(hop.edge);
        let what = match (projection.relation(edge.relation).weak, hop.forward) {
            (Some(Weakness::Any), _) => "a place",
            (Some(Weakness::Backward), false) => "a group",
            _ => continue,
        };
        if edge.to == first || edge.to == last {
            continue;
        }
        let text = format!("{} ({what})", projection.node(edge.to).label);
        if !through.contains(&text) {
            through.push(text);
        }
    }
    (!through.is_empty()).then(|| {
        format!(
            "weak connection: only through {}, not a relation any source states between the two ends",
            crate::graph::wording::join_and(&through)
        )
    })
}
