//! The admin side of providers and categories: the list, create, edit,
//! delete, mark as reviewed; validation, escaping, optimistic locking and
//! the race between concurrent saves; another county's providers; audit.
//!
//! The tests sit beside this file by subject; this file keeps the helpers
//! they share.

mod category_admin;
mod editing;
mod escaping;
mod list;
mod locking;
mod navigation;
mod refusals;
mod review;
mod validation;

use std::sync::Arc;

use axum::http::StatusCode;
use domain::provider::validate;
use domain::{RawProvider, Tenant, TenantStatus};
use integration_tests::{
    TestApp, TestClient, TestResponse, both_backends, field_error, hidden_field as hidden,
    summary_lists,
};
use persistence::repo::{categories, providers, tenants};
use time::macros::datetime;

/// A provider form: every field, each as a browser sends it.
#[derive(Clone, Debug)]
struct Form(Vec<(&'static str, String)>);

impl Form {
    /// A form that passes validation.
    fn valid(name: &str) -> Self {
        Self(
            [
                ("name", name),
                ("slug", ""),
                (
                    "summary",
                    "Support for young people at risk of exploitation.",
                ),
                (
                    "description",
                    "We **listen**.\n\nSee [our site](https://www.example.org).",
                ),
                ("phone", "Office: 01332 362 120\n0800 1111"),
                ("email", "info@example.org"),
                ("website", "https://www.example.org/"),
                ("address", "1 High Street, Derby"),
                ("area", "Derby and Derbyshire"),
                ("min_age", "11"),
                ("max_age", "25"),
                ("eligibility", "Young people and their families"),
                ("self_referral", "on"),
                ("professional_referral", "on"),
                ("categories", "cse, counselling"),
                ("opening_hours", "Mo-Fr 09:00-17:00"),
                ("hours_note", "Closed on bank holidays"),
                ("status", "published"),
            ]
            .into_iter()
            .map(|(k, v)| (k, v.to_owned()))
            .collect(),
        )
    }

    /// The same form with one field set (added when missing).
    fn set(mut self, key: &'static str, value: &str) -> Self {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => value.clone_into(&mut entry.1),
            None => self.0.push((key, value.to_owned())),
        }
        self
    }

    /// The same form without a field (an unticked checkbox).
    fn without(mut self, key: &str) -> Self {
        self.0.retain(|(k, _)| *k != key);
        self
    }

    fn pairs(&self) -> Vec<(&str, &str)> {
        self.0.iter().map(|(k, v)| (*k, v.as_str())).collect()
    }
}

/// The text fields a person types freely (everything else is checked).
const FREE_TEXT: [&str; 7] = [
    "name",
    "summary",
    "description",
    "address",
    "area",
    "eligibility",
    "hours_note",
];

/// Every field that takes text.
const TEXT_FIELDS: [&str; 16] = [
    "name",
    "slug",
    "summary",
    "description",
    "phone",
    "email",
    "website",
    "address",
    "area",
    "min_age",
    "max_age",
    "eligibility",
    "categories",
    "opening_hours",
    "hours_note",
    "status",
];

const SCRIPT: &str = "<script>alert(1)</script>";
const ATTRIBUTE: &str = "\"><img src=x onerror=alert(1)>";

/// Whether a page carries either attack string unescaped.
fn carries_markup(body: &str) -> bool {
    body.contains("<script>alert")
        || body.contains("<img src=x")
        || body.contains("\"><img")
        || body.contains("onerror=alert(1)>")
}

/// Everything a refused request must leave alone.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    providers: Vec<String>,
    provider_categories: i64,
    categories: Vec<String>,
    audit_events: i64,
}

async fn snapshot(app: &TestApp) -> Snapshot {
    Snapshot {
        providers: app
            .query_strings(
                "SELECT t.slug || ' ' || p.slug || ' | ' || p.name || ' | ' || p.summary || ' | ' \
                 || p.website || ' | ' || p.status || ' | ' || CAST(p.version AS TEXT) \
                 FROM providers p JOIN tenants t ON t.id = p.tenant_id ORDER BY 1",
            )
            .await,
        provider_categories: app.count("SELECT COUNT(*) FROM provider_categories").await,
        categories: app
            .query_strings(
                "SELECT t.slug || ' ' || c.slug || ' ' || c.name FROM categories c \
                 JOIN tenants t ON t.id = c.tenant_id ORDER BY 1",
            )
            .await,
        audit_events: app
            .count("SELECT COUNT(*) FROM audit_events WHERE action NOT LIKE 'security.%'")
            .await,
    }
}

