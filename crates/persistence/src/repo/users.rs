//! Users and their memberships of counties.

use domain::{
    CountyId, Credentials, DisplayName, EmailAddress, Member, Membership, Role, User, UserId,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::OnConflict,
};

use crate::entity::{memberships, users};
use crate::{RepoError, now};

fn to_user(model: &users::Model) -> User {
    User {
        id: UserId::from_uuid(model.id),
        email: model.email.clone(),
        display_name: model.display_name.clone(),
        is_platform_admin: model.is_platform_admin,
        disabled: model.disabled,
    }
}

/// A membership that grants its role.
const ACTIVE: &str = "active";
/// A membership waiting for the account holder to accept it.
const INVITED: &str = "invited";

fn parse_role(raw: &str) -> Result<Role, RepoError> {
    Role::parse(raw).ok_or_else(|| RepoError::Corrupt(format!("role {raw:?}")))
}

/// A new account.
pub struct NewUser<'a> {
    pub email: &'a EmailAddress,
    pub display_name: &'a DisplayName,
    /// An argon2id PHC string.
    pub password_hash: &'a str,
    pub is_platform_admin: bool,
}

/// Creates an account.
///
/// # Errors
/// `Taken("email")` when an account has this email.
pub async fn create(db: &impl ConnectionTrait, new: &NewUser<'_>) -> Result<User, RepoError> {
    let at = now();
    let model = users::ActiveModel {
        id: Set(UserId::new().as_uuid()),
        email: Set(new.email.as_str().to_owned()),
        display_name: Set(new.display_name.as_str().to_owned()),
        password_hash: Set(new.password_hash.to_owned()),
        is_platform_admin: Set(new.is_platform_admin),
        disabled: Set(false),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(db)
    .await
    .map_err(RepoError::unique_as("email"))?;
    Ok(to_user(&model))
}

/// The account with this email, with its password hash, for signing in.
///
/// # Errors
/// Database errors.
pub async fn find_credentials(
    db: &impl ConnectionTrait,
    email: &EmailAddress,
) -> Result<Option<Credentials>, RepoError> {
    let model = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .one(db)
        .await?;
    Ok(model.map(|m| Credentials {
        user: to_user(&m),
        password_hash: m.password_hash,
    }))
}

/// The account with this email.
///
/// # Errors
/// Database errors.
pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &EmailAddress,
) -> Result<Option<User>, RepoError> {
    Ok(find_credentials(db, email).await?.map(|c| c.user))
}

/// The account with this id.
///
/// # Errors
/// Database errors.
pub async fn find(db: &impl ConnectionTrait, id: UserId) -> Result<Option<User>, RepoError> {
    let model = users::Entity::find_by_id(id.as_uuid()).one(db).await?;
    Ok(model.as_ref().map(to_user))
}

/// Replaces an account's password hash.
///
/// # Errors
/// `NotFound` when there is no such account.
pub async fn set_password_hash(
    db: &impl ConnectionTrait,
    id: UserId,
    password_hash: &str,
) -> Result<(), RepoError> {
    let model = users::Entity::find_by_id(id.as_uuid())
        .one(db)
        .await?
        .ok_or(RepoError::NotFound)?;
    let mut active: users::ActiveModel = model.into();
    active.password_hash = Set(password_hash.to_owned());
    active.updated_at = Set(now());
    active.update(db).await?;
    Ok(())
}

/// The counties where this user is an enabled member, by county name.
///
/// # Errors
/// Database errors.
pub async fn memberships_of(
    db: &impl ConnectionTrait,
    user: UserId,
) -> Result<Vec<Membership>, RepoError> {
    let rows = memberships::Entity::find()
        .filter(memberships::Column::UserId.eq(user.as_uuid()))
        .filter(memberships::Column::Disabled.eq(false))
        .filter(memberships::Column::Status.eq(ACTIVE))
        .all(db)
        .await?;
    with_counties(db, rows).await
}

