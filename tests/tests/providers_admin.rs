//! The admin side of providers and categories: the list, create, edit,
//! delete, mark as reviewed; validation, escaping, optimistic locking and
//! the race between concurrent saves; another county's providers; audit.

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
    providers::find(&app.db, tenant.id, uuid::Uuid::parse_str(id).unwrap())
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

both_backends! {
    // --- Create, edit, delete -------------------------------------------

    async fn an_editor_creates_a_provider_and_lands_on_its_edit_page(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;

        let form_page = editor.get("/admin/derbyshire/providers/new").await;
        assert_eq!(form_page.status, StatusCode::OK);
        assert!(form_page.body.contains("<title>Add a provider"), "{}", form_page.body);
        let id = create(&mut editor, "derbyshire", &Form::valid("Safe and Sound")).await;

        let provider = stored(&app, &derbyshire, &id).await;
        assert_eq!(provider.version, 1);
        assert_eq!(provider.fields.slug.as_str(), "safe-and-sound", "derived from the name");
        assert_eq!(provider.fields.phones.len(), 2);
        assert_eq!(provider.fields.phones[0].label, "Office");
        assert_eq!(provider.fields.min_age, Some(11));
        assert!(provider.fields.self_referral && provider.fields.professional_referral);
        let categories: Vec<&str> = provider.fields.categories.iter().map(domain::Slug::as_str).collect();
        assert_eq!(categories, ["cse", "counselling"]);
        assert!(provider.reviewed_at.is_some(), "new details count as reviewed");

        let edit = editor.get(&format!("/admin/derbyshire/providers/{id}")).await;
        assert_eq!(edit.status, StatusCode::OK);
        assert!(edit.body.contains("Safe and Sound was added."), "a flash message");
        assert!(edit.body.contains("<title>Edit Safe and Sound"));
        assert_eq!(hidden(&edit.body, "version").as_deref(), Some("1"));
        assert!(edit.body.contains("value=\"safe-and-sound\""));
        assert!(edit.body.contains(">Office: 01332 362 120\n0800 1111</textarea>"));
        let list = editor.get("/admin/derbyshire/providers").await;
        assert!(list.body.contains(&format!("<a href=\"/admin/derbyshire/providers/{id}\">Safe and Sound</a>")));
        assert_eq!(
            audited(&app, "provider.create").await.len(),
            1,
            "audited"
        );
        assert!(audited(&app, "provider.create").await[0].starts_with("provider safe-and-sound [\"name\",\"slug\""));
    }

    async fn checkboxes_are_ticked_by_any_value_and_unticked_when_absent(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let form = Form::valid("Refuge")
            .set("address_confidential", "true")
            .set("self_referral", "on")
            .without("professional_referral");

        let id = create(&mut editor, "derbyshire", &form).await;

        let provider = stored(&app, &derbyshire, &id).await;
        assert!(provider.fields.address_confidential);
        assert!(provider.fields.self_referral);
        assert!(!provider.fields.professional_referral);
        let edit = editor.get(&format!("/admin/derbyshire/providers/{id}")).await;
        assert!(edit.body.contains("name=\"address_confidential\" type=\"checkbox\" value=\"on\" checked"));
        assert!(edit.body.contains("name=\"professional_referral\" type=\"checkbox\" value=\"on\">"));
    }

    async fn a_county_admin_edits_a_provider_and_the_changed_fields_are_audited(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        let id = create(&mut admin, "derbyshire", &Form::valid("Safe and Sound")).await;
        let version = hidden(&admin.get(&format!("/admin/derbyshire/providers/{id}")).await.body, "version").unwrap();

        let form = Form::valid("Safe and Sound")
            .set("summary", "Support for children and young people.")
            .set("max_age", "19")
            .without("self_referral");
        let res = update(&mut admin, "derbyshire", &id, &form, &version).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(res.location(), Some(format!("/admin/derbyshire/providers/{id}").as_str()));
        let provider = stored(&app, &derbyshire, &id).await;
        assert_eq!(provider.version, 2);
        assert_eq!(provider.fields.summary, "Support for children and young people.");
        assert_eq!(provider.fields.max_age, Some(19));
        assert!(!provider.fields.self_referral);
        assert_eq!(
            audited(&app, "provider.update").await,
            ["provider safe-and-sound [\"summary\",\"max_age\",\"self_referral\"]"]
        );
        let log = admin.get("/admin/derbyshire/audit").await;
        assert!(log.body.contains("<code>provider.update</code>"));
        assert!(log.body.contains("summary, max_age, self_referral"));
        let edit = admin.get(&format!("/admin/derbyshire/providers/{id}")).await;
        assert_eq!(hidden(&edit.body, "version").as_deref(), Some("2"));
    }

    async fn changing_the_slug_is_audited_under_the_new_slug(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let id = create(&mut editor, "derbyshire", &Form::valid("Safe and Sound")).await;

        let res = update(&mut editor, "derbyshire", &id, &Form::valid("Safe and Sound").set("slug", "safe-sound"), "1").await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(stored(&app, &derbyshire, &id).await.fields.slug.as_str(), "safe-sound");
        assert_eq!(audited(&app, "provider.update").await, ["provider safe-sound [\"slug\"]"]);
    }

    async fn deleting_asks_for_confirmation_then_deletes(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let id = create(&mut editor, "derbyshire", &Form::valid("Safe and Sound")).await;
        let edit = editor.get(&format!("/admin/derbyshire/providers/{id}")).await;
        assert!(edit.body.contains(&format!("href=\"/admin/derbyshire/providers/{id}/delete\"")), "a link, not a button");

        let confirm = editor.get(&format!("/admin/derbyshire/providers/{id}/delete")).await;

        assert_eq!(confirm.status, StatusCode::OK);
        assert!(confirm.body.contains("Are you sure you want to delete Safe and Sound?"));
        assert!(confirm.body.contains(&format!("<form method=\"post\" action=\"/admin/derbyshire/providers/{id}/delete\">")));
        assert_eq!(app.count("SELECT COUNT(*) FROM providers").await, 1, "not deleted by looking");

        let res = editor.post(&format!("/admin/derbyshire/providers/{id}/delete"), &[]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(res.location(), Some("/admin/derbyshire/providers"));
        assert_eq!(app.count("SELECT COUNT(*) FROM providers").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM provider_categories").await, 0);
        assert_eq!(audited(&app, "provider.delete").await, ["provider safe-and-sound []"]);
        let list = editor.get("/admin/derbyshire/providers").await;
        assert!(list.body.contains("Safe and Sound was deleted."));
        assert_eq!(rows(&list.body), 0);
        assert_eq!(editor.get(&format!("/admin/derbyshire/providers/{id}")).await.status, StatusCode::NOT_FOUND);
    }

    async fn deleting_needs_the_csrf_token(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let id = create(&mut editor, "derbyshire", &Form::valid("Safe and Sound")).await;
        let before = snapshot(&app).await;

        let res = editor
            .post_form(&format!("/admin/derbyshire/providers/{id}/delete"), &[("csrf_token", "forged")])
            .await;

        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(snapshot(&app).await, before);
    }

    // --- Validation -----------------------------------------------------

    async fn an_empty_name_is_refused(app: TestApp) {
        assert_refused(&app, &Form::valid("   "), "name").await;
    }

    async fn a_javascript_website_is_refused(app: TestApp) {
        assert_refused(&app, &Form::valid("Safe and Sound").set("website", "javascript:alert(1)"), "website").await;
    }

    async fn a_minimum_age_above_the_maximum_is_refused(app: TestApp) {
        let form = Form::valid("Safe and Sound").set("min_age", "19").set("max_age", "11");
        assert_refused(&app, &form, "min_age").await;
    }

    async fn invalid_opening_hours_are_refused(app: TestApp) {
        let form = Form::valid("Safe and Sound").set("opening_hours", "Tu 25:00-99:00 sometimes");
        assert_refused(&app, &form, "opening_hours").await;
    }

    async fn an_invalid_email_is_refused(app: TestApp) {
        assert_refused(&app, &Form::valid("Safe and Sound").set("email", "not-an-email"), "email").await;
    }

    async fn an_unknown_status_is_refused(app: TestApp) {
        assert_refused(&app, &Form::valid("Safe and Sound").set("status", "hidden"), "status").await;
    }

    async fn a_malformed_slug_is_refused(app: TestApp) {
        assert_refused(&app, &Form::valid("Safe and Sound").set("slug", "Not A Slug"), "slug").await;
    }

    async fn an_unknown_category_is_refused(app: TestApp) {
        let form = Form::valid("Safe and Sound").set("categories", "cse, no-such-category");
        assert_refused(&app, &form, "categories").await;
    }

    async fn a_malformed_phone_number_is_refused(app: TestApp) {
        assert_refused(&app, &Form::valid("Safe and Sound").set("phone", "call us"), "phone").await;
    }

    async fn a_slug_taken_by_another_provider_is_refused_beside_the_slug(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        create(&mut editor, "derbyshire", &Form::valid("Safe and Sound")).await;
        let other = create(&mut editor, "derbyshire", &Form::valid("NSPCC")).await;
        let before = snapshot(&app).await;

        let created = editor.post("/admin/derbyshire/providers", &Form::valid("Safe and Sound").pairs()).await;
        let updated = update(&mut editor, "derbyshire", &other, &Form::valid("NSPCC").set("slug", "safe-and-sound"), "1").await;

        for res in [&created, &updated] {
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
            let message = field_error(&res.body, "slug").expect("a message beside the slug");
            assert!(message.contains("already has the slug"), "{message}");
            assert!(summary_lists(&res.body, "slug", &message));
        }
        assert_eq!(snapshot(&app).await, before, "nothing written");
    }

    async fn the_error_summary_follows_the_order_of_the_form(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let form = Form::valid("")
            .set("email", "nope")
            .set("categories", "no-such-category")
            .set("status", "hidden");

        let res = editor.post("/admin/derbyshire/providers", &form.pairs()).await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let at = |field: &str| res.body.find(&format!("<a href=\"#{field}\">")).unwrap_or_else(|| panic!("{field}"));
        assert!(at("name") < at("email") && at("email") < at("categories") && at("categories") < at("status"));
        assert!(res.body.contains("value=\"nope\""), "what was typed is kept");
    }

    // --- Escaping -------------------------------------------------------

    async fn markup_in_every_free_text_field_is_escaped_in_the_list_and_edit_pages(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        let mut form = Form::valid("x");
        for field in FREE_TEXT {
            form = form.set(field, &format!("{SCRIPT} {ATTRIBUTE} {field}"));
        }
        let id = create(&mut admin, "derbyshire", &form).await;

        let list = admin.get("/admin/derbyshire/providers").await;
        let edit = admin.get(&format!("/admin/derbyshire/providers/{id}")).await;
        let confirm = admin.get(&format!("/admin/derbyshire/providers/{id}/delete")).await;
        let log = admin.get("/admin/derbyshire/audit").await;

        for (page, res) in [("list", &list), ("edit", &edit), ("delete", &confirm), ("audit", &log)] {
            assert_eq!(res.status, StatusCode::OK, "{page}");
            assert!(!carries_markup(&res.body), "{page} escapes: {}", res.body);
            assert!(res.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "{page} shows the text");
        }
        for field in FREE_TEXT {
            assert!(edit.body.contains(&format!("&#60;script&#62;alert(1)&#60;/script&#62; &#34;&#62;&#60;img src=x onerror=alert(1)&#62; {field}")), "{field} shown escaped");
        }
    }

    async fn markup_in_every_field_is_escaped_when_the_form_comes_back_with_errors(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let id = create(&mut editor, "derbyshire", &Form::valid("Safe and Sound")).await;
        let mut form = Form::valid("x");
        for field in TEXT_FIELDS {
            form = form.set(field, &format!("{SCRIPT}{ATTRIBUTE}"));
        }

        let created = editor.post("/admin/derbyshire/providers", &form.pairs()).await;
        let updated = update(&mut editor, "derbyshire", &id, &form, "1").await;
        // A stale version with values that pass validation: the 409 page
        // shows them in its table and its form.
        let mut valid = Form::valid("x");
        for field in FREE_TEXT {
            valid = valid.set(field, &format!("{SCRIPT}{ATTRIBUTE}"));
        }
        let stale = update(&mut editor, "derbyshire", &id, &valid, "0").await;

        for (what, res, status) in [
            ("create", &created, StatusCode::UNPROCESSABLE_ENTITY),
            ("update", &updated, StatusCode::UNPROCESSABLE_ENTITY),
            ("conflict", &stale, StatusCode::CONFLICT),
        ] {
            assert_eq!(res.status, status, "{what}");
            assert!(!carries_markup(&res.body), "{what} escapes: {}", res.body);
            assert!(res.body.contains("&#60;script&#62;"), "{what} shows the text");
        }
    }

    // --- Optimistic locking ---------------------------------------------

    async fn a_stale_version_changes_nothing_and_shows_both_versions(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut first = app.editor_of(&derbyshire).await;
        let mut second = app.county_admin_of(&derbyshire).await;
        let id = create(&mut first, "derbyshire", &Form::valid("Safe and Sound")).await;
        let saved = update(&mut first, "derbyshire", &id, &Form::valid("Safe and Sound").set("summary", "Summary from the first editor"), "1").await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let before = snapshot(&app).await;

        let mine = Form::valid("Safe and Sound").set("summary", "Summary from the second editor");
        let res = update(&mut second, "derbyshire", &id, &mine, "1").await;

        assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
        assert_eq!(snapshot(&app).await, before, "nothing changed");
        let provider = stored(&app, &derbyshire, &id).await;
        assert_eq!(provider.version, 2);
        assert_eq!(provider.fields.summary, "Summary from the first editor");
        assert!(res.body.contains("Your version") && res.body.contains("Saved version"));
        assert!(res.body.contains("<td class=\"text-block\">Summary from the second editor</td>"));
        assert!(res.body.contains("<td class=\"text-block\">Summary from the first editor</td>"));
        assert!(res.body.contains(&format!("href=\"/admin/derbyshire/providers/{id}\"")), "a link to reload");
        assert_eq!(hidden(&res.body, "version").as_deref(), Some("2"), "the form carries the saved version");
        assert!(res.body.contains(">Summary from the second editor</textarea>"), "the form holds my values");
        assert_eq!(audited(&app, "provider.update").await.len(), 1, "only the first save");

        // Sending it again from the conflict page is deliberate and wins.
        let again = update(&mut second, "derbyshire", &id, &mine, "2").await;
        assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
        let provider = stored(&app, &derbyshire, &id).await;
        assert_eq!((provider.version, provider.fields.summary.as_str()), (3, "Summary from the second editor"));
    }

    async fn a_missing_or_garbled_version_is_treated_as_stale(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let id = create(&mut editor, "derbyshire", &Form::valid("Safe and Sound")).await;
        let before = snapshot(&app).await;

        let missing = editor
            .post(&format!("/admin/derbyshire/providers/{id}"), &Form::valid("Changed").pairs())
            .await;
        let garbled = update(&mut editor, "derbyshire", &id, &Form::valid("Changed"), "one").await;

        assert_eq!(missing.status, StatusCode::CONFLICT);
        assert_eq!(garbled.status, StatusCode::CONFLICT);
        assert_eq!(snapshot(&app).await, before, "nothing changed");
    }

    async fn of_eight_concurrent_saves_from_the_same_version_exactly_one_wins(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let id = create(&mut editor, "derbyshire", &Form::valid("Safe and Sound")).await;
        let path = format!("/admin/derbyshire/providers/{id}");
        let start = Arc::new(tokio::sync::Barrier::new(8));

        let mut tasks = Vec::new();
        for n in 0..8 {
            let mut client = editor.clone();
            let path = path.clone();
            let start = Arc::clone(&start);
            tasks.push(tokio::spawn(async move {
                let token = client.csrf().await;
                let form = Form::valid("Safe and Sound")
                    .set("summary", &format!("Saved by writer {n}"))
                    .set("version", "1")
                    .set("csrf_token", &token);
                start.wait().await;
                client.post_form(&path, &form.pairs()).await.status
            }));
        }
        let mut statuses = Vec::new();
        for task in tasks {
            statuses.push(task.await.unwrap());
        }

        let won = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
        let refused = statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count();
        assert_eq!((won, refused), (1, 7), "{statuses:?}");
        let provider = stored(&app, &derbyshire, &id).await;
        assert_eq!(provider.version, 2);
        assert!(provider.fields.summary.starts_with("Saved by writer "));
        assert_eq!(audited(&app, "provider.update").await.len(), 1);
    }

    // --- Review ---------------------------------------------------------

    async fn marking_as_reviewed_updates_reviewed_at_and_clears_review_due(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let id = create(&mut editor, "derbyshire", &Form::valid("Safe and Sound")).await;
        let uuid = uuid::Uuid::parse_str(&id).unwrap();
        providers::mark_reviewed(&app.db, derbyshire.id, uuid, 1, datetime!(2020-01-15 10:00 UTC), None)
            .await
            .unwrap();
        let list = editor.get("/admin/derbyshire/providers").await;
        assert!(list.body.contains("15 January 2020"), "{}", list.body);
        assert!(list.body.contains("Review due"));
        let edit = editor.get(&path_of(&id)).await;
        assert!(edit.body.contains(&format!("action=\"/admin/derbyshire/providers/{id}/review\"")));

        let res = editor.post(&format!("/admin/derbyshire/providers/{id}/review"), &[("version", "2")]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let provider = stored(&app, &derbyshire, &id).await;
        let reviewed = provider.reviewed_at.expect("reviewed");
        assert!((time::OffsetDateTime::now_utc() - reviewed).whole_minutes() < 5, "{reviewed}");
        assert_eq!(provider.version, 3);
        assert_eq!(audited(&app, "provider.review").await, ["provider safe-and-sound [\"reviewed_at\"]"]);
        let list = editor.get("/admin/derbyshire/providers").await;
        assert!(!list.body.contains("Review due"));
    }

    async fn marking_a_stale_version_as_reviewed_is_refused_with_409(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let id = create(&mut editor, "derbyshire", &Form::valid("Safe and Sound")).await;
        update(&mut editor, "derbyshire", &id, &Form::valid("Safe and Sound").set("area", "Derby"), "1").await;
        let before = snapshot(&app).await;
        let reviewed_before = stored(&app, &derbyshire, &id).await.reviewed_at;

        let res = editor.post(&format!("/admin/derbyshire/providers/{id}/review"), &[("version", "1")]).await;

        assert_eq!(res.status, StatusCode::CONFLICT);
        assert!(res.body.contains("Saved version"));
        assert_eq!(hidden(&res.body, "version").as_deref(), Some("2"));
        assert_eq!(snapshot(&app).await, before);
        assert_eq!(stored(&app, &derbyshire, &id).await.reviewed_at, reviewed_before);
    }

    // --- The list -------------------------------------------------------

    async fn the_list_searches_filters_and_sorts(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        insert(&app, &derbyshire, "Safe and Sound", "published", "cse").await;
        insert(&app, &derbyshire, "NSPCC", "published", "helpline").await;
        insert(&app, &derbyshire, "Childline", "draft", "helpline, counselling").await;
        insert(&app, &derbyshire, "Old Service", "archived", "").await;

        let all = editor.get("/admin/derbyshire/providers").await;
        let by_name = editor.get("/admin/derbyshire/providers?q=sound").await;
        let drafts = editor.get("/admin/derbyshire/providers?status=draft").await;
        let helplines = editor.get("/admin/derbyshire/providers?category=helpline").await;
        let both = editor.get("/admin/derbyshire/providers?category=helpline&status=published").await;
        let none = editor.get("/admin/derbyshire/providers?q=%25").await;

        assert_eq!(rows(&all.body), 4);
        let order: Vec<usize> = ["Childline", "NSPCC", "Old Service", "Safe and Sound"]
            .iter()
            .map(|n| all.body.find(&format!("\">{n}</a>")).unwrap())
            .collect();
        assert!(order.is_sorted(), "by name");
        assert_eq!(rows(&by_name.body), 1);
        assert!(by_name.body.contains(">Safe and Sound</a>"));
        assert!(by_name.body.contains("value=\"sound\""), "the search is kept");
        assert_eq!(rows(&drafts.body), 1);
        assert!(drafts.body.contains(">Childline</a>"));
        assert!(drafts.body.contains("<option value=\"draft\" selected>"));
        assert_eq!(rows(&helplines.body), 2);
        assert!(helplines.body.contains("Counselling and therapy, Helplines"), "category names");
        assert_eq!(rows(&both.body), 1);
        assert!(both.body.contains(">NSPCC</a>"));
        assert_eq!(rows(&none.body), 0, "% is a character, not a wildcard");
        assert!(all.body.contains("<span class=\"tag tag--warning\">Archived</span>"));

        let updated = editor.get("/admin/derbyshire/providers?sort=updated").await;
        assert_eq!(rows(&updated.body), 4);
        assert!(updated.body.contains("<option value=\"updated\" selected>"));
    }

    async fn the_list_has_pages_of_25_that_keep_the_filters(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        for n in 0..27 {
            insert(&app, &derbyshire, &format!("Service {n:02}"), "published", "").await;
        }
        insert(&app, &derbyshire, "Draft service", "draft", "").await;

        let first = editor.get("/admin/derbyshire/providers?status=published&q=service").await;
        let second = editor.get("/admin/derbyshire/providers?status=published&q=service&page=2").await;
        let far = editor.get("/admin/derbyshire/providers?page=99999999999").await;

        assert_eq!(rows(&first.body), 25);
        assert!(first.body.contains("Page 1 of 2"));
        assert!(first.body.contains("href=\"/admin/derbyshire/providers?q=service&#38;status=published&#38;page=2\""), "{}", first.body);
        assert_eq!(rows(&second.body), 2);
        assert!(second.body.contains(">Service 26</a>"));
        assert!(second.body.contains("rel=\"prev\""));
        assert_eq!(far.status, StatusCode::OK);
        assert_eq!(rows(&far.body), 3, "the last page");
    }

    // --- Another county is invisible ------------------------------------

    async fn every_provider_route_of_another_county_is_404(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let nottinghamshire = app.create_tenant("nottinghamshire").await;
        let mut theirs = app.editor_of(&nottinghamshire).await;
        let their_id = create(&mut theirs, "nottinghamshire", &Form::valid("Notts Service")).await;
        let mut mine = app.county_admin_of(&derbyshire).await;
        let my_id = create(&mut mine, "derbyshire", &Form::valid("Safe and Sound")).await;
        let before = snapshot(&app).await;
        let not_found = mine.get("/admin/nowhere/providers").await.body;

        let mut routes = vec![
            ("GET", "/admin/nottinghamshire/providers".to_owned()),
            ("GET", "/admin/nottinghamshire/providers/new".to_owned()),
            ("POST", "/admin/nottinghamshire/providers".to_owned()),
            ("GET", "/admin/nottinghamshire/categories".to_owned()),
            ("POST", "/admin/nottinghamshire/categories".to_owned()),
        ];
        // Their provider under their county's URL and under mine; ids that
        // are not providers at all; my provider under their URL.
        routes.extend(provider_routes("nottinghamshire", &their_id));
        routes.extend(provider_routes("derbyshire", &their_id));
        routes.extend(provider_routes("derbyshire", &uuid::Uuid::new_v4().to_string()));
        routes.extend(provider_routes("derbyshire", "not-a-uuid"));
        routes.extend(provider_routes("nottinghamshire", &my_id));
        for (method, path) in &routes {
            let res = send(&mut mine, method, path, &Form::valid("Notts Service")).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{method} {path}");
            assert_eq!(res.body, not_found, "{method} {path} reveals nothing");
            assert!(!res.body.contains("Notts Service"), "{method} {path}");
        }

        assert_eq!(snapshot(&app).await, before, "nothing written");
        assert_eq!(stored(&app, &nottinghamshire, &their_id).await.version, 1);
    }

    async fn another_countys_category_cannot_be_deleted_under_my_county(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let nottinghamshire = app.create_tenant("nottinghamshire").await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        let theirs = category_id(&app, &nottinghamshire, "cse").await;
        let before = snapshot(&app).await;

        for path in [
            format!("/admin/derbyshire/categories/{theirs}/delete"),
            format!("/admin/nottinghamshire/categories/{theirs}/delete"),
            "/admin/derbyshire/categories/not-a-uuid/delete".to_owned(),
        ] {
            assert_eq!(admin.post(&path, &[]).await.status, StatusCode::NOT_FOUND, "{path}");
        }

        assert_eq!(snapshot(&app).await, before, "nothing written");
    }

    // --- Suspended counties ---------------------------------------------

    async fn a_suspended_countys_providers_are_read_only(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        let id = create(&mut admin, "derbyshire", &Form::valid("Safe and Sound")).await;
        tenants::set_status(&app.db, derbyshire.id, TenantStatus::Suspended).await.unwrap();
        let before = snapshot(&app).await;

        let list = admin.get("/admin/derbyshire/providers").await;
        let edit = admin.get(&path_of(&id)).await;
        assert_eq!(list.status, StatusCode::OK);
        assert_eq!(edit.status, StatusCode::OK);
        assert!(!edit.body.contains("Save changes"), "no way to save");
        for (method, path) in [
            ("GET", "/admin/derbyshire/providers/new".to_owned()),
            ("POST", "/admin/derbyshire/providers".to_owned()),
            ("POST", "/admin/derbyshire/categories".to_owned()),
            ("GET", format!("/admin/derbyshire/providers/{id}/delete")),
            ("POST", format!("/admin/derbyshire/providers/{id}")),
            ("POST", format!("/admin/derbyshire/providers/{id}/delete")),
            ("POST", format!("/admin/derbyshire/providers/{id}/review")),
        ] {
            let res = send(&mut admin, method, &path, &Form::valid("Other").set("slug", "other-x").set("name", "Other")).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{method} {path}");
        }
        assert_eq!(snapshot(&app).await, before, "nothing written");
    }

    // --- Categories -----------------------------------------------------

    async fn an_editor_adds_and_deletes_a_category(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;

        let res = editor.post("/admin/derbyshire/categories", &[("slug", "youth-work"), ("name", "Youth work")]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(res.location(), Some("/admin/derbyshire/categories"));
        let page = editor.get("/admin/derbyshire/categories").await;
        assert!(page.body.contains("Category Youth work was added."));
        assert!(page.body.contains("<code>youth-work</code>"));
        assert_eq!(audited(&app, "category.create").await, ["category youth-work [\"slug\",\"name\"]"]);
        let id = create(&mut editor, "derbyshire", &Form::valid("Youth Club").set("categories", "youth-work, cse")).await;
        let category = category_id(&app, &derbyshire, "youth-work").await;

        let res = editor.post(&format!("/admin/derbyshire/categories/{category}/delete"), &[]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(app.count("SELECT COUNT(*) FROM categories WHERE slug = 'youth-work'").await, 0);
        let provider = stored(&app, &derbyshire, &id).await;
        let left: Vec<&str> = provider.fields.categories.iter().map(domain::Slug::as_str).collect();
        assert_eq!(left, ["cse"], "the provider keeps its other categories");
        assert_eq!(audited(&app, "category.delete").await, ["category youth-work []"]);
    }

    async fn a_duplicate_or_malformed_category_slug_or_empty_name_is_refused(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let before = snapshot(&app).await;

        for (fields, field) in [
            ([("slug", "cse"), ("name", "Exploitation again")], "slug"),
            ([("slug", "Not Valid"), ("name", "Not valid")], "slug"),
            ([("slug", "fine"), ("name", "   ")], "name"),
        ] {
            let res = editor.post("/admin/derbyshire/categories", &fields).await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
            let message = field_error(&res.body, field).unwrap_or_else(|| panic!("{fields:?}: {}", res.body));
            assert!(summary_lists(&res.body, field, &message));
            assert!(res.body.contains("<title>Error: Categories"));
        }

        assert_eq!(snapshot(&app).await, before, "nothing written");
    }

    // --- Pages ----------------------------------------------------------

    async fn the_county_nav_and_overview_link_to_providers_and_categories(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;

        let overview = editor.get("/admin/derbyshire").await;

        assert!(overview.body.matches("href=\"/admin/derbyshire/providers\"").count() >= 2);
        assert!(overview.body.matches("href=\"/admin/derbyshire/categories\"").count() >= 2);
    }

    async fn each_provider_page_has_one_h1_and_its_own_title(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let id = create(&mut editor, "derbyshire", &Form::valid("Safe and Sound")).await;
        let stale = update(&mut editor, "derbyshire", &id, &Form::valid("Safe and Sound"), "0").await;

        let mut titles = Vec::new();
        for (page, res) in [
            ("list", editor.get("/admin/derbyshire/providers").await),
            ("new", editor.get("/admin/derbyshire/providers/new").await),
            ("edit", editor.get(&path_of(&id)).await),
            ("delete", editor.get(&format!("{}/delete", path_of(&id))).await),
            ("categories", editor.get("/admin/derbyshire/categories").await),
            ("conflict", stale),
        ] {
            assert_eq!(res.body.matches("<h1").count(), 1, "{page}");
            let start = res.body.find("<title>").unwrap() + 7;
            let end = res.body.find("</title>").unwrap();
            titles.push(res.body[start..end].to_owned());
            // Every input, select and textarea has a label.
            for prefix in [
                "<input class=\"input\" id=\"",
                "<input class=\"input input--medium\" id=\"",
                "<textarea class=\"textarea\" id=\"",
                "<select class=\"select\" id=\"",
                "<input class=\"checkbox__input\" id=\"",
            ] {
                for rest in res.body.split(prefix).skip(1) {
                    let id = &rest[..rest.find('"').unwrap()];
                    assert!(res.body.contains(&format!("for=\"{id}\">")), "{page}: a label for {id}");
                }
            }
        }
        let mut unique = titles.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), titles.len(), "{titles:?}");
    }
}

/// The id of the county's category with this slug.
async fn category_id(app: &TestApp, tenant: &Tenant, slug: &str) -> uuid::Uuid {
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
