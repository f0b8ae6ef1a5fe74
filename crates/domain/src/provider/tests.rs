//! Unit tests of the provider form's rules (moved, unchanged).

use super::*;

fn raw() -> RawProvider {
    RawProvider {
        name: "Safe and Sound".into(),
        status: "published".into(),
        ..RawProvider::default()
    }
}

#[test]
fn derives_the_slug_from_the_name() {
    assert_eq!(slugify("Derbyshire LGBT+"), "derbyshire-lgbt");
    assert_eq!(slugify("Barnardo’s"), "barnardos");
    assert_eq!(
        slugify("SV2 (Supporting Victims)"),
        "sv2-supporting-victims"
    );
    let fields = validate(&raw()).map(|f| f.slug.to_string());
    assert_eq!(fields, Ok("safe-and-sound".to_owned()));
}

#[test]
fn refuses_each_bad_field_beside_it() {
    let bad = RawProvider {
        name: String::new(),
        slug: "Not A Slug".into(),
        website: "javascript:alert(1)".into(),
        email: "nope".into(),
        min_age: "19".into(),
        max_age: "11".into(),
        opening_hours: "Tu 25:00-99".into(),
        status: "hidden".into(),
        ..RawProvider::default()
    };
    let fields: Vec<&str> = validate(&bad)
        .err()
        .unwrap_or_default()
        .iter()
        .map(|e| e.0)
        .collect();
    for field in [
        "name",
        "slug",
        "email",
        "website",
        "min_age",
        "opening_hours",
        "status",
    ] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
}

#[test]
fn websites_are_http_or_https_only() {
    assert_eq!(
        parse_website("https://www.nspcc.org.uk"),
        Ok(Some("https://www.nspcc.org.uk/".into()))
    );
    for bad in [
        "javascript:alert(1)",
        "data:text/html,x",
        "ftp://example.org",
        "www.example.org",
        "https://",
    ] {
        assert!(parse_website(bad).is_err(), "{bad}");
    }
}

#[test]
fn describes_age_ranges() {
    let mut f = validate(&raw()).unwrap_or_else(|e| panic!("{e:?}"));
    f.max_age = Some(19);
    assert_eq!(f.ages_label(), "Up to age 19");
    assert!(f.serves_age(12) && !f.serves_age(20));
    f.min_age = Some(18);
    f.max_age = None;
    assert_eq!(f.ages_label(), "Ages 18 and over");
}
