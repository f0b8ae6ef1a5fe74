//! The preview: the draft (or the published page) rendered as the public
//! will see it, by the same renderer (`web::page_render`), with a banner
//! that says it is a preview.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use web::page_render::{PageView, Showing};
use web::{AppError, AppState};

use super::{page_href, page_of};
use crate::CountyAccess;

/// GET /admin/{t}/pages/{id}/preview: the latest revision as the public
/// will see it.
pub(super) async fn preview_page(
    State(state): State<AppState>,
    county: CountyAccess,
    Path((_, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let page = page_of(&state, &county, &id).await?;
    let Some(rev) = page.latest() else {
        return Err(AppError::NotFound);
    };
    let showing = Showing::Preview {
        of: if page.draft.is_some() {
            "the draft"
        } else {
            "the published page"
        },
        back: page_href(&county, &page),
    };
    let (view, _) = PageView::build(
        &state,
        &county.county,
        page.slug.as_str(),
        &rev.content,
        state.clock.now(),
        showing,
    )
    .await?;
    let html = view.render().map_err(AppError::internal)?;
    Ok(Html(html).into_response())
}
