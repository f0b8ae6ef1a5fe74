use super::document::{CategoryDoc, PageDoc, PhoneDoc, ProviderDoc, RevisionDoc, SettingsDoc};
use super::*;

/// The value, or the test fails with the error.
fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("unexpected error: {e}"),
    }
}

/// The error, or the test fails.
fn err<T, E>(r: Result<T, E>) -> E {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

fn at() -> time::OffsetDateTime {
    time::macros::datetime!(2026-12-01 09:30:00.123456 UTC)
}

/// One whole document as a literal. It is longer than 60 lines on purpose:
/// split up, the document a test reads would no longer be in one place.
fn sample() -> CountyDocument {
    CountyDocument {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        settings: SettingsDoc {
            brand_colour: Some("#003a70".to_owned()),
            non_emergency: "101".to_owned(),
            noindex: false,
        },
        categories: vec![CategoryDoc {
            id: uuid::Uuid::now_v7(),
            slug: "cse".to_owned(),
            name: "Child sexual exploitation".to_owned(),
        }],
        providers: vec![ProviderDoc {
            id: uuid::Uuid::now_v7(),
            slug: "safe-and-sound".to_owned(),
            name: "Safe and Sound".to_owned(),
            status: "published".to_owned(),
            summary: "Support.".to_owned(),
            description: "More.".to_owned(),
            phones: vec![PhoneDoc {
                label: "Office".to_owned(),
                number: "01332 362 120".to_owned(),
            }],
            email: None,
            website: Some("https://example.org/".to_owned()),
            address: String::new(),
            address_confidential: false,
            area: "Derbyshire".to_owned(),
            min_age: Some(11),
            max_age: Some(25),
            eligibility: String::new(),
            self_referral: true,
            professional_referral: true,
            categories: vec!["cse".to_owned()],
            opening_hours: Some("Mo-Fr 09:00-17:00".to_owned()),
            hours_note: String::new(),
            reviewed_at: Some(at()),
            version: 3,
            created_at: at(),
            updated_at: at(),
        }],
        pages: vec![PageDoc {
            id: uuid::Uuid::now_v7(),
            slug: "home".to_owned(),
            nav_position: None,
            published_revision: Some(1),
            draft_revision: Some(2),
            publish_at: None,
            version: 4,
            created_at: at(),
            updated_at: at(),
            revisions: vec![
                RevisionDoc {
                    number: 1,
                    title: "Home".to_owned(),
                    summary: String::new(),
                    body: "Hello.".to_owned(),
                    restored_from: None,
                    created_at: at(),
                },
                RevisionDoc {
                    number: 2,
                    title: "Home".to_owned(),
                    summary: String::new(),
                    body: "Hello again.".to_owned(),
                    restored_from: None,
                    created_at: at(),
                },
            ],
        }],
        commissioning_notes: Vec::new(),
    }
}

fn text(doc: &CountyDocument) -> String {
    ok(to_json(doc))
}

#[test]
fn a_document_reads_back_as_written() {
    let doc = sample();
    let json = text(&doc);
    assert!(json.ends_with("}\n"));
    let back = ok(parse(json.as_bytes()));
    assert_eq!(back, doc);
    assert_eq!(text(&back), json, "byte for byte");
    let contents = ok(validate(&back));
    assert_eq!(contents.revisions(), 2);
}

#[test]
fn what_is_not_a_county_document_is_refused() {
    for bad in [
        "",
        "[1]",
        "not json",
        "{}",
        r#"{"format": "other", "format_version": 1}"#,
    ] {
        let err = err(parse(bad.as_bytes()));
        assert!(matches!(err, ImportError::NotADocument(_)), "{bad}: {err}");
    }
}

#[test]
fn another_format_version_is_refused() {
    let json = text(&sample()).replace("\"format_version\": 1", "\"format_version\": 2");
    let err = err(parse(json.as_bytes()));
    assert!(matches!(err, ImportError::WrongVersion(_)), "{err}");
    assert!(err.to_string().contains("format_version 2"), "{err}");
}

#[test]
fn an_unknown_field_is_refused() {
    let json = text(&sample()).replace("\"slug\": \"home\"", "\"slug\": \"home\", \"owner\": 1");
    let err = err(parse(json.as_bytes()));
    assert!(matches!(err, ImportError::Malformed(_)), "{err}");
    assert!(err.to_string().contains("owner"), "{err}");
}

#[test]
fn a_document_over_the_limit_is_refused_before_reading() {
    let big = vec![b' '; ok(usize::try_from(MAX_BYTES)) + 1];
    let err = err(parse(&big));
    assert!(matches!(err, ImportError::TooLarge { .. }), "{err}");
}

#[test]
fn an_invalid_provider_is_refused_with_its_field() {
    let mut doc = sample();
    doc.providers[0].min_age = Some(300);
    let err = err(validate(&doc)).to_string();
    assert!(
        err.contains("safe-and-sound") && err.contains("min_age"),
        "{err}"
    );
}

#[test]
fn a_category_not_in_the_document_is_refused() {
    let mut doc = sample();
    doc.providers[0].categories = vec!["nowhere".to_owned()];
    let err = err(validate(&doc)).to_string();
    assert!(err.contains("nowhere"), "{err}");
}

#[test]
fn a_missing_revision_is_refused() {
    let mut doc = sample();
    doc.pages[0].draft_revision = Some(7);
    let err = err(validate(&doc)).to_string();
    assert!(err.contains("draft_revision") && err.contains('7'), "{err}");
}

#[test]
fn a_draft_older_than_the_published_revision_is_refused() {
    let mut doc = sample();
    doc.pages[0].published_revision = Some(2);
    doc.pages[0].draft_revision = Some(1);
    let e = err(validate(&doc)).to_string();
    assert!(e.contains("draft_revision"), "{e}");
}

#[test]
fn a_note_naming_an_unknown_provider_is_refused() {
    let mut doc = sample();
    doc.commissioning_notes.push(document::NoteDoc {
        id: uuid::Uuid::now_v7(),
        provider: Some("nobody".to_owned()),
        service: "Support".to_owned(),
        legal_basis: "Police Reform and Social Responsibility Act 2011".to_owned(),
        starts_on: "2026-04-01".to_owned(),
        ends_on: None,
        public_statement: String::new(),
        internal_notes: String::new(),
        version: 1,
        created_at: at(),
        updated_at: at(),
    });
    let err = err(validate(&doc)).to_string();
    assert!(err.contains("nobody"), "{err}");
}

#[test]
fn duplicate_slugs_are_refused() {
    let mut doc = sample();
    let mut twin = doc.providers[0].clone();
    twin.id = uuid::Uuid::now_v7();
    doc.providers.push(twin);
    let err = err(validate(&doc)).to_string();
    assert!(err.contains("appears twice"), "{err}");
}
