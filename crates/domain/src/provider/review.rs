//! When a provider's details are due for review: the county's review period
//! after the last review, or at once when never reviewed.

use time::{Date, Duration, OffsetDateTime};

/// `at` plus whole months, the day clamped to the month's length
/// (31 August + 6 months = 28 or 29 February).
#[must_use]
pub fn add_months(at: OffsetDateTime, months: u32) -> OffsetDateTime {
    let date = at.date();
    // A period of more than a thousand years is as good as never.
    let months = i32::try_from(months.min(12_000)).unwrap_or(12_000);
    let index = date.year() * 12 + i32::from(u8::from(date.month())) - 1 + months;
    let year = index.div_euclid(12);
    let Ok(month) = u8::try_from(index.rem_euclid(12) + 1)
        .map_err(|_| ())
        .and_then(|m| time::Month::try_from(m).map_err(|_| ()))
    else {
        return at;
    };
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).map_or(at, |d| at.replace_date(d))
}

/// When the next review is due; `None` when the provider was never
/// reviewed, which means it is due already.
#[must_use]
pub fn review_due_at(
    reviewed_at: Option<OffsetDateTime>,
    period_months: u32,
) -> Option<OffsetDateTime> {
    reviewed_at.map(|at| add_months(at, period_months))
}

/// Whether the provider's details are due for review at `now`: never
/// reviewed, or reviewed longer ago than the county's review period.
#[must_use]
pub fn review_due(
    reviewed_at: Option<OffsetDateTime>,
    period_months: u32,
    now: OffsetDateTime,
) -> bool {
    review_due_at(reviewed_at, period_months).is_none_or(|due| due <= now)
}

/// A bound for a query: every provider whose review falls due by `by` was
/// reviewed before this instant. A few reviewed just before it may not be
/// due yet (month lengths differ by up to three days), so callers filter
/// what the query finds with [`review_due`].
#[must_use]
pub fn reviewed_before_bound(by: OffsetDateTime, period_months: u32) -> OffsetDateTime {
    let months = i32::try_from(period_months.min(12_000)).unwrap_or(12_000);
    let date = by.date();
    let index = date.year() * 12 + i32::from(u8::from(date.month())) - 1 - months;
    let year = index.div_euclid(12);
    let back = u8::try_from(index.rem_euclid(12) + 1)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok())
        .and_then(|month| {
            Date::from_calendar_date(year, month, date.day().min(month.length(year))).ok()
        })
        .map_or(by, |d| by.replace_date(d));
    back.saturating_add(Duration::days(4))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn adds_months_clamping_the_day() {
        assert_eq!(
            add_months(datetime!(2025-08-31 12:00 UTC), 6),
            datetime!(2026-02-28 12:00 UTC)
        );
        assert_eq!(
            add_months(datetime!(2025-11-15 00:00 UTC), 6),
            datetime!(2026-05-15 00:00 UTC)
        );
    }

    #[test]
    fn a_review_is_due_after_the_period_or_when_never_reviewed() {
        let now = datetime!(2026-06-01 00:00 UTC);
        assert!(review_due(None, 6, now));
        assert!(review_due(Some(datetime!(2025-11-30 00:00 UTC)), 6, now));
        assert!(!review_due(Some(datetime!(2025-12-02 00:00 UTC)), 6, now));
    }

    #[test]
    fn the_query_bound_never_leaves_out_a_due_review() {
        // Every reviewed_at due by `by` is before the bound, across month
        // ends and periods.
        let mut by = datetime!(2025-01-01 00:00 UTC);
        while by < datetime!(2027-01-01 00:00 UTC) {
            for period in [1, 6, 12, 13] {
                let bound = reviewed_before_bound(by, period);
                let mut at = bound;
                for _ in 0..10 {
                    assert!(
                        !review_due(Some(at), period, by),
                        "{at} + {period} months is due by {by} but not before {bound}"
                    );
                    at += Duration::hours(7);
                }
                assert!(review_due(Some(bound - Duration::days(8)), period, by));
            }
            by += Duration::hours(13);
        }
    }
}
