//! The tables a picture carries as Graphviz HTML-like labels: a small legend of only what is
//! drawn (node kinds, relation families, confidence levels, hubs left unexpanded) and the
//! footnote table listing each fact behind each numbered edge with its document and lines.

use super::look::{confidence_sample, family_colour, node_look, wrap, PageLook};
use crate::views::diagram::{Diagram, NodeStyle};
use std::collections::BTreeSet;

/// Text escaped for an HTML-like label; line breaks become left-aligned breaks.
pub(super) fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<BR ALIGN=\"LEFT\"/>"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Empty columns after the legend's own: Graphviz shares a wide cell's extra width evenly
/// among the columns it spans, so these take most of what the hub note adds.
const FILLER_COLUMNS: usize = 12;
const FILLER: &str =
    "<TD></TD><TD></TD><TD></TD><TD></TD><TD></TD><TD></TD><TD></TD><TD></TD><TD></TD><TD></TD><TD></TD><TD></TD>";

/// Confidence levels, strongest first, as the legend lists them.
const CONFIDENCE_ORDER: [&str; 5] = ["documented", "reported", "assessed", "claimed", "alleged"];

/// The legend: one column each for the node kinds, relation families and confidence levels the
/// diagram draws, and a line naming the hubs left unexpanded. None when there is nothing to
/// explain. One flat grid (a nested table would stretch to its neighbour's height).
pub(super) fn legend(diagram: &Diagram, look: &PageLook, with_key: bool) -> Option<String> {
    let font = look.small_font;
    let td =
        |attributes: &str, content: &str| format!("<TD{attributes}><FONT POINT-SIZE=\"{font}\">{content}</FONT></TD>");
    // Each column is a list of (sample cell, label cell).
    let mut columns: Vec<Vec<(String, String)>> = Vec::new();
    if with_key {
        let styles: BTreeSet<NodeStyle> = diagram.nodes.iter().map(|n| n.style).collect();
        columns.push(
            styles
                .iter()
                .map(|style| {
                    let (_, fill, _) = node_look(*style);
                    (
                        format!(
                            "<TD BGCOLOR=\"{fill}\" BORDER=\"1\" WIDTH=\"12\" HEIGHT=\"8\" FIXEDSIZE=\"TRUE\"></TD>"
                        ),
                        td(" ALIGN=\"LEFT\"", &html(style.legend_label())),
                    )
                })
                .collect(),
        );
        let families: BTreeSet<Option<&str>> = diagram.edges.iter().map(|e| e.family.as_deref()).collect();
        columns.push(
            families
                .iter()
                .map(|family| {
                    let colour = family_colour(*family);
                    (
                        td("", &format!("<FONT COLOR=\"{colour}\">━━</FONT>")),
                        td(
                            " ALIGN=\"LEFT\"",
                            &format!("<FONT COLOR=\"{colour}\">{}</FONT>", html(family.unwrap_or("other"))),
                        ),
                    )
                })
                .collect(),
        );
        let drawn: BTreeSet<Option<&str>> = diagram.edges.iter().map(|e| e.confidence.as_deref()).collect();
        let mut levels: Vec<Option<&str>> =
            CONFIDENCE_ORDER.iter().map(|c| Some(*c)).filter(|c| drawn.contains(c)).collect();
        levels.extend(drawn.iter().filter(|c| !c.is_some_and(|c| CONFIDENCE_ORDER.contains(&c))).copied());
        columns.push(
            levels
                .iter()
                .map(|level| {
                    (td("", confidence_sample(*level)), td(" ALIGN=\"LEFT\"", &html(level.unwrap_or("no evidence"))))
                })
                .collect(),
        );
        columns.retain(|c| !c.is_empty());
    }
    let height = columns.iter().map(Vec::len).max().unwrap_or(0);
    let hubs = diagram.unexpanded_hubs();
    let filler = if hubs.is_empty() { "" } else { FILLER };
    let mut rows: Vec<String> = (0..height)
        .map(|row| {
            let cells: String = columns
                .iter()
                .map(|column| match column.get(row) {
                    Some((sample, label)) => format!("{sample}{label}"),
                    None => "<TD></TD><TD></TD>".to_owned(),
                })
                .collect();
            format!("\n<TR>{cells}{filler}</TR>")
        })
        .collect();
    if !hubs.is_empty() {
        let names: Vec<String> = hubs.iter().map(|(label, hidden)| format!("{label} (+{hidden} links)")).collect();
        let span = 2 * columns.len() + FILLER_COLUMNS;
        let text = format!(
            "{}\n--expand NAME draws a hub's links.\n",
            wrap(&format!("Hubs not expanded: {}.", names.join(", ")), 48)
        );
        rows.push(format!(
            "\n<TR>{}</TR>",
            td(&format!(" COLSPAN=\"{span}\" ALIGN=\"LEFT\""), &format!("<I>{}</I>", html(&text)))
        ));
    }
    if rows.is_empty() {
        return None;
    }
    Some(format!(
        "<TABLE BORDER=\"1\" COLOR=\"#bdbdbd\" CELLBORDER=\"0\" CELLSPACING=\"1\" CELLPADDING=\"1\" BGCOLOR=\"#ffffff\">{}</TABLE>",
        rows.concat()
    ))
}

