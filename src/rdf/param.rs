//! Turns `--param NAME=VALUE` into a variable and an RDF term. The term is bound into the
//! parsed query by Oxigraph; it never becomes query text, so no value can change the query.

use crate::rdf::vocab;
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::Variable;
use std::str::FromStr;

/// A parameter ready to bind.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The variable to bind, without its `?` or `$`.
    pub variable: Variable,
    /// The RDF term bound to it.
    pub value: Term,
}

/// Why a `--param NAME=VALUE` argument cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ParamError {
    /// The argument has no `=`; holds the argument.
    #[error("parameter '{0}' must look like NAME=VALUE")]
    MissingEquals(String),
    /// The name is not a valid SPARQL variable name; holds the name.
    #[error("'{0}' is not a valid SPARQL variable name")]
    BadName(String),
    /// A prefixed name whose prefix actorgraph does not know.
    #[error("unknown prefix '{prefix}' in '{value}'; write a full IRI in <...> or quote a literal (known prefixes: {known})")]
    UnknownPrefix {
        /// The value given.
        value: String,
        /// The unknown prefix.
        prefix: String,
        /// The known prefixes, comma-separated.
        known: String,
    },
    /// The value is not a valid RDF term.
    #[error("'{value}' is not a valid RDF term: {message}")]
    BadTerm {
        /// The value given.
        value: String,
        /// What is wrong with it.
        message: String,
    },
}

/// Parses `NAME=VALUE` (a leading `?` or `$` on NAME is allowed).
pub fn parse_param(argument: &str) -> Result<Param, ParamError> {
    let (name, value) = argument.split_once('=').ok_or_else(|| ParamError::MissingEquals(argument.to_owned()))?;
    let name = name.trim().trim_start_matches(['?', '$']);
    let variable = Variable::new(name).map_err(|_| ParamError::BadName(name.to_owned()))?;
    Ok(Param { variable, value: parse_term(value)? })
}

/// Reads a term: `<IRI>`, `prefix:name`, an IRI with a scheme (`https://...`, `urn:...`),
/// `"literal"` with optional `@lang` or `^^datatype`, an integer, a decimal, `true`/`false`,
/// or any other text as a plain string literal.
pub fn parse_term(value: &str) -> Result<Term, ParamError> {
    let bad = |message: String| ParamError::BadTerm { value: value.to_owned(), message };
    if value.starts_with('<') {
        return NamedNode::from_str(value).map(Term::from).map_err(|e| bad(e.to_string()));
    }
    if value.starts_with('"') {
        return parse_quoted_literal(value).map(Term::from).map_err(bad);
    }
    if value.starts_with("_:") {
        return Err(bad("blank nodes cannot be bound; name the node by IRI".into()));
    }
    if let Ok(integer) = value.parse::<i64>() {
        return Ok(Literal::from(integer).into());
    }
    if is_decimal(value) {
        return Ok(Literal::new_typed_literal(value, oxigraph::model::vocab::xsd::DECIMAL).into());
    }
    if value == "true" || value == "false" {
        return Ok(Literal::from(value == "true").into());
    }
    if value.contains("://") || value.starts_with("urn:") || value.starts_with("mailto:") {
        return NamedNode::new(value).map(Term::from).map_err(|e| bad(e.to_string()));
    }
    if let Some((prefix, _)) = value.split_once(':') {
        if is_prefix_name(prefix) {
            let iri = vocab::expand_prefixed(value).ok_or_else(|| ParamError::UnknownPrefix {
                value: value.to_owned(),
                prefix: prefix.to_owned(),
                known: vocab::PREFIXES.iter().map(|(p, _)| *p).collect::<Vec<_>>().join(", "),
            })?;
            return NamedNode::new(iri).map(Term::from).map_err(|e| bad(e.to_string()));
        }
    }
    Ok(Literal::new_simple_literal(value).into())
}

