//! Countries as lists write them (ISO 3166-1 codes, ISO English names, common short names), as
//! the lower-case alpha-2 code FollowTheMoney data uses.

/// Country names and codes lists use that ISO 3166-1 spells otherwise, as alpha-2 codes.
/// Kosovo has no ISO code; FtM data and sanctions lists write it `xk`.
const COUNTRY_ALIASES: &[(&str, &str)] = &[
    ("xk", "xk"),
    ("xkx", "xk"),
    ("kosovo", "xk"),
    ("uk", "gb"),
    ("britain", "gb"),
    ("great britain", "gb"),
    ("england", "gb"),
    ("uae", "ae"),
    ("usa", "us"),
    ("us", "us"),
    ("america", "us"),
    ("united states", "us"),
    ("vietnam", "vn"),
    ("south korea", "kr"),
    ("republic of korea", "kr"),
    ("north korea", "kp"),
    ("dprk", "kp"),
    ("czech republic", "cz"),
    ("czechia", "cz"),
    ("laos", "la"),
    ("ivory coast", "ci"),
    ("cote d'ivoire", "ci"),
    ("russia", "ru"),
    ("iran", "ir"),
    ("syria", "sy"),
    ("turkey", "tr"),
    ("turkiye", "tr"),
    ("türkiye", "tr"),
    ("taiwan", "tw"),
    ("moldova", "md"),
    ("bolivia", "bo"),
    ("venezuela", "ve"),
    ("tanzania", "tz"),
    ("palestine", "ps"),
    ("macedonia", "mk"),
    ("north macedonia", "mk"),
    ("burma", "mm"),
    ("myanmar", "mm"),
    ("holland", "nl"),
    ("the netherlands", "nl"),
    ("congo-kinshasa", "cd"),
    ("drc", "cd"),
    ("congo-brazzaville", "cg"),
];

/// A country as a list may give it (an ISO 3166-1 alpha-2 or alpha-3 code, its ISO English name,
/// or the start of one that no other name shares) as the lower-case alpha-2 code FtM data uses.
pub fn country_code(text: &str) -> Result<String, String> {
    use isocountry::CountryCode;
    let given = text.trim();
    let lower = given.to_lowercase().replace('.', "");
    if let Some((_, code)) = COUNTRY_ALIASES.iter().find(|(alias, _)| *alias == lower) {
        return Ok((*code).to_owned());
    }
    let found = match given.len() {
        2 => CountryCode::for_alpha2_caseless(given).ok(),
        3 => CountryCode::for_alpha3_caseless(given).ok(),
        _ => None,
    };
    let found = found.or_else(|| CountryCode::iter().find(|c| c.name().to_lowercase() == lower).copied());
    let found = found.or_else(|| {
        let starting: Vec<&CountryCode> =
            CountryCode::iter().filter(|c| lower.len() >= 4 && c.name().to_lowercase().starts_with(&lower)).collect();
        (starting.len() == 1).then(|| *starting[0])
    });
    if let Some(code) = found {
        return Ok(code.alpha2().to_lowercase());
    }
    let close: Vec<String> = CountryCode::iter()
        .filter(|c| lower.len() >= 3 && c.name().to_lowercase().contains(&lower))
        .take(4)
        .map(|c| format!("{} ({})", c.name(), c.alpha2().to_lowercase()))
        .collect();
    let hint = if close.is_empty() { String::new() } else { format!("; did you mean {}?", close.join(", ")) };
    Err(format!(
        "country '{given}' is not an ISO 3166-1 code or country name (write ru, rus or Russian Federation){hint}"
    ))
}

#[cfg(test)]
mod tests {
    use super::country_code;

    #[test]
    fn codes_names_and_common_short_names_read_as_alpha_2() {
        for (given, code) in [
            ("ru", "ru"),
            ("RUS", "ru"),
            ("Russian Federation", "ru"),
            ("Russia", "ru"),
            ("UK", "gb"),
            ("U.K.", "gb"),
            ("United States", "us"),
            ("USA", "us"),
            ("Vietnam", "vn"),
            ("South Korea", "kr"),
            ("Kosovo", "xk"),
            ("Iran", "ir"),
        ] {
            assert_eq!(country_code(given).as_deref(), Ok(code), "{given}");
        }
    }

    #[test]
    fn anything_else_is_refused_with_the_names_it_may_mean() {
        assert!(country_code("xx").unwrap_err().contains("'xx' is not an ISO 3166-1 code"));
        let error = country_code("Guinea-ish").unwrap_err();
        assert!(error.contains("'Guinea-ish'"), "{error}");
        let error = country_code("Virgin Islands").unwrap_err();
        assert!(error.contains("did you mean"), "{error}");
    }
}
