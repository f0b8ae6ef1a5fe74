//! The list of the county's providers: search by name, filter by status
//! and category, sort, and pages of `PER_PAGE`.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Query;
use domain::provider::review_due;
use domain::{Category, Provider, ProviderStatus};
use persistence::repo::categories;
use persistence::repo::providers::{ListQuery, Sort};
use serde::Deserialize;
use time::OffsetDateTime;
use web::AppError;

use super::{long_date, repo, statuses};
use crate::call::Call;
use crate::view::{CountyChrome, county_chrome};

/// Providers on one page of the list.
const PER_PAGE: u64 = 25;

#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct ListParams {
    q: String,
    status: String,
    category: String,
    sort: String,
    page: String,
}

impl ListParams {
    fn sort(&self) -> Sort {
        match self.sort.as_str() {
            "updated" => Sort::Updated,
            "reviewed" => Sort::Reviewed,
            _ => Sort::Name,
        }
    }

    fn page(&self) -> u64 {
        self.page
            .parse::<u64>()
            .ok()
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    }

    fn is_filtered(&self) -> bool {
        !self.q.trim().is_empty()
            || ProviderStatus::parse(&self.status).is_some()
            || !self.category.is_empty()
    }

    /// The list's address with these filters on page `page`.
    fn href(&self, county_slug: &str, page: u64) -> String {
        let encode = |v: &str| {
            percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC).to_string()
        };
        let mut pairs = Vec::new();
        for (key, value) in [
            ("q", self.q.trim()),
            ("status", self.status.as_str()),
            ("category", self.category.as_str()),
            ("sort", self.sort.as_str()),
        ] {
            if !value.is_empty() {
                pairs.push(format!("{key}={}", encode(value)));
            }
        }
        if page > 1 {
            pairs.push(format!("page={page}"));
        }
        let query = if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        };
        format!("/admin/{county_slug}/providers{query}")
    }
}

fn status_class(status: ProviderStatus) -> &'static str {
    match status {
        ProviderStatus::Published => "tag",
        ProviderStatus::Draft => "tag tag--grey",
        ProviderStatus::Archived => "tag tag--warning",
    }
}

struct ProviderRow {
    id: String,
    name: String,
    status_label: &'static str,
    status_class: &'static str,
    categories: String,
    reviewed: String,
    reviewed_iso: String,
    review_due: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/providers.html")]
pub(super) struct ProvidersPage {
    chrome: CountyChrome,
    rows: Vec<ProviderRow>,
    total: u64,
    filtered: bool,
    q: String,
    status: String,
    category: String,
    sort: String,
    statuses: Vec<(&'static str, &'static str)>,
    categories: Vec<Category>,
    sorts: Vec<(&'static str, &'static str)>,
    page: u64,
    pages: u64,
    prev_href: Option<String>,
    next_href: Option<String>,
}

impl ProviderRow {
    /// One provider in the list, with its categories by name.
    fn of(p: &Provider, all_categories: &[Category], period: u32, now: OffsetDateTime) -> Self {
        Self {
            id: p.id.to_string(),
            name: p.fields.name.clone(),
            status_label: p.fields.status.label(),
            status_class: status_class(p.fields.status),
            categories: p
                .fields
                .categories
                .iter()
                .map(|slug| {
                    all_categories
                        .iter()
                        .find(|c| c.slug == slug.as_str())
                        .map_or_else(|| slug.to_string(), |c| c.name.clone())
                })
                .collect::<Vec<_>>()
                .join(", "),
            reviewed: p.reviewed_at.map_or_else(|| "Never".to_owned(), long_date),
            reviewed_iso: p
                .reviewed_at
                .map(|at| at.date().to_string())
                .unwrap_or_default(),
            review_due: review_due(p.reviewed_at, period, now),
        }
    }
}

/// The name of a sort, as the list's form sends it.
fn sort_name(sort: Sort) -> &'static str {
    match sort {
        Sort::Name => "name",
        Sort::Updated => "updated",
        Sort::Reviewed => "reviewed",
    }
}

/// GET /admin/{t}/providers: the list, searched, filtered, sorted and paged.
pub(super) async fn list_providers(
    Query(params): Query<ListParams>,
    call: Call,
) -> Result<ProvidersPage, AppError> {
    let (state, county) = (&call.state, &call.county);
    let all_categories = categories::list(&state.db, county.id).await?;
    let query = ListQuery {
        name: params.q.trim().to_owned(),
        status: ProviderStatus::parse(&params.status),
        category: (!params.category.is_empty()).then(|| params.category.clone()),
        sort: params.sort(),
        page: params.page(),
        per_page: PER_PAGE,
    };
    let found = repo::list(&state.db, county.id, &query).await?;
    let now = OffsetDateTime::now_utc();
    let period = county.review_period_months;
    let rows = found
        .providers
        .iter()
        .map(|p| ProviderRow::of(p, &all_categories, period, now))
        .collect();
    let page = found.page;
    let pages = found.total.div_ceil(PER_PAGE).max(1);
    Ok(ProvidersPage {
        chrome: county_chrome(county).await?,
        rows,
        total: found.total,
        filtered: params.is_filtered(),
        prev_href: (page > 1).then(|| params.href(&county.slug, page - 1)),
        next_href: (page < pages).then(|| params.href(&county.slug, page + 1)),
        q: params.q,
        status: params.status,
        category: params.category,
        sort: sort_name(query.sort).to_owned(),
        statuses: statuses(),
        categories: all_categories,
        sorts: vec![
            ("name", "Name, A to Z"),
            ("updated", "Recently updated first"),
            ("reviewed", "Longest since review first"),
        ],
        page,
        pages,
    })
}
