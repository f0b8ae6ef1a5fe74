//! `/{t}/search?q=`: the county's published providers and pages that have
//! every word searched for, best first, ten to a page, each with a snippet
//! of its text in which the words are marked.
//!
//! The search is one repository call (`repo::search::site`: PostgreSQL
//! full-text search or SQLite FTS5). What a visitor searched for is in the
//! query string only, which no log records, and the page is sent
//! `no-store` and never kept: it should not stay on a shared phone.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use domain::County;
use domain::search::{Piece, SiteQuery};
use persistence::repo::search::{self, Hit, HitKind};
use serde::Deserialize;
use web::render_cache::respond_uncached;
use web::views::PublicChrome;
use web::{AppError, AppState};

/// Results on a page.
const PER_PAGE: u64 = 10;

/// The last page anyone can ask for: a bound on the offset.
const MAX_PAGE: u64 = 100;

/// Words in a snippet.
const SNIPPET_WORDS: usize = 30;

/// `/{t}/search`.
pub fn router() -> Router<AppState> {
    Router::new().route("/{t}/search", get(show_search))
}

/// The query string as sent: every field optional and read leniently.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SearchParams {
    q: String,
    page: String,
}

/// One result as shown.
struct ResultView {
    href: String,
    title: String,
    /// "Support service" or "Page".
    kind: &'static str,
    snippet: Vec<Piece>,
}

/// A link to another page of results.
struct PageLink {
    href: String,
    label: String,
}

#[derive(Template)]
#[template(path = "public/search.html")]
struct SearchPage {
    chrome: PublicChrome,
    county_name: String,
    /// `/{t}/search` and `/{t}/support`.
    action: String,
    support_href: String,
    /// As typed, to show in the box again.
    typed: String,
    /// Whether something searchable was typed.
    searched: bool,
    total: u64,
    /// "Results 11 to 20 of 34".
    range: String,
    results: Vec<ResultView>,
    previous: Option<PageLink>,
    next: Option<PageLink>,
}

/// GET /{t}/search?q=&page=: the county's site search.
async fn show_search(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(params): Query<SearchParams>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let county = crate::site_county(&state, &headers, &slug).await?;
    let snapshot = state
        .snapshots
        .get::<AppError>(&state.db, &county, state.clock.now())
        .await?;
    let chrome = PublicChrome::county(&county, &state.config.exit_url)
        .at("search")
        .with_nav(snapshot.navigation.clone(), None);
    let typed: String = params
        .q
        .chars()
        .take(domain::search::MAX_QUERY_CHARS)
        .collect();
    let page_number = params
        .page
        .trim()
        .parse::<u64>()
        .unwrap_or(1)
        .clamp(1, MAX_PAGE);
    let mut page = SearchPage {
        chrome,
        county_name: county.name.clone(),
        action: format!("/{}/search", county.slug),
        support_href: format!("/{}/support", county.slug),
        searched: false,
        total: 0,
        range: String::new(),
        results: Vec::new(),
        previous: None,
        next: None,
        typed,
    };
    if let Some(query) = SiteQuery::parse(&params.q) {
        let offset = (page_number - 1) * PER_PAGE;
        let hits = search::site(&state.db, county.id, &query, offset, PER_PAGE).await?;
        page.searched = true;
        page.total = hits.total;
        page.results = hits
            .hits
            .iter()
            .map(|hit| result_view(&county, &query, hit))
            .collect();
        page.range = range_label(offset, page.results.len(), hits.total);
        let link = |n: u64, label: &str| PageLink {
            href: page_href(&county, &page.typed, n),
            label: label.to_owned(),
        };
        page.previous = (page_number > 1).then(|| link(page_number - 1, "Previous page"));
        page.next = (offset + PER_PAGE < hits.total && page_number < MAX_PAGE)
            .then(|| link(page_number + 1, "Next page"));
    }
    Ok(respond_uncached(page.render().map_err(AppError::internal)?))
}

/// A hit as a result: where it is, and its text cut around the words.
fn result_view(county: &County, query: &SiteQuery, hit: &Hit) -> ResultView {
    let (href, kind, body) = match hit.kind {
        HitKind::Provider => (
            format!("/{}/support/{}", county.slug, hit.slug),
            "Support service",
            web::markdown::plain_text(&hit.body),
        ),
        HitKind::Page => (
            if hit.slug == domain::page::HOME_SLUG {
                format!("/{}/", county.slug)
            } else {
                format!("/{}/{}", county.slug, hit.slug)
            },
            "Page",
            page_text(&hit.body),
        ),
    };
    let text = format!("{} {}", hit.summary, body);
    ResultView {
        href,
        title: hit.title.clone(),
        kind,
        snippet: query.snippet(text.trim(), SNIPPET_WORDS),
    }
}

/// A page body's words: its Markdown without the embed lines.
fn page_text(body: &str) -> String {
    match domain::page::parse_body(body) {
        Ok(parts) => parts
            .iter()
            .filter_map(|part| match part {
                domain::page::Part::Markdown(text) => Some(web::markdown::plain_text(text)),
                domain::page::Part::Embed(_) => None,
            })
            .collect::<Vec<_>>()
            .join(" "),
        Err(_) => web::markdown::plain_text(body),
    }
}

/// "Results 11 to 20 of 34", "1 result".
fn range_label(offset: u64, shown: usize, total: u64) -> String {
    match (total, shown) {
        (0, _) => "No results".to_owned(),
        (1, _) => "1 result".to_owned(),
        (_, 0) => format!("No more results: there are {total}"),
        _ if total <= PER_PAGE => format!("{total} results"),
        _ => format!(
            "Results {} to {} of {total}",
            offset + 1,
            offset + shown as u64
        ),
    }
}

/// The address of page `n` of the results for `typed`.
fn page_href(county: &County, typed: &str, n: u64) -> String {
    let q: String = url::form_urlencoded::byte_serialize(typed.as_bytes()).collect();
    format!("/{}/search?q={q}&page={n}", county.slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_says_where_in_the_results_a_page_is() {
        assert_eq!(range_label(0, 0, 0), "No results");
        assert_eq!(range_label(0, 1, 1), "1 result");
        assert_eq!(range_label(0, 7, 7), "7 results");
        assert_eq!(range_label(10, 10, 34), "Results 11 to 20 of 34");
        assert_eq!(range_label(30, 4, 34), "Results 31 to 34 of 34");
        assert_eq!(range_label(990, 0, 34), "No more results: there are 34");
    }
}
