//! Many providers at once, for the CSV import and export: every provider of
//! a county, and creates and updates that leave bumping the county's
//! `content_version` to the caller, who does it once for the whole import
//! in the same transaction.

use domain::{Category, CountyId, Provider, ProviderFields, ProviderId, Slug, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter,
};
use time::OffsetDateTime;

use super::stored::{active_fields, hydrate};
use crate::entity::{provider_categories, providers};
use crate::{RepoError, now};

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

/// Sets the provider's categories: one statement to clear them (not for a
/// provider just created) and one to insert them all.
async fn link_categories(
    db: &impl ConnectionTrait,
    county: CountyId,
    provider: ProviderId,
    slugs: &[Slug],
    county_categories: &[Category],
    fresh: bool,
) -> Result<(), RepoError> {
    if !fresh {
        provider_categories::Entity::delete_many()
            .filter(provider_categories::Column::CountyId.eq(county.as_uuid()))
            .filter(provider_categories::Column::ProviderId.eq(provider.as_uuid()))
            .exec(db)
            .await?;
    }
    let mut links = Vec::with_capacity(slugs.len());
    for slug in slugs {
        let category = county_categories
            .iter()
            .find(|c| c.slug == slug.as_str())
            .ok_or(RepoError::NotFound)?;
        links.push(provider_categories::ActiveModel {
            county_id: Set(county.as_uuid()),
            provider_id: Set(provider.as_uuid()),
            category_id: Set(category.id.as_uuid()),
        });
    }
    if !links.is_empty() {
        provider_categories::Entity::insert_many(links)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
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
    let id = ProviderId::new();
    let at = now();
    let mut model = providers::ActiveModel {
        county_id: Set(county.as_uuid()),
        id: Set(id.as_uuid()),
        reviewed_at: Set(Some(reviewed_at.unwrap_or(at))),
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
    let mut model = providers::ActiveModel::default();
    active_fields(&mut model, fields)?;
    model.updated_at = Set(now());
    model.updated_by = Set(actor.map(UserId::as_uuid));
    if let Some(at) = reviewed_at {
        model.reviewed_at = Set(Some(at));
    }
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
        return Err(RepoError::Stale);
    }
    link_categories(db, county, id, &fields.categories, county_categories, false).await
}
