//! `cms import-csv`: a dry run, an import, and a bad file refused.

use super::*;

both_backends! {
    async fn cms_import_csv_dry_runs_imports_and_refuses_a_bad_file(app: TestApp) {
        let a = app.with_county("alpha").await;
        let good = temp_file(&app, "name,status\nNew One,published\nNew Two,\n");
        let before = written(&app).await;

        server::cli::run(cli(&app, "alpha", &good, true)).await.unwrap();
        assert_eq!(written(&app).await, before, "a dry run writes nothing");

        let bad = temp_file(&app, "name,min_age\nFine,\nBad,old\n");
        let err = server::cli::run(cli(&app, "alpha", &bad, false)).await.unwrap_err();
        assert!(format!("{err:#}").contains("1 error(s)"), "{err:#}");
        assert_eq!(written(&app).await, before, "a bad row writes nothing");
        let err = server::cli::run(cli(&app, "nowhere", &good, false)).await.unwrap_err();
        assert!(format!("{err:#}").contains("no county"), "{err:#}");

        server::cli::run(cli(&app, "alpha", &good, false)).await.unwrap();
        let names = app.query_strings("SELECT name || ' ' || status FROM providers ORDER BY name").await;
        assert_eq!(names, ["New One published", "New Two draft"]);
        let audit = app.query_strings("SELECT actor_label FROM audit_events WHERE action = 'provider.create'").await;
        assert_eq!(audit, ["cli", "cli"]);
        let _ = a;
        std::fs::remove_file(good).ok();
        std::fs::remove_file(bad).ok();
    }
}