/// How many providers the list page shows.
fn rows(body: &str) -> usize {
    body.matches("<th scope=\"row\">").count()
}

/// Creates a provider through the form and returns its id.
async fn create(client: &mut TestClient, county: &str, form: &Form) -> String {
    let res = client
        .post(&format!("/admin/{county}/providers"), &form.pairs())
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let location = res.location().expect("a Location").to_owned();
    let prefix = format!("/admin/{county}/providers/");
    let id = location
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{location} is not an edit page"));
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id} is an id");
    id.to_owned()
}

/// Creates a provider straight in the database (for lists).
async fn insert(app: &TestApp, tenant: &Tenant, name: &str, status: &str, categories: &str) {
    let raw = RawProvider {
        name: name.to_owned(),
        status: status.to_owned(),
        categories: categories.to_owned(),
        ..RawProvider::default()
    };
    let fields = validate(&raw).unwrap();
    providers::create(&app.db, tenant.id, &fields, None)
        .await
        .unwrap();
}

async fn stored(app: &TestApp, tenant: &Tenant, id: &str) -> domain::Provider {
    providers::find(&app.db, tenant.id, id.parse().unwrap())
        .await
        .unwrap()
        .expect("the provider exists")
}

/// `object_type object_id changed_fields` of each event with this action.
async fn audited(app: &TestApp, action: &str) -> Vec<String> {
    app.query_strings(&format!(
        "SELECT COALESCE(object_type, '') || ' ' || COALESCE(object_id, '') || ' ' || changed_fields \
         FROM audit_events WHERE action = '{action}' ORDER BY id"
    ))
    .await
}

/// Sends an update with this version.
async fn update(
    client: &mut TestClient,
    county: &str,
    id: &str,
    form: &Form,
    version: &str,
) -> TestResponse {
    let form = form.clone().set("version", version);
    client
        .post(&format!("/admin/{county}/providers/{id}"), &form.pairs())
        .await
}

/// Refuses the form on create and on update, with the message beside
/// `field` and in the summary, writing nothing.
async fn assert_refused(app: &TestApp, form: &Form, field: &str) {
    let derbyshire = app.create_tenant("derbyshire").await;
    let mut editor = app.editor_of(&derbyshire).await;
    let id = create(&mut editor, "derbyshire", &Form::valid("Safe and Sound")).await;
    let before = snapshot(app).await;

    let created = editor
        .post("/admin/derbyshire/providers", &form.pairs())
        .await;
    let updated = update(&mut editor, "derbyshire", &id, form, "1").await;

    for (what, res) in [("create", &created), ("update", &updated)] {
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {}",
            res.body
        );
        let message = field_error(&res.body, field)
            .unwrap_or_else(|| panic!("{what}: a message beside {field}: {}", res.body));
        assert!(
            summary_lists(&res.body, field, &message),
            "{what}: in the summary"
        );
        assert!(
            res.body
                .contains(&format!("aria-describedby=\"{field}-hint {field}-error\""))
                || res
                    .body
                    .contains(&format!("aria-describedby=\"{field}-error\"")),
            "{what}: the message is linked to the field"
        );
        assert!(
            res.body.contains("<title>Error: "),
            "{what}: the title says so"
        );
    }
    assert_eq!(
        hidden(&updated.body, "version").as_deref(),
        Some("1"),
        "the edit keeps the version it was based on"
    );
    assert_eq!(snapshot(app).await, before, "nothing written");
}

/// Every provider route of `county` with provider `id`: (method, path).
fn provider_routes(county: &str, id: &str) -> Vec<(&'static str, String)> {
    vec![
        ("GET", format!("/admin/{county}/providers/{id}")),
        ("POST", format!("/admin/{county}/providers/{id}")),
        ("GET", format!("/admin/{county}/providers/{id}/delete")),
        ("POST", format!("/admin/{county}/providers/{id}/delete")),
        ("POST", format!("/admin/{county}/providers/{id}/review")),
    ]
}

async fn send(client: &mut TestClient, method: &str, path: &str, form: &Form) -> TestResponse {
    if method == "GET" {
        client.get(path).await
    } else {
        client
            .post(path, &form.clone().set("version", "1").pairs())
            .await
    }
}

/// The id of the county's category with this slug.
async fn category_id(app: &TestApp, tenant: &Tenant, slug: &str) -> domain::CategoryId {
    categories::list(&app.db, tenant.id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.slug == slug)
        .expect("the category exists")
        .id
}

fn path_of(id: &str) -> String {
    format!("/admin/derbyshire/providers/{id}")
}
