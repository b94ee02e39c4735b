//! The dev server's defences, over real HTTP against `gazette serve`: the live-reload stream
//! answers only the origin it is reached at, `Host` is parsed strictly, a directory redirect
//! never leads off the site, and large files are streamed from disk rather than held in memory
//! (#19, case 12).

use std::io::Read;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::common::server::Server;
use super::common::{Site, article};

/// A small site with a story whose alias makes a folder `evil.example` in the output.
fn site() -> Site {
    Site::new(&[
        (
            "content/world/2021-09-25-vote.md",
            &article(
                "Assembly votes",
                "aliases = [\"/evil.example/\"]",
                "First paragraph.",
            ),
        ),
        (
            "content/city/2021-09-20-tram.md",
            &article("Tram opens", "", "Trams."),
        ),
    ])
}

/// Send a raw GET and read only the status line and headers (the event stream never ends).
fn head(server: &Server, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let mut s = server.send(path, headers);
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut raw = Vec::new();
    let mut buf = [0u8; 1024];
    while !raw.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&raw).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text.to_lowercase())
}

/// Read a whole response from `s`: status, lowercased headers, body bytes.
fn read_reply(mut s: TcpStream) -> (u16, String, Vec<u8>) {
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head, raw[split + 4..].to_vec())
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .map(str::trim)
}

#[test]
fn the_event_stream_answers_only_the_origin_it_is_reached_at() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    let port = server.port;
    let events = "/__gazette/events";

    // The page's own origin, as each of the names it can be reached at; and no Origin at all
    // (same-origin EventSource in some browsers, curl).
    let own = format!("http://{}:{port}", server.host);
    assert_eq!(head(&server, events, &[("Origin", &own)]).0, 200, "{own}");
    assert_eq!(head(&server, events, &[]).0, 200, "no Origin");
    for host in [format!("localhost:{port}"), format!("[::1]:{port}")] {
        let origin = format!("http://{host}");
        let (status, _) = head(&server, events, &[("Host", &host), ("Origin", &origin)]);
        assert_eq!(status, 200, "{origin}");
    }

    // Anything else is another site, IP addresses included.
    for origin in [
        "http://203.0.113.5".to_string(),
        format!("http://203.0.113.5:{port}"),
        "http://127.0.0.1:9999".to_string(),
        format!("http://127.0.0.2:{port}"),
        format!("http://localhost:{port}"),
        "http://[::1].evil.example".to_string(),
        format!("http://[::1]:{port}"),
        format!("http://127.0.0.1:{port}.evil.example"),
        format!("https://{}:{port}", server.host),
        format!("http://{}:{port}/", server.host),
        "http://evil.example".to_string(),
        "null".to_string(),
        String::new(),
    ] {
        let (status, _) = head(&server, events, &[("Origin", &origin)]);
        assert_eq!(status, 403, "Origin {origin:?} with Host 127.0.0.1:{port}");
    }
}

#[test]
fn host_is_parsed_strictly() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    let port = server.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        "localhost".to_string(),
        format!("[::1]:{port}"),
        "[::1]".to_string(),
        format!("127.0.0.2:{port}"),
        format!("[::ffff:127.0.0.1]:{port}"),
    ] {
        assert_eq!(head(&server, "/", &[("Host", &host)]).0, 200, "{host}");
    }
    for host in [
        "[::1].evil.example".to_string(),
        format!("[::1].evil.example:{port}"),
        format!("[::1]x:{port}"),
        format!("[::1]:{port}x"),
        "[::1".to_string(),
        "[127.0.0.1]".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("127.0.0.1:{port}:{port}"),
        "127.0.0.1:".to_string(),
        "127.0.0.1:http".to_string(),
        "127.0.0.1:99999".to_string(),
        format!("127.1:{port}"),
        format!("2130706433:{port}"),
        format!("0x7f.0.0.1:{port}"),
        // A routable address the server was not bound to.
        format!("203.0.113.5:{port}"),
        format!("[2001:db8::1]:{port}"),
        String::new(),
    ] {
        let (status, _) = head(&server, "/", &[("Host", &host)]);
        assert_eq!(status, 403, "Host {host:?}");
    }
}

#[test]
fn a_directory_redirect_never_leaves_the_site() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    assert!(site.exists("evil.example/index.html"), "the alias folder");

    // `//evil.example/` in a Location is another host to a browser.
    let (status, head_text) = head(&server, "//evil.example", &[]);
    assert_eq!(status, 301, "{head_text}");
    assert_eq!(header(&head_text, "location"), Some("/evil.example/"));
    let (status, head_text) = head(&server, "/evil.example", &[]);
    assert_eq!(status, 301);
    assert_eq!(header(&head_text, "location"), Some("/evil.example/"));
    let (status, head_text) = head(&server, "/world//", &[]);
    assert_eq!(status, 200, "{head_text}");

    for path in [
        "//evil.example",
        "///evil.example",
        "//evil.example//.",
        "/./evil.example",
        "//world",
        "/%2fevil.example",
        "/%2f%2fevil.example",
        "/\\evil.example",
        "/%5cevil.example",
        "//evil.example?x=1",
    ] {
        let (status, head_text) = head(&server, path, &[]);
        if let Some(location) = header(&head_text, "location") {
            assert!(
                location.starts_with('/')
                    && !location.starts_with("//")
                    && !location.starts_with("/\\")
                    && !location.contains("://"),
                "{path} → {status} {location}"
            );
        }
    }
}

