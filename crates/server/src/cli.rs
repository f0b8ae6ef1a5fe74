//! The command line of CONTRACT.md. Each command prints one clear line on
//! failure and exits non-zero, having written nothing.

pub mod county_json;

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{ArgGroup, Args, Parser, Subcommand};
use persistence::Db;
use persistence::repo::counties;

mod accounts;
pub mod import_csv;

pub use accounts::{Scope, create_county, create_user, reset_password};

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
    #[command(subcommand, name = "tenant")]
    County(CountyCommand),
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Load the demo county `derbyshire` (idempotent).
    Demo,
    /// Write the whole county as one JSON document to standard output.
    Export {
        #[arg(long = "tenant")]
        county: String,
    },
    /// Load a county document (from `cms export`) into an empty county.
    Import {
        #[arg(long = "tenant")]
        county: String,
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
pub enum CountyCommand {
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
    #[command(group(ArgGroup::new("scope").required(true).args(["platform_admin", "county"])))]
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read the password from standard input (one line).
        #[arg(long, required = true)]
        password_stdin: bool,
        #[arg(long, conflicts_with_all = ["county", "role"])]
        platform_admin: bool,
        #[arg(long = "tenant", requires = "role")]
        county: Option<String>,
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
    let database_url = cli.database_url;
    match cli.command {
        Command::Serve(args) => serve(database_url, args).await,
        Command::Migrate => {
            let db = open(&database_url).await?;
            println!("migrations applied");
            db.close().await.ok();
            Ok(())
        }
        Command::County(command) => county(&database_url, command).await,
        Command::User(command) => user(&database_url, command).await,
        Command::ImportCsv(args) => import_csv::run(&database_url, args).await,
        Command::Demo => {
            let db = open(&database_url).await?;
            println!("{}", crate::demo::load(&db).await?);
            Ok(())
        }
        Command::Export { county } => {
            let db = open(&database_url).await?;
            let text = county_json::export_county(&db, &county).await?;
            county_json::to_stdout(&text)
        }
        Command::Import { county, file } => {
            let db = open(&database_url).await?;
            println!("{}", county_json::import_county(&db, &county, &file).await?);
            Ok(())
        }
    }
}

/// `cms serve`: the settings from the arguments, then the server.
async fn serve(database_url: String, args: ServeArgs) -> Result<()> {
    let settings = Settings {
        database_url,
        bind: args.bind,
        base_url: base_url(args.base_url, args.bind)?,
        trust_proxy: args.trust_proxy,
        cache_mb: args.cache_mb,
        require_2fa: args.require_2fa,
    };
    crate::app::serve(settings, args.demo).await
}

/// The address users reach: as given, or else made from the listen address.
fn base_url(given: Option<url::Url>, bind: SocketAddr) -> Result<url::Url> {
    match given {
        Some(url) => Ok(url),
        None => Settings::default_base_url(bind).context("building the base URL"),
    }
}

/// `cms tenant create|list`.
async fn county(database_url: &str, command: CountyCommand) -> Result<()> {
    let db = open(database_url).await?;
    match command {
        CountyCommand::Create { slug, name, hosts } => {
            println!("{}", create_county(&db, &slug, &name, &hosts).await?);
        }
        CountyCommand::List => {
            for t in counties::list(&db).await? {
                println!("{}\t{}\t{}", t.slug, t.name, t.status);
            }
        }
    }
    Ok(())
}

/// `cms user create|reset-password`.
async fn user(database_url: &str, command: UserCommand) -> Result<()> {
    match command {
        UserCommand::Create {
            email,
            name,
            password_stdin: _,
            platform_admin,
            county,
            role,
        } => {
            let password = read_password_line()?;
            let db = open(database_url).await?;
            let scope = match (platform_admin, county, role) {
                (true, _, _) => Scope::Platform,
                (false, Some(county), Some(role)) => Scope::County(county, role),
                _ => {
                    bail!("give --platform-admin, or --tenant SLUG with --role county_admin|editor")
                }
            };
            println!(
                "{}",
                create_user(&db, &email, &name, &password, scope).await?
            );
        }
        UserCommand::ResetPassword {
            email,
            base_url: given,
            bind,
        } => {
            let base_url = base_url(given, bind)?;
            let db = open(database_url).await?;
            println!("{}", reset_password(&db, &email, &base_url).await?);
        }
    }
    Ok(())
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
