//! The plan without a database: how rows find their provider, what counts
//! as a change, and the errors of rows that clash.

use domain::provider::validate;
use domain::{Category, CategoryId, CountyId, Provider, ProviderId, RawProvider};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{Action, plan_rows};
use crate::provider_csv::read;

fn stored(name: &str, categories: &str) -> Provider {
    let raw = RawProvider {
        name: name.into(),
        categories: categories.into(),
        status: "published".into(),
        ..RawProvider::default()
    };
    let at = OffsetDateTime::UNIX_EPOCH;
    Provider {
        id: ProviderId::new(),
        county: CountyId::from_uuid(Uuid::nil()),
        fields: validate(&raw).unwrap_or_else(|e| panic!("{e:?}")),
        reviewed_at: Some(at),
        version: 3,
        created_at: at,
        updated_at: at,
        created_by: None,
        updated_by: None,
    }
}

fn categories() -> Vec<Category> {
    ["cse", "counselling"]
        .iter()
        .map(|slug| Category {
            id: CategoryId::new(),
            slug: (*slug).to_owned(),
            name: (*slug).to_owned(),
        })
        .collect()
}

fn plan(file: &str, existing: &[Provider]) -> super::Plan {
    let sheet = read(file.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    plan_rows(&sheet, existing, &categories(), "Alpha")
}

#[test]
fn rows_find_their_provider_by_id_then_slug() {
    let safe = stored("Safe and Sound", "cse");
    let other = stored("Other", "");
    let file = format!(
        "id,name,categories\n{},Safe and Sound,\"counselling, cse\"\n{},Other,\n,Brand New,\n",
        safe.id,
        Uuid::new_v4()
    );
    let p = plan(&file, &[safe.clone(), other.clone()]);
    assert!(p.is_valid(), "{:?}", p.errors);
    match &p.rows[0].action {
        Action::Update {
            id,
            version,
            changed,
            fields,
            ..
        } => {
            assert_eq!((*id, *version), (safe.id, 3));
            assert_eq!(changed, &["categories"]);
            // In the county's order, as the repository reads them back.
            let slugs: Vec<&str> = fields.categories.iter().map(|s| s.as_str()).collect();
            assert_eq!(slugs, ["cse", "counselling"]);
        }
        other => panic!("{other:?}"),
    }
    // An id of no provider here falls back to the slug.
    assert_eq!(p.rows[1].action, Action::Unchanged { id: other.id });
    assert!(matches!(p.rows[2].action, Action::Create { .. }));
    assert_eq!(p.counts(), (1, 1, 1));
}

#[test]
fn clashing_rows_are_errors_at_their_row() {
    let safe = stored("Safe and Sound", "");
    let taken = stored("Taken", "");
    let third = stored("Third", "");
    let file = format!(
        "id,name,slug\n{id},Safe and Sound,\n{id},Again,\n{third},Third,taken\n,Not an id,\nx,Bad,\n",
        id = safe.id,
        third = third.id
    );
    let p = plan(&file, &[safe, taken, third.clone()]);
    let errors: Vec<String> = p.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "row 3: this is the same provider as row 2",
            "row 4, slug: another provider of Alpha already has the slug \u{201c}taken\u{201d}",
            "row 6, id: \u{201c}x\u{201d} is not a provider id: leave it empty to add a provider",
        ]
    );
    assert!(!p.is_valid());
}
