//! XML text for the XML export formats (GraphML, GEXF): escaping of text and attribute values,
//! and dropping the characters XML 1.0 cannot carry.

/// Text escaped for XML element content and attribute values (both quote kinds escaped);
/// control characters other than tab and line breaks, which XML 1.0 forbids, are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_quotes_and_forbidden_characters() {
        assert_eq!(escape("a<b>&\"c\" 'd'"), "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;");
        assert_eq!(escape("line\none\u{1}"), "line&#10;one");
        assert_eq!(escape("中华 Москва"), "中华 Москва");
    }
}
