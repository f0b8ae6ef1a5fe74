//! Commissioning notes: which service the commissioner has commissioned,
//! from which provider, under which legal power and for how long.
//!
//! A note has a public statement (Markdown, for the county's pages) and
//! internal notes (Markdown, for editors and county admins only). The
//! internal notes must never reach a public response: nothing public reads
//! [`NoteFields::internal_notes`].

use std::fmt;

use time::{Date, Month, OffsetDateTime};

use crate::text::{TextKind, field as text};
use crate::{Slug, TenantId, UserId};

/// "5 March 2026".
#[must_use]
pub fn long_date(date: Date) -> String {
    date.format(time::macros::format_description!(
        "[day padding:none] [month repr:long] [year]"
    ))
    .unwrap_or_default()
}

pub use crate::ids::NoteId;

/// Legal powers a commissioner commonly commissions under, offered as
/// suggestions in the form. The field stays free text.
pub const LEGAL_BASIS_SUGGESTIONS: [&str; 2] = [
    "Police Reform and Social Responsibility Act 2011",
    "Anti-social Behaviour, Crime and Policing Act 2014 s.143",
];

/// The longest service name.
const SERVICE: usize = 200;
/// The longest legal basis.
const LEGAL_BASIS: usize = 500;
/// The longest Markdown text.
const LONG: usize = 20_000;

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
    pub tenant: TenantId,
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

/// Why a date was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not `YYYY-MM-DD` at all.
    #[error("not in the form YYYY-MM-DD")]
    Format,
    /// In the form, but no such day (2026-02-30).
    #[error("not a real date")]
    NotADate,
}

/// Parses an ISO date, `YYYY-MM-DD` exactly (four-digit year, two-digit
/// month and day), that must be a real day.
///
/// # Errors
/// `Format` or `NotADate`.
pub fn parse_date(raw: &str) -> Result<Date, DateError> {
    let bytes = raw.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return Err(DateError::Format);
    }
    let number = |range: std::ops::Range<usize>| raw[range].parse::<u16>().ok();
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return Err(DateError::Format);
    };
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or(DateError::NotADate)?;
    let day = u8::try_from(day).map_err(|_| DateError::NotADate)?;
    Date::from_calendar_date(i32::from(year), month, day).map_err(|_| DateError::NotADate)
}

/// The calendar day in Europe/London at an instant: what "today" means for
/// [`NoteFields::is_current`], whatever the server's time zone.
#[must_use]
pub fn london_date(at: OffsetDateTime) -> Date {
    use chrono::Datelike;
    let local = chrono::DateTime::from_timestamp(at.unix_timestamp(), 0)
        .map(|utc| utc.with_timezone(&chrono_tz::Europe::London).date_naive());
    local
        .and_then(|d| {
            let month = Month::try_from(u8::try_from(d.month()).ok()?).ok()?;
            Date::from_calendar_date(d.year(), month, u8::try_from(d.day()).ok()?).ok()
        })
        .unwrap_or_else(|| at.date())
}

/// A date as stored and as typed: `YYYY-MM-DD`.
#[must_use]
pub fn iso_date(date: Date) -> String {
    IsoDate(date).to_string()
}

struct IsoDate(Date);

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}

