//! External links: checked concurrently, each with a timeout.

use std::time::Duration;

use rayon::prelude::*;

/// For each URL, `None` when it answered with success, else what went wrong.
pub fn check(urls: &[String], timeout: Duration) -> Vec<Option<String>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("gazette-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(16).build();
    let run = || {
        urls.par_iter()
            .map(|url| {
                let status = match agent.head(url).call() {
                    Ok(r) if r.status().as_u16() == 405 || r.status().as_u16() == 501 => {
                        agent.get(url).call().map(|r| r.status().as_u16())
                    }
                    other => other.map(|r| r.status().as_u16()),
                };
                match status {
                    Ok(code) if code < 400 => None,
                    Ok(code) => Some(format!("answered HTTP {code}")),
                    Err(e) => Some(format!("failed: {e}")),
                }
            })
            .collect()
    };
    match pool {
        Ok(p) => p.install(run),
        Err(_) => run(),
    }
}
