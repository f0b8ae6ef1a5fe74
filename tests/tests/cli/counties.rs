//! `cms county`: creating a county (audited, with its hostnames), the
//! refusals in one line with nothing written, and the list.

use super::*;

both_backends! {
    async fn creating_a_county_returns_its_slug(app: TestApp) {
        let slug = create_county(&app.db, "peak-district", "Peak District", &[]).await.unwrap();

        assert_eq!(slug, "peak-district");
        let names = app.query_strings("SELECT name FROM tenants WHERE slug = 'peak-district'").await;
        assert_eq!(names, ["Peak District"]);
        let audited = app
            .count("SELECT COUNT(*) FROM audit_events WHERE action = 'tenant.create'")
            .await;
        assert_eq!(audited, 1, "the creation is audited");
    }

    async fn creating_a_county_stores_its_hostnames(app: TestApp) {
        let hosts = vec!["Support.Example.org".to_owned(), "help.example.org".to_owned()];

        create_county(&app.db, "peak-district", "Peak District", &hosts).await.unwrap();

        let stored = app
            .query_strings("SELECT hostname FROM tenant_hosts ORDER BY hostname")
            .await;
        assert_eq!(stored, ["help.example.org", "support.example.org"]);
    }

    async fn the_county_create_command_creates_the_county(app: TestApp) {
        let command = Command::County(CountyCommand::Create {
            slug: "peak-district".to_owned(),
            name: "Peak District".to_owned(),
            hosts: vec![],
        });

        server::cli::run(app.cli(command)).await.unwrap();

        assert_eq!(app.count("SELECT COUNT(*) FROM tenants WHERE slug = 'peak-district'").await, 1);
    }

    async fn a_duplicate_slug_is_refused_in_one_line_and_nothing_is_written(app: TestApp) {
        create_county(&app.db, "derbyshire", "Derbyshire", &[]).await.unwrap();
        let before = written(&app).await;

        let err = create_county(&app.db, "derbyshire", "Another Derbyshire", &[])
            .await
            .unwrap_err();

        let message = one_line(&err, "duplicate slug");
        assert!(message.contains("already exists"), "{message}");
        assert_eq!(written(&app).await, before);
        assert_eq!(app.query_strings("SELECT name FROM tenants").await, ["Derbyshire"]);
    }

    async fn a_reserved_slug_is_refused_in_one_line_and_nothing_is_written(app: TestApp) {
        let err = create_county(&app.db, "admin", "Admin County", &[]).await.unwrap_err();

        let message = one_line(&err, "reserved slug");
        assert!(message.contains("reserved"), "{message}");
        assert_eq!(written(&app).await, [0, 0, 0, 0]);
    }

    async fn a_malformed_slug_is_refused_in_one_line_and_nothing_is_written(app: TestApp) {
        let err = create_county(&app.db, "Derby Shire", "Derbyshire", &[]).await.unwrap_err();

        let message = one_line(&err, "malformed slug");
        assert!(message.contains("slug"), "{message}");
        assert!(message.contains("Derby Shire"), "names the bad input: {message}");
        assert_eq!(written(&app).await, [0, 0, 0, 0]);
    }

    async fn an_empty_county_name_is_refused_in_one_line_and_nothing_is_written(app: TestApp) {
        let err = create_county(&app.db, "derbyshire", "", &[]).await.unwrap_err();

        let message = one_line(&err, "empty name");
        assert!(message.contains("name"), "{message}");
        assert_eq!(written(&app).await, [0, 0, 0, 0]);
    }

    async fn a_malformed_hostname_is_refused_and_nothing_is_written(app: TestApp) {
        let err = create_county(&app.db, "derbyshire", "Derbyshire", &["not a host!".to_owned()])
            .await
            .unwrap_err();

        one_line(&err, "malformed hostname");
        assert_eq!(written(&app).await, [0, 0, 0, 0]);
    }

    async fn a_hostname_of_another_county_is_refused_and_the_county_is_not_half_created(app: TestApp) {
        create_county(&app.db, "peak-district", "Peak District", &["support.example.org".to_owned()])
            .await
            .unwrap();
        let before = written(&app).await;

        let err = create_county(&app.db, "derbyshire", "Derbyshire", &["support.example.org".to_owned()])
            .await
            .unwrap_err();

        let message = one_line(&err, "hostname taken");
        assert!(message.contains("hostname"), "{message}");
        assert_eq!(written(&app).await, before);
        assert_eq!(app.count("SELECT COUNT(*) FROM tenants WHERE slug = 'derbyshire'").await, 0);
    }

    async fn county_list_runs(app: TestApp) {
        app.with_county("derbyshire").await;

        server::cli::run(app.cli(Command::County(CountyCommand::List))).await.unwrap();
    }
}
