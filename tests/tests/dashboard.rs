//! The county overview at `/admin/{t}`: reviews overdue and due soon,
//! commissioning ending soon, drafts and scheduled pages, recent changes;
//! only the county's own, only for its members.

use axum::http::StatusCode;
use domain::CountyStatus;
use domain::commissioning::{iso_date, london_date};
use domain::page::london_time;
use domain::{County, NewAuditEvent, Provider, RawNote, RawPage, Role};
use integration_tests::{NewPage, TestApp, both_backends};
use persistence::repo::{audit, commissioning, counties, pages, providers};
use time::{Duration, OffsetDateTime};

/// A provider last reviewed `days` ago.
async fn reviewed_days_ago(app: &TestApp, county: &County, name: &str, days: i64) -> Provider {
    let provider = app.add_provider(county, name).await;
    let at = OffsetDateTime::now_utc() - Duration::days(days);
    providers::mark_reviewed(&app.db, county.id, provider.id, provider.version, at, None)
        .await
        .unwrap();
    provider
}

/// A note of no provider ending `days` after today (London).
async fn note_ending_in(app: &TestApp, county: &County, service: &str, days: i64) {
    let today = london_date(OffsetDateTime::now_utc());
    let raw = RawNote {
        service: service.to_owned(),
        legal_basis: "Police Reform and Social Responsibility Act 2011".to_owned(),
        starts_on: "2020-04-01".to_owned(),
        ends_on: iso_date(today + Duration::days(days)),
        ..RawNote::default()
    };
    let fields = domain::commissioning::validate(&raw).unwrap();
    commissioning::create(&app.db, county.id, &fields, None)
        .await
        .unwrap();
}

/// A county event about one of its providers.
async fn record(app: &TestApp, county: &County, summary: &str) {
    let mut e = NewAuditEvent::new("provider.update", "jo@example.org");
    e.county = Some(county.id);
    e.object_type = Some("provider".to_owned());
    e.summary = summary.to_owned();
    audit::record(&app.db, e).await.unwrap();
}

/// The HTML of the section headed by the element with this id.
fn section<'a>(body: &'a str, heading_id: &str) -> &'a str {
    let start = body
        .find(&format!("<section aria-labelledby=\"{heading_id}\">"))
        .unwrap_or_else(|| panic!("no section {heading_id}"));
    let end = body[start..].find("</section>").unwrap() + start;
    &body[start..end]
}

const SECTIONS: [&str; 6] = [
    "overdue-heading",
    "due-soon-heading",
    "ending-heading",
    "drafts-heading",
    "scheduled-heading",
    "recent-heading",
];

