//! The list: search, filters, sorting, and pages that keep the filters.

use super::*;

both_backends! {
    async fn the_list_searches_filters_and_sorts(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;
        app.add_provider(&derbyshire, NewProvider::named("Safe and Sound").status("published").categories("cse")).await;
        app.add_provider(&derbyshire, NewProvider::named("NSPCC").status("published").categories("helpline")).await;
        app.add_provider(&derbyshire, NewProvider::named("Childline").status("draft").categories("helpline, counselling")).await;
        app.add_provider(&derbyshire, NewProvider::named("Old Service").status("archived")).await;

        let all = editor.get("/admin/derbyshire/providers").await;
        let by_name = editor.get("/admin/derbyshire/providers?q=sound").await;
        let drafts = editor.get("/admin/derbyshire/providers?status=draft").await;
        let helplines = editor.get("/admin/derbyshire/providers?category=helpline").await;
        let both = editor.get("/admin/derbyshire/providers?category=helpline&status=published").await;
        let none = editor.get("/admin/derbyshire/providers?q=%25").await;

        assert_eq!(list_rows(&all.body), 4);
        let order: Vec<usize> = ["Childline", "NSPCC", "Old Service", "Safe and Sound"]
            .iter()
            .map(|n| all.body.find(&format!("\">{n}</a>")).unwrap())
            .collect();
        assert!(order.is_sorted(), "by name");
        assert_eq!(list_rows(&by_name.body), 1);
        assert!(by_name.body.contains(">Safe and Sound</a>"));
        assert!(by_name.body.contains("value=\"sound\""), "the search is kept");
        assert_eq!(list_rows(&drafts.body), 1);
        assert!(drafts.body.contains(">Childline</a>"));
        assert!(drafts.body.contains("<option value=\"draft\" selected>"));
        assert_eq!(list_rows(&helplines.body), 2);
        assert!(helplines.body.contains("Counselling and therapy, Helplines"), "category names");
        assert_eq!(list_rows(&both.body), 1);
        assert!(both.body.contains(">NSPCC</a>"));
        assert_eq!(list_rows(&none.body), 0, "% is a character, not a wildcard");
        assert!(all.body.contains("<span class=\"tag tag--warning\">Archived</span>"));

        let updated = editor.get("/admin/derbyshire/providers?sort=updated").await;
        assert_eq!(list_rows(&updated.body), 4);
        assert!(updated.body.contains("<option value=\"updated\" selected>"));
    }

    async fn the_list_has_pages_of_25_that_keep_the_filters(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;
        for n in 0..27 {
            app.add_provider(&derbyshire, NewProvider::named(&format!("Service {n:02}"))).await;
        }
        app.add_provider(&derbyshire, NewProvider::named("Draft service").status("draft")).await;

        let first = editor.get("/admin/derbyshire/providers?status=published&q=service").await;
        let second = editor.get("/admin/derbyshire/providers?status=published&q=service&page=2").await;
        let far = editor.get("/admin/derbyshire/providers?page=99999999999").await;

        assert_eq!(list_rows(&first.body), 25);
        assert!(first.body.contains("Page 1 of 2"));
        assert!(first.body.contains("href=\"/admin/derbyshire/providers?q=service&#38;status=published&#38;page=2\""), "{}", first.body);
        assert_eq!(list_rows(&second.body), 2);
        assert!(second.body.contains(">Service 26</a>"));
        assert!(second.body.contains("rel=\"prev\""));
        assert_eq!(far.status, StatusCode::OK);
        assert_eq!(list_rows(&far.body), 3, "the last page");
    }
}
