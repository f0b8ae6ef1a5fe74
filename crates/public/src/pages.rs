//! A county's content pages: `/{t}/{page}`, and its home when it has a
//! page with the slug `home`. The body is Markdown with embeds; embeds are
//! rendered here from live data, so a provider's new number shows on every
//! page that embeds it as soon as it is saved.
//!
//! [`render_body`] is also what the editor's preview uses, so a preview is
//! exactly the public page.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::page::{Embed, HOME_SLUG, Part, parse_body};
use domain::provider::london;
use domain::{PageContent, Provider, ProviderStatus, Tenant};
use persistence::repo::{commissioning, pages, providers};
use time::OffsetDateTime;
use web::render_cache::{self, Page};
use web::views::PublicChrome;
use web::{AppError, AppState};

use crate::support::filters::open_state_until;
use crate::support::{EntryView, PhoneView, phones};

/// `/{t}/{page}`.
pub fn router() -> Router<AppState> {
    Router::new().route("/{t}/{page}", get(show_page))
}

#[derive(Template)]
#[template(path = "public/embed/providers.html")]
struct ProvidersEmbed<'a> {
    entries: Vec<EntryView<'a>>,
    entries_label: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "public/embed/provider.html")]
struct ProviderEmbed<'a> {
    e: EntryView<'a>,
    description_html: String,
}

struct Commissioned {
    heading: String,
    provider_href: Option<String>,
    statement_html: String,
    phones: Vec<PhoneView>,
    service: String,
    legal_basis: String,
    period: String,
}

#[derive(Template)]
#[template(path = "public/embed/commissioned.html")]
struct CommissionedEmbed {
    items: Vec<Commissioned>,
}

#[derive(Template)]
#[template(path = "public/embed/emergency.html")]
struct EmergencyEmbed {
    non_emergency: String,
    non_emergency_tel: String,
}

/// The data the embeds of one body need, read once.
struct EmbedData {
    published: Vec<Provider>,
    notes: Vec<domain::Note>,
}

impl EmbedData {
    async fn load(state: &AppState, tenant: &Tenant, embeds: &[Embed]) -> Result<Self, AppError> {
        let wants_providers = embeds.iter().any(|e| {
            matches!(
                e,
                Embed::Providers { .. } | Embed::Provider(_) | Embed::Commissioned
            )
        });
        let published = if wants_providers {
            providers::published(&state.db, tenant.id).await?
        } else {
            Vec::new()
        };
        let notes = if embeds.contains(&Embed::Commissioned) {
            commissioning::list(&state.db, tenant.id).await?
        } else {
            Vec::new()
        };
        Ok(Self { published, notes })
    }

    fn provider(&self, slug: &str) -> Option<&Provider> {
        self.published.iter().find(|p| {
            p.fields.slug.as_str() == slug && p.fields.status == ProviderStatus::Published
        })
    }
}

/// Until when a rendered body reads right: the earliest instant at which
/// any "open now" label or the set of current commissioning notes on it
/// may change. `None`: nothing on it depends on the time.
#[derive(Clone, Copy, Debug, Default)]
struct Holds(Option<OffsetDateTime>);

impl Holds {
    fn until(&mut self, at: OffsetDateTime) {
        self.0 = Some(self.0.map_or(at, |v| v.min(at)));
    }
}

/// A provider's open state at `at`, noting when it may change.
fn open_state(
    p: &Provider,
    at: OffsetDateTime,
    holds: &mut Holds,
) -> Option<domain::provider::OpenState> {
    let (state, until) = open_state_until(p, at)?;
    holds.until(until);
    Some(state)
}

/// The next midnight in London after `at`: when "current" commissioning
/// may change.
fn next_london_midnight(at: OffsetDateTime) -> Option<OffsetDateTime> {
    let tomorrow = domain::commissioning::london_date(at).next_day()?;
    london(
        tomorrow.year(),
        u32::from(u8::from(tomorrow.month())),
        u32::from(tomorrow.day()),
        0,
        0,
    )
}

fn render_embed(
    embed: &Embed,
    tenant: &Tenant,
    data: &EmbedData,
    at: OffsetDateTime,
    holds: &mut Holds,
) -> Result<String, askama::Error> {
    match embed {
        Embed::Providers { category, age } => ProvidersEmbed {
            entries: data
                .published
                .iter()
                .filter(|p| p.fields.status == ProviderStatus::Published)
                .filter(|p| {
                    category
                        .as_ref()
                        .is_none_or(|c| p.fields.categories.contains(c))
                })
                .filter(|p| age.is_none_or(|a| p.fields.serves_age(a)))
                .map(|p| EntryView::new(tenant, p, open_state(p, at, holds).as_ref()))
                .collect(),
            entries_label: None,
        }
        .render(),
        // A provider that is not (or no longer) published shows nothing:
        // the page stays whole.
        Embed::Provider(slug) => match data.provider(slug.as_str()) {
            Some(p) => ProviderEmbed {
                e: EntryView::new(tenant, p, open_state(p, at, holds).as_ref()),
                description_html: web::markdown::render(&p.fields.description),
            }
            .render(),
            None => Ok(String::new()),
        },
        Embed::Commissioned => {
            if let Some(midnight) = next_london_midnight(at) {
                holds.until(midnight);
            }
            let today = domain::commissioning::london_date(at);
            let items = data
                .notes
                .iter()
                .filter(|n| n.is_current(today))
                .map(|n| {
                    // Only public fields: never `internal_notes`.
                    let f = &n.fields;
                    let provider = f.provider.as_ref().and_then(|s| data.provider(s.as_str()));
                    Commissioned {
                        heading: provider.map_or_else(
                            || n.provider_name.clone().unwrap_or_else(|| f.service.clone()),
                            |p| p.fields.name.clone(),
                        ),
                        provider_href: provider
                            .map(|p| format!("/{}/support/{}", tenant.slug, p.fields.slug)),
                        statement_html: web::markdown::render(&f.public_statement),
                        phones: provider.map(phones).unwrap_or_default(),
                        service: f.service.clone(),
                        legal_basis: f.legal_basis.clone(),
                        period: f.period(),
                    }
                })
                .collect();
            CommissionedEmbed { items }.render()
        }
        Embed::Emergency => {
            let chrome = PublicChrome::county(tenant, "");
            EmergencyEmbed {
                non_emergency_tel: chrome.non_emergency_tel(),
                non_emergency: chrome.non_emergency,
            }
            .render()
        }
    }
}

