//! Unit tests of commissioning notes: validation and dates (moved, unchanged).

use super::validation::{LONG, SERVICE};
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
