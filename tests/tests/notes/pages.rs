//! Pages: the county nav, the overview, and each note page's heading,
//! title and labelled fields.

use super::*;

both_backends! {
    async fn the_county_nav_and_overview_link_to_the_notes(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_provider("Safe and Sound").with_editor().await;

        let overview = editor.get("/admin/derbyshire").await;

        assert!(overview.body.contains("<li><a href=\"/admin/derbyshire/notes\">Commissioning</a></li>"));
        assert!(overview.body.matches("href=\"/admin/derbyshire/notes\"").count() >= 2);
    }

    async fn each_note_page_has_one_h1_its_own_title_and_labelled_fields(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_provider("Safe and Sound").with_editor().await;
        let id = editor.create_note("derbyshire", &Form::note(SERVICE)).await;
        let stale = editor.update_note("derbyshire", &id, &Form::note(SERVICE), "0").await;
        let invalid = editor.post("/admin/derbyshire/notes", &Form::note("").pairs()).await;

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
            titles.push(page_title(&res.body).to_owned());
            for (id, tag) in form_controls(&res.body) {
                assert!(res.body.contains(&format!("for=\"{id}\">")), "{page}: a label for {id}");
                assert!(tag.contains(&format!("aria-describedby=\"{id}-hint")), "{page}: {id} has a hint");
            }
        }
        let mut unique = titles.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), titles.len(), "{titles:?}");
    }
}
