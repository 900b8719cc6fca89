//! HTTP errors: a status and a message that names what was wrong with the request, as plain
//! text (the SPARQL protocol, the Graph Store Protocol) or as JSON (`/api/...`).

use actorgraph::graph::resolve::{Candidate, ResolveError};
use actorgraph::ops::OpsError;
use actorgraph::store::error_chain;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::time::Duration;

/// An error answer.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub message: String,
    /// Nodes to offer when a name was ambiguous or unknown.
    pub candidates: Vec<Candidate>,
    /// Answer as JSON (`{"error": ...}`) rather than plain text.
    pub json: bool,
    /// `WWW-Authenticate` for 401s.
    challenge: bool,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError { status, message: message.into(), candidates: Vec::new(), json: false, challenge: false }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    pub(crate) fn unsupported_media_type(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, message)
    }

    pub(crate) fn not_acceptable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_ACCEPTABLE, message)
    }

    pub(crate) fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    pub(crate) fn internal(error: impl std::fmt::Display) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, error.to_string())
    }

    pub(crate) fn unauthorized(message: impl Into<String>) -> Self {
        ApiError { challenge: true, ..Self::new(StatusCode::UNAUTHORIZED, message) }
    }

    pub(crate) fn read_only() -> Self {
        Self::forbidden(
            "this server is read-only; start it with `actorgraph serve --writable` (and a token) to accept writes",
        )
    }

    pub(crate) fn timeout(limit: Duration) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "stopped after {} s (the server's --query-timeout); narrow the query or ask the operator to raise \
                 the limit",
                limit.as_secs_f64()
            ),
        )
    }

    pub(crate) fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the result is larger than {} MiB (the server's --max-result-mib); add a LIMIT or narrow the query",
                limit / (1024 * 1024)
            ),
        )
    }

    pub(crate) fn busy() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is busy finishing queries stopped at their time limit; try again in a moment",
        )
    }

    pub(crate) fn shutting_down() -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "the server is shutting down")
    }

    /// The same error, answered as JSON.
    pub(crate) fn into_json(mut self) -> Self {
        self.json = true;
        self
    }
}

/// What went wrong in an operation, as the status that says whose fault it is.
impl From<OpsError> for ApiError {
    fn from(error: OpsError) -> Self {
        let message = error_chain(&error);
        match error {
            OpsError::Resolve(ResolveError::Ambiguous { candidates, .. }) => {
                ApiError { candidates, ..Self::bad_request(message) }
            }
            OpsError::Resolve(ResolveError::Unknown { suggestions, .. }) => {
                ApiError { candidates: suggestions, ..Self::not_found(message) }
            }
            OpsError::Resolve(_) => Self::not_found(message),
            OpsError::UnknownQuery { .. } => Self::not_found(message),
            OpsError::Evaluation { source, .. } => evaluation_error(source, message),
            OpsError::Projection(_) | OpsError::ReadQuery { .. } => Self::internal(message),
            _ => Self::bad_request(message),
        }
    }
}

fn evaluation_error(source: actorgraph::store::QueryError, message: String) -> ApiError {
    use actorgraph::store::QueryError;
    match source {
        QueryError::Evaluation(error) => query_failure(&error, message),
        QueryError::Syntax(_) => ApiError::bad_request(message),
        QueryError::Storage(_) => ApiError::internal(message),
        // The server reads its own store; an engine behind it would be a gateway.
        QueryError::Remote(_) => ApiError::new(StatusCode::BAD_GATEWAY, message),
    }
}

/// A query that failed while running: the user's doing (a SERVICE call, an unknown function),
/// cancelled, or the server's fault.
pub(crate) fn query_failure(error: &oxigraph::sparql::QueryEvaluationError, message: String) -> ApiError {
    use oxigraph::sparql::QueryEvaluationError;
    match error {
        QueryEvaluationError::Cancelled => {
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, format!("{message}: cancelled"))
        }
        QueryEvaluationError::Service(_)
        | QueryEvaluationError::UnsupportedService(_)
        | QueryEvaluationError::UnsupportedCustomFunction(_)
        | QueryEvaluationError::UnsupportedCustomFunctionArity { .. }
        | QueryEvaluationError::UnboundService
        | QueryEvaluationError::InvalidServiceName(_) => ApiError::bad_request(message),
        _ => ApiError::internal(message),
    }
}

#[derive(Serialize)]
struct JsonError<'a> {
    error: &'a str,
    status: u16,
    #[serde(skip_serializing_if = "<[Candidate]>::is_empty")]
    candidates: &'a [Candidate],
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = if self.json {
            let body = JsonError { error: &self.message, status: self.status.as_u16(), candidates: &self.candidates };
            let text = serde_json::to_string(&body).unwrap_or_else(|_| "{}".into());
            (self.status, [(header::CONTENT_TYPE, "application/json")], text).into_response()
        } else {
            let mut text = self.message;
            text.push('\n');
            (self.status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
        };
        if self.challenge {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"actorgraph\""));
        }
        response
    }
}
