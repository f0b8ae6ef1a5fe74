//! Arbitrary request bodies decoded as the admin forms are
//! (`serde_urlencoded::from_bytes`, as `web::csrf::CsrfForm` does), then
//! validated by the domain rules the handlers use.
//!
//! Invariants (besides "never panics"):
//! - the decoder never yields invalid text: a value whose percent-decoded
//!   bytes are not UTF-8 comes out holding U+FFFD, which `text::check`
//!   refuses for every kind (the premise of `crates/domain/src/text.rs`);
//! - a form with such a value in any validated text field is refused by its
//!   validator (provider, note, page, settings, county, category, user);
//! - whatever a validator accepts passes `text::check` for its kind.

#![no_main]

use std::borrow::Cow;
use std::collections::HashMap;

use domain::text::{self, TextKind};
use domain::{
    DisplayName, EmailAddress, RawNote, RawPage, RawSettings, Role, Slug, CountySlug,
    parse_hostnames,
};
use libfuzzer_sys::fuzz_target;
use serde::{Deserialize, Deserializer};

/// A checkbox, as `crates/admin/src/providers.rs` reads it.
fn checkbox<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let value: Option<String> = Option::deserialize(deserializer)?;
    Ok(value.is_some_and(|v| !v.trim().is_empty()))
}

