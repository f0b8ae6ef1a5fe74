//! The demo county: Derbyshire, from `shared/seed/000_dee2a02af50b1ea0.txt`.
//! Its providers and pages arrive with the providers and pages features;
//! for now the county itself and its emergency line.

use anyhow::{Context, Result};
use domain::{DisplayName, EmailAddress, NewAuditEvent, TenantSlug};
use persistence::Db;
use persistence::repo::{audit, tenants, users};

/// The demo county's slug.
pub const DEMO_SLUG: &str = "derbyshire";
/// The demo platform admin.
pub const DEMO_ADMIN_EMAIL: &str = "admin@example.org";

/// Loads the demo county unless it exists. Returns a line to print.
///
/// # Errors
/// Database errors.
pub async fn load(db: &Db) -> Result<String> {
    if tenants::find_by_slug(db, DEMO_SLUG).await?.is_some() {
        return Ok(format!("demo county {DEMO_SLUG} is already loaded"));
    }
    let slug = TenantSlug::parse(DEMO_SLUG).context("BUG: demo slug")?;
    let name = DisplayName::parse("Derbyshire").context("BUG: demo name")?;
    let txn = persistence::begin_write(db).await?;
    let tenant = match tenants::create(&txn, &slug, &name, &[]).await {
        Ok(t) => t,
        // Another process loaded it at the same moment: still one copy.
        Err(persistence::RepoError::Taken(_)) => {
            return Ok(format!("demo county {DEMO_SLUG} is already loaded"));
        }
        Err(e) => return Err(e).context("creating the demo county"),
    };
    let mut event = NewAuditEvent::new("demo.load", "cli");
    event.tenant = Some(tenant.id);
    event.object_type = Some("tenant".to_owned());
    event.object_id = Some(tenant.slug.clone());
    event.summary = "loaded the demo county".to_owned();
    audit::record(&txn, event).await?;
    persistence::commit(txn).await?;
    Ok(format!("loaded demo county {DEMO_SLUG}"))
}

/// For `serve --demo`: the demo county when the database has no county, and
/// a platform admin with a random password, printed once.
///
/// # Errors
/// Database errors.
pub async fn prepare_for_serve(db: &Db) -> Result<()> {
    if !tenants::any(db).await? {
        println!("{}", load(db).await?);
    }
    let email = EmailAddress::parse(DEMO_ADMIN_EMAIL).context("BUG: demo email")?;
    if users::find_by_email(db, &email).await?.is_some() {
        println!("Platform admin {DEMO_ADMIN_EMAIL} exists already; its password is unchanged.");
        return Ok(());
    }
    let password = random_password();
    let hash = web::passwords::hash_blocking(&password)?;
    let name = DisplayName::parse("Demo platform admin").context("BUG: demo name")?;
    users::create(
        db,
        &users::NewUser {
            email: &email,
            display_name: &name,
            password_hash: &hash,
            is_platform_admin: true,
        },
    )
    .await
    .context("creating the demo platform admin")?;
    println!("Platform admin: {DEMO_ADMIN_EMAIL}");
    println!("Password (shown once): {password}");
    Ok(())
}

/// Five groups of four characters from an alphabet without look-alikes.
fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    loop {
        let bytes: [u8; 20] = rand::random();
        let chars: Vec<char> = bytes
            .iter()
            .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
            .collect();
        let password = chars
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-");
        if domain::check_password(&password, &[DEMO_ADMIN_EMAIL]).is_ok() {
            return password;
        }
    }
}
