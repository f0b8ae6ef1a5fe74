//! The provider form's rules: [`validate`] reads as the list of the form's
//! fields, each checked by a rule or a small function of its own.

use super::{Hours, ProviderFields, ProviderStatus, RawProvider, parse_phones};
use crate::slug::typed_or_from_name;
use crate::text::{Problems, TextKind, TextRule};
use crate::{EmailAddress, Slug};

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

const NAME_RULE: TextRule = TextRule::new("name", SHORT, "Name", TextKind::Name);
const SUMMARY_RULE: TextRule = TextRule::new("summary", SUMMARY, "Summary", TextKind::Lines);
const DESCRIPTION_RULE: TextRule =
    TextRule::new("description", LONG, "Description", TextKind::Lines);
const ADDRESS_RULE: TextRule = TextRule::new("address", SUMMARY, "Address", TextKind::Lines);
const AREA_RULE: TextRule = TextRule::new("area", SHORT, "Area served", TextKind::Line);
const ELIGIBILITY_RULE: TextRule =
    TextRule::new("eligibility", LONG, "Who it is for", TextKind::Lines);
const HOURS_NOTE_RULE: TextRule =
    TextRule::new("hours_note", SUMMARY, "Note on hours", TextKind::Line);

/// Validates the form field by field. Every problem is reported, each
/// against the id of its field.
///
/// # Errors
/// The `(field, message)` pairs, in the order of the form.
pub fn validate(raw: &RawProvider) -> Result<ProviderFields, Problems> {
    let mut errors = Problems::new();
    let e = &mut errors;
    let name = NAME_RULE.required(e, &raw.name, "Enter the provider's name");
    let slug = typed_or_from_name(e, &raw.slug, &name);
    let summary = SUMMARY_RULE.check(e, &raw.summary);
    let description = DESCRIPTION_RULE.check(e, &raw.description);
    let phones = parse_phones(&raw.phone)
        .map_err(|m| e.push(("phone", m.to_string())))
        .unwrap_or_default();
    let email = email(e, &raw.email);
    let website = parse_website(&raw.website)
        .map_err(|m| e.push(("website", m)))
        .ok()
        .flatten();
    let address = ADDRESS_RULE.check(e, &raw.address);
    let area = AREA_RULE.check(e, &raw.area);
    let (min_age, max_age) = ages(e, &raw.min_age, &raw.max_age);
    let eligibility = ELIGIBILITY_RULE.check(e, &raw.eligibility);
    let categories = categories(e, &raw.categories);
    let opening_hours = opening_hours(e, &raw.opening_hours);
    let hours_note = HOURS_NOTE_RULE.check(e, &raw.hours_note);
    let status = status(e, &raw.status);
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

/// An email address, or none when the field is empty.
fn email(errors: &mut Problems, raw: &str) -> Option<EmailAddress> {
    if raw.trim().is_empty() {
        return None;
    }
    EmailAddress::parse(raw)
        .map_err(|e| errors.push(("email", e.to_string())))
        .ok()
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
    crate::text::check(raw, TextKind::Line).map_err(|e| e.message("The website address"))?;
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

/// The youngest and oldest ages served, each optional, the first not
/// above the second.
fn ages(errors: &mut Problems, min: &str, max: &str) -> (Option<u8>, Option<u8>) {
    let min_age = age(errors, "min_age", min, "Minimum age");
    let max_age = age(errors, "max_age", max, "Maximum age");
    if let (Some(min), Some(max)) = (min_age, max_age)
        && min > max
    {
        errors.push((
            "min_age",
            "Minimum age must not be more than the maximum age".to_owned(),
        ));
    }
    (min_age, max_age)
}

fn age(errors: &mut Problems, field: &'static str, raw: &str, label: &str) -> Option<u8> {
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

/// Comma-separated category slugs, each once, in the order typed; the
/// first that is not a slug is reported.
fn categories(errors: &mut Problems, raw: &str) -> Vec<Slug> {
    let mut categories: Vec<Slug> = Vec::new();
    for entry in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
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
    categories
}

/// OpenStreetMap `opening_hours`, stored as typed (trimmed) once it parses;
/// none when the field is empty.
fn opening_hours(errors: &mut Problems, raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let checked = crate::text::check(raw, TextKind::Line)
        .map_err(|e| e.message("Opening hours"))
        .and_then(|()| {
            if raw.chars().count() > HOURS {
                Err(format!("Opening hours must be {HOURS} characters or fewer"))
            } else {
                Ok(())
            }
        })
        .and_then(|()| Hours::parse(raw).map_err(|e| e.to_string()));
    match checked {
        Ok(_) => Some(raw.to_owned()),
        Err(message) => {
            errors.push(("opening_hours", message));
            None
        }
    }
}

fn status(errors: &mut Problems, raw: &str) -> Option<ProviderStatus> {
    let status = ProviderStatus::parse(raw.trim());
    if status.is_none() {
        errors.push((
            "status",
            "Choose a status: draft, published or archived".to_owned(),
        ));
    }
    status
}
