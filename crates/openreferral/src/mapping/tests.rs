use super::*;
use domain::provider::{RawProvider, validate};
use domain::{CategoryId, CountyId, CountyStatus, ProviderId};
use time::OffsetDateTime;
use uuid::Uuid;

fn county() -> County {
    County {
        id: CountyId::from_uuid(Uuid::from_u128(1)),
        slug: "derbyshire".into(),
        name: "Derbyshire".into(),
        status: CountyStatus::Active,
        non_emergency: "101".into(),
        hostnames: vec![],
        review_period_months: 12,
        content_version: 1,
        brand_colour: None,
        settings_version: 1,
        noindex: false,
    }
}

fn provider(raw: RawProvider) -> Provider {
    let fields = validate(&RawProvider {
        status: "published".into(),
        ..raw
    })
    .unwrap_or_else(|e| panic!("{e:?}"));
    Provider {
        id: ProviderId::from_uuid(Uuid::from_u128(42)),
        county: CountyId::from_uuid(Uuid::from_u128(1)),
        fields,
        reviewed_at: None,
        version: 1,
        created_at: OffsetDateTime::UNIX_EPOCH,
        updated_at: OffsetDateTime::UNIX_EPOCH,
        created_by: None,
        updated_by: None,
    }
}

fn categories() -> Vec<Category> {
    vec![Category {
        id: CategoryId::from_uuid(Uuid::from_u128(9)),
        slug: "cse".into(),
        name: "Child sexual exploitation".into(),
    }]
}

#[test]
fn a_confidential_address_gives_no_location_and_no_text() {
    let (t, c) = (county(), categories());
    let county = CountyRecords {
        county: &t,
        categories: &c,
    };
    let p = provider(RawProvider {
        name: "Refuge".into(),
        address: "1 Secret Street, Derby, DE1 2AB".into(),
        address_confidential: true,
        area: "Derby".into(),
        ..RawProvider::default()
    });
    let service = county.service(&p);
    assert!(service.service_at_locations.is_empty());
    let json = serde_json::to_string(&service).unwrap_or_default();
    assert!(!json.contains("Secret"), "{json}");
    assert_eq!(service.service_areas[0].name, "Derby");
}

#[test]
fn an_open_address_is_split_into_street_town_and_postcode() {
    assert_eq!(
        split_address("1 High Street, Derby, de1 2ab"),
        ("1 High Street".into(), "Derby".into(), "DE1 2AB".into())
    );
    assert_eq!(
        split_address("Unit 3, 1 High Street, Chesterfield"),
        (
            "Unit 3, 1 High Street".into(),
            "Chesterfield".into(),
            String::new()
        )
    );
    assert_eq!(
        split_address("The Old Mill"),
        ("The Old Mill".into(), String::new(), String::new())
    );
}

#[test]
fn hours_become_weekly_rows_and_the_rest_a_description() {
    let split = provider(RawProvider {
        name: "A".into(),
        opening_hours: "Mo-Fr 09:00-12:00,13:00-17:00; Sa 00:00-24:00".into(),
        hours_note: "Not on bank holidays".into(),
        ..RawProvider::default()
    });
    let rows = schedules(&split);
    assert_eq!(rows.len(), 11);
    assert_eq!(rows[0].byday.as_deref(), Some("MO"));
    assert_eq!(rows[1].opens_at.as_deref(), Some("13:00"));
    let saturday = &rows[10];
    assert_eq!(
        (saturday.opens_at.as_deref(), saturday.closes_at.as_deref()),
        (Some("00:00"), Some("23:59"))
    );
    assert!(
        rows.iter()
            .all(|r| r.description.as_deref() == Some("Not on bank holidays"))
    );
    let ids: std::collections::HashSet<_> = rows.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), rows.len());

    let odd = provider(RawProvider {
        name: "B".into(),
        opening_hours: "Mo-Fr 09:00-17:00; PH off".into(),
        ..RawProvider::default()
    });
    let rows = schedules(&odd);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].freq, None);
    assert_eq!(
        rows[0].description.as_deref(),
        Some("Mo-Fr 09:00-17:00; PH off")
    );
}

#[test]
fn phones_say_voice_or_text_and_categories_are_attributes() {
    let (t, c) = (county(), categories());
    let county = CountyRecords {
        county: &t,
        categories: &c,
    };
    let p = provider(RawProvider {
        name: "C".into(),
        phone: "Helpline: 0800 1111\nText: 07700 900123\n01332 362120".into(),
        categories: "cse".into(),
        description: "We **listen**.".into(),
        ..RawProvider::default()
    });
    let s = county.service(&p);
    let kinds: Vec<&str> = s.phones.iter().map(|p| p.kind.as_str()).collect();
    assert_eq!(kinds, ["voice", "text", "voice"]);
    assert_eq!(s.phones[2].description, None);
    assert_eq!(s.attributes.len(), 1);
    assert_eq!(s.attributes[0].taxonomy_term_id, Uuid::from_u128(9));
    assert_eq!(
        s.attributes[0].taxonomy_term.taxonomy_id,
        county.taxonomy().id
    );
    assert_eq!(s.description, "We listen.");
    assert_eq!(s.id, p.id.as_uuid());
    assert_eq!(s.organization.id, s.organization_id);
    assert_eq!(s.status, "active");
}
