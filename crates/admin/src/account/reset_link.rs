//! Issuing a one-time password reset link, without email: from a county's
//! users page (`POST /admin/{t}/users/{id}/reset-link`) or the command line
//! (`cms user reset-password --email E`, through [`issue_from_cli`]).
//!
//! The token is 32 random bytes (256 bits) in URL-safe base64. Only its
//! SHA-256 is stored: for a token of at least 128 random bits a fast,
//! unsalted hash is right, because nobody can search that space, so the
//! stored hash gives away nothing a slow hash would protect. The link is
//! shown once, to whoever issued it, and is valid for 24 hours and for one
//! use. Issuing a new one replaces the last.

use askama::Template;
use askama_web::WebTemplate;
use base64::Engine as _;
use domain::{NewAuditEvent, UserId};
use persistence::repo::password_resets::{self, NewReset};
use persistence::{Db, RepoError, Txn, begin_write, commit};
use sha2::{Digest, Sha256};
use web::AppError;
use web::EmptyForm;
use web::views::AdminChrome;

use super::record_for_user;
use crate::call::Call;
use crate::view::{county_chrome, county_event};

/// How long a link is valid.
pub const VALID_FOR_SECS: i64 = 24 * 60 * 60;

/// A new random token: 256 bits, URL-safe base64 (43 characters).
fn new_token() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// The hex SHA-256 of a token, as stored. Whatever its length, the key
/// looked up is 64 characters.
#[must_use]
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Stores a new link for `user` inside `txn` and returns its token.
async fn store(txn: &Txn, user: UserId, issued_by: &str, now: i64) -> Result<String, RepoError> {
    let token = new_token();
    let hash = token_hash(&token);
    let new = NewReset {
        user,
        token_hash: &hash,
        now,
        expires_at: now + VALID_FOR_SECS,
        issued_by,
    };
    password_resets::issue(txn, &new).await?;
    Ok(token)
}

/// The link for a token, on the address users reach.
fn link(base_url: &url::Url, token: &str) -> String {
    format!(
        "{}/admin/reset/{token}",
        base_url.as_str().trim_end_matches('/')
    )
}

/// The page that shows a reset link, once.
#[derive(Template, WebTemplate)]
#[template(path = "admin/reset_link.html")]
pub struct ResetLinkPage {
    chrome: AdminChrome,
    slug: String,
    name: String,
    email: String,
    link: String,
}

/// POST /admin/{t}/users/{id}/reset-link: issues a one-time reset link for
/// a member of the county and shows it once (404 for anyone not a member,
/// 403 for oneself and, unless one is a platform admin, for a platform
/// admin).
pub async fn issue_reset_link(call: Call<UserId, EmptyForm>) -> Result<ResetLinkPage, AppError> {
    let (state, county, client) = (&call.state, &call.county, call.client);
    county.require_admin()?;
    let member = crate::users::member_to_change(state, county, call.id).await?;
    let now = state.clock.now().unix_timestamp();
    let txn = begin_write(&state.db).await?;
    let token = store(&txn, member.user.id, &county.current.user.email, now).await?;
    let mut e = county_event(
        county,
        "password.reset_issued",
        "user",
        Some(member.user.email.clone()),
        client,
    );
    e.summary = "issued a one-time password reset link (24 hours)".to_owned();
    persistence::repo::audit::record(&txn, e).await?;
    commit(txn).await?;
    tracing::info!(user.id = %member.user.id, "password reset link issued");
    Ok(ResetLinkPage {
        chrome: county_chrome(county).await?.into_admin(),
        slug: county.slug.clone(),
        name: member.user.display_name,
        email: member.user.email,
        link: link(&state.config.base_url, &token),
    })
}

/// Why the command line could not issue a link.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error("no account has the email {0}")]
    NoSuchAccount(String),
    #[error("invalid email: {0}")]
    BadEmail(#[from] domain::EmailError),
    #[error(transparent)]
    Repo(#[from] RepoError),
}

/// `cms user reset-password --email E`: issues a link for the account with
/// this email, audited in each of its counties' logs (or the platform log)
/// as issued by "cli", and returns the link on `base_url`.
///
/// # Errors
/// A malformed or unknown email; database errors.
pub async fn issue_from_cli(
    db: &Db,
    email: &str,
    base_url: &url::Url,
    now: i64,
) -> Result<String, IssueError> {
    let email = domain::EmailAddress::parse(email)?;
    let user = persistence::repo::users::find_by_email(db, &email)
        .await?
        .ok_or_else(|| IssueError::NoSuchAccount(email.as_str().to_owned()))?;
    let txn = begin_write(db).await?;
    let token = store(&txn, user.id, "cli", now).await?;
    let mut e = NewAuditEvent::new("password.reset_issued", "cli");
    e.object_type = Some("user".to_owned());
    e.object_id = Some(user.email.clone());
    e.summary = "issued a one-time password reset link (24 hours) from the command line".to_owned();
    record_for_user(&txn, Some(user.id), e).await?;
    commit(txn).await?;
    Ok(link(base_url, &token))
}
