//! Commissioning notes: which service the commissioner has commissioned,
//! from which provider, under which legal power and for how long.
//!
//! A note has a public statement (Markdown, for the county's pages) and
//! internal notes (Markdown, for editors and county admins only). The
//! internal notes must never reach a public response: nothing public reads
//! [`NoteFields::internal_notes`].

use time::{Date, OffsetDateTime};

use crate::{CountyId, Slug, UserId};

mod dates;
mod validation;

pub use dates::{DateError, iso_date, london_date, long_date, parse_date};
pub use validation::validate;

pub use crate::ids::NoteId;

/// Legal powers a commissioner commonly commissions under, offered as
/// suggestions in the form. The field stays free text.
pub const LEGAL_BASIS_SUGGESTIONS: [&str; 2] = [
    "Police Reform and Social Responsibility Act 2011",
    "Anti-social Behaviour, Crime and Policing Act 2014 s.143",
];

/// A note's editable fields, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteFields {
    /// The slug of the provider commissioned; that it is one of the county's
    /// providers is checked by the caller (and by the database).
    pub provider: Option<Slug>,
    /// The service commissioned, e.g. "Support for children and young
    /// people affected by sexual exploitation".
    pub service: String,
    /// The legal power, e.g. "Police Reform and Social Responsibility Act 2011".
    pub legal_basis: String,
    pub starts_on: Date,
    /// `None`: open-ended. Never before `starts_on`.
    pub ends_on: Option<Date>,
    /// Markdown, shown publicly.
    pub public_statement: String,
    /// Markdown, for editors and county admins only. Never public.
    pub internal_notes: String,
}

impl NoteFields {
    /// "1 April 2026 to 31 March 2027", or "From 1 April 2026, no end date".
    #[must_use]
    pub fn period(&self) -> String {
        match self.ends_on {
            Some(end) => format!("{} to {}", long_date(self.starts_on), long_date(end)),
            None => format!("From {}, no end date", long_date(self.starts_on)),
        }
    }

    /// Whether the commissioning runs on `today`: it has started, and has
    /// not ended (the end date is the last day it runs).
    #[must_use]
    pub fn is_current(&self, today: Date) -> bool {
        self.starts_on <= today && self.ends_on.is_none_or(|end| today <= end)
    }
}

/// A stored note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub id: NoteId,
    pub county: CountyId,
    pub fields: NoteFields,
    /// The linked provider's name, when there is one.
    pub provider_name: Option<String>,
    pub version: i32,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub created_by: Option<UserId>,
    pub updated_by: Option<UserId>,
}

impl Note {
    /// Whether the commissioning runs on `today`.
    #[must_use]
    pub fn is_current(&self, today: Date) -> bool {
        self.fields.is_current(today)
    }
}

/// The form as typed: every field a string, checked by [`validate`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawNote {
    pub provider: String,
    pub service: String,
    pub legal_basis: String,
    pub starts_on: String,
    pub ends_on: String,
    pub public_statement: String,
    pub internal_notes: String,
}

/// The names of the fields that differ between two versions, for the audit log.
#[must_use]
pub fn changed_fields(before: &NoteFields, after: &NoteFields) -> Vec<String> {
    [
        ("provider", before.provider != after.provider),
        ("service", before.service != after.service),
        ("legal_basis", before.legal_basis != after.legal_basis),
        ("starts_on", before.starts_on != after.starts_on),
        ("ends_on", before.ends_on != after.ends_on),
        (
            "public_statement",
            before.public_statement != after.public_statement,
        ),
        (
            "internal_notes",
            before.internal_notes != after.internal_notes,
        ),
    ]
    .into_iter()
    .filter(|(_, differs)| *differs)
    .map(|(name, _)| name.to_owned())
    .collect()
}

#[cfg(test)]
mod tests;
