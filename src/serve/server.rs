//! The dev server: serves the output directory (on loopback unless bound elsewhere), pushes
//! rebuild and error events to open pages (server-sent events), and refuses anything that could
//! leak files or be reached from another site (path traversal, symlinks out, DNS rebinding,
//! foreign origins).
//!
//! What it answers:
//!
//! - `Host` must be exactly `localhost`, an IPv4 literal or a bracketed IPv6 literal, then
//!   nothing but an optional `:port` of digits (any other form, such as `[::1].evil.example`
//!   or `127.1`, gets a 403). The IP must be a loopback address (127.0.0.0/8, `::1`) or the
//!   one the server is bound to; bound to all addresses (`0.0.0.0`, `::`), any IP literal
//!   passes, as the preview is reachable at every address of the machine. A name that is
//!   not `localhost` is what DNS rebinding needs, so names never pass. The port is checked
//!   for form only, not compared with the listening port: a browser cannot send a `Host`
//!   other than the address it connects to, so the port adds no protection, and behind a
//!   forwarded port (`ssh -L 8080:localhost:1111`, `docker -p 8080:1111`) the browser's
//!   port is not the server's.
//! - The live-reload stream, when the request has an `Origin`, answers only the origin the
//!   page was served from: `http://` and the same host and port as `Host` (an omitted port
//!   is 80). A missing `Origin` (a same-origin `EventSource` in some browsers, curl) passes.
//! - A directory asked for without its trailing slash is redirected to a `Location` made of
//!   the request's non-empty path segments (`//evil.example` → `/evil.example/`), so the
//!   redirect never names another host.
//! - Files are streamed from disk with their `Content-Length`. HTML pages up to
//!   [`INJECT_LIMIT`] are read to put the live-reload script before `</body>`; larger pages
//!   are streamed with the script after the end of the file (browsers run it there too).

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use tokio::io::AsyncReadExt;
use tokio::sync::broadcast;
use tokio_util::io::ReaderStream;

use crate::core::Switches;

const LIVE_JS: &str = include_str!("live.js");

/// HTML pages up to this size are read whole to place the live-reload script before
/// `</body>`; larger ones are streamed with the script after them.
pub const INJECT_LIMIT: u64 = 4 << 20;

/// How much of a file is read from disk at a time when streaming it.
const CHUNK: usize = 64 << 10;

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
    /// The address the server listens on: which IP literals `Host` may name.
    pub bind: IpAddr,
    pub status: RwLock<Status>,
    pub events: broadcast::Sender<Live>,
    /// Print each file request and its status (`--verbose`).
    pub log_requests: bool,
}

