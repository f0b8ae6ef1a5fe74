//! Editors and county admins: the county's content pages. Saving makes a
//! new draft revision; publishing makes the draft live; a draft can be
//! previewed, scheduled, compared with any other revision, and an old
//! revision restored as a new draft. Every change names the `version` it
//! was based on: a stale one changes nothing and answers 409.
//!
//! One file per screen or operation: `list`, `form` (the new/edit form and
//! its view model), `save` (create, save a draft), `publish` (publish,
//! unpublish, discard, schedule), `preview`, `revisions` (history,
//! differences, restore), `delete`, `conflict` (its side of the shared 409
//! page) and `saving` (how the shared save flow, `crate::save`, sees pages).
//! This file keeps the routes and what they share: finding the page named
//! in the URL, and the changes of state (`Op` and `change_state`, which
//! hands them to the shared flow: one version check, one transaction, 409,
//! audit, flash).

mod conflict;
mod delete;
mod form;
mod list;
mod preview;
mod publish;
mod revisions;
mod save;
mod saving;

use crate::routes::{Access, Routes};
use axum::response::Response;
use domain::page::london_time;
use domain::{NewAuditEvent, Page, PageId};
use persistence::repo::pages as repo;
use persistence::{RepoError, Txn};
use serde::Deserialize;
use time::OffsetDateTime;
use web::{AppError, AppState, ClientAddr};

use crate::CountyAccess;
use crate::save::change;
use crate::view::county_event;
use crate::write::Written;
use delete::{delete_page, delete_page_form};
use form::{edit_page_form, new_page_form};
use list::list_pages;
use preview::preview_page;
use publish::{discard_draft, publish_page, schedule_page, unpublish_page};
use revisions::{restore_revision, show_revisions};
use save::{create_page, save_page};
use saving::Pages;

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/{t}/pages", Access::Member, list_pages)
        .post("/admin/{t}/pages", Access::Member, create_page)
        .get("/admin/{t}/pages/new", Access::Member, new_page_form)
        .get("/admin/{t}/pages/{id}", Access::Member, edit_page_form)
        .post("/admin/{t}/pages/{id}", Access::Member, save_page)
        .post(
            "/admin/{t}/pages/{id}/publish",
            Access::Member,
            publish_page,
        )
        .post(
            "/admin/{t}/pages/{id}/unpublish",
            Access::Member,
            unpublish_page,
        )
        .post(
            "/admin/{t}/pages/{id}/discard",
            Access::Member,
            discard_draft,
        )
        .post(
            "/admin/{t}/pages/{id}/schedule",
            Access::Member,
            schedule_page,
        )
        .get(
            "/admin/{t}/pages/{id}/preview",
            Access::Member,
            preview_page,
        )
        .get(
            "/admin/{t}/pages/{id}/revisions",
            Access::Member,
            show_revisions,
        )
        .post(
            "/admin/{t}/pages/{id}/revisions/{rev}/restore",
            Access::Member,
            restore_revision,
        )
        .get(
            "/admin/{t}/pages/{id}/delete",
            Access::Member,
            delete_page_form,
        )
        .post("/admin/{t}/pages/{id}/delete", Access::Member, delete_page)
}

/// A form that only names the version it was based on.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct VersionForm {
    version: String,
}

/// The page named in the URL: anything that is not the id of one of this
/// county's pages is a 404, another county's page included.
async fn page_of(state: &AppState, county: &CountyAccess, raw_id: &str) -> Result<Page, AppError> {
    let id: PageId = raw_id.parse().map_err(|_| AppError::NotFound)?;
    repo::find(&state.db, county.id, id)
        .await?
        .ok_or(AppError::NotFound)
}

fn page_href(county: &CountyAccess, page: &Page) -> String {
    format!("/admin/{}/pages/{}", county.slug, page.id)
}

fn event(county: &CountyAccess, action: &str, page: &Page, client: ClientAddr) -> NewAuditEvent {
    county_event(county, action, "page", Some(page.id.to_string()), client)
}

