//! Counties and their hostnames. The counties table is the root of tenancy, so
//! lookups here are by slug, host or id rather than scoped by a county.

use domain::{Colour, County, CountyId, CountySettings, CountySlug, CountyStatus, DisplayName};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

use crate::entity::{counties, county_hosts};
use crate::{RepoError, now};

fn to_domain(model: counties::Model, hostnames: Vec<String>) -> Result<County, RepoError> {
    let status = CountyStatus::parse(&model.status)
        .ok_or_else(|| RepoError::Corrupt(format!("tenant status {:?}", model.status)))?;
    let brand_colour = model
        .brand_colour
        .as_deref()
        .map(|raw| {
            Colour::parse(raw).map_err(|_| RepoError::Corrupt(format!("brand colour {raw:?}")))
        })
        .transpose()?;
    Ok(County {
        id: CountyId::from_uuid(model.id),
        slug: model.slug,
        name: model.name,
        status,
        non_emergency: model.non_emergency,
        hostnames,
        review_period_months: u32::try_from(model.review_period_months).unwrap_or(6),
        content_version: model.content_version,
        brand_colour,
        settings_version: model.settings_version,
        noindex: model.noindex,
    })
}

async fn with_hosts(
    db: &impl ConnectionTrait,
    models: Vec<counties::Model>,
) -> Result<Vec<County>, RepoError> {
    let hosts = county_hosts::Entity::find()
        .order_by_asc(county_hosts::Column::Hostname)
        .all(db)
        .await?;
    models
        .into_iter()
        .map(|m| {
            let names = hosts
                .iter()
                .filter(|h| h.county_id == m.id)
                .map(|h| h.hostname.clone())
                .collect();
            to_domain(m, names)
        })
        .collect()
}

async fn one_with_hosts(
    db: &impl ConnectionTrait,
    model: Option<counties::Model>,
) -> Result<Option<County>, RepoError> {
    let Some(model) = model else { return Ok(None) };
    let hosts = county_hosts::Entity::find()
        .filter(county_hosts::Column::CountyId.eq(model.id))
        .order_by_asc(county_hosts::Column::Hostname)
        .all(db)
        .await?
        .into_iter()
        .map(|h| h.hostname)
        .collect();
    to_domain(model, hosts).map(Some)
}

/// Creates a county with its hostnames. Run it inside the caller's
/// transaction (`begin_write`) so that a refused hostname leaves no county.
///
/// # Errors
/// `Taken("slug")` or `Taken("hostnames")` when another county holds them.
pub async fn create(
    db: &impl ConnectionTrait,
    slug: &CountySlug,
    name: &DisplayName,
    hostnames: &[String],
) -> Result<County, RepoError> {
    let at = now();
    let id = CountyId::new();
    counties::ActiveModel {
        id: Set(id.as_uuid()),
        slug: Set(slug.as_str().to_owned()),
        name: Set(name.as_str().to_owned()),
        status: Set(CountyStatus::Active.as_str().to_owned()),
        non_emergency: Set(domain::county::DEFAULT_NON_EMERGENCY.to_owned()),
        settings: Set("{}".to_owned()),
        review_period_months: Set(6),
        content_version: Set(0),
        brand_colour: Set(None),
        settings_version: Set(0),
        noindex: Set(false),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(db)
    .await
    .map_err(RepoError::unique_as("slug"))?;
    for host in hostnames {
        county_hosts::ActiveModel {
            hostname: Set(host.clone()),
            county_id: Set(id.as_uuid()),
        }
        .insert(db)
        .await
        .map_err(RepoError::unique_as("hostnames"))?;
    }
    crate::repo::categories::ensure_defaults(db, id).await?;
    Ok(County {
        id,
        slug: slug.as_str().to_owned(),
        name: name.as_str().to_owned(),
        status: CountyStatus::Active,
        non_emergency: domain::county::DEFAULT_NON_EMERGENCY.to_owned(),
        hostnames: hostnames.to_vec(),
        review_period_months: 6,
        content_version: 0,
        brand_colour: None,
        settings_version: 0,
        noindex: false,
    })
}

/// Every county, by name.
///
/// # Errors
/// Database errors.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<County>, RepoError> {
    let models = counties::Entity::find()
        .order_by_asc(counties::Column::Name)
        .all(db)
        .await?;
    with_hosts(db, models).await
}

/// Counties whose public site is served, by name.
///
/// # Errors
/// Database errors.
pub async fn list_active(db: &impl ConnectionTrait) -> Result<Vec<County>, RepoError> {
    let models = counties::Entity::find()
        .filter(counties::Column::Status.eq(CountyStatus::Active.as_str()))
        .order_by_asc(counties::Column::Name)
        .all(db)
        .await?;
    with_hosts(db, models).await
}

/// Whether any county exists.
///
/// # Errors
/// Database errors.
pub async fn any(db: &impl ConnectionTrait) -> Result<bool, RepoError> {
    Ok(counties::Entity::find().one(db).await?.is_some())
}

/// The county with this slug, whatever its status.
///
/// # Errors
/// Database errors.
pub async fn find_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<County>, RepoError> {
    let model = counties::Entity::find()
        .filter(counties::Column::Slug.eq(slug))
        .one(db)
        .await?;
    one_with_hosts(db, model).await
}

