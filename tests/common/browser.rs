//! A headless Chromium driven through ChromeDriver's WebDriver HTTP API.
#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub struct Browser {
    driver: Child,
    base: String,
    session: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&format!("{}/session/{}", self.base, self.session)).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    /// `None` (with the reason) when Chromium or ChromeDriver is not installed.
    pub fn start() -> Result<Browser, String> {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
            .ok_or("chromium is not installed")?;
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("chromedriver is not installed: {e}"))?;
        let base = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        while ureq::get(&format!("{base}/status")).call().is_err() {
            if start.elapsed() > Duration::from_secs(15) {
                return Err("chromedriver did not start".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?.keep();
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--no-first-run", "--disable-quic", format!("--user-data-dir={}", profile.display())]
            }
        }}});
        let mut res = ureq::post(&format!("{base}/session"))
            .send_json(&caps)
            .map_err(|e| e.to_string())?;
        let v: Value = res.body_mut().read_json().map_err(|e| e.to_string())?;
        let session = v["value"]["sessionId"]
            .as_str()
            .ok_or(format!("no session: {v}"))?
            .to_string();
        Ok(Browser {
            driver,
            base,
            session,
        })
    }

    fn post(&self, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}/{path}", self.base, self.session);
        let mut res = ureq::post(&url)
            .send_json(&body)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        res.body_mut().read_json::<Value>().expect("json")["value"].clone()
    }

    pub fn open(&self, url: &str) {
        self.post("url", json!({ "url": url }));
    }

    /// Make the window `width` × `height` CSS pixels (a phone: 375 × 740).
    pub fn resize(&self, width: u32, height: u32) {
        self.post("window/rect", json!({ "width": width, "height": height }));
    }

    /// A PNG of the window as it is, base64-encoded as WebDriver sends it.
    pub fn screenshot(&self) -> String {
        let url = format!("{}/session/{}/screenshot", self.base, self.session);
        let mut res = ureq::get(&url)
            .call()
            .unwrap_or_else(|e| panic!("screenshot: {e}"));
        let v: Value = res.body_mut().read_json().expect("json");
        v["value"].as_str().expect("a screenshot").to_string()
    }

    /// Run JavaScript in the page and return its result.
    pub fn js(&self, script: &str) -> Value {
        self.post("execute/sync", json!({ "script": script, "args": [] }))
    }

    /// Poll a script until it returns something truthy; returns that value.
    pub fn wait_for(&self, script: &str, what: &str) -> Value {
        let start = Instant::now();
        loop {
            let v = self.js(script);
            if !(v.is_null() || v == false || v == "" || v == 0) {
                return v;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Without a browser the test says so and passes, unless `GAZETTE_REQUIRE_TOOLS=1`.
pub fn browser_or_skip() -> Option<Browser> {
    match Browser::start() {
        Ok(b) => Some(b),
        Err(why) if std::env::var("GAZETTE_REQUIRE_TOOLS").is_ok_and(|v| v == "1") => {
            panic!("{why}")
        }
        Err(why) => {
            eprintln!("skipped: {why}");
            None
        }
    }
}
