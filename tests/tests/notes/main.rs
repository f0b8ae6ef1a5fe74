//! Commissioning notes in the admin: the list, create, edit, delete;
//! validation beside each field, a provider of the same county only,
//! optimistic locking, another county's notes, suspended counties, audit;
//! and internal notes that never reach a public response.
//!
//! The tests sit beside this file by subject; this file keeps the helpers
//! they share.

mod editing;
mod escaping;
mod internal_notes;
mod locking;
mod other_county;
mod pages;
mod suspended;
mod validation;

use std::sync::Arc;

use axum::http::StatusCode;
use domain::provider::{RawProvider, validate};
use domain::{Note, Provider, Tenant, TenantStatus};
use integration_tests::{
    TestApp, TestClient, TestResponse, both_backends, field_error, hidden_field as hidden,
    summary_lists,
};
use persistence::repo::{commissioning, providers, tenants};

/// A note form: every field, each as a browser sends it.
#[derive(Clone, Debug)]
struct Form(Vec<(&'static str, String)>);

impl Form {
    /// A form that passes validation, naming the provider `safe-and-sound`.
    fn valid(service: &str) -> Self {
        Self(
            [
                ("provider", "safe-and-sound"),
                ("service", service),
                (
                    "legal_basis",
                    "Police Reform and Social Responsibility Act 2011",
                ),
                ("starts_on", "2020-04-01"),
                ("ends_on", ""),
                (
                    "public_statement",
                    "The commissioner funds **Safe and Sound** to support young people.",
                ),
                ("internal_notes", "Contract reference 42; review in March."),
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

    fn pairs(&self) -> Vec<(&str, &str)> {
        self.0.iter().map(|(k, v)| (*k, v.as_str())).collect()
    }
}

const SERVICE: &str = "CSE support for young people";

/// The fields a person types freely.
const FREE_TEXT: [&str; 4] = [
    "service",
    "legal_basis",
    "public_statement",
    "internal_notes",
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
    notes: Vec<String>,
    providers: i64,
    audit_events: i64,
}

async fn snapshot(app: &TestApp) -> Snapshot {
    Snapshot {
        notes: app
            .query_strings(
                "SELECT t.slug || ' | ' || COALESCE(p.slug, '-') || ' | ' || n.service || ' | ' \
                 || n.legal_basis || ' | ' || n.starts_on || ' | ' || COALESCE(n.ends_on, '-') \
                 || ' | ' || n.public_statement || ' | ' || n.internal_notes || ' | ' \
                 || CAST(n.version AS TEXT) \
                 FROM commissioning_notes n JOIN tenants t ON t.id = n.tenant_id \
                 LEFT JOIN providers p ON p.tenant_id = n.tenant_id AND p.id = n.provider_id \
                 ORDER BY 1",
            )
            .await,
        providers: app.count("SELECT COUNT(*) FROM providers").await,
        audit_events: app
            .count("SELECT COUNT(*) FROM audit_events WHERE action NOT LIKE 'security.%'")
            .await,
    }
}

/// How many notes the list page shows.
fn rows(body: &str) -> usize {
    body.matches("<th scope=\"row\">").count()
}

/// Stores a published provider with just a name (and a slug made from it).
async fn add_provider(app: &TestApp, tenant: &Tenant, name: &str) -> Provider {
    let raw = RawProvider {
        name: name.to_owned(),
        status: "published".to_owned(),
        ..RawProvider::default()
    };
    let fields = validate(&raw).unwrap_or_else(|e| panic!("invalid fixture: {e:?}"));
    providers::create(&app.db, tenant.id, &fields, None)
        .await
        .unwrap()
}

/// Derbyshire, with the provider Safe and Sound, and a signed-in editor.
async fn derbyshire(app: &TestApp) -> (Tenant, TestClient) {
    let derbyshire = app.create_tenant("derbyshire").await;
    add_provider(app, &derbyshire, "Safe and Sound").await;
    let editor = app.editor_of(&derbyshire).await;
    (derbyshire, editor)
}

/// Creates a note through the form and returns its id.
async fn create(client: &mut TestClient, county: &str, form: &Form) -> String {
    let res = client
        .post(&format!("/admin/{county}/notes"), &form.pairs())
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let location = res.location().expect("a Location").to_owned();
    let prefix = format!("/admin/{county}/notes/");
    let id = location
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{location} is not an edit page"));
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id} is an id");
    id.to_owned()
}

async fn stored(app: &TestApp, tenant: &Tenant, id: &str) -> Note {
    commissioning::find(&app.db, tenant.id, id.parse().unwrap())
        .await
        .unwrap()
        .expect("the note exists")
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
        .post(&format!("/admin/{county}/notes/{id}"), &form.pairs())
        .await
}

/// Refuses the form on create and on update, with the message beside
/// `field` and in the summary, writing nothing. Returns the message.
async fn assert_refused(app: &TestApp, form: &Form, field: &str) -> String {
    let (_, mut editor) = derbyshire(app).await;
    let id = create(&mut editor, "derbyshire", &Form::valid(SERVICE)).await;
    let before = snapshot(app).await;

    let created = editor.post("/admin/derbyshire/notes", &form.pairs()).await;
    let updated = update(&mut editor, "derbyshire", &id, form, "1").await;

    let mut messages = Vec::new();
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
                .contains(&format!("aria-describedby=\"{field}-hint {field}-error\"")),
            "{what}: the message is linked to the field"
        );
        assert!(
            res.body.contains("<title>Error: "),
            "{what}: the title says so"
        );
        messages.push(message);
    }
    assert_eq!(
        hidden(&updated.body, "version").as_deref(),
        Some("1"),
        "the edit keeps the version it was based on"
    );
    assert_eq!(snapshot(app).await, before, "nothing written");
    messages.swap_remove(0)
}

/// Every note route of `county` with note `id`: (method, path).
fn note_routes(county: &str, id: &str) -> Vec<(&'static str, String)> {
    vec![
        ("GET", format!("/admin/{county}/notes/{id}")),
        ("POST", format!("/admin/{county}/notes/{id}")),
        ("GET", format!("/admin/{county}/notes/{id}/delete")),
        ("POST", format!("/admin/{county}/notes/{id}/delete")),
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
