//! Dates of commissioning: typed and stored as `YYYY-MM-DD`, shown as
//! "5 March 2026", and "today" as the day in Europe/London.

use std::fmt;

use time::{Date, Month, OffsetDateTime};

use crate::text::Problems;

/// "5 March 2026".
#[must_use]
pub fn long_date(date: Date) -> String {
    date.format(time::macros::format_description!(
        "[day padding:none] [month repr:long] [year]"
    ))
    .unwrap_or_default()
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

/// A date field of the form, its problem added against `field`.
pub(super) fn date(
    errors: &mut Problems,
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