fn parse_quoted_literal(value: &str) -> Result<Literal, String> {
    // A prefixed datatype ("2023"^^xsd:gYear) is expanded to <...> first. The `"^^` must close
    // the text: not the opening quote ("^^" is the text ^^), nor one inside the text ("a\"^^b").
    if let Some((lexical, datatype)) = value.rsplit_once("\"^^") {
        if !lexical.is_empty() && !datatype.contains('"') && !datatype.starts_with('<') {
            let iri =
                vocab::expand_prefixed(datatype).ok_or_else(|| format!("unknown datatype prefix in '{datatype}'"))?;
            return Literal::from_str(&format!("{lexical}\"^^<{iri}>")).map_err(|e| e.to_string());
        }
    }
    Literal::from_str(value).map_err(|e| e.to_string())
}

fn is_decimal(value: &str) -> bool {
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    match digits.split_once('.') {
        Some((whole, fraction)) => {
            !fraction.is_empty()
                && whole.chars().all(|c| c.is_ascii_digit())
                && fraction.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

fn is_prefix_name(prefix: &str) -> bool {
    prefix.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && prefix.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_term() {
        assert_eq!(parse_term("<http://e.com/a>").unwrap().to_string(), "<http://e.com/a>");
        assert_eq!(parse_term("agd:China").unwrap().to_string(), "<https://w3id.org/actorgraph/data/China>");
        let xsd = |t: &str| format!("^^<http://www.w3.org/2001/XMLSchema#{t}>");
        assert_eq!(parse_term("42").unwrap().to_string(), format!("\"42\"{}", xsd("integer")));
        assert_eq!(parse_term("1.5").unwrap().to_string(), format!("\"1.5\"{}", xsd("decimal")));
        assert_eq!(parse_term("true").unwrap().to_string(), format!("\"true\"{}", xsd("boolean")));
        assert_eq!(parse_term("\"hi\"@en").unwrap().to_string(), "\"hi\"@en");
        assert_eq!(
            parse_term("\"2023\"^^xsd:gYear").unwrap().to_string(),
            "\"2023\"^^<http://www.w3.org/2001/XMLSchema#gYear>"
        );
        assert_eq!(parse_term("nitrocellulose").unwrap().to_string(), "\"nitrocellulose\"");
        assert_eq!(parse_term("https://e.com/x").unwrap().to_string(), "<https://e.com/x>");
        assert!(matches!(parse_term("foo:bar"), Err(ParamError::UnknownPrefix { .. })));
        assert!(parse_term("_:b").is_err());
    }

    #[test]
    fn a_quoted_text_may_hold_what_a_datatype_is_written_with() {
        for text in ["^^", "^^xsd:gYear", "a\\\"^^b", "x\\\"^^<http://e.com/t>"] {
            let expected = Literal::from_str(&format!("\"{text}\"")).expect("a valid literal");
            assert_eq!(parse_term(&format!("\"{text}\"")).unwrap(), Term::from(expected), "{text}");
        }
        assert_eq!(parse_term("\"^^\"").unwrap(), Term::from(Literal::new_simple_literal("^^")));
        assert_eq!(parse_term("\"a\\\"^^b\"").unwrap(), Term::from(Literal::new_simple_literal("a\"^^b")));
    }

    #[test]
    fn names_may_carry_a_question_mark() {
        let param = parse_param("?good=agd:Nitrocellulose").unwrap();
        assert_eq!(param.variable.as_str(), "good");
        assert!(parse_param("novalue").is_err());
        assert!(parse_param("bad name=1").is_err());
    }
}

/// Whatever people type, the parser answers with a term or an error, never a panic, and an IRI
/// it accepts is a valid IRI.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_gives_a_term_or_an_error(value in any::<String>()) {
            if let Ok(Term::NamedNode(node)) = parse_term(&value) {
                prop_assert!(NamedNode::new(node.as_str()).is_ok());
            }
            let _ = parse_param(&format!("x={value}"));
            let _ = parse_param(&value);
        }

        #[test]
        fn plain_words_stay_plain_literals(value in "[a-zA-Z ]{1,40}") {
            prop_assume!(value != "true" && value != "false");
            prop_assert_eq!(parse_term(&value).unwrap(), Term::from(Literal::new_simple_literal(&value)));
        }

        #[test]
        fn quoted_literals_keep_their_text(text in "[^\"\\\\\\n\\r]{0,40}") {
            let term = parse_term(&format!("\"{text}\"")).unwrap();
            prop_assert_eq!(term, Term::from(Literal::new_simple_literal(&text)));
        }
    }
}
