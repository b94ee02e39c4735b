//! A TCP relay on a loopback port whose link can be cut and restored, to play a network
//! that drops out under a client (the deploy tests put it between Gazette and Garage).
//! Cut, it closes every open connection and every new one until restored.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

pub struct Relay {
    /// `http://127.0.0.1:PORT`, the relay's address for a client.
    pub endpoint: String,
    down: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Relay {
    /// A relay to the HTTP server at `target` (`http://127.0.0.1:3900`).
    pub fn to(target: &str) -> Relay {
        let to: SocketAddr = target
            .trim_start_matches("http://")
            .parse()
            .expect("a loopback address");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the relay");
        let endpoint = format!("http://{}", listener.local_addr().expect("address"));
        let down = Arc::new(AtomicBool::new(false));
        let open = Arc::new(Mutex::new(Vec::new()));
        let (is_down, streams) = (down.clone(), open.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if is_down.load(Ordering::SeqCst) {
                    reset(&client);
                    continue;
                }
                let Ok(server) = TcpStream::connect(to) else {
                    continue;
                };
                let mut held = streams.lock().expect("relay streams");
                for s in [&client, &server] {
                    if let Ok(s) = s.try_clone() {
                        held.push(s);
                    }
                }
                drop(held);
                pipe(&client, &server);
                pipe(&server, &client);
            }
        });
        Relay {
            endpoint,
            down,
            open,
        }
    }

    /// The network goes: open connections closed, new ones closed as they come, until
    /// [`Relay::restore`].
    pub fn cut(&self) {
        self.down.store(true, Ordering::SeqCst);
        for s in self.open.lock().expect("relay streams").drain(..) {
            reset(&s);
        }
    }

    pub fn restore(&self) {
        self.down.store(false, Ordering::SeqCst);
    }
}

/// Close a connection at once, both ways.
fn reset(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Both);
}

/// Copy what `from` sends to `to`, on a thread, until either side closes.
fn pipe(from: &TcpStream, to: &TcpStream) {
    let (Ok(mut from), Ok(mut to)) = (from.try_clone(), to.try_clone()) else {
        return;
    };
    std::thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if to.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            }
        }
        let _ = to.shutdown(Shutdown::Write);
    });
}
