//! County admins: the county's users, their roles, and disabling them.

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{DisplayName, EmailAddress, NewAuditEvent, Role, UserId, check_password};
use persistence::repo::{audit, users};
use persistence::{RepoError, begin_write, commit, session_store};
use serde::Deserialize;
use uuid::Uuid;
use web::views::{AdminChrome, FormErrors};
use web::{AppError, AppState, ClientAddr, CsrfForm, flash};

use crate::County;
use crate::view::{county_chrome, county_event};

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/{t}/users", Access::CountyAdmin, list_users)
        .post("/admin/{t}/users", Access::CountyAdmin, add_user)
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
}

struct MemberRow {
    id: String,
    name: String,
    email: String,
    role: &'static str,
    role_label: &'static str,
    disabled: bool,
    is_you: bool,
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
    let members = users::members_of(&state.db, county.tenant.id)
        .await?
        .into_iter()
        .map(|m| MemberRow {
            id: m.user.id.to_string(),
            is_you: m.user.id == county.current.user.id,
            name: m.user.display_name,
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

async fn list_users(State(state): State<AppState>, county: County) -> Result<UsersPage, AppError> {
    county.require_admin()?;
    page(&state, &county, AddUserForm::default(), FormErrors::new()).await
}

fn event(county: &County, action: &str, client: ClientAddr) -> NewAuditEvent {
    county_event(county, action, "user", None, client)
}

async fn add_user(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    CsrfForm(form): CsrfForm<AddUserForm>,
) -> Result<Response, AppError> {
    county.require_admin()?;
    let mut errors = FormErrors::new();
    let name = DisplayName::parse(&form.name)
        .map_err(|e| errors.add("name", e.to_string()))
        .ok();
    let email = EmailAddress::parse(&form.email)
        .map_err(|e| errors.add("email", e.to_string()))
        .ok();
    let role = Role::parse(&form.role);
    if role.is_none() {
        errors.add("role", "Choose a role: county admin or editor");
    }
    let existing = match &email {
        Some(email) => users::find_by_email(&state.db, email).await?,
        None => None,
    };
    // A member's role and access are changed in the table, where the rules
    // for that live (no self-change; demotion ends sessions), never here.
    if let Some(user) = &existing
        && users::member(&state.db, county.tenant.id, user.id)
            .await
            .is_ok()
    {
        errors.add(
            "email",
            format!(
                "{} is already a member of {}; change their role or access in the table above",
                user.email, county.tenant.name
            ),
        );
    }
    // An existing account keeps its password; a new one needs a good one.
    if existing.is_none() {
        let context = [
            form.email.as_str(),
            form.name.as_str(),
            county.tenant.slug.as_str(),
            county.tenant.name.as_str(),
        ];
        if let Err(e) = check_password(&form.password, &context) {
            errors.add("password", e.to_string());
        }
    }
    let (Some(name), Some(email), Some(role), true) = (name, email, role, errors.is_empty()) else {
        let page = page(&state, &county, form, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };

    let hash = match existing {
        Some(_) => None,
        None => Some(state.passwords.hash(form.password).await?),
    };
    let txn = begin_write(&state.db).await?;
    let (user, created) = match (existing, hash) {
        (Some(user), _) => (user, false),
        (None, Some(hash)) => {
            let new = users::NewUser {
                email: &email,
                display_name: &name,
                password_hash: &hash,
                is_platform_admin: false,
            };
            match users::create(&txn, &new).await {
                Ok(user) => (user, true),
                Err(RepoError::Taken(_)) => {
                    errors.add(
                        "email",
                        "An account with this email was created just now; try again",
                    );
                    let page = page(
                        &state,
                        &county,
                        AddUserForm {
                            password: String::new(),
                            ..form
                        },
                        errors,
                    )
                    .await?;
                    return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
                }
                Err(other) => return Err(other.into()),
            }
        }
        (None, None) => return Err(AppError::internal(std::io::Error::other("no hash"))),
    };
    users::upsert_membership(&txn, county.tenant.id, user.id, role).await?;
    let mut e = event(&county, "user.add", client);
    e.object_id = Some(user.email.clone());
    e.changed_fields = if created {
        vec![
            "email".into(),
            "name".into(),
            "role".into(),
            "password".into(),
        ]
    } else {
        vec!["role".into()]
    };
    e.summary = format!(
        "{} {} as {}",
        if created {
            "created and added"
        } else {
            "added existing account"
        },
        user.email,
        role.label().to_lowercase()
    );
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!(
            "{} was added as {}.",
            user.display_name,
            role.label().to_lowercase()
        ),
    )
    .await?;
    Ok(Redirect::to(&format!("/admin/{}/users", county.tenant.slug)).into_response())
}

/// The member named in the URL; anyone not a member of this county is a 404.
async fn target(
    state: &AppState,
    county: &County,
    raw_id: &str,
) -> Result<domain::Member, AppError> {
    let id = Uuid::parse_str(raw_id).map_err(|_| AppError::NotFound)?;
    let member = users::member(&state.db, county.tenant.id, UserId::from_uuid(id)).await?;
    // Nobody changes their own role or access: it would lock a county out.
    if member.user.id == county.current.user.id {
        return Err(AppError::Forbidden);
    }
    Ok(member)
}

#[derive(Deserialize)]
struct RoleForm {
    #[serde(default)]
    role: String,
}

async fn change_role(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<RoleForm>,
) -> Result<Response, AppError> {
    county.require_admin()?;
    let member = target(&state, &county, &id).await?;
    let Some(role) = Role::parse(&form.role) else {
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

#[derive(Deserialize)]
struct EmptyForm {}

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

async fn disable_user(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Result<Response, AppError> {
    set_disabled(&state, &county, client, &id, true).await
}

async fn enable_user(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Result<Response, AppError> {
    set_disabled(&state, &county, client, &id, false).await
}
