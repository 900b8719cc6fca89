//! A scan as text, written line by line as the scan goes: each finding with its line and column,
//! draft facts under the line their sentence ends on, then the new names and the totals. Also
//! the measures of `scan --measure`.

use crate::graph::wording::group_thousands;
use crate::rdf::vocab::display_iri;
use crate::scan::measure::{MeasureReport, Measures};
use crate::scan::{DocumentInfo, LineFindings, Quantity, RelationCandidate, ScanSink, ScanSummary};
use std::io::{self, Write};

/// Writes a scan as text to `out`.
pub struct ScanText<W: Write> {
    out: W,
}

impl<W: Write> ScanText<W> {
    /// A text report written to `out`.
    pub fn new(out: W) -> Self {
        ScanText { out }
    }
}

/// A number as people read it: 1,300 or 240,000,000,000 or 1.5.
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e18 {
        group_thousands(&format!("{value:.0}"))
    } else {
        format!("{value}")
    }
}

/// A quantity in its unit: "~700 t", "≥200,000 pcs (152mm artillery shells)", "USD 240,000,000,000".
pub fn quantity(q: &Quantity) -> String {
    let bound = if q.approximate {
        "~"
    } else if q.lower_bound {
        "≥"
    } else {
        ""
    };
    let amount = match &q.currency {
        Some(code) => format!("{bound}{code} {}", number(q.value)),
        None => format!("{bound}{} {}", number(q.value), q.symbol),
    };
    match &q.what {
        Some(what) => format!("{amount} ({what})"),
        None => amount,
    }
}

/// A draft fact in one line: class, then each role and entity, the cue and the confidence.
pub fn relation(candidate: &RelationCandidate) -> String {
    let roles: Vec<String> =
        candidate.roles.iter().map(|r| format!("{} {} ({})", r.role_label, r.label, display_iri(&r.entity))).collect();
    let hedge = candidate.hedge.as_ref().map(|h| format!(", hedged \"{h}\"")).unwrap_or_default();
    format!("{}: {}; cue \"{}\"; alleged{hedge}", candidate.class_label, roles.join(" · "), candidate.cue)
}

impl<W: Write> ScanSink for ScanText<W> {
    fn start(&mut self, document: &DocumentInfo) -> io::Result<()> {
        let known = document
            .known
            .as_ref()
            .map(|k| format!("; the store describes it as {}", display_iri(&k.iri)))
            .unwrap_or_default();
        writeln!(
            self.out,
            "{}: {} {}, {} bytes, sha256 {}{known}",
            document.path,
            group_thousands(&document.lines.to_string()),
            if document.lines == 1 { "line" } else { "lines" },
            group_thousands(&document.bytes.to_string()),
            document.sha256
        )
    }

