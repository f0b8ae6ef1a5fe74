//! Opening hours in OpenStreetMap `opening_hours` syntax, evaluated in
//! Europe/London whatever the server's time zone, right across GMT and BST.

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeZone, Timelike};
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
        let Some(local) = london_local(at) else {
            return OpenState::Unknown;
        };
        let horizon = local + chrono::Duration::days(8);
        let next = self
            .parsed
            .next_change(local)
            .filter(|change| *change <= horizon);
        match self.parsed.state(local).0 {
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
        }
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
mod tests {
    use super::*;

    const SAIL: &str = "Tu 10:00-14:00; We 16:00-20:00; Th 10:00-16:00";

    fn hours() -> Hours {
        Hours::parse(SAIL).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn is_open_on_a_tuesday_morning_in_winter() {
        // 1 December 2026 is a Tuesday, GMT.
        let at = london(2026, 12, 1, 11, 0).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        assert_eq!(
            hours().state_at(at),
            OpenState::Open {
                until: Some("14:00".into())
            }
        );
    }

    #[test]
    fn reads_the_clock_in_london_during_summer_time() {
        // 7 July 2026 is a Tuesday, BST (UTC+1): 09:30 UTC is 10:30 in London.
        let at = OffsetDateTime::from_unix_timestamp(1_783_416_600)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH);
        assert_eq!(london(2026, 7, 7, 10, 30), Some(at));
        assert!(hours().state_at(at).is_open());
        // 09:30 in London is 08:30 UTC: still closed.
        let before = london(2026, 7, 7, 9, 30).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        assert_eq!(
            hours().state_at(before),
            OpenState::Closed {
                opens: Some("Tue 10:00".into())
            }
        );
    }

    #[test]
    fn says_when_it_opens_next() {
        // Friday evening: next opening is Tuesday 10:00.
        let at = london(2026, 12, 4, 18, 0).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        assert_eq!(hours().state_at(at).label(), "Closed: opens Tue 10:00");
    }

    #[test]
    fn draws_a_monday_to_sunday_table() {
        let week = hours().week();
        assert_eq!(week.len(), 7);
        assert_eq!(week[0].day, "Monday");
        assert!(week[0].times.is_empty());
        assert_eq!(week[1].times, ["10:00 to 14:00"]);
        assert_eq!(week[2].times, ["16:00 to 20:00"]);
        assert_eq!(week[3].times, ["10:00 to 16:00"]);
    }

    #[test]
    fn refuses_invalid_syntax() {
        assert_eq!(
            Hours::parse("Tu 25:00-99").err(),
            Some(HoursError::Malformed)
        );
        assert_eq!(Hours::parse("whenever").err(), Some(HoursError::Malformed));
    }
}
