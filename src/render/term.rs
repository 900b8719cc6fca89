//! How RDF terms are shown to people: prefixed names for known namespaces, plain literal values.

use crate::vocab;
use oxigraph::model::Term;

/// A term for a table cell: `agd:China`, `<http://...>`, `_:b0`, or a literal's lexical value.
pub fn display(term: &Term) -> String {
    match term {
        Term::NamedNode(node) => display_iri(node.as_str()),
        Term::BlankNode(node) => node.to_string(),
        Term::Literal(literal) => match literal.language() {
            Some(language) => format!("{}@{language}", literal.value()),
            None => literal.value().to_owned(),
        },
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// An IRI as a prefixed name where a known prefix fits, otherwise in angle brackets.
pub fn display_iri(iri: &str) -> String {
    vocab::compact_iri(iri).unwrap_or_else(|| format!("<{iri}>"))
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
    use oxigraph::model::{Literal, NamedNode};

    #[test]
    fn shows_terms_compactly() {
        assert_eq!(display(&NamedNode::new_unchecked("https://w3id.org/actorgraph/data/China").into()), "agd:China");
        assert_eq!(display(&NamedNode::new_unchecked("http://e.com/a").into()), "<http://e.com/a>");
        assert_eq!(display(&Literal::new_language_tagged_literal_unchecked("x", "en").into()), "x@en");
        assert_eq!(group_thousands("1300"), "1,300");
        assert_eq!(group_thousands("147000000000"), "147,000,000,000");
        assert_eq!(group_thousands("-1234.50"), "-1,234.5");
        assert_eq!(group_thousands("700.0"), "700");
    }
}
