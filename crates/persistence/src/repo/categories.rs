//! A county's provider categories.

use domain::provider::DEFAULT_CATEGORIES;
use domain::{Category, CategoryId, CountyId, Slug};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use crate::RepoError;
use crate::entity::categories;

fn to_domain(m: categories::Model) -> Category {
    Category {
        id: CategoryId::from_uuid(m.id),
        slug: m.slug,
        name: m.name,
    }
}

/// The county's categories, in their order.
///
/// # Errors
/// Database errors.
pub async fn list(db: &impl ConnectionTrait, county: CountyId) -> Result<Vec<Category>, RepoError> {
    Ok(categories::Entity::find()
        .filter(categories::Column::CountyId.eq(county.as_uuid()))
        .order_by_asc(categories::Column::Position)
        .order_by_asc(categories::Column::Name)
        .order_by_asc(categories::Column::Slug)
        .all(db)
        .await?
        .into_iter()
        .map(to_domain)
        .collect())
}

/// Adds a category at the end of the list.
///
/// # Errors
/// `Taken("slug")` when the county has a category with this slug.
pub async fn create(
    db: &impl ConnectionTrait,
    county: CountyId,
    slug: &Slug,
    name: &str,
) -> Result<Category, RepoError> {
    let position = i32::try_from(list(db, county).await?.len()).unwrap_or(i32::MAX);
    let id = CategoryId::new();
    let model = categories::ActiveModel {
        county_id: Set(county.as_uuid()),
        id: Set(id.as_uuid()),
        slug: Set(slug.as_str().to_owned()),
        name: Set(name.to_owned()),
        position: Set(position),
    };
    categories::Entity::insert(model)
        .exec_without_returning(db)
        .await
        .map_err(RepoError::unique_as("slug"))?;
    crate::repo::counties::bump_content_version(db, county).await?;
    Ok(Category {
        id,
        slug: slug.as_str().to_owned(),
        name: name.to_owned(),
    })
}

/// Deletes a category; providers simply lose it.
///
/// # Errors
/// `NotFound` when the county has no such category.
pub async fn delete(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: CategoryId,
) -> Result<(), RepoError> {
    let res = categories::Entity::delete_by_id((county.as_uuid(), id.as_uuid()))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(RepoError::NotFound);
    }
    crate::repo::counties::bump_content_version(db, county).await
}

/// Gives a county the default categories it does not have yet.
///
/// # Errors
/// Database errors.
pub async fn ensure_defaults(db: &impl ConnectionTrait, county: CountyId) -> Result<(), RepoError> {
    let existing = list(db, county).await?;
    for (slug, name) in DEFAULT_CATEGORIES {
        if existing.iter().any(|c| c.slug == *slug) {
            continue;
        }
        let slug = Slug::parse(slug).map_err(|e| RepoError::Corrupt(e.to_string()))?;
        create(db, county, &slug, name).await?;
    }
    Ok(())
}
