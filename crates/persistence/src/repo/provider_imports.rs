//! Pending provider CSV imports: an upload whose preview was shown, waiting
//! for the editor to confirm it. Keyed by `(tenant_id, id)`; kept an hour.

use domain::{CountyId, UserId};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::RepoError;
use crate::entity::provider_imports;

/// How long a pending import can be confirmed, in seconds.
pub const KEPT_SECS: i64 = 60 * 60;

/// A stored upload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingImport {
    pub id: Uuid,
    pub user: UserId,
    pub file_name: String,
    /// The CSV, as uploaded (UTF-8).
    pub content: String,
    /// The county's `content_version` when the preview was shown.
    pub content_version: i64,
}

fn unix_now() -> i64 {
    crate::now().unix_timestamp()
}

/// Stores an upload, first deleting every pending import (of any county)
/// older than [`KEPT_SECS`].
///
/// # Errors
/// Database errors.
pub async fn store(
    db: &impl ConnectionTrait,
    county: CountyId,
    user: UserId,
    file_name: &str,
    content: &str,
    content_version: i64,
) -> Result<Uuid, RepoError> {
    let now = unix_now();
    provider_imports::Entity::delete_many()
        .filter(provider_imports::Column::CreatedAt.lt(now - KEPT_SECS))
        .exec(db)
        .await?;
    let id = Uuid::new_v4();
    let name: String = file_name.chars().take(255).collect();
    provider_imports::Entity::insert(provider_imports::ActiveModel {
        id: Set(id),
        county_id: Set(county.as_uuid()),
        user_id: Set(user.as_uuid()),
        file_name: Set(name),
        content: Set(content.to_owned()),
        content_version: Set(content_version),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(id)
}

/// A pending import of the county that is not yet an hour old. Another
/// county's is `None`, like a missing one.
///
/// # Errors
/// Database errors.
pub async fn find(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: Uuid,
) -> Result<Option<PendingImport>, RepoError> {
    let found = provider_imports::Entity::find()
        .filter(provider_imports::Column::CountyId.eq(county.as_uuid()))
        .filter(provider_imports::Column::Id.eq(id))
        .filter(provider_imports::Column::CreatedAt.gte(unix_now() - KEPT_SECS))
        .one(db)
        .await?;
    Ok(found.map(|m| PendingImport {
        id: m.id,
        user: UserId::from_uuid(m.user_id),
        file_name: m.file_name,
        content: m.content,
        content_version: m.content_version,
    }))
}

/// Deletes a pending import (once applied).
///
/// # Errors
/// Database errors.
pub async fn delete(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: Uuid,
) -> Result<(), RepoError> {
    provider_imports::Entity::delete_many()
        .filter(provider_imports::Column::CountyId.eq(county.as_uuid()))
        .filter(provider_imports::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
