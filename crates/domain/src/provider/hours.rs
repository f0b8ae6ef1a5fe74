//! Opening hours in OpenStreetMap `opening_hours` syntax, evaluated in
//! Europe/London whatever the server's time zone, right across GMT and BST.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike};
use chrono_tz::Europe::London;
use opening_hours::OpeningHours;
use opening_hours::RuleKind;
use time::OffsetDateTime;

/// Parsed opening hours.
#[derive(Clone, Debug)]
pub struct Hours {
    parsed: OpeningHours,
}

/// Why opening hours were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("Enter opening hours in OpenStreetMap format, like Mo-Fr 09:00-17:00; Sa 10:00-12:00")]
    Malformed,
}

/// Whether a provider is open at an instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenState {
    /// Open; `until` is the closing time ("14:00") when within a week.
    Open { until: Option<String> },
    /// Closed; `opens` is the next opening ("Tue 10:00") when within a week.
    Closed { opens: Option<String> },
    /// The hours do not say.
    Unknown,
}

impl OpenState {
    /// "Open now, until 14:00" / "Closed: opens Tue 10:00" / "Closed".
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::Open { until: Some(t) } => format!("Open now, until {t}"),
            Self::Open { until: None } => "Open now".to_owned(),
            Self::Closed { opens: Some(at) } => format!("Closed: opens {at}"),
            Self::Closed { opens: None } => "Closed".to_owned(),
            Self::Unknown => "Opening hours not known".to_owned(),
        }
    }

    #[must_use]
    pub fn is_open(&self) -> bool {
        matches!(self, Self::Open { .. })
    }
}

/// One day of the week and its opening times.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeekRow {
    pub day: &'static str,
    /// "10:00 to 14:00"; empty when closed all day.
    pub times: Vec<String>,
}

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const SHORT_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// How far ahead the label names the next opening or closing time.
const NEXT_CHANGE_DAYS: i64 = 8;

const DAY_SECONDS: i64 = 24 * 60 * 60;

fn instant(unix_seconds: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix_seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The London clock's offset from UTC at an instant, in seconds.
fn london_offset(unix_seconds: i64) -> Option<i32> {
    let utc = chrono::DateTime::from_timestamp(unix_seconds, 0)?;
    Some(
        London
            .offset_from_utc_datetime(&utc.naive_utc())
            .fix()
            .local_minus_utc(),
    )
}

/// The first instant in `(from, to]` at which the London clock changes
/// (to or from summer time), if there is one. `to` is at most a day after
/// `from`, and the clock changes twice a year, so at most once in between.
fn next_offset_change(from: i64, to: i64) -> Option<i64> {
    let before = london_offset(from)?;
    if london_offset(to)? == before {
        return None;
    }
    // The offset is `before` at `low` and different at `high`.
    let (mut low, mut high) = (from, to);
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if london_offset(mid) == Some(before) {
            low = mid;
        } else {
            high = mid;
        }
    }
    Some(high)
}

/// The first instant (unix seconds) after `after` at which the London clock
/// reads `local` or later. A time that the clock skips when it goes forward
/// is reached when it jumps; one it shows twice is reached the first time
/// that is still to come.
fn first_instant_reaching(local: NaiveDateTime, after: i64) -> Option<i64> {
    // The clock skips at most an hour; step through it a minute at a time.
    (0..=120).find_map(|minutes| {
        match London.from_local_datetime(&(local + chrono::Duration::minutes(minutes))) {
            chrono::LocalResult::Single(t) => Some(t.timestamp()),
            chrono::LocalResult::Ambiguous(first, second) => Some(if first.timestamp() > after {
                first.timestamp()
            } else {
                second.timestamp()
            }),
            chrono::LocalResult::None => None,
        }
    })
}

fn london_local(at: OffsetDateTime) -> Option<NaiveDateTime> {
    let utc = chrono::DateTime::from_timestamp(at.unix_timestamp(), 0)?;
    Some(utc.with_timezone(&London).naive_local())
}

impl Hours {
    /// # Errors
    /// `Malformed` when the text is not valid `opening_hours` syntax.
    pub fn parse(raw: &str) -> Result<Self, HoursError> {
        raw.trim()
            .parse::<OpeningHours>()
            .map(|parsed| Self { parsed })
            .map_err(|_| HoursError::Malformed)
    }

    /// Open or closed at `at`, as the clock reads in London.
    #[must_use]
    pub fn state_at(&self, at: OffsetDateTime) -> OpenState {
        self.state_until(at).0
    }

