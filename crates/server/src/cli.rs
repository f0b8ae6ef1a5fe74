//! The command line of CONTRACT.md. Each command prints one clear line on
//! failure and exits non-zero, having written nothing.

pub mod county_json;

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{ArgGroup, Args, Parser, Subcommand};
use domain::{
    DisplayName, EmailAddress, NewAuditEvent, Role, TenantSlug, check_password, parse_hostnames,
};
use persistence::repo::{audit, tenants, users};
use persistence::{Db, RepoError};

pub mod import_csv;

use crate::settings::{DEFAULT_BIND, DEFAULT_DATABASE_URL, Settings, redact_url};

/// The county support-services CMS.
#[derive(Debug, Parser)]
#[command(name = "cms", version, about)]
pub struct Cli {
    /// `postgres://...` or `sqlite://PATH?mode=rwc`.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true, hide_env_values = true)]
    pub database_url: String,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending migrations, then serve until SIGINT or SIGTERM.
    Serve(ServeArgs),
    /// Apply pending migrations and exit.
    Migrate,
    /// Manage counties.
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Load the demo county `derbyshire` (idempotent).
    Demo,
    /// Write the whole county as one JSON document to standard output.
    Export {
        #[arg(long)]
        tenant: String,
    },
    /// Load a county document (from `cms export`) into an empty county.
    Import {
        #[arg(long)]
        tenant: String,
        file: PathBuf,
    },
    /// Import providers from a CSV file (the export's columns).
    ImportCsv(import_csv::ImportCsvArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Listen address.
    #[arg(long, env = "CMS_BIND", default_value = DEFAULT_BIND)]
    pub bind: SocketAddr,
    /// The address users reach, for absolute links and cookie security.
    #[arg(long, env = "CMS_BASE_URL")]
    pub base_url: Option<url::Url>,
    /// Trust X-Forwarded-For (only behind a proxy that sets it).
    #[arg(long, env = "CMS_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
    /// The public page cache's budget, in MiB.
    #[arg(long, env = "CMS_CACHE_MB", default_value_t = web::render_cache::DEFAULT_BUDGET_MB,
          value_parser = clap::value_parser!(u64).range(1..=65_536))]
    pub cache_mb: u64,
    /// Who must enrol in two-factor sign-in: admins, all or off [default:
    /// admins; off with --demo].
    #[arg(long = "require-2fa", env = "CMS_REQUIRE_2FA", value_parser = parse_requirement)]
    pub require_2fa: Option<domain::two_factor::Requirement>,
    /// Load the demo county and a platform admin when the database is empty.
    #[arg(long)]
    pub demo: bool,
}

#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Create a county; prints its slug.
    Create {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        /// A hostname that serves the county's site at `/` (repeatable).
        #[arg(long = "host")]
        hosts: Vec<String>,
    },
    /// One line per county: slug, name, status.
    List,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user (password on standard input); adds a membership when
    /// the user exists already.
    #[command(group(ArgGroup::new("scope").required(true).args(["platform_admin", "tenant"])))]
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read the password from standard input (one line).
        #[arg(long, required = true)]
        password_stdin: bool,
        #[arg(long, conflicts_with_all = ["tenant", "role"])]
        platform_admin: bool,
        #[arg(long, requires = "role")]
        tenant: Option<String>,
        #[arg(long, value_parser = ["county_admin", "editor"])]
        role: Option<String>,
    },
    /// Print a one-time password reset link for the account (valid 24
    /// hours, once). Ends no session until it is used.
    ResetPassword {
        #[arg(long)]
        email: String,
        /// The address users reach, for the link.
        #[arg(long, env = "CMS_BASE_URL")]
        base_url: Option<url::Url>,
        /// The listen address, for the link when no base URL is set.
        #[arg(long, env = "CMS_BIND", default_value = DEFAULT_BIND, hide = true)]
        bind: SocketAddr,
    },
}

fn parse_requirement(raw: &str) -> Result<domain::two_factor::Requirement, String> {
    domain::two_factor::Requirement::parse(raw)
        .ok_or_else(|| format!("{raw:?} is not one of admins, all, off"))
}

