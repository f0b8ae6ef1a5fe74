//! The provider directory: `/{t}/support` lists a county's published
//! providers with filters that work without JavaScript (a plain GET form),
//! and `/{t}/support/{slug}` shows one of them.
//!
//! Visitors' search terms are only ever in the query string, which the
//! request spans do not record (see `server::app`); nothing here logs them.

pub(crate) mod filters;
mod json_ld;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use domain::provider::{Hours, OpenState};
use domain::{Category, Provider, ProviderStatus, Tenant};
use persistence::repo::{categories, pages, providers};
use time::OffsetDateTime;
use web::render_cache::{self, Page};
use web::views::PublicChrome;
use web::{AppError, AppState};

use self::filters::{Filters, Ignored, Typed};
use self::json_ld::JsonLd;

/// `/{t}/support` and `/{t}/support/{slug}`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{t}/support", get(list_providers))
        .route("/{t}/support/{slug}", get(show_provider))
}

/// A phone number as a link.
#[derive(Clone, Debug)]
pub struct PhoneView {
    /// "Helpline"; may be empty.
    pub label: String,
    /// As written: "01332 362 120".
    pub number: String,
    /// For `tel:`: "01332362120".
    pub tel: String,
}

/// A category, with whether the directory is filtered by it.
#[derive(Clone, Debug)]
pub struct CategoryOption {
    pub slug: String,
    pub name: String,
    pub selected: bool,
}

/// One entry of the directory.
#[derive(Clone, Debug)]
pub struct EntryView {
    pub name: String,
    pub href: String,
    pub summary: String,
    pub phones: Vec<PhoneView>,
    pub ages: String,
    pub area: String,
    /// "Open now, until 14:00"; `None` when the provider gives no hours.
    pub open_label: Option<String>,
    pub is_open: bool,
    pub hours_note: String,
}

/// A day of the opening-hours table.
#[derive(Clone, Debug)]
pub struct DayView {
    pub day: &'static str,
    /// "10:00 to 14:00"; empty when closed all day.
    pub times: Vec<String>,
}

/// Everything a provider page shows. Built from the stored provider by
/// [`ProviderView::new`], the one place that decides what is public: the
/// address is left out here when it is confidential, so neither the page
/// nor its JSON-LD can show it.
#[derive(Clone, Debug)]
pub struct ProviderView {
    pub name: String,
    pub summary: String,
    /// Sanitised HTML from the Markdown description.
    pub description_html: String,
    pub phones: Vec<PhoneView>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// `None` when confidential or not given.
    pub address: Option<String>,
    pub address_confidential: bool,
    pub area: String,
    pub ages: String,
    pub eligibility: Vec<String>,
    pub self_referral: bool,
    pub professional_referral: bool,
    /// (slug, name) of each category.
    pub categories: Vec<(String, String)>,
    /// The week, Monday to Sunday; `None` when the provider gives no hours.
    pub week: Option<Vec<DayView>>,
    pub hours_note: String,
    pub open_label: Option<String>,
    pub is_open: bool,
    /// When `open_label` may next change; `None` without hours.
    pub open_until: Option<OffsetDateTime>,
    /// "4 March 2026" and "2026-03-04", in London.
    pub reviewed: Option<(String, String)>,
}

pub(crate) fn phones(provider: &Provider) -> Vec<PhoneView> {
    provider
        .fields
        .phones
        .iter()
        .map(|p| PhoneView {
            label: p.label.clone(),
            number: p.number.clone(),
            tel: p.tel(),
        })
        .collect()
}

/// The calendar date of an instant in London: ("4 March 2026", "2026-03-04").
fn london_date(at: OffsetDateTime) -> Option<(String, String)> {
    let utc = chrono::DateTime::from_timestamp(at.unix_timestamp(), 0)?;
    let local = utc.with_timezone(&chrono_tz::Europe::London);
    Some((
        local.format("%-d %B %Y").to_string(),
        local.format("%Y-%m-%d").to_string(),
    ))
}

/// Text split into paragraphs at blank lines.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

impl EntryView {
    pub(crate) fn new(tenant: &Tenant, provider: &Provider, state: Option<&OpenState>) -> Self {
        let f = &provider.fields;
        Self {
            name: f.name.clone(),
            href: format!("/{}/support/{}", tenant.slug, f.slug),
            summary: f.summary.clone(),
            phones: phones(provider),
            ages: f.ages_label(),
            area: f.area.clone(),
            open_label: state.map(OpenState::label),
            is_open: state.is_some_and(OpenState::is_open),
            hours_note: f.hours_note.clone(),
        }
    }
}

