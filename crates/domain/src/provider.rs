//! Support providers: what a county lists in its directory, and the rules
//! their fields follow.

use std::fmt;

use crate::text::{TextKind, field as text};
use crate::{EmailAddress, Slug, TenantId, UserId};
use time::OffsetDateTime;

mod hours;
mod phone;
pub mod review;
mod search;
pub mod weekly;

pub use hours::{Hours, HoursError, OpenState, WeekRow, london};
pub use phone::{Phone, PhoneError, parse_phones};
pub use review::{review_due, review_due_at};
pub use search::{has_every_word, search_text};
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
    pub tenant: TenantId,
    pub fields: ProviderFields,
    pub reviewed_at: Option<OffsetDateTime>,
    pub version: i32,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub created_by: Option<UserId>,
    pub updated_by: Option<UserId>,
}

/// The form as typed: every field a string, checked by [`validate`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawProvider {
    pub name: String,
    pub slug: String,
    pub summary: String,
    pub description: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub address: String,
    pub address_confidential: bool,
    pub area: String,
    pub min_age: String,
    pub max_age: String,
    pub eligibility: String,
    pub self_referral: bool,
    pub professional_referral: bool,
    pub categories: String,
    pub opening_hours: String,
    pub hours_note: String,
    pub status: String,
}

/// The longest text accepted in the short fields.
const SHORT: usize = 200;
/// The longest summary.
const SUMMARY: usize = 500;
/// The longest Markdown text.
const LONG: usize = 20_000;
/// The longest website address.
const WEBSITE: usize = 2_000;
/// The longest `opening_hours` text.
const HOURS: usize = 1_000;

/// A slug made from a name: "Derbyshire LGBT+" -> "derbyshire-lgbt".
#[must_use]
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = match c {
            '’' | '\'' => continue,
            '&' => {
                out.push_str("-and-");
                continue;
            }
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut slug = out.trim_matches('-').replace("--", "-");
    while slug.contains("--") {
        slug = slug.replace("--", "-");
    }
    slug.truncate(crate::slug::MAX_SLUG_LEN);
    slug.trim_end_matches('-').to_owned()
}

fn age(
    errors: &mut Vec<(&'static str, String)>,
    field: &'static str,
    raw: &str,
    label: &str,
) -> Option<u8> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<u8>() {
        Ok(n) if n <= 120 => Some(n),
        _ => {
            errors.push((
                field,
                format!("{label} must be a whole number from 0 to 120"),
            ));
            None
        }
    }
}

/// Parses a website: http or https only, with a host.
///
/// # Errors
/// A message for the field.
pub fn parse_website(raw: &str) -> Result<Option<String>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    crate::text::check(raw, crate::text::TextKind::Line)
        .map_err(|e| e.message("The website address"))?;
    if raw.len() > WEBSITE {
        return Err(format!(
            "The website address must be {WEBSITE} characters or fewer"
        ));
    }
    let message =
        "Enter a website address starting with https:// or http://, like https://www.example.org";
    let url = url::Url::parse(raw).map_err(|_| message.to_owned())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(message.to_owned());
    }
    Ok(Some(url.to_string()))
}

/// Validates the form field by field. Every problem is reported, each
/// against the id of its field.
///
/// # Errors
/// The `(field, message)` pairs, in the order of the form.
pub fn validate(raw: &RawProvider) -> Result<ProviderFields, Vec<(&'static str, String)>> {
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let name = text(
        &mut errors,
        "name",
        &raw.name,
        SHORT,
        "Name",
        TextKind::Name,
    );
    if name.is_empty() {
        errors.push(("name", "Enter the provider's name".to_owned()));
    }
    let slug_source = if raw.slug.trim().is_empty() {
        slugify(&name)
    } else {
        raw.slug.trim().to_owned()
    };
    let slug = match Slug::parse(&slug_source) {
        Ok(slug) => Some(slug),
        Err(e) => {
            if !name.is_empty() || !raw.slug.trim().is_empty() {
                errors.push(("slug", e.to_string()));
            }
            None
        }
    };
    let summary = text(
        &mut errors,
        "summary",
        &raw.summary,
        SUMMARY,
        "Summary",
        TextKind::Lines,
    );
    let description = text(
        &mut errors,
        "description",
        &raw.description,
        LONG,
        "Description",
        TextKind::Lines,
    );
    let phones = parse_phones(&raw.phone)
        .map_err(|e| errors.push(("phone", e.to_string())))
        .unwrap_or_default();
    let email = if raw.email.trim().is_empty() {
        None
    } else {
        EmailAddress::parse(&raw.email)
            .map_err(|e| errors.push(("email", e.to_string())))
            .ok()
    };
    let website = parse_website(&raw.website)
        .map_err(|e| errors.push(("website", e)))
        .ok()
        .flatten();
    let address = text(
        &mut errors,
        "address",
        &raw.address,
        SUMMARY,
        "Address",
        TextKind::Lines,
    );
    let area = text(
        &mut errors,
        "area",
        &raw.area,
        SHORT,
        "Area served",
        TextKind::Line,
    );
    let min_age = age(&mut errors, "min_age", &raw.min_age, "Minimum age");
    let max_age = age(&mut errors, "max_age", &raw.max_age, "Maximum age");
    if let (Some(min), Some(max)) = (min_age, max_age)
        && min > max
    {
        errors.push((
            "min_age",
            "Minimum age must not be more than the maximum age".to_owned(),
        ));
    }
    let eligibility = text(
        &mut errors,
        "eligibility",
        &raw.eligibility,
        LONG,
        "Who it is for",
        TextKind::Lines,
    );
    let mut categories: Vec<Slug> = Vec::new();
    for entry in raw
        .categories
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match Slug::parse(entry) {
            Ok(slug) if !categories.contains(&slug) => categories.push(slug),
            Ok(_) => {}
            Err(_) => {
                errors.push((
                    "categories",
                    format!("\u{201c}{entry}\u{201d} is not a category slug"),
                ));
                break;
            }
        }
    }
    let hours_raw = raw.opening_hours.trim();
    let hours_text = crate::text::check(hours_raw, TextKind::Line)
        .map_err(|e| e.message("Opening hours"))
        .and_then(|()| {
            if hours_raw.chars().count() > HOURS {
                Err(format!("Opening hours must be {HOURS} characters or fewer"))
            } else {
                Ok(())
            }
        });
    let opening_hours = if hours_raw.is_empty() {
        None
    } else if let Err(message) = hours_text {
        errors.push(("opening_hours", message));
        None
    } else {
        match Hours::parse(hours_raw) {
            Ok(_) => Some(hours_raw.to_owned()),
            Err(e) => {
                errors.push(("opening_hours", e.to_string()));
                None
            }
        }
    };
    let hours_note = text(
        &mut errors,
        "hours_note",
        &raw.hours_note,
        SUMMARY,
        "Note on hours",
        TextKind::Line,
    );
    let status = ProviderStatus::parse(raw.status.trim());
    if status.is_none() {
        errors.push((
            "status",
            "Choose a status: draft, published or archived".to_owned(),
        ));
    }
    match (slug, status, errors.is_empty()) {
        (Some(slug), Some(status), true) => Ok(ProviderFields {
            name,
            slug,
            summary,
            description,
            phones,
            email,
            website,
            address,
            address_confidential: raw.address_confidential,
            area,
            min_age,
            max_age,
            eligibility,
            self_referral: raw.self_referral,
            professional_referral: raw.professional_referral,
            categories,
            opening_hours,
            hours_note,
            status,
        }),
        _ => Err(errors),
    }
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

