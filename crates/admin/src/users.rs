//! County admins: the county's users, their roles, and disabling them.

mod add;

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use domain::{Member, NewAuditEvent, Role, UserId};
use persistence::repo::users;
use persistence::{Txn, begin_write, session_store};
use serde::Deserialize;
use web::EmptyForm;
use web::views::FormErrors;
use web::{AppError, AppState, ClientAddr};

use crate::CountyAccess;
use crate::call::Call;
use crate::form_page::FormPage;
use crate::pair::one_of;
use crate::view::{CountyChrome, county_chrome, county_event};
use crate::write::{Written, finish};

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
            one_of(true, set_disabled),
        )
        .post(
            "/admin/{t}/users/{id}/enable",
            Access::CountyAdmin,
            one_of(false, set_disabled),
        )
        .post(
            "/admin/{t}/users/{id}/two-factor/reset",
            Access::CountyAdmin,
            crate::two_factor::reset::reset_two_factor,
        )
}

/// One member or invitation, as listed.
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

/// The add-a-user form, as sent.
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

/// The county's users, with the form to add one.
#[derive(Template, WebTemplate)]
#[template(path = "admin/users.html")]
struct UsersPage {
    chrome: CountyChrome,
    members: Vec<MemberRow>,
    roles: Vec<(&'static str, &'static str)>,
    form: AddUserForm,
    errors: FormErrors,
}

impl FormPage for UsersPage {
    type Form = AddUserForm;
    type Who = CountyAccess;

    /// The users page, with `form` as sent (its password cleared) and its
    /// `errors`.
    async fn with(
        state: &AppState,
        county: &CountyAccess,
        mut form: AddUserForm,
        errors: FormErrors,
    ) -> Result<Self, AppError> {
        let members = member_rows(state, county).await?;
        // A password is never sent back to the browser.
        form.password.clear();
        Ok(Self {
            chrome: county_chrome(county).await?,
            members,
            roles: Role::ALL.iter().map(|r| (r.as_str(), r.label())).collect(),
            form,
            errors,
        })
    }
}

/// The county's members and invitations, as listed.
async fn member_rows(state: &AppState, county: &CountyAccess) -> Result<Vec<MemberRow>, AppError> {
    let members = users::members_of(&state.db, county.id).await?;
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
    Ok(members)
}

/// GET /admin/{t}/users: the county's members and invitations, and the
/// form to add one.
async fn list_users(call: Call) -> Result<UsersPage, AppError> {
    call.county.require_admin()?;
    UsersPage::blank(&call.state, &call.county).await
}

/// An audit event in the county about a user.
fn event(county: &CountyAccess, action: &str, client: ClientAddr) -> NewAuditEvent {
    county_event(county, action, "user", None, client)
}

/// The member `id` (named in the URL) whose role and access this user may
/// change: 404 for anyone not a member of this county (an invitation is not
/// a membership yet), 403 for oneself and, unless one is a platform admin
/// oneself, for a platform admin.
pub(crate) async fn member_to_change(
    state: &AppState,
    county: &CountyAccess,
    id: UserId,
) -> Result<Member, AppError> {
    let member = users::member(&state.db, county.id, id).await?;
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
async fn change_role(call: Call<UserId, Vec<(String, String)>>) -> Result<Response, AppError> {
    let (state, county, client) = (&call.state, &call.county, call.client);
    county.require_admin()?;
    let member = member_to_change(state, county, call.id).await?;
    let Some(role) = one_role(&call.form) else {
        let mut errors = FormErrors::new();
        errors.add("role", "Choose a role: county admin or editor");
        return UsersPage::again(state, county, AddUserForm::default(), errors).await;
    };
    let demoted = member.role.can_administer() && !role.can_administer();
    let txn = begin_write(&state.db).await?;
    let mut event = event(county, "user.role", client);
    event.changed_fields = vec!["role".into()];
    event.summary = format!("{} -> {}", member.role.as_str(), role.as_str());
    let change = MembershipChange {
        role,
        disabled: member.disabled,
        end_sessions: demoted,
    };
    let flash = format!(
        "{} is now {}.",
        member.user.display_name,
        role.label().to_lowercase()
    );
    change.write(&txn, county, &member).await?;
    back_to_users(txn, county, &member, event, flash).await
}

/// POST /admin/{t}/users/{id}/disable (`disabled`: disables a member here
/// and ends their sessions) and POST /admin/{t}/users/{id}/enable (enables
/// a disabled member again), audited as `user.disable` or `user.enable`.
async fn set_disabled(call: Call<UserId, EmptyForm>, disabled: bool) -> Result<Response, AppError> {
    let (state, county, client) = (&call.state, &call.county, call.client);
    county.require_admin()?;
    let member = member_to_change(state, county, call.id).await?;
    let txn = begin_write(&state.db).await?;
    let (action, done) = if disabled {
        ("user.disable", "disabled; their sessions have ended")
    } else {
        ("user.enable", "enabled")
    };
    let mut event = event(county, action, client);
    event.changed_fields = vec!["disabled".into()];
    let change = MembershipChange {
        role: member.role,
        disabled,
        end_sessions: disabled,
    };
    let flash = format!("{} was {done}.", member.user.display_name);
    change.write(&txn, county, &member).await?;
    back_to_users(txn, county, &member, event, flash).await
}

/// A member's role and access as they are to be.
struct MembershipChange {
    role: Role,
    disabled: bool,
    /// Whether the member's sessions end with the change (a demotion, or
    /// being disabled), so that what they had no longer works anywhere.
    end_sessions: bool,
}

impl MembershipChange {
    /// Writes the change in `txn`.
    async fn write(
        &self,
        txn: &Txn,
        county: &CountyAccess,
        member: &Member,
    ) -> Result<(), AppError> {
        let user = member.user.id;
        users::update_membership(txn, county.id, user, self.role, self.disabled).await?;
        if self.end_sessions {
            session_store::delete_for_user(txn, user).await?;
        }
        Ok(())
    }
}

/// Ends a change to `member`: the audit event names them, the change
/// commits, and the user goes back to the list with `flash`.
async fn back_to_users(
    txn: Txn,
    county: &CountyAccess,
    member: &Member,
    mut event: NewAuditEvent,
    flash: String,
) -> Result<Response, AppError> {
    event.object_id = Some(member.user.email.clone());
    let next = format!("/admin/{}/users", county.slug);
    finish(txn, &county.current.session, Written { event, flash, next }).await
}
