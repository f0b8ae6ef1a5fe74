//! The command line, driven through the library: one clear line on bad
//! input, nothing half-written, idempotent migrations and demo.

use domain::Role;
use integration_tests::{Backend, PASSWORD, TestApp, both_backends, one_line};
use server::cli::{Command, CountyCommand, Scope, create_county, create_user, open};

/// Rows in each table that the CLI writes to.
async fn written(app: &TestApp) -> [i64; 4] {
    [
        app.count("SELECT COUNT(*) FROM tenants").await,
        app.count("SELECT COUNT(*) FROM users").await,
        app.count("SELECT COUNT(*) FROM memberships").await,
        app.count("SELECT COUNT(*) FROM audit_events").await,
    ]
}

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

    async fn creating_a_county_member_creates_the_user_and_membership(app: TestApp) {
        app.with_county("derbyshire").await;

        let line = create_user(
            &app.db,
            "jo@example.org",
            "Jo Bloggs",
            PASSWORD,
            Scope::County("derbyshire".to_owned(), "editor".to_owned()),
        )
        .await
        .unwrap();

        assert!(line.contains("jo@example.org"), "{line}");
        assert!(!line.contains(PASSWORD), "never echoes the password");
        let roles = app.query_strings("SELECT role FROM memberships").await;
        assert_eq!(roles, ["editor"]);
        let hash = app.query_strings("SELECT password_hash FROM users").await;
        assert!(hash[0].starts_with("$argon2id$"), "{}", hash[0]);
        app.signed_in("jo@example.org").await;
    }

    async fn a_user_of_an_unknown_county_is_refused_and_nothing_is_written(app: TestApp) {
        let err = create_user(
            &app.db,
            "jo@example.org",
            "Jo Bloggs",
            PASSWORD,
            Scope::County("nowhere".to_owned(), "editor".to_owned()),
        )
        .await
        .unwrap_err();

        let message = one_line(&err, "unknown county");
        assert!(message.contains("nowhere"), "{message}");
        assert_eq!(written(&app).await, [0, 0, 0, 0]);
    }

    async fn an_unknown_role_is_refused_and_nothing_is_written(app: TestApp) {
        app.with_county("derbyshire").await;
        let before = written(&app).await;

        let err = create_user(
            &app.db,
            "jo@example.org",
            "Jo Bloggs",
            PASSWORD,
            Scope::County("derbyshire".to_owned(), "boss".to_owned()),
        )
        .await
        .unwrap_err();

        let message = one_line(&err, "unknown role");
        assert!(message.contains("boss"), "{message}");
        assert_eq!(written(&app).await, before);
    }

    async fn an_invalid_email_is_refused_and_nothing_is_written(app: TestApp) {
        app.with_county("derbyshire").await;
        let before = written(&app).await;

        let err = create_user(
            &app.db,
            "not-an-email",
            "Jo Bloggs",
            PASSWORD,
            Scope::County("derbyshire".to_owned(), "editor".to_owned()),
        )
        .await
        .unwrap_err();

        let message = one_line(&err, "invalid email");
        assert!(message.contains("email"), "{message}");
        assert_eq!(written(&app).await, before);
    }

    async fn a_weak_password_is_refused_and_nothing_is_written(app: TestApp) {
        app.with_county("derbyshire").await;
        let before = written(&app).await;

        for weak in ["password12345678", "lanternriver42"] {
            for scope in [
                Scope::County("derbyshire".to_owned(), "editor".to_owned()),
                Scope::Platform,
            ] {
                let err = create_user(&app.db, "jo@example.org", "Jo Bloggs", weak, scope)
                    .await
                    .unwrap_err();

                let message = one_line(&err, weak);
                assert!(message.to_lowercase().contains("password"), "{message}");
                assert!(!message.contains(weak), "never echoes the password: {message}");
                assert_eq!(written(&app).await, before, "{weak}");
            }
        }
    }

    async fn an_existing_user_added_to_another_county_keeps_their_password(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        app.with_county("nottinghamshire").await;
        app.create_member(&derbyshire, "jo@example.org", Role::Editor).await;
        let hash_before = app.query_strings("SELECT password_hash FROM users").await;

        let line = create_user(
            &app.db,
            "jo@example.org",
            "Jo Bloggs",
            "a different long passphrase 77",
            Scope::County("nottinghamshire".to_owned(), "county_admin".to_owned()),
        )
        .await
        .unwrap();

        assert!(line.contains("password unchanged"), "{line}");
        assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM memberships").await, 2);
        let roles = app
            .query_strings(
                "SELECT m.role FROM memberships m JOIN tenants t ON t.id = m.tenant_id \
                 ORDER BY t.slug",
            )
            .await;
        assert_eq!(roles, ["editor", "county_admin"]);
        assert_eq!(app.query_strings("SELECT password_hash FROM users").await, hash_before);
        app.signed_in("jo@example.org").await;
    }

    async fn an_existing_email_cannot_be_made_a_platform_admin_again(app: TestApp) {
        app.create_platform_admin("root@example.org").await;
        let before = written(&app).await;

        let err = create_user(&app.db, "root@example.org", "Root", PASSWORD, Scope::Platform)
            .await
            .unwrap_err();

        let message = one_line(&err, "existing platform admin");
        assert!(message.contains("already exists"), "{message}");
        assert_eq!(written(&app).await, before);
    }

    async fn migrate_twice_succeeds_and_the_second_is_a_no_op(app: TestApp) {
        server::cli::run(app.cli(Command::Migrate)).await.unwrap();
        let applied = app.count("SELECT COUNT(*) FROM seaql_migrations").await;
        app.with_county("derbyshire").await;

        server::cli::run(app.cli(Command::Migrate)).await.unwrap();

        assert_eq!(app.count("SELECT COUNT(*) FROM seaql_migrations").await, applied);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM tenants WHERE slug = 'derbyshire'").await,
            1,
            "data is kept"
        );
    }

    async fn county_list_runs(app: TestApp) {
        app.with_county("derbyshire").await;

        server::cli::run(app.cli(Command::County(CountyCommand::List))).await.unwrap();
    }

    async fn open_migrates_a_database_and_answers(app: TestApp) {
        let db = open(&app.database_url).await.unwrap();

        assert!(persistence::is_ready(&db).await);
        db.close().await.unwrap();
    }

    async fn loading_the_demo_twice_gives_one_demo_county(app: TestApp) {
        let first = server::demo::load(&app.db).await.unwrap();
        let second = server::demo::load(&app.db).await.unwrap();

        assert!(first.contains("loaded"), "{first}");
        assert!(second.contains("already loaded"), "{second}");
        assert_eq!(app.count("SELECT COUNT(*) FROM tenants WHERE slug = 'derbyshire'").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM tenants").await, 1);
    }

    async fn the_demo_command_is_idempotent(app: TestApp) {
        server::cli::run(app.cli(Command::Demo)).await.unwrap();
        server::cli::run(app.cli(Command::Demo)).await.unwrap();

        assert_eq!(app.count("SELECT COUNT(*) FROM tenants WHERE slug = 'derbyshire'").await, 1);
    }

    async fn a_migrated_database_has_every_table(app: TestApp) {
        let sql = match app.backend {
            Backend::Postgres => {
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = 'public'"
            }
            Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table'",
        };

        let tables = app.query_strings(sql).await;

        for table in [
            "tenants",
            "tenant_hosts",
            "users",
            "memberships",
            "sessions",
            "login_throttle",
            "audit_events",
        ] {
            assert!(tables.iter().any(|t| t == table), "{table} missing from {tables:?}");
        }
    }
}

