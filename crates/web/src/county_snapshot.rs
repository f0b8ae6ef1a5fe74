//! A county's published directory in memory: its categories, its
//! navigation, and its published providers with their opening hours parsed
//! once, their open state worked out, and the text a search looks in. The
//! directory (every filter, free-text searches included, which are never
//! kept as pages) and the provider pages are drawn from it without a query.
//!
//! It is never stale, for the same two reasons a cached page is not
//! (`render_cache`):
//!
//! - **Content**: a snapshot records the county's `content_version` it was
//!   read at, and serves a request only if that is at least the version the
//!   request read from the county row. Every write that changes the public
//!   site bumps the version in its own transaction, and a snapshot is read
//!   after the county row of the request that asked for it, so it holds
//!   every commit that request could see.
//! - **Time**: it holds from the second it was drawn until the first second
//!   at which any provider's open state may change (`Hours::state_until`);
//!   then it is read again, so an "open now" label is right at every
//!   instant.
//!
//! One snapshot per county, replaced by a newer one; the store is a `moka`
//! cache bounded by an estimate of the bytes held, and concurrent misses of
//! one county read the database once (moka's per-key
//! `and_try_compute_with`, as in `render_cache`).

use std::future::Future;
use std::sync::Arc;

use domain::provider::{Hours, OpenState};
use domain::{Category, County, CountyId, Provider, ProviderStatus};
use moka::ops::compute::Op;
use persistence::repo::{categories, pages, providers};
use persistence::{Db, RepoError};
use time::OffsetDateTime;

/// The store's byte budget (by [`Snapshot`] weight). The demo county
/// weighs about 18 KB; a provider about 1 KB plus twice its text.
pub const DEFAULT_BUDGET_MB: u64 = 32;

/// What a provider is counted as besides its text: the structs, vectors
/// and parsed hours around it.
const PROVIDER_OVERHEAD: usize = 1024;

/// What a category or a navigation link is counted as besides its text.
const LINE_OVERHEAD: usize = 64;

/// What a snapshot is counted as besides its lists.
const SNAPSHOT_OVERHEAD: usize = 256;

/// A published provider as the directory uses it.
#[derive(Clone, Debug)]
pub struct Listed {
    pub provider: Provider,
    /// Its opening hours, parsed once; `None` when it gives none (or they
    /// no longer parse: then it shows no open-now status).
    pub hours: Option<Hours>,
    /// Open or closed, and the first instant at which that may change,
    /// from the instant the snapshot was drawn; `None` without hours.
    pub open: Option<(OpenState, OffsetDateTime)>,
    /// What a search looks in (`domain::provider::search_text`).
    pub search_text: String,
}

impl Listed {
    /// `provider` as listed at the instant `at`; `categories` are the
    /// county's (for the search text).
    #[must_use]
    pub fn new(provider: Provider, categories: &[Category], at: OffsetDateTime) -> Self {
        let hours = provider
            .fields
            .opening_hours
            .as_deref()
            .and_then(|raw| Hours::parse(raw).ok());
        let open = hours.as_ref().map(|h| h.state_until(at));
        let search_text = domain::provider::search_text(&provider.fields, categories);
        Self {
            provider,
            hours,
            open,
            search_text,
        }
    }

    /// Its open state while the snapshot holds; `None` without hours.
    #[must_use]
    pub fn open_state(&self) -> Option<&OpenState> {
        self.open.as_ref().map(|(state, _)| state)
    }

    /// An estimate of the bytes it holds.
    fn weight(&self) -> usize {
        let f = &self.provider.fields;
        let phones: usize = f
            .phones
            .iter()
            .map(|p| p.label.len() + p.number.len())
            .sum();
        let hours = f.opening_hours.as_ref().map_or(0, |h| 16 * h.len());
        PROVIDER_OVERHEAD
            + f.name.len()
            + f.slug.as_str().len()
            + f.summary.len()
            + f.description.len()
            + f.address.len()
            + f.area.len()
            + f.eligibility.len()
            + f.hours_note.len()
            + f.website.as_ref().map_or(0, String::len)
            + f.categories.iter().map(|c| c.as_str().len()).sum::<usize>()
            + phones
            + hours
            + self.search_text.len()
    }
}

/// What a county's directory is drawn from, at one content version and for
/// a window of time.
#[derive(Debug)]
pub struct Snapshot {
    /// The county's categories, in their order.
    pub categories: Vec<Category>,
    /// The county's navigation: (slug, title) of its listed pages.
    pub navigation: Vec<(String, String)>,
    /// The published providers, in name order.
    pub providers: Vec<Listed>,
    /// The content version it was read at (or after).
    version: i64,
    /// The second it was drawn at (unix time).
    drawn_at: i64,
    /// The first instant at which an open state may change; `None` when no
    /// provider gives hours.
    valid_until: Option<OffsetDateTime>,
    /// An estimate of the bytes it holds, for the store's budget.
    weight: u32,
}

