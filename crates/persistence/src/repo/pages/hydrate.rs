//! Rows to pages: a page with its published and draft revisions, and the
//! display names of who wrote them.

use std::collections::HashMap;

use domain::{CountyId, Page, PageContent, PageId, Revision, Slug, UserId};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::RepoError;
use crate::entity::{page_revisions as revisions, pages, users};

/// The display names of these users.
pub(super) async fn names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, RepoError> {
    let mut ids: Vec<Uuid> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .column(users::Column::DisplayName)
        .filter(users::Column::Id.is_in(ids))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

pub(super) fn revision(m: revisions::Model, names: &HashMap<Uuid, String>) -> Revision {
    Revision {
        number: m.number,
        content: PageContent {
            title: m.title,
            summary: m.summary,
            body: m.body,
        },
        created_at: m.created_at,
        created_by: m.created_by.map(UserId::from_uuid),
        created_by_name: m.created_by.and_then(|id| names.get(&id).cloned()),
        restored_from: m.restored_from,
    }
}

/// Pages with their published and draft revisions, in the order given.
pub(super) async fn hydrate(
    db: &impl ConnectionTrait,
    county: CountyId,
    models: Vec<pages::Model>,
) -> Result<Vec<Page>, RepoError> {
    if models.is_empty() {
        return Ok(Vec::new());
    }
    let revs = shown_revisions(db, county, &models).await?;
    let names = names(
        db,
        models
            .iter()
            .filter_map(|m| m.updated_by)
            .chain(revs.iter().filter_map(|r| r.created_by)),
    )
    .await?;
    let mut by_key: HashMap<(Uuid, i32), revisions::Model> = revs
        .into_iter()
        .map(|r| ((r.page_id, r.number), r))
        .collect();
    models
        .into_iter()
        .map(|m| page(m, county, &mut by_key, &names))
        .collect()
}

/// The published and draft revisions of these pages, in one query.
async fn shown_revisions(
    db: &impl ConnectionTrait,
    county: CountyId,
    models: &[pages::Model],
) -> Result<Vec<revisions::Model>, RepoError> {
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let wanted: Vec<i32> = models
        .iter()
        .flat_map(|m| [m.published_revision, m.draft_revision])
        .flatten()
        .collect();
    Ok(revisions::Entity::find()
        .filter(revisions::Column::CountyId.eq(county.as_uuid()))
        .filter(revisions::Column::PageId.is_in(ids))
        .filter(revisions::Column::Number.is_in(wanted))
        .all(db)
        .await?)
}

/// One page from its row, taking its revisions out of `by_key`; `Corrupt`
/// when the row names a revision that is not there.
fn page(
    m: pages::Model,
    county: CountyId,
    by_key: &mut HashMap<(Uuid, i32), revisions::Model>,
    names: &HashMap<Uuid, String>,
) -> Result<Page, RepoError> {
    let slug =
        Slug::parse(&m.slug).map_err(|_| RepoError::Corrupt(format!("page {}: slug", m.id)))?;
    let mut take = |number: Option<i32>| -> Result<Option<Revision>, RepoError> {
        match number {
            None => Ok(None),
            Some(n) => by_key
                .remove(&(m.id, n))
                .map(|r| Some(revision(r, names)))
                .ok_or_else(|| RepoError::Corrupt(format!("page {}: revision {n}", m.id))),
        }
    };
    let published = take(m.published_revision)?;
    let draft = take(m.draft_revision)?;
    Ok(Page {
        id: PageId::from_uuid(m.id),
        county,
        slug,
        nav_position: m.nav_position,
        published,
        draft,
        publish_at: m.publish_at,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
        updated_by: m.updated_by.map(UserId::from_uuid),
        updated_by_name: m.updated_by.and_then(|id| names.get(&id).cloned()),
    })
}
