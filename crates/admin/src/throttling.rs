//! Sign-in throttling: when a sign-in is refused before the password is
//! checked, and what a failure counts towards.
//!
//! Two rules, both kept in the database:
//!
//! - **Per account**: 5 failures within 15 minutes lock that account for 15
//!   minutes, from every address. The key is a SHA-256 of the normalised
//!   email, so it has a fixed length whatever is typed.
//! - **Per address**: an address is blocked only when its failures within 15
//!   minutes are spread over 50 distinct accounts or number 200, the shape
//!   of credential stuffing. One colleague's typos behind an office's one
//!   address lock only their own account. The block lasts 60 seconds, and
//!   each next block in a run twice as long, up to 15 minutes.

use persistence::repo::{address_rule, throttle};
use sha2::{Digest, Sha256};
use web::{AppError, AppState, ClientAddr};

/// Failures per account within the window that lock the account.
pub const ACCOUNT_POLICY: throttle::Policy = throttle::Policy {
    window_secs: 15 * 60,
    max_failures: 5,
    lock_secs: 15 * 60,
};

/// When failures from one address block it.
pub const ADDRESS_RULE: address_rule::AddressRule = address_rule::AddressRule {
    window_secs: 15 * 60,
    max_accounts: 50,
    max_failures: 200,
    first_block_secs: 60,
    max_block_secs: 15 * 60,
};

/// The longest email an account can have (RFC 5321's path limit); anything
/// longer is answered like wrong credentials.
pub const MAX_EMAIL_CHARS: usize = 254;

/// Who a sign-in attempt is for and from, as throttling keys.
pub struct Attempt {
    /// `account:` and the hex SHA-256 of the trimmed, lower-cased email.
    pub account_key: String,
    /// The hex SHA-256 alone, for the per-address count of accounts.
    pub account_hash: String,
    /// The client address as text.
    pub address: String,
}

impl Attempt {
    /// The keys for `typed_email` (already trimmed and lower-cased) from
    /// `client`.
    #[must_use]
    pub fn new(typed_email: &str, client: &ClientAddr) -> Self {
        let digest = Sha256::digest(typed_email.as_bytes());
        let account_hash = digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>();
        Self {
            account_key: format!("account:{account_hash}"),
            account_hash,
            address: client.label(),
        }
    }
}

/// Why a sign-in was refused before its password was checked.
pub enum Refusal {
    /// The account is locked.
    Account { until: i64 },
    /// The address is blocked.
    Address { until: i64 },
}

impl Refusal {
    /// Unix seconds at which the refusal ends.
    #[must_use]
    pub fn until(&self) -> i64 {
        match self {
            Self::Account { until } | Self::Address { until } => *until,
        }
    }
}

/// Whether the attempt is refused at `now` without looking at its password.
///
/// # Errors
/// Database errors.
pub async fn refusal(
    state: &AppState,
    attempt: &Attempt,
    now: i64,
) -> Result<Option<Refusal>, AppError> {
    if let Some(until) = throttle::locked_until(&state.db, &attempt.account_key, now).await? {
        return Ok(Some(Refusal::Account { until }));
    }
    let blocked = address_rule::blocked_until(&state.db, &attempt.address, now).await?;
    Ok(blocked.map(|until| Refusal::Address { until }))
}

/// What one failure locked, if anything.
pub struct Locks {
    /// The account's lock end, when this failure locked it.
    pub account: Option<i64>,
    /// The address's block end, when this failure blocked it.
    pub address: Option<i64>,
}

/// Counts a failed sign-in against the account and the address.
///
/// # Errors
/// Database errors.
pub async fn record_failure(
    state: &AppState,
    attempt: &Attempt,
    now: i64,
) -> Result<Locks, AppError> {
    let account =
        throttle::record_failure(&state.db, &attempt.account_key, now, ACCOUNT_POLICY).await?;
    let address = address_rule::record_failure(
        &state.db,
        &attempt.address,
        &attempt.account_hash,
        now,
        ADDRESS_RULE,
    )
    .await?;
    Ok(Locks { account, address })
}

/// Forgets the account's failures after a right password.
///
/// # Errors
/// Database errors.
pub async fn clear(state: &AppState, attempt: &Attempt) -> Result<(), AppError> {
    throttle::clear(&state.db, &attempt.account_key).await?;
    Ok(())
}

/// The typed email as it may be shown and logged: at most
/// [`MAX_EMAIL_CHARS`] characters, ending in "…" when it was longer.
#[must_use]
pub fn label(typed_email: &str) -> String {
    domain::text::cut(typed_email, MAX_EMAIL_CHARS)
}
