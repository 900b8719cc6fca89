//! Reviews as text, Markdown or HTML: each fact in words beside the lines it cites, with its
//! confidence, hedge and flags, for a reviewer to read and annotate; and `--check` findings as
//! `file:line: fact: problem` lines.

use crate::rdf::vocab::display_iri;
use crate::views::review::{Finding, Passage, Review, ReviewItem};
use std::io::{self, Write};

fn heading(review: &Review) -> String {
    let documents: Vec<String> = review
        .documents
        .iter()
        .map(|d| match d.lines {
            Some(n) => format!("{} ({n} lines)", d.file),
            None => format!("{} (not found)", d.file),
        })
        .collect();
    let things = if review.checked == 1 { "fact or entity" } else { "facts and entities" };
    let mut text = format!("{} {things} against the copies in {}", review.checked, review.sources);
    if !documents.is_empty() {
        text.push_str(&format!(": {}", documents.join(", ")));
    }
    text
}

fn passage_heading(passage: &Passage) -> String {
    let mut text = format!(
        "{} — {}",
        passage.location(),
        if passage.confidence.is_empty() { "no confidence given" } else { &passage.confidence }
    );
    if let Some(hedge) = &passage.hedge {
        text.push_str(&format!(" ('{hedge}')"));
    }
    if !passage.cited.is_empty() {
        text.push_str(&format!(" — cites {}", passage.cited.join(", ")));
    }
    text
}

fn summary_line(item: &ReviewItem) -> String {
    if item.qualifiers.is_empty() {
        item.wording.clone()
    } else {
        format!("{} ({})", item.wording, item.qualifiers.join(", "))
    }
}

fn finding_location(finding: &Finding) -> String {
    match (&finding.file, finding.line) {
        (Some(file), Some(line)) => format!("{file}:{line}: "),
        (Some(file), None) => format!("{file}: "),
        _ => String::new(),
    }
}

/// Writes the findings as `file:line: fact: kind: message`, then how many were checked.
pub fn write_findings(review: &Review, out: &mut dyn Write) -> io::Result<()> {
    for finding in &review.findings {
        writeln!(
            out,
            "{}{}: {}: {}",
            finding_location(finding),
            display_iri(&finding.node),
            finding.kind.label(),
            finding.message
        )?;
    }
    let flagged: std::collections::BTreeSet<&str> = review.findings.iter().map(|f| f.node.as_str()).collect();
    if review.findings.is_empty() {
        writeln!(out, "No findings: {}.", heading(review))
    } else {
        writeln!(
            out,
            "{} finding{} on {} of {}.",
            review.findings.len(),
            if review.findings.len() == 1 { "" } else { "s" },
            flagged.len(),
            heading(review)
        )
    }
}

/// Writes each item: its wording, stated values, each passage with the cited lines, and its flags.
pub fn write_text(review: &Review, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Review of {}", heading(review))?;
    for item in &review.items {
        writeln!(out)?;
        let confidence = item.confidence.as_deref().unwrap_or("no evidence");
        writeln!(out, "{} — {} — {confidence}", display_iri(&item.iri), item.class)?;
        writeln!(out, "  {}", summary_line(item))?;
        if !item.values.is_empty() {
            let values: Vec<String> = item.values.iter().map(|v| format!("{}: {}", v.property, v.value)).collect();
            writeln!(out, "  states — {}", values.join("; "))?;
        }
        for passage in &item.passages {
            writeln!(out, "  {}", passage_heading(passage))?;
            for line in &passage.text {
                writeln!(out, "    {:>4} │ {}", line.number, line.text)?;
            }
        }
        for finding in &item.findings {
            writeln!(out, "  ⚑ {}{}: {}", finding_location(finding), finding.kind.label(), finding.message)?;
        }
    }
    if !review.findings.is_empty() {
        writeln!(out)?;
        write_findings(review, out)?;
    }
    Ok(())
}

/// A fence longer than any run of backticks in `text`, so a code block holds it whole.
fn fence(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat(longest.max(2) + 1)
}

fn markdown_cell(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|").replace('\n', " ")
}

