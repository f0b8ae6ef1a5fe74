//! The county row that every public request needs, read from the database
//! only when it may have changed.
//!
//! Each public request must see the county as it is when the request
//! arrives: its `content_version` keys the render cache, and a suspension
//! must apply at once, whichever server made the change. Reading it for
//! every request was most of the cost of serving a cached page, so:
//!
//! - **Rows read are kept** with the [`Stamp`] of the [`ChangeFeed`] taken
//!   before the read, and used again only while the stamp is unchanged, the
//!   feed is live and the row is younger than [`TRUST_FOR`]. Any write
//!   through this process, any change to a county row by another process
//!   (PostgreSQL `NOTIFY` from a trigger; SQLite `PRAGMA data_version`) and
//!   any reconnection of the feed change the stamp. [`TRUST_FOR`] bounds
//!   what a signal lost without the feed noticing could cost.
//! - **Otherwise the row is read**, batched: requests queue their slug; one
//!   task takes everything queued, reads those counties in one query and
//!   answers each. A query starts only after every request in its batch has
//!   arrived, so each request sees every commit made before it arrived.
//! - **When the read fails** (the database is down) the row last read is
//!   used, so pages already in the render cache are still served; nothing
//!   can be saved while the database is down, so that row is the county as
//!   it was last committed (bar a change made in the instant before the
//!   outage whose signal was lost, at most [`TRUST_FOR`] old).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

use domain::County;
use persistence::repo::counties;
use persistence::{ChangeFeed, Db, RepoError, Stamp};
use tokio::sync::{mpsc, oneshot};

/// The most requests answered by one query.
const MAX_BATCH: usize = 256;

/// The longest a row read is used without reading it again, whatever the
/// feed says: the bound on staleness should a change signal be lost
/// without the feed noticing (a silently dead connection).
pub const TRUST_FOR: Duration = Duration::from_millis(500);

/// After a failed read, how long counties already known are served as last
/// read without trying the database again.
const RETRY_READS_AFTER: Duration = Duration::from_secs(1);

/// One request's read: `None` back when the batch failed.
struct Read {
    slug: String,
    reply: oneshot::Sender<Option<Option<County>>>,
}

/// A county row as read, and when.
struct Known {
    county: County,
    /// The feed's stamp before the read; `None` when it was not live.
    stamp: Option<Stamp>,
    read_at: Instant,
}

/// Reads of counties by slug, kept while they cannot have changed.
pub struct CountyReads {
    db: Db,
    /// Started on first use, on the runtime that serves the requests.
    queue: OnceLock<mpsc::UnboundedSender<Read>>,
    /// Started on first use, like the queue.
    feed: OnceLock<Arc<ChangeFeed>>,
    /// The active and suspended counties read, by slug.
    known: RwLock<HashMap<String, Known>>,
    /// When a read last failed.
    failed_at: Mutex<Option<Instant>>,
}

impl CountyReads {
    /// Reads over this pool.
    #[must_use]
    pub fn new(db: Db) -> Self {
        Self {
            db,
            queue: OnceLock::new(),
            feed: OnceLock::new(),
            known: RwLock::new(HashMap::new()),
            failed_at: Mutex::new(None),
        }
    }

    /// Whether changes made elsewhere are being watched (else every
    /// request reads its county).
    #[must_use]
    pub fn is_watching(&self) -> bool {
        self.feed.get().is_some_and(|feed| feed.is_live())
    }

