//! The draft facts of a scan as Turtle, ready for an analyst to edit and `actorgraph load`: the
//! source document (title, file name, content hash) and one `ag:Draft` fact per relation
//! candidate, with its evidence (document, lines, confidence `alleged`, the text's hedge word),
//! its cue word, and the sentence's date and amount where it gives exactly one.

use crate::rdf::vocab::{self, display_iri};
use crate::scan::{DateMention, DocumentInfo, LineFindings, Quantity, RelationCandidate, ScanSink, ScanSummary};
use std::io::{self, Write};

/// Writes draft facts as Turtle to `out`.
pub struct DraftTurtle<W: Write> {
    out: W,
    /// IRI of the source document, and the stem of the drafts' IRIs.
    document: Option<(String, String)>,
    known: bool,
    document_info: Option<DocumentInfo>,
    drafts: usize,
}

impl<W: Write> DraftTurtle<W> {
    /// A draft file written to `out`.
    pub fn new(out: W) -> Self {
        DraftTurtle { out, document: None, known: false, document_info: None, drafts: 0 }
    }
}

/// A string as a Turtle literal.
pub fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as a Turtle integer or decimal.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e18 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

/// A date value with its datatype.
fn date(value: &str) -> String {
    let datatype = match value.len() {
        4 => "xsd:gYear",
        7 => "xsd:gYearMonth",
        _ => "xsd:date",
    };
    format!("{}^^{datatype}", literal(value))
}

/// Text for a one-line comment.
fn comment(text: &str, limit: usize) -> String {
    let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let mut cut: String = flat.chars().take(limit).collect();
    if flat.chars().count() > limit {
        cut.push('…');
    }
    cut
}

fn describe(q: &Quantity) -> String {
    crate::render::scan_text::quantity(q)
}

impl<W: Write> DraftTurtle<W> {
    fn write_draft(&mut self, candidate: &RelationCandidate) -> io::Result<()> {
        let Some((document, stem)) = self.document.clone() else { return Ok(()) };
        self.drafts += 1;
        let out = &mut self.out;
        let lines = if candidate.first_line == candidate.last_line {
            format!("line {}", candidate.first_line)
        } else {
            format!("lines {}-{}", candidate.first_line, candidate.last_line)
        };
        writeln!(out, "\n# {lines}: {}", comment(&candidate.sentence, 300))?;
        writeln!(out, "{}-{} a {} , ag:Draft ;", stem, self.drafts, display_iri(&candidate.class))?;
        for role in &candidate.roles {
            writeln!(
                out,
                "    {} {} ;  # \"{}\"",
                display_iri(&role.role),
                display_iri(&role.entity),
                comment(&role.text, 80)
            )?;
        }
        writeln!(out, "    ag:cue {} ;", literal(&candidate.cue))?;
        match candidate.dates.as_slice() {
            [DateMention { start, end: None, .. }] => writeln!(out, "    ag:date {} ;", date(start))?,
            [DateMention { start, end: Some(end), .. }] => {
                writeln!(out, "    ag:startDate {} ; ag:endDate {} ;", date(start), date(end))?
            }
            [] => {}
            many => writeln!(
                out,
                "    # dates in the sentence: {}",
                many.iter().map(|d| d.text.as_str()).collect::<Vec<_>>().join(", ")
            )?,
        }
        match candidate.quantities.as_slice() {
            [q] => {
                let bounds = match (q.approximate, q.lower_bound) {
                    (true, _) => " ag:approximate true ;",
                    (_, true) => " ag:lowerBound true ;",
                    _ => "",
                };
                match &q.currency {
                    Some(code) => {
                        writeln!(out, "    ag:value {} ; ag:currency {} ;{bounds}", number(q.value), literal(code))?
                    }
                    None => writeln!(
                        out,
                        "    ag:quantity {} ; ag:unit {} ;{bounds}",
                        number(q.value),
                        display_iri(&q.unit)
                    )?,
                }
            }
            [] => {}
            many => writeln!(
                out,
                "    # amounts in the sentence: {}",
                many.iter().map(describe).collect::<Vec<_>>().join("; ")
            )?,
        }
        let hedge = candidate.hedge.as_ref().map(|h| format!(" ; ag:hedge {}", literal(h))).unwrap_or_default();
        let end = if candidate.last_line == candidate.first_line {
            String::new()
        } else {
            format!(" ; ag:lineEnd {}", candidate.last_line)
        };
        writeln!(
            out,
            "    ag:evidence [ ag:source {} ; ag:lineStart {}{end} ; ag:confidence ag:Alleged{hedge} ] .",
            display_iri(&document),
            candidate.first_line
        )
    }
}

