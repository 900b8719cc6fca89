//! Content negotiation: the `Accept` header's media ranges with their q-values against the
//! formats an answer can take, most specific range first (`*/*, application/json;q=0` rules
//! JSON out), ties going to the server's order. Also the media types of request bodies.

use super::error::ApiError;
use actorgraph::rdf::formats::QueryOutputFormat;
use oxigraph::io::RdfFormat;

/// A format an answer can take, under its media type and the other names clients use for it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Offer {
    pub format: QueryOutputFormat,
    pub media_type: &'static str,
    pub aliases: &'static [&'static str],
}

const fn offer(format: QueryOutputFormat, media_type: &'static str, aliases: &'static [&'static str]) -> Offer {
    Offer { format, media_type, aliases }
}

/// SELECT and ASK results, JSON first.
pub(crate) const RESULTS: &[Offer] = &[
    offer(QueryOutputFormat::Json, "application/sparql-results+json", &["application/json", "text/json"]),
    offer(QueryOutputFormat::Xml, "application/sparql-results+xml", &["application/xml", "text/xml"]),
    offer(QueryOutputFormat::Csv, "text/csv", &[]),
    offer(QueryOutputFormat::Tsv, "text/tab-separated-values", &[]),
];

/// Graphs (CONSTRUCT, DESCRIBE, a graph of the store), Turtle first.
pub(crate) const GRAPHS: &[Offer] = &[
    offer(QueryOutputFormat::Turtle, "text/turtle", &["application/x-turtle", "application/turtle"]),
    offer(QueryOutputFormat::Ntriples, "application/n-triples", &["text/plain"]),
    offer(QueryOutputFormat::Rdfxml, "application/rdf+xml", &["application/xml", "text/xml"]),
    offer(QueryOutputFormat::Jsonld, "application/ld+json", &["application/json"]),
    offer(QueryOutputFormat::Trig, "application/trig", &["application/x-trig"]),
    offer(QueryOutputFormat::Nquads, "application/n-quads", &["text/x-nquads"]),
];

/// Whole datasets (every graph at once), TriG first.
pub(crate) const DATASETS: &[Offer] = &[
    offer(QueryOutputFormat::Trig, "application/trig", &["application/x-trig"]),
    offer(QueryOutputFormat::Nquads, "application/n-quads", &["text/x-nquads"]),
    offer(QueryOutputFormat::Jsonld, "application/ld+json", &["application/json"]),
];

/// The `Content-Type` of an answer in `format`.
pub(crate) fn content_type(format: QueryOutputFormat) -> &'static str {
    match format {
        QueryOutputFormat::Json => "application/sparql-results+json",
        QueryOutputFormat::Xml => "application/sparql-results+xml",
        QueryOutputFormat::Csv => "text/csv; charset=utf-8",
        QueryOutputFormat::Tsv | QueryOutputFormat::Table => "text/tab-separated-values; charset=utf-8",
        QueryOutputFormat::Turtle => "text/turtle; charset=utf-8",
        QueryOutputFormat::Ntriples => "application/n-triples",
        QueryOutputFormat::Nquads => "application/n-quads",
        QueryOutputFormat::Trig => "application/trig",
        QueryOutputFormat::Jsonld => "application/ld+json",
        QueryOutputFormat::Rdfxml => "application/rdf+xml",
    }
}

/// One media range of an `Accept` header.
#[derive(Debug, Clone, PartialEq)]
struct Range {
    kind: String,
    subtype: String,
    q: f32,
    /// A charset other than UTF-8 was asked for, which no answer of this server has.
    foreign_charset: bool,
}

fn parse_accept(accept: &str) -> Vec<Range> {
    let mut ranges = Vec::new();
    for part in accept.split(',') {
        let mut pieces = part.split(';');
        let media = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let Some((kind, subtype)) = media.split_once('/') else { continue };
        let (mut q, mut foreign_charset) = (1.0f32, false);
        for parameter in pieces {
            let Some((name, value)) = parameter.split_once('=') else { continue };
            let value = value.trim().trim_matches('"');
            match name.trim().to_ascii_lowercase().as_str() {
                "q" => q = value.parse::<f32>().ok().filter(|q| (0.0..=1.0).contains(q)).unwrap_or(0.0),
                "charset" => foreign_charset = !value.eq_ignore_ascii_case("utf-8"),
                _ => {}
            }
        }
        ranges.push(Range { kind: kind.trim().to_owned(), subtype: subtype.trim().to_owned(), q, foreign_charset });
    }
    ranges
}

/// How well `range` matches the media type `name`: None when it does not, else its specificity
/// (2 exact, 1 `type/*`, 0 `*/*`).
fn specificity(range: &Range, name: &str) -> Option<u8> {
    let (kind, subtype) = name.split_once('/').expect("media types have a slash");
    if range.kind == "*" && range.subtype == "*" {
        Some(0)
    } else if range.kind == kind && range.subtype == "*" {
        Some(1)
    } else if range.kind == kind && range.subtype == subtype {
        Some(2)
    } else {
        None
    }
}

