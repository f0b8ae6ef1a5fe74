//! Finding providers: one by id or slug, the public directory, the review
//! reminders, and which category slugs a county lacks.

use domain::{CountyId, Provider, ProviderId, ProviderStatus, Slug};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::RepoError;
use crate::entity::providers;

use super::stored::hydrate;

/// One provider of the county.
///
/// # Errors
/// Database errors.
pub async fn find(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: ProviderId,
) -> Result<Option<Provider>, RepoError> {
    let Some(model) = providers::Entity::find_by_id((county.as_uuid(), id.as_uuid()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(hydrate(db, county, vec![model]).await?.pop())
}

/// One provider of the county, by slug.
///
/// # Errors
/// Database errors.
pub async fn find_by_slug(
    db: &impl ConnectionTrait,
    county: CountyId,
    slug: &str,
) -> Result<Option<Provider>, RepoError> {
    let Some(model) = providers::Entity::find()
        .filter(providers::Column::CountyId.eq(county.as_uuid()))
        .filter(providers::Column::Slug.eq(slug))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(hydrate(db, county, vec![model]).await?.pop())
}

/// Every published provider of the county, by name: the public directory.
///
/// # Errors
/// Database errors.
pub async fn published(
    db: &impl ConnectionTrait,
    county: CountyId,
) -> Result<Vec<Provider>, RepoError> {
    let models = providers::Entity::find()
        .filter(providers::Column::CountyId.eq(county.as_uuid()))
        .filter(providers::Column::Status.eq(ProviderStatus::Published.as_str()))
        .all(db)
        .await?;
    let mut found = hydrate(db, county, models).await?;
    // Sorted here, case-insensitively: databases collate differently
    // ("SV2" before "Safe and Sound" in byte order).
    found.sort_by_cached_key(|p| p.fields.name.to_lowercase());
    Ok(found)
}

/// The slugs among `slugs` that are not categories of the county.
///
/// # Errors
/// Database errors.
pub async fn unknown_categories(
    db: &impl ConnectionTrait,
    county: CountyId,
    slugs: &[Slug],
) -> Result<Vec<String>, RepoError> {
    let all = crate::repo::categories::list(db, county).await?;
    Ok(slugs
        .iter()
        .filter(|s| !all.iter().any(|c| c.slug == s.as_str()))
        .map(|s| s.as_str().to_owned())
        .collect())
}

/// A provider as the review reminders show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewCandidate {
    pub id: ProviderId,
    pub name: String,
    pub status: ProviderStatus,
    pub reviewed_at: Option<OffsetDateTime>,
}

/// The county's providers that are not archived and were never reviewed
/// or reviewed before `before`, in no particular order. Archived providers
/// are left out: nobody sees them, so their details cannot mislead.
///
/// # Errors
/// Database errors, or a stored status the domain refuses (`Corrupt`).
pub async fn reviewed_before(
    db: &impl ConnectionTrait,
    county: CountyId,
    before: OffsetDateTime,
) -> Result<Vec<ReviewCandidate>, RepoError> {
    providers::Entity::find()
        .select_only()
        .column(providers::Column::Id)
        .column(providers::Column::Name)
        .column(providers::Column::Status)
        .column(providers::Column::ReviewedAt)
        .filter(providers::Column::CountyId.eq(county.as_uuid()))
        .filter(providers::Column::Status.ne(ProviderStatus::Archived.as_str()))
        .filter(
            Condition::any()
                .add(providers::Column::ReviewedAt.is_null())
                .add(providers::Column::ReviewedAt.lt(before)),
        )
        .into_tuple::<(Uuid, String, String, Option<OffsetDateTime>)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, name, status, reviewed_at)| {
            Ok(ReviewCandidate {
                id: ProviderId::from_uuid(id),
                status: ProviderStatus::parse(&status)
                    .ok_or_else(|| RepoError::Corrupt(format!("provider {id}: status")))?,
                name,
                reviewed_at,
            })
        })
        .collect()
}
