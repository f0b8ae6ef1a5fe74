//! The provider form without notation: categories as labelled checkboxes,
//! and opening hours as a table of the week (or "the hours vary", or the
//! advanced `opening_hours` text), turned by the server into the text it
//! stores. Scripts' `categories` and `opening_hours` fields keep working.

use axum::http::StatusCode;
use domain::County;
use integration_tests::{
    TestApp, TestClient, TestResponse, both_backends, field_error, summary_lists,
};
use persistence::repo::providers;

/// The fields a browser sends for a provider with these hours fields.
fn form<'a>(name: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("name", name),
        ("summary", "Support."),
        ("status", "published"),
        ("hours_note", ""),
        ("opening_hours", ""),
    ];
    fields.retain(|(k, _)| !extra.iter().any(|(key, _)| key == k));
    fields.extend_from_slice(extra);
    fields
}

async fn create(editor: &mut TestClient, fields: &[(&str, &str)]) -> TestResponse {
    editor.post("/admin/derbyshire/providers", fields).await
}

async fn stored_hours(app: &TestApp, county: &County, slug: &str) -> (Option<String>, String) {
    let p = providers::find_by_slug(&app.db, county.id, slug)
        .await
        .unwrap()
        .expect("stored");
    (p.fields.opening_hours, p.fields.hours_note)
}

/// The value of the input `id` on the page.
fn value_of(body: &str, id: &str) -> Option<String> {
    let at = body.find(&format!("id=\"{id}\""))?;
    let tag_end = at + body[at..].find('>')?;
    let tag = &body[at..tag_end];
    let start = tag.find("value=\"")? + "value=\"".len();
    let end = tag[start..].find('"')?;
    Some(tag[start..start + end].to_owned())
}

/// Whether the option `value` of the select `id` is selected.
fn selected(body: &str, id: &str, value: &str) -> bool {
    let Some(at) = body.find(&format!("id=\"{id}\"")) else {
        return false;
    };
    let end = at + body[at..].find("</select>").unwrap_or(0);
    body[at..end].contains(&format!("<option value=\"{value}\" selected>"))
}

fn checked(body: &str, id: &str) -> bool {
    body.find(&format!("id=\"{id}\""))
        .and_then(|at| {
            body[at..]
                .find('>')
                .map(|end| body[at..at + end].contains(" checked"))
        })
        .unwrap_or(false)
}

