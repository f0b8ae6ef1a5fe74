//! `/{t}/support`: the directory and its filters, drawn from the county's
//! snapshot. The filters everyone uses are cached as pages; a free-text
//! search is drawn for its one visitor and not kept.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use domain::County;
use time::OffsetDateTime;
use web::county_snapshot::Snapshot;
use web::render_cache::{self, Page};
use web::views::{EntryView, PublicChrome};
use web::{AppError, AppState};

use super::filters::{self, Filters, Ignored, Typed};

/// A category, with whether the directory is filtered by it.
#[derive(Clone, Debug)]
pub struct CategoryOption<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub selected: bool,
}

/// The directory page, borrowing from the county's snapshot.
#[derive(Template, WebTemplate)]
#[template(path = "public/directory.html")]
struct DirectoryPage<'a> {
    chrome: PublicChrome,
    county_name: &'a str,
    action: String,
    categories: Vec<CategoryOption<'a>>,
    typed: Typed,
    age_ignored: bool,
    category_ignored: bool,
    filtered: bool,
    entries: Vec<EntryView<'a>>,
    /// The id of the heading that names the list.
    entries_label: Option<&'static str>,
}

impl DirectoryPage<'_> {
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
            parts.push(c.name.to_owned());
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

/// The directory as drawn from one snapshot.
struct Listing<'a> {
    typed: Typed,
    filters: Filters,
    ignored: Vec<Ignored>,
    entries: Vec<EntryView<'a>>,
}

/// The providers of `snapshot` (published only, in name order) that pass
/// the filters `typed`, with their open state in the snapshot's window.
fn directory<'a>(county: &'a County, snapshot: &'a Snapshot, typed: Typed) -> Listing<'a> {
    let (typed, filters, ignored) = filters::parse(typed, &snapshot.categories);
    let entries = snapshot
        .providers
        .iter()
        .filter(|listed| filters::matches(listed, &filters))
        .map(|listed| EntryView::new(county, &listed.provider, listed.open_state()))
        .collect();
    Listing {
        typed,
        filters,
        ignored,
        entries,
    }
}

/// GET /{t}/support: the directory, filtered by the query string.
pub(super) async fn list_providers(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(raw_query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let county = crate::site_county(&state, &headers, &slug).await?;
    // Keyed by the filters as typed, not the raw query string: parameters
    // the page ignores (or their order) cannot fill the cache with copies.
    let query = query_pairs(raw_query.as_deref().unwrap_or_default());
    let typed = filters::typed(&query);
    if !typed.q.trim().is_empty() {
        // A free-text search is asked for by one visitor: it is drawn for
        // them and not kept, so a flood of distinct searches cannot push
        // out the pages everyone reads, nor grow memory.
        let (html, _) = draw(&state, &county, typed, state.clock.now()).await?;
        return Ok(render_cache::respond_uncached(html));
    }
    let key = format!(
        "directory:{}:{}:{}",
        county.id,
        county.content_version,
        typed.cache_key()
    );
    let (state, county) = (&state, &county);
    let rendered = state
        .render_cache
        .get_or_render(key, &state.clock, |now| async move {
            let (html, valid_until) = draw(state, county, typed, now).await?;
            Ok::<_, AppError>(Page {
                html,
                content_type: render_cache::HTML,
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

/// The directory filtered by `typed` at `now`, as HTML, and until when it
/// holds.
async fn draw(
    state: &AppState,
    county: &County,
    typed: Typed,
    now: OffsetDateTime,
) -> Result<(String, Option<OffsetDateTime>), AppError> {
    let snapshot = state
        .snapshots
        .get::<AppError>(&state.db, county, now)
        .await?;
    let Listing {
        typed,
        filters,
        ignored,
        entries,
    } = directory(county, &snapshot, typed);
    let options = snapshot
        .categories
        .iter()
        .map(|c| CategoryOption {
            slug: &c.slug,
            name: &c.name,
            selected: filters.category.as_deref() == Some(c.slug.as_str()),
        })
        .collect();
    let page = DirectoryPage {
        chrome: PublicChrome::county(county, &state.config.exit_url)
            .at("support")
            .with_nav(snapshot.navigation.clone(), None),
        county_name: &county.name,
        action: format!("/{}/support", county.slug),
        categories: options,
        age_ignored: ignored.contains(&Ignored::Age),
        category_ignored: ignored.contains(&Ignored::Category),
        filtered: filters.any() || !ignored.is_empty(),
        typed,
        entries,
        entries_label: Some("results"),
    };
    let html = page.render().map_err(AppError::internal)?;
    Ok((html, snapshot.valid_until()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::test_fixtures::published as provider;
    use domain::provider::{RawProvider, london};
    use domain::{CountyId, CountyStatus, Provider};

    fn county() -> County {
        County {
            id: CountyId::from_uuid(uuid::Uuid::now_v7()),
            slug: "derbyshire".into(),
            name: "Derbyshire".into(),
            status: CountyStatus::Active,
            non_emergency: "101".into(),
            hostnames: Vec::new(),
            review_period_months: 6,
            content_version: 0,
            brand_colour: None,
            settings_version: 0,
            noindex: false,
        }
    }

    /// The entries of `providers` drawn at `at` and filtered by `query`:
    /// (name, open-now label).
    fn entries(
        providers: &[Provider],
        query: &[(&str, &str)],
        at: OffsetDateTime,
    ) -> Vec<(String, Option<String>)> {
        let snapshot = Snapshot::new(0, Vec::new(), Vec::new(), providers.to_vec(), at);
        let query: Vec<(String, String)> = query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let county = county();
        directory(&county, &snapshot, filters::typed(&query))
            .entries
            .into_iter()
            .map(|e| (e.name.to_owned(), e.open_label))
            .collect()
    }

    #[test]
    fn the_directory_says_open_or_closed_at_the_instant_given() {
        let sail = provider(RawProvider {
            name: "SAIL".into(),
            opening_hours: "Tu 10:00-14:00; We 16:00-20:00; Th 10:00-16:00".into(),
            ..RawProvider::default()
        });
        let sail = std::slice::from_ref(&sail);
        let open_now = [("open_now", "1")];
        let tuesday_bst = london(2026, 7, 7, 11, 0).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let shown = entries(sail, &open_now, tuesday_bst);
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].1.as_deref(), Some("Open now, until 14:00"));

        let friday = london(2026, 7, 10, 11, 0).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        assert!(entries(sail, &open_now, friday).is_empty());
        let shown = entries(sail, &[], friday);
        assert_eq!(shown[0].1.as_deref(), Some("Closed: opens Tue 10:00"));
    }

    #[test]
    fn a_search_matches_every_word_in_name_order() {
        let at = OffsetDateTime::UNIX_EPOCH;
        let providers = [
            provider(RawProvider {
                name: "Bravo".into(),
                summary: "Counselling online".into(),
                ..RawProvider::default()
            }),
            provider(RawProvider {
                name: "Alpha".into(),
                summary: "Counselling in person".into(),
                ..RawProvider::default()
            }),
        ];
        let names = |query: &[(&str, &str)]| -> Vec<String> {
            entries(&providers, query, at)
                .into_iter()
                .map(|(name, _)| name)
                .collect()
        };
        // `Snapshot::new` keeps the order it is given: the repository sorts.
        assert_eq!(names(&[("q", "COUNSELLING")]), ["Bravo", "Alpha"]);
        assert_eq!(names(&[("q", "counselling online")]), ["Bravo"]);
        assert!(names(&[("q", "refuge")]).is_empty());
    }
}
