//! `cms tenant create` and `cms user create|reset-password`: counties and
//! accounts made from the command line, each audited as done by "cli".

use anyhow::{Context, Result, bail};
use domain::{
    County, CountySlug, DisplayName, EmailAddress, NewAuditEvent, Role, User, check_password,
    parse_hostnames,
};
use persistence::repo::{audit, counties, users};
use persistence::{Db, RepoError, Txn};

/// Creates a county from CLI input.
///
/// # Errors
/// Malformed, reserved or duplicate slug; empty name; bad or taken hostname.
pub async fn create_county(db: &Db, slug: &str, name: &str, hosts: &[String]) -> Result<String> {
    let slug =
        CountySlug::parse(slug).map_err(|e| anyhow::anyhow!("invalid slug {slug:?}: {e}"))?;
    let name = DisplayName::parse(name).map_err(|e| anyhow::anyhow!("invalid name: {e}"))?;
    let hosts = parse_hostnames(&hosts.join(",")).map_err(|e| anyhow::anyhow!("{e}"))?;
    let txn = persistence::begin_write(db).await?;
    let county = match counties::create(&txn, &slug, &name, &hosts).await {
        Ok(t) => t,
        Err(RepoError::Taken("slug")) => {
            bail!("a county with slug {:?} already exists", slug.as_str())
        }
        Err(RepoError::Taken(_)) => bail!("a hostname is already used by another county"),
        Err(e) => return Err(e).context("creating the county"),
    };
    let mut event = NewAuditEvent::new("tenant.create", "cli");
    event.county = Some(county.id);
    event.object_type = Some("tenant".to_owned());
    event.object_id = Some(county.slug.clone());
    event.summary = format!("created county {} from the command line", county.name);
    audit::record(&txn, event)
        .await
        .context("recording the audit event")?;
    persistence::commit(txn).await?;
    Ok(county.slug)
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
    let county = county_and_role(db, &scope).await?;
    let existing = users::find_by_email(db, &email).await?;
    let txn = persistence::begin_write(db).await?;
    let (user, created) = match existing {
        Some(user) => (user, false),
        None => {
            let account = NewAccount {
                email: &email,
                name: &name,
                password,
                platform_admin: matches!(scope, Scope::Platform),
            };
            (account.create(&txn, county.as_ref()).await?, true)
        }
    };
    let line = match &county {
        Some((county, role)) => add_to_county(&txn, &user, county, *role, created).await?,
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

/// The county and role a county scope names; none for the platform.
async fn county_and_role(db: &Db, scope: &Scope) -> Result<Option<(County, Role)>> {
    let Scope::County(slug, role) = scope else {
        return Ok(None);
    };
    let county = counties::find_by_slug(db, slug)
        .await?
        .ok_or_else(|| anyhow::anyhow!("unknown county {slug:?}"))?;
    let role = Role::parse(role)
        .ok_or_else(|| anyhow::anyhow!("unknown role {role:?}: use county_admin or editor"))?;
    Ok(Some((county, role)))
}

/// An account that does not exist yet, as typed.
struct NewAccount<'a> {
    email: &'a EmailAddress,
    name: &'a DisplayName,
    password: &'a str,
    platform_admin: bool,
}

impl NewAccount<'_> {
    /// Creates the account, once its password is strong enough (judged
    /// against the email, name and county, which a guesser would try).
    async fn create(&self, txn: &Txn, county: Option<&(County, Role)>) -> Result<User> {
        let mut context = vec![self.email.as_str(), self.name.as_str()];
        if let Some((county, _)) = county {
            context.push(county.slug.as_str());
            context.push(county.name.as_str());
        }
        check_password(self.password, &context)
            .map_err(|e| anyhow::anyhow!("weak password: {e}"))?;
        let hash = web::passwords::hash_blocking(self.password)?;
        let new = users::NewUser {
            email: self.email,
            display_name: self.name,
            password_hash: &hash,
            is_platform_admin: self.platform_admin,
        };
        match users::create(txn, &new).await {
            Ok(u) => Ok(u),
            Err(RepoError::Taken(_)) => bail!("a user with email {} already exists", self.email),
            Err(e) => Err(e).context("creating the user"),
        }
    }
}

/// Gives the user `role` in the county, audited; the line to print.
async fn add_to_county(
    txn: &Txn,
    user: &User,
    county: &County,
    role: Role,
    created: bool,
) -> Result<String> {
    users::upsert_membership(txn, county.id, user.id, role).await?;
    let mut event = NewAuditEvent::new("user.add", "cli");
    event.county = Some(county.id);
    event.object_type = Some("user".to_owned());
    event.object_id = Some(user.email.clone());
    event.changed_fields = vec!["role".into()];
    event.summary = format!("added as {} from the command line", role.as_str());
    audit::record(txn, event).await?;
    Ok(if created {
        format!(
            "created {} as {} of {}",
            user.email,
            role.as_str(),
            county.slug
        )
    } else {
        format!(
            "{} exists already (password unchanged); now {} of {}",
            user.email,
            role.as_str(),
            county.slug
        )
    })
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