/// The q-value `ranges` give an offer: that of its most specific matching range. Wildcards
/// match the media type the answer is sent as; the other names only match exactly.
fn quality(ranges: &[Range], offer: &Offer) -> f32 {
    let mut best: Option<(u8, f32)> = None;
    for (index, name) in std::iter::once(offer.media_type).chain(offer.aliases.iter().copied()).enumerate() {
        for range in ranges {
            let Some(level) = specificity(range, name).filter(|level| index == 0 || *level == 2) else { continue };
            let q = if range.foreign_charset { 0.0 } else { range.q };
            best = Some(match best {
                Some((l, bq)) if l > level || (l == level && bq >= q) => (l, bq),
                _ => (level, q),
            });
        }
    }
    best.map_or(0.0, |(_, q)| q)
}

/// The format to answer in: the best `Accept` allows, the first offer when there is no
/// `Accept`; 406 when nothing offered is acceptable.
pub(crate) fn negotiate(accept: Option<&str>, offers: &[Offer]) -> Result<QueryOutputFormat, ApiError> {
    let accept = accept.map(str::trim).filter(|a| !a.is_empty());
    let Some(accept) = accept else { return Ok(offers[0].format) };
    let ranges = parse_accept(accept);
    let mut chosen: Option<(f32, &Offer)> = None;
    for offer in offers {
        let q = quality(&ranges, offer);
        if q > 0.0 && chosen.is_none_or(|(best, _)| q > best) {
            chosen = Some((q, offer));
        }
    }
    chosen.map(|(_, offer)| offer.format).ok_or_else(|| {
        let names: Vec<&str> = offers.iter().map(|o| o.media_type).collect();
        ApiError::not_acceptable(format!(
            "nothing this answer can be sent as is acceptable (Accept: {accept}); it can be sent as {}",
            names.join(", ")
        ))
    })
}

/// A request's `Content-Type`: its media type in lower case, and its charset if any.
pub(crate) fn media_type(content_type: &str) -> (String, Option<String>) {
    let mut pieces = content_type.split(';');
    let essence = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = pieces.filter_map(|p| p.split_once('=')).find_map(|(name, value)| {
        name.trim().eq_ignore_ascii_case("charset").then(|| value.trim().trim_matches('"').to_ascii_lowercase())
    });
    (essence, charset)
}

/// Refuses bodies in a character set other than UTF-8 (or its subset US-ASCII).
pub(crate) fn check_charset(charset: Option<&str>) -> Result<(), ApiError> {
    match charset {
        None | Some("utf-8" | "utf8" | "us-ascii") => Ok(()),
        Some(other) => {
            Err(ApiError::unsupported_media_type(format!("charset={other} is not supported; send the body in UTF-8")))
        }
    }
}

/// The RDF format of an uploaded body's media type.
pub(crate) fn rdf_format(essence: &str) -> Option<RdfFormat> {
    match essence {
        "application/json" => Some(RdfFormat::JsonLd { profile: Default::default() }),
        "application/xml" | "text/xml" => Some(RdfFormat::RdfXml),
        "text/plain" => Some(RdfFormat::NTriples),
        other => RdfFormat::from_media_type(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(accept: &str, offers: &[Offer]) -> Option<QueryOutputFormat> {
        negotiate(Some(accept), offers).ok()
    }

    #[test]
    fn q_values_and_specificity_decide() {
        assert_eq!(pick("text/csv;q=0.5, application/sparql-results+xml", RESULTS), Some(QueryOutputFormat::Xml));
        assert_eq!(pick("*/*, application/sparql-results+json;q=0", RESULTS), Some(QueryOutputFormat::Xml));
        assert_eq!(pick("text/*", RESULTS), Some(QueryOutputFormat::Csv));
        assert_eq!(pick("application/json", RESULTS), Some(QueryOutputFormat::Json));
        assert_eq!(pick("image/png", RESULTS), None);
        assert_eq!(pick("text/turtle;q=0", GRAPHS), None);
        assert_eq!(pick("text/csv;charset=latin1", RESULTS), None);
        assert_eq!(
            pick("application/rdf+xml, application/sparql-results+xml", GRAPHS),
            Some(QueryOutputFormat::Rdfxml)
        );
        assert_eq!(pick("application/rdf+xml, application/sparql-results+xml", RESULTS), Some(QueryOutputFormat::Xml));
        assert_eq!(negotiate(None, GRAPHS).ok(), Some(QueryOutputFormat::Turtle));
        assert_eq!(pick("text/html,application/xhtml+xml,*/*;q=0.8", RESULTS), Some(QueryOutputFormat::Json));
        assert_eq!(pick("TEXT/TURTLE; q=0.9, application/n-triples; q=1.0", GRAPHS), Some(QueryOutputFormat::Ntriples));
    }

    #[test]
    fn content_types_are_read_with_their_charset() {
        assert_eq!(
            media_type("Application/SPARQL-Query; charset=UTF-16"),
            ("application/sparql-query".into(), Some("utf-16".into()))
        );
        assert!(check_charset(Some("utf-16")).is_err());
        assert!(check_charset(Some("utf-8")).is_ok());
    }
}
