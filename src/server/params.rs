//! Request parameters from the URL's query string and from form bodies, decoded once, kept in
//! order with their repeats, so that a parameter allowed once can be refused when given twice.

use super::error::ApiError;

/// A request's parameters, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    /// The parameters of a query string (`a=1&b=2`), `+` read as a space.
    pub(crate) fn from_query(query: Option<&str>) -> Self {
        Params(form_urlencoded::parse(query.unwrap_or("").as_bytes()).into_owned().collect())
    }

    /// The parameters of an `application/x-www-form-urlencoded` body.
    pub(crate) fn from_form(body: &[u8]) -> Result<Self, ApiError> {
        std::str::from_utf8(body).map_err(|_| ApiError::bad_request("the form body is not valid UTF-8"))?;
        Ok(Params(form_urlencoded::parse(body).into_owned().collect()))
    }

    /// Adds the parameters of `other` after these.
    pub(crate) fn extend(&mut self, other: Params) {
        self.0.extend(other.0);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n == name)
    }

    /// Every value given for `name`.
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }

    /// The value of a parameter that may be given at most once.
    pub(crate) fn once(&self, name: &str) -> Result<Option<&str>, ApiError> {
        match self.all(name).as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one)),
            many => {
                Err(ApiError::bad_request(format!("parameter '{name}' is given {} times; give it once", many.len())))
            }
        }
    }

    /// Every value of `name`, split at commas too (`via=supply,sanction&via=influence`).
    pub(crate) fn list(&self, name: &str) -> Vec<String> {
        self.all(name)
            .iter()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// A number given at most once, `default` when absent, within `1..=max`.
    pub(crate) fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.once(name)? {
            None | Some("") => Ok(default),
            Some(text) => match text.trim().parse::<usize>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(ApiError::bad_request(format!("{name}={text}: give a whole number from 1 to {max}"))),
            },
        }
    }

    /// A yes/no flag: present and not `false`/`0`/`no`.
    pub(crate) fn flag(&self, name: &str) -> Result<bool, ApiError> {
        Ok(match self.once(name)? {
            None => false,
            Some(value) => !matches!(value.trim().to_ascii_lowercase().as_str(), "false" | "0" | "no" | "off"),
        })
    }

    /// Every (name, value) pair.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_and_encodings_are_kept_apart() {
        let params = Params::from_query(Some("query=ASK%20%7B%7D&query=SELECT+*&graph=http%3A%2F%2Fe%2F%2531"));
        assert!(params.once("query").is_err());
        assert_eq!(params.all("query"), ["ASK {}", "SELECT *"]);
        assert_eq!(params.once("graph").unwrap(), Some("http://e/%31"));
        assert_eq!(params.once("missing").unwrap(), None);
    }
}
