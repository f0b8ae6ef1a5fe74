//! Password hashing with argon2id (m = 19456 KiB, t = 2, p = 1, 16-byte
//! salt), off the async threads and behind a semaphore so that a burst of
//! sign-ins cannot take every core.

use std::sync::{Arc, LazyLock};

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::AppError;

fn argon2() -> Result<Argon2<'static>, argon2::Error> {
    Ok(Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(19_456, 2, 1, None)?,
    ))
}

/// Why hashing failed (never for valid input; argon2 refuses only absurd sizes).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// Hashes a password on the current thread: for the CLI and for tests.
///
/// # Errors
/// `HashError` when argon2 refuses the input.
pub fn hash_blocking(password: &str) -> Result<String, HashError> {
    let hasher = argon2().map_err(|e| HashError(e.to_string()))?;
    hasher
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Whether `password` matches the PHC string `hash`; false for a malformed hash.
#[must_use]
pub fn verify_blocking(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    argon2().is_ok_and(|a| a.verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A hash of a random password, verified against when the email is unknown
/// so that the answer takes as long as for a wrong password.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let random = format!("{:x}", rand::random::<u128>());
    hash_blocking(&random).unwrap_or_default()
});

/// The hashing service shared by handlers.
#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
}

impl Default for Passwords {
    fn default() -> Self {
        Self::new()
    }
}

impl Passwords {
    /// One concurrent hash per core.
    #[must_use]
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Self {
            permits: Arc::new(Semaphore::new(cores)),
        }
    }

    /// Computes the dummy hash now rather than on the first sign-in.
    pub fn warm_up() {
        LazyLock::force(&DUMMY_HASH);
    }

    /// Hashes a new password.
    ///
    /// # Errors
    /// `Internal` when hashing fails.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        tokio::task::spawn_blocking(move || hash_blocking(&password))
            .await
            .map_err(AppError::internal)?
            .map_err(AppError::internal)
    }

    /// Checks a password against the stored hash, or against a dummy hash
    /// when there is none (unknown email), taking similar time either way.
    ///
    /// # Errors
    /// `Internal` when the blocking task fails.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, AppError> {
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        tokio::task::spawn_blocking(move || match hash {
            Some(hash) => verify_blocking(&password, &hash),
            None => {
                let _ = verify_blocking(&password, &DUMMY_HASH);
                false
            }
        })
        .await
        .map_err(AppError::internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_with_argon2id_and_the_agreed_parameters() {
        let hash = hash_blocking("correct horse battery staple").unwrap_or_default();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_blocking("correct horse battery staple", &hash));
        assert!(!verify_blocking("correct horse battery stapler", &hash));
    }
}
