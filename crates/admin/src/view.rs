//! Helpers for building admin pages.

use web::views::{AdminChrome, SignedIn};
use web::{AppError, CurrentUser, flash};

use crate::County;

/// The chrome of a page outside any county.
pub async fn chrome(current: &CurrentUser) -> Result<AdminChrome, AppError> {
    Ok(AdminChrome {
        user: Some(SignedIn::of(current)),
        county: None,
        can_administer: false,
        flash: flash::take(&current.session).await?,
    })
}

/// The chrome of a county page.
pub async fn county_chrome(county: &County) -> Result<AdminChrome, AppError> {
    let mut chrome = chrome(&county.current).await?;
    chrome.county = Some((county.tenant.slug.clone(), county.tenant.name.clone()));
    chrome.can_administer = county.role.can_administer();
    Ok(chrome)
}

/// The audit event's client address.
pub fn client_label(addr: web::ClientAddr) -> Option<String> {
    addr.0.map(|ip| ip.to_string())
}

/// The version a form was based on, when it is the stored one. Anything
/// else (another number, or not a number at all) means someone saved in
/// between: the caller answers 409. The write itself checks again, in the
/// statement that writes, for edits that race this one.
pub fn matching_version(submitted: &str, current: i32) -> Option<i32> {
    submitted
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|v| *v == current)
}