#[derive(Debug, Default, Deserialize)]
struct TokenField {
    #[serde(default)]
    csrf_token: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ProviderForm {
    name: String,
    slug: String,
    summary: String,
    description: String,
    phone: String,
    email: String,
    website: String,
    address: String,
    #[serde(deserialize_with = "checkbox")]
    address_confidential: bool,
    area: String,
    min_age: String,
    max_age: String,
    eligibility: String,
    #[serde(deserialize_with = "checkbox")]
    self_referral: bool,
    #[serde(deserialize_with = "checkbox")]
    professional_referral: bool,
    categories: String,
    opening_hours: String,
    hours_note: String,
    status: String,
    version: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NoteForm {
    provider: String,
    service: String,
    legal_basis: String,
    starts_on: String,
    ends_on: String,
    public_statement: String,
    internal_notes: String,
    version: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PageForm {
    title: String,
    slug: String,
    summary: String,
    body: String,
    nav_position: String,
    version: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ScheduleForm {
    publish_at: String,
    version: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SettingsForm {
    brand_colour: String,
    non_emergency: String,
    version: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CountyForm {
    slug: String,
    name: String,
    hostnames: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CategoryForm {
    slug: String,
    name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AddUserForm {
    email: String,
    name: String,
    role: String,
    password: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LoginForm {
    email: String,
    password: String,
    next: String,
}

/// An optional field, as an `Option<String>` form would have it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct OptionalForm {
    csrf_token: Option<String>,
    name: Option<String>,
    email: Option<String>,
}

/// The raw `name=value` pairs, percent-decoded but not yet made text, to
/// know which fields held bytes that are not UTF-8.
fn raw_pairs(body: &[u8]) -> Vec<(Cow<'_, str>, Vec<u8>)> {
    body.split(|b| *b == b'&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (name, value) = match pair.iter().position(|b| *b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &b""[..]),
            };
            let decode = |s: &[u8]| -> Vec<u8> {
                let plus: Vec<u8> = s.iter().map(|b| if *b == b'+' { b' ' } else { *b }).collect();
                percent_decode(&plus)
            };
            let name = String::from_utf8_lossy(&decode(name)).into_owned();
            (Cow::Owned(name), decode(value))
        })
        .collect()
}

fn percent_decode(s: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%'
            && let (Some(h), Some(l)) = (
                s.get(i + 1).copied().and_then(hex),
                s.get(i + 2).copied().and_then(hex),
            )
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(s[i]);
        i += 1;
    }
    out
}

fn assert_text(value: &str, kind: TextKind, what: &str) {
    assert_eq!(
        text::check(value, kind),
        Ok(()),
        "{what} accepted {value:?}, which text::check({kind:?}) refuses"
    );
}

fuzz_target!(|body: &[u8]| {
    let raw = raw_pairs(body);
    // What the decoder makes of every pair is valid text, and a value that
    // was not UTF-8 holds U+FFFD and is refused by every text kind.
    if let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body) {
        assert_eq!(pairs.len(), raw.len(), "pairs split differently");
        for ((name, value), (_, raw_value)) in pairs.iter().zip(&raw) {
            if std::str::from_utf8(raw_value).is_err() {
                assert!(
                    value.contains(char::REPLACEMENT_CHARACTER),
                    "{name}={value:?} was not UTF-8 but holds no U+FFFD"
                );
                for kind in [TextKind::Lines, TextKind::Line, TextKind::Name] {
                    assert!(text::check(value, kind).is_err(), "{name}={value:?}");
                }
            }
        }
    }
    // The fields sent once whose bytes were not UTF-8 (a field sent twice
    // is refused by the decoder as a duplicate, or is not judged here).
    let mut seen: HashMap<String, (usize, bool)> = HashMap::new();
    for (name, value) in &raw {
        let entry = seen.entry(name.to_string()).or_default();
        entry.0 += 1;
        entry.1 |= std::str::from_utf8(value).is_err();
    }
    let bad = |field: &str| seen.get(field).is_some_and(|&(n, bad)| n == 1 && bad);

    let _ = serde_urlencoded::from_bytes::<TokenField>(body).map(|t| t.csrf_token.len());
    let _ = serde_urlencoded::from_bytes::<OptionalForm>(body);

    if let Ok(form) = serde_urlencoded::from_bytes::<ProviderForm>(body) {
        let raw = domain::RawProvider {
            name: form.name,
            slug: form.slug,
            summary: form.summary,
            description: form.description,
            phone: form.phone,
            email: form.email,
            website: form.website,
            address: form.address,
            address_confidential: form.address_confidential,
            area: form.area,
            min_age: form.min_age,
            max_age: form.max_age,
            eligibility: form.eligibility,
            self_referral: form.self_referral,
            professional_referral: form.professional_referral,
            categories: form.categories,
            opening_hours: form.opening_hours,
            hours_note: form.hours_note,
            status: form.status,
        };
        let result = domain::provider::validate(&raw);
        let text_fields = [
            "name", "slug", "summary", "description", "phone", "email", "website", "address",
            "area", "min_age", "max_age", "eligibility", "categories", "opening_hours",
            "hours_note", "status",
        ];
        if let Some(field) = text_fields.iter().find(|f| bad(f)) {
            assert!(result.is_err(), "provider accepted {field} that was not UTF-8");
        }
        if let Ok(fields) = result {
            assert_text(&fields.name, TextKind::Name, "provider name");
            assert_text(&fields.description, TextKind::Lines, "provider description");
            assert_text(&fields.area, TextKind::Line, "provider area");
            for phone in &fields.phones {
                assert_text(&phone.label, TextKind::Name, "phone label");
            }
            if let Some(email) = &fields.email {
                assert_text(email.as_str(), TextKind::Name, "provider email");
            }
        }
        let _ = form.version.parse::<i32>();
    }

    if let Ok(form) = serde_urlencoded::from_bytes::<NoteForm>(body) {
        let raw = RawNote {
            provider: form.provider,
            service: form.service,
            legal_basis: form.legal_basis,
            starts_on: form.starts_on,
            ends_on: form.ends_on,
            public_statement: form.public_statement,
            internal_notes: form.internal_notes,
        };
        let result = domain::commissioning::validate(&raw);
        let text_fields = [
            "provider", "service", "legal_basis", "starts_on", "ends_on", "public_statement",
            "internal_notes",
        ];
        if let Some(field) = text_fields.iter().find(|f| bad(f)) {
            assert!(result.is_err(), "note accepted {field} that was not UTF-8");
        }
        if let Ok(fields) = result {
            assert_text(&fields.service, TextKind::Name, "note service");
            assert_text(&fields.legal_basis, TextKind::Line, "note legal basis");
            assert_text(&fields.public_statement, TextKind::Lines, "note statement");
        }
    }

    if let Ok(form) = serde_urlencoded::from_bytes::<PageForm>(body) {
        let raw = RawPage {
            title: form.title,
            slug: form.slug,
            summary: form.summary,
            body: form.body,
            nav_position: form.nav_position,
        };
        let result = domain::page::validate(&raw);
        let text_fields = ["title", "slug", "summary", "body", "nav_position"];
        if let Some(field) = text_fields.iter().find(|f| bad(f)) {
            assert!(result.is_err(), "page accepted {field} that was not UTF-8");
        }
        if let Ok(fields) = result {
            assert_text(&fields.content.title, TextKind::Name, "page title");
            assert_text(&fields.content.body, TextKind::Lines, "page body");
            let _ = web::markdown::render(&fields.content.body);
        }
    }

    if let Ok(form) = serde_urlencoded::from_bytes::<ScheduleForm>(body) {
        let now = time::OffsetDateTime::from_unix_timestamp(1_780_000_000).expect("in range");
        let result = domain::page::parse_publish_at(&form.publish_at, now);
        if bad("publish_at") {
            assert!(result.is_err(), "publication time that was not UTF-8 accepted");
        }
    }

    if let Ok(form) = serde_urlencoded::from_bytes::<SettingsForm>(body) {
        let raw = RawSettings {
            brand_colour: form.brand_colour,
            non_emergency: form.non_emergency,
        };
        let result = domain::settings::validate(&raw);
        if bad("brand_colour") || bad("non_emergency") {
            assert!(result.is_err(), "settings that were not UTF-8 accepted");
        }
        if let Ok(settings) = result {
            assert_text(&settings.non_emergency, TextKind::Name, "non-emergency number");
        }
    }

    if let Ok(form) = serde_urlencoded::from_bytes::<CountyForm>(body) {
        let name = DisplayName::parse(&form.name);
        let slug = CountySlug::parse(form.slug.trim());
        let hosts = parse_hostnames(&form.hostnames);
        if bad("name") {
            assert!(name.is_err());
        }
        if bad("slug") {
            assert!(slug.is_err());
        }
        if bad("hostnames") {
            assert!(hosts.is_err());
        }
        if let Ok(name) = name {
            assert_text(name.as_str(), TextKind::Name, "county name");
        }
        if let Ok(slug) = slug {
            assert_text(slug.as_str(), TextKind::Name, "county slug");
        }
        for host in hosts.unwrap_or_default() {
            assert_text(&host, TextKind::Name, "hostname");
        }
    }

    if let Ok(form) = serde_urlencoded::from_bytes::<CategoryForm>(body) {
        let name = DisplayName::parse(&form.name);
        let slug = Slug::parse(form.slug.trim());
        if bad("name") {
            assert!(name.is_err());
        }
        if bad("slug") {
            assert!(slug.is_err());
        }
    }

    if let Ok(form) = serde_urlencoded::from_bytes::<AddUserForm>(body) {
        let name = DisplayName::parse(&form.name);
        let email = EmailAddress::parse(&form.email);
        let role = Role::parse(&form.role);
        if bad("name") {
            assert!(name.is_err());
        }
        if bad("email") {
            assert!(email.is_err());
        }
        if bad("role") {
            assert!(role.is_none());
        }
        if let Ok(email) = &email {
            assert_text(email.as_str(), TextKind::Name, "user email");
        }
        // Passwords are not text-checked (see README.md): only no panic.
        let context = [form.email.as_str(), form.name.as_str(), "derbyshire"];
        let _ = domain::check_password(&form.password, &context);
    }

    if let Ok(form) = serde_urlencoded::from_bytes::<LoginForm>(body) {
        let email = EmailAddress::parse(&form.email);
        if bad("email") {
            assert!(email.is_err());
        }
        let _ = form.email.trim().to_lowercase();
        let _ = (form.password.len(), form.next.len());
    }
});
