//! Commissioning notes in the admin: the list, create, edit, delete;
//! validation beside each field, a provider of the same county only,
//! optimistic locking, another county's notes, suspended counties, audit;
//! and internal notes that never reach a public response.

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
    commissioning::find(&app.db, tenant.id, uuid::Uuid::parse_str(id).unwrap())
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

both_backends! {
    // --- Create, edit, delete -------------------------------------------

    async fn an_editor_creates_a_note_and_lands_on_its_edit_page(app: TestApp) {
        let (derbyshire, mut editor) = derbyshire(&app).await;

        let form_page = editor.get("/admin/derbyshire/notes/new").await;
        assert_eq!(form_page.status, StatusCode::OK);
        assert!(form_page.body.contains("<title>Add a commissioning note"), "{}", form_page.body);
        assert!(form_page.body.contains("<option value=\"safe-and-sound\">Safe and Sound</option>"));
        assert!(form_page.body.contains("list=\"legal_basis-suggestions\""));
        assert!(form_page.body.contains("<datalist id=\"legal_basis-suggestions\">"));
        assert!(form_page.body.contains("<option value=\"Police Reform and Social Responsibility Act 2011\">"));
        assert!(form_page.body.contains("<option value=\"Anti-social Behaviour, Crime and Policing Act 2014 s.143\">"));
        let form = Form::valid(SERVICE)
            .set("legal_basis", "Anti-social Behaviour, Crime and Policing Act 2014 s.143")
            .set("ends_on", "2099-03-31");
        let id = create(&mut editor, "derbyshire", &form).await;

        let note = stored(&app, &derbyshire, &id).await;
        assert_eq!(note.version, 1);
        assert_eq!(note.fields.provider.as_ref().map(domain::Slug::as_str), Some("safe-and-sound"));
        assert_eq!(note.provider_name.as_deref(), Some("Safe and Sound"));
        assert_eq!(note.fields.service, SERVICE);
        assert_eq!(note.fields.legal_basis, "Anti-social Behaviour, Crime and Policing Act 2014 s.143");
        assert_eq!(note.fields.starts_on, time::macros::date!(2020 - 04 - 01));
        assert_eq!(note.fields.ends_on, Some(time::macros::date!(2099 - 03 - 31)));
        assert_eq!(note.fields.internal_notes, "Contract reference 42; review in March.");
        assert_eq!(
            app.query_strings("SELECT starts_on || ' ' || ends_on FROM commissioning_notes").await,
            ["2020-04-01 2099-03-31"],
            "dates stored as ISO text"
        );

        let edit = editor.get(&format!("/admin/derbyshire/notes/{id}")).await;
        assert_eq!(edit.status, StatusCode::OK);
        assert!(edit.body.contains(&format!("The commissioning note {SERVICE} was added.")), "a flash message");
        assert!(edit.body.contains(&format!("<title>Edit commissioning note {SERVICE}")));
        assert_eq!(hidden(&edit.body, "version").as_deref(), Some("1"));
        assert!(edit.body.contains("<option value=\"safe-and-sound\" selected>Safe and Sound</option>"));
        assert!(edit.body.contains("value=\"2020-04-01\"") && edit.body.contains("value=\"2099-03-31\""));
        assert!(edit.body.contains(">Contract reference 42; review in March.</textarea>"));
        let list = editor.get("/admin/derbyshire/notes").await;
        assert_eq!(rows(&list.body), 1);
        assert!(list.body.contains(&format!("<a href=\"/admin/derbyshire/notes/{id}\">{SERVICE}</a>")));
        assert!(list.body.contains("<td>Safe and Sound</td>"));
        assert!(list.body.contains("1 April 2020 to 31 March 2099"));
        assert!(list.body.contains("<span class=\"tag\">Current</span>"));
        assert_eq!(
            audited(&app, "note.create").await,
            [format!(
                "note {id} [\"provider\",\"service\",\"legal_basis\",\"starts_on\",\"ends_on\",\"public_statement\",\"internal_notes\"]"
            )]
        );
    }

    async fn a_note_needs_no_provider_end_date_or_statements(app: TestApp) {
        let (derbyshire, mut editor) = derbyshire(&app).await;
        let form = Form::valid(SERVICE)
            .set("provider", "")
            .set("public_statement", "")
            .set("internal_notes", "")
            .set("starts_on", "2999-01-01");

        let id = create(&mut editor, "derbyshire", &form).await;

        let note = stored(&app, &derbyshire, &id).await;
        assert_eq!((note.fields.provider, note.provider_name, note.fields.ends_on), (None, None, None));
        let list = editor.get("/admin/derbyshire/notes").await;
        assert!(list.body.contains("From 1 January 2999, no end date"));
        assert!(list.body.contains("Not started"));
        assert_eq!(
            audited(&app, "note.create").await,
            [format!("note {id} [\"service\",\"legal_basis\",\"starts_on\"]")]
        );
    }

    async fn a_county_admin_edits_a_note_and_the_changed_fields_are_audited(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        add_provider(&app, &derbyshire, "Safe and Sound").await;
        add_provider(&app, &derbyshire, "NSPCC").await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        let id = create(&mut admin, "derbyshire", &Form::valid(SERVICE)).await;
        let version = hidden(&admin.get(&format!("/admin/derbyshire/notes/{id}")).await.body, "version").unwrap();

        let form = Form::valid(SERVICE)
            .set("provider", "nspcc")
            .set("ends_on", "2021-03-31")
            .set("internal_notes", "Contract ended early.");
        let res = update(&mut admin, "derbyshire", &id, &form, &version).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(res.location(), Some(format!("/admin/derbyshire/notes/{id}").as_str()));
        let note = stored(&app, &derbyshire, &id).await;
        assert_eq!(note.version, 2);
        assert_eq!(note.provider_name.as_deref(), Some("NSPCC"));
        assert_eq!(note.fields.ends_on, Some(time::macros::date!(2021 - 03 - 31)));
        assert_eq!(note.fields.internal_notes, "Contract ended early.");
        assert_eq!(
            audited(&app, "note.update").await,
            [format!("note {id} [\"provider\",\"ends_on\",\"internal_notes\"]")]
        );
        let edit = admin.get(&format!("/admin/derbyshire/notes/{id}")).await;
        assert_eq!(hidden(&edit.body, "version").as_deref(), Some("2"));
        assert!(edit.body.contains(&format!("Changes to the commissioning note {SERVICE} were saved.")));
        let log = admin.get("/admin/derbyshire/audit").await;
        assert!(log.body.contains("<code>note.update</code>"));
        assert!(log.body.contains("provider, ends_on, internal_notes"));
        assert!(!log.body.contains("Contract ended early."), "the log names fields, not their text");
        let list = admin.get("/admin/derbyshire/notes").await;
        assert!(list.body.contains("<span class=\"tag tag--grey\">Ended</span>"));
    }

    async fn deleting_asks_for_confirmation_then_deletes(app: TestApp) {
        let (_, mut editor) = derbyshire(&app).await;
        let id = create(&mut editor, "derbyshire", &Form::valid(SERVICE)).await;
        let edit = editor.get(&format!("/admin/derbyshire/notes/{id}")).await;
        assert!(edit.body.contains(&format!("href=\"/admin/derbyshire/notes/{id}/delete\"")), "a link, not a button");

        let confirm = editor.get(&format!("/admin/derbyshire/notes/{id}/delete")).await;

        assert_eq!(confirm.status, StatusCode::OK);
        assert!(confirm.body.contains(&format!("Are you sure you want to delete the commissioning note {SERVICE}?")));
        assert!(confirm.body.contains("It is current"));
        assert!(confirm.body.contains(&format!("<form method=\"post\" action=\"/admin/derbyshire/notes/{id}/delete\">")));
        assert_eq!(app.count("SELECT COUNT(*) FROM commissioning_notes").await, 1, "not deleted by looking");

        let res = editor.post(&format!("/admin/derbyshire/notes/{id}/delete"), &[]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(res.location(), Some("/admin/derbyshire/notes"));
        assert_eq!(app.count("SELECT COUNT(*) FROM commissioning_notes").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM providers").await, 1, "the provider stays");
        assert_eq!(audited(&app, "note.delete").await, [format!("note {id} []")]);
        let list = editor.get("/admin/derbyshire/notes").await;
        assert!(list.body.contains(&format!("The commissioning note {SERVICE} was deleted.")));
        assert_eq!(rows(&list.body), 0);
        assert!(list.body.contains("There are no commissioning notes yet."));
        assert_eq!(editor.get(&format!("/admin/derbyshire/notes/{id}")).await.status, StatusCode::NOT_FOUND);
    }

    async fn writes_need_the_csrf_token(app: TestApp) {
        let (_, mut editor) = derbyshire(&app).await;
        let id = create(&mut editor, "derbyshire", &Form::valid(SERVICE)).await;
        let before = snapshot(&app).await;

        for path in [
            "/admin/derbyshire/notes".to_owned(),
            format!("/admin/derbyshire/notes/{id}"),
            format!("/admin/derbyshire/notes/{id}/delete"),
        ] {
            let form = Form::valid("Forged").set("version", "1").set("csrf_token", "forged");
            let res = editor.post_form(&path, &form.pairs()).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}");
        }

        assert_eq!(snapshot(&app).await, before);
    }

    async fn deleting_a_provider_unlinks_its_notes_and_makes_open_edits_stale(app: TestApp) {
        let (derbyshire, mut editor) = derbyshire(&app).await;
        let id = create(&mut editor, "derbyshire", &Form::valid(SERVICE)).await;
        let provider = providers::find_by_slug(&app.db, derbyshire.id, "safe-and-sound").await.unwrap().unwrap();

        let res = editor.post(&format!("/admin/derbyshire/providers/{}/delete", provider.id), &[]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(app.count("SELECT COUNT(*) FROM providers").await, 0);
        let note = stored(&app, &derbyshire, &id).await;
        assert_eq!((note.fields.provider, note.provider_name), (None, None), "the note stays, unlinked");
        assert_eq!(note.version, 2, "the note changed");
        assert_eq!(note.fields.service, SERVICE);
        let list = editor.get("/admin/derbyshire/notes").await;
        assert!(list.body.contains("<span class=\"hint\">none</span>"));
        let stale = update(&mut editor, "derbyshire", &id, &Form::valid(SERVICE).set("provider", ""), "1").await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "an edit opened before the deletion");
    }

    async fn a_provider_slug_names_the_provider_of_this_county(app: TestApp) {
        let (derbyshire, mut editor) = derbyshire(&app).await;
        let nottinghamshire = app.create_tenant("nottinghamshire").await;
        add_provider(&app, &nottinghamshire, "Safe and Sound").await;

        create(&mut editor, "derbyshire", &Form::valid(SERVICE)).await;

        assert_eq!(
            app.query_strings(
                "SELECT t.slug FROM commissioning_notes n JOIN providers p \
                 ON p.tenant_id = n.tenant_id AND p.id = n.provider_id \
                 JOIN tenants t ON t.id = p.tenant_id"
            )
            .await,
            ["derbyshire"]
        );
        assert_eq!(commissioning::list(&app.db, nottinghamshire.id).await.unwrap().len(), 0);
        assert_eq!(commissioning::list(&app.db, derbyshire.id).await.unwrap().len(), 1);
    }

    // --- Validation -----------------------------------------------------

    async fn an_empty_service_is_refused(app: TestApp) {
        let message = assert_refused(&app, &Form::valid("   "), "service").await;
        assert_eq!(message, "Enter the service commissioned");
    }

    async fn a_service_over_200_characters_is_refused(app: TestApp) {
        let message = assert_refused(&app, &Form::valid(&"s".repeat(201)), "service").await;
        assert!(message.contains("200 characters or fewer"), "{message}");
    }

    async fn an_empty_legal_basis_is_refused(app: TestApp) {
        let message = assert_refused(&app, &Form::valid(SERVICE).set("legal_basis", ""), "legal_basis").await;
        assert!(message.starts_with("Enter the legal basis"), "{message}");
    }

    async fn a_missing_start_date_is_refused(app: TestApp) {
        let message = assert_refused(&app, &Form::valid(SERVICE).set("starts_on", ""), "starts_on").await;
        assert_eq!(message, "Enter the date the commissioning starts");
    }

    async fn a_start_date_in_another_format_is_refused(app: TestApp) {
        let message = assert_refused(&app, &Form::valid(SERVICE).set("starts_on", "01/04/2026"), "starts_on").await;
        assert!(message.contains("YYYY-MM-DD"), "{message}");
    }

    async fn a_start_date_that_is_not_a_real_day_is_refused(app: TestApp) {
        let message = assert_refused(&app, &Form::valid(SERVICE).set("starts_on", "2026-02-30"), "starts_on").await;
        assert!(message.contains("real date"), "{message}");
    }

    async fn a_malformed_end_date_is_refused(app: TestApp) {
        assert_refused(&app, &Form::valid(SERVICE).set("ends_on", "next March"), "ends_on").await;
    }

    async fn an_end_date_before_the_start_is_refused(app: TestApp) {
        let form = Form::valid(SERVICE).set("starts_on", "2026-04-01").set("ends_on", "2026-03-31");
        let message = assert_refused(&app, &form, "ends_on").await;
        assert_eq!(message, "End date must be the same as or after the start date");
    }

    async fn an_unknown_provider_is_refused(app: TestApp) {
        let message = assert_refused(&app, &Form::valid(SERVICE).set("provider", "no-such-provider"), "provider").await;
        assert!(message.contains("is not a provider of Derbyshire"), "{message}");
    }

    async fn a_malformed_provider_slug_is_refused(app: TestApp) {
        assert_refused(&app, &Form::valid(SERVICE).set("provider", "Not A Slug"), "provider").await;
    }

    async fn a_provider_of_another_county_is_refused(app: TestApp) {
        let nottinghamshire = app.create_tenant("nottinghamshire").await;
        add_provider(&app, &nottinghamshire, "Notts Only").await;

        let message = assert_refused(&app, &Form::valid(SERVICE).set("provider", "notts-only"), "provider").await;

        assert!(message.contains("\u{201c}notts-only\u{201d} is not a provider of Derbyshire"), "{message}");
    }

    async fn a_public_statement_over_the_limit_is_refused(app: TestApp) {
        assert_refused(&app, &Form::valid(SERVICE).set("public_statement", &"x".repeat(20_001)), "public_statement").await;
    }

    async fn the_error_summary_follows_the_order_of_the_form(app: TestApp) {
        let (_, mut editor) = derbyshire(&app).await;
        let form = Form::valid("")
            .set("provider", "nope")
            .set("legal_basis", "")
            .set("starts_on", "soon")
            .set("ends_on", "later");

        let res = editor.post("/admin/derbyshire/notes", &form.pairs()).await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let at = |field: &str| res.body.find(&format!("<a href=\"#{field}\">")).unwrap_or_else(|| panic!("{field}"));
        assert!(at("provider") < at("service"));
        assert!(at("service") < at("legal_basis"));
        assert!(at("legal_basis") < at("starts_on"));
        assert!(at("starts_on") < at("ends_on"));
        assert!(res.body.contains("value=\"soon\"") && res.body.contains("value=\"later\""), "what was typed is kept");
        assert_eq!(app.count("SELECT COUNT(*) FROM commissioning_notes").await, 0);
    }

    // --- Escaping -------------------------------------------------------

    async fn markup_in_every_free_text_field_is_escaped(app: TestApp) {
        let (_, mut admin) = derbyshire(&app).await;
        let mut form = Form::valid("x");
        for field in FREE_TEXT {
            form = form.set(field, &format!("{SCRIPT} {ATTRIBUTE} {field}"));
        }
        let id = create(&mut admin, "derbyshire", &form).await;
        let stale = update(&mut admin, "derbyshire", &id, &form, "0").await;
        let mut invalid = form.clone().set("starts_on", &format!("{SCRIPT}{ATTRIBUTE}"));
        invalid = invalid.set("provider", &format!("{SCRIPT}{ATTRIBUTE}"));
        let refused = admin.post("/admin/derbyshire/notes", &invalid.pairs()).await;

        let list = admin.get("/admin/derbyshire/notes").await;
        let edit = admin.get(&format!("/admin/derbyshire/notes/{id}")).await;
        let confirm = admin.get(&format!("/admin/derbyshire/notes/{id}/delete")).await;
        for (page, res, status) in [
            ("list", &list, StatusCode::OK),
            ("edit", &edit, StatusCode::OK),
            ("delete", &confirm, StatusCode::OK),
            ("conflict", &stale, StatusCode::CONFLICT),
            ("invalid", &refused, StatusCode::UNPROCESSABLE_ENTITY),
        ] {
            assert_eq!(res.status, status, "{page}");
            assert!(!carries_markup(&res.body), "{page} escapes: {}", res.body);
            assert!(res.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "{page} shows the text");
        }
        for field in FREE_TEXT {
            assert!(edit.body.contains(&format!("&#60;script&#62;alert(1)&#60;/script&#62; &#34;&#62;&#60;img src=x onerror=alert(1)&#62; {field}")), "{field} shown escaped");
        }
    }

    // --- Optimistic locking ---------------------------------------------

    async fn a_stale_version_changes_nothing_and_shows_both_versions(app: TestApp) {
        let (derbyshire, mut first) = derbyshire(&app).await;
        let mut second = app.county_admin_of(&derbyshire).await;
        let id = create(&mut first, "derbyshire", &Form::valid(SERVICE)).await;
        let saved = update(&mut first, "derbyshire", &id, &Form::valid(SERVICE).set("public_statement", "Statement from the first editor"), "1").await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let before = snapshot(&app).await;

        let mine = Form::valid(SERVICE).set("public_statement", "Statement from the second editor");
        let res = update(&mut second, "derbyshire", &id, &mine, "1").await;

        assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
        assert_eq!(snapshot(&app).await, before, "nothing changed");
        let note = stored(&app, &derbyshire, &id).await;
        assert_eq!(note.version, 2);
        assert_eq!(note.fields.public_statement, "Statement from the first editor");
        assert!(res.body.contains("Your version") && res.body.contains("Saved version"));
        assert!(res.body.contains("<td class=\"text-block\">Statement from the second editor</td>"));
        assert!(res.body.contains("<td class=\"text-block\">Statement from the first editor</td>"));
        assert!(res.body.contains("<td class=\"text-block\">Safe and Sound</td>"), "the provider by name");
        assert!(res.body.contains(&format!("href=\"/admin/derbyshire/notes/{id}\"")), "a link to reload");
        assert_eq!(hidden(&res.body, "version").as_deref(), Some("2"), "the form carries the saved version");
        assert!(res.body.contains(">Statement from the second editor</textarea>"), "the form holds my values");
        assert_eq!(audited(&app, "note.update").await.len(), 1, "only the first save");

        // Sending it again from the conflict page is deliberate and wins.
        let again = update(&mut second, "derbyshire", &id, &mine, "2").await;
        assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
        let note = stored(&app, &derbyshire, &id).await;
        assert_eq!((note.version, note.fields.public_statement.as_str()), (3, "Statement from the second editor"));
    }

    async fn a_missing_or_garbled_version_is_treated_as_stale(app: TestApp) {
        let (_, mut editor) = derbyshire(&app).await;
        let id = create(&mut editor, "derbyshire", &Form::valid(SERVICE)).await;
        let before = snapshot(&app).await;

        let missing = editor
            .post(&format!("/admin/derbyshire/notes/{id}"), &Form::valid("Changed").pairs())
            .await;
        let garbled = update(&mut editor, "derbyshire", &id, &Form::valid("Changed"), "one").await;

        assert_eq!(missing.status, StatusCode::CONFLICT);
        assert_eq!(garbled.status, StatusCode::CONFLICT);
        assert_eq!(snapshot(&app).await, before, "nothing changed");
    }

    async fn of_eight_concurrent_saves_from_the_same_version_exactly_one_wins(app: TestApp) {
        let (derbyshire, mut editor) = derbyshire(&app).await;
        let id = create(&mut editor, "derbyshire", &Form::valid(SERVICE)).await;
        let path = format!("/admin/derbyshire/notes/{id}");
        let start = Arc::new(tokio::sync::Barrier::new(8));

        let mut tasks = Vec::new();
        for n in 0..8 {
            let mut client = editor.clone();
            let path = path.clone();
            let start = Arc::clone(&start);
            tasks.push(tokio::spawn(async move {
                let token = client.csrf().await;
                let form = Form::valid(SERVICE)
                    .set("internal_notes", &format!("Saved by writer {n}"))
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
        let note = stored(&app, &derbyshire, &id).await;
        assert_eq!(note.version, 2);
        assert!(note.fields.internal_notes.starts_with("Saved by writer "));
        assert_eq!(audited(&app, "note.update").await.len(), 1);
    }

    // --- Another county is invisible ------------------------------------

    async fn every_note_route_of_another_county_is_404(app: TestApp) {
        let nottinghamshire = app.create_tenant("nottinghamshire").await;
        add_provider(&app, &nottinghamshire, "Safe and Sound").await;
        let mut theirs = app.editor_of(&nottinghamshire).await;
        let their_id = create(&mut theirs, "nottinghamshire", &Form::valid("Notts Service")).await;
        let (derbyshire, _) = derbyshire(&app).await;
        let mut mine = app.county_admin_of(&derbyshire).await;
        let my_id = create(&mut mine, "derbyshire", &Form::valid(SERVICE)).await;
        let before = snapshot(&app).await;
        let not_found = mine.get("/admin/nowhere/notes").await.body;

        let mut routes = vec![
            ("GET", "/admin/nottinghamshire/notes".to_owned()),
            ("GET", "/admin/nottinghamshire/notes/new".to_owned()),
            ("POST", "/admin/nottinghamshire/notes".to_owned()),
        ];
        // Their note under their county's URL and under mine; ids that are
        // not notes at all; my note under their URL.
        routes.extend(note_routes("nottinghamshire", &their_id));
        routes.extend(note_routes("derbyshire", &their_id));
        routes.extend(note_routes("derbyshire", &uuid::Uuid::new_v4().to_string()));
        routes.extend(note_routes("derbyshire", "not-a-uuid"));
        routes.extend(note_routes("nottinghamshire", &my_id));
        for (method, path) in &routes {
            let res = send(&mut mine, method, path, &Form::valid("Notts Service")).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{method} {path}");
            assert_eq!(res.body, not_found, "{method} {path} reveals nothing");
            assert!(!res.body.contains("Notts Service"), "{method} {path}");
        }

        assert_eq!(snapshot(&app).await, before, "nothing written");
        assert_eq!(stored(&app, &nottinghamshire, &their_id).await.version, 1);
        let list = mine.get("/admin/derbyshire/notes").await;
        assert_eq!(rows(&list.body), 1, "only my county's notes");
        assert!(!list.body.contains("Notts Service"));
    }

    // --- Suspended counties ---------------------------------------------

    async fn a_suspended_countys_notes_are_read_only(app: TestApp) {
        let (derbyshire, _) = derbyshire(&app).await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        let id = create(&mut admin, "derbyshire", &Form::valid(SERVICE)).await;
        tenants::set_status(&app.db, derbyshire.id, TenantStatus::Suspended).await.unwrap();
        let before = snapshot(&app).await;

        let list = admin.get("/admin/derbyshire/notes").await;
        let edit = admin.get(&format!("/admin/derbyshire/notes/{id}")).await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains("can be read but not changed"));
        assert!(!list.body.contains("/notes/new"), "no way to add");
        assert_eq!(edit.status, StatusCode::OK);
        assert!(!edit.body.contains("Save changes"), "no way to save");
        for (method, path) in [
            ("GET", "/admin/derbyshire/notes/new".to_owned()),
            ("POST", "/admin/derbyshire/notes".to_owned()),
            ("POST", format!("/admin/derbyshire/notes/{id}")),
            ("GET", format!("/admin/derbyshire/notes/{id}/delete")),
            ("POST", format!("/admin/derbyshire/notes/{id}/delete")),
        ] {
            let res = send(&mut admin, method, &path, &Form::valid("Other")).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{method} {path}");
        }
        assert_eq!(snapshot(&app).await, before, "nothing written");
    }

    // --- Internal notes are never public --------------------------------

    async fn an_internal_notes_marker_is_absent_from_every_public_response(app: TestApp) {
        const MARKER: &str = "INTERNAL-MARKER-7f3a9c";
        let (_, mut editor) = derbyshire(&app).await;
        let form = Form::valid(SERVICE)
            .set("internal_notes", &format!("Budget line {MARKER}; **zebraquartz** renewal"));
        let id = create(&mut editor, "derbyshire", &form).await;
        let edit = editor.get(&format!("/admin/derbyshire/notes/{id}")).await;
        assert!(edit.body.contains(MARKER), "editors see it");

        let public = app.client();
        for path in [
            "/",
            "/safety",
            "/derbyshire/",
            "/derbyshire/support",
            "/derbyshire/support?q=zebraquartz",
            "/derbyshire/support/safe-and-sound",
            "/derbyshire/safety",
        ] {
            let mut client = public.clone();
            let res = client.get(path).await;
            assert_eq!(res.status, StatusCode::OK, "{path}");
            assert!(!res.body.contains(MARKER), "{path} leaks the internal notes");
            assert!(!res.body.contains("Budget line"), "{path} leaks the internal notes");
        }
    }

    // --- Pages ----------------------------------------------------------

    async fn the_county_nav_and_overview_link_to_the_notes(app: TestApp) {
        let (_, mut editor) = derbyshire(&app).await;

        let overview = editor.get("/admin/derbyshire").await;

        assert!(overview.body.contains("<li><a href=\"/admin/derbyshire/notes\">Commissioning</a></li>"));
        assert!(overview.body.matches("href=\"/admin/derbyshire/notes\"").count() >= 2);
    }

    async fn each_note_page_has_one_h1_its_own_title_and_labelled_fields(app: TestApp) {
        let (_, mut editor) = derbyshire(&app).await;
        let id = create(&mut editor, "derbyshire", &Form::valid(SERVICE)).await;
        let stale = update(&mut editor, "derbyshire", &id, &Form::valid(SERVICE), "0").await;
        let invalid = editor.post("/admin/derbyshire/notes", &Form::valid("").pairs()).await;

        let mut titles = Vec::new();
        for (page, res) in [
            ("list", editor.get("/admin/derbyshire/notes").await),
            ("new", editor.get("/admin/derbyshire/notes/new").await),
            ("edit", editor.get(&format!("/admin/derbyshire/notes/{id}")).await),
            ("delete", editor.get(&format!("/admin/derbyshire/notes/{id}/delete")).await),
            ("conflict", stale),
            ("invalid", invalid),
        ] {
            assert_eq!(res.body.matches("<h1").count(), 1, "{page}");
            let start = res.body.find("<title>").unwrap() + 7;
            let end = res.body.find("</title>").unwrap();
            titles.push(res.body[start..end].to_owned());
            for prefix in [
                "<input class=\"input\" id=\"",
                "<input class=\"input input--medium\" id=\"",
                "<textarea class=\"textarea\" id=\"",
                "<select class=\"select\" id=\"",
            ] {
                for rest in res.body.split(prefix).skip(1) {
                    let id = &rest[..rest.find('"').unwrap()];
                    assert!(res.body.contains(&format!("for=\"{id}\">")), "{page}: a label for {id}");
                    assert!(
                        rest[..rest.find('>').unwrap()].contains(&format!("aria-describedby=\"{id}-hint")),
                        "{page}: {id} has a hint"
                    );
                }
            }
        }
        let mut unique = titles.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), titles.len(), "{titles:?}");
    }
}
