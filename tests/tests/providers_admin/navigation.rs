//! The county's navigation and overview link to providers and categories;
//! each provider page has one h1 and its own title.

use super::*;

both_backends! {
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
