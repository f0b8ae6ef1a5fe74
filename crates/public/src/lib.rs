//! The public county sites: the home and directory, providers, content
//! pages, site search, the sitemap, the Open Referral read API and the
//! report-a-problem form.
//!
//! Owns: what a visitor sees, rendered from the county's in-memory
//! snapshot and cached by content version.
//!
//! Must never: set a cookie, load anything from another origin, show a
//! draft, an unpublished provider or a confidential address, log a
//! visitor's search or report, or write to the database except a
//! visitor's problem report (`report`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::{County, CountySlug};
use persistence::repo::counties;
use web::views::PublicChrome;
use web::{AppError, AppState};

pub mod api;
pub mod pages;
pub mod report;
pub mod search;
pub mod sitemap;
pub mod stylesheet;
pub mod support;

/// The public router.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(show_root))
        .route("/safety", get(show_root_safety))
        .route("/{t}", get(redirect_to_home))
        .route("/{t}/", get(show_home))
        .route("/{t}/safety", get(show_safety))
        .merge(api::router())
        .merge(support::router())
        .merge(pages::router())
        .merge(stylesheet::router())
        .merge(sitemap::router())
        .merge(search::router())
        .merge(report::router())
}

struct CountyLink {
    slug: String,
    name: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "public/index.html")]
struct IndexPage {
    chrome: PublicChrome,
    counties: Vec<CountyLink>,
}

#[derive(Template, WebTemplate)]
#[template(path = "public/county_home.html")]
struct HomePage {
    chrome: PublicChrome,
    county_name: String,
    support_href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "public/safety.html")]
struct SafetyPage {
    chrome: PublicChrome,
}

/// The county of a hostname configured for it, if the request came that way.
pub(crate) async fn host_county(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<County>, AppError> {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return Ok(None);
    };
    let name = host.rsplit_once(':').map_or(host, |(name, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            name
        } else {
            host
        }
    });
    Ok(counties::find_by_host(&state.db, name)
        .await?
        .filter(County::is_active))
}

/// The active county whose own hostname the request came to, if any: a
/// request to the root of a county's hostname (`/`, `/safety`,
/// `/robots.txt`) is for that county. `robots_tag` looks it up for those
/// paths and leaves it in the request's extensions, so the handler does
/// not read it again; without that (the lookup failed, or another path)
/// it is looked up here, and a failure is the handler's answer.
#[derive(Clone, Debug)]
pub(crate) struct HostCounty(pub(crate) Option<County>);

impl FromRequestParts<AppState> for HostCounty {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(found) = parts.extensions.get::<Self>() {
            return Ok(found.clone());
        }
        Ok(Self(host_county(state, &parts.headers).await?))
    }
}

/// The active county with this slug; unknown and suspended ones are 404.
pub(crate) async fn active_county(state: &AppState, slug: &str) -> Result<County, AppError> {
    // Read for every request (batched with concurrent ones, never from
    // memory): a suspension or a content change made through any server
    // applies at once.
    state
        .county_reads
        .find_by_slug(slug)
        .await?
        .filter(County::is_active)
        .ok_or(AppError::NotFound)
}

/// The active county with this slug, for a page of its site. Unknown and
/// suspended ones are 404: in the chrome of the county whose hostname the
/// request came to, if any, else the platform's.
pub(crate) async fn site_county(
    state: &AppState,
    headers: &HeaderMap,
    slug: &str,
) -> Result<County, AppError> {
    match active_county(state, slug).await {
        Err(AppError::NotFound) => match host_county(state, headers).await? {
            Some(host) => Err(county_not_found(state, &host)),
            None => Err(AppError::NotFound),
        },
        other => other,
    }
}

fn home(state: &AppState, county: &County) -> HomePage {
    HomePage {
        chrome: PublicChrome::county(county, &state.config.exit_url).at("home"),
        county_name: county.name.clone(),
        support_href: format!("/{}/support", county.slug),
    }
}

/// GET /: the list of counties, or on a county's own hostname its home.
async fn show_root(
    State(state): State<AppState>,
    HostCounty(host): HostCounty,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if let Some(county) = host {
        return county_home(&state, &county, &headers).await;
    }
    let counties = counties::list_active(&state.db)
        .await?
        .into_iter()
        .map(|t| CountyLink {
            slug: t.slug,
            name: t.name,
        })
        .collect();
    Ok(IndexPage {
        chrome: PublicChrome::platform(&state.config.exit_url),
        counties,
    }
    .into_response())
}

/// GET /safety: staying safe online, in the chrome of the county whose
/// hostname the request came to, else the platform's.
async fn show_root_safety(
    State(state): State<AppState>,
    HostCounty(host): HostCounty,
) -> Result<SafetyPage, AppError> {
    let chrome = match host {
        Some(county) => PublicChrome::county(&county, &state.config.exit_url),
        None => PublicChrome::platform(&state.config.exit_url),
    };
    Ok(SafetyPage { chrome })
}

