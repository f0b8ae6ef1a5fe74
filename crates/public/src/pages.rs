//! A county's content pages: `/{t}/{page}`, and its home when it has a
//! page with the slug `home`, served from the render cache. The page
//! itself is drawn by `web::page_render`, which the editor's preview uses
//! too, so a preview is exactly the public page.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::County;
use domain::page::HOME_SLUG;
use domain::report::ReportObject;
use persistence::repo::pages;
use web::page_render::{PageView, Showing};
use web::render_cache::{self, Page};
use web::{AppError, AppState};

/// `/{t}/{page}`.
pub fn router() -> Router<AppState> {
    Router::new().route("/{t}/{page}", get(show_page))
}

/// The published page `slug` of `county` as a cached response, or `None`
/// when there is no such published page.
///
/// # Errors
/// Database and template errors.
pub async fn published_response(
    state: &AppState,
    county: &County,
    slug: &str,
    headers: &HeaderMap,
) -> Result<Option<Response>, AppError> {
    /// Why a render produced no page.
    enum Miss {
        /// No published page has this slug: nothing is cached.
        NoSuchPage,
        Failed(AppError),
    }
    impl From<render_cache::Lost> for Miss {
        fn from(lost: render_cache::Lost) -> Self {
            Self::Failed(AppError::from(lost))
        }
    }
    // Cached per content version like the directory (publishing, saving,
    // unpublishing and deleting all bump it), until an embed's "open now"
    // label or the current commissioning may change. A cache hit reads
    // nothing from the database.
    let key = format!("page:{}:{}:{slug}", county.id, county.content_version);
    let rendered = state
        .render_cache
        .get_or_render(key, &state.clock, |now| async move {
            let published = pages::find_published(&state.db, county.id, slug)
                .await
                .map_err(|e| Miss::Failed(e.into()))?
                .and_then(|page| page.published)
                .ok_or(Miss::NoSuchPage)?;
            let showing = Showing::Public {
                report_href: crate::report::form_href(&county.slug, ReportObject::Page, slug),
            };
            let (view, valid_until) =
                PageView::build(state, county, slug, &published.content, now, showing)
                    .await
                    .map_err(Miss::Failed)?;
            Ok(Page {
                html: view
                    .render()
                    .map_err(|e| Miss::Failed(AppError::internal(e)))?,
                content_type: render_cache::HTML,
                valid_until,
            })
        })
        .await;
    match rendered {
        Ok(rendered) => Ok(Some(render_cache::respond(&rendered, headers).await)),
        Err(Miss::NoSuchPage) => Ok(None),
        Err(Miss::Failed(err)) => Err(err),
    }
}

/// GET /{t}/{page}: a published content page (`home` redirects to the
/// county's home, `/{t}/`).
async fn show_page(
    State(state): State<AppState>,
    Path((slug, page)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let county = crate::site_county(&state, &headers, &slug).await?;
    if page == HOME_SLUG {
        return Ok(Redirect::permanent(&format!("/{}/", county.slug)).into_response());
    }
    // No such page: the 404 keeps the county's chrome.
    published_response(&state, &county, &page, &headers)
        .await?
        .ok_or_else(|| crate::county_not_found(&state, &county))
}
