//! Changing pages: create, save a draft, restore, publish, unpublish,
//! discard, schedule and delete, each at the version the editor read.

use domain::{CountyId, Page, PageContent, PageFields, PageId, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter,
    QuerySelect,
};
use time::OffsetDateTime;

use crate::entity::{page_revisions as revisions, pages};
use crate::repo::counties::bump_content_version;
use crate::repo::versioned::{self, AtVersion};
use crate::{RepoError, now};

use super::read::find;

async fn insert_revision(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: PageId,
    number: i32,
    content: &PageContent,
    restored_from: Option<i32>,
    actor: Option<UserId>,
) -> Result<(), RepoError> {
    revisions::Entity::insert(revisions::ActiveModel {
        county_id: Set(county.as_uuid()),
        page_id: Set(id.as_uuid()),
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
    county: CountyId,
    fields: &PageFields,
    actor: Option<UserId>,
) -> Result<Page, RepoError> {
    let id = PageId::new();
    let at = now();
    pages::Entity::insert(pages::ActiveModel {
        county_id: Set(county.as_uuid()),
        id: Set(id.as_uuid()),
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
    insert_revision(db, county, id, 1, &fields.content, None, actor).await?;
    find(db, county, id).await?.ok_or(RepoError::NotFound)
}

/// A change to the county's page `id` at the version its editor read, by
/// `actor`.
#[derive(Clone, Copy)]
struct Edit {
    county: CountyId,
    id: PageId,
    version: i32,
    actor: Option<UserId>,
}

/// Whether the public site shows a change: the county's `content_version`
/// then goes up, in the same transaction.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Seen {
    Public,
    AdminOnly,
}

impl Edit {
    fn new(county: CountyId, id: PageId, version: i32, actor: Option<UserId>) -> Self {
        Self {
            county,
            id,
            version,
            actor,
        }
    }

    /// Writes `model` in one conditional update at the version (see
    /// [`versioned`]); with `new_revision`, numbers a new revision and
    /// makes it the draft.
    ///
    /// # Errors
    /// `Stale`, `NotFound`, `Taken("slug")`.
    async fn update(
        self,
        db: &impl ConnectionTrait,
        mut model: pages::ActiveModel,
        new_revision: bool,
    ) -> Result<(), RepoError> {
        model.updated_at = Set(now());
        model.updated_by = Set(self.actor.map(UserId::as_uuid));
        let mut update = pages::Entity::update_many().set(model);
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
        let at = AtVersion::new(self.county, self.id.as_uuid(), self.version);
        versioned::update(db, update, at, RepoError::unique_as("slug")).await
    }

    /// Writes `model` with `content` as the page's new draft revision
    /// (`restored_from`: the revision it copies).
    async fn new_draft(
        self,
        db: &impl ConnectionTrait,
        model: pages::ActiveModel,
        content: &PageContent,
        restored_from: Option<i32>,
    ) -> Result<(), RepoError> {
        let (county, id) = (self.county, self.id);
        self.update(db, model, true).await?;
        let number = last_revision(db, county, id).await?;
        insert_revision(db, county, id, number, content, restored_from, self.actor).await
    }

    /// The page once changed, `content_version` bumped first if `seen`
    /// publicly.
    async fn done(self, db: &impl ConnectionTrait, seen: Seen) -> Result<Page, RepoError> {
        if seen == Seen::Public {
            bump_content_version(db, self.county).await?;
        }
        find(db, self.county, self.id)
            .await?
            .ok_or(RepoError::NotFound)
    }

    /// Writes `model` (no new revision) and returns the page.
    async fn change(
        self,
        db: &impl ConnectionTrait,
        model: pages::ActiveModel,
        seen: Seen,
    ) -> Result<Page, RepoError> {
        self.update(db, model, false).await?;
        self.done(db, seen).await
    }
}

/// The number the last update gave the page's newest revision.
async fn last_revision(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: PageId,
) -> Result<i32, RepoError> {
    pages::Entity::find_by_id((county.as_uuid(), id.as_uuid()))
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
    county: CountyId,
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
    let edit = Edit::new(county, id, expected_version, actor);
    edit.new_draft(db, model, &fields.content, None).await?;
    // The slug and the position are live at once.
    edit.done(db, Seen::Public).await
}

/// Copies an old revision into a new draft.
///
/// # Errors
/// `Stale`, `NotFound` (the page or the revision).
pub async fn restore(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: PageId,
    expected_version: i32,
    number: i32,
    actor: Option<UserId>,
) -> Result<Page, RepoError> {
    let old = revisions::Entity::find_by_id((county.as_uuid(), id.as_uuid(), number))
        .one(db)
        .await?
        .ok_or(RepoError::NotFound)?;
    let content = PageContent {
        title: old.title,
        summary: old.summary,
        body: old.body,
    };
    let edit = Edit::new(county, id, expected_version, actor);
    let model = pages::ActiveModel::default();
    edit.new_draft(db, model, &content, Some(number)).await?;
    edit.done(db, Seen::AdminOnly).await
}

/// Makes `draft` (the page's draft, as the caller read it) the published
/// revision and clears any schedule.
///
/// # Errors
/// `Stale`, `NotFound`.
pub async fn publish(
    db: &impl ConnectionTrait,
    county: CountyId,
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
    let edit = Edit::new(county, id, expected_version, actor);
    edit.change(db, model, Seen::Public).await
}

/// Takes the page off the public site. Its content stays as the draft
/// (`draft`: the page's draft, else its published revision, as the caller
/// read them).
///
/// # Errors
/// `Stale`, `NotFound`.
pub async fn unpublish(
    db: &impl ConnectionTrait,
    county: CountyId,
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
    let edit = Edit::new(county, id, expected_version, actor);
    edit.change(db, model, Seen::Public).await
}

/// Throws the draft away: the published revision stays what the public
/// sees, the draft's revision stays in the history, and any schedule goes.
///
/// # Errors
/// `Stale`, `NotFound`.
pub async fn discard_draft(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: PageId,
    expected_version: i32,
    actor: Option<UserId>,
) -> Result<Page, RepoError> {
    let model = pages::ActiveModel {
        draft_revision: Set(None),
        publish_at: Set(None),
        ..Default::default()
    };
    let edit = Edit::new(county, id, expected_version, actor);
    edit.change(db, model, Seen::AdminOnly).await
}

/// Sets (or with `None` clears) when the draft is to be published.
///
/// # Errors
/// `Stale`, `NotFound`.
pub async fn schedule(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: PageId,
    expected_version: i32,
    at: Option<OffsetDateTime>,
    actor: Option<UserId>,
) -> Result<Page, RepoError> {
    let model = pages::ActiveModel {
        publish_at: Set(at),
        ..Default::default()
    };
    let edit = Edit::new(county, id, expected_version, actor);
    edit.change(db, model, Seen::AdminOnly).await
}

/// Deletes a page and its revisions.
///
/// # Errors
/// `NotFound`.
pub async fn delete(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: PageId,
) -> Result<(), RepoError> {
    revisions::Entity::delete_many()
        .filter(revisions::Column::CountyId.eq(county.as_uuid()))
        .filter(revisions::Column::PageId.eq(id.as_uuid()))
        .exec(db)
        .await?;
    let res = pages::Entity::delete_by_id((county.as_uuid(), id.as_uuid()))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(RepoError::NotFound);
    }
    bump_content_version(db, county).await
}