impl ProviderView {
    /// The public view of `provider` at the instant `at` (which decides
    /// "Open now").
    #[must_use]
    pub fn new(provider: &Provider, categories: &[Category], at: OffsetDateTime) -> Self {
        let f = &provider.fields;
        let hours = f
            .opening_hours
            .as_deref()
            .and_then(|h| Hours::parse(h).ok());
        let (state, open_until) = hours.as_ref().map(|h| h.state_until(at)).unzip();
        let address =
            (!f.address_confidential && !f.address.trim().is_empty()).then(|| f.address.clone());
        Self {
            name: f.name.clone(),
            summary: f.summary.clone(),
            description_html: web::markdown::render(&f.description),
            phones: phones(provider),
            email: f.email.as_ref().map(|e| e.as_str().to_owned()),
            website: f.website.clone(),
            address,
            address_confidential: f.address_confidential,
            area: f.area.clone(),
            ages: f.ages_label(),
            eligibility: paragraphs(&f.eligibility),
            self_referral: f.self_referral,
            professional_referral: f.professional_referral,
            categories: f
                .categories
                .iter()
                .map(|slug| {
                    let name = categories
                        .iter()
                        .find(|c| c.slug == slug.as_str())
                        .map_or_else(|| slug.to_string(), |c| c.name.clone());
                    (slug.to_string(), name)
                })
                .collect(),
            week: hours.as_ref().map(|h| {
                h.week()
                    .into_iter()
                    .map(|row| DayView {
                        day: row.day,
                        times: row.times,
                    })
                    .collect()
            }),
            hours_note: f.hours_note.clone(),
            open_label: state.as_ref().map(OpenState::label),
            is_open: state.as_ref().is_some_and(OpenState::is_open),
            open_until,
            reviewed: provider.reviewed_at.and_then(london_date),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "public/directory.html")]
struct DirectoryPage {
    chrome: PublicChrome,
    county_name: String,
    action: String,
    categories: Vec<CategoryOption>,
    typed: Typed,
    age_ignored: bool,
    category_ignored: bool,
    filtered: bool,
    entries: Vec<EntryView>,
    /// The id of the heading that names the list.
    entries_label: Option<&'static str>,
}

impl DirectoryPage {
    /// "1 service" / "3 services".
    fn count_label(&self) -> String {
        match self.entries.len() {
            1 => "1 service".to_owned(),
            n => format!("{n} services"),
        }
    }

