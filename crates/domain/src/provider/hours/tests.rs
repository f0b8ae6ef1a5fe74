//! Unit tests of opening hours in UK time (moved, unchanged).

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
    let at =
        OffsetDateTime::from_unix_timestamp(1_783_416_600).unwrap_or(OffsetDateTime::UNIX_EPOCH);
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
