//! The English wording of facts: a class's summary template filled with the fact's values (its
//! verb agreeing in number, any participant named first), short qualifiers (amounts, money,
//! periods, roles) and numbers as people read them.

use super::{Amount, NodeId};
use crate::rdf::vocab;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Values of one claim: property IRI -> values (IRI of a resource or literal text, and whether
/// it was a literal), in order; borrowed from what the builder read.
pub type FactValues<'a> = BTreeMap<&'a str, Vec<(&'a str, bool)>>;

/// A fact's one-line summary kept as its template and the things filling each placeholder, so
/// that it can be told again with one participant named first (a hop from NORINCO names NORINCO
/// first) and with its verb agreeing in number ("A and B are in China").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Wording {
    /// The class's summary template ("{supplier} supplied {good} to {recipient}").
    pub template: String,
    /// The template to use when its first placeholder names more than one thing, if the
    /// ontology gives one (`ag:pluralSummaryTemplate`).
    pub plural: Option<String>,
    /// Each placeholder's name and what fills it: a label and, for a resource, its node.
    pub slots: Vec<(String, Vec<Filler>)>,
}

/// One value filling a placeholder: its label and, for a resource in the projection, its node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Filler {
    /// The label the value is told by.
    pub label: String,
    /// The node the value stands for, if it is one.
    pub node: Option<NodeId>,
}

impl Wording {
    /// The template filled with the fact's values; `first` (a participant) is named first among
    /// the values it belongs to. Each `{name}` becomes the labels of the values of `ag:name`
    /// joined with "and"; a missing value reads "?".
    pub fn tell(&self, first: Option<NodeId>) -> String {
        let subject_count = first_placeholder(&self.template)
            .and_then(|name| self.slots.iter().find(|(slot, _)| slot == name))
            .map_or(0, |(_, fillers)| fillers.len());
        let template = match &self.plural {
            Some(plural) if subject_count > 1 => plural,
            _ => &self.template,
        };
        let mut out = String::new();
        let mut rest = template.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else { break };
            let name = &rest[open + 1..open + close];
            let mut fillers: Vec<&Filler> =
                self.slots.iter().filter(|(slot, _)| slot == name).flat_map(|(_, f)| f).collect();
            if let Some(first) = first {
                // A stable partition: the participant first, the others in their order.
                fillers.sort_by_key(|f| f.node != Some(first));
            }
            let labels: Vec<String> = fillers.iter().map(|f| f.label.clone()).collect();
            out.push_str(&if labels.is_empty() { "?".to_owned() } else { join_and(&labels) });
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out.trim_end_matches(['.', ' ']).to_owned()
    }
}

/// The name of a template's first placeholder ("supplier" in "{supplier} supplied {good}").
fn first_placeholder(template: &str) -> Option<&str> {
    let open = template.find('{')?;
    let close = template[open..].find('}')?;
    Some(&template[open + 1..open + close])
}

/// A summary template filled with a claim's values, labelled by `label` (value, is it a
/// literal) and placed by `node` (the node a resource value stands for): see [`Wording::tell`].
pub fn wording(
    template: &str,
    plural: Option<&str>,
    values: &FactValues<'_>,
    label: impl Fn(&str, bool) -> String,
    node: impl Fn(&str, bool) -> Option<NodeId>,
) -> Wording {
    let mut slots: Vec<(String, Vec<Filler>)> = Vec::new();
    for text in [Some(template), plural].into_iter().flatten() {
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else { break };
            let name = &rest[open + 1..open + close];
            if !slots.iter().any(|(slot, _)| slot == name) {
                // Values in IRI (or text) order, whatever order the store hands them over in.
                let mut sorted: Vec<&(&str, bool)> =
                    values.get(slot_property(name).as_str()).into_iter().flatten().collect();
                sorted.sort();
                let fillers =
                    sorted.into_iter().map(|(v, lit)| Filler { label: label(v, *lit), node: node(v, *lit) }).collect();
                slots.push((name.to_owned(), fillers));
            }
            rest = &rest[open + close + 1..];
        }
    }
    Wording { template: template.to_owned(), plural: plural.map(str::to_owned), slots }
}

/// The property a placeholder names: `{supplier}` is ag:supplier; a prefixed name
/// (`{ftm:Ownership:owner}`) is the IRI it expands to.
fn slot_property(name: &str) -> String {
    if name.contains(':') {
        vocab::expand_prefixed(name).unwrap_or_else(|| name.to_owned())
    } else {
        vocab::ag(name)
    }
}

/// A summary template ("{supplier} supplied {good} to {recipient}") filled with the fact's
/// values: each `{name}` becomes the labels of the values of `ag:name` (or of the prefixed name
/// given, `{ftm:Ownership:owner}`), joined with "and"; a missing value reads "?".
pub fn fill_template(template: &str, values: &FactValues<'_>, label: impl Fn(&str, bool) -> String) -> String {
    wording(template, None, values, label, |_, _| None).tell(None)
}

/// A fact's amount, value, period, trend, role and programme as short phrases ("1,300 t",
/// "2023"); `unit_symbol` names a unit IRI as people write it ("t").
pub fn qualifiers(values: &FactValues<'_>, unit_symbol: impl Fn(&str) -> String) -> Vec<String> {
    let get = |local: &str| values.get(vocab::ag(local).as_str()).and_then(|v| v.first()).map(|(s, _)| s.to_string());
    let mut out = amount_phrases(values, &unit_symbol);
    if let Some(note) = get("quantityNote") {
        out.push(note);
    }
    match (get("date"), get("startDate"), get("endDate")) {
        (Some(date), _, _) => out.push(date),
        (None, Some(start), Some(end)) => out.push(format!("{start} to {end}")),
        (None, Some(start), None) => out.push(format!("since {start}")),
        (None, None, Some(end)) => out.push(format!("until {end}")),
        (None, None, None) => {}
    }
    for local in ["periodNote", "trend"] {
        if let Some(note) = get(local) {
            out.push(note);
        }
    }
    if let Some(share) = get("share") {
        out.push(format!("{}%", share.trim_end_matches('%')));
    }
    if let Some(listed) = get("listingDate") {
        out.push(format!("listed {listed}"));
    }
    if let Some(role) = get("role") {
        out.push(format!("role: {role}"));
    }
    if let Some(programme) = get("programme") {
        out.push(programme);
    }
    out
}

