//! Pages: the county nav, the overview, and each note page's heading,
//! title and labelled fields.

use super::*;

both_backends! {
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
