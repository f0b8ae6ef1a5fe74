//! What search engines are told: `/{t}/sitemap.xml` lists a county's
//! public addresses (its home, its directory, its published providers and
//! pages) with when each last changed, and `/robots.txt` points to the
//! sitemaps of the counties served.
//!
//! Both are drawn from what the public can already read (the county's
//! snapshot and its published pages), so a draft is never named, and both
//! are answered with an `ETag` and `no-cache`, like the pages.

use std::fmt::Write as _;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use domain::County;
use persistence::repo::{counties, pages};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use web::render_cache::respond_body;
use web::{AppError, AppState};

/// `/{t}/sitemap.xml` and `/robots.txt`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/robots.txt", get(robots))
        .route("/{t}/sitemap.xml", get(sitemap))
}

/// One `<url>` of a sitemap: a path under the site and when it last changed.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    path: String,
    lastmod: Option<OffsetDateTime>,
}

/// GET /{t}/sitemap.xml: the county's public addresses, for search engines.
async fn sitemap(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let county = crate::site_county(&state, &headers, &slug).await?;
    let entries = entries(&state, &county).await?;
    let xml = urlset(&state.config.base_url, &entries);
    Ok(respond_body(
        xml,
        &headers,
        "application/xml; charset=utf-8",
        "no-cache",
    ))
}

/// GET /robots.txt: the admin is not for crawling; each served county's
/// sitemap (only that county's, on a hostname configured for it).
async fn robots(
    State(state): State<AppState>,
    crate::HostCounty(host): crate::HostCounty,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let counties = match host {
        Some(county) => vec![county],
        None => counties::list_active(&state.db).await?,
    };
    // A county that asks not to be indexed is not pointed to.
    let counties = counties.into_iter().filter(|c| !c.noindex);
    let mut text = String::from("User-agent: *\nDisallow: /admin/\n");
    for county in counties {
        let path = format!("/{}/sitemap.xml", county.slug);
        let _ = write!(
            text,
            "\nSitemap: {}",
            absolute(&state.config.base_url, &path)
        );
    }
    text.push('\n');
    Ok(respond_body(
        text,
        &headers,
        "text/plain; charset=utf-8",
        "no-cache",
    ))
}

/// The county's public addresses: home, directory, each published provider
/// (from the snapshot the directory is drawn from) and each published page.
async fn entries(state: &AppState, county: &County) -> Result<Vec<Entry>, AppError> {
    let now = state.clock.now();
    let snapshot = state
        .snapshots
        .get::<AppError>(&state.db, county, now)
        .await?;
    let published = pages::list(&state.db, county.id).await?;
    let page_lastmod = |p: &domain::Page| p.published.as_ref().map(|r| r.created_at);
    let home = published
        .iter()
        .find(|p| p.slug.as_str() == domain::page::HOME_SLUG)
        .and_then(page_lastmod);
    let directory = snapshot
        .providers
        .iter()
        .map(|l| l.provider.updated_at)
        .max();
    let county = &county.slug;
    let mut entries = vec![
        Entry {
            path: format!("/{county}/"),
            lastmod: home,
        },
        Entry {
            path: format!("/{county}/support"),
            lastmod: directory,
        },
    ];
    entries.extend(snapshot.providers.iter().map(|l| Entry {
        path: format!("/{county}/support/{}", l.provider.fields.slug),
        lastmod: Some(l.provider.updated_at),
    }));
    entries.extend(
        published
            .iter()
            .filter(|p| p.slug.as_str() != domain::page::HOME_SLUG)
            .filter_map(|p| {
                page_lastmod(p).map(|at| Entry {
                    path: format!("/{county}/{}", p.slug),
                    lastmod: Some(at),
                })
            }),
    );
    Ok(entries)
}

/// The sitemaps.org `<urlset>` of `entries`, their paths made absolute.
fn urlset(base: &url::Url, entries: &[Entry]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for entry in entries {
        let _ = write!(
            xml,
            "  <url><loc>{}</loc>",
            escape(&absolute(base, &entry.path))
        );
        if let Some(at) = entry.lastmod.and_then(|at| at.format(&Rfc3339).ok()) {
            let _ = write!(xml, "<lastmod>{at}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `path` under the address users reach.
fn absolute(base: &url::Url, path: &str) -> String {
    base.join(path)
        .map_or_else(|_| path.to_owned(), |u| u.to_string())
}

/// Text for XML character data.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_urlset_has_absolute_escaped_locations_and_w3c_dates() {
        let base = url::Url::parse("https://cms.example.org/").expect("url");
        let xml = urlset(
            &base,
            &[
                Entry {
                    path: "/derbyshire/".into(),
                    lastmod: None,
                },
                Entry {
                    path: "/derbyshire/a&b".into(),
                    lastmod: Some(time::macros::datetime!(2026-03-04 10:30 UTC)),
                },
            ],
        );
        assert!(xml.contains("<url><loc>https://cms.example.org/derbyshire/</loc></url>"));
        assert!(xml.contains(
            "<loc>https://cms.example.org/derbyshire/a&amp;b</loc><lastmod>2026-03-04T10:30:00Z</lastmod>"
        ));
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    }
}
