//! Capturing what the application logs during one request, to prove that
//! something (a visitor's search, a contact detail) never reaches the log.

use std::io::Write;
use std::sync::{Arc, Mutex};

use tracing::subscriber::DefaultGuard;

/// A log sink.
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Only one test at a time may install a log subscriber: tracing's global
/// level filter is recomputed whenever one comes or goes, and two doing so
/// at once can leave it lower than the live subscriber needs.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Everything logged at any level, up to TRACE, on this thread while it
/// lives. A request driven by the test's own thread (`TestClient` calls
/// `oneshot`, which is not spawned) logs here; send one request before
/// starting, so that the log call sites are registered first.
pub struct LogCapture {
    sink: Sink,
    guard: Option<DefaultGuard>,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

impl LogCapture {
    /// Waits for the other capturing tests, then starts capturing.
    pub async fn start() -> Self {
        let turn = ONE_AT_A_TIME.lock().await;
        let sink = Sink::default();
        let writer = sink.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        Self {
            sink,
            guard: Some(tracing::subscriber::set_default(subscriber)),
            _turn: turn,
        }
    }

    /// Stops capturing; returns what was logged.
    pub fn finish(mut self) -> String {
        self.guard.take();
        let bytes = self.sink.0.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}
