//! Which hops a search may take: relation families to follow or avoid, direction, the weakest
//! evidence accepted and the date the facts must hold at, as people give them.

use crate::graph::{Edge, EdgeId, FactId, FamilyId, Projection};
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
        let relation = projection.relation(edge.relation);
        match self.profile {
            Profile::All => {}
            // Strict leaves out every relation that can connect weakly: places and group membership.
            Profile::Strict if relation.weak.is_some() => return false,
            Profile::Strict => {}
            Profile::Exposure if relation.exposure.is_none() => return false,
            Profile::Exposure => {}
        }
        let family = projection.edge_family(edge);
        if let Some(only) = &self.only {
            if !family.is_some_and(|f| only.contains(&f)) {
                return false;
            }
        }
        if family.is_some_and(|f| self.exclude.contains(&f)) {
            return false;
        }
        if edge.facts.is_empty() {
            return self.min_rank.is_none();
        }
        edge.facts.iter().any(|f| self.allows_fact(projection, *f))
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
        let relation = projection.relation(projection.edge_relation(edge));
        match self.profile {
            Profile::All => {}
            Profile::Strict if relation.weak.is_some() => return false,
            Profile::Strict => {}
            Profile::Exposure if relation.exposure.is_none() => return false,
            Profile::Exposure => {}
        }
        let family = projection.edge_family_of(edge);
        if let Some(only) = &self.only {
            if !family.is_some_and(|f| only.contains(&f)) {
                return false;
            }
        }
        if family.is_some_and(|f| self.exclude.contains(&f)) {
            return false;
        }
        let mut facts = projection.edge_fact_ids(edge).peekable();
        if facts.peek().is_none() {
            return self.min_rank.is_none();
        }
        facts.any(|f| self.allows_fact(projection, f))
    }
}
