//! Content pages and their revisions. Every call takes the county; keys are
//! `(tenant_id, id)` for pages and `(tenant_id, page_id, number)` for
//! revisions.
//!
//! Every change of state is one conditional `UPDATE ... WHERE version = ?`,
//! so of several concurrent changes from the same version exactly one wins,
//! and a scheduled publication is done once however many servers try.
//! Writes that change what the public sees bump the county's
//! `content_version` in the same transaction.

use std::collections::HashMap;

use domain::{Page, PageContent, PageFields, PageId, Revision, Slug, TenantId, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::entity::{page_revisions as revisions, pages, users};
use crate::repo::tenants::bump_content_version;
use crate::{RepoError, now};

/// The display names of these users.
async fn names(
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

fn revision(m: revisions::Model, names: &HashMap<Uuid, String>) -> Revision {
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
async fn hydrate(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    models: Vec<pages::Model>,
) -> Result<Vec<Page>, RepoError> {
    if models.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let wanted: Vec<i32> = models
        .iter()
        .flat_map(|m| [m.published_revision, m.draft_revision])
        .flatten()
        .collect();
    let revs = revisions::Entity::find()
        .filter(revisions::Column::TenantId.eq(tenant.as_uuid()))
        .filter(revisions::Column::PageId.is_in(ids))
        .filter(revisions::Column::Number.is_in(wanted))
        .all(db)
        .await?;
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
        .map(|m| {
            let slug = Slug::parse(&m.slug)
                .map_err(|_| RepoError::Corrupt(format!("page {}: slug", m.id)))?;
            let mut take = |number: Option<i32>| -> Result<Option<Revision>, RepoError> {
                match number {
                    None => Ok(None),
                    Some(n) => by_key
                        .remove(&(m.id, n))
                        .map(|r| Some(revision(r, &names)))
                        .ok_or_else(|| RepoError::Corrupt(format!("page {}: revision {n}", m.id))),
                }
            };
            let published = take(m.published_revision)?;
            let draft = take(m.draft_revision)?;
            Ok(Page {
                id: m.id,
                tenant,
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
        })
        .collect()
}

/// Every page of the county, by navigation position then slug.
///
/// # Errors
/// Database errors.
pub async fn list(db: &impl ConnectionTrait, tenant: TenantId) -> Result<Vec<Page>, RepoError> {
    let models = pages::Entity::find()
        .filter(pages::Column::TenantId.eq(tenant.as_uuid()))
        .order_by_asc(pages::Column::Slug)
        .all(db)
        .await?;
    hydrate(db, tenant, models).await
}

/// The county's pages with work not yet public: a draft (of a new page or
/// of a change to a published one), scheduled or not. Most recently
/// changed first.
///
/// # Errors
/// Database errors.
pub async fn with_drafts(
    db: &impl ConnectionTrait,
    tenant: TenantId,
) -> Result<Vec<Page>, RepoError> {
    let models = pages::Entity::find()
        .filter(pages::Column::TenantId.eq(tenant.as_uuid()))
        .filter(
            Condition::any()
                .add(pages::Column::DraftRevision.is_not_null())
                .add(pages::Column::PublishedRevision.is_null()),
        )
        .order_by_desc(pages::Column::UpdatedAt)
        .order_by_asc(pages::Column::Slug)
        .all(db)
        .await?;
    hydrate(db, tenant, models).await
}

/// One page of the county.
///
/// # Errors
/// Database errors.
pub async fn find(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    id: PageId,
) -> Result<Option<Page>, RepoError> {
    let Some(model) = pages::Entity::find_by_id((tenant.as_uuid(), id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(hydrate(db, tenant, vec![model]).await?.pop())
}

/// The page with this slug, if it is published: what the public sees (its
/// draft is left out).
///
/// # Errors
/// Database errors.
pub async fn find_published(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    slug: &str,
) -> Result<Option<Page>, RepoError> {
    let Some(model) = pages::Entity::find()
        .filter(pages::Column::TenantId.eq(tenant.as_uuid()))
        .filter(pages::Column::Slug.eq(slug))
        .filter(pages::Column::PublishedRevision.is_not_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let mut page = hydrate(db, tenant, vec![model]).await?.pop();
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
    tenant: TenantId,
) -> Result<Vec<(String, String)>, RepoError> {
    let listed = pages::Entity::find()
        .select_only()
        .column(pages::Column::Id)
        .column(pages::Column::Slug)
        .column(pages::Column::PublishedRevision)
        .filter(pages::Column::TenantId.eq(tenant.as_uuid()))
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
        .filter(revisions::Column::TenantId.eq(tenant.as_uuid()))
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
    tenant: TenantId,
    id: PageId,
) -> Result<Vec<Revision>, RepoError> {
    let models = revisions::Entity::find()
        .filter(revisions::Column::TenantId.eq(tenant.as_uuid()))
        .filter(revisions::Column::PageId.eq(id))
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
    tenant: TenantId,
    id: PageId,
    number: i32,
) -> Result<bool, RepoError> {
    Ok(
        revisions::Entity::find_by_id((tenant.as_uuid(), id, number))
            .select_only()
            .column(revisions::Column::Number)
            .into_tuple::<i32>()
            .one(db)
            .await?
            .is_some(),
    )
}

async fn insert_revision(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    id: PageId,
    number: i32,
    content: &PageContent,
    restored_from: Option<i32>,
    actor: Option<UserId>,
) -> Result<(), RepoError> {
    revisions::Entity::insert(revisions::ActiveModel {
        tenant_id: Set(tenant.as_uuid()),
        page_id: Set(id),
        number: Set(number),
        title: Set(content.title.clone()),
        summary: Set(content.summary.clone()),
        body: Set(content.body.clone()),
        restored_from: Set(restored_from),
        created_at: Set(now()),
        created_by: Set(actor.map(UserId::as_uuid)),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Creates a page whose first revision is its draft.
///
/// # Errors
/// `Taken("slug")` when the county has a page with this slug.
pub async fn create(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    fields: &PageFields,
    actor: Option<UserId>,
) -> Result<Page, RepoError> {
    let id = Uuid::now_v7();
    let at = now();
    pages::Entity::insert(pages::ActiveModel {
        tenant_id: Set(tenant.as_uuid()),
        id: Set(id),
        slug: Set(fields.slug.as_str().to_owned()),
        nav_position: Set(fields.nav_position),
        published_revision: Set(None),
        draft_revision: Set(Some(1)),
        last_revision: Set(1),
        publish_at: Set(None),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
        created_by: Set(actor.map(UserId::as_uuid)),
        updated_by: Set(actor.map(UserId::as_uuid)),
    })
    .exec_without_returning(db)
    .await
    .map_err(RepoError::unique_as("slug"))?;
    insert_revision(db, tenant, id, 1, &fields.content, None, actor).await?;
    find(db, tenant, id).await?.ok_or(RepoError::NotFound)
}

/// A conditional update of the page at `expected_version`: `Stale` when
/// someone changed it first, `NotFound` when it is not the county's.
async fn update_at_version(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    id: PageId,
    expected_version: i32,
    mut model: pages::ActiveModel,
    new_revision: bool,
    actor: Option<UserId>,
) -> Result<(), RepoError> {
    model.updated_at = Set(now());
    model.updated_by = Set(actor.map(UserId::as_uuid));
    let mut update = pages::Entity::update_many().set(model).col_expr(
        pages::Column::Version,
        Expr::col(pages::Column::Version).add(1),
    );
    if new_revision {
        update = update
            .col_expr(
                pages::Column::LastRevision,
                Expr::col(pages::Column::LastRevision).add(1),
            )
            .col_expr(
                pages::Column::DraftRevision,
                Expr::col(pages::Column::LastRevision).add(1),
            );
    }
    let res = update
        .filter(pages::Column::TenantId.eq(tenant.as_uuid()))
        .filter(pages::Column::Id.eq(id))
        .filter(pages::Column::Version.eq(expected_version))
        .exec(db)
        .await
        .map_err(RepoError::unique_as("slug"))?;
    if res.rows_affected == 1 {
        return Ok(());
    }
    let exists = pages::Entity::find_by_id((tenant.as_uuid(), id))
        .one(db)
        .await?
        .is_some();
    Err(if exists {
        RepoError::Stale
    } else {
        RepoError::NotFound
    })
}

/// The number the last update gave the page's newest revision.
async fn last_revision(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    id: PageId,
) -> Result<i32, RepoError> {
    pages::Entity::find_by_id((tenant.as_uuid(), id))
        .select_only()
        .column(pages::Column::LastRevision)
        .into_tuple::<i32>()
        .one(db)
        .await?
        .ok_or(RepoError::NotFound)
}

/// Saves the form as a new draft revision (and the slug and position at
/// once) if the page is still at `expected_version`.
///
/// # Errors
/// `Stale`, `NotFound`, `Taken("slug")`.
pub async fn save_draft(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    id: PageId,
    expected_version: i32,
    fields: &PageFields,
    actor: Option<UserId>,
) -> Result<Page, RepoError> {
    let model = pages::ActiveModel {
        slug: Set(fields.slug.as_str().to_owned()),
        nav_position: Set(fields.nav_position),
        ..Default::default()
    };
    update_at_version(db, tenant, id, expected_version, model, true, actor).await?;
    let number = last_revision(db, tenant, id).await?;
    insert_revision(db, tenant, id, number, &fields.content, None, actor).await?;
    // The slug and the position are live at once.
    bump_content_version(db, tenant).await?;
    find(db, tenant, id).await?.ok_or(RepoError::NotFound)
}

/// Copies an old revision into a new draft.
///
/// # Errors
/// `Stale`, `NotFound` (the page or the revision).
pub async fn restore(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    id: PageId,
    expected_version: i32,
    number: i32,
    actor: Option<UserId>,
) -> Result<Page, RepoError> {
    let old = revisions::Entity::find_by_id((tenant.as_uuid(), id, number))
        .one(db)
        .await?
        .ok_or(RepoError::NotFound)?;
    let content = PageContent {
        title: old.title,
        summary: old.summary,
        body: old.body,
    };
    update_at_version(
        db,
        tenant,
        id,
        expected_version,
        pages::ActiveModel::default(),
        true,
        actor,
    )
    .await?;
    let new_number = last_revision(db, tenant, id).await?;
    insert_revision(db, tenant, id, new_number, &content, Some(number), actor).await?;
    find(db, tenant, id).await?.ok_or(RepoError::NotFound)
}

/// Makes `draft` (the page's draft, as the caller read it) the published
/// revision and clears any schedule.
///
/// # Errors
/// `Stale`, `NotFound`.
pub async fn publish(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    id: PageId,
    expected_version: i32,
    draft: i32,
    actor: Option<UserId>,
) -> Result<Page, RepoError> {
    let model = pages::ActiveModel {
        published_revision: Set(Some(draft)),
        draft_revision: Set(None),
        publish_at: Set(None),
        ..Default::default()
    };
    update_at_version(db, tenant, id, expected_version, model, false, actor).await?;
    bump_content_version(db, tenant).await?;
    find(db, tenant, id).await?.ok_or(RepoError::NotFound)
}

/// Takes the page off the public site. Its content stays as the draft
/// (`draft`: the page's draft, else its published revision, as the caller
/// read them).
///
/// # Errors
/// `Stale`, `NotFound`.
pub async fn unpublish(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    id: PageId,
    expected_version: i32,
    draft: i32,
    actor: Option<UserId>,
) -> Result<Page, RepoError> {
    let model = pages::ActiveModel {
        published_revision: Set(None),
        draft_revision: Set(Some(draft)),
        ..Default::default()
    };
    update_at_version(db, tenant, id, expected_version, model, false, actor).await?;
    bump_content_version(db, tenant).await?;
    find(db, tenant, id).await?.ok_or(RepoError::NotFound)
}

/// Throws the draft away: the published revision stays what the public
/// sees, the draft's revision stays in the history, and any schedule goes.
///
/// # Errors
/// `Stale`, `NotFound`.
pub async fn discard_draft(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    id: PageId,
    expected_version: i32,
    actor: Option<UserId>,
) -> Result<Page, RepoError> {
    let model = pages::ActiveModel {
        draft_revision: Set(None),
        publish_at: Set(None),
        ..Default::default()
    };
    update_at_version(db, tenant, id, expected_version, model, false, actor).await?;
    find(db, tenant, id).await?.ok_or(RepoError::NotFound)
}

/// Sets (or with `None` clears) when the draft is to be published.
///
/// # Errors
/// `Stale`, `NotFound`.
pub async fn schedule(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    id: PageId,
    expected_version: i32,
    at: Option<OffsetDateTime>,
    actor: Option<UserId>,
) -> Result<Page, RepoError> {
    let model = pages::ActiveModel {
        publish_at: Set(at),
        ..Default::default()
    };
    update_at_version(db, tenant, id, expected_version, model, false, actor).await?;
    find(db, tenant, id).await?.ok_or(RepoError::NotFound)
}

/// Deletes a page and its revisions.
///
/// # Errors
/// `NotFound`.
pub async fn delete(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    id: PageId,
) -> Result<(), RepoError> {
    revisions::Entity::delete_many()
        .filter(revisions::Column::TenantId.eq(tenant.as_uuid()))
        .filter(revisions::Column::PageId.eq(id))
        .exec(db)
        .await?;
    let res = pages::Entity::delete_by_id((tenant.as_uuid(), id))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(RepoError::NotFound);
    }
    bump_content_version(db, tenant).await
}

/// A page whose scheduled time has come: what the scheduler needs to
/// publish it once.
#[derive(Clone, Debug)]
pub struct Due {
    pub tenant: TenantId,
    pub id: PageId,
    pub slug: String,
    pub version: i32,
    pub draft: i32,
}

/// Pages of any county scheduled at or before `at` that still have a draft.
///
/// # Errors
/// Database errors.
pub async fn due(db: &impl ConnectionTrait, at: OffsetDateTime) -> Result<Vec<Due>, RepoError> {
    Ok(pages::Entity::find()
        .select_only()
        .column(pages::Column::TenantId)
        .column(pages::Column::Id)
        .column(pages::Column::Slug)
        .column(pages::Column::Version)
        .column(pages::Column::DraftRevision)
        .filter(pages::Column::PublishAt.lte(at))
        .filter(pages::Column::DraftRevision.is_not_null())
        .into_tuple::<(Uuid, Uuid, String, i32, i32)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(tenant, id, slug, version, draft)| Due {
            tenant: TenantId::from_uuid(tenant),
            id,
            slug,
            version,
            draft,
        })
        .collect())
}

/// Publishes a due page if nobody has touched it since it was read (by
/// hand or by another server's scheduler). Returns whether this call did.
///
/// # Errors
/// Database errors.
pub async fn publish_due(
    db: &impl ConnectionTrait,
    due: &Due,
    at: OffsetDateTime,
) -> Result<bool, RepoError> {
    let res = pages::Entity::update_many()
        .set(pages::ActiveModel {
            published_revision: Set(Some(due.draft)),
            draft_revision: Set(None),
            publish_at: Set(None),
            updated_at: Set(at),
            ..Default::default()
        })
        .col_expr(
            pages::Column::Version,
            Expr::col(pages::Column::Version).add(1),
        )
        .filter(pages::Column::TenantId.eq(due.tenant.as_uuid()))
        .filter(pages::Column::Id.eq(due.id))
        .filter(pages::Column::Version.eq(due.version))
        .filter(pages::Column::DraftRevision.eq(due.draft))
        .filter(pages::Column::PublishAt.lte(at))
        .exec(db)
        .await?;
    if res.rows_affected == 1 {
        bump_content_version(db, due.tenant).await?;
        return Ok(true);
    }
    Ok(false)
}
