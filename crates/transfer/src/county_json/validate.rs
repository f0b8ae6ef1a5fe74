//! Checking a county document with the rules the forms use, before
//! anything is written: every provider, page revision, note and the
//! settings through `domain`'s validators, plus the links between them
//! (categories, revision numbers, providers named by notes) and unique ids
//! and slugs.

use std::collections::HashSet;

use domain::provider::Phone;
use domain::{
    Category, CategoryId, CountyId, CountySettings, DisplayName, Note, NoteFields, NoteId, PageId,
    Provider, ProviderId, RawNote, RawPage, RawProvider, RawSettings, Slug,
};
use persistence::repo::county_content::{StoredPage, StoredRevision};

use super::ImportError;
use super::document::{CountyDocument, NoteDoc, PageDoc, ProviderDoc};

/// A document that passed every check, as domain values for the county.
#[derive(Clone, Debug)]
pub struct Contents {
    pub settings: CountySettings,
    pub categories: Vec<Category>,
    pub providers: Vec<Provider>,
    pub pages: Vec<StoredPage>,
    pub notes: Vec<Note>,
}

impl Contents {
    /// How many revisions the pages hold in all.
    #[must_use]
    pub fn revisions(&self) -> usize {
        self.pages.iter().map(|p| p.revisions.len()).sum()
    }
}

