//! How RDF terms are shown to people: prefixed names for known namespaces, plain literal values.

use crate::rdf::vocab::display_iri;
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

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    #[test]
    fn shows_terms_compactly() {
        assert_eq!(display(&NamedNode::new_unchecked("https://w3id.org/actorgraph/data/China").into()), "agd:China");
        assert_eq!(display(&NamedNode::new_unchecked("http://e.com/a").into()), "<http://e.com/a>");
        assert_eq!(display(&Literal::new_language_tagged_literal_unchecked("x", "en").into()), "x@en");
    }
}
