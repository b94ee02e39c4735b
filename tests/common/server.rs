//! Driving the real `gazette serve` over HTTP: start it on a free port, make raw requests
//! (exact paths, no client-side normalisation), follow its status and its event stream.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Server {
    child: Child,
    /// The address and port the server said it listens on.
    pub host: String,
    pub port: u16,
    /// Everything the server printed on stderr so far.
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

impl Server {
    /// Start `gazette serve` on any free port.
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_through(&[], root, &[&["--port", "0"], extra].concat())
    }

    /// Start `gazette serve` with exactly the options `args`, through a wrapper command
    /// (`wrapper`, then gazette and its arguments) when one is given.
    pub fn start_through(wrapper: &[&str], root: &Path, args: &[&str]) -> Server {
        let gazette = assert_cmd::cargo::cargo_bin!("gazette");
        let mut command = match wrapper.split_first() {
            Some((program, args)) => {
                let mut c = Command::new(program);
                c.args(args).arg(gazette);
                c
            }
            None => Command::new(gazette),
        };
        let mut child = command
            .arg("--root")
            .arg(root)
            .arg("serve")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start gazette serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let err_pipe = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(err_pipe).lines().map_while(Result::ok) {
                let mut text = sink.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let (host, port) = loop {
            let line = lines
                .next()
                .expect("server printed its address")
                .expect("line");
            if let Some(rest) = line.split("http://").nth(1) {
                let address = rest.split(['/', ' ']).next().unwrap();
                let (host, port) = address.rsplit_once(':').expect("host:port");
                break (host.to_string(), port.parse().expect("port"));
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server {
            child,
            host,
            port,
            stderr,
        }
    }

    /// What the server has printed on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Wait until the server has printed `needle` on stderr; returns all it printed.
    pub fn wait_stderr(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let said = self.stderr();
            if said.contains(needle) || start.elapsed() > Duration::from_secs(10) {
                return said;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Send a raw GET (with the `Host` the server printed unless `headers` has one); the
    /// open stream, for the caller to read as it likes.
    pub fn send(&self, path: &str, headers: &[(&str, &str)]) -> TcpStream {
        let mut s = TcpStream::connect((self.host.as_str(), self.port)).expect("connect");
        let mut req = format!("GET {path} HTTP/1.1\r\nConnection: close\r\n");
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            req.push_str(&format!("Host: {}:{}\r\n", self.host, self.port));
        }
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        s.write_all(req.as_bytes()).expect("send");
        s
    }

    pub fn request(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut s = self.send(path, headers);
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read");
        let text = String::from_utf8_lossy(&raw).to_string();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Reply {
            status,
            headers: head.to_lowercase(),
            body: body.to_string(),
        }
    }

    pub fn get(&self, path: &str) -> Reply {
        self.request(path, &[])
    }

    pub fn status(&self) -> serde_json::Value {
        serde_json::from_str(&self.get("/__gazette/status").body).expect("status JSON")
    }

    pub fn generation(&self) -> u64 {
        self.status()["generation"].as_u64().unwrap()
    }

    /// Wait until a rebuild after generation `after` has finished; returns its status.
    pub fn wait_rebuild(&self, after: u64) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let s = self.status();
            if s["generation"].as_u64().unwrap() > after {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no rebuild after generation {after}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Subscribe to the live-reload stream: each item is (event name, data).
    pub fn events(&self) -> Receiver<(String, String)> {
        let mut s = TcpStream::connect((self.host.as_str(), self.port)).expect("connect");
        let req = format!(
            "GET /__gazette/events HTTP/1.1\r\nHost: localhost:{}\r\nAccept: text/event-stream\r\n\r\n",
            self.port
        );
        s.write_all(req.as_bytes()).expect("send");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(s).lines() {
                let Ok(line) = line else { break };
                if let Some(name) = line
                    .strip_prefix("event: ")
                    .or_else(|| line.strip_prefix("event:"))
                {
                    event = name.trim().to_string();
                } else if let Some(data) = line
                    .strip_prefix("data: ")
                    .or_else(|| line.strip_prefix("data:"))
                    && tx.send((event.clone(), data.trim().to_string())).is_err()
                {
                    break;
                }
            }
        });
        // Let the subscription reach the server before anything changes.
        std::thread::sleep(Duration::from_millis(200));
        rx
    }
}
