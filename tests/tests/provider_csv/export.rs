//! The export (header, BOM, formula cells), and an export imported into
//! another county.

use super::*;

both_backends! {
    async fn the_export_has_the_header_a_bom_and_neutralised_formulas(app: TestApp) {
        let a = app.with_county("alpha").await;
        app.add_provider(&a, full("=HYPERLINK(\"http://evil.example\",\"x\")")).await;
        app.add_provider(&a, RawProvider { name: "Bravo".into(), status: "draft".into(), ..RawProvider::default() }).await;
        let mut editor = app.editor_of(&a).await;

        let res = editor.get("/admin/alpha/providers.csv").await;

        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.header("content-type"), Some("text/csv; charset=utf-8"));
        assert_eq!(res.header("content-disposition"), Some("attachment; filename=\"alpha-providers.csv\""));
        assert_eq!(res.header("cache-control"), Some("no-store"));
        assert!(res.bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM");
        assert!(res.body.trim_start_matches('\u{feff}').starts_with(&format!("{HEADER_LINE}\r\n")));
        let table = rows(&res.bytes);
        assert_eq!(table[0], HEADER);
        assert_eq!(table.len(), 3, "one row per provider, drafts too");
        // By name: "=HYPERLINK..." sorts before "Bravo".
        let evil = &table[1];
        assert_eq!(evil[1], "'=HYPERLINK(\"http://evil.example\",\"x\")");
        assert_eq!(evil[5], "Helpline: 0800 1111\n+44 1332 362120");
        assert_eq!(evil[9], "true");
        assert_eq!(evil[16], "cse, counselling");
        assert_eq!(evil[19], "published");
        assert_eq!(evil[20].len(), 10, "reviewed_at as YYYY-MM-DD");
        assert_eq!(table[2][1], "Bravo");
        assert_eq!(table[2][19], "draft");
    }

    async fn a_phone_cell_starting_with_plus_is_neutralised_and_restored(app: TestApp) {
        let a = app.with_county("alpha").await;
        let mut raw = full("Plus");
        raw.phone = "+44 1332 362120".into();
        app.add_provider(&a, raw).await;
        let mut editor = app.editor_of(&a).await;
        let csv = editor.get("/admin/alpha/providers.csv").await;
        assert_eq!(rows(&csv.bytes)[1][5], "'+44 1332 362120");

        let (b, mut other) = app.with_county("bravo").with_editor().await;
        let preview = upload(&mut other, &b, &csv.body).await;
        assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
        let done = other.post(&confirm_path(&preview), &[]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);

        let phones = app.query_strings("SELECT p.phones FROM providers p JOIN tenants t ON t.id = p.tenant_id WHERE t.slug = 'bravo'").await;
        assert!(phones[0].contains("\"+44 1332 362120\""), "{phones:?}");
    }

    async fn export_then_import_into_another_county_gives_the_same_export_but_ids(app: TestApp) {
        let a = app.with_county("alpha").await;
        app.add_provider(&a, full("=HYPERLINK(\"http://evil.example\",\"x\")")).await;
        app.add_provider(&a, full("Safe and Sound")).await;
        app.add_provider(&a, RawProvider { name: "Quiet".into(), status: "archived".into(), ..RawProvider::default() }).await;
        let mut alpha = app.editor_of(&a).await;
        let exported = alpha.get("/admin/alpha/providers.csv").await;

        let (b, mut bravo) = app.with_county("bravo").with_editor().await;
        let preview = upload(&mut bravo, &b, &exported.body).await;
        assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
        assert!(preview.body.contains("3 to create, 0 to update, 0 unchanged"), "{}", preview.body);
        let done = bravo.post(&confirm_path(&preview), &[]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        assert_eq!(done.location(), Some("/admin/bravo/providers"));
        let list = bravo.get("/admin/bravo/providers").await;
        assert!(list.body.contains("Imported: 3 created, 0 updated, 0 unchanged."));

        // Every column but `id` (each county's providers have their own)
        // is the same, `reviewed_at` included.
        let again = bravo.get("/admin/bravo/providers.csv").await;
        let without_ids = |t: Vec<Vec<String>>| -> Vec<Vec<String>> {
            t.into_iter().map(|r| r[1..].to_vec()).collect()
        };
        assert_eq!(without_ids(rows(&again.bytes)), without_ids(rows(&exported.bytes)));

        // Imported again: nothing changes.
        let second = upload(&mut bravo, &b, &again.body).await;
        assert!(second.body.contains("0 to create, 0 to update, 3 unchanged"), "{}", second.body);
    }
}