impl<W: Write> ScanSink for DraftTurtle<W> {
    fn start(&mut self, document: &DocumentInfo) -> io::Result<()> {
        let stem = format!("{}draft-{}", vocab::AGD, &document.sha256[..12]);
        let iri = match &document.known {
            Some(known) => known.iri.clone(),
            None => format!("{}source-{}", vocab::AGD, &document.sha256[..12]),
        };
        self.known = document.known.is_some();
        self.document = Some((iri, display_iri(&stem)));
        self.document_info = Some(document.clone());
        writeln!(
            self.out,
            "# Draft facts `actorgraph scan` found in {} (sha256 {}).",
            document.file_name, document.sha256
        )?;
        writeln!(
            self.out,
            "# Each is an ag:Draft with confidence ag:Alleged, found by the cue word it names: check it against\n\
             # the text, fix its class and roles, complete what the shapes ask for (a statement's summary, a\n\
             # supply flow's good...), then remove ag:Draft. `actorgraph load` this file; `actorgraph validate`\n\
             # lists the drafts left."
        )?;
        writeln!(self.out)?;
        for (prefix, namespace) in vocab::PREFIXES {
            writeln!(self.out, "@prefix {prefix}: <{namespace}> .")?;
        }
        Ok(())
    }

    fn line(&mut self, findings: &LineFindings) -> io::Result<()> {
        for candidate in &findings.relations {
            self.write_draft(candidate)?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &ScanSummary) -> io::Result<()> {
        let (Some((iri, _)), Some(info)) = (&self.document, &self.document_info) else { return Ok(()) };
        writeln!(self.out)?;
        if self.known {
            writeln!(self.out, "# The store already describes the source document as {}.", display_iri(iri))?;
        } else {
            let title = summary.title.clone().unwrap_or_else(|| info.file_name.clone());
            writeln!(
                self.out,
                "# The source document; its title is the text's first line: give a better one if needed."
            )?;
            writeln!(self.out, "{} a ag:SourceDocument ;", display_iri(iri))?;
            writeln!(self.out, "    rdfs:label {} ;", literal(&title))?;
            writeln!(self.out, "    ag:fileName {} ;", literal(&info.file_name))?;
            writeln!(self.out, "    ag:contentHash {} ;", literal(&info.sha256))?;
            writeln!(self.out, "    ag:lineCount {} .", info.lines)?;
        }
        if self.drafts == 0 {
            writeln!(self.out, "\n# No sentence tied two known entities with a cue word: no draft facts.")?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_what_turtle_needs() {
        assert_eq!(literal("say \"no\"\\\n"), "\"say \\\"no\\\"\\\\\\n\"");
        assert_eq!(literal("Zélensky"), "\"Zélensky\"");
        assert_eq!(literal("a\u{7}b"), "\"a\\u0007b\"");
        assert_eq!(date("2023"), "\"2023\"^^xsd:gYear");
        assert_eq!(date("2025-04"), "\"2025-04\"^^xsd:gYearMonth");
        assert_eq!(number(240e9), "240000000000");
        assert_eq!(comment("a\nb", 10), "a b");
    }
}
