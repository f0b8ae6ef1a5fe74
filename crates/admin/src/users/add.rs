//! Adding a user to a county: `POST /admin/{t}/users`.
//!
//! The answer is the same whether or not the email already has an account,
//! so that the form cannot be used to find out who has one: the same
//! checks (the password is checked against the policy, and hashed, either
//! way), the same 303 and the same message. A new email becomes an account
//! and a member; an existing account is only **invited**: the membership
//! waits, granting nothing, until its holder accepts at their next sign-in
//! (`crate::invitations`), and the county sees the name it typed, not the
//! account's.

use axum::response::{IntoResponse, Redirect, Response};
use domain::{DisplayName, EmailAddress, Role, check_password};
use persistence::repo::{audit, users};
use persistence::{RepoError, Txn, begin_write, commit};
use web::views::FormErrors;
use web::{AppError, ClientAddr, flash};

use super::{AddUserForm, UsersPage, event};
use crate::CountyAccess;
use crate::call::{Call, NoId};
use crate::form_page::{FormPage, field};
use crate::view::rollback;

/// A request to add someone, once every field has passed.
struct Addition {
    name: DisplayName,
    email: EmailAddress,
    role: Role,
}

/// Checks every field the same way for every email.
fn check(county: &CountyAccess, form: &AddUserForm) -> Result<Addition, FormErrors> {
    let mut errors = FormErrors::new();
    let name = field(&mut errors, "name", DisplayName::parse(&form.name));
    let email = field(&mut errors, "email", EmailAddress::parse(&form.email));
    let role = Role::parse(&form.role);
    if role.is_none() {
        errors.add("role", "Choose a role: county admin or editor");
    }
    let context = [
        form.email.as_str(),
        form.name.as_str(),
        county.slug.as_str(),
        county.name.as_str(),
    ];
    if let Err(e) = check_password(&form.password, &context) {
        errors.add("password", e.to_string());
    }
    match (name, email, role) {
        (Some(name), Some(email), Some(role)) if errors.is_empty() => {
            Ok(Addition { name, email, role })
        }
        _ => Err(errors),
    }
}

/// What adding did.
enum Added {
    /// A new account, a member now.
    Created,
    /// An existing account, invited.
    Invited,
}

/// POST /admin/{t}/users: adds a new account or invites an existing one;
/// 303 back to the list either way, 422 beside the field otherwise.
pub async fn add_user(call: Call<NoId, AddUserForm>) -> Result<Response, AppError> {
    let (state, county, mut form) = (&call.state, &call.county, call.form);
    county.require_admin()?;
    let checked = check(county, &form);
    // Never sent back to the browser, and hashed once below.
    let password = std::mem::take(&mut form.password);
    let addition = match checked {
        Ok(addition) => addition,
        Err(errors) => return UsersPage::again(state, county, form, errors).await,
    };
    // Hashed whether or not it is used, so both answers take as long.
    let hash = state.passwords.hash(password).await?;
    let txn = begin_write(&state.db).await?;
    let added = match add(&txn, county, &addition, &hash).await {
        Ok(added) => added,
        Err(RepoError::Taken(what)) => {
            rollback(txn).await?;
            let mut errors = FormErrors::new();
            let message = if what == "member" {
                format!(
                    "{} is already a member of {}; change their role or access in the table above",
                    addition.email.as_str(),
                    county.name
                )
            } else {
                "An account with this email was created just now; try again".to_owned()
            };
            errors.add("email", message);
            return UsersPage::again(state, county, form, errors).await;
        }
        Err(other) => {
            rollback(txn).await?;
            return Err(other.into());
        }
    };
    let e = audit_event(county, call.client, &addition, &added);
    audit::record(&txn, e).await?;
    commit(txn).await?;
    let message = format!(
        "{} was added as {}. If that email already had an account, they join once they \
         accept at their next sign-in.",
        addition.name.as_str(),
        addition.role.label().to_lowercase()
    );
    flash::set(&county.current.session, message).await?;
    Ok(Redirect::to(&format!("/admin/{}/users", county.slug)).into_response())
}

/// The audit event of an addition: `user.add` for a new account,
/// `user.invite` for an existing one.
fn audit_event(
    county: &CountyAccess,
    client: ClientAddr,
    addition: &Addition,
    added: &Added,
) -> domain::NewAuditEvent {
    let (action, fields, summary): (_, &[&str], _) = match added {
        Added::Created => (
            "user.add",
            &["email", "name", "role", "password"],
            "created and added",
        ),
        Added::Invited => ("user.invite", &["role"], "invited existing account"),
    };
    let mut e = event(county, action, client);
    e.object_id = Some(addition.email.as_str().to_owned());
    e.changed_fields = fields.iter().map(|f| (*f).to_owned()).collect();
    e.summary = format!(
        "{summary} {} as {}",
        addition.email.as_str(),
        addition.role.label().to_lowercase()
    );
    e
}

/// Creates the account and its membership, or invites the existing one.
async fn add(
    txn: &Txn,
    county: &CountyAccess,
    addition: &Addition,
    hash: &str,
) -> Result<Added, RepoError> {
    let county_id = county.id;
    if let Some(user) = users::find_by_email(txn, &addition.email).await? {
        users::invite(txn, county_id, user.id, addition.role, &addition.name).await?;
        return Ok(Added::Invited);
    }
    let new = users::NewUser {
        email: &addition.email,
        display_name: &addition.name,
        password_hash: hash,
        is_platform_admin: false,
    };
    let user = users::create(txn, &new).await?;
    users::upsert_membership(txn, county_id, user.id, addition.role).await?;
    Ok(Added::Created)
}
