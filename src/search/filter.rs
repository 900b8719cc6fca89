//! Which hops a search may take: relation families to follow or avoid, direction, the weakest
//! evidence accepted and the date the facts must hold at, as people give them.

use crate::graph::{Edge, EdgeId, FactId, FamilyId, Projection, RelationId};
use crate::rdf::dates::{parse_day_range, DateError, DayRange};

/// Why hop filters given as text cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum FilterError {
    /// A relation family the ontology does not declare: the key given and the known keys.
    #[error("unknown relation family '{0}'; known families: {1}")]
    UnknownFamily(String, String),
    /// A confidence level the ontology does not declare: the key given and the known keys.
    #[error("unknown confidence level '{0}'; known levels: {1}")]
    UnknownConfidence(String, String),
    /// A date that is not YYYY, YYYY-MM or YYYY-MM-DD.
    #[error(transparent)]
    Date(#[from] DateError),
}

/// Which relations a search follows, by what they mean.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// Every relation; paths with weak hops rank after the others.
    #[default]
    All,
    /// No relation that can connect weakly: no place, no group membership.
    Strict,
    /// Only relations that pass sanctions exposure, ending at a sanction's target role.
    Exposure,
}

impl Profile {
    /// The profile's name on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Profile::All => "all",
            Profile::Strict => "strict",
            Profile::Exposure => "exposure",
        }
    }
}

/// Which hops a search may take.
#[derive(Debug, Clone, Default)]
pub struct HopFilter {
    /// Which relations to follow by what they mean.
    pub profile: Profile,
    /// Only hops of these relation families (None: any family).
    pub only: Option<Vec<FamilyId>>,
    /// No hops of these relation families.
    pub exclude: Vec<FamilyId>,
    /// Forward hops only, never against an edge's direction.
    pub directed: bool,
    /// The lowest evidence rank accepted (None: any, and edges without facts too).
    pub min_rank: Option<u8>,
    /// The days the facts must hold at some point of (None: any date).
    pub as_of: Option<DayRange>,
}

impl HopFilter {
    /// Reads family keys, a confidence key and a date as the command line gives them.
    pub fn parse(
        projection: &Projection,
        via: &[String],
        exclude: &[String],
        directed: bool,
        min_confidence: Option<&str>,
        as_of: Option<&str>,
    ) -> Result<Self, FilterError> {
        let family = |key: &String| {
            projection.family_by_key(key.trim()).ok_or_else(|| {
                let known: Vec<&str> = projection.families.iter().map(|f| f.key.as_str()).collect();
                FilterError::UnknownFamily(key.clone(), known.join(", "))
            })
        };
        let only = if via.is_empty() { None } else { Some(via.iter().map(family).collect::<Result<Vec<_>, _>>()?) };
        let exclude = exclude.iter().map(family).collect::<Result<Vec<_>, _>>()?;
        let min_rank = match min_confidence {
            None => None,
            Some(key) => Some(projection.confidence_rank(key.trim()).ok_or_else(|| {
                let known: Vec<&str> = projection.confidence_levels.iter().rev().map(|l| l.key.as_str()).collect();
                FilterError::UnknownConfidence(key.to_owned(), known.join(", "))
            })?),
        };
        let as_of = as_of.map(parse_day_range).transpose()?;
        Ok(HopFilter { profile: Profile::All, only, exclude, directed, min_rank, as_of })
    }

    /// Whether the edge passes the family filter and has a fact (or, for an edge asserted
    /// without facts, needs none) passing the confidence and date filters. Direction aside.
    pub fn allows_edge(&self, projection: &Projection, edge: &Edge) -> bool {
        self.allows_relation(projection, edge.relation, projection.edge_family(edge))
            && self.allows_facts(projection, edge.facts.iter().copied())
    }

    /// Whether the profile and the family filters let an edge of this relation and family through.
    fn allows_relation(&self, projection: &Projection, relation: RelationId, family: Option<FamilyId>) -> bool {
        let relation = projection.relation(relation);
        let profile_allows = match self.profile {
            Profile::All => true,
            // Strict leaves out every relation that can connect weakly: places and group membership.
            Profile::Strict => relation.weak.is_none(),
            Profile::Exposure => relation.exposure.is_some(),
        };
        profile_allows
            && self.only.as_ref().is_none_or(|only| family.is_some_and(|f| only.contains(&f)))
            && !family.is_some_and(|f| self.exclude.contains(&f))
    }

    /// Whether an edge with these facts passes the confidence and date filters: one fact that
    /// does, or none at all when no minimum confidence is asked for (an edge asserted directly).
    fn allows_facts(&self, projection: &Projection, facts: impl Iterator<Item = FactId>) -> bool {
        let mut facts = facts.peekable();
        if facts.peek().is_none() {
            return self.min_rank.is_none();
        }
        facts.any(|f| self.allows_fact(projection, f))
    }

    /// Whether a fact is strong enough and valid at the `--as-of` date (undated facts are).
    pub fn allows_fact(&self, projection: &Projection, fact: FactId) -> bool {
        self.min_rank.is_none_or(|min| projection.fact_rank(fact) >= min)
            && self.as_of.is_none_or(|day| projection.fact_validity(fact).holds_during(day))
    }

    /// Whether every edge passes (no profile, family, confidence or date restriction), so that
    /// nothing needs checking edge by edge. Direction aside.
    pub fn lets_all_through(&self) -> bool {
        self.profile == Profile::All
            && self.only.is_none()
            && self.exclude.is_empty()
            && self.min_rank.is_none()
            && self.as_of.is_none()
    }

    /// [`HopFilter::allows_edge`] for an edge by id, read from the projection's columns without
    /// decoding the edge.
    pub fn allows_edge_id(&self, projection: &Projection, edge: EdgeId) -> bool {
        self.allows_relation(projection, projection.edge_relation(edge), projection.edge_family_of(edge))
            && self.allows_facts(projection, projection.edge_fact_ids(edge))
    }
}
