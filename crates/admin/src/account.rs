//! The signed-in user's own account (`/admin/account`): their sessions,
//! ending them, changing their password; and password resets without
//! email: a one-time link a county admin (or platform admin, or the
//! `cms user reset-password` command) issues, shown once to whoever issued
//! it, that sets a new password.
//!
//! A session is named in URLs by its public id, a random UUID kept in the
//! session's data and mirrored in its row: never by the secret cookie value.
//! A reset link carries 256 random bits, stored only as their SHA-256.

mod page;
mod password;
mod reset;
/// Issuing a one-time password reset link (from the users page or the
/// command line).
pub mod reset_link;
mod sessions;
/// The extractor of handlers for someone not (yet) signed in.
pub(crate) mod visitor;

use domain::{CountyId, EmailAddress, NewAuditEvent, User, UserId};
use persistence::RepoError;
use persistence::repo::{audit, users};
use web::{AppError, AppState, ClientAddr};

use crate::routes::{Access, Routes};
use crate::view::client_label;

/// The account page.
pub const PATH: &str = "/admin/account";

/// The routes of these screens, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get(PATH, Access::SignedIn, page::show_account)
        .post(
            "/admin/account/password",
            Access::SignedIn,
            password::change_password,
        )
        .post(
            "/admin/account/sessions/{id}/end",
            Access::SignedIn,
            sessions::end_session,
        )
        .post(
            "/admin/account/sessions/end-others",
            Access::SignedIn,
            sessions::end_other_sessions,
        )
        .post(
            "/admin/{t}/users/{id}/reset-link",
            Access::CountyAdmin,
            reset_link::issue_reset_link,
        )
        .get("/admin/reset/{token}", Access::Public, reset::reset_form)
        .post(
            "/admin/reset/{token}",
            Access::Public,
            reset::reset_password,
        )
}

/// The request path as logs may show it: a reset link's token replaced by
/// `{token}` (request spans carry the path, and a token must never reach a
/// log).
#[must_use]
pub fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    match path.strip_prefix("/admin/reset/") {
        Some(rest) if !rest.is_empty() => "/admin/reset/{token}".into(),
        _ => path.into(),
    }
}

/// Unix seconds as UK time to the minute, with the zone: "28 Nov 2026,
/// 14:03 GMT" (or BST in summer).
fn uk_time(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| {
            t.with_timezone(&chrono_tz::Europe::London)
                .format("%d %b %Y, %H:%M %Z")
                .to_string()
        })
        .unwrap_or_default()
}

/// Records an event about a user in the log of every county they belong
/// to (county admins read their county's log), or in the platform log when
/// they belong to none or are not known (a sign-in for an unknown email);
/// inside the caller's transaction, when it has one.
pub(crate) async fn record_for_user(
    db: &impl sea_orm::ConnectionTrait,
    user: Option<UserId>,
    event: NewAuditEvent,
) -> Result<(), RepoError> {
    let counties: Vec<CountyId> = match user {
        Some(user) => users::memberships_of(db, user)
            .await?
            .into_iter()
            .map(|m| m.county.id)
            .collect(),
        None => Vec::new(),
    };
    if counties.is_empty() {
        audit::record(db, event).await?;
        return Ok(());
    }
    for county in counties {
        let mut e = event.clone();
        e.county = Some(county);
        audit::record(db, e).await?;
    }
    Ok(())
}

/// An audit event about a user's own account (their password, their
/// two-factor, their memberships), done by themselves from `client`.
pub(crate) fn own_event(user: &User, action: &str, client: ClientAddr) -> NewAuditEvent {
    let mut e = NewAuditEvent::new(action, &user.email);
    e.actor = Some(user.id);
    e.object_type = Some("user".to_owned());
    e.object_id = Some(user.email.clone());
    e.client_addr = client_label(client);
    e
}

/// Whether `password` is the user's current password (the forms that
/// change what protects an account ask for it again).
pub(crate) async fn password_is(
    state: &AppState,
    user: &User,
    password: String,
) -> Result<bool, AppError> {
    let hash = match EmailAddress::parse(&user.email) {
        Ok(email) => users::find_credentials(&state.db, &email)
            .await?
            .map(|c| c.password_hash),
        Err(_) => None,
    };
    state.passwords.verify(password, hash).await
}

/// Words a user's new password must not be built from: their email and
/// name, and the names of their counties (as `POST /admin/{t}/users`
/// checks).
async fn password_context(
    db: &persistence::Db,
    user: &domain::User,
) -> Result<Vec<String>, RepoError> {
    let mut words = vec![user.email.clone(), user.display_name.clone()];
    for m in users::memberships_of(db, user.id).await? {
        words.push(m.county.slug);
        words.push(m.county.name);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn a_reset_token_never_reaches_the_log() {
        assert_eq!(
            loggable_path("/admin/reset/abcDEF123"),
            "/admin/reset/{token}"
        );
        assert_eq!(loggable_path("/admin/account"), "/admin/account");
        assert_eq!(loggable_path("/admin/reset/"), "/admin/reset/");
    }
}