/// The county configured for this hostname, whatever its status.
///
/// # Errors
/// Database errors.
pub async fn find_by_host(
    db: &impl ConnectionTrait,
    hostname: &str,
) -> Result<Option<County>, RepoError> {
    let Some(host) = county_hosts::Entity::find_by_id(hostname.to_ascii_lowercase())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let model = counties::Entity::find_by_id(host.county_id).one(db).await?;
    one_with_hosts(db, model).await
}

/// Suspends or reactivates a county.
///
/// # Errors
/// `NotFound` when there is no such county.
pub async fn set_status(
    db: &impl ConnectionTrait,
    id: CountyId,
    status: CountyStatus,
) -> Result<(), RepoError> {
    let model = counties::Entity::find_by_id(id.as_uuid())
        .one(db)
        .await?
        .ok_or(RepoError::NotFound)?;
    let mut active: counties::ActiveModel = model.into();
    active.status = Set(status.as_str().to_owned());
    active.updated_at = Set(now());
    active.update(db).await?;
    bump_content_version(db, id).await
}

/// The county with this id, whatever its status.
///
/// # Errors
/// Database errors.
pub async fn find_by_id(
    db: &impl ConnectionTrait,
    id: CountyId,
) -> Result<Option<County>, RepoError> {
    let model = counties::Entity::find_by_id(id.as_uuid()).one(db).await?;
    one_with_hosts(db, model).await
}

/// Marks the county's public content as changed. Every repository write that
/// changes what the public site shows calls this in its own transaction.
///
/// # Errors
/// Database errors.
pub async fn bump_content_version(
    db: &impl ConnectionTrait,
    id: CountyId,
) -> Result<(), RepoError> {
    use sea_orm::ExprTrait;
    use sea_orm::sea_query::Expr;
    crate::changes::note_local_change();
    counties::Entity::update_many()
        .col_expr(
            counties::Column::ContentVersion,
            Expr::col(counties::Column::ContentVersion).add(1),
        )
        .filter(counties::Column::Id.eq(id.as_uuid()))
        .exec(db)
        .await?;
    // Again once written: outside a transaction this is when it shows
    // (inside one, `commit` notes it once more).
    crate::changes::note_local_change();
    Ok(())
}

/// Bumps the county's `content_version` only if it is still `expected`
/// (a whole import made against that version). On PostgreSQL the row stays
/// locked until the transaction ends, so writers to the county wait.
///
/// # Errors
/// Database errors. `Ok(false)`: the version had moved on; nothing changed.
pub async fn bump_content_version_from(
    db: &impl ConnectionTrait,
    id: CountyId,
    expected: i64,
) -> Result<bool, RepoError> {
    use sea_orm::ExprTrait;
    use sea_orm::sea_query::Expr;
    let res = counties::Entity::update_many()
        .col_expr(
            counties::Column::ContentVersion,
            Expr::col(counties::Column::ContentVersion).add(1),
        )
        .filter(counties::Column::Id.eq(id.as_uuid()))
        .filter(counties::Column::ContentVersion.eq(expected))
        .exec(db)
        .await?;
    crate::changes::note_local_change();
    Ok(res.rows_affected == 1)
}

/// The county with this slug without its hostnames (one query): what the
/// public pages need on every request.
///
/// # Errors
/// Database errors.
pub async fn find_by_slug_for_public(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<County>, RepoError> {
    counties::Entity::find()
        .filter(counties::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(|model| to_domain(model, Vec::new()))
        .transpose()
}

/// Saves a county's settings if they are still at `expected_version`, in one
/// conditional statement that also bumps the settings version and the
/// content version (the public pages show both values). Returns the county
/// as saved.
///
/// # Errors
/// `Stale` when someone saved in between (nothing changed), `NotFound` when
/// there is no such county.
pub async fn update_settings(
    db: &impl ConnectionTrait,
    id: CountyId,
    expected_version: i32,
    settings: &CountySettings,
) -> Result<County, RepoError> {
    use sea_orm::ExprTrait;
    use sea_orm::sea_query::Expr;
    crate::changes::note_local_change();
    let res = counties::Entity::update_many()
        .col_expr(
            counties::Column::BrandColour,
            Expr::value(settings.brand_colour.map(Colour::hex)),
        )
        .col_expr(
            counties::Column::NonEmergency,
            Expr::value(settings.non_emergency.clone()),
        )
        .col_expr(counties::Column::Noindex, Expr::value(settings.noindex))
        .col_expr(counties::Column::UpdatedAt, Expr::value(now()))
        .col_expr(
            counties::Column::SettingsVersion,
            Expr::col(counties::Column::SettingsVersion).add(1),
        )
        .col_expr(
            counties::Column::ContentVersion,
            Expr::col(counties::Column::ContentVersion).add(1),
        )
        .filter(counties::Column::Id.eq(id.as_uuid()))
        .filter(counties::Column::SettingsVersion.eq(expected_version))
        .exec(db)
        .await?;
    crate::changes::note_local_change();
    let saved = find_by_id(db, id).await?.ok_or(RepoError::NotFound)?;
    if res.rows_affected == 0 {
        return Err(RepoError::Stale);
    }
    Ok(saved)
}

/// The counties with these slugs, without their hostnames (one query): the
/// public pages' per-request read, for several requests at once.
///
/// # Errors
/// Database errors.
pub async fn find_by_slugs_for_public(
    db: &impl ConnectionTrait,
    slugs: &[&str],
) -> Result<Vec<County>, RepoError> {
    counties::Entity::find()
        .filter(counties::Column::Slug.is_in(slugs.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|model| to_domain(model, Vec::new()))
        .collect()
}
