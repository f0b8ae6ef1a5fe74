//! Scheduling a page: publication times typed and shown in UK time,
//! whatever the server's time zone.

use time::OffsetDateTime;

/// Reads a publication time typed in UK time ("2026-12-01 09:30", or with
/// a `T` as a `datetime-local` field sends it) and checks that it is
/// after `now`.
///
/// # Errors
/// A message for the field.
pub fn parse_publish_at(raw: &str, now: OffsetDateTime) -> Result<OffsetDateTime, String> {
    use chrono::offset::LocalResult;
    use chrono::{NaiveDateTime, TimeZone};
    let raw = raw.trim().replace(' ', "T");
    let format = "Enter the date and time like 2026-12-01 09:30 (UK time)";
    let naive = NaiveDateTime::parse_from_str(&raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&raw, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| format.to_owned())?;
    let local = match chrono_tz::Europe::London.from_local_datetime(&naive) {
        LocalResult::Single(t) => t,
        // The hour the clocks go back happens twice: the first one.
        LocalResult::Ambiguous(first, _) => first,
        LocalResult::None => {
            return Err(
                "That time does not exist in the UK: the clocks go forward then. Choose a time after 02:00"
                    .to_owned(),
            );
        }
    };
    let at =
        OffsetDateTime::from_unix_timestamp(local.timestamp()).map_err(|_| format.to_owned())?;
    if at <= now {
        return Err("The time must be in the future".to_owned());
    }
    Ok(at)
}

/// An instant as UK time: "1 December 2026 at 09:30".
#[must_use]
pub fn london_time(at: OffsetDateTime) -> String {
    in_london(at, "%-d %B %Y at %H:%M")
}

/// An instant as the schedule field shows it, in UK time: "2026-12-01 09:30".
#[must_use]
pub fn london_input(at: OffsetDateTime) -> String {
    in_london(at, "%Y-%m-%d %H:%M")
}

/// An instant in UK time, written by a `chrono` format.
fn in_london(at: OffsetDateTime, format: &str) -> String {
    chrono::DateTime::from_timestamp(at.unix_timestamp(), 0)
        .map(|t| {
            t.with_timezone(&chrono_tz::Europe::London)
                .format(format)
                .to_string()
        })
        .unwrap_or_default()
}
