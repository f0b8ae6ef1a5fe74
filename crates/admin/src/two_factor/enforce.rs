//! `CMS_REQUIRE_2FA`: a user it covers who has not enrolled is sent from
//! every admin page to the enrolment page until they have. Only that page,
//! the account page and signing out work meanwhile. Checked by the route
//! guard (`crate::routes`) once the user is known, before the route's own
//! access rule.

use domain::User;
use domain::two_factor::Requirement;
use persistence::repo::{two_factor, users};
use web::{AppError, AppState};

/// The route templates a user who must enrol can still use (signing out is
/// a public route: no guard stops it).
const ALLOWED_WHILE_ENROLLING: [&str; 2] = ["/admin/account", super::ENROL_PATH];

/// Whether the setting covers this user (enrolled or not).
///
/// # Errors
/// Database errors.
pub async fn covered(state: &AppState, user: &User) -> Result<bool, AppError> {
    let requirement = state.config.require_2fa;
    // Memberships are read only when they decide it.
    let administers = if requirement == Requirement::Admins && !user.is_platform_admin {
        users::memberships_of(&state.db, user.id)
            .await?
            .iter()
            .any(|m| m.role.can_administer())
    } else {
        false
    };
    Ok(requirement.covers(user.is_platform_admin, administers))
}

/// Whether a request for the route `path` (its template) must be sent to
/// the enrolment page instead.
///
/// # Errors
/// Database errors.
pub async fn must_enrol(state: &AppState, user: &User, path: &str) -> Result<bool, AppError> {
    if ALLOWED_WHILE_ENROLLING.contains(&path) || !covered(state, user).await? {
        return Ok(false);
    }
    Ok(!two_factor::is_enrolled(&state.db, user.id).await?)
}
