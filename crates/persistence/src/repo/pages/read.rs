//! Finding pages: the admin list, the drafts, one page, the public page,
//! the navigation and a page's history.

use std::collections::HashMap;

use domain::{CountyId, Page, PageId, Revision};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::RepoError;
use crate::entity::{page_revisions as revisions, pages};

use super::hydrate::{hydrate, names, revision};

/// Every page of the county, by navigation position then slug.
///
/// # Errors
/// Database errors.
pub async fn list(db: &impl ConnectionTrait, county: CountyId) -> Result<Vec<Page>, RepoError> {
    let models = pages::Entity::find()
        .filter(pages::Column::CountyId.eq(county.as_uuid()))
        .order_by_asc(pages::Column::Slug)
        .all(db)
        .await?;
    hydrate(db, county, models).await
}

/// The county's pages with work not yet public: a draft (of a new page or
/// of a change to a published one), scheduled or not. Most recently
/// changed first.
///
/// # Errors
/// Database errors.
pub async fn with_drafts(
    db: &impl ConnectionTrait,
    county: CountyId,
) -> Result<Vec<Page>, RepoError> {
    let models = pages::Entity::find()
        .filter(pages::Column::CountyId.eq(county.as_uuid()))
        .filter(
            Condition::any()
                .add(pages::Column::DraftRevision.is_not_null())
                .add(pages::Column::PublishedRevision.is_null()),
        )
        .order_by_desc(pages::Column::UpdatedAt)
        .order_by_asc(pages::Column::Slug)
        .all(db)
        .await?;
    hydrate(db, county, models).await
}

/// One page of the county.
///
/// # Errors
/// Database errors.
pub async fn find(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: PageId,
) -> Result<Option<Page>, RepoError> {
    let Some(model) = pages::Entity::find_by_id((county.as_uuid(), id.as_uuid()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(hydrate(db, county, vec![model]).await?.pop())
}

/// The page with this slug, if it is published: what the public sees (its
/// draft is left out).
///
/// # Errors
/// Database errors.
pub async fn find_published(
    db: &impl ConnectionTrait,
    county: CountyId,
    slug: &str,
) -> Result<Option<Page>, RepoError> {
    let Some(model) = pages::Entity::find()
        .filter(pages::Column::CountyId.eq(county.as_uuid()))
        .filter(pages::Column::Slug.eq(slug))
        .filter(pages::Column::PublishedRevision.is_not_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let mut page = hydrate(db, county, vec![model]).await?.pop();
    if let Some(p) = page.as_mut() {
        p.draft = None;
    }
    Ok(page)
}

/// The county's navigation: `(slug, title)` of each published page with a
/// position, lowest position first.
///
/// # Errors
/// Database errors.
pub async fn navigation(
    db: &impl ConnectionTrait,
    county: CountyId,
) -> Result<Vec<(String, String)>, RepoError> {
    let listed = pages::Entity::find()
        .select_only()
        .column(pages::Column::Id)
        .column(pages::Column::Slug)
        .column(pages::Column::PublishedRevision)
        .filter(pages::Column::CountyId.eq(county.as_uuid()))
        .filter(pages::Column::NavPosition.is_not_null())
        .filter(pages::Column::PublishedRevision.is_not_null())
        .order_by_asc(pages::Column::NavPosition)
        .order_by_asc(pages::Column::Slug)
        .into_tuple::<(Uuid, String, i32)>()
        .all(db)
        .await?;
    if listed.is_empty() {
        return Ok(Vec::new());
    }
    let titles: HashMap<(Uuid, i32), String> = revisions::Entity::find()
        .select_only()
        .column(revisions::Column::PageId)
        .column(revisions::Column::Number)
        .column(revisions::Column::Title)
        .filter(revisions::Column::CountyId.eq(county.as_uuid()))
        .filter(revisions::Column::PageId.is_in(listed.iter().map(|(id, _, _)| *id)))
        .into_tuple::<(Uuid, i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, n, title)| ((id, n), title))
        .collect();
    Ok(listed
        .into_iter()
        .filter_map(|(id, slug, n)| titles.get(&(id, n)).map(|t| (slug, t.clone())))
        .collect())
}

/// Every revision of a page, newest first.
///
/// # Errors
/// Database errors.
pub async fn revisions(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: PageId,
) -> Result<Vec<Revision>, RepoError> {
    let models = revisions::Entity::find()
        .filter(revisions::Column::CountyId.eq(county.as_uuid()))
        .filter(revisions::Column::PageId.eq(id.as_uuid()))
        .order_by_desc(revisions::Column::Number)
        .all(db)
        .await?;
    let names = names(db, models.iter().filter_map(|r| r.created_by)).await?;
    Ok(models.into_iter().map(|m| revision(m, &names)).collect())
}

/// Whether the page has a revision with this number.
///
/// # Errors
/// Database errors.
pub async fn has_revision(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: PageId,
    number: i32,
) -> Result<bool, RepoError> {
    Ok(
        revisions::Entity::find_by_id((county.as_uuid(), id.as_uuid(), number))
            .select_only()
            .column(revisions::Column::Number)
            .into_tuple::<i32>()
            .one(db)
            .await?
            .is_some(),
    )
}
