//! "Reset two-factor": `POST /admin/{t}/users/{id}/two-factor/reset`, for a
//! user who lost their device. A county admin may reset an editor of their
//! county; only a platform admin may reset an admin (403 otherwise), and
//! nobody their own (403: they turn it off with a code). Someone not a
//! member of the county: 404. The user's secret and recovery codes go and
//! their sessions end; when `CMS_REQUIRE_2FA` covers them, they enrol again
//! at their next sign-in.

use axum::response::Response;
use domain::UserId;
use persistence::repo::two_factor;
use persistence::{begin_write, session_store};
use web::EmptyForm;
use web::{AppError, AppState};

use crate::CountyAccess;
use crate::call::Call;
use crate::view::county_event;
use crate::write::{Written, finish};

/// Whether the user of `county` may reset the two-factor of a member with
/// this role (being neither themselves nor, for a county admin, a
/// platform admin: `users::target` refuses those).
#[must_use]
pub fn may_reset(county: &CountyAccess, member_role: domain::Role) -> bool {
    county.current.user.is_platform_admin || !member_role.can_administer()
}

/// POST /admin/{t}/users/{id}/two-factor/reset: removes a member's
/// two-factor and ends their sessions, audited as `two_factor.reset`.
pub async fn reset_two_factor(call: Call<UserId, EmptyForm>) -> Result<Response, AppError> {
    let (state, county, client) = (&call.state, &call.county, call.client);
    let member = resettable(state, county, call.id).await?;
    let txn = begin_write(&state.db).await?;
    let was_on = two_factor::remove(&txn, member.user.id).await?;
    session_store::delete_for_user(&txn, member.user.id).await?;
    let email = Some(member.user.email.clone());
    let mut event = county_event(county, "two_factor.reset", "user", email, client);
    event.summary = if was_on {
        "two-factor reset (lost device); their sessions ended".to_owned()
    } else {
        "two-factor reset (it was not on); their sessions ended".to_owned()
    };
    let flash = format!(
        "Two-factor sign-in was reset for {}; they set it up again at their next sign-in.",
        member.user.display_name
    );
    let next = format!("/admin/{}/users", county.slug);
    let answer = finish(txn, &county.current.session, Written { event, flash, next }).await?;
    tracing::info!(user.id = %member.user.id, county.id = %county.id, "two-factor reset");
    Ok(answer)
}

/// The member `id` whose two-factor the signed-in county admin may
/// reset (`users::target`, then [`may_reset`]): 404 or 403 otherwise.
async fn resettable(
    state: &AppState,
    county: &CountyAccess,
    id: UserId,
) -> Result<domain::Member, AppError> {
    county.require_admin()?;
    let member = crate::users::member_to_change(state, county, id).await?;
    if !may_reset(county, member.role) {
        return Err(AppError::Forbidden);
    }
    Ok(member)
}
