//! The county row that every public request reads, read for many requests
//! at once.
//!
//! Each public request must see the county as it is in the database when
//! the request arrives: its `content_version` keys the render cache, and a
//! suspension must apply at once, whichever server made the change. Under
//! load that is one query per request, most of the work of serving a page
//! from the cache. Here requests queue; one task takes everything queued,
//! reads all those slugs in one query, and answers each. A query starts
//! only after every request in its batch has arrived, so each request
//! sees every change committed before it arrived, exactly as with a query
//! of its own; and while one query runs, the next batch gathers.

use std::sync::OnceLock;

use domain::Tenant;
use persistence::repo::tenants;
use persistence::{Db, RepoError};
use tokio::sync::{mpsc, oneshot};

/// The most requests answered by one query.
const MAX_BATCH: usize = 256;

/// One request's read: `None` back when the batch failed.
struct Read {
    slug: String,
    reply: oneshot::Sender<Option<Option<Tenant>>>,
}

/// Batched reads of counties by slug.
pub struct TenantReads {
    db: Db,
    /// Started on first use, on the runtime that serves the requests.
    queue: OnceLock<mpsc::UnboundedSender<Read>>,
}

impl TenantReads {
    /// Reads over this pool.
    #[must_use]
    pub fn new(db: Db) -> Self {
        Self {
            db,
            queue: OnceLock::new(),
        }
    }

    /// The county with this slug (without its hostnames), as it is now.
    ///
    /// # Errors
    /// Database errors.
    pub async fn find_by_slug(&self, slug: &str) -> Result<Option<Tenant>, RepoError> {
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
        if queue.send(read).is_ok()
            && let Ok(Some(tenant)) = answer.await
        {
            return Ok(tenant);
        }
        // The batch failed (or the reader is gone): read alone, so that an
        // error is this request's own and is reported with it.
        tenants::find_by_slug_for_public(&self.db, slug).await
    }
}

/// Answers queued reads a batch at a time until every sender is gone.
async fn answer_reads(db: Db, mut queue: mpsc::UnboundedReceiver<Read>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let mut slugs: Vec<&str> = batch.iter().map(|read| read.slug.as_str()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        let found = tenants::find_by_slugs_for_public(&db, &slugs).await;
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
