//! A real S3 server for the deploy tests: Garage, single node (SQLite metadata, one
//! replica) in a temporary folder on free loopback ports, with a key and a bucket made
//! through its own CLI, stopped when dropped. Without the `garage` binary the tests say so
//! and pass, unless `GAZETTE_REQUIRE_TOOLS=1` (`.ci/run` installs it).
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as Key;
use object_store::{ObjectStore, ObjectStoreExt};

pub const KEY_ID: &str = "GK0123456789abcdef01234567";
pub const SECRET: &str = "1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
pub const REGION: &str = "garage";

pub struct Garage {
    child: Child,
    pub dir: tempfile::TempDir,
    config: PathBuf,
    /// `http://127.0.0.1:PORT`, the S3 API.
    pub endpoint: String,
    runtime: tokio::runtime::Runtime,
}

impl Drop for Garage {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One object as the bucket holds it.
pub struct Object {
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
    pub cache_control: Option<String>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn garage_binary() -> Option<PathBuf> {
    let found = Command::new("garage")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if found {
        return Some(PathBuf::from("garage"));
    }
    let home = std::env::var_os("HOME")?;
    let cargo = Path::new(&home).join(".cargo/bin/garage");
    cargo.is_file().then_some(cargo)
}

/// A running Garage, or `None` (having said why) when there is none to run.
pub fn garage_or_skip() -> Option<Garage> {
    match Garage::start() {
        Ok(g) => Some(g),
        Err(why) if std::env::var("GAZETTE_REQUIRE_TOOLS").is_ok_and(|v| v == "1") => {
            panic!("{why}")
        }
        Err(why) => {
            eprintln!("skipped: {why}");
            None
        }
    }
}

impl Garage {
    /// Start a Garage; tried three times, since a free port found by binding it may be
    /// taken by another test's server before this one binds it.
    pub fn start() -> Result<Garage, String> {
        let mut why = String::new();
        for _ in 0..3 {
            match Garage::try_start() {
                Ok(g) => return Ok(g),
                Err(e) if e.starts_with("no `garage`") => return Err(e),
                Err(e) => why = e,
            }
        }
        Err(why)
    }

    fn try_start() -> Result<Garage, String> {
        let binary = garage_binary()
            .ok_or("no `garage` binary (install it with `cargo install garage --locked`)")?;
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let (rpc, s3, admin) = (free_port(), free_port(), free_port());
        let config = dir.path().join("garage.toml");
        let text = format!(
            "metadata_dir = \"{meta}\"\ndata_dir = \"{data}\"\ndb_engine = \"sqlite\"\nreplication_factor = 1\n\
             rpc_bind_addr = \"127.0.0.1:{rpc}\"\nrpc_public_addr = \"127.0.0.1:{rpc}\"\n\
             rpc_secret = \"{secret}\"\n\n[s3_api]\ns3_region = \"{REGION}\"\napi_bind_addr = \"127.0.0.1:{s3}\"\n\
             root_domain = \".s3.garage.localhost\"\n\n[admin]\napi_bind_addr = \"127.0.0.1:{admin}\"\n",
            meta = dir.path().join("meta").display(),
            data = dir.path().join("data").display(),
            secret = "ab".repeat(32),
        );
        std::fs::write(&config, text).map_err(|e| e.to_string())?;
        let log =
            std::fs::File::create(dir.path().join("garage.log")).map_err(|e| e.to_string())?;
        let child = Command::new(&binary)
            .arg("-c")
            .arg(&config)
            .arg("server")
            .env("RUST_LOG", "warn")
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start garage: {e}"))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let garage = Garage {
            child,
            dir,
            config,
            endpoint: format!("http://127.0.0.1:{s3}"),
            runtime,
        };
        garage.set_up(&binary)?;
        Ok(garage)
    }

