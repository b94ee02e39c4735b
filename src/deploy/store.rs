//! The target's S3 API through object_store: a client made from the target's URL, endpoint,
//! region and credentials, with object_store's retries and backoff on errors a retry can
//! fix, every HTTP request counted (retries too, and apart the attempts that failed and
//! were retried) for the deploy's summary, and the
//! store's errors turned into a message naming the file and what to do.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::client::{
    HttpClient, HttpConnector, HttpError, HttpErrorKind, HttpRequest, HttpResponse, HttpService,
    ReqwestConnector,
};
use object_store::path::Path as Key;
use object_store::{
    Attribute, Attributes, BackoffConfig, ClientOptions, ObjectMeta, ObjectStore, ObjectStoreExt,
    PutOptions, PutPayload, RetryConfig,
};

use super::credentials::Credentials;

/// One target's bucket and folder, and the client that reaches them.
pub struct Store {
    s3: AmazonS3,
    /// The folder in the bucket (`""`: its top).
    prefix: String,
    /// HTTP requests made so far, and how many of them failed.
    requests: Arc<Requests>,
    /// How messages name the target: `s3://bucket/folder at https://endpoint`.
    pub name: String,
    pub bucket: String,
    /// Where the credentials came from, for messages.
    credentials: String,
}

/// What the bucket holds at one path.
pub struct Remote {
    pub size: u64,
    /// The ETag, when it is the MD5 of the bytes (an object sent in one request).
    pub md5: Option<[u8; 16]>,
}

impl Store {
    pub fn connect(
        bucket: &str,
        prefix: &str,
        endpoint: Option<&str>,
        region: &str,
        credentials: Credentials,
    ) -> Result<Store, String> {
        // reqwest is built with rustls but no crypto of its own: ring is the tree's.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let requests = Arc::new(Requests::default());
        let retry = RetryConfig {
            backoff: BackoffConfig {
                init_backoff: Duration::from_millis(200),
                max_backoff: Duration::from_secs(10),
                base: 2.0,
            },
            max_retries: 5,
            retry_timeout: Duration::from_secs(120),
        };
        let options = ClientOptions::new()
            .with_connect_timeout(Duration::from_secs(10))
            .with_timeout(Duration::from_secs(120));
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(bucket)
            .with_region(region)
            .with_access_key_id(&credentials.key_id)
            .with_secret_access_key(&credentials.secret)
            .with_retry(retry)
            .with_client_options(options)
            .with_http_connector(Counting {
                requests: requests.clone(),
            });
        if let Some(token) = &credentials.token {
            builder = builder.with_token(token);
        }
        let name = match endpoint {
            Some(e) => {
                builder = builder
                    .with_endpoint(e)
                    .with_allow_http(e.starts_with("http://"));
                format!("s3://{bucket}/{prefix} at {e}")
            }
            None => {
                builder = builder.with_virtual_hosted_style_request(true);
                format!("s3://{bucket}/{prefix} in {region}")
            }
        };
        let s3 = builder
            .build()
            .map_err(|e| format!("cannot set up the S3 client for {name}: {e}"))?;
        Ok(Store {
            s3,
            prefix: prefix.to_string(),
            requests,
            name,
            bucket: bucket.to_string(),
            credentials: credentials.source,
        })
    }

    /// HTTP requests made so far, retries included.
    pub fn requests(&self) -> u64 {
        self.requests.made.load(Ordering::Relaxed)
    }

    /// Of those, the ones that failed (an error a retry can fix, or the last one that could not).
    pub fn failed_requests(&self) -> u64 {
        self.requests.failed.load(Ordering::Relaxed)
    }

    fn key(&self, path: &str) -> Result<Key, String> {
        let full = if self.prefix.is_empty() {
            path.to_string()
        } else {
            format!("{}/{path}", self.prefix)
        };
        Key::parse(&full).map_err(|e| format!("{path} cannot be an object's name: {e}"))
    }

    /// Everything under the target's folder, by path inside it.
    pub async fn list(&self) -> Result<Vec<(String, Remote)>, String> {
        let prefix = if self.prefix.is_empty() {
            None
        } else {
            Some(Key::from(self.prefix.as_str()))
        };
        let mut stream = self.s3.list(prefix.as_ref());
        let mut out = Vec::new();
        let skip = if self.prefix.is_empty() {
            0
        } else {
            self.prefix.len() + 1
        };
        while let Some(item) = stream.next().await {
            let meta = item.map_err(|e| self.explain(&e, "list"))?;
            let key = meta.location.as_ref();
            if let Some(rel) = key.get(skip..) {
                out.push((rel.to_string(), remote(&meta)));
            }
        }
        Ok(out)
    }

    /// Upload `bytes` as `path`; the ETag the store gave back.
    pub async fn put(
        &self,
        path: &str,
        bytes: Vec<u8>,
        content_type: String,
        cache_control: &str,
    ) -> Result<(), String> {
        let key = self.key(path)?;
        let mut attributes = Attributes::new();
        attributes.insert(Attribute::ContentType, content_type.into());
        attributes.insert(Attribute::CacheControl, cache_control.to_string().into());
        let options = PutOptions {
            attributes,
            ..PutOptions::default()
        };
        self.s3
            .put_opts(&key, PutPayload::from(bytes), options)
            .await
            .map(|_| ())
            .map_err(|e| format!("cannot upload {path}: {}", self.explain(&e, "upload")))
    }