    /// The county with this slug (without its hostnames), as it is now.
    ///
    /// # Errors
    /// Database errors, when no row of this county was ever read.
    pub async fn find_by_slug(&self, slug: &str) -> Result<Option<County>, RepoError> {
        let feed = self.feed.get_or_init(|| ChangeFeed::start(self.db.clone()));
        let stamp = feed.stamp();
        let started = Instant::now();
        if let Some(county) = stamp.and_then(|stamp| self.trusted(slug, stamp, started)) {
            return Ok(Some(county));
        }
        if self.failing(started)
            && let Some(county) = self.last_read(slug)
        {
            return Ok(Some(county));
        }
        let read = match self.read_batched(slug).await {
            Some(found) => Ok(found),
            None => match self.last_read(slug) {
                Some(county) => {
                    self.note_failure();
                    tracing::warn!("reading counties failed: using the row last read");
                    return Ok(Some(county));
                }
                // Read alone, so that the error is this request's own and
                // is reported with it.
                None => counties::find_by_slug_for_public(&self.db, slug).await,
            },
        };
        match read {
            Ok(found) => {
                self.remember(slug, found.as_ref(), stamp, started);
                Ok(found)
            }
            Err(err) => {
                self.note_failure();
                match self.last_read(slug) {
                    Some(county) => {
                        tracing::warn!(error = %err, "reading a county failed: using the row last read");
                        Ok(Some(county))
                    }
                    None => Err(err),
                }
            }
        }
    }

    /// Whether a read failed less than [`RETRY_READS_AFTER`] ago: reads are
    /// then not tried for counties already known, so that pages in the
    /// render cache are served at once during an outage rather than after
    /// each request has waited for the pool to give up.
    fn failing(&self, now: Instant) -> bool {
        self.failed_at
            .lock()
            .ok()
            .and_then(|at| *at)
            .is_some_and(|at| now.duration_since(at) < RETRY_READS_AFTER)
    }

    fn note_failure(&self) {
        if let Ok(mut at) = self.failed_at.lock() {
            *at = Some(Instant::now());
        }
    }

    /// The row kept for `slug` if it is still current.
    fn trusted(&self, slug: &str, stamp: Stamp, now: Instant) -> Option<County> {
        let known = self.known.read().ok()?;
        let entry = known.get(slug)?;
        (entry.stamp == Some(stamp) && now.duration_since(entry.read_at) < TRUST_FOR)
            .then(|| entry.county.clone())
    }

    /// The row last read for `slug`, however old.
    fn last_read(&self, slug: &str) -> Option<County> {
        let known = self.known.read().ok()?;
        known.get(slug).map(|entry| entry.county.clone())
    }

    /// Keeps what a read found (and forgets a county that is gone).
    fn remember(&self, slug: &str, found: Option<&County>, stamp: Option<Stamp>, at: Instant) {
        let Ok(mut known) = self.known.write() else {
            return;
        };
        match found {
            Some(county) => {
                let newer = known.get(slug).is_none_or(|entry| entry.read_at <= at);
                if newer {
                    known.insert(
                        slug.to_owned(),
                        Known {
                            county: county.clone(),
                            stamp,
                            read_at: at,
                        },
                    );
                }
            }
            None => {
                known.remove(slug);
            }
        }
    }

    /// The county read from the database, batched with concurrent reads;
    /// `None` when the batch failed.
    async fn read_batched(&self, slug: &str) -> Option<Option<County>> {
        let queue = self.queue.get_or_init(|| {
            let (sender, receiver) = mpsc::unbounded_channel();
            tokio::spawn(answer_reads(self.db.clone(), receiver));
            sender
        });
        let (reply, answer) = oneshot::channel();
        let read = Read {
            slug: slug.to_owned(),
            reply,
        };
        queue.send(read).ok()?;
        answer.await.ok().flatten()
    }
}

/// Answers queued reads a batch at a time until every sender is gone.
async fn answer_reads(db: Db, mut queue: mpsc::UnboundedReceiver<Read>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let mut slugs: Vec<&str> = batch.iter().map(|read| read.slug.as_str()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        let found = counties::find_by_slugs_for_public(&db, &slugs).await;
        for read in batch.drain(..) {
            let answer = found
                .as_ref()
                .ok()
                .map(|all| all.iter().find(|t| t.slug == read.slug).cloned());
            // The request may have gone (client closed): nothing to do.
            let _ = read.reply.send(answer);
        }
    }
}
