//! Secrets of the server itself, created once and shared by every server
//! on the database (README: "Several servers on one database"), so that
//! what one server signs another accepts.

use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};

use crate::RepoError;
use crate::entity::server_keys;

/// The key named `name`. The first caller's `candidate` (32 random bytes,
/// hex) becomes the key; every later call, from any server, gets the same
/// one back, even when two race to create it.
///
/// # Errors
/// Database errors.
pub async fn get_or_create(
    db: &impl ConnectionTrait,
    name: &str,
    candidate: &str,
    now: i64,
) -> Result<String, RepoError> {
    if let Some(row) = server_keys::Entity::find_by_id(name.to_owned())
        .one(db)
        .await?
    {
        return Ok(row.secret);
    }
    server_keys::Entity::insert(server_keys::ActiveModel {
        name: Set(name.to_owned()),
        secret: Set(candidate.to_owned()),
        created_at: Set(now),
    })
    .on_conflict_do_nothing()
    .exec_without_returning(db)
    .await?;
    let row = server_keys::Entity::find_by_id(name.to_owned())
        .one(db)
        .await?
        .ok_or(RepoError::NotFound)?;
    Ok(row.secret)
}