    /// What the bucket holds at `path`; `None` when nothing.
    pub async fn head(&self, path: &str) -> Result<Option<Remote>, String> {
        let key = self.key(path)?;
        match self.s3.head(&key).await {
            Ok(meta) => Ok(Some(remote(&meta))),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(format!(
                "cannot look at {path}: {}",
                self.explain(&e, "read")
            )),
        }
    }

    pub async fn delete(&self, path: &str) -> Result<(), String> {
        let key = self.key(path)?;
        match self.s3.delete(&key).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(format!(
                "cannot delete {path}: {}",
                self.explain(&e, "delete")
            )),
        }
    }

    /// The store's answer in a sentence, with what to do about the common ones.
    fn explain(&self, e: &object_store::Error, doing: &str) -> String {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            let more = s.to_string();
            if !text.contains(&more) {
                text.push_str(": ");
                text.push_str(&more);
            }
            source = s.source();
        }
        let code = between(&text, "<Code>", "</Code>");
        let message = between(&text, "<Message>", "</Message>");
        let said = match (&code, &message) {
            (Some(c), Some(m)) => format!("{} answered {c}: {m}", self.name),
            (Some(c), None) => format!("{} answered {c}", self.name),
            _ => format!("{}: {}", self.name, text.replace('\n', " ")),
        };
        let unauthorised = matches!(
            e,
            object_store::Error::Unauthenticated { .. }
                | object_store::Error::PermissionDenied { .. }
        );
        let hint = match code.as_deref() {
            Some("NoSuchBucket") => format!(
                "the bucket `{}` does not exist there: create it, or correct `url` (and `endpoint`) in site.toml",
                self.bucket
            ),
            Some(
                "InvalidAccessKeyId"
                | "SignatureDoesNotMatch"
                | "InvalidToken"
                | "ExpiredToken"
                | "AuthorizationHeaderMalformed"
                | "InvalidSignature",
            ) => format!(
                "the store does not accept the credentials from {}: check them",
                self.credentials
            ),
            Some("AccessDenied" | "Forbidden") => format!(
                "check the credentials from {}: the store does not know them, or they may not {doing} in this bucket",
                self.credentials
            ),
            _ if unauthorised => format!(
                "check the credentials from {}, and that they may {doing} in this bucket",
                self.credentials
            ),
            _ if text.contains("error sending request") || text.contains("connect") => {
                "check `endpoint` in site.toml and the network".into()
            }
            _ => String::new(),
        };
        if hint.is_empty() {
            said
        } else {
            format!("{said}\n  hint: {hint}")
        }
    }
}

fn between(text: &str, open: &str, close: &str) -> Option<String> {
    let start = text.find(open)? + open.len();
    let len = text.get(start..)?.find(close)?;
    text.get(start..start + len).map(str::to_string)
}

fn remote(meta: &ObjectMeta) -> Remote {
    Remote {
        size: meta.size,
        md5: meta
            .e_tag
            .as_deref()
            .and_then(|t| super::record::unhex_md5(&t.trim_matches('"').to_ascii_lowercase())),
    }
}

/// A request hyper cancelled before sending it (a pooled connection the server or the
/// network had closed: "connection was not ready") as the error object_store retries; it
/// would otherwise take it for an unknown error and give up on the first try.
fn unsent_is_retried(e: HttpError) -> HttpError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(s) = source {
        if s.downcast_ref::<hyper::Error>()
            .is_some_and(hyper::Error::is_canceled)
        {
            return HttpError::new(HttpErrorKind::Request, e);
        }
        source = s.source();
    }
    e
}

/// Requests made and failed, counted by the connector.
#[derive(Debug, Default)]
struct Requests {
    made: AtomicU64,
    failed: AtomicU64,
}

/// reqwest's connector, with every request counted.
#[derive(Debug)]
struct Counting {
    requests: Arc<Requests>,
}

impl HttpConnector for Counting {
    fn connect(&self, options: &ClientOptions) -> object_store::Result<HttpClient> {
        Ok(HttpClient::new(Counted {
            inner: ReqwestConnector::default().connect(options)?,
            requests: self.requests.clone(),
        }))
    }
}

#[derive(Debug)]
struct Counted {
    inner: HttpClient,
    requests: Arc<Requests>,
}

#[async_trait::async_trait]
impl HttpService for Counted {
    async fn call(&self, req: HttpRequest) -> Result<HttpResponse, HttpError> {
        self.requests.made.fetch_add(1, Ordering::Relaxed);
        let response = self.inner.execute(req).await.map_err(unsent_is_retried);
        let failed = match &response {
            Ok(r) => r.status().is_server_error() || r.status().as_u16() == 429,
            Err(_) => true,
        };
        if failed {
            self.requests.failed.fetch_add(1, Ordering::Relaxed);
        }
        response
    }
}