/// The amount a fact states, as numbers and as the phrases `qualifiers` prints.
pub fn amount(values: &FactValues<'_>, unit_symbol: impl Fn(&str) -> String) -> Amount {
    let get = |local: &str| values.get(vocab::ag(local).as_str()).and_then(|v| v.first()).map(|(s, _)| s.to_string());
    let phrases = amount_phrases(values, &unit_symbol);
    Amount {
        quantity: get("quantity").and_then(|q| q.parse().ok()),
        unit: get("quantity").and(get("unit")).map(|u| unit_symbol(&u)),
        value: get("value").and_then(|v| v.parse().ok()),
        currency: get("value").and(get("currency")),
        text: (!phrases.is_empty()).then(|| phrases.join(" · ")),
    }
}

/// The quantity with its unit and the money value, as people read them: "~1,300 t", "USD 147 bn".
fn amount_phrases(values: &FactValues<'_>, unit_symbol: &impl Fn(&str) -> String) -> Vec<String> {
    let get = |local: &str| values.get(vocab::ag(local).as_str()).and_then(|v| v.first()).map(|(s, _)| s.to_string());
    let flag = |local: &str| get(local).as_deref() == Some("true");
    let approximate = if flag("approximate") {
        "~"
    } else if flag("lowerBound") {
        "over "
    } else {
        ""
    };
    let mut out = Vec::new();
    if let Some(quantity) = get("quantity") {
        let unit = get("unit").map(|u| format!(" {}", unit_symbol(&u))).unwrap_or_default();
        out.push(format!("{approximate}{}{unit}", group_thousands(&quantity)));
    }
    if let Some(value) = get("value") {
        let currency = get("currency").unwrap_or_default();
        out.push(format!("{approximate}{}", money(&value, &currency)));
    }
    out
}

/// "a", "a and b", "a, b and c".
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A money amount in words people read: "USD 147 bn", "USD 68 bn", "USD 1,500".
pub fn money(value: &str, currency: &str) -> String {
    let amount: f64 = value.parse().unwrap_or(0.0);
    let body = if amount >= 1e9 {
        format!("{} bn", trim_float(amount / 1e9))
    } else if amount >= 1e6 {
        format!("{} m", trim_float(amount / 1e6))
    } else {
        group_thousands(value)
    };
    if currency.is_empty() {
        body
    } else {
        format!("{currency} {body}")
    }
}

fn trim_float(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Groups thousands with commas: 1300 -> "1,300", 200000.5 -> "200,000.5".
pub fn group_thousands(number: &str) -> String {
    let (sign, rest) = match number.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", number),
    };
    let (whole, fraction) = match rest.split_once('.') {
        Some((w, f)) => (w, Some(f.trim_end_matches('0'))),
        None => (rest, None),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) if !f.is_empty() => format!("{sign}{grouped}.{f}"),
        _ => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_naturally() {
        assert_eq!(money("147000000000", "USD"), "USD 147 bn");
        assert_eq!(money("1500", "EUR"), "EUR 1,500");
        assert_eq!(money("2500000", ""), "2.5 m");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands("1300"), "1,300");
        assert_eq!(group_thousands("147000000000"), "147,000,000,000");
        assert_eq!(group_thousands("-1234.50"), "-1,234.5");
        assert_eq!(group_thousands("700.0"), "700");
    }

    #[test]
    fn templates_take_every_value_and_mark_gaps() {
        let mut values = FactValues::new();
        let supplier = vocab::ag("supplier");
        values.insert(&supplier, vec![("China", true), ("Iran", true)]);
        let text = fill_template("{supplier} supplied {good}.", &values, |v, _| v.to_owned());
        assert_eq!(text, "China and Iran supplied ?");
        assert_eq!(join_and(&["a".into(), "b".into(), "c".into()]), "a, b and c");
    }

    #[test]
    fn verbs_agree_in_number_and_a_participant_can_come_first() {
        let mut values = FactValues::new();
        let (located, place) = (vocab::ag("locatedEntity"), vocab::ag("place"));
        values.insert(&located, vec![("AVIC", false), ("NORINCO", false)]);
        values.insert(&place, vec![("China", false)]);
        let ids = ["AVIC", "NORINCO", "China"];
        let node = |v: &str, _| ids.iter().position(|i| *i == v).map(NodeId::from_index);
        let told = wording(
            "{locatedEntity} is in {place}",
            Some("{locatedEntity} are in {place}"),
            &values,
            |v, _| v.into(),
            node,
        );
        assert_eq!(told.tell(None), "AVIC and NORINCO are in China");
        assert_eq!(told.tell(Some(NodeId::from_index(1))), "NORINCO and AVIC are in China");
        values.insert(&located, vec![("NORINCO", false)]);
        let one = wording(
            "{locatedEntity} is in {place}",
            Some("{locatedEntity} are in {place}"),
            &values,
            |v, _| v.into(),
            node,
        );
        assert_eq!(one.tell(Some(NodeId::from_index(2))), "NORINCO is in China");
    }
}