/// The counties that have invited this user and wait for an answer, by
/// county name.
///
/// # Errors
/// Database errors.
pub async fn invitations_of(
    db: &impl ConnectionTrait,
    user: UserId,
) -> Result<Vec<Membership>, RepoError> {
    let rows = memberships::Entity::find()
        .filter(memberships::Column::UserId.eq(user.as_uuid()))
        .filter(memberships::Column::Status.eq(INVITED))
        .all(db)
        .await?;
    with_counties(db, rows).await
}

async fn with_counties(
    db: &impl ConnectionTrait,
    rows: Vec<memberships::Model>,
) -> Result<Vec<Membership>, RepoError> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let county = crate::repo::counties::find_by_id(db, CountyId::from_uuid(row.county_id))
            .await?
            .ok_or(RepoError::NotFound)?;
        out.push(Membership {
            county,
            role: parse_role(&row.role)?,
        });
    }
    out.sort_by(|a, b| a.county.name.cmp(&b.county.name));
    Ok(out)
}

/// The user's role in this county, when an enabled member who has
/// accepted (an invitation grants nothing).
///
/// # Errors
/// Database errors.
pub async fn role_in(
    db: &impl ConnectionTrait,
    county: CountyId,
    user: UserId,
) -> Result<Option<Role>, RepoError> {
    let row = memberships::Entity::find_by_id((county.as_uuid(), user.as_uuid()))
        .one(db)
        .await?;
    match row {
        Some(row) if !row.disabled && row.status == ACTIVE => parse_role(&row.role).map(Some),
        _ => Ok(None),
    }
}