fn date(
    errors: &mut Vec<(&'static str, String)>,
    field: &'static str,
    raw: &str,
    label: &str,
) -> Option<Date> {
    match parse_date(raw.trim()) {
        Ok(date) => Some(date),
        Err(DateError::Format) => {
            errors.push((
                field,
                format!("{label} must be a date in the form YYYY-MM-DD, like 2026-04-01"),
            ));
            None
        }
        Err(DateError::NotADate) => {
            errors.push((
                field,
                format!("{label} must be a real date, like 2026-04-01"),
            ));
            None
        }
    }
}

/// Validates the form field by field. Every problem is reported, each
/// against the id of its field.
///
/// # Errors
/// The `(field, message)` pairs, in the order of the form.
pub fn validate(raw: &RawNote) -> Result<NoteFields, Vec<(&'static str, String)>> {
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let provider_raw = raw.provider.trim();
    let provider = if provider_raw.is_empty() {
        None
    } else {
        match Slug::parse(provider_raw) {
            Ok(slug) => Some(slug),
            Err(_) => {
                errors.push((
                    "provider",
                    "Choose one of the county's providers, or no provider".to_owned(),
                ));
                None
            }
        }
    };
    let service = text(
        &mut errors,
        "service",
        &raw.service,
        SERVICE,
        "Service",
        TextKind::Name,
    );
    if service.is_empty() {
        errors.push(("service", "Enter the service commissioned".to_owned()));
    }
    let legal_basis = text(
        &mut errors,
        "legal_basis",
        &raw.legal_basis,
        LEGAL_BASIS,
        "Legal basis",
        TextKind::Line,
    );
    if legal_basis.is_empty() {
        errors.push((
            "legal_basis",
            "Enter the legal basis, such as Police Reform and Social Responsibility Act 2011"
                .to_owned(),
        ));
    }
    let starts_on = if raw.starts_on.trim().is_empty() {
        errors.push((
            "starts_on",
            "Enter the date the commissioning starts".to_owned(),
        ));
        None
    } else {
        date(&mut errors, "starts_on", &raw.starts_on, "Start date")
    };
    let ends_on = if raw.ends_on.trim().is_empty() {
        None
    } else {
        date(&mut errors, "ends_on", &raw.ends_on, "End date")
    };
    if let (Some(start), Some(end)) = (starts_on, ends_on)
        && end < start
    {
        errors.push((
            "ends_on",
            "End date must be the same as or after the start date".to_owned(),
        ));
    }
    let public_statement = text(
        &mut errors,
        "public_statement",
        &raw.public_statement,
        LONG,
        "Public statement",
        TextKind::Lines,
    );
    let internal_notes = text(
        &mut errors,
        "internal_notes",
        &raw.internal_notes,
        LONG,
        "Internal notes",
        TextKind::Lines,
    );
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
mod tests {
    use super::*;
    use time::macros::date;

    fn raw() -> RawNote {
        RawNote {
            provider: "safe-and-sound".into(),
            service: "Support for young people affected by exploitation".into(),
            legal_basis: LEGAL_BASIS_SUGGESTIONS[0].into(),
            starts_on: "2026-04-01".into(),
            ends_on: "2027-03-31".into(),
            public_statement: "The commissioner funds **Safe and Sound**.".into(),
            internal_notes: "Contract ref 42.".into(),
        }
    }

    fn fields_in_error(raw: &RawNote) -> Vec<&'static str> {
        validate(raw)
            .err()
            .unwrap_or_default()
            .iter()
            .map(|e| e.0)
            .collect()
    }

    #[test]
    fn accepts_a_complete_note() {
        let fields = validate(&raw()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            fields.provider.as_ref().map(Slug::as_str),
            Some("safe-and-sound")
        );
        assert_eq!(fields.starts_on, date!(2026 - 04 - 01));
        assert_eq!(fields.ends_on, Some(date!(2027 - 03 - 31)));
    }

    #[test]
    fn the_provider_and_the_end_date_are_optional() {
        let fields = validate(&RawNote {
            provider: "  ".into(),
            ends_on: String::new(),
            public_statement: String::new(),
            internal_notes: String::new(),
            ..raw()
        })
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(fields.provider, None);
        assert_eq!(fields.ends_on, None);
    }

    #[test]
    fn refuses_each_bad_field_beside_it() {
        let bad = RawNote {
            provider: "Not A Slug".into(),
            service: " ".into(),
            legal_basis: String::new(),
            starts_on: "1 April 2026".into(),
            ends_on: "2026-02-30".into(),
            public_statement: "x".repeat(LONG + 1),
            internal_notes: "y".repeat(LONG + 1),
        };
        assert_eq!(
            fields_in_error(&bad),
            [
                "provider",
                "service",
                "legal_basis",
                "starts_on",
                "ends_on",
                "public_statement",
                "internal_notes"
            ]
        );
    }

    #[test]
    fn a_long_service_is_refused() {
        let long = RawNote {
            service: "s".repeat(SERVICE + 1),
            ..raw()
        };
        assert_eq!(fields_in_error(&long), ["service"]);
        let exact = RawNote {
            service: "é".repeat(SERVICE),
            ..raw()
        };
        assert!(validate(&exact).is_ok(), "characters, not bytes");
    }

    #[test]
    fn the_start_date_is_required() {
        let missing = RawNote {
            starts_on: String::new(),
            ..raw()
        };
        assert_eq!(fields_in_error(&missing), ["starts_on"]);
    }

    #[test]
    fn an_end_before_the_start_is_refused_but_the_same_day_is_fine() {
        let before = RawNote {
            ends_on: "2026-03-31".into(),
            ..raw()
        };
        assert_eq!(fields_in_error(&before), ["ends_on"]);
        let same = RawNote {
            ends_on: "2026-04-01".into(),
            ..raw()
        };
        assert!(validate(&same).is_ok());
    }

    #[test]
    fn dates_are_iso_and_real() {
        assert_eq!(parse_date("2028-02-29"), Ok(date!(2028 - 02 - 29)));
        assert_eq!(parse_date("2027-02-29"), Err(DateError::NotADate));
        assert_eq!(parse_date("2026-13-01"), Err(DateError::NotADate));
        assert_eq!(parse_date("2026-00-10"), Err(DateError::NotADate));
        assert_eq!(parse_date("2026-04-00"), Err(DateError::NotADate));
        for bad in [
            "",
            "2026-4-1",
            "01/04/2026",
            "2026-04-01T00:00",
            "+026-04-01",
            "2026-04-1 ",
            "２０２６-04-01",
        ] {
            assert_eq!(parse_date(bad), Err(DateError::Format), "{bad}");
        }
        assert_eq!(iso_date(date!(2026 - 04 - 01)), "2026-04-01");
        assert_eq!(iso_date(date!(0987 - 12 - 31)), "0987-12-31");
    }

    #[test]
    fn a_note_is_current_from_its_first_to_its_last_day() {
        let mut fields = validate(&raw()).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(!fields.is_current(date!(2026 - 03 - 31)));
        assert!(fields.is_current(date!(2026 - 04 - 01)));
        assert!(fields.is_current(date!(2027 - 03 - 31)));
        assert!(!fields.is_current(date!(2027 - 04 - 01)));
        fields.ends_on = None;
        assert!(fields.is_current(date!(2099 - 01 - 01)), "open-ended");
    }

    #[test]
    fn today_is_the_london_day() {
        use time::macros::datetime;
        // 23:30 UTC on 30 June is 00:30 on 1 July in BST.
        assert_eq!(
            london_date(datetime!(2026-06-30 23:30 UTC)),
            date!(2026 - 07 - 01)
        );
        // In GMT the days agree.
        assert_eq!(
            london_date(datetime!(2026-01-31 23:30 UTC)),
            date!(2026 - 01 - 31)
        );
    }

    #[test]
    fn lists_the_changed_fields_in_form_order() {
        let before = validate(&raw()).unwrap_or_else(|e| panic!("{e:?}"));
        let mut after = before.clone();
        after.internal_notes = "Changed".into();
        after.provider = None;
        after.ends_on = None;
        assert_eq!(
            changed_fields(&before, &after),
            ["provider", "ends_on", "internal_notes"]
        );
        assert!(changed_fields(&before, &before).is_empty());
    }
}
