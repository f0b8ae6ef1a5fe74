//! Configuration from the environment (CONTRACT.md), with defaults that make
//! `cargo run` work on a bare machine.

use std::fmt;
use std::net::SocketAddr;

/// Embedded SQLite when no `DATABASE_URL` is set.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/cms.sqlite?mode=rwc";
/// Loopback only by default.
pub const DEFAULT_BIND: &str = "127.0.0.1:3000";

/// Everything `cms serve` needs.
#[derive(Clone)]
pub struct Settings {
    pub database_url: String,
    pub bind: SocketAddr,
    pub base_url: url::Url,
    pub trust_proxy: bool,
    /// The public page cache's budget, in MiB (`CMS_CACHE_MB`).
    pub cache_mb: u64,
    /// Who must enrol in two-factor sign-in (`CMS_REQUIRE_2FA`); `None`
    /// when not given: `admins`, or `off` for `cms serve --demo`.
    pub require_2fa: Option<domain::two_factor::Requirement>,
}

impl Settings {
    /// The base URL when `CMS_BASE_URL` is not set: `http://` + bind address.
    ///
    /// # Errors
    /// Never for a socket address; kept fallible for URL parsing.
    pub fn default_base_url(bind: SocketAddr) -> Result<url::Url, url::ParseError> {
        url::Url::parse(&format!("http://{bind}"))
    }
}

/// The database URL with any password replaced, for logs.
#[must_use]
pub fn redact_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.to_string()
        }
        _ => raw.to_owned(),
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("database_url", &redact_url(&self.database_url))
            .field("bind", &self.bind)
            .field("base_url", &self.base_url.as_str())
            .field("trust_proxy", &self.trust_proxy)
            .field("cache_mb", &self.cache_mb)
            .field("require_2fa", &self.require_2fa)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn hides_database_passwords() {
        assert_eq!(
            redact_url("postgres://cms:secret@db:5432/cms"),
            "postgres://cms:***@db:5432/cms"
        );
        assert_eq!(
            redact_url(super::DEFAULT_DATABASE_URL),
            super::DEFAULT_DATABASE_URL
        );
    }
}