/// Runs a parsed command line.
///
/// # Errors
/// Any failure, with a message fit for one line.
pub async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Serve(args) => {
            let base_url = match args.base_url {
                Some(url) => url,
                None => Settings::default_base_url(args.bind).context("building the base URL")?,
            };
            let settings = Settings {
                database_url: cli.database_url,
                bind: args.bind,
                base_url,
                trust_proxy: args.trust_proxy,
                cache_mb: args.cache_mb,
                require_2fa: args.require_2fa,
            };
            crate::app::serve(settings, args.demo).await
        }
        Command::Migrate => {
            let db = open(&cli.database_url).await?;
            println!("migrations applied");
            db.close().await.ok();
            Ok(())
        }
        Command::Tenant(TenantCommand::Create { slug, name, hosts }) => {
            let db = open(&cli.database_url).await?;
            let slug = create_tenant(&db, &slug, &name, &hosts).await?;
            println!("{slug}");
            Ok(())
        }
        Command::Tenant(TenantCommand::List) => {
            let db = open(&cli.database_url).await?;
            for t in tenants::list(&db).await? {
                println!("{}\t{}\t{}", t.slug, t.name, t.status);
            }
            Ok(())
        }
        Command::User(UserCommand::Create {
            email,
            name,
            password_stdin: _,
            platform_admin,
            tenant,
            role,
        }) => {
            let password = read_password_line()?;
            let db = open(&cli.database_url).await?;
            let scope = match (platform_admin, tenant, role) {
                (true, _, _) => Scope::Platform,
                (false, Some(tenant), Some(role)) => Scope::County(tenant, role),
                _ => {
                    bail!("give --platform-admin, or --tenant SLUG with --role county_admin|editor")
                }
            };
            let line = create_user(&db, &email, &name, &password, scope).await?;
            println!("{line}");
            Ok(())
        }
        Command::User(UserCommand::ResetPassword {
            email,
            base_url,
            bind,
        }) => {
            let base_url = match base_url {
                Some(url) => url,
                None => Settings::default_base_url(bind).context("building the base URL")?,
            };
            let db = open(&cli.database_url).await?;
            let link = reset_password(&db, &email, &base_url).await?;
            println!("{link}");
            Ok(())
        }
        Command::ImportCsv(args) => import_csv::run(&cli.database_url, args).await,
        Command::Demo => {
            let db = open(&cli.database_url).await?;
            let line = crate::demo::load(&db).await?;
            println!("{line}");
            Ok(())
        }
        Command::Export { tenant } => {
            let db = open(&cli.database_url).await?;
            let text = county_json::export_county(&db, &tenant).await?;
            county_json::to_stdout(&text)?;
            Ok(())
        }
        Command::Import { tenant, file } => {
            let db = open(&cli.database_url).await?;
            println!("{}", county_json::import_county(&db, &tenant, &file).await?);
            Ok(())
        }
    }
}

/// Connects and applies pending migrations.
///
/// # Errors
/// When the database cannot be reached or a migration fails.
pub async fn open(database_url: &str) -> Result<Db> {
    let db = persistence::connect(database_url)
        .await
        .with_context(|| format!("connecting to the database {}", redact_url(database_url)))?;
    persistence::migrate(&db)
        .await
        .context("applying migrations")?;
    Ok(db)
}

fn read_password_line() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

/// Creates a county from CLI input.
///
/// # Errors
/// Malformed, reserved or duplicate slug; empty name; bad or taken hostname.
pub async fn create_tenant(db: &Db, slug: &str, name: &str, hosts: &[String]) -> Result<String> {
    let slug =
        TenantSlug::parse(slug).map_err(|e| anyhow::anyhow!("invalid slug {slug:?}: {e}"))?;
    let name = DisplayName::parse(name).map_err(|e| anyhow::anyhow!("invalid name: {e}"))?;
    let hosts = parse_hostnames(&hosts.join(",")).map_err(|e| anyhow::anyhow!("{e}"))?;
    let txn = persistence::begin_write(db).await?;
    let tenant = match tenants::create(&txn, &slug, &name, &hosts).await {
        Ok(t) => t,
        Err(RepoError::Taken("slug")) => {
            bail!("a county with slug {:?} already exists", slug.as_str())
        }
        Err(RepoError::Taken(_)) => bail!("a hostname is already used by another county"),
        Err(e) => return Err(e).context("creating the county"),
    };
    let mut event = NewAuditEvent::new("tenant.create", "cli");
    event.tenant = Some(tenant.id);
    event.object_type = Some("tenant".to_owned());
    event.object_id = Some(tenant.slug.clone());
    event.summary = format!("created county {} from the command line", tenant.name);
    audit::record(&txn, event)
        .await
        .context("recording the audit event")?;
    persistence::commit(txn).await?;
    Ok(tenant.slug)
}

