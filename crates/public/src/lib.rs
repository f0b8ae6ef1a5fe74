//! The public county sites. Read-only: nothing here writes to the database,
//! sets a cookie or loads anything from another origin.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::Tenant;
use persistence::repo::tenants;
use web::views::PublicChrome;
use web::{AppError, AppState};

pub mod support;

/// The public router.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(show_root))
        .route("/safety", get(show_root_safety))
        .route("/{t}", get(redirect_to_home))
        .route("/{t}/", get(show_home))
        .route("/{t}/safety", get(show_safety))
        .merge(support::router())
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
async fn host_tenant(state: &AppState, headers: &HeaderMap) -> Result<Option<Tenant>, AppError> {
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
    Ok(tenants::find_by_host(&state.db, name)
        .await?
        .filter(Tenant::is_active))
}

/// The active county with this slug; unknown and suspended ones are 404.
pub(crate) async fn active_tenant(state: &AppState, slug: &str) -> Result<Tenant, AppError> {
    // Read for every request (batched with concurrent ones, never from
    // memory): a suspension or a content change made through any server
    // applies at once.
    state
        .tenant_reads
        .find_by_slug(slug)
        .await?
        .filter(Tenant::is_active)
        .ok_or(AppError::NotFound)
}

fn home(state: &AppState, tenant: &Tenant) -> HomePage {
    HomePage {
        chrome: PublicChrome::county(tenant, &state.config.exit_url).at("home"),
        county_name: tenant.name.clone(),
        support_href: format!("/{}/support", tenant.slug),
    }
}

async fn show_root(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if let Some(tenant) = host_tenant(&state, &headers).await? {
        return Ok(home(&state, &tenant).into_response());
    }
    let counties = tenants::list_active(&state.db)
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

async fn show_root_safety(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<SafetyPage, AppError> {
    let chrome = match host_tenant(&state, &headers).await? {
        Some(tenant) => PublicChrome::county(&tenant, &state.config.exit_url),
        None => PublicChrome::platform(&state.config.exit_url),
    };
    Ok(SafetyPage { chrome })
}

async fn redirect_to_home(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Redirect, AppError> {
    let tenant = active_tenant(&state, &slug).await?;
    Ok(Redirect::permanent(&format!("/{}/", tenant.slug)))
}

async fn show_home(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<HomePage, AppError> {
    let tenant = active_tenant(&state, &slug).await?;
    Ok(home(&state, &tenant))
}

async fn show_safety(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<SafetyPage, AppError> {
    let tenant = active_tenant(&state, &slug).await?;
    Ok(SafetyPage {
        chrome: PublicChrome::county(&tenant, &state.config.exit_url),
    })
}
