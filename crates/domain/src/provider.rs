//! Support providers: what a county lists in its directory, and the rules
//! their fields follow.

use std::fmt;

use crate::{CountyId, EmailAddress, Slug, UserId};
use time::OffsetDateTime;

mod hours;
mod phone;
mod raw;
pub mod review;
mod search;
mod validation;
pub mod weekly;

pub use crate::slug::slugify;
pub use hours::{Hours, HoursError, OpenState, WeekRow, london};
pub use phone::{Phone, PhoneError, parse_phones};
pub use raw::RawProvider;
pub use review::{review_due, review_due_at};
pub use search::{has_every_word, search_text};
pub use validation::{parse_website, validate};
pub use weekly::{DayHours, Period, Periods, TimeOfDay, WeeklyHours};

pub use crate::ids::{CategoryId, ProviderId};

/// A county's category of provider, e.g. `cse` "Child sexual exploitation".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    pub id: CategoryId,
    pub slug: String,
    pub name: String,
}

/// The categories every new county starts with.
pub const DEFAULT_CATEGORIES: &[(&str, &str)] = &[
    ("cse", "Child sexual exploitation"),
    ("counselling", "Counselling and therapy"),
    ("isva", "Independent sexual violence advisers"),
    ("helpline", "Helplines"),
    ("online-safety", "Online safety"),
    ("lgbt", "LGBT+"),
    ("reporting", "Reporting abuse"),
];

/// Whether a provider is shown to the public.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProviderStatus {
    Draft,
    Published,
    Archived,
}

impl ProviderStatus {
    pub const ALL: [Self; 3] = [Self::Draft, Self::Published, Self::Archived];

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Archived => "archived",
        }
    }

    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Published => "Published",
            Self::Archived => "Archived",
        }
    }

    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

impl fmt::Display for ProviderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A provider's editable fields, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderFields {
    pub name: String,
    pub slug: Slug,
    pub summary: String,
    /// Markdown.
    pub description: String,
    pub phones: Vec<Phone>,
    pub email: Option<EmailAddress>,
    /// An http or https URL.
    pub website: Option<String>,
    pub address: String,
    /// A refuge or similar: only `area` is shown publicly.
    pub address_confidential: bool,
    /// Areas served, e.g. "Chesterfield and across Derbyshire".
    pub area: String,
    pub min_age: Option<u8>,
    pub max_age: Option<u8>,
    pub eligibility: String,
    pub self_referral: bool,
    pub professional_referral: bool,
    /// Category slugs; that they exist in the county is checked by the caller.
    pub categories: Vec<Slug>,
    /// OpenStreetMap `opening_hours`, as entered (validated).
    pub opening_hours: Option<String>,
    pub hours_note: String,
    pub status: ProviderStatus,
}

/// A stored provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provider {
    pub id: ProviderId,
    pub county: CountyId,
    pub fields: ProviderFields,
    pub reviewed_at: Option<OffsetDateTime>,
    pub version: i32,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub created_by: Option<UserId>,
    pub updated_by: Option<UserId>,
}

impl ProviderFields {
    /// "Ages 18 and over", "Up to 19", "Ages 11 to 25", or "All ages".
    #[must_use]
    pub fn ages_label(&self) -> String {
        match (self.min_age, self.max_age) {
            (Some(min), Some(max)) => format!("Ages {min} to {max}"),
            (Some(min), None) => format!("Ages {min} and over"),
            (None, Some(max)) => format!("Up to age {max}"),
            (None, None) => "All ages".to_owned(),
        }
    }

    /// Whether the provider serves someone of this age.
    #[must_use]
    pub fn serves_age(&self, age: u8) -> bool {
        self.min_age.is_none_or(|min| age >= min) && self.max_age.is_none_or(|max| age <= max)
    }
}

/// The names of the fields that differ between two versions, for the audit
/// log, in the order of the form.
#[must_use]
pub fn changed_fields(before: &ProviderFields, after: &ProviderFields) -> Vec<String> {
    // One list of the fields, each named as the form names it (`phones` is
    // the form's `phone`).
    macro_rules! differing {
        ($($field:ident $(as $name:literal)?),* $(,)?) => {{
            let mut changed = Vec::new();
            $(if before.$field != after.$field {
                changed.push(differing!(@name $field $($name)?).to_owned());
            })*
            changed
        }};
        (@name $field:ident $name:literal) => { $name };
        (@name $field:ident) => { stringify!($field) };
    }
    differing!(
        name, slug, summary, description, phones as "phone", email, website, address,
        address_confidential, area, min_age, max_age, eligibility, self_referral,
        professional_referral, categories, opening_hours, hours_note, status,
    )
}

#[cfg(test)]
mod tests;