    /// What a filtered list is filtered by, for the title, so that each
    /// result page says what it shows: " matching your search (Counselling,
    /// age 19, open now)". Never the search words themselves: the title
    /// shows in tabs, window lists and bookmarks.
    fn title_filters(&self) -> String {
        let mut out = String::new();
        if !self.typed.q.is_empty() {
            out.push_str(" matching your search");
        }
        let mut parts = Vec::new();
        if let Some(c) = self.categories.iter().find(|c| c.selected) {
            parts.push(c.name.clone());
        }
        if !self.age_ignored && !self.typed.age.is_empty() {
            parts.push(format!("age {}", self.typed.age));
        }
        if self.typed.open_now {
            parts.push("open now".to_owned());
        }
        if !parts.is_empty() {
            out.push_str(" (");
            out.push_str(&parts.join(", "));
            out.push(')');
        }
        out
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "public/provider.html")]
struct ProviderPage {
    chrome: PublicChrome,
    county_name: String,
    directory_href: String,
    p: ProviderView,
    json_ld: JsonLd,
}

/// The directory as drawn at one instant.
struct Listing {
    typed: Typed,
    filters: Filters,
    ignored: Vec<Ignored>,
    entries: Vec<EntryView>,
    /// The first instant at which any provider's open-now status may change
    /// (whether or not it passes the filters: "open now" is one of them).
    valid_until: Option<OffsetDateTime>,
}

/// The directory at the instant `at`: the published providers that pass the
/// filters, in name order.
fn directory(
    tenant: &Tenant,
    published: &[Provider],
    categories: &[Category],
    query: &[(String, String)],
    at: OffsetDateTime,
) -> Listing {
    let (typed, filters, ignored) = filters::parse(query, categories);
    let mut valid_until: Option<OffsetDateTime> = None;
    let entries = published
        .iter()
        // `published` is already only published providers; this keeps the
        // rule next to the page that depends on it.
        .filter(|p| p.fields.status == ProviderStatus::Published)
        .filter_map(|p| {
            let (state, until) = filters::open_state_until(p, at).unzip();
            if let Some(until) = until {
                valid_until = Some(valid_until.map_or(until, |v| v.min(until)));
            }
            filters::matches(p, &filters, categories, state.as_ref())
                .then(|| EntryView::new(tenant, p, state.as_ref()))
        })
        .collect();
    Listing {
        typed,
        filters,
        ignored,
        entries,
        valid_until,
    }
}

async fn list_providers(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(raw_query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let tenant = crate::site_tenant(&state, &headers, &slug).await?;
    // Keyed by the filters as typed, not the raw query string: parameters
    // the page ignores (or their order) cannot fill the cache with copies.
    let query = query_pairs(raw_query.as_deref().unwrap_or_default());
    let typed = filters::typed(&query);
    if !typed.q.trim().is_empty() {
        // A free-text search is asked for by one visitor: it is drawn for
        // them and not kept, so a flood of distinct searches cannot push
        // out the pages everyone reads, nor grow memory.
        let (page, _) = directory_page(&state, &tenant, &query, state.clock.now()).await?;
        let html = page.render().map_err(AppError::internal)?;
        return Ok(render_cache::respond_uncached(html));
    }
    let key = format!(
        "directory:{}:{}:{}",
        tenant.id,
        tenant.content_version,
        typed.cache_key()
    );
    let (state, tenant) = (&state, &tenant);
    let rendered = state
        .render_cache
        .get_or_render(key, &state.clock, |now| async move {
            let (page, valid_until) = directory_page(state, tenant, &query, now).await?;
            Ok::<_, AppError>(Page {
                html: page.render().map_err(AppError::internal)?,
                valid_until,
            })
        })
        .await?;
    Ok(render_cache::respond(&rendered, &headers).await)
}

/// The query string as name/value pairs; anything unreadable is dropped.
fn query_pairs(raw: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The directory page at `now`, and until when it holds.
async fn directory_page(
    state: &AppState,
    tenant: &Tenant,
    query: &[(String, String)],
    now: OffsetDateTime,
) -> Result<(DirectoryPage, Option<OffsetDateTime>), AppError> {
    let categories = categories::list(&state.db, tenant.id).await?;
    let published = providers::published(&state.db, tenant.id).await?;
    let Listing {
        typed,
        filters,
        ignored,
        entries,
        valid_until,
    } = directory(tenant, &published, &categories, query, now);
    let options = categories
        .iter()
        .map(|c| CategoryOption {
            slug: c.slug.clone(),
            name: c.name.clone(),
            selected: filters.category.as_deref() == Some(c.slug.as_str()),
        })
        .collect();
    let page = DirectoryPage {
        chrome: PublicChrome::county(tenant, &state.config.exit_url)
            .at("support")
            .with_nav(pages::navigation(&state.db, tenant.id).await?, None),
        county_name: tenant.name.clone(),
        action: format!("/{}/support", tenant.slug),
        categories: options,
        age_ignored: ignored.contains(&Ignored::Age),
        category_ignored: ignored.contains(&Ignored::Category),
        filtered: filters.any() || !ignored.is_empty(),
        typed,
        entries,
        entries_label: Some("results"),
    };
    Ok((page, valid_until))
}

async fn show_provider(
    State(state): State<AppState>,
    Path((slug, provider_slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let tenant = crate::site_tenant(&state, &headers, &slug).await?;
    let key = format!(
        "provider:{}:{}:{provider_slug}",
        tenant.id, tenant.content_version
    );
    let (state, tenant) = (&state, &tenant);
    let rendered = state
        .render_cache
        .get_or_render(key, &state.clock, |now| async move {
            let page = provider_page(state, tenant, &provider_slug, now).await?;
            let valid_until = page.p.open_until;
            Ok::<_, AppError>(Page {
                html: page.render().map_err(AppError::internal)?,
                valid_until,
            })
        })
        .await?;
    Ok(render_cache::respond(&rendered, &headers).await)
}

async fn provider_page(
    state: &AppState,
    tenant: &Tenant,
    provider_slug: &str,
    now: OffsetDateTime,
) -> Result<ProviderPage, AppError> {
    let provider = providers::find_by_slug(&state.db, tenant.id, provider_slug)
        .await?
        .filter(|p| p.fields.status == ProviderStatus::Published)
        .ok_or_else(|| crate::county_not_found(state, tenant))?;
    let categories = categories::list(&state.db, tenant.id).await?;
    let view = ProviderView::new(&provider, &categories, now);
    let path = format!("/{}/support/{}", tenant.slug, provider.fields.slug);
    let page_url = state
        .config
        .base_url
        .join(&path)
        .map_or_else(|_| path.clone(), |u| u.to_string());
    let json_ld = JsonLd::new(&json_ld::organization(&view, &page_url));
    Ok(ProviderPage {
        chrome: PublicChrome::county(tenant, &state.config.exit_url)
            .at("provider")
            .with_nav(pages::navigation(&state.db, tenant.id).await?, None),
        county_name: tenant.name.clone(),
        directory_href: format!("/{}/support", tenant.slug),
        p: view,
        json_ld,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::provider::{RawProvider, london, validate};
    use domain::{TenantId, TenantStatus};

    fn provider(raw: RawProvider) -> Provider {
        let fields = validate(&RawProvider {
            status: "published".into(),
            ..raw
        })
        .unwrap_or_else(|e| panic!("{e:?}"));
        Provider {
            id: uuid::Uuid::now_v7(),
            tenant: TenantId::from_uuid(uuid::Uuid::now_v7()),
            fields,
            reviewed_at: london(2026, 3, 4, 0, 30),
            version: 1,
            created_at: OffsetDateTime::UNIX_EPOCH,
            updated_at: OffsetDateTime::UNIX_EPOCH,
            created_by: None,
            updated_by: None,
        }
    }

    fn tenant() -> Tenant {
        Tenant {
            id: TenantId::from_uuid(uuid::Uuid::now_v7()),
            slug: "derbyshire".into(),
            name: "Derbyshire".into(),
            status: TenantStatus::Active,
            non_emergency: "101".into(),
            hostnames: Vec::new(),
            review_period_months: 6,
            content_version: 0,
            brand_colour: None,
            settings_version: 0,
        }
    }

    #[test]
    fn a_confidential_address_is_not_in_the_view_or_its_json_ld() {
        let p = provider(RawProvider {
            name: "Refuge".into(),
            address: "1 Secret Street".into(),
            address_confidential: true,
            area: "Chesterfield".into(),
            ..RawProvider::default()
        });
        let view = ProviderView::new(&p, &[], OffsetDateTime::UNIX_EPOCH);
        assert_eq!(view.address, None);
        assert!(!format!("{view:?}").contains("Secret"));
        let ld = JsonLd::new(&json_ld::organization(&view, "http://x/")).to_string();
        assert!(!ld.contains("Secret"), "{ld}");
        assert!(ld.contains("Chesterfield"), "{ld}");
    }

    #[test]
    fn the_review_date_is_the_london_date() {
        // 00:30 on 4 March in London is still 4 March (GMT); in summer,
        // 00:30 BST is 23:30 UTC the day before.
        assert_eq!(
            london(2026, 3, 4, 0, 30).and_then(london_date),
            Some(("4 March 2026".into(), "2026-03-04".into()))
        );
        assert_eq!(
            london(2026, 7, 5, 0, 30).and_then(london_date),
            Some(("5 July 2026".into(), "2026-07-05".into()))
        );
    }

    #[test]
    fn the_directory_says_open_or_closed_at_the_instant_given() {
        let sail = provider(RawProvider {
            name: "SAIL".into(),
            opening_hours: "Tu 10:00-14:00; We 16:00-20:00; Th 10:00-16:00".into(),
            ..RawProvider::default()
        });
        let query = vec![("open_now".to_owned(), "1".to_owned())];
        let tuesday_bst = london(2026, 7, 7, 11, 0).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let entries = directory(
            &tenant(),
            std::slice::from_ref(&sail),
            &[],
            &query,
            tuesday_bst,
        )
        .entries;
        assert_eq!(entries.len(), 1);
        assert_eq!(
            entries[0].open_label.as_deref(),
            Some("Open now, until 14:00")
        );

        let friday = london(2026, 7, 10, 11, 0).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let entries =
            directory(&tenant(), std::slice::from_ref(&sail), &[], &query, friday).entries;
        assert!(entries.is_empty());
        let entries = directory(&tenant(), &[sail], &[], &[], friday).entries;
        assert_eq!(
            entries[0].open_label.as_deref(),
            Some("Closed: opens Tue 10:00")
        );
    }

    #[test]
    fn always_open_and_never_open_hours_say_so() {
        let at = london(2026, 12, 1, 3, 0).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let open = provider(RawProvider {
            name: "Always".into(),
            opening_hours: "24/7".into(),
            ..RawProvider::default()
        });
        let view = ProviderView::new(&open, &[], at);
        assert!(view.is_open);
        assert_eq!(view.open_label.as_deref(), Some("Open now"));
        assert!(
            view.week
                .iter()
                .flatten()
                .all(|d| d.times == ["00:00 to 24:00"]),
            "{:?}",
            view.week
        );

        let closed = provider(RawProvider {
            name: "Never".into(),
            opening_hours: "off".into(),
            ..RawProvider::default()
        });
        let view = ProviderView::new(&closed, &[], at);
        assert!(!view.is_open);
        assert_eq!(view.open_label.as_deref(), Some("Closed"));
    }
}
