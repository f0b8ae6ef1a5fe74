//! Real `cms serve` processes for tests that need more than one server (or
//! a server that is not this test process), and a plain HTTP/1.1 GET to
//! talk to them.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A `cms serve` process on a loopback port of its own, over a database
/// shared with the test. Killed when dropped.
pub struct ServerProcess {
    child: Child,
    pub address: SocketAddr,
}

impl ServerProcess {
    /// Starts `cms serve` over `database_url` and waits until it listens.
    /// `cms` is the binary's path: `env!("CARGO_BIN_EXE_cms_under_test")`,
    /// which only the test files themselves can name.
    pub fn start(cms: &str, database_url: &str) -> Self {
        let mut child = Command::new(cms)
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("CMS_BIND", "127.0.0.1:0")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting cms serve");
        let stdout = child.stdout.take().expect("piped stdout");
        // "Serving on http://… (listening on 127.0.0.1:PORT)"
        let mut lines = BufReader::new(stdout).lines();
        let address = loop {
            let line = lines
                .next()
                .expect("cms serve exited before it listened")
                .expect("reading cms serve's output");
            if let Some(rest) = line.split("(listening on ").nth(1) {
                break rest
                    .trim_end_matches(')')
                    .parse()
                    .expect("a socket address");
            }
        };
        // Keep reading (and dropping) its output so that it never blocks.
        std::thread::spawn(move || lines.for_each(drop));
        Self { child, address }
    }

    /// `GET path`: the status and the body as text.
    pub async fn get(&self, path: &str) -> (u16, String) {
        get(self.address, path).await
    }

    /// Asks every `step` until `body` contains `text`, for at most `within`;
    /// returns how long it took, or `None` if it never did.
    pub async fn wait_for_text(
        &self,
        path: &str,
        text: &str,
        within: Duration,
    ) -> Option<Duration> {
        let started = Instant::now();
        loop {
            let (_, body) = self.get(path).await;
            if body.contains(text) {
                return Some(started.elapsed());
            }
            if started.elapsed() > within {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain `GET` over HTTP/1.1 with `Connection: close`: status and body.
pub async fn get(address: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connecting to the server");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .expect("sending the request");
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .await
        .expect("reading the response");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    (status, body.to_owned())
}