fn markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Writes the review as Markdown: one section per item, the cited lines in code blocks, the
/// flags, and a checkbox and a note line for the reviewer.
pub fn write_markdown(review: &Review, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Review of {}", markdown_inline(&heading(review)))?;
    for item in &review.items {
        writeln!(out)?;
        writeln!(out, "## {} — {}", markdown_inline(&display_iri(&item.iri)), markdown_inline(&item.class))?;
        writeln!(out)?;
        writeln!(
            out,
            "**{}** — {}",
            markdown_inline(&summary_line(item)),
            markdown_inline(item.confidence.as_deref().unwrap_or("no evidence"))
        )?;
        if !item.values.is_empty() {
            writeln!(out)?;
            writeln!(out, "| states | value |\n|---|---|")?;
            for value in &item.values {
                writeln!(out, "| {} | {} |", markdown_cell(&value.property), markdown_cell(&value.value))?;
            }
        }
        for passage in &item.passages {
            writeln!(out)?;
            writeln!(out, "{}", markdown_inline(&passage_heading(passage)))?;
            if !passage.text.is_empty() {
                let body: Vec<String> = passage.text.iter().map(|l| format!("{:>4} │ {}", l.number, l.text)).collect();
                let body = body.join("\n");
                let fence = fence(&body);
                writeln!(out)?;
                writeln!(out, "{fence}text\n{body}\n{fence}")?;
            }
        }
        writeln!(out)?;
        for finding in &item.findings {
            let text = format!("{}{}: {}", finding_location(finding), finding.kind.label(), finding.message);
            writeln!(out, "- ⚑ {}", markdown_inline(&text))?;
        }
        writeln!(out, "- [ ] the cited lines say this, at this confidence")?;
        writeln!(out, "- reviewer's note: ")?;
    }
    Ok(())
}

/// Escapes text for HTML element content and attribute values.
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}\
section{border-top:1px solid #ccc;padding:.5rem 0 1rem}h2{font-size:1rem;margin:.5rem 0}.class{color:#666;font-weight:normal}\
.summary{font-size:1.05rem}table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #ddd;padding:.1rem .4rem;text-align:left;vertical-align:top}\
pre{background:#f6f6f6;padding:.4rem;white-space:pre-wrap}.flag{color:#a40000}.review textarea{width:100%;min-height:2.5rem}";

/// Writes the review as one self-contained HTML page: per item, the wording, stated values,
/// cited lines and flags, with a checkbox and a note field for the reviewer.
pub fn write_html(review: &Review, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(out, "<title>actorgraph review</title>\n<style>{STYLE}</style>\n</head>\n<body>")?;
    writeln!(out, "<h1>Review of {}</h1>", html(&heading(review)))?;
    if !review.findings.is_empty() {
        writeln!(out, "<p class=\"flag\">{} findings; flagged items carry ⚑.</p>", review.findings.len())?;
    }
    for item in &review.items {
        writeln!(out, "<section id=\"{}\">", html(&item.iri))?;
        writeln!(
            out,
            "<h2>{} <span class=\"class\">— {} — {}</span></h2>",
            html(&display_iri(&item.iri)),
            html(&item.class),
            html(item.confidence.as_deref().unwrap_or("no evidence"))
        )?;
        writeln!(out, "<p class=\"summary\">{}</p>", html(&summary_line(item)))?;
        if !item.values.is_empty() {
            writeln!(out, "<table><tr><th>states</th><th>value</th></tr>")?;
            for value in &item.values {
                writeln!(out, "<tr><td>{}</td><td>{}</td></tr>", html(&value.property), html(&value.value))?;
            }
            writeln!(out, "</table>")?;
        }
        for passage in &item.passages {
            writeln!(out, "<p>{}</p>", html(&passage_heading(passage)))?;
            if !passage.text.is_empty() {
                let body: Vec<String> =
                    passage.text.iter().map(|l| format!("{:>4} │ {}", l.number, html(&l.text))).collect();
                writeln!(out, "<pre>{}</pre>", body.join("\n"))?;
            }
        }
        if !item.findings.is_empty() {
            writeln!(out, "<ul>")?;
            for finding in &item.findings {
                let text = format!("{}{}: {}", finding_location(finding), finding.kind.label(), finding.message);
                writeln!(out, "<li class=\"flag\">⚑ {}</li>", html(&text))?;
            }
            writeln!(out, "</ul>")?;
        }
        writeln!(
            out,
            "<div class=\"review\"><label><input type=\"checkbox\"> the cited lines say this, at this confidence</label>\
             <textarea aria-label=\"reviewer's note\" placeholder=\"reviewer's note\"></textarea></div>\n</section>"
        )?;
    }
    writeln!(out, "</body>\n</html>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(html("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(fence("a ``` b"), "````");
        assert_eq!(fence("plain"), "```");
        assert_eq!(markdown_cell("a|b"), "a\\|b");
        assert_eq!(markdown_inline("*x*_"), "\\*x\\*\\_");
    }
}
