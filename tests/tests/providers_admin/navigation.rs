//! The county's navigation and overview link to providers and categories;
//! each provider page has one h1 and its own title.

use super::*;

both_backends! {
    async fn the_county_nav_and_overview_link_to_providers_and_categories(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;

        let overview = editor.get("/admin/derbyshire").await;

        assert!(overview.body.matches("href=\"/admin/derbyshire/providers\"").count() >= 2);
        assert!(overview.body.matches("href=\"/admin/derbyshire/categories\"").count() >= 2);
    }

    async fn each_provider_page_has_one_h1_and_its_own_title(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        let id = editor.create_provider("derbyshire", &Form::provider("Safe and Sound")).await;
        let stale = editor.update_provider("derbyshire", &id, &Form::provider("Safe and Sound"), "0").await;

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
            titles.push(page_title(&res.body).to_owned());
            // Every input, select and textarea has a label.
            for (id, _) in form_controls(&res.body) {
                assert!(res.body.contains(&format!("for=\"{id}\">")), "{page}: a label for {id}");
            }
        }
        let mut unique = titles.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), titles.len(), "{titles:?}");
    }
}