/// The footnote table: for each numbered edge, its hop and every fact behind it with its
/// evidence (document and lines, confidence). None when no edge is numbered.
pub(super) fn footnotes(diagram: &Diagram, look: &PageLook) -> Option<String> {
    let edges = diagram.footnotes();
    if edges.is_empty() {
        return None;
    }
    let font = look.small_font;
    let mut rows = vec!["\n<TR><TD COLSPAN=\"3\" ALIGN=\"LEFT\"><B>Sources</B></TD></TR>".to_owned()];
    for edge in edges {
        let number = edge.footnote.expect("footnotes are numbered");
        let (subject, object) = if edge.backward { (edge.to, edge.from) } else { (edge.from, edge.to) };
        let hop =
            format!("{} — {} → {}", diagram.nodes[subject].label, edge.relation_label, diagram.nodes[object].label);
        rows.push(format!(
            "\n<TR><TD ALIGN=\"RIGHT\" VALIGN=\"TOP\"><B>[{number}]</B></TD><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><B>{}</B></TD></TR>",
            html(&hop)
        ));
        let many = edge.facts.len() > 1;
        for (i, fact) in edge.facts.iter().enumerate() {
            let mark = if many { format!("{number}{}", letter(i)) } else { number.to_string() };
            let qualifiers: Vec<&str> =
                fact.view.qualifiers.iter().filter(|q| !q.starts_with("role:")).map(String::as_str).collect();
            let text = if qualifiers.is_empty() {
                fact.view.summary.clone()
            } else {
                format!("{} ({})", fact.view.summary, qualifiers.join(", "))
            };
            rows.push(format!(
                "\n<TR><TD ALIGN=\"RIGHT\" VALIGN=\"TOP\">{mark}</TD><TD ALIGN=\"LEFT\" VALIGN=\"TOP\">{}</TD>\
                 <TD ALIGN=\"LEFT\" VALIGN=\"TOP\">{}</TD></TR>",
                html(&format!("{}\n", wrap(&text, 70))),
                html(&format!("{}\n", fact.evidence_lines().join("\n")))
            ));
        }
    }
    Some(format!(
        "<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\"><TR><TD><FONT POINT-SIZE=\"{font}\">\
         <TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">{}</TABLE></FONT></TD></TR></TABLE>",
        rows.concat()
    ))
}

/// a, b, ..., z, aa, ab...
fn letter(i: usize) -> String {
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    if i < 26 {
        (letters[i] as char).to_string()
    } else {
        format!("{}{}", letter(i / 26 - 1), letters[i % 26] as char)
    }
}