/// The names of the fields that differ between two versions, for the audit log.
#[must_use]
pub fn changed_fields(before: &ProviderFields, after: &ProviderFields) -> Vec<String> {
    let mut changed = Vec::new();
    let mut check = |name: &str, differs: bool| {
        if differs {
            changed.push(name.to_owned());
        }
    };
    check("name", before.name != after.name);
    check("slug", before.slug != after.slug);
    check("summary", before.summary != after.summary);
    check("description", before.description != after.description);
    check("phone", before.phones != after.phones);
    check("email", before.email != after.email);
    check("website", before.website != after.website);
    check("address", before.address != after.address);
    check(
        "address_confidential",
        before.address_confidential != after.address_confidential,
    );
    check("area", before.area != after.area);
    check("min_age", before.min_age != after.min_age);
    check("max_age", before.max_age != after.max_age);
    check("eligibility", before.eligibility != after.eligibility);
    check("self_referral", before.self_referral != after.self_referral);
    check(
        "professional_referral",
        before.professional_referral != after.professional_referral,
    );
    check("categories", before.categories != after.categories);
    check("opening_hours", before.opening_hours != after.opening_hours);
    check("hours_note", before.hours_note != after.hours_note);
    check("status", before.status != after.status);
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawProvider {
        RawProvider {
            name: "Safe and Sound".into(),
            status: "published".into(),
            ..RawProvider::default()
        }
    }

    #[test]
    fn derives_the_slug_from_the_name() {
        assert_eq!(slugify("Derbyshire LGBT+"), "derbyshire-lgbt");
        assert_eq!(slugify("Barnardo’s"), "barnardos");
        assert_eq!(
            slugify("SV2 (Supporting Victims)"),
            "sv2-supporting-victims"
        );
        let fields = validate(&raw()).map(|f| f.slug.to_string());
        assert_eq!(fields, Ok("safe-and-sound".to_owned()));
    }

    #[test]
    fn refuses_each_bad_field_beside_it() {
        let bad = RawProvider {
            name: String::new(),
            slug: "Not A Slug".into(),
            website: "javascript:alert(1)".into(),
            email: "nope".into(),
            min_age: "19".into(),
            max_age: "11".into(),
            opening_hours: "Tu 25:00-99".into(),
            status: "hidden".into(),
            ..RawProvider::default()
        };
        let fields: Vec<&str> = validate(&bad)
            .err()
            .unwrap_or_default()
            .iter()
            .map(|e| e.0)
            .collect();
        for field in [
            "name",
            "slug",
            "email",
            "website",
            "min_age",
            "opening_hours",
            "status",
        ] {
            assert!(fields.contains(&field), "{field} in {fields:?}");
        }
    }

    #[test]
    fn websites_are_http_or_https_only() {
        assert_eq!(
            parse_website("https://www.nspcc.org.uk"),
            Ok(Some("https://www.nspcc.org.uk/".into()))
        );
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "ftp://example.org",
            "www.example.org",
            "https://",
        ] {
            assert!(parse_website(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn describes_age_ranges() {
        let mut f = validate(&raw()).unwrap_or_else(|e| panic!("{e:?}"));
        f.max_age = Some(19);
        assert_eq!(f.ages_label(), "Up to age 19");
        assert!(f.serves_age(12) && !f.serves_age(20));
        f.min_age = Some(18);
        f.max_age = None;
        assert_eq!(f.ages_label(), "Ages 18 and over");
    }
}