fn invalid(item: String, problems: &[(&'static str, String)]) -> ImportError {
    let problems = problems
        .iter()
        .map(|(field, message)| format!("{field}: {message}"))
        .collect::<Vec<_>>()
        .join("; ");
    ImportError::Invalid { item, problems }
}

fn one(item: String, field: &'static str, message: impl Into<String>) -> ImportError {
    invalid(item, &[(field, message.into())])
}

/// Refuses the second of two equal keys.
fn unique<T: Eq + std::hash::Hash>(
    seen: &mut HashSet<T>,
    key: T,
    item: impl FnOnce() -> String,
    field: &'static str,
) -> Result<(), ImportError> {
    if seen.insert(key) {
        Ok(())
    } else {
        Err(one(item(), field, "appears twice in the document"))
    }
}

fn version(item: impl FnOnce() -> String, v: i32) -> Result<(), ImportError> {
    if v >= 1 {
        Ok(())
    } else {
        Err(one(item(), "version", "must be 1 or more"))
    }
}

fn categories(doc: &CountyDocument) -> Result<Vec<Category>, ImportError> {
    let (mut ids, mut slugs) = (HashSet::new(), HashSet::new());
    let mut out = Vec::new();
    for c in &doc.categories {
        let item = || format!("category \u{201c}{}\u{201d}", c.slug);
        unique(&mut ids, c.id, item, "id")?;
        let slug = Slug::parse(&c.slug).map_err(|e| one(item(), "slug", e.to_string()))?;
        unique(&mut slugs, c.slug.clone(), item, "slug")?;
        let name = DisplayName::parse(&c.name).map_err(|e| one(item(), "name", e.to_string()))?;
        out.push(Category {
            id: CategoryId::from_uuid(c.id),
            slug: slug.as_str().to_owned(),
            name: name.as_str().to_owned(),
        });
    }
    Ok(out)
}

fn age(raw: Option<i64>) -> String {
    raw.map(|n| n.to_string()).unwrap_or_default()
}

/// The provider as its form would have it typed.
fn raw_provider(p: &ProviderDoc) -> RawProvider {
    let phone = p
        .phones
        .iter()
        .map(|ph| {
            Phone {
                label: ph.label.clone(),
                number: ph.number.clone(),
            }
            .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n");
    RawProvider {
        name: p.name.clone(),
        slug: p.slug.clone(),
        summary: p.summary.clone(),
        description: p.description.clone(),
        phone,
        email: p.email.clone().unwrap_or_default(),
        website: p.website.clone().unwrap_or_default(),
        address: p.address.clone(),
        address_confidential: p.address_confidential,
        area: p.area.clone(),
        min_age: age(p.min_age),
        max_age: age(p.max_age),
        eligibility: p.eligibility.clone(),
        self_referral: p.self_referral,
        professional_referral: p.professional_referral,
        categories: p.categories.join(","),
        opening_hours: p.opening_hours.clone().unwrap_or_default(),
        hours_note: p.hours_note.clone(),
        status: p.status.clone(),
    }
}

fn provider(p: &ProviderDoc, cats: &[Category]) -> Result<Provider, ImportError> {
    let item = || format!("provider \u{201c}{}\u{201d}", p.slug);
    let raw = raw_provider(p);
    if p.slug.trim().is_empty() {
        return Err(one(item(), "slug", "must not be empty"));
    }
    let fields = domain::provider::validate(&raw).map_err(|e| invalid(item(), &e))?;
    if let Some(missing) = fields
        .categories
        .iter()
        .find(|s| !cats.iter().any(|c| c.slug == s.as_str()))
    {
        return Err(one(
            item(),
            "categories",
            format!("\u{201c}{missing}\u{201d} is not one of the document's categories"),
        ));
    }
    version(item, p.version)?;
    Ok(Provider {
        id: ProviderId::from_uuid(p.id),
        // Set by the writer; the document has no county.
        county: CountyId::from_uuid(uuid::Uuid::nil()),
        fields,
        reviewed_at: p.reviewed_at,
        version: p.version,
        created_at: p.created_at,
        updated_at: p.updated_at,
        created_by: None,
        updated_by: None,
    })
}

fn page(p: &PageDoc) -> Result<StoredPage, ImportError> {
    let item = || format!("page \u{201c}{}\u{201d}", p.slug);
    if p.revisions.is_empty() {
        return Err(one(item(), "revisions", "a page has at least one revision"));
    }
    let (mut revisions, numbers, last) = revisions(p)?;
    restorations(p, &revisions, &numbers)?;
    pointers(p, &numbers)?;
    version(item, p.version)?;
    revisions.sort_by_key(|r| r.number);
    let (slug, nav_position) = last.ok_or_else(|| one(item(), "slug", "missing"))?;
    Ok(StoredPage {
        id: PageId::from_uuid(p.id),
        slug,
        nav_position,
        published_revision: p.published_revision,
        draft_revision: p.draft_revision,
        publish_at: p.publish_at,
        version: p.version,
        created_at: p.created_at,
        updated_at: p.updated_at,
        revisions,
    })
}

/// The page's revisions, each validated with the page's slug and place
/// as the page form does; their numbers; and the last one's slug and
/// place in the navigation.
type Revisions = (
    Vec<StoredRevision>,
    HashSet<i32>,
    Option<(Slug, Option<i32>)>,
);

fn revisions(p: &PageDoc) -> Result<Revisions, ImportError> {
    let mut numbers = HashSet::new();
    let mut revisions = Vec::new();
    let mut last = None;
    for r in &p.revisions {
        let rev_item = || format!("page \u{201c}{}\u{201d}, revision {}", p.slug, r.number);
        if r.number < 1 {
            return Err(one(rev_item(), "number", "must be 1 or more"));
        }
        unique(&mut numbers, r.number, rev_item, "number")?;
        let raw = RawPage {
            title: r.title.clone(),
            slug: p.slug.clone(),
            summary: r.summary.clone(),
            body: r.body.clone(),
            nav_position: p.nav_position.map(|n| n.to_string()).unwrap_or_default(),
        };
        let fields = domain::page::validate(&raw).map_err(|e| invalid(rev_item(), &e))?;
        last = Some((fields.slug, fields.nav_position));
        revisions.push(StoredRevision {
            number: r.number,
            content: fields.content,
            restored_from: r.restored_from,
            created_at: r.created_at,
        });
    }
    Ok((revisions, numbers, last))
}

/// Every revision restored from another names one of the page's.
fn restorations(
    p: &PageDoc,
    revisions: &[StoredRevision],
    numbers: &HashSet<i32>,
) -> Result<(), ImportError> {
    for r in revisions {
        if let Some(from) = r.restored_from
            && !numbers.contains(&from)
        {
            return Err(one(
                format!("page \u{201c}{}\u{201d}, revision {}", p.slug, r.number),
                "restored_from",
                format!("the page has no revision {from}"),
            ));
        }
    }
    Ok(())
}

/// The published and draft revisions are the page's, the draft the newer,
/// and only a draft is scheduled.
fn pointers(p: &PageDoc, numbers: &HashSet<i32>) -> Result<(), ImportError> {
    let item = || format!("page \u{201c}{}\u{201d}", p.slug);
    for (field, number) in [
        ("published_revision", p.published_revision),
        ("draft_revision", p.draft_revision),
    ] {
        if let Some(n) = number
            && !numbers.contains(&n)
        {
            return Err(one(item(), field, format!("the page has no revision {n}")));
        }
    }
    if let (Some(published), Some(draft)) = (p.published_revision, p.draft_revision)
        && draft <= published
    {
        return Err(one(
            item(),
            "draft_revision",
            "a draft is newer than the published revision",
        ));
    }
    if p.publish_at.is_some() && p.draft_revision.is_none() {
        return Err(one(item(), "publish_at", "only a draft can be scheduled"));
    }
    Ok(())
}

fn note(n: &NoteDoc, providers: &[Provider]) -> Result<Note, ImportError> {
    let item = || format!("commissioning note {}", n.id);
    let raw = RawNote {
        provider: n.provider.clone().unwrap_or_default(),
        service: n.service.clone(),
        legal_basis: n.legal_basis.clone(),
        starts_on: n.starts_on.clone(),
        ends_on: n.ends_on.clone().unwrap_or_default(),
        public_statement: n.public_statement.clone(),
        internal_notes: n.internal_notes.clone(),
    };
    let fields: NoteFields =
        domain::commissioning::validate(&raw).map_err(|e| invalid(item(), &e))?;
    let provider_name = match &fields.provider {
        None => None,
        Some(slug) => Some(
            providers
                .iter()
                .find(|p| &p.fields.slug == slug)
                .map(|p| p.fields.name.clone())
                .ok_or_else(|| {
                    one(
                        item(),
                        "provider",
                        format!("\u{201c}{slug}\u{201d} is not one of the document's providers"),
                    )
                })?,
        ),
    };
    version(item, n.version)?;
    Ok(Note {
        id: NoteId::from_uuid(n.id),
        county: CountyId::from_uuid(uuid::Uuid::nil()),
        fields,
        provider_name,
        version: n.version,
        created_at: n.created_at,
        updated_at: n.updated_at,
        created_by: None,
        updated_by: None,
    })
}

/// Checks the whole document; the first problem found is the error.
///
/// # Errors
/// [`ImportError::Invalid`], naming the item and its fields' messages.
pub fn validate(doc: &CountyDocument) -> Result<Contents, ImportError> {
    let settings = domain::settings::validate(&RawSettings {
        brand_colour: doc.settings.brand_colour.clone().unwrap_or_default(),
        non_emergency: doc.settings.non_emergency.clone(),
        noindex: doc.settings.noindex,
    })
    .map_err(|e| invalid("settings".to_owned(), &e))?;
    let categories = categories(doc)?;
    let (mut ids, mut slugs) = (HashSet::new(), HashSet::new());
    let mut providers = Vec::new();
    for p in &doc.providers {
        let checked = provider(p, &categories)?;
        let item = || format!("provider \u{201c}{}\u{201d}", p.slug);
        unique(&mut ids, p.id, item, "id")?;
        unique(
            &mut slugs,
            checked.fields.slug.as_str().to_owned(),
            item,
            "slug",
        )?;
        providers.push(checked);
    }
    let (mut ids, mut slugs) = (HashSet::new(), HashSet::new());
    let mut pages = Vec::new();
    for p in &doc.pages {
        let checked = page(p)?;
        let item = || format!("page \u{201c}{}\u{201d}", p.slug);
        unique(&mut ids, p.id, item, "id")?;
        unique(&mut slugs, checked.slug.as_str().to_owned(), item, "slug")?;
        pages.push(checked);
    }
    let mut ids = HashSet::new();
    let mut notes = Vec::new();
    for n in &doc.commissioning_notes {
        unique(
            &mut ids,
            n.id,
            || format!("commissioning note {}", n.id),
            "id",
        )?;
        notes.push(note(n, &providers)?);
    }
    Ok(Contents {
        settings,
        categories,
        providers,
        pages,
        notes,
    })
}
