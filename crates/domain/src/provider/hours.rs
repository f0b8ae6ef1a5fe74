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

    fn parsed(raw: &str) -> Hours {
        Hours::parse(raw).unwrap_or_else(|e| panic!("{raw}: {e}"))
    }

    fn at(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> OffsetDateTime {
        london(year, month, day, hour, minute).unwrap_or_else(|| panic!("a London time"))
    }

    #[test]
    fn the_answer_holds_until_the_next_opening_or_closing() {
        // Tuesday 1 December 2026, GMT: closed at 09:00, opens at 10:00.
        let (state, until) = hours().state_until(at(2026, 12, 1, 9, 0));
        assert_eq!(state.label(), "Closed: opens Tue 10:00");
        assert_eq!(until, at(2026, 12, 1, 10, 0));
        let second_before = until - time::Duration::SECOND;
        assert_eq!(hours().state_at(second_before), state);
        assert_eq!(hours().state_at(until).label(), "Open now, until 14:00");

        let (_, until) = hours().state_until(at(2026, 12, 1, 11, 0));
        assert_eq!(until, at(2026, 12, 1, 14, 0));
    }

    #[test]
    fn a_rule_for_a_far_year_is_answered_without_walking_to_it() {
        // Found by fuzzing: this took 10 to 13 seconds a call when the next
        // change was searched for without a bound.
        let now = at(2026, 12, 1, 9, 0);
        let (state, until) = parsed("4333   we").state_until(now);
        assert_eq!(state.label(), "Closed");
        assert!(until > now && until <= now + time::Duration::DAY);
    }

    #[test]
    fn hours_that_never_change_are_checked_again_within_a_day() {
        let now = at(2026, 12, 1, 9, 0);
        for raw in ["24/7", "off"] {
            let (_, until) = parsed(raw).state_until(now);
            assert_eq!(until, now + time::Duration::DAY, "{raw}");
        }
    }

    #[test]
    fn an_opening_beyond_the_horizon_changes_the_label_when_it_comes_within_it() {
        // Open only in June: on 20 May the label has no time; from 24 May
        // 10:00 (eight days before) it says when.
        let june = parsed("Jun 10:00-12:00");
        let (state, _) = june.state_until(at(2026, 5, 20, 12, 0));
        assert_eq!(state.label(), "Closed");
        let (_, until) = june.state_until(at(2026, 5, 23, 12, 0));
        assert_eq!(until, at(2026, 5, 24, 10, 0));
        assert_eq!(june.state_at(until).label(), "Closed: opens Mon 10:00");
    }

    #[test]
    fn the_answer_never_changes_before_the_instant_given_across_a_year_of_clock_changes() {
        // Walk through the weeks of both 2026 clock changes (29 March,
        // 25 October) and a month boundary, in steps of 7 minutes 13 seconds.
        // At every step inside the interval last promised, the answer must
        // be the promised one; the promise must always be in the future.
        let expressions = [
            SAIL,
            "Mo-Fr 09:00-17:00",
            "Mo-Su 01:30-23:00",
            "Mo-Su 00:00-01:15,01:45-02:30",
            "Su 01:00-03:00",
            "Jun 10:00-12:00",
            "24/7",
            "off",
        ];
        let windows = [
            (at(2026, 3, 24, 0, 0), at(2026, 4, 2, 0, 0)),
            (at(2026, 5, 20, 0, 0), at(2026, 6, 3, 0, 0)),
            (at(2026, 10, 20, 0, 0), at(2026, 10, 29, 0, 0)),
        ];
        let step = time::Duration::seconds(7 * 60 + 13);
        for raw in expressions {
            let hours = parsed(raw);
            for (start, end) in windows {
                let (mut promised, mut until) = hours.state_until(start);
                let mut t = start;
                while t < end {
                    if t >= until {
                        (promised, until) = hours.state_until(t);
                        assert!(until > t, "{raw} at {t}: {until}");
                        let last = until - time::Duration::SECOND;
                        assert_eq!(hours.state_at(last), promised, "{raw} at {last}");
                    }
                    assert_eq!(hours.state_at(t), promised, "{raw} at {t} (until {until})");
                    t += step;
                }
            }
        }
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
