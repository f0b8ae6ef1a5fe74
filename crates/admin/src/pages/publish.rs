//! Changing a page's state: publish, unpublish, discard the draft and
//! schedule. Each handler checks that the change makes sense for the page
//! as it read it (409 when it does not), then hands an `Op` to the shared
//! `change_state` flow.

use axum::response::Response;
use domain::page::parse_publish_at;
use domain::{Page, PageId};
use serde::Deserialize;
use web::AppError;
use web::views::FormErrors;

use super::form::PageForm;
use super::kind::PageKind;
use super::saving::Pages;
use super::{Op, change_state};
use crate::call::Call;
use crate::records::{Kind, find};
use crate::save::{VersionForm, conflicted, invalid};

/// The schedule form: the time to publish at, as typed in UK time.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ScheduleForm {
    publish_at: String,
    version: String,
}

/// POST /admin/{t}/pages/{id}/publish: publish the draft.
pub(super) async fn publish_page(call: Call<PageId, VersionForm>) -> Result<Response, AppError> {
    // No draft: published meanwhile, by someone else or by the schedule.
    change_page(call, |page| {
        let draft = page.draft.as_ref()?.number;
        Some(Op::Publish { draft })
    })
    .await
}

/// POST /admin/{t}/pages/{id}/unpublish: take the page off the public
/// site, keeping its latest revision as the draft.
pub(super) async fn unpublish_page(call: Call<PageId, VersionForm>) -> Result<Response, AppError> {
    change_page(call, |page| {
        page.published.as_ref()?;
        let keep = page.latest()?.number;
        Some(Op::Unpublish { keep })
    })
    .await
}

/// POST /admin/{t}/pages/{id}/discard: throw away the draft of a published
/// page. A page that was never published has nothing to go back to: it is
/// deleted instead.
pub(super) async fn discard_draft(call: Call<PageId, VersionForm>) -> Result<Response, AppError> {
    let discardable = |page: &Page| page.draft.is_some() && page.published.is_some();
    change_page(call, |page| discardable(page).then_some(Op::Discard)).await
}

/// Runs the change `op` picks for the page the URL names through
/// `change_state`; 409 when `op` finds nothing to change in the page as
/// read (`None`), as when someone changed it first.
async fn change_page(
    call: Call<PageId, VersionForm>,
    op: impl FnOnce(&Page) -> Option<Op>,
) -> Result<Response, AppError> {
    let current = find::<PageKind>(call.at(), call.id).await?;
    call.county.require_writable()?;
    let Some(op) = op(&current) else {
        return conflicted(&PageKind::screen(call.at()), &current, None).await;
    };
    let version = &call.form.version;
    change_state((call.at(), call.client), &current, version, op).await
}

/// POST /admin/{t}/pages/{id}/schedule: publish the draft at a set time,
/// or cancel the schedule when the time is left empty (422 beside the field
/// for a time that cannot be used).
pub(super) async fn schedule_page(call: Call<PageId, ScheduleForm>) -> Result<Response, AppError> {
    let current = find::<PageKind>(call.at(), call.id).await?;
    call.county.require_writable()?;
    let typed = &call.form.publish_at;
    let at = if typed.trim().is_empty() {
        None
    } else {
        let problem = if current.draft.is_none() {
            Err("There is no draft to schedule: save changes first".to_owned())
        } else {
            parse_publish_at(typed, call.state.clock.now())
        };
        match problem {
            Ok(at) => Some(at),
            Err(message) => {
                let errors = FormErrors::one("publish_at", message);
                let screen = Pages {
                    publish_at: typed.clone(),
                    ..PageKind::screen(call.at())
                };
                let page = PageForm::of_page(&current);
                return invalid(&screen, Some(&current), page, errors).await;
            }
        }
    };
    let version = &call.form.version;
    change_state(
        (call.at(), call.client),
        &current,
        version,
        Op::Schedule(at),
    )
    .await
}
