//! `/{t}/support/{slug}`: one published provider, with its week of opening
//! hours and schema.org JSON-LD, drawn from the county's snapshot.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use domain::provider::OpenState;
use domain::{Category, County};
use time::OffsetDateTime;
use web::county_snapshot::Listed;
use web::render_cache::{self, Page};
use web::views::PublicChrome;
use web::views::entry::{PhoneView, phones};
use web::{AppError, AppState};

use super::json_ld::{self, JsonLd};

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

impl ProviderView {
    /// The public view of a published provider while its county's
    /// snapshot holds (its open state is the snapshot's); `categories` are
    /// the county's, for their names.
    #[must_use]
    pub fn new(listed: &Listed, categories: &[Category]) -> Self {
        let (provider, f) = (&listed.provider, &listed.provider.fields);
        let state = listed.open_state();
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
            week: listed.hours.as_ref().map(|h| {
                h.week()
                    .into_iter()
                    .map(|row| DayView {
                        day: row.day,
                        times: row.times,
                    })
                    .collect()
            }),
            hours_note: f.hours_note.clone(),
            open_label: state.map(OpenState::label),
            is_open: state.is_some_and(OpenState::is_open),
            open_until: listed.open.as_ref().map(|(_, until)| *until),
            reviewed: provider.reviewed_at.and_then(london_date),
        }
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
    /// Its "Report a problem with this information" form.
    report_href: String,
}

/// GET /{t}/support/{slug}: a published provider's page.
pub(super) async fn show_provider(
    State(state): State<AppState>,
    Path((slug, provider_slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let county = crate::site_county(&state, &headers, &slug).await?;
    let key = format!(
        "provider:{}:{}:{provider_slug}",
        county.id, county.content_version
    );
    let (state, county) = (&state, &county);
    let rendered = state
        .render_cache
        .get_or_render(key, &state.clock, |now| async move {
            let page = provider_page(state, county, &provider_slug, now).await?;
            let valid_until = page.p.open_until;
            Ok::<_, AppError>(Page {
                html: page.render().map_err(AppError::internal)?,
                content_type: render_cache::HTML,
                valid_until,
            })
        })
        .await?;
    Ok(render_cache::respond(&rendered, &headers).await)
}

/// The page of the published provider `provider_slug` at `now`; 404 in
/// the county's chrome when there is none.
async fn provider_page(
    state: &AppState,
    county: &County,
    provider_slug: &str,
    now: OffsetDateTime,
) -> Result<ProviderPage, AppError> {
    let snapshot = state
        .snapshots
        .get::<AppError>(&state.db, county, now)
        .await?;
    let listed = snapshot
        .provider(provider_slug)
        .ok_or_else(|| crate::county_not_found(state, county))?;
    let view = ProviderView::new(listed, &snapshot.categories);
    let path = format!("/{}/support/{}", county.slug, listed.provider.fields.slug);
    let page_url = state
        .config
        .base_url
        .join(&path)
        .map_or_else(|_| path.clone(), |u| u.to_string());
    let json_ld = JsonLd::new(&json_ld::organization(&view, &page_url));
    Ok(ProviderPage {
        chrome: PublicChrome::county(county, &state.config.exit_url)
            .at("provider")
            .with_nav(snapshot.navigation.clone(), None),
        county_name: county.name.clone(),
        directory_href: format!("/{}/support", county.slug),
        p: view,
        json_ld,
        report_href: crate::report::form_href(
            &county.slug,
            domain::report::ReportObject::Provider,
            listed.provider.fields.slug.as_str(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::test_fixtures::published;
    use domain::Provider;
    use domain::provider::{RawProvider, london};

    /// The view of `p` in a snapshot drawn at `at`.
    fn view_at(p: Provider, at: OffsetDateTime) -> ProviderView {
        ProviderView::new(&Listed::new(p, &[], at), &[])
    }

    /// A published provider, last reviewed at 00:30 on 4 March 2026.
    fn provider(raw: RawProvider) -> Provider {
        Provider {
            reviewed_at: london(2026, 3, 4, 0, 30),
            ..published(raw)
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
        let view = view_at(p, OffsetDateTime::UNIX_EPOCH);
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
    fn always_open_and_never_open_hours_say_so() {
        let at = london(2026, 12, 1, 3, 0).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let open = provider(RawProvider {
            name: "Always".into(),
            opening_hours: "24/7".into(),
            ..RawProvider::default()
        });
        let view = view_at(open, at);
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
        let view = view_at(closed, at);
        assert!(!view.is_open);
        assert_eq!(view.open_label.as_deref(), Some("Closed"));
    }
}
