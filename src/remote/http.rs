//! HTTP for the endpoint client: one blocking client with timeouts, authentication from
//! credentials the user keeps out of the command line, retries with exponential backoff on
//! connection errors, 429 and 5xx answers, and the endpoint's own message on any other error.

use super::error::RemoteError;
use super::Auth;
use crate::store::error_chain;
use reqwest::blocking::{Client, RequestBuilder};
use reqwest::header::{ACCEPT, CONTENT_TYPE, RETRY_AFTER};
use reqwest::Method;
use std::time::Duration;

/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// How much of an error body is shown.
const MESSAGE_LIMIT: usize = 1000;

/// What a request sends.
pub(crate) enum Body {
    /// Nothing.
    Empty,
    /// An HTML form (`application/x-www-form-urlencoded`), as SPARQL queries and updates are sent.
    Form(Vec<(&'static str, String)>),
    /// Bytes of a media type (RDF for the Graph Store Protocol).
    Bytes {
        /// The media type.
        content_type: &'static str,
        /// The content.
        bytes: Vec<u8>,
    },
}

/// A successful answer, read whole.
pub(crate) struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The media type, without parameters, in lower case.
    pub content_type: String,
    /// Response headers that matter to result checks (lower-case names).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Answer {
    /// The value of a response header, if the endpoint sent it.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// The client and its policy.
pub(crate) struct Http {
    client: Client,
    auth: Auth,
    retries: u32,
    timeout: Duration,
    backoff: Duration,
}

impl Http {
    pub(crate) fn new(auth: Auth, timeout: Duration, retries: u32, backoff: Duration) -> Result<Self, RemoteError> {
        let client = Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("actorgraph/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| RemoteError::Config(format!("cannot set up the HTTP client: {e}")))?;
        Ok(Http { client, auth, retries, timeout, backoff })
    }

    fn request(&self, method: &Method, url: &str, accept: Option<&str>, body: &Body) -> RequestBuilder {
        let mut request = self.client.request(method.clone(), url);
        if let Some(accept) = accept {
            request = request.header(ACCEPT, accept);
        }
        request = match &self.auth {
            Auth::None => request,
            Auth::Basic { user, password } => request.basic_auth(user, Some(password)),
            Auth::Bearer(token) => request.bearer_auth(token),
        };
        match body {
            Body::Empty => request,
            Body::Form(fields) => request.form(fields),
            Body::Bytes { content_type, bytes } => request.header(CONTENT_TYPE, *content_type).body(bytes.clone()),
        }
    }

    /// Sends a request, retrying what may pass (connection errors, 429, 5xx) with exponential
    /// backoff, and reads the answer whole. `what` says what the request is for, in messages.
    pub(crate) fn send(
        &self,
        method: Method,
        url: &str,
        what: &str,
        accept: Option<&str>,
        body: &Body,
    ) -> Result<Answer, RemoteError> {
        let request_name = format!("{method} {url} ({what})");
        let mut delay = self.backoff;
        let attempts = self.retries + 1;
        for attempt in 1..=attempts {
            let last = attempt == attempts;
            let response = match self.request(&method, url, accept, body).send() {
                Ok(response) => response,
                Err(error) if error.is_timeout() => return Err(self.timeout_error(request_name)),
                Err(_) if !last => {
                    std::thread::sleep(delay);
                    delay = (delay * 2).min(MAX_BACKOFF);
                    continue;
                }
                Err(error) => {
                    return Err(RemoteError::Connect { request: request_name, attempts, message: error_chain(&error) })
                }
            };
            let status = response.status();
            if (status.is_server_error() || status.as_u16() == 429) && !last {
                let wait = response
                    .headers()
                    .get(RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map_or(delay, Duration::from_secs)
                    .min(MAX_BACKOFF);
                std::thread::sleep(wait);
                delay = (delay * 2).min(MAX_BACKOFF);
                continue;
            }
            let content_type = response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
                .unwrap_or_default();
            let headers: Vec<(String, String)> = response
                .headers()
                .iter()
                .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
                .collect();
            let body = match response.bytes() {
                Ok(bytes) => bytes.to_vec(),
                Err(error) if error.is_timeout() => return Err(self.timeout_error(request_name)),
                Err(error) => {
                    return Err(RemoteError::Answer {
                        request: request_name,
                        message: format!("the answer broke off: {}", error_chain(&error)),
                    })
                }
            };
            if !status.is_success() {
                return Err(RemoteError::Status {
                    request: request_name,
                    status: status.as_u16(),
                    message: message_of(&content_type, &body),
                });
            }
            return Ok(Answer { status: status.as_u16(), content_type, headers, body });
        }
        unreachable!("the last attempt returns")
    }

    fn timeout_error(&self, request: String) -> RemoteError {
        RemoteError::Timeout { request, seconds: self.timeout.as_secs().max(1) }
    }
}

/// The endpoint's own explanation from an error body: its text, HTML tags taken out, blank
/// runs collapsed, cut at a readable length.
pub(crate) fn message_of(content_type: &str, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = if content_type.contains("html") { strip_tags(&text) } else { text.into_owned() };
    let mut message = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if message.len() > MESSAGE_LIMIT {
        let mut cut = MESSAGE_LIMIT;
        while !message.is_char_boundary(cut) {
            cut -= 1;
        }
        message.truncate(cut);
        message.push_str(" …");
    }
    message
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_read_as_one_line_of_text() {
        assert_eq!(
            message_of("text/html", b"<html><title>400</title><p>Bad &lt;query&gt;\n\n here</p></html>"),
            "400 Bad <query> here"
        );
        let long = "x".repeat(5000);
        assert!(message_of("text/plain", long.as_bytes()).ends_with(" …"));
    }
}