both_backends! {
    async fn overdue_and_due_soon_providers_appear_and_freshly_reviewed_ones_do_not(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        // The county's period is six months.
        let overdue = reviewed_days_ago(&app, &derbyshire, "Safe and Sound", 220).await;
        let soon = reviewed_days_ago(&app, &derbyshire, "SAIL Derbyshire", 170).await;
        app.add_provider(&derbyshire, "Childline").await;
        let mut editor = app.editor_of(&derbyshire).await;

        let res = editor.get("/admin/derbyshire").await;

        assert_eq!(res.status, StatusCode::OK);
        let overdue_list = section(&res.body, "overdue-heading");
        assert!(overdue_list.contains("Safe and Sound"), "{overdue_list}");
        assert!(overdue_list.contains(&format!("href=\"/admin/derbyshire/providers/{}\"", overdue.id)));
        assert!(!overdue_list.contains("SAIL Derbyshire"));
        let soon_list = section(&res.body, "due-soon-heading");
        assert!(soon_list.contains("SAIL Derbyshire"), "{soon_list}");
        assert!(soon_list.contains(&format!("href=\"/admin/derbyshire/providers/{}\"", soon.id)));
        assert!(!soon_list.contains("Safe and Sound"));
        assert!(!res.body.contains("Childline"));
    }

    async fn a_review_shows_the_date_it_is_due(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        reviewed_days_ago(&app, &derbyshire, "SAIL Derbyshire", 170).await;
        let stored = providers::list(&app.db, derbyshire.id, &providers::ListQuery::default())
            .await
            .unwrap()
            .providers;
        let due = domain::provider::review_due_at(stored[0].reviewed_at, 6).unwrap();
        let mut editor = app.editor_of(&derbyshire).await;

        let res = editor.get("/admin/derbyshire").await;

        let soon_list = section(&res.body, "due-soon-heading");
        let date = london_date(due);
        assert!(soon_list.contains(&format!("<time datetime=\"{}\">{}</time>", iso_date(date), domain::commissioning::long_date(date))), "{soon_list}");
    }

    async fn archived_providers_are_never_due_for_review(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let old = reviewed_days_ago(&app, &derbyshire, "Old Service", 400).await;
        let mut raw_fields = old.fields.clone();
        raw_fields.status = domain::ProviderStatus::Archived;
        let current = providers::find(&app.db, derbyshire.id, old.id).await.unwrap().unwrap();
        providers::update(&app.db, derbyshire.id, old.id, current.version, &raw_fields, None)
            .await
            .unwrap();
        let mut editor = app.editor_of(&derbyshire).await;

        let res = editor.get("/admin/derbyshire").await;

        assert!(!res.body.contains("Old Service"));
        assert!(res.body.contains("No providers are overdue for review."));
    }

    async fn notes_ending_within_90_days_appear_and_later_ones_do_not(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        note_ending_in(&app, &derbyshire, "CSE support for young people", 30).await;
        note_ending_in(&app, &derbyshire, "Independent sexual violence advisers", 200).await;
        let mut editor = app.editor_of(&derbyshire).await;

        let res = editor.get("/admin/derbyshire").await;

        let ending = section(&res.body, "ending-heading");
        assert!(ending.contains("CSE support for young people"), "{ending}");
        assert!(ending.contains("href=\"/admin/derbyshire/notes/"));
        assert!(!res.body.contains("Independent sexual violence advisers"));
    }

    async fn notes_that_ended_lately_are_listed_apart(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        note_ending_in(&app, &derbyshire, "Counselling for survivors", -5).await;
        note_ending_in(&app, &derbyshire, "A service long gone", -400).await;
        let mut editor = app.editor_of(&derbyshire).await;

        let res = editor.get("/admin/derbyshire").await;

        let ending = section(&res.body, "ending-heading");
        assert!(ending.contains("No commissioning notes end in the next 90 days."));
        assert!(ending.contains("<h3>Ended in the last 30 days</h3>"));
        assert!(ending.contains("Counselling for survivors"));
        assert!(!res.body.contains("A service long gone"));
    }

    async fn draft_and_scheduled_pages_appear_with_links_to_the_editor(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let draft = app.add_page(&derbyshire, NewPage::new("about", "About the commissioner")).await;
        let later = app.add_page(&derbyshire, NewPage::new("new-service", "A new service")).await;
        let at = OffsetDateTime::now_utc() + Duration::days(3);
        pages::schedule(&app.db, derbyshire.id, later.id, later.version, Some(at), None)
            .await
            .unwrap();
        app.add_published_page(&derbyshire, NewPage::new("contact", "Contact us")).await;
        let mut editor = app.editor_of(&derbyshire).await;

        let res = editor.get("/admin/derbyshire").await;

        let drafts = section(&res.body, "drafts-heading");
        assert!(drafts.contains("About the commissioner"), "{drafts}");
        assert!(drafts.contains(&format!("href=\"/admin/derbyshire/pages/{}\"", draft.id)));
        assert!(!drafts.contains("A new service"));
        let scheduled = section(&res.body, "scheduled-heading");
        assert!(scheduled.contains("A new service"), "{scheduled}");
        assert!(scheduled.contains(&format!("href=\"/admin/derbyshire/pages/{}\"", later.id)));
        assert!(scheduled.contains(&london_time(at)));
        assert!(!res.body.contains("Contact us"));
    }

    async fn changes_to_a_published_page_count_as_a_draft(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let page = app.add_published_page(&derbyshire, NewPage::new("contact", "Contact us")).await;
        let fields = domain::page::validate(&RawPage {
            title: "Contact the office".to_owned(),
            slug: "contact".to_owned(),
            body: "Other words.".to_owned(),
            ..RawPage::default()
        })
        .unwrap();
        pages::save_draft(&app.db, derbyshire.id, page.id, page.version, &fields, None)
            .await
            .unwrap();
        let mut editor = app.editor_of(&derbyshire).await;

        let res = editor.get("/admin/derbyshire").await;

        let drafts = section(&res.body, "drafts-heading");
        assert!(drafts.contains("Contact the office"), "{drafts}");
        assert!(drafts.contains("Changes to the published page"));
    }

    async fn recent_changes_appear_newest_first_without_sign_ins(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        record(&app, &derbyshire, "updated Safe and Sound").await;
        record(&app, &derbyshire, "updated SAIL Derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;

        let res = editor.get("/admin/derbyshire").await;

        let recent = section(&res.body, "recent-heading");
        let sail = recent.find("updated SAIL Derbyshire").expect("the newer event");
        let safe = recent.find("updated Safe and Sound").expect("the older event");
        assert!(sail < safe, "newest first");
        assert!(recent.contains("jo@example.org"));
        // The editor's own sign-in is in the audit log, not here.
        assert!(!recent.contains("login"), "{recent}");
    }

    async fn recent_changes_show_at_most_ten_events(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        for n in 1..=12 {
            record(&app, &derbyshire, &format!("change number {n}.")).await;
        }
        let mut editor = app.editor_of(&derbyshire).await;

        let res = editor.get("/admin/derbyshire").await;

        let recent = section(&res.body, "recent-heading");
        assert!(recent.contains("change number 12."));
        assert!(recent.contains("change number 3."));
        assert!(!recent.contains("change number 2."));
        assert!(!recent.contains("change number 1."));
    }

    async fn county_admins_get_a_link_to_the_audit_log_and_editors_do_not(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        record(&app, &derbyshire, "updated Safe and Sound").await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        let mut editor = app.editor_of(&derbyshire).await;

        let as_admin = admin.get("/admin/derbyshire").await;
        let as_editor = editor.get("/admin/derbyshire").await;

        assert!(section(&as_admin.body, "recent-heading").contains("href=\"/admin/derbyshire/audit\""));
        assert!(section(&as_editor.body, "recent-heading").contains("updated Safe and Sound"));
        assert!(!as_editor.body.contains("href=\"/admin/derbyshire/audit\""));
    }

    async fn another_countys_items_never_appear(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let notts = app.with_county("nottinghamshire").await;
        reviewed_days_ago(&app, &notts, "Notts Overdue", 220).await;
        reviewed_days_ago(&app, &notts, "Notts Soon", 170).await;
        note_ending_in(&app, &notts, "Notts note", 10).await;
        note_ending_in(&app, &notts, "Notts ended note", -10).await;
        app.add_page(&notts, NewPage::new("notts-draft", "Notts draft")).await;
        let later = app.add_page(&notts, NewPage::new("notts-later", "Notts scheduled")).await;
        pages::schedule(&app.db, notts.id, later.id, later.version, Some(OffsetDateTime::now_utc() + Duration::days(1)), None)
            .await
            .unwrap();
        record(&app, &notts, "updated Notts provider").await;
        let mut editor = app.editor_of(&derbyshire).await;

        let res = editor.get("/admin/derbyshire").await;

        assert_eq!(res.status, StatusCode::OK);
        assert!(!res.body.contains("Notts"), "{}", res.body);
        assert!(res.body.contains("No providers are overdue for review."));
        assert!(res.body.contains("No providers are due for review in the next 30 days."));
        assert!(res.body.contains("No commissioning notes end in the next 90 days."));
        assert!(res.body.contains("No pages have unpublished drafts."));
        assert!(res.body.contains("No pages are scheduled to be published."));
    }

    async fn every_section_has_a_heading_and_the_page_one_h1(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;

        let res = editor.get("/admin/derbyshire").await;

        assert_eq!(res.body.matches("<h1").count(), 1);
        for id in SECTIONS {
            assert!(section(&res.body, id).contains(&format!("<h2 id=\"{id}\">")));
        }
        assert!(res.body.contains("href=\"/admin/derbyshire/pages\""), "a link to the pages");
    }

    async fn a_suspended_county_still_shows_its_overview(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        reviewed_days_ago(&app, &derbyshire, "Safe and Sound", 220).await;
        counties::set_status(&app.db, derbyshire.id, CountyStatus::Suspended)
            .await
            .unwrap();
        let mut editor = app.editor_of(&derbyshire).await;

        let res = editor.get("/admin/derbyshire").await;

        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains("This county is suspended"));
        assert!(section(&res.body, "overdue-heading").contains("Safe and Sound"));
    }

    async fn non_members_get_404(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let notts = app.with_county("nottinghamshire").await;
        reviewed_days_ago(&app, &derbyshire, "Safe and Sound", 220).await;
        app.create_member(&notts, "notts@example.org", Role::CountyAdmin).await;
        let mut outsider = app.signed_in("notts@example.org").await;

        let res = outsider.get("/admin/derbyshire").await;

        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert!(!res.body.contains("Safe and Sound"));
    }

    async fn signed_out_visitors_are_sent_to_sign_in(app: TestApp) {
        app.with_county("derbyshire").await;

        let res = app.client().get("/admin/derbyshire").await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(res.location(), Some("/admin/login?next=%2Fadmin%2Fderbyshire"));
    }
}
