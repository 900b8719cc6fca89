//! Screening results: JSON Lines (`actorgraph.screen/1`, one record per row) for scripts, and a
//! report a person reads, in Markdown or HTML, each exposure path with its hops, their evidence
//! and, in HTML, its diagram.

use crate::ops::screen::{ScreenMatch, ScreenResult};
use crate::views::hops::{HopView, PathView};
use std::collections::HashMap;
use std::io::{self, Write};

/// One JSON object per row.
pub fn write_jsonl(results: &[ScreenResult], out: &mut dyn Write) -> io::Result<()> {
    for result in results {
        serde_json::to_writer(&mut *out, result)?;
        writeln!(out)?;
    }
    Ok(())
}

fn counts(results: &[ScreenResult]) -> (usize, usize, usize) {
    let of = |status: &str| results.iter().filter(|r| r.status == status).count();
    (of("exposed"), of("clear"), of("no_match"))
}

/// " (line N)" for a row of a list, nothing for a name given on the command line.
fn line_note(line: Option<usize>) -> String {
    line.map(|n| format!(" (line {n})")).unwrap_or_default()
}

fn hop_line(hop: &HopView) -> String {
    format!("{} —{}→ {}", hop.from.label, hop.wording, hop.to.label)
}

fn evidence_lines(hop: &HopView) -> Vec<String> {
    let mut lines = Vec::new();
    for fact in &hop.facts {
        let qualifiers =
            if fact.qualifiers.is_empty() { String::new() } else { format!(" ({})", fact.qualifiers.join(", ")) };
        let sources: Vec<String> = fact
            .evidence
            .iter()
            .map(|e| {
                let mut text = format!("{}, {}", e.location(), e.confidence);
                if let Some(url) = &e.url {
                    text.push_str(&format!(", {url}"));
                }
                if let (Some(first), Some(last)) = (&e.first_seen, &e.last_seen) {
                    text.push_str(&format!(
                        ", seen {} to {}",
                        &first[..first.len().min(10)],
                        &last[..last.len().min(10)]
                    ));
                }
                text
            })
            .collect();
        lines.push(format!("{}{qualifiers} — {}", fact.summary, sources.join("; ")));
    }
    lines
}

fn exposure_title(path: &PathView) -> String {
    match &path.exposure {
        Some(e) => format!("{} ({}): {}", e.label, e.meaning, e.wording),
        None => "path".to_owned(),
    }
}

/// A Markdown report: a summary, then each row with its matches and their exposure paths.
pub fn write_markdown(results: &[ScreenResult], out: &mut dyn Write) -> io::Result<()> {
    let (exposed, clear, none) = counts(results);
    writeln!(out, "# Sanctions screening\n")?;
    writeln!(
        out,
        "{} rows: {exposed} exposed, {clear} matched without exposure, {none} without a match.\n",
        results.len()
    )?;
    for result in results {
        let status = match result.status {
            "exposed" => format!("**exposed** ({})", result.strongest.as_deref().unwrap_or("")),
            "clear" => "matched, no exposure found".to_owned(),
            _ => "no match".to_owned(),
        };
        writeln!(out, "## {}{}: {status}\n", result.query.name, line_note(result.line))?;
        for found in &result.matches {
            write_markdown_match(found, out)?;
        }
    }
    Ok(())
}

fn write_markdown_match(found: &ScreenMatch, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "### {} ({}), score {:.2}\n", found.entity.label, found.entity.class_label, found.score)?;
    for reason in &found.reasons {
        writeln!(out, "- {reason}")?;
    }
    writeln!(out)?;
    if found.exposure.is_empty() {
        writeln!(out, "No exposure path within the limits.\n")?;
    }
    for (i, exposure) in found.exposure.iter().enumerate() {
        writeln!(out, "{}. {}", i + 1, exposure_title(&exposure.path))?;
        for hop in &exposure.path.hops {
            writeln!(out, "    - {}", hop_line(hop))?;
            for line in evidence_lines(hop) {
                writeln!(out, "        - {line}")?;
            }
        }
    }
    writeln!(out)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// An HTML report, self-contained: each exposure path with its hops, their evidence and the
/// diagram given for it (SVG, keyed by row index and match index).
pub fn write_html(
    results: &[ScreenResult],
    diagrams: &HashMap<(usize, usize), String>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (exposed, clear, none) = counts(results);
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sanctions screening</title><style>\
body{{font-family:sans-serif;max-width:70em;margin:2em auto;line-height:1.4}}\
.exposed{{color:#b00020}}.clear{{color:#1b5e20}}.no_match{{color:#555}}\
li.evidence{{font-size:90%;color:#333}}svg{{max-width:100%;height:auto}}</style></head><body>"
    )?;
    writeln!(out, "<h1>Sanctions screening</h1>")?;
    writeln!(
        out,
        "<p>{} rows: {exposed} exposed, {clear} matched without exposure, {none} without a match.</p>",
        results.len()
    )?;
    for (r, result) in results.iter().enumerate() {
        let status = match result.status {
            "exposed" => format!("exposed ({})", escape(result.strongest.as_deref().unwrap_or(""))),
            "clear" => "matched, no exposure found".to_owned(),
            _ => "no match".to_owned(),
        };
        writeln!(
            out,
            "<section><h2>{} <small>{}</small>: <span class=\"{}\">{status}</span></h2>",
            escape(&result.query.name),
            line_note(result.line),
            result.status
        )?;
        for (m, found) in result.matches.iter().enumerate() {
            writeln!(
                out,
                "<h3>{} ({}), score {:.2}</h3><ul>",
                escape(&found.entity.label),
                escape(&found.entity.class_label),
                found.score
            )?;
            for reason in &found.reasons {
                writeln!(out, "<li>{}</li>", escape(reason))?;
            }
            writeln!(out, "</ul>")?;
            if found.exposure.is_empty() {
                writeln!(out, "<p>No exposure path within the limits.</p>")?;
            }
            writeln!(out, "<ol>")?;
            for exposure in &found.exposure {
                writeln!(out, "<li><p>{}</p><ul>", escape(&exposure_title(&exposure.path)))?;
                for hop in &exposure.path.hops {
                    writeln!(out, "<li>{}<ul>", escape(&hop_line(hop)))?;
                    for line in evidence_lines(hop) {
                        writeln!(out, "<li class=\"evidence\">{}</li>", escape(&line))?;
                    }
                    writeln!(out, "</ul></li>")?;
                }
                writeln!(out, "</ul></li>")?;
            }
            writeln!(out, "</ol>")?;
            if let Some(svg) = diagrams.get(&(r, m)) {
                // Graphviz's own SVG, without its XML prologue.
                let start = svg.find("<svg").unwrap_or(0);
                writeln!(out, "<figure>{}</figure>", &svg[start..])?;
            }
        }
        writeln!(out, "</section>")?;
    }
    writeln!(out, "</body></html>")
}
