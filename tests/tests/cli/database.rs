//! The database and the demo: idempotent migrations, opening a database,
//! every table there, and loading the demo twice.

use super::*;

both_backends! {
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

    async fn open_migrates_a_database_and_answers(app: TestApp) {
        let db = open(&app.database_url).await.unwrap();

        assert!(persistence::is_ready(&db).await);
        db.close().await.unwrap();
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
}
