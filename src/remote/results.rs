//! SPARQL results as endpoints really send them: the SPARQL 1.1 JSON format, read leniently
//! where engines deviate — Virtuoso's blank node labels (`nodeID://b10000`, not valid blank
//! node ids), its booleans as `"1"^^xsd:boolean`, its ASK answered as a one-row table
//! (`__ASK_RETVAL`), the old `typed-literal` type — and graphs in any RDF format.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{BlankNode, Literal, NamedNode, Term, Triple};
use oxigraph::sparql::Variable;
use serde_json::Value;
use std::sync::Arc;

/// A SELECT or ASK answer.
#[derive(Debug)]
pub(crate) enum Answer {
    /// An ASK's answer.
    Boolean(bool),
    /// A SELECT's variables and rows (each value in variable order).
    Solutions(Arc<[Variable]>, Vec<Vec<Option<Term>>>),
}

/// The variable Virtuoso names its ASK answer by, when it sends one as a table.
const VIRTUOSO_ASK: &str = "__ASK_RETVAL";

/// Reads SPARQL 1.1 JSON results. `ask` says the query was an ASK (so a one-row table of
/// Virtuoso's reads as its boolean).
pub(crate) fn read_json(body: &[u8], ask: bool) -> Result<Answer, String> {
    let value: Value = serde_json::from_slice(body).map_err(|e| format!("not SPARQL JSON results: {e}"))?;
    if let Some(boolean) = value.get("boolean") {
        return boolean.as_bool().map(Answer::Boolean).ok_or_else(|| "\"boolean\" is not true or false".to_owned());
    }
    let names: Vec<String> = value
        .pointer("/head/vars")
        .and_then(Value::as_array)
        .ok_or("no head.vars in the results")?
        .iter()
        .map(|v| v.as_str().map(str::to_owned).ok_or("a variable name is not a string"))
        .collect::<Result<_, _>>()?;
    let bindings = value.pointer("/results/bindings").and_then(Value::as_array).ok_or("no results.bindings")?;
    if ask && names.len() == 1 && names[0] == VIRTUOSO_ASK {
        let yes = bindings.iter().any(|row| {
            row.get(VIRTUOSO_ASK)
                .and_then(|b| b.get("value"))
                .and_then(Value::as_str)
                .is_some_and(|v| v != "0" && v != "false")
        });
        return Ok(Answer::Boolean(yes));
    }
    let variables: Vec<Variable> = names
        .iter()
        .map(|n| Variable::new(n.trim_start_matches(['?', '$'])).map_err(|e| format!("variable '{n}': {e}")))
        .collect::<Result<_, _>>()?;
    let mut rows = Vec::with_capacity(bindings.len());
    for row in bindings {
        let row = row.as_object().ok_or("a result row is not an object")?;
        let mut values = vec![None; names.len()];
        for (i, name) in names.iter().enumerate() {
            if let Some(binding) = row.get(name) {
                values[i] = Some(term(binding).map_err(|e| format!("?{name}: {e}"))?);
            }
        }
        rows.push(values);
    }
    Ok(Answer::Solutions(variables.into(), rows))
}

/// One bound value.
fn term(binding: &Value) -> Result<Term, String> {
    let kind = binding.get("type").and_then(Value::as_str).ok_or("a value without a type")?;
    let value = binding.get("value").and_then(Value::as_str).ok_or("a value without a value")?;
    Ok(match kind {
        "uri" => NamedNode::new(value).map_err(|e| format!("<{value}>: {e}"))?.into(),
        "bnode" => blank_node(value).into(),
        "literal" | "typed-literal" => {
            if let Some(language) = binding.get("xml:lang").and_then(Value::as_str) {
                Literal::new_language_tagged_literal(value, language).map_err(|e| format!("@{language}: {e}"))?.into()
            } else if let Some(datatype) = binding.get("datatype").and_then(Value::as_str) {
                let datatype = NamedNode::new(datatype).map_err(|e| format!("<{datatype}>: {e}"))?;
                typed_literal(value, datatype).into()
            } else {
                Literal::new_simple_literal(value).into()
            }
        }
        other => return Err(format!("values of type '{other}' are not supported")),
    })
}

