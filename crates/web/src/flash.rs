//! One-shot messages carried across a redirect (post/redirect/get).

use tower_sessions::Session;

use crate::AppError;

const FLASH_KEY: &str = "flash";

/// Sets the message shown on the next page.
///
/// # Errors
/// When the session store fails.
pub async fn set(session: &Session, message: impl Into<String>) -> Result<(), AppError> {
    session.insert(FLASH_KEY, message.into()).await?;
    Ok(())
}

/// Takes the pending message, if any.
///
/// # Errors
/// When the session store fails.
pub async fn take(session: &Session) -> Result<Option<String>, AppError> {
    Ok(session.remove::<String>(FLASH_KEY).await?)
}
