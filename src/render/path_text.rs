//! Paths and neighbourhoods as readable text: one line per hop, the fact in words, then its
//! evidence; with colour (for a terminal) the headings are bold, the relation takes its
//! family's colour, the confidence its strength's, and the evidence is dimmed.

use crate::views::hops::{EvidenceView, HopView, NeighbourhoodReport, PathReport};
use anstyle::{AnsiColor, Style};
use std::io::{self, Write};

/// Whether text is written with ANSI colours (the caller decides: a terminal, no `NO_COLOR`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Colour(pub bool);

impl Colour {
    fn paint(self, style: Style, text: &str) -> String {
        if self.0 {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }

    fn bold(self, text: &str) -> String {
        self.paint(Style::new().bold(), text)
    }

    fn dim(self, text: &str) -> String {
        self.paint(Style::new().dimmed(), text)
    }

    fn family(self, family: &str, text: &str) -> String {
        let colour = match family {
            "supply" | "transit" => AnsiColor::Blue,
            "sanction" => AnsiColor::Red,
            "influence" => AnsiColor::Magenta,
            "support" | "diplomacy" => AnsiColor::Green,
            "production" | "event" => AnsiColor::Yellow,
            "statement" => AnsiColor::BrightMagenta,
            _ => return text.to_owned(),
        };
        self.paint(Style::new().fg_color(Some(colour.into())), text)
    }

    fn confidence(self, level: &str, text: &str) -> String {
        let style = match level {
            "documented" => Style::new().fg_color(Some(AnsiColor::Green.into())).bold(),
            "reported" => Style::new().fg_color(Some(AnsiColor::Green.into())),
            "assessed" => Style::new().fg_color(Some(AnsiColor::Cyan.into())),
            "claimed" => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
            "alleged" => Style::new().fg_color(Some(AnsiColor::Red.into())),
            _ => return text.to_owned(),
        };
        self.paint(style, text)
    }
}

/// Writes each path as a heading and one line per hop, with the facts and evidence behind it.
pub fn write_paths(report: &PathReport, colour: Colour, out: &mut dyn Write) -> io::Result<()> {
    let from =
        report.from.as_ref().map(|n| n.label.clone()).or_else(|| report.from_type.clone().map(|t| format!("any {t}")));
    let to = report.to.as_ref().map(|n| n.label.clone()).or_else(|| report.to_type.clone().map(|t| format!("any {t}")));
    let (from, to) = (from.unwrap_or_default(), to.unwrap_or_default());
    let exposure = report.profile == "exposure";
    if report.paths.is_empty() {
        let what = if exposure { "exposure path" } else { "path" };
        return writeln!(out, "No {what} from {from} to {to} within the limits.");
    }
    if exposure {
        writeln!(
            out,
            "Sanctions exposure: control and ownership chains, direct links, facts in force (--profile all for every path)\n"
        )?;
    }
    let total = report.paths.len();
    for (i, path) in report.paths.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let ends = match (path.nodes.first(), path.nodes.last()) {
            (Some(a), Some(b)) => format!("{} → {}", a.label, b.label),
            _ => String::new(),
        };
        let hops = if path.length == 1 { "1 hop".to_owned() } else { format!("{} hops", path.length) };
        writeln!(out, "{}", colour.bold(&format!("Path {} of {total} ({hops}): {ends}", i + 1)))?;
        if let Some(exposure) = &path.exposure {
            writeln!(out, "  exposure: {} — {}", exposure.label, exposure.meaning)?;
        }
        if let Some(note) = &path.note {
            writeln!(out, "  {note}")?;
        }
        for (n, hop) in path.hops.iter().enumerate() {
            write_hop(out, colour, &format!("{}.", n + 1), hop)?;
        }
    }
    Ok(())
}

/// Writes the node with its number of connections, then one line per hop with its depth, facts and evidence.
pub fn write_neighbours(report: &NeighbourhoodReport, colour: Colour, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{} ({}) — {} connection{} within {} hop{}",
        colour.bold(&report.node.label),
        report.node.class_label,
        report.hops.len(),
        if report.hops.len() == 1 { "" } else { "s" },
        report.depth,
        if report.depth == 1 { "" } else { "s" }
    )?;
    for hop in &report.hops {
        write_hop(out, colour, &format!("[{}]", hop.depth), &hop.hop)?;
    }
    Ok(())
}

fn write_hop(out: &mut dyn Write, colour: Colour, marker: &str, hop: &HopView) -> io::Result<()> {
    let family = hop.relation.family.as_deref().unwrap_or("-");
    let relation = colour.family(family, &format!("—{}→", hop.wording));
    writeln!(out, "  {marker} {} {relation} {}   [{family}, {}]", hop.from.label, hop.to.label, hop.direction)?;
    if hop.facts.is_empty() {
        writeln!(out, "       evidence: none recorded")?;
    }
    for fact in &hop.facts {
        let qualifiers =
            if fact.qualifiers.is_empty() { String::new() } else { format!(" ({})", fact.qualifiers.join(", ")) };
        writeln!(out, "       • {}{qualifiers}", fact.summary)?;
        if let Some(scope) = &fact.about_group {
            writeln!(
                out,
                "         (a statement about {} as a group, which {} belongs to; not about {} itself)",
                scope.group, scope.member, scope.member
            )?;
        }
        for evidence in &fact.evidence {
            let line = evidence_line(evidence);
            let line = match line.split_once(&format!(", {}", evidence.confidence)) {
                Some((location, rest)) if colour.0 && !evidence.confidence.is_empty() => format!(
                    "{}, {}{}",
                    colour.dim(location),
                    colour.confidence(&evidence.confidence, &evidence.confidence),
                    if rest.is_empty() { String::new() } else { colour.dim(rest) }
                ),
                _ => line,
            };
            writeln!(out, "         {line}")?;
        }
    }
    Ok(())
}

/// "002_...txt:8, documented (cites customs data on nitrocellulose exports)".
pub fn evidence_line(evidence: &EvidenceView) -> String {
    let mut line = format!("{}, {}", evidence.location(), evidence.confidence);
    if let Some(hedge) = &evidence.hedge {
        line.push_str(&format!(" ('{hedge}')"));
    }
    if !evidence.cited.is_empty() {
        line.push_str(&format!(" — cites {}", evidence.cited.join(", ")));
    }
    line
}