/// Argument rules of `cms user create`, checked by clap before anything runs.
mod arguments {
    use clap::Parser;
    use server::cli::Cli;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        let mut all = vec![
            "cms",
            "user",
            "create",
            "--email",
            "a@b.org",
            "--name",
            "A",
            "--password-stdin",
        ];
        all.extend_from_slice(args);
        Cli::try_parse_from(all)
    }

    #[test]
    fn user_create_with_a_platform_admin_or_a_county_role_parses() {
        assert!(parse(&["--platform-admin"]).is_ok());
        assert!(parse(&["--tenant", "x", "--role", "editor"]).is_ok());
        assert!(parse(&["--tenant", "x", "--role", "county_admin"]).is_ok());
    }

    #[test]
    fn user_create_needs_platform_admin_or_a_county() {
        let err = parse(&[]).unwrap_err();

        assert_eq!(err.kind(), clap::error::ErrorKind::MissingRequiredArgument);
    }

    #[test]
    fn user_create_refuses_platform_admin_with_a_county() {
        let err = parse(&["--platform-admin", "--tenant", "x"]).unwrap_err();

        assert_eq!(err.kind(), clap::error::ErrorKind::ArgumentConflict);
    }

    #[test]
    fn user_create_with_a_county_needs_a_role() {
        let err = parse(&["--tenant", "x"]).unwrap_err();

        assert_eq!(err.kind(), clap::error::ErrorKind::MissingRequiredArgument);
    }

    #[test]
    fn user_create_refuses_an_unknown_role() {
        let err = parse(&["--tenant", "x", "--role", "boss"]).unwrap_err();

        assert_eq!(err.kind(), clap::error::ErrorKind::InvalidValue);
    }

    #[test]
    fn user_create_needs_password_stdin() {
        let err = Cli::try_parse_from([
            "cms",
            "user",
            "create",
            "--email",
            "a@b.org",
            "--name",
            "A",
            "--platform-admin",
        ])
        .unwrap_err();

        assert_eq!(err.kind(), clap::error::ErrorKind::MissingRequiredArgument);
    }

    #[test]
    fn migrate_and_county_list_parse_with_a_database_url() {
        let cli =
            Cli::try_parse_from(["cms", "--database-url", "sqlite://x.db?mode=rwc", "migrate"])
                .unwrap();
        assert_eq!(cli.database_url, "sqlite://x.db?mode=rwc");
        assert!(matches!(cli.command, server::cli::Command::Migrate));
        let cli =
            Cli::try_parse_from(["cms", "tenant", "list", "--database-url", "postgres://h/db"])
                .unwrap();
        assert_eq!(cli.database_url, "postgres://h/db");
    }
}
