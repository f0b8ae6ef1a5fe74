//! Many providers at once, for the CSV import and export: every provider of
//! a county, and creates and updates that leave bumping the county's
//! `content_version` to the caller, who does it once for the whole import
//! in the same transaction.

use domain::{Category, CountyId, Provider, ProviderFields, ProviderId, UserId};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use time::OffsetDateTime;

use super::stored::{hydrate, insert_row, link_categories, update_of};
use crate::RepoError;
use crate::entity::providers;
use crate::repo::versioned::{self, AtVersion};

/// Every provider of the county, any status, by name (case-insensitive).
///
/// # Errors
/// Database errors.
pub async fn all(db: &impl ConnectionTrait, county: CountyId) -> Result<Vec<Provider>, RepoError> {
    let models = providers::Entity::find()
        .filter(providers::Column::CountyId.eq(county.as_uuid()))
        .all(db)
        .await?;
    let mut found = hydrate(db, county, models).await?;
    found.sort_by_cached_key(|p| (p.fields.name.to_lowercase(), p.fields.slug.to_string()));
    Ok(found)
}

/// Creates a provider (version 1) without bumping `content_version`.
/// `reviewed_at` defaults to now, as for a provider added by hand.
///
/// # Errors
/// `Taken("slug")`; `NotFound` when a category is not among
/// `county_categories`.
pub async fn create_quietly(
    db: &impl ConnectionTrait,
    county: CountyId,
    fields: &ProviderFields,
    reviewed_at: Option<OffsetDateTime>,
    actor: Option<UserId>,
    county_categories: &[Category],
) -> Result<ProviderId, RepoError> {
    let id = insert_row(db, county, fields, reviewed_at, actor).await?;
    link_categories(db, county, id, &fields.categories, county_categories, true).await?;
    Ok(id)
}

/// Updates a provider still at `expected_version` without bumping
/// `content_version`; `reviewed_at` is changed only when given.
///
/// # Errors
/// `Stale` (changed or deleted since it was read), `Taken("slug")`,
/// `NotFound` for a category not among `county_categories`.
#[allow(clippy::too_many_arguments)]
pub async fn update_quietly(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: ProviderId,
    expected_version: i32,
    fields: &ProviderFields,
    reviewed_at: Option<OffsetDateTime>,
    actor: Option<UserId>,
    county_categories: &[Category],
) -> Result<(), RepoError> {
    let at = AtVersion::new(county, id.as_uuid(), expected_version);
    let update = update_of(fields, reviewed_at, actor)?;
    // Deleted since it was read is as stale as changed: `NotFound` here
    // means a category.
    if !versioned::try_update(db, update, at, RepoError::unique_as("slug")).await? {
        return Err(RepoError::Stale);
    }
    link_categories(db, county, id, &fields.categories, county_categories, false).await
}