/// "Published", "Draft"... and the tag class that shows it.
fn state_tag(page: &Page) -> (&'static str, &'static str) {
    let label = page.state().label();
    match page.state() {
        domain::PageState::Published => (label, "tag"),
        domain::PageState::PublishedWithDraft => (label, "tag tag--warning"),
        domain::PageState::Draft => (label, "tag tag--grey"),
    }
}

fn public_href(county: &CountyAccess, page: &Page) -> Option<String> {
    page.published.as_ref().map(|_| {
        if page.slug.as_str() == domain::page::HOME_SLUG {
            format!("/{}/", county.slug)
        } else {
            format!("/{}/{}", county.slug, page.slug)
        }
    })
}

// --- The one flow of every change of state ------------------------------

/// A change of a page's state, with what it needs of the page as the
/// handler read it.
enum Op {
    /// Make this draft revision the published one.
    Publish { draft: i32 },
    /// Take the page off the site, keeping this revision as the draft.
    Unpublish { keep: i32 },
    /// Throw the draft away.
    Discard,
    /// Publish the draft at this time (`None`: cancel the schedule).
    Schedule(Option<OffsetDateTime>),
    /// Copy this revision into a new draft.
    Restore(i32),
}

impl Op {
    fn action(&self) -> &'static str {
        match self {
            Self::Publish { .. } => "page.publish",
            Self::Unpublish { .. } => "page.unpublish",
            Self::Discard => "page.discard",
            Self::Schedule(Some(_)) => "page.schedule",
            Self::Schedule(None) => "page.unschedule",
            Self::Restore(_) => "page.restore",
        }
    }

    /// What the user is told, and the audit summary.
    fn message(&self) -> String {
        match self {
            Self::Publish { .. } => "Published".to_owned(),
            Self::Unpublish { .. } => "Taken off the public site".to_owned(),
            Self::Discard => "Draft discarded; the published version stays".to_owned(),
            Self::Schedule(Some(at)) => format!("Scheduled to publish on {}", london_time(*at)),
            Self::Schedule(None) => "Schedule cancelled".to_owned(),
            Self::Restore(number) => format!("Revision {number} restored as the draft"),
        }
    }

    async fn apply(
        &self,
        txn: &Txn,
        county: &CountyAccess,
        page: &Page,
        version: i32,
    ) -> Result<Page, RepoError> {
        let (county_id, id, actor) = (county.id, page.id, Some(county.current.user.id));
        match *self {
            Self::Publish { draft } => {
                repo::publish(txn, county_id, id, version, draft, actor).await
            }
            Self::Unpublish { keep } => {
                repo::unpublish(txn, county_id, id, version, keep, actor).await
            }
            Self::Discard => repo::discard_draft(txn, county_id, id, version, actor).await,
            Self::Schedule(at) => repo::schedule(txn, county_id, id, version, at, actor).await,
            Self::Restore(number) => {
                repo::restore(txn, county_id, id, version, number, actor).await
            }
        }
    }

    /// The audit event, the flash and the redirect of a change made.
    fn written(&self, county: &CountyAccess, changed: &Page, client: ClientAddr) -> Written {
        let message = self.message();
        let mut e = event(county, self.action(), changed, client);
        e.summary = format!("{message} ({})", changed.title());
        Written {
            event: e,
            flash: format!("{message}: {}.", changed.title()),
            next: page_href(county, changed),
        }
    }
}

/// Runs a change of state through the shared save flow, at the version
/// the form names: 409 when stale.
async fn change_state(
    state: &AppState,
    county: &CountyAccess,
    client: ClientAddr,
    current: &Page,
    version: &str,
    op: Op,
) -> Result<Response, AppError> {
    let write = async |txn: &Txn, version| op.apply(txn, county, current, version).await;
    let written = |changed: &Page| op.written(county, changed, client);
    change(&Pages::of(state, county), current, version, write, written).await
}