impl Shared {
    pub fn new(
        output: PathBuf,
        url_root: String,
        bind: IpAddr,
        switches: Switches,
        log_requests: bool,
    ) -> Arc<Shared> {
        let (events, _) = broadcast::channel(64);
        Arc::new(Shared {
            output,
            url_root,
            bind,
            status: RwLock::new(Status {
                drafts: switches.drafts,
                future: switches.future,
                ..Status::default()
            }),
            events,
            log_requests,
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
        .layer(middleware::from_fn_with_state(shared.clone(), check_host))
        .with_state(shared)
}

/// The host part of a `Host` header or an origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HostName {
    Localhost,
    Ip(IpAddr),
}

/// `localhost`, an IPv4 literal or a bracketed IPv6 literal, then nothing but an optional
/// `:port` of digits; `None` for anything else.
fn parse_authority(value: &str) -> Option<(HostName, Option<u16>)> {
    let (host, rest) = if let Some(inner) = value.strip_prefix('[') {
        let (literal, rest) = inner.split_once(']')?;
        (
            HostName::Ip(IpAddr::V6(literal.parse::<Ipv6Addr>().ok()?)),
            rest,
        )
    } else {
        let (name, rest) = value.find(':').map_or((value, ""), |i| value.split_at(i));
        let host = if name.eq_ignore_ascii_case("localhost") {
            HostName::Localhost
        } else {
            HostName::Ip(IpAddr::V4(name.parse::<Ipv4Addr>().ok()?))
        };
        (host, rest)
    };
    if rest.is_empty() {
        return Some((host, None));
    }
    let digits = rest.strip_prefix(':')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let port = digits.parse::<u16>().ok().filter(|&p| p != 0)?;
    Some((host, Some(port)))
}

/// A `Host` the server answers to (see the module comment), parsed.
fn allowed_host(value: &str, bind: IpAddr) -> Option<(HostName, Option<u16>)> {
    let (host, port) = parse_authority(value)?;
    let ok = match host {
        HostName::Localhost => true,
        HostName::Ip(ip) => {
            let ip = ip.to_canonical();
            ip.is_loopback() || bind.is_unspecified() || ip == bind.to_canonical()
        }
    };
    ok.then_some((host, port))
}

fn request_host(headers: &HeaderMap, bind: IpAddr) -> Option<(HostName, Option<u16>)> {
    let value = headers.get(header::HOST)?.to_str().ok()?;
    allowed_host(value, bind)
}

/// Whether an `Origin` is the origin the request was sent to: `http://` and the same host
/// and port as its `Host`.
fn same_origin(origin: &str, host: (HostName, Option<u16>)) -> bool {
    let Some((name, port)) = origin.strip_prefix("http://").and_then(parse_authority) else {
        return false;
    };
    name == host.0 && port.unwrap_or(80) == host.1.unwrap_or(80)
}

async fn check_host(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    if request_host(req.headers(), shared.bind).is_none() {
        return (
            StatusCode::FORBIDDEN,
            "Gazette's dev server only answers to localhost or its own IP address\n",
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
        let ours = origin.to_str().ok().is_some_and(|origin| {
            request_host(&headers, shared.bind).is_some_and(|host| same_origin(origin, host))
        });
        if !ours {
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

/// Where `/world` (a folder) redirects: its non-empty segments under one leading `/`, and a
/// trailing `/`. Never `//host/…`, which a browser would take for another site.
fn directory_location(raw_path: &str) -> String {
    let mut location = String::from("/");
    for seg in raw_path.split('/').filter(|s| !s.is_empty()) {
        location.push_str(seg);
        location.push('/');
    }
    location
}

async fn file(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let raw = req.uri().path().to_string();
    let res = answer(&shared, &raw).await;
    if shared.log_requests {
        eprintln!("{} {raw} {}", req.method(), res.status().as_u16());
    }
    res
}

/// The response for a request of the site path `raw`.
async fn answer(shared: &Shared, raw: &str) -> Response {
    let raw = raw.to_string();
    let found = resolve(&shared.output, &shared.url_root, &raw);
    // `/world` → `/world/`, so relative links in the page work.
    if let Some(p) = &found
        && p.file_name().is_some_and(|n| n == "index.html")
        && !raw.ends_with('/')
        && !raw.ends_with("index.html")
    {
        let Ok(location) = HeaderValue::from_str(&directory_location(&raw)) else {
            return (StatusCode::NOT_FOUND, "not found\n").into_response();
        };
        return (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
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
    let mime = mime_guess::from_path(&path).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let Some((body, length)) = open_body(&path, is_html, &shared.url_root).await else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let mut res = Response::new(body);
    *res.status_mut() = status;
    let ctype = if is_html || mime.type_() == "text" {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.to_string()
    };
    if let Ok(v) = HeaderValue::from_str(&ctype) {
        res.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    res.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    res
}

/// The body of a file and its length: small HTML pages read and given the live-reload
/// script, everything else streamed from the open file (large pages with the script after
/// them). The length is the file's when it was opened; a file that a rebuild shrinks while it
/// is sent ends the response early, and one it grows is cut at that length.
async fn open_body(path: &Path, is_html: bool, root: &str) -> Option<(Body, u64)> {
    let file = tokio::fs::File::open(path).await.ok()?;
    let len = file.metadata().await.ok()?.len();
    let mut file = file.take(len);
    if !is_html {
        return Some((
            Body::from_stream(ReaderStream::with_capacity(file, CHUNK)),
            len,
        ));
    }
    let tag = format!("<script src=\"{root}__gazette/live.js\" data-root=\"{root}\"></script>");
    if len <= INJECT_LIMIT {
        let mut bytes = Vec::with_capacity(usize::try_from(len).ok()?);
        file.read_to_end(&mut bytes).await.ok()?;
        let page = inject(bytes, tag.as_bytes());
        let length = page.len() as u64;
        return Some((Body::from(page), length));
    }
    let chunks = ReaderStream::with_capacity(file, CHUNK);
    let length = len + tag.len() as u64;
    let after = futures_util::stream::once(async move { Ok(Bytes::from(tag)) });
    let body = Body::from_stream(futures_util::StreamExt::chain(chunks, after));
    Some((body, length))
}

/// Add the live-reload script to an HTML page, before the last `</body>` (in any case) when
/// there is one, else at the end. The page's bytes are kept as they are.
fn inject(mut html: Vec<u8>, tag: &[u8]) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, tag.iter().copied());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
    const LAN: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 168, 1, 5));
    const ANY: IpAddr = IpAddr::V4(Ipv4Addr::UNSPECIFIED);

    #[test]
    fn hosts() {
        for ok in [
            "localhost:1111",
            "localhost",
            "127.0.0.1:1111",
            "127.9.8.7",
            "[::1]:1111",
            "[::1]",
            "[::ffff:127.0.0.1]:1111",
            "LOCALHOST",
        ] {
            for bind in [LOOPBACK, LAN, ANY] {
                assert!(allowed_host(ok, bind).is_some(), "{ok} bound to {bind}");
            }
        }
        // Another address of the machine: only when bound to it, or to all addresses.
        for bind in [LAN, ANY] {
            assert!(allowed_host("192.168.1.5:80", bind).is_some(), "{bind}");
        }
        assert!(allowed_host("192.168.1.5:80", LOOPBACK).is_none());
        assert!(allowed_host("[2001:db8::1]:1111", ANY).is_some());
        assert!(allowed_host("[2001:db8::1]:1111", LAN).is_none());
        for bad in [
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io:1111",
            "[::1].evil.example",
            "[::1]evil:1111",
            "[::1]:1111x",
            "[::1",
            "[127.0.0.1]",
            "[localhost]",
            "127.0.0.1:",
            "127.0.0.1:0",
            "127.0.0.1:+80",
            "127.0.0.1:65536",
            "127.0.0.1:1111:1111",
            "localhost:1111/",
            "127.1",
            "2130706433",
            "0x7f.0.0.1",
            "::1",
            "",
        ] {
            for bind in [LOOPBACK, LAN, ANY] {
                assert!(allowed_host(bad, bind).is_none(), "{bad} bound to {bind}");
            }
        }
    }

    #[test]
    fn origins() {
        let host = |v| allowed_host(v, LOOPBACK).expect("allowed");
        assert!(same_origin("http://127.0.0.1:1111", host("127.0.0.1:1111")));
        assert!(same_origin("http://localhost", host("localhost:80")));
        assert!(same_origin("http://[::1]:1111", host("[::1]:1111")));
        for (origin, to) in [
            ("http://127.0.0.1:9999", "127.0.0.1:1111"),
            ("http://203.0.113.5", "127.0.0.1:1111"),
            ("http://[::1].evil.example", "[::1]:1111"),
            ("http://localhost:1111", "127.0.0.1:1111"),
            ("https://127.0.0.1:1111", "127.0.0.1:1111"),
            ("http://127.0.0.1:1111/", "127.0.0.1:1111"),
            ("http://127.0.0.1", "127.0.0.1:1111"),
            ("null", "127.0.0.1:1111"),
        ] {
            assert!(!same_origin(origin, host(to)), "{origin} to {to}");
        }
    }

    #[test]
    fn redirects_stay_on_the_site() {
        for (path, location) in [
            ("/world", "/world/"),
            ("//evil.example", "/evil.example/"),
            ("///evil.example//x", "/evil.example/x/"),
            ("/news/2021", "/news/2021/"),
        ] {
            assert_eq!(directory_location(path), location, "{path}");
        }
    }

    #[test]
    fn injection() {
        let tag = b"<script></script>";
        assert_eq!(
            inject(b"<p>a</p></BODY></html>".to_vec(), tag),
            b"<p>a</p><script></script></BODY></html>"
        );
        assert_eq!(inject(b"<p>a".to_vec(), tag), b"<p>a<script></script>");
        // Bytes that are not UTF-8 stay as they were.
        assert_eq!(
            inject(b"\xff</body>".to_vec(), tag),
            b"\xff<script></script></body>"
        );
    }
}
