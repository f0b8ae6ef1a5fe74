//! Content stored straight in the database, validated exactly as the admin
//! forms would: providers (`app.add_provider`) and pages (`app.add_page`,
//! `app.publish_page`). For a test's set-up, not for what it checks.

use domain::provider::{RawProvider, london};
use domain::{County, Note, Page, Provider, RawPage};
use persistence::repo::{pages, providers};
use time::OffsetDateTime;

use crate::TestApp;

/// A provider to store: published with just a name unless set otherwise.
/// A `&str` is a published provider of that name; a `RawProvider` is
/// stored exactly as given.
#[derive(Clone, Debug)]
pub struct NewProvider(pub RawProvider);

impl NewProvider {
    /// A published provider with just a name (and a slug made from it).
    #[must_use]
    pub fn named(name: &str) -> Self {
        Self(RawProvider {
            name: name.to_owned(),
            status: "published".to_owned(),
            ..RawProvider::default()
        })
    }

    /// With this status (`draft`, `published`, `archived`).
    #[must_use]
    pub fn status(mut self, status: &str) -> Self {
        status.clone_into(&mut self.0.status);
        self
    }

    /// With this summary.
    #[must_use]
    pub fn summary(mut self, summary: &str) -> Self {
        summary.clone_into(&mut self.0.summary);
        self
    }

    /// With these opening hours (OpenStreetMap syntax).
    #[must_use]
    pub fn hours(mut self, hours: &str) -> Self {
        hours.clone_into(&mut self.0.opening_hours);
        self
    }

    /// In these categories (slugs, comma separated).
    #[must_use]
    pub fn categories(mut self, categories: &str) -> Self {
        categories.clone_into(&mut self.0.categories);
        self
    }
}

impl From<&str> for NewProvider {
    fn from(name: &str) -> Self {
        Self::named(name)
    }
}

impl From<RawProvider> for NewProvider {
    fn from(raw: RawProvider) -> Self {
        Self(raw)
    }
}

/// A page to store as a first draft: title, slug and "Some words." unless
/// set otherwise.
#[derive(Clone, Debug)]
pub struct NewPage(pub RawPage);

impl NewPage {
    /// A page with this slug and title, its body "Some words.".
    #[must_use]
    pub fn new(slug: &str, title: &str) -> Self {
        Self(RawPage {
            title: title.to_owned(),
            slug: slug.to_owned(),
            body: "Some words.".to_owned(),
            ..RawPage::default()
        })
    }

    /// With this body (Markdown).
    #[must_use]
    pub fn body(mut self, body: &str) -> Self {
        body.clone_into(&mut self.0.body);
        self
    }
}

impl TestApp {
    /// Stores a provider in the county; creating counts as reviewing.
    pub async fn add_provider(
        &self,
        county: &County,
        provider: impl Into<NewProvider>,
    ) -> Provider {
        let raw = provider.into().0;
        let fields =
            domain::provider::validate(&raw).unwrap_or_else(|e| panic!("invalid fixture: {e:?}"));
        providers::create(&self.db, county.id, &fields, None)
            .await
            .unwrap()
    }

    /// Stores a page in the county: its first revision is a draft.
    pub async fn add_page(&self, county: &County, page: NewPage) -> Page {
        let fields =
            domain::page::validate(&page.0).unwrap_or_else(|e| panic!("invalid fixture: {e:?}"));
        pages::create(&self.db, county.id, &fields, None)
            .await
            .unwrap()
    }

    /// Publishes the page's current draft.
    pub async fn publish_page(&self, county: &County, page: &Page) -> Page {
        let draft = page.draft.as_ref().expect("a draft to publish").number;
        pages::publish(&self.db, county.id, page.id, page.version, draft, None)
            .await
            .unwrap()
    }

    /// Stores a page in the county and publishes it.
    pub async fn add_published_page(&self, county: &County, page: NewPage) -> Page {
        let page = self.add_page(county, page).await;
        self.publish_page(county, &page).await
    }
}

/// SAIL's hours: closed on Tuesday 1 December 2026 until 10:00 (GMT).
pub const SAIL_HOURS: &str = "Tu 10:00-14:00; We 16:00-20:00; Th 10:00-16:00";

/// Tuesday 1 December 2026, 10:00 in London: SAIL opens.
#[must_use]
pub fn sail_opens() -> OffsetDateTime {
    london(2026, 12, 1, 10, 0).unwrap()
}

impl TestApp {
    /// The county's provider with this id, as stored.
    pub async fn stored_provider(&self, county: &County, id: &str) -> Provider {
        providers::find(&self.db, county.id, id.parse().unwrap())
            .await
            .unwrap()
            .expect("the provider exists")
    }

    /// The county's commissioning note with this id, as stored.
    pub async fn stored_note(&self, county: &County, id: &str) -> Note {
        persistence::repo::commissioning::find(&self.db, county.id, id.parse().unwrap())
            .await
            .unwrap()
            .expect("the note exists")
    }
}

/// A published provider with just a name, as the raw form fields that a
/// test builds on (`RawProvider { min_age: "18".into(), ..published("X") }`).
#[must_use]
pub fn published(name: &str) -> RawProvider {
    NewProvider::named(name).0
}
