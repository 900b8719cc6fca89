//! Quantities with their units ("1,300 tons", "$240 billion", "45%", "200,000 152mm artillery
//! shells") and dates ("24 February 2022", "April 2025", "2024-25") in a line. Units and
//! currencies, with the words and symbols texts use for them, come from the ontology.

use super::lexicon::Lexicon;
use super::text::column;
use super::{DateMention, Quantity};
use crate::rdf::dates::parse_day_range;
use regex::Regex;
use std::sync::LazyLock;

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<approx>~\s?|≈\s?|\b(?i:about|approximately|around|roughly|nearly|almost|some|an\ estimated)\s+)?
        (?P<lower>\b(?i:over|more\ than|at\ least|upwards\ of|in\ excess\ of)\s+)?
        (?P<currency>US\$|\$|€|£|₽|¥)?
        (?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
        (?P<scale>\s?(?i:thousand|million|billion|trillion|bn|mn)\b|[KMB]\b)?",
    )
    .expect("valid number pattern")
});

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|\
                      Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)
        \b(?P<d1>\d{{1,2}})\s+(?P<m1>{MONTHS})\.?,?\s+(?P<y1>\d{{4}})\b
        |\b(?P<m2>{MONTHS})\.?\s+(?P<d2>\d{{1,2}}),\s+(?P<y2>\d{{4}})\b
        |\b(?P<y3>\d{{4}})-(?P<mo3>\d{{2}})-(?P<d3>\d{{2}})\b
        |\b(?P<m4>{MONTHS})\.?,?\s+(?P<y4>\d{{4}})\b
        |\b(?P<y5>(?:19|20)\d{{2}})\s?[-–—/]\s?(?P<e5>(?:19|20)\d{{2}}|\d{{2}})\b
        |\b(?P<y6>(?:19|20)\d{{2}})\b"
    ))
    .expect("valid date pattern")
});

fn month_number(name: &str) -> Option<u32> {
    let prefix: String = name.chars().take(3).collect();
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as u32 + 1)
}

fn scale_of(word: &str) -> f64 {
    match word.trim().to_ascii_lowercase().as_str() {
        "thousand" | "k" => 1e3,
        "million" | "mn" | "m" => 1e6,
        "billion" | "bn" | "b" => 1e9,
        "trillion" => 1e12,
        _ => 1.0,
    }
}

fn is_year_like(number: &str) -> bool {
    number.len() == 4 && number.parse::<u32>().is_ok_and(|y| (1900..2100).contains(&y))
}

/// Up to `limit` words after byte `from` of `line`, each as a byte range with trailing
/// punctuation cut; a word followed by punctuation is the last one.
fn next_words(line: &str, from: usize, limit: usize) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut at = from;
    for piece in line[from..].split_inclusive(char::is_whitespace) {
        let start = at;
        at += piece.len();
        let word = piece.trim_end();
        if word.is_empty() {
            continue;
        }
        let trimmed = word.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '%');
        words.push((start, start + trimmed.len()));
        if words.len() == limit || trimmed.len() < word.len() {
            break;
        }
    }
    words
}

/// The unit a word (or two) names, longest first: returns the unit and the end of its words.
fn unit_at(lexicon: &Lexicon, line: &str, words: &[(usize, usize)], at: usize) -> Option<(usize, usize)> {
    for span in [2, 1] {
        if at + span > words.len() {
            continue;
        }
        let (start, end) = (words[at].0, words[at + span - 1].1);
        let text = &line[start..end];
        if let Some((_, unit)) = lexicon.unit_words.iter().find(|(w, _)| w.eq_ignore_ascii_case(text)) {
            return Some((*unit, end));
        }
    }
    None
}