    fn line(&mut self, findings: &LineFindings) -> io::Result<()> {
        let mut rows: Vec<(usize, String, String, String)> = Vec::new();
        for m in &findings.mentions {
            let also = if m.also.is_empty() {
                String::new()
            } else {
                format!(" (also: {})", m.also.iter().map(|a| display_iri(a)).collect::<Vec<_>>().join(", "))
            };
            let how = match (&m.within, &m.read_as) {
                (Some(within), _) => format!(" (within \"{within}\")"),
                (None, Some(read_as)) => format!(" (read as \"{read_as}\")"),
                (None, None) => String::new(),
            };
            rows.push((
                m.column,
                "entity".into(),
                m.text.clone(),
                format!("{} ({}){also}{how}", display_iri(&m.entity), m.class),
            ));
        }
        for q in &findings.quantities {
            rows.push((q.column, "quantity".into(), q.text.clone(), quantity(q)));
        }
        for d in &findings.dates {
            let value = d.end.as_ref().map_or_else(|| d.start.clone(), |end| format!("{}..{end}", d.start));
            rows.push((d.column, "date".into(), d.text.clone(), value));
        }
        rows.sort_by_key(|row| row.0);
        for (column, kind, text, value) in rows {
            let at = format!("{}:{column}", findings.line);
            writeln!(self.out, "{at:>9}  {kind:<8}  {text} → {value}")?;
        }
        for candidate in &findings.relations {
            let at = if candidate.first_line == candidate.last_line {
                candidate.first_line.to_string()
            } else {
                format!("{}-{}", candidate.first_line, candidate.last_line)
            };
            writeln!(self.out, "{at:>9}  {:<8}  {}", "draft", relation(candidate))?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &ScanSummary) -> io::Result<()> {
        if !summary.new_names.is_empty() {
            writeln!(self.out, "\nnames not in the graph, most frequent first:")?;
            for name in &summary.new_names {
                let class = name.class_label.as_ref().map(|c| format!(" (a {c}?)")).unwrap_or_default();
                let lines: Vec<String> = name.lines.iter().map(u64::to_string).collect();
                let more = if name.count as usize > name.lines.len() { ", ..." } else { "" };
                writeln!(
                    self.out,
                    "  {}{class}: {}×, line{} {}{more}",
                    name.text,
                    name.count,
                    if name.lines.len() == 1 { "" } else { "s" },
                    lines.join(", ")
                )?;
            }
            if summary.new_names_truncated {
                writeln!(self.out, "  ... more names than the {} kept", crate::scan::MAX_NEW_NAMES)?;
            }
        }
        let count = |n: u64, one: &str, many: &str| {
            format!("{} {}", group_thousands(&n.to_string()), if n == 1 { one } else { many })
        };
        writeln!(
            self.out,
            "\n{}: {} of {}, {}, {}, {}, {}",
            count(summary.lines, "line", "lines"),
            count(summary.mentions, "mention", "mentions"),
            count(summary.entities, "known entity", "known entities"),
            count(summary.quantities, "amount", "amounts"),
            count(summary.dates, "date", "dates"),
            count(summary.relations, "draft fact", "draft facts"),
            count(summary.new_names.len() as u64, "new name", "new names"),
        )?;
        self.out.flush()
    }
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "n/a".to_owned()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

fn write_measures(measures: &Measures, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "  entity recall      {} of {} curated (entity, lines) pairs found: {}",
        measures.entity_pairs_found,
        measures.entity_pairs,
        percent(measures.entity_pairs_found, measures.entity_pairs)
    )?;
    writeln!(
        out,
        "    of entities the text names: {} of {}: {}",
        measures.named_pairs_found,
        measures.named_pairs,
        percent(measures.named_pairs_found, measures.named_pairs)
    )?;
    writeln!(
        out,
        "  relation precision {} of {} draft facts match a curated fact: {}",
        measures.candidates_right,
        measures.candidates,
        percent(measures.candidates_right, measures.candidates)
    )?;
    writeln!(
        out,
        "  relation recall    {} of {} curated facts found: {}",
        measures.facts_found,
        measures.facts,
        percent(measures.facts_found, measures.facts),
    )?;
    for (family, counts) in &measures.families {
        writeln!(
            out,
            "    {:<11} drafts {:>3}, right {:>3} ({:>6}); facts {:>3}, found {:>3} ({:>6})",
            if family.is_empty() { "(none)" } else { family },
            counts.candidates,
            counts.right,
            percent(counts.right, counts.candidates),
            counts.facts,
            counts.found,
            percent(counts.found, counts.facts)
        )?;
    }
    Ok(())
}

/// Writes the measures per document, what each missed, and the totals.
pub fn write_measure(report: &MeasureReport, out: &mut dyn Write) -> io::Result<()> {
    for document in &report.documents {
        writeln!(out, "{} ({})", document.file, display_iri(&document.document))?;
        write_measures(&document.measures, out)?;
        if !document.missed.is_empty() {
            writeln!(out, "  pairs not found:")?;
            for missed in &document.missed {
                let lines = if missed.first_line == missed.last_line {
                    missed.first_line.to_string()
                } else {
                    format!("{}-{}", missed.first_line, missed.last_line)
                };
                writeln!(out, "    line {lines}: {} ({})", missed.label, display_iri(&missed.entity))?;
            }
        }
        if !document.unmatched.is_empty() {
            writeln!(out, "  draft facts no curated fact matches:")?;
            for candidate in &document.unmatched {
                let lines = if candidate.first_line == candidate.last_line {
                    candidate.first_line.to_string()
                } else {
                    format!("{}-{}", candidate.first_line, candidate.last_line)
                };
                writeln!(out, "    line {lines}: {}", relation(candidate))?;
            }
        }
    }
    if report.documents.len() > 1 {
        writeln!(out, "all {} documents", report.documents.len())?;
        write_measures(&report.total, out)?;
    }
    Ok(())
}
