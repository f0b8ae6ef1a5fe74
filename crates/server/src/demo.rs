//! The demo county: Derbyshire, from `shared/seed/000_dee2a02af50b1ea0.txt`.
//! The county, its emergency line, the eight organisations of the seed
//! page, the commissioning note for Safe and Sound, and a published home
//! page (`demo/home.md`) that reproduces the seed page's text in its order,
//! with the organisations and the commissioned provider rendered by embeds
//! from the data above.

mod seed;

use anyhow::{Context, Result};
use domain::{County, CountySlug, DisplayName, EmailAddress, NewAuditEvent, RawProvider};
use persistence::Db;
use persistence::repo::{audit, commissioning, counties, pages, providers, users};

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
    let Some((county, created)) = find_or_create_county(&txn).await? else {
        // Another process loaded it at the same moment: still one copy.
        return Ok(format!("demo county {DEMO_SLUG} is already loaded"));
    };
    let added = add_providers(&txn, &county).await?;
    let note_added = add_commissioning_note(&txn, &county).await?;
    let home_added = add_home_page(&txn, &county).await?;
    let helplines_added = add_helplines_page(&txn, &county).await?;
    if !created && added == 0 && !note_added && !home_added && !helplines_added {
        return Ok(format!("demo county {DEMO_SLUG} is already loaded"));
    }
    let mut event = NewAuditEvent::new("demo.load", "cli");
    event.county = Some(county.id);
    event.object_type = Some("tenant".to_owned());
    event.object_id = Some(county.slug.clone());
    event.summary = format!("loaded the demo county ({added} providers)");
    audit::record(&txn, event).await?;
    persistence::commit(txn).await?;
    Ok(format!(
        "loaded demo county {DEMO_SLUG} with {added} providers"
    ))
}

/// The demo county, and whether this call created it (with its brand
/// colour); `None` when another process created it at the same moment.
async fn find_or_create_county(txn: &persistence::Txn) -> Result<Option<(County, bool)>> {
    if let Some(t) = counties::find_by_slug(txn, DEMO_SLUG).await? {
        return Ok(Some((t, false)));
    }
    let slug = CountySlug::parse(DEMO_SLUG).context("BUG: demo slug")?;
    let name = DisplayName::parse("Derbyshire").context("BUG: demo name")?;
    let county = match counties::create(txn, &slug, &name, &[]).await {
        Ok(t) => t,
        Err(persistence::RepoError::Taken(_)) => return Ok(None),
        Err(e) => return Err(e).context("creating the demo county"),
    };
    let settings = domain::CountySettings {
        brand_colour: domain::settings::parse_brand_colour(DEMO_BRAND_COLOUR)
            .context("BUG: demo colour")?,
        non_emergency: county.non_emergency.clone(),
        noindex: false,
    };
    let county = counties::update_settings(txn, county.id, county.settings_version, &settings)
        .await
        .context("setting the demo county's colour")?;
    Ok(Some((county, true)))
}

/// The seed's providers the county lacks (by slug), published; how many.
async fn add_providers(txn: &persistence::Txn, county: &County) -> Result<usize> {
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
        if providers::find_by_slug(txn, county.id, fields.slug.as_str())
            .await?
            .is_some()
        {
            continue;
        }
        providers::create(txn, county.id, &fields, None)
            .await
            .with_context(|| format!("creating demo provider {}", seed.name))?;
        added += 1;
    }
    Ok(added)
}

/// The seed's commissioning: Safe and Sound from 1 April 2016 under the
/// Police Reform and Social Responsibility Act 2011. Added when the county
/// has no note.
async fn add_commissioning_note(txn: &persistence::Txn, county: &County) -> Result<bool> {
    if !commissioning::list(txn, county.id).await?.is_empty() {
        return Ok(false);
    }
    let raw = domain::RawNote {
        provider: "safe-and-sound".to_owned(),
        service: "Victim services for Child Sexual Exploitation (CSE) in Derbyshire".to_owned(),
        legal_basis: "Police Reform and Social Responsibility Act 2011".to_owned(),
        starts_on: "2016-04-01".to_owned(),
        ends_on: String::new(),
        public_statement: seed::COMMISSIONED_STATEMENT.to_owned(),
        internal_notes: String::new(),
    };
    let fields = domain::commissioning::validate(&raw)
        .map_err(|e| anyhow::anyhow!("BUG: demo commissioning note: {e:?}"))?;
    commissioning::create(txn, county.id, &fields, None)
        .await
        .context("creating the demo commissioning note")?;
    Ok(true)
}

/// The county's home page, published, when it has no page `home`.
async fn add_home_page(txn: &persistence::Txn, county: &County) -> Result<bool> {
    let existing = pages::list(txn, county.id).await?;
    if existing
        .iter()
        .any(|p| p.slug.as_str() == domain::page::HOME_SLUG)
    {
        return Ok(false);
    }
    let raw = domain::RawPage {
        title: "Child Sexual Exploitation".to_owned(),
        slug: domain::page::HOME_SLUG.to_owned(),
        summary: "Help and support in Derbyshire for children and young people affected by sexual exploitation, and for the people who care about them.".to_owned(),
        body: include_str!("demo/home.md").to_owned(),
        nav_position: String::new(),
    };
    let fields =
        domain::page::validate(&raw).map_err(|e| anyhow::anyhow!("BUG: demo home page: {e:?}"))?;
    let page = pages::create(txn, county.id, &fields, None)
        .await
        .context("creating the demo home page")?;
    pages::publish(txn, county.id, page.id, page.version, 1, None)
        .await
        .context("publishing the demo home page")?;
    Ok(true)
}

/// A second page, in the navigation: the county's helplines from provider
/// data. Published, with a change waiting in draft (so the demo shows a
/// page with two revisions to compare, preview and schedule).
async fn add_helplines_page(txn: &persistence::Txn, county: &County) -> Result<bool> {
    const SLUG: &str = "helplines";
    if pages::list(txn, county.id)
        .await?
        .iter()
        .any(|p| p.slug.as_str() == SLUG)
    {
        return Ok(false);
    }
    let mut raw = domain::RawPage {
        title: "Helplines".to_owned(),
        slug: SLUG.to_owned(),
        summary: "Helplines you can call for support and advice.".to_owned(),
        body: "Call one of these helplines to talk to someone about what is happening.\n\n{{providers category=\"helpline\"}}\n"
            .to_owned(),
        nav_position: "1".to_owned(),
    };
    let first = domain::page::validate(&raw)
        .map_err(|e| anyhow::anyhow!("BUG: demo helplines page: {e:?}"))?;
    let page = pages::create(txn, county.id, &first, None)
        .await
        .context("creating the demo helplines page")?;
    let page = pages::publish(txn, county.id, page.id, page.version, 1, None)
        .await
        .context("publishing the demo helplines page")?;
    raw.body.push_str("\n## In an emergency\n\n{{emergency}}\n");
    let second = domain::page::validate(&raw)
        .map_err(|e| anyhow::anyhow!("BUG: demo helplines draft: {e:?}"))?;
    pages::save_draft(txn, county.id, page.id, page.version, &second, None)
        .await
        .context("saving the demo helplines draft")?;
    Ok(true)
}

/// For `serve --demo`: the demo county when the database has no county, and
/// a platform admin with a random password, printed once.
///
/// # Errors
/// Database errors.
pub async fn prepare_for_serve(db: &Db) -> Result<()> {
    if !counties::any(db).await? {
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
