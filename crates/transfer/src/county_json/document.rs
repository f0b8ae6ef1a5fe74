//! The county document's shape: what `cms export` writes and `cms import`
//! reads. Every list has a fixed order (see [`super::export`]), so the same
//! county always gives the same bytes.
//!
//! Unknown fields are refused: a document that does not say exactly this
//! is not one.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// The `format` tag of a county document.
pub const FORMAT: &str = "cms-county";
/// The `format_version` this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The whole county: its content and settings, without users, sessions or
/// audit log, and without the county's own slug, name and hostnames (those
/// belong to whoever creates the county it is loaded into).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountyDocument {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`FORMAT_VERSION`].
    pub format_version: u32,
    pub settings: SettingsDoc,
    /// In the county's order.
    pub categories: Vec<CategoryDoc>,
    /// By slug.
    pub providers: Vec<ProviderDoc>,
    /// By slug.
    pub pages: Vec<PageDoc>,
    /// By id.
    pub commissioning_notes: Vec<NoteDoc>,
}

/// The settings a county admin keeps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsDoc {
    /// `#rrggbb`; `null`: the platform's colours.
    pub brand_colour: Option<String>,
    pub non_emergency: String,
    /// Ask search engines not to index the public site.
    #[serde(default)]
    pub noindex: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryDoc {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneDoc {
    /// May be empty.
    pub label: String,
    pub number: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderDoc {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    /// `draft`, `published` or `archived`.
    pub status: String,
    pub summary: String,
    /// Markdown.
    pub description: String,
    pub phones: Vec<PhoneDoc>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub address: String,
    pub address_confidential: bool,
    pub area: String,
    pub min_age: Option<i64>,
    pub max_age: Option<i64>,
    pub eligibility: String,
    pub self_referral: bool,
    pub professional_referral: bool,
    /// Category slugs, in the county's order; each one of `categories`.
    pub categories: Vec<String>,
    /// OpenStreetMap `opening_hours`.
    pub opening_hours: Option<String>,
    pub hours_note: String,
    #[serde(with = "time::serde::rfc3339::option")]
    pub reviewed_at: Option<OffsetDateTime>,
    pub version: i32,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageDoc {
    pub id: Uuid,
    pub slug: String,
    /// Place in the navigation, 1 to 99; `null`: not listed.
    pub nav_position: Option<i32>,
    /// The number of the revision the public sees; `null`: not published.
    pub published_revision: Option<i32>,
    /// The number of the revision being worked on.
    pub draft_revision: Option<i32>,
    /// When the draft is to be published.
    #[serde(with = "time::serde::rfc3339::option")]
    pub publish_at: Option<OffsetDateTime>,
    pub version: i32,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Every revision, oldest first.
    pub revisions: Vec<RevisionDoc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionDoc {
    pub number: i32,
    pub title: String,
    pub summary: String,
    /// Markdown with embeds.
    pub body: String,
    /// The revision this one restored.
    pub restored_from: Option<i32>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteDoc {
    pub id: Uuid,
    /// The slug of one of `providers`; `null`: no provider.
    pub provider: Option<String>,
    pub service: String,
    pub legal_basis: String,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    /// `YYYY-MM-DD`; `null`: open-ended.
    pub ends_on: Option<String>,
    /// Markdown, public.
    pub public_statement: String,
    /// Markdown, for editors and county admins only.
    pub internal_notes: String,
    pub version: i32,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}
