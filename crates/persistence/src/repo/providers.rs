//! Providers. Every call takes the county; the key is `(tenant_id, id)`.

use domain::provider::Phone;
use domain::{
    Category, EmailAddress, Provider, ProviderFields, ProviderId, ProviderStatus, Slug, TenantId,
    UserId,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::entity::{provider_categories, providers};
use crate::{RepoError, now};

mod bulk;
pub use bulk::{all, create_quietly, update_quietly};

#[derive(Serialize, Deserialize)]
struct StoredPhone {
    label: String,
    number: String,
}

fn phones_json(phones: &[Phone]) -> Result<String, RepoError> {
    let stored: Vec<StoredPhone> = phones
        .iter()
        .map(|p| StoredPhone {
            label: p.label.clone(),
            number: p.number.clone(),
        })
        .collect();
    serde_json::to_string(&stored).map_err(|e| RepoError::Corrupt(e.to_string()))
}

fn age(raw: Option<i32>) -> Option<u8> {
    raw.and_then(|a| u8::try_from(a).ok())
}

fn to_domain(m: providers::Model, categories: Vec<Slug>) -> Result<Provider, RepoError> {
    let corrupt = |what: &str| RepoError::Corrupt(format!("provider {}: {what}", m.id));
    let phones: Vec<StoredPhone> =
        serde_json::from_str(&m.phones).map_err(|_| corrupt("phones"))?;
    let email = if m.email.is_empty() {
        None
    } else {
        Some(EmailAddress::parse(&m.email).map_err(|_| corrupt("email"))?)
    };
    let fields = ProviderFields {
        slug: Slug::parse(&m.slug).map_err(|_| corrupt("slug"))?,
        status: ProviderStatus::parse(&m.status).ok_or_else(|| corrupt("status"))?,
        name: m.name,
        summary: m.summary,
        description: m.description,
        phones: phones
            .into_iter()
            .map(|p| Phone {
                label: p.label,
                number: p.number,
            })
            .collect(),
        email,
        website: (!m.website.is_empty()).then_some(m.website),
        address: m.address,
        address_confidential: m.address_confidential,
        area: m.area,
        min_age: age(m.min_age),
        max_age: age(m.max_age),
        eligibility: m.eligibility,
        self_referral: m.self_referral,
        professional_referral: m.professional_referral,
        categories,
        opening_hours: (!m.opening_hours.is_empty()).then_some(m.opening_hours),
        hours_note: m.hours_note,
    };
    Ok(Provider {
        id: m.id,
        tenant: TenantId::from_uuid(m.tenant_id),
        fields,
        reviewed_at: m.reviewed_at,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
        created_by: m.created_by.map(UserId::from_uuid),
        updated_by: m.updated_by.map(UserId::from_uuid),
    })
}

/// The categories of these providers, as slugs in the county's order.
async fn categories_of(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, Slug)>, RepoError> {
    let all = crate::repo::categories::list(db, tenant).await?;
    let links = provider_categories::Entity::find()
        .filter(provider_categories::Column::TenantId.eq(tenant.as_uuid()))
        .filter(provider_categories::Column::ProviderId.is_in(ids.to_vec()))
        .all(db)
        .await?;
    let mut out = Vec::new();
    for category in &all {
        let slug = Slug::parse(&category.slug).map_err(|e| RepoError::Corrupt(e.to_string()))?;
        for link in links.iter().filter(|l| l.category_id == category.id) {
            out.push((link.provider_id, slug.clone()));
        }
    }
    Ok(out)
}

pub(crate) async fn hydrate(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    models: Vec<providers::Model>,
) -> Result<Vec<Provider>, RepoError> {
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let links = categories_of(db, tenant, &ids).await?;
    models
        .into_iter()
        .map(|m| {
            let cats = links
                .iter()
                .filter(|(p, _)| *p == m.id)
                .map(|(_, s)| s.clone())
                .collect();
            to_domain(m, cats)
        })
        .collect()
}

/// The slugs among `slugs` that are not categories of the county.
///
/// # Errors
/// Database errors.
pub async fn unknown_categories(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    slugs: &[Slug],
) -> Result<Vec<String>, RepoError> {
    let all = crate::repo::categories::list(db, tenant).await?;
    Ok(slugs
        .iter()
        .filter(|s| !all.iter().any(|c| c.slug == s.as_str()))
        .map(|s| s.as_str().to_owned())
        .collect())
}

async fn set_categories(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    provider: ProviderId,
    slugs: &[Slug],
) -> Result<(), RepoError> {
    provider_categories::Entity::delete_many()
        .filter(provider_categories::Column::TenantId.eq(tenant.as_uuid()))
        .filter(provider_categories::Column::ProviderId.eq(provider))
        .exec(db)
        .await?;
    let all: Vec<Category> = crate::repo::categories::list(db, tenant).await?;
    for slug in slugs {
        let category = all
            .iter()
            .find(|c| c.slug == slug.as_str())
            .ok_or(RepoError::NotFound)?;
        provider_categories::Entity::insert(provider_categories::ActiveModel {
            tenant_id: Set(tenant.as_uuid()),
            provider_id: Set(provider),
            category_id: Set(category.id),
        })
        .exec_without_returning(db)
        .await?;
    }
    // Every create and update ends here.
    crate::repo::tenants::bump_content_version(db, tenant).await
}

fn active_fields(
    model: &mut providers::ActiveModel,
    fields: &ProviderFields,
) -> Result<(), RepoError> {
    model.slug = Set(fields.slug.as_str().to_owned());
    model.name = Set(fields.name.clone());
    model.summary = Set(fields.summary.clone());
    model.description = Set(fields.description.clone());
    model.phones = Set(phones_json(&fields.phones)?);
    model.email = Set(fields
        .email
        .as_ref()
        .map(|e| e.as_str().to_owned())
        .unwrap_or_default());
    model.website = Set(fields.website.clone().unwrap_or_default());
    model.address = Set(fields.address.clone());
    model.address_confidential = Set(fields.address_confidential);
    model.area = Set(fields.area.clone());
    model.min_age = Set(fields.min_age.map(i32::from));
    model.max_age = Set(fields.max_age.map(i32::from));
    model.eligibility = Set(fields.eligibility.clone());
    model.self_referral = Set(fields.self_referral);
    model.professional_referral = Set(fields.professional_referral);
    model.opening_hours = Set(fields.opening_hours.clone().unwrap_or_default());
    model.hours_note = Set(fields.hours_note.clone());
    model.status = Set(fields.status.as_str().to_owned());
    Ok(())
}

/// Creates a provider (version 1), with its categories.
///
/// # Errors
/// `Taken("slug")` when the county has a provider with this slug;
/// `NotFound` when a category is not the county's.
pub async fn create(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    fields: &ProviderFields,
    actor: Option<UserId>,
) -> Result<Provider, RepoError> {
    let id = Uuid::now_v7();
    let at = now();
    let mut model = providers::ActiveModel {
        tenant_id: Set(tenant.as_uuid()),
        id: Set(id),
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
    set_categories(db, tenant, id, &fields.categories).await?;
    find(db, tenant, id).await?.ok_or(RepoError::NotFound)
}

/// One provider of the county.
///
/// # Errors
/// Database errors.
pub async fn find(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    id: ProviderId,
) -> Result<Option<Provider>, RepoError> {
    let Some(model) = providers::Entity::find_by_id((tenant.as_uuid(), id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(hydrate(db, tenant, vec![model]).await?.pop())
}

/// One provider of the county, by slug.
///
/// # Errors
/// Database errors.
pub async fn find_by_slug(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    slug: &str,
) -> Result<Option<Provider>, RepoError> {
    let Some(model) = providers::Entity::find()
        .filter(providers::Column::TenantId.eq(tenant.as_uuid()))
        .filter(providers::Column::Slug.eq(slug))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(hydrate(db, tenant, vec![model]).await?.pop())
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
    tenant: TenantId,
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
        .filter(providers::Column::TenantId.eq(tenant.as_uuid()))
        .filter(providers::Column::Id.eq(id))
        .filter(providers::Column::Version.eq(expected_version))
        .exec(db)
        .await
        .map_err(RepoError::unique_as("slug"))?;
    if res.rows_affected == 0 {
        return match find(db, tenant, id).await? {
            Some(_) => Err(RepoError::Stale),
            None => Err(RepoError::NotFound),
        };
    }
    set_categories(db, tenant, id, &fields.categories).await?;
    find(db, tenant, id).await?.ok_or(RepoError::NotFound)
}

/// Records that someone checked the details are right (`reviewed_at`), if
/// the provider is still at `expected_version`.
///
/// # Errors
/// `NotFound`, `Stale`.
pub async fn mark_reviewed(
    db: &impl ConnectionTrait,
    tenant: TenantId,
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
        .filter(providers::Column::TenantId.eq(tenant.as_uuid()))
        .filter(providers::Column::Id.eq(id))
        .filter(providers::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return match find(db, tenant, id).await? {
            Some(_) => Err(RepoError::Stale),
            None => Err(RepoError::NotFound),
        };
    }
    crate::repo::tenants::bump_content_version(db, tenant).await
}

/// Deletes a provider of the county.
///
/// # Errors
/// `NotFound`.
pub async fn delete(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    id: ProviderId,
) -> Result<(), RepoError> {
    crate::repo::commissioning::unlink_provider(db, tenant, id).await?;
    let res = providers::Entity::delete_by_id((tenant.as_uuid(), id))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(RepoError::NotFound);
    }
    crate::repo::tenants::bump_content_version(db, tenant).await
}

/// How the admin list is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Name,
    /// Most recently updated first.
    Updated,
    /// Least recently reviewed first (never reviewed first of all).
    Reviewed,
}

/// What the admin list shows.
#[derive(Clone, Debug, Default)]
pub struct ListQuery {
    /// Part of the name, case-insensitive.
    pub name: String,
    pub status: Option<ProviderStatus>,
    pub category: Option<String>,
    pub sort: Sort,
    /// From 1.
    pub page: u64,
    pub per_page: u64,
}

/// A page of the admin list and the total that matched.
pub struct ListPage {
    pub providers: Vec<Provider>,
    pub total: u64,
    pub page: u64,
}

/// The county's providers, filtered, sorted and paginated.
///
/// # Errors
/// Database errors.
pub async fn list(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    query: &ListQuery,
) -> Result<ListPage, RepoError> {
    let mut select =
        providers::Entity::find().filter(providers::Column::TenantId.eq(tenant.as_uuid()));
    let name = query.name.trim().to_lowercase();
    if !name.is_empty() {
        let escaped = name
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        select = select.filter(
            Expr::expr(sea_orm::sea_query::Func::lower(Expr::col(
                providers::Column::Name,
            )))
            .like(sea_orm::sea_query::LikeExpr::new(format!("%{escaped}%")).escape('\\')),
        );
    }
    if let Some(status) = query.status {
        select = select.filter(providers::Column::Status.eq(status.as_str()));
    }
    if let Some(category) = &query.category {
        let Some(cat) = crate::repo::categories::list(db, tenant)
            .await?
            .into_iter()
            .find(|c| &c.slug == category)
        else {
            return Ok(ListPage {
                providers: Vec::new(),
                total: 0,
                page: 1,
            });
        };
        let ids: Vec<Uuid> = provider_categories::Entity::find()
            .filter(provider_categories::Column::TenantId.eq(tenant.as_uuid()))
            .filter(provider_categories::Column::CategoryId.eq(cat.id))
            .all(db)
            .await?
            .into_iter()
            .map(|l| l.provider_id)
            .collect();
        select = select.filter(Condition::all().add(providers::Column::Id.is_in(ids)));
    }
    select = match query.sort {
        Sort::Name => select.order_by_asc(providers::Column::Name),
        Sort::Updated => select.order_by_desc(providers::Column::UpdatedAt),
        Sort::Reviewed => select
            .order_by_asc(providers::Column::ReviewedAt)
            .order_by_asc(providers::Column::Name),
    };
    let per_page = Ord::max(query.per_page, 1);
    let total = select.clone().count(db).await?;
    let page = query.page.clamp(1, Ord::max(total.div_ceil(per_page), 1));
    let models = select
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    Ok(ListPage {
        providers: hydrate(db, tenant, models).await?,
        total,
        page,
    })
}

/// Every published provider of the county, by name: the public directory.
///
/// # Errors
/// Database errors.
pub async fn published(
    db: &impl ConnectionTrait,
    tenant: TenantId,
) -> Result<Vec<Provider>, RepoError> {
    let models = providers::Entity::find()
        .filter(providers::Column::TenantId.eq(tenant.as_uuid()))
        .filter(providers::Column::Status.eq(ProviderStatus::Published.as_str()))
        .all(db)
        .await?;
    let mut found = hydrate(db, tenant, models).await?;
    // Sorted here, case-insensitively: databases collate differently
    // ("SV2" before "Safe and Sound" in byte order).
    found.sort_by_cached_key(|p| p.fields.name.to_lowercase());
    Ok(found)
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
    tenant: TenantId,
    before: OffsetDateTime,
) -> Result<Vec<ReviewCandidate>, RepoError> {
    providers::Entity::find()
        .select_only()
        .column(providers::Column::Id)
        .column(providers::Column::Name)
        .column(providers::Column::Status)
        .column(providers::Column::ReviewedAt)
        .filter(providers::Column::TenantId.eq(tenant.as_uuid()))
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
                id,
                status: ProviderStatus::parse(&status)
                    .ok_or_else(|| RepoError::Corrupt(format!("provider {id}: status")))?,
                name,
                reviewed_at,
            })
        })
        .collect()
}
