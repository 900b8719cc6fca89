//! The workbench: its page and assets, compiled into the binary from `web/` (vendored libraries
//! with their licences included), so the server needs no network and no files at run time.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// Every file of `web/`, by its path there.
const ASSETS: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/web_assets.rs"));

fn asset(path: &str) -> Option<&'static [u8]> {
    ASSETS.iter().find(|(p, _)| *p == path).map(|(_, bytes)| *bytes)
}

fn media_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        _ => "text/plain; charset=utf-8",
    }
}

/// The workbench page, for each of its views (`/`, `/query`, `/path`, `/entity`): the view
/// and its state are in the URL, which the page reads.
pub(crate) async fn page() -> Response {
    match asset("index.html") {
        Some(bytes) => {
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], bytes)
                .into_response()
        }
        None => (StatusCode::NOT_FOUND, "the workbench was not compiled in").into_response(),
    }
}

/// `/assets/PATH`: a file of `web/`.
pub(crate) async fn file(Path(path): Path<String>) -> Response {
    match asset(&path) {
        Some(bytes) => {
            ([(header::CONTENT_TYPE, media_type(&path)), (header::CACHE_CONTROL, "no-cache")], bytes).into_response()
        }
        None => {
            (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], format!("no asset {path}\n"))
                .into_response()
        }
    }
}
