//! One provider as the CSV's cells, and the cell rules: formula cells
//! neutralised on the way out and restored on the way in, booleans, dates.

use domain::{Provider, RawProvider};
use time::{Date, OffsetDateTime};

/// The characters a spreadsheet may take as the start of a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn begins_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(TRIGGERS)
}

/// The cell as written: `'` in front of one that begins with `=`, `+`,
/// `-`, `@`, a tab or a carriage return (also after `'`s, so that
/// [`restore`] gives back exactly what was written).
#[must_use]
pub fn neutralise(cell: &str) -> String {
    if begins_formula(cell) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The cell as read: the `'` that [`neutralise`] added, taken off again.
#[must_use]
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if begins_formula(rest) => rest,
        _ => cell,
    }
}

/// `true`/`false`, also `yes`/`no` and `1`/`0`, any case; empty is false.
pub(crate) fn boolean(cell: &str) -> Option<bool> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "y" => Some(true),
        "false" | "no" | "0" | "n" | "" => Some(false),
        _ => None,
    }
}

fn yes(b: bool) -> String {
    if b { "true" } else { "false" }.to_owned()
}

/// `YYYY-MM-DD`.
pub(crate) fn date(at: OffsetDateTime) -> String {
    at.date().to_string()
}

/// A `YYYY-MM-DD` cell as midnight UTC of that day.
pub(crate) fn parse_date(cell: &str) -> Option<OffsetDateTime> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(cell.trim(), format)
        .ok()
        .map(|d| d.midnight().assume_utc())
}

/// The provider's cells, in the order of [`super::HEADER`], as the
/// provider form shows its fields (before [`neutralise`]).
#[must_use]
pub fn of_provider(p: &Provider) -> [String; 21] {
    let raw = RawProvider::from(&p.fields);
    [
        p.id.to_string(),
        raw.name,
        raw.slug,
        raw.summary,
        raw.description,
        raw.phone,
        raw.email,
        raw.website,
        raw.address,
        yes(raw.address_confidential),
        raw.area,
        raw.min_age,
        raw.max_age,
        raw.eligibility,
        yes(raw.self_referral),
        yes(raw.professional_referral),
        raw.categories,
        raw.opening_hours,
        raw.hours_note,
        raw.status,
        p.reviewed_at.map(date).unwrap_or_default(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_restored_exactly() {
        for cell in [
            "=HYPERLINK(\"http://evil\",\"x\")",
            "+44 1332 362120",
            "-1",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'=already quoted",
            "''+two",
            "plain",
            "'plain quote",
            "",
        ] {
            let written = neutralise(cell);
            assert!(!written.starts_with(TRIGGERS), "{written:?}");
            assert_eq!(restore(&written), cell);
        }
        assert_eq!(neutralise("+44 1"), "'+44 1");
        assert_eq!(neutralise("Helpline: 0800"), "Helpline: 0800");
    }

    #[test]
    fn reads_booleans_and_dates() {
        assert_eq!(boolean("Yes"), Some(true));
        assert_eq!(boolean("0"), Some(false));
        assert_eq!(boolean(""), Some(false));
        assert_eq!(boolean("maybe"), None);
        assert!(parse_date("2026-03-05").is_some());
        assert!(parse_date("05/03/2026").is_none());
    }
}