impl Snapshot {
    /// The snapshot of what was read at `version`, drawn at `at`. Only
    /// published providers are kept, whatever `published` holds.
    #[must_use]
    pub fn new(
        version: i64,
        categories: Vec<Category>,
        navigation: Vec<(String, String)>,
        published: Vec<Provider>,
        at: OffsetDateTime,
    ) -> Self {
        let providers: Vec<Listed> = published
            .into_iter()
            .filter(|p| p.fields.status == ProviderStatus::Published)
            .map(|p| Listed::new(p, &categories, at))
            .collect();
        let valid_until = providers
            .iter()
            .filter_map(|l| l.open.as_ref())
            .map(|(_, until)| *until)
            .min();
        let lines: usize = categories
            .iter()
            .map(|c| c.slug.len() + c.name.len())
            .chain(
                navigation
                    .iter()
                    .map(|(slug, title)| slug.len() + title.len()),
            )
            .map(|text| text + LINE_OVERHEAD)
            .sum();
        let weight =
            providers.iter().map(Listed::weight).sum::<usize>() + lines + SNAPSHOT_OVERHEAD;
        Self {
            categories,
            navigation,
            providers,
            version,
            drawn_at: at.unix_timestamp(),
            valid_until,
            weight: u32::try_from(weight).unwrap_or(u32::MAX),
        }
    }

    /// The first instant at which an open state in it may change: what a
    /// page drawn from it says of itself. `None` when nothing depends on
    /// the time.
    #[must_use]
    pub fn valid_until(&self) -> Option<OffsetDateTime> {
        self.valid_until
    }

    /// The published provider with this slug.
    #[must_use]
    pub fn provider(&self, slug: &str) -> Option<&Listed> {
        self.providers
            .iter()
            .find(|l| l.provider.fields.slug.as_str() == slug)
    }

    /// Whether it may answer a request that read the county at `version`,
    /// at the instant `at`.
    fn serves(&self, version: i64, at: OffsetDateTime) -> bool {
        let second = at.unix_timestamp();
        self.version >= version
            && self.drawn_at <= second
            && self
                .valid_until
                .is_none_or(|until| second < until.unix_timestamp())
    }
}

/// The snapshots of the counties, shared by the public handlers.
pub struct Snapshots {
    counties: moka::future::Cache<CountyId, Arc<Snapshot>>,
}

impl Default for Snapshots {
    fn default() -> Self {
        Self::new(DEFAULT_BUDGET_MB)
    }
}

impl Snapshots {
    /// A store that keeps at most `budget_mb` MiB of snapshots (by their
    /// estimated weight).
    #[must_use]
    pub fn new(budget_mb: u64) -> Self {
        Self::with_budget_bytes(budget_mb.saturating_mul(1024 * 1024))
    }

    fn with_budget_bytes(bytes: u64) -> Self {
        let counties = moka::future::Cache::builder()
            .max_capacity(bytes)
            .weigher(|_: &CountyId, snapshot: &Arc<Snapshot>| snapshot.weight)
            .build();
        Self { counties }
    }

    /// The snapshot of `county` (as the request read it) at the instant
    /// `at`: the one kept if it serves, else read from `db`.
    ///
    /// # Errors
    /// Database errors; failures are not kept.
    pub async fn get<E>(
        &self,
        db: &Db,
        county: &County,
        at: OffsetDateTime,
    ) -> Result<Arc<Snapshot>, E>
    where
        E: From<RepoError> + From<crate::render_cache::Lost> + Send + Sync + 'static,
    {
        let id = county.id;
        self.get_with(id, county.content_version, at, |version| async move {
            read(db, id, version, at).await.map_err(E::from)
        })
        .await
    }

    /// The snapshot of county `id` for a request that read it at `version`,
    /// at `at`: the one kept if it serves, else made by `read` (given the
    /// version to record). Requests for one county wait for each other:
    /// the first reads, the others find its snapshot; should it fail, the
    /// next reads for itself.
    async fn get_with<F, Fut, E>(
        &self,
        id: CountyId,
        version: i64,
        at: OffsetDateTime,
        read: F,
    ) -> Result<Arc<Snapshot>, E>
    where
        F: FnOnce(i64) -> Fut,
        Fut: Future<Output = Result<Snapshot, E>>,
        E: From<crate::render_cache::Lost> + Send + Sync + 'static,
    {
        if let Some(kept) = self.counties.get(&id).await
            && kept.serves(version, at)
        {
            return Ok(kept);
        }
        let computed = self
            .counties
            .entry(id)
            .and_try_compute_with(|kept| async move {
                // A snapshot read after another's holds every commit that
                // one did, so it may record the greater version.
                let version = match kept {
                    Some(kept) if kept.value().serves(version, at) => return Ok(Op::Nop),
                    Some(kept) => kept.value().version.max(version),
                    None => version,
                };
                Ok::<_, E>(Op::Put(Arc::new(read(version).await?)))
            })
            .await?;
        Ok(crate::render_cache::kept_or_put(computed)?)
    }

    /// How many snapshots are kept, after pending evictions (for tests).
    pub async fn kept(&self) -> u64 {
        self.counties.run_pending_tasks().await;
        self.counties.entry_count()
    }

    /// The weight of the snapshots kept, in bytes, after pending evictions.
    pub async fn weight(&self) -> u64 {
        self.counties.run_pending_tasks().await;
        self.counties.weighted_size()
    }
}

/// The county's directory as it is in the database now, recorded as of
/// `version`, drawn at `at`.
async fn read(
    db: &Db,
    id: CountyId,
    version: i64,
    at: OffsetDateTime,
) -> Result<Snapshot, RepoError> {
    let categories = categories::list(db, id).await?;
    let published = providers::published(db, id).await?;
    let navigation = pages::navigation(db, id).await?;
    Ok(Snapshot::new(
        version, categories, navigation, published, at,
    ))
}

#[cfg(test)]
mod tests;
