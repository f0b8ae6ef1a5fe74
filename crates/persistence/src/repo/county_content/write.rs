//! Writing a county document's content into an empty county, ids,
//! versions and times kept; nothing is bumped here.

use domain::provider::Phone;
use domain::{Category, CountyId, Note, Provider, ProviderId};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::RepoError;
use crate::entity::{
    categories, commissioning_notes as notes, counties, page_revisions as revisions, pages,
    provider_categories, providers,
};

use super::read::StoredPage;

/// Replaces the county's categories with these, in this order. Only for a
/// county without providers (no provider loses a category here).
///
/// # Errors
/// Database errors; `Taken("slug")` for a slug given twice.
pub async fn replace_categories(
    db: &impl ConnectionTrait,
    county: CountyId,
    list: &[Category],
) -> Result<(), RepoError> {
    categories::Entity::delete_many()
        .filter(categories::Column::CountyId.eq(county.as_uuid()))
        .exec(db)
        .await?;
    for (position, c) in list.iter().enumerate() {
        categories::Entity::insert(categories::ActiveModel {
            county_id: Set(county.as_uuid()),
            id: Set(c.id.as_uuid()),
            slug: Set(c.slug.clone()),
            name: Set(c.name.clone()),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
        })
        .exec_without_returning(db)
        .await
        .map_err(RepoError::unique_as("slug"))?;
    }
    Ok(())
}

fn phones_json(phones: &[Phone]) -> Result<String, RepoError> {
    let stored: Vec<serde_json::Value> = phones
        .iter()
        .map(|p| serde_json::json!({"label": p.label, "number": p.number}))
        .collect();
    serde_json::to_string(&stored).map_err(|e| RepoError::Corrupt(e.to_string()))
}