/// A typed literal in its canonical form where an engine sends another lexical form of the
/// same value (Virtuoso: `"1"^^xsd:boolean`).
pub(crate) fn typed_literal(value: &str, datatype: NamedNode) -> Literal {
    if datatype.as_ref() == xsd::BOOLEAN {
        match value.trim() {
            "1" => return Literal::from(true),
            "0" => return Literal::from(false),
            _ => {}
        }
    }
    Literal::new_typed_literal(value, datatype)
}

/// A blank node for a label an endpoint gives: the label itself when it is a valid blank node
/// id, otherwise a valid id spelled from its bytes, the same for the same label in every answer
/// (Virtuoso's labels are stable across queries, so joins across pages hold).
pub(crate) fn blank_node(label: &str) -> BlankNode {
    let label = label.strip_prefix("_:").unwrap_or(label);
    BlankNode::new(label).unwrap_or_else(|_| {
        let spelled: String = label.bytes().map(|b| format!("{b:02x}")).collect();
        BlankNode::new_unchecked(format!("x{spelled}"))
    })
}

/// The RDF format of an answer's media type.
pub(crate) fn rdf_format(content_type: &str) -> Option<RdfFormat> {
    RdfFormat::from_media_type(content_type)
}

/// The triples of a graph answer (CONSTRUCT, DESCRIBE) in `format`.
pub(crate) fn read_graph(body: &[u8], format: RdfFormat) -> Result<Vec<Triple>, String> {
    let mut triples = Vec::new();
    for quad in RdfParser::from_format(format).for_slice(body) {
        let quad = quad.map_err(|e| e.to_string())?;
        let object = match quad.object {
            Term::Literal(l) => match l.datatype() {
                d if d == xsd::BOOLEAN => Term::from(typed_literal(l.value(), d.into_owned())),
                _ => Term::Literal(l),
            },
            other => other,
        };
        triples.push(Triple::new(quad.subject, quad.predicate, object));
    }
    Ok(triples)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtuoso_answers_read_as_the_standard_says() {
        let ask = br#"{ "head": { "link": [], "vars": ["__ASK_RETVAL"] }, "results": { "distinct": false, "ordered": true, "bindings": [
            { "__ASK_RETVAL": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1" }} ] } }"#;
        assert!(matches!(read_json(ask, true), Ok(Answer::Boolean(true))));
        let empty = br#"{ "head": { "vars": ["__ASK_RETVAL"] }, "results": { "bindings": [] } }"#;
        assert!(matches!(read_json(empty, true), Ok(Answer::Boolean(false))));
        let rows = br#"{ "head": { "vars": ["b", "n"] }, "results": { "bindings": [
            { "b": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#boolean", "value": "1" },
              "n": { "type": "bnode", "value": "nodeID://b10000" } } ] } }"#;
        let Ok(Answer::Solutions(_, rows)) = read_json(rows, false) else { panic!() };
        assert_eq!(rows[0][0], Some(Literal::from(true).into()));
        assert_eq!(rows[0][1], Some(blank_node("nodeID://b10000").into()));
        assert_eq!(blank_node("nodeID://b10000"), blank_node("nodeID://b10000"));
        assert_ne!(blank_node("nodeID://b10000"), blank_node("nodeID://b10001"));
        assert_eq!(blank_node("_:b0"), BlankNode::new_unchecked("b0"));
    }

    #[test]
    fn standard_booleans_and_plain_literals() {
        assert!(matches!(read_json(br#"{"head":{},"boolean":false}"#, true), Ok(Answer::Boolean(false))));
        let rows = br#"{"head":{"vars":["l"]},"results":{"bindings":[{"l":{"type":"literal","value":"x","xml:lang":"en-gb"}}]}}"#;
        let Ok(Answer::Solutions(_, rows)) = read_json(rows, false) else { panic!() };
        assert_eq!(rows[0][0], Some(Literal::new_language_tagged_literal_unchecked("x", "en-gb").into()));
        assert!(read_json(b"<html>", false).is_err());
    }
}
