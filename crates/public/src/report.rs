//! "Report a problem with this information": a visitor's report about a
//! provider (`/{t}/support/{slug}/report`) or a content page
//! (`/{t}/{page}/report`), sent with no cookie and no session, to the
//! county's review queue (`/admin/{t}/reports`).
//!
//! The provider and content pages are cached, so they carry only a link
//! here; this form page is drawn for each visitor (`no-store`) with a
//! fresh signed token (`token`). A post is checked in this order
//! (`receive`): same origin (403), token (422, the form again with what
//! was typed), honeypot (answered like success, nothing stored), the
//! fields (422), the rate limits (429), then stored. The visitor's
//! address, user agent and contact detail are never logged nor audited.

mod receive;
mod token;

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use domain::report::{ReportKind, ReportObject};
use domain::{County, CountyId};
use persistence::repo::pages;
use uuid::Uuid;
use web::render_cache::respond_uncached;
use web::views::{FormErrors, PublicChrome};
use web::{AppError, AppState, ClientAddr};

pub use token::TOKEN_TTL_SECS;

/// The form pages and their posts.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{t}/support/{slug}/report", about(ReportObject::Provider))
        .route("/{t}/{page}/report", about(ReportObject::Page))
}

/// The form page (GET) and the post (POST) of reports about one kind of
/// object: the two routes differ only in that.
fn about(object: ReportObject) -> MethodRouter<AppState> {
    get(move |state, path, headers| show_form(state, path, headers, object)).post(
        move |state, path, headers, client, body| {
            send_report(state, path, headers, client, body, object)
        },
    )
}

/// The provider or page a report is about, as the public sees it now.
#[derive(Clone, Debug)]
pub struct Reported {
    pub county: CountyId,
    pub object: ReportObject,
    pub id: Uuid,
    pub name: String,
    pub slug: String,
}

impl Reported {
    /// The county's published provider `slug`; 404 in the county's chrome.
    async fn provider(state: &AppState, county: &County, slug: &str) -> Result<Self, AppError> {
        let snapshot = state
            .snapshots
            .get::<AppError>(&state.db, county, state.clock.now())
            .await?;
        let listed = snapshot
            .provider(slug)
            .ok_or_else(|| crate::county_not_found(state, county))?;
        Ok(Self {
            county: county.id,
            object: ReportObject::Provider,
            id: listed.provider.id.as_uuid(),
            name: listed.provider.fields.name.clone(),
            slug: listed.provider.fields.slug.to_string(),
        })
    }

    /// The county's published page `slug`; 404 in the county's chrome.
    async fn page(state: &AppState, county: &County, slug: &str) -> Result<Self, AppError> {
        let page = pages::find_published(&state.db, county.id, slug)
            .await?
            .and_then(|p| {
                p.published
                    .map(|r| (p.id.as_uuid(), p.slug, r.content.title))
            })
            .ok_or_else(|| crate::county_not_found(state, county))?;
        Ok(Self {
            county: county.id,
            object: ReportObject::Page,
            id: page.0,
            name: page.2,
            slug: page.1.to_string(),
        })
    }

    /// The county of `t` (404, in the chrome of the county whose hostname
    /// the request came to, if any) and its published provider or page
    /// `slug` (404 in the county's chrome).
    async fn find(
        state: &AppState,
        headers: &HeaderMap,
        (t, slug): (String, String),
        object: ReportObject,
    ) -> Result<(County, Self), AppError> {
        let county = crate::site_county(state, headers, &t).await?;
        let found = match object {
            ReportObject::Provider => Self::provider(state, &county, &slug).await?,
            ReportObject::Page => Self::page(state, &county, &slug).await?,
        };
        Ok((county, found))
    }

    /// The public page it is about.
    fn href(&self, county: &County) -> String {
        match self.object {
            ReportObject::Provider => format!("/{}/support/{}", county.slug, self.slug),
            ReportObject::Page if self.slug == domain::page::HOME_SLUG => {
                format!("/{}/", county.slug)
            }
            ReportObject::Page => format!("/{}/{}", county.slug, self.slug),
        }
    }
}

