//! Publishing, the home page and navigation, scheduling (also with a
//! suspended county) and discarding a draft.

use super::*;

both_backends! {
    async fn a_draft_is_private_until_published_and_previews_are_for_members(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let nottingham = app.with_county("nottingham").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let mut outsider = app.editor_of(&nottingham).await;
        let mut visitor = app.client();

        let edit = editor.create_page("derbyshire", &Form::page("About us", "", "We **listen**.")).await;
        assert_eq!(visitor.get("/derbyshire/about-us").await.status, StatusCode::NOT_FOUND);

        let preview = editor.get(&format!("{edit}/preview")).await;
        assert_eq!(preview.status, StatusCode::OK);
        assert!(preview.body.contains("<strong>listen</strong>"));
        assert!(preview.body.contains("Preview of the draft"));
        assert!(preview.body.contains("noindex"));
        assert_eq!(preview.header("cache-control"), Some("no-store"));
        assert_eq!(outsider.get(&format!("{edit}/preview")).await.status, StatusCode::NOT_FOUND);
        let anonymous = app.client().get(&format!("{edit}/preview")).await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER);

        let res = editor.page_action(&edit, "publish").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let public = visitor.get("/derbyshire/about-us").await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(public.body.contains("<h1>About us</h1>"));
        assert!(public.body.contains("<strong>listen</strong>"));
        assert!(public.body.contains("id=\"exit-this-page\""));
        assert!(!public.sets_cookie());

        // A new draft does not change what the public sees until published.
        let res = editor.save_page(&edit, &Form::page("About us", "about-us", "We *really* listen.")).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let public = visitor.get("/derbyshire/about-us").await;
        assert!(public.body.contains("<strong>listen</strong>"));
        assert!(!public.body.contains("really"));
        let preview = editor.get(&format!("{edit}/preview")).await;
        assert!(preview.body.contains("<em>really</em>"));

        editor.page_action(&edit, "publish").await;
        let public = visitor.get("/derbyshire/about-us").await;
        assert!(public.body.contains("<em>really</em>"));

        // Unpublishing takes it off the site and keeps the text as a draft.
        let res = editor.page_action(&edit, "unpublish").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(visitor.get("/derbyshire/about-us").await.status, StatusCode::NOT_FOUND);
        let form = editor.get(&edit).await;
        assert!(form.body.contains("We *really* listen."));
        assert!(form.body.contains(">Draft</span>"));

        let actions = app
            .query_strings("SELECT action FROM audit_events WHERE object_type = 'page' ORDER BY id")
            .await;
        assert_eq!(
            actions,
            ["page.create", "page.publish", "page.update", "page.publish", "page.unpublish"]
        );
    }

    async fn the_home_page_and_navigation_come_from_pages(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        let mut visitor = app.client();

        let built_in = visitor.get("/derbyshire/").await;
        assert!(built_in.body.contains("What is it?"));

        let home = editor.create_page("derbyshire", &Form::page("Welcome to Derbyshire", "home", "Our own home.")).await;
        editor.page_action(&home, "publish").await;
        let fields = Form::page("Contact us", "", "Write to us.").set("nav_position", "2");
        let contact = editor.create_page("derbyshire", &fields).await;
        editor.page_action(&contact, "publish").await;

        let page = visitor.get("/derbyshire/").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<h1>Welcome to Derbyshire</h1>"));
        assert!(page.body.contains("Our own home."));
        assert!(page.body.contains("<a href=\"/derbyshire/contact-us\">Contact us</a>"));
        let res = visitor.get("/derbyshire/home").await;
        assert_eq!(res.status, StatusCode::PERMANENT_REDIRECT);
        assert_eq!(res.location(), Some("/derbyshire/"));
        let contact_page = visitor.get("/derbyshire/contact-us").await;
        assert!(contact_page.body.contains("<a href=\"/derbyshire/contact-us\" aria-current=\"page\">Contact us</a>"));
        // The directory's navigation lists it too.
        let directory = visitor.get("/derbyshire/support").await;
        assert!(directory.body.contains("href=\"/derbyshire/contact-us\""));
    }

    async fn scheduled_pages_are_published_once_when_due(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;
        let mut visitor = app.client();
        let edit = editor.create_page("derbyshire", &Form::page("Events", "events", "Coming soon.")).await;

        let v = editor.page_version(&edit).await;
        let past = editor.post(&format!("{edit}/schedule"), &[("version", &v), ("publish_at", "2020-01-01T09:00")]).await;
        assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_error(&past.body, "publish_at").as_deref(), Some("The time must be in the future"));
        let bad = editor.post(&format!("{edit}/schedule"), &[("version", &v), ("publish_at", "soon")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

        let res = editor.post(&format!("{edit}/schedule"), &[("version", &v), ("publish_at", "2099-07-01T09:30")]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let form = editor.get(&edit).await;
        assert!(form.body.contains("scheduled to be published on 1 July 2099 at 09:30"));
        assert!(form.body.contains("value=\"2099-07-01 09:30\""));

        // Not yet due.
        assert_eq!(server::scheduler::publish_due(&app.db, OffsetDateTime::now_utc()).await.unwrap(), 0);
        assert_eq!(visitor.get("/derbyshire/events").await.status, StatusCode::NOT_FOUND);

        // Due (09:30 BST is 08:30 UTC): two servers on the same database try
        // at the same moment; exactly one publishes.
        let at = domain::provider::london(2099, 7, 1, 9, 31).unwrap();
        let other_server = persistence::connect(&app.database_url).await.unwrap();
        let (a, b) = tokio::join!(
            server::scheduler::publish_due(&app.db, at),
            server::scheduler::publish_due(&other_server, at),
        );
        assert_eq!(a.unwrap_or(0) + b.unwrap_or(0), 1);
        assert_eq!(server::scheduler::publish_due(&app.db, at).await.unwrap(), 0);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'page.publish' AND actor_label = 'scheduler'").await,
            1
        );
        let public = visitor.get("/derbyshire/events").await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(public.body.contains("Coming soon."));
        let page = pages::find(&app.db, derbyshire.id, page_id(&edit)).await.unwrap().unwrap();
        assert!(page.publish_at.is_none() && page.draft.is_none());
    }

    async fn a_refused_save_shows_the_saved_schedule_again(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        let edit = editor.create_page("derbyshire", &Form::page("Events", "events", "Soon.")).await;
        let v = editor.page_version(&edit).await;
        let res = editor.post(&format!("{edit}/schedule"), &[("version", &v), ("publish_at", "2099-07-01 09:30")]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

        // A save the form check refuses shows the form again with the
        // schedule as saved, not an empty field that reads as "none".
        let refused = editor.save_page(&edit, &Form::page("", "events", "Soon.")).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(field_error(&refused.body, "title").is_some());
        assert!(refused.body.contains("value=\"2099-07-01 09:30\""), "{}", refused.body);
    }

    async fn a_suspended_countys_schedule_waits(app: TestApp) {
        use domain::CountyStatus;
        use persistence::repo::counties;
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;
        let edit = editor.create_page("derbyshire", &Form::page("Events", "events", "Soon.")).await;
        let v = editor.page_version(&edit).await;
        let res = editor.post(&format!("{edit}/schedule"), &[("version", &v), ("publish_at", "2099-07-01 09:30")]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        counties::set_status(&app.db, derbyshire.id, CountyStatus::Suspended).await.unwrap();

        let at = domain::provider::london(2099, 7, 2, 9, 0).unwrap();
        assert_eq!(server::scheduler::publish_due(&app.db, at).await.unwrap(), 0);
        let page = pages::find(&app.db, derbyshire.id, page_id(&edit)).await.unwrap().unwrap();
        assert!(page.published.is_none() && page.publish_at.is_some());

        counties::set_status(&app.db, derbyshire.id, CountyStatus::Active).await.unwrap();
        assert_eq!(server::scheduler::publish_due(&app.db, at).await.unwrap(), 1);
    }

    async fn a_draft_can_be_discarded_keeping_the_published_page(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;
        let edit = editor.create_page("derbyshire", &Form::page("Help", "help", "Live text.")).await;
        // Never published: nothing to go back to.
        assert_eq!(editor.page_action(&edit, "discard").await.status, StatusCode::CONFLICT);
        editor.page_action(&edit, "publish").await;
        editor.save_page(&edit, &Form::page("Help", "help", "Unwanted change.")).await;
        let v = editor.page_version(&edit).await;
        editor.post(&format!("{edit}/schedule"), &[("version", &v), ("publish_at", "2099-01-01 09:00")]).await;

        let res = editor.page_action(&edit, "discard").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let page = pages::find(&app.db, derbyshire.id, page_id(&edit)).await.unwrap().unwrap();
        assert!(page.draft.is_none() && page.publish_at.is_none());
        assert_eq!(page.published.unwrap().content.body, "Live text.");
        assert_eq!(app.count("SELECT COUNT(*) FROM page_revisions").await, 2, "the history keeps it");
        assert!(app.client().get("/derbyshire/help").await.body.contains("Live text."));
        let form = editor.get(&edit).await;
        assert!(form.body.contains("Live text.") && !form.body.contains("Unwanted change."));
        // Nothing left to discard.
        assert_eq!(editor.page_action(&edit, "discard").await.status, StatusCode::CONFLICT);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'page.discard'").await, 1);
    }
}
