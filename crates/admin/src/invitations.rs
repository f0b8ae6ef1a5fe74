//! Invitations waiting for the signed-in user: a county admin added this
//! account's email to their county. Nothing is granted until the person
//! accepts; declining removes the invitation. Both answers are recorded in
//! the inviting county's log.

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::response::Response;
use persistence::begin_write;
use persistence::repo::{counties, users};
use web::AppError;
use web::EmptyForm;
use web::views::AdminChrome;

use crate::account::own_event;
use crate::call::Signed;
use crate::pair::one_of;
use crate::view::chrome;
use crate::write::{Written, finish};

/// Where the invitations are answered; sign-in goes here while any wait.
pub const PATH: &str = "/admin/invitations";

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get(PATH, Access::SignedIn, list_invitations)
        .post(
            "/admin/invitations/{t}/accept",
            Access::SignedIn,
            one_of(true, answer),
        )
        .post(
            "/admin/invitations/{t}/decline",
            Access::SignedIn,
            one_of(false, answer),
        )
}

/// One county's invitation, as listed.
struct InvitationRow {
    slug: String,
    county: String,
    role_label: &'static str,
}

/// The invitations waiting for the user.
#[derive(Template, WebTemplate)]
#[template(path = "admin/invitations.html")]
struct InvitationsPage {
    chrome: AdminChrome,
    csrf_token: String,
    invitations: Vec<InvitationRow>,
}

/// GET /admin/invitations: the counties that invited the user, each with
/// accept and decline buttons.
async fn list_invitations(call: Signed) -> Result<InvitationsPage, AppError> {
    let current = &call.current;
    let invitations = users::invitations_of(&call.state.db, current.user.id)
        .await?
        .into_iter()
        .map(|m| InvitationRow {
            slug: m.county.slug,
            county: m.county.name,
            role_label: m.role.label(),
        })
        .collect();
    Ok(InvitationsPage {
        chrome: chrome(current).await?,
        csrf_token: current.csrf_token.clone(),
        invitations,
    })
}

/// POST /admin/invitations/{t}/accept (`accept`: joins the county with
/// the invited role) and POST /admin/invitations/{t}/decline (removes the
/// invitation): records the user's answer, 404 when that county has none
/// waiting for them. Next is the invitations page while others wait, else
/// the county joined or the admin home.
async fn answer(
    (Path(slug), call): (Path<String>, Signed<EmptyForm>),
    accept: bool,
) -> Result<Response, AppError> {
    let (state, current, client) = (&call.state, &call.current, call.client);
    let county = counties::find_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let txn = begin_write(&state.db).await?;
    let role = users::answer_invitation(&txn, county.id, current.user.id, accept).await?;
    let role = role.label().to_lowercase();
    let (action, answered) = if accept {
        ("membership.accepted", "accepted")
    } else {
        ("membership.declined", "declined")
    };
    let mut event = own_event(&current.user, action, client);
    event.county = Some(county.id);
    event.summary = format!("{answered} the invitation to join as {role}");
    let flash = if accept {
        format!("You joined {} as {role}.", county.name)
    } else {
        format!("You declined the invitation from {}.", county.name)
    };
    // Read in the transaction, which no longer holds this invitation.
    let waiting = !users::invitations_of(&txn, current.user.id)
        .await?
        .is_empty();
    let next = match (waiting, accept) {
        (true, _) => PATH.to_owned(),
        (false, true) => format!("/admin/{}", county.slug),
        (false, false) => "/admin".to_owned(),
    };
    finish(txn, &current.session, Written { event, flash, next }).await
}