/// The address of the report form about a provider or page, for the
/// link on its public page.
#[must_use]
pub fn form_href(county_slug: &str, object: ReportObject, slug: &str) -> String {
    match object {
        ReportObject::Provider => format!("/{county_slug}/support/{slug}/report"),
        ReportObject::Page => format!("/{county_slug}/{slug}/report"),
    }
}

/// A kind of problem as a radio button.
struct KindChoice {
    value: &'static str,
    label: &'static str,
    checked: bool,
}

/// The form as typed, shown again after a refusal.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ReportForm {
    kind: String,
    text: String,
    contact: String,
    /// The honeypot: people leave it empty.
    website: String,
    token: String,
}

#[derive(Template)]
#[template(path = "public/report.html")]
struct FormPage {
    chrome: PublicChrome,
    county_name: String,
    about: String,
    about_href: String,
    action: String,
    kinds: Vec<KindChoice>,
    form: ReportForm,
    errors: FormErrors,
    /// Set when the token had expired or did not fit.
    expired: bool,
    max_text: usize,
    max_contact: usize,
}

/// The thank-you page, and the pages of a refusal.
#[derive(Template)]
#[template(path = "public/report_done.html")]
struct DonePage {
    chrome: PublicChrome,
    county_name: String,
    about: String,
    about_href: String,
    /// `thanks`, `cross_site` or `too_many`.
    outcome: &'static str,
}

/// The chrome of a page of this flow: the county's, with its navigation.
async fn chrome(state: &AppState, county: &County) -> Result<PublicChrome, AppError> {
    let nav = pages::navigation(&state.db, county.id).await?;
    Ok(PublicChrome::county(county, &state.config.exit_url).with_nav(nav, None))
}

/// The form about `object`, as typed in `form`, with a fresh token.
async fn form_page(
    state: &AppState,
    county: &County,
    object: &Reported,
    mut form: ReportForm,
    errors: FormErrors,
    expired: bool,
    status: StatusCode,
) -> Result<Response, AppError> {
    let now = state.clock.now().unix_timestamp();
    form.token = token::Key::load(state, now).await?.token(object, now);
    form.website = String::new();
    let page = FormPage {
        chrome: chrome(state, county).await?,
        county_name: county.name.clone(),
        about: object.name.clone(),
        about_href: object.href(county),
        action: form_href(&county.slug, object.object, &object.slug),
        kinds: ReportKind::ALL
            .iter()
            .map(|k| KindChoice {
                value: k.as_str(),
                label: k.label(),
                checked: k.as_str() == form.kind,
            })
            .collect(),
        form,
        errors,
        expired,
        max_text: domain::report::MAX_TEXT,
        max_contact: domain::report::MAX_CONTACT,
    };
    let html = page.render().map_err(AppError::internal)?;
    Ok((status, respond_uncached(html)).into_response())
}

/// The thank-you page or a refusal's page, `no-store`.
async fn done_page(
    state: &AppState,
    county: &County,
    object: &Reported,
    outcome: &'static str,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = DonePage {
        chrome: chrome(state, county).await?,
        county_name: county.name.clone(),
        about: object.name.clone(),
        about_href: object.href(county),
        outcome,
    };
    let html = page.render().map_err(AppError::internal)?;
    Ok((status, respond_uncached(html)).into_response())
}

/// GET /{t}/support/{slug}/report and GET /{t}/{page}/report: the empty
/// report form about a provider or a content page.
async fn show_form(
    State(state): State<AppState>,
    Path(path): Path<(String, String)>,
    headers: HeaderMap,
    object: ReportObject,
) -> Result<Response, AppError> {
    let (county, reported) = Reported::find(&state, &headers, path, object).await?;
    let errors = FormErrors::new();
    let form = ReportForm::default();
    form_page(
        &state,
        &county,
        &reported,
        form,
        errors,
        false,
        StatusCode::OK,
    )
    .await
}

/// POST /{t}/support/{slug}/report and POST /{t}/{page}/report: a
/// visitor's report about a provider or a content page.
async fn send_report(
    State(state): State<AppState>,
    Path(path): Path<(String, String)>,
    headers: HeaderMap,
    client: ClientAddr,
    body: Bytes,
    object: ReportObject,
) -> Result<Response, AppError> {
    let (county, reported) = Reported::find(&state, &headers, path, object).await?;
    receive::receive(&state, &county, &reported, &headers, client, &body).await
}
