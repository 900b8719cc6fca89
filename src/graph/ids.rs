//! Typed ids of the graph's nodes, facts, classes, relations, families and edges: indexes into
//! the projection's tables that the compiler keeps apart, so that a fact id cannot be passed
//! where a node id is meant.

use serde::{Deserialize, Serialize};

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident($inner:ty);)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub $inner);

        impl $name {
            /// The position in the projection's table.
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The id of the entry at `index` of the projection's table.
            pub fn from_index(index: usize) -> Self {
                Self(index as $inner)
            }
        }
    )*};
}

ids! {
    /// A node of the graph: an entity or a fact.
    NodeId(u32);
    /// A fact (a claim with evidence), behind one or more edges.
    FactId(u32);
    /// A class of the ontology.
    ClassId(u32);
    /// A property that becomes edges (derived, role or direct).
    RelationId(u32);
    /// A relation family (supply, sanction...).
    FamilyId(u16);
    /// An edge: a relation between two nodes with the facts behind it.
    EdgeId(u32);
}