/// Where a new user belongs.
pub enum Scope {
    Platform,
    /// County slug and role name.
    County(String, String),
}

/// Creates a user, or adds an existing one to a county.
///
/// # Errors
/// Invalid email or name, weak password, unknown county or role.
pub async fn create_user(
    db: &Db,
    email: &str,
    name: &str,
    password: &str,
    scope: Scope,
) -> Result<String> {
    let email = EmailAddress::parse(email).map_err(|e| anyhow::anyhow!("invalid email: {e}"))?;
    let name = DisplayName::parse(name).map_err(|e| anyhow::anyhow!("invalid name: {e}"))?;
    let county = match &scope {
        Scope::Platform => None,
        Scope::County(slug, role) => {
            let tenant = tenants::find_by_slug(db, slug)
                .await?
                .ok_or_else(|| anyhow::anyhow!("unknown county {slug:?}"))?;
            let role = Role::parse(role).ok_or_else(|| {
                anyhow::anyhow!("unknown role {role:?}: use county_admin or editor")
            })?;
            Some((tenant, role))
        }
    };
    let existing = users::find_by_email(db, &email).await?;
    let txn = persistence::begin_write(db).await?;
    let (user, created) = if let Some(user) = existing {
        (user, false)
    } else {
        let mut context = vec![email.as_str(), name.as_str()];
        if let Some((tenant, _)) = &county {
            context.push(tenant.slug.as_str());
            context.push(tenant.name.as_str());
        }
        check_password(password, &context).map_err(|e| anyhow::anyhow!("weak password: {e}"))?;
        let hash = web::passwords::hash_blocking(password)?;
        let new = users::NewUser {
            email: &email,
            display_name: &name,
            password_hash: &hash,
            is_platform_admin: matches!(scope, Scope::Platform),
        };
        let user = match users::create(&txn, &new).await {
            Ok(u) => u,
            Err(RepoError::Taken(_)) => bail!("a user with email {email} already exists"),
            Err(e) => return Err(e).context("creating the user"),
        };
        (user, true)
    };
    let line = match &county {
        Some((tenant, role)) => {
            users::upsert_membership(&txn, tenant.id, user.id, *role).await?;
            let mut event = NewAuditEvent::new("user.add", "cli");
            event.tenant = Some(tenant.id);
            event.object_type = Some("user".to_owned());
            event.object_id = Some(user.email.clone());
            event.changed_fields = vec!["role".into()];
            event.summary = format!("added as {} from the command line", role.as_str());
            audit::record(&txn, event).await?;
            if created {
                format!(
                    "created {} as {} of {}",
                    user.email,
                    role.as_str(),
                    tenant.slug
                )
            } else {
                format!(
                    "{} exists already (password unchanged); now {} of {}",
                    user.email,
                    role.as_str(),
                    tenant.slug
                )
            }
        }
        None if created => {
            let mut event = NewAuditEvent::new("user.create", "cli");
            event.object_type = Some("user".to_owned());
            event.object_id = Some(user.email.clone());
            event.summary = "created platform admin from the command line".to_owned();
            audit::record(&txn, event).await?;
            format!("created platform admin {}", user.email)
        }
        None => bail!("a user with email {email} already exists"),
    };
    persistence::commit(txn).await?;
    Ok(line)
}

/// `cms user reset-password`: a one-time reset link for the account with
/// this email (valid 24 hours, once), audited as issued by "cli".
///
/// # Errors
/// A malformed or unknown email; database errors.
pub async fn reset_password(db: &Db, email: &str, base_url: &url::Url) -> Result<String> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    Ok(admin::issue_from_cli(db, email, base_url, now).await?)
}