/// A page body as HTML: its Markdown sanitised, its embeds rendered from
/// the county's live data at the instant `at`; and until when it reads
/// right (`None`: until the content changes). A body that no longer parses
/// (it cannot: bodies are checked when saved) renders as plain Markdown
/// rather than failing the page.
///
/// # Errors
/// Database and template errors.
pub async fn render_body(
    state: &AppState,
    tenant: &Tenant,
    body: &str,
    at: OffsetDateTime,
) -> Result<(String, Option<OffsetDateTime>), AppError> {
    let Ok(parts) = parse_body(body) else {
        return Ok((web::markdown::render(body), None));
    };
    let embeds: Vec<Embed> = parts
        .iter()
        .filter_map(|p| match p {
            Part::Embed(e) => Some(e.clone()),
            Part::Markdown(_) => None,
        })
        .collect();
    let data = EmbedData::load(state, tenant, &embeds).await?;
    let mut holds = Holds::default();
    let mut html = String::with_capacity(body.len() * 2);
    for part in &parts {
        match part {
            Part::Markdown(md) => html.push_str(&web::markdown::render(md)),
            Part::Embed(e) => html.push_str(
                &render_embed(e, tenant, &data, at, &mut holds).map_err(AppError::internal)?,
            ),
        }
    }
    Ok((html, holds.0))
}

/// A content page, as the public (or, with `preview`, an editor) sees it.
#[derive(Template, WebTemplate)]
#[template(path = "public/page.html")]
pub struct PageView {
    pub chrome: PublicChrome,
    pub county_name: String,
    pub title: String,
    pub summary: String,
    pub body_html: String,
    pub preview: bool,
    /// "the draft" / "the published page", for the preview banner.
    pub preview_of: &'static str,
    /// The editor's address, for the preview banner.
    pub preview_back: String,
    /// The page's "Report a problem with this information" form (not
    /// shown in a preview).
    pub report_href: String,
}

impl PageView {
    /// The page of `tenant` with this content, at the instant `at`, and
    /// until when it reads right.
    ///
    /// # Errors
    /// Database and template errors.
    pub async fn build(
        state: &AppState,
        tenant: &Tenant,
        slug: &str,
        content: &PageContent,
        at: OffsetDateTime,
    ) -> Result<(Self, Option<OffsetDateTime>), AppError> {
        let nav = pages::navigation(&state.db, tenant.id).await?;
        let section = if slug == HOME_SLUG { "home" } else { "page" };
        let (body_html, valid_until) = render_body(state, tenant, &content.body, at).await?;
        let view = Self {
            chrome: PublicChrome::county(tenant, &state.config.exit_url)
                .at(section)
                .with_nav(nav, Some(slug)),
            county_name: tenant.name.clone(),
            title: content.title.clone(),
            summary: content.summary.clone(),
            body_html,
            preview: false,
            preview_of: "",
            preview_back: String::new(),
            report_href: crate::report::form_href(
                &tenant.slug,
                domain::report::ReportObject::Page,
                slug,
            ),
        };
        Ok((view, valid_until))
    }
}

/// The published page `slug` of `tenant` as a cached response, or `None`
/// when there is no such published page.
///
/// # Errors
/// Database and template errors.
pub async fn published_response(
    state: &AppState,
    tenant: &Tenant,
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
    let key = format!("page:{}:{}:{slug}", tenant.id, tenant.content_version);
    let rendered = state
        .render_cache
        .get_or_render(key, &state.clock, |now| async move {
            let published = pages::find_published(&state.db, tenant.id, slug)
                .await
                .map_err(|e| Miss::Failed(e.into()))?
                .and_then(|page| page.published)
                .ok_or(Miss::NoSuchPage)?;
            let (view, valid_until) = PageView::build(state, tenant, slug, &published.content, now)
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

async fn show_page(
    State(state): State<AppState>,
    Path((slug, page)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let tenant = crate::site_tenant(&state, &headers, &slug).await?;
    if page == HOME_SLUG {
        return Ok(Redirect::permanent(&format!("/{}/", tenant.slug)).into_response());
    }
    // No such page: the 404 keeps the county's chrome.
    published_response(&state, &tenant, &page, &headers)
        .await?
        .ok_or_else(|| crate::county_not_found(&state, &tenant))
}
