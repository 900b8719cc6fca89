//! A built projection written in the frozen layout, and its entries read back: nodes (IRIs in
//! one block, sorted for lookups; labels, classes and aliases as records), facts (records, with
//! evidence interned in a table of its own, plus columns of rank and validity for the search),
//! edges as columns, the arcs of every node in compressed sparse rows (best first, both ways) and
//! the names people type, sorted.

use super::build::Draft;
use super::frozen::{Frozen, Section, Writer};
use super::{
    hop_penalty_for, Class, ClassId, ConfidenceLevel, Edge, EdgeId, Evidence, ExposureKind, Fact, FactId, Family,
    FamilyId, Node, NodeId, Relation, RelationId, RelationKind,
};
use crate::graph::wording::Wording;
use crate::rdf::dates::Validity;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{self, Write};

/// The small tables, decoded whole when the projection opens.
#[derive(Serialize, Deserialize)]
pub(super) struct Meta {
    pub(super) families: Vec<Family>,
    pub(super) confidence_levels: Vec<ConfidenceLevel>,
    pub(super) relations: Vec<Relation>,
    pub(super) classes: Vec<Class>,
    pub(super) dual_use: Vec<NodeId>,
    pub(super) subject_roles: Vec<RelationId>,
    pub(super) exposure_kinds: Vec<ExposureKind>,
    pub(super) counts: [u64; 4],
}

/// The same, borrowed from a draft for writing (postcard writes slices and vectors alike).
#[derive(Serialize)]
struct MetaRef<'a> {
    families: &'a [Family],
    confidence_levels: &'a [ConfidenceLevel],
    relations: &'a [Relation],
    classes: &'a [Class],
    dual_use: Vec<NodeId>,
    subject_roles: Vec<RelationId>,
    exposure_kinds: &'a [ExposureKind],
    counts: [u64; 4],
}

#[derive(Serialize, Deserialize)]
struct NodeRecord {
    label: String,
    class: Option<ClassId>,
    classes: Vec<ClassId>,
    aliases: Vec<String>,
}

/// The same, borrowed from a draft for writing.
#[derive(Serialize)]
struct NodeRecordRef<'a> {
    label: &'a str,
    class: Option<ClassId>,
    classes: &'a [ClassId],
    aliases: &'a [String],
}

#[derive(Serialize, Deserialize)]
struct FactRecord {
    node: NodeId,
    class: Option<ClassId>,
    family: Option<FamilyId>,
    summary: String,
    wording: Wording,
    qualifiers: Vec<String>,
    validity: Validity,
    amount: super::Amount,
    evidence: Vec<u32>,
    best_rank: u8,
    share: Option<f64>,
}

/// The same, borrowed from a draft for writing.
#[derive(Serialize)]
struct FactRecordRef<'a> {
    node: NodeId,
    class: Option<ClassId>,
    family: Option<FamilyId>,
    summary: &'a str,
    wording: &'a Wording,
    qualifiers: &'a [String],
    validity: Validity,
    amount: &'a super::Amount,
    evidence: Vec<u32>,
    best_rank: u8,
    share: Option<f64>,
}

const NONE_U32: u32 = u32::MAX;
const NONE_U16: u16 = u16::MAX;

/// Writes numbers through a buffer.
fn numbers<W: Write, const N: usize>(
    writer: &mut Writer<W>,
    section: Section,
    values: impl IntoIterator<Item = [u8; N]>,
) -> io::Result<()> {
    writer.begin(section)?;
    let mut buffer = Vec::with_capacity(1 << 16);
    for value in values {
        buffer.extend_from_slice(&value);
        if buffer.len() >= 1 << 16 {
            writer.put(&buffer)?;
            buffer.clear();
        }
    }
    writer.put(&buffer)?;
    writer.end()
}

/// Writes records as an offset table (`u64`, one more than records) and their bytes.
fn records<W: Write>(
    writer: &mut Writer<W>,
    offsets: Section,
    bytes: Section,
    items: impl Iterator<Item = impl AsRef<[u8]>>,
) -> io::Result<()> {
    let mut ends = vec![0u64];
    writer.begin(bytes)?;
    for item in items {
        let item = item.as_ref();
        writer.put(item)?;
        ends.push(ends.last().expect("an offset") + item.len() as u64);
    }
    writer.end()?;
    numbers(writer, offsets, ends.into_iter().map(u64::to_le_bytes))
}

fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    postcard::to_allocvec(value).expect("postcard writes any value")
}

/// Compressed sparse rows: the offsets of each node's arcs, and the (other node, hop) pairs.
fn arcs<W: Write>(
    writer: &mut Writer<W>,
    (offsets_section, arcs_section): (Section, Section),
    nodes: usize,
    mut arcs: Vec<(u32, u32, u32, u32)>,
) -> io::Result<()> {
    // (node, penalty, hop, other): sorted, each node's arcs best first, ties by edge and
    // direction (against the edge first), as breadth-first searches should meet them.
    arcs.par_sort_unstable();
    let mut offsets = vec![0u32; nodes + 1];
    for (node, ..) in &arcs {
        offsets[*node as usize + 1] += 1;
    }
    for i in 0..nodes {
        offsets[i + 1] += offsets[i];
    }
    numbers(writer, offsets_section, offsets.into_iter().map(u32::to_le_bytes))?;
    numbers(
        writer,
        arcs_section,
        arcs.into_iter().map(|(_, _, hop, other)| {
            let mut pair = [0u8; 8];
            pair[..4].copy_from_slice(&other.to_le_bytes());
            pair[4..].copy_from_slice(&hop.to_le_bytes());
            pair
        }),
    )
}

/// Writes `draft` in the frozen layout; returns the output and the header page to put at its start.
pub(super) fn write<W: Write>(draft: &Draft, out: W, stamp: u64) -> io::Result<(W, Vec<u8>)> {
    let mut w = Writer::new(out)?;
    let counts =
        [draft.nodes.len() as u64, draft.facts.len() as u64, draft.edges.len() as u64, draft.names.len() as u64];
    let meta = MetaRef {
        families: &draft.families,
        confidence_levels: &draft.confidence_levels,
        relations: &draft.relations,
        classes: &draft.classes,
        dual_use: draft.dual_use.iter().copied().collect(),
        subject_roles: draft.subject_roles.iter().copied().collect(),
        exposure_kinds: &draft.exposure_kinds,
        counts,
    };
    w.section(Section::Meta, &encode(&meta))?;

    // Nodes: IRIs, IRI order, records, the fact each stands for.
    records(&mut w, Section::NodeIriOffsets, Section::NodeIriBytes, draft.nodes.iter().map(|n| n.iri.as_bytes()))?;
    let mut order: Vec<u32> = (0..draft.nodes.len() as u32).collect();
    order.par_sort_unstable_by(|a, b| draft.nodes[*a as usize].iri.cmp(&draft.nodes[*b as usize].iri));
    numbers(&mut w, Section::NodeIriOrder, order.into_iter().map(u32::to_le_bytes))?;
    // Records encoded on every core, written in order.
    let node_records: Vec<Vec<u8>> = draft
        .nodes
        .par_iter()
        .map(|n| encode(&NodeRecordRef { label: &n.label, class: n.class, classes: &n.classes, aliases: &n.aliases }))
        .collect();
    records(&mut w, Section::NodeRecordOffsets, Section::NodeRecordBytes, node_records.into_iter())?;
    numbers(&mut w, Section::NodeFact, draft.nodes.iter().map(|n| n.fact.map_or(NONE_U32, |f| f.0).to_le_bytes()))?;

    // Facts, with evidence interned: items encoded on every core a block of facts at a time (so
    // that repeated items do not pile up), numbered in fact order.
    let mut evidence_ids: HashMap<Vec<u8>, u32> = HashMap::new();
    let mut evidence: Vec<Vec<u8>> = Vec::new();
    let mut ids: Vec<Vec<u32>> = Vec::with_capacity(draft.facts.len());
    for block in draft.facts.chunks(EVIDENCE_BLOCK) {
        let encoded: Vec<Vec<Vec<u8>>> = block.par_iter().map(|f| f.evidence.iter().map(encode).collect()).collect();
        for items in encoded {
            let numbered = items.into_iter().map(|bytes| match evidence_ids.get(&bytes) {
                Some(id) => *id,
                None => {
                    let id = evidence.len() as u32;
                    evidence.push(bytes.clone());
                    evidence_ids.insert(bytes, id);
                    id
                }
            });
            ids.push(numbered.collect());
        }
    }
    drop(evidence_ids);
    let fact_records: Vec<Vec<u8>> = draft
        .facts
        .par_iter()
        .zip(ids)
        .map(|(f, ids)| {
            encode(&FactRecordRef {
                node: f.node,
                class: f.class,
                family: f.family,
                summary: &f.summary,
                wording: &f.wording,
                qualifiers: &f.qualifiers,
                validity: f.validity,
                amount: &f.amount,
                evidence: ids,
                best_rank: f.best_rank,
                share: f.share,
            })
        })
        .collect();
    records(&mut w, Section::FactRecordOffsets, Section::FactRecordBytes, fact_records.into_iter())?;
    numbers(&mut w, Section::FactRank, draft.facts.iter().map(|f| [f.best_rank]))?;
    numbers(&mut w, Section::FactFrom, draft.facts.iter().map(|f| f.validity.from.unwrap_or(i64::MIN).to_le_bytes()))?;
    numbers(
        &mut w,
        Section::FactUntil,
        draft.facts.iter().map(|f| f.validity.until.unwrap_or(i64::MAX).to_le_bytes()),
    )?;
    records(&mut w, Section::EvidenceOffsets, Section::EvidenceBytes, evidence.into_iter())?;

    // Edges as columns.
    let rank = |e: &Edge| e.facts.iter().map(|f| draft.facts[f.index()].best_rank).max().unwrap_or(0);
    let family = |e: &Edge| {
        draft.relations[e.relation.index()]
            .family
            .or_else(|| e.facts.first().and_then(|f| draft.facts[f.index()].family))
    };
    numbers(&mut w, Section::EdgeFrom, draft.edges.iter().map(|e| e.from.0.to_le_bytes()))?;
    numbers(&mut w, Section::EdgeTo, draft.edges.iter().map(|e| e.to.0.to_le_bytes()))?;
    numbers(&mut w, Section::EdgeRelation, draft.edges.iter().map(|e| e.relation.0.to_le_bytes()))?;
    numbers(
        &mut w,
        Section::EdgeFamily,
        draft.edges.iter().map(|e| family(e).map_or(NONE_U16, |f| f.0).to_le_bytes()),
    )?;
    numbers(&mut w, Section::EdgeRank, draft.edges.iter().map(|e| [rank(e)]))?;
    let mut end = 0u32;
    let fact_offsets = std::iter::once(0u32).chain(draft.edges.iter().map(|e| {
        end += e.facts.len() as u32;
        end
    }));
    numbers(&mut w, Section::EdgeFactOffsets, fact_offsets.map(u32::to_le_bytes))?;
    numbers(&mut w, Section::EdgeFactIds, draft.edges.iter().flat_map(|e| e.facts.iter().map(|f| f.0.to_le_bytes())))?;

    // Two arcs per edge, each listed at the node it leaves and at the node it reaches.
    let is_role = |e: &Edge| draft.relations[e.relation.index()].kind == RelationKind::Role;
    if draft.edges.len() > MAX_EDGES {
        return Err(io::Error::other(format!("{} edges: a path graph holds at most {MAX_EDGES}", draft.edges.len())));
    }
    let mut out = Vec::with_capacity(draft.edges.len() * 2);
    let mut into = Vec::with_capacity(draft.edges.len() * 2);
    for (i, edge) in draft.edges.iter().enumerate() {
        let rank = rank(edge);
        for forward in [true, false] {
            // Hop codes (edge × 4 + role × 2 + direction) sort as (edge, against before along).
            let code = hop_code(EdgeId(i as u32), forward, is_role(edge));
            let penalty = hop_penalty_for(rank, forward);
            let (tail, head) = if forward { (edge.from.0, edge.to.0) } else { (edge.to.0, edge.from.0) };
            out.push((tail, penalty, code, head));
            into.push((head, penalty, code, tail));
        }
    }
    arcs(&mut w, (Section::OutOffsets, Section::OutArcs), draft.nodes.len(), out)?;
    arcs(&mut w, (Section::InOffsets, Section::InArcs), draft.nodes.len(), into)?;

    // Names people type, sorted.
    records(&mut w, Section::NameOffsets, Section::NameBytes, draft.names.iter().map(|(n, _)| n.as_bytes()))?;
    numbers(&mut w, Section::NameNode, draft.names.iter().map(|(_, id)| id.0.to_le_bytes()))?;
    w.finish(stamp, draft.generation)
}