/// Adds the user to the county with this role; an existing membership gets
/// the role and is enabled again.
///
/// # Errors
/// Database errors.
pub async fn upsert_membership(
    db: &impl ConnectionTrait,
    county: CountyId,
    user: UserId,
    role: Role,
) -> Result<(), RepoError> {
    memberships::Entity::insert(memberships::ActiveModel {
        county_id: Set(county.as_uuid()),
        user_id: Set(user.as_uuid()),
        role: Set(role.as_str().to_owned()),
        disabled: Set(false),
        status: Set(ACTIVE.to_owned()),
        invited_name: Set(None),
        created_at: Set(now()),
    })
    .on_conflict(
        OnConflict::columns([memberships::Column::CountyId, memberships::Column::UserId])
            .update_columns([
                memberships::Column::Role,
                memberships::Column::Disabled,
                memberships::Column::Status,
                memberships::Column::InvitedName,
            ])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// Invites an existing account to the county with this role, shown to the
/// county as `name` until accepted. Inviting again renews the invitation
/// with the new role and name.
///
/// # Errors
/// `Taken("member")` when the user is already a member (invited ones are
/// renewed instead).
pub async fn invite(
    db: &impl ConnectionTrait,
    county: CountyId,
    user: UserId,
    role: Role,
    name: &DisplayName,
) -> Result<(), RepoError> {
    let row = memberships::Entity::find_by_id((county.as_uuid(), user.as_uuid()))
        .one(db)
        .await?;
    match row {
        Some(row) if row.status == INVITED => {
            let mut active: memberships::ActiveModel = row.into();
            active.role = Set(role.as_str().to_owned());
            active.invited_name = Set(Some(name.as_str().to_owned()));
            active.update(db).await?;
        }
        Some(_) => return Err(RepoError::Taken("member")),
        None => {
            memberships::ActiveModel {
                county_id: Set(county.as_uuid()),
                user_id: Set(user.as_uuid()),
                role: Set(role.as_str().to_owned()),
                disabled: Set(false),
                status: Set(INVITED.to_owned()),
                invited_name: Set(Some(name.as_str().to_owned())),
                created_at: Set(now()),
            }
            .insert(db)
            .await
            .map_err(RepoError::unique_as("member"))?;
        }
    }
    Ok(())
}

/// The user's answer to the county's invitation: accepting makes it a
/// membership with the invited role (returned); declining removes it.
///
/// # Errors
/// `NotFound` when the county has no invitation waiting for this user.
pub async fn answer_invitation(
    db: &impl ConnectionTrait,
    county: CountyId,
    user: UserId,
    accept: bool,
) -> Result<Role, RepoError> {
    let row = memberships::Entity::find_by_id((county.as_uuid(), user.as_uuid()))
        .filter(memberships::Column::Status.eq(INVITED))
        .one(db)
        .await?
        .ok_or(RepoError::NotFound)?;
    let role = parse_role(&row.role)?;
    if accept {
        let mut active: memberships::ActiveModel = row.into();
        active.status = Set(ACTIVE.to_owned());
        active.invited_name = Set(None);
        active.update(db).await?;
    } else {
        memberships::Entity::delete_many()
            .filter(memberships::Column::CountyId.eq(county.as_uuid()))
            .filter(memberships::Column::UserId.eq(user.as_uuid()))
            .filter(memberships::Column::Status.eq(INVITED))
            .exec(db)
            .await?;
    }
    Ok(role)
}

/// The county's members, enabled first, then by name.
///
/// # Errors
/// Database errors.
pub async fn members_of(
    db: &impl ConnectionTrait,
    county: CountyId,
) -> Result<Vec<Member>, RepoError> {
    let rows = memberships::Entity::find()
        .filter(memberships::Column::CountyId.eq(county.as_uuid()))
        .all(db)
        .await?;
    let ids: Vec<_> = rows.iter().map(|m| m.user_id).collect();
    let accounts = users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for membership in rows {
        let user = accounts
            .iter()
            .find(|u| u.id == membership.user_id)
            .ok_or(RepoError::NotFound)?;
        out.push(Member {
            user: to_user(user),
            role: parse_role(&membership.role)?,
            disabled: membership.disabled,
            added_at: membership.created_at,
            invited_name: invited_name(&membership),
        });
    }
    // By the name the county sees: an invitation's typed name.
    let shown = |m: &Member| {
        m.invited_name
            .as_deref()
            .unwrap_or(&m.user.display_name)
            .to_lowercase()
    };
    out.sort_by_cached_key(|m| (m.disabled, m.invited_name.is_some(), shown(m)));
    Ok(out)
}

/// One member of the county.
///
/// # Errors
/// `NotFound` when the user is not a member of this county.
pub async fn member(
    db: &impl ConnectionTrait,
    county: CountyId,
    user: UserId,
) -> Result<Member, RepoError> {
    let row = memberships::Entity::find_by_id((county.as_uuid(), user.as_uuid()))
        .one(db)
        .await?
        .ok_or(RepoError::NotFound)?;
    let account = users::Entity::find_by_id(user.as_uuid())
        .one(db)
        .await?
        .ok_or(RepoError::NotFound)?;
    Ok(Member {
        user: to_user(&account),
        role: parse_role(&row.role)?,
        disabled: row.disabled,
        added_at: row.created_at,
        invited_name: invited_name(&row),
    })
}

/// The name the county typed, while the membership is an invitation.
fn invited_name(row: &memberships::Model) -> Option<String> {
    (row.status == INVITED).then(|| row.invited_name.clone().unwrap_or_default())
}

/// Changes a member's role and whether the membership is disabled.
///
/// # Errors
/// `NotFound` when the user is not a member of this county.
pub async fn update_membership(
    db: &impl ConnectionTrait,
    county: CountyId,
    user: UserId,
    role: Role,
    disabled: bool,
) -> Result<(), RepoError> {
    let row = memberships::Entity::find_by_id((county.as_uuid(), user.as_uuid()))
        .one(db)
        .await?
        .ok_or(RepoError::NotFound)?;
    let mut active: memberships::ActiveModel = row.into();
    active.role = Set(role.as_str().to_owned());
    active.disabled = Set(disabled);
    active.update(db).await?;
    Ok(())
}
