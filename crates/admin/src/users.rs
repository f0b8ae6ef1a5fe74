//! County admins: the county's users, their roles, and disabling them.

mod add;

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{NewAuditEvent, Role, UserId};
use persistence::repo::{audit, users};
use persistence::{begin_write, commit, session_store};
use serde::Deserialize;
use uuid::Uuid;
use web::EmptyForm;
use web::views::{AdminChrome, FormErrors};
use web::{AppError, AppState, ClientAddr, CsrfForm, flash};

use crate::County;
use crate::view::{county_chrome, county_event};

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/{t}/users", Access::CountyAdmin, list_users)
        .post("/admin/{t}/users", Access::CountyAdmin, add::add_user)
        .post(
            "/admin/{t}/users/{id}/role",
            Access::CountyAdmin,
            change_role,
        )
        .post(
            "/admin/{t}/users/{id}/disable",
            Access::CountyAdmin,
            disable_user,
        )
        .post(
            "/admin/{t}/users/{id}/enable",
            Access::CountyAdmin,
            enable_user,
        )
        .post(
            "/admin/{t}/users/{id}/two-factor/reset",
            Access::CountyAdmin,
            crate::two_factor::reset::reset_two_factor,
        )
}

struct MemberRow {
    id: String,
    name: String,
    email: String,
    role: &'static str,
    role_label: &'static str,
    disabled: bool,
    /// Invited, not yet accepted: no role or access to change yet.
    invited: bool,
    is_you: bool,
    /// Whether this user may be given a password reset link from here.
    can_reset: bool,
    /// Two-factor sign-in is on.
    two_factor: bool,
    /// This user may reset it ("reset two-factor").
    can_reset_two_factor: bool,
}

#[derive(Deserialize)]
struct AddUserForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