both_backends! {
    async fn categories_are_labelled_checkboxes_and_ticked_ones_are_saved(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;
        let new = editor.get("/admin/derbyshire/providers/new").await;
        assert!(new.body.contains("<legend class=\"fieldset__legend\">Categories (optional)</legend>"));
        for (id, name) in [("categories", "Child sexual exploitation"), ("categories-lgbt", "LGBT+")] {
            assert!(new.body.contains(&format!("<label class=\"checkbox__label\" for=\"{id}\">{name}</label>")), "{id}");
        }
        assert!(!new.body.contains("Category slugs separated by commas"));

        // A browser sends one `categories` per ticked box.
        let res = create(&mut editor, &form("Safe and Sound", &[("categories", "cse"), ("categories", "lgbt")])).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let edit = editor.get(res.location().unwrap()).await;
        assert!(checked(&edit.body, "categories"), "cse is ticked");
        assert!(checked(&edit.body, "categories-lgbt"));
        assert!(!checked(&edit.body, "categories-helpline"));
        let stored = providers::find_by_slug(&app.db, derbyshire.id, "safe-and-sound").await.unwrap().unwrap();
        let slugs: Vec<&str> = stored.fields.categories.iter().map(domain::Slug::as_str).collect();
        assert_eq!(slugs, ["cse", "lgbt"]);

        // Scripts still send one comma-separated field.
        let res = create(&mut editor, &form("Umbrella", &[("categories", "helpline, isva")])).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let stored = providers::find_by_slug(&app.db, derbyshire.id, "umbrella").await.unwrap().unwrap();
        assert_eq!(stored.fields.categories.len(), 2);

        // An unknown category is refused beside the checkboxes.
        let res = create(&mut editor, &form("Third", &[("categories", "cse"), ("categories", "no-such")])).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let message = field_error(&res.body, "categories").expect("beside the categories");
        assert!(message.contains("no-such"), "{message}");
        assert!(summary_lists(&res.body, "categories", &message));
    }

    async fn the_week_table_becomes_the_stored_text_and_shows_it_again(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;
        let res = create(&mut editor, &form("SAIL", &[
            ("hours_mode", "table"),
            ("hours_tu", "open"), ("hours_tu_1_from", "10:00"), ("hours_tu_1_to", "14:00"),
            ("hours_we", "open"), ("hours_we_1_from", "16:00"), ("hours_we_1_to", "20:00"),
            ("hours_th", "open"), ("hours_th_1_from", "10:00"), ("hours_th_1_to", "16:00"),
            ("hours_sa", "all_day"),
            ("hours_mo", "closed"), ("hours_mo_1_from", "09:00"), ("hours_mo_1_to", "17:00"),
        ])).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(
            stored_hours(&app, &derbyshire, "sail").await.0.as_deref(),
            Some("Tu 10:00-14:00; We 16:00-20:00; Th 10:00-16:00; Sa 00:00-24:00"),
            "a closed day's times are ignored"
        );

        let edit = editor.get(res.location().unwrap()).await;
        assert!(checked(&edit.body, "hours_mode"), "the table is chosen");
        assert!(selected(&edit.body, "hours_tu", "open"));
        assert_eq!(value_of(&edit.body, "hours_tu_1_from").as_deref(), Some("10:00"));
        assert_eq!(value_of(&edit.body, "hours_tu_1_to").as_deref(), Some("14:00"));
        assert!(selected(&edit.body, "hours_sa", "all_day"));
        assert!(selected(&edit.body, "hours_mo", "closed"));
        assert_eq!(value_of(&edit.body, "hours_mo_1_from").as_deref(), Some(""));
        assert!(edit.body.contains("<code id=\"hours-saved-text\">Tu 10:00-14:00; We 16:00-20:00; Th 10:00-16:00; Sa 00:00-24:00</code>"));
        let preview = integration_tests::element_text(&edit.body, "hours-preview").expect("a preview line");
        assert!(preview.starts_with("Open now") || preview.starts_with("Closed") || preview.starts_with("Opens"), "{preview}");
        // Every time input has a label.
        for day in ["mo", "tu", "we", "th", "fr", "sa", "su"] {
            for n in 1..=3 {
                for end in ["from", "to"] {
                    let id = format!("hours_{day}_{n}_{end}");
                    assert!(edit.body.contains(&format!("<label class=\"label\" for=\"{id}\">")), "{id}");
                }
            }
        }
    }

    async fn a_bad_period_is_refused_beside_its_day_and_nothing_is_written(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        for (day, from, to, second, expected) in [
            ("hours_tu", "14:00", "10:00", None, "must close after it opens"),
            ("hours_we", "09:00", "13:00", Some(("12:00", "15:00")), "overlaps or touches period 1"),
            ("hours_fr", "09:00", "", None, "enter both times"),
        ] {
            let from_key = format!("{day}_1_from");
            let to_key = format!("{day}_1_to");
            let mut fields = form("Bad Hours", &[("hours_mode", "table"), (day, "open")]);
            fields.push((from_key.as_str(), from));
            fields.push((to_key.as_str(), to));
            let (f2, t2) = (format!("{day}_2_from"), format!("{day}_2_to"));
            if let Some((a, b)) = second {
                fields.push((f2.as_str(), a));
                fields.push((t2.as_str(), b));
            }
            let res = create(&mut editor, &fields).await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{day}");
            let message = field_error(&res.body, day).unwrap_or_else(|| panic!("a message beside {day}"));
            assert!(message.contains(expected), "{day}: {message}");
            assert!(summary_lists(&res.body, day, &message), "{day}: in the summary");
            assert!(res.body.contains(&format!("aria-describedby=\"{day}-error\"")));
            assert_eq!(value_of(&res.body, &from_key).as_deref(), Some(from), "{day}: kept as typed");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM providers").await, 0, "nothing written");
    }

    async fn varying_hours_need_a_note_and_store_no_hours(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;
        let res = create(&mut editor, &form("Drop In", &[("hours_mode", "varies"), ("hours_tu", "open"), ("hours_tu_1_from", "10:00"), ("hours_tu_1_to", "14:00")])).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(field_error(&res.body, "hours_note").is_some_and(|m| m.contains("Say when the service is open")));

        let res = create(&mut editor, &form("Drop In", &[("hours_mode", "varies"), ("hours_note", "Term times only: phone first"), ("hours_tu", "open"), ("hours_tu_1_from", "10:00"), ("hours_tu_1_to", "14:00")])).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(stored_hours(&app, &derbyshire, "drop-in").await, (None, "Term times only: phone first".to_owned()));
        let edit = editor.get(res.location().unwrap()).await;
        assert!(checked(&edit.body, "hours_mode-varies"));
    }

    async fn what_the_table_cannot_show_stays_advanced(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;
        let res = create(&mut editor, &form("Bank Holidays", &[("hours_mode", "advanced"), ("opening_hours", "Mo-Fr 09:00-17:00; PH off")])).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(stored_hours(&app, &derbyshire, "bank-holidays").await.0.as_deref(), Some("Mo-Fr 09:00-17:00; PH off"));
        let edit = editor.get(res.location().unwrap()).await;
        assert!(checked(&edit.body, "hours_mode-advanced"));
        assert_eq!(value_of(&edit.body, "opening_hours").as_deref(), Some("Mo-Fr 09:00-17:00; PH off"));

        // The advanced text is still checked.
        let res = create(&mut editor, &form("Nonsense", &[("hours_mode", "advanced"), ("opening_hours", "Tu 25:00-99:00 sometimes")])).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(field_error(&res.body, "opening_hours").is_some());
    }

    async fn a_script_sending_only_the_text_is_unchanged(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;
        let res = create(&mut editor, &form("Scripted", &[("opening_hours", "Mo-Fr 09:00-17:00")])).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(stored_hours(&app, &derbyshire, "scripted").await.0.as_deref(), Some("Mo-Fr 09:00-17:00"));
        let edit = editor.get(res.location().unwrap()).await;
        assert!(checked(&edit.body, "hours_mode"), "a text the table can show loads into it");
        assert!(selected(&edit.body, "hours_fr", "open"));
        assert_eq!(value_of(&edit.body, "hours_fr_1_to").as_deref(), Some("17:00"));
    }
}

/// Every demo provider's hours load into the table (or stay advanced),
/// and sending the form back as shown keeps what they mean.
async fn demo_hours_survive_an_unchanged_save(backend: integration_tests::Backend) {
    let app = TestApp::spawn(backend).await;
    server::demo::load(&app.db).await.unwrap();
    let derbyshire = persistence::repo::counties::find_by_slug(&app.db, "derbyshire")
        .await
        .unwrap()
        .unwrap();
    let mut editor = app.editor_of(&derbyshire).await;
    let before = providers::published(&app.db, derbyshire.id).await.unwrap();
    let sail = before
        .iter()
        .find(|p| p.fields.opening_hours.is_some())
        .expect("a demo provider with hours");
    let edit = editor
        .get(&format!("/admin/derbyshire/providers/{}", sail.id))
        .await;
    assert!(
        checked(&edit.body, "hours_mode"),
        "SAIL's hours load into the table"
    );
    let mut fields: Vec<(String, String)> = vec![
        ("name".into(), sail.fields.name.clone()),
        ("slug".into(), sail.fields.slug.to_string()),
        ("summary".into(), sail.fields.summary.clone()),
        ("status".into(), "published".into()),
        ("hours_note".into(), sail.fields.hours_note.clone()),
        ("opening_hours".into(), String::new()),
        ("hours_mode".into(), "table".into()),
        ("version".into(), sail.version.to_string()),
    ];
    for day in ["mo", "tu", "we", "th", "fr", "sa", "su"] {
        let state = ["closed", "open", "all_day"]
            .into_iter()
            .find(|s| selected(&edit.body, &format!("hours_{day}"), s))
            .unwrap();
        fields.push((format!("hours_{day}"), state.into()));
        for n in 1..=3 {
            for end in ["from", "to"] {
                let id = format!("hours_{day}_{n}_{end}");
                fields.push((id.clone(), value_of(&edit.body, &id).unwrap_or_default()));
            }
        }
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = editor
        .post(&format!("/admin/derbyshire/providers/{}", sail.id), &pairs)
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let after = providers::find(&app.db, derbyshire.id, sail.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        after.fields.opening_hours, sail.fields.opening_hours,
        "the same text, so the same meaning"
    );
}

mod demo_hours_survive_an_unchanged_save {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::demo_hours_survive_an_unchanged_save(integration_tests::Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::demo_hours_survive_an_unchanged_save(integration_tests::Backend::Postgres).await;
    }
}
