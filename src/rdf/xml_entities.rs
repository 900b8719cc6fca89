//! Guards RDF/XML input against entity-expansion bombs: entities declared in a document's
//! internal DTD are measured before the parser sees them, and a document whose entities would
//! expand beyond a small bound, or that declares external entities, is refused.

/// The largest text any declared entity may expand to.
pub const MAX_ENTITY_EXPANSION: usize = 64 * 1024;

/// Why a document's entity declarations are refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntityError {
    /// An entity expands to more text than allowed (an expansion bomb).
    #[error("entity '{name}' would expand to more than {limit} bytes (an entity-expansion bomb); refusing to parse")]
    TooLarge {
        /// The entity.
        name: String,
        /// The bound.
        limit: usize,
    },
    /// An entity refers to a file or URL outside the document.
    #[error("entity '{0}' refers outside the document (SYSTEM or PUBLIC); external entities are not read")]
    External(String),
    /// An entity refers to itself, directly or through others.
    #[error("entity '{0}' refers to itself")]
    Recursive(String),
}

/// Checks the entity declarations in the prolog of an XML document (`head`: its first bytes,
/// through the end of the internal DTD subset when there is one).
pub fn check_entities(head: &[u8]) -> Result<(), EntityError> {
    let text = String::from_utf8_lossy(head);
    let Some(doctype) = text.find("<!DOCTYPE") else { return Ok(()) };
    let subset = &text[doctype..];
    let mut entities: Vec<(String, String)> = Vec::new();
    let mut rest = subset;
    while let Some(at) = rest.find("<!ENTITY") {
        rest = &rest[at + "<!ENTITY".len()..];
        let declaration = rest.split('>').next().unwrap_or(rest);
        let mut words = declaration.split_whitespace();
        let mut name = words.next().unwrap_or("").to_owned();
        if name == "%" {
            name = words.next().unwrap_or("").to_owned();
        }
        let after_name = declaration.trim_start().trim_start_matches('%').trim_start();
        let after_name = after_name.get(name.len()..).unwrap_or("").trim_start();
        if after_name.starts_with("SYSTEM") || after_name.starts_with("PUBLIC") {
            return Err(EntityError::External(name));
        }
        let value = match after_name.chars().next() {
            Some(quote @ ('"' | '\'')) => after_name[1..].split(quote).next().unwrap_or("").to_owned(),
            _ => String::new(),
        };
        entities.push((name, value));
    }
    for (name, _) in &entities {
        expanded_length(name, &entities, &mut Vec::new())?;
    }
    Ok(())
}

/// The length of an entity's full expansion, refusing beyond the bound or on recursion.
fn expanded_length(name: &str, entities: &[(String, String)], stack: &mut Vec<String>) -> Result<usize, EntityError> {
    if stack.iter().any(|n| n == name) {
        return Err(EntityError::Recursive(name.to_owned()));
    }
    let Some((_, value)) = entities.iter().find(|(n, _)| n == name) else { return Ok(0) };
    stack.push(name.to_owned());
    let mut length = 0usize;
    let mut rest = value.as_str();
    while let Some(at) = rest.find(['&', '%']) {
        length += at;
        rest = &rest[at + 1..];
        let end = rest.find(';').unwrap_or(rest.len());
        let reference = &rest[..end];
        length += if reference.starts_with('#') { 1 } else { expanded_length(reference, entities, stack)? };
        rest = rest.get(end + 1..).unwrap_or("");
        if length > MAX_ENTITY_EXPANSION {
            return Err(EntityError::TooLarge { name: name.to_owned(), limit: MAX_ENTITY_EXPANSION });
        }
    }
    length += rest.len();
    stack.pop();
    if length > MAX_ENTITY_EXPANSION {
        return Err(EntityError::TooLarge { name: name.to_owned(), limit: MAX_ENTITY_EXPANSION });
    }
    Ok(length)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_entities_pass_and_bombs_do_not() {
        let plain = br#"<?xml version="1.0"?><!DOCTYPE rdf:RDF [ <!ENTITY ex "http://example.org/"> ]><rdf:RDF/>"#;
        assert_eq!(check_entities(plain), Ok(()));
        assert_eq!(check_entities(b"<rdf:RDF/>"), Ok(()));
        let mut bomb = String::from("<!DOCTYPE r [ <!ENTITY a \"aaaaaaaaaa\">");
        for (n, (name, inner)) in ["b", "c", "d", "e", "f"].iter().zip(["a", "b", "c", "d", "e"]).enumerate() {
            let _ = n;
            bomb.push_str(&format!("<!ENTITY {name} \"{}\">", format!("&{inner};").repeat(10)));
        }
        bomb.push_str("]><r/>");
        assert!(matches!(check_entities(bomb.as_bytes()), Err(EntityError::TooLarge { .. })));
        let external = br#"<!DOCTYPE r [ <!ENTITY s SYSTEM "file:///etc/passwd"> ]><r/>"#;
        assert_eq!(check_entities(external), Err(EntityError::External("s".into())));
        let recursive = br#"<!DOCTYPE r [ <!ENTITY a "&b;"> <!ENTITY b "&a;"> ]><r/>"#;
        assert!(matches!(check_entities(recursive), Err(EntityError::Recursive(_))));
    }
}
