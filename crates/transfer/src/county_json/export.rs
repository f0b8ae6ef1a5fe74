//! Reading a county into its document, and writing the document's text.

use domain::{County, Note, Provider};
use persistence::repo::{categories, county_content};
use persistence::{Db, RepoError};
use time::{OffsetDateTime, UtcOffset};

use super::document::{
    CategoryDoc, CountyDocument, FORMAT, FORMAT_VERSION, NoteDoc, PageDoc, PhoneDoc, ProviderDoc,
    RevisionDoc, SettingsDoc,
};

/// Times are written in UTC, whatever offset the database gave back.
fn utc(at: OffsetDateTime) -> OffsetDateTime {
    at.to_offset(UtcOffset::UTC)
}

fn provider(p: Provider) -> ProviderDoc {
    let f = p.fields;
    ProviderDoc {
        id: p.id.as_uuid(),
        slug: f.slug.as_str().to_owned(),
        name: f.name,
        status: f.status.as_str().to_owned(),
        summary: f.summary,
        description: f.description,
        phones: f
            .phones
            .into_iter()
            .map(|ph| PhoneDoc {
                label: ph.label,
                number: ph.number,
            })
            .collect(),
        email: f.email.map(|e| e.as_str().to_owned()),
        website: f.website,
        address: f.address,
        address_confidential: f.address_confidential,
        area: f.area,
        min_age: f.min_age.map(i64::from),
        max_age: f.max_age.map(i64::from),
        eligibility: f.eligibility,
        self_referral: f.self_referral,
        professional_referral: f.professional_referral,
        categories: f.categories.iter().map(|s| s.as_str().to_owned()).collect(),
        opening_hours: f.opening_hours,
        hours_note: f.hours_note,
        reviewed_at: p.reviewed_at.map(utc),
        version: p.version,
        created_at: utc(p.created_at),
        updated_at: utc(p.updated_at),
    }
}

fn page(p: county_content::StoredPage) -> PageDoc {
    PageDoc {
        id: p.id.as_uuid(),
        slug: p.slug.as_str().to_owned(),
        nav_position: p.nav_position,
        published_revision: p.published_revision,
        draft_revision: p.draft_revision,
        publish_at: p.publish_at.map(utc),
        version: p.version,
        created_at: utc(p.created_at),
        updated_at: utc(p.updated_at),
        revisions: p
            .revisions
            .into_iter()
            .map(|r| RevisionDoc {
                number: r.number,
                title: r.content.title,
                summary: r.content.summary,
                body: r.content.body,
                restored_from: r.restored_from,
                created_at: utc(r.created_at),
            })
            .collect(),
    }
}

fn note(n: Note) -> NoteDoc {
    let f = n.fields;
    NoteDoc {
        id: n.id.as_uuid(),
        provider: f.provider.map(|s| s.as_str().to_owned()),
        service: f.service,
        legal_basis: f.legal_basis,
        starts_on: domain::commissioning::iso_date(f.starts_on),
        ends_on: f.ends_on.map(domain::commissioning::iso_date),
        public_statement: f.public_statement,
        internal_notes: f.internal_notes,
        version: n.version,
        created_at: utc(n.created_at),
        updated_at: utc(n.updated_at),
    }
}

/// The county's document, read in one snapshot of the database.
///
/// # Errors
/// Database errors; `Corrupt` for a stored value the domain refuses.
pub async fn export(db: &Db, county: &County) -> Result<CountyDocument, RepoError> {
    let txn = county_content::snapshot(db).await?;
    let t = county.id;
    // The settings are read again inside the snapshot, with the rest.
    let county = persistence::repo::counties::find_by_id(&txn, t)
        .await?
        .ok_or(RepoError::NotFound)?;
    let cats = categories::list(&txn, t).await?;
    let providers = county_content::providers(&txn, t).await?;
    let pages = county_content::pages(&txn, t).await?;
    let notes = county_content::notes(&txn, t).await?;
    persistence::rollback(txn).await?;
    Ok(CountyDocument {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        settings: SettingsDoc {
            brand_colour: county.brand_colour.map(domain::Colour::hex),
            non_emergency: county.non_emergency,
            noindex: county.noindex,
        },
        categories: cats
            .into_iter()
            .map(|c| CategoryDoc {
                id: c.id.as_uuid(),
                slug: c.slug,
                name: c.name,
            })
            .collect(),
        providers: providers.into_iter().map(provider).collect(),
        pages: pages.into_iter().map(page).collect(),
        commissioning_notes: notes.into_iter().map(note).collect(),
    })
}

/// The document as text: pretty-printed JSON with a final newline.
///
/// # Errors
/// Never in practice (every field serialises); a serde error otherwise.
pub fn to_json(doc: &CountyDocument) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(doc)?;
    text.push('\n');
    Ok(text)
}
