//! Loading a checked document into an empty county, in one transaction.

use domain::{County, NewAuditEvent};
use persistence::repo::{audit, counties, county_content};
use persistence::{Db, RepoError};

use super::ImportError;
use super::validate::Contents;

/// What an import wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Imported {
    pub categories: usize,
    pub providers: usize,
    pub pages: usize,
    pub revisions: usize,
    pub notes: usize,
}

impl std::fmt::Display for Imported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} providers, {} categories, {} pages ({} revisions), {} commissioning notes",
            self.providers, self.categories, self.pages, self.revisions, self.notes
        )
    }
}

/// A slug taken at write time: the document's own slugs were checked
/// unique, so the county gained content while the import ran (another
/// import, say). The transaction is then rolled back.
fn taken(what: &'static str) -> impl Fn(RepoError) -> ImportError {
    move |e| match e {
        RepoError::Taken(_) => ImportError::Invalid {
            item: what.to_owned(),
            problems: "slug: already taken in the county (was it changed during the import?)"
                .to_owned(),
        },
        other => ImportError::Repo(other),
    }
}

/// Writes everything of `contents` (checked by [`super::validate`]) into
/// the county, which must have no providers, pages or notes; its categories
/// are replaced by the document's. All or nothing: one transaction, with
/// the county's `content_version` bumped once and one `county.imported`
/// audit event by `actor_label`.
///
/// # Errors
/// [`ImportError::NotEmpty`]; database errors. Nothing is then written.
pub async fn write(
    db: &Db,
    county: &County,
    contents: &Contents,
    actor_label: &str,
) -> Result<Imported, ImportError> {
    let t = county.id;
    let txn = persistence::begin_write(db).await?;
    let (providers, pages, notes) = county_content::counts(&txn, t).await?;
    if providers + pages + notes > 0 {
        persistence::rollback(txn).await?;
        return Err(ImportError::NotEmpty {
            county: county.slug.clone(),
            providers,
            pages,
            notes,
        });
    }
    county_content::set_settings(&txn, t, &contents.settings).await?;
    county_content::replace_categories(&txn, t, &contents.categories)
        .await
        .map_err(taken("a category"))?;
    for p in &contents.providers {
        county_content::insert_provider(&txn, t, p, &contents.categories)
            .await
            .map_err(taken("a provider"))?;
    }
    for p in &contents.pages {
        county_content::insert_page(&txn, t, p)
            .await
            .map_err(taken("a page"))?;
    }
    for n in &contents.notes {
        county_content::insert_note(&txn, t, n).await?;
    }
    counties::bump_content_version(&txn, t).await?;
    let imported = Imported {
        categories: contents.categories.len(),
        providers: contents.providers.len(),
        pages: contents.pages.len(),
        revisions: contents.revisions(),
        notes: contents.notes.len(),
    };
    let mut event = NewAuditEvent::new("county.imported", actor_label);
    event.county = Some(t);
    event.object_type = Some("tenant".to_owned());
    event.object_id = Some(county.slug.clone());
    event.summary = format!("imported a county document: {imported}");
    audit::record(&txn, event).await?;
    persistence::commit(txn).await?;
    Ok(imported)
}