/// Every quantity with a unit or currency in `line`. Numbers without one are not quantities.
pub(crate) fn quantities(lexicon: &Lexicon, line: &str) -> Vec<Quantity> {
    let mut found = Vec::new();
    for caps in NUMBER.captures_iter(line) {
        let whole = caps.get(0).expect("the match");
        let number = caps.name("number").expect("a number").as_str();
        // Part of a longer token (F-16, 2024-25, v1.2): not a quantity.
        let before = line[..caps.name("number").expect("a number").start()].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '.' || c == '/') {
            continue;
        }
        let Ok(mut value) = number.replace(',', "").parse::<f64>() else { continue };
        if let Some(scale) = caps.name("scale") {
            value *= scale_of(scale.as_str());
        }
        let currency = caps.name("currency").and_then(|c| {
            lexicon.unit_words.iter().find(|(w, u)| w == c.as_str() && lexicon.units[*u].currency.is_some())
        });
        let mut unit = currency.map(|(_, u)| *u);
        let mut end = whole.end();
        let mut what = None;
        if unit.is_none() {
            let after = &line[end..];
            let attached: String = after.chars().take_while(|c| c.is_alphabetic() || *c == '%').collect();
            let attached_unit = (!attached.is_empty()
                && after[attached.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric()))
            .then(|| lexicon.unit_words.iter().find(|(w, _)| w.eq_ignore_ascii_case(&attached)))
            .flatten();
            if let Some((_, u)) = attached_unit {
                unit = Some(*u);
                end += attached.len();
            } else if attached.is_empty() {
                let words = next_words(line, end, 4);
                if let Some((u, to)) = unit_at(lexicon, line, &words, 0) {
                    // "In 2023 shells..." is a year, not a count.
                    if !(lexicon.units[u].countable && is_year_like(number) && caps.name("scale").is_none()) {
                        unit = Some(u);
                        end = to;
                    }
                } else if caps.name("scale").is_none() && !is_year_like(number) {
                    // A counted noun a word or two later: "200,000 152mm artillery shells".
                    for at in 1..words.len().min(3) {
                        let between = &line[words[0].0..words[at].0];
                        if between.chars().any(|c| c.is_uppercase() || matches!(c, ',' | ';' | ':' | '(' | ')')) {
                            break;
                        }
                        if let Some((u, to)) = unit_at(lexicon, line, &words, at) {
                            if lexicon.units[u].countable {
                                unit = Some(u);
                                what = Some(line[words[0].0..to].to_owned());
                                end = to;
                            }
                            break;
                        }
                    }
                }
            }
        }
        let Some(unit) = unit else { continue };
        let info = &lexicon.units[unit];
        let start =
            caps.name("approx").or(caps.name("lower")).unwrap_or_else(|| caps.name("number").expect("a number"));
        let start = caps.name("currency").map_or(start.start(), |c| c.start().min(start.start()));
        found.push(Quantity {
            column: column(line, start),
            text: line[start..end].trim().to_owned(),
            value,
            unit: info.iri.clone(),
            unit_label: info.label.clone(),
            symbol: info.symbol.clone().or_else(|| info.currency.clone()).unwrap_or_else(|| info.label.clone()),
            currency: info.currency.clone(),
            what,
            approximate: caps.name("approx").is_some(),
            lower_bound: caps.name("lower").is_some(),
            span: (start, end),
        });
    }
    found
}