/// Writes a provider as given (id, version, times, review date), with its
/// categories, which must be the county's. Its author is left empty.
///
/// # Errors
/// `Taken("slug")`; `NotFound` for a category the county lacks.
pub async fn insert_provider(
    db: &impl ConnectionTrait,
    county: CountyId,
    p: &Provider,
    county_categories: &[Category],
) -> Result<(), RepoError> {
    let f = &p.fields;
    providers::Entity::insert(providers::ActiveModel {
        county_id: Set(county.as_uuid()),
        id: Set(p.id.as_uuid()),
        slug: Set(f.slug.as_str().to_owned()),
        name: Set(f.name.clone()),
        summary: Set(f.summary.clone()),
        description: Set(f.description.clone()),
        phones: Set(phones_json(&f.phones)?),
        email: Set(f
            .email
            .as_ref()
            .map(|e| e.as_str().to_owned())
            .unwrap_or_default()),
        website: Set(f.website.clone().unwrap_or_default()),
        address: Set(f.address.clone()),
        address_confidential: Set(f.address_confidential),
        area: Set(f.area.clone()),
        min_age: Set(f.min_age.map(i32::from)),
        max_age: Set(f.max_age.map(i32::from)),
        eligibility: Set(f.eligibility.clone()),
        self_referral: Set(f.self_referral),
        professional_referral: Set(f.professional_referral),
        opening_hours: Set(f.opening_hours.clone().unwrap_or_default()),
        hours_note: Set(f.hours_note.clone()),
        status: Set(f.status.as_str().to_owned()),
        reviewed_at: Set(p.reviewed_at),
        version: Set(p.version),
        created_at: Set(p.created_at),
        updated_at: Set(p.updated_at),
        created_by: Set(None),
        updated_by: Set(None),
    })
    .exec_without_returning(db)
    .await
    .map_err(RepoError::unique_as("slug"))?;
    for slug in &f.categories {
        let category = county_categories
            .iter()
            .find(|c| c.slug == slug.as_str())
            .ok_or(RepoError::NotFound)?;
        provider_categories::Entity::insert(provider_categories::ActiveModel {
            county_id: Set(county.as_uuid()),
            provider_id: Set(p.id.as_uuid()),
            category_id: Set(category.id.as_uuid()),
        })
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// Writes a page and every revision as given. Its authors are left empty.
///
/// # Errors
/// `Taken("slug")`; database errors.
pub async fn insert_page(
    db: &impl ConnectionTrait,
    county: CountyId,
    page: &StoredPage,
) -> Result<(), RepoError> {
    let last = page.revisions.iter().map(|r| r.number).max().unwrap_or(0);
    pages::Entity::insert(pages::ActiveModel {
        county_id: Set(county.as_uuid()),
        id: Set(page.id.as_uuid()),
        slug: Set(page.slug.as_str().to_owned()),
        nav_position: Set(page.nav_position),
        published_revision: Set(page.published_revision),
        draft_revision: Set(page.draft_revision),
        last_revision: Set(last),
        publish_at: Set(page.publish_at),
        version: Set(page.version),
        created_at: Set(page.created_at),
        updated_at: Set(page.updated_at),
        created_by: Set(None),
        updated_by: Set(None),
    })
    .exec_without_returning(db)
    .await
    .map_err(RepoError::unique_as("slug"))?;
    for r in &page.revisions {
        revisions::Entity::insert(revisions::ActiveModel {
            county_id: Set(county.as_uuid()),
            page_id: Set(page.id.as_uuid()),
            number: Set(r.number),
            title: Set(r.content.title.clone()),
            summary: Set(r.content.summary.clone()),
            body: Set(r.content.body.clone()),
            restored_from: Set(r.restored_from),
            created_at: Set(r.created_at),
            created_by: Set(None),
        })
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// Writes a note as given; its provider (by slug) must be the county's.
/// Its authors are left empty.
///
/// # Errors
/// `NotFound` when the county has no provider with the note's slug.
pub async fn insert_note(
    db: &impl ConnectionTrait,
    county: CountyId,
    note: &Note,
) -> Result<(), RepoError> {
    use domain::commissioning::iso_date;
    let provider_id = match &note.fields.provider {
        None => None,
        Some(slug) => Some(
            crate::repo::providers::find_by_slug(db, county, slug.as_str())
                .await?
                .ok_or(RepoError::NotFound)?
                .id,
        ),
    };
    let f = &note.fields;
    notes::Entity::insert(notes::ActiveModel {
        county_id: Set(county.as_uuid()),
        id: Set(note.id.as_uuid()),
        provider_id: Set(provider_id.map(ProviderId::as_uuid)),
        service: Set(f.service.clone()),
        legal_basis: Set(f.legal_basis.clone()),
        starts_on: Set(iso_date(f.starts_on)),
        ends_on: Set(f.ends_on.map(iso_date)),
        public_statement: Set(f.public_statement.clone()),
        internal_notes: Set(f.internal_notes.clone()),
        version: Set(note.version),
        created_at: Set(note.created_at),
        updated_at: Set(note.updated_at),
        created_by: Set(None),
        updated_by: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Sets the county's settings, without the optimistic lock of the settings
/// form: the settings version goes up (an open form becomes stale), the
/// content version does not (the caller bumps it once).
///
/// # Errors
/// `NotFound` when there is no such county.
pub async fn set_settings(
    db: &impl ConnectionTrait,
    county: CountyId,
    settings: &domain::CountySettings,
) -> Result<(), RepoError> {
    use sea_orm::ExprTrait;
    use sea_orm::sea_query::Expr;
    let res = counties::Entity::update_many()
        .col_expr(
            counties::Column::BrandColour,
            Expr::value(settings.brand_colour.map(domain::Colour::hex)),
        )
        .col_expr(
            counties::Column::NonEmergency,
            Expr::value(settings.non_emergency.clone()),
        )
        .col_expr(counties::Column::Noindex, Expr::value(settings.noindex))
        .col_expr(counties::Column::UpdatedAt, Expr::value(crate::now()))
        .col_expr(
            counties::Column::SettingsVersion,
            Expr::col(counties::Column::SettingsVersion).add(1),
        )
        .filter(counties::Column::Id.eq(county.as_uuid()))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(RepoError::NotFound);
    }
    Ok(())
}
