//! The dev server: serves the output directory on loopback, pushes rebuild and error events
//! to open pages (server-sent events), and refuses anything that could leak files or be
//! reached from another site (path traversal, symlinks out, DNS rebinding, foreign origins).

use std::convert::Infallible;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use tokio::sync::broadcast;

const LIVE_JS: &str = include_str!("live.js");

/// What the server knows about the builds, shared with the rebuild loop.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Status {
    /// Increases with every rebuild, good or bad.
    pub generation: u64,
    /// The error of the last build, if it failed.
    pub error: Option<String>,
    /// URLs changed by the last successful build.
    pub changed: Vec<String>,
    /// Increases each time the search index has been brought up to date after a rebuild.
    pub search_generation: u64,
    pub drafts: bool,
    pub future: bool,
}

#[derive(Clone)]
pub enum Live {
    Rebuilt(Vec<String>),
    Failed(String),
}

/// What the rebuild loop reports to the server.
pub enum Update {
    /// A rebuild finished; these URLs changed.
    Pages(Vec<String>),
    /// The search index caught up with the last rebuild; these files changed.
    Search(Vec<String>),
    /// A rebuild failed with this message.
    Failed(String),
}

pub struct Shared {
    pub output: PathBuf,
    pub url_root: String,
    pub status: RwLock<Status>,
    pub events: broadcast::Sender<Live>,
}

impl Shared {
    pub fn new(output: PathBuf, url_root: String, drafts: bool, future: bool) -> Arc<Shared> {
        let (events, _) = broadcast::channel(64);
        Arc::new(Shared {
            output,
            url_root,
            status: RwLock::new(Status {
                drafts,
                future,
                ..Status::default()
            }),
            events,
        })
    }

    /// Record a finished rebuild and tell open pages. Called only after the files are written.
    pub fn publish(&self, update: Update) {
        if let Ok(mut s) = self.status.write() {
            match &update {
                Update::Pages(changed) => {
                    s.generation += 1;
                    s.error = None;
                    s.changed = changed.clone();
                }
                Update::Search(_) => s.search_generation += 1,
                Update::Failed(e) => {
                    s.generation += 1;
                    s.error = Some(e.clone());
                }
            }
        }
        let _ = self.events.send(match update {
            Update::Pages(changed) | Update::Search(changed) => Live::Rebuilt(changed),
            Update::Failed(e) => Live::Failed(e),
        });
    }
}

pub fn router(shared: Arc<Shared>) -> Router {
    let root = shared.url_root.clone();
    Router::new()
        .route(&format!("{root}__gazette/live.js"), get(live_js))
        .route(&format!("{root}__gazette/events"), get(events))
        .route(&format!("{root}__gazette/status"), get(status))
        .fallback(get(file))
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(middleware::from_fn(check_host))
        .with_state(shared)
}

/// DNS rebinding needs a domain name in `Host`: only `localhost` and IP addresses pass.
fn allowed_host(value: &str) -> bool {
    let host = if let Some(rest) = value.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        value.rsplit_once(':').map_or(value, |(h, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                h
            } else {
                value
            }
        })
    };
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok()
}

async fn check_host(req: Request, next: Next) -> Response {
    let ok = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(allowed_host);
    if !ok {
        return (
            StatusCode::FORBIDDEN,
            "Gazette's dev server only answers to localhost or an IP address\n",
        )
            .into_response();
    }
    next.run(req).await
}

async fn live_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_JS,
    )
        .into_response()
}

async fn status(State(shared): State<Arc<Shared>>) -> Response {
    let s = shared.status.read().map(|s| s.clone()).unwrap_or_default();
    axum::Json(s).into_response()
}

async fn events(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    // Pages of this server send their own origin; anything else is another site.
    if let Some(origin) = headers.get(header::ORIGIN) {
        let host = origin
            .to_str()
            .unwrap_or_default()
            .split_once("://")
            .map(|(_, h)| h)
            .unwrap_or_default();
        if !allowed_host(host) {
            return (StatusCode::FORBIDDEN, "foreign origin\n").into_response();
        }
    }
    let rx = shared.events.subscribe();
    let current = shared.status.read().ok().and_then(|s| s.error.clone());
    let first = current.map(|e| Ok::<_, Infallible>(to_event(Live::Failed(e))));
    let updates = futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(live) => return Some((Ok::<_, Infallible>(to_event(live)), rx)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let stream = futures_util::StreamExt::chain(futures_util::stream::iter(first), updates);
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

fn to_event(live: Live) -> Event {
    match live {
        Live::Rebuilt(changed) => Event::default()
            .event("rebuilt")
            .data(serde_json::json!({ "changed": changed }).to_string()),
        Live::Failed(message) => Event::default()
            .event("error-report")
            .data(serde_json::json!({ "message": message }).to_string()),
    }
}

/// The file for a request path, or `None` (→ 404) for anything that is not a plain file
/// inside the output directory.
pub fn resolve(output: &Path, url_root: &str, raw_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(raw_path)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let rel = decoded
        .strip_prefix(url_root)
        .or_else(|| decoded.strip_prefix('/'))?;
    let mut path = output.to_path_buf();
    for seg in rel.split('/') {
        match seg {
            "" => {}
            "." | ".." => return None,
            s => path.push(s),
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    // Symlinks must not lead out of the output directory.
    let real = path.canonicalize().ok()?;
    let base = output.canonicalize().ok()?;
    (real.starts_with(&base) && real.is_file()).then_some(real)
}

async fn file(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let raw = req.uri().path().to_string();
    let found = resolve(&shared.output, &shared.url_root, &raw);
    // `/world` → `/world/`, so relative links in the page work.
    if let Some(p) = &found
        && p.file_name().is_some_and(|n| n == "index.html")
        && !raw.ends_with('/')
        && !raw.ends_with("index.html")
    {
        return (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, format!("{raw}/"))],
        )
            .into_response();
    }
    let (status, path) = match found {
        Some(p) => (StatusCode::OK, Some(p)),
        None => (
            StatusCode::NOT_FOUND,
            resolve(
                &shared.output,
                &shared.url_root,
                &format!("{}404.html", shared.url_root),
            ),
        ),
    };
    let Some(path) = path else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let Ok(bytes) = tokio::fs::read(&path).await else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let mime = mime_guess::from_path(&path).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let body = if is_html {
        inject(bytes, &shared.url_root)
    } else {
        bytes
    };
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    let ctype = if is_html || mime.type_() == "text" {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.to_string()
    };
    if let Ok(v) = HeaderValue::from_str(&ctype) {
        res.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    res
}

/// Add the live-reload script to an HTML page, before `</body>` when there is one.
fn inject(html: Vec<u8>, root: &str) -> Vec<u8> {
    let tag = format!("<script src=\"{root}__gazette/live.js\" data-root=\"{root}\"></script>");
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        for ok in [
            "localhost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "LOCALHOST",
            "192.168.1.5:80",
        ] {
            assert!(allowed_host(ok), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io:1111",
            "",
        ] {
            assert!(!allowed_host(bad), "{bad}");
        }
    }
}
