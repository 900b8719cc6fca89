//! The English wording of facts: a class's summary template filled with the fact's values,
//! short qualifiers (amounts, money, periods, roles) and numbers as people read them.

use super::Amount;
use crate::rdf::vocab;
use std::collections::BTreeMap;

/// Values of one claim: property IRI -> values (IRI of a resource or literal text, and whether
/// it was a literal), in order.
pub type FactValues = BTreeMap<String, Vec<(String, bool)>>;

/// A summary template ("{supplier} supplied {good} to {recipient}") filled with the fact's
/// values: each `{name}` becomes the labels of the values of `ag:name`, joined with "and";
/// a missing value reads "?".
pub fn fill_template(template: &str, values: &FactValues, label: impl Fn(&str, bool) -> String) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else { break };
        let name = &rest[open + 1..open + close];
        let labels: Vec<String> = values
            .get(&vocab::ag(name))
            .map(|vs| vs.iter().map(|(v, literal)| label(v, *literal)).collect())
            .unwrap_or_default();
        out.push_str(&if labels.is_empty() { "?".to_owned() } else { join_and(&labels) });
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.trim_end_matches(['.', ' ']).to_owned()
}

/// A fact's amount, value, period, trend, role and programme as short phrases ("1,300 t",
/// "2023"); `unit_symbol` names a unit IRI as people write it ("t").
pub fn qualifiers(values: &FactValues, unit_symbol: impl Fn(&str) -> String) -> Vec<String> {
    let get = |local: &str| values.get(&vocab::ag(local)).and_then(|v| v.first()).map(|(s, _)| s.clone());
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
    if let Some(role) = get("role") {
        out.push(format!("role: {role}"));
    }
    if let Some(programme) = get("programme") {
        out.push(programme);
    }
    out
}

/// The amount a fact states, as numbers and as the phrases `qualifiers` prints.
pub fn amount(values: &FactValues, unit_symbol: impl Fn(&str) -> String) -> Amount {
    let get = |local: &str| values.get(&vocab::ag(local)).and_then(|v| v.first()).map(|(s, _)| s.clone());
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
fn amount_phrases(values: &FactValues, unit_symbol: &impl Fn(&str) -> String) -> Vec<String> {
    let get = |local: &str| values.get(&vocab::ag(local)).and_then(|v| v.first()).map(|(s, _)| s.clone());
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
        values.insert(vocab::ag("supplier"), vec![("China".into(), true), ("Iran".into(), true)]);
        let text = fill_template("{supplier} supplied {good}.", &values, |v, _| v.to_owned());
        assert_eq!(text, "China and Iran supplied ?");
        assert_eq!(join_and(&["a".into(), "b".into(), "c".into()]), "a, b and c");
    }
}
