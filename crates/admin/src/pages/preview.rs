//! The preview: the draft (or the published page) rendered as the public
//! will see it, by the same renderer (`web::page_render`), with a banner
//! that says it is a preview.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use domain::PageId;
use web::AppError;
use web::page_render::{PageView, Showing};

use super::kind::PageKind;
use crate::call::Call;
use crate::records::find;
use crate::records::href;

/// GET /admin/{t}/pages/{id}/preview: the latest revision as the public
/// will see it.
pub(super) async fn preview_page(call: Call<PageId>) -> Result<Response, AppError> {
    let (state, county) = (&call.state, &call.county);
    let page = find::<PageKind>(call.at(), call.id).await?;
    let Some(rev) = page.latest() else {
        return Err(AppError::NotFound);
    };
    let showing = Showing::Preview {
        of: if page.draft.is_some() {
            "the draft"
        } else {
            "the published page"
        },
        back: href::<PageKind>(county, &page),
    };
    let (view, _) = PageView::build(
        state,
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
