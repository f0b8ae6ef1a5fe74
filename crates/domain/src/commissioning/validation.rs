//! The commissioning note form's rules: [`validate`] reads as the list of
//! the form's fields.

use time::Date;

use super::dates::date;
use super::{NoteFields, RawNote};
use crate::Slug;
use crate::text::{Problems, TextKind, TextRule};

/// The longest service name.
pub(super) const SERVICE: usize = 200;
/// The longest legal basis.
const LEGAL_BASIS: usize = 500;
/// The longest Markdown text.
pub(super) const LONG: usize = 20_000;

const SERVICE_RULE: TextRule = TextRule::new("service", SERVICE, "Service", TextKind::Name);
const LEGAL_BASIS_RULE: TextRule =
    TextRule::new("legal_basis", LEGAL_BASIS, "Legal basis", TextKind::Line);
const PUBLIC_STATEMENT_RULE: TextRule = TextRule::new(
    "public_statement",
    LONG,
    "Public statement",
    TextKind::Lines,
);
const INTERNAL_NOTES_RULE: TextRule =
    TextRule::new("internal_notes", LONG, "Internal notes", TextKind::Lines);

/// Validates the form field by field. Every problem is reported, each
/// against the id of its field.
///
/// # Errors
/// The `(field, message)` pairs, in the order of the form.
pub fn validate(raw: &RawNote) -> Result<NoteFields, Problems> {
    let mut errors = Problems::new();
    let e = &mut errors;
    let provider = provider(e, &raw.provider);
    let service = SERVICE_RULE.required(e, &raw.service, "Enter the service commissioned");
    let legal_basis = LEGAL_BASIS_RULE.required(
        e,
        &raw.legal_basis,
        "Enter the legal basis, such as Police Reform and Social Responsibility Act 2011",
    );
    let (starts_on, ends_on) = period(e, &raw.starts_on, &raw.ends_on);
    let public_statement = PUBLIC_STATEMENT_RULE.check(e, &raw.public_statement);
    let internal_notes = INTERNAL_NOTES_RULE.check(e, &raw.internal_notes);
    match starts_on {
        Some(starts_on) if errors.is_empty() => Ok(NoteFields {
            provider,
            service,
            legal_basis,
            starts_on,
            ends_on,
            public_statement,
            internal_notes,
        }),
        _ => Err(errors),
    }
}

/// The provider's slug, or none when the field is empty.
fn provider(errors: &mut Problems, raw: &str) -> Option<Slug> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match Slug::parse(raw) {
        Ok(slug) => Some(slug),
        Err(_) => {
            errors.push((
                "provider",
                "Choose one of the county's providers, or no provider".to_owned(),
            ));
            None
        }
    }
}

/// The first day (required) and the last (optional, not before the first).
fn period(errors: &mut Problems, starts: &str, ends: &str) -> (Option<Date>, Option<Date>) {
    let starts_on = if starts.trim().is_empty() {
        errors.push((
            "starts_on",
            "Enter the date the commissioning starts".to_owned(),
        ));
        None
    } else {
        date(errors, "starts_on", starts, "Start date")
    };
    let ends_on = if ends.trim().is_empty() {
        None
    } else {
        date(errors, "ends_on", ends, "End date")
    };
    if let (Some(start), Some(end)) = (starts_on, ends_on)
        && end < start
    {
        errors.push((
            "ends_on",
            "End date must be the same as or after the start date".to_owned(),
        ));
    }
    (starts_on, ends_on)
}
