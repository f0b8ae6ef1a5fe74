//! Helpers for building admin pages.

use std::ops::Deref;

use web::views::{AdminChrome, SignedIn};
use web::{AppError, CurrentUser, flash};

use crate::CountyAccess;

/// The chrome of a page outside any county.
pub async fn chrome(current: &CurrentUser) -> Result<AdminChrome, AppError> {
    Ok(AdminChrome {
        user: Some(SignedIn::of(current)),
        county: None,
        can_administer: false,
        flash: flash::take(&current.session).await?,
    })
}

/// The chrome of a county page: the admin chrome (read through `Deref`,
/// so the layout reads both kinds alike), the CSRF token of the page's
/// forms, the county's names and whether its content is read-only, which
/// every county page shows.
pub struct CountyChrome {
    chrome: AdminChrome,
    /// The session's CSRF token, for the page's forms.
    pub csrf_token: String,
    /// The county's name, in titles and hints.
    pub county_name: String,
    /// The county's slug, in links.
    pub slug: String,
    /// A suspended county's content is read-only: its pages say so and
    /// show no buttons that would change it.
    pub read_only: bool,
}

impl CountyChrome {
    /// The admin chrome alone, for a page that shows no county forms.
    #[must_use]
    pub fn into_admin(self) -> AdminChrome {
        self.chrome
    }
}

impl Deref for CountyChrome {
    type Target = AdminChrome;

    fn deref(&self) -> &AdminChrome {
        &self.chrome
    }
}

/// What a form's fields read as `chrome` when shown outside a page (the
/// conflict page's "send yours again"): the county's names.
pub struct FieldsChrome<'a> {
    /// The county's name, in hints.
    pub county_name: &'a str,
    /// The county's slug, in links.
    pub slug: &'a str,
}

/// The chrome of a county page.
pub async fn county_chrome(county: &CountyAccess) -> Result<CountyChrome, AppError> {
    let mut chrome = chrome(&county.current).await?;
    chrome.county = Some((county.slug.clone(), county.name.clone()));
    chrome.can_administer = county.role.can_administer();
    Ok(CountyChrome {
        chrome,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.name.clone(),
        slug: county.slug.clone(),
        read_only: !county.is_active(),
    })
}

/// An audit event in `county` by the signed-in user about one object
/// (`object_id` `None` when the event is about a kind of thing, not one).
pub fn county_event(
    county: &CountyAccess,
    action: &str,
    object_type: &str,
    object_id: Option<String>,
    client: web::ClientAddr,
) -> domain::NewAuditEvent {
    let mut e = domain::NewAuditEvent::new(action, &county.current.user.email);
    e.county = Some(county.id);
    e.actor = Some(county.current.user.id);
    e.object_type = Some(object_type.to_owned());
    e.object_id = object_id;
    e.client_addr = client_label(client);
    e
}

/// Rolls back a unit of work that was refused part-way.
///
/// # Errors
/// `Unavailable` when the database cannot be reached (nothing of the unit
/// of work was written either way), `Internal` on other database errors.
pub async fn rollback(txn: persistence::Txn) -> Result<(), AppError> {
    Ok(persistence::rollback(txn).await?)
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
