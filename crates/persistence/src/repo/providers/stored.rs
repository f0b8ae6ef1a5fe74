//! How a provider is stored: its row and category links turned into a
//! [`Provider`], and its fields into a row (inserted, or an update) and
//! category links.

use domain::provider::Phone;
use domain::{
    Category, CountyId, EmailAddress, Provider, ProviderFields, ProviderId, ProviderStatus, Slug,
    UserId,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, UpdateMany,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::entity::{provider_categories, providers};
use crate::{RepoError, now};

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
        id: ProviderId::from_uuid(m.id),
        county: CountyId::from_uuid(m.county_id),
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
    county: CountyId,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, Slug)>, RepoError> {
    let all = crate::repo::categories::list(db, county).await?;
    let links = provider_categories::Entity::find()
        .filter(provider_categories::Column::CountyId.eq(county.as_uuid()))
        .filter(provider_categories::Column::ProviderId.is_in(ids.to_vec()))
        .all(db)
        .await?;
    let mut out = Vec::new();
    for category in &all {
        let slug = Slug::parse(&category.slug).map_err(|e| RepoError::Corrupt(e.to_string()))?;
        for link in links
            .iter()
            .filter(|l| l.category_id == category.id.as_uuid())
        {
            out.push((link.provider_id, slug.clone()));
        }
    }
    Ok(out)
}

pub(crate) async fn hydrate(
    db: &impl ConnectionTrait,
    county: CountyId,
    models: Vec<providers::Model>,
) -> Result<Vec<Provider>, RepoError> {
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let links = categories_of(db, county, &ids).await?;
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

/// Inserts a provider (version 1); `reviewed_at` defaults to now, as for
/// a provider added by hand.
///
/// # Errors
/// `Taken("slug")` when the county has a provider with this slug.
pub(super) async fn insert_row(
    db: &impl ConnectionTrait,
    county: CountyId,
    fields: &ProviderFields,
    reviewed_at: Option<OffsetDateTime>,
    actor: Option<UserId>,
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
    Ok(id)
}

/// The update that saves `fields` (and `reviewed_at` when given), for
/// [`crate::repo::versioned`] to make conditional.
pub(super) fn update_of(
    fields: &ProviderFields,
    reviewed_at: Option<OffsetDateTime>,
    actor: Option<UserId>,
) -> Result<UpdateMany<providers::Entity>, RepoError> {
    let mut model = providers::ActiveModel::default();
    active_fields(&mut model, fields)?;
    model.updated_at = Set(now());
    model.updated_by = Set(actor.map(UserId::as_uuid));
    if let Some(at) = reviewed_at {
        model.reviewed_at = Set(Some(at));
    }
    Ok(providers::Entity::update_many().set(model))
}

/// Sets the provider's categories: one statement to clear them (not for a
/// provider just created) and one to insert them all.
///
/// # Errors
/// `NotFound` when a slug is not among `county_categories`.
pub(super) async fn link_categories(
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
