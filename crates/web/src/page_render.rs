//! The content-page renderer: a county's page body (Markdown with embeds)
//! as HTML, and the whole page around it. It sits here, below both web
//! crates, because the public site (`public::pages`, `/{t}/{page}`) and
//! the editor's preview (`admin::pages::preview`) draw the same page: a
//! preview is exactly the public page, and neither face depends on the
//! other.
//!
//! Embeds are drawn from live data, so a provider's new number shows on
//! every page that embeds it as soon as it is saved.

mod embeds;

use askama::Template;
use askama_web::WebTemplate;
use domain::page::{Embed, HOME_SLUG, Part, parse_body};
use domain::{County, PageContent};
use persistence::repo::pages;
use time::OffsetDateTime;

use self::embeds::{Drawing, EmbedData, Holds};
use crate::views::PublicChrome;
use crate::{AppError, AppState, markdown};

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
    county: &County,
    body: &str,
    at: OffsetDateTime,
) -> Result<(String, Option<OffsetDateTime>), AppError> {
    let Ok(parts) = parse_body(body) else {
        return Ok((markdown::render(body), None));
    };
    let embeds: Vec<Embed> = parts
        .iter()
        .filter_map(|p| match p {
            Part::Embed(e) => Some(e.clone()),
            Part::Markdown(_) => None,
        })
        .collect();
    let data = EmbedData::load(state, county, &embeds).await?;
    let mut drawing = Drawing {
        county,
        data: &data,
        at,
        holds: Holds::default(),
    };
    let mut html = String::with_capacity(body.len() * 2);
    for part in &parts {
        match part {
            Part::Markdown(md) => html.push_str(&markdown::render(md)),
            Part::Embed(e) => html.push_str(&drawing.render(e).map_err(AppError::internal)?),
        }
    }
    Ok((html, drawing.holds.0))
}

/// Who a content page is drawn for.
#[derive(Clone, Debug)]
pub enum Showing {
    /// The public: the page ends with its "Report a problem with this
    /// information" link, to `report_href`.
    Public { report_href: String },
    /// An editor's preview: a banner says it previews `of` ("the draft",
    /// "the published page") and links `back` to the editor; no report
    /// link.
    Preview { of: &'static str, back: String },
}

/// A content page, as the public (or, in a preview, an editor) sees it.
#[derive(Template, WebTemplate)]
#[template(path = "public/page.html")]
pub struct PageView {
    chrome: PublicChrome,
    county_name: String,
    title: String,
    summary: String,
    body_html: String,
    preview: bool,
    /// "the draft" / "the published page", for the preview banner.
    preview_of: &'static str,
    /// The editor's address, for the preview banner.
    preview_back: String,
    /// The page's "Report a problem with this information" form (not
    /// shown in a preview).
    report_href: String,
}

impl PageView {
    /// The page `slug` of `county` with this content, at the instant
    /// `at`, drawn for `showing`; and until when it reads right.
    ///
    /// # Errors
    /// Database and template errors.
    pub async fn build(
        state: &AppState,
        county: &County,
        slug: &str,
        content: &PageContent,
        at: OffsetDateTime,
        showing: Showing,
    ) -> Result<(Self, Option<OffsetDateTime>), AppError> {
        let nav = pages::navigation(&state.db, county.id).await?;
        let section = if slug == HOME_SLUG { "home" } else { "page" };
        let (body_html, valid_until) = render_body(state, county, &content.body, at).await?;
        let (preview, preview_of, preview_back, report_href) = match showing {
            Showing::Public { report_href } => (false, "", String::new(), report_href),
            Showing::Preview { of, back } => (true, of, back, String::new()),
        };
        let view = Self {
            chrome: PublicChrome::county(county, &state.config.exit_url)
                .at(section)
                .with_nav(nav, Some(slug)),
            county_name: county.name.clone(),
            title: content.title.clone(),
            summary: content.summary.clone(),
            body_html,
            preview,
            preview_of,
            preview_back,
            report_href,
        };
        Ok((view, valid_until))
    }
}
