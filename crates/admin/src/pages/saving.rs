//! How the shared save flow (`crate::save`) sees pages: their form page,
//! their conflict page, and the message for a slug taken in between.

use axum::response::{IntoResponse, Response};
use domain::page::london_input;
use domain::{Page, PageFields};
use persistence::RepoError;
use web::AppError;
use web::views::FormErrors;

use super::conflict::conflict_view;
use super::form::{PageForm, form_page};
use super::kind::PageKind;
use crate::CountyAccess;
use crate::conflict::ConflictView;
use crate::records::screen_parts;
use crate::save::{InCounty, SaveScreen, Sent};

/// The pages of one county, as the save flow sees them.
pub(super) struct Pages<'a> {
    /// Where the save happens.
    pub(super) at: InCounty<'a>,
    /// The schedule field as typed, shown again on the form page.
    pub(super) publish_at: String,
}

impl SaveScreen for Pages<'_> {
    screen_parts!(PageKind: Page, PageForm, PageFields);

    async fn refused(
        &self,
        _: Option<&Page>,
        (form, _): Sent<'_, Self>,
        err: RepoError,
    ) -> Result<FormErrors, AppError> {
        match err {
            RepoError::Taken(_) => Ok(slug_taken(self.at.county, form)),
            other => Err(other.into()),
        }
    }

    async fn form_page(
        &self,
        stored: Option<&Page>,
        form: PageForm,
        errors: FormErrors,
    ) -> Result<Response, AppError> {
        // The schedule as typed, or else as saved.
        let publish_at = match stored.and_then(|p| p.publish_at) {
            Some(at) if self.publish_at.is_empty() => london_input(at),
            _ => self.publish_at.clone(),
        };
        let page = form_page(self.at.county, stored, form, publish_at, errors).await?;
        Ok(page.into_response())
    }

    async fn conflict(
        &self,
        theirs: &Page,
        yours: Option<Sent<'_, Self>>,
    ) -> Result<ConflictView, AppError> {
        conflict_view(self.at.county, theirs, yours.map(|(form, _)| form))
    }
}

/// The error for a slug the county already uses.
fn slug_taken(county: &CountyAccess, form: &PageForm) -> FormErrors {
    let slug = if form.slug.trim().is_empty() {
        domain::provider::slugify(&form.title)
    } else {
        form.slug.trim().to_owned()
    };
    FormErrors::one(
        "slug",
        format!(
            "{} already has a page with the slug \u{201c}{slug}\u{201d}; choose another",
            county.name
        ),
    )
}
