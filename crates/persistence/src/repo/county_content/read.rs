//! Reading a county's whole content for the county document, in one
//! snapshot.

use domain::{CountyId, Note, PageContent, PageId, Provider, Slug};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use time::OffsetDateTime;

use crate::RepoError;
use crate::entity::{commissioning_notes as notes, page_revisions as revisions, pages, providers};

/// A page as stored, with every revision (oldest first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredPage {
    pub id: PageId,
    pub slug: Slug,
    pub nav_position: Option<i32>,
    pub published_revision: Option<i32>,
    pub draft_revision: Option<i32>,
    pub publish_at: Option<OffsetDateTime>,
    pub version: i32,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub revisions: Vec<StoredRevision>,
}

/// One revision of a [`StoredPage`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRevision {
    pub number: i32,
    pub content: PageContent,
    pub restored_from: Option<i32>,
    pub created_at: OffsetDateTime,
}

/// A read-only transaction that sees one snapshot of the database
/// (`REPEATABLE READ` on PostgreSQL; a SQLite transaction is one already),
/// so that an export read in several queries is consistent.
///
/// # Errors
/// Database errors.
pub async fn snapshot(db: &crate::Db) -> Result<crate::Txn, RepoError> {
    use sea_orm::{AccessMode, DbBackend, IsolationLevel, TransactionTrait};
    Ok(match db.get_database_backend() {
        DbBackend::Postgres => {
            db.begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await?
        }
        _ => db.begin().await?,
    })
}

/// How many providers, pages and notes the county has.
///
/// # Errors
/// Database errors.
pub async fn counts(
    db: &impl ConnectionTrait,
    county: CountyId,
) -> Result<(u64, u64, u64), RepoError> {
    let t = county.as_uuid();
    let providers = providers::Entity::find()
        .filter(providers::Column::CountyId.eq(t))
        .count(db)
        .await?;
    let pages = pages::Entity::find()
        .filter(pages::Column::CountyId.eq(t))
        .count(db)
        .await?;
    let notes = notes::Entity::find()
        .filter(notes::Column::CountyId.eq(t))
        .count(db)
        .await?;
    Ok((providers, pages, notes))
}

/// Every provider of the county, whatever its status, by slug.
///
/// # Errors
/// Database errors; `Corrupt` for a stored value the domain refuses.
pub async fn providers(
    db: &impl ConnectionTrait,
    county: CountyId,
) -> Result<Vec<Provider>, RepoError> {
    let models = providers::Entity::find()
        .filter(providers::Column::CountyId.eq(county.as_uuid()))
        .order_by_asc(providers::Column::Slug)
        .all(db)
        .await?;
    crate::repo::providers::hydrate(db, county, models).await
}

/// Every commissioning note of the county, by id.
///
/// # Errors
/// Database errors; `Corrupt` for a stored value the domain refuses.
pub async fn notes(db: &impl ConnectionTrait, county: CountyId) -> Result<Vec<Note>, RepoError> {
    let models = notes::Entity::find()
        .filter(notes::Column::CountyId.eq(county.as_uuid()))
        .order_by_asc(notes::Column::Id)
        .all(db)
        .await?;
    crate::repo::commissioning::hydrate(db, county, models).await
}

/// Every page of the county by slug, each with every revision by number.
///
/// # Errors
/// Database errors; `Corrupt` for a stored slug the domain refuses.
pub async fn pages(
    db: &impl ConnectionTrait,
    county: CountyId,
) -> Result<Vec<StoredPage>, RepoError> {
    let models = pages::Entity::find()
        .filter(pages::Column::CountyId.eq(county.as_uuid()))
        .order_by_asc(pages::Column::Slug)
        .all(db)
        .await?;
    let mut revs = revisions::Entity::find()
        .filter(revisions::Column::CountyId.eq(county.as_uuid()))
        .order_by_asc(revisions::Column::PageId)
        .order_by_asc(revisions::Column::Number)
        .all(db)
        .await?;
    models
        .into_iter()
        .map(|m| {
            let slug = Slug::parse(&m.slug)
                .map_err(|_| RepoError::Corrupt(format!("page {}: slug", m.id)))?;
            let mut own: Vec<StoredRevision> = Vec::new();
            revs.retain(|r| {
                if r.page_id != m.id {
                    return true;
                }
                own.push(StoredRevision {
                    number: r.number,
                    content: PageContent {
                        title: r.title.clone(),
                        summary: r.summary.clone(),
                        body: r.body.clone(),
                    },
                    restored_from: r.restored_from,
                    created_at: r.created_at,
                });
                false
            });
            own.sort_by_key(|r| r.number);
            Ok(StoredPage {
                id: PageId::from_uuid(m.id),
                slug,
                nav_position: m.nav_position,
                published_revision: m.published_revision,
                draft_revision: m.draft_revision,
                publish_at: m.publish_at,
                version: m.version,
                created_at: m.created_at,
                updated_at: m.updated_at,
                revisions: own,
            })
        })
        .collect()
}
