//! How the shared save flow (`crate::save`) sees commissioning notes:
//! their form page, their conflict page, and the messages for a write the
//! repository refused.

use domain::{Note, NoteFields};
use persistence::RepoError;
use web::AppError;
use web::views::FormErrors;

use super::conflict::conflict_view;
use super::form::{NoteForm, form_page};
use super::kind::NoteKind;
use crate::conflict::ConflictView;
use crate::records::{recheck, screen_parts};
use crate::save::{InCounty, SaveScreen, Sent};

/// The notes of one county, as the save flow sees them.
pub(super) struct Notes<'a> {
    /// Where the save happens.
    pub(super) at: InCounty<'a>,
}

impl SaveScreen for Notes<'_> {
    screen_parts!(NoteKind: Note, NoteForm, NoteFields, form_page: form_page);

    async fn refused(
        &self,
        stored: Option<&Note>,
        (form, _): Sent<'_, Self>,
        err: RepoError,
    ) -> Result<FormErrors, AppError> {
        match err {
            RepoError::NotFound => recheck::<NoteKind>(self.at, stored, form).await,
            other => Err(other.into()),
        }
    }

    async fn conflict(
        &self,
        theirs: &Note,
        yours: Option<Sent<'_, Self>>,
    ) -> Result<ConflictView, AppError> {
        // Every conflict of a note comes from an edit, which sent fields.
        let (_, yours) = yours.ok_or(AppError::UnprocessableForm)?;
        conflict_view(self.at.state, self.at.county, theirs, yours).await
    }
}
