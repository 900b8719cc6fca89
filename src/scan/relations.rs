//! Relation candidates: in a sentence naming two known entities, a cue word the ontology ties to a
//! fact class drafts a fact of that class. The class's first role (as its summary template tells
//! it: the supplier of "{supplier} supplied {good} to {recipient}") takes the nearest fitting
//! entity before the cue (after it when "by" follows the cue), the other roles the nearest
//! fitting entities after it, each only an entity its range admits; with inverse wording
//! ("bought" for a supply flow) the entity before the cue takes the last template role it fits
//! (the recipient) and the others fill from the first. Entities of the cue's clause
//! come before those elsewhere in the sentence; roles past the second take only those. A class
//! with a single role (the partners of bilateral trade) takes the two nearest entities.

use super::lexicon::{Lexicon, RoleInfo};
use super::sentences::{Item, ItemKind, Sentence};
use super::{RelationCandidate, RoleFill};

fn fill(lexicon: &Lexicon, role: &RoleInfo, item: &Item) -> RoleFill {
    let ItemKind::Entity { entity } = item.kind else { unreachable!("only entities fill roles") };
    let info = &lexicon.entities[entity];
    RoleFill {
        role: role.iri.clone(),
        role_label: role.label.clone(),
        entity: info.iri.clone(),
        label: info.label.clone(),
        text: item.text.clone(),
        line: item.line,
    }
}

fn entity_of(item: &Item) -> Option<usize> {
    match item.kind {
        ItemKind::Entity { entity } => Some(entity),
        _ => None,
    }
}

/// The draft facts one sentence suggests, at most one per fact class and pair of entities.
pub(crate) fn candidates(lexicon: &Lexicon, sentence: &Sentence) -> Vec<RelationCandidate> {
    let mut found: Vec<RelationCandidate> = Vec::new();
    let mut seen: Vec<(usize, usize, usize)> = Vec::new();
    let hedge = sentence.items.iter().find(|i| matches!(i.kind, ItemKind::Hedge)).map(|i| i.text.clone());
    let quantities: Vec<_> = sentence
        .items
        .iter()
        .filter_map(|i| if let ItemKind::Quantity(q) = &i.kind { Some(q.clone()) } else { None })
        .collect();
    let dates: Vec<_> = sentence
        .items
        .iter()
        .filter_map(|i| if let ItemKind::Date(d) = &i.kind { Some(d.clone()) } else { None })
        .collect();
    for (at, cue_item) in sentence.items.iter().enumerate() {
        let ItemKind::Cue { cue, passive } = cue_item.kind else { continue };
        let kind_index = lexicon.fact_cues[cue].kind;
        let inverse = lexicon.fact_cues[cue].inverse;
        let kind = &lexicon.fact_kinds[kind_index];
        if kind.roles.is_empty() {
            continue;
        }
        let usable = |item: &&Item| entity_of(item).is_some();
        // Nearest first on each side, those in the cue's clause (between `;`, `:`, dashes and
        // brackets) before those elsewhere in the sentence.
        let mut before: Vec<&Item> = sentence.items[..at].iter().rev().filter(usable).collect();
        let mut after: Vec<&Item> = sentence.items[at + 1..].iter().filter(usable).collect();
        before.sort_by_key(|item| item.clause != cue_item.clause);
        after.sort_by_key(|item| item.clause != cue_item.clause);
        let mut roles: Vec<(usize, &Item)> = Vec::new();
        if kind.roles.len() == 1 {
            // One role both entities play (the partners of bilateral trade): the two nearest.
            let mut by_distance: Vec<(usize, &Item)> =
                before.iter().copied().enumerate().chain(after.iter().copied().enumerate()).collect();
            by_distance.sort_by_key(|(rank, item)| (*rank, item.line, item.at));
            for (_, item) in by_distance {
                let entity = entity_of(item).expect("an entity");
                if lexicon.fits(entity, kind.roles[0].range)
                    && roles.iter().all(|(_, other)| entity_of(other) != Some(entity))
                {
                    roles.push((0, item));
                }
                if roles.len() == 2 {
                    break;
                }
            }
        } else {
            if passive {
                std::mem::swap(&mut before, &mut after);
            }
            let fits =
                |item: &Item, role: usize| lexicon.fits(entity_of(item).expect("an entity"), kind.roles[role].range);
            // The subject plays the first role; with inverse wording ("bought") the last role of
            // the summary template it can.
            let subject = before.iter().find_map(|item| {
                let role = if inverse {
                    (1..kind.told.max(2).min(kind.roles.len())).rev().find(|&r| fits(item, r))
                } else {
                    Some(0).filter(|&r| fits(item, r))
                };
                role.map(|role| (role, *item))
            });
            let Some((subject_role, subject)) = subject else { continue };
            roles.push((subject_role, subject));
            let subject_entity = entity_of(subject);
            for item in after {
                let entity = entity_of(item).expect("an entity");
                if Some(entity) == subject_entity || roles.iter().any(|(_, other)| entity_of(other) == Some(entity)) {
                    continue;
                }
                // Roles past the second only take entities of the cue's own clause.
                if roles.len() >= 2 && item.clause != cue_item.clause {
                    break;
                }
                let open = (0..kind.roles.len())
                    .find(|r| roles.iter().all(|(taken, _)| taken != r) && lexicon.fits(entity, kind.roles[*r].range));
                if let Some(role) = open {
                    roles.push((role, item));
                }
                if roles.len() == kind.roles.len() {
                    break;
                }
            }
        }
        if roles.len() < 2 {
            continue;
        }
        let key = (kind_index, entity_of(roles[0].1).unwrap_or(0), entity_of(roles[1].1).unwrap_or(0));
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let class = &lexicon.classes[kind.class];
        let lines = roles.iter().map(|(_, item)| item.line).chain(std::iter::once(cue_item.line));
        let (first_line, last_line) = lines.fold((u64::MAX, 0), |(lo, hi), l| (lo.min(l), hi.max(l)));
        found.push(RelationCandidate {
            class: class.iri.clone(),
            class_label: class.label.clone(),
            family: class.family.clone(),
            cue: cue_item.text.clone(),
            first_line,
            last_line,
            roles: roles.iter().map(|(role, item)| fill(lexicon, &kind.roles[*role], item)).collect(),
            hedge: hedge.clone(),
            quantities: quantities.clone(),
            dates: dates.clone(),
            sentence: sentence.text.clone(),
        });
    }
    found
}
