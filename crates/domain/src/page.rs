//! Content pages: a county's own pages, written in Markdown with embeds
//! that render live data (`{{providers category="cse"}}`, `{{provider
//! "slug"}}`, `{{commissioned}}`, `{{emergency}}`).
//!
//! A page has a slug and a place in the navigation; its title, summary and
//! body live in revisions. At most one revision is the draft and at most one
//! is published; every save makes a new revision, so history is complete.

use time::OffsetDateTime;

use crate::{CountyId, Slug, UserId};

mod embed;
mod schedule;
mod validation;

pub use embed::{Embed, EmbedError, Part, parse_body};
pub use schedule::{london_input, london_time, parse_publish_at};
pub use validation::validate;

pub use crate::ids::PageId;

/// Page slugs that would collide with the county site's own routes, or
/// that CONTRACT.md reserves.
pub const RESERVED_PAGE_SLUGS: &[&str] = &[
    "support", "search", "api", "sitemap", "safety", "admin", "assets",
];

/// The slug of the page that is the county's home.
pub const HOME_SLUG: &str = "home";

/// What a page shows, as stored in one revision.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PageContent {
    pub title: String,
    pub summary: String,
    /// Markdown with embeds.
    pub body: String,
}

/// A page's editable fields, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageFields {
    pub slug: Slug,
    /// Place in the county's navigation, lowest first; `None`: not listed.
    pub nav_position: Option<i32>,
    pub content: PageContent,
    /// The embeds the body uses, in order.
    pub embeds: Vec<Embed>,
}

/// The page form as typed.
#[derive(Clone, Debug, Default)]
pub struct RawPage {
    pub title: String,
    pub slug: String,
    pub summary: String,
    pub body: String,
    pub nav_position: String,
}

/// Where a page is in its workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageState {
    /// Never published, or unpublished.
    Draft,
    /// Live, with no newer draft.
    Published,
    /// Live, with a newer draft waiting.
    PublishedWithDraft,
}

impl PageState {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Published => "Published",
            Self::PublishedWithDraft => "Published, with changes in draft",
        }
    }
}

/// A stored page: its fields and its revisions' pointers.
#[derive(Clone, Debug)]
pub struct Page {
    pub id: PageId,
    pub county: CountyId,
    pub slug: Slug,
    pub nav_position: Option<i32>,
    /// The revision the public sees.
    pub published: Option<Revision>,
    /// The revision being worked on, newer than the published one.
    pub draft: Option<Revision>,
    /// When the draft is to be published.
    pub publish_at: Option<OffsetDateTime>,
    pub version: i32,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub updated_by: Option<UserId>,
    /// The display name of `updated_by`, when known.
    pub updated_by_name: Option<String>,
}

impl Page {
    #[must_use]
    pub fn state(&self) -> PageState {
        match (&self.published, &self.draft) {
            (Some(_), Some(_)) => PageState::PublishedWithDraft,
            (Some(_), None) => PageState::Published,
            (None, _) => PageState::Draft,
        }
    }

    /// The revision an editor works on: the draft, else the published one.
    #[must_use]
    pub fn latest(&self) -> Option<&Revision> {
        self.draft.as_ref().or(self.published.as_ref())
    }

    /// The title the editor sees.
    #[must_use]
    pub fn title(&self) -> &str {
        self.latest().map_or("", |r| r.content.title.as_str())
    }
}

/// One saved state of a page's content.
#[derive(Clone, Debug)]
pub struct Revision {
    /// 1, 2, 3... within the page.
    pub number: i32,
    pub content: PageContent,
    pub created_at: OffsetDateTime,
    pub created_by: Option<UserId>,
    pub created_by_name: Option<String>,
    /// The revision this one restored, if it was a restore.
    pub restored_from: Option<i32>,
}

/// The names of the fields that differ, for the audit log.
#[must_use]
pub fn changed_fields(
    before: (&Slug, Option<i32>, Option<&PageContent>),
    after: &PageFields,
) -> Vec<String> {
    let (slug, nav, content) = before;
    let mut out = Vec::new();
    let empty = PageContent::default();
    let content = content.unwrap_or(&empty);
    if content.title != after.content.title {
        out.push("title".to_owned());
    }
    if *slug != after.slug {
        out.push("slug".to_owned());
    }
    if content.summary != after.content.summary {
        out.push("summary".to_owned());
    }
    if content.body != after.content.body {
        out.push("body".to_owned());
    }
    if nav != after.nav_position {
        out.push("nav_position".to_owned());
    }
    out
}

/// The text of a revision as the diff compares it.
#[must_use]
pub fn diff_text(content: &PageContent) -> String {
    format!(
        "Title: {}\nSummary: {}\n\n{}\n",
        content.title,
        content.summary,
        content.body.trim_end()
    )
}

#[cfg(test)]
mod tests;
