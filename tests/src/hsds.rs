//! For the Open Referral tests (`api/`, `hsds_package.rs`): a county
//! directory with every case the API must handle, and the check of JSON
//! against the HSDS field fixtures in `tests/fixtures/hsds/`.

use std::path::PathBuf;

use domain::provider::{RawProvider, validate};
use domain::{County, Provider};
use persistence::repo::providers;
use serde_json::Value;

use crate::TestApp;

/// Text that must never appear in any API answer or export.
pub const SECRET_ADDRESS: &str = "7 Secret Lane";
pub const DRAFT_NAME: &str = "Zeta Draft Project";
pub const ARCHIVED_NAME: &str = "Yonder Archived Service";
pub const OTHER_COUNTY_NAME: &str = "Nottingham Only Service";

/// The directory the tests read.
pub struct Directory {
    pub county: County,
    /// Published, with an open address, two phones, split hours, ages 11
    /// to 25, categories `cse` and `counselling`.
    pub harbour: Provider,
    /// Published, with a confidential address, ages 18 and over, category
    /// `isva`, hours the weekly table cannot show.
    pub refuge: Provider,
    pub draft: Provider,
    pub archived: Provider,
    /// Another county's published provider.
    pub other: Provider,
}

async fn add(app: &TestApp, county: &County, raw: RawProvider) -> Provider {
    let fields = validate(&raw).unwrap_or_else(|e| panic!("invalid fixture: {e:?}"));
    providers::create(&app.db, county.id, &fields, None)
        .await
        .unwrap()
}

/// Creates `derbyshire` (and `nottingham`) with the providers of
/// [`Directory`].
pub async fn directory(app: &TestApp) -> Directory {
    let county = app.create_county("derbyshire").await;
    let nottingham = app.create_county("nottingham").await;
    let harbour = add(
        app,
        &county,
        RawProvider {
            name: "Safe Harbour".into(),
            summary: "Support for young people at risk of exploitation.".into(),
            description: "We **listen**, then we help.\n\nSee [our site](https://www.example.org)."
                .into(),
            phone: "Helpline: 0800 1111\nText us: 07700 900123".into(),
            email: "help@example.org".into(),
            website: "https://www.example.org/".into(),
            address: "1 High Street, Derby, DE1 2AB".into(),
            area: "Derby and Derbyshire".into(),
            min_age: "11".into(),
            max_age: "25".into(),
            eligibility: "Young people and their families".into(),
            categories: "cse, counselling".into(),
            opening_hours: "Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00".into(),
            hours_note: "Closed on bank holidays".into(),
            status: "published".into(),
            ..RawProvider::default()
        },
    )
    .await;
    let refuge = add(
        app,
        &county,
        RawProvider {
            name: "Hidden Refuge".into(),
            summary: "A safe place to stay.".into(),
            phone: "Office: 01332 362 120".into(),
            address: format!("{SECRET_ADDRESS}, Buxton"),
            address_confidential: true,
            area: "Buxton".into(),
            min_age: "18".into(),
            categories: "isva".into(),
            opening_hours: "Mo-Fr 09:00-17:00; PH off".into(),
            status: "published".into(),
            ..RawProvider::default()
        },
    )
    .await;
    let draft = add(
        app,
        &county,
        RawProvider {
            name: DRAFT_NAME.into(),
            categories: "cse".into(),
            status: "draft".into(),
            ..RawProvider::default()
        },
    )
    .await;
    let archived = add(
        app,
        &county,
        RawProvider {
            name: ARCHIVED_NAME.into(),
            status: "archived".into(),
            ..RawProvider::default()
        },
    )
    .await;
    let other = add(
        app,
        &nottingham,
        RawProvider {
            name: OTHER_COUNTY_NAME.into(),
            status: "published".into(),
            ..RawProvider::default()
        },
    )
    .await;
    let county = persistence::repo::counties::find_by_slug(&app.db, "derbyshire")
        .await
        .unwrap()
        .unwrap();
    Directory {
        county,
        harbour,
        refuge,
        draft,
        archived,
        other,
    }
}

/// Panics unless `text` holds none of the things that must never leave.
pub fn assert_nothing_private(what: &str, text: &str) {
    for secret in [SECRET_ADDRESS, DRAFT_NAME, ARCHIVED_NAME, OTHER_COUNTY_NAME] {
        assert!(!text.contains(secret), "{what} shows {secret:?}: {text}");
    }
}

fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/hsds")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn has_type(value: &Value, kind: &str) -> bool {
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    match (kind, value) {
        ("string", Value::String(_))
        | ("boolean", Value::Bool(_))
        | ("array", Value::Array(_))
        | ("object", Value::Object(_)) => true,
        ("integer", Value::Number(n)) => n.is_u64() || n.is_i64(),
        ("uuid", Value::String(s)) => uuid::Uuid::parse_str(s).is_ok(),
        ("date", Value::String(s)) => {
            s.len() == 10 && s.split('-').all(digits) && s.split('-').count() == 3
        }
        ("datetime", Value::String(s)) => {
            time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()
        }
        ("time", Value::String(s)) => {
            s.len() == 5 && s.as_bytes()[2] == b':' && digits(&s[..2]) && digits(&s[3..])
        }
        _ => false,
    }
}

/// Checks `value` against the fixture `name` (and its nested records
/// against theirs); `at` names the place for messages.
pub fn check(value: &Value, name: &str, at: &str) {
    let spec = fixture(name);
    let object = value
        .as_object()
        .unwrap_or_else(|| panic!("{at}: not an object: {value}"));
    let required = spec["required"].as_object().unwrap();
    let optional = spec["optional"].as_object().unwrap();
    for field in required.keys() {
        assert!(object.contains_key(field), "{at}: {name} lacks {field}");
    }
    for (field, v) in object {
        let kind = required
            .get(field)
            .or_else(|| optional.get(field))
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{at}: {field} is not an HSDS {name} field"));
        assert!(has_type(v, kind), "{at}: {name}.{field} is not {kind}: {v}");
        if let Some(allowed) = spec["enums"].get(field).and_then(Value::as_array) {
            assert!(allowed.contains(v), "{at}: {name}.{field} = {v}");
        }
        if let Some(inner) = spec["nested"].get(field).and_then(Value::as_str) {
            match v {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        check(item, inner, &format!("{at}.{field}[{i}]"));
                    }
                }
                other => check(other, inner, &format!("{at}.{field}")),
            }
        }
    }
}

/// Checks a page object and each of its contents against `item`.
pub fn check_page(value: &Value, item: &str, at: &str) {
    check(value, "page", at);
    for (i, content) in value["contents"].as_array().unwrap().iter().enumerate() {
        check(content, item, &format!("{at}.contents[{i}]"));
    }
}
