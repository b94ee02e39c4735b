//! `gazette serve` and `gazette watch`: rebuild on every change; serve with live reload.

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Args;

use super::{Global, SwitchArgs, fail};
use crate::driver::{self, Editions, Options};
use crate::serve::{Shared, Update, Watcher, router};

#[derive(Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub switches: SwitchArgs,
    /// Write into an output directory that holds files Gazette did not write
    #[arg(long)]
    pub force: bool,
    /// Poll for changes instead of using the system's file notifications (for network file
    /// systems, where notifications miss other machines' writes)
    #[arg(long)]
    pub poll: bool,
}

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub watch: WatchArgs,
    /// Port to listen on (0: any free port)
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
}

fn options(a: &WatchArgs) -> Options {
    Options {
        switches: a.switches.switches(),
        force: a.force,
        progress: true,
        // Pages go live first; the search index follows (see `rebuild`).
        defer_search: true,
        ..Options::default()
    }
}

/// Output paths (`a/b/index.html`) as the URLs a browser shows (`/a/b/`).
fn urls(root: &str, changed: &[Arc<str>]) -> Vec<String> {
    changed
        .iter()
        .map(|p| format!("{root}{}", p.strip_suffix("index.html").unwrap_or(p)))
        .collect()
}

/// Rebuild once after `changed` files changed (anything, when empty); print the outcome;
/// hand it to `publish`.
fn rebuild(session: &mut Editions, global: &Global, changed: &[PathBuf], publish: &dyn Fn(Update)) {
    match session.rebuild_changed(changed) {
        Ok(report) => {
            if !global.quiet {
                println!("{report}");
                if global.verbose {
                    for p in &report.changed {
                        println!("  {p}");
                    }
                    println!("{}", report.stages());
                }
            }
            let root = session.url_root().unwrap_or_else(|| "/".into());
            publish(Update::Pages(urls(&root, &report.changed)));
            if let Err(e) = session.save_caches() {
                eprintln!("warning: {e}");
            }
            // Then the search index, which can take long on a large archive.
            match session.update_search() {
                Ok(search) if !search.changed.is_empty() => {
                    if global.verbose {
                        println!("search index updated in {:.2} s", search.seconds);
                    }
                    publish(Update::Search(urls(&root, &search.changed)));
                }
                Ok(_) => {}
                Err(e) => {
                    super::report_build_error(&e);
                }
            }
        }
        Err(e) => {
            super::report_build_error(&e);
            let text = match &e {
                driver::Error::Content(ds) => ds
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n"),
                driver::Error::Output(m) => m.clone(),
            };
            publish(Update::Failed(text));
        }
    }
}

/// Start watching before saying that we are, so no early change is missed.
fn start_watcher(global: &Global, output: &std::path::Path, poll: bool) -> Result<Watcher, u8> {
    match Watcher::start(&global.root, output, poll) {
        Ok(w) => {
            if let Some(msg) = &w.fallback {
                eprintln!("note: {msg}");
            }
            Ok(w)
        }
        Err(e) => {
            let _ = fail(&format!("cannot watch {}: {e}", global.root.display()));
            Err(1)
        }
    }
}

fn watch_loop(
    global: &Global,
    session: &mut Editions,
    mut watcher: Watcher,
    stop: &AtomicBool,
    publish: &dyn Fn(Update),
) -> Result<(), u8> {
    while let Some(batch) = watcher.next_batch(stop) {
        if global.verbose {
            for p in &batch {
                println!("changed: {}", p.display());
            }
        }
        rebuild(session, global, &batch, publish);
    }
    if !global.quiet {
        println!("stopped");
    }
    Ok(())
}

fn on_ctrl_c(stop: Arc<AtomicBool>) -> Result<tokio::runtime::Runtime, u8> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| {
            eprintln!("error: cannot start the server runtime: {e}");
            1u8
        })?;
    // Register the handlers now, before anything tells the user that Ctrl-C works.
    let _entered = rt.enter();
    use tokio::signal::unix::{SignalKind, signal};
    for kind in [SignalKind::interrupt(), SignalKind::terminate()] {
        let mut sig = signal(kind).map_err(|e| {
            eprintln!("error: cannot handle signals: {e}");
            1u8
        })?;
        let stop = stop.clone();
        rt.spawn(async move {
            if sig.recv().await.is_some() {
                stop.store(true, Ordering::Relaxed);
            }
        });
    }
    drop(_entered);
    Ok(rt)
}

pub fn run_watch(global: &Global, args: &WatchArgs) -> Result<(), u8> {
    let site = crate::config::load(&global.root).map_err(|ds| super::report_diagnostics(&ds))?;
    let _lock = super::lock_site(global, "gazette watch")?;
    let mut session = Editions::new(&global.root, options(args)).previewing();
    let publish = |_: Update| {};
    rebuild(&mut session, global, &[], &publish);
    let stop = Arc::new(AtomicBool::new(false));
    let _rt = on_ctrl_c(stop.clone())?;
    let watcher = start_watcher(global, &session.output_dir(&site), args.poll)?;
    if !global.quiet {
        println!(
            "Watching {} for changes (Ctrl-C to stop)",
            global.root.display()
        );
    }
    watch_loop(global, &mut session, watcher, &stop, &publish)
}

pub fn run_serve(global: &Global, args: &ServeArgs) -> Result<(), u8> {
    let site = crate::config::load(&global.root).map_err(|ds| super::report_diagnostics(&ds))?;
    let _lock = super::lock_site(global, "gazette serve")?;
    let mut session = Editions::new(&global.root, options(&args.watch)).previewing();
    let shared = Shared::new(
        session.output_dir(&site),
        site.url_root.clone(),
        args.bind,
        args.watch.switches.switches(),
        global.verbose,
    );
    let publish = |u: Update| shared.publish(u);
    rebuild(&mut session, global, &[], &publish);

    let stop = Arc::new(AtomicBool::new(false));
    let rt = on_ctrl_c(stop.clone())?;
    let listener = match rt.block_on(tokio::net::TcpListener::bind((args.bind, args.port))) {
        Ok(l) => l,
        Err(e) => {
            return fail(&format!(
                "cannot listen on {}:{}: {e} (try another --port)",
                args.bind, args.port
            ));
        }
    };
    let addr = listener.local_addr().map_err(|_| 1u8)?;
    let app = router(shared.clone());
    let server_stop = stop.clone();
    rt.spawn(async move {
        let shutdown = async move {
            while !server_stop.load(Ordering::Relaxed) {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        };
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await;
    });
    let watcher = start_watcher(global, &session.output_dir(&site), args.watch.poll)?;
    let mut shown = String::new();
    if args.watch.switches.drafts {
        shown.push_str(" with drafts");
    }
    if args.watch.switches.future {
        shown.push_str(if shown.is_empty() {
            " with future stories"
        } else {
            " and future stories"
        });
    }
    println!(
        "Serving http://{addr}{}{shown} (Ctrl-C to stop)",
        site.url_root
    );
    if !args.bind.is_loopback() {
        eprintln!(
            "note: listening on {} — other machines on the network can reach this preview",
            args.bind
        );
    }
    let result = watch_loop(global, &mut session, watcher, &stop, &publish);
    rt.shutdown_timeout(std::time::Duration::from_secs(1));
    result
}
