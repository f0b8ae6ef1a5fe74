//! Invitations waiting for the signed-in user: a county admin added this
//! account's email to their county. Nothing is granted until the person
//! accepts; declining removes the invitation. Both answers are recorded in
//! the inviting county's log.

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::NewAuditEvent;
use persistence::repo::{audit, tenants, users};
use persistence::{begin_write, commit};
use web::EmptyForm;
use web::views::AdminChrome;
use web::{AppError, AppState, ClientAddr, CsrfForm, CurrentUser, flash};

use crate::view::chrome;

/// Where the invitations are answered; sign-in goes here while any wait.
pub const PATH: &str = "/admin/invitations";

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get(PATH, Access::SignedIn, list_invitations)
        .post(
            "/admin/invitations/{t}/accept",
            Access::SignedIn,
            accept_invitation,
        )
        .post(
            "/admin/invitations/{t}/decline",
            Access::SignedIn,
            decline_invitation,
        )
}

struct InvitationRow {
    slug: String,
    county: String,
    role_label: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/invitations.html")]
struct InvitationsPage {
    chrome: AdminChrome,
    csrf_token: String,
    invitations: Vec<InvitationRow>,
}

/// GET /admin/invitations: the counties that invited the user, each with
/// accept and decline buttons.
async fn list_invitations(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<InvitationsPage, AppError> {
    let invitations = users::invitations_of(&state.db, current.user.id)
        .await?
        .into_iter()
        .map(|m| InvitationRow {
            slug: m.tenant.slug,
            county: m.tenant.name,
            role_label: m.role.label(),
        })
        .collect();
    Ok(InvitationsPage {
        chrome: chrome(&current).await?,
        csrf_token: current.csrf_token.clone(),
        invitations,
    })
}

/// POST /admin/invitations/{t}/accept: joins the county with the invited
/// role.
async fn accept_invitation(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientAddr,
    Path(slug): Path<String>,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Result<Response, AppError> {
    answer(&state, &current, client, &slug, true).await
}

/// POST /admin/invitations/{t}/decline: removes the invitation.
async fn decline_invitation(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientAddr,
    Path(slug): Path<String>,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Result<Response, AppError> {
    answer(&state, &current, client, &slug, false).await
}

/// Records the user's answer to the county's invitation: 404 when that
/// county has none waiting for them.
async fn answer(
    state: &AppState,
    current: &CurrentUser,
    client: ClientAddr,
    slug: &str,
    accept: bool,
) -> Result<Response, AppError> {
    let tenant = tenants::find_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let txn = begin_write(&state.db).await?;
    let role = users::answer_invitation(&txn, tenant.id, current.user.id, accept).await?;
    let action = if accept {
        "membership.accepted"
    } else {
        "membership.declined"
    };
    let mut event = NewAuditEvent::new(action, &current.user.email);
    event.tenant = Some(tenant.id);
    event.actor = Some(current.user.id);
    event.object_type = Some("user".to_owned());
    event.object_id = Some(current.user.email.clone());
    event.summary = format!(
        "{} the invitation to join as {}",
        if accept { "accepted" } else { "declined" },
        role.label().to_lowercase()
    );
    event.client_addr = client.0.map(|ip| ip.to_string());
    audit::record(&txn, event).await?;
    commit(txn).await?;
    let message = if accept {
        format!(
            "You joined {} as {}.",
            tenant.name,
            role.label().to_lowercase()
        )
    } else {
        format!("You declined the invitation from {}.", tenant.name)
    };
    flash::set(&current.session, message).await?;
    let waiting = !users::invitations_of(&state.db, current.user.id)
        .await?
        .is_empty();
    let target = match (waiting, accept) {
        (true, _) => PATH.to_owned(),
        (false, true) => format!("/admin/{}", tenant.slug),
        (false, false) => "/admin".to_owned(),
    };
    Ok(Redirect::to(&target).into_response())
}