    /// Open or closed at `at`, and the first instant at which that answer
    /// (and so its label) may be different: [`Hours::state_at`] gives the
    /// same answer at every instant from `at` until then. Never more than a
    /// day ahead, and never past a change of the London clock, so it is
    /// safe to cache a page drawn at `at` until that instant.
    #[must_use]
    pub fn state_until(&self, at: OffsetDateTime) -> (OpenState, OffsetDateTime) {
        // `state_at` reads whole seconds, so the answer holds at least for
        // the rest of this second.
        let second = at.unix_timestamp();
        let at_least = second.saturating_add(1);
        let Some(local) = london_local(at) else {
            return (OpenState::Unknown, instant(at_least));
        };
        let horizon = local + chrono::Duration::days(NEXT_CHANGE_DAYS);
        // Only a change within a day after the horizon can matter (the
        // answer is never held for more than a day), so the search stops
        // there: unbounded, a rule for a far year ("4333 we") walks day by
        // day to it, for seconds (found by the fuzz target `validators`).
        let bound = horizon + chrono::Duration::days(1);
        let change = self
            .parsed
            .iter_range(local, bound)
            .next()
            .map(|interval| interval.range.end)
            .filter(|end| *end < bound);
        let next = change.filter(|change| *change <= horizon);
        let state = match self.parsed.state(local).0 {
            RuleKind::Open => OpenState::Open {
                until: next.map(|t| format!("{:02}:{:02}", t.hour(), t.minute())),
            },
            RuleKind::Closed => OpenState::Closed {
                opens: next.map(|t| {
                    let day = SHORT_DAYS[t.weekday().num_days_from_monday() as usize];
                    format!("{day} {:02}:{:02}", t.hour(), t.minute())
                }),
            },
            RuleKind::Unknown => OpenState::Unknown,
        };
        // The answer changes when the state does, or, when the change is
        // beyond the horizon (no time in the label), when it comes within it.
        let label_changes = change.map(|change| {
            let enters_horizon = change - chrono::Duration::days(NEXT_CHANGE_DAYS);
            if enters_horizon > local {
                enters_horizon
            } else {
                change
            }
        });
        let cap = second.saturating_add(DAY_SECONDS);
        let mut until = label_changes
            .and_then(|local| first_instant_reaching(local, second))
            .map_or(cap, |t| t.min(cap));
        // Where the clock goes back an hour, the London time read at the
        // same instant goes back too, and the answer may change with it.
        if let Some(clock_change) = next_offset_change(second, until) {
            until = until.min(clock_change);
        }
        (state, instant(until.max(at_least)))
    }

    /// The opening times of each day, Monday to Sunday, read off a
    /// reference week (8 to 14 June 2026) so that the table is the same
    /// whenever it is drawn. Date-specific rules (holidays) are not shown.
    #[must_use]
    pub fn week(&self) -> Vec<WeekRow> {
        let mut rows: Vec<WeekRow> = DAYS
            .iter()
            .map(|day| WeekRow {
                day,
                times: Vec::new(),
            })
            .collect();
        let Some(monday) = NaiveDate::from_ymd_opt(2026, 6, 8).and_then(|d| d.and_hms_opt(0, 0, 0))
        else {
            return rows;
        };
        let sunday_end = monday + chrono::Duration::days(7);
        for range in self.parsed.iter_range(monday, sunday_end) {
            if range.kind != RuleKind::Open {
                continue;
            }
            let mut start = range.range.start;
            let end = range.range.end;
            // Split ranges that cross midnight into one piece a day.
            while start < end {
                let next_midnight = (start.date() + chrono::Duration::days(1))
                    .and_hms_opt(0, 0, 0)
                    .unwrap_or(end);
                let piece_end = end.min(next_midnight);
                let index = start.weekday().num_days_from_monday() as usize;
                let to = if piece_end == next_midnight {
                    "24:00".to_owned()
                } else {
                    format!("{:02}:{:02}", piece_end.hour(), piece_end.minute())
                };
                rows[index].times.push(format!(
                    "{:02}:{:02} to {to}",
                    start.hour(),
                    start.minute()
                ));
                start = piece_end;
            }
        }
        rows
    }
}

/// A London wall-clock time as an instant, for tests and fixtures.
#[must_use]
pub fn london(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> Option<OffsetDateTime> {
    let local = London
        .with_ymd_and_hms(year, month, day, hour, minute, 0)
        .single()?;
    OffsetDateTime::from_unix_timestamp(local.timestamp()).ok()
}

#[cfg(test)]
mod tests;