/// GET /{t}: to the county's home, `/{t}/`.
async fn redirect_to_home(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Redirect, AppError> {
    let county = site_county(&state, &headers, &slug).await?;
    Ok(Redirect::permanent(&format!("/{}/", county.slug)))
}

/// GET /{t}/: the county's home.
async fn show_home(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let county = site_county(&state, &headers, &slug).await?;
    county_home(&state, &county, &headers).await
}

/// The county's home: its page `home` when published, else the built-in one.
async fn county_home(
    state: &AppState,
    county: &County,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    if let Some(page) =
        pages::published_response(state, county, domain::page::HOME_SLUG, headers).await?
    {
        return Ok(page);
    }
    let nav = persistence::repo::pages::navigation(&state.db, county.id).await?;
    let mut page = home(state, county);
    page.chrome = page.chrome.with_nav(nav, None);
    Ok(page.into_response())
}

/// GET /{t}/safety: staying safe online, in the county's chrome.
async fn show_safety(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<SafetyPage, AppError> {
    let county = site_county(&state, &headers, &slug).await?;
    let nav = persistence::repo::pages::navigation(&state.db, county.id).await?;
    Ok(SafetyPage {
        chrome: PublicChrome::county(&county, &state.config.exit_url).with_nav(nav, None),
    })
}

/// The 404 of the whole application (the router's fallback). Under a served
/// county, by its slug or by a hostname configured for it, the page keeps
/// the county's chrome: its name, colours and emergency line. Elsewhere it
/// is the platform's.
pub async fn not_found(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> AppError {
    match county_of(&state, &headers, uri.path()).await {
        Ok(Some(county)) => county_not_found(&state, &county),
        Ok(None) => AppError::NotFound,
        Err(err) => {
            // The page is missing either way: the platform's 404 will do.
            tracing::debug!(error = ?err, "finding the county of a missing page failed");
            AppError::NotFound
        }
    }
}

/// A 404 page in the chrome of a served county.
pub(crate) fn county_not_found(state: &AppState, county: &County) -> AppError {
    AppError::NotFoundInCounty(Box::new(PublicChrome::county(
        county,
        &state.config.exit_url,
    )))
}

/// The served county a path belongs to: its first segment's, or else the
/// request's host's. Reserved first segments (`admin`, `assets`...) belong
/// to no county.
async fn county_of(
    state: &AppState,
    headers: &HeaderMap,
    path: &str,
) -> Result<Option<County>, AppError> {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    match CountySlug::parse(first) {
        Ok(slug) => {
            let by_slug = counties::find_by_slug_for_public(&state.db, slug.as_str())
                .await?
                .filter(County::is_active);
            match by_slug {
                Some(county) => Ok(Some(county)),
                None => host_county(state, headers).await,
            }
        }
        Err(domain::SlugError::Reserved(_)) => Ok(None),
        Err(_) => host_county(state, headers).await,
    }
}

/// Middleware: `X-Robots-Tag: noindex` on every response of a county that
/// asks search engines not to index its site (its pages carry the meta tag
/// too; the header also covers what is not HTML). The county is the path's
/// first segment's, else that of a hostname configured for one at `/`
/// (handed on to the handler as [`HostCounty`]).
pub async fn robots_tag(
    State(state): State<AppState>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = req.uri().path().to_owned();
    let noindex = match asks_noindex(&state, &path, &mut req).await {
        Ok(noindex) => noindex,
        Err(err) => {
            // The page's own answer (a 503 while the database is away)
            // says what matters; the header is only added when known.
            tracing::debug!(error = ?err, "reading the county for X-Robots-Tag failed");
            false
        }
    };
    let mut res = next.run(req).await;
    if noindex {
        res.headers_mut().insert(
            header::HeaderName::from_static("x-robots-tag"),
            header::HeaderValue::from_static("noindex"),
        );
    }
    res
}

/// Whether the county a request is for asks not to be indexed. For a
/// root path the county of the hostname is left in `req`'s extensions.
async fn asks_noindex(
    state: &AppState,
    path: &str,
    req: &mut axum::extract::Request,
) -> Result<bool, AppError> {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    if let Ok(slug) = CountySlug::parse(first) {
        let county = state.county_reads.find_by_slug(slug.as_str()).await?;
        return Ok(county.is_some_and(|t| t.noindex));
    }
    // Only `/`, `/safety` and `/robots.txt` are served at the root of a
    // county's own hostname.
    if matches!(path, "/" | "/safety" | "/robots.txt") {
        let host = host_county(state, req.headers()).await?;
        let noindex = host.as_ref().is_some_and(|t| t.noindex);
        req.extensions_mut().insert(HostCounty(host));
        return Ok(noindex);
    }
    Ok(false)
}
