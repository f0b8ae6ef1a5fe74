//! The demo county: Derbyshire, from `shared/seed/000_dee2a02af50b1ea0.txt`.
//! The county, its emergency line and the eight organisations of the seed
//! page; its pages arrive with the pages feature.

mod seed;

use anyhow::{Context, Result};
use domain::{DisplayName, EmailAddress, NewAuditEvent, RawProvider, TenantSlug};
use persistence::Db;
use persistence::repo::{audit, providers, tenants, users};

/// The demo county's slug.
pub const DEMO_SLUG: &str = "derbyshire";
/// The demo platform admin.
pub const DEMO_ADMIN_EMAIL: &str = "admin@example.org";
/// The demo county's brand colour: a dark navy, 11.4:1 with white, darker
/// than the platform's blue so the county stylesheet shows.
pub const DEMO_BRAND_COLOUR: &str = "#003a70";

/// Loads the demo county and the providers it lacks; running it again
/// changes nothing. Returns a line to print.
///
/// # Errors
/// Database errors, or a seed entry the domain refuses (a bug).
pub async fn load(db: &Db) -> Result<String> {
    let txn = persistence::begin_write(db).await?;
    let (tenant, created) = match tenants::find_by_slug(&txn, DEMO_SLUG).await? {
        Some(t) => (t, false),
        None => {
            let slug = TenantSlug::parse(DEMO_SLUG).context("BUG: demo slug")?;
            let name = DisplayName::parse("Derbyshire").context("BUG: demo name")?;
            let tenant = match tenants::create(&txn, &slug, &name, &[]).await {
                Ok(t) => t,
                // Another process loaded it at the same moment: still one copy.
                Err(persistence::RepoError::Taken(_)) => {
                    return Ok(format!("demo county {DEMO_SLUG} is already loaded"));
                }
                Err(e) => return Err(e).context("creating the demo county"),
            };
            let settings = domain::CountySettings {
                brand_colour: domain::settings::parse_brand_colour(DEMO_BRAND_COLOUR)
                    .context("BUG: demo colour")?,
                non_emergency: tenant.non_emergency.clone(),
            };
            let tenant =
                tenants::update_settings(&txn, tenant.id, tenant.settings_version, &settings)
                    .await
                    .context("setting the demo county's colour")?;
            (tenant, true)
        }
    };
    let mut added = 0;
    for seed in seed::PROVIDERS {
        let raw = RawProvider {
            name: seed.name.to_owned(),
            summary: seed.summary.to_owned(),
            description: seed.description.to_owned(),
            phone: seed.phone.to_owned(),
            website: seed.website.to_owned(),
            area: seed.area.to_owned(),
            min_age: seed.min_age.to_owned(),
            max_age: seed.max_age.to_owned(),
            eligibility: seed.eligibility.to_owned(),
            categories: seed.categories.to_owned(),
            opening_hours: seed.opening_hours.to_owned(),
            hours_note: seed.hours_note.to_owned(),
            status: "published".to_owned(),
            ..RawProvider::default()
        };
        let fields = domain::provider::validate(&raw)
            .map_err(|e| anyhow::anyhow!("BUG: demo provider {}: {e:?}", seed.name))?;
        if providers::find_by_slug(&txn, tenant.id, fields.slug.as_str())
            .await?
            .is_some()
        {
            continue;
        }
        providers::create(&txn, tenant.id, &fields, None)
            .await
            .with_context(|| format!("creating demo provider {}", seed.name))?;
        added += 1;
    }
    if !created && added == 0 {
        return Ok(format!("demo county {DEMO_SLUG} is already loaded"));
    }
    let mut event = NewAuditEvent::new("demo.load", "cli");
    event.tenant = Some(tenant.id);
    event.object_type = Some("tenant".to_owned());
    event.object_id = Some(tenant.slug.clone());
    event.summary = format!("loaded the demo county ({added} providers)");
    audit::record(&txn, event).await?;
    persistence::commit(txn).await?;
    Ok(format!(
        "loaded demo county {DEMO_SLUG} with {added} providers"
    ))
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