/// Facts whose evidence is encoded at once, on every core, before it is interned.
const EVIDENCE_BLOCK: usize = 1 << 16;

/// The most edges an arc's code can name.
const MAX_EDGES: usize = 1 << 30;

/// The code of a hop in the arc tables: its edge times four, plus two for a role edge (so that
/// a search learns that from the arc, without reading the edge's columns), plus one along the
/// edge's direction. Codes sort as edges do.
pub(super) fn hop_code(edge: EdgeId, forward: bool, role: bool) -> u32 {
    edge.0 * 4 + u32::from(role) * 2 + u32::from(forward)
}

/// The hop a code stands for: its edge, whether it follows the edge's direction, and whether
/// the edge is a role edge.
pub(super) fn decode_hop(code: u32) -> (EdgeId, bool, bool) {
    (EdgeId(code / 4), code & 1 == 1, code & 2 == 2)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn decode<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> T {
    postcard::from_bytes(bytes).expect("a checksummed record of this layout decodes")
}

pub(super) fn read_meta(frozen: &Frozen) -> Meta {
    decode(frozen.section(Section::Meta))
}

pub(super) fn node_iri(frozen: &Frozen, index: usize) -> &str {
    std::str::from_utf8(frozen.record(Section::NodeIriOffsets, Section::NodeIriBytes, index)).unwrap_or("")
}

pub(super) fn node(frozen: &Frozen, index: usize) -> Node {
    let record: NodeRecord = decode(frozen.record(Section::NodeRecordOffsets, Section::NodeRecordBytes, index));
    let fact = frozen.u32(Section::NodeFact, index);
    Node {
        iri: text(frozen.record(Section::NodeIriOffsets, Section::NodeIriBytes, index)),
        label: record.label,
        class: record.class,
        classes: record.classes,
        aliases: record.aliases,
        fact: (fact != NONE_U32).then_some(FactId(fact)),
    }
}

pub(super) fn fact(frozen: &Frozen, index: usize) -> Fact {
    let record: FactRecord = decode(frozen.record(Section::FactRecordOffsets, Section::FactRecordBytes, index));
    Fact {
        node: record.node,
        class: record.class,
        family: record.family,
        summary: record.summary,
        wording: record.wording,
        qualifiers: record.qualifiers,
        validity: record.validity,
        amount: record.amount,
        evidence: record
            .evidence
            .iter()
            .map(|id| decode::<Evidence>(frozen.record(Section::EvidenceOffsets, Section::EvidenceBytes, *id as usize)))
            .collect(),
        best_rank: record.best_rank,
        share: record.share,
    }
}

pub(super) fn edge_facts(frozen: &Frozen, index: usize) -> impl Iterator<Item = FactId> + '_ {
    let (start, end) = (frozen.u32(Section::EdgeFactOffsets, index), frozen.u32(Section::EdgeFactOffsets, index + 1));
    let ids = frozen.bytes(Section::EdgeFactIds, start as usize * 4, (end - start) as usize * 4);
    ids.chunks_exact(4).map(|c| FactId(u32::from_le_bytes(c.try_into().expect("four bytes"))))
}

