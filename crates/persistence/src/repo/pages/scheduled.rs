//! Scheduled publication: the pages whose time has come, and publishing
//! one exactly once however many servers try.

use domain::{CountyId, PageId};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::RepoError;
use crate::entity::pages;
use crate::repo::counties::bump_content_version;
use crate::repo::versioned::{self, AtVersion};

/// A page whose scheduled time has come: what the scheduler needs to
/// publish it once.
#[derive(Clone, Debug)]
pub struct Due {
    pub county: CountyId,
    pub id: PageId,
    pub slug: String,
    pub version: i32,
    pub draft: i32,
}

/// Pages of any county scheduled at or before `at` that still have a draft.
///
/// # Errors
/// Database errors.
pub async fn due(db: &impl ConnectionTrait, at: OffsetDateTime) -> Result<Vec<Due>, RepoError> {
    Ok(pages::Entity::find()
        .select_only()
        .column(pages::Column::CountyId)
        .column(pages::Column::Id)
        .column(pages::Column::Slug)
        .column(pages::Column::Version)
        .column(pages::Column::DraftRevision)
        .filter(pages::Column::PublishAt.lte(at))
        .filter(pages::Column::DraftRevision.is_not_null())
        .into_tuple::<(Uuid, Uuid, String, i32, i32)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(county, id, slug, version, draft)| Due {
            county: CountyId::from_uuid(county),
            id: PageId::from_uuid(id),
            slug,
            version,
            draft,
        })
        .collect())
}

/// Publishes a due page if nobody has touched it since it was read (by
/// hand or by another server's scheduler). Returns whether this call did.
///
/// # Errors
/// Database errors.
pub async fn publish_due(
    db: &impl ConnectionTrait,
    due: &Due,
    at: OffsetDateTime,
) -> Result<bool, RepoError> {
    let update = pages::Entity::update_many()
        .set(pages::ActiveModel {
            published_revision: Set(Some(due.draft)),
            draft_revision: Set(None),
            publish_at: Set(None),
            updated_at: Set(at),
            ..Default::default()
        })
        .filter(pages::Column::DraftRevision.eq(due.draft))
        .filter(pages::Column::PublishAt.lte(at));
    let row = AtVersion::new(due.county, due.id.as_uuid(), due.version);
    if versioned::try_update(db, update, row, RepoError::from).await? {
        bump_content_version(db, due.county).await?;
        return Ok(true);
    }
    Ok(false)
}
