//! Creating, updating, reviewing and deleting one provider. Each write
//! bumps the county's `content_version`, so public pages are rebuilt.

use domain::{Category, CountyId, Provider, ProviderFields, ProviderId, Slug, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, EntityTrait};
use time::OffsetDateTime;

use crate::RepoError;
use crate::entity::providers;
use crate::repo::versioned::{self, AtVersion};

use super::read::find;
use super::stored::{insert_row, link_categories, update_of};

/// Sets the provider's categories (`fresh`: it has none yet). Every
/// create and update ends here, bumping the county's `content_version`.
async fn set_categories(
    db: &impl ConnectionTrait,
    county: CountyId,
    provider: ProviderId,
    slugs: &[Slug],
    fresh: bool,
) -> Result<(), RepoError> {
    let all: Vec<Category> = crate::repo::categories::list(db, county).await?;
    link_categories(db, county, provider, slugs, &all, fresh).await?;
    crate::repo::counties::bump_content_version(db, county).await
}

/// Creates a provider (version 1), with its categories.
///
/// # Errors
/// `Taken("slug")` when the county has a provider with this slug;
/// `NotFound` when a category is not the county's.
pub async fn create(
    db: &impl ConnectionTrait,
    county: CountyId,
    fields: &ProviderFields,
    actor: Option<UserId>,
) -> Result<Provider, RepoError> {
    let id = insert_row(db, county, fields, None, actor).await?;
    set_categories(db, county, id, &fields.categories, true).await?;
    find(db, county, id).await?.ok_or(RepoError::NotFound)
}

/// Updates a provider if it is still at `expected_version`; the version then
/// goes up by one. One conditional statement, so of several concurrent
/// updates from the same version exactly one wins.
///
/// # Errors
/// `NotFound` (no such provider in this county), `Stale` (someone saved
/// first), `Taken("slug")`.
pub async fn update(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: ProviderId,
    expected_version: i32,
    fields: &ProviderFields,
    actor: Option<UserId>,
) -> Result<Provider, RepoError> {
    let at = AtVersion::new(county, id.as_uuid(), expected_version);
    let update = update_of(fields, None, actor)?;
    versioned::update(db, update, at, RepoError::unique_as("slug")).await?;
    set_categories(db, county, id, &fields.categories, false).await?;
    find(db, county, id).await?.ok_or(RepoError::NotFound)
}

/// Records that someone checked the details are right (`reviewed_at`), if
/// the provider is still at `expected_version`.
///
/// # Errors
/// `NotFound`, `Stale`.
pub async fn mark_reviewed(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: ProviderId,
    expected_version: i32,
    at: OffsetDateTime,
    actor: Option<UserId>,
) -> Result<(), RepoError> {
    let update = providers::Entity::update_many()
        .col_expr(providers::Column::ReviewedAt, Expr::value(at))
        .col_expr(providers::Column::UpdatedAt, Expr::value(at))
        .col_expr(
            providers::Column::UpdatedBy,
            Expr::value(actor.map(UserId::as_uuid)),
        );
    let row = AtVersion::new(county, id.as_uuid(), expected_version);
    versioned::update(db, update, row, RepoError::from).await?;
    crate::repo::counties::bump_content_version(db, county).await
}

/// Deletes a provider of the county.
///
/// # Errors
/// `NotFound`.
pub async fn delete(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: ProviderId,
) -> Result<(), RepoError> {
    crate::repo::commissioning::unlink_provider(db, county, id).await?;
    let res = providers::Entity::delete_by_id((county.as_uuid(), id.as_uuid()))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(RepoError::NotFound);
    }
    crate::repo::counties::bump_content_version(db, county).await
}