pub(super) fn edge(frozen: &Frozen, index: usize) -> Edge {
    Edge {
        from: NodeId(frozen.u32(Section::EdgeFrom, index)),
        to: NodeId(frozen.u32(Section::EdgeTo, index)),
        relation: RelationId(frozen.u32(Section::EdgeRelation, index)),
        facts: edge_facts(frozen, index).collect(),
    }
}

pub(super) fn name_text(frozen: &Frozen, index: usize) -> &str {
    std::str::from_utf8(frozen.record(Section::NameOffsets, Section::NameBytes, index)).unwrap_or("")
}

pub(super) fn name(frozen: &Frozen, index: usize) -> (String, NodeId) {
    (name_text(frozen, index).to_owned(), NodeId(frozen.u32(Section::NameNode, index)))
}

/// The arcs of `node` in one direction: (other node, hop code), best first.
pub(super) fn node_arcs(frozen: &Frozen, outgoing: bool, node: usize) -> impl Iterator<Item = (u32, u32)> + '_ {
    let (offsets, arcs) =
        if outgoing { (Section::OutOffsets, Section::OutArcs) } else { (Section::InOffsets, Section::InArcs) };
    let (start, end) = (frozen.u32(offsets, node), frozen.u32(offsets, node + 1));
    frozen.pairs(arcs, start as usize, (end - start) as usize)
}
