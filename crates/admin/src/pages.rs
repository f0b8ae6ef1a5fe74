//! Editors and county admins: the county's content pages. Saving makes a
//! new draft revision; publishing makes the draft live; a draft can be
//! previewed, scheduled, compared with any other revision, and an old
//! revision restored as a new draft. Every change names the `version` it
//! was based on: a stale one changes nothing and answers 409.
//!
//! Pages are a kind of record (`crate::records`): their new and edit
//! forms, create, save-a-draft and delete are the shared handlers, and
//! `kind` says what is the pages' own. One file per screen or operation
//! beside that: `list`, `form` (the form and its view model), `check` (the
//! form check, embeds included), `publish` (publish, unpublish, discard,
//! schedule), `preview`, `revisions` (history, differences, restore),
//! `conflict` (its side of the shared 409 page) and `saving` (how the
//! shared save flow, `crate::save`, sees pages). This file keeps the routes
//! and what they share: the page's address and state tag, and the changes
//! of state (`Op` and `change_state`, which hands them to the shared flow:
//! one version check, one transaction, 409, audit, flash).

mod check;
mod conflict;
mod form;
mod kind;
mod list;
mod preview;
mod publish;
mod revisions;
mod saving;

use crate::records::href;
use crate::routes::{Access, Routes, record_routes};
use axum::response::Response;
use domain::page::london_time;
use domain::{NewAuditEvent, Page};
use persistence::repo::pages as repo;
use persistence::{RepoError, Txn};
use time::OffsetDateTime;
use web::{AppError, ClientAddr};

use crate::CountyAccess;
use crate::records::Kind;
use crate::save::{InCounty, change};
use crate::view::county_event;
use crate::write::Written;
use kind::PageKind;
use list::list_pages;
use preview::preview_page;
use publish::{discard_draft, publish_page, schedule_page, unpublish_page};
use revisions::{restore_revision, show_revisions};

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    let m = Access::Member;
    let routes = Routes::new()
        .post("/admin/{t}/pages/{id}/publish", m, publish_page)
        .post("/admin/{t}/pages/{id}/unpublish", m, unpublish_page)
        .post("/admin/{t}/pages/{id}/discard", m, discard_draft)
        .post("/admin/{t}/pages/{id}/schedule", m, schedule_page)
        .get("/admin/{t}/pages/{id}/preview", m, preview_page)
        .get("/admin/{t}/pages/{id}/revisions", m, show_revisions)
        .post(
            "/admin/{t}/pages/{id}/revisions/{rev}/restore",
            m,
            restore_revision,
        );
    record_routes!(routes, PageKind, "/admin/{t}/pages", list_pages)
}

fn event(county: &CountyAccess, action: &str, page: &Page, client: ClientAddr) -> NewAuditEvent {
    county_event(county, action, "page", Some(page.id.to_string()), client)
}

/// The page's edit form (the overview links to it too).
pub(crate) fn page_href(county: &CountyAccess, page: &Page) -> String {
    href::<PageKind>(county, page)
}

/// Who last changed the page, as the lists and forms show it.
fn editor(page: &Page) -> String {
    page.updated_by_name
        .clone()
        .unwrap_or_else(|| "the system".to_owned())
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
            next: href::<PageKind>(county, changed),
        }
    }
}

/// Runs a change of state through the shared save flow, at the version
/// the form names: 409 when stale.
async fn change_state(
    (at, client): (InCounty<'_>, ClientAddr),
    current: &Page,
    version: &str,
    op: Op,
) -> Result<Response, AppError> {
    let county = at.county;
    let write = async |txn: &Txn, version| op.apply(txn, county, current, version).await;
    let written = |changed: &Page| op.written(county, changed, client);
    change(&PageKind::screen(at), current, version, write, written).await
}
