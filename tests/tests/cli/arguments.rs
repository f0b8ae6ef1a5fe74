//! Argument rules of `cms user create`, checked by clap before anything runs.

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
    let cli = Cli::try_parse_from(["cms", "--database-url", "sqlite://x.db?mode=rwc", "migrate"])
        .unwrap();
    assert_eq!(cli.database_url, "sqlite://x.db?mode=rwc");
    assert!(matches!(cli.command, server::cli::Command::Migrate));
    let cli = Cli::try_parse_from(["cms", "tenant", "list", "--database-url", "postgres://h/db"])
        .unwrap();
    assert_eq!(cli.database_url, "postgres://h/db");
}
