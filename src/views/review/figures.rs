//! Figures and dates as prose writes them ("1,300 tons", "$240 billion", "24 February 2022",
//! "2024-25") and as the data types them (1300, "2022-02-24"^^xsd:date), read into numbers and
//! calendar dates, so that a fact's figure is found in its cited lines whatever the format.

use std::fmt;

/// A calendar date as precise as it was written: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarDate {
    /// The year.
    pub year: i32,
    /// The month (1-12), when written.
    pub month: Option<u8>,
    /// The day of the month, when written (only with a month).
    pub day: Option<u8>,
}

impl CalendarDate {
    /// Reads an `xsd:gYear`, `xsd:gYearMonth` or `xsd:date` lexical form (time zone ignored).
    pub fn parse_typed(text: &str) -> Option<Self> {
        let core = text.trim().trim_end_matches('Z');
        let core = core.split('+').next().unwrap_or(core);
        let parts: Vec<&str> = core.split('-').collect();
        let number = |s: &str, digits: usize| -> Option<u32> {
            (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
        };
        let date = match parts.as_slice() {
            [y] => CalendarDate { year: number(y, 4)? as i32, month: None, day: None },
            [y, m] => CalendarDate { year: number(y, 4)? as i32, month: Some(number(m, 2)? as u8), day: None },
            [y, m, d] => CalendarDate {
                year: number(y, 4)? as i32,
                month: Some(number(m, 2)? as u8),
                day: Some(number(d, 2)? as u8),
            },
            _ => return None,
        };
        date.valid().then_some(date)
    }

    fn valid(&self) -> bool {
        self.month.is_none_or(|m| (1..=12).contains(&m)) && self.day.is_none_or(|d| (1..=31).contains(&d))
    }

    /// Whether `written` (a date a line states) states this one: the same year, and the same
    /// month and day as far as this date gives them. "24 February 2022" states 2022, 2022-02
    /// and 2022-02-24; "February 2022" does not state 2022-02-24.
    pub fn stated_by(&self, written: &CalendarDate) -> bool {
        self.year == written.year
            && (self.month.is_none() || self.month == written.month)
            && (self.day.is_none() || self.day == written.day)
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => write!(f, "{:04}-{m:02}", self.year),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

/// A number as written, with the value a scale word gives it ("$240 billion": 240, 240e9).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The number as written, without grouping commas.
    pub value: f64,
    /// The number times its scale word (billion, bn, B, million, m, thousand, k), if one follows.
    pub scaled: Option<f64>,
    /// Whether it looks like a year (four digits, 1000-2199, no commas or decimals).
    pub year_like: bool,
    /// The text it was read from ("1,300", "240 billion").
    pub written: String,
}

impl Figure {
    /// The value the writer meant: scaled when a scale word follows.
    pub fn meant(&self) -> f64 {
        self.scaled.unwrap_or(self.value)
    }

    /// Whether a line's figure `written` gives this value, as written or scaled.
    pub fn found_in(&self, written: &Figure) -> bool {
        let meant = self.meant();
        same(meant, written.value) || written.scaled.is_some_and(|s| same(meant, s))
    }
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Everything a text mentions: numbers, and dates (years, months, days).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mentions {
    /// Numbers, in the order they appear; the second year of a range ("25" of "2024-25") is a
    /// date only.
    pub figures: Vec<Figure>,
    /// Dates: every year-like number, year ranges with both ends, "February 2022",
    /// "24 February 2022", "February 24, 2022", "2022-02-24", "2022-02".
    pub dates: Vec<CalendarDate>,
}

impl Mentions {
    /// Whether any date here states `date`.
    pub fn states(&self, date: &CalendarDate) -> bool {
        self.dates.iter().any(|d| date.stated_by(d))
    }

    /// Whether any figure here gives the value of `figure`.
    pub fn gives(&self, figure: &Figure) -> bool {
        self.figures.iter().any(|f| figure.found_in(f))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Word,
    Number,
    Space,
    Mark,
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |(at, _)| *at);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let mut j = i + 1;
        let kind = if c.is_ascii_digit() {
            loop {
                while j < chars.len() && chars[j].1.is_ascii_digit() {
                    j += 1;
                }
                // A grouping comma takes exactly three digits; a decimal point takes any digits.
                let digits_after = |k: usize| (k..chars.len()).take_while(|n| chars[*n].1.is_ascii_digit()).count();
                match chars.get(j).map(|c| c.1) {
                    Some(',') if digits_after(j + 1) == 3 => j += 1,
                    Some('.') if digits_after(j + 1) > 0 && !text[start..end_of(j)].contains('.') => j += 1,
                    _ => break,
                }
            }
            Kind::Number
        } else if c.is_alphabetic() {
            // Digits glued to letters belong to a name ("doc002", "G7"), not a figure.
            while j < chars.len() && chars[j].1.is_alphanumeric() {
                j += 1;
            }
            Kind::Word
        } else if c.is_whitespace() {
            while j < chars.len() && chars[j].1.is_whitespace() {
                j += 1;
            }
            Kind::Space
        } else {
            Kind::Mark
        };
        out.push(Token { kind, text: &text[start..end_of(j)] });
        i = j;
    }
    out
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month a word names ("February", "Feb", "Sept"), 1-12.
pub(super) fn month(word: &str) -> Option<u8> {
    let lower = word.to_lowercase();
    let lower = lower.trim_end_matches('.');
    if lower.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            *m == lower || (lower.len() >= 3 && m.starts_with(lower) && (lower.len() == 3 || lower == "sept"))
        })
        .map(|i| i as u8 + 1)
}

fn scale(word: &str) -> Option<f64> {
    match word {
        "trillion" | "tn" | "T" => Some(1e12),
        "billion" | "bn" | "B" | "Billion" => Some(1e9),
        "million" | "mn" | "m" | "M" | "Million" => Some(1e6),
        "thousand" | "k" | "K" | "Thousand" => Some(1e3),
        _ => None,
    }
}

fn integer(token: &Token<'_>, digits: std::ops::RangeInclusive<usize>) -> Option<u32> {
    (token.kind == Kind::Number && digits.contains(&token.text.len()) && token.text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| token.text.parse().ok())
        .flatten()
}

fn year_of(token: &Token<'_>) -> Option<i32> {
    integer(token, 4..=4).map(|y| y as i32).filter(|y| (1000..=2199).contains(y))
}

/// Reads the figures and dates a text mentions.
pub fn read(text: &str) -> Mentions {
    let tokens = tokens(text);
    let mut mentions = Mentions::default();
    let at = |i: usize| tokens.get(i).copied();
    let is = |i: usize, kind: Kind| at(i).is_some_and(|t| t.kind == kind);
    let mark = |i: usize, marks: &[&str]| at(i).is_some_and(|t| t.kind == Kind::Mark && marks.contains(&t.text));
    let mut consumed = vec![false; tokens.len()];
    for i in 0..tokens.len() {
        let token = tokens[i];
        match token.kind {
            Kind::Number => {
                // ISO dates and year ranges: 2022-02-24, 2022-02, 2024-25, 2023–2025.
                if let Some(year) = year_of(&token) {
                    mentions.dates.push(CalendarDate { year, month: None, day: None });
                    if mark(i + 1, &["-", "–", "—", "/"]) {
                        if let Some(second) = at(i + 2).and_then(|t| integer(&t, 2..=2)) {
                            let month = second as u8;
                            if (1..=12).contains(&month) {
                                let day = (mark(i + 3, &["-"]))
                                    .then(|| at(i + 4).and_then(|t| integer(&t, 2..=2)))
                                    .flatten()
                                    .map(|d| d as u8)
                                    .filter(|d| (1..=31).contains(d));
                                mentions.dates.push(CalendarDate { year, month: Some(month), day });
                                consumed[i + 2] = true;
                                if day.is_some() {
                                    consumed[i + 4] = true;
                                }
                            }
                            if second as i32 > year % 100 {
                                mentions.dates.push(CalendarDate {
                                    year: year / 100 * 100 + second as i32,
                                    month: None,
                                    day: None,
                                });
                                consumed[i + 2] = true;
                            }
                        }
                    }
                }
                if consumed[i] {
                    continue;
                }
                let value: f64 = token.text.replace(',', "").parse().unwrap_or(0.0);
                let scale_word = match (at(i + 1), at(i + 2)) {
                    (Some(w), _) if w.kind == Kind::Word => scale(w.text).map(|s| (s, w.text)),
                    (Some(s), Some(w)) if s.kind == Kind::Space && w.kind == Kind::Word => {
                        scale(w.text).filter(|_| w.text.len() > 1).map(|s| (s, w.text))
                    }
                    _ => None,
                };
                let written = match scale_word {
                    Some((_, word)) => format!("{} {word}", token.text),
                    None => token.text.to_owned(),
                };
                mentions.figures.push(Figure {
                    value,
                    scaled: scale_word.map(|(s, _)| value * s),
                    year_like: year_of(&token).is_some(),
                    written,
                });
            }
            Kind::Word => {
                let Some(month) = month(token.text) else { continue };
                // "February 2022", "February 24, 2022".
                if is(i + 1, Kind::Space) {
                    if let Some(year) = at(i + 2).and_then(|t| year_of(&t)) {
                        mentions.dates.push(CalendarDate { year, month: Some(month), day: None });
                    } else if let Some(day) = at(i + 2).and_then(|t| integer(&t, 1..=2)) {
                        let year = (mark(i + 3, &[","]) && is(i + 4, Kind::Space))
                            .then(|| at(i + 5).and_then(|t| year_of(&t)))
                            .flatten()
                            .or_else(|| is(i + 3, Kind::Space).then(|| at(i + 4).and_then(|t| year_of(&t))).flatten());
                        if let Some(year) = year.filter(|_| (1..=31).contains(&day)) {
                            mentions.dates.push(CalendarDate { year, month: Some(month), day: Some(day as u8) });
                        }
                    }
                }
                // "24 February 2022".
                if i >= 2 && is(i - 1, Kind::Space) && is(i + 1, Kind::Space) {
                    let day = at(i - 2).and_then(|t| integer(&t, 1..=2)).filter(|d| (1..=31).contains(d));
                    if let (Some(day), Some(year)) = (day, at(i + 2).and_then(|t| year_of(&t))) {
                        mentions.dates.push(CalendarDate { year, month: Some(month), day: Some(day as u8) });
                    }
                }
            }
            Kind::Space | Kind::Mark => {}
        }
    }
    mentions.dates.sort();
    mentions.dates.dedup();
    mentions
}

/// A typed number from the data ("1300", "1.5E3") as a figure.
pub fn typed_figure(lexical: &str) -> Option<Figure> {
    let value: f64 = lexical.trim().parse().ok()?;
    Some(Figure { value, scaled: None, year_like: false, written: lexical.trim().to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> CalendarDate {
        CalendarDate::parse_typed(text).unwrap()
    }

    #[test]
    fn figures_in_any_format() {
        let m = read("In 2023, exports more than doubled to 1,300 tons — enough for over 200,000 152mm shells.");
        let values: Vec<f64> = m.figures.iter().map(Figure::meant).collect();
        assert_eq!(values, [2023.0, 1300.0, 200000.0, 152.0]);
        assert!(m.gives(&typed_figure("1300").unwrap()));
        assert!(!m.gives(&typed_figure("13000").unwrap()));
        let money = read("2021: ~$147 billion — $68B exports; 12-point plan; 1.5 million; 152 m");
        assert!(money.gives(&typed_figure("147000000000").unwrap()));
        assert!(money.gives(&typed_figure("68000000000").unwrap()));
        assert!(money.gives(&typed_figure("147").unwrap()), "the bare figure too");
        assert!(money.gives(&typed_figure("12").unwrap()));
        assert!(money.gives(&typed_figure("1500000").unwrap()));
        assert!(!money.gives(&typed_figure("152000000").unwrap()), "a lone letter after a space is a unit");
        assert!(
            read("a list: 2021, 2022").gives(&typed_figure("2022").unwrap()),
            "a comma before a space is no grouping"
        );
        assert!(read("see doc002 and G7").figures.is_empty(), "digits glued to letters are names");
        assert!(read("F-16 and Su-34").gives(&typed_figure("16").unwrap()));
    }

    #[test]
    fn dates_in_any_format() {
        let m = read("Since the invasion of 24 February 2022, and in February 2023; in 2024-25 and June 2024.");
        assert!(m.states(&date("2022-02-24")));
        assert!(m.states(&date("2022-02")));
        assert!(m.states(&date("2023-02")));
        assert!(!m.states(&date("2023-02-24")), "a month does not state a day");
        assert!(m.states(&date("2025")), "the second year of 2024-25");
        assert!(m.states(&date("2024-06")));
        assert!(!m.states(&date("2022-03")));
        assert!(!m.figures.iter().any(|f| f.value == 25.0), "25 of 2024-25 is a year");
        let iso = read("listed 2022-02-24; updated 2023-07; also February 24, 2021");
        assert!(iso.states(&date("2022-02-24")) && iso.states(&date("2023-07")) && iso.states(&date("2021-02-24")));
        assert!(read("purges from 2022–2023").states(&date("2023")));
        assert!(!read("the may fly").states(&date("2022-05")));
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_without_panic(text in proptest::prelude::any::<String>()) {
            let mentions = read(&text);
            proptest::prop_assert!(mentions.dates.windows(2).all(|w| w[0] < w[1]));
        }

        #[test]
        fn a_grouped_number_is_found_as_typed(n in 0u64..10_000_000_000, prose in "[a-z ]{0,20}") {
            let grouped = crate::graph::wording::group_thousands(&n.to_string());
            let text = format!("{prose} {grouped} tonnes {prose}");
            proptest::prop_assert!(read(&text).gives(&typed_figure(&n.to_string()).unwrap()), "{}", text);
        }
    }

    #[test]
    fn typed_dates_read_and_print() {
        assert_eq!(date("2025-04").to_string(), "2025-04");
        assert_eq!(date("2022-02-24").to_string(), "2022-02-24");
        assert!(CalendarDate::parse_typed("2022-13").is_none());
        assert!(CalendarDate::parse_typed("20222").is_none());
    }
}
