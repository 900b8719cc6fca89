//! Calendar arithmetic: dates as the data gives them (a year, a month or a day) turned into day
//! ranges, so that a fact's period can be tested against `--as-of`, and timestamps written as
//! `xsd:dateTime`.

use serde::{Deserialize, Serialize};

/// An inclusive range of days (days since 1970-01-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRange {
    /// First day of the range.
    pub first: i64,
    /// Last day of the range (equal to `first` for a single day).
    pub last: i64,
}

/// A date that is not written YYYY, YYYY-MM or YYYY-MM-DD; holds the text given.
#[derive(Debug, thiserror::Error)]
#[error("'{0}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")]
pub struct DateError(pub String);

/// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (an xsd:gYear, xsd:gYearMonth or xsd:date lexical
/// form, time zone ignored) as the range of days it covers.
pub fn parse_day_range(text: &str) -> Result<DayRange, DateError> {
    let error = || DateError(text.to_owned());
    let core = text.trim().trim_end_matches('Z');
    let core = core.split(['+']).next().unwrap_or(core);
    let parts: Vec<&str> = core.split('-').collect();
    let number = |s: &str, digits: usize| -> Result<i64, DateError> {
        if s.len() == digits && s.chars().all(|c| c.is_ascii_digit()) {
            s.parse().map_err(|_| error())
        } else {
            Err(error())
        }
    };
    match parts.as_slice() {
        [year] => {
            let year = number(year, 4)?;
            Ok(DayRange { first: days_from_civil(year, 1, 1), last: days_from_civil(year, 12, 31) })
        }
        [year, month] => {
            let (year, month) = (number(year, 4)?, number(month, 2)?);
            if !(1..=12).contains(&month) {
                return Err(error());
            }
            let first = days_from_civil(year, month, 1);
            let next = if month == 12 { days_from_civil(year + 1, 1, 1) } else { days_from_civil(year, month + 1, 1) };
            Ok(DayRange { first, last: next - 1 })
        }
        [year, month, day] => {
            let (year, month, day) = (number(year, 4)?, number(month, 2)?, number(day, 2)?);
            if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
                return Err(error());
            }
            let day = days_from_civil(year, month, day);
            Ok(DayRange { first: day, last: day })
        }
        _ => Err(error()),
    }
}

/// The period a fact holds: from its date or start date to its date or end date. A start
/// without an end is open-ended; a lone date covers just that day, month or year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    /// First day the fact holds, in days since 1970-01-01 (None: since always).
    pub from: Option<i64>,
    /// Last day the fact holds, in days since 1970-01-01 (None: still holds).
    pub until: Option<i64>,
}

impl Validity {
    /// The period from a fact's date, start date and end date as written in the data; a date that does not parse counts as absent.
    pub fn from_dates(date: Option<&str>, start: Option<&str>, end: Option<&str>) -> Self {
        let range = |s: Option<&str>| s.and_then(|s| parse_day_range(s).ok());
        let (date, start, end) = (range(date), range(start), range(end));
        match (date, start, end) {
            (Some(d), None, None) => Validity { from: Some(d.first), until: Some(d.last) },
            (_, start, end) => Validity {
                from: start.or(date).map(|r| r.first),
                until: end.map(|r| r.last).or_else(|| if start.is_none() { date.map(|d| d.last) } else { None }),
            },
        }
    }

    /// Whether the fact holds at some point of `day` (facts without dates always do).
    pub fn holds_during(&self, day: DayRange) -> bool {
        self.from.is_none_or(|from| from <= day.last) && self.until.is_none_or(|until| until >= day.first)
    }

    /// Whether the fact has a start or an end.
    pub fn is_dated(&self) -> bool {
        self.from.is_some() || self.until.is_some()
    }
}

/// How many days a month has (February by the leap-year rule).
pub fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Formats seconds since the epoch as an `xsd:dateTime` in UTC.
pub fn format_timestamp(seconds: u64) -> String {
    let days = seconds / 86_400;
    let rest = seconds % 86_400;
    let (year, month, day) = civil_from_days(days as i64);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, (rest % 3600) / 60, rest % 60)
}

/// The current time as an `xsd:dateTime` in UTC.
pub fn now_timestamp() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    format_timestamp(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_iso_utc() {
        assert_eq!(format_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_timestamp(1_700_000_000), "2023-11-14T22:13:20Z");
        for days in [-1000, 0, 59, 60, 365, 11_016, 20_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, i64::from(m), i64::from(d)), days);
        }
    }

    #[test]
    fn ranges_cover_the_whole_period() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        let year = parse_day_range("2023").unwrap();
        assert_eq!(year.last - year.first, 364);
        let february = parse_day_range("2024-02").unwrap();
        assert_eq!(february.last - february.first, 28);
        assert!(parse_day_range("2024-13").is_err());
        assert!(parse_day_range("2023-02-29").is_err());
        assert!(parse_day_range("2024-02-29").is_ok());
        assert!(parse_day_range("2023-04-31").is_err());
        assert!(parse_day_range("yesterday").is_err());
    }

    #[test]
    fn validity_of_points_and_periods() {
        let point = Validity::from_dates(Some("2023"), None, None);
        assert!(point.holds_during(parse_day_range("2023-06-01").unwrap()));
        assert!(!point.holds_during(parse_day_range("2024").unwrap()));
        let open = Validity::from_dates(None, Some("2022-02-24"), None);
        assert!(open.holds_during(parse_day_range("2030").unwrap()));
        assert!(!open.holds_during(parse_day_range("2021").unwrap()));
        let period = Validity::from_dates(None, Some("2023"), Some("2025"));
        assert!(period.holds_during(parse_day_range("2025-12").unwrap()));
        assert!(!period.holds_during(parse_day_range("2026-01").unwrap()));
        assert!(Validity::default().holds_during(parse_day_range("1990").unwrap()));
    }
}

/// Dates people type: any text gives a range or an error; every real calendar day parses to
/// itself, and no impossible day does.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_gives_a_range_or_an_error(text in any::<String>()) {
            if let Ok(range) = parse_day_range(&text) {
                prop_assert!(range.first <= range.last);
            }
        }

        #[test]
        fn real_days_parse_to_themselves(year in 1i64..=9999, month in 1i64..=12, day in 1i64..=31) {
            let text = format!("{year:04}-{month:02}-{day:02}");
            let parsed = parse_day_range(&text);
            if day <= days_in_month(year, month) {
                let days = days_from_civil(year, month, day);
                prop_assert_eq!(parsed.unwrap(), DayRange { first: days, last: days });
                prop_assert_eq!(civil_from_days(days), (year, month as u32, day as u32));
            } else {
                prop_assert!(parsed.is_err());
            }
        }
    }
}
