//! The list of the county's pages, in navigation order.

use askama::Template;
use askama_web::WebTemplate;
use domain::page::london_time;
use web::AppError;

use super::{editor, public_href, repo, state_tag};
use crate::call::Call;
use crate::view::{CountyChrome, county_chrome};

/// One page in the list.
struct PageRow {
    id: String,
    title: String,
    public_href: Option<String>,
    slug: String,
    nav_position: Option<i32>,
    status_label: &'static str,
    status_class: &'static str,
    scheduled: Option<String>,
    updated: String,
    editor: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/pages.html")]
pub(super) struct PagesPage {
    chrome: CountyChrome,
    rows: Vec<PageRow>,
}

/// GET /admin/{t}/pages: the county's pages, in navigation order.
pub(super) async fn list_pages(call: Call) -> Result<PagesPage, AppError> {
    let (state, county) = (&call.state, &call.county);
    let mut pages = repo::list(&state.db, county.id).await?;
    pages.sort_by_key(|p| (p.nav_position.unwrap_or(i32::MAX), p.slug.to_string()));
    let rows = pages
        .iter()
        .map(|p| {
            let (status_label, status_class) = state_tag(p);
            PageRow {
                id: p.id.to_string(),
                title: p.title().to_owned(),
                public_href: public_href(county, p),
                slug: p.slug.to_string(),
                nav_position: p.nav_position,
                status_label,
                status_class,
                scheduled: p.publish_at.map(london_time),
                updated: london_time(p.updated_at),
                editor: editor(p),
            }
        })
        .collect();
    Ok(PagesPage {
        chrome: county_chrome(county).await?,
        rows,
    })
}