/// `n` bytes that do not repeat, the same on every run.
fn noise(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    blake3::Hasher::new()
        .update(b"serve hardening")
        .finalize_xof()
        .fill(&mut bytes);
    bytes
}

fn status_kb(pid: &str, field: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    text.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("field")
}

#[test]
fn large_files_are_streamed_from_disk_with_their_length() {
    const MB: usize = 1 << 20;
    let site = site();
    let big = noise(50 * MB);
    site.write_bytes("static/big.bin", &big);

    // Through a shell that records its pid and becomes gazette, to read its memory use.
    let pid_file = site.path("server.pid");
    let wrapper = ["sh", "-c", "echo $$ > \"$0\"; exec \"$@\""];
    let pid_arg = pid_file.to_str().expect("utf-8 path");
    let server = Server::start_through(
        &[&wrapper[..], &[pid_arg]].concat(),
        site.root(),
        &["--port", "0"],
    );
    let pid = std::fs::read_to_string(&pid_file).expect("pid");
    let pid = pid.trim();

    // The bytes, all of them, with the length announced.
    let (status, head_text, body) = read_reply(server.send("/big.bin", &[]));
    assert_eq!(status, 200);
    assert_eq!(header(&head_text, "content-length"), Some("52428800"));
    assert_eq!(body.len(), big.len());
    assert_eq!(blake3::hash(&body), blake3::hash(&big));
    assert_eq!(
        header(&head_text, "content-type"),
        Some("application/octet-stream")
    );
    drop(body);

    // Eight clients ask for the big file at once and do not read yet: a server that holds
    // whole files holds 400 MB now; one that streams holds a few buffers.
    let before = status_kb(pid, "VmRSS");
    let streams: Vec<TcpStream> = (0..8).map(|_| server.send("/big.bin", &[])).collect();
    let start = Instant::now();
    let mut peak = before;
    while start.elapsed() < Duration::from_millis(1500) {
        peak = peak.max(status_kb(pid, "VmRSS"));
        std::thread::sleep(Duration::from_millis(25));
    }
    let readers: Vec<_> = streams
        .into_iter()
        .map(|s| std::thread::spawn(move || read_reply(s)))
        .collect();
    for r in readers {
        let (status, _, body) = r.join().expect("reader");
        assert_eq!(status, 200);
        assert_eq!(body.len(), big.len());
        assert_eq!(blake3::hash(&body), blake3::hash(&big));
    }
    let grew_mb = peak.saturating_sub(before) / 1024;
    assert!(
        grew_mb < 64,
        "the server's resident memory grew by {grew_mb} MB serving 8 × 50 MB"
    );
}

#[test]
fn pages_get_the_live_reload_script_small_ones_before_body_large_ones_streamed() {
    const MB: usize = 1 << 20;
    let site = site();
    // An HTML page past the size the server reads into memory to place the script.
    let mut page = b"<!doctype html><html><body><p>".to_vec();
    page.extend(std::iter::repeat_n(b'x', 6 * MB));
    page.extend_from_slice(b"</p></body></html>\n");
    site.write_bytes("static/big.html", &page);
    site.write(
        "static/small.html",
        "<html><body><p>small</p></body></html>\n",
    );
    let server = Server::start(site.root(), &[]);
    let tag = b"<script src=\"/__gazette/live.js\" data-root=\"/\"></script>";

    // A large page: the file as it is, the live-reload script after it.
    let (status, head_text, body) = read_reply(server.send("/big.html", &[]));
    assert_eq!(status, 200);
    assert_eq!(body.len(), page.len() + tag.len());
    assert_eq!(
        header(&head_text, "content-length"),
        Some(body.len().to_string().as_str())
    );
    assert!(body.starts_with(&page) && body.ends_with(tag));
    assert_eq!(
        header(&head_text, "content-type"),
        Some("text/html; charset=utf-8")
    );

    // A small page gets the script before `</body>`, as before.
    let (status, head_text, body) = read_reply(server.send("/small.html", &[]));
    assert_eq!(status, 200);
    let text = String::from_utf8(body).expect("utf-8");
    assert_eq!(
        text,
        format!(
            "<html><body><p>small</p>{}</body></html>\n",
            String::from_utf8_lossy(tag)
        )
    );
    assert_eq!(
        header(&head_text, "content-length"),
        Some(text.len().to_string().as_str())
    );
}
