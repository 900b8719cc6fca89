//! SPARQL syntax errors as people read them: the line and column, the text found there, an
//! undeclared prefix named, and not the parser's whole list of tokens it would have accepted.

use super::vocab;

/// The longest parser detail kept as it is; longer ones are lists of expected tokens.
const MAX_DETAIL: usize = 80;

/// Explains a parser message (`error at 3:2: expected ...`) about `text`, the query or update.
pub fn explain(parser_message: &str, text: &str) -> String {
    let unknown = undeclared_prefixes(text);
    let (position, detail) = match parser_message.strip_prefix("error at ").and_then(|rest| rest.split_once(": ")) {
        Some((position, detail)) => (position.split_once(':'), detail),
        None => (None, parser_message),
    };
    let long = detail.chars().count() > MAX_DETAIL && detail.starts_with("expected one of");
    let detail = if detail.contains("Prefix not found") && !unknown.is_empty() {
        format!("unknown prefix {}; declare it with PREFIX", unknown.join(", "))
    } else if long {
        "the text here does not read as SPARQL".to_owned()
    } else {
        detail.to_owned()
    };
    // A prefix the text leaves undeclared may be the cause of another error too: said beside it.
    let detail = if !unknown.is_empty() && !detail.starts_with("unknown prefix") {
        format!("{detail} (unknown prefix {}; declare it with PREFIX)", unknown.join(", "))
    } else {
        detail
    };
    match position.and_then(|(line, column)| Some((line.parse::<usize>().ok()?, column.parse::<usize>().ok()?))) {
        Some((line, column)) => {
            let near: String = text
                .lines()
                .nth(line.saturating_sub(1))
                .map(|l| l.chars().skip(column.saturating_sub(1)).take(30).collect::<String>())
                .unwrap_or_default();
            let near = near.trim();
            if near.is_empty() {
                format!("error at line {line}, column {column}: {detail}")
            } else {
                format!("error at line {line}, column {column} (at '{near}'): {detail}")
            }
        }
        None => format!("error: {detail}"),
    }
}

/// Prefixes the text uses in prefixed names but neither declares nor has built in; comments,
/// strings and IRIs are not read.
pub fn undeclared_prefixes(text: &str) -> Vec<String> {
    let text = &code_only(text);
    let lower = text.to_ascii_lowercase();
    let declared: Vec<String> = lower
        .match_indices("prefix")
        .filter_map(|(at, _)| text[at + 6..].trim_start().split(':').next().map(|p| p.trim().to_owned()))
        .collect();
    let mut unknown = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || "{}()[];,.".contains(c)) {
        let Some((prefix, local)) = token.split_once(':') else { continue };
        let plain = !prefix.is_empty()
            && prefix.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && prefix.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let known = vocab::PREFIXES.iter().any(|(p, _)| *p == prefix) || declared.iter().any(|d| d == prefix);
        if plain && !local.starts_with("//") && !known && !unknown.contains(&format!("'{prefix}'")) {
            unknown.push(format!("'{prefix}'"));
        }
    }
    unknown
}

/// The text with comments, string literals and IRIs blanked out (line breaks kept).
pub fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' | '\'' => {
                out.push(' ');
                while let Some(inner) = chars.next() {
                    if inner == '\\' {
                        chars.next();
                    } else if inner == c {
                        break;
                    }
                }
            }
            '<' if chars.peek().is_some_and(|n| !n.is_whitespace() && *n != '=') => {
                out.push(' ');
                for c in chars.by_ref() {
                    if c == '>' || c.is_whitespace() {
                        break;
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_read_as_line_and_column_with_the_text_found_there() {
        assert_eq!(explain("error at 1:8: expected x", "SELECT ?"), "error at line 1, column 8 (at '?'): expected x");
        assert_eq!(explain("odd", "SELECT"), "error: odd");
    }

    #[test]
    fn an_undeclared_prefix_is_named_instead_of_the_grammar() {
        let grammar = format!("expected one of Prefix not found, {}", "['%'], ['-' | '0' ..= '9'], ".repeat(9));
        let text = "SELECT ?x WHERE { ?x foo:bar ?y }";
        let message = explain(&format!("error at 1:22: {grammar}"), text);
        assert_eq!(
            message,
            "error at line 1, column 22 (at 'foo:bar ?y }'): unknown prefix 'foo'; declare it with PREFIX"
        );
        let message = explain(&format!("error at 1:8: {grammar}"), "SELECT ) WHERE {}");
        assert_eq!(message, "error at line 1, column 8 (at ') WHERE {}'): the text here does not read as SPARQL");
    }

    #[test]
    fn undeclared_prefixes_are_named() {
        assert_eq!(undeclared_prefixes("SELECT * { ?s zz:p agd:China }"), ["'zz'"]);
        assert!(undeclared_prefixes("PREFIX zz: <http://e/> SELECT * { ?s zz:p ?o }").is_empty());
        assert!(undeclared_prefixes("SELECT * { <http://e/a> ?p ?o }").is_empty());
        // Named queries' header comments, strings and IRIs hold colons that are no prefixes.
        let header = "# purpose: x\n# param document: y\nSELECT * { ?s ?p \"a:b\" . ?s ?p <urn:x:y> }";
        assert!(undeclared_prefixes(header).is_empty(), "{:?}", undeclared_prefixes(header));
    }

    #[test]
    fn another_error_keeps_its_own_words() {
        let message = explain("error at 3:1: expected '}'", "# purpose: x\nSELECT * {\n");
        assert_eq!(message, "error at line 3, column 1: expected '}'");
    }
}