impl Default for AddUserForm {
    fn default() -> Self {
        Self {
            email: String::new(),
            name: String::new(),
            role: Role::Editor.as_str().to_owned(),
            password: String::new(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/users.html")]
struct UsersPage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    members: Vec<MemberRow>,
    roles: Vec<(&'static str, &'static str)>,
    form: AddUserForm,
    errors: FormErrors,
}

async fn page(
    state: &AppState,
    county: &County,
    mut form: AddUserForm,
    errors: FormErrors,
) -> Result<UsersPage, AppError> {
    let members = users::members_of(&state.db, county.tenant.id).await?;
    let ids: Vec<UserId> = members.iter().map(|m| m.user.id).collect();
    let enrolled = persistence::repo::two_factor::enrolled_among(&state.db, &ids).await?;
    let members = members
        .into_iter()
        .map(|m| MemberRow {
            id: m.user.id.to_string(),
            is_you: m.user.id == county.current.user.id,
            can_reset: m.user.id != county.current.user.id
                && m.invited_name.is_none()
                && (county.current.user.is_platform_admin || !m.user.is_platform_admin),
            two_factor: enrolled.contains(&m.user.id),
            can_reset_two_factor: enrolled.contains(&m.user.id)
                && m.user.id != county.current.user.id
                && m.invited_name.is_none()
                && (county.current.user.is_platform_admin || !m.user.is_platform_admin)
                && crate::two_factor::reset::may_reset(county, m.role),
            invited: m.invited_name.is_some(),
            name: m.invited_name.unwrap_or(m.user.display_name),
            email: m.user.email,
            role: m.role.as_str(),
            role_label: m.role.label(),
            disabled: m.disabled,
        })
        .collect();
    // A password is never sent back to the browser.
    form.password.clear();
    Ok(UsersPage {
        chrome: county_chrome(county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        members,
        roles: Role::ALL.iter().map(|r| (r.as_str(), r.label())).collect(),
        form,
        errors,
    })
}

/// GET /admin/{t}/users: the county's members and invitations, and the
/// form to add one.
async fn list_users(State(state): State<AppState>, county: County) -> Result<UsersPage, AppError> {
    county.require_admin()?;
    page(&state, &county, AddUserForm::default(), FormErrors::new()).await
}

fn event(county: &County, action: &str, client: ClientAddr) -> NewAuditEvent {
    county_event(county, action, "user", None, client)
}

/// The member named in the URL whose role and access this user may change:
/// 404 for anyone not a member of this county (an invitation is not a
/// membership yet), 403 for oneself and, unless one is a platform admin
/// oneself, for a platform admin.
pub(crate) async fn target(
    state: &AppState,
    county: &County,
    raw_id: &str,
) -> Result<domain::Member, AppError> {
    let id = Uuid::parse_str(raw_id).map_err(|_| AppError::NotFound)?;
    let member = users::member(&state.db, county.tenant.id, UserId::from_uuid(id)).await?;
    if member.invited_name.is_some() {
        return Err(AppError::NotFound);
    }
    // Nobody changes their own role or access: it would lock a county out.
    if member.user.id == county.current.user.id {
        return Err(AppError::Forbidden);
    }
    if member.user.is_platform_admin && !county.current.user.is_platform_admin {
        return Err(AppError::Forbidden);
    }
    Ok(member)
}

/// The one `role` of a role form; none, several or an unknown one is `None`.
/// The form is read as pairs so that who may change the role is decided
/// before what was sent is judged (403 before 422).
fn one_role(form: &[(String, String)]) -> Option<Role> {
    let mut roles = form.iter().filter(|(k, _)| k == "role");
    match (roles.next(), roles.next()) {
        (Some((_, value)), None) => Role::parse(value),
        _ => None,
    }
}

/// POST /admin/{t}/users/{id}/role: changes a member's role; demotion ends
/// their sessions.
async fn change_role(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    county.require_admin()?;
    let member = target(&state, &county, &id).await?;
    let Some(role) = one_role(&form) else {
        let mut errors = FormErrors::new();
        errors.add("role", "Choose a role: county admin or editor");
        let page = page(&state, &county, AddUserForm::default(), errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let demoted = member.role.can_administer() && !role.can_administer();
    let txn = begin_write(&state.db).await?;
    users::update_membership(
        &txn,
        county.tenant.id,
        member.user.id,
        role,
        member.disabled,
    )
    .await?;
    if demoted {
        session_store::delete_for_user(&txn, member.user.id).await?;
    }
    let mut e = event(&county, "user.role", client);
    e.object_id = Some(member.user.email.clone());
    e.changed_fields = vec!["role".into()];
    e.summary = format!("{} -> {}", member.role.as_str(), role.as_str());
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!(
            "{} is now {}.",
            member.user.display_name,
            role.label().to_lowercase()
        ),
    )
    .await?;
    Ok(Redirect::to(&format!("/admin/{}/users", county.tenant.slug)).into_response())
}

async fn set_disabled(
    state: &AppState,
    county: &County,
    client: ClientAddr,
    id: &str,
    disabled: bool,
) -> Result<Response, AppError> {
    county.require_admin()?;
    let member = target(state, county, id).await?;
    let txn = begin_write(&state.db).await?;
    users::update_membership(
        &txn,
        county.tenant.id,
        member.user.id,
        member.role,
        disabled,
    )
    .await?;
    if disabled {
        session_store::delete_for_user(&txn, member.user.id).await?;
    }
    let mut e = event(
        county,
        if disabled {
            "user.disable"
        } else {
            "user.enable"
        },
        client,
    );
    e.object_id = Some(member.user.email.clone());
    e.changed_fields = vec!["disabled".into()];
    audit::record(&txn, e).await?;
    commit(txn).await?;
    let done = if disabled {
        "disabled; their sessions have ended"
    } else {
        "enabled"
    };
    flash::set(
        &county.current.session,
        format!("{} was {done}.", member.user.display_name),
    )
    .await?;
    Ok(Redirect::to(&format!("/admin/{}/users", county.tenant.slug)).into_response())
}

/// POST /admin/{t}/users/{id}/disable: disables a member here and ends
/// their sessions.
async fn disable_user(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Result<Response, AppError> {
    set_disabled(&state, &county, client, &id, true).await
}

/// POST /admin/{t}/users/{id}/enable: enables a disabled member again.
async fn enable_user(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Result<Response, AppError> {
    set_disabled(&state, &county, client, &id, false).await
}
