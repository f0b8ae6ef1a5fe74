//! Changing a page's state: publish, unpublish, discard the draft and
//! schedule. Each handler checks that the change makes sense for the page
//! as it read it (409 when it does not), then hands an `Op` to the shared
//! `change_state` flow.

use axum::extract::{Path, State};
use axum::response::Response;
use domain::Page;
use domain::page::parse_publish_at;
use serde::Deserialize;
use web::views::FormErrors;
use web::{AppError, AppState, ClientAddr, CsrfForm};

use super::form::PageForm;
use super::{Op, Pages, VersionForm, change_state, page_of};
use crate::CountyAccess;
use crate::save::{conflicted, invalid};

/// The schedule form: the time to publish at, as typed in UK time.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ScheduleForm {
    publish_at: String,
    version: String,
}

/// POST /admin/{t}/pages/{id}/publish: publish the draft.
pub(super) async fn publish_page(
    State(state): State<AppState>,
    county: CountyAccess,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, AppError> {
    // No draft: published meanwhile, by someone else or by the schedule.
    let op = |page: &Page| {
        Some(Op::Publish {
            draft: page.draft.as_ref()?.number,
        })
    };
    change_page(&state, &county, client, &id, &form.version, op).await
}

/// POST /admin/{t}/pages/{id}/unpublish: take the page off the public
/// site, keeping its latest revision as the draft.
pub(super) async fn unpublish_page(
    State(state): State<AppState>,
    county: CountyAccess,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, AppError> {
    let op = |page: &Page| {
        page.published.as_ref()?;
        Some(Op::Unpublish {
            keep: page.latest()?.number,
        })
    };
    change_page(&state, &county, client, &id, &form.version, op).await
}

/// POST /admin/{t}/pages/{id}/discard: throw away the draft of a published
/// page. A page that was never published has nothing to go back to: it is
/// deleted instead.
pub(super) async fn discard_draft(
    State(state): State<AppState>,
    county: CountyAccess,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, AppError> {
    let op =
        |page: &Page| (page.draft.is_some() && page.published.is_some()).then_some(Op::Discard);
    change_page(&state, &county, client, &id, &form.version, op).await
}

/// Runs the change `op` picks for the page the URL names through
/// `change_state`; 409 when `op` finds nothing to change in the page as
/// read (`None`), as when someone changed it first.
async fn change_page(
    state: &AppState,
    county: &CountyAccess,
    client: ClientAddr,
    id: &str,
    version: &str,
    op: impl FnOnce(&Page) -> Option<Op>,
) -> Result<Response, AppError> {
    let current = page_of(state, county, id).await?;
    county.require_writable()?;
    let Some(op) = op(&current) else {
        return conflicted(&Pages::of(state, county), &current, None).await;
    };
    change_state(state, county, client, &current, version, op).await
}

/// POST /admin/{t}/pages/{id}/schedule: publish the draft at a set time,
/// or cancel the schedule when the time is left empty (422 beside the field
/// for a time that cannot be used).
pub(super) async fn schedule_page(
    State(state): State<AppState>,
    county: CountyAccess,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<ScheduleForm>,
) -> Result<Response, AppError> {
    let current = page_of(&state, &county, &id).await?;
    county.require_writable()?;
    let at = if form.publish_at.trim().is_empty() {
        None
    } else {
        let problem = if current.draft.is_none() {
            Err("There is no draft to schedule: save changes first".to_owned())
        } else {
            parse_publish_at(&form.publish_at, state.clock.now())
        };
        match problem {
            Ok(at) => Some(at),
            Err(message) => {
                let errors = FormErrors::one("publish_at", message);
                let screen = Pages {
                    publish_at: form.publish_at.clone(),
                    ..Pages::of(&state, &county)
                };
                let page = PageForm::of_page(&current);
                return invalid(&screen, Some(&current), page, errors).await;
            }
        }
    };
    change_state(
        &state,
        &county,
        client,
        &current,
        &form.version,
        Op::Schedule(at),
    )
    .await
}
