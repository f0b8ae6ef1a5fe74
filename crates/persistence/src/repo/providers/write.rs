//! Creating, updating, reviewing and deleting one provider. Each write
//! bumps the county's `content_version`, so public pages are rebuilt.

use domain::{Category, CountyId, Provider, ProviderFields, ProviderId, Slug, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter,
};
use time::OffsetDateTime;

use crate::entity::{provider_categories, providers};
use crate::{RepoError, now};

use super::read::find;
use super::stored::active_fields;

async fn set_categories(
    db: &impl ConnectionTrait,
    county: CountyId,
    provider: ProviderId,
    slugs: &[Slug],
) -> Result<(), RepoError> {
    provider_categories::Entity::delete_many()
        .filter(provider_categories::Column::CountyId.eq(county.as_uuid()))
        .filter(provider_categories::Column::ProviderId.eq(provider.as_uuid()))
        .exec(db)
        .await?;
    let all: Vec<Category> = crate::repo::categories::list(db, county).await?;
    for slug in slugs {
        let category = all
            .iter()
            .find(|c| c.slug == slug.as_str())
            .ok_or(RepoError::NotFound)?;
        provider_categories::Entity::insert(provider_categories::ActiveModel {
            county_id: Set(county.as_uuid()),
            provider_id: Set(provider.as_uuid()),
            category_id: Set(category.id.as_uuid()),
        })
        .exec_without_returning(db)
        .await?;
    }
    // Every create and update ends here.
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
    let id = ProviderId::new();
    let at = now();
    let mut model = providers::ActiveModel {
        county_id: Set(county.as_uuid()),
        id: Set(id.as_uuid()),
        reviewed_at: Set(Some(at)),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
        created_by: Set(actor.map(UserId::as_uuid)),
        updated_by: Set(actor.map(UserId::as_uuid)),
        ..Default::default()
    };
    active_fields(&mut model, fields)?;
    providers::Entity::insert(model)
        .exec_without_returning(db)
        .await
        .map_err(RepoError::unique_as("slug"))?;
    set_categories(db, county, id, &fields.categories).await?;
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
    let mut model = providers::ActiveModel::default();
    active_fields(&mut model, fields)?;
    model.updated_at = Set(now());
    model.updated_by = Set(actor.map(UserId::as_uuid));
    let res = providers::Entity::update_many()
        .set(model)
        .col_expr(
            providers::Column::Version,
            Expr::col(providers::Column::Version).add(1),
        )
        .filter(providers::Column::CountyId.eq(county.as_uuid()))
        .filter(providers::Column::Id.eq(id.as_uuid()))
        .filter(providers::Column::Version.eq(expected_version))
        .exec(db)
        .await
        .map_err(RepoError::unique_as("slug"))?;
    if res.rows_affected == 0 {
        return Err(missed(db, county, id).await);
    }
    set_categories(db, county, id, &fields.categories).await?;
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
    let res = providers::Entity::update_many()
        .col_expr(providers::Column::ReviewedAt, Expr::value(at))
        .col_expr(providers::Column::UpdatedAt, Expr::value(at))
        .col_expr(
            providers::Column::UpdatedBy,
            Expr::value(actor.map(UserId::as_uuid)),
        )
        .col_expr(
            providers::Column::Version,
            Expr::col(providers::Column::Version).add(1),
        )
        .filter(providers::Column::CountyId.eq(county.as_uuid()))
        .filter(providers::Column::Id.eq(id.as_uuid()))
        .filter(providers::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(missed(db, county, id).await);
    }
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

/// Why a conditional update changed no row: the provider is there at
/// another version (`Stale`: someone saved first), or is not the county's
/// (`NotFound`).
async fn missed(db: &impl ConnectionTrait, county: CountyId, id: ProviderId) -> RepoError {
    match find(db, county, id).await {
        Ok(Some(_)) => RepoError::Stale,
        Ok(None) => RepoError::NotFound,
        Err(e) => e,
    }
}
