//! What every handler can reach.

use std::sync::Arc;

use persistence::{Db, DbSessionStore};

use crate::passwords::Passwords;

/// Settings the HTTP layer needs, built once at start-up.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// The address users reach, e.g. `https://support.example.org`.
    pub base_url: url::Url,
    /// Whether the session cookie is `Secure` and `__Host-` prefixed: true for
    /// https and for loopback (browsers treat `http://localhost` as secure).
    pub secure_cookies: bool,
    /// Trust the last `X-Forwarded-For` entry as the client address (only
    /// when the server runs behind a proxy that sets it).
    pub trust_proxy: bool,
    /// Where "Exit this page" leads.
    pub exit_url: String,
    /// The public page cache's budget in MiB (`CMS_CACHE_MB`).
    pub cache_mb: u64,
    /// Who must enrol in two-factor sign-in before using the admin
    /// (`CMS_REQUIRE_2FA`).
    pub require_2fa: domain::two_factor::Requirement,
}

impl WebConfig {
    /// Settings for `base_url` with the defaults for everything else.
    #[must_use]
    pub fn new(base_url: url::Url) -> Self {
        let secure_cookies = base_url.scheme() == "https"
            || matches!(
                base_url.host_str(),
                Some("localhost" | "127.0.0.1" | "[::1]")
            );
        Self {
            base_url,
            secure_cookies,
            trust_proxy: false,
            exit_url: crate::DEFAULT_EXIT_URL.to_owned(),
            cache_mb: crate::render_cache::DEFAULT_BUDGET_MB,
            require_2fa: domain::two_factor::Requirement::Admins,
        }
    }

    /// The session cookie's name: `__Host-` prefixed when it can be.
    #[must_use]
    pub fn cookie_name(&self) -> &'static str {
        if self.secure_cookies {
            "__Host-cms_session"
        } else {
            "cms_session"
        }
    }

    /// `scheme://host[:port]` of the base URL, as browsers send in `Origin`.
    #[must_use]
    pub fn origin(&self) -> String {
        self.base_url.origin().ascii_serialization()
    }
}

/// The state shared by every handler: one `Arc`, so that the clones axum
/// makes for every extractor and middleware of every request cost one
/// atomic increment (cloning each field was a few per cent of a cached
/// page's CPU).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// What [`AppState`] holds; reached through it by `Deref`.
pub struct Shared {
    pub db: Db,
    pub sessions: DbSessionStore,
    pub config: Arc<WebConfig>,
    pub passwords: Passwords,
    /// Rendered public pages, keyed by county content version.
    pub render_cache: Arc<crate::render_cache::RenderCache>,
    /// The time as the handlers read it (tests can set it).
    pub clock: crate::Clock,
    /// The public pages' read of their county, kept while it cannot have
    /// changed.
    pub county_reads: Arc<crate::county_reads::CountyReads>,
    /// Each county's published directory in memory, by content version.
    pub snapshots: Arc<crate::county_snapshot::Snapshots>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    /// State over this pool and configuration.
    #[must_use]
    pub fn new(db: Db, config: WebConfig) -> Self {
        Self(Arc::new(Shared {
            sessions: DbSessionStore::new(db.clone(), crate::auth::IDLE_TIMEOUT_SECS),
            county_reads: Arc::new(crate::county_reads::CountyReads::new(db.clone())),
            db,
            passwords: Passwords::new(),
            render_cache: Arc::new(crate::render_cache::RenderCache::new(config.cache_mb)),
            snapshots: Arc::new(crate::county_snapshot::Snapshots::default()),
            clock: crate::Clock::default(),
            config: Arc::new(config),
        }))
    }
}