/// Every date in `line` outside the given quantities: days, months, years and year ranges, as
/// xsd:date, xsd:gYearMonth or xsd:gYear values.
pub(crate) fn dates(line: &str, quantities: &[Quantity]) -> Vec<DateMention> {
    let mut found = Vec::new();
    for caps in DATE.captures_iter(line) {
        let whole = caps.get(0).expect("the match");
        if quantities.iter().any(|q| whole.start() < q.span.1 && q.span.0 < whole.end()) {
            continue;
        }
        let group = |name: &str| caps.name(name).map(|m| m.as_str());
        let (start, end): (String, Option<String>) =
            if let (Some(d), Some(m), Some(y)) = (group("d1"), group("m1"), group("y1")) {
                (format!("{y}-{:02}-{:02}", month_number(m).unwrap_or(0), d.parse::<u32>().unwrap_or(0)), None)
            } else if let (Some(m), Some(d), Some(y)) = (group("m2"), group("d2"), group("y2")) {
                (format!("{y}-{:02}-{:02}", month_number(m).unwrap_or(0), d.parse::<u32>().unwrap_or(0)), None)
            } else if let (Some(y), Some(m), Some(d)) = (group("y3"), group("mo3"), group("d3")) {
                (format!("{y}-{m}-{d}"), None)
            } else if let (Some(m), Some(y)) = (group("m4"), group("y4")) {
                (format!("{y}-{:02}", month_number(m).unwrap_or(0)), None)
            } else if let (Some(y), Some(e)) = (group("y5"), group("e5")) {
                let last = if e.len() == 2 { format!("{}{e}", &y[..2]) } else { e.to_owned() };
                if last.as_str() > y {
                    (y.to_owned(), Some(last))
                } else {
                    (y.to_owned(), None)
                }
            } else if let Some(y) = group("y6") {
                (y.to_owned(), None)
            } else {
                continue;
            };
        if parse_day_range(&start).is_err() || end.as_deref().is_some_and(|e| parse_day_range(e).is_err()) {
            continue;
        }
        found.push(DateMention {
            column: column(line, whole.start()),
            text: whole.as_str().to_owned(),
            start,
            end,
            span: (whole.start(), whole.end()),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::lexicon::UnitInfo;

    fn lexicon() -> Lexicon {
        let unit = |iri: &str, symbol: Option<&str>, currency: Option<&str>, countable: bool| UnitInfo {
            iri: iri.to_owned(),
            label: iri.to_owned(),
            symbol: symbol.map(str::to_owned),
            currency: currency.map(str::to_owned),
            countable,
        };
        let mut lexicon = Lexicon {
            units: vec![
                unit("Tonne", Some("t"), None, false),
                unit("Piece", Some("pcs"), None, true),
                unit("USD", Some("$"), Some("USD"), false),
                unit("Percent", Some("%"), None, false),
                unit("Millimetre", Some("mm"), None, false),
            ],
            ..Lexicon::default()
        };
        for (word, unit) in
            [("tons", 0), ("t", 0), ("shells", 1), ("$", 2), ("dollars", 2), ("%", 3), ("per cent", 3), ("mm", 4)]
        {
            lexicon.unit_words.push((word.to_owned(), unit));
        }
        lexicon
    }

    fn read(line: &str) -> Vec<(String, f64, String, Option<String>)> {
        quantities(&lexicon(), line).into_iter().map(|q| (q.text, q.value, q.unit, q.what)).collect()
    }

    #[test]
    fn quantities_need_a_unit() {
        assert_eq!(
            read("In 2022, about 700 tons were exported."),
            [("about 700 tons".into(), 700.0, "Tonne".into(), None)]
        );
        assert_eq!(
            read("trade reached approximately $240 billion, up from ~$79B"),
            [
                ("approximately $240 billion".into(), 240e9, "USD".into(), None),
                ("~$79B".into(), 79e9, "USD".into(), None)
            ]
        );
        assert_eq!(
            read("enough to produce over 200,000 152mm artillery shells"),
            [
                (
                    "over 200,000 152mm artillery shells".into(),
                    200_000.0,
                    "Piece".into(),
                    Some("152mm artillery shells".into())
                ),
                ("152mm".into(), 152.0, "Millimetre".into(), None)
            ]
        );
        assert_eq!(
            read("a 12-point plan, F-16 jets, 45% of it, 3 per cent"),
            [("45%".into(), 45.0, "Percent".into(), None), ("3 per cent".into(), 3.0, "Percent".into(), None)]
        );
        assert!(read("In 2023 shells were scarce; 1991 borders").is_empty());
    }

    #[test]
    fn quantities_mark_approximate_figures_and_minimums() {
        let found = quantities(&lexicon(), "more than 1,300 tons, ~5 t");
        assert!(found[0].lower_bound && !found[0].approximate);
        assert!(found[1].approximate);
    }

    #[test]
    fn dates_as_xsd_values() {
        let read = |line: &str| -> Vec<(String, Option<String>)> {
            dates(line, &[]).into_iter().map(|d| (d.start, d.end)).collect()
        };
        assert_eq!(read("invasion of 24 February 2022"), [("2022-02-24".into(), None)]);
        assert_eq!(read("In April 2025, and on June 3, 2024"), [("2025-04".into(), None), ("2024-06-03".into(), None)]);
        assert_eq!(
            read("In 2024-25, and 2022–2023"),
            [("2024".into(), Some("2025".into())), ("2022".into(), Some("2023".into()))]
        );
        assert_eq!(
            read("between 2015 and 2021; 2024-06-01"),
            [("2015".into(), None), ("2021".into(), None), ("2024-06-01".into(), None)]
        );
        assert!(read("31 February 2023 is no date; you may 2023").iter().all(|(d, _)| d == "2023"));
        assert!(read("$147 billion, 1,300 tons, 12-point").is_empty());
    }
}