    fn cli(&self, binary: &Path, args: &[&str]) -> Result<String, String> {
        let out = Command::new(binary)
            .arg("-c")
            .arg(&self.config)
            .args(args)
            .env("RUST_LOG", "warn")
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(format!(
                "garage {}: {}{}",
                args.join(" "),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    fn set_up(&self, binary: &Path) -> Result<(), String> {
        let start = Instant::now();
        // Up once its RPC answers.
        loop {
            match self.cli(binary, &["status"]) {
                Ok(_) => break,
                Err(e) if start.elapsed() > Duration::from_secs(20) => return Err(e),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
        let id = self.cli(binary, &["node", "id", "-q"])?;
        let node = id.trim().split('@').next().unwrap_or_default().to_string();
        self.cli(
            binary,
            &["layout", "assign", "-z", "dc1", "-c", "1G", &node],
        )?;
        self.cli(binary, &["layout", "apply", "--version", "1"])?;
        self.cli(
            binary,
            &["key", "import", "--yes", "-n", "tests", KEY_ID, SECRET],
        )?;
        // The S3 API answers once the layout is live.
        let start = Instant::now();
        loop {
            match self.cli(binary, &["bucket", "create", "probe"]) {
                Ok(_) => break,
                Err(e) if start.elapsed() > Duration::from_secs(20) => return Err(e),
                Err(_) => std::thread::sleep(Duration::from_millis(200)),
            }
        }
        Ok(())
    }

    /// A new bucket the test key may read and write.
    pub fn bucket(&self, name: &str) -> String {
        self.bucket_allowing(name, &["--read", "--write", "--owner"])
    }

    /// A new bucket the test key may only read.
    pub fn read_only_bucket(&self, name: &str) -> String {
        self.bucket_allowing(name, &["--read"])
    }

    fn bucket_allowing(&self, name: &str, rights: &[&str]) -> String {
        let binary = garage_binary().expect("garage");
        self.cli(&binary, &["bucket", "create", name])
            .expect("bucket create");
        let mut allow = vec!["bucket", "allow"];
        allow.extend_from_slice(rights);
        allow.extend_from_slice(&[name, "--key", "tests"]);
        self.cli(&binary, &allow).expect("bucket allow");
        name.to_string()
    }

    fn client(&self, bucket: &str) -> AmazonS3 {
        // reqwest has rustls without a crypto provider of its own (see Cargo.toml).
        let _ = rustls::crypto::ring::default_provider().install_default();
        AmazonS3Builder::new()
            .with_bucket_name(bucket)
            .with_region(REGION)
            .with_endpoint(&self.endpoint)
            .with_allow_http(true)
            .with_access_key_id(KEY_ID)
            .with_secret_access_key(SECRET)
            .build()
            .expect("client")
    }

    /// Every object in `bucket`, by key, with its ETag and last-modified time.
    pub fn list(&self, bucket: &str) -> Vec<(String, String, String)> {
        let s3 = self.client(bucket);
        let mut out: Vec<(String, String, String)> = self.runtime.block_on(async {
            s3.list(None)
                .map(|m| {
                    let m = m.expect("list");
                    (
                        m.location.to_string(),
                        m.e_tag.unwrap_or_default(),
                        m.last_modified.to_rfc3339(),
                    )
                })
                .collect()
                .await
        });
        out.sort();
        out
    }

    pub fn get(&self, bucket: &str, key: &str) -> Object {
        let s3 = self.client(bucket);
        self.runtime.block_on(async {
            let got = s3.get(&Key::from(key)).await.expect("get");
            let attr = |a: object_store::Attribute| got.attributes.get(&a).map(|v| v.to_string());
            let content_type = attr(object_store::Attribute::ContentType);
            let cache_control = attr(object_store::Attribute::CacheControl);
            let bytes = got.bytes().await.expect("body").to_vec();
            Object {
                bytes,
                content_type,
                cache_control,
            }
        })
    }

    pub fn put(&self, bucket: &str, key: &str, bytes: &[u8]) {
        let s3 = self.client(bucket);
        self.runtime.block_on(async {
            s3.put(&Key::from(key), bytes.to_vec().into())
                .await
                .expect("put");
        });
    }

    /// Every object under `prefix/`, by path inside it, with its bytes.
    pub fn snapshot(&self, bucket: &str, prefix: &str) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<(String, Vec<u8>)> = self
            .list(bucket)
            .into_iter()
            .filter_map(|(key, _, _)| {
                let rel = key.strip_prefix(&format!("{prefix}/"))?.to_string();
                Some((rel, self.get(bucket, &key).bytes))
            })
            .collect();
        out.sort();
        out
    }
}
