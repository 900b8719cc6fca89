//! Errors talking to a remote SPARQL endpoint: each names the HTTP request that failed.

/// Why a request to an endpoint failed.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    /// The endpoint's address or a setting is not usable.
    #[error("{0}")]
    Config(String),
    /// No connection could be made, even after retries.
    #[error("{request}: cannot connect after {attempts} attempts: {message}")]
    Connect {
        /// The request: method, URL and what it was for.
        request: String,
        /// How many times it was tried.
        attempts: u32,
        /// The last error.
        message: String,
    },
    /// The endpoint did not answer in time.
    #[error("{request}: no answer within {seconds} s (--timeout SECONDS waits longer)")]
    Timeout {
        /// The request: method, URL and what it was for.
        request: String,
        /// The timeout, in seconds.
        seconds: u64,
    },
    /// The endpoint answered with an error status; `message` is its own explanation.
    #[error("{request}: HTTP {status}{}", if message.is_empty() { String::new() } else { format!(": {message}") })]
    Status {
        /// The request: method, URL and what it was for.
        request: String,
        /// The HTTP status code.
        status: u16,
        /// The endpoint's own message (its response body, as text).
        message: String,
    },
    /// The endpoint answered, but not with what was asked for.
    #[error("{request}: {message}")]
    Answer {
        /// The request: method, URL and what it was for.
        request: String,
        /// What is wrong with the answer.
        message: String,
    },
}

impl From<RemoteError> for crate::store::QueryError {
    fn from(error: RemoteError) -> Self {
        crate::store::QueryError::Remote(Box::new(error))
    }
}
